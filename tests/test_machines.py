"""sdpmodel.testing.machines: the public two-peer machine, run as the project's own conformance test."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from sdpmodel.testing.machines import TwoPeerMachine


def test_two_perfect_negotiators_always_agree() -> None:
    """webrtc-pc perfect negotiation: with glare in any interleaving, both peers settle stable with the same mids and reversed directions."""
    TwoPeerMachine.timelines.clear()
    run_state_machine_as_test(TwoPeerMachine, settings=settings(stateful_step_count=40))
    # Not one scripted path: the examples took many different negotiation timelines (at
    # least one in ten examples new: a random dev run of 50 explores 18 to 46, the
    # derandomized ci run of 200 more).
    assert len(TwoPeerMachine.timelines) > settings().max_examples // 10
    print(f"\nTwoPeerMachine explored {len(TwoPeerMachine.timelines)} distinct timelines")


def test_every_example_ends_drained_and_agreeing() -> None:
    """TwoPeerMachine: the end of an example (teardown) delivers what is still in flight and checks agreement, though no settle rule ran."""
    machine = TwoPeerMachine()
    machine.add_transceiver(side="a", kind="audio", direction="sendrecv")
    machine.teardown()
    steps = [str(step) for step in machine.timeline]
    assert "b: answers: setLocalDescription() -> stable" in steps, steps
    assert "a: setRemoteDescription(answer) -> stable" in steps, steps


def test_a_lost_message_fails_at_the_end_of_the_example() -> None:
    """TwoPeerMachine: an answer lost on the way leaves the offerer in have-local-offer, which the end of the example reports (both must end stable)."""
    machine = TwoPeerMachine()
    machine.add_transceiver(side="b", kind="video", direction="sendrecv")
    machine.settle()
    machine.add_transceiver(side="a", kind="audio", direction="sendrecv")
    machine.wait(steps=30)
    machine.deliver(to="b", kind="description")  # the offer; b answers
    machine.wait(steps=30)
    assert machine.channel.take("a", "description") is not None  # the answer is lost
    assert machine.peers["a"].signalingState == "have-local-offer"
    with pytest.raises(AssertionError, match="did not settle"):
        machine.teardown()


def test_teardown_after_a_failure_only_cleans_up() -> None:
    """TwoPeerMachine: when a rule already failed, teardown reports nothing of its own, so Hypothesis shows the first failure."""
    machine = TwoPeerMachine()
    machine.add_transceiver(side="a", kind="audio", direction="sendrecv")
    machine.channel.take("b", "description")  # would fail the final check

    def run_example() -> None:  # what Hypothesis does: teardown in a finally
        try:
            raise KeyError("the rule's failure")
        finally:
            machine.teardown()

    with pytest.raises(KeyError, match="the rule's failure"):
        run_example()
    assert machine.loop.is_closed()


def test_agreement_counts_live_transceivers_with_a_mid(monkeypatch: pytest.MonkeyPatch) -> None:
    """RFC 3264, 6 and RFC 5888, 4: each side has as many live transceivers with a mid, no mid twice; a duplicate fails the agreement."""
    machine = TwoPeerMachine()
    machine.add_transceiver(side="a", kind="audio", direction="sendrecv")
    machine.settle()
    b = machine.peers["b"]
    transceivers = b.getTransceivers()
    monkeypatch.setattr(b, "getTransceivers", lambda: [*transceivers, transceivers[0]])
    with pytest.raises(AssertionError):
        machine.check_agreement()
    monkeypatch.undo()
    machine.teardown()


def test_agreement_covers_the_data_channels() -> None:
    """RFC 8841, 5 and RFC 8832, 6: after the first data channel both ends have the SCTP m-section and see the same channels; one the other end never announced fails the agreement."""
    machine = TwoPeerMachine()
    machine.create_data_channel(side="a")
    machine.create_data_channel(side="b")
    machine.settle()
    a, b = machine.peers["a"], machine.peers["b"]
    assert a.sctp is not None and b.sctp is not None
    seen = {side: sorted((c.id, c.readyState) for c in cs) for side, cs in machine.channels.items()}
    assert seen["a"] == seen["b"] and len(seen["a"]) == 2, seen
    assert {state for _, state in seen["a"]} == {"open"}
    announced = machine.channels["b"].pop()  # as if its datachannel event never came
    with pytest.raises(AssertionError):
        machine.check_data_channels()
    machine.channels["b"].append(announced)
    machine.teardown()


def test_each_subclass_keeps_its_own_timelines() -> None:
    """TwoPeerMachine.timelines: a set per subclass, so one machine's runs do not count as another's."""

    class First(TwoPeerMachine):
        pass

    class Second(TwoPeerMachine):
        pass

    assert First.timelines is not Second.timelines
    assert First.timelines is not TwoPeerMachine.timelines
    before = set(TwoPeerMachine.timelines)
    machine = First()
    machine.add_transceiver(side="a", kind="audio", direction="sendrecv")
    machine.teardown()
    assert len(First.timelines) == 1
    assert Second.timelines == set()
    assert TwoPeerMachine.timelines == before
