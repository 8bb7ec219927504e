"""Package files are opened without following links, and what was opened is what is checked.

``read_package_file`` walks the path from the package folder one component at a time with
O_NOFOLLOW, so a link swapped in after ``path_problem`` approved the path is refused (``symlink``)
and the file it points to is never opened; FIFOs, folders, missing files and files over the limit
are problems, never a hang, an exception or a read past the limit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ukcsa_data.core.package_edits import PackageError, read_package_text
from ukcsa_data.core.problems import Report
from ukcsa_data.core.safe_paths import path_problem, read_package_file
from ukcsa_data.validation import runner

SECRET = "OUTSIDE-SECRET-7f3a9c"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A package folder holding data/table.csv, next to a folder outside it with a secret file."""
    root = tmp_path / "package"
    (root / "data").mkdir(parents=True)
    (root / "data" / "table.csv").write_bytes(b"a,b\n1,2\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.csv").write_text(f"{SECRET}\n", encoding="utf-8")
    return root


def _opened_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The real path of every file os.open (hence open()) succeeds in opening from now on."""
    opened: list[str] = []
    real_open = os.open

    def recording_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, flags, *args, **kwargs)
        opened.append(os.readlink(f"/proc/self/fd/{fd}"))
        return fd

    monkeypatch.setattr(os, "open", recording_open)
    return opened


def test_reads_a_regular_file(tree: Path) -> None:
    assert read_package_file(tree, "data/table.csv", 8) == b"a,b\n1,2\n"


def test_a_file_over_the_limit_is_refused_before_reading(tree: Path) -> None:
    assert read_package_file(tree, "data/table.csv", 7) == ("file-too-large", "8 bytes; the limit is 7")


@pytest.mark.parametrize(
    ("make", "relative", "code"),
    [
        (lambda root: os.symlink("table.csv", root / "data" / "link.csv"), "data/link.csv", "symlink"),
        (lambda root: os.symlink("gone.csv", root / "data" / "dangling.csv"), "data/dangling.csv", "symlink"),
        (lambda root: os.symlink("data", root / "alias"), "alias/table.csv", "symlink"),
        (lambda root: os.mkfifo(root / "data" / "pipe.csv"), "data/pipe.csv", "unsafe-path"),
        (lambda root: (root / "data" / "folder.csv").mkdir(), "data/folder.csv", "unsafe-path"),
        (lambda root: None, "data/missing.csv", "missing-file"),
        (lambda root: None, "data/table.csv/inner", "missing-file"),
        (lambda root: None, "data/" + "x" * 300, "unsafe-path"),
        (lambda root: None, "data/\ud800.csv", "unsafe-path"),
        (lambda root: None, "../outside/secret.csv", "unsafe-path"),
    ],
    ids=[
        "link",
        "dangling-link",
        "link-in-a-middle-folder",
        "fifo",
        "folder",
        "missing",
        "not-a-folder",
        "name-too-long",
        "lone-surrogate",
        "dot-dot",
    ],
)
def test_refused_without_following_or_blocking(
    tree: Path, monkeypatch: pytest.MonkeyPatch, make: Any, relative: str, code: str
) -> None:
    make(tree)
    opened = _opened_files(monkeypatch)
    problem = read_package_file(tree, relative, 1_000)
    monkeypatch.undo()
    assert not isinstance(problem, bytes)
    assert problem[0] == code, problem
    assert not [path for path in opened if "outside" in path or path.endswith("table.csv")]
    assert path_problem(tree, relative) is not None  # the path check agrees, without an exception


def test_a_link_swapped_in_after_the_check_is_refused(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: layer 1 approves dataset/figures.csv, then it becomes a link to a file outside the
    package before layer 2 reads it. The validator reports the link and never opens the target."""
    outside = package_copy.parent / "outside"
    outside.mkdir()
    (outside / "figures.csv").write_bytes((package_copy / "dataset" / "figures.csv").read_bytes())
    with (outside / "figures.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{SECRET}\n")
    real_check = runner.check_descriptor

    def check_then_swap(root: Path, report: Report) -> Any:
        plans = real_check(root, report)
        target = root / "dataset" / "figures.csv"
        target.unlink()
        os.symlink(outside / "figures.csv", target)
        return plans

    monkeypatch.setattr(runner, "check_descriptor", check_then_swap)
    opened = _opened_files(monkeypatch)
    report = runner.validate_package(package_copy)
    monkeypatch.undo()
    found = {(p.path, p.line, p.field, p.code) for p in report.problems}
    assert ("dataset/figures.csv", None, None, "symlink") in found
    assert not [path for path in opened if path.startswith(os.path.realpath(outside))]
    assert not any(SECRET in p.message for p in report.problems)
    assert not report.valid


def test_contributor_commands_refuse_a_link(tree: Path) -> None:
    os.symlink(tree.parent / "outside" / "secret.csv", tree / "data" / "secret.csv")
    with pytest.raises(PackageError, match="symbolic link"):
        read_package_text(tree, "data/secret.csv", 1_000)


# --- the other commands read (and scan writes) the package the same way (found by review) --------


def _outside_link(package_copy: Path, relative: str) -> Path:
    """``relative`` made a link to a copy of itself outside the package; the copy's path."""
    target = package_copy.parent / "outside.csv"
    target.write_bytes((package_copy / relative).read_bytes().replace(b"sheffield", b"secretoutside"))
    (package_copy / relative).unlink()
    (package_copy / relative).symlink_to(target)
    return target


def test_info_refuses_a_link_out_of_the_package(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ukcsa_data.cli import main

    _outside_link(package_copy, "dataset/sources.csv")
    assert main(["info", str(package_copy)]) == 2
    captured = capsys.readouterr()
    assert "symbolic link" in captured.err and "secretoutside" not in captured.out + captured.err


def test_info_does_not_block_on_a_fifo(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ukcsa_data.cli import main

    (package_copy / "dataset" / "series.csv").unlink()
    os.mkfifo(package_copy / "dataset" / "series.csv")
    assert main(["info", str(package_copy)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_scan_write_never_appends_through_a_link(package_copy: Path) -> None:
    from ukcsa_data.scan import ScanError, scan

    seed = package_copy / "seeds" / "003_d1ddc2be878b3dd1.txt"
    seed.write_bytes(seed.read_bytes() + b"They said 77 people.\n")
    target = _outside_link(package_copy, "dataset/figures.csv")
    before = target.read_bytes()
    with pytest.raises(ScanError, match="symbolic link"):
        scan(package_copy, seed, write=True)
    assert target.read_bytes() == before


# --- hard links (issue 19) ------------------------------------------------------------------------


def test_a_hard_link_is_refused_by_the_check_and_read_by_the_loader(tree: Path) -> None:
    """A second name inside the package for a file outside it: ``st_nlink`` of what was opened is
    2, so the validator's read refuses it without a byte of it in the message; the loader, which
    reads an installed package (uv hard-links files from its cache), reads it."""
    from ukcsa_data.core.package_files import read_bytes

    os.link(tree.parent / "outside" / "secret.csv", tree / "data" / "secret.csv")
    refused = read_package_file(tree, "data/secret.csv", 1_000)
    assert isinstance(refused, tuple) and refused[0] == "hard-link"
    assert SECRET not in refused[1] and "2 names" in refused[1]
    with pytest.raises(PackageError, match="hard link"):
        read_package_text(tree, "data/secret.csv", 1_000)
    assert read_bytes(tree, "data/secret.csv", 1_000) == f"{SECRET}\n".encode()


def test_validate_refuses_a_hard_linked_seed_without_echoing_it(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ukcsa_data.cli import main

    seed = package_copy / "seeds" / "000_f2dd73dc15060fa3.txt"
    outside = package_copy.parent / "outside.txt"
    outside.write_bytes(seed.read_bytes() + f"{SECRET} 424242\n".encode())
    seed.unlink()
    os.link(outside, seed)
    assert main(["validate", str(package_copy)]) == 1
    out = capsys.readouterr().out
    assert ": hard-link: " in out and SECRET not in out and "424242" not in out


@pytest.mark.slow
def test_validate_reads_the_installed_copy_an_installer_hard_linked(tmp_path: Path) -> None:
    """The copy of the package installed with the library, laid out as a wheel installs it, with
    every seed hard-linked from a cache as uv installs files: ``ukcsa-data validate`` run outside any
    checkout (so it validates that copy) reads it and finds it VALID; the same folder named on the
    command line is a package like any other, and its hard links are refused."""
    import shutil
    import subprocess
    import sys

    from conftest import REPO_ROOT, copy_package

    library = tmp_path / "site-packages"
    shutil.copytree(REPO_ROOT / "src" / "ukcsa_data", library / "ukcsa_data")
    installed = copy_package(REPO_ROOT, library / "ukcsa_data" / "package")
    cache = tmp_path / "cache"
    cache.mkdir()
    for seed in (installed / "seeds").glob("*.txt"):
        shutil.copy2(seed, cache / seed.name)
        seed.unlink()
        os.link(cache / seed.name, seed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def validate(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from ukcsa_data.cli import main; sys.exit(main(sys.argv[1:]))"
        return subprocess.run(
            [sys.executable, "-c", code, "validate", *args],
            cwd=elsewhere,
            env={**os.environ, "PYTHONPATH": str(library)},
            capture_output=True,
            text=True,
            check=False,
        )

    bundled = validate()
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    assert "using the package installed with the library" in bundled.stderr
    assert "VALID" in bundled.stdout and "hard-link" not in bundled.stdout
    named = validate(str(installed))
    assert named.returncode == 1 and ": hard-link: " in named.stdout
