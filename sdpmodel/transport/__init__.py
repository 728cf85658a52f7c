"""The transport backend contract: what carries out the core's effects.

A backend provides ICE, DTLS, SRTP and SCTP for one RTCPeerConnection.  The
facade (``sdpmodel.peer``) calls it with the transport effects of the core
(``sdpmodel.effects``) and with data channel and media requests; the
backend reports back through the ``TransportListener`` the facade attaches.

Rules every backend keeps:

* Calls from the facade never block and never raise for network reasons;
  failures arrive as state changes (``on_ice_state(..., FAILED)``,
  ``on_dtls_state(..., FAILED, "fingerprint-failure")``).
* Listener callbacks are made from the event loop, never from inside a call
  the facade is making (schedule them with ``loop.call_soon``), so the
  facade sees them as the queued tasks webrtc-pc describes.
* Transports are named by the core's transport ids (the mid of the m-section
  that owns them); data channels by their SCTP stream id; media by the
  core's transceiver id.

Two backends ship: ``MemoryTransport`` (in-process, deterministic, the
default) and ``AiortcTransport`` (real sockets, ``sdpmodel[aiortc]``).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from sdpmodel.attributes import Candidate
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.effects import (
    AddRemoteCandidate,
    ConnectTransport,
    GatherCandidates,
    StartSctp,
    UpdateMedia,
)
from sdpmodel.enums import (
    RTCDtlsTransportState,
    RTCIceGathererState,
    RTCIceTransportState,
    RTCSctpTransportState,
)
from sdpmodel.jsep import LocalEndpoint

__all__ = [
    "Certificate",
    "ChannelParameters",
    "FrameSource",
    "TransportBackend",
    "TransportListener",
]


class FrameSource(Protocol):
    """Where a remote track's frames come from (an aiortc receiver track, say)."""

    async def recv(self) -> Any:
        """The next frame."""
        ...


@runtime_checkable
class Certificate(Protocol):
    """webrtc-pc, 4.9.2 RTCCertificate, as a backend makes it."""

    @property
    def expires(self) -> float:
        """Milliseconds since the epoch after which the certificate is not valid."""
        ...

    def getFingerprints(self) -> list[dict[str, str]]:
        """RTCDtlsFingerprint dicts: ``{"algorithm": "sha-256", "value": "ab:cd:..."}``."""
        ...


class ChannelParameters(Protocol):
    """What the backend needs to open one data channel (webrtc-pc 6.2, RTCDataChannelInit)."""

    @property
    def label(self) -> str: ...

    @property
    def protocol(self) -> str: ...

    @property
    def ordered(self) -> bool: ...

    @property
    def maxPacketLifeTime(self) -> int | None: ...

    @property
    def maxRetransmits(self) -> int | None: ...

    @property
    def negotiated(self) -> bool: ...

    @property
    def id(self) -> int | None: ...


class TransportListener(Protocol):
    """What a backend reports; the facade implements it.  Call it from the event loop only."""

    def on_local_candidate(self, transport: str, ufrag: str, candidate: Candidate | None) -> None:
        """A gathered candidate of the ICE generation ``ufrag``, or None once gathering ended."""

    def on_gathering_state(self, transport: str, state: RTCIceGathererState) -> None:
        """The ICE gatherer of ``transport`` changed state."""

    def on_ice_state(self, transport: str, state: RTCIceTransportState) -> None:
        """The ICE transport changed state (checking, connected, failed, ...)."""

    def on_dtls_state(
        self, transport: str, state: RTCDtlsTransportState, error: str | None = None
    ) -> None:
        """The DTLS transport changed state; ``error`` is an RTCErrorDetailType on failure."""

    def on_sctp_state(self, state: RTCSctpTransportState, max_channels: int | None = None) -> None:
        """The SCTP association changed state."""

    def on_channel_open(self, channel_id: int) -> None:
        """A channel this end created (or a negotiated one) is open."""

    def on_remote_channel(self, channel_id: int, parameters: dict[str, Any]) -> None:
        """The remote opened channel ``channel_id`` in-band (RFC 8832 DATA_CHANNEL_OPEN).

        ``parameters`` holds label, protocol, ordered, maxPacketLifeTime,
        maxRetransmits.
        """

    def on_channel_message(self, channel_id: int, data: str | bytes) -> None:
        """A message arrived on ``channel_id``."""

    def on_channel_buffered(self, channel_id: int, buffered_amount: int) -> None:
        """The bytes queued on ``channel_id`` went down to ``buffered_amount``."""

    def on_channel_closed(self, channel_id: int) -> None:
        """The remote closed (reset) ``channel_id``, or the association went away."""

    def on_media(self, transceiver: str, receiving: bool) -> None:
        """Media started (True) or stopped (False) arriving for ``transceiver``'s receiver."""

    def on_track_source(self, transceiver: str, source: FrameSource | None) -> None:
        """The frames of ``transceiver``'s receiver, read with ``await source.recv()``.

        Backends that carry real media call it once the receiver exists;
        the facade's remote MediaStreamTrack then yields those frames.
        """


@runtime_checkable
class TransportBackend(Protocol):
    """One connection's ICE, DTLS, SRTP and SCTP.  See the module docstring for the rules."""

    name: str

    def attach(self, listener: TransportListener) -> None:
        """Called once by the facade, inside a running event loop, before anything else."""

    def configure(self, configuration: RTCConfiguration) -> None:
        """The connection's configuration (ICE servers, transport policy), now and after changes.

        webrtc-pc, set the configuration, steps 7 to 9: a change takes effect
        at the next gathering.
        """

    def generate_certificate(self) -> Certificate:
        """A new certificate for this backend (RTCPeerConnection.generateCertificate)."""
        ...

    def local_endpoint(self, certificates: tuple[Certificate, ...]) -> LocalEndpoint:
        """The fingerprints of ``certificates`` and what this backend can send and receive."""
        ...

    def gather(self, effect: GatherCandidates) -> None:
        """Start gathering; report candidates, then None, with ``on_local_candidate``."""

    def connect(self, effect: ConnectTransport) -> None:
        """Run ICE then DTLS on the transport against the remote parameters."""

    def add_remote_candidate(self, effect: AddRemoteCandidate) -> None:
        """A trickled remote candidate (None: the end of them)."""

    def close_transport(self, transport: str) -> None:
        """Stop ICE and DTLS on ``transport`` (no longer used)."""

    def start_sctp(self, effect: StartSctp) -> None:
        """Start the SCTP association over the DTLS transport, once it is connected."""

    def stop_sctp(self) -> None:
        """Tear the SCTP association down."""

    def update_media(self, effect: UpdateMedia, track: Any | None) -> None:
        """Send ``track`` (when ``effect.send``) and receive (when ``effect.receive``)."""

    def stop_transceiver(self, transceiver: str) -> None:
        """Stop sending and receiving for ``transceiver`` for good."""

    def open_channel(self, channel: ChannelParameters) -> None:
        """Open a data channel with a known id once SCTP is connected (DCEP unless negotiated)."""

    def send(self, channel_id: int, data: str | bytes) -> None:
        """Queue a message; report the draining with ``on_channel_buffered``."""

    def close_channel(self, channel_id: int) -> None:
        """Close (reset) a data channel; report with ``on_channel_closed`` when done."""

    async def get_stats(self) -> dict[str, dict[str, Any]]:
        """RTCStats dictionaries by id (transport, candidate-pair, inbound/outbound-rtp, ...)."""
        ...

    async def close(self) -> None:
        """Release everything; no listener call follows."""
