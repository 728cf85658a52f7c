"""Retained memory: what a parsed description keeps alive, not the peak while parsing.

``retained(parse, text)`` takes a tracemalloc snapshot, parses (keeping the
result), optionally runs ``after`` (for sdpmodel: clear the parse cache, so
that only what the model itself references is left), collects garbage and
takes a second snapshot.  The difference is the memory the result retains.
The text itself was allocated before the first snapshot and is not counted.

Call the parser once before measuring so that one-time work (compiled
regexes, lookup tables) is not charged to the result.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable

__all__ = ["retained"]

_FILTERS = [
    tracemalloc.Filter(False, tracemalloc.__file__),
    tracemalloc.Filter(False, __file__),
]


def _traced(snapshot: tracemalloc.Snapshot) -> int:
    return sum(stat.size for stat in snapshot.filter_traces(_FILTERS).statistics("filename"))


def retained(
    parse: Callable[[str], object],
    text: str,
    *,
    before: Callable[[], object] | None = None,
    after: Callable[[], object] | None = None,
) -> int:
    """Bytes still allocated, with the result alive, after ``parse(text)``."""
    if before is not None:
        before()
    gc.collect()
    tracemalloc.start()
    try:
        first = _traced(tracemalloc.take_snapshot())
        result = parse(text)
        if after is not None:
            after()
        gc.collect()
        second = _traced(tracemalloc.take_snapshot())
    finally:
        tracemalloc.stop()
    del result
    return second - first
