"""Unit markers written with a number: a currency sign, "per cent", a scale ("million").

Bad: unit ``people`` for "surged by 700 per cent". Good: ``percent``.
The markers are read from the article around the figure, value_text included, so a value_text
cut short ("£1.2" of "£1.2 million") shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CURRENCY_SIGNS = {"£": "GBP", "$": "USD", "€": "EUR"}
_CURRENCY_WORDS = {"pounds": "GBP", "pound": "GBP", "dollars": "USD", "euros": "EUR", "gbp": "GBP"}
_SIGN_BEFORE = re.compile(r"(?P<sign>[£$€])[\s\u00a0\u202f]*$")
_AFTER = re.compile(
    r"^(?P<scale>[\s\u00a0\u202f]*(?:thousand|million|billion|bn|m|k)\b(?!-))?"
    r"(?P<pct>[\s\u00a0\u202f]*(?:per[\s\u00a0\u202f]*cent|percent|%|percentage[\s\u00a0\u202f]+points?))?"
    r"(?P<cur>[\s\u00a0\u202f]+(?:pounds?|dollars|euros|gbp)\b)?",
    re.IGNORECASE,
)
_INSIDE_PCT = re.compile(
    r"per[\s\u00a0\u202f]*cent|percent|%|percentage[\s\u00a0\u202f]+points?", re.IGNORECASE
)


@dataclass(frozen=True)
class Markers:
    """The markers of one figure: ``currency`` ('GBP', 'USD', 'EUR' or None), ``percent``, a scale
    word the value_text leaves out (``scale_outside``), and the span of the words read."""

    currency: str | None
    percent: bool
    scale_outside: str | None
    start: int
    end: int


def read_markers(text: str, start: int, end: int) -> Markers:
    """The unit markers of the figure whose value_text is ``text[start:end]``."""
    inside = text[start:end]
    sign = next((c for c in inside if c in _CURRENCY_SIGNS), None)
    begin = start
    before = _SIGN_BEFORE.search(text, max(0, start - 3), start)
    if sign is None and before is not None:
        sign, begin = before["sign"], before.start()
    after = _AFTER.match(text[end : end + 40])
    assert after is not None  # every group is optional
    currency = _CURRENCY_SIGNS.get(sign or "")
    if currency is None and after["cur"]:
        currency = _CURRENCY_WORDS[after["cur"].strip().lower()]
    percent = bool(_INSIDE_PCT.search(inside) or after["pct"])
    scale = after["scale"].strip() if after["scale"] else None
    return Markers(currency, percent, scale, begin, end + after.end())
