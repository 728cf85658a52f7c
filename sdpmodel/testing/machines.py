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
* at the end of every example (``teardown``), and whenever the ``settle``
  rule runs, every message is delivered and the loop runs until both sides
  are quiet; then both are stable and agree (``check_agreement``): the same
  mids, as many live transceivers with a mid, the directions
  (``a.currentDirection`` is ``b.currentDirection`` reversed), the same SCTP
  m-section (or none, if neither side made a data channel), and, once DCEP
  has announced them, the same data channels on both ends, all of them open:
  no rule closes a channel, and renegotiation (stopping transceivers, the
  BUNDLE-tag among them; restarting ICE) never closes one.

A rule or an invariant that fails is reported as it is: ``teardown`` then
only closes the peers.

Every distinct negotiation timeline (both negotiators' steps, in order) an
example produced is added to ``timelines``, a set of its own for each
subclass: ``len(MyMachine.timelines)`` says how many interleavings a run
explored.

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
import sys
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
    RTCDataChannel,
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

    #: How many loop iterations the data channels may take to be announced and open
    #: once the peers are quiet (ICE, DTLS, SCTP and DCEP on the memory network).
    OPEN_STEPS: ClassVar[int] = 2000

    #: Every distinct negotiation timeline (both negotiators' steps, in the order
    #: they happened) the examples run so far produced: how many interleavings a
    #: run explored is ``len(MyMachine.timelines)``.  Each subclass has its own set.
    timelines: ClassVar[set[tuple[str, ...]]] = set()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "timelines" not in cls.__dict__:
            cls.timelines = set()

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        network = MemoryNetwork()
        self.channel = SignalingChannel()
        self.peers: dict[str, RTCPeerConnection] = {}
        self.negotiators: dict[str, PerfectNegotiator] = {}
        #: Each side's data channels: the ones it created and the ones announced to it.
        self.channels: dict[str, list[RTCDataChannel]] = {"a": [], "b": []}
        for name, other, polite in (("a", "b", True), ("b", "a", False)):
            pc = RTCPeerConnection(transport=MemoryTransport(network), ids=SequentialIds(name))
            self.peers[name] = pc
            self.negotiators[name] = PerfectNegotiator(
                pc, polite=polite, send=self._sender(other), name=name
            )
            pc.on("datachannel", self._announced(name))
        #: Both negotiators write to one log: the timeline of this example.
        self.timeline: list[NegotiationStep] = []
        for negotiator in self.negotiators.values():
            negotiator.log = self.timeline
        self.interleavings = 0

    def teardown(self) -> None:
        """The end of an example: drain the channel, check agreement, close both peers.

        Hypothesis calls ``teardown`` from a ``finally``: when a rule or an
        invariant already failed, or Hypothesis cut the example short, that is
        the failure to report, so the example only cleans up.
        """
        try:
            if sys.exc_info()[1] is None:
                self.settle_and_agree()
        finally:
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

    def _announced(self, side: str) -> Callable[[Any], None]:
        def on_datachannel(event: Any) -> None:
            self.channels[side].append(event.channel)

        return on_datachannel

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
        self.call(side, lambda pc: self.channels[side].append(pc.createDataChannel("chat")))

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
        self.settle_and_agree()

    def settle_and_agree(self) -> None:
        """``settle``, also run at the end of every example (``teardown``)."""
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
        """Both stable; same mids, as many live transceivers with a mid; complementary
        current directions (RFC 3264, 6.1); the same data channels (``check_data_channels``)."""
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

        def live(pc: RTCPeerConnection) -> list[str | None]:
            return [
                t.mid
                for t in pc.getTransceivers()
                if t.mid is not None and "stopped" not in (t.direction, t.currentDirection)
            ]

        mine, theirs = negotiated(a), negotiated(b)
        assert mine.keys() == theirs.keys(), (sorted(mine), sorted(theirs))
        # RFC 3264, 6: one m-section answers each one offered, so each side has as
        # many live transceivers with a mid (and no mid twice: RFC 5888, 4).
        assert len(live(a)) == len(live(b)) == len(mine), (live(a), live(b), sorted(mine))
        for mid, t in mine.items():
            assert t.currentDirection == REVERSED[theirs[mid].currentDirection or ""], mid
        for pc in (a, b):
            unnegotiated = [
                t for t in pc.getTransceivers() if t.mid is None and t.direction != "stopped"
            ]
            assert not unnegotiated, "a transceiver was never negotiated"
        self.check_data_channels()

    def check_data_channels(self) -> None:
        """Both ends negotiated the same SCTP m-section (RFC 8841, 5), and one as soon as
        either made a data channel (webrtc-pc, 4.7.1: "adding the first RTCDataChannel"
        sets negotiation-needed); once DCEP has announced every channel to the other end
        (RFC 8832, 6), both ends see the same channels (id, label) in the same state, and
        every channel is open unless a side closed it (``closed_on_purpose``): webrtc-pc
        6.2 closes a channel only by close(), the far end's close or the end of the SCTP
        transport, and no renegotiation ends that transport (RFC 9143, 7.5.3: not even
        stopping the BUNDLE-tag's transceiver; RFC 8445, 9: nor an ICE restart)."""
        a, b = self.peers["a"], self.peers["b"]
        sections = {side: _application_mids(pc) for side, pc in self.peers.items()}
        assert sections["a"] == sections["b"], sections
        assert len(sections["a"]) <= 1, sections
        made = any(self.channels[side] for side in self.peers)
        assert bool(sections["a"]) is made, (sections, self.channels)
        assert (a.sctp is None) == (b.sctp is None) == (not made), (a.sctp, b.sctp)
        if not made:
            return

        def seen(side: str) -> list[tuple[int | None, str, str]]:
            return sorted((c.id, c.label, c.readyState) for c in self.channels[side])

        def steady() -> bool:
            """Every channel known to both ends (DCEP announced it) and none in transition."""
            if len(self.channels["a"]) != len(self.channels["b"]):
                return False
            return all(
                c.readyState in ("open", "closed") for cs in self.channels.values() for c in cs
            )

        for _ in range(self.OPEN_STEPS):
            if steady():
                break
            self.run_loop(1)
        assert seen("a") == seen("b"), (seen("a"), seen("b"))
        for side in self.peers:
            shut = [
                (c.id, c.label, c.readyState)
                for c in self.channels[side]
                if c.readyState != "open" and not self.closed_on_purpose(c)
            ]
            assert not shut, f"{side}: data channels closed by renegotiation: {shut}"
        for pc in self.peers.values():
            sctp = pc.sctp
            assert sctp is not None
            assert (sctp.state == "closed") is (sctp.transport.state == "closed"), (
                sctp.state,
                sctp.transport.state,
            )

    def closed_on_purpose(self, channel: RTCDataChannel) -> bool:
        """Whether the application closed ``channel`` (or its twin at the other end).

        No rule of this machine closes a channel, so: never.  A subclass whose rules
        call ``close()`` says which channels may be closed.
        """
        return False


def _application_mids(pc: RTCPeerConnection) -> list[str | None]:
    """The mids of the accepted m=application sections of both current descriptions."""
    found: list[str | None] = []
    for description in (pc.currentLocalDescription, pc.currentRemoteDescription):
        if description is None or "m=application" not in description.sdp:
            continue  # most examples have no data channel: no need to parse
        found.extend(
            media.mid
            for media in parse(description.sdp).media
            if media.kind == "application" and not media.is_rejected
        )
    return sorted(set(found), key=str)
