"""BUNDLE and rtcp-mux as browsers read them: a=rtcp-mux in every bundled RTP m-section."""

from __future__ import annotations

from _core import negotiate, pair, track

import sdpmodel


def test_subsequent_offer_and_answer_write_rtcp_mux_in_every_bundled_rtp_section() -> None:
    """RFC 8843, 9.3 (libwebrtc: "rtcp-mux must be enabled when BUNDLE is enabled"): once BUNDLE is negotiated, an added RTP m-section carries a=rtcp-mux in the offer and in the answer."""
    a, b = pair()
    a.add_transceiver("audio")
    negotiate(a, b)
    a.add_track(track("video"))
    a.add_track(track("audio", "second-audio"))
    offer, answer = negotiate(a, b)
    for text in (offer, answer):
        sections = [m for m in sdpmodel.parse(text).media if m.media != "application"]
        assert len(sections) == 3
        assert all(m.rtcp_mux for m in sections), text


def test_balanced_initial_offer_writes_rtcp_mux_in_bundle_only_sections() -> None:
    """RFC 9429, 5.2.1 (balanced policy): a bundle-only m-section of an initial offer still says a=rtcp-mux, so a browser accepts the group."""
    a, b = pair()
    a.add_track(track("audio"))
    a.add_track(track("audio", "second-audio"))
    offer, answer = negotiate(a, b)
    offered = list(sdpmodel.parse(offer).media)
    assert offered[1].attributes_named("bundle-only")
    assert all(m.rtcp_mux for m in offered)
    assert all(m.rtcp_mux for m in sdpmodel.parse(answer).media)


def test_an_answer_whose_bundled_section_has_ice_values_but_no_fingerprint_is_accepted() -> None:
    """RFC 9143, 7.1.3: a bundled m-section takes its fingerprint from the BUNDLE-tag's m-section even when it repeats the ICE values (as Chromium's answers do)."""
    a, b = pair()
    a.add_transceiver("audio")
    negotiate(a, b)
    a.add_track(track("video"))
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    answer = sdpmodel.parse(b.create_answer())
    b.set_local_description("answer", answer.to_sdp())
    tag, bundled = answer.media
    assert bundled.ice_ufrag is None and not bundled.fingerprints
    ice = f"a=ice-ufrag:{tag.ice_ufrag}\r\na=ice-pwd:{tag.ice_pwd}\r\n"
    chromium_like = answer.to_sdp().replace(
        f"a=mid:{bundled.mid}\r\n", f"{ice}a=mid:{bundled.mid}\r\n"
    )
    assert sdpmodel.parse(chromium_like).media[1].ice_ufrag == tag.ice_ufrag
    a.set_remote_description("answer", chromium_like)
    assert a.signaling_state == "stable"


def test_after_a_rollback_the_answer_ids_of_header_extensions_are_kept() -> None:
    """RFC 8285, 6 and RFC 9429, 5.2.2: the ids an answer took from the offer stay the session's, even when a rolled-back local offer had numbered the same URIs otherwise."""
    a, b = pair()
    a.add_track(track("audio"))
    a.set_local_description("offer", a.create_offer())
    b.add_track(track("audio", "remote-audio"))
    mid_uri = "urn:ietf:params:rtp-hdrext:sdes:mid"
    remote = b.create_offer()
    (mid_line,) = [line for line in remote.split("\r\n") if line.endswith(mid_uri)]
    renumbered = remote.replace(mid_line, f"a=extmap:9 {mid_uri}")
    a.set_remote_description("offer", renumbered)  # the implicit rollback of a's offer
    a.set_local_description("answer", a.create_answer())
    a.add_track(track("video"))
    offer = sdpmodel.parse(a.create_offer())
    ids = {e.id for m in offer.media for e in m.extmaps if e.uri == mid_uri}
    assert ids == {9}


def test_a_subsequent_offer_gives_an_added_bundled_section_a_fingerprint_and_setup() -> None:
    """Chromium rejects an m-section added to a negotiated BUNDLE group without a=fingerprint and a=setup: the offer writes them (the ICE values stay in the tag, RFC 9143, 7.1.3), and no candidates."""
    a, b = pair()
    a.add_transceiver("audio")
    negotiate(a, b)
    a.add_transceiver("video")
    offer, _answer = negotiate(a, b)
    tag, added = sdpmodel.parse(offer).media
    assert added.ice_ufrag is None and tag.ice_ufrag is not None
    assert added.fingerprints == tag.fingerprints and added.setup == tag.setup
    assert not added.attributes_named("candidate")
