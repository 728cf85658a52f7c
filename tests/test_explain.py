"""sdpmodel.explain: what answering an offer decides, and what an answer decided relative to it."""

from __future__ import annotations

from _core import negotiate, pair, track
from hypothesis import given, settings

from sdpmodel import SessionDescription, parse
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.explain import ALLOWED_ANSWERS, explain_answer, explain_offer
from sdpmodel.testing.strategies import webrtc_session_descriptions


def test_a_fresh_answerer_explains_each_step(chrome_offer: str) -> None:
    """explain_offer: setRemoteDescription(offer), createAnswer, setLocalDescription(answer), each explained."""
    result = explain_offer(chrome_offer)
    assert result.refused is None and result.answer is not None
    assert [e.headline for e in result.explanations] == [
        "setRemoteDescription(offer): stable -> have-remote-offer",
        "createAnswer",
        "setLocalDescription(answer): have-remote-offer -> stable",
    ]
    answer_decisions = [str(d) for d in result.explanations[1]]
    assert (
        "m=0: audio: offered sendrecv, local direction recvonly -> answer recvonly "
        "(RFC 3264, 6.1; RFC 9429, 5.3.1)"
    ) in answer_decisions
    # The same every time: ids are sequential.
    assert explain_offer(chrome_offer) == result


def test_the_bundle_policy_changes_the_answer(chrome_offer: str) -> None:
    """Under max-bundle an offer without BUNDLE keeps only its first m-section (RFC 9429, 5.3.1)."""
    unbundled = chrome_offer.replace("a=group:BUNDLE 0 1 2\n", "")
    result = explain_offer(
        unbundled, configuration=RTCConfiguration.from_init({"bundlePolicy": "max-bundle"})
    )
    rejected = [d for d in result.explanations[1] if "rejected: max-bundle policy" in d.text]
    assert [d.subject for d in rejected] == ["m=1", "m=2"]


def test_an_offer_the_jsep_rules_refuse_is_a_result(chrome_offer: str) -> None:
    """An offer without a=fingerprint is refused (RFC 9429, 5.8); explain_offer says so and stops."""
    lines = [line for line in chrome_offer.splitlines() if not line.startswith("a=fingerprint")]
    result = explain_offer("\r\n".join(lines) + "\r\n")
    assert result.explanations == () and result.answer is None
    assert result.refused is not None and result.refused.startswith("InvalidAccessError: ")


def test_explain_answer_per_m_section(chrome_offer: str) -> None:
    """explain_answer: directions with RFC 3264, 6.1, codecs kept with the offer's payload types, BUNDLE, roles."""
    answer = explain_offer(chrome_offer).answer
    assert answer is not None
    result = explain_answer(parse(chrome_offer), parse(answer))
    assert result.problems == ()
    texts = [str(d) for d in result.decisions]
    assert (
        "m=0: audio, mid 0: offered sendrecv, answered recvonly: media offerer -> answerer "
        "(RFC 3264, 6.1)"
    ) in texts
    assert any(
        t.startswith("m=0: codecs kept from the offer, with its payload types: 111 opus, 63 red")
        for t in texts
    )
    assert any("answered BUNDLE 0 1 2: the answerer-tagged m-section is mid 0" in t for t in texts)
    assert any("the answerer is the DTLS client, the offerer the server" in t for t in texts)
    assert any(t.startswith("m=2: application, mid 2: data channels accepted") for t in texts)


def test_an_answer_that_breaks_the_direction_rule_is_flagged() -> None:
    """An m-section offered sendonly cannot be answered sendrecv (RFC 3264, 6.1): a problem on its m= line."""
    a, b = pair()
    a.add_transceiver("audio", direction="sendonly")
    offer, answer = negotiate(a, b)
    broken = answer.replace("a=recvonly", "a=sendrecv")
    result = explain_answer(parse(offer), parse(broken))
    (problem,) = [p for p in result.problems if p.rule == "RFC 3264, 6.1"]
    assert problem.message == (
        "an m-section offered sendonly cannot be answered sendrecv (use recvonly or inactive)"
    )
    assert broken.split("\r\n")[problem.line - 1].startswith("m=audio")


def test_an_answer_with_a_payload_type_of_its_own_is_flagged() -> None:
    """An answer uses the offer's payload types for the offer's codecs (RFC 3264, 6.1), and no others (RFC 9429, 5.3.1)."""
    a, b = pair()
    a.add_track(track("audio"))
    offer, answer = negotiate(a, b)
    remapped = answer.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 PCMU/8000")
    problems = explain_answer(parse(offer), parse(remapped)).problems
    assert any(
        p.rule == "RFC 3264, 6.1" and p.message.startswith("payload type 111 is opus/48000")
        for p in problems
    )
    extra = answer.replace(" 111 ", " 111 77 ", 1).replace(
        "a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/48000/2\r\na=rtpmap:77 iLBC/8000"
    )
    problems = explain_answer(parse(offer), parse(extra)).problems
    assert any(p.rule == "RFC 9429, 5.3.1" and "77 iLBC/8000" in p.message for p in problems)


def test_validate_problems_are_included_once() -> None:
    """The answer's validate() and JSEP problems come too (an answer with a missing m-line: RFC 3264, 6)."""
    a, b = pair()
    a.add_track(track("audio"))
    a.add_track(track("video", "camera"))
    offer, answer = negotiate(a, b)
    cut = answer[: answer.index("m=video")]
    problems = explain_answer(parse(offer), parse(cut)).problems
    assert [p.rule for p in problems].count("RFC 3264, 6") == 1
    assert len({(p.line, p.message) for p in problems}) == len(problems)


def test_the_answer_rules_table_is_rfc_3264() -> None:
    """ALLOWED_ANSWERS is RFC 3264, 6.1: sendonly -> recvonly/inactive, recvonly -> sendonly/inactive."""
    assert {k.value: [v.value for v in vs] for k, vs in ALLOWED_ANSWERS.items()} == {
        "sendrecv": ["sendrecv", "sendonly", "recvonly", "inactive"],
        "sendonly": ["recvonly", "inactive"],
        "recvonly": ["sendonly", "inactive"],
        "inactive": ["inactive"],
    }


@settings(max_examples=30, deadline=None)
@given(
    webrtc_session_descriptions(sdp_type="offer"), webrtc_session_descriptions(sdp_type="answer")
)
def test_any_offer_and_answer_are_explained_without_error(
    offer: SessionDescription, answer: SessionDescription
) -> None:
    """explain_answer takes any browser-shaped pair (Hypothesis): decisions and problems, never an exception."""
    result = explain_answer(offer, answer)
    assert all(d.source for d in result.decisions)
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)


@settings(max_examples=20, deadline=None)
@given(webrtc_session_descriptions(sdp_type="offer"))
def test_any_browser_offer_is_answered_or_refused(offer: SessionDescription) -> None:
    """explain_offer of a browser-shaped offer (Hypothesis): an answer, or a documented refusal."""
    result = explain_offer(offer.to_sdp())
    assert (result.answer is not None) or (result.refused is not None)
