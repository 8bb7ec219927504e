"""No output line that GitHub's runner executes (issue 16): a cell such as ``##[error]x``,
``##[add-mask]x`` or ``::stop-commands::x`` reaches every command's output, in every format that
a CI log holds, neutralised (``escaping.neutralise_commands``), and a JSON reader still gets the
value as the rest of the JSON writes it (escaped). The runner's reading is modelled by
``report_shape.runner_command``, after actions/runner's ``ActionCommand.TryParseV2`` and
``TryParse``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_package, run_cli
from hypothesis import example, given
from hypothesis import strategies as st
from report_shape import ANNOTATION, assert_no_runner_command, runner_command
from test_diff import edit_rows

from ukcsa_data.cli import main
from ukcsa_data.core.escaping import escape, for_log, neutralise_commands

#: Cells that are workflow commands, alone or after a line break (raw or escaped).
COMMANDS = (
    "##[error]forged",
    "x ##[add-mask]secret",
    "::error file=a::forged",
    "::stop-commands::token",
    "  ::add-mask::x",
    "x\n::error::forged",
    "x\r::warning::forged\r\n##[group]y",
    "x\\u000a::error::forged",
)


# --- the function --------------------------------------------------------------------------------


def test_the_runner_model_reads_both_forms() -> None:
    assert runner_command("##[error]x") == "error"
    assert runner_command("text ##[add-mask]x") == "add-mask"
    assert runner_command("  ::warning file=a::x") == "warning"
    assert runner_command("x ::error::y") is None
    assert runner_command("#\\u0023[error]x") is None
    assert runner_command("\\u003a:error::x") is None


def test_neutralised_as_documented() -> None:
    assert neutralise_commands("a ##[error]b") == "a #\\u0023[error]b"
    assert neutralise_commands("::error::x") == "\\u003a:error::x"
    assert neutralise_commands(" \t::x::y\n::z::w") == " \t\\u003a:x::y\n\\u003a:z::w"
    assert neutralise_commands("a::b ::c x") == "a::b ::c x"
    assert for_log("x\n::error::y") == "x\\u000a::error::y"  # no line of its own: left as it is


@given(st.text(alphabet=st.sampled_from("#[]: \t\r\nxe\\u0023a")) | st.text())
@example("###[[")
@example("\r\n  ::a::")
def test_no_line_is_a_command_after_neutralising(text: str) -> None:
    """Property: for any text, no line of ``neutralise_commands(text)`` (split at CR and LF, as
    the runner reads) is a workflow command; applying it again changes nothing; a text that holds
    neither ``##[`` nor ``::`` is left as it is; and ``for_log`` adds escaping only."""
    once = neutralise_commands(text)
    assert_no_runner_command(once)
    assert neutralise_commands(once) == once
    if "##[" not in text and "::" not in text:
        assert once == text
    assert for_log(text) == neutralise_commands(escape(text))
    assert "\n" not in for_log(text) and "\r" not in for_log(text)


# --- every command, every format ------------------------------------------------------------------


@pytest.mark.parametrize("form", ["text", "json", "github"])
@pytest.mark.parametrize("value", COMMANDS)
def test_validate_prints_no_command_from_a_cell(package_copy: Path, value: str, form: str) -> None:
    set_cell = {"figure_id": "fig-0010", "qualifier": value}
    edit_rows("figures", lambda t: [{**r, **set_cell} if r["figure_id"] == "fig-0010" else r for r in t])(
        package_copy
    )
    code, out, err = run_cli(["validate", str(package_copy), "--format", form])
    assert code == 1 and err == ""
    assert_no_runner_command(out, own=ANNOTATION if form == "github" else None)
    if form == "json":
        (problem,) = [p for p in json.loads(out)["problems"] if p["code"] == "enum"]
        assert problem["message"].startswith('"') and ("#\\u0023[" in problem["message"]) is ("##[" in value)


@pytest.mark.parametrize("form", ["text", "json", "markdown"])
def test_diff_prints_no_command_from_a_cell_or_key(package_dir: Path, tmp_path: Path, form: str) -> None:
    new = copy_package(package_dir, tmp_path / "new")
    edit_rows(
        "figures",
        lambda t: [
            *({**r, "quote": COMMANDS[0]} if r["figure_id"] == "fig-0010" else r for r in t),
            *({**t[0], "figure_id": value} for value in COMMANDS),
        ],
    )(new)
    code, out, err = run_cli(["diff", str(package_dir), str(new), "--format", form])
    assert err == "" and code in (0, 1)
    assert_no_runner_command(out)
    if form == "json":
        added = json.loads(out)["rows"]["figures"]["added"]
        assert added == [for_log(value) for value in COMMANDS]
        assert added[0] == "#\\u0023[error]forged"


def test_info_prints_no_command_from_a_cell(package_copy: Path) -> None:
    edit_rows("sources", lambda t: [{**t[0], "publisher": "##[add-mask]x ::error::y"}, *t[1:]])(package_copy)
    code, out, err = run_cli(["info", str(package_copy)])
    assert (code, err) == (0, "")
    assert "#\\u0023[add-mask]x ::error::y" in out
    assert_no_runner_command(out)


def test_stderr_and_usage_errors_print_no_command(tmp_path: Path) -> None:
    """A complaint quotes a name (a folder, an option's value): no workflow command either."""
    code, out, err = run_cli(["validate", str(tmp_path / "##[error]x\n::error::y")])
    assert code == 2 and out == "" and "#\\u0023[error]x\\u000a::error::y" in err
    assert_no_runner_command(err)


def test_usage_error_text_is_neutralised(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "--format", "##[error]x"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "#\\u0023[error]x" in err
    assert_no_runner_command(err)
