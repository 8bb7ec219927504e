"""Layer 7: no text cell that common readers turn into a missing value.

``pandas.read_csv`` by default reads a cell that is exactly one of its ``na_values`` (``NA``,
``N/A``, ``null``, ``None``, ``NaN``, ``#N/A``, ``<NA>``...) as missing, and readr's ``read_csv`` and
R's ``read.csv`` read ``NA`` so (readr also with spaces around it, which layer 2 refuses as
``whitespace``); DuckDB, frictionless and polars read only the empty cell so, which
is how this package writes a missing value. A text cell holding one of those words would be VALID
here and missing for those clients, so it is an error (``read-as-missing``) that says how to write
it: empty if it is missing, or in other words if it is text.
"""

from __future__ import annotations

from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.table_schema import Field
from ukcsa_data.validation.l3_types.field_types import TypedTable

#: pandas' default ``na_values`` (``pandas._libs.parsers.STR_NA_VALUES``, less the empty cell)
#: and R's (readr's ``na = c("", "NA")``, base R's ``na.strings = "NA"``); a test compares
#: them with the installed pandas. DuckDB (``nullstr``), frictionless (``missingValues``) and polars
#: read only the empty cell as missing.
PANDAS = frozenset(
    {
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    }
)
R = frozenset({"NA"})
READ_AS_MISSING = PANDAS | R


def _readers(cell: str) -> str:
    """The readers that read ``cell`` as missing, in words."""
    return "pandas.read_csv, readr and R's read.csv" if cell in R else "pandas.read_csv"


def missing_problem(cell: str) -> str | None:
    """Why ``cell`` (a text cell as written) would be read as missing by a common reader, or None."""
    if cell not in READ_AS_MISSING:
        return None
    return (
        f"{show(cell)} is read as a missing value by {_readers(cell)} (by default), so clients would "
        "not see it; leave the cell empty if the value is missing, or write it in other words "
        '(such as "not applicable" or "none stated")'
    )


def check_read_as_missing(table: TypedTable, fields: tuple[Field, ...], report: Report) -> None:
    """Report each text cell of ``table`` that a common reader reads as missing."""
    for field in fields:
        if field.type != "string":
            continue
        column = table.columns[field.name]
        if READ_AS_MISSING.isdisjoint(column):  # one pass at C speed for a column without them
            continue
        for row, cell in enumerate(column):
            problem = missing_problem(cell) if isinstance(cell, str) else None
            if problem:
                report.add(table.path, table.lines[row], field.name, "read-as-missing", problem)
