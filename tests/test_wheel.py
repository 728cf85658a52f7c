"""The wheel ships the grammar, and the installed package loads it from inside itself."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        check=True,
    )
    (built,) = out.glob("sdpmodel-*.whl")
    return built


def test_wheel_contains_the_grammar(wheel: Path) -> None:
    """grammar/sdp.lark ships inside the package (DESIGN.md: the grammar is part of the wheel)."""
    names = zipfile.ZipFile(wheel).namelist()
    assert "sdpmodel/grammar/sdp.lark" in names
    assert "sdpmodel/py.typed" in names


def test_installed_package_parses_with_its_own_grammar(wheel: Path, tmp_path: Path) -> None:
    """Unpacked from the wheel alone, sdpmodel finds its grammar and parses."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import sdpmodel, sdpmodel._grammar as g;"
        "assert sdpmodel.__file__.startswith(sys.argv[1]), sdpmodel.__file__;"
        "assert str(g.grammar_path()).startswith(sys.argv[1]), g.grammar_path();"
        "d = sdpmodel.parse('v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
        "m=audio 9 RTP/AVP 0\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:0 PCMU/8000\\r\\n');"
        "print(d.media[0].codecs[0].name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PCMU"
