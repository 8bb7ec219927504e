"""``diff`` reads each side within ``validate``'s limits: a file above its limit is refused from
its size, before it is read (a folder's file from ``fstat``, a commit's from its tree), with the
limit's message and exit 2; ``--limit`` raises or lowers a limit as it does for ``validate``."""

from __future__ import annotations

import os
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from conftest import GIT_ENV, copy_package

from ukcsa_data.cli import main
from ukcsa_data.core.limits import DEFAULTS, MIB


def committed(package_dir: Path, root: Path) -> Path:
    """A copy of the package, committed in a new git repository."""
    copy_package(package_dir, root)
    for args in (("init", "--quiet"), ("add", "-A"), ("commit", "--quiet", "-m", "package")):
        subprocess.run(["git", "-C", str(root), *args], env={**os.environ, **GIT_ENV}, check=True)
    return root


def test_a_214_mib_csv_is_refused_unread(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = copy_package(package_dir, tmp_path / "new")
    with (new / "dataset" / "figures.csv").open("r+b") as handle:
        handle.truncate(214 * MIB)  # sparse: 214 MiB that cost no disk
    tracemalloc.start()
    try:
        code = main(["diff", str(package_dir), str(new)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert code == 2
    assert (
        f"figures.csv: {214 * MIB:,} bytes; the limit is {DEFAULTS.csv_bytes:,} "
        "(file-too-large; raise it with --limit csv_bytes=N)"
    ) in err
    assert peak < 32 * MIB, peak


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_commit_s_file_above_its_limit_is_refused_from_its_size(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = committed(package_dir, tmp_path / "repo")
    figures = repo / "dataset" / "figures.csv"
    size = figures.stat().st_size
    figures.write_text(
        "".join(figures.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8"
    )
    assert main(["diff", "--base", "HEAD", str(repo), "--limit", f"csv_bytes={size - 1}"]) == 2
    assert f"HEAD:dataset/figures.csv: {size:,} bytes; the limit is {size - 1:,} (file-too-large" in (
        capsys.readouterr().err
    )
    assert main(["diff", "--base", "HEAD", str(repo), "--limit", f"csv_bytes={size}"]) == 1  # a row removed


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_link_in_a_commit_is_not_read(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = committed(package_dir, tmp_path / "repo")
    schema = repo / "schemas" / "figures.schema.json"
    schema.unlink()
    schema.symlink_to("/etc/passwd")
    subprocess.run(
        ["git", "-C", str(repo), "commit", "--quiet", "-am", "link"],
        env={**os.environ, **GIT_ENV},
        check=True,
    )
    schema.unlink()
    shutil.copy2(package_dir / "schemas" / "figures.schema.json", schema)  # the working tree is fine
    assert main(["diff", "--base", "HEAD", str(repo)]) == 2
    assert "HEAD: refusing to read 'schemas/figures.schema.json': not a regular file (mode 120000)" in (
        capsys.readouterr().err
    )


def test_the_rows_limit_counts_all_tables(package_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(package_dir), str(package_dir), "--limit", "rows=100"]) == 2
    assert (
        "more rows than the limit of 100 rows in all tables together (too-many-rows"
        in capsys.readouterr().err
    )
    assert main(["diff", str(package_dir), str(package_dir), "--limit", "rows=1000"]) == 0


@pytest.mark.parametrize("limit", ["nonsense=1", "rows=0", "rows"])
def test_a_bad_limit_is_a_usage_error(
    package_dir: Path, limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(package_dir), str(package_dir), "--limit", limit]) == 2
    assert capsys.readouterr().err.startswith("ukcsa-data diff: --limit: ")
