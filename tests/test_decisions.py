"""Every negotiation operation explains itself: the decisions of the core and ``pc.explain()``."""

from __future__ import annotations

from typing import Any

import pytest
from _core import negotiate, pair, track
from _pair import make_pair, run

from sdpmodel import InvalidStateError, MediaStream, MediaStreamTrack, RTCError
from sdpmodel.decisions import IMPLICIT_ROLLBACK, Decision, Explanation


def texts(decisions: Any) -> list[str]:
    return [str(d) for d in decisions]


def having(decisions: Any, *words: str) -> list[Decision]:
    return [d for d in decisions if all(w in str(d) for w in words)]


class TestCoreDecisions:
    def test_set_description_names_the_row_of_the_signaling_table(self) -> None:
        """setLocal/RemoteDescription record the row of _states.TRANSITIONS that applied (RFC 9429, 3.2)."""
        a, b = pair()
        a.add_track(track("audio"))
        offer = a.create_offer()
        a.set_local_description("offer", offer)
        (row,) = [d for d in a.decisions if d.subject == "signaling"]
        assert row.text.startswith("stable -> have-local-offer: ")
        assert row.source == "RFC 9429, 3.2 and 5.5/5.6"
        b.set_remote_description("offer", offer)
        assert having(b.decisions, "signaling: stable -> have-remote-offer")

    def test_pranswer_is_explained_as_provisional(self) -> None:
        """A pranswer leads to have-local-pranswer and says the offer stays pending (RFC 9429, 4.1.10.1)."""
        a, b = pair()
        a.add_track(track("audio"))
        offer = a.create_offer()
        a.set_local_description("offer", offer)
        b.set_remote_description("offer", offer)
        answer = b.create_answer()
        b.set_local_description("pranswer", answer)
        assert having(b.decisions, "have-remote-offer -> have-local-pranswer")
        (provisional,) = having(b.decisions, "provisional answer: its transports start")
        assert provisional.source == "RFC 9429, 4.1.10.1"
        a.set_remote_description("pranswer", answer)
        assert having(a.decisions, "have-local-offer -> have-remote-pranswer")
        assert having(a.decisions, "provisional answer")

    def test_answer_explains_ice_and_dtls_roles(self) -> None:
        """After the answer the offerer is ICE controlling, the answerer the DTLS client (RFC 8445, 6.1.1; RFC 8842)."""
        a, b = pair()
        a.add_track(track("audio"))
        negotiate(a, b)
        assert having(a.decisions, "transport 0: ICE starts as the controlling agent (this end")
        assert having(a.decisions, "transport 0: DTLS server")
        assert having(a.decisions, "data channel ids are odd: this end is the DTLS server")
        # The answerer's own answer (its setLocalDescription) starts its side.
        b2, a2 = pair()
        a2.add_track(track("audio"))
        offer = a2.create_offer()
        a2.set_local_description("offer", offer)
        b2.set_remote_description("offer", offer)
        b2.set_local_description("answer", b2.create_answer())
        (ice,) = having(b2.decisions, "ICE starts as the controlled agent")
        assert ice.source == "RFC 8445, 6.1.1"
        assert having(b2.decisions, "DTLS client")

    def test_bundle_is_explained_in_offer_answer_and_after(self) -> None:
        """The offer names its BUNDLE group and tag, the answer its group, applying it the shared transport (RFC 9143, 7)."""
        a, b = pair()
        a.add_track(track("audio"))
        a.add_track(track("video"))
        offer = a.create_offer()
        (offered,) = having(a.decisions, "BUNDLE group 0 1, offerer-tagged 0")
        assert "RFC 9143, 7.2" in offered.source
        a.set_local_description("offer", offer)
        b.set_remote_description("offer", offer)
        answer = b.create_answer()
        assert having(b.decisions, "BUNDLE 0 1 (answerer-tagged: 0)")
        b.set_local_description("answer", answer)
        a.set_remote_description("answer", answer)
        assert having(a.decisions, "BUNDLE negotiated: mids 0 1 share the transport of mid 0")

    def test_codecs_are_summarised_and_each_payload_type_is_a_detail(self) -> None:
        """Each m-section says its codecs; "payload type N kept from the offer" is a detail (RFC 3264, 6.1)."""
        a, b = pair()
        a.add_track(track("video"))
        offer = a.create_offer()
        (offered,) = having(a.decisions, "codecs, in preference order:")
        assert offered.text.startswith("codecs, in preference order: 96 VP8, 98/100 VP9, ")
        assert offered.text.endswith("; rtx for each")
        a.set_local_description("offer", offer)
        b.set_remote_description("offer", offer)
        b.create_answer()
        (answered,) = having(b.decisions, "codecs, with the offer's payload types:")
        assert not answered.detail
        kept = having(b.decisions, "payload type 96 VP8/90000 kept from the offer")
        assert kept and all(d.detail for d in kept)

    def test_the_answer_removes_what_it_ends(self) -> None:
        """After an answer an unused transport is closed, a stopped rejected transceiver removed (webrtc-pc 4.6.13, 4.6.12)."""
        a, b = pair()
        a.add_track(track("audio"))
        a.add_track(track("video", "camera"))
        offer = a.create_offer()
        a.set_local_description("offer", offer)
        # Before the answer, each m-section gathers on a transport of its own (RFC 9429, 5.9).
        gathering = having(a.decisions, "ICE gathering starts")
        assert [d.subject for d in gathering] == ["transport 0", "transport 1"]
        assert all(d.detail and d.source == "RFC 9429, 5.9; webrtc-pc, 5.6" for d in gathering)
        b.set_remote_description("offer", offer)
        answer = b.create_answer()
        b.set_local_description("answer", answer)
        a.set_remote_description("answer", answer)
        # BUNDLE is accepted: mid 1 moves onto transport 0, and transport 1 goes.
        (closed,) = having(a.decisions, "transport 1: closed")
        assert closed.source.startswith("webrtc-pc, set the session description, 4.6.13")
        a.stop_transceiver(a.session.transceivers[1].id)
        negotiate(a, b)
        (removed,) = having(a.decisions, "removed from the connection")
        assert removed.text.endswith("stopped, and its m-section is rejected")
        assert removed.source == "webrtc-pc, set the session description, 4.6.12.1.1"

    def test_the_sctp_association_is_explained(self) -> None:
        """The answer starts SCTP on the data transport; messages up to the smaller max-message-size (RFC 8841, 6)."""
        a, b = pair()
        a.want_data_channel()
        offer = a.create_offer()
        a.set_local_description("offer", offer)
        b.set_remote_description("offer", offer)
        answer = b.create_answer().replace("a=max-message-size:262144", "a=max-message-size:65536")
        b.set_local_description("answer", b.session.last_created_answer)
        a.set_remote_description("answer", answer)
        (sctp,) = having(a.decisions, "SCTP association")
        assert sctp.text == (
            "SCTP association: port 5000 to port 5000, messages up to 65536 bytes (the smaller "
            "max-message-size)"
        )
        assert sctp.source == "RFC 8841, 6 and 10; webrtc-pc, 4.6.9.1"

    def test_renegotiation_keeps_payload_types(self) -> None:
        """A subsequent offer says payload types keep their codecs (RFC 3264, 8.3.2)."""
        a, b = pair()
        a.add_track(track("audio"))
        negotiate(a, b)
        a.create_offer()
        (kept,) = having(a.decisions, "payload types keep the codecs")
        assert kept.source.startswith("RFC 3264, 8.3.2")

    def test_ice_restart_is_explained_on_both_sides(self) -> None:
        """iceRestart: new ufrag in the offer, gathering again, a new ICE session after the answer (RFC 8839, 4.4.1.1.1)."""
        a, b = pair()
        a.add_track(track("audio"))
        negotiate(a, b)
        offer = a.create_offer(ice_restart=True)
        assert having(a.decisions, "ICE restart: new ufrag")
        a.set_local_description("offer", offer)
        assert having(a.decisions, "ICE restart: gathering again with the new ufrag")
        b.set_remote_description("offer", offer)
        answer = b.create_answer()
        assert having(b.decisions, "the offer restarts ICE for mid 0")
        b.set_local_description("answer", answer)
        a.set_remote_description("answer", answer)
        (restart,) = having(a.decisions, "ICE restart: a new ICE session")
        assert "RFC 8839, 4.4.1.1.1" in restart.source

    def test_rollback_names_what_it_undoes(self) -> None:
        """Rolling back a remote offer removes the transceiver it created (webrtc-pc, 4.6.11.2.7; RFC 9429, 5.7)."""
        a, b = pair()
        a.add_track(track("audio"))
        b.set_remote_description("offer", a.create_offer())
        b.set_remote_description("rollback")
        assert having(b.decisions, "removed: created by the rolled-back remote offer")
        assert having(b.decisions, "rollback: have-remote-offer -> stable")

    def test_implicit_rollback_in_the_core(self) -> None:
        """A remote offer in have-local-offer rolls back first, with its own decision (webrtc-pc, sRD 4.1)."""
        a, b = pair()
        a.add_track(track("audio"))
        b.add_track(track("video"))
        a.set_local_description("offer", a.create_offer())
        a.set_remote_description("offer", b.create_offer())
        assert IMPLICIT_ROLLBACK in a.decisions
        assert texts(a.decisions).index(str(IMPLICIT_ROLLBACK)) < texts(a.decisions).index(
            "signaling: stable -> have-remote-offer: an offer is set in stable or over the pending "
            "offer (RFC 9429, 3.2 and 5.5/5.6)"
        )

    def test_candidates_are_explained(self) -> None:
        """addIceCandidate says where a candidate went and whether ICE got it (webrtc-pc, addIceCandidate 4.7)."""
        a, b = pair()
        a.add_track(track("audio"))
        b.set_remote_description("offer", a.create_offer())
        b.add_ice_candidate("candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host", sdp_mid="0")
        (added,) = b.decisions
        assert added.subject == "candidate"
        assert added.text.startswith("host udp 192.0.2.1:50000 for m=0 (mid 0), ICE generation ")
        assert added.text.endswith(
            "kept in the remote description until ICE starts on its transport"
        )
        b.add_ice_candidate("", sdp_mid="0")
        assert b.decisions[0].text.startswith("end of candidates for m=0 (mid 0)")

    def test_a_candidate_for_a_stopped_transceiver_is_ignored_with_a_reason(self) -> None:
        """A candidate for the m-section of a stopped transceiver is ignored (webrtc-pc, addIceCandidate 4.4)."""
        a, b = pair()
        a.add_track(track("audio"))
        a.add_track(track("video"))
        negotiate(a, b)
        # a stops its video; its next offer rejects m=1, which stops b's transceiver.
        a.stop_transceiver(a.session.transceivers[1].id)
        b.set_remote_description("offer", a.create_offer())
        assert b.session.transceivers[1].stopped
        b.add_ice_candidate("candidate:1 1 udp 1 192.0.2.1 9 typ host", sdp_mline_index=1)
        (ignored,) = b.decisions
        assert "ignored" in ignored.text and ignored.source.endswith("step 4.4")


class TestExplain:
    def test_explain_names_the_operation_and_its_states(self) -> None:
        """pc.explain() is the Explanation of the last operation: its name, states before and after, decisions."""

        async def main() -> None:
            a, b = make_pair()
            assert a.explain() == Explanation("", "stable", "stable") and a.explanations == ()
            a.addTrack(MediaStreamTrack("audio"), MediaStream())
            offer = await a.createOffer()
            assert a.explain().operation == "createOffer"
            await a.setLocalDescription(offer)
            explanation = a.explain()
            assert explanation.headline == "setLocalDescription(offer): stable -> have-local-offer"
            assert explanation.to_json()["decisions"][0]["subject"] == "signaling"
            await b.setRemoteDescription(offer)
            await b.setLocalDescription()
            assert b.explain().operation == "setLocalDescription(answer)"
            assert [e.operation for e in b.explanations] == [
                "setRemoteDescription(offer)",
                "setLocalDescription(answer)",
            ]
            assert any("created" in d.text for d in b.explanations[0])
            await a.close()
            await b.close()

        run(main())

    def test_a_failed_operation_leaves_the_explanation(self) -> None:
        """A failed call changes nothing, its explanation included (the error says why)."""

        async def main() -> None:
            a, _ = make_pair()
            await a.createOffer()
            before = a.explain()
            with pytest.raises(InvalidStateError):
                await a.setRemoteDescription({"type": "answer", "sdp": "v=0\r\n"})
            assert a.explain() is before
            await a.close()

        run(main())

    def test_the_implicit_rollback_and_its_offer_are_one_explanation(self) -> None:
        """setRemoteDescription(offer) in have-local-offer: the rollback's decisions, IMPLICIT_ROLLBACK, then the offer's."""

        async def main() -> None:
            a, b = make_pair()
            a.addTrack(MediaStreamTrack("audio"), MediaStream())
            b.addTrack(MediaStreamTrack("video"), MediaStream())
            await a.setLocalDescription()
            await b.setLocalDescription()
            await a.setRemoteDescription(b.localDescription)
            explanation = a.explain()
            assert explanation.headline == (
                "setRemoteDescription(offer): have-local-offer -> have-remote-offer"
            )
            order = texts(explanation)
            rollback = order.index("session: rollback: have-local-offer -> stable (RFC 9429, 5.7)")
            assert rollback < order.index(str(IMPLICIT_ROLLBACK))
            assert any("a new recvonly transceiver" in t for t in order[rollback:])
            await a.close()
            await b.close()

        run(main())

    def test_an_implicit_rollback_whose_offer_fails_is_still_explained(self) -> None:
        """The rollback stays done when the remote offer then fails (WPT), and so does its explanation."""

        async def main() -> None:
            a, _ = make_pair()
            a.addTrack(MediaStreamTrack("audio"), MediaStream())
            await a.setLocalDescription()
            with pytest.raises(RTCError):
                await a.setRemoteDescription({"type": "offer", "sdp": "v=0\r\nbroken"})
            assert a.signalingState == "stable"
            explanation = a.explain()
            assert explanation.operation == "setRemoteDescription(offer), implicit rollback"
            assert (explanation.before, explanation.after) == ("have-local-offer", "stable")
            assert IMPLICIT_ROLLBACK in explanation
            await a.close()

        run(main())

    def test_the_explanation_event_comes_before_signalingstatechange(self) -> None:
        """The explanation event fires when the operation succeeds, before the W3C events of its step."""

        async def main() -> None:
            a, _ = make_pair()
            a.addTrack(MediaStreamTrack("audio"), MediaStream())
            seen: list[str] = []
            a.on("explanation", lambda e: seen.append(e.explanation.operation))
            a.on("signalingstatechange", lambda e: seen.append(a.signalingState))
            await a.setLocalDescription()
            await a.setLocalDescription({"type": "rollback"})
            assert seen == [
                "setLocalDescription(offer)",
                "have-local-offer",
                "setLocalDescription(rollback)",
                "stable",
            ]
            await a.close()

        run(main())

    def test_explanations_are_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """pc.explanations keeps the last EXPLANATIONS_KEPT explanations only (a long call cannot grow it)."""
        from sdpmodel import RTCPeerConnection

        monkeypatch.setattr(RTCPeerConnection, "EXPLANATIONS_KEPT", 3)

        async def main() -> None:
            a, _ = make_pair()
            for _ in range(5):
                await a.createOffer()
            assert len(a.explanations) == 3
            assert a.explain() is a.explanations[-1]
            await a.close()

        run(main())

    def test_an_explanation_is_a_sequence_of_decisions(self) -> None:
        """Explanation iterates, indexes and prints its decisions (str: the headline, then one per line)."""
        first = Decision("m=0", "offered sendrecv", "RFC 9429, 5.2.1")
        explanation = Explanation("createOffer", "stable", "stable", (first,))
        assert list(explanation) == [first] and explanation[0] is first and len(explanation) == 1
        assert explanation[:1] == (first,)
        assert str(explanation) == "createOffer\n  m=0: offered sendrecv (RFC 9429, 5.2.1)"


def test_each_decision_cites_its_source_once() -> None:
    """decisions: the source of a decision is its ``source`` alone; its text carries no "(RFC ...)" of its own, so explain prints each citation once."""
    import re

    a, b = pair()
    a.add_track(track("audio"))
    a.add_transceiver("video")
    seen: list[Decision] = []
    offer = a.create_offer()
    seen += a.decisions
    a.set_local_description("offer", offer)
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    seen += b.decisions
    b.set_local_description("answer", answer)
    a.set_remote_description("answer", answer)
    assert len(seen) > 20
    cited = re.compile(r"\((RFC \d+|webrtc-pc|JSEP)[^)]*\)$")
    assert [d for d in seen if cited.search(d.text)] == []
