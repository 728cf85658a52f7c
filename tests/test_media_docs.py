"""docs/media.md: its Python examples run as written (the page that states the media rules)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "media.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)


def test_media_page_has_examples() -> None:
    """docs/media.md: capabilities, an answer's payload types and setCodecPreferences are shown."""
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_media_page_example_runs(index: int, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/media.md: each Python example runs without error."""
    exec(compile(BLOCKS[index], f"docs/media.md example {index + 1}", "exec"), {})
    capsys.readouterr()
