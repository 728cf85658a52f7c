"""Section 8 of ``python -m bench``: connect time on real sockets, sdpmodel vs aiortc.

What is timed: from creating the two peer connections to the moment a data
channel is open at both ends (offer/answer done, ICE connected, DTLS
handshake done, SCTP association up, DCEP exchanged).  Two implementations,
alternated run after run in one process and on one event loop:

* **sdpmodel**: two ``sdpmodel.RTCPeerConnection`` on
  ``AiortcTransport(interfaces=(address,))``, the offerer's channel made
  before the offer, candidates trickled to the other side as the
  ``icecandidate`` events give them (the way a browser application does);
* **aiortc**: two ``aiortc.RTCPeerConnection`` with ``iceServers=[]``;
  aiortc gathers inside setLocalDescription, so the description sent is
  ``localDescription`` with its candidates, as aiortc's examples do.

aiortc gathers on every non-loopback address of the machine, so both run on
the machine's first non-loopback IPv4 address (sdpmodel is told to use that
one); sdpmodel on 127.0.0.1 is reported beside them.  Without a non-loopback
address only the loopback row is printed.  Real sockets and real timers are
involved: the medians are what to read, with the interquartile range.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aioice
import aiortc

import sdpmodel
from sdpmodel.transport.aiortc import AiortcTransport

__all__ = ["section_connect"]

TIMEOUT = 10.0


def _address() -> str | None:
    """The machine's first non-loopback IPv4 address (aioice's choice), or None."""
    found = aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False)
    return found[0] if found else None


async def _opened(channel: Any) -> None:
    if channel.readyState == "open":
        return
    done = asyncio.get_running_loop().create_future()

    def on_open(*_: object) -> None:
        if not done.done():
            done.set_result(None)

    channel.on("open", on_open)
    await done


async def _sdpmodel_connect(address: str) -> float:
    started = time.perf_counter()
    a = sdpmodel.RTCPeerConnection(transport=AiortcTransport(interfaces=(address,)))
    b = sdpmodel.RTCPeerConnection(transport=AiortcTransport(interfaces=(address,)))
    arrived = asyncio.get_running_loop().create_future()

    @b.on("datachannel")
    def on_channel(event: sdpmodel.RTCDataChannelEvent) -> None:
        if not arrived.done():
            arrived.set_result(event.channel)

    _trickle(a, b)
    _trickle(b, a)
    try:
        channel = a.createDataChannel("bench")
        await a.setLocalDescription()
        assert a.localDescription is not None
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription()
        assert b.localDescription is not None
        await a.setRemoteDescription(b.localDescription)
        remote = await asyncio.wait_for(arrived, TIMEOUT)
        await asyncio.wait_for(asyncio.gather(_opened(channel), _opened(remote)), TIMEOUT)
        return time.perf_counter() - started
    finally:
        await a.close()
        await b.close()


def _trickle(source: sdpmodel.RTCPeerConnection, to: sdpmodel.RTCPeerConnection) -> None:
    """Send ``source``'s candidates to ``to`` as they come; each waits for ``to``'s
    remote description, as a signaling server's queue would make it."""
    waiting: list[Any] = []

    def flush(_event: object = None) -> None:
        while waiting and to.remoteDescription is not None and to.signalingState != "closed":
            to.addIceCandidate(waiting.pop(0))

    def on_candidate(event: Any) -> None:
        if event.candidate is not None:
            waiting.append(event.candidate)
            flush()

    source.on("icecandidate", on_candidate)
    to.on("signalingstatechange", flush)


async def _aiortc_connect() -> float:
    started = time.perf_counter()
    configuration = aiortc.RTCConfiguration(iceServers=[])
    a = aiortc.RTCPeerConnection(configuration)
    b = aiortc.RTCPeerConnection(configuration)
    arrived = asyncio.get_running_loop().create_future()

    @b.on("datachannel")
    def on_channel(channel: Any) -> None:
        if not arrived.done():
            arrived.set_result(channel)

    try:
        channel = a.createDataChannel("bench")
        await a.setLocalDescription(await a.createOffer())
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        await a.setRemoteDescription(b.localDescription)
        remote = await asyncio.wait_for(arrived, TIMEOUT)
        await asyncio.wait_for(asyncio.gather(_opened(channel), _opened(remote)), TIMEOUT)
        return time.perf_counter() - started
    finally:
        await a.close()
        await b.close()


def _row(name: str, samples: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return f"{name:<44} {median * 1000:8.1f} ms  [{q1 * 1000:.1f}-{q3 * 1000:.1f}]"


def section_connect(runs: int = 21) -> list[str]:
    """Run and print section 8; returns its lines."""
    address = _address()
    contenders: list[tuple[str, Callable[[], Awaitable[float]]]] = [
        ("sdpmodel (aiortc backend) on 127.0.0.1", lambda: _sdpmodel_connect("127.0.0.1")),
    ]
    if address is not None:
        contenders += [
            (f"sdpmodel (aiortc backend) on {address}", lambda: _sdpmodel_connect(address)),
            (f"aiortc RTCPeerConnection on {address}", _aiortc_connect),
        ]
    samples: dict[str, list[float]] = {name: [] for name, _ in contenders}
    loop = asyncio.new_event_loop()
    try:
        for round_ in range(runs + 1):
            for name, connect in (
                contenders[round_ % len(contenders) :] + contenders[: round_ % len(contenders)]
            ):
                seconds = loop.run_until_complete(connect())
                if round_:  # the first round warms up (imports, certificates, caches)
                    samples[name].append(seconds)
    finally:
        loop.close()
    lines = [
        "",
        f"8. connect time: new peers -> data channel open at both ends ({runs} runs each, "
        "median [IQR])",
        "",
        *(_row(name, values) for name, values in samples.items()),
    ]
    if address is not None:
        ours = samples[f"sdpmodel (aiortc backend) on {address}"]
        theirs = samples[f"aiortc RTCPeerConnection on {address}"]
        ratios = [x / y for x, y in zip(ours, theirs, strict=True)]
        lines.append(
            f"{'sdpmodel / aiortc (same address), per run':<44} {statistics.median(ratios):8.2f}x"
        )
    else:
        lines.append("(no non-loopback IPv4 address: aiortc, which skips loopback, is not run)")
    print("\n".join(lines), flush=True)
    return lines


if __name__ == "__main__":
    section_connect()
