"""RTCConfiguration as a validated, immutable value (webrtc-pc, 4.2 "Configuration").

This module owns reading a configuration (an ``RTCConfiguration`` or a dict
with the W3C keys), reading the ``keygenAlgorithm`` argument of
``generateCertificate()`` (``KeygenAlgorithm``), and the checks of webrtc-pc,
"set the configuration"
(4.4.1.6): the ICE server URLs (``SyntaxError``, ``NotSupportedError``,
``InvalidAccessError`` for TURN without credentials) and, against the
previous configuration, the members that may not change
(``InvalidModificationError``).  It does no I/O: certificates are opaque
objects the transport backend made.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import attrs

from sdpmodel.enums import RTCBundlePolicy, RTCIceTransportPolicy, RTCRtcpMuxPolicy
from sdpmodel.errors import (
    DOMSyntaxError,
    InvalidAccessError,
    InvalidModificationError,
    NotSupportedError,
)

__all__ = [
    "DEFAULT_CERTIFICATE_LIFETIME_MS",
    "MAX_CERTIFICATE_LIFETIME_MS",
    "MAX_ICE_SERVERS",
    "KeygenAlgorithm",
    "RTCConfiguration",
    "RTCIceServer",
]

#: webrtc-pc, set the configuration, step 5: "truncate ... to the maximum supported" (>= 32).
MAX_ICE_SERVERS = 32

_SCHEMES = ("stun", "stuns", "turn", "turns")

#: webrtc-pc, Certificate Management, generateCertificate() step 2: 30 days unless told.
DEFAULT_CERTIFICATE_LIFETIME_MS = 2_592_000 * 1000
#: generateCertificate() step 3.4: "If expires is greater than 31536000000, set expires to
#: 31536000000" (365 days).
MAX_CERTIFICATE_LIFETIME_MS = 31_536_000_000
#: WebIDL [EnforceRange] unsigned long long: an integer from 0 to 2**53 - 1.
_MAX_SAFE_INTEGER = 2**53 - 1

_ECDSA = "ECDSA"
_RSA = "RSASSA-PKCS1-v1_5"
#: WebCrypto, "Algorithm Dictionary" / "normalize an algorithm": names match case-insensitively.
_HASHES = {name.lower(): name for name in ("SHA-1", "SHA-256", "SHA-384", "SHA-512")}
#: libwebrtc's certificate key parameters (rtc::KeyParams::IsValid): RSA keys of 1024 to 8192
#: bits with the exponent 65537; Chrome also takes SHA-256 as the only hash.
_RSA_MODULUS = (1024, 8192)
_RSA_EXPONENT = 65537


@attrs.frozen
class KeygenAlgorithm:
    """The normalized ``keygenAlgorithm`` of generateCertificate() and its lifetime.

    webrtc-pc, Certificate Management: the user agent MUST support
    ``{"name": "RSASSA-PKCS1-v1_5", "modulusLength": 2048, "publicExponent":
    bytes([1, 0, 1]), "hash": "SHA-256"}`` and ``{"name": "ECDSA",
    "namedCurve": "P-256"}``; these are the two sdpmodel knows.  ``expires``
    is the lifetime in milliseconds (the RTCCertificateExpiration member,
    capped at 365 days), not a date: the backend adds the current time.
    """

    name: str = _ECDSA
    named_curve: str | None = "P-256"
    modulus_length: int | None = None
    public_exponent: int | None = None
    hash: str | None = None
    expires: int = DEFAULT_CERTIFICATE_LIFETIME_MS

    @property
    def is_ecdsa(self) -> bool:
        return self.name == _ECDSA

    @property
    def is_rsa(self) -> bool:
        return self.name == _RSA

    @classmethod
    def from_init(cls, init: object) -> KeygenAlgorithm:
        """webrtc-pc, generateCertificate() steps 1 to 6, with WebCrypto's "normalize an algorithm".

        ``init`` is a dict (an algorithm with an optional ``expires``) or a
        string (an algorithm name); ``None`` stands for the default, ECDSA
        P-256.  Raises ``TypeError`` where WebIDL or WebCrypto conversion
        fails (a missing required member, ``expires`` not a non-negative
        integer) and ``NotSupportedError`` for an algorithm sdpmodel cannot or
        will not make a certificate with (step 6).
        """
        if init is None:
            return cls()
        expires = DEFAULT_CERTIFICATE_LIFETIME_MS
        if isinstance(init, Mapping):
            # Step 3: an object is also an RTCCertificateExpiration.
            if "expires" in init:
                # Step 3.3: a given expires replaces the default; step 3.4 caps it.
                expires = min(_enforce_range(init["expires"]), MAX_CERTIFICATE_LIFETIME_MS)
            algorithm: Mapping[str, Any] = init
        elif isinstance(init, str):
            # WebCrypto, normalize an algorithm, step 1: a string is {name: string}.
            algorithm = {"name": init}
        else:
            raise TypeError(
                "generateCertificate takes an algorithm dict or name (WebCrypto "
                f"AlgorithmIdentifier), not {type(init).__name__}"
            )
        # Step 4: normalize the algorithm for "generateKey" (WebCrypto, normalize an
        # algorithm): "name" is required and matched case-insensitively.
        name = algorithm.get("name")
        if not isinstance(name, str):
            raise TypeError("generateCertificate: the algorithm's 'name' is a required string")
        if name.lower() == _ECDSA.lower():
            # EcKeyGenParams: namedCurve is required.
            curve = _required(algorithm, "namedCurve", _ECDSA)
            if not isinstance(curve, str):
                raise TypeError("generateCertificate: ECDSA's namedCurve is a string")
            # Step 6: only the curve the spec makes mandatory.
            if curve != "P-256":
                raise NotSupportedError(
                    f"generateCertificate: ECDSA on {curve!r} is not supported, only P-256 "
                    "(webrtc-pc, Certificate Management, generateCertificate() step 6)"
                )
            return cls(name=_ECDSA, named_curve=curve, expires=expires)
        if name.lower() == _RSA.lower():
            # RsaHashedKeyGenParams: modulusLength, publicExponent and hash are required.
            modulus = _enforce_range(_required(algorithm, "modulusLength", _RSA), 2**32 - 1)
            exponent = _big_integer(_required(algorithm, "publicExponent", _RSA))
            hash_name = _hash(_required(algorithm, "hash", _RSA))
            low, high = _RSA_MODULUS
            # Step 6: what a DTLS certificate can use (libwebrtc's limits).
            if not low <= modulus <= high or exponent != _RSA_EXPONENT or hash_name != "SHA-256":
                raise NotSupportedError(
                    f"generateCertificate: RSASSA-PKCS1-v1_5 with modulusLength {modulus}, "
                    f"publicExponent {exponent} and hash {hash_name} is not supported: use "
                    f"{low} to {high} bits, publicExponent bytes([1, 0, 1]) and SHA-256 "
                    "(webrtc-pc, Certificate Management, generateCertificate() step 6)"
                )
            return cls(
                name=_RSA,
                named_curve=None,
                modulus_length=modulus,
                public_exponent=exponent,
                hash=hash_name,
                expires=expires,
            )
        # Steps 5 and 6: a name WebCrypto does not register for generateKey, or one no
        # DTLS certificate is made with (AES, HMAC, ...).
        raise NotSupportedError(
            f"generateCertificate: the algorithm {name!r} is not supported; use "
            "{'name': 'ECDSA', 'namedCurve': 'P-256'} or RSASSA-PKCS1-v1_5 "
            "(webrtc-pc, Certificate Management, generateCertificate() step 6)"
        )


def _required(algorithm: Mapping[str, Any], member: str, name: str) -> Any:
    """WebIDL dictionary conversion: a required member that is missing is a TypeError."""
    if member not in algorithm:
        raise TypeError(f"generateCertificate: {name} needs the member {member!r} (WebCrypto)")
    return algorithm[member]


def _enforce_range(value: object, upper: int = _MAX_SAFE_INTEGER) -> int:
    """WebIDL [EnforceRange] integer conversion: a finite number, truncated, in 0..upper."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"generateCertificate: {value!r} is not a number ([EnforceRange])")
    if isinstance(value, float) and not math.isfinite(value):
        raise TypeError(f"generateCertificate: {value!r} is not finite ([EnforceRange])")
    number = int(value)
    if not 0 <= number <= upper:
        raise TypeError(f"generateCertificate: {value!r} is out of range 0..{upper}")
    return number


def _big_integer(value: object) -> int:
    """WebCrypto BigInteger: a Uint8Array (bytes in Python), big-endian."""
    if not isinstance(value, bytes | bytearray | memoryview):
        raise TypeError(
            "generateCertificate: publicExponent is bytes (a WebCrypto BigInteger, "
            f"bytes([1, 0, 1]) for 65537), not {type(value).__name__}"
        )
    return int.from_bytes(bytes(value), "big")


def _hash(value: object) -> str:
    """WebCrypto HashAlgorithmIdentifier, normalized for "digest": a name or {name: ...}."""
    name = value.get("name") if isinstance(value, Mapping) else value
    if not isinstance(name, str):
        raise TypeError("generateCertificate: RSASSA-PKCS1-v1_5's hash is a name such as 'SHA-256'")
    known = _HASHES.get(name.lower())
    if known is None:
        raise NotSupportedError(f"generateCertificate: {name!r} is not a WebCrypto digest")
    return known


@attrs.frozen
class RTCIceServer:
    """webrtc-pc, 4.2.2 RTCIceServer: ``urls`` (one or several), ``username``, ``credential``."""

    urls: tuple[str, ...]
    username: str | None = None
    credential: str | None = None

    def toJSON(self) -> dict[str, Any]:
        out: dict[str, Any] = {"urls": list(self.urls)}
        if self.username is not None:
            out["username"] = self.username
        if self.credential is not None:
            out["credential"] = self.credential
        return out

    @classmethod
    def from_init(cls, init: RTCIceServer | Mapping[str, Any]) -> RTCIceServer:
        if isinstance(init, RTCIceServer):
            return init
        if not isinstance(init, Mapping):
            raise TypeError(f"an ICE server is a dict or RTCIceServer, not {type(init).__name__}")
        if "urls" not in init:
            raise TypeError("RTCIceServer: the member 'urls' is required")
        urls = init["urls"]
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, Sequence) or not all(isinstance(u, str) for u in urls):
            raise TypeError("RTCIceServer.urls must be a string or a list of strings")
        username = init.get("username")
        credential = init.get("credential")
        for name, value in (("username", username), ("credential", credential)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"RTCIceServer.{name} must be a string")
        return cls(tuple(urls), username, credential)


def _check_url(url: str, server: RTCIceServer) -> None:
    """webrtc-pc, set the configuration, steps 6.4.1 to 6.4.7, for one URL."""
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    # 6.4.2: the URL must parse, with a stun/stuns/turn/turns scheme and an opaque
    # path ("stun:host:port", no "//"), no fragment, and no query for stun(s).
    if not colon or scheme not in _SCHEMES or not rest or rest.startswith("/") or "#" in rest:
        raise DOMSyntaxError(
            f"{url!r} is not an ICE server URL such as 'stun:stun.example.org:3478' "
            "(webrtc-pc, set the configuration, 6.4.2)"
        )
    path, question, query = rest.partition("?")
    if question and scheme in ("stun", "stuns"):
        raise DOMSyntaxError(f"{url!r}: a stun URL takes no query (webrtc-pc, 6.4.2)")
    if question and query not in ("transport=udp", "transport=tcp"):
        raise DOMSyntaxError(f"{url!r}: the query may only be transport=udp or transport=tcp")
    # 6.4.4/6.4.5: the path must be a host with an optional port.
    parsed = urlsplit("https://" + path)
    try:
        port = parsed.port
    except ValueError:
        port = -1
    if not parsed.hostname or port == -1 or parsed.path or "@" in path:
        raise DOMSyntaxError(f"{url!r}: expected host[:port] after the scheme (RFC 7064, 3.1)")
    # 6.4.7: TURN needs both username and credential.
    if scheme in ("turn", "turns") and (server.username is None or server.credential is None):
        raise InvalidAccessError(
            f"{url!r}: a TURN server needs a username and a credential "
            "(webrtc-pc, set the configuration, 6.4.7)"
        )


@attrs.frozen
class RTCConfiguration:
    """webrtc-pc, 4.2.1 RTCConfiguration, with the spec's defaults.

    ``certificates`` holds the backend's certificate objects (RTCCertificate);
    they are compared by identity, as the spec compares ECMAScript objects.
    """

    iceServers: tuple[RTCIceServer, ...] = ()
    iceTransportPolicy: RTCIceTransportPolicy = RTCIceTransportPolicy.ALL
    bundlePolicy: RTCBundlePolicy = RTCBundlePolicy.BALANCED
    rtcpMuxPolicy: RTCRtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE
    certificates: tuple[Any, ...] = attrs.field(default=(), eq=False)
    iceCandidatePoolSize: int = 0

    @property
    def bundle_policy(self) -> RTCBundlePolicy:
        return self.bundlePolicy

    @property
    def rtcp_mux_policy(self) -> RTCRtcpMuxPolicy:
        return self.rtcpMuxPolicy

    def toJSON(self) -> dict[str, Any]:
        return {
            "iceServers": [s.toJSON() for s in self.iceServers],
            "iceTransportPolicy": str(self.iceTransportPolicy),
            "bundlePolicy": str(self.bundlePolicy),
            "rtcpMuxPolicy": str(self.rtcpMuxPolicy),
            "certificates": list(self.certificates),
            "iceCandidatePoolSize": self.iceCandidatePoolSize,
        }

    @classmethod
    def from_init(cls, init: RTCConfiguration | Mapping[str, Any] | None) -> RTCConfiguration:
        """Read a configuration dict (W3C keys) or pass an RTCConfiguration through, then check it.

        Raises ``TypeError`` for wrong member types, ``ValueError`` (WebIDL
        RangeError / enum errors) for values outside an enum or range, and the
        DOMExceptions of webrtc-pc, set the configuration, step 6.
        """
        if init is None:
            config = cls()
        elif isinstance(init, RTCConfiguration):
            config = init
        elif isinstance(init, Mapping):
            known = {
                "iceServers",
                "iceTransportPolicy",
                "bundlePolicy",
                "rtcpMuxPolicy",
                "certificates",
                "iceCandidatePoolSize",
            }
            unknown = set(init) - known
            if unknown:
                raise TypeError(f"unknown RTCConfiguration members: {', '.join(sorted(unknown))}")
            servers = init.get("iceServers", ())
            if (
                servers is None
                or isinstance(servers, str | Mapping)
                or not isinstance(servers, Sequence)
            ):
                raise TypeError("RTCConfiguration.iceServers must be a list of RTCIceServer")
            pool = init.get("iceCandidatePoolSize", 0)
            if not isinstance(pool, int) or isinstance(pool, bool):
                raise TypeError("RTCConfiguration.iceCandidatePoolSize must be an integer")
            if not 0 <= pool <= 255:
                raise ValueError("iceCandidatePoolSize must be 0 to 255 (webrtc-pc, 4.2.1)")
            certificates = init.get("certificates", ())
            if isinstance(certificates, str) or not isinstance(certificates, Sequence):
                raise TypeError("RTCConfiguration.certificates must be a list of RTCCertificate")
            try:
                config = cls(
                    iceServers=tuple(RTCIceServer.from_init(s) for s in servers),
                    iceTransportPolicy=RTCIceTransportPolicy(init.get("iceTransportPolicy", "all")),
                    bundlePolicy=RTCBundlePolicy(init.get("bundlePolicy", "balanced")),
                    rtcpMuxPolicy=RTCRtcpMuxPolicy(init.get("rtcpMuxPolicy", "require")),
                    certificates=tuple(certificates),
                    iceCandidatePoolSize=pool,
                )
            except ValueError as exc:
                raise TypeError(f"RTCConfiguration: {exc}") from None
        else:
            raise TypeError(
                f"a configuration is a dict or RTCConfiguration, not {type(init).__name__}"
            )
        config.check_servers()
        return config

    def check_servers(self) -> None:
        """webrtc-pc, set the configuration, step 6: every ICE server URL is valid."""
        for server in self.iceServers[:MAX_ICE_SERVERS]:
            if not server.urls:
                raise DOMSyntaxError("an RTCIceServer needs at least one URL (webrtc-pc, 6.3)")
            for url in server.urls:
                _check_url(url, server)

    def check_update(self, new: RTCConfiguration, *, local_description_set: bool) -> None:
        """webrtc-pc, set the configuration, step 3: what setConfiguration may not change."""
        if len(new.certificates) != len(self.certificates) or any(
            a is not b for a, b in zip(new.certificates, self.certificates, strict=True)
        ):
            raise InvalidModificationError(
                "setConfiguration cannot change the certificates (webrtc-pc, 4.4.1.6, step 3.1)"
            )
        if new.bundlePolicy != self.bundlePolicy:
            raise InvalidModificationError(
                f"setConfiguration cannot change bundlePolicy from {self.bundlePolicy} to "
                f"{new.bundlePolicy} (webrtc-pc, 4.4.1.6, step 3.4)"
            )
        if new.rtcpMuxPolicy != self.rtcpMuxPolicy:
            raise InvalidModificationError(
                f"setConfiguration cannot change rtcpMuxPolicy from {self.rtcpMuxPolicy} to "
                f"{new.rtcpMuxPolicy} (webrtc-pc, 4.4.1.6, step 3.5)"
            )
        if local_description_set and new.iceCandidatePoolSize != self.iceCandidatePoolSize:
            raise InvalidModificationError(
                "setConfiguration cannot change iceCandidatePoolSize after setLocalDescription "
                "(webrtc-pc, 4.4.1.6, step 3.6)"
            )
