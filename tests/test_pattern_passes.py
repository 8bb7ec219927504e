"""benchmarks/pattern_passes.py: the patterns it times are the ones the readers run across whole
sentences, and its table counts each pattern's matches in the seeds it is given."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pattern_passes  # benchmarks/ is on the tests' path (pyproject.toml)
import pytest


@pytest.mark.parametrize("name", pattern_passes.ACROSS_SENTENCES)
def test_each_pattern_is_run_across_a_span_by_its_reader(name: str) -> None:
    """Each listed pattern exists, and its module runs it with finditer, findall or search."""
    module_name, attribute = name.split(".")
    module = importlib.import_module(f"ukcsa_data.reading.{module_name}")
    assert isinstance(getattr(module, attribute), re.Pattern)
    assert re.search(rf"\b{re.escape(attribute)}\.(?:finditer|findall|search)\(", inspect.getsource(module))


def test_the_table_counts_each_patterns_matches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table has a row per pattern, with the matches a pass of it finds in the joined seeds."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Police said 500 offences were recorded each year in 2019.", "utf-8")
    (seeds / "b.txt").write_text("Over the past year; 20 a day.", "utf-8")
    assert pattern_passes.main([str(tmp_path), "--top", "100"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| `")]
    counts = {row.split("`")[1]: int(row.split("|")[3].replace(",", "")) for row in rows}
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    patterns = pattern_passes.reader_patterns()
    assert counts == {name: sum(1 for _ in pattern.finditer(text)) for name, pattern in patterns.items()}
    assert counts["rate._RATE"] == 2  # "each year", "a day"


def test_no_seeds_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder without seeds/*.txt exits 2 and says so."""
    assert pattern_passes.main([str(tmp_path)]) == 2
    assert "no seeds/*.txt" in capsys.readouterr().err
