"""Builders: text that matched a grammar rule -> model values.

This module is the transformer of the grammar: exactly one builder for each
``*_field`` and ``*_value`` rule of ``grammar/sdp.lark`` (a test checks the
two sets are equal).  A builder is only ever called on text that its rule's
regex already matched, so it splits on the separators the rule guarantees
and never re-checks the shape.  What it does check are the limits a regular
grammar states badly: number ranges and leading zeros on numbers kept as
``int`` (so that ``int`` keeps one spelling and the line round-trips), and
the few values whose rule depends on a name before them (a candidate's
``rport`` and ``tcptype``).  Those raise ``FieldError``, which the parser
turns into an ``RTCError`` with the line and column.

Every message names the line it is about (``a=rtpmap: the payload type must
be 0 to 127, got 200``), like the grammar's own errors
(``a=rtpmap: expected '/', got the end of the line``).

No I/O, no Lark: the grammar module does the matching.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import attrs

from sdpmodel.attributes import (
    TCP_TYPES,
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
    UnknownAttribute,
)
from sdpmodel.enums import MediaDirection, SetupRole
from sdpmodel.model import (
    Bandwidth,
    Connection,
    Key,
    Origin,
    Repeat,
    SessionDescription,
    TimeZones,
    Timing,
)

__all__ = ["BUILDERS", "FieldError", "MediaLine"]

MAX_PORT = 65535
MAX_PAYLOAD_TYPE = 127
MAX_UINT32 = 2**32 - 1
MAX_UINT64 = 2**64 - 1


P = ParamSpec("P")
V = TypeVar("V")


def direct(cls: Callable[P, V]) -> Callable[P, V]:
    """The parser's ``cls(...)``: the same arguments, an equal value, no checks, less time.

    A value built in code checks its fields when it is made (attrs
    validators, converters to the enums, ``__attrs_post_init__``: see
    ``sdpmodel.attributes``, "checks on values built in code").  The parser
    needs none of that: every value it makes comes from text that its
    grammar rule matched and its builder checked, in the field's own type
    (an enum member, not a str).  So the function made here, from the
    class's attrs fields, writes each slot through its descriptor and runs
    nothing else; attrs' frozen ``__init__`` goes through
    ``object.__setattr__`` for each field, then runs the checks.  Without
    the checks that is a fifth to a third less time a value (``python -m
    bench.experiments``, D), and a cold parse of a browser offer builds some
    140 values.  Factory defaults are called as attrs calls them; a class
    that is not a slotted attrs class, or a field that is keyword-only or
    whose factory takes ``self``, is refused here, at import.

    Only for arguments already in their fields' types and already checked:
    anything else goes through the class.
    """
    if not (isinstance(cls, type) and attrs.has(cls) and "__slots__" in cls.__dict__):
        raise TypeError(f"direct() takes a slotted attrs class, not {cls!r}")
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, "missing": _MISSING}
    parameters, body = [], []
    for field in attrs.fields(cls):
        if field.kw_only:
            raise TypeError(f"direct(): {cls.__name__}.{field.name} is keyword-only")
        namespace[f"set_{field.name}"] = getattr(cls, field.name).__set__
        default: Any = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                raise TypeError(f"direct(): {cls.__name__}.{field.name} has a factory of self")
            namespace[f"factory_{field.name}"] = default.factory
            parameters.append(f"{field.alias}=missing")
            body.append(f"if {field.alias} is missing: {field.alias} = factory_{field.name}()")
            body.append(f"set_{field.name}(value, {field.alias})")
            continue
        if default is not attrs.NOTHING:
            namespace[f"default_{field.name}"] = default
        if not field.init:
            body.append(f"set_{field.name}(value, default_{field.name})")
            continue
        default_text = "" if default is attrs.NOTHING else f"=default_{field.name}"
        parameters.append(f"{field.alias}{default_text}")
        body.append(f"set_{field.name}(value, {field.alias})")
    cached_hash = "_attrs_cached_hash"  # attrs' slot of a cache_hash=True class
    if any(cached_hash in getattr(k, "__slots__", ()) for k in cls.__mro__):
        namespace["set_cached_hash"] = getattr(cls, cached_hash).__set__
        body.append("set_cached_hash(value, None)")
    lines = [
        f"def new_{cls.__name__}({', '.join(parameters)}):",
        "    value = new(cls)",
        *(f"    {statement}" for statement in body),
        "    return value",
    ]
    exec("\n".join(lines), namespace)  # the source above, made from the attrs fields
    function: Callable[P, V] = namespace[f"new_{cls.__name__}"]
    function.__doc__ = f"``{cls.__name__}(...)``, its slots written directly (see ``direct``)."
    return function


#: The default of a ``direct`` parameter whose field has a factory.
_MISSING: Any = object()


def replacer(cls: type[V]) -> Callable[..., V]:
    """``attrs.evolve`` for a class with nothing to check: ``replace(value, **changes)``.

    For a slotted frozen attrs class whose fields have no validator and no
    converter, are all set by ``__init__`` and that has no
    ``__attrs_post_init__`` (anything else is refused here, at import): there
    ``attrs.evolve(value, **changes)`` reads every field into a dict and calls
    the class, and the value made here, every slot copied through its
    descriptor and then the changed ones written, is equal to it in a third
    of the time.  A name that is not a field is a TypeError, as with evolve.
    The negotiation core copies its transceivers this way (several copies per
    m-section and operation).
    """
    if not (isinstance(cls, type) and attrs.has(cls) and "__slots__" in cls.__dict__):
        raise TypeError(f"replacer() takes a slotted attrs class, not {cls!r}")
    if hasattr(cls, "__attrs_post_init__"):
        raise TypeError(f"replacer(): {cls.__name__} has an __attrs_post_init__")
    fields = attrs.fields(cls)
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, "name": cls.__name__}
    setters: dict[str, Callable[[Any, Any], None]] = {}
    body = []
    for field in fields:
        if field.validator is not None or field.converter is not None or not field.init:
            raise TypeError(
                f"replacer(): {cls.__name__}.{field.name} has a validator, a converter "
                "or no __init__ parameter"
            )
        setter = getattr(cls, field.name).__set__
        namespace[f"set_{field.name}"] = setters[field.alias] = setter
        body.append(f"set_{field.name}(value, old.{field.name})")
    if any("_attrs_cached_hash" in getattr(k, "__slots__", ()) for k in cls.__mro__):
        namespace["set_cached_hash"] = cls._attrs_cached_hash.__set__  # type: ignore[attr-defined]
        body.append("set_cached_hash(value, None)")
    namespace["setters"] = setters
    lines = [
        f"def replace_{cls.__name__}(old, /, **changes):",
        "    value = new(cls)",
        *(f"    {statement}" for statement in body),
        "    for key, change in changes.items():",
        "        setter = setters.get(key)",
        "        if setter is None:",
        "            raise TypeError(f'{name} has no field {key!r}')",
        "        setter(value, change)",
        "    return value",
    ]
    exec("\n".join(lines), namespace)  # the source above, made from the attrs fields
    function: Callable[..., V] = namespace[f"replace_{cls.__name__}"]
    function.__doc__ = f"``attrs.evolve`` of a ``{cls.__name__}``, slots copied (see ``replacer``)."
    return function


#: What the builders make, made with ``direct`` (see there): the parser's
#: values are checked by the grammar and the builders, not by the classes.
new_bandwidth = direct(Bandwidth)
new_candidate = direct(Candidate)
new_connection = direct(Connection)
new_content = direct(Content)
new_crypto = direct(Crypto)
new_extmap = direct(Extmap)
new_fingerprint = direct(Fingerprint)
new_fmtp = direct(Fmtp)
new_framerate = direct(Framerate)
new_group = direct(Group)
new_ice_options = direct(IceOptions)
new_ice_pwd = direct(IcePwd)
new_ice_ufrag = direct(IceUfrag)
new_identity = direct(Identity)
new_imageattr = direct(Imageattr)
new_key = direct(Key)
new_label = direct(Label)
new_max_message_size = direct(MaxMessageSize)
new_maxptime = direct(Maxptime)
new_mid = direct(Mid)
new_msid = direct(Msid)
new_msid_semantic = direct(MsidSemantic)
new_origin = direct(Origin)
new_ptime = direct(Ptime)
new_repeat = direct(Repeat)
new_rid = direct(Rid)
new_rtcp = direct(Rtcp)
new_rtcp_fb = direct(RtcpFb)
new_rtpmap = direct(Rtpmap)
new_sctp_port = direct(SctpPort)
new_sctpmap = direct(Sctpmap)
new_setup = direct(Setup)
new_simulcast = direct(Simulcast)
new_simulcast_id = direct(SimulcastId)
new_ssrc = direct(Ssrc)
new_ssrc_group = direct(SsrcGroup)
new_tcp_connection = direct(TcpConnection)
new_time_zones = direct(TimeZones)
new_timing = direct(Timing)
new_tls_id = direct(TlsId)
#: For the parser's own calls (``sdpmodel._parser`` makes these two with their
#: classes, so their checks still run there): the unknown attributes it reads,
#: and the description it assembles.
new_unknown_attribute = direct(UnknownAttribute)
new_session_description = direct(SessionDescription)


class FieldError(Exception):
    """A value matched its rule's shape but breaks a limit.

    ``message`` is the sentence for the user.  ``offset`` is where the
    offending text starts in the value, when the builder knows it: the exact
    place for the column.  ``token`` is what a reader without the offset
    searches the value for (first occurrence): the offending text or, from
    ``FieldError.at``, the rest of the value from the offset.  That rest is
    found in its own place even when the offending word also comes earlier
    (``a=candidate:0 0 ...``: the foundation and the component are both
    ``0``), unless the whole rest does (``a=rtpmap:0 PCMU/0``); so a parser
    should prefer ``offset`` when it is set.
    """

    def __init__(self, token: str, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.token = token
        self.message = message
        self.offset = offset

    @classmethod
    def at(cls, value: str, offset: int, message: str) -> FieldError:
        """The error for the text that starts at ``offset`` of ``value``."""
        return cls(value[offset:], message, offset)


def number(
    text: str, what: str, high: int, low: int = 0, *, value: str | None = None, offset: int = 0
) -> int:
    """A decimal kept as int: digits only, no leading zeros, in range.

    ``what`` names the number with its line (``a=rtpmap: the clock rate``).
    Give the whole ``value`` and the ``offset`` of ``text`` in it when the
    text may also appear earlier in the value, so the column is exact.
    """
    # The common case in a few C calls: the value matched its rule, so the text
    # is nearly always plain digits.  More than 20 digits is over every limit
    # here (2**64 - 1 has 20), and keeps int() clear of its 4300-digit limit.
    if text.isdigit() and text.isascii() and len(text) <= 20 and (text[0] != "0" or len(text) == 1):
        result = int(text)
        if low <= result <= high:
            return result
    raise _number_error(text, what, high, low, value, offset)


def _number_error(
    text: str, what: str, high: int, low: int, value: str | None, offset: int
) -> FieldError:
    """Why ``text`` is not a number that ``number()`` accepts."""
    if not (text.isascii() and text.isdigit()):  # [0-9]+
        message = f"{what} must be a number, got {text!r}"
    elif len(text) > 1 and text[0] == "0":
        message = f"{what} must not have leading zeros, got {text!r}"
    else:
        shown = text if len(text) <= 40 else f"{text[:20]}... ({len(text)} digits)"
        message = f"{what} must be {low} to {high}, got {shown}"
    return FieldError(text, message) if value is None else FieldError.at(value, offset, message)


def word_number(
    value: str, words: list[str], index: int, what: str, high: int, low: int = 0
) -> int:
    """``number()`` of ``words[index]``, where ``words = value.split(" ")``.

    The offset of the word in ``value`` (for the column) is only worked out
    when the number is refused.
    """
    try:
        return number(words[index], what, high, low)
    except FieldError as error:
        raise FieldError.at(value, _offset(words, index), error.message) from None


def _offset(words: list[str], index: int) -> int:
    """Where ``words[index]`` starts in the text that ``split(" ")`` gave ``words``."""
    return sum(map(len, words[:index])) + index


#: The one spelling of each RTP payload type: 0 to 127 (RFC 3551, 3: a 7-bit
#: field), no leading zeros, so that the int keeps the line's text.
_PAYLOAD_TYPES = {str(pt): pt for pt in range(MAX_PAYLOAD_TYPE + 1)}


def payload_type(text: str, line: str) -> int:
    """An RTP payload type kept as int; ``line`` names the line (``a=rtpmap``)."""
    pt = _PAYLOAD_TYPES.get(text)
    if pt is None:  # not a payload type: number() says why
        return number(text, f"{line}: the payload type", MAX_PAYLOAD_TYPE)
    return pt


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
    return number(value, "v= line: the protocol version", MAX_UINT32)


@builds("origin_field")
def origin_field(value: str) -> Origin:
    username, session_id, session_version, nettype, addrtype, address = value.split(" ")
    return new_origin(username, session_id, session_version, nettype, addrtype, address)


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
    start = len(nettype) + len(addrtype) + len(address) + 3
    if suffix:
        ttl = number(
            suffix[0],
            "c= line: the multicast TTL or address count",
            MAX_UINT32,
            value=value,
            offset=start,
        )
        if len(suffix) > 1:
            count = number(
                suffix[1],
                "c= line: the number of addresses",
                MAX_UINT32,
                value=value,
                offset=start + len(suffix[0]) + 1,
            )
    return new_connection(nettype, addrtype, address, ttl, count)


@builds("bandwidth_field")
def bandwidth_field(value: str) -> Bandwidth:
    bwtype, _, bandwidth = value.partition(":")
    return new_bandwidth(
        bwtype,
        number(
            bandwidth, "b= line: the bandwidth", MAX_UINT64, value=value, offset=len(bwtype) + 1
        ),
    )


@builds("timing_field")
def timing_field(value: str) -> Timing:
    start, stop = value.split(" ")
    return new_timing(
        number(start, "t= line: the start time", MAX_UINT64),
        number(stop, "t= line: the stop time", MAX_UINT64, value=value, offset=len(start) + 1),
    )


@builds("repeat_field")
def repeat_field(value: str) -> Repeat:
    interval, duration, *offsets = value.split(" ")
    return new_repeat(interval, duration, tuple(offsets))


@builds("zone_field")
def zone_field(value: str) -> TimeZones:
    parts = value.split(" ")
    return new_time_zones(tuple(zip(parts[::2], parts[1::2], strict=True)))


@builds("key_field")
def key_field(value: str) -> Key:
    method, sep, key = value.partition(":")
    return new_key(method, key if sep else None)


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
    start = len(media) + 1
    return MediaLine(
        media,
        number(port, "m= line: the port", MAX_PORT, value=value, offset=start),
        number(
            count,
            "m= line: the number of ports",
            MAX_PORT,
            value=value,
            offset=start + len(port) + 1,
        )
        if slash
        else None,
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
    # RFC 8866, 6.6 (rtpmap): payload-type = zero-based-integer (0-127: a 7-bit
    # field); clock-rate and channels are "integer", which starts at 1.
    pt, _, rest = value.partition(" ")
    encoding, _, rates = rest.partition("/")
    clock, slash, channels = rates.partition("/")
    clock_at = len(pt) + len(encoding) + 2
    return new_rtpmap(
        payload_type(pt, "a=rtpmap"),
        encoding,
        number(clock, "a=rtpmap: the clock rate", MAX_UINT32, 1, value=value, offset=clock_at),
        number(
            channels,
            "a=rtpmap: the encoding parameters (channels)",
            MAX_UINT32,
            1,
            value=value,
            offset=clock_at + len(clock) + 1,
        )
        if slash
        else None,
    )


@builds("fmtp_value")
def fmtp_value(value: str) -> Fmtp:
    fmt, _, params = value.partition(" ")
    return new_fmtp(fmt, params)


@builds("rtcp_fb_value")
def rtcp_fb_value(value: str) -> RtcpFb:
    pt, _, rest = value.partition(" ")
    feedback_type, _, parameters = rest.partition(" ")
    return new_rtcp_fb(
        None if pt == "*" else payload_type(pt, "a=rtcp-fb"),
        feedback_type,
        parameters or None,  # the grammar's parameters are never empty
    )


@builds("rtcp_value")
def rtcp_value(value: str) -> Rtcp:
    parts = value.split(" ")
    port = number(parts[0], "a=rtcp: the RTCP port", MAX_PORT)
    if len(parts) == 1:
        return new_rtcp(port)
    return new_rtcp(port, parts[1], parts[2], parts[3])


@builds("extmap_value")
def extmap_value(value: str) -> Extmap:
    head, _, rest = value.partition(" ")
    uri, _, extension_attributes = rest.partition(" ")
    ext_id, slash, direction = head.partition("/")
    what = "a=extmap: the extension id"
    number_id = number(ext_id, what, MAX_UINT64)
    # RFC 8285, 5 (SDP Signaling Design): local ids 1-14 (one-byte headers) and
    # 1-255 (two-byte); RFC 8285, 7 (Offer/Answer): 4096-4351 in an offer, for
    # the answerer to remap into 1-255.
    if not (1 <= number_id <= 255 or 4096 <= number_id <= 4351):
        raise FieldError.at(
            value, 0, f"{what} must be 1 to 255 (4096 to 4351 in an offer), got {ext_id}"
        )
    return new_extmap(
        number_id,
        uri,
        MediaDirection(direction) if slash else None,
        extension_attributes or None,  # the grammar's extension attributes are never empty
    )


@builds("candidate_value")
def candidate_value(value: str) -> Candidate:
    # RFC 8839, 5.1 ("candidate" Attribute); the grammar guarantees eight
    # fields, "typ" in the seventh, then name/value pairs.
    # The numbers (component id, priority, port: words 1, 3 and 5) are read
    # below by word_number, which knows their place in the value for errors.
    words = value.split(" ")
    foundation, _, transport, _, address, _, _typ, cand_type = words[:8]
    pairs_at = 8
    related_address = related_port = None
    # [SP rel-addr] [SP rel-port] come first, in that order.
    if len(words) > pairs_at and words[pairs_at] == "raddr":
        related_address = words[pairs_at + 1]
        pairs_at += 2
    if len(words) > pairs_at and words[pairs_at] == "rport":
        related_port = word_number(
            value, words, pairs_at + 1, "a=candidate: the related port (rport)", MAX_PORT
        )
        pairs_at += 2
    names, values = words[pairs_at::2], words[pairs_at + 1 :: 2]
    if "tcptype" in names:
        # RFC 6544, 4.5: tcp-type-ext = "tcptype" SP tcp-type;
        # tcp-type = "active" / "passive" / "so" (libwebrtc refuses any other).
        for index in range(pairs_at, len(words), 2):
            tcp_type = words[index + 1]
            if words[index] == "tcptype" and tcp_type not in TCP_TYPES:
                raise FieldError.at(
                    value,
                    _offset(words, index + 1),
                    f"a=candidate: tcptype must be active, passive or so, got {tcp_type!r}",
                )
    return new_candidate(
        foundation,
        # RFC 8445, 5.1.2.1: a component id is 1 to 256.
        word_number(value, words, 1, "a=candidate: the component id", 256, low=1),
        transport,
        word_number(value, words, 3, "a=candidate: the priority", MAX_UINT32),
        address,
        word_number(value, words, 5, "a=candidate: the port", MAX_PORT),
        cand_type,
        related_address,
        related_port,
        tuple(zip(names, values, strict=False)),  # as many as the grammar's pairs
    )


@builds("ice_ufrag_value")
def ice_ufrag_value(value: str) -> IceUfrag:
    return new_ice_ufrag(value)


@builds("ice_pwd_value")
def ice_pwd_value(value: str) -> IcePwd:
    return new_ice_pwd(value)


@builds("ice_options_value")
def ice_options_value(value: str) -> IceOptions:
    return new_ice_options(tuple(value.split(" ")))


@builds("fingerprint_value")
def fingerprint_value(value: str) -> Fingerprint:
    hash_function, _, fingerprint = value.partition(" ")
    return new_fingerprint(hash_function, fingerprint)


@builds("setup_value")
def setup_value(value: str) -> Setup:
    return new_setup(SetupRole(value))


@builds("connection_value")
def connection_value(value: str) -> TcpConnection:
    return new_tcp_connection(value)


@builds("mid_value")
def mid_value(value: str) -> Mid:
    return new_mid(value)


@builds("group_value")
def group_value(value: str) -> Group:
    semantics, *mids = value.split(" ")
    return new_group(semantics, tuple(mids))


@builds("msid_value")
def msid_value(value: str) -> Msid:
    stream_id, _, track_id = value.partition(" ")
    return new_msid(stream_id, track_id or None)


@builds("msid_semantic_value")
def msid_semantic_value(value: str) -> MsidSemantic:
    core = value.strip(" ")
    leading = len(value) - len(value.lstrip(" "))
    trailing = len(value) - len(value.rstrip(" "))
    semantic, *identifiers = core.split(" ")
    return new_msid_semantic(semantic, tuple(identifiers), leading, trailing)


@builds("ssrc_value")
def ssrc_value(value: str) -> Ssrc:
    ssrc, _, attribute = value.partition(" ")
    name, sep, attribute_value = attribute.partition(":")
    return new_ssrc(
        number(ssrc, "a=ssrc: the SSRC", MAX_UINT32), name, attribute_value if sep else None
    )


@builds("ssrc_group_value")
def ssrc_group_value(value: str) -> SsrcGroup:
    words = value.split(" ")
    return new_ssrc_group(
        words[0],
        tuple(
            word_number(value, words, index, "a=ssrc-group: the SSRC", MAX_UINT32)
            for index in range(1, len(words))
        ),
    )


@builds("rid_value")
def rid_value(value: str) -> Rid:
    rid, direction, *params = value.split(" ", 2)
    parameters: list[tuple[str, str | None]] = []
    if params:
        for item in params[0].split(";"):
            name, sep, param_value = item.partition("=")
            parameters.append((name, param_value if sep else None))
    return new_rid(rid, direction, tuple(parameters))


def _simulcast_streams(text: str) -> tuple[tuple[SimulcastId, ...], ...]:
    return tuple(
        tuple(
            new_simulcast_id(rid[1:], True) if rid.startswith("~") else new_simulcast_id(rid)
            for rid in alternatives.split(",")
        )
        for alternatives in text.split(";")
    )


@builds("simulcast_value")
def simulcast_value(value: str) -> Simulcast:
    # RFC 8853, 5.1: the grammar lets each direction appear at most once.
    first, first_streams, *second = value.split(" ")
    streams = {first: _simulcast_streams(first_streams)}
    if second:
        streams[second[0]] = _simulcast_streams(second[1])
    return new_simulcast(streams.get("send", ()), streams.get("recv", ()), first == "recv")


@builds("sctp_port_value")
def sctp_port_value(value: str) -> SctpPort:
    return new_sctp_port(number(value, "a=sctp-port: the SCTP port", MAX_PORT))


@builds("max_message_size_value")
def max_message_size_value(value: str) -> MaxMessageSize:
    return new_max_message_size(number(value, "a=max-message-size: the size", MAX_UINT64))


@builds("sctpmap_value")
def sctpmap_value(value: str) -> Sctpmap:
    port, app, *streams = value.split(" ")
    return new_sctpmap(
        number(port, "a=sctpmap: the SCTP port", MAX_PORT),
        app,
        number(
            streams[0],
            "a=sctpmap: the number of streams",
            MAX_PORT,
            value=value,
            offset=len(port) + len(app) + 2,
        )
        if streams
        else None,
    )


@builds("ptime_value")
def ptime_value(value: str) -> Ptime:
    return new_ptime(value)


@builds("maxptime_value")
def maxptime_value(value: str) -> Maxptime:
    return new_maxptime(value)


@builds("framerate_value")
def framerate_value(value: str) -> Framerate:
    return new_framerate(value)


@builds("label_value")
def label_value(value: str) -> Label:
    return new_label(value)


@builds("content_value")
def content_value(value: str) -> Content:
    return new_content(tuple(value.split(",")))


@builds("crypto_value")
def crypto_value(value: str) -> Crypto:
    # RFC 4568, 9.1: tag = 1*9DIGIT.
    tag, suite, key_params, *session_params = value.split(" ")
    return new_crypto(
        number(tag, "a=crypto: the tag", 999999999), suite, key_params, tuple(session_params)
    )


@builds("identity_value")
def identity_value(value: str) -> Identity:
    assertion, _, extensions = value.partition(" ")
    return new_identity(assertion, extensions or None)


@builds("tls_id_value")
def tls_id_value(value: str) -> TlsId:
    return new_tls_id(value)


@builds("imageattr_value")
def imageattr_value(value: str) -> Imageattr:
    # RFC 6236, 3.1: the grammar lets each direction appear at most once.  An
    # attribute list never contains the words send or recv, so the second
    # direction, if any, starts at the first " send " / " recv ".
    pt, first, rest = value.split(" ", 2)
    second = "recv" if first == "send" else "send"
    first_list, marker, second_list = rest.partition(f" {second} ")
    if marker:
        return new_imageattr(pt, ((first, first_list), (second, second_list)))
    return new_imageattr(pt, ((first, rest),))
