"""The CI files (issues 9 and 16): the GitHub workflows, the pre-commit hooks this repository offers
and the pull-request template use the README's own commands, every ``ukcsa-data`` command line in
them is one the real command-line parser accepts, the judge of a pull request's data comes from
the base branch and never runs the pull request's code, and zizmor finds nothing in the workflows."""

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
JUDGE_PATH = WORKFLOWS_DIR / "judge-data.yml"
RELEASE_PATH = WORKFLOWS_DIR / "release.yml"
PAGES_PATH = WORKFLOWS_DIR / "pages.yml"
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
JUDGE: dict[Any, Any] = _load(JUDGE_PATH)
RELEASE: dict[Any, Any] = _load(RELEASE_PATH)
PAGES: dict[Any, Any] = _load(PAGES_PATH)
ALL_WORKFLOWS = {
    "validate.yml": WORKFLOW,
    "judge-data.yml": JUDGE,
    "release.yml": RELEASE,
    "pages.yml": PAGES,
}
WORKFLOW_PATHS = [WORKFLOW_PATH, JUDGE_PATH, RELEASE_PATH, PAGES_PATH]
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


# --- the workflow that tests the code -------------------------------------------------------------


def test_the_code_workflow_runs_on_pull_requests_and_pushes_to_main() -> None:
    triggers = WORKFLOW[True]
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]


def test_the_code_workflow_judges_nothing_about_the_data() -> None:
    """GitHub runs a pull request's own copy of validate.yml, so it holds no data check: a pull
    request that edits it changes only the test of its own code."""
    assert list(WORKFLOW["jobs"]) == ["code"]
    assert _workflow_command_lines(WORKFLOW) == []


def _checkouts(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]


def test_the_checkouts_that_read_git_fetch_the_full_history() -> None:
    """``diff --since-release``, ``diff --base`` and ``--rules-from-ref`` read git history; the
    trusted validator needs only its own commit."""
    trusted, judged = _checkouts(JUDGE_JOB)
    assert "fetch-depth" not in trusted["with"]
    assert judged["with"]["fetch-depth"] == 0
    (tested,) = _checkouts(WORKFLOW["jobs"]["code"])
    assert tested["with"]["fetch-depth"] == 0


def test_the_code_job_installs_with_the_readme_install_command_before_running_anything() -> None:
    install, _ = _readme_commands()
    assert install == 'python -m pip install -e ".[test]"'
    job = WORKFLOW["jobs"]["code"]
    lines = _run_lines(job["steps"])
    assert lines.index(install) == 0, f"{lines[0]!r} runs before the install"
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in job["steps"])


# --- the judge of the data: trusted code, untrusted data (issue 16) -------------------------------

JUDGE_JOB: dict[str, Any] = JUDGE["jobs"]["data"]
#: The judge's first line: the validator of the base, from trusted/ (not editable; -I: nothing
#: from the working directory or PYTHON* variables reaches pip).
TRUSTED_INSTALL = "python -I -m pip install ./trusted"
#: The judge's lines other than ``ukcsa-data`` commands: shell plumbing and one git query, each
#: reading pr/ as data.
JUDGE_PLUMBING = {
    'fork_point=$(git -C pr merge-base "$BASE_SHA" HEAD)',
    "set +e",
    "set -e",
    "status=$?",
    'cat "$RUNNER_TEMP/diff.md" >> "$GITHUB_STEP_SUMMARY"',
    'exit "$status"',
}
#: The only actions the judge uses (pinned by the test below).
JUDGE_ACTIONS = {"actions/checkout", "actions/setup-python"}


def test_the_judge_runs_the_base_branchs_copy_of_itself() -> None:
    """``pull_request_target`` runs the workflow file of the base branch, never the pull
    request's: a pull request that edits judge-data.yml does not change its own judge. Nothing
    else may use that trigger, and no workflow runs on ``workflow_run``."""
    assert set(JUDGE[True]) == {"pull_request_target", "push"}
    assert JUDGE[True]["pull_request_target"] is None  # the default events: opened, synchronize, reopened
    assert JUDGE[True]["push"] == {"branches": ["main"]}
    for name, workflow in ALL_WORKFLOWS.items():
        assert "workflow_run" not in workflow[True], name
        if name != "judge-data.yml":
            assert "pull_request_target" not in workflow[True], name


def test_the_only_zizmor_ignore_is_the_judges_trigger_with_its_reason() -> None:
    """zizmor flags ``pull_request_target`` (dangerous-triggers); the one exception is that
    trigger, with a comment above it saying why it is safe here."""
    ignores = [
        (path.name, number, line)
        for path in WORKFLOWS_DIR.glob("*.y*ml")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines())
        if "zizmor" in line and "ignore" in line
    ]
    (name, number, line), *others = ignores
    assert others == [] and name == "judge-data.yml", ignores
    assert line == "  pull_request_target: # zizmor: ignore[dangerous-triggers]"
    reason = JUDGE_PATH.read_text(encoding="utf-8").splitlines()[number - 1].strip()
    assert reason.startswith("# ") and "data only" in reason and "no secrets" in reason, reason


def test_the_judge_has_a_read_only_token_and_no_secrets() -> None:
    """One job; it may read the repository and nothing else; no secret, token, environment or
    identity is referenced anywhere in the file."""
    assert JUDGE["permissions"] == {}
    assert list(JUDGE["jobs"]) == ["data"]
    assert JUDGE_JOB["permissions"] == {"contents": "read"}
    assert "environment" not in JUDGE_JOB and "secrets" not in JUDGE_JOB
    text = json.dumps(JUDGE)  # every key and value, not the comments
    for reference in ("secrets.", "secrets:", "github.token", "GITHUB_TOKEN", "id-token", "GH_TOKEN"):
        assert reference not in text, reference


def test_the_judge_checks_out_the_base_and_the_head_apart_without_credentials() -> None:
    """trusted/ is the base branch's commit this workflow comes from (on a push, main); pr/ is the
    pull request's head, with full history for the diff. Neither keeps the token."""
    trusted, judged = _checkouts(JUDGE_JOB)
    assert trusted["with"] == {"ref": "${{ github.sha }}", "path": "trusted", "persist-credentials": False}
    assert judged["with"] == {
        "ref": "${{ github.event.pull_request.head.sha || github.sha }}",
        "path": "pr",
        "fetch-depth": 0,
        "persist-credentials": False,
    }


def test_no_step_of_the_judge_runs_anything_from_the_pull_request() -> None:
    """It installs only ``trusted/`` (not editable); its other lines are the installed validator
    given the path ``pr`` and shell plumbing; no step runs in pr/ (where ``python -m`` or ``-c``
    would import the pull request's modules), no action comes from a local path or an image, no
    expression is spliced into a script, and setup-python reads nothing from the checkout."""
    lines = _run_lines(JUDGE_JOB["steps"])
    assert lines[0] == TRUSTED_INSTALL
    commands = 0
    for line in lines[1:]:
        if line in JUDGE_PLUMBING:
            continue
        command, _, target = line.partition(" > ")
        assert target in ("", '"$RUNNER_TEMP/diff.md"'), line
        words = shlex.split(command)
        assert words[0] == "ukcsa-data" and words[2] == "pr", line
        rest = command.replace('"$BASE_SHA"', "").replace('"$fork_point"', "")
        assert not set("<>|;&$`()") & set(rest), line  # no other expansion, redirection or command
        commands += 1
    assert commands == 4
    assert "defaults" not in JUDGE and "defaults" not in JUDGE_JOB
    for step in JUDGE_JOB["steps"]:
        assert "working-directory" not in step and "shell" not in step, step
        assert "${{" not in step.get("run", ""), step.get("name")
        if "uses" in step:
            assert step["uses"].split("@")[0] in JUDGE_ACTIONS, step["uses"]
    (setup,) = [s for s in JUDGE_JOB["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"] == {"python-version": "3.11"}  # no cache, no version file from pr/


def test_base_rules_come_only_from_a_git_ref() -> None:
    """``--rules-from-ref`` reads the base commit from git: no folder of the pull request can
    stand in for it (a ``--rules-from`` ref could be shadowed by a same-named folder)."""
    commands = [shlex.join(args) for args in _workflow_command_lines(JUDGE)]
    assert f"validate pr --rules-from-ref {PLACEHOLDER}" in commands
    for workflow in ALL_WORKFLOWS.values():
        for args in _workflow_command_lines(workflow):
            assert "--rules-from" not in args, args


def test_the_judge_validates_with_annotations_and_compares_versions() -> None:
    commands = [shlex.join(args) for args in _workflow_command_lines(JUDGE)]
    assert commands == [
        "validate pr --format github",
        f"validate pr --rules-from-ref {PLACEHOLDER}",
        f"diff pr --base {PLACEHOLDER} --format markdown",
        "diff pr --since-release",
    ]


def test_the_base_of_a_pull_request_is_the_commit_it_targets() -> None:
    """``$BASE_SHA`` (an environment variable, not an expression inside the script) is the base
    commit of the pull request, which the full-history checkout of ``pr/`` holds; the diff is
    taken from where the pull request branched from it, so that commits the base gained since
    do not count as the pull request's changes."""
    assert JUDGE_JOB["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    for step in JUDGE_JOB["steps"]:
        if "$BASE_SHA" in step.get("run", ""):
            assert "github.event_name == 'pull_request_target'" in step["if"], step["name"]
        elif "run" in step and step["run"] != TRUSTED_INSTALL:
            assert step["if"].endswith("github.event_name == 'push' }}") or "--format github" in step["run"]
    (step,) = [s for s in JUDGE_JOB["steps"] if "diff pr --base" in s.get("run", "")]
    script = step["run"]
    assert script.index('fork_point=$(git -C pr merge-base "$BASE_SHA" HEAD)') < script.index(
        'diff pr --base "$fork_point"'
    )


def test_the_pull_request_summary_is_written_before_the_step_fails() -> None:
    """diff exits 1 when the version does not fit the change: the check fails, the summary stays."""
    (step,) = [s for s in JUDGE_JOB["steps"] if "diff pr --base" in s.get("run", "")]
    script = step["run"]
    assert script.index("set +e") < script.index("status=$?") < script.index('>> "$GITHUB_STEP_SUMMARY"')
    assert script.rstrip().endswith('exit "$status"')


#: A pull request's forged validator: whatever the data, it says VALID.
FORGED_CLI = "def main(argv=None):\n    print('VALID: 0 error(s)')\n    return 0\n"
#: Code a pull request plants where a careless job would import or run it: each leaves a mark.
PLANTED = {
    "ukcsa_data/__init__.py": "import pathlib; pathlib.Path({mark!r}).write_text('ukcsa_data')\n",
    "sitecustomize.py": "import pathlib; pathlib.Path({mark!r}).write_text('sitecustomize')\n",
    "pip/__init__.py": "import pathlib; pathlib.Path({mark!r}).write_text('pip')\n",
}
#: The pull request's copy of the judge: every step replaced by one that passes.
EDITED_JUDGE_STEP = "      - run: echo VALID\n"
#: What the judge needs of the repository to install and run the validator.
CHECKED_PARTS = ("src", "pyproject.toml", "hatch_build.py", "README.md", "LICENSE", "CHANGELOG.md")
CHECKED_PARTS += ("CITATION.cff", "datapackage.json", "dataset", "schemas", "seeds", ".github")


def _git(cwd: Path, *args: str) -> str:
    identity = ("-c", "user.name=t", "-c", "user.email=t@example.org")
    done = subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _edited_judge(text: str) -> str:
    """The judge with its steps replaced by :data:`EDITED_JUDGE_STEP`."""
    return text.split("    steps:\n", 1)[0] + "    steps:\n" + EDITED_JUDGE_STEP


def _hostile_pull_request(origin: Path, mark: Path) -> str:
    """Commit, on the base already committed in ``origin``, a pull request that breaks a figure,
    forges the validator, edits the judge to pass and plants code at its top; return the base."""
    base = _git(origin, "rev-parse", "HEAD")
    (origin / "src" / "ukcsa_data" / "cli" / "__init__.py").write_text(FORGED_CLI, encoding="utf-8")
    judge = origin / ".github" / "workflows" / "judge-data.yml"
    judge.write_text(_edited_judge(judge.read_text(encoding="utf-8")), encoding="utf-8")
    for relative, code in PLANTED.items():
        (origin / relative).parent.mkdir(exist_ok=True)
        (origin / relative).write_text(code.format(mark=str(mark)), encoding="utf-8")
    figures = origin / "dataset" / "figures.csv"
    figures.write_bytes(figures.read_bytes().replace(b',"80,000",80000,', b',"80,000",81000,', 1))
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "the pull request")
    return base


def _run_step(script: str, workspace: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One ``run:`` script as GitHub's runner runs it (``bash -e``, in the workspace)."""
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=workspace, capture_output=True, text=True, env=env
    )


@pytest.mark.slow
def test_a_pull_request_that_forges_the_validator_and_the_judge_is_judged_by_the_base(tmp_path: Path) -> None:
    """The attacks of issue 16: a pull request breaks a figure, replaces the validator with one
    that always passes, edits the judge workflow to pass, and plants modules at its top. Offline,
    in a scratch repository, the base's judge (what ``pull_request_target`` runs) runs its own
    steps: the trusted install, then each pull-request step, in the workspace. The broken figure
    is reported; nothing the pull request planted runs; its forged code would have said VALID."""
    origin, workspace, site, mark = (tmp_path / name for name in ("origin", "workspace", "site", "mark"))
    origin.mkdir()
    workspace.mkdir()
    for part in CHECKED_PARTS:
        copy = shutil.copytree if (REPO_ROOT / part).is_dir() else shutil.copy2
        copy(REPO_ROOT / part, origin / part)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "base")
    base = _hostile_pull_request(origin, mark)
    _git(workspace, "clone", "-q", str(origin), "pr")  # the head, with full history
    _git(workspace, "clone", "-q", str(origin), "trusted")
    _git(workspace / "trusted", "checkout", "-q", base)

    judge = yaml.safe_load(_git(origin, "show", f"{base}:.github/workflows/judge-data.yml"))
    assert "pull_request_target" in judge[True]  # GitHub runs this copy, not the pull request's
    steps = [step for step in judge["jobs"]["data"]["steps"] if "run" in step]
    install, *checks = steps
    assert install["run"].strip() == TRUSTED_INSTALL
    offline = ["--no-deps", "--no-index", "--no-build-isolation", "--target", str(site)]
    words = shlex.split(TRUSTED_INSTALL)
    subprocess.run(
        [sys.executable, *words[1:5], *offline, *words[5:]], cwd=workspace, check=True, capture_output=True
    )
    env = {
        "PATH": f"{site / 'bin'}:/usr/bin:/bin",
        "PYTHONPATH": str(site),  # where the runner's site-packages would be
        "BASE_SHA": base,
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    ran = {
        step["name"]: _run_step(step["run"], workspace, env)
        for step in checks
        if "'push'" not in step["if"]  # the pull-request steps
    }
    annotations, rules, summary = ran.values()
    assert annotations.returncode == 1, annotations.stdout + annotations.stderr
    assert "::error file=pr/dataset/figures.csv,line=2" in annotations.stdout
    # exit 1 (the broken figure) once --rules-from-ref exists; exit 2 (unknown option) before
    assert rules.returncode != 0, rules.stdout + rules.stderr
    assert summary.returncode in (0, 1), summary.stdout + summary.stderr  # 1: the version does not fit
    assert "figures" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert not mark.exists(), mark.read_text(encoding="utf-8")

    forged_env = {"PATH": env["PATH"], "PYTHONPATH": str(workspace / "pr" / "src")}
    run_cli = "import sys; from ukcsa_data.cli import main; sys.exit(main())"
    forged = subprocess.run(
        [sys.executable, "-c", run_cli, "validate", "pr"],
        cwd=workspace,
        capture_output=True,
        text=True,
        env=forged_env,
    )
    assert (forged.returncode, forged.stdout) == (0, "VALID: 0 error(s)\n")
    # why no step runs in pr/: there, `python -c` (or -m) imports the pull request's top folder first
    planted = [sys.executable, "-c", "import ukcsa_data"]
    subprocess.run(planted, cwd=workspace / "pr", env=forged_env, check=True)
    assert mark.read_text(encoding="utf-8") == "ukcsa_data"


def test_a_pull_request_that_edits_the_judge_does_not_run_its_edit(tmp_path: Path) -> None:
    """GitHub takes a ``pull_request_target`` workflow from the base branch. In a scratch
    repository, a pull request rewrites judge-data.yml so that it passes anything; parsed, the
    base's copy, which GitHub runs, still triggers on ``pull_request_target`` with the base's
    checks, and validate.yml, whose pull-request copy GitHub does run, holds no data check."""
    origin = tmp_path / "origin"
    shutil.copytree(WORKFLOWS_DIR, origin / ".github" / "workflows")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "base")
    base = _git(origin, "rev-parse", "HEAD")
    judge = origin / ".github" / "workflows" / "judge-data.yml"
    judge.write_text(_edited_judge(judge.read_text(encoding="utf-8")), encoding="utf-8")
    _git(origin, "commit", "-qam", "the pull request edits its judge")
    head = _git(origin, "rev-parse", "HEAD")

    def judge_at(commit: str) -> dict[Any, Any]:
        return yaml.safe_load(_git(origin, "show", f"{commit}:.github/workflows/judge-data.yml"))

    edited, runs = judge_at(head), judge_at(base)
    assert _workflow_command_lines(edited) == []  # the edit would check nothing ...
    assert "pull_request_target" in edited[True] and "pull_request" not in edited[True]
    # ... but for pull_request_target GitHub runs the base's copy, which is this repository's judge
    assert "pull_request_target" in runs[True] and "pull_request" not in runs[True]
    assert _workflow_command_lines(runs) == _workflow_command_lines(JUDGE) != []
    pr_copy = yaml.safe_load(_git(origin, "show", f"{head}:.github/workflows/validate.yml"))
    assert "pull_request" in pr_copy[True] and _workflow_command_lines(pr_copy) == []


def test_every_job_has_least_permissions_and_a_timeout() -> None:
    """Nothing by default; each job names what it needs. Only the release's ``github`` job writes
    to the repository, only its ``pypi`` job (environment ``pypi``) and the ``deploy`` job of the
    site (environment ``github-pages``, which alone writes to Pages) may ask for an identity token."""
    writes = {
        ("contents: write", "release.yml", "github"),
        ("id-token: write", "release.yml", "pypi"),
        ("id-token: write", "pages.yml", "deploy"),
        ("pages: write", "pages.yml", "deploy"),
    }
    for name, workflow in ALL_WORKFLOWS.items():
        assert workflow["permissions"] == {}, name
        for job_name, job in workflow["jobs"].items():
            assert isinstance(job["timeout-minutes"], int) and job["timeout-minutes"] <= 60, job_name
            for scope, level in job["permissions"].items():
                if level != "read":
                    assert (f"{scope}: {level}", name, job_name) in writes, (name, job_name, scope)
    assert PAGES["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert RELEASE["jobs"]["pypi"]["environment"]["name"] == "pypi"
    assert RELEASE["jobs"]["pypi"]["permissions"] == {"id-token": "write"}
    for path in WORKFLOW_PATHS:
        assert "${{ secrets." not in path.read_text(encoding="utf-8"), path.name


def test_every_checkout_keeps_no_credentials() -> None:
    for name, workflow in ALL_WORKFLOWS.items():
        for job_name, job in workflow["jobs"].items():
            for step in _checkouts(job):
                assert step["with"]["persist-credentials"] is False, (name, job_name)


_PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


@pytest.mark.parametrize("path", WORKFLOW_PATHS, ids=lambda path: path.name)
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
    """The check above can fail: a tag-pinned checkout that keeps its credentials is reported, and
    the judge without its one ignore comment is reported for its trigger."""
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
    unignored = tmp_path / "judge" / ".github" / "workflows" / "judge-data.yml"
    unignored.parent.mkdir(parents=True)
    unignored.write_text(
        JUDGE_PATH.read_text(encoding="utf-8").replace(" # zizmor: ignore[dangerous-triggers]", ""),
        encoding="utf-8",
    )
    result = _zizmor(unignored.parent)
    assert result.returncode != 0
    assert [finding["ident"] for finding in json.loads(result.stdout)] == ["dangerous-triggers"]


def test_the_workflow_runs_the_readme_test_command_and_the_checks_of_ci_run() -> None:
    _, test = _readme_commands()
    lines = [line for job in WORKFLOW["jobs"].values() for line in _run_lines(job["steps"])]
    assert test in lines
    for command in ("ruff check .", "ruff format --check .", "mypy src", "lint-imports --no-cache"):
        assert command in lines, command


@pytest.mark.parametrize("args", _workflow_command_lines(JUDGE), ids=shlex.join)
def test_every_judge_command_line_is_accepted_by_the_parser(args: list[str]) -> None:
    assert_accepted(args)


def test_the_judge_has_command_lines_to_check() -> None:
    assert len(_workflow_command_lines(JUDGE)) >= 4


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


def test_the_site_is_built_outside_the_checkout_and_published_on_pushes_to_main() -> None:
    """``site`` refuses a folder inside the package, so the site goes to the runner's temporary
    folder, which is the Pages artifact that ``deploy`` publishes."""
    assert PAGES[True] == {"push": {"branches": ["main"]}}
    commands = [shlex.join(args) for args in _workflow_command_lines(PAGES)]
    assert commands == ["site --package-dir . --with-exports origin/main/site"]  # "$RUNNER_TEMP/site"
    (upload,) = [s for s in PAGES["jobs"]["build"]["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload["with"] == {"path": "${{ runner.temp }}/site"}
    (deploy,) = PAGES["jobs"]["deploy"]["steps"]
    assert "actions/deploy-pages@" in deploy["uses"] and PAGES["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.parametrize("args", _workflow_command_lines(PAGES), ids=shlex.join)
def test_every_pages_command_line_is_accepted_by_the_parser(args: list[str]) -> None:
    assert_accepted(args)


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


def test_the_docs_snippet_names_the_hooks_offered() -> None:
    section = (REPO_ROOT / "docs" / "continuous-integration.md").read_text(encoding="utf-8")
    section = section.split("# Continuous integration", 1)[1].split("\n## ", 1)[0]
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
