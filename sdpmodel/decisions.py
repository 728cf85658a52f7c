"""The record of why the core did what it did: ``Decision`` values.

Every operation of the negotiation core returns, next to its new session and
effects, the decisions it took, in order: "m=1 video: offered sendonly,
local recvonly -> answer recvonly (RFC 3264, 6.1; RFC 9429, 5.3.1)".  They
are what ``explain`` prints and what a trace narrates; tests check them like
any other output.  Values only; no I/O.
"""

from __future__ import annotations

import attrs

__all__ = ["Decision", "Decisions"]


@attrs.frozen
class Decision:
    """One decision: what it is about, what was decided, and the rule it follows."""

    subject: str
    text: str
    source: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.text} ({self.source})"


class Decisions:
    """An append-only list the builders write to while they work (never shared across calls)."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: list[Decision] = []

    def add(self, subject: str, text: str, source: str) -> None:
        self._items.append(Decision(subject, text, source))

    def extend(self, decisions: tuple[Decision, ...] | list[Decision]) -> None:
        self._items.extend(decisions)

    def freeze(self) -> tuple[Decision, ...]:
        return tuple(self._items)
