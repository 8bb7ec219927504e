"""Load the package's tables as pandas (or polars) DataFrames typed from their Table Schemas."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import pandas as pd

from ukcsa_data.core import limits
from ukcsa_data.core.package_files import RESOURCE_NAMES, bundled_package_dir, read_bytes
from ukcsa_data.core.table_schema import (
    Field,
    TableSchema,
    code_list_references,
    load_table_schema,
    resource_descriptor,
)

if TYPE_CHECKING:
    import polars as pl

Backend = Literal["pandas", "polars"]
BACKENDS: tuple[Backend, ...] = ("pandas", "polars")
POLARS_MISSING = (
    "backend='polars' needs polars, which is not installed: pip install 'ukcsa-data[polars]' "
    "(or pip install polars)"
)


def _typed(column: pd.Series, field: Field, categories: list[str] | None) -> pd.Series:
    if categories is not None:
        return column.astype(pd.CategoricalDtype(categories=categories))
    if field.type == "date":
        return pd.to_datetime(column, format="%Y-%m-%d").astype("datetime64[s]")  # years 1-9999
    if field.type == "number":
        return pd.to_numeric(column).astype("float64")
    if field.type == "integer":
        return pd.to_numeric(column).astype("Int64")
    return column.astype("string")


def _polars_dtype(field: Field, categories: list[str] | None) -> Any:
    import polars as pl

    if categories is not None:
        return pl.Enum(categories)
    return {"date": pl.Date, "number": pl.Float64, "integer": pl.Int64}.get(field.type, pl.String)


def _plain(value: Any, field: Field) -> Any:
    if pd.isna(value):  # pd.NA, NaN or NaT
        return None
    return value.date() if field.type == "date" else value


def _to_polars(frame: pd.DataFrame, schema: TableSchema, categories: dict[str, list[str]]) -> pl.DataFrame:
    """The pandas frame as a polars frame of the same types, built column by column (no pyarrow)."""
    try:
        import polars as pl
    except ImportError:
        raise ImportError(POLARS_MISSING) from None
    return pl.DataFrame(
        [
            pl.Series(
                field.name,
                [_plain(value, field) for value in frame[field.name].tolist()],
                dtype=_polars_dtype(field, categories.get(field.name)),
            )
            for field in schema.fields
        ]
    )


@overload
def load(
    name: str, package_dir: str | Path | None = None, *, backend: Literal["pandas"] = "pandas"
) -> pd.DataFrame: ...


@overload
def load(name: str, package_dir: str | Path | None = None, *, backend: Literal["polars"]) -> pl.DataFrame: ...


def load(
    name: str, package_dir: str | Path | None = None, *, backend: Backend = "pandas"
) -> pd.DataFrame | pl.DataFrame:
    """Return table ``name`` as a typed DataFrame. The tables (``RESOURCE_NAMES``; what each
    column means: ``ukcsa_data.describe(name)``):

    - ``"areas"``: the UK areas a figure may cover (``figures.geography``);
    - ``"units"``: the units a figure may be in (``figures.unit``);
    - ``"bounds"``: the plausibility bounds the validator checks each figure against;
    - ``"sources"``: one row per article (publisher, title, address, date);
    - ``"figures"``: one row per mention of a figure in an article, with its verbatim quote;
    - ``"exclusions"``: numbers in the articles that are not figures, with the reason;
    - ``"relations"``: arithmetic an article states between its own figures;
    - ``"waivers"``: reviewed exceptions to the validator's word checks;
    - ``"retired"``: identifiers removed from a released version;
    - ``"series"``: successive estimates of one quantity, in order.

    Dates are ``datetime64[s]`` (any year from 1 to 9999), numbers ``float64``, integers nullable
    ``Int64``, fields with an ``enum`` constraint ``Categorical`` with the schema's categories,
    fields that refer to a code list (``figures.unit`` to ``units``, ``figures.geography`` to
    ``areas``) ``Categorical`` with that table's codes, other text ``string``. Empty cells are
    missing values. ``package_dir`` defaults to the package bundled with the library.

    With ``backend="polars"`` (needs polars: ``pip install 'ukcsa-data[polars]'``) the result is a
    polars DataFrame with the same values: dates ``Date``, numbers ``Float64``, integers ``Int64``,
    enumerations and code-list references ``Enum`` with the same categories, other text
    ``String``; missing values null.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown table {name!r}; choose one of {', '.join(RESOURCE_NAMES)}")
    root = Path(package_dir) if package_dir is not None else bundled_package_dir()
    schema, raw = _read(name, root)
    categories = _categories(schema, root)
    frame = _typed_frame(name, schema, raw, categories)
    return _to_polars(frame, schema, categories) if backend == "polars" else frame


def _typed_frame(
    name: str, schema: TableSchema, raw: pd.DataFrame, categories: dict[str, list[str]]
) -> pd.DataFrame:
    """The cells of table ``name`` typed by its schema; a cell that is not of its type is a
    ValueError that names the column."""
    columns = {}
    for field in schema.fields:
        try:
            columns[field.name] = _typed(raw[field.name], field, categories.get(field.name))
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"table {name!r}, column {field.name!r} is not valid {field.type} data ({error}); "
                "run 'ukcsa-data validate' to see every problem"
            ) from None
    return pd.DataFrame(columns)


def _read(name: str, root: Path) -> tuple[TableSchema, pd.DataFrame]:
    """The Table Schema of table ``name`` and its cells as text (missing values NaN)."""
    schema = load_table_schema(name, root)
    data = read_bytes(root, str(resource_descriptor(name, root)["path"]), limits.active().csv_bytes)
    raw = pd.read_csv(
        io.BytesIO(data),
        dtype=str,
        keep_default_na=False,
        na_values=list(schema.missing_values),
        encoding="utf-8",
    )
    missing = [field.name for field in schema.fields if field.name not in raw.columns]
    if missing:
        raise ValueError(f"table {name!r} has no column {', '.join(missing)}; run 'ukcsa-data validate'")
    return schema, raw


def _categories(schema: TableSchema, root: Path) -> dict[str, list[str]]:
    """Field name -> the categories of a field loaded as a Categorical: its enum, or the codes of
    the code list (areas, units) its foreign key refers to, in that table's order."""
    categories = {field.name: field.enum for field in schema.fields if field.enum is not None}
    for name, (target, key) in code_list_references(schema).items():
        categories[name] = list(dict.fromkeys(_read(target, root)[1][key].dropna()))
    return categories


def load_all(package_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Return every table of the package, keyed by name."""
    return {name: load(name, package_dir) for name in RESOURCE_NAMES}
