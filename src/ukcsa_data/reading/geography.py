"""The areas the words name: UK, Britain, Great Britain, England and Wales, England, Wales,
Scotland, Northern Ireland.

Bad: geography ``UK`` for "police in England and Wales recorded ...". Good: ``England and Wales``.
"Britain" is recorded as Great Britain. "UK" is matched in any case ("Uk-based") but not inside an
address (".co.uk").
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


def named(text: str, span: Span) -> list[Stated[str]]:
    """Every area named in ``span``, in order."""
    return [
        Stated(_GROUPS[str(match.lastgroup)], match.start(), match.end())
        for match in _NAMES.finditer(text, span.start, span.end)
    ]


def read_geography(text: str, sentence: Span) -> Stated[str]:
    """The one area the sentence names; unknown if it names none or several."""
    names = named(text, sentence)
    if len({n.value for n in names}) != 1:
        return Stated(None)
    return names[0]
