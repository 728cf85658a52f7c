"""sdpmodel.trace: narrated negotiations, built from what really happens, the same on every run."""

from __future__ import annotations

import asyncio

import pytest

from sdpmodel.decisions import IMPLICIT_ROLLBACK
from sdpmodel.trace import SCENARIOS, Stage, Timeline, narrate, run_scenario

#: What each scenario's two peers do, in order: the application's calls, every operation
#: with its signaling states, the perfect negotiator's steps and the descriptions sent
#: (candidates and events left out: their interleaving is the transport's business).
STORIES: dict[str, list[str]] = {
    "basic": [
        "alice: addTrack(audio track, stream alice-av)",
        "alice: addTrack(video track, stream alice-av)",
        "alice: createOffer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: createAnswer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
    ],
    "glare": [
        "alice: addTrack(audio track, stream alice-a)",
        "alice: createDataChannel('chat')",
        "bob: addTrack(video track, stream bob-v)",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "bob: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "bob: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: sends its offer",
        "alice: glare: takes the other offer; its own is rolled back (polite)",
        "alice: setRemoteDescription(offer): have-local-offer -> have-remote-offer",
        "alice: setLocalDescription(answer): have-remote-offer -> stable",
        "alice: sends its answer",
        "bob: glare: ignores the colliding offer (impolite)",
        "bob: a candidate of the ignored offer is dropped",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: a candidate of the ignored offer is dropped",
        "bob: a candidate of the ignored offer is dropped",
        "bob: a candidate of the ignored offer is dropped",
        "bob: setRemoteDescription(answer): have-local-offer -> stable",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
        "alice: send('hello from alice')",
        "bob: send('hi alice, bob here')",
    ],
    "rollback": [
        "alice: addTrack(audio track, stream alice-a)",
        "alice: createOffer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setRemoteDescription(rollback): have-remote-offer -> stable",
        "alice: setLocalDescription(rollback): have-local-offer -> stable",
        "alice: createOffer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: createAnswer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
    ],
    "ice-restart": [
        "alice: addTrack(audio track, stream alice-a)",
        "alice: createOffer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: createAnswer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
        "alice: restartIce()",
        "alice: createOffer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: createAnswer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
    ],
    "renegotiation": [
        "alice: addTrack(audio track, stream alice-a)",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
        "alice: addTrack(video track, stream alice-v)",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
        "alice: stop() the audio transceiver",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
        "alice: addTrack(audio track, stream alice-a2)",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
    ],
    "pranswer": [
        "alice: addTrack(audio track, stream alice-a)",
        "alice: createOffer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: createAnswer",
        "bob: setLocalDescription(pranswer): have-remote-offer -> have-local-pranswer",
        "bob: sends its pranswer",
        "alice: setRemoteDescription(pranswer): have-local-offer -> have-remote-pranswer",
        "bob: addTrack(audio track, stream bob-a): the call is taken",
        "bob: createAnswer",
        "bob: setLocalDescription(answer): have-local-pranswer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-remote-pranswer -> stable",
    ],
    "datachannel": [
        "alice: createDataChannel('chat')",
        "alice: negotiationneeded: setLocalDescription() makes an offer",
        "alice: setLocalDescription(offer): stable -> have-local-offer",
        "alice: sends its offer",
        "bob: setRemoteDescription(offer): stable -> have-remote-offer",
        "bob: setLocalDescription(answer): have-remote-offer -> stable",
        "bob: sends its answer",
        "alice: setRemoteDescription(answer): have-local-offer -> stable",
        "alice: send('hello from alice')",
        "bob: send('hi alice, bob here')",
    ],
}


def story(timeline: Timeline) -> list[str]:
    return [
        f"{e.who}: {e.text}"
        for e in timeline.entries
        if e.kind in ("act", "operation", "pattern", "signal") and e.text != "addIceCandidate"
    ]


def play(name: str) -> Timeline:
    return asyncio.run(run_scenario(name))


@pytest.fixture(scope="module")
def timelines() -> dict[str, Timeline]:
    return {name: play(name) for name in SCENARIOS}


def texts(timeline: Timeline, who: str | None = None) -> list[str]:
    return [str(d) for e in timeline.entries if who in (None, e.who) for d in e.decisions] + [
        e.text for e in timeline.entries if who in (None, e.who)
    ]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_scenario_tells_its_story(name: str, timelines: dict[str, Timeline]) -> None:
    """Every built-in scenario runs to its end, and its steps are the negotiation webrtc-pc gives."""
    assert story(timelines[name]) == STORIES[name]


@pytest.mark.parametrize("name", ["glare", "renegotiation"])
def test_a_narration_is_the_same_on_every_run(name: str, timelines: dict[str, Timeline]) -> None:
    """Sequential ids and the in-memory transport: the whole narration repeats exactly."""
    again = play(name)
    assert narrate(again, decisions="all") == narrate(timelines[name], decisions="all")


def test_glare_is_resolved_by_perfect_negotiation(timelines: dict[str, Timeline]) -> None:
    """Glare: impolite bob ignores alice's offer, polite alice rolls hers back implicitly (webrtc-pc, 10.7)."""
    glare = timelines["glare"]
    (rolled_back,) = [
        e
        for e in glare.entries
        if e.who == "alice" and e.text.startswith("setRemoteDescription(offer): have-local-offer")
    ]
    assert IMPLICIT_ROLLBACK in rolled_back.decisions
    events = [f"{e.who}: {e.text}" for e in glare.entries if e.kind == "event"]
    assert "alice: track: a remote video track (mid 0, bob-v)" in events
    assert "bob: track: a remote audio track (mid 2, alice-a)" in events
    assert events.count("alice: connectionState connected") >= 1
    assert "bob: connectionState connected" in events


def test_rollback_removes_what_the_remote_offer_created(timelines: dict[str, Timeline]) -> None:
    """Rolling back a remote offer removes the transceiver it created (webrtc-pc, 4.6.11.2.7)."""
    decisions = texts(timelines["rollback"], "bob")
    assert any("removed: created by the rolled-back remote offer" in t for t in decisions)
    assert any("rollback: have-remote-offer -> stable" in t for t in decisions)


def test_ice_restart_is_narrated(timelines: dict[str, Timeline]) -> None:
    """restartIce(): new ufrags in the offer, gathering again, a new ICE session (RFC 8839, 4.4.1.1.1)."""
    alice = texts(timelines["ice-restart"], "alice")
    assert any("ICE restart: new ufrag alice002 (was alice001)" in t for t in alice)
    assert any("ICE restart: gathering again with the new ufrag alice002" in t for t in alice)
    assert any("ICE restart: a new ICE session (ufrags alice001/bob001" in t for t in alice)
    assert any(
        "the offer restarts ICE for mid 0" in t for t in texts(timelines["ice-restart"], "bob")
    )


def test_renegotiation_recycles_the_rejected_m_line(timelines: dict[str, Timeline]) -> None:
    """A stopped transceiver's m-line is rejected, then recycled for the next track (RFC 9429, 5.2.2)."""
    alice = texts(timelines["renegotiation"], "alice")
    assert any("the transceiver is stopped: port 0, no msid" in t for t in alice)
    assert any("the rejected m-line (mid 0) is recycled for transceiver" in t for t in alice)


def test_pranswer_is_provisional(timelines: dict[str, Timeline]) -> None:
    """A pranswer says the offer stays pending (RFC 9429, 4.1.10.1)."""
    assert any(
        "provisional answer: its transports start" in t for t in texts(timelines["pranswer"])
    )


def test_datachannel_messages_cross(timelines: dict[str, Timeline]) -> None:
    """The data channel opens on both sides and a message crosses each way."""
    for name, channel_id in (("datachannel", 1), ("glare", 0)):
        data = [f"{e.who}: {e.text}" for e in timelines[name].entries if e.kind != "operation"]
        # The id's parity is the DTLS role's (RFC 8832, 6): alice answered in the glare.
        assert f"bob: datachannel: 'chat' (id {channel_id})" in data
        assert "bob: receives 'hello from alice' on 'chat'" in data
        assert "alice: receives 'hi alice, bob here' on 'chat'" in data


def test_narration_levels(timelines: dict[str, Timeline]) -> None:
    """brief < key < all: key leaves out details and table rows, brief every decision but the implicit rollback."""
    glare = timelines["glare"]
    brief, key, every = (narrate(glare, decisions=level) for level in ("brief", "key", "all"))
    assert len(brief) < len(key) < len(every)
    assert [line for line in brief if "(webrtc-pc, setRemoteDescription(), step 4.1)" in line]
    assert not [line for line in key if "payload type 96 VP8/90000 kept" in line]
    assert [line for line in every if "payload type 96 VP8/90000 kept" in line]
    assert all(len(line) <= 100 for line in every)
    with pytest.raises(ValueError, match="decisions is one of"):
        narrate(glare, decisions="some")


def test_narration_numbers_each_entry(timelines: dict[str, Timeline]) -> None:
    """Each entry is one numbered line (its decisions follow, indented); brief leaves candidates out."""
    timeline = timelines["basic"]
    numbered = [line for line in narrate(timeline) if line[:2].strip().isdigit()]
    assert len(numbered) == len(timeline.entries)
    assert numbered[0] == " 1  alice  addTrack(audio track, stream alice-av)"
    brief = narrate(timeline, decisions="brief")
    candidates = [e for e in timeline.entries if e.text == "addIceCandidate"]
    assert candidates
    assert brief[-1] == f"({len(candidates)} candidates were trickled and added on the way)"
    assert not [line for line in brief if "addIceCandidate" in line]


def test_an_unknown_transport_is_refused() -> None:
    """A stage's transport is a name of TRANSPORTS (memory today)."""
    with pytest.raises(ValueError, match="unknown transport 'carrier-pigeon'"):
        Stage("carrier-pigeon")
