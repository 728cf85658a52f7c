"""RTCDataChannel and RTCSctpTransport (webrtc-pc, 6 "Peer-to-peer Data API").

This module owns the channel's state machine (connecting, open, closing,
closed), send() and its limits, bufferedAmount and ``bufferedamountlow``,
and the init-dict checks of createDataChannel (6.1, steps 5 to 17).  The
bytes move in the transport backend; the connection (``sdpmodel.peer``)
routes the backend's reports to the channel by its id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sdpmodel.enums import RTCDataChannelState, RTCSctpTransportState
from sdpmodel.errors import InvalidStateError, RTCError, RTCErrorDetailType
from sdpmodel.events import Event, EventTarget, HandlerAttribute, MessageEvent, RTCErrorEvent

if TYPE_CHECKING:
    from sdpmodel.peer import RTCPeerConnection
    from sdpmodel.rtp import RTCDtlsTransport

__all__ = ["ChannelInit", "RTCDataChannel", "RTCSctpTransport", "channel_init"]

#: RFC 8832, 6: stream ids 0 to 65534 (65535 is reserved).
MAX_CHANNEL_ID = 65534
#: The UA maxima webrtc-pc 6.1 step 16 clamps to (unsigned short).
MAX_UNRELIABLE = 65535


@attrs.frozen
class ChannelInit:
    """A checked RTCDataChannelInit (webrtc-pc, 6.2), with the label."""

    label: str
    ordered: bool = True
    maxPacketLifeTime: int | None = None
    maxRetransmits: int | None = None
    protocol: str = ""
    negotiated: bool = False
    id: int | None = None


def _unsigned_short(name: str, value: Any) -> int | None:
    # WebIDL [EnforceRange] unsigned short: an integer 0..65535, else TypeError.
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise TypeError(f"RTCDataChannelInit.{name} must be an integer 0 to 65535, got {value!r}")
    return value


def _usv(text: str) -> str:
    """WebIDL USVString: a lone surrogate becomes U+FFFD."""
    if text.isascii():
        return text
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def channel_init(label: Any, options: Mapping[str, Any]) -> ChannelInit:
    """webrtc-pc, createDataChannel(), steps 4 to 17: the label and init dict, or TypeError."""
    if not isinstance(label, str):
        raise TypeError(
            f"createDataChannel: the label must be a string, not {type(label).__name__}"
        )
    known = {"ordered", "maxPacketLifeTime", "maxRetransmits", "protocol", "negotiated", "id"}
    unknown = set(options) - known
    if unknown:
        raise TypeError(
            f"createDataChannel: unknown RTCDataChannelInit members: {', '.join(sorted(unknown))}"
        )
    label = _usv(label)
    # Step 5.
    if len(label.encode("utf-8")) > 65535:
        raise TypeError(
            "createDataChannel: the label is longer than 65535 bytes (webrtc-pc 6.1, step 5)"
        )
    ordered = options.get("ordered", True)
    negotiated = options.get("negotiated", False)
    protocol = options.get("protocol", "")
    if not isinstance(ordered, bool) or not isinstance(negotiated, bool):
        raise TypeError("createDataChannel: ordered and negotiated are booleans")
    if not isinstance(protocol, str):
        raise TypeError("createDataChannel: protocol is a string")
    protocol = _usv(protocol)
    # Step 11.
    if len(protocol.encode("utf-8")) > 65535:
        raise TypeError("createDataChannel: the protocol is longer than 65535 bytes (step 11)")
    lifetime = _unsigned_short("maxPacketLifeTime", options.get("maxPacketLifeTime"))
    retransmits = _unsigned_short("maxRetransmits", options.get("maxRetransmits"))
    channel_id = _unsigned_short("id", options.get("id"))
    # Step 13: the id only counts for negotiated channels.
    if not negotiated:
        channel_id = None
    # Step 14.
    if negotiated and channel_id is None:
        raise TypeError(
            "createDataChannel: a negotiated channel needs an id (webrtc-pc 6.1, step 14)"
        )
    # Step 15.
    if lifetime is not None and retransmits is not None:
        raise TypeError(
            "createDataChannel: maxPacketLifeTime and maxRetransmits cannot both be set (step 15)"
        )
    # Step 17.
    if channel_id == 65535:
        raise TypeError("createDataChannel: id 65535 is reserved (RFC 8832, 6; webrtc-pc step 17)")
    return ChannelInit(label, ordered, lifetime, retransmits, protocol, negotiated, channel_id)


class RTCSctpTransport(EventTarget):
    """webrtc-pc, 6.1.1 RTCSctpTransport: the SCTP association the channels share."""

    onstatechange = HandlerAttribute()

    def __init__(self, transport: RTCDtlsTransport, max_message_size: float) -> None:
        super().__init__()
        self._transport = transport
        self._state = RTCSctpTransportState.CONNECTING
        self._max_message_size = max_message_size
        self._max_channels: int | None = None

    @property
    def transport(self) -> RTCDtlsTransport:
        return self._transport

    @property
    def state(self) -> str:
        return str(self._state)

    @property
    def maxMessageSize(self) -> float:
        return self._max_message_size

    @property
    def maxChannels(self) -> int | None:
        return self._max_channels

    def _update_max_message_size(self, remote: int | None, can_send: int) -> None:
        """webrtc-pc, 6.1.1.2 "update the data max message size"."""
        remote_size = 65536 if remote is None else remote
        if remote_size == 0 and can_send == 0:
            self._max_message_size = float("inf")
        elif remote_size == 0 or can_send == 0:
            self._max_message_size = float(max(remote_size, can_send))
        else:
            self._max_message_size = float(min(remote_size, can_send))

    def __repr__(self) -> str:
        return f"<RTCSctpTransport {self._state} maxMessageSize={self._max_message_size}>"


class RTCDataChannel(EventTarget):
    """webrtc-pc, 6.2 RTCDataChannel."""

    onopen = HandlerAttribute()
    onmessage = HandlerAttribute()
    onbufferedamountlow = HandlerAttribute()
    onerror = HandlerAttribute()
    onclosing = HandlerAttribute()
    onclose = HandlerAttribute()

    def __init__(self, pc: RTCPeerConnection, init: ChannelInit) -> None:
        super().__init__()
        self._pc = pc
        self._init = init
        self._id = init.id
        self._ready_state = RTCDataChannelState.CONNECTING
        self._buffered_amount = 0
        self._threshold = 0
        self._binary_type = "arraybuffer"
        self._closing_by_close = False

    # --- attributes (webrtc-pc 6.2) ---------------------------------------------------

    @property
    def label(self) -> str:
        return self._init.label

    @property
    def ordered(self) -> bool:
        return self._init.ordered

    @property
    def maxPacketLifeTime(self) -> int | None:
        return self._init.maxPacketLifeTime

    @property
    def maxRetransmits(self) -> int | None:
        return self._init.maxRetransmits

    @property
    def protocol(self) -> str:
        return self._init.protocol

    @property
    def negotiated(self) -> bool:
        return self._init.negotiated

    @property
    def id(self) -> int | None:
        return self._id

    @property
    def readyState(self) -> str:
        return str(self._ready_state)

    @property
    def bufferedAmount(self) -> int:
        return self._buffered_amount

    @property
    def bufferedAmountLowThreshold(self) -> int:
        return self._threshold

    @bufferedAmountLowThreshold.setter
    def bufferedAmountLowThreshold(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 0xFFFFFFFF:
            raise TypeError("bufferedAmountLowThreshold must be an unsigned long")
        self._threshold = value

    @property
    def binaryType(self) -> str:
        return self._binary_type

    @binaryType.setter
    def binaryType(self, value: str) -> None:
        # webrtc-pc PR #2909: an invalid value is ignored (WebIDL enum attribute).
        if value in ("blob", "arraybuffer"):
            self._binary_type = value

    # --- methods --------------------------------------------------------------------

    def send(self, data: str | bytes | bytearray | memoryview) -> None:
        """webrtc-pc, 6.2, the send() algorithm (steps 2 to 6)."""
        if isinstance(data, str):
            payload: str | bytes = data
            size = len(data.encode("utf-8"))
        elif isinstance(data, bytes | bytearray | memoryview):
            payload = bytes(data)
            size = len(payload)
        else:
            raise TypeError(f"RTCDataChannel.send takes str or bytes, not {type(data).__name__}")
        # Step 2.
        if self._ready_state is not RTCDataChannelState.OPEN:
            raise InvalidStateError(
                f"RTCDataChannel.send: the channel is {self._ready_state}, not open (webrtc-pc "
                "6.2, step 2)"
            )
        # Step 4.
        sctp = self._pc.sctp
        limit = sctp.maxMessageSize if sctp is not None else 65536.0
        if size > limit:
            raise TypeError(
                f"RTCDataChannel.send: {size} bytes is more than the maxMessageSize {int(limit)} "
                "(webrtc-pc 6.2, send step 4; RFC 8841, 6)"
            )
        assert self._id is not None
        # Steps 5 and 6.
        self._buffered_amount += size
        self._pc._backend.send(self._id, payload)

    def close(self) -> None:
        """webrtc-pc, 6.2 close(): closing now, ``close`` once the stream is reset."""
        if self._ready_state in (RTCDataChannelState.CLOSING, RTCDataChannelState.CLOSED):
            return
        self._closing_by_close = True
        self._ready_state = RTCDataChannelState.CLOSING
        self._pc._close_channel(self)

    # --- reports from the connection ---------------------------------------------------

    def _announce_open(self) -> None:
        """webrtc-pc, 6.2.2 "announce an RTCDataChannel as open"."""
        if self._pc._closed or self._ready_state in (
            RTCDataChannelState.CLOSING,
            RTCDataChannelState.CLOSED,
        ):
            return
        self._ready_state = RTCDataChannelState.OPEN
        self.dispatch(Event("open"))

    def _receive(self, data: str | bytes) -> None:
        """webrtc-pc, 6.2.8 "receiving messages": dropped unless open."""
        if self._ready_state is not RTCDataChannelState.OPEN:
            return
        self.dispatch(MessageEvent(data))

    def _drained(self, remaining: int) -> None:
        """The backend sent queued bytes; ``bufferedamountlow`` on crossing the threshold."""
        before = self._buffered_amount
        self._buffered_amount = max(0, min(before, remaining))
        if before > self._threshold >= self._buffered_amount:
            self.dispatch(Event("bufferedamountlow"))

    def _remote_closing(self) -> None:
        """webrtc-pc, 6.2.4 step 4: the closing procedure started by the other side."""
        if self._ready_state in (RTCDataChannelState.CLOSING, RTCDataChannelState.CLOSED):
            return
        self._ready_state = RTCDataChannelState.CLOSING
        self.dispatch(Event("closing"))

    def _announce_closed(self, *, error: str | None = None) -> None:
        """webrtc-pc, 6.2.5 "announcing a data channel as closed" (and 6.2.7 with an error)."""
        if self._ready_state is RTCDataChannelState.CLOSED:
            return
        self._ready_state = RTCDataChannelState.CLOSED
        if error is not None:
            detail = RTCErrorDetailType(error)
            self.dispatch(
                RTCErrorEvent(RTCError(f"the data channel failed ({detail})", error_detail=detail))
            )
        self.dispatch(Event("close"))

    def _close_abruptly(self) -> None:
        """webrtc-pc, close the connection, step 5: "closed", no events."""
        self._ready_state = RTCDataChannelState.CLOSED

    def __repr__(self) -> str:
        return f"<RTCDataChannel {self.label!r} id={self._id} {self._ready_state}>"
