"""The grammar, the builders, the attribute classes and the error words stay in step."""

from __future__ import annotations

import re

from sdpmodel._builders import BUILDERS
from sdpmodel._grammar import GRAMMAR, TERMINAL_DESCRIPTIONS
from sdpmodel.attributes import ATTRIBUTE_CLASSES, Attribute, Direction, FlagAttribute


def test_every_rule_has_exactly_one_builder() -> None:
    """Every *_field and *_value rule has one builder, and every builder names a rule (STYLE.md, 4)."""
    rules = {
        name
        for name in GRAMMAR.rule_trees
        if name.endswith(("_field", "_value")) and not name.startswith("strict_")
    }
    assert set(BUILDERS) == rules


def test_every_strict_rule_has_a_lenient_twin() -> None:
    """A strict_<rule> narrows an existing <rule>; it never stands alone."""
    strict = [name for name in GRAMMAR.rule_trees if name.startswith("strict_")]
    assert strict
    for name in strict:
        assert name.removeprefix("strict_") in GRAMMAR.rule_trees


def test_every_attribute_class_names_its_rule() -> None:
    """Each typed attribute with a value names its <name>_value rule; each value rule has a class."""
    named = {cls.rule() for cls in ATTRIBUTE_CLASSES} - {None}
    assert named == set(GRAMMAR.value_rules())
    for cls in ATTRIBUTE_CLASSES:
        if cls.rule() is None:
            assert issubclass(cls, FlagAttribute) or cls is Direction


def test_every_attribute_class_writes_itself() -> None:
    """Every attribute class defines its own serializer (_format_value), none inherits a stub."""
    for cls in ATTRIBUTE_CLASSES:
        owner = next(k for k in cls.__mro__ if "_format_value" in k.__dict__)
        assert owner is not Attribute, cls


def test_every_line_type_has_a_field_rule() -> None:
    """Each RFC 8866 line type (v o s i u e p c b t r z k a m) maps to its field rule."""
    assert set(GRAMMAR.field_rule) == set("vosiuepcbtrzkam")


def test_every_terminal_is_described() -> None:
    """Error messages describe every named terminal; no description is left over."""
    named = {name for name in GRAMMAR.terminal_regex if not name.startswith("__ANON")}
    literal = set(GRAMMAR.terminal_literal)
    assert named - literal <= set(TERMINAL_DESCRIPTIONS)
    assert set(TERMINAL_DESCRIPTIONS) <= named


def test_value_rules_compile_to_regular_expressions() -> None:
    """Every value rule is regular, so it compiles to one anchored regex (the fast path)."""
    for rule in [*GRAMMAR.value_rules(), *GRAMMAR.field_rule.values()]:
        assert isinstance(GRAMMAR.regex(rule), re.Pattern)
