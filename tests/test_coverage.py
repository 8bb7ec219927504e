"""Every numeric token of every seed is accounted for exactly once (recomputed independently here)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from ukcsa_data.text.tokens import numeric_tokens


def _rows(package_dir: Path, name: str) -> list[dict[str, str]]:
    with (package_dir / "dataset" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _nth(text: str, quote: str, n: int) -> int:
    at = -1
    for _ in range(n):
        at = text.find(quote, at + 1)
        assert at != -1, f"{quote!r} has no occurrence {n}"
    return at


def test_every_token_is_covered_exactly_once(package_dir: Path) -> None:
    sources = {row["source_id"]: row for row in _rows(package_dir, "sources")}
    spans: dict[str, list[tuple[int, int]]] = {source_id: [] for source_id in sources}
    for name, span_field in (("figures", "value_text"), ("exclusions", "text")):
        for row in _rows(package_dir, name):
            text = (package_dir / sources[row["source_id"]]["seed_file"]).read_text(encoding="utf-8")
            start = _nth(text, row["quote"], int(row["occurrence"]))
            offset = row["quote"].find(row[span_field])
            assert offset != -1, row
            spans[row["source_id"]].append((start + offset, start + offset + len(row[span_field])))
    for source_id, source in sources.items():
        text = (package_dir / source["seed_file"]).read_text(encoding="utf-8")
        tokens = numeric_tokens(text)
        assert tokens
        for token in tokens:
            covering = [s for s in spans[source_id] if s[0] <= token.start and token.end <= s[1]]
            assert len(covering) == 1, (source_id, token, covering)


def test_counts_per_seed(package_dir: Path) -> None:
    """The numbers quoted in the closing note of issue 2; a change here is a data change."""
    figures = Counter(row["source_id"] for row in _rows(package_dir, "figures"))
    exclusions = Counter(row["source_id"] for row in _rows(package_dir, "exclusions"))
    assert figures == {
        "sheffield-telegraph-2018": 12,
        "independent-2018": 8,
        "deeside-2020": 13,
        "sunday-express-2022": 8,
    }
    assert exclusions == {
        "sheffield-telegraph-2018": 5,
        "independent-2018": 4,
        "deeside-2020": 3,
        "sunday-express-2022": 5,
    }


def test_the_repeated_sub_headline_is_two_occurrences(package_dir: Path) -> None:
    repeated = [
        row
        for row in _rows(package_dir, "figures")
        if row["quote"] == "Around 80,000 people pose an online sexual threat to children"
    ]
    assert sorted(row["occurrence"] for row in repeated) == ["1", "2"]


def test_conflicting_qualifiers_are_recorded_as_written(package_dir: Path) -> None:
    rows = [
        row
        for row in _rows(package_dir, "figures")
        if row["statistic_id"] == "nca-people-posing-online-sexual-threat-2018"
        and row["source_id"] == "sheffield-telegraph-2018"
    ]
    assert {row["qualifier"] for row in rows} == {"at_least", "around", "up_to"}
    assert {row["value"] for row in rows} == {"80000"}


def test_no_break_spaces_are_kept_in_quotes(package_dir: Path) -> None:
    quotes = [
        row["quote"]
        for row in _rows(package_dir, "figures")
        if row["source_id"] == "sheffield-telegraph-2018"
    ]
    assert sum("\u00a0" in quote for quote in quotes) >= 3


def test_boilerplate_links_are_not_figures(package_dir: Path) -> None:
    boilerplate = [row for row in _rows(package_dir, "exclusions") if row["reason"] == "boilerplate"]
    assert [row["quote"] for row in boilerplate] == [
        "CRIME: Drunk driver caught with three young children in car in Barnsley"
    ]
