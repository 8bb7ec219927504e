"""The codebook under docs/ is generated from the package and is never stale."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO_ROOT, copy_package

from ukcsa_data.codebook import as_csv, as_markdown, codebook_rows
from ukcsa_data.core.contract import CONTRACT


def test_the_committed_codebook_is_current(package_dir: Path) -> None:
    rows = codebook_rows(package_dir)
    assert (REPO_ROOT / "docs" / "codebook.csv").read_text(encoding="utf-8") == as_csv(rows), (
        "stale: run python -m ukcsa_data.codebook docs"
    )
    assert (REPO_ROOT / "docs" / "codebook.md").read_text(encoding="utf-8") == as_markdown(rows)


def test_every_column_of_the_contract_is_in_the_codebook(package_dir: Path) -> None:
    listed = {(r["resource"], r["column"]) for r in codebook_rows(package_dir)}
    assert {(name, column) for name, columns in CONTRACT.items() for column in columns} <= listed
    units = {r["unit"] for r in codebook_rows(package_dir) if r["column"] == "value"}
    assert units == {"the row's unit"}


def test_an_edited_description_makes_the_codebook_stale(package_dir: Path, tmp_path: Path) -> None:
    copy = copy_package(package_dir, tmp_path / "package")
    path = copy / "schemas" / "figures.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["description"] = "Changed."
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert as_csv(codebook_rows(copy)) != as_csv(codebook_rows(package_dir))
