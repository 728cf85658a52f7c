"""Two pure-core sessions and the helpers that drive them (no asyncio, no transport)."""

from __future__ import annotations

from typing import Any

import attrs

from sdpmodel.configuration import RTCConfiguration
from sdpmodel.ids import SequentialIds
from sdpmodel.jsep import Session, Step
from sdpmodel.transceiver import TrackRef


@attrs.define
class Peer:
    """A mutable holder of one session, recording the effects and decisions of each step."""

    session: Session
    effects: list[Any] = attrs.field(factory=list)
    decisions: list[Any] = attrs.field(factory=list)

    def do(self, step: Step[Any]) -> Any:
        self.session = step.session
        self.effects = list(step.effects)
        self.decisions = list(step.decisions)
        return step.value

    def __getattr__(self, name: str) -> Any:
        if not callable(getattr(self.session, name)):
            return getattr(self.session, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            # Looked up now, after the arguments ran (they may have changed the session).
            return self.do(getattr(self.session, name)(*args, **kwargs))

        return call


def peer(prefix: str = "a", **configuration: Any) -> Peer:
    return Peer(
        Session.create(RTCConfiguration.from_init(configuration), ids=SequentialIds(prefix))
    )


def pair(**configuration: Any) -> tuple[Peer, Peer]:
    return peer("a", **configuration), peer("b", **configuration)


def track(kind: str = "audio", name: str | None = None) -> TrackRef:
    return TrackRef(name or f"track-{kind}", kind)


def negotiate(offerer: Peer, answerer: Peer) -> tuple[str, str]:
    """createOffer, SLD, SRD, createAnswer, SLD, SRD; returns (offer, answer) SDP."""
    offer = offerer.create_offer()
    offerer.set_local_description("offer", offer)
    answerer.set_remote_description("offer", offer)
    answer = answerer.create_answer()
    answerer.set_local_description("answer", answer)
    offerer.set_remote_description("answer", answer)
    return offer, answer
