"""DTMF: RTCDTMFSender on audio senders, telephone-event negotiation, insertDTMF, tonechange.

Rules from webrtc-pc 7 ("Peer-to-peer DTMF": insertDTMF, "determine if DTMF
can be sent", the Playout task) and RFC 4733 (telephone-event at the audio
codec's clock rate).  Ported cases of the web-platform-tests
RTCDTMFSender-insertDTMF and RTCDTMFSender-ontonechange.  Two peers on the
memory backend; the tones use the shortest durations (40 ms + 30 ms).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from _pair import make_pair, negotiate, run

from sdpmodel import MediaStream, MediaStreamTrack, RTCPeerConnection, SequentialIds
from sdpmodel.codecs import BROWSER_AUDIO_CODECS
from sdpmodel.errors import InvalidCharacterError, InvalidStateError
from sdpmodel.jsep import LocalEndpoint
from sdpmodel.rtp import RTCDTMFSender
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport


class _Endpoint(MemoryTransport):
    """The memory backend with a chosen audio codec list."""

    def __init__(self, network: MemoryNetwork, audio: tuple[Any, ...]) -> None:
        super().__init__(network)
        self._audio = audio

    def local_endpoint(self, certificates: Any) -> LocalEndpoint:
        import attrs

        return attrs.evolve(super().local_endpoint(certificates), audio_codecs=self._audio)


def pair_with_answerer_audio(audio: tuple[Any, ...]) -> tuple[RTCPeerConnection, RTCPeerConnection]:
    network = MemoryNetwork()
    a = RTCPeerConnection(transport=MemoryTransport(network), ids=SequentialIds("a"))
    b = RTCPeerConnection(transport=_Endpoint(network, audio), ids=SequentialIds("b"))
    return a, b


async def dtmf_ready(
    offerer_sends: bool = True,
) -> tuple[RTCPeerConnection, RTCPeerConnection, RTCDTMFSender]:
    """Two negotiated peers; the DTMF sender of the side that added an audio track."""
    a, b = make_pair()
    sender_pc, other = (a, b) if offerer_sends else (b, a)
    track = MediaStreamTrack("audio")
    sender = sender_pc.addTrack(track, MediaStream(tracks=[track]))
    if offerer_sends:
        await negotiate(a, b)
    else:
        a.addTransceiver("audio", direction="recvonly")
        await negotiate(a, b)
    assert sender.dtmf is not None
    return sender_pc, other, sender.dtmf


def can_send(dtmf: RTCDTMFSender) -> bool:
    return dtmf.canInsertDTMF


WHO = pytest.mark.parametrize(
    "offerer_sends", [True, False], ids=["offerer-sends", "answerer-sends"]
)


def test_audio_senders_have_a_dtmf_sender_and_video_senders_none() -> None:
    """webrtc-pc, 5.2 (create an RTCRtpSender) and 7.1: an audio sender's dtmf is an
    RTCDTMFSender from the start; a video sender's is null."""

    async def main() -> None:
        pc = RTCPeerConnection()
        audio = pc.addTransceiver("audio")
        video = pc.addTransceiver("video")
        assert isinstance(audio.sender.dtmf, RTCDTMFSender)
        assert audio.sender.dtmf is audio.sender.dtmf
        assert video.sender.dtmf is None
        assert audio.sender.dtmf.canInsertDTMF is False  # nothing negotiated yet
        with pytest.raises(InvalidStateError):
            audio.sender.dtmf.insertDTMF("1")
        await pc.close()

    run(main())


@WHO
def test_dtmf_can_be_sent_once_telephone_event_is_negotiated_for_sending(
    offerer_sends: bool,
) -> None:
    """webrtc-pc 7.2, "determine if DTMF can be sent": a track, a sendrecv/sendonly
    currentDirection, an active first encoding and a negotiated telephone-event, on the offerer
    and on the answerer."""

    async def main() -> None:
        a, b, dtmf = await dtmf_ready(offerer_sends)
        assert dtmf.canInsertDTMF
        dtmf.insertDTMF("1")
        a.close()
        b.close()

    run(main())


@pytest.mark.parametrize("direction", ["recvonly", "inactive"])
def test_dtmf_needs_a_sending_current_direction(direction: str) -> None:
    """RTCDTMFSender-insertDTMF.https.html: a transceiver whose currentDirection is recvonly or
    inactive throws InvalidStateError."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver(MediaStreamTrack("audio"), direction=direction)
        await negotiate(a, b)
        assert t.currentDirection == "inactive"  # as the web-platform-test expects
        assert t.sender.dtmf is not None
        with pytest.raises(InvalidStateError):
            t.sender.dtmf.insertDTMF("1")
        a.close()
        b.close()

    run(main())


def test_dtmf_needs_telephone_event_in_the_answer() -> None:
    """webrtc-pc 7.2, determine if DTMF can be sent, step 6: without an "audio/telephone-event"
    negotiated for sending (the answerer has none) DTMF cannot be sent."""

    async def main() -> None:
        plain = tuple(c for c in BROWSER_AUDIO_CODECS if c.name != "telephone-event")
        a, b = pair_with_answerer_audio(plain)
        sender = a.addTrack(MediaStreamTrack("audio"))
        await negotiate(a, b)
        assert sender.dtmf is not None
        assert not sender.dtmf.canInsertDTMF
        with pytest.raises(InvalidStateError):
            sender.dtmf.insertDTMF("1")
        a.close()
        b.close()

    run(main())


def test_dtmf_works_at_8000_when_only_narrowband_audio_is_shared() -> None:
    """RFC 4733, 2.1: the answer keeps telephone-event/8000 with PCMU (the opus rate is not
    answered), and DTMF can be sent with it."""

    async def main() -> None:
        narrow = tuple(c for c in BROWSER_AUDIO_CODECS if c.clock_rate == 8000)
        a, b = pair_with_answerer_audio(narrow)
        sender = a.addTrack(MediaStreamTrack("audio"))
        await negotiate(a, b)
        events = [
            c["clockRate"]
            for c in sender.getParameters()["codecs"]
            if c["mimeType"] == "audio/telephone-event"
        ]
        assert events == [8000]
        assert sender.dtmf is not None and sender.dtmf.canInsertDTMF
        a.close()
        b.close()

    run(main())


def test_insert_dtmf_checks_the_characters_and_normalises_the_buffer() -> None:
    """RTCDTMFSender-insertDTMF.https.html: unrecognized characters throw InvalidCharacterError;
    a-d become A-D; a new call replaces the tones still buffered."""

    async def main() -> None:
        a, b, dtmf = await dtmf_ready()
        for bad in ("123FFABC", "E", "# *"):
            with pytest.raises(InvalidCharacterError):
                dtmf.insertDTMF(bad)
            assert dtmf.toneBuffer == ""
        dtmf.insertDTMF("")
        dtmf.insertDTMF("0123456789ABCDabcd#*,")
        dtmf.insertDTMF("123")
        assert dtmf.toneBuffer == "123"
        dtmf.insertDTMF("bcd")
        assert dtmf.toneBuffer == "BCD"
        with pytest.raises(TypeError):
            dtmf.insertDTMF(5)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            dtmf.insertDTMF("1", "long")  # type: ignore[arg-type]
        a.close()
        b.close()

    run(main())


def test_tonechange_fires_per_tone_then_with_an_empty_tone() -> None:
    """RTCDTMFSender-ontonechange.https.html and webrtc-pc 7.2, the Playout task: a tonechange
    per tone, in order, the buffer without that tone, then one with tone ""."""

    async def main() -> None:
        a, b, dtmf = await dtmf_ready()
        seen: list[tuple[str, str]] = []
        done = asyncio.get_running_loop().create_future()

        def on_tone(event: Any) -> None:
            seen.append((event.tone, dtmf.toneBuffer))
            if event.tone == "" and not done.done():
                done.set_result(None)

        dtmf.ontonechange = on_tone
        dtmf.insertDTMF("1#b", 40, 30)
        await asyncio.wait_for(done, 5)
        assert seen == [("1", "#B"), ("#", "B"), ("B", ""), ("", "")]
        a.close()
        b.close()

    run(main())


def test_insert_dtmf_while_playing_replaces_the_rest() -> None:
    """RTCDTMFSender-ontonechange.https.html ("insertDTMF with ... during playback"): a call
    while tones play replaces the buffer; the running Playout task plays the new tones."""

    async def main() -> None:
        a, b, dtmf = await dtmf_ready()
        seen: list[str] = []
        done = asyncio.get_running_loop().create_future()

        def on_tone(event: Any) -> None:
            seen.append(event.tone)
            if event.tone == "1":
                dtmf.insertDTMF("9", 40, 30)
            if event.tone == "" and not done.done():
                done.set_result(None)

        dtmf.ontonechange = on_tone
        dtmf.insertDTMF("123", 40, 30)
        await asyncio.wait_for(done, 5)
        assert seen == ["1", "9", ""]
        a.close()
        b.close()

    run(main())


def test_dtmf_stops_with_the_transceiver_and_the_track() -> None:
    """RTCDTMFSender-insertDTMF.https.html: a stopped transceiver throws InvalidStateError;
    webrtc-pc 7.2 (step 3 of determine if DTMF can be sent): so does a sender without track."""

    async def main() -> None:
        a, b, dtmf = await dtmf_ready()
        (t,) = a.getTransceivers()
        await t.sender.replaceTrack(None)
        assert not can_send(dtmf)
        await t.sender.replaceTrack(MediaStreamTrack("audio"))
        assert can_send(dtmf)
        t.stop()
        assert not can_send(dtmf)
        with pytest.raises(InvalidStateError):
            dtmf.insertDTMF("1")
        a.close()
        b.close()

    run(main())


def test_closing_the_connection_ends_dtmf() -> None:
    """webrtc-pc 7.2, determine if DTMF can be sent, step 1: a closed connection cannot."""

    async def main() -> None:
        a, b, dtmf = await dtmf_ready()
        a.close()
        assert not dtmf.canInsertDTMF
        with pytest.raises(InvalidStateError):
            dtmf.insertDTMF("1")
        b.close()

    run(main())
