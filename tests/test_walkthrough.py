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

from ukcsa_data.core.contract import CONTRACT

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
    drafts_checked = run(block("validate the drafts"), checkout)
    assert drafts_checked.returncode == 1 and drafts_checked.stderr == ""
    for line in block("drafts reported").splitlines():
        assert line in drafts_checked.stdout.splitlines(), line
    assert "token-uncovered" not in drafts_checked.stdout  # scan drafted every number

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
    assert finished.stderr == ""  # the package of the current directory: nothing to say
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
    [reported] = block("mistake reported").splitlines()
    assert reported in finished.stdout.splitlines()


def test_the_waiver_row_in_the_guide_is_one_a_message_prints(checkout: Path) -> None:
    """The exclusion's waiver row CONTRIBUTING.md shows is the one validate prints for that row
    (here for another of its word checks: its reason made period)."""
    shown = "exclusions," + GUIDE.split("dataset/waivers.csv the row exclusions,", 1)[1].split("`", 1)[0]
    assert shown.endswith(',exclusion-name,"<your reason>"')
    key = shown.removeprefix("exclusions,").removesuffix(',exclusion-name,"<your reason>"')
    source_id, quote, occurrence, text = key.split(" | ")
    exclusions = checkout / "dataset" / "exclusions.csv"
    before = exclusions.read_text(encoding="utf-8")
    row = f"{source_id},{text},{quote},{occurrence},name\n"
    assert row in before
    exclusions.write_text(before.replace(row, row.replace(",name", ",period")), encoding="utf-8")
    finished = run("ukcsa-data rehash >/dev/null\nukcsa-data validate", checkout)
    assert finished.returncode == 1
    printed = shown.replace(",exclusion-name,", ",exclusion-period,")
    assert f"to waive: add to dataset/waivers.csv the row {printed}\n" in finished.stdout


def test_drafted_rows_are_still_checked_for_coverage_and_words(checkout: Path) -> None:
    """Right after ``scan --write`` the drafted rows lack measure, kind and statistic_id: those are
    reported, and still a number no row drafts is reported at once (token-uncovered), and a drafted
    field that contradicts the words (qualifier exact for "nearly 9,000") is reported too."""
    assert run(block("add and draft"), checkout).returncode == 0
    figures_csv = checkout / "dataset" / "figures.csv"
    text = figures_csv.read_text(encoding="utf-8")
    drafted = [line for line in text.splitlines() if "example-gazette-2021" in line]
    left_out = next(line for line in drafted if ",120,120," in line)  # "over 120 arrests"
    nearly = next(line for line in drafted if ',"9,000",9000,,,almost,' in line)
    text = text.replace(left_out + "\n", "").replace(nearly, nearly.replace(",almost,", ",exact,"))
    figures_csv.write_text(text, encoding="utf-8")
    finished = run("ukcsa-data rehash >/dev/null\nukcsa-data validate", checkout)
    assert finished.returncode == 1
    out = finished.stdout
    assert 'seeds/004_example-gazette-2021.txt:5: -: token-uncovered: "120"' in out
    line = text.splitlines().index(nearly.replace(",almost,", ",exact,")) + 1
    for field in ("measure", "kind", "statistic_id"):
        assert f"dataset/figures.csv:{line}: {field}: required:" in out
    assert f"dataset/figures.csv:{line}: qualifier: qualifier-words:" in out
    assert "use almost" in out
    assert finished.stderr == ""  # validated the checkout it ran in
