"""Write a report as text (grouped by file), JSON, or GitHub workflow annotations.

Every string printed from the report (path, field, code, message, package folder, table names)
goes through ``escaping.escape``, in every format, so that no character of a package can start a
line, hide text or reach the terminal as a control sequence; and through
``escaping.neutralise_commands`` (``escaping.for_log``), so that no line is a workflow command that
GitHub's runner executes (``##[error]``, ``::add-mask::``) but the ``github`` format's own.
"""

from __future__ import annotations

import json
import os
from itertools import groupby

from ukcsa_data.core.escaping import escape, for_json, neutralise_commands
from ukcsa_data.core.problems import Problem, Report


def _location(problem: Problem) -> str:
    line = f"{problem.line}:" if problem.line is not None else ""
    return f"{escape(problem.path)}:{line} {escape(problem.field or '-')}"


def summary(report: Report) -> str:
    """The closing line: valid or not, and how many errors, warnings and rows."""
    counts = ", ".join(f"{rows:,} {escape(name)}" for name, rows in report.tables.items())
    errors, warnings = report.found("error"), report.found("warning")
    files = len({p.path for p in report.problems})
    verdict = "VALID" if report.valid else "INVALID"
    found = f"{errors} error(s), {warnings} warning(s) in {files} file(s)"
    return f"{verdict}: {found}; rows checked: {counts or 'none'}"


def _named(problem: Problem) -> str:
    """The message, after the name of its row if it is about one ('fig-0042: ...')."""
    return problem.message if problem.label is None else f"{problem.label}: {problem.message}"


def _text_line(problem: Problem) -> str:
    tag = " (warning)" if problem.severity == "warning" else ""
    return f"{_location(problem)}: {escape(problem.code)}: {escape(_named(problem))}{tag}"


def as_text(report: Report) -> str:
    """Problems grouped by file, one per line as 'path:line: field: code: message', the message
    of a problem at a row starting with the row's name ('fig-0042: ')."""
    blocks = []
    for path, problems in groupby(report.sorted_problems(), key=lambda p: p.path):
        blocks.append("\n".join([f"== {escape(path)}", *map(_text_line, problems)]))
    blocks.append(summary(report))
    return neutralise_commands("\n\n".join(blocks))


def _problem_object(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.path,
        "line": problem.line,
        "field": problem.field,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
        "key": problem.key,
    }


def as_json(report: Report) -> str:
    """The report as one JSON object; a problem at a row has the row's primary key as ``key``
    (as a waiver names it), else null."""
    document = {
        "valid": report.valid,
        "package": report.package_dir,
        "errors": report.found("error"),
        "warnings": report.found("warning"),
        "rows": dict(report.tables),
        "problems": [_problem_object(p) for p in report.sorted_problems()],
    }
    return json.dumps(for_json(document), ensure_ascii=False, indent=2)


def github_data(text: str) -> str:
    """``text`` escaped, with no workflow command in it (``escaping.neutralise_commands``: GitHub's
    runner reads a line that starts with our ``::error`` as that command alone, but the message
    holds none either way), then encoded as the message of a workflow command (GitHub's rule for
    data: ``%``, CR and LF as ``%25``, ``%0D``, ``%0A``)."""
    shown = neutralise_commands(escape(text))
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """``text`` escaped, then encoded as a property value of a workflow command (as data, and
    ``:`` and ``,`` as ``%3A`` and ``%2C``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(report: Report) -> str:
    """GitHub workflow commands (::error / ::warning) and the summary line: the only lines of any
    format that are workflow commands."""
    lines = []
    for p in report.sorted_problems():
        path = os.path.relpath(os.path.join(report.package_dir, p.path))
        props = f"file={github_property(path)}"
        if p.line is not None:
            props += f",line={p.line}"
        props += f",title={github_property(p.code)}"
        message = github_data(f"{p.field or '-'}: {_named(p)}")
        lines.append(f"::{p.severity} {props}::{message}")
    lines.append(neutralise_commands(summary(report)))
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
