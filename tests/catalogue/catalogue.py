"""The catalogue of broken packages: the case registry and the check every case goes through.

Each case breaks a copy of the valid package in one way (with the helpers of broken_packages.py) and
returns the exact problems it introduces (path, line, field, code, and where useful words of the
message). The check asserts those problems, that the set of error codes is exactly the case's (no
cascading noise), that validation never changes a byte of the package or reads or reveals a file
outside it, and that the report printed in each format (text, json, github) is well formed
(tests/report_shape.py). Cases live in one module per layer, ``test_l<N>_<layer>.py``; each case
runs once, in the module that defines it (``pytest tests/catalogue/test_l3_types.py`` runs layer 3
only).

To add a case, write it in the module of its layer::

    @case("l3-unit-misspelt", "enum")
    def _(pkg: Pkg) -> list[Expect]:
        line = pkg.set_figure(PLAIN, "unit", "persons")
        return [Expect(FIGURES, line, "unit", "enum", ('"persons"',))]

The id is unique and starts with the module's ``l<N>-``; the codes after it are the exact set of
error codes the whole report must hold (none: the package stays valid, and the Expect list may hold
warnings, ``severity="warning"``). Rows are found by key (``find_line``, ``set_figure``), never by a
line number written into the case.

To add a layer, create ``test_l<N>_<layer>.py`` here: its cases, any other tests, and last of all
``test_broken_package = layer_test(__name__)``, which runs the cases defined above it. Layer modules
are found by that file name pattern (``load_all_cases``), so nothing else needs editing;
test_code_coverage.py then requires every code of ``CODES`` to appear in some case. Do not add a
conftest.py here: tests/conftest.py is imported as ``conftest`` by other tests, and a second one would
take its place in ``sys.modules``.
"""

from __future__ import annotations

import builtins
import importlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import report_shape
from broken_packages import DESCRIPTOR, Expect, Pkg, encode_row, parse_row

from ukcsa_data.core import limits
from ukcsa_data.core.problems import Problem, Report
from ukcsa_data.validation.output import FORMATS
from ukcsa_data.validation.runner import validate_package

__all__ = [
    "DESCRIPTOR",
    "EXCLUSIONS",
    "FIGURES",
    "PLAIN",
    "RELATIONS",
    "SECRET",
    "SOURCES",
    "Case",
    "Expect",
    "Pkg",
    "case",
    "encode_row",
    "layer_test",
    "load_all_cases",
    "parse_row",
    "snapshot",
    "watch_opens",
]

FIGURES, SOURCES, EXCLUSIONS, RELATIONS = (
    f"dataset/{n}.csv" for n in ("figures", "sources", "exclusions", "relations")
)
#: Text put in files outside the package: it must never appear in any message of the validator.
SECRET = "OUTSIDE-SECRET-7f3a9c"
# A row that nothing else refers to and whose number is covered only by it: "saw 131 suspects arrested".
PLAIN = "fig-0010"
#: The file name pattern of the layer modules.
LAYER_MODULES = "test_l*.py"


@dataclass(frozen=True)
class Case:
    """One broken package: how to break it, and the exact error codes the whole report must hold."""

    id: str
    breaks: Callable[[Pkg], list[Expect]]
    errors: frozenset[str]
    #: Limits changed for this case only (``limit=value``), so a limit is tested with a small file.
    limits: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def module(self) -> str:
        """The module that defines the case, and runs it."""
        return self.breaks.__module__


#: Every case, in the order the layer modules were imported and define them.
CASES: list[Case] = []
#: Layer module -> the ids of the cases its ``layer_test`` runs.
RUN_BY: dict[str, list[str]] = {}


def case(
    case_id: str, *codes: str, **limit_overrides: int
) -> Callable[[Callable[[Pkg], list[Expect]]], Case]:
    """Register the decorated break as a case: ``codes`` are every error code the report must hold;
    keyword arguments change limits for this case only (``@case("l2-rows", "too-many-rows", rows=10)``)."""

    def register(breaks: Callable[[Pkg], list[Expect]]) -> Case:
        made = Case(case_id, breaks, frozenset(codes), dict(limit_overrides))
        CASES.append(made)
        return made

    return register


def load_all_cases() -> list[Case]:
    """Import every layer module of this folder (once) and return all the cases they register."""
    for path in sorted(Path(__file__).parent.glob(LAYER_MODULES)):
        importlib.import_module(path.stem)
    return CASES


def snapshot(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every file and link under ``root`` (links are recorded, not followed) with its content."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            full = Path(folder) / name
            relative = full.relative_to(root).as_posix()
            if full.is_symlink():
                found[relative] = ("link", os.readlink(full))
            elif full.is_file():
                found[relative] = ("file", full.read_bytes())
            else:
                found[relative] = ("dir", b"")
    return found


def watch_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the real path of every file opened through open() / Path.open() from now on."""
    opened: list[str] = []
    real_open = io.open

    def watching_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike):
            opened.append(os.path.realpath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(io, "open", watching_open)
    return opened


def error_codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems if p.severity == "error"}


def listing(report: Report) -> str:
    return "the report has:\n" + "\n".join(
        f"  {p.path}:{p.line}: {p.field}: {p.code}: {p.message}" for p in report.sorted_problems()
    )


def check_broken_package(broken: Case, package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Break the copy, validate it, and assert exactly what the case says, and nothing outside it."""
    pkg = Pkg(package_copy)
    expected = broken.breaks(pkg)
    before = snapshot(package_copy.parent)
    opened = watch_opens(monkeypatch)

    with limits.using(replace(limits.DEFAULTS, **broken.limits)):
        report = validate_package(package_copy)

    monkeypatch.undo()
    assert snapshot(package_copy.parent) == before, "validation changed a file"
    outside = os.path.realpath(pkg.outside)
    assert not [path for path in opened if path.startswith(outside + os.sep)], "read outside the package"
    found = {(p.path, p.line, p.field, p.code): p for p in report.problems}
    missing = [e.where for e in expected if e.where not in found]
    assert not missing, f"missing {missing}; " + listing(report)
    for e in expected:
        problem = found[e.where]
        assert problem.severity == e.severity, e.where
        for words in e.contains:
            assert words in problem.message, (e.where, words, problem.message)
    codes = error_codes(report.problems)
    assert codes == broken.errors, f"error codes {sorted(codes)}, not {sorted(broken.errors)}; " + listing(
        report
    )
    assert report.valid is broken.valid
    assert not any(SECRET in p.message or SECRET in (p.field or "") for p in report.problems)
    check_printed_forms(report)


def check_printed_forms(report: Report) -> None:
    """The report printed in every format is well formed (tests/report_shape.py): nothing a
    package holds is printed unescaped, and no line can pass for another or for the verdict."""
    for form, render in FORMATS.items():
        report_shape.check(render(report) + "\n", form)


def layer_test(module: str) -> Callable[[Case, Path, pytest.MonkeyPatch], None]:
    """The test that runs every case ``module`` has defined so far; a layer module ends with
    ``test_broken_package = layer_test(__name__)``."""
    cases = [c for c in CASES if c.module == module]
    RUN_BY[module] = [c.id for c in cases]

    @pytest.mark.parametrize("broken", cases, ids=lambda c: c.id)
    def test_broken_package(broken: Case, package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        check_broken_package(broken, package_copy, monkeypatch)

    return test_broken_package
