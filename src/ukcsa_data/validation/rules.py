"""One shape for checks of one row at a time: a rule is a small named function, registered with
its code(s) in a :class:`RuleSet`, whose docstring holds a bad and a good example (as sqlfluff's
rules and frictionless-py's checks do). A rule yields :class:`Finding` objects; where they are
(file, line) comes from the :class:`Row`. A rule that reads a field an earlier check found invalid
says nothing about the row (:func:`checked_row`); the other rules still check it.

Nothing is reported twice: a cell layer 3 could not read was reported there, so the layers after
it check only :func:`readable_rows` (the rows whose cells they need were read), and a rule of a
row reads only fields no error was reported for (:func:`checked_row`).

Every rule set registers itself when it is made, whatever runs its rules (the per-row
:class:`RuleSet` here, or layer 4's vectorised rules), so :func:`all_rule_sets` finds them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ukcsa_data.core.codes import CODES, Code
from ukcsa_data.core.contract import KEYS
from ukcsa_data.core.problems import Report, RowName, Severity, show
from ukcsa_data.validation.l3_types.field_types import TypedTable

C = TypeVar("C")


@dataclass(frozen=True)
class Finding:
    """What a rule found about a row: the code, the field it names and a message for people (or a
    function that builds it, called only if the problem is listed: see :meth:`Report.add`)."""

    code: Code
    field: str | None
    message: str | Callable[[], str]
    severity: Severity = "error"

    @property
    def text(self) -> str:
        """The message for people (built now if it is a function)."""
        return self.message if isinstance(self.message, str) else self.message()


class UnreadField(Exception):
    """A rule read a field of the row that an earlier check found invalid: the rule is skipped."""


class Row:
    """One row of a typed table: its cells by column name, and where it is. Reading a field of
    ``invalid`` raises :class:`UnreadField` (so a rule needing it is skipped, see
    :meth:`RuleSet.findings`)."""

    __slots__ = ("columns", "index", "invalid", "table")

    def __init__(self, table: TypedTable, index: int, invalid: frozenset[str | None] = frozenset()) -> None:
        self.table, self.index, self.invalid = table, index, invalid
        self.columns = table.columns

    def __getitem__(self, column: str) -> Any:
        if self.invalid and column in self.invalid:
            raise UnreadField(column)
        return self.columns[column][self.index]

    @property
    def path(self) -> str:
        return self.table.path

    @property
    def line(self) -> int:
        return self.table.lines[self.index]

    @property
    def key(self) -> str:
        """The row's primary key as one text: a figure_id, or an exclusion's cells joined by ' | '."""
        return " | ".join(str(self[column]) for column in KEYS[self.table.name].primary)


@dataclass(frozen=True)
class Rule(Generic[C]):
    """A registered rule: its name, the codes it may report and the function that checks a row."""

    name: str
    codes: tuple[Code, ...]
    check: Callable[[Row, C], Iterable[Finding]]

    @property
    def doc(self) -> str:
        """The rule's docstring: what it checks, with a bad and a good example."""
        return self.check.__doc__ or ""


class RuleSet(Generic[C]):
    """The rules for one table, each checking a row with the context ``C`` the layer gives it.

    With ``stop_at_error``, the rules run in the order they were registered and each may assume
    the ones before it passed: a rule that reports an error on a row ends that row's checks.
    """

    def __init__(self, table: str, *, stop_at_error: bool = False) -> None:
        self.table = table
        self.rules: list[Rule[C]] = []
        self.stop_at_error = stop_at_error
        register_rule_set(self)

    def rule(self, *codes: Code) -> Callable[[Callable[[Row, C], Iterable[Finding]]], Rule[C]]:
        """Register a rule reporting ``codes``; its docstring must give a bad and a good example."""

        def register(check: Callable[[Row, C], Iterable[Finding]]) -> Rule[C]:
            require_documented(check, codes)
            made = Rule(check.__name__, codes, check)
            self.rules.append(made)
            return made

        return register

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(code for rule in self.rules for code in rule.codes)

    def findings(self, row: Row, context: C, skipped: list[Rule[C]] | None = None) -> Iterator[Finding]:
        """Every finding of every rule on one row (up to the first rule reporting an error, with
        ``stop_at_error``). A rule that reads a field of ``row.invalid`` says nothing, and is added
        to ``skipped`` (if given); with ``stop_at_error`` the rules after it are skipped too."""
        for rule in self.rules:
            failed = False
            found: Iterable[Finding] = rule.check(row, context)
            if row.invalid:
                try:
                    found = list(found)
                except UnreadField:
                    if skipped is not None:
                        skipped.append(rule)
                    if self.stop_at_error:
                        return
                    continue
            for finding in found:
                if finding.code not in rule.codes:
                    raise ValueError(f"rule {rule.name} reported {finding.code}, which it did not register")
                failed = failed or finding.severity == "error"
                yield finding
            if failed and self.stop_at_error:
                return


def row_names(table: TypedTable) -> Callable[[int], RowName | None]:
    """How the rows of ``table`` are named in messages (line -> :class:`RowName`; None where no row
    is, or a cell of its key was not read). The index of lines is built when first asked for."""
    primary = KEYS[table.name].primary
    by_line: dict[int, int] = {}

    def name(line: int) -> RowName | None:
        if not by_line:
            by_line.update((at, index) for index, at in enumerate(table.lines))
        index = by_line.get(line)
        if index is None or any(column not in table.columns for column in primary):
            return None
        cells = {column: table.columns[column][index] for column in primary}
        if any(cell is None for cell in cells.values()):
            return None
        return RowName(" | ".join(str(cell) for cell in cells.values()), _label(table.name, cells))

    return name


def _label(table: str, cells: dict[str, Any]) -> str:
    """How a message names a row: its key; an exclusion by its source, text, the start of its
    quote and the quote's occurrence (the whole quote is long)."""
    if table == "exclusions":
        return (
            f"{cells['source_id']} {show(str(cells['text']), 40)} in {show(str(cells['quote']), 40)}, "
            f"occurrence {cells['occurrence']}"
        )
    return " | ".join(str(cell) for cell in cells.values())


def add_finding(report: Report, row: Row, finding: Finding) -> None:
    """Report ``finding`` at ``row``'s file and line."""
    report.add(row.path, row.line, finding.field, finding.code, finding.message, finding.severity)


def require_documented(check: Callable[..., Any], codes: Sequence[str]) -> None:
    """Refuse a rule whose codes are not all in ``CODES``, or whose docstring does not give a bad
    and a good example ("Bad:" and "Good:"). Every kind of rule set registers through this."""
    unknown = [code for code in codes if code not in CODES]
    doc = check.__doc__ or ""
    if unknown or "Bad:" not in doc or "Good:" not in doc:
        raise ValueError(f"rule {check.__name__}: register its codes {unknown} and document examples")


def unreadable_rows(table: TypedTable, fields: Iterable[str] | None = None) -> frozenset[int]:
    """The rows of ``table`` with a cell layer 3 could not read (typed as None; each reported
    there), or, given ``fields``, with such a cell among those fields.

    A check that needs every cell of a row skips these. ``Report.failed`` asks a wider question
    (was any error reported at the row's line, or for its whole file?), which is also true of rows
    whose every cell was read: a repeated key, a space around a cell, a missing final line break.
    """
    return table.invalid.rows(fields)


def readable_rows(table: TypedTable, fields: Iterable[str] | None = None) -> list[int]:
    """The rows of ``table``, in order, whose cells (of ``fields``, if given) layer 3 read: what a
    later layer checks, so that a cell layer 3 reported is not reported again (see
    :func:`unreadable_rows`)."""
    skipped = unreadable_rows(table, fields)
    return [index for index in range(len(table.lines)) if index not in skipped]


def unreadable_fields(table: TypedTable, index: int) -> frozenset[str | None]:
    """The fields of the row at ``index`` whose cells layer 3 could not read."""
    invalid = table.invalid
    return frozenset(invalid.fields_of(index)) if index in invalid.rows() else frozenset()


def checked_row(table: TypedTable, index: int, report: Report) -> Row | None:
    """The row at ``index``, to be checked by rules that read only fields no error was reported for
    so far (a rule reading another says nothing: :meth:`RuleSet.findings`); None if an error named
    the row as a whole or a field of its primary key (it cannot be named, or waived)."""
    invalid = report.failed_fields(table.path, table.lines[index])
    if invalid and (None in invalid or not invalid.isdisjoint(KEYS[table.name].primary)):
        return None
    return Row(table, index, invalid)


class DocumentedRule(Protocol):
    """What every registered rule shows, whatever runs it: its name, the codes it registered and
    its docstring (with a bad and a good example)."""

    @property
    def name(self) -> str: ...

    @property
    def codes(self) -> tuple[Code, ...]: ...

    @property
    def doc(self) -> str: ...


class DocumentedRules(Protocol):
    """A rule set of any kind: the table its rules check, and its rules in the order they run."""

    @property
    def table(self) -> str: ...

    @property
    def rules(self) -> Sequence[DocumentedRule]: ...


_RULE_SETS: list[DocumentedRules] = []


def register_rule_set(rules: DocumentedRules) -> None:
    """Note a new rule set; a rule set does this when it is made (:class:`RuleSet` does)."""
    _RULE_SETS.append(rules)


def all_rule_sets() -> tuple[DocumentedRules, ...]:
    """Every rule set of the validator, in the order they were made.

    Every module of ``ukcsa_data.validation`` is imported first, so a rule set is found wherever
    it is defined, and a new one cannot be left out of what is checked of all of them.
    """
    package = importlib.import_module("ukcsa_data.validation")
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    return tuple(_RULE_SETS)
