"""The public corpus: 200 real SDPs (browsers, SFUs, SIP gear, RFC examples, malformed cases).

Read from ../shared/corpus at test time (MANIFEST.tsv says which are valid);
never copied into the project.  Three promises are checked here:

* every ``valid=yes`` file parses leniently and serializes back byte for byte
  (after CRLF normalisation), through the cached line text and through the
  fields alone (``serialize.from_fields``), and its ``canonical`` form is
  stable;
* every ``valid=no`` file is rejected by ``parse(strict=True)`` on a known
  line, for the documented reason in ``REJECTIONS`` below; the three files
  that are only wrong *relative to their offer* are rejected by
  ``validate(answer, offer=...)`` / ``validate(offer, previous=...)``;
* where strict mode is narrower than the manifest's structural check (the
  RFC's own ABNF for ice-ufrag, fingerprints, ``s=``...), the valid files it
  rejects are listed in ``STRICTER_THAN_MANIFEST`` with the reason, so the
  list cannot grow unnoticed.
"""

from __future__ import annotations

import pytest
from _corpus import CORPUS, NO_CORPUS, CorpusFile

import sdpmodel
from sdpmodel import RTCError, canonical, parse, validate
from sdpmodel.serialize import from_fields

pytestmark = NO_CORPUS

VALID = [f for f in CORPUS if f.valid]
INVALID = [f for f in CORPUS if not f.valid]

#: valid=no file -> (line strict parse rejects, words of the message, why the file is invalid).
REJECTIONS: dict[str, tuple[int, str, str]] = {
    "chime-sdk-js/chime-media-answer-tias.sdp": (
        27,
        "'c=' line is not allowed here",
        "b= before c= in an m-section (RFC 8866, 5 order)",
    ),
    "chime-sdk-js/chrome-offer-faulty-m-line.sdp": (
        41,
        "m= line: expected a single space",
        "m= line without formats",
    ),
    "chime-sdk-js/chrome-offer-faulty-rtpmap.sdp": (
        62,
        "a=rtpmap: expected '/'",
        "rtpmap without clock rate",
    ),
    "chime-sdk-js/chrome-unified-audio-video.sdp": (
        11,
        "carriage return (CR) without a line feed",
        "bare CR inside a candidate line",
    ),
    "janus-fuzz-corpus/meetecho-fuzzer-timeout-26f23f13.sdp": (
        3,
        "not valid UTF-8",
        "fuzzer input, invalid UTF-8",
    ),
    "janus-fuzz-corpus/meetecho-fuzzer-timeout-80e8c427.sdp": (
        2,
        "not valid UTF-8",
        "fuzzer input, invalid UTF-8",
    ),
    "janus-fuzz-corpus/webrtc-55.sdp": (
        8,
        "empty line",
        "extra empty line at the end (lenient mode ignores it)",
    ),
    "janus-fuzz-corpus/webrtc-unittest-3.sdp": (
        1,
        "expected 'v='",
        "a lone m-section without a session part",
    ),
    "lib-jitsi-meet/ljm-rtx-video.sdp": (
        30,
        "dynamic payload type 96 has no a=rtpmap",
        "fmtp for PT 96 without rtpmap",
    ),
    "lib-jitsi-meet/ljm-simulcast-rtx-track-replaced.sdp": (
        53,
        "SSRC must be 0 to 4294967295",
        "SSRC above 2^32-1",
    ),
    "pion-sdp/bfcp.sdp": (5, "no c= line", "no c= line anywhere"),
    "pion-sdp/connection-missing-address.sdp": (
        4,
        "c= line: expected a single space",
        "c= without an address",
    ),
    "pion-sdp/extra-blank-lines.sdp": (3, "empty line", "empty lines between fields"),
    "pion-sdp/fec.sdp": (5, "no c= line", "no c= line anywhere"),
    "pion-sdp/media-bandwidth.sdp": (5, "no c= line", "no c= line anywhere"),
    "pion-sdp/media-out-of-order.sdp": (
        10,
        "'c=' line is not allowed here",
        "a= before c= in an m-section",
    ),
    "pion-sdp/mrcpv2-tls.sdp": (5, "no c= line", "no c= line anywhere"),
    "pion-sdp/origin-missing-address-uniview.sdp": (
        2,
        "o= line: expected a single space",
        "o= without an address",
    ),
    "pion-sdp/port-negative.sdp": (6, "m= line: expected a number, got '-1'", "negative port"),
    "pion-sdp/port-nonnumeric.sdp": (
        6,
        "m= line: expected a number, got '---'",
        "port is not a number",
    ),
    "pion-sdp/udt-ix.sdp": (5, "no c= line", "no c= line anywhere"),
    "pjsip/bundle-only-missing-mid.sdp": (
        9,
        "dynamic payload type 96 has no a=rtpmap",
        "bundle-only m-section without mid (and PT 96 without rtpmap)",
    ),
    "pjsip/bundle-only-missing-rtpmap.sdp": (
        9,
        "dynamic payload type 96 has no a=rtpmap",
        "bundle-only m-section, PT 96 without rtpmap",
    ),
    "pjsip/bundle-only-no-format.sdp": (
        9,
        "m= line: expected a single space",
        "m= line without formats",
    ),
    "pjsip/no-connection-line.sdp": (5, "no c= line", "no c= line anywhere"),
    "pjsip/pjsua-bad-nettype.sdp": (4, "unknown network type 'AF'", "c= with network type AF"),
    "pjsip/pjsua-bad-syntax-empty-fields.sdp": (
        1,
        "v= line: expected a number",
        "every field empty",
    ),
    "pjsip/pjsua-srtp-duplicate-crypto-tag.sdp": (
        12,
        "a=crypto tag 1 is used twice",
        "duplicate crypto tag",
    ),
    "pjsip/static-pt-zero-padded.sdp": (6, "RTP format '00'", "zero-padded payload type"),
    "rtpengine/osrtp-duplicate-mid-offer.sdp": (34, "a=mid:0 is already used", "duplicate mid"),
    "sdp-transform/alac.sdp": (
        7,
        "a=rtpmap: expected '/'",
        "rtpmap without clock rate (also IPv6 address under IP4)",
    ),
    "sdp-transform/extmap-encrypt.sdp": (5, "'c=' line is not allowed here", "session c= after t="),
    "sdp-transform/invalid.sdp": (10, "unknown line type 'f='", "unknown f= line"),
    "sdp-transform/mediaclk-avbtp.sdp": (3, "'c=' line is not allowed here", "c= before s="),
    "sdp-transform/mediaclk-ptp-v2.sdp": (3, "'c=' line is not allowed here", "c= before s="),
    "sdp-transform/mediaclk-rtp.sdp": (3, "'c=' line is not allowed here", "c= before s="),
    "sdp-transform/normal.sdp": (5, "'c=' line is not allowed here", "session c= after t="),
    "sdp-transform/onvif.sdp": (4, "'m=' line is not allowed here", "no t= line"),
    "sdp-transform/simulcast.sdp": (5, "'c=' line is not allowed here", "session c= after t="),
    "sdp-transform/tcp-active.sdp": (4, "'m=' line is not allowed here", "no t= line"),
    "sdp-transform/tcp-passive.sdp": (4, "'m=' line is not allowed here", "no t= line"),
    "sipsorcery/bria-leading-spaces.sdp": (
        1,
        "must not start with a space",
        "lines with leading spaces",
    ),
    "sipsorcery/bria-missing-crlf.sdp": (
        2,
        "'s=' line is not allowed here",
        "v=0 and o= run together on one line",
    ),
    "sipsorcery/bria4-audio-video-text.sdp": (15, "got 'mid:1'", "a bare 'mid:1' line"),
    "sipsorcery/cisco-sipua-audio-video-text.sdp": (
        13,
        "expected a line ending (CRLF) after the last line",
        "no line ending after the last line (RFC 8866, 5), reported before the semantic"
        " problem of line 11: an m-section without c= and no session c=",
    ),
    "sipsorcery/edge-legacy-answer.sdp": (
        24,
        "m= line: expected a single space",
        "rejected m= line without formats",
    ),
    "sipsorcery/mcptt.sdp": (5, "no c= line", "no c= line anywhere"),
    "sipsorcery/media-title-i-lines.sdp": (9, "'i=' line is not allowed here", "media i= after a="),
    "webrtc-sdp/sdps-03.sdp": (
        1,
        "expected a line of the form <type>=<value>",
        "';' comment lines",
    ),
    "webrtc-sdp/sdps-08.sdp": (
        1,
        "expected a line of the form <type>=<value>",
        "';' comment lines (and a fingerprint of the wrong length)",
    ),
    "webrtc-sdp/sdps-11.sdp": (
        1,
        "expected a line of the form <type>=<value>",
        "';' comment lines (and media-level ice-lite)",
    ),
    "webrtc-sdp/sdps-14.sdp": (
        6,
        "a=candidate belongs in an m-section only",
        "session-level candidate",
    ),
    "webrtc-sdp/sdps-15.sdp": (
        6,
        "a=bundle-only belongs in an m-section only",
        "session-level bundle-only",
    ),
    "webrtc-sdp/sdps-21.sdp": (6, "a=mid belongs in an m-section only", "session-level mid"),
    "webrtc-sdp/sdps-27.sdp": (
        6,
        "a=rtcp-mux belongs in an m-section only",
        "session-level rtcp-mux",
    ),
    "webrtc-sdp/sdps-29.sdp": (6, "a=rtpmap belongs in an m-section only", "session-level rtpmap"),
    "webrtc-sdp/sdps-33.sdp": (
        9,
        "a=imageattr: expected a payload type or '*', got 'flob'",
        "malformed imageattr",
    ),
    "webrtc-sdp/sdps-41.sdp": (
        91,
        "empty line",
        "extra empty line at the end (lenient mode ignores it)",
    ),
}

#: valid=no files that are well-formed alone and wrong only against another description.
RELATIVE: dict[str, tuple[str, str, str]] = {
    "pjsip/ticket527-mismatched-answer.sdp": (
        "offer",
        "pjsip/ticket527-offer-audio-video.sdp",
        "answers video with audio",
    ),
    "pjsip/ticket527-partial-answer.sdp": (
        "offer",
        "pjsip/ticket527-offer-audio-video.sdp",
        "has 1 m-lines but the offer had 2",
    ),
    "pjsip/ticket527-reoffer-reordered.sdp": (
        "previous",
        "pjsip/ticket527-offer-audio-video.sdp",
        "was audio and is now video",
    ),
}

#: The reason strict parsing gives a valid file whose last line has no line ending.
NO_FINAL_EOL = "no line ending after the last line (RFC 8866, 5: every line ends with CRLF)"

#: valid=yes files whose text the RFC's own syntax (strict mode) rejects, and why.
STRICTER_THAN_MANIFEST: dict[str, str] = {
    "chime-sdk-js/chrome-offer-sim-two-layers.sdp": "ice-pwd 'fake' is shorter than 22 ice-chars (RFC 8839, 5.4)",
    "chime-sdk-js/chrome-planb-audio-sendrecv-video-recvonly.sdp": "ice-ufrag '-' (RFC 8839, 5.4)",
    "chime-sdk-js/firefox-68-many-video.sdp": "fingerprint placeholder '-' (RFC 8122, 5)",
    "chime-sdk-js/firefox-68-no-media.sdp": "fingerprint placeholder '-' (RFC 8122, 5)",
    "chime-sdk-js/firefox-79-answer.sdp": "fingerprint placeholder 'redact' (RFC 8122, 5)",
    "chime-sdk-js/ios-safari-audio-video-recv.sdp": "ice-ufrag '-' (RFC 8839, 5.4)",
    "ex_webrtc/obs-audio-video.sdp": "ice-options 'ice2,trickle' separated by a comma (RFC 8839, 5.6)",
    "janus-fuzz-corpus/webrtc-10.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-11.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-2.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-23.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-3.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-44.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-48.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-5.sdp": "empty s= (RFC 8866, 5.3)",
    "janus-fuzz-corpus/webrtc-unittest-1.sdp": "ice-ufrag 'ufrag_voice' has '_' (RFC 8839, 5.4)",
    "janus-fuzz-corpus/webrtc-unittest-4.sdp": "dynamic payload type 111 without rtpmap (RFC 8866, 6.6)",
    "webrtc-sdp/sdps-09.sdp": "nineteen a=fmtp lines for payload type 101 (RFC 8866, 6.15)",
    "chime-sdk-js/chrome-offer-audio-red.sdp": "BUNDLE names a mid no m-section has (RFC 5888, 5)",
    "chime-sdk-js/chrome-offer-multiple-h264-profiles.sdp": "BUNDLE names a mid no m-section has (RFC 5888, 5)",
    "sdp-interop/jicofo-planb-offer-data.sdp": "BUNDLE names a mid no m-section has (RFC 5888, 5)",
    "janus-fuzz-corpus/webrtc-unittest-9.sdp": "ice-ufrag 'ufrag_voice' has '_' (RFC 8839, 5.4)",
    "lib-jitsi-meet/ljm-firefox-video.sdp": "dynamic payload type 96 without rtpmap (RFC 8866, 6.6)",
    "lib-jitsi-meet/ljm-simulcast-rtx-planb.sdp": "dynamic payload type 96 without rtpmap (RFC 8866, 6.6)",
    "pion-sdp/canonical.sdp": "session-level a=candidate (RFC 8839, 5.1)",
    "rtpengine/webrtc-gw-ipv6-answer.sdp": "two spaces in 'a=msid-semantic:  WMS'",
    "sdp-interop/planb-ice-restart.sdp": "ice-pwd 'greatNewPwd' is shorter than 22 ice-chars (RFC 8839, 5.4)",
    "sdp-transform/bfcp.sdp": "empty s= (RFC 8866, 5.3)",
    "sdp-transform/hacky.sdp": "ice-options 'google-ice' has '-' (RFC 8839, 5.6)",
    "sdp-transform/jssip.sdp": "ice-options 'google-ice' has '-' (RFC 8839, 5.6)",
    "sdp-transform/sctp-dtls-26.sdp": "a space at the end of 'a=msid-semantic: WMS '"
    f" (and {NO_FINAL_EOL})",
    "sdp-transform/st2110-20.sdp": "mid 'secondary;' is not a token (RFC 5888, 4)",
    "pion-webrtc/rtp-forwarder.sdp": NO_FINAL_EOL,
    "sdp-interop/chrome-planb-2tracks.sdp": NO_FINAL_EOL,
    "sdp-interop/chrome-unified-1track.sdp": NO_FINAL_EOL,
    "sdp-interop/firefox-rtx-no-video-source.sdp": NO_FINAL_EOL,
    "sdp-interop/safari-unified-1track.sdp": NO_FINAL_EOL,
    "sdp-transform/ts-refclk-media.sdp": NO_FINAL_EOL,
    "sdp-transform/ts-refclk-sess.sdp": NO_FINAL_EOL,
    "sipsorcery/asterisk-style-audio.sdp": NO_FINAL_EOL,
    "sipsorcery/ipv6-multicast.sdp": NO_FINAL_EOL,
    "sipsorcery/officemaster-t38-image.sdp": NO_FINAL_EOL,
}


def _by_name(name: str) -> CorpusFile:
    return next(f for f in CORPUS if f.name == name)


@pytest.mark.parametrize("corpus_file", VALID, ids=lambda f: f.name)
def test_valid_file_round_trips_byte_for_byte(corpus_file: CorpusFile) -> None:
    """A well-formed description serializes back byte for byte (DESIGN.md, SDP layer)."""
    desc = parse(corpus_file.data)
    assert desc.to_sdp() == corpus_file.crlf_text


@pytest.mark.parametrize("corpus_file", VALID, ids=lambda f: f.name)
def test_valid_file_round_trips_from_fields_alone(corpus_file: CorpusFile) -> None:
    """Every typed value writes back exactly the text it was parsed from (one spelling per value)."""
    desc = parse(corpus_file.data)
    assert from_fields(desc) == corpus_file.crlf_text
    assert parse(from_fields(desc)) == desc


@pytest.mark.parametrize("corpus_file", VALID, ids=lambda f: f.name)
def test_the_canonical_form_of_a_valid_file_is_stable(corpus_file: CorpusFile) -> None:
    """docs/sdp.md, the canonical form: canonical() of a real file parses, is idempotent and keeps the lines (only their spelling changes)."""
    desc = parse(corpus_file.data)
    text = canonical(desc)
    again = parse(text)
    assert canonical(again) == text
    assert len(again.media) == len(desc.media)
    assert text.count("\r\n") == corpus_file.crlf_text.count("\r\n")


@pytest.mark.parametrize("corpus_file", VALID, ids=lambda f: f.name)
def test_valid_file_in_strict_mode(corpus_file: CorpusFile) -> None:
    """Strict mode accepts a valid file unless the RFC's narrower syntax rules it out (listed)."""
    reason = STRICTER_THAN_MANIFEST.get(corpus_file.name)
    if reason is None:
        parse(corpus_file.data, strict=True)
    else:
        with pytest.raises(RTCError) as caught:
            parse(corpus_file.data, strict=True)
        if reason == NO_FINAL_EOL:
            assert "after the last line" in caught.value.message
            assert caught.value.sdp_line_number == corpus_file.data.count(b"\n") + 1


@pytest.mark.parametrize(
    "corpus_file",
    [f for f in VALID if not f.data.endswith(b"\n")],
    ids=lambda f: f.name,
)
def test_valid_file_without_a_final_line_ending(corpus_file: CorpusFile) -> None:
    """A valid file whose last line has no line ending parses leniently and round-trips (issue 2), and strict parsing rejects it (RFC 8866, 5)."""
    assert parse(corpus_file.data).to_sdp() == corpus_file.crlf_text
    assert NO_FINAL_EOL in STRICTER_THAN_MANIFEST[corpus_file.name]


@pytest.mark.parametrize("corpus_file", INVALID, ids=lambda f: f.name)
def test_invalid_file_is_rejected_with_a_line_number(corpus_file: CorpusFile) -> None:
    """A malformed description is rejected by strict parsing on the offending line (RFC 8866)."""
    if corpus_file.name in RELATIVE:
        relation, other_name, words = RELATIVE[corpus_file.name]
        desc = parse(corpus_file.data, strict=True)
        other = parse(_by_name(other_name).data, strict=True)
        problems = validate(desc, **{relation: other})
        assert problems, "valid against its counterpart"
        assert any(words in p.message for p in problems), problems
        assert all(p.rule.startswith("RFC 3264") for p in problems)
        return
    line, words, _why = REJECTIONS[corpus_file.name]
    with pytest.raises(RTCError) as caught:
        parse(corpus_file.data, strict=True)
    error = caught.value
    assert error.error_detail == "sdp-syntax-error"
    assert error.sdp_line_number == line
    assert words in error.message


def test_every_invalid_file_has_a_documented_reason() -> None:
    """Each valid=no file of the manifest is listed with its reason, and nothing else is."""
    assert set(REJECTIONS) | set(RELATIVE) == {f.name for f in INVALID}
    assert set(STRICTER_THAN_MANIFEST) <= {f.name for f in VALID}


def test_lenient_mode_ignores_trailing_empty_lines() -> None:
    """Browsers ignore empty lines at the end; lenient parsing does too, strict does not."""
    for name in ("janus-fuzz-corpus/webrtc-55.sdp", "webrtc-sdp/sdps-41.sdp"):
        desc = parse(_by_name(name).data)
        assert desc.media


def test_typed_view_of_a_browser_offer() -> None:
    """The model exposes what a WebRTC user reads first: mids, codecs, candidates, BUNDLE."""
    desc = parse(_by_name("sipsorcery/chrome-offer.sdp").data)
    assert desc.bundle_groups == (("0", "1"),)
    audio, video = desc.media
    assert (audio.mid, video.mid) == ("0", "1")
    assert audio.codecs[0].name == "opus"
    assert audio.codecs[0].fmtp is not None
    assert audio.codecs[0].fmtp.get("useinbandfec") == "1"
    vp8 = video.codecs[0]
    assert (vp8.name, vp8.clock_rate) == ("VP8", 90000)
    assert [fb.feedback_type for fb in vp8.feedback][:2] == ["goog-remb", "transport-cc"]
    assert audio.candidates[0].type == "host"
    assert audio.ice_ufrag == "RsdO"
    assert audio.fingerprints[0].hash_function == "sha-256"
    assert audio.direction is sdpmodel.MediaDirection.SENDRECV
