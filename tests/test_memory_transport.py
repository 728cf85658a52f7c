"""The memory transport backend, driven directly: two MemoryTransports on their own network.

No facade: a recording listener logs every backend report, tagged with the
end that got it, in one shared list, so the tests can check the order of
events across both ends.  pytest-asyncio is not used: each test runs its
script with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from sdpmodel.attributes import Candidate, Fingerprint
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
    RTCIceTransportState,
    RTCSctpTransportState,
)
from sdpmodel.transport import TransportBackend
from sdpmodel.transport.memory import MemoryCertificate, MemoryNetwork, MemoryTransport

Ice = RTCIceTransportState
Dtls = RTCDtlsTransportState
Sctp = RTCSctpTransportState
CLIENT, SERVER = RTCDtlsRole.CLIENT, RTCDtlsRole.SERVER
CONTROLLING, CONTROLLED = RTCIceRole.CONTROLLING, RTCIceRole.CONTROLLED

Event = tuple[Any, ...]


# --- the harness ---------------------------------------------------------------------------


class Recorder:
    """A TransportListener that appends ``(end, kind, *arguments)`` to a shared log."""

    def __init__(self, name: str, log: list[Event]) -> None:
        self.name = name
        self.log = log

    def _add(self, *event: Any) -> None:
        self.log.append((self.name, *event))

    def on_local_candidate(self, transport: str, ufrag: str, candidate: Candidate | None) -> None:
        self._add("candidate", transport, ufrag, candidate)

    def on_gathering_state(self, transport: str, state: RTCIceGathererState) -> None:
        self._add("gathering", transport, state)

    def on_ice_state(self, transport: str, state: RTCIceTransportState) -> None:
        self._add("ice", transport, state)

    def on_dtls_state(
        self, transport: str, state: RTCDtlsTransportState, error: str | None = None
    ) -> None:
        self._add("dtls", transport, state, error)

    def on_sctp_state(self, state: RTCSctpTransportState, max_channels: int | None = None) -> None:
        self._add("sctp", state, max_channels)

    def on_channel_open(self, channel_id: int) -> None:
        self._add("open", channel_id)

    def on_remote_channel(self, channel_id: int, parameters: dict[str, Any]) -> None:
        self._add("remote-channel", channel_id, parameters)

    def on_channel_message(self, channel_id: int, data: str | bytes) -> None:
        self._add("message", channel_id, data)

    def on_channel_buffered(self, channel_id: int, buffered_amount: int) -> None:
        self._add("buffered", channel_id, buffered_amount)

    def on_channel_closed(self, channel_id: int) -> None:
        self._add("closed", channel_id)

    def on_media(self, transceiver: str, receiving: bool) -> None:
        self._add("media", transceiver, receiving)

    def events(self, *kinds: str) -> list[Event]:
        """This end's events (without the end's name), optionally only of ``kinds``."""
        return [e[1:] for e in self.log if e[0] == self.name and (not kinds or e[1] in kinds)]

    def args(self, kind: str) -> list[Any]:
        """The arguments of this end's ``kind`` events (one value when there is one)."""
        found = [e[2:] for e in self.log if e[0] == self.name and e[1] == kind]
        return [a[0] if len(a) == 1 else a for a in found]


@dataclass
class Params:
    """ChannelParameters (webrtc-pc 6.2 RTCDataChannelInit with the id known)."""

    label: str = "chat"
    protocol: str = ""
    ordered: bool = True
    maxPacketLifeTime: int | None = None
    maxRetransmits: int | None = None
    negotiated: bool = False
    id: int | None = 0


@dataclass
class End:
    name: str
    backend: MemoryTransport
    rec: Recorder
    ufrag: str
    pwd: str
    fingerprints: tuple[Fingerprint, ...]
    candidates: list[Candidate] = field(default_factory=list)

    def gathered(self, transport: str = "0") -> list[Candidate]:
        return [
            e[3]
            for e in self.rec.events("candidate")
            if e[1] == transport and e[2] == self.ufrag and e[3] is not None
        ]


def run(script: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(script())  # type: ignore[arg-type]


async def settle(steps: int = 400) -> None:
    """Let every queued step run (each backend hop is one loop iteration)."""
    for _ in range(steps):
        await asyncio.sleep(0)


def new_end(name: str, network: MemoryNetwork, log: list[Event], **faults: Any) -> End:
    backend = MemoryTransport(network, **faults)
    rec = Recorder(name, log)
    backend.attach(rec)
    certificate = MemoryCertificate(expires=1e15, identity=name.encode().ljust(32, b"."))
    endpoint = backend.local_endpoint((certificate,))
    return End(
        name, backend, rec, f"{name}uf1", f"{name}-password-0123456789ab", endpoint.fingerprints
    )


def connect_effect(
    local: End,
    remote: End,
    *,
    ice_role: RTCIceRole,
    dtls_role: RTCDtlsRole,
    candidates: tuple[Candidate, ...] | None = None,
    fingerprints: tuple[Fingerprint, ...] | None = None,
    transport: str = "0",
) -> ConnectTransport:
    return ConnectTransport(
        transport=transport,
        ice_role=ice_role,
        local_ufrag=local.ufrag,
        local_pwd=local.pwd,
        remote_ufrag=remote.ufrag,
        remote_pwd=remote.pwd,
        remote_ice_lite=False,
        remote_candidates=tuple(remote.gathered(transport)) if candidates is None else candidates,
        remote_end_of_candidates=True,
        dtls_role=dtls_role,
        remote_fingerprints=remote.fingerprints if fingerprints is None else fingerprints,
    )


async def gather(*ends: End, transport: str = "0", restart: bool = False) -> None:
    for end in ends:
        end.backend.gather(GatherCandidates(transport, end.ufrag, end.pwd, restart=restart))
    await settle()


async def pair(
    network: MemoryNetwork,
    log: list[Event],
    *,
    a_faults: dict[str, Any] | None = None,
    b_faults: dict[str, Any] | None = None,
    a_dtls: RTCDtlsRole = CLIENT,
    b_dtls: RTCDtlsRole = SERVER,
    a_ice: RTCIceRole = CONTROLLING,
    b_ice: RTCIceRole = CONTROLLED,
) -> tuple[End, End]:
    """Two ends that gathered and connected to each other (with each other's candidates)."""
    a = new_end("a", network, log, **(a_faults or {}))
    b = new_end("b", network, log, **(b_faults or {}))
    await gather(a, b)
    a.backend.connect(connect_effect(a, b, ice_role=a_ice, dtls_role=a_dtls))
    b.backend.connect(connect_effect(b, a, ice_role=b_ice, dtls_role=b_dtls))
    await settle()
    return a, b


def sctp_effect(transport: str = "0") -> StartSctp:
    return StartSctp(transport, 5000, 5000, 262144, 262144)


async def associated(network: MemoryNetwork, log: list[Event], **kwargs: Any) -> tuple[End, End]:
    a, b = await pair(network, log, **kwargs)
    a.backend.start_sctp(sctp_effect())
    b.backend.start_sctp(sctp_effect())
    await settle()
    return a, b


def media(
    transceiver: str, *, send: bool, receive: bool, mid: str = "0", ssrc: int = 1111
) -> UpdateMedia:
    return UpdateMedia(
        transceiver=transceiver,
        transport="0",
        mid=mid,
        send=send,
        receive=receive,
        send_codecs=(),
        receive_codecs=(),
        ssrc=ssrc,
        rtx_ssrc=None,
        remote_ssrcs=(),
    )


class Track:
    kind = "audio"


# --- contract and certificates ----------------------------------------------------------------


def test_memory_transport_is_a_transport_backend() -> None:
    """sdpmodel.transport: MemoryTransport implements the TransportBackend Protocol, named "memory"."""
    backend = MemoryTransport(MemoryNetwork())
    assert isinstance(backend, TransportBackend)
    assert backend.name == "memory"


def test_transports_without_a_network_share_the_default_one() -> None:
    """DESIGN, Transport: two MemoryTransport() of one process are on one network; a given network isolates."""
    assert MemoryTransport().network is MemoryTransport().network
    own = MemoryNetwork()
    assert MemoryTransport(own).network is own
    assert MemoryTransport(own).network is not MemoryTransport().network


def test_certificate_fingerprint_and_expiry() -> None:
    """webrtc-pc 4.9.2, RFC 8122 5: getFingerprints gives one sha-256 of 32 upper-case hex pairs; expires is kept."""
    certificate = MemoryCertificate(expires=1234.0)
    assert certificate.expires == 1234.0
    [fingerprint] = certificate.getFingerprints()
    assert fingerprint["algorithm"] == "sha-256"
    pairs = fingerprint["value"].split(":")
    assert len(pairs) == 32
    assert all(len(p) == 2 and p == p.upper() and int(p, 16) >= 0 for p in pairs)
    assert MemoryCertificate().getFingerprints() != certificate.getFingerprints()
    # The default lifetime is 30 days from now (webrtc-pc 4.9.1).
    assert MemoryCertificate().expires > 1e12


def test_local_endpoint_advertises_the_given_or_a_generated_certificate() -> None:
    """webrtc-pc 4.4.1.1 step 6: without certificates the backend makes one, and keeps using it."""
    backend = MemoryTransport(MemoryNetwork())
    given = MemoryCertificate()
    endpoint = backend.local_endpoint((given,))
    assert endpoint.fingerprints == (given.fingerprint,)
    assert endpoint.audio_codecs  # the browser-like defaults
    first = backend.local_endpoint(())
    assert first.fingerprints != (given.fingerprint,)
    assert backend.local_endpoint(()).fingerprints == first.fingerprints


def test_bad_arguments_raise_type_and_value_errors() -> None:
    """sdpmodel.transport: bad arguments raise TypeError/ValueError; calls before attach raise RuntimeError."""
    with pytest.raises(ValueError, match="packet_loss"):
        MemoryTransport(MemoryNetwork(), packet_loss=1.5)
    with pytest.raises(TypeError):
        MemoryTransport(MemoryNetwork(), ice_failure=1)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="attach"):
        MemoryTransport(MemoryNetwork()).gather(GatherCandidates("0", "u", "p"))

    async def script() -> None:
        end = new_end("a", MemoryNetwork(), [])
        with pytest.raises(ValueError, match="stream id"):
            end.backend.open_channel(Params(id=None))
        with pytest.raises(ValueError, match="65534"):
            end.backend.open_channel(Params(id=65535))
        end.backend.open_channel(Params(id=2))
        with pytest.raises(TypeError):
            end.backend.send(2, 42)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="no data channel"):
            end.backend.send(4, "x")
        with pytest.raises(TypeError):
            end.backend.connect("not an effect")  # type: ignore[arg-type]

    run(script)


# --- ICE --------------------------------------------------------------------------------------


def test_gathering_reports_gathering_candidate_end_complete() -> None:
    """webrtc-pc 5.6.1: gathering, then one host UDP candidate (component 1, rtcp-mux), then None, then complete."""

    async def script() -> End:
        end = new_end("a", MemoryNetwork(), [])
        await gather(end)
        return end

    end = run(script)
    events = end.rec.events()
    assert [e[0] for e in events] == ["gathering", "candidate", "candidate", "gathering"]
    assert events[0] == ("gathering", "0", RTCIceGathererState.GATHERING)
    assert events[2] == ("candidate", "0", "auf1", None)
    assert events[3] == ("gathering", "0", RTCIceGathererState.COMPLETE)
    candidate = events[1][3]
    assert (candidate.component, candidate.transport, candidate.type) == (1, "udp", "host")
    assert candidate.address.startswith(("198.51.100.", "203.0.113."))  # RFC 5737
    assert candidate.port >= 50000
    assert candidate.ufrag == "auf1"
    assert candidate.priority == (126 << 24) + (65535 << 8) + 255  # RFC 8445, 5.1.2.1


def test_ice_restart_gathers_a_new_port_on_the_same_transport() -> None:
    """RFC 8445, 9: an ICE restart gathers again with the new ufrag, on a new port of the same host."""

    async def script() -> End:
        end = new_end("a", MemoryNetwork(), [])
        await gather(end)
        end.ufrag, end.pwd = "auf2", "a-password-second-generation"
        await gather(end, restart=True)
        return end

    end = run(script)
    candidates = [e[3] for e in end.rec.events("candidate") if e[3] is not None]
    assert [c.ufrag for c in candidates] == ["auf1", "auf2"]
    assert candidates[0].address == candidates[1].address
    assert candidates[0].port != candidates[1].port
    assert end.rec.args("gathering") == [("0", s) for s in ("gathering", "complete") * 2]


def test_a_pair_connects_ice_then_dtls_on_both_ends() -> None:
    """RFC 8445 then RFC 5763: checking, connected, then DTLS connecting and connected, on both ends."""
    log: list[Event] = []
    a, b = run(lambda: pair(MemoryNetwork(), log))
    for end in (a, b):
        assert end.rec.events("ice", "dtls") == [
            ("ice", "0", Ice.CHECKING),
            ("ice", "0", Ice.CONNECTED),
            ("dtls", "0", Dtls.CONNECTING, None),
            ("dtls", "0", Dtls.CONNECTED, None),
        ]
    # Both ends see ICE connected before either sees DTLS connecting.
    kinds = [(e[0], e[1], e[3]) for e in log if e[1] in ("ice", "dtls")]
    assert kinds.index(("b", "ice", Ice.CONNECTED)) < kinds.index(("a", "dtls", Dtls.CONNECTING))


def test_one_side_knowing_a_candidate_is_enough() -> None:
    """RFC 8445, 7.3.1.3: checks from an unknown address connect, and the receiver learns a peer-reflexive candidate."""

    async def script() -> tuple[End, End, dict[str, Any]]:
        network, log = MemoryNetwork(), list[Event]()
        a, b = new_end("a", network, log), new_end("b", network, log)
        await gather(a, b)
        a.backend.connect(connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT))
        b.backend.connect(
            connect_effect(b, a, ice_role=CONTROLLED, dtls_role=SERVER, candidates=())
        )
        await settle()
        return a, b, await b.backend.get_stats()

    a, b, stats = run(script)
    assert a.rec.args("dtls")[-1] == ("0", Dtls.CONNECTED, None)
    assert b.rec.args("dtls")[-1] == ("0", Dtls.CONNECTED, None)
    remote = [s for s in stats.values() if s["type"] == "remote-candidate"]
    assert [r["candidateType"] for r in remote] == ["prflx"]
    assert remote[0]["address"] == a.backend.address


def test_trickled_candidate_connects_the_pair() -> None:
    """RFC 8838: a candidate added after connect() starts the checks; "checking" waits for one (webrtc-pc 5.6.4)."""

    async def script() -> tuple[End, End]:
        network, log = MemoryNetwork(), list[Event]()
        a, b = new_end("a", network, log), new_end("b", network, log)
        await gather(a, b)
        a.backend.connect(
            connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT, candidates=())
        )
        b.backend.connect(
            connect_effect(b, a, ice_role=CONTROLLED, dtls_role=SERVER, candidates=())
        )
        await settle()
        assert a.rec.args("ice") == []  # no remote candidate yet: still "new"
        b.backend.add_remote_candidate(AddRemoteCandidate("0", a.ufrag, a.gathered()[0]))
        await settle()
        return a, b

    a, b = run(script)
    assert a.rec.args("ice") == [("0", Ice.CHECKING), ("0", Ice.CONNECTED)]
    assert b.rec.args("ice") == [("0", Ice.CHECKING), ("0", Ice.CONNECTED)]


def test_mismatched_credentials_keep_checking() -> None:
    """RFC 8445, 7.2.2: checks with the wrong ufrag/password are not answered, so the pair never forms."""

    async def script() -> tuple[End, End]:
        network, log = MemoryNetwork(), list[Event]()
        a, b = new_end("a", network, log), new_end("b", network, log)
        await gather(a, b)
        a.backend.connect(connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT))
        b.pwd = "not-the-password-a-was-given"
        b.backend.connect(connect_effect(b, a, ice_role=CONTROLLED, dtls_role=SERVER))
        await settle()
        return a, b

    a, b = run(script)
    assert a.rec.args("ice") == [("0", Ice.CHECKING)]
    assert b.rec.args("ice") == [("0", Ice.CHECKING)]
    assert a.rec.events("dtls") == b.rec.events("dtls") == []


def test_ice_failure_fails_both_ends() -> None:
    """Fault injection (RFC 8445, 8.1.2): with ice_failure every check is lost: checking then failed on both ends, no DTLS."""
    log: list[Event] = []
    a, b = run(lambda: pair(MemoryNetwork(), log, b_faults={"ice_failure": True}))
    for end in (a, b):
        assert end.rec.args("ice") == [("0", Ice.CHECKING), ("0", Ice.FAILED)]
        assert end.rec.events("dtls") == []


def test_ice_role_conflict_is_resolved_and_connects() -> None:
    """RFC 8445, 7.3.1.1: both ends controlling is a role conflict the tie-breaker resolves; the pair still connects."""

    async def script() -> tuple[End, End, dict[str, Any], dict[str, Any]]:
        a, b = await pair(MemoryNetwork(), [], b_ice=CONTROLLING)
        return a, b, await a.backend.get_stats(), await b.backend.get_stats()

    a, _b, a_stats, b_stats = run(script)
    assert a.rec.args("dtls")[-1] == ("0", Dtls.CONNECTED, None)
    roles = {a_stats["transport-0"]["iceRole"], b_stats["transport-0"]["iceRole"]}
    assert roles == {"controlling", "controlled"}


def test_ice_restart_keeps_dtls_and_data() -> None:
    """RFC 8445, 9: an ICE restart goes checking then connected again; DTLS and SCTP stay up and data still flows."""

    async def script() -> tuple[End, End, list[Event]]:
        log: list[Event] = []
        a, b = await associated(MemoryNetwork(), log)
        a.backend.open_channel(Params(id=0))
        await settle()
        mark = len(log)
        a.ufrag, a.pwd = "auf2", "a-password-after-restart"
        b.ufrag, b.pwd = "buf2", "b-password-after-restart"
        await gather(a, b, restart=True)
        a.backend.connect(connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT))
        b.backend.connect(connect_effect(b, a, ice_role=CONTROLLED, dtls_role=SERVER))
        await settle()
        a.backend.send(0, "after restart")
        await settle()
        return a, b, log[mark:]

    _a, _b, after = run(script)
    for name in ("a", "b"):
        ice = [e[3] for e in after if e[0] == name and e[1] == "ice"]
        assert ice == [Ice.CHECKING, Ice.CONNECTED]
        assert not [e for e in after if e[0] == name and e[1] in ("dtls", "sctp", "closed")]
    assert ("b", "message", 0, "after restart") in after


# --- DTLS ---------------------------------------------------------------------------------------


def test_wrong_fingerprint_fails_dtls_on_both_ends_and_nothing_flows() -> None:
    """RFC 8122, 5 and RFC 5763, 5: a fingerprint mismatch fails the DTLS handshake on both ends and no data flows."""

    async def script() -> tuple[End, End]:
        log: list[Event] = []
        a, b = await pair(MemoryNetwork(), log, a_faults={"wrong_fingerprint": True})
        for end in (a, b):
            end.backend.start_sctp(sctp_effect())
        a.backend.open_channel(Params(id=0))
        a.backend.send(0, "secret")
        a.backend.update_media(media("ta", send=True, receive=False), Track())
        b.backend.update_media(media("tb", send=False, receive=True), None)
        await settle()
        return a, b

    a, b = run(script)
    for end in (a, b):
        assert end.rec.args("ice")[-1] == ("0", Ice.CONNECTED)
        assert end.rec.args("dtls") == [
            ("0", Dtls.CONNECTING, None),
            ("0", Dtls.FAILED, "fingerprint-failure"),
        ]
        assert end.rec.args("sctp") == [(Sctp.CONNECTING, None)]
        assert end.rec.events("open", "remote-channel", "message", "media") == []


def test_fingerprints_compare_case_insensitively() -> None:
    """RFC 8122, 5: the hex digits and the hash name of a fingerprint compare without regard to case."""

    async def script() -> tuple[End, End]:
        network, log = MemoryNetwork(), list[Event]()
        a, b = new_end("a", network, log), new_end("b", network, log)
        await gather(a, b)
        lowered = tuple(
            Fingerprint(f.hash_function.upper(), f.fingerprint.lower()) for f in b.fingerprints
        )
        a.backend.connect(
            connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT, fingerprints=lowered)
        )
        b.backend.connect(connect_effect(b, a, ice_role=CONTROLLED, dtls_role=SERVER))
        await settle()
        return a, b

    a, b = run(script)
    assert a.rec.args("dtls")[-1] == b.rec.args("dtls")[-1] == ("0", Dtls.CONNECTED, None)


def test_other_hash_function_does_not_match() -> None:
    """RFC 8122, 5: a fingerprint matches only when computed with the same hash function."""

    async def script() -> End:
        network, log = MemoryNetwork(), list[Event]()
        a, b = new_end("a", network, log), new_end("b", network, log)
        await gather(a, b)
        other = tuple(Fingerprint("sha-1", f.fingerprint) for f in b.fingerprints)
        a.backend.connect(
            connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT, fingerprints=other)
        )
        b.backend.connect(connect_effect(b, a, ice_role=CONTROLLED, dtls_role=SERVER))
        await settle()
        return b

    b = run(script)
    assert b.rec.args("dtls")[-1] == ("0", Dtls.FAILED, "fingerprint-failure")


def test_dtls_role_clash_fails_both_ends() -> None:
    """RFC 8842, 5: one end must be the DTLS client and the other the server; two clients fail with dtls-failure."""
    log: list[Event] = []
    a, b = run(lambda: pair(MemoryNetwork(), log, a_dtls=CLIENT, b_dtls=CLIENT))
    for end in (a, b):
        assert end.rec.args("dtls") == [
            ("0", Dtls.CONNECTING, None),
            ("0", Dtls.FAILED, "dtls-failure"),
        ]


# --- SCTP and data channels ----------------------------------------------------------------------


def test_sctp_connects_on_both_ends_after_dtls() -> None:
    """RFC 8841 / webrtc-pc 6.1: start_sctp reports connecting, then connected with maxChannels 65535 on both ends."""
    log: list[Event] = []
    a, b = run(lambda: associated(MemoryNetwork(), log))
    for end in (a, b):
        assert end.rec.args("sctp") == [(Sctp.CONNECTING, None), (Sctp.CONNECTED, 65535)]


def test_sctp_waits_for_both_ends() -> None:
    """RFC 9260, 5.1: the association forms only when both ends run SCTP over the connected transport."""

    async def script() -> End:
        a, _ = await pair(MemoryNetwork(), [])
        a.backend.start_sctp(sctp_effect())
        await settle()
        return a

    a = run(script)
    assert a.rec.args("sctp") == [(Sctp.CONNECTING, None)]


def test_dcep_open_and_messages_both_ways_in_order() -> None:
    """RFC 8832, 5 and RFC 8831, 6.6: OPEN makes the remote channel, the ACK opens the opener's; ordered messages keep their order."""

    async def script() -> tuple[End, End, list[Event]]:
        log: list[Event] = []
        a, b = await associated(MemoryNetwork(), log)
        mark = len(log)
        a.backend.open_channel(Params(label="chat", protocol="p1", id=0))
        await settle()
        for n in range(5):
            a.backend.send(0, f"a{n}")
            b.backend.send(0, f"b{n}".encode())
        await settle()
        return a, b, log[mark:]

    a, b, log = run(script)
    opening = [e for e in log if e[1] in ("open", "remote-channel")]
    assert opening == [
        (
            "b",
            "remote-channel",
            0,
            {
                "label": "chat",
                "protocol": "p1",
                "ordered": True,
                "maxPacketLifeTime": None,
                "maxRetransmits": None,
            },
        ),
        ("b", "open", 0),
        ("a", "open", 0),
    ]
    assert b.rec.args("message") == [(0, f"a{n}") for n in range(5)]
    assert a.rec.args("message") == [(0, f"b{n}".encode()) for n in range(5)]


def test_buffered_amount_drains_to_zero() -> None:
    """webrtc-pc 6.2 bufferedAmount: each message leaving the buffer reports what remains (UTF-8 bytes), down to 0."""

    async def script() -> End:
        a, _ = await associated(MemoryNetwork(), [])
        a.backend.open_channel(Params(id=0))
        await settle()
        a.backend.send(0, "é" * 3)  # 6 bytes in UTF-8
        a.backend.send(0, b"1234")
        a.backend.send(0, "")
        await settle()
        return a

    a = run(script)
    assert a.rec.args("buffered") == [(0, 4), (0, 0), (0, 0)]


def test_channel_waits_for_sctp() -> None:
    """webrtc-pc 6.2 createDataChannel: a channel opened before SCTP is up opens once the association is."""

    async def script() -> tuple[End, End]:
        log: list[Event] = []
        a, b = await pair(MemoryNetwork(), log)
        a.backend.open_channel(Params(id=0))
        a.backend.send(0, "early")
        await settle()
        assert a.rec.events("open") == []
        a.backend.start_sctp(sctp_effect())
        b.backend.start_sctp(sctp_effect())
        await settle()
        return a, b

    a, b = run(script)
    assert a.rec.args("open") == [0]
    assert b.rec.args("open") == [0]
    assert b.rec.args("message") == [(0, "early")]


def test_negotiated_channels_open_locally_and_keep_early_messages() -> None:
    """RFC 8832, 6 and webrtc-pc 6.2 negotiated: no DCEP; each end opens its own; messages sent first wait for the peer's channel."""

    async def script() -> tuple[End, End]:
        log: list[Event] = []
        a, b = await associated(MemoryNetwork(), log)
        a.backend.open_channel(Params(id=5, negotiated=True))
        await settle()
        a.backend.send(5, "one")
        a.backend.send(5, "two")
        await settle()
        assert b.rec.events("message") == []
        b.backend.open_channel(Params(id=5, negotiated=True))
        await settle()
        b.backend.send(5, "back")
        await settle()
        return a, b

    a, b = run(script)
    assert a.rec.events("open", "remote-channel") == [("open", 5)]
    assert b.rec.events("open", "remote-channel", "message") == [
        ("open", 5),
        ("message", 5, "one"),
        ("message", 5, "two"),
    ]
    assert a.rec.args("message") == [(5, "back")]


def test_open_channel_twice_is_harmless() -> None:
    """sdpmodel.transport: asking again to open a waiting channel with the same parameters changes nothing."""

    async def script() -> End:
        a, _ = await pair(MemoryNetwork(), [])
        a.backend.open_channel(Params(id=0))
        a.backend.open_channel(Params(id=0))
        with pytest.raises(ValueError, match="already"):
            a.backend.open_channel(Params(id=0, label="other"))
        return a

    run(script)


def test_close_channel_delivers_pending_then_closes_both_ends() -> None:
    """webrtc-pc 6.2.4 and RFC 8831, 6.7: close sends what is buffered, then the stream reset closes the peer's channel, then ours."""

    async def script() -> tuple[End, End, list[Event]]:
        log: list[Event] = []
        a, b = await associated(MemoryNetwork(), log)
        a.backend.open_channel(Params(id=0))
        await settle()
        mark = len(log)
        a.backend.send(0, "last words")
        a.backend.close_channel(0)
        a.backend.send(0, "too late")  # closing: dropped, never raises
        await settle()
        a.backend.close_channel(0)  # already closed: harmless
        a.backend.send(0, "still too late")
        await settle()
        return a, b, log[mark:]

    _a, _b, log = run(script)
    assert [e for e in log if e[1] in ("message", "closed")] == [
        ("b", "message", 0, "last words"),
        ("b", "closed", 0),
        ("a", "closed", 0),
    ]


def test_stop_sctp_closes_channels_and_the_association_on_both_ends() -> None:
    """webrtc-pc 6.1.4 and RFC 9260, 9.1: tearing the association down closes every channel, then SCTP, on both ends."""

    async def script() -> tuple[End, End, list[Event]]:
        log: list[Event] = []
        a, b = await associated(MemoryNetwork(), log)
        a.backend.open_channel(Params(id=0))
        a.backend.open_channel(Params(id=2, negotiated=True))
        await settle()
        mark = len(log)
        a.backend.stop_sctp()
        await settle()
        return a, b, log[mark:]

    _a, _b, log = run(script)
    assert [e for e in log if e[0] == "a"] == [
        ("a", "closed", 0),
        ("a", "closed", 2),
        ("a", "sctp", Sctp.CLOSED, None),
    ]
    assert [e for e in log if e[0] == "b"] == [("b", "closed", 0), ("b", "sctp", Sctp.CLOSED, None)]


def test_packet_loss_drops_only_unreliable_messages_at_the_rate() -> None:
    """RFC 8831, 6.1 and RFC 3758: loss drops messages of unreliable channels at the configured rate; reliable ones all arrive."""

    async def script() -> End:
        a, b = await associated(MemoryNetwork(), [], a_faults={"packet_loss": 0.25})
        a.backend.open_channel(Params(label="reliable", id=0))
        a.backend.open_channel(Params(label="unreliable", id=2, ordered=False, maxRetransmits=0))
        a.backend.open_channel(Params(label="lifetime", id=4, maxPacketLifeTime=100))
        await settle()
        for n in range(200):
            a.backend.send(0, f"r{n}")
            a.backend.send(2, f"u{n}")
            a.backend.send(4, f"l{n}")
        await settle(2000)
        return b

    b = run(script)
    received = b.rec.args("message")
    reliable = [d for c, d in received if c == 0]
    unreliable = [d for c, d in received if c == 2]
    lifetime = [d for c, d in received if c == 4]
    assert reliable == [f"r{n}" for n in range(200)]
    # Each partially reliable channel loses exactly a quarter, evenly spread.
    assert len(unreliable) == len(lifetime) == 150
    assert [f"u{n}" for n in range(200) if (n + 1) % 4] == unreliable


def test_retransmissions_recover_some_losses() -> None:
    """RFC 3758: a message with maxRetransmits=n is lost only when all n + 1 transmissions are."""

    async def script() -> End:
        a, b = await associated(MemoryNetwork(), [], b_faults={"packet_loss": 0.5})
        a.backend.open_channel(Params(id=0, maxRetransmits=0))
        a.backend.open_channel(Params(id=2, maxRetransmits=3))
        await settle()
        for _n in range(100):
            a.backend.send(0, "x")
        for _n in range(100):
            a.backend.send(2, "y")
        await settle(2000)
        return b

    b = run(script)
    received = b.rec.args("message")
    assert sum(1 for c, _ in received if c == 0) == 50
    assert sum(1 for c, _ in received if c == 2) > 50


# --- media ---------------------------------------------------------------------------------------


def test_media_flows_to_the_receiver_of_the_same_mid_and_stops() -> None:
    """RFC 8843, 9.2 and webrtc-pc 9.3: a sender with a track on mid M feeds the peer's receiver on M; stopping it is reported."""

    async def script() -> tuple[End, End, list[list[Event]]]:
        log: list[Event] = []
        a, b = await pair(MemoryNetwork(), log)
        phases: list[list[Event]] = []

        async def phase(step: Callable[[], None]) -> None:
            mark = len(log)
            step()
            await settle()
            phases.append([e for e in log[mark:] if e[1] == "media"])

        await phase(lambda: b.backend.update_media(media("tb", send=False, receive=True), None))
        await phase(lambda: a.backend.update_media(media("ta", send=True, receive=False), None))
        await phase(lambda: a.backend.update_media(media("ta", send=True, receive=False), Track()))
        await phase(lambda: a.backend.update_media(media("ta", send=False, receive=False), Track()))
        await phase(lambda: a.backend.update_media(media("ta", send=True, receive=False), Track()))
        await phase(
            lambda: a.backend.update_media(media("ta", send=True, receive=False, mid="1"), Track())
        )
        await phase(lambda: a.backend.update_media(media("ta", send=True, receive=False), Track()))
        await phase(lambda: a.backend.stop_transceiver("ta"))
        return a, b, phases

    a, _b, phases = run(script)
    assert phases == [
        [],  # receiving, nobody sends
        [],  # sending without a track sends nothing
        [("b", "media", "tb", True)],
        [("b", "media", "tb", False)],
        [("b", "media", "tb", True)],
        [("b", "media", "tb", False)],  # another mid
        [("b", "media", "tb", True)],
        [("b", "media", "tb", False)],
    ]
    assert a.rec.events("media") == []


def test_media_needs_dtls() -> None:
    """RFC 5764, 4: SRTP keys come from the DTLS handshake, so a failed handshake carries no media."""

    async def script() -> End:
        a, b = await pair(MemoryNetwork(), [], a_dtls=SERVER, b_dtls=SERVER)
        b.backend.update_media(media("tb", send=False, receive=True), None)
        a.backend.update_media(media("ta", send=True, receive=False), Track())
        await settle()
        return b

    b = run(script)
    assert b.rec.events("media") == []


def test_rtp_stats_count_packets_on_both_ends() -> None:
    """webrtc-stats 8.x: outbound-rtp packetsSent and inbound-rtp packetsReceived grow while media flows."""

    async def script() -> tuple[dict[str, Any], dict[str, Any]]:
        a, b = await pair(MemoryNetwork(), [])
        b.backend.update_media(media("tb", send=False, receive=True), None)
        a.backend.update_media(media("ta", send=True, receive=False, ssrc=4242), Track())
        await settle()
        await a.backend.get_stats()
        await b.backend.get_stats()
        a_stats = await a.backend.get_stats()
        return a_stats, await b.backend.get_stats()

    a_stats, b_stats = run(script)
    [outbound] = [s for s in a_stats.values() if s["type"] == "outbound-rtp"]
    [inbound] = [s for s in b_stats.values() if s["type"] == "inbound-rtp"]
    assert outbound["ssrc"] == inbound["ssrc"] == 4242
    assert outbound["kind"] == inbound["kind"] == "audio"
    assert outbound["mid"] == inbound["mid"] == "0"
    # One packet at the start, then one per get_stats() call on either end: a's
    # report was taken after three calls, b's after the fourth.
    assert (outbound["packetsSent"], inbound["packetsReceived"]) == (4, 5)
    assert (outbound["bytesSent"], inbound["bytesReceived"]) == (400, 500)


# --- stats ----------------------------------------------------------------------------------------


def test_stats_describe_transport_pair_candidates_and_channels() -> None:
    """webrtc-stats: transport, candidate-pair, local/remote candidates and data-channel counters with the W3C names."""

    async def script() -> dict[str, Any]:
        a, b = await associated(MemoryNetwork(), [])
        a.backend.open_channel(Params(label="stats", id=0))
        await settle()
        a.backend.send(0, "hello")
        a.backend.send(0, b"\x00\x01")
        b.backend.send(0, "hi")
        await settle()
        return await a.backend.get_stats()

    stats = run(script)
    transport = stats["transport-0"]
    assert transport["type"] == "transport"
    assert transport["iceState"] == "connected"
    assert transport["dtlsState"] == "connected"
    assert transport["dtlsRole"] == "client"
    assert transport["bytesSent"] == 7
    assert transport["bytesReceived"] == 2
    pair_stats = stats[transport["selectedCandidatePairId"]]
    assert pair_stats["type"] == "candidate-pair"
    assert pair_stats["state"] == "succeeded"
    assert pair_stats["nominated"] is True
    assert stats[pair_stats["localCandidateId"]]["type"] == "local-candidate"
    assert stats[pair_stats["remoteCandidateId"]]["type"] == "remote-candidate"
    assert stats[pair_stats["remoteCandidateId"]]["candidateType"] == "host"
    assert stats[transport["localCertificateId"]]["type"] == "certificate"
    assert stats[transport["remoteCertificateId"]]["fingerprintAlgorithm"] == "sha-256"
    channel = stats["data-channel-0"]
    assert (channel["label"], channel["state"], channel["dataChannelIdentifier"]) == (
        "stats",
        "open",
        0,
    )
    assert (channel["messagesSent"], channel["bytesSent"]) == (2, 7)
    assert (channel["messagesReceived"], channel["bytesReceived"]) == (1, 2)
    assert all(s["id"] == key and isinstance(s["timestamp"], float) for key, s in stats.items())


# --- teardown ---------------------------------------------------------------------------------------


def test_close_stops_callbacks_and_the_peer_loses_the_connection() -> None:
    """webrtc-pc 4.4.1.6 and RFC 7675, 5.1: after close() no report follows; the peer sees DTLS closed, its channels and SCTP close, then ICE disconnected, then failed."""

    async def script() -> tuple[End, End, list[Event]]:
        log: list[Event] = []
        a, b = await associated(MemoryNetwork(), log)
        a.backend.open_channel(Params(id=0))
        b.backend.update_media(media("tb", send=False, receive=True), None)
        a.backend.update_media(media("ta", send=True, receive=False), Track())
        await settle()
        mark = len(log)
        a.backend.send(0, "queued")  # never reported back to a
        await a.backend.close()
        a.backend.send(0, "after close")  # a no-op, no error
        a.backend.gather(GatherCandidates("1", "x", "y"))
        await settle()
        assert await a.backend.get_stats() == {}
        return a, b, log[mark:]

    _a, _b, after = run(script)
    assert [e for e in after if e[0] == "a"] == []
    assert [e[1:] for e in after if e[0] == "b"] == [
        ("dtls", "0", Dtls.CLOSED, None),
        ("closed", 0),
        ("sctp", Sctp.CLOSED, None),
        ("media", "tb", False),
        ("ice", "0", Ice.DISCONNECTED),
        ("ice", "0", Ice.FAILED),
    ]


def test_close_transport_closes_it_here_and_for_the_peer() -> None:
    """webrtc-pc 4.6.13.1 and RFC 5246, 7.2.1: a transport no longer used closes here; the far end hears close_notify (DTLS closed), ICE untouched."""

    async def script() -> tuple[End, End, list[Event]]:
        log: list[Event] = []
        a, b = await pair(MemoryNetwork(), log)
        mark = len(log)
        a.backend.close_transport("0")
        a.backend.close_transport("0")  # unknown now: harmless
        await settle()
        return a, b, log[mark:]

    _a, _b, after = run(script)
    assert [e[1:] for e in after if e[0] == "a"] == [
        ("dtls", "0", Dtls.CLOSED, None),
        ("ice", "0", Ice.CLOSED),
    ]
    assert [e[1:] for e in after if e[0] == "b"] == [("dtls", "0", Dtls.CLOSED, None)]


def test_connect_before_gather_still_reports_the_candidate() -> None:
    """webrtc-pc 5.6.1: a gather() that follows connect() for the same ufrag still reports its candidate."""

    async def script() -> End:
        network, log = MemoryNetwork(), list[Event]()
        a, b = new_end("a", network, log), new_end("b", network, log)
        await gather(b)
        a.backend.connect(connect_effect(a, b, ice_role=CONTROLLING, dtls_role=CLIENT))
        await gather(a)
        return a

    a = run(script)
    assert [e[3] is None for e in a.rec.events("candidate")] == [False, True]


# --- determinism ---------------------------------------------------------------------------------------


async def whole_script() -> list[Event]:
    """Everything at once: gathering, ICE, DTLS, SCTP, DCEP, negotiated channels, loss, media, close."""
    log: list[Event] = []
    a, b = await associated(MemoryNetwork(), log, a_faults={"packet_loss": 0.3})
    a.backend.open_channel(Params(id=0))
    b.backend.open_channel(Params(id=1, maxRetransmits=0))
    a.backend.open_channel(Params(id=6, negotiated=True))
    b.backend.open_channel(Params(id=6, negotiated=True))
    b.backend.update_media(media("tb", send=False, receive=True), None)
    a.backend.update_media(media("ta", send=True, receive=True), Track())
    await settle()
    for n in range(20):
        a.backend.send(0, f"a{n}")
        b.backend.send(1, bytes([n]))
        a.backend.send(6, f"n{n}")
    a.backend.close_channel(6)
    await settle()
    log.append(("stats", await a.backend.get_stats()))
    await b.backend.close()
    await settle()
    return log


def test_the_same_script_gives_the_same_events() -> None:
    """Determinism (DESIGN, Transport): two runs of one script on fresh networks give identical event logs."""
    first = run(whole_script)
    second = run(whole_script)
    assert first == second
    assert len(first) > 50
