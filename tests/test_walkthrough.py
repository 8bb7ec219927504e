"""The worked example of CONTRIBUTING.md, performed exactly as written: add a fixture article
(not one of the seeds) with ``add-source``, draft its rows with ``scan``, apply the edits the
guide shows, ``rehash`` and ``validate`` (exit 0); and the mistake the guide mentions is caught."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, copy_package

from ukcsa_data.contract import CONTRACT

pytestmark = pytest.mark.slow
GUIDE = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def block(marker: str) -> str:
    """The fenced block after ``<!-- walkthrough: marker -->`` in CONTRIBUTING.md."""
    after = GUIDE.split(f"<!-- walkthrough: {marker} -->", 1)[1].lstrip()
    lines = after.splitlines()
    assert lines[0].startswith("```"), marker
    return "\n".join(lines[1 : lines.index("```", 1)]) + "\n"


def run(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a block of the guide with bash in ``cwd``, with this environment's ``ukcsa-data``."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def checkout(package_dir: Path, tmp_path: Path) -> Path:
    root = copy_package(package_dir, tmp_path / "checkout")
    shutil.copytree(REPO_ROOT / "tests" / "fixtures", root / "tests" / "fixtures")
    return root


def test_the_worked_example_ends_valid(checkout: Path) -> None:
    """Drafts keep what the words state: the edits shown only fill what the drafts leave empty."""
    figures_csv = checkout / "dataset" / "figures.csv"
    shipped = figures_csv.read_text(encoding="utf-8")
    added = run(block("add and draft"), checkout)
    assert added.returncode == 0, added.stderr
    assert "# dataset/figures.csv" in added.stdout  # the first scan printed the drafts

    text = figures_csv.read_text(encoding="utf-8")
    assert text.startswith(shipped)
    drafts = rows(text)[len(rows(shipped)) :]
    edited = rows(",".join(CONTRACT["figures"]) + "\n" + block("edited rows"))
    assert [d["figure_id"] for d in drafts] == [e["figure_id"] for e in edited]
    for draft, final in zip(drafts, edited, strict=True):
        kept = {k: v for k, v in draft.items() if v and k != "notes"}
        assert kept == {k: final[k] for k in kept}, draft["figure_id"]
    figures_csv.write_text(shipped + block("edited rows"), encoding="utf-8")

    finished = run(block("finish"), checkout)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "VALID: 0 error(s), 1 warning(s)" in finished.stdout  # the shipped package's one warning
    assert "rows checked: " in finished.stdout and " 5 sources, 46 figures, 19 exclusions" in finished.stdout


def test_the_mistake_the_guide_mentions_is_caught(checkout: Path) -> None:
    assert run(block("add and draft"), checkout).returncode == 0
    figures_csv = checkout / "dataset" / "figures.csv"
    shipped = figures_csv.read_text(encoding="utf-8").split("fig-0042,")[0]
    wrong = block("edited rows").replace(',"9,000",9000,,,almost,', ',"9,000",9000,,,exact,', 1)
    figures_csv.write_text(shipped + wrong, encoding="utf-8")
    finished = run(block("finish"), checkout)
    assert finished.returncode == 1
    line = len(rows(shipped)) + 2
    assert f"dataset/figures.csv:{line}: qualifier: qualifier-words:" in finished.stdout
    assert '"nearly 9,000"' in finished.stdout and "use almost" in finished.stdout
