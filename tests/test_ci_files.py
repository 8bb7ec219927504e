"""The CI files (issue 9): the GitHub workflow, the pre-commit hooks this repository offers and the
pull-request template use the README's own commands, and every ``ukcsa-data`` command line in them
is one the real command-line parser accepts."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import REPO_ROOT

from ukcsa_data.cli import build_parser

WORKFLOW_PATH = REPO_ROOT / ".github" / "workflows" / "validate.yml"
HOOKS_PATH = REPO_ROOT / ".pre-commit-hooks.yaml"
TEMPLATE_PATH = REPO_ROOT / ".github" / "pull_request_template.md"
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")

#: What a GitHub expression (``${{ github.base_ref }}``) or a shell variable (``"$BASE_REF"``)
#: stands for when a command line is parsed: a git ref, as the options that take one expect.
PLACEHOLDER = "origin/main"
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
_SHELL_VARIABLE = re.compile(r"\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)")
#: A token made only of these characters is a shell operator (``>>``, ``|``, ``;``, ``&&``, ``2>&1``).
_OPERATOR_CHARS = set("();<>|&")
CONTRIBUTOR_COMMANDS = ("add-source", "scan", "rehash", "validate", "diff")


def _load(path: Any) -> Any:
    # PyYAML reads the workflow's `on:` key as the boolean True (YAML 1.1); look it up as such.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


WORKFLOW: dict[Any, Any] = _load(WORKFLOW_PATH)
HOOKS: list[dict[str, Any]] = _load(HOOKS_PATH)


def _readme_commands() -> tuple[str, str]:
    """The README's install and test commands: the two halves of the line after its test-command
    marker's fence, as ``.ci/run`` reads it."""
    line = README.split("<!-- test-command -->", 1)[1].lstrip().splitlines()[1]
    install, test = (part.strip() for part in line.split(" && "))
    return install, test


def ukcsa_data_commands(script: str) -> Iterator[list[str]]:
    """The arguments of every ``ukcsa-data`` command in a shell script, after the program name:
    expressions and variables replaced by :data:`PLACEHOLDER`, each command ended by the first
    shell operator (what follows ``>>`` or ``|`` is not the command's)."""
    script = _SHELL_VARIABLE.sub(PLACEHOLDER, _EXPRESSION.sub(PLACEHOLDER, script))
    for line in script.replace("\\\n", " ").splitlines():
        if line.strip().startswith("#"):
            continue
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        segment: list[str] = []
        for token in [*lexer, ";"]:
            if token and set(token) <= _OPERATOR_CHARS:
                if segment[:1] == ["ukcsa-data"]:
                    yield segment[1:]
                segment = []
            else:
                segment.append(token)


def assert_accepted(args: list[str]) -> None:
    """The real parser accepts ``ukcsa-data ARGS`` (argparse exits, with a message, when it does not)."""
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(args)
    except SystemExit as error:
        raise AssertionError(
            f"'ukcsa-data {shlex.join(args)}' is refused by the parser (exit {error.code}): "
            f"{errors.getvalue().strip()}"
        ) from None


def _subcommands() -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("build_parser() has no subcommands")


def _steps() -> Iterator[tuple[str, dict[str, Any]]]:
    for job_name, job in WORKFLOW["jobs"].items():
        for step in job["steps"]:
            yield job_name, step


def _run_lines(job_steps: list[dict[str, Any]]) -> list[str]:
    """Every non-empty, non-comment line of a job's ``run`` scripts, in order."""
    lines = []
    for step in job_steps:
        for line in step.get("run", "").splitlines():
            if line.strip() and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


def _workflow_command_lines() -> list[list[str]]:
    return [args for _, step in _steps() for args in ukcsa_data_commands(step.get("run", ""))]


def _hook_command_lines() -> list[list[str]]:
    return [args for hook in HOOKS for args in ukcsa_data_commands(hook["entry"])]


# --- the workflow ---------------------------------------------------------------------------------


def test_the_workflow_runs_on_pull_requests_and_pushes_to_main() -> None:
    triggers = WORKFLOW[True]
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_every_checkout_fetches_the_full_history() -> None:
    """``diff --since-release`` and ``diff --base`` read git history and the base branch."""
    checkouts = [step for _, step in _steps() if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["uses"] == "actions/checkout@v4"
        assert step["with"]["fetch-depth"] == 0


def test_every_job_installs_with_the_readme_install_command_before_running_anything() -> None:
    install, _ = _readme_commands()
    assert install == 'python -m pip install -e ".[test]"'
    for job_name, job in WORKFLOW["jobs"].items():
        lines = _run_lines(job["steps"])
        assert install in lines, job_name
        assert lines.index(install) == 0, f"{job_name}: {lines[0]!r} runs before the install"
        assert any(s.get("uses", "").startswith("actions/setup-python@v5") for s in job["steps"]), job_name


def test_the_workflow_runs_the_readme_test_command_and_the_checks_of_ci_run() -> None:
    _, test = _readme_commands()
    lines = [line for job in WORKFLOW["jobs"].values() for line in _run_lines(job["steps"])]
    assert test in lines
    for command in ("ruff check .", "ruff format --check .", "mypy src"):
        assert command in lines, command


def test_the_workflow_validates_with_annotations_and_compares_versions() -> None:
    commands = [shlex.join(args) for args in _workflow_command_lines()]
    assert "validate . --format github" in commands
    assert "diff --since-release" in commands
    assert f"diff --base {PLACEHOLDER} --format markdown" in commands
    assert f"validate . --rules-from {PLACEHOLDER}" in commands


def test_the_base_of_a_pull_request_is_its_target_branch() -> None:
    """``$BASE_REF`` (an environment variable, not an expression inside the script) is the target
    branch as the full-history checkout names it."""
    assert WORKFLOW["jobs"]["data"]["env"]["BASE_REF"] == "origin/${{ github.base_ref }}"
    for _, step in _steps():
        if "$BASE_REF" in step.get("run", ""):
            assert "github.event_name == 'pull_request'" in step["if"], step["name"]


def test_the_pull_request_summary_is_written_before_the_step_fails() -> None:
    """diff exits 1 when the version does not fit the change: the check fails, the summary stays."""
    (step,) = [s for _, s in _steps() if "diff --base" in s.get("run", "")]
    assert "github.event_name == 'pull_request'" in step["if"]
    script = step["run"]
    assert script.index("set +e") < script.index("status=$?") < script.index('>> "$GITHUB_STEP_SUMMARY"')
    assert script.rstrip().endswith('exit "$status"')


@pytest.mark.parametrize("args", _workflow_command_lines(), ids=shlex.join)
def test_every_workflow_command_line_is_accepted_by_the_parser(args: list[str]) -> None:
    assert_accepted(args)


def test_the_workflow_has_command_lines_to_check() -> None:
    assert len(_workflow_command_lines()) >= 3


# --- the checker itself ---------------------------------------------------------------------------


def test_the_splitter_replaces_expressions_and_stops_at_shell_operators() -> None:
    script = (
        "set +e\n"
        'ukcsa-data diff --base "${{ env.BASE }}" --format markdown >> "$GITHUB_STEP_SUMMARY"\n'
        'ukcsa-data validate . | tee "$RUNNER_TEMP/out"; echo done && ukcsa-data info  # a comment\n'
        "ukcsa-data scan seeds/a.txt \\\n  --write\n"
        'ukcsa-data validate . --rules-from "$BASE_REF"\n'
    )
    assert list(ukcsa_data_commands(script)) == [
        ["diff", "--base", "origin/main", "--format", "markdown"],
        ["validate", "."],
        ["info"],
        ["scan", "seeds/a.txt", "--write"],
        ["validate", ".", "--rules-from", "origin/main"],
    ]


@pytest.mark.parametrize(
    "line",
    [
        "ukcsa-data validate --no-such-option",
        "ukcsa-data no-such-command",
        "ukcsa-data diff --format html",
        "ukcsa-data validate --help",
    ],
)
def test_a_command_line_the_parser_refuses_fails_the_check(line: str) -> None:
    (args,) = ukcsa_data_commands(line)
    with pytest.raises(AssertionError, match="refused by the parser"):
        assert_accepted(args)


# --- the pre-commit hooks -------------------------------------------------------------------------


def test_the_hooks_offered() -> None:
    hooks = {hook["id"]: hook for hook in HOOKS}
    assert {"ukcsa-data-validate", "ukcsa-data-diff"} <= set(hooks)
    assert hooks["ukcsa-data-validate"]["entry"] == "ukcsa-data validate ."
    assert hooks["ukcsa-data-diff"]["entry"] == "ukcsa-data diff --since-release"
    for hook in HOOKS:
        assert hook["name"] and hook["description"], hook["id"]
        assert hook["language"] == "python", hook["id"]
        assert hook["pass_filenames"] is False, hook["id"]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook["id"])
def test_each_hook_runs_when_the_package_changes_and_only_then(hook: dict[str, Any]) -> None:
    files = re.compile(hook["files"])
    for path in (
        "datapackage.json",
        "dataset/figures.csv",
        "schemas/figures.schema.json",
        "seeds/001_abcdef.txt",
    ):
        assert files.search(path), (hook["id"], path)
    for path in ("README.md", "src/ukcsa_data/cli.py", "tests/test_cli.py", "seeds.txt", "x/dataset/a.csv"):
        assert not files.search(path), (hook["id"], path)


@pytest.mark.parametrize("args", _hook_command_lines(), ids=shlex.join)
def test_every_hook_entry_is_accepted_by_the_parser(args: list[str]) -> None:
    assert_accepted(args)


def test_every_hook_entry_is_a_ukcsa_data_command() -> None:
    assert len(_hook_command_lines()) == len(HOOKS)


def test_the_readme_snippet_names_the_hooks_offered() -> None:
    section = README.split("### Continuous integration", 1)[1].split("\n## ", 1)[0]
    snippet = section.split("```yaml", 1)[1].split("```", 1)[0]
    (repo,) = yaml.safe_load(snippet)["repos"]
    assert re.fullmatch(r"v(\d+|X)\.(\d+|Y)\.(\d+|Z)", repo["rev"])  # a release tag, as `release` asks
    assert {hook["id"] for hook in repo["hooks"]} == {hook["id"] for hook in HOOKS}


# --- the pull-request template --------------------------------------------------------------------


def test_the_template_names_each_contributor_command_and_each_exists() -> None:
    template = TEMPLATE_PATH.read_text(encoding="utf-8")
    subcommands = _subcommands()
    for command in CONTRIBUTOR_COMMANDS:
        assert f"`ukcsa-data {command}" in template, command
        assert command in subcommands, command
    for command in re.findall(r"ukcsa-data ([a-z-]+)", template):
        assert command in subcommands, command
