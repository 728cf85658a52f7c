"""Semantic rules beyond syntax: what a description may contain, with line numbers.

This module owns the rules the grammar cannot state (cardinality, the level
an attribute may appear at, cross-line references) and reports every
problem it finds as a ``Problem(line, rule, message)``.  It raises nothing
and changes nothing.  ``parse(text, strict=True)`` raises on the first
problem; ``validate(desc)`` returns them all.

Line numbers come from the model itself: serialization is byte-exact, so the
n-th line ``to_sdp()`` writes is the n-th line that was parsed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Iterator
from operator import attrgetter

import attrs

from sdpmodel.attributes import (
    Attribute,
    BundleOnly,
    Candidate,
    Crypto,
    Direction,
    Extmap,
    Fingerprint,
    Fmtp,
    Group,
    IceLite,
    IcePwd,
    IceUfrag,
    MaxMessageSize,
    Mid,
    Msid,
    MsidSemantic,
    Rid,
    Rtcp,
    RtcpFb,
    RtcpMux,
    RtcpMuxOnly,
    RtcpRsize,
    Rtpmap,
    Sctpmap,
    SctpPort,
    Setup,
    Simulcast,
    Ssrc,
    SsrcGroup,
)
from sdpmodel.model import Connection, MediaDescription, Origin, SessionDescription

__all__ = [
    "Problem",
    "answer_problems",
    "jsep_problems",
    "reoffer_problems",
    "sdp_problems",
    "validate",
]


@attrs.frozen
class Problem:
    """One broken rule: the 1-based ``line``, the ``rule`` (its source), and a sentence."""

    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} ({self.rule})"


class _Lines:
    """Line numbers of the parts of a description, counted the way ``to_sdp`` writes them."""

    def __init__(self, desc: SessionDescription) -> None:
        line = 3  # v=, o=, s=
        line += (desc.information is not None) + (desc.uri is not None)
        line += len(desc.emails) + len(desc.phones)
        self.connection = line + 1 if desc.connection is not None else None
        line += desc.connection is not None
        line += len(desc.bandwidths)
        for timing in desc.times:
            line += 1 + len(timing.repeats)
        line += (desc.time_zones is not None) + (desc.key is not None)
        self.session_attributes = line + 1
        line += len(desc.attributes)
        self.media: list[int] = []
        self.media_attributes: list[int] = []
        for media in desc.media:
            line += 1
            self.media.append(line)
            line += (media.information is not None) + len(media.connections)
            line += len(media.bandwidths) + (media.key is not None)
            self.media_attributes.append(line + 1)
            line += len(media.attributes)
        self.total = line

    def media_connection(self, index: int, media: MediaDescription, k: int) -> int:
        return self.media[index] + (media.information is not None) + 1 + k


def _attribute_lines(
    attributes: tuple[Attribute, ...], first_line: int
) -> Iterator[tuple[int, Attribute]]:
    for offset, attribute in enumerate(attributes):
        yield first_line + offset, attribute


# RFC 8866, 8.2.7 ("nettype") and 8.2.8 ("addrtype") registries.
_NETTYPES = {"IN", "TN", "ATM", "PSTN"}
_IN_ADDRTYPES = {"IP4", "IP6"}
_FQDN = re.compile(r"[A-Za-z0-9.\-]+")

# RFC 8122, 5 and the IANA "Hash Function Textual Names" registry: digest sizes.
_DIGEST_BYTES = {
    "md2": 16,
    "md5": 16,
    "sha-1": 20,
    "sha-224": 28,
    "sha-256": 32,
    "sha-384": 48,
    "sha-512": 64,
}

#: Attributes that only belong in an m-section (their RFCs give "usage level: media").
_MEDIA_ONLY: dict[type[Attribute], str] = {
    Candidate: "RFC 8839, 5.1",
    Mid: "RFC 5888, 4",
    Rtpmap: "RFC 8866, 6.6",
    Fmtp: "RFC 8866, 6.15",
    RtcpFb: "RFC 4585, 4.2",
    Rtcp: "RFC 3605, 2.1",
    RtcpMux: "RFC 5761, 5.1.1",
    RtcpMuxOnly: "RFC 8858, 3",
    RtcpRsize: "RFC 5506, 5",
    BundleOnly: "RFC 8843, 6",
    Msid: "RFC 8830, 2",
    Ssrc: "RFC 5576, 4.1",
    SsrcGroup: "RFC 5576, 4.2",
    Rid: "RFC 8851, 4",
    Simulcast: "RFC 8853, 5.1",
    SctpPort: "RFC 8841, 5",
    MaxMessageSize: "RFC 8841, 6",
    Sctpmap: "draft-ietf-mmusic-sctp-sdp-05",
}

#: Attributes that only belong at session level.
_SESSION_ONLY: dict[type[Attribute], str] = {
    IceLite: "RFC 8839, 5.3",
    Group: "RFC 5888, 5",
    MsidSemantic: "draft-ietf-mmusic-msid",
}


def _address_problem(nettype: str, addrtype: str, address: str) -> str | None:
    """RFC 8866, 5.7 and 9: the address must fit its address type."""
    if nettype not in _NETTYPES:
        return f"unknown network type {nettype!r} (RFC 8866 registers IN)"
    if nettype != "IN":
        return None
    if addrtype not in _IN_ADDRTYPES:
        return f"unknown address type {addrtype!r} for IN (IP4 or IP6)"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        if _FQDN.fullmatch(address) and not address.replace(".", "").isdigit():
            return None  # an FQDN
        return f"{address!r} is not an {addrtype} address or a domain name"
    if (ip.version == 4) != (addrtype == "IP4"):
        return f"{address!r} is not an {addrtype} address"
    return None


def _check_origin(origin: Origin) -> Iterator[Problem]:
    problem = _address_problem(origin.nettype, origin.addrtype, origin.address)
    if problem is not None:
        yield Problem(2, "RFC 8866, 5.2", f"o= {problem}")


def _check_connection(connection: Connection, line: int) -> Iterator[Problem]:
    problem = _address_problem(connection.nettype, connection.addrtype, connection.address)
    if problem is not None:
        yield Problem(line, "RFC 8866, 5.7", f"c= {problem}")


def _is_rtp(media: MediaDescription) -> bool:
    return "RTP/" in media.protocol


def _check_media(
    desc: SessionDescription, index: int, media: MediaDescription, lines: _Lines
) -> Iterator[Problem]:
    m_line = lines.media[index]
    if desc.connection is None and not media.connections:
        yield Problem(
            m_line,
            "RFC 8866, 5.7",
            "no c= line: one is required at session level or in every m-section",
        )
    for k, connection in enumerate(media.connections):
        yield from _check_connection(connection, lines.media_connection(index, media, k))
    first = lines.media_attributes[index]
    rtpmapped = {a.payload_type for a in media.attributes if type(a) is Rtpmap}
    if _is_rtp(media):
        for fmt in media.formats:
            if not fmt.isdigit() or (len(fmt) > 1 and fmt[0] == "0") or int(fmt) > 127:
                yield Problem(
                    m_line,
                    "RFC 3551, 3; RFC 8866, 5.14",
                    f"RTP format {fmt!r} is not a payload type 0-127 without leading zeros",
                )
            elif int(fmt) >= 96 and int(fmt) not in rtpmapped and not media.is_rejected:
                yield Problem(
                    m_line,
                    "RFC 8866, 6.6; RFC 3264, 5.1",
                    f"dynamic payload type {fmt} has no a=rtpmap line",
                )
    crypto_tags: set[int] = set()
    for line, attribute in _attribute_lines(media.attributes, first):
        cls = type(attribute)
        if cls in _SESSION_ONLY:
            yield Problem(
                line, _SESSION_ONLY[cls], f"a={attribute.name} belongs at session level only"
            )
        elif cls is Crypto:
            assert isinstance(attribute, Crypto)
            if attribute.tag in crypto_tags:
                yield Problem(line, "RFC 4568, 9.1", f"a=crypto tag {attribute.tag} is used twice")
            crypto_tags.add(attribute.tag)
    yield from _fingerprint_problems(media, first, jsep=False)
    if media.is_bundle_only and media.mid is None:
        yield Problem(m_line, "RFC 8843, 6", "an a=bundle-only m-section needs an a=mid")


def _check_fingerprint(fingerprint: Fingerprint, line: int) -> Iterator[Problem]:
    size = _DIGEST_BYTES.get(fingerprint.hash_function.lower())
    count = len(fingerprint.fingerprint.split(":"))
    if size is not None and count != size:
        yield Problem(
            line,
            "RFC 8122, 5",
            f"a {fingerprint.hash_function} fingerprint has {size} bytes, this one {count}",
        )


def _fingerprints_fine(holder: MediaDescription | SessionDescription) -> bool:
    """No a=fingerprint, or every one well-formed with a registered hash function: then
    ``_fingerprint_problems`` finds nothing."""
    fingerprints = holder.fingerprints
    return not fingerprints or all(
        _DIGEST_BYTES.get(f.hash_function.lower()) == f.fingerprint.count(":") + 1
        for f in fingerprints
    )


def _fingerprint_problems(
    holder: MediaDescription | SessionDescription, first_line: int, *, jsep: bool
) -> Iterator[Problem]:
    """The a=fingerprint lines of ``holder``: each digest's length and, for JSEP, whether
    any names a hash function the registry knows."""
    if _fingerprints_fine(holder):
        return  # none, or all well-formed with registered hash functions
    attributes = holder.attributes
    known = False
    first: int | None = None
    for line, attribute in _attribute_lines(attributes, first_line):
        if type(attribute) is not Fingerprint:
            continue
        assert isinstance(attribute, Fingerprint)
        first = line if first is None else first
        known = known or attribute.hash_function.lower() in _DIGEST_BYTES
        yield from _check_fingerprint(attribute, line)
    # RFC 8122, 5: an endpoint uses the fingerprints whose hash function it supports; a
    # DTLS certificate none of them can verify cannot be accepted (RFC 9429, 5.8.3: the
    # fingerprint is mandatory).
    if jsep and first is not None and not known:
        yield Problem(
            first,
            "RFC 8122, 5; RFC 9429, 5.8.3",
            "no a=fingerprint names a hash function of the IANA Hash Function Textual Names "
            f"registry ({', '.join(_DIGEST_BYTES)})",
        )


#: Attributes of which a level holds one: a second one leaves which applies ambiguous.
_ONE_PER_LEVEL: dict[type[Attribute], str] = {
    Mid: "RFC 5888, 4",
    Direction: "RFC 8866, 6.7",
    Setup: "RFC 4145, 4; RFC 8842, 5",
    IceUfrag: "RFC 8839, 5.4",
    IcePwd: "RFC 8839, 5.4",
    SctpPort: "RFC 8841, 5.1",
    MaxMessageSize: "RFC 8841, 6",
}


#: The keyed attributes of which a level holds one per key, with the key of each.
_ONE_PER_KEY = (
    (Rtpmap, attrgetter("payload_type")),
    (Fmtp, attrgetter("format")),
    (Extmap, attrgetter("id")),
)


def _has_repeats(holder: MediaDescription | SessionDescription) -> bool:
    """Whether ``_repeated_problems`` can find anything: counted on the holder's index of
    attributes by type, so that a description without repeats costs a few lookups."""
    get = holder._index().get
    for cls in _ONE_PER_LEVEL:
        found = get(cls)
        if found is not None and len(found) > 1:
            return True
    for cls, key in _ONE_PER_KEY:
        found = get(cls)
        if found is not None and len(found) > 1 and len(set(map(key, found))) < len(found):
            return True
    return False


def _repeated_problems(
    holder: MediaDescription | SessionDescription, first_line: int
) -> Iterator[Problem]:
    """Two values for what a level has one of: a second a=mid, direction, a=setup, ICE
    credential, or a second a=rtpmap / a=fmtp for one payload type (RFC 8866, 6.6 and
    6.15) or a=extmap for one id (RFC 8285, 5)."""
    if not _has_repeats(holder):
        return
    attributes = holder.attributes
    seen: dict[object, int] = {}
    for line, attribute in _attribute_lines(attributes, first_line):
        cls = type(attribute)
        key: object
        if cls in _ONE_PER_LEVEL:
            key, rule, what = cls, _ONE_PER_LEVEL[cls], f"a={attribute.name}"
            if cls is Direction:
                what = "a direction attribute (sendrecv, sendonly, recvonly, inactive)"
        elif cls is Rtpmap:
            assert isinstance(attribute, Rtpmap)
            pt = attribute.payload_type
            key, rule, what = (cls, pt), "RFC 8866, 6.6", f"an a=rtpmap for payload type {pt}"
        elif cls is Fmtp:
            assert isinstance(attribute, Fmtp)
            fmt = attribute.format
            key, rule, what = (cls, fmt), "RFC 8866, 6.15", f"an a=fmtp for format {fmt}"
        elif cls is Extmap:
            assert isinstance(attribute, Extmap)
            xid = attribute.id
            key, rule, what = (cls, xid), "RFC 8285, 5", f"an a=extmap with id {xid}"
        else:
            continue
        if key in seen:
            yield Problem(line, rule, f"{what} again (line {seen[key]} has one already)")
        else:
            seen[key] = line


def _group_problems(
    desc: SessionDescription, lines: _Lines, mids: Collection[str | None]
) -> Iterator[Problem]:
    """RFC 5888, 5: every identification-tag of an a=group line is the mid of an m-section."""
    for line, attribute in _attribute_lines(desc.attributes, lines.session_attributes):
        if type(attribute) is not Group:
            continue
        assert isinstance(attribute, Group)
        for mid in attribute.mids:
            if mid not in mids:
                yield Problem(
                    line,
                    "RFC 5888, 5",
                    f"a=group:{attribute.semantics} names mid {mid}, which no m-section has",
                )


def _duplicate_mids(desc: SessionDescription, lines: _Lines) -> Iterator[Problem]:
    """RFC 5888, 4: an a=mid value identifies one m-section."""
    seen_mids: dict[str, int] = {}
    for index, media in enumerate(desc.media):
        mid = media.mid
        if mid is None:
            continue
        # The line of this m-section's (first) a=mid.
        line = next(
            n
            for n, a in _attribute_lines(media.attributes, lines.media_attributes[index])
            if type(a) is Mid
        )
        if mid in seen_mids:
            yield Problem(
                line,
                "RFC 5888, 4",
                f"a=mid:{mid} is already used by the m-section at line {seen_mids[mid]}",
            )
        seen_mids.setdefault(mid, lines.media[index])


def sdp_problems(desc: SessionDescription) -> list[Problem]:
    """Every RFC 8866 / attribute-RFC problem of ``desc``, in line order."""
    lines = _Lines(desc)
    problems: list[Problem] = []
    if desc.version != 0:
        problems.append(Problem(1, "RFC 8866, 5.1", f"v= must be 0, got {desc.version}"))
    problems.extend(_check_origin(desc.origin))
    if desc.connection is not None and lines.connection is not None:
        problems.extend(_check_connection(desc.connection, lines.connection))
    for line, attribute in _attribute_lines(desc.attributes, lines.session_attributes):
        cls = type(attribute)
        if cls in _MEDIA_ONLY:
            problems.append(
                Problem(line, _MEDIA_ONLY[cls], f"a={attribute.name} belongs in an m-section only")
            )
    problems.extend(_fingerprint_problems(desc, lines.session_attributes, jsep=False))
    problems.extend(_repeated_problems(desc, lines.session_attributes))
    for index, media in enumerate(desc.media):
        problems.extend(_check_media(desc, index, media, lines))
        problems.extend(_repeated_problems(media, lines.media_attributes[index]))
    problems.extend(_duplicate_mids(desc, lines))
    problems.extend(_group_problems(desc, lines, {m.mid for m in desc.media}))
    problems.sort(key=lambda p: p.line)
    return problems


def answer_problems(answer: SessionDescription, offer: SessionDescription) -> list[Problem]:
    """RFC 3264, 6: an answer has the offer's m-lines, in the offer's order, with the same media."""
    lines = _Lines(answer)
    problems = []
    if len(answer.media) != len(offer.media):
        line = lines.media[-1] if answer.media else lines.total
        problems.append(
            Problem(
                line,
                "RFC 3264, 6",
                f"the answer has {len(answer.media)} m-lines but the offer had {len(offer.media)}",
            )
        )
    for index, (answered, offered) in enumerate(zip(answer.media, offer.media, strict=False)):
        if answered.media != offered.media:
            problems.append(
                Problem(
                    lines.media[index],
                    "RFC 3264, 6",
                    f"m-line {index + 1} answers {offered.media} with {answered.media}",
                )
            )
    return problems


def _remapped_problems(answer: SessionDescription, offer: SessionDescription) -> list[Problem]:
    lines = _Lines(answer)
    problems: list[Problem] = []
    for index, (answered, offered) in enumerate(zip(answer.media, offer.media, strict=False)):
        if answered.media == offered.media and not answered.is_rejected:
            problems.extend(_remapped_payload_types(answered, offered, lines, index))
    return problems


def _remapped_payload_types(
    answered: MediaDescription, offered: MediaDescription, lines: _Lines, index: int
) -> Iterator[Problem]:
    """RFC 3264, 6.1: the answer uses the offer's payload type for a codec (SHOULD), so an
    offered number given another encoding is a mistake.  A validate() rule only:
    setRemoteDescription takes the answer's mapping for what it sends, as browsers do."""
    offered_maps = {r.payload_type: r for r in offered.rtpmaps}
    if not offered_maps:
        return
    for line, attribute in _attribute_lines(answered.attributes, lines.media_attributes[index]):
        if type(attribute) is not Rtpmap:
            continue
        assert isinstance(attribute, Rtpmap)
        theirs = offered_maps.get(attribute.payload_type)
        if theirs is None:
            continue
        if (theirs.encoding_name.lower(), theirs.clock_rate) != (
            attribute.encoding_name.lower(),
            attribute.clock_rate,
        ):
            yield Problem(
                line,
                "RFC 3264, 6.1",
                f"payload type {attribute.payload_type} is {theirs.encoding_name}/"
                f"{theirs.clock_rate} in the offer and {attribute.encoding_name}/"
                f"{attribute.clock_rate} in the answer",
            )


def reoffer_problems(offer: SessionDescription, previous: SessionDescription) -> list[Problem]:
    """RFC 3264, 8: a new offer keeps every earlier m-line in its place, with its media type."""
    lines = _Lines(offer)
    problems = []
    if len(offer.media) < len(previous.media):
        line = lines.media[-1] if offer.media else lines.total
        problems.append(
            Problem(
                line,
                "RFC 3264, 8",
                f"the new offer has {len(offer.media)} m-lines, fewer than the "
                f"{len(previous.media)} before (set a port to 0 instead of removing a line)",
            )
        )
    for index, (new, old) in enumerate(zip(offer.media, previous.media, strict=False)):
        if new.media != old.media:
            problems.append(
                Problem(
                    lines.media[index],
                    "RFC 3264, 8",
                    f"m-line {index + 1} was {old.media} and is now {new.media}: "
                    "m-lines keep their place and media type",
                )
            )
    return problems


# --- RFC 9429, 5.8: the JSEP rules for parsing a session description ----------------

#: RFC 9429, 5.1.2: the media profiles a JSEP endpoint takes (and answers in kind).
_JSEP_RTP_PROFILES = frozenset(
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
_JSEP_SCTP_PROFILES = frozenset({"UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP"})


def _bundle_tag_of(desc: SessionDescription, mid: str | None) -> str | None:
    group = desc.bundle_group_of(mid)
    return group[0] if group else None


def jsep_problems(
    desc: SessionDescription,
    *,
    sdp_type: str = "offer",
    offer: SessionDescription | None = None,
    rtcp_mux_required: bool = True,
) -> list[Problem]:
    """The RFC 9429, 5.8 ("Parsing a Session Description") problems of ``desc``, in line order.

    ``sdp_type`` is ``"offer"``, ``"answer"`` or ``"pranswer"``; for an
    answer, ``offer`` is the offer it answers (RFC 9429, 5.8.3 last rule).
    ``rtcp_mux_required`` is webrtc-pc's rtcpMuxPolicy "require" (the
    default).  An m-section bundled into another (RFC 9143, 7.1.3: not the
    BUNDLE-tag, no transport attributes of its own) or bundle-only takes its
    ICE, DTLS and RTCP-mux attributes from the BUNDLE-tag's m-section.
    """
    lines = _Lines(desc)
    problems: list[Problem] = []
    mids = {m.mid for m in desc.media if m.mid is not None}
    # RFC 9429, 5.8 ("Parsing a Session Description"): the mids identify the m-sections
    # (RFC 5888, 4), and the DTLS fingerprints must be usable (RFC 8122, 5).
    # Two values where the rules read one are as ambiguous to negotiation (RFC 8866, 6.6
    # and 6.7; RFC 8285, 5; RFC 8839, 5.4).
    problems.extend(_duplicate_mids(desc, lines))
    problems.extend(_fingerprint_problems(desc, lines.session_attributes, jsep=True))
    problems.extend(_repeated_problems(desc, lines.session_attributes))
    for index, media in enumerate(desc.media):
        if not media.is_rejected:
            # The quick checks first: most m-sections have nothing to report, and then
            # no generator is made for them.
            if not _fingerprints_fine(media):
                problems.extend(
                    _fingerprint_problems(media, lines.media_attributes[index], jsep=True)
                )
            if _has_repeats(media):
                problems.extend(_repeated_problems(media, lines.media_attributes[index]))
    # RFC 5888, 5 / RFC 9143, 5: a group names existing m-sections, each in one BUNDLE group.
    problems.extend(_group_problems(desc, lines, mids))
    seen_in_bundle: set[str] = set()
    for line, attribute in _attribute_lines(desc.attributes, lines.session_attributes):
        if type(attribute) is not Group:
            continue
        assert isinstance(attribute, Group)
        for mid in attribute.mids:
            if attribute.semantics == "BUNDLE":
                if mid in seen_in_bundle:
                    problems.append(
                        Problem(line, "RFC 9143, 5", f"mid {mid} is in two BUNDLE groups")
                    )
                seen_in_bundle.add(mid)
    by_mid = {m.mid: m for m in desc.media if m.mid is not None}
    for index, media in enumerate(desc.media):
        m_line = lines.media[index]
        if media.is_rejected:
            continue
        tag = _bundle_tag_of(desc, media.mid)
        # The section that holds this one's transport attributes.
        owner = media
        if media.is_bundle_only or (
            tag is not None and tag != media.mid and media.ice_ufrag is None
        ):
            if tag is None:
                problems.append(
                    Problem(
                        m_line, "RFC 9143, 6", "a=bundle-only m-section outside any BUNDLE group"
                    )
                )
                continue
            owner = by_mid.get(tag, media)
        rtp = media.protocol in _JSEP_RTP_PROFILES
        sctp = media.protocol in _JSEP_SCTP_PROFILES
        # RFC 9429, 5.8.3: mandatory ICE and DTLS values, in the m-section or at session level.
        if (owner.ice_ufrag or desc.ice_ufrag) is None or (owner.ice_pwd or desc.ice_pwd) is None:
            problems.append(
                Problem(
                    m_line,
                    "RFC 9429, 5.8.3; RFC 8839, 5.4",
                    f"m={media.media} has no a=ice-ufrag and a=ice-pwd (ICE is mandatory)",
                )
            )
        # RFC 9143, 7.1.3: a bundled m-section may carry its own ICE values but leave the
        # fingerprint to the BUNDLE-tag's m-section (Chromium's answers do).
        tagged = by_mid.get(tag) if tag is not None and tag != media.mid else None
        if not (
            owner.fingerprints or (tagged is not None and tagged.fingerprints) or desc.fingerprints
        ):
            problems.append(
                Problem(
                    m_line,
                    "RFC 9429, 5.8.3; RFC 8122, 5",
                    f"m={media.media} has no a=fingerprint (DTLS-SRTP is mandatory; SDES "
                    "a=crypto is not used)",
                )
            )
        setup = owner.setup or desc.setup
        if setup is not None:
            allowed = (
                ("actpass", "active", "passive") if sdp_type == "offer" else ("active", "passive")
            )
            if str(setup) not in allowed:
                problems.append(
                    Problem(
                        m_line,
                        "RFC 8842, 5",
                        f"a=setup:{setup} is not allowed in an {sdp_type} (use "
                        f"{' or '.join(allowed)})",
                    )
                )
        if rtp:
            if not media.formats:
                problems.append(
                    Problem(m_line, "RFC 8866, 5.14", "an RTP m-section lists no format")
                )
            if rtcp_mux_required and not (owner.rtcp_mux or media.rtcp_mux):
                problems.append(
                    Problem(
                        m_line,
                        "webrtc-pc, set the session description, 4.5.4; RFC 9429, 5.8.3",
                        f"m={media.media} does not use a=rtcp-mux, which rtcpMuxPolicy "
                        "'require' needs",
                    )
                )
            if media.attribute(RtcpMuxOnly) is not None and not media.rtcp_mux:
                problems.append(
                    Problem(
                        m_line, "RFC 9429, 5.8.3; RFC 8858, 3", "a=rtcp-mux-only without a=rtcp-mux"
                    )
                )
            simulcast = media.simulcast
            if simulcast is not None:
                rids = {(r.rid, r.direction) for r in media.rids}
                for direction, streams in (("send", simulcast.send), ("recv", simulcast.recv)):
                    for stream in streams:
                        for alternative in stream:
                            if (alternative.rid, direction) in rids:
                                continue
                            rid = alternative.rid
                            problems.append(
                                Problem(
                                    m_line,
                                    "RFC 9429, 5.8.3; RFC 8853, 5.1",
                                    f"a=simulcast names rid {rid} ({direction}) without "
                                    f"an a=rid:{rid} {direction} line",
                                )
                            )
        elif sctp and media.protocol != "DTLS/SCTP" and media.sctp_port is None:
            problems.append(
                Problem(
                    m_line, "RFC 9429, 5.8.2; RFC 8841, 5.1", "a data m-section needs a=sctp-port"
                )
            )
    if sdp_type in ("answer", "pranswer") and offer is not None:
        problems.extend(answer_problems(desc, offer))
        for index, (answered, offered) in enumerate(zip(desc.media, offer.media, strict=False)):
            if answered.protocol != offered.protocol and not answered.is_rejected:
                problems.append(
                    Problem(
                        lines.media[index],
                        "RFC 9429, 5.8.3",
                        f"m-line {index + 1} answers {offered.protocol} with {answered.protocol}",
                    )
                )
            if answered.mid != offered.mid and answered.mid is not None:
                problems.append(
                    Problem(
                        lines.media[index],
                        "RFC 5888, 9.1; RFC 3264, 6",
                        f"m-line {index + 1} answers mid {offered.mid} with mid {answered.mid}",
                    )
                )
        offered_groups = [set(g) for g in offer.bundle_groups]
        for group in desc.bundle_groups:
            if not any(set(group) <= offered for offered in offered_groups):
                problems.append(
                    Problem(
                        lines.session_attributes,
                        "RFC 9143, 7.4",
                        f"the answer's BUNDLE group {' '.join(group)} was not offered",
                    )
                )
    problems.sort(key=lambda p: p.line)
    return problems


def validate(
    desc: SessionDescription,
    *,
    offer: SessionDescription | None = None,
    previous: SessionDescription | None = None,
    jsep: bool = False,
    sdp_type: str | None = None,
) -> list[Problem]:
    """Every semantic problem of ``desc`` with its line number and rule.

    Raises nothing for a ``SessionDescription``; anything else (such as the
    SDP text itself) is a ``TypeError``.

    Always: the RFC 8866 and attribute-RFC rules that ``parse(strict=True)``
    enforces.  With ``offer``: ``desc`` is checked as the answer to it (RFC
    3264, 6).  With ``previous``: ``desc`` is checked as a new offer after
    ``previous`` (RFC 3264, 8).  With ``jsep=True``: also the RFC 9429, 5.8
    rules a WebRTC endpoint applies (``sdp_type`` defaults to "answer" when
    ``offer`` is given, else "offer").
    """
    if not isinstance(desc, SessionDescription):
        raise TypeError(
            f"validate() takes a SessionDescription, not {type(desc).__name__} "
            "(parse the text first: validate(parse(text)))"
        )
    problems = sdp_problems(desc)
    if offer is not None and not jsep:
        problems += answer_problems(desc, offer)
    if offer is not None:
        problems += _remapped_problems(desc, offer)
    if previous is not None:
        problems += reoffer_problems(desc, previous)
    if jsep:
        kind = sdp_type or ("answer" if offer is not None else "offer")
        problems += jsep_problems(desc, sdp_type=kind, offer=offer)
    # A rule both sets check (duplicate mids, fingerprint lengths) is listed once.
    problems = list(dict.fromkeys(problems))
    problems.sort(key=lambda p: p.line)
    return problems
