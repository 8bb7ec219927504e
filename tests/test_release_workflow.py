"""Releases and honest versions (issue 16): the version a copy of the package states, the release
plan the workflow follows (in a scratch git repository), the files the local build script makes
(the release workflow's own build lines; tests/test_ci_files.py keeps the two equal), and the
counts the description and the citation state."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT, copy_package

import ukcsa_data
from ukcsa_data.cli import main
from ukcsa_data.core.package_version import package_version, stated_version
from ukcsa_data.core.semver import changelog_sections
from ukcsa_data.exports.sqlite_export import database_name
from ukcsa_data.stated_counts import count_mismatches, counts_sentence

RELEASE_TOOLS = REPO_ROOT / "scripts" / "release_tools.py"
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_release.sh"
PARTS = ("datapackage.json", "dataset", "schemas", "seeds", "CHANGELOG.md", "CITATION.cff", "README.md")
RELEASED = "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-11-30\n\n- First release.\n"
UNRELEASED = "# Changelog\n\n## [Unreleased]\n\n- A row corrected.\n\n## [1.0.0] - 2026-11-30\n\n- First.\n"


def _env() -> dict[str, str]:
    """This checkout's library first, and the test environment's programs (ukcsa-data, git)."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT / "src"),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def _plan(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RELEASE_TOOLS), "plan", str(root)], capture_output=True, text=True, env=_env()
    )


def _outputs(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    return dict(line.split("=", 1) for line in result.stdout.splitlines())


def _package(root: Path, version: str, changelog: str) -> Path:
    root.mkdir(exist_ok=True)
    (root / "datapackage.json").write_text(json.dumps({"name": "p", "version": version}), encoding="utf-8")
    (root / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    return root


def _copy_repository(root: Path) -> Path:
    return copy_package(REPO_ROOT, root, PARTS)


# --- the version a copy states --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changelog", "expected"),
    [
        (RELEASED, "1.0.0"),
        (UNRELEASED, "1.0.0+unreleased"),
        ("# Changelog\n\n## [Unreleased]\n\nNothing yet.\n", "1.0.0"),  # prose, no entry
        (None, "1.0.0"),  # no CHANGELOG.md: the descriptor's version as it is
    ],
)
def test_the_stated_version_says_when_changes_are_unreleased(changelog: str | None, expected: str) -> None:
    assert stated_version("1.0.0", changelog) == expected


def test_a_package_folder_states_its_version(tmp_path: Path) -> None:
    assert package_version(_package(tmp_path / "a", "1.2.3", UNRELEASED)) == "1.2.3+unreleased"
    assert package_version(_package(tmp_path / "b", "1.2.3", RELEASED)) == "1.2.3"
    (tmp_path / "b" / "CHANGELOG.md").unlink()
    assert package_version(tmp_path / "b") == "1.2.3"


def test_a_changelog_that_is_a_link_is_refused(tmp_path: Path) -> None:
    root = _package(tmp_path / "p", "1.0.0", RELEASED)
    (root / "CHANGELOG.md").unlink()
    (tmp_path / "elsewhere.md").write_text(UNRELEASED, encoding="utf-8")
    (root / "CHANGELOG.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(ValueError, match=r"CHANGELOG\.md"):
        package_version(root)


def test_the_library_the_cli_info_and_exports_state_the_repository_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unreleased work (CHANGELOG.md lists changes today) states +unreleased everywhere."""
    stated = package_version(REPO_ROOT)
    assert ukcsa_data.__version__ == stated
    assert main(["info", str(REPO_ROOT)]) == 0
    assert f"version {stated}" in capsys.readouterr().out.splitlines()[0]
    out = tmp_path / "figures.json"
    assert main(["export", "--format", "json", "--package-dir", str(REPO_ROOT), str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == stated
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"ukcsa-data {stated}"


def test_a_release_commit_states_its_plain_version(tmp_path: Path) -> None:
    """``ukcsa-data release`` empties Unreleased: the copy then states the release itself."""
    root = _copy_repository(tmp_path / "repo")
    assert package_version(root).endswith("+unreleased")
    released = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]
    major = int(released.split(".")[0]) + 1
    assert main(["release", f"{major}.0.0", str(root), "--date", "2027-01-15"]) == 0
    assert package_version(root) == f"{major}.0.0"


# --- the release plan (scratch git repositories) -------------------------------------------------


def test_the_plan_releases_a_release_commit_once(tmp_path: Path) -> None:
    root = _package(tmp_path / "repo", "1.0.0", RELEASED)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "1.0.0")
    assert _outputs(_plan(root)) == {"version": "1.0.0", "tag": "v1.0.0", "release": "true"}
    _git(root, "tag", "v1.0.0")
    assert _outputs(_plan(root))["release"] == "false"  # already tagged

    _package(root, "1.0.0", UNRELEASED)  # work after the release
    assert _outputs(_plan(root))["release"] == "false"
    _package(root, "1.1.0", UNRELEASED.replace("[Unreleased]", "[Unreleased]\n\n## [1.1.0] - 2027-01-02", 1))
    _git(root, "commit", "-qam", "release 1.1.0")
    assert _outputs(_plan(root)) == {"version": "1.1.0", "tag": "v1.1.0", "release": "true"}


def test_the_plan_holds_a_version_bumped_without_a_dated_entry(tmp_path: Path) -> None:
    """A version set by hand while Unreleased still lists changes is not released."""
    root = _package(tmp_path / "repo", "1.1.0", UNRELEASED)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "bump")
    _git(root, "tag", "v1.0.0")
    result = _plan(root)
    assert _outputs(result)["release"] == "false"
    assert "not a release commit" in result.stderr


def test_the_plan_refuses_a_version_below_the_newest_tag(tmp_path: Path) -> None:
    root = _package(tmp_path / "repo", "1.0.0", RELEASED)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "1.0.0")
    _git(root, "tag", "v2.0.0")
    _git(root, "tag", "vnot-a-version")  # ignored
    result = _plan(root)
    assert result.returncode == 1
    assert "below the newest tag v2.0.0" in result.stderr
    assert result.stdout == ""


# --- the local build: the release's files ----------------------------------------------------------


@pytest.mark.slow
def test_the_build_script_makes_every_release_file(tmp_path: Path) -> None:
    out = tmp_path / "release"
    result = subprocess.run(
        ["bash", str(BUILD_SCRIPT), str(out)], cwd=REPO_ROOT, capture_output=True, text=True, env=_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stated = package_version(REPO_ROOT)
    assert result.stdout.count("PASSED") == 2  # twine check, sdist and wheel
    assert sorted(p.name for p in (out / "dist").iterdir()) == [
        f"ukcsa_data-{stated}-py3-none-any.whl",
        f"ukcsa_data-{stated}.tar.gz",
    ]
    (wheel,) = (out / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"ukcsa_data-{stated}.dist-info/METADATA").decode("utf-8")
        assert archive.read("ukcsa_data/package/CHANGELOG.md") == (REPO_ROOT / "CHANGELOG.md").read_bytes()
    assert f"\nVersion: {stated}\n" in metadata

    exports = {p.name for p in (out / "exports").iterdir()}
    base = f"ukcsa-data-{stated}"
    database = database_name(stated)
    assert {f"{base}.json", f"{database}.sqlite", f"{base}.xlsx", "metadata.json"} <= exports
    if importlib.util.find_spec("polars") is not None:
        assert f"{base}-parquet.zip" in exports
        with zipfile.ZipFile(out / "exports" / f"{base}-parquet.zip") as archive:
            assert f"{base}-parquet/figures.parquet" in archive.namelist()
    assert not [p for p in (out / "exports").iterdir() if p.is_dir()]  # every file can be attached
    assert json.loads((out / "exports" / f"{base}.json").read_text(encoding="utf-8"))["version"] == stated
    datasette = json.loads((out / "exports" / "metadata.json").read_text(encoding="utf-8"))
    assert f"(version {stated})" in datasette["title"]
    with sqlite3.connect(out / "exports" / f"{database}.sqlite") as db:
        assert db.execute("select count(*) from figures").fetchone()[0] > 0
    section = "unreleased" if "+" in stated else stated
    notes = (out / "notes.md").read_text(encoding="utf-8")
    assert (
        notes == changelog_sections((REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))[section] + "\n"
    )


# --- the counts the description and the citation state --------------------------------------------


def test_the_description_and_the_abstract_state_the_tables_counts() -> None:
    assert count_mismatches(REPO_ROOT) == []


def test_a_new_article_leaves_the_stated_counts_wrong_until_they_are_updated(tmp_path: Path) -> None:
    root = _copy_repository(tmp_path / "repo")
    sources = root / "dataset" / "sources.csv"
    lines = sources.read_bytes().splitlines(keepends=True)
    sources.write_bytes(b"".join([*lines, lines[-1].replace(b"sunday-express-2022", b"another-2023", 1)]))
    problems = count_mismatches(root)
    assert len(problems) == 2, problems
    assert all("the tables hold 41 and 5" in problem for problem in problems)
    assert all(counts_sentence(41, 5) in problem for problem in problems)
    assert counts_sentence(1234, 1) == "This version holds 1,234 figures from 1 article."


# --- pinning a commit or a tag, as the README says --------------------------------------------------

PIP_OFFLINE = (sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--no-build-isolation")
#: What a build needs, as pyproject.toml's sdist and wheel targets name it.
BUILD_PARTS = (*PARTS, "src", "pyproject.toml", "hatch_build.py", "LICENSE")


@pytest.mark.slow
@pytest.mark.parametrize("pin", ["commit", "tag"])
def test_pip_installs_a_pinned_commit_or_tag_from_git(tmp_path: Path, pin: str) -> None:
    """The README's ``pip install "ukcsa-data @ git+<repository>@<commit SHA>"`` (or ``@vX.Y.Z``)
    works today: a file:// repository stands in for GitHub (no network), and the installed
    library states that commit's version."""
    origin = tmp_path / "origin"
    origin.mkdir()
    for part in BUILD_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, origin / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, origin / part)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "a commit")
    _git(origin, "tag", "v9.9.9")
    ref = (
        subprocess.run(
            ["git", "-C", str(origin), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        if pin == "commit"
        else "v9.9.9"
    )
    target = tmp_path / "site"
    # file://localhost/...: this pip's requirement parser wants a host in the address
    requirement = f"ukcsa-data @ git+file://localhost{origin.as_posix()}@{ref}"
    install = subprocess.run(
        [*PIP_OFFLINE, "--target", str(target), requirement],
        capture_output=True,
        text=True,
        env={**_env(), "PYTHONPATH": ""},
    )
    assert install.returncode == 0, install.stdout + install.stderr
    shown = subprocess.run(
        [sys.executable, "-c", "import ukcsa_data; print(ukcsa_data.__file__, ukcsa_data.__version__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**_env(), "PYTHONPATH": str(target)},
    )
    assert shown.returncode == 0, shown.stderr
    where, version = shown.stdout.split()
    assert where.startswith(str(target))
    assert version == package_version(REPO_ROOT)


def test_only_the_abstract_of_the_citation_counts(tmp_path: Path) -> None:
    """The sentence in a comment of CITATION.cff, not in its abstract, is not a stated count."""
    root = _copy_repository(tmp_path / "repo")
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    sentence = counts_sentence(41, 4)
    moved = citation.replace("This version holds 41 figures\n  from 4 articles.", "Nothing else.")
    assert moved != citation
    (root / "CITATION.cff").write_text(f"# {sentence}\n{moved}", encoding="utf-8")
    (problem,) = count_mismatches(root)
    assert problem.startswith("CITATION.cff abstract states no figures from no articles")
