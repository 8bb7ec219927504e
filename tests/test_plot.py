"""``ukcsa-data plot``: the charts under docs/charts/ are what the data draws, byte for byte."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from ukcsa_data.cli import main
from ukcsa_data.plot import CHARTS

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMITTED = REPO_ROOT / "docs" / "charts"


def test_the_committed_charts_are_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    assert main(["plot", str(tmp_path), "--package-dir", str(REPO_ROOT)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / name) for name in CHARTS]
    stale = [name for name in CHARTS if (tmp_path / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not stale, f"docs/charts/{', '.join(stale)} stale: regenerate with `ukcsa-data plot docs/charts`"


def test_drawing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    for run in ("a", "b"):
        assert main(["plot", str(tmp_path / run), "--package-dir", str(REPO_ROOT)]) == 0
    for name in CHARTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_without_matplotlib_a_one_line_message_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    assert main(["plot", str(tmp_path / "out"), "--package-dir", str(REPO_ROOT)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        "ukcsa-data plot: matplotlib is not installed; "
        "install it with: python -m pip install 'ukcsa-data[plot]'"
    ]
    assert not (tmp_path / "out").exists()


def test_a_publisher_or_title_with_dollars_is_drawn_as_written(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 19: matplotlib read a "$" from the package as mathtext, and a VALID package whose
    publisher held an unbalanced one ended the plot command in an error. With the real matplotlib:
    every publisher and title holds mathtext, balanced and not; the package stays VALID and every
    chart is drawn."""
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'ukcsa-data[plot]')")
    import csv
    import io

    sources = package_copy / "dataset" / "sources.csv"
    rows = list(csv.DictReader(io.StringIO(sources.read_text(encoding="utf-8"), newline="")))
    for row in rows:
        row["publisher"] = f"{row['publisher']} $\\frac{{a}}{{b}}$ $x^2$ $\\bogus{{$"
        row["title"] = f"$\\alpha$ {row['title']} $"
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sources.write_text(text.getvalue(), encoding="utf-8", newline="")
    assert main(["rehash", str(package_copy)]) == 0
    assert main(["validate", str(package_copy)]) == 0
    capsys.readouterr()
    assert main(["plot", str(tmp_path / "charts"), "--package-dir", str(package_copy)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines() == [str(tmp_path / "charts" / name) for name in CHARTS]
