"""Section 9 of ``python -m bench``: adversarial sizes, and how the time grows with them.

The inputs are ``sdpmodel.testing.adversarial``'s (deterministic, well-formed
SDP built to a size): many m-sections, many lines, many candidates in one
m-section, one attribute repeated, one very long line, and a description of
a given size.  Each kind is parsed at four sizes, n, 2n, 4n and 8n (up to
the issue's 10 MB, 100,000 lines, 10,000 m-sections, 100,000 candidates,
and a 1 MiB line), with ``Limits.none()`` so that nothing is cut short and
the parser's cache cleared before every call (a first parse: the worst
case).  A kind whose time is linear shows ratios near 2.0 between
neighbouring sizes; 4.0 would be quadratic.  A last row does the same for
the negotiation core: ``setRemoteDescription(offer)`` plus
``createAnswer()`` on m-sections, and another on one m-section with many
distinct ``a=msid`` streams (a scan of a list per stream would be
quadratic there, which no count of function calls in the tests sees).

The sizes of one kind form one group of ``bench.timing`` (interleaved
rounds, medians, per-round ratios with their IQR), so each ratio compares
samples taken moments apart.  With the default limits, every input past
the first size of the m-sections, candidates and long-line rows is
rejected in constant or linear time at the line that crosses the limit:
the last column says where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sdpmodel
from bench.timing import Contender, fmt_ratio, fmt_time, run_group
from sdpmodel import Limits, SequentialIds, _parser
from sdpmodel.jsep import Session
from sdpmodel.testing import adversarial

__all__ = ["section_adversarial"]

NONE = Limits.none()

#: kind -> (builder, the four sizes, what a size counts)
KINDS: dict[str, tuple[Callable[[int], str], Sequence[int], str]] = {
    "m-sections": (adversarial.many_media_sections, (1250, 2500, 5000, 10_000), "m-sections"),
    "lines": (adversarial.many_lines, (12_500, 25_000, 50_000, 100_000), "lines"),
    "candidates": (adversarial.many_candidates, (12_500, 25_000, 50_000, 100_000), "candidates"),
    "repeated a=rtcp-fb": (
        adversarial.repeated_attribute,
        (12_500, 25_000, 50_000, 100_000),
        "repeats",
    ),
    "one long line": (adversarial.long_line, (131_072, 262_144, 524_288, 1_048_576), "chars"),
    "size": (
        adversarial.description_of_size,
        (1_250_000, 2_500_000, 5_000_000, 10_000_000),
        "chars",
    ),
}
CORE_SIZES = (250, 500, 1000, 2000)
MSID_SIZES = (12_500, 25_000, 50_000, 100_000)


def _clear() -> None:
    _parser._cache.clear()
    _parser._cache_text[0] = 0


def _default_outcome(text: str) -> str:
    try:
        sdpmodel.parse(text)
    except sdpmodel.RTCError as exc:
        return f"line {exc.sdp_line_number}: {exc.message.split(' (')[-1].rstrip(')')}"
    return "parsed"


def _negotiate(text: str) -> object:
    session = Session.create(ids=SequentialIds("b"), limits=NONE)
    return session.set_remote_description("offer", text).session.create_answer()


def section_adversarial(*, rounds: int = 5) -> None:
    """Print the parse time of each adversarial kind at four sizes and the growth ratios."""
    print()
    print("9. Adversarial sizes: cold parse, Limits.none() (median; ratio = per-round t(2n)/t(n))")
    print()
    header = f"{'input':<20} {'n':>10} {'size':>10} {'median':>9}  {'vs n/2 [IQR]':<20} defaults"
    print(header)
    print("-" * len(header))
    rows: list[tuple[str, Callable[[int], str], Sequence[int], Callable[[str], object]]] = [
        (kind, build, sizes, lambda text: sdpmodel.parse(text, limits=NONE))
        for kind, (build, sizes, _unit) in KINDS.items()
    ]
    rows.append(("core sRD + answer", adversarial.many_media_sections, CORE_SIZES, _negotiate))
    rows.append(("core sRD, a=msid", adversarial.distinct_attributes, MSID_SIZES, _negotiate))
    for kind, build, sizes, action in rows:
        texts = {n: build(n) for n in sizes}
        contenders = [
            Contender(f"{kind} @{n}", lambda t=texts[n], a=action: a(t), before=_clear)
            for n in sizes
        ]
        result = run_group(contenders, rounds=rounds, sample_seconds=0.0)
        for index, n in enumerate(sizes):
            name = f"{kind} @{n}"
            ratio = fmt_ratio(result.ratio(name, f"{kind} @{sizes[index - 1]}")) if index else ""
            outcome = _default_outcome(texts[n]) if action is not _negotiate else ""
            size = f"{len(texts[n]) / 1024 / 1024:.2f} MiB"
            print(
                f"{kind if index == 0 else '':<20} {n:>10,} {size:>10} "
                f"{fmt_time(result.median(name)):>9}  {ratio:<20} {outcome}"
            )
        _clear()
    print()
    print("A ratio near 2.0 is linear growth (each size is twice the one above it).")
