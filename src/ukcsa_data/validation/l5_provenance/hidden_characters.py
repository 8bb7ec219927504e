"""Characters of a seed that change how its numbers display: an invisible character beside a
number's digits (``hidden-in-number``), and bidi controls around a row's words (``bidi-control``)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, NamedTuple

from ukcsa_data.core.escaping import char_name, is_invisible
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.utf8 import non_ascii_characters
from ukcsa_data.validation.l3_types.field_types import TypedTable

if TYPE_CHECKING:
    from ukcsa_data.validation.l5_provenance.seed import Seed


def check_hidden_in_numbers(seed: Seed, report: Report) -> None:
    """Report each invisible or format character (:func:`is_invisible`: a zero-width space, word
    joiner, soft hyphen...) inside or beside a number's digits: "1\u200b000" displays as 1000 but
    is the tokens 1 and 000, which rows for 1 and 000 would cover. The seed's distinct characters
    are looked up once (only those beyond ASCII: no ASCII character is invisible); the text is
    searched only if one of them is invisible."""
    text = seed.text
    hidden = "".join(sorted(c for c in non_ascii_characters(text) if is_invisible(c)))
    if not hidden:
        return
    for match in _hidden_pattern(hidden).finditer(text):
        line = seed.line_of(match.start())
        report.add(seed.path, line, None, "hidden-in-number", partial(_hidden_message, seed, *match.span()))


@lru_cache(maxsize=256)
def _hidden_pattern(hidden: str) -> re.Pattern[str]:
    """A run of the characters ``hidden`` after a digit or before one (each character of a text
    is tried once: no repetition around the digits)."""
    run = "[" + re.escape(hidden) + "]+"
    return re.compile(rf"\d{run}\d?|{run}\d")


def _hidden_message(seed: Seed, start: int, end: int) -> str:
    text = seed.text
    before = max(0, start - 20, text.rfind("\n", max(0, start - 20), start) + 1)
    after = text.find("\n", end, end + 20)
    written = text[before : end + 20 if after == -1 else after]
    names = ", ".join(char_name(c) for c in sorted(set(text[start:end])) if is_invisible(c))
    shown = "".join(c for c in written if not is_invisible(c))
    return (
        f"{show(written)} holds {names} beside a number's digits: it displays as {show(shown)}, but "
        'the number is not read as it displays ("1\\u200b000" is read as 1 and 000, which rows '
        "for the pieces would cover); the article's text must hold no invisible character in or "
        "beside a number: remove it from the seed and update the seed's sha256 in sources.csv"
    )


#: Bidi controls: embeddings and overrides (closed by U+202C), isolates (closed by U+2069), which
#: reorder what follows them up to the end of the paragraph, and marks, which move the neutral
#: characters next to them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\n]")
_CLOSES = {"\u202c": "\u202a\u202b\u202d\u202e", "\u2069": "\u2066\u2067\u2068"}
_MARKS = "\u200e\u200f\u061c"


class Bidi(NamedTuple):
    """A stretch of a seed that a bidi control may display in another order, and that control."""

    start: int
    end: int
    control: int


def _open_runs(text: str) -> Iterator[Bidi]:
    """Each stretch from a bidi control to the character that ends its effect (its closing
    control or the end of the paragraph); a mark covers itself only. One pass over the text."""
    opened: list[int] = []
    for match in _BIDI.finditer(text):
        at, char = match.start(), match.group()
        if char in _MARKS:
            yield Bidi(at, at + 1, at)
        elif char in _CLOSES:
            if opened and text[opened[-1]] in _CLOSES[char]:
                yield Bidi(opened[-1], at + 1, opened.pop())
        elif char == "\n":
            while opened:
                yield Bidi(opened[-1], at, opened.pop())
        else:
            opened.append(at)
    while opened:
        yield Bidi(opened[-1], len(text), opened.pop())


def bidi_runs(text: str) -> list[Bidi]:
    """The stretches of ``text`` that bidi controls affect, merged, in order (none if it has none)."""
    merged: list[Bidi] = []
    for run in sorted(_open_runs(text)) if _BIDI_ANY.search(text) else ():
        if merged and run.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Bidi(last.start, max(last.end, run.end), last.control)
        else:
            merged.append(run)
    return merged


_BIDI_ANY = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def check_bidi(
    seed: Seed, start: int, end: int, table: TypedTable, row: int, name: str, report: Report
) -> bool:
    """Report the row if a bidi control affects how its words at ``start:end`` of the seed are
    displayed; whether one does."""
    runs = seed.bidi
    index = bisect_right(runs, (end - 1, len(seed.text), len(seed.text))) - 1
    if index < 0 or runs[index].end <= start:
        return False
    control = runs[index].control
    report.add(
        table.path,
        table.lines[row],
        name,
        "bidi-control",
        partial(_bidi_message, seed, start, end, control, name),
    )
    return True


def _bidi_message(seed: Seed, start: int, end: int, control: int, name: str) -> str:
    shown = show(seed.text[max(0, min(control, start) - 10) : end + 10])
    return (
        f"{name} is displayed under {char_name(seed.text[control])} (at {seed.path} line "
        f"{seed.line_of(control)}: {shown}), which can make its digits display in another order "
        "(U+202E shows 0001 as 1000); the article's text must hold no bidi controls: remove it "
        "from the seed and update the seed's sha256 in sources.csv"
    )
