"""Layer 6, consistency: the areas' parent chains (``dataset/areas.csv``).

A figure's plausibility bound is looked up along its area's parents (``areas.parent``), so each
chain must end at an area without a parent; a chain that comes back to where it started has no
top. Each check is a rule of an areas row (:data:`AREA_RULES`); a row with a cell layer 3 could
not read is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding, readable_rows

#: The rules of an areas row, given every readable area's parent.
AREA_RULES: RuleSet[dict[str, str]] = RuleSet("areas")


@AREA_RULES.rule("area-parent-cycle")
def area_parent_cycle(row: Row, parents: dict[str, str]) -> Iterator[Finding]:
    """Following ``parent`` from the area never comes back to it.

    Bad: England with parent Wales, and Wales with parent England.
    Good: England and Wales both with parent England and Wales, whose parent is Great Britain.
    """
    area = row["area"]
    chain, seen = [area], {area}
    at = parents.get(area)
    while at:
        chain.append(at)
        if at == area:
            yield Finding(
                "area-parent-cycle",
                "parent",
                f"the parents of {area} come back to it ({' -> '.join(chain)}): an area's parent "
                "must lie above it; correct parent so that the chain ends at an area without one",
            )
            return
        if at in seen:
            return  # a cycle further up: reported on its own areas
        seen.add(at)
        at = parents.get(at)


def check_area_parents(tables: dict[str, TypedTable], report: Report) -> None:
    """Check each area's parent chain."""
    areas = tables.get("areas")
    if areas is None:
        return
    readable = readable_rows(areas)
    columns = areas.columns
    parents = {columns["area"][i]: columns["parent"][i] for i in readable if columns["parent"][i]}
    if not parents:
        return
    for index in readable:
        row = Row(areas, index)
        for finding in AREA_RULES.findings(row, parents):
            add_finding(report, row, finding)
