"""A problem found in a package, and the report that collects them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from ukcsa_data.core import limits
from ukcsa_data.core.codes import CODES, Code
from ukcsa_data.core.escaping import escape

Severity = Literal["error", "warning"]


def show(value: str, limit: int = 80) -> str:
    """Quote ``value`` for a message: at most ``limit`` characters, each backslash doubled, then
    ``escaping.escape`` (unsafe characters as ``\\uXXXX``), so inside the quotes ``\\\\`` is a
    backslash and ``\\uXXXX`` an escaped character."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return '"' + escape(shown.replace("\\", "\\\\")) + '"'


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is (file, line, field), a stable code and a message for people; and,
    for a problem at a row, the row's primary key (``key``, as a waiver names it: a figure_id, or an
    exclusion's cells joined by ' | ') and how a person knows the row (``label``: the figure_id, or an
    exclusion's source, text, the start of its quote and its occurrence)."""

    path: str
    line: int | None
    field: str | None
    code: str
    message: str
    severity: Severity = "error"
    key: str | None = None
    label: str | None = None


class RowName(NamedTuple):
    """A row's primary key as a waiver names it, and as a message names it (see ``Problem``)."""

    key: str
    label: str


@dataclass
class Report:
    """Every problem found in one validation run."""

    package_dir: str
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    limit_per_code: int = field(default_factory=lambda: limits.active().problems_per_code)
    _counts: dict[tuple[str, str], int] = field(default_factory=dict)
    #: (file, line) -> the fields an error was reported for there (None: the row or file as a whole).
    _failed: dict[tuple[str, int | None], set[str | None]] = field(default_factory=dict)
    #: Per severity: (problems found but not listed, "… and N more" lines added for them).
    _unlisted: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: File -> the name of the row at a line (None if no row there, or its key was not read).
    _row_names: dict[str, Callable[[int], RowName | None]] = field(default_factory=dict)

    def name_rows(self, path: str, names: Callable[[int], RowName | None]) -> None:
        """Say how the rows of ``path`` are named: ``names`` gives the name of the row at a line.
        Each problem listed at a row of ``path`` is given its row's key and label at ``close``."""
        self._row_names[path] = names

    def row_name(self, path: str, line: int | None) -> RowName | None:
        """The name of the row at ``line`` of ``path`` (None if none is known)."""
        names = self._row_names.get(path)
        return None if names is None or line is None else names(line)

    def add(
        self,
        path: str,
        line: int | None,
        field_name: str | None,
        code: Code,
        message: str | Callable[[], str],
        severity: Severity = "error",
    ) -> None:
        """Record a problem. ``message`` may be a function that builds it: it is called only if the
        problem is listed (not past the per-code limit), so costly messages cost nothing there."""
        if code not in CODES:
            raise ValueError(f"unregistered problem code {code!r}; add it to core/codes.py")
        if severity == "error":
            fields = self._failed.get((path, line))
            if fields is None:
                self._failed[(path, line)] = {field_name}
            else:
                fields.add(field_name)
        key = (path, code)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        if count <= self.limit_per_code:
            text = message if isinstance(message, str) else message()
            self.problems.append(Problem(path, line, field_name, code, text, severity))

    def counted(self, path: str, code: Code) -> int:
        """How many problems of ``code`` in ``path`` were reported so far (listed or not)."""
        return self._counts.get((path, code), 0)

    def add_unlisted(self, path: str, code: Code, count: int) -> None:
        """Count ``count`` more problems of ``code`` in ``path`` once as many as are listed per code
        were reported (``counted``), so none of them would be listed: what ``add`` would do for each,
        less noting their lines as failed, which no check asks of a file whose problems are counted
        this way (a seed's uncovered tokens, after which nothing reads the seed's lines)."""
        if self.counted(path, code) < self.limit_per_code:
            raise ValueError("add_unlisted counts only problems past the ones listed")
        if count:
            self._counts[(path, code)] += count

    def failed(self, path: str, line: int | None = None) -> bool:
        """Whether an error was reported for this row (or, with no line, for the file as a whole):
        the one way a later check asks "already failed, say nothing more about it"."""
        return (path, line) in self._failed or (path, None) in self._failed

    def failed_fields(self, path: str, line: int) -> frozenset[str | None]:
        """The fields of the row at ``line`` that an error was reported for so far (None among
        them if an error named no field: the row as a whole). Errors about the whole file are not
        counted: a row's cells were still read."""
        fields = self._failed.get((path, line))
        return frozenset(fields) if fields else frozenset()

    def close(self) -> None:
        """Put the problems listed in the order they are shown (:meth:`sorted_problems`: by file,
        line, field and code, and in the order found where those are the same, so the same
        whatever order the checks ran in), name the row of each one listed at a row, and add after
        them one line per (file, code) whose problems went over the per-code limit."""
        self.problems.sort(key=_shown_order)
        for index, problem in enumerate(self.problems):
            name = self.row_name(problem.path, problem.line)
            if name is not None:
                self.problems[index] = replace(problem, key=name.key, label=name.label)
        severities: dict[tuple[str, str], Severity] = {}
        for problem in self.problems:
            severities.setdefault((problem.path, problem.code), problem.severity)
        for (path, code), count in sorted(self._counts.items()):
            if count > self.limit_per_code:
                hidden = count - self.limit_per_code
                severity = severities[(path, code)]
                self.problems.append(
                    Problem(path, None, None, code, f"… and {hidden:,} more {code} problems", severity)
                )
                unlisted, lines = self._unlisted.get(severity, (0, 0))
                self._unlisted[severity] = (unlisted + hidden, lines + 1)
                self._counts[(path, code)] = self.limit_per_code

    def found(self, severity: Severity) -> int:
        """How many problems of ``severity`` were found: those listed and those only counted (after
        ``close``; the "… and N more" lines themselves are not problems)."""
        unlisted, lines = self._unlisted.get(severity, (0, 0))
        listed = sum(1 for p in self.problems if p.severity == severity)
        return listed - lines + unlisted

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=_shown_order)


def _shown_order(problem: Problem) -> tuple[str, int, str, str]:
    """How problems are ordered for people: by file, line (a file's own problems first), field
    and code."""
    return (problem.path, problem.line or 0, problem.field or "", problem.code)
