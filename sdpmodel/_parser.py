"""SDP text -> ``SessionDescription``, and every failure as a line-numbered ``RTCError``.

This module owns the parse loop and the error boundary.  It must not let any
other exception out: a Lark exception, a ``FieldError`` from a builder, a
``UnicodeDecodeError`` all become ``RTCError(error_detail="sdp-syntax-error")``
with the 1-based line (``sdp_line_number``), the column, and one sentence
that says what was expected and what was found.

The fast path never runs Lark (see ``sdpmodel._grammar``):

1. split into lines (CRLF or LF; RFC 8866, 5: "parsers SHOULD be tolerant and
   also accept lines terminated with a single newline character");
2. check the order of the line types against the ``session`` rule, as one
   regex over the string of type letters;
3. match each line's value against its rule's regex and build its value.
   Lines seen before (most ``a=rtcp-fb`` or ``a=rtpmap`` lines of a browser
   offer, ``c=IN IP4 0.0.0.0``) come from a bounded cache of built values:
   the values are immutable, so sharing them is safe.

Only when a check fails does the slow path run Lark on the failing rule to
say precisely what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sdpmodel._builders import BUILDERS, FieldError, MediaLine
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import (
    Attribute,
    Candidate,
    Direction,
    FlagAttribute,
    Line,
    UnknownAttribute,
    attribute_class,
)
from sdpmodel.enums import MediaDirection
from sdpmodel.errors import RTCError, RTCErrorDetailType
from sdpmodel.model import MediaDescription, SessionDescription
from sdpmodel.validate import sdp_problems

__all__ = ["parse", "parse_attribute", "parse_candidate"]

#: How many built line values the cache keeps before it starts afresh.  It
#: is checked before each parse (not on every line it adds), so one large
#: description can take it past the limit while it is parsed.
CACHE_LIMIT = 16384

_LINE_TYPES = "vosiuepcbtrzkam"
_LINE_NAMES = {letter: f"{letter}=" for letter in _LINE_TYPES}

_cache: dict[str, Any] = {}


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

#: name -> (the regex fullmatch of its value rule, its builder), for every
#: typed attribute that takes a value.
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


def _ensure_tables() -> None:
    if _value_handlers:
        return
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
            _value_handlers[cls.NAME] = (GRAMMAR.regex(value_rule).fullmatch, BUILDERS[value_rule])
            _RULE_BY_NAME[cls.NAME] = value_rule


def _new_attribute(line: str, line_number: int) -> Attribute:
    """The value of an ``a=`` line that is not in the cache: built, its line kept, cached.

    The common case (a typed attribute with a value) first; anything else
    goes to ``_other_attribute``.
    """
    head, sep, value = line.partition(":")
    name = head[2:]
    handler = _value_handlers.get(name)
    if handler is None or not sep:
        built = _other_attribute(line, line_number)
    else:
        match_value, build_value = handler
        if match_value(value) is None:
            rule = _RULE_BY_NAME[name]
            raise _value_error(rule, value, f"a={name}", len(name) + 3, line_number, line)
        try:
            built = build_value(value)
        except FieldError as exc:
            raise _field_error(exc, value, len(name) + 3, line_number, line) from None
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
    if name in _value_handlers:
        message = f"a={name} needs a value after ':'"
        raise _syntax_error(line_number, len(name) + 3, message, line)
    if _field_handlers["a"][0](body) is None:
        raise _value_error("attribute_field", body, "a= line", 2, line_number, line)
    return UnknownAttribute(name, value if sep else None)


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
        line_number = len(letters)
        return _syntax_error(
            line_number,
            None,
            f"the description ends too soon: expected {expected_text} after this line",
            lines[-1] if lines else None,
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


# --- the parse ----------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_number = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise _syntax_error(
            line_number,
            exc.start - line_start + 1,
            f"the text is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            None,
        ) from None


def parse(text: str | bytes, *, strict: bool = False) -> SessionDescription:
    """Parse SDP text into a ``SessionDescription``.

    Lenient (default) accepts what browsers accept: LF or CRLF line endings,
    a missing final line ending, blank lines at the end.  ``strict=True``
    also rejects what RFC 8866 and the attribute RFCs forbid beyond syntax
    (see ``sdpmodel.validate``): the first problem raises.

    Raises ``RTCError`` (``error_detail == "sdp-syntax-error"``) with the
    1-based ``sdp_line_number``; never anything else for bad input.  A
    ``TypeError`` means ``text`` is neither ``str`` nor ``bytes``.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        text = _decode(bytes(text))
    elif not isinstance(text, str):
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    _ensure_tables()
    lines = _split_lines(text, strict)
    if not lines:
        raise _syntax_error(1, 1, "the description is empty; expected 'v=0'", "")
    letters = _line_letters(lines)
    if GRAMMAR.structure.fullmatch(letters) is None:
        _check_line_prefixes(lines)
        raise _structure_error(letters, lines)
    if len(_cache) >= CACHE_LIMIT:
        _cache.clear()
    description = _assemble(lines, letters)
    if strict:
        _check_strict_syntax(lines, letters)
        problems = sdp_problems(description)
        if problems:
            first = problems[0]
            raise _syntax_error(
                first.line, None, f"{first.message} ({first.rule})", lines[first.line - 1]
            )
    return description


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


def _assemble(lines: list[str], letters: str) -> SessionDescription:
    """Build the model; the line order is already known to be right."""
    cache = _cache
    session: dict[str, Any] = {"attributes": []}
    times: list[Any] = []
    session_attributes: list[Attribute] = session["attributes"]
    attributes = session_attributes
    media: list[MediaDescription] = []
    section: dict[str, Any] | None = None
    media_line: MediaLine | None = None
    media_text = ""

    def close_section() -> None:
        assert section is not None and media_line is not None
        description = MediaDescription(
            media=media_line.media,
            port=media_line.port,
            protocol=media_line.protocol,
            formats=media_line.formats,
            port_count=media_line.port_count,
            information=section.get("i"),
            connections=tuple(section["c"]),
            bandwidths=tuple(section["b"]),
            key=section.get("k"),
            attributes=tuple(section["a"]),
        )
        object.__setattr__(description, "_sdp", media_text)
        media.append(description)

    for index, line in enumerate(lines):
        letter = letters[index]
        if letter == "a":
            value = cache.get(line)
            if value is None:
                value = _new_attribute(line, index + 1)
            attributes.append(value)
            continue
        if letter == "m":
            if section is not None:
                close_section()
            media_line = _build_field("m", line, index + 1)
            media_text = line
            section = {"c": [], "b": [], "a": []}
            attributes = section["a"]
            continue
        value = cache.get(line)
        if value is None:
            value = _build_field(letter, line, index + 1)
            if letter in "cbtrzk":
                value = _cached(line, value)
        if section is not None:
            if letter in "cb":
                section[letter].append(value)
            else:
                section[letter] = value
        elif letter == "t":
            times.append([value, []])
        elif letter == "r":
            times[-1][1].append(value)
        elif letter in "ep":
            session.setdefault(letter, []).append(value)
        elif letter == "b":
            session.setdefault("b", []).append(value)
        else:
            session[letter] = value
    if section is not None:
        close_section()
    from attrs import evolve

    timings = tuple(evolve(t, repeats=tuple(r)) if r else t for t, r in times)
    return SessionDescription(
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
        attributes=tuple(session_attributes),
        media=tuple(media),
    )


def parse_attribute(line: str) -> Attribute:
    """Parse one ``a=`` line (``"a=rtpmap:111 opus/48000/2"``) into its typed value.

    Raises ``RTCError`` (sdp-syntax-error, line 1) for a malformed line.
    """
    if not isinstance(line, str):
        raise TypeError(f"parse_attribute() takes str, not {type(line).__name__}")
    _ensure_tables()
    line = line.rstrip("\r\n")
    if not line.startswith("a="):
        raise _syntax_error(1, 1, f"expected an a= line, got {line[:40]!r}", line)
    cached = _cache.get(line)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if len(_cache) >= CACHE_LIMIT:
        _cache.clear()
    return _new_attribute(line, 1)


def parse_candidate(text: str) -> Candidate:
    """Parse a trickled candidate: ``candidate:...`` (as in RTCIceCandidate) or ``a=candidate:...``.

    Raises ``RTCError`` (sdp-syntax-error) when it is not a valid candidate
    (RFC 8839, 5.1).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_candidate() takes str, not {type(text).__name__}")
    line = text if text.startswith("a=") else f"a={text}"
    if not line.startswith("a=candidate:"):
        raise _syntax_error(1, 1, f"expected 'candidate:...', got {text[:40]!r}", text)
    attribute = parse_attribute(line)
    assert isinstance(attribute, Candidate)
    return attribute
