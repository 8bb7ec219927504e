"""Layer 7, spreadsheet safety: no text cell or column name that Excel or LibreOffice would run as a
formula, and no invisible character in a text cell.

A cell is unsafe when its first character after spaces is a formula trigger (``= + - @ | %``, their
full-width forms, TAB, CR, LF or NUL) or an invisible format character (Unicode category Cf: byte
order mark, zero-width space, word joiner, soft hyphen, bidi controls...), which hides what the cell
starts with. An invisible character further into a text cell is a ``control-character`` problem.
Column names are checked too: they are the header cells on line 1 of the CSV.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from ukcsa_data.core.escaping import CONTROL_NAMES, INVISIBLE_CATEGORIES, char_name, is_hidden, is_invisible
from ukcsa_data.core.joined import lf_joined_blocks
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.table_schema import Field
from ukcsa_data.core.utf8 import non_ascii_characters
from ukcsa_data.validation.l3_types.field_types import TypedTable

#: First characters (after spaces) that make a spreadsheet treat a cell as a formula or command.
FORMULA_TRIGGERS = frozenset("=+-@|%\t\r\n\x00\uff1d\uff0b\uff0d\uff20\uff5c\uff05")
# A cell that could start like a formula starts a line of the non-empty cells joined by LF.
_POSSIBLE_FORMULA = re.compile("^ *[" + re.escape("".join(sorted(FORMULA_TRIGGERS))) + "]", re.MULTILINE)
_WHOLE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _hidden_at(text: str, start: int, categories: frozenset[str]) -> int | None:
    """Index of the first character at or after ``start`` that ``escaping.is_hidden`` finds.

    The text's distinct characters beyond ASCII are looked up once (found at C speed), with the
    ASCII characters hidden in ``categories`` (its control characters, where "Cc" is one), so the
    cost per character stays that of one regular-expression search."""
    beyond = non_ascii_characters(text[start:] if start else text)
    found = _hidden_ascii(categories) + "".join(c for c in beyond if is_hidden(c, categories))
    if not found:
        return None
    match = re.compile("[" + re.escape(found) + "]").search(text, start)
    return match.start() if match else None


@lru_cache(maxsize=8)
def _hidden_ascii(categories: frozenset[str]) -> str:
    """The ASCII characters ``escaping.is_hidden`` finds in ``categories``."""
    return "".join(c for c in map(chr, range(128)) if is_hidden(c, categories))


#: A column name may not hold control characters either (layer 2 checks them in cells only).
_INVISIBLE_IN_NAME = INVISIBLE_CATEGORIES | {"Cc"}


def formula_problem(cell: str) -> str | None:
    """Return why ``cell`` is unsafe to open in a spreadsheet, or None if it is safe.

    Unsafe: its first character after spaces is a formula trigger or an invisible character; a
    plain number such as ``-5`` is safe (a spreadsheet reads it as that number).
    """
    first = _unsafe_start(cell)
    return None if first is None else _formula_message(cell, first)


def _unsafe_start(cell: str) -> str | None:
    """The first character of ``cell`` after spaces if it makes the cell unsafe (see
    :func:`formula_problem`), else None."""
    stripped = cell.lstrip(" ")
    first = stripped[:1]
    if not first or _WHOLE_NUMBER.fullmatch(stripped.rstrip(" ")):
        return None
    return first if is_invisible(first) or first in FORMULA_TRIGGERS else None


def _formula_message(cell: str, first: str) -> str:
    if is_invisible(first):
        return (
            f"{show(cell)} starts with {char_name(first)}, an invisible character that hides what the "
            "cell starts with; delete it"
        )
    fix = (
        f"delete the {char_name(first)}"
        if first in CONTROL_NAMES
        else "reword it so it starts with a letter, digit or quotation mark"
    )
    return f"{show(cell)} starts with {char_name(first)}, which a spreadsheet may run as a formula; {fix}"


def invisible_problem(
    cell: str, start: int = 0, categories: frozenset[str] = INVISIBLE_CATEGORIES
) -> str | None:
    """Why ``cell`` holds an invisible character at or after index ``start``, or None."""
    found = _hidden_at(cell, start, categories)
    return None if found is None else _invisible_message(cell, found)


def _invisible_message(cell: str, found: int) -> str:
    return (
        f"{show(cell)} holds {char_name(cell[found])} at character {found + 1}, an invisible or control "
        "character that makes equal-looking text differ; delete it"
    )


def _message(what: str, build: Callable[[str, Any], str], cell: str, at: Any) -> str:
    return what + build(cell, at)


def _report_cell(
    report: Report,
    where: tuple[str, int, str],
    cell: str,
    what: str = "",
    hidden: frozenset[str] = INVISIBLE_CATEGORIES,
) -> None:
    """Report a formula start and an invisible character further in, each once, for one cell (the
    messages are built only for the problems listed)."""
    path, line, field = where
    first = _unsafe_start(cell)
    if first is not None:
        report.add(
            path, line, field, "formula-injection", partial(_message, what, _formula_message, cell, first)
        )
    # An invisible first character is the formula problem above; look past it.
    start = len(cell) - len(cell.lstrip(" ")) + 1 if first is not None else 0
    found = _hidden_at(cell, start, hidden)
    if found is not None:
        report.add(
            path, line, field, "control-character", partial(_message, what, _invisible_message, cell, found)
        )


def _may_be_unsafe(joined: str) -> bool:
    """Whether a cell of ``joined`` (cells joined by LF) may start like a formula or hold an
    invisible character."""
    return bool(_POSSIBLE_FORMULA.search(joined)) or _hidden_at(joined, 0, INVISIBLE_CATEGORIES) is not None


def check_spreadsheet_safety(table: TypedTable, fields: tuple[Field, ...], report: Report) -> None:
    """Report column names (the CSV's header cells) and text cells a spreadsheet would misread."""
    for field in fields:
        _report_cell(report, (table.path, 1, field.name), field.name, "the column name ", _INVISIBLE_IN_NAME)
    for field in fields:
        if field.type != "string":
            continue
        column = table.columns[field.name]
        # One search each over the joined column (a block of cells at a time) finds whether any
        # cell could be unsafe.
        if not any(map(_may_be_unsafe, lf_joined_blocks(filter(None, column)))):
            continue
        for row, cell in enumerate(column):
            if cell:
                _report_cell(report, (table.path, table.lines[row], field.name), cell)
