"""Releases found in git history: by version runs or tags ``vX.Y.Z``, in a walk that stops at the
newest release tag or after ``MAX_COMMITS`` commits; the CHANGELOG rules ``diff`` applies; and
what ``release`` says where there is no history to compare with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import GIT_ENV, REPO_ROOT

from ukcsa_data.cli import build_parser, main
from ukcsa_data.versioning import changelog
from ukcsa_data.versioning.history import MAX_COMMITS, releases
from ukcsa_data.versioning.snapshot import SnapshotError

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        env={**os.environ, **GIT_ENV},
        input=stdin,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def history(repo: Path, versions: list[str]) -> list[str]:
    """A repository whose commits each change datapackage.json, stating ``versions`` in order
    (oldest first); written with one ``git fast-import``. Returns the commits, oldest first."""
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    stream = []
    for n, version in enumerate(versions):
        data = json.dumps({"name": "x", "version": version, "n": n, "resources": []}, indent=2).encode()
        message = f"commit {n}\n".encode()
        stream += [
            b"commit refs/heads/main\n",
            f"mark :{n + 1}\n".encode(),
            f"committer T <t@example.org> {1_700_000_000 + n} +0000\n".encode(),
            b"data %d\n%s" % (len(message), message),
            b"M 100644 inline datapackage.json\n",
            b"data %d\n%s\n" % (len(data), data),
        ]
    git(repo, "fast-import", "--quiet", stdin=b"".join(stream))
    git(repo, "checkout", "--quiet", "--force", "main")
    return git(repo, "rev-list", "--reverse", "main").split()


@needs_git
def test_a_release_is_the_first_commit_of_each_version(tmp_path: Path) -> None:
    commits = history(tmp_path / "r", ["0.1.0", "0.1.0", "1.0.0", "1.0.0", "1.0.0", "1.1.0", "1.1.0"])
    found = releases(tmp_path / "r", wanted=3)
    assert [(r.version, r.commit) for r in found] == [
        ("1.1.0", commits[5]),
        ("1.0.0", commits[2]),
        ("0.1.0", commits[0]),
    ]


@needs_git
def test_a_release_tag_names_the_release_and_ends_the_walk(tmp_path: Path) -> None:
    """A tag marks the release even where it is not the first commit of its version, and the
    releases below the newest tag are the tags below it (an untagged version between is not one)."""
    commits = history(tmp_path / "r", ["1.0.0", "1.0.0", "1.1.0", "1.2.0", "1.2.0", "2.0.0"])
    git(tmp_path / "r", "tag", "v1.0.0", commits[1])
    git(tmp_path / "r", "tag", "-a", "-m", "release", "v1.2.0", commits[4])  # annotated
    git(tmp_path / "r", "tag", "not-a-release", commits[2])
    found = releases(tmp_path / "r", wanted=3)
    assert [(r.version, r.commit, r.tag) for r in found] == [
        ("2.0.0", commits[5], None),
        ("1.2.0", commits[4], "v1.2.0"),
        ("1.0.0", commits[1], "v1.0.0"),
    ]


@needs_git
def test_the_walk_is_bounded_and_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """3,000 commits of datapackage.json: with the last release tagged, finding the releases
    reads next to nothing; untagged, the walk stops after MAX_COMMITS commits with a message
    that says how to end it (exit 2 from ``diff``); either way well under a second of work."""
    repo = tmp_path / "r"
    commits = history(repo, ["1.0.0"] + ["1.1.0"] * 2_999)
    started = time.perf_counter()
    with pytest.raises(SnapshotError, match=f"the newest {MAX_COMMITS:,} commits .* tag that commit v1.1.0"):
        releases(repo)
    untagged = time.perf_counter() - started
    assert main(["diff", "--since-release", str(repo)]) == 2
    assert "tag that commit v1.1.0" in capsys.readouterr().err
    git(repo, "tag", "v1.1.0", commits[1])
    git(repo, "tag", "v1.0.0", commits[0])
    started = time.perf_counter()
    found = releases(repo)
    tagged = time.perf_counter() - started
    assert [(r.version, r.commit) for r in found] == [("1.1.0", commits[1]), ("1.0.0", commits[0])]
    assert untagged < 3 and tagged < 1, (untagged, tagged)


@needs_git
def test_a_release_within_the_bound_is_found_without_a_tag(tmp_path: Path) -> None:
    commits = history(tmp_path / "r", ["1.0.0"] * 2_000 + ["1.1.0"] * 500)
    found = releases(tmp_path / "r", wanted=1)
    assert [(r.version, r.commit) for r in found] == [("1.1.0", commits[2_000])]


@needs_git
def test_a_tag_that_names_another_version_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "pkg"
    shutil.copytree(REPO_ROOT / "dataset", repo / "dataset")
    shutil.copytree(REPO_ROOT / "schemas", repo / "schemas")
    shutil.copy2(REPO_ROOT / "datapackage.json", repo / "datapackage.json")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "1.0.0")
    descriptor = repo / "datapackage.json"
    descriptor.write_text(
        descriptor.read_text(encoding="utf-8").replace('"1.0.0"', '"1.1.0"', 1), encoding="utf-8"
    )
    git(repo, "commit", "--quiet", "-am", "1.1.0")
    git(repo, "tag", "v1.0.0")  # on the commit that states 1.1.0
    assert main(["diff", "--since-release", str(repo)]) == 2
    assert "the tag v1.0.0 points at a commit whose datapackage.json states version '1.1.0'" in (
        capsys.readouterr().err
    )


def test_diff_help_and_the_readme_state_the_bound() -> None:
    diff = build_parser()._subparsers._group_actions[0].choices["diff"]  # type: ignore[union-attr]
    assert f"after {MAX_COMMITS:,} commits" in " ".join(diff.format_help().split())
    versioning = " ".join((REPO_ROOT / "docs" / "versioning.md").read_text(encoding="utf-8").split())
    assert f"after {MAX_COMMITS:,} commits that changed `datapackage.json`" in versioning


@needs_git
def test_a_shallow_clone_is_not_taken_for_the_first_release(tmp_path: Path) -> None:
    history(tmp_path / "r", ["1.0.0", "1.1.0", "1.1.0", "1.1.0"])
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "2", f"file://{tmp_path / 'r'}", str(shallow))
    with pytest.raises(SnapshotError, match="the clone is shallow"):
        releases(shallow, wanted=1)


# CHANGELOG rules --------------------------------------------------------------------------------

OLD = """# Changelog

## [Unreleased]

- A change waiting for its release,
  described on two lines.

## [1.0.0] - 2026-11-30

First release.

- `figures`: 41 mentions.

[1.0.0]: https://example.org/v1.0.0
"""


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        (OLD.replace("41 mentions", "42 mentions"), "the released entry [1.0.0] was edited"),
        (
            OLD.replace("2026-11-30", "2026-12-01"),
            "the released entry's heading '## [1.0.0] - 2026-11-30' became '## [1.0.0] - 2026-12-01'",
        ),
        (OLD.split("## [1.0.0]")[0], "the released entry [1.0.0] was deleted"),
    ],
)
def test_a_released_entry_never_changes(new: str, problem: str) -> None:
    assert changelog.edited_releases(OLD, new) == [problem]


def test_what_is_not_an_edit_of_a_released_entry() -> None:
    """A new release above it, a new link reference, trailing spaces and line endings."""
    new = OLD.replace("## [1.0.0]", "## [1.1.0] - 2026-12-10\n\n- More.\n\n## [1.0.0]")
    new = new.replace("First release.", "First release.  ") + "[1.1.0]: https://example.org/v1.1.0\n"
    assert changelog.edited_releases(OLD, new.replace("\n", "\r\n")) == []
    old_style = "## 0.1.0 — unreleased\n\n- Not a release heading.\n"
    assert changelog.edited_releases(old_style, OLD) == []


def test_only_a_new_unreleased_line_describes_a_new_change() -> None:
    assert changelog.new_unreleased_items(OLD, OLD) == set()
    reworded = OLD.replace("described on two lines.", "described on two lines, and a correction.")
    assert changelog.new_unreleased_items(OLD, reworded) == {
        "- A change waiting for its release, described on two lines, and a correction."
    }
    added = OLD.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- fig-0010: value.\n")
    assert changelog.new_unreleased_items(OLD, added) == {"- fig-0010: value."}


# release where there is nothing to compare with ---------------------------------------------------


def test_release_outside_git_says_it_compared_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    for part in ("datapackage.json", "dataset", "schemas", "seeds", "CHANGELOG.md"):
        copy = shutil.copytree if (REPO_ROOT / part).is_dir() else shutil.copy2
        copy(REPO_ROOT / part, root / part)  # type: ignore[operator]
    assert main(["release", "2.0.0", str(root), "--date", "2026-12-20"]) == 0
    out = capsys.readouterr().out
    assert "not compared with an earlier release: " in out and "is not in a git repository" in out
