"""Explaining descriptions one has in hand: what answering an offer decides, what an answer did.

Two questions people ask with SDP files in front of them, answered on the
pure core and the SDP model (no I/O, no clock: ``sdpmodel explain`` prints
the results):

* ``explain_offer(offer)``: what would a WebRTC endpoint decide?  A fresh
  sdpmodel session (no tracks of its own, deterministic ids) applies the
  text as a remote offer, creates an answer and sets it, as an answerer
  does; each operation's decisions come back as an ``Explanation``, with
  the answer.  A documented error on the way (an offer the JSEP rules
  refuse) is the result, not an exception.
* ``explain_answer(offer, answer)``: what did this answer decide, relative
  to its offer?  Per m-section: accepted or rejected, the direction and the
  RFC 3264 rule that allows it, the codecs kept with the offer's payload
  types and those left out, the BUNDLE group and its tags, the ICE and DTLS
  roles, the SCTP values.  Broken rules come back as ``Problem`` values
  with their line in the answer: the ones ``validate`` and the JSEP parsing
  rules find, plus the offer/answer rules checked here (direction, payload
  types).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from sdpmodel._decided import codec_summary
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.decisions import Decision, Explanation
from sdpmodel.enums import MediaDirection, SetupRole
from sdpmodel.errors import (
    InvalidAccessError,
    InvalidModificationError,
    InvalidStateError,
    NotSupportedError,
    OperationError,
)
from sdpmodel.ids import SequentialIds
from sdpmodel.jsep import Session, Step
from sdpmodel.model import Codec, MediaDescription, SessionDescription
from sdpmodel.validate import Problem, jsep_problems, validate

__all__ = [
    "ALLOWED_ANSWERS",
    "AnswerExplanation",
    "OfferExplanation",
    "explain_answer",
    "explain_offer",
]

D = MediaDirection

#: RFC 3264, 6.1: the directions an answer may give an m-section offered with each direction.
ALLOWED_ANSWERS: dict[MediaDirection, tuple[MediaDirection, ...]] = {
    D.SENDRECV: (D.SENDRECV, D.SENDONLY, D.RECVONLY, D.INACTIVE),
    D.SENDONLY: (D.RECVONLY, D.INACTIVE),
    D.RECVONLY: (D.SENDONLY, D.INACTIVE),
    D.INACTIVE: (D.INACTIVE,),
}

#: The errors the core documents for a description it refuses (webrtc-pc, 4.4.1.5).
_REFUSALS = (
    InvalidAccessError,
    InvalidModificationError,
    InvalidStateError,
    NotSupportedError,
    OperationError,
    TypeError,
    ValueError,
)


@attrs.frozen
class OfferExplanation:
    """What a fresh answerer decided: one ``Explanation`` per operation, and its answer.

    ``refused`` is ``"<ErrorName>: <message>"`` when an operation raised a
    documented error (the explanations stop before it); ``answer`` is the
    SDP of the answer when one was made.
    """

    explanations: tuple[Explanation, ...]
    answer: str | None
    refused: str | None = None


@attrs.frozen
class AnswerExplanation:
    """What an answer decided relative to its offer, and the rules it breaks."""

    decisions: tuple[Decision, ...]
    problems: tuple[Problem, ...]


def explain_offer(offer: str, *, configuration: RTCConfiguration | None = None) -> OfferExplanation:
    """Apply ``offer`` on a fresh session, answer it, and say what each step decided.

    The session has no tracks or data channels of its own (it receives what
    is offered), ``configuration`` decides its bundle and rtcp-mux policies,
    and its ids are sequential ("answerer"), so the result is the same on
    every run.  A syntax error raises ``RTCError`` (parse first to show it).
    """
    session = Session.create(configuration, ids=SequentialIds("answerer"))
    explanations: list[Explanation] = []
    answer: str | None = None

    def record(operation: str, step: Step[Any]) -> Session:
        explanations.append(
            Explanation(
                operation,
                str(session.signaling_state),
                str(step.session.signaling_state),
                step.decisions,
            )
        )
        return step.session

    try:
        # What an answerer does with an offer (webrtc-pc; the MDN answerer example).
        session = record(
            "setRemoteDescription(offer)", session.set_remote_description("offer", offer)
        )
        created = session.create_answer()
        answer = created.value
        session = record("createAnswer", created)
        session = record(
            "setLocalDescription(answer)", session.set_local_description("answer", answer)
        )
    except _REFUSALS as error:
        name = getattr(error, "name", type(error).__name__)
        return OfferExplanation(tuple(explanations), answer, f"{name}: {error}")
    return OfferExplanation(tuple(explanations), answer)


# --- an answer, relative to its offer ----------------------------------------------------


def explain_answer(offer: SessionDescription, answer: SessionDescription) -> AnswerExplanation:
    """The decisions ``answer`` shows relative to ``offer``, and its problems in line order."""
    decisions: list[Decision] = []
    problems: list[Problem] = []
    media_lines = _media_lines(answer)
    decisions.extend(_bundle(offer, answer))
    decisions.extend(_ice(offer, answer))
    for index, answered in enumerate(answer.media):
        if index >= len(offer.media):
            break  # validate() reports the extra m-line
        offered = offer.media[index]
        subject = f"m={index}"
        line = media_lines[index]
        label = f"{answered.media}, mid {answered.mid}"
        if offered.is_rejected:
            decisions.append(
                Decision(subject, f"{label}: rejected by the offer (port 0)", "RFC 3264, 6")
            )
            if not answered.is_rejected:
                problems.append(
                    Problem(
                        line,
                        "RFC 3264, 6",
                        "the offer rejects this m-section (port 0): the answer must reject it too",
                    )
                )
            continue
        if answered.is_rejected:
            decisions.append(
                Decision(
                    subject,
                    f"{label}: rejected by the answer (port 0): no media flows and its "
                    "transceivers stop",
                    "RFC 3264, 6; RFC 9429, 5.3.1 and 5.11",
                )
            )
            continue
        if answered.media == "application":
            decisions.append(_data(subject, label, offered, answered))
        else:
            found = _direction(subject, label, offered, answered, line)
            decisions.append(found[0])
            problems.extend(found[1])
            found_codecs = _codecs(subject, offered.codecs, answered.codecs, line)
            decisions.extend(found_codecs[0])
            problems.extend(found_codecs[1])
        decisions.extend(_dtls(subject, offered, answered, offer, answer))
    # The rules validate() and the JSEP parsing rules check, without repeats.
    seen = {(p.line, p.message) for p in problems}
    for problem in (
        *validate(answer, offer=offer),
        *jsep_problems(answer, sdp_type="answer", offer=offer),
    ):
        if (problem.line, problem.message) not in seen:
            seen.add((problem.line, problem.message))
            problems.append(problem)
    problems.sort(key=lambda p: p.line)
    return AnswerExplanation(tuple(decisions), tuple(problems))


def _media_lines(desc: SessionDescription) -> list[int]:
    """The 1-based line number of each m= line (serialization is byte-exact)."""
    return [
        number
        for number, line in enumerate(desc.to_sdp().split("\r\n"), start=1)
        if line.startswith("m=")
    ]


def _bundle(offer: SessionDescription, answer: SessionDescription) -> list[Decision]:
    offered, answered = offer.bundle_groups, answer.bundle_groups
    if not offered:
        return [Decision("session", "no BUNDLE offered: one transport per m-section", "RFC 9143")]
    out: list[Decision] = []
    for group in offered:
        out.append(
            Decision(
                "session",
                f"offered BUNDLE {' '.join(group)}, offerer-tagged {group[0] if group else '-'}",
                "RFC 9143, 7.2",
            )
        )
    if not answered:
        out.append(
            Decision(
                "session",
                "the answer declines BUNDLE: every accepted m-section has its own transport",
                "RFC 9143, 7.3",
            )
        )
        return out
    for group in answered:
        source = next((g for g in offered if set(group) <= set(g)), ())
        left = [m for m in source if m not in group]
        text = (
            f"answered BUNDLE {' '.join(group)}: the answerer-tagged m-section is mid "
            f"{group[0] if group else '-'}, whose transport every member uses"
        )
        if left:
            text += f"; mids {' '.join(left)} left the group (rejected or moved out)"
        out.append(Decision("session", text, "RFC 9143, 7.3"))
    return out


def _ice(offer: SessionDescription, answer: SessionDescription) -> list[Decision]:
    # RFC 8445, 6.1.1: the offerer is controlling, unless it is lite and the answerer full.
    if offer.ice_lite and not answer.ice_lite:
        roles = "the offer is ice-lite: the answerer is the controlling ICE agent"
    elif answer.ice_lite and not offer.ice_lite:
        roles = "the answer is ice-lite: the offerer is the controlling ICE agent"
    else:
        roles = "the offerer is the controlling ICE agent, the answerer the controlled one"
    out = [Decision("session", roles, "RFC 8445, 6.1.1")]
    offered = set(offer.ice_options).union(*(m.ice_options for m in offer.media))
    answered = set(answer.ice_options).union(*(m.ice_options for m in answer.media))
    if "trickle" in offered and "trickle" in answered:
        out.append(
            Decision(
                "session",
                "both ends take trickled candidates (ice-options trickle)",
                "RFC 8840, 4.1.1; webrtc-pc, canTrickleIceCandidates",
            )
        )
    return out


def _direction(
    subject: str, label: str, offered: MediaDescription, answered: MediaDescription, line: int
) -> tuple[Decision, list[Problem]]:
    was, now = offered.direction, answered.direction
    flows = []
    if now.receives:
        flows.append("offerer -> answerer")
    if now.sends:
        flows.append("answerer -> offerer")
    decision = Decision(
        subject,
        f"{label}: offered {was}, answered {now}: media "
        + (" and ".join(flows) if flows else "flows neither way"),
        "RFC 3264, 6.1",
    )
    problems = []
    if now not in ALLOWED_ANSWERS[was]:
        allowed = " or ".join(ALLOWED_ANSWERS[was])
        problems.append(
            Problem(
                line,
                "RFC 3264, 6.1",
                f"an m-section offered {was} cannot be answered {now} (use {allowed})",
            )
        )
    return decision, problems


def _codecs(
    subject: str, offered: Sequence[Codec], answered: Sequence[Codec], line: int
) -> tuple[list[Decision], list[Problem]]:
    by_pt = {c.payload_type: c for c in offered}
    kept: list[Codec] = []
    problems: list[Problem] = []
    for codec in answered:
        offered_codec = by_pt.get(codec.payload_type)
        if offered_codec is None:
            problems.append(
                Problem(
                    line,
                    "RFC 9429, 5.3.1",
                    f"payload type {codec.payload_type} ({_name(codec)}) was not offered: an "
                    "answer lists offered codecs only",
                )
            )
        elif _identity(offered_codec) != _identity(codec):
            # RFC 3264, 6.1: an offered number given another codec; validate(answer,
            # offer=...) reports it at its a=rtpmap line, merged below.
            continue
        else:
            kept.append(codec)
    answered_pts = {c.payload_type for c in answered}
    left = [_name(c) for c in offered if c.payload_type not in answered_pts]
    decisions = [
        Decision(
            subject,
            f"codecs kept from the offer, with its payload types: {codec_summary(kept)}",
            "RFC 3264, 6.1; RFC 9429, 5.3.1",
        )
    ]
    if left:
        decisions.append(
            Decision(
                subject,
                f"offered but left out: {', '.join(left)}",
                "RFC 3264, 6.1",
                detail=True,
            )
        )
    return decisions, problems


def _identity(codec: Codec) -> tuple[str, int | None, int | None]:
    return ((codec.name or "").lower(), codec.clock_rate, codec.channels)


def _name(codec: Codec) -> str:
    text = f"{codec.payload_type} {codec.name or '(static)'}"
    if codec.clock_rate is not None:
        text += f"/{codec.clock_rate}"
    if codec.channels is not None:
        text += f"/{codec.channels}"
    return text


def _data(
    subject: str, label: str, offered: MediaDescription, answered: MediaDescription
) -> Decision:
    sizes = [s for s in (offered.max_message_size, answered.max_message_size) if s is not None]
    largest = f"messages up to {min(sizes)} bytes" if sizes else "max-message-size 64 KiB"
    return Decision(
        subject,
        f"{label}: data channels accepted, SCTP port {offered.sctp_port} (offerer) to "
        f"{answered.sctp_port} (answerer), {largest}",
        "RFC 8841, 5, 6 and 10",
    )


def _dtls(
    subject: str,
    offered: MediaDescription,
    answered: MediaDescription,
    offer: SessionDescription,
    answer: SessionDescription,
) -> list[Decision]:
    asked = offered.setup or offer.setup
    given = answered.setup or answer.setup
    if given is None:
        return []  # bundled: the tag's m-section says it
    if given is SetupRole.ACTIVE:
        roles = "the answerer is the DTLS client, the offerer the server"
    elif given is SetupRole.PASSIVE:
        roles = "the offerer is the DTLS client, the answerer the server"
    else:
        roles = "no DTLS role is decided (an answer must say active or passive)"
    return [
        Decision(
            subject,
            f"a=setup:{given} answers a=setup:{asked or '(none)'}: {roles}",
            "RFC 8842, 5.3; RFC 5763, 5",
        )
    ]
