"""Which package a command works on when none is named (``package_files.choose_package_dir``):
the checkout the current directory is in (it, or the nearest folder above it, holds
datapackage.json); else, for a command that only reads, the package installed with the library,
said in one line on stderr; a command that writes never falls back to it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ukcsa_data.cli import main
from ukcsa_data.core.package_files import DESCRIPTOR, bundled_package_dir, choose_package_dir

FIGURES = Path("dataset") / "figures.csv"


def _break_a_value(package: Path) -> None:
    """Make fig-0010's value 131.0, a type-error on line 11 that the bundled package lacks."""
    path = package / FIGURES
    path.write_bytes(path.read_bytes().replace(b",131,131,", b",131,131.0,"))


def _outside(tmp_path: Path) -> Path:
    """A folder with no datapackage.json in it or above it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert not any((f / DESCRIPTOR).exists() for f in (folder, *folder.parents))
    return folder


def test_the_rule(package_copy: Path, tmp_path: Path) -> None:
    inside = package_copy / "dataset"
    assert choose_package_dir("x", or_bundled=True).how == "named"
    assert choose_package_dir(None, or_bundled=False, cwd=package_copy).how == "here"
    above = choose_package_dir(None, or_bundled=False, cwd=inside)
    assert (above.path, above.how) == (package_copy, "above")
    bundled = choose_package_dir(None, or_bundled=True, cwd=_outside(tmp_path))
    assert (bundled.path, bundled.how) == (bundled_package_dir(), "bundled")


def test_validate_in_a_checkout_validates_it(
    package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_a_value(package_copy)
    monkeypatch.chdir(package_copy)
    assert main(["validate"]) == 1
    captured = capsys.readouterr()
    assert "dataset/figures.csv:11: value: type-error:" in captured.out
    assert captured.err == ""  # the current directory: nothing to say


def test_validate_below_a_checkout_validates_it_and_says_so(
    package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_a_value(package_copy)
    monkeypatch.chdir(package_copy / "seeds")
    assert main(["validate", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert '"code": "type-error"' in captured.out
    assert captured.err == (
        f"ukcsa-data validate: using the package in {package_copy} "
        "(the nearest folder above the current directory that holds datapackage.json)\n"
    )


def test_validate_outside_a_checkout_says_it_validates_the_installed_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_outside(tmp_path))
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].startswith("VALID:")
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("ukcsa-data validate: no datapackage.json in the current directory")
    assert f"the package installed with the library: {bundled_package_dir()} " in captured.err


def test_info_follows_the_same_rule(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(package_copy / "dataset")
    assert main(["info"]) == 0
    captured = capsys.readouterr()
    assert f"Package: {package_copy}\n" in captured.out
    assert captured.err.startswith(f"ukcsa-data info: using the package in {package_copy} ")
    monkeypatch.chdir(_outside(tmp_path))
    assert main(["info"]) == 0
    captured = capsys.readouterr()
    assert f"Package: {bundled_package_dir()}\n" in captured.out
    assert "the package installed with the library" in captured.err


def test_a_command_that_writes_finds_the_checkout_above(
    package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_a_value(package_copy)  # the figures' hash and bytes change
    monkeypatch.chdir(package_copy / "dataset")
    assert main(["rehash"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("figures: hash sha256:")
    assert captured.err.startswith(f"ukcsa-data rehash: using the package in {package_copy} ")


@pytest.mark.parametrize("command", [["rehash"], ["scan", "seeds/x.txt"], ["release", "9.9.9"]])
def test_a_command_that_writes_never_falls_back(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_outside(tmp_path))
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ukcsa-data {command[0]}: no datapackage.json in the current directory (")
    assert "or any folder above it" in err and err.count("\n") == 1


def test_diff_compares_with_the_checkout(
    package_dir: Path, package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(package_copy / "schemas")
    assert main(["diff", str(package_dir)]) == 0
    captured = capsys.readouterr()
    assert str(package_copy) in captured.err


def test_the_installed_command_in_a_checkout(package_copy: Path) -> None:
    """The console script, as a contributor runs it, from a folder inside the checkout."""
    _break_a_value(package_copy)
    script = Path(sys.executable).parent / "ukcsa-data"
    env = {**os.environ, "PATH": f"{script.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["ukcsa-data", "validate"], cwd=package_copy / "dataset", env=env, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert "dataset/figures.csv:11: value: type-error:" in done.stdout
    assert f"using the package in {package_copy} " in done.stderr


def test_export_follows_the_same_rule(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = package_copy / FIGURES
    path.write_bytes(
        path.read_bytes().replace(b"suspects arrested in a week-long", b"suspects held in a week-long")
    )
    assert main(["rehash", str(package_copy)]) == 0
    monkeypatch.chdir(package_copy / "dataset")
    capsys.readouterr()
    out = tmp_path / "figures.json"
    assert main(["export", "--format", "json", str(out)]) == 0
    assert "suspects held in a week-long" in out.read_text(encoding="utf-8")
    assert capsys.readouterr().err.startswith(f"ukcsa-data export: using the package in {package_copy} ")
