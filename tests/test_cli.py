"""The ukcsa-data command: exit codes, report formats and the info summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ukcsa_data
from ukcsa_data.cli import main


def test_validate_bundled_package_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("VALID: 0 error(s), 1 warning(s)")
    assert "statistic-disagreement" in out


def test_validate_reports_file_line_field_and_code(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package_copy / "dataset" / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b",131,131,", b",131,131.0,"))
    assert main(["validate", str(package_copy)]) == 1
    out = capsys.readouterr().out
    assert 'dataset/figures.csv:11: value: type-error: fig-0010: "131.0"' in out
    assert out.strip().splitlines()[-1].startswith("INVALID:")


def test_every_format_names_the_row(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A problem at a row names the row's key: before the message in text and github, as ``key``
    in JSON; an exclusion by its source, text, quote start and occurrence (JSON: its whole key)."""
    path = package_copy / "dataset" / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b",131,131,", b",131,131.0,"))
    exclusions = package_copy / "dataset" / "exclusions.csv"
    exclusions.write_bytes(exclusions.read_bytes().replace(b",1,not_a_quantity", b",1,not a quantity"))
    assert main(["validate", str(package_copy)]) == 1
    out = capsys.readouterr().out
    assert 'dataset/figures.csv:11: value: type-error: fig-0010: "131.0"' in out
    assert (
        'dataset/exclusions.csv:3: reason: enum: sheffield-telegraph-2018 "One" in ""One officer I met", '
        "occurrence 1: "
    ) in out
    assert main(["validate", str(package_copy), "--format", "github"]) == 1
    assert "title=type-error::value: fig-0010: " in capsys.readouterr().out
    assert main(["validate", str(package_copy), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    keys = {(p["path"], p["line"]): p["key"] for p in problems}
    assert keys[("dataset/figures.csv", 11)] == "fig-0010"
    assert keys[("dataset/exclusions.csv", 3)] == 'sheffield-telegraph-2018 | "One officer I met | 1 | One'
    assert all(p["key"] is None for p in problems if p["path"] == "datapackage.json")


def test_json_format(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (package_copy / "dataset" / "stray.csv").write_text("a\n", encoding="utf-8")
    assert main(["validate", str(package_copy), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert {
        "path": "dataset/stray.csv",
        "line": None,
        "field": None,
        "code": "unlisted-file",
    }.items() <= report["problems"][0].items() or any(
        p["code"] == "unlisted-file" for p in report["problems"]
    )


def test_github_format(
    package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(package_copy)
    path = package_copy / "dataset" / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b",131,131,", b",131,131.0,"))
    assert main(["validate", ".", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "::error file=dataset/figures.csv,line=11,title=type-error::value%3A" not in lines[0]
    assert any(
        line.startswith("::error file=dataset/figures.csv,line=11,title=type-error::value: ")
        for line in lines
    )
    assert any(line.startswith("::warning ") for line in lines)


def test_missing_directory_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "cannot run" in capsys.readouterr().err


def test_empty_directory_is_invalid_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "datapackage.json: -: missing-file" in capsys.readouterr().out


def test_info_summarises_the_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"version {ukcsa_data.__version__}" in out
    assert "figures 41 rows" in out
    assert "550,000 – 850,000 people" in out


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ukcsa_data.cli", "validate", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validation_never_opens_a_network_connection(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Remote paths, schemas and profiles are reported, never fetched: no socket is opened."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the validator tried to open a network connection")

    descriptor_path = package_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["profile"] = "https://example.invalid/profile.json"
    descriptor["resources"][1]["schema"] = "https://example.invalid/figures.schema.json"
    descriptor["resources"][2]["path"] = "https://example.invalid/exclusions.csv"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert main(["validate", str(package_copy)]) == 1
    out = capsys.readouterr().out
    assert out.count("remote-reference") >= 3


def test_ctrl_c_ends_with_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command interrupted by Ctrl-C says so in one line and exits 130, with no traceback."""
    import ukcsa_data.cli as cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_validate", interrupted)
    assert main(["validate"]) == 130
    out, err = capsys.readouterr()
    assert (out, err) == ("", "ukcsa-data: interrupted\n")
