"""The memory backend: ICE, DTLS, SCTP and RTP emulated inside one process, deterministically.

``MemoryTransport`` is the default ``TransportBackend`` (``sdpmodel.transport``).
Two of them on one ``MemoryNetwork`` behave like two browsers on one LAN:
candidates are gathered, connectivity checks pair them, a "DTLS handshake"
checks the certificate fingerprints against the signalled ones, an SCTP
association carries data channels (with DCEP, RFC 8832) and "RTP" flows
between transceivers whose mids match.  Every ``MemoryTransport()`` made
without a network joins one module-level network, so two
``RTCPeerConnection()`` of one process find each other with no set-up.

What this module owns: carrying out the core's transport effects for one
connection and reporting back through the ``TransportListener``; the fault
injection (``ice_failure``, ``wrong_fingerprint``, ``packet_loss``); the
stats of what it carried.

What it does not own: SDP (never parsed or written here), anything JSEP
decides (ICE and DTLS roles, credentials, stream ids, directions, codecs:
they arrive in the effects and are obeyed, not chosen), sockets,
cryptography (a certificate is 32 random bytes; the handshake compares
fingerprints), time (no clock, no timers: see below) and media samples.

Determinism.  Nothing here reads the clock (except ``MemoryCertificate``'s
default ``expires``) or draws randomness (except the certificate bytes, from
``secrets``).  Every packet and every listener call is one ``loop.call_soon``
step on the loop captured in ``attach``, so steps run in FIFO order and the
same script gives the same sequence of listener calls, run after run (on a
fresh ``MemoryNetwork``: the default network's addresses and ports depend on
how many transports the process made before).

Ordering the facade can rely on (each arrow is at least one loop step):

* gathering: ``on_gathering_state(GATHERING)``, ``on_local_candidate(c)``,
  ``on_local_candidate(None)``, ``on_gathering_state(COMPLETE)``.
* ``connect``: ``on_ice_state(CHECKING)`` -> (the pair forms) ``CONNECTED`` on
  both ends -> ``on_dtls_state(CONNECTING)`` on both -> ``CONNECTED`` (or
  ``FAILED`` with ``"fingerprint-failure"`` / ``"dtls-failure"``) on both.
* SCTP: ``on_sctp_state(CONNECTING)`` at ``start_sctp`` -> once DTLS is up
  and both ends started, ``on_sctp_state(CONNECTED, 65535)`` on both -> the
  channels waiting for it open.
* DCEP: opener's OPEN -> peer ``on_remote_channel`` then ``on_channel_open``
  -> ACK -> opener ``on_channel_open``.
* ``send`` -> ``on_channel_buffered(remaining)`` on the sender -> peer
  ``on_channel_message``.
* teardown of an association: ``on_channel_closed`` for each channel, then
  ``on_sctp_state(CLOSED)``.
* the far end goes away: the survivor gets ``on_dtls_state(CLOSED)``
  (close_notify), its channels closed and ``on_sctp_state(CLOSED)`` if the
  association ran there, ``on_media(False)`` for the receivers it fed; when
  the far end called ``close()`` (not just ``close_transport``), then
  ``on_ice_state(DISCONNECTED)`` and, one step later, ``FAILED`` (consent
  freshness lost, RFC 7675, 5.1).
* after ``close()`` this end makes no listener call at all; after
  ``close_transport(t)`` nothing more is reported for ``t`` except its own
  ``on_dtls_state(CLOSED)`` and ``on_ice_state(CLOSED)``.
"""

from __future__ import annotations

import asyncio
import base64
import math
import secrets
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from sdpmodel.attributes import Candidate, Fingerprint
from sdpmodel.configuration import (
    DEFAULT_CERTIFICATE_LIFETIME_MS,
    KeygenAlgorithm,
    RTCConfiguration,
)
from sdpmodel.effects import (
    AddRemoteCandidate,
    ConnectTransport,
    GatherCandidates,
    StartSctp,
    UpdateMedia,
)
from sdpmodel.enums import (
    RTCDataChannelState,
    RTCDtlsRole,
    RTCDtlsTransportState,
    RTCIceGathererState,
    RTCIceRole,
    RTCIceTransportState,
    RTCSctpTransportState,
)
from sdpmodel.jsep import LocalEndpoint

if TYPE_CHECKING:
    from sdpmodel.model import Codec
    from sdpmodel.transport import Certificate, ChannelParameters, TransportListener

__all__ = ["MemoryCertificate", "MemoryNetwork", "MemoryTransport"]

Ice = RTCIceTransportState
Dtls = RTCDtlsTransportState
Sctp = RTCSctpTransportState
Channel = RTCDataChannelState

#: RFC 5737, 3: TEST-NET-2 and TEST-NET-3, documentation addresses no network routes.
_HOST_ADDRESSES: Final = tuple(f"198.51.100.{n}" for n in range(1, 255)) + tuple(
    f"203.0.113.{n}" for n in range(1, 255)
)
_FIRST_PORT: Final = 50000
_LAST_PORT: Final = 65535
#: Local generations kept bound: the current one and the one an ICE restart replaces.
_BOUND_GENERATIONS: Final = 2

#: RFC 8445, 5.1.2.2: the recommended type preferences.
_HOST_PREFERENCE: Final = 126
_PRFLX_PREFERENCE: Final = 110

#: webrtc-pc, 6.1.1.3: maxChannels; RFC 8831, 6.2: the stream ids go up to 65534.
_MAX_CHANNELS: Final = 65535
_MAX_STREAM_ID: Final = 65534

#: webrtc-pc, Certificate Management, generateCertificate() step 2: 30 days.
_CERTIFICATE_LIFETIME_MS: Final = float(DEFAULT_CERTIFICATE_LIFETIME_MS)

#: The synthetic RTP packet sizes (a 20 ms Opus frame; an MTU-sized video packet).
_RTP_PACKET_BYTES: Final = {"audio": 100, "video": 1200}
#: Stats timestamps advance by one packet interval per get_stats() call, not by a clock.
_STATS_INTERVAL_MS: Final = 20.0


def _priority(type_preference: int, component: int = 1) -> int:
    """RFC 8445, 5.1.2.1: the candidate priority, with the single-homed local preference 65535."""
    return (type_preference << 24) + (65535 << 8) + (256 - component)


def _expect(value: object, kind: type[Any], method: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"MemoryTransport.{method} takes a {kind.__name__}, not {value!r}")


# --- certificates ----------------------------------------------------------------------------


class MemoryCertificate:
    """webrtc-pc, 4.9.2 RTCCertificate for the memory backend.

    Thirty-two bytes from the operating system's CSPRNG stand in for the key
    pair; their hex form is the SHA-256 fingerprint (RFC 8122, 5: upper-case
    hex pairs joined by colons), and the fake DTLS handshake presents exactly
    that fingerprint (``fingerprint``).  ``identity`` may be given for
    reproducible tests; ``expires`` defaults to 30 days from now, the only
    clock reading of this module.
    """

    __slots__ = ("_expires", "_identity")

    def __init__(self, *, expires: float | None = None, identity: bytes | None = None) -> None:
        if identity is None:
            identity = secrets.token_bytes(32)
        elif not isinstance(identity, bytes) or len(identity) != 32:
            raise ValueError("a MemoryCertificate identity is 32 bytes")
        if expires is None:
            expires = time.time() * 1000.0 + _CERTIFICATE_LIFETIME_MS
        elif isinstance(expires, bool) or not isinstance(expires, int | float):
            raise TypeError(f"expires is milliseconds since the epoch, not {expires!r}")
        self._identity = identity
        self._expires = float(expires)

    @property
    def expires(self) -> float:
        """Milliseconds since the epoch after which the certificate is not valid."""
        return self._expires

    @property
    def identity(self) -> bytes:
        """The bytes that stand for the certificate (its "DER")."""
        return self._identity

    @property
    def fingerprint(self) -> Fingerprint:
        """The ``a=fingerprint`` of this certificate, what the handshake proves (RFC 8122, 5)."""
        return Fingerprint("sha-256", ":".join(f"{byte:02X}" for byte in self._identity))

    def getFingerprints(self) -> list[dict[str, str]]:  # the W3C name
        """webrtc-pc, 4.9.2: RTCDtlsFingerprint dicts."""
        fingerprint = self.fingerprint
        return [{"algorithm": fingerprint.hash_function, "value": fingerprint.fingerprint}]

    def __repr__(self) -> str:
        prefix = self.fingerprint.fingerprint[:11]
        return f"MemoryCertificate(sha-256 {prefix}..., expires={self._expires})"


def _fingerprints_of(certificate: object) -> tuple[Fingerprint, ...]:
    """The fingerprints of any RTCCertificate-like object (TypeError when it is none)."""
    if isinstance(certificate, MemoryCertificate):
        return (certificate.fingerprint,)
    get = getattr(certificate, "getFingerprints", None)
    if not callable(get):
        raise TypeError(f"not an RTCCertificate: {certificate!r}")
    fingerprints = []
    for entry in get():
        algorithm = entry.get("algorithm") if isinstance(entry, dict) else None
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(algorithm, str) or not isinstance(value, str):
            raise TypeError(f"getFingerprints() must give RTCDtlsFingerprint dicts, got {entry!r}")
        fingerprints.append(Fingerprint(algorithm, value))
    return tuple(fingerprints)


def _fingerprint_matches(presented: Iterable[Fingerprint], expected: Iterable[Fingerprint]) -> bool:
    """RFC 8122, 5: a certificate is accepted when a signalled fingerprint, computed with the
    same hash function, equals its own; hash names and hex digits compare case-insensitively."""
    signalled = {(f.hash_function.lower(), f.fingerprint.upper()) for f in expected}
    return any((f.hash_function.lower(), f.fingerprint.upper()) in signalled for f in presented)


# --- the event loop ---------------------------------------------------------------------------


class _Scheduler:
    """One end's steps: FIFO ``call_soon`` on the loop of ``attach``; nothing once closed."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: TransportListener | None = None
        self.closed = False

    @property
    def attached(self) -> bool:
        return self._listener is not None

    def attach(self, listener: TransportListener) -> None:
        if self._listener is not None:
            raise RuntimeError("MemoryTransport.attach() was already called")
        self._loop = asyncio.get_running_loop()
        self._listener = listener

    def post(self, step: Callable[[], None]) -> None:
        """Run ``step`` in a later loop iteration, after every step posted before it."""
        loop = self._loop
        if loop is None or loop.is_closed() or self.closed:
            return
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            loop.call_soon(self._run, step)
        else:  # the other end of a pair may live on another loop (thread)
            loop.call_soon_threadsafe(self._run, step)

    def emit(
        self, call: Callable[[TransportListener], None], alive: Callable[[], bool] | None = None
    ) -> None:
        """Make one listener call as its own step, unless ``alive()`` is False by then."""

        def step() -> None:
            listener = self._listener
            if listener is not None and (alive is None or alive()):
                call(listener)

        self.post(step)

    def call_now(self, call: Callable[[TransportListener], None]) -> None:
        """Make a listener call from inside a step (a packet's arrival), before anything else."""
        if self._listener is not None and not self.closed:
            call(self._listener)

    def _run(self, step: Callable[[], None]) -> None:
        if not self.closed:
            step()


class _LossyLink:
    """Deterministic loss on one end's link: of the first n packets of a flow, floor(n * rate) drop.

    A flow is one data channel in one direction; each has its own count, so
    interleaved channels cannot alias one another's drops (with a single
    count, two channels sending in turn at a rate of 1/4 would see one lose
    half its messages and the other none).  The drops are spread evenly (the
    n-th packet drops when floor(n * rate) grows): the rate holds over any
    long run and two runs drop the same packets.
    """

    def __init__(self, rate: float) -> None:
        if isinstance(rate, bool) or not isinstance(rate, int | float):
            raise TypeError(f"packet_loss is a number from 0.0 to 1.0, not {rate!r}")
        if not 0.0 <= rate <= 1.0:  # also rejects NaN
            raise ValueError(f"packet_loss must be from 0.0 to 1.0, got {rate!r}")
        self.rate = Fraction(rate).limit_denominator(1_000_000)
        self._packets: dict[tuple[str, int], int] = {}

    def drops(self, flow: tuple[str, int]) -> bool:
        if not self.rate:
            return False
        sent = self._packets.get(flow, 0)
        self._packets[flow] = sent + 1
        return math.floor((sent + 1) * self.rate) > math.floor(sent * self.rate)


# --- the network ------------------------------------------------------------------------------


class MemoryNetwork:
    """Where MemoryTransports find each other: fake host addresses and UDP ports.

    Each ``MemoryTransport`` gets one host address from RFC 5737's TEST-NET-2
    and TEST-NET-3 blocks; each gathered ICE generation binds a port, counted
    from 50000 up and unique on the network (the count wraps at 65535 and
    skips ports still bound).  A candidate's address and port lead to the
    transport that gathered it.  Bindings are weak: a transport that is
    dropped without ``close()`` frees its ports when it is collected.
    """

    def __init__(self) -> None:
        self._hosts = 0
        self._next_port = _FIRST_PORT
        self._tie_breakers = 0
        self._bound: weakref.WeakValueDictionary[tuple[str, int], _Transport] = (
            weakref.WeakValueDictionary()
        )

    def __repr__(self) -> str:
        return f"<MemoryNetwork: {self._hosts} hosts, {len(self._bound)} ports bound>"

    def _allocate_host(self) -> str:
        address = _HOST_ADDRESSES[self._hosts % len(_HOST_ADDRESSES)]
        self._hosts += 1
        return address

    def _allocate_tie_breaker(self) -> int:
        """RFC 8445, 7.3.1.1 tie-breakers: counted, not random, so role conflicts resolve alike."""
        self._tie_breakers += 1
        return self._tie_breakers

    def _bind(self, address: str, transport: _Transport) -> int:
        for _ in range(_LAST_PORT - _FIRST_PORT + 1):
            port = self._next_port
            self._next_port = _FIRST_PORT if port == _LAST_PORT else port + 1
            if (address, port) not in self._bound:
                self._bound[(address, port)] = transport
                return port
        raise RuntimeError(f"MemoryNetwork: every port of {address} is bound")

    def _unbind(self, address: str, port: int, transport: _Transport) -> None:
        if self._bound.get((address, port)) is transport:
            del self._bound[(address, port)]

    def _lookup(self, address: str, port: int) -> _Transport | None:
        return self._bound.get((address, port))


#: The network of every MemoryTransport made without one.
_DEFAULT_NETWORK = MemoryNetwork()


# --- ICE and DTLS of one transport ---------------------------------------------------------------


@attrs.define(eq=False)
class _Generation:
    """One local ICE generation (RFC 8445, 9: a restart makes a new one): credentials, candidate."""

    ufrag: str
    pwd: str
    candidate: Candidate
    #: Reported with on_local_candidate (a connect() before gather() binds it unreported).
    reported: bool = False


class _IceAgent:
    """RFC 8445 for one transport of one end: local generations, remote parameters, the pair."""

    def __init__(self, tie_breaker: int) -> None:
        self.state = Ice.NEW
        self.tie_breaker = tie_breaker
        self.role = RTCIceRole.UNKNOWN
        self.generations: list[_Generation] = []
        self.remote: ConnectTransport | None = None
        #: Signalled remote candidates (the description's and trickled ones), by address.
        self.remote_candidates: dict[tuple[str, int], Candidate] = {}
        #: RFC 8445, 7.3.1.3: remote candidates learnt from the checks that reached us.
        self.prflx: dict[tuple[str, int], Candidate] = {}
        #: Transports that know one of our candidates, so their checks reach us.
        self.incoming: list[weakref.ref[_Transport]] = []
        self.selected: tuple[Candidate, Candidate] | None = None
        self.pair_changes = 0

    def generation(self, ufrag: str) -> _Generation | None:
        return next((g for g in self.generations if g.ufrag == ufrag), None)

    def current(self) -> _Generation | None:
        """The generation ``connect`` uses, else the newest."""
        if self.remote is not None:
            found = self.generation(self.remote.local_ufrag)
            if found is not None:
                return found
        return self.generations[-1] if self.generations else None

    def note_incoming(self, transport: _Transport) -> None:
        if all(ref() is not transport for ref in self.incoming):
            self.incoming.append(weakref.ref(transport))

    def select(self, local: Candidate, remote: Candidate) -> None:
        if self.selected != (local, remote):
            self.selected = (local, remote)
            self.pair_changes += 1


class _DtlsSession:
    """RFC 5763 / RFC 8842 DTLS-SRTP on one transport: the role, the expected fingerprints."""

    def __init__(self) -> None:
        self.state = Dtls.NEW
        self.role: RTCDtlsRole | None = None
        self.expected: tuple[Fingerprint, ...] = ()
        #: What the remote end presented in the handshake (for the certificate stats).
        self.remote_certificate: tuple[Fingerprint, ...] = ()

    def configure(self, role: RTCDtlsRole, expected: tuple[Fingerprint, ...]) -> None:
        # The latest description counts until the handshake starts (a pranswer
        # then an answer); a running association keeps the values it started with.
        if self.state is Dtls.NEW:
            self.role = role
            self.expected = expected


class _Transport:
    """One end's ICE + DTLS transport, named by the core's transport id, and its pair's far end."""

    def __init__(self, owner: MemoryTransport, transport_id: str, tie_breaker: int) -> None:
        self.owner = owner
        self.id = transport_id
        self.ice = _IceAgent(tie_breaker)
        self.dtls = _DtlsSession()
        self.peer: _Transport | None = None
        self.closed = False
        self.bytes_sent = 0
        self.bytes_received = 0
        self.packets_sent = 0
        self.packets_received = 0
        #: "checking" is reported once a remote candidate is known (webrtc-pc 5.6.4:
        #: without one the transport is still "new", waiting for candidates).
        self.checking_unreported = False

    def alive(self) -> bool:
        return not self.closed

    def emit(self, call: Callable[[TransportListener], None]) -> None:
        """A listener call that is dropped if this transport is closed by the time it runs."""
        self.owner._scheduler.emit(call, self.alive)

    @property
    def secure(self) -> bool:
        """DTLS is up with a live far end: SRTP and SCTP can flow (RFC 5764, 4)."""
        return not self.closed and self.peer is not None and self.dtls.state is Dtls.CONNECTED

    def set_ice_state(self, state: RTCIceTransportState) -> None:
        if self.ice.state is state:
            return
        self.ice.state = state
        transport = self.id
        if state is Ice.CHECKING and not (self.ice.remote_candidates or self.ice.incoming):
            self.checking_unreported = True
            return
        if self.checking_unreported and state in (Ice.CONNECTED, Ice.COMPLETED, Ice.FAILED):
            self.emit(lambda listener: listener.on_ice_state(transport, Ice.CHECKING))
        self.checking_unreported = False
        self.emit(lambda listener: listener.on_ice_state(transport, state))

    def candidates_known(self) -> None:
        """A remote candidate (signalled, or a check that reached us) is known now."""
        if self.checking_unreported and self.ice.state is Ice.CHECKING:
            self.checking_unreported = False
            transport = self.id
            self.emit(lambda listener: listener.on_ice_state(transport, Ice.CHECKING))

    def set_dtls_state(self, state: RTCDtlsTransportState, error: str | None = None) -> None:
        if self.dtls.state is state:
            return
        self.dtls.state = state
        transport = self.id
        if error is None:
            self.emit(lambda listener: listener.on_dtls_state(transport, state))
        else:
            self.emit(lambda listener: listener.on_dtls_state(transport, state, error))

    def count(self, *, sent: int = 0, received: int = 0) -> None:
        if sent:
            self.bytes_sent += sent
            self.packets_sent += 1
        if received:
            self.bytes_received += received
            self.packets_received += 1


# --- the wire between two transports: ICE checks, DTLS handshake, teardown ----------------------


def _candidate_peers(transport: _Transport) -> list[_Transport]:
    """The far transports ``transport``'s checks can reach or that reach it, in a fixed order."""
    found: list[_Transport] = []

    def add(other: _Transport | None) -> None:
        if (
            other is None
            or other is transport
            or other.closed
            or other.owner._closed
            or other in found
            # A transport paired with a third end is not available; a fresh one
            # must be checking too (its own connect() was called).
            or (other.peer is not None and other.peer is not transport)
            or (other.peer is None and other.ice.state is not Ice.CHECKING)
        ):
            return
        found.append(other)

    if transport.peer is not None:
        # An ICE restart keeps the pair with the same far end (RFC 8445, 9: the
        # old pair carries media until the new checks succeed); the memory
        # backend never moves a DTLS association to another end.
        add(transport.peer)
        return found
    network = transport.owner._network
    for address, port in transport.ice.remote_candidates:
        add(network._lookup(address, port))
    for ref in transport.ice.incoming:
        add(ref())
    return found


def _credentials_match(x: _Transport, y: _Transport) -> bool:
    """RFC 8445, 7.2.2 and RFC 8489 short-term credentials: each end's checks carry
    "remote ufrag:local ufrag" and are keyed with the remote password, so both
    ends must hold each other's current ufrag and password."""
    a, b = x.ice.remote, y.ice.remote
    if a is None or b is None:
        return False
    return (
        a.remote_ufrag == b.local_ufrag
        and a.remote_pwd == b.local_pwd
        and b.remote_ufrag == a.local_ufrag
        and b.remote_pwd == a.local_pwd
    )


def _run_checks(transport: _Transport) -> None:
    """RFC 8445, 7.2: connectivity checks of ``transport``, run as one step."""
    if transport.closed or transport.ice.remote is None or transport.ice.state is not Ice.CHECKING:
        return
    for other in _candidate_peers(transport):
        if not _credentials_match(transport, other):
            continue
        if transport.owner._ice_failure or other.owner._ice_failure:
            # Fault injection: every check between the two is lost, so every
            # pair fails (RFC 8445, 8.1.2 ... "failed"); both ends give up.
            transport.set_ice_state(Ice.FAILED)
            other.set_ice_state(Ice.FAILED)
            return
        _link(transport, other)
        return


def _resolve_roles(x: _Transport, y: _Transport) -> None:
    """RFC 8445, 7.3.1.1: a role conflict (both controlling or both controlled) ends with the
    larger tie-breaker controlling; a real agent gets there through 487 Role Conflict
    errors, here it is decided at once and the pair connects as usual."""
    assigned = (
        x.ice.remote.ice_role if x.ice.remote is not None else RTCIceRole.UNKNOWN,
        y.ice.remote.ice_role if y.ice.remote is not None else RTCIceRole.UNKNOWN,
    )
    if RTCIceRole.CONTROLLING in assigned and RTCIceRole.CONTROLLED in assigned:
        x.ice.role, y.ice.role = assigned
        return
    controlling_x = x.ice.tie_breaker > y.ice.tie_breaker
    x.ice.role = RTCIceRole.CONTROLLING if controlling_x else RTCIceRole.CONTROLLED
    y.ice.role = RTCIceRole.CONTROLLED if controlling_x else RTCIceRole.CONTROLLING


def _remote_candidate(at: _Transport, far: _Transport) -> Candidate:
    """The candidate ``at`` sees for ``far``: a signalled one, else a peer-reflexive one."""
    generation = far.ice.current()
    if generation is None:  # cannot happen: connect() binds a generation
        raise RuntimeError("a paired transport has no local candidate")
    key = (generation.candidate.address, generation.candidate.port)
    signalled = at.ice.remote_candidates.get(key)
    if signalled is not None:
        return signalled
    # RFC 8445, 7.3.1.3: a check from an unknown address makes a peer-reflexive
    # remote candidate with the priority of the check and a new foundation.
    prflx = at.ice.prflx.get(key)
    if prflx is None:
        prflx = Candidate(
            foundation=f"p{len(at.ice.prflx) + 1}",
            component=1,
            transport="udp",
            priority=_priority(_PRFLX_PREFERENCE),
            address=key[0],
            port=key[1],
            type="prflx",
        )
        at.ice.prflx[key] = prflx
    return prflx


def _link(x: _Transport, y: _Transport) -> None:
    """RFC 8445, 7.2.5.3 and 8.1.1: a check succeeded and the pair is nominated on both ends."""
    renewed = x.peer is y
    x.peer, y.peer = y, x
    _resolve_roles(x, y)
    for here, far in ((x, y), (y, x)):
        local = here.ice.current()
        if local is not None:
            here.ice.select(local.candidate, _remote_candidate(here, far))
    x.set_ice_state(Ice.CONNECTED)
    y.set_ice_state(Ice.CONNECTED)
    if renewed:
        return  # an ICE restart leaves DTLS as it is (RFC 8445, 9; RFC 8842, 5.x)
    if x.dtls.state is Dtls.NEW and y.dtls.state is Dtls.NEW:
        x.set_dtls_state(Dtls.CONNECTING)
        y.set_dtls_state(Dtls.CONNECTING)
        x.owner._scheduler.post(lambda: _handshake(x, y))


def _handshake(x: _Transport, y: _Transport) -> None:
    """The DTLS handshake as one step (RFC 5763, 5; RFC 8842, 5; RFC 8122, 5)."""
    if x.closed or y.closed or x.peer is not y:
        return
    if x.dtls.state is not Dtls.CONNECTING or y.dtls.state is not Dtls.CONNECTING:
        return
    error: str | None = None
    if x.dtls.role is None or x.dtls.role is y.dtls.role:
        # RFC 8842, 5 (and RFC 5763, 5): the "active" end is the DTLS client, the
        # "passive" end the server.  Two clients each send a ClientHello no one
        # answers; two servers wait for one: the handshake never completes.
        error = "dtls-failure"
    else:
        x_presents = x.owner._presented_fingerprints()
        y_presents = y.owner._presented_fingerprints()
        x.dtls.remote_certificate = y_presents
        y.dtls.remote_certificate = x_presents
        # RFC 5763, 5 and RFC 8122, 5: each end checks the certificate the other
        # presents against the a=fingerprint of the other's description; on a
        # mismatch it aborts (a bad_certificate alert), so both ends fail.
        if not (
            _fingerprint_matches(y_presents, x.dtls.expected)
            and _fingerprint_matches(x_presents, y.dtls.expected)
        ):
            error = "fingerprint-failure"
    if error is not None:
        x.set_dtls_state(Dtls.FAILED, error)
        y.set_dtls_state(Dtls.FAILED, error)
        return
    x.set_dtls_state(Dtls.CONNECTED)
    y.set_dtls_state(Dtls.CONNECTED)
    for end in (x, y):
        end.owner._sctp.transport_secured(end.id)
    for end in (x, y):
        end.owner._media.refresh()


def _sever(transport: _Transport, *, consent_lost: bool) -> None:
    """``transport`` goes away: its far end hears close_notify (and, if ``consent_lost``,
    then loses ICE consent)."""
    far = transport.peer
    transport.peer = None
    if far is None:
        return
    far.peer = None
    far.owner._scheduler.post(lambda: _far_end_gone(far, consent_lost=consent_lost))


def _far_end_gone(transport: _Transport, *, consent_lost: bool) -> None:
    """The step in which the survivor notices (webrtc-pc 5.5.1 "closed"; RFC 7675, 5.1).

    Consent is lost only when the whole far end closed.  A transport the far
    end merely stopped using (``close_transport``) is dropped here too by the
    description on its way; a real agent would take 30 s (RFC 7675, 5.1) to
    notice, long after that description arrived, so reporting "disconnected"
    within a few loop steps would show a failure no browser shows.
    """
    if transport.closed or transport.peer is not None:
        return
    if transport.dtls.state is Dtls.CONNECTED:
        # RFC 5246, 7.2.1: the closing end sent close_notify; webrtc-pc 5.5.1:
        # "closed" is the state after receiving it.
        transport.set_dtls_state(Dtls.CLOSED)
    elif transport.dtls.state is Dtls.CONNECTING:
        transport.set_dtls_state(Dtls.FAILED, "dtls-failure")
    transport.owner._sctp.transport_lost(transport.id)
    transport.owner._media.refresh()
    if consent_lost and transport.ice.state in (Ice.CONNECTED, Ice.COMPLETED, Ice.CHECKING):
        transport.owner._scheduler.post(lambda: _consent_lost(transport, Ice.DISCONNECTED))


def _consent_lost(transport: _Transport, state: RTCIceTransportState) -> None:
    """RFC 7675, 5.1: no consent responses: "disconnected", then, consent expired, "failed"."""
    if transport.closed or transport.peer is not None:
        return
    transport.set_ice_state(state)
    if state is Ice.DISCONNECTED:
        transport.owner._scheduler.post(lambda: _consent_lost(transport, Ice.FAILED))


# --- SCTP and data channels ----------------------------------------------------------------------


@attrs.frozen
class _Message:
    """One data channel message: a str is sent as UTF-8 (RFC 8831, 6.6, PPID 51)."""

    data: str | bytes
    size: int

    @classmethod
    def of(cls, data: object) -> _Message:
        if isinstance(data, str):
            return cls(data, len(data.encode("utf-8")))
        if isinstance(data, bytes | bytearray | memoryview):
            payload = bytes(data)
            return cls(payload, len(payload))
        raise TypeError(f"a data channel message is str or bytes, not {type(data).__name__}")


def _stream_id(value: object) -> int:
    if value is None:
        raise ValueError("open_channel needs the channel's SCTP stream id (RFC 8832, 6)")
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a data channel id is an int, not {value!r}")
    if not 0 <= value <= _MAX_STREAM_ID:
        raise ValueError(f"a data channel id is from 0 to {_MAX_STREAM_ID}, got {value}")
    return value


@attrs.define(eq=False)
class _DataChannel:
    """One SCTP stream pair carrying a data channel (RFC 8831, 6.4), with its send buffer."""

    id: int
    label: str
    protocol: str
    ordered: bool
    max_packet_life_time: int | None
    max_retransmits: int | None
    negotiated: bool
    phase: RTCDataChannelState = Channel.CONNECTING
    #: The stream is usable: DATA_CHANNEL_OPEN went out, or negotiated and SCTP is up.
    wire_open: bool = False
    #: on_channel_open has been made, so arriving messages can be reported.
    announced: bool = False
    buffered: int = 0
    outbox: deque[_Message] = attrs.field(factory=deque)
    messages_sent: int = 0
    bytes_sent: int = 0
    messages_received: int = 0
    bytes_received: int = 0

    @classmethod
    def local(cls, parameters: ChannelParameters) -> _DataChannel:
        return cls(
            id=_stream_id(parameters.id),
            label=str(parameters.label),
            protocol=str(parameters.protocol),
            ordered=bool(parameters.ordered),
            max_packet_life_time=parameters.maxPacketLifeTime,
            max_retransmits=parameters.maxRetransmits,
            negotiated=bool(parameters.negotiated),
        )

    @classmethod
    def remote(cls, channel_id: int, parameters: dict[str, Any]) -> _DataChannel:
        return cls(
            id=channel_id,
            label=parameters["label"],
            protocol=parameters["protocol"],
            ordered=parameters["ordered"],
            max_packet_life_time=parameters["maxPacketLifeTime"],
            max_retransmits=parameters["maxRetransmits"],
            negotiated=False,
            phase=Channel.OPEN,
            wire_open=True,
        )

    def parameters(self) -> dict[str, Any]:
        """What DATA_CHANNEL_OPEN carries (RFC 8832, 5.1), as on_remote_channel reports it."""
        return {
            "label": self.label,
            "protocol": self.protocol,
            "ordered": self.ordered,
            "maxPacketLifeTime": self.max_packet_life_time,
            "maxRetransmits": self.max_retransmits,
        }

    def same_channel(self, other: _DataChannel) -> bool:
        return self.parameters() == other.parameters() and self.negotiated == other.negotiated

    @property
    def reliable(self) -> bool:
        return self.max_retransmits is None and self.max_packet_life_time is None

    @property
    def transmissions(self) -> int:
        """RFC 3758 partial reliability: how often a message may go out before it is abandoned.

        With no clock a lifetime allows no retransmission.
        """
        return 1 + (self.max_retransmits or 0)


class _SctpAssociation:
    """RFC 8831 / RFC 8841: this end's SCTP association over one DTLS transport, its channels.

    One per MemoryTransport, as webrtc-pc has one RTCSctpTransport per
    connection.  Channels opened before the association is up wait (phase
    "connecting") and go on the wire, in the order they were opened, once it is.
    """

    def __init__(self, end: MemoryTransport) -> None:
        self.end = end
        self.state: RTCSctpTransportState | None = None
        self.params: StartSctp | None = None
        self.peer: _SctpAssociation | None = None
        self.channels: dict[int, _DataChannel] = {}
        #: Messages that arrived on a stream with no announced channel here yet.
        self.stash: dict[int, deque[_Message]] = {}
        #: Streams that carried a channel now closed: late calls and data are dropped.
        self.retired: set[int] = set()

    @property
    def active(self) -> bool:
        return self.state is Sctp.CONNECTING or self.state is Sctp.CONNECTED

    def transport(self) -> _Transport | None:
        return None if self.params is None else self.end._transports.get(self.params.transport)

    # --- the association -------------------------------------------------------------------

    def start(self, effect: StartSctp) -> None:
        if self.active and self.params is not None:
            if self.params.transport == effect.transport:
                self.params = effect  # the same association, new limits
                return
            self.stop()  # moved to another transport: a new association
        self.params = effect
        self.state = Sctp.CONNECTING
        self._emit_state(Sctp.CONNECTING)
        self.end._scheduler.post(self.try_associate)

    def transport_secured(self, transport_id: str) -> None:
        params = self.params
        if (
            self.state is Sctp.CONNECTING
            and params is not None
            and params.transport == transport_id
        ):
            self.end._scheduler.post(self.try_associate)

    def try_associate(self) -> None:
        """RFC 9260, 5.1: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK, as one step over DTLS."""
        params = self.params
        if self.state is not Sctp.CONNECTING or params is None:
            return
        transport = self.end._transports.get(params.transport)
        if transport is None or not transport.secure or transport.peer is None:
            return
        far = transport.peer.owner._sctp
        far_params = far.params
        if far.state is not Sctp.CONNECTING or far_params is None:
            return
        if far_params.transport != transport.peer.id:
            return
        # RFC 8841, 5: each end sends to the port the other put in a=sctp-port; an
        # INIT to a port no one listens on is never answered: stay connecting.
        if (
            params.remote_port != far_params.local_port
            or far_params.remote_port != params.local_port
        ):
            return
        self.peer, far.peer = far, self
        for side in (self, far):
            side.state = Sctp.CONNECTED
            side._emit_state(Sctp.CONNECTED, _MAX_CHANNELS)
        for side in (self, far):
            for channel in list(side.channels.values()):
                if channel.phase is Channel.CONNECTING and not channel.wire_open:
                    side._activate(channel)

    def stop(self) -> None:
        far = self.peer
        if self.close_locally() and far is not None:
            # RFC 9260, 9.1: ABORT; the far end's association ends in the same way.
            far.end._scheduler.post(lambda: far.aborted_by(self))

    def aborted_by(self, sender: _SctpAssociation) -> None:
        if self.peer is sender:
            self.close_locally()

    def transport_lost(self, transport_id: str) -> None:
        if self.params is not None and self.params.transport == transport_id:
            self.close_locally()

    def close_locally(self) -> bool:
        """webrtc-pc 6.1.4 / 6.2.4: every channel closes, then the SCTP transport is closed."""
        if not self.active:
            return False
        channels = list(self.channels.values())
        self.channels.clear()
        self.stash.clear()
        self.peer = None
        self.state = Sctp.CLOSED
        for channel in channels:
            self._retire(channel)
            self._emit_closed(channel.id)
        self._emit_state(Sctp.CLOSED)
        return True

    # --- channels: what the facade asks -----------------------------------------------------

    def open(self, parameters: ChannelParameters) -> None:
        channel = _DataChannel.local(parameters)
        existing = self.channels.get(channel.id)
        if existing is not None:
            if existing.same_channel(channel):
                return  # asked again (the facade re-opens waiting channels): nothing new
            raise ValueError(f"SCTP stream {channel.id} already carries a data channel")
        self.retired.discard(channel.id)
        self.channels[channel.id] = channel
        if self.state is Sctp.CONNECTED:
            self._activate(channel)

    def send(self, channel_id: int, message: _Message) -> None:
        channel = self.channels.get(channel_id)
        if channel is None:
            if channel_id in self.retired:
                return  # closed under the caller's feet: the message is dropped
            raise ValueError(f"no data channel with id {channel_id}: open_channel() it first")
        if channel.phase is not Channel.CONNECTING and channel.phase is not Channel.OPEN:
            return
        channel.outbox.append(message)
        channel.buffered += message.size
        if channel.wire_open:
            self._schedule_transmit(channel)

    def close(self, channel_id: int) -> None:
        channel = self.channels.get(channel_id)
        if channel is None:
            if channel_id in self.retired:
                return
            raise ValueError(f"no data channel with id {channel_id}")
        if channel.phase is Channel.CLOSING or channel.phase is Channel.CLOSED:
            return
        if not channel.wire_open or self.peer is None:
            # Never on the wire: there is no stream to reset.
            self._retire(channel)
            self._emit_closed(channel.id)
            return
        # webrtc-pc 6.2.4, the closing procedure: finish sending what is buffered,
        # then (RFC 8831, 6.7) reset the outgoing stream (RFC 6525).  The reset
        # step is queued behind the transmissions already queued.
        channel.phase = Channel.CLOSING
        self.end._scheduler.post(lambda: self._send_reset(channel))

    # --- channels: the wire ----------------------------------------------------------------

    def _activate(self, channel: _DataChannel) -> None:
        far = self.peer
        if far is None:
            return
        channel.wire_open = True
        if channel.negotiated:
            # RFC 8832, 6 / webrtc-pc 6.2 "negotiated": no DATA_CHANNEL_OPEN; each
            # end's channel is open once the association is.
            channel.phase = Channel.OPEN
            self._announce(channel)
        else:
            # RFC 8832, 5.1: DATA_CHANNEL_OPEN on the channel's stream.  RFC 8832, 6
            # lets data follow it at once, before the ACK.
            parameters = channel.parameters()
            far.end._scheduler.post(lambda: far.receive_open(channel.id, parameters, self, channel))
        for _ in channel.outbox:
            self._schedule_transmit(channel)

    def receive_open(
        self,
        channel_id: int,
        parameters: dict[str, Any],
        sender: _SctpAssociation,
        sender_channel: _DataChannel,
    ) -> None:
        if self.peer is not sender or self.state is not Sctp.CONNECTED:
            return
        if channel_id in self.channels:
            # RFC 8832, 6: the DTLS client uses even ids and the server odd ones,
            # so the two ends never open the same stream; a clash is ignored.
            return
        channel = _DataChannel.remote(channel_id, parameters)
        self.retired.discard(channel_id)
        self.channels[channel_id] = channel
        self.end._scheduler.emit(
            lambda listener: listener.on_remote_channel(channel_id, dict(parameters))
        )
        self._announce(channel)
        # RFC 8832, 5.2: DATA_CHANNEL_ACK.
        sender.end._scheduler.post(lambda: sender.acknowledged(sender_channel))

    def acknowledged(self, channel: _DataChannel) -> None:
        if self.channels.get(channel.id) is channel and channel.phase is Channel.CONNECTING:
            channel.phase = Channel.OPEN
            self._announce(channel)

    def _schedule_transmit(self, channel: _DataChannel) -> None:
        self.end._scheduler.post(lambda: self._transmit(channel))

    def _transmit(self, channel: _DataChannel) -> None:
        """One message leaves the send buffer (RFC 8831, 6.6)."""
        if self.channels.get(channel.id) is not channel or not channel.outbox:
            return
        message = channel.outbox.popleft()
        channel.buffered -= message.size
        channel.messages_sent += 1
        channel.bytes_sent += message.size
        transport = self.transport()
        if transport is not None:
            transport.count(sent=message.size)
        self._emit_buffered(channel, channel.buffered)
        far = self.peer
        if far is None or (not channel.reliable and self._lost(channel, far)):
            return
        far.end._scheduler.post(lambda: far.receive_message(channel.id, message, self))

    def _lost(self, channel: _DataChannel, far: _SctpAssociation) -> bool:
        """A partially reliable message (RFC 3758) crosses both ends' lossy links, up to
        ``transmissions`` times; reliable messages are retransmitted until they arrive."""
        outgoing, incoming = ("out", channel.id), ("in", channel.id)
        for _ in range(channel.transmissions):
            if not (self.end._loss.drops(outgoing) or far.end._loss.drops(incoming)):
                return False
        return True

    def receive_message(self, channel_id: int, message: _Message, sender: _SctpAssociation) -> None:
        if self.peer is not sender:
            return
        transport = self.transport()
        if transport is not None:
            transport.count(received=message.size)
        channel = self.channels.get(channel_id)
        if channel is not None and channel.announced:
            # Reported in this very step: a stream reset arriving next cannot overtake it.
            self.end._scheduler.call_now(lambda listener: self._deliver(listener, channel, message))
            return
        if channel is None and channel_id in self.retired:
            return  # the stream was reset here
        # RFC 8832, 6: data may arrive before the channel exists here (a negotiated
        # channel not created yet, or data right after DATA_CHANNEL_OPEN): keep it.
        self.stash.setdefault(channel_id, deque()).append(message)

    def _send_reset(self, channel: _DataChannel) -> None:
        if self.channels.get(channel.id) is not channel:
            return
        far = self.peer
        if far is None:
            self.reset_complete(channel)
            return
        far.end._scheduler.post(lambda: far.receive_reset(channel.id, self, channel))

    def receive_reset(
        self, channel_id: int, sender: _SctpAssociation, sender_channel: _DataChannel
    ) -> None:
        """RFC 8831, 6.7: the far end reset its outgoing stream; we close and reset ours."""
        if self.peer is not sender:
            return
        self.stash.pop(channel_id, None)
        channel = self.channels.get(channel_id)
        if channel is not None:
            self._retire(channel)
            self._emit_closed(channel_id)
        else:
            self.retired.add(channel_id)
        sender.end._scheduler.post(lambda: sender.reset_complete(sender_channel))

    def reset_complete(self, channel: _DataChannel) -> None:
        if self.channels.get(channel.id) is channel:
            self._retire(channel)
            self._emit_closed(channel.id)

    def _retire(self, channel: _DataChannel) -> None:
        if self.channels.get(channel.id) is channel:
            del self.channels[channel.id]
        self.retired.add(channel.id)
        self.stash.pop(channel.id, None)
        channel.phase = Channel.CLOSED
        channel.outbox.clear()

    # --- listener calls ------------------------------------------------------------------

    def _emit_state(self, state: RTCSctpTransportState, max_channels: int | None = None) -> None:
        if max_channels is None:
            self.end._scheduler.emit(lambda listener: listener.on_sctp_state(state))
        else:
            self.end._scheduler.emit(lambda listener: listener.on_sctp_state(state, max_channels))

    def _emit_closed(self, channel_id: int) -> None:
        self.end._scheduler.emit(lambda listener: listener.on_channel_closed(channel_id))

    def _emit_buffered(self, channel: _DataChannel, amount: int) -> None:
        def call(listener: TransportListener) -> None:
            if channel.phase is not Channel.CLOSED:
                listener.on_channel_buffered(channel.id, amount)

        self.end._scheduler.emit(call)

    def _deliverable(self, channel: _DataChannel) -> bool:
        # webrtc-pc 6.2, "receiving messages": only an open channel reports them.
        return self.channels.get(channel.id) is channel and channel.phase is Channel.OPEN

    def _deliver(
        self, listener: TransportListener, channel: _DataChannel, message: _Message
    ) -> None:
        if self._deliverable(channel):
            channel.messages_received += 1
            channel.bytes_received += message.size
            listener.on_channel_message(channel.id, message.data)

    def _announce(self, channel: _DataChannel) -> None:
        """on_channel_open, then (same step, so nothing overtakes them) the messages kept."""

        def call(listener: TransportListener) -> None:
            if not self._deliverable(channel):
                return
            channel.announced = True
            listener.on_channel_open(channel.id)
            for message in self.stash.pop(channel.id, ()):
                self._deliver(listener, channel, message)

        self.end._scheduler.emit(call)


# --- media -------------------------------------------------------------------------------------


def _kind(track: object, codecs: tuple[Codec, ...]) -> str:
    kind = getattr(track, "kind", None)
    if kind in _RTP_PACKET_BYTES:
        return str(kind)
    return "video" if any(c.clock_rate == 90000 for c in codecs) else "audio"


@attrs.define(eq=False)
class _RtpStream:
    """One transceiver's RTP: what it sends and receives, on which mid and transport."""

    transceiver: str
    transport: str | None = None
    mid: str | None = None
    sending: bool = False
    receiving: bool = False
    ssrc: int = 0
    kind: str = "audio"
    stopped: bool = False
    #: The far sender whose packets arrive here, and whether on_media(True) was reported.
    source: _RtpStream | None = None
    arriving: bool = False
    packets_sent: int = 0
    bytes_sent: int = 0
    packets_received: int = 0
    bytes_received: int = 0

    @property
    def packet_bytes(self) -> int:
        return _RTP_PACKET_BYTES.get(self.kind, _RTP_PACKET_BYTES["audio"])


def _carry_packet(
    sender: _RtpStream,
    sending: _Transport | None,
    receiver: _RtpStream | None,
    receiving: _Transport | None,
) -> None:
    """One synthetic RTP packet from ``sender``, counted where it arrives when someone listens."""
    size = sender.packet_bytes
    sender.packets_sent += 1
    sender.bytes_sent += size
    if sending is not None:
        sending.count(sent=size)
    if receiver is None:
        return
    receiver.packets_received += 1
    receiver.bytes_received += size
    if receiving is not None:
        receiving.count(received=size)


class _MediaRouter:
    """This end's transceivers; which far senders feed which local receivers (by mid).

    A receiver gets media when a sender of the far end of its transport pair
    sends on the same mid (RFC 8843, 9.2: BUNDLE demultiplexes by MID) and
    DTLS is up (RFC 5764: SRTP keys come from DTLS).  A sender sends only
    with a track.  Packets are synthetic: one when a flow starts, then one
    per flow for every ``get_stats()`` call on either end of the pair.
    """

    def __init__(self, end: MemoryTransport) -> None:
        self.end = end
        self.streams: dict[str, _RtpStream] = {}
        self._refresh_posted = False

    def update(self, effect: UpdateMedia, track: object | None) -> None:
        stream = self.streams.setdefault(
            effect.transceiver, _RtpStream(transceiver=effect.transceiver)
        )
        if stream.stopped:
            return
        placed = effect.transport is not None and effect.mid is not None
        stream.transport = effect.transport
        stream.mid = effect.mid
        # webrtc-pc 5.2: a sender with no track sends nothing, whatever the direction says.
        stream.sending = placed and effect.send and track is not None
        stream.receiving = placed and effect.receive
        stream.ssrc = effect.ssrc
        if effect.send_codecs or effect.receive_codecs or track is not None:
            stream.kind = _kind(track, effect.send_codecs or effect.receive_codecs)

    def stop(self, transceiver: str) -> None:
        stream = self.streams.setdefault(transceiver, _RtpStream(transceiver=transceiver))
        stream.stopped = True
        stream.sending = stream.receiving = False

    def wire(self, stream: _RtpStream) -> _Transport | None:
        """The secure transport ``stream`` sends on, if it is sending."""
        if not stream.sending or stream.stopped or stream.transport is None:
            return None
        transport = self.end._transports.get(stream.transport)
        return transport if transport is not None and transport.secure else None

    def _senders(self) -> dict[tuple[str, str | None], _RtpStream]:
        """This end's streams that are on the wire now, by (transport, mid)."""
        found: dict[tuple[str, str | None], _RtpStream] = {}
        for sender in self.streams.values():
            if sender.transport is not None and self.wire(sender) is not None:
                found.setdefault((sender.transport, sender.mid), sender)
        return found

    def _source(
        self, receiver: _RtpStream, far_senders: dict[int, dict[tuple[str, str | None], _RtpStream]]
    ) -> _RtpStream | None:
        if not receiver.receiving or receiver.stopped or receiver.transport is None:
            return None
        transport = self.end._transports.get(receiver.transport)
        if transport is None or not transport.secure or transport.peer is None:
            return None
        far = transport.peer
        senders = far_senders.get(id(far.owner))
        if senders is None:
            senders = far_senders[id(far.owner)] = far.owner._media._senders()
        return senders.get((far.id, receiver.mid))

    def refresh(self) -> None:
        """Recompute, in a later step, which receivers get media (once for many calls)."""
        if self._refresh_posted:
            return
        self._refresh_posted = True
        self.end._scheduler.post(self._refresh_now)

    def _refresh_now(self) -> None:
        """Recompute which receivers get media; report the changes with on_media."""
        self._refresh_posted = False
        far_senders: dict[int, dict[tuple[str, str | None], _RtpStream]] = {}
        for stream in self.streams.values():
            source = self._source(stream, far_senders)
            stream.source = source
            arriving = source is not None
            if arriving is stream.arriving:
                continue
            stream.arriving = arriving
            if stream.stopped:
                continue  # a stopped transceiver's receiver has ended: nothing to report
            if source is not None and stream.transport is not None:
                receiving = self.end._transports.get(stream.transport)
                _carry_packet(source, receiving.peer if receiving else None, stream, receiving)
            self._emit_media(stream.transceiver, arriving)

    def tick(self) -> None:
        """One packet interval: every sending stream of this end sends one packet."""
        fed: dict[int, dict[int, _RtpStream]] = {}
        for sender in self.streams.values():
            sending = self.wire(sender)
            if sending is None or sending.peer is None:
                continue
            receiving = sending.peer
            far = receiving.owner._media
            by_source = fed.get(id(far))
            if by_source is None:
                by_source = fed[id(far)] = {
                    id(r.source): r for r in far.streams.values() if r.arriving and r.source
                }
            _carry_packet(sender, sending, by_source.get(id(sender)), receiving)

    def _emit_media(self, transceiver: str, receiving: bool) -> None:
        self.end._scheduler.emit(lambda listener: listener.on_media(transceiver, receiving))


# --- the backend ---------------------------------------------------------------------------------


class MemoryTransport:
    """The in-process, deterministic ``TransportBackend`` (see the module docstring).

    ``network``: the ``MemoryNetwork`` to join (default: the module's shared
    one, so every MemoryTransport of a process can reach every other).

    Fault injection, each for this end:

    * ``ice_failure``: no connectivity check to or from this end succeeds; once
      the credentials of a pair match, both ends go "checking" -> "failed".
    * ``wrong_fingerprint``: the DTLS handshake presents another certificate
      than the one ``local_endpoint`` advertised, so the far end's fingerprint
      check fails ("fingerprint-failure" on both ends).
    * ``packet_loss`` (0.0 to 1.0): this end's link loses that fraction of the
      packets crossing it, in either direction, deterministically: counted
      per channel and direction and evenly spread, so each channel loses
      exactly its share.  Only partially reliable data channels
      (``maxRetransmits`` or ``maxPacketLifeTime`` set) lose messages; a
      message of a channel with ``maxRetransmits=n`` is lost only if its
      n + 1 transmissions all are.  Reliable channels are untouched (SCTP
      retransmits, RFC 9260, 6.3).  RTP is not affected.
    """

    name = "memory"

    def __init__(
        self,
        network: MemoryNetwork | None = None,
        *,
        ice_failure: bool = False,
        wrong_fingerprint: bool = False,
        packet_loss: float = 0.0,
    ) -> None:
        if network is not None and not isinstance(network, MemoryNetwork):
            raise TypeError(f"network must be a MemoryNetwork, not {network!r}")
        for flag, value in (("ice_failure", ice_failure), ("wrong_fingerprint", wrong_fingerprint)):
            if not isinstance(value, bool):
                raise TypeError(f"{flag} is a bool, not {value!r}")
        self._network = network if network is not None else _DEFAULT_NETWORK
        self._address = self._network._allocate_host()
        self._ice_failure = ice_failure
        self._wrong_fingerprint = wrong_fingerprint
        self._loss = _LossyLink(packet_loss)
        self._scheduler = _Scheduler()
        self._transports: dict[str, _Transport] = {}
        self._sctp = _SctpAssociation(self)
        self._media = _MediaRouter(self)
        self._generated: MemoryCertificate | None = None
        self._certificate: Certificate | None = None
        self._impostor: MemoryCertificate | None = None
        self._closed = False
        self._stats_rounds = 0

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{len(self._transports)} transports"
        return f"<MemoryTransport {self._address}: {state}>"

    @property
    def network(self) -> MemoryNetwork:
        return self._network

    @property
    def address(self) -> str:
        """This end's fake host address (RFC 5737)."""
        return self._address

    # --- set-up ----------------------------------------------------------------------------

    def attach(self, listener: TransportListener) -> None:
        """Capture the running loop and the listener (RuntimeError outside a loop or twice)."""
        self._scheduler.attach(listener)

    def configure(self, configuration: RTCConfiguration) -> None:
        """Nothing to do: the in-memory network has no STUN or TURN servers to reach."""
        del configuration

    def generate_certificate(self, algorithm: KeygenAlgorithm | None = None) -> MemoryCertificate:
        """webrtc-pc, generateCertificate(): a new MemoryCertificate for ``algorithm``.

        Both algorithms the spec makes mandatory (ECDSA P-256, RSASSA-PKCS1-v1_5)
        are taken: the memory certificate has no real key.  Step 8: it expires
        ``algorithm.expires`` milliseconds from now (30 days by default).
        """
        if algorithm is None:
            return MemoryCertificate()
        return MemoryCertificate(expires=time.time() * 1000.0 + algorithm.expires)

    def local_endpoint(self, certificates: tuple[Certificate, ...]) -> LocalEndpoint:
        """The fingerprints of ``certificates`` (or of one made now) and the default codecs.

        With several certificates the handshake presents the first (webrtc-pc
        leaves the choice to the user agent; libwebrtc uses the first).
        """
        given = tuple(certificates)
        if given:
            fingerprints = tuple(f for c in given for f in _fingerprints_of(c))
            self._certificate = given[0]
        else:
            if self._generated is None:
                self._generated = self.generate_certificate()
            self._certificate = self._generated
            fingerprints = (self._generated.fingerprint,)
        return LocalEndpoint(fingerprints=fingerprints)

    def _presented_fingerprints(self) -> tuple[Fingerprint, ...]:
        """What this end's DTLS handshake proves it holds."""
        if self._wrong_fingerprint:
            if self._impostor is None:
                self._impostor = MemoryCertificate()
            return (self._impostor.fingerprint,)
        if self._certificate is None:
            self.local_endpoint(())
        return _fingerprints_of(self._certificate)

    def _ready(self) -> bool:
        """False after close() (every call is then a no-op); RuntimeError before attach()."""
        if self._closed:
            return False
        if not self._scheduler.attached:
            raise RuntimeError(
                "MemoryTransport.attach(listener) must be called first, inside a running event loop"
            )
        return True

    def _transport(self, transport_id: str) -> _Transport:
        if not isinstance(transport_id, str):
            raise TypeError(f"a transport id is a str, not {transport_id!r}")
        transport = self._transports.get(transport_id)
        if transport is None:
            tie_breaker = self._network._allocate_tie_breaker()
            transport = self._transports[transport_id] = _Transport(self, transport_id, tie_breaker)
        return transport

    def _bind_generation(self, transport: _Transport, ufrag: str, pwd: str) -> _Generation:
        port = self._network._bind(self._address, transport)
        index = len(transport.ice.generations)
        candidate = Candidate(
            foundation="1",
            component=1,  # RFC 8843 / RFC 5761: rtcp-mux, one component
            transport="udp",
            priority=_priority(_HOST_PREFERENCE),
            address=self._address,
            port=port,
            type="host",
            extensions=(("generation", str(index)), ("ufrag", ufrag), ("network-id", "1")),
        )
        generation = _Generation(ufrag, pwd, candidate)
        transport.ice.generations.append(generation)
        while len(transport.ice.generations) > _BOUND_GENERATIONS:
            old = transport.ice.generations.pop(0)
            self._network._unbind(old.candidate.address, old.candidate.port, transport)
        return generation

    def _learn(self, transport: _Transport, candidate: Candidate) -> None:
        if not isinstance(candidate, Candidate):
            raise TypeError(f"a remote candidate is a Candidate, not {candidate!r}")
        if candidate.component != 1:
            return  # rtcp-mux (RFC 5761): no RTCP component to check
        key = (candidate.address, candidate.port)
        if key in transport.ice.remote_candidates:
            return
        transport.ice.remote_candidates[key] = candidate
        transport.candidates_known()
        target = self._network._lookup(*key)
        if target is not None and target is not transport:
            target.ice.note_incoming(transport)
            target.candidates_known()

    # --- ICE and DTLS ------------------------------------------------------------------------

    def gather(self, effect: GatherCandidates) -> None:
        """One host candidate per generation; an ICE restart (new ufrag) binds a new port."""
        _expect(effect, GatherCandidates, "gather")
        if not self._ready():
            return
        transport = self._transport(effect.transport)
        generation = transport.ice.generation(effect.ufrag)
        if generation is None:
            generation = self._bind_generation(transport, effect.ufrag, effect.pwd)
        elif generation.reported:
            return  # this generation was gathered already
        generation.reported = True
        candidate, tid, ufrag = generation.candidate, transport.id, effect.ufrag
        # webrtc-pc 5.6.1 (gathering): "gathering", each candidate, the end of the
        # generation (None), "complete"; each its own step.
        transport.emit(
            lambda listener: listener.on_gathering_state(tid, RTCIceGathererState.GATHERING)
        )
        transport.emit(lambda listener: listener.on_local_candidate(tid, ufrag, candidate))
        transport.emit(lambda listener: listener.on_local_candidate(tid, ufrag, None))
        transport.emit(
            lambda listener: listener.on_gathering_state(tid, RTCIceGathererState.COMPLETE)
        )

    def connect(self, effect: ConnectTransport) -> None:
        """Record the remote parameters and run the checks (then DTLS, once the pair forms)."""
        _expect(effect, ConnectTransport, "connect")
        if not self._ready():
            return
        transport = self._transport(effect.transport)
        ice = transport.ice
        previous = ice.remote
        ice.remote = effect
        if ice.generation(effect.local_ufrag) is None:
            # connect() without gather(): a host candidate that was never signalled.
            self._bind_generation(transport, effect.local_ufrag, effect.local_pwd)
        for candidate in effect.remote_candidates:
            self._learn(transport, candidate)
        # RFC 8445, 2.5: an ice-lite remote answers checks only; in memory the
        # checks of this end reach it the same way, so nothing changes.
        transport.dtls.configure(effect.dtls_role, effect.remote_fingerprints)
        restarted = previous is not None and (
            previous.local_ufrag != effect.local_ufrag
            or previous.local_pwd != effect.local_pwd
            or previous.remote_ufrag != effect.remote_ufrag
            or previous.remote_pwd != effect.remote_pwd
        )
        if previous is None or restarted:
            transport.set_ice_state(Ice.CHECKING)
        self._scheduler.post(lambda: _run_checks(transport))

    def add_remote_candidate(self, effect: AddRemoteCandidate) -> None:
        """A trickled candidate (any generation: only its address matters here)."""
        _expect(effect, AddRemoteCandidate, "add_remote_candidate")
        if not self._ready():
            return
        transport = self._transport(effect.transport)
        if effect.candidate is None:
            return  # RFC 8838, 8.2 end-of-candidates: in memory nothing waits for it
        self._learn(transport, effect.candidate)
        self._scheduler.post(lambda: _run_checks(transport))

    def close_transport(self, transport: str) -> None:
        """Stop ICE and DTLS on ``transport``: closed here, gone for the far end."""
        if self._closed:
            return
        closing = self._transports.pop(transport, None)
        if closing is None:
            return
        self._release(closing, consent_lost=False)
        self._sctp.transport_lost(transport)
        dtls_state, ice_state = closing.dtls.state, closing.ice.state
        if dtls_state is not Dtls.CLOSED:
            self._scheduler.emit(lambda listener: listener.on_dtls_state(transport, Dtls.CLOSED))
        if ice_state is not Ice.CLOSED:
            self._scheduler.emit(lambda listener: listener.on_ice_state(transport, Ice.CLOSED))
        self._media.refresh()

    def _release(self, transport: _Transport, *, consent_lost: bool) -> None:
        transport.closed = True
        for generation in transport.ice.generations:
            candidate = generation.candidate
            self._network._unbind(candidate.address, candidate.port, transport)
        _sever(transport, consent_lost=consent_lost)

    # --- SCTP and data channels --------------------------------------------------------------

    def start_sctp(self, effect: StartSctp) -> None:
        """Start the association over ``effect.transport`` (it forms once DTLS is up there)."""
        _expect(effect, StartSctp, "start_sctp")
        if self._ready():
            self._sctp.start(effect)

    def stop_sctp(self) -> None:
        if self._ready():
            self._sctp.stop()

    def open_channel(self, channel: ChannelParameters) -> None:
        """Open a channel with a known id now, or once SCTP is up (asking again is harmless)."""
        if self._ready():
            self._sctp.open(channel)

    def send(self, channel_id: int, data: str | bytes) -> None:
        message = _Message.of(data)
        if self._ready():
            self._sctp.send(_stream_id(channel_id), message)

    def close_channel(self, channel_id: int) -> None:
        if self._ready():
            self._sctp.close(_stream_id(channel_id))

    # --- media -------------------------------------------------------------------------------

    def update_media(self, effect: UpdateMedia, track: Any | None) -> None:
        """Send on ``effect.mid`` when ``effect.send`` and ``track`` is not None; receive when
        ``effect.receive``."""
        _expect(effect, UpdateMedia, "update_media")
        if not self._ready():
            return
        self._media.update(effect, track)
        self._refresh_media()

    def stop_transceiver(self, transceiver: str) -> None:
        """Stop for good; the far receivers it fed report on_media(False), this one nothing."""
        if not self._ready():
            return
        self._media.stop(transceiver)
        self._refresh_media()

    def _peer_ends(self) -> list[MemoryTransport]:
        ends: list[MemoryTransport] = []
        for transport in self._transports.values():
            if transport.peer is not None and transport.peer.owner not in ends:
                ends.append(transport.peer.owner)
        return ends

    def _refresh_media(self) -> None:
        self._media.refresh()
        for end in self._peer_ends():
            end._media.refresh()

    # --- stats and close -----------------------------------------------------------------------

    async def get_stats(self) -> dict[str, dict[str, Any]]:
        """RTCStats dicts (webrtc-stats names); each call is one packet interval for RTP."""
        if self._closed or not self._scheduler.attached:
            return {}
        self._stats_rounds += 1
        for end in [self, *self._peer_ends()]:
            end._media.tick()
        return _StatsReport(self, _STATS_INTERVAL_MS * self._stats_rounds).build()

    async def close(self) -> None:
        """Release everything at once; no listener call follows.  The far ends notice."""
        if self._closed:
            return
        self._closed = True
        self._scheduler.closed = True
        for transport in list(self._transports.values()):
            self._release(transport, consent_lost=True)
        self._transports.clear()


# --- stats ---------------------------------------------------------------------------------------


class _StatsReport:
    """webrtc-stats dictionaries for one end, by id."""

    def __init__(self, end: MemoryTransport, timestamp: float) -> None:
        self.end = end
        self.timestamp = timestamp
        self.report: dict[str, dict[str, Any]] = {}

    def add(self, stats_id: str, stats_type: str, **members: Any) -> None:
        self.report[stats_id] = {
            "id": stats_id,
            "type": stats_type,
            "timestamp": self.timestamp,
            **members,
        }

    def build(self) -> dict[str, dict[str, Any]]:
        transports = self.end._transports.values()
        local_certificate = (
            self._certificate(self.end._presented_fingerprints())
            if any(t.dtls.state is not Dtls.NEW for t in transports)
            else None
        )
        for transport in transports:
            self._transport(transport, local_certificate)
        self._channels()
        self._rtp()
        return self.report

    def _certificate(self, fingerprints: tuple[Fingerprint, ...]) -> str | None:
        if not fingerprints:
            return None
        first = fingerprints[0]
        stats_id = f"certificate-{first.fingerprint}"
        try:
            der = bytes.fromhex(first.fingerprint.replace(":", ""))
        except ValueError:
            der = first.fingerprint.encode()
        self.add(
            stats_id,
            "certificate",
            fingerprint=first.fingerprint,
            fingerprintAlgorithm=first.hash_function,
            base64Certificate=base64.b64encode(der).decode("ascii"),
        )
        return stats_id

    def _candidate(self, transport: _Transport, candidate: Candidate, side: str) -> str:
        stats_id = f"{side}-{transport.id}-{candidate.address}-{candidate.port}"
        self.add(
            stats_id,
            side,
            transportId=f"transport-{transport.id}",
            address=candidate.address,
            port=candidate.port,
            protocol=candidate.transport.lower(),
            candidateType=candidate.type,
            priority=candidate.priority,
            foundation=candidate.foundation,
            usernameFragment=candidate.ufrag,
        )
        return stats_id

    def _transport(self, transport: _Transport, local_certificate: str | None) -> None:
        ice, dtls = transport.ice, transport.dtls
        transport_id = f"transport-{transport.id}"
        local_ids = {
            (g.candidate.address, g.candidate.port): self._candidate(
                transport, g.candidate, "local-candidate"
            )
            for g in ice.generations
        }
        remote_ids = {
            key: self._candidate(transport, c, "remote-candidate")
            for key, c in (*ice.remote_candidates.items(), *ice.prflx.items())
        }
        members: dict[str, Any] = {
            "bytesSent": transport.bytes_sent,
            "bytesReceived": transport.bytes_received,
            "packetsSent": transport.packets_sent,
            "packetsReceived": transport.packets_received,
            "iceRole": ice.role.value,
            "iceState": ice.state.value,
            "dtlsState": dtls.state.value,
            "dtlsRole": dtls.role.value
            if dtls.role is not None and dtls.state is not Dtls.NEW
            else "unknown",
            "selectedCandidatePairChanges": ice.pair_changes,
        }
        current = ice.current()
        if current is not None:
            members["iceLocalUsernameFragment"] = current.ufrag
        if ice.selected is not None:
            local, remote = ice.selected
            local_id = local_ids.get((local.address, local.port))
            remote_id = remote_ids.get((remote.address, remote.port))
            pair_id = f"candidate-pair-{transport.id}-{local.port}-{remote.address}-{remote.port}"
            self.add(
                pair_id,
                "candidate-pair",
                transportId=transport_id,
                localCandidateId=local_id,
                remoteCandidateId=remote_id,
                state="succeeded",
                nominated=True,
                priority=_pair_priority(ice.role, local.priority, remote.priority),
                bytesSent=transport.bytes_sent,
                bytesReceived=transport.bytes_received,
                packetsSent=transport.packets_sent,
                packetsReceived=transport.packets_received,
            )
            members["selectedCandidatePairId"] = pair_id
        if local_certificate is not None:
            members["localCertificateId"] = local_certificate
        remote_certificate = self._certificate(dtls.remote_certificate)
        if remote_certificate is not None:
            members["remoteCertificateId"] = remote_certificate
        self.add(transport_id, "transport", **members)

    def _channels(self) -> None:
        for channel in self.end._sctp.channels.values():
            self.add(
                f"data-channel-{channel.id}",
                "data-channel",
                label=channel.label,
                protocol=channel.protocol,
                dataChannelIdentifier=channel.id,
                state=channel.phase.value,
                messagesSent=channel.messages_sent,
                bytesSent=channel.bytes_sent,
                messagesReceived=channel.messages_received,
                bytesReceived=channel.bytes_received,
            )

    def _rtp(self) -> None:
        for stream in self.end._media.streams.values():
            transport_id = f"transport-{stream.transport}" if stream.transport else None
            if stream.packets_sent or self.end._media.wire(stream) is not None:
                self.add(
                    f"outbound-rtp-{stream.transceiver}-{stream.ssrc}",
                    "outbound-rtp",
                    ssrc=stream.ssrc,
                    kind=stream.kind,
                    mid=stream.mid,
                    transportId=transport_id,
                    packetsSent=stream.packets_sent,
                    bytesSent=stream.bytes_sent,
                )
            if stream.packets_received:
                source = stream.source
                self.add(
                    f"inbound-rtp-{stream.transceiver}",
                    "inbound-rtp",
                    ssrc=source.ssrc if source is not None else 0,
                    kind=source.kind if source is not None else stream.kind,
                    mid=stream.mid,
                    transportId=transport_id,
                    packetsReceived=stream.packets_received,
                    bytesReceived=stream.bytes_received,
                )


def _pair_priority(role: RTCIceRole, local: int, remote: int) -> int:
    """RFC 8445, 6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling side's."""
    controlling, controlled = (local, remote) if role is RTCIceRole.CONTROLLING else (remote, local)
    return (
        (1 << 32) * min(controlling, controlled)
        + 2 * max(controlling, controlled)
        + (1 if controlling > controlled else 0)
    )
