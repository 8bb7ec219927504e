"""The README documents what the code does: every problem code, every column, the two commands."""

from __future__ import annotations

import re

from conftest import REPO_ROOT

from ukcsa_data.contract import CONTRACT
from ukcsa_data.validation.codes import CODES, markdown_table, rewrite_readme

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_problem_code_is_documented_and_no_other() -> None:
    table = re.findall(r"^\| `([a-z-]+)` \| [1-8] ", README, flags=re.M)
    assert sorted(table) == sorted(CODES)


def test_the_code_table_is_the_generated_one() -> None:
    """The README's table is exactly what the registry generates (rewrite it with
    ``python -m ukcsa_data.validation.codes README.md``)."""
    assert rewrite_readme(README) == README
    assert markdown_table() in README


def test_every_contract_column_is_documented() -> None:
    for table, columns in CONTRACT.items():
        assert f"### `{table}`" in README
        for column in columns:
            assert f"`{column}`" in README, (table, column)


def test_the_two_set_up_commands_are_marked() -> None:
    for marker in ("<!-- main-command -->", "<!-- test-command -->"):
        block = README.split(marker, 1)[1].lstrip().splitlines()
        assert block[0] == "```bash" and block[1].startswith("python -m pip install"), marker
