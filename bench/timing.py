"""Interleaved timing: every contender of a group runs once per round, round after round.

The machine is shared and noisy, so no single timing means anything.  A
*group* holds the contenders that are compared with each other (the
implementations, and for linearity the sizes).  Each *round* takes one
sample of every contender, in an order rotated by one each round (so no
contender always runs first, right after a ``gc.collect()``, or always after
the same neighbour).  A sample is the mean of ``number`` calls, ``number``
calibrated per contender so that a sample lasts about ``sample_seconds``.

What is reported is the median sample of each contender, and for every
ratio the median over rounds of the ratio *within a round* (paired samples:
a slow patch of the machine slows both sides of the pair), with its
interquartile range to show how noisy the run was.

Only the call itself is timed: ``before`` (per call, e.g. clearing the parse
cache) and ``setup`` (per sample, e.g. priming it) run outside the timer,
and the result is released after the timer stops, so deallocation is not
counted.  The cyclic garbage collector is off while timing, as in ``timeit``.
"""

from __future__ import annotations

import gc
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from time import perf_counter

__all__ = ["Contender", "GroupResult", "Stats", "fmt_ratio", "fmt_time", "run_group"]


@dataclass
class Contender:
    """One thing to time: ``run()`` is the timed call."""

    name: str
    run: Callable[[], object]
    before: Callable[[], object] | None = None  # untimed, before every call
    setup: Callable[[], object] | None = None  # untimed, before every sample


@dataclass(frozen=True)
class Stats:
    median: float
    q1: float
    q3: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if len(values) == 1:
            return cls(values[0], values[0], values[0])
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(median, q1, q3)


@dataclass
class GroupResult:
    names: list[str]
    samples: dict[str, list[float]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    @property
    def rounds(self) -> int:
        return len(next(iter(self.samples.values())))

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])

    def ratio(self, name: str, baseline: str) -> Stats:
        """Median and quartiles of the per-round ratio ``name / baseline``."""
        pairs = zip(self.samples[name], self.samples[baseline], strict=True)
        return Stats.of([a / b for a, b in pairs])


def _sample(contender: Contender, number: int) -> float:
    if contender.setup is not None:
        contender.setup()
    run, before = contender.run, contender.before
    total = 0.0
    for _ in range(number):
        if before is not None:
            before()
        start = perf_counter()
        result = run()
        total += perf_counter() - start
        del result
    return total / number


def run_group(
    contenders: Sequence[Contender],
    *,
    rounds: int,
    sample_seconds: float,
    max_number: int = 10_000,
    keep_gc: bool = False,
) -> GroupResult:
    """Time ``contenders`` round-robin; see the module docstring."""
    result = GroupResult([c.name for c in contenders])
    gc_was_enabled = gc.isenabled()
    try:
        # Calibrate: one warm-up call, then enough calls to last sample_seconds
        # (by the fastest of three single calls, so one slow moment does not decide).
        for contender in contenders:
            _sample(contender, 1)
            once = min(_sample(contender, 1) for _ in range(3))
            number = max(1, min(max_number, math.ceil(sample_seconds / max(once, 1e-7))))
            result.numbers[contender.name] = number
            result.samples[contender.name] = []
        for round_index in range(rounds):
            gc.collect()
            if not keep_gc:
                gc.disable()
            shift = round_index % len(contenders)
            for contender in [*contenders[shift:], *contenders[:shift]]:
                number = result.numbers[contender.name]
                result.samples[contender.name].append(_sample(contender, number))
            gc.enable()
    finally:
        if gc_was_enabled:
            gc.enable()
        else:  # pragma: no cover - nobody runs the bench with gc off
            gc.disable()
    return result


def fmt_time(seconds: float) -> str:
    """A duration with three significant figures and a fitting unit."""
    unit, value = "ns", seconds / 1e-9
    for name, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            unit, value = name, seconds / scale
            break
    text = f"{value:.3g}" if value < 1000 else f"{value:.0f}"
    return f"{text} {unit}"


def fmt_ratio(stats: Stats) -> str:
    """``0.93x [0.91-0.95]``: the median ratio and its interquartile range."""
    return f"{stats.median:.2f}x [{stats.q1:.2f}-{stats.q3:.2f}]"
