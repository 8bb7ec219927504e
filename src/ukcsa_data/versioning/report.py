"""``diff`` output: text for people, JSON for programs, markdown for a pull-request summary.

Each format is a list of sections (``TEXT_SECTIONS``, ``MARKDOWN_SECTIONS``): a function from the
``Compared`` versions to the lines it adds, so a new part of the report is one function and one
entry in a list. Every string from a package goes through the escaping of its format: text and JSON
through ``escaping.for_log`` (no unsafe character, no workflow command of GitHub's runner), markdown
through ``escaping.markdown_text`` (plain text when rendered; no tag, link, image, mention).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ukcsa_data.core.escaping import for_json, for_log, markdown_text, neutralise_commands
from ukcsa_data.core.markdown import code, table
from ukcsa_data.versioning.changes import BUMP_ORDER, Difference, RowChanges
from ukcsa_data.versioning.verdict import Verdict

#: How many rows (or changes) of one table the markdown lists before a count of the rest.
LIMIT = 20
#: ... and the text.
TEXT_LIMIT = 50


@dataclass(frozen=True)
class Compared:
    """What a report shows: the difference, the verdict on the new version, and, when the old
    version is a git commit, the paths changed outside the data since it (``versioning.outside``;
    None when the old version is a folder)."""

    diff: Difference
    verdict: Verdict
    outside: Sequence[str] | None = None


Section = Callable[[Compared], list[str]]


def _row_lines(rows: RowChanges, limit: int) -> list[tuple[str, str, str]]:
    """(sign, key, detail) for the rows of one resource, at most ``limit`` (then a count)."""
    lines = [("+", k, "") for k in rows.added] + [("-", k, "") for k in rows.removed]
    lines += [("~", k, "; ".join(f"{f}: {a!r} -> {b!r}" for f, a, b in cells)) for k, cells in rows.changed]
    if len(lines) > limit:
        return [*lines[:limit], ("…", f"and {len(lines) - limit:,} more", "")]
    return lines


def _changes(diff: Difference) -> list[tuple[str, str, str]]:
    ordered = sorted(diff.changes, key=lambda c: -BUMP_ORDER[c.bump])
    return [(c.bump, c.resource or "-", c.what) for c in ordered if c.area != "rows"]


def _counts(rows: RowChanges) -> str:
    return f"{len(rows.added):,} added, {len(rows.removed):,} removed, {len(rows.changed):,} changed"


# --- text -------------------------------------------------------------------------------------------


def _text_head(compared: Compared) -> list[str]:
    old, new = compared.diff.old, compared.diff.new
    return [
        f"{old.label} (version {old.version}) -> {new.label} (version {new.version})",
        f"required bump: {compared.diff.bump}",
    ]


def _text_changes(compared: Compared) -> list[str]:
    return [f"  {bump:<5}  {resource}: {what}" for bump, resource, what in _changes(compared.diff)]


def _text_rows(compared: Compared) -> list[str]:
    lines = []
    for name, rows in compared.diff.rows.items():
        note = f"; {rows.note}" if rows.note and rows.key else ""
        counts = _counts(rows) if rows.key else rows.note
        lines.append(f"{name} (key {', '.join(rows.key) or '-'}): {counts}{note}")
        lines += [
            f"  {sign} {key}{': ' + detail if detail else ''}"
            for sign, key, detail in _row_lines(rows, TEXT_LIMIT)
        ]
    return lines


def _text_outside(compared: Compared) -> list[str]:
    if compared.outside is None:
        return []
    paths = compared.outside
    more = [f"  … and {len(paths) - TEXT_LIMIT:,} more"] if len(paths) > TEXT_LIMIT else []
    return [f"Changed outside the data: {len(paths):,}", *(f"  {p}" for p in paths[:TEXT_LIMIT]), *more]


def _text_verdict(compared: Compared) -> list[str]:
    return [f"{'OK' if compared.verdict.ok else 'VERSION PROBLEM'}: {compared.verdict.message}"]


TEXT_SECTIONS: list[Section] = [_text_head, _text_changes, _text_rows, _text_outside, _text_verdict]


def as_text(compared: Compared) -> str:
    """The report for people: one line per change and per row (each line ``escaping.for_log``)."""
    return "\n".join(for_log(line) for section in TEXT_SECTIONS for line in section(compared))


# --- JSON -------------------------------------------------------------------------------------------


def as_json(compared: Compared) -> str:
    """The report for programs: every key and string ``escaping.for_log`` (``escaping.for_json``);
    ``changed_outside_data`` lists the paths changed outside the data, or is null (no git base)."""
    diff, verdict = compared.diff, compared.verdict
    document = {
        "old": {"label": diff.old.label, "version": diff.old.version},
        "new": {"label": diff.new.label, "version": diff.new.version},
        "bump": diff.bump,
        "ok": verdict.ok,
        "verdict": verdict.message,
        "changes": [
            {"area": c.area, "resource": c.resource, "what": c.what, "kind": c.kind, "bump": c.bump}
            for c in diff.changes
        ],
        "rows": {
            name: {
                "key": r.key,
                "added": r.added,
                "removed": r.removed,
                "note": r.note,
                "changed": [
                    {"key": k, "cells": [{"field": f, "old": a, "new": b} for f, a, b in cells]}
                    for k, cells in r.changed
                ],
            }
            for name, r in diff.rows.items()
        },
        "changed_outside_data": None if compared.outside is None else list(compared.outside),
    }
    return json.dumps(for_json(document), ensure_ascii=False, indent=2)


# --- markdown ---------------------------------------------------------------------------------------


def _markdown_head(compared: Compared) -> list[str]:
    diff, verdict = compared.diff, compared.verdict
    old, new = (f"{code(s.label)} ({markdown_text(s.version)})" for s in (diff.old, diff.new))
    return [
        f"## Data changes: {old} → {new}",
        "",
        f"**Required bump: {diff.bump}.** {'✅' if verdict.ok else '❌'} {markdown_text(verdict.message)}",
    ]


def _markdown_counts(compared: Compared) -> list[str]:
    rows = [
        (name, f"{len(r.added):,}", f"{len(r.removed):,}", f"{len(r.changed):,}")
        for name, r in compared.diff.rows.items()
    ]
    return ["", *table(("resource", "added", "removed", "changed"), ("---", "---:", "---:", "---:"), rows)]


def _markdown_changes(compared: Compared) -> list[str]:
    changes = _changes(compared.diff)
    if not changes:
        return []
    shown = changes[:LIMIT]
    if len(changes) > LIMIT:
        shown.append(("…", "", f"and {len(changes) - LIMIT:,} more"))
    return ["", *table(("bump", "resource", "change"), ("---",) * 3, shown)]


def _markdown_outside(compared: Compared) -> list[str]:
    """The paths changed outside the data: code, schemas, workflows and bounds that the check of a
    pull request does not take from it."""
    if compared.outside is None:
        return []
    paths = compared.outside
    if not paths:
        return ["", "**Changed outside the data:** nothing."]
    listed = [f"- {code(path)}" for path in paths[:LIMIT]]
    if len(paths) > LIMIT:
        listed.append(f"- and {len(paths) - LIMIT:,} more")
    return ["", f"**Changed outside the data:** {len(paths):,} file(s).", "", *listed]


def _markdown_rows(compared: Compared) -> list[str]:
    lines = []
    for name, rows in compared.diff.rows.items():
        if not (rows.added or rows.removed or rows.changed):
            continue
        key = " + ".join(rows.key) or "row"
        lines += ["", f"### {code(name)}", ""]
        lines += table(("", key, "change"), ("---",) * 3, _row_lines(rows, LIMIT))
    return lines


MARKDOWN_SECTIONS: list[Section] = [
    _markdown_head,
    _markdown_counts,
    _markdown_changes,
    _markdown_outside,
    _markdown_rows,
]


def as_markdown(compared: Compared) -> str:
    """A pull-request summary: counts first, then the other changes, the paths changed outside the
    data, and one table per resource; long lists cut. Each section's lines are lines of markdown
    (never a line break inside one); every package value in them is ``escaping.markdown_text``."""
    lines = [line for section in MARKDOWN_SECTIONS for line in section(compared)]
    return neutralise_commands("\n".join(lines))


FORMATS: dict[str, Callable[[Compared], str]] = {"text": as_text, "json": as_json, "markdown": as_markdown}
