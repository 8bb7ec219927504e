"""Accept only schema patterns whose backtracking match cost is linear in the cell's length.

A schema ``pattern`` is matched against whole cells (up to ``limits.active().cell_chars``
characters, on every row) with Python's backtracking ``re``. A pattern such as ``(a|a)*``,
``a*a*a*b``, ``(a{1,10}){1,10}`` or ``(.|\\s)*x`` takes seconds to years on a 40-character cell.
The validator therefore accepts only a *safe subset* of regular expressions and reports every
other pattern as ``unsafe-pattern``; ``schema-pattern`` is kept for a pattern that is not a string
or not a valid regular expression. Running patterns under a linear-time engine (google-re2) was
not chosen: a package's schemas are also read by its clients (frictionless matches patterns with
Python ``re``), which a pattern that is safe only under re2 would still hang, and it would add a
compiled dependency.

The subset is defined on the parsed pattern (``re._parser``). Write *first(X)* for the characters
that can start a match of X, and *follow(X)* for the characters that can come next after X, with
"end of cell" as one more symbol (a pattern is matched against the whole cell). Character sets
are computed exactly (classes, ranges, negation, ``\\d \\w \\s`` and their negations in both Unicode
and ASCII mode, ``.`` as every character). A pattern is accepted when all of these hold:

1. It is a string of at most ``limits.active().pattern_chars`` characters and a valid regular
   expression.
2. It is built only from characters, classes, ``.``, anchors (``^ $ \\A \\Z \\b \\B``), groups,
   alternation and greedy or lazy repeats (``* + ? {m,n}``). Back-references, conditionals,
   look-arounds, atomic groups and possessive repeats are outside the subset (the last two also
   do not compile before Python 3.11), and so is the case-insensitive flag ``(?i)`` (it widens
   every character in ways the set computation does not follow; write ``[Aa]``).
3. Every choice is decided by the next character (the pattern is *deterministic*): the
   alternatives of an alternation have pairwise disjoint first sets (an alternative that can be
   empty counts with its follow set), and a repeat or optional group whose count is not fixed
   has ``first(body)`` disjoint from ``follow(repeat)`` (so "one more turn" and "stop here" never
   both fit). Inside a repeat, ``follow`` of the body includes the body's own first set (the next
   turn). This rules out overlapping alternatives (``(a|a)*``, ``(.|\\s)*``), adjacent repeats
   over the same characters, also across optional items (``a*a*``, ``\\d*,?\\d*``), and nested
   repeats without a delimiter (``(a+)+``, ``(a{1,10}){1,10}``, ``([a-z]+-?)*``). Bounded repeats
   are choices like unbounded ones, whatever their size.
4. A repeated group (one that may match more than once) cannot match the empty string, and its
   alternations have no empty alternative (``(a|ab)*`` parses as ``(a(|b))*``): each turn
   consumes characters and starts with a character that decides it.
5. One exception to rule 3: a repeat of a *single character* item (``[A-Za-z0-9_.-]+``) may
   overlap its follow when everything after it, to the end of the pattern, is a fixed sequence of
   at most ``MAX_FIXED_SUFFIX`` characters (``\\.txt``), with no choice and no loop back.

Why this is linear under a backtracking engine (``fullmatch`` on a cell of n characters): by rule
3, at every choice the wrong alternative fails on the next character, so the search never goes
deeper than one character into a wrong branch; a greedy single-character repeat, after the rest of
the match fails, backs off one position at a time and each retry fails on its first character
(the follow is disjoint from the repeat's characters). So the work is O(n × pattern size). Under
rule 5 each of the at most n back-off positions costs at most ``MAX_FIXED_SUFFIX`` comparisons,
and a fixed suffix that reaches the end of the pattern either ends the match or fails, so
nothing after it is retried. Every shipped pattern is in the subset, for example
``[a-z0-9]+(-[a-z0-9]+)*`` (each turn starts with ``-``, which the repeats cannot match),
``https?://[^\\s]+`` and ``seeds/[A-Za-z0-9_.-]+\\.txt`` (rule 5).
"""

from __future__ import annotations

import re
from functools import cache
from re import _parser as sre_parse  # type: ignore[attr-defined]  # Python 3.11+ (sre_parse is deprecated)
from typing import Any

import numpy as np

from ukcsa_data.core import limits
from ukcsa_data.core.codes import Code
from ukcsa_data.core.problems import show

#: Characters a fixed suffix after an overlapping single-character repeat may have (rule 5).
MAX_FIXED_SUFFIX = 100

Ranges = tuple[tuple[int, int], ...]
_END: Ranges = ((-1, -1),)  # "end of the cell" as a symbol of its own
_EMPTY: Ranges = ()
_TOP = 0x10FFFF
_ALL: Ranges = ((0, _TOP),)
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT)
_ATOMS = (sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.ANY, sre_parse.IN)
_ALLOWED = (*_ATOMS, *_REPEATS, sre_parse.AT, sre_parse.SUBPATTERN, sre_parse.BRANCH)
#: Each category and the one that matches every other character.
_NEGATION = {
    sre_parse.CATEGORY_DIGIT: sre_parse.CATEGORY_NOT_DIGIT,
    sre_parse.CATEGORY_SPACE: sre_parse.CATEGORY_NOT_SPACE,
    sre_parse.CATEGORY_WORD: sre_parse.CATEGORY_NOT_WORD,
}
_POSITIVE = {negated: plain for plain, negated in _NEGATION.items()}
#: A run of the characters a category matches (a negated category's runs are long and few).
_CATEGORY_RUN = {
    sre_parse.CATEGORY_DIGIT: r"\d+",
    sre_parse.CATEGORY_SPACE: r"\s+",
    sre_parse.CATEGORY_WORD: r"\w+",
    sre_parse.CATEGORY_NOT_DIGIT: r"\D+",
    sre_parse.CATEGORY_NOT_SPACE: r"\S+",
    sre_parse.CATEGORY_NOT_WORD: r"\W+",
}
_FIX_CHOICE = "make what comes next start with a character the repeated part cannot match"
_WHY = {
    "overlap-alternatives": (
        "has alternatives that can start with the same character, so a long cell can backtrack "
        "through every combination of them; merge them into one class or make each start with a "
        "different character (write (.|\\s)* as [\\s\\S]*)"
    ),
    "empty-alternative": (
        "has, inside a repeated group, alternatives that share a prefix or can be empty, as (a|ab)*, "
        "which can backtrack on a long cell; write the choice as an optional part, as (ab?)*"
    ),
    "empty-turn": (
        "repeats a group that can match the empty string, which can backtrack on a long cell; "
        "make each turn match at least one character"
    ),
    "adjacent": (
        "has a repeat followed by a part that can match the same characters (as a*a* or \\d*,?\\d*), "
        f"so a long cell can backtrack through every split between them; merge them or {_FIX_CHOICE}"
    ),
    "nested": (
        "repeats a group whose turns can end at more than one place (as (a+)+ or (a{1,10}){1,10}), "
        "so a long cell can backtrack exponentially; start each turn with a delimiter the inner "
        "repeat cannot match, as [a-z0-9]+(-[a-z0-9]+)*"
    ),
    "optional": (
        f"has an optional group that can start like what follows it, which can backtrack; {_FIX_CHOICE}"
    ),
    "lookaround": (
        "uses a back-reference, look-around or conditional, which can backtrack without bound; "
        "describe the text with characters, classes, groups and repeats only"
    ),
    "atomic": (
        "uses an atomic group or possessive repeat, which Python before 3.11 and other readers "
        "cannot compile; write it with ordinary groups and repeats"
    ),
    "ignorecase": "uses the case-insensitive flag (?i); list both cases instead, as [Aa]",
    "deep": "nests groups too deeply to be checked; flatten it",
}


class _Unsafe(Exception):
    """The pattern is outside the safe subset, for the reason named by ``kind`` (a key of _WHY)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


# ---- character sets: sorted, disjoint, inclusive ranges of code points; -1 is the end ----


def _union(a: Ranges, b: Ranges) -> Ranges:
    """The union of two sets."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(a + b):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _overlaps(a: Ranges, b: Ranges) -> bool:
    """Whether two sets share a code point (or both hold the end)."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def _complement(a: Ranges) -> Ranges:
    """Every character not in ``a`` (the end is never in a complement)."""
    gaps, start = [], 0
    for lo, hi in a:
        if lo > start:
            gaps.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= _TOP:
        gaps.append((start, _TOP))
    return tuple(gaps)


@cache
def _every_character() -> str:
    """All code points in order, to compute the categories with ``re`` itself."""
    return np.arange(_TOP + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")


@cache
def _category(category: Any, ascii_only: bool) -> Ranges:
    """The code points ``re`` matches with a category such as ``\\d``, in Unicode or ASCII mode.

    In ASCII mode ``\\d``, ``\\s`` and ``\\w`` match ASCII characters only, so only those are
    searched; in Unicode mode ``re`` finds the runs of the negated category in every code point
    (they are few and long: three times faster than the many short runs of ``\\s``); a negated
    category is the complement of the other."""
    if category in _POSITIVE:
        return _complement(_category(_POSITIVE[category], ascii_only))
    if ascii_only:
        runs = re.finditer(_CATEGORY_RUN[category], _every_character()[:128], re.ASCII)
        return tuple((m.start(), m.end() - 1) for m in runs)
    runs = re.finditer(_CATEGORY_RUN[_NEGATION[category]], _every_character())
    return _complement(tuple((m.start(), m.end() - 1) for m in runs))


def _class_set(items: list[tuple[Any, Any]], ascii_only: bool) -> Ranges:
    """The code points a class ``[...]`` matches in one mode."""
    found: Ranges = _EMPTY
    negate = False
    for op, av in items:
        if op is sre_parse.NEGATE:
            negate = True
        elif op is sre_parse.LITERAL:
            found = _union(found, ((av, av),))
        elif op is sre_parse.RANGE:
            found = _union(found, ((av[0], av[1]),))
        elif op is sre_parse.CATEGORY:
            found = _union(found, _category(av, ascii_only))
        else:  # pragma: no cover - the parser produces no other class items
            found = _ALL
    return _complement(found) if negate else found


def _atom_set(op: Any, av: Any) -> Ranges:
    """The code points a single-character item can match (in Unicode or ASCII mode)."""
    if op is sre_parse.LITERAL:
        return ((av, av),)
    if op is sre_parse.NOT_LITERAL:
        return _complement(((av, av),))
    if op is sre_parse.IN:
        return _union(_class_set(av, False), _class_set(av, True))
    return _ALL  # ANY: with or without DOTALL, at most every character


# ---- the parsed pattern ----


def _subpatterns(av: Any) -> list[Any]:
    if isinstance(av, sre_parse.SubPattern):
        return [av]
    if isinstance(av, tuple | list):
        return [sub for item in av for sub in _subpatterns(item)]
    return []


def _walk(pattern: Any) -> Any:
    for op, av in pattern:
        yield op, av
        for sub in _subpatterns(av):
            yield from _walk(sub)


def _check_constructs(parsed: Any) -> None:
    """Rule 2: only characters, classes, anchors, groups, alternation and plain repeats."""
    if parsed.state.flags & sre_parse.SRE_FLAG_IGNORECASE:
        raise _Unsafe("ignorecase")
    for op, av in _walk(parsed):
        if op is sre_parse.SUBPATTERN and av[1] & sre_parse.SRE_FLAG_IGNORECASE:
            raise _Unsafe("ignorecase")
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS, sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            raise _Unsafe("lookaround")
        if op not in _ALLOWED:
            raise _Unsafe("atomic")


def _fixed_length(items: Any) -> int | None:
    """The length every match of ``items`` has if they contain no choice, else None."""
    total = 0
    for op, av in items:
        if op in _ATOMS:
            total += 1
        elif op is sre_parse.SUBPATTERN:
            inner = _fixed_length(av[3])
            if inner is None:
                return None
            total += inner
        elif op in _REPEATS and av[0] == av[1] and (inner := _fixed_length(av[2])) is not None:
            total += av[0] * inner
        elif op is not sre_parse.AT:
            return None
    return total


#: What comes after an item, to the end of the pattern: (items, from index, loops back, outer).
_Rest = tuple[Any, int, bool, Any] | None


def _fixed_suffix(rest: _Rest) -> bool:
    """Rule 5: whether everything after an item is one fixed sequence of few characters."""
    total = 0
    while rest is not None:
        items, start, loops, rest = rest
        length = None if loops else _fixed_length(items[start:])
        if length is None:
            return False
        total += length
    return total <= MAX_FIXED_SUFFIX


class _Checker:
    """Rules 3 to 5 over one parsed pattern, with first sets and emptiness memoised per node."""

    def __init__(self) -> None:
        self._first: dict[int, tuple[Ranges, bool]] = {}

    def first(self, items: Any) -> tuple[Ranges, bool]:
        """(first set, can be empty) of a sequence of items."""
        key = id(items)
        if key not in self._first:
            found: Ranges = _EMPTY
            empty = True
            for op, av in items:
                item_first, item_empty = self.item_first(op, av)
                found = _union(found, item_first)
                if not item_empty:
                    empty = False
                    break
            self._first[key] = (found, empty)
        return self._first[key]

    def item_first(self, op: Any, av: Any) -> tuple[Ranges, bool]:
        """(first set, can be empty) of one item."""
        if op in _ATOMS:
            return _atom_set(op, av), False
        if op is sre_parse.SUBPATTERN:
            return self.first(av[3])
        if op is sre_parse.BRANCH:
            parts = [self.first(branch) for branch in av[1]]
            found: Ranges = _EMPTY
            for branch_first, _ in parts:
                found = _union(found, branch_first)
            return found, any(empty for _, empty in parts)
        if op in _REPEATS:
            body, empty = self.first(av[2]) if av[1] > 0 else (_EMPTY, True)
            return body, empty or av[0] == 0
        return _EMPTY, True  # an anchor

    def sequence(self, items: Any, follow: Ranges, rest: _Rest, looped: bool) -> None:
        """Check each item of a sequence, given what can follow the whole sequence."""
        follows: list[Ranges] = []
        after = follow
        for op, av in reversed(list(items)):
            follows.append(after)
            item_first, item_empty = self.item_first(op, av)
            after = _union(item_first, after) if item_empty else item_first
        for index, ((op, av), item_follow) in enumerate(zip(items, reversed(follows), strict=True)):
            self.item(op, av, item_follow, (items, index + 1, False, rest), looped)

    def item(self, op: Any, av: Any, follow: Ranges, rest: _Rest, looped: bool) -> None:
        """Check one item; ``looped`` says it is inside a group that may match more than once."""
        if op is sre_parse.SUBPATTERN:
            self.sequence(av[3], follow, rest, looped)
        elif op is sre_parse.BRANCH:
            self.branch(av[1], follow, rest, looped)
        elif op in _REPEATS:
            self.repeat(av, follow, rest, looped)

    def branch(self, branches: list[Any], follow: Ranges, rest: _Rest, looped: bool) -> None:
        """Rules 3 and 4 for an alternation: disjoint first sets, no empty alternative in a loop."""
        seen: Ranges = _EMPTY
        for branch in branches:
            first, empty = self.first(branch)
            if empty and looped:
                raise _Unsafe("empty-alternative")
            first = _union(first, follow) if empty else first
            if _overlaps(seen, first):
                raise _Unsafe("overlap-alternatives")
            seen = _union(seen, first)
            self.sequence(branch, follow, rest, looped)

    def repeat(self, av: Any, follow: Ranges, rest: _Rest, looped: bool) -> None:
        """Rules 3 to 5 for a repeat ``{low,high}`` of ``body``."""
        low, high, body = av
        first, empty = self.first(body)
        single = len(body) == 1 and body[0][0] in _ATOMS
        if high > 1 and empty:
            raise _Unsafe("empty-turn")
        if high > 1 and not single:
            self.sequence(body, _union(first, follow), (body, len(body), True, rest), True)
        elif not single:
            self.sequence(body, follow, rest, looped)
        if low < high and _overlaps(first, follow) and not (single and _fixed_suffix(rest)):
            raise _Unsafe("nested" if looped else "optional" if high == 1 and not single else "adjacent")


def _why_unsafe(pattern: str) -> str | None:
    """The key of _WHY for why a valid ``pattern`` is outside the safe subset, or None."""
    try:
        parsed = sre_parse.parse(pattern)
        _check_constructs(parsed)
        _Checker().sequence(parsed, _END, None, False)
    except _Unsafe as unsafe:
        return unsafe.kind
    except RecursionError:
        return "deep"
    return None


def pattern_problem(pattern: object) -> tuple[Code, str] | None:
    """(code, why) if ``pattern`` may not be used in a schema, or None if it is in the safe subset."""
    if not isinstance(pattern, str):
        return "schema-pattern", f"a pattern must be a string, not {type(pattern).__name__}"
    most = limits.active().pattern_chars
    if len(pattern) > most:
        return "unsafe-pattern", (
            f"the pattern has {len(pattern)} characters, more than the limit of {most} "
            "(pattern_chars); shorten it"
        )
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as error:
        return "schema-pattern", f"pattern {show(pattern)} is not a valid regular expression: {error}"
    kind = _why_unsafe(pattern)
    if kind is None:
        return None
    return "unsafe-pattern", f"pattern {show(pattern)} {_WHY[kind]}"
