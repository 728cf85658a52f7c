"""Properties of the SDP layer, checked with Hypothesis (STYLE.md, "What we take", 8).

Seven promises, each stated by the first line of its test's docstring:

* text drawn from the grammar either parses and serializes back byte for byte
  (through the kept line text and through the fields alone), or fails with
  ``RTCError`` and nothing else; its canonical form means the same and is
  canonical again when parsed;
* the fast path agrees with the grammar: for every ``*_field`` and
  ``*_value`` rule (strict twins included) the compiled regex accepts a
  string exactly when Lark's LALR parser for that rule does, on strings from
  the grammar and on the same strings mutated;
* models drawn from ``sdpmodel.testing.strategies`` round-trip;
* a model built in code, any field of any value in it set to anything,
  either refuses to be made (``TypeError`` or ``ValueError`` naming the
  field) or writes text that parses back to an equal model;
* byte-level mutations of the public corpus raise nothing but ``RTCError``,
  lenient or strict, and whatever parses round-trips;
* trickled candidates (``parse_candidate``) round-trip or fail cleanly.

Disagreements found here are reported with a minimal example in
``REGRESSIONS`` below, so that they stay checked once fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from _corpus import CORPUS, NO_CORPUS
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from sdpmodel import (
    Candidate,
    Fingerprint,
    Fmtp,
    RTCError,
    SessionDescription,
    canonical,
    parse,
    parse_attribute,
    parse_candidate,
    validate,
)
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import ATTRIBUTE_CLASSES, HASH_FUNCTIONS, Line
from sdpmodel.serialize import from_fields
from sdpmodel.testing import strategies as sdp_st

#: Every rule with a compiled regex: the line fields, the attribute values and their strict twins.
RULES = sorted(name for name in GRAMMAR.rule_trees if name.endswith(("_field", "_value")))

#: Every typed attribute that takes a value, by the name written in SDP.
VALUE_ATTRIBUTES = sorted(
    {name for cls in ATTRIBUTE_CLASSES if cls.rule() is not None for name in cls.names()}
)

#: The parametrized families below run one Hypothesis test per rule or
#: attribute (about ninety); each gets an eighth of the profile's examples
#: (ci: 25, dev: 10, thorough: 625), and every example of the fast-path test
#: checks up to eight mutants of its string besides the string itself.
PER_RULE = settings(max_examples=max(10, settings().max_examples // 8))

#: (rule, text) pairs where the regex and Lark once disagreed; kept as regression checks.
REGRESSIONS: list[tuple[str, str]] = [
    # LALR(1) shift/reduce on the space after a set: Lark read a second set and
    # rejected the other direction; the regex backtracked and accepted.
    ("imageattr_value", "* recv [x=0,y=0] send *"),
    ("imageattr_value", "* send [x=1,y=1] send *"),
]

# --- mutations --------------------------------------------------------------------

#: Characters that separate or end things in SDP, and some that never belong in it.
_SPECIAL = " :/;,=*[]~-._+019aZ\t\r\n\x00\x7f\x1f\x85\xa0\xe9\u2028\U0001f600"
_CHARACTERS = st.sampled_from(_SPECIAL) | st.characters(codec="utf-8")
_EDITS = st.tuples(
    st.sampled_from(("insert", "delete", "replace", "repeat")),
    st.integers(min_value=0, max_value=2**16),
    _CHARACTERS,
)


def mutate(text: str, edits: list[tuple[str, int, str]]) -> str:
    """Apply character edits at positions taken modulo the length of the text."""
    for operation, where, character in edits:
        at = where % (len(text) + 1)
        if operation == "insert":
            text = text[:at] + character + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + 1 :]
        elif operation == "replace":
            text = text[:at] + character + text[at + 1 :]
        else:  # repeat a short stretch: doubled separators, doubled words
            text = text[:at] + text[at : at + 3] + text[at:]
    return text


_SPECIAL_BYTES = b" :/;,=\t\r\n\x00\x7f\x80\xbf\xc3\xe9\xff"
_BYTES = st.sampled_from([bytes([b]) for b in _SPECIAL_BYTES]) | st.binary(min_size=1, max_size=1)
_BYTE_EDITS = st.tuples(
    st.sampled_from(("insert", "delete", "replace", "drop-line", "swap-lines", "repeat-line")),
    st.integers(min_value=0, max_value=2**20),
    st.integers(min_value=0, max_value=2**20),
    _BYTES,
)


def mutate_bytes(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    """Apply byte edits and whole-line edits (drop, swap, repeat a line)."""
    for operation, where, other, byte in edits:
        if operation in ("insert", "delete", "replace"):
            at = where % (len(data) + 1)
            if operation == "insert":
                data = data[:at] + byte + data[at:]
            elif operation == "delete":
                data = data[:at] + data[at + 1 :]
            else:
                data = data[:at] + byte + data[at + 1 :]
            continue
        lines = data.split(b"\n")
        first, second = where % len(lines), other % len(lines)
        if operation == "drop-line":
            del lines[first]
        elif operation == "swap-lines":
            lines[first], lines[second] = lines[second], lines[first]
        else:
            lines.insert(first, lines[second])
        data = b"\n".join(lines)
    return data


# --- text from the grammar --------------------------------------------------------


# --- the canonical form: the same meaning, one spelling --------------------------------


def line_meaning(value: Line) -> object:
    """What a line says, its spelling aside (docs/sdp.md, "The canonical form")."""
    if isinstance(value, Fmtp):
        # RFC 8866, 6.15: the parameters as Fmtp.parameters reads them.
        return ("fmtp", value.format, value.parameters or value.parameter_text)
    if isinstance(value, Fingerprint):
        # RFC 8122, 5: registered names case-insensitive, the digest hex.
        name = value.hash_function
        digest = value.fingerprint
        hex_pairs = all(
            len(p) == 2 and all(c in "0123456789abcdefABCDEF" for c in p) for p in digest.split(":")
        )
        return (
            "fingerprint",
            name.lower() if name.lower() in HASH_FUNCTIONS else name,
            digest.upper() if hex_pairs else digest,
        )
    if isinstance(value, Candidate):
        # RFC 8839, 5.1: the named transports and types case-insensitive.
        transport, kind = value.transport.lower(), value.type.lower()
        return attrs.evolve(
            value,
            transport=transport if transport in ("udp", "tcp") else value.transport,
            type=kind if kind in ("host", "srflx", "prflx", "relay") else value.type,
        )
    if type(value).__name__ in ("Ptime", "Maxptime", "Framerate"):
        return (type(value).__name__, Decimal(value.text))  # type: ignore[attr-defined]
    return value


def meaning(desc: SessionDescription) -> object:
    """The description with every a= line read as ``line_meaning`` reads it."""
    return (
        attrs.evolve(
            desc, attributes=(), media=tuple(attrs.evolve(m, attributes=()) for m in desc.media)
        ),
        [line_meaning(a) for a in desc.attributes],
        [[line_meaning(a) for a in m.attributes] for m in desc.media],
    )


def assert_canonical(desc: SessionDescription) -> None:
    """canonical(desc) parses to a description that means the same, and is its own canonical form."""
    text = canonical(desc)
    again = parse(text)
    assert meaning(again) == meaning(desc)
    assert canonical(again) == text


def assert_round_trip(text: str, *, strict: bool) -> None:
    try:
        desc = parse(text, strict=strict)
    except RTCError:
        return
    assert desc.to_sdp() == text
    assert from_fields(desc) == text
    assert_canonical(desc)


@given(sdp_st.sdp_text())
def test_grammar_text_round_trips_or_raises_rtc_error(text: str) -> None:
    """SDP from the grammar parses and serializes back byte for byte, or raises RTCError; canonical() keeps its meaning (DESIGN.md, SDP in, SDP out; docs/sdp.md)."""
    # The drawn text is in the session rule's language, every line in its field's.
    GRAMMAR.parser("session").parse(text)
    for line in text.removesuffix("\r\n").split("\r\n"):
        assert GRAMMAR.regex(GRAMMAR.field_rule[line[0]]).fullmatch(line[2:]), line
    assert_round_trip(text, strict=False)
    assert_round_trip(text, strict=True)


@pytest.mark.parametrize("name", VALUE_ATTRIBUTES)
@PER_RULE
@given(data=st.data())
def test_attribute_text_round_trips_or_raises_rtc_error(name: str, data: st.DataObject) -> None:
    """A typed attribute value from its grammar rule round-trips through the model, or raises RTCError (DESIGN.md)."""
    value = data.draw(sdp_st.attribute_text(name), label="value")
    line = f"a={name}:{value}"
    try:
        attribute = parse_attribute(line)
    except RTCError:
        return
    assert attribute.sdp_line == line
    assert attribute.format_line() == line, "the fields lost part of the line"
    assert parse_attribute(attribute.format_line()) == attribute


# --- the fast path agrees with the grammar -------------------------------------------


def accepted_by_lark(rule: str, text: str) -> bool:
    try:
        GRAMMAR.parser(rule).parse(text)
    except UnexpectedInput:
        return False
    return True


def assert_agree(rule: str, text: str) -> None:
    fast = GRAMMAR.regex(rule).fullmatch(text) is not None
    slow = accepted_by_lark(rule, text)
    assert fast == slow, f"{rule}: regex {'accepts' if fast else 'rejects'} {text!r}, Lark not"


def public_text(rule: str) -> st.SearchStrategy[str]:
    """The shipped strategy for a rule: field_text / attribute_text (strict for a twin)."""
    lenient = rule.removeprefix("strict_")
    strict = lenient != rule
    for letter, field_rule in GRAMMAR.field_rule.items():
        if field_rule == lenient:
            return sdp_st.field_text(letter, strict=strict)
    for cls in ATTRIBUTE_CLASSES:
        if cls.rule() == lenient:
            return sdp_st.attribute_text(cls.names()[0], strict=strict)
    return sdp_st.rule_text(rule)


@pytest.mark.parametrize("rule", RULES)
@PER_RULE
@given(data=st.data())
def test_fast_path_agrees_with_the_grammar(rule: str, data: st.DataObject) -> None:
    """A rule's compiled regex accepts a string iff Lark's parser for the rule does (sdpmodel/_grammar.py)."""
    text = data.draw(public_text(rule), label="text")
    # The shipped strategy draws from this very rule, so both must accept.
    assert GRAMMAR.regex(rule).fullmatch(text), f"{rule}: the regex rejects drawn {text!r}"
    assert_agree(rule, text)
    for edits in data.draw(
        st.lists(st.lists(_EDITS, min_size=1, max_size=3), min_size=1, max_size=8)
    ):
        assert_agree(rule, mutate(text, edits))


@pytest.mark.parametrize(("rule", "text"), REGRESSIONS)
def test_fast_path_agrees_on_past_counterexamples(rule: str, text: str) -> None:
    """Strings where the regex and Lark once disagreed now get one answer (sdpmodel/_grammar.py)."""
    assert_agree(rule, text)


# --- models round-trip -------------------------------------------------------------


@given(sdp_st.session_descriptions())
def test_models_round_trip(desc: SessionDescription) -> None:
    """A model from the strategies serializes to text that parses back to it, also from the fields alone (DESIGN.md)."""
    text = desc.to_sdp()
    assert parse(text) == desc
    assert from_fields(desc) == text
    assert_canonical(desc)


@given(sdp_st.webrtc_session_descriptions())
def test_webrtc_models_round_trip_strictly(desc: SessionDescription) -> None:
    """A browser-shaped description passes strict parsing and validate(), and round-trips (RFC 8866; JSEP, RFC 9429, 5.8)."""
    text = desc.to_sdp()
    assert parse(text, strict=True) == desc
    assert from_fields(desc) == text
    assert validate(desc) == []
    assert parse(canonical(desc), strict=True) is not None  # canonical stays strictly valid


# --- models built in code, with anything in any field ----------------------------------

#: Strings that break SDP: line breaks (the injection), NUL, spaces, separators, nothing.
_BAD_TEXT = (
    "",
    " ",
    "a b",
    "\r\n",
    "x\r\na=fingerprint:sha-256 00:11",
    "x\na=mid:1",
    "x\r",
    "\x00",
    "x:y",
    "x/y",
    "x;y",
    "~",
    "\t",
    "\u2028",
    "é",
)
#: The edges of the ranges SDP's numbers have (payload types, extmap ids, ports, 32 and 64 bits).
_BAD_NUMBERS: tuple[int, ...] = (-1, 0, 1, 127, 128, 255, 256, 4095, 4096, 4351, 4352)
_BAD_NUMBERS += (65535, 65536, 2**32 - 1, 2**32, 2**64 - 1, 2**64, 10**30)


def hostile(value: object) -> st.SearchStrategy[Any]:
    """Values to put where ``value`` is: near misses of it, and things of the wrong type."""
    wrong_type: st.SearchStrategy[Any] = st.sampled_from((None, 1, True, "1", 1.5, [], b"x"))
    if isinstance(value, bool):
        return st.sampled_from((not value, 0, 1, None, "true"))
    if isinstance(value, str):
        edited = st.lists(_EDITS, min_size=1, max_size=3).map(lambda e: mutate(value, e))
        return edited | st.sampled_from(_BAD_TEXT) | st.text(max_size=6) | wrong_type
    if isinstance(value, int):
        near = st.integers(min_value=value - 2, max_value=value + 2)
        return near | st.sampled_from(_BAD_NUMBERS) | wrong_type
    if isinstance(value, tuple):
        options: list[st.SearchStrategy[Any]] = [st.just(()), st.just(list(value)), wrong_type]
        if value:
            options.append(
                st.integers(min_value=0, max_value=len(value) - 1).flatmap(
                    lambda i: hostile(value[i]).map(lambda new: (*value[:i], new, *value[i + 1 :]))
                )
            )
            options.append(hostile(value[0]).map(lambda new: (*value, new)))
        return st.one_of(options)
    if value is None:
        return st.sampled_from(("", "x", "x y", "\n", 0, -1, 70000, ())) | st.text(max_size=4)
    return st.sampled_from((None, "x", (), 0)) | st.just(value)


Spot = tuple[Any, Callable[[Any], Any]]


def spots(value: Any) -> Iterator[Spot]:
    """Every attrs value inside ``value`` (itself first), each with how to put a new one in its place."""
    yield value, lambda new: new
    for field in attrs.fields(type(value)):
        if field.init:
            child = getattr(value, field.name)
            for spot, put in _spots_in(child):
                yield spot, _put_field(value, field.alias, put)


def _spots_in(child: Any) -> Iterator[Spot]:
    if attrs.has(type(child)):
        yield from spots(child)
    elif isinstance(child, tuple):
        for index, item in enumerate(child):
            for spot, put in _spots_in(item):
                yield spot, _put_item(child, index, put)


def _put_field(value: Any, alias: str, put: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda new: attrs.evolve(value, **{alias: put(new)})


def _put_item(
    items: tuple[Any, ...], index: int, put: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    return lambda new: (*items[:index], put(new), *items[index + 1 :])


@settings(max_examples=max(50, settings().max_examples * 4))
@given(desc=sdp_st.session_descriptions(), data=st.data())
def test_models_built_in_code_round_trip_or_are_refused(
    desc: SessionDescription, data: st.DataObject
) -> None:
    """A model built in code, any field set to anything, raises TypeError or ValueError naming it, or its text parses back to an equal model (issue 2)."""
    spot, put = data.draw(st.sampled_from(list(spots(desc))), label="value")
    fields = [f for f in attrs.fields(type(spot)) if f.init]
    if not fields:
        return  # a flag attribute: nothing to set
    field = data.draw(st.sampled_from(fields), label="field")
    new = data.draw(hostile(getattr(spot, field.name)), label=field.alias)
    refusal = None
    try:
        built = put(attrs.evolve(spot, **{field.alias: new}))
    except (TypeError, ValueError) as error:
        refusal = error
    if refusal is not None:
        assert type(spot).__name__ in str(refusal), f"the error does not name the class: {refusal}"
        event(f"refused: {type(refusal).__name__}")
        return
    event("built: round trip checked")
    text = built.to_sdp()
    assert parse(text) == built
    assert from_fields(built) == text
    assert_canonical(built)


# --- mutated corpus ------------------------------------------------------------------


def assert_names_a_line(error: RTCError, data: bytes) -> None:
    """The error is an sdp-syntax-error on a line of ``data``, its column inside that line."""
    assert error.error_detail == "sdp-syntax-error"
    lines = data.split(b"\n")
    assert error.sdp_line_number is not None
    assert 1 <= error.sdp_line_number <= len(lines)
    if error.line_text is not None:
        line = lines[error.sdp_line_number - 1].removesuffix(b"\r")
        assert error.line_text == line.decode("utf-8")
        if error.column is not None:
            assert 1 <= error.column <= len(error.line_text) + 1


_CORPUS_BY_NAME = {corpus_file.name: corpus_file.data for corpus_file in CORPUS}


@NO_CORPUS
@given(
    name=st.sampled_from(sorted(_CORPUS_BY_NAME) or [""]),
    edits=st.lists(_BYTE_EDITS, min_size=1, max_size=4),
    strict=st.booleans(),
)
def test_mutated_corpus_raises_only_rtc_error(
    name: str, edits: list[tuple[str, int, int, bytes]], strict: bool
) -> None:
    """Mutated real SDP raises RTCError naming a line and column, or parses and round-trips (DESIGN.md, Errors)."""
    data = mutate_bytes(_CORPUS_BY_NAME[name], edits)
    try:
        desc = parse(data, strict=strict)
    except RTCError as error:
        assert_names_a_line(error, data)
        return
    text = desc.to_sdp()
    assert from_fields(desc) == text
    assert parse(text, strict=strict) == desc
    assert_canonical(desc)


# --- trickled candidates -------------------------------------------------------------


@given(sdp_st.attribute_text("candidate"), st.sampled_from(("candidate:", "a=candidate:")))
# A related port that is no port: int() once let ValueError out for "abc" and
# read "5_0" as 50, "١٢" as 12 (the line then did not round-trip).
@example("1 1 udp 1 192.0.2.1 9 typ srflx rport abc", "candidate:")
@example("1 1 udp 1 192.0.2.1 9 typ srflx rport 5_0", "candidate:")
@example("1 1 udp 1 192.0.2.1 9 typ srflx rport \u0661\u0662", "candidate:")
def test_candidate_text_round_trips_or_raises_rtc_error(value: str, prefix: str) -> None:
    """parse_candidate takes candidate text from the grammar and writes it back, or raises RTCError (RFC 8839, 5.1)."""
    try:
        candidate = parse_candidate(prefix + value)
    except RTCError:
        return
    assert candidate.sdp_line == "a=candidate:" + value
    assert candidate.format_line() == "a=candidate:" + value


@given(sdp_st.candidates() | sdp_st.candidates(realistic=True))
def test_candidate_models_round_trip(candidate: Candidate) -> None:
    """A candidate's line, trickled without "a=", parses back to the same candidate (RFC 8839, 5.1; webrtc-pc, RTCIceCandidate)."""
    assert parse_candidate(candidate.sdp_line[2:]) == candidate
    assert parse_candidate(candidate.sdp_line) == candidate
