"""The aiortc backend: real ICE, DTLS, SRTP, SCTP and RTP for one RTCPeerConnection.

``AiortcTransport`` (``name = "aiortc"``, extra ``sdpmodel[aiortc]``) carries
out the core's transport effects on real UDP sockets, so an sdpmodel
``RTCPeerConnection(transport="aiortc")`` talks to browsers.  This is the only
module of sdpmodel that imports aiortc or aioice.

What this module owns:

* ICE (RFC 8445) on aioice: one ``aioice.Connection`` per ICE *generation*
  (the credentials of one ``GatherCandidates``), trickled candidates (RFC
  8838: each host candidate is reported as soon as its socket is bound, the
  server-reflexive and relayed ones as their STUN / TURN transactions
  finish, then ``None``), remote candidates from the description and from
  ``addIceCandidate`` (with end-of-candidates), ICE restart (RFC 8445, 9: a
  new generation gathers and checks while the old pair keeps carrying
  DTLS; once the new pair is nominated this end sends on it, the old
  generation keeps receiving until the remote sends on the new pair too,
  and the DTLS association and everything above it survive; the ICE role
  the restart gives applies to every generation), STUN / TURN servers and
  the relay-only policy from the configuration.  A generation takes its ICE
  role (RFC 8445, 6.1.1) when it starts, from ``GatherCandidates``: its
  sockets answer the remote's checks from then on, and those may come
  before this end's ``ConnectTransport`` does;
* DTLS-SRTP on aiortc's ``RTCDtlsTransport`` over that ICE transport: the role
  from ``a=setup`` (RFC 8842, 5), the certificate of the connection, and the
  remote ``a=fingerprint`` pinned *inside* the handshake (RFC 8122, 5;
  RFC 5763, 5): a certificate that does not match makes this end abort the
  handshake with an alert, so both ends fail (this end reports
  ``"fingerprint-failure"``, the other ``"dtls-failure"``) and no SCTP or
  SRTP packet is ever accepted;
* SCTP (RFC 8831, 8841) on aiortc's ``RTCSctpTransport`` and data channels at
  the SCTP level (DCEP, RFC 8832, or negotiated ids), with the send buffer
  reported as it drains;
* RTP for aiortc ``MediaStreamTrack`` objects: aiortc's ``RTCRtpSender`` and
  ``RTCRtpReceiver`` with the payload types, header extension ids and SSRCs
  the negotiation chose (BUNDLE and rtcp-mux: every m-section of a transport
  shares its one DTLS transport, RFC 8843 and RFC 5761); a receiver's track
  is handed to the facade with ``on_track_source`` so ``track.recv()``
  yields decoded frames;
* ``getStats()``: transport, candidate-pair, candidates, inbound-rtp,
  outbound-rtp (aiortc's counters), data-channel.

What it does not own: SDP (never parsed or written here: aiortc's
``RTCPeerConnection`` and ``aiortc.sdp`` are not used), anything JSEP decides
(roles, credentials, stream ids, directions, codecs arrive in the effects).

Which local addresses are used.  aioice gathers on every address of the
machine except loopback.  ``AiortcTransport(interfaces=("127.0.0.1",))``
gathers on exactly the addresses given (tests bind to 127.0.0.1 only);
``loopback=True`` adds 127.0.0.1 (and ::1 with ``ipv6``) to the discovered
ones.  When ``interfaces`` is not given, the environment variable
``SDPMODEL_AIORTC_INTERFACES`` (addresses separated by commas) is read, so
``RTCPeerConnection(transport="aiortc")`` can be pointed at loopback too.

Listener calls.  Every report is one ``loop.call_soon`` step on the loop of
``attach``, in the order the events happened, never inside a facade call;
none follows ``close()``, and after ``close_transport(t)`` only ``t``'s
``on_dtls_state(CLOSED)`` and ``on_ice_state(CLOSED)`` follow.  No method
raises for network reasons: failures arrive as state changes.

aiortc's ORTC classes are public, but a few of their hooks are not, and this
module uses them where aiortc's own RTCPeerConnection does: the DTLS role
(``_set_role``), a sender's SSRCs (``_ssrc``, ``_rtx_ssrc``), a receiver's
track (``_track``) and RTCP SSRC (``_set_rtcp_ssrc``), the certificate's SSL
context (``_create_ssl_context``).  Where aiortc emits no event, a subclass
wraps the private method where the thing happens: the SCTP state and
send-buffer flush, a receiver's first RTP packet, the end of a failed DTLS
handshake (to send its alert).  aioice's ``Connection`` is subclassed to
choose the host addresses and to trickle (its ``_local_candidates*`` fields,
as its own gathering sets them).  Each such place says so.  Written against
aiortc 1.16 and aioice 0.13.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import logging
import os
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import aioice
import aioice.candidate
import aioice.ice
from aiortc import (
    RTCCertificate,
    RTCDataChannel,
    RTCDataChannelParameters,
    RTCDtlsFingerprint,
    RTCDtlsParameters,
    RTCDtlsTransport,
    RTCIceServer,
    RTCIceTransport,
    RTCRtcpParameters,
    RTCRtpCodecParameters,
    RTCRtpHeaderExtensionParameters,
    RTCRtpReceiver,
    RTCRtpSender,
    RTCSctpCapabilities,
    RTCSctpTransport,
)
from aiortc.mediastreams import MediaStreamTrack as AiortcTrack
from aiortc.rtcdtlstransport import X509_DIGEST_ALGORITHMS, certificate_digest
from aiortc.rtcdtlstransport import State as DtlsState
from aiortc.rtcicetransport import connection_kwargs
from aiortc.rtcrtpparameters import (
    RTCRtcpFeedback,
    RTCRtpDecodingParameters,
    RTCRtpReceiveParameters,
    RTCRtpRtxParameters,
    RTCRtpSendParameters,
)
from aiortc.rtcrtpreceiver import RemoteStreamTrack
from aiortc.rtp import RtpPacket
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from OpenSSL import SSL, crypto

from sdpmodel.attributes import Candidate, Fingerprint
from sdpmodel.codecs import (
    STATIC_PAYLOAD_TYPES,
    CodecCapability,
    HeaderExtensionCapability,
)
from sdpmodel.configuration import KeygenAlgorithm, RTCConfiguration
from sdpmodel.effects import (
    AddRemoteCandidate,
    ConnectTransport,
    GatherCandidates,
    StartSctp,
    UpdateMedia,
)
from sdpmodel.enums import (
    RTCDtlsRole,
    RTCDtlsTransportState,
    RTCIceGathererState,
    RTCIceRole,
    RTCIceTransportPolicy,
    RTCIceTransportState,
    RTCSctpTransportState,
)
from sdpmodel.errors import NotSupportedError
from sdpmodel.jsep import LocalEndpoint

if TYPE_CHECKING:
    from sdpmodel.model import Codec
    from sdpmodel.transport import Certificate, ChannelParameters, TransportListener

__all__ = ["INTERFACES_VARIABLE", "AiortcCertificate", "AiortcTransport"]

log = logging.getLogger(__name__)

Ice = RTCIceTransportState
Dtls = RTCDtlsTransportState
Sctp = RTCSctpTransportState

#: The environment variable read when ``interfaces`` is not given (comma-separated addresses).
INTERFACES_VARIABLE: Final = "SDPMODEL_AIORTC_INTERFACES"

#: RFC 8841, 6: what aiortc's SCTP stack reassembles (aiortc LOCAL_MAX_MESSAGE_SIZE).
_MAX_MESSAGE_SIZE: Final = 262144
#: RFC 8445, 5.1.1: how long server-reflexive and relayed candidates may take.
_GATHER_TIMEOUT: Final = 5.0
#: How long the first ICE checks wait for the remote's first trickled candidate (or check).
_TRICKLE_WAIT: Final = 0.5
#: How long close() waits for each layer to shut down.
_CLOSE_TIMEOUT: Final = 5.0
#: RFC 7675, 5.1: after an ICE restart the old pair is dropped at the latest when consent
#: to it would have expired.
_RETIRE_AFTER: Final = 30.0

# --- capabilities: what aiortc really encodes and decodes ----------------------------------------


def _fb(*pairs: str) -> tuple[tuple[str, str | None], ...]:
    out: list[tuple[str, str | None]] = []
    for pair in pairs:
        name, _, parameter = pair.partition(" ")
        out.append((name, parameter or None))
    return tuple(out)


#: aiortc's video receivers send NACK, PLI and REMB (RFC 4585, 6.3.1; draft-alvestrand-rmcat-remb);
#: its senders answer NACK, PLI and FIR (RFC 5104, 4.3.1).
_VIDEO_FEEDBACK: Final = _fb("goog-remb", "ccm fir", "nack", "nack pli")


def _h264(profile_level_id: str, pt: int) -> CodecCapability:
    # aiortc's H.264 encoder (libx264 through PyAV) packetizes in non-interleaved
    # mode only: RFC 6184, 6.3, packetization-mode=1.
    return CodecCapability(
        "video/H264",
        90000,
        None,
        f"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profile_level_id}",
        _VIDEO_FEEDBACK,
        pt,
    )


#: aiortc.codecs: Opus (RFC 7587), G.722, PCMU and PCMA (RFC 3551); preferred payload types as
#: Chrome writes them.
AUDIO_CODECS: Final[tuple[CodecCapability, ...]] = (
    CodecCapability("audio/opus", 48000, 2, "minptime=10;useinbandfec=1", (), 111),
    CodecCapability("audio/G722", 8000, 1, None, (), 9),
    CodecCapability("audio/PCMU", 8000, 1, None, (), 0),
    CodecCapability("audio/PCMA", 8000, 1, None, (), 8),
)

#: aiortc.codecs: VP8 (RFC 7741), H.264 constrained baseline and baseline (RFC 6184), each with
#: RTX (RFC 4588; the core gives every primary codec its own rtx format).
VIDEO_CODECS: Final[tuple[CodecCapability, ...]] = (
    CodecCapability("video/VP8", 90000, None, None, _VIDEO_FEEDBACK, 96),
    _h264("42e01f", 102),
    _h264("42001f", 104),
    CodecCapability("video/rtx", 90000, None, None, (), 97),
)

#: aiortc.codecs.HEADER_EXTENSIONS and what aiortc.rtp.HeaderExtensionsMap writes (RFC 8285).
AUDIO_EXTENSIONS: Final[tuple[HeaderExtensionCapability, ...]] = (
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:ssrc-audio-level", "audio", 1),
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:sdes:mid", "audio", 4),
)
VIDEO_EXTENSIONS: Final[tuple[HeaderExtensionCapability, ...]] = (
    HeaderExtensionCapability(
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "video", 2
    ),
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:sdes:mid", "video", 4),
)

_ENCODABLE: Final = frozenset({"opus", "g722", "pcmu", "pcma", "vp8", "h264"})
_VIDEO_NAMES: Final = frozenset({"vp8", "vp9", "h264", "h265", "av1", "rtx", "ulpfec", "red"})
#: aiortc.sdp.FMTP_INT_PARAMETERS: the fmtp values aiortc's RTP code compares as integers.
_INT_PARAMETERS: Final = frozenset(
    {"apt", "max-fr", "max-fs", "maxplaybackrate", "minptime", "stereo", "useinbandfec"}
)


def _now_ms() -> float:
    return time.time() * 1000.0


# --- certificates ------------------------------------------------------------------------------


def _ecdsa_certificate(lifetime_ms: int) -> RTCCertificate:
    """An ECDSA P-256 key and a self-signed certificate that is valid ``lifetime_ms`` from now.

    What aiortc's ``RTCCertificate.generateCertificate()`` makes (a random
    common name, valid from a day ago, signed with SHA-256), with the lifetime
    generateCertificate() was asked for instead of aiortc's fixed 30 days
    (webrtc-pc, Certificate Management, generateCertificate() steps 3 and 8).
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, os.urandom(16).hex())])
    now = datetime.datetime.now(tz=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(milliseconds=lifetime_ms))
        .sign(key, hashes.SHA256())
    )
    return RTCCertificate(key=key, cert=certificate)


class AiortcCertificate:
    """webrtc-pc, 4.9.2 RTCCertificate around an aiortc ``RTCCertificate`` (ECDSA P-256).

    ``expires`` is in milliseconds since the epoch (the certificate's
    notAfter, or the exact time generateCertificate() computed, which X.509's
    whole seconds would round), ``getFingerprints()`` gives
    RTCDtlsFingerprint dicts.  Only the SHA-256 fingerprint is
    signalled (RFC 8122, 5; what browsers write), as the hash of the
    certificate's own signature (RFC 8122, 5: "the one used in the
    certificate signature" is SHA-256 for aiortc's certificates).
    """

    __slots__ = ("_certificate", "_expires")

    def __init__(
        self, certificate: RTCCertificate | None = None, *, expires: float | None = None
    ) -> None:
        self._certificate = (
            certificate if certificate is not None else RTCCertificate.generateCertificate()
        )
        self._expires = expires

    @property
    def certificate(self) -> RTCCertificate:
        """The aiortc certificate (and private key) DTLS presents."""
        return self._certificate

    @property
    def expires(self) -> float:
        """Milliseconds since the epoch after which the certificate is not valid."""
        if self._expires is not None:
            return self._expires
        return self._certificate.expires.timestamp() * 1000.0

    @property
    def fingerprint(self) -> Fingerprint:
        """The ``a=fingerprint`` line of this certificate (RFC 8122, 5)."""
        for entry in self._certificate.getFingerprints():
            if entry.algorithm == "sha-256":
                return Fingerprint("sha-256", entry.value)
        raise RuntimeError("aiortc gave no SHA-256 fingerprint")  # pragma: no cover

    def getFingerprints(self) -> list[dict[str, str]]:  # the W3C name
        """webrtc-pc, 4.9.2: RTCDtlsFingerprint dicts."""
        fingerprint = self.fingerprint
        return [{"algorithm": fingerprint.hash_function, "value": fingerprint.fingerprint}]

    def __repr__(self) -> str:
        return f"AiortcCertificate(sha-256 {self.fingerprint.fingerprint[:11]}...)"


def _as_certificate(value: object) -> AiortcCertificate:
    if isinstance(value, AiortcCertificate):
        return value
    if isinstance(value, RTCCertificate):
        return AiortcCertificate(value)
    raise TypeError(
        "AiortcTransport needs a certificate it made (RTCPeerConnection.generateCertificate("
        f"transport='aiortc')) or an aiortc RTCCertificate, not {value!r}"
    )


class _PinnedCertificate:
    """The connection's certificate, with the remote fingerprints of one transport pinned.

    aiortc's DTLS context accepts any peer certificate during the handshake
    and compares fingerprints only after it; this wrapper makes the check
    part of the handshake (the verify callback), so a mismatch aborts it
    with an alert the other end sees at once (RFC 5763, 5: "the endpoint
    MUST ... verify that the fingerprint ... matches").  It stands in for an
    ``RTCCertificate`` towards ``RTCDtlsTransport``, which calls only
    ``getFingerprints()`` and the private ``_create_ssl_context()``.
    """

    def __init__(self, certificate: RTCCertificate, transport: _Transport) -> None:
        self._certificate = certificate
        self._transport = transport

    def getFingerprints(self) -> list[RTCDtlsFingerprint]:
        return self._certificate.getFingerprints()

    def _create_ssl_context(self, srtp_profiles: list[Any]) -> SSL.Context:
        context = self._certificate._create_ssl_context(srtp_profiles=srtp_profiles)
        context.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, self._verify)
        return context

    def _verify(
        self, connection: SSL.Connection, x509: crypto.X509, errno: int, depth: int, ok: int
    ) -> bool:
        del connection, errno, ok  # self-signed: OpenSSL's own verdict does not matter
        if depth != 0:
            return True  # RFC 8122, 5: the fingerprint is of the end-entity certificate
        try:
            matches = _fingerprints_match(x509.to_cryptography(), self._transport.expected)
        except Exception:  # a certificate we cannot read does not match
            matches = False
        if not matches:
            self._transport.fingerprint_mismatch = True
            log.info(
                "transport %s: the remote certificate matches no a=fingerprint", self._transport.id
            )
        return matches


def _fingerprints_match(certificate: Any, expected: Sequence[Fingerprint]) -> bool:
    """RFC 8122, 5, as aiortc applies it after the handshake: at least one signalled
    fingerprint uses a hash function we know, and every such one matches."""
    supported = [f for f in expected if f.hash_function.lower() in X509_DIGEST_ALGORITHMS]
    return bool(supported) and all(
        certificate_digest(certificate, f.hash_function.lower()) == f.fingerprint.upper()
        for f in supported
    )


# --- ICE -----------------------------------------------------------------------------------------


class _Connection(aioice.Connection):
    """One ICE generation on aioice, with trickle gathering on chosen addresses.

    aioice's ``gather_candidates`` binds every non-loopback address and
    returns only once the STUN and TURN transactions are over.  Here
    ``gather`` binds the addresses it is given and reports each candidate as
    it appears (RFC 8838, 4), then marks gathering done the way aioice's own
    method does (its private ``_local_candidates*`` fields), so
    ``connect()`` works unchanged.  Every datagram that is not STUN goes to
    the owning ``_IceTransport`` (whichever generation it arrives on), and
    the nominated pair is remembered for the stats.
    """

    def __init__(self, owner: _IceTransport, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owner = owner
        self.selected: aioice.ice.CandidatePair | None = None
        #: Set once the remote showed up: a candidate of its, its end of them, or a check.
        self.remote_activity = asyncio.Event()

    def request_received(
        self, message: aioice.stun.Message, addr: tuple[str, int], protocol: Any
    ) -> None:
        super().request_received(message, addr, protocol)
        self.remote_activity.set()

    def data_received(self, data: bytes, component: int) -> None:
        self._owner.deliver(data, self)

    def check_complete(self, pair: aioice.ice.CandidatePair) -> None:
        super().check_complete(pair)
        if pair.nominated and pair.state is aioice.ice.CandidatePair.State.SUCCEEDED:
            self.selected = pair

    async def gather(
        self,
        addresses: Sequence[str],
        found: Callable[[aioice.Candidate], None],
        timeout: float,
        local_preference: int = 65535,
    ) -> None:
        """RFC 8445, 5.1.1: host candidates first, then server-reflexive and relayed ones.

        Every candidate gets ``local_preference`` (RFC 8445, 5.1.2.1) in its priority.
        """
        if self._local_candidates_start:
            return
        self._local_candidates_start = True

        def report(candidate: aioice.Candidate) -> None:
            candidate.priority = aioice.candidate.candidate_priority(
                candidate.component, candidate.type, local_preference
            )
            self._local_candidates.append(candidate)
            found(candidate)

        stun, turn = self.stun_server, self.turn_server
        # 5.1.1.1 host candidates: bind each address, without waiting for any server.
        self.stun_server = self.turn_server = None
        try:
            hosts = await self.get_component_candidates(component=1, addresses=list(addresses))
        finally:
            self.stun_server, self.turn_server = stun, turn
        for candidate in hosts:
            report(candidate)
        # 5.1.1.2 server-reflexive candidates (IPv4 host sockets, RFC 8489) and relayed
        # candidates (RFC 8656), in parallel; each is reported when its transaction ends.
        pending: list[asyncio.Future[Any]] = []
        if stun is not None:
            for protocol in list(self._protocols):
                if ":" not in protocol.local_candidate.host:
                    pending.append(
                        asyncio.ensure_future(aioice.ice.server_reflexive_candidate(protocol, stun))
                    )
        if turn is not None:
            # With no address, aioice's component gathering only allocates on the TURN server.
            pending.append(
                asyncio.ensure_future(
                    self.get_component_candidates(component=1, addresses=[], timeout=int(timeout))
                )
            )
        if pending:
            with contextlib.suppress(TimeoutError):
                for next_done in asyncio.as_completed(pending, timeout=timeout + 1):
                    try:
                        result = await next_done
                    except (OSError, aioice.stun.TransactionError, ConnectionError, ValueError):
                        continue
                    for candidate in _candidates_of(result):
                        report(candidate)
            for future in pending:
                future.cancel()
        self._local_candidates_end = True


def _candidates_of(result: Any) -> list[aioice.Candidate]:
    """A STUN result is (candidate, None) in aioice 0.10+, a bare candidate before; TURN's is a
    list."""
    if isinstance(result, aioice.Candidate):
        return [result]
    if isinstance(result, tuple) and result and isinstance(result[0], aioice.Candidate):
        return [result[0]]
    if isinstance(result, list):
        return [c for c in result if isinstance(c, aioice.Candidate)]
    return []


class _Generation:
    """One local ICE generation (RFC 8445, 9: an ICE restart makes a new one)."""

    def __init__(self, ufrag: str, pwd: str, connection: _Connection) -> None:
        self.ufrag = ufrag
        self.pwd = pwd
        self.connection = connection
        self.candidates: list[aioice.Candidate] = []
        self.gathered = asyncio.Event()
        #: on_local_candidate calls are made for this generation (gather() was asked for it).
        self.reported = False
        #: The remote credentials its checks run against, once connect() named them.
        self.remote: tuple[str, str] | None = None
        #: The remote candidates given to the connection so far, and whether their end was.
        self.fed: list[Candidate] = []
        self.ended = False
        self.connected = False
        self.closed = False


class _IceTransport:
    """The ICE side of one transport, as aiortc's ``RTCDtlsTransport`` uses it.

    ``RTCDtlsTransport`` reads ``role``, ``_recv()`` and ``_send()`` of its
    ICE transport and nothing else; this object provides them over the ICE
    generations of the transport, so that an ICE restart changes the pair
    under a running DTLS association (RFC 8445, 9; RFC 8842, 5: a restart
    does not renegotiate DTLS).  Datagrams of every generation land in one
    queue; sending uses the generation whose pair was nominated last.
    """

    def __init__(self) -> None:
        self.generations: dict[str, _Generation] = {}
        self.active: _Generation | None = None
        #: Generations an ICE restart replaced, still receiving until the remote moves over,
        #: and what closes them.
        self.retiring: list[_Generation] = []
        self.retire: Callable[[list[_Generation]], None] | None = None
        self.state = Ice.NEW
        self._queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.bytes_sent = 0
        self.bytes_received = 0
        self.packets_sent = 0
        self.packets_received = 0
        self.pair_changes = 0

    @property
    def role(self) -> str:
        generation = self.active or next(reversed(self.generations.values()), None)
        if generation is not None and generation.connection.ice_controlling:
            return "controlling"
        return "controlled"

    def deliver(self, data: bytes, connection: aioice.Connection) -> None:
        self._queue.put_nowait(data)
        active = self.active
        if self.retiring and active is not None and connection is active.connection:
            # The remote sends on the new pair now: the old generations can go.
            retiring, self.retiring = self.retiring, []
            if self.retire is not None:
                self.retire(retiring)

    def end(self) -> None:
        """No more datagrams: the DTLS reader gets ConnectionError (its 'transport closed')."""
        self._queue.put_nowait(None)

    async def _recv(self) -> bytes:
        data = await self._queue.get()
        if data is None:
            self._queue.put_nowait(None)
            raise ConnectionError("the ICE transport is closed")
        self.bytes_received += len(data)
        self.packets_received += 1
        return data

    async def _send(self, data: bytes) -> None:
        generation = self.active
        if generation is None or generation.closed:
            raise ConnectionError("the ICE transport has no selected pair")
        await generation.connection.send(data)
        self.bytes_sent += len(data)
        self.packets_sent += 1


def _to_aioice(candidate: Candidate) -> aioice.Candidate:
    return aioice.Candidate(
        foundation=candidate.foundation,
        component=candidate.component,
        transport=candidate.transport.lower(),
        priority=candidate.priority,
        host=candidate.address,
        port=candidate.port,
        type=candidate.type,
        related_address=candidate.related_address,
        related_port=candidate.related_port,
        tcptype=candidate.tcp_type,
        generation=candidate.generation,
    )


def _from_aioice(candidate: aioice.Candidate, ufrag: str) -> Candidate:
    """RFC 8839, 5.1, with libwebrtc's ``generation`` and ``ufrag`` extensions."""
    extensions: list[tuple[str, str]] = []
    if candidate.tcptype:
        extensions.append(("tcptype", candidate.tcptype))
    extensions += [("generation", "0"), ("ufrag", ufrag)]
    return Candidate(
        foundation=candidate.foundation,
        component=candidate.component,
        transport=candidate.transport.lower(),
        priority=candidate.priority,
        address=candidate.host,
        port=candidate.port,
        type=candidate.type,
        related_address=candidate.related_address,
        related_port=candidate.related_port,
        extensions=tuple(extensions),
    )


# --- DTLS ----------------------------------------------------------------------------------------


class _DtlsTransport(RTCDtlsTransport):
    """aiortc's DTLS transport; a failed handshake also sends the alert OpenSSL wrote.

    aiortc stops at the error without flushing what OpenSSL put in its
    outgoing buffer; sending it (RFC 5246, 7.2.2: a fatal alert before
    closing) lets the far end fail at once instead of retransmitting
    until its handshake times out.
    """

    async def _do_handshake(self) -> None:
        await super()._do_handshake()
        if self._state is DtlsState.FAILED and self._ssl is not None:
            with contextlib.suppress(Exception):
                await self._write_ssl()


# --- SCTP and data channels ---------------------------------------------------------------------


class _SctpTransport(RTCSctpTransport):
    """aiortc's SCTP association, reporting its state and its channels' draining send buffers.

    aiortc emits no event when the association is established or closed,
    and none when a queued message leaves a channel's buffer; the two
    private methods where that happens are wrapped.
    """

    def __init__(self, transport: RTCDtlsTransport, port: int, owner: AiortcTransport) -> None:
        super().__init__(transport, port=port)
        self._owner = owner

    def _set_state(self, state: RTCSctpTransport.State) -> None:
        if state is RTCSctpTransport.State.ESTABLISHED:
            # webrtc-pc 6.1.1.3: "connected" first, then the channels waiting for it open.
            self._owner._sctp_established(self)
            super()._set_state(state)
        elif state is RTCSctpTransport.State.CLOSED:
            super()._set_state(state)  # closes every channel first (webrtc-pc 6.1.4)
            self._owner._sctp_closed(self)
        else:
            super()._set_state(state)

    async def _data_channel_flush(self) -> None:
        try:
            await super()._data_channel_flush()
        finally:
            self._owner._channels_drained(self)


class _Channel:
    """One data channel: its parameters and, once the association object exists, aiortc's."""

    def __init__(self, channel_id: int, parameters: RTCDataChannelParameters) -> None:
        self.id = channel_id
        self.parameters = parameters
        self.channel: RTCDataChannel | None = None
        self.buffered = 0
        self.messages_sent = 0
        self.bytes_sent = 0
        self.messages_received = 0
        self.bytes_received = 0


# --- media ---------------------------------------------------------------------------------------


class _Receiver(RTCRtpReceiver):
    """aiortc's RTP receiver, noticing its first packet (webrtc-pc 9.3: media arrives: unmute)."""

    def __init__(self, kind: str, transport: RTCDtlsTransport, arrived: Callable[[], None]) -> None:
        super().__init__(kind, transport)
        self._arrived = arrived
        self._seen = False

    async def _handle_rtp_packet(self, packet: RtpPacket, arrival_time_ms: int) -> None:
        if not self._seen:
            self._seen = True
            self._arrived()
        await super()._handle_rtp_packet(packet, arrival_time_ms)


class _Media:
    """One transceiver's RTP: the latest UpdateMedia, its track, aiortc's sender and receiver."""

    def __init__(self, transceiver: str) -> None:
        self.transceiver = transceiver
        self.effect: UpdateMedia | None = None
        self.track: Any = None
        self.kind: str | None = None
        self.transport: str | None = None
        self.sender: RTCRtpSender | None = None
        self.sender_task: asyncio.Future[None] | None = None
        self.receiver: _Receiver | None = None
        self.receiver_task: asyncio.Future[None] | None = None
        self.arriving = False
        self.stopped = False


def _kind_of(effect: UpdateMedia, track: object, known: str | None) -> str | None:
    kind = getattr(track, "kind", None)
    if kind in ("audio", "video"):
        return str(kind)
    if known is not None:
        return known
    codecs = (*effect.send_codecs, *effect.receive_codecs)
    if not codecs:
        return None
    if any(c.clock_rate == 90000 or (c.name or "").lower() in _VIDEO_NAMES for c in codecs):
        return "video"
    return "audio"


def _codec_parameters(kind: str, codec: Codec) -> RTCRtpCodecParameters | None:
    """A negotiated payload format as aiortc's RTCRtpCodecParameters (None: unusable)."""
    name, clock_rate, channels = codec.name, codec.clock_rate, codec.channels
    if name is None or clock_rate is None:
        static = STATIC_PAYLOAD_TYPES.get(codec.payload_type)
        if static is None:
            return None
        name, clock_rate, channels = static
    if kind == "audio" and channels is None:
        channels = 1  # RFC 8866, 6.6: no encoding parameter means one channel
    parameters: dict[str, int | str | None] = {}
    for key, value in codec.parameters:
        if value is not None and key.lower() in _INT_PARAMETERS and value.isdigit():
            parameters[key] = int(value)
        else:
            parameters[key] = value
    return RTCRtpCodecParameters(
        mimeType=f"{kind}/{name}",
        clockRate=clock_rate,
        channels=channels if kind == "audio" else None,
        payloadType=codec.payload_type,
        rtcpFeedback=[RTCRtcpFeedback(f.feedback_type, f.parameters) for f in codec.feedback],
        parameters=parameters,
    )


def _usable_codecs(kind: str, codecs: Iterable[Codec]) -> list[RTCRtpCodecParameters]:
    """The formats aiortc encodes / decodes, in negotiated order, each followed by its rtx."""
    converted = [c for c in (_codec_parameters(kind, codec) for codec in codecs) if c is not None]
    primaries = [c for c in converted if c.name.lower() in _ENCODABLE]
    usable: list[RTCRtpCodecParameters] = []
    for primary in primaries:
        usable.append(primary)
        usable += [
            c
            for c in converted
            if c.name.lower() == "rtx" and c.parameters.get("apt") == primary.payloadType
        ]
    return usable


def _extensions(effect: UpdateMedia) -> list[RTCRtpHeaderExtensionParameters]:
    """RFC 8285, 6: the negotiated ids (a BUNDLE group shares one id space, RFC 8843, 9.1)."""
    return [RTCRtpHeaderExtensionParameters(id=e.id, uri=e.uri) for e in effect.header_extensions]


def _send_parameters(kind: str, effect: UpdateMedia, cname: str) -> RTCRtpSendParameters | None:
    codecs = _usable_codecs(kind, effect.send_codecs)
    if not codecs:
        return None
    return RTCRtpSendParameters(
        codecs=codecs,
        headerExtensions=_extensions(effect),
        muxId=effect.mid or "",
        # RFC 5761: rtcp-mux; RFC 3550, 6.5.1: the CNAME of the SDES packets.
        rtcp=RTCRtcpParameters(cname=cname, ssrc=effect.ssrc, mux=True),
    )


def _receive_parameters(kind: str, effect: UpdateMedia) -> RTCRtpReceiveParameters:
    codecs = _usable_codecs(kind, effect.receive_codecs)
    encodings: list[RTCRtpDecodingParameters] = []
    if effect.remote_ssrcs:
        # RFC 5576 / RFC 4588, 8.6: the first signalled SSRC carries media, a second one its
        # retransmissions (a=ssrc-group:FID order), as libwebrtc writes them.
        primary = effect.remote_ssrcs[0]
        rtx_ssrc = effect.remote_ssrcs[1] if len(effect.remote_ssrcs) > 1 else None
        for codec in codecs:
            if codec.name.lower() == "rtx":
                continue
            encoding = RTCRtpDecodingParameters(ssrc=primary, payloadType=codec.payloadType or 0)
            has_rtx = any(
                c.name.lower() == "rtx" and c.parameters.get("apt") == codec.payloadType
                for c in codecs
            )
            if rtx_ssrc is not None and has_rtx:
                encoding.rtx = RTCRtpRtxParameters(ssrc=rtx_ssrc)
            encodings.append(encoding)
    return RTCRtpReceiveParameters(
        codecs=codecs,
        headerExtensions=_extensions(effect),
        muxId=effect.mid or "",
        rtcp=RTCRtcpParameters(mux=True),
        encodings=encodings,
    )


def _stats_dict(stats: Any) -> dict[str, Any]:
    values: dict[str, Any] = dataclasses.asdict(stats)
    for key, value in list(values.items()):
        if isinstance(value, datetime.datetime):
            values[key] = value.timestamp() * 1000.0
    return values


# --- one transport -------------------------------------------------------------------------------


class _Transport:
    """One of the core's transports (a mid): ICE generations, DTLS, and what they report."""

    def __init__(self, owner: AiortcTransport, transport_id: str, order: int) -> None:
        self.owner = owner
        self.id = transport_id
        #: How many transports this end made before this one.
        self.order = order
        self.ice = _IceTransport()
        self.expected: tuple[Fingerprint, ...] = ()
        self.dtls_role: RTCDtlsRole | None = None
        self.fingerprint_mismatch = False
        certificate = _PinnedCertificate(owner._certificate_object().certificate, self)
        # RTCDtlsTransport reads only role, _recv and _send of its ICE transport (see
        # _IceTransport) and getFingerprints / _create_ssl_context of its certificate.
        self.dtls = _DtlsTransport(
            cast(RTCIceTransport, self.ice), [cast(RTCCertificate, certificate)]
        )
        self.dtls.add_listener("statechange", self._dtls_changed)
        self.dtls_task: asyncio.Future[None] | None = None
        self.reported_dtls = Dtls.NEW
        #: Remote candidates by the remote ufrag they belong to, and the ended generations.
        self.remote_candidates: dict[str, list[Candidate]] = {}
        self.remote_ended: set[str] = set()
        self.closed = False

    def alive(self) -> bool:
        return not self.closed and not self.owner._closed

    def set_ice_state(self, state: RTCIceTransportState) -> None:
        if self.ice.state is state or not self.alive():
            return
        self.ice.state = state
        tid = self.id
        self.owner._post(lambda listener: listener.on_ice_state(tid, state), self)

    def _dtls_changed(self) -> None:
        """aiortc's statechange, reported as webrtc-pc 5.5.1 RTCDtlsTransportState."""
        if not self.alive():
            return
        state = Dtls(self.dtls.state)
        if state is self.reported_dtls:
            return
        self.reported_dtls = state
        tid = self.id
        if state is Dtls.FAILED:
            # RFC 8122, 5 / webrtc-pc 5.5: our check of the remote fingerprint failed, or the
            # handshake did (for the far end of a mismatch, its peer's alert).
            error = "fingerprint-failure" if self.fingerprint_mismatch else "dtls-failure"
            self.owner._post(lambda listener: listener.on_dtls_state(tid, state, error), self)
            return
        self.owner._post(lambda listener: listener.on_dtls_state(tid, state), self)
        if state is Dtls.CONNECTED:
            self.owner._transport_secured(self)
        elif state is Dtls.CLOSED:
            self.owner._transport_lost(self)


# --- the backend ---------------------------------------------------------------------------------


class AiortcTransport:
    """The real-network ``TransportBackend`` on aiortc and aioice (see the module docstring).

    ``interfaces``: the local IP addresses to gather host candidates on (for
    example ``("127.0.0.1",)``); by default the ``SDPMODEL_AIORTC_INTERFACES``
    environment variable, else every address of the machine but loopback
    (aioice's discovery).  ``loopback``: add 127.0.0.1 (and ::1) to the
    discovered addresses.  ``ipv6``: gather IPv6 addresses too.
    ``gather_timeout``: seconds to wait for STUN and TURN servers.
    """

    name = "aiortc"

    def __init__(
        self,
        *,
        interfaces: Iterable[str] | None = None,
        loopback: bool = False,
        ipv6: bool = True,
        gather_timeout: float = _GATHER_TIMEOUT,
    ) -> None:
        if interfaces is None:
            variable = os.environ.get(INTERFACES_VARIABLE, "").strip()
            if variable:
                interfaces = [a.strip() for a in variable.split(",") if a.strip()]
        if isinstance(interfaces, str):
            raise TypeError("interfaces is a sequence of addresses, not one string")
        self._interfaces = None if interfaces is None else tuple(interfaces)
        self._loopback = bool(loopback)
        self._ipv6 = bool(ipv6)
        self._gather_timeout = float(gather_timeout)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: TransportListener | None = None
        self._closed = False
        self._ice_options: dict[str, Any] = {}
        self._certificate: AiortcCertificate | None = None
        self._transports: dict[str, _Transport] = {}
        self._sctp: _SctpTransport | None = None
        self._sctp_params: StartSctp | None = None
        self._sctp_task: asyncio.Future[None] | None = None
        self._channels: dict[int, _Channel] = {}
        self._media: dict[str, _Media] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        self._made = 0
        self._cname = f"sdpmodel-{os.urandom(6).hex()}"

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{len(self._transports)} transports"
        return f"<AiortcTransport: {state}>"

    # --- the event loop ------------------------------------------------------------------------

    def attach(self, listener: TransportListener) -> None:
        """Capture the running loop and the listener (RuntimeError outside a loop or twice)."""
        if self._listener is not None:
            raise RuntimeError("AiortcTransport.attach() was already called")
        self._loop = asyncio.get_running_loop()
        self._listener = listener

    def _post(
        self, call: Callable[[TransportListener], None], transport: _Transport | None = None
    ) -> None:
        """One listener call as its own loop step; dropped once closed (or its transport is)."""
        loop = self._loop
        if loop is None or loop.is_closed() or self._closed:
            return

        def step() -> None:
            listener = self._listener
            if listener is None or self._closed or (transport is not None and transport.closed):
                return
            try:
                call(listener)
            except Exception:  # a listener bug must not kill the network tasks
                log.exception("TransportListener call failed")

        loop.call_soon(step)

    def _spawn(self, coroutine: Coroutine[Any, Any, Any], what: str) -> asyncio.Future[Any]:
        """Run ``coroutine`` as a task whose failure is logged, never raised."""
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)

        def done(finished: asyncio.Future[Any]) -> None:
            self._tasks.discard(finished)
            if finished.cancelled():
                return
            exc = finished.exception()
            if exc is not None:
                log.warning("%s failed: %r", what, exc, exc_info=exc)

        task.add_done_callback(done)
        return task

    def _ready(self) -> bool:
        """False after close() (every call is then a no-op); RuntimeError before attach()."""
        if self._closed:
            return False
        if self._listener is None:
            raise RuntimeError(
                "AiortcTransport.attach(listener) must be called first, inside a running event loop"
            )
        return True

    # --- configuration and certificates ------------------------------------------------------

    def configure(self, configuration: RTCConfiguration) -> None:
        """iceServers and iceTransportPolicy for the next gathering (webrtc-pc 4.4.1.6, 7-9).

        aiortc's ``connection_kwargs`` turns the servers into aioice's options:
        one STUN server and one TURN server (udp or tcp, ``turns:`` over TLS)
        with username and credential, as aiortc's RTCIceGatherer does.
        """
        servers = [
            RTCIceServer(urls=list(s.urls), username=s.username, credential=s.credential)
            for s in configuration.iceServers
        ]
        try:
            options = connection_kwargs(servers)
        except ValueError as exc:  # the facade validates urls; aiortc parses more strictly
            log.warning("iceServers not usable by aioice: %s", exc)
            options = {}
        relay = configuration.iceTransportPolicy is RTCIceTransportPolicy.RELAY
        # RFC 9429, 3.5.3 / webrtc-pc 4.2.3 "relay": only relayed candidates are gathered.
        options["transport_policy"] = (
            aioice.TransportPolicy.RELAY if relay else aioice.TransportPolicy.ALL
        )
        self._ice_options = options

    def generate_certificate(self, algorithm: KeygenAlgorithm | None = None) -> AiortcCertificate:
        """webrtc-pc, generateCertificate(): ECDSA P-256, valid ``algorithm.expires`` from now.

        RSASSA-PKCS1-v1_5 rejects with NotSupportedError (step 6: "an
        algorithm that the user agent cannot ... use"): aiortc's DTLS context
        offers ECDHE-ECDSA cipher suites only, so an RSA certificate could not
        complete a handshake.
        """
        if algorithm is None:
            return AiortcCertificate()
        if not algorithm.is_ecdsa:
            raise NotSupportedError(
                f"the aiortc transport cannot use {algorithm.name} certificates: its DTLS "
                "offers ECDHE-ECDSA cipher suites only; use {'name': 'ECDSA', 'namedCurve': "
                "'P-256'} (webrtc-pc, Certificate Management, generateCertificate() step 6)"
            )
        expires = _now_ms() + algorithm.expires
        return AiortcCertificate(_ecdsa_certificate(algorithm.expires), expires=expires)

    def _certificate_object(self) -> AiortcCertificate:
        if self._certificate is None:
            self._certificate = self.generate_certificate()
        return self._certificate

    def local_endpoint(self, certificates: tuple[Certificate, ...]) -> LocalEndpoint:
        """The first certificate's fingerprint and what aiortc can send and receive.

        With several certificates the handshake presents the first (webrtc-pc
        leaves the choice to the user agent; libwebrtc uses the first).
        """
        given = tuple(certificates)
        if given:
            self._certificate = _as_certificate(given[0])
        return LocalEndpoint(
            fingerprints=(self._certificate_object().fingerprint,),
            audio_codecs=AUDIO_CODECS,
            video_codecs=VIDEO_CODECS,
            audio_extensions=AUDIO_EXTENSIONS,
            video_extensions=VIDEO_EXTENSIONS,
            sctp_port=5000,
            max_message_size=_MAX_MESSAGE_SIZE,
            # aiortc's RTCRtpSender sends one RTP stream: no simulcast (webrtc-pc,
            # addTransceiver, the sendEncodings validation step 5: maxN is 1).
            max_encodings=1,
        )

    # --- ICE -------------------------------------------------------------------------------

    def _addresses(self) -> list[str]:
        if self._interfaces is not None:
            return list(self._interfaces)
        addresses = aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=self._ipv6)
        if self._loopback:
            addresses.append("127.0.0.1")
            if self._ipv6:
                addresses.append("::1")
        return addresses

    def _transport(self, transport_id: str) -> _Transport:
        transport = self._transports.get(transport_id)
        if transport is None:
            transport = self._transports[transport_id] = _Transport(self, transport_id, self._made)
            self._made += 1
        return transport

    def _generation(
        self, transport: _Transport, ufrag: str, pwd: str, role: RTCIceRole | None
    ) -> _Generation | None:
        """The generation of ``ufrag``, made (and gathering) if new; None when aioice refuses
        the credentials.

        RFC 8445, 6.1.1: the agent takes the role the negotiation gave (``role``) before
        its sockets exist.  They answer the remote's checks at once, and a check can come
        before this end's ConnectTransport does (the remote answered; its answer is still
        on the way to us): answered in a role other than the negotiated one, it starts a
        role conflict (RFC 8445, 7.3.1.1) that the random tie-breakers may settle the
        wrong way round, leaving one agent nominating a pair the other never completes.
        """
        generation = transport.ice.generations.get(ufrag)
        if generation is not None:
            if role is not None and generation.remote is None:
                # Not checking yet: the latest negotiation's role (connect() sets it too).
                generation.connection.ice_controlling = role is RTCIceRole.CONTROLLING
            return generation
        options = dict(self._ice_options)
        policy = options.pop("transport_policy", aioice.TransportPolicy.ALL)
        try:
            connection = _Connection(
                transport.ice,
                ice_controlling=role is RTCIceRole.CONTROLLING,
                local_username=ufrag,
                local_password=pwd,
                transport_policy=policy,
                use_ipv6=self._ipv6,
                **options,
            )
        except ValueError as exc:  # RFC 8839, 5.4: ice-chars only
            log.warning("transport %s: aioice refuses the credentials: %s", transport.id, exc)
            return None
        generation = _Generation(ufrag, pwd, connection)
        transport.ice.generations[ufrag] = generation
        addresses = [] if policy is aioice.TransportPolicy.RELAY else self._addresses()
        self._spawn(self._gather(transport, generation, addresses), f"ICE gathering {ufrag}")
        return generation

    async def _gather(
        self, transport: _Transport, generation: _Generation, addresses: list[str]
    ) -> None:
        ufrag = generation.ufrag

        def found(candidate: aioice.Candidate) -> None:
            generation.candidates.append(candidate)
            if generation.reported:
                self._report_candidate(transport, ufrag, candidate)

        # RFC 8445, 5.1.2.1: the local preference falls with each transport this end made, so
        # that a remote which folds the candidates of all our pre-BUNDLE transports into its
        # BUNDLE transport (libwebrtc does) prefers the first, our offers' BUNDLE tag.
        preference = max(1, 65535 - transport.order)
        try:
            await generation.connection.gather(
                addresses, found, self._gather_timeout, local_preference=preference
            )
        finally:
            generation.gathered.set()
            if generation.reported:
                self._gathering_done(transport, generation)

    def _report_candidate(
        self, transport: _Transport, ufrag: str, candidate: aioice.Candidate
    ) -> None:
        """webrtc-pc 5.6.1 / RFC 8838, 4: one gathered candidate, surfaced at once."""
        tid, surfaced = transport.id, _from_aioice(candidate, ufrag)
        self._post(lambda listener: listener.on_local_candidate(tid, ufrag, surfaced), transport)

    def _report_media(self, media: _Media, arriving: bool) -> None:
        """webrtc-pc 9.3: media starts (unmute) or stops arriving for the receiver."""
        media.arriving = arriving
        tid = media.transceiver
        self._post(lambda listener: listener.on_media(tid, arriving))

    def _gathering_done(self, transport: _Transport, generation: _Generation) -> None:
        """webrtc-pc 5.6.1: the end of a generation's candidates (None), then "complete"."""
        tid, ufrag = transport.id, generation.ufrag
        self._post(lambda listener: listener.on_local_candidate(tid, ufrag, None), transport)
        self._post(
            lambda listener: listener.on_gathering_state(tid, RTCIceGathererState.COMPLETE),
            transport,
        )

    def gather(self, effect: GatherCandidates) -> None:
        """Gather a generation with the effect's credentials and trickle its candidates.

        A new ufrag on a known transport is an ICE restart (RFC 8445, 9): a new
        generation whose sockets gather beside the old one's.
        """
        if not self._ready():
            return
        log.debug("gather %s", effect)
        transport = self._transport(effect.transport)
        generation = self._generation(transport, effect.ufrag, effect.pwd, effect.ice_role)
        tid, ufrag = transport.id, effect.ufrag
        self._post(
            lambda listener: listener.on_gathering_state(tid, RTCIceGathererState.GATHERING),
            transport,
        )
        if generation is None:
            self._post(lambda listener: listener.on_local_candidate(tid, ufrag, None), transport)
            self._post(
                lambda listener: listener.on_gathering_state(tid, RTCIceGathererState.COMPLETE),
                transport,
            )
            return
        if generation.reported:
            # Gathered and reported already (a rollback, then the same credentials again):
            # the facade counts the transport as gathering, so it hears the end once more.
            if generation.gathered.is_set():
                self._gathering_done(transport, generation)
            return
        generation.reported = True
        # connect() may have started this generation unreported: report what it has.
        for candidate in list(generation.candidates):
            self._report_candidate(transport, ufrag, candidate)
        if generation.gathered.is_set():
            self._gathering_done(transport, generation)

    def connect(self, effect: ConnectTransport) -> None:
        """Run the checks of the effect's generation (RFC 8445, 7), then DTLS on the first pair."""
        if not self._ready():
            return
        log.debug("connect %s", effect)
        transport = self._transport(effect.transport)
        if transport.dtls_task is None:
            # RFC 8842, 5 and RFC 8122: the latest description counts until the handshake
            # starts; a running association keeps its role and fingerprints.
            transport.dtls_role = effect.dtls_role
            transport.expected = tuple(effect.remote_fingerprints)
        generation = self._generation(
            transport, effect.local_ufrag, effect.local_pwd, effect.ice_role
        )
        if generation is None:
            transport.set_ice_state(Ice.FAILED)
            return
        remote = (effect.remote_ufrag, effect.remote_pwd)
        known = transport.remote_candidates.setdefault(effect.remote_ufrag, [])
        for candidate in effect.remote_candidates:
            if candidate not in known:
                known.append(candidate)
        if effect.remote_end_of_candidates:
            transport.remote_ended.add(effect.remote_ufrag)
        if generation.remote is not None:
            if generation.remote != remote:
                # The remote restarted without us (not JSEP: RFC 8839, 4.4.1.1.1 has the
                # answerer restart too); aioice cannot change credentials mid-way.
                log.warning(
                    "transport %s: new remote ICE credentials without a new local "
                    "generation; ignored",
                    transport.id,
                )
                return
            self._feed(transport, generation, effect.remote_ufrag)
            return
        generation.remote = remote
        controlling = effect.ice_role is RTCIceRole.CONTROLLING
        # RFC 8445, 7.3.1.1: the role is the agent's.  An ICE restart may change it (the
        # restarting offerer controls, as libwebrtc re-evaluates it): the generations still
        # carrying traffic take it too, or their consent checks would start a role conflict
        # that flips the remote's role for the new generation as well.
        for other in transport.ice.generations.values():
            if not other.closed:
                other.connection.ice_controlling = controlling
        generation.connection.remote_is_lite = effect.remote_ice_lite
        self._feed(transport, generation, effect.remote_ufrag)
        if transport.ice.active is None:
            transport.set_ice_state(Ice.CHECKING)
        self._spawn(self._check(transport, generation), f"ICE checks {generation.ufrag}")

    def _feed(self, transport: _Transport, generation: _Generation, remote_ufrag: str) -> None:
        """Give the generation's connection the remote candidates it has not had yet."""
        connection = generation.connection
        for candidate in transport.remote_candidates.get(remote_ufrag, []):
            if candidate in generation.fed or candidate.component != 1:  # RFC 5761: rtcp-mux
                continue
            generation.fed.append(candidate)
            self._spawn(_add_remote(connection, _to_aioice(candidate)), "add_remote_candidate")
            connection.remote_activity.set()
        if remote_ufrag in transport.remote_ended and not generation.ended:
            generation.ended = True  # RFC 8838, 8.2: aioice may now declare the checks failed
            self._spawn(_add_remote(connection, None), "end-of-candidates")
            connection.remote_activity.set()

    async def _check(self, transport: _Transport, generation: _Generation) -> None:
        """RFC 8445, 7 and 8: checks until a pair is nominated; then it carries the traffic."""
        await generation.gathered.wait()
        connection = generation.connection
        if transport.ice.active is None:
            # RFC 8838, 11: with trickle the first remote candidate may still be on its way,
            # and aioice checks a pair added after connect() only at its next 20 ms beat: the
            # first generation's checks start once the remote shows up (or _TRICKLE_WAIT
            # passed).  An ICE restart starts at once: there the remote may learn our new
            # address from our first check only (Chromium 156 does), so it must go out early.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(connection.remote_activity.wait(), _TRICKLE_WAIT)
        assert generation.remote is not None
        connection.remote_username, connection.remote_password = generation.remote
        try:
            await connection.connect()
        except ConnectionError:
            if generation.closed or not transport.alive():
                return
            log.info("transport %s: ICE generation %s failed", transport.id, generation.ufrag)
            # RFC 8445, 8.1.2: every pair failed.  After a restart the old pair may still
            # carry traffic; the transport fails only when nothing does.
            if transport.ice.active is None or transport.ice.active is generation:
                transport.set_ice_state(Ice.FAILED)
            return
        if generation.closed or not transport.alive():
            return
        generation.connected = True
        transport.ice.active = generation
        transport.ice.pair_changes += 1
        transport.set_ice_state(Ice.CONNECTED)
        # RFC 8445, 9: the new pair carries what this end sends from now on; the older
        # generations keep receiving until the remote sends on the new pair too (it may
        # select it seconds later), or _RETIRE_AFTER seconds have passed.
        older = []
        for old in transport.ice.generations.values():
            if old is generation:
                break
            if not old.closed and old not in transport.ice.retiring:
                older.append(old)
        if older:
            transport.ice.retiring.extend(older)
            transport.ice.retire = self._retire
            loop = asyncio.get_running_loop()
            loop.call_later(_RETIRE_AFTER, self._retire, older)
        self._spawn(self._watch(transport, generation), "ICE consent")
        if transport.dtls_task is None:
            transport.dtls_task = self._spawn(self._handshake(transport), "DTLS handshake")

    def _retire(self, generations: list[_Generation]) -> None:
        """Close ICE generations an ICE restart replaced."""
        for generation in generations:
            if not generation.closed:
                generation.closed = True
                if not self._closed:
                    self._spawn(generation.connection.close(), "closing an old ICE generation")

    async def _watch(self, transport: _Transport, generation: _Generation) -> None:
        """RFC 7675, 5.1: aioice closes a connection whose consent expired."""
        while not generation.closed:
            event = await generation.connection.get_event()
            if event is None or isinstance(event, aioice.ConnectionClosed):
                break
        if transport.alive() and transport.ice.active is generation and not generation.closed:
            generation.closed = True
            transport.set_ice_state(Ice.DISCONNECTED)
            transport.set_ice_state(Ice.FAILED)

    def add_remote_candidate(self, effect: AddRemoteCandidate) -> None:
        """A trickled candidate of the remote generation ``effect.ufrag`` (None: its end)."""
        if not self._ready():
            return
        transport = self._transport(effect.transport)
        if effect.candidate is None:
            transport.remote_ended.add(effect.ufrag)  # RFC 8838, 8.2 end-of-candidates
        else:
            known = transport.remote_candidates.setdefault(effect.ufrag, [])
            if effect.candidate not in known:
                known.append(effect.candidate)
        for generation in transport.ice.generations.values():
            if generation.remote is not None and generation.remote[0] == effect.ufrag:
                self._feed(transport, generation, effect.ufrag)

    # --- DTLS --------------------------------------------------------------------------------

    async def _handshake(self, transport: _Transport) -> None:
        """RFC 5763, 5 and RFC 8842, 5: the DTLS-SRTP handshake in the negotiated role."""
        dtls = transport.dtls
        log.debug("transport %s: DTLS as %s", transport.id, transport.dtls_role)
        # aiortc's own RTCPeerConnection sets the role from a=setup this way.
        dtls._set_role("client" if transport.dtls_role is RTCDtlsRole.CLIENT else "server")
        fingerprints = [
            RTCDtlsFingerprint(algorithm=f.hash_function.lower(), value=f.fingerprint.upper())
            for f in transport.expected
        ]
        if not fingerprints:
            transport.fingerprint_mismatch = True
            dtls._set_state(DtlsState.FAILED)
            return
        try:
            await dtls.start(RTCDtlsParameters(fingerprints=fingerprints))
        except (ConnectionError, AssertionError, SSL.Error) as exc:
            log.info("transport %s: DTLS failed: %r", transport.id, exc)
            if dtls.state not in ("failed", "closed"):
                dtls._set_state(DtlsState.FAILED)

    def _transport_secured(self, transport: _Transport) -> None:
        """DTLS is up (RFC 5764, 4): SCTP and SRTP can run over it."""
        params = self._sctp_params
        if params is not None and params.transport == transport.id:
            self._start_association()
        for media in self._media.values():
            if media.effect is not None and media.effect.transport == transport.id:
                self._refresh_media(media)

    def _transport_lost(self, transport: _Transport) -> None:
        """The far end closed DTLS (close_notify): SCTP ends, media stops arriving."""
        params = self._sctp_params
        if params is not None and params.transport == transport.id and self._sctp is not None:
            sctp = self._sctp
            self._spawn(sctp.stop(), "SCTP teardown")
        for media in self._media.values():
            if media.transport == transport.id and media.arriving:
                self._report_media(media, False)

    def close_transport(self, transport: str) -> None:
        """Stop ICE and DTLS on ``transport`` (webrtc-pc 4.6.13.1): closed here and for the far
        end."""
        if self._closed:
            return
        log.debug("close_transport %s", transport)
        closing = self._transports.pop(transport, None)
        if closing is None:
            return
        params = self._sctp_params
        if params is not None and params.transport == transport:
            self.stop_sctp()
        for media in self._media.values():
            if media.transport == transport:
                self._stop_media(media)
        dtls_state, ice_state = closing.reported_dtls, closing.ice.state
        closing.closed = True
        self._spawn(self._shutdown(closing), f"closing transport {transport}")
        if dtls_state is not Dtls.CLOSED:
            self._post(lambda listener: listener.on_dtls_state(transport, Dtls.CLOSED))
        if ice_state is not Ice.CLOSED:
            self._post(lambda listener: listener.on_ice_state(transport, Ice.CLOSED))

    async def _shutdown(self, transport: _Transport) -> None:
        """close_notify (RFC 5246, 7.2.1), then the ICE sockets."""
        if transport.dtls_task is not None and not transport.dtls_task.done():
            transport.dtls_task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(transport.dtls.stop(), _CLOSE_TIMEOUT)
        transport.ice.end()
        for generation in transport.ice.generations.values():
            generation.closed = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(generation.connection.close(), _CLOSE_TIMEOUT)

    # --- SCTP and data channels ----------------------------------------------------------------

    def start_sctp(self, effect: StartSctp) -> None:
        """RFC 8841: the association over ``effect.transport``, started once DTLS is up there."""
        if not self._ready():
            return
        current = self._sctp_params
        if current is not None and self._sctp is not None:
            if current.transport == effect.transport:
                self._sctp_params = effect  # the same association, the latest limits
                return
            self.stop_sctp()  # moved to another transport: a new association
        self._sctp_params = effect
        self._post(lambda listener: listener.on_sctp_state(Sctp.CONNECTING))
        transport = self._transport(effect.transport)
        try:
            sctp = _SctpTransport(transport.dtls, effect.local_port, self)
        except Exception as exc:  # aiortc refuses a closed DTLS transport
            log.warning("SCTP over transport %s: %r", effect.transport, exc)
            self._post(lambda listener: listener.on_sctp_state(Sctp.CLOSED))
            self._sctp_params = None
            return
        sctp.add_listener("datachannel", self._remote_channel)
        self._sctp = sctp
        for record in self._channels.values():
            if record.channel is None:
                self._create_channel(record)
        if transport.dtls.state == "connected":
            self._start_association()

    def _start_association(self) -> None:
        sctp, params = self._sctp, self._sctp_params
        if sctp is None or params is None or self._sctp_task is not None:
            return
        # RFC 8841, 6: the remote a=max-message-size (0: no limit), and its a=sctp-port.
        capabilities = RTCSctpCapabilities(maxMessageSize=params.remote_max_message_size)
        self._sctp_task = self._spawn(
            sctp.start(capabilities, params.remote_port), "SCTP association"
        )

    def _sctp_established(self, sctp: _SctpTransport) -> None:
        if sctp is not self._sctp:
            return
        # webrtc-pc 6.1.1.3: maxChannels, the smaller of both ends' stream counts.
        channels = sctp.maxChannels or 65535
        self._post(lambda listener: listener.on_sctp_state(Sctp.CONNECTED, channels))

    def _sctp_closed(self, sctp: _SctpTransport) -> None:
        if sctp is not self._sctp:
            return
        self._sctp = None
        self._sctp_params = None
        self._sctp_task = None
        self._post(lambda listener: listener.on_sctp_state(Sctp.CLOSED))

    def stop_sctp(self) -> None:
        """Tear the association down (RFC 9260, 9.1: ABORT)."""
        if not self._ready():
            return
        sctp = self._sctp
        if sctp is None:
            if self._sctp_params is not None:
                self._sctp_params = None
                self._post(lambda listener: listener.on_sctp_state(Sctp.CLOSED))
            return
        if self._sctp_task is not None and not self._sctp_task.done():
            self._sctp_task.cancel()
        self._spawn(sctp.stop(), "SCTP stop")

    def open_channel(self, channel: ChannelParameters) -> None:
        """A channel with its stream id (RFC 8832, 6), on the wire once the association is up."""
        if not self._ready():
            return
        channel_id = channel.id
        if channel_id is None:
            raise ValueError("open_channel needs the channel's SCTP stream id (RFC 8832, 6)")
        if channel_id in self._channels:
            return  # asked again (the facade re-opens waiting channels)
        parameters = RTCDataChannelParameters(
            label=str(channel.label),
            maxPacketLifeTime=channel.maxPacketLifeTime,
            maxRetransmits=channel.maxRetransmits,
            ordered=bool(channel.ordered),
            protocol=str(channel.protocol),
            negotiated=bool(channel.negotiated),
            id=channel_id,
        )
        record = self._channels[channel_id] = _Channel(channel_id, parameters)
        if self._sctp is not None:
            self._create_channel(record)

    def _create_channel(self, record: _Channel) -> None:
        sctp = self._sctp
        assert sctp is not None
        try:
            # RFC 8832, 5.1: DATA_CHANNEL_OPEN unless negotiated (aiortc sends it once the
            # association is established, data may follow it before the ACK).
            channel = RTCDataChannel(sctp, record.parameters)
        except ValueError as exc:  # the stream is taken (the remote opened the same id)
            log.warning("data channel %s: %s", record.id, exc)
            self._channels.pop(record.id, None)
            cid = record.id
            self._post(lambda listener: listener.on_channel_closed(cid))
            return
        self._hook(record, channel)
        if channel.readyState == "open":  # negotiated, on an established association
            cid = record.id
            self._post(lambda listener: listener.on_channel_open(cid))

    def _hook(self, record: _Channel, channel: RTCDataChannel) -> None:
        record.channel = channel
        cid = record.id

        def opened() -> None:
            self._post(lambda listener: listener.on_channel_open(cid))

        def message(data: str | bytes) -> None:
            record.messages_received += 1
            record.bytes_received += len(data.encode("utf-8") if isinstance(data, str) else data)
            self._post(lambda listener: listener.on_channel_message(cid, data))

        def closed() -> None:
            if self._channels.get(cid) is record:
                del self._channels[cid]
            self._post(lambda listener: listener.on_channel_closed(cid))

        channel.add_listener("open", opened)
        channel.add_listener("message", message)
        channel.add_listener("close", closed)

    def _remote_channel(self, channel: RTCDataChannel) -> None:
        """RFC 8832, 5.1: the remote's DATA_CHANNEL_OPEN (aiortc acknowledged it)."""
        cid = channel.id
        if cid is None:
            return
        parameters = RTCDataChannelParameters(
            label=channel.label,
            maxPacketLifeTime=channel.maxPacketLifeTime,
            maxRetransmits=channel.maxRetransmits,
            ordered=channel.ordered,
            protocol=channel.protocol,
            id=cid,
        )
        record = self._channels[cid] = _Channel(cid, parameters)
        self._hook(record, channel)
        announced = {
            "label": channel.label,
            "protocol": channel.protocol,
            "ordered": channel.ordered,
            "maxPacketLifeTime": channel.maxPacketLifeTime,
            "maxRetransmits": channel.maxRetransmits,
        }
        self._post(lambda listener: listener.on_remote_channel(cid, announced))
        self._post(lambda listener: listener.on_channel_open(cid))

    def _channels_drained(self, sctp: _SctpTransport) -> None:
        """webrtc-pc 6.2, bufferedAmount: report each channel whose buffer went down."""
        if sctp is not self._sctp:
            return
        for record in self._channels.values():
            channel = record.channel
            if channel is None:
                continue
            amount = channel.bufferedAmount
            if amount < record.buffered:
                record.buffered = amount
                self._report_buffered(record.id, amount)

    def _report_buffered(self, channel_id: int, amount: int) -> None:
        self._post(lambda listener: listener.on_channel_buffered(channel_id, amount))

    def send(self, channel_id: int, data: str | bytes) -> None:
        """RFC 8831, 6.6: a str goes as UTF-8 (PPID 51), bytes as binary (PPID 53)."""
        if not isinstance(data, str | bytes | bytearray | memoryview):
            raise TypeError(f"a data channel message is str or bytes, not {type(data).__name__}")
        if not self._ready():
            return
        payload: str | bytes = data if isinstance(data, str) else bytes(data)
        record = self._channels.get(channel_id)
        if record is None or record.channel is None:
            log.info("data channel %s: no channel to send on; message dropped", channel_id)
            return
        try:
            record.channel.send(payload)
        except Exception as exc:  # not open any more, or beyond the remote's max-message-size
            log.info("data channel %s: message dropped: %r", channel_id, exc)
            return
        record.messages_sent += 1
        record.bytes_sent += len(payload.encode("utf-8") if isinstance(payload, str) else payload)
        record.buffered = record.channel.bufferedAmount

    def close_channel(self, channel_id: int) -> None:
        """RFC 8831, 6.7: reset the outgoing stream; ``on_channel_closed`` once both are."""
        if not self._ready():
            return
        record = self._channels.get(channel_id)
        if record is None or record.channel is None:
            self._channels.pop(channel_id, None)
            self._post(lambda listener: listener.on_channel_closed(channel_id))
            return
        try:
            record.channel.close()
        except Exception as exc:
            log.info("data channel %s: close: %r", channel_id, exc)

    # --- media -------------------------------------------------------------------------------

    def _media_of(self, transceiver: str) -> _Media:
        media = self._media.get(transceiver)
        if media is None:
            media = self._media[transceiver] = _Media(transceiver)
        return media

    def update_media(self, effect: UpdateMedia, track: Any | None) -> None:
        """Send ``track`` (an aiortc MediaStreamTrack) when ``effect.send``; receive when
        ``effect.receive``."""
        if not self._ready():
            return
        media = self._media_of(effect.transceiver)
        if media.stopped:
            return
        media.effect = effect
        media.track = track
        media.kind = _kind_of(effect, track, media.kind)
        self._refresh_media(media)

    def _refresh_media(self, media: _Media) -> None:
        effect, kind = media.effect, media.kind
        if media.stopped or effect is None or kind is None or self._closed:
            return
        transport = (
            self._transports.get(effect.transport)
            if effect.transport is not None and effect.mid is not None
            else None
        )
        if transport is None or transport.closed:
            self._pause(media, receiving_too=True)
            return
        if media.transport is not None and media.transport != transport.id:
            # BUNDLE moved the m-section to another transport: start over there.
            self._stop_media(media, keep=True)
        media.transport = transport.id
        dtls = transport.dtls
        if dtls.state in ("closed", "failed"):
            return
        # Receiving (RFC 3264, 6.1: recvonly / sendrecv).
        if effect.receive and media.receiver is None:
            self._start_receiver(media, transport, kind, effect)
        elif not effect.receive and media.arriving:
            self._report_media(media, False)
        # Sending: only a track that makes frames (webrtc-pc 5.2: no track, nothing is sent).
        wanted = effect.send and isinstance(media.track, AiortcTrack)
        if wanted and dtls.state == "connected":
            if media.sender is None:
                self._start_sender(media, transport, kind, effect)
            elif media.sender.track is not media.track:
                media.sender.replaceTrack(media.track)
        elif not wanted and media.sender is not None and media.sender.track is not None:
            media.sender.replaceTrack(None)

    def _start_receiver(
        self, media: _Media, transport: _Transport, kind: str, effect: UpdateMedia
    ) -> None:
        tid = media.transceiver

        def arrived() -> None:
            if not media.stopped and media.receiver is not None:
                self._report_media(media, True)

        try:
            receiver = _Receiver(kind, transport.dtls, arrived)
        except Exception as exc:
            log.info("receiver %s: %r", tid, exc)
            return
        # As aiortc's RTCPeerConnection does: the receiver's track is installed by its owner.
        receiver._track = RemoteStreamTrack(kind=kind)
        # RFC 3550, 6.4.2: receiver reports (and NACK / PLI) name our own SSRC as sender.
        receiver._set_rtcp_ssrc(effect.ssrc)
        media.receiver = receiver
        media.receiver_task = self._spawn(
            receiver.receive(_receive_parameters(kind, effect)), f"receiver {tid}"
        )
        track = receiver.track
        self._post(lambda listener: listener.on_track_source(tid, track))

    def _start_sender(
        self, media: _Media, transport: _Transport, kind: str, effect: UpdateMedia
    ) -> None:
        parameters = _send_parameters(kind, effect, self._cname)
        if parameters is None:
            log.info("sender %s: no negotiated codec aiortc can encode", media.transceiver)
            return
        try:
            sender = RTCRtpSender(media.track, transport.dtls)
        except Exception as exc:
            log.info("sender %s: %r", media.transceiver, exc)
            return
        # The SSRCs of our a=ssrc lines (RFC 5576), so the remote can demultiplex by them.
        sender._ssrc = effect.ssrc
        if effect.rtx_ssrc is not None:
            sender._rtx_ssrc = effect.rtx_ssrc
        media.sender = sender
        media.sender_task = self._spawn(sender.send(parameters), f"sender {media.transceiver}")

    def _pause(self, media: _Media, *, receiving_too: bool) -> None:
        if media.sender is not None and media.sender.track is not None:
            media.sender.replaceTrack(None)
        if receiving_too and media.arriving:
            self._report_media(media, False)

    def _stop_media(self, media: _Media, *, keep: bool = False) -> None:
        """Stop aiortc's sender and receiver (RTCP BYE, RFC 3550, 6.6)."""
        for task in (media.sender_task, media.receiver_task):
            if task is not None and not task.done():
                task.cancel()
        sender, receiver = media.sender, media.receiver
        media.sender = media.receiver = None
        media.sender_task = media.receiver_task = None
        media.transport = None
        if sender is not None:
            self._spawn(_bounded(sender.stop()), "stopping a sender")
        if receiver is not None:
            self._spawn(_bounded(receiver.stop()), "stopping a receiver")
        if not keep:
            media.arriving = False

    def stop_transceiver(self, transceiver: str) -> None:
        """webrtc-pc 5.4 "stop sending and receiving": for good, reported by the facade."""
        if not self._ready():
            return
        media = self._media_of(transceiver)
        media.stopped = True
        self._stop_media(media)

    # --- stats -------------------------------------------------------------------------------

    async def get_stats(self) -> dict[str, dict[str, Any]]:
        """webrtc-stats dictionaries: transport, candidate-pair, candidates, RTP, data-channel."""
        if self._closed or self._listener is None:
            return {}
        now = _now_ms()
        report: dict[str, dict[str, Any]] = {}

        def add(stats_id: str, stats_type: str, **members: Any) -> None:
            report[stats_id] = {"id": stats_id, "type": stats_type, "timestamp": now, **members}

        for transport in self._transports.values():
            self._transport_stats(transport, add)
        for media in self._media.values():
            transport_id = f"transport-{media.transport}" if media.transport else None
            for source in (media.sender, media.receiver):
                if source is None:
                    continue
                try:
                    stats = await source.getStats()
                except Exception as exc:
                    log.info("stats of %s: %r", media.transceiver, exc)
                    continue
                for value in stats.values():
                    if value.type == "transport":
                        continue  # reported per transport above
                    entry = _stats_dict(value)
                    entry["transportId"] = transport_id
                    if media.effect is not None:
                        entry["mid"] = media.effect.mid
                    report[entry["id"]] = entry
        for record in self._channels.values():
            channel = record.channel
            add(
                f"data-channel-{record.id}",
                "data-channel",
                label=record.parameters.label,
                protocol=record.parameters.protocol,
                dataChannelIdentifier=record.id,
                state=channel.readyState if channel is not None else "connecting",
                messagesSent=record.messages_sent,
                bytesSent=record.bytes_sent,
                messagesReceived=record.messages_received,
                bytesReceived=record.bytes_received,
            )
        return report

    def _transport_stats(self, transport: _Transport, add: Callable[..., None]) -> None:
        ice = transport.ice
        transport_id = f"transport-{transport.id}"
        members: dict[str, Any] = {
            "bytesSent": ice.bytes_sent,
            "bytesReceived": ice.bytes_received,
            "packetsSent": ice.packets_sent,
            "packetsReceived": ice.packets_received,
            "iceRole": ice.role,
            "iceState": ice.state.value,
            "dtlsState": transport.reported_dtls.value,
            "dtlsRole": transport.dtls_role.value
            if transport.dtls_role is not None and transport.dtls_task is not None
            else "unknown",
            "selectedCandidatePairChanges": ice.pair_changes,
        }
        for generation in ice.generations.values():
            for candidate in generation.candidates:
                add(
                    f"local-candidate-{transport.id}-{candidate.host}-{candidate.port}",
                    "local-candidate",
                    transportId=transport_id,
                    address=candidate.host,
                    port=candidate.port,
                    protocol=candidate.transport,
                    candidateType=candidate.type,
                    priority=candidate.priority,
                    foundation=candidate.foundation,
                    usernameFragment=generation.ufrag,
                )
        active = ice.active
        if active is not None:
            members["iceLocalUsernameFragment"] = active.ufrag
            pair = active.connection.selected
            if pair is not None:
                local, remote = pair.local_candidate, pair.remote_candidate
                local_id = f"local-candidate-{transport.id}-{local.host}-{local.port}"
                remote_id = f"remote-candidate-{transport.id}-{remote.host}-{remote.port}"
                add(
                    remote_id,
                    "remote-candidate",
                    transportId=transport_id,
                    address=remote.host,
                    port=remote.port,
                    protocol=remote.transport,
                    candidateType=remote.type,
                    priority=remote.priority,
                    foundation=remote.foundation,
                    usernameFragment=active.remote[0] if active.remote else None,
                )
                pair_id = f"candidate-pair-{transport.id}-{local.port}-{remote.host}-{remote.port}"
                add(
                    pair_id,
                    "candidate-pair",
                    transportId=transport_id,
                    localCandidateId=local_id,
                    remoteCandidateId=remote_id,
                    state="succeeded",
                    nominated=True,
                    priority=aioice.ice.candidate_pair_priority(
                        local, remote, active.connection.ice_controlling
                    ),
                    bytesSent=ice.bytes_sent,
                    bytesReceived=ice.bytes_received,
                    packetsSent=ice.packets_sent,
                    packetsReceived=ice.packets_received,
                )
                members["selectedCandidatePairId"] = pair_id
        add(transport_id, "transport", **members)

    # --- close -------------------------------------------------------------------------------

    async def close(self) -> None:
        """Release everything: RTCP BYE, SCTP ABORT, DTLS close_notify, ICE sockets.

        No listener call follows, not even for what the shutdown itself changes.
        """
        if self._closed:
            return
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        stopping: list[Awaitable[Any]] = []
        for media in self._media.values():
            for source in (media.sender, media.receiver):
                if source is not None:
                    stopping.append(_bounded(source.stop()))
            media.sender = media.receiver = None
        await _all(stopping)
        if self._sctp is not None:
            await _all([_bounded(self._sctp.stop())])
            self._sctp = None
        transports = list(self._transports.values())
        self._transports.clear()
        for transport in transports:
            transport.closed = True
        await _all([self._shutdown(t) for t in transports])
        for task in list(self._tasks):
            task.cancel()


async def _add_remote(connection: aioice.Connection, candidate: aioice.Candidate | None) -> None:
    try:
        await connection.add_remote_candidate(candidate)
    except ValueError as exc:  # after end-of-candidates, or a candidate aioice cannot use
        log.info("remote candidate %s not used: %s", candidate, exc)


async def _bounded(awaitable: Awaitable[Any]) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(awaitable, _CLOSE_TIMEOUT)


async def _all(awaitables: Sequence[Awaitable[Any]]) -> None:
    if awaitables:
        await asyncio.gather(*awaitables, return_exceptions=True)
