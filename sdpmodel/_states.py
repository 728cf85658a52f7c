"""The signaling state machine: the ONE table of every transition.

Rule 1 (h11's): everything that decides whether a description may be set, and
which signaling state follows, lives in this file.  ``TRANSITIONS`` maps
``(state, side, sdp type)`` to what to do and where to go; anything not in
the map is invalid and raises ``InvalidStateError`` (webrtc-pc, "set the
session description": "If description's type is invalid for the current
signaling state of connection as described in [RFC9429] (section 5.5 and
section 5.6), reject p with a newly created InvalidStateError").

The table transcribes RFC 9429, 3.2 ("Session Description Control") and
its state diagram (Figure 2), with two webrtc-pc rules on top:

* rollback: webrtc-pc, "set the session description", step 2 rejects a
  rollback in stable, have-local-pranswer and have-remote-pranswer; RFC 9429,
  5.5 and 5.6 allow a local rollback only in have-local-offer and a remote
  one only in have-remote-offer (the offer being rolled back is the one
  that side set), as the web-platform-tests check.
* implicit rollback: webrtc-pc, setRemoteDescription(), step 4.1 (before the
  description is set): "If description.type is "offer" and ... signaling
  state is "have-local-offer", ... set the local description to
  {type: "rollback"}" first; it is the row ``(have-local-offer, remote,
  offer)`` with the action ``ROLLBACK_THEN_APPLY``.

The documentation's state diagram (docs/state-machine.md) is generated from
this table by ``diagram()``; a test fails when the committed copy is stale.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from sdpmodel.enums import RTCSdpType, RTCSignalingState

__all__ = [
    "LOCAL",
    "REMOTE",
    "TRANSITIONS",
    "Action",
    "Side",
    "Transition",
    "diagram",
    "implicit_type",
    "transition",
]

S = RTCSignalingState
T = RTCSdpType


class Side(StrEnum):
    """Which description is being set: ``local`` (setLocalDescription) or ``remote``."""

    LOCAL = "local"
    REMOTE = "remote"

    def __str__(self) -> str:
        return self.value


LOCAL = Side.LOCAL
REMOTE = Side.REMOTE


class Action(StrEnum):
    """What setting the description does before the state changes."""

    #: Apply the description (RFC 9429, 5.5 / 5.6 then 5.9 / 5.10).
    APPLY = "apply"
    #: Discard the pending descriptions and restore the stable state (RFC 9429, 5.7).
    ROLLBACK = "rollback"
    #: Roll the pending local offer back, then apply the remote offer (webrtc-pc, sRD 4.1).
    ROLLBACK_THEN_APPLY = "rollback, then apply"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Transition:
    """One row: the action and the state that follows it, with the rule it comes from."""

    action: Action
    next_state: RTCSignalingState
    source: str


_APPLY_OFFER = "RFC 9429, 3.2 and 5.5/5.6: an offer is set in stable or over the pending offer"
_APPLY_ANSWER = "RFC 9429, 3.2: an answer to the pending offer ends the negotiation in stable"
_APPLY_PRANSWER = "RFC 9429, 4.1.10.1: a provisional answer; more may follow, then the answer"
_ROLLBACK = "RFC 9429, 5.5/5.6 and 5.7: a side rolls back the offer it set"
_IMPLICIT = "webrtc-pc, setRemoteDescription(), step 4.1: implicit rollback of the local offer"

#: (state, side, type) -> Transition.  Anything missing is an InvalidStateError.
TRANSITIONS: dict[tuple[RTCSignalingState, Side, RTCSdpType], Transition] = {
    # setLocalDescription
    (S.STABLE, LOCAL, T.OFFER): Transition(Action.APPLY, S.HAVE_LOCAL_OFFER, _APPLY_OFFER),
    (S.HAVE_LOCAL_OFFER, LOCAL, T.OFFER): Transition(
        Action.APPLY, S.HAVE_LOCAL_OFFER, _APPLY_OFFER
    ),
    (S.HAVE_LOCAL_OFFER, LOCAL, T.ROLLBACK): Transition(Action.ROLLBACK, S.STABLE, _ROLLBACK),
    (S.HAVE_REMOTE_OFFER, LOCAL, T.ANSWER): Transition(Action.APPLY, S.STABLE, _APPLY_ANSWER),
    (S.HAVE_REMOTE_OFFER, LOCAL, T.PRANSWER): Transition(
        Action.APPLY, S.HAVE_LOCAL_PRANSWER, _APPLY_PRANSWER
    ),
    (S.HAVE_LOCAL_PRANSWER, LOCAL, T.PRANSWER): Transition(
        Action.APPLY, S.HAVE_LOCAL_PRANSWER, _APPLY_PRANSWER
    ),
    (S.HAVE_LOCAL_PRANSWER, LOCAL, T.ANSWER): Transition(Action.APPLY, S.STABLE, _APPLY_ANSWER),
    # setRemoteDescription
    (S.STABLE, REMOTE, T.OFFER): Transition(Action.APPLY, S.HAVE_REMOTE_OFFER, _APPLY_OFFER),
    (S.HAVE_REMOTE_OFFER, REMOTE, T.OFFER): Transition(
        Action.APPLY, S.HAVE_REMOTE_OFFER, _APPLY_OFFER
    ),
    (S.HAVE_LOCAL_OFFER, REMOTE, T.OFFER): Transition(
        Action.ROLLBACK_THEN_APPLY, S.HAVE_REMOTE_OFFER, _IMPLICIT
    ),
    (S.HAVE_REMOTE_OFFER, REMOTE, T.ROLLBACK): Transition(Action.ROLLBACK, S.STABLE, _ROLLBACK),
    (S.HAVE_LOCAL_OFFER, REMOTE, T.ANSWER): Transition(Action.APPLY, S.STABLE, _APPLY_ANSWER),
    (S.HAVE_LOCAL_OFFER, REMOTE, T.PRANSWER): Transition(
        Action.APPLY, S.HAVE_REMOTE_PRANSWER, _APPLY_PRANSWER
    ),
    (S.HAVE_REMOTE_PRANSWER, REMOTE, T.PRANSWER): Transition(
        Action.APPLY, S.HAVE_REMOTE_PRANSWER, _APPLY_PRANSWER
    ),
    (S.HAVE_REMOTE_PRANSWER, REMOTE, T.ANSWER): Transition(Action.APPLY, S.STABLE, _APPLY_ANSWER),
}


def transition(state: RTCSignalingState, side: Side, sdp_type: RTCSdpType) -> Transition | None:
    """The row for ``(state, side, sdp_type)``, or None when the call is invalid there."""
    return TRANSITIONS.get((state, side, sdp_type))


def implicit_type(state: RTCSignalingState) -> RTCSdpType:
    """The type a parameterless setLocalDescription() creates in ``state``.

    webrtc-pc, setLocalDescription(), step 4.3: "If type is undefined ... if
    signalingState is either "stable", "have-local-offer", or
    "have-remote-pranswer", [create] an offer; otherwise an answer".
    """
    if state in (S.STABLE, S.HAVE_LOCAL_OFFER, S.HAVE_REMOTE_PRANSWER):
        return T.OFFER
    return T.ANSWER


def diagram() -> str:
    """The state diagram as Mermaid text, one edge per row of ``TRANSITIONS``."""
    ids = {state: state.value.replace("-", "_") for state in S}
    lines = ["stateDiagram-v2", "    [*] --> stable"]
    for (state, side, sdp_type), row in TRANSITIONS.items():
        call = "setLocal" if side is LOCAL else "setRemote"
        label = f"{call}({sdp_type})"
        if row.action is Action.ROLLBACK_THEN_APPLY:
            label += " [implicit rollback]"
        lines.append(f"    {ids[state]} --> {ids[row.next_state]}: {label}")
    for state in S:
        if state is not S.CLOSED:
            lines.append(f"    {ids[state]} --> closed: close()")
    lines.append("    closed --> [*]")
    for state, name in ids.items():
        if name != state.value:
            lines.append(f'    state "{state.value}" as {name}')
    return "\n".join(lines) + "\n"
