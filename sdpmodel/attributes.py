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

A value built in code checks its fields when it is made (below, "checks on
values built in code"), so that its line parses back to an equal value and
no field can smuggle in a line of its own; the parser's values skip the
checks (``sdpmodel._builders.direct``).  ``canonical_line`` writes the one
canonical spelling of a line (``sdpmodel.canonical``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

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


#: A validator as attrs calls it: (the instance, the field, the value).
_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


# --- checks on values built in code ------------------------------------------------------
#
# Issue 2: "A model built in code serializes to text that parses back to an
# equal model."  So a value made in code checks each field when it is made
# (attrs validators, and ``__attrs_post_init__`` for what spans fields):
# its text against the grammar terminal the line writes it as, its number
# against the builder's range, its enum against the values the grammar
# names.  Above all no text field holds a CR, LF or NUL: a line break in a
# field would end the line and start another (RFC 8866, 5: "An SDP
# description consists of a number of lines of text of the form
# <type>=<value>"), which is SDP injection, not a value.
#
# The parser never runs these checks: its values come from text that the
# grammar and the builders already checked, and ``sdpmodel._builders.direct``
# makes them by writing the slots, without ``__init__``.

#: The grammar terminals (grammar/sdp.lark) a text field is written as: the
#: terminal's language, as a Python pattern, and a few words for errors.  A
#: test checks each pattern accepts exactly what the grammar's terminal does.
TERMINALS: dict[str, tuple[str, str]] = {
    # RFC 8866, 9: token-char, non-ws-string, byte-string.
    "TOKEN": (
        r"[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+",
        "a token: letters, digits and !#$%&'*+-.^_`{|}~ (RFC 8866, 9)",
    ),
    "NON_WS_STRING": (
        r"[^\x00-\x20\x7f]+",
        "non-empty text without spaces or control characters (RFC 8866, 9: non-ws-string)",
    ),
    "TEXT": (r"[^\x00\r\n]+", "non-empty text (RFC 8866, 9: byte-string)"),
    "ADDRESS": (
        r"[^\x00-\x20\x7f/]+",
        "an address without spaces or '/' (RFC 8866, 9: connection-address)",
    ),
    "PROTO": (
        r"[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+(?:/[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+)*",
        "tokens joined by '/' (RFC 8866, 9: proto)",
    ),
    "DIGITS": (r"[0-9]+", "decimal digits"),
    "DECIMAL": (r"[0-9]+(?:\.[0-9]+)?", "a decimal number such as 20 or 0.5 (RFC 8866, 9)"),
    "TYPED_TIME": (r"[0-9]+[dhms]?", "a time such as 3600, 1h or 7d (RFC 8866, 9: typed-time)"),
    "SIGNED_TYPED_TIME": (r"-?[0-9]+[dhms]?", "an offset such as -1h or 0 (RFC 8866, 5.11)"),
    "RTCP_FB_ID": (r"[A-Za-z0-9_\-]+", "letters, digits, '-' and '_' (RFC 4585, 4.2: rtcp-fb-id)"),
    "RID_ID": (r"[A-Za-z0-9_\-]+", "letters, digits, '-' and '_' (RFC 8851, 10: rid-id)"),
    "RID_PARAMETER_NAME": (
        r"[A-Za-z0-9\-]+",
        "letters, digits and '-' (RFC 8851, 10: rid-param name)",
    ),
    "RID_PARAMETER_VALUE": (
        r"[\x20-\x3a\x3c-\x7e]+",
        "printable ASCII but ';' (RFC 8851, 10: param-val)",
    ),
    "CRYPTO_SUITE": (r"[A-Za-z0-9_]+", "letters, digits and '_' (RFC 4568, 9.1: crypto-suite)"),
    "BASE64": (r"[A-Za-z0-9+/=]+", "base64 (RFC 8827: identity-assertion)"),
    "TLS_ID": (
        r"[A-Za-z0-9+/\-_]{20,255}",
        "20 to 255 of A-Z a-z 0-9 + / - _ (RFC 8842, 4: tls-id-value)",
    ),
    "IMAGEATTR_PT": (r"\*|[0-9]+", "a payload type or '*' (RFC 6236, 3.1: PT)"),
}

_FULLMATCH: dict[str, Callable[[str], object]] = {
    name: re.compile(pattern).fullmatch for name, (pattern, _) in TERMINALS.items()
}

_LINE_BREAK = re.compile(r"[\r\n\x00]")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _where(instance: object, attribute: attrs.Attribute[Any], index: int | None = None) -> str:
    where = f"{type(instance).__name__}.{attribute.alias}"
    return where if index is None else f"{where}[{index}]"


def _text_error(where: str, value: object, what: str, optional: bool = False) -> Exception:
    """Why ``value`` is not text of ``what``: TypeError for a wrong type, else ValueError."""
    if not isinstance(value, str):
        kind = "a str or None" if optional else "a str"
        return TypeError(
            f"{where} must be {kind} ({what}), got {type(value).__name__} {_shown(value)}"
        )
    if _LINE_BREAK.search(value):
        return ValueError(
            f"{where} must not contain CR, LF or NUL: a line break would end the SDP line "
            f"and start another (RFC 8866, 5), got {_shown(value)}"
        )
    return ValueError(f"{where} must be {what}, got {_shown(value)}")


def _text(terminal: str, *, optional: bool = False) -> _Validator:
    """The field is text in the language of ``terminal`` (None too when ``optional``)."""
    fullmatch = _FULLMATCH[terminal]
    what = TERMINALS[terminal][1]

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str) and fullmatch(value) is not None:
            return
        if value is None and optional:
            return
        raise _text_error(_where(instance, attribute), value, what, optional)

    return check


def _int_error(
    where: str, value: object, low: int, high: int, what: str, optional: bool
) -> Exception:
    if type(value) is not int:
        kind = "an int or None" if optional else "an int"
        return TypeError(
            f"{where} must be {kind} ({what}), got {type(value).__name__} {_shown(value)}"
        )
    return ValueError(f"{where} must be {low} to {high} ({what}), got {value}")


def _integer(low: int, high: int, what: str, *, optional: bool = False) -> _Validator:
    """The field is an int (not a bool) from ``low`` to ``high`` (None too when ``optional``)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is int and low <= value <= high:
            return
        if value is None and optional:
            return
        raise _int_error(_where(instance, attribute), value, low, high, what, optional)

    return check


def _flag(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The field is a bool."""
    if type(value) is not bool:
        raise TypeError(f"{_where(instance, attribute)} must be a bool, got {_shown(value)}")


def _one_of(*words: str, source: str) -> _Validator:
    """The field is one of ``words`` (a str field whose grammar is a choice of keywords)."""
    choices = frozenset(words)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str) and value in choices:
            return
        where = _where(instance, attribute)
        if not isinstance(value, str):
            raise TypeError(f"{where} must be a str ({', '.join(words)}), got {_shown(value)}")
        raise ValueError(
            f"{where} must be one of {', '.join(words)} ({source}), got {_shown(value)}"
        )

    return check


def _tuple_error(where: str, value: object) -> TypeError:
    return TypeError(f"{where} must be a tuple, got {type(value).__name__} {_shown(value)}")


def _texts(terminal: str, *, min_size: int = 0) -> _Validator:
    """The field is a tuple of at least ``min_size`` texts of ``terminal``."""
    fullmatch = _FULLMATCH[terminal]
    what = TERMINALS[terminal][1]

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            raise _tuple_error(_where(instance, attribute), value)
        if len(value) < min_size:
            raise ValueError(f"{_where(instance, attribute)} must hold at least {min_size}, got ()")
        for index, item in enumerate(value):
            if not (isinstance(item, str) and fullmatch(item) is not None):
                raise _text_error(_where(instance, attribute, index), item, what)

    return check


def _integers(low: int, high: int, what: str) -> _Validator:
    """The field is a tuple of ints from ``low`` to ``high``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            raise _tuple_error(_where(instance, attribute), value)
        for index, item in enumerate(value):
            if not (type(item) is int and low <= item <= high):
                raise _int_error(_where(instance, attribute, index), item, low, high, what, False)

    return check


def _pairs(
    first: str, second: str, *, second_optional: bool = False, min_size: int = 0
) -> _Validator:
    """The field is a tuple of (text of ``first``, text of ``second``) pairs."""
    first_match, second_match = _FULLMATCH[first], _FULLMATCH[second]
    first_what, second_what = TERMINALS[first][1], TERMINALS[second][1]

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            raise _tuple_error(_where(instance, attribute), value)
        if len(value) < min_size:
            raise ValueError(f"{_where(instance, attribute)} must hold at least {min_size}, got ()")
        for index, pair in enumerate(value):
            if type(pair) is not tuple or len(pair) != 2:
                where = _where(instance, attribute, index)
                raise TypeError(f"{where} must be a (name, value) tuple, got {_shown(pair)}")
            name, text = pair
            if not (isinstance(name, str) and first_match(name) is not None):
                raise _text_error(_where(instance, attribute, index) + "[0]", name, first_what)
            if text is None and second_optional:
                continue
            if not (isinstance(text, str) and second_match(text) is not None):
                where = _where(instance, attribute, index) + "[1]"
                raise _text_error(where, text, second_what, second_optional)

    return check


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def _instance(cls: type, *, optional: bool = False) -> _Validator:
    """The field is an instance of ``cls`` (None too when ``optional``)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, cls) or (value is None and optional):
            return
        kind = f"{_a(cls.__name__)} or None" if optional else _a(cls.__name__)
        where = _where(instance, attribute)
        raise TypeError(f"{where} must be {kind}, got {type(value).__name__} {_shown(value)}")

    return check


def _instances(cls: type, *, min_size: int = 0) -> _Validator:
    """The field is a tuple of instances of ``cls``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            raise _tuple_error(_where(instance, attribute), value)
        if len(value) < min_size:
            raise ValueError(f"{_where(instance, attribute)} must hold at least {min_size}, got ()")
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                where = _where(instance, attribute, index)
                hint = ""
                if isinstance(item, tuple):
                    # with_attributes(*values) takes the values themselves, not a tuple of them.
                    hint = " (pass the values themselves: with_attributes(*values))"
                raise TypeError(
                    f"{where} must be {_a(cls.__name__)}, got {type(item).__name__} "
                    f"{_shown(item)}{hint}"
                )

    return check


E = TypeVar("E", bound=StrEnum)


def _member(enum: type[E], value: object, where: str, source: str) -> E:
    """``value`` as a member of ``enum``: a member, or a str equal to one of its values."""
    if isinstance(value, enum):
        return value
    names = ", ".join(enum)
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
        raise ValueError(f"{where} must be one of {names} ({source}), got {_shown(value)}")
    raise TypeError(f"{where} must be a {enum.__name__} ({names}), got {_shown(value)}")


# The converters of the enum fields (named functions, as attrs' mypy plugin wants them).


def _setup_role(value: str) -> SetupRole:
    return _member(SetupRole, value, "Setup.role", "RFC 4145, 4")


def _direction(value: str) -> MediaDirection:
    return _member(MediaDirection, value, "Direction.direction", "RFC 8866, 6.7")


def _extmap_direction(value: str | None) -> MediaDirection | None:
    if value is None:
        return None
    return _member(MediaDirection, value, "Extmap.direction", "RFC 8285, 8")


MAX_PORT = 65535
MAX_PAYLOAD_TYPE = 127
MAX_UINT32 = 2**32 - 1
MAX_UINT64 = 2**64 - 1

#: RFC 3551, 3 (a 7-bit field); RFC 8866, 6.6: payload-type.
_PAYLOAD_TYPE = "an RTP payload type, RFC 3551, 3"
_PORT = "a port, RFC 8866, 5.14"


@attrs.frozen
class Line:
    """Base of every value that is one SDP line; caches the line's text.

    The parser stores the line it read; a value built in code formats its
    line on first use.  The cache is not part of equality, hashing or repr.
    """

    _sdp: str | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # canonical_line is format_line unless the class (or a base below Line)
        # has a spelling of its own to normalise: then it is the same function,
        # so canonical() pays no extra call a line.  An alias is told from an
        # own spelling by being that class's format_line.
        for klass in cls.__mro__:
            own = klass.__dict__.get("canonical_line")
            if own is None:
                continue
            if klass is Line or own is getattr(klass, "format_line", None):
                break
            return  # a spelling of its own, inherited as it is
        cls.canonical_line = cls.format_line  # type: ignore[method-assign]

    def format_line(self) -> str:
        """Format the line from the fields, ignoring the cache."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def canonical_line(self) -> str:
        """The line in sdpmodel's canonical spelling (``sdpmodel.canonical``, docs/sdp.md).

        Most values have one spelling, and this is ``format_line``; the few
        whose text may vary in meaningless ways (``a=fmtp`` spacing, hex
        case, ...) write their one canonical form.
        """
        return self.format_line()  # pragma: no cover - replaced in every subclass

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
        # NAME, not the name property: one lookup less a line (the classes
        # whose name is not NAME write their own line).
        value = self._format_value()
        return f"a={self.NAME}" if value is None else f"a={self.NAME}:{value}"

    @property
    def value(self) -> str | None:
        """The text after ``a=<name>:`` (None for an attribute without a value)."""
        return self._format_value()


_UNKNOWN_VALUE = _text("TEXT")
_UNKNOWN_NAME = _text("TOKEN")


@attrs.frozen
class UnknownAttribute(Attribute):
    """Any attribute sdpmodel has no type for, kept verbatim and in place.

    Built in code, the name must be a token that sdpmodel has no type for
    (``parse()`` reads ``a=rtpmap:...`` as an ``Rtpmap``, never as unknown),
    and the value, if any, text without CR, LF or NUL (RFC 8866, 5.13:
    ``attribute = (attribute-name ":" attribute-value) / attribute-name``);
    an empty value writes ``a=x-foo:``, which lenient parsing keeps.
    """

    attribute_name: str = attrs.field()
    attribute_value: str | None = attrs.field(default=None)

    @attribute_name.validator
    def _check_name(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        _UNKNOWN_NAME(self, attribute, value)
        typed = attribute_class(value)
        if typed is not None:
            raise ValueError(
                f"UnknownAttribute.attribute_name {value!r} is a typed attribute: parse() reads "
                f"a={value} as {typed.__name__}, so build {typed.__name__}(...) instead"
            )

    @attribute_value.validator
    def _check_value(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None or value == "":
            return
        _UNKNOWN_VALUE(self, attribute, value)

    @property
    def name(self) -> str:
        return self.attribute_name

    @classmethod
    def rule(cls) -> str | None:
        return None

    def _format_value(self) -> str | None:
        return self.attribute_value

    def format_line(self) -> str:
        value = self.attribute_value
        return f"a={self.attribute_name}" if value is None else f"a={self.attribute_name}:{value}"


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
    # RFC 8866, 6.6: payload-type = zero-based-integer (0-127); clock-rate and
    # encoding-params (channels) = integer, from 1.
    payload_type: int = attrs.field(validator=_integer(0, MAX_PAYLOAD_TYPE, _PAYLOAD_TYPE))
    encoding_name: str = attrs.field(validator=_text("TOKEN"))
    clock_rate: int = attrs.field(validator=_integer(1, MAX_UINT32, "RFC 8866, 6.6: clock-rate"))
    encoding_parameters: int | None = attrs.field(
        default=None,
        validator=_integer(1, MAX_UINT32, "RFC 8866, 6.6: channels", optional=True),
    )

    def _format_value(self) -> str:
        base = f"{self.payload_type} {self.encoding_name}/{self.clock_rate}"
        if self.encoding_parameters is None:
            return base
        return f"{base}/{self.encoding_parameters}"


#: What ``Fmtp.parameters`` trims (``str.strip``'s whitespace, which ``\s`` is);
#: text without it or an empty parameter is already in the canonical spelling.
_WHITESPACE = re.compile(r"\s").search


@attrs.frozen(cache_hash=True)  # hashed often: codec matching keys on them
class Fmtp(Attribute):
    """RFC 8866, 6.15: ``a=fmtp:<format> <format specific parameters>``.

    ``parameter_text`` is kept as written (``minptime=10;useinbandfec=1``,
    ``98/98`` for RED, ``0-15`` for telephone-event): the grammar of the
    parameters belongs to each codec.  ``parameters`` reads the common
    ``name=value;name=value`` form in order.
    """

    NAME: ClassVar[str] = "fmtp"
    # RFC 8866, 6.15: fmtp-value = fmt SP format-specific-params (byte-string).
    format: str = attrs.field(validator=_text("TOKEN"))
    parameter_text: str = attrs.field(validator=_text("TEXT"))

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

    def canonical_line(self) -> str:
        """``a=fmtp:<format> name=value;name=value``: no spaces, no empty parameters.

        RFC 8866, 6.15 leaves the parameters' syntax to each codec; the common
        ``name=value`` list, separated by ``;``, is written as browsers write
        it (``minptime=10;useinbandfec=1``), from ``parameters``, so it means
        the same.  Text with no parameter in it (``;``) is kept as it is.
        """
        text = self.parameter_text
        # The common case in a few C calls: no whitespace, no empty parameter.
        if _WHITESPACE(text) is not None or ";;" in text or text[0] == ";" or text[-1] == ";":
            tidy = ";".join(k if v is None else f"{k}={v}" for k, v in self.parameters)
            text = tidy or text
        return f"a=fmtp:{self.format} {text}"


@attrs.frozen(cache_hash=True)  # hashed often: codec matching keys on them
class RtcpFb(Attribute):
    """RFC 4585, 4.2: ``a=rtcp-fb:<payload type or *> <type> [<parameters>]``.

    ``payload_type`` is None for ``*`` (every format of the m-section).
    """

    NAME: ClassVar[str] = "rtcp-fb"
    # RFC 4585, 4.2: rtcp-fb-pt = "*" / fmt; rtcp-fb-id = 1*(alpha-numeric / "-" / "_").
    payload_type: int | None = attrs.field(
        validator=_integer(0, MAX_PAYLOAD_TYPE, _PAYLOAD_TYPE, optional=True)
    )
    feedback_type: str = attrs.field(validator=_text("RTCP_FB_ID"))
    parameters: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))

    def _format_value(self) -> str:
        pt = "*" if self.payload_type is None else str(self.payload_type)
        if self.parameters is None:
            return f"{pt} {self.feedback_type}"
        return f"{pt} {self.feedback_type} {self.parameters}"


#: RFC 8866, 5.7: a connection-address with its multicast /<ttl>[/<number of addresses>].
_CONNECTION_ADDRESS = re.compile(r"[^\x00-\x20\x7f/]+(?:/[0-9]+(?:/[0-9]+)?)?").fullmatch


@attrs.frozen
class Rtcp(Attribute):
    """RFC 3605, 2.1: ``a=rtcp:<port> [<nettype> <addrtype> <connection-address>]``.

    ``address`` is the connection-address as written, with the ``/<ttl>``
    of a multicast address when there is one.
    """

    NAME: ClassVar[str] = "rtcp"
    port: int = attrs.field(validator=_integer(0, MAX_PORT, "RFC 3605, 2.1: port"))
    nettype: str | None = attrs.field(default=None, validator=_text("TOKEN", optional=True))
    addrtype: str | None = attrs.field(default=None, validator=_text("TOKEN", optional=True))
    address: str | None = attrs.field(default=None)

    @address.validator
    def _check_address(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        # RFC 3605, 2.1: [nettype space addrtype space connection-address], all or none.
        given = (self.nettype is None, self.addrtype is None, value is None)
        if len(set(given)) != 1:
            raise ValueError(
                "Rtcp: nettype, addrtype and address are given together or not at all "
                f"(RFC 3605, 2.1), got {self.nettype!r}, {self.addrtype!r}, {value!r}"
            )
        if value is not None and (not isinstance(value, str) or _CONNECTION_ADDRESS(value) is None):
            what = "an address, then /<ttl>[/<number>] for multicast (RFC 8866, 5.7)"
            raise _text_error(_where(self, attribute), value, what, True)

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
    id: int = attrs.field()
    uri: str = attrs.field(validator=_text("NON_WS_STRING"))
    direction: MediaDirection | None = attrs.field(
        default=None,
        converter=_extmap_direction,
    )
    extension_attributes: str | None = attrs.field(
        default=None, validator=_text("TEXT", optional=True)
    )

    @id.validator
    def _check_id(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        # RFC 8285, 5: ids 1-14 (one-byte headers) and 1-255 (two-byte); 7:
        # 4096-4351 in an offer, for the answerer to remap.
        if type(value) is int and (1 <= value <= 255 or 4096 <= value <= 4351):
            return
        error = _int_error("Extmap.id", value, 1, 255, "RFC 8285, 5", False)
        if isinstance(error, ValueError):
            error = ValueError(
                f"Extmap.id must be 1 to 255, or 4096 to 4351 in an offer "
                f"(RFC 8285, 5 and 7), got {value}"
            )
        raise error

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

#: RFC 8839, 5.1 and RFC 6544: the transports and candidate types the RFCs name.
_TRANSPORTS = frozenset({"udp", "tcp"})
_CANDIDATE_TYPES = frozenset({"host", "srflx", "prflx", "relay"})


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
    # RFC 8839, 5.1; the words as the lenient grammar reads them (candidate_value).
    foundation: str = attrs.field(validator=_text("NON_WS_STRING"))
    # RFC 8445, 5.1.2.1: a component id is 1 to 256.
    component: int = attrs.field(validator=_integer(1, 256, "RFC 8445, 5.1.2.1: component-id"))
    transport: str = attrs.field(validator=_text("TOKEN"))
    priority: int = attrs.field(validator=_integer(0, MAX_UINT32, "RFC 8839, 5.1: priority"))
    address: str = attrs.field(validator=_text("ADDRESS"))
    port: int = attrs.field(validator=_integer(0, MAX_PORT, _PORT))
    type: str = attrs.field(validator=_text("TOKEN"))
    related_address: str | None = attrs.field(
        default=None, validator=_text("NON_WS_STRING", optional=True)
    )
    related_port: int | None = attrs.field(
        default=None, validator=_integer(0, MAX_PORT, _PORT, optional=True)
    )
    extensions: tuple[tuple[str, str], ...] = attrs.field(
        default=(), validator=_pairs("TOKEN", "NON_WS_STRING")
    )

    def __attrs_post_init__(self) -> None:
        # RFC 8839, 5.1: the pair right after the type is read as raddr, and the
        # next as rport; an extension of that name in that place would be read
        # back as the related address or port, a different value.
        if self.extensions and self.related_port is None:
            first = self.extensions[0][0]
            if first == "rport" or (first == "raddr" and self.related_address is None):
                raise ValueError(
                    f"Candidate: the extension {first!r} would be read back as the related "
                    "address or port (RFC 8839, 5.1): set related_address / related_port instead"
                )
        # RFC 6544, 4.5: tcp-type = "active" / "passive" / "so" (the builder refuses others).
        for key, value in self.extensions:
            if key == "tcptype" and value not in TCP_TYPES:
                raise ValueError(
                    "Candidate: tcptype must be active, passive or so (RFC 6544, 4.5), "
                    f"got {value!r}"
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

    def canonical_line(self) -> str:
        """The line with the transport and the candidate type in lower case, as browsers write them.

        RFC 8839, 5.1: transport = "UDP" / transport-extension (RFC 6544: "TCP")
        and candidate-types = "host" / "srflx" / "prflx" / "relay" / token are
        ABNF strings, so case-insensitive (RFC 5234, 2.3); libwebrtc writes
        ``udp`` and ``host``.  Other tokens are kept as written.
        """
        if self.transport.islower() and self.type.islower():
            return self.format_line()  # as browsers write them: nothing to lower
        transport, kind = self.transport.lower(), self.type.lower()
        if (transport == self.transport or transport not in _TRANSPORTS) and (
            kind == self.type or kind not in _CANDIDATE_TYPES
        ):
            return self.format_line()
        return attrs.evolve(
            self,
            transport=transport if transport in _TRANSPORTS else self.transport,
            type=kind if kind in _CANDIDATE_TYPES else self.type,
        ).format_line()

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
    ufrag: str = attrs.field(validator=_text("NON_WS_STRING"))

    def _format_value(self) -> str:
        return self.ufrag


@attrs.frozen
class IcePwd(Attribute):
    """RFC 8839, 5.4: ``a=ice-pwd:<password>`` (22 to 256 ice-chars)."""

    NAME: ClassVar[str] = "ice-pwd"
    password: str = attrs.field(validator=_text("NON_WS_STRING"))

    def _format_value(self) -> str:
        return self.password


@attrs.frozen
class IceOptions(Attribute):
    """RFC 8839, 5.6: ``a=ice-options:<tag> *(SP <tag>)`` (``trickle``, ``ice2``, ...)."""

    NAME: ClassVar[str] = "ice-options"
    options: tuple[str, ...] = attrs.field(validator=_texts("NON_WS_STRING", min_size=1))

    def _format_value(self) -> str:
        return " ".join(self.options)


@attrs.frozen
class IceLite(FlagAttribute):
    """RFC 8839, 5.3: ``a=ice-lite`` (session level)."""

    NAME: ClassVar[str] = "ice-lite"


# --- DTLS, SDES, identity ------------------------------------------------------


#: The IANA "Hash Function Textual Names" registry (RFC 8122, 5 and 8; RFC 5929 for the SHAKEs).
HASH_FUNCTIONS = frozenset(
    {"md2", "md5", "sha-1", "sha-224", "sha-256", "sha-384", "sha-512", "shake128", "shake256"}
)

_HEX_PAIRS = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*").fullmatch


@attrs.frozen
class Fingerprint(Attribute):
    """RFC 8122, 5: ``a=fingerprint:<hash function> <hex pairs joined by ':'>``."""

    NAME: ClassVar[str] = "fingerprint"
    hash_function: str = attrs.field(validator=_text("TOKEN"))
    fingerprint: str = attrs.field(validator=_text("NON_WS_STRING"))

    def _format_value(self) -> str:
        return f"{self.hash_function} {self.fingerprint}"

    def canonical_line(self) -> str:
        """A registered hash function in lower case, a hex digest in upper case.

        RFC 8122, 5: hash-func = "sha-1" / "sha-224" / "sha-256" / ... / token,
        ABNF strings and so case-insensitive (RFC 5234, 2.3), and the IANA
        "Hash Function Textual Names" registry lists them in lower case;
        fingerprint = 2UHEX *(":" 2UHEX), upper-case hex.  A name or digest
        of another shape (a placeholder such as ``-``) is kept as written.
        """
        name, digest = self.hash_function, self.fingerprint
        if not name.islower() and name.lower() in HASH_FUNCTIONS:
            name = name.lower()
        if not digest.isupper() and _HEX_PAIRS(digest) is not None:
            digest = digest.upper()
        return f"a=fingerprint:{name} {digest}"


@attrs.frozen
class Setup(Attribute):
    """RFC 4145, 4 and RFC 8842, 3: ``a=setup:active|passive|actpass|holdconn``."""

    NAME: ClassVar[str] = "setup"
    role: SetupRole = attrs.field(converter=_setup_role)

    def _format_value(self) -> str:
        return str(self.role)


@attrs.frozen
class TcpConnection(Attribute):
    """RFC 4145, 5: ``a=connection:new|existing``."""

    NAME: ClassVar[str] = "connection"
    # RFC 4145, 5: conn-value = "new" / "existing".
    state: str = attrs.field(validator=_one_of("new", "existing", source="RFC 4145, 5"))

    def _format_value(self) -> str:
        return self.state


@attrs.frozen
class TlsId(Attribute):
    """RFC 8842, 5: ``a=tls-id:<id>``."""

    NAME: ClassVar[str] = "tls-id"
    tls_id: str = attrs.field(validator=_text("TLS_ID"))

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
    tag: int = attrs.field(validator=_integer(0, 999999999, "RFC 4568, 9.1: tag = 1*9DIGIT"))
    suite: str = attrs.field(validator=_text("CRYPTO_SUITE"))
    key_params: str = attrs.field(validator=_text("NON_WS_STRING"))
    session_params: tuple[str, ...] = attrs.field(default=(), validator=_texts("NON_WS_STRING"))

    def _format_value(self) -> str:
        return " ".join((str(self.tag), self.suite, self.key_params, *self.session_params))


@attrs.frozen
class Identity(Attribute):
    """RFC 8827, 5: ``a=identity:<assertion> [<extensions>]``."""

    NAME: ClassVar[str] = "identity"
    assertion: str = attrs.field(validator=_text("BASE64"))
    extensions: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))

    def _format_value(self) -> str:
        if self.extensions is None:
            return self.assertion
        return f"{self.assertion} {self.extensions}"


# --- Grouping, identification, streams ----------------------------------------


@attrs.frozen
class Mid(Attribute):
    """RFC 5888, 4: ``a=mid:<identification-tag>``."""

    NAME: ClassVar[str] = "mid"
    # RFC 5888, 4: identification-tag = token; what browsers accept, any word (mid_value).
    mid: str = attrs.field(validator=_text("NON_WS_STRING"))

    def _format_value(self) -> str:
        return self.mid


@attrs.frozen
class Group(Attribute):
    """RFC 5888, 5: ``a=group:<semantics> *(SP <mid>)`` (BUNDLE, LS, FID, ...)."""

    NAME: ClassVar[str] = "group"
    semantics: str = attrs.field(validator=_text("TOKEN"))
    mids: tuple[str, ...] = attrs.field(default=(), validator=_texts("NON_WS_STRING"))

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
    stream_id: str = attrs.field(validator=_text("NON_WS_STRING"))
    track_id: str | None = attrs.field(
        default=None, validator=_text("NON_WS_STRING", optional=True)
    )

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
    semantic: str = attrs.field(validator=_text("TOKEN"))
    identifiers: tuple[str, ...] = attrs.field(default=(), validator=_texts("NON_WS_STRING"))
    leading_spaces: int = attrs.field(default=0, validator=_integer(0, 1024, "spaces"))
    trailing_spaces: int = attrs.field(default=0, validator=_integer(0, 1024, "spaces"))

    def _format_value(self) -> str:
        text = " ".join((self.semantic, *self.identifiers))
        return " " * self.leading_spaces + text + " " * self.trailing_spaces


@attrs.frozen
class Ssrc(Attribute):
    """RFC 5576, 4.1: ``a=ssrc:<ssrc-id> <attribute>[:<value>]`` (cname, msid, ...)."""

    NAME: ClassVar[str] = "ssrc"
    # RFC 5576, 4.1: ssrc-id = integer (32 bits); attribute = att-field [":" att-value].
    ssrc: int = attrs.field(validator=_integer(0, MAX_UINT32, "RFC 5576, 4.1: ssrc-id"))
    attribute: str = attrs.field(validator=_text("TOKEN"))
    attribute_value: str | None = attrs.field(default=None, validator=_text("TEXT", optional=True))

    def _format_value(self) -> str:
        if self.attribute_value is None:
            return f"{self.ssrc} {self.attribute}"
        return f"{self.ssrc} {self.attribute}:{self.attribute_value}"


@attrs.frozen
class SsrcGroup(Attribute):
    """RFC 5576, 4.2: ``a=ssrc-group:<semantics> *(SP <ssrc-id>)`` (FID, SIM, FEC-FR)."""

    NAME: ClassVar[str] = "ssrc-group"
    semantics: str = attrs.field(validator=_text("TOKEN"))
    ssrcs: tuple[int, ...] = attrs.field(
        default=(), validator=_integers(0, MAX_UINT32, "RFC 5576, 4.2: ssrc-id")
    )

    def _format_value(self) -> str:
        return " ".join((self.semantics, *map(str, self.ssrcs)))


# --- Simulcast ----------------------------------------------------------------


def _empty_as_none(pairs: Any) -> Any:
    """(name, "") as (name, None), for a check that takes None; anything else as it is."""
    if type(pairs) is not tuple:
        return pairs
    return tuple(
        (p[0], None) if type(p) is tuple and len(p) == 2 and p[1] == "" else p for p in pairs
    )


@attrs.frozen
class Rid(Attribute):
    """RFC 8851, 10: ``a=rid:<rid-id> send|recv [pt=<fmt list>][;<restriction>]*``.

    ``parameters`` keeps the ``;``-separated (name, value) pairs in order,
    ``pt`` included; the properties read them.
    """

    NAME: ClassVar[str] = "rid"
    rid: str = attrs.field(validator=_text("RID_ID"))
    # RFC 8851, 10: rid-dir = %s"send" / %s"recv".
    direction: str = attrs.field(validator=_one_of("send", "recv", source="RFC 8851, 10"))
    parameters: tuple[tuple[str, str | None], ...] = attrs.field(default=())

    @parameters.validator
    def _check_parameters(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        # RFC 8851, 10: rid-param = name [ "=" param-val ]; param-val = *( %x20-3A /
        # %x3C-7E ), so it may be empty: ("max-fps", "") writes "max-fps=".
        _pairs("RID_PARAMETER_NAME", "RID_PARAMETER_VALUE", second_optional=True)(
            self, attribute, _empty_as_none(value)
        )

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

    rid: str = attrs.field(validator=_text("RID_ID"))
    paused: bool = attrs.field(default=False, validator=_flag)

    def __str__(self) -> str:
        return f"~{self.rid}" if self.paused else self.rid


def _streams(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A direction of ``a=simulcast``: a tuple of streams, each a tuple of ``SimulcastId``."""
    if type(value) is not tuple:
        raise _tuple_error(_where(instance, attribute), value)
    for index, alternatives in enumerate(value):
        if type(alternatives) is not tuple:
            raise _tuple_error(_where(instance, attribute, index), alternatives)
        for rid in alternatives:
            if not isinstance(rid, SimulcastId):
                where = _where(instance, attribute, index)
                raise TypeError(f"{where} must hold SimulcastId values, got {_shown(rid)}")


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
    send: tuple[tuple[SimulcastId, ...], ...] = attrs.field(default=(), validator=_streams)
    recv: tuple[tuple[SimulcastId, ...], ...] = attrs.field(default=(), validator=_streams)
    recv_first: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        # RFC 8853, 5.1: sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send]);
        # sc-str-list and sc-alt-list are never empty.
        if not self.send and not self.recv:
            raise ValueError("Simulcast needs a send or a recv direction (RFC 8853, 5.1)")
        if not all(self.send) or not all(self.recv):
            raise ValueError("Simulcast: each stream needs at least one rid (RFC 8853, 5.1)")
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


def _imageattr_list() -> Callable[[str], object]:
    """RFC 6236, 3.1: attr-list = ( set *(1*WSP set) ) / "*", as imageattr_list (one space)."""
    xy = r"(?:[0-9]+|\[[0-9]+:[0-9]+(?::[0-9]+)?\]|\[[0-9]+(?:,[0-9]+)+\])"
    number = r"[0-9]+(?:\.[0-9]+)?"
    value = rf"(?:{number}|\[{number}-{number}\]|\[{number}(?:,{number})+\])"
    one_set = rf"\[x={xy},y={xy}(?:,(?:sar|par|q)={value})*\]"
    return re.compile(rf"\*|{one_set}(?: {one_set})*").fullmatch


_IMAGEATTR_LIST = _imageattr_list()


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
    payload_type: str = attrs.field(validator=_text("IMAGEATTR_PT"))
    directions: tuple[tuple[str, str], ...] = attrs.field()

    @directions.validator
    def _check_directions(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        # RFC 6236, 3.1: 1*2( 1*WSP ( "send" / "recv" ) 1*WSP attr-list ), each direction once.
        if type(value) is not tuple:
            raise _tuple_error("Imageattr.directions", value)
        if not 1 <= len(value) <= 2:
            raise ValueError(f"Imageattr.directions must hold one or two, got {len(value)}")
        for index, pair in enumerate(value):
            if type(pair) is not tuple or len(pair) != 2 or pair[0] not in ("send", "recv"):
                raise ValueError(
                    f"Imageattr.directions[{index}] must be ('send' or 'recv', attr-list), "
                    f"got {_shown(pair)}"
                )
            if not isinstance(pair[1], str) or _IMAGEATTR_LIST(pair[1]) is None:
                what = "'*' or [x=...,y=...] sets joined by one space (RFC 6236, 3.1: attr-list)"
                raise _text_error(f"Imageattr.directions[{index}][1]", pair[1], what)
        if len(value) == 2 and value[0][0] == value[1][0]:
            raise ValueError(f"Imageattr: {value[0][0]} twice (RFC 6236, 3.1: each direction once)")

    def _format_value(self) -> str:
        return " ".join((self.payload_type, *(f"{d} {a}" for d, a in self.directions)))


# --- Data channels ---------------------------------------------------------------


@attrs.frozen
class SctpPort(Attribute):
    """RFC 8841, 5: ``a=sctp-port:<port>``."""

    NAME: ClassVar[str] = "sctp-port"
    port: int = attrs.field(validator=_integer(0, MAX_PORT, "RFC 8841, 5: an SCTP port"))

    def _format_value(self) -> str:
        return str(self.port)


@attrs.frozen
class MaxMessageSize(Attribute):
    """RFC 8841, 6: ``a=max-message-size:<bytes>`` (0: no limit)."""

    NAME: ClassVar[str] = "max-message-size"
    size: int = attrs.field(validator=_integer(0, MAX_UINT64, "RFC 8841, 6: bytes"))

    def _format_value(self) -> str:
        return str(self.size)


@attrs.frozen
class Sctpmap(Attribute):
    """draft-ietf-mmusic-sctp-sdp-05 (legacy): ``a=sctpmap:<port> <app> [<streams>]``."""

    NAME: ClassVar[str] = "sctpmap"
    number: int = attrs.field(validator=_integer(0, MAX_PORT, "an SCTP port"))
    app: str = attrs.field(validator=_text("TOKEN"))
    streams: int | None = attrs.field(
        default=None, validator=_integer(0, MAX_PORT, "streams", optional=True)
    )

    def _format_value(self) -> str:
        if self.streams is None:
            return f"{self.number} {self.app}"
        return f"{self.number} {self.app} {self.streams}"


# --- Media flow and description -------------------------------------------------


@attrs.frozen
class Direction(Attribute):
    """RFC 8866, 6.7: ``a=sendrecv``, ``a=sendonly``, ``a=recvonly``, ``a=inactive``."""

    direction: MediaDirection = attrs.field(converter=_direction)

    @property
    def name(self) -> str:
        return str(self.direction)

    def format_line(self) -> str:
        return f"a={self.direction}"

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

    text: str = attrs.field(validator=_text("DECIMAL"))

    @property
    def number(self) -> float:
        return float(self.text)

    def _format_value(self) -> str:
        return self.text

    def canonical_line(self) -> str:
        """The number as RFC 8866, 9 spells it: no leading zeros, no trailing fraction zeros.

        non-zero-int-or-real = integer / non-zero-real; non-zero-real =
        zero-based-integer "." *DIGIT POS-DIGIT: so ``20.0`` is ``20`` and
        ``020.50`` is ``20.5`` (the same ``number``).
        """
        whole, _, fraction = self.text.partition(".")
        whole = whole.lstrip("0") or "0"
        fraction = fraction.rstrip("0")
        return f"a={self.NAME}:{whole}.{fraction}" if fraction else f"a={self.NAME}:{whole}"


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
    label: str = attrs.field(validator=_text("TOKEN"))

    def _format_value(self) -> str:
        return self.label


@attrs.frozen
class Content(Attribute):
    """RFC 4796, 4: ``a=content:<tag>[,<tag>...]`` (slides, speaker, main, sl, alt)."""

    NAME: ClassVar[str] = "content"
    values: tuple[str, ...] = attrs.field(validator=_texts("TOKEN", min_size=1))

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
