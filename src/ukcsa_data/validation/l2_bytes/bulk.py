"""Layer 2's fast path, for a file whose every line is one well-formed record: its cells split by
the csv module into columns, a chunk of rows at a time, each column's repeated texts kept once;
read from the file's bytes a block at a time, so that its whole text and all its lines are never
held. Any other file is read line by line (:mod:`.csv_reader`), so that each problem gets its line."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from itertools import islice

from ukcsa_data.core import limits
from ukcsa_data.validation.l2_bytes.records import CONTROL_EXCEPT_LF, RECORD, split_record


class BulkColumns:
    """Every cell of lines given in turn, split by the csv module and kept column by column (in
    chunks of rows, each column's repeated texts shared: see :class:`_SharedTexts`), while each
    line is one well-formed record of ``width`` cells."""

    def __init__(self, width: int) -> None:
        self.columns: list[list[str]] = [[] for _ in range(width)]
        self._width = width
        self._shared = _SharedTexts(width)

    def add(self, data: list[str]) -> bool:
        """Add the cells of ``data``'s lines; False if a line is not one well-formed record of
        ``width`` cells (then the file is read line by line, so that each problem gets its line)."""
        if "" in data or max(map(len, data), default=0) > limits.active().cell_chars:
            return False
        if not all(RECORD.fullmatch(line) for line in data if '"' in line):
            return False
        reader = csv.reader(data)
        while chunk := list(islice(reader, _CHUNK_ROWS)):
            if any(len(row) != self._width for row in chunk):
                return False
            for column, cells in zip(self.columns, self._shared.of(chunk), strict=True):
                column.extend(cells)
        return True


#: A file's bytes are decoded and split this many at a time (up to the next line break) when it
#: is read in blocks (:func:`columns_in_blocks`).
BLOCK_BYTES = 1 << 20


def columns_in_blocks(raw: bytes, expected: list[str]) -> list[list[str]] | None:
    """The cells of a file that the line-by-line reading would find no fault with, read from its
    bytes a block at a time, so that neither its whole text nor all its lines are ever held (a
    million figures are 240 MB of bytes; as one text with a curly quote, 480 MB): the columns of
    the rows on lines 2 and after. None, with nothing reported, for any other file (a byte
    order mark, a CR, no final line break, a control character, a header other than ``expected``,
    bytes that are not UTF-8, a line that is not one well-formed record): it is read whole."""
    if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw or not raw.endswith(b"\n"):
        return None
    header_end = raw.index(b"\n") + 1
    try:
        # (a header with a control character is not ``expected``: no name has one)
        header, error = split_record(raw[: header_end - 1].decode("utf-8"))
        if error is not None or header != expected:
            return None
        bulk, start = BulkColumns(len(expected)), header_end
        while start < len(raw):
            end = raw.find(b"\n", min(len(raw) - 1, start + BLOCK_BYTES)) + 1
            block = raw[start:end].decode("utf-8")
            if CONTROL_EXCEPT_LF.search(block) or not bulk.add(block.split("\n")[:-1]):
                return None
            start = end
    except UnicodeDecodeError:
        return None
    return bulk.columns


#: Rows are read this many at a time, so the copies of a repeated text are freed as they are read.
_CHUNK_ROWS = 4096
#: A column is read with its repeated texts as one object each while it has at most this many
#: distinct texts (a unit, a source, a qualifier), or while at most half of its cells read so far
#: are distinct (a value_text or a value that many figures write alike); past that (a key, a
#: quote) its cells are left as read.
_MOST_DISTINCT = 4096


class _SharedTexts:
    """The texts of each column seen so far, so that a repeated cell is the object read first:
    a million figures then hold each unit or source once, not once a row (column by column, at C
    speed: ``map`` over each column of a chunk of rows)."""

    def __init__(self, width: int) -> None:
        self.seen: list[dict[str, str]] = [{} for _ in range(width)]
        self.columns = list(range(width))
        self.rows = 0

    def of(self, rows: list[list[str]]) -> list[Iterable[str]]:
        """The columns of ``rows``, each cell of a shared column replaced by the first equal text."""
        columns: list[Iterable[str]] = list(zip(*rows, strict=True))
        self.rows += len(rows)
        for column in self.columns:
            cells, seen = columns[column], self.seen[column]
            columns[column] = list(map(seen.setdefault, cells, cells))
            if len(seen) > _MOST_DISTINCT and 2 * len(seen) > self.rows:
                self.columns = [other for other in self.columns if other != column]
                seen.clear()
        return columns
