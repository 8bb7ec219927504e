"""Parse a figure as written ("at least" aside) into its value or its bounds.

``parse_value_text("550,000 – 850,000")`` gives ``ParsedNumber(value=None, low=550000.0, high=850000.0)``.
Supported: digits with thousands separators and decimals, number words ("three", "twenty-five",
"a single"), "per cent" / "%", "£", scales ("thousand", "million" / "m", "billion" / "bn"), ranges
written with "-", "–", "—", "to" or "between X and Y", open-ended "14+", a ratio "one in five" or
"1 in every 35" (value 5, ``ratio``), a multiple "three times" / "3 times" (value 3, ``multiple``),
"two dozen" (24), a fraction "two-thirds" (value 0.6667, its decimal rounded to four places,
``fraction``) and a vague plural, read as at least two of its scale and open-ended like "N+":
"dozens" (24), "hundreds" (200), "thousands" (2,000), "tens of thousands" (20,000).

Thousands may be grouped by commas or by the spaces of :data:`ukcsa_data.text.tokens.GROUP_SPACES`
("80\u2009000"), as the scanner groups them. Every number is computed in decimal arithmetic and
kept exactly (``ParsedNumber.exact``: "£1.2 million" is exactly 1200000), so a value can be held
to its words without a tolerance; only a fraction in words is rounded, to four decimal places.
A numeral that is not a decimal digit ("½", "Ⅻ") is not read: the error names it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from ukcsa_data.core.escaping import char_name
from ukcsa_data.text.tokens import DIGITS_PATTERN, GROUP_SEPARATOR, NUMBER_WORDS, numerals_in


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
    #: "one in five": value is 5 (unit one_in).
    ratio: bool = False
    #: "three times": value is 3 (unit times).
    multiple: bool = False
    #: "two-thirds": value is 0.6667 (unit fraction).
    fraction: bool = False
    #: value, low and high exactly, in decimal (the floats above are these, rounded to a float).
    exact: tuple[Decimal | None, Decimal | None, Decimal | None] = (None, None, None)

    @property
    def is_range(self) -> bool:
        return self.low is not None


def decimal_text(number: Decimal) -> str:
    """``number`` in plain digits, without exponent or trailing zeros: 2E+9 is "2000000000"."""
    return format(number.normalize(), "f") if number else "0"


_BIG_WORDS = ("thousand", "million", "billion")
_SCALES = {
    "thousand": Decimal(1_000),
    "k": Decimal(1_000),
    "million": Decimal(1_000_000),
    "m": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
}
_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
# Any Unicode decimal digits ("８０,０００", "٨٠"), all of one script within a number (checked below),
# grouped as the scanner groups them.
_DIGITS = DIGITS_PATTERN
#: A range has two ends, so a phrase is split at no more than this many separators (the dashes of
#: "twenty-one - thirty-two" are three); trying more would make the parser quadratic.
_MAX_SPLITS = 8
_SPACE = r"[\s\u00a0\u202f]"
_AMOUNT = (
    rf"(?P<cur>£)?{_SPACE}*(?:(?P<digits>{_DIGITS})|(?P<words>a{_SPACE}+single|a{_SPACE}+dozen"
    rf"|(?:(?:{_WORD}|a|and)(?:{_SPACE}+|-))*(?:{_WORD})))"
    rf"(?:{_SPACE}*(?P<scale>thousand|million|billion|bn|m|k)(?![a-z]))?"
    rf"(?P<pct>{_SPACE}*(?:per{_SPACE}*cent|percent|%))?"
)
_AMOUNT_RE = re.compile(rf"^{_AMOUNT}$", re.IGNORECASE)
_RANGE_SEPARATOR = re.compile(rf"{_SPACE}*[-\u2013\u2014]{_SPACE}*|{_SPACE}+to{_SPACE}+", re.IGNORECASE)
_BETWEEN = re.compile(rf"between{_SPACE}+(?P<rest>.+)", re.IGNORECASE | re.DOTALL)
_AND = re.compile(rf"{_SPACE}+and{_SPACE}+", re.IGNORECASE)
_ONE_IN = re.compile(
    rf"(?:one|1){_SPACE}+in{_SPACE}+(?:every{_SPACE}+)?(?P<rest>.+)", re.IGNORECASE | re.DOTALL
)
#: A vague plural of a scale: at least two of it ("hundreds", "tens of thousands").
_VAGUE_SCALES = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000}
_VAGUE = re.compile(
    rf"(?:(?P<outer>tens|dozens|hundreds){_SPACE}+of{_SPACE}+)?(?P<inner>dozens|hundreds|thousands|millions)",
    re.IGNORECASE,
)
#: Fractions in words: numerator (optional: "a", "one", ... "nine") and denominator.
_NUMERATORS = {"a": 1} | {word: n for word, n in NUMBER_WORDS.items() if 1 <= n <= 9 and " " not in word}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_DENOMINATORS |= {"eighth": 8, "ninth": 9, "tenth": 10}
_FRACTION = re.compile(
    rf"(?:(?P<num>{'|'.join(_NUMERATORS)})(?:{_SPACE}+|-))?(?P<den>{'|'.join(_DENOMINATORS)})s?",
    re.IGNORECASE,
)
_TIMES = re.compile(rf"(?P<rest>.+?){_SPACE}+times", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class _Amount:
    number: Decimal
    scale: Decimal | None
    percent: bool
    currency: str | None


# Which word may follow which, for numbers in words ("start" is before the first word).
_MAY_FOLLOW = {
    "unit": {"start", "hundred", "and", "big", "tens"},
    "zero": {"start"},
    "teen": {"start", "hundred", "and", "big"},
    "tens": {"start", "hundred", "and", "big"},
    "hundred": {"start", "a", "unit", "teen"},
    "big": {"start", "a", "unit", "teen", "tens", "hundred"},
    "and": {"hundred", "big"},
}


def _word_kind(word: str, number: int) -> str:
    if word == "and":
        return "and"
    if number == 0:
        return "zero"
    if number < 10:
        return "unit"
    if number < 20:
        return "teen"
    if number < 100:
        return "tens"
    return "hundred" if number == 100 else "big"


def _checked_word(words: str, part: str, last: str) -> tuple[str, int]:
    """The kind and number of one word of ``words``, if it may follow a word of kind ``last``."""
    number = NUMBER_WORDS.get(part) if part != "and" else -1
    if number is None or part in ("dozen", "a single"):
        raise NumberPhraseError(f"{words!r} is not a number in words")
    kind = _word_kind(part, number)
    if last not in _MAY_FOLLOW[kind]:
        raise NumberPhraseError(f"{words!r} is not a number in words")
    return kind, number


def _words_to_decimal(words: str) -> Decimal:
    """Read "three", "twenty-five", "a hundred and fifty", "two million" as a number."""
    parts = [p for p in re.split(rf"(?:{_SPACE}|-)+", words.lower()) if p]
    if parts in (["a", "single"], ["a", "dozen"], ["dozen"]):
        return Decimal(1 if parts[-1] == "single" else 12)
    if len(parts) > 1 and parts[-1] == "dozen":  # "two dozen"
        return _words_to_decimal(" ".join(parts[:-1])) * 12
    total, current, last, last_big = 0, 0, "start", None
    for index, part in enumerate(parts):
        if part == "a" and index == 0 and len(parts) > 1:
            current, last = 1, "a"
            continue
        kind, number = _checked_word(words, part, last)
        if kind == "hundred":
            current = (current if last != "start" else 1) * 100
        elif kind == "big":
            if last_big is not None and number >= last_big:
                raise NumberPhraseError(f"{words!r} is not a number in words")
            total, current, last_big = total + (current if last != "start" else 1) * number, 0, number
        elif kind != "and":
            current += number
        last = kind
    if last in ("and", "a"):
        raise NumberPhraseError(f"{words!r} is not a number in words")
    return Decimal(total + current)


def _amount(text: str) -> _Amount:
    match = _AMOUNT_RE.match(text.strip())
    if match is None:
        raise NumberPhraseError(f"{text!r} is not a number phrase")
    scale = _SCALES[match["scale"].lower()] if match["scale"] else None
    if match["digits"] is not None:
        number = _decimal(match["digits"])
    else:
        words = match["words"]
        last_word = re.split(rf"(?:{_SPACE}|-)+", words.strip())[-1].lower()
        big_words = [w for w in re.split(rf"(?:{_SPACE}|-)+", words.lower()) if w in _BIG_WORDS]
        if (
            scale is None
            and last_word in _BIG_WORDS
            and len(big_words) == 1
            and words.strip().lower() != last_word
        ):
            # "two million": the number is two and the scale a million, as with "2 million";
            # "a million" is one million.
            rest = words[: words.lower().rindex(last_word)].strip()
            number = Decimal(1) if rest.lower() == "a" else _words_to_decimal(rest)
            scale = _SCALES[last_word]
        else:
            number = _words_to_decimal(words)
    return _Amount(number, scale, match["pct"] is not None, match["cur"])


def _decimal(digits: str) -> Decimal:
    """The number written in ``digits`` (thousands commas dropped), whose digits must all be of one
    script: "٨٠" is 80, but "8٠" mixes two scripts and is not read as anything."""
    if not digits.isascii() and len({ord(c) - unicodedata.decimal(c) for c in digits if c.isdecimal()}) > 1:
        raise NumberPhraseError(
            f"{digits!r} mixes the digits of two scripts; write the number as the quote does"
        )
    return Decimal(GROUP_SEPARATOR.sub("", digits))


def _exact(amount: _Amount, scale: Decimal | None = None) -> Decimal:
    """The number ``amount`` states, exactly: its number times its scale (or ``scale``)."""
    return amount.number * (amount.scale or scale or Decimal(1))


def _one(number: Decimal, **marks: bool | str | None) -> ParsedNumber:
    """A phrase that states one number (with its percent, currency, ratio... ``marks``)."""
    return ParsedNumber(float(number), exact=(number, None, None), **marks)  # type: ignore[arg-type]


#: A number written in digits alone ("80,000", "12.5"): one number, no range, no marker.
PLAIN_NUMBER = re.compile(rf"{_DIGITS}")


def _split_range(stripped: str, text: str) -> tuple[_Amount, _Amount]:
    """The two ends of a range, trying each separator ("twenty-one to thirty" has two)."""
    between = _BETWEEN.fullmatch(stripped)
    body = between["rest"] if between else stripped
    for separator in islice((_AND if between else _RANGE_SEPARATOR).finditer(body), _MAX_SPLITS):
        try:
            return _amount(body[: separator.start()]), _amount(body[separator.end() :])
        except NumberPhraseError:
            continue
    raise NumberPhraseError(f"{text!r} is not a number or a range")


@lru_cache(maxsize=65_536)
def parse_value_text(text: str) -> ParsedNumber:
    """Parse a figure as written into value, or low and high for a range.

    A scale written only after the upper bound also applies to the lower bound when the lower
    bound is the smaller written number ("1-2 million" is 1,000,000 to 2,000,000; "100 - 100
    million" is 100 to 100,000,000, not a range from a number to itself). If ``text`` cannot be
    read, :class:`NumberPhraseError` says why, naming any numeral that is not a decimal digit;
    the hint at the phrase to write instead ("at least 300,000": write "300,000") reads the words
    around the number, and is :func:`ukcsa_data.reading.value_text_hints.explained`'s.
    """
    try:
        return _read(text)
    except NumberPhraseError:
        numerals = numerals_in(text)
        if not numerals:
            raise
    names = ", ".join(char_name(c) for c in numerals[:3])
    raise NumberPhraseError(
        f"{text!r} holds {names}: a numeral that is not a decimal digit, which value_text is not "
        "read from; record the figure from a number in digits or words if the article gives one, "
        "or cover the numeral with an exclusion"
    )


def parses(text: str) -> bool:
    """Whether ``text`` is a number phrase :func:`parse_value_text` reads."""
    try:
        parse_value_text(text)
    except NumberPhraseError:
        return False
    return True


def _vague_or_fraction(text: str) -> ParsedNumber | None:
    """A vague plural ("hundreds": at least 200) or a fraction ("two-thirds": 0.6667), or None."""
    vague = _VAGUE.fullmatch(text)
    if vague is not None:
        outer = _VAGUE_SCALES[vague["outer"].lower()] if vague["outer"] else 1
        return _one(Decimal(2 * outer * _VAGUE_SCALES[vague["inner"].lower()]), open_ended=True)
    fraction = _FRACTION.fullmatch(text)
    if fraction is None or (fraction["num"] is None and fraction["den"].lower() != "half"):
        return None
    numerator = _NUMERATORS[fraction["num"].lower()] if fraction["num"] else 1
    value = Decimal(numerator) / Decimal(_DENOMINATORS[fraction["den"].lower()])
    return _one(round(value, 4), fraction=True)  # the documented rounding: four decimal places


def _read(text: str) -> ParsedNumber:
    if PLAIN_NUMBER.fullmatch(text):  # the common case, "80,000"
        return _one(_decimal(text))
    stripped = text.strip()
    if not stripped:
        raise NumberPhraseError("empty value_text")
    if stripped.endswith("+"):
        amount = _amount(stripped[:-1])
        return _one(_exact(amount), percent=amount.percent, currency=amount.currency, open_ended=True)
    try:
        amount = _amount(stripped)
    except NumberPhraseError:
        pass
    else:
        return _one(_exact(amount), percent=amount.percent, currency=amount.currency)
    special = _vague_or_fraction(stripped)
    if special is not None:
        return special
    ratio = _ONE_IN.fullmatch(stripped) or _TIMES.fullmatch(stripped)
    if ratio is not None:
        amount = _amount(ratio["rest"])
        if amount.percent or amount.currency:
            raise NumberPhraseError(f"{text!r} is not a number or a range")
        return _one(_exact(amount), ratio=ratio.re is _ONE_IN, multiple=ratio.re is _TIMES)
    left, right = _split_range(stripped, text)
    shared_scale = right.scale if left.scale is None and left.number < right.number else None
    low, high = _exact(left, shared_scale), _exact(right)
    return ParsedNumber(
        None,
        low=float(low),
        high=float(high),
        exact=(None, low, high),
        percent=left.percent or right.percent,
        currency=left.currency or right.currency,
    )
