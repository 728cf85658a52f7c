"""Builders: text that matched a grammar rule -> model values.

This module is the transformer of the grammar: exactly one builder for each
``*_field`` and ``*_value`` rule of ``grammar/sdp.lark`` (a test checks the
two sets are equal).  A builder is only ever called on text that its rule's
regex already matched, so it splits on the separators the rule guarantees
and never re-checks the shape.  What it does check are the limits a regular
grammar states badly: number ranges and leading zeros on numbers kept as
``int`` (so that ``int`` keeps one spelling and the line round-trips).  Those
raise ``FieldError``, which the parser turns into an ``RTCError`` with the
line and column.

No I/O, no Lark: the grammar module does the matching.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sdpmodel.attributes import (
    Candidate,
    Content,
    Crypto,
    Extmap,
    Fingerprint,
    Fmtp,
    Framerate,
    Group,
    IceOptions,
    IcePwd,
    IceUfrag,
    Identity,
    Imageattr,
    Label,
    MaxMessageSize,
    Maxptime,
    Mid,
    Msid,
    MsidSemantic,
    Ptime,
    Rid,
    Rtcp,
    RtcpFb,
    Rtpmap,
    Sctpmap,
    SctpPort,
    Setup,
    Simulcast,
    SimulcastId,
    Ssrc,
    SsrcGroup,
    TcpConnection,
    TlsId,
)
from sdpmodel.enums import MediaDirection, SetupRole
from sdpmodel.model import Bandwidth, Connection, Key, Origin, Repeat, TimeZones, Timing

__all__ = ["BUILDERS", "FieldError", "MediaLine"]

MAX_PORT = 65535
MAX_PAYLOAD_TYPE = 127
MAX_UINT32 = 2**32 - 1
MAX_UINT64 = 2**64 - 1


class FieldError(Exception):
    """A value matched its rule's shape but breaks a limit; ``token`` is the offending text."""

    def __init__(self, token: str, message: str) -> None:
        super().__init__(message)
        self.token = token
        self.message = message


def number(text: str, what: str, high: int, low: int = 0) -> int:
    """A decimal the grammar matched as DIGITS, kept as int: no leading zeros, in range."""
    if len(text) > 1 and text[0] == "0":
        raise FieldError(text, f"{what} must not have leading zeros, got {text!r}")
    value = int(text)
    if not low <= value <= high:
        raise FieldError(text, f"{what} must be {low} to {high}, got {text}")
    return value


BUILDERS: dict[str, Callable[[str], Any]] = {}


def builds(rule: str) -> Callable[[Callable[[str], Any]], Callable[[str], Any]]:
    def register(function: Callable[[str], Any]) -> Callable[[str], Any]:
        if rule in BUILDERS:  # pragma: no cover - a programming error, caught on import
            raise ValueError(f"two builders for {rule}")
        BUILDERS[rule] = function
        return function

    return register


# --- stage 1: the fields of RFC 8866 ------------------------------------------


@builds("version_field")
def version_field(value: str) -> int:
    return number(value, "the protocol version", MAX_UINT32)


@builds("origin_field")
def origin_field(value: str) -> Origin:
    username, session_id, session_version, nettype, addrtype, address = value.split(" ")
    return Origin(username, session_id, session_version, nettype, addrtype, address)


@builds("text_field")
def text_field(value: str) -> str:
    return value


@builds("session_name_field")
def session_name_field(value: str) -> str:
    return value


@builds("connection_field")
def connection_field(value: str) -> Connection:
    nettype, addrtype, rest = value.split(" ", 2)
    address, *suffix = rest.split("/")
    ttl = count = None
    if suffix:
        ttl = number(suffix[0], "the multicast TTL or address count", MAX_UINT32)
        if len(suffix) > 1:
            count = number(suffix[1], "the number of addresses", MAX_UINT32)
    return Connection(nettype, addrtype, address, ttl, count)


@builds("bandwidth_field")
def bandwidth_field(value: str) -> Bandwidth:
    bwtype, _, bandwidth = value.partition(":")
    return Bandwidth(bwtype, number(bandwidth, "the bandwidth", MAX_UINT64))


@builds("timing_field")
def timing_field(value: str) -> Timing:
    start, stop = value.split(" ")
    return Timing(
        number(start, "the start time", MAX_UINT64), number(stop, "the stop time", MAX_UINT64)
    )


@builds("repeat_field")
def repeat_field(value: str) -> Repeat:
    interval, duration, *offsets = value.split(" ")
    return Repeat(interval, duration, tuple(offsets))


@builds("zone_field")
def zone_field(value: str) -> TimeZones:
    parts = value.split(" ")
    return TimeZones(tuple(zip(parts[::2], parts[1::2], strict=True)))


@builds("key_field")
def key_field(value: str) -> Key:
    method, sep, key = value.partition(":")
    return Key(method, key if sep else None)


class MediaLine:
    """The fields of an ``m=`` line, before its section's other lines are known."""

    __slots__ = ("formats", "media", "port", "port_count", "protocol")

    def __init__(
        self, media: str, port: int, port_count: int | None, protocol: str, formats: tuple[str, ...]
    ) -> None:
        self.media = media
        self.port = port
        self.port_count = port_count
        self.protocol = protocol
        self.formats = formats


@builds("media_field")
def media_field(value: str) -> MediaLine:
    media, port_text, protocol, *formats = value.split(" ")
    port, slash, count = port_text.partition("/")
    return MediaLine(
        media,
        number(port, "the port", MAX_PORT),
        number(count, "the number of ports", MAX_PORT) if slash else None,
        protocol,
        tuple(formats),
    )


@builds("attribute_field")
def attribute_field(value: str) -> tuple[str, str | None]:
    name, sep, attribute_value = value.partition(":")
    return name, attribute_value if sep else None


# --- stage 2: attribute values ---------------------------------------------------


@builds("rtpmap_value")
def rtpmap_value(value: str) -> Rtpmap:
    pt, _, rest = value.partition(" ")
    encoding, clock, *params = rest.split("/")
    return Rtpmap(
        number(pt, "the payload type", MAX_PAYLOAD_TYPE),
        encoding,
        number(clock, "the clock rate", MAX_UINT32),
        number(params[0], "the encoding parameters", MAX_UINT32) if params else None,
    )


@builds("fmtp_value")
def fmtp_value(value: str) -> Fmtp:
    fmt, _, params = value.partition(" ")
    return Fmtp(fmt, params)


@builds("rtcp_fb_value")
def rtcp_fb_value(value: str) -> RtcpFb:
    pt, feedback_type, *params = value.split(" ", 2)
    return RtcpFb(
        None if pt == "*" else number(pt, "the payload type", MAX_PAYLOAD_TYPE),
        feedback_type,
        params[0] if params else None,
    )


@builds("rtcp_value")
def rtcp_value(value: str) -> Rtcp:
    parts = value.split(" ")
    port = number(parts[0], "the RTCP port", MAX_PORT)
    if len(parts) == 1:
        return Rtcp(port)
    return Rtcp(port, parts[1], parts[2], parts[3])


@builds("extmap_value")
def extmap_value(value: str) -> Extmap:
    head, uri, *rest = value.split(" ", 2)
    ext_id, slash, direction = head.partition("/")
    return Extmap(
        # RFC 8285, 5: ids 1-14 (one-byte header) and 1-255 (two-byte); 4096-4351 legacy.
        number(ext_id, "the extension id", 4351, low=1),
        uri,
        MediaDirection(direction) if slash else None,
        rest[0] if rest else None,
    )


@builds("candidate_value")
def candidate_value(value: str) -> Candidate:
    parts = value.split(" ")
    foundation, component, transport, priority, address, port, _typ, cand_type = parts[:8]
    pairs = list(zip(parts[8::2], parts[9::2], strict=True))
    related_address = related_port = None
    if pairs and pairs[0][0] == "raddr":
        related_address = pairs.pop(0)[1]
    if pairs and pairs[0][0] == "rport":
        related_port = number(pairs.pop(0)[1], "the related port", MAX_PORT)
    return Candidate(
        foundation,
        number(component, "the component id", 256, low=1),
        transport,
        number(priority, "the priority", MAX_UINT32),
        address,
        number(port, "the port", MAX_PORT),
        cand_type,
        related_address,
        related_port,
        tuple(pairs),
    )


@builds("ice_ufrag_value")
def ice_ufrag_value(value: str) -> IceUfrag:
    return IceUfrag(value)


@builds("ice_pwd_value")
def ice_pwd_value(value: str) -> IcePwd:
    return IcePwd(value)


@builds("ice_options_value")
def ice_options_value(value: str) -> IceOptions:
    return IceOptions(tuple(value.split(" ")))


@builds("fingerprint_value")
def fingerprint_value(value: str) -> Fingerprint:
    hash_function, _, fingerprint = value.partition(" ")
    return Fingerprint(hash_function, fingerprint)


@builds("setup_value")
def setup_value(value: str) -> Setup:
    return Setup(SetupRole(value))


@builds("connection_value")
def connection_value(value: str) -> TcpConnection:
    return TcpConnection(value)


@builds("mid_value")
def mid_value(value: str) -> Mid:
    return Mid(value)


@builds("group_value")
def group_value(value: str) -> Group:
    semantics, *mids = value.split(" ")
    return Group(semantics, tuple(mids))


@builds("msid_value")
def msid_value(value: str) -> Msid:
    stream_id, _, track_id = value.partition(" ")
    return Msid(stream_id, track_id or None)


@builds("msid_semantic_value")
def msid_semantic_value(value: str) -> MsidSemantic:
    core = value.strip(" ")
    leading = len(value) - len(value.lstrip(" "))
    trailing = len(value) - len(value.rstrip(" "))
    semantic, *identifiers = core.split(" ")
    return MsidSemantic(semantic, tuple(identifiers), leading, trailing)


@builds("ssrc_value")
def ssrc_value(value: str) -> Ssrc:
    ssrc, _, attribute = value.partition(" ")
    name, sep, attribute_value = attribute.partition(":")
    return Ssrc(number(ssrc, "the SSRC", MAX_UINT32), name, attribute_value if sep else None)


@builds("ssrc_group_value")
def ssrc_group_value(value: str) -> SsrcGroup:
    semantics, *ssrcs = value.split(" ")
    return SsrcGroup(semantics, tuple(number(s, "the SSRC", MAX_UINT32) for s in ssrcs))


@builds("rid_value")
def rid_value(value: str) -> Rid:
    rid, direction, *params = value.split(" ", 2)
    parameters: list[tuple[str, str | None]] = []
    if params:
        for item in params[0].split(";"):
            name, sep, param_value = item.partition("=")
            parameters.append((name, param_value if sep else None))
    return Rid(rid, direction, tuple(parameters))


def _simulcast_streams(text: str) -> tuple[tuple[SimulcastId, ...], ...]:
    return tuple(
        tuple(
            SimulcastId(rid[1:], True) if rid.startswith("~") else SimulcastId(rid)
            for rid in alternatives.split(",")
        )
        for alternatives in text.split(";")
    )


@builds("simulcast_value")
def simulcast_value(value: str) -> Simulcast:
    parts = value.split(" ")
    first, first_streams = parts[0], _simulcast_streams(parts[1])
    streams = {first: first_streams}
    if len(parts) > 2:
        if parts[2] == first:
            raise FieldError(parts[2], f"a=simulcast names the {first} direction twice")
        streams[parts[2]] = _simulcast_streams(parts[3])
    return Simulcast(streams.get("send", ()), streams.get("recv", ()), first == "recv")


@builds("sctp_port_value")
def sctp_port_value(value: str) -> SctpPort:
    return SctpPort(number(value, "the SCTP port", MAX_PORT))


@builds("max_message_size_value")
def max_message_size_value(value: str) -> MaxMessageSize:
    return MaxMessageSize(number(value, "the maximum message size", MAX_UINT64))


@builds("sctpmap_value")
def sctpmap_value(value: str) -> Sctpmap:
    port, app, *streams = value.split(" ")
    return Sctpmap(
        number(port, "the SCTP port", MAX_PORT),
        app,
        number(streams[0], "the number of streams", MAX_PORT) if streams else None,
    )


@builds("ptime_value")
def ptime_value(value: str) -> Ptime:
    return Ptime(value)


@builds("maxptime_value")
def maxptime_value(value: str) -> Maxptime:
    return Maxptime(value)


@builds("framerate_value")
def framerate_value(value: str) -> Framerate:
    return Framerate(value)


@builds("label_value")
def label_value(value: str) -> Label:
    return Label(value)


@builds("content_value")
def content_value(value: str) -> Content:
    return Content(tuple(value.split(",")))


@builds("crypto_value")
def crypto_value(value: str) -> Crypto:
    tag, suite, key_params, *session_params = value.split(" ")
    return Crypto(
        number(tag, "the crypto tag", 999999999), suite, key_params, tuple(session_params)
    )


@builds("identity_value")
def identity_value(value: str) -> Identity:
    assertion, _, extensions = value.partition(" ")
    return Identity(assertion, extensions or None)


@builds("tls_id_value")
def tls_id_value(value: str) -> TlsId:
    return TlsId(value)


@builds("imageattr_value")
def imageattr_value(value: str) -> Imageattr:
    pt, first, rest = value.split(" ", 2)
    # An attribute list never contains the words send or recv, so the second
    # direction, if any, starts at the first " send " / " recv " (RFC 6236, 3.1).
    if f" {first} " in rest:
        raise FieldError(first, f"a=imageattr names the {first} direction twice")
    second = "recv" if first == "send" else "send"
    first_list, marker, second_list = rest.partition(f" {second} ")
    if marker:
        return Imageattr(pt, ((first, first_list), (second, second_list)))
    return Imageattr(pt, ((first, rest),))
