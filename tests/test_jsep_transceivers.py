"""Transceivers through negotiation: association, addTrack reuse, stop, recycling, rollback, glare."""

from __future__ import annotations

import pytest
from _core import Peer, negotiate, pair, peer, track

import sdpmodel
from sdpmodel.effects import FireTrack, StopTransceiver
from sdpmodel.enums import RTCRtpTransceiverDirection
from sdpmodel.errors import InvalidAccessError, InvalidStateError
from sdpmodel.transceiver import Encoding

D = RTCRtpTransceiverDirection


@pytest.fixture(params=["a-offers", "b-offers"])
def both(request: pytest.FixtureRequest) -> tuple[Peer, Peer]:
    """A pair in each order, so every rule is checked with either side offering."""
    a, b = pair()
    return (a, b) if request.param == "a-offers" else (b, a)


def test_offerer_mids_are_assigned_on_set_local_description() -> None:
    """webrtc-pc 4.6.10.1.1.2: a transceiver's mid is null until the offer is set locally, then the offer's mid."""
    a = peer()
    a.add_transceiver("audio")
    offer = a.create_offer()
    assert a.session.transceivers[0].mid is None
    a.set_local_description("offer", offer)
    assert a.session.transceivers[0].mid == "0"


def test_answerer_creates_recvonly_transceivers_for_new_m_sections(both: tuple[Peer, Peer]) -> None:
    """webrtc-pc 4.6.10.2.7 and RFC 9429, 5.10: an unmatched remote m-section creates a recvonly transceiver with the offer's mid."""
    offerer, answerer = both
    offerer.add_transceiver("audio")
    offerer.add_transceiver("video")
    offer = offerer.create_offer()
    offerer.set_local_description("offer", offer)
    answerer.set_remote_description("offer", offer)
    kinds = [(t.kind, t.direction, t.mid) for t in answerer.session.transceivers]
    assert kinds == [("audio", D.RECVONLY, "0"), ("video", D.RECVONLY, "1")]


def test_remote_offer_pairs_with_a_transceiver_added_by_add_track() -> None:
    """RFC 9429, 5.10: a sendrecv or recvonly m-section takes the first unassociated same-kind transceiver added by addTrack."""
    a, b = pair()
    b.add_track(track("audio", "mine"))
    b.add_transceiver("audio")  # addTransceiver: never paired
    a.add_transceiver("audio")
    offer = a.create_offer()
    b.set_remote_description("offer", offer)
    first, second = b.session.transceivers
    assert first.mid == "0" and first.sender_track is not None
    assert second.mid is None


def test_remote_offer_does_not_pair_with_add_transceiver() -> None:
    """webrtc-pc 5.1 (association rules): transceivers from addTransceiver are never paired with a remote m-section."""
    a, b = pair()
    b.add_transceiver("audio")
    a.add_transceiver("audio")
    b.set_remote_description("offer", a.create_offer())
    assert len(b.session.transceivers) == 2
    assert b.session.transceivers[0].mid is None


def test_add_track_reuses_a_sender_never_used_to_send() -> None:
    """webrtc-pc, addTrack step 7 (MDN "Reused senders"): a trackless same-kind sender that never sent is reused; recvonly becomes sendrecv."""
    a, b = pair()
    a.add_transceiver("audio")
    negotiate(a, b)
    tid = b.session.transceivers[0].id
    assert b.session.transceivers[0].direction is D.RECVONLY
    reused = b.add_track(track("audio", "late"))
    assert reused == tid
    assert b.session.transceiver(tid).direction is D.SENDRECV


def test_add_track_does_not_reuse_a_sender_that_sent() -> None:
    """webrtc-pc, addTrack step 7: a sender whose currentDirection was ever sendrecv or sendonly is not reused."""
    a, b = pair()
    first = a.add_track(track("audio", "one"))
    negotiate(a, b)
    a.remove_track(first)
    second = a.add_track(track("audio", "two"))
    assert second != first
    assert len(a.session.transceivers) == 2


def test_add_track_twice_is_invalid_access() -> None:
    """webrtc-pc, addTrack step 6: a track that already has a sender raises InvalidAccessError and changes nothing."""
    a = peer()
    a.add_track(track("audio", "t"))
    before = a.session
    with pytest.raises(InvalidAccessError):
        a.session.add_track(track("audio", "t"))
    assert a.session is before


def test_add_transceiver_rejects_a_bad_kind() -> None:
    """webrtc-pc, addTransceiver step 5.1: a kind other than audio or video is a TypeError."""
    with pytest.raises(TypeError):
        peer().session.add_transceiver("data")


@pytest.mark.parametrize(
    ("encodings", "error"),
    [
        ([Encoding(rid="a"), Encoding()], TypeError),
        ([Encoding(rid="a"), Encoding(rid="a")], TypeError),
        ([Encoding(rid="bad rid")], TypeError),
        ([Encoding(scale_resolution_down_by=0.5)], ValueError),
        ([Encoding(max_framerate=0.0)], ValueError),
    ],
)
def test_send_encodings_validation(encodings: list[Encoding], error: type[Exception]) -> None:
    """webrtc-pc, addTransceiver 8.1 to 8.5: rid syntax, all-or-none, uniqueness (TypeError); scale and framerate ranges (RangeError)."""
    with pytest.raises(error):
        peer().session.add_transceiver("video", send_encodings=encodings)


def test_stop_makes_stopping_then_negotiation_stops_and_removes(both: tuple[Peer, Peer]) -> None:
    """webrtc-pc 5.4 stop(): stopping at once, port 0 in the next offer; the answer makes it stopped and it is removed from both ends."""
    offerer, answerer = both
    tid = offerer.add_transceiver("audio")
    offerer.add_transceiver("video")
    negotiate(offerer, answerer)
    offerer.stop_transceiver(tid)
    assert offerer.effects == [StopTransceiver(tid)]
    value = offerer.session.transceiver(tid)
    assert value.stopping and not value.stopped
    offer, answer = negotiate(offerer, answerer)
    assert sdpmodel.parse(offer).media[0].port == 0
    assert sdpmodel.parse(answer).media[0].port == 0
    assert [t.kind for t in offerer.session.transceivers] == ["video"]
    assert [t.kind for t in answerer.session.transceivers] == ["video"]
    assert sdpmodel.parse(offer).bundle_groups == (("1",),)


def test_stopped_m_line_is_recycled_with_a_new_mid(both: tuple[Peer, Peer]) -> None:
    """RFC 9429, 5.2.2: a new transceiver takes the place of a rejected m-line, with a new mid; mids are never reused."""
    offerer, answerer = both
    first = offerer.add_transceiver("audio")
    offerer.add_transceiver("video")
    negotiate(offerer, answerer)
    offerer.stop_transceiver(first)
    negotiate(offerer, answerer)
    offerer.add_transceiver("video")
    offer, _ = negotiate(offerer, answerer)
    desc = sdpmodel.parse(offer)
    assert [m.media for m in desc.media] == ["video", "video"]
    assert desc.mids == ("2", "1")
    assert [t.mid for t in answerer.session.transceivers] == ["1", "2"]


def test_transceiver_stopped_before_negotiation_is_not_offered() -> None:
    """RFC 9429, 5.2.2: a stopped transceiver with no m-section gets none."""
    a = peer()
    tid = a.add_transceiver("audio")
    a.add_transceiver("video")
    a.stop_transceiver(tid)
    desc = sdpmodel.parse(a.create_offer())
    assert [m.media for m in desc.media] == ["video"]


def test_local_rollback_drops_mids_and_keeps_transceivers() -> None:
    """RFC 9429, 5.7 and webrtc-pc 4.6.11.2.1: rolling back a local offer sets mids back to null; the transceivers and their directions stay."""
    a = peer()
    a.add_track(track("audio"))
    a.add_transceiver("video", direction="recvonly")
    a.set_local_description("offer", a.create_offer())
    a.set_local_description("rollback")
    assert str(a.session.signaling_state) == "stable"
    assert [(t.mid, t.direction) for t in a.session.transceivers] == [
        (None, D.SENDRECV),
        (None, D.RECVONLY),
    ]
    assert a.session.pending_local is None


def test_local_rollback_keeps_mids_negotiated_before() -> None:
    """webrtc-pc 4.6.11.2.1: only transceivers that were not associated before the rolled-back offer lose their mid."""
    a, b = pair()
    a.add_transceiver("audio")
    negotiate(a, b)
    a.add_transceiver("video")
    a.set_local_description("offer", a.create_offer())
    a.set_local_description("rollback")
    assert [t.mid for t in a.session.transceivers] == ["0", None]


def test_remote_rollback_removes_transceivers_it_created() -> None:
    """RFC 9429, 5.7 and webrtc-pc 4.6.11.2.7: a rolled-back remote offer removes the transceivers it created."""
    a, b = pair()
    a.add_transceiver("video")
    b.set_remote_description("offer", a.create_offer())
    assert len(b.session.transceivers) == 1
    b.set_remote_description("rollback")
    assert b.session.transceivers == ()
    assert str(b.session.signaling_state) == "stable"


def test_remote_rollback_keeps_a_transceiver_given_a_track_by_add_track() -> None:
    """RFC 9429, 5.7: a transceiver created by the remote offer survives the rollback if addTrack attached a track; its mid is dropped."""
    a, b = pair()
    a.add_transceiver("audio")
    b.set_remote_description("offer", a.create_offer())
    b.add_track(track("audio", "t"))
    b.set_remote_description("rollback")
    (kept,) = b.session.transceivers
    assert kept.mid is None and kept.sender_track is not None and kept.direction is D.SENDRECV


def test_rollback_in_stable_is_invalid_state() -> None:
    """webrtc-pc, set the session description step 2: rollback in stable raises InvalidStateError."""
    a = peer()
    with pytest.raises(InvalidStateError):
        a.session.set_local_description("rollback")
    with pytest.raises(InvalidStateError):
        a.session.set_remote_description("rollback")


def test_glare_implicit_rollback_lets_the_remote_offer_in() -> None:
    """webrtc-pc, setRemoteDescription 3.1 (MDN): a remote offer in have-local-offer rolls the local offer back and applies the remote one."""
    a, b = pair()
    a.add_transceiver("audio")
    b.add_transceiver("video")
    a.set_local_description("offer", a.create_offer())
    b_offer = b.create_offer()
    b.set_local_description("offer", b_offer)
    a.set_remote_description("offer", b_offer)
    assert str(a.session.signaling_state) == "have-remote-offer"
    answer = a.create_answer()
    a.set_local_description("answer", answer)
    b.set_remote_description("answer", answer)
    # a's own audio transceiver has no mid yet: it needs another negotiation.
    assert [t.kind for t in a.session.transceivers] == ["audio", "video"]
    assert a.session.transceivers[0].mid is None
    assert a.session.negotiation_needed
    negotiate(a, b)
    assert [t.mid for t in a.session.transceivers] == ["1", "0"]
    assert sorted((t.mid, t.kind) for t in a.session.transceivers) == sorted(
        (t.mid, t.kind) for t in b.session.transceivers
    )


def test_pranswer_then_answer_both_sides() -> None:
    """RFC 9429, 4.1.10.1: a provisional answer sets currentDirection; the final answer ends in stable."""
    a, b = pair()
    a.add_transceiver("audio")
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    b.set_local_description("pranswer", answer)
    a.set_remote_description("pranswer", answer)
    assert str(a.session.signaling_state) == "have-remote-pranswer"
    assert str(b.session.signaling_state) == "have-local-pranswer"
    assert a.session.transceivers[0].current_direction is D.SENDONLY
    final = b.create_answer()
    b.set_local_description("answer", final)
    a.set_remote_description("answer", final)
    assert str(a.session.signaling_state) == str(b.session.signaling_state) == "stable"
    assert a.session.current_remote is not None and a.session.pending_remote is None


def test_track_events_come_from_remote_sending_directions() -> None:
    """webrtc-pc 5.1.1, process remote tracks: a track event when a transceiver starts receiving, with the msid streams."""
    a, b = pair()
    a.add_track(track("audio", "t"), ["s"])
    offer = a.create_offer()
    b.set_remote_description("offer", offer)
    fired = [e for e in b.effects if isinstance(e, FireTrack)]
    assert fired == [FireTrack(b.session.transceivers[0].id, ("s",))]


def test_negotiation_needed_follows_the_check() -> None:
    """webrtc-pc 4.7.3, check if negotiation is needed: a new transceiver needs it; a completed exchange clears it; a direction change needs it again."""
    a, b = pair()
    assert not a.session.negotiation_needed
    tid = a.add_transceiver("audio")
    assert a.session.negotiation_needed
    negotiate(a, b)
    assert not a.session.negotiation_needed and not b.session.negotiation_needed
    a.set_direction(tid, "recvonly")
    assert a.session.negotiation_needed
    negotiate(a, b)
    assert not a.session.negotiation_needed


def test_direction_setter_rules() -> None:
    """webrtc-pc, direction setter: InvalidStateError once stopping, TypeError for "stopped"."""
    a = peer()
    tid = a.add_transceiver("audio")
    with pytest.raises(TypeError):
        a.session.set_direction(tid, "stopped")
    a.stop_transceiver(tid)
    with pytest.raises(InvalidStateError):
        a.session.set_direction(tid, "sendrecv")
