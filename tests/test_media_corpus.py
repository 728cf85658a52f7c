"""Real SDPs from the public corpus as remote offers and answers: the media rules hold.

The corpus (../shared/corpus or $SDPMODEL_CORPUS, read at test time, never
copied) has offers and answers from Chrome, Firefox, Safari, Opera, Jitsi,
Janus, aiortc, pion, OBS and SIP gear.  Each WebRTC offer (ICE and DTLS in
every live m-section) is set as a remote offer of a fresh sdpmodel session
with the browser-like capabilities, and the answer must follow the rules of
docs/media.md: codecs both ends support, with the offer's payload types and
order (RFC 3264, 6.1); rtx with its apt (RFC 4588, 8.1); red with its
primaries (RFC 2198, 5); telephone-event at an answered rate (RFC 4733,
2.1); extension ids of the offer (RFC 8285, 6); simulcast answered recv
(RFC 8853, 5.3); a rejection only when no codec is shared (RFC 9429,
5.3.1).  Offers sdpmodel must refuse are listed with the rule they break.
Each WebRTC answer is set as the remote answer to an sdpmodel offer with
its m-line layout (its mids and transport profile are renamed to the
offer's) and the transceivers must follow it.  Captures whose fingerprints
were redacted ("sha-256 fake") get a well-formed digest in their place, the
other edit: as they are, every browser refuses them (RFC 8122, 5), and a
test checks that sdpmodel does too.
"""

from __future__ import annotations

import re

import pytest
from _core import peer
from _corpus import CORPUS, NO_CORPUS, CorpusFile

import sdpmodel
from sdpmodel.attributes import Rid, Simulcast
from sdpmodel.codecs import is_primary, offered_name, same_codec
from sdpmodel.errors import InvalidAccessError, OperationError
from sdpmodel.jsep import LocalEndpoint
from sdpmodel.model import Codec, MediaDescription, SessionDescription
from sdpmodel.validate import jsep_problems

pytestmark = NO_CORPUS

ENDPOINT = LocalEndpoint()


def _webrtc(desc: SessionDescription) -> bool:
    """ICE credentials and a DTLS fingerprint for every live m-section (RFC 9429, 5.8.3)."""
    live = [m for m in desc.media if not m.is_rejected]
    if not live:
        return False
    for m in live:
        group = desc.bundle_group_of(m.mid) if m.mid is not None else ()
        owner = desc.media_by_mid(group[0]) if group else None
        source = owner if owner is not None and m.ice_ufrag is None else m
        if (source.ice_ufrag or desc.ice_ufrag) is None:
            return False
        if not (source.fingerprints or m.fingerprints or desc.fingerprints):
            return False
    return True


_FINGERPRINT = re.compile(r"^a=fingerprint:(\S+) (\S+)", re.M)
_DIGEST = ":".join(["5E"] * 32)


def _redacted(text: str) -> bool:
    return any(m.group(2).count(":") < 15 for m in _FINGERPRINT.finditer(text))


def _unredacted(text: str) -> str:
    """The capture with each redacted fingerprint ("fake", "redact") made a sha-256 digest."""
    return _FINGERPRINT.sub(
        lambda m: m.group(0) if m.group(2).count(":") >= 15 else f"a=fingerprint:sha-256 {_DIGEST}",
        text,
    )


def _parsed(f: CorpusFile) -> SessionDescription | None:
    try:
        return sdpmodel.parse(f.crlf_text)
    except sdpmodel.RTCError:
        return None


OFFERS = [f for f in CORPUS if f.valid and f.kind == "offer" and (d := _parsed(f)) and _webrtc(d)]


def _offerable_layout(desc: SessionDescription) -> bool:
    """Whether a first sdpmodel offer can have this answer's m-lines: RTP m-sections in any
    order, at most one data m-section, last, in the RFC 8841 form (a=sctp-port; sdpmodel never
    offers the legacy DTLS/SCTP + a=sctpmap form)."""
    kinds = [m.media for m in desc.media]
    if "application" not in kinds:
        return True
    return kinds.index("application") == len(kinds) - 1 and desc.media[-1].sctp_port is not None


ANSWERS = [
    f
    for f in CORPUS
    if f.valid and f.kind == "answer" and (d := _parsed(f)) and _webrtc(d) and _offerable_layout(d)
]
NOT_WEBRTC = [
    f
    for f in CORPUS
    if f.valid and f.kind == "offer" and (d := _parsed(f)) and d.media and not _webrtc(d)
]

#: WebRTC answers sdpmodel refuses (as answers to an offer of their layout), with the rule.
REFUSED_ANSWERS: dict[str, tuple[type[Exception], str]] = {
    # Its BUNDLE group names a "data" mid that no m-section has (a trimmed capture).
    "lib-jitsi-meet/ljm-firefox-video.sdp": (InvalidAccessError, "RFC 9143, 7.4"),
}

#: WebRTC-looking offers sdpmodel refuses, with the error and the rule.
REFUSED: dict[str, tuple[type[Exception], str]] = {
    "chime-sdk-js/chrome-offer-audio-red.sdp": (InvalidAccessError, "RFC 5888, 5"),
    "chime-sdk-js/chrome-offer-multiple-h264-profiles.sdp": (InvalidAccessError, "RFC 5888, 5"),
    "chime-sdk-js/firefox-68-no-media.sdp": (InvalidAccessError, "RFC 5888, 5"),
    "sdp-interop/jicofo-planb-offer-data.sdp": (InvalidAccessError, "RFC 5888, 5"),
    # One stream and one track in two m-sections (RFC 8830, 2).
    "chime-sdk-js/firefox-68-many-video.sdp": (OperationError, "RFC 8830, 2"),
    # rtcpMuxPolicy "require" (webrtc-pc 4.5.4; RFC 9429, 5.8.3).
    "pion-webrtc/firefox-inactive-offer.sdp": (InvalidAccessError, "rtcp-mux"),
    "rtpengine/ice-dtls-offer-session-ice.sdp": (InvalidAccessError, "rtcp-mux"),
}


def _supported(codec: Codec, kind: str) -> bool:
    identity = offered_name(codec)
    if identity is None:
        return False
    name, rate, channels = identity
    fmtp = codec.fmtp.parameter_text if codec.fmtp else None
    if not is_primary(name) and name.lower() not in ("telephone-event", "cn"):
        return any(c.name.lower() == name.lower() for c in ENDPOINT.codecs(kind))
    return any(same_codec(kind, name, rate, channels, fmtp, c) for c in ENDPOINT.codecs(kind))


def _is_shared_primary(codec: Codec, kind: str) -> bool:
    identity = offered_name(codec)
    return identity is not None and is_primary(identity[0]) and _supported(codec, kind)


def _check_section(offered: MediaDescription, answered: MediaDescription) -> None:
    kind = offered.media
    common = [c for c in offered.codecs if _is_shared_primary(c, kind)]
    if answered.is_rejected:
        # A rejection only for want of a common codec: these offers bundle everything, so the
        # bundle policy rejects nothing (RFC 9429, 5.3.1).
        assert not common
        return
    assert common, "an m-section without a shared codec must be rejected (RFC 9429, 5.3.1)"
    by_pt = {c.payload_type: c for c in offered.codecs}
    answered_pts = [c.payload_type for c in answered.codecs]
    # RFC 3264, 6.1: the offer's numbers, a subset, in the offer's order.
    assert answered_pts == [
        c.payload_type for c in offered.codecs if c.payload_type in answered_pts
    ]
    rates = set()
    for c in answered.codecs:
        theirs = by_pt[c.payload_type]
        identity = offered_name(theirs)
        assert identity is not None and (c.name, c.clock_rate) == identity[:2]
        assert _supported(theirs, kind), c
        if is_primary(c.name or ""):
            rates.add(c.clock_rate)
    for c in answered.codecs:
        lowered = (c.name or "").lower()
        if lowered == "rtx":
            assert int(dict(c.parameters)["apt"] or "") in answered_pts  # RFC 4588, 8.1
        if lowered == "red" and kind == "audio" and c.fmtp is not None:
            assert all(int(p) in answered_pts for p in c.fmtp.parameter_text.split("/"))
        if lowered in ("telephone-event", "cn"):
            assert c.clock_rate in rates  # RFC 4733, 2.1; RFC 3389, 5
    # RFC 8285, 6: the offer's ids for the extensions kept, and no others.
    offered_ids = {e.uri: e.id for e in offered.extmaps}
    for e in answered.extmaps:
        assert offered_ids.get(e.uri) == e.id
    # RFC 8853, 5.3: offered send layers are answered recv (each with an offered send rid).
    sim = offered.attribute(Simulcast)
    if sim is not None and sim.send and answered.direction.receives:
        send_rids = {r.rid for r in offered.attributes_of(Rid) if r.direction == "send"}
        answered_sim = answered.attribute(Simulcast)
        assert answered_sim is not None and answered_sim.recv
        assert {a.rid for s in answered_sim.recv for a in s} <= send_rids
        assert {(r.rid, r.direction) for r in answered.attributes_of(Rid)} <= {
            (rid, "recv") for rid in send_rids
        }


def test_the_corpus_has_browser_offers_and_answers() -> None:
    """The corpus gives this module its material: browser offers and answers of several kinds."""
    producers = " ".join(f.producer.lower() for f in OFFERS + ANSWERS)
    for name in ("chrome", "firefox", "safari", "janus", "jitsi"):
        assert name in producers, name


@pytest.mark.parametrize("f", OFFERS, ids=[f.name for f in OFFERS])
def test_a_browser_offer_gets_an_answer_by_the_media_rules(f: CorpusFile) -> None:
    """RFC 3264, 6.1, RFC 9429, 5.3.1 and the attribute RFCs: an answer to a real offer lists
    shared codecs with the offer's payload types, in its order, rtx/red/telephone-event only
    with their codecs, the offer's extension ids, simulcast answered recv; it is a valid answer
    and can be set locally."""
    b = peer("b")
    if f.name in REFUSED:
        error, words = REFUSED[f.name]
        before = b.session
        with pytest.raises(error, match=words.replace("(", r"\(")):
            b.set_remote_description("offer", _unredacted(f.crlf_text))
        assert b.session is before
        return
    b.set_remote_description("offer", _unredacted(f.crlf_text))
    text = b.create_answer()
    offer, answer = sdpmodel.parse(_unredacted(f.crlf_text)), sdpmodel.parse(text)
    assert len(answer.media) == len(offer.media)
    for offered, answered in zip(offer.media, answer.media, strict=True):
        if offered.media in ("audio", "video") and not offered.is_rejected:
            _check_section(offered, answered)
    assert jsep_problems(answer, sdp_type="answer", offer=offer) == []
    b.set_local_description("answer", text)
    assert b.signaling_state == "stable"


REDACTED = [f for f in OFFERS + ANSWERS if _redacted(f.crlf_text)]


@pytest.mark.parametrize("f", REDACTED, ids=[f.name for f in REDACTED])
def test_a_capture_with_a_redacted_fingerprint_is_refused(f: CorpusFile) -> None:
    """RFC 8122, 5 and RFC 9429, 5.8.3: a fingerprint whose digest is not as long as its hash function's (a redacted capture) is refused with InvalidAccessError, changing nothing."""
    b = peer("b")
    if f.kind == "answer":
        b = peer("a")
        b.set_local_description("offer", b.create_offer())
    before = b.session
    with pytest.raises(InvalidAccessError, match=r"RFC 8122, 5"):
        b.set_remote_description(f.kind, f.crlf_text)
    assert b.session is before


@pytest.mark.parametrize("f", NOT_WEBRTC, ids=[f.name for f in NOT_WEBRTC])
def test_an_offer_without_ice_or_dtls_is_refused_and_changes_nothing(f: CorpusFile) -> None:
    """RFC 9429, 5.8.3: ICE credentials and a DTLS fingerprint are mandatory; a SIP-style offer
    is refused with InvalidAccessError and leaves the session as it was."""
    b = peer("b")
    before = b.session
    with pytest.raises(InvalidAccessError):
        b.set_remote_description("offer", f.crlf_text)
    assert b.session is before


def _as_answer_to(text: str, answer: SessionDescription, offer: SessionDescription) -> str:
    """The corpus answer with its mids and transport profiles renamed to the offer's."""
    mapping = {a.mid: o.mid for a, o in zip(answer.media, offer.media, strict=True) if a.mid}
    lines = []
    index = -1
    for line in text.split("\r\n"):
        out = line
        if line.startswith("m="):
            index += 1
            parts = line.split(" ")
            parts[2] = offer.media[index].protocol
            out = " ".join(parts)
        elif line.startswith("a=mid:"):
            out = "a=mid:" + str(mapping.get(line[6:], line[6:]))
        elif line.startswith("a=group:"):
            semantics, *mids = line.split(" ")
            out = " ".join([semantics, *(str(mapping.get(m, m)) for m in mids)])
        lines.append(out)
    return "\r\n".join(lines)


@pytest.mark.parametrize("f", ANSWERS, ids=[f.name for f in ANSWERS])
def test_a_browser_answer_sets_the_transceivers(f: CorpusFile) -> None:
    """RFC 9429, 5.11 and webrtc-pc 4.6.10: a real answer to an offer with its layout stops the
    transceivers it rejects, sets currentDirection to its direction reversed and sends only the
    codecs of the answer this end supports, with the answer's payload types."""
    theirs = sdpmodel.parse(f.crlf_text)
    a = peer("a")
    for media in theirs.media:
        if media.media in ("audio", "video"):
            a.add_transceiver(media.media)
        elif media.media == "application":
            a.session = a.session.want_data_channel().session
    offer_text = a.create_offer()
    a.set_local_description("offer", offer_text)
    offer = sdpmodel.parse(offer_text)
    answer_text = _as_answer_to(_unredacted(f.crlf_text), theirs, offer)
    if f.name in REFUSED_ANSWERS:
        error, words = REFUSED_ANSWERS[f.name]
        before = a.session
        with pytest.raises(error, match=words.replace("(", r"\(")):
            a.set_remote_description("answer", answer_text)
        assert a.session is before
        return
    a.set_remote_description("answer", answer_text)
    assert a.signaling_state == "stable"
    answer = sdpmodel.parse(answer_text)
    by_index = {t.m_line_index: t for t in a.session.transceivers}
    for index, media in enumerate(answer.media):
        if media.media not in ("audio", "video"):
            continue
        t = by_index.get(index)
        if media.is_rejected:
            assert t is None or t.stopped
            continue
        assert t is not None
        assert t.current_direction is not None
        assert t.current_direction.media == media.direction.reversed()
        answered = {c.payload_type: c for c in media.codecs}
        assert t.send_codecs
        for c in t.send_codecs:
            assert c.payload_type in answered and c.name == answered[c.payload_type].name
            assert _supported(c, media.media)
        assert len(t.send_encodings) == 1
