"""Layer 2, bytes and dialect: UTF-8, LF, comma-separated, header on line 1, well-formed quoting.

The reader is stricter than the csv module: it reports a stray quote, an unclosed quote (on the
line where it opened), ragged and blank rows, whitespace around cells and control characters.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from ukcsa_data.core import limits
from ukcsa_data.core.contract import MAY_BE_EMPTY
from ukcsa_data.core.escaping import CONTROL_CHARACTERS
from ukcsa_data.core.joined import lf_joined_blocks
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.safe_paths import read_reported
from ukcsa_data.core.utf8 import NotUtf8, decode_utf8
from ukcsa_data.validation.l1_descriptor.resources import ResourcePlan
from ukcsa_data.validation.l2_bytes.bulk import BulkColumns, columns_in_blocks
from ukcsa_data.validation.l2_bytes.raw_table import RawTable
from ukcsa_data.validation.l2_bytes.records import CONTROL_EXCEPT_LF, RECORD, split_record

_LEADING_INJECTION = "\t\r\n\x00"
_RARE_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_SPACES = frozenset(" " + _RARE_SPACES)
_MAX_JOINED_LINES = 20
_NAMES_SHOWN = 20  # unexpected header names quoted in the message
_CSV_MODULE_FIELD_LIMIT = 131_072  # csv.reader raises on a longer field; such lines are split here
_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
_TEXT_BYTES = set(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D} | set(range(0x80, 0x100))


def _join_quoted_record(
    lines: list[str], index: int, first: str, width: int
) -> tuple[str, list[str], int] | None:
    """Join ``first`` with the lines after it if that makes one complete record of ``width`` cells.

    A line break inside a quoted cell is reported later as a control character. If no complete
    record forms within a few lines, the quote was never closed: None. The record is split only
    when its quotes pair up (an even count), so the work stays linear in the lines joined.
    """
    parts, quotes = [first], first.count('"')
    for end in range(index, min(index + _MAX_JOINED_LINES, len(lines))):
        parts.append(lines[end])
        quotes += lines[end].count('"')
        if quotes % 2:
            continue
        record = "\n".join(parts)
        cells, error = split_record(record)
        if error is None:
            return (record, cells, end + 1) if len(cells) == width else None
        if error[0] != "unclosed-quote":
            return None
    return None


def _looks_like_text(raw: bytes, path: str, report: Report) -> bool:
    """Whether ``raw`` may be UTF-8 text (not UTF-16, not binary), judged from its first bytes."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) >= 4 and raw[1] == 0 and raw[3] == 0):
        report.add(path, 1, None, "encoding", "the file looks like UTF-16; save it as UTF-8")
        return False
    sample = raw[:4096]
    if sum(byte not in _TEXT_BYTES for byte in sample) > len(sample) // 10:
        report.add(path, None, None, "binary-file", "this is not a text file")
        return False
    return True


def _line_breaks(raw: bytes, start: int = 0, end: int | None = None) -> int:
    """How many line breaks (LF, CRLF or a lone CR) ``raw[start:end]`` holds, at C speed."""
    return raw.count(b"\n", start, end) + raw.count(b"\r", start, end) - raw.count(b"\r\n", start, end)


def _first_long_line(raw: bytes, limit: int) -> int | None:
    """The number of the first line of ``raw`` longer than ``limit`` bytes, or None.

    Each step looks for the last line break within ``limit`` + 1 bytes of a line's start (a line
    without one there is too long) and jumps to it, so the scan costs one pass over the bytes.
    """
    pos, end = 0, len(raw)
    while end - pos > limit:
        window = pos + limit + 1
        last = max(raw.rfind(b"\n", pos, window), raw.rfind(b"\r", pos, window))
        if last < 0:
            return _line_breaks(raw, 0, pos) + 1
        pos = last + 1
    return None


def _within_limits(raw: bytes, path: str, report: Report, rows_before: int) -> bool:
    """Check the longest line and the number of rows (with the ``rows_before`` of the tables read
    before it, all tables together) before the file is decoded or split."""
    active = limits.active()
    long_line = _first_long_line(raw, active.line_bytes)
    if long_line is not None:
        report.add(
            path,
            long_line,
            None,
            "line-too-long",
            f"line {long_line:,} is longer than {active.line_bytes:,} bytes (the limit of one line); "
            "the file's rows were not checked",
        )
        return False
    rows = _line_breaks(raw) - (raw[-1:] in (b"\n", b"\r"))  # lines after the header
    if rows_before + rows > active.rows:
        before = f" and {rows_before:,} rows in the tables before it" if rows_before else ""
        report.add(
            path,
            None,
            None,
            "too-many-rows",
            f"{rows:,} lines after the header{before}; the limit is {active.rows:,} rows in all "
            "tables together; the table was not read",
        )
        return False
    return True


def _decode(raw: bytes, path: str, report: Report) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(
            path, 1, None, "bom", "remove the UTF-8 byte order mark (save as 'UTF-8', not 'UTF-8 with BOM')"
        )
        raw = raw[3:]
    text = decode_utf8(raw)
    if isinstance(text, NotUtf8):
        report.add(
            path,
            text.line,
            None,
            "encoding",
            f"byte 0x{text.byte:02x} at column {text.column} is not UTF-8 (saved as cp1252 or Latin-1?); "
            "save as UTF-8",
        )
        return None
    return text


def _normalise_line_endings(text: str, path: str, report: Report) -> str:
    if "\r" not in text:
        return text
    first = text.count("\n", 0, text.index("\r")) + 1
    crlf = text.count("\r\n")
    report.add(
        path,
        first,
        None,
        "line-ending",
        f"{text.count(chr(13))} line(s) end in CR ({crlf} CRLF); use LF line endings only",
    )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _find_header(lines: list[str], expected: list[str], path: str, report: Report) -> int | None:
    """Return the index of the header line (0 unless title rows precede it)."""
    first = lines[0] if lines else ""
    header, error = split_record(first)
    if error is None and header == expected:
        return 0
    if "," not in first and (";" in first or "\t" in first):
        sep = "semicolons" if ";" in first else "tabs"
        report.add(path, 1, None, "delimiter", f"fields are separated by {sep}; use commas")
        return None
    for index in range(1, min(len(lines), 20)):
        if split_record(lines[index]) == (expected, None):
            report.add(path, 1, None, "header", f"the header must be on line 1; it is on line {index + 1}")
            return index
    present = set(header)
    missing = [name for name in expected if name not in present]
    extra = [name for name in header if name not in expected]
    detail = []
    if missing:
        detail.append(f"missing {', '.join(missing)}")
    if extra:
        shown = ", ".join(show(name) for name in extra[:_NAMES_SHOWN])
        more = f" and {len(extra) - _NAMES_SHOWN:,} more" if len(extra) > _NAMES_SHOWN else ""
        detail.append(f"unexpected {shown}{more}")
    if not detail:
        detail.append("columns are out of order")
    report.add(path, 1, None, "header", f"header must be {','.join(expected)}: {'; '.join(detail)}")
    return None


def _check_cell_content(cells: list[str], header: list[str], line: int, path: str, report: Report) -> None:
    """Cells of a line that holds a control character or is longer than the cell limit."""
    for name, cell in zip(header, cells, strict=True):
        if not cell:
            continue
        if len(cell) > limits.active().cell_chars:
            report.add(
                path,
                line,
                name,
                "cell-too-large",
                f"{len(cell):,} characters; the limit is {limits.active().cell_chars:,}",
            )
            continue
        # A control character at the very start is reported by the spreadsheet-safety layer.
        control = CONTROL_CHARACTERS.search(cell, 1 if cell[0] in _LEADING_INJECTION else 0)
        if control:
            what = "a line break" if control.group() in "\n\u2028\u2029" else "a control character"
            report.add(path, line, name, "control-character", f"{what} in {show(cell)}")


def _has_space_at_cell_edge(joined: str) -> bool:
    """Whether any cell of LF-joined cells may start or end with a space (substring tests)."""
    return bool(joined) and (
        joined[0] in _SPACES
        or joined[-1] in _SPACES
        or "\n " in joined
        or " \n" in joined
        or any(space in joined for space in _RARE_SPACES)
    )


def _check_whitespace(table: RawTable, report: Report) -> None:
    """Cells with leading or trailing spaces, found with one search per column."""
    for name, cells in zip(table.header, table.columns, strict=True):
        if not any(map(_has_space_at_cell_edge, lf_joined_blocks(cells))):
            continue
        for index in [i for i, c in enumerate(cells) if c and (c[0] in _SPACES or c[-1] in _SPACES)]:
            report.add(
                table.path,
                table.lines[index],
                name,
                "whitespace",
                f"leading or trailing space in {show(cells[index])}",
            )


def _quoted_record(
    lines: list[str], index: int, line_number: int, width: int, path: str, report: Report
) -> tuple[str, list[str], int] | None:
    """The record on line ``line_number`` split by hand, joined with the lines after it if a quoted
    cell runs over them: (the record, its cells, the index of the line after it); None after
    reporting a quote that is never closed or a stray quote."""
    line = lines[line_number - 1]
    cells, error = split_record(line)
    if error is not None and error[0] == "unclosed-quote":
        joined = _join_quoted_record(lines, index, line, width)
        if joined is None:
            column = error[1] + 1
            report.add(
                path,
                line_number,
                None,
                "unclosed-quote",
                f"the quote opened at column {column} of line {line_number} is never closed",
            )
        return joined
    if error is not None:  # a stray quote, on this one line
        column = error[1] + 1
        report.add(
            path,
            line_number,
            None,
            "stray-quote",
            f"a stray '\"' at column {column}: quote the whole cell and double any \" inside it",
        )
        return None
    return line, cells, index


def _rows_line_by_line(
    lines: list[str], start: int, expected: list[str], control_in_file: bool, path: str, report: Report
) -> tuple[list[list[str]], list[int], int]:
    """Split the lines after the header into rows, reporting each line that is not a good record."""
    rows: list[list[str]] = []
    row_lines: list[int] = []
    dropped = 0  # rows that could not be split into cells, so no later layer sees them
    index, cell_chars = start + 1, limits.active().cell_chars
    while index < len(lines):
        line_number, line = index + 1, lines[index]
        index += 1
        if not line:
            report.add(path, line_number, None, "blank-row", "remove the blank line")
            continue
        if '"' not in line:
            cells = line.split(",")
        elif len(line) < _CSV_MODULE_FIELD_LIMIT and RECORD.fullmatch(line):
            cells = next(csv.reader((line,)))
        else:
            record = _quoted_record(lines, index, line_number, len(expected), path, report)
            if record is None:
                dropped += 1
                continue
            line, cells, index = record
        if len(cells) != len(expected):
            why = f"{len(cells)} cells; the header has {len(expected)}"
            report.add(path, line_number, None, "ragged-row", why)
            dropped += 1
            continue
        # a long line, a quoted cell that went over a line break, or a control character
        if len(line) > cell_chars or "\n" in line or (control_in_file and CONTROL_CHARACTERS.search(line)):
            _check_cell_content(cells, expected, line_number, path, report)
        rows.append(cells)
        row_lines.append(line_number)
    return rows, row_lines, dropped


def _usable(raw: bytes, path: str, report: Report, rows_before: int) -> bool:
    """Whether the file's bytes are worth decoding: not empty, not an LFS pointer, text, within
    the limits of line length and rows."""
    if not raw:
        report.add(path, None, None, "empty-file", "the file is empty; it needs at least a header")
        return False
    if raw.startswith(_LFS_POINTER):
        report.add(
            path, 1, None, "lfs-pointer", "this is a Git LFS pointer, not the data; run 'git lfs pull'"
        )
        return False
    return _looks_like_text(raw, path, report) and _within_limits(raw, path, report, rows_before)


def read_table(
    package_dir: Path, plan: ResourcePlan, report: Report, rows_before: int = 0
) -> RawTable | None:
    """Run layer 2 on one resource; return its rows, or None if it cannot be read as a table.
    ``rows_before``: the rows of the tables read before it (the row limit is for all together)."""
    path = plan.path
    # Checks the size of what it opened (fstat) before reading: file-too-large, once.
    raw = read_reported(package_dir, path, limits.active().csv_bytes, report)
    if raw is None:
        return None
    size = len(raw)
    digest = hashlib.sha256(raw).hexdigest()
    if not _usable(raw, path, report, rows_before):
        return None
    columns = columns_in_blocks(raw, plan.schema.field_names)
    if columns is not None:
        del raw
        return _checked(
            RawTable.of_columns(plan.name, path, plan.schema.field_names, columns, 2, digest, size), report
        )
    text = _decode(raw, path, report)
    del raw  # only the text is needed from here on (the split below needs it and the lines)
    if text is None:
        return None
    text = _normalise_line_endings(text, path, report)
    control_in_file = CONTROL_EXCEPT_LF.search(text) is not None
    lines = text.split("\n")
    del text
    return _table(plan, lines, control_in_file, digest, size, report)


def _table(
    plan: ResourcePlan, lines: list[str], control_in_file: bool, digest: str, size: int, report: Report
) -> RawTable | None:
    """The table in the file's ``lines`` (split at LF), with every line-level problem reported."""
    path = plan.path
    if lines[-1] == "":
        lines.pop()
    else:
        report.add(path, len(lines), None, "final-newline", "the last line must end with a line break")
    expected = plan.schema.field_names
    start = _find_header(lines, expected, path, report)
    if start is None:
        return None
    bulk = None if control_in_file else BulkColumns(len(expected))
    if bulk is not None and bulk.add(lines[start + 1 :]):
        table = RawTable.of_columns(plan.name, path, expected, bulk.columns, start + 2, digest, size)
    else:
        rows, row_lines, dropped = _rows_line_by_line(lines, start, expected, control_in_file, path, report)
        table = RawTable(plan.name, path, expected, rows, row_lines, digest, size, dropped)
    return _checked(table, report)


def _checked(table: RawTable, report: Report) -> RawTable:
    """``table`` once its cells' white space and its having rows are checked."""
    path = table.path
    _check_whitespace(table, report)
    if (
        not table.rows
        and table.name not in MAY_BE_EMPTY
        and not any(p.path == path and p.severity == "error" for p in report.problems)
    ):
        report.add(path, None, None, "no-rows", "the table has a header but no rows")
    return table
