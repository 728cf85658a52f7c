"""Interop with a real browser: sdpmodel over the aiortc backend against headless Chromium.

The harness.  Every packet stays on loopback: the pytest process re-executes
this file as a runner inside a fresh network namespace whose only interface
is ``lo`` (``unshare -n``, then ``ip link set lo up``; this needs root).  The
runner starts Debian's ``/usr/bin/chromium`` through Playwright (the
browser the system package installed; no browser download) and plays every
scenario below in turn, each on a new page with a new browser
RTCPeerConnection and a new sdpmodel ``RTCPeerConnection`` whose
``AiortcTransport`` gathers on 127.0.0.1.  Signaling is Playwright itself:
Python delivers messages with ``page.evaluate`` and the page sends its own
through a function exposed with ``page.expose_function``; messages are
queued and handled one at a time in order on each side, as a signaling
channel would carry them.  The runner writes one JSON result per scenario
(passed or not, the traceback, the facts it measured) and the tests here
read them; under pytest-xdist the first worker runs the namespace once and
the others reuse its results.

The Python side of perfect negotiation (webrtc-pc 10.7 / MDN "Perfect
negotiation") is written out inline in ``PythonPeer``: makingOffer,
ignoreOffer, isSettingRemoteAnswerPending, the polite peer's implicit
rollback in setRemoteDescription and the parameterless setLocalDescription.
The same glare is also played with ``sdpmodel.PerfectNegotiator`` on the
Python side (``NegotiatorPeer``).

Skipped, with the reason, when aiortc, Playwright, Debian's chromium or
``unshare`` as root are not available.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
#: The runner's whole budget and each scenario's.
RUNNER_TIMEOUT = 240.0
SCENARIO_TIMEOUT = 40.0
WAIT = 15.0

#: Chromium's flags: headless with no GPU or sandbox (root), loopback candidates allowed,
#: camera and microphone from fake devices with the permission granted (without it Chromium
#: hides local addresses), no background traffic, a fresh profile (Playwright passes
#: --headless and --user-data-dir).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--allow-loopback-in-peer-connection",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _skip_reason() -> str | None:
    for module, why in (
        ("aiortc", "the aiortc extra"),
        ("playwright", "Playwright for Python (the dev extra)"),
    ):
        try:
            __import__(module)
        except ImportError:
            return f"the Chromium interop needs {why}: {module} is not installed"
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"the Chromium interop needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("ip") is None:
        return "the Chromium interop runs in a network namespace: it needs root, unshare and ip"
    return None


def _chromium_version() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        return "chromium-missing"
    try:
        out = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "chromium-unknown"
    words = out.split()
    return "-".join(words[:2]) if len(words) >= 2 else "chromium-unknown"


# =============================================================================================
# The runner: what happens inside the network namespace.
# =============================================================================================

PAGE = """<!doctype html>
<meta charset="utf-8">
<title>sdpmodel interop</title>
<script>
// One browser peer, written as MDN's perfect negotiation example.
const S = window.S = {
  pc: null, polite: true, makingOffer: false, ignoreOffer: false, srdAnswerPending: false,
  pending: [], chain: Promise.resolve(), errors: [], notes: [], channels: {}, messages: [],
  tracks: [], sentCandidates: [], gotCandidates: [], beforeAnswer: null, offers: 0, sdps: [],
};
S.send = (msg) => window.pySignal(msg);
S.start = (polite) => {
  S.polite = polite;
  const pc = S.pc = new RTCPeerConnection();
  pc.onicecandidate = ({candidate}) => {
    if (candidate && candidate.candidate) S.sentCandidates.push(candidate.candidate);
    S.send({candidate: candidate ? candidate.toJSON() : null});
  };
  pc.onnegotiationneeded = async () => {
    try {
      S.makingOffer = true;
      await pc.setLocalDescription();
      S.sdps.push(['local', pc.localDescription.type, pc.localDescription.sdp]);
      if (pc.localDescription.type === 'offer') S.offers++;
      S.send({description: pc.localDescription.toJSON()});
    } catch (e) { S.errors.push('negotiationneeded: ' + e); }
    finally { S.makingOffer = false; }
  };
  pc.ondatachannel = ({channel}) => S.hook(channel);
  pc.ontrack = ({track, transceiver}) => {
    S.tracks.push({kind: track.kind, mid: transceiver.mid, id: track.id});
    track.onended = () => S.notes.push('track ended: ' + transceiver.mid);
  };
};
S.hook = (channel) => {
  S.channels[channel.label] = channel;
  channel.binaryType = 'arraybuffer';
  channel.onmessage = ({data}) => S.messages.push({label: channel.label,
    data: typeof data === 'string' ? data : 'bytes:' + new TextDecoder().decode(data)});
};
S.receive = async (msg) => {
  const pc = S.pc;
  if (msg.description) {
    const d = msg.description;
    const readyForOffer = !S.makingOffer && (pc.signalingState === 'stable' || S.srdAnswerPending);
    const collision = d.type === 'offer' && !readyForOffer;
    S.ignoreOffer = !S.polite && collision;
    if (S.ignoreOffer) { S.notes.push('ignored an offer'); return; }
    if (collision) S.notes.push('rolled back for an offer');
    S.srdAnswerPending = d.type === 'answer';
    S.sdps.push(['remote', d.type, d.sdp]);
    await pc.setRemoteDescription(d);
    S.srdAnswerPending = false;
    if (d.type === 'offer') {
      if (S.beforeAnswer) await S.beforeAnswer();
      await pc.setLocalDescription();
      S.sdps.push(['local', pc.localDescription.type, pc.localDescription.sdp]);
      S.send({description: pc.localDescription.toJSON()});
    }
    for (const c of S.pending.splice(0)) await S.addCandidate(c);
  } else if ('candidate' in msg) {
    if (!pc.remoteDescription) { S.pending.push(msg.candidate); return; }
    await S.addCandidate(msg.candidate);
  }
};
S.addCandidate = async (c) => {
  try {
    await S.pc.addIceCandidate(c === null ? undefined : c);
    if (c && c.candidate) S.gotCandidates.push(c.candidate);
  } catch (e) {
    // MDN: a candidate of an offer we ignored (or rolled back) may fail; that is expected.
    (S.ignoreOffer || S.notes.length ? S.notes : S.errors).push('addIceCandidate: ' + e);
  }
};
window.deliver = (msg) => {
  S.chain = S.chain.then(() => S.receive(msg)).catch((e) => S.errors.push('receive: ' + e));
};
S.stats = async () => {
  const out = {inbound: {}, outbound: {}, transport: null, remote: null, local: null};
  const report = await S.pc.getStats();
  report.forEach((s) => {
    if (s.type === 'inbound-rtp') out.inbound[s.kind] = (out.inbound[s.kind] || 0) + s.packetsReceived;
    if (s.type === 'outbound-rtp') out.outbound[s.kind] = (out.outbound[s.kind] || 0) + s.packetsSent;
    if (s.type === 'transport') out.transport = {ufrag: s.iceLocalUsernameFragment,
      dtls: s.dtlsState, pair: s.selectedCandidatePairId};
  });
  const pair = out.transport && report.get(out.transport.pair);
  if (pair) {
    const remote = report.get(pair.remoteCandidateId), local = report.get(pair.localCandidateId);
    out.remote = remote && {address: remote.address, port: remote.port};
    out.local = local && {address: local.address, port: local.port};
  }
  return out;
};
S.states = () => ({signaling: S.pc.signalingState, connection: S.pc.connectionState,
  ice: S.pc.iceConnectionState, errors: S.errors, notes: S.notes, added: S.gotCandidates});
</script>
"""


#: The scenario's PythonPeer, where the page's pySignal() messages go.
_ACTIVE: list[PythonPeer] = []


def _from_page(message: dict[str, Any]) -> None:
    if _ACTIVE:
        _ACTIVE[-1].from_browser(message)


class PythonPeer:
    """The sdpmodel side: an RTCPeerConnection on the aiortc backend, loopback only, and its
    end of the signaling, with the perfect negotiation pattern written out."""

    def __init__(self, page: Any, *, polite: bool = True, wire: bool = True) -> None:
        from sdpmodel import RTCPeerConnection
        from sdpmodel.transport.aiortc import AiortcTransport

        self.pc = RTCPeerConnection(transport=AiortcTransport(interfaces=("127.0.0.1",)))
        self.page = page
        self.polite = polite
        self.making_offer = False
        self.ignore_offer = False
        self.setting_remote_answer = False
        self.before_answer: Callable[[], Awaitable[None] | None] | None = None
        self.inbound: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.outbound: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.gate = asyncio.Event()
        self.gate.set()
        self.pending: list[Any] = []
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.sent_candidates: list[str] = []
        self.got_candidates: list[str] = []
        self.offers_sent = 0
        self.offers_received = 0
        self.handled: list[str] = []
        self.channels: dict[str, Any] = {}
        self.messages: list[tuple[str, Any]] = []
        self.tracks: list[Any] = []
        if wire:  # the inline perfect negotiation below (NegotiatorPeer uses the helper)
            self.pc.on("icecandidate", self._on_candidate)
            self.pc.on("negotiationneeded", self._on_negotiationneeded)
        self.pc.on("datachannel", lambda e: self.hook(e.channel))
        self.pc.on("track", lambda e: self.tracks.append(e.track))
        self._tasks = [
            asyncio.ensure_future(self._pump_out()),
            asyncio.ensure_future(self._pump_in()),
        ]
        _ACTIVE[:] = [self]  # the page's pySignal() reaches this peer

    # --- signaling ----------------------------------------------------------------------

    def from_browser(self, message: dict[str, Any]) -> None:
        """What the page's pySignal() calls."""
        description = message.get("description")
        if description and description.get("type") == "offer":
            self.offers_received += 1
        self.inbound.put_nowait(message)

    def send(self, message: dict[str, Any]) -> None:
        self.outbound.put_nowait(message)

    async def _pump_out(self) -> None:
        while True:
            message = await self.outbound.get()
            await self.gate.wait()
            await self.page.evaluate("m => window.deliver(m)", message)

    async def _pump_in(self) -> None:
        while True:
            message = await self.inbound.get()
            await self.gate.wait()
            description = message.get("description")
            self.handled.append(description["type"] if description else "candidate")
            try:
                await self.receive(message)
            except Exception as exc:
                self.errors.append(f"receive {list(message)}: {exc!r}")

    def _on_candidate(self, event: Any) -> None:
        candidate = event.candidate
        if candidate is not None and candidate.candidate:
            self.sent_candidates.append(candidate.candidate)
        self.send({"candidate": None if candidate is None else candidate.toJSON()})

    async def _on_negotiationneeded(self, _event: Any) -> None:
        # webrtc-pc 10.7, perfect negotiation: offer with a parameterless setLocalDescription.
        try:
            self.making_offer = True
            await self.pc.setLocalDescription()
            local = self.pc.localDescription
            if local.type == "offer":
                self.offers_sent += 1
            self.send({"description": local.toJSON()})
        except Exception as exc:
            self.errors.append(f"negotiationneeded: {exc!r}")
        finally:
            self.making_offer = False

    async def receive(self, message: dict[str, Any]) -> None:
        pc = self.pc
        description = message.get("description")
        if description is not None:
            ready_for_offer = not self.making_offer and (
                pc.signalingState == "stable" or self.setting_remote_answer
            )
            collision = description["type"] == "offer" and not ready_for_offer
            self.ignore_offer = not self.polite and collision
            if self.ignore_offer:
                self.notes.append("ignored an offer")
                return
            if collision:
                self.notes.append("rolled back for an offer")
            self.setting_remote_answer = description["type"] == "answer"
            # webrtc-pc 4.4.1.5 setRemoteDescription: an offer in have-local-offer rolls the
            # local offer back first (the implicit rollback).
            await pc.setRemoteDescription(description)
            self.setting_remote_answer = False
            if description["type"] == "offer":
                if self.before_answer is not None:
                    result = self.before_answer()
                    if result is not None:
                        await result
                await pc.setLocalDescription()
                self.send({"description": pc.localDescription.toJSON()})
            pending, self.pending = self.pending, []
            for candidate in pending:
                await self._add_candidate(candidate)
        elif "candidate" in message:
            if pc.remoteDescription is None:
                self.pending.append(message["candidate"])
                return
            await self._add_candidate(message["candidate"])

    async def _add_candidate(self, candidate: dict[str, Any] | None) -> None:
        try:
            await self.pc.addIceCandidate(candidate)
        except Exception as exc:
            # MDN: a candidate of an ignored (or rolled back) offer may fail; so once glare
            # was noted, failures are notes, not errors.
            (self.notes if self.ignore_offer or self.notes else self.errors).append(
                f"addIceCandidate: {exc!r}"
            )
            return
        if candidate is not None and candidate.get("candidate"):
            self.got_candidates.append(candidate["candidate"])

    # --- data channels ----------------------------------------------------------------

    def hook(self, channel: Any) -> Any:
        self.channels[channel.label] = channel
        channel.on("message", lambda e: self.messages.append((channel.label, e.data)))
        return channel

    def diagnostics(self) -> dict[str, Any]:
        """What a failed scenario reports of the Python side."""
        pc = self.pc
        return {
            "signaling": pc.signalingState,
            "connection": pc.connectionState,
            "errors": self.errors,
            "notes": self.notes,
            "queued": [self.inbound.qsize(), self.outbound.qsize()],
            "handled": self.handled[-12:],
            "transceivers": [[t.mid, t.currentDirection] for t in pc.getTransceivers()],
            "local": pc.localDescription.sdp if pc.localDescription else None,
            "remote": pc.remoteDescription.sdp if pc.remoteDescription else None,
        }

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await self.pc.close()


class NegotiatorPeer(PythonPeer):
    """The Python side driven by ``sdpmodel.PerfectNegotiator`` instead of the inline pattern."""

    def __init__(self, page: Any, *, polite: bool) -> None:
        from sdpmodel import PerfectNegotiator

        super().__init__(page, polite=polite, wire=False)
        self.negotiator = PerfectNegotiator(self.pc, polite=polite, send=self.send)
        self.errors_seen = 0

    def send(self, message: dict[str, Any]) -> None:
        description = message.get("description")
        if description and description.get("type") == "offer":
            self.offers_sent += 1
        candidate = message.get("candidate")
        if candidate and candidate.get("candidate"):
            self.sent_candidates.append(candidate["candidate"])
        super().send(message)

    async def receive(self, message: dict[str, Any]) -> None:
        await self.negotiator.receive(message)
        log = [step.what for step in self.negotiator.log]
        if any("rolled back (polite)" in what for what in log):
            self.note_once("rolled back for an offer")
        if any("ignores the colliding offer" in what for what in log):
            self.note_once("ignored an offer")
        self.errors.extend(repr(e) for e in self.negotiator.errors[self.errors_seen :])
        self.errors_seen = len(self.negotiator.errors)

    def note_once(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    async def close(self) -> None:
        self.negotiator.close()
        await super().close()


async def until(predicate: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Poll ``predicate`` (sync or async) every 20 ms up to ``timeout``; for conditions that
    cross the page boundary, where no single event announces them."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def js(page: Any, expression: str, argument: Any = None) -> Any:
    return await page.evaluate(expression, argument)


async def both_connected(py: PythonPeer, page: Any) -> None:
    await until(lambda: py.pc.connectionState == "connected", "Python connected")
    await until(
        lambda: js(page, "() => S.pc.connectionState === 'connected'"), "Chromium connected"
    )


async def py_stats(py: PythonPeer) -> dict[str, Any]:
    report = await py.pc.getStats()
    out: dict[str, Any] = {"inbound": {}, "outbound": {}, "remote": None, "ufrag": None}
    for stats in report.values():
        if stats["type"] == "inbound-rtp":
            out["inbound"][stats["kind"]] = (
                out["inbound"].get(stats["kind"], 0) + stats["packetsReceived"]
            )
        elif stats["type"] == "outbound-rtp":
            out["outbound"][stats["kind"]] = (
                out["outbound"].get(stats["kind"], 0) + stats["packetsSent"]
            )
        elif stats["type"] == "transport":
            out["ufrag"] = stats.get("iceLocalUsernameFragment")
            pair = report.get(stats.get("selectedCandidatePairId", ""))
            if pair is not None:
                remote = report[pair["remoteCandidateId"]]
                out["remote"] = {"address": remote["address"], "port": remote["port"]}
    return out


async def talk(py: PythonPeer, page: Any, label: str, tag: str) -> dict[str, Any]:
    """A text message Chromium -> Python and a text and a binary one Python -> Chromium."""
    await until(lambda: label in py.channels, f"Python's {label!r} channel")
    channel = py.channels[label]
    await until(lambda: channel.readyState == "open", f"Python's {label!r} open")
    await until(
        lambda: js(page, "l => S.channels[l] && S.channels[l].readyState === 'open'", label),
        f"Chromium's {label!r} open",
    )
    await js(page, "([l, t]) => S.channels[l].send('from chromium ' + t)", [label, tag])
    await until(
        lambda: (label, f"from chromium {tag}") in py.messages, "Chromium's message in Python"
    )
    channel.send(f"from python {tag}")
    channel.send(f"bytes {tag}".encode())
    expected = [f"from python {tag}", f"bytes:bytes {tag}"]

    async def arrived() -> bool:
        got = await js(page, "l => S.messages.filter(m => m.label === l).map(m => m.data)", label)
        return all(e in got for e in expected)

    await until(arrived, "Python's messages in Chromium")
    return {"python_to_chromium": expected, "chromium_to_python": [f"from chromium {tag}"]}


def trickle_facts(py: PythonPeer, chromium: dict[str, Any]) -> dict[str, Any]:
    return {
        "python_sent": len(py.sent_candidates),
        "python_added": len(py.got_candidates),
        "chromium_sent": len(chromium["sent"]),
        "chromium_added": len(chromium["got"]),
    }


async def chromium_candidates(page: Any) -> dict[str, Any]:
    return {
        "sent": await js(page, "() => S.sentCandidates"),
        "got": await js(page, "() => S.gotCandidates"),
    }


def check_clean(py: PythonPeer, states: dict[str, Any]) -> None:
    assert py.errors == [], f"Python signaling errors: {py.errors}"
    assert states["errors"] == [], f"Chromium signaling errors: {states['errors']}"


# --- the scenarios ---------------------------------------------------------------------------


async def scenario_chromium_offers(page: Any) -> dict[str, Any]:
    """Chromium offers audio, video and a data channel; Python answers, sending audio back."""
    from aiortc.mediastreams import AudioStreamTrack
    from av import AudioFrame, VideoFrame

    py = PythonPeer(page)
    try:

        def send_audio_back() -> None:
            # webrtc-pc addTrack: reuses the audio transceiver the offer created (sendrecv).
            py.pc.addTrack(AudioStreamTrack())

        py.before_answer = send_audio_back
        await js(page, "() => S.start(true)")
        await js(
            page,
            """async () => {
              const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
              for (const track of stream.getTracks()) S.pc.addTrack(track, stream);
              S.hook(S.pc.createDataChannel('chat'));
            }""",
        )
        await both_connected(py, page)
        facts: dict[str, Any] = {"messages": await talk(py, page, "chat", "A")}
        kinds = sorted(t.kind for t in py.tracks)
        assert kinds == ["audio", "video"], kinds
        # webrtc-pc 4.6.19 / 9.3: the track event's track yields the decoded frames.
        frames = {}
        for track in py.tracks:
            frame = await asyncio.wait_for(track.recv(), WAIT)
            frames[track.kind] = type(frame).__name__
            assert isinstance(frame, AudioFrame if track.kind == "audio" else VideoFrame)
            if isinstance(frame, VideoFrame):
                facts["video_size"] = [frame.width, frame.height]
        facts["frames"] = frames
        first = await py_stats(py)

        async def python_counters_grow() -> bool:
            later = await py_stats(py)
            return all(later["inbound"].get(k, 0) > first["inbound"].get(k, 0) for k in kinds)

        await until(python_counters_grow, "Python's inbound-rtp counters to grow")
        chromium = await until(
            lambda: js(
                page, "async () => { const s = await S.stats(); return s.inbound.audio > 0 && s; }"
            ),
            "Chromium's inbound audio",
        )
        later = await py_stats(py)
        facts["python_inbound"] = later["inbound"]
        facts["python_outbound"] = later["outbound"]
        facts["chromium_inbound"] = chromium["inbound"]
        candidates = await chromium_candidates(page)
        facts["trickle"] = trickle_facts(py, candidates)
        # RFC 8838: the pair in use was trickled, not in the descriptions.
        facts["python_pair_remote_trickled"] = any(
            f" {later['remote']['address']} {later['remote']['port']} " in c
            for c in py.got_candidates
        )
        facts["chromium_pair_remote_trickled"] = any(
            f" {chromium['remote']['address']} {chromium['remote']['port']} " in c
            for c in candidates["got"]
        )
        facts["offer_was_chromium"] = py.offers_received == 1 and py.offers_sent == 0
        check_clean(py, await js(page, "() => S.states()"))
        return facts
    finally:
        await py.close()


async def scenario_python_offers(page: Any) -> dict[str, Any]:
    """Python offers audio and a data channel; Chromium answers and receives the audio."""
    from aiortc.mediastreams import AudioStreamTrack

    py = PythonPeer(page)
    try:
        await js(page, "() => S.start(true)")
        py.hook(py.pc.createDataChannel("chat"))
        py.pc.addTrack(AudioStreamTrack())
        await both_connected(py, page)
        facts: dict[str, Any] = {"messages": await talk(py, page, "chat", "B")}
        chromium = await until(
            lambda: js(
                page, "async () => { const s = await S.stats(); return s.inbound.audio > 0 && s; }"
            ),
            "Chromium's inbound audio",
        )
        facts["chromium_inbound"] = chromium["inbound"]
        facts["chromium_tracks"] = await js(page, "() => S.tracks.map(t => t.kind)")
        later = await py_stats(py)
        candidates = await chromium_candidates(page)
        facts["trickle"] = trickle_facts(py, candidates)
        facts["python_pair_remote_trickled"] = any(
            f" {later['remote']['address']} {later['remote']['port']} " in c
            for c in py.got_candidates
        )
        facts["chromium_pair_remote_trickled"] = any(
            f" {chromium['remote']['address']} {chromium['remote']['port']} " in c
            for c in candidates["got"]
        )
        facts["offer_was_python"] = py.offers_sent == 1 and py.offers_received == 0
        check_clean(py, await js(page, "() => S.states()"))
        return facts
    finally:
        await py.close()


async def _glare(page: Any, *, python_polite: bool, helper: bool = False) -> dict[str, Any]:
    """Both sides start negotiating at once; nothing is delivered until both made an offer."""
    from aiortc.mediastreams import AudioStreamTrack

    py = (
        NegotiatorPeer(page, polite=python_polite)
        if helper
        else PythonPeer(page, polite=python_polite)
    )
    try:
        await js(page, "polite => S.start(polite)", not python_polite)
        py.gate.clear()  # hold every message, both ways, until both offers exist
        # Both sides add audio and a data channel, so both offers have the same m-sections.
        # (Chromium 156 mishandles the other layouts after its rollback: a different kind
        # keeps the rolled-back transceiver's header extension ids, which then collide in its
        # next offer; a data m-section at another mid is rejected, again and again.)
        py.hook(py.pc.createDataChannel("py-chat"))
        py.pc.addTrack(AudioStreamTrack())
        await js(
            page,
            """async () => {
              const stream = await navigator.mediaDevices.getUserMedia({audio: true});
              S.pc.addTrack(stream.getAudioTracks()[0], stream);
              S.hook(S.pc.createDataChannel('js-chat'));
            }""",
        )
        await until(
            lambda: py.offers_sent >= 1 and py.offers_received >= 1,
            "an offer from each side (glare)",
        )
        py.gate.set()
        await both_connected(py, page)

        seen: dict[str, Any] = {}

        async def settled() -> bool:
            seen["chromium"] = await js(
                page,
                "() => [S.pc.signalingState, S.pc.getTransceivers().map(t => [t.mid, t.currentDirection])]",
            )
            seen["python"] = [
                py.pc.signalingState,
                [[t.mid, t.currentDirection] for t in py.pc.getTransceivers()],
            ]
            (js_state, js_transceivers), (py_state, py_transceivers) = (
                seen["chromium"],
                seen["python"],
            )
            return (
                py_state == js_state == "stable"
                and len(js_transceivers) == len(py_transceivers) == 1
                and all(
                    direction is not None for _mid, direction in js_transceivers + py_transceivers
                )
            )

        try:
            await until(settled, "both sides stable with their transceiver negotiated")
        except AssertionError as exc:
            raise AssertionError(f"{exc}: {seen}") from None
        facts: dict[str, Any] = {
            "python_notes": py.notes,
            "chromium_notes": await js(page, "() => S.notes"),
            "python_kinds": sorted(t.receiver.track.kind for t in py.pc.getTransceivers()),
            "chromium_kinds": await js(
                page, "() => S.pc.getTransceivers().map(t => t.receiver.track.kind).sort()"
            ),
        }
        facts["messages"] = {
            "py-chat": await talk(py, page, "py-chat", "glare-py"),
            "js-chat": await talk(py, page, "js-chat", "glare-js"),
        }
        polite_notes = py.notes if python_polite else facts["chromium_notes"]
        impolite_notes = facts["chromium_notes"] if python_polite else py.notes
        assert "rolled back for an offer" in polite_notes, polite_notes
        assert "ignored an offer" in impolite_notes, impolite_notes
        assert facts["python_kinds"] == facts["chromium_kinds"] == ["audio"]
        chromium = await until(
            lambda: js(
                page, "async () => { const s = await S.stats(); return s.inbound.audio > 0 && s; }"
            ),
            "Chromium's inbound audio after the glare",
        )
        facts["chromium_inbound"] = chromium["inbound"]
        facts["python_inbound"] = await until(
            lambda: _inbound_audio(py), "Python's inbound audio after the glare"
        )
        check_clean(py, await js(page, "() => S.states()"))
        return facts
    finally:
        await py.close()


async def _inbound_audio(py: PythonPeer) -> int:
    return int((await py_stats(py))["inbound"].get("audio", 0))


async def scenario_glare_python_polite(page: Any) -> dict[str, Any]:
    return await _glare(page, python_polite=True)


async def scenario_glare_python_impolite(page: Any) -> dict[str, Any]:
    return await _glare(page, python_polite=False)


async def scenario_glare_negotiator_polite(page: Any) -> dict[str, Any]:
    return await _glare(page, python_polite=True, helper=True)


async def scenario_glare_negotiator_impolite(page: Any) -> dict[str, Any]:
    return await _glare(page, python_polite=False, helper=True)


async def scenario_renegotiation(page: Any) -> dict[str, Any]:
    """A data channel first; then Python adds audio, Chromium adds video, and both are stopped."""
    from aiortc.mediastreams import AudioStreamTrack
    from av import VideoFrame

    py = PythonPeer(page)
    try:
        await js(page, "() => S.start(true)")
        py.hook(py.pc.createDataChannel("chat"))
        await both_connected(py, page)
        facts: dict[str, Any] = {}
        await talk(py, page, "chat", "r0")
        # 1. Python adds an audio track: negotiationneeded, offer, answer; Chromium gets RTP.
        sender = py.pc.addTrack(AudioStreamTrack())
        await until(
            lambda: js(page, "() => S.tracks.some(t => t.kind === 'audio')"),
            "Chromium's track event",
        )
        chromium = await until(
            lambda: js(
                page, "async () => { const s = await S.stats(); return s.inbound.audio > 0 && s; }"
            ),
            "Chromium's inbound audio after adding the track",
        )
        facts["chromium_audio_packets"] = chromium["inbound"]["audio"]
        # 2. Chromium adds a video track (it offers); Python gets the track and frames.
        await js(
            page,
            """async () => {
              const stream = await navigator.mediaDevices.getUserMedia({video: true});
              S.video = S.pc.addTrack(stream.getVideoTracks()[0], stream);
            }""",
        )
        await until(lambda: any(t.kind == "video" for t in py.tracks), "Python's video track event")
        video = next(t for t in py.tracks if t.kind == "video")
        frame = await asyncio.wait_for(video.recv(), WAIT)
        assert isinstance(frame, VideoFrame)
        facts["python_video_frame"] = [frame.width, frame.height]
        # 3. Python stops its audio transceiver: the m-section is rejected (port 0).
        transceiver = next(t for t in py.pc.getTransceivers() if t.sender is sender)
        mid = transceiver.mid
        transceiver.stop()
        await until(
            lambda: js(
                page,
                "mid => S.pc.getTransceivers().every(t => t.mid !== mid || t.currentDirection === 'stopped')",
                mid,
            ),
            "Chromium's transceiver stopped",
        )
        facts["chromium_directions_after_stop"] = await js(
            page, "() => S.pc.getTransceivers().map(t => [t.mid, t.currentDirection])"
        )
        # 4. Chromium stops its video transceiver: Python's track ends.
        ended = asyncio.get_running_loop().create_future()
        video.on("ended", lambda e: ended.done() or ended.set_result(True))
        await js(page, "() => S.pc.getTransceivers().find(t => t.sender === S.video).stop()")
        await asyncio.wait_for(ended, WAIT)
        await until(
            lambda: py.pc.signalingState == "stable" and video.readyState == "ended",
            "Python stable after Chromium stopped its video",
        )
        facts["python_video_ended"] = video.readyState == "ended"
        assert py.pc.connectionState == "connected"
        facts["after"] = await talk(py, page, "chat", "r1")
        check_clean(py, await js(page, "() => S.states()"))
        return facts
    finally:
        await py.close()


async def _ice_restart(page: Any, *, python_restarts: bool) -> dict[str, Any]:
    py = PythonPeer(page)
    try:
        await js(page, "() => S.start(true)")
        py.hook(py.pc.createDataChannel("chat"))
        await both_connected(py, page)
        await talk(py, page, "chat", "before")
        states: list[str] = []
        py.pc.on("connectionstatechange", lambda e: states.append(py.pc.connectionState))
        before_py = (await py_stats(py))["ufrag"]
        before_js = (await js(page, "() => S.stats()"))["transport"]["ufrag"]
        if python_restarts:
            py.pc.restartIce()
        else:
            await js(page, "() => S.pc.restartIce()")

        async def restarted() -> dict[str, Any] | None:
            mine = (await py_stats(py))["ufrag"]
            theirs = (await js(page, "() => S.stats()"))["transport"]["ufrag"]
            if mine != before_py and theirs != before_js and py.pc.signalingState == "stable":
                return {"python": [before_py, mine], "chromium": [before_js, theirs]}
            return None

        # RFC 8445, 9: both ends now use new credentials on the pair they selected.
        facts: dict[str, Any] = {
            "ufrags": await until(restarted, "the new ICE generation on both ends")
        }
        facts["after"] = await talk(py, page, "chat", "after")
        facts["python_states_during_restart"] = states
        assert "failed" not in states and py.pc.connectionState == "connected"
        check_clean(py, await js(page, "() => S.states()"))
        return facts
    finally:
        await py.close()


async def scenario_ice_restart_python(page: Any) -> dict[str, Any]:
    return await _ice_restart(page, python_restarts=True)


async def scenario_ice_restart_chromium(page: Any) -> dict[str, Any]:
    return await _ice_restart(page, python_restarts=False)


SCENARIOS: dict[str, Callable[[Any], Awaitable[dict[str, Any]]]] = {
    "chromium_offers": scenario_chromium_offers,
    "python_offers": scenario_python_offers,
    "glare_python_polite": scenario_glare_python_polite,
    "glare_python_impolite": scenario_glare_python_impolite,
    "glare_negotiator_polite": scenario_glare_negotiator_polite,
    "glare_negotiator_impolite": scenario_glare_negotiator_impolite,
    "renegotiation": scenario_renegotiation,
    "ice_restart_python": scenario_ice_restart_python,
    "ice_restart_chromium": scenario_ice_restart_chromium,
}


async def run_scenarios(output: Path, only: list[str]) -> None:
    from playwright.async_api import async_playwright

    interfaces = sorted(name for _index, name in socket.if_nameindex())
    results: dict[str, Any] = {"interfaces": interfaces, "scenarios": {}}
    if interfaces != ["lo"]:
        raise SystemExit(f"refusing to run outside a loopback-only namespace: {interfaces}")
    with tempfile.TemporaryDirectory(prefix="sdpmodel-chromium-") as scratch:
        page_file = Path(scratch) / "interop.html"
        page_file.write_text(PAGE, encoding="utf-8")
        async with async_playwright() as playwright:
            started = time.monotonic()
            context = await playwright.chromium.launch_persistent_context(
                str(Path(scratch) / "profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
            )
            results["launch_seconds"] = round(time.monotonic() - started, 2)
            results["chromium"] = context.browser.version if context.browser else None
            results["user_agent"] = None
            try:
                for name, scenario in SCENARIOS.items():
                    if only and name not in only:
                        continue
                    page = await context.new_page()
                    entry: dict[str, Any] = {"ok": False}
                    began = time.monotonic()
                    try:
                        await page.goto(page_file.as_uri())
                        results["user_agent"] = await page.evaluate("navigator.userAgent")
                        _ACTIVE.clear()
                        await page.expose_function("pySignal", _from_page)
                        entry["facts"] = await asyncio.wait_for(scenario(page), SCENARIO_TIMEOUT)
                        entry["ok"] = True
                    except Exception as exc:  # every failure is a result
                        entry["error"] = "".join(traceback.format_exception(exc))
                        with contextlib.suppress(Exception):
                            entry["page_states"] = await page.evaluate("() => S.states()")
                            entry["page_sdps"] = await page.evaluate("() => S.sdps")
                        if _ACTIVE:
                            entry["python"] = _ACTIVE[-1].diagnostics()
                    finally:
                        entry["seconds"] = round(time.monotonic() - began, 2)
                        results["scenarios"][name] = entry
                        with contextlib.suppress(Exception):
                            await page.close()
                    output.write_text(json.dumps(results, indent=2, default=repr))
            finally:
                await context.close()
    output.write_text(json.dumps(results, indent=2, default=repr))


def runner_main(argv: list[str]) -> int:
    output = Path(argv[0])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(asyncio.wait_for(run_scenarios(output, argv[1:]), RUNNER_TIMEOUT))
    return 0


# =============================================================================================
# The tests: run the runner once in a fresh network namespace and read its results.
# =============================================================================================

SKIP = _skip_reason()
VERSION = _chromium_version()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=SKIP or "")


def _run_namespace(output: Path) -> dict[str, Any]:
    command = [
        "unshare",
        "-n",
        "--",
        "sh",
        "-c",
        'ip link set lo up && exec "$@"',
        "sh",
        sys.executable,
        str(Path(__file__).resolve()),
        "--inside",
        str(output),
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=RUNNER_TIMEOUT + 30, check=False
    )
    if not output.exists():
        return {"failed": completed.returncode, "stderr": completed.stderr[-4000:], "scenarios": {}}
    results: dict[str, Any] = json.loads(output.read_text())
    results["runner_returncode"] = completed.returncode
    results["runner_stderr"] = completed.stderr[-4000:]
    return results


@pytest.fixture(scope="session")
def interop(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Any]:
    """The runner's results, computed once per test session (shared by pytest-xdist workers)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.getbasetemp().parent
        lock = root / "chromium-interop.lock"
        output = root / "chromium-interop.json"
        with lock.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if output.exists():
                results: dict[str, Any] = json.loads(output.read_text())
            else:
                results = _run_namespace(root / "chromium-interop.partial.json")
                output.write_text(json.dumps(results))
    else:
        results = _run_namespace(tmp_path_factory.mktemp("chromium") / "results.json")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        line = ", ".join(
            f"{name} {'ok' if entry.get('ok') else 'FAILED'} {entry.get('seconds')}s"
            for name, entry in results.get("scenarios", {}).items()
        )
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nChromium interop against {results.get('chromium') or VERSION} "
                f"(network namespace {results.get('interfaces')}): {line}"
            )
    return results


def scenario(interop: dict[str, Any], name: str) -> dict[str, Any]:
    entry = interop.get("scenarios", {}).get(name)
    assert entry is not None, f"the runner did not play {name!r}: {json.dumps(interop)[:4000]}"
    header = f"against Chromium {interop.get('chromium') or VERSION}"
    assert entry["ok"], f"{name} failed {header}:\n{entry.get('error')}\n{entry.get('page_states')}"
    print(f"{name} passed {header} in {entry['seconds']} s: {json.dumps(entry['facts'])}")
    facts: dict[str, Any] = entry["facts"]
    return facts


CHROMIUM_ID = pytest.mark.parametrize("chromium", [VERSION])


@CHROMIUM_ID
def test_chromium_offers_and_python_answers(interop: dict[str, Any], chromium: str) -> None:
    """JSEP (RFC 9429, 5.3): an sdpmodel answer to Chromium's audio/video/data offer connects (ICE, DTLS, SCTP, SRTP)."""
    facts = scenario(interop, "chromium_offers")
    assert facts["offer_was_chromium"]
    assert interop["interfaces"] == ["lo"]


@CHROMIUM_ID
def test_python_offers_and_chromium_answers(interop: dict[str, Any], chromium: str) -> None:
    """JSEP (RFC 9429, 5.2): Chromium answers an sdpmodel offer with audio and a data channel, and the connection comes up."""
    facts = scenario(interop, "python_offers")
    assert facts["offer_was_python"]


@CHROMIUM_ID
def test_trickle_ice_both_ways(interop: dict[str, Any], chromium: str) -> None:
    """RFC 8838: candidates trickle both ways as icecandidate events, each side adds the other's with addIceCandidate, and the selected pair uses a trickled one."""
    for name in ("chromium_offers", "python_offers"):
        facts = scenario(interop, name)
        trickle = facts["trickle"]
        assert trickle["python_sent"] >= 1 and trickle["chromium_added"] >= 1, trickle
        assert trickle["chromium_sent"] >= 1 and trickle["python_added"] >= 1, trickle
        assert facts["python_pair_remote_trickled"] and facts["chromium_pair_remote_trickled"]


@CHROMIUM_ID
def test_data_channel_messages_both_ways(interop: dict[str, Any], chromium: str) -> None:
    """RFC 8831 / 8832: a DCEP channel opened by either side carries text and binary messages both ways."""
    for name, tag in (("chromium_offers", "A"), ("python_offers", "B")):
        messages = scenario(interop, name)["messages"]
        assert messages["chromium_to_python"] == [f"from chromium {tag}"]
        assert messages["python_to_chromium"] == [f"from python {tag}", f"bytes:bytes {tag}"]


@CHROMIUM_ID
def test_chromium_fake_media_reaches_python(interop: dict[str, Any], chromium: str) -> None:
    """webrtc-pc 4.6.19 and 9.3: Chromium's fake camera and microphone arrive in Python as decoded frames, and inbound-rtp counters grow."""
    facts = scenario(interop, "chromium_offers")
    assert facts["frames"] == {"audio": "AudioFrame", "video": "VideoFrame"}
    assert facts["video_size"][0] > 0 and facts["video_size"][1] > 0
    assert facts["python_inbound"]["audio"] > 0 and facts["python_inbound"]["video"] > 0


@CHROMIUM_ID
def test_python_audio_reaches_chromium(interop: dict[str, Any], chromium: str) -> None:
    """RFC 3550 / RFC 3711: audio from an aiortc track is received by Chromium (its inbound-rtp packetsReceived > 0), answering or offering."""
    assert scenario(interop, "chromium_offers")["chromium_inbound"]["audio"] > 0
    facts = scenario(interop, "python_offers")
    assert facts["chromium_inbound"]["audio"] > 0 and facts["chromium_tracks"] == ["audio"]


@CHROMIUM_ID
def test_perfect_negotiation_glare_with_python_polite(
    interop: dict[str, Any], chromium: str
) -> None:
    """webrtc-pc 10.7 perfect negotiation: in glare the polite Python rolls back and answers, impolite Chromium ignores; both end stable, audio flows both ways, both data channels talk."""
    facts = scenario(interop, "glare_python_polite")
    assert "rolled back for an offer" in facts["python_notes"]
    assert "ignored an offer" in facts["chromium_notes"]


@CHROMIUM_ID
def test_perfect_negotiation_glare_with_python_impolite(
    interop: dict[str, Any], chromium: str
) -> None:
    """webrtc-pc 10.7 perfect negotiation: in glare the impolite Python ignores Chromium's offer, polite Chromium rolls back; both end stable, audio flows both ways, both data channels talk."""
    facts = scenario(interop, "glare_python_impolite")
    assert "ignored an offer" in facts["python_notes"]
    assert "rolled back for an offer" in facts["chromium_notes"]


@CHROMIUM_ID
@pytest.mark.parametrize("polite", [True, False], ids=["polite", "impolite"])
def test_perfect_negotiator_helper_resolves_glare_with_chromium(
    interop: dict[str, Any], chromium: str, polite: bool
) -> None:
    """webrtc-pc 10.7 through sdpmodel.PerfectNegotiator: the helper, polite or impolite, settles a glare with Chromium's perfect negotiation."""
    facts = scenario(interop, f"glare_negotiator_{'polite' if polite else 'impolite'}")
    mine = "rolled back for an offer" if polite else "ignored an offer"
    theirs = "ignored an offer" if polite else "rolled back for an offer"
    assert mine in facts["python_notes"] and theirs in facts["chromium_notes"]


@CHROMIUM_ID
def test_renegotiation_adds_and_stops_tracks(interop: dict[str, Any], chromium: str) -> None:
    """webrtc-pc 4.7 / RFC 9429, 5.2.2: tracks added later flow both ways, stopped transceivers end; the connection and its data channel live on."""
    facts = scenario(interop, "renegotiation")
    assert facts["chromium_audio_packets"] > 0
    assert facts["python_video_frame"][0] > 0
    assert facts["python_video_ended"]


@CHROMIUM_ID
def test_ice_restart_initiated_by_python(interop: dict[str, Any], chromium: str) -> None:
    """RFC 8445, 9 and webrtc-pc restartIce(): Python restarts ICE; both ends take new credentials, the connection stays up, data flows after."""
    facts = scenario(interop, "ice_restart_python")
    assert facts["ufrags"]["python"][0] != facts["ufrags"]["python"][1]


@CHROMIUM_ID
def test_ice_restart_initiated_by_chromium(interop: dict[str, Any], chromium: str) -> None:
    """RFC 8445, 9: Chromium restarts ICE; Python answers with new credentials over the same DTLS association, data flows after."""
    facts = scenario(interop, "ice_restart_chromium")
    assert facts["ufrags"]["chromium"][0] != facts["ufrags"]["chromium"][1]


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--inside":
    sys.exit(runner_main(sys.argv[2:]))
