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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sdpmodel.attributes import (
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
    "DUMMY_CONNECTION",
    "DUMMY_PORT",
    "candidate_lines",
    "extmap_lines",
    "msid_lines",
    "rejected_section",
    "simulcast_lines",
    "ssrc_lines",
    "transport_lines",
]

#: RFC 8840, 4.1.1 (via RFC 9429, 5.2.1): before any candidate, port 9 and c=IN IP4 0.0.0.0.
DUMMY_PORT = 9
DUMMY_CONNECTION = Connection("IN", "IP4", "0.0.0.0")

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


def extmap_lines(
    session: Session,
    kind: str,
    offered: Sequence[Extmap] | None,
    assigned: dict[str, int],
    decisions: Decisions,
    subject: str,
) -> list[Extmap]:
    """The ``a=extmap`` lines of an m-section.

    In an offer (``offered`` is None): every extension this end supports
    for ``kind``, with the id it had before in this session, else its
    preferred id when free, else the lowest free one-byte id (RFC 8285, 5:
    ids are unique within a description; sdpmodel keeps one id per URI for
    the whole session, so BUNDLE never sees a collision).  In an answer:
    the offered extensions this end supports, with the offer's ids (RFC
    8285, 6: "the answerer ... MUST use the same ID").  ``assigned`` (URI ->
    id) is updated in place.
    """
    supported: list[HeaderExtensionCapability] = list(session.endpoint.extensions(kind))
    if offered is not None:
        uris = {c.uri for c in supported}
        lines = []
        for extmap in offered:
            if extmap.uri in uris:
                lines.append(Extmap(extmap.id, extmap.uri))
                assigned[extmap.uri] = extmap.id
            else:
                decisions.add(
                    subject,
                    f"extmap {extmap.id} {extmap.uri}: not supported here, left out",
                    "RFC 8285, 6",
                )
        return lines
    taken = set(assigned.values())
    lines = []
    for capability in supported:
        ext_id = assigned.get(capability.uri)
        if ext_id is None:
            if capability.preferred_id not in taken:
                ext_id = capability.preferred_id
            else:
                ext_id = next((i for i in _ONE_BYTE_IDS if i not in taken), None)
                if ext_id is None:
                    ext_id = next(i for i in range(15, 256) if i not in taken)
            assigned[capability.uri] = ext_id
            taken.add(ext_id)
        lines.append(Extmap(ext_id, capability.uri))
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
    """``a=rid:<rid> send`` per encoding and ``a=simulcast:send`` (webrtc-pc create an offer 3.3).

    RFC 9429, 5.2.1: only when the transceiver sends and has more than one
    encoding (or a rid the application chose).
    """
    rids = [e.rid for e in transceiver.send_encodings if e.rid is not None]
    if not rids:
        return []
    lines: list[Attribute] = [Rid(rid, "send") for rid in rids]
    if len(rids) > 1:
        lines.append(Simulcast(send=tuple((SimulcastId(rid),) for rid in rids)))
    return lines


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
        attributes.append(Direction(MediaDirection.INACTIVE))
    return MediaDescription(
        media=kind,
        port=0,
        protocol=protocol,
        formats=tuple(formats) or ("0",),
        connections=(DUMMY_CONNECTION,),
        attributes=tuple(attributes),
    )
