"""The limits are data: documented defaults, each with a registered code, each enforced somewhere."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from ukcsa_data.core import limits
from ukcsa_data.core.codes import CODES

ROOT = Path(__file__).resolve().parents[1]


def test_docs_table_is_current() -> None:
    page = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    assert limits.rewrite_markdown(page) == page, "run: python -m ukcsa_data.docs"


def test_every_limit_has_a_registered_code_and_a_description() -> None:
    for item in fields(limits.Limits):
        code = item.metadata["code"]
        assert code is None or code in CODES, item.name
        assert item.metadata["what"], item.name
        assert item.default > 0, item.name


def test_every_limit_is_enforced_by_the_validator() -> None:
    """A strict allowlist that fails when stale: each limit is read (``.name``) in src/."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    source = source.replace((ROOT / "src/ukcsa_data/core/limits.py").read_text(encoding="utf-8"), "")
    unused = [f.name for f in fields(limits.Limits) if not re.search(rf"\.{f.name}\b", source)]
    assert not unused, f"limits that nothing reads: {unused}"


def test_overrides_apply_by_name_and_reject_nonsense() -> None:
    changed = limits.with_overrides(["rows=10", "cell-chars=2_000"])
    assert (changed.rows, changed.cell_chars) == (10, 2000)
    assert changed.csv_bytes == limits.DEFAULTS.csv_bytes
    for bad in ["nope=1", "rows=0", "rows=-1", "rows=1.5", "rows=", "rows=١٢", "rows", "rows=1e3"]:
        with pytest.raises(limits.BadLimit):
            limits.with_overrides([bad])


def test_using_scopes_limits_to_the_block() -> None:
    small = replace(limits.DEFAULTS, rows=3)
    with limits.using(small):
        assert limits.active().rows == 3
    assert limits.active() == limits.DEFAULTS


@pytest.mark.parametrize("item", fields(limits.Limits), ids=lambda item: item.name)
def test_each_limit_takes_1_to_its_maximum_and_nothing_else(item: object) -> None:
    """Every limit: 1 and its maximum are taken; 0, one over the maximum and a number of 5,000
    digits (beyond what Python converts to an integer) are a ``BadLimit``, never another error."""
    name, maximum = item.name, item.metadata["maximum"]  # type: ignore[attr-defined]
    assert getattr(limits.with_overrides([f"{name}=1"]), name) == 1
    assert getattr(limits.with_overrides([f"{name}={maximum}"]), name) == maximum
    for bad in ["0", str(maximum + 1), "9" * 5000, "-5", " ", "+5"]:
        with pytest.raises(limits.BadLimit):
            limits.with_overrides([f"{name}={bad}"])


def test_number_digits_stays_within_what_python_converts() -> None:
    import sys

    assert (sys.get_int_max_str_digits() or limits.NUMBER_DIGITS_MAXIMUM) >= limits.NUMBER_DIGITS_MAXIMUM
    assert sys.maxsize >= limits.MAXIMUM + 1
