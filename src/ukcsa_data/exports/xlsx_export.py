"""The XLSX export: a README sheet, a codebook sheet and one sheet per resource.

Every text field is written as a text cell (so "14+", "8-10" and "80,000" stay as written), dates
as dates and numbers as numbers; each sheet's header row is frozen and filtered. Each sheet prints
landscape, fitted to the page's width, with the header row repeated on every page and long text
(quotes, descriptions) wrapped in columns at most ``WRAP_WIDTH`` wide.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ukcsa_data.core.table_schema import code_list_references
from ukcsa_data.exports.tables import (
    Cell,
    ExportError,
    ExportTable,
    Package,
    iso_date,
    replacing,
)

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 8, 60
#: A text column whose longest cell is wider than this is this wide, its cells wrapped, so that a
#: printed page fitted to its width keeps a readable size.
WRAP_WIDTH = 36

CONTENT_NOTE = (
    "Content note: the subject of this data is child sexual abuse. The tables hold statistics about "
    "it as reported in UK news and press articles, with short quotes from those articles. They are "
    "figures as reported in the press, not official statistics."
)


def require_openpyxl() -> None:
    """Fail in one line, before anything is written, when openpyxl is not installed."""
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise ExportError("the xlsx format needs openpyxl: pip install openpyxl") from None


def _put(sheet: Any, row: int, column: int, cell: Cell, text: bool) -> None:
    """Write one cell: text as a text cell (never a formula), a date as a date, a number as a number."""
    target = sheet.cell(row=row, column=column)
    if text or (isinstance(cell, datetime.date) and cell.year < 1900):  # Excel has no date before 1900
        target.number_format = TEXT_FORMAT
        if cell is not None:
            target.value = iso_date(cell) if isinstance(cell, datetime.date) else str(cell)
            target.data_type = "s"
        return
    target.value = cell
    if isinstance(cell, datetime.date):
        target.number_format = DATE_FORMAT


def _write_sheet(sheet: Any, header: list[str], rows: list[tuple[Cell, ...]], text: list[bool]) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    for column, name in enumerate(header, start=1):
        _put(sheet, 1, column, name, text=True)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, cell in enumerate(row, start=1):
            _put(sheet, row_number, column, cell, text=text[column - 1])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for column, name in enumerate(header, start=1):
        lengths = [len(name), *(len(_shown(row[column - 1])) for row in rows)]
        width = min(MAX_WIDTH, max(MIN_WIDTH, *lengths) + 2)
        if text[column - 1] and width > WRAP_WIDTH:
            width = WRAP_WIDTH
            _wrap(sheet, column, len(rows) + 1)
        sheet.column_dimensions[get_column_letter(column)].width = width
    _set_up_printing(sheet)


def _wrap(sheet: Any, column: int, last_row: int) -> None:
    from openpyxl.styles import Alignment  # type: ignore[import-untyped]

    for row in range(2, last_row + 1):
        sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")


def _set_up_printing(sheet: Any) -> None:
    """Landscape, one page wide (as many pages tall as it takes), the header row on every page,
    grid lines printed."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True


def _shown(cell: Cell) -> str:
    return iso_date(cell) if isinstance(cell, datetime.date) else "" if cell is None else str(cell)


def readme_rows(package: Package) -> list[tuple[Cell, ...]]:
    citation = (
        f"ukcsa-data contributors. {package.title}, version {package.version} [data set]. "
        f"Licensed {package.license_name}. For a single figure, cite the original article too "
        "(see the sources sheet)."
    )
    return [
        ("title", package.title),
        ("version", package.version),
        ("licence", f"{package.license_name} ({package.license_url})"),
        ("how to cite", citation),
        ("content note", CONTENT_NOTE),
        ("description", package.description),
        ("sheets", "codebook: every column of every table; then one sheet per table, one row per CSV row."),
        ("homepage", package.homepage),
    ]


def _code_list(table: ExportTable, name: str) -> str | None:
    """ "a code of units.unit" for a column that refers to a code list, else None."""
    reference = code_list_references(table.schema).get(name)
    return f"a code of {reference[0]}.{reference[1]}" if reference else None


def codebook_rows(package: Package) -> list[tuple[Cell, ...]]:
    return [
        (
            table.name,
            field.name,
            field.type,
            "yes" if field.required else "no",
            ", ".join(field.enum) if field.enum else _code_list(table, field.name),
            field.description,
        )
        for table in package.tables
        for field in table.schema.fields
    ]


CODEBOOK_HEADER = ["resource", "column", "type", "required", "enum values", "description"]


def write_xlsx(package: Package, out: Path) -> Path:
    require_openpyxl()
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    _write_sheet(readme, ["item", "text"], readme_rows(package), [True, True])
    _write_sheet(workbook.create_sheet("codebook"), CODEBOOK_HEADER, codebook_rows(package), [True] * 6)
    for table in package.tables:
        text = [field.type not in ("date", "integer", "number") for field in table.schema.fields]
        _write_sheet(workbook.create_sheet(table.name), table.schema.field_names, table.rows, text)
    with replacing(out) as temporary:
        workbook.save(temporary)
    return out
