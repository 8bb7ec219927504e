"""A month of maintenance, scripted: the package copied into a scratch git repository released as
1.0.0, then a value correction, a new article, a removed figure with its retirement, a renamed
column, a forgotten changelog line, a lowered version, an under-bumped release (refused by
``release``, and failed by CI's check once committed by hand) and an edited released CHANGELOG
entry. Each step runs the real CLI (``main``) on real git history and states the bump and the
exit code it must give: ``diff --base HEAD`` as a pull request's check, ``diff --since-release``
as the check of a push to main, and ``release``."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import GIT_ENV, RELEASE_PARTS, REPO_ROOT, copy_package

from ukcsa_data.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

UNRELEASED = "## [Unreleased]\n"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", message)


# editing the package ---------------------------------------------------------------------------


def read_table(repo: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (repo / "dataset" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_table(repo: Path, name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (repo / "dataset" / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(repo: Path, figure_id: str, field: str, value: str) -> None:
    fields, rows = read_table(repo, "figures")
    for row in rows:
        if row["figure_id"] == figure_id:
            row[field] = value
    write_table(repo, "figures", fields, rows)


def describe(repo: Path, line: str, heading: str = "Fixed") -> None:
    """Add ``line`` under ``## [Unreleased]`` (a ``### heading`` of its own)."""
    path = repo / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(UNRELEASED, f"{UNRELEASED}\n### {heading}\n\n- {line}\n", 1), encoding="utf-8"
    )


def rehash(repo: Path) -> None:
    assert main(["rehash", str(repo)]) == 0


def version(repo: Path) -> str:
    return str(json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))["version"])


def set_version_by_hand(repo: Path, new: str) -> None:
    path = repo / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'"version": "{version(repo)}"', f'"version": "{new}"', 1), encoding="utf-8")


# running the checks ------------------------------------------------------------------------------


def diff(repo: Path, capsys: pytest.CaptureFixture[str], *how: str) -> tuple[int, str, str]:
    """Exit code, required bump and verdict of ``diff <how> --format json REPO``."""
    capsys.readouterr()
    code = main(["diff", *how, str(repo), "--format", "json"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    report = json.loads(captured.out)
    return code, report["bump"], report["verdict"]


def pull_request(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The pull-request check: the working tree against the last commit of main."""
    return diff(repo, capsys, "--base", "HEAD")


def push(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The check of a push to main: the checkout against the newest release."""
    return diff(repo, capsys, "--since-release")


def release(repo: Path, new: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["release", new, str(repo), "--date", "2026-12-20"])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def release_and_tag(repo: Path, new: str, bump: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``release``, commit and tag; the push of the release commit shows and judges what it
    released since the release before it (``bump``)."""
    code, said = release(repo, new, capsys)
    assert code == 0, said
    code, _, verdict = pull_request(repo, capsys)  # the release under review
    assert code == 0 and f"{new} fits a {bump} change" in verdict, verdict
    commit(repo, f"Release {new}")
    assert push(repo, capsys) == (0, bump, f"{new} fits a {bump} change")
    git(repo, "tag", f"v{new}")
    assert push(repo, capsys) == (0, bump, f"{new} fits a {bump} change")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The package in a new git repository, whose first commit is release 1.0.0 (the CHANGELOG's
    Unreleased section emptied: the first commit released it)."""
    root = copy_package(REPO_ROOT, tmp_path / "ukcsa-data", RELEASE_PARTS)
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    start = changelog.index(UNRELEASED) + len(UNRELEASED)
    changelog = (
        changelog[:start] + "\n" + changelog[re.search(r"^## \[", changelog[start:], re.M).start() + start :]
    )  # type: ignore[union-attr]
    (root / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit(root, "Release 1.0.0")
    assert version(root) == "1.0.0"
    return root


def test_a_month_of_maintenance(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Week 1: a value correction is a patch --------------------------------------------------------
    set_cell(repo, "fig-0040", "measure", "arrests made by the NCA each month")
    rehash(repo)
    assert pull_request(repo, capsys)[:2] == (1, "patch")  # no changelog line yet
    describe(repo, "fig-0040: `measure` says the arrests are monthly.")
    assert pull_request(repo, capsys)[:2] == (0, "patch")
    commit(repo, "Correct fig-0040")
    assert push(repo, capsys)[:2] == (0, "patch")
    release_and_tag(repo, "1.0.1", "patch", capsys)

    # Week 2: a new article is a minor change ----------------------------------------------------
    seed = repo / "seeds" / "900_maintenance.txt"
    seed.write_text("Police said on Tuesday that the inquiry continues.\n", encoding="utf-8")
    assert (
        main(
            [
                "add-source",
                str(seed),
                "--package-dir",
                str(repo),
                "--publisher",
                "Example Gazette",
                "--title",
                "Inquiry continues",
                "--date",
                "2026-12-01",
                "--date-basis",
                "stated",
            ]
        )
        == 0
    )
    describe(repo, "`sources`: the Example Gazette's article of 1 December 2026.", "Added")
    assert pull_request(repo, capsys)[:2] == (0, "minor")
    commit(repo, "Add an article")
    code, said = release(repo, "1.0.2", capsys)
    assert code == 2 and "a minor change needs version 1.1.0 or later, not 1.0.2" in said, said
    assert git(repo, "status", "--porcelain") == ""  # refused: nothing written
    release_and_tag(repo, "1.1.0", "minor", capsys)

    # Week 3: a removed figure is major, retired in the release that removes it -------------------
    fields, rows = read_table(repo, "figures")  # fig-0041 replaced by fig-0042, which says it better
    kept = [row for row in rows if row["figure_id"] != "fig-0041"]
    replacement = {**next(row for row in rows if row["figure_id"] == "fig-0041"), "figure_id": "fig-0042"}
    write_table(repo, "figures", fields, [*kept, {**replacement, "notes": "Replaces fig-0041."}])
    rehash(repo)
    describe(repo, "fig-0041 retired, replaced by fig-0042.", "Removed")
    code, bump, verdict = pull_request(repo, capsys)
    assert (code, bump) == (1, "major") and "removed without a row in the retired table" in verdict
    retired_fields, _ = read_table(repo, "retired")
    retired = {
        "id": "fig-0041",
        "table": "figures",
        "reason": "Replaced by a row of the same figure.",
        "replaced_by": "fig-0042",
    }
    write_table(repo, "retired", retired_fields, [{**retired, "retired_in": "1.1.1"}])
    rehash(repo)
    code, bump, verdict = pull_request(repo, capsys)
    assert (code, bump) == (1, "major") and "set retired_in to 2.0.0" in verdict, verdict
    write_table(repo, "retired", retired_fields, [{**retired, "retired_in": "2.0.0"}])
    rehash(repo)
    assert pull_request(repo, capsys)[:2] == (0, "major")
    commit(repo, "Retire fig-0041")
    assert push(repo, capsys)[:2] == (0, "major")
    code, said = release(repo, "1.2.0", capsys)
    assert code == 2 and "a major change needs version 2.0.0 or later, not 1.2.0" in said, said
    release_and_tag(repo, "2.0.0", "major", capsys)

    # Week 4: a column added after the contract's, then renamed: major each time; a release by hand
    # that under-bumps the rename fails once pushed, whatever is pushed after it ---------------------
    schema_path = repo / "schemas" / "relations.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"].append({"name": "checked", "type": "string", "description": "Who checked it."})
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    fields, rows = read_table(repo, "relations")
    write_table(repo, "relations", [*fields, "checked"], [{**row, "checked": "a maintainer"} for row in rows])
    rehash(repo)
    describe(repo, "`relations.checked`: who checked the arithmetic.", "Added")
    assert pull_request(repo, capsys)[:2] == (0, "major")
    commit(repo, "Add relations.checked")
    release_and_tag(repo, "3.0.0", "major", capsys)
    schema["fields"][-1]["name"] = "checked_by"
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    relations = repo / "dataset" / "relations.csv"
    text = relations.read_text(encoding="utf-8")
    relations.write_text(text.replace(",checked\n", ",checked_by\n", 1), encoding="utf-8")
    rehash(repo)
    describe(repo, "`relations.checked` is renamed `checked_by`.", "Changed")
    assert pull_request(repo, capsys)[:2] == (0, "major")
    commit(repo, "Rename relations.checked")
    code, said = release(repo, "3.1.0", capsys)
    assert code == 2 and "a major change needs version 4.0.0 or later, not 3.1.0" in said, said
    # the maintainer releases 3.1.0 by hand instead, and pushes it with a later commit on top
    set_version_by_hand(repo, "3.1.0")
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text(encoding="utf-8").replace(
            UNRELEASED, f"{UNRELEASED}\n## [3.1.0] - 2026-12-21\n", 1
        ),
        encoding="utf-8",
    )
    code, _, verdict = pull_request(repo, capsys)  # reviewed as a pull request, it fails already
    assert code == 1 and "3.1.0 against release 3.0.0 (v3.0.0): a major change needs version 4.0.0" in verdict
    commit(repo, "Release 3.1.0 by hand")
    code, bump, verdict = push(repo, capsys)
    assert (code, bump) == (1, "major"), verdict
    assert "release 3.1.0" in verdict and "a major change needs version 4.0.0 or later, not 3.1.0" in verdict
    set_cell(repo, "fig-0040", "notes", "Checked again.")
    describe(repo, "fig-0040: a note.")
    commit(repo, "A later change")
    code, _, verdict = push(repo, capsys)
    assert code == 1 and "a major change needs version 4.0.0 or later, not 3.1.0" in verdict, verdict
    git(repo, "reset", "--quiet", "--hard", "HEAD~2")  # the two commits are dropped before they land
    release_and_tag(repo, "4.0.0", "major", capsys)

    # A forgotten changelog line fails, even with an older line still under Unreleased ---------------
    set_cell(repo, "fig-0039", "notes", "A note.")
    rehash(repo)
    describe(repo, "fig-0039: a note.")
    commit(repo, "Note fig-0039")
    assert push(repo, capsys)[:2] == (0, "patch")
    set_cell(repo, "fig-0038", "notes", "Another note.")
    rehash(repo)
    code, bump, verdict = pull_request(repo, capsys)
    assert (code, bump) == (1, "patch") and "no new line under '## [Unreleased]'" in verdict, verdict
    describe(repo, "fig-0038: a note.")
    assert pull_request(repo, capsys)[:2] == (0, "patch")
    commit(repo, "Note fig-0038")

    # A lowered version fails, by hand and through release -----------------------------------------
    set_version_by_hand(repo, "3.9.9")
    code, _, verdict = push(repo, capsys)
    assert code == 1 and "the version went down, 4.0.0 -> 3.9.9" in verdict, verdict
    git(repo, "checkout", "--quiet", "--", "datapackage.json")
    code, said = release(repo, "3.9.9", capsys)
    assert code == 2 and "is not above the current version 4.0.0" in said, said

    # An edited, redated or deleted released entry fails ------------------------------------------------
    path = repo / "CHANGELOG.md"
    kept = path.read_text(encoding="utf-8")
    for edited in (
        kept.replace("`sources`: the Example Gazette's article", "`sources`: an article", 1),
        kept.replace("## [1.1.0] - 2026-12-20", "## [1.1.0] - 2026-12-19", 1),
        re.sub(r"## \[1\.0\.1\].*?(?=## \[1\.0\.0\])", "", kept, count=1, flags=re.S),
    ):
        assert edited != kept
        path.write_text(edited, encoding="utf-8")
        for check in (pull_request, push):
            code, _, verdict = check(repo, capsys)
            assert code == 1 and "a released entry never changes" in verdict, verdict
    path.write_text(kept, encoding="utf-8")
    assert push(repo, capsys)[0] == 0

    # The month's releases are in history, tagged; the data are still valid ---------------------------
    assert git(repo, "tag", "--list").split() == ["v1.0.1", "v1.1.0", "v2.0.0", "v3.0.0", "v4.0.0"]
    capsys.readouterr()
    assert main(["validate", str(repo)]) == 0, capsys.readouterr().out
