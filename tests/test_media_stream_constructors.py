"""mediacapture-main, the MediaStream constructors, and sdpmodel's two extensions (a single track, an id)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from sdpmodel import MediaStream, MediaStreamTrack


def test_no_argument_makes_an_empty_stream_with_a_new_id() -> None:
    """mediacapture-main, MediaStream constructor, steps 1 and 2: MediaStream() has a new id and no tracks."""
    one, two = MediaStream(), MediaStream()
    assert one.getTracks() == [] and one.id and one.id != two.id


def test_a_stream_argument_gives_a_new_id_and_the_same_tracks() -> None:
    """mediacapture-main, MediaStream constructor, step 3.1: MediaStream(stream) holds the stream's track objects under a new id."""
    audio, video = MediaStreamTrack("audio"), MediaStreamTrack("video")
    original = MediaStream(tracks=[audio, video])
    copy = MediaStream(original)
    assert copy.id != original.id
    assert copy.getTracks() == [audio, video]
    assert all(a is b for a, b in zip(copy.getTracks(), [audio, video], strict=True))
    copy.removeTrack(audio)
    assert original.getTracks() == [audio, video]


def test_a_list_of_tracks_adds_each_track_once() -> None:
    """mediacapture-main, MediaStream constructor, step 3.2: MediaStream(tracks) adds each track once, in order."""
    audio, video = MediaStreamTrack("audio"), MediaStreamTrack("video")
    stream = MediaStream([video, audio, video])
    assert stream.getTracks() == [video, audio]
    assert MediaStream(t for t in (audio,)).getTracks() == [audio]
    assert stream.getTrackById(audio.id) is audio
    assert stream.getTrackById("nope") is None


def test_a_single_track_is_accepted() -> None:
    """MDN addTrack(), "Streamless tracks": new MediaStream(ev.track) holds that one track (an sdpmodel extension of mediacapture-main)."""
    track = MediaStreamTrack("video")
    stream = MediaStream(track)
    assert stream.getTracks() == [track] and stream.id != track.id
    # Any object with a string id and kind is a track (an aiortc MediaStreamTrack).
    foreign = SimpleNamespace(id="t1", kind="audio")
    assert MediaStream(foreign).getTracks() == [foreign]


def test_the_id_extension_keeps_working() -> None:
    """DESIGN.md, MediaStream(id=None, tracks=()): an id of the caller's choosing, by keyword or first positional argument."""
    track = MediaStreamTrack("audio")
    assert MediaStream(id="s1").id == "s1"
    assert MediaStream("s2").id == "s2"
    by_keyword = MediaStream(id="s3", tracks=[track])
    positional = MediaStream("s4", [track])
    assert (by_keyword.id, by_keyword.getTracks()) == ("s3", [track])
    assert (positional.id, positional.getTracks()) == ("s4", [track])
    assert MediaStream([track], id="s5").id == "s5"


@pytest.mark.parametrize(
    "args",
    [
        (42,),
        ({"id": "x"},),
        ([MediaStreamTrack("audio"), "not a track"],),
        ([42],),
        (b"bytes",),
        ("s", "not tracks"),
        ([MediaStreamTrack("audio")], [MediaStreamTrack("video")]),
        (MediaStream(), [MediaStreamTrack("video")]),
    ],
    ids=[
        "number",
        "dict",
        "list-with-string",
        "list-with-number",
        "bytes",
        "tracks-string",
        "tracks-twice",
        "stream-and-tracks",
    ],
)
def test_anything_else_raises_type_error(args: tuple[Any, ...]) -> None:
    """WebIDL overload resolution for the MediaStream constructors (mediacapture-main): any other argument is a TypeError."""
    with pytest.raises(TypeError):
        MediaStream(*args)


def test_the_id_is_given_once_and_is_a_string() -> None:
    """DESIGN.md, MediaStream(id=...): the id is a string, given once; otherwise TypeError."""
    with pytest.raises(TypeError):
        MediaStream("a", id="b")
    with pytest.raises(TypeError):
        MediaStream(id=7)  # type: ignore[arg-type]


def test_add_track_takes_only_tracks() -> None:
    """mediacapture-main, MediaStream.addTrack(MediaStreamTrack): another value is a WebIDL TypeError and changes nothing."""
    stream = MediaStream()
    with pytest.raises(TypeError):
        stream.addTrack("audio")  # type: ignore[arg-type]
    assert stream.getTracks() == []


@pytest.mark.parametrize("bad", ["a\r\na=ice-lite", "two words", "", "x" * 65, "tab\there"])
def test_an_id_given_in_code_is_one_msid_token(bad: str) -> None:
    """RFC 8830, 2: a stream or track id the user chooses is written in a=msid, so it is 1 to 64 token characters; anything else is a ValueError where it is made (no line can be injected)."""
    with pytest.raises(ValueError, match="RFC 8830, 2"):
        MediaStream(id=bad)
    with pytest.raises(ValueError, match="RFC 8830, 2"):
        MediaStreamTrack("audio", bad)
    assert MediaStream(id="{a-b}").id == "{a-b}"  # Firefox-style ids are tokens


def test_a_remote_stream_id_of_any_length_is_kept() -> None:
    """webrtc-pc, set the associated remote streams: the stream id a remote a=msid gives is used as it is, longer than 64 characters too (the track's id is the receiver's own)."""
    from _pair import make_pair, run

    long_stream, long_track = "s" * 100, "t" * 90

    async def main() -> None:
        a, b = make_pair()
        a.addTrack(MediaStreamTrack("audio"), MediaStream())
        offer = await a.createOffer()
        await a.setLocalDescription(offer)
        (media,) = [line for line in offer.sdp.split("\r\n") if line.startswith("a=msid:")]
        text = offer.sdp.replace(media, f"a=msid:{long_stream} {long_track}")
        seen: list[Any] = []
        b.ontrack = seen.append
        await b.setRemoteDescription({"type": "offer", "sdp": text})
        await asyncio.sleep(0)
        assert [s.id for s in seen[0].streams] == [long_stream]
        a.close()
        b.close()

    run(main())
