"""sdpmodel.testing.machines: the public two-peer machine, run as the project's own conformance test."""

from __future__ import annotations

from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from sdpmodel.testing.machines import TwoPeerMachine


def test_two_perfect_negotiators_always_agree() -> None:
    """webrtc-pc perfect negotiation: with glare in any interleaving, both peers settle stable with the same mids and reversed directions."""
    TwoPeerMachine.timelines.clear()
    run_state_machine_as_test(TwoPeerMachine, settings=settings(stateful_step_count=40))
    # Not one scripted path: the examples took many different negotiation timelines.
    assert len(TwoPeerMachine.timelines) > 10
    print(f"\nTwoPeerMachine explored {len(TwoPeerMachine.timelines)} distinct timelines")
