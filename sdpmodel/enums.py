"""StrEnums shared by every layer; their values are the spec's strings.

This module owns names and values only: no parsing, no I/O.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["MediaDirection", "SetupRole"]


class MediaDirection(StrEnum):
    """The four SDP direction attributes (RFC 8866, 6.7) and W3C RTCRtpTransceiverDirection.

    webrtc-pc adds ``stopped`` to RTCRtpTransceiverDirection; that value never
    appears in SDP, so it is not a member here.
    """

    SENDRECV = "sendrecv"
    SENDONLY = "sendonly"
    RECVONLY = "recvonly"
    INACTIVE = "inactive"

    @property
    def sends(self) -> bool:
        return self in (MediaDirection.SENDRECV, MediaDirection.SENDONLY)

    @property
    def receives(self) -> bool:
        return self in (MediaDirection.SENDRECV, MediaDirection.RECVONLY)

    @classmethod
    def from_flags(cls, *, send: bool, recv: bool) -> MediaDirection:
        if send and recv:
            return cls.SENDRECV
        if send:
            return cls.SENDONLY
        if recv:
            return cls.RECVONLY
        return cls.INACTIVE

    def reversed(self) -> MediaDirection:
        """The direction as seen from the other end (RFC 3264, 6.1: sendonly <-> recvonly)."""
        return MediaDirection.from_flags(send=self.receives, recv=self.sends)

    def intersect(self, other: MediaDirection) -> MediaDirection:
        """Both directions allow it (used for answers: offered reversed AND local)."""
        return MediaDirection.from_flags(
            send=self.sends and other.sends, recv=self.receives and other.receives
        )


class SetupRole(StrEnum):
    """RFC 4145 / RFC 8842 ``a=setup`` values."""

    ACTIVE = "active"
    PASSIVE = "passive"
    ACTPASS = "actpass"
    HOLDCONN = "holdconn"
