"""Transceivers and the data m-section as immutable values of the negotiation core.

A ``Transceiver`` holds every internal slot webrtc-pc gives an
RTCRtpTransceiver and its sender and receiver (5.2 "create an RTCRtpSender",
5.3 "create an RTCRtpReceiver", 5.4 "create an RTCRtpTransceiver"), with the
slot names in snake case: ``direction`` is [[Direction]],
``current_direction`` [[CurrentDirection]], ``fired_direction``
[[FiredDirection]], ``receptive`` [[Receptive]], ``stopping`` / ``stopped``
[[Stopping]] / [[Stopped]], ``sender_stream_ids`` the sender's
[[AssociatedMediaStreamIds]], ``remote_stream_ids`` the receiver's
[[AssociatedRemoteMediaStreams]] (as ids: the facade owns the MediaStream
objects), and so on.  Two flags are the hidden state every implementation
needs (webrtc-pc, 5.1, the association rules; RFC 9429, 5.7):
``attached_by_add_track`` and ``ever_sent`` ("has never been used to send").

``m_line_index`` is RFC 9429's association of a transceiver with "an m=
section index" (4.1.x and 5.2.2: an association outlives the mid when a
section is recycled).  ``transport`` names the transport the section uses:
the mid of the m-section that made it (the BUNDLE tag, or the section itself),
kept when the group's tag moves to another m-section (RFC 9143, 7.5.3).

Values only: no method here changes anything; ``jsep`` builds new values with
``attrs.evolve``, and transceivers with ``replace_transceiver`` (the same,
faster).  The facade's RTCRtpTransceiver objects are views that read the
current value by ``id``.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from sdpmodel._builders import replacer
from sdpmodel.codecs import CodecCapability
from sdpmodel.enums import RTCRtpTransceiverDirection
from sdpmodel.model import Codec

__all__ = ["DataSection", "Encoding", "TrackRef", "Transceiver", "replace_transceiver"]

D = RTCRtpTransceiverDirection


@attrs.frozen
class Encoding:
    """webrtc-pc, 5.2.5 RTCRtpEncodingParameters (the members the core negotiates)."""

    rid: str | None = None
    active: bool = True
    max_bitrate: int | None = None
    max_framerate: float | None = None
    scale_resolution_down_by: float | None = None


@attrs.frozen
class TrackRef:
    """The core's view of a MediaStreamTrack: its id and kind (the facade owns the object)."""

    id: str
    kind: str


@attrs.frozen
class Transceiver:
    """One RTCRtpTransceiver with its sender and receiver, as the core sees them."""

    id: str
    kind: str
    direction: RTCRtpTransceiverDirection = D.SENDRECV
    mid: str | None = None
    m_line_index: int | None = None
    current_direction: RTCRtpTransceiverDirection | None = None
    fired_direction: RTCRtpTransceiverDirection | None = None
    receptive: bool = False
    stopping: bool = False
    stopped: bool = False
    # The sender (webrtc-pc 5.2).
    sender_track: TrackRef | None = None
    sender_stream_ids: tuple[str, ...] = ()
    send_encodings: tuple[Encoding, ...] = (Encoding(),)
    send_codecs: tuple[Codec, ...] = ()
    ssrc: int = 0
    rtx_ssrc: int | None = None
    # The receiver (webrtc-pc 5.3).
    receiver_track_id: str = ""
    remote_stream_ids: tuple[str, ...] = ()
    remote_track_id: str | None = None
    receive_codecs: tuple[Codec, ...] = ()
    # Negotiation bookkeeping.
    transport: str | None = None
    preferred_codecs: tuple[CodecCapability, ...] = ()
    #: webrtc-extensions [[HeaderExtensionsToNegotiate]] as (uri, direction) pairs, once the
    #: application set them; empty means every extension of the endpoint, "sendrecv".
    header_extensions: tuple[tuple[str, str], ...] = ()
    attached_by_add_track: bool = False
    ever_sent: bool = False

    @property
    def is_stopped(self) -> bool:
        """webrtc-pc's "stopped" ([[Stopped]] is true)."""
        return self.stopped

    @property
    def offered_direction(self) -> RTCRtpTransceiverDirection:
        """The direction an offer writes: webrtc-pc, createOffer: "stopping" is treated as "
        ""stopped"."""
        if self.stopped or self.stopping:
            return D.STOPPED
        return self.direction

    @property
    def has_been_used_to_send(self) -> bool:
        """webrtc-pc, addTrack() step 7: [[CurrentDirection]] was ever sendrecv or sendonly."""
        return self.ever_sent

    def with_current_direction(self, direction: RTCRtpTransceiverDirection) -> Transceiver:
        """A copy with [[CurrentDirection]] set, keeping ``ever_sent`` sticky."""
        return replace_transceiver(
            self, current_direction=direction, ever_sent=self.ever_sent or direction.sends
        )


#: ``attrs.evolve(transceiver, **changes)``, equal and faster (``_builders.replacer``):
#: a Transceiver has no checks to run.
replace_transceiver: Callable[..., Transceiver] = replacer(Transceiver)


@attrs.frozen
class DataSection:
    """The ``m=application`` section of data channels (RFC 8841), once one is wanted.

    ``wanted`` becomes True with the first ``createDataChannel`` (webrtc-pc,
    4.7.1: "adding the first RTCDataChannel" sets negotiation-needed).
    """

    wanted: bool = False
    mid: str | None = None
    m_line_index: int | None = None
    transport: str | None = None
    #: The remote ``a=sctp-port`` and ``a=max-message-size`` (RFC 8841, 5 and 6).
    remote_port: int | None = None
    remote_max_message_size: int | None = None
    #: True once an answer accepted the section (the SCTP association may start).
    negotiated: bool = False
    rejected: bool = False
