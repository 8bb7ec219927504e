"""Reject Table Schema patterns that are invalid or could backtrack catastrophically."""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is deprecated).
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}
_UNBOUNDED = sre_parse.MAXREPEAT
_MAX_PATTERN_CHARS = 1_000


def _subpatterns(av: Any) -> list[Any]:
    if isinstance(av, sre_parse.SubPattern):
        return [av]
    if isinstance(av, tuple | list):
        found: list[Any] = []
        for item in av:
            found.extend(_subpatterns(item))
        return found
    return []


def _walk(pattern: Any) -> Any:
    for op, av in pattern:
        yield op, av
        for sub in _subpatterns(av):
            yield from _walk(sub)


def _unbounded_repeats(pattern: Any) -> list[Any]:
    return [av[2] for op, av in _walk(pattern) if op in _REPEATS and av[1] == _UNBOUNDED]


def _can_start_with(pattern: Any, char: int) -> bool:
    """Whether the first item of ``pattern`` could match the character ``char`` (conservative)."""
    if not len(pattern):
        return True
    op, av = pattern[0]
    if op is sre_parse.LITERAL:
        return bool(av == char)
    if op is sre_parse.NOT_LITERAL:
        return bool(av != char)
    if op is sre_parse.IN:
        matched, negate = False, False
        for item_op, item_av in av:
            if item_op is sre_parse.NEGATE:
                negate = True
            elif item_op is sre_parse.LITERAL:
                matched |= item_av == char
            elif item_op is sre_parse.RANGE:
                matched |= item_av[0] <= char <= item_av[1]
            else:  # categories such as \\s or \\w: assume they may match
                return True
        return matched != negate
    if op is sre_parse.SUBPATTERN:
        return _can_start_with(av[-1], char)
    return True


def _nested_unbounded(pattern: Any) -> bool:
    """A repeat around an unbounded repeat is unsafe unless a separator literal starts each turn."""
    for op, av in _walk(pattern):
        if op in _REPEATS and (av[1] == _UNBOUNDED or av[1] > 1):
            body = av[2]
            inner = _unbounded_repeats(body)
            if not inner:
                continue
            first = body[0] if len(body) else None
            if first is not None and first[0] is sre_parse.SUBPATTERN and len(body) == 1:
                body = first[1][-1]
                first = body[0] if len(body) else None
            if first is None or first[0] is not sre_parse.LITERAL:
                return True
            if any(_can_start_with(sub, first[1]) for sub in inner):
                return True
    return False


def pattern_problem(pattern: object) -> str | None:
    """Return why ``pattern`` may not be used in a schema, or None if it is safe."""
    if not isinstance(pattern, str):
        return f"a pattern must be a string, not {type(pattern).__name__}"
    if len(pattern) > _MAX_PATTERN_CHARS:
        return f"a pattern may have at most {_MAX_PATTERN_CHARS} characters"
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"not a valid regular expression: {error}"
    if any(op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS) for op, _ in _walk(parsed)):
        return "back-references are not allowed in patterns"
    if _nested_unbounded(parsed):
        return "a repeated group contains an unbounded repeat, which can backtrack catastrophically"
    return None


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a checked Table Schema pattern (patterns match the whole cell)."""
    return re.compile(pattern)
