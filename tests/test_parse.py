"""Parsing whole descriptions: line endings, line order, and the errors users see."""

from __future__ import annotations

import pytest

from sdpmodel import (
    Connection,
    Limits,
    MediaDescription,
    Mid,
    Origin,
    RTCError,
    Rtpmap,
    SessionDescription,
    Timing,
    UnknownAttribute,
    canonical,
    parse,
    parse_attribute,
    parse_candidate,
)

MINIMAL = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
AUDIO = (
    MINIMAL
    + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    + "c=IN IP4 0.0.0.0\r\n"
    + "a=mid:0\r\n"
    + "a=rtpmap:111 opus/48000/2\r\n"
)


def syntax_error(text: str | bytes, *, strict: bool = False) -> RTCError:
    with pytest.raises(RTCError) as caught:
        parse(text, strict=strict)
    error = caught.value
    assert error.error_detail == "sdp-syntax-error"
    assert error.name == "OperationError"
    return error


class TestLineEndings:
    def test_crlf_round_trips(self) -> None:
        """CRLF input serializes back byte for byte (RFC 8866, 5: lines end with CRLF)."""
        assert parse(AUDIO).to_sdp() == AUDIO

    def test_lf_input_serializes_with_crlf(self) -> None:
        """Parsers accept a lone LF as a line ending (RFC 8866, 5); output always uses CRLF."""
        assert parse(AUDIO.replace("\r\n", "\n")).to_sdp() == AUDIO

    def test_mixed_line_endings(self) -> None:
        """CRLF and LF may be mixed in one description (what browsers accept)."""
        mixed = AUDIO.replace("\r\n", "\n", 2)
        assert parse(mixed).to_sdp() == AUDIO

    def test_missing_final_line_ending_is_lenient_only(self) -> None:
        """Lenient parsing accepts a last line without a line ending, as browsers do (issue 2)."""
        assert parse(AUDIO[:-2]).to_sdp() == AUDIO
        assert parse(AUDIO[:-1]).to_sdp() == AUDIO  # a bare CR ends the last line
        assert parse(AUDIO.replace("\r\n", "\n")[:-1]).to_sdp() == AUDIO

    def test_strict_rejects_a_missing_final_line_ending(self) -> None:
        """Every line ends with CRLF, the last one too (RFC 8866, 5 and the ABNF of 9): strict rejects it on that line."""
        error = syntax_error(AUDIO[:-2], strict=True)
        assert error.sdp_line_number == 8
        assert error.column == len("a=rtpmap:111 opus/48000/2") + 1
        assert error.line_text == "a=rtpmap:111 opus/48000/2"
        assert error.message == (
            "expected a line ending (CRLF) after the last line, got the end of the text "
            "(RFC 8866, 5: every line ends with CRLF)"
        )
        assert str(error) == f"line 8: {error.message}"

    def test_strict_rejects_a_bare_cr_at_the_end(self) -> None:
        """A CR alone is no line ending (RFC 8866, 5: CRLF, or LF as tolerated); strict rejects it at the end too."""
        error = syntax_error(AUDIO[:-1], strict=True)
        assert (error.sdp_line_number, error.column) == (8, 26)
        assert "got a carriage return (CR) without a line feed" in error.message

    def test_strict_tolerates_lf_endings(self) -> None:
        """Parsers SHOULD accept a lone LF as a line ending (RFC 8866, 5); strict mode does, the last line too."""
        assert parse(AUDIO.replace("\r\n", "\n"), strict=True).to_sdp() == AUDIO
        assert parse(AUDIO.replace("\r\n", "\n", 3), strict=True).to_sdp() == AUDIO

    def test_bare_cr_inside_a_line_is_an_error(self) -> None:
        """A CR not followed by LF is not a line ending and not allowed in a value (RFC 8866, 9)."""
        error = syntax_error(AUDIO.replace("a=mid:0", "a=mid:0\rx"))
        assert error.sdp_line_number == 7
        assert "carriage return" in error.message

    def test_blank_line_in_the_middle_is_an_error(self) -> None:
        """Every line is <type>=<value>; an empty line in the middle is an error (RFC 8866, 5)."""
        error = syntax_error(AUDIO.replace("t=0 0\r\n", "t=0 0\r\n\r\n"))
        assert error.sdp_line_number == 5
        assert "empty line" in error.message

    def test_trailing_blank_lines(self) -> None:
        """Lenient parsing ignores blank lines at the end, as browsers do; strict parsing rejects them."""
        assert parse(AUDIO + "\r\n\r\n").to_sdp() == AUDIO
        error = syntax_error(AUDIO + "\r\n", strict=True)
        assert error.sdp_line_number == 9


class TestLineOrder:
    def test_missing_session_name(self) -> None:
        """s= follows o= (RFC 8866, 5: the fields come in a fixed order)."""
        error = syntax_error(MINIMAL.replace("s=-\r\n", ""))
        assert error.sdp_line_number == 3
        assert "'t=' line is not allowed here" in error.message
        assert "expected 's='" in error.message

    def test_connection_after_timing(self) -> None:
        """A session-level c= comes before t= (RFC 8866, 5)."""
        error = syntax_error(MINIMAL + "c=IN IP4 0.0.0.0\r\n")
        assert error.sdp_line_number == 5
        assert error.column == 1

    def test_missing_timing(self) -> None:
        """At least one t= line is required (RFC 8866, 5.9)."""
        error = syntax_error("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n")
        assert error.sdp_line_number == 3
        assert "ends too soon" in error.message
        assert "'t='" in error.message

    def test_ends_too_soon_points_past_the_last_line(self) -> None:
        """A description that ends too soon (RFC 8866, 5: the fixed fields) is reported just past the end of its last line."""
        error = syntax_error("v=0\r\n")
        assert (error.sdp_line_number, error.column, error.line_text) == (1, 4, "v=0")
        assert error.message == "the description ends too soon: expected 'o=' after this line"

    def test_media_level_order(self) -> None:
        """In an m-section, c= comes before b= and a= (RFC 8866, 5)."""
        error = syntax_error(AUDIO + "c=IN IP4 0.0.0.0\r\n")
        assert error.sdp_line_number == 9

    def test_first_line_must_be_version(self) -> None:
        """A description starts with v=0 (RFC 8866, 5.1)."""
        error = syntax_error("o=- 1 1 IN IP4 127.0.0.1\r\n")
        assert error.sdp_line_number == 1
        assert "expected 'v='" in error.message

    def test_unknown_line_type(self) -> None:
        """Only the letters RFC 8866 defines are line types (RFC 8866, 5)."""
        error = syntax_error(MINIMAL + "f=x\r\n")
        assert error.sdp_line_number == 5
        assert "unknown line type 'f='" in error.message

    def test_repeated_fields_keep_their_order(self) -> None:
        """e=, p=, b=, t= with r= may repeat; the model keeps them in order (RFC 8866, 5)."""
        text = (
            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\ni=info\r\nu=http://example.com/\r\n"
            "e=a@example.com\r\ne=b@example.com\r\np=+1 555\r\nc=IN IP4 224.2.1.1/127/3\r\n"
            "b=CT:128\r\nb=AS:64\r\nt=2873397496 2873404696\r\nr=7d 1h 0 25h\r\nt=0 0\r\n"
            "z=2882844526 -1h 2898848070 0\r\nk=clear:secret\r\na=recvonly\r\n"
            "m=audio 49170/2 RTP/AVP 0\r\ni=voice\r\nc=IN IP4 224.2.1.1/127\r\nb=AS:32\r\n"
            "k=prompt\r\na=ptime:20\r\n"
        )
        desc = parse(text, strict=True)
        assert desc.to_sdp() == text
        assert canonical(desc) == text
        assert desc.emails == ("a@example.com", "b@example.com")
        assert desc.connection == Connection("IN", "IP4", "224.2.1.1", 127, 3)
        assert [t.start for t in desc.times] == [2873397496, 0]
        assert desc.times[0].repeats[0].offsets == ("0", "25h")
        assert desc.time_zones is not None
        assert desc.time_zones.adjustments[0] == ("2882844526", "-1h")
        assert desc.media[0].port_count == 2
        assert desc.media[0].information == "voice"


class TestValues:
    def test_malformed_known_attribute_is_an_error_not_unknown(self) -> None:
        """A known attribute whose value breaks its rule is a syntax error (STYLE.md, 4)."""
        error = syntax_error(AUDIO.replace("a=rtpmap:111", "a=rtpmap:abc"))
        assert error.sdp_line_number == 8
        assert error.column == 10
        assert error.message == "a=rtpmap: expected a payload type (0-127), got 'abc'"

    def test_payload_type_range(self) -> None:
        """An RTP payload type is 0-127 (RFC 3551, 3)."""
        error = syntax_error(AUDIO.replace("a=rtpmap:111", "a=rtpmap:200"))
        assert error.sdp_line_number == 8
        assert error.column == 10
        assert "payload type must be 0 to 127, got 200" in error.message

    def test_leading_zeros_are_refused_where_a_number_is_kept(self) -> None:
        """Numbers kept as int have one spelling, so '0111' is refused rather than rewritten."""
        error = syntax_error(AUDIO.replace("a=rtpmap:111", "a=rtpmap:0111"))
        assert "leading zeros" in error.message

    def test_port_range(self) -> None:
        """A port is 0-65535 (RFC 8866, 5.14)."""
        error = syntax_error(AUDIO.replace("m=audio 9 ", "m=audio 70000 "))
        assert error.sdp_line_number == 5
        assert error.column == 9

    def test_unknown_attributes_are_kept_in_place(self) -> None:
        """Attributes sdpmodel has no type for are kept verbatim, in order (DESIGN.md)."""
        text = AUDIO + "a=x-google-flag:conference\r\na=foo\r\na=mid2:x y\r\n"
        desc = parse(text)
        assert desc.to_sdp() == text
        unknown = desc.media[0].attributes[2:]
        assert unknown == (
            UnknownAttribute("x-google-flag", "conference"),
            UnknownAttribute("foo"),
            UnknownAttribute("mid2", "x y"),
        )

    def test_flag_attribute_with_a_value_is_an_error(self) -> None:
        """a=rtcp-mux takes no value (RFC 5761, 5.1.1)."""
        error = syntax_error(AUDIO + "a=rtcp-mux:yes\r\n")
        assert error.sdp_line_number == 9
        assert "a=rtcp-mux takes no value" in error.message

    def test_value_attribute_without_a_value_is_an_error(self) -> None:
        """a=mid needs a value (RFC 5888, 4)."""
        error = syntax_error(AUDIO + "a=mid\r\n")
        assert "a=mid needs a value" in error.message

    def test_attribute_name_must_be_a_token(self) -> None:
        """An attribute name is a token (RFC 8866, 9: att-field)."""
        error = syntax_error(AUDIO + "a=foo bar\r\n")
        assert error.sdp_line_number == 9
        assert error.column == 6

    def test_unknown_attribute_with_an_empty_value_is_kept_when_lenient(self) -> None:
        """Browsers skip an attribute they do not know, empty value or not (libwebrtc): a=x-foo: is UnknownAttribute(name, "")."""
        text = AUDIO + "a=x-foo:\r\na=x-bar\r\n"
        desc = parse(text)
        assert desc.media[0].attributes[2:] == (
            UnknownAttribute("x-foo", ""),
            UnknownAttribute("x-bar"),
        )
        assert desc.to_sdp() == text
        assert canonical(desc) == text
        assert parse(text.replace("\r\n", "\n")).to_sdp() == text  # the line-by-line path too

    def test_strict_wants_a_value_after_the_colon(self) -> None:
        """RFC 8866, 9: att-value = byte-string, one character or more, so strict rejects a=x-foo: at the end of the line."""
        error = syntax_error(AUDIO + "a=x-foo:\r\n", strict=True)
        assert (error.sdp_line_number, error.column) == (9, 9)
        assert error.message == (
            "a=x-foo: expected the attribute value, got the end of the line "
            "(strict: the RFC's syntax)"
        )

    def test_known_attribute_with_an_empty_value_is_still_an_error(self) -> None:
        """A typed attribute with an empty value breaks its own rule (STYLE.md, 4), lenient or not (RFC 5888, 4)."""
        error = syntax_error(AUDIO + "a=mid:\r\n")
        assert (error.sdp_line_number, error.column) == (9, 7)
        assert error.message.startswith("a=mid: expected")

    @pytest.mark.parametrize(
        ("candidate", "column"),
        [
            ("a=candidate:1 1 udp 1 192.0.2.1 9 typ host ", 44),
            ("a=candidate:1 1 udp 1 192.0.2.1 9 typ host  generation 0", 44),
            ("a=candidate:1  1 udp 1 192.0.2.1 9 typ host", 15),
        ],
        ids=["trailing-space", "double-space-in-extensions", "double-space-in-fields"],
    )
    def test_candidate_with_extra_spaces_is_rejected(self, candidate: str, column: int) -> None:
        """RFC 8839, 5.1 separates the fields with one SP; the Candidate value has one spelling, so extra spaces are an error in both modes, the caret on the extra space."""
        for strict in (False, True):
            error = syntax_error(AUDIO + candidate + "\r\n", strict=strict)
            assert (error.sdp_line_number, error.column) == (9, column)
            assert error.message.startswith("a=candidate: expected")

    def test_tokens_stay_text(self) -> None:
        """Text that looks like a number stays text until a typed field claims it: ufrag 0123."""
        desc = parse(AUDIO + "a=ice-ufrag:0123\r\na=ice-pwd:0123456789012345678901\r\n")
        assert desc.media[0].ice_ufrag == "0123"


class TestInput:
    def test_bytes_are_decoded_as_utf8(self) -> None:
        """Bytes are read as UTF-8 (RFC 8866, 5: the default charset)."""
        text = MINIMAL.replace("s=-", "s=caf\u00e9")
        assert parse(text.encode()).session_name == "caf\u00e9"

    def test_invalid_utf8_names_the_line(self) -> None:
        """Bytes that are not UTF-8 give a syntax error on the right line, never a crash."""
        error = syntax_error(MINIMAL.encode().replace(b"s=-", b"s=\xff"))
        assert error.sdp_line_number == 3
        assert error.column == 3
        assert "not valid UTF-8" in error.message

    def test_invalid_utf8_column_counts_characters(self) -> None:
        """Columns count characters everywhere (RTCError.column), invalid UTF-8 too: a=\u00e9\u00e9\u00e9 then 0xff is column 6, not byte 9."""
        data = (AUDIO + "a=\u00e9\u00e9\u00e9").encode() + b"\xff\r\n"
        error = syntax_error(data)
        assert (error.sdp_line_number, error.column) == (9, 6)
        assert error.message == "the text is not valid UTF-8 (byte 0xff)"

    def test_size_limit_column_counts_characters_in_bytes_too(self) -> None:
        """Limits.max_size counts bytes of a bytes input, but the column of the line that crosses it counts characters."""
        data = (MINIMAL + "a=x:\u00e9\u00e9\u00e9\u00e9\r\n").encode()
        limit = len(MINIMAL) + len("a=x:") + 2 * 2  # the limit falls inside the third é
        with pytest.raises(RTCError) as caught:
            parse(data, limits=Limits(max_size=limit))
        assert (caught.value.sdp_line_number, caught.value.column) == (5, 7)

    def test_byte_order_mark_in_a_str_is_named(self) -> None:
        """SDP has no byte order mark (RFC 8866, 5: UTF-8 text; browsers' parsers refuse one): a str that starts with U+FEFF gets its own message, lenient or strict."""
        for strict in (False, True):
            error = syntax_error("\ufeff" + AUDIO, strict=strict)
            assert (error.sdp_line_number, error.column) == (1, 1)
            assert error.message.startswith(
                "the description starts with a UTF-8 byte order mark (U+FEFF); SDP has none"
            )
            assert "utf-8-sig" in error.message

    def test_byte_order_mark_in_bytes_is_skipped_when_lenient(self) -> None:
        """Decoding UTF-8 bytes skips a leading BOM (WHATWG Encoding, UTF-8 decode), as bytes reach a browser; strict parsing refuses it."""
        data = b"\xef\xbb\xbf" + AUDIO.encode()
        assert parse(data).to_sdp() == AUDIO
        error = syntax_error(data, strict=True)
        assert (error.sdp_line_number, error.column) == (1, 1)
        assert "byte order mark" in error.message

    def test_nul_byte(self) -> None:
        """A NUL is not allowed anywhere in SDP (RFC 8866, 9: byte-string)."""
        error = syntax_error(MINIMAL.replace("s=-", "s=a\x00b"))
        assert error.sdp_line_number == 3
        assert "NUL" in error.message

    def test_empty_input(self) -> None:
        """An empty text is not a description."""
        error = syntax_error("")
        assert error.sdp_line_number == 1

    @pytest.mark.parametrize(
        "text",
        ["<html><body>hello</body></html>", '{"type": "offer"}', "\x89PNG\r\n\x1a\n", "v=0"],
    )
    def test_text_that_is_not_sdp(self, text: str) -> None:
        """Anything that is not SDP at all gets a clear error on line 1 or 2."""
        error = syntax_error(text)
        assert error.sdp_line_number in (1, 2)

    def test_wrong_argument_type(self) -> None:
        """parse() takes str or bytes; anything else is a TypeError (WebIDL TypeError)."""
        with pytest.raises(TypeError):
            parse(42)  # type: ignore[arg-type]

    def test_error_attributes_have_w3c_spellings(self) -> None:
        """RTCError exposes errorDetail and sdpLineNumber as in webrtc-pc (RTCError interface)."""
        error = syntax_error(AUDIO.replace("a=rtpmap:111", "a=rtpmap:abc"))
        assert error.errorDetail == "sdp-syntax-error"
        assert error.sdpLineNumber == 8
        assert error.line_text == "a=rtpmap:abc opus/48000/2"

    def test_str_is_line_then_message(self) -> None:
        """str(RTCError) is `line N: <message>` (issue 2: line 6: a=rtpmap: expected a payload type (0-127), got 'abc')."""
        error = syntax_error(AUDIO.replace("a=rtpmap:111", "a=rtpmap:abc"))
        assert str(error) == "line 8: a=rtpmap: expected a payload type (0-127), got 'abc'"
        assert repr(error) == (
            "RTCError(\"a=rtpmap: expected a payload type (0-127), got 'abc'\", "
            "error_detail='sdp-syntax-error', sdp_line_number=8, column=10)"
        )

    def test_str_without_a_line_names_the_detail(self) -> None:
        """An RTCError of another detail has no line (webrtc-pc, RTCError): str names the detail instead."""
        error = RTCError("DTLS failed (dtls-failure)", error_detail="dtls-failure")
        assert str(error) == "RTCError [dtls-failure]: DTLS failed (dtls-failure)"
        assert repr(error) == (
            "RTCError('DTLS failed (dtls-failure)', error_detail='dtls-failure')"
        )

    def test_strict_semantic_error_points_at_the_value(self) -> None:
        """parse(strict=True) raises the first validate() problem with the column where its line's value starts (RFC 5888, 4: mids are unique)."""
        text = AUDIO + AUDIO[len(MINIMAL) :]
        error = syntax_error(text, strict=True)
        assert (error.sdp_line_number, error.column, error.line_text) == (11, 7, "a=mid:0")


class TestBuiltInCode:
    def test_model_built_in_code_round_trips(self) -> None:
        """A description built from the classes serializes to text that parses back equal."""
        desc = SessionDescription(
            origin=Origin("-", "4611731400430051336", "2"),
            attributes=(),
            media=(
                MediaDescription(
                    media="audio",
                    port=9,
                    protocol="UDP/TLS/RTP/SAVPF",
                    formats=("111",),
                    connections=(Connection("IN", "IP4", "0.0.0.0"),),
                    attributes=(Mid("0"), Rtpmap(111, "opus", 48000, 2)),
                ),
            ),
        )
        text = desc.to_sdp()
        assert text.startswith(
            "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        )
        assert parse(text, strict=True) == desc

    def test_evolve_writes_the_new_value(self) -> None:
        """Changing a parsed value with evolve writes the new value, not the cached text."""
        import attrs

        desc = parse(AUDIO)
        media = desc.media[0]
        changed = attrs.evolve(desc, media=(attrs.evolve(media, port=5000),))
        assert "m=audio 5000 UDP/TLS/RTP/SAVPF 111\r\n" in changed.to_sdp()
        assert changed.times == (Timing(0, 0),)


def test_parse_candidate_accepts_both_spellings() -> None:
    """A trickled candidate may come with or without the a= prefix (RTCIceCandidate.candidate)."""
    text = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0"
    assert parse_candidate(text) == parse_candidate("a=" + text)
    assert parse_candidate(text).port == 54321


def test_parse_candidate_rejects_other_attributes() -> None:
    """parse_candidate only takes candidates."""
    with pytest.raises(RTCError):
        parse_candidate("mid:0")


def test_parse_attribute_rejects_malformed_line() -> None:
    """parse_attribute reports a malformed line as line 1."""
    with pytest.raises(RTCError) as caught:
        parse_attribute("a=setup:sideways")
    assert caught.value.sdp_line_number == 1
    assert caught.value.column == 9


def test_live_mids_are_the_mids_of_the_m_sections_not_rejected() -> None:
    """RFC 3264, 6 and RFC 8866, 5.14: SessionDescription.live_mids holds the mids of the m-sections whose port is not 0 (a rejected m-section is not live); m-sections without a mid add none."""
    text = (
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
        "m=audio 9 RTP/AVP 0\r\na=mid:a\r\n"
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=mid:v\r\n"
        "m=audio 9 RTP/AVP 0\r\n"
    )
    desc = parse(text)
    assert desc.live_mids == frozenset({"a"})
    assert desc.live_mids is desc.live_mids  # computed once per description
