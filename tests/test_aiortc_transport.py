"""The aiortc backend: two sdpmodel peers in one process, on real sockets bound to 127.0.0.1.

Every wait is on an event or on a condition polled with a bounded timeout;
nothing sleeps for a fixed time.  The module is skipped when aiortc is not
installed (the ``aiortc`` extra).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip(
    "aiortc", reason="the aiortc backend needs the aiortc extra (pip install 'sdpmodel[aiortc]')"
)

import aioice.ice
from _pair import negotiate, run, trickle
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
from av import AudioFrame, VideoFrame

import sdpmodel
from sdpmodel import (
    MediaStream,
    MediaStreamTrack,
    PerfectNegotiator,
    RTCPeerConnection,
    RTCSessionDescription,
)
from sdpmodel.transport.aiortc import INTERFACES_VARIABLE, AiortcCertificate, AiortcTransport

LOOPBACK = ("127.0.0.1",)
TIMEOUT = 10.0


def loopback_peer(configuration: dict[str, Any] | None = None) -> RTCPeerConnection:
    return RTCPeerConnection(configuration, transport=AiortcTransport(interfaces=LOOPBACK))


async def eventually(predicate: Callable[[], bool], *, timeout: float = TIMEOUT) -> None:
    """Poll ``predicate`` every 20 ms (for counters no event announces), up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not hold in time")
        await asyncio.sleep(0.02)


async def state(pc: RTCPeerConnection, wanted: str, *, timeout: float = TIMEOUT) -> None:
    """Wait for ``pc.connectionState == wanted`` on its connectionstatechange events."""
    if pc.connectionState == wanted:
        return
    reached = asyncio.get_running_loop().create_future()

    def check(_event: Any) -> None:
        if pc.connectionState == wanted and not reached.done():
            reached.set_result(None)

    pc.on("connectionstatechange", check)
    try:
        await asyncio.wait_for(reached, timeout)
    finally:
        pc.off("connectionstatechange", check)


def next_event(target: Any, name: str, *, timeout: float = TIMEOUT) -> asyncio.Future[Any]:
    """The next ``name`` event of ``target``, listened for from now on (await it later)."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def handler(event: Any) -> None:
        if not future.done():
            future.set_result(event)

    target.on(name, handler)
    future.add_done_callback(lambda _f: target.off(name, handler))
    return asyncio.ensure_future(asyncio.wait_for(future, timeout))


async def connected_pair() -> tuple[RTCPeerConnection, RTCPeerConnection, Any, Any]:
    """Two peers with a data channel open on both ends."""
    a, b = loopback_peer(), loopback_peer()
    trickle(a, b)
    channel = a.createDataChannel("chat")
    remote = asyncio.get_running_loop().create_future()
    b.ondatachannel = lambda e: remote.set_result(e.channel)
    opened = next_event(channel, "open")
    await negotiate(a, b)
    await asyncio.gather(state(a, "connected"), state(b, "connected"))
    other = await asyncio.wait_for(remote, TIMEOUT)
    await opened
    return a, b, channel, other


async def exchange(channel: Any, other: Any, text: str) -> None:
    """One message each way, str then bytes."""
    arriving = next_event(other, "message")
    channel.send(text)
    assert (await arriving).data == text
    back = next_event(channel, "message")
    other.send(text.encode())
    assert (await back).data == text.encode()


def stats_of(report: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [s for s in report.values() if s["type"] == kind]


def test_two_peers_connect_with_ice_and_dtls_over_loopback() -> None:
    """RFC 8445 and RFC 8842: ICE pairs the 127.0.0.1 host candidates, DTLS connects in the negotiated roles, the states say connected."""

    async def main() -> None:
        a, b, channel, other = await connected_pair()
        assert (a.iceConnectionState, b.iceConnectionState) == ("connected", "connected")
        assert a.sctp is not None and a.sctp.state == "connected"
        for pc in (a, b):
            report = await pc.getStats()
            (transport,) = stats_of(report, "transport")
            assert transport["dtlsState"] == "connected" and transport["iceState"] == "connected"
            pair = report[transport["selectedCandidatePairId"]]
            assert pair["state"] == "succeeded" and pair["nominated"]
            local = report[pair["localCandidateId"]]
            assert local["address"] == "127.0.0.1" and local["candidateType"] == "host"
        # RFC 8842, 5: the answerer took a=setup:active, so it is the DTLS client.
        roles = {s["dtlsRole"] for pc in (a, b) for s in stats_of(await pc.getStats(), "transport")}
        assert roles == {"client", "server"}
        # RFC 8832, 6: the DTLS client's channels get even ids.
        assert channel.id == other.id and channel.id % 2 == 1
        await a.close()
        await b.close()

    run(main())


def test_data_channels_carry_messages_both_ways() -> None:
    """RFC 8831 and 8832: ordered, unordered, partially reliable and negotiated channels deliver str and bytes both ways."""

    async def main() -> None:
        a, b, channel, other = await connected_pair()
        await exchange(channel, other, "hello")
        assert channel.bufferedAmount == 0
        announced: asyncio.Queue[Any] = asyncio.Queue()
        b.ondatachannel = lambda e: announced.put_nowait(e.channel)
        unordered = a.createDataChannel("fast", ordered=False, maxRetransmits=0)
        timed = a.createDataChannel("timed", maxPacketLifeTime=500)
        pinned_a = a.createDataChannel("pinned", negotiated=True, id=40)
        pinned_b = b.createDataChannel("pinned", negotiated=True, id=40)
        remote_channels = {}
        for _ in range(2):
            remote_channel = await asyncio.wait_for(announced.get(), TIMEOUT)
            remote_channels[remote_channel.label] = remote_channel
        assert not remote_channels["fast"].ordered and remote_channels["fast"].maxRetransmits == 0
        assert remote_channels["timed"].maxPacketLifeTime == 500
        await eventually(lambda: unordered.readyState == timed.readyState == "open")
        await eventually(lambda: pinned_a.readyState == pinned_b.readyState == "open")
        await exchange(unordered, remote_channels["fast"], "unordered")
        await exchange(timed, remote_channels["timed"], "lifetime")
        await exchange(pinned_a, pinned_b, "negotiated")
        # webrtc-pc 6.2.4: close() resets the stream; both ends see "close".
        closing = next_event(other, "close")
        channel.close()
        await closing
        await eventually(lambda: channel.readyState == "closed")
        await a.close()
        await b.close()

    run(main())


def test_buffered_amount_drains_and_bufferedamountlow_fires() -> None:
    """webrtc-pc 6.2 bufferedAmount: sent bytes are buffered, drained as SCTP sends them, then bufferedamountlow fires."""

    async def main() -> None:
        a, b, channel, other = await connected_pair()
        received: list[int] = []
        done = asyncio.get_running_loop().create_future()

        def arrived(event: Any) -> None:
            received.append(len(event.data))
            if len(received) == 8 and not done.done():
                done.set_result(None)

        other.onmessage = arrived
        low = next_event(channel, "bufferedamountlow")
        for _ in range(8):
            channel.send(b"x" * 60000)
        assert channel.bufferedAmount == 8 * 60000
        await low
        assert channel.bufferedAmount == 0
        await asyncio.wait_for(done, TIMEOUT)
        assert received == [60000] * 8
        await a.close()
        await b.close()

    run(main())


def test_a_wrong_fingerprint_fails_the_connection_and_delivers_nothing() -> None:
    """RFC 8122, 5 and RFC 5763, 5: a certificate that matches no a=fingerprint fails DTLS ("fingerprint-failure"); connectionState "failed", no data channel opens."""

    async def main() -> None:
        a, b = loopback_peer(), loopback_peer()
        trickle(a, b)
        channel = a.createDataChannel("chat")
        delivered: list[Any] = []
        b.ondatachannel = delivered.append
        channel.onmessage = delivered.append
        await a.setLocalDescription(await a.createOffer())
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        answer = b.localDescription
        assert answer is not None
        fingerprint = sdpmodel.parse(answer.sdp).media[0].fingerprints[0].fingerprint
        forged = ":".join(["AB"] * 32)
        errors: list[Any] = []
        await a.setRemoteDescription(
            RTCSessionDescription(type="answer", sdp=answer.sdp.replace(fingerprint, forged))
        )
        assert a.sctp is not None
        a.sctp.transport.on("error", errors.append)
        await asyncio.gather(state(a, "failed"), state(b, "failed"))
        assert [e.error.errorDetail for e in errors] == ["fingerprint-failure"]
        assert a.sctp.transport.state == "failed"
        assert channel.readyState == "connecting" and delivered == []
        await a.close()
        await b.close()

    run(main())


def test_ice_restart_keeps_the_connection_and_its_data_channel() -> None:
    """RFC 8445, 9 and webrtc-pc restartIce(): new credentials on both ends, new checks, DTLS and SCTP survive, messages keep flowing."""

    async def main() -> None:
        a, b, channel, other = await connected_pair()
        await exchange(channel, other, "before")
        states: list[str] = []
        for pc in (a, b):
            pc.on("connectionstatechange", lambda e, pc=pc: states.append(pc.connectionState))
        old = {pc: sdpmodel.parse(pc.localDescription.sdp).media[0].ice_ufrag for pc in (a, b)}  # type: ignore[union-attr]
        negotiation = next_event(a, "negotiationneeded")
        a.restartIce()
        await negotiation
        await negotiate(a, b)
        new = {pc: sdpmodel.parse(pc.localDescription.sdp).media[0].ice_ufrag for pc in (a, b)}  # type: ignore[union-attr]
        assert all(new[pc] != old[pc] for pc in (a, b))

        async def restarted(pc: RTCPeerConnection) -> bool:
            (transport,) = stats_of(await pc.getStats(), "transport")
            return bool(transport["iceLocalUsernameFragment"] == new[pc])

        deadline = time.monotonic() + TIMEOUT
        while not (await restarted(a) and await restarted(b)):
            assert time.monotonic() < deadline, "the new ICE generation never took over"
            await asyncio.sleep(0.02)
        await exchange(channel, other, "after")
        assert "failed" not in states and a.connectionState == b.connectionState == "connected"
        (transport,) = stats_of(await a.getStats(), "transport")
        assert transport["selectedCandidatePairChanges"] == 2
        await a.close()
        await b.close()

    run(main())


def test_ice_restart_by_the_answerer_swaps_the_ice_roles_and_keeps_working() -> None:
    """RFC 8445, 9 (roles re-evaluated on restart, as libwebrtc does): the first answerer restarts ICE as offerer, becomes controlling, and the connection keeps carrying data."""

    async def main() -> None:
        a, b, channel, other = await connected_pair()
        roles = {s["iceRole"] for s in stats_of(await b.getStats(), "transport")}
        assert roles == {"controlled"}
        negotiation = next_event(b, "negotiationneeded")
        b.restartIce()
        await negotiation
        await negotiate(b, a)
        new = sdpmodel.parse(b.localDescription.sdp).media[0].ice_ufrag  # type: ignore[union-attr]

        async def restarted() -> bool:
            (transport,) = stats_of(await b.getStats(), "transport")
            return bool(transport["iceLocalUsernameFragment"] == new)

        deadline = time.monotonic() + TIMEOUT
        while not await restarted():
            assert time.monotonic() < deadline, "the new ICE generation never took over"
            await asyncio.sleep(0.02)
        (transport,) = stats_of(await b.getStats(), "transport")
        assert transport["iceRole"] == "controlling"
        await exchange(channel, other, "after the answerer's restart")
        assert a.connectionState == b.connectionState == "connected"
        await a.close()
        await b.close()

    run(main())


def test_audio_and_video_from_aiortc_tracks_arrive_as_frames() -> None:
    """webrtc-pc 4.6.19 and 9.3: the track event gives a receiver track whose recv() yields decoded frames; RTP counters grow on both ends (SRTP over one BUNDLE transport)."""

    async def main() -> None:
        a, b = loopback_peer(), loopback_peer()
        trickle(a, b)
        a.addTrack(AudioStreamTrack())
        a.addTrack(VideoStreamTrack())
        tracks: dict[str, Any] = {}
        b.ontrack = lambda e: tracks.setdefault(e.track.kind, e.track)
        await negotiate(a, b)
        await asyncio.gather(state(a, "connected"), state(b, "connected"))
        assert set(tracks) == {"audio", "video"}
        audio = await asyncio.wait_for(tracks["audio"].recv(), TIMEOUT)
        video = await asyncio.wait_for(tracks["video"].recv(), TIMEOUT)
        assert isinstance(audio, AudioFrame) and isinstance(video, VideoFrame)
        assert video.width > 0 and audio.sample_rate > 0
        await eventually(lambda: not tracks["audio"].muted and not tracks["video"].muted)
        # BUNDLE (RFC 8843): both m-sections share one transport.
        assert len(stats_of(await b.getStats(), "transport")) == 1

        async def counters() -> tuple[dict[str, int], dict[str, int]]:
            sent = {
                s["kind"]: s["packetsSent"] for s in stats_of(await a.getStats(), "outbound-rtp")
            }
            got = {
                s["kind"]: s["packetsReceived"] for s in stats_of(await b.getStats(), "inbound-rtp")
            }
            return sent, got

        sent, got = await counters()
        assert set(sent) == set(got) == {"audio", "video"}
        deadline = time.monotonic() + TIMEOUT
        while True:
            later_sent, later_got = await counters()
            if all(later_got[k] > got[k] and later_sent[k] > sent[k] for k in got):
                break
            assert time.monotonic() < deadline, "RTP counters did not grow"
            await asyncio.sleep(0.05)
        await a.close()
        await b.close()

    run(main())


def test_transport_by_name_reads_the_interfaces_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RTCPeerConnection(transport="aiortc") builds an AiortcTransport; SDPMODEL_AIORTC_INTERFACES picks the addresses it gathers on."""
    monkeypatch.setenv(INTERFACES_VARIABLE, "127.0.0.1")

    async def main() -> None:
        a, b = RTCPeerConnection(transport="aiortc"), RTCPeerConnection(transport="aiortc")
        candidates: list[Any] = []
        a.on("icecandidate", lambda e: candidates.append(e.candidate))
        trickle(a, b)
        a.createDataChannel("x")
        await negotiate(a, b)
        await asyncio.gather(state(a, "connected"), state(b, "connected"))
        # RFC 8838, 4: each candidate is an event of its own; webrtc-pc 5.6.1: then the end
        # of the generation (an empty candidate) and the null one.
        assert candidates[-1] is None and candidates[-2].candidate == ""
        assert [c.address for c in candidates[:-2]] == ["127.0.0.1"]
        assert candidates[0].type == "host" and candidates[0].protocol == "udp"
        await a.close()
        await b.close()

    run(main())


def test_local_endpoint_offers_what_aiortc_can_send_and_receive() -> None:
    """RFC 9429, 5.2.1: the offer lists aiortc's codecs (Opus, G.722, PCMU, PCMA; VP8, H.264 mode 1, rtx), its header extensions and SCTP port 5000."""

    async def main() -> None:
        pc = loopback_peer()
        pc.addTransceiver("audio")
        pc.addTransceiver("video")
        pc.createDataChannel("x")
        offer = sdpmodel.parse((await pc.createOffer()).sdp)
        audio, video, data = offer.media
        assert [c.name for c in audio.codecs] == ["opus", "G722", "PCMU", "PCMA"]
        assert {c.name for c in video.codecs} == {"VP8", "H264", "rtx"}
        assert all(
            c.fmtp is not None and c.fmtp.get("packetization-mode") == "1"
            for c in video.codecs
            if c.name == "H264"
        )
        assert {e.uri for e in audio.extmaps} == {
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "urn:ietf:params:rtp-hdrext:sdes:mid",
        }
        assert data.sctp_port == 5000 and data.max_message_size == 262144
        (fingerprint,) = audio.fingerprints
        assert fingerprint.hash_function == "sha-256" and len(fingerprint.fingerprint) == 95
        await pc.close()

    run(main())


def test_a_configured_certificate_is_the_one_signalled() -> None:
    """webrtc-pc 4.9.1 generateCertificate and RTCConfiguration.certificates: its fingerprint is the a=fingerprint."""

    async def main() -> None:
        certificate = await RTCPeerConnection.generateCertificate(transport="aiortc")
        assert isinstance(certificate, AiortcCertificate)
        assert certificate.expires > time.time() * 1000
        pc = RTCPeerConnection(
            {"certificates": [certificate]}, transport=AiortcTransport(interfaces=LOOPBACK)
        )
        pc.createDataChannel("x")
        offer = sdpmodel.parse((await pc.createOffer()).sdp)
        (fingerprint,) = offer.media[0].fingerprints
        assert [
            {"algorithm": fingerprint.hash_function, "value": fingerprint.fingerprint}
        ] == certificate.getFingerprints()
        await pc.close()

    run(main())


def test_relay_policy_without_a_turn_server_gathers_no_candidate() -> None:
    """webrtc-pc 4.2.3 "relay" (RFC 9429, 3.5.3): no host or server-reflexive candidate is gathered; gathering still completes."""

    async def main() -> None:
        pc = loopback_peer({"iceTransportPolicy": "relay"})
        candidates: list[Any] = []
        done = next_event(pc, "icegatheringstatechange")
        pc.on("icecandidate", lambda e: candidates.append(e.candidate))
        pc.createDataChannel("x")
        await pc.setLocalDescription()
        await done
        await eventually(lambda: pc.iceGatheringState == "complete")
        # webrtc-pc 5.6.1: only the end of the generation (an empty candidate), then null.
        assert [c if c is None else c.candidate for c in candidates] == ["", None]
        await pc.close()

    run(main())


def test_the_far_end_closing_closes_dtls_and_the_data_channels_here() -> None:
    """RFC 5246, 7.2.1 close_notify and webrtc-pc 6.1.4: when the other end closes, DTLS here is "closed" and the data channels close."""

    async def main() -> None:
        a, b, _channel, other = await connected_pair()
        assert b.sctp is not None
        closed = next_event(other, "close")
        await a.close()
        await closed
        await eventually(lambda: b.sctp is not None and b.sctp.transport.state == "closed")
        assert other.readyState == "closed"
        await b.close()

    run(main())


def test_stopping_the_bundle_tag_keeps_the_ice_dtls_and_sctp_of_the_group() -> None:
    """RFC 9143, 7.5.3: when the tagged transceiver is stopped, the next offer tags another m-section and the group keeps its transport: the same aioice session and DTLS association, the data channel open on both ends."""

    async def main() -> None:
        a, b = loopback_peer(), loopback_peer()
        trickle(a, b)
        a.addTransceiver("audio")
        await negotiate(a, b)
        channel = a.createDataChannel("chat")
        remote = asyncio.get_running_loop().create_future()
        b.ondatachannel = lambda e: remote.set_result(e.channel)
        opened = next_event(channel, "open")
        await negotiate(a, b)
        await asyncio.gather(state(a, "connected"), state(b, "connected"))
        other = await asyncio.wait_for(remote, TIMEOUT)
        await opened
        dtls = {pc: pc.sctp.transport for pc in (a, b) if pc.sctp is not None}
        agents = {pc: _agent(pc) for pc in (a, b)}
        a.getTransceivers()[0].stop()
        await negotiate(a, b)
        await exchange(channel, other, "after the tag moved")
        for pc in (a, b):
            assert pc.sctp is not None and pc.sctp.state == "connected"
            assert pc.sctp.transport is dtls[pc] and dtls[pc].state == "connected"
            assert agents[pc] is not None and _agent(pc) is agents[pc]
            assert pc.connectionState == "connected"
            (transport,) = stats_of(await pc.getStats(), "transport")
            assert transport["selectedCandidatePairChanges"] == 1
        assert channel.readyState == other.readyState == "open"
        await a.close()
        await b.close()

    run(main())


def test_configure_passes_stun_and_turn_servers_to_aioice() -> None:
    """webrtc-pc 4.2.1 iceServers: the STUN and TURN urls, username and credential become aioice's server options; "relay" its relay policy."""
    backend = AiortcTransport(interfaces=LOOPBACK)
    RTCPeerConnection(
        {
            "iceServers": [
                {"urls": "stun:stun.example.org:3478"},
                {
                    "urls": ["turn:turn.example.org?transport=tcp"],
                    "username": "u",
                    "credential": "p",
                },
            ],
            "iceTransportPolicy": "relay",
        },
        transport=backend,
    )
    options = backend._ice_options
    assert options["stun_server"] == ("stun.example.org", 3478)
    assert options["turn_server"] == ("turn.example.org", 3478)
    assert (options["turn_username"], options["turn_password"]) == ("u", "p")
    assert options["turn_transport"] == "tcp" and options["turn_ssl"] is False
    assert options["transport_policy"].name == "RELAY"


def _agent(pc: RTCPeerConnection) -> Any:
    """The aioice connection of ``pc``'s one transport and one ICE generation (None: not yet)."""
    backend: Any = pc._backend
    transports = list(backend._transports.values())
    if len(transports) != 1 or len(transports[0].ice.generations) != 1:
        return None
    (generation,) = transports[0].ice.generations.values()
    return generation.connection


def test_the_offerer_answers_checks_that_come_before_the_answer_as_controlling() -> None:
    """RFC 8445, 6.1.1 and 7.3.1.1: the offerer's agent is controlling from its gathering on, so the answerer's checks that reach it before the answer does start no role conflict."""

    async def main() -> None:
        a, b = loopback_peer(), loopback_peer()
        trickle(a, b)  # b's candidates wait for a's remote description, as its answer does
        a.createDataChannel("chat")
        await a.setLocalDescription(await a.createOffer())
        await eventually(lambda: _agent(a) is not None)
        offerer = _agent(a)
        # The smallest tie-breaker: a role conflict, if one starts, goes against the answerer
        # (RFC 8445, 7.3.1.1: the offerer would send 487 and b would turn controlling).
        offerer._tie_breaker = 0
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        answerer = _agent(b)
        assert answerer is not None
        # b checks a's candidates while its answer has not reached a.
        await asyncio.wait_for(offerer.remote_activity.wait(), TIMEOUT)
        succeeded = aioice.ice.CandidatePair.State.SUCCEEDED
        await eventually(lambda: any(p.state is succeeded for p in answerer._check_list))
        assert a.remoteDescription is None
        assert (offerer.ice_controlling, answerer.ice_controlling) == (True, False)
        await a.setRemoteDescription(b.localDescription)
        await asyncio.gather(state(a, "connected"), state(b, "connected"))
        assert (offerer.ice_controlling, answerer.ice_controlling) == (True, False)
        await a.close()
        await b.close()

    run(main())


#: How many times the glare runs (a run takes about 0.2 s on loopback).
GLARE_RUNS = 6


async def _glare() -> None:
    """One perfect negotiation with glare for certain: both offers are made before either
    is delivered.  alice (polite) rolls hers back and answers; bob ignores hers."""
    alice, bob = loopback_peer(), loopback_peer()
    inbox: dict[str, asyncio.Queue[dict[str, Any]]] = {
        "alice": asyncio.Queue(),
        "bob": asyncio.Queue(),
    }
    offered = {"alice": asyncio.Event(), "bob": asyncio.Event()}

    def sender(name: str, other: str) -> Callable[[dict[str, Any]], None]:
        def send(message: dict[str, Any]) -> None:
            if message.get("description", {}).get("type") == "offer":
                offered[name].set()
            inbox[other].put_nowait(json.loads(json.dumps(message)))  # as a real channel

        return send

    negotiators = {
        "alice": PerfectNegotiator(alice, polite=True, send=sender("alice", "bob"), name="alice"),
        "bob": PerfectNegotiator(bob, polite=False, send=sender("bob", "alice"), name="bob"),
    }
    alice.addTrack(MediaStreamTrack("audio"), MediaStream("alice-a"))
    channel = alice.createDataChannel("chat")
    bob.addTrack(MediaStreamTrack("video"), MediaStream("bob-v"))
    remote = asyncio.get_running_loop().create_future()
    bob.ondatachannel = lambda e: remote.set_result(e.channel)
    opened = next_event(channel, "open")
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in offered.values())), TIMEOUT)

    async def pump(name: str) -> None:
        pc = negotiators[name].pc
        while True:
            message = await inbox[name].get()
            agent = _agent(pc)
            if message.get("description", {}).get("type") == "answer" and agent is not None:
                # As a signaling channel slower than UDP: the answerer's first checks
                # reach this end before its answer does.
                await asyncio.wait_for(agent.remote_activity.wait(), TIMEOUT)
            await negotiators[name].receive(message)

    pumps = [asyncio.ensure_future(pump(name)) for name in inbox]
    try:
        await asyncio.gather(state(alice, "connected"), state(bob, "connected"))
        other = await asyncio.wait_for(remote, TIMEOUT)
        await opened
        await exchange(channel, other, "after the glare")
    finally:
        for task in pumps:
            task.cancel()
        await alice.close()
        await bob.close()
    said = {name: [step.what for step in n.log] for name, n in negotiators.items()}
    assert "glare: takes the other offer; its own is rolled back (polite)" in said["alice"]
    assert "glare: ignores the colliding offer (impolite)" in said["bob"]
    assert not negotiators["alice"].errors and not negotiators["bob"].errors


def test_perfect_negotiation_with_glare_connects_run_after_run() -> None:
    """webrtc-pc, perfect negotiation example, and RFC 8445, 6.1.1: with forced glare (the polite end's offer rolled back, its transport closed and gathered anew under the same id) both ends connect and a data channel carries messages, every run."""
    for _ in range(GLARE_RUNS):
        run(_glare())


def test_no_simulcast_on_aiortc() -> None:
    """webrtc-pc, addTransceiver, the sendEncodings validation steps 5-7: aiortc sends one RTP stream, so maxN is 1 and three layers become one encoding without a rid."""

    async def main() -> None:
        pc = loopback_peer()
        transceiver = pc.addTransceiver(
            "video", sendEncodings=[{"rid": "h"}, {"rid": "m"}, {"rid": "l"}]
        )
        (encoding,) = transceiver.sender.getParameters()["encodings"]
        assert "rid" not in encoding or encoding["rid"] is None
        offer = await pc.createOffer()
        assert "a=simulcast" not in offer.sdp and "a=rid:" not in offer.sdp
        await pc.close()

    run(main())
