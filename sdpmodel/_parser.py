"""SDP text -> ``SessionDescription``, and every failure as a line-numbered ``RTCError``.

This module owns the parse loop and the error boundary.  It must not let any
other exception out: a Lark exception, a ``FieldError`` from a builder, a
``UnicodeDecodeError`` all become ``RTCError(error_detail="sdp-syntax-error")``
with the 1-based line (``sdp_line_number``), the column, and one sentence
that says what was expected and what was found.

The fast path never runs Lark (see ``sdpmodel._grammar``):

1. split the text into blocks: the session block (the lines before the
   first ``m=``) and one block per m-section; then each block into lines
   (CRLF or LF; RFC 8866, 5: "parsers SHOULD be tolerant and also accept
   lines terminated with a single newline character");
2. check the order of each block's line types against its grammar rule
   (``session``, ``media_description``), as one regex over the string of
   type letters;
3. match each line's value against its rule's regex and build its value.
   Lines seen before (most ``a=rtcp-fb`` or ``a=rtpmap`` lines of a browser
   offer, ``c=IN IP4 0.0.0.0``) come from a bounded cache of built values:
   the values are immutable, so sharing them is safe.

Anything else (mixed line endings, a missing final line ending, strict
parsing) and every error goes to the line-by-line path, ``_parse_lines``,
which checks the whole description in the order errors are reported: lines
that are not <type>=<value>, then the order of the lines, then each value.
Only when a check fails does Lark run, on the failing rule, to say precisely
what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any

from sdpmodel._builders import (
    BUILDERS,
    FieldError,
    MediaLine,
    direct,
    new_session_description,
    new_timing,
    new_unknown_attribute,
)
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import (
    Attribute,
    Candidate,
    Direction,
    FlagAttribute,
    Line,
    attribute_class,
)
from sdpmodel.enums import MediaDirection
from sdpmodel.errors import RTCError, RTCErrorDetailType
from sdpmodel.limits import DEFAULT_LIMITS, Limits
from sdpmodel.model import Bandwidth, Connection, MediaDescription, SessionDescription
from sdpmodel.validate import sdp_problems

__all__ = ["parse", "parse_attribute", "parse_candidate", "value_column"]

#: How many built line values the cache keeps before it starts afresh.  It
#: is checked before each parse (not on every line it adds), so one large
#: description can take it past the limit while it is parsed.
CACHE_LIMIT = 16384
#: How much text may have been parsed since the cache was last emptied.  The
#: lines it keeps are lines of that text, so this bounds its memory whatever
#: the lines' lengths (16384 distinct lines of 64 KiB would otherwise be 1 GiB
#: kept alive).  Counted in O(1) per call, by the length of each input.
CACHE_TEXT_LIMIT = 8 * 1024 * 1024

_LINE_TYPES = "vosiuepcbtrzkam"
_LINE_NAMES = {letter: f"{letter}=" for letter in _LINE_TYPES}

_cache: dict[str, Any] = {}
_cache_text = [0]  # characters parsed since the cache was emptied (a list: no ``global``)


def _account(length: int) -> None:
    """Empty the cache when it is full, then count ``length`` characters about to be parsed."""
    if len(_cache) >= CACHE_LIMIT or _cache_text[0] > CACHE_TEXT_LIMIT:
        _cache.clear()
        _cache_text[0] = 0
    _cache_text[0] += length


def _syntax_error(line_number: int, column: int | None, message: str, line: str | None) -> RTCError:
    return RTCError(
        message,
        error_detail=RTCErrorDetailType.SDP_SYNTAX_ERROR,
        sdp_line_number=line_number,
        column=column,
        line_text=line,
    )


def _describe_found(value: str, offset: int) -> str:
    if offset >= len(value):
        return "the end of the line"
    rest = value[offset:]
    if rest[0] == "\r":
        return "a carriage return (CR) without a line feed"
    if rest[0] == "\x00":
        return "a NUL character"
    word = rest.split(" ", 1)[0] or rest[0]
    return repr(word[:40])


#: Value rules whose first word is an RTP payload type, a number 0-127 (RFC
#: 8866, 6.6: payload-type = zero-based-integer; RFC 3551, 3: a 7-bit field).
#: The grammar can only call that word ``DIGITS`` ("a number"), so when it is
#: not a number at all the error names the field instead; the range is the
#: builder's check.  (``a=fmtp`` and the ``m=`` formats are tokens,
#: ``a=rtcp-fb`` and ``a=imageattr`` have terminals of their own.)
_PAYLOAD_TYPE_FIRST = frozenset({"rtpmap_value"})


def _value_error(
    rule: str, value: str, what: str, prefix_length: int, line_number: int, line: str
) -> RTCError:
    """Diagnose ``value`` against ``rule`` with Lark and word the error."""
    if rule in _PAYLOAD_TYPE_FIRST:
        payload_type = value.partition(" ")[0]
        if not (payload_type.isascii() and payload_type.isdigit()):
            found = _describe_found(value, 0)
            message = f"{what}: expected a payload type (0-127), got {found}"
            return _syntax_error(line_number, prefix_length + 1, message, line)
    diagnosis = GRAMMAR.diagnose(rule, value)
    if diagnosis is None:  # pragma: no cover - the regex and Lark agree (tested)
        return _syntax_error(line_number, prefix_length + 1, f"{what}: malformed value", line)
    expected = GRAMMAR.describe_expected(diagnosis.expected)
    found = _describe_found(value, diagnosis.offset)
    message = f"{what}: expected {expected}, got {found}"
    return _syntax_error(line_number, prefix_length + diagnosis.offset + 1, message, line)


def _field_error(
    exc: FieldError, value: str, prefix_length: int, line_number: int, line: str
) -> RTCError:
    # The builder's offset is exact; searching for the text finds its first
    # occurrence, too early when the same text comes before it in the value
    # (``a=rtpmap:0 PCMU/0``: the clock rate, not the payload type).
    offset = exc.offset if exc.offset is not None else value.find(exc.token)
    column = prefix_length + max(offset, 0) + 1
    return _syntax_error(line_number, column, exc.message, line)


# --- attribute handlers ----------------------------------------------------------

_ValueHandler = tuple[Callable[[str], Any], Callable[[str], Attribute]]

#: ``a=<name>`` -> (the regex fullmatch of its value rule, its builder), for
#: every typed attribute that takes a value (keyed by what comes before the
#: ":" of its line, so a new line needs no other slice to find it).
_value_handlers: dict[str, _ValueHandler] = {}
#: name -> the one value of an attribute without a value (``a=rtcp-mux``,
#: ``a=sendrecv``): equal lines, one shared frozen value.
_flags: dict[str, Attribute] = {}
_RULE_BY_NAME: dict[str, str] = {}
#: Sets the line a value was read from (``Line._sdp``).  The values are
#: frozen, so this writes the slot through its descriptor: what
#: ``object.__setattr__`` ends up doing, in half the time (once a line).
_keep_line: Callable[[Line, str], None] = Line.__dict__["_sdp"].__set__
_field_handlers: dict[str, tuple[Callable[[str], Any], Callable[[str], Any], str]] = {}


#: The line order of a block, over its type letters: "session" (the
#: grammar's ``session`` rule: the session block, which must be a whole
#: description without m-sections) and "media" (``media_description``).
_block_structure: dict[str, Callable[[str], Any]] = {}
_new_media_description = direct(MediaDescription)


def _ensure_tables() -> None:
    if _value_handlers:
        return
    _block_structure["session"] = GRAMMAR.structure.fullmatch
    _block_structure["media"] = GRAMMAR.media_structure.fullmatch
    from sdpmodel.attributes import ATTRIBUTE_CLASSES

    for letter, rule in GRAMMAR.field_rule.items():
        _field_handlers[letter] = (GRAMMAR.regex(rule).fullmatch, BUILDERS[rule], rule)
    for cls in ATTRIBUTE_CLASSES:
        value_rule = cls.rule()
        if cls is Direction:
            _flags.update({str(d): Direction(d) for d in MediaDirection})
        elif value_rule is None:
            assert issubclass(cls, FlagAttribute)
            _flags[cls.NAME] = cls()
        else:
            _value_handlers[f"a={cls.NAME}"] = (
                GRAMMAR.regex(value_rule).fullmatch,
                BUILDERS[value_rule],
            )
            _RULE_BY_NAME[cls.NAME] = value_rule


def _new_attribute(line: str, line_number: int) -> Attribute:
    """The value of an ``a=`` line that is not in the cache: built, its line kept, cached.

    The common case (a typed attribute with a value) first; anything else
    goes to ``_other_attribute``.
    """
    head, sep, value = line.partition(":")  # head: "a=<name>"
    handler = _value_handlers.get(head)
    if handler is None or not sep:
        built = _other_attribute(line, line_number)
    else:
        match_value, build_value = handler
        if match_value(value) is None:
            rule = _RULE_BY_NAME[head[2:]]
            raise _value_error(rule, value, head, len(head) + 1, line_number, line)
        try:
            built = build_value(value)
        except FieldError as exc:
            raise _field_error(exc, value, len(head) + 1, line_number, line) from None
    _keep_line(built, line)
    _cache[line] = built
    return built


def _other_attribute(line: str, line_number: int) -> Attribute:
    """A flag, an unknown attribute, or a typed attribute whose value is missing (an error)."""
    body = line[2:]
    name, sep, value = body.partition(":")
    flag = _flags.get(name)
    if flag is not None:
        if sep:
            message = f"a={name} takes no value, got {value[:40]!r}"
            raise _syntax_error(line_number, len(name) + 3, message, line)
        return flag
    if f"a={name}" in _value_handlers:
        message = f"a={name} needs a value after ':'"
        raise _syntax_error(line_number, len(name) + 3, message, line)
    if _field_handlers["a"][0](body) is None:
        raise _value_error("attribute_field", body, "a= line", 2, line_number, line)
    return new_unknown_attribute(name, value if sep else None)


def _build_field(letter: str, line: str, line_number: int) -> Any:
    match, build, rule = _field_handlers[letter]
    value = line[2:]
    if match(value) is None:
        raise _value_error(rule, value, f"{letter}= line", 2, line_number, line)
    try:
        return build(value)
    except FieldError as exc:
        raise _field_error(exc, value, 2, line_number, line) from None


def _cached(line: str, built: Line) -> Any:
    """Keep ``line`` on the value built from it, and the value in the cache."""
    _keep_line(built, line)
    _cache[line] = built
    return built


# --- line structure ----------------------------------------------------------------


def _split_lines(text: str, strict: bool) -> list[str]:
    if "\r" in text:
        lines = text.split("\r\n")
        if text.count("\n") != len(lines) - 1:
            # Some lines end with a LF alone: CRLF -> LF, then split on LF.
            lines = text.replace("\r\n", "\n").split("\n")
        # A CR left inside a line is an error its value will name; a final
        # bare CR is the end of the last line.
        if lines[-1].endswith("\r"):
            lines[-1] = lines[-1][:-1]
    else:
        lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line ending
    if not strict:
        # What browsers accept: blank lines at the end are ignored.
        while lines and lines[-1] == "":
            lines.pop()
    return lines


def _structure_error(letters: str, lines: list[str]) -> RTCError:
    """The first line whose type is out of place (RFC 8866, 5: the fixed order of fields)."""
    viable = GRAMMAR.structure_prefix.fullmatch
    # Viability of prefixes is monotone, so a binary search finds the first bad line.
    low, high = 0, len(letters)
    while low < high:
        middle = (low + high + 1) // 2
        if viable(letters[:middle]):
            low = middle
        else:
            high = middle - 1
    good = letters[:low]
    expected = [f"'{c}='" for c in _LINE_TYPES if viable(good + c)]
    expected_text = (
        ", ".join(expected[:-1]) + " or " + expected[-1] if len(expected) > 1 else expected[0]
    )
    if low == len(letters):
        # The line that is missing would start after the last one: the caret
        # goes just past its end.
        last = lines[-1]
        return _syntax_error(
            len(letters),
            len(last) + 1,
            f"the description ends too soon: expected {expected_text} after this line",
            last,
        )
    line = lines[low]
    return _syntax_error(
        low + 1,
        1,
        f"'{line[:2]}' line is not allowed here (RFC 8866, 5 fixes the order of lines); "
        f"expected {expected_text}",
        line,
    )


def _line_letters(lines: list[str]) -> str:
    """The type letters of the lines, when every line starts with one character and "=".

    Whether each letter is a line type is left to the structure regex, which
    accepts no other letter; when it fails, ``_check_line_prefixes`` names
    a line that is not <type>=<value> before the order is blamed.
    """
    heads = "".join([line[:2] for line in lines])
    if heads[1::2] != "=" * len(lines):  # a line shorter than 2 characters shifts the rest
        _check_line_prefixes(lines)
    return heads[::2]


def _check_line_prefixes(lines: list[str]) -> None:
    """An error for the first line that is not <type>=<value>, if there is one."""
    for index, line in enumerate(lines):
        if len(line) < 2 or line[1] != "=" or line[0] not in _LINE_NAMES:
            if line == "":
                message = "empty line (RFC 8866, 5: every line is <type>=<value>)"
            elif line[0] == "\r" or "\r" in line[:2]:
                message = "a carriage return (CR) without a line feed"
            elif len(line) >= 2 and line[1] == "=" and line[0].islower():
                message = (
                    f"unknown line type '{line[0]}=' "
                    "(RFC 8866, 5 defines v o s i u e p c b t r z k a m)"
                )
            elif line[0] == " ":
                message = "a line must not start with a space (RFC 8866, 5: <type>=<value>)"
            else:
                message = f"expected a line of the form <type>=<value>, got {line[:40]!r}"
            raise _syntax_error(index + 1, 1, message, line)


# --- limits (sdpmodel.limits) ------------------------------------------------------------
#
# Each limit is checked before the work it bounds: the size before anything
# (constant time), the m-sections, line lengths and candidates of a block
# before its lines are read.  Both paths use ``_block_limit_error``, block by
# block in order, so they report the same line.


class _LimitExceeded(Exception):
    """A limit crossed on the fast path: ``parse`` raises ``error`` as it is."""

    def __init__(self, error: RTCError) -> None:
        super().__init__(error.message)
        self.error = error


_CANDIDATE_PREFIX = "a=candidate:"


def _size_error(text: str | bytes, unit: str, max_size: int) -> RTCError:
    """Over ``Limits.max_size``: the error names the line holding the first unit past it.

    The column counts characters, for bytes too: the bytes of the line before
    the character that holds the first byte past the limit, decoded as the
    CLI shows them (U+FFFD for what does not decode).
    """
    if isinstance(text, str):
        line_number, line_start = text.count("\n", 0, max_size), text.rfind("\n", 0, max_size)
        column = max_size - line_start
    else:
        line_number, line_start = text.count(b"\n", 0, max_size), text.rfind(b"\n", 0, max_size)
        cut = max_size
        while cut > line_start + 1 and 0x80 <= text[cut] <= 0xBF:
            cut -= 1  # a UTF-8 continuation byte: back to the start of its character
        column = len(text[line_start + 1 : cut].decode("utf-8", errors="replace")) + 1
    return _syntax_error(
        line_number + 1,
        column,
        f"the description is {len(text):,} {unit} long, more than the limit of "
        f"{max_size:,} (Limits.max_size)",
        None,
    )


def _line_length_error(line_number: int, line: str, limit: int) -> RTCError:
    return _syntax_error(
        line_number,
        limit + 1,
        f"the line is {len(line):,} characters long, more than the limit of {limit:,} "
        "(Limits.max_line_length)",
        line,
    )


def _block_limit_error(
    number: int, lines: list[str], section: int, chunk: str, limits: Limits
) -> RTCError | None:
    """The first line of a block that crosses a limit, as an error (None when none does).

    The block starts at line ``number``, is m-section ``section`` (0: the
    session part) and its text is ``chunk``.  The scans of its lines run only
    when the text is long enough to cross a limit, so a block of ordinary
    size costs a few comparisons.
    """
    if section > limits.max_media_sections:
        return _syntax_error(
            number,
            1,
            f"more than {limits.max_media_sections:,} m-sections (Limits.max_media_sections)",
            lines[0],
        )
    found: list[tuple[int, RTCError]] = []
    longest = limits.max_line_length
    if len(chunk) > longest and max(map(len, lines)) > longest:
        index = next(i for i, line in enumerate(lines) if len(line) > longest)
        found.append((index, _line_length_error(number + index, lines[index], longest)))
    most = limits.max_candidates_per_media_section
    # Every a=candidate line holds the prefix once, so a count of the prefix in the text
    # (in C) that stays within the limit proves the lines do.
    if len(chunk) > len(_CANDIDATE_PREFIX) * most and chunk.count(_CANDIDATE_PREFIX) > most:
        indexes = [i for i, line in enumerate(lines) if line.startswith(_CANDIDATE_PREFIX)]
        if len(indexes) > most:
            index = indexes[most]
            where = "this m-section" if section else "the session part"
            message = (
                f"more than {most:,} a=candidate lines in {where} "
                "(Limits.max_candidates_per_media_section)"
            )
            found.append((index, _syntax_error(number + index, 1, message, lines[index])))
    return min(found, key=lambda item: item[0])[1] if found else None


def _check_limits(lines: list[str], limits: Limits) -> None:
    """The first line of ``lines`` that crosses a limit raises (the slow path's check)."""
    bounds = [0, *(i for i, line in enumerate(lines) if line.startswith("m=")), len(lines)]
    for section in range(len(bounds) - 1):
        start, end = bounds[section], bounds[section + 1]
        if start == end:
            continue  # no session part: the text starts with m= (a structure error, later)
        block = lines[start:end]
        error = _block_limit_error(start + 1, block, section, "\n".join(block), limits)
        if error is not None:
            raise error


# --- the parse ----------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_number = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters, as everywhere else: the bytes before the
        # bad one decode (it is the first that does not), and the line starts
        # after a LF, so they are whole characters.  The line itself does not
        # decode, so the error carries no line_text (the CLI shows it with
        # U+FFFD for what does not decode, which leaves the column right).
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        raise _syntax_error(
            line_number,
            column,
            f"the text is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            None,
        ) from None


#: U+FEFF, ZERO WIDTH NO-BREAK SPACE: a byte order mark when it starts a text.
_BOM = "\ufeff"


def _bom_error(text: str, from_bytes: bool) -> RTCError:
    """A description that starts with a byte order mark (a text editor's, or a wrong decoding)."""
    end = text.find("\n")
    first = (text if end < 0 else text[:end]).removesuffix("\r")
    fix = (
        "lenient parsing skips it in bytes, as a UTF-8 decoder does"
        if from_bytes
        else "decode the bytes with 'utf-8-sig', or pass them as bytes"
    )
    return _syntax_error(
        1,
        1,
        f"the description starts with a UTF-8 byte order mark (U+FEFF); SDP has none ({fix})",
        first,
    )


def parse(
    text: str | bytes, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> SessionDescription:
    """Parse SDP text into a ``SessionDescription``.

    Lenient (default) accepts what browsers accept: LF or CRLF line endings,
    a missing final line ending, blank lines at the end, an unknown attribute
    with an empty value (``a=x-foo:``), and (for ``bytes``) a UTF-8 byte
    order mark, which decoding skips.  ``strict=True`` rejects what RFC 8866
    and the attribute RFCs forbid: their narrower syntax (every line ends with
    CRLF or, as RFC 8866, 5 tolerates, LF; the last line too), then the
    semantic rules of ``sdpmodel.validate``: the first problem raises.

    ``limits`` (``sdpmodel.Limits``; default ``DEFAULT_LIMITS``) bounds the
    size of the description, its lines, its m-sections and the candidates of
    each; they are checked before the syntax.  ``Limits.none()`` for trusted
    input.

    Raises ``RTCError`` (``error_detail == "sdp-syntax-error"``) with the
    1-based ``sdp_line_number``; never anything else for bad input.  A
    ``TypeError`` means ``text`` is neither ``str`` nor ``bytes`` (or
    ``limits`` is not a ``Limits``).
    """
    if not isinstance(limits, Limits):
        raise TypeError(f"parse() takes limits=Limits(...), not {type(limits).__name__}")
    from_bytes = False
    if isinstance(text, bytes | bytearray | memoryview):
        from_bytes = True
        data = bytes(text)
        if len(data) > limits.max_size:
            raise _size_error(data, "bytes", limits.max_size)
        text = _decode(data)
        # WHATWG Encoding, "UTF-8 decode": a leading BOM is skipped.  That is
        # how bytes reach a browser's SDP parser (fetch's text(), TextDecoder,
        # a WebSocket text frame), so lenient parsing of bytes skips it too.
        # The parser itself (libwebrtc, Firefox) refuses a string that starts
        # with one, and so does sdpmodel below: for str input, and strictly.
        if not strict and text.startswith(_BOM):
            text = text[1:]
    elif not isinstance(text, str):
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    elif len(text) > limits.max_size:
        raise _size_error(text, "characters", limits.max_size)
    if text.startswith(_BOM):
        raise _bom_error(text, from_bytes)
    _ensure_tables()
    _account(len(text))
    try:
        if not strict:
            description = _parse_plain(text, limits)
            if description is not None:
                return description
        return _parse_lines(text, strict, limits)
    except _LimitExceeded as exc:
        raise exc.error from None


def _parse_plain(text: str, limits: Limits) -> SessionDescription | None:
    """The fast path: well-formed text with one kind of line ending, read block by block.

    None when the text is anything else (mixed or missing line endings,
    blank lines, any error): ``_parse_lines`` then reads it, and words the
    error.  Reading each m-section's lines apart keeps the strings of one
    section in the CPU caches while they are looked up, and freed before the
    next section's are made, so the time stays in proportion to the size
    of large offers.  A block over a limit raises ``_LimitExceeded`` at once:
    ``_parse_lines`` checks the limits first, so it would report the same.
    """
    try:
        return _assemble(_text_blocks(text, limits))
    except (_NotPlain, RTCError):
        return None


def _parse_lines(text: str, strict: bool, limits: Limits) -> SessionDescription:
    """Every line of ``text`` first, then every check in the order errors are reported.

    The limits first (the work of the other checks is what they bound); then
    a line that is not <type>=<value>, which is reported before lines out of
    order, which are reported before the first value that breaks its rule.
    """
    lines = _split_lines(text, strict)
    if not lines:
        raise _syntax_error(1, 1, "the description is empty; expected 'v=0'", "")
    _check_limits(lines, limits)
    letters = _line_letters(lines)
    if GRAMMAR.structure.fullmatch(letters) is None:
        _check_line_prefixes(lines)
        raise _structure_error(letters, lines)
    description = _assemble(_line_blocks(lines, letters))
    if strict:
        _check_strict_syntax(lines, letters)
        _check_final_line_ending(text, lines)
        problems = sdp_problems(description)
        if problems:
            first = problems[0]
            line = lines[first.line - 1]
            raise _syntax_error(
                first.line, value_column(line), f"{first.message} ({first.rule})", line
            )
    return description


def value_column(line: str) -> int:
    """The 1-based column where the value of ``line`` starts (after ``a=<name>:`` or ``<type>=``).

    Where a problem found by ``sdpmodel.validate`` is shown: a rule names a
    line, and the value is what it is about (``a=mid:0`` used twice, an
    address that does not fit its type).  A flag attribute (``a=rtcp-mux``)
    has no value: its name starts at column 3.
    """
    if line.startswith("a="):
        colon = line.find(":", 2)
        if colon >= 0:
            return colon + 2
    return 3


def _check_final_line_ending(text: str, lines: list[str]) -> None:
    """parse(strict=True): the last line ends with a line ending too.

    RFC 8866, 5: "The sequence CRLF (0x0d0a) is used to end a line, although
    parsers SHOULD be tolerant and also accept lines terminated with a single
    newline character" (and the ABNF of section 9 ends every field with CRLF).
    So LF stays accepted when strict; a last line without any ending, or with
    a CR alone, is what the RFC does not allow.  Lenient parsing takes both,
    as browsers do.
    """
    if text.endswith("\n"):
        return
    last = lines[-1]
    found = (
        "a carriage return (CR) without a line feed"
        if text.endswith("\r")
        else "the end of the text"
    )
    raise _syntax_error(
        len(lines),
        len(last) + 1,
        f"expected a line ending (CRLF) after the last line, got {found} "
        "(RFC 8866, 5: every line ends with CRLF)",
        last,
    )


def _check_strict_syntax(lines: list[str], letters: str) -> None:
    """parse(strict=True): lines whose rule has a ``strict_`` twin must match the twin too."""
    for index, line in enumerate(lines):
        letter = letters[index]
        if letter == "a":
            name, sep, value = line[2:].partition(":")
            cls = attribute_class(name)
            rule = None if cls is None or not sep else cls.rule()
            prefix_length = len(name) + 3
            what = f"a={name}"
            if cls is None:
                # An unknown attribute: the generic a= rule, whose strict twin
                # wants a value after the ':' (RFC 8866, 9: att-value = byte-string).
                rule, value, prefix_length = "attribute_field", line[2:], 2
        else:
            rule, value, prefix_length, what = (
                GRAMMAR.field_rule[letter],
                line[2:],
                2,
                f"{letter}= line",
            )
        twin = None if rule is None else GRAMMAR.strict_twin(rule)
        if twin is not None and GRAMMAR.regex(twin).fullmatch(value) is None:
            error = _value_error(twin, value, what, prefix_length, index + 1, line)
            error.message += " (strict: the RFC's syntax)"
            raise error


# --- assembling the model, block by block ---------------------------------------------
#
# RFC 8866, 5 fixes the order of the lines, so a description is a session
# block (the lines before the first m=) and one block per m-section, and
# each block ends with all of its a= lines.  A block is its first line's
# number and its lines.

_Block = tuple[int, list[str]]


class _NotPlain(Exception):
    """The fast path met text it leaves to ``_parse_lines``."""


def _text_blocks(text: str, limits: Limits) -> Iterator[_Block]:
    """The blocks of ``text``, each split into lines only when it is reached.

    Only for text whose every line ends with CRLF, or every line with LF
    (``_NotPlain`` for anything else).  The order of the lines within each
    block is checked by ``_assemble``; the limits here (``_LimitExceeded``).
    """
    separator = "\r\n" if "\r" in text else "\n"
    if not text.endswith(separator) or text.endswith(separator * 2):
        raise _NotPlain  # no final line ending, or blank lines at the end
    section_start = separator + "m="
    number, start, section = 1, 0, 0
    while True:
        end = text.find(section_start, start)
        chunk = text[start:] if end < 0 else text[start:end]
        lines = chunk.split(separator)
        if separator == "\r\n" and chunk.count("\n") != len(lines) - 1:
            raise _NotPlain  # a line that ends with LF alone
        if end < 0:
            lines.pop()  # the "" after the final line ending
        error = _block_limit_error(number, lines, section, chunk, limits)
        if error is not None:
            raise _LimitExceeded(error)
        yield number, lines
        if end < 0:
            return
        number += len(lines)
        start = end + len(separator)
        section += 1


def _line_blocks(lines: list[str], letters: str) -> Iterator[_Block]:
    """The blocks of lines already split (and known to be in order)."""
    start = 0
    end = letters.find("m")
    while end >= 0:
        yield start + 1, lines[start:end]
        start, end = end, letters.find("m", end + 1)
    yield start + 1, lines[start:]


#: A line's type letter; an empty line has none (IndexError).
_first_character = itemgetter(0)


def _block_letters(lines: list[str], structure: Callable[[str], Any]) -> str:
    """The type letters of a block's lines, checked against the block's rule."""
    try:
        letters = "".join(map(_first_character, lines))  # one-character strings are shared
    except IndexError:
        raise _NotPlain from None  # an empty line
    if structure(letters) is None:
        raise _NotPlain  # lines out of order
    return letters


def _field_value(letter: str, line: str, number: int) -> Any:
    """The value of a line that is not a= or m=, from the cache or built."""
    value = _cache.get(line)
    if value is None:
        if line[1:2] != "=":
            raise _NotPlain
        value = _build_field(letter, line, number)
        if letter in "cbtrzk":
            value = _cached(line, value)
    return value


def _attribute_values(lines: list[str], start: int, number: int) -> tuple[Attribute, ...]:
    """The values of the a= lines ``lines[start:]``; ``number`` is the line number of ``lines[0]``.

    When the first line is in the cache, one lookup of every line first
    (the whole block may have been seen before); else, or when some line is
    new, one pass in order that builds each new line (an equal line after
    it then finds the value just built).
    """
    get = _cache.get
    if start < len(lines) and get(lines[start]) is not None:  # not a new block
        values = tuple(map(get, lines[start:]))
        if all(values):
            return values  # type: ignore[return-value]  # no None: every line was in the cache
    built: list[Attribute] = []
    for line_number, line in enumerate(lines[start:], number + start):
        value = get(line)
        if value is None:
            if line[1:2] != "=":
                raise _NotPlain
            value = _new_attribute(line, line_number)
        built.append(value)
    return tuple(built)


def _assemble(blocks: Iterator[_Block]) -> SessionDescription:
    """Build the model from its blocks (see above)."""
    number, lines = next(blocks)
    letters = _block_letters(lines, _block_structure["session"])
    start = letters.find("a")
    if start < 0:
        start = len(lines)
    session: dict[str, Any] = {}
    times: list[tuple[Any, list[Any]]] = []
    for index in range(start):
        letter = letters[index]
        value = _field_value(letter, lines[index], number + index)
        if letter == "t":
            times.append((value, []))
        elif letter == "r":
            times[-1][1].append(value)
        elif letter in "epb":
            session.setdefault(letter, []).append(value)
        else:
            session[letter] = value
    attributes = _attribute_values(lines, start, number)
    media = [_media_description(number, lines) for number, lines in blocks]
    timings = tuple(
        new_timing(t.start, t.stop, tuple(r)) if r else t for t, r in times
    )  # the parser's values are checked already (sdpmodel._builders.direct)
    return new_session_description(
        origin=session["o"],
        session_name=session["s"],
        version=session["v"],
        information=session.get("i"),
        uri=session.get("u"),
        emails=tuple(session.get("e", ())),
        phones=tuple(session.get("p", ())),
        connection=session.get("c"),
        bandwidths=tuple(session.get("b", ())),
        times=timings,
        time_zones=session.get("z"),
        key=session.get("k"),
        attributes=attributes,
        media=tuple(media),
    )


def _media_description(number: int, lines: list[str]) -> MediaDescription:
    """One m-section from its block (m= i= c= b= k= a=, in that order)."""
    letters = _block_letters(lines, _block_structure["media"])
    start = letters.find("a")
    if start < 0:
        start = len(lines)
    # The m= lines of a description repeat (same kind, port and formats): built once,
    # kept in the line cache (no other line starts with "m=").  A MediaLine is only read.
    media_line: MediaLine | None = _cache.get(lines[0])
    if media_line is None:
        media_line = _cache[lines[0]] = _build_field("m", lines[0], number)
    information = key = None
    connections: list[Connection] = []
    bandwidths: list[Bandwidth] = []
    for index in range(1, start):  # Chrome and Firefox write none, or one c=
        letter = letters[index]
        value = _field_value(letter, lines[index], number + index)
        if letter == "c":
            connections.append(value)
        elif letter == "b":
            bandwidths.append(value)
        elif letter == "i":
            information = value
        else:
            key = value
    description = _new_media_description(
        media_line.media,
        media_line.port,
        media_line.protocol,
        media_line.formats,
        media_line.port_count,
        information,
        tuple(connections),
        tuple(bandwidths),
        key,
        _attribute_values(lines, start, number),
    )
    object.__setattr__(description, "_sdp", lines[0])
    return description


def parse_attribute(line: str, *, limits: Limits = DEFAULT_LIMITS) -> Attribute:
    """Parse one ``a=`` line (``"a=rtpmap:111 opus/48000/2"``) into its typed value.

    Raises ``RTCError`` (sdp-syntax-error, line 1) for a malformed line, or
    one longer than ``limits.max_line_length``.
    """
    if not isinstance(line, str):
        raise TypeError(f"parse_attribute() takes str, not {type(line).__name__}")
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a Limits, not {type(limits).__name__}")
    _ensure_tables()
    line = line.rstrip("\r\n")
    if len(line) > limits.max_line_length:
        raise _line_length_error(1, line, limits.max_line_length)
    if not line.startswith("a="):
        raise _syntax_error(1, 1, f"expected an a= line, got {line[:40]!r}", line)
    cached = _cache.get(line)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    _account(len(line))
    return _new_attribute(line, 1)


def parse_candidate(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Candidate:
    """Parse a trickled candidate: ``candidate:...`` (as in RTCIceCandidate) or ``a=candidate:...``.

    Raises ``RTCError`` (sdp-syntax-error) when it is not a valid candidate
    (RFC 8839, 5.1), or longer than ``limits.max_line_length``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_candidate() takes str, not {type(text).__name__}")
    line = text if text.startswith("a=") else f"a={text}"
    if not line.startswith("a=candidate:"):
        raise _syntax_error(1, 1, f"expected 'candidate:...', got {text[:40]!r}", text)
    attribute = parse_attribute(line, limits=limits)
    assert isinstance(attribute, Candidate)
    return attribute
