"""Offers and answers of the pure core: what JSEP says they contain (RFC 9429, 5.2 and 5.3)."""

from __future__ import annotations

import pytest
from _core import negotiate, pair, peer, track

import sdpmodel
from sdpmodel.attributes import BundleOnly, RtcpMuxOnly, Setup
from sdpmodel.enums import MediaDirection, RTCRtpTransceiverDirection, SetupRole
from sdpmodel.errors import InvalidAccessError, InvalidModificationError
from sdpmodel.validate import jsep_problems

D = RTCRtpTransceiverDirection


def test_initial_offer_has_the_session_lines_jsep_requires() -> None:
    """RFC 9429, 5.2.1: v=0, o=- <id> <version> IN IP4, s=-, t=0 0, ice-options trickle, one BUNDLE group of every mid."""
    a = peer()
    a.add_track(track("audio"))
    a.add_transceiver("video")
    desc = sdpmodel.parse(a.create_offer())
    assert desc.version == 0
    assert desc.origin.username == "-"
    assert int(desc.origin.session_id) < 2**63
    assert desc.session_name == "-"
    assert (desc.times[0].start, desc.times[0].stop) == (0, 0)
    assert "trickle" in desc.ice_options
    assert desc.bundle_groups == (("0", "1"),)
    assert desc.mids == ("0", "1")
    assert jsep_problems(desc) == []


def test_initial_offer_m_sections_carry_ice_dtls_and_rtcp_mux() -> None:
    """RFC 9429, 5.2.1: port 9, UDP/TLS/RTP/SAVPF, c=IN IP4 0.0.0.0, ICE credentials, a fingerprint, a=setup:actpass, rtcp-mux(-only)."""
    a = peer()
    a.add_track(track("audio"))
    media = sdpmodel.parse(a.create_offer()).media[0]
    assert (media.port, media.protocol) == (9, "UDP/TLS/RTP/SAVPF")
    assert media.connections[0].address == "0.0.0.0"
    assert media.ice_ufrag is not None and 4 <= len(media.ice_ufrag) <= 256
    assert media.ice_pwd is not None and 22 <= len(media.ice_pwd) <= 256
    assert media.fingerprints
    assert media.setup is SetupRole.ACTPASS
    assert media.rtcp_mux
    assert media.attribute(RtcpMuxOnly) is not None


def test_offer_lists_the_mandatory_codecs() -> None:
    """RFC 9429, 5.2.1 with RFC 7874 and RFC 7742: Opus, PCMU and PCMA for audio; VP8 and H.264 for video."""
    a = peer()
    a.add_transceiver("audio")
    a.add_transceiver("video")
    audio, video = sdpmodel.parse(a.create_offer()).media
    assert {"opus", "PCMU", "PCMA"} <= {c.name for c in audio.codecs}
    assert {"VP8", "H264"} <= {c.name for c in video.codecs}
    rtx = [c for c in video.codecs if c.name == "rtx"]
    primaries = {c.payload_type for c in video.codecs if c.name != "rtx"}
    assert rtx and all(int(c.fmtp.get("apt")) in primaries for c in rtx)  # type: ignore[union-attr, arg-type]


def test_offer_writes_msid_for_a_sending_track() -> None:
    """RFC 9429, 5.2.1 and RFC 8830, 2: a=msid:<stream> <track> per stream, a=msid:- <track> without streams."""
    a = peer()
    a.add_track(track("audio", "t1"), ["s1", "s2"])
    a.add_track(track("video", "t2"))
    audio, video = sdpmodel.parse(a.create_offer()).media
    assert [(m.stream_id, m.track_id) for m in audio.msids] == [("s1", "t1"), ("s2", "t1")]
    assert [(m.stream_id, m.track_id) for m in video.msids] == [("-", "t2")]


def test_offer_direction_is_the_transceiver_direction() -> None:
    """RFC 9429, 4.2.3: offers write the transceiver's direction as it is."""
    a = peer()
    for direction in ("sendrecv", "sendonly", "recvonly", "inactive"):
        a.add_transceiver("audio", direction=direction)
    desc = sdpmodel.parse(a.create_offer())
    assert [str(m.direction) for m in desc.media] == [
        "sendrecv",
        "sendonly",
        "recvonly",
        "inactive",
    ]


@pytest.mark.parametrize(
    ("offered", "local", "answered"),
    [
        ("sendrecv", "sendrecv", "sendrecv"),
        ("sendrecv", "recvonly", "recvonly"),
        ("sendonly", "sendrecv", "recvonly"),
        ("recvonly", "sendrecv", "sendonly"),
        ("sendonly", "sendonly", "inactive"),
        ("inactive", "sendrecv", "inactive"),
        ("sendrecv", "inactive", "inactive"),
    ],
)
def test_answer_direction_is_offered_reversed_and_local(
    offered: str, local: str, answered: str
) -> None:
    """RFC 3264, 6.1 and RFC 9429, 5.3.1: the answer's direction is the offered one reversed, intersected with the local one."""
    a, b = pair()
    a.add_transceiver("audio", direction=offered)
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    tid = b.session.transceivers[0].id
    b.set_direction(tid, local)
    answer = sdpmodel.parse(b.create_answer())
    assert str(answer.media[0].direction) == answered


def test_answer_keeps_mids_order_and_payload_types_of_the_offer() -> None:
    """RFC 3264, 6 and 6.1: the answer has the offer's m-lines in order, with the offer's payload types and mids."""
    a, b = pair()
    a.add_transceiver("video")
    a.add_transceiver("audio")
    offer, answer = negotiate(a, b)
    offered, answered = sdpmodel.parse(offer), sdpmodel.parse(answer)
    assert answered.mids == offered.mids
    for o, x in zip(offered.media, answered.media, strict=True):
        assert o.media == x.media
        assert {c.payload_type for c in x.codecs} <= {c.payload_type for c in o.codecs}
    assert jsep_problems(answered, sdp_type="answer", offer=offered) == []


def test_answer_setup_is_active_and_roles_follow() -> None:
    """RFC 8842, 5.3 and RFC 9429, 5.3.1: an actpass offer is answered active; the answerer is the DTLS client."""
    a, b = pair()
    a.add_transceiver("audio")
    _, answer = negotiate(a, b)
    assert sdpmodel.parse(answer).media[0].setup is SetupRole.ACTIVE
    assert str(b.session.dtls_role) == "client"
    assert str(a.session.dtls_role) == "server"


def test_bundled_answer_puts_transport_attributes_in_the_tag_only() -> None:
    """RFC 9143, 7.1.3 and 7.3: in an answer only the answerer-tagged m-section carries ICE/DTLS attributes."""
    a, b = pair()
    a.add_transceiver("audio")
    a.add_transceiver("video")
    _, answer = negotiate(a, b)
    desc = sdpmodel.parse(answer)
    assert desc.bundle_groups == (("0", "1"),)
    assert desc.media[0].ice_ufrag is not None and desc.media[0].fingerprints
    assert desc.media[1].ice_ufrag is None and not desc.media[1].fingerprints
    assert desc.media[1].attribute(Setup) is None
    assert not any(m.is_bundle_only for m in desc.media)  # RFC 9429, 5.3.1: never in answers


@pytest.mark.parametrize(
    ("policy", "bundle_only"),
    [
        ("balanced", [False, False, True, True]),
        ("max-compat", [False, False, False, False]),
        ("max-bundle", [False, True, True, True]),
    ],
)
def test_bundle_policy_decides_bundle_only(policy: str, bundle_only: list[bool]) -> None:
    """RFC 9429, 4.1.1 and 5.2.1: balanced marks all but the first of each kind bundle-only, max-bundle all but the first, max-compat none."""
    a = peer(bundlePolicy=policy)
    for kind in ("audio", "video", "audio", "video"):
        a.add_transceiver(kind)
    desc = sdpmodel.parse(a.create_offer())
    assert [m.is_bundle_only for m in desc.media] == bundle_only
    for media, only in zip(desc.media, bundle_only, strict=True):
        assert (media.port == 0) is only
        assert (media.ice_ufrag is None) is only  # RFC 9143, 7.1.3: no transport attributes


@pytest.mark.parametrize("policy", ["balanced", "max-compat", "max-bundle"])
def test_every_policy_negotiates_both_ways(policy: str) -> None:
    """RFC 9429, 4.1.1: whatever the bundle policy, two JSEP peers end up with one transport and matching directions."""
    a, b = pair(bundlePolicy=policy)
    for kind in ("audio", "video", "audio"):
        a.add_transceiver(kind)
    a.want_data_channel()
    negotiate(a, b)
    assert str(a.session.signaling_state) == str(b.session.signaling_state) == "stable"
    assert [t.mid for t in a.session.transceivers] == [t.mid for t in b.session.transceivers]
    assert {t.transport for t in a.session.transceivers} == {"0"}
    assert {t.transport for t in b.session.transceivers} == {"0"}
    for x, y in zip(a.session.transceivers, b.session.transceivers, strict=True):
        assert x.current_direction is not None and y.current_direction is not None
        assert x.current_direction.media == y.current_direction.media.reversed()


def test_data_channel_m_section() -> None:
    """RFC 8841 and RFC 9429, 5.2.1: m=application 9 UDP/DTLS/SCTP webrtc-datachannel with sctp-port and max-message-size."""
    a, b = pair()
    a.want_data_channel()
    offer, _answer = negotiate(a, b)
    media = sdpmodel.parse(offer).media[0]
    assert (media.media, media.protocol, media.formats) == (
        "application",
        "UDP/DTLS/SCTP",
        ("webrtc-datachannel",),
    )
    assert media.sctp_port == 5000
    assert media.max_message_size == 262144
    assert a.session.data.negotiated and b.session.data.negotiated


def test_munged_local_offer_is_rejected() -> None:
    """webrtc-pc, setLocalDescription 4.2 and RFC 9429, 5.4: an offer that is not the last created one raises InvalidModificationError and changes nothing."""
    a = peer()
    a.add_transceiver("audio")
    offer = a.create_offer()
    before = a.session
    with pytest.raises(InvalidModificationError):
        a.session.set_local_description("offer", offer.replace("a=sendrecv", "a=sendonly"))
    assert a.session is before


def test_munged_local_answer_is_rejected() -> None:
    """webrtc-pc, setLocalDescription 4.3: an answer that is not the last created one raises InvalidModificationError."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    with pytest.raises(InvalidModificationError):
        b.session.set_local_description("answer", answer.replace("a=recvonly", "a=inactive"))


def test_parameterless_set_local_description_creates_what_the_state_needs() -> None:
    """webrtc-pc, setLocalDescription 4.1, 4.4 and 4.5: without a description an offer (stable) or an answer (have-remote-offer) is created and set."""
    a, b = pair()
    a.add_transceiver("audio")
    a.set_local_description()
    assert str(a.session.signaling_state) == "have-local-offer"
    b.set_remote_description("offer", a.session.pending_local.text)  # type: ignore[union-attr]
    b.set_local_description()
    assert str(b.session.signaling_state) == "stable"
    a.set_remote_description("answer", b.session.current_local.text)  # type: ignore[union-attr]
    assert str(a.session.signaling_state) == "stable"


def test_parameterless_reuses_the_last_created_offer() -> None:
    """webrtc-pc, setLocalDescription 4.4.1: the last created offer is set when it still reflects the state."""
    a = peer()
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description()
    assert a.session.pending_local.text == offer  # type: ignore[union-attr]


def test_remote_offer_without_rtcp_mux_is_rejected_under_require() -> None:
    """webrtc-pc, set the session description 4.5.4: rtcpMuxPolicy "require" rejects a remote description without rtcp-mux (InvalidAccessError)."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer().replace("a=rtcp-mux-only\r\n", "").replace("a=rtcp-mux\r\n", "")
    before = b.session
    with pytest.raises(InvalidAccessError, match="rtcp-mux"):
        b.session.set_remote_description("offer", offer)
    assert b.session is before


def test_remote_offer_without_fingerprint_is_rejected() -> None:
    """RFC 9429, 5.8.3: DTLS is mandatory: a remote description without a=fingerprint raises InvalidAccessError."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = "\r\n".join(
        line for line in a.create_offer().split("\r\n") if not line.startswith("a=fingerprint")
    )
    with pytest.raises(InvalidAccessError, match="fingerprint"):
        b.session.set_remote_description("offer", offer)


def test_answer_rejects_m_sections_without_common_codec() -> None:
    """RFC 9429, 5.3.1: an m-section with no supported codec is rejected (port 0) in the answer."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    lines = list(offer.split("\r\n"))
    # keep only an unknown codec
    media_index = next(i for i, line in enumerate(lines) if line.startswith("m=audio"))
    lines[media_index] = "m=audio 9 UDP/TLS/RTP/SAVPF 120"
    lines = [line for line in lines if not line.startswith(("a=rtpmap", "a=fmtp", "a=rtcp-fb"))]
    lines.insert(lines.index("a=mid:0") + 1, "a=rtpmap:120 NOTACODEC/8000")
    b.set_remote_description("offer", "\r\n".join(lines))
    answer = sdpmodel.parse(b.create_answer())
    assert answer.media[0].port == 0
    assert answer.bundle_groups == ()
    assert any("no offered codec" in str(d) for d in b.decisions)


def test_answer_to_a_real_browser_offer_is_valid(chrome_offer: str) -> None:
    """RFC 9429, 5.3.1 and 5.8: sdpmodel answers a real Chrome offer with a description that passes the JSEP checks."""
    b = peer("b")
    b.set_remote_description("offer", chrome_offer)
    answer = sdpmodel.parse(b.create_answer())
    offer = sdpmodel.parse(chrome_offer)
    assert jsep_problems(answer, sdp_type="answer", offer=offer) == []
    assert len(answer.media) == len(offer.media)


def test_kinds_map_to_transceiver_directions() -> None:
    """webrtc-pc, 4.6.10.2.10: the remote direction is taken reversed as this end's view."""
    assert D.of(MediaDirection.SENDONLY.reversed()) is D.RECVONLY


def test_bundle_only_m_section_is_marked() -> None:
    """RFC 9143, 6: a bundle-only m-section has port 0 and a=bundle-only."""
    a = peer(bundlePolicy="max-bundle")
    a.add_transceiver("audio")
    a.add_transceiver("audio")
    media = sdpmodel.parse(a.create_offer()).media[1]
    assert media.port == 0 and media.attribute(BundleOnly) is not None
