"""Two RTCPeerConnections on their own in-memory network, and the signaling between them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from sdpmodel import RTCPeerConnection, SequentialIds
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run one test coroutine on a fresh event loop."""
    return asyncio.run(coroutine)


def make_pair(
    configuration: dict[str, Any] | None = None, **transport_options: Any
) -> tuple[RTCPeerConnection, RTCPeerConnection]:
    """Two peers with deterministic ids ("a", "b") on a network of their own."""
    network = MemoryNetwork()
    first = RTCPeerConnection(
        configuration,
        transport=MemoryTransport(network, **transport_options),
        ids=SequentialIds("a"),
    )
    second = RTCPeerConnection(
        configuration, transport=MemoryTransport(network), ids=SequentialIds("b")
    )
    return first, second


def trickle(one: RTCPeerConnection, other: RTCPeerConnection) -> None:
    """Send each side's candidates to the other as they are gathered (webrtc-pc icecandidate).

    A candidate that arrives before the remote description waits for it, as
    a signaling server's queue would make it.
    """

    def forward(to: RTCPeerConnection) -> Callable[[Any], None]:
        waiting: list[Any] = []

        def flush(_event: Any = None) -> None:
            while waiting and to.remoteDescription is not None and to.signalingState != "closed":
                to.addIceCandidate(waiting.pop(0))

        def handler(event: Any) -> None:
            if event.candidate is not None:
                waiting.append(event.candidate)
                flush()

        to.on("signalingstatechange", flush)
        return handler

    one.on("icecandidate", forward(other))
    other.on("icecandidate", forward(one))


async def negotiate(offerer: RTCPeerConnection, answerer: RTCPeerConnection) -> None:
    """createOffer, SLD, SRD, createAnswer, SLD, SRD (the web-platform-tests' exchangeOfferAnswer)."""
    await offerer.setLocalDescription(await offerer.createOffer())
    await answerer.setRemoteDescription(offerer.localDescription)
    await answerer.setLocalDescription(await answerer.createAnswer())
    await offerer.setRemoteDescription(answerer.localDescription)


async def until(predicate: Callable[[], bool], *, steps: int = 2000) -> None:
    """Let the loop run until ``predicate()`` holds (the memory transport needs no wall clock)."""
    for _ in range(steps):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never became true")


async def connected(one: RTCPeerConnection, other: RTCPeerConnection) -> None:
    await until(lambda: one.connectionState == other.connectionState == "connected")


async def event(
    target: Any, name: str, action: Callable[[], Awaitable[Any] | Any] | None = None
) -> Any:
    """The next ``name`` event of ``target`` (after running ``action``)."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def handler(e: Any) -> None:
        if not future.done():
            future.set_result(e)

    target.on(name, handler)
    try:
        if action is not None:
            result = action()
            if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
                await result
        return await asyncio.wait_for(future, 5)
    finally:
        target.off(name, handler)
