"""The agreement that issue 11 asks of a VALID package: frictionless reads what the validator read."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def our_reading(root: Path, relative: str) -> list[list[str]]:
    """The table as the validator reads it: UTF-8, comma, double quote, one header row."""
    return list(csv.reader(io.StringIO((root / relative).read_text(encoding="utf-8"))))


def assert_frictionless_agrees(root: Path) -> None:
    from frictionless import Package, validate

    package = Package(str(root / "datapackage.json"))
    for resource in package.resources:
        ours = our_reading(root, str(resource.path))
        with resource:
            labels = list(resource.labels or [])
            rows = [list(row.cells) for row in resource.read_rows()]
        assert labels == ours[0], resource.name
        assert [[str(c) if c is not None else "" for c in row] for row in rows] == ours[1:], resource.name
    report = validate(str(root / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
