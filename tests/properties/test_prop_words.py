"""[words] The reading of the words around a number: for generated sentences it returns what was
generated; and on the shipped package, whenever it states a value for a field, any other value of
that field makes ``validate`` fail on that row."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from example_counts import runs_its_examples
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.reading import NO_RATE, read_mention
from ukcsa_data.rehash import rehash
from ukcsa_data.validation.runner import validate_package

pytestmark = pytest.mark.words

REPO_ROOT = Path(__file__).resolve().parents[2]
NBSP, NNBSP = "\u00a0", "\u202f"

QUALIFIER_PHRASES = {
    "at_least": ["at least", "a minimum of", "AT LEAST", "\u2018at least\u2019", "a \u2018minimum\u2019 of"],
    "more_than": ["more than", "over", "in excess of", "MORE than"],
    "up_to": ["up to", "as many as", "at most", "\u2018as many as\u2019"],
    "around": ["around", "about", "approximately", "some", "an estimated", "in the region of"],
    "almost": ["almost", "nearly", "just under", "just below"],
    "under": ["under", "fewer than", "less than"],
    "exact": [""],
}
RATE_PHRASES = {
    "day": ["a day", "per day", "each day", "every day", "daily"],
    "week": ["a week", "per week", "each week", "every week", "weekly"],
    "month": ["a month", "per month", "each month", "every month", "monthly"],
    "year": ["a year", "per year", "each year", "every year", "annually", "per annum"],
}
PERIOD_PHRASES = {
    "in 2017/18": (date(2017, 4, 1), date(2018, 3, 31)),
    "in 2019-20": (date(2019, 4, 1), date(2020, 3, 31)),
    "in 2021": (date(2021, 1, 1), date(2021, 12, 31)),
    "in the year to March 2021": (date(2020, 4, 1), date(2021, 3, 31)),
    "in the year to December 2019": (date(2019, 1, 1), date(2019, 12, 31)),
    "in the year from March 2021 to the end of February": (date(2021, 3, 1), date(2022, 2, 28)),
}
AREA_PHRASES = {
    "UK": ["in the UK", "in the United Kingdom"],
    "Great Britain": ["in Britain", "in Great Britain"],
    "England and Wales": ["in England and Wales"],
    "England": ["in England"],
    "Wales": ["in Wales"],
    "Scotland": ["in Scotland"],
    "Northern Ireland": ["in Northern Ireland"],
}
NOUNS = ["people", "children", "offences", "arrests", "cases", "online child sexual offences", "reports"]
LEADS = ["Police recorded ", "There were ", "Officers made ", "The figures show ", ""]
NUMBERS = st.one_of(
    st.integers(2, 999).map(str),
    st.integers(1_000, 9_999_999).map(lambda n: f"{n:,}"),
    st.sampled_from(["three", "twenty", "five hundred"]),
)


def spaces(draw: st.DrawFn, phrase: str) -> str:
    """``phrase`` with its spaces, each possibly a typographic one."""
    return "".join(draw(st.sampled_from([" ", NBSP, NNBSP])) if c == " " else c for c in phrase)


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, int, int, dict[str, object]]:
    """A sentence: lead, qualifier phrase, number, unit noun, area, rate, period; the number's span
    and what was generated."""
    qualifier = draw(st.sampled_from(list(QUALIFIER_PHRASES)))
    phrase = spaces(draw, draw(st.sampled_from(QUALIFIER_PHRASES[qualifier])))
    lead = draw(st.sampled_from(LEADS))
    if lead == "" and phrase:
        phrase = phrase[0].upper() + phrase[1:]
    number = draw(NUMBERS)
    rate = draw(st.sampled_from([None, *RATE_PHRASES]))
    period = draw(st.sampled_from([None, *PERIOD_PHRASES]))
    area = draw(st.sampled_from([None, *AREA_PHRASES]))
    parts = [
        draw(st.sampled_from(NOUNS)),
        draw(st.sampled_from(AREA_PHRASES[area])) if area else "",
        draw(st.sampled_from(RATE_PHRASES[rate])) if rate else "",
        period or "",
    ]
    before = lead + (phrase + " " if phrase else "")
    sentence = before + number + " " + " ".join(p for p in parts if p) + "."
    expected = {
        "qualifier": qualifier,
        # No rate phrase: the sentence states none, as its only words of time (if any) are in a
        # period phrase that makes the figure a total for that period ("in the year to March 2021").
        "rate": rate or NO_RATE,
        "period": PERIOD_PHRASES[period] if period else None,
        "geography": area,
    }
    return sentence, len(before), len(before) + len(number), expected


@runs_its_examples()
@given(sentences(), st.sampled_from(["", "Earlier text.\n", "An earlier sentence. "]))
def test_the_reading_returns_what_was_generated(
    generated: tuple[str, int, int, dict[str, object]], prefix: str
) -> None:
    """For a sentence built from a qualifier phrase, a number, a unit noun, an area, a rate phrase
    and a period phrase, the reading states exactly those (no rate phrase: the sentence states none,
    a period phrase making the figure a total for it; no period or area: unknown)."""
    sentence, start, end, expected = generated
    text = prefix + sentence
    reading = read_mention(text, start + len(prefix), end + len(prefix))
    stated = {
        "qualifier": reading.qualifier.value,
        "rate": reading.rate.value,
        "period": reading.period.value,
        "geography": reading.geography.value,
    }
    assert stated == expected, sentence


# ---------------------------------------------------------------------------------------------
# Any other value of a field the words state fails validation on that row

FIELDS = ("qualifier", "per", "measure_type", "geography", "period", "unit", "sign")


def _figures() -> list[dict[str, str]]:
    with (REPO_ROOT / "dataset" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _stated(row: dict[str, str]) -> dict[str, object]:
    """What the reading states for each field of a shipped row (only known values)."""
    sources = {
        r["source_id"]: r["seed_file"] for r in csv.DictReader(io.StringIO(_text("dataset/sources.csv")))
    }
    text = _text(sources[row["source_id"]])
    at, occurrence = -1, int(row["occurrence"])
    for _ in range(occurrence):
        at = text.index(row["quote"], at + 1)
    start = at + row["quote"].index(row["value_text"])
    reading = read_mention(text, start, start + len(row["value_text"]))
    found = {
        "qualifier": reading.qualifier.value,
        "per": reading.rate.value,
        "measure_type": reading.change.value,
        "geography": reading.geography.value,
        "period": reading.period.value,
        "unit": reading.unit_noun.value
        if not (reading.markers.percent or reading.markers.currency)
        else None,
        "sign": reading.direction.value if row["measure_type"] == "change" and row["value"] else None,
    }
    return {k: v for k, v in found.items() if v is not None}


def _text(relative: str) -> str:
    return (REPO_ROOT / relative).read_text(encoding="utf-8")


def _enum(field: str) -> list[str]:
    """The values the package allows for ``field``: the areas and the units (of a count or a
    duration, the kinds a noun states) of its code lists, or the figures schema's enum."""
    if field in ("geography", "unit"):
        table, column = ("areas", "area") if field == "geography" else ("units", "unit")
        rows = csv.DictReader(io.StringIO(_text(f"dataset/{table}.csv")))
        return [r[column] for r in rows if r.get("kind", "count") in ("count", "duration")]
    fields = json.loads(_text("schemas/figures.schema.json"))["fields"]
    values: list[str] = next(f for f in fields if f["name"] == field)["constraints"]["enum"]
    return values


@st.composite
def changes(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
    """A shipped figure, a field its words state, and other cells for that field."""
    rows = _figures()
    row = draw(st.sampled_from(rows))
    stated = _stated(row)
    field = draw(st.sampled_from(sorted(stated) or ["none"]))
    if field == "none":
        return row["figure_id"], field, {}
    if field == "period":
        start = draw(st.dates(date(2000, 1, 1), date(2018, 1, 1)))
        end = draw(st.dates(start, date(2018, 3, 31)) | st.none())
        cells = {"period_start": str(start), "period_end": "" if end is None else str(end)}
        if (start, end) == stated["period"]:
            cells["period_start"] = "1999-01-01"
        return row["figure_id"], field, cells
    if field == "sign":  # a change the words say rose (or fell), recorded with the other sign
        return row["figure_id"], field, {"value": f"{-float(row['value']):g}"}
    current = "" if stated[field] == NO_RATE else str(stated[field])
    other = draw(st.sampled_from([v for v in ["", *_enum(field)] if v != current]))
    return row["figure_id"], field, {field: other}


@runs_its_examples(minimum_fraction=0.6)
@given(changes())
def test_any_other_value_of_a_stated_field_fails_on_that_row(change: tuple[str, str, dict[str, str]]) -> None:
    """Whenever the reading states a value for a row's field, setting that field to any other
    value (for the direction of a change, the value with the other sign) makes validate report an
    error on that row's line."""
    figure_id, field, cells = change
    if not cells:
        return
    with tempfile.TemporaryDirectory(prefix="ukcsa-words-") as folder:
        root = Path(folder) / "package"
        root.mkdir()
        for part in ("datapackage.json", "dataset", "schemas", "seeds"):
            source = REPO_ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
        path = root / "dataset" / "figures.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        line = next(i for i, r in enumerate(rows, 2) if r["figure_id"] == figure_id)
        rows[line - 2].update(cells)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(CONTRACT["figures"]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        rehash(root)
        report = validate_package(root)
    on_row = [p for p in report.errors if p.path == "dataset/figures.csv" and p.line == line]
    assert on_row, (figure_id, field, cells, [(p.line, p.code) for p in report.problems])
