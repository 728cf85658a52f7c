"""The perfect negotiation pattern (webrtc-pc, "Perfect negotiation example"; MDN).

``PerfectNegotiator`` wires one RTCPeerConnection to a signaling ``send``
function so that either side may start a negotiation at any time, glare
included: the *polite* peer yields to an incoming offer (setRemoteDescription
rolls its own offer back implicitly), the *impolite* peer ignores an offer
that collides with its own.  It is the example of the spec, line for line:

* ``negotiationneeded`` -> ``setLocalDescription()`` (no argument: the
  connection creates what its state needs) and send the local description,
  with ``making_offer`` set meanwhile;
* ``icecandidate`` -> send the candidate; ``iceconnectionstatechange`` to
  "failed" -> ``restartIce()``;
* ``receive({"description": ...})``: an offer collides when we are making an
  offer or are not stable (unless an answer is being applied,
  ``is_setting_remote_answer_pending``); impolite ignores it, polite applies
  it; an offer is answered with ``setLocalDescription()``;
* ``receive({"candidate": ...})``: added; errors are swallowed while an offer
  is ignored (its candidates belong to a description we never set).

One addition to the example, for signaling channels that do not keep
candidates behind their description (two channels, or a server that
forwards kinds separately): a candidate that arrives before any remote
description, or whose ``usernameFragment`` is not in the remote description
yet (it belongs to an ICE restart whose offer is still on its way), is held
(at most ``MAX_HELD`` of them) and added after the next
setRemoteDescription; one that still does not fit then belongs to an older
ICE generation and is dropped, with a note in ``log``.  Likewise a candidate
that arrives late, after an ICE restart moved its m-section to new
credentials (its ufrag is one an earlier remote description had), is dropped
with a note: addIceCandidate's OperationError is expected there and is not
an error of the application.

Messages are JSON-ready dicts (``{"description": {"type", "sdp"}}``,
``{"candidate": {...}}``).  ``send`` may be a plain function or a
coroutine function.  Each decision is kept in ``log`` (for traces and
tests); errors the pattern does not expect are logged and kept in
``errors`` instead of escaping a handler.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sdpmodel.errors import InvalidStateError, OperationError
from sdpmodel.events import Event, RTCPeerConnectionIceEvent

if TYPE_CHECKING:
    from sdpmodel.peer import RTCPeerConnection

__all__ = ["NegotiationStep", "PerfectNegotiator"]

_logger = logging.getLogger("sdpmodel.perfect")

Message = dict[str, Any]
Send = Callable[[Message], Awaitable[None] | None]


@attrs.frozen
class NegotiationStep:
    """One thing the negotiator did or decided, for traces (``who`` is its name)."""

    who: str
    what: str

    def __str__(self) -> str:
        return f"{self.who}: {self.what}"


class PerfectNegotiator:
    """The perfect negotiation pattern over ``pc`` (see the module docstring)."""

    #: How many early candidates are held for a description still on its way.
    MAX_HELD = 1000

    def __init__(
        self,
        pc: RTCPeerConnection,
        *,
        polite: bool,
        send: Send,
        name: str | None = None,
    ) -> None:
        if not callable(send):
            raise TypeError("PerfectNegotiator: send must be callable")
        self.pc = pc
        self.polite = polite
        self.name = name if name is not None else ("polite" if polite else "impolite")
        self._send = send
        self.making_offer = False
        self.ignore_offer = False
        self.is_setting_remote_answer_pending = False
        self.log: list[NegotiationStep] = []
        self.errors: list[BaseException] = []
        self.held_candidates: list[Mapping[str, Any]] = []
        #: Every ICE ufrag a remote description applied so far had.
        self.remote_ufrags: set[str] = set()
        pc.on("negotiationneeded", self._on_negotiation_needed)
        pc.on("icecandidate", self._on_ice_candidate)
        pc.on("iceconnectionstatechange", self._on_ice_connection_state)

    def close(self) -> None:
        """Stop listening to the connection's events."""
        self.pc.off("negotiationneeded", self._on_negotiation_needed)
        self.pc.off("icecandidate", self._on_ice_candidate)
        self.pc.off("iceconnectionstatechange", self._on_ice_connection_state)

    # --- what the connection tells us --------------------------------------------------

    def _note(self, what: str) -> None:
        self.log.append(NegotiationStep(self.name, what))

    async def _deliver(self, message: Message) -> None:
        result = self._send(message)
        if inspect.isawaitable(result):
            await result

    def _fail(self, where: str, error: BaseException) -> None:
        self.errors.append(error)
        self._note(f"{where} failed: {error}")
        _logger.warning("%s: %s failed: %s", self.name, where, error)

    async def _on_negotiation_needed(self, _event: Event) -> None:
        try:
            self.making_offer = True
            self._note("negotiationneeded: setLocalDescription() makes an offer")
            await self.pc.setLocalDescription()
            description = self.pc.localDescription
            if description is not None:
                self._note(f"sends its {description.type}")
                await self._deliver({"description": description.toJSON()})
        except Exception as error:
            self._fail("negotiationneeded", error)
        finally:
            self.making_offer = False

    async def _on_ice_candidate(self, event: RTCPeerConnectionIceEvent) -> None:
        candidate = None if event.candidate is None else event.candidate.toJSON()
        try:
            await self._deliver({"candidate": candidate})
        except Exception as error:
            self._fail("sending a candidate", error)

    def _on_ice_connection_state(self, _event: Event) -> None:
        if self.pc.iceConnectionState == "failed":
            self._note("ICE failed: restartIce()")
            self.pc.restartIce()

    # --- what the other side sends -------------------------------------------------------

    async def receive(self, message: Mapping[str, Any]) -> None:
        """Handle one signaling message: ``{"description": ...}`` or ``{"candidate": ...}``."""
        if not isinstance(message, Mapping):
            raise TypeError("a signaling message is a dict with 'description' or 'candidate'")
        description = message.get("description")
        candidate = message.get("candidate")
        try:
            if description:
                await self._receive_description(description)
            elif candidate:
                # The end of gathering travels as the RTCIceCandidate with candidate ""
                # that each transport surfaces when it finishes (webrtc-pc, 5.6
                # "surface a candidate"): it is a dict, so it is added here, and
                # addIceCandidate applies it as that m-section's end-of-candidates
                # (webrtc-pc, addIceCandidate(), step 4.7; RFC 8840, 8.2).  The final
                # {"candidate": None} is dropped, as the example's `else if
                # (candidate)` does: it names no m-section and no ufrag, so arriving
                # after an ICE restart's offer it would end the new generation's
                # candidates before they came.
                #
                # Whether its offer was being ignored when the candidate arrived: by the
                # time addIceCandidate (queued on the operations chain) fails, the next
                # description may have reset ignore_offer.  The example reads the flag
                # after the await; reading it on arrival too closes that race.
                ignoring = self.ignore_offer
                ufrag = _ufrag_of(candidate)
                if not ignoring and self._early(ufrag):
                    self._hold(candidate)
                    return
                try:
                    await self.pc.addIceCandidate(candidate)
                except OperationError:
                    if ufrag is not None and ufrag in self.remote_ufrags:
                        self._note(
                            f"a late candidate of an older ICE generation ({ufrag}) is dropped"
                        )
                        return
                    if not (ignoring or self.ignore_offer):
                        raise
                    self._note("a candidate of the ignored offer is dropped")
                except Exception:
                    if not (ignoring or self.ignore_offer):
                        raise
                    self._note("a candidate of the ignored offer is dropped")
        except Exception as error:
            self._fail("receive", error)

    def _early(self, ufrag: str | None) -> bool:
        """Whether a candidate came before the remote description it belongs to."""
        remote = self.pc.remoteDescription
        if remote is None:
            return True
        if ufrag is None:
            return False
        if ufrag not in self.remote_ufrags:  # a description applied without us, perhaps
            self.remote_ufrags.update(_ufrags_in(remote.sdp))
        return ufrag not in self.remote_ufrags

    def _hold(self, candidate: Mapping[str, Any]) -> None:
        if len(self.held_candidates) >= self.MAX_HELD:
            self._note("an early candidate is dropped: too many held")
            return
        self.held_candidates.append(candidate)
        self._note("holds a candidate that came before its description")

    async def _add_held(self) -> None:
        held, self.held_candidates = self.held_candidates, []
        for candidate in held:
            try:
                await self.pc.addIceCandidate(candidate)
            except (InvalidStateError, OperationError) as error:
                self._note(f"a held candidate of an older ICE generation is dropped: {error}")

    async def _receive_description(self, description: Any) -> None:
        kind = description.get("type") if isinstance(description, Mapping) else description.type
        pc = self.pc
        ready_for_offer = not self.making_offer and (
            pc.signalingState == "stable" or self.is_setting_remote_answer_pending
        )
        offer_collision = kind == "offer" and not ready_for_offer
        self.ignore_offer = not self.polite and offer_collision
        if self.ignore_offer:
            self._note("glare: ignores the colliding offer (impolite)")
            return
        if offer_collision:
            self._note("glare: takes the other offer; its own is rolled back (polite)")
        # webrtc-pc, "Perfect negotiation example" (MDN, "Perfect negotiation"):
        # isSettingRemoteAnswerPending is true only while an answer is being
        # applied, and reset after setRemoteDescription whatever it does: a
        # rejected answer (bad SDP, wrong state) must not leave the next colliding
        # offer looking acceptable, or the impolite peer would roll its own back.
        self.is_setting_remote_answer_pending = kind == "answer"
        try:
            await pc.setRemoteDescription(description)
        finally:
            self.is_setting_remote_answer_pending = False
        self._note(f"setRemoteDescription({kind}) -> {pc.signalingState}")
        remote = pc.remoteDescription
        if remote is not None:
            self.remote_ufrags.update(_ufrags_in(remote.sdp))
        if self.held_candidates:
            await self._add_held()
        if kind == "offer":
            await pc.setLocalDescription()
            local = pc.localDescription
            if local is not None:
                self._note(f"answers: setLocalDescription() -> {pc.signalingState}")
                await self._deliver({"description": local.toJSON()})


def _ufrag_of(candidate: Any) -> str | None:
    ufrag = candidate.get("usernameFragment") if isinstance(candidate, Mapping) else None
    return ufrag if isinstance(ufrag, str) and ufrag else None


def _ufrags_in(sdp: str) -> set[str]:
    """The ``a=ice-ufrag`` values of a description (RFC 8839, 5.4)."""
    return {
        line[len("a=ice-ufrag:") :].strip()
        for line in sdp.splitlines()
        if line.startswith("a=ice-ufrag:")
    }
