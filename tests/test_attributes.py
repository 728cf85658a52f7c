"""Typed attributes: each one against its RFC's ABNF and against what browsers send.

For every typed attribute (``sdpmodel.attributes``) these tests parse the
RFC's own examples and lines as Chrome, Firefox and Safari write them, check
the typed fields, and check that ``format_line()`` (the line written from the
fields alone, without the text the parser kept) gives back the line exactly.
Malformed lines must fail with an ``RTCError`` that names the line, the
column and what was expected, and what was found instead.

Grouped like ``sdpmodel.attributes``: RTP payload formats, RTP extensions,
ICE, DTLS/SDES/identity, grouping and streams, simulcast, data channels,
media description; then checks across all of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from sdpmodel import (
    Attribute,
    BundleOnly,
    Candidate,
    Content,
    Crypto,
    Direction,
    EndOfCandidates,
    Extmap,
    ExtmapAllowMixed,
    Fingerprint,
    Fmtp,
    Framerate,
    Group,
    IceLite,
    IceOptions,
    IcePwd,
    IceUfrag,
    Identity,
    Imageattr,
    Label,
    MaxMessageSize,
    Maxptime,
    MediaDirection,
    Mid,
    Msid,
    MsidSemantic,
    Ptime,
    Rid,
    RTCError,
    Rtcp,
    RtcpFb,
    RtcpMux,
    RtcpMuxOnly,
    RtcpRsize,
    Rtpmap,
    Sctpmap,
    SctpPort,
    Setup,
    SetupRole,
    Simulcast,
    SimulcastId,
    Ssrc,
    SsrcGroup,
    TcpConnection,
    TlsId,
    UnknownAttribute,
    parse,
    parse_attribute,
    parse_candidate,
)
from sdpmodel._builders import MediaLine, direct
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import ATTRIBUTE_CLASSES, attribute_class
from sdpmodel.model import Connection, MediaDescription, Origin, SessionDescription

# --- helpers ------------------------------------------------------------------


def round_trip(line: str) -> Attribute:
    """Parse one a= line, check it writes back byte for byte, and return its value."""
    attribute = parse_attribute(line)
    assert attribute.format_line() == line
    assert attrs.evolve(attribute).sdp_line == line  # a fresh value, no cached text
    assert parse_attribute(attribute.format_line()) == attribute
    return attribute


def line_error(line: str) -> RTCError:
    """The RTCError for one malformed a= line (always line 1)."""
    with pytest.raises(RTCError) as caught:
        parse_attribute(line)
    error = caught.value
    assert error.error_detail == "sdp-syntax-error"
    assert error.sdp_line_number == 1
    assert error.line_text == line
    return error


def check_error(line: str, column: int, message: str) -> None:
    """A malformed line fails at ``column`` (1-based) with exactly ``message``."""
    error = line_error(line)
    assert (error.column, error.message) == (column, message)


#: A description with one audio m-section; the attribute under test becomes line 12.
HEAD = (
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "a=msid-semantic: WMS\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=mid:0\r\n"
    "a=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
)
LINE_UNDER_TEST = 12


def sdp_error(line: str, *, strict: bool = False) -> RTCError:
    """The RTCError for a description whose 12th line is ``line``."""
    with pytest.raises(RTCError) as caught:
        parse(HEAD + line + "\r\n", strict=strict)
    return caught.value


# --- RTP payload formats ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=rtpmap:111 opus/48000/2", (111, "opus", 48000, 2)),  # Chrome, Firefox, Safari
        ("a=rtpmap:96 VP8/90000", (96, "VP8", 90000, None)),
        ("a=rtpmap:0 PCMU/8000", (0, "PCMU", 8000, None)),
        ("a=rtpmap:126 H264/90000", (126, "H264", 90000, None)),  # Firefox
        ("a=rtpmap:101 telephone-event/8000", (101, "telephone-event", 8000, None)),
        ("a=rtpmap:98 L16/16000/2", (98, "L16", 16000, 2)),  # RFC 8866, 6.6
        ("a=rtpmap:99 h263-1998/90000", (99, "h263-1998", 90000, None)),  # RFC 8866, 6.7
    ],
)
def test_rtpmap(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8866, 6.6 (rtpmap): payload-type SP encoding-name "/" clock-rate ["/" channels]."""
    rtpmap = round_trip(line)
    assert isinstance(rtpmap, Rtpmap)
    assert (
        rtpmap.payload_type,
        rtpmap.encoding_name,
        rtpmap.clock_rate,
        rtpmap.encoding_parameters,
    ) == fields


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=rtpmap:abc opus/48000/2", 10, "a=rtpmap: expected a payload type (0-127), got 'abc'"),
        # The first word is the payload type, whatever follows the digits.
        ("a=rtpmap:12a opus/48000/2", 10, "a=rtpmap: expected a payload type (0-127), got '12a'"),
        ("a=rtpmap:-1 x/1", 10, "a=rtpmap: expected a payload type (0-127), got '-1'"),
        ("a=rtpmap:", 10, "a=rtpmap: expected a payload type (0-127), got the end of the line"),
        ("a=rtpmap:200 x/1", 10, "a=rtpmap: the payload type must be 0 to 127, got 200"),
        ("a=rtpmap:128 x/1", 10, "a=rtpmap: the payload type must be 0 to 127, got 128"),
        ("a=rtpmap:96 VP8", 16, "a=rtpmap: expected '/', got the end of the line"),
        ("a=rtpmap:96 VP8/90000/", 23, "a=rtpmap: expected a number, got the end of the line"),
        # clock-rate = integer, which starts at 1.
        ("a=rtpmap:96 VP8/0", 17, "a=rtpmap: the clock rate must be 1 to 4294967295, got 0"),
        (
            "a=rtpmap:111 opus/48000/3/",
            26,
            "a=rtpmap: expected the end of the value, got '/'",
        ),
        # The column is the clock rate's, not the payload type's, although both are 0.
        (
            "a=rtpmap:0 PCMU/0",
            17,
            "a=rtpmap: the clock rate must be 1 to 4294967295, got 0",
        ),
        (
            "a=rtpmap:111 opus/48000/0",
            25,
            "a=rtpmap: the encoding parameters (channels) must be 1 to 4294967295, got 0",
        ),
        (
            "a=rtpmap:111 opus/48000/02",
            25,
            "a=rtpmap: the encoding parameters (channels) must not have leading zeros, got '02'",
        ),
    ],
)
def test_rtpmap_errors(line: str, column: int, message: str) -> None:
    """RFC 8866, 6.6 (rtpmap): payload type 0-127, clock rate and channels from 1, one spelling."""
    check_error(line, column, message)


@pytest.mark.parametrize(
    ("line", "payload_type", "parameters"),
    [
        (
            "a=fmtp:111 minptime=10;useinbandfec=1",  # Chrome
            111,
            (("minptime", "10"), ("useinbandfec", "1")),
        ),
        ("a=fmtp:97 apt=96", 97, (("apt", "96"),)),  # RTX (RFC 4588)
        ("a=fmtp:101 0-15", 101, (("0-15", None),)),  # telephone-event
        ("a=fmtp:63 111/111", 63, (("111/111", None),)),  # RED
        (
            "a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1",
            126,
            (
                ("profile-level-id", "42e01f"),
                ("level-asymmetry-allowed", "1"),
                ("packetization-mode", "1"),
            ),
        ),
        ("a=fmtp:120 max-fs=12288; max-fr=60", 120, (("max-fs", "12288"), ("max-fr", "60"))),
        (
            "a=fmtp:webrtc-datachannel max-message-size=65536",
            None,
            (("max-message-size", "65536"),),
        ),
    ],
)
def test_fmtp(
    line: str, payload_type: int | None, parameters: tuple[tuple[str, str | None], ...]
) -> None:
    """RFC 8866, 6.15 (fmtp): fmt SP format-specific-params, the parameters kept as written."""
    fmtp = round_trip(line)
    assert isinstance(fmtp, Fmtp)
    assert fmtp.payload_type == payload_type
    assert fmtp.parameters == parameters


def test_fmtp_parameter_names_compare_case_insensitively() -> None:
    """RFC 8866, 6.15 (fmtp): a=fmtp parameters are read by name; case does not matter."""
    fmtp = round_trip("a=fmtp:111 minptime=10;useinbandfec=1")
    assert isinstance(fmtp, Fmtp)
    assert fmtp.get("UseInBandFec") == "1"
    assert fmtp.get("stereo", "0") == "0"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=fmtp:111", 11, "a=fmtp: expected a single space, got the end of the line"),
        ("a=fmtp:111 ", 12, "a=fmtp: expected format parameters, got the end of the line"),
    ],
)
def test_fmtp_errors(line: str, column: int, message: str) -> None:
    """RFC 8866, 6.15 (fmtp): a format and its parameters, one space between."""
    check_error(line, column, message)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=rtcp-fb:96 goog-remb", (96, "goog-remb", None)),  # Chrome
        ("a=rtcp-fb:96 transport-cc", (96, "transport-cc", None)),
        ("a=rtcp-fb:96 ccm fir", (96, "ccm", "fir")),
        ("a=rtcp-fb:96 nack", (96, "nack", None)),
        ("a=rtcp-fb:96 nack pli", (96, "nack", "pli")),
        ("a=rtcp-fb:* nack", (None, "nack", None)),  # every format of the m-section
        ("a=rtcp-fb:* trr-int 100", (None, "trr-int", "100")),  # RFC 4585, 4.2
        ("a=rtcp-fb:98 ccm tmmbr smaxpr=120", (98, "ccm", "tmmbr smaxpr=120")),  # RFC 5104
    ],
)
def test_rtcp_fb(line: str, fields: tuple[object, ...]) -> None:
    """RFC 4585, 4.2 (RTCP Feedback Capability Attribute): rtcp-fb-pt SP rtcp-fb-val, pt "*" or a format."""
    feedback = round_trip(line)
    assert isinstance(feedback, RtcpFb)
    assert (feedback.payload_type, feedback.feedback_type, feedback.parameters) == fields


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=rtcp-fb:96", 13, "a=rtcp-fb: expected a single space, got the end of the line"),
        ("a=rtcp-fb:128 nack", 11, "a=rtcp-fb: the payload type must be 0 to 127, got 128"),
        ("a=rtcp-fb:96x nack", 11, "a=rtcp-fb: expected a payload type or '*', got '96x'"),
        (
            "a=rtcp-fb:96 nack.pli",
            14,
            "a=rtcp-fb: expected a feedback type such as nack, ccm or transport-cc, got 'nack.pli'",
        ),
    ],
)
def test_rtcp_fb_errors(line: str, column: int, message: str) -> None:
    """RFC 4585, 4.2: rtcp-fb-pt is "*" or a payload type; rtcp-fb-id = 1*(alpha-numeric / "-" / "_")."""
    check_error(line, column, message)


# --- RTP extensions and RTCP ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=rtcp:9 IN IP4 0.0.0.0", (9, "IN", "IP4", "0.0.0.0")),  # Chrome
        ("a=rtcp:53020", (53020, None, None, None)),  # RFC 3605, 2.1
        (
            "a=rtcp:53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD",  # RFC 3605, 2.1
            (53020, "IN", "IP6", "2001:2345:6789:ABCD:EF01:2345:6789:ABCD"),
        ),
        # connection-address is SDP's: a multicast address keeps its TTL.
        ("a=rtcp:53020 IN IP4 224.2.1.1/127", (53020, "IN", "IP4", "224.2.1.1/127")),
    ],
)
def test_rtcp(line: str, fields: tuple[object, ...]) -> None:
    """RFC 3605, 2.1: a=rtcp:<port> [<nettype> <addrtype> <connection-address>]."""
    rtcp = round_trip(line)
    assert isinstance(rtcp, Rtcp)
    assert (rtcp.port, rtcp.nettype, rtcp.addrtype, rtcp.address) == fields


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=rtcp:x", 8, "a=rtcp: expected a number, got 'x'"),
        ("a=rtcp:70000", 8, "a=rtcp: the RTCP port must be 0 to 65535, got 70000"),
        ("a=rtcp:9 IN IP4", 16, "a=rtcp: expected a single space, got the end of the line"),
    ],
)
def test_rtcp_errors(line: str, column: int, message: str) -> None:
    """RFC 3605, 2.1: the port (0-65535), then all three address fields or none."""
    check_error(line, column, message)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (  # Chrome
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            (1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", None, None),
        ),
        (
            "a=extmap:3 http://www.ietf.org/id/draft-holmberg-rmcat-transport-wide-cc-extensions-01",
            (
                3,
                "http://www.ietf.org/id/draft-holmberg-rmcat-transport-wide-cc-extensions-01",
                None,
                None,
            ),
        ),
        (  # Firefox
            "a=extmap:3/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level",
            (3, "urn:ietf:params:rtp-hdrext:csrc-audio-level", MediaDirection.RECVONLY, None),
        ),
        (  # RFC 8285, 5
            "a=extmap:2/sendrecv http://example.com/082005/ext.htm#xmeta short",
            (2, "http://example.com/082005/ext.htm#xmeta", MediaDirection.SENDRECV, "short"),
        ),
        # Two-byte headers (RFC 8285, 4.3) reach 255; offers may use 4096-4351 (RFC 8285, 7).
        (
            "a=extmap:15 urn:ietf:params:rtp-hdrext:sdes:mid",
            (15, "urn:ietf:params:rtp-hdrext:sdes:mid", None, None),
        ),
        ("a=extmap:255 urn:x", (255, "urn:x", None, None)),
        ("a=extmap:4096 urn:x", (4096, "urn:x", None, None)),
        ("a=extmap:4351/sendonly urn:x", (4351, "urn:x", MediaDirection.SENDONLY, None)),
    ],
)
def test_extmap(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8285, 8 (BNF Syntax): extmap = mapentry SP extensionname [SP extensionattributes]."""
    extmap = round_trip(line)
    assert isinstance(extmap, Extmap)
    assert (extmap.id, extmap.uri, extmap.direction, extmap.extension_attributes) == fields


RANGE = "must be 1 to 255 (4096 to 4351 in an offer)"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=extmap:0 urn:x", 10, f"a=extmap: the extension id {RANGE}, got 0"),
        ("a=extmap:256 urn:x", 10, f"a=extmap: the extension id {RANGE}, got 256"),
        ("a=extmap:4095 urn:x", 10, f"a=extmap: the extension id {RANGE}, got 4095"),
        ("a=extmap:4352 urn:x", 10, f"a=extmap: the extension id {RANGE}, got 4352"),
        (
            "a=extmap:01 urn:x",
            10,
            "a=extmap: the extension id must not have leading zeros, got '01'",
        ),
        (
            "a=extmap:1/sendrecvx urn:x",
            12,
            "a=extmap: expected sendrecv, sendonly, recvonly or inactive, got 'sendrecvx'",
        ),
        ("a=extmap:1", 11, "a=extmap: expected '/' or a single space, got the end of the line"),
    ],
)
def test_extmap_errors(line: str, column: int, message: str) -> None:
    """RFC 8285, 5 and 7: the id is 1-255 (4096-4351 in an offer); the direction one of four words."""
    check_error(line, column, message)


def test_extmap_allow_mixed_is_a_flag() -> None:
    """RFC 8285, 6: a=extmap-allow-mixed takes no value."""
    assert round_trip("a=extmap-allow-mixed") == ExtmapAllowMixed()
    check_error("a=extmap-allow-mixed:1", 21, "a=extmap-allow-mixed takes no value, got '1'")


# --- ICE ---------------------------------------------------------------------------------

CHROME_SRFLX = (
    "a=candidate:842163049 1 udp 1677729535 198.51.100.7 58481 typ srflx "
    "raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-id 1 network-cost 50"
)
CHROME_TCP = (
    "a=candidate:1 1 tcp 1518280447 192.168.1.2 9 typ host tcptype active generation 0 network-id 1"
)
CHROME_MDNS = (
    "a=candidate:3 1 udp 2122262783 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54400 "
    "typ host generation 0 ufrag 7eNk network-id 2"
)
FIREFOX_HOST = "a=candidate:0 1 UDP 2122252543 192.168.1.5 61327 typ host"
FIREFOX_TCP = "a=candidate:1 1 TCP 2105524479 192.168.1.5 9 typ host tcptype active"
FIREFOX_IPV6 = "a=candidate:1 1 UDP 2122187007 fd4b:8d38:69ba:1:1c08:3db8:9627:7683 54451 typ host"
FIREFOX_RELAY = (
    "a=candidate:4 1 UDP 8265983 203.0.113.5 60001 typ relay raddr 203.0.113.5 rport 60001"
)
RFC_HOST = "a=candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host"  # RFC 8839, 5.1
RFC_SRFLX = (
    "a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998"
)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (RFC_HOST, ("1", 1, "UDP", 2130706431, "203.0.113.141", 8998, "host", None, None)),
        (
            RFC_SRFLX,
            ("2", 1, "UDP", 1694498815, "192.0.2.3", 45664, "srflx", "203.0.113.141", 8998),
        ),
        (
            CHROME_SRFLX,
            ("842163049", 1, "udp", 1677729535, "198.51.100.7", 58481, "srflx", "0.0.0.0", 0),
        ),
        (CHROME_TCP, ("1", 1, "tcp", 1518280447, "192.168.1.2", 9, "host", None, None)),
        (
            CHROME_MDNS,
            (
                "3",
                1,
                "udp",
                2122262783,
                "1f4712db-ea17-4bcf-a596-105139dfd8bf.local",
                54400,
                "host",
                None,
                None,
            ),
        ),
        (FIREFOX_HOST, ("0", 1, "UDP", 2122252543, "192.168.1.5", 61327, "host", None, None)),
        (FIREFOX_TCP, ("1", 1, "TCP", 2105524479, "192.168.1.5", 9, "host", None, None)),
        (
            FIREFOX_IPV6,
            (
                "1",
                1,
                "UDP",
                2122187007,
                "fd4b:8d38:69ba:1:1c08:3db8:9627:7683",
                54451,
                "host",
                None,
                None,
            ),
        ),
        (
            FIREFOX_RELAY,
            ("4", 1, "UDP", 8265983, "203.0.113.5", 60001, "relay", "203.0.113.5", 60001),
        ),
    ],
)
def test_candidate(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8839, 5.1 ("candidate" Attribute): foundation, component, transport, priority, address, port, typ."""
    candidate = round_trip(line)
    assert isinstance(candidate, Candidate)
    assert (
        candidate.foundation,
        candidate.component,
        candidate.transport,
        candidate.priority,
        candidate.address,
        candidate.port,
        candidate.type,
        candidate.related_address,
        candidate.related_port,
    ) == fields


def test_candidate_extensions_as_chrome_writes_them() -> None:
    """RFC 8839, 5.1: extension pairs after raddr/rport stay in order; the properties read libwebrtc's."""
    candidate = parse_attribute(CHROME_SRFLX)
    assert isinstance(candidate, Candidate)
    assert candidate.extensions == (
        ("generation", "0"),
        ("ufrag", "EsAw"),
        ("network-id", "1"),
        ("network-cost", "50"),
    )
    assert (candidate.generation, candidate.ufrag) == (0, "EsAw")
    assert (candidate.network_id, candidate.network_cost) == (1, 50)
    assert candidate.tcp_type is None
    assert candidate.extension("network-cost") == "50"
    assert candidate.extension("pwd") is None


@pytest.mark.parametrize(("line", "tcp_type"), [(CHROME_TCP, "active"), (FIREFOX_TCP, "active")])
def test_candidate_tcp_type(line: str, tcp_type: str) -> None:
    """RFC 6544, 4.5: a TCP candidate says tcptype active, passive or so."""
    candidate = parse_attribute(line)
    assert isinstance(candidate, Candidate)
    assert candidate.tcp_type == tcp_type


def test_candidate_without_extensions_has_no_extension_values() -> None:
    """RFC 8839, 5.1: extensions are optional; absent ones read as None."""
    candidate = parse_attribute(FIREFOX_HOST)
    assert isinstance(candidate, Candidate)
    assert candidate.extensions == ()
    values = (candidate.tcp_type, candidate.generation, candidate.ufrag)
    assert values == (None, None, None)
    assert (candidate.network_id, candidate.network_cost) == (None, None)


def test_candidate_numeric_extensions_read_only_ascii_decimals() -> None:
    """RFC 8839, 5.1: extension-att-value is any text; a number property reads only decimals."""
    line = (
        "a=candidate:1 1 udp 1 192.0.2.1 1 typ host generation \u00b2 network-id x network-cost 010"
    )
    candidate = round_trip(line)
    assert isinstance(candidate, Candidate)
    assert candidate.generation is None  # '²' is a digit to str.isdigit, not to int()
    assert candidate.network_id is None
    assert candidate.network_cost == 10
    assert candidate.extension("generation") == "\u00b2"


def test_candidate_related_address_only_in_rfc_position() -> None:
    """RFC 8839, 5.1: [SP rel-addr] [SP rel-port] come right after the type, in that order."""
    candidate = round_trip("a=candidate:1 1 udp 1 192.0.2.1 1 typ srflx rport 5 raddr 192.0.2.9")
    assert isinstance(candidate, Candidate)
    assert (candidate.related_address, candidate.related_port) == (None, 5)
    assert candidate.extensions == (("raddr", "192.0.2.9"),)
    only_address = round_trip("a=candidate:1 1 udp 1 192.0.2.1 1 typ srflx raddr 192.0.2.9")
    assert isinstance(only_address, Candidate)
    assert (only_address.related_address, only_address.related_port) == ("192.0.2.9", None)


def test_candidate_built_in_code_writes_the_rfc_order() -> None:
    """RFC 8839, 5.1: a candidate written from its fields puts raddr, rport, then the extensions."""
    candidate = Candidate(
        foundation="2",
        component=1,
        transport="udp",
        priority=1686052607,
        address="198.51.100.7",
        port=40000,
        type="srflx",
        related_address="192.168.1.2",
        related_port=50000,
        extensions=(("generation", "0"),),
    )
    line = (
        "a=candidate:2 1 udp 1686052607 198.51.100.7 40000 typ srflx "
        "raddr 192.168.1.2 rport 50000 generation 0"
    )
    assert candidate.sdp_line == line
    assert parse_attribute(line) == candidate


def test_candidate_extension_read_as_related_address_is_refused() -> None:
    """RFC 8839, 5.1: after the type, raddr and rport are the related address and port.

    A candidate built in code must not hide them among the extensions: its
    line would parse back to a different value.
    """

    def srflx(
        related_address: str | None = None, extensions: tuple[tuple[str, str], ...] = ()
    ) -> Candidate:
        return Candidate(
            "1", 1, "udp", 1, "192.0.2.1", 1, "srflx", related_address, None, extensions
        )

    with pytest.raises(ValueError, match="would be read back as the related address or port"):
        srflx(extensions=(("raddr", "192.0.2.9"),))
    with pytest.raises(ValueError, match="would be read back as the related address or port"):
        srflx("192.0.2.9", (("rport", "9"),))
    later = srflx(extensions=(("generation", "0"), ("raddr", "x")))
    assert parse_attribute(later.sdp_line) == later


@pytest.mark.parametrize(
    "text",
    [
        CHROME_SRFLX.removeprefix("a="),
        CHROME_MDNS.removeprefix("a="),
        FIREFOX_TCP.removeprefix("a="),
        "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0\r\n",
    ],
)
def test_parse_candidate_reads_a_trickled_candidate(text: str) -> None:
    """webrtc-pc, RTCIceCandidate: candidate-attribute without "a=" (RFC 8839, 5.1) parses alone."""
    candidate = parse_candidate(text)
    assert candidate == parse_attribute("a=" + text.rstrip("\r\n"))
    assert candidate.sdp_line == "a=" + text.rstrip("\r\n")


def test_parse_candidate_refuses_other_lines() -> None:
    """webrtc-pc, addIceCandidate: only a candidate-attribute is a candidate."""
    with pytest.raises(RTCError) as other:
        parse_candidate("mid:0")
    assert other.value.message == "expected 'candidate:...', got 'mid:0'"
    with pytest.raises(RTCError) as caught:
        parse_candidate("candidate:1 1 udp 1 192.0.2.1 1 type host")
    assert caught.value.message == "a=candidate: expected the keyword typ, got 'type'"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (
            "a=candidate:1 1 udp 1 192.0.2.1 1 type host",
            35,
            "a=candidate: expected the keyword typ, got 'type'",
        ),
        (
            "a=candidate:1 1 udp 1 192.0.2.1 1",
            34,
            "a=candidate: expected a single space, got the end of the line",
        ),
        # The component and the foundation are both written 0: the column is the component's.
        (
            "a=candidate:0 0 udp 1 192.0.2.1 1 typ host",
            15,
            "a=candidate: the component id must be 1 to 256, got 0",
        ),
        (
            "a=candidate:1 1 udp 01 192.0.2.1 1 typ host",
            21,
            "a=candidate: the priority must not have leading zeros, got '01'",
        ),
        (
            "a=candidate:1 1 udp 1 192.0.2.1 70000 typ host",
            33,
            "a=candidate: the port must be 0 to 65535, got 70000",
        ),
        (
            "a=candidate:1 1 udp 1 192.0.2.1 1 typ relay raddr 192.0.2.9 rport x",
            67,
            "a=candidate: the related port (rport) must be a number, got 'x'",
        ),
        (  # 'x' also ends "srflx"
            "a=candidate:1 1 udp 1 192.0.2.1 1 typ srflx raddr 192.0.2.9 rport x",
            67,
            "a=candidate: the related port (rport) must be a number, got 'x'",
        ),
        (
            "a=candidate:1 1 udp 1 192.0.2.1 1 typ srflx raddr 192.0.2.9 rport 65536",
            67,
            "a=candidate: the related port (rport) must be 0 to 65535, got 65536",
        ),
        (
            "a=candidate:1 1 tcp 1 192.0.2.1 9 typ host tcptype actve",
            52,
            "a=candidate: tcptype must be active, passive or so, got 'actve'",
        ),
        (
            "a=candidate:1 1 udp 1 192.0.2.1 1 typ host generation",
            54,
            "a=candidate: expected a single space, got the end of the line",
        ),
    ],
)
def test_candidate_errors(line: str, column: int, message: str) -> None:
    """RFC 8839, 5.1 and RFC 6544, 4.5: the fixed fields, "typ", a port after rport, a known tcptype."""
    check_error(line, column, message)


def test_candidate_foundation_strictly_is_32_ice_chars() -> None:
    """RFC 8839, 5.1: foundation = 1*32ice-char; browsers read any word, strict parsing does not."""
    line = "a=candidate:a_b 1 udp 1 192.0.2.1 1 typ host"
    candidate = round_trip(line)
    assert isinstance(candidate, Candidate)
    assert candidate.foundation == "a_b"
    assert parse(HEAD + line + "\r\n").media[0].candidates == (candidate,)
    error = sdp_error(line, strict=True)
    assert error.sdp_line_number == LINE_UNDER_TEST
    assert error.column == 13
    assert error.message == (
        "a=candidate: expected a foundation (1 to 32 ice-chars: letters, digits, '+' or '/'), "
        "got 'a_b' (strict: the RFC's syntax)"
    )


@pytest.mark.parametrize(
    ("line", "cls", "value"),
    [
        ("a=ice-ufrag:EsAw", IceUfrag, "EsAw"),  # Chrome
        ("a=ice-ufrag:0123", IceUfrag, "0123"),  # stays text: no number is read into it
        ("a=ice-ufrag:8hhY", IceUfrag, "8hhY"),  # RFC 8839's example
        ("a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y", IcePwd, "bP+XJMM09aR8AiX1jdukzR6Y"),
        (
            "a=ice-pwd:asd88fgpdd777uzjYhagZg",
            IcePwd,
            "asd88fgpdd777uzjYhagZg",
        ),  # RFC 8839's example
        ("a=ice-pwd:e3c8b8eb7a1e0e2c2d3e7b1c4a5f6d7e", IcePwd, "e3c8b8eb7a1e0e2c2d3e7b1c4a5f6d7e"),
    ],
)
def test_ice_ufrag_and_pwd(line: str, cls: type[Attribute], value: str) -> None:
    """RFC 8839, 5.4 ("ice-ufrag" and "ice-pwd" Attributes): ufrag = 4*256ice-char, password = 22*256ice-char."""
    attribute = round_trip(line)
    assert isinstance(attribute, IceUfrag | IcePwd)
    assert type(attribute) is cls
    assert (attribute.ufrag if isinstance(attribute, IceUfrag) else attribute.password) == value


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        (
            "a=ice-ufrag:ufrag_voice",
            13,
            "a ufrag of 4 to 256 ice-chars (letters, digits, '+' or '/')",
        ),
        ("a=ice-ufrag:abc", 13, "a ufrag of 4 to 256 ice-chars (letters, digits, '+' or '/')"),
        ("a=ice-pwd:fake", 11, "a password of 22 to 256 ice-chars (letters, digits, '+' or '/')"),
    ],
)
def test_ice_credentials_strictly_are_ice_chars(line: str, column: int, expected: str) -> None:
    """RFC 8839, 5.4: lenient parsing takes what libwebrtc's tests send; strict wants ice-chars."""
    round_trip(line)
    error = sdp_error(line, strict=True)
    assert (error.sdp_line_number, error.column) == (LINE_UNDER_TEST, column)
    name, _, found = line.partition(":")
    assert error.message == f"{name}: expected {expected}, got {found!r} (strict: the RFC's syntax)"


def test_ice_ufrag_errors() -> None:
    """RFC 8839, 5.4: a ufrag is one word."""
    check_error("a=ice-ufrag:a b", 14, "a=ice-ufrag: expected the end of the value, got ' '")
    check_error(
        "a=ice-pwd:", 11, "a=ice-pwd: expected a value without spaces, got the end of the line"
    )


@pytest.mark.parametrize(
    ("line", "options"),
    [
        ("a=ice-options:trickle", ("trickle",)),  # Chrome, Firefox
        ("a=ice-options:trickle renomination", ("trickle", "renomination")),  # Chrome
        ("a=ice-options:ice2 rtp+ecn", ("ice2", "rtp+ecn")),  # RFC 8839, 5.6
        ("a=ice-options:ice2,trickle", ("ice2,trickle",)),  # libdatachannel: one word
    ],
)
def test_ice_options(line: str, options: tuple[str, ...]) -> None:
    """RFC 8839, 5.6 ("ice-options" Attribute): ice-option-tag *(SP ice-option-tag)."""
    ice_options = round_trip(line)
    assert isinstance(ice_options, IceOptions)
    assert ice_options.options == options


def test_ice_options_strictly_are_ice_chars() -> None:
    """RFC 8839, 5.6: ice-option-tag = 1*ice-char, so "ice2,trickle" is not one strictly."""
    error = sdp_error("a=ice-options:ice2,trickle", strict=True)
    assert (error.sdp_line_number, error.column) == (LINE_UNDER_TEST, 15)
    assert error.message.startswith(
        "a=ice-options: expected an ICE option tag (letters, digits, '+' or '/'), got 'ice2,trickle'"
    )


def test_ice_flags() -> None:
    """RFC 8839, 5.3 (ice-lite) and RFC 8840, 8.2 (end-of-candidates) take no value."""
    assert round_trip("a=ice-lite") == IceLite()
    assert round_trip("a=end-of-candidates") == EndOfCandidates()
    check_error("a=end-of-candidates:1", 20, "a=end-of-candidates takes no value, got '1'")


# --- DTLS, SDES, identity -------------------------------------------------------------

SHA256 = (
    "19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:"
    "BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2"
)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (f"a=fingerprint:sha-256 {SHA256}", ("sha-256", SHA256)),  # Chrome, Firefox, JSEP
        (
            "a=fingerprint:SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB",
            ("SHA-1", "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"),
        ),  # RFC 8122, 5
        ("a=fingerprint:sha-256 -", ("sha-256", "-")),  # a test placeholder, lenient only
    ],
)
def test_fingerprint(line: str, fields: tuple[str, str]) -> None:
    """RFC 8122, 5 (Fingerprint Attribute): hash-func SP fingerprint."""
    fingerprint = round_trip(line)
    assert isinstance(fingerprint, Fingerprint)
    assert (fingerprint.hash_function, fingerprint.fingerprint) == fields


def test_fingerprint_strictly_is_upper_case_hex_pairs() -> None:
    """RFC 8122, 5: fingerprint = 2UHEX *(":" 2UHEX), UHEX upper-case."""
    parse(HEAD + f"a=fingerprint:sha-256 {SHA256}\r\n", strict=True)
    error = sdp_error(f"a=fingerprint:sha-256 {SHA256.lower()}", strict=True)
    assert (error.sdp_line_number, error.column) == (LINE_UNDER_TEST, 23)
    assert error.message.startswith(
        "a=fingerprint: expected upper-case hex byte pairs joined by ':', got '19:e2:"
    )
    check_error(
        "a=fingerprint:sha-256",
        22,
        "a=fingerprint: expected a single space, got the end of the line",
    )


@pytest.mark.parametrize("role", list(SetupRole))
def test_setup(role: SetupRole) -> None:
    """RFC 4145, 4 (Setup Attribute): role = "active" / "passive" / "actpass" / "holdconn"."""
    setup = round_trip(f"a=setup:{role}")
    assert setup == Setup(role)


@pytest.mark.parametrize("value", ["actpassive", "ACTPASS", "sideways", ""])
def test_setup_errors(value: str) -> None:
    """RFC 4145, 4: the role is one of four lower-case words, as browsers write and read it."""
    found = repr(value) if value else "the end of the line"
    check_error(
        f"a=setup:{value}",
        9,
        f"a=setup: expected actpass, active, passive or holdconn, got {found}",
    )


@pytest.mark.parametrize("state", ["new", "existing"])
def test_connection(state: str) -> None:
    """RFC 4145, 5 (Connection Attribute): conn-value = "new" / "existing"."""
    assert round_trip(f"a=connection:{state}") == TcpConnection(state)


def test_connection_errors() -> None:
    """RFC 4145, 5: no other connection value."""
    check_error("a=connection:newer", 14, "a=connection: expected new or existing, got 'newer'")


@pytest.mark.parametrize(
    "tls_id",
    ["91bbf309c0990a6bec11e38ba2933cee", "abc+/-_DEF0123456789", "x" * 255],
)
def test_tls_id(tls_id: str) -> None:
    """RFC 8842, 4 (SDP "tls-id" Attribute): tls-id-value = 20*255(tls-id-char)."""
    assert round_trip(f"a=tls-id:{tls_id}") == TlsId(tls_id)


@pytest.mark.parametrize("tls_id", ["short", "x" * 19, "x" * 256, "abcdefghij.klmnopqrst"])
def test_tls_id_errors(tls_id: str) -> None:
    """RFC 8842, 4: 20 to 255 of ALPHA / DIGIT / "+" / "/" / "-" / "_"."""
    check_error(
        f"a=tls-id:{tls_id}",
        10,
        f"a=tls-id: expected a tls-id of 20 to 255 characters, got {tls_id[:40]!r}",
    )


SDES_KEY = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32"


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (  # RFC 4568's example key
            f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 {SDES_KEY}",
            (1, "AES_CM_128_HMAC_SHA1_80", SDES_KEY, ()),
        ),
        (
            f"a=crypto:2 AES_CM_128_HMAC_SHA1_32 {SDES_KEY} KDR=1 UNENCRYPTED_SRTCP",
            (2, "AES_CM_128_HMAC_SHA1_32", SDES_KEY, ("KDR=1", "UNENCRYPTED_SRTCP")),
        ),
    ],
)
def test_crypto(line: str, fields: tuple[object, ...]) -> None:
    """RFC 4568, 9.1 (Generic "Crypto" Attribute Grammar): tag crypto-suite key-params *session-param."""
    crypto = round_trip(line)
    assert isinstance(crypto, Crypto)
    assert (crypto.tag, crypto.suite, crypto.key_params, crypto.session_params) == fields


def test_crypto_errors() -> None:
    """RFC 4568, 9.1: tag = 1*9DIGIT, crypto-suite = 1*(ALPHA / DIGIT / "_"), then key-params."""
    check_error(
        f"a=crypto:1234567890 AES_CM_128_HMAC_SHA1_80 {SDES_KEY}",
        10,
        "a=crypto: the tag must be 0 to 999999999, got 1234567890",
    )
    check_error(
        "a=crypto:1 AES-CM inline:x",
        12,
        "a=crypto: expected a crypto suite name, got 'AES-CM'",
    )
    check_error(
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80",
        35,
        "a=crypto: expected a single space, got the end of the line",
    )


ASSERTION = (
    "eyJpZHAiOnsiZG9tYWluIjoiZXhhbXBsZS5vcmciLCJwcm90b2NvbCI6ImJvZ3VzIn0sImFzc2VydGlvbiI6IiJ9"
)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (f"a=identity:{ASSERTION}", (ASSERTION, None)),
        (f"a=identity:{ASSERTION}== a=b; c", (f"{ASSERTION}==", "a=b; c")),
    ],
)
def test_identity(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8827, Carrying Identity Assertions: identity-assertion [SP identity-extension ...]."""
    identity = round_trip(line)
    assert isinstance(identity, Identity)
    assert (identity.assertion, identity.extensions) == fields


def test_identity_errors() -> None:
    """RFC 8827: identity-assertion = base64 = 1*(ALPHA / DIGIT / "+" / "/" / "=")."""
    check_error("a=identity:a!b", 12, "a=identity: expected base64 text, got 'a!b'")


# --- Grouping, identification, streams -----------------------------------------------


@pytest.mark.parametrize("mid", ["0", "audio", "sdparta_0", "1f4712db"])
def test_mid(mid: str) -> None:
    """RFC 5888, 4 (Media Stream Identification Attribute): a=mid:<identification-tag>."""
    assert round_trip(f"a=mid:{mid}") == Mid(mid)


def test_mid_errors() -> None:
    """RFC 5888, 4: identification-tag = token, one word; strict parsing wants a token."""
    check_error("a=mid:a b", 8, "a=mid: expected the end of the value, got ' '")
    check_error("a=mid", 6, "a=mid needs a value after ':'")
    round_trip("a=mid:secondary;")  # an SMPTE 2110 sender
    error = sdp_error("a=mid:secondary;", strict=True)
    assert (error.sdp_line_number, error.column) == (LINE_UNDER_TEST, 16)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=group:BUNDLE 0 1", ("BUNDLE", ("0", "1"))),  # Chrome, Safari
        ("a=group:BUNDLE sdparta_0 sdparta_1", ("BUNDLE", ("sdparta_0", "sdparta_1"))),  # Firefox
        ("a=group:LS 1 2", ("LS", ("1", "2"))),  # RFC 5888, lip synchronization
        ("a=group:BUNDLE", ("BUNDLE", ())),  # every m-section rejected
    ],
)
def test_group(line: str, fields: tuple[object, ...]) -> None:
    """RFC 5888, 5 (Group Attribute): semantics *(SP identification-tag)."""
    group = round_trip(line)
    assert isinstance(group, Group)
    assert (group.semantics, group.mids) == fields


def test_group_errors() -> None:
    """RFC 5888, 5: one space between the tags."""
    check_error("a=group:BUNDLE  0", 16, "a=group: expected a value without spaces, got ' '")


def test_bundle_only_is_a_flag() -> None:
    """RFC 8843, 6: a=bundle-only takes no value; with port 0 the m-section is not rejected."""
    assert round_trip("a=bundle-only") == BundleOnly()
    check_error("a=bundle-only:", 14, "a=bundle-only takes no value, got ''")
    text = HEAD.replace("m=audio 9 ", "m=audio 0 ") + "a=bundle-only\r\n"
    media = parse(text, strict=True).media[0]
    assert media.is_bundle_only
    assert not media.is_rejected


FIREFOX_STREAM = "{5a990edd-2a9b-4a6c-a1d6-9b9c1f2d9d1c}"
FIREFOX_TRACK = "{b2fa5d05-21f3-4ad0-8e2a-5f1b4e3c2d1a}"


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=msid:stream track", ("stream", "track")),
        (
            "a=msid:- 6ed6b5f8-6d3e-4e0f-9f39-3b0bbe4d6f8d",
            ("-", "6ed6b5f8-6d3e-4e0f-9f39-3b0bbe4d6f8d"),
        ),
        (f"a=msid:{FIREFOX_STREAM} {FIREFOX_TRACK}", (FIREFOX_STREAM, FIREFOX_TRACK)),
        ("a=msid:examplefoo examplebar", ("examplefoo", "examplebar")),  # RFC 8830, 2
        ("a=msid:stream", ("stream", None)),  # JSEP: no appdata
    ],
)
def test_msid(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8830, 2 (The Msid Mechanism): msid-value = msid-id [SP msid-appdata]."""
    msid = round_trip(line)
    assert isinstance(msid, Msid)
    assert (msid.stream_id, msid.track_id) == fields


def test_msid_ids_strictly_are_1_to_64_token_chars() -> None:
    """RFC 8830, 2: msid-id = 1*64token-char; browsers read any word, strict parsing does not."""
    long_id = "s" * 65
    msid = round_trip(f"a=msid:{long_id} t")
    assert isinstance(msid, Msid)
    assert msid.stream_id == long_id
    error = sdp_error(f"a=msid:{long_id} t", strict=True)
    assert (error.sdp_line_number, error.column) == (LINE_UNDER_TEST, 8)
    assert error.message == (
        f"a=msid: expected an identifier of 1 to 64 token characters, got {long_id[:40]!r} "
        "(strict: the RFC's syntax)"
    )
    check_error("a=msid:a b c", 11, "a=msid: expected the end of the value, got ' '")


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=msid-semantic: WMS", ("WMS", (), 1, 0)),  # Chrome
        ("a=msid-semantic:WMS *", ("WMS", ("*",), 0, 0)),  # Firefox
        ("a=msid-semantic: WMS stream streamb", ("WMS", ("stream", "streamb"), 1, 0)),
        ("a=msid-semantic:  WMS", ("WMS", (), 2, 0)),  # a gateway
    ],
)
def test_msid_semantic(line: str, fields: tuple[object, ...]) -> None:
    """draft-ietf-mmusic-msid: a=msid-semantic:<token> *(SP <id>), the spaces browsers add kept."""
    semantic = round_trip(line)
    assert isinstance(semantic, MsidSemantic)
    values = (semantic.semantic, semantic.identifiers)
    assert (*values, semantic.leading_spaces, semantic.trailing_spaces) == fields


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=ssrc:3735928559 cname:user@example.com", (3735928559, "cname", "user@example.com")),
        ("a=ssrc:1 msid:stream track", (1, "msid", "stream track")),  # Chrome (Plan B era)
        ("a=ssrc:0 cname:{e2a8f4b3}", (0, "cname", "{e2a8f4b3}")),  # Firefox
        ("a=ssrc:4294967295 foo", (4294967295, "foo", None)),  # att-field alone
    ],
)
def test_ssrc(line: str, fields: tuple[object, ...]) -> None:
    """RFC 5576, 4.1 (The "ssrc" Media Attribute): ssrc-id SP att-field [":" att-value]."""
    ssrc = round_trip(line)
    assert isinstance(ssrc, Ssrc)
    assert (ssrc.ssrc, ssrc.attribute, ssrc.attribute_value) == fields


def test_ssrc_errors() -> None:
    """RFC 5576, 4.1: ssrc-id is 0 to 2^32-1, then an attribute."""
    check_error(
        "a=ssrc:4294967296 cname:x", 8, "a=ssrc: the SSRC must be 0 to 4294967295, got 4294967296"
    )
    check_error("a=ssrc:1", 9, "a=ssrc: expected a single space, got the end of the line")


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=ssrc-group:FID 1 2", ("FID", (1, 2))),  # RTX
        ("a=ssrc-group:SIM 1 2 3", ("SIM", (1, 2, 3))),  # Chrome simulcast (legacy)
        ("a=ssrc-group:FEC-FR 7 8", ("FEC-FR", (7, 8))),
    ],
)
def test_ssrc_group(line: str, fields: tuple[object, ...]) -> None:
    """RFC 5576, 4.2 (The "ssrc-group" Media Attribute): semantics *(SP ssrc-id)."""
    group = round_trip(line)
    assert isinstance(group, SsrcGroup)
    assert (group.semantics, group.ssrcs) == fields


def test_ssrc_group_errors() -> None:
    """RFC 5576, 4.2: every ssrc-id is 0 to 2^32-1; the column names the bad one."""
    check_error(
        "a=ssrc-group:FID 4294967296 4294967296",
        18,
        "a=ssrc-group: the SSRC must be 0 to 4294967295, got 4294967296",
    )
    check_error(
        "a=ssrc-group:FID 1 01",
        20,
        "a=ssrc-group: the SSRC must not have leading zeros, got '01'",
    )


# --- Simulcast -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=rid:a send", ("a", "send", ())),  # Firefox
        ("a=rid:q send", ("q", "send", ())),  # Chrome
        ("a=rid:1 recv", ("1", "recv", ())),
        (  # RFC 8851's example
            "a=rid:5 send pt=99,102;max-br=64000;max-width=1280;max-height=720;max-fps=30",
            (
                "5",
                "send",
                (
                    ("pt", "99,102"),
                    ("max-br", "64000"),
                    ("max-width", "1280"),
                    ("max-height", "720"),
                    ("max-fps", "30"),
                ),
            ),
        ),
        ("a=rid:2 send depend=1,0", ("2", "send", (("depend", "1,0"),))),
        ("a=rid:x send max-bpp", ("x", "send", (("max-bpp", None),))),
        ("a=rid:x send foo=;bar=a b", ("x", "send", (("foo", ""), ("bar", "a b")))),
    ],
)
def test_rid(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8851, 10 (Formal Grammar): rid-id SP rid-dir [pt list / params], param-val may be empty."""
    rid = round_trip(line)
    assert isinstance(rid, Rid)
    assert (rid.rid, rid.direction, rid.parameters) == fields


def test_rid_payload_types_and_restrictions() -> None:
    """RFC 8851, 4: pt= lists the formats; the rest are restrictions."""
    rid = parse_attribute("a=rid:5 send pt=99,102;max-br=64000;max-fps=30")
    assert isinstance(rid, Rid)
    assert rid.payload_types == (99, 102)
    assert rid.restrictions == {"max-br": "64000", "max-fps": "30"}
    plain = parse_attribute("a=rid:a send")
    assert isinstance(plain, Rid)
    assert (plain.payload_types, plain.restrictions) == ((), {})


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=rid:a sendrecv", 9, "a=rid: expected recv or send, got 'sendrecv'"),
        ("a=rid:a.b send", 7, "a=rid: expected a rid (letters, digits, '-' or '_'), got 'a.b'"),
        ("a=rid:a", 8, "a=rid: expected a single space, got the end of the line"),
        (
            "a=rid:a send pt=96;;max-fps=30",
            20,
            "a=rid: expected a rid parameter name, got ';max-fps=30'",
        ),
    ],
)
def test_rid_errors(line: str, column: int, message: str) -> None:
    """RFC 8851, 10: rid-id = 1*(alpha-numeric / "-" / "_"); rid-dir = "send" / "recv"."""
    check_error(line, column, message)


def sc(*streams: str) -> tuple[tuple[SimulcastId, ...], ...]:
    """Streams written like the SDP: "1,~2" is one stream with two alternatives."""
    return tuple(
        tuple(SimulcastId(r.lstrip("~"), r.startswith("~")) for r in s.split(",")) for s in streams
    )


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=simulcast:send a;b", (sc("a", "b"), (), False)),  # Firefox
        ("a=simulcast:send q;h;f", (sc("q", "h", "f"), (), False)),  # Chrome
        ("a=simulcast:recv 1;2;3", ((), sc("1", "2", "3"), True)),
        ("a=simulcast:send 1;2,3 recv 4", (sc("1", "2,3"), sc("4"), False)),  # RFC 8853, 5.1
        ("a=simulcast:recv 1;~2 send 3", (sc("3"), sc("1", "~2"), True)),  # paused stream
    ],
)
def test_simulcast(line: str, fields: tuple[object, ...]) -> None:
    """RFC 8853, 5.1 (Simulcast Attribute): sc-send [SP sc-recv] / sc-recv [SP sc-send]."""
    simulcast = round_trip(line)
    assert isinstance(simulcast, Simulcast)
    assert (simulcast.send, simulcast.recv, simulcast.recv_first) == fields


def test_simulcast_built_in_code_equals_its_parsed_line() -> None:
    """RFC 8853, 5.1: one direction at least, each stream one rid at least; recv alone comes first."""
    only_recv = Simulcast(recv=sc("1", "~2"))
    assert only_recv.recv_first
    assert only_recv.sdp_line == "a=simulcast:recv 1;~2"
    assert parse_attribute(only_recv.sdp_line) == only_recv
    only_send = Simulcast(send=sc("a"), recv_first=True)
    assert not only_send.recv_first
    assert parse_attribute(only_send.sdp_line) == only_send
    with pytest.raises(ValueError, match="needs a send or a recv direction"):
        Simulcast()
    with pytest.raises(ValueError, match="needs at least one rid"):
        Simulcast(send=((),))


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=simulcast:send a send b", 20, "a=simulcast: expected recv, got 'send'"),
        ("a=simulcast:recv a recv b", 20, "a=simulcast: expected send, got 'recv'"),
        ("a=simulcast:sendx a", 13, "a=simulcast: expected recv or send, got 'sendx'"),
        ("a=simulcast:send", 17, "a=simulcast: expected a single space, got the end of the line"),
        (
            "a=simulcast:send a.b",
            18,
            "a=simulcast: expected a rid, '~' in front when paused, got 'a.b'",
        ),
        # draft-ietf-mmusic-sdp-simulcast-03, as old Firefox wrote it, is not RFC 8853.
        ("a=simulcast: send rid=1;2", 13, "a=simulcast: expected recv or send, got ' '"),
    ],
)
def test_simulcast_errors(line: str, column: int, message: str) -> None:
    """RFC 8853, 5.1: each direction at most once, rid-ids, "~" for paused."""
    check_error(line, column, message)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("a=imageattr:120 send * recv *", ("120", (("send", "*"), ("recv", "*")))),  # Firefox
        ("a=imageattr:* send [x=640,y=480]", ("*", (("send", "[x=640,y=480]"),))),
        (  # RFC 6236's example
            "a=imageattr:97 send [x=800,y=640,sar=1.1,q=0.6] [x=480,y=320] recv [x=330,y=250]",
            (
                "97",
                (("send", "[x=800,y=640,sar=1.1,q=0.6] [x=480,y=320]"), ("recv", "[x=330,y=250]")),
            ),
        ),
        (  # RFC 6236's example
            "a=imageattr:97 recv [x=[480:16:800],y=[320:16:640],par=[1.2-1.3],q=0.6] "
            "[x=[176:8:208],y=[144:8:176],par=[1.2-1.3]] send *",
            (
                "97",
                (
                    (
                        "recv",
                        "[x=[480:16:800],y=[320:16:640],par=[1.2-1.3],q=0.6] "
                        "[x=[176:8:208],y=[144:8:176],par=[1.2-1.3]]",
                    ),
                    ("send", "*"),
                ),
            ),
        ),
        (
            "a=imageattr:99 send [x=[128,256],y=[128,256],sar=[1.0,1.1]]",
            ("99", (("send", "[x=[128,256],y=[128,256],sar=[1.0,1.1]]"),)),
        ),
    ],
)
def test_imageattr(line: str, fields: tuple[object, ...]) -> None:
    """RFC 6236, 3.1 (Attribute Syntax): PT 1*2( SP ("send" / "recv") SP attr-list )."""
    imageattr = round_trip(line)
    assert isinstance(imageattr, Imageattr)
    assert (imageattr.payload_type, imageattr.directions) == fields


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=imageattr:flob send *", 13, "a=imageattr: expected a payload type or '*', got 'flob'"),
        ("a=imageattr:97 send * send *", 23, "a=imageattr: expected recv, got 'send'"),
        ("a=imageattr:97 sendx *", 16, "a=imageattr: expected recv or send, got 'sendx'"),
        ("a=imageattr:97", 15, "a=imageattr: expected a single space, got the end of the line"),
        ("a=imageattr:97 send [x=1,y=a]", 28, "a=imageattr: expected '[' or a number, got 'a]'"),
    ],
)
def test_imageattr_errors(line: str, column: int, message: str) -> None:
    """RFC 6236, 3.1: a payload type or "*", each direction at most once, sets of x and y."""
    check_error(line, column, message)


# --- Data channels ---------------------------------------------------------------------


def test_sctp_port_and_max_message_size() -> None:
    """RFC 8841, 5 (sctp-port) and 6 (max-message-size): decimal numbers without leading zeros."""
    assert round_trip("a=sctp-port:5000") == SctpPort(5000)
    assert round_trip("a=max-message-size:262144") == MaxMessageSize(262144)  # Chrome
    assert round_trip("a=max-message-size:1073741823") == MaxMessageSize(1073741823)  # Firefox
    assert round_trip("a=max-message-size:0") == MaxMessageSize(0)  # no limit


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=sctp-port:65536", 13, "a=sctp-port: the SCTP port must be 0 to 65535, got 65536"),
        (
            "a=sctp-port:05000",
            13,
            "a=sctp-port: the SCTP port must not have leading zeros, got '05000'",
        ),
        ("a=max-message-size:abc", 20, "a=max-message-size: expected a number, got 'abc'"),
    ],
)
def test_sctp_errors(line: str, column: int, message: str) -> None:
    """RFC 8841, 5 and 6: a port 0-65535 and a size, each with one spelling."""
    check_error(line, column, message)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (
            "a=sctp-port:" + "1" * 5000,
            13,
            "a=sctp-port: the SCTP port must be 0 to 65535, got " + "1" * 20 + "... (5000 digits)",
        ),
        (
            "a=candidate:1 1 udp 1 192.0.2.1 " + "5" * 4301 + " typ host",
            33,
            "a=candidate: the port must be 0 to 65535, got " + "5" * 20 + "... (4301 digits)",
        ),
    ],
)
def test_numbers_too_long_for_int_are_range_errors(line: str, column: int, message: str) -> None:
    """A number of thousands of digits is out of range: an RTCError, never int()'s ValueError."""
    check_error(line, column, message)


def test_sctpmap() -> None:
    """draft-ietf-mmusic-sctp-sdp-05 (legacy): a=sctpmap:<number> <app> [<streams>]."""
    assert round_trip("a=sctpmap:5000 webrtc-datachannel 1024") == Sctpmap(
        5000, "webrtc-datachannel", 1024
    )
    assert round_trip("a=sctpmap:5000 webrtc-datachannel") == Sctpmap(5000, "webrtc-datachannel")
    check_error(
        "a=sctpmap:5000 webrtc-datachannel 70000",
        35,
        "a=sctpmap: the number of streams must be 0 to 65535, got 70000",
    )


# --- Media flow and description -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "cls", "number"),
    [
        ("a=ptime:20", Ptime, 20.0),
        ("a=ptime:0.125", Ptime, 0.125),
        ("a=maxptime:120", Maxptime, 120.0),  # Chrome
        ("a=framerate:60", Framerate, 60.0),  # RFC 8866, 6.13
        ("a=framerate:29.97", Framerate, 29.97),
    ],
)
def test_ptime_maxptime_framerate(line: str, cls: type[Attribute], number: float) -> None:
    """RFC 8866, 6.4, 6.5, 6.13: the value is non-zero-int-or-real, kept as written."""
    attribute = round_trip(line)
    assert type(attribute) is cls
    assert isinstance(attribute, Ptime | Maxptime | Framerate)
    assert attribute.number == number


def test_decimal_spellings_outside_the_rfc_are_kept_but_not_strict() -> None:
    """RFC 8866, 9: non-zero-real ends in a non-zero digit; 20.0 round-trips, strict refuses it."""
    ptime = round_trip("a=ptime:20.0")
    assert isinstance(ptime, Ptime)
    assert ptime.text == "20.0"
    error = sdp_error("a=ptime:20.0", strict=True)
    assert (error.sdp_line_number, error.column) == (LINE_UNDER_TEST, 9)
    assert error.message == (
        "a=ptime: expected a number above 0 such as 20 or 0.5, without leading or trailing "
        "zeros, got '20.0' (strict: the RFC's syntax)"
    )
    zero = sdp_error("a=maxptime:0", strict=True)
    assert (zero.sdp_line_number, zero.column) == (LINE_UNDER_TEST, 12)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("a=ptime:", 9, "a=ptime: expected a decimal number, got the end of the line"),
        ("a=ptime:20ms", 11, "a=ptime: expected the end of the value, got 'ms'"),
        ("a=framerate:30.", 15, "a=framerate: expected the end of the value, got '.'"),
    ],
)
def test_decimal_errors(line: str, column: int, message: str) -> None:
    """RFC 8866, 6.4 and 6.13: digits, and digits after a decimal point."""
    check_error(line, column, message)


@pytest.mark.parametrize("direction", list(MediaDirection))
def test_direction(direction: MediaDirection) -> None:
    """RFC 8866, 6.7 (Media Direction Attributes): recvonly, sendrecv, sendonly, inactive take no value."""
    assert round_trip(f"a={direction}") == Direction(direction)
    check_error(
        f"a={direction}:x", len(str(direction)) + 3, f"a={direction} takes no value, got 'x'"
    )


@pytest.mark.parametrize(
    ("line", "flag"),
    [("a=rtcp-mux", RtcpMux()), ("a=rtcp-mux-only", RtcpMuxOnly()), ("a=rtcp-rsize", RtcpRsize())],
)
def test_rtcp_flags(line: str, flag: Attribute) -> None:
    """RFC 5761, 5.1.1 (rtcp-mux), RFC 8858, 3 (rtcp-mux-only), RFC 5506, 5 (rtcp-rsize): no value."""
    assert round_trip(line) == flag
    check_error(line + ":1", len(line) + 1, f"{line} takes no value, got '1'")


def test_label_and_content() -> None:
    """RFC 4574, 4 (label = token) and RFC 4796 (mediacnt-tag *("," mediacnt-tag))."""
    assert round_trip("a=label:1") == Label("1")
    assert round_trip("a=content:main") == Content(("main",))
    assert round_trip("a=content:slides,speaker") == Content(("slides", "speaker"))
    check_error("a=label:a b", 10, "a=label: expected the end of the value, got ' '")
    check_error(
        "a=content:slides,",
        18,
        "a=content: expected a token (letters, digits or !#$%&'*+-.^_`{|}~), got the end of the line",
    )


def test_unknown_attributes_are_kept_verbatim() -> None:
    """RFC 8866, 5.13: an attribute sdpmodel does not know is kept, name and value, as written."""
    unknown = round_trip("a=x-google-flag:conference")
    assert unknown == UnknownAttribute("x-google-flag", "conference")
    assert round_trip("a=ice-pacing:50") == UnknownAttribute("ice-pacing", "50")
    assert round_trip("a=foo") == UnknownAttribute("foo")


# --- across attributes ------------------------------------------------------------------

#: One valid line per typed attribute class, at least, from the examples above.
EXAMPLES: tuple[str, ...] = (
    "a=rtpmap:111 opus/48000/2",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "a=rtcp-fb:* nack",
    "a=rtcp:9 IN IP4 0.0.0.0",
    "a=rtcp-mux",
    "a=rtcp-mux-only",
    "a=rtcp-rsize",
    "a=extmap:3/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level",
    "a=extmap-allow-mixed",
    CHROME_SRFLX,
    CHROME_TCP,
    CHROME_MDNS,
    FIREFOX_IPV6,
    "a=end-of-candidates",
    "a=ice-ufrag:EsAw",
    "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
    "a=ice-options:trickle",
    "a=ice-lite",
    f"a=fingerprint:sha-256 {SHA256}",
    "a=setup:actpass",
    "a=connection:new",
    "a=tls-id:91bbf309c0990a6bec11e38ba2933cee",
    f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 {SDES_KEY}",
    f"a=identity:{ASSERTION}",
    "a=mid:0",
    "a=group:BUNDLE 0 1",
    "a=bundle-only",
    f"a=msid:{FIREFOX_STREAM} {FIREFOX_TRACK}",
    "a=msid-semantic: WMS",
    "a=ssrc:3735928559 cname:user@example.com",
    "a=ssrc-group:FID 1 2",
    "a=rid:5 send pt=99,102;max-br=64000",
    "a=simulcast:send 1;2,3 recv 4",
    "a=imageattr:97 send [x=800,y=640,sar=1.1,q=0.6] [x=480,y=320] recv [x=330,y=250]",
    "a=sctp-port:5000",
    "a=max-message-size:262144",
    "a=sctpmap:5000 webrtc-datachannel 1024",
    "a=sendrecv",
    "a=ptime:20",
    "a=maxptime:120",
    "a=framerate:29.97",
    "a=label:1",
    "a=content:slides,speaker",
)


def test_every_typed_attribute_has_an_example() -> None:
    """STYLE.md, 7 (tests state rules): every typed attribute class has an example parsed here."""
    covered = {type(parse_attribute(line)) for line in EXAMPLES}
    assert set(ATTRIBUTE_CLASSES) <= covered


#: A second m-section, mid 1, for the examples' a=group lines to name (RFC 5888, 5).
SECOND_SECTION = (
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n"
)

#: Attributes whose usage level is the session only.
SESSION_LEVEL = ("a=ice-lite", "a=group:", "a=msid-semantic:")


@pytest.mark.parametrize("line", EXAMPLES)
def test_example_is_valid_in_strict_mode_too(line: str) -> None:
    """RFC 8866, 9 and the attribute RFCs: the browser and RFC examples pass strict parsing too."""
    if line.startswith(SESSION_LEVEL):
        text = HEAD.replace("t=0 0\r\n", f"t=0 0\r\n{line}\r\n") + SECOND_SECTION
        desc = parse(text, strict=True)
        assert desc.attributes[0].sdp_line == line
    elif line + "\r\n" in HEAD:  # a second a=mid:0 or a=rtpmap:111 would be a conflict
        desc = parse(HEAD, strict=True)
        assert line in [a.sdp_line for a in desc.media[0].attributes]
    else:
        desc = parse(HEAD + line + "\r\n", strict=True)
        assert desc.media[0].attributes[-1].sdp_line == line


def _value_rule(line: str) -> tuple[str, str]:
    name, _, value = line[2:].partition(":")
    cls = attribute_class(name)
    assert cls is not None
    rule = cls.rule()
    assert rule is not None
    return rule, value


@pytest.mark.parametrize("line", [line for line in EXAMPLES if ":" in line and "=" in line[:3]])
def test_fast_path_and_diagnostic_parser_agree_on_valid_values(line: str) -> None:
    """STYLE.md, 4 (one grammar): sdp.lark as a regex and as Lark LALR both accept a valid value."""
    name = line[2:].partition(":")[0]
    cls = attribute_class(name)
    assert cls is not None
    if cls.rule() is None:
        return
    rule, value = _value_rule(line)
    assert GRAMMAR.regex(rule).fullmatch(value) is not None
    assert GRAMMAR.diagnose(rule, value) is None


@pytest.mark.parametrize(
    "line",
    [
        "a=imageattr:97 send [x=800,y=640] [x=480,y=320] recv [x=330,y=250]",
        "a=imageattr:97 recv [x=330,y=250] send *",
        "a=simulcast:recv 1;~2 send 3",
        "a=candidate:1 1 udp 1 192.0.2.1 1 typ host raddr 192.0.2.9 rport 1 generation 0",
        "a=rid:x send foo=;bar",
    ],
)
def test_diagnostic_parser_accepts_lines_that_share_a_prefix_with_an_error(line: str) -> None:
    """STYLE.md, 4 (one grammar): sdp.lark is LALR(1) as written, so Lark accepts what the regex does."""
    round_trip(line)
    rule, value = _value_rule(line)
    assert GRAMMAR.diagnose(rule, value) is None


def test_error_names_the_line_in_a_description() -> None:
    """webrtc-pc, RTCError: an sdp-syntax-error carries the 1-based line of the bad attribute."""
    error = sdp_error("a=candidate:0 0 udp 1 192.0.2.1 1 typ host")
    assert error.error_detail == "sdp-syntax-error"
    assert error.sdp_line_number == LINE_UNDER_TEST
    assert error.sdpLineNumber == LINE_UNDER_TEST
    assert error.column == 15
    assert error.message == "a=candidate: the component id must be 1 to 256, got 0"
    assert str(error) == (
        f"line {LINE_UNDER_TEST}: a=candidate: the component id must be 1 to 256, got 0"
    )


def test_attributes_in_a_browser_offer_round_trip() -> None:
    """DESIGN.md, SDP layer: a description with every typed attribute writes back byte for byte."""
    session = "".join(line + "\r\n" for line in EXAMPLES if line.startswith(SESSION_LEVEL))
    section = "".join(
        line + "\r\n"
        for line in EXAMPLES
        if not line.startswith(SESSION_LEVEL) and line + "\r\n" not in HEAD
    )
    text = HEAD.replace("a=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n", session) + section
    text += SECOND_SECTION
    desc = parse(text, strict=True)
    assert desc.to_sdp() == text
    media = desc.media[0]
    assert media.candidates[0].ufrag == "EsAw"
    assert media.extmaps[0].direction is MediaDirection.RECVONLY
    assert media.simulcast is not None
    assert [r.rid for r in media.rids] == ["5"]


def _slots(value: attrs.AttrsInstance) -> dict[str, object]:
    """Every field attrs knows of, the kept line (``_sdp``) included."""
    return {field.name: getattr(value, field.name) for field in attrs.fields(type(value))}


@pytest.mark.parametrize("line", EXAMPLES)
def test_direct_constructor_makes_what_the_class_makes(line: str) -> None:
    """sdpmodel._builders.direct: the same arguments give the value cls(...) gives, slot for slot."""
    parsed = parse_attribute(line)
    cls = type(parsed)
    arguments = {f.alias: getattr(parsed, f.name) for f in attrs.fields(cls) if f.init}
    made, expected = direct(cls)(**arguments), cls(**arguments)
    assert _slots(made) == _slots(expected)
    assert made == expected == parsed
    assert (hash(made), repr(made)) == (hash(expected), repr(expected))
    assert made.sdp_line == line


def test_direct_constructor_keeps_defaults_and_skips_the_checks() -> None:
    """sdpmodel._builders.direct: defaults as attrs gives them; no check runs (the parser checked the text)."""
    assert _slots(direct(Rtpmap)(0, "PCMU", 8000)) == _slots(Rtpmap(0, "PCMU", 8000))
    fields = ("1", 1, "udp", 1, "192.0.2.1", 9, "host", None, None, (("rport", "9"),))
    with pytest.raises(ValueError, match="read back as the related address or port"):
        Candidate(*fields)
    assert direct(Candidate)(*fields).extensions == (("rport", "9"),)
    assert direct(Rtpmap)(300, "PCMU", 8000).payload_type == 300


def test_direct_constructor_calls_factories_as_attrs_does() -> None:
    """sdpmodel._builders.direct: a factory default is called for each value, as attrs calls it."""
    made, expected = direct(SessionDescription)(), SessionDescription()
    assert made == expected and made.origin is not expected.origin


def test_direct_constructor_refuses_what_it_cannot_copy() -> None:
    """sdpmodel._builders.direct: a class that is not slotted attrs is refused."""
    with pytest.raises(TypeError, match="slotted attrs class"):
        direct(MediaLine)


# --- one language: the regex and the LALR parser ----------------------------------------

_PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


_VALUE_RULES = sorted(rule for rule in GRAMMAR.rule_trees if rule.endswith("_value"))


@functools.cache
def _generator() -> Lark:
    return Lark(GRAMMAR.text, start=_VALUE_RULES)


@functools.cache
def _values_of(rule: str) -> st.SearchStrategy[str]:
    """Strings in the language of ``rule``, drawn from the grammar itself."""
    return from_lark(_generator(), start=rule, alphabet=_PRINTABLE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_path_and_diagnosis_accept_the_same_values(data: st.DataObject) -> None:
    """STYLE.md, 4 (one grammar): the regex and Lark LALR agree on every value, near misses included."""
    rule = data.draw(st.sampled_from(_VALUE_RULES), label="rule")
    text = data.draw(_values_of(rule), label="value")
    pattern = GRAMMAR.regex(rule)
    assert pattern.fullmatch(text) is not None
    assert GRAMMAR.diagnose(rule, text) is None
    at = data.draw(st.integers(0, len(text)), label="at")
    for near_miss in (
        text[:at] + " " + text[at:],
        text[:at] + "~" + text[at:],
        text[:at] + text[at + 1 :],
    ):
        assert (pattern.fullmatch(near_miss) is None) == (
            GRAMMAR.diagnose(rule, near_miss) is not None
        )


# --- values built in code: checked when they are made ----------------------------------------


def refused(make: Callable[[], object], error: type[Exception], *words: str) -> str:
    """``make()`` raises ``error`` whose message holds every one of ``words``; the message."""
    with pytest.raises(error) as caught:
        make()
    message = str(caught.value)
    assert all(word in message for word in words), message
    return message


def test_a_line_break_in_an_unknown_attribute_is_refused() -> None:
    """No text field holds CR, LF or NUL: a line break would inject a line (issue 2; RFC 8866, 5)."""
    refused(
        lambda: UnknownAttribute("x", "1\r\na=fingerprint:sha-256 00:11"),
        ValueError,
        "UnknownAttribute.attribute_value",
        "must not contain CR, LF or NUL",
    )
    refused(lambda: UnknownAttribute("x", "1\na=mid:0"), ValueError, "CR, LF or NUL")
    refused(lambda: UnknownAttribute("x", "a\x00b"), ValueError, "CR, LF or NUL")
    refused(lambda: UnknownAttribute("x\r\na=mid:0"), ValueError, "attribute_name")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Mid("0\r\na=fingerprint:sha-256 00:11"),
        lambda: Candidate("1", 1, "udp", 1, "192.0.2.1", 9, "host", extensions=(("x", "y\r\n"),)),
        lambda: Fmtp("111", "minptime=10\r\na=mid:1"),
        lambda: SessionDescription(session_name="x\r\na=ice-lite"),
        lambda: SessionDescription(emails=("a@example.com\nb=AS:1",)),
        lambda: SessionDescription(origin=Origin("-\n", "1", "1")),
        lambda: MediaDescription(formats=("0",), information="x\r\nc=IN IP4 0.0.0.0"),
        lambda: Rtcp(9, "IN", "IP4", "0.0.0.0\r\n"),
    ],
    ids=["mid", "candidate-extension", "fmtp", "s=", "e=", "o=", "i=", "rtcp"],
)
def test_a_line_break_in_any_text_field_is_refused(make: Callable[[], object]) -> None:
    """Every text field of every value refuses CR, LF and NUL, so no line can be injected (issue 2)."""
    refused(make, ValueError, "must not contain CR, LF or NUL")


def test_values_that_parse_would_read_back_otherwise_are_refused() -> None:
    """A value built in code writes text that parses back to it, so what cannot is refused (issue 2)."""
    refused(lambda: Mid("a b"), ValueError, "Mid.mid", "without spaces", "'a b'")
    refused(lambda: Rtpmap(300, "opus", 48000), ValueError, "Rtpmap.payload_type", "0 to 127")
    refused(lambda: Rtpmap(111, "opus", 0), ValueError, "Rtpmap.clock_rate", "1 to")
    refused(lambda: Setup("bogus"), ValueError, "Setup.role", "actpass", "RFC 4145, 4")
    refused(
        lambda: Fingerprint("sha-256", "AB CD"), ValueError, "Fingerprint.fingerprint", "'AB CD'"
    )
    refused(lambda: Direction("stopped"), ValueError, "Direction.direction", "sendrecv")
    refused(lambda: Extmap(256, "urn:x"), ValueError, "Extmap.id", "4096 to 4351")
    refused(lambda: Extmap(1, "urn:x", "sideways"), ValueError, "Extmap.direction")
    refused(lambda: Candidate("1", 1, "udp", 1, "192.0.2.1", 70000, "host"), ValueError, "port")
    refused(lambda: Candidate("1", 0, "udp", 1, "192.0.2.1", 9, "host"), ValueError, "component")
    refused(
        lambda: Candidate("1", 1, "tcp", 1, "192.0.2.1", 9, "host", extensions=(("tcptype", "x"),)),
        ValueError,
        "tcptype must be active, passive or so",
    )
    refused(lambda: SctpPort(65536), ValueError, "SctpPort.port")
    refused(lambda: Rid("a", "both"), ValueError, "Rid.direction", "send, recv")
    refused(lambda: TcpConnection("old"), ValueError, "TcpConnection.state", "new, existing")
    refused(lambda: Ptime("20ms"), ValueError, "Ptime.text")
    refused(lambda: Group("BUNDLE", ("0 1",)), ValueError, "Group.mids[0]")
    refused(lambda: Connection("IN", "IP4", "224.2.1.1", address_count=3), ValueError, "ttl")
    refused(lambda: MediaDescription(formats=()), ValueError, "MediaDescription.formats")
    refused(lambda: SessionDescription(times=()), ValueError, "SessionDescription.times")


def test_a_typed_name_is_not_an_unknown_attribute() -> None:
    """parse() reads a=rtpmap as Rtpmap, so UnknownAttribute("rtpmap", ...) is refused (issue 2)."""
    refused(lambda: UnknownAttribute("rtpmap", "111 opus/48000/2"), ValueError, "Rtpmap(...)")
    refused(lambda: UnknownAttribute("rtcp-mux"), ValueError, "RtcpMux(...)")
    refused(lambda: UnknownAttribute("sendonly"), ValueError, "Direction(...)")
    assert UnknownAttribute("x-foo", "").sdp_line == "a=x-foo:"  # lenient parse keeps it


def test_values_of_the_wrong_type_are_type_errors() -> None:
    """A field given the wrong type raises TypeError naming it (DESIGN.md: WebIDL TypeError is TypeError)."""
    media = MediaDescription(formats=("0",))
    refused(
        lambda: media.with_attributes((Mid("0"),)),  # type: ignore[arg-type]
        TypeError,
        "MediaDescription.attributes[0] must be an Attribute",
        "with_attributes(*values)",
    )
    refused(lambda: Mid(5), TypeError, "Mid.mid must be a str")  # type: ignore[arg-type]
    refused(lambda: Rtpmap(True, "PCMU", 8000), TypeError, "an int")
    refused(lambda: Group("BUNDLE", ["0"]), TypeError, "must be a tuple")  # type: ignore[arg-type]
    refused(lambda: SessionDescription(media=(Mid("0"),)), TypeError, "MediaDescription")  # type: ignore[arg-type]
    refused(lambda: Setup(1), TypeError, "Setup.role")  # type: ignore[arg-type]


def test_enum_fields_take_their_values_as_text() -> None:
    """Setup, Direction and Extmap take the spec's strings and hold the enum member (RFC 4145, 4; RFC 8866, 6.7)."""
    assert Setup("actpass").role is SetupRole.ACTPASS
    assert Direction("sendonly").direction is MediaDirection.SENDONLY
    assert Extmap(1, "urn:x", "recvonly").direction is MediaDirection.RECVONLY
    assert parse_attribute("a=setup:actpass") == Setup("actpass")


def test_values_built_in_code_parse_back_to_themselves() -> None:
    """A value that constructs writes a line parse_attribute reads back as an equal value (issue 2)."""
    for value in (
        UnknownAttribute("x-google-flag", "conference"),
        Mid("a;b"),
        Rtpmap(127, "opus", 48000, 2),
        Fingerprint("SHA-256", "ab:cd"),
        Setup(SetupRole.HOLDCONN),
        Extmap(4351, "urn:x", MediaDirection.INACTIVE, "a b"),
        Rid("q", "send", (("pt", "96,97"), ("max-fps", ""), ("depend", None))),
        Candidate("1", 256, "UDP", 2**32 - 1, "192.0.2.1", 65535, "HOST", "::1", 0),
        Imageattr("*", (("send", "[x=1,y=[1:2]]"), ("recv", "*"))),
    ):
        assert parse_attribute(value.sdp_line) == value, value.sdp_line


def test_the_parser_skips_the_checks() -> None:
    """The parser builds its values without the checks (sdpmodel._builders.direct): its text was checked."""
    import sdpmodel._builders as builders

    line = "a=rtpmap:111 opus/48000/2"
    value = builders.BUILDERS["rtpmap_value"](line.removeprefix("a=rtpmap:"))
    assert value == Rtpmap(111, "opus", 48000, 2)
    assert builders.new_rtpmap is not Rtpmap  # the direct() function, not the class


def test_check_patterns_are_the_grammar_terminals() -> None:
    """The patterns values are checked against accept what grammar/sdp.lark's terminals accept (STYLE.md, 4)."""
    import re

    from sdpmodel.attributes import TERMINALS

    probes = [chr(c) for c in range(0x80)] + ["é", "\u2028", "\ufeff", "", "ab", "a b", "0.5"]
    for name, (pattern, _) in TERMINALS.items():
        ours = re.compile(pattern)
        theirs = re.compile(GRAMMAR.terminal_regex[name])
        for probe in probes:
            assert (ours.fullmatch(probe) is None) == (theirs.fullmatch(probe) is None), (
                name,
                probe,
            )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_check_patterns_accept_the_grammar_terminals_strings(data: st.DataObject) -> None:
    """Every string a grammar terminal accepts passes the value checks' pattern for it, and near misses agree (STYLE.md, 4)."""
    import re

    from sdpmodel.attributes import TERMINALS
    from sdpmodel.testing import strategies as sdp_st

    name = data.draw(st.sampled_from(sorted(TERMINALS)), label="terminal")
    text = data.draw(sdp_st.terminal_text(name), label="text")
    ours, theirs = re.compile(TERMINALS[name][0]), re.compile(GRAMMAR.terminal_regex[name])
    for probe in (text, text + " ", text + "/", text[:-1], text + "\u00e9", "~" + text):
        assert (ours.fullmatch(probe) is None) == (theirs.fullmatch(probe) is None), probe


# --- the canonical spelling (sdpmodel.canonical, docs/sdp.md) ---------------------------------


@pytest.mark.parametrize(
    ("line", "canonical_line"),
    [
        # RFC 8866, 6.15 leaves the syntax to the codec; browsers write k=v;k=v.
        ("a=fmtp:111  minptime=10;  useinbandfec=1", "a=fmtp:111 minptime=10;useinbandfec=1"),
        ("a=fmtp:111 minptime=10; useinbandfec=1;", "a=fmtp:111 minptime=10;useinbandfec=1"),
        ("a=fmtp:96 apt = 97", "a=fmtp:96 apt=97"),
        ("a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:111 minptime=10;useinbandfec=1"),
        ("a=fmtp:63 111/111", "a=fmtp:63 111/111"),
        ("a=fmtp:101 ;", "a=fmtp:101 ;"),  # no parameter in it: kept
        # RFC 8122, 5: registered names are case-insensitive, the digest UHEX.
        ("a=fingerprint:SHA-256 ab:cd", "a=fingerprint:sha-256 AB:CD"),
        ("a=fingerprint:sha-256 AB:CD", "a=fingerprint:sha-256 AB:CD"),
        ("a=fingerprint:X-Hash redact", "a=fingerprint:X-Hash redact"),  # not a registered name
        ("a=fingerprint:sha-1 -", "a=fingerprint:sha-1 -"),  # a placeholder: kept
        # RFC 8839, 5.1: "UDP" / "TCP" and the candidate types are case-insensitive.
        (
            "a=candidate:0 1 UDP 2122252543 192.0.2.1 47387 typ HOST",
            "a=candidate:0 1 udp 2122252543 192.0.2.1 47387 typ host",
        ),
        (
            "a=candidate:0 1 DTLS 2122252543 192.0.2.1 47387 typ Other",
            "a=candidate:0 1 DTLS 2122252543 192.0.2.1 47387 typ Other",
        ),
        # RFC 8866, 9: non-zero-int-or-real has no redundant zeros.
        ("a=ptime:20.0", "a=ptime:20"),
        ("a=maxptime:0120", "a=maxptime:120"),
        ("a=framerate:029.970", "a=framerate:29.97"),
        ("a=ptime:0", "a=ptime:0"),
        # Encoding names are case-insensitive, but their usual case varies: kept.
        ("a=rtpmap:111 OPUS/48000/2", "a=rtpmap:111 OPUS/48000/2"),
    ],
)
def test_canonical_spelling(line: str, canonical_line: str) -> None:
    """Each line has one canonical spelling that parses back to the same meaning (docs/sdp.md, "The canonical form")."""
    value = parse_attribute(line)
    assert value.sdp_line == line  # to_sdp() stays byte-exact
    assert value.canonical_line() == canonical_line
    again = parse_attribute(canonical_line)
    assert again.canonical_line() == canonical_line
    if isinstance(value, Fmtp):
        assert isinstance(again, Fmtp) and again.parameters == value.parameters


def test_canonical_of_a_description_normalises_only_spelling() -> None:
    """canonical() and sdpmodel fmt write the canonical spelling; to_sdp() keeps the text (docs/sdp.md)."""
    from sdpmodel import canonical
    from sdpmodel.serialize import from_fields

    text = HEAD.replace("a=rtpmap:111 opus/48000/2\r\n", "a=rtpmap:111 OPUS/48000/2\r\n") + (
        "a=fmtp:111 minptime=10; useinbandfec=1\r\na=ptime:20.0\r\na=fingerprint:SHA-256 ab:cd\r\n"
    )
    desc = parse(text)
    assert desc.to_sdp() == text == from_fields(desc)
    assert canonical(desc) == text.replace("10; use", "10;use").replace("20.0", "20").replace(
        "SHA-256 ab:cd", "sha-256 AB:CD"
    )


# --- codecs of static payload types (RFC 3551, 6) ---------------------------------------------


def _media(line: str, *attributes: str) -> MediaDescription:
    text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" + line + "\r\n"
    return parse(text + "".join(a + "\r\n" for a in attributes)).media[0]


def test_static_payload_types_take_the_rfc_3551_table() -> None:
    """A static payload type without a=rtpmap is the codec RFC 3551, 6 (Tables 4 and 5) assigns it, marked implied."""
    audio = _media("m=audio 9 RTP/AVP 0 3 4 8 9 13 18 14")
    found = [(c.payload_type, c.name, c.clock_rate, c.channels, c.implied) for c in audio.codecs]
    assert found == [
        (0, "PCMU", 8000, 1, True),
        (3, "GSM", 8000, 1, True),
        (4, "G723", 8000, 1, True),
        (8, "PCMA", 8000, 1, True),
        (9, "G722", 8000, 1, True),
        (13, "CN", 8000, 1, True),
        (18, "G729", 8000, 1, True),
        (14, "MPA", 90000, None, True),  # channels: "see text"
    ]
    video = _media("m=video 9 RTP/AVP 26 31 32 34")
    assert [(c.payload_type, c.name, c.clock_rate, c.channels) for c in video.codecs] == [
        (26, "JPEG", 90000, None),
        (31, "H261", 90000, None),
        (32, "MPV", 90000, None),
        (34, "H263", 90000, None),
    ]


def test_an_rtpmap_wins_over_the_static_table() -> None:
    """An a=rtpmap names the codec, even for a static number (RFC 8866, 6.6); the table fills only gaps."""
    codec = _media("m=audio 9 RTP/AVP 0", "a=rtpmap:0 PCMU/8000").codecs[0]
    assert (codec.name, codec.clock_rate, codec.channels, codec.implied) == (
        "PCMU",
        8000,
        None,
        False,
    )


def test_static_payload_types_only_for_their_media() -> None:
    """A static type means its codec only for the media RFC 3551 gives it; reserved and dynamic stay unknown."""
    assert [c.name for c in _media("m=video 9 RTP/AVP 0").codecs] == [None]
    assert [c.name for c in _media("m=audio 9 RTP/AVP 26").codecs] == [None]
    assert [c.name for c in _media("m=audio 9 RTP/AVP 2 19 96").codecs] == [None, None, None]
    assert [c.name for c in _media("m=video 9 RTP/AVP 33").codecs] == ["MP2T"]


def test_implied_is_not_part_of_codec_equality() -> None:
    """PCMU/8000 is one codec whether or not its rtpmap was written (RFC 3551, 6; sdpmodel.Codec)."""
    from sdpmodel import Codec

    assert Codec(0, "PCMU", 8000, 1, implied=True) == Codec(0, "PCMU", 8000, 1)
    assert hash(Codec(0, "PCMU", 8000, 1, implied=True)) == hash(Codec(0, "PCMU", 8000, 1))
