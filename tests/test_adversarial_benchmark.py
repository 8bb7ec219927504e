"""Every hostile shape that benchmarks/adversarial.py measures (``benchmarks/synthetic/hostile.py``)
builds, and ``validate`` answers each with a verdict (exit 0 or 1), never a traceback or an
internal error: at a small size (2,000 figures, ``hostile.SMALL``), in process, so the whole
module takes seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic import hostile

from ukcsa_data.cli import main

ROWS = 2_000

#: The code each shape that goes past a CSV limit at the small size must be reported with.
LIMIT_CODES = {
    "a-single-line": "line-too-long",
    "a2-single-data-line": "line-too-long",
    "a3-many-cells-line": "line-too-long",
    "b-quoted-cell": "line-too-long",
    "d-sparse-csv": "file-too-large",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("adversarial")


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(hostile.SHAPES))
def test_each_shape_gets_a_verdict(shape: str, results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each shape builds, and validating it exits 0 (only the plain package) or 1 with a report."""
    package = hostile.build_shape(shape, ROWS, results, hostile.SMALL)
    code = main(["validate", str(package)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err[-2000:]
    assert code in ((0,) if shape == "n-baseline" else (0, 1)), (code, err[-2000:])
    if shape in LIMIT_CODES:
        assert f": {LIMIT_CODES[shape]}: " in out
        assert out.count(f": {LIMIT_CODES[shape]}: ") == 1  # once per file


def test_every_shape_of_the_issue_is_built() -> None:
    """Shapes (a) to (n) of issue 11 each have a builder (l: one per hostile pattern kind)."""
    letters = {name.split("-")[0].rstrip("0123456789") for name in hostile.SHAPES}
    assert letters >= set("abcdefghijklmn")
