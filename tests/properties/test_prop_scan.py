"""[words] ``scan`` on generated articles that mix clock times, telephone numbers, ages, ranges and
numbers repeated in a sentence: every numeric token is drafted exactly once, with the kind and the
fields its wording states; and the drafts ``scan --write`` appends, with nothing else, leave no
token uncovered or covered twice, and the word checks accept every drafted exclusion."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_package
from example_counts import runs_its_examples
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.cli import main
from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.scan import draft_rows, scan
from ukcsa_data.text.tokens import NUMBER_WORDS, numeric_tokens
from ukcsa_data.validation.runner import validate_package

pytestmark = pytest.mark.words

WORDS = {number: word for word, number in NUMBER_WORDS.items() if 2 <= number <= 12}
#: Counts that no wording here reads as a year, a time or a service's number.
COUNTS = st.integers(13, 950).filter(lambda n: n not in (101, 105, 111, 112, 116, 119))


@dataclass(frozen=True)
class Expected:
    """What one written number must be drafted as: its words, kind (``figure`` or a reason) and,
    for a figure, its value or bounds and unit."""

    words: str
    kind: str
    value: str = ""
    low: str = ""
    high: str = ""
    unit: str = ""


Line = tuple[str, list[Expected]]


@st.composite
def clock_lines(draw: st.DrawFn) -> Line:
    if draw(st.booleans()):
        hour, minutes = draw(st.integers(1, 12)), draw(st.sampled_from(["", ".30", ":15"]))
        written = f"{hour}{minutes}{draw(st.sampled_from(['am', 'pm']))}"
    else:
        written = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    return f"The helpline closes at {written} each day.", [Expected(written, "time")]


@st.composite
def phone_lines(draw: st.DrawFn) -> Line:
    digits = st.integers(0, 9999).map(lambda n: f"{n:04d}")
    written = draw(
        st.sampled_from(["0800", "020", "999", "101"]).flatmap(
            lambda start: (
                st.just(start)
                if start in ("999", "101")
                else digits.map(lambda d: f"0800 {d}")
                if start == "0800"
                else st.tuples(digits, digits).map(lambda p: f"020 {p[0]} {p[1]}")
            )
        )
    )
    return f"Anyone worried can call {written} for advice.", [Expected(written, "contact")]


@st.composite
def age_lines(draw: st.DrawFn) -> Line:
    age = draw(st.integers(2, 12))
    written = draw(st.sampled_from([str(age), WORDS[age]]))
    template = draw(st.sampled_from(["A {}-year-old was among them.", "The child, aged {}, was named."]))
    return template.format(written), [Expected(written, "figure", value=str(age), unit="age_years")]


@st.composite
def range_lines(draw: st.DrawFn) -> Line:
    low = draw(COUNTS)
    high = draw(st.integers(low + 1, 990))
    written = draw(st.sampled_from(["{} to {}", "between {} and {}", "{}-{}", "{} \u2013 {}"])).format(
        low, high
    )
    return f"Police held {written} suspects.", [
        Expected(written, "figure", low=str(low), high=str(high), unit="suspects")
    ]


@st.composite
def repeated_lines(draw: st.DrawFn) -> Line:
    count = draw(COUNTS)
    return f"There were {count} arrests and {count} raids.", [
        Expected(str(count), "figure", value=str(count), unit="arrests"),
        Expected(str(count), "figure", value=str(count), unit="raids"),
    ]


ARTICLES = st.lists(
    st.one_of(clock_lines(), phone_lines(), age_lines(), range_lines(), repeated_lines()),
    min_size=1,
    max_size=6,
)


def _start(text: str, quote: str, occurrence: str, written: str) -> int:
    at = -1
    for _ in range(int(occurrence)):
        at = text.index(quote, at + 1)
    return at + quote.index(written)


def _new_seed(package: Path, text: str) -> Path:
    seed = package / "seeds" / "900_generated.txt"
    seed.write_text(text, encoding="utf-8")
    args = ["add-source", str(seed), "--package-dir", str(package), "--publisher", "Example Gazette"]
    assert main([*args, "--title", "Generated", "--date", "2019-05-04", "--date-basis", "stated"]) == 0
    return seed


@runs_its_examples()
@given(lines=ARTICLES)
def test_scan_drafts_each_token_once_with_its_kind(package_dir: Path, lines: list[Line]) -> None:
    """Every numeric token of a generated article is covered by exactly one draft, whose kind and
    fields are those the wording states; after ``scan --write`` no token is uncovered or covered
    twice and no drafted exclusion is refused."""
    text = "".join(line + "\n" for line, _ in lines)
    expected: dict[int, Expected] = {}
    offset = 0
    for line, wanted in lines:
        at = 0
        for item in wanted:
            at = line.index(item.words, at)
            expected[offset + at] = item
            at += len(item.words)
        offset += len(line) + 1
    with tempfile.TemporaryDirectory(prefix="ukcsa-scan-") as folder:
        package = copy_package(package_dir, Path(folder) / "package")
        seed = _new_seed(package, text)
        _, drafts = draft_rows(package, seed)
        drafted: dict[int, Expected] = {}
        for cells in drafts.figures:
            row = dict(zip(CONTRACT["figures"], cells, strict=True))
            start = _start(text, row["quote"], row["occurrence"], row["value_text"])
            drafted[start] = Expected(
                row["value_text"], "figure", row["value"], row["value_low"], row["value_high"], row["unit"]
            )
        for cells in drafts.exclusions:
            row = dict(zip(CONTRACT["exclusions"], cells, strict=True))
            drafted[_start(text, row["quote"], row["occurrence"], row["text"])] = Expected(
                row["text"], row["reason"]
            )
        assert drafted == expected
        spans = [(start, start + len(item.words)) for start, item in drafted.items()]
        for token in numeric_tokens(text):
            assert sum(a <= token.start < b for a, b in spans) == 1, token

        scan(package, seed, write=True)
        problems = validate_package(package).problems
        assert not {p.code for p in problems} & {"token-uncovered", "token-covered-twice"}, problems
        assert not [p for p in problems if p.path == "dataset/exclusions.csv"], problems
