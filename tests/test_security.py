"""Security checks: DTLS fingerprints, ICE generations and credentials, and SDP never executed."""

from __future__ import annotations

import ast
import asyncio
import math
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _pair import connected, make_pair, negotiate, run, trickle, until

import sdpmodel
from sdpmodel import (
    InvalidAccessError,
    OperationError,
    RandomIds,
    RTCError,
    RTCPeerConnection,
    SequentialIds,
)
from sdpmodel.ids import ICE_CHARS
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport


async def _offered(kind: str = "audio") -> tuple[RTCPeerConnection, RTCPeerConnection]:
    """An answerer that has set the offerer's offer (no candidates exchanged)."""
    offerer = RTCPeerConnection(ids=SequentialIds("a"))
    answerer = RTCPeerConnection(ids=SequentialIds("b"))
    offerer.addTransceiver(kind)
    await offerer.setLocalDescription(await offerer.createOffer())
    await answerer.setRemoteDescription(offerer.localDescription)
    return offerer, answerer


def _candidate(extension: str = "", **init: Any) -> dict[str, Any]:
    return {
        "candidate": "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host" + extension,
        "sdpMid": "0",
        **init,
    }


# --- ICE: candidates of another generation ------------------------------------------------------


def test_a_candidate_whose_username_fragment_matches_no_remote_ufrag_is_rejected() -> None:
    """addIceCandidate: a usernameFragment that is no remote ufrag is an OperationError (webrtc-pc, addIceCandidate, step 4.5)."""

    async def scenario() -> None:
        offerer, answerer = await _offered()
        before = answerer.remoteDescription.sdp
        with pytest.raises(OperationError, match="usernameFragment"):
            await answerer.addIceCandidate(_candidate(usernameFragment="zzzz"))
        assert answerer.remoteDescription.sdp == before
        await answerer.addIceCandidate(_candidate(usernameFragment="a001"))
        assert "192.0.2.1 50000" in answerer.remoteDescription.sdp
        for pc in (offerer, answerer):
            pc.close()

    run(scenario())


def test_a_candidate_whose_own_ufrag_matches_no_remote_ufrag_is_rejected() -> None:
    """addIceCandidate: the candidate's ufrag extension counts as its usernameFragment, so a foreign one is an OperationError that names the extension, not usernameFragment (webrtc-pc 4.8.1.1, 4.5)."""

    async def scenario() -> None:
        offerer, answerer = await _offered()
        before = answerer.remoteDescription.sdp
        with pytest.raises(OperationError) as raised:
            await answerer.addIceCandidate(_candidate(" generation 0 ufrag zzzz"))
        # The error blames the field that named the generation: the ufrag extension.
        assert "the candidate's ufrag extension 'zzzz'" in str(raised.value)
        assert "usernameFragment 'zzzz'" not in str(raised.value)
        with pytest.raises(OperationError, match="differs from its usernameFragment"):
            await answerer.addIceCandidate(_candidate(" ufrag a001", usernameFragment="zzzz"))
        assert answerer.remoteDescription.sdp == before
        await answerer.addIceCandidate(_candidate(" generation 0 ufrag a001"))
        assert "ufrag a001" in answerer.remoteDescription.sdp
        for pc in (offerer, answerer):
            pc.close()

    run(scenario())


# --- DTLS: a certificate that matches no signalled fingerprint never connects ----------------------


def _backends() -> list[Any]:
    """The memory backend, and the aiortc one when it is installed (real DTLS on loopback)."""
    backends: list[Any] = [pytest.param("memory", id="memory")]
    try:
        from sdpmodel.transport.aiortc import AiortcTransport  # noqa: F401
    except ImportError:  # pragma: no cover - the dev extra installs aiortc
        backends.append(pytest.param("aiortc", id="aiortc", marks=pytest.mark.skip("no aiortc")))
    else:
        backends.append(pytest.param("aiortc", id="aiortc"))
    return backends


def _peer(backend: str, network: Any) -> RTCPeerConnection:
    if backend == "memory":
        return RTCPeerConnection(transport=MemoryTransport(network))
    from sdpmodel.transport.aiortc import AiortcTransport

    return RTCPeerConnection(transport=AiortcTransport(interfaces=("127.0.0.1",)))


async def _connection_state(pc: RTCPeerConnection, wanted: set[str], seconds: float) -> str:
    """Wait (on the loop: the memory backend needs no clock) until ``pc.connectionState`` is in ``wanted``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while pc.connectionState not in wanted:
        if loop.time() > deadline:
            break
        await asyncio.sleep(0.01 if not isinstance(pc._backend, MemoryTransport) else 0)
    return pc.connectionState


@pytest.mark.parametrize("backend", _backends())
def test_a_forged_fingerprint_in_the_answer_never_connects(backend: str) -> None:
    """A man in the middle who swaps the answer's a=fingerprint: DTLS fails ("failed"), no channel opens, nothing is delivered (RFC 8122, 5; RFC 8827, 6.5)."""

    async def scenario() -> None:
        network = MemoryNetwork()
        a, b = _peer(backend, network), _peer(backend, network)
        trickle(a, b)
        channel = a.createDataChannel("secret")
        delivered: list[Any] = []
        b.ondatachannel = delivered.append
        await a.setLocalDescription(await a.createOffer())
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        answer = b.localDescription.sdp
        real = sdpmodel.parse(answer).media[0].fingerprints[0].fingerprint
        forged = ":".join(["AB"] * 32)
        await a.setRemoteDescription({"type": "answer", "sdp": answer.replace(real, forged)})
        assert await _connection_state(a, {"failed", "connected"}, 20) == "failed"
        assert channel.readyState != "open"
        assert delivered == []
        for pc in (a, b):
            await pc.close()

    run(scenario())


def test_a_wrong_certificate_never_connects_on_the_memory_backend() -> None:
    """MemoryTransport(wrong_fingerprint=True) presents another certificate than it signals: both ends "failed" (RFC 8122, 5)."""

    async def scenario() -> None:
        network = MemoryNetwork()
        a = RTCPeerConnection(transport=MemoryTransport(network, wrong_fingerprint=True))
        b = RTCPeerConnection(transport=MemoryTransport(network))
        trickle(a, b)
        a.createDataChannel("x")
        await negotiate(a, b)
        assert await _connection_state(a, {"failed", "connected"}, 5) == "failed"
        assert await _connection_state(b, {"failed", "connected"}, 5) == "failed"
        for pc in (a, b):
            await pc.close()

    run(scenario())


def test_a_new_fingerprint_without_an_ice_restart_is_rejected() -> None:
    """A re-offer or answer that changes the remote DTLS fingerprint but keeps the ICE credentials: InvalidAccessError, nothing changed (RFC 9429, 5.11; WPT)."""

    async def scenario() -> None:
        a, b = make_pair()
        a.addTransceiver("audio")
        await negotiate(a, b)
        reoffer = (await a.createOffer()).sdp
        real = sdpmodel.parse(reoffer).media[0].fingerprints[0].fingerprint
        forged = reoffer.replace(real, ":".join(["CD"] * 32))
        before = b.currentRemoteDescription.sdp
        with pytest.raises(InvalidAccessError, match="fingerprint"):
            await b.setRemoteDescription({"type": "offer", "sdp": forged})
        assert b.signalingState == "stable"
        assert b.currentRemoteDescription.sdp == before
        # With an ICE restart the new certificate is allowed (a new DTLS association).
        await a.setLocalDescription(await a.createOffer(iceRestart=True))
        restarted = a.localDescription.sdp
        real = sdpmodel.parse(restarted).media[0].fingerprints[0].fingerprint
        await b.setRemoteDescription(
            {"type": "offer", "sdp": restarted.replace(real, ":".join(["CD"] * 32))}
        )
        assert b.signalingState == "have-remote-offer"
        for pc in (a, b):
            pc.close()

    run(scenario())


def _with_fingerprint_lines(sdp: str, lines: Callable[[str], list[str]]) -> str:
    """Each a=fingerprint line replaced by ``lines(line)``."""
    out: list[str] = []
    for line in sdp.split("\r\n"):
        out.extend(lines(line) if line.startswith("a=fingerprint:") else [line])
    return "\r\n".join(out)


SHA1 = "a=fingerprint:sha-1 " + ":".join(["AB"] * 20)


def test_another_hash_of_the_same_certificate_is_no_new_fingerprint() -> None:
    """RFC 8122, 5 and RFC 9429, 5.11: a sha-1 fingerprint added next to the unchanged sha-256 one names the same certificate, so a re-offer without ICE restart is taken."""

    async def scenario() -> None:
        a, b = make_pair()
        a.addTransceiver("audio")
        await negotiate(a, b)
        reoffer = (await a.createOffer()).sdp
        both = _with_fingerprint_lines(reoffer, lambda line: [line, SHA1])
        await b.setRemoteDescription({"type": "offer", "sdp": both})
        assert b.signalingState == "have-remote-offer"
        await b.setLocalDescription(await b.createAnswer())
        # The sha-256 line alone again: a previous fingerprint remains, nothing changed.
        again = (await a.createOffer()).sdp
        await b.setRemoteDescription({"type": "offer", "sdp": again})
        assert b.signalingState == "have-remote-offer"
        for pc in (a, b):
            pc.close()

    run(scenario())


def test_a_fingerprint_that_changes_under_a_shared_hash_or_leaves_none_is_rejected() -> None:
    """RFC 9429, 5.11: without an ICE restart the certificate may not change; other values under a hash function both offers use, or no previous fingerprint left, is InvalidAccessError."""

    async def scenario() -> None:
        a, b = make_pair()
        a.addTransceiver("audio")
        await negotiate(a, b)
        reoffer = (await a.createOffer()).sdp
        await b.setRemoteDescription(
            {"type": "offer", "sdp": _with_fingerprint_lines(reoffer, lambda line: [line, SHA1])}
        )
        await b.setLocalDescription(await b.createAnswer())
        before = b.currentRemoteDescription.sdp
        # sha-256 unchanged, but the sha-1 both descriptions carry now has another value.
        other_sha1 = SHA1.replace("AB", "CD")
        changed = _with_fingerprint_lines(reoffer, lambda line: [line, other_sha1])
        with pytest.raises(InvalidAccessError, match="fingerprint"):
            await b.setRemoteDescription({"type": "offer", "sdp": changed})
        # Only a new sha-1: none of the previous fingerprints remains.
        replaced = _with_fingerprint_lines(reoffer, lambda line: [other_sha1])
        with pytest.raises(InvalidAccessError, match="fingerprint"):
            await b.setRemoteDescription({"type": "offer", "sdp": replaced})
        assert b.signalingState == "stable"
        assert b.currentRemoteDescription.sdp == before
        for pc in (a, b):
            pc.close()

    run(scenario())


# --- a failed remote answer does not poison the connection --------------------------------------

#: Answers that must be rejected; the correct answer applied afterwards must succeed
#: (Chromium keeps failing after some of these; webrtc-pc: a failed operation changes nothing).
BAD_ANSWERS: dict[str, Callable[[str], str]] = {
    "syntax error": lambda sdp: sdp.replace("a=mid:", "a=rtpmap:abc x/1\r\na=mid:", 1),
    "setup actpass": lambda sdp: sdp.replace("a=setup:active", "a=setup:actpass"),
    "no ICE ufrag": lambda sdp: "\r\n".join(
        line for line in sdp.split("\r\n") if not line.startswith("a=ice-ufrag")
    ),
    "no fingerprint": lambda sdp: "\r\n".join(
        line for line in sdp.split("\r\n") if not line.startswith("a=fingerprint")
    ),
    "unknown mid": lambda sdp: sdp.replace("a=mid:0", "a=mid:zz").replace(
        "a=group:BUNDLE 0", "a=group:BUNDLE zz"
    ),
    "one m-line too many": lambda sdp: sdp + sdp[sdp.index("m=") :],
}


@pytest.mark.parametrize("bad", BAD_ANSWERS)
def test_a_failed_remote_answer_does_not_poison_the_connection(bad: str) -> None:
    """setRemoteDescription(bad answer) rejects and changes nothing; the correct answer then succeeds and the peers connect (webrtc-pc, 4.4.1.5; Chromium fails this)."""

    async def scenario() -> None:
        a, b = make_pair()
        trickle(a, b)
        a.addTransceiver("audio")
        channel = a.createDataChannel("chat")
        await a.setLocalDescription(await a.createOffer())
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        answer = b.localDescription.sdp
        before = (a.signalingState, a.localDescription.sdp, a.remoteDescription)
        with pytest.raises((RTCError, InvalidAccessError, OperationError)):
            await a.setRemoteDescription({"type": "answer", "sdp": BAD_ANSWERS[bad](answer)})
        assert (a.signalingState, a.localDescription.sdp, a.remoteDescription) == before
        await a.setRemoteDescription({"type": "answer", "sdp": answer})
        assert a.signalingState == "stable"
        await connected(a, b)
        await until(lambda: channel.readyState == "open")
        for pc in (a, b):
            pc.close()

    run(scenario())


# --- ICE credentials: a CSPRNG, RFC 8839's lengths ----------------------------------------------


def test_ice_credentials_come_from_the_csprng_with_rfc_8839_lengths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The facade's default ids are RandomIds: ufrag and pwd drawn with secrets, >= 24 and >= 128 bits of ice-chars (RFC 8839, 5.4)."""
    drawn: list[str] = []
    real = secrets.choice

    def counting(sequence: Any) -> Any:
        value = real(sequence)
        drawn.append(value)
        return value

    monkeypatch.setattr(secrets, "choice", counting)
    pc = RTCPeerConnection()
    assert isinstance(pc.session.ids, RandomIds)
    credentials = pc.session.local_ice
    assert len(drawn) >= len(credentials.ufrag) + len(credentials.pwd)
    for value, bits in ((credentials.ufrag, 24), (credentials.pwd, 128)):
        assert set(value) <= set(ICE_CHARS)
        assert len(value) * math.log2(len(ICE_CHARS)) >= bits
    assert 4 <= len(credentials.ufrag) <= 256 and 22 <= len(credentials.pwd) <= 256
    sdp_ufrags = {RandomIds().ice_ufrag() for _ in range(2000)}
    assert len(sdp_ufrags) > 1900  # 24 bits: collisions are rare, repeats are not a pattern
    pc.close()


# --- no SDP value is ever executed or made into a file path ---------------------------------------

#: Builtins that execute text or open files, calls that do the same through a module, and
#: modules that deserialize or run programs.
_BUILTINS = {"eval", "exec", "compile", "__import__", "open", "Path"}
_METHODS = {
    "import_module",
    "literal_eval",
    "system",
    "popen",
    "Popen",
    "check_output",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "unlink",
    "mkdir",
}
_MODULES = {"pickle", "marshal", "shelve", "subprocess", "yaml", "dill"}
#: The places allowed to make them, each with what it is given (never a value read from SDP).
_ALLOWED = {
    ("sdpmodel/_builders.py", "exec"): "builder source generated from attrs field names at import",
    ("sdpmodel/_grammar.py", "Path"): "the package's own directory",
    ("sdpmodel/_grammar.py", "literal_eval"): "string literals of grammar/sdp.lark",
    ("sdpmodel/_grammar.py", "read_text"): "grammar/sdp.lark",
    ("sdpmodel/peer.py", "import_module"): 'the constant "sdpmodel.transport.aiortc"',
    ("sdpmodel/trace.py", "import_module"): 'the constant "sdpmodel.transport.aiortc"',
    ("sdpmodel/cli.py", "Path"): "file names given on the command line",
    ("sdpmodel/cli.py", "read_bytes"): "file names given on the command line",
    ("sdpmodel/cli.py", "write_bytes"): "--write-answer, from the command line",
    ("sdpmodel/cli.py", "write_text"): "--write, from the command line",
    ("sdpmodel/demo.py", "Path"): "the example SDP shipped in the package",
    ("sdpmodel/demo.py", "read_bytes"): "the example SDP shipped in the package",
}


def _calls(path: Path) -> Iterator[tuple[str, int]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in _BUILTINS:
                yield function.id, node.lineno
            elif isinstance(function, ast.Attribute) and function.attr in _METHODS:
                yield function.attr, node.lineno
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                if name.split(".")[0] in _MODULES:
                    yield f"import {name}", node.lineno


def test_no_sdp_value_is_executed_or_made_into_a_path() -> None:
    """Library code executes no text and opens no file except at the reviewed places, none of which takes an SDP value (issue 7)."""
    root = Path(sdpmodel.__file__).resolve().parent
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = f"sdpmodel/{path.relative_to(root).as_posix()}"
        if relative.startswith("sdpmodel/testing/"):
            continue  # test aids (Hypothesis strategies), not run on received SDP
        for name, line in _calls(path):
            found.setdefault((relative, name), []).append(line)
    unreviewed = {key: lines for key, lines in found.items() if key not in _ALLOWED}
    assert unreviewed == {}
