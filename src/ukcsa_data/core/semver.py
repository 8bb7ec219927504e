"""Semantic versions: parse, compare, bump; and whether CHANGELOG.md has an entry for a version.

Bad: figures removed and the version left at 1.2.0 with no changelog entry. Good: 2.0.0, with a
``## [2.0.0]`` entry (or, before the release, an ``## [Unreleased]`` entry describing it).
"""

from __future__ import annotations

import re
from typing import Literal

#: How much a version moves: the smallest bump a change needs.
Bump = Literal["none", "patch", "minor", "major"]

_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_HEADING = re.compile(r"^##\s+\[?([^\]\s]+)\]?(.*)$", re.MULTILINE)

Version = tuple[int, int, int]


def parse(text: object) -> Version | None:
    """``"1.2.3"`` as (1, 2, 3); None if it is not a plain semantic version (no leading zeros, no
    pre-release or build suffix). The one parser of versions in the project."""
    match = _VERSION.fullmatch(text.strip()) if isinstance(text, str) else None
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def bumped(version: Version, bump: Bump) -> Version:
    """The smallest version after ``version`` that makes a ``bump`` (itself for none)."""
    major, minor, patch = version
    if bump == "major":
        return (major + 1, 0, 0)
    if bump == "minor":
        return (major, minor + 1, 0)
    if bump == "patch":
        return (major, minor, patch + 1)
    return version


def dotted(version: Version) -> str:
    """The version as written: "1.2.3"."""
    return ".".join(map(str, version))


def changelog_sections(text: str) -> dict[str, str]:
    """Each ``## [X.Y.Z]`` (or ``## Unreleased``) section's body, by its version (lowercase)."""
    headings = list(_HEADING.finditer(text))
    sections: dict[str, str] = {}
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        sections[heading[1].lower()] = text[heading.end() : end].strip()
    return sections


def has_entry(changelog: str, version: str) -> bool:
    """Whether CHANGELOG.md has a non-empty section for ``version`` (or "unreleased")."""
    body = changelog_sections(changelog).get(version.lower(), "")
    return bool(re.search(r"^\s*[-*]\s+\S", body, re.MULTILINE))
