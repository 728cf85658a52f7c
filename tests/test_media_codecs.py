"""Codec negotiation: payload types, fmtp-aware matching, rtx/red/fec, DTMF rates, preferences.

Rules from RFC 3264 (6.1, 8.3.2), RFC 9429 (5.2.1, 5.3.1), RFC 6184 (8.1,
8.2.2), RFC 9628 (6), the AV1 RTP payload format (7.2), RFC 4588 (8.1), RFC
2198 (5), RFC 4733 (2.1), RFC 3389 (5), RFC 4585 (4.2) and webrtc-pc
(setCodecPreferences, getCapabilities).  Every negotiation test runs two
peers; where the rule applies to both ends, it runs with each peer offering.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from _core import Peer, negotiate
from _pair import make_pair, run
from _pair import negotiate as negotiate_pair
from hypothesis import given
from hypothesis import strategies as st

import sdpmodel
from sdpmodel import RTCPeerConnection, RTCRtpReceiver, RTCRtpSender, SequentialIds
from sdpmodel.codecs import (
    BROWSER_AUDIO_CODECS,
    BROWSER_VIDEO_CODECS,
    CodecCapability,
    PayloadTypes,
    codec_dictionary_match,
    h264_answer_profile_level_id,
    h264_profile,
    is_primary,
    same_codec,
)
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.errors import InvalidModificationError, OperationError
from sdpmodel.jsep import LocalEndpoint, Session
from sdpmodel.model import Codec, MediaDescription
from sdpmodel.rtp import RTCRtpCodec

FB = (("nack", None), ("nack", "pli"), ("ccm", "fir"), ("transport-cc", None))


def cap(
    mime: str,
    rate: int = 90000,
    channels: int | None = None,
    fmtp: str | None = None,
    pt: int | None = None,
    fb: tuple[tuple[str, str | None], ...] = (),
) -> CodecCapability:
    return CodecCapability(mime, rate, channels, fmtp, fb, pt)


def h264(plid: str, mode: int = 1, pt: int | None = None, asym: bool = True) -> CodecCapability:
    fmtp = f"packetization-mode={mode};profile-level-id={plid}"
    if asym:
        fmtp = "level-asymmetry-allowed=1;" + fmtp
    return cap("video/H264", fmtp=fmtp, pt=pt, fb=FB)


def endpoint_peer(
    prefix: str,
    audio: tuple[CodecCapability, ...] = BROWSER_AUDIO_CODECS,
    video: tuple[CodecCapability, ...] = BROWSER_VIDEO_CODECS,
) -> Peer:
    endpoint = LocalEndpoint(audio_codecs=audio, video_codecs=video)
    return Peer(Session.create(RTCConfiguration(), endpoint=endpoint, ids=SequentialIds(prefix)))


def sections(sdp: str, kind: str | None = None) -> list[MediaDescription]:
    media = sdpmodel.parse(sdp).media
    return [m for m in media if kind is None or m.media == kind]


def names(media: MediaDescription) -> list[str]:
    return [f"{c.name}/{c.clock_rate}" for c in media.codecs]


def by_pt(media: MediaDescription) -> dict[int, Codec]:
    return {c.payload_type: c for c in media.codecs}


def fmtp_of(codec: Codec) -> dict[str, str | None]:
    return dict(codec.parameters)


WHO = pytest.mark.parametrize("first_offers", [True, False], ids=["a-offers", "b-offers"])


def exchange(a: Peer, b: Peer, first_offers: bool) -> tuple[str, str]:
    return negotiate(a, b) if first_offers else negotiate(b, a)


def remote_offer(kind: str, formats: list[str], lines: list[str]) -> str:
    """A real offer of one ``kind`` m-section whose formats and codec lines are replaced."""
    o = endpoint_peer("o")
    o.add_transceiver(kind)
    out: list[str] = []
    for line in o.create_offer().split("\r\n"):
        if line.startswith(f"m={kind} "):
            out.append(" ".join(line.split(" ")[:3] + formats))
        elif line.startswith(("a=rtpmap:", "a=fmtp:", "a=rtcp-fb:")):
            out.extend(lines)
            lines = []
        else:
            out.append(line)
    return "\r\n".join(out)


def answered_to(offer: str, peer: Peer | None = None) -> list[str]:
    """The ``name/rate`` list a peer (a browser-like one by default) answers ``offer`` with."""
    answerer = peer if peer is not None else endpoint_peer("b")
    answerer.set_remote_description("offer", offer)
    (x,) = sections(answerer.create_answer())
    return names(x)


# --- offers ---------------------------------------------------------------------------------


def test_offer_gives_each_video_codec_its_rtx_and_fec_none() -> None:
    """RFC 4588, 8.1: each rtx names a primary codec of the m-section with apt, right after it;
    FEC formats get no rtx (RFC 9429, 5.2.1: "for each media format")."""
    a = endpoint_peer("a")
    a.add_transceiver("video")
    (video,) = sections(a.create_offer())
    codecs = list(video.codecs)
    pts = by_pt(video)
    for i, codec in enumerate(codecs):
        if codec.name == "rtx":
            apt = int(fmtp_of(codec)["apt"] or "")
            assert codecs[i - 1].payload_type == apt
            assert pts[apt].name not in ("rtx", "ulpfec")
    protected = {int(fmtp_of(c)["apt"] or "") for c in codecs if c.name == "rtx"}
    assert {c.payload_type for c in codecs if c.name not in ("rtx", "ulpfec")} == protected


def test_offer_payload_types_are_unique_across_the_bundle_group() -> None:
    """RFC 8843, 9.1.2: one payload type never names two codecs in a BUNDLE group; RFC 3551, 3:
    dynamic types are 96-127 or 35-63."""
    a = endpoint_peer("a")
    for kind in ("video", "audio", "video", "audio"):
        a.add_transceiver(kind)
    seen: dict[int, tuple[str, str | None, int | None, str]] = {}
    for media in sections(a.create_offer()):
        for c in media.codecs:
            identity = (media.media, c.name, c.clock_rate, c.fmtp.parameter_text if c.fmtp else "")
            assert seen.setdefault(c.payload_type, identity) == identity
    assert all(pt < 64 or 96 <= pt <= 127 for pt in seen)


def test_offer_keeps_codec_preferred_payload_types_for_every_kind() -> None:
    """RFC 3264, 5.1 leaves the numbers to the offerer: a codec gets the payload type it prefers,
    even when another kind's m-section comes first (an rtx never takes opus's 111)."""
    a = endpoint_peer("a")
    a.add_transceiver("video")
    a.add_transceiver("audio")
    video, audio = sections(a.create_offer())
    assert by_pt(audio)[111].name == "opus"
    assert by_pt(video)[96].name == "VP8"
    assert fmtp_of(by_pt(video)[97]) == {"apt": "96"}


def test_red_before_opus_in_the_preferences_is_offered_first() -> None:
    """RFC 2198, 5: audio red names its primary's payload type; listed first in the
    preferences it is offered first (webrtc-pc, setCodecPreferences: the order is kept)."""
    a = endpoint_peer("a")
    tid = a.add_transceiver("audio")
    red, opus = (next(c for c in BROWSER_AUDIO_CODECS if c.name == n) for n in ("red", "opus"))
    a.set_codec_preferences(tid, [red, opus])
    (audio,) = sections(a.create_offer())
    assert names(audio) == ["red/48000", "opus/48000"]
    assert audio.codecs[0].fmtp is not None
    assert audio.codecs[0].fmtp.parameter_text == "111/111"


def test_red_without_its_primary_is_not_offered() -> None:
    """RFC 2198, 5: red without its primary codec in the m-section is left out."""
    a = endpoint_peer("a")
    tid = a.add_transceiver("audio")
    red, pcmu = (next(c for c in BROWSER_AUDIO_CODECS if c.name == n) for n in ("red", "PCMU"))
    a.set_codec_preferences(tid, [pcmu, red])
    (audio,) = sections(a.create_offer())
    assert names(audio) == ["PCMU/8000"]


def test_telephone_event_is_offered_at_the_audio_codecs_rates_only() -> None:
    """RFC 4733, 2.1: events use the clock rate of the audio they go with: with only PCMU
    preferred, telephone-event/8000 is offered and telephone-event/48000 is not."""
    a = endpoint_peer("a")
    full = a.add_transceiver("audio")
    narrow = a.add_transceiver("audio")
    pick = {c.name + str(c.clock_rate): c for c in BROWSER_AUDIO_CODECS}
    a.set_codec_preferences(
        narrow, [pick["PCMU8000"], pick["telephone-event8000"], pick["telephone-event48000"]]
    )
    del full
    first, second = sections(a.create_offer())
    assert {"telephone-event/48000", "telephone-event/8000"} <= set(names(first))
    assert names(second) == ["PCMU/8000", "telephone-event/8000"]


def test_voice_activity_detection_false_offers_no_comfort_noise() -> None:
    """RFC 9429, 5.2.3.2: with voiceActivityDetection false the offer includes no CN codecs."""
    a = endpoint_peer("a")
    a.add_transceiver("audio")
    (with_cn,) = sections(a.create_offer())
    (without,) = sections(a.create_offer(voice_activity_detection=False))
    assert "CN/8000" in names(with_cn)
    assert "CN/8000" not in names(without)
    assert [n for n in names(with_cn) if n != "CN/8000"] == names(without)


def test_an_offer_with_no_media_codec_to_offer_is_an_operation_error() -> None:
    """webrtc-pc, createOffer (OperationError when no offer can be made) and RFC 8866, 5.14 (an
    m= line lists formats): a live transceiver whose kind has only rtx/red/fec to offer rejects
    createOffer and changes nothing."""
    a = endpoint_peer("a", video=(cap("video/rtx", pt=97), cap("video/red", pt=116)))
    a.add_transceiver("video")
    before = a.session
    with pytest.raises(OperationError):
        a.create_offer()
    assert a.session is before


# --- answers --------------------------------------------------------------------------------


@WHO
def test_answer_keeps_the_offered_payload_types_and_order(first_offers: bool) -> None:
    """RFC 3264, 6.1: the answer uses the offer's payload types, in the offer's order, whatever
    order the answerer's capabilities have."""
    mine = tuple(reversed(BROWSER_VIDEO_CODECS))
    a, b = endpoint_peer("a"), endpoint_peer("b", video=mine)
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("video")
    offer, answer = negotiate(offerer, answerer)
    (o,) = sections(offer)
    (x,) = sections(answer)
    offered_order = [c.payload_type for c in o.codecs]
    answered = [c.payload_type for c in x.codecs]
    assert answered == [pt for pt in offered_order if pt in answered]
    for c in x.codecs:
        assert (c.name, c.clock_rate) == (
            by_pt(o)[c.payload_type].name,
            by_pt(o)[c.payload_type].clock_rate,
        )


@WHO
def test_h264_matches_on_profile_and_packetization_mode(first_offers: bool) -> None:
    """RFC 6184, 8.2.2: H.264 formats are the same codec when the profile (of
    profile-level-id) and packetization-mode agree; another profile or mode is not accepted."""
    a = endpoint_peer(
        "a", video=(h264("42e01f", 1, 100), h264("42e01f", 0, 101), h264("640c1f", 1, 102))
    )
    b = endpoint_peer("b", video=(h264("42e01f", 1, 110), h264("4d001f", 1, 111)))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("video")
    _, answer = negotiate(offerer, answerer)
    (x,) = sections(answer)
    assert len(x.codecs) == 1
    params = fmtp_of(x.codecs[0])
    assert (params["packetization-mode"], h264_profile(params["profile-level-id"])) == (
        "1",
        "constrained-baseline",
    )


@pytest.mark.parametrize(
    ("offered", "local", "asym", "answered"),
    [
        ("42e01f", "42e01f", True, "42e01f"),
        ("42e00d", "42e01f", True, "42e01f"),  # both allow asymmetry: each states its own level
        ("42e00d", "42e01f", False, "42e00d"),  # symmetric: the lower level
        ("42e034", "42e01f", False, "42e01f"),
        ("42f00b", "42e01f", False, "42f00b"),  # level 1b keeps constraint_set3
    ],
)
def test_h264_answer_level_follows_level_asymmetry(
    offered: str, local: str, asym: bool, answered: str
) -> None:
    """RFC 6184, 8.2.2: with level-asymmetry-allowed=1 on both sides the answer states its own
    level; otherwise the lower of the two levels."""
    assert h264_answer_profile_level_id(offered, local, asym).lower() == answered
    a = endpoint_peer("a", video=(h264(offered, 1, 100, asym=asym),))
    b = endpoint_peer("b", video=(h264(local, 1, 110),))
    a.add_transceiver("video")
    _, answer = negotiate(a, b)
    (x,) = sections(answer)
    assert fmtp_of(x.codecs[0])["profile-level-id"] == h264_answer_profile_level_id(
        offered, local, asym
    )


def test_h264_profile_level_id_is_written_lowercase_and_matched_in_any_case() -> None:
    """RFC 6184, 8.1: profile-level-id is hexadecimal, absent it means 42000A; sdpmodel writes
    it lowercase (42000a, like its other fmtp values) and matches a remote uppercase one."""
    assert h264_answer_profile_level_id(None, None, False) == "42000a"
    assert h264_answer_profile_level_id("42E00B", "42e01f", False) == "42e00b"
    assert h264_profile("42E01F") == h264_profile("42e01f") == "constrained-baseline"
    assert h264_profile(None) == h264_profile("42000a") == "baseline"
    fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42E01F"
    offer = remote_offer("video", ["102"], ["a=rtpmap:102 H264/90000", f"a=fmtp:102 {fmtp}"])
    b = endpoint_peer("b")
    b.set_remote_description("offer", offer)
    (x,) = sections(b.create_answer())
    (answered,) = x.codecs
    assert fmtp_of(answered)["profile-level-id"] == "42e01f"


@WHO
def test_vp9_matches_on_profile_id_with_zero_as_default(first_offers: bool) -> None:
    """RFC 9628, 6: VP9 formats match on profile-id; an absent profile-id is profile 0."""
    a = endpoint_peer(
        "a", video=(cap("video/VP9", pt=98), cap("video/VP9", fmtp="profile-id=2", pt=100))
    )
    b = endpoint_peer("b", video=(cap("video/VP9", fmtp="profile-id=0", pt=98),))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("video")
    _, answer = negotiate(offerer, answerer)
    (x,) = sections(answer)
    assert [fmtp_of(c).get("profile-id", "0") for c in x.codecs] == ["0"]


@WHO
def test_av1_matches_on_profile(first_offers: bool) -> None:
    """AV1 RTP payload format, 7.2: profile defaults to 0; another profile is another codec,
    while level-idx and tier may differ (each side states its own)."""
    a = endpoint_peer(
        "a",
        video=(
            cap("video/AV1", fmtp="profile=1", pt=45),
            cap("video/AV1", fmtp="level-idx=8", pt=46),
        ),
    )
    b = endpoint_peer("b", video=(cap("video/AV1", fmtp="level-idx=5;profile=0;tier=0", pt=45),))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("video")
    offer, answer = negotiate(offerer, answerer)
    (x,) = sections(answer)
    assert len(x.codecs) == 1
    assert fmtp_of(x.codecs[0]).get("profile", "0") == "0"
    # The answer writes the answerer's own parameters of the matching (profile 0) format.
    mine = next(
        c.sdp_fmtp_line
        for c in answerer.session.endpoint.video_codecs
        if c.parameters().get("profile", "0") == "0"
    )
    assert x.codecs[0].fmtp is not None and x.codecs[0].fmtp.parameter_text == mine
    del offer


@WHO
def test_rtx_stays_only_with_its_apt_codec(first_offers: bool) -> None:
    """RFC 4588, 8.1: an rtx format is answered only when the codec it repairs (apt) is."""
    rtx = cap("video/rtx", pt=97)
    a = endpoint_peer(
        "a", video=(cap("video/VP8", pt=96, fb=FB), cap("video/VP9", pt=98, fb=FB), rtx)
    )
    b = endpoint_peer("b", video=(cap("video/VP9", pt=98, fb=FB), rtx))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("video")
    _, answer = negotiate(offerer, answerer)
    (x,) = sections(answer)
    pts = by_pt(x)
    rtx_apts = [int(fmtp_of(c)["apt"] or "") for c in x.codecs if c.name == "rtx"]
    assert rtx_apts and all(pts[apt].name == "VP9" for apt in rtx_apts)
    assert {c.name for c in x.codecs} == {"VP9", "rtx"}


@WHO
def test_red_and_ulpfec_need_the_answerers_support(first_offers: bool) -> None:
    """RFC 2198, 5 and RFC 5109: red and ulpfec are answered only if this end has them; audio red
    only with all its primaries."""
    opus = next(c for c in BROWSER_AUDIO_CODECS if c.name == "opus")
    red = next(c for c in BROWSER_AUDIO_CODECS if c.name == "red")
    pcmu = next(c for c in BROWSER_AUDIO_CODECS if c.name == "PCMU")
    a = endpoint_peer(
        "a", audio=(opus, red, pcmu), video=(cap("video/VP8", pt=96), cap("video/ulpfec", pt=117))
    )
    b = endpoint_peer("b", audio=(pcmu, red), video=(cap("video/VP8", pt=96),))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("audio")
    offerer.add_transceiver("video")
    _, answer = negotiate(offerer, answerer)
    audio, video = sections(answer)
    # a offers red for opus, which b lacks; b cannot offer red at all (its red names 111,
    # opus's number, and b has no opus); ulpfec is a's only.
    assert names(audio) == ["PCMU/8000"]
    assert names(video) == ["VP8/90000"]


def test_red_at_a_clock_rate_this_end_lacks_is_not_answered() -> None:
    """RFC 3264, 6.1: a format is answered only if this end has one with the same encoding name,
    clock rate and channels, red included: red/8000 (for PCMU) is left out by an end whose only
    red is red/48000/2, while opus and PCMU are answered."""
    offer = remote_offer(
        "audio",
        ["111", "63", "0"],
        [
            "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:63 red/8000",
            "a=fmtp:63 0/0",
            "a=rtpmap:0 PCMU/8000",
        ],
    )
    assert answered_to(offer) == ["opus/48000", "PCMU/8000"]
    # Its own red (red/48000/2 for opus) in the same offer is answered.
    offer = remote_offer(
        "audio",
        ["111", "63", "0"],
        [
            "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:63 red/48000/2",
            "a=fmtp:63 111/111",
            "a=rtpmap:0 PCMU/8000",
        ],
    )
    assert answered_to(offer) == ["opus/48000", "red/48000", "PCMU/8000"]


def test_red_whose_primaries_have_another_clock_rate_is_not_answered() -> None:
    """RFC 2198, 3 and 5: red carries its primaries in one RTP clock, so red/48000/2 naming
    PCMU/8000 (fmtp 0/0) cannot be used and is left out, though this end has red/48000/2."""
    offer = remote_offer(
        "audio",
        ["111", "63", "0"],
        [
            "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:63 red/48000/2",
            "a=fmtp:63 0/0",
            "a=rtpmap:0 PCMU/8000",
        ],
    )
    assert answered_to(offer) == ["opus/48000", "PCMU/8000"]


def test_audio_red_channels_are_part_of_its_identity() -> None:
    """RFC 3264, 6.1 (and RFC 8866, 6.6: audio without channels has one): red/48000 (one
    channel) is not the red/48000/2 this end has, so it is left out."""
    offer = remote_offer(
        "audio",
        ["111", "63"],
        ["a=rtpmap:111 opus/48000/2", "a=rtpmap:63 red/48000", "a=fmtp:63 111/111"],
    )
    assert answered_to(offer) == ["opus/48000"]


def test_rtx_and_ulpfec_at_a_clock_rate_this_end_lacks_are_not_answered() -> None:
    """RFC 3264, 6.1 and RFC 4588, 8.3: rtx/8000 and ulpfec/8000 are not the rtx/90000 and
    ulpfec/90000 this end has, so a video offer's VP8 is answered alone; the same offer with
    rtx/90000 and ulpfec/90000 gets both."""
    offer = remote_offer(
        "video",
        ["96", "97", "117"],
        [
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:97 rtx/8000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:117 ulpfec/8000",
        ],
    )
    assert answered_to(offer) == ["VP8/90000"]
    offer = remote_offer(
        "video",
        ["96", "97", "117"],
        [
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:117 ulpfec/90000",
        ],
    )
    assert answered_to(offer) == ["VP8/90000", "rtx/90000", "ulpfec/90000"]


def test_rtx_at_another_rate_than_its_apt_codec_is_not_answered() -> None:
    """RFC 4588, 8.3: the rate of video/rtx "is equal to the RTP timestamp clockrate of the
    media that is retransmitted": rtx/8000 with apt=96 (VP8/90000) is left out even by an end
    that has rtx/8000, and VP8 is answered."""
    b = endpoint_peer("b", video=(cap("video/VP8", pt=96), cap("video/rtx", 8000, pt=97)))
    offer = remote_offer(
        "video",
        ["96", "97"],
        ["a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/8000", "a=fmtp:97 apt=96"],
    )
    assert answered_to(offer, b) == ["VP8/90000"]


def test_offers_give_rtx_and_red_only_at_their_codecs_clock_rate() -> None:
    """RFC 4588, 8.3 (rtx has its apt codec's rate) and RFC 2198, 3 (red has its primaries'
    rate): an end whose rtx and red are at 8000 offers neither next to VP8/90000; an audio red
    at 48000 naming PCMU/8000 is not offered either."""
    a = endpoint_peer(
        "a",
        audio=(cap("audio/PCMU", 8000, pt=0), cap("audio/red", 48000, 2, "0/0", pt=63)),
        video=(
            cap("video/VP8", pt=96),
            cap("video/rtx", 8000, pt=97),
            cap("video/red", 8000, pt=116),
        ),
    )
    a.add_transceiver("audio")
    a.add_transceiver("video")
    audio, video = sections(a.create_offer())
    assert names(audio) == ["PCMU/8000"]
    assert names(video) == ["VP8/90000"]


def test_rtx_at_two_clock_rates_gets_two_payload_types() -> None:
    """RFC 3264, 8.3.2 and RFC 8843, 9.1.2: one payload type names one format in a session, so
    rtx/90000 and rtx/8000 for the same apt never share a number."""
    types = PayloadTypes()
    first = types.assign_resilience("video", "rtx", 90000, "apt=96", 97)
    second = types.assign_resilience("video", "rtx", 8000, "apt=96", 97)
    assert first == 97
    assert second is not None and second != first
    assert types.assign_resilience("video", "rtx", 90000, "apt=96", None) == first


def test_telephone_event_is_answered_only_at_an_answered_codecs_rate() -> None:
    """RFC 4733, 2.1: the answer keeps telephone-event only at the clock rate of a codec it
    answers (opus unsupported: only telephone-event/8000 stays with PCMU)."""
    audio = tuple(c for c in BROWSER_AUDIO_CODECS if c.name not in ("opus", "red"))
    a, b = endpoint_peer("a"), endpoint_peer("b", audio=audio)
    a.add_transceiver("audio")
    _, answer = negotiate(a, b)
    (x,) = sections(answer)
    assert "telephone-event/8000" in names(x)
    assert "telephone-event/48000" not in names(x)


@WHO
def test_rtcp_feedback_is_the_intersection(first_offers: bool) -> None:
    """RFC 4585, 4.2: the answer lists the a=rtcp-fb values both ends support."""
    a = endpoint_peer(
        "a",
        video=(cap("video/VP8", pt=96, fb=(("nack", None), ("nack", "pli"), ("goog-remb", None))),),
    )
    b = endpoint_peer(
        "b",
        video=(cap("video/VP8", pt=96, fb=(("nack", "pli"), ("ccm", "fir"), ("goog-remb", None))),),
    )
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("video")
    _, answer = negotiate(offerer, answerer)
    (x,) = sections(answer)
    assert {(f.feedback_type, f.parameters) for f in x.codecs[0].feedback} == {
        ("nack", "pli"),
        ("goog-remb", None),
    }


@WHO
def test_no_common_codec_rejects_the_m_section(first_offers: bool) -> None:
    """RFC 9429, 5.3.1: an m-section with no codec both ends support is rejected (port 0), and
    the offerer's transceiver is stopped by the answer (RFC 9429, 5.11)."""
    a = endpoint_peer("a", video=(cap("video/VP8", pt=96), cap("video/rtx", pt=97)))
    b = endpoint_peer("b", video=(cap("video/VP9", pt=98), cap("video/rtx", pt=99)))
    offerer, answerer = (a, b) if first_offers else (b, a)
    tid = offerer.add_transceiver("video")
    _, answer = negotiate(offerer, answerer)
    (x,) = sections(answer)
    assert x.port == 0
    assert not offerer.session.has_transceiver(tid) or offerer.session.transceiver(tid).stopped


def test_static_payload_type_without_rtpmap_is_answered() -> None:
    """RFC 3551, 6 (Table 4): a static payload type needs no rtpmap; the answer accepts PCMU
    offered as "0" alone and writes its rtpmap."""
    a = endpoint_peer("a")
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    desc = sdpmodel.parse(offer)
    media = desc.media[0]
    kept = tuple(
        x
        for x in media.attributes
        if not (x.name in ("rtpmap", "fmtp", "rtcp-fb") and not (x.value or "").startswith("0 "))
    )
    munged = attrs.evolve(
        desc, media=(attrs.evolve(media, formats=("0",), attributes=kept),)
    ).to_sdp()
    b = endpoint_peer("b")
    b.set_remote_description("offer", munged)
    (x,) = sections(b.create_answer())
    assert names(x) == ["PCMU/8000"]
    assert x.codecs[0].payload_type == 0


@WHO
def test_payload_types_stay_stable_across_renegotiation(first_offers: bool) -> None:
    """RFC 3264, 8.3.2: a payload type keeps its codec for the whole session; the former
    answerer's new offer reuses the numbers the first offer chose (and new m-sections too)."""
    a = endpoint_peer("a")
    b = endpoint_peer("b", video=tuple(reversed(BROWSER_VIDEO_CODECS)))
    first, second = (a, b) if first_offers else (b, a)
    first.add_transceiver("video")
    offer, _ = negotiate(first, second)
    before = {
        (c.name, c.fmtp.parameter_text if c.fmtp else ""): c.payload_type
        for c in sections(offer)[0].codecs
        if c.name != "rtx"
    }
    second.add_transceiver("video")
    offer2, _ = negotiate(second, first)
    for media in sections(offer2):
        for c in media.codecs:
            key = (c.name, c.fmtp.parameter_text if c.fmtp else "")
            if key in before:
                assert c.payload_type == before[key], key
    offer3, _ = negotiate(first, second)
    for one, other in zip(sections(offer2), sections(offer3), strict=True):
        assert {c.payload_type for c in one.codecs} >= {
            c.payload_type for c in other.codecs if c.payload_type in by_pt(one)
        }


# --- setCodecPreferences --------------------------------------------------------------------


def test_codec_dictionary_match_ignores_fmtp_order_and_mime_case() -> None:
    """webrtc-pc, codec dictionary match: mimeType case-insensitive; fmtp lines match when they
    convey the same parameters in any order; absent and present never match."""
    one = cap("video/H264", fmtp="packetization-mode=1;profile-level-id=42e01f")
    assert codec_dictionary_match(
        one, cap("VIDEO/h264", fmtp="profile-level-id=42e01f; packetization-mode=1")
    )
    assert not codec_dictionary_match(one, cap("video/H264"))
    assert not codec_dictionary_match(
        one, cap("video/H264", fmtp="packetization-mode=0;profile-level-id=42e01f")
    )
    assert not codec_dictionary_match(cap("audio/opus", 48000, 2), cap("audio/opus", 48000))


@WHO
def test_preferences_order_the_offer_and_the_answer(first_offers: bool) -> None:
    """webrtc-pc, setCodecPreferences: the offerer's preferences order the offer; the answerer's
    override the order of the answer, which keeps only the common codecs."""
    a, b = endpoint_peer("a"), endpoint_peer("b")
    pick = {c.name + (c.sdp_fmtp_line or ""): c for c in BROWSER_VIDEO_CODECS}
    offerer, answerer = (a, b) if first_offers else (b, a)
    t = offerer.add_transceiver("video")
    offerer.set_codec_preferences(
        t,
        [
            pick["VP9profile-id=2"],
            pick["VP8"],
            pick["AV1level-idx=5;profile=0;tier=0"],
            pick["rtx"],
        ],
    )
    offer = offerer.create_offer()
    assert names(sections(offer)[0]) == [
        "VP9/90000",
        "rtx/90000",
        "VP8/90000",
        "rtx/90000",
        "AV1/90000",
        "rtx/90000",
    ]
    offerer.set_local_description("offer", offer)
    answerer.set_remote_description("offer", offer)
    (mine,) = answerer.session.transceivers
    answerer.set_codec_preferences(
        mine.id, [pick["VP8"], pick["VP9profile-id=0"], pick["VP9profile-id=2"]]
    )
    (x,) = sections(answerer.create_answer())
    assert names(x) == ["VP8/90000", "VP9/90000"]  # no rtx: not in the answerer's preferences
    assert fmtp_of(x.codecs[1]) == {"profile-id": "2"}


def test_preferences_without_rtx_remove_it_from_offer_and_answer() -> None:
    """webrtc-pc, setCodecPreferences: "disable the negotiation of specific codecs (including
    RTX/RED/FEC)": rtx left out of the preferences is neither offered nor answered."""
    a, b = endpoint_peer("a"), endpoint_peer("b")
    vp8 = next(c for c in BROWSER_VIDEO_CODECS if c.name == "VP8")
    t = a.add_transceiver("video")
    a.set_codec_preferences(t, [vp8])
    offer = a.create_offer()
    assert names(sections(offer)[0]) == ["VP8/90000"]
    c = endpoint_peer("c")
    c.add_transceiver("video")
    offer = c.create_offer()
    c.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    b.set_codec_preferences(b.session.transceivers[0].id, [vp8])
    assert names(sections(b.create_answer())[0]) == ["VP8/90000"]


def test_preferences_errors_and_reset() -> None:
    """webrtc-pc, setCodecPreferences steps 3, 7, 8: codecs not in the capabilities and lists of
    only RTX/RED/FEC/CN throw InvalidModificationError and change nothing; [] resets."""
    a = endpoint_peer("a")
    t = a.add_transceiver("audio")
    opus = next(c for c in BROWSER_AUDIO_CODECS if c.name == "opus")
    a.set_codec_preferences(t, [opus])
    before = a.session
    for bad in (
        [cap("audio/opus", 48000, 2, "minptime=10")],
        [cap("audio/opus", 48000, 1, "minptime=10;useinbandfec=1")],
        [cap("video/VP8")],
        [next(c for c in BROWSER_AUDIO_CODECS if c.name == "CN")],
        [next(c for c in BROWSER_AUDIO_CODECS if c.name == "red")],
    ):
        with pytest.raises(InvalidModificationError):
            a.set_codec_preferences(t, bad)
        assert a.session is before
    a.set_codec_preferences(
        t, [opus, opus, cap("AUDIO/OPUS", 48000, 2, "useinbandfec=1;minptime=10")]
    )
    assert a.session.transceiver(t).preferred_codecs == (opus,)
    a.set_codec_preferences(t, [])
    assert a.session.transceiver(t).preferred_codecs == ()
    assert "PCMU/8000" in names(sections(a.create_offer())[0])


def test_facade_set_codec_preferences_reads_dicts_and_checks_webidl_types() -> None:
    """webrtc-pc, setCodecPreferences with RTCRtpCodec dictionaries: WebIDL TypeError for a
    member of the wrong type; the codecs from getCapabilities are accepted."""

    async def main() -> None:
        pc = RTCPeerConnection()
        t = pc.addTransceiver("video")
        caps = RTCRtpReceiver.getCapabilities("video")
        assert caps is not None
        t.setCodecPreferences([c.toJSON() for c in caps.codecs])
        for bad in (
            {"mimeType": "video/VP8", "clockRate": 90000, "channels": "2"},
            {"mimeType": "video/VP8", "clockRate": 90000, "sdpFmtpLine": 5},
            {"mimeType": "video/VP8"},
            "video/VP8",
        ):
            with pytest.raises(TypeError):
                t.setCodecPreferences([bad])  # type: ignore[list-item]
        await pc.close()

    run(main())


def test_get_capabilities_static_and_of_the_connections_backend() -> None:
    """webrtc-pc, getCapabilities(kind): the static call answers with the default (memory)
    backend's list, a connection's sender and receiver with their backend's; another kind is
    null."""
    only_vp8 = LocalEndpoint(video_codecs=(cap("video/VP8", pt=96),))

    class Backend:
        def __init__(self) -> None:
            from sdpmodel.transport.memory import MemoryTransport

            self.inner = MemoryTransport()

        def local_endpoint(self, certificates: Any) -> LocalEndpoint:
            base = self.inner.local_endpoint(certificates)
            return attrs.evolve(only_vp8, fingerprints=base.fingerprints)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    async def main() -> None:
        static = RTCRtpSender.getCapabilities("video")
        assert static is not None
        assert [c.mimeType for c in static.codecs] == [c.mime_type for c in BROWSER_VIDEO_CODECS]
        assert RTCRtpSender.getCapabilities("application") is None
        pc = RTCPeerConnection(transport=Backend())
        t = pc.addTransceiver("video")
        mine = t.sender.getCapabilities("video")
        assert mine is not None and [c.mimeType for c in mine.codecs] == ["video/VP8"]
        received = t.receiver.getCapabilities("video")
        assert received is not None and received.codecs == mine.codecs
        with pytest.raises(InvalidModificationError):
            t.setCodecPreferences([RTCRtpCodec("video/VP9", 90000, None, "profile-id=0")])
        await pc.close()

    run(main())


def test_facade_get_parameters_shows_the_negotiated_codecs_both_ways() -> None:
    """webrtc-pc, getParameters(): codecs are [[SendCodecs]] / [[ReceiveCodecs]], with the
    offer's payload types on both ends (RFC 3264, 6.1)."""

    async def main() -> None:
        a, b = make_pair()
        ta = a.addTransceiver("audio")
        await negotiate_pair(a, b)
        (tb,) = b.getTransceivers()
        sent = [(c["payloadType"], c["mimeType"]) for c in ta.sender.getParameters()["codecs"]]
        got = [(c["payloadType"], c["mimeType"]) for c in tb.receiver.getParameters()["codecs"]]
        assert sent and sent == got
        assert (111, "audio/opus") in sent
        a.close()
        b.close()

    run(main())


# --- property ---------------------------------------------------------------------------------

_REPAIR = ("rtx", "red", "ulpfec")
_POOLS = {
    "video": [c for c in BROWSER_VIDEO_CODECS if c.name not in _REPAIR],
    "audio": [c for c in BROWSER_AUDIO_CODECS if c.name != "red"],
}
#: Video rtx, red and ulpfec, each absent or at one of these clock rates (drawn per side, so
#: the two ends may have them at different rates).
_REPAIR_RATES = (None, 90000, 8000)


@st.composite
def capability_sets(draw: st.DrawFn, kind: str) -> tuple[CodecCapability, ...]:
    pool = _POOLS[kind]
    chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8, unique=True))
    pts = draw(
        st.lists(
            st.one_of(st.none(), st.integers(96, 127)),
            min_size=len(chosen),
            max_size=len(chosen),
        )
    )
    out = [
        attrs.evolve(c, preferred_payload_type=pt if pt is not None else c.preferred_payload_type)
        if draw(st.booleans())
        else attrs.evolve(c, preferred_payload_type=pt)
        for c, pt in zip(chosen, pts, strict=True)
    ]
    if kind == "video":
        for name, pt in (("rtx", 97), ("red", 116), ("ulpfec", 117)):
            rate = draw(st.sampled_from(_REPAIR_RATES))
            if rate is not None:
                out.append(cap(f"video/{name}", rate, pt=pt))
    else:
        # Audio red naming one of this side's codecs, at a clock rate and channels drawn
        # apart from it: red/48000/2, red/48000 or red/8000, for opus or for PCMU.
        primaries = [c for c in out if is_primary(c.name) and c.preferred_payload_type]
        if primaries and draw(st.booleans()):
            primary = draw(st.sampled_from(primaries))
            rate = draw(st.sampled_from((48000, 8000)))
            channels = draw(st.sampled_from((None, 2)))
            pt = primary.preferred_payload_type
            red = cap("audio/red", rate, channels, f"{pt}/{pt}", pt=63)
            out.insert(draw(st.integers(0, len(out))), red)
    return tuple(out)


@st.composite
def two_sets(
    draw: st.DrawFn,
) -> tuple[str, tuple[CodecCapability, ...], tuple[CodecCapability, ...]]:
    kind = draw(st.sampled_from(["audio", "video"]))
    return kind, draw(capability_sets(kind)), draw(capability_sets(kind))


def _identity(kind: str, name: str, rate: int | None, channels: int | None) -> tuple[object, ...]:
    # RFC 8866, 6.6: audio without encoding parameters has one channel.
    return (name.lower(), rate, (channels or 1) if kind == "audio" else channels)


def _supports(kind: str, side: tuple[CodecCapability, ...], c: Codec) -> bool:
    """Whether ``side`` has the format ``c``: the same encoding name, clock rate and channels
    (RFC 3264, 6.1) for every format, rtx, red and FEC included; for the media codecs also
    the same fmtp identity (``same_codec``: H.264 profile, VP9 profile-id, AV1 profile)."""
    name = c.name or ""
    fmtp = c.fmtp.parameter_text if c.fmtp else None
    wanted = _identity(kind, name, c.clock_rate, c.channels)
    return any(
        _identity(kind, s.name, s.clock_rate, s.channels) == wanted
        and same_codec(kind, name, c.clock_rate, c.channels, fmtp, s)
        for s in side
    )


@given(two_sets(), st.booleans())
def test_random_capability_sets_answer_a_subset_of_both(
    sets: tuple[str, tuple[CodecCapability, ...], tuple[CodecCapability, ...]], twice: bool
) -> None:
    """RFC 3264, 6.1 and RFC 8843, 9.1.2: for any two capability sets (audio or video) the
    answer lists only codecs both ends support, with the offer's payload type for each and one
    codec per payload type in the session; every format, rtx/red/ulpfec included, matched on
    name, clock rate and channels (RFC 3264, 6.1, with rtx, red and ulpfec drawn at rates the
    other end may lack); rtx only with its apt codec and at its rate (RFC 4588, 8.1 and 8.3),
    red with its primaries at its rate (RFC 2198, 3 and 5), telephone-event/CN at an answered
    rate (RFC 4733, 2.1);
    no common codec rejects the m-section (RFC 9429, 5.3.1); renegotiating in the other
    direction keeps the numbers (RFC 3264, 8.3.2)."""
    kind, mine, theirs = sets
    a = endpoint_peer("a", **{kind: mine})
    b = endpoint_peer("b", **{kind: theirs})
    a.add_transceiver(kind)
    a.add_transceiver(kind)
    rounds = [(a, b), (b, a)] if twice else [(a, b)]
    numbers: dict[int, tuple[str | None, str]] = {}
    for offerer, answerer in rounds:
        live = [t for t in offerer.session.transceivers if not (t.stopped or t.stopping)]
        if live and not any(is_primary(c.name) for c in offerer.session.endpoint.codecs(kind)):
            # No media codec to offer: createOffer rejects (webrtc-pc, createOffer;
            # RFC 8866, 5.14) and nothing changes.
            before = offerer.session
            with pytest.raises(OperationError):
                offerer.create_offer()
            assert offerer.session is before
            return
        offer, answer = negotiate(offerer, answerer)
        for o, x in zip(sections(offer), sections(answer), strict=True):
            offered = by_pt(o)
            if o.port == 0:
                continue  # a stopped transceiver's m-section: no codecs of its own
            for c in o.codecs:
                key = c.fmtp.parameter_text if c.fmtp and c.name not in ("rtx", "red") else ""
                if c.name == "H264":
                    key = str(h264_profile(fmtp_of(c).get("profile-level-id"))) + str(
                        fmtp_of(c).get("packetization-mode", "0")
                    )
                identity = (f"{c.name}/{c.clock_rate}", key)
                assert numbers.setdefault(c.payload_type, identity) == identity
            common = [
                c
                for c in o.codecs
                if is_primary(c.name or "")
                and _supports(kind, answerer.session.endpoint.codecs(kind), c)
            ]
            if x.port == 0:
                assert not common
                continue
            assert common
            answered = by_pt(x)
            rates = {c.clock_rate for c in x.codecs if is_primary(c.name or "")}
            for c in x.codecs:
                assert c.payload_type in offered
                assert (c.name, c.clock_rate) == (
                    offered[c.payload_type].name,
                    offered[c.payload_type].clock_rate,
                )
                assert _supports(kind, mine, c) and _supports(kind, theirs, c)
                if c.name == "rtx":
                    apt = int(fmtp_of(c)["apt"] or "")
                    assert apt in answered
                    assert answered[apt].clock_rate == c.clock_rate  # RFC 4588, 8.3
                if c.name == "red" and kind == "audio":
                    assert c.fmtp is not None
                    primaries = [int(p) for p in c.fmtp.parameter_text.split("/")]
                    assert all(p in answered for p in primaries)
                    # RFC 2198, 3: red and its primaries share one clock rate.
                    assert all(answered[p].clock_rate == c.clock_rate for p in primaries)
                if c.name == "red" and kind == "video":
                    assert c.clock_rate in rates
                if (c.name or "").lower() in ("telephone-event", "cn"):
                    assert c.clock_rate in rates
