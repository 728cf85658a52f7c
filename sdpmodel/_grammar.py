"""The grammar, loaded once, and what sdpmodel derives from it.

This module owns ``grammar/sdp.lark`` at run time.  From the one grammar it
derives three things, so that the grammar stays the only statement of SDP
syntax:

* **regular expressions for the fast path.**  Every ``*_field`` and
  ``*_value`` rule is regular (the grammar's own rule), so its EBNF tree,
  with Lark's compiled terminals at the leaves, becomes one anchored Python
  regular expression.  Checking a line is then one ``fullmatch`` in C
  instead of a Lark parse (about 28 microseconds a call, and 5 a token).
* **the line structure.**  The ``session`` rule, with each ``*_line`` rule
  standing for its type letter, becomes a regular expression over the string
  of type letters (``vostam...``), and a second one that accepts every
  *prefix* of a valid structure: the first prefix it rejects names the line
  that is out of place.
* **diagnostics.**  When a value does not match, Lark's LALR parser runs the
  same rule and says where it stopped and which terminals it expected.  One
  small parser per start rule, built on first use and kept.

Lark is imported here and in ``sdpmodel._parser`` only.  No other I/O than
reading the grammar file once.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.grammar import NonTerminal, Terminal
from lark.load_grammar import GrammarBuilder

__all__ = [
    "GRAMMAR",
    "TERMINAL_DESCRIPTIONS",
    "Diagnosis",
    "SdpGrammar",
    "grammar_path",
]

_PACKAGE_DIR = Path(__file__).resolve().parent


def grammar_path() -> Path:
    """Where ``sdp.lark`` is: inside the installed package, or at the top of a source checkout."""
    for candidate in (
        _PACKAGE_DIR / "grammar" / "sdp.lark",
        _PACKAGE_DIR.parent / "grammar" / "sdp.lark",
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("sdp.lark not found beside the sdpmodel package")  # pragma: no cover


#: What an error message says a terminal is.  A test checks that every named
#: terminal of the grammar has an entry, and no entry is left over.
TERMINAL_DESCRIPTIONS: dict[str, str] = {
    "_SP": "a single space",
    "_EOL": "the end of the line",
    "DIGITS": "a number",
    "DECIMAL": "a decimal number",
    "TOKEN": "a token (letters, digits or !#$%&'*+-.^_`{|}~)",
    "NON_WS_STRING": "a value without spaces",
    "TEXT": "some text",
    "ATTRIBUTE_VALUE": "the attribute value",
    "ADDRESS": "an address",
    "PROTO": "a transport protocol such as UDP/TLS/RTP/SAVPF",
    "TYPED_TIME": "a time such as 7d, 1h or 3600",
    "SIGNED_TYPED_TIME": "an offset such as -1h or 0",
    "NON_ZERO_INT_OR_REAL": "a number above 0 such as 20 or 0.5, without leading or trailing zeros",
    "ENCODING_NAME": "an encoding name",
    "FORMAT_PARAMETERS": "format parameters",
    "RTCP_FB_PT": "a payload type or '*'",
    "RTCP_FB_ID": "a feedback type such as nack, ccm or transport-cc",
    "RTCP_FB_PARAMETERS": "feedback parameters",
    "DIRECTION": "sendrecv, sendonly, recvonly or inactive",
    "EXTENSION_ATTRIBUTES": "extension attributes",
    "FOUNDATION": "a foundation (1 to 32 ice-chars: letters, digits, '+' or '/')",
    "TYP": "the keyword typ",
    "ICE_UFRAG": "a ufrag of 4 to 256 ice-chars (letters, digits, '+' or '/')",
    "ICE_PWD": "a password of 22 to 256 ice-chars (letters, digits, '+' or '/')",
    "ICE_OPTION_TAG": "an ICE option tag (letters, digits, '+' or '/')",
    "FINGERPRINT": "upper-case hex byte pairs joined by ':'",
    "SETUP_ROLE": "actpass, active, passive or holdconn",
    "CONNECTION_STATE": "new or existing",
    "MSID_ID": "an identifier of 1 to 64 token characters",
    "MSID_SEMANTIC_ID": "a stream identifier",
    "MSID_SEMANTIC_TEXT": "a semantic token such as WMS, then stream identifiers",
    "RID_ID": "a rid (letters, digits, '-' or '_')",
    "SEND": "send",
    "RECV": "recv",
    "RID_PARAMETER_NAME": "a rid parameter name",
    "RID_PARAMETER_VALUE": "a rid parameter value",
    "SIMULCAST_ID": "a rid, '~' in front when paused",
    "CRYPTO_SUITE": "a crypto suite name",
    "BASE64": "base64 text",
    "TLS_ID": "a tls-id of 20 to 255 characters",
    "IMAGEATTR_PT": "a payload type or '*'",
    "IMAGEATTR_KEY": "sar, par or q",
}


class Diagnosis:
    """Where Lark stopped in a value, and what it expected there."""

    __slots__ = ("expected", "offset")

    def __init__(self, offset: int, expected: tuple[str, ...]) -> None:
        self.offset = offset
        self.expected = expected


def _literal(token: Token) -> str:
    text = str(token)
    if not text.startswith('"') or not text.endswith('"'):
        raise ValueError(f"unsupported literal in the grammar: {text}")  # pragma: no cover
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


class SdpGrammar:
    """The loaded grammar with its derived regexes and diagnostic parsers."""

    def __init__(self, text: str) -> None:
        self.text = text
        builder = GrammarBuilder()
        builder.load_grammar(text, "sdp.lark")
        grammar = builder.build()
        self.rule_trees: dict[str, Tree[Any]] = {
            str(name): tree for name, _p, tree, _o in grammar.rule_defs
        }
        starts = [name for name in self.rule_trees if name.endswith(("_value", "_field"))]
        terminals, _rules, _ignore = grammar.compile([*starts, "session"], set())
        self.terminal_regex: dict[str, str] = {t.name: t.pattern.to_regexp() for t in terminals}
        self.terminal_literal: dict[str, str] = {
            t.name: t.pattern.value for t in terminals if t.pattern.type == "str"
        }
        # Line rules: "o=" origin_field _EOL -> letter "o", field rule "origin_field".
        self.line_letter: dict[str, str] = {}
        self.field_rule: dict[str, str] = {}
        for name, tree in self.rule_trees.items():
            if name.endswith("_line"):
                items: list[Any] = tree.children[0].children
                letter = _literal(items[0].children[0].children[0])[0]
                self.line_letter[name] = letter
                self.field_rule[letter] = str(items[1].children[0].name)
        self._parsers: dict[str, Lark] = {}
        self._regexes: dict[str, re.Pattern[str]] = {}
        structure = self._compile(self.rule_trees["session"], self._letter_leaf)
        self.structure = re.compile(structure)
        # One m-section alone: a session is its first lines, then media_description*.
        media = self._compile(self.rule_trees["media_description"], self._letter_leaf)
        self.media_structure = re.compile(media)
        self.structure_prefix = re.compile(self._compile_prefix(self.rule_trees["session"]))

    # --- regexes ------------------------------------------------------------

    def value_rules(self) -> list[str]:
        """Every ``*_value`` rule but the strict twins: the start symbols of stage 2."""
        return [
            name
            for name in self.rule_trees
            if name.endswith("_value") and not name.startswith("strict_")
        ]

    def strict_twin(self, rule: str) -> str | None:
        """``strict_<rule>`` when the grammar has one (the RFC's narrower syntax)."""
        twin = "strict_" + rule
        return twin if twin in self.rule_trees else None

    def regex(self, rule: str) -> re.Pattern[str]:
        """The compiled regex of ``rule`` (use with ``fullmatch``)."""
        pattern = self._regexes.get(rule)
        if pattern is None:
            pattern = re.compile(self._compile(self.rule_trees[rule], None))
            self._regexes[rule] = pattern
        return pattern

    def _letter_leaf(self, rule: str) -> str | None:
        letter = self.line_letter.get(rule)
        return None if letter is None else re.escape(letter)

    def _compile(
        self, node: Any, leaf: Callable[[str], str | None] | None, seen: tuple[str, ...] = ()
    ) -> str:
        """EBNF tree -> regex.  ``leaf`` may stand in for whole rules (a line -> its letter)."""
        if isinstance(node, Tree):
            data = node.data
            children: list[Any] = node.children
            if data == "expansions":
                parts = [self._compile(child, leaf, seen) for child in children]
                return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
            if data == "expansion":
                return "".join(self._compile(child, leaf, seen) for child in children)
            if data == "value":
                return self._compile(children[0], leaf, seen)
            if data == "literal":
                return re.escape(_literal(children[0]))
            if data == "maybe":
                return "(?:" + self._compile(children[0], leaf, seen) + ")?"
            if data == "expr":
                inner = "(?:" + self._compile(children[0], leaf, seen) + ")"
                op = children[1]
                if op.type == "OP":
                    return inner + str(op)
                if op.type == "TILDE":
                    low, high = int(children[2]), int(children[-1])
                    return inner + f"{{{low},{high}}}"
            raise ValueError(f"unsupported grammar construct: {data}")  # pragma: no cover
        if isinstance(node, Terminal):
            return "(?:" + self.terminal_regex[node.name] + ")"
        if isinstance(node, NonTerminal):
            name = str(node.name)
            if leaf is not None:
                replaced = leaf(name)
                if replaced is not None:
                    return replaced
            if name in seen:
                raise ValueError(f"rule {name} refers to itself: value rules must be regular")
            return self._compile(self.rule_trees[name], leaf, (*seen, name))
        raise ValueError(f"unsupported grammar node: {node!r}")  # pragma: no cover

    def _compile_prefix(self, node: Any) -> str:
        """A regex for every prefix of the line structure (with lines as their letters)."""
        full = functools.partial(self._compile, leaf=self._letter_leaf)
        if isinstance(node, NonTerminal):
            letter = self._letter_leaf(str(node.name))
            if letter is not None:
                return f"(?:{letter})?"
            return self._compile_prefix(self.rule_trees[str(node.name)])
        data = node.data
        if data == "expansions":
            return "(?:" + "|".join(self._compile_prefix(c) for c in node.children) + ")"
        if data == "expansion":
            items = node.children
            options = []
            for k, item in enumerate(items):
                head = "".join(full(i) for i in items[:k])
                options.append(head + self._compile_prefix(item))
            return "(?:" + "|".join(options) + ")"
        if data == "value":
            return self._compile_prefix(node.children[0])
        if data == "expr":
            op = str(node.children[1])
            inner = node.children[0]
            if op == "?":
                return self._compile_prefix(inner)
            if op in ("*", "+"):
                return "(?:" + full(inner) + ")*" + self._compile_prefix(inner)
        raise ValueError(f"unsupported construct in the line structure: {data}")  # pragma: no cover

    # --- diagnostics ----------------------------------------------------------

    def parser(self, start: str) -> Lark:
        """A Lark LALR parser for one start rule, built on first use."""
        parser = self._parsers.get(start)
        if parser is None:
            parser = Lark(self.text, parser="lalr", start=start)
            self._parsers[start] = parser
        return parser

    def diagnose(self, rule: str, value: str) -> Diagnosis | None:
        """Run Lark on ``value``; None if it parses, else where and what it expected."""
        try:
            self.parser(rule).parse(value)
        except UnexpectedCharacters as exc:
            return Diagnosis(exc.pos_in_stream or 0, tuple(sorted(exc.allowed or ())))
        except UnexpectedToken as exc:
            token = exc.token
            offset = len(value) if token.type == "$END" else (token.start_pos or 0)
            return Diagnosis(offset, tuple(sorted(exc.expected)))
        except UnexpectedEOF as exc:
            return Diagnosis(len(value), tuple(sorted(exc.expected)))
        except UnexpectedInput:  # pragma: no cover - the three above are all Lark raises
            return Diagnosis(0, ())
        return None

    def describe(self, terminal: str) -> str:
        """Words for a terminal: its description, or the literal in quotes."""
        literal = self.terminal_literal.get(terminal)
        if terminal in TERMINAL_DESCRIPTIONS:
            return TERMINAL_DESCRIPTIONS[terminal]
        if literal is not None:
            return repr(literal)
        if terminal in ("$END", "<END-OF-FILE>"):
            return "the end of the value"
        return terminal  # pragma: no cover - every terminal is described or literal

    def describe_expected(self, terminals: tuple[str, ...]) -> str:
        words = sorted({self.describe(t) for t in terminals})
        if not words:
            return "nothing more"
        if len(words) == 1:
            return words[0]
        return ", ".join(words[:-1]) + " or " + words[-1]


@functools.cache
def _load() -> SdpGrammar:
    return SdpGrammar(grammar_path().read_text(encoding="utf-8"))


class _LazyGrammar:
    """Loads the grammar on first attribute access, so importing sdpmodel stays cheap."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_load(), name)


#: The process-wide grammar (loaded on first use).
GRAMMAR: SdpGrammar = _LazyGrammar()  # type: ignore[assignment]
