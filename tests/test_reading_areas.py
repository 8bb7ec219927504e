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


def test_a_phrase_names_several_areas_only_where_they_share_a_name() -> None:
    shared = {p: a for p, a in bundled_vocabulary().area_phrases.items() if len(a) > 1}
    assert shared == {"west midlands": frozenset({"West Midlands", "West Midlands police force area"})}


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
        ("Police arrested [[500]] child sex offenders.", None),
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
    """A phrase the package's own areas table gives a second meaning makes the reading unknown:
    the validator reads with the package validated, not with the bundled one."""
    figures = package_copy / "dataset" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("fig-0008,"))
    figures.write_text(text.replace(line, line.replace(",England and Wales,", ",UK,")), encoding="utf-8")
    rehash(package_copy)
    assert "geography-words" in {p.code for p in validate_package(package_copy).problems}

    areas = package_copy / "dataset" / "areas.csv"
    with areas.open("a", encoding="utf-8", newline="") as handle:
        handle.write("Testland,country_group,,UK,england and wales\n")
    rehash(package_copy)
    assert "geography-words" not in {p.code for p in validate_package(package_copy).problems}
