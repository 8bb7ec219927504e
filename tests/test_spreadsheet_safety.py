"""[fuzz] Layer 7: every text cell is either reported or provably safe to open in a spreadsheet."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ukcsa_data.core.escaping import is_invisible
from ukcsa_data.core.problems import Report
from ukcsa_data.core.table_schema import Field
from ukcsa_data.validation.l3_types.field_types import InvalidCells, TypedTable
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import (
    FORMULA_TRIGGERS,
    check_spreadsheet_safety,
    formula_problem,
)

pytestmark = pytest.mark.fuzz

FULL_WIDTH = "\uff1d\uff0b\uff0d\uff20\uff5c\uff05"
INVISIBLE = "\ufeff\u200b\u200d\u2060\u00ad\u180e\u202e\u2066\u061c\U000e0001"
NUMBER_CHARS = "0123456789+-.eE"
CELLS = st.text(
    alphabet=st.sampled_from(list(" \t\r\n\x00=+-@|%ax1.e" + FULL_WIDTH + INVISIBLE)), max_size=8
) | st.text(max_size=8)


def _plain_number(cell: str) -> bool:
    """An independent oracle: ASCII digits, sign, point and exponent that float() reads."""
    text = cell.strip(" ")
    if not text or any(char not in NUMBER_CHARS for char in text):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


@given(CELLS)
@example("\t5")
@example(" \ufeff=1")
@example("-5")
def test_an_unreported_cell_starts_safely(cell: str) -> None:
    """Property: if formula_problem(s) is None, then s after leading spaces is empty, or starts with
    neither a formula trigger nor an invisible (Cf) character, or s is a plain ASCII number."""
    if formula_problem(cell) is None:
        first = cell.lstrip(" ")[:1]
        unsafe = first in FORMULA_TRIGGERS or (first != "" and unicodedata.category(first) == "Cf")
        assert not first or not unsafe or _plain_number(cell), repr(cell)


@given(st.integers(0, 3), st.sampled_from(list(FULL_WIDTH + INVISIBLE)), CELLS)
def test_full_width_and_invisible_starts_are_caught(spaces: int, char: str, rest: str) -> None:
    """Property: a full-width trigger or an invisible character first (after spaces) is always reported,
    naming that character as U+XXXX."""
    why = formula_problem(" " * spaces + char + rest)
    assert why is not None
    assert f"U+{ord(char):04X}" in why


def _problems(column: list[str]) -> Report:
    table = TypedTable(
        "figures", "t.csv", {"notes": column}, list(range(2, len(column) + 2)), InvalidCells(len(column))
    )
    report = Report(".")
    check_spreadsheet_safety(table, (Field("notes", "string", {}),), report)
    return report


@given(st.lists(CELLS, max_size=6))
@example(["x", "\ufeffy"])
@example(["a\u2060b", " \ufeff\ufeff"])
def test_each_unsafe_cell_is_reported_once_per_rule(column: list[str]) -> None:
    """Property: each non-empty cell gets one formula-injection problem (on its line) exactly when
    formula_problem flags it, and one control-character problem exactly when it holds an invisible
    character other than the one formula_problem names; so no character is reported twice."""
    codes: dict[int | None, list[str]] = {}
    for problem in _problems(column).problems:
        codes.setdefault(problem.line, []).append(problem.code)
    for line, cell in enumerate(column, start=2):
        start = len(cell) - len(cell.lstrip(" "))
        expected = []
        if cell and formula_problem(cell):
            expected.append("formula-injection")
        if any(is_invisible(c) for i, c in enumerate(cell) if i != start or not expected):
            expected.append("control-character")
        assert codes.get(line, []) == expected, (cell, codes.get(line))


def test_column_names_are_header_cells() -> None:
    """A column name that starts like a formula is reported on line 1, under that name."""
    table = TypedTable("figures", "t.csv", {"=1+1": []}, [], InvalidCells(0))
    report = Report(".")
    check_spreadsheet_safety(table, (Field("=1+1", "string", {}),), report)
    assert [(p.line, p.field, p.code) for p in report.problems] == [(1, "=1+1", "formula-injection")]
