"""Text cells that other readers drop (issue 19): ``read-as-missing`` is tested against the readers.

Each reader available here reads one CSV of candidate words: every cell a reader returns as missing
is one the rule refuses (``READ_AS_MISSING``), and the rule's pandas list is pandas' own default
``na_values``. The shipped package reads the same in every reader (a cell is missing exactly where
the CSV leaves it empty); a package with the issue's words in text cells is INVALID and pandas
indeed reads those cells as missing.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO_ROOT, copy_package

from ukcsa_data.validation.l7_spreadsheet.missing_text import PANDAS, READ_AS_MISSING, missing_problem
from ukcsa_data.validation.runner import validate_package

#: The rule's words, and words like them that no reader should drop (case, spacing, other markers).
CANDIDATES = sorted(
    READ_AS_MISSING
    | {"none", "Null", "NAN", "Na", "nil", "-", "?", "N.A.", "missing", "#NULL!", "na", "NONE", "NaT"}
    | {"undefined", "inf", "-inf", "Infinity", "n.a.", " NA", "NA ", "not applicable", "0", "nan nan"}
)


def _candidates_csv(folder: Path) -> Path:
    path = folder / "candidates.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "text"])
        writer.writerows(enumerate(CANDIDATES))
    return path


def _pandas(path: Path) -> set[str]:
    import pandas as pd

    frame = pd.read_csv(path)
    return {CANDIDATES[i] for i in frame.index[frame["text"].isna()]}


def _duckdb(path: Path) -> set[str]:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed (pip install duckdb)")
    rows = duckdb.connect().execute("select id, text from read_csv(?)", [str(path)]).fetchall()
    return {CANDIDATES[i] for i, text in rows if text is None}


def _frictionless(path: Path) -> set[str]:
    import frictionless

    with frictionless.Resource(path=str(path)) as resource:
        return {CANDIDATES[row["id"]] for row in resource.row_stream if row["text"] is None}


def _polars(path: Path) -> set[str]:
    polars = pytest.importorskip("polars", reason="polars is not installed (pip install polars)")
    return {CANDIDATES[i] for i, text in polars.read_csv(path).iter_rows() if text is None}


READERS = {"pandas": _pandas, "duckdb": _duckdb, "frictionless": _frictionless, "polars": _polars}


def test_the_rule_holds_pandas_default_na_values() -> None:
    from pandas._libs.parsers import STR_NA_VALUES

    assert set(STR_NA_VALUES) - {""} == PANDAS


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_cell_a_reader_drops_is_refused(tmp_path: Path, reader: str) -> None:
    """What each reader returns as missing, of words like the rule's, is a word the rule refuses;
    pandas drops every word of its list."""
    dropped = READERS[reader](_candidates_csv(tmp_path))
    assert dropped <= READ_AS_MISSING, dropped - READ_AS_MISSING
    if reader == "pandas":
        assert dropped == PANDAS
    assert all(missing_problem(word) for word in dropped)
    assert not any(missing_problem(word) for word in set(CANDIDATES) - READ_AS_MISSING)


def test_readr_drops_only_na(tmp_path: Path) -> None:
    """readr's ``read_csv`` with its defaults (``na = c("", "NA")``, ``trim_ws = TRUE``) drops ``NA``,
    and ``NA`` with spaces around it; the spaced ones are refused as ``whitespace`` (layer 2)."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("readr is not installed here: no R (Debian package r-cran-readr)")
    program = (
        "suppressMessages(library(readr)); "
        "t <- read_csv(commandArgs(TRUE)[1], col_types = 'ic', progress = FALSE); "
        "cat(t$id[is.na(t$text)], sep = '\\n')"
    )
    done = subprocess.run(
        [rscript, "-e", program, str(_candidates_csv(tmp_path))], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 and "readr" in done.stderr:
        pytest.skip("R's readr package is not installed (Debian package r-cran-readr)")
    assert done.returncode == 0, done.stderr
    dropped = {CANDIDATES[int(i)] for i in done.stdout.split()}
    assert {word.strip() for word in dropped} == {"NA"}
    spaced = dropped - {"NA"}
    assert spaced and all(word != word.strip() for word in spaced)
    folder = copy_package(REPO_ROOT, tmp_path / "pkg")
    figures = folder / "dataset" / "figures.csv"
    with figures.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    notes = rows[0].index("notes")
    for row, word in zip(rows[1:], sorted(spaced), strict=False):
        row[notes] = word
    with figures.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    codes = {(p.code, p.field) for p in validate_package(folder).problems}
    assert ("whitespace", "notes") in codes


def _empty_cells(path: Path) -> set[tuple[int, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row, name)
            for row, cells in enumerate(csv.DictReader(handle))
            for name, cell in cells.items()
            if cell == ""
        }


@pytest.mark.parametrize("reader", ["pandas", "duckdb", "frictionless"])
def test_the_shipped_package_reads_the_same_in_every_reader(package_dir: Path, reader: str) -> None:
    """In every table, a reader returns a cell as missing exactly where the CSV leaves it empty."""
    for path in sorted((package_dir / "dataset").glob("*.csv")):
        if reader == "pandas":
            import pandas as pd

            frame = pd.read_csv(path, dtype=str)
            missing = {(r, c) for c in frame.columns for r in frame.index[frame[c].isna()]}
        elif reader == "duckdb":
            duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed (pip install duckdb)")
            relation = duckdb.connect().execute("select * from read_csv(?, all_varchar = true)", [str(path)])
            names = [column[0] for column in relation.description]
            rows = relation.fetchall()
            missing = {
                (r, names[i]) for r, row in enumerate(rows) for i, cell in enumerate(row) if cell is None
            }
        else:
            import frictionless

            detector = frictionless.Detector(field_type="string")
            with frictionless.Resource(path=str(path), detector=detector) as resource:
                missing = {
                    (r, name)
                    for r, row in enumerate(resource.row_stream)
                    for name, cell in row.items()
                    if cell is None
                }
        assert missing == _empty_cells(path), path.name


def test_a_package_with_the_words_is_invalid_and_pandas_drops_them(package_dir: Path, tmp_path: Path) -> None:
    """The issue's nine words, each in the notes of one figure: nine ``read-as-missing`` errors, and
    pandas (default ``na_values``) reads those nine cells as missing."""
    import pandas as pd

    words = ["NA", "N/A", "n/a", "null", "NULL", "None", "NaN", "#N/A", "<NA>"]
    package = copy_package(package_dir, tmp_path / "package")
    figures = package / "dataset" / "figures.csv"
    rows = list(csv.DictReader(io.StringIO(figures.read_text(encoding="utf-8"), newline="")))
    for row, word in zip(rows, words, strict=False):
        row["notes"] = word
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    figures.write_text(text.getvalue(), encoding="utf-8", newline="")
    report = validate_package(package)
    found = sorted((p.line, p.field) for p in report.problems if p.code == "read-as-missing")
    assert found == [(line, "notes") for line in range(2, 2 + len(words))]
    dropped = pd.read_csv(figures, dtype=str)["notes"].isna()
    assert dropped[: len(words)].all()
