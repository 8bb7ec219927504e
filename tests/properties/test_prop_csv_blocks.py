"""[fuzz] Reading a table from its bytes a block at a time finds what reading its whole text finds.

Layer 2 reads a file that has no fault a line could show (no byte order mark, no CR, a final line
break, no control character, the expected header, UTF-8, one well-formed record a line) a block of
bytes at a time, so that a table of a million figures is never held as one text and as all its
lines (``bulk.columns_in_blocks``). Any other file is read whole, as before. The properties:
for any bytes, the two readings give the same header, cells, line numbers and dropped rows, and
the same problems; and the searches over a column's cells joined a block of cells at a time find
a cell with a space at its edge, or one a spreadsheet would misread, exactly where the search of
the whole joined column does.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import REPO_ROOT

from ukcsa_data.core import joined
from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l1_descriptor.descriptor import check_descriptor
from ukcsa_data.validation.l2_bytes import bulk, csv_reader
from ukcsa_data.validation.l2_bytes.raw_table import RawTable
from ukcsa_data.validation.l3_types.field_types import type_table
from ukcsa_data.validation.l7_spreadsheet.spreadsheet import check_spreadsheet_safety

pytestmark = pytest.mark.fuzz

#: Characters that matter to the reading: separators, quotes, spaces at a cell's edge, characters
#: beyond ASCII (two, three and four bytes wide), formula starts; and line breaks and control
#: characters, which send a file to be read whole.
_CLEAN = ["a", "b", "1", " ", ",", '"', "\u00a0", "\u201c", "é", "=", "😀"]
_FAULTS = ["\n", "\r", "\t", "\x00", "\x85", "\u2028"]
_CELL = st.text(st.sampled_from(_CLEAN + _FAULTS), max_size=5)
_CLEAN_CELL = st.text(st.sampled_from(_CLEAN), max_size=5)
#: The header of the table read (``units``).
_HEADER = "unit,kind,nouns,description"


def _record(cells: list[str], quote_all: bool) -> str:
    """The cells as one record, each quoted if it must be (or if ``quote_all``)."""
    return ",".join(
        '"' + cell.replace('"', '""') + '"' if quote_all or any(c in cell for c in ',"\n\r') else cell
        for cell in cells
    )


#: What may be wrong with a generated file (mostly nothing).
_FAULT_KINDS = ["none"] * 6 + [
    "crlf",
    "no-final-break",
    "bom",
    "not-utf8",
    "header",
    "ragged",
    "blank",
    "cell",
]


@st.composite
def _files(draw: st.DrawFn) -> bytes:
    """The bytes of a units table: well-formed records of four cells, or with one kind of fault
    (CR line ends, no final line break, a byte order mark, a byte that is not UTF-8, another
    header, a row of another width, a blank line, a line break or control character in a cell)."""
    fault = draw(st.sampled_from(_FAULT_KINDS))
    cell = _CELL if fault == "cell" else _CLEAN_CELL
    rows = draw(st.lists(st.lists(cell, min_size=4, max_size=4), max_size=12))
    if fault == "ragged" and rows:
        rows[draw(st.integers(0, len(rows) - 1))].append("x")
    header = (
        draw(st.sampled_from(["unit,kind", _HEADER + "\x7f", "kind,unit,nouns,description"]))
        if fault == "header"
        else _HEADER
    )
    lines = [header if draw(st.booleans()) else _record(header.split(","), True)]
    lines += [_record(cells, draw(st.booleans())) for cells in rows]
    if fault == "blank":
        lines.insert(draw(st.integers(1, len(lines))), "")
    end = "\r\n" if fault == "crlf" else "\n"
    raw = (end.join(lines) + ("" if fault == "no-final-break" else end)).encode("utf-8")
    if fault == "bom":
        raw = b"\xef\xbb\xbf" + raw
    if fault == "not-utf8":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + b"\xff" + raw[at:]
    return raw


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the shipped package whose ``units.csv`` each example overwrites."""
    root = tmp_path_factory.mktemp("blocks") / "package"
    shutil.copytree(
        REPO_ROOT, root, ignore=shutil.ignore_patterns(".*", "src", "tests", "benchmarks", "docs", "site")
    )
    yield root


def _read(root: Path, raw: bytes, whole: bool, block_bytes: int) -> tuple[object, list[tuple[object, ...]]]:
    (root / "dataset" / "units.csv").write_bytes(raw)
    report = Report(str(root))
    plan = check_descriptor(root, report)["units"]
    report = Report(str(root))  # the descriptor's problems (the file's hash) are not compared
    with mock.patch.object(bulk, "BLOCK_BYTES", block_bytes):
        if whole:
            with mock.patch.object(csv_reader, "columns_in_blocks", lambda raw, expected: None):
                table = csv_reader.read_table(root, plan, report)
        else:
            table = csv_reader.read_table(root, plan, report)
    shape = (
        None
        if table is None
        else (table.header, table.columns, list(table.lines), table.dropped, len(table.rows))
    )
    problems = [(p.path, p.line, p.field, p.code, p.severity, p.message) for p in report.problems]
    return shape, problems


@given(raw=_files(), block_bytes=st.integers(1, 64))
@example(raw=(_HEADER + "\nw,x,y,z\n").encode(), block_bytes=1)
@example(raw=(_HEADER + "\nw,x,y,z\n\nw,x,y,z\n").encode(), block_bytes=3)
@example(raw=(_HEADER + '\n"w\nx",x,y,z\n').encode(), block_bytes=2)
@example(raw=(_HEADER + "\nw,x\x00y,y,z\n").encode(), block_bytes=4)
@example(raw=(_HEADER + "\nw,x,y,\u2028z\n").encode(), block_bytes=64)
@example(raw=(_HEADER + "\x7f\nw,x,y,z\n").encode(), block_bytes=64)
def test_blocks_read_what_the_whole_text_reads(package: Path, raw: bytes, block_bytes: int) -> None:
    """For any bytes of a table, and blocks of any size, the table and problems read a block of
    bytes at a time equal those read from the whole text."""
    assert _read(package, raw, False, block_bytes) == _read(package, raw, True, block_bytes)


@given(st.lists(_CELL, max_size=20), st.integers(1, 6))
def test_joined_blocks_are_the_joined_column_in_whole_cells(cells: list[str], per_block: int) -> None:
    """The blocks joined by LF are the column joined by LF, and each block joins at most
    ``per_block`` whole cells, in order (none for no cells)."""
    blocks = list(joined.lf_joined_blocks(cells, per_block))
    assert "\n".join(blocks) == "\n".join(cells) or (not cells and blocks == [])
    assert len(blocks) == -(-len(cells) // per_block)
    assert blocks == ["\n".join(cells[at : at + per_block]) for at in range(0, len(cells), per_block)]


@given(st.lists(_CELL, min_size=1, max_size=20), st.integers(1, 6))
def test_searches_by_block_find_what_the_whole_column_search_finds(
    package: Path, cells: list[str], per_block: int
) -> None:
    """Layer 2's white space and layer 7's spreadsheet checks report the same problems, in the same
    order, whether a column's cells are joined ``per_block`` at a time or all at once."""
    rows = [[cell, "count", cell, cell] for cell in cells]
    header = ["unit", "kind", "nouns", "description"]
    raw = RawTable("units", "dataset/units.csv", header, rows, list(range(2, 2 + len(rows))), "", 0)
    plan = check_descriptor(package, Report(str(package)))["units"]

    def problems(size: int) -> list[tuple[object, ...]]:
        report = Report(str(package))
        with mock.patch.object(joined.lf_joined_blocks, "__defaults__", (size,)):
            csv_reader._check_whitespace(raw, report)
            table = type_table(raw, plan.schema.fields, plan.schema.missing_values, Report(str(package)))
            check_spreadsheet_safety(table, plan.schema.fields, report)
        return [(p.line, p.field, p.code, p.message) for p in report.problems]

    assert problems(per_block) == problems(len(cells) + 1)


_NUMBER_CELLS = st.lists(
    st.sampled_from(
        ["0", "1", "-2", "2.5", "10", "1e3", "01", "1.50", " 3", "", "x", "2021-02-03", "2021-02-30"]
    ),
    min_size=1,
    max_size=12,
)


@given(_NUMBER_CELLS, st.sampled_from(["number", "integer", "date"]), st.integers(1, 5))
def test_a_column_typed_a_block_at_a_time_is_typed_as_a_whole(
    cells: list[str], kind: str, per_block: int
) -> None:
    """Layer 3 types a column whose every cell is valid at once, matching its cells a block at a
    time: for any cells and blocks of any size it accepts exactly the columns, and gives exactly
    the values, that one match of the whole column gives."""
    from ukcsa_data.validation.l3_types import field_types

    def typed(size: int) -> tuple[bool, list[object]]:
        values: list[object] = [None] * len(cells)
        with mock.patch.object(field_types, "_CELLS_MATCHED_AT_ONCE", size):
            accepted = field_types._parse_column_fast(kind, cells, list(range(len(cells))), values)
        return accepted, values

    assert typed(per_block) == typed(len(cells) + 1)
