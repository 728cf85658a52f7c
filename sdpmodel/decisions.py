"""The record of why the core did what it did: ``Decision`` and ``Explanation`` values.

Every operation of the negotiation core returns, next to its new session and
effects, the decisions it took, in order: "m=1: video: offered sendonly,
local direction recvonly -> answer recvonly (RFC 3264, 6.1; RFC 9429,
5.3.1)".  They are what ``explain`` prints and what a trace narrates; tests
check them like any other output.  Values only; no I/O.

Cost: the builders record thousands of decisions in a 200-transceiver round,
so recording is one list append of a small frozen value; the text of a
decision that repeats for many m-sections (a codec list) is formatted once
by its builder and shared.  Nothing here formats until it is printed.

``detail`` marks the decisions that are one of many of the same kind inside
one m-section (each payload type kept or left out, each header extension
left out): ``explain`` prints them, a trace shows their m-section's summary
instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any, NamedTuple, overload

import attrs

__all__ = ["IMPLICIT_ROLLBACK", "Decision", "Decisions", "Explanation", "wrap"]


class Decision(NamedTuple):
    """One decision: what it is about, what was decided, and the rule it follows.

    ``subject`` is ``"session"``, ``"signaling"``, ``"m=<index>"``, ``"transport <mid>"``,
    ``"transceiver <id>"`` or ``"candidate"``; ``source`` names the document and
    section ("RFC 3264, 6.1; RFC 9429, 5.3.1", "webrtc-pc, 4.6.11.2.7").

    A named tuple rather than an attrs class: a 200-transceiver round records
    about 5,000 of them, and a tuple is made in half the time.
    """

    subject: str
    text: str
    source: str
    detail: bool = False

    def __str__(self) -> str:
        return f"{self.subject}: {self.text} ({self.source})"

    def to_json(self) -> dict[str, Any]:
        """``{"subject", "text", "source", "detail"}``: what ``explain --json`` prints."""
        return {
            "subject": self.subject,
            "text": self.text,
            "source": self.source,
            "detail": self.detail,
        }


#: webrtc-pc, setRemoteDescription(), step 4.1: a remote offer in have-local-offer first
#: rolls the local offer back (the row ``(have-local-offer, remote, offer)`` of ``_states``).
IMPLICIT_ROLLBACK = Decision(
    "signaling",
    "glare: the remote offer rolls back the local offer first (implicit rollback)",
    "webrtc-pc, setRemoteDescription(), step 4.1",
)


_make = tuple.__new__


class Decisions:
    """An append-only list the builders write to while they work (never shared across calls)."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: list[Decision] = []

    def add(self, subject: str, text: str, source: str, *, detail: bool = False) -> None:
        # tuple.__new__ skips the named tuple's generated __new__ (a third of the cost).
        self._items.append(_make(Decision, (subject, text, source, detail)))

    def add_all(
        self, subject: str, notes: tuple[tuple[str, str], ...], *, detail: bool = False
    ) -> None:
        """``add(subject, text, source, detail=detail)`` for each (text, source) of ``notes``."""
        self._items.extend([_make(Decision, (subject, t, s, detail)) for t, s in notes])

    def extend(self, decisions: tuple[Decision, ...] | list[Decision]) -> None:
        self._items.extend(decisions)

    def freeze(self) -> tuple[Decision, ...]:
        return tuple(self._items)


@attrs.frozen
class Explanation:
    """What one operation decided: its name, the signaling states around it, its decisions.

    ``operation`` is the call as webrtc-pc names it, with the description's
    type (``"createOffer"``, ``"setLocalDescription(offer)"``,
    ``"setRemoteDescription(answer)"``, ``"addIceCandidate"``; empty before
    any operation ran).  ``before`` and ``after`` are RTCSignalingState
    values.  It is a sequence of its decisions (``for d in pc.explain()``).
    """

    operation: str
    before: str
    after: str
    decisions: tuple[Decision, ...] = ()

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)

    @overload
    def __getitem__(self, index: int) -> Decision: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Decision, ...]: ...

    def __getitem__(self, index: int | slice) -> Decision | tuple[Decision, ...]:
        return self.decisions[index]

    @property
    def headline(self) -> str:
        """``setLocalDescription(offer): stable -> have-local-offer`` (the states only if they
        change)."""
        if self.before == self.after:
            return self.operation
        return f"{self.operation}: {self.before} -> {self.after}"

    def __str__(self) -> str:
        return "\n".join([self.headline, *(f"  {d}" for d in self.decisions)])

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "before": self.before,
            "after": self.after,
            "decisions": [d.to_json() for d in self.decisions],
        }


def cited(note: str, default: str) -> tuple[str, str]:
    """A note of the codec rules as (text, source): one that ends with its own
    "(source)" keeps it, one without takes ``default``."""
    if note.endswith(")"):
        text, opening, source = note.rpartition(" (")
        if opening and text:
            return text, source[:-1]
    return note, default


def wrap(text: str, *, indent: str = "", hang: int = 2, width: int = 100) -> list[str]:
    """``text`` wrapped at ``width`` columns: the first line after ``indent``, the next ones
    ``hang`` columns further in (how explain and trace print a decision)."""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + " " * hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent + text]
