"""What the negotiation core asks the world to do: effects as data.

The core never calls a transport or fires an event.  Each operation returns
its new session and a tuple of these values, in the order they must be
carried out; the facade (``sdpmodel.peer``) turns the transport effects into
calls on the backend and the event effects into W3C events.

The order of the event effects of one setLocalDescription /
setRemoteDescription is the order of webrtc-pc, "set the session
description", steps 4.6.14 to 4.6.19: ``SignalingStateChange``, data channel
errors, ``MuteTrack``, ``RemoveTrackFromStream``, ``AddTrackToStream``,
``FireTrack``.  The transport effects come first, because the task that
fires those events runs after the description was applied.

Transports are named by the mid of the m-section that made them (the BUNDLE
tag, or the section itself), and keep that name while they live: a BUNDLE
group whose tag moves to another of its m-sections keeps its transport
(RFC 9143, 7.5.3; ``sdpmodel._msection.bundle_transport``).  See
``sdpmodel.transceiver``.
"""

from __future__ import annotations

import attrs

from sdpmodel.attributes import Candidate, Extmap, Fingerprint
from sdpmodel.enums import RTCDtlsRole, RTCIceRole, RTCSignalingState
from sdpmodel.model import Codec
from sdpmodel.transceiver import Transceiver

__all__ = [
    "AddRemoteCandidate",
    "AddTrackToStream",
    "AssignDataChannelIds",
    "CloseTransport",
    "ConnectTransport",
    "Effect",
    "FireTrack",
    "GatherCandidates",
    "MuteTrack",
    "RemoveTrackFromStream",
    "SignalingStateChange",
    "StartSctp",
    "StopSctp",
    "StopTransceiver",
    "TransceiverRemoved",
    "UpdateMedia",
]


@attrs.frozen
class SignalingStateChange:
    """Fire ``signalingstatechange`` (webrtc-pc, set the session description, 4.6.14)."""

    state: RTCSignalingState


@attrs.frozen
class GatherCandidates:
    """Start ICE gathering on ``transport`` with these local credentials (RFC 9429, 5.9).

    Sent for a new transport, and again with new credentials on an ICE
    restart (``restart`` is then True).

    ``ice_role`` is the role this end takes in the ICE session these
    credentials belong to.  RFC 8445, 6.1.1 "Determining Role" fixes it
    before any check is sent: the offerer controls, and so does a full agent
    facing a lite one; so it is known when gathering starts, before the
    answer arrives, and the agent must answer the remote's early checks
    (RFC 8445, 7.3) in that role, or the role conflict repair of RFC 8445,
    7.3.1.1 can hand the roles out the wrong way round.  ``ConnectTransport``
    repeats it.  None (an effect made by hand): not known yet.
    """

    transport: str
    ufrag: str
    pwd: str
    restart: bool = False
    ice_role: RTCIceRole | None = None


@attrs.frozen
class ConnectTransport:
    """Run ICE and then DTLS on ``transport`` against the remote end (RFC 9429, 5.10 and 5.11).

    Sent whenever both descriptions are known for the transport and any of
    these values changed (after an answer or a provisional answer; after an
    ICE restart).  ``remote_candidates`` are those of the remote description;
    more come with ``AddRemoteCandidate``.
    """

    transport: str
    ice_role: RTCIceRole
    local_ufrag: str
    local_pwd: str
    remote_ufrag: str
    remote_pwd: str
    remote_ice_lite: bool
    remote_candidates: tuple[Candidate, ...]
    remote_end_of_candidates: bool
    dtls_role: RTCDtlsRole
    remote_fingerprints: tuple[Fingerprint, ...]


@attrs.frozen
class AddRemoteCandidate:
    """A trickled remote candidate (or the end of them, ``candidate=None``) for ``transport``."""

    transport: str
    ufrag: str
    candidate: Candidate | None


@attrs.frozen
class CloseTransport:
    """No m-section uses ``transport`` any more (webrtc-pc, 4.6.13.1): close ICE and DTLS."""

    transport: str


@attrs.frozen
class StartSctp:
    """Start (or keep) the SCTP association over ``transport`` (RFC 8841; webrtc-pc 4.6.9.1)."""

    transport: str
    local_port: int
    remote_port: int
    max_message_size: int
    #: webrtc-pc 6.1.1.2 "update the data max message size": the remote's limit.
    remote_max_message_size: int


@attrs.frozen
class StopSctp:
    """The answer closed the SCTP association (webrtc-pc, set the session description, 4.6.7)."""

    transport: str


@attrs.frozen
class AssignDataChannelIds:
    """The DTLS role is known: give channels without an id one (webrtc-pc, 4.6.9.2; RFC 8832, 6)."""

    dtls_role: RTCDtlsRole


@attrs.frozen
class UpdateMedia:
    """What a transceiver sends and receives now, and with which codecs (RFC 9429, 5.9-5.11)."""

    transceiver: str
    transport: str | None
    mid: str | None
    send: bool
    receive: bool
    send_codecs: tuple[Codec, ...]
    receive_codecs: tuple[Codec, ...]
    ssrc: int
    rtx_ssrc: int | None
    remote_ssrcs: tuple[int, ...]
    #: RFC 8285, 6: the negotiated header extensions (the remote description's ids for
    #: the URIs both descriptions list), which RTP on this m-section writes and reads.
    header_extensions: tuple[Extmap, ...] = ()


@attrs.frozen
class StopTransceiver:
    """Stop sending and receiving (webrtc-pc, 5.4, "stop sending and receiving"): the track ends."""

    transceiver: str


@attrs.frozen
class TransceiverRemoved:
    """A transceiver left the set of transceivers (webrtc-pc 4.6.12.1.1 or 4.6.11.2.7).

    ``final`` is its last value, stopped: the facade's object keeps showing it.
    """

    final: Transceiver


@attrs.frozen
class MuteTrack:
    """Set the receiver track of ``transceiver`` muted (webrtc-pc, 4.6.16)."""

    transceiver: str


@attrs.frozen
class RemoveTrackFromStream:
    """Remove the receiver track of ``transceiver`` from remote stream ``stream_id`` (4.6.17)."""

    transceiver: str
    stream_id: str


@attrs.frozen
class AddTrackToStream:
    """Add the receiver track of ``transceiver`` to remote stream ``stream_id`` (4.6.18)."""

    transceiver: str
    stream_id: str


@attrs.frozen
class FireTrack:
    """Fire ``track`` for ``transceiver`` with the remote streams ``stream_ids`` (4.6.19)."""

    transceiver: str
    stream_ids: tuple[str, ...]


Effect = (
    SignalingStateChange
    | GatherCandidates
    | ConnectTransport
    | AddRemoteCandidate
    | CloseTransport
    | StartSctp
    | StopSctp
    | AssignDataChannelIds
    | UpdateMedia
    | StopTransceiver
    | TransceiverRemoved
    | MuteTrack
    | RemoveTrackFromStream
    | AddTrackToStream
    | FireTrack
)
