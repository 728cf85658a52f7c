"""msid and streams: a=msid, a=ssrc, ssrc-group FID, setStreams, the streams of track events.

Rules from RFC 8830 (2), RFC 9429 (5.2.1, 5.10), RFC 5576 (4.1, 4.2), RFC 4588
(8.2, FID) and webrtc-pc (setStreams, process remote tracks); the
web-platform-test RTCPeerConnection-setRemoteDescription-nomsid.  Two peers,
each offering in turn where it matters.
"""

from __future__ import annotations

from typing import Any

import pytest
from _pair import event, make_pair, negotiate, run

import sdpmodel
from sdpmodel import MediaStream, MediaStreamTrack, RTCPeerConnection
from sdpmodel.attributes import Msid, Ssrc, SsrcGroup
from sdpmodel.model import MediaDescription

WHO = pytest.mark.parametrize("first_offers", [True, False], ids=["a-offers", "b-offers"])


def media_of(sdp: str, kind: str) -> MediaDescription:
    return next(m for m in sdpmodel.parse(sdp).media if m.media == kind)


@WHO
def test_streamless_track_is_msid_dash_and_arrives_without_streams(first_offers: bool) -> None:
    """RFC 8830, 2 and RFC 9429, 5.2.1: a track without streams is written a=msid:- <track id>;
    the remote track event then has no streams (webrtc-pc, process remote tracks)."""

    async def main() -> None:
        a, b = make_pair()
        track = MediaStreamTrack("audio")
        sender_pc, receiver_pc = (a, b) if first_offers else (b, a)
        sender_pc.addTrack(track)
        if not first_offers:
            a.addTransceiver("audio", direction="recvonly")
        got: list[Any] = []
        receiver_pc.ontrack = got.append
        await negotiate(a, b)
        local = sender_pc.localDescription
        assert local is not None
        assert media_of(local.sdp, "audio").attributes_of(Msid) == (Msid("-", track.id),)
        assert [list(e.streams) for e in got] == [[]]
        a.close()
        b.close()

    run(main())


def test_streams_and_ssrc_lines_of_a_sending_video_track() -> None:
    """RFC 5576, 4.1 / 4.2 and RFC 4588, 8.2: a sending m-section names its SSRC with cname and
    msid, and groups the rtx SSRC with it (ssrc-group:FID); each stream gets an a=msid line."""

    async def main() -> None:
        a, b = make_pair()
        track = MediaStreamTrack("video")
        s1, s2 = MediaStream(), MediaStream()
        a.addTrack(track, s1, s2)
        offer = await a.createOffer()
        media = media_of(offer.sdp, "video")
        assert media.attributes_of(Msid) == (Msid(s1.id, track.id), Msid(s2.id, track.id))
        (group,) = media.attributes_of(SsrcGroup)
        assert group.semantics == "FID" and len(group.ssrcs) == 2
        lines = media.attributes_of(Ssrc)
        for ssrc in group.ssrcs:
            mine = {(x.attribute, x.attribute_value) for x in lines if x.ssrc == ssrc}
            assert ("msid", f"{s1.id} {track.id}") in mine and (
                "msid",
                f"{s2.id} {track.id}",
            ) in mine
            assert any(k == "cname" for k, _ in mine)
        await a.close()
        await b.close()

    run(main())


def test_track_event_carries_the_senders_streams_and_set_streams_moves_it() -> None:
    """webrtc-pc, setStreams(): the sender's streams change, negotiation is needed, and the
    receiver's track moves to the new stream (addtrack/removetrack on the remote streams)."""

    async def main() -> None:
        a, b = make_pair()
        track = MediaStreamTrack("audio")
        first, second = MediaStream(), MediaStream()
        sender = a.addTrack(track, first)
        got: list[Any] = []
        b.ontrack = got.append
        await negotiate(a, b)
        assert [[s.id for s in e.streams] for e in got] == [[first.id]]
        remote_first = got[0].streams[0]
        needed = await event(a, "negotiationneeded", lambda: sender.setStreams(second))
        assert needed.type == "negotiationneeded"
        removed: list[Any] = []
        remote_first.onremovetrack = removed.append
        await negotiate(a, b)
        (tb,) = b.getTransceivers()
        assert remote_first.getTracks() == []
        assert len(removed) == 1
        assert [s.id for s in got[-1].streams] == [second.id]
        assert tb.receiver.track in got[-1].streams[0].getTracks()
        a.close()
        b.close()

    run(main())


NOMSID = (
    "v=0\r\n"
    "o=- 166855176514521964 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:someufrag\r\n"
    "a=ice-pwd:somelongpwdwithenoughrandomness\r\n"
    "a=fingerprint:sha-256 " + ":".join(["00"] * 32) + "\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=sendrecv\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
)


def test_remote_track_without_msid_gets_a_default_stream() -> None:
    """RTCPeerConnection-setRemoteDescription-nomsid.html: an offer without a=msid lines fires a
    track event with one (default) stream."""

    async def main() -> None:
        pc = RTCPeerConnection()
        got = await event(
            pc, "track", lambda: pc.setRemoteDescription({"type": "offer", "sdp": NOMSID})
        )
        assert len(got.streams) == 1
        await pc.close()

    run(main())


def test_remote_legacy_ssrc_msid_names_the_stream() -> None:
    """RFC 5576, 6.3 with the ssrc form of msid (Plan B era peers, older gateways): without
    a=msid, a=ssrc:<n> msid:<stream> <track> gives the stream."""

    async def main() -> None:
        pc = RTCPeerConnection()
        legacy = NOMSID + "a=ssrc:1234 cname:x\r\na=ssrc:1234 msid:legacy-stream legacy-track\r\n"
        got = await event(
            pc, "track", lambda: pc.setRemoteDescription({"type": "offer", "sdp": legacy})
        )
        assert [s.id for s in got.streams] == ["legacy-stream"]
        await pc.close()

    run(main())
