"""The SDP structure of RFC 8866 as frozen attrs values.

This module owns the shape of a session description: the session-level
fields, the time descriptions, the media descriptions and their attributes in
order, plus the accessors users want (``desc.media[0].mid``, ``.codecs``,
``.candidates``, ``desc.bundle_groups``).  It never imports the parser: text
becomes a model in ``sdpmodel._parser``; a model becomes text in
``to_sdp()``, written line by line by each value (``sdp_line``).

Values are immutable; change one with ``attrs.evolve`` (re-exported as
``sdpmodel.evolve``) or the ``with_*`` helpers, which return new values.
Each is checked when it is made, as the attributes are
(``sdpmodel.attributes``, "checks on values built in code"): a model built
in code writes text that parses back to an equal model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any, TypeVar

import attrs

from sdpmodel.attributes import (
    MAX_PORT,
    MAX_UINT32,
    MAX_UINT64,
    Attribute,
    BundleOnly,
    Candidate,
    Direction,
    Extmap,
    Fingerprint,
    Fmtp,
    Group,
    IceLite,
    IceOptions,
    IcePwd,
    IceUfrag,
    Line,
    MaxMessageSize,
    Mid,
    Msid,
    Rid,
    RtcpFb,
    RtcpMux,
    Rtpmap,
    SctpPort,
    Setup,
    Simulcast,
    Ssrc,
    SsrcGroup,
    _instance,
    _instances,
    _integer,
    _pairs,
    _text,
    _texts,
)
from sdpmodel.enums import MediaDirection, SetupRole

__all__ = [
    "STATIC_PAYLOAD_TYPES",
    "Bandwidth",
    "Codec",
    "Connection",
    "Key",
    "MediaDescription",
    "Origin",
    "Repeat",
    "SessionDescription",
    "TimeZones",
    "Timing",
]

A = TypeVar("A", bound=Attribute)

#: The value of a cache slot that was not filled yet (None is a valid mid: no a=mid).
_UNREAD: object = object()

CRLF = "\r\n"


def _kept(values: tuple[Line, ...]) -> list[str]:
    """Each value's line: the text the parser kept (one slot read), else ``sdp_line``."""
    return [value._sdp or value.sdp_line for value in values]


def _formatted(values: tuple[Line, ...]) -> list[str]:
    """Each value's line formatted from its fields, whatever text is kept."""
    return [value.format_line() for value in values]


def _canonical(values: tuple[Line, ...]) -> list[str]:
    """Each value's line in the canonical spelling (``Line.canonical_line``), from its fields."""
    return [value.canonical_line() for value in values]


def _line_texts(fresh: bool, canonical: bool) -> Callable[[tuple[Line, ...]], list[str]]:
    if canonical:
        return _canonical
    return _formatted if fresh else _kept


@attrs.frozen
class Origin(Line):
    """RFC 8866, 5.2: ``o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>``.

    The session id and version stay text: they are 64-bit decimal strings
    that may start with zeros.
    """

    # RFC 8866, 5.2, as origin_field reads it: the words have no spaces; the
    # ids are decimal digits, kept as text.
    username: str = attrs.field(validator=_text("NON_WS_STRING"))
    session_id: str = attrs.field(validator=_text("DIGITS"))
    session_version: str = attrs.field(validator=_text("DIGITS"))
    nettype: str = attrs.field(default="IN", validator=_text("TOKEN"))
    addrtype: str = attrs.field(default="IP4", validator=_text("TOKEN"))
    address: str = attrs.field(default="127.0.0.1", validator=_text("ADDRESS"))

    def format_line(self) -> str:
        return (
            f"o={self.username} {self.session_id} {self.session_version} "
            f"{self.nettype} {self.addrtype} {self.address}"
        )


@attrs.frozen
class Connection(Line):
    """RFC 8866, 5.7: ``c=<nettype> <addrtype> <connection-address>[/<ttl>][/<number>]``."""

    nettype: str = attrs.field(validator=_text("TOKEN"))
    addrtype: str = attrs.field(validator=_text("TOKEN"))
    address: str = attrs.field(validator=_text("ADDRESS"))
    ttl: int | None = attrs.field(
        default=None, validator=_integer(0, MAX_UINT32, "RFC 8866, 5.7: ttl", optional=True)
    )
    address_count: int | None = attrs.field(
        default=None,
        validator=_integer(0, MAX_UINT32, "RFC 8866, 5.7: number of addresses", optional=True),
    )

    def __attrs_post_init__(self) -> None:
        # RFC 8866, 5.7: <base multicast address>[/<ttl>]/<number of addresses>
        # for IPv4, where the ttl comes first; a count alone would read back as a ttl.
        if self.address_count is not None and self.ttl is None:
            raise ValueError(
                "Connection: address_count needs a ttl before it (RFC 8866, 5.7: "
                "c=IN IP4 <address>/<ttl>/<number>); a count alone would read back as the ttl"
            )

    def format_line(self) -> str:
        line = f"c={self.nettype} {self.addrtype} {self.address}"
        if self.ttl is not None:
            line += f"/{self.ttl}"
        if self.address_count is not None:
            line += f"/{self.address_count}"
        return line


@attrs.frozen
class Bandwidth(Line):
    """RFC 8866, 5.8: ``b=<bwtype>:<bandwidth>`` (AS, CT, TIAS, RS, RR, ...)."""

    bwtype: str = attrs.field(validator=_text("TOKEN"))
    bandwidth: int = attrs.field(validator=_integer(0, MAX_UINT64, "RFC 8866, 5.8: bandwidth"))

    def format_line(self) -> str:
        return f"b={self.bwtype}:{self.bandwidth}"


@attrs.frozen
class Repeat(Line):
    """RFC 8866, 5.10: ``r=<repeat interval> <active duration> <offsets>`` (typed times as text)."""

    interval: str = attrs.field(validator=_text("TYPED_TIME"))
    duration: str = attrs.field(validator=_text("TYPED_TIME"))
    offsets: tuple[str, ...] = attrs.field(validator=_texts("TYPED_TIME", min_size=1))

    def format_line(self) -> str:
        return " ".join((f"r={self.interval}", self.duration, *self.offsets))


@attrs.frozen
class Timing(Line):
    """RFC 8866, 5.9: ``t=<start-time> <stop-time>`` and its ``r=`` lines."""

    start: int = attrs.field(default=0, validator=_integer(0, MAX_UINT64, "RFC 8866, 5.9"))
    stop: int = attrs.field(default=0, validator=_integer(0, MAX_UINT64, "RFC 8866, 5.9"))
    repeats: tuple[Repeat, ...] = attrs.field(default=(), validator=_instances(Repeat))

    def format_line(self) -> str:
        return f"t={self.start} {self.stop}"


@attrs.frozen
class TimeZones(Line):
    """RFC 8866, 5.11: ``z=<adjustment time> <offset> ...`` as (time, offset) text pairs."""

    adjustments: tuple[tuple[str, str], ...] = attrs.field(
        validator=_pairs("DIGITS", "SIGNED_TYPED_TIME", min_size=1)
    )

    def format_line(self) -> str:
        return "z=" + " ".join(f"{time} {offset}" for time, offset in self.adjustments)


@attrs.frozen
class Key(Line):
    """RFC 8866, 5.12 (obsolete): ``k=<method>[:<encryption key>]``."""

    method: str = attrs.field(validator=_text("TOKEN"))
    key: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))

    def format_line(self) -> str:
        return f"k={self.method}" if self.key is None else f"k={self.method}:{self.key}"


@attrs.frozen(cache_hash=True)  # hashed often: codec matching keys on codecs
class Codec:
    """A payload format of an m-section: its rtpmap, fmtp and rtcp-fb lines joined by payload type.

    A view computed from the attributes (``MediaDescription.codecs``), not a
    line of its own.  A static payload type listed without an rtpmap takes
    its name, clock rate and channels from RFC 3551 (``STATIC_PAYLOAD_TYPES``),
    and ``implied`` says so; ``name`` and ``clock_rate`` are None only for a
    payload type that has neither an rtpmap nor a static meaning for this
    kind of media.  ``implied`` is not part of equality: PCMU/8000 is the
    same codec whether the offer wrote its rtpmap or not.
    """

    payload_type: int
    name: str | None
    clock_rate: int | None
    channels: int | None = None
    fmtp: Fmtp | None = None
    feedback: tuple[RtcpFb, ...] = ()
    implied: bool = attrs.field(default=False, eq=False)

    @property
    def parameters(self) -> tuple[tuple[str, str | None], ...]:
        return () if self.fmtp is None else self.fmtp.parameters


#: RFC 3551, 6 (Payload Type Definitions), Tables 4 and 5: the static payload
#: types, by the media each is for: payload type -> (encoding name, clock
#: rate, channels).  Channels are None where the table gives none (video, and
#: MPA's "see text").  Types 1, 2 and 19 are reserved (2 was G721, now
#: deprecated), the rest unassigned or dynamic.  33 (MP2T) is audio and video.
STATIC_PAYLOAD_TYPES: dict[str, dict[int, tuple[str, int, int | None]]] = {
    "audio": {
        0: ("PCMU", 8000, 1),
        3: ("GSM", 8000, 1),
        4: ("G723", 8000, 1),
        5: ("DVI4", 8000, 1),
        6: ("DVI4", 16000, 1),
        7: ("LPC", 8000, 1),
        8: ("PCMA", 8000, 1),
        9: ("G722", 8000, 1),
        10: ("L16", 44100, 2),
        11: ("L16", 44100, 1),
        12: ("QCELP", 8000, 1),
        13: ("CN", 8000, 1),
        14: ("MPA", 90000, None),
        15: ("G728", 8000, 1),
        16: ("DVI4", 11025, 1),
        17: ("DVI4", 22050, 1),
        18: ("G729", 8000, 1),
        33: ("MP2T", 90000, None),
    },
    "video": {
        25: ("CelB", 90000, None),
        26: ("JPEG", 90000, None),
        28: ("nv", 90000, None),
        31: ("H261", 90000, None),
        32: ("MPV", 90000, None),
        33: ("MP2T", 90000, None),
        34: ("H263", 90000, None),
    },
}

#: How many codec lists ``MediaDescription.codecs`` remembers before it starts afresh.
CODECS_MEMO_LIMIT = 4096

_CODECS_MEMO: dict[
    tuple[str, tuple[str, ...], tuple[Rtpmap, ...], tuple[Fmtp, ...], tuple[RtcpFb, ...]],
    tuple[Codec, ...],
] = {}

#: The last codec list ``MediaDescription.codecs`` read for each kind of media, with what it
#: was read from: (formats, rtpmaps, fmtps, rtcp-fbs, codecs).
_LAST_CODECS: dict[
    str,
    tuple[
        tuple[str, ...],
        tuple[Rtpmap, ...],
        tuple[Fmtp, ...],
        tuple[RtcpFb, ...],
        tuple[Codec, ...],
    ],
] = {}
_LAST_CODECS_LIMIT = 16

#: The same memo by the identities of the lines (``MediaDescription.codecs``): the key
#: is the kind, the formats, the counts and each line's ``id``; the value keeps the lines.
_CODECS_SEEN: dict[tuple[object, ...], tuple[tuple[Codec, ...], tuple[Line, ...]]] = {}


#: How ``_by_type`` groups a layout (the attributes' types in order) it met more than once:
#: per type, an ``operator.itemgetter`` of its positions (several) or its one position.
_Plan = tuple[tuple[type, Any, bool], ...]
_PLANS: dict[tuple[type, ...], _Plan] = {}
#: How many layouts ``_PLANS`` remembers before it starts afresh.
PLANS_LIMIT = 256


def _by_type(attributes: tuple[Attribute, ...]) -> dict[type, tuple[Attribute, ...]]:
    """The attributes grouped by their exact type, each group in order.

    The m-sections of a description (and of the next) mostly repeat a few
    layouts: one seen before is grouped by a plan made from its positions
    (``_PLANS``: item getters, no loop over the attributes); a layout seen
    once is only remembered (an empty plan), so a description of
    all-different sections pays one ``map(type, ...)`` a section and no plans.
    """
    if not attributes:
        return {}
    layout = tuple(map(type, attributes))
    plan = _PLANS.get(layout)
    if plan == ():
        positions: dict[type, list[int]] = {}
        for position, kind in enumerate(layout):
            found = positions.get(kind)
            if found is None:
                positions[kind] = [position]
            else:
                found.append(position)
        plan = _PLANS[layout] = tuple(
            (kind, itemgetter(*where) if len(where) > 1 else where[0], len(where) > 1)
            for kind, where in positions.items()
        )
    if plan:
        return {
            kind: where(attributes) if several else (attributes[where],)
            for kind, where, several in plan
        }
    if len(_PLANS) >= PLANS_LIMIT:
        _PLANS.clear()
    _PLANS[layout] = ()  # seen once: a plan the next time
    grouped: dict[type, list[Attribute]] = {}
    for attribute in attributes:
        kind = type(attribute)
        group = grouped.get(kind)
        if group is None:
            grouped[kind] = [attribute]
        else:
            group.append(attribute)
    return {kind: tuple(group) for kind, group in grouped.items()}


class _AttributeHolder:
    """Shared lookups over an ordered attribute list (session or media level).

    Lookups by type go through an index of the attributes grouped by type,
    built on the first lookup (a section is read many times during a
    negotiation, and a video m-section has a hundred attribute lines).
    """

    __slots__ = ()
    attributes: tuple[Attribute, ...]
    _types: dict[type, tuple[Attribute, ...]] | None

    def _index(self) -> dict[type, tuple[Attribute, ...]]:
        index = self._types
        if index is None:
            index = _by_type(self.attributes)
            object.__setattr__(self, "_types", index)
        return index

    # The lookups below read the index slot first (``self._types or self._index()``):
    # they run a few dozen times per m-section and negotiation step.

    def attribute(self, cls: type[A]) -> A | None:
        """The first attribute of type ``cls`` in this section, or None."""
        found = (self._types or self._index()).get(cls)
        return found[0] if found else None  # type: ignore[return-value]

    def attributes_of(self, cls: type[A]) -> tuple[A, ...]:
        """Every attribute of type ``cls`` in this section, in order."""
        return (self._types or self._index()).get(cls, ())  # type: ignore[return-value]

    def attributes_named(self, name: str) -> tuple[Attribute, ...]:
        """Every attribute written ``a=<name>``, typed or unknown, in order."""
        return tuple(a for a in self.attributes if a.name == name)

    @property
    def ice_ufrag(self) -> str | None:
        found = (self._types or self._index()).get(IceUfrag)
        return found[0].ufrag if found else None  # type: ignore[attr-defined]

    @property
    def ice_pwd(self) -> str | None:
        found = (self._types or self._index()).get(IcePwd)
        return found[0].password if found else None  # type: ignore[attr-defined]

    @property
    def ice_options(self) -> tuple[str, ...]:
        found = (self._types or self._index()).get(IceOptions)
        return found[0].options if found else ()  # type: ignore[attr-defined]

    @property
    def fingerprints(self) -> tuple[Fingerprint, ...]:
        return self.attributes_of(Fingerprint)

    @property
    def setup(self) -> SetupRole | None:
        found = (self._types or self._index()).get(Setup)
        return found[0].role if found else None  # type: ignore[attr-defined]

    @property
    def direction_attribute(self) -> MediaDirection | None:
        """The direction written in this section, or None when there is none."""
        found = (self._types or self._index()).get(Direction)
        return found[0].direction if found else None  # type: ignore[attr-defined]


@attrs.frozen
class MediaDescription(_AttributeHolder):
    """RFC 8866, 5.14: one m-section: ``m=`` and its ``i= c= b= k= a=`` lines."""

    # RFC 8866, 5.14, as media_field reads it: m=<media> <port>[/<number of
    # ports>] <proto> <fmt> ..., at least one format.
    media: str = attrs.field(default="audio", validator=_text("TOKEN"))
    port: int = attrs.field(default=9, validator=_integer(0, MAX_PORT, "RFC 8866, 5.14: port"))
    protocol: str = attrs.field(default="UDP/TLS/RTP/SAVPF", validator=_text("PROTO"))
    formats: tuple[str, ...] = attrs.field(default=(), validator=_texts("TOKEN", min_size=1))
    port_count: int | None = attrs.field(
        default=None,
        validator=_integer(0, MAX_PORT, "RFC 8866, 5.14: number of ports", optional=True),
    )
    information: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))
    connections: tuple[Connection, ...] = attrs.field(default=(), validator=_instances(Connection))
    bandwidths: tuple[Bandwidth, ...] = attrs.field(default=(), validator=_instances(Bandwidth))
    key: Key | None = attrs.field(default=None, validator=_instance(Key, optional=True))
    attributes: tuple[Attribute, ...] = attrs.field(default=(), validator=_instances(Attribute))
    _sdp: str | None = attrs.field(default=None, init=False, eq=False, repr=False)
    #: The mid and the codecs, read from the attributes on first use (not part of equality).
    _mid: object = attrs.field(default=_UNREAD, init=False, eq=False, repr=False)
    _codecs: tuple[Codec, ...] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    #: The attributes grouped by type, on first lookup (``_AttributeHolder``).
    _types: dict[type, tuple[Attribute, ...]] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    @property
    def media_line(self) -> str:
        """The ``m=`` line (cached)."""
        line = self._sdp
        if line is None:
            line = self.format_media_line()
            object.__setattr__(self, "_sdp", line)
        return line

    def format_media_line(self) -> str:
        """Format the ``m=`` line from the fields, ignoring the cache."""
        port = str(self.port) if self.port_count is None else f"{self.port}/{self.port_count}"
        return " ".join((f"m={self.media}", port, self.protocol, *self.formats))

    def lines(self) -> Iterator[str]:
        """The section's lines in order, without line endings."""
        out: list[str] = []
        self.add_lines(out, fresh=False)
        return iter(out)

    def add_lines(self, out: list[str], *, fresh: bool, canonical: bool = False) -> None:
        """Append the section's lines to ``out``.

        With ``fresh``, each line is formatted from its fields; with
        ``canonical``, in its canonical spelling (``Line.canonical_line``).
        """
        line_texts = _line_texts(fresh, canonical)
        fresh = fresh or canonical
        out.append(self.format_media_line() if fresh else self.media_line)
        if self.information is not None:
            out.append(f"i={self.information}")
        if self.connections:
            out += line_texts(self.connections)
        if self.bandwidths:
            out += line_texts(self.bandwidths)
        if self.key is not None:
            out += line_texts((self.key,))
        out += line_texts(self.attributes)

    # --- accessors --------------------------------------------------------

    @property
    def kind(self) -> str:
        return self.media

    @property
    def mid(self) -> str | None:
        """The ``a=mid`` value (RFC 5888, 4), or None; read once."""
        cached = self._mid
        if cached is _UNREAD:
            found = self.attribute(Mid)
            cached = None if found is None else found.mid
            object.__setattr__(self, "_mid", cached)
        return cached  # type: ignore[return-value]

    @property
    def direction(self) -> MediaDirection:
        """The direction attribute, sendrecv when absent (RFC 8866, 6.7)."""
        found = (self._types or self._index()).get(Direction)
        return found[0].direction if found else MediaDirection.SENDRECV  # type: ignore[attr-defined]

    @property
    def is_bundle_only(self) -> bool:
        return BundleOnly in (self._types or self._index())

    @property
    def is_rejected(self) -> bool:
        """Port 0 without ``a=bundle-only``: a rejected m-section (RFC 3264, 6; RFC 8843, 6)."""
        return self.port == 0 and not self.is_bundle_only

    @property
    def rtcp_mux(self) -> bool:
        return RtcpMux in (self._types or self._index())

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return self.attributes_of(Candidate)

    @property
    def rtpmaps(self) -> tuple[Rtpmap, ...]:
        return self.attributes_of(Rtpmap)

    @property
    def fmtps(self) -> tuple[Fmtp, ...]:
        return self.attributes_of(Fmtp)

    @property
    def rtcp_feedback(self) -> tuple[RtcpFb, ...]:
        return self.attributes_of(RtcpFb)

    @property
    def extmaps(self) -> tuple[Extmap, ...]:
        return self.attributes_of(Extmap)

    @property
    def msids(self) -> tuple[Msid, ...]:
        return self.attributes_of(Msid)

    @property
    def ssrcs(self) -> tuple[Ssrc, ...]:
        return self.attributes_of(Ssrc)

    @property
    def ssrc_groups(self) -> tuple[SsrcGroup, ...]:
        return self.attributes_of(SsrcGroup)

    @property
    def rids(self) -> tuple[Rid, ...]:
        return self.attributes_of(Rid)

    @property
    def simulcast(self) -> Simulcast | None:
        return self.attribute(Simulcast)

    @property
    def sctp_port(self) -> int | None:
        found = self.attribute(SctpPort)
        return None if found is None else found.port

    @property
    def max_message_size(self) -> int | None:
        found = self.attribute(MaxMessageSize)
        return None if found is None else found.size

    @property
    def codecs(self) -> tuple[Codec, ...]:
        """The m= formats joined with their rtpmap, fmtp and rtcp-fb lines, in m= order.

        Only for RTP m-sections; formats that are not payload types are skipped.
        ``a=rtcp-fb:*`` lines apply to every format (RFC 4585, 4.2).
        """
        cached = self._codecs
        if cached is None:
            # The same formats and lines make the same codecs: m-sections of one
            # description (and of the next) mostly repeat them, and the parser
            # shares their line values.  First the last m-section of this kind
            # (equal tuples of the same values compare without a call), then the
            # lines' identities (the entry keeps the lines alive, so no id is
            # reused while it exists), then equality, which compares every line
            # of an equal-but-not-identical list (each new offer builds new values).
            index = self._index()
            rtpmaps: tuple[Rtpmap, ...] = index.get(Rtpmap, ())  # type: ignore[assignment]
            fmtps: tuple[Fmtp, ...] = index.get(Fmtp, ())  # type: ignore[assignment]
            feedback: tuple[RtcpFb, ...] = index.get(RtcpFb, ())  # type: ignore[assignment]
            formats = self.formats
            last = _LAST_CODECS.get(self.media)
            if (
                last is not None
                and last[0] == formats
                and last[1] == rtpmaps
                and last[2] == fmtps
                and last[3] == feedback
            ):
                cached = last[4]
                if last[1] is not rtpmaps:  # equal, not the same values: these from now on
                    _LAST_CODECS[self.media] = (formats, rtpmaps, fmtps, feedback, cached)
            else:
                lines = rtpmaps + fmtps + feedback
                seen_key = (self.media, formats, len(rtpmaps), len(fmtps), *map(id, lines))
                seen = _CODECS_SEEN.get(seen_key)
                if seen is None:
                    key = (self.media, formats, rtpmaps, fmtps, feedback)
                    cached = _CODECS_MEMO.get(key)
                    if cached is None:
                        if len(_CODECS_MEMO) >= CODECS_MEMO_LIMIT:
                            _CODECS_MEMO.clear()
                        cached = _CODECS_MEMO[key] = self._read_codecs()
                    if len(_CODECS_SEEN) >= CODECS_MEMO_LIMIT:
                        _CODECS_SEEN.clear()
                    _CODECS_SEEN[seen_key] = (cached, lines)
                else:
                    cached = seen[0]
                if len(_LAST_CODECS) >= _LAST_CODECS_LIMIT:
                    _LAST_CODECS.clear()
                _LAST_CODECS[self.media] = (formats, rtpmaps, fmtps, feedback, cached)
            object.__setattr__(self, "_codecs", cached)
        return cached

    def _read_codecs(self) -> tuple[Codec, ...]:
        rtpmaps = {r.payload_type: r for r in self.rtpmaps}
        fmtps: dict[int, Fmtp] = {}
        for fmtp in self.fmtps:
            pt = fmtp.payload_type
            if pt is not None and pt not in fmtps:
                fmtps[pt] = fmtp
        lists: dict[int | None, list[RtcpFb]] = {}
        for fb in self.rtcp_feedback:
            found = lists.get(fb.payload_type)
            if found is None:
                lists[fb.payload_type] = [fb]
            else:
                found.append(fb)
        wildcard = tuple(lists.pop(None, ()))
        feedback = {pt: wildcard + tuple(fbs) for pt, fbs in lists.items()}
        static = STATIC_PAYLOAD_TYPES.get(self.media, {})
        codecs = []
        for fmt in self.formats:
            if not fmt.isdigit():
                continue
            pt = int(fmt)
            rtpmap = rtpmaps.get(pt)
            implied = False
            name: str | None
            clock_rate: int | None
            channels: int | None
            if rtpmap is not None:
                name = rtpmap.encoding_name
                clock_rate = rtpmap.clock_rate
                channels = rtpmap.encoding_parameters
            elif pt in static:
                # RFC 3551, 6: a static payload type means its table entry
                # without an rtpmap (RFC 8866, 6.6: rtpmap is for dynamic ones).
                name, clock_rate, channels = static[pt]
                implied = True
            else:
                name = clock_rate = channels = None
            codecs.append(
                Codec(
                    pt,
                    name,
                    clock_rate,
                    channels,
                    fmtps.get(pt),
                    feedback.get(pt, wildcard),
                    implied,
                )
            )
        return tuple(codecs)

    # --- building ---------------------------------------------------------

    def with_attributes(self, *attributes: Attribute) -> MediaDescription:
        """A copy with ``attributes`` appended."""
        return attrs.evolve(self, attributes=self.attributes + attributes)

    def without_attributes(self, cls: type[Attribute]) -> MediaDescription:
        """A copy without any attribute of type ``cls``."""
        return attrs.evolve(
            self, attributes=tuple(a for a in self.attributes if type(a) is not cls)
        )


_TEXT = _text("TEXT")


def _session_name(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # RFC 8866, 5.3: s=<session name>, text; empty as the lenient grammar takes it.
    if value != "":
        _TEXT(instance, attribute, value)


@attrs.frozen
class SessionDescription(_AttributeHolder):
    """RFC 8866, 5: a whole session description.

    Field order follows the line order of the RFC: ``v= o= s= i= u= e= p= c=
    b=``, the time descriptions (``t=`` with its ``r=`` lines), ``z= k=``,
    the session-level ``a=`` lines, then the m-sections.
    """

    # RFC 8866, 5.1 to 5.12, as the session rule and its fields read them.
    origin: Origin = attrs.field(factory=lambda: Origin("-", "0", "0"), validator=_instance(Origin))
    session_name: str = attrs.field(default="-", validator=_session_name)
    version: int = attrs.field(default=0, validator=_integer(0, MAX_UINT32, "RFC 8866, 5.1"))
    information: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))
    uri: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))
    emails: tuple[str, ...] = attrs.field(default=(), validator=_texts("TEXT"))
    phones: tuple[str, ...] = attrs.field(default=(), validator=_texts("TEXT"))
    connection: Connection | None = attrs.field(
        default=None, validator=_instance(Connection, optional=True)
    )
    bandwidths: tuple[Bandwidth, ...] = attrs.field(default=(), validator=_instances(Bandwidth))
    # RFC 8866, 5: one or more time descriptions.
    times: tuple[Timing, ...] = attrs.field(
        default=(Timing(),), validator=_instances(Timing, min_size=1)
    )
    time_zones: TimeZones | None = attrs.field(
        default=None, validator=_instance(TimeZones, optional=True)
    )
    key: Key | None = attrs.field(default=None, validator=_instance(Key, optional=True))
    attributes: tuple[Attribute, ...] = attrs.field(default=(), validator=_instances(Attribute))
    media: tuple[MediaDescription, ...] = attrs.field(
        default=(), validator=_instances(MediaDescription)
    )
    #: mid -> m-section, built on the first ``media_by_mid`` (not part of equality).
    _by_mid: dict[str, MediaDescription] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    #: mid -> its BUNDLE group, built on the first ``bundle_group_of``.
    _bundles: dict[str, tuple[str, ...]] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    #: The mids of the m-sections that are not rejected, on first ``live_mids``.
    _live: frozenset[str] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    #: The attributes grouped by type, on first lookup (``_AttributeHolder``).
    _types: dict[type, tuple[Attribute, ...]] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    def lines(self) -> Iterator[str]:
        """Every line in order, without line endings."""
        return iter(self.line_list())

    def line_list(self, *, fresh: bool = False, canonical: bool = False) -> list[str]:
        """Every line in order, without line endings, as a new list.

        Each value gives the line the parser kept, or formats it once and
        keeps it (``sdp_line``); with ``fresh``, every line is formatted
        from its fields and nothing kept is used (for a parsed description,
        the very text it was parsed from: one spelling per value); with
        ``canonical``, every line is written from its fields in the
        canonical spelling (``sdpmodel.canonical``, docs/sdp.md).
        """
        line_texts = _line_texts(fresh, canonical)
        out = [f"v={self.version}", *line_texts((self.origin,)), f"s={self.session_name}"]
        if self.information is not None:
            out.append(f"i={self.information}")
        if self.uri is not None:
            out.append(f"u={self.uri}")
        out += [f"e={email}" for email in self.emails]
        out += [f"p={phone}" for phone in self.phones]
        if self.connection is not None:
            out += line_texts((self.connection,))
        if self.bandwidths:
            out += line_texts(self.bandwidths)
        for timing in self.times:
            out += line_texts((timing, *timing.repeats))
        if self.time_zones is not None:
            out += line_texts((self.time_zones,))
        if self.key is not None:
            out += line_texts((self.key,))
        out += line_texts(self.attributes)
        for media in self.media:
            media.add_lines(out, fresh=fresh, canonical=canonical)
        return out

    def to_sdp(self) -> str:
        """The description as SDP text: every line ends with CRLF (RFC 8866, 5)."""
        out = self.line_list()
        out.append("")  # so that the join ends the last line with CRLF too
        return CRLF.join(out)

    def __str__(self) -> str:
        return self.to_sdp()

    # --- accessors --------------------------------------------------------

    @property
    def groups(self) -> tuple[Group, ...]:
        return self.attributes_of(Group)

    @property
    def bundle_groups(self) -> tuple[tuple[str, ...], ...]:
        """The mids of each ``a=group:BUNDLE`` line (RFC 8843), in order."""
        return tuple(g.mids for g in self.groups if g.semantics == "BUNDLE")

    @property
    def ice_lite(self) -> bool:
        return self.attribute(IceLite) is not None

    @property
    def mids(self) -> tuple[str | None, ...]:
        return tuple(m.mid for m in self.media)

    @property
    def live_mids(self) -> frozenset[str]:
        """The mids of the m-sections that are not rejected (read once)."""
        live = self._live
        if live is None:
            live = frozenset(
                mid for m in self.media if (mid := m.mid) is not None and not m.is_rejected
            )
            object.__setattr__(self, "_live", live)
        return live

    def bundle_group_of(self, mid: str | None) -> tuple[str, ...]:
        """The mids of the first ``a=group:BUNDLE`` naming ``mid`` (RFC 9143, 5), or ()."""
        if mid is None:
            return ()
        index = self._bundles
        if index is None:
            index = {}
            for group in self.bundle_groups:
                for member in group:
                    index.setdefault(member, group)
            object.__setattr__(self, "_bundles", index)
        return index.get(mid, ())

    def media_by_mid(self, mid: str) -> MediaDescription | None:
        """The first m-section with ``a=mid:<mid>``, or None (a dict built on first use)."""
        index = self._by_mid
        if index is None:
            index = {}
            for media in self.media:
                found = media.mid
                if found is not None:
                    index.setdefault(found, media)
            object.__setattr__(self, "_by_mid", index)
        return index.get(mid)

    # --- building ---------------------------------------------------------

    def with_media(self, *media: MediaDescription) -> SessionDescription:
        """A copy with ``media`` appended."""
        return attrs.evolve(self, media=self.media + media)

    def with_attributes(self, *attributes: Attribute) -> SessionDescription:
        """A copy with session-level ``attributes`` appended."""
        return attrs.evolve(self, attributes=self.attributes + attributes)
