"""The perfect negotiation pattern: sdpmodel.PerfectNegotiator on both ends, glare included."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from _pair import make_pair, run, until

from sdpmodel import PerfectNegotiator, RTCPeerConnection, SequentialIds, parse
from sdpmodel.transport.memory import MemoryNetwork, MemoryTransport


def wire(
    a: RTCPeerConnection, b: RTCPeerConnection, *, a_polite: bool, delay: int = 0
) -> tuple[PerfectNegotiator, PerfectNegotiator]:
    """Two negotiators joined by a JSON signaling channel; each message is its own task.

    ``delay`` loop iterations pass before a message is handled (a slower network).
    """
    negotiators: dict[str, PerfectNegotiator] = {}
    in_flight: set[asyncio.Future[None]] = set()

    def sender(to: str) -> Any:
        async def send(message: dict[str, Any]) -> None:
            text = json.dumps(message)  # the messages are JSON-ready

            async def later() -> None:
                for _ in range(delay):
                    await asyncio.sleep(0)
                await negotiators[to].receive(json.loads(text))

            task = asyncio.ensure_future(later())
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)

        return send

    negotiators["a"] = PerfectNegotiator(a, polite=a_polite, send=sender("b"), name="a")
    negotiators["b"] = PerfectNegotiator(b, polite=not a_polite, send=sender("a"), name="b")
    return negotiators["a"], negotiators["b"]


async def settled(*pcs: RTCPeerConnection) -> None:
    """Every transceiver of every peer negotiated (currentDirection set) and all stable."""
    await until(
        lambda: all(
            pc.signalingState == "stable"
            and all(t.currentDirection is not None for t in pc.getTransceivers())
            for pc in pcs
        ),
        steps=20000,
    )


@pytest.fixture(params=[True, False], ids=["a-polite", "a-impolite"])
def a_polite(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def test_setup_connects(a_polite: bool) -> None:
    """RTCPeerConnection-perfect-negotiation.https.html, "setup connects": one side adds a transceiver; both connect and agree."""

    async def main() -> None:
        a, b = make_pair()
        na, nb = wire(a, b, a_polite=a_polite)
        transceiver = a.addTransceiver("video")
        await until(lambda: a.iceConnectionState == "connected", steps=20000)
        await settled(a, b)
        assert transceiver.currentDirection == "sendonly"
        b.addTransceiver("video")
        await settled(a, b)
        assert len(a.getTransceivers()) == len(b.getTransceivers()) == 2
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())


@pytest.mark.parametrize("delay", [0, 3])
def test_glare_converges(a_polite: bool, delay: int) -> None:
    """RTCPeerConnection-perfect-negotiation.https.html, "glare": both add a transceiver at once; both end with two, no duplicates."""

    async def main() -> None:
        a, b = make_pair()
        na, nb = wire(a, b, a_polite=a_polite, delay=delay)
        a.addTransceiver("video")
        b.addTransceiver("video")
        await settled(a, b)
        assert len(a.getTransceivers()) == len(b.getTransceivers()) == 2
        assert sorted(t.mid for t in a.getTransceivers()) == sorted(
            t.mid for t in b.getTransceivers()
        )
        for t in a.getTransceivers():
            other = next(x for x in b.getTransceivers() if x.mid == t.mid)
            assert {t.currentDirection, other.currentDirection} == {"sendonly", "recvonly"}
        log = [str(step) for step in na.log + nb.log]
        polite, impolite = ("a", "b") if a_polite else ("b", "a")
        assert any(s.startswith(f"{impolite}: glare: ignores") for s in log), log
        assert any(s.startswith(f"{polite}: glare: takes the other offer") for s in log), log
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())


def test_stress_glare(a_polite: bool) -> None:
    """RTCPeerConnection-perfect-negotiation-stress-glare.https.html: ten rounds of simultaneous transceivers end with 22 on each side."""

    async def main() -> None:
        a, b = make_pair()
        na, nb = wire(a, b, a_polite=a_polite)
        for round_ in range(10):
            a.addTransceiver("video")
            b.addTransceiver("video")
            for _ in range(10 - round_):
                await asyncio.sleep(0)
        a.addTransceiver("video")
        b.addTransceiver("video")
        await settled(a, b)
        assert len(a.getTransceivers()) == len(b.getTransceivers()) == 22
        mine = [t for t in a.getTransceivers() if t.sender.track is None]
        assert all(t.currentDirection in ("sendonly", "recvonly") for t in mine)
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())


def test_ice_failure_restarts_ice() -> None:
    """webrtc-pc perfect negotiation example: iceConnectionState "failed" calls restartIce(); the renegotiation brings new ICE credentials (RFC 8839, 4.4.1.1.1) and ICE connects once the path works again."""

    def ufrags(description: Any) -> set[str]:
        assert description is not None
        return {m.ice_ufrag for m in parse(description.sdp).media if m.ice_ufrag is not None}

    async def main() -> None:
        network = MemoryNetwork()
        faulty = MemoryTransport(network, ice_failure=True)
        a = RTCPeerConnection(transport=faulty, ids=SequentialIds("a"))
        b = RTCPeerConnection(transport=MemoryTransport(network), ids=SequentialIds("b"))
        na, nb = wire(a, b, a_polite=True)
        seen: list[str] = []
        a.on("iceconnectionstatechange", lambda _e: seen.append(a.iceConnectionState))
        a.addTransceiver("audio")
        await until(lambda: a.iceConnectionState == "failed", steps=20000)
        first = {
            "a": ufrags(a.currentLocalDescription),
            "b": ufrags(a.currentRemoteDescription),
        }

        # While the path stays broken, the restart fails too and ICE restarts again.
        def restarts() -> int:
            return sum("restartIce" in str(step) for step in na.log)

        await until(lambda: restarts() >= 2, steps=20000)
        assert seen.count("failed") >= 2 and "connected" not in seen
        faulty._ice_failure = False  # the fault heals: the backend reads it at every check
        await until(
            lambda: a.iceConnectionState == b.iceConnectionState == "connected", steps=20000
        )
        await settled(a, b)
        await until(lambda: a.connectionState == b.connectionState == "connected", steps=20000)
        # New credentials on both ends, and each side's current descriptions agree on them.
        mine, theirs = ufrags(a.currentLocalDescription), ufrags(b.currentLocalDescription)
        assert mine.isdisjoint(first["a"]) and theirs.isdisjoint(first["b"]), (first, mine, theirs)
        assert ufrags(b.currentRemoteDescription) == mine
        assert ufrags(a.currentRemoteDescription) == theirs
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())


def test_send_may_be_a_plain_function() -> None:
    """DESIGN.md: PerfectNegotiator's send may be a plain function; messages are JSON-ready dicts."""

    async def main() -> None:
        pc = RTCPeerConnection()
        sent: list[dict[str, Any]] = []
        PerfectNegotiator(pc, polite=True, send=sent.append)
        pc.addTransceiver("audio")
        await until(lambda: any("description" in m for m in sent), steps=20000)
        (first,) = [m for m in sent if "description" in m][:1]
        assert first["description"]["type"] == "offer"
        json.dumps(sent)
        await pc.close()

    run(main())


def test_receive_rejects_what_is_not_a_message() -> None:
    """PerfectNegotiator.receive takes a dict; anything else is a TypeError."""

    async def main() -> None:
        pc = RTCPeerConnection()
        negotiator = PerfectNegotiator(pc, polite=True, send=lambda m: None)
        with pytest.raises(TypeError):
            await negotiator.receive("offer")  # type: ignore[arg-type]
        await pc.close()

    run(main())


def test_a_candidate_before_its_description_is_held() -> None:
    """PerfectNegotiator: a candidate that overtakes the first description is held and added after setRemoteDescription."""

    async def main() -> None:
        a, b = make_pair()
        to_b: list[dict[str, Any]] = []
        PerfectNegotiator(a, polite=False, send=to_b.append, name="a")
        nb = PerfectNegotiator(b, polite=True, send=lambda m: None, name="b")
        a.addTransceiver("audio")
        await until(lambda: any(m.get("candidate") for m in to_b), steps=20000)
        candidates = [m for m in to_b if m.get("candidate")]
        (offer,) = [m for m in to_b if m.get("description")]
        for message in candidates:  # the candidates overtake the offer
            await nb.receive(json.loads(json.dumps(message)))
        assert len(nb.held_candidates) == len(candidates)
        await nb.receive(offer)
        assert nb.held_candidates == []
        remote = b.remoteDescription
        assert remote is not None
        assert all(m["candidate"]["candidate"] in remote.sdp for m in candidates)
        assert nb.errors == []
        await a.close()
        await b.close()

    run(main())


def test_a_candidate_of_an_ice_restart_waits_for_the_restart_offer() -> None:
    """PerfectNegotiator: a candidate whose usernameFragment is not in the remote description yet (an ICE restart under way) is held, not rejected with OperationError."""

    async def main() -> None:
        a, b = make_pair()
        na, nb = wire(a, b, a_polite=True)
        a.addTransceiver("audio")
        await settled(a, b)
        early = {
            "candidate": {
                "candidate": "candidate:9 1 udp 2122260223 192.0.2.9 50009 typ host",
                "sdpMid": "0",
                "sdpMLineIndex": 0,
                "usernameFragment": "notyet",
            }
        }
        await nb.receive(early)
        assert nb.held_candidates == [early["candidate"]]
        assert nb.errors == []
        b.addTransceiver("video")  # the next description drops it: an older generation
        await settled(a, b)
        await until(lambda: any("older ICE generation" in str(s) for s in nb.log), steps=20000)
        assert nb.held_candidates == []
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())


def test_a_late_candidate_of_an_older_generation_is_dropped_quietly() -> None:
    """PerfectNegotiator: a candidate whose ufrag an earlier remote description had, arriving after an ICE restart, is dropped with a note, not reported as an error."""

    async def main() -> None:
        a, b = make_pair()
        _, nb = wire(a, b, a_polite=True)
        a.addTransceiver("audio")
        await settled(a, b)
        (old,) = nb.remote_ufrags
        a.restartIce()
        await until(lambda: len(nb.remote_ufrags) == 2, steps=20000)
        await settled(a, b)
        late = {
            "candidate": "candidate:9 1 udp 2122260223 192.0.2.9 50009 typ host",
            "sdpMid": "0",
            "sdpMLineIndex": 0,
            "usernameFragment": old,
        }
        await nb.receive({"candidate": late})
        assert nb.errors == [] and nb.held_candidates == []
        assert any("older ICE generation" in str(step) for step in nb.log)
        await a.close()
        await b.close()

    run(main())


def test_connection_state_after_glare_goes_connecting_then_connected() -> None:
    """webrtc-pc 4.3.3 and 5.5: a transport closed by the implicit rollback and used again starts "new"; connectionState goes connecting -> connected once, never connected early."""

    async def main() -> None:
        a, b = make_pair()
        na, nb = wire(a, b, a_polite=True)
        seen: dict[str, list[str]] = {"a": [], "b": []}
        a.on("connectionstatechange", lambda _e: seen["a"].append(a.connectionState))
        b.on("connectionstatechange", lambda _e: seen["b"].append(b.connectionState))
        a.addTransceiver("audio")
        a.createDataChannel("chat")
        b.addTransceiver("video")
        await settled(a, b)
        await until(lambda: a.connectionState == b.connectionState == "connected", steps=20000)
        assert any("glare" in str(step) for step in na.log)
        assert seen == {"a": ["connecting", "connected"], "b": ["connecting", "connected"]}
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())


def test_a_failed_remote_answer_still_resets_is_setting_remote_answer_pending() -> None:
    """webrtc-pc, "Perfect negotiation example" (and MDN): isSettingRemoteAnswerPending is reset after setRemoteDescription whatever happens, so an offer colliding after a bad answer is still ignored by the impolite peer."""

    async def main() -> None:
        a, b = make_pair()
        to_a: list[dict[str, Any]] = []
        to_b: list[dict[str, Any]] = []
        na = PerfectNegotiator(a, polite=True, send=to_b.append, name="a")
        nb = PerfectNegotiator(b, polite=False, send=to_a.append, name="b")
        b.addTransceiver("audio")
        await until(lambda: any(m.get("description") for m in to_a), steps=20000)
        assert b.signalingState == "have-local-offer"
        await nb.receive({"description": {"type": "answer", "sdp": "garbage"}})
        assert [type(e).__name__ for e in nb.errors] == ["RTCError"]
        assert nb.is_setting_remote_answer_pending is False
        a.addTransceiver("video")  # a's offer collides with b's, still outstanding
        await until(lambda: any(m.get("description") for m in to_b), steps=20000)
        (offer,) = [m for m in to_b if m.get("description")]
        await nb.receive(json.loads(json.dumps(offer)))
        assert b.signalingState == "have-local-offer"  # its own offer stands
        assert nb.ignore_offer
        assert str(nb.log[-1]) == "b: glare: ignores the colliding offer (impolite)"
        assert na.errors == []
        await a.close()
        await b.close()

    run(main())


def test_the_end_of_gathering_reaches_the_remote_description(a_polite: bool) -> None:
    """webrtc-pc 5.6 and addIceCandidate (RFC 8840, 8.2): the "" candidate each transport surfaces when it finishes gathering is forwarded and ends that m-section's candidates with a=end-of-candidates on the other side."""

    async def main() -> None:
        a, b = make_pair()
        na, nb = wire(a, b, a_polite=a_polite)
        a.addTransceiver("audio")
        a.createDataChannel("chat")
        await settled(a, b)
        await until(lambda: a.iceGatheringState == b.iceGatheringState == "complete", steps=20000)

        def ended(pc: RTCPeerConnection) -> bool:
            remote = pc.remoteDescription
            if remote is None:
                return False
            gathered = [m for m in parse(remote.sdp).media if m.candidates]
            return bool(gathered) and all(m.attributes_named("end-of-candidates") for m in gathered)

        await until(lambda: ended(a) and ended(b), steps=20000)
        # Each end-of-candidates line follows that m-section's last candidate.
        for pc in (a, b):
            remote = pc.remoteDescription
            assert remote is not None
            for media in parse(remote.sdp).media:
                names = [attribute.name for attribute in media.attributes]
                if "end-of-candidates" in names:
                    assert names.index("end-of-candidates") > max(
                        i for i, name in enumerate(names) if name == "candidate"
                    )
        assert na.errors == nb.errors == []
        await a.close()
        await b.close()

    run(main())
