"""The safe subset of schema patterns (validation/l1_descriptor/regex_safety.py), rule by rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ukcsa_data.core import limits
from ukcsa_data.validation.l1_descriptor.regex_safety import MAX_FIXED_SUFFIX, pattern_problem


@pytest.mark.parametrize(
    "pattern",
    [
        r"[a-z0-9]+(-[a-z0-9]+)*",  # each turn starts with "-", which the repeats cannot match
        r"https?://[^\s]+",
        r"seeds/[A-Za-z0-9_.-]+\.txt",  # rule 5: a fixed suffix after an overlapping repeat
        r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})",
        r"(\w|\s)*!",  # parsed as the single class [\w\s]*, which backtracks linearly
        r"(ab?)*c",
        r"(Mr|Mrs) [A-Z][a-z]+",  # "Mr(|s)": the empty alternative is decided by the space
        r"[a-z]*[0-9]*!",
    ],
)
def test_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("(a|a)*", "alternatives"),
        ("(a|ab)*c", "(ab?)*"),
        (r"(.|\s)*x", "alternatives"),
        ("a*a*b", "same characters"),
        (r"[0-9]+,?[0-9]*", "same characters"),
        (r"[a-z.]+\.[a-z.]+", "same characters"),
        ("(a+)+", "delimiter"),
        ("([a-z0-9]+-?)*", "delimiter"),
        ("(a{1,10}){1,10}", "delimiter"),
        ("((a{0,30}){0,30}){0,30}", "empty string"),
        ("(ab)?a", "optional group"),
        ("(?i)fig-[0-9]+", "case-insensitive"),
        (r"(a)\1", "back-reference"),
        ("(?!x)[a-z]+", "look-around"),
        ("a*+b", "possessive"),
    ],
)
def test_rejected_with_why(pattern: str, words: str) -> None:
    found = pattern_problem(pattern)
    assert found is not None and found[0] == "unsafe-pattern" and words in found[1], found


def test_fixed_suffix_is_bounded() -> None:
    """Rule 5 allows at most MAX_FIXED_SUFFIX characters after the overlapping repeat."""
    assert pattern_problem(f"[a-z]+[a-z]{{{MAX_FIXED_SUFFIX}}}") is None
    assert pattern_problem(f"[a-z]+[a-z]{{{MAX_FIXED_SUFFIX + 1}}}") is not None
    assert pattern_problem("[a-z]+[a-z]{3}(xy|z)") is not None  # a choice after it


def test_not_a_regular_expression() -> None:
    assert pattern_problem(7) == ("schema-pattern", "a pattern must be a string, not int")
    found = pattern_problem("fig-[0-9")
    assert found is not None and found[0] == "schema-pattern"


def test_pattern_chars_limit_is_read_when_checking() -> None:
    pattern = "fig-[0-9]{4}"
    with limits.using(replace(limits.DEFAULTS, pattern_chars=len(pattern) - 1)):
        found = pattern_problem(pattern)
    assert found is not None and found[0] == "unsafe-pattern" and "pattern_chars" in found[1]
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("category", ["d", "D", "s", "S", "w", "W"])
def test_a_category_is_every_code_point_re_matches_with_it(category: str, ascii_only: bool) -> None:
    """The code points the checker takes a category (``\\d``, ``\\S``, ...) to match, found from the
    runs of its negation or from ASCII alone, are exactly those ``re`` matches with it, searched
    one by one in every code point (lone surrogates included), in Unicode and in ASCII mode."""
    import re
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    from ukcsa_data.validation.l1_descriptor import regex_safety

    flags = re.ASCII if ascii_only else 0
    matcher = re.compile(f"\\{category}", flags).match
    expected = [code for code in range(0x110000) if matcher(chr(code))]
    parsed = sre_parse.parse(f"[\\{category}]", flags)
    ((_, items),) = parsed
    ((_, kind),) = items
    found = regex_safety._category(kind, ascii_only)
    assert [code for low, high in found for code in range(low, high + 1)] == expected
