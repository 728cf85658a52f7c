"""createAnswer: RFC 9429, 5.3 "Generating an Answer", and webrtc-pc "create an answer".

This module owns which offered m-sections the answer accepts and how each is
written.  It reads the pending remote offer and the transceivers that
setRemoteDescription associated with its m-sections (RFC 9429, 5.10), and
changes nothing in the session but [[LastCreatedAnswer]], the ICE
credentials it proposes for m-sections the offerer restarted, the header
extension ids and the session version.

An m-section is rejected (port 0, RFC 3264, 6) when RFC 9429, 5.3.1 says
so: its transceiver is stopped, no offered codec is supported, the bundle
policy forbids it, its BUNDLE group's offerer-tagged m-section is rejected;
and when this end cannot take it at all: a media type or transport profile
it does not implement, an offer without DTLS-SRTP, a second data m-section.
Each rejection is a decision with its rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    answer_simulcast_lines,
    bundle_transport,
    candidate_lines,
    default_connection,
    direction_line,
    extmap_lines,
    msid_lines,
    rejected_section,
    rids_stopped,
    rtp_section,
    ssrc_lines,
    transport_ice_of,
    transport_lines,
)
from sdpmodel.attributes import (
    Attribute,
    ExtmapAllowMixed,
    Fmtp,
    Group,
    IceOptions,
    MaxMessageSize,
    Mid,
    Rtcp,
    RtcpFb,
    RtcpRsize,
    Rtpmap,
    Sctpmap,
    SctpPort,
    Simulcast,
)
from sdpmodel.codecs import answer_codecs, codec_lines
from sdpmodel.decisions import Decisions, cited
from sdpmodel.enums import (
    RTCBundlePolicy,
    RTCDtlsRole,
    RTCRtpTransceiverDirection,
    RTCSignalingState,
    SetupRole,
)
from sdpmodel.errors import InvalidStateError
from sdpmodel.model import Codec, MediaDescription, Origin, SessionDescription

if TYPE_CHECKING:
    from sdpmodel.codecs import CodecCapability
    from sdpmodel.jsep import Session, Step
    from sdpmodel.transceiver import Transceiver

__all__ = ["RTP_PROFILES", "SCTP_PROFILES", "create_answer", "remote_ice_restarted"]

D = RTCRtpTransceiverDirection

#: RFC 9429, 5.1.2: the media profiles an answerer MUST accept in an offer (answered in kind).
RTP_PROFILES = frozenset(
    {
        "RTP/AVP",
        "RTP/AVPF",
        "RTP/SAVP",
        "RTP/SAVPF",
        "TCP/DTLS/RTP/SAVP",
        "TCP/DTLS/RTP/SAVPF",
        "UDP/TLS/RTP/SAVP",
        "UDP/TLS/RTP/SAVPF",
    }
)
#: RFC 9429, 5.1.2: data profiles ("DTLS/SCTP" for backwards compatibility, with a=sctpmap).
SCTP_PROFILES = frozenset({"UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP"})


def remote_ice_restarted(
    session: Session, media: MediaDescription, offer: SessionDescription
) -> bool:
    """RFC 8839, 4.4.1.1.1 / RFC 9429, 5.10: the remote changed this m-section's ufrag or pwd."""
    if session.current_remote is None or media.mid is None:
        return False
    before = session.current_remote.sdp.media_by_mid(media.mid)
    if before is None:
        return False
    old = transport_ice_of(before, session.current_remote.sdp)
    new = transport_ice_of(media, offer)
    return None not in new and None not in old and new != old


def _bundle_group(offer: SessionDescription, mid: str | None) -> tuple[str, ...]:
    return offer.bundle_group_of(mid)


def _setup_for(session: Session, offered: SetupRole | None) -> SetupRole:
    """RFC 8842, 5.3 and RFC 9429, 5.3.1 / 5.3.2: the answer's a=setup.

    actpass -> active (SHOULD), or the role the existing association has;
    active -> passive; passive -> active.
    """
    if offered is SetupRole.ACTIVE:
        return SetupRole.PASSIVE
    if offered is SetupRole.PASSIVE:
        return SetupRole.ACTIVE
    if session.dtls_role is RTCDtlsRole.SERVER:
        return SetupRole.PASSIVE
    return SetupRole.ACTIVE


def create_answer(session: Session) -> Step[str]:
    """Create an answer to the pending remote offer; ``value`` is the SDP text."""
    from sdpmodel.jsep import IceCredentials, Step

    session._check_open("createAnswer")
    # webrtc-pc, "create an answer", step 1.
    if session.signaling_state not in (
        RTCSignalingState.HAVE_REMOTE_OFFER,
        RTCSignalingState.HAVE_LOCAL_PRANSWER,
    ):
        raise InvalidStateError(
            f"Cannot create an answer in signaling state {session.signaling_state} "
            "(webrtc-pc, create an answer, step 1): set a remote offer first"
        )
    assert session.pending_remote is not None
    offer = session.pending_remote.sdp
    decisions = Decisions()
    policy = session.configuration.bundlePolicy
    by_index = {t.m_line_index: t for t in session.transceivers if t.m_line_index is not None}
    extension_ids = dict(session.extension_ids)

    # --- which m-sections are rejected (RFC 9429, 5.3.1) -----------------------------
    rejected: dict[int, str] = {}
    first_of_kind: dict[str, int] = {}
    data_index: int | None = None
    codec_lists: dict[int, tuple[Codec, ...]] = {}
    answer_memo: dict[
        tuple[object, ...], tuple[tuple[Codec, ...], tuple[tuple[str, str], ...], bool]
    ] = {}
    answer_memo_by_id: dict[
        tuple[str, int, int],
        tuple[object, object, tuple[tuple[Codec, ...], tuple[tuple[str, str], ...], bool]],
    ] = {}
    # codec lists are shared through answer_memo (and kept alive by it): lines by id.
    lines_memo: dict[int, list[Rtpmap | Fmtp | RtcpFb]] = {}
    formats_memo: dict[int, tuple[str, ...]] = {}
    # The words of each distinct answered codec list, made once (decisions stay cheap).
    codec_words: dict[int, str] = {}
    for index, media in enumerate(offer.media):
        kind = media.media
        if media.is_rejected:
            rejected[index] = "the offer rejects it (port 0)"
            continue
        first_of_kind.setdefault(kind, index)
        if kind in ("audio", "video"):
            transceiver = by_index.get(index)
            if media.protocol not in RTP_PROFILES:
                rejected[index] = f"the profile {media.protocol} is not supported (RFC 9429, 5.1.2)"
            elif transceiver is None or transceiver.stopped:
                rejected[index] = "its transceiver is stopped (RFC 9429, 5.3.1)"
            else:
                preferences = _filtered_preferences(session, transceiver)
                offered_codecs = media.codecs
                # By identity first (the offered list is shared by the m-sections that
                # offer equal codecs; hashing it calls every codec's __hash__).
                known = answer_memo_by_id.get((kind, id(offered_codecs), id(preferences)))
                if known is not None:
                    memo = known[2]
                else:
                    key = (kind, offered_codecs, preferences)
                    entry = answer_memo.get(key)
                    if entry is None:
                        # Browsers offer the same codecs in every m-section of a kind: the
                        # answer's list is worked out once per distinct offered list.
                        notes: list[str] = []
                        codecs = _answered_codecs(
                            kind, offered_codecs, session.endpoint.codecs(kind), preferences, notes
                        )
                        has_primary = any(
                            c.name
                            and c.name.lower()
                            not in ("rtx", "red", "ulpfec", "flexfec-03", "cn", "telephone-event")
                            for c in codecs
                        )
                        entry = answer_memo[key] = (
                            codecs,
                            tuple(cited(note, "RFC 3264, 6.1; RFC 9429, 5.3.1") for note in notes),
                            has_primary,
                        )
                    memo = entry
                    # The entry keeps both lists alive, so their ids stay theirs.
                    answer_memo_by_id[(kind, id(offered_codecs), id(preferences))] = (
                        offered_codecs,
                        preferences,
                        memo,
                    )
                codecs, codec_notes, has_primary = memo
                decisions.add_all(f"m={index}", codec_notes, detail=True)
                if not has_primary:
                    rejected[index] = "no offered codec is supported (RFC 9429, 5.3.1)"
                else:
                    codec_lists[index] = codecs
        elif kind == "application":
            if media.protocol not in SCTP_PROFILES or not session.endpoint.data_channels:
                rejected[index] = f"{media.protocol} data is not supported (RFC 8841)"
            elif data_index is not None or session.data.m_line_index != index:
                rejected[index] = "only one data m-section is used (RFC 8841, 4; RFC 9429, 4.1.6)"
            else:
                data_index = index
        else:
            rejected[index] = f"m={kind} is not a WebRTC media type (RFC 9429, 5.3.1)"
    # The bundle policy (RFC 9429, 5.3.1): balanced accepts only the first m-section of each
    # type and those bundled with it; max-bundle only the first and those bundled with it.
    for index, media in enumerate(offer.media):
        if index in rejected:
            continue
        group = _bundle_group(offer, media.mid)
        if policy is RTCBundlePolicy.BALANCED:
            first = first_of_kind.get(media.media)
            first_group = _bundle_group(offer, offer.media[first].mid) if first is not None else ()
            if index != first and not (group and group == first_group):
                rejected[index] = (
                    f"balanced policy: not the first {media.media} m-section and not bundled "
                    "with it (RFC 9429, 5.3.1)"
                )
        elif policy is RTCBundlePolicy.MAX_BUNDLE:
            first = next(
                (i for i in range(len(offer.media)) if not offer.media[i].is_rejected), None
            )
            first_group = _bundle_group(offer, offer.media[first].mid) if first is not None else ()
            if index != first and not (group and group == first_group):
                rejected[index] = (
                    "max-bundle policy: not bundled with the first m-section (RFC 9429, 5.3.1)"
                )
    index_of = {m.mid: i for i, m in reversed(list(enumerate(offer.media))) if m.mid is not None}
    # A group whose offerer-tagged m-section is rejected is rejected whole (RFC 9143, 7.3.3).
    accepted_groups: list[tuple[str, ...]] = []
    for group in offer.bundle_groups:
        if not group:
            continue
        tag_index = index_of.get(group[0])
        if tag_index is None or tag_index in rejected:
            for index, media in enumerate(offer.media):
                if media.mid in group and index not in rejected:
                    rejected[index] = (
                        f"the offerer-tagged m-section {group[0]} of its BUNDLE group is "
                        "rejected (RFC 9143, 7.3.3)"
                    )
            continue
        accepted_groups.append(tuple(m for m in group if index_of.get(m) not in rejected))

    # --- ICE credentials per transport -----------------------------------------------
    new_credentials = dict(session.pending_transport_ice)
    for index, media in enumerate(offer.media):
        if index in rejected or media.mid is None:
            continue
        if remote_ice_restarted(session, media, offer) and media.mid not in new_credentials:
            new_credentials[media.mid] = IceCredentials(
                session.ids.ice_ufrag(), session.ids.ice_pwd()
            )
            decisions.add(
                f"m={index}",
                f"the offer restarts ICE for mid {media.mid}: new local credentials "
                f"{new_credentials[media.mid].ufrag}",
                "RFC 8839, 4.4.1.1.1; RFC 9429, 5.3.2",
            )
    session = attrs.evolve(session, pending_transport_ice=tuple(new_credentials.items()))

    def answer_credentials(mid: str, transport: str) -> IceCredentials:
        return new_credentials.get(mid) or session.transport_credentials(transport)

    # A BUNDLE group keeps its transport when its tag moved (RFC 9143, 7.5.3): the
    # answer's tag carries that transport's credentials and candidates (RFC 9429, 5.3.2).
    live = {m.mid for i, m in enumerate(offer.media) if i not in rejected and m.mid is not None}
    group_transports = {g[0]: bundle_transport(session, g, live) for g in accepted_groups}
    # mid -> the first accepted group naming it (one lookup a section, not a scan of the groups).
    group_of: dict[str, tuple[str, ...]] = {}
    for accepted in accepted_groups:
        for member in accepted:
            group_of.setdefault(member, accepted)

    # --- the m-sections -------------------------------------------------------------------
    out: list[MediaDescription] = []
    for index, media in enumerate(offer.media):
        subject = f"m={index}"
        if index in rejected:
            decisions.add(
                subject,
                f"{media.media}, mid {media.mid}: rejected: {rejected[index]}",
                "RFC 3264, 6",
            )
            out.append(rejected_section(media.media, media.protocol, media.formats[:1], media.mid))
            continue
        group = group_of.get(media.mid, ()) if media.mid is not None else ()
        answer_tag = group[0] if group else None
        bundled = bool(group)
        carries_transport = not bundled or media.mid == answer_tag
        transport_mid = answer_tag if bundled else media.mid
        transport = group_transports[answer_tag] if answer_tag is not None else media.mid
        credentials = answer_credentials(transport_mid or "", transport or "")
        attributes: list[Attribute] = []
        port, connection = DUMMY_PORT, DUMMY_CONNECTION
        candidates: list[Attribute] = []
        if transport is not None:
            found, default = candidate_lines(session, transport, credentials.ufrag)
            port, connection = default_connection(default)
            if carries_transport:
                candidates = found
        if carries_transport:
            setup = _setup_for(session, media.setup or offer.setup)
            attributes.extend(transport_lines(session, credentials, setup))
            decisions.add(
                subject,
                f"a=setup:{setup} answers a=setup:{media.setup or offer.setup or 'actpass'}",
                "RFC 8842, 5.3; RFC 9429, 5.3.1",
            )
        if media.mid is not None:
            attributes.append(Mid(media.mid))
        if media.media == "application":
            if carries_transport and bundled and _bundles_rtp(offer, group):
                # RFC 9143, 9.3.1: the data m-section is the answerer-tagged one; the RTP
                # m-sections bundled into it take a=rtcp-mux from it.
                attributes.append(RTCP_MUX)
            if media.protocol == "DTLS/SCTP":
                attributes.append(Sctpmap(session.endpoint.sctp_port, "webrtc-datachannel", 1024))
            else:
                attributes.append(SctpPort(session.endpoint.sctp_port))
            attributes.append(MaxMessageSize(session.endpoint.max_message_size))
            attributes.extend(candidates)
            out.append(
                MediaDescription(
                    media="application",
                    port=port,
                    protocol=media.protocol,
                    formats=media.formats,
                    connections=(connection,),
                    attributes=tuple(attributes),
                )
            )
            decisions.add(
                subject,
                f"application, mid {media.mid}: data channels accepted",
                "RFC 8841, 5; RFC 9429, 5.3.1",
            )
            continue
        transceiver = by_index[index]
        codecs = codec_lists[index]
        # RFC 8843, 9.2: the MID extension stays in a bundled answer; RFC 8853, 4.1: the RID
        # extensions stay when simulcast is answered.
        required = (MID_URI,) if bundled else ()
        if media.attribute(Simulcast) is not None and not rids_stopped(transceiver):
            required = (*required, RID_URI, REPAIRED_RID_URI)
        attributes.extend(
            extmap_lines(
                session,
                media.media,
                media.extmaps,
                extension_ids,
                decisions,
                subject,
                required=required,
                directions=dict(transceiver.header_extensions),
            )
        )
        offered = media.direction
        local = transceiver.direction if not transceiver.stopping else D.INACTIVE
        direction = local.media.intersect(offered.reversed())
        decisions.add(
            subject,
            f"{media.media}: offered {offered}, local direction {local} -> answer {direction}",
            "RFC 3264, 6.1; RFC 9429, 5.3.1",
        )
        words = codec_words.get(id(codecs))
        if words is None:
            words = codec_words[id(codecs)] = (
                f"codecs, with the offer's payload types: {codec_summary(codecs)}"
            )
        decisions.add(subject, words, "RFC 3264, 6.1; RFC 9429, 5.3.1")
        attributes.append(direction_line(direction))
        # RFC 9429, 5.3.1: "for each MediaStream ... if the RtpTransceiver's direction is
        # sendrecv or sendonly": the transceiver's, not the answered one (an inactive answer
        # of a sending transceiver still names its streams, or negotiation-needed's check
        # 5.3.1 would want a new negotiation after every exchange).
        if local.sends:
            attributes.extend(msid_lines(transceiver))
        if carries_transport:
            if _offers_mux(media, offer, group):
                attributes.append(RTCP_MUX)
            else:
                attributes.append(Rtcp(DUMMY_PORT, "IN", "IP4", "0.0.0.0"))
            if media.attribute(RtcpRsize) is not None:
                attributes.append(RTCP_RSIZE)
        elif _offers_mux(media, offer, group):
            # Browsers want a=rtcp-mux in every bundled RTP m-section, tagged or not (RFC 8843,
            # 9.3 as libwebrtc reads it: "rtcp-mux must be enabled when BUNDLE is enabled").
            attributes.append(RTCP_MUX)
        lines_of_codecs = lines_memo.get(id(codecs))
        if lines_of_codecs is None:
            lines_of_codecs = lines_memo[id(codecs)] = codec_lines(codecs)
        attributes.extend(lines_of_codecs)
        simulcast = answer_simulcast_lines(media, transceiver, direction, codecs)
        if simulcast:
            attributes.extend(simulcast)
            decisions.add(
                subject,
                f"simulcast answered: a={simulcast[-1].name}:{simulcast[-1].value}",
                "RFC 8853, 5.3; RFC 8851, 6.1; webrtc-pc, final steps to create an answer, 2",
            )
        if local.sends:
            attributes.extend(ssrc_lines(session, transceiver, codecs))
        attributes.extend(candidates)
        formats = formats_memo.get(id(codecs))
        if formats is None:
            formats = formats_memo[id(codecs)] = tuple(str(c.payload_type) for c in codecs)
        out.append(
            rtp_section(media.media, port, media.protocol, formats, connection, tuple(attributes))
        )

    session_attributes: list[Attribute] = []
    offered_options = set(offer.ice_options)
    for media in offer.media:
        offered_options.update(media.ice_options)
    options = tuple(o for o in ("trickle", "ice2") if o in offered_options)
    if options:
        session_attributes.append(IceOptions(options))
    for group in accepted_groups:
        session_attributes.append(Group("BUNDLE", group))
        decisions.add(
            "session", f"BUNDLE {' '.join(group)} (answerer-tagged: {group[0]})", "RFC 9143, 7.3"
        )
    if offer.attribute(ExtmapAllowMixed) is not None or any(
        m.attribute(ExtmapAllowMixed) is not None for m in offer.media
    ):
        session_attributes.append(ExtmapAllowMixed())
    version = session.session_version + 1
    description = SessionDescription(
        origin=Origin("-", session.session_id, str(version), "IN", "IP4", "0.0.0.0"),
        session_name="-",
        attributes=tuple(session_attributes),
        media=tuple(out),
    )
    text = description.to_sdp()
    session = attrs.evolve(
        session,
        last_created_answer=text,
        last_answer_model=description,
        session_version=version,
        extension_ids=tuple(extension_ids.items()),
    )
    return Step(session, decisions=decisions.freeze(), value=text)


#: ``answer_codecs`` results by the identities of its inputs: the offered codec list (the
#: parser's equal offers share one), the endpoint's capabilities, the preferences; the
#: entry keeps them alive, so no id is reused while it exists.  Identities only: a
#: capability's equality leaves out its rtcp-fb pairs, which the answer depends on.
_ANSWERED: dict[
    tuple[str, int, int, int],
    tuple[object, object, object, tuple[Codec, ...], tuple[str, ...]],
] = {}
_ANSWERED_LIMIT = 256


def _answered_codecs(
    kind: str,
    offered: Sequence[Codec],
    capabilities: Sequence[CodecCapability],
    preferences: Sequence[CodecCapability],
    notes: list[str],
) -> tuple[Codec, ...]:
    """``answer_codecs(kind, offered, capabilities, preferences, notes)``, made once for the
    same inputs when they are tuples (immutable): the answer to equal browser offers is
    worked out once."""
    if not (type(offered) is tuple and type(capabilities) is tuple and type(preferences) is tuple):
        return answer_codecs(kind, offered, capabilities, preferences, notes)
    key = (kind, id(offered), id(capabilities), id(preferences))
    found = _ANSWERED.get(key)
    if found is None:
        made: list[str] = []
        codecs = answer_codecs(kind, offered, capabilities, preferences, made)
        if len(_ANSWERED) >= _ANSWERED_LIMIT:
            _ANSWERED.clear()
        found = _ANSWERED[key] = (offered, capabilities, preferences, codecs, tuple(made))
    notes.extend(found[4])
    return found[3]


def _bundles_rtp(offer: SessionDescription, group: tuple[str, ...]) -> bool:
    """Whether an RTP m-section is in ``group``."""
    for mid in group:
        media = offer.media_by_mid(mid)
        if media is not None and media.media != "application":
            return True
    return False


def _offers_mux(media: MediaDescription, offer: SessionDescription, group: tuple[str, ...]) -> bool:
    """rtcp-mux is offered for this m-section, or for the tag of its BUNDLE group (RFC 9143,
    9.3)."""
    if media.rtcp_mux:
        return True
    if group:
        tag = offer.media_by_mid(group[0])
        return tag is not None and tag.rtcp_mux
    return False


def _filtered_preferences(
    session: Session, transceiver: Transceiver
) -> tuple[CodecCapability, ...]:
    """webrtc-pc, final steps to create an answer, 3.1: the transceiver's codec preferences.

    webrtc-pc PR #3018 filters them by direction at this point; every codec
    sdpmodel accepts in setCodecPreferences is one it can send and receive,
    so the filter keeps them all.
    """
    del session
    return transceiver.preferred_codecs
