"""What keeps validation's memory per seed small: a seed's tokens as two arrays of offsets
(``SeedTokens``), and uncovered tokens past the listed ones counted at once
(``Report.add_unlisted``), with the same report as one ``add`` per problem."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.cli import main
from ukcsa_data.tokens import numeric_spans, numeric_tokens
from ukcsa_data.validation.problems import Report
from ukcsa_data.validation.provenance import SeedTokens

_PIECES = st.sampled_from(
    ["7", "1,000", "2.5", " ", "\n", "one", "someone", "Twenty", "half", "½", "Ⅻ", "²", "a", "£3m", "-"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_seed_tokens_are_the_numeric_tokens(text: str) -> None:
    """For any text, the compact tokens hold, in order, exactly the tokens ``numeric_tokens`` finds."""
    tokens = numeric_tokens(text)
    compact = SeedTokens(text, numeric_spans(text))
    assert list(compact) == tokens
    assert [compact[i] for i in range(len(compact))] == tokens
    assert list(compact.starts) == [token.start for token in tokens]


def _report(per_code: int) -> Report:
    report = Report("pkg")
    report.limit_per_code = per_code
    return report


def test_problems_counted_at_once_read_as_problems_added_one_by_one() -> None:
    """Past the listed problems, ``add_unlisted(n)`` leaves the same report as n calls of ``add``."""
    one_by_one, at_once = _report(3), _report(3)
    for line in range(1, 11):
        one_by_one.add("seeds/a.txt", line, None, "token-uncovered", f"token {line}")
    for line in range(1, 4):
        at_once.add("seeds/a.txt", line, None, "token-uncovered", f"token {line}")
    at_once.add_unlisted("seeds/a.txt", "token-uncovered", 7)
    one_by_one.close()
    at_once.close()
    assert at_once.problems == one_by_one.problems
    assert at_once.found("error") == one_by_one.found("error") == 10
    assert at_once.problems[-1].message == "… and 7 more token-uncovered problems"


def test_problems_that_would_be_listed_cannot_be_counted_at_once() -> None:
    """``add_unlisted`` refuses to count problems before as many as are listed were added."""
    report = _report(3)
    report.add("seeds/a.txt", 1, None, "token-uncovered", "token 1")
    with pytest.raises(ValueError, match="past the ones listed"):
        report.add_unlisted("seeds/a.txt", "token-uncovered", 5)


def test_many_uncovered_tokens_are_all_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A package with seeds of many uncovered tokens reports every one of them (listed or counted)."""
    import test_adversarial_benchmark as bench

    sizes = replace(bench.adversarial.SMALL, many_seeds=3, seed_tokens=500)
    package = bench.adversarial.build_shape("q-many-seeds", 200, tmp_path, sizes)
    assert main(["validate", "--format", "json", str(package)]) == 1
    out = capsys.readouterr().out
    assert out.count("… and 300 more token-uncovered problems") == 3
