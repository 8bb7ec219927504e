"""The documentation says what the code does and what the data holds: the README (short, for data
users, with its two set-up commands and headline figures generated from the tables) and the
reference under docs/, whose generated files (``python -m ukcsa_data.docs``) are never stale."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import gfm
from conftest import REPO_ROOT, copy_package

from ukcsa_data.cli import build_parser
from ukcsa_data.core.codes import CODES, LAYERS, markdown_table, rewrite_markdown
from ukcsa_data.core.contract import CONTRACT
from ukcsa_data.core.escaping import escape
from ukcsa_data.core.markdown import prose
from ukcsa_data.docs import MARKED, WHOLE, generated, headline, rules_page
from ukcsa_data.docs.cli_page import commands
from ukcsa_data.validation.rules import all_rule_sets

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
DOCS = REPO_ROOT / "docs"
CODES_PAGE = (DOCS / "problem-codes.md").read_text(encoding="utf-8")
TABLES_PAGE = (DOCS / "tables.md").read_text(encoding="utf-8")
#: The README is for data users: what it is, loading, headline figures, charts, citing.
README_MAX_LINES = 250


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= README_MAX_LINES


def test_every_generated_file_is_current() -> None:
    """Each file ``python -m ukcsa_data.docs`` writes (the codebook has its own test) holds what it
    would write now: docs/rules.md, docs/cli.md, the tables of docs/problem-codes.md and
    docs/limits.md, and the README's headline figures."""
    stale = [
        str(path.relative_to(REPO_ROOT))
        for path, text in generated(REPO_ROOT).items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale: {stale}; run python -m ukcsa_data.docs"


def test_the_generated_files_are_the_documented_ones() -> None:
    names = {path.relative_to(REPO_ROOT).as_posix() for path in generated(REPO_ROOT)}
    assert names == {*(f"docs/{name}" for name in [*WHOLE, *MARKED]), "README.md"}
    for name in [*WHOLE, *MARKED]:
        assert f"(docs/{name})" in README, f"the README does not link docs/{name}"


def test_every_problem_code_is_documented_and_no_other() -> None:
    table = re.findall(r"^\| `([a-z-]+)` \| [1-8] ", CODES_PAGE, flags=re.M)
    assert sorted(table) == sorted(CODES)


def test_the_code_table_is_the_generated_one() -> None:
    """docs/problem-codes.md's table is exactly what the registry generates (rewrite it with
    ``python -m ukcsa_data.docs``)."""
    assert rewrite_markdown(CODES_PAGE) == CODES_PAGE
    assert markdown_table() in CODES_PAGE


def test_every_contract_column_is_documented() -> None:
    for table, columns in CONTRACT.items():
        assert f"## `{table}`" in TABLES_PAGE
        for column in columns:
            assert f"`{column}`" in TABLES_PAGE, (table, column)


def test_the_two_set_up_commands_are_marked() -> None:
    for marker in ("<!-- main-command -->", "<!-- test-command -->"):
        block = README.split(marker, 1)[1].lstrip().splitlines()
        assert block[0] == "```bash" and block[1].startswith("python -m pip install"), marker


def test_every_rule_is_in_the_rules_page() -> None:
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    tree = gfm.render(page)
    headings = {heading.text() for heading in tree.find("h3")}
    for rules in all_rule_sets():
        for rule in rules.rules:
            assert f"{rule.name} ({rules.table})" in headings, rule.name
    assert [h.text() for h in tree.find("h2")] == [f"Layer {n}: {layer}" for n, layer in enumerate(LAYERS, 1)]
    assert {a.attrs.get("href") for a in tree.find("a")} == {"validation.md", "problem-codes.md"}


def test_the_cli_page_is_every_command_s_help() -> None:
    """docs/cli.md holds the help of ``ukcsa-data`` and of every subcommand, each in a block."""
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    tree = gfm.render(page)
    names = list(commands(build_parser()))
    assert [h.text() for h in tree.find("h2")] == ["ukcsa-data", *(f"ukcsa-data {name}" for name in names)]
    blocks = [block.text() for block in tree.find("pre")]
    assert len(blocks) == len(names) + 1
    for name, block in zip(names, blocks[1:], strict=True):
        assert block.startswith(f"usage: ukcsa-data {name} "), name


def test_the_code_and_limit_tables_render_their_text_as_text() -> None:
    """A meaning such as "dataset/<name>.csv" shows as written, not as a tag that GitHub drops."""
    tree = gfm.render(CODES_PAGE)
    (table,) = tree.find("table")
    meanings = {row[0]: row[2] for row in gfm.cells(table)[1:]}
    assert "dataset/<name>.csv" in meanings["resource-path"]
    assert meanings["formula-injection"].startswith("a text cell starting with = + - @ | %")
    assert not table.find("a") and not table.find("img")
    limits_tree = gfm.render((DOCS / "limits.md").read_text(encoding="utf-8"))
    (limits_table,) = limits_tree.find("table")
    assert not limits_table.find("a") and all(len(row) == 5 for row in gfm.cells(limits_table))


def test_the_headline_figures_are_the_data_s(package_dir: Path) -> None:
    """Each headline row states a figure of the data with its qualifier, and its articles."""
    rows = headline.headline_rows(package_dir)
    assert len(rows) == len(headline.HEADLINE)
    assert rows[0][0].startswith("at least 80,000") and "Sheffield Telegraph, 2018-09-03" in rows[0][4]
    assert rows[2][0] == "550,000 – 850,000"
    assert "more than 500 a month" in rows[-2][0]


def test_the_headline_figures_write_package_values_as_text(package_dir: Path, tmp_path: Path) -> None:
    """A measure or publisher that would be a tag, link, mention or cell border stays text."""
    copy = copy_package(package_dir, tmp_path / "package")
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) @octocat a|b"
    for name, column in (("figures", "measure"), ("sources", "publisher")):
        path = copy / "dataset" / f"{name}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        index = rows[0].index(column)
        for row in rows[1:]:
            row[index] = hostile
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    tree = gfm.render(headline.markdown_table(copy))
    assert not tree.find("img") and not tree.find("a")
    (table,) = tree.find("table")
    cells = gfm.cells(table)
    assert all(len(row) == 5 for row in cells)
    assert cells[1][1] == escape(hostile) and escape(hostile) in cells[1][4]
    assert not gfm.links_in_text(tree)


def test_the_readme_links_resolve() -> None:
    """Every relative link of the README and of docs/*.md names a file of the repository."""
    for path in [REPO_ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" not in target:
                assert (path.parent / target).exists(), (path.name, target)


def test_the_codebook_and_schemas_are_described_in_the_tables_page(package_dir: Path) -> None:
    names = [r["name"] for r in json.loads((package_dir / "datapackage.json").read_text())["resources"]]
    for name in names:
        assert f"## `{name}`" in TABLES_PAGE, name


def test_the_rules_page_does_not_depend_on_the_order_modules_were_imported() -> None:
    """The page is generated in a fresh interpreter (as ``python -m ukcsa_data.docs`` runs) the
    same as in this one, where the tests imported the layers in another order."""
    code = (
        "import sys; from ukcsa_data.docs.rules_page import markdown_page; sys.stdout.write(markdown_page())"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    assert fresh.stdout == rules_page.markdown_page() == (DOCS / "rules.md").read_text(encoding="utf-8")


def test_documentation_text_keeps_code_spans_and_nothing_else_is_markup() -> None:
    """``markdown.prose``: backticks make code; a tag, link, image, mention or emphasis in the
    text shows as written."""
    text = "a `code` and ``more`` <img src=x> [x](https://e.example) @octocat *no* dataset/<name>.csv"
    tree = gfm.render(prose(text))
    assert [element.text() for element in tree.find("code")] == ["code", "more"]
    assert not tree.find("img") and not tree.find("a") and not tree.find("em")
    assert "<img src=x>" in tree.text() and "dataset/<name>.csv" in tree.text()
    assert not gfm.links_in_text(tree)
