"""The real-article evaluation (benchmarks/real_articles/evaluate.py) on a fictional article in
the project's own words: the harness builds packages, scores scan and plants mistakes as it says.

The real articles' texts are never committed, so only this fixture runs in CI.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "real_articles"


def _harness():
    spec = importlib.util.spec_from_file_location(
        "evaluate", ROOT / "benchmarks" / "real_articles" / "evaluate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = module
    spec.loader.exec_module(module)
    return module


evaluate = _harness()


def test_the_fixture_key_covers_every_token_once() -> None:
    (article,) = evaluate._load(FIXTURES / "key", FIXTURES / "texts")
    kinds = evaluate.key_kinds(article)
    assert sorted(kinds.values()).count("figure") == 4
    assert list(kinds.values()).count("exclusion") == 2  # "3 March 2021" covers two tokens


def test_a_key_that_covers_a_token_twice_is_refused(tmp_path: Path) -> None:
    key = json.loads((FIXTURES / "key" / "selftest-gazette.json").read_text(encoding="utf-8"))
    figure = key["figures"][0]
    key["exclusions"].append(
        {
            "text_start": figure["value_start"],
            "text_end": figure["value_end"],
            "quote_start": figure["quote_start"],
            "quote_end": figure["quote_end"],
            "reason": "date",
        }
    )
    (tmp_path / "key").mkdir()
    (tmp_path / "key" / "selftest-gazette.json").write_text(json.dumps(key), encoding="utf-8")
    (article,) = evaluate._load(tmp_path / "key", FIXTURES / "texts")
    with pytest.raises(evaluate.KeyError_, match="covered 2 times"):
        evaluate.key_kinds(article)


def test_a_text_that_differs_from_its_key_is_refused(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "fx")
    text = tmp_path / "fx" / "texts" / "selftest-gazette.txt"
    text.write_text(text.read_text(encoding="utf-8") + "Extra.\n", encoding="utf-8")
    with pytest.raises(evaluate.KeyError_, match="sha256"):
        evaluate._load(tmp_path / "fx" / "key", tmp_path / "fx" / "texts")


@pytest.mark.slow
def test_the_evaluation_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    """The correct contribution validates, every token is scored, and every value mistake (a
    value that contradicts its value_text) is caught on its row."""
    assert evaluate.main(["--texts", str(FIXTURES / "texts"), "--keys", str(FIXTURES / "key")]) == 0
    out = capsys.readouterr().out
    assert "| **all** | | 6 |" in out
    assert "| selftest-gazette | 4 | 1 | 0 |" in out  # figures, exclusions, no error
    assert "| value | 4 | 4 |" in out
