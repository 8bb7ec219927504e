"""``validate --rules-from``: the data is checked against the base version's rules (schemas,
plausibility bounds, waivers), so a change cannot loosen a rule and rely on it at once."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO_ROOT, copy_package

from ukcsa_data.cli import main
from ukcsa_data.rehash import rehash
from ukcsa_data.versioning.snapshot import RULES_FILE


def _set_cell(root: Path, name: str, key: str, column: str, value: str) -> int:
    path = root / "dataset" / f"{name}.csv"
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    rows, fields = list(reader), list(reader.fieldnames or [])
    line = next(i for i, r in enumerate(rows, 2) if r[fields[0]] == key)
    rows[line - 2][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return line


def _base_with_rules(package_dir: Path, target: Path, bounds: str | None = None) -> Path:
    """A base version in a folder: the package, and (optionally) its own bounds table."""
    base = copy_package(package_dir, target)
    if bounds is not None:
        (base / "dataset" / "bounds.csv").write_text(bounds, encoding="utf-8")
        rehash(base)
    return base


def _legacy_base(package_dir: Path, target: Path, bounds: str) -> Path:
    """A base older than 2.0.0: no bounds resource, the bounds in the library's table."""
    base = copy_package(package_dir, target)
    descriptor = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "bounds"]
    (base / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    (base / RULES_FILE).parent.mkdir(parents=True)
    (base / RULES_FILE).write_text(bounds, encoding="utf-8")
    return base


SHIPPED_BOUNDS = (REPO_ROOT / "dataset" / "bounds.csv").read_text(encoding="utf-8")
TIGHTER = SHIPPED_BOUNDS.replace("people,level,UK,0,70000000,", "people,level,UK,0,50000,", 1)


@pytest.mark.parametrize("layout", ["bounds resource", "library table before 2.0.0"])
def test_a_bound_loosened_and_relied_on_is_caught(
    layout: str, package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base allowed at most 50,000 people in the UK; the change raised the bound (to the
    shipped 70 million) and relies on it for an 80,000 estimate. The base's bounds are its
    dataset/bounds.csv, or (a base older than 2.0.0) the library's rules/plausibility.csv."""
    assert TIGHTER != SHIPPED_BOUNDS
    if layout == "bounds resource":
        base = _base_with_rules(package_dir, tmp_path / "base", TIGHTER)
    else:
        base = _legacy_base(package_dir, tmp_path / "base", TIGHTER)
    new = copy_package(package_dir, tmp_path / "new")
    assert main(["validate", str(new)]) == 0
    capsys.readouterr()
    assert main(["validate", str(new), "--rules-from", str(base)]) == 1
    out = capsys.readouterr().out
    assert "implausible-value" in out and "80,000 people is outside 0 to 50,000" in out


def test_a_bound_added_with_its_figure_is_checked_against_the_base(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bounds are rules: a bound row removed in the base (clicks) and present in the change
    does not let the change's figure in clicks pass under the base's rules."""
    without_clicks = "".join(
        line for line in SHIPPED_BOUNDS.splitlines(keepends=True) if not line.startswith("clicks,")
    )
    base = _base_with_rules(package_dir, tmp_path / "base", without_clicks)
    new = copy_package(package_dir, tmp_path / "new")
    assert main(["validate", str(new), "--rules-from", str(base)]) == 1
    assert "a level in clicks is not allowed" in capsys.readouterr().out


def test_a_schema_loosened_and_relied_on_is_caught(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _base_with_rules(package_dir, tmp_path / "base")
    new = copy_package(package_dir, tmp_path / "new")
    schema_path = new / "schemas" / "figures.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    measure = next(f for f in schema["fields"] if f["name"] == "measure")
    measure["constraints"]["maxLength"] = 5000
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    line = _set_cell(new, "figures", "fig-0010", "measure", ("suspects arrested " * 25).strip())
    rehash(new)
    assert main(["validate", str(new)]) == 0
    capsys.readouterr()
    assert main(["validate", str(new), "--rules-from", str(base)]) == 1
    assert f"dataset/figures.csv:{line}: measure: max-length" in capsys.readouterr().out


def test_a_waiver_added_to_silence_a_new_mistake_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a fresh clone: the change records "at least 300,000" as exact and waives the check; with
    the rules of HEAD (no such waiver) the mistake shows."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("needs git and the repository's history")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
    line = _set_cell(clone, "figures", "fig-0022", "qualifier", "exact")
    with (clone / "dataset" / "waivers.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("figures,fig-0022,qualifier-words,A waiver that relies on itself in the same change.\n")
    rehash(clone)
    assert main(["validate", str(clone)]) == 0
    capsys.readouterr()
    assert main(["validate", str(clone), "--rules-from", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert f"dataset/figures.csv:{line}: qualifier: qualifier-words" in out
    assert main(["validate", str(clone), "--rules-from", "no-such-ref-xyz"]) == 2
