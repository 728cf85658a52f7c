"""ICE candidates: addIceCandidate (remote) and the gathered local candidates.

This module owns webrtc-pc addIceCandidate() (steps 3 and 4, with the
errors of the MDN page: TypeError, InvalidStateError, OperationError) and
"surface a candidate" (5.6): a candidate is added to the pending and current
descriptions it belongs to, so ``remoteDescription`` / ``localDescription``
show it (RFC 9429, 4.1.13 to 4.1.16).  Candidates belong to one ICE
generation, told apart by the ufrag (RFC 8838, 11).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from sdpmodel._msection import default_connection, transport_id
from sdpmodel._parser import parse_candidate
from sdpmodel.attributes import Attribute, Candidate, EndOfCandidates
from sdpmodel.decisions import Decision
from sdpmodel.effects import AddRemoteCandidate, Effect
from sdpmodel.errors import InvalidStateError, OperationError, RTCError
from sdpmodel.model import MediaDescription, SessionDescription

if TYPE_CHECKING:
    from sdpmodel.jsep import Description, Session, Step
    from sdpmodel.limits import Limits

__all__ = ["IceCandidateEvent", "add_ice_candidate", "add_local_candidate"]


@attrs.frozen
class IceCandidateEvent:
    """What an ``icecandidate`` event carries (webrtc-pc, 5.6 "surface a candidate")."""

    candidate: str
    sdp_mid: str | None
    sdp_mline_index: int | None
    username_fragment: str | None


def _ufrag(media: MediaDescription, desc: SessionDescription) -> str | None:
    return media.ice_ufrag or desc.ice_ufrag


def _with_attribute(media: MediaDescription, attribute: Attribute) -> MediaDescription:
    """Add a candidate (before an a=end-of-candidates) or the end-of-candidates line, once."""
    if attribute in media.attributes:
        return media
    attributes = list(media.attributes)
    if isinstance(attribute, Candidate):
        end = next((i for i, a in enumerate(attributes) if isinstance(a, EndOfCandidates)), None)
        if end is not None:
            attributes.insert(end, attribute)
        else:
            attributes.append(attribute)
    else:
        attributes.append(attribute)
    return attrs.evolve(media, attributes=tuple(attributes))


def _add_to(
    description: Description | None,
    index: int | None,
    ufrag: str | None,
    attribute: Attribute,
) -> Description | None:
    """The description with ``attribute`` in m-section ``index`` (or every one for None).

    Only m-sections of the candidate's ICE generation (their ufrag) change
    (webrtc-pc, addIceCandidate 4.7.2.2 / 4.7.2.3).
    """
    if description is None:
        return None
    sdp = description.sdp
    media = list(sdp.media)
    changed = False
    for i, section in enumerate(media):
        if index is not None and i != index:
            continue
        if section.is_rejected:
            continue
        if ufrag is not None and _ufrag(section, sdp) not in (ufrag, None):
            continue
        new = _with_attribute(section, attribute)
        if new is not section:
            media[i] = new
            changed = True
    if not changed:
        return description
    return attrs.evolve(description, sdp=attrs.evolve(sdp, media=tuple(media)))


def _own_ufrag(candidate: str, limits: Limits) -> str | None:
    """The ufrag extension of a candidate string, if it parses and has one."""
    if not candidate:
        return None
    text = candidate[2:] if candidate.startswith("a=") else candidate
    if not text.startswith("candidate:"):
        text = "candidate:" + text
    try:
        parsed = parse_candidate(text, limits=limits)
    except RTCError:
        return None  # step 4.7.1 rejects it
    return parsed.ufrag


def _would_exceed(
    description: Description | None,
    index: int | None,
    ufrag: str | None,
    candidate: Candidate,
    most: int,
) -> bool:
    """Whether adding ``candidate`` where ``_add_to`` would put it crosses ``most`` there."""
    if description is None or index is None or index >= len(description.sdp.media):
        return False
    section = description.sdp.media[index]
    if ufrag is not None and _ufrag(section, description.sdp) not in (ufrag, None):
        return False  # not this generation's m-section: it is not added there
    return candidate not in section.attributes and len(section.candidates) >= most


def add_ice_candidate(
    session: Session,
    candidate: str,
    *,
    sdp_mid: str | None,
    sdp_mline_index: int | None,
    username_fragment: str | None,
) -> Step[None]:
    """webrtc-pc, addIceCandidate(), steps 3 and 4.1 to 4.7."""
    from sdpmodel.jsep import Step

    if not isinstance(candidate, str):
        raise TypeError(
            f"RTCIceCandidateInit.candidate must be a string, not {type(candidate).__name__}"
        )
    if sdp_mline_index is not None and (
        not isinstance(sdp_mline_index, int)
        or isinstance(sdp_mline_index, bool)
        or not 0 <= sdp_mline_index <= 65535
    ):
        raise TypeError("RTCIceCandidateInit.sdpMLineIndex must be an unsigned short or null")
    # Step 3.
    if candidate != "" and sdp_mid is None and sdp_mline_index is None:
        raise TypeError(
            "addIceCandidate: sdpMid and sdpMLineIndex are both null (webrtc-pc, "
            "addIceCandidate, step 3)"
        )
    session._check_open("addIceCandidate")
    # 4.1
    remote = session.remote_description
    if remote is None:
        raise InvalidStateError(
            "addIceCandidate: there is no remote description yet (webrtc-pc, step 4.1): "
            "call setRemoteDescription first, or keep the candidate until then"
        )
    sdp = remote.sdp
    index: int | None = None
    if sdp_mid is not None:
        # 4.2
        index = next((i for i, m in enumerate(sdp.media) if m.mid == sdp_mid), None)
        if index is None:
            raise OperationError(
                f"addIceCandidate: no m-section of the remote description has mid {sdp_mid!r} "
                "(webrtc-pc, step 4.2.1)"
            )
    elif sdp_mline_index is not None:
        # 4.3
        if sdp_mline_index >= len(sdp.media):
            raise OperationError(
                f"addIceCandidate: sdpMLineIndex {sdp_mline_index} is out of range, the remote "
                f"description has {len(sdp.media)} m-sections (webrtc-pc, step 4.3.1)"
            )
        index = sdp_mline_index
    media = sdp.media[index] if index is not None else None
    # 4.4: a stopped transceiver's m-section: ignored, with success.
    if index is not None:
        owner = next((t for t in session.transceivers if t.m_line_index == index), None)
        if owner is not None and owner.stopped:
            ignored = Decision(
                f"m={index}",
                "the candidate is ignored: the m-section's transceiver is stopped",
                "webrtc-pc, addIceCandidate(), step 4.4",
            )
            return Step(session, decisions=(ignored,))
    # sdpmodel.limits: a trickled candidate becomes a line of the remote description
    # (RFC 9429, 4.1.17), so it is bounded like one, before it is parsed.
    limits = session.limits
    if len(candidate) > limits.max_line_length:
        raise OperationError(
            f"addIceCandidate: the candidate is {len(candidate):,} characters long, more than "
            f"the limit of {limits.max_line_length:,} (Limits.max_line_length)"
        )
    # A candidate's own ufrag extension names its ICE generation when usernameFragment
    # does not: the RTCIceCandidate constructor reads usernameFragment from it (webrtc-pc,
    # 4.8.1.1; MDN, RTCIceCandidate.usernameFragment).  So step 4.5 checks it too, and a
    # candidate that names two different generations matches neither.
    own_ufrag = _own_ufrag(candidate, limits)
    # Which field named the generation, for the error below: the usernameFragment
    # member, or the candidate's own ufrag extension standing in for it.
    named_by = f"usernameFragment {username_fragment!r}"
    if own_ufrag is not None:
        if username_fragment is None:
            username_fragment = own_ufrag
            named_by = f"the candidate's ufrag extension {own_ufrag!r} (no usernameFragment given)"
        elif own_ufrag != username_fragment:
            raise OperationError(
                f"addIceCandidate: the candidate's ufrag {own_ufrag!r} differs from its "
                f"usernameFragment {username_fragment!r} (webrtc-pc, step 4.5)"
            )
    # 4.5: the ufrag must name a remote ICE generation.
    if username_fragment is not None:
        # "... in the matching m-section of an applied remote description" (pending or current).
        known: set[str | None] = set()
        for other in (session.pending_remote, session.current_remote):
            if other is None:
                continue
            if index is None:
                known.update(_ufrag(m, other.sdp) for m in other.sdp.media)
            elif index < len(other.sdp.media):
                known.add(_ufrag(other.sdp.media[index], other.sdp))
        if username_fragment not in known:
            raise OperationError(
                f"addIceCandidate: {named_by} matches no ICE ufrag of the remote "
                "description (webrtc-pc, step 4.5)"
            )
    ufrag = username_fragment
    if ufrag is None and media is not None:
        ufrag = _ufrag(media, sdp)
    # 4.7: the candidate itself ("" is the end of candidates).
    attribute: Attribute
    parsed: Candidate | None = None
    if candidate == "":
        attribute = EndOfCandidates()
    else:
        text = candidate[2:] if candidate.startswith("a=") else candidate
        if not text.startswith("candidate:"):
            text = "candidate:" + text
        try:
            parsed = parse_candidate(text, limits=limits)
        except RTCError as exc:
            raise OperationError(
                f"addIceCandidate: the candidate cannot be parsed: {exc.message} "
                "(webrtc-pc, step 4.7.1)"
            ) from None
        attribute = parsed
        # sdpmodel.limits: the candidates one m-section may hold, trickled ones included.
        most = limits.max_candidates_per_media_section
        for description in (session.pending_remote, session.current_remote):
            if _would_exceed(description, index, ufrag, parsed, most):
                raise OperationError(
                    f"addIceCandidate: the m-section already holds {most:,} candidates, the "
                    "limit (Limits.max_candidates_per_media_section)"
                )
    pending = _add_to(session.pending_remote, index, ufrag, attribute)
    current = _add_to(session.current_remote, index, ufrag, attribute)
    new = attrs.evolve(session, pending_remote=pending, current_remote=current)
    effects: list[Effect] = []
    transports: list[tuple[str, str | None]] = []
    owners = [
        t
        for t in session.transceivers
        if t.transport is not None and (index is None or t.m_line_index == index)
    ]
    if session.data.transport is not None and (index is None or session.data.m_line_index == index):
        transports.append((session.data.transport, ufrag))
    for t in owners:
        assert t.transport is not None
        transports.append((t.transport, ufrag))
    for transport, generation in dict.fromkeys(transports):
        for connected_transport, _local, remote_ufrag in session.connected:
            if connected_transport == transport and generation in (None, remote_ufrag):
                effects.append(AddRemoteCandidate(transport, remote_ufrag, parsed))
    return Step(
        new,
        effects=tuple(dict.fromkeys(effects)),
        decisions=(_added(parsed, index, media, ufrag, bool(effects)),),
    )


def _added(
    candidate: Candidate | None,
    index: int | None,
    media: MediaDescription | None,
    ufrag: str | None,
    to_agent: bool,
) -> Decision:
    """What addIceCandidate did with a candidate (webrtc-pc, addIceCandidate(), step 4.7)."""
    if candidate is None:
        what = "end of candidates"
    else:
        address = f"[{candidate.address}]" if ":" in candidate.address else candidate.address
        what = f"{candidate.type} {candidate.transport} {address}:{candidate.port}"
    where = "every m-section" if index is None else f"m={index}"
    if media is not None and media.mid is not None:
        where += f" (mid {media.mid})"
    generation = f", ICE generation {ufrag}" if ufrag is not None else ""
    # 4.7.2: the remote description shows it; the ICE agent gets it once its transport runs.
    then = (
        "given to the ICE agent"
        if to_agent
        else "kept in the remote description until ICE starts on its transport"
    )
    return Decision(
        "candidate",
        f"{what} for {where}{generation}: {then}",
        "webrtc-pc, addIceCandidate(), step 4.7; RFC 8838, 11",
    )


def add_local_candidate(
    session: Session, transport: str, ufrag: str, candidate: Candidate | None
) -> Step[tuple[IceCandidateEvent, ...]]:
    """A gathered candidate (None: the end of gathering) of ``transport``, generation ``ufrag``.

    Adds it to the pending and current local descriptions (webrtc-pc,
    "surface a candidate", steps 3 and 4), sets the default candidate in
    ``m=`` / ``c=`` when it is the first (RFC 9429, 5.2.2), and returns the
    ``icecandidate`` events to fire.  A candidate of a generation no local
    description uses any more is dropped.
    """
    from sdpmodel.jsep import Step

    if session.is_closed or (transport, ufrag) not in session.gathering:
        return Step(session, value=())
    attribute: Attribute = EndOfCandidates() if candidate is None else candidate
    events: list[IceCandidateEvent] = []

    def carries(section: MediaDescription, sdp: SessionDescription) -> bool:
        # The m-section with the transport's attributes: the one named by it, or the
        # BUNDLE-tag its group moved to (RFC 9143, 7.5.3), which keeps the transport.
        # The ufrag first: a bundled m-section without ICE values of its own is ruled out
        # by one lookup, before its transport is worked out.
        return (
            section.mid is not None
            and _ufrag(section, sdp) == ufrag
            and transport_id(session, sdp, section.mid) == transport
        )

    def update(description: Description | None) -> Description | None:
        if description is None:
            return None
        sdp = description.sdp
        media = list(sdp.media)
        for i, section in enumerate(media):
            if not carries(section, sdp):
                continue
            new = _with_attribute(section, attribute)
            if (
                candidate is not None
                and candidate.component == 1
                and not section.candidates
                and section.port != 0
            ):
                port, connection = default_connection(candidate)
                new = attrs.evolve(new, port=port, connections=(connection,))
            media[i] = new
        return attrs.evolve(description, sdp=attrs.evolve(sdp, media=tuple(media)))

    pending = update(session.pending_local)
    current = update(session.current_local)
    local = pending if pending is not None else current
    index = None
    sdp_mid: str | None = transport
    if local is not None:
        index = next(
            (i for i, m in enumerate(local.sdp.media) if carries(m, local.sdp)),
            next((i for i, m in enumerate(local.sdp.media) if m.mid == transport), None),
        )
        if index is not None:
            sdp_mid = local.sdp.media[index].mid
    # webrtc-pc 5.6 "surface a candidate": sdpMid is the m-section's the candidate is
    # in (the BUNDLE-tag's), not the transport's name.
    events.append(
        IceCandidateEvent(
            "" if candidate is None else candidate.sdp_line[2:],
            sdp_mid,
            index,
            ufrag,
        )
    )
    if candidate is None:
        new = attrs.evolve(
            session,
            pending_local=pending,
            current_local=current,
            gathering_complete=session.gathering_complete | {(transport, ufrag)},
        )
    else:
        new = attrs.evolve(
            session,
            pending_local=pending,
            current_local=current,
            local_candidates=(*session.local_candidates, (transport, ufrag, candidate)),
        )
    return Step(new, value=tuple(events))
