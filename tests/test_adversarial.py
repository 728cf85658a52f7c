"""Adversarial input: documented limits, work and memory in proportion to the input, no backtracking.

Linear time is checked by counting work, never by timing: the number of
Python and C function calls a parse makes (``sys.setprofile``), for an input
and for one twice as large.  The C regex engine is one call whatever it does,
so what it does is checked apart: every regex sdpmodel runs on SDP text has
the shape that cannot backtrack (``backtracking_risks``), and inputs built to
make such a regex backtrack are parsed.  A scan inside C (``x in a_list``)
is not a call either: that many distinct repeated attributes (``a=msid``
streams) negotiate in linear time is shown by ``python -m bench`` (section
9, "core sRD, a=msid"), which also says how long it all takes.
"""

from __future__ import annotations

import gc
import re
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
from _corpus import CORPUS, NO_CORPUS
from _pair import make_pair, run

import sdpmodel
from sdpmodel import (
    DEFAULT_LIMITS,
    Limits,
    OperationError,
    RTCError,
    RTCPeerConnection,
    SequentialIds,
    _parser,
    parse,
)
from sdpmodel._grammar import GRAMMAR
from sdpmodel.jsep import Session
from sdpmodel.testing import adversarial

NONE = Limits.none()


def _clear_cache() -> None:
    _parser._cache.clear()
    _parser._cache_text[0] = 0


# --- the Limits value -----------------------------------------------------------------------


def test_default_limits_are_the_documented_numbers() -> None:
    """DEFAULT_LIMITS: 8 MiB, lines of 64 KiB, 4096 m-sections, 1024 candidates per m-section (sdpmodel.limits)."""
    assert (
        Limits(
            max_size=8 * 1024 * 1024,
            max_line_length=64 * 1024,
            max_media_sections=4096,
            max_candidates_per_media_section=1024,
        )
        == DEFAULT_LIMITS
    )
    assert Limits.none().max_size == sys.maxsize


@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-5, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_a_limit_is_a_positive_int(value: Any, error: type[Exception]) -> None:
    """Each limit is an int of at least 1: TypeError (WebIDL TypeError) or ValueError (RangeError) otherwise."""
    for name in ("max_size", "max_line_length", "max_media_sections"):
        with pytest.raises(error, match=name):
            Limits(**{name: value})


def test_limits_of_the_wrong_type_are_a_type_error() -> None:
    """parse, parse_candidate, Session.create and RTCPeerConnection take a Limits or nothing (TypeError)."""
    with pytest.raises(TypeError):
        parse("v=0\r\n", limits=1000)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sdpmodel.parse_candidate("candidate:1 1 udp 1 1.2.3.4 9 typ host", limits={})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Session.create(limits="small")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RTCPeerConnection(limits=5)  # type: ignore[arg-type]


# --- each limit, on each path of the parser -------------------------------------------------

#: How the same text reaches parse(): the fast path (CRLF, LF, bytes) and the line-by-line
#: path (mixed line endings, strict).  Every limit must give the same error on all of them.
PATHS: dict[str, tuple[Callable[[str], str | bytes], bool]] = {
    "crlf": (lambda text: text, False),
    "lf": (lambda text: text.replace("\r\n", "\n"), False),
    "bytes": (lambda text: text.encode(), False),
    "mixed-endings": (lambda text: text.replace("\r\n", "\n", 2), False),
    "strict": (lambda text: text, True),
}


def _parse(path: str, text: str, limits: Limits) -> sdpmodel.SessionDescription:
    given, strict = PATHS[path]
    return parse(given(text), limits=limits, strict=strict)


def _error(path: str, text: str, limits: Limits) -> RTCError:
    with pytest.raises(RTCError) as caught:
        _parse(path, text, limits)
    error = caught.value
    assert error.error_detail == "sdp-syntax-error"
    return error


def _line_of(text: str, prefix: str, occurrence: int) -> int:
    """The 1-based number of the ``occurrence``-th (1-based) line starting with ``prefix``."""
    numbers = [i for i, line in enumerate(text.split("\r\n"), 1) if line.startswith(prefix)]
    return numbers[occurrence - 1]


@pytest.mark.parametrize("path", PATHS)
def test_max_media_sections(path: str) -> None:
    """Limits.max_media_sections: N m-sections parse, N + 1 is an sdp-syntax-error on the (N + 1)-th m= line."""
    limits = Limits(max_media_sections=3)
    assert len(_parse(path, adversarial.many_media_sections(3), limits).media) == 3
    text = adversarial.many_media_sections(5)
    error = _error(path, text, limits)
    assert error.sdp_line_number == _line_of(text, "m=", 4)
    assert "Limits.max_media_sections" in error.message


@pytest.mark.parametrize("path", PATHS)
def test_max_line_length(path: str) -> None:
    """Limits.max_line_length: a line of N characters parses, N + 1 is an error at that line, column N + 1."""
    limits = Limits(max_line_length=200)
    _parse(path, adversarial.long_line(200), limits)
    text = adversarial.long_line(201)
    error = _error(path, text, limits)
    assert error.sdp_line_number == _line_of(text, "a=x-long-value:", 1)
    assert error.column == 201
    assert "Limits.max_line_length" in error.message


@pytest.mark.parametrize("path", PATHS)
def test_max_candidates_per_media_section(path: str) -> None:
    """Limits.max_candidates_per_media_section: N candidates parse, N + 1 is an error at the (N + 1)-th."""
    limits = Limits(max_candidates_per_media_section=2)
    _parse(path, adversarial.many_candidates(2), limits)
    text = adversarial.many_candidates(4)
    error = _error(path, text, limits)
    assert error.sdp_line_number == _line_of(text, "a=candidate:", 3)
    assert "Limits.max_candidates_per_media_section" in error.message


@pytest.mark.parametrize("path", PATHS)
def test_max_size(path: str) -> None:
    """Limits.max_size: N characters parse, N + 1 is an error naming the line with character N + 1."""
    given = PATHS[path][0](adversarial.many_media_sections(2))
    _parse(path, adversarial.many_media_sections(2), Limits(max_size=len(given)))
    limit = len(given) // 2
    error = _error(path, adversarial.many_media_sections(2), Limits(max_size=limit))
    newline = "\n" if isinstance(given, str) else b"\n"
    assert error.sdp_line_number == given.count(newline, 0, limit) + 1  # type: ignore[arg-type]
    assert "Limits.max_size" in error.message


def test_max_size_counts_bytes_of_bytes_input_before_decoding() -> None:
    """Limits.max_size counts the bytes of a bytes input, so it is checked before decoding (sdpmodel.limits)."""
    text = adversarial.long_line(100).replace("x" * 10, "é" * 10, 1)
    assert len(text.encode()) == len(text) + 10
    parse(text, limits=Limits(max_size=len(text)))
    with pytest.raises(RTCError, match="bytes long"):
        parse(text.encode(), limits=Limits(max_size=len(text)))
    with pytest.raises(RTCError, match=r"Limits\.max_size"):
        parse(b"\xff" * 100, limits=Limits(max_size=99))  # not UTF-8, but too long first


def test_limits_are_checked_before_the_syntax() -> None:
    """A description over a limit is rejected for the limit, whatever else is wrong in it (sdpmodel.limits)."""
    text = adversarial.many_media_sections(4).replace("o=- ", "o=-- x ", 1)
    with pytest.raises(RTCError, match=r"Limits\.max_media_sections"):
        parse(text, limits=Limits(max_media_sections=2))
    with pytest.raises(RTCError, match=r"origin|o= line"):
        parse(text, limits=Limits(max_media_sections=4))


def test_the_first_line_over_a_limit_is_reported() -> None:
    """Two limits crossed: the error names the earlier line, on every path of the parser (sdpmodel.limits)."""
    text = adversarial.many_candidates(5).replace(
        "a=candidate:3 ", "a=candidate:3" + "x" * 300 + " ", 1
    )
    limits = Limits(max_line_length=250, max_candidates_per_media_section=2)
    lines = {_error(path, text, limits).sdp_line_number for path in ("crlf", "bytes", "strict")}
    assert lines == {_line_of(text, "a=candidate:", 3)}


@NO_CORPUS
def test_the_default_limits_accept_every_description_of_the_corpus() -> None:
    """DEFAULT_LIMITS are generous: every corpus file parses (or fails) with them exactly as with no limit."""

    def outcome(data: bytes, limits: Limits) -> str:
        try:
            return parse(data, limits=limits).to_sdp()
        except RTCError as exc:
            return f"error at {exc.sdp_line_number}: {exc.message}"

    for file in CORPUS:
        assert outcome(file.data, DEFAULT_LIMITS) == outcome(file.data, NONE), file.name


def test_parse_candidate_and_parse_attribute_bound_the_line() -> None:
    """parse_candidate / parse_attribute: an a= line longer than Limits.max_line_length is an sdp-syntax-error at line 1."""
    candidate = "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host"
    limits = Limits(max_line_length=len("a=" + candidate) + 1)  # the line is a=candidate:...
    assert sdpmodel.parse_candidate(candidate, limits=limits).port == 50000
    with pytest.raises(RTCError, match=r"Limits\.max_line_length") as caught:
        sdpmodel.parse_candidate(candidate + " generation 0", limits=limits)
    assert caught.value.sdp_line_number == 1
    with pytest.raises(RTCError, match=r"Limits\.max_line_length"):
        sdpmodel.parse_attribute("a=x:" + "y" * 70000)


# --- the limits in the negotiation --------------------------------------------------------------


def test_a_remote_description_over_the_limits_is_rejected_and_changes_nothing() -> None:
    """RTCPeerConnection(limits=...): setRemoteDescription over a limit rejects with the sdp-syntax-error, state unchanged."""

    async def scenario() -> None:
        offerer, answerer = make_pair()
        small = RTCPeerConnection(limits=Limits(max_media_sections=2), ids=SequentialIds("c"))
        for _ in range(3):
            offerer.addTransceiver("audio")
        await offerer.setLocalDescription(await offerer.createOffer())
        offer = offerer.localDescription
        with pytest.raises(RTCError, match=r"Limits\.max_media_sections") as caught:
            await small.setRemoteDescription(offer)
        assert caught.value.sdp_line_number == _line_of(offer.sdp, "m=", 3)
        assert small.signalingState == "stable"
        assert small.remoteDescription is None
        assert small.getTransceivers() == []
        await answerer.setRemoteDescription(offer)  # the default limits take it
        for pc in (offerer, answerer, small):
            pc.close()

    run(scenario())


def _remote_candidate(n: int, extra: str = "") -> dict[str, Any]:
    return {
        "candidate": f"candidate:{n} 1 udp {2122260223 - n} 192.0.2.{n % 250 + 1} {9000 + n} typ host"
        + extra,
        "sdpMid": "0",
    }


def test_add_ice_candidate_bounds_the_candidates_of_an_m_section() -> None:
    """addIceCandidate: once an m-section holds Limits.max_candidates_per_media_section candidates, the next is an OperationError that adds nothing."""

    async def scenario() -> None:
        offerer = RTCPeerConnection(ids=SequentialIds("a"))
        answerer = RTCPeerConnection(
            ids=SequentialIds("b"), limits=Limits(max_candidates_per_media_section=3)
        )
        offerer.addTransceiver("audio")
        await offerer.setLocalDescription(await offerer.createOffer())
        await answerer.setRemoteDescription({"type": "offer", "sdp": offerer.localDescription.sdp})
        for n in range(3):
            await answerer.addIceCandidate(_remote_candidate(n))
        await answerer.addIceCandidate(_remote_candidate(1))  # already there: not one more
        before = answerer.remoteDescription.sdp
        with pytest.raises(OperationError, match=r"Limits\.max_candidates_per_media_section"):
            await answerer.addIceCandidate(_remote_candidate(3))
        assert answerer.remoteDescription.sdp == before
        assert before.count("a=candidate:") == 3
        await answerer.addIceCandidate(None)  # the end of candidates is not a candidate
        for pc in (offerer, answerer):
            pc.close()

    run(scenario())


def test_add_ice_candidate_bounds_the_length_of_a_candidate() -> None:
    """addIceCandidate: a candidate longer than Limits.max_line_length is an OperationError, checked before it is parsed."""

    async def scenario() -> None:
        offerer = RTCPeerConnection(ids=SequentialIds("a"))
        answerer = RTCPeerConnection(ids=SequentialIds("b"), limits=Limits(max_line_length=130))
        offerer.addTransceiver("audio")
        await offerer.setLocalDescription(await offerer.createOffer())
        await answerer.setRemoteDescription(offerer.localDescription)
        await answerer.addIceCandidate(_remote_candidate(1))
        long = _remote_candidate(2, " generation 0" + " network-cost 10" * 10)
        with pytest.raises(OperationError, match=r"Limits\.max_line_length"):
            await answerer.addIceCandidate(long)
        with pytest.raises(OperationError, match=r"Limits\.max_line_length"):
            await answerer.addIceCandidate({"candidate": "x" * 10_000_000, "sdpMid": "0"})
        assert answerer.remoteDescription.sdp.count("a=candidate:") == 1
        for pc in (offerer, answerer):
            pc.close()

    run(scenario())


# --- adversarial sizes: parsed (or rejected) with work and memory in proportion ------------------

#: name -> (builder, n): the input at n and at 2n are compared.
GROWING: dict[str, tuple[Callable[[int], str], int]] = {
    "m-sections": (adversarial.many_media_sections, 300),
    "lines": (adversarial.many_lines, 4000),
    "candidates": (adversarial.many_candidates, 1500),
    "repeated attribute": (adversarial.repeated_attribute, 4000),
    "size": (adversarial.description_of_size, 150_000),
}


def _calls(action: Callable[[], object]) -> int:
    """The Python and C function calls ``action`` makes: the work count of the linearity tests."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


@pytest.fixture(scope="module", autouse=True)
def _warm() -> Iterator[None]:
    """The grammar and the parser's tables are built once, before anything is counted."""
    parse(adversarial.many_media_sections(2))
    Session.create().set_remote_description("offer", adversarial.many_media_sections(1))
    yield
    _clear_cache()


@pytest.mark.parametrize("name", GROWING)
def test_parse_work_grows_linearly(name: str) -> None:
    """parse(): twice the input (m-sections, lines, candidates, repeats, size) is at most ~2x the function calls."""
    build, n = GROWING[name]
    small, large = build(n), build(2 * n)
    _clear_cache()
    work_small = _calls(lambda: parse(small, limits=NONE))
    _clear_cache()
    work_large = _calls(lambda: parse(large, limits=NONE))
    assert 1.7 <= work_large / work_small <= 2.2, (work_small, work_large)


def test_a_long_line_is_one_step_of_work() -> None:
    """parse(): a line ten times longer adds no function call (its value is matched by one regex call)."""
    small, large = adversarial.long_line(5000), adversarial.long_line(50000)
    _clear_cache()
    work_small = _calls(lambda: parse(small, limits=NONE))
    _clear_cache()
    work_large = _calls(lambda: parse(large, limits=NONE))
    assert work_small == work_large


def test_remote_offer_and_answer_work_grows_linearly() -> None:
    """setRemoteDescription(offer) + createAnswer on the core: twice the m-sections is at most ~2x the calls."""

    def negotiate(text: str) -> None:
        session = Session.create(ids=SequentialIds("b"), limits=NONE)
        session.set_remote_description("offer", text).session.create_answer()

    small, large = adversarial.many_media_sections(100), adversarial.many_media_sections(200)
    _clear_cache()
    work_small = _calls(lambda: negotiate(small))
    _clear_cache()
    work_large = _calls(lambda: negotiate(large))
    assert 1.7 <= work_large / work_small <= 2.2, (work_small, work_large)


#: Repeated attributes with distinct values that negotiation collects (streams, SSRCs, rids).
DISTINCT = {
    "msid": "a=msid:s{n} t",
    "ssrc msid": "a=ssrc:{n} msid:s{n} t",
    "ssrc-group": "a=ssrc-group:FID {n} 9{n}",
    "rid": "a=rid:r{n} send",
}


@pytest.mark.parametrize("name", DISTINCT)
def test_remote_offer_work_grows_linearly_in_distinct_repeated_attributes(name: str) -> None:
    """setRemoteDescription(offer) + createAnswer on the core: twice the distinct repeated attributes is at most ~2x the calls (issue 7: deeply repeated attributes in linear time)."""

    def negotiate(text: str) -> None:
        session = Session.create(ids=SequentialIds("b"), limits=NONE)
        session.set_remote_description("offer", text).session.create_answer()

    n = 1500
    small = adversarial.distinct_attributes(n, DISTINCT[name])
    large = adversarial.distinct_attributes(2 * n, DISTINCT[name])
    _clear_cache()
    work_small = _calls(lambda: negotiate(small))
    _clear_cache()
    work_large = _calls(lambda: negotiate(large))
    assert 1.7 <= work_large / work_small <= 2.2, (work_small, work_large)


def _peak(text: str) -> int:
    _clear_cache()
    gc.collect()
    tracemalloc.start()
    try:
        parse(text, limits=NONE)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", GROWING)
def test_parse_memory_is_bounded_by_the_input(name: str) -> None:
    """parse(): the peak memory is at most 20 bytes per input character and grows with the input, not faster."""
    build, n = GROWING[name]
    small, large = build(n), build(2 * n)
    peak_small, peak_large = _peak(small), _peak(large)
    assert peak_large <= 20 * len(large)
    assert peak_large / peak_small <= 2.3


#: The issue's sizes: name -> (text, the limit the defaults stop it with, or None).
HUGE: dict[str, tuple[Callable[[], str], str | None]] = {
    "10 MB": (lambda: adversarial.description_of_size(10_000_000), "Limits.max_size"),
    "100,000 lines": (lambda: adversarial.many_lines(100_000), None),
    "one 64 KiB line": (lambda: adversarial.long_line(64 * 1024), None),
    "one 64 KiB + 1 line": (lambda: adversarial.long_line(64 * 1024 + 1), "max_line_length"),
    "10,000 m-sections": (lambda: adversarial.many_media_sections(10_000), "max_media_sections"),
    "100,000 candidates": (lambda: adversarial.many_candidates(100_000), "max_candidates"),
    "100,000 repeats": (lambda: adversarial.repeated_attribute(100_000), None),
}


@pytest.mark.parametrize("name", HUGE)
def test_huge_inputs_parse_without_limits_and_meet_the_defaults(name: str) -> None:
    """The issue's adversarial sizes: each round-trips with Limits.none(), and the defaults take it or reject it with the limit crossed."""
    build, limit = HUGE[name]
    text = build()
    assert parse(text, limits=NONE).to_sdp() == text
    if limit is None:
        parse(text)
    else:
        with pytest.raises(RTCError, match=limit):
            parse(text)
    _clear_cache()


def test_the_line_cache_is_bounded_in_characters() -> None:
    """The parser's cache of built lines holds at most CACHE_TEXT_LIMIT characters of past input, whatever the lines' lengths."""
    _clear_cache()
    for n in range(200):
        parse(adversarial.long_line(60_000).replace("xxxx", f"{n:04d}", 1))
    kept = sum(len(line) for line in _parser._cache)
    assert kept <= _parser.CACHE_TEXT_LIMIT + 70_000
    _clear_cache()


# --- regular expressions that cannot backtrack ---------------------------------------------------

_UNIVERSE = frozenset(range(129))  # ASCII, and 128 for every character above it
_CATEGORIES = {
    sre.CATEGORY_DIGIT: frozenset(range(48, 58)),
    sre.CATEGORY_SPACE: frozenset(b" \t\n\r\x0b\x0c"),
    sre.CATEGORY_WORD: frozenset(
        [*range(48, 58), *range(65, 91), *range(97, 123), 95, 128]  # \w takes non-ASCII letters
    ),
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _char_set(items: list[tuple[Any, Any]]) -> frozenset[int]:
    chars: set[int] = set()
    negate = False
    for op, value in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            chars.add(min(value, 128))
        elif op is sre.RANGE:
            low, high = value
            chars.update(range(min(low, 128), min(high, 128) + 1))
        elif op is sre.CATEGORY:
            known = next((v for k, v in _CATEGORIES.items() if k == value), None)
            if known is None:  # a negated category: anything
                return _UNIVERSE
            chars.update(known)
    return _UNIVERSE - chars if negate else frozenset(chars)


class _Shape:
    """What the analysis knows of a piece of a pattern."""

    def __init__(
        self,
        nullable: bool,
        first: frozenset[int],
        chars: frozenset[int],
        lead: frozenset[int] = frozenset(),
        trail: frozenset[int] = frozenset(),
        last: frozenset[int] | None = None,
        ends: frozenset[int] | None = None,
    ) -> None:
        self.nullable = nullable  # can match ""
        self.first = first  # characters a non-empty match can start with
        self.last = first if last is None else last  # ... and end with
        self.chars = chars  # every character it can consume
        self.lead = lead  # characters a variable repeat at its start can consume
        self.trail = trail  # characters a variable repeat at its end can consume
        # ... and those a piece of variable length at its end can (a run, or a choice
        # of alternatives of different lengths)
        self.ends = trail if ends is None else ends


_EMPTY = _Shape(True, frozenset(), frozenset())


def _variable(minimum: int, maximum: int) -> bool:
    return maximum != minimum


def _shape(item: tuple[Any, Any], risks: list[str]) -> _Shape:
    op, value = item
    if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
        if op is sre.LITERAL:
            chars = frozenset({min(value, 128)})
        elif op is sre.NOT_LITERAL:
            chars = _UNIVERSE - {min(value, 128)}
        elif op is sre.ANY:
            chars = _UNIVERSE - {10}
        else:
            chars = _char_set(value)
        return _Shape(False, chars, chars)
    if op is sre.SUBPATTERN:
        return _sequence(value[-1], risks)
    if op is sre.ATOMIC_GROUP:
        return _sequence(value, risks)
    if op is sre.BRANCH:
        shapes = [_sequence(alternative, risks) for alternative in value[1]]
        first = frozenset().union(*(s.first for s in shapes))
        last = frozenset().union(*(s.last for s in shapes))
        ends = frozenset().union(*(s.ends for s in shapes))
        if _fixed_length([item]) is None:
            ends |= last  # alternatives of different lengths: where it ends is a choice
        return _Shape(
            any(s.nullable for s in shapes),
            first,
            frozenset().union(*(s.chars for s in shapes)),
            frozenset().union(*(s.lead for s in shapes)),
            frozenset().union(*(s.trail for s in shapes)),
            last,
            ends,
        )
    if op in _REPEATS:
        minimum, maximum, body = value
        inner = _sequence(body, risks)
        if maximum > 1:
            if inner.nullable:
                risks.append("a repeat whose body can match the empty string")
            # Iterations must be told apart: what starts one cannot be taken by a piece
            # of variable length that ends the previous one (the shape of (a+)+, (a|aa)*).
            if inner.ends & inner.first:
                risks.append("nested variable repeats that can take the same character")
            for branch in _branches(body):
                shapes = [_sequence(alternative, []) for alternative in branch]
                texts = [repr(alternative) for alternative in branch]
                for i, one in enumerate(shapes):
                    if any(
                        (one.nullable and other.nullable) or texts[i] == texts[j]
                        for j, other in enumerate(shapes[i + 1 :], i + 1)
                    ):
                        risks.append("repeated alternatives that can match alike")
        # A repeat of a varying count above one is a run of its body: it can start with
        # whatever starts the body, and end with whatever ends it.  An optional piece (?)
        # is its body or nothing.
        runs = maximum > 1 and _variable(minimum, maximum)
        lead = inner.first if runs else inner.lead
        trail = inner.last if runs else inner.trail
        ends = inner.last if runs else inner.ends
        return _Shape(
            minimum == 0 or inner.nullable, inner.first, inner.chars, lead, trail, inner.last, ends
        )
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        if op is not sre.AT:
            _sequence(value[1], risks)
        return _EMPTY
    raise AssertionError(f"the analysis does not know {op}")  # a new construct: teach it


def _children(item: tuple[Any, Any]) -> list[Any]:
    """The sub-patterns of one item (none for a character or an anchor)."""
    op, value = item
    if op in _REPEATS:
        return [value[2]]
    if op is sre.SUBPATTERN:
        return [value[-1]]
    if op is sre.ATOMIC_GROUP:
        return [value]
    if op is sre.BRANCH:
        return list(value[1])
    return []


def _branches(body: Any) -> Iterator[list[Any]]:
    """The alternatives of every choice anywhere inside ``body``."""
    for item in body:
        if item[0] is sre.BRANCH:
            yield list(item[1][1])
        for child in _children(item):
            yield from _branches(child)


def _fixed_length(body: Any) -> int | None:
    """The one length every match of ``body`` has, or None when it varies."""
    total = 0
    for item in body:
        op, value = item
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            total += 1
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        elif op in _REPEATS:
            inner = _fixed_length(value[2])
            if inner is None or (value[0] != value[1] and inner):
                return None
            total += value[0] * inner
        elif op is sre.BRANCH:
            lengths = {_fixed_length(alternative) for alternative in value[1]}
            if len(lengths) != 1 or None in lengths:
                return None
            total += lengths.pop()  # type: ignore[operator]
        else:
            inner = _fixed_length(_children(item)[0])
            if inner is None:
                return None
            total += inner
    return total


def _sequence(items: Any, risks: list[str]) -> _Shape:
    shapes = [_shape(item, risks) for item in items]
    # Two variable repeats in a row (only empty or swallowed pieces between) that can take
    # the same character split a run between them in n ways: polynomial backtracking.
    for i, shape in enumerate(shapes):
        if not shape.trail:
            continue
        for later in shapes[i + 1 :]:
            if later.lead & shape.trail:
                risks.append("adjacent variable repeats that can take the same character")
                break
            if not later.nullable and not later.chars <= shape.trail:
                break
    nullable = all(s.nullable for s in shapes)
    first: set[int] = set()
    lead: set[int] = set()
    for s in shapes:
        first |= s.first
        lead |= s.lead
        if not s.nullable:
            break
    trail: set[int] = set()
    last: set[int] = set()
    ends: set[int] = set()
    for s in reversed(shapes):
        trail |= s.trail
        last |= s.last
        ends |= s.ends
        if not s.nullable:
            break
    chars = frozenset().union(*(s.chars for s in shapes)) if shapes else frozenset()
    return _Shape(
        nullable,
        frozenset(first),
        chars,
        frozenset(lead),
        frozenset(trail),
        frozenset(last),
        frozenset(ends),
    )


def backtracking_risks(pattern: str) -> list[str]:
    """The shapes in ``pattern`` that make a backtracking engine take more than linear time.

    Conservative: it flags every repeat of something that can be empty,
    every repeat whose iterations can end with a piece of variable length
    (a run, or a choice of alternatives of different lengths) that can take
    the character the next iteration starts with, every repeated choice with
    two alternatives that match alike, and every two runs in a row that can
    take the same character.  Exponential or polynomial backtracking needs
    one of these shapes.
    """
    risks: list[str] = []
    _sequence(sre_parse.parse(pattern), risks)
    return risks


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a+)+b",
        r"(a|a)*b",
        r"(a|aa)*b",
        r"(a*)*b",
        r"[0-9]*[0-9]*x",
        r"(?:x?)+",
        r"(\w+\s?)*$",
        r"(?:[a-z]+\.?)+@",
        r"(?:\d+|\d+,\d+)*;",
    ],
)
def test_the_analysis_flags_patterns_that_backtrack(pattern: str) -> None:
    """The backtracking analysis finds the classic catastrophic and polynomial shapes (so its silence means something)."""
    assert backtracking_risks(pattern)


@pytest.mark.parametrize(
    "pattern",
    [r"(?: [^ ]+)*", r"[0-9]+(?:\.[0-9]+)?", r"[0-9A-F]{2}(?::[0-9A-F]{2})*", r"(?:ab|cd)*x"],
)
def test_the_analysis_passes_patterns_that_cannot_backtrack(pattern: str) -> None:
    """Delimited repeats, optional tails and fixed-width pieces are not flagged (the analysis is not a constant)."""
    assert backtracking_risks(pattern) == []


def _sdpmodel_patterns() -> dict[str, str]:
    """Every regex sdpmodel runs on SDP text: each grammar rule, terminal and line structure, and the modules' own."""
    found = {
        f"rule {rule}": GRAMMAR.regex(rule).pattern
        for rule in GRAMMAR.rule_trees
        if rule.endswith(("_value", "_field"))
    }
    found.update({f"terminal {name}": regex for name, regex in GRAMMAR.terminal_regex.items()})
    found["structure"] = GRAMMAR.structure.pattern
    found["media structure"] = GRAMMAR.media_structure.pattern
    found["structure prefixes"] = GRAMMAR.structure_prefix.pattern
    for module in list(sys.modules.values()):
        if (
            getattr(module, "__name__", "").startswith("sdpmodel")
            and ".testing" not in module.__name__
        ):
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    found[f"{module.__name__}.{name}"] = value.pattern
    return found


def test_no_regex_of_sdpmodel_can_backtrack() -> None:
    """Every regex sdpmodel runs on untrusted SDP has a shape that matches in linear time (no catastrophic backtracking)."""
    patterns = _sdpmodel_patterns()
    assert len(patterns) > 100
    risky = {
        name: risks for name, pattern in patterns.items() if (risks := backtracking_risks(pattern))
    }
    assert risky == {}


#: Text built to make a backtracking regex explode: long runs of what repeats take, then a
#: character nothing accepts there.
_PUMPS = [
    "a " * 3000,
    " " * 6000,
    "a:" * 3000,
    "0" * 6000,
    "~a," * 2000,
    "x=1;" * 1500,
    "A0:" * 2000,
    "a/" * 3000,
    "[x=1,y=1] " * 600,
    "aa" * 3000,
    "0." * 3000,
]
_SUFFIXES = ["", "\x00", " ", "!", ";", "\r"]


def test_inputs_built_to_backtrack_are_matched() -> None:
    """Every grammar regex meets long repeated runs with a bad end, and answers (a backtracking regex would not)."""
    for name, pattern in _sdpmodel_patterns().items():
        fullmatch = re.compile(pattern).fullmatch
        for pump in _PUMPS:
            for suffix in _SUFFIXES:
                fullmatch(pump + suffix)
        del name


@pytest.mark.parametrize(
    "line",
    [
        "a=candidate:1 1 udp 1 1.2.3.4 9 typ host" + " a b" * 3000 + " \x00",
        "a=fingerprint:sha-256 " + "AB:" * 3000 + "\x00",
        "a=rid:1 send " + "x=1;" * 2000 + ";;",
        "a=simulcast:send " + "a,~b;" * 2000 + ",,",
        "a=imageattr:97 send " + "[x=1,y=2] " * 1000 + "[",
        "a=msid-semantic: WMS" + " a" * 5000 + " \x00",
        "m=audio 9 " + "RTP/" * 2000 + " 0",
        "a=ptime:" + "1" * 5000 + ".",
        "a=ssrc:1 cname" + ":" * 5000 + "\x00",
        "a=group:BUNDLE" + " 0" * 5000 + "\x01",
    ],
)
def test_lines_built_to_backtrack_are_syntax_errors(line: str) -> None:
    """A line built to make the value regex and Lark's diagnosis backtrack is an sdp-syntax-error with its line number."""
    head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    text = head + ("" if line.startswith("m=") else "m=audio 9 RTP/AVP 0\r\n") + line + "\r\n"
    with pytest.raises(RTCError) as caught:
        parse(text)
    assert caught.value.sdp_line_number == text.count("\r\n")
