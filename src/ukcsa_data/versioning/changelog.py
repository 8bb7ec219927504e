"""CHANGELOG.md as ``diff`` judges it: released entries never change, and a change that is not
released yet is described by a new line under ``## [Unreleased]``.

A released entry is a ``## [X.Y.Z]`` section (with or without `` - YYYY-MM-DD``): once the old
version has it, the new version must have it with the same heading and the same lines. Link
reference lines (``[1.0.0]: https://...``) and blank lines at a section's ends are not part of it.

Bad: ``## [1.0.0] - 2026-11-30`` redated to 2026-12-01, or a line of it reworded; a correction
covered by an ``Unreleased`` line written for an earlier change. Good: a new line under
``## [Unreleased]`` for each change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ukcsa_data.core import semver

_HEADING = re.compile(r"^##[ \t]+(.*?)[ \t]*\r?$", re.MULTILINE)
_RELEASED = re.compile(r"\[([^\]\s]+)\](?:[ \t]+-[ \t]+(\S+))?")
_LINK_REFERENCE = re.compile(r"^\[[^\]\n]+\]:[ \t]")
_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+\S")


@dataclass(frozen=True)
class Section:
    """One ``## `` section: its heading (after ``## ``) and its lines (ends trimmed)."""

    heading: str
    lines: tuple[str, ...]


def sections(text: str) -> dict[str, Section]:
    """Each ``## [NAME]`` section by its NAME, lowercase (``unreleased``, ``1.0.0``); the first of
    a name repeated."""
    found: dict[str, Section] = {}
    headings = list(_HEADING.finditer(text))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body = [
            line.rstrip()
            for line in text[heading.end() : end].splitlines()
            if not _LINK_REFERENCE.match(line)
        ]
        while body and not body[0]:
            body.pop(0)
        while body and not body[-1]:
            body.pop()
        match = _RELEASED.match(heading[1])
        name = (match[1] if match else heading[1]).lower()
        found.setdefault(name, Section(heading[1], tuple(body)))
    return found


def released(text: str) -> dict[str, Section]:
    """The released entries: sections headed ``## [X.Y.Z]``."""
    return {
        name: section
        for name, section in sections(text).items()
        if semver.parse(name) is not None and section.heading.startswith("[")
    }


def edited_releases(old: str, new: str) -> list[str]:
    """How ``new`` changed the entries ``old`` had released, one phrase each (empty if none)."""
    after = sections(new)
    problems = []
    for name, entry in released(old).items():
        now = after.get(name)
        if now is None:
            problems.append(f"the released entry [{name}] was deleted")
        elif now.heading != entry.heading:
            problems.append(f"the released entry's heading '## {entry.heading}' became '## {now.heading}'")
        elif now.lines != entry.lines:
            problems.append(f"the released entry [{name}] was edited")
    return problems


def items(lines: tuple[str, ...]) -> set[str]:
    """The list items of a section, each with its continuation lines, spaces collapsed."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if _ITEM.match(line):
            current = [line]
            found.append(current)
        elif current is not None and line.strip() and not line.lstrip().startswith("#"):
            current.append(line)
        else:
            current = None
    return {" ".join(" ".join(item).split()) for item in found}


def new_unreleased_items(old: str, new: str) -> set[str]:
    """The list items under ``## [Unreleased]`` in ``new`` that ``old``'s Unreleased lacks (a new
    line, or an old one reworded)."""
    before = sections(old).get("unreleased")
    after = sections(new).get("unreleased")
    if after is None:
        return set()
    return items(after.lines) - (items(before.lines) if before else set())
