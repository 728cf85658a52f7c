"""Section 10 of ``python -m bench``: the negotiation round of section 6 in headless Chromium.

Issue 3 compares sdpmodel with a browser: "Headless Chromium takes about
5 s for N=200 and grows superlinearly; we aim to be at least 20x faster
there."  This section measures that browser.  The round is the one of
section 6 (``bench/negotiation.py``): N transceivers, audio and video
alternating (the list of kinds is the one ``FacadeRound`` adds, sent to the
page), added with ``addTransceiver(kind)`` (direction sendrecv, no track) to
the offerer before the round; then createOffer, setLocalDescription,
setRemoteDescription, createAnswer, setLocalDescription,
setRemoteDescription, the description each ``create*`` returned being the
one passed on.

* **Chromium**: two ``RTCPeerConnection`` (default configuration) in one
  page of Debian's ``/usr/bin/chromium``, headless, driven by Playwright
  (``executable_path``; never a Playwright browser download).  The page
  times the six calls with ``performance.now()`` and makes new peers for
  every round (closed after it); adding the transceivers is not timed.
* **sdpmodel facade**: ``FacadeRound`` of section 6, timed in this process
  as there (the cyclic GC off; one sample is the mean of enough rounds to
  last the section's sample time, so a single round at N >= 10).

Chromium runs in a runner process re-executed in a fresh network namespace
whose only interface is ``lo`` (``unshare -n``, then ``ip link set lo up``;
this needs root), so that nothing the browser does leaves the machine.  The
runner answers one request per line on its stdin (the kinds, a time limit)
with one line of JSON; this process alternates: a Chromium round, then a
facade sample, the order swapped every round, so each ratio
facade / Chromium is taken from two samples moments apart.  While one side
works the other waits on a pipe.

The rounds per N are section 6's: its larger count for N <= 200 (a
Chromium round at 200 is about a second), its smaller one for N = 1000.
Each N first has one untimed round on each side (checked: both ends stable
with N transceivers; the first Chromium round also warms the page up).  The
Chromium rounds of one N share a budget of ``BUDGET_SECONDS``: if the
untimed round does not finish within it, the N is skipped and the table
says so; if fewer than the planned rounds fit in what is left, fewer are
taken, and the table gives the count.

Skipped, with the reason printed, without root, ``unshare`` and ``ip``,
Playwright for Python, or ``/usr/bin/chromium``.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import json
import math
import os
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bench.negotiation import (
    FACADE,
    SIZES,
    Config,
    FacadeRound,
    TargetRow,
    _Loop,
    _rounds,
    _table,
)
from bench.timing import Stats, _sample, fmt_time

__all__ = ["BUDGET_SECONDS", "section_chromium", "skip_reason"]

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
#: What the Chromium rounds of one N may take in all (the untimed round included).
BUDGET_SECONDS = 120.0
#: How long the runner may take to start the browser and open the page.
START_SECONDS = 120.0
#: Issue 3: "at least 20x faster" than headless Chromium at N=200.
FASTER_N200 = 20.0
#: A request's answer line, told apart from anything else the runner might print.
MARK = "@@ "

#: Headless, no GPU, no sandbox (we run as root), nothing in the background (Playwright adds
#: --headless and a fresh profile).  No connection is made, so no media or loopback flags.
FLAGS: tuple[str, ...] = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")
FLAGS += ("--disable-component-update", "--disable-sync", "--no-first-run")

#: One round in the page: peers made and transceivers added untimed, the six calls timed.
ROUND = """async (kinds) => {
  const offerer = new RTCPeerConnection(), answerer = new RTCPeerConnection();
  for (const kind of kinds) offerer.addTransceiver(kind);
  await new Promise((resolve) => setTimeout(resolve, 0));  // negotiationneeded fires here
  const started = performance.now();
  const offer = await offerer.createOffer();
  await offerer.setLocalDescription(offer);
  await answerer.setRemoteDescription(offer);
  const answer = await answerer.createAnswer();
  await answerer.setLocalDescription(answer);
  await offerer.setRemoteDescription(answer);
  const ms = performance.now() - started;
  const ends = [offerer, answerer].map((pc) => [pc.signalingState, pc.getTransceivers().length]);
  offerer.close();
  answerer.close();
  const wrong = ends.filter(([state, count]) => state !== 'stable' || count !== kinds.length);
  return {ms, offer_bytes: offer.sdp.length,
          problem: wrong.length ? ends.map((end) => end.join(', ')).join(' / ') : null};
}"""


def skip_reason() -> str | None:
    """Why this machine cannot run the section, or None."""
    if os.geteuid() != 0:
        return "not root: Chromium runs in a fresh network namespace (unshare -n), which needs root"
    for command in ("unshare", "ip"):
        if shutil.which(command) is None:
            return f"no {command} on PATH (util-linux / iproute2): needed for the network namespace"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[bench]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Debian chromium at {CHROMIUM} (apt-get install chromium)"
    return None


# --- the runner, inside the network namespace ----------------------------------------------


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(MARK + json.dumps(message) + "\n")
    sys.stdout.flush()


async def _serve() -> None:
    from playwright.async_api import async_playwright

    interfaces = sorted(name for _index, name in socket.if_nameindex())
    if interfaces != ["lo"]:
        _reply({"error": f"refusing to run outside a loopback-only namespace: {interfaces}"})
        return
    loop = asyncio.get_running_loop()
    async with async_playwright() as playwright:
        started = time.monotonic()
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=list(FLAGS)
        )
        try:
            page = await browser.new_page()
            agent = await page.evaluate("navigator.userAgent")
            launch = time.monotonic() - started
            _reply({"chromium": browser.version, "agent": agent, "launch": launch})
            while line := await loop.run_in_executor(None, sys.stdin.readline):
                request = json.loads(line)
                try:
                    result = await asyncio.wait_for(
                        page.evaluate(ROUND, request["kinds"]), request["timeout"]
                    )
                except TimeoutError:  # the page is still busy: start again on a new one
                    result = {"timeout": True}
                    await page.close()
                    page = await browser.new_page()
                except Exception as exc:  # a failure is an answer too
                    result = {"error": f"{type(exc).__name__}: {exc}"}
                _reply(result)
        finally:
            await browser.close()


def runner_main() -> int:
    asyncio.run(_serve())
    return 0


# --- this process's side -------------------------------------------------------------------


class RunnerError(Exception):
    """The runner did not answer (it ended, or took too long); the message says what it wrote."""


class _Runner:
    """The runner in its namespace: one JSON request a line in, one JSON answer a line out."""

    def __init__(self) -> None:
        # A file, not a pipe, so that nothing the runner logs can block it; closed in close().
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        command = ["unshare", "-n", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]
        self.process = subprocess.Popen(
            [*command, sys.executable, "-m", "bench.chromium", "--inside"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        self.pending = b""

    def read(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        out = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(out, selectors.EVENT_READ)
            while True:
                while b"\n" in self.pending:
                    line, _, self.pending = self.pending.partition(b"\n")
                    if line.startswith(MARK.encode()):
                        answer: dict[str, Any] = json.loads(line[len(MARK) :])
                        return answer
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise RunnerError(f"no answer within {timeout:g} s{self._stderr()}")
                chunk = os.read(out, 1 << 16)
                if not chunk:
                    raise RunnerError(f"the runner ended{self._stderr()}")
                self.pending += chunk

    def round(self, kinds: Sequence[str], timeout: float) -> dict[str, Any]:
        """One Chromium round; the answer has ``ms``, or ``timeout``, or ``error``."""
        assert self.process.stdin is not None
        request = json.dumps({"kinds": list(kinds), "timeout": timeout})
        self.process.stdin.write(request.encode() + b"\n")
        self.process.stdin.flush()
        return self.read(timeout + 30.0)

    def _stderr(self) -> str:
        self.errors.seek(0)
        text = self.errors.read().decode(errors="replace").strip()
        return f"; its stderr ends:\n{text[-2000:]}" if text else ""

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # the runner closes the browser and ends
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


@dataclass
class _Size:
    """What one N measured: paired samples (seconds), or why it has none."""

    n: int
    chromium: list[float] = field(default_factory=list)
    facade: list[float] = field(default_factory=list)
    skipped: str | None = None
    problems: list[str] = field(default_factory=list)
    offer_bytes: tuple[int, int] = (0, 0)  # Chromium's, sdpmodel's

    def ratio(self) -> Stats:
        return Stats.of([f / c for f, c in zip(self.facade, self.chromium, strict=True)])


def _chromium_round(runner: _Runner, size: _Size, kinds: Sequence[str], timeout: float) -> float:
    """One round's seconds (raises TimeoutError if over ``timeout``); problems are noted."""
    answer = runner.round(kinds, timeout)
    if answer.get("timeout"):
        raise TimeoutError
    if "error" in answer:
        raise RunnerError(answer["error"])
    if answer["problem"] is not None:
        size.problems.append(f"Chromium @{size.n}: the round ends {answer['problem']}")
    size.offer_bytes = (answer["offer_bytes"], size.offer_bytes[1])
    return float(answer["ms"]) / 1000


def _facade_sample(one: FacadeRound, number: int, keep_gc: bool) -> float:
    gc.collect()
    if not keep_gc:
        gc.disable()
    try:
        return _sample(one.contender(), number)
    finally:
        gc.enable()


def _measure(runner: _Runner, loop: _Loop, n: int, count: int, config: Config) -> _Size:
    size = _Size(n)
    one = FacadeRound(n, loop)
    try:
        problem = one.check()  # untimed, as section 6 does; also the warm-up
        assert one.peers is not None
        size.offer_bytes = (0, len(one.peers[0].localDescription.sdp))
        if problem is not None:
            size.problems.append(f"{FACADE} @{n}: the round ends {problem}")
        once = min(_facade_sample(one, 1, config.keep_gc) for _ in range(3))
        number = max(1, math.ceil(config.sample_seconds / max(once, 1e-7)))
        kinds = [kind for kind, _ in _added(one)]
        started = time.monotonic()
        try:
            _chromium_round(runner, size, kinds, BUDGET_SECONDS)
        except TimeoutError:
            size.skipped = f"skipped: over budget (one round took over {BUDGET_SECONDS:g} s)"
            return size
        first = time.monotonic() - started  # with the untimed parts: what a round costs
        count = min(count, int((BUDGET_SECONDS - first) / first))
        if count < 1:
            size.skipped = (
                f"skipped: over budget (one round took {first:.0f} s; no timed round "
                f"fits in what is left of {BUDGET_SECONDS:g} s)"
            )
            return size
        for index in range(count):
            left = BUDGET_SECONDS - (time.monotonic() - started)
            try:
                if index % 2 == 0:
                    chromium = _chromium_round(runner, size, kinds, left)
                    facade = _facade_sample(one, number, config.keep_gc)
                else:
                    facade = _facade_sample(one, number, config.keep_gc)
                    chromium = _chromium_round(runner, size, kinds, left)
            except TimeoutError:
                break  # the budget is spent: keep the rounds taken
            size.chromium.append(chromium)
            size.facade.append(facade)
        if not size.chromium:
            size.skipped = f"skipped: over budget ({BUDGET_SECONDS:g} s spent)"
        return size
    finally:
        one.close()


def _added(one: FacadeRound) -> list[tuple[str, str]]:
    """(kind, direction) of each transceiver ``one`` adds, in order: what the page adds."""
    one.prepare()
    assert one.peers is not None
    added = [(t.receiver.track.kind, t.direction) for t in one.peers[0].getTransceivers()]
    assert {direction for _, direction in added} <= {"sendrecv"}, added
    return added


def _kib(size: int) -> str:
    return f"{size / 1024:.1f}"


def _cells(size: _Size) -> list[str]:
    ratio = size.ratio()
    return [
        str(size.n),
        fmt_time(statistics.median(size.chromium)),
        fmt_time(statistics.median(size.facade)),
        f"{ratio.median:.3f}x [{ratio.q1:.3f}-{ratio.q3:.3f}]",
        f"{1 / ratio.median:.1f}x",
        str(len(size.chromium)),
        f"{_kib(size.offer_bytes[0])} / {_kib(size.offer_bytes[1])}",
    ]


def section_chromium(config: Config) -> list[TargetRow]:
    """Run and print section 10; return the row for the Targets table (none if skipped)."""
    # Section 6's counts; N=200 takes the larger one (a Chromium round there is about a second).
    small_rounds, large_rounds = _rounds(config)
    title = [
        "",
        "10. Negotiation in headless Chromium: the round of section 6 (createOffer, SLD, SRD,",
        "    createAnswer, SLD, SRD) between two RTCPeerConnections in one page, timed with",
        "    performance.now(), alternated with the sdpmodel facade round; median per round,",
        f"    ratio = median of per-round ratios [IQR]; {small_rounds} rounds for N <= 200, "
        f"{large_rounds} for N = {SIZES[-1]},",
        f"    the Chromium rounds of each N within {BUDGET_SECONDS:g} s",
        "",
    ]
    reason = skip_reason()
    if reason is not None:
        print("\n".join([*title, f"skipped: {reason}"]), flush=True)
        return []
    print("\n".join(title), flush=True)
    runner = _Runner()
    loop = _Loop()
    sizes: list[_Size] = []
    try:
        hello = runner.read(START_SECONDS)
        if "error" in hello:
            raise RunnerError(hello["error"])
        for n in SIZES:
            count = large_rounds if n == SIZES[-1] else small_rounds
            sizes.append(_measure(runner, loop, n, count, config))
    except RunnerError as exc:
        print(f"failed: the Chromium runner: {exc}", flush=True)
        return []
    finally:
        runner.close()
        loop.close()

    header = [
        "N",
        "Chromium",
        "facade",
        "facade/Chromium [IQR]",
        "faster",
        "rounds",
        "offer KiB (Chromium / sdpmodel)",
    ]
    measured = {size.n: size for size in sizes if size.skipped is None}
    rows = [_cells(size) for size in measured.values()]
    lines = _table(header, rows, right={0, 1, 2, 4, 5, 6}) if rows else []
    lines += [f"{size.n:>4}  {size.skipped}" for size in sizes if size.skipped is not None]
    if 200 in measured and 1000 in measured:
        medians = [statistics.median(measured[n].chromium) for n in (200, 1000)]
        growth = f"{medians[1] / medians[0]:.2f}x"
        lines += ["", f"Chromium t(1000)/t(200) of the medians: {growth} (5.0 is linear)"]
    problems = [problem for size in sizes for problem in size.problems]
    lines += [
        "",
        f"Chromium {hello['chromium']} (Debian, {CHROMIUM}), headless; started in "
        f"{hello['launch']:.1f} s in a network namespace with only lo",
        "faster = 1 / (facade/Chromium); Chromium's time is wall time across its threads",
        *(f"CHECK FAILED {problem}" for problem in sorted(set(problems))),
    ]
    if not problems:
        lines.append("checked: every round ends stable, N transceivers each side, on both")
    print("\n".join(lines), flush=True)
    if 200 not in measured:
        return []
    stats = measured[200].ratio()
    what = f"negotiation N=200, facade / headless Chromium ({FASTER_N200:g}x faster)"
    spread = f"[{stats.q1:.3f}-{stats.q3:.3f}]"
    return [(what, 1 / FASTER_N200, stats.median, spread)]


if __name__ == "__main__":
    if sys.argv[1:] == ["--inside"]:
        sys.exit(runner_main())
    from bench.__main__ import main

    sys.exit(main(["--chromium-only", *sys.argv[1:]]))
