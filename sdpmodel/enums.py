"""StrEnums shared by every layer; their values are the spec's strings.

This module owns names and values only: no parsing, no I/O.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "MediaDirection",
    "RTCBundlePolicy",
    "RTCDataChannelState",
    "RTCDtlsRole",
    "RTCDtlsTransportState",
    "RTCIceCandidateType",
    "RTCIceComponent",
    "RTCIceConnectionState",
    "RTCIceGathererState",
    "RTCIceGatheringState",
    "RTCIceProtocol",
    "RTCIceRole",
    "RTCIceTcpCandidateType",
    "RTCIceTransportPolicy",
    "RTCIceTransportState",
    "RTCPeerConnectionState",
    "RTCRtcpMuxPolicy",
    "RTCRtpTransceiverDirection",
    "RTCSctpTransportState",
    "RTCSdpType",
    "RTCSignalingState",
    "SetupRole",
]


class MediaDirection(StrEnum):
    """The four SDP direction attributes (RFC 8866, 6.7) and W3C RTCRtpTransceiverDirection.

    webrtc-pc adds ``stopped`` to RTCRtpTransceiverDirection; that value never
    appears in SDP, so it is not a member here.
    """

    SENDRECV = "sendrecv"
    SENDONLY = "sendonly"
    RECVONLY = "recvonly"
    INACTIVE = "inactive"

    # The properties and methods below read tables made once from the flags (after the
    # class, ``_MEDIA_*``): the negotiation core asks them several times per m-section.

    @property
    def sends(self) -> bool:
        return _MEDIA_FLAGS[self][0]

    @property
    def receives(self) -> bool:
        return _MEDIA_FLAGS[self][1]

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
        return _MEDIA_REVERSED[self]

    def intersect(self, other: MediaDirection) -> MediaDirection:
        """Both directions allow it (used for answers: offered reversed AND local)."""
        found = _MEDIA_INTERSECTIONS.get((self, other))
        if found is None:  # not a MediaDirection: as the flags give it
            return MediaDirection.from_flags(
                send=self.sends and other.sends, recv=self.receives and other.receives
            )
        return found


#: Each direction's (sends, receives), its reverse, and the intersection of each pair.
_MEDIA_FLAGS: dict[MediaDirection, tuple[bool, bool]] = {
    MediaDirection.SENDRECV: (True, True),
    MediaDirection.SENDONLY: (True, False),
    MediaDirection.RECVONLY: (False, True),
    MediaDirection.INACTIVE: (False, False),
}
_MEDIA_REVERSED = {
    d: MediaDirection.from_flags(send=recv, recv=send) for d, (send, recv) in _MEDIA_FLAGS.items()
}
_MEDIA_INTERSECTIONS = {
    (a, b): MediaDirection.from_flags(send=fa[0] and fb[0], recv=fa[1] and fb[1])
    for a, fa in _MEDIA_FLAGS.items()
    for b, fb in _MEDIA_FLAGS.items()
}


class SetupRole(StrEnum):
    """RFC 4145 / RFC 8842 ``a=setup`` values."""

    ACTIVE = "active"
    PASSIVE = "passive"
    ACTPASS = "actpass"
    HOLDCONN = "holdconn"


# --- webrtc-pc enums (W3C WebRTC 1.0, the editor's draft) -----------------------------
# The member values are the spec's strings, so ``RTCSignalingState.STABLE == "stable"``.


class RTCSdpType(StrEnum):
    """webrtc-pc, 4.6.1 RTCSdpType."""

    OFFER = "offer"
    PRANSWER = "pranswer"
    ANSWER = "answer"
    ROLLBACK = "rollback"


class RTCSignalingState(StrEnum):
    """webrtc-pc, 4.3.1.1 RTCSignalingState."""

    STABLE = "stable"
    HAVE_LOCAL_OFFER = "have-local-offer"
    HAVE_REMOTE_OFFER = "have-remote-offer"
    HAVE_LOCAL_PRANSWER = "have-local-pranswer"
    HAVE_REMOTE_PRANSWER = "have-remote-pranswer"
    CLOSED = "closed"


class RTCRtpTransceiverDirection(StrEnum):
    """webrtc-pc, 5.1 RTCRtpTransceiverDirection: the SDP directions plus ``stopped``."""

    SENDRECV = "sendrecv"
    SENDONLY = "sendonly"
    RECVONLY = "recvonly"
    INACTIVE = "inactive"
    STOPPED = "stopped"

    # Tables made once after the class (``_TRANSCEIVER_*``), as for MediaDirection.

    @property
    def sends(self) -> bool:
        return _TRANSCEIVER_FLAGS[self][0]

    @property
    def receives(self) -> bool:
        return _TRANSCEIVER_FLAGS[self][1]

    @property
    def media(self) -> MediaDirection:
        """The SDP direction (``stopped`` is written as ``inactive`` on a rejected m-line)."""
        return _TRANSCEIVER_MEDIA[self]

    @classmethod
    def of(cls, direction: MediaDirection) -> RTCRtpTransceiverDirection:
        found = _TRANSCEIVER_OF.get(direction)
        return cls(direction.value) if found is None else found


_TRANSCEIVER_FLAGS: dict[RTCRtpTransceiverDirection, tuple[bool, bool]] = {
    RTCRtpTransceiverDirection.SENDRECV: (True, True),
    RTCRtpTransceiverDirection.SENDONLY: (True, False),
    RTCRtpTransceiverDirection.RECVONLY: (False, True),
    RTCRtpTransceiverDirection.INACTIVE: (False, False),
    RTCRtpTransceiverDirection.STOPPED: (False, False),
}
_TRANSCEIVER_MEDIA = {
    d: MediaDirection.INACTIVE if d is RTCRtpTransceiverDirection.STOPPED else MediaDirection(d)
    for d in RTCRtpTransceiverDirection
}
_TRANSCEIVER_OF = {m: RTCRtpTransceiverDirection(m.value) for m in MediaDirection}


class RTCBundlePolicy(StrEnum):
    """webrtc-pc, 4.2.4 RTCBundlePolicy (RFC 9429, 4.1.1; max-bundle is RFC 9429's must-bundle)."""

    BALANCED = "balanced"
    MAX_COMPAT = "max-compat"
    MAX_BUNDLE = "max-bundle"


class RTCRtcpMuxPolicy(StrEnum):
    """webrtc-pc, 4.2.5 RTCRtcpMuxPolicy: "require"; RFC 9429, 4.1.1 also defines "negotiate".

    webrtc-pc dropped "negotiate" from the IDL; sdpmodel keeps it for the JSEP
    endpoints (SIP gateways) that still need RTCP on its own component.
    """

    NEGOTIATE = "negotiate"
    REQUIRE = "require"


class RTCIceTransportPolicy(StrEnum):
    """webrtc-pc, 4.2.3 RTCIceTransportPolicy."""

    RELAY = "relay"
    ALL = "all"


class RTCIceGatheringState(StrEnum):
    """webrtc-pc, 4.3.2 RTCIceGatheringState."""

    NEW = "new"
    GATHERING = "gathering"
    COMPLETE = "complete"


class RTCIceConnectionState(StrEnum):
    """webrtc-pc, 4.3.4 RTCIceConnectionState."""

    CLOSED = "closed"
    FAILED = "failed"
    DISCONNECTED = "disconnected"
    NEW = "new"
    CHECKING = "checking"
    COMPLETED = "completed"
    CONNECTED = "connected"


class RTCPeerConnectionState(StrEnum):
    """webrtc-pc, 4.3.3 RTCPeerConnectionState."""

    CLOSED = "closed"
    FAILED = "failed"
    DISCONNECTED = "disconnected"
    NEW = "new"
    CONNECTING = "connecting"
    CONNECTED = "connected"


class RTCIceGathererState(StrEnum):
    """webrtc-pc, 5.6.3 RTCIceGathererState (one RTCIceTransport's gathering)."""

    NEW = "new"
    GATHERING = "gathering"
    COMPLETE = "complete"


class RTCIceTransportState(StrEnum):
    """webrtc-pc, 5.6.4 RTCIceTransportState."""

    NEW = "new"
    CHECKING = "checking"
    CONNECTED = "connected"
    COMPLETED = "completed"
    DISCONNECTED = "disconnected"
    FAILED = "failed"
    CLOSED = "closed"


class RTCIceRole(StrEnum):
    """webrtc-pc, 5.6.5 RTCIceRole."""

    UNKNOWN = "unknown"
    CONTROLLING = "controlling"
    CONTROLLED = "controlled"


class RTCIceComponent(StrEnum):
    """webrtc-pc, 5.6.6 RTCIceComponent."""

    RTP = "rtp"
    RTCP = "rtcp"


class RTCIceProtocol(StrEnum):
    """webrtc-pc, 4.8.1.2 RTCIceProtocol."""

    UDP = "udp"
    TCP = "tcp"


class RTCIceTcpCandidateType(StrEnum):
    """webrtc-pc, 4.8.1.3 RTCIceTcpCandidateType (RFC 6544)."""

    ACTIVE = "active"
    PASSIVE = "passive"
    SO = "so"


class RTCIceCandidateType(StrEnum):
    """webrtc-pc, 4.8.1.4 RTCIceCandidateType."""

    HOST = "host"
    SRFLX = "srflx"
    PRFLX = "prflx"
    RELAY = "relay"


class RTCDtlsTransportState(StrEnum):
    """webrtc-pc, 5.5.1 RTCDtlsTransportState."""

    NEW = "new"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    CLOSED = "closed"
    FAILED = "failed"


class RTCDtlsRole(StrEnum):
    """The DTLS role a transport takes (RFC 8842, 5: ``a=setup:active`` is the client)."""

    CLIENT = "client"
    SERVER = "server"


class RTCSctpTransportState(StrEnum):
    """webrtc-pc, 6.1.2 RTCSctpTransportState."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    CLOSED = "closed"


class RTCDataChannelState(StrEnum):
    """webrtc-pc, 6.2 RTCDataChannelState."""

    CONNECTING = "connecting"
    OPEN = "open"
    CLOSING = "closing"
    CLOSED = "closed"
