"""Write a report as text (grouped by file), JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
import os
from itertools import groupby

from ukcsa_data.validation.problems import Problem, Report


def _location(problem: Problem) -> str:
    line = f"{problem.line}:" if problem.line is not None else ""
    return f"{problem.path}:{line} {problem.field or '-'}"


def summary(report: Report) -> str:
    """The closing line: valid or not, and how many errors, warnings and rows."""
    counts = ", ".join(f"{rows:,} {name}" for name, rows in report.tables.items())
    errors, warnings = len(report.errors), len(report.warnings)
    files = len({p.path for p in report.problems})
    verdict = "VALID" if report.valid else "INVALID"
    found = f"{errors} error(s), {warnings} warning(s) in {files} file(s)"
    return f"{verdict}: {found}; rows checked: {counts or 'none'}"


def as_text(report: Report) -> str:
    """Problems grouped by file, one per line as 'path:line: field: code: message'."""
    blocks = []
    for path, problems in groupby(report.sorted_problems(), key=lambda p: p.path):
        lines = [f"== {path}"]
        for p in problems:
            tag = " (warning)" if p.severity == "warning" else ""
            lines.append(f"{_location(p)}: {p.code}: {p.message}{tag}")
        blocks.append("\n".join(lines))
    blocks.append(summary(report))
    return "\n\n".join(blocks)


def as_json(report: Report) -> str:
    """The report as one JSON object."""
    return json.dumps(
        {
            "valid": report.valid,
            "package": report.package_dir,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "rows": report.tables,
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "field": p.field,
                    "code": p.code,
                    "severity": p.severity,
                    "message": p.message,
                }
                for p in report.sorted_problems()
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def as_github(report: Report) -> str:
    """GitHub workflow commands (::error / ::warning) and the summary line."""
    lines = []
    for p in report.sorted_problems():
        path = os.path.relpath(os.path.join(report.package_dir, p.path))
        props = f"file={_escape(path, prop=True)}"
        if p.line is not None:
            props += f",line={p.line}"
        props += f",title={_escape(p.code, prop=True)}"
        message = _escape(f"{p.field or '-'}: {p.message}")
        lines.append(f"::{p.severity} {props}::{message}")
    lines.append(summary(report))
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
