"""RTP header extensions: a=extmap ids, directions, extmap-allow-mixed, MID, rollback.

Rules from RFC 8285 (5, 6), RFC 8843 (9.1.2, 9.2) and RFC 9429 (5.2.1,
5.3.1); getParameters from webrtc-pc.  Two peers each time, with each one
offering where the rule holds for both.
"""

from __future__ import annotations

import pytest
from _core import Peer, negotiate
from _pair import make_pair, run
from _pair import negotiate as negotiate_pair

import sdpmodel
from sdpmodel import MediaStreamTrack, RTCPeerConnection
from sdpmodel.attributes import ExtmapAllowMixed
from sdpmodel.codecs import BROWSER_AUDIO_EXTENSIONS, HeaderExtensionCapability
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.enums import MediaDirection
from sdpmodel.errors import InvalidModificationError
from sdpmodel.ids import SequentialIds
from sdpmodel.jsep import LocalEndpoint, Session
from sdpmodel.model import SessionDescription

WHO = pytest.mark.parametrize("first_offers", [True, False], ids=["a-offers", "b-offers"])
X = "urn:example:x"
Y = "urn:example:y"
MID = "urn:ietf:params:rtp-hdrext:sdes:mid"


def peer_with(prefix: str, *extensions: tuple[str, int]) -> Peer:
    audio = tuple(HeaderExtensionCapability(uri, "audio", pid) for uri, pid in extensions)
    endpoint = LocalEndpoint(audio_extensions=audio)
    return Peer(Session.create(RTCConfiguration(), endpoint=endpoint, ids=SequentialIds(prefix)))


def ids_of(desc: SessionDescription) -> list[dict[str, int]]:
    return [{e.uri: e.id for e in m.extmaps} for m in desc.media]


def assert_unique_per_description(desc: SessionDescription) -> None:
    """RFC 8843, 9.1.2 / RFC 8285, 5: in one BUNDLE group an id names one URI."""
    owner: dict[int, str] = {}
    for media in desc.media:
        for e in media.extmaps:
            assert owner.setdefault(e.id, e.uri) == e.uri, (e.id, e.uri, owner[e.id])


def test_offer_ids_are_unique_across_the_bundle_group() -> None:
    """RFC 8285, 5 and RFC 8843, 9.1.2: the ids of a BUNDLE group name one extension each; the
    same URI keeps one id in every m-section."""
    a = Peer(Session.create(RTCConfiguration(), ids=SequentialIds("a")))
    for kind in ("audio", "video", "audio", "video"):
        a.add_transceiver(kind)
    desc = sdpmodel.parse(a.create_offer())
    assert_unique_per_description(desc)
    per_uri: dict[str, set[int]] = {}
    for m in desc.media:
        for e in m.extmaps:
            per_uri.setdefault(e.uri, set()).add(e.id)
    assert all(len(v) == 1 for v in per_uri.values())
    assert all(MID in {e.uri for e in m.extmaps} for m in desc.media)  # RFC 8843, 9.2


@WHO
def test_answer_reuses_the_offers_ids_and_leaves_out_the_unknown(first_offers: bool) -> None:
    """RFC 8285, 6: the answerer uses the offer's id for each extension it accepts and leaves
    out those it does not support."""
    a = peer_with("a", (X, 7), (Y, 9), (MID, 3))
    b = peer_with("b", (Y, 2), (MID, 4))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("audio")
    offer, answer = negotiate(offerer, answerer)
    offered = ids_of(sdpmodel.parse(offer))[0]
    answered = ids_of(sdpmodel.parse(answer))[0]
    assert answered == {uri: offered[uri] for uri in offered if uri in (Y, MID)}


@WHO
def test_ids_stay_the_same_when_the_answerer_offers_next(first_offers: bool) -> None:
    """RFC 8285, 5 (ids are kept for the session): the former answerer's offer writes the ids
    the first offer chose, even where its own preferred ids differ."""
    a = peer_with("a", (X, 7), (Y, 9), (MID, 3))
    b = peer_with("b", (X, 1), (Y, 2), (MID, 4))
    first, second = (a, b) if first_offers else (b, a)
    first.add_transceiver("audio")
    offer, _ = negotiate(first, second)
    before = ids_of(sdpmodel.parse(offer))[0]
    second.add_transceiver("audio")
    offer2, answer2 = negotiate(second, first)
    for desc in (sdpmodel.parse(offer2), sdpmodel.parse(answer2)):
        for media in desc.media:
            assert {e.uri: e.id for e in media.extmaps} == before
        assert_unique_per_description(desc)


def test_answer_reverses_the_offered_extension_direction() -> None:
    """RFC 8285, 6: an extension offered sendonly is answered recvonly, recvonly sendonly;
    one without a direction stays without."""
    a = peer_with("a", (X, 7), (Y, 9), (MID, 3))
    b = peer_with("b", (X, 1), (Y, 2), (MID, 4))
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    munged = offer.replace(f"a=extmap:7 {X}", f"a=extmap:7/sendonly {X}").replace(
        f"a=extmap:9 {Y}", f"a=extmap:9/recvonly {Y}"
    )
    b.set_remote_description("offer", munged)
    media = sdpmodel.parse(b.create_answer()).media[0]
    directions = {e.uri: e.direction for e in media.extmaps}
    assert directions == {X: MediaDirection.RECVONLY, Y: MediaDirection.SENDONLY, MID: None}


@WHO
def test_extmap_allow_mixed_is_answered_only_when_offered(first_offers: bool) -> None:
    """RFC 8285, 6 (and RFC 9429, 5.2.1 / 5.3.1): offers carry a=extmap-allow-mixed; an answer
    carries it only if the offer did."""
    a, b = peer_with("a", (MID, 3)), peer_with("b", (MID, 4))
    offerer, answerer = (a, b) if first_offers else (b, a)
    offerer.add_transceiver("audio")
    offer = offerer.create_offer()
    assert sdpmodel.parse(offer).attribute(ExtmapAllowMixed) is not None
    answerer.set_remote_description("offer", offer)
    assert sdpmodel.parse(answerer.create_answer()).attribute(ExtmapAllowMixed) is not None
    answerer.set_remote_description("rollback")
    bare = offer.replace("a=extmap-allow-mixed\r\n", "")
    answerer.set_remote_description("offer", bare)
    assert sdpmodel.parse(answerer.create_answer()).attribute(ExtmapAllowMixed) is None


def test_bundled_answer_keeps_the_mid_extension_the_endpoint_does_not_list() -> None:
    """RFC 8843, 9.2: a bundled answer keeps the offered MID extension (it routes the RTP of
    the group), even for an endpoint that lists no MID extension of its own."""
    a = peer_with("a", (MID, 3), (X, 7))
    b = peer_with("b", (X, 1))
    a.add_transceiver("audio")
    _, answer = negotiate(a, b)
    assert ids_of(sdpmodel.parse(answer))[0] == {MID: 3, X: 7}


def test_ids_after_a_rollback_never_collide() -> None:
    """RFC 8285, 5 and RFC 8843, 9.1.2: an offer rolled back by a remote offer that gives its id
    to another extension does not write that id again for its own extension (Chromium does:
    sdpmodel gives the displaced extension a free id)."""
    a = peer_with("a", (X, 5), (Y, 6), (MID, 3))
    b = peer_with("b", (Y, 5), (MID, 4))
    a.add_transceiver("audio")
    mine = a.create_offer()
    a.set_local_description("offer", mine)
    assert ids_of(sdpmodel.parse(mine))[0][X] == 5
    b.add_transceiver("audio")
    theirs = b.create_offer()
    b.set_local_description("offer", theirs)
    a.set_local_description("rollback")
    a.set_remote_description("offer", theirs)
    answer = a.create_answer()
    a.set_local_description("answer", answer)
    b.set_remote_description("answer", answer)
    assert ids_of(sdpmodel.parse(answer))[0][Y] == 5
    again = sdpmodel.parse(a.create_offer())
    assert_unique_per_description(again)
    first = ids_of(again)[0]
    assert first[Y] == 5 and first[X] != 5
    a.set_local_description("offer", again.to_sdp())
    b.set_remote_description("offer", again.to_sdp())
    final = sdpmodel.parse(b.create_answer())
    assert_unique_per_description(final)


def test_header_extension_track_through_a_facade_negotiation() -> None:
    """webrtc-pc, getParameters(): headerExtensions are those negotiated (in the answer), with
    their ids, on both senders and receivers."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver("audio")
        await negotiate_pair(a, b)
        (tb,) = b.getTransceivers()
        local = {e.uri for e in BROWSER_AUDIO_EXTENSIONS}
        sent = {(e["uri"], e["id"]) for e in t.sender.getParameters()["headerExtensions"]}
        got = {(e["uri"], e["id"]) for e in tb.receiver.getParameters()["headerExtensions"]}
        assert sent == got and {u for u, _ in sent} == local
        a.close()
        b.close()

    run(main())


def test_answer_of_an_unknown_extension_offers_nothing_for_it() -> None:
    """RFC 8285, 6: an extension only the offer knows is not in the answer, and getParameters of
    the offerer does not list it (it was not negotiated)."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver("audio")
        offer = await a.createOffer()
        await a.setLocalDescription(offer)
        munged = offer.sdp.replace("a=mid:0\r\n", f"a=mid:0\r\na=extmap:12 {X}\r\n")
        await b.setRemoteDescription({"type": "offer", "sdp": munged})
        answer = await b.createAnswer()
        assert X not in answer.sdp
        await b.setLocalDescription(answer)
        await a.setRemoteDescription(answer)
        assert X not in {e["uri"] for e in t.sender.getParameters()["headerExtensions"]}
        a.close()
        b.close()

    run(main())


# --- RTCRtpTransceiver-headerExtensionControl (webrtc-extensions) ----------------------------

TOFFSET = "urn:ietf:params:rtp-hdrext:toffset"


def _offer_uris(sdp: str) -> set[str]:
    return {e.uri for m in sdpmodel.parse(sdp).media for e in m.extmaps}


@pytest.mark.parametrize("kind", ["audio", "video"])
def test_header_extensions_to_negotiate_include_the_mandatory_ones(kind: str) -> None:
    """RTCRtpTransceiver-headerExtensionControl.html: getHeaderExtensionsToNegotiate() lists
    the MID extension, not stopped, and every extension of the backend."""

    async def main() -> None:
        pc = RTCPeerConnection()
        t = pc.addTransceiver(kind)
        listed = t.getHeaderExtensionsToNegotiate()
        assert {"uri": MID, "direction": "sendrecv"} in listed
        assert {e["uri"] for e in listed} == {e.uri for e in LocalEndpoint().extensions(kind)}
        await pc.close()

    run(main())


def test_set_header_extensions_to_negotiate_checks_its_input() -> None:
    """RTCRtpTransceiver-headerExtensionControl.html: a missing or empty uri or a bad direction
    is a TypeError; an unknown uri, another length or a mandatory extension not sendrecv is an
    InvalidModificationError; nothing changes."""

    async def main() -> None:
        pc = RTCPeerConnection()
        t = pc.addTransceiver("video")
        good = t.getHeaderExtensionsToNegotiate()
        for broken in ({"direction": "sendrecv"}, {"uri": ""}, {"uri": MID, "direction": "up"}):
            with pytest.raises(TypeError):
                t.setHeaderExtensionsToNegotiate([broken, *good[1:]])
        unknown = [{**good[0], "uri": "4711"}, *good[1:]]
        for modified in (unknown, good[:-1], [*good, {"uri": X}]):
            with pytest.raises(InvalidModificationError):
                t.setHeaderExtensionsToNegotiate(modified)
        for direction in ("sendonly", "recvonly", "inactive", "stopped"):
            changed = [{**e, "direction": direction} if e["uri"] == MID else e for e in good]
            with pytest.raises(InvalidModificationError):
                t.setHeaderExtensionsToNegotiate(changed)
        assert t.getHeaderExtensionsToNegotiate() == good
        await pc.close()

    run(main())


def test_stopped_extensions_are_not_offered_and_not_negotiated() -> None:
    """RTCRtpTransceiver-headerExtensionControl.html: an extension set "stopped" is not in the
    offer (the others are) and getNegotiatedHeaderExtensions() gives it "stopped" on both ends;
    setting it sendrecv again offers it again."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver("video")
        chosen = [
            {**e, "direction": "stopped"} if e["uri"] == TOFFSET else e
            for e in t.getHeaderExtensionsToNegotiate()
        ]
        t.setHeaderExtensionsToNegotiate(chosen)
        assert t.getHeaderExtensionsToNegotiate() == chosen
        offer = await a.createOffer()
        uris = _offer_uris(offer.sdp)
        for e in chosen:
            assert (e["uri"] in uris) == (e["direction"] != "stopped")
        await a.setLocalDescription(offer)
        await b.setRemoteDescription(offer)
        answer = await b.createAnswer()
        await b.setLocalDescription(answer)
        await a.setRemoteDescription(answer)
        (tb,) = b.getTransceivers()
        for side in (t, tb):
            negotiated = {e["uri"]: e["direction"] for e in side.getNegotiatedHeaderExtensions()}
            assert negotiated[TOFFSET] == "stopped"
            assert negotiated[MID] == "sendrecv"
        t.setHeaderExtensionsToNegotiate(
            [{**e, "direction": "sendrecv"} for e in t.getHeaderExtensionsToNegotiate()]
        )
        await negotiate_pair(a, b)
        negotiated = {e["uri"]: e["direction"] for e in t.getNegotiatedHeaderExtensions()}
        assert negotiated[TOFFSET] == "sendrecv"
        a.close()
        b.close()

    run(main())


def test_an_answerer_can_stop_an_offered_extension_and_narrow_a_direction() -> None:
    """webrtc-extensions, setHeaderExtensionsToNegotiate, and RFC 8285, 6: the answerer leaves
    out an extension it stopped and answers one it set recvonly as recvonly (the offer's
    sendrecv met with its own), which both ends then report."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver("video")
        offer = await a.createOffer()
        await a.setLocalDescription(offer)
        await b.setRemoteDescription(offer)
        (tb,) = b.getTransceivers()
        tb.setHeaderExtensionsToNegotiate(
            [
                {**e, "direction": {TOFFSET: "stopped", VO: "recvonly"}.get(e["uri"], "sendrecv")}
                for e in tb.getHeaderExtensionsToNegotiate()
            ]
        )
        answer = await b.createAnswer()
        media = sdpmodel.parse(answer.sdp).media[0]
        directions = {e.uri: e.direction for e in media.extmaps}
        assert TOFFSET not in directions
        assert directions[VO] == MediaDirection.RECVONLY
        await b.setLocalDescription(answer)
        await a.setRemoteDescription(answer)
        mine = {e["uri"]: e["direction"] for e in tb.getNegotiatedHeaderExtensions()}
        theirs = {e["uri"]: e["direction"] for e in t.getNegotiatedHeaderExtensions()}
        assert mine[VO] == "recvonly" and theirs[VO] == "sendonly"
        assert mine[TOFFSET] == theirs[TOFFSET] == "stopped"
        a.close()
        b.close()

    run(main())


VO = "urn:3gpp:video-orientation"
RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
RRID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"


def _with(extensions: list[dict[str, str]], **directions: str) -> list[dict[str, str]]:
    """``extensions`` with the directions given by URI (``_with(x, **{RID: "stopped"})``)."""
    return [{**e, "direction": directions.get(e["uri"], e["direction"])} for e in extensions]


def test_a_simulcast_sender_cannot_stop_the_rid_extensions() -> None:
    """webrtc-extensions, setHeaderExtensionsToNegotiate (a mandatory-to-use extension keeps
    its direction, else InvalidModificationError) with RFC 8853, 4.1 / RFC 8852, 3: with rids
    in sendEncodings the RID extensions must be sent, so "stopped", "recvonly" or "inactive"
    is refused and nothing changes; "sendonly" is accepted and offered as such."""

    async def main() -> None:
        pc = RTCPeerConnection()
        t = pc.addTransceiver("video", sendEncodings=[{"rid": "h"}, {"rid": "l"}])
        good = t.getHeaderExtensionsToNegotiate()
        for uri in (RID, RRID):
            for direction in ("stopped", "recvonly", "inactive"):
                with pytest.raises(InvalidModificationError):
                    t.setHeaderExtensionsToNegotiate(_with(good, **{uri: direction}))
        assert t.getHeaderExtensionsToNegotiate() == good
        t.setHeaderExtensionsToNegotiate(_with(good, **{RID: "sendonly"}))
        offer = await pc.createOffer()
        (media,) = sdpmodel.parse(offer.sdp).media
        directions = {e.uri: e.direction for e in media.extmaps}
        assert directions[RID] == MediaDirection.SENDONLY
        assert directions[RRID] is None
        await pc.close()

    run(main())


def test_stopping_the_rid_extensions_without_simulcast_is_honored() -> None:
    """webrtc-extensions, setHeaderExtensionsToNegotiate: a transceiver without rids in
    sendEncodings may stop the RID extensions (RFC 8853, 4.1 needs them for simulcast only);
    then they are reported "stopped" and neither offered nor negotiated."""

    async def main() -> None:
        a, b = make_pair()
        t = a.addTransceiver("video")
        chosen = _with(t.getHeaderExtensionsToNegotiate(), **{RID: "stopped", RRID: "stopped"})
        t.setHeaderExtensionsToNegotiate(chosen)
        assert t.getHeaderExtensionsToNegotiate() == chosen
        offer = await a.createOffer()
        assert not {RID, RRID} & _offer_uris(offer.sdp)
        await negotiate_pair(a, b)
        negotiated = {e["uri"]: e["direction"] for e in t.getNegotiatedHeaderExtensions()}
        assert negotiated[RID] == negotiated[RRID] == "stopped"
        a.close()
        b.close()

    run(main())


def test_a_simulcast_receiver_cannot_stop_the_rid_extensions() -> None:
    """webrtc-extensions, setHeaderExtensionsToNegotiate (mandatory-to-use) with RFC 8853, 4.1:
    an answerer whose remote offer sends it simulcast must receive the RID extensions, so
    "stopped" or "sendonly" is refused; "recvonly" is accepted and answered recvonly."""

    async def main() -> None:
        a, b = make_pair()
        a.addTransceiver("video", sendEncodings=[{"rid": "h"}, {"rid": "l"}])
        offer = await a.createOffer()
        await a.setLocalDescription(offer)
        await b.setRemoteDescription(offer)
        (tb,) = b.getTransceivers()
        good = tb.getHeaderExtensionsToNegotiate()
        for uri in (RID, RRID):
            for direction in ("stopped", "sendonly", "inactive"):
                with pytest.raises(InvalidModificationError):
                    tb.setHeaderExtensionsToNegotiate(_with(good, **{uri: direction}))
        assert tb.getHeaderExtensionsToNegotiate() == good
        tb.setHeaderExtensionsToNegotiate(_with(good, **{RID: "recvonly"}))
        answer = await b.createAnswer()
        (media,) = sdpmodel.parse(answer.sdp).media
        assert {e.uri: e.direction for e in media.extmaps}[RID] == MediaDirection.RECVONLY
        a.close()
        b.close()

    run(main())


def test_an_answerer_that_stopped_the_rid_extensions_declines_simulcast() -> None:
    """RFC 8853, 4.1 and 5.3 with webrtc-extensions setHeaderExtensionsToNegotiate: a transceiver whose RID extensions were stopped before a simulcast offer arrived answers without a=simulcast, a=rid and the RID extensions."""

    async def main() -> None:
        a, b = make_pair()
        a.addTransceiver("video", sendEncodings=[{"rid": "h"}, {"rid": "l"}])
        b.addTrack(MediaStreamTrack("video"))  # paired with the offer's m-section (RFC 9429, 5.10)
        (tb,) = b.getTransceivers()
        chosen = _with(tb.getHeaderExtensionsToNegotiate(), **{RID: "stopped", RRID: "stopped"})
        tb.setHeaderExtensionsToNegotiate(chosen)
        offer = await a.createOffer()
        await a.setLocalDescription(offer)
        await b.setRemoteDescription(offer)
        assert b.getTransceivers() == [tb]
        answer = await b.createAnswer()
        (media,) = sdpmodel.parse(answer.sdp).media
        assert media.simulcast is None and not media.rids
        assert not {RID, RRID} & _offer_uris(answer.sdp)
        await b.setLocalDescription(answer)
        await a.setRemoteDescription(answer)
        assert a.signalingState == b.signalingState == "stable"
        a.close()
        b.close()

    run(main())
