"""The negotiation core: a JSEP session as an immutable value.

``Session`` is everything RFC 9429 and webrtc-pc keep for one
RTCPeerConnection that decides what SDP says: the signaling state, the
pending and current descriptions, [[LastCreatedOffer]] /
[[LastCreatedAnswer]], the transceivers and the data m-section, the local
ICE credentials.  Each operation is a method that returns a ``Step``: the
new session, the effects to carry out (``sdpmodel.effects``) and the
decisions taken (``sdpmodel.decisions``).  A failed operation raises one of
the errors of ``sdpmodel.errors`` (or ``TypeError`` / ``ValueError`` for the
WebIDL TypeError / RangeError) and the caller still holds the old session:
nothing changed, by construction.

The rules of the PeerConnection-level methods that need no SDP (addTrack,
addTransceiver, the direction setter, stop, ...) live here, each with its
webrtc-pc steps as comments.  Creating descriptions is in ``_offer`` and
``_answer``; setting them in ``_apply``; candidates in ``_candidates``;
the signaling table in ``_states``.

No I/O, no clock, no randomness: identifiers come from the ``IdSource`` the
session was created with (``sdpmodel.ids``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Generic, TypeVar

import attrs

from sdpmodel.attributes import Candidate, Fingerprint, Simulcast
from sdpmodel.codecs import (
    BROWSER_AUDIO_CODECS,
    BROWSER_AUDIO_EXTENSIONS,
    BROWSER_VIDEO_CODECS,
    BROWSER_VIDEO_EXTENSIONS,
    CodecCapability,
    HeaderExtensionCapability,
    codec_preferences,
    header_extensions_to_negotiate,
)
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.decisions import Decision
from sdpmodel.effects import Effect, StopTransceiver
from sdpmodel.enums import (
    RTCDtlsRole,
    RTCRtpTransceiverDirection,
    RTCSdpType,
    RTCSignalingState,
)
from sdpmodel.errors import (
    InvalidAccessError,
    InvalidStateError,
)
from sdpmodel.ids import IdSource, SequentialIds
from sdpmodel.limits import DEFAULT_LIMITS, Limits
from sdpmodel.model import SessionDescription
from sdpmodel.transceiver import DataSection, Encoding, TrackRef, Transceiver, replace_transceiver

__all__ = [
    "Description",
    "IceCredentials",
    "LocalEndpoint",
    "Session",
    "Step",
]

T = TypeVar("T")
D = RTCRtpTransceiverDirection
S = RTCSignalingState

#: RFC 8851, 10: rid-syntax = 1*(alpha-numeric / "-" / "_").  Length: libwebrtc
#: caps rids at 16 characters (the one-byte header extension); webrtc-pc sets no
#: limit, RFC 8852 allows 255 bytes in the SDES item.
_RID = re.compile(r"[A-Za-z0-9_-]{1,255}")

#: webrtc-pc, addTransceiver step 8.6 ("maxN"): the most simultaneous encodings this
#: end supports, by default (a backend that cannot send simulcast says 1 through
#: ``LocalEndpoint.max_encodings``).
MAX_ENCODINGS = 4


@attrs.frozen
class IceCredentials:
    """A local ICE ufrag/pwd pair (RFC 8839, 5.4)."""

    ufrag: str
    pwd: str


@attrs.frozen
class LocalEndpoint:
    """What this end can do, from the transport backend: certificate fingerprints and media.

    The defaults are the memory backend's browser-like capabilities.
    """

    fingerprints: tuple[Fingerprint, ...] = (Fingerprint("sha-256", ":".join(["00"] * 32)),)
    audio_codecs: tuple[CodecCapability, ...] = BROWSER_AUDIO_CODECS
    video_codecs: tuple[CodecCapability, ...] = BROWSER_VIDEO_CODECS
    audio_extensions: tuple[HeaderExtensionCapability, ...] = BROWSER_AUDIO_EXTENSIONS
    video_extensions: tuple[HeaderExtensionCapability, ...] = BROWSER_VIDEO_EXTENSIONS
    #: RFC 8841, 5 and 6: the SCTP port and the largest message this end takes.
    sctp_port: int = 5000
    max_message_size: int = 262144
    data_channels: bool = True
    #: webrtc-pc, addTransceiver step 8.5 ("maxN", at least 1): the most simultaneous
    #: encodings (simulcast layers) a sender of this end can send.
    max_encodings: int = MAX_ENCODINGS

    def codecs(self, kind: str) -> tuple[CodecCapability, ...]:
        if kind == "audio":
            return self.audio_codecs
        if kind == "video":
            return self.video_codecs
        return ()

    def extensions(self, kind: str) -> tuple[HeaderExtensionCapability, ...]:
        if kind == "audio":
            return self.audio_extensions
        if kind == "video":
            return self.video_extensions
        return ()


@attrs.frozen
class Description:
    """A set description: its type and its parsed SDP (``text`` writes it back)."""

    type: RTCSdpType
    sdp: SessionDescription

    @property
    def text(self) -> str:
        return self.sdp.to_sdp()


@attrs.frozen
class Step(Generic[T]):
    """What an operation returns: the new session, its effects and decisions, and a value."""

    session: Session
    effects: tuple[Effect, ...] = ()
    decisions: tuple[Decision, ...] = ()
    value: T = None  # type: ignore[assignment]


def _check_encodings(
    kind: str, encodings: Sequence[Encoding], max_n: int = MAX_ENCODINGS
) -> tuple[Encoding, ...]:
    """webrtc-pc, addTransceiver(), step 8: the sendEncodings validation steps."""
    # 8.1: rid grammar (RFC 8851, 10), all or none with a rid, no duplicates.
    rids = [e.rid for e in encodings]
    for rid in rids:
        if rid is not None and not _RID.fullmatch(rid):
            raise TypeError(
                f"sendEncodings: rid {rid!r} is not 1-255 letters, digits, '-' or '_' (RFC "
                "8851, 10)"
            )
    if len(encodings) > 1 and any(r is None for r in rids) and any(r is not None for r in rids):
        raise TypeError(
            "sendEncodings: either every encoding has a rid or none has (webrtc-pc 8.1)"
        )
    named = [r for r in rids if r is not None]
    if len(named) != len(set(named)):
        raise TypeError("sendEncodings: the rids must be unique (webrtc-pc, addTransceiver 8.1)")
    out = list(encodings)
    # 8.3: audio ignores the video members.
    if kind == "audio":
        out = [attrs.evolve(e, scale_resolution_down_by=None, max_framerate=None) for e in out]
    for e in out:
        # 8.4 and 8.5
        if e.scale_resolution_down_by is not None and e.scale_resolution_down_by < 1.0:
            raise ValueError(
                "sendEncodings: scaleResolutionDownBy must be at least 1.0 (webrtc-pc 8.4)"
            )
        if e.max_framerate is not None and e.max_framerate <= 0.0:
            raise ValueError("sendEncodings: maxFramerate must be above 0 (webrtc-pc 8.5)")
    # 8.7: one scale given -> the others default to 1.0.
    if any(e.scale_resolution_down_by is not None for e in out):
        out = [
            e
            if e.scale_resolution_down_by is not None
            else attrs.evolve(e, scale_resolution_down_by=1.0)
            for e in out
        ]
    # 8.8 (the sendEncodings validation steps 5 and 6): trim from the tail to maxN.
    out = out[: max(1, max_n)]
    # 8.9: video without scales: 2^(n - i - 1).
    if kind == "video" and out and all(e.scale_resolution_down_by is None for e in out):
        n = len(out)
        out = [
            attrs.evolve(e, scale_resolution_down_by=float(2 ** (n - i - 1)))
            for i, e in enumerate(out)
        ]
    # 8.10: a single encoding has no rid.
    if len(out) == 1:
        out = [attrs.evolve(out[0], rid=None)]
    if not out:
        # create an RTCRtpSender, step 11: one default encoding (scale 1.0 for video).
        out = [Encoding(scale_resolution_down_by=1.0 if kind == "video" else None)]
    return tuple(out)


@attrs.frozen
class Session:
    """One RTCPeerConnection's negotiation state (see the module docstring)."""

    configuration: RTCConfiguration
    endpoint: LocalEndpoint
    ids: IdSource = attrs.field(eq=False, repr=False)
    cname: str
    session_id: str
    local_ice: IceCredentials
    #: RFC 8842, 5: one DTLS association, one tls-id for the session's lifetime.
    tls_id: str
    signaling_state: RTCSignalingState = S.STABLE
    is_closed: bool = False
    pending_local: Description | None = None
    current_local: Description | None = None
    pending_remote: Description | None = None
    current_remote: Description | None = None
    #: webrtc-pc [[LastCreatedOffer]] / [[LastCreatedAnswer]] ("" when none).
    last_created_offer: str = ""
    last_created_answer: str = ""
    #: The models of [[LastCreatedOffer]] and [[LastCreatedAnswer]] (setting one needs no parse).
    last_offer_model: SessionDescription | None = attrs.field(default=None, eq=False, repr=False)
    last_answer_model: SessionDescription | None = attrs.field(default=None, eq=False, repr=False)
    #: For each m-line of the last created offer: the transceiver id, "data", or None.
    last_offer_layout: tuple[str | None, ...] = ()
    transceivers: tuple[Transceiver, ...] = ()
    data: DataSection = attrs.field(factory=DataSection)
    #: New credentials made by createOffer for an ICE restart, not applied yet.
    pending_ice: IceCredentials | None = None
    #: Credentials of transports that differ from ``local_ice`` (an answer to a remote
    #: partial ICE restart, RFC 8839, 4.4.1.1.1), and those proposed by createAnswer.
    transport_ice: tuple[tuple[str, IceCredentials], ...] = ()
    pending_transport_ice: tuple[tuple[str, IceCredentials], ...] = ()
    #: webrtc-pc [[LocalIceCredentialsToReplace]].
    ice_credentials_to_replace: tuple[IceCredentials, ...] = ()
    #: Every mid used so far, locally or remotely: mids are never reused (RFC 9429, 5.2.2).
    used_mids: frozenset[str] = frozenset()
    #: The o= sess-version of the last created description: RFC 9429, 5.2.2 lets it
    #: go up by one on every createOffer / createAnswer call.
    session_version: int = 0
    #: The transceivers and data section when the session left "stable" (for rollback).
    stable_transceivers: tuple[Transceiver, ...] | None = None
    stable_data: DataSection | None = None
    #: Transceivers created by applying the pending remote offer (webrtc-pc 4.6.11.2.7).
    created_by_pending: frozenset[str] = frozenset()
    #: RTP header extension ids by URI, kept across renegotiations (RFC 8285, 5).
    extension_ids: tuple[tuple[str, int], ...] = ()
    #: The mids of the BUNDLE group of the last answer, tag first (RFC 9143, 7.4 / 7.5).
    negotiated_bundle: tuple[str, ...] = ()
    #: The transport that group uses when its tag no longer names it: the group outlived
    #: the tagged m-section that made the transport (RFC 9143, 7.5 and 7.5.3; see
    #: ``_msection.bundle_transport``).  None: the tag, ``negotiated_bundle[0]``.
    bundle_transport: str | None = None
    #: The DTLS role the answer gave this end, once an answer was applied (RFC 8842, 5.5).
    dtls_role: RTCDtlsRole | None = None
    #: (transport, local ufrag) pairs whose gathering has been started (GatherCandidates).
    gathering: frozenset[tuple[str, str]] = frozenset()
    #: (transport, local ufrag, remote ufrag) of the transports ConnectTransport started.
    connected: frozenset[tuple[str, str, str]] = frozenset()
    #: (transport, remote SCTP port) of the running SCTP association, if any.
    sctp: tuple[str, int] | None = None
    #: transceiver id -> value, built on first use (not part of equality).
    _by_id: dict[str, Transceiver] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    #: Gathered local candidates: (transport, ufrag, candidate), in gathering order.
    local_candidates: tuple[tuple[str, str, Candidate], ...] = ()
    #: (transport, ufrag) pairs whose gathering has completed (RFC 8838, end-of-candidates).
    gathering_complete: frozenset[tuple[str, str]] = frozenset()
    #: The bounds on remote descriptions and candidates (sdpmodel.limits).
    limits: Limits = DEFAULT_LIMITS

    # --- construction -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        configuration: RTCConfiguration | None = None,
        endpoint: LocalEndpoint | None = None,
        ids: IdSource | None = None,
        limits: Limits | None = None,
    ) -> Session:
        """A new session in "stable" with fresh ICE credentials (webrtc-pc, the constructor).

        ``limits`` bounds what remote descriptions and candidates may hold
        (default ``sdpmodel.limits.DEFAULT_LIMITS``).
        """
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError(f"limits must be a Limits, not {type(limits).__name__}")
        source = ids if ids is not None else SequentialIds()
        return cls(
            configuration=configuration if configuration is not None else RTCConfiguration(),
            endpoint=endpoint if endpoint is not None else LocalEndpoint(),
            ids=source,
            cname=source.token("cname"),
            session_id=source.session_id(),
            local_ice=IceCredentials(source.ice_ufrag(), source.ice_pwd()),
            tls_id=source.tls_id(),
            limits=limits if limits is not None else DEFAULT_LIMITS,
        )

    # --- reading ---------------------------------------------------------------------

    @property
    def local_description(self) -> Description | None:
        """webrtc-pc localDescription: the pending one if any, else the current one."""
        return self.pending_local if self.pending_local is not None else self.current_local

    @property
    def remote_description(self) -> Description | None:
        return self.pending_remote if self.pending_remote is not None else self.current_remote

    def transport_credentials(self, transport: str) -> IceCredentials:
        """The local ICE credentials ``transport`` uses now (RFC 8839, 5.4)."""
        for owner, credentials in self.transport_ice:
            if owner == transport:
                return credentials
        return self.local_ice

    def _index(self) -> dict[str, Transceiver]:
        index = self._by_id
        if index is None:
            index = {t.id: t for t in self.transceivers}
            object.__setattr__(self, "_by_id", index)
        return index

    def transceiver(self, transceiver_id: str) -> Transceiver:
        """The transceiver with this id (InvalidStateError when it left the connection)."""
        found = self._index().get(transceiver_id)
        if found is None:
            raise InvalidStateError(f"transceiver {transceiver_id} is not part of this connection")
        return found

    def has_transceiver(self, transceiver_id: str) -> bool:
        return transceiver_id in self._index()

    def senders(self) -> tuple[Transceiver, ...]:
        """webrtc-pc, CollectSenders: the transceivers that are not stopped."""
        return tuple(t for t in self.transceivers if not t.stopped)

    def _replace(self, new: Transceiver) -> Session:
        return attrs.evolve(
            self, transceivers=tuple(new if t.id == new.id else t for t in self.transceivers)
        )

    def _check_open(self, what: str) -> None:
        if self.is_closed:
            raise InvalidStateError(f"{what}: the RTCPeerConnection is closed")

    # --- transceivers (webrtc-pc, 5.1 and 5.4) ---------------------------------------

    def _new_transceiver(
        self,
        kind: str,
        direction: RTCRtpTransceiverDirection,
        track: TrackRef | None,
        stream_ids: Sequence[str],
        encodings: tuple[Encoding, ...],
    ) -> Transceiver:
        # webrtc-pc: create an RTCRtpSender (track, streams, encodings), create an
        # RTCRtpReceiver (a new muted remote track of this kind), create an
        # RTCRtpTransceiver (direction; every other slot starts empty).
        ids = self.ids
        return Transceiver(
            id=ids.token("transceiver"),
            kind=kind,
            direction=direction,
            sender_track=track,
            sender_stream_ids=tuple(dict.fromkeys(stream_ids)),
            send_encodings=encodings,
            ssrc=ids.ssrc(),
            rtx_ssrc=ids.ssrc() if kind == "video" else None,
            receiver_track_id=ids.token("track"),
        )

    def add_transceiver(
        self,
        kind_or_track: str | TrackRef,
        *,
        direction: RTCRtpTransceiverDirection | str = D.SENDRECV,
        stream_ids: Sequence[str] = (),
        send_encodings: Sequence[Encoding] = (),
    ) -> Step[str]:
        """webrtc-pc, addTransceiver(): returns the new transceiver's id as ``value``."""
        # Steps 5 and 6: the kind, from the string or the track.
        if isinstance(kind_or_track, TrackRef):
            track: TrackRef | None = kind_or_track
            kind = kind_or_track.kind
        else:
            track = None
            kind = kind_or_track
        if kind not in ("audio", "video"):
            raise TypeError(f"addTransceiver: the kind must be 'audio' or 'video', got {kind!r}")
        try:
            wanted = D(direction)
        except ValueError:
            raise TypeError(
                f"addTransceiver: {direction!r} is not an RTCRtpTransceiverDirection"
            ) from None
        # Step 7.
        self._check_open("addTransceiver")
        if wanted is D.STOPPED:
            raise TypeError("addTransceiver: a new transceiver cannot be 'stopped'")
        # Step 8: the sendEncodings validation steps.
        encodings = _check_encodings(kind, send_encodings, self.endpoint.max_encodings)
        # Steps 9 to 12.
        transceiver = self._new_transceiver(kind, wanted, track, stream_ids, encodings)
        session = attrs.evolve(self, transceivers=(*self.transceivers, transceiver))
        # Step 13 (update the negotiation-needed flag) is the caller's: see negotiation_needed.
        return Step(session, value=transceiver.id)

    def add_track(self, track: TrackRef, stream_ids: Sequence[str] = ()) -> Step[str]:
        """webrtc-pc, addTrack(): returns the id of the transceiver whose sender got the track."""
        if track.kind not in ("audio", "video"):
            raise TypeError(f"addTrack: a track's kind is 'audio' or 'video', got {track.kind!r}")
        # Step 5.
        self._check_open("addTrack")
        senders = self.senders()
        # Step 6: a track goes to one sender only.
        if any(t.sender_track is not None and t.sender_track.id == track.id for t in senders):
            raise InvalidAccessError(
                f"addTrack: track {track.id} already has a sender on this connection "
                "(webrtc-pc, addTrack, step 6); use replaceTrack or addTransceiver to send it again"
            )
        # Step 7: reuse a sender with no track, of this kind, not stopping, never used to send.
        for transceiver in senders:
            if (
                transceiver.sender_track is None
                and transceiver.kind == track.kind
                and not transceiver.stopping
                and not transceiver.has_been_used_to_send
            ):
                # Step 8.
                direction = transceiver.direction
                if direction is D.RECVONLY:
                    direction = D.SENDRECV
                elif direction is D.INACTIVE:
                    direction = D.SENDONLY
                reused = replace_transceiver(
                    transceiver,
                    sender_track=track,
                    sender_stream_ids=tuple(dict.fromkeys(stream_ids)),
                    direction=direction,
                    attached_by_add_track=True,
                )
                return Step(self._replace(reused), value=reused.id)
        # Step 9: a new sendrecv transceiver.
        transceiver = replace_transceiver(
            self._new_transceiver(
                track.kind, D.SENDRECV, track, stream_ids, _check_encodings(track.kind, ())
            ),
            attached_by_add_track=True,
        )
        return Step(
            attrs.evolve(self, transceivers=(*self.transceivers, transceiver)), value=transceiver.id
        )

    def remove_track(self, transceiver_id: str) -> Step[None]:
        """webrtc-pc, removeTrack() steps 3 and 5 to 12 (the facade checks step 4, sender
        ownership)."""
        self._check_open("removeTrack")
        if not self.has_transceiver(transceiver_id):
            return Step(self)  # step 8: removed by a rollback: nothing to do
        transceiver = self.transceiver(transceiver_id)
        # Steps 6, 8 and 9.
        if transceiver.stopping or transceiver.stopped or transceiver.sender_track is None:
            return Step(self)
        direction = transceiver.direction
        if direction is D.SENDRECV:
            direction = D.RECVONLY
        elif direction is D.SENDONLY:
            direction = D.INACTIVE
        return Step(
            self._replace(replace_transceiver(transceiver, sender_track=None, direction=direction))
        )

    def set_direction(
        self, transceiver_id: str, direction: RTCRtpTransceiverDirection | str
    ) -> Step[None]:
        """webrtc-pc, RTCRtpTransceiver direction setter, steps 3 to 7."""
        transceiver = self.transceiver(transceiver_id)
        if transceiver.stopping:
            raise InvalidStateError(
                "the transceiver is stopping: its direction can no longer change "
                "(webrtc-pc, direction setter, step 3)"
            )
        try:
            wanted = D(direction)
        except ValueError:
            raise TypeError(f"{direction!r} is not an RTCRtpTransceiverDirection") from None
        if wanted is transceiver.direction:
            return Step(self)
        if wanted is D.STOPPED:
            raise TypeError("direction cannot be set to 'stopped': call stop() (webrtc-pc, step 6)")
        return Step(self._replace(replace_transceiver(transceiver, direction=wanted)))

    def stop_transceiver(self, transceiver_id: str) -> Step[None]:
        """webrtc-pc, RTCRtpTransceiver.stop(): the transceiver is "stopping" until negotiated."""
        self._check_open("stop")
        transceiver = self.transceiver(transceiver_id)
        if transceiver.stopping:
            return Step(self)
        # "stop sending and receiving", steps 7 and 8: direction inactive, stopping.
        stopped = replace_transceiver(transceiver, direction=D.INACTIVE, stopping=True)
        return Step(self._replace(stopped), effects=(StopTransceiver(transceiver_id),))

    def replace_track(self, transceiver_id: str, track: TrackRef | None) -> Step[None]:
        """webrtc-pc, RTCRtpSender.replaceTrack(): steps 5 and 6.1, then 6.4.4.2."""
        transceiver = self.transceiver(transceiver_id)
        if track is not None and track.kind != transceiver.kind:
            raise TypeError(
                f"replaceTrack: a {track.kind} track cannot replace the track of a "
                f"{transceiver.kind} sender (webrtc-pc, replaceTrack, step 5)"
            )
        self._check_open("replaceTrack")
        if transceiver.stopping:
            raise InvalidStateError("replaceTrack: the transceiver is stopping (step 6.1)")
        return Step(self._replace(replace_transceiver(transceiver, sender_track=track)))

    def set_streams(self, transceiver_id: str, stream_ids: Sequence[str]) -> Step[None]:
        """webrtc-pc, RTCRtpSender.setStreams(): the sender's [[AssociatedMediaStreamIds]]."""
        self._check_open("setStreams")
        transceiver = self.transceiver(transceiver_id)
        return Step(
            self._replace(
                replace_transceiver(transceiver, sender_stream_ids=tuple(dict.fromkeys(stream_ids)))
            )
        )

    def set_codec_preferences(
        self, transceiver_id: str, codecs: Sequence[CodecCapability]
    ) -> Step[None]:
        """webrtc-pc, RTCRtpTransceiver.setCodecPreferences() (steps 3 to 9, in
        ``codecs.codec_preferences``)."""
        transceiver = self.transceiver(transceiver_id)
        kind = transceiver.kind
        preferred = codec_preferences(kind, codecs, self.endpoint.codecs(kind))
        return Step(self._replace(replace_transceiver(transceiver, preferred_codecs=preferred)))

    def header_extensions_to_negotiate(self, transceiver_id: str) -> tuple[tuple[str, str], ...]:
        """webrtc-extensions [[HeaderExtensionsToNegotiate]]: (uri, direction) pairs."""
        transceiver = self.transceiver(transceiver_id)
        if transceiver.header_extensions:
            return transceiver.header_extensions
        return tuple((e.uri, "sendrecv") for e in self.endpoint.extensions(transceiver.kind))

    def set_header_extensions_to_negotiate(
        self, transceiver_id: str, extensions: Sequence[tuple[str, str]]
    ) -> Step[None]:
        """webrtc-extensions, setHeaderExtensionsToNegotiate() (the checks are in
        ``codecs.header_extensions_to_negotiate``)."""
        from sdpmodel._msection import REPAIRED_RID_URI, RID_URI

        current = self.header_extensions_to_negotiate(transceiver_id)
        transceiver = self.transceiver(transceiver_id)
        # webrtc-extensions, "RTP header extension control", setHeaderExtensionsToNegotiate:
        # "If extension.direction is not sendrecv and extension.uri indicates a
        # mandatory-to-use attribute that is required to be both sent and received, throw an
        # InvalidModificationError" (the MID one, in codecs).  sdpmodel applies the same rule
        # per direction to the RID extensions while the transceiver does simulcast, because
        # its offers and answers then carry them whatever the direction says (RFC 8853, 4.1;
        # RFC 8852, 3; see _offer and _answer): with rids in sendEncodings they must be sent,
        # when the remote description sends it simulcast they must be received.  Stopping
        # them is honored (neither offered nor answered) when the transceiver does neither.
        both = (RID_URI, REPAIRED_RID_URI)
        sent: tuple[str, ...] = ()
        if len(transceiver.send_encodings) > 1:
            sent = both if transceiver.kind == "video" else (RID_URI,)
        received: tuple[str, ...] = ()
        remote = self.remote_description
        if remote is not None and transceiver.mid is not None:
            for media in remote.sdp.media:
                simulcast = media.attribute(Simulcast)
                if media.mid != transceiver.mid or simulcast is None:
                    continue
                # An answer to it keeps both whenever the offer has a=simulcast (_answer).
                received = both if simulcast.send else received
                sent = both if simulcast.recv else sent
        chosen = header_extensions_to_negotiate(current, extensions, sent=sent, received=received)
        return Step(self._replace(replace_transceiver(transceiver, header_extensions=chosen)))

    def set_send_encodings(self, transceiver_id: str, encodings: Sequence[Encoding]) -> Step[None]:
        """webrtc-pc, setParameters() step 8.1.2: the new [[SendEncodings]] (validated by the
        facade)."""
        transceiver = self.transceiver(transceiver_id)
        return Step(
            self._replace(replace_transceiver(transceiver, send_encodings=tuple(encodings)))
        )

    # --- data channels, ICE restart, close --------------------------------------------

    def want_data_channel(self) -> Step[None]:
        """The first createDataChannel(): the next offer carries an m=application section."""
        self._check_open("createDataChannel")
        if self.data.wanted:
            return Step(self)
        return Step(attrs.evolve(self, data=attrs.evolve(self.data, wanted=True)))

    def restart_ice(self) -> Step[None]:
        """webrtc-pc, restartIce(), step 2: remember the credentials to replace."""
        found: list[IceCredentials] = []
        for description in (self.current_local, self.pending_local):
            if description is None:
                continue
            for media in (description.sdp, *description.sdp.media):
                ufrag, pwd = media.ice_ufrag, media.ice_pwd
                if ufrag is not None and pwd is not None:
                    credentials = IceCredentials(ufrag, pwd)
                    if credentials not in found:
                        found.append(credentials)
        return Step(attrs.evolve(self, ice_credentials_to_replace=tuple(found)))

    def close(self) -> Step[None]:
        """webrtc-pc, close the connection, steps 2 to 4: closed, every transceiver stopped."""
        if self.is_closed:
            return Step(self)
        effects: list[Effect] = []
        transceivers = []
        for transceiver in self.transceivers:
            if transceiver.stopped:
                transceivers.append(transceiver)
                continue
            if not transceiver.stopping:
                effects.append(StopTransceiver(transceiver.id))
            transceivers.append(
                replace_transceiver(
                    transceiver,
                    direction=D.INACTIVE,
                    stopping=True,
                    stopped=True,
                    receptive=False,
                    current_direction=None,
                )
            )
        session = attrs.evolve(
            self, is_closed=True, signaling_state=S.CLOSED, transceivers=tuple(transceivers)
        )
        return Step(session, effects=tuple(effects))

    # --- negotiation-needed (webrtc-pc 4.7.3) ------------------------------------------

    @property
    def negotiation_needed(self) -> bool:
        """webrtc-pc, 4.7.3 "check if negotiation is needed"."""
        from sdpmodel._needed import negotiation_needed

        return negotiation_needed(self)

    # --- descriptions ------------------------------------------------------------------

    def create_offer(
        self,
        *,
        ice_restart: bool = False,
        offer_to_receive_audio: bool | None = None,
        offer_to_receive_video: bool | None = None,
        voice_activity_detection: bool = True,
    ) -> Step[str]:
        """webrtc-pc createOffer() / "create an offer"; ``value`` is the SDP text."""
        from sdpmodel._offer import create_offer

        return create_offer(
            self,
            ice_restart=ice_restart,
            offer_to_receive_audio=offer_to_receive_audio,
            offer_to_receive_video=offer_to_receive_video,
            voice_activity_detection=voice_activity_detection,
        )

    def create_answer(self) -> Step[str]:
        """webrtc-pc createAnswer() / "create an answer"; ``value`` is the SDP text."""
        from sdpmodel._answer import create_answer

        return create_answer(self)

    def set_local_description(
        self, sdp_type: RTCSdpType | str | None = None, sdp: str = ""
    ) -> Step[Description | None]:
        """webrtc-pc setLocalDescription(), with the parameterless form (``sdp_type=None``)."""
        from sdpmodel._apply import set_local_description

        return set_local_description(self, sdp_type, sdp)

    def set_remote_description(self, sdp_type: RTCSdpType | str, sdp: str = "") -> Step[None]:
        """webrtc-pc setRemoteDescription(), with the implicit rollback of a local offer."""
        from sdpmodel._apply import set_remote_description

        return set_remote_description(self, sdp_type, sdp)

    def add_ice_candidate(
        self,
        candidate: str = "",
        *,
        sdp_mid: str | None = None,
        sdp_mline_index: int | None = None,
        username_fragment: str | None = None,
    ) -> Step[None]:
        """webrtc-pc addIceCandidate(), steps 3 and 4 (the facade turns the dict into these)."""
        from sdpmodel._candidates import add_ice_candidate

        return add_ice_candidate(
            self,
            candidate,
            sdp_mid=sdp_mid,
            sdp_mline_index=sdp_mline_index,
            username_fragment=username_fragment,
        )
