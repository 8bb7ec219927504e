"""Layer 6, consistency: series of successive estimates (``dataset/series.csv``).

A series links the estimates of one quantity in order (the NCA's estimates of people who pose a
sexual threat to children in 2018, 2020 and 2022). ``statistic_id`` is not a primary key of
``figures`` (it is shared by every mention of a statistic), so it cannot be a foreign key: a rule
checks that a figure uses it instead. The positions of a series run 1 to n without gaps, and its
estimates share the unit and geography of the first (a warning where they do not: the articles may
describe them differently, and the data records what they say).

Each check is a rule of a series row (:data:`SERIES_RULES`); a row with a cell layer 3 could not
read is not checked, and nothing is compared with a figures table that could not be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding, readable_rows, unreadable_rows


@dataclass(frozen=True)
class Statistic:
    """A statistic's first mention in figures: its line, unit and geography."""

    line: int
    unit: str | None
    geography: str | None


@dataclass(frozen=True)
class Lineage:
    """What a series row is checked against: each statistic's first mention (None if the figures
    table was not read whole), each series' rows by position (position -> lines), each series'
    size and the statistic_id at its lowest position."""

    statistics: dict[str, Statistic] | None
    positions: dict[str, dict[int, list[int]]]
    first: dict[str, str]

    @classmethod
    def of(cls, series: TypedTable, figures: TypedTable | None) -> Lineage:
        statistics: dict[str, Statistic] | None = None
        if figures is not None and not unreadable_rows(figures):
            statistics = {}
            columns = figures.columns
            for n, statistic_id in enumerate(columns["statistic_id"]):
                if statistic_id is not None and statistic_id not in statistics:
                    statistics[statistic_id] = Statistic(
                        figures.lines[n], columns["unit"][n], columns["geography"][n]
                    )
        positions: dict[str, dict[int, list[int]]] = {}
        lowest: dict[str, tuple[int, str]] = {}
        rows = zip(
            series.columns["series_id"],
            series.columns["statistic_id"],
            series.columns["position"],
            strict=True,
        )
        for (series_id, statistic_id, position), line in zip(rows, series.lines, strict=True):
            if series_id is None or statistic_id is None or position is None:
                continue
            positions.setdefault(series_id, {}).setdefault(position, []).append(line)
            if series_id not in lowest or position < lowest[series_id][0]:
                lowest[series_id] = (position, statistic_id)
        first = {series_id: statistic_id for series_id, (_, statistic_id) in lowest.items()}
        return cls(statistics, positions, first)


#: The rules of a series row.
SERIES_RULES: RuleSet[Lineage] = RuleSet("series")


@SERIES_RULES.rule("series-statistic-unknown")
def series_statistic_unknown(row: Row, lineage: Lineage) -> Iterator[Finding]:
    """The row's ``statistic_id`` is used by at least one figure.

    Bad: nca-people-posing-sexual-threat-2021, which no row of figures.csv uses.
    Good: nca-people-posing-sexual-threat-2020, the statistic_id of fig-0021 to fig-0023.
    """
    if lineage.statistics is not None and row["statistic_id"] not in lineage.statistics:
        yield Finding(
            "series-statistic-unknown",
            "statistic_id",
            f"{row['statistic_id']} is the statistic_id of no row of dataset/figures.csv; "
            "name a statistic the figures record",
        )


@SERIES_RULES.rule("series-position")
def series_position(row: Row, lineage: Lineage) -> Iterator[Finding]:
    """The positions of a series run 1, 2, ... n for its n rows, each once.

    Bad: positions 1, 2 and 4 in a series of three estimates, or two rows at position 2.
    Good: positions 1, 2 and 3, in the order the estimates were made public.
    """
    by_position = lineage.positions[row["series_id"]]
    size = sum(len(lines) for lines in by_position.values())
    position = row["position"]
    others = [line for line in by_position[position] if line != row.line]
    if position > size:
        yield Finding(
            "series-position",
            "position",
            f"position {position} in a series of {size} rows: positions run from 1 to {size} without gaps",
        )
    elif others:
        shown = ", ".join(str(line) for line in others)
        yield Finding(
            "series-position", "position", f"position {position} is also on line {shown} of this series"
        )


@SERIES_RULES.rule("series-mismatch")
def series_mismatch(row: Row, lineage: Lineage) -> Iterator[Finding]:
    """An estimate of a series has the unit and geography of the series' first estimate, as the
    first mentions of the two statistics record them (a warning: the articles may differ).

    Bad: a series of people in the UK whose second estimate counts offenders, or covers England
    and Wales. Good: each estimate a number of people in the UK.
    """
    statistics = lineage.statistics
    first_id = lineage.first[row["series_id"]]
    if statistics is None or first_id == row["statistic_id"]:
        return
    here, there = statistics.get(row["statistic_id"]), statistics.get(first_id)
    if here is None or there is None:
        return  # a statistic no figure uses (series-statistic-unknown)
    for aspect in ("unit", "geography"):
        mine, theirs = getattr(here, aspect), getattr(there, aspect)
        if mine != theirs:
            yield Finding(
                "series-mismatch",
                "statistic_id",
                f"{row['statistic_id']}: {aspect} {mine or '(empty)'} (dataset/figures.csv line {here.line}) "
                f"differs from {theirs or '(empty)'} of the series' first estimate, {first_id} "
                f"(line {there.line})",
                severity="warning",
            )


def check_series(tables: dict[str, TypedTable], report: Report) -> None:
    """Check each series row against the figures and the other rows of its series."""
    series = tables.get("series")
    if series is None:
        return
    lineage = Lineage.of(series, tables.get("figures"))
    for index in readable_rows(series):
        row = Row(series, index)
        for finding in SERIES_RULES.findings(row, lineage):
            add_finding(report, row, finding)
