"""README.md: its Python examples run as written (the front door must not lie)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_examples() -> None:
    """README.md: the quick start shows the SDP layer, the facade and the pure core."""
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int, capsys: pytest.CaptureFixture[str]) -> None:
    """README.md: each Python example runs without error."""
    exec(compile(BLOCKS[index], f"README.md example {index + 1}", "exec"), {})
    capsys.readouterr()
