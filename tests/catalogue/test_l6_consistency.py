"""Catalogue, layer 6: consistency.

Disagreements and arithmetic that does not fit are warnings (the package stays valid); a relation
between figures of the wrong units or of another source is an error, and so is a retired identifier
that is a row again, a replacement that is no row, and a retirement in a version not yet in reach;
a series naming a statistic no figure uses, or with gaps in its positions, is an error, and an
estimate of a series in another unit or geography than its first is a warning.
"""

from __future__ import annotations

from catalogue import FIGURES, PLAIN, RELATIONS, Expect, Pkg, case, encode_row, layer_test

RETIRED = "dataset/retired.csv"
SERIES = "dataset/series.csv"


@case("l6-relation-does-not-fit")
def _(pkg: Pkg) -> list[Expect]:
    # From and to swapped: 17,022 to 14,260 is -16.2 per cent, not "almost 20".
    base, new = pkg.cell("relations", 2, "from_figure_id"), pkg.cell("relations", 2, "to_figure_id")
    pkg.set_cell("relations", 2, "from_figure_id", new)
    pkg.set_cell("relations", 2, "to_figure_id", base)
    return [Expect(RELATIONS, 2, "result_figure_id", "relation-mismatch", ("-16.2",), severity="warning")]


@case("l6-statistic-mentions-disagree-on-period")
def _(pkg: Pkg) -> list[Expect]:
    # One mention of an estimate "current at publication" dated to its article's day; the first
    # mention of the statistic has no period. Its words state no year, so nothing else objects.
    line = pkg.find_line("figures", figure_id="fig-0014")
    statistic = pkg.cell("figures", line, "statistic_id")
    first = next(n for n in range(2, line) if pkg.cell("figures", n, "statistic_id") == statistic)
    source = pkg.cell("figures", line, "source_id")
    published = pkg.cell("sources", pkg.find_line("sources", source_id=source), "published_date")
    pkg.set_cell("figures", line, "period_start", published)
    pkg.set_cell("figures", line, "period_end", published)
    return [
        Expect(
            FIGURES, line, "period_start", "statistic-disagreement", (f"line {first}",), severity="warning"
        )
    ]


@case("l6-relation-figures-in-different-units", "relation-units")
def _(pkg: Pkg) -> list[Expect]:
    # The change from a count of arrests to a count of cases: the wrong figure of the same article.
    line = pkg.find_line("relations", relation_id="rel-0001")
    source = pkg.cell("relations", line, "source_id")
    assert pkg.cell("figures", pkg.find_line("figures", figure_id="fig-0040"), "source_id") == source
    pkg.set_cell("relations", line, "from_figure_id", "fig-0040")
    return [Expect(RELATIONS, line, "operation", "relation-units", ("same unit",))]


@case("l6-relation-figure-from-another-source", "relation-source")
def _(pkg: Pkg) -> list[Expect]:
    # A figure of another article, by a slip of the figure id.
    line = pkg.find_line("relations", relation_id="rel-0001")
    pkg.set_cell("relations", line, "from_figure_id", "fig-0019")
    return [Expect(RELATIONS, line, "source_id", "relation-source", ("fig-0019",))]


def _retire(pkg: Pkg, *cells: str) -> int:
    lines = pkg.lines("retired")
    lines.append(encode_row(list(cells)))
    pkg.write_lines("retired", lines)
    return len(lines)


def _version(pkg: Pkg) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in pkg.descriptor()["version"].split("."))
    return major, minor, patch


def _next_major(pkg: Pkg) -> str:
    """The release a removed row goes into."""
    return f"{_version(pkg)[0] + 1}.0.0"


def _renumber(pkg: Pkg, figure_id: str) -> str:
    """Give the figure ``figure_id`` the next unused figure_id (its old one must then be retired)."""
    numbers = [int(pkg.cell("figures", n, "figure_id")[4:]) for n in range(2, len(pkg.lines("figures")) + 1)]
    new_id = f"fig-{max(numbers) + 1:04d}"
    pkg.set_figure(figure_id, "figure_id", new_id)
    return new_id


@case("l6-retired-figure-held-by-a-new-row")
def _(pkg: Pkg) -> list[Expect]:
    # "saw 131 suspects arrested" removed and its mention recorded again under a new ID.
    new_id = _renumber(pkg, PLAIN)
    _retire(pkg, PLAIN, "figures", _next_major(pkg), "Recorded again as a new row, for this test.", new_id)
    return []


@case("l6-retired-figure-still-a-row", "retired-id-in-use")
def _(pkg: Pkg) -> list[Expect]:
    # A retirement added while the row is still there: a retired ID never comes back.
    figure = pkg.find_line("figures", figure_id=PLAIN)
    line = _retire(pkg, PLAIN, "figures", _next_major(pkg), "Retired although the row is still there.", "")
    return [
        Expect(RETIRED, line, "id", "retired-id-in-use", (f"dataset/figures.csv has it on line {figure}",))
    ]


@case("l6-retired-figure-replaced-by-no-figure", "retired-replacement")
def _(pkg: Pkg) -> list[Expect]:
    # replaced_by names the relation, by a slip, not the figure that holds the mention now.
    _renumber(pkg, PLAIN)
    line = _retire(
        pkg, PLAIN, "figures", _next_major(pkg), "Recorded again as a new row, for this test.", "rel-0001"
    )
    return [
        Expect(
            RETIRED,
            line,
            "replaced_by",
            "retired-replacement",
            ("rel-0001 is no row of dataset/figures.csv",),
        )
    ]


@case("l6-retired-figure-replaced-by-a-retired-one", "retired-replacement")
def _(pkg: Pkg) -> list[Expect]:
    # Renumbered twice; the first retirement still names the second ID, retired in its turn.
    first = _renumber(pkg, PLAIN)
    second = _renumber(pkg, first)
    release = _next_major(pkg)
    line = _retire(pkg, PLAIN, "figures", release, "Recorded again as a new row, for this test.", first)
    later = _retire(pkg, first, "figures", release, "Recorded again as a new row, for this test.", second)
    return [
        Expect(
            RETIRED,
            line,
            "replaced_by",
            "retired-replacement",
            (f"retired too (line {later})", f"({second})"),
        )
    ]


@case("l6-retired-in-a-version-after-the-next-release", "retired-version")
def _(pkg: Pkg) -> list[Expect]:
    # A slip of the version: one step past the next major release.
    major, minor, _patch = _version(pkg)
    new_id = _renumber(pkg, PLAIN)
    slip = f"{major + 1}.{minor + 1}.0"
    line = _retire(pkg, PLAIN, "figures", slip, "Recorded again as a new row, for this test.", new_id)
    version = pkg.descriptor()["version"]
    return [Expect(RETIRED, line, "retired_in", "retired-version", (f"{slip} is after version {version}",))]


@case("l6-series-statistic-used-by-no-figure", "series-statistic-unknown")
def _(pkg: Pkg) -> list[Expect]:
    # A slip of the year in the 2020 estimate's statistic_id.
    line = pkg.find_line("series", statistic_id="nca-people-posing-sexual-threat-2020")
    pkg.set_cell("series", line, "statistic_id", "nca-people-posing-sexual-threat-2021")
    return [
        Expect(
            SERIES,
            line,
            "statistic_id",
            "series-statistic-unknown",
            ("nca-people-posing-sexual-threat-2021",),
        )
    ]


@case("l6-series-position-gap", "series-position")
def _(pkg: Pkg) -> list[Expect]:
    # Three estimates at positions 1, 2 and 4.
    line = pkg.find_line("series", statistic_id="nca-people-posing-sexual-risk-2022")
    pkg.set_cell("series", line, "position", "4")
    return [Expect(SERIES, line, "position", "series-position", ("position 4 in a series of 3 rows",))]


@case("l6-series-position-repeated", "series-position")
def _(pkg: Pkg) -> list[Expect]:
    # Two estimates at position 2, none at 3.
    second = pkg.find_line("series", statistic_id="nca-people-posing-sexual-threat-2020")
    third = pkg.find_line("series", statistic_id="nca-people-posing-sexual-risk-2022")
    pkg.set_cell("series", third, "position", "2")
    return [
        Expect(SERIES, second, "position", "series-position", (f"also on line {third}",)),
        Expect(SERIES, third, "position", "series-position", (f"also on line {second}",)),
    ]


@case("l6-series-estimate-in-another-unit")
def _(pkg: Pkg) -> list[Expect]:
    # A monthly count of offenders arrested linked to the estimates of people: a warning.
    lines = pkg.lines("series")
    series_id = pkg.cell("series", 2, "series_id")
    statistic = "nca-police-offenders-arrested-monthly-2020"
    lines.append(encode_row([series_id, statistic, "4", "The articles do not say how it was made.", ""]))
    pkg.write_lines("series", lines)
    return [
        Expect(
            SERIES,
            len(lines),
            "statistic_id",
            "series-mismatch",
            ("unit offenders", "from people"),
            severity="warning",
        )
    ]


@case("l6-area-parent-cycle", "area-parent-cycle")
def _(pkg: Pkg) -> list[Expect]:
    # England and Wales placed inside England, which lies inside England and Wales: no top.
    line = pkg.set_cell("areas", pkg.find_line("areas", area="England and Wales"), "parent", "England")
    england = pkg.find_line("areas", area="England")
    return [
        Expect("dataset/areas.csv", line, "parent", "area-parent-cycle", ("England and Wales -> England",)),
        Expect(
            "dataset/areas.csv", england, "parent", "area-parent-cycle", ("England -> England and Wales",)
        ),
    ]


test_broken_package = layer_test(__name__)
