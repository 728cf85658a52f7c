"""Semantic rules beyond syntax (sdpmodel.validate): each rule, its line, its source."""

from __future__ import annotations

import pytest

from sdpmodel import RTCError, parse, validate

HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"


def problems_of(text: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.rule, p.message) for p in validate(parse(text))]


def only_problem(text: str) -> tuple[int, str, str]:
    found = problems_of(text)
    assert len(found) == 1, found
    with pytest.raises(RTCError) as caught:
        parse(text, strict=True)
    assert caught.value.sdp_line_number == found[0][0]
    return found[0]


def test_a_clean_description_has_no_problems() -> None:
    """A well-formed WebRTC-style description passes every rule."""
    text = HEAD + (
        "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\na=mid:0\r\n"
        "a=rtpmap:111 opus/48000/2\r\na=fingerprint:sha-256 " + ":".join(["AB"] * 32) + "\r\n"
    )
    assert problems_of(text) == []
    parse(text, strict=True)


def test_version_is_zero() -> None:
    """v=0 is the only version (RFC 8866, 5.1)."""
    line, rule, _ = only_problem(HEAD.replace("v=0", "v=1"))
    assert (line, rule) == (1, "RFC 8866, 5.1")


def test_address_fits_its_type() -> None:
    """An IP4 address type carries an IPv4 address or a domain name (RFC 8866, 5.7)."""
    line, rule, message = only_problem(HEAD.replace("c=IN IP4 0.0.0.0", "c=IN IP4 fe80::1"))
    assert (line, rule) == (4, "RFC 8866, 5.7")
    assert "'fe80::1' is not an IP4 address" in message
    assert problems_of(HEAD.replace("c=IN IP4 0.0.0.0", "c=IN IP6 ::1")) == []
    assert problems_of(HEAD.replace("c=IN IP4 0.0.0.0", "c=IN IP4 host.example.com")) == []


def test_origin_address_fits_its_type() -> None:
    """The o= unicast address matches its address type (RFC 8866, 5.2)."""
    line, rule, _ = only_problem(HEAD.replace("IN IP4 127.0.0.1", "IN IP6 127.0.0.1"))
    assert (line, rule) == (2, "RFC 8866, 5.2")


def test_network_type_is_registered() -> None:
    """The network type is a registered one such as IN (RFC 8866, 5.7 and 8.2.7)."""
    _, _, message = only_problem(HEAD.replace("c=IN IP4", "c=AF IP4"))
    assert "unknown network type 'AF'" in message


def test_connection_is_required() -> None:
    """A c= line is required at session level or in every m-section (RFC 8866, 5.7)."""
    text = HEAD.replace("c=IN IP4 0.0.0.0\r\n", "") + "m=audio 9 RTP/AVP 0\r\n"
    line, rule, _ = only_problem(text)
    assert (line, rule) == (5, "RFC 8866, 5.7")


def test_rtp_formats_are_payload_types() -> None:
    """RTP formats are payload types 0-127 without leading zeros (RFC 3551, 3)."""
    _, _, message = only_problem(HEAD + "m=audio 9 RTP/AVP 00\r\n")
    assert "'00'" in message


def test_dynamic_payload_type_needs_rtpmap() -> None:
    """A dynamic payload type (96-127) is mapped by a=rtpmap (RFC 8866, 6.6)."""
    line, _, message = only_problem(HEAD + "m=video 9 RTP/AVP 96\r\n")
    assert line == 6
    assert "dynamic payload type 96" in message


def test_rejected_m_section_may_list_anything() -> None:
    """A rejected m-section (port 0) is not checked for rtpmap lines (RFC 3264, 6)."""
    assert problems_of(HEAD + "m=video 0 RTP/AVP 96\r\n") == []


def test_crypto_tags_are_unique() -> None:
    """Each a=crypto tag is unique within its m-section (RFC 4568, 9.1)."""
    crypto = (
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"
    )
    line, rule, _ = only_problem(HEAD + "m=audio 9 RTP/SAVP 0\r\n" + crypto + crypto)
    assert (line, rule) == (8, "RFC 4568, 9.1")


def test_fingerprint_length_matches_the_hash() -> None:
    """A sha-256 fingerprint has 32 bytes (RFC 8122, 5)."""
    text = HEAD + "a=fingerprint:sha-256 " + ":".join(["AB"] * 20) + "\r\n"
    line, rule, message = only_problem(text)
    assert (line, rule) == (6, "RFC 8122, 5")
    assert "32 bytes, this one 20" in message


@pytest.mark.parametrize(
    "attribute",
    [
        "a=candidate:1 1 udp 1 192.0.2.1 9 typ host",
        "a=mid:0",
        "a=rtcp-mux",
        "a=bundle-only",
        "a=rtpmap:96 VP8/90000",
    ],
)
def test_media_level_attribute_at_session_level(attribute: str) -> None:
    """Media-level attributes (candidate, mid, rtcp-mux, bundle-only, rtpmap, ...) are refused at session level."""
    line, _, message = only_problem(HEAD + attribute + "\r\n")
    assert line == 6
    assert "belongs in an m-section only" in message


def test_session_level_attribute_in_media() -> None:
    """a=ice-lite belongs at session level (RFC 8839, 5.3)."""
    line, rule, _ = only_problem(HEAD + "m=audio 9 RTP/AVP 0\r\na=ice-lite\r\n")
    assert (line, rule) == (7, "RFC 8839, 5.3")


def test_mids_are_unique() -> None:
    """Each a=mid value is unique in the description (RFC 5888, 4)."""
    text = HEAD + "m=audio 9 RTP/AVP 0\r\na=mid:a\r\nm=audio 9 RTP/AVP 0\r\na=mid:a\r\n"
    line, rule, message = only_problem(text)
    assert (line, rule) == (9, "RFC 5888, 4")  # the second a=mid line
    assert "line 6" in message


@pytest.mark.parametrize(
    ("first", "second", "rule"),
    [
        ("a=mid:a", "a=mid:b", "RFC 5888, 4"),
        ("a=sendrecv", "a=recvonly", "RFC 8866, 6.7"),
        ("a=setup:actpass", "a=setup:active", "RFC 4145, 4; RFC 8842, 5"),
        ("a=ice-ufrag:abcd", "a=ice-ufrag:efgh", "RFC 8839, 5.4"),
        ("a=ice-pwd:" + "p" * 22, "a=ice-pwd:" + "q" * 22, "RFC 8839, 5.4"),
        ("a=rtpmap:96 VP8/90000", "a=rtpmap:96 H264/90000", "RFC 8866, 6.6"),
        ("a=fmtp:96 x=1", "a=fmtp:96 x=2", "RFC 8866, 6.15"),
        ("a=extmap:1 urn:a", "a=extmap:1 urn:b", "RFC 8285, 5"),
    ],
)
def test_a_level_holds_one_of_each_single_valued_attribute(
    first: str, second: str, rule: str
) -> None:
    """RFC 8866, 6.6, 6.7 and 6.15, RFC 5888, 4, RFC 4145, 4, RFC 8839, 5.4 and RFC 8285, 5: a second a=mid, direction, a=setup, ICE credential, or a=rtpmap / a=fmtp / a=extmap for one payload type or id is a problem at its line, for validate, strict parsing and setRemoteDescription alike."""
    text = HEAD + f"m=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n{first}\r\n{second}\r\n"
    if first.startswith("a=rtpmap"):
        text = HEAD + f"m=video 9 RTP/AVP 96\r\n{first}\r\n{second}\r\n"
    line, found, message = only_problem(text)
    assert (line, found) == (text.count("\r\n"), rule)
    assert "again" in message
    _refused(_remote_offer().replace("a=mid:0\r\n", f"a=mid:0\r\n{first}\r\n{second}\r\n"), rule)


def test_bundle_only_needs_a_mid() -> None:
    """An a=bundle-only m-section is in a BUNDLE group, so it has a mid (RFC 8843, 6)."""
    line, rule, _ = only_problem(HEAD + "m=audio 0 RTP/AVP 0\r\na=bundle-only\r\n")
    assert (line, rule) == (6, "RFC 8843, 6")


def test_validate_returns_every_problem_in_line_order() -> None:
    """validate() reports all problems, sorted by line, and raises nothing."""
    text = HEAD.replace("v=0", "v=1") + "a=mid:x\r\nm=audio 9 RTP/AVP 00\r\n"
    lines = [line for line, _, _ in problems_of(text)]
    assert lines == [1, 6, 7]


OFFER = HEAD + "m=audio 9 RTP/AVP 0\r\nm=video 9 RTP/AVP 31\r\n"


def test_answer_has_the_offers_m_lines() -> None:
    """An answer has as many m-lines as the offer (RFC 3264, 6)."""
    answer = parse(HEAD + "m=audio 9 RTP/AVP 0\r\n")
    (problem,) = validate(answer, offer=parse(OFFER))
    assert problem.rule == "RFC 3264, 6"
    assert "1 m-lines but the offer had 2" in problem.message


def test_answer_keeps_media_types() -> None:
    """The n-th m-line of an answer answers the n-th of the offer, with the same media (RFC 3264, 6)."""
    answer = parse(HEAD + "m=audio 9 RTP/AVP 0\r\nm=audio 9 RTP/AVP 0\r\n")
    (problem,) = validate(answer, offer=parse(OFFER))
    assert problem.line == 7
    assert "answers video with audio" in problem.message


def test_new_offer_keeps_m_lines_in_place() -> None:
    """A new offer keeps each earlier m-line in its place and may only add (RFC 3264, 8)."""
    reordered = parse(HEAD + "m=video 9 RTP/AVP 31\r\nm=audio 9 RTP/AVP 0\r\n")
    problems = validate(reordered, previous=parse(OFFER))
    assert [p.line for p in problems] == [6, 7]
    grown = parse(OFFER + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n")
    assert validate(grown, previous=parse(OFFER)) == []


# --- the checks setRemoteDescription applies (RFC 9429, 5.8) ------------------------------


def _remote_offer() -> str:
    from _core import peer

    a = peer("a")
    a.add_transceiver("audio")
    a.add_transceiver("video")
    return str(a.create_offer())


def _refused(text: str, rule: str) -> None:
    from _core import peer

    from sdpmodel import InvalidAccessError

    b = peer("b")
    before = b.session
    with pytest.raises(InvalidAccessError, match=rule):
        b.set_remote_description("offer", text)
    assert b.session is before


def test_a_remote_offer_with_a_duplicate_mid_is_refused() -> None:
    """RFC 5888, 4 and RFC 9429, 5.8: a remote description whose mids are not unique is refused with InvalidAccessError and changes nothing."""
    text = _remote_offer().replace("a=mid:1", "a=mid:0").replace("BUNDLE 0 1", "BUNDLE 0")
    _refused(text, r"a=mid:0 is already used .*RFC 5888, 4")
    jsep = [p for p in validate(parse(text), jsep=True) if p.rule == "RFC 5888, 4"]
    assert len(jsep) == 1  # listed once though both rule sets check it


def test_a_remote_fingerprint_of_the_wrong_length_is_refused() -> None:
    """RFC 8122, 5: a remote a=fingerprint whose digest is not its hash function's length is refused with InvalidAccessError."""
    text = _remote_offer()
    digest = text.split("a=fingerprint:sha-256 ")[1].split("\r\n")[0]
    _refused(text.replace(digest, digest[:47]), r"has 32 bytes, this one 16 \(RFC 8122, 5\)")


def test_a_remote_fingerprint_with_no_known_hash_function_is_refused() -> None:
    """RFC 8122, 5: fingerprints only of hash functions the registry does not know are refused with InvalidAccessError; an extra unknown one beside sha-256 is ignored."""
    from _core import peer

    text = _remote_offer()
    _refused(text.replace("a=fingerprint:sha-256 ", "a=fingerprint:foo-1 "), "Hash Function")
    extra = text.replace(
        "a=fingerprint:sha-256 ", "a=fingerprint:sha3-256 AB:CD\r\na=fingerprint:sha-256 "
    )
    b = peer("b")
    b.set_remote_description("offer", extra)
    assert b.signaling_state == "have-remote-offer"


def test_an_answer_keeps_the_codec_of_each_offered_payload_type() -> None:
    """RFC 3264, 6.1: validate(answer, offer=...) reports an offered payload type the answer gives another encoding, at its a=rtpmap line (setRemoteDescription takes the answer's mapping, as browsers do)."""
    from _core import pair

    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    pt = parse(answer).media[0].rtpmaps[0]
    bad = answer.replace(pt.sdp_line, f"a=rtpmap:{pt.payload_type} foo/{pt.clock_rate + 1}")
    for jsep in (False, True):
        found = [
            p
            for p in validate(parse(bad), offer=parse(offer), jsep=jsep)
            if p.rule == "RFC 3264, 6.1"
        ]
        assert len(found) == 1 and f"payload type {pt.payload_type} is" in found[0].message
        assert bad.split("\r\n")[found[0].line - 1].startswith(f"a=rtpmap:{pt.payload_type} foo/")
    assert validate(parse(answer), offer=parse(offer), jsep=True) == []


def test_validate_takes_a_parsed_description() -> None:
    """sdpmodel.validate: the SDP text (or anything but a SessionDescription) is a TypeError that says to parse first."""
    with pytest.raises(TypeError, match=r"validate\(parse\(text\)\)"):
        validate("v=0\r\n")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        validate(None)  # type: ignore[arg-type]
