"""What a printed ``validate`` report may look like, one checker per format.

Each checker takes the whole printed output (stdout) and fails with an AssertionError naming the
first line that is out of shape. Common to all formats: no line holds a character that
``escaping.escape`` would escape (so no control character, ANSI escape, bidi control or invisible
character of a package reaches the reader), no line is a workflow command that GitHub's runner
executes (``runner_command``) but the ``github`` format's own annotations, and the verdict is
stated exactly once, last.
"""

from __future__ import annotations

import json
import re

from ukcsa_data.core.codes import CODES
from ukcsa_data.core.escaping import escape

_CODE = "(?:" + "|".join(re.escape(code) for code in sorted(CODES, key=len, reverse=True)) + ")"
SUMMARY = re.compile(
    r"(?:VALID|INVALID): \d+ error\(s\), \d+ warning\(s\) in \d+ file\(s\); rows checked: .*"
)
HEADER = re.compile(r"== .+")
PROBLEM = re.compile(rf".+?:(?:\d+:)? .+?: {_CODE}: .*")
ANNOTATION = re.compile(rf"::(?:error|warning) file=[^:,]+(?:,line=\d+)?,title={_CODE}::.*")


def runner_command(line: str) -> str | None:
    """The workflow command that GitHub's runner reads in one line of a log, or None: its second
    form, ``::name props::data`` at the start after blanks (``TryParseV2``), else its first,
    ``##[name props]data`` anywhere in the line (``TryParse``). Any name counts (the runner also
    registers the token of ``stop-commands`` as a name)."""
    trimmed = line.lstrip()
    if trimmed.startswith("::") and (end := trimmed.find("::", 2)) >= 0:
        return trimmed[2:end].split(" ", 1)[0]
    start = line.find("##[")
    if start >= 0 and (end := line.find("]", start)) >= 0:
        return line[start + 3 : end].split(" ", 1)[0]
    return None


def assert_no_runner_command(output: str, *, own: re.Pattern[str] | None = None) -> None:
    """No line of ``output`` (split as the runner splits it, at CR and LF) is a workflow command,
    but the lines that ``own`` matches in full (the ``github`` format's annotations)."""
    for number, line in enumerate(re.split(r"\r\n|\r|\n", output), 1):
        if own is not None and own.fullmatch(line):
            continue
        command = runner_command(line)
        assert command is None, f"line {number} is the workflow command {command!r}: {line!r}"


def _lines(output: str) -> list[str]:
    """The printed lines (a print ends the output with one line break), each free of unsafe
    characters and of workflow commands (but the annotations of the ``github`` format)."""
    assert output.endswith("\n"), "the output does not end with a line break"
    lines = output[:-1].split("\n")
    for number, line in enumerate(lines, 1):
        assert escape(line) == line, f"line {number} holds an unescaped character: {line!r}"
    assert_no_runner_command(output, own=ANNOTATION)
    return lines


def _verdict_last(lines: list[str]) -> None:
    verdicts = [n for n, line in enumerate(lines) if line.startswith(("VALID", "INVALID"))]
    assert verdicts == [len(lines) - 1], f"verdict lines at {verdicts} of {len(lines)}: {lines[-3:]!r}"
    assert SUMMARY.fullmatch(lines[-1]), f"summary out of shape: {lines[-1]!r}"


def check_text(output: str) -> None:
    """Blocks of one ``== path`` header and its ``path:line: field: code: message`` lines,
    separated by blank lines, then the summary."""
    lines = _lines(output)
    _verdict_last(lines)
    previous = ""
    for number, line in enumerate(lines[:-1], 1):
        if line == "":
            assert previous != "", f"line {number}: two blank lines"
        elif HEADER.fullmatch(line):
            assert previous == "", f"line {number}: a header that does not start a block"
        else:
            assert PROBLEM.fullmatch(line), f"line {number} is not a problem line: {line!r}"
            assert previous != "", f"line {number}: a problem line outside a block"
        previous = line
    assert previous == "", "the summary does not follow a blank line"


_MORE = re.compile(r"… and ([0-9,]+) more [a-z-]+ problems")


def _stands_for(problem: dict[str, object]) -> int:
    """How many problems one listed problem stands for: the "… and N more" line for N."""
    more = _MORE.fullmatch(str(problem["message"])) if problem["line"] is None else None
    return int(more.group(1).replace(",", "")) if more else 1


def check_json(output: str) -> None:
    """One JSON object that parses and prints back to the same text, with its counts consistent."""
    _lines(output)
    report = json.loads(output)
    assert json.dumps(report, ensure_ascii=False, indent=2) + "\n" == output, "does not round-trip"
    assert set(report) == {"valid", "package", "errors", "warnings", "rows", "problems"}
    for severity in ("error", "warning"):
        found = sum(_stands_for(p) for p in report["problems"] if p["severity"] == severity)
        assert report[f"{severity}s"] == found, severity
    assert report["valid"] is (report["errors"] == 0)
    for problem in report["problems"]:
        assert set(problem) == {"path", "line", "field", "code", "severity", "message", "key"}, problem
        assert problem["code"] in CODES, problem


def check_github(output: str) -> None:
    """One ``::error``/``::warning`` workflow command per problem, then the summary."""
    lines = _lines(output)
    _verdict_last(lines)
    for number, line in enumerate(lines[:-1], 1):
        assert ANNOTATION.fullmatch(line), f"line {number} is not a workflow command: {line!r}"


CHECKS = {"text": check_text, "json": check_json, "github": check_github}


def check(output: str, form: str) -> None:
    """Check ``output`` printed in ``form`` (text, json or github)."""
    CHECKS[form](output)
