"""createOffer: RFC 9429, 5.2 "Constructing an Offer", and webrtc-pc "create an offer".

This module owns the layout of an offer (which transceiver gets which
m-line, which m-lines are recycled, which mids are proposed) and the text
of every offered m-section.  It changes nothing in the session but what
webrtc-pc says createOffer changes: [[LastCreatedOffer]] (with the layout
that produced it, so setLocalDescription can associate the m-sections with
their transceivers), the proposed ICE credentials of an ICE restart, the
header extension ids, and the session version.

The order of the m-lines (RFC 9429, 5.2.1 and 5.2.2): the m-lines of the
last local description (pending in have-local-offer, else current) keep
their places; a stopped transceiver's line is written with port 0; then the
new transceivers in the order they were added, each taking the place of a
rejected (port 0) line first ("recycling"), else appended; the data
m-section last, if a data channel was created and none is negotiated.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

import attrs

from sdpmodel._decided import codec_summary
from sdpmodel._msection import (
    DUMMY_CONNECTION,
    DUMMY_PORT,
    MID_URI,
    REPAIRED_RID_URI,
    RID_URI,
    RTCP_MUX,
    RTCP_RSIZE,
    bundle_transport,
    candidate_lines,
    default_connection,
    direction_line,
    extmap_lines,
    msid_lines,
    rejected_section,
    rtp_section,
    simulcast_lines,
    ssrc_lines,
    transport_lines,
)
from sdpmodel.attributes import (
    Attribute,
    BundleOnly,
    ExtmapAllowMixed,
    Group,
    IceOptions,
    MaxMessageSize,
    Mid,
    Rtcp,
    RtcpMuxOnly,
    SctpPort,
    Setup,
)
from sdpmodel.codecs import (
    CodecCapability,
    PayloadTypes,
    codec_lines,
    is_primary,
    offer_codecs,
)
from sdpmodel.decisions import Decisions, cited
from sdpmodel.enums import (
    RTCBundlePolicy,
    RTCRtcpMuxPolicy,
    RTCRtpTransceiverDirection,
    RTCSignalingState,
    SetupRole,
)
from sdpmodel.errors import InvalidStateError, OperationError
from sdpmodel.model import MediaDescription, Origin, SessionDescription

if TYPE_CHECKING:  # the session type; jsep imports this module lazily
    from sdpmodel.jsep import Session, Step
    from sdpmodel.transceiver import Transceiver

__all__ = ["DATA", "Slot", "create_offer", "plan_layout"]

D = RTCRtpTransceiverDirection
DATA = "data"

#: RFC 9429, 5.2.1: "a=ice-options" with "trickle" (RFC 8840, 4.1.1) and "ice2" (RFC 8445, 10).
ICE_OPTIONS = ("trickle", "ice2")
RTP_PROTOCOL = "UDP/TLS/RTP/SAVPF"
DATA_PROTOCOL = "UDP/DTLS/SCTP"
DATA_FORMAT = "webrtc-datachannel"


@attrs.frozen
class Slot:
    """One m-line of an offer: a transceiver, the data section, or a dead (rejected) line.

    ``owner`` is a transceiver id, ``DATA``, or None for a line whose
    transceiver was removed (then ``previous`` is the old m-section).
    """

    owner: str | None
    mid: str | None
    previous: MediaDescription | None = None
    recycled: bool = False


def _base_media(session: Session) -> tuple[MediaDescription, ...]:
    """The m-lines an offer starts from (RFC 9429, 5.2.2).

    In have-local-offer the pending local offer, else the current local
    description; an answerer's current local description is its answer,
    which has the offer's lines.
    """
    base = session.pending_local if session.pending_local is not None else session.current_local
    return () if base is None else base.sdp.media


class _Mids:
    """The lowest decimal mids not used yet (RFC 9429, 5.2.1: "a per-PeerConnection counter")."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = taken
        self._next = 0

    def new(self) -> str:
        while str(self._next) in self._taken:
            self._next += 1
        mid = str(self._next)
        self._taken.add(mid)
        return mid


def plan_layout(session: Session, decisions: Decisions) -> list[Slot]:
    """Which m-line each transceiver and the data section get in the next offer."""
    base = _base_media(session)
    by_index = {t.m_line_index: t for t in session.transceivers if t.m_line_index is not None}
    slots: list[Slot] = []
    for index, media in enumerate(base):
        transceiver = by_index.get(index)
        if transceiver is not None:
            slots.append(Slot(transceiver.id, transceiver.mid or media.mid))
        elif session.data.m_line_index == index and not session.data.rejected:
            slots.append(Slot(DATA, session.data.mid or media.mid))
        else:
            slots.append(Slot(None, media.mid, previous=media))
    taken = set(session.used_mids)
    taken.update(slot.mid for slot in slots if slot.mid is not None)
    # RFC 9429, 5.2.2: "stopped transceiver NOT associated with an m= section -> MUST NOT
    # generate an m= section for it"; webrtc-pc treats "stopping" as "stopped" here.
    newcomers: list[str] = [
        t.id
        for t in session.transceivers
        if t.m_line_index is None and not t.stopping and not t.stopped
    ]
    if session.data.wanted and (session.data.m_line_index is None or session.data.rejected):
        newcomers.append(DATA)
    mids = _Mids(taken)
    free_slots = deque(i for i, s in enumerate(slots) if s.owner is None)
    for owner in newcomers:
        mid = mids.new()
        free = free_slots.popleft() if free_slots else None
        if free is not None:
            old = slots[free]
            decisions.add(
                f"m={free}",
                f"the rejected m-line (mid {old.mid}) is recycled for "
                f"{'the data channels' if owner == DATA else 'transceiver ' + owner} with the "
                f"new mid {mid}",
                "RFC 9429, 5.2.2",
            )
            slots[free] = Slot(owner, mid, recycled=True)
        else:
            slots.append(Slot(owner, mid))
    return slots


def _offer_credentials(session: Session, ice_restart: bool, decisions: Decisions) -> Session:
    """The ICE credentials of this offer (RFC 9429, 5.2.3.1; webrtc-pc createOffer, iceRestart)."""
    from sdpmodel.jsep import IceCredentials

    restart = ice_restart or bool(session.ice_credentials_to_replace)
    has_current = session.current_local is not None
    if not restart or not has_current:
        if restart:
            decisions.add(
                "session", "iceRestart has no effect on an initial offer", "RFC 9429, 5.2.3.1"
            )
        return session
    if session.pending_ice is None:
        fresh = IceCredentials(session.ids.ice_ufrag(), session.ids.ice_pwd())
        session = attrs.evolve(session, pending_ice=fresh)
    assert session.pending_ice is not None
    decisions.add(
        "session",
        f"ICE restart: new ufrag {session.pending_ice.ufrag} (was {session.local_ice.ufrag})",
        "RFC 9429, 5.2.3.1; RFC 8839, 4.4.1.1.1",
    )
    return session


def _legacy_receive(
    session: Session, kind: str, value: bool | None, decisions: Decisions
) -> Session:
    """webrtc-pc, 4.4.3.2 "Legacy configuration extensions": offerToReceiveAudio/Video."""
    if value is None:
        return session
    option = f"offerToReceive{kind.capitalize()}"
    if value is False:
        # Step 3.1: existing transceivers of this kind stop receiving.
        changed = []
        for original in session.transceivers:
            t = original
            if t.kind == kind and not t.stopped and not t.stopping:
                if t.direction is D.SENDRECV:
                    t = attrs.evolve(t, direction=D.SENDONLY)
                elif t.direction is D.RECVONLY:
                    t = attrs.evolve(t, direction=D.INACTIVE)
            changed.append(t)
        decisions.add(
            "session",
            f"{option}: false: {kind} transceivers stop receiving",
            "webrtc-pc, 4.4.3.2, step 3.1",
        )
        return attrs.evolve(session, transceivers=tuple(changed))
    # Step 3.2: nothing to do if one already receives.
    if any(
        t.kind == kind and not t.stopped and not t.stopping and t.direction.receives
        for t in session.transceivers
    ):
        return session
    # Steps 3.3 to 3.5: a new recvonly transceiver.
    step = session.add_transceiver(kind, direction=D.RECVONLY)
    decisions.add(
        "session",
        f"{option}: true: a recvonly {kind} transceiver is added",
        "webrtc-pc, 4.4.3.2, step 3.3",
    )
    return step.session


def _codec_capabilities(session: Session, transceiver: Transceiver) -> tuple[CodecCapability, ...]:
    """webrtc-pc, final steps to create an offer, 3.2: the preferred codecs, else all."""
    if transceiver.preferred_codecs:
        return transceiver.preferred_codecs
    return session.endpoint.codecs(transceiver.kind)


def _preferred_payload_types(session: Session) -> set[int]:
    """The payload types the endpoint's codecs prefer (audio and video)."""
    endpoint = session.endpoint
    return {
        c.preferred_payload_type
        for c in (*endpoint.codecs("audio"), *endpoint.codecs("video"))
        if c.preferred_payload_type is not None
    }


def _negotiated_bundle(session: Session, slots: list[Slot]) -> tuple[str, ...]:
    """The live mids of the BUNDLE group of the last answer (RFC 9429, 5.2.2)."""
    alive = {s.mid for s in slots if s.owner is not None}
    return tuple(mid for mid in session.negotiated_bundle if mid in alive)


def create_offer(
    session: Session,
    *,
    ice_restart: bool = False,
    offer_to_receive_audio: bool | None = None,
    offer_to_receive_video: bool | None = None,
    voice_activity_detection: bool = True,
) -> Step[str]:
    """Create an offer; returns the SDP text, with [[LastCreatedOffer]] updated in the session."""
    from sdpmodel.jsep import Step

    session._check_open("createOffer")
    # webrtc-pc, "create an offer", step 1.
    if session.signaling_state not in (
        RTCSignalingState.STABLE,
        RTCSignalingState.HAVE_LOCAL_OFFER,
    ):
        raise InvalidStateError(
            f"Cannot create an offer in signaling state {session.signaling_state} "
            "(webrtc-pc, create an offer, step 1): answer the remote offer or roll it back first"
        )
    decisions = Decisions()
    session = _legacy_receive(session, "audio", offer_to_receive_audio, decisions)
    session = _legacy_receive(session, "video", offer_to_receive_video, decisions)
    session = _offer_credentials(session, ice_restart, decisions)
    restarting = session.pending_ice is not None
    if not voice_activity_detection:
        decisions.add(
            "session",
            "voiceActivityDetection: false: the audio m-sections offer no CN",
            "RFC 9429, 5.2.3.2",
        )

    slots = plan_layout(session, decisions)
    negotiated = _negotiated_bundle(session, slots)
    policy = session.configuration.bundlePolicy
    require_mux = session.configuration.rtcpMuxPolicy is RTCRtcpMuxPolicy.REQUIRE
    transceivers = {t.id: t for t in session.transceivers}
    # RFC 3264, 8.3.2 and RFC 8843, 9.1.2: one number per codec for the whole session;
    # numbers the endpoint's codecs prefer are kept for them.
    payload_types = PayloadTypes(_preferred_payload_types(session))
    payload_types.reserve_description(_base_media(session))
    if session.current_remote is not None:
        payload_types.reserve_description(session.current_remote.sdp.media)
    extension_ids = dict(session.extension_ids)
    codec_memo: dict[tuple[str, tuple[CodecCapability, ...]], tuple[Any, ...]] = {}
    codec_memo_by_id: dict[tuple[str, int], tuple[object, tuple[Any, ...]]] = {}
    # The words of each distinct codec list, made once (sdpmodel.decisions: cheap records).
    codec_words: dict[int, str] = {}
    if session.current_remote is not None:
        decisions.add(
            "session",
            "payload types keep the codecs they had in this session's descriptions",
            "RFC 3264, 8.3.2; RFC 9429, 5.2.2",
        )

    # The BUNDLE group: every live m-line; its tag is the first (webrtc-pc 3.1:
    # "the offerer-tagged m= section MUST be the one for the first non-stopped transceiver").
    def is_live(slot: Slot) -> bool:
        if slot.owner is None:
            return False
        if slot.owner == DATA:
            return True
        t = transceivers[slot.owner]
        return not (t.stopped or t.stopping)

    live = [s for s in slots if is_live(s)]
    group_mids = [s.mid for s in live if s.mid is not None]
    rtp_bundled = any(s.owner != DATA for s in live)
    if negotiated:
        tag = (
            negotiated[0]
            if negotiated[0] in group_mids
            else (group_mids[0] if group_mids else None)
        )
        decisions.add(
            "session",
            f"BUNDLE was negotiated (tag {negotiated[0]}); the group keeps its m-sections and adds "
            "new ones, with the transport attributes in the tagged m-section only",
            "RFC 9429, 5.2.2; RFC 9143, 7.5",
        )
    else:
        tag = group_mids[0] if group_mids else None
    # The transport the tagged m-section carries: the group's, also when the tag moved
    # because the tagged m-section was disabled (RFC 9143, 7.5 and 7.5.3: the group
    # keeps its BUNDLE transport; its ICE and DTLS attributes go in the new tag).
    tag_transport = (
        None
        if tag is None
        else bundle_transport(session, [tag, *(m for m in group_mids if m != tag)], group_mids)
    )
    if negotiated and tag is not None and tag != session.negotiated_bundle[0]:
        decisions.add(
            "session",
            f"the BUNDLE tag moves from {session.negotiated_bundle[0]} to {tag}: the group keeps "
            f"its transport ({tag_transport}), the same ICE credentials and DTLS association",
            "RFC 9143, 7.5 and 7.5.3",
        )
    seen_kinds: set[str] = set()

    def bundle_only(slot: Slot, kind: str) -> bool:
        # RFC 9429, 5.2.1: a=bundle-only on every m-section but the first (max-bundle, i.e.
        # RFC 9429's must-bundle), or on every one but the first of its kind (balanced).
        # RFC 9429, 5.2.2: never in an offer once BUNDLE is negotiated.
        if negotiated or slot.mid == tag:
            return False
        if policy is RTCBundlePolicy.MAX_BUNDLE:
            return True
        if policy is RTCBundlePolicy.BALANCED:
            return kind in seen_kinds
        return False

    media: list[MediaDescription] = []
    for index, slot in enumerate(slots):
        subject = f"m={index}"
        if slot.owner is None:
            previous = slot.previous
            assert previous is not None
            media.append(
                rejected_section(previous.media, previous.protocol, previous.formats, previous.mid)
            )
            decisions.add(
                subject,
                f"{previous.media}, mid {previous.mid}: stays rejected (port 0)",
                "RFC 3264, 8.2",
            )
            continue
        kind = "application" if slot.owner == DATA else transceivers[slot.owner].kind
        if not is_live(slot):
            t = transceivers[slot.owner]
            codecs = offer_codecs(
                kind,
                _codec_capabilities(session, t),
                payload_types,
                comfort_noise=voice_activity_detection,
            )
            media.append(
                rejected_section(
                    kind, RTP_PROTOCOL, [str(c.payload_type) for c in codecs[:1]], slot.mid
                )
            )
            decisions.add(
                subject,
                f"{kind}, mid {slot.mid}: the transceiver is stopped: port 0, no msid",
                "RFC 9429, 5.2.2; webrtc-pc, createOffer (stopping is treated as stopped)",
            )
            continue
        only = bundle_only(slot, kind)
        seen_kinds.add(kind)
        # Once BUNDLE is negotiated every live m-section is in the group (RFC 9429, 5.2.2).
        in_negotiated = bool(negotiated)
        # Transport attributes: RFC 9143, 7.1.3 and RFC 9429, 5.2.1 / 5.2.2: only in the
        # tagged m-section once BUNDLE is negotiated; never in a bundle-only one.
        carries_transport = not only and (not in_negotiated or slot.mid == tag)
        # The tag (and every m-section without attributes of its own) names the group's
        # transport, which may outlive a tag that moved (RFC 9143, 7.5.3).
        own = carries_transport and slot.mid != tag
        owner_transport = slot.mid if own else tag_transport
        credentials = session.pending_ice or session.transport_credentials(owner_transport or "")
        attributes: list[Attribute] = []
        port = 0 if only else DUMMY_PORT
        connection = DUMMY_CONNECTION
        candidates: list[Attribute] = []
        if carries_transport:
            attributes.extend(transport_lines(session, credentials, SetupRole.ACTPASS))
            if not restarting and owner_transport is not None:
                candidates, default = candidate_lines(session, owner_transport, credentials.ufrag)
                port, connection = default_connection(default)
        elif in_negotiated and tag is not None:
            # Chromium rejects an RTP m-section added to a BUNDLE group without a=fingerprint
            # and a=setup (browsers repeat them in every bundled m-section; RFC 9143, 7.1.3
            # leaves them to the tag): write those two, the ICE values stay in the tag.
            attributes.extend(session.endpoint.fingerprints)
            attributes.append(Setup(SetupRole.ACTPASS))
            if not restarting and tag_transport is not None:
                _, default = candidate_lines(session, tag_transport, credentials.ufrag)
                port, connection = default_connection(default)
        assert slot.mid is not None
        attributes.append(Mid(slot.mid))
        if slot.owner == DATA:
            if carries_transport and slot.mid == tag and rtp_bundled:
                # RFC 9143, 9.3.1 and RFC 9429, 5.2.2: RTP m-sections bundled into the data
                # m-section take their IDENTICAL attributes (rtcp-mux) from it.
                attributes.append(RTCP_MUX)
                attributes.append(RTCP_RSIZE)
                decisions.add(
                    subject,
                    "the data m-section is the BUNDLE tag: it carries a=rtcp-mux for the RTP "
                    "m-sections bundled into it",
                    "RFC 9143, 9.3.1",
                )
            attributes.append(SctpPort(session.endpoint.sctp_port))
            attributes.append(MaxMessageSize(session.endpoint.max_message_size))
            if only:
                attributes.append(BundleOnly())
            attributes.extend(candidates)
            media.append(
                MediaDescription(
                    media="application",
                    port=port,
                    protocol=DATA_PROTOCOL,
                    formats=(DATA_FORMAT,),
                    connections=(connection,),
                    attributes=tuple(attributes),
                )
            )
            decisions.add(
                subject,
                f"application, mid {slot.mid}: data channels over SCTP port "
                f"{session.endpoint.sctp_port}",
                "RFC 8841, 5; RFC 9429, 5.2.1",
            )
            continue
        t = transceivers[slot.owner]
        wanted = _codec_capabilities(session, t)
        # By the capabilities' identity first (the endpoint's tuple, or the transceiver's
        # preferences: hashing them calls every capability's __hash__), then by equality.
        known = codec_memo_by_id.get((kind, id(wanted)))
        cached = known[1] if known is not None else codec_memo.get((kind, wanted))
        if cached is None:
            # Every m-section of a kind with the same capabilities gets the same codecs
            # (one payload type per codec in the description): worked out once per offer.
            notes: list[str] = []
            codecs = offer_codecs(
                kind, wanted, payload_types, notes, comfort_noise=voice_activity_detection
            )
            if not any(c.name is not None and is_primary(c.name) for c in codecs):
                # RFC 8866, 5.14: an m= line lists one format at least, and RFC 9429, 5.2.1
                # wants media formats to offer; webrtc-pc, createOffer: "If ... unable to
                # create an offer ..., reject p with an OperationError".
                raise OperationError(
                    f"createOffer: this end has no {kind} codec to offer (only "
                    f"{', '.join(c.mime_type for c in wanted) or 'none'}): the transport "
                    "backend's capabilities need a media codec"
                )
            cached = codec_memo[(kind, wanted)] = (
                codecs,
                codec_lines(codecs),
                tuple(cited(note, "RFC 9429, 5.2.1") for note in notes),
                tuple(str(c.payload_type) for c in codecs),
            )
        if known is None:
            codec_memo_by_id[(kind, id(wanted))] = (wanted, cached)  # keeps ``wanted`` alive
        codecs, lines_of_codecs, codec_notes, formats = cached
        decisions.add_all(subject, codec_notes)
        words = codec_words.get(id(codecs))
        if words is None:
            words = codec_words[id(codecs)] = (
                f"codecs, in preference order: {codec_summary(codecs)}"
            )
        # RFC 8843, 9.2: every offered m-section is in the BUNDLE group and names the MID
        # extension; RFC 8853, 4.1 / RFC 8852, 3: a simulcast sender names the RID ones.
        required: tuple[str, ...] = (MID_URI,)
        if t.direction.sends and len(t.send_encodings) > 1:
            required += (RID_URI, REPAIRED_RID_URI) if kind == "video" else (RID_URI,)
        attributes.extend(
            extmap_lines(
                session,
                kind,
                None,
                extension_ids,
                decisions,
                subject,
                required=required,
                directions=dict(t.header_extensions),
            )
        )
        direction = t.direction
        attributes.append(direction_line(direction.media))
        decisions.add(
            subject,
            f"{kind}, mid {slot.mid}: offered {direction} (the transceiver's direction)",
            "RFC 9429, 5.2.1 / 4.2.3",
        )
        decisions.add(subject, words, "RFC 9429, 5.2.1; RFC 3264, 5.1")
        if direction.sends:
            attributes.extend(msid_lines(t))
        if carries_transport:
            if not require_mux and not negotiated:
                attributes.append(Rtcp(DUMMY_PORT, "IN", "IP4", "0.0.0.0"))
            attributes.append(RTCP_MUX)
            if require_mux and not negotiated:
                attributes.append(RtcpMuxOnly())
            attributes.append(RTCP_RSIZE)
        else:
            # Browsers want a=rtcp-mux in every bundled RTP m-section, tagged or not (RFC 8843,
            # 9.3 as libwebrtc reads it: "rtcp-mux must be enabled when BUNDLE is enabled").
            attributes.append(RTCP_MUX)
        attributes.extend(lines_of_codecs)
        if direction.sends:
            attributes.extend(simulcast_lines(t))
            attributes.extend(ssrc_lines(session, t, codecs))
        if only:
            attributes.append(BundleOnly())
            decisions.add(
                subject,
                f"bundle-only with port 0 ({policy} bundle policy)",
                "RFC 9429, 4.1.1 and 5.2.1",
            )
        attributes.extend(candidates)
        media.append(rtp_section(kind, port, RTP_PROTOCOL, formats, connection, tuple(attributes)))

    session_attributes: list[Attribute] = [IceOptions(ICE_OPTIONS)]
    if group_mids:
        ordered = [tag] + [m for m in group_mids if m != tag] if tag is not None else group_mids
        session_attributes.append(Group("BUNDLE", tuple(m for m in ordered if m is not None)))
        decisions.add(
            "session",
            f"BUNDLE group {' '.join(m for m in ordered if m is not None)}, offerer-tagged "
            f"{tag} ({policy} policy): one transport if the answer agrees",
            "RFC 9143, 7.2; RFC 9429, 5.2.1",
        )
    session_attributes.append(ExtmapAllowMixed())
    version = session.session_version + 1
    description = SessionDescription(
        origin=Origin("-", session.session_id, str(version), "IN", "IP4", "0.0.0.0"),
        session_name="-",
        attributes=tuple(session_attributes),
        media=tuple(media),
    )
    text = description.to_sdp()
    layout = tuple(slot.owner for slot in slots)
    session = attrs.evolve(
        session,
        last_created_offer=text,
        last_offer_model=description,
        last_offer_layout=layout,
        session_version=version,
        extension_ids=tuple(extension_ids.items()),
    )
    return Step(session, decisions=decisions.freeze(), value=text)


def proposed_mids(slots: list[Slot]) -> dict[str, str]:
    """Transceiver id -> the mid the offer proposes for it."""
    return {s.owner: s.mid for s in slots if s.owner is not None and s.mid is not None}
