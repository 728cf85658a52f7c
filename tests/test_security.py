"""Security checks: DTLS fingerprints, ICE generations and credentials, and SDP never executed."""

from __future__ import annotations

from typing import Any

import pytest
from _pair import run

from sdpmodel import OperationError, RTCPeerConnection, SequentialIds


async def _offered(kind: str = "audio") -> tuple[RTCPeerConnection, RTCPeerConnection]:
    """An answerer that has set the offerer's offer (no candidates exchanged)."""
    offerer = RTCPeerConnection(ids=SequentialIds("a"))
    answerer = RTCPeerConnection(ids=SequentialIds("b"))
    offerer.addTransceiver(kind)
    await offerer.setLocalDescription(await offerer.createOffer())
    await answerer.setRemoteDescription(offerer.localDescription)
    return offerer, answerer


def _candidate(extension: str = "", **init: Any) -> dict[str, Any]:
    return {
        "candidate": "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host" + extension,
        "sdpMid": "0",
        **init,
    }


# --- ICE: candidates of another generation ------------------------------------------------------


def test_a_candidate_whose_username_fragment_matches_no_remote_ufrag_is_rejected() -> None:
    """addIceCandidate: a usernameFragment that is no remote ufrag is an OperationError (webrtc-pc, addIceCandidate, step 4.5)."""

    async def scenario() -> None:
        offerer, answerer = await _offered()
        before = answerer.remoteDescription.sdp
        with pytest.raises(OperationError, match="usernameFragment"):
            await answerer.addIceCandidate(_candidate(usernameFragment="zzzz"))
        assert answerer.remoteDescription.sdp == before
        await answerer.addIceCandidate(_candidate(usernameFragment="a001"))
        assert "192.0.2.1 50000" in answerer.remoteDescription.sdp
        for pc in (offerer, answerer):
            pc.close()

    run(scenario())


def test_a_candidate_whose_own_ufrag_matches_no_remote_ufrag_is_rejected() -> None:
    """addIceCandidate: the candidate's ufrag extension counts as its usernameFragment, so a foreign one is an OperationError (webrtc-pc 4.8.1.1, 4.5)."""

    async def scenario() -> None:
        offerer, answerer = await _offered()
        before = answerer.remoteDescription.sdp
        with pytest.raises(OperationError, match="ufrag"):
            await answerer.addIceCandidate(_candidate(" generation 0 ufrag zzzz"))
        with pytest.raises(OperationError, match="differs from its usernameFragment"):
            await answerer.addIceCandidate(_candidate(" ufrag a001", usernameFragment="zzzz"))
        assert answerer.remoteDescription.sdp == before
        await answerer.addIceCandidate(_candidate(" generation 0 ufrag a001"))
        assert "ufrag a001" in answerer.remoteDescription.sdp
        for pc in (offerer, answerer):
            pc.close()

    run(scenario())
