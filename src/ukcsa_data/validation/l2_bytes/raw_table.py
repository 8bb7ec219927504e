"""A table as layer 2 reads it: its header, its cells (row by row, or column by column) and the
line each row starts on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload


@dataclass
class RawTable:
    """A table as text: header, rows of cells and the line on which each row starts."""

    name: str
    path: str
    header: list[str]
    rows: Sequence[list[str]]
    lines: Sequence[int]
    sha256: str
    size: int
    dropped: int = 0

    @property
    def columns(self) -> list[list[str]]:
        """The cells column by column (computed once)."""
        if self._columns is None:
            self._columns = [list(column) for column in zip(*self.rows, strict=True)] or [
                [] for _ in self.header
            ]
        return self._columns

    _columns: list[list[str]] | None = None

    @classmethod
    def of_columns(
        cls,
        name: str,
        path: str,
        header: list[str],
        columns: list[list[str]],
        first_line: int,
        sha256: str,
        size: int,
    ) -> RawTable:
        """A table read column by column, its rows on the lines from ``first_line`` on, one each."""
        rows = _RowsOf(columns)
        return cls(
            name,
            path,
            header,
            rows,
            range(first_line, first_line + len(rows)),
            sha256,
            size,
            _columns=columns,
        )


class _RowsOf(Sequence[list[str]]):
    """The rows of a table held as columns, each made when it is asked for: a table of a million
    rows is then not also held as a million lists of cells."""

    def __init__(self, columns: list[list[str]]) -> None:
        self._columns = columns

    def __len__(self) -> int:
        return len(self._columns[0]) if self._columns else 0

    @overload
    def __getitem__(self, index: int) -> list[str]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...

    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            return [list(row) for row in zip(*(column[index] for column in self._columns), strict=True)]
        return [column[index] for column in self._columns]
