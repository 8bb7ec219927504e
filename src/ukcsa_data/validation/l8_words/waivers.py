"""Waivers: a row passes a word check only through a row of ``dataset/waivers.csv`` naming the
row's key, the check's code and the reason. A waiver that silences nothing is an error, as a stale
entry of a strict allow-list is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from ukcsa_data.core.problems import Report
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.rules import Finding, unreadable_rows

#: Where a package's waivers are, if it has none yet.
WAIVERS_CSV = "dataset/waivers.csv"


#: (resource, key, code) -> whether the waiver counts; None: every waiver counts.
Honoured = Callable[[tuple[str, str, str]], bool]
_HONOURED: ContextVar[Honoured | None] = ContextVar("honoured_waivers", default=None)


@contextmanager
def honouring(honoured: Honoured) -> Iterator[None]:
    """Within the block only the waivers ``honoured`` accepts count (``validate --rules-from``:
    the base's waivers for the rows the base had, and the package's for its new rows); a waiver
    that does not count silences nothing and is not reported stale."""
    token = _HONOURED.set(honoured)
    try:
        yield
    finally:
        _HONOURED.reset(token)


def _cell(text: str) -> str:
    """One CSV cell in the package dialect: quoted only if it holds a comma, quote or line break."""
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def waiver_row(resource: str, key: str, code: str) -> str:
    """The row of waivers.csv that silences ``code`` on the row ``key`` of ``resource``, with a
    place for the reason."""
    return ",".join(_cell(cell) for cell in (resource, key, code)) + ',"<your reason>"'


def _with_waiver(message: str | Callable[[], str], offer: Callable[[], str]) -> Callable[[], str]:
    """The message with the waiver's offer at its end, built when the problem is listed."""
    if isinstance(message, str):
        return lambda: message + offer()
    return lambda: message() + offer()


@dataclass
class Checked:
    """The rows of a table the word rules checked (by key), and the (key, code) pairs a rule could
    not check because it reads a field an earlier layer found invalid."""

    keys: set[str] = field(default_factory=set)
    skipped: set[tuple[str, str]] = field(default_factory=set)

    def __contains__(self, key_and_code: tuple[str, str]) -> bool:
        return key_and_code[0] in self.keys and key_and_code not in self.skipped


@dataclass
class Waivers:
    """The waivers of a package, and which of them silenced a finding in this run."""

    table: TypedTable | None
    waivable: frozenset[str]
    by_key: dict[tuple[str, str, str], int] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    #: Waivers that do not count in this run (``honouring``), by key -> row.
    ignored: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.table is None:
            return
        columns = self.table.columns
        rejected = unreadable_rows(self.table)
        honoured = _HONOURED.get()
        for row, key in enumerate(zip(columns["resource"], columns["key"], columns["code"], strict=True)):
            if row in rejected:
                continue
            if honoured is None or honoured(key):
                self.by_key[key] = row
            else:
                self.ignored[key] = row

    def offered(self, finding: Finding, resource: str, key: str) -> Finding:
        """``finding`` with the waiver row that would silence it at the end of its message (to add
        only if the row is right and the words are odd: see CONTRIBUTING.md, Waivers); the
        message is built only if the problem is listed."""
        return Finding(
            finding.code,
            finding.field,
            _with_waiver(finding.message, partial(self._offer, resource, key, finding.code)),
            finding.severity,
        )

    def _offer(self, resource: str, key: str, code: str) -> str:
        path = WAIVERS_CSV if self.table is None else self.table.path
        ignored = self.ignored.get((resource, key, code))
        if ignored is not None and self.table is not None:
            return (
                f"; the waiver on {path} line {self.table.lines[ignored]} does not count here: the base "
                "version has this row without that waiver (--rules-from takes the base's waivers for "
                "the rows it had)"
            )
        return f"; to waive: add to {path} the row {waiver_row(resource, key, code)}"

    def silences(self, resource: str, key: str, code: str) -> bool:
        """Whether a waiver covers this finding (and note that it was used)."""
        row = self.by_key.get((resource, key, code))
        if row is None:
            return False
        self.used.add(row)
        return True

    def check(self, report: Report, checked: dict[str, Checked], keys: dict[str, set[str]]) -> None:
        """Report waivers for a code that cannot be waived, and waivers that silenced nothing: on a
        row the word rule of that code checked (``checked``: per table, the keys checked and the
        codes skipped on some of them), or naming no row at all (``keys``: every key of each table
        read). A rule that could not check the row (it failed earlier) does not hold it against its
        waiver."""
        if self.table is None:
            return
        path, lines = self.table.path, self.table.lines
        for (resource, key, code), row in self.by_key.items():
            if code not in self.waivable:
                allowed = ", ".join(sorted(self.waivable))
                report.add(
                    path, lines[row], "code", "waiver-code", f"{code} cannot be waived; only {allowed}"
                )
            elif row in self.used:
                continue
            elif resource in checked and (key, code) in checked[resource]:
                message = f"the waiver of {code} for {resource} {key!r} silences nothing: remove it"
                report.add(path, lines[row], "key", "waiver-stale", message)
            elif resource in keys and key not in keys[resource]:
                message = f"no {resource} row has the key {key!r}: remove the waiver, or correct its key"
                report.add(path, lines[row], "key", "waiver-stale", message)
