"""RTCPeerConnection: the W3C API over the pure core and a transport backend.

This module is the only place where the negotiation core (``sdpmodel.jsep``)
meets asyncio and a backend (``sdpmodel.transport``).  It owns:

* the operations chain (webrtc-pc, 4.4.1.2 "chain an asynchronous
  operation"): createOffer, createAnswer, setLocalDescription,
  setRemoteDescription, addIceCandidate and replaceTrack are queued when
  they are called and run one at a time, each in its own task; the returned
  asyncio future resolves after the events of its step have fired;
* committing each core ``Step``: the session is replaced, the transport
  effects go to the backend, the event effects become W3C events in the
  order webrtc-pc gives (4.6.14 to 4.6.19);
* the negotiation-needed flag (4.7.3) and the aggregate states (4.3.2 to
  4.3.4) computed from the backend's reports;
* the objects users hold: transceivers, senders, receivers, transports,
  data channels, remote streams.

Names are the W3C's (camelCase), so MDN examples port line by line.  Where
sdpmodel departs from webrtc-pc on purpose it says so: operations still
pending when ``close()`` is called reject with InvalidStateError instead of
never settling (a Python ``await`` that never returns is a hang, not an
answer).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import inspect
import time
from collections import deque
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from sdpmodel._candidates import add_local_candidate
from sdpmodel._needed import why_negotiation_is_needed
from sdpmodel._states import REMOTE, Action, transition
from sdpmodel.attributes import Candidate
from sdpmodel.configuration import KeygenAlgorithm, RTCConfiguration
from sdpmodel.datachannel import (
    MAX_CHANNEL_ID,
    ChannelInit,
    RTCDataChannel,
    RTCSctpTransport,
    channel_init,
)
from sdpmodel.decisions import IMPLICIT_ROLLBACK, Decision, Explanation
from sdpmodel.description import (
    RTCIceCandidate,
    RTCSessionDescription,
    candidate_init,
    description_init,
)
from sdpmodel.effects import (
    AddRemoteCandidate,
    AddTrackToStream,
    AssignDataChannelIds,
    CloseTransport,
    ConnectTransport,
    Effect,
    FireTrack,
    GatherCandidates,
    MuteTrack,
    RemoveTrackFromStream,
    SignalingStateChange,
    StartSctp,
    StopSctp,
    StopTransceiver,
    TransceiverRemoved,
    UpdateMedia,
)
from sdpmodel.enums import (
    RTCDtlsRole,
    RTCDtlsTransportState,
    RTCIceConnectionState,
    RTCIceGathererState,
    RTCIceGatheringState,
    RTCIceTransportState,
    RTCPeerConnectionState,
    RTCSctpTransportState,
    RTCSdpType,
    RTCSignalingState,
)
from sdpmodel.errors import (
    InvalidAccessError,
    InvalidModificationError,
    InvalidStateError,
    NotSupportedError,
    OperationError,
    RTCError,
    RTCErrorDetailType,
)
from sdpmodel.events import (
    Event,
    EventTarget,
    ExplanationEvent,
    HandlerAttribute,
    RTCDataChannelEvent,
    RTCErrorEvent,
    RTCPeerConnectionIceEvent,
    RTCTrackEvent,
)
from sdpmodel.ids import IdSource, RandomIds
from sdpmodel.jsep import Session, Step
from sdpmodel.limits import Limits
from sdpmodel.media import MediaStream, TrackLike
from sdpmodel.model import MediaDescription
from sdpmodel.rtp import (
    RTCDtlsTransport,
    RTCRtpCodec,
    RTCRtpReceiver,
    RTCRtpSender,
    RTCRtpTransceiver,
    codec_capability,
    encoding_from_dict,
    track_ref,
)
from sdpmodel.transceiver import Transceiver
from sdpmodel.transport import Certificate, FrameSource, TransportBackend

__all__ = ["RTCPeerConnection", "RTCStatsReport"]

T = TypeVar("T")

_OFFER_OPTIONS = (
    "iceRestart",
    "offerToReceiveAudio",
    "offerToReceiveVideo",
    "voiceActivityDetection",
)


class RTCStatsReport(dict[str, dict[str, Any]]):
    """webrtc-pc, 8: a maplike of RTCStats dicts by id."""


def _make_backend(transport: TransportBackend | str | None) -> TransportBackend:
    if transport is None or transport == "memory":
        from sdpmodel.transport.memory import MemoryTransport

        return MemoryTransport()
    if transport == "aiortc":
        try:
            module = importlib.import_module("sdpmodel.transport.aiortc")
        except ImportError as exc:
            raise ValueError(
                f"transport='aiortc' needs the aiortc extra: pip install 'sdpmodel[aiortc]' ({exc})"
            ) from None
        backend: TransportBackend = module.AiortcTransport()
        return backend
    if isinstance(transport, str):
        raise ValueError(
            f"unknown transport {transport!r}: use 'memory', 'aiortc' or a backend instance"
        )
    if not isinstance(transport, TransportBackend):
        raise TypeError(
            "transport must be a TransportBackend, 'memory' or 'aiortc', not "
            f"{type(transport).__name__}"
        )
    return transport


class _Result:
    """What a chained operation produced: the value to resolve with and the events to fire first."""

    __slots__ = ("events", "value")

    def __init__(self, value: Any = None, events: list[Callable[[], None]] | None = None) -> None:
        self.value = value
        self.events = events or []


class _CloseAwaitable:
    """What close() returns: awaiting it waits for the backend to shut down."""

    def __init__(self, task: asyncio.Future[None] | None, backend: TransportBackend) -> None:
        self._task = task
        self._backend = backend

    def __await__(self) -> Generator[Any, None, None]:
        if self._task is None:
            self._task = asyncio.ensure_future(self._backend.close())
        return self._task.__await__()


class RTCPeerConnection(EventTarget):
    """webrtc-pc, 4.4 RTCPeerConnection (see the module docstring)."""

    onnegotiationneeded = HandlerAttribute()
    onsignalingstatechange = HandlerAttribute()
    ontrack = HandlerAttribute()
    onicecandidate = HandlerAttribute()
    onicecandidateerror = HandlerAttribute()
    onicegatheringstatechange = HandlerAttribute()
    oniceconnectionstatechange = HandlerAttribute()
    onconnectionstatechange = HandlerAttribute()
    ondatachannel = HandlerAttribute()

    #: How many explanations ``explanations`` keeps (the oldest go first).  Bounded: a
    #: round with N transceivers records about 25 N decisions, and a call lives long;
    #: the ``explanation`` event sees every one.
    EXPLANATIONS_KEPT = 32

    def __init__(
        self,
        configuration: RTCConfiguration | Mapping[str, Any] | None = None,
        *,
        transport: TransportBackend | str | None = None,
        ids: IdSource | None = None,
        limits: Limits | None = None,
    ) -> None:
        super().__init__()
        # sdpmodel.limits: the bounds on remote descriptions and candidates (untrusted input).
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError(f"limits must be an sdpmodel.Limits, not {type(limits).__name__}")
        config = RTCConfiguration.from_init(configuration)
        backend = _make_backend(transport)
        # webrtc-pc, the constructor, step 5: given certificates must not have expired.
        now = time.time() * 1000
        for certificate in config.certificates:
            expires = getattr(certificate, "expires", None)
            if not isinstance(certificate, Certificate) or not isinstance(expires, int | float):
                raise TypeError("RTCConfiguration.certificates holds RTCCertificate objects")
            if expires < now:
                raise InvalidAccessError(
                    "an RTCCertificate of the configuration has expired (webrtc-pc, "
                    "constructor 5.1)"
                )
        # Step 6: otherwise the backend makes one.
        certificates = tuple(config.certificates) or (backend.generate_certificate(),)
        self._configuration = config
        self._certificates = certificates
        self._backend = backend
        backend.configure(config)
        self._session = Session.create(
            config, backend.local_endpoint(certificates), ids or RandomIds(), limits
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._deferred: list[Callable[[], None]] = []
        self._operations: deque[tuple[Callable[[], _Result], asyncio.Future[Any]]] = deque()
        self._update_on_empty_chain = False
        self._negotiation_needed = False
        self._closed = False
        self._transceivers: dict[str, RTCRtpTransceiver] = {}
        self._remote_streams: dict[str, MediaStream] = {}
        self._channels: list[RTCDataChannel] = []
        self._dtls: dict[str, RTCDtlsTransport] = {}
        self._sctp: RTCSctpTransport | None = None
        self._media: dict[str, UpdateMedia] = {}
        self._ice_gathering_state = RTCIceGatheringState.NEW
        self._ice_connection_state = RTCIceConnectionState.NEW
        self._connection_state = RTCPeerConnectionState.NEW
        self._can_trickle: bool | None = None
        self._explanations: deque[Explanation] = deque(
            [Explanation("", "stable", "stable")], maxlen=self.EXPLANATIONS_KEPT
        )
        self._channel_errors: list[RTCDataChannel] = []
        self._close_task: _CloseAwaitable | None = None
        self._gather_pending: set[str] = set()
        self._after_settle: list[Callable[[], None]] = []
        self._late_events: list[Callable[[], None]] = []
        self._descriptions: dict[int, tuple[object, RTCSessionDescription]] = {}

    # --- the event loop ----------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        """The running loop (RuntimeError without one); attaches the backend the first time."""
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
            self._backend.attach(_BackendListener(self))
            deferred, self._deferred = self._deferred, []
            for callback in deferred:
                loop.call_soon(callback)
        return loop

    def _queue(self, callback: Callable[[], None]) -> None:
        """Queue a task (webrtc-pc "queue a task"); before any loop runs, at its first use."""
        try:
            loop = self._ensure_loop()
        except RuntimeError:
            self._deferred.append(callback)
            return
        loop.call_soon(callback)

    def _rejected(self, exc: BaseException) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = self._ensure_loop().create_future()
        future.set_exception(exc)
        return future

    # --- the operations chain (webrtc-pc 4.4.1.2) -------------------------------------------

    def _chain(self, operation: Callable[[], _Result]) -> asyncio.Future[Any]:
        loop = self._ensure_loop()
        future: asyncio.Future[Any] = loop.create_future()
        # Step 2.
        if self._closed:
            future.set_exception(InvalidStateError("the RTCPeerConnection is closed"))
            return future
        # Steps 5 and 6.
        self._operations.append((operation, future))
        if len(self._operations) == 1:
            loop.call_soon(self._execute)
        return future

    def _execute(self) -> None:
        if self._closed or not self._operations:
            return
        operation, future = self._operations[0]
        try:
            result = operation()
        except Exception as exc:  # every documented error rejects the promise
            if not future.done():
                future.set_exception(exc)
        else:
            for fire in result.events:
                fire()
            if not future.done():
                future.set_result(result.value)
        # Step 7.4: once the promise settled (its awaiters run first), the next one.
        assert self._loop is not None
        later, self._after_settle = self._after_settle, []
        for action in later:
            self._loop.call_soon(action)
        self._loop.call_soon(self._advance)

    def _advance(self) -> None:
        if self._closed:
            return
        if self._operations:
            self._operations.popleft()
        if self._operations:
            self._execute()
            return
        if self._update_on_empty_chain:
            self._update_on_empty_chain = False
            self._update_negotiation_needed()

    # --- negotiation-needed (webrtc-pc 4.7.3) ---------------------------------------------

    def _update_negotiation_needed(self) -> None:
        if self._operations:
            self._update_on_empty_chain = True
            return
        self._queue(self._negotiation_needed_task)

    def _negotiation_needed_task(self) -> None:
        if self._closed:
            return
        if self._operations:
            self._update_on_empty_chain = True
            return
        if self._session.signaling_state is not RTCSignalingState.STABLE:
            return
        if why_negotiation_is_needed(self._session) is None:
            self._negotiation_needed = False
            return
        if self._negotiation_needed:
            return
        self._negotiation_needed = True
        self.dispatch(Event("negotiationneeded"))

    # --- committing core steps ---------------------------------------------------------------

    def _commit(self, step: Step[Any]) -> list[Callable[[], None]]:
        """Make ``step`` the state, carry out its transport effects, return its events in order."""
        before = self._session
        self._session = step.session
        for value in step.session.transceivers:
            if value.id not in self._transceivers:
                self._transceivers[value.id] = RTCRtpTransceiver(self, value, None)
        events: list[Callable[[], None]] = []
        for effect in step.effects:
            fire = self._carry_out(effect)
            if fire is not None:
                events.append(fire)
        events.extend(self._late_events)
        self._late_events = []
        if (
            step.session.remote_description is not None
            and before.remote_description is not step.session.remote_description
        ):
            remote = step.session.remote_description.sdp
            options = set(remote.ice_options)
            for media in remote.media:
                options.update(media.ice_options)
            self._can_trickle = "trickle" in options
        if (
            before.signaling_state is not RTCSignalingState.STABLE
            and step.session.signaling_state is RTCSignalingState.STABLE
        ):
            # 4.6.13.2: clear the flag, then update it.
            self._negotiation_needed = False
            self._update_negotiation_needed()
        return events

    def _carry_out(self, effect: Effect) -> Callable[[], None] | None:
        backend = self._backend
        if isinstance(effect, SignalingStateChange):

            def fire_state() -> None:
                self.dispatch(Event("signalingstatechange"))
                errors, self._channel_errors = self._channel_errors, []
                for channel in errors:  # 4.6.15
                    channel._announce_closed(error=RTCErrorDetailType.DATA_CHANNEL_FAILURE)

            return fire_state
        if isinstance(effect, GatherCandidates):
            dtls = self._dtls_for(effect.transport)
            if dtls._state is RTCDtlsTransportState.CLOSED:
                # The id names a transport again after it was closed (a rollback, or an
                # m-section that came back): a new transport, "new" as every transport
                # starts (webrtc-pc 5.5, 5.6), not the closed one's states.
                dtls._state = RTCDtlsTransportState.NEW
                dtls._ice._state = RTCIceTransportState.NEW
            dtls._ice._local_parameters = {"usernameFragment": effect.ufrag, "password": effect.pwd}
            # Gathering has begun as far as the aggregate state goes (webrtc-pc 5.6), even
            # before the backend's first report.  The backend starts after the operation's
            # promise has settled, so its candidates surface after the caller resumed
            # (webrtc-pc 4.6.5.1, "release early candidates": one queued task each).
            self._gather_pending.add(effect.transport)
            self._after_settle.append(lambda: backend.gather(effect))
            # webrtc-pc 5.6, "gathering began": the transport's gatheringstatechange, then
            # the connection's, in this step after its other events (so both read
            # "gathering" once setLocalDescription resolves).
            self._late_events.append(
                lambda: self._on_gathering_state(effect.transport, RTCIceGathererState.GATHERING)
            )
            return None
        if isinstance(effect, ConnectTransport):
            dtls = self._dtls_for(effect.transport)
            ice = dtls._ice
            ice._role = effect.ice_role
            ice._remote_parameters = {
                "usernameFragment": effect.remote_ufrag,
                "password": effect.remote_pwd,
            }
            ice._remote_candidates = [
                RTCIceCandidate(
                    c.sdp_line[2:], sdpMid=effect.transport, usernameFragment=effect.remote_ufrag
                )
                for c in effect.remote_candidates
            ]
            backend.connect(effect)
            return None
        if isinstance(effect, AddRemoteCandidate):
            if effect.candidate is not None:
                dtls = self._dtls_for(effect.transport)
                dtls._ice._remote_candidates.append(
                    RTCIceCandidate(
                        effect.candidate.sdp_line[2:],
                        sdpMid=effect.transport,
                        usernameFragment=effect.ufrag,
                    )
                )
            backend.add_remote_candidate(effect)
            return None
        if isinstance(effect, CloseTransport):
            backend.close_transport(effect.transport)
            dtls_closed = self._dtls.get(effect.transport)
            if dtls_closed is not None:
                self._queue(functools.partial(self._transport_closed, dtls_closed))
            return None
        if isinstance(effect, StartSctp):
            self._start_sctp(effect)
            return None
        if isinstance(effect, StopSctp):
            backend.stop_sctp()
            return None
        if isinstance(effect, AssignDataChannelIds):
            self._assign_channel_ids(effect.dtls_role)
            return None
        if isinstance(effect, UpdateMedia):
            self._media[effect.transceiver] = effect
            transceiver = self._transceivers.get(effect.transceiver)
            backend.update_media(effect, transceiver.sender.track if transceiver else None)
            return None
        if isinstance(effect, StopTransceiver):
            backend.stop_transceiver(effect.transceiver)
            stopped = self._transceivers.get(effect.transceiver)
            if stopped is not None:
                return stopped.receiver.track._end
            return None
        if isinstance(effect, TransceiverRemoved):
            removed = self._transceivers.get(effect.final.id)
            if removed is not None:
                removed._last = effect.final
            self._media.pop(effect.final.id, None)
            return None
        if isinstance(effect, MuteTrack):
            muted = self._transceivers[effect.transceiver]
            return lambda: muted.receiver.track._set_muted(True)
        if isinstance(effect, RemoveTrackFromStream):
            track = self._transceivers[effect.transceiver].receiver.track
            stream = self._remote_stream(effect.stream_id)
            return lambda: stream._ua_remove(track)
        if isinstance(effect, AddTrackToStream):
            track = self._transceivers[effect.transceiver].receiver.track
            stream = self._remote_stream(effect.stream_id)
            return lambda: stream._ua_add(track)
        if isinstance(effect, FireTrack):
            transceiver = self._transceivers[effect.transceiver]
            streams = tuple(self._remote_stream(s) for s in effect.stream_ids)
            event = RTCTrackEvent(
                receiver=transceiver.receiver,
                track=transceiver.receiver.track,
                streams=streams,
                transceiver=transceiver,
            )
            return lambda: self.dispatch(event)
        raise AssertionError(f"unknown effect {effect!r}")  # pragma: no cover

    def _remote_stream(self, stream_id: str) -> MediaStream:
        """webrtc-pc, set the associated remote streams, step 2: one MediaStream per id and
        connection."""
        stream = self._remote_streams.get(stream_id)
        if stream is None:
            stream = self._remote_streams[stream_id] = MediaStream._remote(stream_id)
        return stream

    def _dtls_for(self, transport_id: str) -> RTCDtlsTransport:
        dtls = self._dtls.get(transport_id)
        if dtls is None:
            dtls = self._dtls[transport_id] = RTCDtlsTransport(transport_id)
        return dtls

    def _dtls_of(self, transport_id: str | None) -> RTCDtlsTransport | None:
        if transport_id is None:
            return None
        return self._dtls_for(transport_id)

    def _negotiated_media(self, value: Transceiver) -> MediaDescription | None:
        remote = self._session.current_remote
        if remote is None or value.mid is None:
            return None
        return remote.sdp.media_by_mid(value.mid)

    # --- attributes (webrtc-pc 4.4.2) --------------------------------------------------------

    def _description(self, which: str) -> RTCSessionDescription | None:
        """The RTCSessionDescription of a set description: the same object while it is unchanged.

        (web-platform-tests: ``pc.pendingRemoteDescription is pc.remoteDescription``.)
        """
        value = getattr(self._session, which)
        if value is None:
            return None
        cached = self._descriptions.get(id(value))
        if cached is not None and cached[0] is value:
            return cached[1]
        if len(self._descriptions) > 16:
            self._descriptions.clear()
        made = RTCSessionDescription(value.type, value.text)
        self._descriptions[id(value)] = (value, made)
        return made

    @property
    def localDescription(self) -> RTCSessionDescription | None:
        return self._description("local_description")

    @property
    def currentLocalDescription(self) -> RTCSessionDescription | None:
        return self._description("current_local")

    @property
    def pendingLocalDescription(self) -> RTCSessionDescription | None:
        return self._description("pending_local")

    @property
    def remoteDescription(self) -> RTCSessionDescription | None:
        return self._description("remote_description")

    @property
    def currentRemoteDescription(self) -> RTCSessionDescription | None:
        return self._description("current_remote")

    @property
    def pendingRemoteDescription(self) -> RTCSessionDescription | None:
        return self._description("pending_remote")

    @property
    def signalingState(self) -> str:
        return str(self._session.signaling_state)

    @property
    def iceGatheringState(self) -> str:
        return str(self._ice_gathering_state)

    @property
    def iceConnectionState(self) -> str:
        return str(self._ice_connection_state)

    @property
    def connectionState(self) -> str:
        return str(self._connection_state)

    @property
    def canTrickleIceCandidates(self) -> bool | None:
        """webrtc-pc / RFC 9429, 4.1.17: null until a remote description; then its trickle
        option."""
        return self._can_trickle

    @property
    def sctp(self) -> RTCSctpTransport | None:
        return self._sctp

    @property
    def session(self) -> Session:
        """The negotiation core's current session value (read-only: for inspection and tests)."""
        return self._session

    def explain(self) -> Explanation:
        """What the last successful operation decided, each decision with its rule and source.

        The operations are the chained ones: createOffer, createAnswer,
        setLocalDescription, setRemoteDescription (an implicit rollback and
        the offer it makes way for are one explanation) and addIceCandidate.
        A failed operation changes nothing, its explanation included: the
        error says why.  Before any operation, an empty explanation.
        """
        return self._explanations[-1]

    @property
    def explanations(self) -> tuple[Explanation, ...]:
        """The explanations of the last ``EXPLANATIONS_KEPT`` successful operations, oldest
        first (sdpmodel's own; listen to the ``explanation`` event to see every one)."""
        return tuple(e for e in self._explanations if e.operation)

    def _explained(
        self, operation: str, before: RTCSignalingState, decisions: Sequence[Decision]
    ) -> Callable[[], None]:
        """Record what ``operation`` decided; the task that fires its ``explanation`` event."""
        explanation = Explanation(
            operation, str(before), str(self._session.signaling_state), tuple(decisions)
        )
        self._explanations.append(explanation)

        def fire() -> None:
            self.dispatch(ExplanationEvent(explanation))

        return fire

    # --- configuration ---------------------------------------------------------------------

    def getConfiguration(self) -> RTCConfiguration:
        return self._configuration

    def setConfiguration(
        self, configuration: RTCConfiguration | Mapping[str, Any] | None = None
    ) -> None:
        """webrtc-pc, setConfiguration(): InvalidStateError when closed; "set the configuration"."""
        if self._closed:
            raise InvalidStateError("setConfiguration: the RTCPeerConnection is closed")
        new = RTCConfiguration.from_init(configuration)
        session = self._session
        local_set = session.current_local is not None or session.pending_local is not None
        self._configuration.check_update(new, local_description_set=local_set)
        self._configuration = new
        self._session = attrs.evolve(session, configuration=new)
        self._backend.configure(new)

    # --- offers and answers --------------------------------------------------------------------

    def createOffer(
        self, options: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> asyncio.Future[RTCSessionDescription]:
        """webrtc-pc createOffer(options): chained; resolves with an RTCSessionDescription."""
        try:
            merged = {**(options or {}), **kwargs}
            if not isinstance(options, Mapping | None):
                raise TypeError("createOffer options must be a dict (RTCOfferOptions)")
            values: dict[str, bool | None] = {}
            for key in _OFFER_OPTIONS:
                value = merged.get(key)
                if value is not None and not isinstance(value, bool):
                    raise TypeError(f"RTCOfferOptions.{key} must be a boolean")
                values[key] = value
        except TypeError as exc:
            return self._rejected(exc)

        def operation() -> _Result:
            before = self._session.signaling_state
            step = self._session.create_offer(
                ice_restart=bool(values["iceRestart"]),
                offer_to_receive_audio=values["offerToReceiveAudio"],
                offer_to_receive_video=values["offerToReceiveVideo"],
                voice_activity_detection=values["voiceActivityDetection"] is not False,
            )
            events = self._commit(step)
            explained = self._explained("createOffer", before, step.decisions)
            return _Result(RTCSessionDescription("offer", step.value), [explained, *events])

        return self._chain(operation)

    def createAnswer(
        self, options: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> asyncio.Future[RTCSessionDescription]:
        """webrtc-pc createAnswer(): chained; resolves with an RTCSessionDescription."""
        del (
            options,
            kwargs,
        )  # RTCAnswerOptions has no member sdpmodel uses (voiceActivityDetection is accepted)

        def operation() -> _Result:
            before = self._session.signaling_state
            step = self._session.create_answer()
            events = self._commit(step)
            explained = self._explained("createAnswer", before, step.decisions)
            return _Result(RTCSessionDescription("answer", step.value), [explained, *events])

        return self._chain(operation)

    def setLocalDescription(
        self, description: RTCSessionDescription | Mapping[str, Any] | None = None
    ) -> asyncio.Future[None]:
        """webrtc-pc setLocalDescription(description): chained; no argument creates one."""
        try:
            sdp_type, sdp = description_init(description, type_required=False)
        except TypeError as exc:
            return self._rejected(exc)

        def operation() -> _Result:
            before = self._session.signaling_state
            step = self._session.set_local_description(sdp_type, sdp)
            events = self._commit(step)
            kind = step.value.type if step.value is not None else "rollback"
            explained = self._explained(f"setLocalDescription({kind})", before, step.decisions)
            return _Result(None, [explained, *events])

        return self._chain(operation)

    def setRemoteDescription(
        self, description: RTCSessionDescription | Mapping[str, Any]
    ) -> asyncio.Future[None]:
        """webrtc-pc setRemoteDescription(description): chained, with the implicit rollback."""
        try:
            sdp_type, sdp = description_init(description, type_required=True)
        except TypeError as exc:
            return self._rejected(exc)
        assert sdp_type is not None

        def operation() -> _Result:
            events: list[Callable[[], None]] = []
            before = self._session.signaling_state
            operation_name = f"setRemoteDescription({sdp_type})"
            decisions: list[Decision] = []
            row = transition(before, REMOTE, RTCSdpType(sdp_type))
            if row is not None and row.action is Action.ROLLBACK_THEN_APPLY:
                # webrtc-pc sRD 3.1: the rollback is its own step; it stays done even if
                # the offer then fails (web-platform-tests: "... does not undo rollback").
                rolled = self._session.set_local_description("rollback")
                decisions.extend(rolled.decisions)
                decisions.append(IMPLICIT_ROLLBACK)
                for fire in self._commit(rolled):
                    fire()
                try:
                    step = self._session.set_remote_description(sdp_type, sdp)
                except Exception:
                    # The rollback stays done: so does its explanation.
                    self._explained(f"{operation_name}, implicit rollback", before, decisions)()
                    raise
            else:
                step = self._session.set_remote_description(sdp_type, sdp)
            decisions.extend(step.decisions)
            events.extend(self._commit(step))
            return _Result(None, [self._explained(operation_name, before, decisions), *events])

        return self._chain(operation)

    def addIceCandidate(
        self, candidate: RTCIceCandidate | Mapping[str, Any] | None = None
    ) -> asyncio.Future[None]:
        """webrtc-pc addIceCandidate(candidate): chained; None or "" is the end of candidates."""
        try:
            text, mid, index, ufrag = candidate_init(candidate)
            # Step 3, before chaining.
            if text != "" and mid is None and index is None:
                raise TypeError(
                    "addIceCandidate: sdpMid and sdpMLineIndex are both null (webrtc-pc, step 3)"
                )
        except TypeError as exc:
            return self._rejected(exc)

        def operation() -> _Result:
            before = self._session.signaling_state
            step = self._session.add_ice_candidate(
                text, sdp_mid=mid, sdp_mline_index=index, username_fragment=ufrag
            )
            events = self._commit(step)
            return _Result(
                None, [self._explained("addIceCandidate", before, step.decisions), *events]
            )

        return self._chain(operation)

    def restartIce(self) -> None:
        """webrtc-pc restartIce(): the next offer has new ICE credentials."""
        self._session = self._session.restart_ice().session
        self._update_negotiation_needed()

    # --- tracks and transceivers (webrtc-pc 5.1) --------------------------------------------------

    def _object(self, transceiver_id: str, track: TrackLike | None = None) -> RTCRtpTransceiver:
        obj = self._transceivers.get(transceiver_id)
        if obj is None:
            obj = self._transceivers[transceiver_id] = RTCRtpTransceiver(
                self, self._session.transceiver(transceiver_id), track
            )
        return obj

    def getTransceivers(self) -> list[RTCRtpTransceiver]:
        return [self._object(t.id) for t in self._session.transceivers]

    def getSenders(self) -> list[RTCRtpSender]:
        return [self._object(t.id).sender for t in self._session.senders()]

    def getReceivers(self) -> list[RTCRtpReceiver]:
        return [self._object(t.id).receiver for t in self._session.senders()]

    def addTrack(self, track: TrackLike, *streams: MediaStream) -> RTCRtpSender:
        """webrtc-pc addTrack(): a reused sender (never used to send) or a new sendrecv
        transceiver."""
        ref = track_ref(track)
        for stream in streams:
            if not hasattr(stream, "id"):
                raise TypeError("addTrack: streams are MediaStream objects")
        step = self._session.add_track(ref, [s.id for s in streams])
        self._session = step.session
        obj = self._object(step.value, track)
        obj.sender._track = track
        self._update_negotiation_needed()
        return obj.sender

    def removeTrack(self, sender: RTCRtpSender) -> None:
        """webrtc-pc removeTrack(sender)."""
        if self._closed:
            raise InvalidStateError("removeTrack: the RTCPeerConnection is closed")
        if not isinstance(sender, RTCRtpSender) or sender._pc is not self:
            raise InvalidAccessError(
                "removeTrack: the sender was not created by this RTCPeerConnection (step 4)"
            )
        tid = sender._transceiver._id
        before = self._session
        self._session = self._session.remove_track(tid).session
        if self._session is not before:
            sender._track = None
            media = self._media.get(tid)
            if media is not None:
                self._backend.update_media(media, None)
            self._update_negotiation_needed()

    def addTransceiver(
        self,
        trackOrKind: TrackLike | str,
        direction: str | Mapping[str, Any] = "sendrecv",
        streams: Sequence[MediaStream] = (),
        sendEncodings: Sequence[Mapping[str, Any]] = (),
    ) -> RTCRtpTransceiver:
        """webrtc-pc addTransceiver(trackOrKind, init): also takes the init dict as second
        argument."""
        if isinstance(direction, Mapping):
            init = direction
            direction = init.get("direction", "sendrecv")
            streams = init.get("streams", ())
            sendEncodings = init.get("sendEncodings", ())
        if isinstance(trackOrKind, str):
            kind_or_track: Any = trackOrKind
            track = None
        else:
            track = trackOrKind
            kind_or_track = track_ref(trackOrKind)
        if not isinstance(direction, str):
            raise TypeError("addTransceiver: direction is an RTCRtpTransceiverDirection string")
        encodings = [encoding_from_dict(e) for e in sendEncodings]
        step = self._session.add_transceiver(
            kind_or_track,
            direction=direction,
            stream_ids=[s.id for s in streams],
            send_encodings=encodings,
        )
        self._session = step.session
        obj = self._object(step.value, track)
        self._update_negotiation_needed()
        return obj

    def _set_direction(self, transceiver: RTCRtpTransceiver, direction: str) -> None:
        before = self._session
        self._session = self._session.set_direction(transceiver._id, direction).session
        if self._session is not before:
            self._update_negotiation_needed()

    def _stop_transceiver(self, transceiver: RTCRtpTransceiver) -> None:
        if not self._session.has_transceiver(transceiver._id):
            return
        before = self._session
        step = self._session.stop_transceiver(transceiver._id)
        for fire in self._commit(step):
            fire()
        if self._session is not before:
            self._update_negotiation_needed()

    def _set_codec_preferences(
        self, transceiver: RTCRtpTransceiver, codecs: Sequence[RTCRtpCodec | Mapping[str, Any]]
    ) -> None:
        if isinstance(codecs, str | Mapping) or not isinstance(codecs, Sequence):
            raise TypeError("setCodecPreferences takes a list of RTCRtpCodec")
        capabilities = [codec_capability(c) for c in codecs]
        if not self._session.has_transceiver(transceiver._id):
            return
        self._session = self._session.set_codec_preferences(transceiver._id, capabilities).session

    def _set_header_extensions(
        self, transceiver: RTCRtpTransceiver, extensions: Sequence[tuple[str, str]]
    ) -> None:
        """webrtc-extensions, setHeaderExtensionsToNegotiate() (the checks are the core's)."""
        if not self._session.has_transceiver(transceiver._id):
            return
        if self._session.transceiver(transceiver._id).stopping:
            raise InvalidStateError("setHeaderExtensionsToNegotiate: the transceiver is stopping")
        step = self._session.set_header_extensions_to_negotiate(transceiver._id, extensions)
        self._session = step.session

    def _replace_track(self, sender: RTCRtpSender, track: TrackLike | None) -> asyncio.Future[None]:
        tid = sender._transceiver._id
        try:
            ref = None if track is None else track_ref(track)
            if ref is not None and ref.kind != sender._transceiver._kind:
                raise TypeError(
                    f"replaceTrack: a {ref.kind} track cannot replace the track of a "
                    f"{sender._transceiver._kind} sender (webrtc-pc, replaceTrack, step 5)"
                )
        except TypeError as exc:
            return self._rejected(exc)

        def operation() -> _Result:
            if not self._session.has_transceiver(tid):
                raise InvalidStateError(
                    "replaceTrack: the transceiver is no longer part of the connection"
                )
            step = self._session.replace_track(tid, ref)
            self._session = step.session
            sender._track = track
            media = self._media.get(tid)
            if media is not None:
                self._backend.update_media(media, track)
            return _Result(None)

        return self._chain(operation)

    def _set_streams(self, sender: RTCRtpSender, streams: Sequence[MediaStream]) -> None:
        if self._closed:
            raise InvalidStateError("setStreams: the RTCPeerConnection is closed")
        tid = sender._transceiver._id
        if not self._session.has_transceiver(tid):
            return
        self._session = self._session.set_streams(tid, [s.id for s in streams]).session
        self._update_negotiation_needed()

    def _set_parameters(
        self, sender: RTCRtpSender, parameters: Mapping[str, Any]
    ) -> asyncio.Future[None]:
        try:
            encodings = sender._check_parameters(parameters)
        except (InvalidStateError, InvalidModificationError, TypeError, ValueError) as exc:
            # webrtc-pc, setParameters(): each validation error rejects the promise.
            return self._rejected(exc)
        loop = self._ensure_loop()
        future: asyncio.Future[None] = loop.create_future()
        tid = sender._transceiver._id

        def apply() -> None:
            if not self._session.has_transceiver(tid):
                future.set_exception(InvalidStateError("setParameters: the transceiver is gone"))
                return
            self._session = self._session.set_send_encodings(tid, encodings).session
            sender._last_returned = None
            future.set_result(None)

        loop.call_soon(apply)
        return future

    # --- data channels (webrtc-pc 6.1) --------------------------------------------------------

    def createDataChannel(
        self, label: str, options: Mapping[str, Any] | None = None, **init: Any
    ) -> RTCDataChannel:
        """webrtc-pc createDataChannel(label, init), steps 2 to 21."""
        if self._closed:
            raise InvalidStateError("createDataChannel: the RTCPeerConnection is closed")
        if options is not None and not isinstance(options, Mapping):
            raise TypeError("createDataChannel options must be a dict (RTCDataChannelInit)")
        parsed = channel_init(label, {**(options or {}), **init})
        # Step 18: an id now when the DTLS role is known.
        role = self._session.dtls_role
        if parsed.id is not None and any(c.id == parsed.id for c in self._channels):
            raise OperationError(
                f"createDataChannel: id {parsed.id} is already used (webrtc-pc 6.1, step 18)"
            )
        channel = RTCDataChannel(self, parsed)
        if parsed.id is None and role is not None:
            channel_id = self._free_channel_id(role)
            if channel_id is None:
                raise OperationError(
                    "createDataChannel: no stream id is free (webrtc-pc 6.1, step 18)"
                )
            channel._id = channel_id
        # Step 19.
        sctp = self._sctp
        if (
            channel._id is not None
            and sctp is not None
            and sctp.maxChannels is not None
            and channel._id >= sctp.maxChannels
        ):
            raise OperationError(
                f"createDataChannel: id {channel._id} is beyond maxChannels {sctp.maxChannels}"
            )
        first = not self._session.data.wanted
        self._session = self._session.want_data_channel().session
        self._channels.append(channel)
        # Step 20.
        if first:
            self._update_negotiation_needed()
        if channel._id is not None and self._sctp is not None:
            self._backend.open_channel(_channel_parameters(channel))
        return channel

    def _free_channel_id(self, role: RTCDtlsRole) -> int | None:
        """RFC 8832, 6: the DTLS client takes even stream ids, the server odd ones."""
        used = {c.id for c in self._channels if c.id is not None}
        limit = (
            self._sctp.maxChannels
            if self._sctp is not None and self._sctp.maxChannels
            else MAX_CHANNEL_ID + 1
        )
        start = 0 if role is RTCDtlsRole.CLIENT else 1
        for candidate in range(start, min(limit, MAX_CHANNEL_ID + 1), 2):
            if candidate not in used:
                return candidate
        return None

    def _assign_channel_ids(self, role: RTCDtlsRole) -> None:
        """webrtc-pc, 4.6.9.2: every channel without an id gets one (or fails)."""
        for channel in self._channels:
            if channel._id is None:
                channel_id = self._free_channel_id(role)
                if channel_id is None:
                    channel._ready_state = channel._ready_state.CLOSED
                    self._channel_errors.append(channel)
                else:
                    channel._id = channel_id

    def _start_sctp(self, effect: StartSctp) -> None:
        dtls = self._dtls_for(effect.transport)
        if self._sctp is None:
            # webrtc-pc, 4.6.9.1: create an RTCSctpTransport in "connecting".
            self._sctp = RTCSctpTransport(dtls, 65536.0)
        elif self._sctp._transport is not dtls:
            # The association moved to another DTLS transport (RFC 8261, 6.1: SCTP over
            # DTLS is single-homed, so the backend starts a new one there): the
            # RTCSctpTransport's transport is that one now (webrtc-pc 6.1.1, transport:
            # "the transport over which all SCTP packets for data channels will be sent
            # and received"), so its state never follows a DTLS transport it left.
            self._sctp._transport = dtls
        self._sctp._update_max_message_size(effect.remote_max_message_size, effect.max_message_size)
        self._backend.start_sctp(effect)
        for channel in self._channels:
            if channel._id is not None and channel.readyState == "connecting":
                self._backend.open_channel(_channel_parameters(channel))

    def _close_channel(self, channel: RTCDataChannel) -> None:
        if channel._id is None or self._sctp is None:
            self._queue(channel._announce_closed)
            return
        self._backend.close_channel(channel._id)

    def _channel(self, channel_id: int) -> RTCDataChannel | None:
        return next((c for c in self._channels if c._id == channel_id), None)

    # --- the backend's reports (TransportListener, through _BackendListener) ----------------------

    def _on_local_candidate(self, transport: str, ufrag: str, candidate: Candidate | None) -> None:
        """webrtc-pc, 5.6 "surface a candidate" (and the end of a generation's gathering)."""
        if self._closed:
            return
        step = add_local_candidate(self._session, transport, ufrag, candidate)
        if not step.value:
            return
        self._session = step.session
        dtls = self._dtls_for(transport)
        for surfaced in step.value:
            ice_candidate = RTCIceCandidate(
                surfaced.candidate,
                sdpMid=surfaced.sdp_mid,
                sdpMLineIndex=surfaced.sdp_mline_index,
                usernameFragment=surfaced.username_fragment,
            )
            if candidate is not None:
                dtls._ice._local_candidates.append(ice_candidate)
            self.dispatch(RTCPeerConnectionIceEvent(ice_candidate))

    def _on_gathering_state(self, transport: str, state: RTCIceGathererState) -> None:
        if self._closed:
            return
        ice = self._dtls_for(transport)._ice
        self._gather_pending.discard(transport)
        if ice._gathering_state is state:
            return
        ice._gathering_state = state
        ice.dispatch(Event("gatheringstatechange"))
        self._update_gathering_state()

    def _live_transports(self) -> list[RTCDtlsTransport]:
        """webrtc-pc 4.3.2: the transports of the transceivers, plus the SCTP one."""
        session = self._session
        ids = {
            t.transport for t in session.transceivers if t.transport is not None and not t.stopped
        }
        ids.update(g[0] for g in session.gathering)
        ids.update(c[0] for c in session.connected)
        if session.data.transport is not None:
            ids.add(session.data.transport)
        return [self._dtls[i] for i in sorted(ids) if i in self._dtls]

    def _update_gathering_state(self) -> None:
        """webrtc-pc, 4.3.2 RTCIceGatheringState, and the null icecandidate at "complete"."""
        transports = self._live_transports()
        states = [
            RTCIceGathererState.GATHERING
            if t._id in self._gather_pending
            else t._ice._gathering_state
            for t in transports
        ]
        if any(s is RTCIceGathererState.GATHERING for s in states):
            new = RTCIceGatheringState.GATHERING
        elif states and all(s is RTCIceGathererState.COMPLETE for s in states):
            new = RTCIceGatheringState.COMPLETE
        else:
            new = RTCIceGatheringState.NEW
        if new is self._ice_gathering_state:
            return
        self._ice_gathering_state = new
        self.dispatch(Event("icegatheringstatechange"))
        if new is RTCIceGatheringState.COMPLETE:
            self.dispatch(RTCPeerConnectionIceEvent(None))

    def _on_ice_state(self, transport: str, state: RTCIceTransportState) -> None:
        """webrtc-pc 5.6: the transport's statechange, then the connection's states, one task."""
        if self._closed:
            return
        ice = self._dtls_for(transport)._ice
        if ice._state is state:
            return
        ice._state = state
        ice.dispatch(Event("statechange"))
        self._update_states()

    def _on_dtls_state(
        self, transport: str, state: RTCDtlsTransportState, error: str | None = None
    ) -> None:
        """webrtc-pc 5.5: statechange (and error on failure), then the connection state
        (4.4.1.3)."""
        if self._closed:
            return
        dtls = self._dtls_for(transport)
        if dtls._state is state:
            return
        dtls._state = state
        if state is RTCDtlsTransportState.FAILED:
            detail = RTCErrorDetailType(error or "dtls-failure")
            dtls.dispatch(RTCErrorEvent(RTCError(f"DTLS failed ({detail})", error_detail=detail)))
        dtls.dispatch(Event("statechange"))
        self._update_states()
        if state is RTCDtlsTransportState.CLOSED and self._sctp is not None:
            # After the backend's own reports of the association (queued before this one).
            self._queue(self._sctp_follows_dtls)

    def _update_states(self) -> None:
        """webrtc-pc, 4.3.4 RTCIceConnectionState and 4.3.3 RTCPeerConnectionState."""
        transports = self._live_transports()
        ice = [t._ice._state for t in transports]
        dtls = [t._state for t in transports]
        S = RTCIceTransportState
        if any(s is S.FAILED for s in ice):
            ice_state = RTCIceConnectionState.FAILED
        elif any(s is S.DISCONNECTED for s in ice):
            ice_state = RTCIceConnectionState.DISCONNECTED
        elif all(s in (S.NEW, S.CLOSED) for s in ice):
            ice_state = RTCIceConnectionState.NEW
        elif any(s in (S.NEW, S.CHECKING) for s in ice):
            ice_state = RTCIceConnectionState.CHECKING
        elif all(s in (S.COMPLETED, S.CLOSED) for s in ice):
            ice_state = RTCIceConnectionState.COMPLETED
        else:
            ice_state = RTCIceConnectionState.CONNECTED
        P = RTCPeerConnectionState
        Dt = RTCDtlsTransportState
        if ice_state is RTCIceConnectionState.FAILED or any(s is Dt.FAILED for s in dtls):
            pc_state = P.FAILED
        elif ice_state is RTCIceConnectionState.DISCONNECTED:
            pc_state = P.DISCONNECTED
        elif ice_state is RTCIceConnectionState.NEW and all(s in (Dt.NEW, Dt.CLOSED) for s in dtls):
            pc_state = P.NEW
        elif ice_state in (
            RTCIceConnectionState.CONNECTED,
            RTCIceConnectionState.COMPLETED,
        ) and all(s in (Dt.CONNECTED, Dt.CLOSED) for s in dtls):
            # "completed" counts as connected, as the older text and every browser say.
            pc_state = P.CONNECTED
        else:
            pc_state = P.CONNECTING
        if ice_state is not self._ice_connection_state:
            self._ice_connection_state = ice_state
            self.dispatch(Event("iceconnectionstatechange"))
        if pc_state is not self._connection_state:
            self._connection_state = pc_state
            self.dispatch(Event("connectionstatechange"))

    def _transport_closed(self, dtls: RTCDtlsTransport) -> None:
        if self._closed:
            return
        if dtls._ice._state is not RTCIceTransportState.CLOSED:
            dtls._ice._state = RTCIceTransportState.CLOSED
            dtls._ice.dispatch(Event("statechange"))
        if dtls._state is not RTCDtlsTransportState.CLOSED:
            dtls._state = RTCDtlsTransportState.CLOSED
            dtls.dispatch(Event("statechange"))
        self._gather_pending.discard(dtls._id)
        self._update_gathering_state()
        self._update_states()
        self._sctp_follows_dtls()

    def _sctp_follows_dtls(self) -> None:
        """webrtc-pc, 6.1.2 RTCSctpTransportState "closed": also when "the underlying DTLS
        association has transitioned to "closed" state" (RFC 8261, 6.1: SCTP over DTLS is
        single-homed, it cannot outlive its DTLS transport).

        A backend reports the association's end itself; this keeps ``pc.sctp`` from
        reading "connected" over a closed ``pc.sctp.transport`` whatever it reports.
        """
        sctp = self._sctp
        if self._closed or sctp is None or sctp._state is RTCSctpTransportState.CLOSED:
            return
        if sctp._transport._state is RTCDtlsTransportState.CLOSED:
            self._on_sctp_state(RTCSctpTransportState.CLOSED)

    def _on_sctp_state(self, state: RTCSctpTransportState, max_channels: int | None = None) -> None:
        if self._closed or self._sctp is None:
            return
        sctp = self._sctp
        if sctp._state is state:
            return
        sctp._state = state
        if state is RTCSctpTransportState.CONNECTED:
            # webrtc-pc, 6.1.1.3, the connected procedure.
            sctp._max_channels = max_channels if max_channels is not None else 65535
            role = self._session.dtls_role or RTCDtlsRole.CLIENT
            for channel in list(self._channels):
                if channel._id is None:
                    channel._id = self._free_channel_id(role)
                    if channel._id is not None:
                        self._backend.open_channel(_channel_parameters(channel))
                if channel._id is None or channel._id >= sctp._max_channels:
                    channel._announce_closed(error="data-channel-failure")
        elif state is RTCSctpTransportState.CLOSED:
            for channel in list(self._channels):
                channel._announce_closed()
        sctp.dispatch(Event("statechange"))

    def _on_channel_open(self, channel_id: int) -> None:
        channel = self._channel(channel_id)
        if channel is not None:
            channel._announce_open()

    def _on_remote_channel(self, channel_id: int, parameters: dict[str, Any]) -> None:
        """webrtc-pc, 6.2.3 "announcing a data channel instance"."""
        if self._closed:
            return
        init = ChannelInit(
            label=str(parameters.get("label", "")),
            ordered=bool(parameters.get("ordered", True)),
            maxPacketLifeTime=parameters.get("maxPacketLifeTime"),
            maxRetransmits=parameters.get("maxRetransmits"),
            protocol=str(parameters.get("protocol", "")),
            negotiated=False,
            id=channel_id,
        )
        channel = RTCDataChannel(self, init)
        channel._ready_state = channel._ready_state.OPEN  # step 7: open, without the event yet
        self._channels.append(channel)
        self.dispatch(RTCDataChannelEvent(channel))

    def _on_channel_message(self, channel_id: int, data: str | bytes) -> None:
        channel = self._channel(channel_id)
        if channel is not None:
            channel._receive(data)

    def _on_channel_buffered(self, channel_id: int, buffered_amount: int) -> None:
        channel = self._channel(channel_id)
        if channel is not None:
            channel._drained(buffered_amount)

    def _on_channel_closed(self, channel_id: int) -> None:
        channel = self._channel(channel_id)
        if channel is None:
            return
        if not channel._closing_by_close:
            channel._remote_closing()
        self._channels = [c for c in self._channels if c is not channel]
        channel._announce_closed()

    def _on_track_source(self, transceiver: str, source: FrameSource | None) -> None:
        """The backend's frames for ``transceiver``'s remote track (``track.recv()``)."""
        obj = self._transceivers.get(transceiver)
        if obj is not None:
            obj.receiver.track._source = source

    def _on_media(self, transceiver: str, receiving: bool) -> None:
        """webrtc-pc, 9.3: media arriving on a receptive transceiver unmutes its track."""
        if self._closed:
            return
        obj = self._transceivers.get(transceiver)
        if obj is None:
            return
        value = obj._value
        if receiving and not value.receptive:
            return
        obj.receiver.track._set_muted(not receiving)

    # --- stats and close -------------------------------------------------------------------

    async def getStats(self, selector: TrackLike | None = None) -> RTCStatsReport:
        """webrtc-pc, 8 getStats(): the backend's stats plus the connection's own."""
        if selector is not None:
            matches = [
                t
                for t in self._transceivers.values()
                if t.sender.track is selector or t.receiver.track is selector
            ]
            if len(matches) != 1:
                raise InvalidAccessError(
                    "getStats: the selector names no sender or receiver of this connection"
                )
        report = RTCStatsReport(await self._backend.get_stats())
        opened = sum(1 for c in self._channels if c.readyState == "open")
        report["peer-connection"] = {
            "id": "peer-connection",
            "type": "peer-connection",
            "timestamp": time.time() * 1000,
            "dataChannelsOpened": opened,
            "dataChannelsClosed": sum(1 for c in self._channels if c.readyState == "closed"),
        }
        return report

    def close(self) -> Awaitable[None]:
        """webrtc-pc close(): closed at once; await the result to wait for the transports."""
        if self._close_task is not None:
            return self._close_task
        if not self._closed:
            self._closed = True
            step = self._session.close()
            self._session = step.session
            for effect in step.effects:
                if isinstance(effect, StopTransceiver):
                    transceiver = self._transceivers.get(effect.transceiver)
                    if transceiver is not None:
                        transceiver.receiver.track._end()
            for channel in self._channels:
                channel._close_abruptly()
            if self._sctp is not None:
                self._sctp._state = RTCSctpTransportState.CLOSED
            for dtls in self._dtls.values():
                dtls._state = RTCDtlsTransportState.CLOSED
                dtls._ice._state = RTCIceTransportState.CLOSED
            self._ice_connection_state = RTCIceConnectionState.CLOSED
            self._connection_state = RTCPeerConnectionState.CLOSED
            # webrtc-pc's chained operations check [[IsClosed]] and abort, so their
            # promises never settle; sdpmodel rejects them instead (DESIGN.md, close()),
            # and marks each rejection retrieved at once: a call made without awaiting
            # (fire-and-forget, as a JS promise allows) then logs no "Future exception
            # was never retrieved", while a caller that awaits still gets the error.
            pending, self._operations = self._operations, deque()
            for _operation, future in pending:
                if not future.done():
                    future.set_exception(InvalidStateError("the RTCPeerConnection was closed"))
                    future.exception()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            task = None
        else:
            task = loop.create_task(self._backend.close()) if self._loop is not None else None
        self._close_task = _CloseAwaitable(task, self._backend)
        return self._close_task

    @staticmethod
    async def generateCertificate(
        keygenAlgorithm: Any = None, *, transport: TransportBackend | str | None = None
    ) -> Certificate:
        """webrtc-pc, Certificate Management, generateCertificate(): a certificate from a backend.

        ``keygenAlgorithm`` is a WebCrypto AlgorithmIdentifier (a dict or a
        name) with an optional ``expires`` in milliseconds:
        ``{"name": "ECDSA", "namedCurve": "P-256"}`` (the default, also for
        ``None``) or ``{"name": "RSASSA-PKCS1-v1_5", "modulusLength": 2048,
        "publicExponent": bytes([1, 0, 1]), "hash": "SHA-256"}``.  Awaiting
        raises TypeError for an argument WebIDL / WebCrypto cannot convert and
        NotSupportedError for an algorithm the backend cannot use (step 6; the
        aiortc backend takes only ECDSA).  A third-party backend whose
        ``generate_certificate()`` takes no ``algorithm`` makes only the
        default certificate.
        """
        # Steps 1 to 6: expires, then the normalized algorithm (configuration.KeygenAlgorithm).
        algorithm = KeygenAlgorithm.from_init(keygenAlgorithm)
        backend = _make_backend(transport)
        # Steps 7 and 8: the backend generates the key and the certificate.
        if "algorithm" in inspect.signature(backend.generate_certificate).parameters:
            make: Callable[..., Certificate] = backend.generate_certificate
            return make(algorithm)
        if algorithm != KeygenAlgorithm():
            raise NotSupportedError(
                f"the {backend.name} transport makes only its default certificate (ECDSA P-256, "
                "30 days): its generate_certificate() takes no algorithm (webrtc-pc, "
                "generateCertificate() step 6)"
            )
        return backend.generate_certificate()

    def __repr__(self) -> str:
        count = len(self._session.transceivers)
        return (
            f"<RTCPeerConnection {self.signalingState} {self.connectionState} {count} transceivers>"
        )


class _BackendListener:
    """The ``TransportListener`` the connection gives its backend (``sdpmodel.transport``).

    It forwards each report to the connection's private handler, so the
    backend interface stays out of RTCPeerConnection's W3C surface: an
    application sees no ``on_media`` or ``on_local_candidate`` next to
    ``onicecandidate``.
    """

    __slots__ = ("_pc",)

    def __init__(self, pc: RTCPeerConnection) -> None:
        self._pc = pc

    def on_local_candidate(self, transport: str, ufrag: str, candidate: Candidate | None) -> None:
        self._pc._on_local_candidate(transport, ufrag, candidate)

    def on_gathering_state(self, transport: str, state: RTCIceGathererState) -> None:
        self._pc._on_gathering_state(transport, state)

    def on_ice_state(self, transport: str, state: RTCIceTransportState) -> None:
        self._pc._on_ice_state(transport, state)

    def on_dtls_state(
        self, transport: str, state: RTCDtlsTransportState, error: str | None = None
    ) -> None:
        self._pc._on_dtls_state(transport, state, error)

    def on_sctp_state(self, state: RTCSctpTransportState, max_channels: int | None = None) -> None:
        self._pc._on_sctp_state(state, max_channels)

    def on_channel_open(self, channel_id: int) -> None:
        self._pc._on_channel_open(channel_id)

    def on_remote_channel(self, channel_id: int, parameters: dict[str, Any]) -> None:
        self._pc._on_remote_channel(channel_id, parameters)

    def on_channel_message(self, channel_id: int, data: str | bytes) -> None:
        self._pc._on_channel_message(channel_id, data)

    def on_channel_buffered(self, channel_id: int, buffered_amount: int) -> None:
        self._pc._on_channel_buffered(channel_id, buffered_amount)

    def on_channel_closed(self, channel_id: int) -> None:
        self._pc._on_channel_closed(channel_id)

    def on_track_source(self, transceiver: str, source: FrameSource | None) -> None:
        self._pc._on_track_source(transceiver, source)

    def on_media(self, transceiver: str, receiving: bool) -> None:
        self._pc._on_media(transceiver, receiving)


def _channel_parameters(channel: RTCDataChannel) -> ChannelInit:
    return attrs.evolve(channel._init, id=channel._id)
