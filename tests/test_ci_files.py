"""The CI files (issues 9 and 16): the GitHub workflows, the pre-commit hooks this repository offers
and the pull-request template use the README's own commands, every ``ukcsa-data`` command line in
them is one the real command-line parser accepts, the pull-request check never runs the pull
request's code where it judges its data, and zizmor finds nothing in the workflows."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO_ROOT

from ukcsa_data.cli import build_parser

WORKFLOWS_DIR = REPO_ROOT / ".github" / "workflows"
WORKFLOW_PATH = WORKFLOWS_DIR / "validate.yml"
RELEASE_PATH = WORKFLOWS_DIR / "release.yml"
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_release.sh"
HOOKS_PATH = REPO_ROOT / ".pre-commit-hooks.yaml"
TEMPLATE_PATH = REPO_ROOT / ".github" / "pull_request_template.md"
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CITATION = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")

#: What a GitHub expression (``${{ github.base_ref }}``) or a shell variable (``"$BASE_SHA"``)
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
RELEASE: dict[Any, Any] = _load(RELEASE_PATH)
ALL_WORKFLOWS = {"validate.yml": WORKFLOW, "release.yml": RELEASE}
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


def _steps(workflow: dict[Any, Any] = WORKFLOW) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_name, job in workflow["jobs"].items():
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


def _workflow_command_lines(workflow: dict[Any, Any] = WORKFLOW) -> list[list[str]]:
    return [args for _, step in _steps(workflow) for args in ukcsa_data_commands(step.get("run", ""))]


def _hook_command_lines() -> list[list[str]]:
    return [args for hook in HOOKS for args in ukcsa_data_commands(hook["entry"])]


# --- the workflow ---------------------------------------------------------------------------------


def test_the_workflow_runs_on_pull_requests_and_pushes_to_main() -> None:
    triggers = WORKFLOW[True]
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def _checkouts(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]


def test_the_checkouts_that_read_git_fetch_the_full_history() -> None:
    """``diff --since-release``, ``diff --base`` and ``--rules-from-ref`` read git history; the
    trusted validator needs only its own commit."""
    data, code = WORKFLOW["jobs"]["data"], WORKFLOW["jobs"]["code"]
    trusted, judged = _checkouts(data)
    assert "fetch-depth" not in trusted["with"]
    assert judged["with"]["fetch-depth"] == 0
    (tested,) = _checkouts(code)
    assert tested["with"]["fetch-depth"] == 0


def test_the_code_job_installs_with_the_readme_install_command_before_running_anything() -> None:
    install, _ = _readme_commands()
    assert install == 'python -m pip install -e ".[test]"'
    job = WORKFLOW["jobs"]["code"]
    lines = _run_lines(job["steps"])
    assert lines.index(install) == 0, f"{lines[0]!r} runs before the install"
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in job["steps"])


# --- trusted code, untrusted data (issue 16) ------------------------------------------------------

#: The only lines the data job runs: the trusted install, then the validator and shell plumbing.
TRUSTED_INSTALL = "python -m pip install ./trusted"
_DATA_JOB_PROGRAMS = {"ukcsa-data", "set", "status=$?", "cat", "exit"}


def test_the_data_job_checks_out_the_base_commit_apart_from_the_pull_request() -> None:
    trusted, judged = _checkouts(WORKFLOW["jobs"]["data"])
    assert trusted["with"]["path"] == "trusted"
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha || github.sha }}"
    assert judged["with"]["path"] == "pr"
    assert "ref" not in judged["with"]  # the pull request's merge commit, as GitHub gives it


def test_the_data_job_never_installs_or_runs_code_from_the_pull_request() -> None:
    """It installs only ``trusted/`` (not editable, nothing from ``pr/``), runs only the installed
    validator in ``pr/``, and uses no action from a local path (which could come from the pull request)."""
    job = WORKFLOW["jobs"]["data"]
    lines = _run_lines(job["steps"])
    assert lines[0] == TRUSTED_INSTALL
    for line in lines[1:]:
        assert line.split()[0] in _DATA_JOB_PROGRAMS, line
        assert "pip" not in line and "python" not in line and "pr/" not in line, line
    for step in job["steps"]:
        assert not step.get("uses", "x").startswith("."), step
        if "run" in step and step["run"].strip() != TRUSTED_INSTALL:
            assert step["working-directory"] == "pr", step.get("name")


#: A pull request's forged validator: whatever the data, it says VALID.
FORGED_CLI = "def main(argv=None):\n    print('VALID: 0 error(s)')\n    return 0\n"
#: What the pull-request check needs of the repository to install and run the validator.
CHECKED_PARTS = ("src", "pyproject.toml", "hatch_build.py", "README.md", "LICENSE", "CHANGELOG.md")
CHECKED_PARTS += ("CITATION.cff", "datapackage.json", "dataset", "schemas", "seeds")


def _git(cwd: Path, *args: str) -> str:
    identity = ("-c", "user.name=t", "-c", "user.email=t@example.org")
    done = subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _run_validator(site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from ukcsa_data.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, "validate", ".", "--format", "github"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PYTHONPATH": str(site)},
    )


@pytest.mark.slow
def test_a_pull_request_that_forges_the_validator_is_judged_by_the_base_validator(tmp_path: Path) -> None:
    """The attack of issue 16: a pull request breaks a figure and replaces the validator with one
    that always passes. The data job's own lines (the trusted install, then ``validate`` in
    ``pr/``), run offline in a scratch repository, report the broken figure; the pull request's
    code, had it been installed, would have said VALID."""
    origin = tmp_path / "origin"
    origin.mkdir()
    for part in CHECKED_PARTS:
        copy = shutil.copytree if (REPO_ROOT / part).is_dir() else shutil.copy2
        copy(REPO_ROOT / part, origin / part)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "base")
    base = _git(origin, "rev-parse", "HEAD")
    (origin / "src" / "ukcsa_data" / "cli.py").write_text(FORGED_CLI, encoding="utf-8")
    figures = origin / "dataset" / "figures.csv"
    figures.write_bytes(figures.read_bytes().replace(b',"80,000",80000,', b',"80,000",81000,', 1))
    _git(origin, "commit", "-qam", "the pull request")

    workspace = tmp_path / "workspace"
    workspace.mkdir()
    _git(workspace, "clone", "-q", str(origin), "pr")
    _git(workspace, "clone", "-q", str(origin), "trusted")
    _git(workspace / "trusted", "checkout", "-q", base)
    lines = _run_lines(WORKFLOW["jobs"]["data"]["steps"])
    assert lines[:2] == [TRUSTED_INSTALL, "ukcsa-data validate . --format github"]
    site = tmp_path / "site"
    offline = ["--no-deps", "--no-index", "--no-build-isolation", "--target", str(site)]
    install = shlex.split(TRUSTED_INSTALL)
    subprocess.run(
        [sys.executable, *install[1:4], *offline, *install[4:]],
        cwd=workspace,
        check=True,
        capture_output=True,
    )

    judged = _run_validator(site, workspace / "pr")
    assert judged.returncode == 1, judged.stdout + judged.stderr
    assert "::error file=dataset/figures.csv,line=2" in judged.stdout
    forged = _run_validator(workspace / "pr" / "src", workspace / "pr")
    assert (forged.returncode, forged.stdout) == (0, "VALID: 0 error(s)\n")


def test_base_rules_come_only_from_a_git_ref() -> None:
    """``--rules-from-ref`` reads the base commit from git: no folder of the pull request can
    stand in for it (a ``--rules-from`` ref could be shadowed by a same-named folder)."""
    commands = [shlex.join(args) for args in _workflow_command_lines()]
    assert f"validate . --rules-from-ref {PLACEHOLDER}" in commands
    assert not any("--rules-from " in f"{command} " for command in commands)


def test_no_workflow_runs_on_a_trigger_that_hands_secrets_to_a_fork() -> None:
    for name, workflow in ALL_WORKFLOWS.items():
        assert not {"pull_request_target", "workflow_run"} & set(workflow[True]), name


def test_every_job_has_least_permissions_and_a_timeout() -> None:
    """Nothing by default; each job names what it needs. Only the release's ``github`` job writes
    to the repository, and only its ``pypi`` job (environment ``pypi``) may ask for an identity token."""
    writes = {"contents: write": ("release.yml", "github"), "id-token: write": ("release.yml", "pypi")}
    for name, workflow in ALL_WORKFLOWS.items():
        assert workflow["permissions"] == {}, name
        for job_name, job in workflow["jobs"].items():
            assert isinstance(job["timeout-minutes"], int) and job["timeout-minutes"] <= 60, job_name
            for scope, level in job["permissions"].items():
                if level != "read":
                    assert writes.get(f"{scope}: {level}") == (name, job_name), (name, job_name, scope)
    assert RELEASE["jobs"]["pypi"]["environment"]["name"] == "pypi"
    assert RELEASE["jobs"]["pypi"]["permissions"] == {"id-token": "write"}
    for path in (WORKFLOW_PATH, RELEASE_PATH):
        assert "${{ secrets." not in path.read_text(encoding="utf-8"), path.name


def test_every_checkout_keeps_no_credentials() -> None:
    for name, workflow in ALL_WORKFLOWS.items():
        for job_name, job in workflow["jobs"].items():
            for step in _checkouts(job):
                assert step["with"]["persist-credentials"] is False, (name, job_name)


_PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


@pytest.mark.parametrize("path", [WORKFLOW_PATH, RELEASE_PATH], ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_tag_named(path: Path) -> None:
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses
    for line in uses:
        assert _PINNED.match(line), line


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    program = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert program, "zizmor is not installed (it is in the test extra: pip install -e '.[test]')"
    return subprocess.run(
        [program, "--offline", "--no-progress", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = _zizmor(WORKFLOWS_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.slow
def test_zizmor_reports_a_workflow_that_breaks_these_rules(tmp_path: Path) -> None:
    """The check above can fail: a tag-pinned checkout that keeps its credentials is reported."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    result = _zizmor(bad.parent)
    found = {finding["ident"] for finding in json.loads(result.stdout)}
    assert result.returncode != 0
    assert {"unpinned-uses", "artipacked", "excessive-permissions"} <= found, found


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
    assert f"validate . --rules-from-ref {PLACEHOLDER}" in commands


def test_the_base_of_a_pull_request_is_the_commit_it_targets() -> None:
    """``$BASE_SHA`` (an environment variable, not an expression inside the script) is the base
    commit of the pull request, which the full-history checkout of ``pr/`` holds."""
    assert WORKFLOW["jobs"]["data"]["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    for _, step in _steps():
        if "$BASE_SHA" in step.get("run", ""):
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


# --- the release workflow (issue 16) --------------------------------------------------------------


def _script_lines(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]


def _build_script_lines() -> list[str]:
    text = BUILD_SCRIPT.read_text(encoding="utf-8")
    return _script_lines(text.split("# release-build: begin", 1)[1].split("# release-build: end", 1)[0])


def test_the_release_workflow_runs_on_pushes_to_main_only() -> None:
    assert RELEASE[True] == {"push": {"branches": ["main"]}}
    assert RELEASE["concurrency"]["cancel-in-progress"] is False


def test_the_release_builds_only_after_the_plan_says_so() -> None:
    jobs = RELEASE["jobs"]
    (plan,) = [step for step in jobs["plan"]["steps"] if step.get("id") == "plan"]
    assert plan["run"].strip() == 'python scripts/release_tools.py plan >> "$GITHUB_OUTPUT"'
    # what `release_tools.py plan` prints (tests/test_release_workflow.py runs it)
    assert jobs["plan"]["outputs"] == {
        name: f"${{{{ steps.plan.outputs.{name} }}}}" for name in ("release", "version", "tag")
    }
    assert jobs["build"]["if"] == "${{ needs.plan.outputs.release == 'true' }}"
    assert jobs["github"]["needs"] == ["plan", "build"]
    assert jobs["pypi"]["needs"] == ["plan", "build", "github"]


def test_the_release_build_step_is_the_local_script() -> None:
    """``scripts/build_release.sh`` runs the same lines (tests/test_release_workflow.py runs it)."""
    (build,) = [
        step for step in RELEASE["jobs"]["build"]["steps"] if step.get("name", "").startswith("Build")
    ]
    assert _script_lines(build["run"]) == _build_script_lines()
    assert RELEASE["jobs"]["build"]["env"]["OUT"] == "${{ runner.temp }}/release"


def test_the_release_attaches_every_file_and_publishes_the_distributions() -> None:
    (create,) = _run_lines(RELEASE["jobs"]["github"]["steps"])
    words = shlex.split(create)
    assert words[:4] == ["gh", "release", "create", "$TAG"]
    assert {"release/dist/*", "release/exports/*"} <= set(words)
    assert words[words.index("--notes-file") + 1] == "release/notes.md"
    (publish,) = [s for s in RELEASE["jobs"]["pypi"]["steps"] if "pypi-publish" in s.get("uses", "")]
    assert publish["with"] == {"packages-dir": "release/dist/"}
    assert "password" not in json.dumps(RELEASE)


def test_the_release_exports_every_format() -> None:
    commands = [shlex.join(args) for args in _workflow_command_lines(RELEASE)]
    assert "export --format all --package-dir . origin/main/exports" in commands  # "$OUT/exports"


@pytest.mark.parametrize("args", _workflow_command_lines(RELEASE), ids=shlex.join)
def test_every_release_command_line_is_accepted_by_the_parser(args: list[str]) -> None:
    assert_accepted(args)


def test_the_build_script_has_command_lines_to_check() -> None:
    args = [a for line in _build_script_lines() for a in ukcsa_data_commands(line)]
    assert args == _workflow_command_lines(RELEASE)


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
    assert repo["rev"] == "<commit SHA>"  # no tag exists yet; a commit SHA works today
    assert repo["repo"] == yaml.safe_load(CITATION)["repository-code"]
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
