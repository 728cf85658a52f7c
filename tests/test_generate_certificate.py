"""webrtc-pc, Certificate Management: RTCPeerConnection.generateCertificate(keygenAlgorithm).

The WPT cases are ported from RTCPeerConnection-generateCertificate.html
(``promise_rejects(t, X, p)`` -> ``pytest.raises(X)`` around ``await p``).
No test waits for time to pass: ``expires`` is compared with the clock read
around the call.
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from typing import Any

import pytest
from _pair import run

from sdpmodel import InvalidAccessError, NotSupportedError, RTCPeerConnection
from sdpmodel.configuration import MAX_CERTIFICATE_LIFETIME_MS
from sdpmodel.transport.memory import MemoryCertificate, MemoryTransport

ECDSA = {"name": "ECDSA", "namedCurve": "P-256"}
RSA = {
    "name": "RSASSA-PKCS1-v1_5",
    "modulusLength": 2048,
    "publicExponent": bytes([1, 0, 1]),
    "hash": "SHA-256",
}
BACKENDS = [
    "memory",
    pytest.param(
        "aiortc",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("aiortc") is None, reason="needs the aiortc extra"
        ),
    ),
]


def generate(algorithm: Any, transport: str = "memory") -> Any:
    return run(RTCPeerConnection.generateCertificate(algorithm, transport=transport))


def now_ms() -> float:
    return time.time() * 1000.0


@pytest.mark.parametrize("transport", BACKENDS)
def test_the_compulsory_ecdsa_parameters_succeed(transport: str) -> None:
    """RTCPeerConnection-generateCertificate.html: generateCertificate() with the compulsory ECDSA parameters succeeds (webrtc-pc, Certificate Management)."""
    before = now_ms()
    certificate = generate(ECDSA, transport)
    # Step 2: 30 days unless told otherwise.
    assert certificate.expires >= before + 30 * 24 * 3600 * 1000 - 1
    assert certificate.getFingerprints()[0]["algorithm"] == "sha-256"


def test_the_compulsory_rsa_parameters_succeed_on_the_memory_backend() -> None:
    """RTCPeerConnection-generateCertificate.html: generateCertificate() with the compulsory RSASSA-PKCS1-v1_5 parameters succeeds (webrtc-pc, Certificate Management)."""
    certificate = generate(RSA)
    assert isinstance(certificate, MemoryCertificate)
    # A hash given as a dict, and the name in another case, are normalized (WebCrypto).
    assert isinstance(
        generate({**RSA, "name": "rsassa-pkcs1-v1_5", "hash": {"name": "sha-256"}}),
        MemoryCertificate,
    )


@pytest.mark.skipif(importlib.util.find_spec("aiortc") is None, reason="needs the aiortc extra")
def test_rsa_is_not_supported_by_the_aiortc_backend() -> None:
    """webrtc-pc, generateCertificate() step 6: an algorithm the user agent cannot use rejects with NotSupportedError (aiortc's DTLS takes ECDSA only)."""
    with pytest.raises(NotSupportedError):
        generate(RSA, "aiortc")


@pytest.mark.parametrize(
    "algorithm",
    ["invalid-algo", {"name": "invalid-algo"}, {"name": "bogus"}, "AES-GCM", {"name": "HMAC"}],
    ids=["string", "dict", "bogus", "aes-string", "hmac"],
)
def test_an_unknown_algorithm_rejects_with_not_supported(algorithm: Any) -> None:
    """RTCPeerConnection-generateCertificate.html: an invalid string or dict algorithm rejects with NotSupportedError (webrtc-pc, generateCertificate() step 6)."""
    with pytest.raises(NotSupportedError):
        generate(algorithm)


@pytest.mark.parametrize(
    "algorithm",
    [
        {"name": "ECDSA", "namedCurve": "P-384"},
        {**RSA, "modulusLength": 512},
        {**RSA, "modulusLength": 16384},
        {**RSA, "publicExponent": bytes([3])},
        {**RSA, "hash": "SHA-1"},
        {**RSA, "hash": "MD5"},
    ],
    ids=["p-384", "rsa-512", "rsa-16384", "exponent-3", "sha-1", "md5"],
)
def test_parameters_no_dtls_certificate_uses_reject_with_not_supported(algorithm: Any) -> None:
    """webrtc-pc, generateCertificate() step 6: parameters the user agent will not use for a certificate (another curve, a weak RSA key, another hash) reject with NotSupportedError."""
    with pytest.raises(NotSupportedError):
        generate(algorithm)


@pytest.mark.parametrize(
    "algorithm",
    [
        "ECDSA",
        {"name": "ECDSA"},
        {"namedCurve": "P-256"},
        {"name": 7},
        {key: value for key, value in RSA.items() if key != "hash"},
        {key: value for key, value in RSA.items() if key != "modulusLength"},
        {**RSA, "publicExponent": [1, 0, 1]},
        42,
    ],
    ids=[
        "ecdsa-string",
        "no-curve",
        "no-name",
        "name-not-string",
        "rsa-no-hash",
        "rsa-no-modulus",
        "exponent-list",
        "number",
    ],
)
def test_an_algorithm_that_does_not_convert_rejects_with_type_error(algorithm: Any) -> None:
    """WebCrypto, normalize an algorithm (webrtc-pc, generateCertificate() step 5): a missing required member, such as ECDSA's namedCurve for the string "ECDSA", is a TypeError."""
    with pytest.raises(TypeError):
        generate(algorithm)


@pytest.mark.parametrize("transport", BACKENDS)
def test_a_valid_expires_sets_the_lifetime(transport: str) -> None:
    """RTCPeerConnection-generateCertificate.html: generateCertificate() with a valid expires parameter succeeds, expiring that long from now (webrtc-pc, steps 3.3 and 8)."""
    start = now_ms()
    certificate = generate({**ECDSA, "expires": 2000}, transport)
    assert start + 2000 <= certificate.expires <= now_ms() + 2000


@pytest.mark.parametrize("transport", BACKENDS)
def test_expires_zero_makes_an_expired_certificate(transport: str) -> None:
    """RTCPeerConnection-generateCertificate.html: generateCertificate() with expires 0 generates an expired certificate, which the constructor refuses (webrtc-pc, constructor step 5)."""
    certificate = generate({**ECDSA, "expires": 0}, transport)
    assert certificate.expires <= now_ms()

    async def construct() -> None:
        with pytest.raises(InvalidAccessError):
            RTCPeerConnection({"certificates": [certificate]}, transport=transport)

    # Equal clock readings are possible; the constructor refuses only a past expiry.
    if certificate.expires < now_ms():
        run(construct())


def test_expires_is_capped_at_365_days() -> None:
    """webrtc-pc, generateCertificate() step 3.4: an expires above 31536000000 becomes 31536000000."""
    before = now_ms()
    certificate = generate({**ECDSA, "expires": 10 * MAX_CERTIFICATE_LIFETIME_MS})
    assert before + MAX_CERTIFICATE_LIFETIME_MS <= certificate.expires
    assert certificate.expires <= now_ms() + MAX_CERTIFICATE_LIFETIME_MS


@pytest.mark.parametrize(
    "expires", [-1, "invalid", float("nan"), float("inf"), True, None], ids=str
)
def test_an_invalid_expires_rejects_with_type_error(expires: Any) -> None:
    """RTCPeerConnection-generateCertificate.html: an invalid range or type for expires rejects with TypeError (RTCCertificateExpiration, [EnforceRange])."""
    with pytest.raises(TypeError):
        generate({**ECDSA, "expires": expires})


def test_the_default_is_ecdsa() -> None:
    """webrtc-pc, Certificate Management: generateCertificate() without an algorithm (a Python default) makes the ECDSA P-256 certificate."""
    assert isinstance(generate(None), MemoryCertificate)


class _DefaultOnly(MemoryTransport):
    """A backend with the TransportBackend Protocol's generate_certificate(): no algorithm."""

    def generate_certificate(self) -> MemoryCertificate:  # type: ignore[override]
        return MemoryCertificate()


def test_a_backend_without_algorithms_makes_only_the_default() -> None:
    """webrtc-pc, generateCertificate() step 6: a backend that takes no algorithm makes the default certificate and rejects anything else with NotSupportedError."""

    async def main() -> None:
        backend = _DefaultOnly()
        assert isinstance(
            await RTCPeerConnection.generateCertificate(ECDSA, transport=backend),
            MemoryCertificate,
        )
        for algorithm in (RSA, {**ECDSA, "expires": 2000}):
            with pytest.raises(NotSupportedError):
                await RTCPeerConnection.generateCertificate(algorithm, transport=backend)

    run(main())


@pytest.mark.skipif(importlib.util.find_spec("aiortc") is None, reason="needs the aiortc extra")
def test_an_aiortc_certificate_with_its_own_lifetime_connects() -> None:
    """webrtc-pc, generateCertificate() step 8 and RTCConfiguration.certificates: a certificate generated with an expires completes DTLS on the aiortc backend (RFC 8842)."""
    from _pair import negotiate, trickle

    from sdpmodel.transport.aiortc import AiortcTransport

    async def main() -> None:
        peers = []
        for _ in range(2):
            certificate = await RTCPeerConnection.generateCertificate(
                {**ECDSA, "expires": 3_600_000}, transport="aiortc"
            )
            peers.append(
                RTCPeerConnection(
                    {"certificates": [certificate]},
                    transport=AiortcTransport(interfaces=("127.0.0.1",)),
                )
            )
        a, b = peers
        loop = asyncio.get_running_loop()
        both = [loop.create_future(), loop.create_future()]
        for pc, reached in zip(peers, both, strict=True):

            def check(_event: Any, pc: RTCPeerConnection = pc, reached: Any = reached) -> None:
                if pc.connectionState == "connected" and not reached.done():
                    reached.set_result(None)

            pc.on("connectionstatechange", check)
        trickle(a, b)
        a.createDataChannel("x")
        await negotiate(a, b)
        # Bounded wait on the events, not a fixed sleep.
        await asyncio.wait_for(asyncio.gather(*both), 10.0)
        await a.close()
        await b.close()

    run(main())
