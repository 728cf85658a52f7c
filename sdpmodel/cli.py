"""The ``sdpmodel`` command line: ``validate``, ``fmt`` and ``json`` over SDP files.

This module owns the command line and the one way a problem is shown to a
person: ``format_diagnostic`` writes it compiler-style, as gcc and rustc do::

    offer.sdp:8:10: error: a=rtpmap: expected a payload type (0-127), got 'abc'
        8 | a=rtpmap:abc opus/48000/2
          |          ^

(``sdpmodel.demo`` prints its broken offer with the same function.)  It
decides nothing about SDP: what is an error comes from ``sdpmodel.parse``
and ``sdpmodel.validate``, the canonical text from ``sdpmodel.canonical``,
the JSON from ``sdpmodel.export.to_dict``.  It uses argparse and the
standard library only, reads the files it is given and stdin for ``-``, and
writes stdout and stderr; it never raises for bad input and never shows a
traceback for it.

Exit status, for every command: 0 when every file is fine, 1 when any file
has a problem, 2 for a usage error or a file that cannot be read (141, as
for a program killed by SIGPIPE, when the reader of stdout goes away).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdpmodel import RTCError, SessionDescription, canonical, parse, validate
from sdpmodel._states import TRANSITIONS, diagram
from sdpmodel.export import to_dict
from sdpmodel.validate import jsep_problems

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "STDIN_NAME",
    "Diagnostic",
    "diagnose",
    "format_diagnostic",
    "main",
]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
#: What a shell reports for a program killed by SIGPIPE (128 + 13): stdout was closed early.
EXIT_BROKEN_PIPE = 141

#: How a file named ``-`` (stdin) appears in diagnostics, as in gcc.
STDIN_NAME = "<stdin>"

#: The line number is right-aligned in a gutter at least this wide (gcc's layout).
_GUTTER = 5

#: C0 controls but tab -> U+2400 + code ("\r" -> "␍"), DEL -> U+2421: one visible
#: character each, so a stray CR cannot move the terminal's cursor or the caret.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if code != 0x09} | {0x7F: 0x2421}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file: where it is, what it is, and which rule it breaks.

    ``line`` and ``column`` are 1-based; ``column`` is None for a problem
    that belongs to a whole line (most ``validate`` rules).  ``rule`` is the
    source of a semantic rule (``"RFC 8866, 5.7"``), None for a syntax error.
    ``line_text`` is the offending line as read, for showing it.
    """

    file: str
    line: int
    column: int | None
    message: str
    rule: str | None = None
    line_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` form: file, line, column, message, rule (column and rule may be null)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "rule": self.rule,
        }


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """The diagnostic as a person reads it: a ``file:line:col: error:`` header, the line, a caret.

    Without a column the header is ``file:line: error:`` and the line is
    shown without a caret.  A rule, when there is one, ends the header in
    brackets, as gcc names its warning flags.  Control characters in the line
    (a stray CR, a NUL) are drawn as their Unicode control pictures (``␍``,
    ``␀``), one character each, so the caret stays under the right one.
    The text has no final newline.
    """
    where = f"{diagnostic.file}:{diagnostic.line}"
    if diagnostic.column is not None:
        where += f":{diagnostic.column}"
    header = f"{where}: error: {diagnostic.message}"
    if diagnostic.rule is not None:
        header += f" [{diagnostic.rule}]"
    if diagnostic.line_text is None:
        return header
    shown = _visible(diagnostic.line_text)
    out = [header, f"{diagnostic.line:>{_GUTTER}} | {shown}"]
    if diagnostic.column is not None:
        # Keep tabs in the padding so the caret lines up however wide a tab is.
        before = shown[: diagnostic.column - 1]
        padding = "".join("\t" if char == "\t" else " " for char in before)
        padding += " " * (diagnostic.column - 1 - len(before))  # past the end of the line
        out.append(f"{'':>{_GUTTER}} | {padding}^")
    return "\n".join(out)


def _visible(text: str) -> str:
    """``text`` with its control characters (but tab) as Unicode control pictures."""
    return text.translate(_CONTROL_PICTURES)


def diagnose(
    data: bytes | str,
    file: str,
    *,
    strict: bool = False,
    jsep: bool = False,
    sdp_type: str | None = None,
    offer: SessionDescription | None = None,
) -> tuple[SessionDescription | None, list[Diagnostic]]:
    """Parse ``data`` and list its problems: the parsed description (None if it did not parse).

    Lenient (the default), the only possible problem is the ``RTCError`` of
    ``parse(data)``.  Strict, a description that parses leniently is also
    checked by ``validate`` (every problem, in line order) and by
    ``parse(data, strict=True)``, whose error is listed too when it is not
    already one of them (the strict syntax of the RFCs: an ICE ufrag with
    an underscore, an empty ``s=``, a blank line at the end).  ``jsep`` adds
    the RFC 9429, 5.8 rules a WebRTC endpoint applies to a description of
    ``sdp_type`` (an answer to ``offer`` when one is given).
    """
    try:
        desc = parse(data)
    except RTCError as error:
        return None, [_from_error(error, file, data)]
    if jsep and not strict:
        lines = desc.to_sdp().split("\r\n")
        return desc, [
            Diagnostic(
                file,
                p.line,
                None,
                p.message,
                p.rule,
                lines[p.line - 1] if p.line <= len(lines) else None,
            )
            for p in jsep_problems(
                desc,
                sdp_type=sdp_type or ("answer" if offer is not None else "offer"),
                offer=offer,
            )
        ]
    if not strict:
        return desc, []
    # Serialization is byte-exact, so the n-th line written is the n-th line read.
    lines = desc.to_sdp().split("\r\n")
    diagnostics = [
        Diagnostic(
            file,
            p.line,
            None,
            p.message,
            p.rule,
            lines[p.line - 1] if p.line <= len(lines) else None,
        )
        for p in (
            validate(desc, jsep=True, sdp_type=sdp_type, offer=offer) if jsep else validate(desc)
        )
    ]
    try:
        parse(data, strict=True)
    except RTCError as error:
        # parse(strict=True) words a validate() problem as "<message> (<rule>)".
        listed = {(d.line, f"{d.message} ({d.rule})") for d in diagnostics}
        if (error.sdp_line_number, error.message) not in listed:
            diagnostics.append(_from_error(error, file, data))
            diagnostics.sort(key=lambda d: d.line)
    return desc, diagnostics


def _from_error(error: RTCError, file: str, data: bytes | str) -> Diagnostic:
    line = error.sdp_line_number if error.sdp_line_number is not None else 1
    column = error.column
    line_text = error.line_text
    if line_text is None and isinstance(data, bytes):
        # Invalid UTF-8: the parser has no text for the line and counts the
        # column in bytes.  Show the line with U+FFFD for what does not
        # decode, and count the column in the characters shown.
        raw = data.split(b"\n")[line - 1] if line <= data.count(b"\n") + 1 else b""
        raw = raw.removesuffix(b"\r")
        line_text = raw.decode("utf-8", errors="replace")
        if column is not None:
            column = len(raw[: column - 1].decode("utf-8", errors="replace")) + 1
    return Diagnostic(file, line, column, error.message, None, line_text)


# --- the commands ---------------------------------------------------------------


def _read(name: str) -> bytes | None:
    """The bytes of file ``name`` (stdin for ``-``), or None after saying why it cannot be read."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        return Path(name).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"sdpmodel: error: cannot read {_display_name(name)}: {reason}", file=sys.stderr)
        return None


def _display_name(name: str) -> str:
    return STDIN_NAME if name == "-" else name


def _validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    found: list[Diagnostic] = []
    offer: SessionDescription | None = None
    if args.offer is not None:
        parsed = _parsed(args.offer)
        if isinstance(parsed, int):
            return parsed
        offer = parsed
    for name in args.files:
        data = _read(name)
        if data is None:
            status = EXIT_USAGE
            continue
        _, diagnostics = diagnose(
            data,
            _display_name(name),
            strict=args.strict,
            jsep=args.jsep or args.offer is not None or args.type is not None,
            sdp_type=args.type,
            offer=offer,
        )
        if diagnostics:
            status = max(status, EXIT_PROBLEMS)
        if args.json:
            found += diagnostics
        else:
            for diagnostic in diagnostics:
                print(format_diagnostic(diagnostic))
    if args.json:
        print(json.dumps([d.to_json() for d in found], indent=2))
    return status


def _parsed(name: str) -> SessionDescription | int:
    """The description in file ``name``, or the exit status after reporting why there is none."""
    data = _read(name)
    if data is None:
        return EXIT_USAGE
    desc, diagnostics = diagnose(data, _display_name(name))
    for diagnostic in diagnostics:
        print(format_diagnostic(diagnostic), file=sys.stderr)
    return EXIT_PROBLEMS if desc is None else desc


def _fmt(args: argparse.Namespace) -> int:
    desc = _parsed(args.file)
    if isinstance(desc, int):
        return desc
    _write_exactly(canonical(desc))
    return EXIT_OK


def _write_exactly(text: str) -> None:
    """Write ``text`` to stdout as UTF-8 bytes, so no platform turns its CRLF into CR CR LF."""
    stdout = sys.stdout
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:  # a stdout replaced by a text-only stream
        stdout.write(text)
        return
    stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _json(args: argparse.Namespace) -> int:
    desc = _parsed(args.file)
    if isinstance(desc, int):
        return desc
    print(json.dumps(to_dict(desc), indent=2))
    return EXIT_OK


def _diagram(args: argparse.Namespace) -> int:
    page = state_machine_page()
    if args.write:
        Path(args.write).write_text(page, encoding="utf-8")
        return EXIT_OK
    print(diagram(), end="")
    return EXIT_OK


def state_machine_page() -> str:
    """docs/state-machine.md: the diagram and the table it is drawn from."""
    rows = "\n".join(
        f"| {state} | {'setLocalDescription' if side.value == 'local' else 'setRemoteDescription'}"
        f"({sdp_type}) | {row.action} | {row.next_state} | {row.source} |"
        for (state, side, sdp_type), row in TRANSITIONS.items()
    )
    return (
        "# The signaling state machine\n\n"
        "Generated by `sdpmodel diagram --write docs/state-machine.md` from the one transition\n"
        "table, `sdpmodel._states.TRANSITIONS`; `tests/test_states.py` fails when this page is\n"
        "stale. Any call not in the table raises `InvalidStateError` and changes nothing;\n"
        "`close()` moves every state to `closed`.\n\n"
        "```mermaid\n" + diagram() + "```\n\n"
        "| state | call | action | next state | rule |\n|---|---|---|---|---|\n" + rows + "\n"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdpmodel",
        description="Check, reformat and export WebRTC session descriptions (SDP).",
        epilog="A FILE named - is read from stdin. Exit status: 0 fine, 1 problems, 2 usage "
        "or unreadable file.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate",
        help="report problems as file:line:col: error: message",
        description="Report every problem of each FILE, compiler-style. Lenient by default "
        "(what browsers accept); --strict adds the RFCs' rules.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="SDP file, or - for stdin")
    check.add_argument(
        "--strict",
        action="store_true",
        help="also report every validate() problem and the RFCs' strict syntax",
    )
    check.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {file, line, column, message, rule}",
    )
    check.add_argument(
        "--jsep",
        action="store_true",
        help="also apply the JSEP rules (RFC 9429, 5.8) a WebRTC endpoint checks",
    )
    check.add_argument(
        "--type",
        choices=("offer", "answer", "pranswer"),
        help="with --jsep: the description's type (default offer, or answer with --offer)",
    )
    check.add_argument(
        "--offer",
        metavar="OFFER",
        help="with --jsep: check each FILE as the answer to this offer (RFC 3264, 6)",
    )
    check.set_defaults(run=_validate)

    draw = commands.add_parser(
        "diagram",
        help="print the signaling state diagram (Mermaid), generated from the transition table",
        description="Print the RTCSignalingState diagram from sdpmodel._states; --write "
        "refreshes docs/state-machine.md in a source checkout.",
    )
    draw.add_argument("--write", metavar="PATH", help="write the Markdown page to PATH")
    draw.set_defaults(run=_diagram)

    fmt = commands.add_parser(
        "fmt",
        help="print the description rewritten from its fields",
        description="Print canonical(parse(FILE)): every line written from the model, CRLF.",
    )
    fmt.add_argument("file", metavar="FILE", help="SDP file, or - for stdin")
    fmt.set_defaults(run=_fmt)

    export = commands.add_parser(
        "json",
        help="print the typed model as JSON",
        description="Print sdpmodel.export.to_dict(parse(FILE)) as indented JSON.",
    )
    export.add_argument("file", metavar="FILE", help="SDP file, or - for stdin")
    export.set_defaults(run=_json)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (``sys.argv[1:]`` when None); return the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help (0) or after printing a usage error (2).
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except BrokenPipeError:
        # The reader went away (`sdpmodel json offer.sdp | head`).  Stop
        # quietly, as cat does; point stdout at /dev/null so the interpreter's
        # last flush at exit fails silently too (the recipe of the Python docs,
        # signal module, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
