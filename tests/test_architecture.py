"""The import contract (``[tool.importlinter]`` in pyproject.toml, docs/architecture.md): the tree
keeps it, a deliberate violation breaks it, and no module borrows another's private names."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

needs_lint_imports = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the project at ``project`` (its pyproject.toml and its src/), no network."""
    environment = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(project / "pyproject.toml")],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SRC, project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


@needs_lint_imports
def test_the_tree_keeps_the_import_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@needs_lint_imports
@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the base layer importing the validator above it
        ("core/limits.py", "import ukcsa_data.validation.runner", "Layers"),
        # one export format importing another
        ("exports/json_export.py", "import ukcsa_data.exports.xlsx_export", "Exports"),
        # two sibling commands
        ("plot.py", "import ukcsa_data.scan", "Layers"),
        # a layer of the validator importing one that runs after it
        ("validation/l3_types/field_types.py", "import ukcsa_data.validation.l8_words", "Validation"),
    ],
)
def test_a_deliberate_violation_breaks_the_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    project = _copy(tmp_path)
    assert _lint_imports(project).returncode == 0  # the copy is read, not the installed library
    path = project / "src" / "ukcsa_data" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # deliberate\n", encoding="utf-8")
    result = _lint_imports(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken}: " in result.stdout and "BROKEN" in result.stdout
    importer = "ukcsa_data." + module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout


def _private_imports(path: Path) -> list[str]:
    """Each ``from ukcsa_data... import _name`` in ``path``, and each ``module._name`` read from a
    module of ukcsa_data imported whole."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ukcsa_data"):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name} (line {node.lineno})")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname for a in node.names if a.asname and a.name.startswith("ukcsa_data"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    """import-linter checks modules, not names: a ``_name`` is private to its module."""
    borrowed = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if (found := _private_imports(path))
    }
    assert borrowed == {}


def test_the_private_name_check_sees_a_borrowed_name(tmp_path: Path) -> None:
    path = tmp_path / "borrower.py"
    path.write_text(
        "from ukcsa_data.rehash import _skip\nfrom ukcsa_data import rehash\nrehash._members\n",
        encoding="utf-8",
    )
    assert _private_imports(path) == ["ukcsa_data.rehash._skip (line 1)", "rehash._members (line 3)"]


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 500, 40


def _too_long() -> set[str]:
    """Each module of src/ over :data:`MAX_MODULE_LINES` lines, and each function (its docstring
    included, its decorators not) over :data:`MAX_FUNCTION_LINES`, as ``path`` or ``path:name``."""
    found = set()
    for path in sorted((SRC / "ukcsa_data").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(SRC / "ukcsa_data").as_posix()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            found.add(where)
        for node in ast.walk(ast.parse(text)):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:  # type: ignore[operator]
                found.add(f"{where}:{node.name}")
    return found


def test_no_module_is_over_500_lines_and_no_function_over_40() -> None:
    assert _too_long() == set()


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    return [" | ".join(part.strip() for part in layer.split("|")) for layer in contracts["layers"]["layers"]]


def _documented_layers() -> list[str]:
    """The numbered list under "## Layers" of docs/architecture.md: each item's module names (in
    backticks, siblings joined by " | ") before its colon."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    items = re.findall(r"^\d+\. (.+?):", section, flags=re.MULTILINE)
    return [" | ".join(re.findall(r"`([\w.]+)`", item)) for item in items]


def test_the_architecture_page_lists_the_contracts_layers_in_order() -> None:
    assert _documented_layers() == _contract_layers()
    assert len(_contract_layers()) >= 8


def _bodies() -> dict[str, list[str]]:
    """Each function body of src/ of some size (25 syntax nodes or more, its docstring left out),
    as its syntax tree dumped -> where it is (``path:name``)."""
    found: dict[str, list[str]] = {}
    for path in sorted((SRC / "ukcsa_data").rglob("*.py")):
        where = path.relative_to(SRC / "ukcsa_data").as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            tree = ast.Module(body=body, type_ignores=[])
            if sum(1 for _ in ast.walk(tree)) >= 25:
                found.setdefault(ast.dump(tree), []).append(f"{where}:{node.name}")
    return found


def test_no_function_body_is_written_twice() -> None:
    """One piece of code per job: two functions with the same body are one function to share."""
    assert [places for places in _bodies().values() if len(places) > 1] == []
