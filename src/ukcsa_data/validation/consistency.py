"""Layer 6, consistency: mentions of one statistic agree, and stated arithmetic adds up.

Disagreements are warnings, not errors: the articles really do disagree, and the data records
what they say. A relation whose figures are missing or of the wrong unit is an error.
"""

from __future__ import annotations

from typing import Any

from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report

_COMPARED = {
    "unit": ("unit",),
    "value": ("value", "value_low", "value_high"),
    "period": ("period_start", "period_end"),
    "geography": ("geography",),
}


def _describe(values: tuple[Any, ...]) -> str:
    shown = ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in values]
    return "/".join(shown) if any(shown) else "(empty)"


def check_statistic_agreement(figures: TypedTable, report: Report) -> None:
    """Warn where mentions sharing a statistic_id differ in unit, value, period or geography."""
    columns = figures.columns
    unchecked = {row for row, _ in figures.invalid}  # already reported; None is not a disagreement
    first_row: dict[str, int] = {}
    for row, statistic_id in enumerate(columns["statistic_id"]):
        if statistic_id is None or row in unchecked:
            continue
        if statistic_id not in first_row:
            first_row[statistic_id] = row
            continue
        base = first_row[statistic_id]
        for aspect, names in _COMPARED.items():
            here = tuple(columns[n][row] for n in names)
            there = tuple(columns[n][base] for n in names)
            if here != there:
                report.add(
                    figures.path,
                    figures.lines[row],
                    names[0],
                    "statistic-disagreement",
                    f"{statistic_id}: {aspect} {_describe(here)} differs from {_describe(there)} "
                    f"on line {figures.lines[base]}",
                    severity="warning",
                )


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0


def stated_result_fits(
    computed: float, value: float | None, low: float | None, high: float | None, qualifier: str
) -> bool:
    """Whether ``computed`` is what a figure qualified by ``qualifier`` says."""
    if qualifier == "range":
        return low is not None and high is not None and low <= computed <= high
    if value is None:
        return False
    rounding = 0.5 * 10 ** -_decimals(value)
    leeway = max(rounding, 0.1 * abs(value))
    checks = {
        "exact": abs(computed - value) <= rounding,
        "around": abs(computed - value) <= leeway,
        "almost": value - leeway <= computed <= value,
        "more_than": computed > value,
        "at_least": computed >= value,
        "up_to": computed <= value,
        "under": computed < value,
    }
    return bool(checks.get(qualifier, False))


def check_relations(relations: TypedTable, figures: TypedTable, report: Report) -> None:
    """Recompute each relation and compare it with the figure the article gives."""
    unchecked = {row for row, _ in figures.invalid}
    index = {fid: row for row, fid in enumerate(figures.columns["figure_id"]) if fid is not None}
    col = figures.columns
    rejected = {row for row, _ in relations.invalid}
    for row in range(len(relations.lines)):
        if row in rejected:
            continue  # already reported by layer 3
        line = relations.lines[row]
        ids = {
            name: relations.columns[name][row]
            for name in ("result_figure_id", "from_figure_id", "to_figure_id")
        }
        if any(fid not in index or index[fid] in unchecked for fid in ids.values()):
            continue  # already reported: a foreign-key problem or a figure with an invalid cell
        rows = {name: index[fid] for name, fid in ids.items()}
        source_id = relations.columns["source_id"][row]
        wrong_source = [ids[n] for n, r in rows.items() if col["source_id"][r] != source_id]
        if wrong_source:
            report.add(
                relations.path,
                line,
                "source_id",
                "relation-source",
                f"{', '.join(wrong_source)} come from another source",
            )
            continue
        result, base, new = rows["result_figure_id"], rows["from_figure_id"], rows["to_figure_id"]
        if col["unit"][result] != "percent" or col["unit"][base] != col["unit"][new]:
            report.add(
                relations.path,
                line,
                "operation",
                "relation-units",
                "a percent_change needs a percent result and two figures in the same unit",
            )
            continue
        old_value, new_value = col["value"][base], col["value"][new]
        if old_value in (None, 0) or new_value is None:
            report.add(
                relations.path, line, "from_figure_id", "relation-units", "both figures need a non-zero value"
            )
            continue
        computed = (new_value - old_value) / old_value * 100
        qualifier = col["qualifier"][result]
        if not stated_result_fits(
            computed, col["value"][result], col["value_low"][result], col["value_high"][result], qualifier
        ):
            report.add(
                relations.path,
                line,
                "result_figure_id",
                "relation-mismatch",
                f"{old_value:g} to {new_value:g} is a change of {computed:+.1f} per cent, "
                f"which does not fit '{qualifier}' {_describe((col['value'][result],))}",
                severity="warning",
            )


def check_consistency(tables: dict[str, TypedTable], report: Report) -> None:
    """Run the consistency checks that the present tables allow."""
    figures = tables.get("figures")
    if figures is None:
        return
    check_statistic_agreement(figures, report)
    relations = tables.get("relations")
    if relations is not None:
        check_relations(relations, figures, report)
