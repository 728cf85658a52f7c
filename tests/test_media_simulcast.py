"""Simulcast: rids in offers and answers, layers an answer removes, rid errors.

Rules from webrtc-pc (addTransceiver step 8, final steps to create an offer
3.3 and an answer 2, set the session description 4.6.10, setParameters),
RFC 8851 (rid), RFC 8853 (simulcast), RFC 9429 (5.2.1, 5.3.1) and RFC 8852 /
RFC 8843 for the header extensions.  Two peers each time; the rule that a
sender's layers follow the answer is checked with sdpmodel as the offerer
and as the answerer (an SFU-style offer that asks to receive simulcast).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from _core import Peer, pair, track
from _pair import make_pair, run
from _pair import negotiate as negotiate_pair

import sdpmodel
from sdpmodel import MediaStreamTrack
from sdpmodel._msection import MID_URI, REPAIRED_RID_URI, RID_URI
from sdpmodel.attributes import Rid, Simulcast, SimulcastId
from sdpmodel.codecs import BROWSER_VIDEO_EXTENSIONS
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.errors import InvalidModificationError
from sdpmodel.ids import SequentialIds
from sdpmodel.jsep import LocalEndpoint, Session
from sdpmodel.model import MediaDescription
from sdpmodel.transceiver import Encoding

LAYERS = [Encoding(rid="h"), Encoding(rid="m"), Encoding(rid="l")]


def video(sdp: str) -> MediaDescription:
    return next(m for m in sdpmodel.parse(sdp).media if m.media == "video")


def rids(media: MediaDescription) -> list[tuple[str, str]]:
    return [(r.rid, r.direction) for r in media.attributes_of(Rid)]


def simulcast_of(media: MediaDescription) -> Simulcast | None:
    return media.attribute(Simulcast)


def sender_rids(peer: Peer, tid: str) -> list[str | None]:
    return [e.rid for e in peer.session.transceiver(tid).send_encodings]


def simulcast_offer(a: Peer) -> tuple[str, str]:
    tid = a.add_transceiver(track("video"), send_encodings=LAYERS)
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    return tid, offer


def edit_video(sdp: str, drop: tuple[str, ...] = (), add: tuple[str, ...] = ()) -> str:
    """The SDP with lines of the video m-section removed (by prefix) or appended to it."""
    out: list[str] = []
    in_video = False
    lines = sdp.split("\r\n")
    for line in lines:
        if line.startswith("m="):
            if in_video:
                out.extend(add)
            in_video = line.startswith("m=video")
        if in_video and any(line.startswith(p) for p in drop):
            continue
        if line == "" and in_video:
            out.extend(add)
            in_video = False
        out.append(line)
    return "\r\n".join(out)


# --- offers -----------------------------------------------------------------------------------


def test_offer_writes_rid_send_lines_and_simulcast_send_in_encoding_order() -> None:
    """webrtc-pc, final steps to create an offer, 3.3: with more than one encoding, an a=rid
    send line per encoding and a=simulcast:send with the rids in the encodings' order."""
    a, _ = pair()
    _, offer = simulcast_offer(a)
    media = video(offer)
    assert rids(media) == [("h", "send"), ("m", "send"), ("l", "send")]
    sim = simulcast_of(media)
    assert sim is not None and sim.send == (
        (SimulcastId("h"),),
        (SimulcastId("m"),),
        (SimulcastId("l"),),
    )
    assert not sim.recv
    assert not media.attributes_named("ssrc")  # the rids name the streams (RFC 8853)


def test_simulcast_offer_names_the_mid_and_rid_extensions_even_if_the_endpoint_does_not() -> None:
    """RFC 8853, 4.1 and RFC 8852, 3: RID-based simulcast needs the RtpStreamId (and
    RepairedRtpStreamId) header extensions; RFC 8843, 9.2: a bundled m-section the MID one."""
    bare = tuple(
        e for e in BROWSER_VIDEO_EXTENSIONS if e.uri not in (MID_URI, RID_URI, REPAIRED_RID_URI)
    )
    a = Peer(
        Session.create(
            RTCConfiguration(),
            endpoint=LocalEndpoint(video_extensions=bare),
            ids=SequentialIds("a"),
        )
    )
    _, offer = simulcast_offer(a)
    uris = [e.uri for e in video(offer).extmaps]
    assert {MID_URI, RID_URI, REPAIRED_RID_URI} <= set(uris)
    ids = [e.id for e in video(offer).extmaps]
    assert len(ids) == len(set(ids))


def test_a_single_encoding_has_no_rid_and_writes_no_rid_line() -> None:
    """webrtc-pc, addTransceiver step 8 (a lone encoding's rid is removed) and final steps to
    create an offer 3.3 (rid lines only for more than one encoding)."""
    a, _ = pair()
    tid = a.add_transceiver(track("video"), send_encodings=[Encoding(rid="solo")])
    assert sender_rids(a, tid) == [None]
    media = video(a.create_offer())
    assert rids(media) == [] and simulcast_of(media) is None


@pytest.mark.parametrize(
    "encodings",
    [
        [Encoding(rid="a b"), Encoding(rid="c")],
        [Encoding(rid="x"), Encoding()],
        [Encoding(rid="x"), Encoding(rid="x")],
        [Encoding(rid=""), Encoding(rid="y")],
    ],
    ids=["syntax", "some-without-rid", "duplicate", "empty"],
)
def test_rid_errors_are_type_errors_and_change_nothing(encodings: list[Encoding]) -> None:
    """webrtc-pc, addTransceiver step 8: a rid outside RFC 8851's grammar (10), rids on some
    encodings only, or a repeated rid is a TypeError; nothing is added."""
    a, _ = pair()
    before = a.session
    with pytest.raises(TypeError):
        a.add_transceiver("video", send_encodings=encodings)
    assert a.session is before


# --- answers and the sender's layers -----------------------------------------------------------


def test_answer_receives_the_offered_layers() -> None:
    """RFC 9429, 5.3.1 and RFC 8853, 5.3: the answerer of a simulcast send offer answers each
    rid recv and a=simulcast:recv with the same streams; the offerer keeps its three layers."""
    a, b = pair()
    tid, offer = simulcast_offer(a)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    media = video(answer)
    assert rids(media) == [("h", "recv"), ("m", "recv"), ("l", "recv")]
    sim = simulcast_of(media)
    assert sim is not None and sim.recv == (
        (SimulcastId("h"),),
        (SimulcastId("m"),),
        (SimulcastId("l"),),
    )
    assert RID_URI in {e.uri for e in media.extmaps}
    b.set_local_description("answer", answer)
    a.set_remote_description("answer", answer)
    assert sender_rids(a, tid) == ["h", "m", "l"]


def test_answer_keeps_paused_streams_and_alternatives() -> None:
    """RFC 8853, 5.1 and 5.3: "~" (paused) and "," (alternatives) of the offer stay in the
    answer's a=simulcast:recv; every rid of an alternative is answered recv."""
    a, b = pair()
    a.add_transceiver(track("video"))
    offer = a.create_offer()
    munged = edit_video(
        offer,
        add=(
            "a=rid:h send",
            "a=rid:m send",
            "a=rid:l1 send",
            "a=rid:l2 send",
            "a=simulcast:send h;~m;l1,l2",
        ),
    )
    b.set_remote_description("offer", munged)
    media = video(b.create_answer())
    assert rids(media) == [("h", "recv"), ("m", "recv"), ("l1", "recv"), ("l2", "recv")]
    sim = simulcast_of(media)
    assert sim is not None
    assert str(sim.value) == "recv h;~m;l1,l2"


def test_answer_names_a_repeated_rid_once() -> None:
    """RFC 8852, 3 (a rid names one RTP stream) and RFC 8853, 5.3: an offer that repeats a rid
    in a=rid or a=simulcast gets an answer that names it once."""
    a, b = pair()
    a.add_transceiver(track("video"))
    offer = a.create_offer()
    munged = edit_video(
        offer, add=("a=rid:h send", "a=rid:h send", "a=rid:l send", "a=simulcast:send h;h;l")
    )
    b.set_remote_description("offer", munged)
    media = video(b.create_answer())
    assert rids(media) == [("h", "recv"), ("l", "recv")]
    sim = simulcast_of(media)
    assert sim is not None and str(sim.value) == "recv h;l"


def test_answer_drops_a_rid_whose_formats_are_all_gone() -> None:
    """RFC 8851, 6.1: the answerer removes pt values it does not answer and a rid left without
    any; the simulcast stream of that rid goes too (RFC 8853, 5.3)."""
    a, b = pair()
    a.add_transceiver(track("video"))
    offer = a.create_offer()
    munged = edit_video(
        offer,
        add=("a=rid:h send pt=96,125", "a=rid:l send pt=125", "a=simulcast:send h;l"),
    )
    b.set_remote_description("offer", munged)
    media = video(b.create_answer())
    assert [(r.rid, r.direction, r.payload_types) for r in media.attributes_of(Rid)] == [
        ("h", "recv", (96,))
    ]
    sim = simulcast_of(media)
    assert sim is not None and sim.recv == ((SimulcastId("h"),),)


def test_layers_the_answer_drops_are_removed_from_the_sender() -> None:
    """webrtc-pc, set the session description 4.6.10.2 (remote answer): encodings whose rid the
    answer does not receive are removed; getParameters shows the rest."""
    a, b = pair()
    tid, offer = simulcast_offer(a)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    trimmed = answer.replace("a=rid:m recv\r\n", "").replace(
        "a=simulcast:recv h;m;l", "a=simulcast:recv h;l"
    )
    a.set_remote_description("answer", trimmed)
    assert sender_rids(a, tid) == ["h", "l"]
    # The next offer lists only the layers left.
    again = video(a.create_offer())
    assert rids(again) == [("h", "send"), ("l", "send")]


def test_an_answer_without_simulcast_leaves_the_first_layer() -> None:
    """webrtc-pc, set the session description 4.6.10.2: an answer missing all the layers keeps
    only the first encoding; the next offer has no rid lines (final steps 3.3)."""
    a, b = pair()
    tid, offer = simulcast_offer(a)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    plain = edit_video(answer, drop=("a=rid:", "a=simulcast:"))
    a.set_remote_description("answer", plain)
    assert sender_rids(a, tid) == ["h"]
    assert rids(video(a.create_offer())) == []


def sfu_offer(rid_count: int = 3) -> str:
    """An offer that asks to receive simulcast (a=rid recv, a=simulcast:recv), as SFUs write."""
    sfu, _ = pair()
    sfu.add_transceiver("video", direction="recvonly")
    offer = sfu.create_offer()
    names = [f"q{i}" for i in range(rid_count)]
    return edit_video(
        offer,
        add=(*(f"a=rid:{n} recv" for n in names), "a=simulcast:recv " + ";".join(names)),
    )


def test_answerer_sends_the_layers_an_offer_asks_for() -> None:
    """webrtc-pc 4.6.10.2.6 and final steps to create an answer 2: an offer with a=simulcast:recv
    gives the answerer's sender those layers; the answer writes a=rid send and
    a=simulcast:send, and applying it keeps them."""
    _, b = pair()
    tid = b.add_track(track("video"))
    offer = sfu_offer()
    b.set_remote_description("offer", offer)
    assert sender_rids(b, tid) == ["q0", "q1", "q2"]
    answer = b.create_answer()
    media = video(answer)
    assert rids(media) == [("q0", "send"), ("q1", "send"), ("q2", "send")]
    sim = simulcast_of(media)
    assert sim is not None and [s[0].rid for s in sim.send] == ["q0", "q1", "q2"]
    b.set_local_description("answer", answer)
    assert sender_rids(b, tid) == ["q0", "q1", "q2"]
    scales = [e.scale_resolution_down_by for e in b.session.transceiver(tid).send_encodings]
    assert scales == [4.0, 2.0, 1.0]


def test_answerer_takes_at_most_the_supported_number_of_layers() -> None:
    """webrtc-pc 4.6.10.2.4: the proposed encodings are truncated to the number the user agent
    supports (four in sdpmodel); the answer sends only those."""
    _, b = pair()
    tid = b.add_track(track("video"))
    b.set_remote_description("offer", sfu_offer(6))
    assert sender_rids(b, tid) == ["q0", "q1", "q2", "q3"]
    assert [r for r, d in rids(video(b.create_answer())) if d == "send"] == ["q0", "q1", "q2", "q3"]


def test_a_paused_layer_the_offer_asks_for_starts_inactive() -> None:
    """RFC 8853, 5.1 and webrtc-pc 4.6.10.2.6: a layer the offer asks for written "~rid" (paused) becomes an encoding with active false; the others are active."""
    _, b = pair()
    tid = b.add_track(track("video"))
    offer = sfu_offer().replace("a=simulcast:recv q0;q1;q2", "a=simulcast:recv q0;~q1;q2")
    b.set_remote_description("offer", offer)
    encodings = b.session.transceiver(tid).send_encodings
    assert [(e.rid, e.active) for e in encodings] == [("q0", True), ("q1", False), ("q2", True)]


def test_rolling_back_the_remote_offer_restores_one_encoding() -> None:
    """webrtc-pc, 4.6.11.2 (rollback): the layers a rolled-back remote offer proposed are
    dropped again."""
    _, b = pair()
    tid = b.add_track(track("video"))
    b.set_remote_description("offer", sfu_offer())
    b.set_remote_description("rollback")
    assert sender_rids(b, tid) == [None]


# --- the facade -------------------------------------------------------------------------------


def test_get_parameters_follows_the_answer_between_two_peers() -> None:
    """webrtc-pc, getParameters() after negotiation: the encodings the answer kept, in order,
    with rids and the scaleResolutionDownBy defaults (addTransceiver 8.9); the receiving side's
    transceiver gets one ridless encoding of its own."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver(
            MediaStreamTrack("video"), sendEncodings=[{"rid": "h"}, {"rid": "m"}, {"rid": "l"}]
        )
        await negotiate_pair(a, b)
        encodings = t.sender.getParameters()["encodings"]
        assert [(e["rid"], e["scaleResolutionDownBy"]) for e in encodings] == [
            ("h", 4.0),
            ("m", 2.0),
            ("l", 1.0),
        ]
        (tb,) = b.getTransceivers()
        assert [e.get("rid") for e in tb.sender.getParameters()["encodings"]] == [None]
        exts = {e["uri"] for e in t.sender.getParameters()["headerExtensions"]}
        assert {MID_URI, RID_URI} <= exts
        a.close()
        b.close()

    run(main())


def test_set_parameters_cannot_rename_or_drop_layers() -> None:
    """webrtc-pc, setParameters() validation: changing a rid or the number of encodings rejects
    with InvalidModificationError (the promise, not a raise) and changes nothing."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver(MediaStreamTrack("video"), sendEncodings=[{"rid": "h"}, {"rid": "l"}])
        await negotiate_pair(a, b)
        params: dict[str, Any] = t.sender.getParameters()
        renamed = {
            **params,
            "encodings": [{**params["encodings"][0], "rid": "x"}, params["encodings"][1]],
        }
        future = t.sender.setParameters(renamed)
        with pytest.raises(InvalidModificationError):
            await future
        params = t.sender.getParameters()
        fewer = {**params, "encodings": params["encodings"][:1]}
        with pytest.raises(InvalidModificationError):
            await t.sender.setParameters(fewer)
        await asyncio.sleep(0)  # the task of the last getParameters() ends
        params = t.sender.getParameters()
        off = {
            **params,
            "encodings": [{**params["encodings"][0], "active": False}, params["encodings"][1]],
        }
        await t.sender.setParameters(off)
        await asyncio.sleep(0)  # the task of the last getParameters() ends
        assert [e["active"] for e in t.sender.getParameters()["encodings"]] == [False, True]
        a.close()
        b.close()

    run(main())


def test_send_encodings_are_trimmed_to_what_the_backend_can_send() -> None:
    """webrtc-pc, addTransceiver, the sendEncodings validation steps 5-7: more encodings than maxN are trimmed from the tail; one left loses its rid (a backend without simulcast writes no a=simulcast)."""
    endpoint = LocalEndpoint(max_encodings=1)
    one = Peer(Session.create(ids=SequentialIds("a"), endpoint=endpoint))
    tid = one.add_transceiver("video", send_encodings=LAYERS)
    (encoding,) = one.session.transceiver(tid).send_encodings
    assert encoding.rid is None
    offer = video(one.create_offer())
    assert offer.simulcast is None and offer.rids == ()
    two = Peer(Session.create(ids=SequentialIds("b"), endpoint=LocalEndpoint(max_encodings=2)))
    tid = two.add_transceiver("video", send_encodings=LAYERS)
    assert [e.rid for e in two.session.transceiver(tid).send_encodings] == ["h", "m"]
