"""``diff --base REF`` lists the files changed outside the data (issue 16): code, schemas,
workflows, bounds and the like, which the check of a pull request takes from its base, not from the
pull request. In a scratch git repository: what is listed and what is not, committed or not, the
names escaped in every format, and no such section when the old version is a folder."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import gfm
import pytest
from conftest import copy_package, run_cli
from report_shape import assert_no_runner_command

from ukcsa_data.core.escaping import escape, for_log
from ukcsa_data.versioning.outside import WATCHED, changed_outside_data, is_watched

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOSTILE_NAME = "src/ukcsa_data/##[error]x <img src=x> @octocat\n::add-mask::y.py"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(package_dir: Path, tmp_path: Path) -> Path:
    """The package committed in a new repository, with a module and a workflow beside it."""
    root = copy_package(package_dir, tmp_path / "repo")
    (root / "src" / "ukcsa_data").mkdir(parents=True)
    (root / "src" / "ukcsa_data" / "rules.py").write_text("RULES = 1\n", encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "validate.yml").write_text("name: validate\n", encoding="utf-8")
    _git(root, "init", "--quiet")
    _git(root, "add", "-A")
    _git(root, "commit", "--quiet", "-m", "base")
    return root


def _run(argv: list[str]) -> tuple[int, str]:
    """``ukcsa-data argv`` in-process, which must write nothing to stderr: its code and stdout."""
    code, out, err = run_cli(argv)
    assert err == ""
    return code, out


def _change_outside(root: Path) -> list[str]:
    """Change watched files (committed, staged and not, new and untracked) and others; return
    the watched ones, sorted."""
    (root / "src" / "ukcsa_data" / "rules.py").write_text("RULES = 2\n", encoding="utf-8")
    (root / ".github" / "workflows" / "validate.yml").unlink()
    (root / "schemas" / "figures.schema.json").write_text(
        (root / "schemas" / "figures.schema.json").read_text(encoding="utf-8").replace("\n", "\n ", 1),
        encoding="utf-8",
    )
    bounds = root / "dataset" / "bounds.csv"
    raised = bounds.read_text(encoding="utf-8").replace(",70000000,", ",71000000,", 1)
    bounds.write_text(raised, encoding="utf-8")
    (root / HOSTILE_NAME).write_text("x = 1\n", encoding="utf-8")  # untracked
    (root / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    _git(root, "add", "pyproject.toml")
    _git(root, "commit", "--quiet", "-m", "pyproject")
    (root / "README.md").write_text("not watched\n", encoding="utf-8")
    (root / "notes.txt").write_text("not watched\n", encoding="utf-8")
    return sorted(
        [
            ".github/workflows/validate.yml",
            "dataset/bounds.csv",
            "pyproject.toml",
            "schemas/figures.schema.json",
            "src/ukcsa_data/rules.py",
            HOSTILE_NAME,
        ]
    )


def test_watched_paths() -> None:
    assert {"src/", "schemas/", ".github/", "dataset/bounds.csv"} <= set(WATCHED)
    assert is_watched("src/ukcsa_data/cli.py") and is_watched(".github/workflows/validate.yml")
    assert is_watched("dataset/bounds.csv") and is_watched("schemas/figures.schema.json")
    assert not is_watched("dataset/figures.csv") and not is_watched("srcs/x") and not is_watched("README.md")


def test_changed_outside_the_data_since_a_commit(repo: Path) -> None:
    expected = _change_outside(repo)
    assert changed_outside_data(repo, "HEAD~1") == expected
    assert changed_outside_data(repo, "HEAD") == sorted(set(expected) - {"pyproject.toml"})


def test_every_format_lists_them_escaped(repo: Path) -> None:
    expected = _change_outside(repo)
    _, text = _run(["diff", "--base", "HEAD~1", str(repo)])
    assert_no_runner_command(text)
    lines = text.splitlines()
    start = lines.index(f"Changed outside the data: {len(expected)}")
    assert lines[start + 1 : start + 1 + len(expected)] == [f"  {for_log(path)}" for path in expected]
    assert lines[-1].startswith(("OK: ", "VERSION PROBLEM: "))

    _, document = _run(["diff", "--base", "HEAD~1", str(repo), "--format", "json"])
    assert_no_runner_command(document)
    assert json.loads(document)["changed_outside_data"] == [for_log(path) for path in expected]

    _, markdown = _run(["diff", "--base", "HEAD~1", str(repo), "--format", "markdown"])
    assert_no_runner_command(markdown)
    tree = gfm.render(markdown)
    assert not tree.find("a") and not tree.find("img") and gfm.links_in_text(tree) == []
    (listed,) = tree.find("ul")
    items = [item.text().replace(gfm.ZERO_WIDTH_SPACE, "") for item in listed.find("li")]
    assert items == [escape(path) for path in expected]
    assert f"Changed outside the data: {len(expected)} file(s)." in tree.text()


def test_nothing_changed_outside_the_data_is_said(repo: Path) -> None:
    _, text = _run(["diff", "--base", "HEAD", str(repo)])
    assert "Changed outside the data: 0" in text.splitlines()
    _, markdown = _run(["diff", "--base", "HEAD", str(repo), "--format", "markdown"])
    assert "Changed outside the data: nothing." in gfm.render(markdown).text()


def test_no_section_when_the_old_version_is_a_folder(repo: Path, package_dir: Path) -> None:
    _change_outside(repo)
    _, text = _run(["diff", str(package_dir), str(repo)])
    assert "Changed outside the data" not in text
    _, document = _run(["diff", str(package_dir), str(repo), "--format", "json"])
    assert json.loads(document)["changed_outside_data"] is None


def test_a_long_list_is_cut_but_counted(repo: Path) -> None:
    for number in range(60):
        (repo / "src" / "ukcsa_data" / f"m{number:02d}.py").write_text("", encoding="utf-8")
    _, text = _run(["diff", "--base", "HEAD", str(repo)])
    lines = text.splitlines()
    start = lines.index("Changed outside the data: 60")
    assert lines[start + 50] == "  src/ukcsa_data/m49.py" and lines[start + 51] == "  … and 10 more"
    _, markdown = _run(["diff", "--base", "HEAD", str(repo), "--format", "markdown"])
    (listed,) = gfm.render(markdown).find("ul")
    items = [item.text() for item in listed.find("li")]
    assert len(items) == 21 and items[-1] == "and 40 more"
    _, document = _run(["diff", "--base", "HEAD", str(repo), "--format", "json"])
    assert len(json.loads(document)["changed_outside_data"]) == 60
