"""The examples of the MDN pages in ../shared/seeds, ported to Python line by line.

Each test keeps the JavaScript's names and order (the comment above a line
is the JavaScript it ports).  ``navigator.mediaDevices.getUserMedia`` has no
Python counterpart; ``get_user_media`` below gives a stream of new tracks.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from _pair import connected, make_pair, negotiate, run, trickle, until

from sdpmodel import MediaStream, MediaStreamTrack, RTCSessionDescription


async def get_user_media(constraints: dict[str, bool]) -> MediaStream:
    """A stand-in for navigator.mediaDevices.getUserMedia(): one new track per requested kind."""
    tracks = [MediaStreamTrack(kind) for kind in ("audio", "video") if constraints.get(kind)]
    return MediaStream(tracks=tracks)


def test_create_offer_example() -> None:
    """MDN RTCPeerConnection.createOffer(), "Example": createOffer, setLocalDescription, then send localDescription."""

    async def main() -> None:
        my_peer_connection, remote = make_pair()
        my_peer_connection.addTrack(MediaStreamTrack("video"), MediaStream())
        sent: list[dict[str, Any]] = []
        send_to_server = sent.append
        my_username, target_username = "alice", "bob"

        # myPeerConnection.createOffer().then(function(offer) {
        #   return myPeerConnection.setLocalDescription(offer);
        # })
        # .then(function() { sendToServer({...}); })
        # .catch(function(reason) { /* An error occurred */ });
        try:
            offer = await my_peer_connection.createOffer()
            await my_peer_connection.setLocalDescription(offer)
            send_to_server(
                {
                    "name": my_username,
                    "target": target_username,
                    "type": "video-offer",
                    "sdp": my_peer_connection.localDescription,
                }
            )
        except Exception as reason:
            raise AssertionError(f"the example failed: {reason}") from reason
        (message,) = sent
        assert message["type"] == "video-offer" and message["sdp"].type == "offer"
        await remote.setRemoteDescription(message["sdp"])
        await my_peer_connection.close()
        await remote.close()

    run(main())


def test_set_remote_description_examples() -> None:
    """MDN setRemoteDescription(), "Syntax": the deprecated RTCSessionDescription wrapper and the plain init dict both work, then createMyStream()."""

    async def main() -> None:
        caller, my_peer_connection = make_pair()
        caller.addTrack(MediaStreamTrack("audio"))
        await caller.setLocalDescription(await caller.createOffer())
        description = caller.localDescription.toJSON()  # type: ignore[union-attr]
        streams: list[str] = []

        def create_my_stream() -> None:
            streams.append(my_peer_connection.signalingState)

        # myPeerConnection.setRemoteDescription(new RTCSessionDescription(description))
        #   .then(function () { return createMyStream(); })
        await my_peer_connection.setRemoteDescription(RTCSessionDescription(description))
        create_my_stream()
        await my_peer_connection.setRemoteDescription({"type": "rollback"})
        # await myPeerConnection.setRemoteDescription(description);
        # createMyStream();
        await my_peer_connection.setRemoteDescription(description)
        create_my_stream()
        assert streams == ["have-remote-offer", "have-remote-offer"]
        await caller.close()
        await my_peer_connection.close()

    run(main())


def test_add_track_without_streams_example() -> None:
    """MDN addTrack(), "Adding tracks without specifying streams": the remote gets track events with no streams and builds its own stream."""

    async def main() -> None:
        pc, remote = make_pair()

        # async openCall(pc) {
        #   const gumStream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
        #   for (const track of gumStream.getTracks()) { pc.addTrack(track); }
        # }
        async def open_call(pc: Any) -> None:
            gum_stream = await get_user_media({"video": True, "audio": True})
            for track in gum_stream.getTracks():
                pc.addTrack(track)

        await open_call(pc)
        video_elem: dict[str, Any] = {"srcObject": None}
        inbound_stream: MediaStream | None = None

        # pc.ontrack = ev => {
        #   if (ev.streams && ev.streams[0]) { videoElem.srcObject = ev.streams[0]; }
        #   else { if (!inboundStream) { inboundStream = new MediaStream(); videoElem.srcObject = inboundStream; }
        #          inboundStream.addTrack(ev.track); }
        # }
        def ontrack(ev: Any) -> None:
            nonlocal inbound_stream
            if ev.streams and ev.streams[0]:
                video_elem["srcObject"] = ev.streams[0]
            else:
                if not inbound_stream:
                    inbound_stream = MediaStream()
                    video_elem["srcObject"] = inbound_stream
                inbound_stream.addTrack(ev.track)

        remote.ontrack = ontrack
        await negotiate(pc, remote)
        assert inbound_stream is not None and video_elem["srcObject"] is inbound_stream
        assert sorted(t.kind for t in inbound_stream.getTracks()) == ["audio", "video"]
        await pc.close()
        await remote.close()

    run(main())


def test_add_track_new_stream_per_track_example() -> None:
    """MDN addTrack(), "Streamless tracks" ("You could also just create a new stream for each track received"): new MediaStream(ev.track) per track event."""

    async def main() -> None:
        pc, remote = make_pair()

        async def open_call(pc: Any) -> None:
            gum_stream = await get_user_media({"video": True, "audio": True})
            for track in gum_stream.getTracks():
                pc.addTrack(track)

        await open_call(pc)
        video_elem: dict[str, Any] = {"srcObject": None}
        made: list[MediaStream] = []

        # pc.ontrack = ev => {
        #   if (ev.streams && ev.streams[0]) {
        #     videoElem.srcObject = ev.streams[0];
        #   } else {
        #     let inboundStream = new MediaStream(ev.track);
        #     videoElem.srcObject = inboundStream;
        #   }
        # }
        def ontrack(ev: Any) -> None:
            if ev.streams and ev.streams[0]:
                video_elem["srcObject"] = ev.streams[0]
            else:
                inbound_stream = MediaStream(ev.track)
                video_elem["srcObject"] = inbound_stream
                made.append(inbound_stream)

        remote.ontrack = ontrack
        await negotiate(pc, remote)
        # One new stream per streamless track, each holding exactly that track.
        assert sorted(s.getTracks()[0].kind for s in made) == ["audio", "video"]
        assert all(len(s.getTracks()) == 1 for s in made)
        assert made[0].id != made[1].id
        assert video_elem["srcObject"] is made[-1]
        await pc.close()
        await remote.close()

    run(main())


def test_add_track_with_streams_example() -> None:
    """MDN addTrack(), "Associating tracks with specific streams": pc.addTrack(track, gumStream) gives the remote streams[0] with both tracks."""

    async def main() -> None:
        pc, remote = make_pair()

        async def open_call(pc: Any) -> None:
            gum_stream = await get_user_media({"video": True, "audio": True})
            for track in gum_stream.getTracks():
                pc.addTrack(track, gum_stream)

        await open_call(pc)
        video_elem: dict[str, Any] = {}
        # pc.ontrack = ({streams: [stream]}) => videoElem.srcObject = stream;
        remote.ontrack = lambda ev: video_elem.update(srcObject=ev.streams[0])
        await negotiate(pc, remote)
        stream = video_elem["srcObject"]
        assert sorted(t.kind for t in stream.getTracks()) == ["audio", "video"]
        await pc.close()
        await remote.close()

    run(main())


def test_handle_video_offer_example() -> None:
    """MDN addTrack(), "Example" (handleVideoOfferMsg): setRemoteDescription, getUserMedia, then each track with its stream."""

    async def main() -> None:
        caller, pc = make_pair()
        caller.addTransceiver("audio")
        caller.addTransceiver("video")
        await caller.setLocalDescription(await caller.createOffer())
        sdp = caller.localDescription.toJSON()  # type: ignore[union-attr]
        media_constraints = {"audio": True, "video": True}
        preview_element: dict[str, Any] = {}

        # var desc = new RTCSessionDescription(sdp);
        desc = RTCSessionDescription(sdp)
        # pc.setRemoteDescription(desc).then(function () { return navigator.mediaDevices.getUserMedia(mediaConstraints); })
        await pc.setRemoteDescription(desc)
        stream = await get_user_media(media_constraints)
        # .then(function(stream) { previewElement.srcObject = stream;
        #   stream.getTracks().forEach(track => pc.addTrack(track, stream)); })
        preview_element["srcObject"] = stream
        for track in stream.getTracks():
            pc.addTrack(track, stream)
        # The senders of the remote offer's transceivers were reused (MDN, "Reused senders").
        assert len(pc.getTransceivers()) == 2
        assert [t.direction for t in pc.getTransceivers()] == ["sendrecv", "sendrecv"]
        await pc.setLocalDescription(await pc.createAnswer())
        assert pc.localDescription.sdp.count("a=sendrecv") == 2  # type: ignore[union-attr]
        await caller.close()
        await pc.close()

    run(main())


def test_add_ice_candidate_signaling_example() -> None:
    """MDN addIceCandidate(), "Examples": candidates cross a JSON signaling channel and are passed whole to addIceCandidate; {candidate: ''} ends them."""

    async def main() -> None:
        pc_remote, pc = make_pair()
        failures: list[str] = []
        channel: list[str] = []

        # pc.onicecandidate = event => {
        #   if (event.candidate) { signalingChannel.send(JSON.stringify({ice: event.candidate})); }
        # }
        def onicecandidate(event: Any) -> None:
            if event.candidate:
                channel.append(json.dumps({"ice": event.candidate.toJSON()}))

        pc_remote.onicecandidate = onicecandidate
        pc_remote.createDataChannel("x")
        await negotiate(pc_remote, pc)

        # signalingChannel.onmessage = receivedString => {
        #   const message = JSON.parse(receivedString);
        #   if (message.ice) { pc.addIceCandidate(message.ice).catch(e => {
        #       console.log("Failure during addIceCandidate(): " + e.name); }); }
        # }
        async def onmessage(received_string: str) -> None:
            message = json.loads(received_string)
            if message.get("ice"):
                try:
                    await pc.addIceCandidate(message["ice"])
                except Exception as e:
                    failures.append(
                        "Failure during addIceCandidate(): " + getattr(e, "name", type(e).__name__)
                    )

        await until(lambda: pc_remote.iceGatheringState == "complete")
        for received in list(channel):
            await onmessage(received)
        # pc.addIceCandidate({candidate:''});
        await pc.addIceCandidate({"candidate": ""})
        assert failures == []
        assert "a=candidate:" in pc.remoteDescription.sdp  # type: ignore[union-attr]
        assert "a=end-of-candidates" in pc.remoteDescription.sdp  # type: ignore[union-attr]
        await connected(pc, pc_remote)
        await pc_remote.close()
        await pc.close()

    run(main())


def test_webrtc_overview_events_exist() -> None:
    """MDN WebRTC API (overview), "Events": every event it lists for the connection, channels, transports and DTMF can be listened to."""

    async def main() -> None:
        a, b = make_pair()
        trickle(a, b)
        a.addTrack(MediaStreamTrack("audio"))
        channel = a.createDataChannel("x")
        seen: dict[str, int] = {}

        def count(name: str) -> Any:
            return lambda e: seen.__setitem__(name, seen.get(name, 0) + 1)

        for name in (
            "connectionstatechange",
            "datachannel",
            "icecandidate",
            "iceconnectionstatechange",
            "icegatheringstatechange",
            "negotiationneeded",
            "signalingstatechange",
            "track",
        ):
            a.on(name, count(name))
            b.on(name, count(name))
        for name in ("open", "message", "bufferedamountlow", "closing", "close", "error"):
            channel.on(name, count(f"channel.{name}"))
        await asyncio.sleep(0)
        await negotiate(a, b)
        await until(lambda: channel.readyState == "open")
        sender = a.getSenders()[0]
        sender.transport.on("statechange", count("dtls.statechange"))  # type: ignore[union-attr]
        sender.transport.iceTransport.on("gatheringstatechange", count("ice.gatheringstatechange"))  # type: ignore[union-attr]
        tones: list[str] = []
        played = asyncio.get_running_loop().create_future()

        def tonechange(e: Any) -> None:
            tones.append(e.tone)
            if e.tone == "" and not played.done():
                played.set_result(None)

        sender.dtmf.ontonechange = tonechange  # type: ignore[union-attr]
        await until(lambda: sender.dtmf.canInsertDTMF)  # type: ignore[union-attr]
        sender.dtmf.insertDTMF("1", 40, 30)  # type: ignore[union-attr]
        await asyncio.wait_for(played, 5)
        assert tones == ["1", ""]
        channel.close()
        await until(lambda: channel.readyState == "closed")
        for name in (
            "connectionstatechange",
            "datachannel",
            "icecandidate",
            "negotiationneeded",
            "signalingstatechange",
            "track",
        ):
            assert seen.get(name), name
        assert seen.get("channel.open") and seen.get("channel.close")
        await a.close()
        await b.close()

    run(main())
