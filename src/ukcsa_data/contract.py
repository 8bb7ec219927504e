"""The column contract: the resources and fields every version of the package must have.

Contributors may add optional columns; they may not rename, drop or reorder these.
"""

from __future__ import annotations

CONTRACT: dict[str, tuple[str, ...]] = {
    "sources": (
        "source_id",
        "publisher",
        "title",
        "url",
        "published_date",
        "date_basis",
        "seed_file",
        "sha256",
        "author",
        "notes",
    ),
    "figures": (
        "figure_id",
        "source_id",
        "quote",
        "occurrence",
        "value_text",
        "value",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "per",
        "measure",
        "measure_type",
        "geography",
        "period_start",
        "period_end",
        "attributed_to",
        "kind",
        "statistic_id",
        "notes",
    ),
    "exclusions": ("source_id", "text", "quote", "occurrence", "reason"),
    "relations": (
        "relation_id",
        "source_id",
        "operation",
        "result_figure_id",
        "from_figure_id",
        "to_figure_id",
        "notes",
    ),
}
