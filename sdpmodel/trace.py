"""Narrated negotiations: a ``Timeline`` of what two peers did, and the built-in scenarios.

This module owns ``sdpmodel trace`` and the trace the demo prints.  A
``Timeline`` records, in the order they happen, what really happens between
two ``RTCPeerConnection``s:

* what the application does (``act``: addTrack, stop, restartIce, ...);
* every operation's ``Explanation`` (the ``explanation`` event of the
  facade: the call, the signaling states around it, its decisions with
  their rules);
* the perfect negotiation pattern's own steps (``PerfectNegotiator.log``:
  glare, an ignored offer, a held candidate);
* the descriptions sent over the signaling channel, and the events a
  person watches: ``negotiationneeded``, ``track``, ``datachannel``, data
  channel ``open`` and ``message``, ``connectionstatechange``.

``narrate`` turns it into numbered lines; nothing in it is written by hand,
so a scenario that behaves differently narrates differently (the tests
compare whole narrations).  The scenarios run on the in-memory transport
with sequential ids ("alice", "bob"), so a narration is the same on every
run.  Signaling is a queue per peer that ``Stage.settle`` empties in order:
both peers act before anything is delivered, which is what makes the glare
of the "glare" scenario certain rather than likely.

The stage's transport is one parameter (``TRANSPORTS``): ``memory`` (the
default, deterministic) or ``aiortc``, real ICE, DTLS and SCTP over UDP on
127.0.0.1 only (the ``aiortc`` extra).  On a real transport things take
time, so the stage's turns of the loop also let a little time pass
(``TICKS``), and candidates, ports and timings differ from run to run.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs

from sdpmodel.datachannel import RTCDataChannel
from sdpmodel.decisions import IMPLICIT_ROLLBACK, Decision, Explanation, wrap
from sdpmodel.events import (
    Event,
    ExplanationEvent,
    MessageEvent,
    RTCDataChannelEvent,
    RTCPeerConnectionIceEvent,
    RTCTrackEvent,
)
from sdpmodel.ids import SequentialIds
from sdpmodel.media import MediaStream, MediaStreamTrack
from sdpmodel.peer import RTCPeerConnection
from sdpmodel.perfect import NegotiationStep, PerfectNegotiator
from sdpmodel.transport import TransportBackend
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

__all__ = [
    "ALICE_SAYS",
    "BOB_SAYS",
    "SCENARIOS",
    "TICKS",
    "TRANSPORTS",
    "Entry",
    "Scenario",
    "ScenarioError",
    "Stage",
    "Timeline",
    "narrate",
    "run_scenario",
    "transport_available",
]


def _aiortc(shared: dict[str, Any]) -> TransportBackend:
    """The real backend, on 127.0.0.1 only: nothing leaves the machine."""
    del shared
    try:
        # Imported by name: the trace (and the CLI and demo above it) work without aiortc.
        module = importlib.import_module("sdpmodel.transport.aiortc")
    except ImportError as exc:
        raise ValueError(
            f"the aiortc transport needs the aiortc extra: pip install 'sdpmodel[aiortc]' ({exc})"
        ) from None
    backend: TransportBackend = module.AiortcTransport(interfaces=("127.0.0.1",))
    return backend


#: Transport name -> a factory of one backend per peer, given the stage's shared state.
TRANSPORTS: dict[str, Callable[[dict[str, Any]], TransportBackend]] = {
    "memory": lambda shared: MemoryTransport(shared.setdefault("network", MemoryNetwork())),
    "aiortc": _aiortc,
}

#: Seconds one turn of the stage's loop lets pass, per transport (0: none, the memory
#: transport needs no clock; a real one needs real time for its packets and timers).
TICKS: dict[str, float] = {"memory": 0.0, "aiortc": 0.002}


def transport_available(name: str) -> bool:
    """Whether the backend ``name`` can be made here (its extra is installed)."""
    if name == "aiortc":
        return all(importlib.util.find_spec(m) is not None for m in ("aiortc", "aioice"))
    return name in TRANSPORTS


#: What the narration of a decision wraps at (the CLI reads well in 100 columns).
WIDTH = 100

#: How many turns of the event loop ``Stage.settle`` and ``Stage.until`` may take.
MAX_TURNS = 5000

#: The steps of ``PerfectNegotiator.log`` that the timeline already holds in another
#: form: the call's own explanation ("setRemoteDescription(offer) -> ...", "answers:
#: setLocalDescription() -> ...") and the description sent ("sends its offer").
_ECHOED = ("setRemoteDescription(", "answers: ", "sends its ")


class ScenarioError(Exception):
    """A scenario did not reach the state it waits for (a bug in sdpmodel, or in it)."""


@attrs.frozen
class Entry:
    """One thing that happened: who, what kind of thing, its words, and its decisions.

    ``kind`` is ``"act"`` (the application), ``"operation"`` (an explanation),
    ``"pattern"`` (the perfect negotiator), ``"signal"`` (a description sent),
    ``"event"`` or ``"data"`` (a data channel message).
    """

    who: str
    kind: str
    text: str
    decisions: tuple[Decision, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "kind": self.kind,
            "text": self.text,
            "decisions": [d.to_json() for d in self.decisions],
        }


class _Tap(list[NegotiationStep]):
    """A ``PerfectNegotiator.log`` that also writes each step to a timeline."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self._timeline = timeline

    def append(self, step: NegotiationStep) -> None:
        super().append(step)
        if not step.what.startswith(_ECHOED):
            self._timeline.add(step.who, "pattern", step.what)


class Timeline:
    """What two (or more) peers did, in order (see the module docstring)."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def add(self, who: str, kind: str, text: str, decisions: tuple[Decision, ...] = ()) -> None:
        self.entries.append(Entry(who, kind, text, decisions))

    def watch(self, name: str, pc: RTCPeerConnection, *, negotiationneeded: bool = True) -> None:
        """Record ``pc``'s explanations and the events a person watches, as ``name``."""

        def on_explanation(event: ExplanationEvent) -> None:
            explanation: Explanation = event.explanation
            self.add(name, "operation", explanation.headline, explanation.decisions)

        def on_track(event: RTCTrackEvent) -> None:
            streams = " ".join(s.id for s in event.streams) or "no stream"
            self.add(
                name,
                "event",
                f"track: a remote {event.track.kind} track (mid {event.transceiver.mid}, "
                f"{streams})",
            )

        def on_datachannel(event: RTCDataChannelEvent) -> None:
            channel = event.channel
            self.add(name, "event", f"datachannel: {channel.label!r} (id {channel.id})")
            self.channel(name, channel)

        def on_connection(_event: Event) -> None:
            self.add(name, "event", f"connectionState {pc.connectionState}")

        pc.on("explanation", on_explanation)
        pc.on("track", on_track)
        pc.on("datachannel", on_datachannel)
        pc.on("connectionstatechange", on_connection)
        if negotiationneeded:
            pc.on("negotiationneeded", lambda _e: self.add(name, "event", "negotiationneeded"))

    def channel(self, name: str, channel: RTCDataChannel) -> None:
        """Record a data channel's ``open`` and the messages ``name`` receives on it."""
        channel.on("open", lambda _e: self.add(name, "event", f"channel {channel.label!r} open"))

        def on_message(event: MessageEvent) -> None:
            self.add(name, "data", f"receives {event.data!r} on {channel.label!r}")

        channel.on("message", on_message)

    def tap(self, negotiator: PerfectNegotiator) -> None:
        """Record ``negotiator``'s steps (its ``log`` keeps them too)."""
        negotiator.log = _Tap(self)

    def to_json(self) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in self.entries]


# --- narration ---------------------------------------------------------------------------


def _key(decision: Decision) -> bool:
    """The decisions a narration shows by default: not the details, not the table's row
    (the headline says the states), but the implicit rollback."""
    if decision.detail:
        return False
    return decision.subject != "signaling" or decision == IMPLICIT_ROLLBACK


#: How much of each operation ``narrate`` shows.
LEVELS = ("brief", "key", "all")


def narrate(timeline: Timeline, *, decisions: str = "key", width: int = WIDTH) -> list[str]:
    """Numbered lines: ``  3  alice  setLocalDescription(offer): stable -> have-local-offer``.

    Each operation is followed by its decisions, indented, each with its
    source: ``"key"`` leaves out the details (each payload type, each ICE
    gathering) and the signaling table's rows (the headline says the
    states), ``"all"`` shows every one.  ``"brief"`` is the steps only: no
    decision but the implicit rollback, and no trickled candidate (their
    count ends the narration).  A candidate added is one line.  Lines wrap
    at ``width`` columns.
    """
    if decisions not in LEVELS:
        raise ValueError(f"decisions is one of {', '.join(LEVELS)}, not {decisions!r}")
    entries = timeline.entries
    left_out = 0
    if decisions == "brief":
        kept = [e for e in entries if not _candidate(e)]
        left_out, entries = len(entries) - len(kept), kept
    name_width = max((len(entry.who) for entry in entries), default=0)
    number_width = len(str(len(entries)))
    lines: list[str] = []
    for number, entry in enumerate(entries, start=1):
        head = f"{number:>{number_width}}  {entry.who:<{name_width}}  "
        text = entry.text
        shown = [d for d in entry.decisions if _shown(d, decisions)]
        if entry.kind == "pattern":
            text = f"perfect negotiation: {text}"
        elif _candidate(entry):
            # One line: the candidate's own decision says it all.
            text = f"addIceCandidate: {entry.decisions[0].text}"
            shown = [d for d in shown if d is not entry.decisions[0]]
        # Continuation lines under the text, past the number and the name.
        lines.extend(wrap(head + text, hang=len(head), width=width))
        for decision in shown:
            lines.extend(wrap(str(decision), indent=" " * (len(head) + 2), width=width))
    if left_out:
        lines.append(f"({left_out} candidates were trickled and added on the way)")
    return lines


def _candidate(entry: Entry) -> bool:
    return entry.kind == "operation" and entry.text == "addIceCandidate" and bool(entry.decisions)


def _shown(decision: Decision, level: str) -> bool:
    if level == "all":
        return True
    if level == "brief":
        return decision == IMPLICIT_ROLLBACK
    return _key(decision)


# --- the stage ---------------------------------------------------------------------------


class Stage:
    """Two peers, alice and bob, a signaling queue each, and the timeline of what they do."""

    def __init__(self, transport: str = "memory") -> None:
        if transport not in TRANSPORTS:
            raise ValueError(f"unknown transport {transport!r}: one of {', '.join(TRANSPORTS)}")
        shared: dict[str, Any] = {}
        self._tick = TICKS.get(transport, 0.0)
        self.timeline = Timeline()
        self.peers: dict[str, RTCPeerConnection] = {}
        self.negotiators: dict[str, PerfectNegotiator] = {}
        self.inbox: dict[str, deque[str]] = {}
        #: Candidates that came before their peer had a remote description (by_hand).
        self.held: dict[str, list[dict[str, Any]]] = {"alice": [], "bob": []}
        #: The data channels the remote opened, per peer.
        self.channels: dict[str, list[RTCDataChannel]] = {"alice": [], "bob": []}
        for name in ("alice", "bob"):
            self.peers[name] = RTCPeerConnection(
                transport=TRANSPORTS[transport](shared), ids=SequentialIds(name)
            )
            self.inbox[name] = deque()
            self.peers[name].on("datachannel", self._keep_channel(name))

    def _keep_channel(self, name: str) -> Callable[[RTCDataChannelEvent], None]:
        def keep(event: RTCDataChannelEvent) -> None:
            self.channels[name].append(event.channel)

        return keep

    @property
    def alice(self) -> RTCPeerConnection:
        return self.peers["alice"]

    @property
    def bob(self) -> RTCPeerConnection:
        return self.peers["bob"]

    def other(self, name: str) -> str:
        return "bob" if name == "alice" else "alice"

    # --- two ways to signal --------------------------------------------------------------

    def perfect(self, *, polite: str = "alice") -> None:
        """Both peers negotiate with ``PerfectNegotiator`` (``polite`` yields on glare)."""
        for name, pc in self.peers.items():
            self.timeline.watch(name, pc, negotiationneeded=False)
            negotiator = PerfectNegotiator(
                pc, polite=name == polite, send=self._sender(name), name=name
            )
            self.timeline.tap(negotiator)
            self.negotiators[name] = negotiator

    def by_hand(self) -> None:
        """The application signals itself (``send`` / ``receive``); candidates trickle."""
        for name, pc in self.peers.items():
            self.timeline.watch(name, pc)
            pc.on("icecandidate", self._trickle(name))
            pc.on("signalingstatechange", self._flusher(name))

    def _flusher(self, name: str) -> Callable[[Event], None]:
        def flush(_event: Event) -> None:
            pc = self.peers[name]
            while self.held[name] and pc.remoteDescription is not None:
                self._add_now(name, self.held[name].pop(0))

        return flush

    def _sender(self, name: str) -> Callable[[dict[str, Any]], None]:
        def send(message: dict[str, Any]) -> None:
            self._post(name, message)

        return send

    def _post(self, name: str, message: Mapping[str, Any]) -> None:
        description = message.get("description")
        if description:
            self.timeline.add(name, "signal", f"sends its {description['type']}")
        # JSON text, as a real channel carries it: nothing but the message crosses.
        self.inbox[self.other(name)].append(json.dumps(message))

    def _trickle(self, name: str) -> Callable[[RTCPeerConnectionIceEvent], None]:
        def on_candidate(event: RTCPeerConnectionIceEvent) -> None:
            candidate = None if event.candidate is None else event.candidate.toJSON()
            if candidate is not None:
                self._post(name, {"candidate": candidate})

        return on_candidate

    def send(self, name: str, description: Any) -> None:
        """``name`` sends a description (an RTCSessionDescription or its dict) to the other."""
        data = description.toJSON() if hasattr(description, "toJSON") else dict(description)
        self._post(name, {"description": data})

    async def receive(self, name: str) -> dict[str, Any]:
        """The next description for ``name`` (candidates before it are added on the way)."""
        for _ in range(MAX_TURNS):
            message = await self._next(name)
            if message is None:
                await asyncio.sleep(self._tick)
                continue
            if message.get("description"):
                description: dict[str, Any] = message["description"]
                return description
            await self._add_candidate(name, message["candidate"])
        raise ScenarioError(f"{name} never received a description")

    async def _next(self, name: str) -> dict[str, Any] | None:
        inbox = self.inbox[name]
        if not inbox:
            return None
        message: dict[str, Any] = json.loads(inbox.popleft())
        return message

    async def _add_candidate(self, name: str, candidate: dict[str, Any]) -> None:
        if self.peers[name].remoteDescription is None:
            # As a signaling server's queue would: it waits for the next remote description.
            self.held[name].append(candidate)
            return
        self._add_now(name, candidate)
        await asyncio.sleep(self._tick)

    def _add_now(self, name: str, candidate: dict[str, Any]) -> None:
        """addIceCandidate, chained; a refusal is part of the story, not an exception."""
        future = self.peers[name].addIceCandidate(candidate)

        def done(result: asyncio.Future[None]) -> None:
            error = None if result.cancelled() else result.exception()
            if error is not None:
                said = str(error)
                kind = getattr(error, "name", type(error).__name__)
                if not said.startswith(kind):
                    said = f"{kind}: {said}"
                self.timeline.add(name, "event", f"addIceCandidate refused: {said}")

        future.add_done_callback(done)

    # --- time ------------------------------------------------------------------------------

    async def settle(self) -> None:
        """Deliver every message in order and let the loop run until nothing more happens."""
        quiet = 0
        for _ in range(MAX_TURNS):
            delivered = False
            for name in ("alice", "bob"):
                message = await self._next(name)
                if message is None:
                    continue
                delivered = True
                if name in self.negotiators:
                    await self.negotiators[name].receive(message)
                elif message.get("description"):
                    await self.peers[name].setRemoteDescription(message["description"])
                else:
                    await self._add_candidate(name, message["candidate"])
            before = len(self.timeline.entries)
            await asyncio.sleep(self._tick)
            busy = delivered or len(self.timeline.entries) != before or self._busy()
            quiet = 0 if busy else quiet + 1
            if quiet >= 50:
                return
        raise ScenarioError("the peers never settled: a negotiation loop?")

    def _busy(self) -> bool:
        return any(self.inbox.values()) or any(n.making_offer for n in self.negotiators.values())

    async def until(self, what: str, predicate: Callable[[], bool]) -> None:
        """Let the loop run until ``predicate()`` holds (a turn is ``TICKS`` of real time)."""
        for _ in range(MAX_TURNS):
            if predicate():
                return
            await asyncio.sleep(self._tick)
        raise ScenarioError(f"never happened: {what}")

    async def connected(self) -> None:
        await self.settle()
        await self.until(
            "both peers connected",
            lambda: self.alice.connectionState == self.bob.connectionState == "connected",
        )
        await self.settle()

    def act(self, name: str, what: str, action: Callable[[RTCPeerConnection], Any]) -> Any:
        """``name`` does ``action`` (a synchronous API call), recorded as ``what``."""
        self.timeline.add(name, "act", what)
        return action(self.peers[name])

    async def close(self) -> None:
        for pc in self.peers.values():
            await pc.close()


# --- the scenarios ---------------------------------------------------------------------------


@attrs.frozen
class Scenario:
    """A named negotiation: a one-line title and the coroutine that plays it on a stage."""

    name: str
    title: str
    play: Callable[[Stage], Awaitable[None]]


async def _offer_answer(stage: Stage, offerer: str = "alice") -> None:
    """The classic exchange, by hand: createOffer, SLD, send; SRD, createAnswer, SLD, send."""
    answerer = stage.other(offerer)
    one, two = stage.peers[offerer], stage.peers[answerer]
    await one.setLocalDescription(await one.createOffer())
    stage.send(offerer, one.localDescription)
    await two.setRemoteDescription(await stage.receive(answerer))
    await two.setLocalDescription(await two.createAnswer())
    stage.send(answerer, two.localDescription)
    await one.setRemoteDescription(await stage.receive(offerer))


async def _basic(stage: Stage) -> None:
    stage.by_hand()
    stream = MediaStream("alice-av")
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-av)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), stream),
    )
    stage.act(
        "alice",
        "addTrack(video track, stream alice-av)",
        lambda pc: pc.addTrack(MediaStreamTrack("video"), stream),
    )
    await _offer_answer(stage)
    await stage.connected()


async def _glare(stage: Stage) -> None:
    stage.perfect(polite="alice")
    # Both add media at the same moment: both negotiationneeded handlers make an offer
    # before either offer is delivered.
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-a)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a")),
    )
    channel: RTCDataChannel = stage.act(
        "alice", "createDataChannel('chat')", lambda pc: pc.createDataChannel("chat")
    )
    stage.timeline.channel("alice", channel)
    stage.act(
        "bob",
        "addTrack(video track, stream bob-v)",
        lambda pc: pc.addTrack(MediaStreamTrack("video"), MediaStream("bob-v")),
    )
    await stage.connected()
    await _chat(stage, channel)


async def _chat(stage: Stage, channel: RTCDataChannel) -> None:
    """A message each way on ``channel`` (alice's) once it is open on both sides."""
    await stage.until("the data channel is open", lambda: channel.readyState == "open")
    await stage.until("bob has the data channel", lambda: bool(stage.channels["bob"]))
    (remote,) = stage.channels["bob"]
    await stage.until("bob's end is open", lambda: remote.readyState == "open")
    stage.act("alice", f"send({ALICE_SAYS!r})", lambda _pc: channel.send(ALICE_SAYS))
    await stage.settle()
    stage.act("bob", f"send({BOB_SAYS!r})", lambda _pc: remote.send(BOB_SAYS))
    await stage.settle()


#: What the data channel scenarios say.
ALICE_SAYS = "hello from alice"
BOB_SAYS = "hi alice, bob here"


async def _rollback(stage: Stage) -> None:
    stage.by_hand()
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-a)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a")),
    )
    await stage.alice.setLocalDescription(await stage.alice.createOffer())
    stage.send("alice", stage.alice.localDescription)
    # bob applies the offer, then thinks better of it: the transceiver the offer made goes.
    await stage.bob.setRemoteDescription(await stage.receive("bob"))
    await stage.bob.setRemoteDescription({"type": "rollback"})
    # alice, too, takes her offer back before any answer.
    await stage.alice.setLocalDescription({"type": "rollback"})
    await stage.settle()
    # and then makes it again; this time it is answered.
    await _offer_answer(stage)
    await stage.connected()


async def _ice_restart(stage: Stage) -> None:
    stage.by_hand()
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-a)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a")),
    )
    await _offer_answer(stage)
    await stage.connected()
    stage.act("alice", "restartIce()", lambda pc: pc.restartIce())
    await stage.settle()
    await _offer_answer(stage)
    await stage.connected()


async def _renegotiation(stage: Stage) -> None:
    stage.perfect(polite="alice")
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-a)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a")),
    )
    await stage.connected()
    stage.act(
        "alice",
        "addTrack(video track, stream alice-v)",
        lambda pc: pc.addTrack(MediaStreamTrack("video"), MediaStream("alice-v")),
    )
    await stage.settle()
    stage.act("alice", "stop() the audio transceiver", lambda pc: pc.getTransceivers()[0].stop())
    await stage.settle()
    # A new track takes the place of the rejected m-line (RFC 9429, 5.2.2).
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-a2)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a2")),
    )
    await stage.settle()


async def _pranswer(stage: Stage) -> None:
    stage.by_hand()
    stage.act(
        "alice",
        "addTrack(audio track, stream alice-a)",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a")),
    )
    alice, bob = stage.alice, stage.bob
    await alice.setLocalDescription(await alice.createOffer())
    stage.send("alice", alice.localDescription)
    await bob.setRemoteDescription(await stage.receive("bob"))
    answer = await bob.createAnswer()
    # A provisional answer first (early media), then the final one (RFC 9429, 4.1.10.1).
    await bob.setLocalDescription({"type": "pranswer", "sdp": answer.sdp})
    stage.send("bob", bob.localDescription)
    await alice.setRemoteDescription(await stage.receive("alice"))
    stage.act(
        "bob",
        "addTrack(audio track, stream bob-a): the call is taken",
        lambda pc: pc.addTrack(MediaStreamTrack("audio"), MediaStream("bob-a")),
    )
    final = await bob.createAnswer()
    await bob.setLocalDescription(final)
    stage.send("bob", bob.localDescription)
    await alice.setRemoteDescription(await stage.receive("alice"))
    await stage.connected()


async def _datachannel(stage: Stage) -> None:
    stage.perfect(polite="alice")
    channel: RTCDataChannel = stage.act(
        "alice", "createDataChannel('chat')", lambda pc: pc.createDataChannel("chat")
    )
    stage.timeline.channel("alice", channel)
    await stage.connected()
    await _chat(stage, channel)


#: The built-in scenarios, by name (``sdpmodel trace --list``).
SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "basic", "alice offers audio and video, bob answers (by hand, trickle ICE)", _basic
        ),
        Scenario(
            "glare",
            "both add media at once; perfect negotiation resolves the glare; a message each way",
            _glare,
        ),
        Scenario(
            "rollback",
            "bob rolls back alice's offer, alice rolls back her own; then it is answered",
            _rollback,
        ),
        Scenario("ice-restart", "a connected call restarts ICE (restartIce())", _ice_restart),
        Scenario(
            "renegotiation",
            "add a video track, stop the audio, add audio again (the m-line is recycled)",
            _renegotiation,
        ),
        Scenario("pranswer", "bob answers provisionally first, then for good", _pranswer),
        Scenario(
            "datachannel", "a data channel opens and a message crosses each way", _datachannel
        ),
    )
}


async def run_scenario(name: str, *, transport: str = "memory") -> Timeline:
    """Play scenario ``name`` on a fresh stage; its timeline (ScenarioError if it got stuck)."""
    scenario = SCENARIOS[name]
    stage = Stage(transport)
    try:
        await scenario.play(stage)
    finally:
        await stage.close()
    return stage.timeline
