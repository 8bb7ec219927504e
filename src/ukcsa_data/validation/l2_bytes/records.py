"""One CSV record of a line: the pattern of a well-formed one, and splitting one by hand (where
the csv module cannot say where a record goes wrong)."""

from __future__ import annotations

import re

# One well-formed record on one line; such a line is split by the csv module (C speed). A run of
# characters inside quotes is one possessive step (``++``), not one step per character, so the
# regex engine's memory grows with the quotes in a cell, not its length (8 MB cell: 1.2 GB before).
RECORD = re.compile(r'(?:"(?:[^"\n]++|"")*"|[^,"\n]*)(?:,(?:"(?:[^"\n]++|"")*"|[^,"\n]*))*')
_QUOTED = re.compile(r'"((?:[^"]++|"")*)"')
_PLAIN = re.compile(r'[^,"]*')
#: A control character but LF (a line break, once lines are split at LF).
CONTROL_EXCEPT_LF = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def split_record(text: str) -> tuple[list[str], tuple[str, int] | None]:
    """Split one CSV record into cells; on failure return the error kind and its offset."""
    cells: list[str] = []
    pos, end = 0, len(text)
    while True:
        if pos < end and text[pos] == '"':
            match = _QUOTED.match(text, pos)
            if match is None:
                return cells, ("unclosed-quote", pos)
            cells.append(match.group(1).replace('""', '"'))
        else:
            match = _PLAIN.match(text, pos)
            assert match is not None  # the pattern matches the empty string
            cells.append(match.group())
        pos = match.end()
        if pos == end:
            return cells, None
        if text[pos] != ",":
            return cells, ("stray-quote", pos)
        pos += 1
