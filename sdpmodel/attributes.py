"""Typed SDP attributes (the ``a=`` lines) as frozen attrs values.

This module owns what each attribute *is* and how it is *written*: every class
names the attribute (``NAME``), and so its grammar rule (``<name>_value`` in
``grammar/sdp.lark``), and writes its own value in ``_format_value``.  It does
not parse: text becomes these values in ``sdpmodel._builders``, driven by the
grammar.  It does no I/O.

Two rules keep serialization byte-exact (``parse(x).to_sdp() == x``):

* a builder keeps every spelling the grammar allows to vary (``Fmtp`` keeps its
  parameter text as written; ``MsidSemantic`` remembers the space some
  browsers put after the colon), so each value has exactly one text;
* tokens stay text until a typed field claims them: an ICE ufrag ``0123`` stays
  ``"0123"``.  Numbers become ``int`` only where the grammar and the builder
  together rule out a second spelling (no leading zeros).

Each value caches its line (``sdp_line``): the parser stores the line it read,
and a value built in code formats its line once, on first use.  The cache is
not part of equality, and ``attrs.evolve`` starts a fresh one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

import attrs

from sdpmodel.enums import MediaDirection, SetupRole

__all__ = [
    "ATTRIBUTE_CLASSES",
    "TCP_TYPES",
    "Attribute",
    "BundleOnly",
    "Candidate",
    "Content",
    "Crypto",
    "Direction",
    "EndOfCandidates",
    "Extmap",
    "ExtmapAllowMixed",
    "Fingerprint",
    "FlagAttribute",
    "Fmtp",
    "Framerate",
    "Group",
    "IceLite",
    "IceOptions",
    "IcePwd",
    "IceUfrag",
    "Identity",
    "Imageattr",
    "Label",
    "Line",
    "MaxMessageSize",
    "Maxptime",
    "Mid",
    "Msid",
    "MsidSemantic",
    "Ptime",
    "Rid",
    "Rtcp",
    "RtcpFb",
    "RtcpMux",
    "RtcpMuxOnly",
    "RtcpRsize",
    "Rtpmap",
    "SctpPort",
    "Sctpmap",
    "Setup",
    "Simulcast",
    "SimulcastId",
    "Ssrc",
    "SsrcGroup",
    "TcpConnection",
    "TlsId",
    "UnknownAttribute",
    "attribute_class",
]


@attrs.frozen
class Line:
    """Base of every value that is one SDP line; caches the line's text.

    The parser stores the line it read; a value built in code formats its
    line on first use.  The cache is not part of equality, hashing or repr.
    """

    _sdp: str | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def format_line(self) -> str:
        """Format the line from the fields, ignoring the cache."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    @property
    def sdp_line(self) -> str:
        """The line without its line ending (cached)."""
        line = self._sdp
        if line is None:
            line = self.format_line()
            object.__setattr__(self, "_sdp", line)
        return line


@attrs.frozen
class Attribute(Line):
    """Base of every ``a=`` line value.

    ``NAME`` is the attribute name as written in SDP.  ``rule()`` names the
    grammar rule that parses its value (None for attributes without a value).
    """

    NAME: ClassVar[str] = ""

    @property
    def name(self) -> str:
        return self.NAME

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every attribute name this class stands for (one, but for ``Direction``)."""
        return (cls.NAME,)

    @classmethod
    def rule(cls) -> str | None:
        """The grammar rule for the value: ``rtpmap`` -> ``rtpmap_value``."""
        return cls.NAME.replace("-", "_") + "_value"

    def _format_value(self) -> str | None:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def format_line(self) -> str:
        value = self._format_value()
        return f"a={self.name}" if value is None else f"a={self.name}:{value}"

    @property
    def value(self) -> str | None:
        """The text after ``a=<name>:`` (None for an attribute without a value)."""
        return self._format_value()


@attrs.frozen
class UnknownAttribute(Attribute):
    """Any attribute sdpmodel has no type for, kept verbatim and in place."""

    attribute_name: str
    attribute_value: str | None = None

    @property
    def name(self) -> str:
        return self.attribute_name

    @classmethod
    def rule(cls) -> str | None:
        return None

    def _format_value(self) -> str | None:
        return self.attribute_value


@attrs.frozen
class FlagAttribute(Attribute):
    """An attribute that takes no value (``a=rtcp-mux``)."""

    @classmethod
    def rule(cls) -> str | None:
        return None

    def _format_value(self) -> str | None:
        return None


# --- RTP payload formats ----------------------------------------------------


@attrs.frozen(cache_hash=True)  # hashed often: codec matching keys on them
class Rtpmap(Attribute):
    """RFC 8866, 6.6: ``a=rtpmap:<pt> <encoding name>/<clock rate>[/<encoding parameters>]``."""

    NAME: ClassVar[str] = "rtpmap"
    payload_type: int
    encoding_name: str
    clock_rate: int
    encoding_parameters: int | None = None

    def _format_value(self) -> str:
        base = f"{self.payload_type} {self.encoding_name}/{self.clock_rate}"
        if self.encoding_parameters is None:
            return base
        return f"{base}/{self.encoding_parameters}"


@attrs.frozen(cache_hash=True)  # hashed often: codec matching keys on them
class Fmtp(Attribute):
    """RFC 8866, 6.15: ``a=fmtp:<format> <format specific parameters>``.

    ``parameter_text`` is kept as written (``minptime=10;useinbandfec=1``,
    ``98/98`` for RED, ``0-15`` for telephone-event): the grammar of the
    parameters belongs to each codec.  ``parameters`` reads the common
    ``name=value;name=value`` form in order.
    """

    NAME: ClassVar[str] = "fmtp"
    format: str
    parameter_text: str

    @classmethod
    def from_parameters(
        cls, format: str | int, parameters: Mapping[str, str | None], *, separator: str = ";"
    ) -> Fmtp:
        """Build from ``{"apt": "96"}``; a None value writes the name alone."""
        text = separator.join(k if v is None else f"{k}={v}" for k, v in parameters.items())
        return cls(str(format), text)

    @property
    def payload_type(self) -> int | None:
        return int(self.format) if self.format.isdigit() else None

    @property
    def parameters(self) -> tuple[tuple[str, str | None], ...]:
        """The ``;``-separated parameters as (name, value) pairs, spaces trimmed."""
        pairs: list[tuple[str, str | None]] = []
        for raw in self.parameter_text.split(";"):
            item = raw.strip()
            if not item:
                continue
            name, sep, value = item.partition("=")
            pairs.append((name.strip(), value.strip() if sep else None))
        return tuple(pairs)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of parameter ``name`` (names compare case-insensitively, RFC 8866 6.15)."""
        lowered = name.lower()
        for key, value in self.parameters:
            if key.lower() == lowered:
                return value
        return default

    def _format_value(self) -> str:
        return f"{self.format} {self.parameter_text}"


@attrs.frozen(cache_hash=True)  # hashed often: codec matching keys on them
class RtcpFb(Attribute):
    """RFC 4585, 4.2: ``a=rtcp-fb:<payload type or *> <type> [<parameters>]``.

    ``payload_type`` is None for ``*`` (every format of the m-section).
    """

    NAME: ClassVar[str] = "rtcp-fb"
    payload_type: int | None
    feedback_type: str
    parameters: str | None = None

    def _format_value(self) -> str:
        pt = "*" if self.payload_type is None else str(self.payload_type)
        if self.parameters is None:
            return f"{pt} {self.feedback_type}"
        return f"{pt} {self.feedback_type} {self.parameters}"


@attrs.frozen
class Rtcp(Attribute):
    """RFC 3605, 2.1: ``a=rtcp:<port> [<nettype> <addrtype> <connection-address>]``.

    ``address`` is the connection-address as written, with the ``/<ttl>``
    of a multicast address when there is one.
    """

    NAME: ClassVar[str] = "rtcp"
    port: int
    nettype: str | None = None
    addrtype: str | None = None
    address: str | None = None

    def _format_value(self) -> str:
        if self.address is None:
            return str(self.port)
        return f"{self.port} {self.nettype} {self.addrtype} {self.address}"


@attrs.frozen
class RtcpMux(FlagAttribute):
    """RFC 5761, 5.1.1: ``a=rtcp-mux``."""

    NAME: ClassVar[str] = "rtcp-mux"


@attrs.frozen
class RtcpMuxOnly(FlagAttribute):
    """RFC 8858, 3: ``a=rtcp-mux-only``."""

    NAME: ClassVar[str] = "rtcp-mux-only"


@attrs.frozen
class RtcpRsize(FlagAttribute):
    """RFC 5506, 5: ``a=rtcp-rsize``."""

    NAME: ClassVar[str] = "rtcp-rsize"


@attrs.frozen
class Extmap(Attribute):
    """RFC 8285, 8 (BNF Syntax): ``a=extmap:<id>[/<direction>] <uri> [<extension attributes>]``.

    ``id`` is 1-255, or 4096-4351 in an offer (RFC 8285, 5 and 7);
    ``direction`` is None when the line names none (Firefox writes
    ``a=extmap:3/recvonly ...``, Chrome writes no direction).
    """

    NAME: ClassVar[str] = "extmap"
    id: int
    uri: str
    direction: MediaDirection | None = None
    extension_attributes: str | None = None

    def _format_value(self) -> str:
        head = str(self.id) if self.direction is None else f"{self.id}/{self.direction}"
        if self.extension_attributes is None:
            return f"{head} {self.uri}"
        return f"{head} {self.uri} {self.extension_attributes}"


@attrs.frozen
class ExtmapAllowMixed(FlagAttribute):
    """RFC 8285, 6: ``a=extmap-allow-mixed``."""

    NAME: ClassVar[str] = "extmap-allow-mixed"


# --- ICE ---------------------------------------------------------------------


#: RFC 6544, 4.5: tcp-type = "active" / "passive" / "so".
TCP_TYPES = frozenset({"active", "passive", "so"})

_DECIMAL = re.compile(r"[0-9]+")


@attrs.frozen
class Candidate(Attribute):
    """RFC 8839, 5.1: ``a=candidate:...``, one ICE candidate.

    ``related_address`` and ``related_port`` are the ``raddr`` and ``rport``
    that follow the type (RFC order).  ``extensions`` keeps every other
    name/value pair, in order (``tcptype`` from RFC 6544, libwebrtc's
    ``generation``, ``ufrag``, ``network-id``, ``network-cost``, and any
    unknown pair); the properties read the well-known ones.  A trickled
    candidate (``candidate:...`` without ``a=``) parses with
    ``sdpmodel.parse_candidate``.
    """

    NAME: ClassVar[str] = "candidate"
    foundation: str
    component: int
    transport: str
    priority: int
    address: str
    port: int
    type: str
    related_address: str | None = None
    related_port: int | None = None
    extensions: tuple[tuple[str, str], ...] = ()

    def __attrs_post_init__(self) -> None:
        # RFC 8839, 5.1: the pair right after the type is read as raddr, and the
        # next as rport; an extension of that name in that place would be read
        # back as the related address or port, a different value.
        if not self.extensions or self.related_port is not None:
            return
        first = self.extensions[0][0]
        if first == "rport" or (first == "raddr" and self.related_address is None):
            raise ValueError(
                f"the extension {first!r} would be read back as the related address or "
                "port (RFC 8839, 5.1): set related_address / related_port instead"
            )

    def extension(self, name: str) -> str | None:
        """The value of the first extension called ``name`` (None when absent)."""
        for key, value in self.extensions:
            if key == name:
                return value
        return None

    def _decimal_extension(self, name: str) -> int | None:
        value = self.extension(name)
        if value is None or _DECIMAL.fullmatch(value) is None:
            return None
        return int(value)

    @property
    def tcp_type(self) -> str | None:
        """RFC 6544, 4.5: ``tcptype active|passive|so`` (None when the line has none)."""
        return self.extension("tcptype")

    @property
    def generation(self) -> int | None:
        """libwebrtc's ``generation`` (the ICE restart count), when it is a decimal number."""
        return self._decimal_extension("generation")

    @property
    def ufrag(self) -> str | None:
        """libwebrtc's ``ufrag``: the ICE username fragment the candidate belongs to."""
        return self.extension("ufrag")

    @property
    def network_id(self) -> int | None:
        """libwebrtc's ``network-id``, when it is a decimal number."""
        return self._decimal_extension("network-id")

    @property
    def network_cost(self) -> int | None:
        """libwebrtc's ``network-cost`` (0 to 999, lower is cheaper), when a decimal number."""
        return self._decimal_extension("network-cost")

    def _format_value(self) -> str:
        parts = [
            self.foundation,
            str(self.component),
            self.transport,
            str(self.priority),
            self.address,
            str(self.port),
            "typ",
            self.type,
        ]
        if self.related_address is not None:
            parts += ("raddr", self.related_address)
        if self.related_port is not None:
            parts += ("rport", str(self.related_port))
        for key, value in self.extensions:
            parts += (key, value)
        return " ".join(parts)


@attrs.frozen
class EndOfCandidates(FlagAttribute):
    """RFC 8840, 8.2: ``a=end-of-candidates``."""

    NAME: ClassVar[str] = "end-of-candidates"


@attrs.frozen
class IceUfrag(Attribute):
    """RFC 8839, 5.4: ``a=ice-ufrag:<ufrag>`` (4 to 256 ice-chars)."""

    NAME: ClassVar[str] = "ice-ufrag"
    ufrag: str

    def _format_value(self) -> str:
        return self.ufrag


@attrs.frozen
class IcePwd(Attribute):
    """RFC 8839, 5.4: ``a=ice-pwd:<password>`` (22 to 256 ice-chars)."""

    NAME: ClassVar[str] = "ice-pwd"
    password: str

    def _format_value(self) -> str:
        return self.password


@attrs.frozen
class IceOptions(Attribute):
    """RFC 8839, 5.6: ``a=ice-options:<tag> *(SP <tag>)`` (``trickle``, ``ice2``, ...)."""

    NAME: ClassVar[str] = "ice-options"
    options: tuple[str, ...]

    def _format_value(self) -> str:
        return " ".join(self.options)


@attrs.frozen
class IceLite(FlagAttribute):
    """RFC 8839, 5.3: ``a=ice-lite`` (session level)."""

    NAME: ClassVar[str] = "ice-lite"


# --- DTLS, SDES, identity ------------------------------------------------------


@attrs.frozen
class Fingerprint(Attribute):
    """RFC 8122, 5: ``a=fingerprint:<hash function> <hex pairs joined by ':'>``."""

    NAME: ClassVar[str] = "fingerprint"
    hash_function: str
    fingerprint: str

    def _format_value(self) -> str:
        return f"{self.hash_function} {self.fingerprint}"


@attrs.frozen
class Setup(Attribute):
    """RFC 4145, 4 and RFC 8842, 3: ``a=setup:active|passive|actpass|holdconn``."""

    NAME: ClassVar[str] = "setup"
    role: SetupRole

    def _format_value(self) -> str:
        return str(self.role)


@attrs.frozen
class TcpConnection(Attribute):
    """RFC 4145, 5: ``a=connection:new|existing``."""

    NAME: ClassVar[str] = "connection"
    state: str

    def _format_value(self) -> str:
        return self.state


@attrs.frozen
class TlsId(Attribute):
    """RFC 8842, 5: ``a=tls-id:<id>``."""

    NAME: ClassVar[str] = "tls-id"
    tls_id: str

    def _format_value(self) -> str:
        return self.tls_id


@attrs.frozen
class Crypto(Attribute):
    """RFC 4568, 9.1: ``a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]``.

    The RFC separates the fields with ``1*WSP`` and lets the tag (``1*9DIGIT``)
    start with zeros; sdpmodel reads one space and a tag without leading
    zeros, as SDES implementations write them, so that each value has one
    spelling and the line round-trips.
    """

    NAME: ClassVar[str] = "crypto"
    tag: int
    suite: str
    key_params: str
    session_params: tuple[str, ...] = ()

    def _format_value(self) -> str:
        return " ".join((str(self.tag), self.suite, self.key_params, *self.session_params))


@attrs.frozen
class Identity(Attribute):
    """RFC 8827, 5: ``a=identity:<assertion> [<extensions>]``."""

    NAME: ClassVar[str] = "identity"
    assertion: str
    extensions: str | None = None

    def _format_value(self) -> str:
        if self.extensions is None:
            return self.assertion
        return f"{self.assertion} {self.extensions}"


# --- Grouping, identification, streams ----------------------------------------


@attrs.frozen
class Mid(Attribute):
    """RFC 5888, 4: ``a=mid:<identification-tag>``."""

    NAME: ClassVar[str] = "mid"
    mid: str

    def _format_value(self) -> str:
        return self.mid


@attrs.frozen
class Group(Attribute):
    """RFC 5888, 5: ``a=group:<semantics> *(SP <mid>)`` (BUNDLE, LS, FID, ...)."""

    NAME: ClassVar[str] = "group"
    semantics: str
    mids: tuple[str, ...] = ()

    def _format_value(self) -> str:
        return " ".join((self.semantics, *self.mids))


@attrs.frozen
class BundleOnly(FlagAttribute):
    """RFC 8843, 6: ``a=bundle-only``."""

    NAME: ClassVar[str] = "bundle-only"


@attrs.frozen
class Msid(Attribute):
    """RFC 8830, 2: ``a=msid:<stream id> [<track id>]`` (``-`` for no stream).

    Browsers accept any one or two words here; strict parsing holds them to
    the RFC's 1 to 64 token characters.
    """

    NAME: ClassVar[str] = "msid"
    stream_id: str
    track_id: str | None = None

    def _format_value(self) -> str:
        if self.track_id is None:
            return self.stream_id
        return f"{self.stream_id} {self.track_id}"


@attrs.frozen
class MsidSemantic(Attribute):
    """``a=msid-semantic:WMS [ids]`` (draft-ietf-mmusic-msid, still sent by browsers).

    Chrome writes ``a=msid-semantic: WMS`` with a space after the colon, some
    gateways two, or one at the end; ``leading_spaces`` and
    ``trailing_spaces`` keep that spelling so the line round-trips.
    """

    NAME: ClassVar[str] = "msid-semantic"
    semantic: str
    identifiers: tuple[str, ...] = ()
    leading_spaces: int = 0
    trailing_spaces: int = 0

    def _format_value(self) -> str:
        text = " ".join((self.semantic, *self.identifiers))
        return " " * self.leading_spaces + text + " " * self.trailing_spaces


@attrs.frozen
class Ssrc(Attribute):
    """RFC 5576, 4.1: ``a=ssrc:<ssrc-id> <attribute>[:<value>]`` (cname, msid, ...)."""

    NAME: ClassVar[str] = "ssrc"
    ssrc: int
    attribute: str
    attribute_value: str | None = None

    def _format_value(self) -> str:
        if self.attribute_value is None:
            return f"{self.ssrc} {self.attribute}"
        return f"{self.ssrc} {self.attribute}:{self.attribute_value}"


@attrs.frozen
class SsrcGroup(Attribute):
    """RFC 5576, 4.2: ``a=ssrc-group:<semantics> *(SP <ssrc-id>)`` (FID, SIM, FEC-FR)."""

    NAME: ClassVar[str] = "ssrc-group"
    semantics: str
    ssrcs: tuple[int, ...] = ()

    def _format_value(self) -> str:
        return " ".join((self.semantics, *map(str, self.ssrcs)))


# --- Simulcast ----------------------------------------------------------------


@attrs.frozen
class Rid(Attribute):
    """RFC 8851, 10: ``a=rid:<rid-id> send|recv [pt=<fmt list>][;<restriction>]*``.

    ``parameters`` keeps the ``;``-separated (name, value) pairs in order,
    ``pt`` included; the properties read them.
    """

    NAME: ClassVar[str] = "rid"
    rid: str
    direction: str
    parameters: tuple[tuple[str, str | None], ...] = ()

    @property
    def payload_types(self) -> tuple[int, ...]:
        for key, value in self.parameters:
            if key == "pt" and value is not None:
                return tuple(int(pt) for pt in value.split(",") if pt.isdigit())
        return ()

    @property
    def restrictions(self) -> dict[str, str | None]:
        return {key: value for key, value in self.parameters if key != "pt"}

    def _format_value(self) -> str:
        if not self.parameters:
            return f"{self.rid} {self.direction}"
        params = ";".join(k if v is None else f"{k}={v}" for k, v in self.parameters)
        return f"{self.rid} {self.direction} {params}"


@attrs.frozen
class SimulcastId:
    """One RTP stream in ``a=simulcast``: a rid, paused when written ``~rid``."""

    rid: str
    paused: bool = False

    def __str__(self) -> str:
        return f"~{self.rid}" if self.paused else self.rid


def _format_streams(streams: tuple[tuple[SimulcastId, ...], ...]) -> str:
    return ";".join(",".join(map(str, alternatives)) for alternatives in streams)


@attrs.frozen
class Simulcast(Attribute):
    """RFC 8853, 5.1: ``a=simulcast:send <streams> [recv <streams>]`` (either order).

    Each direction is a tuple of streams; each stream a tuple of alternative
    rids (``1,2;3`` is two streams, the first with two alternatives).  An
    empty tuple means the direction is absent; one direction at least is
    present.  ``recv_first`` keeps the order the line was written in: it is
    True whenever recv comes first, so also when recv is the only direction
    (set so on construction, so that a value built in code equals the value
    its line parses to).
    """

    NAME: ClassVar[str] = "simulcast"
    send: tuple[tuple[SimulcastId, ...], ...] = ()
    recv: tuple[tuple[SimulcastId, ...], ...] = ()
    recv_first: bool = False

    def __attrs_post_init__(self) -> None:
        # RFC 8853, 5.1: sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send]);
        # sc-str-list and sc-alt-list are never empty.
        if not self.send and not self.recv:
            raise ValueError("a=simulcast needs a send or a recv direction (RFC 8853, 5.1)")
        if not all(self.send) or not all(self.recv):
            raise ValueError("each a=simulcast stream needs at least one rid (RFC 8853, 5.1)")
        recv_first = self.recv_first if self.send and self.recv else not self.send
        if recv_first != self.recv_first:
            object.__setattr__(self, "recv_first", recv_first)

    def _format_value(self) -> str:
        parts = []
        if self.send:
            parts.append(f"send {_format_streams(self.send)}")
        if self.recv:
            recv = f"recv {_format_streams(self.recv)}"
            parts.insert(0, recv) if self.recv_first else parts.append(recv)
        return " ".join(parts)


@attrs.frozen
class Imageattr(Attribute):
    """RFC 6236, 3.1: ``a=imageattr:<pt or *> send|recv <attr-list> [recv|send <attr-list>]``.

    ``payload_type`` is the PT as written (a number or ``*``); ``directions``
    holds (``send``/``recv``, attribute list text) in the order written, each
    direction at most once (Firefox: ``a=imageattr:120 send * recv *``).  The
    RFC's ``1*WSP`` separators are read as one space, so the text has one
    spelling.
    """

    NAME: ClassVar[str] = "imageattr"
    payload_type: str
    directions: tuple[tuple[str, str], ...]

    def _format_value(self) -> str:
        return " ".join((self.payload_type, *(f"{d} {a}" for d, a in self.directions)))


# --- Data channels ---------------------------------------------------------------


@attrs.frozen
class SctpPort(Attribute):
    """RFC 8841, 5: ``a=sctp-port:<port>``."""

    NAME: ClassVar[str] = "sctp-port"
    port: int

    def _format_value(self) -> str:
        return str(self.port)


@attrs.frozen
class MaxMessageSize(Attribute):
    """RFC 8841, 6: ``a=max-message-size:<bytes>`` (0: no limit)."""

    NAME: ClassVar[str] = "max-message-size"
    size: int

    def _format_value(self) -> str:
        return str(self.size)


@attrs.frozen
class Sctpmap(Attribute):
    """draft-ietf-mmusic-sctp-sdp-05 (legacy): ``a=sctpmap:<port> <app> [<streams>]``."""

    NAME: ClassVar[str] = "sctpmap"
    number: int
    app: str
    streams: int | None = None

    def _format_value(self) -> str:
        if self.streams is None:
            return f"{self.number} {self.app}"
        return f"{self.number} {self.app} {self.streams}"


# --- Media flow and description -------------------------------------------------


@attrs.frozen
class Direction(Attribute):
    """RFC 8866, 6.7: ``a=sendrecv``, ``a=sendonly``, ``a=recvonly``, ``a=inactive``."""

    direction: MediaDirection

    @property
    def name(self) -> str:
        return str(self.direction)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(str(d) for d in MediaDirection)

    @classmethod
    def rule(cls) -> str | None:
        return None

    def _format_value(self) -> str | None:
        return None


@attrs.frozen
class _DecimalAttribute(Attribute):
    """A decimal number kept as written (``20``, ``0.5``); ``number`` reads it."""

    text: str

    @property
    def number(self) -> float:
        return float(self.text)

    def _format_value(self) -> str:
        return self.text


@attrs.frozen
class Ptime(_DecimalAttribute):
    """RFC 8866, 6.4: ``a=ptime:<milliseconds>``."""

    NAME: ClassVar[str] = "ptime"


@attrs.frozen
class Maxptime(_DecimalAttribute):
    """RFC 8866, 6.5: ``a=maxptime:<milliseconds>``."""

    NAME: ClassVar[str] = "maxptime"


@attrs.frozen
class Framerate(_DecimalAttribute):
    """RFC 8866, 6.13: ``a=framerate:<frames per second>``."""

    NAME: ClassVar[str] = "framerate"


@attrs.frozen
class Label(Attribute):
    """RFC 4574, 4: ``a=label:<pointer>``."""

    NAME: ClassVar[str] = "label"
    label: str

    def _format_value(self) -> str:
        return self.label


@attrs.frozen
class Content(Attribute):
    """RFC 4796, 4: ``a=content:<tag>[,<tag>...]`` (slides, speaker, main, sl, alt)."""

    NAME: ClassVar[str] = "content"
    values: tuple[str, ...]

    def _format_value(self) -> str:
        return ",".join(self.values)


#: Every typed attribute class: the classes of this module with a name of
#: their own, in the order they are defined.  Read from the module, not from
#: ``Attribute.__subclasses__()``: ``attrs.frozen`` replaces each class with a
#: slotted copy, and the discarded originals stay among the subclasses until
#: the garbage collector runs, so that list holds stale duplicates.
ATTRIBUTE_CLASSES: tuple[type[Attribute], ...] = tuple(
    value
    for value in list(globals().values())
    if isinstance(value, type)
    and issubclass(value, Attribute)
    and value is not UnknownAttribute
    and (bool(value.NAME) or value is Direction)
)

_BY_NAME: dict[str, type[Attribute]] = {
    name: cls for cls in ATTRIBUTE_CLASSES for name in cls.names()
}


def attribute_class(name: str) -> type[Attribute] | None:
    """The typed class for attribute ``name``, or None when it is unknown to sdpmodel."""
    return _BY_NAME.get(name)
