"""The bounded fuzz run of ``make test``: parse, setRemoteDescription and addIceCandidate keep their contract.

The harness is ``tests/_fuzz.py`` (targets, mutators, the long run of
``make fuzz``).  Each test states the contract of one target over inputs
mutated from one seed family; Hypothesis shrinks a failure to its minimal
input, which then goes to ``tests/test_fuzz_regressions.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _fuzz import Live, candidate_text, check_parse, corpus_seeds, grammar_seeds, mutated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: The bounded run: enough inputs to cover every mutation kind on every seed family,
#: few enough for seconds (the profile's derandomize and database settings still apply).
PARSE = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
LIVE = settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    peers = Live()
    yield peers
    peers.close()


@PARSE
@given(mutated(corpus_seeds()))
def test_parse_keeps_its_contract_on_mutated_corpus_files(data: bytes) -> None:
    """parse(): a mutated corpus file gives a description that round-trips or an sdp-syntax-error with a line number, nothing else (DESIGN.md, Errors)."""
    check_parse(data)


@PARSE
@given(mutated(grammar_seeds()))
def test_parse_keeps_its_contract_on_mutated_grammar_text(data: bytes) -> None:
    """parse(): mutated text drawn from the grammar gives a round-tripping description or an sdp-syntax-error, nothing else (DESIGN.md, Errors)."""
    check_parse(data)


@LIVE
@given(
    data=st.data(),
    sdp_type=st.sampled_from(["offer", "answer", "pranswer", "rollback"]),
    good=st.integers(0, 2),
)
def test_set_remote_description_keeps_its_contract_and_the_peer_usable(
    live: Live, data: st.DataObject, sdp_type: str, good: int
) -> None:
    """setRemoteDescription(mutated offer): a documented error that changes nothing, after which the correct offer is answered (webrtc-pc, 4.4.1.5)."""
    live.check_remote_description(data.draw(mutated(live.seeds())), sdp_type, good)


@LIVE
@given(
    candidate=candidate_text(),
    mid=st.sampled_from([None, "0", "1", "2", "x", ""]),
    index=st.sampled_from([None, 0, 1, 2, 3, 65535]),
    ufrag=st.sampled_from([None, "o001", "zzzz", ""]),
)
def test_add_ice_candidate_keeps_its_contract_and_the_peer_usable(
    live: Live, candidate: str, mid: Any, index: Any, ufrag: Any
) -> None:
    """addIceCandidate(mutated candidate): a documented error that changes nothing, after which a correct candidate is taken (webrtc-pc, addIceCandidate)."""
    live.check_candidate(candidate, mid, index, ufrag)
