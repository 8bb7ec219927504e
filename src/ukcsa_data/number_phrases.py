"""Parse a figure as written ("at least" aside) into its value or its bounds.

``parse_value_text("550,000 – 850,000")`` gives ``ParsedNumber(value=None, low=550000.0, high=850000.0)``.
Supported: digits with thousands separators and decimals, number words ("three", "twenty-five",
"a single"), "per cent" / "%", "£", scales ("thousand", "million" / "m", "billion" / "bn"), ranges
written with "-", "–", "—", "to" or "between X and Y", and open-ended "14+".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ukcsa_data.tokens import NUMBER_WORDS


class NumberPhraseError(ValueError):
    """Raised when a value_text is not a number phrase this parser understands."""


@dataclass(frozen=True)
class ParsedNumber:
    """The numbers a phrase states: ``value`` for a single figure, ``low``/``high`` for a range."""

    value: float | None
    low: float | None = None
    high: float | None = None
    percent: bool = False
    currency: str | None = None
    open_ended: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None


_SCALES = {
    "thousand": Decimal(1_000),
    "k": Decimal(1_000),
    "million": Decimal(1_000_000),
    "m": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
}
_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
_DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_SPACE = r"[\s\u00a0\u202f]"
_AMOUNT = (
    rf"(?P<cur>£)?{_SPACE}*(?:(?P<digits>{_DIGITS})|(?P<words>a{_SPACE}+single|a{_SPACE}+dozen"
    rf"|(?:(?:{_WORD}|a|and)(?:{_SPACE}+|-))*(?:{_WORD})))"
    rf"(?:{_SPACE}*(?P<scale>thousand|million|billion|bn|m|k)(?![a-z]))?"
    rf"(?P<pct>{_SPACE}*(?:per{_SPACE}*cent|percent|%))?"
)
_AMOUNT_RE = re.compile(rf"^{_AMOUNT}$", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"^(?:between{_SPACE}+(?P<a1>.+?){_SPACE}+and{_SPACE}+(?P<b1>.+)"
    rf"|(?P<a2>.+?){_SPACE}*(?:[-\u2013\u2014]|{_SPACE}to{_SPACE}){_SPACE}*(?P<b2>.+))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Amount:
    number: Decimal
    scale: Decimal | None
    percent: bool
    currency: str | None


def _words_to_decimal(words: str) -> Decimal:
    """Read "three", "twenty-five", "a hundred and fifty", "two million" as a number."""
    parts = [p for p in re.split(rf"(?:{_SPACE}|-)+", words.lower()) if p]
    if parts in (["a", "single"], ["a", "dozen"], ["dozen"]):
        return Decimal(1 if parts[-1] == "single" else 12)
    total, current, last = 0, 0, "start"
    for part in parts:
        number = NUMBER_WORDS.get(part)
        if part == "a" and last == "start":
            current, last = 1, "a"
        elif part == "and" and last in ("hundred", "big"):
            last = "and"
        elif number is not None and number < 10 and (current % 100 == 0 or last == "tens"):
            if last == "a":
                break
            current, last = current + number, "unit"
        elif number is not None and 10 <= number < 100 and current % 100 == 0 and last != "a":
            current, last = current + number, "tens" if number % 10 == 0 and number >= 20 else "teen"
        elif number == 100 and last in ("start", "a", "unit") and current < 100:
            current, last = (current or 1) * 100, "hundred"
        elif number is not None and number >= 1_000 and last != "and" and (current or total == 0):
            total, current, last = total + (current or 1) * number, 0, "big"
        else:
            break
    else:
        if last not in ("and", "a"):
            return Decimal(total + current)
    raise NumberPhraseError(f"{words!r} is not a number in words")


def _amount(text: str) -> _Amount:
    match = _AMOUNT_RE.match(text.strip())
    if match is None:
        raise NumberPhraseError(f"{text!r} is not a number phrase")
    if match["digits"] is not None:
        number = Decimal(match["digits"].replace(",", ""))
    else:
        number = _words_to_decimal(match["words"])
    scale = _SCALES[match["scale"].lower()] if match["scale"] else None
    return _Amount(number, scale, match["pct"] is not None, match["cur"])


def _value(amount: _Amount, scale: Decimal | None = None) -> float:
    return float(amount.number * (amount.scale or scale or Decimal(1)))


_PLAIN_NUMBER = re.compile(rf"{_DIGITS}")


@lru_cache(maxsize=65_536)
def parse_value_text(text: str) -> ParsedNumber:
    """Parse a figure as written into value, or low and high for a range.

    A scale written only after the upper bound also applies to the lower bound when the lower
    bound is the smaller written number ("1-2 million" is 1,000,000 to 2,000,000).
    """
    if _PLAIN_NUMBER.fullmatch(text):  # the common case, "80,000"
        return ParsedNumber(float(Decimal(text.replace(",", ""))))
    stripped = text.strip()
    if not stripped:
        raise NumberPhraseError("empty value_text")
    if stripped.endswith("+"):
        amount = _amount(stripped[:-1])
        return ParsedNumber(_value(amount), percent=amount.percent, currency=amount.currency, open_ended=True)
    try:
        amount = _amount(stripped)
    except NumberPhraseError:
        pass
    else:
        return ParsedNumber(_value(amount), percent=amount.percent, currency=amount.currency)
    match = _RANGE_RE.match(stripped)
    if match is None:
        raise NumberPhraseError(f"{text!r} is not a number or a range")
    left = _amount(match["a1"] or match["a2"])
    right = _amount(match["b1"] or match["b2"])
    shared_scale = right.scale if left.scale is None and left.number <= right.number else None
    return ParsedNumber(
        None,
        low=_value(left, shared_scale),
        high=_value(right),
        percent=left.percent or right.percent,
        currency=left.currency or right.currency,
    )
