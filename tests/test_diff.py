"""sdpmodel.diff: the semantic changes between two descriptions, each with its rule."""

from __future__ import annotations

from _core import negotiate, pair, track
from hypothesis import given, settings

from sdpmodel import SessionDescription, parse
from sdpmodel.diff import Change, diff
from sdpmodel.testing.strategies import session_descriptions, webrtc_session_descriptions


def aspects(changes: tuple[Change, ...]) -> list[tuple[int | None, str]]:
    return [(c.index, c.aspect) for c in changes]


def offers_after(change: object) -> tuple[str, str]:
    """A negotiated offer, and the next offer after ``change(offerer)``."""
    a, b = pair()
    a.add_track(track("audio"))
    a.add_track(track("video", "camera"))
    first, _ = negotiate(a, b)
    change(a)  # type: ignore[operator]
    return first, a.create_offer()


def test_the_same_description_has_no_changes(chrome_offer: str) -> None:
    """A description compared with itself, or with its canonical rewrite, means the same."""
    desc = parse(chrome_offer)
    assert diff(desc, desc) == ()
    assert diff(desc, parse(desc.to_sdp().replace("\r\n", "\n"))) == ()


def test_an_unchanged_renegotiation_differs_in_the_version_only() -> None:
    """A re-offer with nothing new: only the o= session version moves (RFC 8866, 5.2; RFC 3264, 8)."""
    first, second = offers_after(lambda a: None)
    # Once BUNDLE is negotiated the offer drops a=rtcp-mux-only and the untagged a=rtcp-rsize
    # (RFC 9429, 5.2.2): lines diff compares as lines.
    (change,) = [c for c in diff(parse(first), parse(second)) if c.aspect != "attribute"]
    assert (change.index, change.aspect, change.before, change.after) == (None, "origin", "1", "2")
    assert change.rule == "RFC 8866, 5.2; RFC 3264, 8"


def test_a_stopped_transceiver_is_rejected_and_nothing_more() -> None:
    """Stopping a transceiver rejects its m-line (port 0): what the rejected line lists is not a change (RFC 3264, 6)."""
    first, second = offers_after(lambda a: a.stop_transceiver(a.session.transceivers[1].id))
    changes = tuple(c for c in diff(parse(first), parse(second)) if c.aspect != "attribute")
    assert aspects(changes) == [(None, "origin"), (None, "bundle"), (1, "rejected")]
    bundle = changes[1]
    assert bundle.text == "BUNDLE 0 1 -> 0; mids out: 1"


def test_direction_ice_restart_and_an_added_m_section() -> None:
    """A new direction, an ICE restart (new ufrag, RFC 8839, 4.4.1.1.1) and an appended m-section."""

    def change(a: object) -> None:
        a.set_direction(a.session.transceivers[0].id, "recvonly")  # type: ignore[attr-defined]
        a.add_track(track("audio", "second"))  # type: ignore[attr-defined]
        a.restart_ice()  # type: ignore[attr-defined]

    first, second = offers_after(change)
    changes = diff(parse(first), parse(second))
    by_aspect = {(c.index, c.aspect): c for c in changes}
    direction = by_aspect[(0, "direction")]
    assert (direction.before, direction.after) == ("sendrecv", "recvonly")
    restart = by_aspect[(0, "ice")]
    assert restart.text.startswith("new ICE credentials (ufrag a001 -> a002): an ICE restart")
    assert restart.rule == "RFC 8839, 4.4.1.1.1"
    assert (1, "ice") in by_aspect  # every m-section restarts
    added = by_aspect[(2, "added")]
    assert added.text == "added: audio, mid 2, sendrecv, UDP/TLS/RTP/SAVPF"
    assert by_aspect[(None, "bundle")].text == "BUNDLE 0 1 -> 0 1 2; mids in: 2"
    assert (0, "msid") in by_aspect  # recvonly: no more msid


def test_a_recycled_m_line_is_named() -> None:
    """A rejected m-line that carries a new mid is recycled, not a changed one (RFC 9429, 5.2.2)."""
    a, b = pair()
    a.add_track(track("audio"))
    a.add_track(track("video", "camera"))
    negotiate(a, b)
    a.stop_transceiver(a.session.transceivers[0].id)
    rejected, _ = negotiate(a, b)
    a.add_track(track("video", "screen"))
    recycled = a.create_offer()
    changes = diff(parse(rejected), parse(recycled))
    (change,) = [c for c in changes if c.index == 0]
    assert change.aspect == "recycled"
    assert change.text == (
        "recycled: the rejected m-line (audio, mid 0, rejected (port 0), UDP/TLS/RTP/SAVPF) now "
        "carries video, mid 2, sendrecv, UDP/TLS/RTP/SAVPF"
    )
    assert change.rule == "RFC 9429, 5.2.2; RFC 3264, 8.3.3"


def test_codec_changes_by_payload_type(chrome_offer: str) -> None:
    """Codecs are compared by payload type: removed, remapped (RFC 3264, 8.3.2), fmtp, rtcp-fb, order."""
    b_text = (
        chrome_offer.replace("a=rtpmap:63 red/48000/2", "a=rtpmap:63 G722/8000")
        .replace("a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:111 minptime=20")
        .replace("a=rtcp-fb:96 nack pli\n", "")
        .replace(
            "m=video 50004 UDP/TLS/RTP/SAVPF 96 97 98", "m=video 50004 UDP/TLS/RTP/SAVPF 98 97 96"
        )
    )
    changes = [c for c in diff(parse(chrome_offer), parse(b_text)) if c.aspect == "codecs"]
    texts = [c.text for c in changes]
    assert (
        "payload type 63 now means 63 G722/8000 (was 63 red/48000/2): a payload type keeps its "
        "codec within a session"
    ) in texts
    assert "payload type 111 opus: fmtp minptime=10;useinbandfec=1 -> minptime=20" in texts
    assert any(t.startswith("payload type 96 VP8: rtcp-fb ") for t in texts)
    assert any(t.startswith("preference order 96 97 98") for t in texts)


def test_offer_and_answer_are_two_ends_not_a_restart() -> None:
    """Across two sessions (different o= sess-id) other ICE/DTLS values are not an ICE restart."""
    a, b = pair()
    a.add_track(track("audio"))
    offer, answer = negotiate(a, b)
    changes = diff(parse(offer), parse(answer))
    by_aspect = {(c.index, c.aspect): c for c in changes}
    assert by_aspect[(None, "origin")].text.startswith("another session: o= sess-id")
    assert by_aspect[(0, "ice")].text == "ICE credentials ufrag a001 -> b001"
    assert by_aspect[(0, "setup")].text == "a=setup:actpass -> a=setup:active"
    assert by_aspect[(0, "direction")].after == "recvonly"


def test_candidates_and_other_attribute_lines(chrome_offer: str) -> None:
    """Candidates added or removed are named; unknown attribute lines are compared as lines."""
    lines = chrome_offer.splitlines()
    first_candidate = next(i for i, line in enumerate(lines) if line.startswith("a=candidate:"))
    removed = lines[first_candidate]
    lines[first_candidate] = "a=x-custom:1"
    changes = diff(parse(chrome_offer), parse("\r\n".join(lines) + "\r\n"))
    texts = [str(c) for c in changes]
    assert any(t.startswith("m=0 (mid 0): 1 candidate(s) removed: host udp") for t in texts)
    assert "m=0 (mid 0): added a=x-custom:1" in texts
    assert removed not in texts


def test_a_change_has_json() -> None:
    """Change.to_json carries every field (what `sdpmodel diff --json` prints)."""
    change = Change(1, "1", "direction", "direction sendrecv -> recvonly", "sendrecv", "recvonly")
    assert change.to_json() == {
        "index": 1,
        "mid": "1",
        "aspect": "direction",
        "text": "direction sendrecv -> recvonly",
        "before": "sendrecv",
        "after": "recvonly",
        "rule": None,
    }
    assert str(change) == "m=1 (mid 1): direction sendrecv -> recvonly"


@settings(max_examples=30, deadline=None)
@given(session_descriptions(), session_descriptions())
def test_any_two_descriptions_diff_without_error(
    a: SessionDescription, b: SessionDescription
) -> None:
    """diff takes any two round-tripping descriptions (Hypothesis): changes, never an exception; a == a."""
    changes = diff(a, b)
    assert all(isinstance(c, Change) and c.text for c in changes)
    assert diff(a, a) == ()


@settings(max_examples=30, deadline=None)
@given(
    webrtc_session_descriptions(sdp_type="offer"), webrtc_session_descriptions(sdp_type="answer")
)
def test_browser_shaped_pairs_diff_without_error(
    offer: SessionDescription, answer: SessionDescription
) -> None:
    """diff of browser-shaped offers and answers (Hypothesis) gives changes with sentences and JSON."""
    for change in diff(offer, answer):
        assert str(change) and set(change.to_json()) >= {"index", "aspect", "text"}
