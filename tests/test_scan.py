"""``ukcsa-data scan`` drafts rows from the same reading of the words as the validator: on each
shipped seed with its rows removed, the drafts agree with the shipped rows wherever the words are
unambiguous (a field the draft fills), and a seed that is covered gives no draft."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import copy_package

from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.scan import draft_rows, scan

#: The fields a draft fills from the words, compared with the shipped rows.
FIGURE_FIELDS = (
    "value_text",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "per",
    "measure_type",
    "geography",
    "period_start",
    "period_end",
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, name: str, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CONTRACT[name]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _position(text: str, row: dict[str, str], span_field: str) -> int:
    at = -1
    for _ in range(int(row["occurrence"])):
        at = text.index(row["quote"], at + 1)
    return at + row["quote"].index(row[span_field])


@dataclass
class Agreement:
    """Per field: drafts that fill it, and how many of those equal the shipped row."""

    filled: dict[str, int] = field(default_factory=dict)
    agreed: dict[str, int] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)
    rows: int = 0

    def count(self, name: str, drafted: str, shipped: str, where: str) -> None:
        if not drafted:
            return
        self.filled[name] = self.filled.get(name, 0) + 1
        if drafted == shipped:
            self.agreed[name] = self.agreed.get(name, 0) + 1
        else:
            self.disagreements.append(f"{where} {name}: drafted {drafted!r}, shipped {shipped!r}")


def agreement(package_dir: Path, tmp_path: Path) -> Agreement:
    """Draft every shipped seed with its own rows removed; compare drafts with the shipped rows."""
    result = Agreement()
    for source in _rows(package_dir / "dataset" / "sources.csv"):
        source_id = source["source_id"]
        root = copy_package(package_dir, tmp_path / source_id)
        shipped: dict[str, list[dict[str, str]]] = {}
        for name in ("figures", "exclusions"):
            rows = _rows(root / "dataset" / f"{name}.csv")
            shipped[name] = [r for r in rows if r["source_id"] == source_id]
            _write(root / "dataset" / f"{name}.csv", name, [r for r in rows if r["source_id"] != source_id])
        text = (root / source["seed_file"]).read_text(encoding="utf-8")
        _, drafts = draft_rows(root, root / source["seed_file"])
        figures = {_position(text, r, "value_text"): r for r in shipped["figures"]}
        exclusions = {_position(text, r, "text"): r for r in shipped["exclusions"]}
        excluded = {at: r for at, r in exclusions.items() for at in range(at, at + len(r["text"]))}
        result.rows += len(figures) + len(exclusions)
        for cells in drafts.figures:
            draft = dict(zip(CONTRACT["figures"], cells, strict=True))
            at = _position(text, draft, "value_text")
            row = figures.get(at) or {}
            kind = "figure" if row else f"exclusion ({(excluded.get(at) or {}).get('reason', '?')})"
            where = f"{source_id} {draft['value_text']!r} (shipped as a {kind})"
            for name in FIGURE_FIELDS:
                result.count(name, draft[name], row.get(name, ""), where)
        for cells in drafts.exclusions:
            draft = dict(zip(CONTRACT["exclusions"], cells, strict=True))
            row = exclusions.get(_position(text, draft, "text")) or {}
            where = f"{source_id} {draft['text']!r}"
            for name in ("text", "reason"):
                result.count(f"exclusion {name}", draft[name], row.get(name, ""), where)
    return result


def test_drafts_agree_with_the_shipped_rows_where_the_words_are_unambiguous(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every field a draft fills equals the shipped row's, except for number words the shipped data
    records as not quantities ("One officer I met"), which the words cannot tell from a count, and
    which scan drafts as figures for the contributor to turn into exclusions."""
    result = agreement(package_dir, tmp_path)
    with capsys.disabled():
        print("\nscan agreement with the shipped rows, per field (drafted and equal / drafted):")
        for name, filled in result.filled.items():
            print(f"  {name}: {result.agreed.get(name, 0)}/{filled}")
    real = [d for d in result.disagreements if "shipped as a figure" in d or d.startswith("exclusion")]
    assert not real, real
    excluded = {d.split(" (shipped as")[0] for d in result.disagreements}
    assert all(
        "(name)" in d or "(boilerplate)" in d or "(not_a_quantity)" in d for d in result.disagreements
    ), excluded


def test_a_covered_seed_gives_no_draft(package_dir: Path) -> None:
    for source in _rows(package_dir / "dataset" / "sources.csv"):
        _, drafts = draft_rows(package_dir, package_dir / source["seed_file"])
        assert (drafts.figures, drafts.exclusions) == ([], []), source["source_id"]


def test_scan_on_a_covered_seed_prints_nothing(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ukcsa_data.cli import main

    seed = next(iter(_rows(package_copy / "dataset" / "sources.csv")))["seed_file"]
    assert main(["scan", str(package_copy / seed), str(package_copy)]) == 0
    assert capsys.readouterr() == ("", "")


def test_scan_of_an_unlisted_seed_says_what_to_do(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ukcsa_data.cli import main

    seed = package_copy / "seeds" / "004_new.txt"
    seed.write_text("Police made 40 arrests.\n", encoding="utf-8")
    assert main(["scan", str(seed), str(package_copy)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("ukcsa-data scan: no row of dataset/sources.csv names seeds/004_new.txt")
    assert "ukcsa-data add-source" in err


def test_scan_prints_drafts_as_csv_and_write_appends_them(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed drafts are CSV in the package's columns; --write appends exactly those rows and
    leaves datapackage.json in step (no resource-hash problem)."""
    from ukcsa_data.cli import main
    from ukcsa_data.validation.runner import validate_package

    source = _rows(package_copy / "dataset" / "sources.csv")[2]  # deeside-2020
    figures = _rows(package_copy / "dataset" / "figures.csv")
    _write(
        package_copy / "dataset" / "figures.csv",
        "figures",
        [r for r in figures if r["figure_id"] not in ("fig-0025", "fig-0026")],
    )
    seed = str(package_copy / source["seed_file"])
    assert main(["scan", seed, str(package_copy)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# dataset/figures.csv\n")
    drafts = list(csv.DictReader(io.StringIO(printed.split("\n", 1)[1])))
    assert [(r["value_text"], r["qualifier"], r["per"], r["geography"]) for r in drafts] == [
        ("500", "more_than", "month", "UK"),
        ("700", "around", "month", "UK"),  # "safeguarding around 700": "around" after a verb of a count
    ]
    assert main(["scan", seed, str(package_copy), "--write"]) == 0
    assert "appended 2 draft row(s) to dataset/figures.csv" in capsys.readouterr().out
    appended = _rows(package_copy / "dataset" / "figures.csv")[-2:]
    assert appended == drafts
    codes = {p.code for p in validate_package(package_copy).problems}
    assert not codes & {"resource-hash", "resource-bytes", "token-uncovered"}


@pytest.mark.parametrize(
    ("basis", "period"),
    [("external", ("2021-01-01", "2021-12-31")), ("inferred", ("", ""))],
)
def test_scan_drafts_a_relative_period_by_the_publication_date(
    package_copy: Path, basis: str, period: tuple[str, str]
) -> None:
    """ "... in just one month last year", in an article published on 2022-05-01, is drafted with
    the period 2021; where that date is inferred (it may be a day off, and 1 May is a month's first
    day) the period is left empty."""
    sources = _rows(package_copy / "dataset" / "sources.csv")
    source = next(r for r in sources if r["source_id"] == "sunday-express-2022")
    source["date_basis"] = basis
    _write(package_copy / "dataset" / "sources.csv", "sources", sources)
    figures = _rows(package_copy / "dataset" / "figures.csv")
    _write(
        package_copy / "dataset" / "figures.csv",
        "figures",
        [r for r in figures if r["figure_id"] != "fig-0034"],
    )
    _, drafts = draft_rows(package_copy, package_copy / source["seed_file"])
    drafted = [dict(zip(CONTRACT["figures"], cells, strict=True)) for cells in drafts.figures]
    (draft,) = [d for d in drafted if "last year" in d["quote"] and d["value_text"] == "400,000"]
    assert (draft["period_start"], draft["period_end"]) == period
    assert draft["per"] == ""  # a total for a single month, not a rate


# Real-article wordings, in sentences written for these tests --------------------------------------


def _add_seed(package: Path, text: str) -> Path:
    """Save ``text`` as a new seed of ``package`` and list it with ``add-source``."""
    from ukcsa_data.cli import main

    seed = package / "seeds" / "900_scan_wordings.txt"
    seed.write_text(text, encoding="utf-8")
    args = ["add-source", str(seed), "--package-dir", str(package), "--publisher", "Example Gazette"]
    args += ["--title", "A test article", "--date", "2019-05-04", "--date-basis", "stated"]
    assert main(args) == 0
    return seed


def _drafted(package: Path, text: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The draft figures and exclusions of ``text`` added to ``package`` as a new seed."""
    _, drafts = draft_rows(package, _add_seed(package, text))
    figures = [dict(zip(CONTRACT["figures"], cells, strict=True)) for cells in drafts.figures]
    exclusions = [dict(zip(CONTRACT["exclusions"], cells, strict=True)) for cells in drafts.exclusions]
    return figures, exclusions


def _kinds(package: Path, text: str) -> list[tuple[str, str]]:
    """(written words, kind) for every draft, in the order of the text: kind is "figure" or the
    exclusion's reason."""
    figures, exclusions = _drafted(package, text)
    found = [(_position(text, r, "value_text"), r["value_text"], "figure") for r in figures]
    found += [(_position(text, r, "text"), r["text"], r["reason"]) for r in exclusions]
    return [(words, kind) for _, words, kind in sorted(found)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Officers arrived at 10:30am.", [("10:30am", "time")]),
        ("The raid began at 9pm.", [("9pm", "time")]),
        ("The hearing opened at 14:00 sharp.", [("14:00", "time")]),
        ("He was seen by 9.30am.", [("9.30am", "time")]),
        ("The last update came at 14.35 BST.", [("14.35 BST", "time")]),
        ("Analysts spent 150 hours on it.", [("150", "figure")]),  # a count of hours, not 1:50
        ("Children can call Childline on 0800 1111.", [("0800 1111", "contact")]),
        ("Anyone with information should call 101.", [("101", "contact")]),
        ("Samaritans can be reached on 116 123.", [("116 123", "contact")]),
        ("The office is on 020 3276 3803.", [("020 3276 3803", "contact")]),
        ("Her mobile was 07803 903686.", [("07803 903686", "contact")]),
        ("In an emergency always call 999.", [("999", "contact")]),
        ("Call police quoting reference 1234.", [("1234", "contact")]),
        ("Letters went to 10 Downing Street.", [("10 Downing Street", "contact")]),
        ("There were 999 calls about it.", [("999", "figure")]),  # a count, not a call to make
        ("It happened on 101 occasions.", [("101", "figure")]),
        ("BELFAST, 3 Sept (Agency) - Talks went on.", [("3", "date")]),
        ("Published 12:01 03 September 2018", [("12:01", "time"), ("03", "date"), ("2018", "date")]),
        ("Updated: 14:35, 2 Sep 2018", [("14:35", "time"), ("2", "date"), ("2018", "date")]),
        ("The report came out on the 3rd of September.", [("3", "date")]),
        ("The Covid-19 rules ended.", [("Covid-19", "name")]),
        ("Published: 01/03/2019", [("01/03/2019", "date")]),
        ("Officers visited on September 12 and 13.", [("12", "date"), ("13", "date")]),
        ("The charity began nearly twenty years ago.", [("twenty", "date")]),
        ("Crimes rose from 287 in 2016/2017.", [("287", "figure"), ("2016/2017", "period")]),
        ("Arrests have risen since 2002.", [("2002", "period")]),
        ("Cases between 2016 and 2018 were reviewed.", [("2016", "period"), ("2018", "period")]),
        ("Officers did nothing for 18 months.", [("18", "figure")]),  # a duration it reports
        ("He was jailed for 31 years.", [("31", "figure")]),
        ("Hundreds of children were helped.", [("Hundreds", "figure")]),
        ("It reaches tens of thousands of children.", [("tens of thousands", "figure")]),
    ],
)
def test_scan_drafts_each_wording_with_its_kind(
    package_copy: Path, sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _kinds(package_copy, sentence + "\n") == expected


@pytest.mark.parametrize(
    ("sentence", "value_text", "value"),
    [
        ("A four-year-old was among those helped.", "four", "4"),
        ("A 12-year-old girl was identified.", "12", "12"),
        ("The boy, aged 12, was spoken to.", "12", "12"),
        ("Some victims were as young as seven.", "seven", "7"),
        ("Most of the victims were under-16s.", "16", "16"),
        ("He was 15 years old at the time.", "15", "15"),
        ("She was abused before she turned 16.", "16", "16"),
    ],
)
def test_scan_drafts_ages_as_figures_in_years(
    package_copy: Path, sentence: str, value_text: str, value: str
) -> None:
    figures, exclusions = _drafted(package_copy, sentence + "\n")
    assert exclusions == []
    assert [(f["value_text"], f["value"], f["unit"]) for f in figures] == [(value_text, value, "age_years")]


@pytest.mark.parametrize(
    ("sentence", "value_text", "low", "high", "unit"),
    [
        (
            "Between 5 and 10 per cent of cases were closed.",
            "Between 5 and 10 per cent",
            "5",
            "10",
            "percent",
        ),
        ("It found between 20 and 30 offenders.", "between 20 and 30", "20", "30", "offenders"),
        ("Police held 20 to 30 suspects.", "20 to 30", "20", "30", "suspects"),
        ("It estimated 550,000 – 850,000 people.", "550,000 – 850,000", "550000", "850000", "people"),
        ("Officers made 40-50 arrests.", "40-50", "40", "50", "arrests"),
        ("Children aged 11 to 14 took part.", "11 to 14", "11", "14", "age_years"),
    ],
)
def test_scan_drafts_a_range_as_one_row(
    package_copy: Path, sentence: str, value_text: str, low: str, high: str, unit: str
) -> None:
    """value_text is the range as the number phrase parser reads it: "between" is part of it
    (parse_value_text reads "between 5 and 10", not "5 and 10")."""
    figures, exclusions = _drafted(package_copy, sentence + "\n")
    assert exclusions == []
    assert [
        (f["value_text"], f["value"], f["value_low"], f["value_high"], f["qualifier"], f["unit"])
        for f in figures
    ] == [(value_text, "", low, high, "range", unit)]


def test_from_x_to_y_is_two_levels_not_a_range(package_copy: Path) -> None:
    figures, _ = _drafted(package_copy, "Recorded offences rose from 14,260 to 17,022.\n")
    assert [(f["value_text"], f["value"], f["qualifier"]) for f in figures] == [
        ("14,260", "14260", "exact"),
        ("17,022", "17022", ""),
    ]


def test_a_number_repeated_in_a_sentence_gets_a_quote_that_finds_each_one(package_copy: Path) -> None:
    """The figure is the first occurrence of value_text in its quote: a quote for a later one starts
    after the earlier ones (also inside a longer number: the "50" of "150")."""
    text = "Police made 50 arrests and brought 50 charges, with 150 raids and 50 suspects named.\n"
    figures, _ = _drafted(package_copy, text)
    assert [f["value_text"] for f in figures] == ["50", "50", "150", "50"]
    assert [f["unit"] for f in figures] == ["arrests", "charges", "raids", "suspects"]
    starts = [_position(text, f, "value_text") for f in figures]
    assert starts == [
        text.index("50 arrests"),
        text.index("50 charges"),
        text.index("150"),
        text.index("50 suspects"),
    ]
    assert all(f["occurrence"] == "1" for f in figures)


def test_the_same_sentence_twice_is_drafted_with_its_occurrence(package_copy: Path) -> None:
    text = "There were 30 arrests.\nThere were 30 arrests.\n"
    figures, _ = _drafted(package_copy, text)
    assert [(f["quote"], f["occurrence"]) for f in figures] == [
        ("There were 30 arrests.", "1"),
        ("There were 30 arrests.", "2"),
    ]


def test_counts_after_places_in_a_list_are_figures(package_copy: Path) -> None:
    figures, exclusions = _drafted(
        package_copy, "Arrests by force: Merseyside 70, Cheshire 45 and Lancashire 30.\n"
    )
    assert exclusions == []
    assert [f["value_text"] for f in figures] == ["70", "45", "30"]


def test_scan_write_of_the_new_wordings_leaves_no_number_uncovered(package_copy: Path) -> None:
    """The drafts that ``scan --write`` appends, and nothing else, cover every number once, and the
    word checks accept every drafted exclusion."""
    from ukcsa_data.scan import scan
    from ukcsa_data.validation.runner import validate_package

    text = (
        "Updated: 14:35, 2 Sep 2018\n"
        "A four-year-old and children aged between 11 and 14 were among 40 people helped at 9pm.\n"
        "Call Childline on 0800 1111, or 999 in an emergency; there were 50 arrests and 50 charges.\n"
    )
    seed = _add_seed(package_copy, text)
    scan(package_copy, seed, write=True)
    problems = validate_package(package_copy).problems
    codes = {p.code for p in problems}
    assert not codes & {"token-uncovered", "token-covered-twice", "resource-hash"}, codes
    assert not [p for p in problems if p.path.endswith("exclusions.csv")], problems


def test_units_come_from_the_units_table_where_unit_is_a_foreign_key(package_copy: Path) -> None:
    """Where the figures schema gives ``unit`` no enum (a foreign key to a units table), scan
    drafts the units of dataset/units.csv."""
    import json

    schema_path = package_copy / "schemas" / "figures.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    unit = next(f for f in schema["fields"] if f["name"] == "unit")
    unit["constraints"].pop("enum", None)  # since 2.0.0 the shipped schema has none
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    (package_copy / "dataset" / "units.csv").write_text("unit,kind\nraids,count\n", encoding="utf-8")
    figures, _ = _drafted(package_copy, "Police carried out 200 raids and 40 arrests.\n")
    assert [(f["value_text"], f["unit"]) for f in figures] == [("200", "raids"), ("40", "")]


@pytest.mark.parametrize("space", ["\u2009", "\u202f", "\u00a0"])
def test_a_number_grouped_by_thin_or_no_break_spaces_is_drafted_as_one_row(
    package_copy: Path, space: str
) -> None:
    written = f"80{space}000"
    figures, exclusions = _drafted(package_copy, f"Police found {written} images.\n")
    assert exclusions == []
    assert [(f["value_text"], f["value"]) for f in figures] == [(written, "80000")]


def test_a_drafted_grouped_number_leaves_the_package_valid(package_copy: Path) -> None:
    from ukcsa_data.validation.runner import validate_package

    seed = _add_seed(package_copy, "Police found 80\u2009000 images of abuse.\n")
    assert scan(package_copy, seed, write=True)
    report = validate_package(package_copy)
    codes = {p.code for p in report.problems if p.severity == "error"}
    assert "token-uncovered" not in codes and "token-split" not in codes, report.problems


def test_a_numeral_that_is_not_a_digit_is_drafted_for_the_contributor(package_copy: Path) -> None:
    """ "2½" and "Ⅻ" are numeric tokens the parser does not read: each gets a draft with its words
    and no value, which the contributor completes or turns into an exclusion."""
    figures, exclusions = _drafted(package_copy, "Reports rose 2\u00bd times in Year \u216b.\n")
    assert exclusions == []
    assert [(f["value_text"], f["value"]) for f in figures] == [("2\u00bd", ""), ("\u216b", "")]


def test_a_drafted_value_is_the_number_its_words_state_exactly(package_copy: Path) -> None:
    """A number past a float's precision is drafted digit for digit, as validate holds it."""
    figures, _ = _drafted(package_copy, "Police logged 9,007,199,254,740,993 requests.\n")
    assert [f["value"] for f in figures] == ["9007199254740993"]
