"""A date excluded as a name is caught: a month's name is capitalised, so "25 May 2021" looks like a
name with its number ("Covid 19"), but every number in it is part of a date."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ukcsa_data.cli import main
from ukcsa_data.rehash import rehash
from ukcsa_data.validation.runner import validate_package

TEXT = "The force published its figures on 25 May 2021, and the next report is due on September 12.\n"


def _package_with(package: Path, text: str, reason: str) -> None:
    seed = package / "seeds" / "900_dates.txt"
    seed.write_text(TEXT, encoding="utf-8")
    args = ["add-source", str(seed), "--package-dir", str(package), "--publisher", "Example Gazette"]
    assert main([*args, "--title", "A test article", "--date", "2021-06-01", "--date-basis", "stated"]) == 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quote = TEXT.strip()
    for written in ("25 May 2021", "September 12"):
        writer.writerow(["example-gazette-2021", written, quote, "1", reason if written == text else "date"])
    with (package / "dataset" / "exclusions.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())
    rehash(package)


@pytest.mark.parametrize("written", ["25 May 2021", "September 12"])
def test_a_date_excluded_as_a_name_is_an_error(package_copy: Path, written: str) -> None:
    _package_with(package_copy, written, "name")
    errors = validate_package(package_copy).errors
    assert [(e.code, e.field) for e in errors] == [("exclusion-name", "reason")]
    assert f'"{written}" is a date: use reason date' in errors[0].message


def test_dates_excluded_as_dates_are_valid(package_copy: Path) -> None:
    _package_with(package_copy, "", "date")
    assert validate_package(package_copy).valid
