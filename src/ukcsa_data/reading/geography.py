"""The areas the words name: UK, Britain, Great Britain, England and Wales, England, Wales,
Scotland, Northern Ireland.

Bad: geography ``UK`` for "police in England and Wales recorded ...". Good: ``England and Wales``.
"Britain" is recorded as Great Britain. "UK" is matched in any case ("Uk-based") but not inside an
address (".co.uk"). An area that is part of a name ("Police Scotland", "NHS England", "Prince of
Wales", "New South Wales") is not read, and a sentence that takes the figure beyond any area
("worldwide", "overseas") states none.
"""

from __future__ import annotations

import re

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import Span

_NAMES = re.compile(
    r"(?<![\w.])(?:(?P<ew>England\s+and\s+Wales)|(?P<gb>(?:Great\s+)?Britain)|(?P<ni>Northern\s+Ireland)"
    r"|(?P<uk>UK|U\.K\.|United\s+Kingdom)|(?P<en>England)|(?P<wa>Wales)|(?P<sc>Scotland))(?![\w]|\.\w)",
    re.IGNORECASE,
)
_GROUPS = {
    "ew": "England and Wales",
    "gb": "Great Britain",
    "ni": "Northern Ireland",
    "uk": "UK",
    "en": "England",
    "wa": "Wales",
    "sc": "Scotland",
}


#: A capitalised word (or "X of (the)") right before an area makes it part of a name: "Police
#: Scotland", "NHS England", "South Wales", "Bank of England", "Prince of Wales".
_NAME_BEFORE = re.compile(r"(?<![\w'’])(?P<word>[A-Z][\w'’]*)\s+(?:of\s+(?:the\s+)?)?$")
#: Capitalised words that open a sentence or a phrase, not a name: "In England and Wales, ...".
_NOT_A_NAME = frozenset(
    [
        "In",
        "Across",
        "Throughout",
        "Within",
        "For",
        "From",
        "To",
        "The",
        "And",
        "Of",
        "All",
        "Over",
        "Under",
        "By",
        "At",
        "On",
        "Both",
    ]
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
#: Words that take a figure beyond any one area: the sentence's area may not be the figure's.
_BEYOND = re.compile(
    r"\b(?:worldwide|globally|international(?:ly)?|overseas|abroad|(?:across|around)\s+the\s+world)\b",
    re.IGNORECASE,
)


def _in_a_name(text: str, start: int, end: int) -> bool:
    before = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and before["word"] not in _NOT_A_NAME:
        return True
    return bool(_NAME_AFTER.match(text, end))


def named(text: str, span: Span) -> list[Stated[str]]:
    """Every area named in ``span``, in order (not one that is part of a name, "Police Scotland")."""
    return [
        Stated(_GROUPS[str(match.lastgroup)], match.start(), match.end())
        for match in _NAMES.finditer(text, span.start, span.end)
        if not _in_a_name(text, match.start(), match.end())
    ]


def read_geography(text: str, sentence: Span) -> Stated[str]:
    """The one area the sentence names; unknown if it names none or several, or takes the figure
    beyond any area ("worldwide", "overseas")."""
    names = named(text, sentence)
    if len({n.value for n in names}) != 1 or _BEYOND.search(text, sentence.start, sentence.end):
        return Stated(None)
    return names[0]
