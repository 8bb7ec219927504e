"""Every rule of every layer has the one shape: a small named function, registered with the codes
it reports (each one in ``CODES``), whose docstring gives a bad and a good example.

The rule sets are collected by ``all_rule_sets()``, which every rule set joins when it is made, so
a new one is checked here without being listed.
"""

from __future__ import annotations

from typing import Any

import pytest

from ukcsa_data.core.codes import CODES
from ukcsa_data.validation.l3_types.field_types import InvalidCells, TypedTable
from ukcsa_data.validation.l4_semantics import semantics
from ukcsa_data.validation.l5_provenance import value_text
from ukcsa_data.validation.l6_consistency import consistency
from ukcsa_data.validation.l8_words import exclusion_rules, figure_rules
from ukcsa_data.validation.rules import (
    DocumentedRule,
    DocumentedRules,
    all_rule_sets,
    readable_rows,
    require_documented,
)

RULE_SETS = all_rule_sets()
#: Each rule once (layer 4 registers a rule of several columns once per column).
RULES = list(dict.fromkeys((rules, rule.name) for rules in RULE_SETS for rule in rules.rules))


def _rule(rules: DocumentedRules, name: str) -> DocumentedRule:
    return next(rule for rule in rules.rules if rule.name == name)


def test_every_layer_s_rule_sets_are_found() -> None:
    expected = [
        semantics.FIGURE_FRAME_RULES,
        semantics.SOURCE_RULES,
        value_text.VALUE_TEXT_RULES,
        consistency.RELATION_RULES,
        consistency.AGREEMENT_RULES,
        figure_rules.FIGURE_RULES,
        exclusion_rules.EXCLUSION_RULES,
    ]
    found = [id(rules) for rules in RULE_SETS]
    assert [id(rules) for rules in expected if id(rules) not in found] == []
    assert len(found) == len(set(found)), "a rule set was registered twice"
    assert all(rules.rules for rules in RULE_SETS), "an empty rule set"


@pytest.mark.parametrize(("rules", "name"), RULES, ids=[f"{rules.table}.{name}" for rules, name in RULES])
def test_rule_is_documented_and_registers_known_codes(rules: DocumentedRules, name: str) -> None:
    rule = _rule(rules, name)
    assert "Bad:" in rule.doc, f"{name}: the docstring needs a bad example ('Bad: ...')"
    assert "Good:" in rule.doc, f"{name}: the docstring needs a good example ('Good: ...')"
    assert rule.codes, f"{name} registers no code"
    assert [code for code in rule.codes if code not in CODES] == []


def test_a_rule_without_examples_or_with_an_unknown_code_is_refused() -> None:
    def undocumented() -> None:
        """Checks something, with no example."""

    def documented() -> None:
        """Checks something.

        Bad: this. Good: that.
        """

    with pytest.raises(ValueError, match="undocumented"):
        require_documented(undocumented, ("value-mismatch",))
    with pytest.raises(ValueError, match="no-such-code"):
        require_documented(documented, ("no-such-code",))
    require_documented(documented, ("value-mismatch",))


def test_later_layers_check_only_the_rows_layer_3_read() -> None:
    """``readable_rows`` (what layers 4 to 6 check, so that nothing is reported twice) is every row,
    in order, but those with a cell layer 3 could not read, among the fields asked about if any."""
    invalid = InvalidCells(4)
    invalid.update([(1, "a"), (3, "a"), (0, "b")])
    columns: dict[str, list[Any]] = {"a": [1, None, 3, None], "b": [None, 2, 3, 4]}
    table = TypedTable("series", "dataset/series.csv", columns, [2, 3, 4, 5], invalid)
    assert readable_rows(table) == [2]
    assert readable_rows(table, ["a"]) == [0, 2]
    assert readable_rows(table, ["b"]) == [1, 2, 3]
    assert readable_rows(table, []) == [0, 1, 2, 3]
