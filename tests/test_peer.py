"""RTCPeerConnection: the W3C facade over the core and the memory transport."""

from __future__ import annotations

import asyncio
import gc

import pytest
from _pair import connected, event, make_pair, negotiate, run, trickle, until

from sdpmodel import (
    InvalidAccessError,
    InvalidModificationError,
    InvalidStateError,
    MediaStream,
    MediaStreamTrack,
    OperationError,
    RTCError,
    RTCPeerConnection,
    RTCSessionDescription,
)

SIGNALING = "signalingstatechange"


@pytest.fixture(params=["a-offers", "b-offers"])
def who_offers(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def ordered(
    a: RTCPeerConnection, b: RTCPeerConnection, who: str
) -> tuple[RTCPeerConnection, RTCPeerConnection]:
    return (a, b) if who == "a-offers" else (b, a)


def test_a_new_connection_is_stable_and_empty() -> None:
    """webrtc-pc, the constructor (4.4.1.1): stable, new states, no descriptions, no transceivers."""

    async def main() -> None:
        pc = RTCPeerConnection()
        assert pc.signalingState == "stable"
        assert (pc.iceGatheringState, pc.iceConnectionState, pc.connectionState) == (
            "new",
            "new",
            "new",
        )
        assert pc.localDescription is None and pc.remoteDescription is None
        assert pc.getTransceivers() == [] and pc.canTrickleIceCandidates is None
        await pc.close()

    run(main())


def test_two_peers_connect_and_exchange_data(who_offers: str) -> None:
    """webrtc-pc 6: a data channel opens on both ends once connected, and messages flow both ways."""

    async def main() -> None:
        a, b = make_pair()
        offerer, answerer = ordered(a, b, who_offers)
        trickle(a, b)
        channel = offerer.createDataChannel("chat")
        remote = asyncio.get_running_loop().create_future()
        answerer.ondatachannel = lambda e: remote.set_result(e.channel)
        await negotiate(offerer, answerer)
        await connected(a, b)
        other = await asyncio.wait_for(remote, 5)
        await until(lambda: channel.readyState == other.readyState == "open")
        assert other.label == "chat"
        received = await event(other, "message", lambda: channel.send("ping"))
        assert received.data == "ping"
        back = await event(channel, "message", lambda: other.send(b"\x00pong"))
        assert back.data == b"\x00pong"
        assert channel.id is not None and channel.id == other.id
        # RFC 8832, 6: the DTLS client uses even stream ids.
        client = answerer
        assert (channel.id % 2 == 0) == (client is offerer)
        await a.close()
        await b.close()

    run(main())


def test_signalingstatechange_fires_before_the_promise_resolves() -> None:
    """webrtc-pc, set the session description 4.6.14 to 4.6.20: signalingstatechange fires, then the promise resolves."""

    async def main() -> None:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        seen: list[str] = []
        pc.on(SIGNALING, lambda e: seen.append(f"event:{pc.signalingState}"))
        offer = await pc.createOffer()
        await pc.setLocalDescription(offer)
        seen.append("resolved")
        assert seen == ["event:have-local-offer", "resolved"]
        await pc.close()

    run(main())


def test_operations_run_in_call_order_without_await() -> None:
    """webrtc-pc, chain an operation: calls queue on the operations chain when made and run in order."""

    async def main() -> None:
        a, b = make_pair()
        a.addTransceiver("audio")
        offer = await a.createOffer()
        first = a.setLocalDescription(offer)
        second = b.setRemoteDescription(offer)
        third = b.createAnswer()
        answer = await third
        await first
        await second
        assert a.signalingState == "have-local-offer"
        assert b.signalingState == "have-remote-offer"
        assert answer.type == "answer"
        await a.close()
        await b.close()

    run(main())


def test_negotiationneeded_fires_once_after_the_chain_empties() -> None:
    """webrtc-pc 4.7.3: several changes in one task fire one negotiationneeded, in a later task."""

    async def main() -> None:
        pc = RTCPeerConnection()
        count: list[int] = []
        pc.onnegotiationneeded = lambda e: count.append(1)
        pc.addTransceiver("audio")
        pc.addTransceiver("video")
        pc.createDataChannel("x")
        assert count == []  # not synchronously
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert count == [1]
        await pc.close()

    run(main())


def test_negotiationneeded_waits_for_stable_then_fires_again() -> None:
    """webrtc-pc 4.7.3 and 4.6.13.2: a change made while negotiating fires once the exchange ends in stable."""

    async def main() -> None:
        a, b = make_pair()
        fired: list[str] = []
        a.onnegotiationneeded = lambda e: fired.append(a.signalingState)
        a.addTransceiver("audio")
        await asyncio.sleep(0)
        await a.setLocalDescription(await a.createOffer())
        a.addTransceiver("video")  # while in have-local-offer: no event yet
        await asyncio.sleep(0)
        assert fired == ["stable"]
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        await a.setRemoteDescription(b.localDescription)
        await until(lambda: len(fired) == 2)
        assert fired == ["stable", "stable"]
        await a.close()
        await b.close()

    run(main())


def test_mdn_create_offer_example() -> None:
    """MDN createOffer() example: negotiationneeded -> createOffer -> setLocalDescription -> send localDescription."""

    async def main() -> None:
        my_peer_connection, other = make_pair()
        sent: list[dict[str, object]] = []

        def send_to_server(message: dict[str, object]) -> None:
            sent.append(message)

        async def on_negotiation_needed(_event: object) -> None:
            offer = await my_peer_connection.createOffer()
            await my_peer_connection.setLocalDescription(offer)
            send_to_server(
                {
                    "name": "me",
                    "target": "you",
                    "type": "video-offer",
                    "sdp": my_peer_connection.localDescription,
                }
            )

        my_peer_connection.onnegotiationneeded = on_negotiation_needed
        my_peer_connection.addTrack(MediaStreamTrack("video"), MediaStream())
        await until(lambda: bool(sent))
        description = sent[0]["sdp"]
        assert isinstance(description, RTCSessionDescription) and description.type == "offer"
        await other.setRemoteDescription(description)
        assert other.signalingState == "have-remote-offer"
        await my_peer_connection.close()
        await other.close()

    run(main())


def test_create_offer_options_legacy_offer_to_receive() -> None:
    """MDN createOffer, offerToReceiveAudio/Video: true adds a receiving transceiver; false stops receiving on existing ones."""

    async def main() -> None:
        pc = RTCPeerConnection()
        offer = await pc.createOffer({"offerToReceiveAudio": True})
        assert "m=audio" in offer.sdp and "a=recvonly" in offer.sdp
        assert [t.direction for t in pc.getTransceivers()] == ["recvonly"]
        video = pc.addTransceiver("video")
        await pc.createOffer(offerToReceiveVideo=False)
        assert video.direction == "sendonly"
        await pc.createOffer(iceRestart=True, voiceActivityDetection=False)
        await pc.close()

    run(main())


def test_set_remote_description_errors_change_nothing() -> None:
    """MDN setRemoteDescription exceptions: RTCError(sdp-syntax-error) with a line number, InvalidStateError, TypeError; the state is kept."""

    async def main() -> None:
        pc = RTCPeerConnection()
        with pytest.raises(RTCError) as info:
            await pc.setRemoteDescription(
                {"type": "offer", "sdp": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nbogus\r\n"}
            )
        assert info.value.errorDetail == "sdp-syntax-error" and info.value.sdpLineNumber == 3
        with pytest.raises(InvalidStateError):
            await pc.setRemoteDescription({"type": "answer", "sdp": ""})
        with pytest.raises(TypeError):
            await pc.setRemoteDescription({"sdp": "v=0"})
        with pytest.raises(TypeError):
            await pc.setRemoteDescription({"type": "bogus", "sdp": ""})
        assert pc.signalingState == "stable" and pc.remoteDescription is None
        await pc.close()

    run(main())


def test_set_local_description_munged_is_invalid_modification() -> None:
    """webrtc-pc, setLocalDescription 4.2: a changed offer rejects with InvalidModificationError."""

    async def main() -> None:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        offer = await pc.createOffer()
        with pytest.raises(InvalidModificationError):
            await pc.setLocalDescription(
                {"type": "offer", "sdp": offer.sdp.replace("sendrecv", "sendonly")}
            )
        assert pc.signalingState == "stable"
        await pc.close()

    run(main())


def test_implicit_rollback_is_not_undone_by_a_bad_offer() -> None:
    """web-platform-tests (setRemoteDescription-offer): sRD(invalid offer) in have-local-offer rolls back first and stays rolled back."""

    async def main() -> None:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        await pc.setLocalDescription(await pc.createOffer())
        states: list[str] = []
        pc.on(SIGNALING, lambda e: states.append(pc.signalingState))
        with pytest.raises(RTCError):
            await pc.setRemoteDescription({"type": "offer", "sdp": "Invalid SDP"})
        assert states == ["stable"]
        assert pc.signalingState == "stable"
        await pc.close()

    run(main())


def test_glare_implicit_rollback_fires_two_state_changes() -> None:
    """MDN setRemoteDescription, implicit rollback: have-local-offer -> stable -> have-remote-offer, two events."""

    async def main() -> None:
        a, b = make_pair()
        a.addTransceiver("audio")
        b.addTransceiver("audio")
        await a.setLocalDescription(await a.createOffer())
        await b.setLocalDescription(await b.createOffer())
        states: list[str] = []
        a.on(SIGNALING, lambda e: states.append(a.signalingState))
        await a.setRemoteDescription(b.localDescription)
        assert states == ["stable", "have-remote-offer"]
        await a.close()
        await b.close()

    run(main())


def test_add_ice_candidate_errors_as_mdn_lists_them() -> None:
    """MDN addIceCandidate exceptions: TypeError (no mid or index), InvalidStateError (no remote description), OperationError (bad mid, index, ufrag)."""

    async def main() -> None:
        a, b = make_pair()
        text = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host"
        with pytest.raises(TypeError):
            await b.addIceCandidate({"candidate": text})
        with pytest.raises(InvalidStateError):
            await b.addIceCandidate({"candidate": text, "sdpMid": "0"})
        a.addTransceiver("audio")
        await b.setRemoteDescription(await a.createOffer())
        for bad in (
            {"sdpMid": "9"},
            {"sdpMLineIndex": 3},
            {"sdpMid": "0", "usernameFragment": "zzzz"},
        ):
            with pytest.raises(OperationError):
                await b.addIceCandidate({"candidate": text, **bad})
        with pytest.raises(OperationError):
            await b.addIceCandidate({"candidate": "candidate:garbage", "sdpMid": "0"})
        await b.addIceCandidate({"candidate": text, "sdpMid": "0"})
        assert "192.0.2.1" in b.remoteDescription.sdp  # type: ignore[union-attr]
        # End of candidates: null, no argument, or an empty candidate.
        await b.addIceCandidate(None)
        await b.addIceCandidate()
        await b.addIceCandidate({"candidate": ""})
        assert "a=end-of-candidates" in b.remoteDescription.sdp  # type: ignore[union-attr]
        await a.close()
        await b.close()

    run(main())


def test_add_track_errors() -> None:
    """webrtc-pc addTrack: InvalidAccessError for a track already sent; InvalidStateError once closed."""

    async def main() -> None:
        pc = RTCPeerConnection()
        track = MediaStreamTrack("audio")
        pc.addTrack(track)
        with pytest.raises(InvalidAccessError):
            pc.addTrack(track)
        with pytest.raises(TypeError):
            pc.addTransceiver("screen")
        other = RTCPeerConnection()
        with pytest.raises(InvalidAccessError):
            other.removeTrack(pc.getSenders()[0])
        await pc.close()
        with pytest.raises(InvalidStateError):
            pc.addTrack(MediaStreamTrack("audio"))
        await other.close()

    run(main())


def test_mdn_reused_senders() -> None:
    """MDN addTrack, "Reused senders": a recvonly transceiver from the remote offer gets the track; its direction becomes sendrecv."""

    async def main() -> None:
        a, b = make_pair()
        a.addTrack(MediaStreamTrack("audio"))
        await negotiate(a, b)
        (receiving,) = b.getTransceivers()
        sender = b.addTrack(MediaStreamTrack("audio"))
        assert sender is receiving.sender
        assert receiving.direction == "sendrecv"
        await a.close()
        await b.close()

    run(main())


def test_track_events_carry_streams_and_tracks_unmute(who_offers: str) -> None:
    """webrtc-pc 4.6.19 and 9.3 (MDN ontrack): the track event has the receiver, transceiver and msid streams; media unmutes the track."""

    async def main() -> None:
        a, b = make_pair()
        offerer, answerer = ordered(a, b, who_offers)
        trickle(a, b)
        stream = MediaStream()
        offerer.addTrack(MediaStreamTrack("video"), stream)
        events: list[object] = []
        answerer.ontrack = events.append
        await negotiate(offerer, answerer)
        (track_event,) = events
        assert track_event.track is track_event.receiver.track  # type: ignore[attr-defined]
        assert track_event.transceiver.receiver is track_event.receiver  # type: ignore[attr-defined]
        assert [s.id for s in track_event.streams] == [stream.id]  # type: ignore[attr-defined]
        assert track_event.streams[0].getTracks() == [track_event.track]  # type: ignore[attr-defined]
        assert track_event.track.muted  # type: ignore[attr-defined]
        await connected(a, b)
        await until(lambda: not track_event.track.muted)  # type: ignore[attr-defined]
        await a.close()
        await b.close()

    run(main())


def test_ice_gathering_states_and_the_null_candidate() -> None:
    """webrtc-pc 4.3.2 and 5.6: new -> gathering -> complete, candidates, an empty end-of-generation candidate, then null."""

    async def main() -> None:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        states: list[str] = []
        candidates: list[object] = []
        pc.onicegatheringstatechange = lambda e: states.append(pc.iceGatheringState)
        pc.onicecandidate = lambda e: candidates.append(e.candidate)
        await pc.setLocalDescription(await pc.createOffer())
        await until(lambda: pc.iceGatheringState == "complete")
        assert states == ["gathering", "complete"]
        assert candidates[-1] is None
        gathered = [c for c in candidates if c is not None and c.candidate]  # type: ignore[attr-defined]
        assert gathered and gathered[0].sdpMid == "0" and gathered[0].sdpMLineIndex == 0  # type: ignore[attr-defined]
        assert "a=candidate:" in pc.localDescription.sdp  # type: ignore[union-attr]
        assert "a=end-of-candidates" in pc.localDescription.sdp  # type: ignore[union-attr]
        await pc.close()

    run(main())


def test_wrong_fingerprint_fails_and_no_data_flows() -> None:
    """RFC 8122, 5 and webrtc-pc 5.5: a DTLS fingerprint mismatch fails the connection; no data channel opens."""

    async def main() -> None:
        a, b = make_pair(wrong_fingerprint=True)
        trickle(a, b)
        channel = a.createDataChannel("x")
        await negotiate(a, b)
        await until(lambda: a.connectionState == "failed" and b.connectionState == "failed")
        assert channel.readyState == "connecting"
        await a.close()
        await b.close()

    run(main())


def test_close_takes_effect_at_once() -> None:
    """webrtc-pc close the connection: closed at once, no events; later calls raise InvalidStateError; pending operations reject."""

    async def main() -> None:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        fired: list[str] = []
        pc.on(SIGNALING, lambda e: fired.append("signaling"))
        pending = pc.createOffer()
        closing = pc.close()
        assert pc.signalingState == "closed" and pc.connectionState == "closed"
        with pytest.raises(InvalidStateError):
            await pending
        with pytest.raises(InvalidStateError):
            await pc.createOffer()
        with pytest.raises(InvalidStateError):
            pc.createDataChannel("x")
        with pytest.raises(InvalidStateError):
            pc.setConfiguration({})
        await closing
        await pc.close()  # twice is fine
        assert fired == []
        assert pc.getTransceivers()[0].currentDirection == "stopped"

    run(main())


def test_close_rejections_of_calls_not_awaited_log_nothing() -> None:
    """DESIGN.md close() with webrtc-pc's operations chain: operations close() rejects are marked retrieved, so fire-and-forget calls log no "Future exception was never retrieved"; an awaiting caller still gets InvalidStateError."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        reported: list[dict[str, object]] = []
        loop.set_exception_handler(lambda _loop, context: reported.append(context))
        pc = RTCPeerConnection()
        pc.addTransceiver("audio")
        # Called without awaiting, as a JS promise allows; the chain holds all three.
        pc.createOffer()
        pc.setLocalDescription()
        awaited = pc.createOffer()
        pc.close()
        with pytest.raises(InvalidStateError):
            await awaited
        del awaited
        # The rejected futures are garbage now: asyncio would report any whose
        # exception nobody retrieved, through the loop's exception handler.
        gc.collect()
        await asyncio.sleep(0)
        assert [c.get("message") for c in reported] == []
        await pc.close()

    run(main())


def test_the_only_public_on_names_are_the_w3c_event_handlers() -> None:
    """webrtc-pc, RTCPeerConnection interface: its public on* names are the event handler attributes and on/once; the backend's TransportListener hooks are private."""
    public = {name for name in dir(RTCPeerConnection) if name.startswith("on")}
    assert public == {
        "on",
        "once",
        "onnegotiationneeded",
        "onsignalingstatechange",
        "ontrack",
        "onicecandidate",
        "onicecandidateerror",
        "onicegatheringstatechange",
        "oniceconnectionstatechange",
        "onconnectionstatechange",
        "ondatachannel",
    }


def test_transceiver_stop_through_the_facade(who_offers: str) -> None:
    """webrtc-pc 5.4 stop(): direction "stopped" at once; after negotiation currentDirection "stopped" and the transceiver is gone."""

    async def main() -> None:
        a, b = make_pair()
        offerer, answerer = ordered(a, b, who_offers)
        transceiver = offerer.addTransceiver("audio")
        await negotiate(offerer, answerer)
        remote = answerer.getTransceivers()[0]
        ended = asyncio.get_running_loop().create_future()
        remote.receiver.track.onended = lambda e: ended.set_result(True)
        transceiver.stop()
        assert transceiver.direction == "stopped" and transceiver.currentDirection == "sendonly"
        await negotiate(offerer, answerer)
        assert transceiver.currentDirection == "stopped"
        assert offerer.getTransceivers() == [] and answerer.getTransceivers() == []
        assert await asyncio.wait_for(ended, 5)
        await a.close()
        await b.close()

    run(main())


def test_configuration_rules() -> None:
    """webrtc-pc, set the configuration: bad ICE URLs are SyntaxError, TURN needs credentials, bundlePolicy cannot change."""

    async def main() -> None:
        from sdpmodel import DOMSyntaxError

        with pytest.raises(DOMSyntaxError):
            RTCPeerConnection({"iceServers": [{"urls": "http://example.org"}]})
        with pytest.raises(InvalidAccessError):
            RTCPeerConnection({"iceServers": [{"urls": "turn:turn.example.org"}]})
        pc = RTCPeerConnection(
            {"bundlePolicy": "max-bundle", "iceServers": [{"urls": "stun:stun.example.org:3478"}]}
        )
        assert pc.getConfiguration().bundlePolicy == "max-bundle"
        with pytest.raises(InvalidModificationError):
            pc.setConfiguration({"bundlePolicy": "balanced"})
        pc.setConfiguration({"bundlePolicy": "max-bundle", "iceServers": []})
        assert pc.getConfiguration().iceServers == ()
        await pc.close()

    run(main())


def test_explain_says_why() -> None:
    """The decisions of the last step name their rule: an answer's direction cites RFC 3264, 6.1."""

    async def main() -> None:
        a, b = make_pair()
        a.addTransceiver("audio", direction="sendonly")
        await b.setRemoteDescription(await a.createOffer())
        await b.createAnswer()
        assert any("RFC 3264, 6.1" in d.source and "recvonly" in d.text for d in b.explain())
        await a.close()
        await b.close()

    run(main())


def test_a_listener_that_is_not_callable_is_a_type_error_at_once() -> None:
    """DOM addEventListener (webrtc-pc events are DOM events): pc.on(type, not_callable) and pc.on(non-str, f) raise TypeError when called, as the onX attributes do, and add nothing."""
    from sdpmodel.events import Event

    async def main() -> None:
        pc = RTCPeerConnection()
        with pytest.raises(TypeError, match="callable"):
            pc.on("negotiationneeded", 5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="event type"):
            pc.on(5, lambda e: None)  # type: ignore[arg-type]
        assert pc.listeners("negotiationneeded") == []
        seen: list[str] = []

        @pc.on("x")
        def handler(event: Event) -> None:
            seen.append(event.type)

        pc.dispatch(Event("x"))
        assert seen == ["x"]
        with pytest.raises(TypeError, match="takes an Event"):
            pc.dispatch("x")  # type: ignore[arg-type]
        await pc.close()

    run(main())
