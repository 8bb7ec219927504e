"""Catalogue, layer 2: the limits of one CSV file (bytes, line length, rows), checked before the
file is decoded or split; a table over a limit is not checked further, and nothing cascades."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from catalogue import EXCLUSIONS, FIGURES, PLAIN, RELATIONS, Expect, Pkg, case, layer_test
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.core import limits
from ukcsa_data.core.limits import DEFAULTS
from ukcsa_data.validation.l2_bytes.csv_reader import _first_long_line
from ukcsa_data.validation.l3_types.field_types import InvalidCells
from ukcsa_data.validation.runner import validate_package


@case("l2-line-over-the-line-limit", "line-too-long")
def _(pkg: Pkg) -> list[Expect]:
    # A whole report pasted into one note, past the 1 MiB of one line: the file's rows are not
    # split or typed, so nothing else is said about figures.csv or the tables that refer to it.
    line = pkg.find_line("figures", figure_id=PLAIN)
    note = "A long pasted report. " * (DEFAULTS.line_bytes // 22 + 1)
    pkg.set_cell("figures", line, "notes", note)
    return [Expect(FIGURES, line, None, "line-too-long", (f"line {line}", f"{DEFAULTS.line_bytes:,} bytes"))]


@case("l2-rows-over-the-row-limit", "too-many-rows")
def _(pkg: Pkg) -> list[Expect]:
    # A table padded with a million blank lines: counted, not read row by row.
    pkg.write_lines("relations", pkg.lines("relations") + [""] * DEFAULTS.rows)
    return [Expect(RELATIONS, None, None, "too-many-rows", (f"{DEFAULTS.rows:,} rows",))]


@case("l2-csv-over-the-size-limit", "file-too-large")
def _(pkg: Pkg) -> list[Expect]:
    # figures.csv grown (sparsely, so the test stays cheap) past 64 MiB: rejected from its size,
    # before a byte is read; its stale hash and bytes are not reported either.
    os.truncate(pkg.root / FIGURES, DEFAULTS.csv_bytes + 1)
    return [Expect(FIGURES, None, None, "file-too-large", (f"{DEFAULTS.csv_bytes:,}",))]


@case("l2-package-over-the-total-limit", "package-too-large")
def _(pkg: Pkg) -> list[Expect]:
    # figures.csv and exclusions.csv each grown (sparsely) to just under the limit of one file:
    # together with the other tables and the seeds they are over the limit of the whole package,
    # which is found from the files' sizes before any is read, so nothing else is said.
    for path in (FIGURES, EXCLUSIONS):
        os.truncate(pkg.root / path, DEFAULTS.csv_bytes - 1)
    return [
        Expect(
            "datapackage.json",
            None,
            None,
            "package-too-large",
            (f"{DEFAULTS.package_bytes:,} bytes", "no table or seed was read"),
        )
    ]


def _codes(package: Path, **changes: int) -> set[tuple[str, str]]:
    with limits.using(replace(DEFAULTS, **changes)):
        report = validate_package(package)
    return {(p.path, p.code) for p in report.errors}


def test_lowered_row_and_line_limits_apply_to_every_table(package_copy: Path) -> None:
    """The limits are read at call time: lowered, they reject the shipped tables, one problem each."""
    assert (FIGURES, "too-many-rows") in _codes(package_copy, rows=10)
    found = _codes(package_copy, line_bytes=200)
    assert (FIGURES, "line-too-long") in found
    assert {code for _, code in found} == {"line-too-long"}


def test_package_limit_counts_tables_and_seeds_from_their_sizes(package_copy: Path) -> None:
    """Lowered just below the shipped tables and seeds together, package_bytes refuses the package
    with one problem; at their size exactly it lets the package through."""
    from ukcsa_data.core.problems import Report
    from ukcsa_data.validation.l1_descriptor.descriptor import check_descriptor
    from ukcsa_data.validation.l2_bytes.package_size import package_size

    plans = check_descriptor(package_copy, Report(str(package_copy)))
    size = package_size(package_copy, (plan.path for plan in plans.values()))
    assert size > sum(p.stat().st_size for p in (package_copy / "seeds").iterdir())
    assert _codes(package_copy, package_bytes=size - 1) == {("datapackage.json", "package-too-large")}
    assert ("datapackage.json", "package-too-large") not in _codes(package_copy, package_bytes=size)


def test_a_file_over_its_own_limit_is_not_counted_in_the_package(package_copy: Path) -> None:
    """A table over csv_bytes, however large, is reported by its own limit: it is never read, so it
    does not count towards package_bytes (a sparse 1 GiB figures.csv gets file-too-large only)."""
    os.truncate(package_copy / FIGURES, 1 << 30)
    found = _codes(package_copy)
    assert (FIGURES, "file-too-large") in found
    assert ("datapackage.json", "package-too-large") not in found


def _naive_first_long_line(raw: bytes, limit: int) -> int | None:
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for number, line in enumerate(lines, 1):
        # A CRLF line is allowed its CR: the scan counts bytes up to the line break.
        if len(line) > limit:
            return number
    return None


@given(
    st.lists(st.sampled_from([b"a", b"bb", b"\n", b"\r", b"\r\n", b"\xc3\xa9"]), max_size=60),
    st.integers(1, 8),
)
def test_first_long_line_is_the_first_line_over_the_limit(pieces: list[bytes], limit: int) -> None:
    """For any bytes made of text and LF, CR and CRLF breaks, the jumping scan finds the same first
    line longer than the limit as splitting every line does (or none)."""
    raw = b"".join(pieces)
    assert _first_long_line(raw, limit) == _naive_first_long_line(raw, limit)


@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["a", "b", "notes"])), max_size=40))
def test_invalid_cells_hold_what_a_set_of_cells_holds(cells: list[tuple[int, str]]) -> None:
    """The compact map of rejected cells (one byte per row and field, so that a million rejected
    rows fit in memory) answers membership, length and iteration exactly as a set of the same
    (row, field) pairs does."""
    compact, plain = InvalidCells(31), set(cells)
    compact.update(cells)
    assert set(compact) == plain and len(compact) == len(plain)
    assert compact.rows() == {row for row, _ in plain}
    assert all(((row, name) in compact) == ((row, name) in plain) for row in range(31) for name in "ab")


test_broken_package = layer_test(__name__)
