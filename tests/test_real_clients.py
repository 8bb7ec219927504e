"""The exports and CSVs opened by the programs people use (issue 10): LibreOffice Calc, Datasette,
Chromium, R.

Each test skips, saying why, only when its program is not installed:

- LibreOffice Calc (``soffice``): Debian package ``libreoffice-calc-nogui`` (``apt-get install
  libreoffice-calc-nogui``); needs LibreOffice 7.2 or later, which writes every sheet to its own CSV.
- Datasette: the Python package ``datasette`` (in the ``test`` extra: ``pip install -e '.[test]'``).
- Chromium (``chromium``): Debian package ``chromium`` (``apt-get install chromium``).
- R with readr (``Rscript``): Debian package ``r-cran-readr``.

The Debian packages cannot be listed in pyproject.toml. The Chromium screenshot is also copied to
``/tmp/ukcsa-datasette-figures.png`` for a person to look at.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import ukcsa_data
from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.core.table_schema import load_table_schema
from ukcsa_data.exports import export
from ukcsa_data.exports.sqlite_export import database_name

pytestmark = pytest.mark.slow

#: Text a spreadsheet would turn into numbers or dates if it guessed; it must come back as written.
TRICKY_TEXT = {"14+", "8-10", "80,000", "£600,000", "550,000 – 850,000"}
#: LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from line 1, cells as shown, every
#: sheet (-1) to its own file (LibreOffice 7.2 and later).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
SCREENSHOT_COPY = Path("/tmp/ukcsa-datasette-figures.png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# --- LibreOffice Calc --------------------------------------------------------------------------


def _soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip("LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)")
    version = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"LibreOffice (\d+)\.(\d+)", version)
    if found is None or (int(found[1]), int(found[2])) < (7, 2):
        pytest.skip(f"LibreOffice 7.2 or later is needed to write every sheet as CSV; found {version!r}")
    return program


def _sheets_as_csv(xlsx: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice writes it to CSV, keyed by sheet name."""
    program = _soffice()
    out = folder / "csv"
    profile = (folder / "libreoffice-profile").as_uri()  # private: parallel runs do not collide
    options = ["--outdir", str(out), str(xlsx)]
    result = subprocess.run(
        [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", CSV_FILTER, *options],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    prefix = f"{xlsx.stem}-"
    sheets = {path.stem[len(prefix) :]: _csv_rows(path) for path in out.glob(f"{prefix}*.csv")}
    assert sheets, f"LibreOffice wrote no CSV: {result.stdout} {result.stderr}"
    return sheets


def test_libreoffice_reads_every_xlsx_sheet_as_the_csv_text(package_dir: Path, tmp_path: Path) -> None:
    """Every cell of every table's sheet, as LibreOffice shows it, is the CSV file's text: text
    cells ("14+", "8-10", "80,000", curly quotes, no-break spaces) as written, dates as YYYY-MM-DD,
    numbers in the CSV's canonical form, empty cells empty."""
    (xlsx,) = export("xlsx", tmp_path / "ukcsa.xlsx")
    sheets = _sheets_as_csv(xlsx, tmp_path)
    assert {"README", "codebook", *RESOURCE_NAMES} <= set(sheets)
    for name in RESOURCE_NAMES:
        want = _csv_rows(package_dir / "dataset" / f"{name}.csv")
        got = sheets[name]
        assert len(got) == len(want), name
        for number, (got_row, want_row) in enumerate(zip(got, want, strict=True)):
            assert got_row == want_row, f"{name} line {number + 1}"
    figures = sheets["figures"]
    value_text = figures[0].index("value_text")
    assert {row[value_text] for row in figures[1:]} >= TRICKY_TEXT
    cells = "".join(cell for row in figures for cell in row)
    assert "\u00a0" in cells and "\u2019" in cells  # a no-break space, a curly quote
    period_start = figures[0].index("period_start")
    dates = [row[period_start] for row in figures[1:] if row[period_start]]
    assert dates and all(re.fullmatch(r"\d{4}-\d\d-\d\d", date) for date in dates)
    readme = dict(row[:2] for row in sheets["README"][1:])
    assert readme["version"] == ukcsa_data.__version__


#: Numbers in their canonical CSV form that LibreOffice shows identically in a "General" cell.
#: Known limits, not in the data: more than 15 significant digits (33.333333333333336 is shown as
#: 33.3333333333333) and 1e20 or more (shown as 1E+020).
ROUND_TRIP_NUMBERS = ("0.5", "12.25", "0.001", "0.0000001", "98765.4321", "-30", "1234567890123")


def test_libreoffice_shows_decimal_numbers_as_the_csv_writes_them(package_copy: Path, tmp_path: Path) -> None:
    path = package_copy / "dataset" / "figures.csv"
    rows = _csv_rows(path)
    column = rows[0].index("value")
    for row, text in zip(rows[1:], ROUND_TRIP_NUMBERS, strict=False):
        row[column] = text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    (xlsx,) = export("xlsx", tmp_path / "decimals.xlsx", package_copy)
    figures = _sheets_as_csv(xlsx, tmp_path)["figures"]
    assert tuple(row[column] for row in figures[1 : len(ROUND_TRIP_NUMBERS) + 1]) == ROUND_TRIP_NUMBERS


# --- Datasette ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8", "replace")


def _wait_until_up(server: subprocess.Popen[bytes], base: str) -> dict[str, Any]:
    """Datasette's ``/.json`` once it answers: at most 120 tries a quarter of a second apart."""
    for _ in range(120):
        if server.poll() is not None:
            break
        try:
            status, body = _get(f"{base}/.json")
        except OSError:
            time.sleep(0.25)
            continue
        if status == 200:
            return dict(json.loads(body))
        time.sleep(0.25)
    output = ""
    if server.poll() is not None and server.stdout is not None:
        output = server.stdout.read().decode("utf-8", "replace")
    pytest.fail(f"Datasette did not answer at {base} (exit code {server.poll()}): {output}")


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Datasette serving ``export --format all``'s database and metadata.json on 127.0.0.1:
    yields (the figures table page's address, the database's name)."""
    if importlib.util.find_spec("datasette") is None:
        pytest.skip("Datasette is not installed (pip install datasette, or the test extra)")
    folder = tmp_path_factory.mktemp("datasette")
    written = export("all", folder / "all")
    database = next(path for path in written if path.suffix == ".sqlite")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    options = ["-m", str(database.parent / "metadata.json"), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(database), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        databases = _wait_until_up(server, base)
        path = databases[database.stem]["path"]  # the name, without dots: ukcsa-data-1-0-0
        yield f"{base}{path}/figures", database.stem
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _as_json(value: Any) -> Any:
    """A value of ``load("figures")`` as Datasette's JSON gives it."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return value


def test_datasette_json_api_returns_every_figure_as_loaded(datasette: tuple[str, str]) -> None:
    figures_url, _ = datasette
    status, body = _get(f"{figures_url}.json?_shape=array&_size=max")
    assert status == 200, body[:500]
    got = json.loads(body)
    frame = ukcsa_data.load("figures")
    assert len(got) == len(frame)
    expected = {column: [_as_json(value) for value in frame[column].tolist()] for column in frame.columns}
    for number, row in enumerate(got):
        assert list(row) == list(frame.columns), number
        for column in frame.columns:
            want = expected[column][number]
            assert row[column] == want and type(row[column]) is type(want), (number, column, row[column])
    assert {row["value_text"] for row in got} >= TRICKY_TEXT


def test_datasette_table_page_shows_the_column_descriptions(
    datasette: tuple[str, str], package_dir: Path
) -> None:
    figures_url, database = datasette
    status, page = _get(figures_url)
    assert status == 200, page[:500]
    text = html.unescape(page)
    metadata = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert "CC-BY-4.0" in text
    schema = load_table_schema("figures", package_dir)
    for field in schema.fields:
        assert field.description in text, field.name
    assert database.startswith(database_name(metadata["version"]))  # and "-unreleased" when it is


# --- Chromium ----------------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        program = shutil.which(name)
        if program is not None:
            return program
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_chromium_screenshot_of_the_datasette_figures_page(
    datasette: tuple[str, str], tmp_path: Path
) -> None:
    program = _chromium()
    figures_url, _ = datasette
    screenshot = tmp_path / "figures.png"
    options = [
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={screenshot}",
        "--window-size=1400,1000",
    ]
    result = subprocess.run(
        [program, "--headless", "--no-sandbox", "--disable-gpu", *options, figures_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and screenshot.is_file(), result.stderr[-2000:]
    data = screenshot.read_bytes()
    assert _png_size(data) == (1400, 1000)
    assert len(data) > 30_000, len(data)  # a blank or error page compresses to a few kilobytes
    shutil.copyfile(screenshot, SCREENSHOT_COPY)


R_SCRIPT = """
suppressMessages(library(readr))
for (name in c("sources", "figures")) {
  d <- read_csv(file.path(Sys.getenv("PACKAGE_DIR"), "dataset", paste0(name, ".csv")),
                show_col_types = FALSE, progress = FALSE)
  cat(name, nrow(d), sep = "\\t"); cat("\\n")
  for (column in names(d)) { cat(column, class(d[[column]])[1], sep = "\\t"); cat("\\n") }
}
d <- read_csv(file.path(Sys.getenv("PACKAGE_DIR"), "dataset", "figures.csv"), show_col_types = FALSE,
              progress = FALSE)
writeLines(d$value_text)
"""


@pytest.mark.slow
def test_r_readr_reads_the_csvs_with_their_types(package_dir: Path) -> None:
    """R's readr::read_csv, with its defaults (UTF-8): dates as Date, values as numeric, figures as
    written kept as text ("14+", "8-10", "80,000", "£600,000")."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed (Debian package r-cran-readr)")
    done = subprocess.run(
        [rscript, "-e", R_SCRIPT],
        env={**os.environ, "PACKAGE_DIR": str(package_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0 and "readr" in done.stderr:
        pytest.skip("R's readr package is not installed (Debian package r-cran-readr)")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    classes = dict(line.split("\t") for line in lines if line.count("\t") == 1)
    assert classes["published_date"] == classes["period_start"] == "Date"
    assert classes["value"] == "numeric" and classes["value_text"] == classes["quote"] == "character"
    with (package_dir / "dataset" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        written = [row["value_text"] for row in csv.DictReader(handle)]
    assert lines[-len(written) :] == written
