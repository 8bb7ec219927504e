"""Markdown as GitHub renders it (issue 16): the ``diff`` summary and the codebook through
cmark-gfm (tests/gfm.py). Its tables keep their rows and columns, one row per change, and nothing
from the data becomes a tag, link, image or mention, whatever a cell, a key or the version holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import gfm
import pytest
from conftest import REPO_ROOT, copy_package, run_cli
from hypothesis import example, given
from hypothesis import strategies as st
from report_shape import assert_no_runner_command
from test_diff import edit_rows

from ukcsa_data.codebook import as_markdown, codebook_rows
from ukcsa_data.core.escaping import escape, markdown_text, neutralise_commands
from ukcsa_data.core.markdown import table

#: Values that would be markup, a link or a command if written raw (each a test case).
HOSTILE = {
    "html": "<img src=x onerror=alert(1)>",
    "details": "<details><summary>x</summary>y</details>",
    "link": "[x](javascript:alert(1))",
    "reference-link": "[x][1]\n\n[1]: https://evil.example",
    "image": "![x](https://evil.example/x.png)",
    "url": "https://evil.example/path?q=1",
    "www": "www.evil.example",
    "angle-autolink": "<https://evil.example>",
    "email": "someone@evil.example",
    "mailto": "mailto:someone@evil.example",
    "mention": "@octocat",
    "team-mention": "@github/security",
    "issue-reference": "#1 and GH#2",
    "emoji": ":smile:",
    "pipe": "a|b",
    "escaped-pipe": "a\\|b",
    "line-break": "line\nbreak",
    "crlf": "line\r\n| x | y |",
    "escaped-line-break": "line\\u000abreak",
    "runner-error": "##[error]x",
    "runner-mask": "::add-mask::x",
    "backticks": "`code` and ``more``",
    "emphasis": "**bold** _em_ ~~strike~~ *x*",
    "heading": "# heading",
    "quote": "> quote",
    "list": "- item",
    "ordered-list": "1. item",
    "entity": "&lt;b&gt; &#64;",
    "math": "$x^2$",
    "footnote": "[^1]",
    "spaces": "  spaced  ",
    "backslash": "\\",
    "bidi": "a\u202eb",
}
#: The elements a diff summary is made of: headings, paragraphs, tables, the list of paths, code.
SUMMARY_ELEMENTS = {
    "#document",
    "h2",
    "h3",
    "p",
    "strong",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "ul",
    "li",
}
TABLE_ELEMENTS = {"#document", "table", "thead", "tbody", "tr", "th", "td"}


def _run(argv: list[str]) -> tuple[int, str]:
    """``ukcsa-data argv`` in-process, which must write nothing to stderr: its code and stdout."""
    code, out, err = run_cli(argv)
    assert err == ""
    return code, out


def _assert_plain(tree: gfm.Element, allowed: set[str]) -> None:
    """Only ``allowed`` elements, no attribute but a cell's alignment, nothing GitHub would link."""
    for element in tree.walk():
        assert element.tag in allowed, f"<{element.tag}> in the rendered markdown"
        assert set(element.attrs) <= {"align"}, (element.tag, element.attrs)
    assert gfm.links_in_text(tree) == []


def _summary_tables(out: str) -> dict[str, list[list[str]]]:
    """Each table of a rendered diff summary, named by its first header cell."""
    tree = gfm.render(out)
    _assert_plain(tree, SUMMARY_ELEMENTS)
    return {rows[0][0] or rows[0][1]: rows for rows in map(gfm.cells, tree.find("table"))}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_cell_and_key_render_as_text(value: str, package_dir: Path, tmp_path: Path) -> None:
    """A changed quote and an added row keyed by the value: the figures table has those two rows
    of three cells, each cell reads as the value (escaped), and no element comes from it."""
    new = tmp_path / "new"
    copy_package(package_dir, new)
    old_quote = {}

    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        old_quote["fig-0010"] = next(r["quote"] for r in rows if r["figure_id"] == "fig-0010")
        changed = [{**r, "quote": value} if r["figure_id"] == "fig-0010" else r for r in rows]
        return [*changed, {**rows[0], "figure_id": value}]

    edit_rows("figures", change)(new)
    _, out = _run(["diff", str(package_dir), str(new), "--format", "markdown"])
    assert_no_runner_command(out)
    assert neutralise_commands(out) == out
    tables = _summary_tables(out)
    counts = tables["resource"]
    assert counts[0] == ["resource", "added", "removed", "changed"]
    assert ["figures", "1", "0", "1"] in counts and all(len(row) == 4 for row in counts)
    assert tables["figure_id"] == [
        ["", "figure_id", "change"],
        ["+", escape(value), ""],
        ["~", "fig-0010", escape(f"quote: {old_quote['fig-0010']!r} -> {value!r}")],
    ]


def test_a_hostile_version_and_label_render_as_text(package_dir: Path, tmp_path: Path) -> None:
    version = "9.9.9 <img src=x onerror=alert(1)> @octocat [x](https://evil.example)"
    new = copy_package(package_dir, tmp_path / "new <b>@octocat</b> #1")
    descriptor = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = version
    (new / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    _, out = _run(["diff", str(package_dir), str(new), "--format", "markdown"])
    tree = gfm.render(out)
    _assert_plain(tree, SUMMARY_ELEMENTS)
    (heading,) = tree.find("h2")
    assert heading.text().replace(gfm.ZERO_WIDTH_SPACE, "").endswith(f"{new} ({version})")


def test_the_summary_has_its_sections_in_order(package_dir: Path, tmp_path: Path) -> None:
    """Found in issue 16: each table section was printed as one line with ``\\u000a`` for its line
    breaks, so its rows landed in the counts table. Now: the counts table has one row per
    resource, the table of other changes and each resource's table stand apart."""
    new = copy_package(package_dir, tmp_path / "new")
    edit_rows("figures", lambda t: [*t, *({**t[9], "figure_id": f"fig-{n:04d}"} for n in range(42, 72))])(new)
    edit_rows("units", lambda t: [*t, {**t[0], "unit": "new_unit"}])(new)
    _, out = _run(["diff", str(package_dir), str(new), "--format", "markdown"])
    assert "\\u000a" not in out
    tables = _summary_tables(out)
    resources = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert [row[0] for row in tables["resource"][1:]] == [r["name"] for r in resources]
    figures = tables["figure_id"]
    assert len(figures) == 1 + 20 + 1 and figures[-1] == ["…", "and 10 more", ""]
    assert tables["unit"][1:] == [["+", "new_unit", ""]]
    assert [h.text() for h in gfm.render(out).find("h3")] == ["units", "figures"]


def test_the_codebook_renders_schema_text_as_text(package_copy: Path) -> None:
    """The codebook embeds the schemas' descriptions and enum values: a hostile one stays text."""
    path = package_copy / "schemas" / "figures.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["description"] = HOSTILE["html"] + " " + HOSTILE["mention"] + " " + HOSTILE["pipe"]
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    rows = codebook_rows(package_copy)
    tree = gfm.render(as_markdown(rows))
    _assert_plain(tree, {*TABLE_ELEMENTS, "h1", "h2", "p", "code"})
    resources = list(dict.fromkeys(r["resource"] for r in rows))
    tables = tree.find("table")
    assert [h.text() for h in tree.find("h2")] == resources and len(tables) == len(resources)
    for resource, rendered in zip(resources, tables, strict=True):
        listed = [[escape(v) for v in r.values()][1:] for r in rows if r["resource"] == resource]
        assert gfm.cells(rendered)[1:] == listed


def test_the_committed_codebook_renders_as_tables() -> None:
    tree = gfm.render((REPO_ROOT / "docs" / "codebook.md").read_text(encoding="utf-8"))
    tables = tree.find("table")
    assert tables and all(len(row) == 6 for t in tables for row in gfm.cells(t))
    assert not tree.find("a") and not tree.find("img")


# --- the property --------------------------------------------------------------------------------

#: Fragments that mean something to GFM, GitHub or its runner, for text that hits them often.
PIECES = st.sampled_from(
    [
        *HOSTILE.values(),
        *"|\\`*_~[]()!<>&#@:/.-+= \n\r\taé\u200b\x00",
        *("www", "http", "1. ", "\\u000a"),
    ]
)
CELL_TEXT = st.one_of(st.text(), st.lists(PIECES, max_size=12).map("".join))


@given(text=CELL_TEXT)
@example(text="")
@example(text=" - ")
@example(text="\\|")
@example(text=":_")  # found by the property: the colon of an emoji code before an escaped "_"
def test_any_cell_text_renders_as_that_text(text: str) -> None:
    """Property: for any text in a cell (of a table built by ``markdown.table``, as the diff
    summary and the codebook build theirs), the rendered table keeps its shape (a header and two
    rows of two cells), each cell reads exactly as ``escape(text)`` (the zero-width spaces aside),
    no element but the table's own comes from it, nothing in its text is what GitHub links
    (mention, email, reference, emoji), and no line of the markdown is a workflow command."""
    markdown = "\n".join(table((text, "b"), ("---", "---"), [(text, "x"), ("y", text)]))
    tree = gfm.render(markdown)
    _assert_plain(tree, TABLE_ELEMENTS)
    (rendered,) = tree.find("table")
    shown = escape(text)
    assert gfm.cells(rendered) == [[shown, "b"], [shown, "x"], ["y", shown]]
    assert_no_runner_command(markdown)
    assert neutralise_commands(markdown_text(text)) == markdown_text(text)
