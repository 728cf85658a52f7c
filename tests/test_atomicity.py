"""Atomicity: after any failed call, every observable attribute of the connection is what it was.

A Hypothesis state machine drives two connections through real negotiations
(offers, answers, trickled candidates, data channels, ICE restarts) and
injects bad input between them: syntax errors, calls in the wrong signaling
state, munged SDP, bad or excess candidates, wrong-kind tracks, bad
arguments.  Every bad call must raise a documented error (DESIGN.md,
"Errors") and leave ``observe(pc)`` as it was, also once the event loop has
run every task the call could have queued.  And the connection stays usable:
``negotiate`` must succeed whatever came before it.

One exception, by the spec: a remote offer in "have-local-offer" rolls the
local offer back first, and that rollback stays done when the offer then
fails (webrtc-pc, setRemoteDescription step 3.1; the web-platform-tests'
"setRemoteDescription(invalidOffer) ... does not undo rollback").  The
machine sends bad offers only in other states; ``test_a_failed_remote_offer_keeps_the_implicit_rollback_only``
checks that case apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from _pair import make_pair, negotiate, run
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sdpmodel import (
    InvalidStateError,
    Limits,
    MediaStream,
    MediaStreamTrack,
    RTCError,
    RTCPeerConnection,
    SequentialIds,
)
from sdpmodel.testing.machines import DOCUMENTED  # what a public call may raise
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

#: Small enough for the machine to cross them (sdpmodel.limits).
LIMITS = Limits(max_media_sections=12, max_candidates_per_media_section=4, max_line_length=400)
#: Transceivers per connection the machine adds at most: with a data m-section, every offer
#: stays within LIMITS.max_media_sections.
MOST_TRANSCEIVERS = 5


def _room(self: Atomicity) -> bool:
    return all(len(pc.getTransceivers()) < MOST_TRANSCEIVERS for pc in self.peers)


def _description(d: Any) -> tuple[str, str] | None:
    return None if d is None else (d.type, d.sdp)


def _transport(t: Any) -> tuple[Any, ...] | None:
    if t is None:
        return None
    ice = t.iceTransport
    return (id(t), t.state, ice.state, ice.gatheringState, ice.role)


def _parameters(sender: Any) -> str:
    """getParameters() without its transactionId (webrtc-pc: a new one each task)."""
    parameters = dict(sender.getParameters())
    parameters.pop("transactionId", None)
    return repr(parameters)


def observe(pc: RTCPeerConnection) -> tuple[Any, ...]:
    """Every observable attribute of a connection (what a failed call must not change)."""
    sctp = pc.sctp
    return (
        pc.signalingState,
        _description(pc.localDescription),
        _description(pc.currentLocalDescription),
        _description(pc.pendingLocalDescription),
        _description(pc.remoteDescription),
        _description(pc.currentRemoteDescription),
        _description(pc.pendingRemoteDescription),
        pc.iceGatheringState,
        pc.iceConnectionState,
        pc.connectionState,
        pc.canTrickleIceCandidates,
        tuple(
            (
                id(t),
                t.mid,
                t.direction,
                t.currentDirection,
                id(t.sender),
                getattr(t.sender.track, "id", None),
                _transport(t.sender.transport),
                _parameters(t.sender),
                id(t.receiver),
                t.receiver.track.id,
                t.receiver.track.muted,
                t.receiver.track.readyState,
                _transport(t.receiver.transport),
            )
            for t in pc.getTransceivers()
        ),
        tuple((id(s), getattr(s.track, "id", None)) for s in pc.getSenders()),
        tuple((id(r), r.track.id) for r in pc.getReceivers()),
        tuple(
            (
                id(c),
                c.label,
                c.id,
                c.readyState,
                c.ordered,
                c.maxRetransmits,
                c.maxPacketLifeTime,
                c.protocol,
                c.negotiated,
                c.bufferedAmount,
            )
            for c in pc._channels
        ),
        None if sctp is None else (id(sctp), sctp.state, sctp.maxMessageSize, sctp.maxChannels),
        repr(pc.getConfiguration()),
    )


#: Line-level corruptions that make any description a syntax error.
SYNTAX_ERRORS = (
    "a=rtpmap:abc x/1",
    "a=setup:sideways",
    "m=audio x RTP/AVP 0",
    "a=candidate:1 1 udp x 1.2.3.4 9 typ host",
    "c=IN",
    "a=mid",
    "a=rtcp-mux:yes",
    "x=unknown",
    "a=fingerprint:sha-256",
)


def _munge(sdp: str, how: str) -> str:
    lines = sdp.split("\r\n")
    if how == "fingerprint":
        lines = [
            "a=fingerprint:sha-256 " + ":".join(["AB"] * 32)
            if line.startswith("a=fingerprint:")
            else line
            for line in lines
        ]
    elif how == "no-ice":
        lines = [line for line in lines if not line.startswith(("a=ice-ufrag", "a=ice-pwd"))]
    elif how == "no-fingerprint":
        lines = [line for line in lines if not line.startswith("a=fingerprint")]
    elif how == "setup-actpass":
        lines = ["a=setup:actpass" if line.startswith("a=setup:") else line for line in lines]
    elif how == "duplicate-mid":
        lines = ["a=mid:0" if line.startswith("a=mid:") else line for line in lines]
    elif how == "drop-m-line":
        starts = [i for i, line in enumerate(lines) if line.startswith("m=")]
        if len(starts) > 1:
            lines = [*lines[: starts[-1]], ""]
    elif how == "too-many-sections":
        starts = [i for i, line in enumerate(lines) if line.startswith("m=")]
        if starts:
            section = lines[starts[0] : starts[1] if len(starts) > 1 else len(lines) - 1]
            lines = lines[:-1] + section * (LIMITS.max_media_sections + 1) + [""]
    return "\r\n".join(lines)


class Atomicity(RuleBasedStateMachine):
    """Two connections negotiating for real, with bad input injected between the good calls."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        network = MemoryNetwork()
        self.peers = [
            RTCPeerConnection(
                transport=MemoryTransport(network), ids=SequentialIds(prefix), limits=LIMITS
            )
            for prefix in ("a", "b")
        ]
        self.candidates: list[list[Any]] = [[], []]  # gathered by peer i, for the other one
        for index, pc in enumerate(self.peers):
            pc.on("icecandidate", lambda event, i=index: self.candidates[i].append(event.candidate))
        self.tracks: list[MediaStreamTrack] = []
        self.failures = 0
        #: A munged answer was taken (valid, but not what the other peer holds): the two
        #: are out of step, so no more rounds between them are expected to succeed.
        self.diverged = False

    def teardown(self) -> None:
        for pc in self.peers:
            pc.close()
        self.loop.run_until_complete(asyncio.sleep(0))
        self.loop.close()

    # --- running calls ----------------------------------------------------------------

    def settle(self) -> None:
        """Run the loop until nothing changes any more (the memory transport has no timers)."""

        async def idle() -> None:
            last, steady = None, 0
            for _ in range(2000):
                await asyncio.sleep(0)
                now = tuple(observe(pc) for pc in self.peers)
                steady = steady + 1 if now == last else 0
                if steady >= 5:
                    return
                last = now
            raise AssertionError("the connections never settled")

        self.loop.run_until_complete(idle())

    def run_call(self, index: int, call: Callable[[RTCPeerConnection], Any]) -> Any:
        pc = self.peers[index]

        async def go() -> Any:
            result = call(pc)
            if asyncio.isfuture(result) or asyncio.iscoroutine(result):
                result = await result
            return result

        return self.loop.run_until_complete(go())

    def good(self, index: int, call: Callable[[RTCPeerConnection], Any]) -> Any:
        """A call that may fail only with a documented error, atomically."""
        return self.attempt(index, call, must_fail=False)

    def bad(self, index: int, call: Callable[[RTCPeerConnection], Any]) -> None:
        """A call that must fail with a documented error and change nothing."""
        self.attempt(index, call, must_fail=True)

    def attempt(
        self, index: int, call: Callable[[RTCPeerConnection], Any], *, must_fail: bool
    ) -> Any:
        self.settle()
        before = observe(self.peers[index])
        try:
            result = self.run_call(index, call)
        except DOCUMENTED:
            self.failures += 1
            self.settle()
            assert observe(self.peers[index]) == before, "a failed call changed the connection"
            return None
        assert not must_fail, "a bad call succeeded"
        return result

    def state(self, index: int) -> str:
        return self.peers[index].signalingState

    # --- good calls -------------------------------------------------------------------

    @precondition(_room)
    @rule(who=st.integers(0, 1), kind=st.sampled_from(["audio", "video"]))
    def add_transceiver(self, who: int, kind: str) -> None:
        self.good(who, lambda pc: pc.addTransceiver(kind))

    @precondition(_room)
    @rule(who=st.integers(0, 1), kind=st.sampled_from(["audio", "video"]))
    def add_track(self, who: int, kind: str) -> None:
        track = MediaStreamTrack(kind)
        self.tracks.append(track)
        self.good(who, lambda pc: pc.addTrack(track, MediaStream("s")))

    @rule(who=st.integers(0, 1))
    def create_data_channel(self, who: int) -> None:
        self.good(who, lambda pc: pc.createDataChannel("chat"))

    @rule(who=st.integers(0, 1), pick=st.integers(0, 9))
    def stop_transceiver(self, who: int, pick: int) -> None:
        transceivers = self.peers[who].getTransceivers()
        if transceivers:
            self.good(who, lambda pc: transceivers[pick % len(transceivers)].stop())

    @rule(who=st.integers(0, 1))
    def restart_ice(self, who: int) -> None:
        self.good(who, lambda pc: pc.restartIce())

    @precondition(lambda self: self.state(0) == self.state(1) == "stable" and not self.diverged)
    @rule(who=st.integers(0, 1))
    def negotiate(self, who: int) -> None:
        """A full offer/answer round succeeds whatever bad input came before (the peers stay usable)."""
        offerer, answerer = self.peers[who], self.peers[1 - who]
        self.settle()
        self.loop.run_until_complete(negotiate(offerer, answerer))
        assert offerer.signalingState == answerer.signalingState == "stable"
        self.settle()
        self.deliver_candidates(0)
        self.deliver_candidates(1)
        self.settle()

    @precondition(lambda self: self.state(0) == self.state(1) == "stable" and not self.diverged)
    @rule(who=st.integers(0, 1))
    def offer_only(self, who: int) -> None:
        """The offerer sets its offer and the answerer takes it: both wait for the answer."""

        async def half(offerer: RTCPeerConnection, answerer: RTCPeerConnection) -> None:
            await offerer.setLocalDescription(await offerer.createOffer())
            await answerer.setRemoteDescription(offerer.localDescription)

        self.settle()
        self.loop.run_until_complete(half(self.peers[who], self.peers[1 - who]))

    @precondition(
        lambda self: "have-remote-offer" in (self.state(0), self.state(1)) and not self.diverged
    )
    @rule()
    def answer(self) -> None:
        """The answerer answers and the offerer takes the answer."""
        who = 0 if self.state(0) == "have-remote-offer" else 1
        answerer, offerer = self.peers[who], self.peers[1 - who]

        async def finish() -> None:
            await answerer.setLocalDescription(await answerer.createAnswer())
            if offerer.signalingState == "have-local-offer":
                await offerer.setRemoteDescription(answerer.localDescription)

        self.settle()
        self.loop.run_until_complete(finish())

    @rule(who=st.integers(0, 1))
    def deliver_candidates(self, who: int) -> None:
        """Trickle: the candidates the other peer gathered (documented failures only, atomic)."""
        waiting, self.candidates[1 - who] = self.candidates[1 - who], []
        for candidate in waiting:
            if candidate is not None and self.peers[who].remoteDescription is not None:
                self.good(who, lambda pc, c=candidate: pc.addIceCandidate(c))

    # --- bad calls --------------------------------------------------------------------

    @precondition(lambda self: "have-local-offer" not in (self.state(0), self.state(1)))
    @rule(who=st.integers(0, 1), line=st.sampled_from(SYNTAX_ERRORS), at=st.integers(1, 60))
    def remote_syntax_error(self, who: int, line: str, at: int) -> None:
        """setRemoteDescription with a syntax error: RTCError sdp-syntax-error, nothing changed."""
        source = self.peers[1 - who].localDescription
        sdp = (
            source.sdp
            if source is not None
            else "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
        )
        lines = sdp.split("\r\n")
        lines.insert(min(at, len(lines) - 1), line)
        kind = source.type if source is not None else "offer"

        def call(pc: RTCPeerConnection) -> Any:
            return pc.setRemoteDescription({"type": kind, "sdp": "\r\n".join(lines)})

        self.settle()
        before = observe(self.peers[who])
        with pytest.raises((RTCError, InvalidStateError)):
            self.run_call(who, call)
        self.settle()
        assert observe(self.peers[who]) == before

    @rule(who=st.integers(0, 1), kind=st.sampled_from(["offer", "answer", "pranswer"]))
    def remote_in_the_wrong_state(self, who: int, kind: str) -> None:
        """setRemoteDescription of a type the signaling state does not take: InvalidStateError, nothing changed (RFC 9429, 5.6)."""
        allowed = {
            "stable": {"offer"},
            "have-local-offer": {"answer", "pranswer", "offer"},
            "have-remote-offer": {"offer"},
            "have-local-pranswer": set(),
            "have-remote-pranswer": {"answer", "pranswer"},
        }
        if kind in allowed.get(self.state(who), set()):
            return
        sdp = self.peers[1 - who].localDescription or self.peers[who].localDescription
        text = sdp.sdp if sdp is not None else ""
        self.bad(who, lambda pc: pc.setRemoteDescription({"type": kind, "sdp": text}))

    @precondition(lambda self: "have-local-offer" not in (self.state(0), self.state(1)))
    @rule(
        who=st.integers(0, 1),
        how=st.sampled_from(
            [
                "fingerprint",
                "no-ice",
                "no-fingerprint",
                "setup-actpass",
                "duplicate-mid",
                "drop-m-line",
                "too-many-sections",
            ]
        ),
    )
    def remote_munged(self, who: int, how: str) -> None:
        """A munged copy of the other peer's description: if it is rejected, nothing changed."""
        source = self.peers[1 - who].localDescription
        if source is None:
            return
        sdp = _munge(source.sdp, how)
        before = self.peers[who].remoteDescription
        self.good(who, lambda pc: pc.setRemoteDescription({"type": source.type, "sdp": sdp}))
        after = self.peers[who].remoteDescription
        if after is not before and after is not None and after.sdp == sdp:
            # Taken (a munge that keeps the description valid, e.g. a first fingerprint):
            # an offer is rolled back; an answer leaves the pair out of step for good.
            if source.type == "offer":
                self.good(who, lambda pc: pc.setRemoteDescription({"type": "rollback"}))
            else:
                self.diverged = True

    @precondition(lambda self: "have-local-offer" in (self.state(0), self.state(1)))
    @rule(how=st.sampled_from(["no-ice", "no-fingerprint", "setup-actpass"]))
    def remote_munged_answer(self, how: str) -> None:
        """An answer to a pending offer munged against JSEP (no ICE, no fingerprint, actpass): InvalidAccessError, nothing changed (RFC 9429, 5.8)."""
        who = 0 if self.state(0) == "have-local-offer" else 1
        answerer = self.peers[1 - who]
        if answerer.signalingState != "have-remote-offer":
            return
        created = self.run_call(1 - who, lambda pc: pc.createAnswer())
        sdp = _munge(created.sdp, how)
        if sdp == created.sdp:
            return  # nothing to munge (an offer without m-sections)
        self.bad(who, lambda pc: pc.setRemoteDescription({"type": "answer", "sdp": sdp}))

    @rule(who=st.integers(0, 1), change=st.sampled_from(["a=sendrecv", "a=rtcp-mux", "a=mid:0"]))
    def local_munged(self, who: int, change: str) -> None:
        """setLocalDescription of a changed createOffer result: InvalidModificationError (webrtc-pc, SLD 4.2), nothing changed."""
        if self.state(who) not in ("stable", "have-local-offer"):
            return
        offer = self.run_call(who, lambda pc: pc.createOffer())
        if change not in offer.sdp:
            return
        sdp = offer.sdp.replace(change, change + "x", 1)
        self.bad(who, lambda pc: pc.setLocalDescription({"type": "offer", "sdp": sdp}))

    @rule(who=st.integers(0, 1))
    def local_in_the_wrong_state(self, who: int) -> None:
        """createAnswer / setLocalDescription(answer) without a remote offer: InvalidStateError, nothing changed."""
        if self.state(who) in ("have-remote-offer", "have-local-pranswer"):
            return
        self.bad(who, lambda pc: pc.createAnswer())
        self.bad(who, lambda pc: pc.setLocalDescription({"type": "answer", "sdp": "v=0\r\n"}))

    @rule(
        who=st.integers(0, 1),
        candidate=st.sampled_from(
            [
                "candidate:broken",
                "garbage",
                "candidate:1 1 udp 1 192.0.2.1 9 typ host ufrag zzzz",
                "candidate:1 1 udp 1 192.0.2.1 9 typ host generation 0" + " x y" * 100,
            ]
        ),
        mid=st.sampled_from(["0", "9", None]),
        index=st.sampled_from([None, 0, 40]),
    )
    def bad_candidate(self, who: int, candidate: str, mid: str | None, index: int | None) -> None:
        """An unparsable, misplaced, foreign-ufrag or over-long candidate: a documented error, nothing changed.

        (Unless its m-section belongs to a stopped transceiver: then it is ignored with
        success, webrtc-pc addIceCandidate step 4.4.)
        """
        init = {"candidate": candidate, "sdpMid": mid, "sdpMLineIndex": index}
        self.good(who, lambda pc: pc.addIceCandidate(init))

    @precondition(lambda self: any(pc.remoteDescription is not None for pc in self.peers))
    @rule(who=st.integers(0, 1))
    def too_many_candidates(self, who: int) -> None:
        """Candidates past Limits.max_candidates_per_media_section: OperationError, nothing changed."""
        pc = self.peers[who]
        remote = pc.remoteDescription
        if remote is None or "a=mid:" not in remote.sdp:
            return
        mid = remote.sdp.split("a=mid:", 1)[1].split("\r\n", 1)[0]
        for n in range(LIMITS.max_candidates_per_media_section + 1):
            init = {
                "candidate": f"candidate:{n} 1 udp {n + 1} 198.18.0.{n + 1} {n + 1000} typ host",
                "sdpMid": mid,
            }
            self.good(who, lambda pc, i=init: pc.addIceCandidate(i))

    @rule(who=st.integers(0, 1))
    def wrong_kind_track(self, who: int) -> None:
        """replaceTrack with a track of the other kind: TypeError (webrtc-pc, replaceTrack step 5), nothing changed."""
        for sender in self.peers[who].getSenders():
            kind = getattr(sender.track, "kind", None)
            if kind in ("audio", "video"):
                other = MediaStreamTrack("video" if kind == "audio" else "audio")
                self.bad(who, lambda pc, s=sender, t=other: s.replaceTrack(t))
                return

    @rule(who=st.integers(0, 1))
    def same_track_twice(self, who: int) -> None:
        """addTrack of a track that already has a sender: InvalidAccessError (webrtc-pc, addTrack step 6), nothing changed."""
        for sender in self.peers[who].getSenders():
            if sender.track is not None and self.state(who) != "closed":
                self.bad(who, lambda pc, t=sender.track: pc.addTrack(t))
                return

    @rule(who=st.integers(0, 1))
    def foreign_sender(self, who: int) -> None:
        """removeTrack of the other connection's sender: InvalidAccessError (webrtc-pc, removeTrack step 4), nothing changed."""
        senders = self.peers[1 - who].getSenders()
        if senders:
            self.bad(who, lambda pc: pc.removeTrack(senders[0]))

    @rule(
        who=st.integers(0, 1),
        call=st.sampled_from(
            ["kind", "direction", "stopped", "channel", "codecs", "configuration"]
        ),
    )
    def bad_arguments(self, who: int, call: str) -> None:
        """Malformed arguments (kind, direction, data channel init, codecs, configuration): TypeError/ValueError/InvalidModificationError, nothing changed."""
        transceivers = self.peers[who].getTransceivers()
        if call == "kind":
            self.bad(who, lambda pc: pc.addTransceiver("text"))
        elif call == "direction" and transceivers:
            self.bad(who, lambda pc: setattr(transceivers[0], "direction", "sideways"))
        elif call == "stopped" and transceivers:
            self.bad(who, lambda pc: setattr(transceivers[0], "direction", "stopped"))
        elif call == "channel":
            self.bad(
                who,
                lambda pc: pc.createDataChannel("x", maxRetransmits=1, maxPacketLifeTime=1),
            )
        elif call == "codecs" and transceivers:
            codec = {"mimeType": "audio/x-none", "clockRate": 1}
            self.bad(who, lambda pc: transceivers[0].setCodecPreferences([codec]))
        elif call == "configuration" and self.peers[who].localDescription is not None:
            self.bad(who, lambda pc: pc.setConfiguration({"bundlePolicy": "max-compat"}))

    # --- invariants --------------------------------------------------------------------

    @invariant()
    def states_are_in_the_table(self) -> None:
        for pc in self.peers:
            assert pc.signalingState in {
                "stable",
                "have-local-offer",
                "have-remote-offer",
                "have-local-pranswer",
                "have-remote-pranswer",
            }


Atomicity.TestCase.settings = settings(
    stateful_step_count=25, suppress_health_check=[HealthCheck.too_slow], deadline=None
)
test_failed_calls_change_nothing = Atomicity.TestCase


def test_a_failed_remote_offer_keeps_the_implicit_rollback_only() -> None:
    """setRemoteDescription(bad offer) in have-local-offer: the implicit rollback stays, nothing else changes (webrtc-pc sRD 3.1; WPT)."""

    async def scenario() -> None:
        first, second = make_pair()
        first.addTransceiver("audio")
        await negotiate(first, second)
        first.addTransceiver("video")
        await first.setLocalDescription(await first.createOffer())
        offer = (await second.createOffer()).sdp.replace("a=mid:", "a=rtpmap:abc x/1\r\na=mid:", 1)
        with pytest.raises(RTCError):
            await first.setRemoteDescription({"type": "offer", "sdp": offer})
        assert first.signalingState == "stable"
        assert first.pendingLocalDescription is None
        assert first.currentLocalDescription is not None
        assert [t.mid for t in first.getTransceivers()] == ["0", None]
        await negotiate(first, second)
        mids = [t.mid for t in first.getTransceivers()]
        assert mids[0] == "0" and mids[1] not in (None, "0")
        for pc in (first, second):
            pc.close()

    run(scenario())
