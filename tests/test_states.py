"""The signaling state machine: every (state, side, type) against the one table in _states."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from _core import Peer, pair, peer, track

from sdpmodel._states import LOCAL, REMOTE, TRANSITIONS, Action, Side, diagram, transition
from sdpmodel.enums import RTCSdpType, RTCSignalingState
from sdpmodel.errors import InvalidStateError

S = RTCSignalingState
T = RTCSdpType
DOCS = Path(__file__).resolve().parent.parent / "docs" / "state-machine.md"


def in_state(state: RTCSignalingState) -> tuple[Peer, Peer]:
    """A peer in ``state`` and the counterpart it negotiates with."""
    a, b = pair()
    a.add_track(track("audio"))
    b.add_track(track("audio", "b-audio"))
    if state is S.STABLE:
        return a, b
    if state is S.CLOSED:
        a.close()
        return a, b
    offer = (
        b.create_offer()
        if state in (S.HAVE_REMOTE_OFFER, S.HAVE_LOCAL_PRANSWER)
        else a.create_offer()
    )
    if state in (S.HAVE_LOCAL_OFFER, S.HAVE_REMOTE_PRANSWER):
        a.set_local_description("offer", offer)
        b.set_remote_description("offer", offer)
        if state is S.HAVE_REMOTE_PRANSWER:
            answer = b.create_answer()
            b.set_local_description("pranswer", answer)
            a.set_remote_description("pranswer", answer)
        return a, b
    b.set_local_description("offer", offer)
    a.set_remote_description("offer", offer)
    if state is S.HAVE_LOCAL_PRANSWER:
        answer = a.create_answer()
        a.set_local_description("pranswer", answer)
        b.set_remote_description("pranswer", answer)
    return a, b


def remote_sdp(a: Peer, b: Peer, sdp_type: RTCSdpType) -> str:
    """An SDP of ``sdp_type`` that is valid as a remote description for ``a`` when the state allows it."""
    if sdp_type is T.ROLLBACK:
        return ""
    if sdp_type is T.OFFER:
        third = peer("c")
        third.add_track(track("audio", "c-audio"))
        return str(third.create_offer())
    # An answer or pranswer: from b, answering a's pending local offer when there is one.
    if a.session.pending_local is not None and a.session.pending_local.type is T.OFFER:
        other = peer("d")
        other.set_remote_description("offer", a.session.pending_local.text)
        return str(other.create_answer())
    third = peer("e")
    third.add_track(track("audio", "e-audio"))
    offer = third.create_offer()
    fourth = peer("f")
    fourth.set_remote_description("offer", offer)
    return str(fourth.create_answer())


CASES = list(itertools.product(S, (LOCAL, REMOTE), T))


def _case_id(case: tuple[RTCSignalingState, Side, RTCSdpType]) -> str:
    state, side, sdp_type = case
    call = "setLocal" if side is LOCAL else "setRemote"
    row = transition(state, side, sdp_type)
    target = row.next_state.value if row is not None else "InvalidStateError"
    return f"{state.value}-{call}({sdp_type.value})->{target}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_every_state_side_and_type(case: tuple[RTCSignalingState, Side, RTCSdpType]) -> None:
    """RFC 9429, 3.2 and webrtc-pc set the session description: the table decides every call; the rest raise InvalidStateError and change nothing."""
    state, side, sdp_type = case
    a, b = in_state(state)
    assert a.session.signaling_state is state
    row = transition(state, side, sdp_type)
    before = a.session
    sdp = "" if side is LOCAL else remote_sdp(a, b, sdp_type)
    call = a.session.set_local_description if side is LOCAL else a.session.set_remote_description
    if row is None:
        with pytest.raises(InvalidStateError):
            call(sdp_type, sdp)
        assert a.session is before
        return
    step = call(sdp_type, sdp)
    assert step.session.signaling_state is row.next_state


def test_the_table_has_no_row_for_closed() -> None:
    """webrtc-pc: a closed connection takes no description at all."""
    assert not any(state is S.CLOSED for state, _, _ in TRANSITIONS)


def test_implicit_rollback_is_a_row() -> None:
    """webrtc-pc, setRemoteDescription() 3.1: a remote offer in have-local-offer rolls the local offer back first."""
    row = transition(S.HAVE_LOCAL_OFFER, REMOTE, T.OFFER)
    assert row is not None
    assert row.action is Action.ROLLBACK_THEN_APPLY
    assert row.next_state is S.HAVE_REMOTE_OFFER


def test_rollback_only_where_the_side_set_the_offer() -> None:
    """RFC 9429, 5.5/5.6 and the web-platform-tests: sLD(rollback) only in have-local-offer, sRD(rollback) only in have-remote-offer."""
    rollbacks = {(state, side) for state, side, t in TRANSITIONS if t is T.ROLLBACK}
    assert rollbacks == {(S.HAVE_LOCAL_OFFER, LOCAL), (S.HAVE_REMOTE_OFFER, REMOTE)}


def test_committed_state_diagram_is_current() -> None:
    """The docs' state diagram is generated from the transition table; regenerate it with `python -m sdpmodel diagram`."""
    text = DOCS.read_text(encoding="utf-8")
    assert diagram() in text, (
        "docs/state-machine.md is stale: run `python -m sdpmodel diagram --write`"
    )
