"""Hypothesis strategies for SDP: text derived from the grammar, and models that round-trip.

Two families, for two kinds of test (see STYLE.md, "What we take", 8):

**Text from the grammar.**  ``sdp_text()``, ``field_text()``,
``attribute_text()`` and ``rule_text()`` draw strings from the rules of
``grammar/sdp.lark`` with :func:`hypothesis.extra.lark.from_lark`.  They are
in the grammar's language, so they are what a parser must handle; they are
*not* all valid SDP: the grammar leaves number ranges and leading zeros to the
builders, so ``parse()`` may still reject some of them with an ``RTCError``.
Use them to check that your code accepts what the grammar accepts, and fails
cleanly on the rest.

**Models that round-trip.**  ``attributes()``, ``candidates()``,
``media_descriptions()``, ``session_descriptions()`` and
``webrtc_session_descriptions()`` build the attrs values of ``sdpmodel`` with
``st.builds``, each field drawn from a strategy that satisfies its grammar
terminal and its builder's limits.  Every value ``v`` they produce satisfies
``parse(v.to_sdp()) == v`` (``parse_attribute`` / ``parse_candidate`` for
single lines), ``from_fields(v) == v.to_sdp()`` (``sdpmodel.serialize``) and
``canonical(parse(canonical(v))) == canonical(v)``; ``canonical(v)`` may
differ from ``v.to_sdp()`` where the drawn spelling is not the canonical
one (``a=fmtp`` spaces, ``UDP``).  ``webrtc_session_descriptions()``
goes further: browser-shaped offers and answers (BUNDLE, mids, ICE and DTLS
attributes, an rtpmap for every payload type) that also pass
``parse(text, strict=True)`` and ``validate()``, for negotiation tests.

.. warning::

    This module needs Hypothesis (``pip install sdpmodel[testing]``).  The
    library itself never imports it.

Only this package and the tests import Hypothesis (DESIGN.md, hard rules).
Lark is imported here only to hand the grammar to ``from_lark``; parsing stays
in ``sdpmodel._grammar`` and ``sdpmodel._parser``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, TypeVar, cast

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.extra.lark import from_lark
from lark import Lark

from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import (
    ATTRIBUTE_CLASSES,
    Attribute,
    Candidate,
    Content,
    Crypto,
    Direction,
    EndOfCandidates,
    Extmap,
    ExtmapAllowMixed,
    Fingerprint,
    FlagAttribute,
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
    RtcpMux,
    RtcpRsize,
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
    attribute_class,
)
from sdpmodel.enums import MediaDirection, SetupRole
from sdpmodel.model import (
    Bandwidth,
    Connection,
    Key,
    MediaDescription,
    Origin,
    Repeat,
    SessionDescription,
    TimeZones,
    Timing,
)

__all__ = [
    "attribute_text",
    "attributes",
    "candidates",
    "field_text",
    "media_descriptions",
    "rule_text",
    "sdp_text",
    "session_descriptions",
    "terminal_text",
    "typed_attributes",
    "unknown_attributes",
    "webrtc_session_descriptions",
]

A = TypeVar("A", bound=Attribute)

MAX_PORT: Final = 65535
MAX_PAYLOAD_TYPE: Final = 127
MAX_UINT32: Final = 2**32 - 1
MAX_UINT64: Final = 2**64 - 1

#: RFC 8839: ice-char = ALPHA / DIGIT / "+" / "/".
_ICE_CHARS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

#: What text is drawn from: any Unicode scalar value that UTF-8 can encode
#: (no lone surrogates), as ``from_lark`` does by default.
_ALPHABET: Final = st.characters(codec="utf-8")


# ---------------------------------------------------------------------------
# Grammar terminals
# ---------------------------------------------------------------------------

# Hypothesis' st.from_regex is general and slow (about 2 ms a draw here).
# Most terminals of sdp.lark have one of three simple shapes, drawn directly
# with the same language:
#
# * a literal ("v=", "typ", ":"): st.just;
# * a choice of words, (?:actpass|active|...): st.sampled_from;
# * one character class repeated, [...]+ or [...]{m,n}: st.text over the same
#   characters.  The class may only use ASCII characters and punctuation
#   escapes (\- \/ ...), so that the characters it matches outside ASCII are
#   decided by its negation alone.
#
# Each shape may end with a lookahead, (?![^ ]) "the word ends at a space",
# which a string that fully matches the terminal satisfies at its end.  The
# rest (DECIMAL, PROTO, FINGERPRINT ...) go to st.from_regex.
_LOOKAHEAD = r"(?:\(\?!\[\^[^\]]*\]\))?"
_REPEATED_CLASS = re.compile(
    r"\[(\^?)((?:[\x00-\x5b\x5e-\x7f]|\\[^0-9A-Za-z])+)\](\+|\{(\d+),(\d+)\})" + _LOOKAHEAD
)
_WORDS = re.compile(r"(?:\(\?:)?([A-Za-z0-9-]+(?:\|[A-Za-z0-9-]+)*)\)?" + _LOOKAHEAD)


def _class_text(pattern: str) -> st.SearchStrategy[str] | None:
    match = _REPEATED_CLASS.fullmatch(pattern)
    if match is None:
        return None
    negated, body, repeat, low, high = match.groups()
    one = re.compile(f"[{negated}{body}]")
    alphabet: st.SearchStrategy[str] | list[str]
    if negated:
        excluded = [chr(c) for c in range(128) if not one.fullmatch(chr(c))]
        alphabet = st.characters(codec="utf-8", exclude_characters=excluded)
    else:
        alphabet = [chr(c) for c in range(128) if one.fullmatch(chr(c))]
    if repeat == "+":
        return st.text(alphabet, min_size=1)
    return st.text(alphabet, min_size=int(low), max_size=int(high))


def _fast_terminal(name: str) -> st.SearchStrategy[str] | None:
    """The terminal drawn without st.from_regex, or None when its shape is not a simple one."""
    literal = GRAMMAR.terminal_literal.get(name)
    if literal is not None:
        return st.just(literal)
    pattern = GRAMMAR.terminal_regex[name]
    words = _WORDS.fullmatch(pattern)
    if words is not None:
        choices = words.group(1).split("|")
        return st.just(choices[0]) if len(choices) == 1 else st.sampled_from(choices)
    return _class_text(pattern)


@functools.cache
def _terminal(name: str) -> st.SearchStrategy[str]:
    fast = _fast_terminal(name)
    if fast is not None:
        return fast
    return st.from_regex(GRAMMAR.terminal_regex[name], fullmatch=True, alphabet=_ALPHABET)


def terminal_text(name: str) -> st.SearchStrategy[str]:
    """A strategy for strings that fully match the grammar terminal ``name``.

    ``name`` is a terminal of ``grammar/sdp.lark`` such as ``"TOKEN"``,
    ``"NON_WS_STRING"`` or ``"ICE_UFRAG"``; the strings are exactly those
    that fully match the terminal's regular expression.  Literals, choices of
    words and repeated character classes are drawn directly (``st.just``,
    ``st.sampled_from``, ``st.text``), the rest with ``st.from_regex``.

    Raises ``InvalidArgument`` for an unknown name.
    """
    if name not in GRAMMAR.terminal_regex:
        raise InvalidArgument(f"{name!r} is not a terminal of sdp.lark")
    return _terminal(name)


def _digits() -> st.SearchStrategy[str]:
    """DIGITS, mostly as numbers the builders keep (1-127, no leading zero), sometimes anything.

    The grammar says ``[0-9]+``; the builders refuse leading zeros and
    out-of-range values (payload type 0-127, port 0-65535, extmap id 1-255).
    Mostly small canonical numbers keep most generated lines valid; the
    other branches keep zero, large values and leading zeros in play.
    """
    canonical = st.integers(min_value=1, max_value=MAX_PAYLOAD_TYPE).map(str)
    edges = st.sampled_from(("0", "9", "5000", "65535", "4294967295", "18446744073709551615"))
    return st.one_of(canonical, canonical, canonical, canonical, edges, _terminal("DIGITS"))


# ---------------------------------------------------------------------------
# Text from the grammar (from_lark)
# ---------------------------------------------------------------------------

# Typed attribute lines, joined to stage 1: besides the generic
# "a=<token>[:<value>]", an a= line may be one of the typed attributes with a
# value drawn from its stage-2 rule.  Three groups, so that typed lines are
# most of the a= lines (each alternative of a rule is drawn equally often).
_TYPED_GROUPS: Final = {
    "rtp": (
        "rtpmap",
        "fmtp",
        "rtcp-fb",
        "rtcp",
        "extmap",
        "ssrc",
        "ssrc-group",
        "rid",
        "simulcast",
        "imageattr",
        "ptime",
        "maxptime",
        "framerate",
        "msid",
    ),
    "transport": (
        "candidate",
        "ice-ufrag",
        "ice-pwd",
        "ice-options",
        "fingerprint",
        "setup",
        "connection",
        "tls-id",
        "crypto",
        "identity",
        "sctp-port",
        "max-message-size",
        "sctpmap",
    ),
}


def _typed_extension() -> str:
    """Grammar text that adds the typed attributes as alternatives of ``attribute_field``."""
    groups: dict[str, list[str]] = {"rtp": [], "transport": [], "other": []}
    for cls in ATTRIBUTE_CLASSES:
        rule = cls.rule()
        for name in cls.names():
            group = next((g for g, names in _TYPED_GROUPS.items() if name in names), "other")
            groups[group].append(f'"{name}:" {rule}' if rule else f'"{name}"')
    lines = [f"_typed_{group}: " + "\n    | ".join(alts) for group, alts in groups.items()]
    lines.append("%extend attribute_field: " + " | ".join(f"_typed_{g}" for g in groups))
    return "\n".join(lines) + "\n"


@functools.cache
def _generator(typed_attributes: bool) -> Lark:
    """The grammar as a Lark object for ``from_lark`` (Earley: only its rules are read)."""
    text = GRAMMAR.text
    if typed_attributes:
        text += "\n" + _typed_extension()
    return Lark(text, start="session")


def _reachable_terminals(grammar: Lark, start: str) -> set[str]:
    terminals, rules, _ignore = grammar.grammar.compile([start], ())
    names = {t.name for t in terminals}
    for rule in rules:
        names.update(s.name for s in rule.expansion if s.is_term)
    return names


@functools.cache
def _from_grammar(start: str, typed_attributes: bool = False) -> st.SearchStrategy[str]:
    grammar = _generator(typed_attributes)
    reachable = _reachable_terminals(grammar, start)
    # from_lark draws every terminal with st.from_regex; hand it the faster
    # equivalents (the same strings) where there is one.
    explicit = {
        name: _terminal(name)
        for name in GRAMMAR.terminal_regex
        if name in reachable and _fast_terminal(name) is not None
    }
    if "DIGITS" in reachable:
        explicit["DIGITS"] = _digits()
    return from_lark(grammar, start=start, explicit=explicit)


def rule_text(rule: str) -> st.SearchStrategy[str]:
    """A strategy for strings in the language of one rule of ``grammar/sdp.lark``.

    ``rule`` is any rule of the grammar: a line field (``"origin_field"``), an
    attribute value (``"rtpmap_value"``), a strict twin
    (``"strict_ice_ufrag_value"``), a part of one (``"imageattr_list"``) or
    ``"session"``.  Strings come from :func:`~hypothesis.extra.lark.from_lark`,
    each terminal drawn as :func:`terminal_text` draws it, but numbers
    (``DIGITS``) mostly canonical (small, no leading zeros) and sometimes any
    digit string, so that most drawn values also pass the builders' range
    checks.

    Raises ``InvalidArgument`` for an unknown rule.
    """
    if rule not in GRAMMAR.rule_trees:
        raise InvalidArgument(f"{rule!r} is not a rule of sdp.lark")
    return _from_grammar(rule)


def field_text(letter: str, *, strict: bool = False) -> st.SearchStrategy[str]:
    """A strategy for the value of one SDP line type (the text after ``<letter>=``).

    ``letter`` is one of the RFC 8866 line types ``v o s i u e p c b t r z k a m``;
    ``"o"`` draws from ``origin_field``, ``"a"`` from the generic
    ``attribute_field`` (``<name>[:<value>]``).

    ``strict`` draws from the rule's ``strict_`` twin when the grammar has one
    (the RFC's narrower syntax, as ``parse(strict=True)`` checks it; for
    example a non-empty ``s=``); otherwise it changes nothing.

    Raises ``InvalidArgument`` for any other letter.
    """
    rule = GRAMMAR.field_rule.get(letter)
    if rule is None:
        raise InvalidArgument(f"{letter!r} is not an SDP line type (v o s i u e p c b t r z k a m)")
    if strict:
        rule = GRAMMAR.strict_twin(rule) or rule
    return _from_grammar(rule)


def attribute_text(name: str, *, strict: bool = False) -> st.SearchStrategy[str]:
    """A strategy for the value of one typed attribute: the text after ``a=<name>:``.

    ``name`` is an attribute that sdpmodel types and that takes a value, as
    written in SDP (``"rtpmap"``, ``"ice-ufrag"``, ``"candidate"``); its
    strings come from the grammar rule ``<name>_value``.  For example
    ``"candidate:" + text`` is what ``parse_candidate`` takes, and
    ``f"a={name}:{text}"`` is an ``a=`` line.

    ``strict`` draws from ``strict_<name>_value`` when the grammar has one
    (RFC 8839 ice-chars for ``ice-ufrag``, upper-case hex for
    ``fingerprint``, ...); otherwise it changes nothing.

    Raises ``InvalidArgument`` for a name sdpmodel does not type, and for an
    attribute that takes no value (``rtcp-mux``, ``sendrecv``, ...).
    """
    cls = attribute_class(name)
    if cls is None:
        raise InvalidArgument(f"a={name} is not a typed attribute of sdpmodel")
    rule = cls.rule()
    if rule is None:
        raise InvalidArgument(f"a={name} takes no value")
    if strict:
        rule = GRAMMAR.strict_twin(rule) or rule
    return _from_grammar(rule)


def sdp_text(*, typed_attributes: bool = True) -> st.SearchStrategy[str]:
    """A strategy for whole session descriptions from the grammar's ``session`` rule.

    Every string has the line structure of RFC 8866 (``v= o= s=`` ... ``t=``
    ... ``m=`` sections, each line ending with CRLF), and every line matches
    its ``*_field`` rule.  ``parse()`` either accepts a string, and then
    ``parse(text).to_sdp() == text``, or raises ``RTCError`` (a number out of
    range, a leading zero where a number is kept, a malformed typed
    attribute).

    ``typed_attributes`` (default True) joins the two stages of the grammar:
    most ``a=`` lines are then a typed attribute (``a=rtpmap:``,
    ``a=candidate:``, ``a=rtcp-mux``, ...) with a value drawn from its
    ``<name>_value`` rule.  With False every ``a=`` line comes from the generic
    ``attribute_field`` rule, so nearly all are unknown attributes.
    """
    return _from_grammar("session", typed_attributes)


# ---------------------------------------------------------------------------
# Field strategies: what each model field may hold and still round-trip
# ---------------------------------------------------------------------------


def _uint(high: int, low: int = 0) -> st.SearchStrategy[int]:
    return st.integers(min_value=low, max_value=high)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _tuples(
    strategy: st.SearchStrategy[Any], *, min_size: int = 0, max_size: int = 4
) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def _token() -> st.SearchStrategy[str]:
    return _terminal("TOKEN")


def _non_ws() -> st.SearchStrategy[str]:
    return _terminal("NON_WS_STRING")


def _text() -> st.SearchStrategy[str]:
    """byte-string of RFC 8866 (TEXT, ATTRIBUTE_VALUE, FORMAT_PARAMETERS ...: no NUL, CR, LF)."""
    return _terminal("TEXT")


# --- attributes -----------------------------------------------------------------


def _simulcast_streams() -> st.SearchStrategy[tuple[tuple[SimulcastId, ...], ...]]:
    rid = st.builds(SimulcastId, _terminal("RID_ID"), st.booleans())
    return _tuples(_tuples(rid, min_size=1, max_size=3), min_size=1, max_size=3)


def _simulcast() -> st.SearchStrategy[Simulcast]:
    # recv_first records the order the line was written in: it is True when
    # only recv is present and False when only send is (simulcast_value).
    streams = _simulcast_streams()
    return st.one_of(
        st.builds(Simulcast, send=streams, recv_first=st.just(False)),
        st.builds(Simulcast, recv=streams, recv_first=st.just(True)),
        st.builds(Simulcast, send=streams, recv=streams, recv_first=st.booleans()),
    )


def _imageattr() -> st.SearchStrategy[Imageattr]:
    # RFC 6236, 3.1: one or two directions, each at most once.
    lists = _from_grammar("imageattr_list")
    direction = st.sampled_from(("send", "recv"))
    one = st.tuples(st.tuples(direction, lists))
    two = st.tuples(direction, lists, lists).map(
        lambda t: ((t[0], t[1]), ("recv" if t[0] == "send" else "send", t[2]))
    )
    return st.builds(Imageattr, _terminal("IMAGEATTR_PT"), one | two)


def _rtcp() -> st.SearchStrategy[Rtcp]:
    # RFC 3605, 2.1: the address part is all there or not at all; the address
    # is an SDP connection-address, kept as written with its /<ttl>[/<number>].
    port = _uint(MAX_PORT)
    suffix = st.sampled_from(("", "/127", "/127/3"))
    address = st.builds(str.__add__, _terminal("ADDRESS"), suffix)
    return st.builds(Rtcp, port) | st.builds(Rtcp, port, _token(), _token(), address)


#: RFC 6544, 4.5: tcp-type = "active" / "passive" / "so".
_TCP_TYPES: Final = ("active", "passive", "so")


def _candidate_extensions() -> st.SearchStrategy[tuple[str, str]]:
    # raddr and rport right after the type are the related address and port
    # (candidate_value), so they are no extension names here; tcptype takes
    # one of the RFC 6544 types.
    other = st.tuples(
        _token().filter(lambda name: name not in ("raddr", "rport", "tcptype")), _non_ws()
    )
    return other | st.tuples(st.just("tcptype"), st.sampled_from(_TCP_TYPES))


def _any_candidate() -> st.SearchStrategy[Candidate]:
    return st.builds(
        Candidate,
        foundation=_non_ws(),
        component=_uint(256, low=1),
        transport=_token(),
        priority=_uint(MAX_UINT32),
        address=_terminal("ADDRESS"),
        port=_uint(MAX_PORT),
        type=_token(),
        related_address=_optional(_non_ws()),
        related_port=_optional(_uint(MAX_PORT)),
        extensions=_tuples(_candidate_extensions()),
    )


# RFC 8445, 5.1.2.2: recommended type preferences.
_TYPE_PREFERENCE: Final = {"host": 126, "prflx": 110, "srflx": 100, "relay": 0}


class _Browser:
    """Strategies for browser-shaped values.

    Built once: a strategy made inside a draw is validated again on every draw.
    """

    transport = st.sampled_from(("udp", "tcp", "UDP", "TCP"))
    cand_type = st.sampled_from(tuple(_TYPE_PREFERENCE))
    component = st.sampled_from((1, 2))
    local_preference = st.integers(min_value=0, max_value=65535)
    tcp_type = st.sampled_from(_TCP_TYPES)
    port = st.integers(min_value=1024, max_value=MAX_PORT)
    any_port = st.integers(min_value=0, max_value=MAX_PORT)
    ip = st.ip_addresses().map(str)
    foundation = st.integers(min_value=0, max_value=MAX_UINT32).map(str)
    # RFC 8839, 5.4: 4-256 and 22-256 ice-chars; browsers use 4-16 and 22-24.
    ufrag = st.text(_ICE_CHARS, min_size=4, max_size=16)
    password = st.text(_ICE_CHARS, min_size=22, max_size=32)
    network_id = st.integers(min_value=1, max_value=10).map(str)
    network_cost = st.sampled_from(("10", "50", "999"))
    cname = st.text(_ICE_CHARS, min_size=16, max_size=16)
    ssrcs = st.lists(
        st.integers(min_value=1, max_value=MAX_UINT32), min_size=2, max_size=2, unique=True
    )
    direction = st.sampled_from(MediaDirection)
    msid = st.uuids().map(str)  # RFC 8830, 2: 1-64 token chars; browsers write UUIDs
    session_id = st.integers(min_value=0, max_value=2**63 - 1).map(str)


@st.composite
def _browser_candidate(draw: st.DrawFn, components: st.SearchStrategy[int]) -> Candidate:
    """A candidate as browsers write it (RFC 8839, 5.1; RFC 6544 for TCP)."""
    transport = draw(_Browser.transport)
    cand_type = draw(_Browser.cand_type)
    component: int = draw(components)
    # RFC 8445, 5.1.2.1: priority = 2^24 * type pref + 2^8 * local pref + (256 - component).
    local_preference = draw(_Browser.local_preference)
    priority = (_TYPE_PREFERENCE[cand_type] << 24) + (local_preference << 8) + 256 - component
    tcp_type = draw(_Browser.tcp_type)
    is_tcp = transport.lower() == "tcp"
    port = 9 if is_tcp and tcp_type == "active" else draw(_Browser.port)
    related_address = related_port = None
    if cand_type != "host":
        related_address = draw(_Browser.ip)
        related_port = draw(_Browser.any_port)
    extensions: list[tuple[str, str]] = []
    if is_tcp:
        extensions.append(("tcptype", tcp_type))
    if draw(st.booleans()):  # libwebrtc's extensions
        extensions.append(("generation", "0"))
        if draw(st.booleans()):
            extensions.append(("ufrag", draw(_Browser.ufrag)))
        extensions.append(("network-id", draw(_Browser.network_id)))
        extensions.append(("network-cost", draw(_Browser.network_cost)))
    return Candidate(
        foundation=draw(_Browser.foundation),
        component=component,
        transport=transport,
        priority=priority,
        address=draw(_Browser.ip),
        port=port,
        type=cand_type,
        related_address=related_address,
        related_port=related_port,
        extensions=tuple(extensions),
    )


def candidates(*, realistic: bool = False) -> st.SearchStrategy[Candidate]:
    """A strategy for ICE candidates (``a=candidate``, RFC 8839, 5.1) that round-trip.

    Every value ``c`` satisfies ``parse_candidate(c.sdp_line[2:]) == c``.

    ``realistic`` chooses the shape of the fields:

    * ``False`` (default): any text the grammar allows in each field (any
      foundation without spaces, any token as transport and type, any
      address without spaces or ``/``, any extension pairs), numbers over
      their whole range.  Good for testing that code copes with what a peer
      may legally send.
    * ``True``: what browsers send: ``udp``/``tcp``, ``host``/``srflx``/
      ``prflx``/``relay`` with ``raddr``/``rport`` for the non-host types, IP
      addresses, an RFC 8445 priority, ``tcptype`` for TCP, and Chrome's
      ``generation``/``ufrag``/``network-id``/``network-cost`` extensions.

    Extension names never include ``raddr`` or ``rport``: written after the
    type, those are read back as the related address and port.  A ``tcptype``
    extension is ``active``, ``passive`` or ``so`` (RFC 6544, 4.5).
    """
    return _browser_candidate(_Browser.component) if realistic else _any_candidate()


def _decimal(cls: type[A]) -> st.SearchStrategy[A]:
    return st.builds(cls, _terminal("DECIMAL"))


#: The strategy of each typed attribute class with a value.  A test fails when
#: a class in ATTRIBUTE_CLASSES has no entry (flags need none).
_VALUE_STRATEGIES: Final[dict[type[Attribute], Callable[[], st.SearchStrategy[Any]]]] = {
    # RFC 8866, 6.6: the clock rate and the channels are "integer", from 1.
    Rtpmap: lambda: st.builds(
        Rtpmap,
        _uint(MAX_PAYLOAD_TYPE),
        _terminal("ENCODING_NAME"),
        _uint(MAX_UINT32, low=1),
        _optional(_uint(MAX_UINT32, low=1)),
    ),
    Fmtp: lambda: st.builds(Fmtp, _token(), _terminal("FORMAT_PARAMETERS")),
    RtcpFb: lambda: st.builds(
        RtcpFb,
        _optional(_uint(MAX_PAYLOAD_TYPE)),
        _terminal("RTCP_FB_ID"),
        _optional(_terminal("RTCP_FB_PARAMETERS")),
    ),
    Rtcp: _rtcp,
    # RFC 8285, 5 and 7: ids 1-255, or 4096-4351 in an offer.
    Extmap: lambda: st.builds(
        Extmap,
        _uint(255, low=1) | _uint(4351, low=4096),
        _non_ws(),
        _optional(st.sampled_from(MediaDirection)),
        _optional(_terminal("EXTENSION_ATTRIBUTES")),
    ),
    Candidate: lambda: candidates() | candidates(realistic=True),
    IceUfrag: lambda: st.builds(IceUfrag, _non_ws()),
    IcePwd: lambda: st.builds(IcePwd, _non_ws()),
    IceOptions: lambda: st.builds(IceOptions, _tuples(_non_ws(), min_size=1)),
    Fingerprint: lambda: st.builds(Fingerprint, _token(), _non_ws()),
    Setup: lambda: st.builds(Setup, st.sampled_from(SetupRole)),
    TcpConnection: lambda: st.builds(TcpConnection, _terminal("CONNECTION_STATE")),
    TlsId: lambda: st.builds(TlsId, _terminal("TLS_ID")),
    Crypto: lambda: st.builds(
        Crypto,
        _uint(999999999),
        _terminal("CRYPTO_SUITE"),
        _non_ws(),
        _tuples(_non_ws()),
    ),
    Identity: lambda: st.builds(Identity, _terminal("BASE64"), _optional(_text())),
    Mid: lambda: st.builds(Mid, _non_ws()),
    Group: lambda: st.builds(Group, _token(), _tuples(_non_ws())),
    Msid: lambda: st.builds(Msid, _non_ws(), _optional(_non_ws())),
    MsidSemantic: lambda: st.builds(MsidSemantic, _token(), _tuples(_non_ws()), _uint(3), _uint(3)),
    Ssrc: lambda: st.builds(Ssrc, _uint(MAX_UINT32), _token(), _optional(_text())),
    SsrcGroup: lambda: st.builds(SsrcGroup, _token(), _tuples(_uint(MAX_UINT32))),
    Rid: lambda: st.builds(
        Rid,
        _terminal("RID_ID"),
        st.sampled_from(("send", "recv")),
        # RFC 8851, 10: param-val = *( %x20-3A / %x3C-7E ) may be empty.
        _tuples(
            st.tuples(
                _terminal("RID_PARAMETER_NAME"),
                _optional(st.just("") | _terminal("RID_PARAMETER_VALUE")),
            )
        ),
    ),
    Simulcast: _simulcast,
    Imageattr: _imageattr,
    SctpPort: lambda: st.builds(SctpPort, _uint(MAX_PORT)),
    MaxMessageSize: lambda: st.builds(MaxMessageSize, _uint(MAX_UINT64)),
    Sctpmap: lambda: st.builds(Sctpmap, _uint(MAX_PORT), _token(), _optional(_uint(MAX_PORT))),
    Direction: lambda: st.builds(Direction, st.sampled_from(MediaDirection)),
    Ptime: lambda: _decimal(Ptime),
    Maxptime: lambda: _decimal(Maxptime),
    Framerate: lambda: _decimal(Framerate),
    Label: lambda: st.builds(Label, _token()),
    Content: lambda: st.builds(Content, _tuples(_token(), min_size=1)),
}


def _typed(cls: type[Attribute]) -> st.SearchStrategy[Attribute]:
    if issubclass(cls, FlagAttribute):
        return st.builds(cls)
    make = _VALUE_STRATEGIES.get(cls)
    if make is None:
        raise InvalidArgument(f"sdpmodel.testing has no strategy for {cls.__name__}")
    return cast("st.SearchStrategy[Attribute]", make())


def typed_attributes(cls: type[A]) -> st.SearchStrategy[A]:
    """A strategy for values of one typed attribute class, such as ``Rtpmap``.

    ``cls`` is one of ``sdpmodel.attributes.ATTRIBUTE_CLASSES``.  Every value
    ``a`` satisfies ``parse_attribute(a.sdp_line) == a``: each field holds
    what its grammar terminal allows (tokens, ice-chars, text without CR, LF
    or NUL) and numbers lie in the builder's range.

    Raises ``InvalidArgument`` for ``UnknownAttribute`` (use
    :func:`unknown_attributes`) and for a class without a strategy.
    """
    if cls not in ATTRIBUTE_CLASSES:
        raise InvalidArgument(f"{cls!r} is not one of sdpmodel's typed attribute classes")
    return cast("st.SearchStrategy[A]", _typed(cls))


def _is_unknown_name(name: str) -> bool:
    return attribute_class(name) is None


def unknown_attributes() -> st.SearchStrategy[UnknownAttribute]:
    """A strategy for ``UnknownAttribute`` values: names sdpmodel does not type.

    The name is any RFC 8866 token that is not the name of a typed attribute
    (so it stays unknown when parsed back); the value is None (``a=<name>``)
    or any non-empty text without CR, LF or NUL (``a=<name>:<value>``).
    """
    return st.builds(
        UnknownAttribute,
        _token().filter(_is_unknown_name),
        _optional(_terminal("ATTRIBUTE_VALUE")),
    )


def attributes(
    *, classes: Iterable[type[Attribute]] | None = None, unknown: bool = True
) -> st.SearchStrategy[Attribute]:
    """A strategy for ``a=`` line values that round-trip, typed and unknown.

    ``classes`` limits the typed classes drawn from (default: every class in
    ``sdpmodel.attributes.ATTRIBUTE_CLASSES``, flags and directions included).
    Pass an empty iterable together with ``unknown=True`` for unknown
    attributes only.

    ``unknown`` (default True) also draws ``UnknownAttribute`` values (see
    :func:`unknown_attributes`).

    Every value ``a`` satisfies ``parse_attribute(a.sdp_line) == a``.
    """
    chosen = ATTRIBUTE_CLASSES if classes is None else tuple(classes)
    options: list[st.SearchStrategy[Attribute]] = [typed_attributes(cls) for cls in chosen]
    if unknown:
        options.append(unknown_attributes())
    if not options:
        raise InvalidArgument("attributes() needs at least one class, or unknown=True")
    return st.one_of(options)


def _default_attributes() -> st.SearchStrategy[Attribute]:
    # media_descriptions() and session_descriptions() name a parameter "attributes".
    return attributes()


# --- lines of stage 1 -------------------------------------------------------------


def _origins() -> st.SearchStrategy[Origin]:
    # sess-id and sess-version stay text (they may start with zeros).
    return st.builds(
        Origin,
        _non_ws(),
        _terminal("DIGITS"),
        _terminal("DIGITS"),
        _token(),
        _token(),
        _terminal("ADDRESS"),
    )


def _connections() -> st.SearchStrategy[Connection]:
    # c=<nettype> <addrtype> <address>[/<ttl>[/<number>]]: a count needs a TTL.
    head = (_token(), _token(), _terminal("ADDRESS"))
    return st.one_of(
        st.builds(Connection, *head),
        st.builds(Connection, *head, _uint(MAX_UINT32)),
        st.builds(Connection, *head, _uint(MAX_UINT32), _uint(MAX_UINT32)),
    )


def _bandwidths() -> st.SearchStrategy[Bandwidth]:
    return st.builds(Bandwidth, _token(), _uint(MAX_UINT64))


def _keys() -> st.SearchStrategy[Key]:
    return st.builds(Key, _token(), _optional(_text()))


def _timings() -> st.SearchStrategy[Timing]:
    typed_time = _terminal("TYPED_TIME")
    repeat = st.builds(Repeat, typed_time, typed_time, _tuples(typed_time, min_size=1, max_size=3))
    return st.builds(Timing, _uint(MAX_UINT64), _uint(MAX_UINT64), _tuples(repeat, max_size=2))


def _time_zones() -> st.SearchStrategy[TimeZones]:
    pair = st.tuples(_terminal("DIGITS"), _terminal("SIGNED_TYPED_TIME"))
    return st.builds(TimeZones, _tuples(pair, min_size=1, max_size=3))


def media_descriptions(
    *, attributes: st.SearchStrategy[Attribute] | None = None, max_attributes: int = 8
) -> st.SearchStrategy[MediaDescription]:
    """A strategy for m-sections (RFC 8866, 5.14) whose lines round-trip.

    The ``m=`` line has any token as media and formats, a port and port
    count in range and any ``proto``; ``i=``, ``c=``, ``b=`` and ``k=`` lines
    are present or not.

    ``attributes`` draws the ``a=`` lines (default :func:`attributes`: every
    typed class and unknown ones, in any order and any number of times).
    Pass for example ``attributes(classes=[Rtpmap, Fmtp])`` to focus.

    ``max_attributes`` (default 8) bounds the number of ``a=`` lines.

    A description holding the section, ``SessionDescription(media=(m,))``,
    satisfies ``parse(d.to_sdp()) == d``.
    """
    if max_attributes < 0:
        raise InvalidArgument(f"max_attributes={max_attributes} must be at least 0")
    attribute = _default_attributes() if attributes is None else attributes
    return st.builds(
        MediaDescription,
        media=_token(),
        port=_uint(MAX_PORT),
        protocol=_terminal("PROTO"),
        formats=_tuples(_token(), min_size=1, max_size=5),
        port_count=_optional(_uint(MAX_PORT)),
        information=_optional(_text()),
        connections=_tuples(_connections(), max_size=2),
        bandwidths=_tuples(_bandwidths(), max_size=2),
        key=_optional(_keys()),
        attributes=_tuples(attribute, max_size=max_attributes),
    )


def session_descriptions(
    *,
    media: st.SearchStrategy[MediaDescription] | None = None,
    attributes: st.SearchStrategy[Attribute] | None = None,
    max_media: int = 3,
    max_attributes: int = 6,
) -> st.SearchStrategy[SessionDescription]:
    """A strategy for whole session descriptions (RFC 8866, 5) that round-trip.

    Every field of the model may be drawn: ``v=`` any 32-bit version, an
    ``o=`` line of any tokens, ``s=`` (possibly empty, as the lenient grammar
    allows), the optional ``i= u= e= p= c= b=`` lines, one or more ``t=``
    lines with ``r=`` repeats, ``z=`` and ``k=``.  Every value ``d`` satisfies
    ``parse(d.to_sdp()) == d`` and ``from_fields(d) == d.to_sdp()``; it is
    syntax, not sense: ``parse(strict=True)`` and ``validate()`` may object
    (for sense, use :func:`webrtc_session_descriptions`).

    ``media`` draws the m-sections (default :func:`media_descriptions`).

    ``attributes`` draws the session-level ``a=`` lines (default
    :func:`attributes`).

    ``max_media`` (default 3) and ``max_attributes`` (default 6) bound the
    number of m-sections and of session-level ``a=`` lines.
    """
    if max_media < 0 or max_attributes < 0:
        raise InvalidArgument("max_media and max_attributes must be at least 0")
    attribute = _default_attributes() if attributes is None else attributes
    section = media_descriptions() if media is None else media
    return st.builds(
        SessionDescription,
        origin=_origins(),
        session_name=st.just("") | _text(),
        version=_uint(MAX_UINT32),
        information=_optional(_text()),
        uri=_optional(_text()),
        emails=_tuples(_text(), max_size=2),
        phones=_tuples(_text(), max_size=2),
        connection=_optional(_connections()),
        bandwidths=_tuples(_bandwidths(), max_size=2),
        times=_tuples(_timings(), min_size=1, max_size=2),
        time_zones=_optional(_time_zones()),
        key=_optional(_keys()),
        attributes=_tuples(attribute, max_size=max_attributes),
        media=_tuples(section, max_size=max_media),
    )


# ---------------------------------------------------------------------------
# WebRTC-shaped descriptions (what browsers write; JSEP, RFC 9429, 5.2 and 5.3)
# ---------------------------------------------------------------------------


@attrs.frozen
class _Codec:
    """One payload format as a browser offers it (Chrome's defaults)."""

    payload_type: int
    name: str
    clock_rate: int
    channels: int | None = None
    parameters: str | None = None
    feedback: tuple[str, ...] = ()
    rtx: int | None = None  # RFC 4588 retransmission payload type, for video

    def lines(self) -> list[Attribute]:
        out: list[Attribute] = [
            Rtpmap(self.payload_type, self.name, self.clock_rate, self.channels)
        ]
        for feedback in self.feedback:
            kind, _, parameters = feedback.partition(" ")
            out.append(RtcpFb(self.payload_type, kind, parameters or None))
        if self.parameters is not None:
            out.append(Fmtp(str(self.payload_type), self.parameters))
        if self.rtx is not None:
            out.append(Rtpmap(self.rtx, "rtx", self.clock_rate))
            out.append(Fmtp(str(self.rtx), f"apt={self.payload_type}"))
        return out

    @property
    def payload_types(self) -> tuple[int, ...]:
        return (self.payload_type,) if self.rtx is None else (self.payload_type, self.rtx)


_VIDEO_FEEDBACK: Final = ("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")

_AUDIO_CODECS: Final = (
    _Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", ("transport-cc",)),
    _Codec(63, "red", 48000, 2, "111/111"),
    _Codec(9, "G722", 8000),
    _Codec(0, "PCMU", 8000),
    _Codec(8, "PCMA", 8000),
    _Codec(13, "CN", 8000),
    _Codec(110, "telephone-event", 48000),
    _Codec(126, "telephone-event", 8000),
)

_VIDEO_CODECS: Final = (
    _Codec(96, "VP8", 90000, None, None, _VIDEO_FEEDBACK, rtx=97),
    _Codec(98, "VP9", 90000, None, "profile-id=0", _VIDEO_FEEDBACK, rtx=99),
    _Codec(
        102,
        "H264",
        90000,
        None,
        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
        _VIDEO_FEEDBACK,
        rtx=103,
    ),
    _Codec(45, "AV1", 90000, None, "level-idx=5;profile=0;tier=0", _VIDEO_FEEDBACK, rtx=46),
    _Codec(116, "red", 90000, rtx=117),
    _Codec(118, "ulpfec", 90000),
)

_AUDIO_EXTENSIONS: Final = (
    (1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
    (2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    (3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
    (4, "urn:ietf:params:rtp-hdrext:sdes:mid"),
)

_VIDEO_EXTENSIONS: Final = (
    (2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    (3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
    (4, "urn:ietf:params:rtp-hdrext:sdes:mid"),
    (9, "urn:ietf:params:rtp-hdrext:toffset"),
    (10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
    (11, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"),
    (13, "urn:3gpp:video-orientation"),
)

_KINDS: Final = ("audio", "video", "application")
_SDP_TYPES: Final = ("offer", "answer", "pranswer")
_ANY_ADDRESS: Final = "0.0.0.0"


@attrs.frozen
class _Transport:
    """The ICE and DTLS parameters shared by the m-sections of one description."""

    ufrag: str
    password: str
    fingerprint: str
    setup: SetupRole


#: RFC 8122, 5: a SHA-256 digest as upper-case hex pairs joined by ':'.
_FINGERPRINTS: Final = st.binary(min_size=32, max_size=32).map(lambda b: b.hex(":").upper())

#: RFC 8842, 5.2 and 5.3: an offer says actpass; an answer active or passive.
_ANSWER_ROLES: Final = st.sampled_from((SetupRole.ACTIVE, SetupRole.PASSIVE))
_SETUP_ROLES: Final = {
    None: st.sampled_from((SetupRole.ACTPASS, SetupRole.ACTIVE, SetupRole.PASSIVE)),
    "offer": st.just(SetupRole.ACTPASS),
    "answer": _ANSWER_ROLES,
    "pranswer": _ANSWER_ROLES,
}

_CODEC_LISTS: Final = {
    kind: st.lists(st.sampled_from(table), min_size=1, max_size=len(table), unique=True)
    for kind, table in (("audio", _AUDIO_CODECS), ("video", _VIDEO_CODECS))
}
_EXTENSION_LISTS: Final = {
    kind: st.lists(st.sampled_from(table), max_size=4, unique=True)
    for kind, table in (("audio", _AUDIO_EXTENSIONS), ("video", _VIDEO_EXTENSIONS))
}
# With a=rtcp-mux there is no RTCP component to gather (RFC 5761, 5.1.3).
_CANDIDATE_LISTS: Final = st.lists(_browser_candidate(st.just(1)), min_size=1, max_size=3)
_MID_STYLES: Final = st.sampled_from(("{}", "sdparta_{}"))  # Chrome, Firefox
_STREAM_IDS: Final = st.lists(_Browser.msid, max_size=2, unique=True)


def _draw_webrtc_media(
    draw: st.DrawFn,
    kind: str,
    mid: str,
    transport: _Transport,
    with_candidates: bool | None,
    stream_ids: list[str],
) -> MediaDescription:
    """One m-section in Chrome's order (JSEP, RFC 9429, 5.2.1 "Initial Offers")."""
    head: list[Attribute] = [Rtcp(9, "IN", "IP4", _ANY_ADDRESS)]
    include_candidates = draw(st.booleans()) if with_candidates is None else with_candidates
    if include_candidates:
        head += draw(_CANDIDATE_LISTS)
    head += [
        IceUfrag(transport.ufrag),
        IcePwd(transport.password),
        IceOptions(("trickle",)),
        Fingerprint("sha-256", transport.fingerprint),
        Setup(transport.setup),
        Mid(mid),
    ]
    end_of_candidates = [EndOfCandidates()] if include_candidates and draw(st.booleans()) else []
    if kind == "application":
        # RFC 8841, 4 and 5; JSEP, 5.2.1: the data channel m-section.
        return MediaDescription(
            media="application",
            port=9,
            protocol="UDP/DTLS/SCTP",
            formats=("webrtc-datachannel",),
            connections=(Connection("IN", "IP4", _ANY_ADDRESS),),
            attributes=(*head[1:], SctpPort(5000), MaxMessageSize(262144), *end_of_candidates),
        )
    codecs: list[_Codec] = draw(_CODEC_LISTS[kind])
    extensions: list[tuple[int, str]] = draw(_EXTENSION_LISTS[kind])
    direction: MediaDirection = draw(_Browser.direction)
    attributes: list[Attribute] = list(head)
    attributes += [Extmap(i, uri) for i, uri in sorted(extensions)]
    attributes.append(Direction(direction))
    ssrc_lines: list[Attribute] = []
    if direction.sends:
        # RFC 8830, 2: "-" when the track belongs to no stream.
        stream = draw(st.sampled_from(stream_ids)) if stream_ids else "-"
        track = draw(_Browser.msid)
        attributes.append(Msid(stream, track))
        cname = draw(_Browser.cname)
        ssrcs: list[int] = draw(_Browser.ssrcs)
        # RFC 4588, 8.7 and RFC 5576, 4.2: the RTX stream pairs with its media stream.
        with_rtx = kind == "video" and any(c.rtx is not None for c in codecs)
        if with_rtx:
            ssrc_lines.append(SsrcGroup("FID", tuple(ssrcs)))
        for ssrc in ssrcs if with_rtx else ssrcs[:1]:
            ssrc_lines.append(Ssrc(ssrc, "cname", cname))
            ssrc_lines.append(Ssrc(ssrc, "msid", f"{stream} {track}"))
    attributes.append(RtcpMux())
    if kind == "video":
        attributes.append(RtcpRsize())
    for codec in codecs:
        attributes += codec.lines()
    attributes += ssrc_lines
    attributes += end_of_candidates
    return MediaDescription(
        media=kind,
        port=9,
        protocol="UDP/TLS/RTP/SAVPF",
        formats=tuple(str(pt) for codec in codecs for pt in codec.payload_types),
        connections=(Connection("IN", "IP4", _ANY_ADDRESS),),
        attributes=tuple(attributes),
    )


@st.composite
def _webrtc_description(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[list[str]],
    max_media: int | None,
    roles: st.SearchStrategy[SetupRole],
    bundle: bool | None,
    with_candidates: bool | None,
) -> SessionDescription:
    chosen: list[str] = draw(kinds)
    if max_media is not None and (not chosen or (len(chosen) < max_media and draw(st.booleans()))):
        chosen = [*chosen, "application"]  # a data channel (JSEP, 5.2.1), or the only section
    # All m-sections share one set of ICE credentials and one certificate, as
    # browsers write them (RFC 8843, 7.1: BUNDLE shares one transport).
    transport = _Transport(
        draw(_Browser.ufrag), draw(_Browser.password), draw(_FINGERPRINTS), draw(roles)
    )
    mid_style: str = draw(_MID_STYLES)
    mids = [mid_style.format(index) for index in range(len(chosen))]
    stream_ids: list[str] = draw(_STREAM_IDS)
    media = tuple(
        _draw_webrtc_media(draw, kind, mid, transport, with_candidates, stream_ids)
        for kind, mid in zip(chosen, mids, strict=True)
    )
    session: list[Attribute] = []
    if draw(st.booleans()) if bundle is None else bundle:
        session.append(Group("BUNDLE", tuple(mids)))  # RFC 8843, 7.1
    if draw(st.booleans()):
        session.append(ExtmapAllowMixed())  # RFC 8285, 6
    session.append(MsidSemantic("WMS", tuple(stream_ids), leading_spaces=1))
    return SessionDescription(
        origin=Origin("-", draw(_Browser.session_id), "2", "IN", "IP4", "127.0.0.1"),
        session_name="-",
        times=(Timing(0, 0),),
        attributes=tuple(session),
        media=media,
    )


def webrtc_session_descriptions(
    *,
    sdp_type: str | None = None,
    kinds: Sequence[str] | None = None,
    max_media: int = 4,
    bundle: bool | None = None,
    with_candidates: bool | None = None,
) -> st.SearchStrategy[SessionDescription]:
    """A strategy for browser-shaped offers and answers, for negotiation tests.

    The descriptions look like Chrome's (and, for mids, Firefox's):
    ``o=- <id> 2 IN IP4 127.0.0.1``, ``s=-``, ``t=0 0``, session-level
    ``a=group:BUNDLE``, ``a=extmap-allow-mixed`` and ``a=msid-semantic: WMS``,
    then one m-section per kind with ``c=IN IP4 0.0.0.0``, ``a=rtcp``,
    ``a=ice-ufrag``/``a=ice-pwd`` (RFC 8839 ice-chars), ``a=ice-options:trickle``,
    a SHA-256 ``a=fingerprint``, ``a=setup``, a unique ``a=mid``, ``a=extmap``
    lines, a direction, ``a=msid`` and ``a=ssrc`` lines when sending,
    ``a=rtcp-mux``, and an ``a=rtpmap`` (with ``a=rtcp-fb`` and ``a=fmtp``) for
    every payload type of the ``m=`` line, RTX included.  The data channel
    m-section is ``m=application 9 UDP/DTLS/SCTP webrtc-datachannel`` with
    ``a=sctp-port:5000`` and ``a=max-message-size``.  All m-sections share
    one set of ICE credentials and one fingerprint, as browsers do.

    Every value ``d`` satisfies ``parse(d.to_sdp(), strict=True) == d``,
    ``from_fields(d) == d.to_sdp()`` and ``validate(d) == []``.

    ``sdp_type`` is ``"offer"`` (``a=setup:actpass``, RFC 8842, 5.2),
    ``"answer"`` or ``"pranswer"`` (``active`` or ``passive``, 5.3), or None
    (default) for any of them.

    ``kinds`` fixes the m-sections in order, each ``"audio"``, ``"video"`` or
    ``"application"``.  By default up to ``max_media`` audio and video
    sections are drawn, and sometimes a data channel section; there is always
    at least one m-section.

    ``max_media`` (default 4) bounds the number of drawn m-sections.

    ``bundle``: True always writes ``a=group:BUNDLE`` with every mid
    (RFC 8843), False never does, None (default) draws.

    ``with_candidates``: True puts browser-like ``a=candidate`` lines (and
    sometimes ``a=end-of-candidates``) in every m-section, False none (as
    with trickle ICE before gathering), None (default) draws per m-section.
    """
    if sdp_type is not None and sdp_type not in _SDP_TYPES:
        raise InvalidArgument(f"sdp_type={sdp_type!r} must be one of {_SDP_TYPES} or None")
    if max_media < 1:
        raise InvalidArgument(f"max_media={max_media} must be at least 1")
    if kinds is None:
        media_kinds = st.lists(st.sampled_from(("audio", "video")), max_size=max_media)
        drawn_max: int | None = max_media
    else:
        fixed = list(kinds)
        if not fixed:
            raise InvalidArgument("kinds must name at least one m-section")
        unknown = [kind for kind in fixed if kind not in _KINDS]
        if unknown:
            raise InvalidArgument(f"kinds may only hold {_KINDS}, not {unknown}")
        media_kinds = st.just(fixed)
        drawn_max = None
    return _webrtc_description(
        media_kinds, drawn_max, _SETUP_ROLES[sdp_type], bundle, with_candidates
    )
