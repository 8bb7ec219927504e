"""What changed between two versions of the package, each change with the smallest semantic
version bump it needs (the rules are docs/versioning.md; ``POLICY`` names them).

Bad: a released figure removed with the version unchanged. Good: a major version, and a
``retired`` row for its id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ukcsa_data.core.semver import Bump
from ukcsa_data.versioning import exclusion_pairs
from ukcsa_data.versioning.snapshot import BOUNDS_RESOURCE, Snapshot, Table, dumps

BUMP_ORDER: dict[Bump, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}

#: The versioning policy, one line per kind of change: (kind, bump). docs/versioning.md's
#: section lists the same lines (tested).
POLICY: tuple[tuple[str, Bump], ...] = (
    ("a resource removed", "major"),
    ("a field removed, renamed, re-ordered or added", "major"),
    ("a field's type or format changed", "major"),
    ("a constraint tightened (or a pattern changed)", "major"),
    ("a primary or foreign key changed", "major"),
    ("a released row removed, or its key changed", "major"),
    ("a plausibility bound tightened, or a combination removed", "major"),
    ("the licences changed", "major"),
    ("a resource added", "minor"),
    ("rows added", "minor"),
    ("a constraint loosened", "minor"),
    ("a plausibility bound loosened, or a combination added", "minor"),
    ("a value of a released row corrected", "patch"),
    ("a description, title or other metadata edited", "patch"),
)
_BUMP_OF = dict(POLICY)
_IGNORED_RESOURCE_KEYS = frozenset({"hash", "bytes"})
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength")
_SWITCHES = ("required", "unique")
_DESCRIPTIVE = frozenset({"description", "title", "keywords", "contributors", "sources", "homepage", "name"})


@dataclass(frozen=True)
class Change:
    """One change: where (``area``, ``resource``), what, and the policy line that classifies it."""

    area: str
    resource: str | None
    what: str
    kind: str

    @property
    def bump(self) -> Bump:
        return _BUMP_OF[self.kind]


@dataclass
class RowChanges:
    """A resource's rows, keyed on its primary key: added and removed keys, and changed cells."""

    key: list[str]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, str, str]]]] = field(default_factory=list)
    note: str = ""


@dataclass
class Difference:
    """Everything that changed from ``old`` to ``new``."""

    old: Snapshot
    new: Snapshot
    changes: list[Change] = field(default_factory=list)
    rows: dict[str, RowChanges] = field(default_factory=dict)

    @property
    def bump(self) -> Bump:
        return max((c.bump for c in self.changes), key=BUMP_ORDER.__getitem__, default="none")


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    fields = schema.get("fields", [])
    return [f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def _bound_change(key: str, old: Any, new: Any) -> str:
    if old is None:
        return "a constraint tightened (or a pattern changed)"
    if new is None:
        return "a constraint loosened"
    try:
        tighter = new > old if key in _LOWER_BOUNDS else new < old
    except TypeError:
        return "a constraint tightened (or a pattern changed)"
    return "a constraint tightened (or a pattern changed)" if tighter else "a constraint loosened"


def _constraint_kind(key: str, old: Any, new: Any) -> str:
    """The policy line of one constraint's change."""
    if key == "enum":
        if old is None or (new is not None and set(map(dumps, old)) - set(map(dumps, new))):
            return "a constraint tightened (or a pattern changed)"
        return "a constraint loosened"
    if key in _SWITCHES:
        return "a constraint tightened (or a pattern changed)" if new and not old else "a constraint loosened"
    if key in _LOWER_BOUNDS + _UPPER_BOUNDS:
        return _bound_change(key, old, new)
    return "a constraint tightened (or a pattern changed)"


def _field_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    label = f"field {old['name']!r}"
    for key in ("type", "format"):
        if old.get(key) != new.get(key):
            what = f"{label}: {key} {old.get(key)!r} -> {new.get(key)!r}"
            yield Change("schema", name, what, "a field's type or format changed")
    old_c, new_c = old.get("constraints", {}) or {}, new.get("constraints", {}) or {}
    for key in sorted(set(old_c) | set(new_c)):
        if old_c.get(key) != new_c.get(key):
            what = f"{label}: {key} {dumps(old_c.get(key))} -> {dumps(new_c.get(key))}"
            yield Change("schema", name, what, _constraint_kind(key, old_c.get(key), new_c.get(key)))
    if old.get("description") != new.get("description"):
        yield Change(
            "schema", name, f"{label}: description edited", "a description, title or other metadata edited"
        )


def schema_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """Changes to one resource's Table Schema."""
    old_fields, new_fields = _fields(old), _fields(new)
    old_names, new_names = [f["name"] for f in old_fields], [f["name"] for f in new_fields]
    kind = "a field removed, renamed, re-ordered or added"
    for gone in [n for n in old_names if n not in new_names]:
        yield Change("schema", name, f"field {gone!r} removed", kind)
    for added in [n for n in new_names if n not in old_names]:
        yield Change("schema", name, f"field {added!r} added", kind)
    common = [n for n in old_names if n in new_names]
    if common != [n for n in new_names if n in old_names]:
        yield Change("schema", name, "fields re-ordered", kind)
    by_name = {f["name"]: f for f in new_fields}
    for old_field in old_fields:
        if old_field["name"] in by_name:
            yield from _field_changes(name, old_field, by_name[old_field["name"]])
    for key in ("primaryKey", "foreignKeys", "missingValues"):
        if old.get(key) != new.get(key):
            what = f"{key} {dumps(old.get(key))} -> {dumps(new.get(key))}"
            yield Change(
                "schema", name, what, "a primary or foreign key changed" if key != "missingValues" else kind
            )
    if old.get("description") != new.get("description"):
        yield Change("schema", name, "description edited", "a description, title or other metadata edited")


def _key_of(schema: dict[str, Any]) -> list[str]:
    key = schema.get("primaryKey", [])
    return [key] if isinstance(key, str) else [k for k in key if isinstance(k, str)]


def row_changes(old: Table, new: Table, key: list[str]) -> RowChanges:
    """Rows added, removed and changed, keyed on ``key`` (cells compared in the fields both have)."""
    result = RowChanges(key)
    if not key or any(k not in old.fields or k not in new.fields for k in key):
        result.note = "rows not compared: the primary key is not in both versions"
        return result
    before, after = old.by_key(key), new.by_key(key)
    repeated = len(old.rows) - len(before) + len(new.rows) - len(after)
    if repeated:
        result.note = (
            f"{repeated:,} row(s) repeat another row's key and are compared once (validate reports them)"
        )
    shared = [f for f in old.fields if f in new.fields]
    result.added = [k for k in after if k not in before]
    result.removed = [k for k in before if k not in after]
    for k, row in before.items():
        other = after.get(k)
        if other is not None and other != row:
            cells = [(f, row.get(f) or "", other.get(f) or "") for f in shared if row.get(f) != other.get(f)]
            if cells:
                result.changed.append((k, cells))
    return result


def _row_change_list(name: str, rows: RowChanges) -> Iterator[Change]:
    if rows.removed:
        yield Change(
            "rows", name, f"{len(rows.removed)} row(s) removed", "a released row removed, or its key changed"
        )
    if rows.added:
        yield Change("rows", name, f"{len(rows.added)} row(s) added", "rows added")
    if rows.changed:
        yield Change(
            "rows", name, f"{len(rows.changed)} row(s) changed", "a value of a released row corrected"
        )


def _resource_changes(old: dict[str, Any], new: dict[str, Any], name: str) -> Iterator[Change]:
    for key in sorted(set(old) | set(new) - _IGNORED_RESOURCE_KEYS):
        if key in _IGNORED_RESOURCE_KEYS or old.get(key) == new.get(key) or key == "schema":
            continue
        kind = (
            "a description, title or other metadata edited"
            if key in _DESCRIPTIVE
            else "the licences changed"
            if key == "licenses"
            else "a field's type or format changed"
        )
        yield Change("descriptor", name, f"{key} {dumps(old.get(key))} -> {dumps(new.get(key))}", kind)


def _descriptor_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for key in sorted(set(old) | set(new)):
        if key in ("resources", "version") or old.get(key) == new.get(key):
            continue
        kind = (
            "the licences changed" if key == "licenses" else "a description, title or other metadata edited"
        )
        yield Change("descriptor", None, f"{key} edited", kind)


def _resources(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in snapshot.descriptor["resources"] if isinstance(r, dict) and "name" in r}


def _rule_changes(old: Table | None, new: Table | None) -> Iterator[Change]:
    """Changes to the plausibility bounds (the bounds resource, or the library's table of a
    version before 2.0.0), keyed on (unit, measure_type, geography)."""
    if old is None or new is None:
        return

    def keyed(table: Table) -> dict[tuple[str, ...], dict[str, str]]:
        return {
            (r.get("unit") or "", r.get("measure_type") or "", r.get("geography") or ""): r
            for r in table.rows
        }

    before, after = keyed(old), keyed(new)
    for key in sorted(set(before) | set(after)):
        where = "/".join(part or "any" for part in key)
        if key not in after:
            yield Change(
                "rules",
                None,
                f"bound {where} removed",
                "a plausibility bound tightened, or a combination removed",
            )
        elif key not in before:
            yield Change(
                "rules", None, f"bound {where} added", "a plausibility bound loosened, or a combination added"
            )
        else:
            yield from _bound_row_changes(where, before[key], after[key])


def _bound_row_changes(where: str, old: dict[str, str], new: dict[str, str]) -> Iterator[Change]:
    tightened = "a plausibility bound tightened, or a combination removed"
    loosened = "a plausibility bound loosened, or a combination added"
    for column in ("minimum", "maximum", "whole_number", "rate_allowed", "annualise"):
        a, b = old.get(column, ""), new.get(column, "")
        if a == b:
            continue
        if column in ("minimum", "maximum"):
            kind = (
                tightened
                if _bound_change(column, _number(a), _number(b)) != "a constraint loosened"
                else loosened
            )
        else:
            tighter = (column == "whole_number" and b == "true") or (
                column == "rate_allowed" and b == "false"
            )
            kind = tightened if tighter or column == "annualise" else loosened
        yield Change("rules", None, f"bound {where}: {column} {a or '(none)'} -> {b or '(none)'}", kind)


def _number(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def difference(old: Snapshot, new: Snapshot) -> Difference:
    """Compare two versions of the package."""
    result = Difference(old, new)
    result.changes.extend(_descriptor_changes(old.descriptor, new.descriptor))
    old_resources, new_resources = _resources(old), _resources(new)
    for name in old_resources.keys() - new_resources.keys():
        result.changes.append(Change("resource", name, "resource removed", "a resource removed"))
    for name in new_resources.keys() - old_resources.keys():
        result.changes.append(Change("resource", name, "resource added", "a resource added"))
    for name in [n for n in old_resources if n in new_resources]:
        result.changes.extend(_resource_changes(old_resources[name], new_resources[name], name))
        old_schema, new_schema = old.schemas.get(name, {}), new.schemas.get(name, {})
        result.changes.extend(schema_changes(name, old_schema, new_schema))
        if name in old.tables and name in new.tables:
            result.rows[name] = row_changes(old.tables[name], new.tables[name], _key_of(old_schema))
    exclusion_pairs.pair_corrected(old, new, result.rows)
    for name, rows in result.rows.items():
        if name != BOUNDS_RESOURCE:  # its rows are rules: classified by _rule_changes
            result.changes.extend(_row_change_list(name, rows))
    result.changes.extend(_rule_changes(old.rules, new.rules))
    return result
