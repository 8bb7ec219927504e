"""The plausibility bounds: read from the package's bounds table, looked up along the areas'
parent chain, and complete for the shipped units and areas."""

from __future__ import annotations

from pathlib import Path

from ukcsa_data import load
from ukcsa_data.core.plausibility import Bound, Bounds, load_bounds


def _bound(unit: str, geography: str, maximum: float) -> Bound:
    return Bound(unit, "level", geography, 0, maximum, True, True, True, f"{geography or 'any'}")


LOOKUP = Bounds(
    [_bound("people", "UK", 70), _bound("people", "England", 58), _bound("people", "", 8000)],
    {"North West": "England", "England": "England and Wales", "England and Wales": "UK", "Wales": "UK"},
)


def test_a_figure_takes_its_own_areas_bound() -> None:
    found = LOOKUP.find("people", "level", "England")
    assert found is not None and found.maximum == 58


def test_an_area_without_a_bound_takes_the_nearest_one_above_it() -> None:
    """North West has no row: England's applies; Wales has none: the UK's applies."""
    north_west, wales = LOOKUP.find("people", "level", "North West"), LOOKUP.find("people", "level", "Wales")
    assert north_west is not None and north_west.geography == "England"
    assert wales is not None and wales.geography == "UK"


def test_no_area_or_an_unlisted_one_takes_the_any_area_row() -> None:
    for geography in (None, "", "Atlantis", float("nan")):
        found = LOOKUP.find("people", "level", geography)  # type: ignore[arg-type]
        assert found is not None and found.geography == "", geography


def test_a_unit_or_measure_type_without_a_row_has_no_bound() -> None:
    assert LOOKUP.find("people", "change", "England") is None
    assert LOOKUP.find("images", "level", None) is None


def test_a_cycle_of_parents_ends_the_lookup() -> None:
    cyclic = Bounds([_bound("people", "", 1)], {"A": "B", "B": "A"})
    found = cyclic.find("people", "level", "A")
    assert found is not None and found.geography == ""


def test_every_shipped_unit_has_a_bound_and_every_bound_names_listed_codes(package_dir: Path) -> None:
    """Each unit of the units table has an any-area bound for level; each bound's unit and area
    are in the code lists (the foreign keys a vocabulary update must keep satisfied)."""
    bounds = load_bounds(package_dir)
    units = set(load("units", package_dir)["unit"])
    areas = set(load("areas", package_dir)["area"])
    assert {b.unit for b in bounds} == units
    assert {b.geography for b in bounds} - {""} <= areas
    for unit in units:
        assert any(b.unit == unit and b.measure_type == "level" and b.geography == "" for b in bounds), unit
    nations = {"England", "Wales", "Scotland", "Northern Ireland"}
    assert nations <= {b.geography for b in bounds if b.unit == "people"}
