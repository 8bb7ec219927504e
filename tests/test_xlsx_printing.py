"""The XLSX export prints: read back with openpyxl, every sheet is landscape, fitted to one page's
width, repeats its header row on every page, and wraps its long text (quotes, descriptions)."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest

from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.exports import export
from ukcsa_data.exports.xlsx_export import WRAP_WIDTH


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("xlsx") / "data.xlsx"
    export("xlsx", out)
    return openpyxl.load_workbook(out)


def _column(sheet: Any, name: str) -> str:
    letter = next(cell.column_letter for cell in sheet[1] if cell.value == name)
    return str(letter)


def test_every_sheet_prints_landscape_one_page_wide_with_the_header_on_each_page(workbook: Any) -> None:
    assert workbook.sheetnames == ["README", "codebook", *RESOURCE_NAMES]
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title


def test_quotes_and_long_text_are_wrapped_in_narrower_columns(workbook: Any) -> None:
    figures = workbook["figures"]
    quote = _column(figures, "quote")
    assert figures.column_dimensions[quote].width == WRAP_WIDTH
    cells = [row[0] for row in figures[f"{quote}2:{quote}{figures.max_row}"]]
    assert cells and all(cell.alignment.wrap_text for cell in cells)
    assert all(cell.data_type == "s" and cell.number_format == "@" for cell in cells)  # still text
    for sheet in workbook.worksheets:
        assert all(d.width <= max(WRAP_WIDTH, 60) for d in sheet.column_dimensions.values())
        for header in sheet[1]:
            letter = header.column_letter
            body = (
                [row[0] for row in sheet[f"{letter}2:{letter}{sheet.max_row}"]] if sheet.max_row > 1 else []
            )
            widest = max((len(str(cell.value)) for cell in body if cell.value is not None), default=0)
            if body and body[0].data_type == "s" and widest + 2 > WRAP_WIDTH:
                assert all(cell.alignment.wrap_text for cell in body), (sheet.title, header.value)


def test_short_columns_are_not_wrapped(workbook: Any) -> None:
    figures = workbook["figures"]
    for name in ("figure_id", "value", "unit", "qualifier"):
        letter = _column(figures, name)
        assert not any(row[0].alignment.wrap_text for row in figures[f"{letter}1:{letter}{figures.max_row}"])
