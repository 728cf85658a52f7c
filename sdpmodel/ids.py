"""Where the negotiation core gets its identifiers: an injected ``IdSource``.

The core never draws randomness itself (the pure-core rule); everything it
needs to invent, ICE credentials, the ``o=`` session id, SSRCs, track and
transceiver ids, comes from the source the session was created with:

* ``SequentialIds``: deterministic, for tests and for reading traces
  (``u0001`` / ``p0001...``); two runs give the same SDP, byte for byte.
* ``RandomIds``: the default of the facade.  ICE credentials and every other
  value come from the operating system's CSPRNG (``secrets``), with the
  lengths RFC 8839, 5.4 asks for: "the ice-ufrag attribute MUST contain at
  least 24 bits of randomness, and the ice-pwd attribute MUST contain at least
  128 bits of randomness".  We draw 4 base64 ice-chars for the ufrag (24 bits,
  as browsers do, the minimum length of 4) and 24 for the password (144 bits).

This module owns the id sources only; it knows nothing of SDP.
"""

from __future__ import annotations

import secrets
from typing import Protocol

__all__ = ["ICE_CHARS", "IdSource", "RandomIds", "SequentialIds"]

#: RFC 8839, 5.4: ice-char = ALPHA / DIGIT / "+" / "/".
ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

#: RFC 8839, 5.4: 4 to 256 ice-chars for the ufrag, 22 to 256 for the password.
UFRAG_LENGTH = 4
PWD_LENGTH = 24

# Characters of the ids that are not ICE credentials (track, stream, transceiver
# ids and CNAMEs): letters and digits only, so they fit RFC 8830's msid-id
# (1*64 token-char) and RFC 7022's CNAME advice.
_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


class IdSource(Protocol):
    """What the core asks for; each call returns a value never returned before."""

    def ice_ufrag(self) -> str:
        """A new ICE username fragment (RFC 8839, 5.4: 4 to 256 ice-chars)."""
        ...

    def ice_pwd(self) -> str:
        """A new ICE password (RFC 8839, 5.4: 22 to 256 ice-chars)."""
        ...

    def session_id(self) -> str:
        """The ``o=`` sess-id: a decimal below 2**63 (RFC 9429, 5.2.1)."""
        ...

    def ssrc(self) -> int:
        """A new RTP SSRC, 1 to 2**32 - 1."""
        ...

    def tls_id(self) -> str:
        """A new ``a=tls-id`` value (RFC 8842, 4: 20 to 255 chars, at least 120 bits random)."""
        ...

    def token(self, kind: str) -> str:
        """A new identifier for ``kind`` (``"track"``, ``"stream"``, ``"transceiver"``, "
        "``"cname"``)."""
        ...


class SequentialIds:
    """Deterministic ids: the n-th value of each kind is derived from n.

    ``SequentialIds(prefix="a")`` and ``SequentialIds(prefix="b")`` never
    collide, so two peers in one test keep distinct credentials and SSRCs.
    """

    def __init__(self, prefix: str = "a") -> None:
        if not prefix or not prefix.isalnum() or not prefix.isascii():
            raise ValueError(f"the prefix must be ASCII letters or digits, got {prefix!r}")
        self._prefix = prefix
        self._counters: dict[str, int] = {}
        # SSRCs must differ between peers too: offset them by the prefix.
        self._ssrc_base = (int.from_bytes(prefix.encode(), "big") % 1000 + 1) * 1_000_000

    def _next(self, kind: str) -> int:
        value = self._counters.get(kind, 0) + 1
        self._counters[kind] = value
        return value

    def ice_ufrag(self) -> str:
        return f"{self._prefix}{self._next('ufrag'):03d}"

    def ice_pwd(self) -> str:
        return f"{self._prefix}pwd{self._next('pwd'):04d}".ljust(PWD_LENGTH, "x")

    def session_id(self) -> str:
        return str(self._ssrc_base + self._next("session"))

    def ssrc(self) -> int:
        return self._ssrc_base + self._next("ssrc")

    def tls_id(self) -> str:
        return f"{self._prefix}tlsid{self._next('tls-id'):015d}"

    def token(self, kind: str) -> str:
        return f"{self._prefix}-{kind}-{self._next(kind)}"


class RandomIds:
    """Ids from the operating system's CSPRNG (``secrets``); the facade's default."""

    def __init__(self) -> None:
        self._issued_ssrcs: set[int] = set()

    def ice_ufrag(self) -> str:
        return "".join(secrets.choice(ICE_CHARS) for _ in range(UFRAG_LENGTH))

    def ice_pwd(self) -> str:
        return "".join(secrets.choice(ICE_CHARS) for _ in range(PWD_LENGTH))

    def session_id(self) -> str:
        # RFC 9429, 5.2.1: "a 64-bit quantity with the highest bit set to zero".
        return str(secrets.randbits(62) + 1)

    def ssrc(self) -> int:
        while True:
            value = secrets.randbits(32)
            if value and value not in self._issued_ssrcs:
                self._issued_ssrcs.add(value)
                return value

    def tls_id(self) -> str:
        return "".join(secrets.choice(ICE_CHARS) for _ in range(32))

    def token(self, kind: str) -> str:
        del kind  # one alphabet for every kind
        return "".join(secrets.choice(_ID_CHARS) for _ in range(16))
