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
from collections.abc import Iterator

import attrs

from sdpmodel.attributes import (
    Attribute,
    BundleOnly,
    Candidate,
    Crypto,
    Fingerprint,
    Fmtp,
    Group,
    IceLite,
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
    Simulcast,
    Ssrc,
    SsrcGroup,
)
from sdpmodel.model import Connection, MediaDescription, Origin, SessionDescription

__all__ = ["Problem", "answer_problems", "reoffer_problems", "sdp_problems", "validate"]


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
        elif cls is Fingerprint:
            yield from _check_fingerprint(attribute, line)  # type: ignore[arg-type]
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
        elif cls is Fingerprint:
            problems.extend(_check_fingerprint(attribute, line))  # type: ignore[arg-type]
    seen_mids: dict[str, int] = {}
    for index, media in enumerate(desc.media):
        problems.extend(_check_media(desc, index, media, lines))
        mid = media.mid
        if mid is not None:
            if mid in seen_mids:
                problems.append(
                    Problem(
                        lines.media[index],
                        "RFC 5888, 4",
                        f"a=mid:{mid} is already used by the m-section at line {seen_mids[mid]}",
                    )
                )
            seen_mids.setdefault(mid, lines.media[index])
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


def validate(
    desc: SessionDescription,
    *,
    offer: SessionDescription | None = None,
    previous: SessionDescription | None = None,
) -> list[Problem]:
    """Every semantic problem of ``desc`` with its line number and rule; raises nothing.

    Always: the RFC 8866 and attribute-RFC rules that ``parse(strict=True)``
    enforces.  With ``offer``: ``desc`` is checked as the answer to it (RFC
    3264, 6).  With ``previous``: ``desc`` is checked as a new offer after
    ``previous`` (RFC 3264, 8).
    """
    problems = sdp_problems(desc)
    if offer is not None:
        problems += answer_problems(desc, offer)
    if previous is not None:
        problems += reoffer_problems(desc, previous)
    problems.sort(key=lambda p: p.line)
    return problems
