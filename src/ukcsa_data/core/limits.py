"""Resource limits that keep validation bounded whatever a contributor submits.

The limits are data: one frozen ``Limits`` record whose defaults are documented field by field (the
table in docs/limits.md is generated from it). Each limit is checked *before* the work it bounds
and, when exceeded, reported once with its code. ``validate --limit NAME=VALUE`` (or ``using``)
raises or lowers a limit for one run, for example to validate a package of a million figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ukcsa_data.core.codes import Code
from ukcsa_data.core.generated_docs import replace_between, rewrite_file
from ukcsa_data.core.markdown import prose

MIB = 1024 * 1024


#: The largest value of any limit: far above any package, and within what Python can count, slice
#: and read (``sys.maxsize``) with room for the ``limit + 1`` the checks use.
MAXIMUM = 10**15
#: The most characters of a number Python converts to an integer (``sys.int_info``'s default).
NUMBER_DIGITS_MAXIMUM = 4_300


def _limit(default: int, what: str, code: Code | None, maximum: int = MAXIMUM) -> Any:
    return field(default=default, metadata={"what": what, "code": code, "maximum": maximum})


@dataclass(frozen=True)
class Limits:
    """Every limit of one validation run; the defaults are the documented ones."""

    descriptor_bytes: int = _limit(1 * MIB, "bytes of datapackage.json", "file-too-large")
    schema_bytes: int = _limit(1 * MIB, "bytes of one Table Schema file", "file-too-large")
    resources: int = _limit(64, "entries of datapackage.json's resources list", "too-many-resources")
    enum_values: int = _limit(1_000, "values of one field's enum", "enum-too-large")
    pattern_chars: int = _limit(1_000, "characters of one schema pattern", "unsafe-pattern")
    path_chars: int = _limit(1_000, "characters of a path named by the package", "unsafe-path")
    csv_bytes: int = _limit(64 * MIB, "bytes of one CSV file", "file-too-large")
    line_bytes: int = _limit(
        1 * MIB, "bytes of one line of a CSV file, checked before it is split", "line-too-long"
    )
    cell_chars: int = _limit(10_000, "characters of one CSV cell", "cell-too-large")
    rows: int = _limit(250_000, "rows of all tables together", "too-many-rows")
    number_digits: int = _limit(
        100,
        "characters of one number or integer cell (digits, sign, point, exponent)",
        "type-error",
        NUMBER_DIGITS_MAXIMUM,
    )
    value_text_chars: int = _limit(
        200, "characters of one value_text, bounding the number parser's work", "value-text-unparseable"
    )
    seed_bytes: int = _limit(16 * MIB, "bytes of one seed (article text)", "file-too-large")
    seeds_bytes: int = _limit(64 * MIB, "bytes of all seeds together", "seeds-too-large")
    package_bytes: int = _limit(
        128 * MIB,
        "bytes of all tables and seeds together, each within its own limit (from their sizes, "
        "before any is read)",
        "package-too-large",
    )
    seed_tokens: int = _limit(100_000, "numeric tokens of one seed", "too-many-tokens")
    seeds_tokens: int = _limit(
        2_000_000, "numeric tokens of all seeds together, counted as they are read", "too-many-tokens"
    )
    quote_comparisons: int = _limit(
        50_000_000,
        "comparisons of quotes with their seeds, all quotes together: one per place a quote may "
        "start and 256 characters of it, and one per 256 characters of a seed scanned whole",
        "too-many-comparisons",
    )
    problems_per_code: int = _limit(
        200, "problems listed per file and code; the rest are counted in one line", None
    )


DEFAULTS = Limits()
_ACTIVE: ContextVar[Limits] = ContextVar("limits", default=DEFAULTS)


def active() -> Limits:
    """The limits of the current validation run."""
    return _ACTIVE.get()


@contextmanager
def using(limits: Limits) -> Iterator[None]:
    """Run the block with ``limits`` in force."""
    token = _ACTIVE.set(limits)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


class BadLimit(ValueError):
    """A ``NAME=VALUE`` override that names no limit or gives no whole number in the limit's range."""


def _value(name: str, text: str) -> int:
    """The value of ``--limit name=text``: a whole number from 1 to the limit's maximum."""
    maximum: int = next(f.metadata["maximum"] for f in fields(Limits) if f.name == name)
    digits = text.strip().replace("_", "")
    wanted = f"{name}: give a whole number from 1 to {maximum:,}"
    if not (digits.isascii() and digits.isdigit()):
        raise BadLimit(f"{wanted}, not {text[:40]!r}")
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(maximum)) or not 1 <= int(significant) <= maximum:
        raise BadLimit(f"{wanted}, not {digits[:40]}{'...' if len(digits) > 40 else ''}")
    return int(significant)


def with_overrides(overrides: list[str], base: Limits = DEFAULTS) -> Limits:
    """``base`` with each ``NAME=VALUE`` of ``overrides`` applied: NAME one of the limits, VALUE a
    whole number from 1 to that limit's maximum (``BadLimit`` otherwise)."""
    names = {f.name for f in fields(Limits)}
    changes: dict[str, int] = {}
    for text in overrides:
        if "=" not in text:
            raise BadLimit(f"give NAME=VALUE, not {text[:40]!r}")
        name, _, value = text.partition("=")
        name = name.strip().replace("-", "_")
        if name not in names:
            raise BadLimit(f"unknown limit {name[:40]!r}; the limits are {', '.join(sorted(names))}")
        changes[name] = _value(name, value)
    return replace(base, **changes)


TABLE_START, TABLE_END = "<!-- limits: generated -->", "<!-- /limits -->"


def markdown_table() -> str:
    """The table of limits and their defaults (docs/limits.md); each description as documentation
    text (``markdown.prose``)."""
    rows = [
        "| limit | default | what it bounds | code when exceeded | `--limit` at most |",
        "| --- | ---: | --- | --- | ---: |",
    ]
    for item in fields(Limits):
        code = item.metadata["code"]
        shown = f"`{code}`" if code else "(none: a count line)"
        maximum = f"{item.metadata['maximum']:,}"
        rows.append(
            f"| `{item.name}` | {item.default:,} | {prose(item.metadata['what'])} | {shown} | {maximum} |"
        )
    return "\n".join(rows)


def rewrite_markdown(text: str) -> str:
    """``text`` with the generated table between its markers replaced by the current one."""
    return replace_between(text, TABLE_START, TABLE_END, markdown_table())


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    rewrite_file(rewrite_markdown)
