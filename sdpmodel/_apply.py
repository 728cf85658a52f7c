"""Setting descriptions: webrtc-pc "set the session description" and RFC 9429, 5.5-5.11.

This module owns what setLocalDescription and setRemoteDescription do to the
session: the checks in their spec order, the association of m-sections with
transceivers, [[CurrentDirection]] / [[FiredDirection]] / [[Receptive]], the
remote tracks and streams, stopping and removing transceivers, rollback, and
the transport effects (gathering, ICE/DTLS, SCTP, media).

The order of the checks is webrtc-pc's (setLocalDescription steps 4.2 and
4.3, then "set the session description" 4.5.2 to 4.5.7): a munged local
description (InvalidModificationError), a type invalid in the state
(InvalidStateError), a syntax error (RTCError sdp-syntax-error), a remote
description that breaks RTCP mux policy or another JSEP rule
(InvalidAccessError).  Each check raises before anything is built, and
every builder works on new values, so a failure changes nothing.

The signaling transition itself comes from the one table in ``_states``.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

import attrs

from sdpmodel._decided import answer_decisions, effect_decisions, signaling_decision
from sdpmodel._msection import remote_msids, rids_stopped, transport_ice_of, transport_id
from sdpmodel._parser import parse
from sdpmodel._states import LOCAL, REMOTE, Action, Side, implicit_type, transition
from sdpmodel.attributes import Simulcast
from sdpmodel.decisions import IMPLICIT_ROLLBACK, Decisions
from sdpmodel.effects import (
    AddRemoteCandidate,
    AddTrackToStream,
    AssignDataChannelIds,
    CloseTransport,
    ConnectTransport,
    Effect,
    FireTrack,
    GatherCandidates,
    MuteTrack,
    RemoveTrackFromStream,
    SignalingStateChange,
    StartSctp,
    StopTransceiver,
    TransceiverRemoved,
    UpdateMedia,
)
from sdpmodel.enums import (
    RTCDtlsRole,
    RTCIceRole,
    RTCRtcpMuxPolicy,
    RTCRtpTransceiverDirection,
    RTCSdpType,
    RTCSignalingState,
    SetupRole,
)
from sdpmodel.errors import (
    InvalidAccessError,
    InvalidModificationError,
    InvalidStateError,
    OperationError,
)
from sdpmodel.model import Codec, MediaDescription, SessionDescription
from sdpmodel.transceiver import Encoding, Transceiver, replace_transceiver
from sdpmodel.validate import jsep_problems

if TYPE_CHECKING:
    from sdpmodel.jsep import Description, IceCredentials, Session, Step

__all__ = ["parse_sdp_type", "rollback", "set_local_description", "set_remote_description"]

D = RTCRtpTransceiverDirection
S = RTCSignalingState
T = RTCSdpType

#: RFC 8841, 6.1: without a=max-message-size the remote takes 64 KiB.
DEFAULT_MAX_MESSAGE_SIZE = 65536


def parse_sdp_type(value: RTCSdpType | str) -> RTCSdpType:
    """WebIDL: an RTCSdpType enum value, else TypeError."""
    try:
        return RTCSdpType(value)
    except ValueError:
        raise TypeError(
            f"{value!r} is not a valid RTCSdpType ('offer', 'pranswer', 'answer', 'rollback')"
        ) from None


class _Events:
    """The event effects of one set*Description, kept apart to fire in webrtc-pc order."""

    def __init__(self) -> None:
        self.mutes: list[Effect] = []
        self.removes: list[Effect] = []
        self.adds: list[Effect] = []
        self.tracks: list[Effect] = []

    def ordered(self) -> list[Effect]:
        # webrtc-pc, set the session description, 4.6.16 to 4.6.19.
        return [*self.mutes, *self.removes, *self.adds, *self.tracks]


def _remote_msids(media: MediaDescription) -> tuple[tuple[str, ...], str | None]:
    """The stream ids and the track id of an m-section (``_msection.remote_msids``: a=msid,
    else the legacy a=ssrc msid, else the default stream; RFC 8830, 2)."""
    return remote_msids(media)


def _process_remote_tracks(
    transceiver: Transceiver,
    direction: RTCRtpTransceiverDirection,
    msids: tuple[str, ...],
    events: _Events,
) -> Transceiver:
    """webrtc-pc, 5.1.1 "process remote tracks" (with "set the associated remote streams")."""
    return replace_transceiver(
        transceiver, **_remote_tracks_changes(transceiver, direction, msids, events)
    )


def _remote_tracks_changes(
    transceiver: Transceiver,
    direction: RTCRtpTransceiverDirection,
    msids: tuple[str, ...],
    events: _Events,
) -> dict[str, Any]:
    """``_process_remote_tracks`` as the fields it changes (remote_stream_ids, receptive,
    fired_direction), for a caller that makes one copy with its own changes."""
    old = transceiver.remote_stream_ids
    new = tuple(dict.fromkeys(msids))
    # set the associated remote streams, steps 5 to 7.
    for stream_id in old:
        if stream_id not in new:
            events.removes.append(RemoveTrackFromStream(transceiver.id, stream_id))
    grew = False
    for stream_id in new:
        if stream_id not in old:
            events.adds.append(AddTrackToStream(transceiver.id, stream_id))
            grew = True
    fired = transceiver.fired_direction
    was_receiving = fired is not None and fired.receives
    # Step 2: the addition of a remote track.
    if (direction.receives and not was_receiving) or grew:
        events.tracks.append(FireTrack(transceiver.id, new))
    receptive = transceiver.receptive
    # Step 3.
    if not direction.receives:
        receptive = False
    # Step 4: the removal of a remote track (the track is muted).
    if not direction.receives and was_receiving:
        events.mutes.append(MuteTrack(transceiver.id))
    # Step 5.
    return {"remote_stream_ids": new, "receptive": receptive, "fired_direction": direction}


def _stop(transceiver: Transceiver, effects: list[Effect]) -> Transceiver:
    """webrtc-pc, 5.4, "stop the RTCRtpTransceiver"."""
    if not transceiver.stopping:
        effects.append(StopTransceiver(transceiver.id))
    return replace_transceiver(
        transceiver,
        direction=D.INACTIVE,
        stopping=True,
        stopped=True,
        receptive=False,
        current_direction=None,
    )


def _bundle_tag(desc: SessionDescription, mid: str | None) -> str | None:
    """The first mid of the BUNDLE group holding ``mid`` (RFC 9143, 2: the BUNDLE-tag)."""
    group = desc.bundle_group_of(mid)
    return group[0] if group else None


def _carries_transport(media: MediaDescription, desc: SessionDescription) -> bool:
    """Whether an m-section has transport attributes of its own (RFC 9143, 7.1.3)."""
    if media.is_rejected or media.is_bundle_only:
        return False
    tag = _bundle_tag(desc, media.mid)
    return tag is None or tag == media.mid or media.ice_ufrag is not None


def _transport_of(
    session: Session, media: MediaDescription, desc: SessionDescription, *, answer: bool
) -> str | None:
    """The transport an m-section uses (webrtc-pc 4.6.10.1.1.4 and 4.6.10.2.14.3; RFC 9143, 7.4).

    In an answer every bundled m-section uses the BUNDLE-tag's transport; in
    an offer only those without transport attributes of their own do.  The
    BUNDLE-tag's transport is its group's, which outlives a tag that moved
    (``_msection.bundle_transport``; RFC 9143, 7.5.3).
    """
    if media.is_rejected or media.mid is None:
        return None
    tag = _bundle_tag(desc, media.mid)
    if tag is not None and (answer or not _carries_transport(media, desc)):
        return transport_id(session, desc, tag)
    return transport_id(session, desc, media.mid)


def _carried_transports(session: Session, desc: SessionDescription) -> set[str]:
    """The transports whose attributes ``desc`` carries (RFC 9143, 7.1.3)."""
    return {
        transport_id(session, desc, media.mid)
        for media in desc.media
        if media.mid is not None and _carries_transport(media, desc)
    }


def _negotiated_bundle_transport(session: Session, answer: SessionDescription) -> str | None:
    """``Session.bundle_transport`` once ``answer`` is applied (``session``: the one before).

    RFC 9143, 7.4: the offerer applies the properties of the tagged m-section the
    answer selected to every m-section of the group; the group keeps the
    transport it had when the tag moved (RFC 9143, 7.5.3).
    """
    if not answer.bundle_groups or not answer.bundle_groups[0]:
        return None
    tag = answer.bundle_groups[0][0]
    transport = transport_id(session, answer, tag)
    return None if transport == tag else transport


def _ice_of(media: MediaDescription, desc: SessionDescription) -> tuple[str | None, str | None]:
    return media.ice_ufrag or desc.ice_ufrag, media.ice_pwd or desc.ice_pwd


def _section_for(desc: SessionDescription, mid: str) -> MediaDescription | None:
    return desc.media_by_mid(mid)


def _remote_transport_parameters(
    remote: SessionDescription, transport: str
) -> tuple[MediaDescription | None, str | None, str | None]:
    media = _section_for(remote, transport)
    if media is None:
        return None, None, None
    ufrag, pwd = _ice_of(media, remote)
    return media, ufrag, pwd


# --- checks --------------------------------------------------------------------------


def _check_remote(session: Session, sdp_type: RTCSdpType, desc: SessionDescription) -> None:
    """webrtc-pc, set the session description, 4.5.4 and 4.5.6: InvalidAccessError cases."""
    offer = None
    if sdp_type is not T.OFFER:
        assert session.pending_local is not None
        offer = session.pending_local.sdp
    require_mux = session.configuration.rtcpMuxPolicy is RTCRtcpMuxPolicy.REQUIRE
    problems = jsep_problems(
        desc, sdp_type=str(sdp_type), offer=offer, rtcp_mux_required=require_mux
    )
    if problems:
        first = problems[0]
        raise InvalidAccessError(f"line {first.line}: {first.message} ({first.rule})")
    _check_msids(desc)
    current = session.current_remote.sdp if session.current_remote is not None else None
    if sdp_type is T.OFFER and current is not None:
        _check_reoffer(session, desc, current)
    if sdp_type is not T.OFFER:
        _check_answer_ice(session, desc)
    _check_fingerprints(session, desc)


def _check_msids(desc: SessionDescription) -> None:
    """RFC 8830, 2: "Multiple media descriptions with the same value for msid-id and
    msid-appdata are not permitted"; browsers and the web-platform-tests reject such a
    description with OperationError."""
    seen: dict[tuple[str, str | None], str | None] = {}
    for media in desc.media:
        if media.is_rejected:
            continue
        for msid in media.msids:
            if msid.track_id is None:
                # Without msid-appdata the line only names the stream: one stream with an
                # audio and a video m-section is the usual case (RFC 9429, 7 examples).
                continue
            key = (msid.stream_id, msid.track_id)
            if key in seen and seen[key] != media.mid:
                raise OperationError(
                    f"a=msid:{msid.stream_id} {msid.track_id or ''} is in m-sections "
                    f"{seen[key]} and {media.mid} (RFC 8830, 2: one m-section per msid)"
                )
            seen.setdefault(key, media.mid)


def _check_reoffer(
    session: Session, offer: SessionDescription, current: SessionDescription
) -> None:
    """RFC 3264, 8 and RFC 9429, 5.2.2: a new offer keeps every m-line, its media and its mid.

    A line may change only when the previous one was rejected (port 0):
    then it is being recycled (RFC 9429, 5.10).
    """
    previous = (
        session.current_local.sdp.media if session.current_local is not None else current.media
    )
    if len(offer.media) < len(previous):
        raise InvalidAccessError(
            f"the offer has {len(offer.media)} m-lines, fewer than the {len(previous)} negotiated "
            "(RFC 3264, 8: m-lines are never removed; set the port to 0 instead)"
        )
    for index, (new, old) in enumerate(zip(offer.media, previous, strict=False)):
        if old.port == 0 and not old.is_bundle_only:
            continue  # a rejected line may be recycled
        if new.media != old.media:
            raise InvalidAccessError(
                f"m-line {index + 1} was {old.media} and is now {new.media} "
                "(RFC 3264, 8: an m-line keeps its media type unless it was rejected)"
            )
        if old.mid is not None and new.mid != old.mid:
            raise InvalidAccessError(
                f"m-line {index + 1} changed its mid from {old.mid} to {new.mid} "
                "(RFC 9429, 5.2.2: each a=mid MUST stay the same)"
            )


def _check_answer_ice(session: Session, answer: SessionDescription) -> None:
    """RFC 9429, 5.10: ICE credentials of an answer change exactly when the offer restarted ICE."""
    if session.current_remote is None or session.pending_local is None:
        return
    local_now = session.pending_local.sdp
    local_before = session.current_local.sdp if session.current_local is not None else None
    for media in answer.media:
        if media.is_rejected or media.mid is None:
            continue
        before = session.current_remote.sdp.media_by_mid(media.mid)
        if before is None or not _carries_transport(media, answer):
            continue
        new = _ice_of(media, answer)
        old = transport_ice_of(before, session.current_remote.sdp)
        if None in new or None in old:
            continue
        ours = local_now.media_by_mid(media.mid)
        ours_before = local_before.media_by_mid(media.mid) if local_before is not None else None
        restarting = (
            ours is not None
            and ours_before is not None
            and local_before is not None
            and ours.ice_ufrag is not None
            and _ice_of(ours, local_now) != transport_ice_of(ours_before, local_before)
        )
        if new != old and not restarting:
            raise InvalidAccessError(
                f"mid {media.mid}: the answer changes the ICE credentials but the offer did not "
                "restart ICE (RFC 9429, 5.10)"
            )
        if new == old and restarting:
            raise InvalidAccessError(
                f"mid {media.mid}: the offer restarted ICE but the answer keeps the old ICE "
                "credentials (RFC 9429, 5.10; RFC 8445, 9)"
            )


def _fingerprints_of(
    media: MediaDescription, desc: SessionDescription
) -> frozenset[tuple[str, str]]:
    found = media.fingerprints or desc.fingerprints
    return frozenset((f.hash_function.lower(), f.fingerprint.upper()) for f in found)


def _certificate_changed(new: frozenset[tuple[str, str]], old: frozenset[tuple[str, str]]) -> bool:
    """Whether two sets of (hash function, fingerprint) pairs name another certificate.

    RFC 8122, 5: one certificate may be signalled with several a=fingerprint
    lines, one per hash function, so a fingerprint added or dropped under
    another hash function (a sha-1 next to an unchanged sha-256) is the same
    certificate.  It changed when a hash function both sets use gives other
    values, or when none of the previous fingerprints remains.
    """
    if new.isdisjoint(old):
        return True
    hashes = {h for h, _ in new} & {h for h, _ in old}
    return any(
        {v for h, v in new if h == name} != {v for h, v in old if h == name} for name in hashes
    )


def _check_fingerprints(session: Session, desc: SessionDescription) -> None:
    """RFC 9429, 5.11 and 5.8.3: the remote certificate changes only with an ICE restart."""
    current = session.current_remote.sdp if session.current_remote is not None else None
    if current is None:
        return
    for media in desc.media:
        if media.mid is None or not _carries_transport(media, desc):
            continue
        before = current.media_by_mid(media.mid)
        if before is None or before.is_rejected:
            continue
        new, old = _fingerprints_of(media, desc), _fingerprints_of(before, current)
        if not new or not old or not _certificate_changed(new, old):
            continue
        if _ice_of(media, desc) == _ice_of(before, current):
            raise InvalidAccessError(
                f"mid {media.mid}: the remote DTLS fingerprint changed without an ICE restart "
                "(RFC 9429, 5.11: a new DTLS association needs new ICE credentials)"
            )


# --- setLocalDescription -------------------------------------------------------------


def _same_but_origin(a: str, b: str) -> bool:
    """Whether two descriptions differ at most in their o= line (the session version)."""

    def body(text: str) -> list[str]:
        return [line for line in text.split("\r\n") if not line.startswith("o=")]

    return body(a) == body(b)


def set_local_description(
    session: Session, sdp_type: RTCSdpType | str | None, sdp: str
) -> Step[Description | None]:
    """webrtc-pc setLocalDescription(): munging check, parameterless form, then apply."""
    from sdpmodel.jsep import Step

    session._check_open("setLocalDescription")
    if not isinstance(sdp, str):
        raise TypeError(f"the description's sdp must be a string, not {type(sdp).__name__}")
    # Step 4.1: the type, or the one the state implies.
    kind = (
        implicit_type(session.signaling_state)
        if sdp_type is None or sdp_type == ""
        else parse_sdp_type(sdp_type)
    )
    if kind is T.ROLLBACK:
        rolled = rollback(session, LOCAL)
        return Step(rolled.session, rolled.effects, rolled.decisions)
    decisions = Decisions()
    # Steps 4.2 and 4.3 come before "set the session description" (step 4.6), so a
    # description that is not the last one created is munged (InvalidModificationError)
    # whatever the signaling state; the current web-platform-tests expect that too
    # (RTCPeerConnection-setLocalDescription-answer.html: "Calling
    # setLocalDescription(answer) from stable state should reject with
    # InvalidModificationError", and likewise from have-local-offer).
    # Step 4.2: an offer that is not [[LastCreatedOffer]].
    if kind is T.OFFER and sdp and sdp != session.last_created_offer:
        raise InvalidModificationError(
            "setLocalDescription(offer): the SDP differs from the last createOffer() result "
            "(webrtc-pc, setLocalDescription, step 4.2; RFC 9429, 5.4): set the offer as created"
        )
    # Step 4.3: an answer or pranswer that is not [[LastCreatedAnswer]].
    if kind in (T.ANSWER, T.PRANSWER) and sdp and sdp != session.last_created_answer:
        raise InvalidModificationError(
            f"setLocalDescription({kind}): the SDP differs from the last createAnswer() result "
            "(webrtc-pc, setLocalDescription, step 4.3; RFC 9429, 5.4)"
        )
    # Then the state, which "set the session description" (setLocalDescription step 4.6)
    # checks in its step 4.5.2: an unmodified description of a type this state does not
    # take, or the parameterless form of one, rejects with InvalidStateError (checked
    # here, before steps 4.4 and 4.5 would create a description for it).
    row = transition(session.signaling_state, LOCAL, kind)
    if row is None:
        raise InvalidStateError(
            f"Cannot set local {kind} in signaling state {session.signaling_state} "
            "(webrtc-pc, set the session description, 4.5.2; RFC 9429, 5.5)"
        )
    # Steps 4.4 and 4.5: no SDP -> the last created one, or a new one.
    if not sdp:
        if kind is T.OFFER:
            created = session.create_offer()
            if session.last_created_offer and _same_but_origin(
                created.value, session.last_created_offer
            ):
                sdp = session.last_created_offer
            else:
                session, sdp = created.session, created.value
                decisions.extend(list(created.decisions))
        else:
            created = session.create_answer()
            if session.last_created_answer and _same_but_origin(
                created.value, session.last_created_answer
            ):
                sdp = session.last_created_answer
            else:
                session, sdp = created.session, created.value
                decisions.extend(list(created.decisions))
        decisions.add(
            "session",
            f"setLocalDescription() without a description sets a new {kind}",
            "webrtc-pc, setLocalDescription, steps 4.4/4.5",
        )
    # The description createOffer/createAnswer made needs no parse: its model is kept
    # with its text ([[LastCreatedOffer]] / [[LastCreatedAnswer]]).
    if kind is T.OFFER and sdp == session.last_created_offer and session.last_offer_model:
        desc = session.last_offer_model
    elif kind is not T.OFFER and sdp == session.last_created_answer and session.last_answer_model:
        desc = session.last_answer_model
    else:
        desc = parse(sdp)
    # The row, the answer and the transport effects as decisions (sdpmodel._decided).
    decisions.extend([signaling_decision(session.signaling_state, row)])
    new_session, effects = _apply_local(session, kind, desc, decisions)
    if kind is not T.OFFER:
        decisions.extend(answer_decisions(desc, provisional=kind is T.PRANSWER))
    decisions.extend(effect_decisions(effects, session.connected))
    from sdpmodel.jsep import Description

    return Step(
        new_session,
        effects=tuple(effects),
        decisions=decisions.freeze(),
        value=Description(kind, desc),
    )


def _apply_local(
    session: Session, kind: RTCSdpType, desc: SessionDescription, decisions: Decisions
) -> tuple[Session, list[Effect]]:
    from sdpmodel.jsep import Description

    row = transition(session.signaling_state, LOCAL, kind)
    assert row is not None and row.action is Action.APPLY
    effects: list[Effect] = []
    events = _Events()
    old_state = session.signaling_state
    # 4.6.4: leaving stable with an offer: remember the last stable state.
    if kind is T.OFFER and old_state is S.STABLE:
        session = attrs.evolve(
            session, stable_transceivers=session.transceivers, stable_data=session.data
        )
    transceivers = {t.id: t for t in session.transceivers}
    data = session.data
    is_answer = kind in (T.ANSWER, T.PRANSWER)
    by_index = {t.m_line_index: t.id for t in session.transceivers if t.m_line_index is not None}
    for index, media in enumerate(desc.media):
        transport = _transport_of(session, media, desc, answer=is_answer)
        if media.media == "application":
            if (
                kind is T.OFFER
                and index < len(session.last_offer_layout)
                and session.last_offer_layout[index] == "data"
            ):
                data = attrs.evolve(
                    data, mid=media.mid, m_line_index=index, transport=transport, rejected=False
                )
            elif is_answer and data.m_line_index == index:
                data = attrs.evolve(
                    data,
                    transport=transport,
                    rejected=media.is_rejected,
                    negotiated=not media.is_rejected and kind is T.ANSWER,
                )
            continue
        # 4.6.10.1.1: associate the m-section with the transceiver that created it.
        tid = by_index.get(index)
        if kind is T.OFFER and index < len(session.last_offer_layout):
            owner = session.last_offer_layout[index]
            if owner is not None and owner != "data" and owner in transceivers:
                if tid is not None and tid != owner:
                    # the line was recycled: its old transceiver loses the association
                    transceivers[tid] = replace_transceiver(
                        transceivers[tid], mid=None, m_line_index=None
                    )
                tid = owner
                t = transceivers[owner]
                if t.m_line_index != index or t.mid != media.mid:
                    transceivers[owner] = replace_transceiver(t, mid=media.mid, m_line_index=index)
                    decisions.add(
                        f"m={index}",
                        f"transceiver {owner} takes mid {media.mid}",
                        "webrtc-pc, set the session description, 4.6.10.1.1.2",
                    )
        if tid is None or tid not in transceivers:
            continue
        t = transceivers[tid]
        # 4.6.10.1.3
        if t.stopped:
            continue
        if is_answer and media.is_rejected:
            # RFC 9429, 5.11: a rejected m-section stops sending and receiving.
            transceivers[tid] = _stop(t, effects)
            decisions.add(
                f"m={index}",
                f"transceiver {tid} is stopped: this answer rejects its m-section",
                "RFC 9429, 5.11",
            )
            continue
        # 4.6.10.1.4 to 4.6.10.1.6
        direction = D.of(media.direction)
        receives = direction.receives
        changes: dict[str, Any] = {
            "receptive": receives,
            "receive_codecs": media.codecs if receives else (),
        }
        if kind is T.OFFER and (t.transport is None or not session.negotiated_bundle):
            changes["transport"] = transport
        if is_answer:
            # 4.6.10.1.7.1: simulcast layers the answer dropped are removed.
            t = _prune_encodings(t, media, remote=False)
            # 4.6.10.1.7.3 (it sets [[Receptive]] false, as the changes above do)
            fired = t.fired_direction
            if not receives and fired is not None and fired.receives:
                t = _process_remote_tracks(t, direction, (), events)
            # 4.6.10.1.7.2: what we send is what the offer and this answer share.
            changes["send_codecs"] = media.codecs
            changes["transport"] = transport
            # 4.6.10.1.7.4: [[CurrentDirection]] and [[FiredDirection]] (ever_sent sticks).
            changes["current_direction"] = direction
            changes["ever_sent"] = t.ever_sent or direction.sends
            changes["fired_direction"] = direction
        # One copy for all the changes of this m-section (a copy per step costs).
        t = replace_transceiver(t, **changes)
        if is_answer:
            decisions.add(
                f"m={index}",
                f"transceiver {tid}: currentDirection is now {direction}",
                "webrtc-pc, set the session description, 4.6.10.1.7.4",
            )
        transceivers[tid] = t
    session = attrs.evolve(
        session,
        transceivers=tuple(transceivers[t.id] for t in session.transceivers),
        data=data,
        used_mids=session.used_mids | {m.mid for m in desc.media if m.mid is not None},
    )
    # Gathering: every transport the description gives credentials of its own.
    effects.extend(_gathering_effects(session, desc, kind))
    session = attrs.evolve(
        session,
        gathering=session.gathering
        | {(e.transport, e.ufrag) for e in effects if isinstance(e, GatherCandidates)},
    )
    described = Description(kind, desc)
    if kind is T.OFFER:
        # 4.6.5.1
        session = attrs.evolve(session, pending_local=described, signaling_state=row.next_state)
    elif kind is T.PRANSWER:
        # 4.6.5.3
        session = attrs.evolve(session, pending_local=described, signaling_state=row.next_state)
        session, more = _transport_effects(
            session,
            local=desc,
            remote=session.pending_remote.sdp if session.pending_remote else None,
            answer=desc,
            we_offered=False,
        )
        effects.extend(more)
    else:
        # 4.6.5.2: the answer completes the exchange.
        remote = session.pending_remote
        assert remote is not None
        credentials = _credentials_in(desc)
        replace = session.ice_credentials_to_replace
        if replace and not any(c in credentials for c in replace):
            replace = ()
        transport_ice = dict(session.transport_ice)
        for mid, creds in session.pending_transport_ice:
            transport_ice[mid] = creds
        session = attrs.evolve(
            session,
            current_local=described,
            current_remote=remote,
            pending_local=None,
            pending_remote=None,
            last_created_offer="",
            last_created_answer="",
            last_offer_layout=(),
            signaling_state=row.next_state,
            ice_credentials_to_replace=replace,
            transport_ice=tuple(transport_ice.items()),
            pending_transport_ice=(),
            negotiated_bundle=desc.bundle_groups[0] if desc.bundle_groups else (),
            bundle_transport=_negotiated_bundle_transport(session, desc),
        )
        session, more = _transport_effects(
            session, local=desc, remote=remote.sdp, answer=desc, we_offered=False
        )
        effects.extend(more)
        session = _finish_answer(session, effects)
    if session.signaling_state is not old_state:
        effects.append(SignalingStateChange(session.signaling_state))
    effects.extend(events.ordered())
    return session, effects


def _credentials_in(desc: SessionDescription) -> set[IceCredentials]:
    from sdpmodel.jsep import IceCredentials

    found: set[IceCredentials] = set()
    for media in desc.media:
        ufrag, pwd = _ice_of(media, desc)
        if ufrag is not None and pwd is not None:
            found.add(IceCredentials(ufrag, pwd))
    return found


def _ice_role(*, we_offered: bool, remote_lite: bool) -> RTCIceRole:
    """RFC 8445, 6.1.1 "Determining Role": this end is a full agent; the offerer controls,
    and so does a full agent facing a lite one (webrtc-pc 4.6.10.2.14.6)."""
    return RTCIceRole.CONTROLLING if we_offered or remote_lite else RTCIceRole.CONTROLLED


def _gathering_effects(
    session: Session, desc: SessionDescription, kind: RTCSdpType
) -> list[Effect]:
    """RFC 9429, 5.9: gather on each new transport, and again when its credentials change.

    Each gathering names the ICE role of its session (RFC 8445, 6.1.1): this end's offer
    makes it controlling; in an answer the remote's offer decides (its ice-lite).
    """
    effects: list[Effect] = []
    remote = session.pending_remote
    ice_role = _ice_role(
        we_offered=kind is T.OFFER,
        remote_lite=kind is not T.OFFER and remote is not None and remote.sdp.ice_lite,
    )
    for media in desc.media:
        if media.mid is None or not _carries_transport(media, desc):
            continue
        # A BUNDLE-tag that moved carries its group's transport, which gathered already
        # (RFC 9143, 7.5.3: the group keeps its transport; no new ICE session).
        transport = transport_id(session, desc, media.mid)
        ufrag, pwd = _ice_of(media, desc)
        if ufrag is None or pwd is None or (transport, ufrag) in session.gathering:
            continue
        restart = any(name == transport for name, _ in session.gathering)
        effects.append(GatherCandidates(transport, ufrag, pwd, restart=restart, ice_role=ice_role))
    return effects


def _transport_effects(
    session: Session,
    *,
    local: SessionDescription,
    remote: SessionDescription | None,
    answer: SessionDescription,
    we_offered: bool,
) -> tuple[Session, list[Effect]]:
    """ConnectTransport and StartSctp for every transport the answer keeps (RFC 9429, 5.11)."""
    effects: list[Effect] = []
    if remote is None:
        return session, effects
    connected = set(session.connected)
    dtls_role = session.dtls_role
    for media in answer.media:
        if media.mid is None or not _carries_transport(media, answer):
            continue
        mid = media.mid
        # The same transport when the BUNDLE-tag moved within its group (RFC 9143, 7.5.3).
        transport = transport_id(session, answer, mid)
        ours = local.media_by_mid(mid)
        theirs = remote.media_by_mid(mid)
        if ours is None or theirs is None:
            continue
        local_ufrag, local_pwd = _ice_of(ours, local)
        remote_ufrag, remote_pwd = _ice_of(theirs, remote)
        if None in (local_ufrag, local_pwd, remote_ufrag, remote_pwd):
            continue
        assert local_ufrag and local_pwd and remote_ufrag and remote_pwd
        # RFC 8842, 5.5: the answerer's a=setup decides; "active" is the DTLS client.
        answer_setup = (answer.media_by_mid(mid) or media).setup or answer.setup or SetupRole.ACTIVE
        answerer_is_client = answer_setup is SetupRole.ACTIVE
        role = (
            (RTCDtlsRole.SERVER if answerer_is_client else RTCDtlsRole.CLIENT)
            if we_offered
            else (RTCDtlsRole.CLIENT if answerer_is_client else RTCDtlsRole.SERVER)
        )
        remote_lite = remote.ice_lite
        ice_role = _ice_role(we_offered=we_offered, remote_lite=remote_lite)
        key = (transport, local_ufrag, remote_ufrag)
        if key in connected:
            # The same ICE session: candidates the new description brings (a re-offer
            # after gathering, RFC 9429, 5.2.2) go to the agent as trickled ones would.
            for candidate in theirs.candidates:
                effects.append(AddRemoteCandidate(transport, remote_ufrag, candidate))
        else:
            connected = {c for c in connected if c[0] != transport}
            connected.add(key)
            effects.append(
                ConnectTransport(
                    transport=transport,
                    ice_role=ice_role,
                    local_ufrag=local_ufrag,
                    local_pwd=local_pwd,
                    remote_ufrag=remote_ufrag,
                    remote_pwd=remote_pwd,
                    remote_ice_lite=remote_lite,
                    remote_candidates=theirs.candidates,
                    remote_end_of_candidates=any(
                        a.name == "end-of-candidates" for a in theirs.attributes
                    ),
                    dtls_role=role,
                    remote_fingerprints=theirs.fingerprints or remote.fingerprints,
                )
            )
        if dtls_role is None:
            dtls_role = role
    first_role = session.dtls_role is None and dtls_role is not None
    session = attrs.evolve(session, connected=frozenset(connected), dtls_role=dtls_role)
    if first_role and dtls_role is not None:
        effects.append(AssignDataChannelIds(dtls_role))
    # SCTP (webrtc-pc 4.6.9.1; RFC 8841, 10).
    data = session.data
    if data.mid is not None and data.m_line_index is not None and not data.rejected:
        theirs = remote.media_by_mid(data.mid)
        ours = answer.media_by_mid(data.mid)
        if (
            theirs is not None
            and ours is not None
            and not ours.is_rejected
            and data.transport is not None
        ):
            remote_port = theirs.sctp_port or _sctpmap_port(theirs) or 5000
            remote_max = theirs.max_message_size
            if remote_max is None:
                remote_max = DEFAULT_MAX_MESSAGE_SIZE
            data = attrs.evolve(
                data, remote_port=remote_port, remote_max_message_size=remote_max, negotiated=True
            )
            session = attrs.evolve(session, data=data)
            sctp_transport = data.transport
            assert sctp_transport is not None
            if session.sctp != (sctp_transport, remote_port):
                session = attrs.evolve(session, sctp=(sctp_transport, remote_port))
                effects.append(
                    StartSctp(
                        transport=sctp_transport,
                        local_port=session.endpoint.sctp_port,
                        remote_port=remote_port,
                        max_message_size=session.endpoint.max_message_size,
                        remote_max_message_size=remote_max,
                    )
                )
    return session, effects


def _sctpmap_port(media: MediaDescription) -> int | None:
    for attribute in media.attributes:
        if attribute.name == "sctpmap":
            return getattr(attribute, "number", None)
    return None


def _prune_encodings(t: Transceiver, media: MediaDescription, *, remote: bool) -> Transceiver:
    """webrtc-pc 4.6.10.1.7.1 / 4.6.10.2.8: keep the simulcast layers the answer accepted."""
    if len(t.send_encodings) <= 1:
        return t
    simulcast = media.attribute(Simulcast)
    accepted: set[str] = set()
    if simulcast is not None:
        streams = simulcast.recv if remote else simulcast.send
        # A remote answer lists our send layers under recv; our own answer lists its send.
        if not remote:
            streams = simulcast.send
        for stream in streams:
            for alternative in stream:
                accepted.add(alternative.rid)
    kept = tuple(e for e in t.send_encodings if e.rid in accepted)
    if not kept:
        return replace_transceiver(t, send_encodings=(attrs.evolve(t.send_encodings[0]),))
    return replace_transceiver(t, send_encodings=kept)


def _finish_answer(session: Session, effects: list[Effect]) -> Session:
    """After an answer (webrtc-pc 4.6.12 and 4.6.13): remove stopped transceivers, close
    transports."""
    assert session.current_local is not None and session.current_remote is not None
    kept: list[Transceiver] = []
    for t in session.transceivers:
        if t.stopping and t.m_line_index is None and t.mid is None:
            # Stopped before any m-section was made for it (RFC 9429, 5.2.2: none ever
            # will be): it ends here.  webrtc-pc leaves it "stopping" for ever, so "check
            # if negotiation is needed" (5.1) would say yes after every exchange
            # (w3c/webrtc-pc#2838); browsers remove it, as sdpmodel does.
            effects.append(TransceiverRemoved(_stop(t, effects)))
            continue
        # 4.6.12.1.1: stopped, associated, and its m-section rejected -> removed.
        if t.stopped and t.m_line_index is not None:
            local = _media_at(session.current_local.sdp, t.m_line_index)
            remote = _media_at(session.current_remote.sdp, t.m_line_index)
            if (local is not None and local.port == 0) or (remote is not None and remote.port == 0):
                effects.append(TransceiverRemoved(t))
                continue
        kept.append(t)
    data = session.data
    used_transports = {t.transport for t in kept if not t.stopped and t.transport is not None}
    if data.negotiated and not data.rejected and data.transport is not None:
        used_transports.add(data.transport)
    if data.rejected:
        data = attrs.evolve(data, m_line_index=data.m_line_index, negotiated=False)
    # 4.6.13.1: transports no live transceiver uses are closed.
    known = {transport for transport, _ in session.gathering} | {c[0] for c in session.connected}
    for transport in sorted(known - used_transports):
        effects.append(CloseTransport(transport))
    media_effects: list[Effect] = []
    for t in kept:
        if t.stopped or t.mid is None or t.current_direction is None:
            continue
        remote_media = session.current_remote.sdp.media_by_mid(t.mid)
        remote_ssrcs = (
            tuple(dict.fromkeys(s.ssrc for s in remote_media.ssrcs)) if remote_media else ()
        )
        local_media = session.current_local.sdp.media_by_mid(t.mid)
        local_uris = {e.uri for e in local_media.extmaps} if local_media else set()
        extensions = (
            tuple(e for e in remote_media.extmaps if e.uri in local_uris) if remote_media else ()
        )
        media_effects.append(
            UpdateMedia(
                transceiver=t.id,
                transport=t.transport,
                mid=t.mid,
                send=t.current_direction.sends,
                receive=t.current_direction.receives,
                send_codecs=t.send_codecs,
                receive_codecs=t.receive_codecs,
                ssrc=t.ssrc,
                rtx_ssrc=t.rtx_ssrc,
                remote_ssrcs=remote_ssrcs,
                header_extensions=extensions,
            )
        )
    effects.extend(media_effects)
    return attrs.evolve(
        session,
        transceivers=tuple(kept),
        data=data,
        gathering=frozenset(g for g in session.gathering if g[0] in used_transports),
        connected=frozenset(c for c in session.connected if c[0] in used_transports),
        local_candidates=tuple(c for c in session.local_candidates if c[0] in used_transports),
        stable_transceivers=None,
        stable_data=None,
        created_by_pending=frozenset(),
        local_ice=(committed := _committed_ice(session)),
        pending_ice=None,
        transport_ice=_transport_ice(session, committed, used_transports),
    )


def _transport_ice(
    session: Session, default: IceCredentials, used: set[str]
) -> tuple[tuple[str, IceCredentials], ...]:
    """After an answer: each transport's credentials are the ones the current local
    description gives it (RFC 8839, 5.4), recorded where they differ from ``default``.

    Reading them from the description, not from what earlier exchanges recorded, keeps
    a transport our own restart moved to new credentials from reverting to those an
    older answer (to the remote's restart) gave it.
    """
    from sdpmodel.jsep import IceCredentials

    assert session.current_local is not None
    desc = session.current_local.sdp
    found: dict[str, IceCredentials] = {}
    for media in desc.media:
        if media.mid is None or not _carries_transport(media, desc):
            continue
        transport = transport_id(session, desc, media.mid)
        if transport not in used:
            continue
        ufrag, pwd = _ice_of(media, desc)
        if ufrag is None or pwd is None:
            continue
        if (ufrag, pwd) != (default.ufrag, default.pwd):
            found[transport] = IceCredentials(ufrag, pwd)
    return tuple(found.items())


def _committed_ice(session: Session) -> IceCredentials:
    """After an answer: the credentials the current local description uses become the default."""
    from sdpmodel.jsep import IceCredentials

    assert session.current_local is not None
    desc = session.current_local.sdp
    for media in desc.media:
        ufrag, pwd = _ice_of(media, desc)
        if ufrag is not None and pwd is not None and _carries_transport(media, desc):
            if session.pending_ice is not None and ufrag == session.pending_ice.ufrag:
                return session.pending_ice
            if ufrag == session.local_ice.ufrag:
                return session.local_ice
            return IceCredentials(ufrag, pwd)
    return session.pending_ice or session.local_ice


def _media_at(desc: SessionDescription, index: int) -> MediaDescription | None:
    return desc.media[index] if index < len(desc.media) else None


# --- setRemoteDescription ------------------------------------------------------------


def set_remote_description(session: Session, sdp_type: RTCSdpType | str, sdp: str) -> Step[None]:
    """webrtc-pc setRemoteDescription() and "set the session description" (remote)."""
    from sdpmodel.jsep import Step

    session._check_open("setRemoteDescription")
    if sdp_type is None:
        raise TypeError(
            "setRemoteDescription: the description needs a type (webrtc-pc, "
            "RTCSessionDescriptionInit)"
        )
    kind = parse_sdp_type(sdp_type)
    if not isinstance(sdp, str):
        raise TypeError(f"the description's sdp must be a string, not {type(sdp).__name__}")
    if kind is T.ROLLBACK:
        step = rollback(session, REMOTE)
        return Step(step.session, step.effects, step.decisions)
    row = transition(session.signaling_state, REMOTE, kind)
    if row is None:
        raise InvalidStateError(
            f"Cannot set remote {kind} in signaling state {session.signaling_state} "
            "(webrtc-pc, set the session description, 4.5.2; RFC 9429, 5.6)"
        )
    decisions = Decisions()
    effects: list[Effect] = []
    if row.action is Action.ROLLBACK_THEN_APPLY:
        # webrtc-pc, setRemoteDescription(), step 3.1: the local offer is rolled back first.
        rolled = rollback(session, LOCAL)
        session = rolled.session
        effects.extend(rolled.effects)
        decisions.extend(list(rolled.decisions))
        decisions.extend([IMPLICIT_ROLLBACK])
    # 4.5.3: the syntax, within the session's limits (sdpmodel.limits: a remote
    # description is untrusted input).
    desc = parse(sdp, limits=session.limits)
    # 4.5.4 and 4.5.6: the content.
    _check_remote(session, kind, desc)
    # The row, the answer and the transport effects as decisions (sdpmodel._decided).
    applied = transition(session.signaling_state, REMOTE, kind)
    assert applied is not None
    decisions.extend([signaling_decision(session.signaling_state, applied)])
    new_session, more = _apply_remote(session, kind, desc, decisions)
    if kind is not T.OFFER:
        decisions.extend(answer_decisions(desc, provisional=kind is T.PRANSWER))
    decisions.extend(effect_decisions(more, session.connected))
    effects.extend(more)
    return Step(new_session, effects=tuple(effects), decisions=decisions.freeze())


def _proposed_encodings(media: MediaDescription, max_n: int) -> tuple[Encoding, ...]:
    """webrtc-pc 4.6.10.2.1 to 4.6.10.2.4: the layers a remote offer asks to receive."""
    simulcast = media.attribute(Simulcast)
    if simulcast is None or not simulcast.recv:
        return ()
    rids: dict[str, bool] = {}  # rid -> paused
    for stream in simulcast.recv:
        first = stream[0]  # the first of the alternatives
        if first.rid not in rids:
            rids[first.rid] = first.paused
    chosen = list(rids.items())[: max(1, max_n)]  # 4.6.10.2.4: as many as this end can send
    n = len(chosen)
    # RFC 8853, 5.1: a stream written "~rid" is offered paused: its encoding starts
    # inactive (as libwebrtc makes it), until setParameters activates it.
    return tuple(
        Encoding(rid=rid, scale_resolution_down_by=float(2 ** (n - i - 1)), active=not paused)
        for i, (rid, paused) in enumerate(chosen)
    )


def _apply_remote(
    session: Session, kind: RTCSdpType, desc: SessionDescription, decisions: Decisions
) -> tuple[Session, list[Effect]]:
    from sdpmodel.jsep import Description

    row = transition(session.signaling_state, REMOTE, kind)
    assert row is not None
    effects: list[Effect] = []
    events = _Events()
    old_state = session.signaling_state
    if kind is T.OFFER and old_state is S.STABLE:
        session = attrs.evolve(
            session, stable_transceivers=session.transceivers, stable_data=session.data
        )
    order = [t.id for t in session.transceivers]
    transceivers = {t.id: t for t in session.transceivers}
    by_index = {t.m_line_index: t.id for t in session.transceivers if t.m_line_index is not None}
    by_mid = {t.mid: t.id for t in session.transceivers if t.mid is not None}
    pairable: dict[str, deque[str]] = {}
    supported_memo: dict[tuple[str, tuple[Codec, ...]], tuple[Codec, ...]] = {}
    supported_by_id: dict[tuple[str, int], tuple[object, tuple[Codec, ...]]] = {}
    for t in session.transceivers:
        if t.attached_by_add_track and t.m_line_index is None and not (t.stopped or t.stopping):
            pairable.setdefault(t.kind, deque()).append(t.id)
    created = set(session.created_by_pending)
    data = session.data
    is_answer = kind in (T.ANSWER, T.PRANSWER)
    used = set(session.used_mids) | {m.mid for m in desc.media if m.mid is not None}
    for index, media in enumerate(desc.media):
        subject = f"m={index}"
        if media.media == "application":
            if kind is T.OFFER:
                if data.m_line_index in (None, index) and (
                    data.mid in (None, media.mid) or data.rejected
                ):
                    data = attrs.evolve(
                        data,
                        mid=media.mid,
                        m_line_index=index,
                        rejected=media.is_rejected,
                        remote_port=media.sctp_port,
                        remote_max_message_size=media.max_message_size,
                    )
            elif data.m_line_index == index:
                data = attrs.evolve(
                    data,
                    rejected=media.is_rejected,
                    transport=_transport_of(session, media, desc, answer=True),
                )
            continue
        if media.media not in ("audio", "video"):
            continue
        # The transceiver of this m-section (RFC 9429, 5.10; webrtc-pc 4.6.10.2.5).
        current_id = by_index.get(index)
        current = transceivers.get(current_id) if current_id is not None else None
        if (
            current is not None
            and kind is T.OFFER
            and media.mid is not None
            and current.mid not in (None, media.mid)
        ):
            # Recycled: "dissociate the currently associated RtpTransceiver".
            transceivers[current.id] = replace_transceiver(current, mid=None, m_line_index=None)
            by_index.pop(index, None)
            decisions.add(
                subject,
                f"the m-line is recycled with mid {media.mid}: transceiver {current.id} loses "
                f"mid {current.mid}",
                "RFC 9429, 5.10",
            )
            current = None
        if current is None and media.mid is not None and media.mid in by_mid:
            current = transceivers.get(by_mid[media.mid])
        if current is None and kind is not T.OFFER:
            continue
        proposed = (
            _proposed_encodings(media, session.endpoint.max_encodings) if kind is T.OFFER else ()
        )
        if current is None:
            # RFC 9429, 5.10: a sendrecv or recvonly m-section (the remote wants to receive)
            # takes the first unassociated transceiver of its kind that addTrack added.
            candidate = None
            if media.direction in (media.direction.SENDRECV, media.direction.RECVONLY):
                queue = pairable.get(media.media, deque())
                while queue and candidate is None:
                    waiting = transceivers[queue.popleft()]
                    if (
                        waiting.m_line_index is None
                        and not waiting.stopped
                        and not waiting.stopping
                    ):
                        candidate = waiting
            if candidate is not None:
                current = candidate
                decisions.add(
                    subject,
                    f"{media.media}: paired with transceiver {candidate.id}, added by addTrack",
                    "RFC 9429, 5.10",
                )
            else:
                new = session._new_transceiver(
                    media.media,
                    D.RECVONLY,
                    None,
                    (),
                    proposed
                    or (
                        Encoding(scale_resolution_down_by=1.0 if media.media == "video" else None),
                    ),
                )
                transceivers[new.id] = new
                order.append(new.id)
                created.add(new.id)
                current = new
                decisions.add(
                    subject,
                    f"{media.media}: a new recvonly transceiver {new.id} is created",
                    "webrtc-pc, 4.6.10.2.7; RFC 9429, 5.10",
                )
        t = current
        if (
            proposed
            and len(t.send_encodings) == 1
            and t.send_encodings[0].rid is None
            and not rids_stopped(t)  # no simulcast without the RID extension (RFC 8853, 4.1)
        ):
            # 4.6.10.2.6
            t = replace_transceiver(t, send_encodings=proposed)
        if is_answer:
            t = _prune_encodings(t, media, remote=True)
        # 4.6.10.2.9
        mid = media.mid
        if mid is None:
            mid = t.mid
            if mid is None:
                n = 0
                while str(n) in used:
                    n += 1
                mid = str(n)
                used.add(mid)
        # The changes of this m-section, made in one copy at the end (a copy per step costs).
        changes: dict[str, Any] = {"mid": mid, "m_line_index": index}
        by_index[index] = t.id
        by_mid[mid] = t.id
        # 4.6.10.2.10 and 4.6.10.2.11
        direction = D.INACTIVE if media.is_rejected else D.of(media.direction.reversed())
        msids, remote_track = _remote_msids(media) if direction.receives else ((), None)
        # 4.6.10.2.12 (its changes go in the one copy below: they touch none of the
        # fields read until then)
        if not t.stopped:
            changes.update(_remote_tracks_changes(t, direction, msids, events))
        changes["remote_track_id"] = remote_track or t.remote_track_id
        # 4.6.10.2.13
        offered = media.codecs
        # By identity first (m-sections of a kind share one list; hashing it calls every
        # codec's __hash__); the entry keeps the list alive, so its id stays its own.
        known = supported_by_id.get((media.media, id(offered)))
        if known is None:
            supported = supported_memo.get((media.media, offered))
            if supported is None:
                supported = supported_memo[(media.media, offered)] = _supported(session, media)
            supported_by_id[(media.media, id(offered))] = (offered, supported)
        else:
            supported = known[1]
        if direction.receives:
            changes["receive_codecs"] = supported
        answered = is_answer and not t.stopped
        if answered:
            # 4.6.10.2.14 ([[CurrentDirection]]; ever_sent sticks)
            changes["current_direction"] = direction
            changes["ever_sent"] = t.ever_sent or direction.sends
            changes["send_codecs"] = supported
            changes["transport"] = _transport_of(session, media, desc, answer=True)
        t = replace_transceiver(t, **changes)
        if answered:
            decisions.add(
                subject,
                f"transceiver {t.id}: currentDirection is now {direction} (the answer's "
                f"{media.direction}, reversed)",
                "webrtc-pc, 4.6.10.2.14.2",
            )
        # 4.6.10.2.15: a rejected m-section stops the transceiver.
        if media.is_rejected and not t.stopped:
            t = _stop(t, effects)
            decisions.add(
                subject,
                f"transceiver {t.id} is stopped: the m-section is rejected",
                "webrtc-pc, 4.6.10.2.15",
            )
        transceivers[t.id] = t
    session = attrs.evolve(
        session,
        transceivers=tuple(transceivers[i] for i in order if i in transceivers),
        data=data,
        created_by_pending=frozenset(created) if kind is T.OFFER else session.created_by_pending,
        used_mids=frozenset(used),
    )
    described = Description(kind, desc)
    if kind is T.OFFER:
        # 4.6.6.1
        session = attrs.evolve(session, pending_remote=described, signaling_state=row.next_state)
    elif kind is T.PRANSWER:
        # 4.6.6.3
        pending_local = session.pending_local
        assert pending_local is not None
        session = attrs.evolve(session, pending_remote=described, signaling_state=row.next_state)
        session, more = _transport_effects(
            session, local=pending_local.sdp, remote=desc, answer=desc, we_offered=True
        )
        effects.extend(more)
    else:
        # 4.6.6.2
        local = session.pending_local
        assert local is not None
        replace = session.ice_credentials_to_replace
        if replace and not any(c in _credentials_in(local.sdp) for c in replace):
            replace = ()
        session = attrs.evolve(
            session,
            current_remote=described,
            current_local=local,
            pending_local=None,
            pending_remote=None,
            last_created_offer="",
            last_created_answer="",
            last_offer_layout=(),
            signaling_state=row.next_state,
            ice_credentials_to_replace=replace,
            negotiated_bundle=desc.bundle_groups[0] if desc.bundle_groups else (),
            bundle_transport=_negotiated_bundle_transport(session, desc),
        )
        session, more = _transport_effects(
            session, local=local.sdp, remote=desc, answer=desc, we_offered=True
        )
        effects.extend(more)
        session = _finish_answer(session, effects)
    if session.signaling_state is not old_state:
        effects.append(SignalingStateChange(session.signaling_state))
    effects.extend(events.ordered())
    return session, effects


def _supported(session: Session, media: MediaDescription) -> tuple[Codec, ...]:
    """The codecs of ``media`` this end implements (RFC 9429, 5.10: others MUST be ignored)."""
    from sdpmodel.codecs import offered_name, same_codec

    capabilities = session.endpoint.codecs(media.media)
    names = {c.name.lower() for c in capabilities}
    kept = []
    for codec in media.codecs:
        identity = offered_name(codec)
        if identity is None:
            continue
        name, rate, channels = identity
        fmtp = None if codec.fmtp is None else codec.fmtp.parameter_text
        if name.lower() in ("rtx", "red", "ulpfec", "flexfec-03"):
            if name.lower() in names:
                kept.append(codec)
        elif any(same_codec(media.media, name, rate, channels, fmtp, c) for c in capabilities):
            kept.append(codec)
    return tuple(kept)


# --- rollback (RFC 9429, 5.7; webrtc-pc 4.6.11) ---------------------------------------


def rollback(session: Session, side: Side) -> Step[None]:
    """Roll back the pending offer set by ``side``; restores the last stable state."""
    from sdpmodel.jsep import Step

    row = transition(session.signaling_state, side, T.ROLLBACK)
    if row is None:
        call = "setLocalDescription" if side is LOCAL else "setRemoteDescription"
        raise InvalidStateError(
            f"Cannot roll back with {call} in signaling state {session.signaling_state} "
            "(webrtc-pc, set the session description, step 2; RFC 9429, 5.5/5.6): "
            f"only {'a local' if side is LOCAL else 'a remote'} offer can be rolled back this way"
        )
    decisions = Decisions()
    effects: list[Effect] = []
    events = _Events()
    snapshot = {t.id: t for t in (session.stable_transceivers or ())}
    was_remote_offer = session.signaling_state is S.HAVE_REMOTE_OFFER
    kept: list[Transceiver] = []
    for original in session.transceivers:
        t = original
        stable = snapshot.get(t.id)
        if stable is None or stable.m_line_index is None:
            # 4.6.11.2.1: not associated before: disassociated.
            if t.mid is not None:
                decisions.add(
                    f"transceiver {t.id}",
                    f"mid {t.mid} is dropped: the rolled-back description gave it",
                    "webrtc-pc, 4.6.11.2.1; RFC 9429, 5.7",
                )
            t = replace_transceiver(
                t,
                mid=None,
                m_line_index=None,
                transport=None if stable is None else stable.transport,
            )
        else:
            t = replace_transceiver(t, mid=stable.mid, m_line_index=stable.m_line_index)
        if stable is not None:
            # 4.6.11.2.2 to 4.6.11.2.5
            encodings = t.send_encodings
            ridless = len(stable.send_encodings) == 1 and stable.send_encodings[0].rid is None
            if ridless and any(e.rid is not None for e in encodings):
                encodings = stable.send_encodings
            t = replace_transceiver(
                t,
                transport=stable.transport,
                send_encodings=encodings,
                receive_codecs=stable.receive_codecs,
                receptive=stable.receptive if not t.stopping else False,
            )
        # 4.6.11.2.6: a rolled-back remote offer restores the remote streams.
        if was_remote_offer and not t.stopped:
            msids = stable.remote_stream_ids if stable is not None else ()
            direction = t.current_direction or D.INACTIVE
            t = _process_remote_tracks(t, direction, msids, events)
            if t.current_direction is None:
                t = replace_transceiver(
                    t, fired_direction=stable.fired_direction if stable else None
                )
        # 4.6.11.2.7: created by the rolled-back description and never given a track by addTrack.
        if t.id in session.created_by_pending and not t.attached_by_add_track:
            effects.append(TransceiverRemoved(_stop(t, effects)))
            decisions.add(
                f"transceiver {t.id}",
                "removed: created by the rolled-back remote offer",
                "webrtc-pc, 4.6.11.2.7; RFC 9429, 5.7",
            )
            continue
        kept.append(t)
    data = session.stable_data if session.stable_data is not None else session.data
    data = attrs.evolve(data, wanted=session.data.wanted)
    # Transports that only the rolled-back local offer created are released (RFC 9429, 5.7).
    keep_transports = {t.transport for t in kept if t.transport is not None}
    if data.transport is not None:
        keep_transports.add(data.transport)
    if session.current_local is not None:
        current_local = session.current_local.sdp
        keep_transports.update(
            g[0] for g in session.gathering if _section_for(current_local, g[0]) is not None
        )
        # A BUNDLE transport whose tag moved is named by a mid the description no
        # longer tags (RFC 9143, 7.5.3): it is the current description's all the same.
        keep_transports.update(_carried_transports(session, current_local))
    dropped = sorted({g[0] for g in session.gathering} - keep_transports)
    for transport in dropped:
        effects.append(CloseTransport(transport))
    gathering = frozenset(g for g in session.gathering if g[0] in keep_transports)
    if session.pending_ice is not None:
        gathering = frozenset(g for g in gathering if g[1] != session.pending_ice.ufrag)
    new = attrs.evolve(
        session,
        transceivers=tuple(kept),
        data=data,
        pending_local=None,
        pending_remote=None,
        signaling_state=S.STABLE,
        stable_transceivers=None,
        stable_data=None,
        created_by_pending=frozenset(),
        pending_ice=None,
        pending_transport_ice=(),
        gathering=gathering,
        local_candidates=tuple(c for c in session.local_candidates if (c[0], c[1]) in gathering),
    )
    decisions.add("session", f"rollback: {session.signaling_state} -> stable", "RFC 9429, 5.7")
    effects.append(SignalingStateChange(S.STABLE))
    effects.extend(events.ordered())
    return Step(new, effects=tuple(effects), decisions=decisions.freeze())
