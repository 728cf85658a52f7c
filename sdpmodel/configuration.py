"""RTCConfiguration as a validated, immutable value (webrtc-pc, 4.2 "Configuration").

This module owns reading a configuration (an ``RTCConfiguration`` or a dict
with the W3C keys) and the checks of webrtc-pc, "set the configuration"
(4.4.1.6): the ICE server URLs (``SyntaxError``, ``NotSupportedError``,
``InvalidAccessError`` for TURN without credentials) and, against the
previous configuration, the members that may not change
(``InvalidModificationError``).  It does no I/O: certificates are opaque
objects the transport backend made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import attrs

from sdpmodel.enums import RTCBundlePolicy, RTCIceTransportPolicy, RTCRtcpMuxPolicy
from sdpmodel.errors import (
    DOMSyntaxError,
    InvalidAccessError,
    InvalidModificationError,
)

__all__ = ["MAX_ICE_SERVERS", "RTCConfiguration", "RTCIceServer"]

#: webrtc-pc, set the configuration, step 5: "truncate ... to the maximum supported" (>= 32).
MAX_ICE_SERVERS = 32

_SCHEMES = ("stun", "stuns", "turn", "turns")


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
