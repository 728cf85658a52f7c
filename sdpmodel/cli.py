"""The ``sdpmodel`` command line: ``validate``, ``fmt``, ``json``, ``explain``, ``diff``, ``trace``.

This module owns the command line and the one way a problem is shown to a
person: ``format_diagnostic`` writes it compiler-style, as gcc and rustc do::

    offer.sdp:8:10: error: a=rtpmap: expected a payload type (0-127), got 'abc'
        8 | a=rtpmap:abc opus/48000/2
          |          ^

Every diagnostic has that shape: a syntax error's column is the character
where the parser stopped; a semantic problem (``sdpmodel.validate``, which
names a line) points at the start of the line's value.  Columns count
characters, 1-based.  A line longer than 120 characters is shown as a window
of 120 around the column, ``…`` marking what is cut, so a 70 KB line prints
one screen line, not 70 KB.  (``sdpmodel.demo`` prints its broken offer with
the same function.)  It
decides nothing about SDP: what is an error comes from ``sdpmodel.parse``
and ``sdpmodel.validate``, the canonical text from ``sdpmodel.canonical``,
the JSON from ``sdpmodel.export.to_dict``, the decisions from
``sdpmodel.explain``, the changes from ``sdpmodel.diff``, the narrated
negotiations from ``sdpmodel.trace``.  It uses argparse and the
standard library only, reads the files it is given and stdin for ``-``, and
writes stdout and stderr; it never raises for bad input and never shows a
traceback for it.

Exit status: 0 when every file is fine, 1 when any file has a problem, 2
for a usage error or a file that cannot be read (141, as for a program
killed by SIGPIPE, when the reader of stdout goes away).  ``explain``,
``diff`` and ``trace`` also exit 2 for a description that does not parse
(they need one to work on), after printing its diagnostic; ``diff`` exits
as diff(1) does: 0 same, 1 different.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdpmodel import RTCError, SessionDescription, canonical, parse, validate
from sdpmodel._parser import value_column
from sdpmodel._states import TRANSITIONS, diagram
from sdpmodel.configuration import RTCConfiguration
from sdpmodel.decisions import Decision, Explanation, wrap
from sdpmodel.diff import diff
from sdpmodel.explain import explain_answer, explain_offer
from sdpmodel.export import to_dict
from sdpmodel.limits import DEFAULT_LIMITS, Limits
from sdpmodel.validate import Problem, jsep_problems

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "LINE_WINDOW",
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

#: The most characters of the offending line a diagnostic shows.  A longer line
#: is cut to a window of this many around the column, "…" marking each cut.
LINE_WINDOW = 120
_CUT = "\u2026"

#: C0 controls but tab -> U+2400 + code ("\r" -> "␍"), DEL -> U+2421: one visible
#: character each, so a stray CR cannot move the terminal's cursor or the caret.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if code != 0x09} | {0x7F: 0x2421}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file: where it is, what it is, and which rule it breaks.

    ``line`` and ``column`` are 1-based; ``column`` counts characters.  The
    CLI always gives one: where a syntax error was found, or where the value
    of the line a semantic rule names starts (``value_column``); None is for
    a diagnostic made elsewhere without one.  ``rule`` is the source of a
    semantic rule (``"RFC 8866, 5.7"``), None for a syntax error.
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
    ``␀``), one character each, so the caret stays under the right one.  A
    line longer than ``LINE_WINDOW`` characters is shown as a window of that
    many around the column, with ``…`` where it is cut (the caret counted in
    the window).  The text has no final newline.
    """
    where = f"{diagnostic.file}:{diagnostic.line}"
    if diagnostic.column is not None:
        where += f":{diagnostic.column}"
    header = f"{where}: error: {diagnostic.message}"
    if diagnostic.rule is not None:
        header += f" [{diagnostic.rule}]"
    if diagnostic.line_text is None:
        return header
    shown, column = _window(_visible(diagnostic.line_text), diagnostic.column)
    out = [header, f"{diagnostic.line:>{_GUTTER}} | {shown}"]
    if column is not None:
        # Keep tabs in the padding so the caret lines up however wide a tab is.
        before = shown[: column - 1]
        padding = "".join("\t" if char == "\t" else " " for char in before)
        padding += " " * (column - 1 - len(before))  # past the end of the line
        out.append(f"{'':>{_GUTTER}} | {padding}^")
    return "\n".join(out)


def _window(text: str, column: int | None) -> tuple[str, int | None]:
    """At most ``LINE_WINDOW`` characters of ``text`` around ``column``, and the column in them.

    The window is centred on the column where the line allows, and holds the
    end of the line when the column is past it; each cut end gets a "…"
    (counted in the returned column, so the caret lands where it should).
    """
    if len(text) <= LINE_WINDOW:
        return text, column
    at = 0 if column is None else column - 1  # 0-based; len(text) is just past the end
    start = max(0, min(at - LINE_WINDOW // 2, len(text) - LINE_WINDOW))
    end = start + LINE_WINDOW
    head = _CUT if start > 0 else ""
    tail = _CUT if end < len(text) else ""
    shown = head + text[start:end] + tail
    return shown, None if column is None else column - start + len(head)


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
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[SessionDescription | None, list[Diagnostic]]:
    """Parse ``data`` and list its problems: the parsed description (None if it did not parse).

    Lenient (the default), the only possible problem is the ``RTCError`` of
    ``parse(data)``.  Strict, a description that parses leniently is also
    checked by ``validate`` (every problem, in line order) and by
    ``parse(data, strict=True)``, whose error is listed too when it is not
    already one of them (the strict syntax of the RFCs: an ICE ufrag with
    an underscore, an empty ``s=``, a blank line at the end).  ``jsep`` adds
    the RFC 9429, 5.8 rules a WebRTC endpoint applies to a description of
    ``sdp_type`` (an answer to ``offer`` when one is given).  ``limits``
    are the parser's (``sdpmodel.Limits``).
    """
    try:
        desc = parse(data, limits=limits)
    except RTCError as error:
        return None, [_from_error(error, file, data)]
    if jsep and not strict:
        lines = desc.to_sdp().split("\r\n")
        return desc, [
            _problem(p, file, lines)
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
        _problem(p, file, lines)
        for p in (
            validate(desc, jsep=True, sdp_type=sdp_type, offer=offer) if jsep else validate(desc)
        )
    ]
    try:
        parse(data, strict=True, limits=limits)
    except RTCError as error:
        # parse(strict=True) words a validate() problem as "<message> (<rule>)".
        listed = {(d.line, f"{d.message} ({d.rule})") for d in diagnostics}
        if (error.sdp_line_number, error.message) not in listed:
            diagnostics.append(_from_error(error, file, data))
            diagnostics.sort(key=lambda d: d.line)
    return desc, diagnostics


def _from_error(error: RTCError, file: str, data: bytes | str) -> Diagnostic:
    line = error.sdp_line_number if error.sdp_line_number is not None else 1
    column = error.column if error.column is not None else 1
    line_text = error.line_text
    if line_text is None and isinstance(data, bytes):
        # Invalid UTF-8 (or bytes over Limits.max_size): the parser has no
        # text for the line.  Show it with U+FFFD for what does not decode;
        # the parser counted the column in the characters that come before
        # the bad byte, which decode the same here.
        raw = data.split(b"\n")[line - 1] if line <= data.count(b"\n") + 1 else b""
        raw = raw.removesuffix(b"\r")
        line_text = raw.decode("utf-8", errors="replace")
    return Diagnostic(file, line, column, error.message, None, line_text)


def _problem(problem: Problem, file: str, lines: Sequence[str]) -> Diagnostic:
    """A semantic problem (it names a line) as a diagnostic at the start of that line's value."""
    text = lines[problem.line - 1] if problem.line <= len(lines) else None
    column = 1 if text is None else value_column(text)
    return Diagnostic(file, problem.line, column, problem.message, problem.rule, text)


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


def _write(name: str, text: str) -> bool:
    """Write ``text`` to file ``name`` as UTF-8 bytes; False after saying why it cannot be."""
    try:
        Path(name).write_bytes(text.encode("utf-8"))
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"sdpmodel: error: cannot write {name}: {reason}", file=sys.stderr)
        return False
    return True


def _display_name(name: str) -> str:
    return STDIN_NAME if name == "-" else name


def _validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    found: list[Diagnostic] = []
    offer: SessionDescription | None = None
    limits = _limits(args)
    if args.offer is not None:
        parsed = _parsed(args.offer, limits)
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
            limits=limits,
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


def _parsed(name: str, limits: Limits = DEFAULT_LIMITS) -> SessionDescription | int:
    """The description in file ``name``, or the exit status after reporting why there is none."""
    data = _read(name)
    if data is None:
        return EXIT_USAGE
    desc, diagnostics = diagnose(data, _display_name(name), limits=limits)
    for diagnostic in diagnostics:
        print(format_diagnostic(diagnostic), file=sys.stderr)
    return EXIT_PROBLEMS if desc is None else desc


def _fmt(args: argparse.Namespace) -> int:
    desc = _parsed(args.file, _limits(args))
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
    desc = _parsed(args.file, _limits(args))
    if isinstance(desc, int):
        return desc
    print(json.dumps(to_dict(desc), indent=2))
    return EXIT_OK


def _load(name: str) -> tuple[SessionDescription, bytes] | int:
    """The description in file ``name`` and its bytes, or EXIT_USAGE after saying why not.

    For the commands that need a description to work on, a file that does
    not parse is a usage error (as a missing file is): its diagnostic goes
    to stderr and the exit status is 2.
    """
    data = _read(name)
    if data is None:
        return EXIT_USAGE
    desc, diagnostics = diagnose(data, _display_name(name))
    for diagnostic in diagnostics:
        print(format_diagnostic(diagnostic), file=sys.stderr)
    return EXIT_USAGE if desc is None else (desc, data)


def _print_decisions(decisions: Sequence[Decision], indent: str = "  ") -> None:
    for decision in decisions:
        for line in wrap(str(decision), indent=indent):
            print(line)


def _explain(args: argparse.Namespace) -> int:
    loaded = _load(args.offer)
    if isinstance(loaded, int):
        return loaded
    offer, data = loaded
    if args.answer is None:
        return _explain_offer(args, data)
    answered = _load(args.answer)
    if isinstance(answered, int):
        return answered
    answer, _ = answered
    return _explain_answer(args, offer, answer)


def _explain_offer(args: argparse.Namespace, data: bytes) -> int:
    configuration = RTCConfiguration.from_init(
        {"bundlePolicy": args.bundle_policy} if args.bundle_policy else None
    )
    # diagnose() decoded it already; the parse that follows is the core's own.
    result = explain_offer(data.decode("utf-8"), configuration=configuration)
    answer = result.answer
    if (
        args.write_answer is not None
        and answer is not None
        and not _write(args.write_answer, answer)
    ):
        return EXIT_USAGE
    if args.json:
        print(
            json.dumps(
                {
                    "offer": _display_name(args.offer),
                    "explanations": [e.to_json() for e in result.explanations],
                    "answer": result.answer,
                    "refused": result.refused,
                },
                indent=2,
            )
        )
    else:
        print(
            f"{_display_name(args.offer)}: what a fresh answerer (no tracks of its own) decides "
            "when it applies this offer and answers it"
        )
        for explanation in result.explanations:
            _print_explanation(explanation)
        if result.refused is not None:
            print(f"refused: {result.refused}")
    return EXIT_PROBLEMS if result.refused is not None else EXIT_OK


def _print_explanation(explanation: Explanation) -> None:
    print()
    print(explanation.headline)
    _print_decisions(explanation.decisions)


def _explain_answer(
    args: argparse.Namespace, offer: SessionDescription, answer: SessionDescription
) -> int:
    result = explain_answer(offer, answer)
    lines = answer.to_sdp().split("\r\n")
    diagnostics = [_problem(p, _display_name(args.answer), lines) for p in result.problems]
    if args.json:
        print(
            json.dumps(
                {
                    "offer": _display_name(args.offer),
                    "answer": _display_name(args.answer),
                    "decisions": [d.to_json() for d in result.decisions],
                    "problems": [d.to_json() for d in diagnostics],
                },
                indent=2,
            )
        )
    else:
        print(
            f"{_display_name(args.answer)}: what this answer decided, relative to "
            f"{_display_name(args.offer)}"
        )
        _print_decisions(result.decisions, indent="")
        for diagnostic in diagnostics:
            print(format_diagnostic(diagnostic))
    return EXIT_PROBLEMS if diagnostics else EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    first = _load(args.first)
    if isinstance(first, int):
        return first
    second = _load(args.second)
    if isinstance(second, int):
        return second
    changes = diff(first[0], second[0])
    if args.json:
        print(json.dumps([c.to_json() for c in changes], indent=2))
    else:
        if changes:
            print(f"--- {_display_name(args.first)}")
            print(f"+++ {_display_name(args.second)}")
        for change in changes:
            for line in wrap(str(change)):
                print(line)
    return EXIT_PROBLEMS if changes else EXIT_OK


def _trace(args: argparse.Namespace) -> int:
    # The facade and asyncio, only for this command.
    import asyncio

    from sdpmodel.trace import SCENARIOS, ScenarioError, narrate, run_scenario

    if args.list or args.scenario is None:
        if args.scenario is None and not args.list:
            print("sdpmodel trace: error: name a SCENARIO (or --list)", file=sys.stderr)
        width = max(len(name) for name in SCENARIOS)
        for name, listed in SCENARIOS.items():
            print(f"{name:<{width}}  {listed.title}")
        return EXIT_OK if args.list else EXIT_USAGE
    scenario = SCENARIOS.get(args.scenario)
    if scenario is None:
        print(
            f"sdpmodel trace: error: no scenario {args.scenario!r} (sdpmodel trace --list "
            f"names them: {', '.join(SCENARIOS)})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        timeline = asyncio.run(run_scenario(scenario.name))
    except ScenarioError as error:
        print(f"sdpmodel trace: {scenario.name}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.json:
        print(
            json.dumps(
                {"scenario": scenario.name, "title": scenario.title, "entries": timeline.to_json()},
                indent=2,
            )
        )
        return EXIT_OK
    print(f"sdpmodel trace {scenario.name}: {scenario.title}")
    print()
    level = "all" if args.all else "brief" if args.brief else "key"
    for line in narrate(timeline, decisions=level):
        print(line)
    return EXIT_OK


def _diagram(args: argparse.Namespace) -> int:
    page = state_machine_page()
    if args.write:
        return EXIT_OK if _write(args.write, page) else EXIT_USAGE
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
        "stale. Any call not in the table raises `InvalidStateError` and changes nothing,\n"
        "after setLocalDescription's own check (webrtc-pc, setLocalDescription, steps 4.2\n"
        "and 4.3): an SDP that is not the last one created is an\n"
        "`InvalidModificationError` in any state. `close()` moves every state to `closed`.\n\n"
        "```mermaid\n" + diagram() + "```\n\n"
        "| state | call | action | next state | rule |\n|---|---|---|---|---|\n" + rows + "\n"
    )


#: The fields of ``sdpmodel.Limits``, each with its command-line option.
_LIMIT_OPTIONS = {
    "max_size": "--max-size",
    "max_line_length": "--max-line-length",
    "max_media_sections": "--max-media-sections",
    "max_candidates_per_media_section": "--max-candidates",
}
_BINARY_SUFFIXES = {None: 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_COUNT = re.compile(r"([0-9]+) ?(?:([kmg])(?:ib?)?)?")


def _count(text: str) -> int:
    """A positive count for a limit option: digits, then K, M or G (KiB, MiB, GiB: 1024s)."""
    match = _COUNT.fullmatch(text.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError(f"expected a number such as 1000 or 16M, got {text!r}")
    value = int(match[1]) * _BINARY_SUFFIXES[match[2]]
    if value < 1:
        raise argparse.ArgumentTypeError(f"a limit is at least 1, got {text!r}")
    return value


def _limits_options() -> argparse.ArgumentParser:
    """The options that set ``sdpmodel.Limits``, shared by the commands that parse one file each."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group(
        "limits",
        "Untrusted SDP is bounded by sdpmodel.DEFAULT_LIMITS; a description over one is "
        "an error on the line that crosses it. --no-limits starts from Limits.none(); "
        "each --max-* option then sets one bound (K, M, G: KiB, MiB, GiB).",
    )
    group.add_argument(
        "--no-limits",
        action="store_true",
        help="no limit at all (Limits.none()): only for descriptions you trust",
    )
    defaults = {
        "max_size": f"{DEFAULT_LIMITS.max_size:,} bytes",
        "max_line_length": f"{DEFAULT_LIMITS.max_line_length:,} characters",
        "max_media_sections": f"{DEFAULT_LIMITS.max_media_sections:,}",
        "max_candidates_per_media_section": (
            f"{DEFAULT_LIMITS.max_candidates_per_media_section:,} per m-section"
        ),
    }
    words = {
        "max_size": "the largest description",
        "max_line_length": "the longest line",
        "max_media_sections": "the most m= lines",
        "max_candidates_per_media_section": "the most a=candidate lines in one m-section",
    }
    for field, option in _LIMIT_OPTIONS.items():
        group.add_argument(
            option,
            dest=field,
            type=_count,
            metavar="N",
            help=f"{words[field]} (default {defaults[field]}; Limits.{field})",
        )
    return options


def _limits(args: argparse.Namespace) -> Limits:
    """The ``Limits`` the options ask for: the defaults (or none), then each --max-* given."""
    base = Limits.none() if args.no_limits else DEFAULT_LIMITS
    values = {field: getattr(base, field) for field in _LIMIT_OPTIONS}
    values.update({field: getattr(args, field) for field in _LIMIT_OPTIONS if getattr(args, field)})
    return Limits(**values)


def _parser() -> argparse.ArgumentParser:
    limits = _limits_options()
    parser = argparse.ArgumentParser(
        prog="sdpmodel",
        description="Check, reformat, export, explain and compare WebRTC session "
        "descriptions (SDP); narrate negotiations.",
        epilog="A FILE named - is read from stdin. Exit status: 0 fine, 1 problems, 2 usage "
        "or unreadable file.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate",
        parents=[limits],
        help="report problems as file:line:col: error: message",
        description="Report every problem of each FILE, compiler-style: file:line:col: "
        "message, the line, a caret under the column. Lenient by default (what browsers "
        "accept); --strict adds the RFCs' rules.",
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
        parents=[limits],
        help="print the description rewritten from its fields",
        description="Print canonical(parse(FILE)): every line written from the model, CRLF.",
    )
    fmt.add_argument("file", metavar="FILE", help="SDP file, or - for stdin")
    fmt.set_defaults(run=_fmt)

    export = commands.add_parser(
        "json",
        parents=[limits],
        help="print the typed model as JSON",
        description="Print sdpmodel.export.to_dict(parse(FILE)) as indented JSON.",
    )
    export.add_argument("file", metavar="FILE", help="SDP file, or - for stdin")
    export.set_defaults(run=_json)

    explain = commands.add_parser(
        "explain",
        help="say what answering an offer decides, or what an answer decided, and why",
        description="With OFFER only: a fresh sdpmodel answerer applies it, answers it, and "
        "prints every decision with its rule. With ANSWER too: what the answer decided "
        "relative to the offer (per m-section), and the rules it breaks (exit 1).",
    )
    explain.add_argument("offer", metavar="OFFER", help="SDP offer file, or - for stdin")
    explain.add_argument("answer", metavar="ANSWER", nargs="?", help="its SDP answer file")
    explain.add_argument("--json", action="store_true", help="print the decisions as JSON")
    explain.add_argument(
        "--bundle-policy",
        choices=("balanced", "max-compat", "max-bundle"),
        help="the answerer's RTCConfiguration.bundlePolicy (default balanced)",
    )
    explain.add_argument(
        "--write-answer", metavar="PATH", help="with OFFER only: write the answer made to PATH"
    )
    explain.set_defaults(run=_explain)

    compare = commands.add_parser(
        "diff",
        help="show what changed between two descriptions, for the negotiation",
        description="A semantic diff: m-sections added, removed, recycled or rejected, "
        "directions, codecs, ICE credentials, DTLS, BUNDLE, candidates, and any other "
        "attribute line. Exit 0 when they mean the same, 1 when they differ, 2 on error.",
    )
    compare.add_argument("first", metavar="A", help="SDP file, or - for stdin")
    compare.add_argument("second", metavar="B", help="SDP file")
    compare.add_argument("--json", action="store_true", help="print a JSON list of changes")
    compare.set_defaults(run=_diff)

    narrated = commands.add_parser(
        "trace",
        help="narrate a built-in negotiation between two peers, step by step",
        description="Run a scenario between two RTCPeerConnections on the in-memory "
        "transport (deterministic ids) and print its timeline: who did what, the signaling "
        "states, and the decisions of every operation with their rules.",
    )
    narrated.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a scenario name")
    narrated.add_argument("--list", action="store_true", help="list the scenarios")
    narrated.add_argument("--json", action="store_true", help="print the timeline as JSON")
    level = narrated.add_mutually_exclusive_group()
    level.add_argument("--all", action="store_true", help="show every decision, details too")
    level.add_argument("--brief", action="store_true", help="show the steps only")
    narrated.set_defaults(run=_trace)
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
