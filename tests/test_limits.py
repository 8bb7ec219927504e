"""The limits are data: documented defaults, each with a registered code, each enforced somewhere."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from ukcsa_data.validation import limits
from ukcsa_data.validation.codes import CODES

ROOT = Path(__file__).resolve().parents[1]


def test_readme_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert limits.rewrite_readme(readme) == readme, "run: python -m ukcsa_data.validation.limits README.md"


def test_every_limit_has_a_registered_code_and_a_description() -> None:
    for item in fields(limits.Limits):
        code = item.metadata["code"]
        assert code is None or code in CODES, item.name
        assert item.metadata["what"], item.name
        assert item.default > 0, item.name


def test_every_limit_is_enforced_by_the_validator() -> None:
    """A strict allowlist that fails when stale: each limit is read (``.name``) in src/."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    source = source.replace((ROOT / "src/ukcsa_data/validation/limits.py").read_text(encoding="utf-8"), "")
    unused = [f.name for f in fields(limits.Limits) if not re.search(rf"\.{f.name}\b", source)]
    assert not unused, f"limits that nothing reads: {unused}"


def test_overrides_apply_by_name_and_reject_nonsense() -> None:
    changed = limits.with_overrides(["rows=10", "cell-chars=2_000"])
    assert (changed.rows, changed.cell_chars) == (10, 2000)
    assert changed.csv_bytes == limits.DEFAULTS.csv_bytes
    for bad in ["nope=1", "rows=0", "rows=-1", "rows=1.5", "rows=", "rows=١٢"]:
        with pytest.raises(limits.BadLimit):
            limits.with_overrides([bad])


def test_using_scopes_limits_to_the_block() -> None:
    small = replace(limits.DEFAULTS, rows=3)
    with limits.using(small):
        assert limits.active().rows == 3
    assert limits.active() == limits.DEFAULTS
