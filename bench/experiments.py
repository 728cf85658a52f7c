"""``python -m bench.experiments``: prototypes of speed-ups, timed against the current code.

Evidence for the suggestions in ``docs/benchmarks.md``.  A prototype patches
nothing: it runs beside the current code in this process, is checked to
give the same values on the typical offer, and is timed interleaved with it
(``bench.timing``).  They reach into private names (``_parser._value_handlers``,
``_parser._text_blocks``); when those move, a section reports that it could
not run instead of failing the run.

What earlier versions of this file prototyped is now the code and is no
longer timed here: ``number()`` in a few C calls (was P1), candidates on
``str.split`` (P2), values made by writing their slots (P3b, now
``_builders.direct``), ``to_sdp()`` as one list (S1) and ``canonical()``
without ``attrs.evolve`` copies (S2).  ``python -m bench`` measures those.

* B: the cold parse of the typical offer split into phases (blocks and
  lines with their order checked, the grammar regexes, the builders), each
  timed alone.
* D: every typed value of the typical offer made by its class (attrs'
  ``__init__``) and by ``direct()``: what ``direct()`` saves on the classes
  that use it, and what the others would save.
* P3a: one regex with capture groups per value rule (what ``_grammar`` could
  emit for the terminals a builder needs) instead of the grammar's regex and
  then splitting, for ``a=rtpmap``.
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
from typing import Any

import attrs

import sdpmodel
from bench import inputs
from bench.timing import Contender, fmt_ratio, fmt_time, run_group
from sdpmodel import _builders, _parser
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import Line

CRLF = "\r\n"


# --- B: phases of a cold parse --------------------------------------------------------


def _typed_values(text: str) -> list[tuple[Callable[[str], Any], Callable[[str], Any], str]]:
    """(regex fullmatch, builder, value) for every line of ``text`` that has a value rule."""
    _parser._ensure_tables()
    typed = []
    for line in _parser._split_lines(text, False):
        if line[0] == "a":
            head, sep, value = line.partition(":")
            handler = _parser._value_handlers.get(head)
            if handler is not None and sep:
                typed.append((handler[0], handler[1], value))
        else:
            match, build, _ = _parser._field_handlers[line[0]]
            typed.append((match, build, line[2:]))
    return typed


def run_breakdown(rounds: int, sample_seconds: float) -> list[str]:
    text = inputs.typical_offer()
    typed = _typed_values(text)
    structures = _parser._block_structure

    def structure() -> object:
        blocks = list(_parser._text_blocks(text))
        kinds = ["session"] + ["media"] * (len(blocks) - 1)
        return [
            _parser._block_letters(lines, structures[kind])
            for kind, (_, lines) in zip(kinds, blocks, strict=True)
        ]

    def regexes() -> object:
        return [match(value) for match, _, value in typed]

    def builders() -> object:
        return [build(value) for _, build, value in typed]

    contenders = [
        Contender("whole cold parse", lambda: sdpmodel.parse(text), before=_parser._cache.clear),
        Contender("blocks, lines, their order", structure),
        Contender(f"grammar regex on {len(typed)} values", regexes),
        Contender(f"builders of {len(typed)} values", builders),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    out = ["Phases of the cold parse of the typical offer (share: vs the whole parse)", ""]
    for contender in contenders:
        name = contender.name
        share = fmt_ratio(group.ratio(name, contenders[0].name))
        out.append(f"  {name:32s} {fmt_time(group.median(name)):>9s}  {share}")
    out.append("  (the rest: the assembly loops, the cache, the attribute names, the model)")
    return out


# --- D: attrs' __init__ against direct() ---------------------------------------------------


def run_constructors(rounds: int, sample_seconds: float) -> list[str]:
    _parser._cache.clear()
    desc = sdpmodel.parse(inputs.typical_offer())
    values: list[Line] = [*desc.attributes]
    for media in desc.media:
        values += [*media.connections, *media.attributes]
    # The builders' direct() functions are named new_<Class> (see _builders.direct).
    made_directly = {
        function.__name__.removeprefix("new_")
        for name, function in vars(_builders).items()
        if name.startswith("new_") and callable(function)
    }
    used = {cls for cls in {type(v) for v in values} if cls.__name__ in made_directly}
    calls: list[tuple[type[Line], Callable[..., Line], tuple[Any, ...]]] = []
    for value in values:
        fields = [f for f in attrs.fields(type(value)) if f.init]
        if not fields:  # a flag: one shared value, nothing to make
            continue
        arguments = tuple(getattr(value, f.name) for f in fields)
        calls.append((type(value), _builders.direct(type(value)), arguments))
    assert all(make(*a) == cls(*a) for cls, make, a in calls)

    def by_class(direct_classes: bool) -> Callable[[], object]:
        chosen = [(cls, a) for cls, _, a in calls if (cls in used) is direct_classes]
        return lambda: [cls(*a) for cls, a in chosen]

    def by_direct(direct_classes: bool) -> Callable[[], object]:
        chosen = [(make, a) for cls, make, a in calls if (cls in used) is direct_classes]
        return lambda: [make(*a) for make, a in chosen]

    count_used = sum(1 for cls, _, _ in calls if cls in used)
    count_rest = len(calls) - count_used
    contenders = [
        Contender(f"{count_used} values of the direct() classes: attrs", by_class(True)),
        Contender(f"{count_used} values of the direct() classes: direct()", by_direct(True)),
        Contender(f"{count_rest} values of the other classes: attrs", by_class(False)),
        Contender(f"{count_rest} values of the other classes: direct()", by_direct(False)),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    out = ["", "Making the typed values of the typical offer (ratio vs the line above)", ""]
    for index, contender in enumerate(contenders):
        name = contender.name
        ratio = fmt_ratio(group.ratio(name, contenders[index - 1].name)) if index % 2 else ""
        out.append(f"  {name:52s} {fmt_time(group.median(name)):>9s}  {ratio}")
    return out


# --- P3a: a capturing regex per value rule ------------------------------------------------

# rtpmap_value: DIGITS _SP ENCODING_NAME "/" DIGITS ("/" DIGITS)?, with the terminals captured.
_RTPMAP_CAPTURE = re.compile(
    r"([0-9]+)(?:\ )([!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+)/([0-9]+)(?:/([0-9]+))?"
)
_PAYLOAD_TYPES = {str(pt): pt for pt in range(128)}


def _uint(text: str, high: int, low: int = 0) -> int | None:
    if text.isdigit() and text.isascii() and (len(text) == 1 or text[0] != "0"):
        result = int(text)
        if low <= result <= high:
            return result
    return None


def rtpmap_captured(value: str) -> Any:
    """One fullmatch gives the fields; then the same checks and the same direct() constructor."""
    match = _RTPMAP_CAPTURE.fullmatch(value)
    assert match is not None
    pt, encoding, clock, channels = match.groups()
    payload_type, clock_rate = _PAYLOAD_TYPES.get(pt), _uint(clock, 2**32 - 1, 1)
    params = None if channels is None else _uint(channels, 2**32 - 1, 1)
    assert payload_type is not None and clock_rate is not None
    assert channels is None or params is not None
    return _builders.new_rtpmap(payload_type, encoding, clock_rate, params)


def run_capture(rounds: int, sample_seconds: float) -> list[str]:
    value = "111 opus/48000/2"
    grammar = GRAMMAR.regex("rtpmap_value").fullmatch
    build = _builders.BUILDERS["rtpmap_value"]
    assert rtpmap_captured(value) == build(value)

    def now() -> object:
        grammar(value)
        return build(value)

    contenders = [
        Contender("grammar regex + rtpmap_value() now", now),
        Contender("P3a capturing regex + checks + direct()", lambda: rtpmap_captured(value)),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    out = ["", "Building one a=rtpmap value (ratio vs the current code)", ""]
    for contender in contenders:
        name = contender.name
        ratio = fmt_ratio(group.ratio(name, contenders[0].name))
        out.append(f"  {name:42s} {fmt_time(group.median(name)):>9s}  {ratio}")
    return out


# --- S3: serialization -------------------------------------------------------------------


def run_serialize(rounds: int, sample_seconds: float) -> list[str]:
    out = ["", "Serialization of the typical offer (ratio vs the floor)", ""]
    text = inputs.typical_offer()
    desc = sdpmodel.parse(text)
    lines = text.split(CRLF)[:-1]
    pairs = [(line[0], line[2:]) for line in lines]

    def floor() -> str:
        return CRLF.join([f"{kind}={value}" for kind, value in pairs]) + CRLF

    kept = CRLF.join(lines) + CRLF
    assert floor() == kept == desc.to_sdp() == sdpmodel.canonical(desc)
    contenders = [
        Contender("floor", floor),
        Contender("to_sdp() now", desc.to_sdp),
        Contender("canonical() now", lambda: sdpmodel.canonical(desc)),
        Contender("S3 return kept text", lambda: kept),
        Contender("S3 cost at parse: join lines", lambda: CRLF.join(lines) + CRLF),
    ]
    group = run_group(contenders, rounds=rounds, sample_seconds=sample_seconds)
    for contender in contenders:
        name = contender.name
        ratio = fmt_ratio(group.ratio(name, "floor"))
        out.append(f"  {name:30s} {fmt_time(group.median(name)):>9s}  {ratio}")
    return out


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.experiments")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rounds, seconds = (21, 0.002) if args.quick else (61, 0.005)
    sdpmodel.parse(inputs.typical_offer(7))
    report: list[str] = []
    for section in (run_breakdown, run_constructors, run_capture):
        try:
            report += section(rounds, seconds)
        except (KeyError, AttributeError, ValueError) as error:  # private names moved
            report += ["", f"{section.__name__} could not run: {error!r}"]
    report += run_serialize(rounds, seconds)
    report += ["", "Memory of the parsed typical offer (M1)", ""]
    report += memory_breakdown(inputs.typical_offer())
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
