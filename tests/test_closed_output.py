"""Closed or broken stdout and stderr, for every command, in real subprocesses (issue 19).

Whatever the command, a stdout or stderr closed at start (``>&-``) or a reader gone away (a pipe
whose reading end is closed, as after ``| head -c1``) ends in exit 2, nothing more written on the
other stream, and no traceback; a stream closed at start means the command does nothing at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEED = "seeds/000_f2dd73dc15060fa3.txt"


def _commands(package: Path, out: Path) -> dict[str, list[str]]:
    """Every command of the CLI, each with arguments that make it print when it can."""
    return {
        "--version": ["--version"],
        "--help": ["--help"],
        "validate": ["validate", str(package)],
        "info": ["info", str(package)],
        "rehash": ["rehash", str(package)],
        "add-source": [
            "add-source",
            SEED,
            "--package-dir",
            str(package),
            "--publisher",
            "P",
            "--title",
            "T",
            "--date",
            "2020-01-01",
            "--date-basis",
            "stated",
        ],
        "scan": ["scan", SEED, str(package)],
        "diff": ["diff", str(package), str(package)],
        "release": ["release", "99.0.0", str(package), "--date", "2026-01-01"],
        "export": ["export", str(out / "export.json"), "--format", "json", "--package-dir", str(package)],
        "plot": ["plot", str(out / "charts"), "--package-dir", str(package)],
    }


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _shell(redirect: str, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI through ``sh`` with ``redirect`` (such as ``>&-``) applied to it."""
    command = [sys.executable, "-m", "ukcsa_data.cli", *argv]
    return subprocess.run(
        ["sh", "-c", f'"$@" {redirect}', "sh", *command],
        capture_output=True,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("name", list(_commands(Path("p"), Path("o"))))
@pytest.mark.parametrize("redirect", [">&-", "2>&-"])
def test_a_stream_closed_at_start_is_exit_2_and_nothing_done(
    package_copy: Path, tmp_path: Path, name: str, redirect: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = _files(package_copy)
    result = _shell(redirect, _commands(package_copy, out)[name], tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, b"", b"")
    assert _files(package_copy) == before
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", ["--version", "--help", "validate", "info", "rehash", "diff", "export"])
def test_a_reader_gone_away_is_exit_2_and_quiet(package_copy: Path, tmp_path: Path, name: str) -> None:
    """The pipe's reading end is closed before the command starts, so its first write fails."""
    out = tmp_path / "out"
    out.mkdir()
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ukcsa_data.cli", *_commands(package_copy, out)[name]],
            stdout=writing,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            check=False,
        )
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (2, b"")


def test_head_c1_takes_one_byte_and_the_command_ends_quietly(package_dir: Path, tmp_path: Path) -> None:
    """``ukcsa-data validate --format json | head -c1`` as a shell runs it: no traceback."""
    command = f'"{sys.executable}" -m ukcsa_data.cli validate "{package_dir}" --format json | head -c1'
    result = subprocess.run(["sh", "-c", command], capture_output=True, cwd=tmp_path, check=False)
    assert (result.stdout, result.stderr) == (b"{", b"")


def test_a_closed_stderr_after_start_is_exit_2(package_copy: Path, tmp_path: Path) -> None:
    """stderr whose reader has gone while the bundled package is named on it: exit 2, stdout intact."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ukcsa_data.cli", "info"],
            stdout=subprocess.PIPE,
            stderr=writing,
            cwd=tmp_path,  # no package here: a line on stderr names the bundled one
            check=False,
        )
    finally:
        os.close(writing)
    assert result.returncode == 2
    assert b"figures" in result.stdout
