"""[fuzz] Whatever a package holds, ``ukcsa-data validate`` answers with a report and exit 0 or 1.

Starting from the repository's own package, one file is replaced or damaged: arbitrary bytes or
CSV-like text in a resource, one cell of a real table replaced by arbitrary text, arbitrary JSON
(or a real descriptor or schema with one node replaced) in ``datapackage.json`` or a schema, a
schema field retyped or reconstrained (perhaps with a cell of its column changed), an arbitrary
seed. The command runs in-process with a strict UTF-8 stdout, like a terminal's.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cells import indices
from example_counts import runs_its_examples, thorough_at_most
from harness import run_validate
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import REPO_ROOT, RESOURCES, field_names

pytestmark = pytest.mark.fuzz

PARTS = ("datapackage.json", "dataset", "schemas", "seeds")


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for part in PARTS
        for path in ([root / part] if (root / part).is_file() else sorted((root / part).rglob("*")))
        if path.is_file()
    }


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root``, with the bytes of each file."""
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None for p in root.rglob("*")}


BASE = _files(REPO_ROOT)
CSVS = [f"dataset/{name}.csv" for name in RESOURCES]
SCHEMA_FILES = [f"schemas/{name}.schema.json" for name in RESOURCES]
SEEDS = sorted(p for p in BASE if p.startswith("seeds/"))


@dataclass(frozen=True)
class Damage:
    """One file of the package replaced by ``data`` (bytes), and any ``also`` (path, bytes);
    ``refresh`` recomputes the hashes."""

    path: str
    data: bytes
    refresh: bool = False
    also: tuple[tuple[str, bytes], ...] = ()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.text(st.characters(categories=["Cs", "Lu"]), max_size=3)  # lone surrogates, as \\ud800
    | st.sampled_from(["dataset/figures.csv", "schemas/figures.schema.json", "sha256:", "https://x", ".."]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def _nodes(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _nodes(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _nodes(value, (*at, index))
    return found


def _replaced(document: Any, at: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not at:
        return value
    copy = json.loads(json.dumps(document))
    parent = copy
    for key in at[:-1]:
        parent = parent[key]
    if delete:
        del parent[at[-1]]
    else:
        parent[at[-1]] = value
    return copy


@st.composite
def json_damage(draw: st.DrawFn, path: str) -> bytes:
    """Arbitrary JSON, or the real document with one node replaced, deleted or added to; written
    as JSON (possibly with NaN), or cut short."""
    document = json.loads(BASE[path])
    how = draw(st.sampled_from(["node", "node", "arbitrary", "cut"]))
    if how == "arbitrary":
        data = draw(json_values)
    elif how == "cut":
        raw = BASE[path]
        return raw[: draw(indices(raw))]
    else:
        at = draw(st.sampled_from(_nodes(document)))
        delete = bool(at) and draw(st.booleans())
        data = _replaced(document, at, draw(json_values), delete)
    return json.dumps(data, indent=draw(st.sampled_from([None, 2])), ensure_ascii=draw(st.booleans())).encode(
        "utf-8", "surrogatepass"
    )


CELL_CHARS = st.sampled_from(list(',"\n\r \t;\x00\ufeff\u00a0é£–=+-@0123456789.abcXYZ')) | st.characters()


@st.composite
def csv_like(draw: st.DrawFn, path: str) -> bytes:
    """CSV-like text: the right header or not, ragged rows, quotes, line breaks, odd encodings."""
    name = path.removeprefix("dataset/").removesuffix(".csv")
    header = ",".join(field_names(name))
    lines = [
        draw(
            st.sampled_from(
                [header, header, header.replace(",", ";"), draw(st.text(CELL_CHARS, max_size=30))]
            )
        )
    ]
    for _ in range(draw(st.integers(0, 5))):
        cells = draw(st.lists(st.text(CELL_CHARS, max_size=12), max_size=len(field_names(name)) + 2))
        lines.append(",".join(draw(st.sampled_from([c, f'"{c}"'])) for c in cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines) + draw(st.sampled_from(["\n", "", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return text.encode(encoding, errors="replace")


@st.composite
def one_cell(draw: st.DrawFn, path: str) -> bytes:
    """The real table with one cell replaced by arbitrary text (most reach the later layers)."""
    rows = list(csv.reader(io.StringIO(BASE[path].decode("utf-8"), newline="")))
    row = draw(indices(rows, first=1))  # the caller draws tables with a row only
    column = draw(indices(rows[row]))
    old = rows[row][column]
    rows[row][column] = draw(
        st.one_of(
            st.text(max_size=20),
            st.text(CELL_CHARS, max_size=20),
            st.sampled_from(
                ["", "0", "-1", "1e400", "9" * 30, "NaN", "2021-02-30", "0001-01-01", "9999-12-31"]
            ),
            st.just(old + draw(st.text(max_size=3))),
        )
    )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


#: Table Schema settings a contributor might write on a field: (key, values), with None to delete.
FIELD_SETTINGS: dict[str, list[Any]] = {
    "type": ["string", "number", "integer", "date", None],
    "format": ["default", "uri", "%Y-%m-%d", None],
}
CONSTRAINT_SETTINGS: dict[str, list[Any]] = {
    "required": [True, False, None],
    "unique": [True, False, None],
    "enum": [["zzz"], ["day", "week", "month", "year", "quarter"], ["0", "1"], None],
    "pattern": ["[a-z]+", ".*", "[0-9]{4}", None],
    "minLength": [0, 5, None],
    "maxLength": [0, 5, None],
    "minimum": [0, 1, -1, 2.5, "2020-01-01", None],
    "maximum": [0, 1, 10**9, "2020-01-01", None],
    "exclusiveMinimum": [0, None],
    "exclusiveMaximum": [1, None],
}
NEW_ENUM_VALUES = ["quarter", "roughly", "ratio", "Scotland", "zzz"]


def _set_reference(document: dict[str, Any], key: str, value: Any) -> None:
    for fk in document.get("foreignKeys", [])[:1]:
        fk["reference"][key] = value


#: Changes to a schema's keys: (document, the edited field's name) -> None.
KEY_CHANGES: list[Callable[[dict[str, Any], str], None]] = [
    lambda document, _: document.pop("primaryKey", None),
    lambda document, name: document.__setitem__("primaryKey", [name]),
    lambda document, _: document.pop("foreignKeys", None),
    lambda document, _: _set_reference(document, "fields", ["nope"]),
    lambda document, _: _set_reference(document, "resource", ""),
    lambda document, name: _set_reference(document, "fields", [name]),
]
CELL_VALUES = ["", "0", "-1", "1.5", "1", "zzz", "quarter", "range", "2020-01-01", "fig-0001", "-200"]


@st.composite
def schema_edit(draw: st.DrawFn) -> Damage:
    """A real schema with one field's type, format or constraints set to values a contributor
    could write (perhaps a key changed or an enum value added), and perhaps one cell of that
    column in the real table changed too."""
    name = draw(st.sampled_from(RESOURCES))
    path = f"schemas/{name}.schema.json"
    document = json.loads(BASE[path])
    index = draw(indices(document["fields"]))
    field = document["fields"][index]
    for change in draw(st.lists(st.sampled_from(KEY_CHANGES), max_size=1)):
        change(document, field["name"])
    if "enum" in field.get("constraints", {}) and draw(st.booleans()):
        field["constraints"]["enum"] = [*field["constraints"]["enum"], draw(st.sampled_from(NEW_ENUM_VALUES))]
    for _ in range(draw(st.integers(0, 3))):
        in_constraints = draw(st.booleans())
        settings_ = CONSTRAINT_SETTINGS if in_constraints else FIELD_SETTINGS
        key = draw(st.sampled_from(sorted(settings_)))
        value = draw(st.sampled_from(settings_[key]))
        target = field.setdefault("constraints", {}) if in_constraints else field
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    also: tuple[tuple[str, bytes], ...] = ()
    table = f"dataset/{name}.csv"
    rows = list(csv.reader(io.StringIO(BASE[table].decode("utf-8"), newline="")))
    if len(rows) > 1 and draw(st.booleans()):  # a table with rows (retired may have none)
        row = draw(indices(rows, first=1))
        rows[row][index] = draw(st.sampled_from(CELL_VALUES + [r[index] for r in rows[1:]]))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        also = ((table, buffer.getvalue().encode("utf-8")),)
    return Damage(path, json.dumps(document, indent=2).encode("utf-8"), refresh=True, also=also)


@st.composite
def damage(draw: st.DrawFn) -> Damage:
    kind = draw(
        st.sampled_from(
            [
                "bytes",
                "csv-like",
                "cell",
                "cell",
                "descriptor",
                "schema",
                "schema-edit",
                "schema-edit",
                "seed",
            ]
        )
    )
    if kind == "schema-edit":
        return draw(schema_edit())
    if kind == "bytes":
        path = draw(st.sampled_from(CSVS))
        return Damage(path, draw(st.binary(max_size=300)), draw(st.booleans()))
    if kind == "csv-like":
        path = draw(st.sampled_from(CSVS))
        return Damage(path, draw(csv_like(path)), draw(st.booleans()))
    if kind == "cell":
        # a cell needs a row: the tables that may be empty (waivers, retired) hold a header only
        path = draw(st.sampled_from([p for p in CSVS if BASE[p].count(b"\n") > 1]))
        return Damage(path, draw(one_cell(path)), draw(st.booleans()))
    if kind == "descriptor":
        return Damage("datapackage.json", draw(json_damage("datapackage.json")))
    if kind == "schema":
        return Damage(
            draw(st.sampled_from(SCHEMA_FILES)), draw(json_damage(draw(st.sampled_from(SCHEMA_FILES))))
        )
    path = draw(st.sampled_from(SEEDS))
    return Damage(path, draw(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode))))


def _refresh_hashes(root: Path) -> None:
    descriptor = json.loads((root / "datapackage.json").read_bytes())
    for resource in descriptor["resources"]:
        data = (root / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["bytes"] = len(data)
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8"
    )


def _schema_with(name: str, change: Callable[[dict[str, Any]], None]) -> Damage:
    """A real schema with one hand-made mistake."""
    path = f"schemas/{name}.schema.json"
    document = json.loads(BASE[path])
    change(document)
    return Damage(path, json.dumps(document, indent=2).encode("utf-8"))


def _set_field(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["fields"][index].__setitem__(key, value)


def _set_constraint(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["fields"][index]["constraints"].__setitem__(key, value)


@runs_its_examples()
@thorough_at_most(500)
@given(harm=damage(), output=st.sampled_from(["text", "json", "github"]))
@example(harm=Damage("datapackage.json", b'{"resources": [{"name": "figures", "path": 5}]}'), output="text")
# Found by this property: each of these schemas made the validator exit 2 ("internal error").
@example(harm=_schema_with("sources", _set_field(0, "type", [])), output="text")
@example(harm=_schema_with("figures", _set_constraint(2, "maxLength", "1000")), output="text")
@example(harm=_schema_with("exclusions", lambda d: d["foreignKeys"][0].pop("reference")), output="text")
@example(harm=_schema_with("relations", lambda d: d.__setitem__("primaryKey", ["relation"])), output="text")
# Found by the thorough profile: a minimum on a field whose type defaults to string.
@example(harm=_schema_with("figures", lambda d: d["fields"][3].pop("type")), output="text")
# Found by the schema edits: a retyped contract column crashed a later layer.
@example(harm=_schema_with("exclusions", _set_field(1, "type", "number")), output="json")
def test_any_damage_gives_a_report_and_exit_0_or_1(harm: Damage, output: str) -> None:
    """Arbitrary bytes or CSV-like text in any resource, arbitrary JSON in datapackage.json or a
    schema, a schema field retyped or reconstrained (with a cell of its column changed), an
    arbitrary seed: the validator exits 0 or 1 with a report (never an exception, never exit 2
    "cannot run"), and nothing in the package directory changes.

    Thorough runs 500 examples, not twice the profile's: each copies and validates the whole
    repository package (about 0.15 s here), and 500 draws cover each of the eight kinds of damage
    some sixty times."""
    with tempfile.TemporaryDirectory(prefix="ukcsa-fuzz-") as folder:
        root = Path(folder) / "package"
        root.mkdir()
        for part in PARTS:
            source = REPO_ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
        for path, data in ((harm.path, harm.data), *harm.also):
            (root / path).write_bytes(data)
        if harm.refresh:
            _refresh_hashes(root)
        before = _snapshot(root)
        code, out, err = run_validate(root, output)
        assert code in (0, 1), err
        assert err == ""
        if output == "json":
            assert json.loads(out)["valid"] == (code == 0)
        else:
            assert out.rstrip("\n").splitlines()[-1].startswith("VALID:" if code == 0 else "INVALID:")
        assert _snapshot(root) == before, "the validator changed the package"
