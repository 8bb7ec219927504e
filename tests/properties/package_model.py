"""An in-memory model of a data package, and the one function that writes it to a directory.

The model keeps what a contributor decides (sources with the sentences of their articles; figures
and exclusions pointing at those sentences; relations), and :func:`render` derives everything that
must agree with it: the seed texts, their checksums, each row's quote and occurrence, the CSV
files in the package's dialect and the hashes in ``datapackage.json`` (written by the same pieces
as the benchmarks' packages: ``benchmarks/synthetic/files.py``). A property changes the
model (a value, a date, a row) and renders again, so only the rule it means to break is broken.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from synthetic.files import (
    CODE_TABLES,
    REPO_ROOT,
    RESOURCES,
    positions,
    repository_descriptor,
    repository_rows,
    start_package,
    table_writer,
    write_descriptor,
)

from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.writer import format_number


def read_schema(name: str) -> dict[str, Any]:
    """The repository's Table Schema of resource ``name``."""
    path = REPO_ROOT / "schemas" / f"{name}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


SCHEMAS: dict[str, dict[str, Any]] = {name: read_schema(name) for name in RESOURCES}
FIELDS: dict[str, dict[str, dict[str, Any]]] = {
    name: {f["name"]: f for f in schema["fields"]} for name, schema in SCHEMAS.items()
}


def field_names(resource: str) -> list[str]:
    return [f["name"] for f in SCHEMAS[resource]["fields"]]


def constraints(resource: str, name: str) -> dict[str, Any]:
    return dict(FIELDS[resource][name].get("constraints", {}))


def enum(resource: str, name: str) -> list[str]:
    """The allowed values of a field, from its Table Schema."""
    return list(constraints(resource, name)["enum"])


def codes(resource: str, name: str) -> list[str]:
    """The codes a field that refers to a code list may take: column ``name`` of ``resource``."""
    return [row[name] for row in repository_rows(resource)]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a seed text, around one numeric span (a value_text or an exclusion's text).

    The row's quote is cut from the sentence: it starts ``cut_start`` characters in (inside
    ``before``) and leaves off the last ``cut_end`` characters (inside ``after``).
    """

    before: str
    span: str
    after: str
    cut_start: int = 0
    cut_end: int = 0

    @property
    def text(self) -> str:
        return self.before + self.span + self.after

    @property
    def quote(self) -> str:
        return self.text[self.cut_start : len(self.text) - self.cut_end]

    def with_span(self, span: str) -> Sentence:
        return replace(self, span=span)


@dataclass(frozen=True)
class Source:
    source_id: str
    publisher: str
    title: str
    url: str | None
    published_date: date
    date_basis: str
    seed_file: str
    author: str | None
    notes: str | None
    #: The seed text, in order: ("figure", index), ("exclusion", index) or ("text", filler).
    layout: tuple[tuple[str, Any], ...] = ()
    separator: str = "\n\n"


@dataclass(frozen=True)
class Figure:
    figure_id: str
    source: int  # index into Package.sources
    sentence: Sentence
    value: Decimal | None
    value_low: Decimal | None
    value_high: Decimal | None
    qualifier: str
    unit: str
    per: str | None
    measure: str
    measure_type: str
    geography: str | None
    period_start: date | None
    period_end: date | None
    attributed_to: str | None
    kind: str
    statistic_id: str
    notes: str | None
    #: Overrides for mutations: a row's own quote, occurrence or value_text, or no row at all.
    quote: str | None = None
    occurrence: int | None = None
    value_text: str | None = None
    has_row: bool = True
    #: Raw cell overrides, by field name (for values no model field can hold, such as bad dates).
    cells: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Exclusion:
    source: int
    sentence: Sentence
    reason: str
    has_row: bool = True


@dataclass(frozen=True)
class Relation:
    relation_id: str
    source: int
    result: int  # figure indexes
    base: int
    new: int
    notes: str | None = None


@dataclass(frozen=True)
class Package:
    sources: tuple[Source, ...]
    figures: tuple[Figure, ...]
    exclusions: tuple[Exclusion, ...]
    relations: tuple[Relation, ...]
    #: Waivers rows: (resource, key, code, reason).
    waivers: tuple[tuple[str, str, str, str], ...] = ()
    #: Retired rows: (id, table, retired_in, reason, replaced_by).
    retired: tuple[tuple[str, str, str, str, str], ...] = ()
    #: Series rows: (series_id, statistic_id, position, basis, notes).
    series: tuple[tuple[str, str, str, str, str], ...] = ()
    #: Raw cell overrides for source rows: (source index, field, text).
    source_cells: tuple[tuple[int, str, str], ...] = ()
    #: Raw cell overrides for any table: (resource, row number from 0 as written, field, text).
    cells: tuple[tuple[str, int, str, str], ...] = ()

    def replace_figure(self, index: int, **changes: Any) -> Package:
        figures = list(self.figures)
        figures[index] = replace(figures[index], **changes)
        return replace(self, figures=tuple(figures))

    def set_figure(self, index: int, figure: Figure) -> Package:
        figures = list(self.figures)
        figures[index] = figure
        return replace(self, figures=tuple(figures))

    def replace_source(self, index: int, **changes: Any) -> Package:
        sources = list(self.sources)
        sources[index] = replace(sources[index], **changes)
        return replace(self, sources=tuple(sources))

    def in_relations(self) -> set[int]:
        return {i for r in self.relations for i in (r.result, r.base, r.new)}

    def shared_statistics(self) -> set[int]:
        """Figures whose statistic_id another figure also uses."""
        ids = [f.statistic_id for f in self.figures]
        return {i for i, s in enumerate(ids) if ids.count(s) > 1}


# ---------------------------------------------------------------------------------------------
# Rendering


@dataclass
class Rendered:
    """Where things ended up: CSV line of each figure and exclusion row, seed offsets and lines."""

    root: Path
    figure_lines: dict[int, int] = field(default_factory=dict)
    exclusion_lines: dict[int, int] = field(default_factory=dict)
    source_lines: dict[int, int] = field(default_factory=dict)
    seed_texts: dict[int, str] = field(default_factory=dict)
    #: (figure or exclusion, index) -> offset of its sentence in its seed
    sentence_offsets: dict[tuple[str, int], int] = field(default_factory=dict)

    def seed_line(self, source: int, offset: int) -> int:
        return self.seed_texts[source].count("\n", 0, offset) + 1


def _number(x: Decimal | None) -> str:
    return "" if x is None else format_number(float(x))


def _text(x: object) -> str:
    if x is None:
        return ""
    if isinstance(x, date):
        return x.isoformat()
    return str(x)


def _write_csv(path: Path, resource: str, rows: list[dict[str, str]]) -> bytes:
    """Write table ``resource`` in the builder's dialect; the bytes written."""
    buffer = io.StringIO()
    table_writer(buffer, resource).writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(data)
    return data


def seed_text(package: Package, index: int) -> tuple[str, dict[tuple[str, int], int]]:
    """The seed of source ``index`` and the offset of each figure's and exclusion's sentence."""
    source = package.sources[index]
    parts: list[str] = []
    offsets: dict[tuple[str, int], int] = {}
    at = 0
    for kind, ref in source.layout:
        if parts:
            parts.append(source.separator)
            at += len(source.separator)
        if kind == "text":
            text = ref
        else:
            text = (package.figures[ref] if kind == "figure" else package.exclusions[ref]).sentence.text
            offsets[(kind, ref)] = at
        parts.append(text)
        at += len(text)
    parts.append("\n")
    return "".join(parts), offsets


def _locate(text: str, sentence: Sentence, offset: int) -> tuple[str, int]:
    """The quote cut from ``sentence`` at ``offset`` of ``text``, and its occurrence there."""
    quote = sentence.quote
    start = offset + sentence.cut_start
    found = positions(text, quote)
    assert start in found, (quote, start)
    in_quote = quote.find(sentence.span)
    assert in_quote == len(sentence.before) - sentence.cut_start, (quote, sentence.span)
    return quote, found.index(start) + 1


def _source_rows(package: Package, root: Path, rendered: Rendered) -> list[dict[str, str]]:
    """Write each source's seed and return the sources rows; record seed texts, offsets and lines."""
    rows: list[dict[str, str]] = []
    for index, source in enumerate(package.sources):
        text, offsets = seed_text(package, index)
        rendered.seed_texts[index] = text
        for key, offset in offsets.items():
            rendered.sentence_offsets[key] = offset
        raw = text.encode("utf-8")
        (root / source.seed_file).write_bytes(raw)
        row = {
            "source_id": source.source_id,
            "publisher": source.publisher,
            "title": source.title,
            "url": _text(source.url),
            "published_date": source.published_date.isoformat(),
            "date_basis": source.date_basis,
            "seed_file": source.seed_file,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "author": _text(source.author),
            "notes": _text(source.notes),
        }
        for at, name, cell in package.source_cells:
            if at == index:
                row[name] = cell
        rendered.source_lines[index] = len(rows) + 2
        rows.append(row)
    return rows


def _figure_row(package: Package, figure: Figure, quote: str, occurrence: int) -> dict[str, str]:
    """The figures row of ``figure`` whose sentence's quote is ``quote`` (its own overrides win)."""
    row = {
        "figure_id": figure.figure_id,
        "source_id": package.sources[figure.source].source_id,
        "quote": figure.quote if figure.quote is not None else quote,
        "occurrence": str(figure.occurrence if figure.occurrence is not None else occurrence),
        "value_text": figure.value_text if figure.value_text is not None else figure.sentence.span,
        "value": _number(figure.value),
        "value_low": _number(figure.value_low),
        "value_high": _number(figure.value_high),
        "qualifier": figure.qualifier,
        "unit": figure.unit,
        "per": _text(figure.per),
        "measure": figure.measure,
        "measure_type": figure.measure_type,
        "geography": _text(figure.geography),
        "period_start": _text(figure.period_start),
        "period_end": _text(figure.period_end),
        "attributed_to": _text(figure.attributed_to),
        "kind": figure.kind,
        "statistic_id": figure.statistic_id,
        "notes": _text(figure.notes),
    }
    row.update(dict(figure.cells))
    return row


def _figure_rows(package: Package, rendered: Rendered) -> list[dict[str, str]]:
    """The figures rows (of figures that have one); record each one's CSV line."""
    rows: list[dict[str, str]] = []
    for index, figure in enumerate(package.figures):
        if not figure.has_row:
            continue
        quote, occurrence = _locate(
            rendered.seed_texts[figure.source], figure.sentence, rendered.sentence_offsets[("figure", index)]
        )
        rendered.figure_lines[index] = len(rows) + 2
        rows.append(_figure_row(package, figure, quote, occurrence))
    return rows


def _exclusion_rows(package: Package, rendered: Rendered) -> list[dict[str, str]]:
    """The exclusions rows (of exclusions that have one); record each one's CSV line."""
    rows: list[dict[str, str]] = []
    for index, exclusion in enumerate(package.exclusions):
        if not exclusion.has_row:
            continue
        quote, occurrence = _locate(
            rendered.seed_texts[exclusion.source],
            exclusion.sentence,
            rendered.sentence_offsets[("exclusion", index)],
        )
        rendered.exclusion_lines[index] = len(rows) + 2
        rows.append(
            {
                "source_id": package.sources[exclusion.source].source_id,
                "text": exclusion.sentence.span,
                "quote": quote,
                "occurrence": str(occurrence),
                "reason": exclusion.reason,
            }
        )
    return rows


def _relation_rows(package: Package) -> list[dict[str, str]]:
    """The relations rows."""
    return [
        {
            "relation_id": relation.relation_id,
            "source_id": package.sources[relation.source].source_id,
            "operation": "percent_change",
            "result_figure_id": package.figures[relation.result].figure_id,
            "from_figure_id": package.figures[relation.base].figure_id,
            "to_figure_id": package.figures[relation.new].figure_id,
            "notes": _text(relation.notes),
        }
        for relation in package.relations
    ]


def render(package: Package, root: Path) -> Rendered:
    """Write ``package`` to ``root`` (created): datapackage.json, schemas, seeds and the CSVs."""
    start_package(root)
    rendered = Rendered(root)
    tables = {
        **{name: repository_rows(name) for name in CODE_TABLES},
        "sources": _source_rows(package, root, rendered),
        "figures": _figure_rows(package, rendered),
        "exclusions": _exclusion_rows(package, rendered),
        "relations": _relation_rows(package),
        "waivers": [dict(zip(CONTRACT["waivers"], waiver, strict=True)) for waiver in package.waivers],
        "retired": [dict(zip(CONTRACT["retired"], retired, strict=True)) for retired in package.retired],
        "series": [dict(zip(CONTRACT["series"], row, strict=True)) for row in package.series],
    }
    for resource, row_number, name, cell in package.cells:
        tables[resource][row_number][name] = cell
    contents = {
        name: _write_csv(root / "dataset" / f"{name}.csv", name, rows) for name, rows in tables.items()
    }
    write_descriptor(root, repository_descriptor(), contents)
    return rendered
