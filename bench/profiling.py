"""Where the time goes: cProfile over repeated calls, summarised as the top functions.

Only the call is profiled (``before`` runs with the profiler off), so a cold
parse does not show the cache being cleared.  cProfile adds a fixed cost per
Python call, which inflates code that makes many small calls: read the
table for *where* time goes, and the timing tables for *how much*.
"""

from __future__ import annotations

import cProfile
import os
import pstats
from collections.abc import Callable

__all__ = ["profile_calls", "top_functions"]


def profile_calls(
    run: Callable[[], object], calls: int, before: Callable[[], object] | None = None
) -> pstats.Stats:
    profiler = cProfile.Profile()
    for _ in range(calls):
        if before is not None:
            before()
        profiler.enable()
        result = run()
        profiler.disable()
        del result
    return pstats.Stats(profiler)


def _where(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":  # a builtin: pstats names it "<built-in method ...>"
        return function
    parts = filename.replace(os.sep, "/").split("/")
    for anchor in ("sdpmodel", "aiortc", "attr", "attrs", "re", "enum", "typing"):
        if anchor in parts[:-1]:
            parts = parts[parts.index(anchor) :]
            break
    else:
        parts = parts[-1:]
    return f"{'/'.join(parts)}:{line}({function})"


def top_functions(stats: pstats.Stats, calls: int, limit: int = 15) -> list[str]:
    """The ``limit`` functions with the most own time, per profiled call."""
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in entries.values())
    rows = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    lines = [
        f"{'own %':>6} {'own/call':>10} {'cum/call':>10} {'calls/call':>10}  function",
    ]
    for key, (_, ncalls, tottime, cumtime, _) in rows:
        lines.append(
            f"{100 * tottime / total:6.1f} {1e6 * tottime / calls:8.1f}µs "
            f"{1e6 * cumtime / calls:8.1f}µs {ncalls / calls:10.1f}  {_where(key)}"
        )
    lines.append(f"(total profiled time per call: {1e6 * total / calls:.1f}µs)")
    return lines
