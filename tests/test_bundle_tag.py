"""A BUNDLE group outlives its tagged m-section: the tag moves, the transport stays.

RFC 9143, 7.5 and 7.5.3: a subsequent offer that disables the tagged m-section
tags another m-section of the group; the group is still one BUNDLE transport,
so the m-sections it keeps go on with the same ICE session, DTLS association
and SCTP association (as libwebrtc's JsepTransportCollection and Firefox keep
a transport while any mid uses it).  webrtc-pc: the senders', receivers' and
SCTP transport's RTCDtlsTransport stays the same object, and connected.
"""

from __future__ import annotations

from typing import Any

from _core import Peer, negotiate, pair
from _pair import make_pair, run, trickle, until
from _pair import negotiate as exchange

import sdpmodel
from sdpmodel import RTCPeerConnection
from sdpmodel._candidates import add_local_candidate
from sdpmodel.effects import (
    AddRemoteCandidate,
    CloseTransport,
    ConnectTransport,
    GatherCandidates,
    StartSctp,
)
from sdpmodel.enums import RTCDtlsTransportState
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport

#: Effects that would mean a new transport (a full reconnect) or a torn-down one.
RECONNECTING = (GatherCandidates, ConnectTransport, CloseTransport, StartSctp)


def _candidate(address: str, port: int) -> sdpmodel.Candidate:
    return sdpmodel.parse_candidate(f"candidate:1 1 udp 2122260223 {address} {port} typ host")


def _bundled_call() -> tuple[Peer, Peer]:
    """Audio, video and data negotiated in one BUNDLE group tagged mid 0, with one gathered
    candidate on each end."""
    a, b = pair()
    a.add_transceiver("audio")
    a.add_transceiver("video")
    a.want_data_channel()
    negotiate(a, b)
    for peer, address in ((a, "198.51.100.1"), (b, "198.51.100.2")):
        ufrag = peer.session.local_ice.ufrag
        peer.do(add_local_candidate(peer.session, "0", ufrag, _candidate(address, 50000)))
    negotiate(a, b)
    assert a.session.negotiated_bundle == ("0", "1", "2")
    return a, b


def _tag_section(sdp: str) -> sdpmodel.MediaDescription:
    desc = sdpmodel.parse(sdp)
    (group,) = desc.bundle_groups
    section = desc.media_by_mid(group[0])
    assert section is not None
    return section


def _stop_the_tag(stopper: Peer, other: Peer) -> tuple[str, str, list[Any]]:
    """``stopper`` stops the transceiver of mid 0 and negotiates as the offerer; returns the
    offer, the answer and every effect of the four set*Description steps."""
    (tagged,) = [t for t in stopper.session.transceivers if t.mid == "0"]
    stopper.stop_transceiver(tagged.id)
    effects: list[Any] = []
    offer = stopper.create_offer()
    stopper.set_local_description("offer", offer)
    effects += stopper.effects
    other.set_remote_description("offer", offer)
    effects += other.effects
    answer = other.create_answer()
    other.set_local_description("answer", answer)
    effects += other.effects
    stopper.set_remote_description("answer", answer)
    effects += stopper.effects
    return offer, answer, effects


def test_stopping_the_bundle_tag_moves_the_tag_and_keeps_the_transport() -> None:
    """RFC 9143, 7.5 and 7.5.3: the offer that disables the tagged m-section tags the next one, which carries the transport's attributes (the same ICE credentials, fingerprint, setup, tls-id, candidates); nothing gathers, connects, closes or restarts SCTP."""
    a, b = _bundled_call()
    before = [p.session.current_local.sdp for p in (a, b)]  # type: ignore[union-attr]
    offer, answer, effects = _stop_the_tag(a, b)
    assert [e for e in effects if isinstance(e, RECONNECTING)] == []
    for previous, sdp, setup in ((before[0], offer, "actpass"), (before[1], answer, "active")):
        desc = sdpmodel.parse(sdp)
        assert desc.bundle_groups == (("1", "2"),)
        assert desc.media[0].is_rejected
        tag = _tag_section(sdp)
        old = previous.media_by_mid("0")
        assert old is not None
        assert (tag.ice_ufrag, tag.ice_pwd) == (old.ice_ufrag, old.ice_pwd)
        assert tag.fingerprints == old.fingerprints
        assert str(tag.setup) == setup
        assert tag.attributes_named("tls-id") == old.attributes_named("tls-id")
        assert tag.candidates == old.candidates and len(tag.candidates) == 1
        assert tag.port == old.port == 50000
    for peer in (a, b):
        session = peer.session
        (kept,) = [t for t in session.transceivers if not t.stopped]
        assert kept.mid == "1" and kept.transport == "0"
        assert session.data.transport == "0" and session.sctp is not None
        assert session.sctp[0] == "0"
        assert {c[0] for c in session.connected} == {"0"}


def test_the_answerer_can_move_the_tag_of_a_group_it_answered() -> None:
    """RFC 9143, 7.5 and 7.5.3 (either end may make the subsequent offer): the end that answered the group stops its tagged transceiver and offers; the transport and its DTLS roles stay as they were."""
    a, b = _bundled_call()
    roles = (a.session.dtls_role, b.session.dtls_role)
    offer, answer, effects = _stop_the_tag(b, a)
    assert [e for e in effects if isinstance(e, RECONNECTING)] == []
    assert (a.session.dtls_role, b.session.dtls_role) == roles
    # RFC 8842, 5.3: the new answerer keeps the DTLS role its association has.
    assert str(_tag_section(answer).setup) == "passive"
    assert _tag_section(offer).ice_ufrag == b.session.local_ice.ufrag


def test_later_candidates_of_a_moved_transport_surface_in_the_new_tag() -> None:
    """webrtc-pc 5.6 "surface a candidate": a candidate gathered after the tag moved goes into the new tagged m-section, and its sdpMid and sdpMLineIndex name that m-section."""
    a, b = _bundled_call()
    _stop_the_tag(a, b)
    ufrag = a.session.local_ice.ufrag
    step = add_local_candidate(a.session, "0", ufrag, _candidate("198.51.100.9", 50009))
    (event,) = step.value
    assert (event.sdp_mid, event.sdp_mline_index) == ("1", 1)
    local = step.session.current_local.sdp  # type: ignore[union-attr]
    assert len(local.media_by_mid("1").candidates) == 2  # type: ignore[union-attr]
    assert local.media[0].candidates == ()


def test_a_trickled_candidate_for_the_new_tag_reaches_the_kept_transport() -> None:
    """webrtc-pc addIceCandidate() 4.7 and RFC 9143, 7.4: a remote candidate for the new tagged m-section goes to the ICE agent of the transport the group kept."""
    a, b = _bundled_call()
    _stop_the_tag(a, b)
    b.add_ice_candidate(
        _candidate("198.51.100.7", 50007).sdp_line[2:], sdp_mid="1", username_fragment=None
    )
    (added,) = [e for e in b.effects if isinstance(e, AddRemoteCandidate)]
    assert added.transport == "0" and added.candidate is not None


def test_an_ice_restart_after_the_tag_moved_restarts_the_kept_transport() -> None:
    """RFC 9429, 5.2.3.1 and RFC 8445, 9: restarting ICE after the tag moved gathers and connects again on the transport the group kept, with the new credentials in the tagged m-section."""
    a, b = _bundled_call()
    _stop_the_tag(a, b)
    a.restart_ice()
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    (gather,) = [e for e in a.effects if isinstance(e, GatherCandidates)]
    assert gather.transport == "0" and gather.restart
    assert _tag_section(offer).ice_ufrag == gather.ufrag
    b.set_remote_description("offer", offer)
    answer = b.create_answer()
    b.set_local_description("answer", answer)
    (b_gather,) = [e for e in b.effects if isinstance(e, GatherCandidates)]
    (b_connect,) = [e for e in b.effects if isinstance(e, ConnectTransport)]
    assert b_gather.transport == b_connect.transport == "0"
    assert _tag_section(answer).ice_ufrag == b_gather.ufrag == b_connect.local_ufrag
    a.set_remote_description("answer", answer)
    assert [e.transport for e in a.effects if isinstance(e, ConnectTransport | CloseTransport)] == [
        "0"
    ]


def test_rolling_back_the_offer_that_moved_the_tag_closes_nothing() -> None:
    """RFC 9429, 5.7: rolling back an offer that moved the BUNDLE tag releases no transport; the next offer moves it again on the same transport."""
    a, _b = _bundled_call()
    (tagged,) = [t for t in a.session.transceivers if t.mid == "0"]
    a.stop_transceiver(tagged.id)
    a.set_local_description("offer", a.create_offer())
    a.set_local_description("rollback", "")
    assert [e for e in a.effects if isinstance(e, CloseTransport)] == []
    assert {g[0] for g in a.session.gathering} == {"0"}
    offer = a.create_offer()
    a.set_local_description("offer", offer)
    assert [e for e in a.effects if isinstance(e, RECONNECTING)] == []
    assert _tag_section(offer).ice_ufrag == a.session.local_ice.ufrag


# --- the facade on the memory backend ------------------------------------------------------


async def _call_with_data() -> tuple[RTCPeerConnection, RTCPeerConnection, Any, Any]:
    """An audio transceiver (mid 0, the BUNDLE tag), a video one, and a data channel open on
    both ends of one BUNDLE transport."""
    pc1, pc2 = make_pair()
    trickle(pc1, pc2)
    pc1.addTransceiver("audio")
    pc1.addTransceiver("video")
    await exchange(pc1, pc2)
    dc1 = pc1.createDataChannel("chat")
    announced: list[Any] = []
    pc2.ondatachannel = lambda e: announced.append(e.channel)
    await exchange(pc1, pc2)
    await until(lambda: bool(announced) and dc1.readyState == announced[0].readyState == "open")
    await until(lambda: pc1.connectionState == pc2.connectionState == "connected")
    return pc1, pc2, dc1, announced[0]


async def _still_one_connected_transport(
    pc1: RTCPeerConnection, pc2: RTCPeerConnection, dc1: Any, dc2: Any, dtls: dict[Any, Any]
) -> None:
    for pc in (pc1, pc2):
        assert pc.sctp is not None and pc.sctp.state == "connected"
        assert pc.sctp.transport is dtls[pc] and pc.sctp.transport.state == "connected"
        assert pc.sctp.transport.iceTransport.state in ("connected", "completed")
        (kept,) = pc.getTransceivers()
        assert kept.mid == "1"
        assert kept.sender.transport is kept.receiver.transport is dtls[pc]
        assert pc.connectionState == "connected" and pc.iceGatheringState == "complete"
    assert dc1.readyState == dc2.readyState == "open"
    received: list[Any] = []
    dc2.onmessage = lambda e: received.append(e.data)
    dc1.send("after the tag moved")
    await until(lambda: received == ["after the tag moved"])


def test_stopping_the_bundle_tag_keeps_the_data_channel_open_when_the_stopper_offers() -> None:
    """RFC 9143, 7.5.3 and webrtc-pc (RTCSctpTransport.transport, RTCRtpSender.transport): stopping the tagged transceiver and renegotiating leaves the data channel open on both ends, over the same connected RTCDtlsTransport; nothing new is gathered."""

    async def main() -> None:
        pc1, pc2, dc1, dc2 = await _call_with_data()
        dtls = {pc: pc.sctp.transport for pc in (pc1, pc2) if pc.sctp is not None}
        candidates: list[Any] = []
        for pc in (pc1, pc2):
            pc.on("icecandidate", candidates.append)
        closed: list[Any] = []
        dc1.onclose = dc2.onclose = closed.append
        pc1.getTransceivers()[0].stop()
        await exchange(pc1, pc2)
        await _still_one_connected_transport(pc1, pc2, dc1, dc2, dtls)
        assert closed == [] and candidates == []
        await pc1.close()
        await pc2.close()

    run(main())


def test_stopping_the_bundle_tag_keeps_the_data_channel_open_when_the_stopper_answers() -> None:
    """webrtc-pc, stop() and createAnswer ("stopping" is not "stopped"), then RFC 9143, 7.5.3: the answerer that stopped the tagged transceiver keeps it in its answer, rejects it in its own next offer, and the data channel stays open throughout."""

    async def main() -> None:
        pc1, pc2, dc1, dc2 = await _call_with_data()
        dtls = {pc: pc.sctp.transport for pc in (pc1, pc2) if pc.sctp is not None}
        closed: list[Any] = []
        dc1.onclose = dc2.onclose = closed.append
        needed: list[Any] = []
        pc2.onnegotiationneeded = needed.append
        pc2.getTransceivers()[0].stop()
        await exchange(pc1, pc2)  # the stopping answerer answers with the tag kept
        assert sdpmodel.parse(pc2.localDescription.sdp).bundle_groups[0][0] == "0"  # type: ignore[union-attr]
        assert dc1.readyState == dc2.readyState == "open"
        await until(lambda: bool(needed))
        await exchange(pc2, pc1)  # then it offers: the tag moves to mid 1
        await _still_one_connected_transport(pc1, pc2, dc1, dc2, dtls)
        assert closed == []
        await pc1.close()
        await pc2.close()

    run(main())


class _RecordingTransport(MemoryTransport):
    """The memory backend, keeping its listener and the transports it connected."""

    def attach(self, listener: Any) -> None:
        self.listener = listener
        super().attach(listener)

    def connect(self, effect: ConnectTransport) -> None:
        self.connected = effect.transport
        super().connect(effect)


def test_the_sctp_transport_closes_when_its_dtls_transport_closes() -> None:
    """webrtc-pc 6.1.2 RTCSctpTransportState "closed": the SCTP transport is closed when the underlying DTLS association has transitioned to "closed" (RFC 8261, 6.1: SCTP over DTLS is single-homed), even if the backend says nothing of the association."""

    async def main() -> None:
        network = MemoryNetwork()
        backend = _RecordingTransport(network)
        pc1 = RTCPeerConnection(transport=backend, ids=sdpmodel.SequentialIds("a"))
        pc2 = RTCPeerConnection(transport=MemoryTransport(network), ids=sdpmodel.SequentialIds("b"))
        trickle(pc1, pc2)
        dc1 = pc1.createDataChannel("chat")
        await exchange(pc1, pc2)
        await until(lambda: dc1.readyState == "open")
        assert pc1.sctp is not None and pc1.sctp.state == "connected"
        sctp = pc1.sctp
        changes: list[str] = []
        sctp.onstatechange = lambda e: changes.append(sctp.state)
        # A DTLS close_notify, reported on its own (no SCTP report follows it).
        backend.listener.on_dtls_state(backend.connected, RTCDtlsTransportState.CLOSED)
        await until(lambda: bool(changes))
        assert sctp.transport.state == "closed"
        assert pc1.sctp is sctp and sctp.state == "closed" and changes == ["closed"]
        assert dc1.readyState == "closed"
        await pc1.close()
        await pc2.close()

    run(main())
