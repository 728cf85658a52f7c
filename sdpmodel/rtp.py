"""The W3C RTP objects: RTCRtpTransceiver, RTCRtpSender, RTCRtpReceiver, DTMF, the transports.

These are views.  The negotiation state of a transceiver lives in the
core's ``Transceiver`` value (``sdpmodel.transceiver``) inside the
connection's session; every attribute here reads the current value, and
every method asks the connection to run the core operation.  So an
attribute can never disagree with the session, and a failed operation
leaves them all as they were.

webrtc-pc sections: 5.2 RTCRtpSender, 5.3 RTCRtpReceiver, 5.4
RTCRtpTransceiver, 5.5 RTCDtlsTransport, 5.6 RTCIceTransport, 7 DTMF.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sdpmodel.codecs import EXTENSION_DIRECTIONS, CodecCapability
from sdpmodel.enums import (
    RTCDtlsTransportState,
    RTCIceGathererState,
    RTCIceRole,
    RTCIceTransportState,
    RTCRtpTransceiverDirection,
)
from sdpmodel.errors import (
    InvalidCharacterError,
    InvalidModificationError,
    InvalidStateError,
)
from sdpmodel.events import EventTarget, HandlerAttribute, RTCDTMFToneChangeEvent
from sdpmodel.jsep import LocalEndpoint
from sdpmodel.media import MediaStream, MediaStreamTrack, TrackLike
from sdpmodel.model import Codec
from sdpmodel.transceiver import Encoding, TrackRef, Transceiver

if TYPE_CHECKING:
    from sdpmodel.description import RTCIceCandidate
    from sdpmodel.peer import RTCPeerConnection

__all__ = [
    "RTCDTMFSender",
    "RTCDtlsTransport",
    "RTCIceTransport",
    "RTCRtpCapabilities",
    "RTCRtpCodec",
    "RTCRtpReceiver",
    "RTCRtpSender",
    "RTCRtpTransceiver",
    "codec_capability",
]

D = RTCRtpTransceiverDirection

#: The default capabilities, those of the memory backend (getCapabilities is static).
_DEFAULT_ENDPOINT = LocalEndpoint()


@attrs.frozen
class RTCRtpCodec:
    """webrtc-pc, 5.2.8 RTCRtpCodec: ``mimeType``, ``clockRate``, ``channels``, ``sdpFmtpLine``."""

    mimeType: str
    clockRate: int
    channels: int | None = None
    sdpFmtpLine: str | None = None

    def toJSON(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mimeType": self.mimeType, "clockRate": self.clockRate}
        if self.channels is not None:
            out["channels"] = self.channels
        if self.sdpFmtpLine is not None:
            out["sdpFmtpLine"] = self.sdpFmtpLine
        return out


@attrs.frozen
class RTCRtpCapabilities:
    """webrtc-pc, 5.2.10 RTCRtpCapabilities: ``codecs`` and ``headerExtensions`` ({"uri": ...})."""

    codecs: tuple[RTCRtpCodec, ...]
    headerExtensions: tuple[dict[str, str], ...]

    def toJSON(self) -> dict[str, Any]:
        return {
            "codecs": [c.toJSON() for c in self.codecs],
            "headerExtensions": [dict(h) for h in self.headerExtensions],
        }


def _to_w3c(capability: CodecCapability) -> RTCRtpCodec:
    return RTCRtpCodec(
        capability.mime_type, capability.clock_rate, capability.channels, capability.sdp_fmtp_line
    )


def codec_capability(codec: RTCRtpCodec | Mapping[str, Any]) -> CodecCapability:
    """An RTCRtpCodec (or a dict with its keys) as the core's CodecCapability."""
    if isinstance(codec, RTCRtpCodec):
        return CodecCapability(codec.mimeType, codec.clockRate, codec.channels, codec.sdpFmtpLine)
    if isinstance(codec, Mapping):
        try:
            mime, rate = codec["mimeType"], codec["clockRate"]
        except KeyError as exc:
            raise TypeError(f"RTCRtpCodec: the member {exc.args[0]!r} is required") from None
        if not isinstance(mime, str) or not isinstance(rate, int) or isinstance(rate, bool):
            raise TypeError("RTCRtpCodec: mimeType is a string and clockRate an integer")
        channels = codec.get("channels")
        if channels is not None and (
            not isinstance(channels, int) or isinstance(channels, bool) or channels < 0
        ):
            raise TypeError("RTCRtpCodec: channels is an unsigned short")
        fmtp = codec.get("sdpFmtpLine")
        if fmtp is not None and not isinstance(fmtp, str):
            raise TypeError("RTCRtpCodec: sdpFmtpLine is a string")
        return CodecCapability(mime, rate, channels, fmtp)
    raise TypeError(f"a codec is an RTCRtpCodec or a dict, not {type(codec).__name__}")


def _capabilities(kind: str, endpoint: LocalEndpoint) -> RTCRtpCapabilities | None:
    # webrtc-pc, getCapabilities(kind), step 2: another kind gives null.
    if kind not in ("audio", "video"):
        return None
    return RTCRtpCapabilities(
        tuple(_to_w3c(c) for c in endpoint.codecs(kind)),
        tuple({"uri": e.uri} for e in endpoint.extensions(kind)),
    )


class _GetCapabilities:
    """``getCapabilities(kind)``: static in webrtc-pc, and here also bound to a connection.

    ``RTCRtpSender.getCapabilities("video")`` (the W3C static call) answers
    with the default backend's capabilities, the memory transport's; on a
    sender or receiver, ``sender.getCapabilities("video")`` answers with its
    connection's backend (webrtc-pc, 5.2: the "list of implemented send
    codecs"; with ``transport="aiortc"`` what aiortc can really send).  The
    union step of setCodecPreferences uses the connection's.
    """

    def __get__(
        self, instance: RTCRtpSender | RTCRtpReceiver | None, owner: type
    ) -> Callable[[str], RTCRtpCapabilities | None]:
        endpoint = _DEFAULT_ENDPOINT if instance is None else instance._pc._session.endpoint

        def getCapabilities(kind: str) -> RTCRtpCapabilities | None:
            """webrtc-pc, 5.2 / 5.3 getCapabilities(kind): null for a kind that is not audio
            or video."""
            return _capabilities(kind, endpoint)

        return getCapabilities


def _negotiated_extensions(pc: RTCPeerConnection, value: Transceiver) -> list[dict[str, Any]]:
    """The header extensions both descriptions of this m-section name, with the remote ids.

    webrtc-pc, getParameters(): "the header extensions negotiated for sending"
    / "prepared to receive": in the answer (a subset of the offer, RFC 8285,
    6), so those of the remote description this end also wrote.
    """
    remote = pc._session.current_remote
    local = pc._session.current_local
    if remote is None or local is None or value.mid is None:
        return []
    remote_media = remote.sdp.media_by_mid(value.mid)
    local_media = local.sdp.media_by_mid(value.mid)
    if remote_media is None or local_media is None or remote_media.is_rejected:
        return []
    ours = {e.uri for e in local_media.extmaps}
    return [
        {"uri": e.uri, "id": e.id, "encrypted": False}
        for e in remote_media.extmaps
        if e.uri in ours
    ]


def _listed(values: object) -> Sequence[Any]:
    if isinstance(values, str | Mapping) or not isinstance(values, Sequence):
        raise TypeError("a sequence of RTCRtpHeaderExtensionCapability dicts is required")
    return values


def _extension_from_dict(value: object) -> tuple[str, str]:
    """An RTCRtpHeaderExtensionCapability (WebIDL: ``uri`` required, ``direction`` an
    RTCRtpTransceiverDirection defaulting to "sendrecv"), as a (uri, direction) pair."""
    if not isinstance(value, Mapping):
        raise TypeError("an RTCRtpHeaderExtensionCapability is a dict with uri and direction")
    uri = value.get("uri")
    if not isinstance(uri, str) or not uri:
        raise TypeError("RTCRtpHeaderExtensionCapability.uri is a required, non-empty string")
    direction = value.get("direction", "sendrecv")
    if direction not in EXTENSION_DIRECTIONS:
        raise TypeError(f"{direction!r} is not an RTCRtpTransceiverDirection")
    return uri, str(direction)


def _answered_extensions(pc: RTCPeerConnection, value: Transceiver) -> dict[str, str]:
    """URI -> direction (this end's view) of the extensions in the last answer's m-section."""
    session = pc._session
    local, remote = session.current_local, session.current_remote
    if local is None or remote is None or value.mid is None or value.stopped:
        return {}
    answer, mine = (local, True) if local.type == "answer" else (remote, False)
    media = answer.sdp.media_by_mid(value.mid)
    if media is None or media.is_rejected:
        return {}
    out = {}
    for extmap in media.extmaps:
        direction = extmap.direction
        if direction is not None and not mine:
            direction = direction.reversed()
        out[extmap.uri] = "sendrecv" if direction is None else str(direction)
    return out


def _codec_parameters(codec: Codec, kind: str) -> dict[str, Any]:
    """webrtc-pc, 5.2.9 RTCRtpCodecParameters of a negotiated payload format."""
    out: dict[str, Any] = {
        "payloadType": codec.payload_type,
        "mimeType": f"{kind}/{codec.name}",
        "clockRate": codec.clock_rate,
    }
    if kind == "audio":
        out["channels"] = codec.channels or 1
    if codec.fmtp is not None:
        out["sdpFmtpLine"] = codec.fmtp.parameter_text
    return out


def _encoding_dict(encoding: Encoding) -> dict[str, Any]:
    out: dict[str, Any] = {"active": encoding.active}
    if encoding.rid is not None:
        out["rid"] = encoding.rid
    if encoding.max_bitrate is not None:
        out["maxBitrate"] = encoding.max_bitrate
    if encoding.max_framerate is not None:
        out["maxFramerate"] = encoding.max_framerate
    if encoding.scale_resolution_down_by is not None:
        out["scaleResolutionDownBy"] = encoding.scale_resolution_down_by
    return out


def encoding_from_dict(value: Mapping[str, Any] | Encoding) -> Encoding:
    """An RTCRtpEncodingParameters dict as the core's Encoding (WebIDL type checks)."""
    if isinstance(value, Encoding):
        return value
    if not isinstance(value, Mapping):
        raise TypeError("an encoding is a dict of RTCRtpEncodingParameters")
    rid = value.get("rid")
    if rid is not None and not isinstance(rid, str):
        raise TypeError("RTCRtpEncodingParameters.rid must be a string")
    active = value.get("active", True)
    if not isinstance(active, bool):
        raise TypeError("RTCRtpEncodingParameters.active must be a boolean")
    bitrate = value.get("maxBitrate")
    if bitrate is not None and (
        not isinstance(bitrate, int) or isinstance(bitrate, bool) or bitrate < 0
    ):
        raise TypeError("RTCRtpEncodingParameters.maxBitrate must be an unsigned long")
    framerate = value.get("maxFramerate")
    scale = value.get("scaleResolutionDownBy")
    for name, number in (("maxFramerate", framerate), ("scaleResolutionDownBy", scale)):
        if number is not None and (not isinstance(number, int | float) or isinstance(number, bool)):
            raise TypeError(f"RTCRtpEncodingParameters.{name} must be a number")
    return Encoding(
        rid=rid,
        active=active,
        max_bitrate=bitrate,
        max_framerate=None if framerate is None else float(framerate),
        scale_resolution_down_by=None if scale is None else float(scale),
    )


class RTCIceTransport(EventTarget):
    """webrtc-pc, 5.6: one ICE transport (one per BUNDLE group or unbundled m-section)."""

    onstatechange = HandlerAttribute()
    ongatheringstatechange = HandlerAttribute()
    onselectedcandidatepairchange = HandlerAttribute()

    def __init__(self, transport_id: str) -> None:
        super().__init__()
        self._id = transport_id
        self._state = RTCIceTransportState.NEW
        self._gathering_state = RTCIceGathererState.NEW
        self._role = RTCIceRole.UNKNOWN
        self._local_candidates: list[RTCIceCandidate] = []
        self._remote_candidates: list[RTCIceCandidate] = []
        self._local_parameters: dict[str, str] | None = None
        self._remote_parameters: dict[str, str] | None = None

    @property
    def role(self) -> str:
        return str(self._role)

    @property
    def component(self) -> str:
        return "rtp"  # rtcp-mux is always on (webrtc-pc RTCRtcpMuxPolicy "require")

    @property
    def state(self) -> str:
        return str(self._state)

    @property
    def gatheringState(self) -> str:
        return str(self._gathering_state)

    def getLocalCandidates(self) -> list[RTCIceCandidate]:
        return list(self._local_candidates)

    def getRemoteCandidates(self) -> list[RTCIceCandidate]:
        return list(self._remote_candidates)

    def getSelectedCandidatePair(self) -> dict[str, RTCIceCandidate] | None:
        if self._state not in (RTCIceTransportState.CONNECTED, RTCIceTransportState.COMPLETED):
            return None
        if not self._local_candidates or not self._remote_candidates:
            return None
        return {"local": self._local_candidates[0], "remote": self._remote_candidates[0]}

    def getLocalParameters(self) -> dict[str, str] | None:
        return None if self._local_parameters is None else dict(self._local_parameters)

    def getRemoteParameters(self) -> dict[str, str] | None:
        return None if self._remote_parameters is None else dict(self._remote_parameters)

    def __repr__(self) -> str:
        return f"<RTCIceTransport {self._id} {self._state} gathering={self._gathering_state}>"


class RTCDtlsTransport(EventTarget):
    """webrtc-pc, 5.5: the DTLS transport over an RTCIceTransport."""

    onstatechange = HandlerAttribute()
    onerror = HandlerAttribute()

    def __init__(self, transport_id: str) -> None:
        super().__init__()
        self._id = transport_id
        self._ice = RTCIceTransport(transport_id)
        self._state = RTCDtlsTransportState.NEW
        self._remote_certificates: list[bytes] = []

    @property
    def iceTransport(self) -> RTCIceTransport:
        return self._ice

    @property
    def state(self) -> str:
        return str(self._state)

    def getRemoteCertificates(self) -> list[bytes]:
        return list(self._remote_certificates)

    def __repr__(self) -> str:
        return f"<RTCDtlsTransport {self._id} {self._state}>"


def _unsigned_long(name: str, number: object) -> int:
    """WebIDL ``unsigned long`` conversion of a Python number (TypeError for anything else)."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise TypeError(f"insertDTMF: {name} must be a number (unsigned long)")
    if isinstance(number, float) and not math.isfinite(number):
        return 0
    return int(number) % 2**32


class RTCDTMFSender(EventTarget):
    """webrtc-pc, 7.2 RTCDTMFSender: DTMF over RFC 4733 telephone-event, ``tonechange`` as the
    tones play.

    The slots are webrtc-pc's: [[ToneBuffer]], [[Duration]], [[InterToneGap]]
    and whether the Playout task is scheduled.  The tones are timed on the
    event loop (the playout of a tone is the backend's; the memory backend
    plays nothing, the events and the buffer behave as in a browser).
    """

    ontonechange = HandlerAttribute()
    #: webrtc-pc, 7.2: 0-9, A-D (a-d normalised to upper case), # and *, and "," (a pause).
    _TONES = frozenset("0123456789ABCD#*,")

    def __init__(self, sender: RTCRtpSender) -> None:
        super().__init__()
        self._sender = sender
        self._tone_buffer = ""
        self._duration = 100
        self._gap = 70
        self._scheduled = False

    @property
    def toneBuffer(self) -> str:
        """webrtc-pc, 7.2: the tones still to be played ([[ToneBuffer]])."""
        return self._tone_buffer

    @property
    def canInsertDTMF(self) -> bool:
        """webrtc-pc, 7.2, "determine if DTMF can be sent"."""
        return self._sender._can_send_dtmf()

    def insertDTMF(self, tones: str, duration: int = 100, interToneGap: int = 70) -> None:
        """webrtc-pc, 7.2 insertDTMF(), the steps in order."""
        if not isinstance(tones, str):
            raise TypeError("insertDTMF: tones must be a string")
        duration = _unsigned_long("duration", duration)
        interToneGap = _unsigned_long("interToneGap", interToneGap)
        # Step 4: "If determine if DTMF can be sent for dtmf returns false, throw an
        # InvalidStateError."
        if not self.canInsertDTMF:
            raise InvalidStateError(
                "insertDTMF: DTMF cannot be sent now: the sender needs a track, a negotiated "
                "sending direction, an active first encoding and a negotiated telephone-event "
                "(webrtc-pc, 7.2, determine if DTMF can be sent)"
            )
        # Step 6: "If tones contains any unrecognized characters, throw an
        # InvalidCharacterError" ("The characters a to d MUST be normalized to uppercase").
        upper = tones.translate(_LOWER_ABCD)
        bad = sorted({c for c in upper if c not in self._TONES})
        if bad:
            raise InvalidCharacterError(
                f"insertDTMF: {', '.join(repr(c) for c in bad)} is not a DTMF tone (0-9, A-D, "
                "#, * and ',' for a pause of 2 seconds)"
            )
        # Step 7: [[ToneBuffer]] is set to tones; the old tones are gone.
        self._tone_buffer = upper
        # Steps 8 to 11: duration within 40-6000 ms, interToneGap within 30-6000 ms.
        self._duration = min(max(duration, 40), 6000)
        self._gap = min(max(interToneGap, 30), 6000)
        # Step 12: "If toneBuffer is an empty string, abort these steps."
        if not self._tone_buffer:
            return
        # Step 13: "If a Playout task is scheduled to be run, abort these steps; otherwise
        # queue a task that runs the following steps (Playout task)".
        if self._scheduled:
            return
        self._scheduled = True
        asyncio.get_running_loop().call_soon(self._playout)

    def _playout(self) -> None:
        """webrtc-pc, 7.2, the Playout task."""
        self._scheduled = False
        loop = asyncio.get_running_loop()
        # 1: "If transceiver.[[CurrentDirection]] is recvonly or inactive, abort these steps"
        # (so is a connection that closed or a transceiver that stopped meanwhile).
        if not self._sender._dtmf_may_play():
            return
        # 2: "If toneBuffer is an empty string, fire an event named tonechange ... with an
        # empty string, and abort these steps."
        if not self._tone_buffer:
            self.dispatch(RTCDTMFToneChangeEvent(""))
            return
        # 3: remove the first character.
        tone, self._tone_buffer = self._tone_buffer[0], self._tone_buffer[1:]
        # 4: "," waits 2000 ms; a tone plays for [[Duration]] ms, then [[InterToneGap]] ms.
        delay = 2.0 if tone == "," else (self._duration + self._gap) / 1000
        self._scheduled = True
        loop.call_later(delay, self._playout)
        # 5: "Fire an event named tonechange ... with the tone attribute set to tone."
        self.dispatch(RTCDTMFToneChangeEvent(tone))


#: "The characters a to d MUST be normalized to uppercase on entry" (webrtc-pc, 7.2).
_LOWER_ABCD = str.maketrans("abcd", "ABCD")


class RTCRtpSender:
    """webrtc-pc, 5.2 RTCRtpSender (a view of its transceiver's sender slots)."""

    def __init__(
        self, pc: RTCPeerConnection, transceiver: RTCRtpTransceiver, track: TrackLike | None
    ) -> None:
        self._pc = pc
        self._transceiver = transceiver
        self._track = track
        self._dtmf = RTCDTMFSender(self) if transceiver._kind == "audio" else None
        self._last_returned: dict[str, Any] | None = None

    @property
    def track(self) -> TrackLike | None:
        return self._track

    @property
    def transport(self) -> RTCDtlsTransport | None:
        return self._pc._dtls_of(self._transceiver._value.transport)

    @property
    def dtmf(self) -> RTCDTMFSender | None:
        return self._dtmf

    getCapabilities = _GetCapabilities()

    def _can_send_dtmf(self) -> bool:
        """webrtc-pc, 7.2, "determine if DTMF can be sent", steps 1 to 7."""
        value = self._transceiver._value
        negotiated = any(
            c.name is not None and c.name.lower() == "telephone-event" for c in value.send_codecs
        )
        return (
            self._pc.signalingState != "closed"  # 1: [[IsClosed]]
            and not value.stopping  # 2
            and self._track is not None  # 3
            and value.current_direction is not None  # 4: sendrecv or sendonly
            and value.current_direction.sends
            and bool(value.send_encodings)  # 5: the first encoding is active
            and value.send_encodings[0].active
            and negotiated  # 6: "audio/telephone-event" negotiated for sending
        )

    def _dtmf_may_play(self) -> bool:
        """webrtc-pc, 7.2, Playout task step 1 (and a connection or transceiver that ended)."""
        value = self._transceiver._value
        return (
            self._pc.signalingState != "closed"
            and not value.stopping
            and value.current_direction is not None
            and value.current_direction.sends
        )

    def replaceTrack(self, withTrack: TrackLike | None) -> asyncio.Future[None]:
        """webrtc-pc, replaceTrack(): chained; TypeError for a track of another kind."""
        return self._pc._replace_track(self, withTrack)

    def setStreams(self, *streams: MediaStream) -> None:
        """webrtc-pc, setStreams(): the msid streams of this sender; negotiation is needed."""
        self._pc._set_streams(self, streams)

    def getParameters(self) -> dict[str, Any]:
        """webrtc-pc, getParameters(): the same dict until the task ends
        ([[LastReturnedParameters]])."""
        if self._last_returned is not None:
            return self._last_returned
        value = self._transceiver._value
        kind = self._transceiver._kind
        media = self._pc._negotiated_media(value)
        result: dict[str, Any] = {
            "transactionId": str(uuid.uuid4()),
            "encodings": [_encoding_dict(e) for e in value.send_encodings],
            "headerExtensions": _negotiated_extensions(self._pc, value),
            "codecs": [_codec_parameters(c, kind) for c in value.send_codecs if c.name],
            "rtcp": {
                "cname": self._pc._session.cname,
                "reducedSize": bool(media and media.attributes_named("rtcp-rsize")),
            },
        }
        self._last_returned = result
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon(self._forget_parameters)
        return result

    def _forget_parameters(self) -> None:
        self._last_returned = None

    def setParameters(
        self, parameters: Mapping[str, Any], setParameterOptions: Mapping[str, Any] | None = None
    ) -> asyncio.Future[None]:
        """webrtc-pc, setParameters(): validated against the last getParameters() result."""
        return self._pc._set_parameters(self, parameters)

    def _check_parameters(self, parameters: Mapping[str, Any]) -> tuple[Encoding, ...]:
        """webrtc-pc, setParameters steps 4 to 6 (raises the errors to reject with)."""
        value = self._transceiver._value
        if value.stopping:
            raise InvalidStateError("setParameters: the transceiver is stopping (step 4)")
        last = self._last_returned
        if last is None:
            raise InvalidStateError(
                "setParameters: call getParameters() first, in the same task (webrtc-pc, step 5)"
            )
        if not isinstance(parameters, Mapping):
            raise TypeError("setParameters takes an RTCRtpSendParameters dict")
        encodings = parameters.get("encodings")
        if not isinstance(encodings, Sequence) or isinstance(encodings, str):
            raise TypeError("RTCRtpSendParameters.encodings is required (a list)")
        if len(encodings) != len(value.send_encodings):
            raise InvalidModificationError(
                f"setParameters: {len(encodings)} encodings, but the sender has "
                f"{len(value.send_encodings)} "
                "(webrtc-pc, setParameters validation, 6.4)"
            )
        parsed = [encoding_from_dict(e) for e in encodings]
        for new, old in zip(parsed, value.send_encodings, strict=True):
            if new.rid != old.rid:
                raise InvalidModificationError(
                    "setParameters: encodings cannot be reordered or renamed (rid is read-only)"
                )
        for key in ("transactionId", "codecs", "headerExtensions", "rtcp"):
            if key in parameters and parameters[key] != last.get(key):
                raise InvalidModificationError(
                    f"setParameters: {key} is read-only (webrtc-pc, 6.4)"
                )
        kind = self._transceiver._kind
        out = []
        for given in parsed:
            e = given
            if kind == "audio":
                e = attrs.evolve(e, scale_resolution_down_by=None, max_framerate=None)
            else:
                scale = e.scale_resolution_down_by
                if scale is None:
                    e = attrs.evolve(e, scale_resolution_down_by=1.0)
                elif scale < 1.0:
                    raise ValueError(
                        "setParameters: scaleResolutionDownBy must be at least 1.0 "
                        "(RangeError, 6.7)"
                    )
            if e.max_framerate is not None and e.max_framerate < 0.0:
                raise ValueError(
                    "setParameters: maxFramerate must not be negative (RangeError, 6.8)"
                )
            out.append(e)
        return tuple(out)

    async def getStats(self) -> dict[str, dict[str, Any]]:
        report = await self._pc.getStats()
        tid = self._transceiver._id
        return {
            k: v
            for k, v in report.items()
            if v.get("type") != "outbound-rtp" or v.get("transceiverId") == tid
        }

    def __repr__(self) -> str:
        return f"<RTCRtpSender {self._transceiver._kind} track={getattr(self._track, 'id', None)}>"


class RTCRtpReceiver:
    """webrtc-pc, 5.3 RTCRtpReceiver: its track is created with it and never changes."""

    def __init__(
        self, pc: RTCPeerConnection, transceiver: RTCRtpTransceiver, track: MediaStreamTrack
    ) -> None:
        self._pc = pc
        self._transceiver = transceiver
        self._track = track

    @property
    def track(self) -> MediaStreamTrack:
        return self._track

    @property
    def transport(self) -> RTCDtlsTransport | None:
        return self._pc._dtls_of(self._transceiver._value.transport)

    getCapabilities = _GetCapabilities()

    def getParameters(self) -> dict[str, Any]:
        value = self._transceiver._value
        kind = self._transceiver._kind
        media = self._pc._negotiated_media(value)
        return {
            "headerExtensions": _negotiated_extensions(self._pc, value),
            "codecs": [_codec_parameters(c, kind) for c in value.receive_codecs if c.name],
            "rtcp": {"reducedSize": bool(media and media.attributes_named("rtcp-rsize"))},
        }

    def getContributingSources(self) -> list[dict[str, Any]]:
        return []

    def getSynchronizationSources(self) -> list[dict[str, Any]]:
        return []

    async def getStats(self) -> dict[str, dict[str, Any]]:
        report = await self._pc.getStats()
        tid = self._transceiver._id
        return {
            k: v
            for k, v in report.items()
            if v.get("type") != "inbound-rtp" or v.get("transceiverId") == tid
        }

    def __repr__(self) -> str:
        return f"<RTCRtpReceiver {self._transceiver._kind} track={self._track.id}>"


class RTCRtpTransceiver:
    """webrtc-pc, 5.4 RTCRtpTransceiver: a view of the core ``Transceiver`` with this id."""

    def __init__(self, pc: RTCPeerConnection, value: Transceiver, track: TrackLike | None) -> None:
        self._pc = pc
        self._id = value.id
        self._kind = value.kind
        self._last = value
        self.sender = RTCRtpSender(pc, self, track)
        self.receiver = RTCRtpReceiver(
            pc, self, MediaStreamTrack._remote(value.kind, value.receiver_track_id)
        )

    @property
    def _value(self) -> Transceiver:
        """The current core value (the last one seen, once the transceiver left the connection)."""
        session = self._pc._session
        if session.has_transceiver(self._id):
            self._last = session.transceiver(self._id)
        return self._last

    @property
    def mid(self) -> str | None:
        return self._value.mid

    @property
    def direction(self) -> str:
        """webrtc-pc, direction getter: "stopped" once stopping, else [[Direction]]."""
        value = self._value
        return "stopped" if value.stopping else str(value.direction)

    @direction.setter
    def direction(self, direction: str) -> None:
        self._pc._set_direction(self, direction)

    @property
    def currentDirection(self) -> str | None:
        """webrtc-pc, currentDirection getter: "stopped" once stopped, else [[CurrentDirection]]."""
        value = self._value
        if value.stopped:
            return "stopped"
        return None if value.current_direction is None else str(value.current_direction)

    def stop(self) -> None:
        """webrtc-pc, stop(): stopping now, stopped once negotiated (port 0)."""
        self._pc._stop_transceiver(self)

    def setCodecPreferences(self, codecs: Sequence[RTCRtpCodec | Mapping[str, Any]]) -> None:
        """webrtc-pc, setCodecPreferences(): the codec order of later offers and answers."""
        self._pc._set_codec_preferences(self, codecs)

    def getHeaderExtensionsToNegotiate(self) -> list[dict[str, str]]:
        """webrtc-extensions: [[HeaderExtensionsToNegotiate]], ``{"uri", "direction"}`` dicts
        (every extension of the backend, "sendrecv", until set)."""
        pairs = self._pc._session.header_extensions_to_negotiate(self._id)
        return [{"uri": uri, "direction": direction} for uri, direction in pairs]

    def setHeaderExtensionsToNegotiate(self, extensions: Sequence[Mapping[str, Any]]) -> None:
        """webrtc-extensions, setHeaderExtensionsToNegotiate(): the directions later offers and
        answers use ("stopped" leaves an extension out); the URIs and their order stay."""
        self._pc._set_header_extensions(
            self, [_extension_from_dict(e) for e in _listed(extensions)]
        )

    def getNegotiatedHeaderExtensions(self) -> list[dict[str, str]]:
        """webrtc-extensions: each extension of [[HeaderExtensionsToNegotiate]] with the
        direction the last answer gave it, "stopped" when the answer left it out."""
        value = self._value
        negotiated = _answered_extensions(self._pc, value)
        pairs = self._pc._session.header_extensions_to_negotiate(self._id)
        return [{"uri": uri, "direction": negotiated.get(uri, "stopped")} for uri, _ in pairs]

    def __repr__(self) -> str:
        return f"<RTCRtpTransceiver {self._kind} mid={self.mid} {self.direction}>"


def track_ref(track: TrackLike) -> TrackRef:
    """The core's reference to a track: its id and kind (TypeError for anything else)."""
    kind = getattr(track, "kind", None)
    track_id = getattr(track, "id", None)
    if kind not in ("audio", "video") or not isinstance(track_id, str):
        raise TypeError("a track needs an id (str) and a kind ('audio' or 'video')")
    return TrackRef(track_id, kind)
