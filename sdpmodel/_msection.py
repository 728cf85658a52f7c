"""Pieces of m-sections that offers and answers write the same way.

This module owns the lines RFC 9429 asks for in both 5.2 ("Constructing an
Offer") and 5.3 ("Generating an Answer"): the transport attributes (ICE
credentials, fingerprints, setup, tls-id), gathered candidates and the
default candidate in ``m=`` / ``c=``, ``a=extmap`` ids, ``a=msid``, the
``a=ssrc`` lines, ``a=rid`` / ``a=simulcast``, and the minimal rejected
m-section.  Pure functions over values; ``_offer`` and ``_answer`` decide
*which* of them go where.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Container, Mapping, Sequence
from typing import TYPE_CHECKING

from sdpmodel._builders import direct
from sdpmodel.attributes import (
    MAX_PORT,
    Attribute,
    Candidate,
    Direction,
    EndOfCandidates,
    Extmap,
    IcePwd,
    IceUfrag,
    Mid,
    Msid,
    Rid,
    RtcpMux,
    RtcpRsize,
    Setup,
    Simulcast,
    SimulcastId,
    Ssrc,
    SsrcGroup,
    TlsId,
)
from sdpmodel.codecs import HeaderExtensionCapability
from sdpmodel.decisions import Decisions
from sdpmodel.enums import MediaDirection, SetupRole
from sdpmodel.model import Codec, Connection, MediaDescription, SessionDescription

if TYPE_CHECKING:
    from sdpmodel.jsep import IceCredentials, Session
    from sdpmodel.transceiver import Transceiver

__all__ = [
    "DEFAULT_STREAM_ID",
    "DUMMY_CONNECTION",
    "DUMMY_PORT",
    "MID_URI",
    "REPAIRED_RID_URI",
    "RID_URI",
    "RTCP_MUX",
    "RTCP_RSIZE",
    "answer_simulcast_lines",
    "bundle_transport",
    "candidate_lines",
    "direction_line",
    "extmap_lines",
    "msid_lines",
    "record_extension_id",
    "rejected_section",
    "remote_msids",
    "rtp_section",
    "simulcast_lines",
    "ssrc_lines",
    "transport_id",
    "transport_lines",
]

#: RFC 8840, 4.1.1 (via RFC 9429, 5.2.1): before any candidate, port 9 and c=IN IP4 0.0.0.0.
DUMMY_PORT = 9
DUMMY_CONNECTION = Connection("IN", "IP4", "0.0.0.0")

#: Lines every m-section of a kind repeats, made once: values are immutable, so offers and
#: answers share them (and each formats its line once: ``Line.sdp_line`` keeps it).
RTCP_MUX = RtcpMux()
RTCP_RSIZE = RtcpRsize()
_DIRECTION_LINES = {direction: Direction(direction) for direction in MediaDirection}


def direction_line(direction: MediaDirection) -> Direction:
    """``Direction(direction)``, the one value per direction (``_DIRECTION_LINES``)."""
    return _DIRECTION_LINES[direction]


#: The ``a=extmap`` values offers and answers made (``_extmap``), by (id, uri, direction).
_EXTMAPS: dict[tuple[int, str, MediaDirection | None], Extmap] = {}
_EXTMAPS_LIMIT = 1024


def _extmap(ext_id: int, uri: str, direction: MediaDirection | None) -> Extmap:
    """``Extmap(ext_id, uri, direction)``: one value for each, made (and checked) once.

    Every m-section of a kind writes the same extensions, and so does the next
    offer; an int id and a str URI (anything else goes to the class and its
    checks each time) make the same value from equal arguments.
    """
    if type(ext_id) is not int or type(uri) is not str:
        return Extmap(ext_id, uri, direction)
    key = (ext_id, uri, direction)
    found = _EXTMAPS.get(key)
    if found is None:
        if len(_EXTMAPS) >= _EXTMAPS_LIMIT:
            _EXTMAPS.clear()
        found = _EXTMAPS[key] = Extmap(ext_id, uri, direction)
    return found


#: The id of the stream a remote track without any msid belongs to (see ``remote_msids``).
DEFAULT_STREAM_ID = "default"

#: RFC 8285, 4.2: one-byte header extension ids are 1 to 14.
_ONE_BYTE_IDS = range(1, 15)


def transport_ice_of(
    media: MediaDescription, desc: SessionDescription
) -> tuple[str | None, str | None]:
    """The ICE ufrag and pwd the transport of an m-section uses (RFC 8839, 5.4).

    An m-section's own values, else the session level's; but a bundled m-section
    that carries none of its own (RFC 9143, 7.1.3: an answer writes them in the
    BUNDLE-tag m-section only) uses those of its BUNDLE-tag m-section.
    """
    if media.ice_ufrag is None and media.mid is not None:
        group = desc.bundle_group_of(media.mid)
        owner = desc.media_by_mid(group[0]) if group else None
        if owner is not None and owner is not media and not owner.is_rejected:
            media = owner
    return media.ice_ufrag or desc.ice_ufrag, media.ice_pwd or desc.ice_pwd


def bundle_transport(session: Session, group: Sequence[str], live: Container[str]) -> str:
    """The transport of a BUNDLE group tagged ``group[0]``, in a description whose live
    (not rejected) mids are ``live``.

    A transport is named by the mid of the m-section that made it (the BUNDLE-tag of
    its group, or the m-section itself) and keeps that name while it lives.  The
    BUNDLE group keeps its transport when its tag moves to another of its m-sections:
    RFC 9143, 7.5 ("Modifying the Session") lets a subsequent offer pick "another
    bundled m= section within the BUNDLE group" as the offerer-tagged one, and 7.5.3
    ("Disabling a Media Description in a BUNDLE Group") makes it do so when the
    tagged m-section is disabled; 7.3.1 has the answerer tag that same m-section, and
    RFC 9429, 5.2.2 / 5.3.2 write the transport attributes into it.  The group stays
    one BUNDLE transport (RFC 9143, 7.5: changes to the BUNDLE address and attributes
    "will be applied to each bundled m= section"), so the m-sections it keeps go on
    using the transport they had: the same ICE session, the same DTLS association (as
    libwebrtc's JsepTransportCollection keeps a transport while any mid maps to it).

    So a group that shares an m-section with the negotiated group (the last answer's,
    ``session.negotiated_bundle``) uses the negotiated group's transport, unless the
    m-section that names that transport is still live outside the group (RFC 9143,
    7.5.2, moved out of it with a transport of its own): then the group's tag names
    a new one.
    """
    tag = group[0]
    negotiated = session.negotiated_bundle
    if not negotiated:
        return tag
    current = session.bundle_transport or negotiated[0]
    if tag == current or set(group).isdisjoint(negotiated):
        return tag
    if current in live and current not in group:
        return tag
    return current


def transport_id(session: Session, desc: SessionDescription, mid: str) -> str:
    """The name of the transport whose attributes m-section ``mid`` of ``desc`` carries.

    The BUNDLE-tag's is its group's (``bundle_transport``); any other m-section's is
    its own mid.
    """
    group = desc.bundle_group_of(mid)
    if not group or group[0] != mid:
        return mid
    return bundle_transport(session, group, desc.live_mids)


def transport_lines(
    session: Session, credentials: IceCredentials, setup: SetupRole
) -> list[Attribute]:
    """The TRANSPORT-category lines of one transport (RFC 9429, 5.2.1 and 5.3.1).

    ``a=ice-ufrag`` and ``a=ice-pwd`` (RFC 8839, 5.4), one ``a=fingerprint``
    per certificate (RFC 8122, 5), ``a=setup`` (RFC 8842, 5) and ``a=tls-id``
    (RFC 8842, 5.2).
    """
    lines: list[Attribute] = [IceUfrag(credentials.ufrag), IcePwd(credentials.pwd)]
    lines.extend(session.endpoint.fingerprints)
    lines.append(Setup(setup))
    lines.append(TlsId(session.tls_id))
    return lines


def candidate_lines(
    session: Session, transport: str, ufrag: str
) -> tuple[list[Attribute], Candidate | None]:
    """The gathered candidates of ``transport`` for ``ufrag``, and the default candidate.

    RFC 9429, 5.2.2 / 5.3.2: a description "not bundled into another" lists
    the candidates of the most recent gathering phase and, once gathering is
    complete, ``a=end-of-candidates`` (RFC 8840, 8.2).  The default
    candidate is the first of component 1 (RFC 8839, 4.2.1.2 leaves the
    choice to the agent).
    """
    lines: list[Attribute] = []
    default: Candidate | None = None
    for owner, owner_ufrag, candidate in session.local_candidates:
        if owner == transport and owner_ufrag == ufrag:
            lines.append(candidate)
            if default is None and candidate.component == 1:
                default = candidate
    if (transport, ufrag) in session.gathering_complete:
        lines.append(EndOfCandidates())
    return lines, default


def default_connection(candidate: Candidate | None) -> tuple[int, Connection]:
    """``m=`` port and ``c=`` line for a default candidate (RFC 8839, 4.2.1.2; RFC 9429, 5.2.2)."""
    if candidate is None:
        return DUMMY_PORT, DUMMY_CONNECTION
    try:
        address = ipaddress.ip_address(candidate.address)
    except ValueError:
        # An mDNS name (RFC 8839, 5.1 allows FQDNs): browsers keep the dummy address.
        return candidate.port, DUMMY_CONNECTION
    return candidate.port, Connection("IN", "IP6" if address.version == 6 else "IP4", str(address))


#: The RTP header extensions BUNDLE and RID-based simulcast depend on.
MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid"
RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
REPAIRED_RID_URI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"


def rids_stopped(transceiver: Transceiver) -> bool:
    """Whether the user stopped the RID extension on this transceiver
    (setHeaderExtensionsToNegotiate): without it no RTP stream can be named by rid
    (RFC 8852, 3), so no simulcast is negotiated (RFC 8853, 4.1)."""
    return dict(transceiver.header_extensions).get(RID_URI) == "stopped"


def _free_extension_id(taken: set[int]) -> int:
    """The lowest one-byte id not taken, else the lowest two-byte one (RFC 8285, 4.2 / 4.3)."""
    found = next((i for i in _ONE_BYTE_IDS if i not in taken), None)
    if found is None:
        found = next(i for i in range(15, 256) if i not in taken)
    return found


def record_extension_id(assigned: dict[str, int], uri: str, ext_id: int) -> None:
    """Make ``ext_id`` the session's id of ``uri``: a URI that had this id loses it.

    An answer takes the offer's ids (RFC 8285, 6); the session keeps one id
    per URI so that a later offer never writes one id twice (RFC 8285, 5:
    "each ... MUST have a unique ID" within a BUNDLE group, RFC 8843, 9.1.2).
    A URI that loses its id here gets a free one in the next offer: unlike
    Chromium, which writes a colliding id again after a rollback.
    """
    if assigned.get(uri) == ext_id:
        return
    for other, other_id in list(assigned.items()):
        if other_id == ext_id and other != uri:
            del assigned[other]
    assigned.pop(uri, None)
    assigned[uri] = ext_id


def extmap_lines(
    session: Session,
    kind: str,
    offered: Sequence[Extmap] | None,
    assigned: dict[str, int],
    decisions: Decisions,
    subject: str,
    *,
    required: Sequence[str] = (),
    directions: Mapping[str, str] | None = None,
) -> list[Extmap]:
    """The ``a=extmap`` lines of an m-section.

    In an offer (``offered`` is None): every extension this end supports
    for ``kind``, with the id it had before in this session, else its
    preferred id when free, else the lowest free one-byte id (RFC 8285, 5:
    ids are unique within a description; sdpmodel keeps one id per URI for
    the whole session, so BUNDLE never sees a collision and renegotiation
    keeps the ids).  ``required`` names URIs the m-section needs even if the
    endpoint did not list them: the MID extension in a bundled m-section
    (RFC 8843, 9.2 and 15.1), the RID extensions of a simulcast sender
    (RFC 8853, 4.1; RFC 8852, 3).

    In an answer: the offered extensions this end supports, with the offer's
    ids (RFC 8285, 6: "the answerer ... MUST use the same ID"), and the
    direction reversed when the offer gives one (RFC 8285, 6: sendonly is
    answered recvonly or inactive, recvonly sendonly or inactive).

    ``directions`` is the transceiver's [[HeaderExtensionsToNegotiate]]
    (webrtc-extensions, setHeaderExtensionsToNegotiate): a "stopped"
    extension is neither offered nor answered; another direction than
    sendrecv is written on the line (RFC 8285, 6) and, in an answer, meets
    the offered one.

    ``assigned`` (URI -> id) is updated in place.
    """
    wanted_directions = directions or {}
    supported: list[HeaderExtensionCapability] = list(session.endpoint.extensions(kind))
    uris = {c.uri for c in supported}
    if offered is not None:
        lines = []
        for extmap in offered:
            local = wanted_directions.get(extmap.uri, "sendrecv")
            if local == "stopped" and extmap.uri not in required:
                decisions.add(
                    subject,
                    f"extmap {extmap.id} {extmap.uri}: stopped by setHeaderExtensionsToNegotiate, "
                    "left out",
                    "webrtc-extensions, setHeaderExtensionsToNegotiate",
                )
            elif extmap.uri in uris or extmap.uri in required:
                direction = None if extmap.direction is None else extmap.direction.reversed()
                if local not in ("sendrecv", "stopped"):
                    mine = MediaDirection(local)
                    direction = mine if direction is None else mine.intersect(direction)
                lines.append(_extmap(extmap.id, extmap.uri, direction))
                record_extension_id(assigned, extmap.uri, extmap.id)
            else:
                decisions.add(
                    subject,
                    f"extmap {extmap.id} {extmap.uri}: not supported here, left out",
                    "RFC 8285, 6",
                )
        return lines
    wanted: list[tuple[str, int | None]] = [(c.uri, c.preferred_id) for c in supported]
    for uri in required:
        if uri not in uris:
            wanted.append((uri, None))
            decisions.add(
                subject,
                f"extmap {uri}: offered although the endpoint does not list it (BUNDLE and "
                "simulcast need it)",
                "RFC 8843, 9.2; RFC 8853, 4.1",
            )
    taken = set(assigned.values())
    lines = []
    for uri, preferred in wanted:
        local = wanted_directions.get(uri, "sendrecv")
        if local == "stopped" and uri not in required:
            continue
        ext_id = assigned.get(uri)
        if ext_id is None:
            if preferred is not None and preferred not in taken:
                ext_id = preferred
            else:
                ext_id = _free_extension_id(taken)
            assigned[uri] = ext_id
            taken.add(ext_id)
        offered_direction = None if local in ("sendrecv", "stopped") else MediaDirection(local)
        lines.append(_extmap(ext_id, uri, offered_direction))
    return lines


def msid_lines(transceiver: Transceiver) -> list[Msid]:
    """``a=msid`` for a sending transceiver (RFC 9429, 5.2.1; RFC 8830, 2).

    One line per associated stream; a track without streams is written
    ``a=msid:- <track>`` (RFC 8830, 2: "-" for no stream), as browsers do.
    """
    track_id = transceiver.sender_track.id if transceiver.sender_track else transceiver.id
    if not transceiver.sender_stream_ids:
        return [Msid("-", track_id)]
    return [Msid(stream_id, track_id) for stream_id in transceiver.sender_stream_ids]


def ssrc_lines(
    session: Session, transceiver: Transceiver, codecs: Sequence[Codec]
) -> list[Attribute]:
    """``a=ssrc-group:FID`` and ``a=ssrc`` lines (RFC 5576, 4.1 and 4.2) for a sending section.

    Not part of JSEP's list, but peers without MID/RID demultiplexing need
    them (issue: interop with Plan-B era gateways): the primary SSRC, its RTX
    SSRC when an ``rtx`` format is offered, each with ``cname`` and ``msid``.
    """
    if len(transceiver.send_encodings) > 1:
        return []  # simulcast: the rids name the streams (RFC 8853)
    has_rtx = any(c.name is not None and c.name.lower() == "rtx" for c in codecs)
    ssrcs = [transceiver.ssrc]
    lines: list[Attribute] = []
    if has_rtx and transceiver.rtx_ssrc is not None:
        ssrcs.append(transceiver.rtx_ssrc)
        lines.append(SsrcGroup("FID", tuple(ssrcs)))
    msids = msid_lines(transceiver)
    for ssrc in ssrcs:
        lines.append(Ssrc(ssrc, "cname", session.cname))
        for msid in msids:
            lines.append(Ssrc(ssrc, "msid", f"{msid.stream_id} {msid.track_id}"))
    return lines


def simulcast_lines(transceiver: Transceiver) -> list[Attribute]:
    """``a=rid:<rid> send`` per encoding and ``a=simulcast:send`` in an offer.

    webrtc-pc, final steps to create an offer, 3.3: "If the length of the
    [[SendEncodings]] slot ... is larger than 1, then for each encoding ...
    add an a=rid send line ..., and add an a=simulcast:send line giving the
    RIDs in the same order as given in the encodings field"; RFC 9429,
    5.2.1.  A single encoding (also what is left after an answer dropped the
    other layers) writes neither.
    """
    rids = [e.rid for e in transceiver.send_encodings if e.rid is not None]
    if len(rids) < 2:
        return []
    lines: list[Attribute] = [Rid(rid, "send") for rid in rids]
    lines.append(Simulcast(send=tuple((SimulcastId(rid),) for rid in rids)))
    return lines


def _answered_rid(rid: Rid, direction: str, answered_pts: set[int]) -> Rid | None:
    """An offered ``a=rid`` as the answer writes it, or None when none of its formats stay.

    RFC 8851, 6.1 (the answerer): the direction is reversed, "pt" values the
    answer does not list are removed, and a rid left with none is removed.
    Other restrictions are kept (this end does not constrain them further).
    """
    parameters: list[tuple[str, str | None]] = []
    for key, value in rid.parameters:
        if key == "pt":
            kept = [pt for pt in rid.payload_types if pt in answered_pts]
            if not kept:
                return None
            parameters.append(("pt", ",".join(str(pt) for pt in kept)))
        else:
            parameters.append((key, value))
    return Rid(rid.rid, direction, tuple(parameters))


def _answered_streams(
    streams: tuple[tuple[SimulcastId, ...], ...], keep: set[str]
) -> tuple[tuple[SimulcastId, ...], ...]:
    """The offered simulcast streams with only the rids in ``keep`` (RFC 8853, 5.3.1: the
    answerer may remove streams and alternatives; a paused ``~`` stream stays paused).

    A rid the offer repeats is answered once, where it first appears (one rid
    names one RTP stream, RFC 8852, 3).
    """
    out = []
    seen: set[str] = set()
    for stream in streams:
        alternatives = tuple(alt for alt in stream if alt.rid in keep and alt.rid not in seen)
        seen.update(alt.rid for alt in alternatives)
        if alternatives:
            out.append(alternatives)
    return tuple(out)


def answer_simulcast_lines(
    offered: MediaDescription,
    transceiver: Transceiver,
    answered: MediaDirection,
    codecs: Sequence[Codec],
) -> list[Attribute]:
    """``a=rid`` and ``a=simulcast`` in an answer (RFC 9429, 5.3.1; RFC 8853, 5.3).

    * The offer sends simulcast (``a=simulcast:send``): when the answer
      receives, every offered send rid this end can take is answered ``recv``
      (RFC 8851, 6.1), and ``a=simulcast:recv`` lists the offered streams
      with those rids, alternatives and ``~`` (paused) as offered.
    * The offer asks to receive simulcast (``a=simulcast:recv``): when the
      answer sends, the rids of the transceiver's [[SendEncodings]] (which
      setRemoteDescription set from the offer, webrtc-pc 4.6.10.2.6) that
      the offer names are answered ``send``, in the offer's order, and
      ``a=simulcast:send`` lists them (webrtc-pc, final steps to create an
      answer, 2).
    """
    simulcast = offered.attribute(Simulcast)
    if simulcast is None or rids_stopped(transceiver):
        # RFC 8853, 5.3: an answerer that does not take simulcast writes no a=simulcast.
        return []
    answered_pts = {c.payload_type for c in codecs}
    offered_rids = {(r.rid, r.direction): r for r in offered.attributes_of(Rid)}
    rid_lines: list[Attribute] = []
    recv: tuple[tuple[SimulcastId, ...], ...] = ()
    send: tuple[tuple[SimulcastId, ...], ...] = ()
    if simulcast.send and answered.receives:
        keep: set[str] = set()
        for stream in simulcast.send:
            for alternative in stream:
                line = offered_rids.get((alternative.rid, "send"))
                if line is None or alternative.rid in keep:
                    continue
                written = _answered_rid(line, "recv", answered_pts)
                if written is not None:
                    keep.add(alternative.rid)
                    rid_lines.append(written)
        recv = _answered_streams(simulcast.send, keep)
    if simulcast.recv and answered.sends:
        ours = {e.rid for e in transceiver.send_encodings if e.rid is not None}
        keep = set()
        for stream in simulcast.recv:
            for alternative in stream:
                line = offered_rids.get((alternative.rid, "recv"))
                if line is None or alternative.rid not in ours or alternative.rid in keep:
                    continue
                written = _answered_rid(line, "send", answered_pts)
                if written is not None:
                    keep.add(alternative.rid)
                    rid_lines.append(written)
        send = _answered_streams(simulcast.recv, keep)
        if len(send) < 2:
            # One layer is no simulcast: the single encoding goes without rid lines.
            rid_lines = [r for r in rid_lines if not (isinstance(r, Rid) and r.direction == "send")]
            send = ()
    if not recv and not send:
        return []
    return [*rid_lines, Simulcast(send=send, recv=recv)]


def remote_msids(media: MediaDescription) -> tuple[tuple[str, ...], str | None]:
    """The stream ids and the track id a remote m-section names (RFC 8830, 2).

    ``a=msid:<stream> <track>`` lines first; ``-`` stands for "no stream"
    and is not a stream id.  Without any ``a=msid``, the ``a=ssrc:<n>
    msid:<stream> <track>`` lines of legacy (Plan B era) peers (RFC 5576,
    6.3; draft-ietf-mmusic-msid's ssrc form); without those either, the one
    default stream browsers make for a peer that names none (the
    web-platform-tests, RTCPeerConnection-setRemoteDescription-nomsid:
    "triggers ontrack with a default stream"; libwebrtc does the same).
    """
    # A dict keeps the first-seen order and finds repeats in constant time (many
    # a=msid lines stay linear: issue 7's "deeply repeated attributes").
    streams: dict[str, None] = {}
    track: str | None = None
    msids = media.attributes_of(Msid)
    if msids:
        for msid in msids:
            if msid.stream_id != "-":
                streams.setdefault(msid.stream_id)
            if track is None and msid.track_id is not None:
                track = msid.track_id
        return tuple(streams), track
    for ssrc in media.attributes_of(Ssrc):
        if ssrc.attribute != "msid" or not ssrc.attribute_value:
            continue
        stream_id, _, track_id = ssrc.attribute_value.partition(" ")
        if stream_id and stream_id != "-":
            streams.setdefault(stream_id)
        if track is None and track_id:
            track = track_id
    if streams or track is not None:
        return tuple(streams), track
    return (DEFAULT_STREAM_ID,), None


_new_media_description = direct(MediaDescription)

#: The classes ``_all_attributes`` found to be attributes (a subset test, then, in C).
_ATTRIBUTE_CLASSES: set[type] = set()


def _all_attributes(values: tuple[object, ...]) -> bool:
    """Whether every value is an ``Attribute`` (what ``MediaDescription`` checks)."""
    classes = set(map(type, values))
    if classes <= _ATTRIBUTE_CLASSES:
        return True
    if all(issubclass(cls, Attribute) for cls in classes):
        _ATTRIBUTE_CLASSES.update(classes)
        return True
    return False


def rtp_section(
    kind: str,
    port: int,
    protocol: str,
    formats: tuple[str, ...],
    connection: Connection,
    attributes: tuple[Attribute, ...],
) -> MediaDescription:
    """``MediaDescription(media=kind, port=port, ...)`` of a live RTP m-section an offer or
    an answer writes, without the checks of what it makes valid itself.

    The kind is ``audio`` or ``video`` (a transceiver's: ``add_transceiver``
    refuses others, the remote ones take the offer's parsed ``m=`` kind); the
    protocol is ``RTP_PROTOCOL`` or the offer's, as parsed; ``formats`` are
    the payload types (ints) of the section's codecs written in decimal, at
    least one (an offer without a media codec is refused, an answer without
    one rejects the section); ``connection`` is ``DUMMY_CONNECTION`` or one
    ``default_connection`` made with its class.  What comes from outside the
    core as given (the backend's fingerprints and candidates) is checked here
    as the class checks it: every attribute an ``Attribute`` and the port an
    int in range; otherwise the class is called and raises its error.
    """
    if type(port) is int and 0 <= port <= MAX_PORT and formats and _all_attributes(attributes):
        return _new_media_description(
            media=kind,
            port=port,
            protocol=protocol,
            formats=formats,
            connections=(connection,),
            attributes=attributes,
        )
    return MediaDescription(
        media=kind,
        port=port,
        protocol=protocol,
        formats=formats,
        connections=(connection,),
        attributes=attributes,
    )


def rejected_section(
    kind: str, protocol: str, formats: Sequence[str], mid: str | None
) -> MediaDescription:
    """A rejected or disabled m-section: port 0, ``a=mid`` kept, inactive (RFC 3264, 6 and 8.2).

    RFC 9429, 5.2.2: the m-section of a stopped transceiver is generated
    "with port 0 and all a=msid removed"; RFC 9143, 7.3.3 / 7.5.3: not in the
    BUNDLE group and never bundle-only.
    """
    attributes: list[Attribute] = []
    if mid is not None:
        attributes.append(Mid(mid))
    if kind != "application":
        attributes.append(direction_line(MediaDirection.INACTIVE))
    return MediaDescription(
        media=kind,
        port=0,
        protocol=protocol,
        formats=tuple(formats) or ("0",),
        connections=(DUMMY_CONNECTION,),
        attributes=tuple(attributes),
    )
