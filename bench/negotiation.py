"""Sections 6 and 7 of ``python -m bench``: one full offer/answer round, timed and profiled.

The round is the six calls of a negotiation (createOffer, setLocalDescription,
setRemoteDescription, createAnswer, setLocalDescription, setRemoteDescription)
with N = 1, 10, 50, 200 and 1000 transceivers (audio and video alternating),
added to the offerer before the round.  Three implementations:

* **facade**: two ``sdpmodel.RTCPeerConnection`` on their own
  ``MemoryNetwork``, ``ids=SequentialIds("a")`` / ``("b")``;
* **core**: two ``sdpmodel.jsep.Session`` values, the same six operations,
  no event loop;
* **aiortc**: two ``aiortc.RTCPeerConnection``.  aiortc has no trickle ICE:
  its setLocalDescription gathers candidates on the machine's real interfaces
  before it returns, and the offer/answer sent is ``localDescription`` (with
  the candidates), as aiortc's examples do.  By default it is given
  ``iceServers=[]`` (host candidates only) so that the run does not depend on
  reaching aiortc's default STUN server (stun.l.google.com); ``--aiortc-stun``
  keeps that default.  aiortc also starts its connectivity checks as
  background tasks during the round; they run while the later calls await.

Only the round is timed: the peers are made and the transceivers added in
``before`` (untimed; the loop runs until negotiationneeded and the other
queued events have fired), and the previous peers are closed there too.  The
facade and aiortc rounds are driven by ``loop.run_until_complete`` on one
event loop for the whole section; the cost of that call on an empty coroutine
is measured alongside ("loop overhead") and is included in their times.  A
round ends when the sixth call returns: work a backend posts to the loop for
later (memory-transport steps, aiortc's connectivity checks) runs during the
round only while a later call awaits, and the rest in the next ``before``.

The timing machinery is ``bench.timing`` (interleaved rounds, medians,
per-round ratios with their IQR): one group for N = 1, 10, 50 and one for
N = 200, 1000, each implementation's sizes adjacent so the linearity pairs
t(50)/t(10) and t(1000)/t(200) (5x the transceivers) are close in time.

Section 7 profiles the core and facade rounds at N = 200 and N = 1000 and
lists the functions whose number of calls per round grows more than
linearly (5x the transceivers: 5x calls is linear, 25x quadratic).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Coroutine, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, Protocol

import aiortc

import sdpmodel
from bench.profiling import _where, profile_calls, top_functions
from bench.timing import Contender, GroupResult, Stats, fmt_ratio, fmt_time, run_group
from sdpmodel.jsep import Session
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

__all__ = ["SIZES", "section_negotiation"]

SIZES = (1, 10, 50, 200, 1000)
SMALL, LARGE = (1, 10, 50), (200, 1000)
FACADE, CORE, AIORTC = "sdpmodel facade", "sdpmodel core", "aiortc"
LOOP = "loop overhead"
#: An aiortc round slower than this (in the probe before timing) is left out.
AIORTC_LIMIT_SECONDS = 30.0
#: The targets of issue 3, "Performance".
FACADE_BUDGET_N1, CORE_BUDGET_N1 = 3e-3, 1e-3
VS_AIORTC_N200, LINEARITY = 0.5, 5.5

#: What the Targets table of ``bench.__main__`` takes: (what, limit, measured, IQR text).
TargetRow = tuple[str, float, float, str]


class Config(Protocol):
    """What the sections read of ``bench.__main__.Config`` (a frozen dataclass)."""

    @property
    def rounds(self) -> int: ...
    @property
    def big_rounds(self) -> int: ...
    @property
    def sample_seconds(self) -> float: ...
    @property
    def keep_gc(self) -> bool: ...


def _kinds(n: int) -> list[str]:
    return ["audio" if index % 2 == 0 else "video" for index in range(n)]


class _Loop:
    """One event loop for the section; exceptions of orphaned background tasks are counted."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.errors: dict[str, int] = {}
        self.loop.set_exception_handler(self._handle)

    def _handle(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        del loop
        exc = context.get("exception")
        key = type(exc).__name__ if exc is not None else str(context.get("message"))
        self.errors[key] = self.errors.get(key, 0) + 1

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        loop = self.loop
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(_wait(pending))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


async def _settle(steps: int = 10) -> None:
    """Let the callbacks queued so far (events, transport steps) run."""
    for _ in range(steps):
        await asyncio.sleep(0)


async def _wait(tasks: Sequence[asyncio.Task[Any]]) -> None:
    await asyncio.gather(*tasks, return_exceptions=True)


async def _nothing() -> None:
    return None


class _Round:
    """One implementation at one N: ``prepare`` (untimed) then ``run`` (the six calls)."""

    name: str

    def __init__(self, n: int) -> None:
        self.n = n

    def prepare(self) -> None:
        raise NotImplementedError

    def run(self) -> object:
        raise NotImplementedError

    def check(self) -> str | None:
        """After a ``run``: None if both ends are stable with N transceivers, else the problem."""
        raise NotImplementedError

    def close(self) -> None:
        return None

    def contender(self) -> Contender:
        return Contender(f"{self.name} @{self.n}", self.run, before=self.prepare)


class CoreRound(_Round):
    name = CORE

    def prepare(self) -> None:
        offerer = Session.create(ids=sdpmodel.SequentialIds("a"))
        for kind in _kinds(self.n):
            offerer = offerer.add_transceiver(kind).session
        self.offerer = offerer
        self.answerer = Session.create(ids=sdpmodel.SequentialIds("b"))

    def run(self) -> tuple[Session, Session]:
        step = self.offerer.create_offer()
        offer = step.value
        offerer = step.session.set_local_description("offer", offer).session
        answerer = self.answerer.set_remote_description("offer", offer).session
        step = answerer.create_answer()
        answer = step.value
        answerer = step.session.set_local_description("answer", answer).session
        offerer = offerer.set_remote_description("answer", answer).session
        return offerer, answerer

    def check(self) -> str | None:
        self.prepare()
        offerer, answerer = self.run()
        for end in (offerer, answerer):
            if end.signaling_state != "stable" or len(end.transceivers) != self.n:
                return f"{end.signaling_state}, {len(end.transceivers)} transceivers"
        return None


class _AsyncRound(_Round):
    """A round of two peers driven by ``run_until_complete`` on the section's loop."""

    def __init__(self, n: int, loop: _Loop) -> None:
        super().__init__(n)
        self.loop = loop
        self.peers: tuple[Any, Any] | None = None

    def prepare(self) -> None:
        self.loop.run(self._prepare())

    async def _prepare(self) -> None:
        await self._close()
        offerer, answerer = self._make()
        for kind in _kinds(self.n):
            offerer.addTransceiver(kind)
        self.peers = (offerer, answerer)
        await _settle()

    def _make(self) -> tuple[Any, Any]:
        raise NotImplementedError

    async def _close(self) -> None:
        if self.peers is not None:
            for peer in self.peers:
                await peer.close()
            self.peers = None
            await _settle()

    def close(self) -> None:
        self.loop.run(self._close())

    def run(self) -> None:
        self.loop.run(self._round())

    async def _round(self) -> None:
        raise NotImplementedError

    def check(self) -> str | None:
        self.prepare()
        self.run()
        return self.verify()

    def verify(self) -> str | None:
        assert self.peers is not None
        for end in self.peers:
            count = len(end.getTransceivers())
            if end.signalingState != "stable" or count != self.n:
                return f"{end.signalingState}, {count} transceivers"
        return None


class FacadeRound(_AsyncRound):
    name = FACADE

    def _make(self) -> tuple[Any, Any]:
        network = MemoryNetwork()
        return (
            sdpmodel.RTCPeerConnection(
                transport=MemoryTransport(network), ids=sdpmodel.SequentialIds("a")
            ),
            sdpmodel.RTCPeerConnection(
                transport=MemoryTransport(network), ids=sdpmodel.SequentialIds("b")
            ),
        )

    async def _round(self) -> None:
        assert self.peers is not None
        offerer, answerer = self.peers
        offer = await offerer.createOffer()
        await offerer.setLocalDescription(offer)
        await answerer.setRemoteDescription(offer)
        answer = await answerer.createAnswer()
        await answerer.setLocalDescription(answer)
        await offerer.setRemoteDescription(answer)


class AiortcRound(_AsyncRound):
    name = AIORTC

    def __init__(self, n: int, loop: _Loop, *, stun: bool = False) -> None:
        super().__init__(n, loop)
        self.stun = stun

    def _make(self) -> tuple[Any, Any]:
        servers: list[aiortc.RTCIceServer] | None = None if self.stun else []
        return (
            aiortc.RTCPeerConnection(aiortc.RTCConfiguration(iceServers=servers)),
            aiortc.RTCPeerConnection(aiortc.RTCConfiguration(iceServers=servers)),
        )

    async def _round(self) -> None:
        assert self.peers is not None
        offerer, answerer = self.peers
        offer = await offerer.createOffer()
        await offerer.setLocalDescription(offer)
        await answerer.setRemoteDescription(offerer.localDescription)
        answer = await answerer.createAnswer()
        await answerer.setLocalDescription(answer)
        await offerer.setRemoteDescription(answerer.localDescription)

    def probe(self, limit: float) -> tuple[float | None, str | None]:
        """One round, as ``check``: its seconds (None if over ``limit``) and its problem."""
        self.prepare()
        started = time.perf_counter()
        try:
            self.loop.run(asyncio.wait_for(self._round(), limit))
            return time.perf_counter() - started, self.verify()
        except TimeoutError:
            return None, None
        finally:
            self.close()


# --- report helpers -------------------------------------------------------------------


def _emit(lines: Sequence[str]) -> None:
    print("\n".join(lines), flush=True)


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


def _budget(group: GroupResult, name: str, budget: float) -> Stats:
    """The samples of ``name`` as fractions of ``budget`` (median and quartiles)."""
    return Stats.of([sample / budget for sample in group.samples[name]])


@contextmanager
def _gc_off(keep_gc: bool) -> Iterator[None]:
    """The cyclic GC off while profiling, as while timing (unless ``--keep-gc``)."""
    enabled = gc.isenabled()
    gc.collect()
    if not keep_gc:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- section 6: timing ----------------------------------------------------------------


def _rounds(config: Config) -> tuple[int, int]:
    """Rounds for the N <= 50 group and the N >= 200 group (one N=1000 round is seconds)."""
    return max(5, config.rounds // 3), max(3, config.big_rounds // 2)


def _check(rounds: Sequence[_Round]) -> list[str]:
    problems = []
    for one in rounds:
        problem = one.check()
        one.close()
        if problem is not None:
            problems.append(f"{one.name} @{one.n}: the round ends {problem}")
    return problems


def _time(
    rounds: Sequence[_Round], config: Config, count: int, extra: Sequence[Contender] = ()
) -> GroupResult:
    try:
        return run_group(
            [*(one.contender() for one in rounds), *extra],
            rounds=count,
            sample_seconds=config.sample_seconds,
            keep_gc=config.keep_gc,
        )
    finally:
        for one in rounds:
            one.close()


def _ratio_cell(group: GroupResult, name: str, baseline: str) -> str:
    if name not in group.samples or baseline not in group.samples:
        return "-"
    return fmt_ratio(group.ratio(name, baseline))


def _time_cell(group: GroupResult, name: str) -> str:
    return fmt_time(group.median(name)) if name in group.samples else "-"


def section_negotiation(
    config: Config, *, profile: bool = True, aiortc_stun: bool = False
) -> list[TargetRow]:
    """Print sections 6 (and 7 when ``profile``); return the rows for the Targets table."""
    small_rounds, large_rounds = _rounds(config)
    ice = "aiortc's default STUN server" if aiortc_stun else "iceServers=[], host candidates"
    _emit(
        [
            "",
            "6. Negotiation: one full offer/answer round (createOffer, SLD, SRD, createAnswer,",
            "   SLD, SRD) with N transceivers; median per round, ratio = median of per-round",
            f"   ratios [IQR]; {small_rounds} rounds for N <= 50, {large_rounds} for N >= 200; "
            f"aiortc with {ice}",
            "",
        ]
    )
    loop = _Loop()
    targets: list[TargetRow] = []
    notes: list[str] = []
    try:
        # One untimed round of each, checked; aiortc's largest with a time limit, so that
        # it is left out if it is too slow.
        every: list[_Round] = [FacadeRound(n, loop) for n in SIZES]
        every += [CoreRound(n) for n in SIZES]
        every += [AiortcRound(n, loop, stun=aiortc_stun) for n in SIZES[:-1]]
        problems = _check(every)
        aiortc_sizes = list(SIZES)
        largest = AiortcRound(SIZES[-1], loop, stun=aiortc_stun)
        seconds, problem = largest.probe(AIORTC_LIMIT_SECONDS)
        if problem is not None:
            problems.append(f"{AIORTC} @{SIZES[-1]}: the round ends {problem}")
        if seconds is None:
            aiortc_sizes.remove(SIZES[-1])
            notes.append(
                f"aiortc @{SIZES[-1]}: not timed, one round took over {AIORTC_LIMIT_SECONDS:g} s"
            )

        def group_of(sizes: Sequence[int]) -> list[_Round]:
            rounds: list[_Round] = []
            rounds += [FacadeRound(n, loop) for n in sizes]
            rounds += [CoreRound(n) for n in sizes]
            rounds += [AiortcRound(n, loop, stun=aiortc_stun) for n in sizes if n in aiortc_sizes]
            return rounds

        overhead = Contender(LOOP, lambda: loop.run(_nothing()))
        small = _time(group_of(SMALL), config, small_rounds, [overhead])
        large = _time(group_of(LARGE), config, large_rounds)
    finally:
        loop.close()

    rows = []
    for n in SIZES:
        group = small if n in SMALL else large
        facade, core, peer = f"{FACADE} @{n}", f"{CORE} @{n}", f"{AIORTC} @{n}"
        rows.append(
            [
                str(n),
                _time_cell(group, facade),
                _time_cell(group, core),
                _time_cell(group, peer),
                _ratio_cell(group, facade, peer),
                _ratio_cell(group, core, peer),
                _ratio_cell(group, facade, core),
            ]
        )
    header = ["N", "facade", "core", "aiortc", "facade/aiortc", "core/aiortc", "facade/core"]
    _emit(_table(header, rows, right={0, 1, 2, 3}))
    per = [
        f"{name}: "
        + ", ".join(
            f"{n}: {fmt_time((small if n in SMALL else large).median(f'{name} @{n}') / n)}"
            for n in SIZES
            if f"{name} @{n}" in (small if n in SMALL else large).samples
        )
        for name in (FACADE, CORE, AIORTC)
    ]
    _emit(["", "time per transceiver (median / N):", *(f"  {line}" for line in per)])

    _emit(["", "linearity: t(N) / t(N/5) (median of per-round ratios [IQR]; 5.0 is linear)", ""])
    linear_rows = [
        [
            name,
            _ratio_cell(small, f"{name} @50", f"{name} @10"),
            _ratio_cell(large, f"{name} @1000", f"{name} @200"),
        ]
        for name in (FACADE, CORE, AIORTC)
    ]
    _emit(_table(["implementation", "t(50)/t(10)", "t(1000)/t(200)"], linear_rows, right=set()))

    for name, budget in ((FACADE, FACADE_BUDGET_N1), (CORE, CORE_BUDGET_N1)):
        stats = _budget(small, f"{name} @1", budget)
        what = f"negotiation N=1, {name} / {budget * 1e3:g} ms"
        targets.append((what, 1.0, stats.median, _iqr(stats)))
    if f"{AIORTC} @200" in large.samples:
        stats = large.ratio(f"{FACADE} @200", f"{AIORTC} @200")
        what = "negotiation N=200, facade / aiortc"
        targets.append((what, VS_AIORTC_N200, stats.median, _iqr(stats)))
    for name in (FACADE, CORE):
        stats = large.ratio(f"{name} @1000", f"{name} @200")
        what = f"negotiation {name}: t(1000)/t(200)"
        targets.append((what, LINEARITY, stats.median, _iqr(stats)))

    notes.append(
        f"loop overhead (run_until_complete of an empty coroutine, included in the facade "
        f"and aiortc times): {fmt_time(small.median(LOOP))}"
    )
    if problems:
        notes += [f"CHECK FAILED {problem}" for problem in problems]
    else:
        notes.append(
            "checked once before timing: every round ends stable, N transceivers each side"
        )
    if loop.errors:
        errors = ", ".join(f"{key} x{count}" for key, count in sorted(loop.errors.items()))
        notes.append(f"exceptions of background tasks (aiortc's ICE/DTLS tasks on close): {errors}")
    _emit(["", *notes])

    if profile:
        section_negotiation_profile(config)
    return targets


# --- section 7: profile ---------------------------------------------------------------


Key = tuple[str, int, str]


class _Entry(NamedTuple):
    own: float  # own seconds per round
    calls: float  # calls per round
    caller: Key | None  # the caller that makes the most of those calls


def _per_round(stats: Any, rounds: int) -> dict[Key, _Entry]:
    """Function -> own time, calls and main caller, per profiled round."""
    entries = {}
    for key, (_, ncalls, own, _, callers) in stats.stats.items():
        caller = max(callers, key=lambda c: callers[c][1]) if callers else None
        entries[key] = _Entry(own / rounds, ncalls / rounds, caller)
    return entries


def super_linear(
    small: dict[Key, _Entry], large: dict[Key, _Entry], factor: float, limit: int = 10
) -> list[str]:
    """The functions whose calls, or own time, per round grow super-linearly.

    ``factor`` is how much larger the input is (linear growth).  A function is
    listed when its calls grow more than 1.5 * ``factor`` (if it is called 1000
    times or more), or its own time more than 3 * ``factor`` (if it has at least
    1% of the large round's time): a loop inside it.  Smaller growth of own time
    is within the noise of one profiled round and of a larger heap.
    """
    total = sum(entry.own for entry in large.values())
    found = []
    for key, entry in large.items():
        before = small.get(key)
        if before is None or before.calls == 0:
            continue
        calls = entry.calls / before.calls
        own = entry.own / before.own if before.own > 0 else 0.0
        if (entry.calls >= 1000 and calls > 1.5 * factor) or (
            entry.own >= 0.01 * total and own > 3 * factor
        ):
            found.append((entry.own, key, before, entry, own, calls))
    found.sort(key=lambda item: item[0], reverse=True)
    lines = [
        f"{'own small':>10} {'own large':>10} {'x own':>6} {'x calls':>7}  function  <- main caller"
    ]
    for _, key, before, entry, own, calls in found[:limit]:
        caller = f"  <- {_where(entry.caller)}" if entry.caller is not None else ""
        lines.append(
            f"{1e3 * before.own:8.1f}ms {1e3 * entry.own:8.1f}ms {own:5.1f}x {calls:6.1f}x  "
            f"{_where(key)}{caller}"
        )
    if not found:
        lines.append("(none)")
    return lines


def section_negotiation_profile(config: Config) -> None:
    """Section 7: the core and facade rounds under cProfile at N = 200 and N = 1000."""
    _emit(
        [
            "",
            "7. cProfile of the negotiation round (top 12 by own time, per round; gc as while",
            "   timing), then the functions whose cost per round grows super-linearly",
        ]
    )
    loop = _Loop()
    try:
        for maker in (CoreRound, lambda n: FacadeRound(n, loop)):
            per_size: dict[int, dict[Key, _Entry]] = {}
            name = ""
            for n, calls in ((200, 3), (1000, 1)):
                one: _Round = maker(n)
                name = one.name
                one.prepare()
                one.run()  # warm-up
                with _gc_off(config.keep_gc):
                    stats = profile_calls(one.run, calls, before=one.prepare)
                one.close()
                per_size[n] = _per_round(stats, calls)
                _emit(["", f"{name} @{n} ({calls} rounds):", *top_functions(stats, calls, 12)])
            _emit(
                [
                    "",
                    f"{name}: from N=200 to N=1000, calls growing more than 7.5x or own time "
                    "more than 15x (5x is linear, 25x quadratic):",
                    *super_linear(per_size[200], per_size[1000], 5.0),
                ]
            )
    finally:
        loop.close()
