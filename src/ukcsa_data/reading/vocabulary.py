"""The words a reading knows: the areas (``dataset/areas.csv``) and units (``dataset/units.csv``) of
a data package, with the names, aliases and nouns that state them.

A contributor extends them in the data, never in code. The matchers are compiled once per
vocabulary (and the bundled package's vocabulary is read once per process), so a reading costs one
regular-expression scan, whatever the number of areas and nouns.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, TypeVar

T = TypeVar("T")

#: The words of a phrase are separated by any run of white space (typographic spaces included).
_SPACE = "[\\s\\u00a0\\u202f]+"
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
#: An alias holding one of these words names a police force: it states the force's area only where
#: the number is the force's own count (see :mod:`ukcsa_data.reading.geography`).
_FORCE_WORDS = re.compile(r"\b(?:police|constabulary|psni)\b|^the met$")


def normal(phrase: str) -> str:
    """``phrase`` as the vocabulary keys it: lowercase, single spaces."""
    return _SPACES.sub(" ", phrase.strip()).lower()


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(normal(part) for part in (cell or "").split("|") if part.strip())


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regular expression matching any of ``phrases`` (lowercase), longest first, factorised by
    common prefixes so that a scan tries one branch per character instead of every phrase."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [(_SPACE if c == " " else re.escape(c)) + render(child) for c, child in node.items() if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?"

    return render(root) or "(?!)"


@dataclass(frozen=True)
class Area:
    """An area of the code list: its plain name, type, parent area and the phrases that name it."""

    area: str
    type: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """A unit: its name, kind (count, percent, currency, ...) and the nouns and markers that state it."""

    unit: str
    kind: str
    nouns: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The areas and units of a package, with their matchers (compiled on first use, then kept).
    Compared and hashed by identity, so a cache keyed by a vocabulary costs nothing per row."""

    areas: tuple[Area, ...]
    units: tuple[Unit, ...]

    @cached_property
    def area_phrases(self) -> dict[str, frozenset[str]]:
        """Every phrase naming an area (lowercase) -> the areas it can mean (several where one
        phrase names several areas, "West Midlands": the region, and the police force area)."""
        found: dict[str, set[str]] = {}
        for area in self.areas:
            for phrase in (normal(area.area), *area.aliases):
                found.setdefault(phrase, set()).add(area.area)
        return {phrase: frozenset(names) for phrase, names in found.items()}

    @cached_property
    def force_phrases(self) -> frozenset[str]:
        """The phrases that name a police force ("Thames Valley Police", "Police Scotland")."""
        return frozenset(p for p in self.area_phrases if _FORCE_WORDS.search(p))

    @cached_property
    def area_matcher(self) -> re.Pattern[str]:
        """Any phrase naming an area, as whole words, longest first, in any case (the reading checks
        the capitals: :func:`ukcsa_data.reading.geography.named`)."""
        return re.compile(r"(?<![\w.])(?:" + trie_pattern(self.area_phrases) + r")(?!\w|\.\w)", re.IGNORECASE)

    @cached_property
    def unit_kinds(self) -> dict[str, str]:
        """Unit -> kind."""
        return {unit.unit: unit.kind for unit in self.units}

    @cached_property
    def noun_units(self) -> dict[str, str]:
        """Noun or marker (lowercase) -> the unit it states (the first unit listing it)."""
        found: dict[str, str] = {}
        for unit in self.units:
            for noun in unit.nouns:
                found.setdefault(noun, unit.unit)
        return found

    @cached_property
    def word_nouns(self) -> frozenset[str]:
        """The nouns made of letters (not markers such as "%" or "£"), which a noun reading matches."""
        return frozenset(n for n in self.noun_units if re.fullmatch(r"[a-z][a-z' -]*[a-z]", n))

    @cached_property
    def _built(self) -> dict[Callable[..., Any], Any]:
        return {}

    def built(self, build: Callable[[Vocabulary], T]) -> T:
        """``build(self)``, made once per vocabulary (a matcher a reading compiles from it)."""
        if build not in self._built:
            self._built[build] = build(self)
        return self._built[build]  # type: ignore[no-any-return]

    def areas_named(self, words: str) -> frozenset[str]:
        """The areas the matched ``words`` can mean (none if they name no area)."""
        return self.area_phrases.get(normal(words), frozenset())

    def is_force(self, words: str) -> bool:
        """Whether the matched ``words`` name a police force."""
        return normal(words) in self.force_phrases

    def unit_of(self, noun: str) -> str | None:
        """The unit the noun or marker ``noun`` states, or None."""
        return self.noun_units.get(normal(noun))


def vocabulary_from_rows(
    area_rows: Iterable[Mapping[str, str | None]], unit_rows: Iterable[Mapping[str, str | None]]
) -> Vocabulary:
    """A vocabulary from the rows of an areas and a units table (cells as text; empty or None for
    an empty cell). Rows without a name are skipped."""
    areas = tuple(
        Area(
            str(row["area"]),
            str(row.get("type") or ""),
            row.get("parent") or None,
            _split(row.get("aliases")),
        )
        for row in area_rows
        if row.get("area")
    )
    units = tuple(
        Unit(str(row["unit"]), str(row.get("kind") or ""), _split(row.get("nouns")))
        for row in unit_rows
        if row.get("unit")
    )
    return Vocabulary(areas, units)


def _rows(relative: str) -> list[dict[str, str]]:
    from ukcsa_data.core import limits
    from ukcsa_data.core.package_files import bundled_package_dir, read_bytes

    data = read_bytes(bundled_package_dir(), relative, limits.active().csv_bytes)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@cache
def bundled_vocabulary() -> Vocabulary:
    """The vocabulary of the bundled data package (read once per process)."""
    return vocabulary_from_rows(_rows("dataset/areas.csv"), _rows("dataset/units.csv"))
