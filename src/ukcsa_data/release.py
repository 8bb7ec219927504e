"""``ukcsa-data release X.Y.Z``: date the CHANGELOG's Unreleased entry and set the version everywhere.

The version is stated in ``datapackage.json`` (which ``ukcsa_data.__version__`` reads), in
``pyproject.toml`` (the Python distribution's version), in ``CITATION.cff`` (with its
``date-released``) and in the README's "How to cite" text. Each value is replaced where it stands
in the text, so every other byte of those files stays as it was. Every check runs and every new
text is made before anything is written: a release that cannot be made writes nothing.

X.Y.Z must be a ``MAJOR.MINOR.PATCH`` version above the one ``datapackage.json`` states: a release
is a commit that sets a new version there, as ``ukcsa-data diff --since-release`` reads history.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ukcsa_data.core import semver
from ukcsa_data.core.package_edits import (
    PackageError,
    json_members,
    read_descriptor,
    read_package_text,
    replace_package_file,
    skip_space,
)
from ukcsa_data.core.package_files import DESCRIPTOR
from ukcsa_data.core.semver import Version, has_entry
from ukcsa_data.core.strict_json import loads_strict

CHANGELOG, CITATION, README, PYPROJECT = "CHANGELOG.md", "CITATION.cff", "README.md", "pyproject.toml"
#: The text files this command reads, at most this size each.
_MAX_TEXT_BYTES = 1024 * 1024

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNRELEASED = re.compile(r"^## \[Unreleased\][ \t]*(?:\r?\n|\Z)", re.MULTILINE | re.IGNORECASE)
_ENTRY = re.compile(r"^## \[([^\]\n]*)\](?: - ([0-9]{4}-[0-9]{2}-[0-9]{2}))?", re.MULTILINE)
_CITE_VERSION = re.compile(r"^(version:[ \t]*)(\"[^\"\n]*\"|'[^'\n]*'|[^\s#]*)", re.MULTILINE)
_CITE_DATE = re.compile(r"^(date-released:[ \t]*)(\"[^\"\n]*\"|'[^'\n]*'|[^\s#]*)", re.MULTILINE)
_README_SECTION = re.compile(r"^## How to cite[ \t]*$.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_README_VERSION = re.compile(r"(\bversion\s+(?:>[ \t]*)?)([0-9]+\.[0-9]+\.[0-9]+)\b")
_README_YEAR = re.compile(r"^(>.*?\()([0-9]{4})(\))", re.MULTILINE)
_PYPROJECT_TABLE = re.compile(r"^\[project\][ \t]*$.*?(?=^\[|\Z)", re.MULTILINE | re.DOTALL)
_PYPROJECT_VERSION = re.compile(r"^(version[ \t]*=[ \t]*)(\"[^\"\n]*\"|'[^'\n]*')", re.MULTILINE)


@dataclass(frozen=True)
class _Change:
    """A file's new text and what changed in it, as a line for the summary."""

    path: str
    text: str
    summary: str


def parse_version(text: str, what: str = "the version") -> Version:
    """``"1.2.3"`` as ``(1, 2, 3)``; anything but MAJOR.MINOR.PATCH (no leading zeros, no suffix)
    raises :class:`PackageError`."""
    version = semver.parse(text) if text == text.strip() else None
    if version is None:
        raise PackageError(f"{what} {text!r} is not a version of the form MAJOR.MINOR.PATCH, such as 0.2.0")
    return version


def parse_release_date(text: str) -> date:
    """A YYYY-MM-DD date that exists, or :class:`PackageError`."""
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise PackageError(f"the date {text!r} is not a real date written YYYY-MM-DD")


def _read(root: Path, relative: str) -> str:
    return read_package_text(root, relative, _MAX_TEXT_BYTES)[1]


def _quoted_like(old: str, new: str) -> str:
    """``new`` in the quotes ``old`` was written in (none, single or double)."""
    quote = old[0] if old[:1] in ("'", '"') else ""
    return f"{quote}{new}{quote}"


def _unquoted(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" else value


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) span replaced by its new text; the spans do not overlap."""
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# datapackage.json -------------------------------------------------------------------------------


def _descriptor_change(root: Path, version: str) -> tuple[str, _Change]:
    """The version datapackage.json states, and its text with ``version`` replaced where it stands."""
    text, descriptor = read_descriptor(root)
    current = descriptor.get("version")
    if not isinstance(current, str):
        raise PackageError(f'{DESCRIPTOR} has no "version" string; add "version": "0.1.0" to it')
    parse_version(current, f"{DESCRIPTOR}'s version")
    start, end = json_members(text, skip_space(text, 0))["version"]
    new_text = text[:start] + json.dumps(version) + text[end:]
    expected = copy.deepcopy(descriptor)
    expected["version"] = version
    if loads_strict(new_text) != expected:  # pragma: no cover - the span comes from the parser
        raise PackageError(f"internal error: rewriting {DESCRIPTOR} would change more than its version")
    return current, _Change(DESCRIPTOR, new_text, f"{DESCRIPTOR}: version {current} -> {version}")


# CHANGELOG.md -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Changelog:
    text: str
    unreleased: re.Match[str]  # the "## [Unreleased]" heading, with its line break
    entries: dict[str, str | None]  # every other "## [...]" entry: its date, if it has one


def _read_changelog(root: Path) -> _Changelog:
    text = _read(root, CHANGELOG)
    headings = list(_UNRELEASED.finditer(text))
    if len(headings) != 1:
        raise PackageError(
            f"{CHANGELOG} has {len(headings)} '## [Unreleased]' headings; it needs exactly one"
        )
    heading = headings[0]
    entries = {
        entry.group(1): entry.group(2)
        for entry in _ENTRY.finditer(text)
        if entry.group(1).lower() != "unreleased"
    }
    return _Changelog(text, heading, entries)


def _check_entries(changelog: _Changelog, version: str, when: date) -> None:
    if version in changelog.entries:
        raise PackageError(f"{CHANGELOG} already has an entry '## [{version}]'")
    for listed, dated in changelog.entries.items():
        if semver.parse(listed) is not None and parse_version(listed) > parse_version(version):
            raise PackageError(f"{CHANGELOG} already lists {listed}, which is above {version}")
        if dated and parse_release_date(dated) > when:
            raise PackageError(f"{CHANGELOG} dates {listed} {dated}, after the release date {when}")


def _changelog_change(changelog: _Changelog, version: str, when: date) -> _Change:
    """An empty "## [Unreleased]" above "## [X.Y.Z] - YYYY-MM-DD" and what Unreleased held."""
    if not has_entry(changelog.text, "unreleased"):  # the rule `ukcsa-data diff` uses: a list item
        raise PackageError(
            f"the '## [Unreleased]' section of {CHANGELOG} is empty; list the changes there first"
        )
    _check_entries(changelog, version, when)
    newline = _newline(changelog.text)
    heading = changelog.unreleased.group(0)  # ends with its line break: a body follows it
    entry = f"## [{version}] - {when.isoformat()}{newline}{newline}"
    rest = changelog.text[changelog.unreleased.end() :].lstrip("\r\n")
    new_text = changelog.text[: changelog.unreleased.start()] + heading + newline + entry + rest
    return _Change(CHANGELOG, new_text, f"{CHANGELOG}: [Unreleased] -> [{version}] - {when.isoformat()}")


# CITATION.cff, README.md, pyproject.toml --------------------------------------------------------


def _only(pattern: re.Pattern[str], text: str, what: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    if len(matches) > 1:
        raise PackageError(f"{what} appears {len(matches)} times; it must appear once")
    return matches[0] if matches else None


def _citation_change(root: Path, version: str, when: date) -> _Change:
    """``version:`` and ``date-released:`` set (the date added after the version if it is missing)."""
    text = _read(root, CITATION)
    found = _only(_CITE_VERSION, text, f"a top-level 'version:' line in {CITATION}")
    if found is None:
        raise PackageError(f"{CITATION} has no top-level 'version:' line; add one")
    dated = _only(_CITE_DATE, text, f"a top-level 'date-released:' line in {CITATION}")
    day = when.isoformat()
    edits = [(found.start(2), found.end(2), _quoted_like(found.group(2), version))]
    if dated:
        edits.append((dated.start(2), dated.end(2), _quoted_like(dated.group(2) or '""', day)))
    else:
        line_end = text.find("\n", found.end())
        at = len(text) if line_end < 0 else line_end + 1
        newline = _newline(text)
        edits.append((at, at, ("" if line_end >= 0 else newline) + f'date-released: "{day}"{newline}'))
    old_date = _unquoted(dated.group(2)) if dated else "(none)"
    summary = (
        f"{CITATION}: version {_unquoted(found.group(2))} -> {version}; date-released {old_date} -> {day}"
    )
    return _Change(CITATION, _apply(text, edits), summary)


def _readme_change(root: Path, version: str, when: date) -> _Change | None:
    """The version (and the year) of the citation in "## How to cite", or None if it names none."""
    text = _read(root, README)
    section = _README_SECTION.search(text)
    if section is None:
        return None
    offset, cite = section.start(), section.group(0)
    found = list(_README_VERSION.finditer(cite))
    if not found:
        return None
    edits = [(offset + match.start(2), offset + match.end(2), version) for match in found]
    olds = sorted({match.group(2) for match in found})
    summary = f"{README}: 'How to cite' version {', '.join(olds)} -> {version}"
    year = _README_YEAR.search(cite)
    if year and year.group(2) != str(when.year):
        edits.append((offset + year.start(2), offset + year.end(2), str(when.year)))
        summary += f"; year {year.group(2)} -> {when.year}"
    return _Change(README, _apply(text, edits), summary)


def _pyproject_change(root: Path, version: str) -> _Change | None:
    """``[project] version`` set, or None if the version is dynamic (not written in the file)."""
    text = _read(root, PYPROJECT)
    table = _PYPROJECT_TABLE.search(text)
    found = (
        _only(_PYPROJECT_VERSION, table.group(0), f"'version =' in [project] of {PYPROJECT}")
        if table
        else None
    )
    if table is None or found is None:
        return None
    start, end = table.start() + found.start(2), table.start() + found.end(2)
    new_text = text[:start] + _quoted_like(found.group(2), version) + text[end:]
    try:
        expected, parsed = tomllib.loads(text), tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as error:
        raise PackageError(f"{PYPROJECT} is not valid TOML: {error}") from None
    old = expected["project"].get("version")
    expected["project"]["version"] = version
    if parsed != expected:  # pragma: no cover - a value written as the pattern reads it
        raise PackageError(f"{PYPROJECT}: cannot set [project] version where it stands; set it by hand")
    return _Change(PYPROJECT, new_text, f"{PYPROJECT}: version {old} -> {version}")


# the command ------------------------------------------------------------------------------------


def _check_version(version: str, current: str) -> None:
    if parse_version(version) <= parse_version(current, f"{DESCRIPTOR}'s version"):
        raise PackageError(f"{version} is not above the current version {current} ({DESCRIPTOR})")


def _check_against_previous(root: Path, version: str, changelog: str) -> str:
    """Refuse ``version`` if ``diff`` against the newest release would fail once it is committed
    (too small a bump, a retired_in that is not this release, a released entry edited); else a
    line saying what it was compared with."""
    from ukcsa_data.versioning.next_release import judge_release
    from ukcsa_data.versioning.snapshot import SnapshotError

    try:
        verdict, compared = judge_release(root, version, changelog)
    except SnapshotError as error:
        raise PackageError(f"cannot compare with the previous release: {error}") from None
    if verdict is None:
        return compared
    if not verdict.ok:
        raise PackageError(
            f"{verdict.message} (compared with {compared}; "
            "'ukcsa-data diff --since-release' lists the changes)"
        )
    return f"compared with {compared}: {verdict.message}"


def _present(root: Path, name: str) -> bool:
    return (root / name).exists() or (root / name).is_symlink()


def release(package_dir: str | Path, version: str, on: str | None = None) -> list[str]:
    """Release ``version`` dated ``on`` (YYYY-MM-DD, default today); return a line per file.

    Raises :class:`PackageError`, having written nothing, if the version is not MAJOR.MINOR.PATCH
    above the current one, the date is not a real date, the CHANGELOG's Unreleased section lists
    nothing, or a file cannot be changed where its version stands.
    """
    root = Path(package_dir)
    parse_version(version)
    when = parse_release_date(on) if on is not None else date.today()
    current, descriptor = _descriptor_change(root, version)
    changelog = _read_changelog(root)
    _check_version(version, current)
    changes, notes = [descriptor], []
    optional: tuple[tuple[str, Callable[[], _Change | None]], ...] = (
        (PYPROJECT, lambda: _pyproject_change(root, version)),
        (CITATION, lambda: _citation_change(root, version, when)),
        (README, lambda: _readme_change(root, version, when)),
    )
    for name, make in optional:
        change = make() if _present(root, name) else None
        if change is None:
            notes.append(
                f"{name}: {'states no version' if _present(root, name) else 'not found'}, not changed"
            )
        else:
            changes.append(change)
    changes.append(_changelog_change(changelog, version, when))
    notes.append(_check_against_previous(root, version, changes[-1].text))
    for change in changes:
        replace_package_file(root / change.path, change.text.encode("utf-8"))
    return [
        *(change.summary for change in changes),
        *notes,
        f"next: run 'ukcsa-data validate', reinstall ('python -m pip install -e .') so the installed "
        f"distribution says {version}, commit, and tag the commit v{version}",
    ]
