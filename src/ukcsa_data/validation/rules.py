"""One shape for checks of one row at a time: a rule is a small named function, registered with
its code(s) in a :class:`RuleSet`, whose docstring holds a bad and a good example (as sqlfluff's
rules and frictionless-py's checks do). A rule yields :class:`Finding` objects; where they are
(file, line) comes from the :class:`Row`, and a row that already failed is not checked again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ukcsa_data.contract import KEYS
from ukcsa_data.validation.codes import CODES, Code
from ukcsa_data.validation.field_types import TypedTable
from ukcsa_data.validation.problems import Report, Severity

C = TypeVar("C")


@dataclass(frozen=True)
class Finding:
    """What a rule found about a row: the code, the field it names and a message for people."""

    code: Code
    field: str | None
    message: str
    severity: Severity = "error"


class Row:
    """One row of a typed table: its cells by column name, and where it is."""

    __slots__ = ("index", "table")

    def __init__(self, table: TypedTable, index: int) -> None:
        self.table, self.index = table, index

    def __getitem__(self, column: str) -> Any:
        return self.table.columns[column][self.index]

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


class RuleSet(Generic[C]):
    """The rules for one table, each checking a row with the context ``C`` the layer gives it."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.rules: list[Rule[C]] = []

    def rule(self, *codes: Code) -> Callable[[Callable[[Row, C], Iterable[Finding]]], Rule[C]]:
        """Register a rule reporting ``codes``; its docstring must give a bad and a good example."""

        def register(check: Callable[[Row, C], Iterable[Finding]]) -> Rule[C]:
            unknown = [code for code in codes if code not in CODES]
            doc = check.__doc__ or ""
            if unknown or "Bad:" not in doc or "Good:" not in doc:
                raise ValueError(f"rule {check.__name__}: register its codes {unknown} and document examples")
            made = Rule(check.__name__, codes, check)
            self.rules.append(made)
            return made

        return register

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(code for rule in self.rules for code in rule.codes)

    def findings(self, row: Row, context: C) -> Iterator[Finding]:
        """Every finding of every rule on one row."""
        for rule in self.rules:
            for finding in rule.check(row, context):
                if finding.code not in rule.codes:
                    raise ValueError(f"rule {rule.name} reported {finding.code}, which it did not register")
                yield finding


def add_finding(report: Report, row: Row, finding: Finding) -> None:
    """Report ``finding`` at ``row``'s file and line."""
    report.add(row.path, row.line, finding.field, finding.code, finding.message, finding.severity)
