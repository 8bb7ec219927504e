"""Render a package model to a temporary directory, validate it, and compare problems.

Each example gets its own ``tempfile.TemporaryDirectory()`` (pytest's ``tmp_path`` is one folder
shared by all the examples of a property).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import replace
from pathlib import Path

from package_model import Figure, Package, Rendered, Source, render

from ukcsa_data.cli import main
from ukcsa_data.core.problems import Report
from ukcsa_data.validation.runner import validate_package

#: (path, line, field, code, severity): a problem without its message.
Found = tuple[str, int | None, str | None, str, str]


@contextmanager
def rendered(package: Package) -> Iterator[tuple[Path, Rendered]]:
    """``package`` written to a fresh temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ukcsa-property-") as folder:
        root = Path(folder) / "package"
        yield root, render(package, root)


def validate(package: Package) -> tuple[Report, Rendered]:
    with rendered(package) as (root, where):
        return validate_package(root), where


def found(report: Report) -> list[Found]:
    """Every problem of ``report``, without messages, in a stable order."""
    problems = [(p.path, p.line, p.field, p.code, p.severity) for p in report.problems]
    return sorted(problems, key=_order)


def _order(problem: Found) -> tuple[str, int, str, str, str]:
    path, line, field, code, severity = problem
    return path, line or 0, field or "", code, severity


def error(path: str, line: int | None, field: str | None, code: str) -> Found:
    return (path, line, field, code, "error")


def explain(report: Report) -> str:
    return "\n".join(f"{p.path}:{p.line}: {p.field}: {p.code}: {p.message}" for p in report.problems)


# ---------------------------------------------------------------------------------------------
# Adding rows to a package model


def add_figure(package: Package, figure: Figure, position: int = 0) -> tuple[Package, int]:
    """Append ``figure`` (a new last row) and put its sentence at ``position`` in its seed."""
    index = len(package.figures)
    source = package.sources[figure.source]
    layout = list(source.layout)
    layout.insert(position % (len(layout) + 1), ("figure", index))
    package = replace(package, figures=(*package.figures, figure))
    return package.replace_source(figure.source, layout=tuple(layout)), index


def add_source(package: Package, source: Source) -> tuple[Package, int]:
    """Append ``source`` (with an empty seed layout; add figures to it with :func:`add_figure`)."""
    return replace(package, sources=(*package.sources, replace(source, layout=()))), len(package.sources)


def run_validate(root: Path, output: str) -> tuple[int, str, str]:
    """Run ``ukcsa-data validate`` in-process; stdout and stderr encode strictly as UTF-8."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", newline="\n")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="strict", newline="\n")
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", str(root), "--format", output])
        out.flush()
        err.flush()
    return code, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")
