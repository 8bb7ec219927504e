"""Layer 3, types and constraints (Table Schema), strictly: nothing is coerced.

Cells are parsed by :mod:`ukcsa_data.core.cell_values`; this layer applies the schema's
constraints, primary keys and foreign keys to the typed columns.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import compress
from typing import Any

from ukcsa_data.core import limits
from ukcsa_data.core.cell_values import DATE, INTEGER, NUMBER, PARSERS, CellError, parse_date
from ukcsa_data.core.codes import Code
from ukcsa_data.core.contract import ForeignKey
from ukcsa_data.core.joined import lf_joined_blocks
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.table_schema import Field
from ukcsa_data.validation.l2_bytes.raw_table import RawTable


class InvalidCells:
    """The cells (row, field name) that layer 3 rejected, one byte per row and field.

    A set of tuples costs about 130 bytes a cell; a table of a million rows whose every cell is
    invalid would need gigabytes. Iterating yields the (row, field name) pairs, field by field.
    """

    def __init__(self, rows: int, cells: Iterable[tuple[int, str]] = ()) -> None:
        self._rows = rows
        self._marks: dict[str, bytearray] = {}
        self._marked_rows: frozenset[int] | None = None
        self.update(cells)

    def add(self, cell: tuple[int, str]) -> None:
        """Mark one cell."""
        row, name = cell
        self._marked_rows = None
        marks = self._marks.get(name)
        if marks is None:
            marks = self._marks[name] = bytearray(self._rows)
        marks[row] = 1

    def update(self, cells: Iterable[tuple[int, str]]) -> None:
        """Mark each of ``cells``."""
        for cell in cells:
            self.add(cell)

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple) or len(cell) != 2:
            return False
        marks = self._marks.get(cell[1])
        return marks is not None and bool(marks[cell[0]])

    def __iter__(self) -> Iterator[tuple[int, str]]:
        for name, marks in self._marks.items():
            for row in compress(range(self._rows), marks):
                yield row, name

    def __len__(self) -> int:
        return sum(marks.count(1) for marks in self._marks.values())

    def rows(self, fields: Iterable[str] | None = None) -> frozenset[int]:
        """The rows with at least one marked cell (of ``fields``, if given): one pass over each
        field's bytes; for all fields kept until a cell is marked, since every later layer asks."""
        if fields is not None:
            return self._rows_marked(self._marks.get(name) for name in fields)
        if self._marked_rows is None:
            self._marked_rows = self._rows_marked(self._marks.values())
        return self._marked_rows

    def fields_of(self, row: int) -> frozenset[str]:
        """The fields of ``row`` with a marked cell."""
        return frozenset(name for name, marks in self._marks.items() if marks[row])

    def _rows_marked(self, fields: Iterable[bytearray | None]) -> frozenset[int]:
        either = 0
        for marks in fields:
            if marks is not None:
                either |= int.from_bytes(marks, "little")
        if not either:
            return frozenset()
        return frozenset(compress(range(self._rows), either.to_bytes(self._rows, "little")))


@dataclass
class TypedTable:
    """Typed columns of a table (None where a cell is missing or invalid) and row line numbers."""

    name: str
    path: str
    columns: dict[str, list[Any]]
    lines: Sequence[int]
    invalid: InvalidCells
    dropped: int = 0
    #: The cells' text of the number columns, by name: a value is held to its words in decimal,
    #: exactly as written, not as the float it reads as.
    texts: dict[str, list[str]] = dataclasses.field(default_factory=dict)


def _bound(field: Field, key: str) -> Any:
    value = field.constraints.get(key)
    if value is None:
        return None
    return parse_date(value) if field.type == "date" and isinstance(value, str) else value


_COMPARISONS: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
    ("minimum", lambda v, b: v < b, "less than the minimum"),
    ("maximum", lambda v, b: v > b, "more than the maximum"),
    ("exclusiveMinimum", lambda v, b: v <= b, "not more than the exclusive minimum"),
    ("exclusiveMaximum", lambda v, b: v >= b, "not less than the exclusive maximum"),
)


_CONSTRAINT_CODES: dict[str, Code] = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive-minimum",
    "exclusiveMaximum": "exclusive-maximum",
}


_NUMBERED_ID = re.compile(r"([a-z]+)-\[0-9\]\{(\d+),\d+\}")


def _identifier_hint(text: str, pattern: str) -> str:
    """For an identifier such as "fig-46" against 'fig-[0-9]{4,9}': the way to write it."""
    shape = _NUMBERED_ID.fullmatch(pattern)
    written = re.fullmatch(r"([A-Za-z]+)[-_ ]?0*([0-9]+)", text.strip())
    if shape is None or written is None:
        return ""
    prefix, digits = shape.group(1), int(shape.group(2))
    suggestion = f"{prefix}-{int(written.group(2)):0{digits}d}"
    return f": write {prefix!r}, a hyphen and at least {digits} digits, such as {suggestion!r}"


_ENUM_SHOWN = 20  # enum values listed in a message; a longer enum is summarised


def _listed(allowed: frozenset[str]) -> str:
    """The allowed values for a message: all of a short enum, the first few of a long one."""
    values = sorted(allowed)
    if len(values) <= _ENUM_SHOWN:
        return ", ".join(values)
    return f"{', '.join(values[:_ENUM_SHOWN])} (and {len(values) - _ENUM_SHOWN:,} more)"


#: A constraint on a cell's text: its code, the rows (of those given) whose text fails it, and the
#: message for a failing text.
_TextTest = tuple[Code, Callable[[list[str], list[int]], list[int]], Callable[[str], str]]


def _text_tests(field: Field) -> list[_TextTest]:
    """The constraints on a cell's text, in reporting order: (code, failing rows, message)."""
    constraints = field.constraints
    tests: list[_TextTest] = []
    if "enum" in constraints:
        tests.append(_enum_test(frozenset(constraints["enum"])))
    if "pattern" in constraints:
        tests.append(_pattern_test(constraints["pattern"]))
    if constraints.get("minLength") is not None:
        tests.append(_min_length_test(constraints["minLength"]))
    if constraints.get("maxLength") is not None:
        tests.append(_max_length_test(constraints["maxLength"]))
    return tests


def _enum_test(allowed: frozenset[str]) -> _TextTest:
    listed = _listed(allowed)
    return (
        "enum",
        lambda raw, rows: [r for r in rows if raw[r] not in allowed],
        lambda t: f"{show(t)} is not one of {listed}",
    )


def _pattern_test(shown: str) -> _TextTest:
    matches = re.compile(shown).fullmatch
    return (
        "pattern",
        lambda raw, rows: [r for r in rows if not matches(raw[r])],
        lambda t: f"{show(t)} does not match {shown!r}{_identifier_hint(t, shown)}",
    )


def _min_length_test(low: int) -> _TextTest:
    return (
        "min-length",
        lambda raw, rows: [r for r in rows if len(raw[r]) < low],
        lambda t: f"{show(t)} is shorter than {low} characters",
    )


def _max_length_test(high: int) -> _TextTest:
    return (
        "max-length",
        lambda raw, rows: [r for r in rows if len(raw[r]) > high],
        lambda t: f"{len(t)} characters; at most {high} are allowed",
    )


_WHOLE_COLUMN: dict[str, tuple[re.Pattern[str], Callable[[str], Any]]] = {
    "number": (re.compile(rf"(?:{NUMBER.pattern}\n)*{NUMBER.pattern}"), float),
    "integer": (re.compile(rf"(?:{INTEGER.pattern}\n)*{INTEGER.pattern}"), int),
    "date": (re.compile(rf"(?:{DATE.pattern}\n)*{DATE.pattern}"), date.fromisoformat),
}


#: Cells of a column matched by one search of ``_WHOLE_COLUMN``.
_CELLS_MATCHED_AT_ONCE = 4096


def _parse_column_fast(field_type: str, raw: list[str], rows: list[int], values: list[Any]) -> bool:
    """Parse every cell of ``rows`` at once if all are valid; False sends the column cell by cell."""
    if not rows:
        return True
    whole, convert = _WHOLE_COLUMN[field_type]
    cells = [raw[row] for row in rows]
    if max(map(len, cells)) > limits.active().number_digits:
        return False  # a cell over the length limit is reported by the cell-by-cell parser
    # A block of cells at a time: the engine keeps a step for each repetition of the pattern, so a
    # million cells at once held 380 MB (and took three times as long).
    if not all(map(whole.fullmatch, lf_joined_blocks(cells, _CELLS_MATCHED_AT_ONCE))):
        return False
    # Each distinct text is parsed once and its rows share the value (layer 2 shares the texts of
    # a column that repeats them): a million figures do not hold a float or a date for each.
    distinct: dict[str, Any] = dict.fromkeys(cells)
    try:
        for text in distinct:
            distinct[text] = convert(text)
    except ValueError:  # an impossible date such as 2021-02-30
        return False
    if field_type == "number" and not all(map(math.isfinite, distinct.values())):
        return False  # "1" followed by 400 zeros reads as infinity
    parsed = list(map(distinct.__getitem__, cells))
    for row, value in zip(rows, parsed, strict=True):
        values[row] = value
    return True


@dataclass
class _Column:
    """A column being checked: its cells' text, their values so far (None once missing or
    rejected) and where its problems are reported."""

    field: Field
    raw: list[str]
    lines: Sequence[int]
    path: str
    report: Report
    invalid: InvalidCells
    values: list[Any]

    def reject(self, row: int, code: Code, message: str | Callable[[], str]) -> None:
        """Report the cell of ``row``, mark it invalid and drop its value (``message`` may be a
        function, called only if the problem is listed)."""
        self.report.add(self.path, self.lines[row], self.field.name, code, message)
        self.invalid.add((row, self.field.name))
        self.values[row] = None

    def still_present(self, rows: list[int]) -> list[int]:
        """The rows of ``rows`` whose value has not been rejected."""
        values = self.values
        return [row for row in rows if values[row] is not None]


def _check_required(column: _Column) -> list[int]:
    """Reject the missing cells of a required column; return the rows that have a value."""
    values = column.values
    if column.field.required:
        for row in [row for row, value in enumerate(values) if value is None]:
            column.reject(row, "required", "a value is required")
    return [row for row, value in enumerate(values) if value is not None]


def _type_message(text: str, error: CellError) -> str:
    return f"{show(text)}: {error}"


def _parse_cells(column: _Column, present: list[int]) -> list[int]:
    """Parse the present cells one by one, rejecting those not of the field's type; return the
    rows still present."""
    parse = PARSERS[column.field.type]
    raw, values = column.raw, column.values
    for row in present:
        try:
            values[row] = parse(raw[row])
        except CellError as error:
            column.reject(row, "type-error", partial(_type_message, raw[row], error))
    return column.still_present(present)


def _parse_values(column: _Column, present: list[int]) -> list[int]:
    """Give the present cells their typed values, the whole column at once when every cell is
    valid; return the rows still present."""
    field_type = column.field.type
    if field_type == "string" or _parse_column_fast(field_type, column.raw, present, column.values):
        return present
    return _parse_cells(column, present)


def _check_text(column: _Column, present: list[int]) -> list[int]:
    """Apply the constraints on the cells' text in order; return the rows still present."""
    raw = column.raw
    for code, failing, message in _text_tests(column.field):
        rejected = failing(raw, present)
        for row in rejected:
            column.reject(row, code, partial(message, raw[row]))
        if rejected:
            present = column.still_present(present)
    return present


def _bound_message(text: str, words: str, bound: Any) -> str:
    return f"{text} is {words} {bound}"


def _check_bounds(column: _Column, present: list[int]) -> None:
    """Reject values beyond the field's minimum, maximum and exclusive bounds."""
    raw, values = column.raw, column.values
    for key, test, words in _COMPARISONS:
        bound = _bound(column.field, key)
        if bound is None:
            continue
        for row in [row for row in present if values[row] is not None and test(values[row], bound)]:
            column.reject(row, _CONSTRAINT_CODES[key], partial(_bound_message, raw[row], words, bound))


def _used_message(text: str, line: int) -> str:
    return f"{show(text)} is already used on line {line}"


def _check_unique(column: _Column, present: list[int]) -> None:
    """Report each value that repeats an earlier row's and mark it invalid (it keeps its value)."""
    raw, values, lines = column.raw, column.values, column.lines
    first_line: dict[Any, int] = {}
    for row in present:
        value = values[row]
        if value is None:
            continue
        if value in first_line:
            column.report.add(
                column.path,
                lines[row],
                column.field.name,
                "unique",
                partial(_used_message, raw[row], first_line[value]),
            )
            column.invalid.add((row, column.field.name))
        else:
            first_line[value] = lines[row]


def _check_column(
    field: Field,
    raw: list[str],
    lines: Sequence[int],
    missing: frozenset[str],
    table: RawTable,
    report: Report,
    invalid: InvalidCells,
) -> list[Any]:
    """Parse one column and check its constraints; each bad cell is reported once, then None."""
    values: list[Any] = [None if text in missing else text for text in raw]
    column = _Column(field, raw, lines, table.path, report, invalid, values)
    present = _check_text(column, _parse_values(column, _check_required(column)))
    _check_bounds(column, present)
    if field.constraints.get("unique"):
        _check_unique(column, present)
    return values


def type_table(
    table: RawTable, fields: tuple[Field, ...], missing: tuple[str, ...], report: Report
) -> TypedTable:
    """Parse and check every cell of ``table`` against its fields."""
    texts = {f.name: raw for f, raw in zip(fields, table.columns, strict=True)}  # read, not changed
    invalid = InvalidCells(len(table.lines))
    columns = {
        f.name: _check_column(f, texts[f.name], table.lines, frozenset(missing), table, report, invalid)
        for f in fields
    }
    numbers = {f.name: texts[f.name] for f in fields if f.type == "number"}
    return TypedTable(table.name, table.path, columns, table.lines, invalid, table.dropped, numbers)


def _repeats_message(values: tuple[Any, ...], line: int) -> str:
    return f"{show(' | '.join(map(str, values)))} repeats the key of line {line}"


def check_primary_key(table: TypedTable, key: tuple[str, ...], report: Report) -> None:
    """Report rows whose primary key repeats an earlier row's, and mark them invalid."""
    if not key:
        return
    # A key of one field is its cells (a million 1-tuples would be 50 MB more to hold at once).
    columns = [table.columns[name] for name in key]
    if len(set(columns[0] if len(columns) == 1 else zip(*columns, strict=True))) == len(table.lines):
        return  # the common case: every key distinct
    keys = list(zip(*columns, strict=True))
    # A key cell whose value was rejected was reported already; an empty optional one is a value
    # of the key (a bound for any geography).
    rejected = {row for row, name in table.invalid if name in key and table.columns[name][row] is None}
    seen: dict[tuple[Any, ...], int] = {}
    label = ",".join(key)
    for row, values in enumerate(keys):
        if row in rejected:
            continue
        if values in seen:
            table.invalid.update((row, name) for name in key)
            report.add(
                table.path,
                table.lines[row],
                label,
                "primary-key",
                partial(_repeats_message, values, seen[values]),
            )
        else:
            seen[values] = table.lines[row]


def _unknown_message(values: tuple[Any, ...], target: str, path: str) -> str:
    return (
        f"{show(' | '.join(map(str, values)))} is not a {target} listed in {path}: "
        f"correct it, or add a row for it to {path}"
    )


def check_foreign_keys(
    table: TypedTable, foreign_keys: tuple[ForeignKey, ...], tables: dict[str, TypedTable], report: Report
) -> None:
    """Report rows whose foreign key has no matching row in the referenced table; mark them invalid."""
    for fk in foreign_keys:
        fields, target_name, target_fields = fk.fields, fk.resource or table.name, fk.reference
        target = tables.get(target_name)
        if target is None:
            continue
        known = set(zip(*(target.columns[name] for name in target_fields), strict=True))
        label = ",".join(fields)
        columns = [table.columns[name] for name in fields]
        # Each row's key is made and let go in turn (a million tuples are not held at once).
        keys = enumerate(zip(*columns, strict=True))
        for row in [row for row, values in keys if values not in known]:
            values = tuple(column[row] for column in columns)
            if None in values:
                continue
            table.invalid.update((row, name) for name in fields)
            report.add(
                table.path,
                table.lines[row],
                label,
                "foreign-key",
                partial(_unknown_message, values, f"{target_name}.{','.join(target_fields)}", target.path),
            )
