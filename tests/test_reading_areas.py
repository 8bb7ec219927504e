"""The reading's vocabulary: the package's code lists of areas and units, the geography read from
them (one area per number, or unknown), and the count noun right after a number. Sentences are
written for these tests."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ukcsa_data.reading import read_mention
from ukcsa_data.reading.units import unit_after
from ukcsa_data.reading.vocabulary import bundled_vocabulary, vocabulary_from_rows
from ukcsa_data.rehash import rehash
from ukcsa_data.validation.runner import validate_package

ROOT = Path(__file__).resolve().parents[1]


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "dataset" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read(marked: str, **options: object):  # type: ignore[no-untyped-def]
    """Read the number marked [[like this]] in ``marked``."""
    start = marked.index("[[")
    end = marked.index("]]") - 2
    return read_mention(marked.replace("[[", "").replace("]]", ""), start, end, **options)  # type: ignore[arg-type]


# The code lists.


def test_areas_hold_the_uk_code_list() -> None:
    rows = {row["area"]: row for row in _rows("areas")}
    by_type: dict[str, list[str]] = {}
    for row in rows.values():
        by_type.setdefault(row["type"], []).append(row["area"])
    assert len(by_type["police_force_area"]) == 43
    assert len(by_type["region"]) == 9
    assert sorted(by_type["country"]) == ["England", "Northern Ireland", "Scotland", "Wales"]
    codes = {name: row["gss_code"] for name, row in rows.items()}
    assert codes["UK"] == "K02000001"
    assert codes["England and Wales"] == "K04000001"
    assert codes["Yorkshire and The Humber"] == "E12000003"
    assert codes["Thames Valley"] == "E23000029"
    assert codes["Dyfed-Powys"] == "W15000004"
    police = [rows[name]["gss_code"] for name in by_type["police_force_area"]]
    assert all(re.fullmatch(r"E23\d{6}|W15\d{6}", code) for code in police)
    assert len(set(police)) == 43


def test_every_parent_is_an_area_and_every_chain_reaches_the_uk() -> None:
    rows = {row["area"]: row for row in _rows("areas")}
    for name in rows:
        seen = [name]
        while rows[seen[-1]]["parent"]:
            seen.append(rows[seen[-1]]["parent"])
            assert seen[-1] in rows and len(seen) < 10
        assert seen[-1] == "UK", seen
    assert {rows[n]["parent"] for n, r in rows.items() if r["type"] == "police_force_area"} == {
        "England",
        "Wales",
    }


def test_a_phrase_names_several_areas_only_where_the_press_uses_it_for_each() -> None:
    shared = {p: a for p, a in bundled_vocabulary().area_phrases.items() if len(a) > 1}
    midlands = frozenset({"West Midlands", "West Midlands police force area"})
    met = frozenset({"London", "Metropolitan Police District"})
    assert shared == {
        "west midlands": midlands,
        "west midlands police": midlands,
        "durham": frozenset({"Durham", "County Durham"}),
        "metropolitan police": met,
        "metropolitan police service": met,
        "met police": met,
        "the met": met,
    }


def test_units_list_each_unit_of_the_contract_with_its_kind() -> None:
    kinds = bundled_vocabulary().unit_kinds
    assert kinds["images"] == kinds["officers"] == "count"
    assert (kinds["percent"], kinds["GBP"], kinds["times"], kinds["one_in"]) == (
        "percent",
        "currency",
        "multiple",
        "ratio",
    )
    assert (kinds["hours"], kinds["age_years"]) == ("duration", "age")
    nouns = bundled_vocabulary().noun_units
    assert "child" not in nouns  # as often a modifier ("child sex offenders") as a noun


# Geography.


@pytest.mark.parametrize(
    ("sentence", "geography"),
    [
        ("In the North West, [[5,000]] images were found.", "North West"),
        ("Officers in the north-west found [[5,000]] images.", None),  # not written as a name
        ("Police in North West England recorded [[300]] offences.", "North West"),
        ("The East of England saw [[300]] referrals.", "East of England"),
        ("Yorkshire and the Humber recorded [[300]] offences.", "Yorkshire and The Humber"),
        ("Officers in Greater Manchester made [[40]] arrests.", "Greater Manchester"),
        ("Officers in Thames Valley made [[40]] arrests.", "Thames Valley"),
        ("Police in Rotherham identified [[40]] victims.", "Rotherham"),
        ("In the West Midlands, [[300]] children were safeguarded.", None),  # the region or the force area
        ("Merseyside recorded [[70]] offences and Cheshire 45.", "Merseyside"),
        ("Merseyside recorded 70 offences and Cheshire [[45]].", "Cheshire"),
        ("Police in Merseyside and Cheshire recorded [[115]] offences.", None),
        ("Officers in Kent, Essex and Sussex made [[90]] arrests.", None),
        ("There were [[5,000]] cases in the UK and 300 in Wales.", "UK"),
        ("There were 5,000 cases in the UK and [[300]] in Wales.", "Wales"),
        ("In Kent, [[300]] people were arrested, and in Essex 50.", None),
        ("In Kent, 300 people were arrested, and in Essex [[50]].", "Essex"),
        ("Kent recorded [[300]] offences against children from Essex.", None),
        ("Thames Valley Police recorded [[500]] offences.", "Thames Valley"),
        ("Offences recorded by Derbyshire police rose to [[500]].", "Derbyshire"),  # its own count
        ("Derbyshire police said offences rose to [[500]].", None),  # a comment
        ("[[17]] men were arrested by Kent Police, among 600 held in a national sweep.", "Kent"),
        ("17 men were arrested by Kent Police, among [[600]] held in a national sweep.", None),
        ("Kent Police said [[17]] men were arrested by officers.", None),
        ("About [[400]] children across the UK were safeguarded, with 31 in the Kent and Essex area.", "UK"),
        ("About 400 children across the UK were safeguarded, with [[31]] in the Kent and Essex area.", None),
        ("[[115]] cases were recorded in Kent and Essex, and 40 in Surrey.", None),  # a list
        ("115 cases were recorded in Kent and Essex, and [[40]] in Surrey.", "Surrey"),
        ("Derbyshire police recorded [[500]] offences.", "Derbyshire"),
        ("The Met recorded [[500]] offences.", None),  # London or the Metropolitan Police District
        ("Officers in Durham made [[40]] arrests.", None),  # the police force area or the county
        ("Greater Manchester Police arrested more than [[60]] people.", "Greater Manchester"),
        ("Police Scotland recorded [[450]] offences.", "Scotland"),
        ("Police Scotland said [[450]] offences were recorded.", None),
        ("Merseyside Police said [[80,000]] people in the UK pose a threat.", None),
        ("Police Scotland said [[500]] children in Scotland were safeguarded.", "Scotland"),
        ("Kent Police recorded [[500]] offences in Medway.", None),
        ("Transport for London said [[40]] reports were made.", None),
        ("Officers found [[300]] images in Durham University accommodation.", None),
        ("The Met Office said [[40]] reports were made.", None),
        ("Police in New South Wales recorded [[450]] offences.", None),
        ("Police recorded [[5,000]] offences worldwide, 300 of them in Kent.", None),
        ("Cases rose by [[30]] per cent, both on Merseyside and nationally.", None),
        ("A man from Norfolk was jailed for [[96]] offences.", None),
        ("Police in the UK arrest 400 people a month, compared with [[417]] arrests in 2009/10.", None),
        ("Police in the UK arrest [[400]] people a month, compared with 417 arrests in 2009/10.", "UK"),
        ("Kent recorded 300 offences, up from [[250]] in Essex.", "Essex"),
    ],
)
def test_geography_of_the_number(sentence: str, geography: str | None) -> None:
    assert read(sentence).geography.value == geography


def test_the_reading_uses_the_vocabulary_it_is_given() -> None:
    areas = [
        {"area": "UK", "type": "state", "gss_code": "", "parent": "", "aliases": ""},
        {"area": "Testshire", "type": "county", "gss_code": "", "parent": "UK", "aliases": "the shire"},
    ]
    units = [{"unit": "widgets", "kind": "count", "nouns": "widgets|gadgets", "description": "Test."}]
    vocabulary = vocabulary_from_rows(areas, units)
    reading = read("Officers in the Shire found [[40]] gadgets.", vocabulary=vocabulary)
    assert (reading.geography.value, reading.unit_noun.value) == ("Testshire", "widgets")
    assert read("Police in Wales found [[40]] images.", vocabulary=vocabulary).geography.value is None
    assert read("Police in Wales found [[40]] images.").geography.value == "Wales"


# The count noun after the number.


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Officers found [[5,000]] images.", "images"),
        ("Officers found [[5,000]] indecent pictures.", "images"),
        ("Officers seized [[12]] phones.", "devices"),
        ("There were [[5,000]] people at risk.", "people"),
        ("Police made [[850]] arrests.", "arrests"),
        ("A [[12]]-year-old was safeguarded.", "age_years"),
        ("The girl was [[12]] years old.", "age_years"),
        ("It takes [[15]] minutes.", "minutes"),
        ("Police arrested [[500]] more children's abusers.", None),
        ("Police arrested [[500]] child sex offenders.", "offenders"),
        ("Forces logged [[1,200]] online child sexual abuse crimes.", "crimes"),
        ("The list holds [[13]] registered sex offenders.", "offenders"),
        ("Analysts found [[2,000]] more non-recent offences.", "offences"),
        ("The agency passed on [[800]] individual industry referrals.", "referrals"),
        ("A team of [[40]] police officers attended.", "officers"),
        ("Forces logged [[90]] child abuse image offences.", "offences"),
        ("Forces logged [[90]] child sex, abuse offences.", None),
        ("Forces logged [[600]] of the offences.", None),
        ("Forces logged [[600]] sex crime reports.", None),
        ("Forces logged [[600]] recorded in March.", None),
        ("Forces logged [[600]] child protection offences.", None),
        ("There were [[5,000]] people-trafficking cases.", None),
        ("Police arrested [[300]] people smugglers.", None),
        ("It rose by [[20]] per cent.", "percent"),
        ("Police recorded [[5,000]] last year.", None),
    ],
)
def test_unit_noun_after_the_number(sentence: str, unit: str | None) -> None:
    reading = read(sentence)
    assert reading.unit_noun.value == unit
    text = sentence.replace("[[", "").replace("]]", "")
    assert unit_after(text, sentence.index("]]") - 2) == unit


def test_the_words_layer_reads_with_the_package_own_areas(package_copy: Path) -> None:
    """The validator reads with the areas of the package validated, not with the bundled ones: an
    area the package adds, named by an alias the package gives it, is a geography its words state."""
    areas = package_copy / "dataset" / "areas.csv"
    with areas.open("a", encoding="utf-8", newline="") as handle:
        handle.write("Testland,country_group,,UK,england and wales\n")
    figures = package_copy / "dataset" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("fig-0008,"))
    figures.write_text(
        text.replace(line, line.replace(",England and Wales,", ",Testland,")), encoding="utf-8"
    )
    rehash(package_copy)
    codes = {p.code for p in validate_package(package_copy).problems if p.line is not None}
    assert "geography-words" not in codes
    # The bundled areas do not know Testland: the same words state England and Wales alone.
    assert read("Police in England and Wales recorded [[23]] offences.").areas.value == {"England and Wales"}


# The word rules on sentences of these tests.


def _findings(marked: str, **cells: object) -> list[tuple[str, str]]:
    """(code, message) of the figure rules on one row with ``cells`` for the number marked [[..]]."""
    from ukcsa_data.validation.l3_types.field_types import InvalidCells, TypedTable
    from ukcsa_data.validation.l8_words.context import Mention
    from ukcsa_data.validation.l8_words.figure_rules import FIGURE_RULES
    from ukcsa_data.validation.rules import Row

    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    row = {
        "figure_id": "fig-0001",
        "qualifier": "exact",
        "per": None,
        "unit": "cases",
        "measure_type": "level",
        "geography": None,
        "period_start": None,
        "period_end": None,
        **cells,
    }
    table = TypedTable(
        "figures", "dataset/figures.csv", {k: [v] for k, v in row.items()}, [2], InvalidCells(1)
    )
    return [(f.code, f.text) for f in FIGURE_RULES.findings(Row(table, 0), Mention(text, start, end))]


def test_geography_of_a_region_is_checked() -> None:
    sentence = "In the North West, police recorded [[300]] cases."
    assert _findings(sentence, geography="North West") == []
    (finding,) = _findings(sentence, geography="UK")
    assert finding[0] == "geography-words"
    assert '"North West"' in finding[1] and "use North West" in finding[1]


def test_geography_of_a_phrase_naming_two_areas_is_either() -> None:
    sentence = "In the West Midlands, police recorded [[300]] cases."
    assert _findings(sentence, geography="West Midlands") == []
    assert _findings(sentence, geography="West Midlands police force area") == []
    (finding,) = _findings(sentence, geography="UK")
    assert "use West Midlands or West Midlands police force area" in finding[1]


def test_an_age_needs_no_geography() -> None:
    sentence = "The offence was introduced in England and Wales to protect under-[[16]]s."
    assert _findings(sentence, unit="age_years", qualifier="under") == []
    found = _findings(sentence, unit="age_years", qualifier="under", geography="UK")
    assert [code for code, _ in found] == ["geography-words"]


def test_geography_of_each_number_of_a_sentence_naming_two_areas() -> None:
    first = "Merseyside recorded [[70]] cases and Cheshire 45."
    second = "Merseyside recorded 70 cases and Cheshire [[45]]."
    assert _findings(first, geography="Merseyside") == _findings(second, geography="Cheshire") == []
    assert [code for code, _ in _findings(first, geography="Cheshire")] == ["geography-words"]
    # A list of areas attaches none to the number: no finding either way.
    assert _findings("Police in Merseyside and Cheshire recorded [[115]] cases.", geography="UK") == []


@pytest.mark.parametrize(
    ("sentence", "unit", "codes"),
    [
        ("Officers found [[5,000]] images.", "cases", ["unit-noun"]),
        ("Officers found [[5,000]] images.", "images", []),
        ("Officers found [[5,000]] indecent photographs.", "videos", ["unit-noun"]),
        ("Police arrested [[500]] child sex offenders.", "people", ["unit-noun"]),
        ("Police arrested [[500]] child sex offenders.", "offenders", []),
        ("Forces logged [[1,200]] online child sexual abuse crimes.", "cases", ["unit-noun"]),
        ("Forces logged [[600]] of the offences.", "cases", []),
        ("Police arrested [[300]] people smugglers.", "offenders", []),
        ("There were [[5,000]] people-trafficking cases.", "cases", []),
        ("It takes [[15]] minutes.", "hours", ["unit-noun"]),
        ("A [[12]]-year-old was safeguarded.", "age_years", []),
        ("A [[12]]-year-old was safeguarded.", "cases", ["unit-noun"]),  # an age is never a count
        ("The girl was [[12]] years old.", "minutes", []),  # a duration: the unit-words rule's
        ("Officers spoke to [[300]] adults and 40 girls.", "people", []),
        ("Officers spoke to [[300]] adults and 40 girls.", "cases", ["unit-noun"]),
        ("Officers spoke to 300 adults and [[40]] girls.", "children", []),
        ("Children as young as [[10]] years were groomed.", "age_years", []),  # an age, not a duration
        ("One in [[five]] children was contacted.", "one_in", []),
    ],
)
def test_unit_noun_rule(sentence: str, unit: str, codes: list[str]) -> None:
    found = [code for code, _ in _findings(sentence, unit=unit) if code.startswith("unit")]
    assert found == codes


def test_unit_noun_message_quotes_the_words_and_names_the_fix() -> None:
    ((code, message),) = _findings("Officers found [[5,000]] images.", unit="cases")
    assert (code, message) == ("unit-noun", 'unit is cases, but the article says "5,000 images": use images')


def test_a_force_named_for_two_areas_accepts_either() -> None:
    sentence = "The Met recorded [[500]] cases."
    assert _findings(sentence, geography="London") == []
    assert _findings(sentence, geography="Metropolitan Police District") == []
    assert "use London or Metropolitan Police District" in _findings(sentence, geography="UK")[0][1]
