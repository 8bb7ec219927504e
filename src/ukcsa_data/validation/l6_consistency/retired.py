"""Layer 6, consistency: retired identifiers (``dataset/retired.csv``).

A released figure_id, source_id or relation_id never disappears silently: removing one needs a row
of ``retired`` (``ukcsa-data diff``, which compares with the last release, requires it), and a
retired identifier never comes back. From one package the validator checks what one package can
show: the identifier is not a row of its table again, its replacement is a row of that table now,
and it was retired in a version the package has reached or in the release after it.

Each check is a rule of a retired row (:data:`RETIRED_RULES`); a row with a cell layer 3 could not
read, or of a table that could not be read, is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ukcsa_data.core import limits
from ukcsa_data.core.contract import RETIRABLE_IDS
from ukcsa_data.core.package_files import DESCRIPTOR
from ukcsa_data.core.problems import Report
from ukcsa_data.core.semver import Version, bumped, dotted
from ukcsa_data.core.semver import parse as parse_version
from ukcsa_data.validation.l1_descriptor.json_file import read_json_file
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding, readable_rows


def next_releases(version: Version) -> tuple[Version, Version, Version]:
    """The releases that can follow ``version``: its next patch, minor and major versions."""
    return bumped(version, "patch"), bumped(version, "minor"), bumped(version, "major")


def package_version(package_dir: Path, report: Report) -> Version | None:
    """The ``version`` of the package's datapackage.json (read as layer 1 reads it), if it is
    ``MAJOR.MINOR.PATCH``."""
    # Layer 1 has reported what is wrong with the file: read it again without reporting twice.
    unreported = Report(report.package_dir)
    descriptor = read_json_file(package_dir, DESCRIPTOR, limits.active().descriptor_bytes, unreported)
    return parse_version(descriptor.get("version")) if isinstance(descriptor, dict) else None


@dataclass(frozen=True)
class Identifiers:
    """What a retired row is checked against: each readable table's identifiers now (with their
    lines), the tables whose every identifier was read, the retired identifiers (with their lines
    and replacements) and the package's version."""

    lines: dict[str, dict[str, int]]
    complete: frozenset[str]
    retired: dict[tuple[str, str], tuple[int, str | None]]
    version: Version | None

    @classmethod
    def of(cls, tables: dict[str, TypedTable], retired: TypedTable, version: Version | None) -> Identifiers:
        lines: dict[str, dict[str, int]] = {}
        complete = set()
        for name, column in RETIRABLE_IDS.items():
            table = tables.get(name)
            if table is None:
                continue
            ids = table.columns[column]
            lines[name] = {i: line for i, line in zip(ids, table.lines, strict=True) if i is not None}
            if None not in ids:
                complete.add(name)
        rows = zip(retired.columns["table"], retired.columns["id"], retired.lines, strict=True)
        replaced = retired.columns["replaced_by"]
        known = {
            (table, i): (line, replaced[n])
            for n, (table, i, line) in enumerate(rows)
            if table is not None and i is not None
        }
        return cls(lines, frozenset(complete), known, version)


#: The rules of a retired identifier.
RETIRED_RULES: RuleSet[Identifiers] = RuleSet("retired")


@RETIRED_RULES.rule("retired-id-in-use")
def retired_id_in_use(retired: Row, known: Identifiers) -> Iterator[Finding]:
    """A retired identifier is not a row of its table again: a retired ID never comes back.

    Bad: a row retiring fig-0010 while dataset/figures.csv still has (or again has) fig-0010.
    Good: fig-0010 is no row of figures.csv; a mention kept under a new ID is named in replaced_by.
    """
    table, identifier = retired["table"], retired["id"]
    line = known.lines[table].get(identifier)
    if line is not None:
        yield Finding(
            "retired-id-in-use",
            "id",
            f"{identifier} is retired, but dataset/{table}.csv has it on line {line}: a retired ID "
            "never comes back; give that row a new ID, or delete this retirement if the ID was never removed",
        )


@RETIRED_RULES.rule("retired-replacement")
def retired_replacement(retired: Row, known: Identifiers) -> Iterator[Finding]:
    """``replaced_by`` names a row of the same table as it is now, not a retired identifier.

    Bad: fig-0010 replaced_by fig-0042 where fig-0042 is retired too (replaced by fig-0043), or
    replaced_by rel-0001, which is no row of figures.
    Good: fig-0010 replaced_by fig-0043, the row that holds the mention now (or replaced_by empty).
    """
    table, replacement = retired["table"], retired["replaced_by"]
    if replacement is None:
        return
    if (table, replacement) in known.retired:
        line, onward = known.retired[(table, replacement)]
        now = f" ({onward})" if onward is not None else ""
        yield Finding(
            "retired-replacement",
            "replaced_by",
            f"{replacement} is retired too (line {line}); name the row that replaces it now{now}",
        )
    elif table in known.complete and replacement not in known.lines[table]:
        yield Finding(
            "retired-replacement",
            "replaced_by",
            f"{replacement} is no row of dataset/{table}.csv; name the {table} row that replaces "
            f"{retired['id']}, or leave replaced_by empty",
        )


@RETIRED_RULES.rule("retired-version")
def retired_version(retired: Row, known: Identifiers) -> Iterator[Finding]:
    """``retired_in`` is a version the package has reached (its ``version`` or earlier) or the
    release after it (the next patch, minor or major version): while a removal is unreleased, its
    row names the coming version, above the package's. Whether the identifier was in the release
    before is for ``ukcsa-data diff`` to check, which sees that release.

    Bad: retired_in 1.2.0 in a package at version 0.1.0, whose next release is 0.1.1, 0.2.0 or
    1.0.0. Good: retired_in 1.0.0, the release that removes the identifier.
    """
    retired_in = parse_version(retired["retired_in"])
    if known.version is None or retired_in is None or retired_in <= known.version:
        return
    following = next_releases(known.version)
    if retired_in not in following:
        yield Finding(
            "retired-version",
            "retired_in",
            f"{dotted(retired_in)} is after version {dotted(known.version)} and the release that follows "
            f"it ({', '.join(dotted(v) for v in following[:2])} or {dotted(following[2])}); "
            "retire an ID in the version that removes it",
        )


def check_retired(tables: dict[str, TypedTable], version: Version | None, report: Report) -> None:
    """Check each retired identifier against its table as it is now, and the package's version."""
    retired = tables.get("retired")
    if retired is None:
        return
    known = Identifiers.of(tables, retired, version)
    tables_named = retired.columns["table"]
    for index in readable_rows(retired):
        if tables_named[index] not in known.lines:
            continue  # a table that was not read
        row = Row(retired, index)
        for finding in RETIRED_RULES.findings(row, known):
            add_finding(report, row, finding)
