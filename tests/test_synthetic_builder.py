"""The one synthetic-package builder (``benchmarks/synthetic/``, used by the benchmarks and the
property tests): what it generates is pinned, so that a change to it is noticed and the benchmark
baselines are re-measured; what it generates is VALID; its number words are what the parser reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from synthetic.articles import build_article, check_article
from synthetic.numbers import MAX_WORDS, spoken, words
from synthetic.package import generate

from ukcsa_data.cli import main
from ukcsa_data.text.number_phrases import parse_value_text

#: sha256 of what ``generate(1000, ...)`` writes itself (the four generated tables and the seeds;
#: the schemas and code tables are the repository's copies). If it changes, the benchmarks measure
#: other packages: re-measure the baselines once (benchmarks/README.md), say so there and in the
#: CHANGELOG, then update this digest.
PINNED_1000 = "fe4b93b7d316e4a5668237e4ad54eeff9aee55010fd6e604a8a170825e7ec4d8"


def generated_digest(root: Path) -> str:
    """The sha256 of the generated files of the package at ``root``: each one's path and bytes."""
    digest = hashlib.sha256()
    tables = [root / "dataset" / f"{name}.csv" for name in ("sources", "figures", "exclusions", "relations")]
    for path in [*tables, *sorted((root / "seeds").iterdir())]:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def test_the_generated_package_is_pinned(tmp_path: Path) -> None:
    """The package of 1,000 figures (seed 1) is byte for byte the one the baselines measured."""
    generate(1000, tmp_path / "pkg")
    assert generated_digest(tmp_path / "pkg") == PINNED_1000, (
        "benchmarks/synthetic/ now generates other packages: re-measure the benchmark baselines "
        "(benchmarks/README.md) and update PINNED_1000"
    )


def test_the_generated_package_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A generated package checks itself (every numeric token covered once, every value_text parsed
    to its value) and ``validate`` finds it VALID with no warning."""
    generate(300, tmp_path / "pkg", check=True)
    assert main(["validate", str(tmp_path / "pkg")]) == 0
    assert "VALID: 0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_an_article_checks_itself() -> None:
    """``check_article`` fails on a row whose value does not match its value_text."""
    article = build_article(seed=1, index=0, n_figures=20, first_figure=1, first_relation=1)
    check_article(article)
    article.figures[0]["value"] = str(float(article.figures[0]["value"] or 0) + 1)
    article.figures[0]["value_low"] = article.figures[0]["value_high"] = ""
    with pytest.raises(AssertionError):
        check_article(article)


@pytest.mark.parametrize("article", [False, True])
def test_number_words_parse_back(article: bool) -> None:
    """Every number below a thousand, and some larger ones, written in the builder's words parses
    back to itself (the words are spelt by the parser's own table)."""
    numbers = [*range(1, 1000), 1_000, 2_005, 150_000, 1_200_000, 10**9, MAX_WORDS]
    for n in numbers:
        assert parse_value_text(words(n, article=article)).value == n, words(n, article=article)


def test_spoken_numbers_say_a_hundred_now_and_then() -> None:
    """The generator's numbers in words: "a hundred and fifty" or "one hundred and fifty"."""
    import random

    rng = random.Random(1)
    said = {spoken(150, rng) for _ in range(50)}
    assert said == {"a hundred and fifty", "one hundred and fifty"}
