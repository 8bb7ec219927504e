"""Layer 7, spreadsheet safety: no text cell that Excel or LibreOffice would run as a formula."""

from __future__ import annotations

import re

from ukcsa_data.table_schema import Field
from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report, show

#: First characters (after spaces) that make a spreadsheet treat a cell as a formula or command.
FORMULA_TRIGGERS = frozenset("=+-@|%\t\r\n\x00\uff1d\uff0b\uff0d\uff20\uff5c\uff05")
# A cell that could start like a formula starts a line of the non-empty cells joined by LF.
_POSSIBLE_FORMULA = re.compile("^ *[" + re.escape("".join(sorted(FORMULA_TRIGGERS))) + "]", re.MULTILINE)
_WHOLE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def formula_problem(cell: str) -> str | None:
    """Return why ``cell`` is unsafe to open in a spreadsheet, or None if it is safe."""
    stripped = cell.lstrip(" ")
    if not stripped or stripped[0] not in FORMULA_TRIGGERS:
        return None
    if _WHOLE_NUMBER.fullmatch(cell.strip()):
        return None
    return (
        f"{show(cell)} starts with {show(stripped[0])}, which a spreadsheet may run as a formula; "
        "reword the cell so it starts with a letter, digit or quotation mark"
    )


def check_spreadsheet_safety(table: TypedTable, fields: tuple[Field, ...], report: Report) -> None:
    """Report text cells that start like a spreadsheet formula."""
    for field in fields:
        if field.type != "string":
            continue
        column = table.columns[field.name]
        # One search over the joined column finds whether any cell could start like a formula.
        if not _POSSIBLE_FORMULA.search("\n".join(filter(None, column))):
            continue
        for row, cell in enumerate(column):
            if cell and cell.lstrip(" ")[:1] in FORMULA_TRIGGERS:
                why = formula_problem(cell)
                if why:
                    report.add(table.path, table.lines[row], field.name, "formula-injection", why)
