"""The fuzz harness: targets with their contract, input mutators, and the long run (``make fuzz``).

The contract every target checks (DESIGN.md, "Errors"; docs/errors.md):

* ``parse``: it returns a description that serializes and parses back to
  the same text, ``validate`` and ``canonical`` accept it without raising, or
  it raises ``RTCError`` with ``error_detail == "sdp-syntax-error"`` and a
  line number inside the text.  Nothing else ever escapes.
* ``setRemoteDescription`` / ``addIceCandidate`` on a live ``RTCPeerConnection``:
  a documented error or success, nothing else; a rejected call changes no
  observable attribute; and afterwards the peer is still usable (the correct
  offer, or a correct candidate, is taken and answered).

Inputs are byte-level mutations (``mutated``) of three seeds: text drawn from
the grammar (``sdpmodel.testing.strategies.sdp_text``), the public corpus
(``../shared/corpus``, read at run time, never copied), and offers sdpmodel
itself writes.  ``tests/test_fuzz.py`` runs a bounded number of them in
``make test``; ``make fuzz`` runs this file for a long time:

    python tests/_fuzz.py --minutes 10            # Hypothesis, every target
    python tests/_fuzz.py --atheris parse --minutes 10   # libFuzzer via atheris

and prints how many inputs ran and how many distinct coverage points (line
transitions inside sdpmodel for the Hypothesis run; libFuzzer's ``cov`` for
atheris) they reached.  A failing input is printed; it becomes a regression
test in ``tests/test_fuzz_regressions.py`` with the minimal input.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import sdpmodel
from sdpmodel import (
    RTCError,
    RTCPeerConnection,
    SequentialIds,
)
from sdpmodel.testing.machines import DOCUMENTED  # what a public call may raise
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CORPUS

#: Inputs run by the targets of this process (the long run reports it).
RUNS = [0]

# --- mutations ------------------------------------------------------------------------------

#: Pieces an SDP mutation likes to insert: line breaks, separators, numbers at their edges,
#: whole lines that change the structure, invalid UTF-8.
TOKENS = (
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b" ",
    b"  ",
    b":",
    b"/",
    b"=",
    b";",
    b",",
    b"a=",
    b"m=",
    b"m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n",
    b"m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n",
    b"a=mid:0\r\n",
    b"a=group:BUNDLE 0 1 2\r\n",
    b"a=setup:actpass\r\n",
    b"a=setup:holdconn\r\n",
    b"a=inactive\r\n",
    b"a=rtcp-mux\r\n",
    b"a=bundle-only\r\n",
    b"a=ice-ufrag:",
    b"a=fingerprint:sha-256 ",
    b"a=candidate:",
    b"a=end-of-candidates\r\n",
    b"a=rtpmap:",
    b"a=sctp-port:",
    b"a=max-message-size:",
    b"a=simulcast:send ",
    b"a=rid:",
    b"a=msid:",
    b"a=ssrc-group:FID ",
    b"a=extmap:",
    b"c=IN IP6 ::1\r\n",
    b"0",
    b"00",
    b"-1",
    b"127",
    b"128",
    b"255",
    b"256",
    b"65535",
    b"65536",
    b"4294967295",
    b"4294967296",
    b"99999999999999999999",
    b"\xff",
    b"\xc3",
    b"\xc3\xa9",
    b"\xed\xa0\x80",
)


def _apply(data: bytes, operation: tuple[Any, ...]) -> bytes:
    kind, position = operation[0], operation[1] % (len(data) + 1)
    if kind == "flip":
        if not data:
            return data
        position %= len(data)
        return (
            data[:position] + bytes([data[position] ^ (1 << operation[2])]) + data[position + 1 :]
        )
    if kind == "set":
        if not data:
            return data
        position %= len(data)
        return data[:position] + bytes([operation[2]]) + data[position + 1 :]
    if kind == "insert":
        return data[:position] + operation[2] + data[position:]
    if kind == "delete":
        return data[:position] + data[position + operation[2] :]
    if kind == "duplicate":
        return (
            data[:position]
            + data[position : position + operation[2]] * 2
            + data[position + operation[2] :]
        )
    if kind == "truncate":
        return data[:position]
    lines = data.split(b"\n")
    first, second = operation[1] % len(lines), operation[2] % len(lines)
    if kind == "swap-lines":
        lines[first], lines[second] = lines[second], lines[first]
    elif kind == "drop-line":
        del lines[first]
    elif kind == "repeat-line":
        lines[first:first] = [lines[first]] * (second % 8 + 1)
    return b"\n".join(lines)


def _operations() -> st.SearchStrategy[tuple[Any, ...]]:
    position = st.integers(0, 1 << 20)
    return st.one_of(
        st.tuples(st.just("flip"), position, st.integers(0, 7)),
        st.tuples(st.just("set"), position, st.integers(0, 255)),
        st.tuples(st.just("insert"), position, st.sampled_from(TOKENS) | st.binary(max_size=8)),
        st.tuples(st.just("delete"), position, st.integers(1, 64)),
        st.tuples(st.just("duplicate"), position, st.integers(1, 200)),
        st.tuples(st.just("truncate"), position),
        st.tuples(st.just("swap-lines"), position, position),
        st.tuples(st.just("drop-line"), position, position),
        st.tuples(st.just("repeat-line"), position, position),
    )


@st.composite
def mutated(draw: st.DrawFn, seeds: st.SearchStrategy[bytes], most: int = 6) -> bytes:
    """A seed with 0 to ``most`` byte- and line-level mutations applied (shrinks to fewer)."""
    data = draw(seeds)
    for operation in draw(st.lists(_operations(), max_size=most)):
        data = _apply(data, operation)
    return data


def corpus_seeds() -> st.SearchStrategy[bytes]:
    """Every file of the public corpus (valid or not), as bytes."""
    files = [file.data for file in CORPUS]
    if not files:
        return st.just(b"v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")
    return st.sampled_from(files)


def grammar_seeds() -> st.SearchStrategy[bytes]:
    """Whole descriptions drawn from the grammar (its ``session`` rule), as UTF-8."""
    from sdpmodel.testing.strategies import sdp_text

    return sdp_text().map(lambda text: text.encode("utf-8", "surrogatepass"))


# --- the parse target --------------------------------------------------------------------------


def check_parse(data: bytes) -> None:
    """parse() keeps its contract on ``data`` (as bytes, and as text when it decodes)."""
    RUNS[0] += 1
    inputs: list[str | bytes] = [data]
    with contextlib.suppress(UnicodeDecodeError):
        inputs.append(data.decode("utf-8"))
    for given in inputs:
        for strict in (False, True):
            error: RTCError | None = None
            try:
                description = sdpmodel.parse(given, strict=strict)
            except RTCError as exc:
                error = exc
            if error is not None:
                assert error.error_detail == "sdp-syntax-error", error
                newline = "\n" if isinstance(given, str) else b"\n"
                lines = given.count(newline) + 1  # type: ignore[arg-type]
                assert error.sdp_line_number is not None, error
                assert 1 <= error.sdp_line_number <= lines, error
                continue
            text = description.to_sdp()
            assert sdpmodel.parse(text).to_sdp() == text
            sdpmodel.validate(description)
            sdpmodel.canonical(description)


# --- the live facade targets ---------------------------------------------------------------------


def observable(pc: RTCPeerConnection) -> Any:
    """What a rejected call must leave as it was (a subset of tests/test_atomicity.py's)."""

    def text(description: Any) -> str | None:
        return None if description is None else f"{description.type}:{description.sdp}"

    return (
        pc.signalingState,
        *(
            text(d)
            for d in (
                pc.localDescription,
                pc.currentLocalDescription,
                pc.pendingLocalDescription,
                pc.remoteDescription,
                pc.currentRemoteDescription,
                pc.pendingRemoteDescription,
            )
        ),
        tuple((t.mid, t.direction, t.currentDirection) for t in pc.getTransceivers()),
        pc.iceConnectionState,
        pc.connectionState,
    )


class Live:
    """One event loop and the offers of three real sdpmodel offerers (audio; audio+video+data; video x3)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.offers: list[str] = [
            self.loop.run_until_complete(self._offer(kinds))
            for kinds in (("audio",), ("audio", "video", "data"), ("video", "video", "video"))
        ]

    async def _offer(self, kinds: tuple[str, ...]) -> str:
        pc = RTCPeerConnection(transport=MemoryTransport(MemoryNetwork()), ids=SequentialIds("o"))
        for kind in kinds:
            if kind == "data":
                pc.createDataChannel("chat")
            else:
                pc.addTransceiver(kind)
        await pc.setLocalDescription(await pc.createOffer())
        sdp = pc.localDescription.sdp
        pc.close()
        return sdp

    def seeds(self) -> st.SearchStrategy[bytes]:
        return st.sampled_from([offer.encode() for offer in self.offers])

    def close(self) -> None:
        self.loop.run_until_complete(asyncio.sleep(0))
        self.loop.close()

    def _peer(self) -> RTCPeerConnection:
        return RTCPeerConnection(transport=MemoryTransport(MemoryNetwork()), ids=SequentialIds("f"))

    def check_remote_description(self, data: bytes, sdp_type: str, good: int) -> None:
        """setRemoteDescription(mutated) keeps the contract; then the good offer still works."""
        RUNS[0] += 1
        text = data.decode("utf-8", "replace")

        async def scenario() -> None:
            pc = self._peer()
            try:
                before = observable(pc)
                try:
                    await pc.setRemoteDescription({"type": sdp_type, "sdp": text})
                except DOCUMENTED:
                    assert observable(pc) == before, (
                        "a rejected setRemoteDescription changed the peer"
                    )
                else:
                    if pc.signalingState == "have-remote-offer":
                        with contextlib.suppress(*DOCUMENTED):
                            await pc.setLocalDescription(await pc.createAnswer())
                    return
                # Still usable: the correct offer is taken and answered.
                await pc.setRemoteDescription({"type": "offer", "sdp": self.offers[good]})
                await pc.setLocalDescription(await pc.createAnswer())
                assert pc.signalingState == "stable"
            finally:
                pc.close()

        self.loop.run_until_complete(scenario())

    def check_candidate(self, candidate: str, mid: Any, index: Any, ufrag: Any) -> None:
        """addIceCandidate(mutated) keeps the contract; then a correct candidate is still taken."""
        RUNS[0] += 1

        async def scenario() -> None:
            pc = self._peer()
            try:
                await pc.setRemoteDescription({"type": "offer", "sdp": self.offers[1]})
                before = observable(pc)
                init = {
                    "candidate": candidate,
                    "sdpMid": mid,
                    "sdpMLineIndex": index,
                    "usernameFragment": ufrag,
                }
                try:
                    await pc.addIceCandidate(init)
                except DOCUMENTED:
                    assert observable(pc) == before, "a rejected addIceCandidate changed the peer"
                good = "candidate:9 1 udp 2122260223 192.0.2.9 40000 typ host"
                await pc.addIceCandidate({"candidate": good, "sdpMid": "0"})
                assert "192.0.2.9 40000" in pc.remoteDescription.sdp
                await pc.setLocalDescription(await pc.createAnswer())
            finally:
                pc.close()

        self.loop.run_until_complete(scenario())


CANDIDATE_SEEDS = (
    "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host generation 0 ufrag o001",
    "candidate:2 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active",
    "candidate:3 1 udp 1686052607 203.0.113.5 61000 typ srflx raddr 192.0.2.1 rport 50000",
    "candidate:4 2 udp 41885439 [2001:db8::1] 3478 typ relay raddr 0.0.0.0 rport 0",
    "a=candidate:5 1 UDP 1 x.local 1 typ host",
)


def candidate_text() -> st.SearchStrategy[str]:
    seeds = st.sampled_from([seed.encode() for seed in CANDIDATE_SEEDS])
    return mutated(seeds, most=4).map(lambda b: b.decode("utf-8", "replace"))


# --- the long run -----------------------------------------------------------------------------


class Coverage:
    """Distinct (file, previous line, line) transitions inside sdpmodel: the coverage points."""

    def __init__(self) -> None:
        self.points: set[tuple[str, int, int]] = set()
        self._root = str(Path(sdpmodel.__file__).resolve().parent)
        self._previous: dict[int, int] = {}

    def _local(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            key = id(frame)
            self.points.add((frame.f_code.co_filename, self._previous.get(key, 0), frame.f_lineno))
            self._previous[key] = frame.f_lineno
        elif event == "return":
            self._previous.pop(id(frame), None)
        return self._local

    def _global(self, frame: Any, event: str, arg: Any) -> Any:
        if (
            frame.f_code.co_filename.startswith(self._root)
            and "/testing/" not in frame.f_code.co_filename
        ):
            return self._local
        return None

    def __enter__(self) -> Coverage:
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(None)


def _hypothesis_run(seconds: float) -> int:
    """Every target, round after round of Hypothesis examples, until ``seconds`` are up."""
    from hypothesis import HealthCheck, Phase, given, settings

    live = Live()
    fuzz = settings(
        max_examples=2000,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )

    @fuzz
    @given(mutated(grammar_seeds()))
    def grammar(data: bytes) -> None:
        check_parse(data)

    @fuzz
    @given(mutated(corpus_seeds()))
    def corpus(data: bytes) -> None:
        check_parse(data)

    @fuzz
    @given(
        mutated(live.seeds()), st.sampled_from(["offer", "answer", "pranswer"]), st.integers(0, 2)
    )
    def remote(data: bytes, sdp_type: str, good: int) -> None:
        live.check_remote_description(data, sdp_type, good)

    @fuzz
    @given(
        candidate_text(),
        st.sampled_from([None, "0", "1", "2", "x", ""]),
        st.sampled_from([None, 0, 1, 2, 3, 65535]),
        st.sampled_from([None, "o001", "zzzz", ""]),
    )
    def candidates(candidate: str, mid: Any, index: Any, ufrag: Any) -> None:
        live.check_candidate(candidate, mid, index, ufrag)

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        for target in (grammar, corpus, remote, candidates):
            target()
            if time.monotonic() >= deadline:
                break
        rounds += 1
    live.close()
    return rounds


def _atheris_run(target: str, seconds: float) -> None:
    """libFuzzer through atheris on ``parse`` (bytes) or ``remote`` (setRemoteDescription)."""
    import atheris

    live = Live() if target == "remote" else None
    seeds = Path(tempfile.mkdtemp(prefix="sdpmodel-fuzz-"))
    for n, file in enumerate(CORPUS):
        (seeds / f"corpus-{n}").write_bytes(file.data)
    if live is not None:
        for n, offer in enumerate(live.offers):
            (seeds / f"offer-{n}").write_bytes(offer.encode())

    def one(data: bytes) -> None:
        if live is None:
            check_parse(data)
        else:
            live.check_remote_description(data, "offer", 0)

    atheris.Setup(
        [sys.argv[0], str(seeds), f"-max_total_time={int(seconds)}", "-print_final_stats=1"],
        one,
    )
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--atheris", choices=["parse", "remote"], default=None)
    args = parser.parse_args(argv)
    seconds = args.minutes * 60
    if args.atheris is not None:
        import atheris

        for file in CORPUS:  # load what parse() builds lazily (the grammar, Lark's parsers)
            check_parse(file.data)
        RUNS[0] = 0
        atheris.instrument_all()  # every function loaded so far: sdpmodel, lark, the stdlib
        _atheris_run(args.atheris, seconds)  # exits through libFuzzer
        return 0
    started = time.monotonic()
    with Coverage() as coverage:
        rounds = _hypothesis_run(seconds)
    elapsed = time.monotonic() - started
    print(
        f"hypothesis fuzz: {RUNS[0]:,} inputs in {elapsed:.0f} s ({rounds} rounds of 4 targets), "
        f"{len(coverage.points):,} distinct coverage points (line transitions in sdpmodel), "
        "no contract broken"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HYPOTHESIS_PROFILE", "dev")
    raise SystemExit(main())
