"""The sdpmodel command line: compiler-style diagnostics, exit statuses, fmt and json."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sdpmodel import canonical, parse, validate
from sdpmodel.cli import LINE_WINDOW, Diagnostic, diagnose, format_diagnostic, main
from sdpmodel.export import to_dict

HEAD = "v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
GOOD = (
    HEAD
    + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"  # line 5
    + "c=IN IP4 0.0.0.0\r\n"
    + "a=mid:0\r\n"
    + "a=rtpmap:111 opus/48000/2\r\n"  # line 8
)
#: A syntax error on line 8, column 10 (the payload type).
BAD_PT = GOOD.replace("a=rtpmap:111", "a=rtpmap:abc")
#: Two semantic problems, both on the m= line (5): no c= anywhere, and PT 96 without a=rtpmap.
SEMANTIC = GOOD.replace("c=IN IP4 0.0.0.0\r\n", "").replace("111\r\n", "111 96\r\n", 1)
#: Lenient-valid, but the ICE ufrag breaks RFC 8839's ice-char syntax (line 8, column 13).
UFRAG = GOOD.replace("a=mid:0\r\n", "a=mid:0\r\na=ice-ufrag:ufrag_voice\r\n")


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode())
    else:
        path.write_bytes(content)
    return str(path)


class TestValidateText:
    def test_a_good_file_is_silent_and_exits_0(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file without problems prints nothing and exits 0, like a compiler."""
        assert main(["validate", write(tmp_path, "good.sdp", GOOD)]) == 0
        assert capsys.readouterr() == ("", "")

    def test_syntax_error_is_file_line_column_then_line_and_caret(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A syntax error prints file:line:col: error: message, the line, and a caret under the column; exit 1."""
        path = write(tmp_path, "bad.sdp", BAD_PT)
        assert main(["validate", path]) == 1
        out = capsys.readouterr().out
        assert out == (
            f"{path}:8:10: error: a=rtpmap: expected a payload type (0-127), got 'abc'\n"
            "    8 | a=rtpmap:abc opus/48000/2\n"
            "      |          ^\n"
        )

    def test_caret_sits_under_the_reported_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The caret is under the character the column names, for errors anywhere in the line."""
        text = GOOD.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/48000/x")
        main(["validate", write(tmp_path, "x.sdp", text)])
        header, shown, caret = capsys.readouterr().out.splitlines()
        column = int(header.split(":")[2])
        assert shown[shown.index("| ") + 2 :][column - 1] == "x"
        assert caret.index("^") == shown.index("| ") + 2 + column - 1

    def test_lenient_by_default(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --strict, only what stops a lenient parse is an error (what browsers accept passes)."""
        paths = [write(tmp_path, "semantic.sdp", SEMANTIC), write(tmp_path, "ufrag.sdp", UFRAG)]
        assert main(["validate", *paths]) == 0
        assert capsys.readouterr().out == ""

    def test_strict_reports_every_validate_problem_with_its_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict lists every validate() problem compiler-style, file:line:col with its rule, the line and a caret where its value starts."""
        path = write(tmp_path, "semantic.sdp", SEMANTIC)
        assert main(["validate", "--strict", path]) == 1
        out = capsys.readouterr().out
        assert out == (
            f"{path}:5:3: error: no c= line: one is required at session level or in every"
            " m-section [RFC 8866, 5.7]\n"
            "    5 | m=audio 9 UDP/TLS/RTP/SAVPF 111 96\n"
            "      |   ^\n"
            f"{path}:5:3: error: dynamic payload type 96 has no a=rtpmap line"
            " [RFC 8866, 6.6; RFC 3264, 5.1]\n"
            "    5 | m=audio 9 UDP/TLS/RTP/SAVPF 111 96\n"
            "      |   ^\n"
        )

    def test_semantic_problem_on_an_attribute_points_at_its_value(self) -> None:
        """A validate() problem on an a= line is shown at the value after a=<name>: (RFC 5888, 4: a mid is used once)."""
        text = GOOD + GOOD[len(HEAD) :]
        _, diagnostics = diagnose(text, "m.sdp", strict=True)
        (duplicate,) = [d for d in diagnostics if d.line == 11]
        assert (duplicate.column, duplicate.line_text) == (7, "a=mid:0")
        header, shown, caret = format_diagnostic(duplicate).splitlines()
        assert header.startswith("m.sdp:11:7: error: a=mid:0 is already used")
        assert caret.index("^") == shown.index("0")

    def test_strict_adds_the_strict_syntax_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict adds the error of parse(strict=True) when it is not a validate() problem (a strict syntax twin)."""
        path = write(tmp_path, "ufrag.sdp", UFRAG)
        assert main(["validate", "--strict", path]) == 1
        header, shown, caret = capsys.readouterr().out.splitlines()
        assert header.startswith(f"{path}:8:13: error: a=ice-ufrag: expected a ufrag")
        assert header.endswith("(strict: the RFC's syntax)")
        assert shown == "    8 | a=ice-ufrag:ufrag_voice"
        assert caret == "      |" + " " * 13 + "^"

    def test_strict_does_not_list_a_problem_twice(self) -> None:
        """The error parse(strict=True) raises for the first validate() problem is not listed again."""
        desc, diagnostics = diagnose(SEMANTIC.encode(), "s.sdp", strict=True)
        assert desc is not None
        problems = validate(desc)
        assert [(d.line, d.message, d.rule) for d in diagnostics] == [
            (p.line, p.message, p.rule) for p in problems
        ]

    def test_strict_syntax_and_semantic_problems_in_line_order(self) -> None:
        """With both kinds, the strict syntax error joins the validate() problems in line order."""
        text = SEMANTIC.replace("s=-", "s=")
        _, diagnostics = diagnose(text, "t.sdp", strict=True)
        assert [(d.line, d.column, d.rule) for d in diagnostics] == [
            (3, 3, None),
            (5, 3, "RFC 8866, 5.7"),
            (5, 3, "RFC 8866, 6.6; RFC 3264, 5.1"),
        ]

    def test_strict_blank_line_at_the_end(self) -> None:
        """Trailing blank lines pass lenient parsing but are an error in strict mode (RFC 8866, 5)."""
        assert diagnose(GOOD + "\r\n", "b.sdp")[1] == []
        (diagnostic,) = diagnose(GOOD + "\r\n", "b.sdp", strict=True)[1]
        assert (diagnostic.line, diagnostic.column) == (9, 1)
        assert "empty line" in diagnostic.message

    def test_exit_1_when_any_file_has_a_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Several files: exit 1 if any has a problem, and only the bad ones are reported."""
        good = write(tmp_path, "good.sdp", GOOD)
        bad = write(tmp_path, "bad.sdp", BAD_PT)
        assert main(["validate", good, bad, good]) == 1
        headers = [line for line in capsys.readouterr().out.splitlines() if "error:" in line]
        assert headers == [
            f"{bad}:8:10: error: a=rtpmap: expected a payload type (0-127), got 'abc'"
        ]

    def test_invalid_utf8_is_reported_not_crashed_on(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bytes that are not UTF-8 are an error at their line; the caret counts characters, not bytes."""
        data = GOOD.encode().replace(b"a=mid:0", b"a=mid:\xc3\xa9\xff")
        path = write(tmp_path, "latin.sdp", data)
        assert main(["validate", path]) == 1
        header, shown, caret = capsys.readouterr().out.splitlines()
        assert header == f"{path}:7:8: error: the text is not valid UTF-8 (byte 0xff)"
        assert shown == "    7 | a=mid:\u00e9\ufffd"
        assert caret == "      |        ^"

    def test_strict_missing_final_line_ending(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict reports a last line without CRLF (RFC 8866, 5) at the end of that line; lenient validate accepts it."""
        path = write(tmp_path, "eol.sdp", GOOD[:-2])
        assert main(["validate", path]) == 0
        assert main(["validate", "--strict", path]) == 1
        assert capsys.readouterr().out.splitlines() == [
            f"{path}:8:26: error: expected a line ending (CRLF) after the last line, got the end"
            " of the text (RFC 8866, 5: every line ends with CRLF)",
            "    8 | a=rtpmap:111 opus/48000/2",
            "      |                          ^",
        ]

    def test_ends_too_soon_has_a_column_and_a_caret(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`printf 'v=0\\r\\n' | sdpmodel validate -`: a description that ends too soon (RFC 8866, 5) is file:line:col, the line, a caret past its end."""
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"v=0\r\n")))
        assert main(["validate", "-"]) == 1
        assert capsys.readouterr().out.splitlines() == [
            "<stdin>:1:4: error: the description ends too soon: expected 'o=' after this line",
            "    1 | v=0",
            "      |    ^",
        ]

    def test_byte_order_mark(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that starts with a UTF-8 BOM passes lenient validate (decoding skips it, WHATWG Encoding); --strict names it at 1:1."""
        path = write(tmp_path, "bom.sdp", b"\xef\xbb\xbf" + GOOD.encode())
        assert main(["validate", path]) == 0
        assert main(["validate", "--strict", path]) == 1
        header = capsys.readouterr().out.splitlines()[0]
        assert header.startswith(
            f"{path}:1:1: error: the description starts with a UTF-8 byte order mark (U+FEFF);"
            " SDP has none"
        )

    def test_empty_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An empty file is an error on line 1 (a description starts with v=0), not a crash."""
        path = write(tmp_path, "empty.sdp", b"")
        assert main(["validate", path]) == 1
        assert capsys.readouterr().out.startswith(f"{path}:1:1: error: the description is empty")


class TestValidateJson:
    def test_json_lists_file_line_column_message_rule(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json prints one list of {file, line, column, message, rule} for all files; every column is a number, rule is null for syntax."""
        bad = write(tmp_path, "bad.sdp", BAD_PT)
        semantic = write(tmp_path, "semantic.sdp", SEMANTIC)
        assert main(["validate", "--strict", "--json", bad, semantic]) == 1
        assert json.loads(capsys.readouterr().out) == [
            {
                "file": bad,
                "line": 8,
                "column": 10,
                "message": "a=rtpmap: expected a payload type (0-127), got 'abc'",
                "rule": None,
            },
            {
                "file": semantic,
                "line": 5,
                "column": 3,
                "message": "no c= line: one is required at session level or in every m-section",
                "rule": "RFC 8866, 5.7",
            },
            {
                "file": semantic,
                "line": 5,
                "column": 3,
                "message": "dynamic payload type 96 has no a=rtpmap line",
                "rule": "RFC 8866, 6.6; RFC 3264, 5.1",
            },
        ]

    def test_json_of_good_files_is_an_empty_list(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json with nothing wrong prints [] and exits 0 (a consumer always gets a list)."""
        assert main(["validate", "--json", write(tmp_path, "g.sdp", GOOD)]) == 0
        assert json.loads(capsys.readouterr().out) == []


class TestExitStatus:
    def test_unreadable_files_exit_2_and_are_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file or a directory is exit 2, named on stderr; the other files are still checked."""
        missing = str(tmp_path / "missing.sdp")
        bad = write(tmp_path, "bad.sdp", BAD_PT)
        assert main(["validate", missing, str(tmp_path), bad]) == 2
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [
            f"sdpmodel: error: cannot read {missing}: No such file or directory",
            f"sdpmodel: error: cannot read {tmp_path}: Is a directory",
        ]
        assert f"{bad}:8:10: error:" in captured.out

    @pytest.mark.parametrize(
        "argv",
        [[], ["validate"], ["lint", "x.sdp"], ["fmt"], ["fmt", "a.sdp", "b.sdp"], ["--bogus"]],
        ids=[
            "no-command",
            "validate-without-files",
            "unknown-command",
            "fmt-without-file",
            "fmt-with-two-files",
            "unknown-option",
        ],
    )
    def test_usage_errors_exit_2(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """Usage errors exit 2 with argparse's usage line on stderr, never a traceback."""
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: sdpmodel")
        assert "Traceback" not in err

    def test_help_exits_0(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help prints the commands and exits 0."""
        assert main(["--help"]) == 0
        out = capsys.readouterr().out
        assert all(command in out for command in ("validate", "fmt", "json"))


class TestFmtAndJson:
    def test_fmt_prints_the_canonical_text_exactly(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fmt prints canonical(parse(file)) exactly: CRLF lines, no newline added (LF input included)."""
        path = write(tmp_path, "lf.sdp", GOOD.replace("\r\n", "\n"))
        assert main(["fmt", path]) == 0
        out = capsys.readouterr().out
        assert out == canonical(parse(GOOD)) == GOOD

    def test_fmt_of_a_bad_file_reports_like_validate(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fmt of a file that does not parse prints the diagnostic on stderr, nothing on stdout, exit 1."""
        path = write(tmp_path, "bad.sdp", BAD_PT)
        assert main(["fmt", path]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.splitlines()[0] == (
            f"{path}:8:10: error: a=rtpmap: expected a payload type (0-127), got 'abc'"
        )

    def test_fmt_of_a_missing_file_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fmt of a file that cannot be read exits 2 and names it."""
        assert main(["fmt", str(tmp_path / "nope.sdp")]) == 2
        assert "cannot read" in capsys.readouterr().err

    def test_json_prints_the_model(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """json prints json.dumps(to_dict(desc), indent=2)."""
        assert main(["json", write(tmp_path, "g.sdp", GOOD)]) == 0
        out = capsys.readouterr().out
        assert out == json.dumps(to_dict(parse(GOOD)), indent=2) + "\n"

    def test_json_of_a_bad_file_reports_like_validate(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """json of a file that does not parse reports the diagnostic on stderr and exits 1."""
        assert main(["json", write(tmp_path, "bad.sdp", BAD_PT)]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert ":8:10: error:" in captured.err


class TestFormatDiagnostic:
    def test_control_characters_are_drawn_visibly(self) -> None:
        """A bare CR in a line is shown as a control picture (one character), so the caret stays aligned."""
        _, (diagnostic,) = diagnose(GOOD.replace("a=mid:0", "a=mid:0\rx"), "cr.sdp")
        header, shown, caret = format_diagnostic(diagnostic).splitlines()
        assert header == (
            "cr.sdp:7:8: error: a=mid: expected the end of the value, "
            "got a carriage return (CR) without a line feed"
        )
        assert shown == "    7 | a=mid:0\u240dx"
        assert caret == "      |        ^"

    def test_tabs_are_kept_in_the_caret_padding(self) -> None:
        """Tabs before the column are repeated in the caret line, so the caret lines up at any tab width."""
        diagnostic = Diagnostic("t.sdp", 3, 4, "message", None, "s=\tx")
        assert format_diagnostic(diagnostic).splitlines()[2] == "      |   \t^"

    def test_without_column_or_line_text(self) -> None:
        """No column: file:line: and no caret; no line text: the header alone."""
        without_column = Diagnostic("f.sdp", 4, None, "m", "RFC 1", "t=0 0")
        assert format_diagnostic(without_column) == "f.sdp:4: error: m [RFC 1]\n    4 | t=0 0"
        assert format_diagnostic(Diagnostic("f.sdp", 4, 2, "m")) == "f.sdp:4:2: error: m"

    def test_a_long_line_is_shown_as_a_window_around_the_column(self) -> None:
        """A 70 KB line prints a window of LINE_WINDOW characters around the column, "…" at each cut, the caret under the named character."""
        long_line = "a=x-blob:" + "y" * 35_000 + "Z" + "y" * 35_000
        column = long_line.index("Z") + 1
        text = format_diagnostic(Diagnostic("l.sdp", 9, column, "m", None, long_line))
        _, shown, caret = text.splitlines()
        assert len(text) < 3 * LINE_WINDOW
        body = shown[shown.index("| ") + 2 :]
        assert body.startswith("\u2026") and body.endswith("\u2026")
        assert len(body) == LINE_WINDOW + 2
        assert caret.index("^") == shown.index("Z")

    @pytest.mark.parametrize(
        ("column", "head", "tail"),
        [(1, False, True), (150, True, True), (300, True, False), (301, True, False)],
        ids=["at-the-start", "in-the-middle", "at-the-end", "past-the-end"],
    )
    def test_window_cuts_only_where_the_line_goes_on(
        self, column: int, head: bool, tail: bool
    ) -> None:
        """The window marks a cut with "…" only on a side where the line goes on; the caret stays on the column's character (or just past the end)."""
        line = "".join(chr(ord("a") + n % 26) for n in range(300))
        _, shown, caret = format_diagnostic(Diagnostic("w.sdp", 1, column, "m", None, line)).split(
            "\n"
        )
        body = shown[shown.index("| ") + 2 :]
        assert body.startswith("\u2026") == head
        assert body.endswith("\u2026") == tail
        at = caret.index("^") - (shown.index("| ") + 2)
        if column <= len(line):
            assert body[at] == line[column - 1]
        else:
            assert at == len(body)

    def test_a_long_line_from_validate_is_cut(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """validate of a file with a 70 KB bad line prints about one screen line of it, not 135 KB (the caret still under the error)."""
        bad = "a=rtpmap:111 opus/48000/" + "x" * 70_000
        path = write(tmp_path, "long.sdp", GOOD.replace("a=rtpmap:111 opus/48000/2", bad))
        assert main(["validate", "--no-limits", path]) == 1
        out = capsys.readouterr().out
        assert len(out) < 1000
        header, shown, caret = out.splitlines()
        assert header.startswith(f"{path}:8:25: error: a=rtpmap: expected a number")
        assert shown == "    8 | " + bad[:LINE_WINDOW] + "\u2026"
        assert caret == "      | " + " " * 24 + "^"

    def test_caret_past_the_end_of_the_line(self) -> None:
        """An error at the end of a line ("expected ..., got the end of the line") puts the caret after it."""
        _, (diagnostic,) = diagnose(HEAD.replace("t=0 0", "t=0"), "end.sdp")
        lines = format_diagnostic(diagnostic).splitlines()
        assert lines[1] == "    4 | t=0"
        assert lines[2] == "      |    ^"


class TestLimits:
    LONG = GOOD + "a=x-blob:" + "y" * 70_000 + "\r\n"  # line 9: over the 64 KiB default

    def test_default_limits_apply(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """validate applies DEFAULT_LIMITS (sdpmodel.limits): a line over 64 KiB is an error on that line."""
        assert main(["validate", write(tmp_path, "long.sdp", self.LONG)]) == 1
        header = capsys.readouterr().out.splitlines()[0]
        assert ":9:65537: error: the line is 70,009 characters long" in header
        assert "(Limits.max_line_length)" in header

    @pytest.mark.parametrize("command", ["validate", "fmt", "json"])
    def test_no_limits_takes_a_trusted_description(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--no-limits parses with Limits.none(), for trusted input (sdpmodel.limits), in every command that parses one file."""
        path = write(tmp_path, "long.sdp", self.LONG)
        assert main([command, "--no-limits", path]) == 0
        assert "error" not in capsys.readouterr().err

    def test_max_options_set_one_bound_each(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--max-size, --max-line-length, --max-media-sections and --max-candidates set the Limits fields; K/M/G are powers of 1024."""
        long_path = write(tmp_path, "long.sdp", self.LONG)
        assert main(["validate", "--max-line-length", "128K", long_path]) == 0
        good = write(tmp_path, "good.sdp", GOOD)
        assert main(["validate", "--max-size", "100", good]) == 1
        assert "(Limits.max_size)" in capsys.readouterr().out
        assert main(["validate", "--no-limits", "--max-media-sections", "1", good]) == 0
        two = write(tmp_path, "two.sdp", GOOD + GOOD[len(HEAD) :].replace("mid:0", "mid:1"))
        assert main(["validate", "--no-limits", "--max-media-sections", "1", two]) == 1
        assert "(Limits.max_media_sections)" in capsys.readouterr().out
        candidate = "a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n"
        many = write(tmp_path, "many.sdp", GOOD + candidate * 3)
        assert main(["validate", "--max-candidates", "2", many]) == 1
        assert "(Limits.max_candidates_per_media_section)" in capsys.readouterr().out

    @pytest.mark.parametrize("value", ["0", "-1", "lots", "1.5M", "16T"])
    def test_a_bad_limit_is_a_usage_error(
        self, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A limit is a count of at least 1 (Limits: ValueError below 1): anything else is a usage error, exit 2."""
        assert main(["validate", "--max-size", value, write(tmp_path, "g.sdp", GOOD)]) == 2
        assert "--max-size" in capsys.readouterr().err

    def test_help_names_the_limit_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """validate --help documents --no-limits and the --max-* options with their defaults."""
        assert main(["validate", "--help"]) == 0
        out = capsys.readouterr().out
        for option in ("--no-limits", "--max-size", "--max-line-length", "--max-media-sections"):
            assert option in out
        assert "Limits.none()" in out and "8,388,608" in out


def test_stdin_via_python_m_sdpmodel() -> None:
    """`python -m sdpmodel validate -` reads stdin as bytes and names it <stdin>."""
    result = subprocess.run(
        [sys.executable, "-m", "sdpmodel", "validate", "-"],
        input=BAD_PT.encode(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.decode().splitlines() == [
        "<stdin>:8:10: error: a=rtpmap: expected a payload type (0-127), got 'abc'",
        "    8 | a=rtpmap:abc opus/48000/2",
        "      |          ^",
    ]
    assert result.stderr == b""


def test_closed_stdout_is_not_a_traceback() -> None:
    """When the reader of stdout goes away (`sdpmodel json big.sdp | head`), the CLI stops quietly with 141, as cat would."""
    big = GOOD + "".join(f"a=x-filler-{n}:{'y' * 40}\r\n" for n in range(3000))
    process = subprocess.Popen(
        [sys.executable, "-m", "sdpmodel", "json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(big.encode())
    process.stdin.close()
    assert process.stdout.read(10) == b'{\n  "origi'
    process.stdout.close()  # the output is over 200 KB: the CLI is still writing
    assert process.wait(timeout=60) == 141
    assert process.stderr is not None
    assert process.stderr.read() == b""


class TestJsep:
    def test_jsep_reports_missing_ice_and_dtls(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """RFC 9429, 5.8.3: validate --jsep reports an m-section without ICE credentials or a fingerprint."""
        path = write(tmp_path, "plain.sdp", GOOD)
        assert main(["validate", "--jsep", path]) == 1
        out = capsys.readouterr().out
        assert f"{path}:5:" in out and "a=ice-ufrag" in out and "a=fingerprint" in out
        assert main(["validate", path]) == 0

    def test_jsep_accepts_a_browser_offer(self, chrome_offer: str, tmp_path: Path) -> None:
        """RFC 9429, 5.8: a Chrome offer passes validate --jsep."""
        assert main(["validate", "--jsep", write(tmp_path, "chrome.sdp", chrome_offer)]) == 0

    def test_jsep_reports_a_duplicate_mid_and_a_short_fingerprint(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """RFC 5888, 4 and RFC 8122, 5: validate --jsep reports a duplicate mid and a fingerprint of the wrong length, without --strict."""
        desc = parse(chrome_offer)
        first, second = (m.mid for m in desc.media[:2])
        text = desc.to_sdp().replace(f"a=mid:{second}\r\n", f"a=mid:{first}\r\n", 1)
        digest = text.split("a=fingerprint:sha-256 ")[1].split("\r\n")[0]
        text = text.replace(digest, digest[:47])
        assert main(["validate", "--jsep", write(tmp_path, "bad.sdp", text)]) == 1
        out = capsys.readouterr().out
        assert f"a=mid:{first} is already used" in out and "RFC 5888, 4" in out
        assert "this one 16" in out and "RFC 8122, 5" in out

    def test_jsep_checks_an_answer_against_its_offer(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """RFC 3264, 6 via --offer: an answer with fewer m-lines than the offer is reported."""
        from sdpmodel.jsep import Session

        session = Session.create().set_remote_description("offer", chrome_offer).session
        answer = session.create_answer().value
        offer_path = write(tmp_path, "offer.sdp", chrome_offer)
        assert main(["validate", "--offer", offer_path, write(tmp_path, "answer.sdp", answer)]) == 0
        cut = answer[: answer.rindex("m=")]
        assert main(["validate", "--offer", offer_path, write(tmp_path, "short.sdp", cut)]) == 1
        assert "m-lines but the offer had" in capsys.readouterr().out


def test_diagram_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    """sdpmodel diagram prints the Mermaid state diagram generated from the transition table."""
    from sdpmodel._states import diagram

    assert main(["diagram"]) == 0
    assert capsys.readouterr().out == diagram()


# --- explain, diff, trace -------------------------------------------------------------


class TestExplain:
    def test_one_offer_prints_every_decision_of_a_fresh_answerer(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """explain OFFER: the three operations of an answerer, each decision with its source; exit 0."""
        from sdpmodel.explain import explain_offer

        path = write(tmp_path, "offer.sdp", chrome_offer)
        answer_path = tmp_path / "answer.sdp"
        assert main(["explain", path, "--write-answer", str(answer_path)]) == 0
        out = capsys.readouterr().out
        result = explain_offer(chrome_offer)
        assert answer_path.read_bytes().decode() == result.answer
        for explanation in result.explanations:
            assert f"\n{explanation.headline}\n" in out
        # Every decision is printed (wrapped at 100 columns): compare without the wrapping.
        flat = " ".join(out.split())
        for decision in (d for e in result.explanations for d in e):
            assert " ".join(str(decision).split()) in flat
        assert all(len(line) <= 100 for line in out.splitlines()[1:])

    def test_one_offer_as_json(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """explain --json: {offer, explanations: [{operation, before, after, decisions}], answer, refused}."""
        path = write(tmp_path, "offer.sdp", chrome_offer)
        assert main(["explain", "--json", path]) == 0
        data = json.loads(capsys.readouterr().out)
        assert [e["operation"] for e in data["explanations"]] == [
            "setRemoteDescription(offer)",
            "createAnswer",
            "setLocalDescription(answer)",
        ]
        first = data["explanations"][1]["decisions"][0]
        assert set(first) == {"subject", "text", "source", "detail"}
        assert data["refused"] is None and data["answer"].startswith("v=0\r\n")

    def test_an_offer_the_core_refuses_exits_1(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An offer that parses but that setRemoteDescription refuses: the error, exit 1."""
        text = "".join(
            line + "\n" for line in chrome_offer.splitlines() if "fingerprint" not in line
        )
        assert main(["explain", write(tmp_path, "o.sdp", text)]) == 1
        assert "refused: InvalidAccessError: " in capsys.readouterr().out

    def test_offer_and_answer(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """explain OFFER ANSWER: what the answer decided, per m-section; a good answer exits 0."""
        from sdpmodel.explain import explain_answer, explain_offer

        answer = explain_offer(chrome_offer).answer
        assert answer is not None
        offer_path = write(tmp_path, "offer.sdp", chrome_offer)
        answer_path = write(tmp_path, "answer.sdp", answer)
        assert main(["explain", offer_path, answer_path]) == 0
        out = capsys.readouterr().out
        flat = " ".join(out.split())
        for decision in explain_answer(parse(chrome_offer), parse(answer)).decisions:
            assert " ".join(str(decision).split()) in flat

    def test_an_answer_that_breaks_a_rule_is_a_diagnostic(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken answer is reported compiler-style with its rule, and exit 1 (JSON too)."""
        from sdpmodel.explain import explain_offer

        answer = explain_offer(chrome_offer).answer
        assert answer is not None
        broken = answer.replace("a=recvonly", "a=inactive", 1).replace(
            "a=setup:active", "a=setup:actpass"
        )
        offer_path = write(tmp_path, "offer.sdp", chrome_offer)
        answer_path = write(tmp_path, "answer.sdp", broken)
        assert main(["explain", offer_path, answer_path]) == 1
        out = capsys.readouterr().out
        assert f"{answer_path}:" in out and "error: a=setup:actpass is not allowed" in out
        assert main(["explain", "--json", offer_path, answer_path]) == 1
        problems = json.loads(capsys.readouterr().out)["problems"]
        assert problems and set(problems[0]) == {"file", "line", "column", "message", "rule"}

    def test_bad_input_exits_2_with_the_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A description that does not parse: its line-numbered diagnostic on stderr, exit 2."""
        assert main(["explain", write(tmp_path, "bad.sdp", BAD_PT)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"{tmp_path / 'bad.sdp'}:8:10: error: a=rtpmap:")
        assert main(["explain", str(tmp_path / "missing.sdp")]) == 2
        assert "cannot read" in capsys.readouterr().err


class TestDiff:
    def test_exit_status_is_diff_1s(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """diff exits 0 when the descriptions mean the same, 1 when they differ, 2 on bad input."""
        a = write(tmp_path, "a.sdp", chrome_offer)
        same = write(tmp_path, "same.sdp", chrome_offer.replace("\n", "\r\n"))
        other = write(tmp_path, "b.sdp", chrome_offer.replace("a=sendrecv", "a=recvonly", 1))
        assert main(["diff", a, same]) == 0
        assert capsys.readouterr().out == ""
        assert main(["diff", a, other]) == 1
        out = capsys.readouterr().out
        assert out == (
            f"--- {a}\n+++ {other}\n"
            "m=0 (mid 0): direction sendrecv -> recvonly [RFC 3264, 6.1 and 8.4]\n"
        )
        assert main(["diff", a, write(tmp_path, "bad.sdp", BAD_PT)]) == 2
        assert ":8:10: error:" in capsys.readouterr().err

    def test_json(
        self, chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """diff --json prints the changes as Change.to_json() values."""
        a = write(tmp_path, "a.sdp", chrome_offer)
        other = write(tmp_path, "b.sdp", chrome_offer.replace("a=sendrecv", "a=recvonly", 1))
        assert main(["diff", "--json", a, other]) == 1
        (change,) = json.loads(capsys.readouterr().out)
        assert (change["index"], change["aspect"], change["after"]) == (0, "direction", "recvonly")


class TestTrace:
    def test_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """trace --list names every scenario with its title."""
        from sdpmodel.trace import SCENARIOS

        assert main(["trace", "--list"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in out] == list(SCENARIOS)
        assert {"basic", "glare", "rollback", "ice-restart", "renegotiation", "pranswer"} <= set(
            SCENARIOS
        )
        assert "datachannel" in SCENARIOS

    def test_a_scenario_prints_its_narration(self, capsys: pytest.CaptureFixture[str]) -> None:
        """trace SCENARIO prints a header then sdpmodel.trace.narrate's lines (--brief, --all too)."""
        import asyncio

        from sdpmodel.trace import SCENARIOS, narrate, run_scenario

        timeline = asyncio.run(run_scenario("glare"))
        for flags, level in (([], "key"), (["--brief"], "brief"), (["--all"], "all")):
            assert main(["trace", "glare", *flags]) == 0
            out = capsys.readouterr().out
            assert out == (
                f"sdpmodel trace glare: {SCENARIOS['glare'].title}\n\n"
                + "\n".join(narrate(timeline, decisions=level))
                + "\n"
            )

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """trace --json prints {scenario, title, entries: [{who, kind, text, decisions}]}."""
        assert main(["trace", "--json", "datachannel"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["scenario"] == "datachannel"
        assert {
            "who": "bob",
            "kind": "data",
            "text": "receives 'hello from alice' on 'chat'",
            "decisions": [],
        } in data["entries"]

    def test_an_unknown_scenario_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown or missing scenario name: exit 2, with the names on stderr."""
        assert main(["trace", "nope"]) == 2
        assert "no scenario 'nope'" in capsys.readouterr().err
        assert main(["trace"]) == 2
        captured = capsys.readouterr()
        assert "name a SCENARIO" in captured.err and "glare" in captured.out


def test_a_file_that_cannot_be_written_exits_2(
    chrome_offer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """explain --write-answer and diagram --write into a missing directory: a message and exit 2, no traceback."""
    offer = write(tmp_path, "offer.sdp", chrome_offer)
    nowhere = str(tmp_path / "missing" / "out.sdp")
    assert main(["explain", offer, "--write-answer", nowhere]) == 2
    assert f"sdpmodel: error: cannot write {nowhere}: " in capsys.readouterr().err
    assert main(["diagram", "--write", nowhere]) == 2
    assert "Traceback" not in capsys.readouterr().err
