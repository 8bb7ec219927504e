"""Helpers that break a copy of the data package in one precise way, for the catalogue (catalogue.py).

Every helper edits the copy in place and works from the copy's current content, so the catalogue of
broken packages keeps working when rows are corrected or added: rows are found by their key, never by
a line number written into the test, and the expected line is computed from the file being broken.

After a CSV is edited, :meth:`Pkg.write_table` re-syncs its ``hash`` and ``bytes`` in
``datapackage.json`` (unless told not to), so that only the problem a case introduces remains.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Expect:
    """One problem a broken package must produce, at this exact place."""

    path: str
    line: int | None
    field: str | None
    code: str
    contains: tuple[str, ...] = ()
    severity: str = "error"

    @property
    def where(self) -> tuple[str, int | None, str | None, str]:
        return (self.path, self.line, self.field, self.code)


def encode_row(cells: list[str]) -> str:
    """One CSV record in the package dialect: quotes only where needed, ``""`` inside."""
    return ",".join(
        '"' + cell.replace('"', '""') + '"' if any(ch in cell for ch in ',"\n\r') else cell for cell in cells
    )


def parse_row(line: str) -> list[str]:
    return next(csv.reader([line]))


@dataclass
class Pkg:
    """A writable copy of the data package, with small, exact editing helpers."""

    root: Path
    outside: Path = field(init=False)

    def __post_init__(self) -> None:
        self.outside = self.root.parent / "outside"

    # --- plain files -------------------------------------------------------------------------
    def read(self, relative: str) -> bytes:
        return (self.root / relative).read_bytes()

    def write(self, relative: str, data: bytes) -> None:
        (self.root / relative).write_bytes(data)

    def text(self, relative: str) -> str:
        return self.read(relative).decode("utf-8")

    def replace_text(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.text(relative)
        assert old in text, f"{old!r} not in {relative}: the package changed; update the case"
        self.write(relative, text.replace(old, new, count).encode("utf-8"))

    def make_outside_file(self, name: str, content: str) -> Path:
        """A file outside the package (next to it), holding the secret marker."""
        self.outside.mkdir(exist_ok=True)
        target = self.outside / name
        target.write_text(content, encoding="utf-8")
        return target

    # --- JSON --------------------------------------------------------------------------------
    def load_json(self, relative: str) -> Any:
        return json.loads(self.text(relative))

    def dump_json(self, relative: str, data: Any) -> None:
        self.write(relative, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))

    def descriptor(self) -> dict[str, Any]:
        data: dict[str, Any] = self.load_json(DESCRIPTOR)
        return data

    def resource(self, descriptor: dict[str, Any], name: str) -> dict[str, Any]:
        return next(r for r in descriptor["resources"] if r["name"] == name)

    def descriptor_line(self, needle: str, after: str | None = None) -> int:
        """1-based line of the first line of datapackage.json containing ``needle`` (after ``after``)."""
        lines = self.text(DESCRIPTOR).split("\n")
        start = 0
        if after is not None:
            start = next(i for i, line in enumerate(lines) if after in line)
        return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1

    def schema_path(self, name: str) -> str:
        return f"schemas/{name}.schema.json"

    def schema_field(self, name: str, field_name: str) -> dict[str, Any]:
        """The Table Schema field ``field_name`` of resource ``name``, as written."""
        field_spec: dict[str, Any] = next(
            f for f in self.load_json(self.schema_path(name))["fields"] if f["name"] == field_name
        )
        return field_spec

    def edit_schema_field(self, name: str, field_name: str, **changes: Any) -> None:
        schema = self.load_json(self.schema_path(name))
        spec = next(f for f in schema["fields"] if f["name"] == field_name)
        for key, value in changes.items():
            if value is None:
                spec.pop(key, None)
            else:
                spec[key] = value
        self.dump_json(self.schema_path(name), schema)

    # --- CSV tables --------------------------------------------------------------------------
    @staticmethod
    def csv_path(name: str) -> str:
        return f"dataset/{name}.csv"

    def lines(self, name: str) -> list[str]:
        """The records of a table (line 1 is index 0), without the final empty string."""
        text = self.text(self.csv_path(name))
        assert text.endswith("\n")
        return text[:-1].split("\n")

    def header(self, name: str) -> list[str]:
        return parse_row(self.lines(name)[0])

    def find_line(self, name: str, **match: str) -> int:
        """1-based line of the only row whose cells equal ``match``."""
        header = self.header(name)
        found = [
            number
            for number, line in enumerate(self.lines(name), 1)
            if number > 1 and all(parse_row(line)[header.index(k)] == v for k, v in match.items())
        ]
        assert len(found) == 1, f"{name}: {match} matches lines {found}"
        return found[0]

    def cell(self, name: str, line: int, field_name: str) -> str:
        return parse_row(self.lines(name)[line - 1])[self.header(name).index(field_name)]

    def write_table(self, name: str, data: bytes | str, *, resync: bool = True) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.write(self.csv_path(name), raw)
        if resync:
            self.resync(name)

    def write_lines(self, name: str, lines: list[str], *, resync: bool = True) -> None:
        self.write_table(name, "\n".join(lines) + "\n", resync=resync)

    def set_cell(self, name: str, line: int, field_name: str, value: str) -> int:
        """Set one cell, leaving every other byte of the file as it was; return the line."""
        lines = self.lines(name)
        cells = parse_row(lines[line - 1])
        assert encode_row(cells) == lines[line - 1], "the row does not round-trip; cannot edit it exactly"
        cells[self.header(name).index(field_name)] = value
        lines[line - 1] = encode_row(cells)
        self.write_lines(name, lines)
        return line

    def set_figure(self, figure_id: str, field_name: str, value: str) -> int:
        return self.set_cell("figures", self.find_line("figures", figure_id=figure_id), field_name, value)

    def resync(self, name: str) -> None:
        """Make datapackage.json's hash and bytes of resource ``name`` match its file again."""
        raw = self.read(self.csv_path(name))
        descriptor = self.descriptor()
        resource = self.resource(descriptor, name)
        resource["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
        resource["bytes"] = len(raw)
        self.dump_json(DESCRIPTOR, descriptor)

    # --- seeds -------------------------------------------------------------------------------
    def seed_of(self, source_id: str) -> str:
        return self.cell("sources", self.find_line("sources", source_id=source_id), "seed_file")

    def seed_line(self, source_id: str, quote: str, text: str) -> int:
        """Line of the seed of ``source_id`` on which ``text`` (first occurrence in ``quote``) sits."""
        seed = self.text(self.seed_of(source_id))
        at = seed.index(quote) + quote.index(text)
        return seed.count("\n", 0, at) + 1
