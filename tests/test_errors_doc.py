"""docs/errors.md stays true: its examples run, its table of limits is DEFAULT_LIMITS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sdpmodel import DEFAULT_LIMITS

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
TEXT = DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("block", re.findall(r"```python\n(.*?)```", TEXT, re.S))
def test_the_examples_of_docs_errors_run(block: str) -> None:
    """Every Python example of docs/errors.md runs and its assertions hold (docs/errors.md)."""
    exec(compile(block, str(DOC), "exec"), {})


def test_the_documented_limits_are_the_defaults() -> None:
    """The limits table of docs/errors.md gives DEFAULT_LIMITS' numbers (sdpmodel.limits)."""
    rows = dict(re.findall(r"^\| `(max_\w+)` \| [^|(]*?\(?([\d,]+)\)? *\|", TEXT, re.M))
    documented = {name: int(value.replace(",", "")) for name, value in rows.items()}
    assert documented == {
        "max_size": DEFAULT_LIMITS.max_size,
        "max_line_length": DEFAULT_LIMITS.max_line_length,
        "max_media_sections": DEFAULT_LIMITS.max_media_sections,
        "max_candidates_per_media_section": DEFAULT_LIMITS.max_candidates_per_media_section,
    }
