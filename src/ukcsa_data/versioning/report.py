"""``diff`` output: text for people, JSON for programs, markdown for a pull-request summary."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ukcsa_data.escaping import escape
from ukcsa_data.versioning.changes import BUMP_ORDER, Difference, RowChanges
from ukcsa_data.versioning.verdict import Verdict

LIMIT = 20


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


def as_text(diff: Difference, verdict: Verdict) -> str:
    lines = [
        f"{diff.old.label} (version {diff.old.version}) -> {diff.new.label} (version {diff.new.version})",
        f"required bump: {diff.bump}",
    ]
    lines += [f"  {bump:<5}  {resource}: {what}" for bump, resource, what in _changes(diff)]
    for name, rows in diff.rows.items():
        counts = f"{len(rows.added):,} added, {len(rows.removed):,} removed, {len(rows.changed):,} changed"
        note = f"; {rows.note}" if rows.note and rows.key else ""
        lines.append(f"{name} (key {', '.join(rows.key) or '-'}): {counts if rows.key else rows.note}{note}")
        lines += [
            f"  {sign} {key}{': ' + detail if detail else ''}" for sign, key, detail in _row_lines(rows, 50)
        ]
    lines.append(f"{'OK' if verdict.ok else 'VERSION PROBLEM'}: {verdict.message}")
    return "\n".join(escape(line) for line in lines)


def as_json(diff: Difference, verdict: Verdict) -> str:
    return json.dumps(
        {
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
        },
        ensure_ascii=False,
        indent=2,
    )


#: What a pull-request comment would otherwise read as markdown or HTML in a cell's text: a
#: mention, an image, a link, a tag, emphasis, a table border.
_MARKDOWN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"} | {char: "\\" + char for char in "\\|[]!`*_~#"}
)


def _cell(text: str) -> str:
    """``text`` for a markdown table cell: escaped (``escaping.escape``), then shown as plain text."""
    return escape(text).translate(_MARKDOWN)


def _markdown_rows(diff: Difference) -> Iterator[str]:
    for name, rows in diff.rows.items():
        if not (rows.added or rows.removed or rows.changed):
            continue
        yield f"\n### `{name}`\n\n| | {' + '.join(rows.key)} | change |\n| --- | --- | --- |"
        for sign, key, detail in _row_lines(rows, LIMIT):
            yield f"| {sign} | {_cell(key)} | {_cell(detail)} |"


def as_markdown(diff: Difference, verdict: Verdict) -> str:
    """A pull-request summary: counts first, then one table per resource, long lists cut."""
    head = [
        f"## Data changes: `{diff.old.label}` ({diff.old.version}) → `{diff.new.label}` ({diff.new.version})",
        "",
        f"**Required bump: {diff.bump}.** {'✅' if verdict.ok else '❌'} {verdict.message}",
        "",
        "| resource | added | removed | changed |",
        "| --- | ---: | ---: | ---: |",
    ]
    head += [
        f"| {n} | {len(r.added):,} | {len(r.removed):,} | {len(r.changed):,} |" for n, r in diff.rows.items()
    ]
    changes = _changes(diff)
    if changes:
        head += ["", "| bump | resource | change |", "| --- | --- | --- |"]
        head += [f"| {b} | {_cell(r)} | {_cell(w)} |" for b, r, w in changes[:LIMIT]]
        if len(changes) > LIMIT:
            head.append(f"| … | | and {len(changes) - LIMIT:,} more |")
    return "\n".join(escape(line) for line in [*head, *_markdown_rows(diff)])


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}
