"""``python -m bench.experiments``: prototypes of speed-ups, timed against the current code.

Evidence for the suggestions in ``docs/benchmarks.md``.  Each prototype
patches sdpmodel **in this process only** (no file changes), is checked to
give results equal to the current code (on the typical offer and the whole
valid corpus, including the same ``RTCError`` on bad values, by falling back
to the current builder), and is timed interleaved with the unpatched code
(``bench.timing``).  They reach into private names (``_builders.number``,
``_parser._handlers``); when those move, a prototype reports that it could
not be applied instead of failing the run.

* B: the cold parse of the typical offer split into phases (line split and
  order check, the grammar regexes, the builders), each timed alone.
* P1: ``number()`` fast path: ``str.isdigit`` + ``int`` instead of a regex
  fullmatch and a closure per call (the value already matched its rule).
* P2: ``candidate_value`` on ``str.split`` alone: offsets only on the error path.
* P3: per-line building blocks for ``a=rtpmap``: the grammar regex plus the
  builder today, against one regex with capture groups (what ``_grammar`` could
  emit for the terminals a builder needs) plus ``int``; and the attrs
  ``__init__`` of a frozen value against setting its slots directly.
* S1: ``to_sdp()`` as one list built from the slots, no generator, no property.
* S2: ``canonical()`` formatting each line from its fields with no ``evolve`` copies.
* S3: what keeping the whole CRLF text at parse time would cost and save.
* M1: what the retained strings of a parsed typical offer are made of.
"""

from __future__ import annotations

import argparse
import collections
import enum
import gc
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sdpmodel
from bench import inputs
from bench.timing import Contender, fmt_ratio, fmt_time, run_group
from sdpmodel import _builders, _parser
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import Candidate, Rtpmap
from sdpmodel.model import MediaDescription, SessionDescription

CRLF = "\r\n"


# --- B: phases of a cold parse --------------------------------------------------------


def run_breakdown(rounds: int, sample_seconds: float) -> list[str]:
    text = inputs.typical_offer()
    _parser._ensure_tables()
    lines = _parser._split_lines(text, False)
    letters = _parser._check_lines(lines)
    typed: list[tuple[Callable[[str], Any], Callable[[str], Any], str]] = []
    for line, letter in zip(lines, letters, strict=True):
        if letter != "a":
            match, build, _ = _parser._field_handlers[letter]
            typed.append((match, build, line[2:]))
            continue
        name, _, value = line[2:].partition(":")
        handler = _parser._handlers.get(name)
        if handler is not None and handler[0] is not None and handler[1] is not None:
            typed.append((handler[0], handler[1], value))

    def structure() -> object:
        found = _parser._split_lines(text, False)
        return GRAMMAR.structure.fullmatch(_parser._check_lines(found))

    def regexes() -> object:
        return [match(value) for match, _, value in typed]

    def builders() -> object:
        return [build(value) for _, build, value in typed]

    contenders = [
        Contender("whole cold parse", lambda: sdpmodel.parse(text), before=_parser._cache.clear),
        Contender("split lines + check the order", structure),
        Contender(f"grammar regex on {len(typed)} values", regexes),
        Contender(f"builders of {len(typed)} values", builders),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    out = ["", "Phases of the cold parse of the typical offer (share: vs the whole parse)", ""]
    for contender in contenders:
        name = contender.name
        share = fmt_ratio(group.ratio(name, contenders[0].name))
        out.append(f"  {name:32s} {fmt_time(group.median(name)):>9s}  {share}")
    out.append("  (the rest: the assembly loop, the cache, the attribute names, the model)")
    return out


# --- P1 and P2: the builders ----------------------------------------------------------

_original_number = _builders.number


def fast_number(
    text: str, what: str, high: int, low: int = 0, *, value: str | None = None, offset: int = 0
) -> int:
    """The common case inline; anything unusual goes to the current ``number`` (same errors)."""
    if text.isdigit() and text.isascii() and (len(text) == 1 or text[0] != "0"):
        result = int(text)
        if low <= result <= high:
            return result
    return _original_number(text, what, high, low, value=value, offset=offset)


def _uint(text: str, high: int, low: int = 0) -> int | None:
    if text.isdigit() and text.isascii() and (len(text) == 1 or text[0] != "0"):
        result = int(text)
        if low <= result <= high:
            return result
    return None


def make_fast_candidate(original: Callable[[str], Any]) -> Callable[[str], Any]:
    def fast_candidate(value: str) -> Any:
        words = value.split(" ")
        foundation, component, transport, priority, address, port, _, cand_type = words[:8]
        names, values = words[8::2], words[9::2]
        related_address = related_port = None
        start = 0
        if names and names[0] == "raddr":
            related_address, start = values[0], 1
        if len(names) > start and names[start] == "rport":
            related_port = _uint(values[start], 65535)
            if related_port is None:
                return original(value)
            start += 1
        component_id = _uint(component, 256, 1)
        priority_value = _uint(priority, 2**32 - 1)
        port_number = _uint(port, 65535)
        if (
            component_id is None
            or priority_value is None
            or port_number is None
            or "tcptype" in names[start:]
        ):
            return original(value)  # an error to report, or the rarer tcptype check
        return Candidate(
            foundation,
            component_id,
            transport,
            priority_value,
            address,
            port_number,
            cand_type,
            related_address,
            related_port,
            tuple(zip(names[start:], values[start:], strict=True)),
        )

    return fast_candidate


@contextmanager
def patched_builders(number: bool, candidate: bool) -> Iterator[None]:
    _parser._ensure_tables()
    saved = _parser._handlers["candidate"]
    try:
        if number:
            _builders.number = fast_number
        if candidate:
            match, build, flag = saved
            assert build is not None
            _parser._handlers["candidate"] = (match, make_fast_candidate(build), flag)
        yield
    finally:
        _builders.number = _original_number
        _parser._handlers["candidate"] = saved


def _same_results(texts: Sequence[str], number: bool, candidate: bool) -> bool:
    def outcome(text: str) -> object:
        _parser._cache.clear()
        try:
            return sdpmodel.parse(text)
        except sdpmodel.RTCError as error:
            return (error.message, error.sdp_line_number)

    before = [outcome(t) for t in texts]
    with patched_builders(number, candidate):
        after = [outcome(t) for t in texts]
    _parser._cache.clear()
    return before == after


# --- P3: building blocks --------------------------------------------------------------

# rtpmap_value: DIGITS _SP ENCODING_NAME "/" DIGITS ("/" DIGITS)?, with the terminals captured.
_RTPMAP_CAPTURE = re.compile(
    r"([0-9]+)(?:\ )([!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+)/([0-9]+)(?:/([0-9]+))?"
)
_set = object.__setattr__
_new = object.__new__


def rtpmap_captured(value: str) -> Any:
    match = _RTPMAP_CAPTURE.fullmatch(value)
    assert match is not None
    pt, encoding, clock, channels = match.groups()
    payload_type, clock_rate = _uint(pt, 127), _uint(clock, 2**32 - 1, 1)
    params = None if channels is None else _uint(channels, 2**32 - 1, 1)
    assert payload_type is not None and clock_rate is not None
    assert channels is None or params is not None
    return Rtpmap(payload_type, encoding, clock_rate, params)


def rtpmap_direct(pt: int, encoding: str, clock: int, channels: int | None, line: str) -> Any:
    """A frozen Rtpmap without attrs' ``__init__`` (the line cache set at once)."""
    value = _new(Rtpmap)
    _set(value, "_sdp", line)
    _set(value, "payload_type", pt)
    _set(value, "encoding_name", encoding)
    _set(value, "clock_rate", clock)
    _set(value, "encoding_parameters", channels)
    return value


def run_blocks(rounds: int, sample_seconds: float) -> list[str]:
    value = "111 opus/48000/2"
    grammar = GRAMMAR.regex("rtpmap_value").fullmatch
    build = _builders.BUILDERS["rtpmap_value"]
    assert rtpmap_captured(value) == build(value) == rtpmap_direct(111, "opus", 48000, 2, "")

    def now() -> object:
        grammar(value)
        return build(value)

    def attrs_init_and_cache() -> object:
        made = Rtpmap(111, "opus", 48000, 2)
        _set(made, "_sdp", "a=rtpmap:" + value)
        return made

    contenders = [
        Contender("grammar regex + rtpmap_value() now", now),
        Contender("P3 capturing regex + int + Rtpmap()", lambda: rtpmap_captured(value)),
        Contender("attrs __init__ + _sdp set (as _cached)", attrs_init_and_cache),
        Contender(
            "P3 slots set directly, _sdp at once",
            lambda: rtpmap_direct(111, "opus", 48000, 2, "a=rtpmap:" + value),
        ),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    out = ["", "Building one a=rtpmap value (ratios: median per-round ratio vs the line above)", ""]
    baseline = ""
    for contender in contenders:
        name = contender.name
        ratio = fmt_ratio(group.ratio(name, baseline)) if baseline else ""
        out.append(f"  {name:40s} {fmt_time(group.median(name)):>9s}  {ratio}")
        baseline = name
    return out


# --- S1 and S2: serialization ----------------------------------------------------------


def _media_line(media: MediaDescription) -> str:
    port = str(media.port) if media.port_count is None else f"{media.port}/{media.port_count}"
    return " ".join((f"m={media.media}", port, media.protocol, *media.formats))


def fast_to_sdp(desc: SessionDescription) -> str:
    """``to_sdp()`` for a description without i= u= e= p= b= z= k= r= (what browsers write)."""
    out = [f"v={desc.version}", desc.origin.sdp_line, f"s={desc.session_name}"]
    if desc.connection is not None:
        out.append(desc.connection.sdp_line)
    out += [t.sdp_line for t in desc.times]
    out += [a._sdp or a.sdp_line for a in desc.attributes]
    for media in desc.media:
        out.append(media._sdp or media.media_line)
        out += [c._sdp or c.sdp_line for c in media.connections]
        out += [a._sdp or a.sdp_line for a in media.attributes]
    out.append("")
    return CRLF.join(out)


def fast_canonical(desc: SessionDescription) -> str:
    """``canonical()`` (same restriction as ``fast_to_sdp``): ``format_line()``, no copies."""
    out = [f"v={desc.version}", desc.origin.format_line(), f"s={desc.session_name}"]
    if desc.connection is not None:
        out.append(desc.connection.format_line())
    out += [t.format_line() for t in desc.times]
    out += [a.format_line() for a in desc.attributes]
    for media in desc.media:
        out.append(_media_line(media))
        out += [c.format_line() for c in media.connections]
        out += [a.format_line() for a in media.attributes]
    out.append("")
    return CRLF.join(out)


def _browser_shaped(desc: SessionDescription) -> bool:
    media_extras = any(m.information or m.bandwidths or m.key for m in desc.media)
    session_extras = (
        desc.information or desc.uri or desc.emails or desc.phones or desc.bandwidths
    ) or (desc.time_zones or desc.key or any(t.repeats for t in desc.times))
    return not (media_extras or session_extras)


# --- M1: memory ----------------------------------------------------------------------


def _reachable(root: object) -> Iterator[object]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, type | enum.Enum | bool):
            continue
        seen.add(id(obj))
        yield obj
        if isinstance(obj, str | int):
            continue
        stack.extend(gc.get_referents(obj))
        for cls in type(obj).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                if hasattr(obj, slot):
                    stack.append(getattr(obj, slot))


def memory_breakdown(text: str) -> list[str]:
    _parser._cache.clear()
    desc = sdpmodel.parse(text)
    _parser._cache.clear()
    lines = set(text.split(CRLF))
    by_type: collections.Counter[str] = collections.Counter()
    counts: collections.Counter[str] = collections.Counter()
    strings: collections.Counter[str] = collections.Counter()
    line_bytes = 0
    for obj in _reachable(desc):
        if isinstance(obj, int) and not isinstance(obj, bool) and -5 <= obj <= 256:
            continue  # CPython's small ints are shared
        size = sys.getsizeof(obj)
        by_type[type(obj).__name__] += size
        counts[type(obj).__name__] += 1
        if isinstance(obj, str):
            strings[obj] += 1
            if obj in lines:
                line_bytes += size
    total = sum(by_type.values())
    duplicate = sum(sys.getsizeof(s) * (n - 1) for s, n in strings.items())
    return [
        f"reachable from the model: {total:,} bytes = {total / len(text):.2f}x the text "
        f"({len(text):,} bytes)",
        f"  str: {by_type['str']:,} bytes in {counts['str']} objects; the kept line texts "
        f"(_sdp) {line_bytes:,}, field strings {by_type['str'] - line_bytes:,}",
        f"  field strings equal to another field string: {duplicate:,} bytes "
        f"(what interning tokens such as 'nack', 'udp', 'generation' would save)",
        "  by type: " + ", ".join(f"{name} {size:,}" for name, size in by_type.most_common(8)),
    ]


# --- the run ---------------------------------------------------------------------------


def _patch_setup(number: bool, candidate: bool) -> Callable[[], None]:
    def setup() -> None:
        _builders.number = fast_number if number else _original_number
        match, build, flag = _parser._handlers["candidate"]
        original = getattr(build, "original", build)
        assert original is not None
        fast = make_fast_candidate(original)
        fast.original = original  # type: ignore[attr-defined]
        _parser._handlers["candidate"] = (match, fast if candidate else original, flag)

    return setup


def run_parse(rounds: int, sample_seconds: float) -> list[str]:
    text = inputs.typical_offer()
    texts = [text, *(f.text for f in inputs.load_corpus())]
    variants = {
        "current code": (False, False),
        "P1 number() fast path": (True, False),
        "P2 candidate builder": (False, True),
        "P1 + P2": (True, True),
    }
    out = ["Cold parse of the typical offer (cache cleared before each parse)", ""]
    for name, (number, candidate) in variants.items():
        if (number or candidate) and not _same_results(texts, number, candidate):
            return [*out, f"{name}: results differ from the current code; not timed"]
    original = _parser._handlers["candidate"]
    try:
        contenders = [
            Contender(
                name,
                lambda: sdpmodel.parse(text),
                before=_parser._cache.clear,
                setup=_patch_setup(*flags),
            )
            for name, flags in variants.items()
        ]
        group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    finally:
        _builders.number = _original_number
        _parser._handlers["candidate"] = original
    for name in variants:
        ratio = fmt_ratio(group.ratio(name, "current code"))
        out.append(f"  {name:24s} {fmt_time(group.median(name)):>9s}  {ratio}")
    out.append(f"  (results equal to the current code on {len(texts)} texts)")
    return out


def run_serialize(rounds: int, sample_seconds: float) -> list[str]:
    out = ["", "Serialization of the typical offer (ratio vs the floor)", ""]
    text = inputs.typical_offer()
    desc = sdpmodel.parse(text)
    lines = text.split(CRLF)[:-1]
    pairs = [(line[0], line[2:]) for line in lines]
    if not _browser_shaped(desc) or fast_to_sdp(desc) != text or fast_canonical(desc) != text:
        return [*out, "prototypes do not reproduce the text; not timed"]

    def floor() -> str:
        return CRLF.join([f"{kind}={value}" for kind, value in pairs]) + CRLF

    kept = CRLF.join(lines) + CRLF
    contenders = [
        Contender("floor", floor),
        Contender("to_sdp() now", desc.to_sdp),
        Contender("S1 to_sdp() list from slots", lambda: fast_to_sdp(desc)),
        Contender("S3 return kept text", lambda: kept),
        Contender("S3 cost at parse: join lines", lambda: CRLF.join(lines) + CRLF),
        Contender("canonical() now", lambda: sdpmodel.canonical(desc)),
        Contender("S2 canonical() no evolve", lambda: fast_canonical(desc)),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    for contender in contenders:
        name = contender.name
        ratio = fmt_ratio(group.ratio(name, "floor"))
        out.append(f"  {name:30s} {fmt_time(group.median(name)):>9s}  {ratio}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.experiments")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rounds, seconds = (21, 0.002) if args.quick else (61, 0.005)
    sdpmodel.parse(inputs.typical_offer(7))
    try:
        report = run_parse(rounds, seconds) + run_breakdown(rounds, seconds)
    except (KeyError, AttributeError, ValueError) as error:  # private names moved
        report = [f"parse prototypes could not be applied: {error!r}"]
    report += run_blocks(rounds, seconds)
    report += run_serialize(rounds, seconds)
    report += ["", "Memory of the parsed typical offer (M1)", ""]
    report += memory_breakdown(inputs.typical_offer())
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
