"""ICE in the pure core: credentials, restarts, trickled candidates, end-of-candidates, DTLS identity."""

from __future__ import annotations

import pytest
from _core import negotiate, pair, peer

import sdpmodel
from sdpmodel._candidates import add_local_candidate
from sdpmodel.effects import AddRemoteCandidate, ConnectTransport, GatherCandidates
from sdpmodel.errors import InvalidAccessError, InvalidStateError, OperationError

HOST = "candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host"


def connected_pair() -> tuple[object, object]:
    a, b = pair()
    a.add_transceiver("audio")
    negotiate(a, b)
    return a, b


def test_set_local_offer_starts_gathering_per_transport() -> None:
    """RFC 9429, 5.9: applying a local description gathers on every new transport, not on bundle-only ones."""
    a = peer()
    a.add_transceiver("audio")
    a.add_transceiver("audio")  # balanced: bundle-only
    a.set_local_description("offer", a.create_offer())
    gathers = [e for e in a.effects if isinstance(e, GatherCandidates)]
    assert [g.transport for g in gathers] == ["0"]


def test_answer_connects_with_the_right_roles() -> None:
    """RFC 8445, 6.1.1 and RFC 8842, 5.5: the offerer controls ICE; the answerer's setup:active makes it the DTLS client."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    b.set_local_description("answer", b.create_answer())
    (b_connect,) = [e for e in b.effects if isinstance(e, ConnectTransport)]
    a.set_remote_description("answer", b.session.current_local.text)  # type: ignore[union-attr]
    (a_connect,) = [e for e in a.effects if isinstance(e, ConnectTransport)]
    assert (str(a_connect.ice_role), str(a_connect.dtls_role)) == ("controlling", "server")
    assert (str(b_connect.ice_role), str(b_connect.dtls_role)) == ("controlled", "client")
    assert a_connect.remote_ufrag == b_connect.local_ufrag
    assert a_connect.remote_fingerprints == b.session.endpoint.fingerprints


def test_gathering_starts_in_the_ice_role_the_negotiation_gives() -> None:
    """RFC 8445, 6.1.1: the role is fixed before any check: the offerer's gathering is controlling, the answerer's controlled (as its ConnectTransport)."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    (a_gather,) = [e for e in a.effects if isinstance(e, GatherCandidates)]
    # Known at once: the answer's early checks may reach this end before the answer does.
    assert str(a_gather.ice_role) == "controlling"
    b.set_remote_description("offer", offer)
    b.set_local_description("answer", b.create_answer())
    (b_gather,) = [e for e in b.effects if isinstance(e, GatherCandidates)]
    (b_connect,) = [e for e in b.effects if isinstance(e, ConnectTransport)]
    assert str(b_gather.ice_role) == str(b_connect.ice_role) == "controlled"


def test_gathering_for_an_answer_to_a_lite_offer_is_controlling() -> None:
    """RFC 8445, 6.1.1: a full agent facing an ice-lite one takes the controlling role, from its gathering on."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    lite = offer.replace("a=group:", "a=ice-lite\r\na=group:", 1)
    assert "a=ice-lite" in lite
    b.set_remote_description("offer", lite)
    b.set_local_description("answer", b.create_answer())
    (b_gather,) = [e for e in b.effects if isinstance(e, GatherCandidates)]
    (b_connect,) = [e for e in b.effects if isinstance(e, ConnectTransport)]
    assert str(b_gather.ice_role) == str(b_connect.ice_role) == "controlling"


def test_an_ice_restart_by_the_answerer_gathers_as_controlling() -> None:
    """RFC 8445, 6.1.1 and 9: the new ICE session's offerer controls: the first answerer's restart gathers in the controlling role."""
    a, b = connected_pair()
    b.restart_ice()
    offer = b.create_offer()
    b.set_local_description("offer", offer)
    (restart,) = [e for e in b.effects if isinstance(e, GatherCandidates)]
    assert restart.restart and str(restart.ice_role) == "controlling"
    a.set_remote_description("offer", offer)
    a.set_local_description("answer", a.create_answer())
    (answer_gather,) = [e for e in a.effects if isinstance(e, GatherCandidates)]
    assert answer_gather.restart and str(answer_gather.ice_role) == "controlled"


def test_ice_restart_offers_new_credentials_and_keeps_them_after_answer() -> None:
    """webrtc-pc restartIce() and RFC 9429, 5.2.3.1: the next offer has a new ufrag and pwd; the answerer answers with new ones too."""
    a, b = connected_pair()
    old_a = a.session.local_ice
    old_b = b.session.local_ice
    a.restart_ice()
    assert a.session.negotiation_needed
    offer, answer = negotiate(a, b)
    assert sdpmodel.parse(offer).media[0].ice_ufrag != old_a.ufrag
    assert sdpmodel.parse(answer).media[0].ice_ufrag != old_b.ufrag
    assert a.session.local_ice.ufrag == sdpmodel.parse(offer).media[0].ice_ufrag
    assert not a.session.negotiation_needed
    assert a.session.ice_credentials_to_replace == ()


def test_ice_restart_option_of_create_offer() -> None:
    """RFC 9429, 5.2.3.1: createOffer(iceRestart) changes the credentials; without it they stay."""
    a, _b = connected_pair()
    same = sdpmodel.parse(a.create_offer()).media[0].ice_ufrag
    assert same == a.session.local_ice.ufrag
    restarted = sdpmodel.parse(a.create_offer(ice_restart=True)).media[0].ice_ufrag
    assert restarted != same


def test_ice_restart_reconnects_the_transport() -> None:
    """RFC 9429, 5.10: new credentials on both sides give a new ConnectTransport on the same transport."""
    a, b = connected_pair()
    a.restart_ice()
    negotiate(a, b)
    connects = [e for e in a.effects if isinstance(e, ConnectTransport)]
    assert [c.transport for c in connects] == ["0"]
    assert connects[0].local_ufrag == a.session.local_ice.ufrag


def test_remote_partial_ice_restart_changes_only_that_transport() -> None:
    """RFC 8839, 4.4.1.1.1 and RFC 9429, 5.3.2: the answerer restarts ICE only on the m-sections the offer restarted."""
    a, b = pair(bundlePolicy="max-compat")
    a.add_transceiver("audio")
    a.add_transceiver("video")
    # A non-JSEP offerer (a SIP gateway, say) without BUNDLE: one transport per m-section.
    offer = a.create_offer().replace("a=group:BUNDLE 0 1\r\n", "")
    b.set_remote_description("offer", offer)
    first_text = b.create_answer()
    b.set_local_description("answer", first_text)
    first = sdpmodel.parse(first_text)
    assert first.media[0].ice_ufrag is not None and first.media[1].ice_ufrag is not None
    # It then restarts ICE on mid 1 only.
    lines = offer.split("\r\n")
    start = lines.index("a=mid:1")
    for i in range(start - 8, len(lines)):
        if i > lines.index(next(line for line in lines if line.startswith("m=video"))):
            if lines[i].startswith("a=ice-ufrag:"):
                lines[i] = "a=ice-ufrag:zzzz"
            elif lines[i].startswith("a=ice-pwd:"):
                lines[i] = "a=ice-pwd:" + "z" * 24
    b.set_remote_description("offer", "\r\n".join(lines))
    second = sdpmodel.parse(b.create_answer())
    assert second.media[0].ice_ufrag == first.media[0].ice_ufrag
    assert second.media[1].ice_ufrag not in (None, first.media[1].ice_ufrag)


def test_own_restart_outlives_the_credentials_an_earlier_answer_gave() -> None:
    """RFC 8839, 5.4: after an answer, each transport uses the credentials of the current local description, including those of our own later ICE restart."""
    a, b = connected_pair()
    a.restart_ice()
    negotiate(a, b)  # b answers a's restart with new credentials for mid 0
    b.restart_ice()
    offer, _ = negotiate(b, a)  # b's own restart moves mid 0 on again
    restarted = sdpmodel.parse(offer).media[0].ice_ufrag
    a.add_transceiver("video")
    _, answer = negotiate(a, b)
    assert sdpmodel.parse(answer).media[0].ice_ufrag == restarted


def test_a_bundled_m_section_without_credentials_uses_the_tags() -> None:
    """RFC 9143, 7.1.3 and RFC 9429, 5.10: a bundled m-section that an answer gave no ICE values of its own uses its BUNDLE-tag's, so a later offer repeating them is no restart."""
    a, b = connected_pair()
    b.stop_transceiver(b.session.transceivers[0].id)
    negotiate(b, a)
    b.add_transceiver("audio")
    b.add_transceiver("video")
    _, answer = negotiate(b, a)  # a answers: only the tag (mid 1) carries a=ice-ufrag
    assert sdpmodel.parse(answer).media_by_mid("2").ice_ufrag is None  # type: ignore[union-attr]
    tag = next(t for t in a.session.transceivers if t.mid == "1")
    a.stop_transceiver(tag.id)  # the tag goes; mid 2 becomes the tag
    offer, answer = negotiate(a, b)
    assert sdpmodel.parse(offer).bundle_groups[0] == ("2",)
    assert str(a.session.signaling_state) == "stable"
    assert sdpmodel.parse(answer).media_by_mid("2").ice_ufrag == b.session.local_ice.ufrag  # type: ignore[union-attr]


def test_answer_changing_credentials_without_restart_is_invalid() -> None:
    """RFC 9429, 5.10: an answer with new ICE credentials to an offer that did not restart ICE raises InvalidAccessError."""
    a, b = connected_pair()
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    ufrag = sdpmodel.parse(answer).media[0].ice_ufrag
    before = a.session
    with pytest.raises(InvalidAccessError):
        a.session.set_remote_description(
            "answer", answer.replace(f"a=ice-ufrag:{ufrag}", "a=ice-ufrag:QQQQ")
        )
    assert a.session is before


def test_fingerprint_change_without_ice_restart_is_invalid() -> None:
    """RFC 9429, 5.11 and web-platform-tests: a remote description that changes the DTLS fingerprint without an ICE restart raises InvalidAccessError."""
    a, b = connected_pair()
    offer = b.create_offer()
    changed = offer.replace(":00:00:00:00", ":AB:00:00:00", 1)
    with pytest.raises(InvalidAccessError, match="fingerprint"):
        a.session.set_remote_description("offer", changed)


def test_add_ice_candidate_needs_a_remote_description() -> None:
    """webrtc-pc, addIceCandidate 4.1: InvalidStateError without a remote description."""
    with pytest.raises(InvalidStateError):
        peer().session.add_ice_candidate(HOST, sdp_mid="0")


def test_add_ice_candidate_needs_a_mid_or_index() -> None:
    """webrtc-pc, addIceCandidate 3: TypeError when both sdpMid and sdpMLineIndex are null."""
    a, _ = connected_pair()
    with pytest.raises(TypeError):
        a.session.add_ice_candidate(HOST)


@pytest.mark.parametrize(
    ("mid", "index", "ufrag", "candidate"),
    [
        ("nope", None, None, HOST),
        (None, 5, None, HOST),
        ("0", None, "nobody", HOST),
        ("0", None, None, "candidate:not a candidate"),
    ],
    ids=["unknown-mid", "index-out-of-range", "unknown-ufrag", "unparsable"],
)
def test_add_ice_candidate_operation_errors(
    mid: str | None, index: int | None, ufrag: str | None, candidate: str
) -> None:
    """webrtc-pc, addIceCandidate 4.2 to 4.7 (MDN): unknown mid, index out of range, unknown ufrag or a bad candidate raise OperationError and change nothing."""
    a, _ = connected_pair()
    before = a.session
    with pytest.raises(OperationError):
        a.session.add_ice_candidate(
            candidate, sdp_mid=mid, sdp_mline_index=index, username_fragment=ufrag
        )
    assert a.session is before


def test_added_candidates_appear_in_the_remote_description() -> None:
    """webrtc-pc, addIceCandidate 4.7.2: an accepted candidate is added to the remote description's SDP and sent to the transport."""
    a, _b = connected_pair()
    a.add_ice_candidate(HOST, sdp_mid="0")
    media = a.session.current_remote.sdp.media[0]  # type: ignore[union-attr]
    assert [c.address for c in media.candidates] == ["192.0.2.7"]
    assert any(isinstance(e, AddRemoteCandidate) for e in a.effects)
    a.add_ice_candidate("", sdp_mid="0")
    assert "a=end-of-candidates" in a.session.current_remote.text  # type: ignore[union-attr]


def test_candidates_for_a_pending_remote_description_are_kept() -> None:
    """webrtc-pc, addIceCandidate 4.7.2.2: candidates arriving before the answer go into the pending remote description."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    b.set_remote_description("offer", offer)
    b.add_ice_candidate(HOST, sdp_mline_index=0)
    assert b.session.pending_remote.sdp.media[0].candidates  # type: ignore[union-attr]
    b.set_local_description("answer", b.create_answer())
    (connect,) = [e for e in b.effects if isinstance(e, ConnectTransport)]
    assert [c.address for c in connect.remote_candidates] == ["192.0.2.7"]


def test_end_of_candidates_for_every_m_section() -> None:
    """webrtc-pc, addIceCandidate 4.7 (MDN): an empty candidate without mid or index ends the candidates of every m-section."""
    a, b = pair()
    a.add_transceiver("audio")
    a.add_transceiver("video")
    negotiate(a, b)
    a.add_ice_candidate("")
    assert a.session.current_remote.text.count("a=end-of-candidates") == 2  # type: ignore[union-attr]


def test_gathered_candidates_go_into_the_local_description() -> None:
    """webrtc-pc, surface a candidate: a gathered candidate joins the local description; the first sets m= and c= (RFC 9429, 5.2.2)."""
    a = peer()
    a.add_transceiver("audio")
    a.set_local_description("offer", a.create_offer())
    candidate = sdpmodel.parse_candidate("candidate:1 1 udp 2122260223 198.51.100.3 50001 typ host")
    ufrag = a.session.local_ice.ufrag
    step = add_local_candidate(a.session, "0", ufrag, candidate)
    (event,) = step.value
    assert (event.sdp_mid, event.sdp_mline_index, event.username_fragment) == ("0", 0, ufrag)
    media = step.session.pending_local.sdp.media[0]  # type: ignore[union-attr]
    assert media.port == 50001 and media.connections[0].address == "198.51.100.3"
    done = add_local_candidate(step.session, "0", ufrag, None)
    assert "a=end-of-candidates" in done.session.pending_local.text  # type: ignore[union-attr]
