"""docs/: the pages' Python examples run as written, their command outputs are real, their links hold."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from sdpmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: The pages whose every Python block is a complete program (each runs on its own).
RUNNABLE = ("getting-started.md", "testing.md", "explain.md")

#: Every page of docs/ and the README: their links are checked.
PAGES = [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]

LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
#: A link's text that names a test: `tests/test_x.py::test_name` (or `::Class::test_name`).
TEST_NAME = re.compile(r"::([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?")


def blocks(page: str, language: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


@pytest.mark.parametrize(
    ("page", "index"),
    [(page, index) for page in RUNNABLE for index in range(len(blocks(page, "python")))],
)
def test_python_examples_run(page: str, index: int, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/getting-started.md, testing.md, explain.md: each Python block runs as written, on its own."""
    source = blocks(page, "python")[index]
    with contextlib.chdir(ROOT):  # the examples name files from the repository root
        exec(compile(source, f"docs/{page}, example {index + 1}", "exec"), {"__name__": "__docs__"})
    capsys.readouterr()


def test_the_runnable_pages_have_examples() -> None:
    """The getting-started and testing pages teach with code (several blocks each)."""
    for page in ("getting-started.md", "testing.md"):
        assert len(blocks(page, "python")) >= 2, page


def console_blocks() -> list[tuple[str, str, str]]:
    """(page, command, output) of each ```console block that starts with `$ sdpmodel ...`."""
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for block in blocks(page.name, "console"):
            first, _, output = block.partition("\n")
            if first.startswith("$ sdpmodel "):
                found.append((page.name, first[2:], output))
    return found


@pytest.mark.parametrize(("page", "command", "output"), console_blocks())
def test_command_output_is_real(page: str, command: str, output: str) -> None:
    """docs/: each `$ sdpmodel ...` block shows exactly what the command prints (run from the repository root)."""
    argv = shlex.split(command)[1:]
    out = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
        main(argv)
    assert out.getvalue() == output, (
        f"docs/{page}: `{command}` prints something else now; if the change is meant, "
        "`python tests/test_docs.py --update` rewrites the block"
    )


def test_explain_page_shows_commands() -> None:
    """docs/explain.md shows the real output of explain, diff and trace."""
    commands = [command for page, command, _ in console_blocks() if page == "explain.md"]
    for name in ("explain", "diff", "trace"):
        assert any(c.startswith(f"sdpmodel {name} ") for c in commands), name


def test_the_glossary_names_every_source_the_scenarios_cite() -> None:
    """docs/glossary.md: every source a decision of a built-in scenario (or of explain) cites is on the page."""
    import asyncio

    from sdpmodel.explain import explain_offer
    from sdpmodel.trace import SCENARIOS, run_scenario

    decisions = [
        d
        for name in SCENARIOS
        for entry in asyncio.run(run_scenario(name)).entries
        for d in entry.decisions
    ]
    offer = (ROOT / "sdpmodel" / "examples" / "chrome-offer.sdp").read_text(encoding="utf-8")
    decisions += [d for e in explain_offer(offer).explanations for d in e]
    cited = {part.strip() for d in decisions for part in d.source.split("; ")}
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    missing = sorted(source for source in cited if source not in glossary)
    assert not missing, f"docs/glossary.md does not name: {missing}"


def links() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for label, target in LINK.findall(text):
            found.append((str(page.relative_to(ROOT)), label, target))
    return found


@pytest.mark.parametrize(("page", "label", "target"), links())
def test_links_point_to_what_exists(page: str, label: str, target: str) -> None:
    """Every relative link of docs/ and README.md names an existing file; a test it names exists in it."""
    if re.match(r"[a-z]+://", target) or target.startswith("mailto:"):
        return
    path_part, _, anchor = target.partition("#")
    base = (ROOT / page).parent
    path = (base / path_part).resolve() if path_part else (ROOT / page)
    assert path.exists(), f"{page}: [{label}]({target}) points to a missing file"
    if anchor and path.suffix == ".md":
        headings = {
            re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#+ (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        }
        assert anchor in headings, f"{page}: no heading #{anchor} in {path_part or page}"
    named = TEST_NAME.search(label)
    if named and path.suffix == ".py":
        source = path.read_text(encoding="utf-8")
        for name in named.groups():
            if name is not None:
                assert re.search(rf"^\s*(?:async )?(?:def|class) {name}\b", source, re.MULTILINE), (
                    f"{page}: [{label}] names {name}, which {path_part} does not define"
                )


def _update() -> None:
    """Rewrite every `$ sdpmodel ...` block of docs/ with what the command prints now."""
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")

        def fill(match: re.Match[str]) -> str:
            command = match.group(1)
            out = io.StringIO()
            with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
                main(shlex.split(command)[1:])
            return f"```console\n$ {command}\n{out.getvalue()}```"

        new = re.sub(r"```console\n\$ (sdpmodel [^\n]*)\n.*?```", fill, text, flags=re.DOTALL)
        if new != text:
            page.write_text(new, encoding="utf-8")
            print(f"updated {page.relative_to(ROOT)}")


if __name__ == "__main__":
    # python tests/test_docs.py --update: after a change to what the commands print.
    import sys

    if sys.argv[1:] == ["--update"]:
        _update()
