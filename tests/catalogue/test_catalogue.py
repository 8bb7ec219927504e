"""The catalogue as a whole: its registry, its starting point, and the CLI on some of its cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalogue import CASES, LAYER_MODULES, PLAIN, RUN_BY, SECRET, Pkg, load_all_cases, snapshot

from ukcsa_data.cli import main
from ukcsa_data.core.codes import CODES
from ukcsa_data.validation.runner import validate_package

load_all_cases()
BY_ID = {c.id: c for c in CASES}
CLI_CASES = [
    "l1-descriptor-syntax-error",
    "l1-csv-symlink-outside-package",
    "l1-seed-symlink-outside-package",
    "l2-cp1252-pound-sign",
    "l2-ragged-row",
    "l3-number-007",
    "l5-quote-no-break-space-typed-as-space",
    "l7-formula-hyperlink",
]


def test_catalogue_is_broad() -> None:
    assert len(CASES) >= 45
    assert len(BY_ID) == len(CASES), "case ids must be unique"
    for c in CASES:
        assert c.errors <= set(CODES), c.id


def test_every_case_runs_once_in_its_layer_module() -> None:
    """Each case is defined by a layer module that runs it, and its id names that module's layer."""
    layer_modules = {path.stem for path in Path(__file__).parent.glob(LAYER_MODULES)}
    for c in CASES:
        assert c.module in layer_modules, (c.id, c.module)
        assert c.id in RUN_BY.get(c.module, ()), (
            f"{c.id} is not run: end {c.module} with 'test_broken_package = layer_test(__name__)'"
        )
        prefix = c.module.removeprefix("test_").split("_")[0] + "-"
        assert c.id.startswith(prefix), f"{c.id} is in {c.module}: its id must start with {prefix!r}"
    assert sum(len(ids) for ids in RUN_BY.values()) == len(CASES)


def test_unbroken_copy_is_valid(package_copy: Path) -> None:
    """The helpers' round trip (re-sync, rewrite) leaves a valid package: cases start from it."""
    pkg = Pkg(package_copy)
    pkg.set_figure(PLAIN, "notes", pkg.cell("figures", pkg.find_line("figures", figure_id=PLAIN), "notes"))
    report = validate_package(package_copy)
    assert report.errors == []
    assert {p.code for p in report.warnings} <= {"statistic-disagreement"}


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_cli_on_broken_package(case_id: str, package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = BY_ID[case_id]
    expected = broken.breaks(Pkg(package_copy))
    before = snapshot(package_copy.parent)

    assert main(["validate", str(package_copy)]) == 1
    text = capsys.readouterr()
    assert main(["validate", str(package_copy), "--format", "json"]) == 1
    as_json = capsys.readouterr()
    assert main(["validate", str(package_copy), "--format", "github"]) == 1
    github = capsys.readouterr()

    assert snapshot(package_copy.parent) == before, "the CLI changed a file"
    for out in (text, as_json, github):
        assert out.err == ""
        assert SECRET not in out.out
    assert text.out.strip().splitlines()[-1].startswith("INVALID:")
    for e in expected:
        line = f"{e.line}:" if e.line is not None else ""
        assert f"{e.path}:{line} {e.field or '-'}: {e.code}:" in text.out
    report = json.loads(as_json.out)
    assert report["valid"] is False
    located = {(p["path"], p["line"], p["field"], p["code"]) for p in report["problems"]}
    assert {e.where for e in expected} <= located
    assert {p["code"] for p in report["problems"] if p["severity"] == "error"} == broken.errors
    assert any(f"title={expected[0].code}::" in line for line in github.out.splitlines())


def test_cli_valid_with_warning_only(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    BY_ID["l6-relation-does-not-fit"].breaks(Pkg(package_copy))
    before = snapshot(package_copy)
    assert main(["validate", str(package_copy), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["errors"] == 0
    assert any(p["code"] == "relation-mismatch" for p in report["problems"])
    assert snapshot(package_copy) == before
