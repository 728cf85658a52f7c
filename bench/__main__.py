"""``python -m bench [--quick]``: sdpmodel vs aiortc vs sdp-transform, in one interleaved run.

Sections (the method is in ``docs/benchmarks.md``):

1. parse: a typical Chrome offer, 200 and 1000 m-sections, a plan-b offer
   with 500 ``a=ssrc`` lines, the valid public corpus; sdpmodel cold (parse
   cache cleared before every parse) and warm (cache filled);
2. serialization: ``to_sdp()``, ``canonical()``, aiortc ``str()`` and
   sdp-transform ``write()`` against the floor (one f-string per line and a join);
3. linearity: t(1000 m-sections) / t(200);
4. retained memory of the parsed result, per byte of SDP text;
5. cProfile top functions of the cold and warm typical-offer parse;
6. negotiation: a full offer/answer round with N = 1 ... 1000 transceivers through
   the facade, the pure core and aiortc (``bench/negotiation.py``);
7. cProfile of the core and facade rounds at N = 200 and 1000;
8. connect time on real sockets: two sdpmodel peers on the aiortc backend vs
   two aiortc RTCPeerConnections, new peers to an open data channel
   (``bench/connect.py``);
9. adversarial sizes: many m-sections, lines, candidates, repeats, one long
   line and up to 10 MB, parsed with ``Limits.none()`` at n, 2n, 4n, 8n, and
   the growth ratios (``bench/adversarial.py``);
10. negotiation in headless Chromium: the round of section 6 between two
    browser RTCPeerConnections in Debian's chromium (in a network namespace
    with only ``lo``), alternated with the sdpmodel facade round
    (``bench/chromium.py``; skipped, with the reason, where it cannot run);

then every target with its measured value and whether it is met.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import sdp_transform  # type: ignore[import-untyped]
from aiortc.sdp import SessionDescription as AiortcDescription

import sdpmodel
from bench import adversarial, chromium, connect, inputs, negotiation
from bench.memory import retained
from bench.profiling import profile_calls, top_functions
from bench.timing import Contender, GroupResult, Stats, fmt_ratio, fmt_time, run_group
from sdpmodel import _parser

COLD, WARM, SIMILAR = "sdpmodel cold", "sdpmodel warm", "sdpmodel warm (similar)"
AIORTC, SDPT = "aiortc", "sdp-transform"
FLOOR = "floor (f-string + join)"


@dataclass(frozen=True)
class Config:
    rounds: int  # rounds for the fast groups
    big_rounds: int  # rounds for the 200/1000 m-section group
    sample_seconds: float
    profile_calls: int
    keep_gc: bool


@dataclass(frozen=True)
class Target:
    what: str
    limit: float
    measured: float
    spread: str = ""

    @property
    def met(self) -> bool:
        return self.measured <= self.limit


def _clear_cache() -> None:
    _parser._cache.clear()


def _parse_sdpmodel(text: str) -> object:
    return sdpmodel.parse(text)


def _parse_aiortc(text: str) -> object:
    return AiortcDescription.parse(text)


def _parse_sdpt(text: str) -> object:
    return sdp_transform.parse(text)


def _bind(function: Callable[[Any], object], argument: object) -> Callable[[], object]:
    return lambda: function(argument)


def _canonical(desc: sdpmodel.SessionDescription) -> str:
    return sdpmodel.canonical(desc)


def parse_contenders(text: str, suffix: str = "") -> list[Contender]:
    """sdpmodel cold and warm, aiortc and sdp-transform parsing ``text``."""
    run_sdpmodel = _bind(_parse_sdpmodel, text)
    return [
        Contender(COLD + suffix, run_sdpmodel, before=_clear_cache),
        Contender(WARM + suffix, run_sdpmodel, setup=run_sdpmodel),
        Contender(AIORTC + suffix, _bind(_parse_aiortc, text)),
        Contender(SDPT + suffix, _bind(_parse_sdpt, text)),
    ]


class _Similar:
    """A fresh typical offer (new identifiers, same codecs) for every call."""

    def __init__(self) -> None:
        self.seed = 1_000_000
        self.text = inputs.typical_offer(self.seed)

    def advance(self) -> None:
        self.seed += 1
        self.text = inputs.typical_offer(self.seed)

    def parse(self) -> object:
        return sdpmodel.parse(self.text)


def similar_contender() -> Contender:
    similar = _Similar()
    return Contender(
        SIMILAR,
        similar.parse,
        before=similar.advance,
        setup=lambda: sdpmodel.parse(inputs.typical_offer(999_999)),
    )


# --- report helpers -------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _iqr(stats: Stats) -> str:
    return f"[{stats.q1:.2f}-{stats.q3:.2f}]"


def _emit(lines: Sequence[str]) -> None:
    print("\n".join(lines), flush=True)


def _size(text: str) -> str:
    size = len(text.encode())
    return f"{size / 1024:.1f} KiB" if size < 1024 * 1024 else f"{size / 1024**2:.2f} MiB"


def _parse_rows(
    label: str, text_size: str, group: GroupResult, names: Sequence[str], suffix: str = ""
) -> list[list[str]]:
    rows = []
    for index, name in enumerate(names):
        key = name + suffix
        ratio = fmt_ratio(group.ratio(key, AIORTC + suffix))
        rows.append(
            [
                label if index == 0 else "",
                text_size if index == 0 else "",
                name,
                fmt_time(group.median(key)),
                ratio,
                str(group.numbers[key]),
            ]
        )
    return rows


PARSE_HEADER = ["input", "size", "implementation", "median", "vs aiortc [IQR]", "calls/sample"]


# --- sections -------------------------------------------------------------------------


def section_parse(config: Config, targets: list[Target]) -> GroupResult:
    """Section 1 (and the data of section 3): returns the 200/1000 group."""
    _emit(["", "1. Parse (median time per parse; ratio = median of per-round ratios)", ""])
    rows: list[list[str]] = []
    names = [COLD, WARM, AIORTC, SDPT]

    typical = inputs.typical_offer()
    group = run_group(
        [*parse_contenders(typical), similar_contender()],
        rounds=config.rounds,
        sample_seconds=config.sample_seconds,
        keep_gc=config.keep_gc,
    )
    rows += _parse_rows(
        "(a) typical offer", _size(typical), group, [COLD, WARM, SIMILAR, *names[2:]]
    )
    for name, what in ((COLD, "cold"), (WARM, "warm, same text"), (SIMILAR, "warm, similar")):
        stats = group.ratio(name, AIORTC)
        targets.append(
            Target(
                f"parse typical offer, sdpmodel {what} / aiortc",
                1.0,
                stats.median,
                _iqr(stats),
            )
        )

    small, large = inputs.many_sections_offer(200), inputs.many_sections_offer(1000)
    # Each implementation's 200 and 1000 side by side, so the linearity pair is adjacent in time.
    pairs = zip(parse_contenders(small, " @200"), parse_contenders(large, " @1000"), strict=True)
    big = run_group(
        [contender for pair in pairs for contender in pair],
        rounds=config.big_rounds,
        sample_seconds=config.sample_seconds,
        keep_gc=config.keep_gc,
    )
    rows += _parse_rows("(b) 200 m-sections", _size(small), big, names, " @200")
    rows += _parse_rows("(c) 1000 m-sections", _size(large), big, names, " @1000")

    plan_b = inputs.plan_b_offer(500)
    group = run_group(
        parse_contenders(plan_b),
        rounds=config.rounds,
        sample_seconds=config.sample_seconds,
        keep_gc=config.keep_gc,
    )
    rows += _parse_rows("(d) plan-b, 500 a=ssrc", _size(plan_b), group, names)

    corpus_note = section_corpus(config, rows, names)
    _emit(_table(PARSE_HEADER, rows, right={1, 3, 5}))
    _emit(["", *corpus_note])
    return big


def section_corpus(config: Config, rows: list[list[str]], names: Sequence[str]) -> list[str]:
    files = inputs.load_corpus()
    if not files:
        return ["(e) corpus: not found (set SDPMODEL_CORPUS); skipped"]
    failures: dict[str, list[str]] = {}
    texts = []
    for file in files:
        failed = False
        for name, parse in ((COLD, _parse_sdpmodel), (AIORTC, _parse_aiortc), (SDPT, _parse_sdpt)):
            try:
                parse(file.text)
            except Exception:
                failures.setdefault(name.split()[0], []).append(file.name)
                failed = True
        if not failed:
            texts.append(file.text)

    def cold() -> list[object]:
        results: list[object] = []
        for text in texts:
            _parser._cache.clear()
            results.append(sdpmodel.parse(text))
        return results

    def each(parse: Callable[[str], object]) -> Callable[[], list[object]]:
        return lambda: [parse(text) for text in texts]

    warm = each(_parse_sdpmodel)
    group = run_group(
        [
            Contender(COLD, cold, before=_clear_cache),
            Contender(WARM, warm, setup=warm),
            Contender(AIORTC, each(_parse_aiortc)),
            Contender(SDPT, each(_parse_sdpt)),
        ],
        rounds=config.rounds,
        sample_seconds=config.sample_seconds,
        keep_gc=config.keep_gc,
    )
    total = sum(len(t.encode()) for t in texts)
    label = f"(e) corpus, {len(texts)} files"
    rows += _parse_rows(label, f"{total / 1024:.0f} KiB", group, names)
    skipped = ", ".join(f"{name} fails {len(v)}" for name, v in failures.items()) or "none"
    note = [
        f"(e) corpus: {len(files)} valid=yes files; {len(files) - len(texts)} skipped because a "
        f"parser raised on them ({skipped}); times are for parsing all {len(texts)} once."
    ]
    note += [f"    {name}: {', '.join(v)}" for name, v in failures.items()]
    return note


def section_serialize(config: Config, targets: list[Target]) -> None:
    _emit(["", "2. Serialization (median time per call; ratio vs the floor)", ""])
    rows: list[list[str]] = []
    for label, text in (
        ("typical offer", inputs.typical_offer()),
        ("200 m-sections", inputs.many_sections_offer(200)),
    ):
        desc = sdpmodel.parse(text)
        peer = AiortcDescription.parse(text)
        session = sdp_transform.parse(text)
        pairs = [(line[0], line[2:]) for line in text.split("\r\n")[:-1]]

        def floor(pairs: list[tuple[str, str]] = pairs) -> str:
            return "\r\n".join([f"{kind}={value}" for kind, value in pairs]) + "\r\n"

        assert floor() == text and desc.to_sdp() == text
        canonical_same = sdpmodel.canonical(desc) == text
        contenders = [
            Contender(FLOOR, floor),
            Contender("sdpmodel to_sdp()", desc.to_sdp),
            Contender("sdpmodel canonical()", _bind(_canonical, desc)),
            Contender("aiortc str()", peer.__str__),
            Contender("sdp-transform write()", _bind(sdp_transform.write, session)),
        ]
        group = run_group(
            contenders,
            rounds=config.rounds,
            sample_seconds=config.sample_seconds,
            keep_gc=config.keep_gc,
        )
        for index, contender in enumerate(contenders):
            name = contender.name
            rows.append(
                [
                    label if index == 0 else "",
                    _size(text) if index == 0 else "",
                    name,
                    fmt_time(group.median(name)),
                    fmt_ratio(group.ratio(name, FLOOR)),
                ]
            )
        for name in ("sdpmodel to_sdp()", "sdpmodel canonical()"):
            stats = group.ratio(name, FLOOR)
            targets.append(Target(f"{label}: {name} / floor", 1.5, stats.median, _iqr(stats)))
        if not canonical_same:
            rows.append(["", "", "(canonical() text differs from the input)", "", ""])
    header = ["input", "size", "serializer", "median", "vs floor [IQR]"]
    _emit(_table(header, rows, right={1, 3}))
    _emit(
        [
            "",
            "to_sdp() joins the line text the parser kept; canonical() formats every line",
            "from its fields, without that text.  aiortc and sdp-transform write their own",
            "normalised text (not byte-exact): reference only.",
        ]
    )


def section_linearity(big: GroupResult, targets: list[Target]) -> None:
    _emit(
        ["", "3. Linearity: t(1000 m-sections) / t(200) (5x the input; median per-round ratio)", ""]
    )
    rows = []
    for name in (COLD, WARM, AIORTC, SDPT):
        stats = big.ratio(f"{name} @1000", f"{name} @200")
        rows.append(
            [
                name,
                fmt_time(big.median(f"{name} @200")),
                fmt_time(big.median(f"{name} @1000")),
                fmt_ratio(stats),
            ]
        )
        if name.startswith("sdpmodel"):
            targets.append(
                Target(f"linearity {name}: t(1000)/t(200)", 5.5, stats.median, _iqr(stats))
            )
    _emit(_table(["implementation", "200", "1000", "ratio [IQR]"], rows, right={1, 2}))


def section_memory(targets: list[Target]) -> None:
    _emit(
        [
            "",
            "4. Retained memory of the parsed result (tracemalloc, result alive, after gc)",
            "",
        ]
    )
    rows: list[list[str]] = []
    for label, text in (
        ("typical offer", inputs.typical_offer()),
        ("200 m-sections", inputs.many_sections_offer(200)),
        ("plan-b, 500 a=ssrc", inputs.plan_b_offer(500)),
    ):
        size = len(text.encode())
        for parse in (_parse_sdpmodel, _parse_aiortc, _parse_sdpt):
            parse(inputs.typical_offer(7))  # one-time tables, compiled regexes
        measured = [
            (
                "sdpmodel (cold parse; cache cleared after)",
                retained(_parse_sdpmodel, text, before=_clear_cache, after=_clear_cache),
            ),
            (
                "sdpmodel + the parse cache it filled",
                retained(_parse_sdpmodel, text, before=_clear_cache),
            ),
            ("aiortc", retained(_parse_aiortc, text)),
            ("sdp-transform", retained(_parse_sdpt, text)),
        ]
        for index, (name, nbytes) in enumerate(measured):
            rows.append(
                [
                    label if index == 0 else "",
                    f"{size:,}" if index == 0 else "",
                    name,
                    f"{nbytes:,}",
                    f"{nbytes / size:.2f}x",
                ]
            )
        targets.append(
            Target(f"{label}: sdpmodel retained / text size", 8.0, measured[0][1] / size)
        )
    _clear_cache()
    header = ["input", "text bytes", "implementation", "retained bytes", "per text byte"]
    _emit(_table(header, rows, right={1, 3, 4}))


def section_profile(config: Config) -> None:
    text = inputs.typical_offer()
    calls = config.profile_calls
    _emit(["", f"5. cProfile of the typical-offer parse ({calls} calls; top 15 by own time)"])
    run = functools.partial(sdpmodel.parse, text)  # no wrapper frame in the profile
    stats = profile_calls(run, calls, before=_clear_cache)
    _emit(["", "cold (cache cleared before each parse):", *top_functions(stats, calls)])
    sdpmodel.parse(text)
    stats = profile_calls(run, calls * 4)
    _emit(["", "warm (same text, every line cached):", *top_functions(stats, calls * 4)])
    desc = sdpmodel.parse(text)
    stats = profile_calls(functools.partial(sdpmodel.canonical, desc), calls)
    _emit(["", "canonical() of the typical offer (top 10):", *top_functions(stats, calls, 10)])


def _measured(ratio: float) -> str:
    """Two decimals, three below 0.1 (the Chromium target is 0.05x)."""
    return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.3f}x"


def section_targets(targets: Sequence[Target]) -> None:
    _emit(["", "Targets (median; [IQR] of the per-round ratios)", ""])
    rows = [
        [t.what, f"<= {t.limit:g}x", _measured(t.measured), t.spread, "met" if t.met else "NOT MET"]
        for t in targets
    ]
    _emit(_table(["target", "limit", "measured", "IQR", "verdict"], rows, right={1, 2}))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="sdpmodel vs aiortc vs sdp-transform: parse, serialize, linearity, memory",
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds, shorter samples")
    parser.add_argument("--rounds", type=int, help="rounds for the small inputs")
    parser.add_argument(
        "--keep-gc", action="store_true", help="leave the cyclic GC on while timing"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip sections 5 and 7")
    parser.add_argument(
        "--negotiation-only", action="store_true", help="only sections 6 and 7 (negotiation)"
    )
    parser.add_argument("--no-negotiation", action="store_true", help="skip sections 6 and 7")
    parser.add_argument("--connect-only", action="store_true", help="only section 8 (connect time)")
    parser.add_argument("--no-connect", action="store_true", help="skip section 8")
    parser.add_argument(
        "--adversarial-only", action="store_true", help="only section 9 (adversarial sizes)"
    )
    parser.add_argument("--no-adversarial", action="store_true", help="skip section 9")
    parser.add_argument(
        "--chromium-only",
        action="store_true",
        help="only section 10 (negotiation in headless Chromium)",
    )
    parser.add_argument("--no-chromium", action="store_true", help="skip section 10")
    parser.add_argument(
        "--aiortc-stun",
        action="store_true",
        help="negotiation: aiortc with its default STUN server, not iceServers=[]",
    )
    args = parser.parse_args(argv)
    rounds = args.rounds or (21 if args.quick else 61)
    config = Config(
        rounds=rounds,
        big_rounds=max(3, rounds // 2) if args.rounds else (5 if args.quick else 13),
        sample_seconds=0.002 if args.quick else 0.005,
        profile_calls=50 if args.quick else 100,
        keep_gc=args.keep_gc,
    )
    started = time.perf_counter()
    load = os.getloadavg()
    _emit(
        [
            f"sdpmodel benchmark ({'quick' if args.quick else 'full'} run): "
            f"Python {platform.python_version()} on {platform.machine()}, "
            f"{os.cpu_count()} CPUs, load average {load[0]:.2f}",
            f"peers: aiortc {version('aiortc')}, sdp-transform {version('sdp-transform')}; "
            f"{config.rounds} rounds ({config.big_rounds} for 200/1000 m-sections), "
            f"samples of ~{config.sample_seconds * 1000:.0f} ms, "
            f"gc {'on' if config.keep_gc else 'off'} while timing",
        ]
    )
    targets: list[Target] = []
    if args.connect_only:
        connect.section_connect()
        return 0
    if args.adversarial_only:
        adversarial.section_adversarial(rounds=3 if args.quick else 5)
        return 0
    if args.chromium_only:
        targets += [Target(*row) for row in chromium.section_chromium(config)]
        if targets:
            section_targets(targets)
        return 0
    if not args.negotiation_only:
        big = section_parse(config, targets)
        section_serialize(config, targets)
        section_linearity(big, targets)
        section_memory(targets)
        if not args.no_profile:
            section_profile(config)
    if not args.no_negotiation:
        rows = negotiation.section_negotiation(
            config, profile=not args.no_profile, aiortc_stun=args.aiortc_stun
        )
        targets += [Target(*row) for row in rows]
    if not (args.no_connect or args.negotiation_only):
        connect.section_connect(runs=9 if args.quick else 21)
    if not (args.no_adversarial or args.negotiation_only):
        adversarial.section_adversarial(rounds=3 if args.quick else 5)
    if not (args.no_chromium or args.negotiation_only):
        targets += [Target(*row) for row in chromium.section_chromium(config)]
    section_targets(targets)
    load = os.getloadavg()
    _emit(
        [
            "",
            f"wall time {time.perf_counter() - started:.0f} s; "
            f"load average at the end {load[0]:.2f}",
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
