"""A two-peer Hypothesis state machine for negotiation code: ``TwoPeerMachine``.

Two ``RTCPeerConnection``s on their own in-memory network, each driven by a
``PerfectNegotiator`` (``a`` polite, ``b`` impolite), exchange messages
through a signaling channel that Hypothesis controls.  The channel delays
every message until a rule delivers it, delivers the two directions
independently and may reorder descriptions and candidates relative to each
other (as two channels, or a server forwarding kinds separately, would), but
keeps each kind in order and never duplicates or loses a message.  A
candidate that overtakes its description is held by ``PerfectNegotiator``
until the description arrives.

The rules change what is negotiated (add transceivers and tracks, change
directions, stop transceivers, create data channels, restart ICE) and move
the channel forward; glare happens whenever both sides change something
before the messages cross.  The invariants:

* nothing but the documented errors is ever raised or swallowed
  (``DOCUMENTED``), and every description that crosses the channel parses
  and serializes back byte for byte;
* ``settle`` (a rule) delivers every message and runs the loop until both
  sides are quiet; then both are stable and agree on the mids, the
  transceiver counts, and the directions (``a.currentDirection`` is
  ``b.currentDirection`` reversed).

Subclass it to add rules that drive your own code::

    class MyMachine(TwoPeerMachine):
        @rule()
        def my_app_sends_a_message(self): ...

    TestMyMachine = MyMachine.TestCase

.. warning::

    This module needs Hypothesis (``pip install sdpmodel[testing]``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
from collections.abc import Callable
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from sdpmodel import (
    DOMSyntaxError,
    InvalidAccessError,
    InvalidModificationError,
    InvalidStateError,
    MediaStream,
    MediaStreamTrack,
    NotSupportedError,
    OperationError,
    PerfectNegotiator,
    RTCError,
    RTCPeerConnection,
    SequentialIds,
    parse,
)
from sdpmodel.perfect import NegotiationStep
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

__all__ = ["DOCUMENTED", "REVERSED", "SignalingChannel", "TwoPeerMachine"]

#: The errors a public call may raise (DESIGN.md, "Errors"); any other is a bug.
DOCUMENTED: tuple[type[BaseException], ...] = (
    InvalidStateError,
    InvalidAccessError,
    InvalidModificationError,
    OperationError,
    RTCError,
    NotSupportedError,
    DOMSyntaxError,
    TypeError,
    ValueError,
)

#: RFC 3264, 6.1: a direction as the other end sees it.
REVERSED = {
    "sendrecv": "sendrecv",
    "sendonly": "recvonly",
    "recvonly": "sendonly",
    "inactive": "inactive",
}


_KINDS = ("description", "candidate")


class SignalingChannel:
    """Per destination, one in-order queue per kind of message, of JSON text; nothing is
    lost or doubled, but a candidate may overtake a description and the reverse."""

    def __init__(self) -> None:
        self.queues: dict[str, dict[str, collections.deque[str]]] = {
            to: {kind: collections.deque() for kind in _KINDS} for to in ("a", "b")
        }
        self.sent = 0
        self.descriptions: list[str] = []

    def send(self, to: str, message: dict[str, Any]) -> None:
        kind = "description" if message.get("description") else "candidate"
        if kind == "description":
            self.descriptions.append(message["description"]["sdp"])
        self.queues[to][kind].append(json.dumps(message))
        self.sent += 1

    def take(self, to: str, kind: str) -> dict[str, Any] | None:
        queue = self.queues[to][kind]
        return json.loads(queue.popleft()) if queue else None

    def empty(self) -> bool:
        return not any(q for queues in self.queues.values() for q in queues.values())


class TwoPeerMachine(RuleBasedStateMachine):
    """Two perfectly negotiating peers and a signaling channel under Hypothesis' control."""

    #: How many loop iterations ``settle`` may run before it gives up.
    SETTLE_STEPS: ClassVar[int] = 500

    #: Every distinct negotiation timeline (both negotiators' steps, in the order
    #: they happened) the examples run so far produced: how many interleavings a
    #: run explored is ``len(TwoPeerMachine.timelines)``.
    timelines: ClassVar[set[tuple[str, ...]]] = set()

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        network = MemoryNetwork()
        self.channel = SignalingChannel()
        self.peers: dict[str, RTCPeerConnection] = {}
        self.negotiators: dict[str, PerfectNegotiator] = {}
        for name, other, polite in (("a", "b", True), ("b", "a", False)):
            pc = RTCPeerConnection(transport=MemoryTransport(network), ids=SequentialIds(name))
            self.peers[name] = pc
            self.negotiators[name] = PerfectNegotiator(
                pc, polite=polite, send=self._sender(other), name=name
            )
        #: Both negotiators write to one log: the timeline of this example.
        self.timeline: list[NegotiationStep] = []
        for negotiator in self.negotiators.values():
            negotiator.log = self.timeline
        self.interleavings = 0

    def teardown(self) -> None:
        type(self).timelines.add(tuple(str(step) for step in self.timeline))
        for pc in self.peers.values():
            pc.close()
        self.loop.run_until_complete(asyncio.sleep(0))
        self.loop.close()

    # --- helpers ---------------------------------------------------------------------

    def _sender(self, to: str) -> Callable[[dict[str, Any]], None]:
        def send(message: dict[str, Any]) -> None:
            self.channel.send(to, message)

        return send

    def run_loop(self, steps: int = 20) -> None:
        async def spin() -> None:
            for _ in range(steps):
                await asyncio.sleep(0)

        self.loop.run_until_complete(spin())

    def call(self, side: str, action: Any) -> None:
        """Run a synchronous API call in the loop; a documented error is fine, others fail."""

        async def inside() -> None:
            with contextlib.suppress(*DOCUMENTED):
                action(self.peers[side])
            for _ in range(2):
                await asyncio.sleep(0)

        self.loop.run_until_complete(inside())

    def deliver_one(self, to: str, kind: str) -> bool:
        message = self.channel.take(to, kind)
        if message is None:
            return False
        self.loop.run_until_complete(self.negotiators[to].receive(message))
        return True

    # --- rules: what the application does -------------------------------------------------

    @rule(
        side=st.sampled_from(["a", "b"]),
        kind=st.sampled_from(["audio", "video"]),
        direction=st.sampled_from(["sendrecv", "sendonly", "recvonly", "inactive"]),
    )
    def add_transceiver(self, side: str, kind: str, direction: str) -> None:
        self.call(side, lambda pc: pc.addTransceiver(kind, direction=direction))

    @rule(side=st.sampled_from(["a", "b"]), kind=st.sampled_from(["audio", "video"]))
    def add_track(self, side: str, kind: str) -> None:
        self.call(side, lambda pc: pc.addTrack(MediaStreamTrack(kind), MediaStream()))

    @rule(side=st.sampled_from(["a", "b"]), pick=st.integers(0, 7))
    def stop_transceiver(self, side: str, pick: int) -> None:
        live = [t for t in self.peers[side].getTransceivers() if t.direction != "stopped"]
        if live:
            self.call(side, lambda pc: live[pick % len(live)].stop())

    @rule(
        side=st.sampled_from(["a", "b"]),
        pick=st.integers(0, 7),
        direction=st.sampled_from(["sendrecv", "sendonly", "recvonly", "inactive"]),
    )
    def set_direction(self, side: str, pick: int, direction: str) -> None:
        live = [t for t in self.peers[side].getTransceivers() if t.direction != "stopped"]
        if live:
            self.call(side, lambda pc: setattr(live[pick % len(live)], "direction", direction))

    @rule(side=st.sampled_from(["a", "b"]))
    def create_data_channel(self, side: str) -> None:
        self.call(side, lambda pc: pc.createDataChannel("chat"))

    @rule(side=st.sampled_from(["a", "b"]))
    def restart_ice(self, side: str) -> None:
        self.call(side, lambda pc: pc.restartIce())

    # --- rules: the network ------------------------------------------------------------------

    @rule(to=st.sampled_from(["a", "b"]), kind=st.sampled_from(_KINDS))
    def deliver(self, to: str, kind: str) -> None:
        """Deliver the oldest message of ``kind`` for ``to`` (the other kind may wait)."""
        if self.deliver_one(to, kind):
            self.interleavings += 1
        self.run_loop(3)

    @rule(steps=st.integers(1, 30))
    def wait(self, steps: int) -> None:
        """Time passes: the event loop runs; nothing is delivered."""
        self.run_loop(steps)

    @rule()
    def settle(self) -> None:
        """Deliver everything and run until both sides are quiet; then they agree."""
        for _ in range(self.SETTLE_STEPS):
            delivered = False
            for to in ("a", "b"):
                for kind in _KINDS:
                    delivered = self.deliver_one(to, kind) or delivered
            self.run_loop(3)
            if not delivered and self.channel.empty() and self._quiet():
                break
        else:
            raise AssertionError(
                f"the peers did not settle in {self.SETTLE_STEPS} rounds "
                f"({self.channel.sent} messages sent): a negotiation loop?"
            )
        self.check_agreement()

    def _quiet(self) -> bool:
        return all(
            pc.signalingState == "stable" and not n.making_offer and not pc._operations
            for pc, n in ((self.peers[s], self.negotiators[s]) for s in ("a", "b"))
        )

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def only_documented_errors(self) -> None:
        for negotiator in self.negotiators.values():
            for error in negotiator.errors:
                assert isinstance(error, DOCUMENTED), f"undocumented error: {error!r}"

    @invariant()
    def descriptions_round_trip(self) -> None:
        for sdp in self.channel.descriptions:
            assert parse(sdp).to_sdp() == sdp
        self.channel.descriptions.clear()

    def check_agreement(self) -> None:
        """Both stable; same mids; complementary current directions (RFC 3264, 6.1)."""
        a, b = self.peers["a"], self.peers["b"]
        assert a.signalingState == b.signalingState == "stable", (
            a.signalingState,
            b.signalingState,
        )

        def negotiated(pc: RTCPeerConnection) -> dict[str, Any]:
            return {
                t.mid: t
                for t in pc.getTransceivers()
                if t.mid is not None and t.currentDirection not in (None, "stopped")
            }

        mine, theirs = negotiated(a), negotiated(b)
        assert mine.keys() == theirs.keys(), (sorted(mine), sorted(theirs))
        for mid, t in mine.items():
            assert t.currentDirection == REVERSED[theirs[mid].currentDirection or ""], mid
        for pc in (a, b):
            unnegotiated = [
                t for t in pc.getTransceivers() if t.mid is None and t.direction != "stopped"
            ]
            assert not unnegotiated, "a transceiver was never negotiated"
