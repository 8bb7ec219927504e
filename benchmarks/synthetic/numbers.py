"""Numbers as articles write them: in words (from the parser's own table of number words) and in
digits. One definition for the generator and the property strategies."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from ukcsa_data.text.tokens import NUMBER_WORDS

_SPELLED = {value: word for word, value in NUMBER_WORDS.items() if " " not in word and word != "dozen"}
#: "zero" to "nineteen", by value.
ONES = tuple(_SPELLED[n] for n in range(20))
#: "twenty" to "ninety", by their tens digit.
TENS = {n // 10: _SPELLED[n] for n in range(20, 100, 10)}
#: The scale words, largest first, with their sizes.
SCALE_WORDS = tuple((_SPELLED[size], size) for size in (10**9, 10**6, 10**3))
#: Largest number written in words (billions and below).
MAX_WORDS = 10**12 - 1


def _below_hundred(n: int) -> str:
    if n < 20:
        return ONES[n]
    tens, unit = divmod(n, 10)
    return TENS[tens] + (f"-{ONES[unit]}" if unit else "")


def _below_thousand(n: int, article: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _below_hundred(rest)
    head = "a hundred" if article and hundreds == 1 else f"{ONES[hundreds]} hundred"
    return head + (f" and {_below_hundred(rest)}" if rest else "")


def words(n: int, article: bool = False) -> str:
    """``n`` in British English words: "twenty-five", "two thousand and five".

    ``article`` writes a leading "one hundred" / "one thousand" as "a hundred" / "a thousand".
    """
    if not 0 <= n <= MAX_WORDS:
        raise ValueError(n)
    if n == 0:
        return ONES[0]
    parts: list[str] = []
    rest = n
    for word, size in SCALE_WORDS:
        count, rest = divmod(rest, size)
        if count:
            lead = article and not parts
            group = "a" if lead and count == 1 else _below_thousand(count, lead)
            parts.append(f"{group} {word}")
    if rest:
        tail = _below_thousand(rest, article and not parts)
        parts.append(f"and {tail}" if parts and rest < 100 else tail)
    return " ".join(parts)


def spoken(n: int, rng: random.Random) -> str:
    """1..999 in words, "a hundred and fifty" for half of the hundred-and-somethings."""
    return words(n, article=100 <= n < 200 and rng.random() < 0.5)


def digits(number: Decimal, commas: bool) -> str:
    """``number`` (>= 0) in digits, without exponent or trailing zeros."""
    return format(number.normalize(), ",f" if commas else "f")


def tenths_text(tenths: int) -> str:
    """A number of tenths as digits: 25 -> "2.5", 30 -> "3"."""
    whole, frac = divmod(tenths, 10)
    return f"{whole}.{frac}" if frac else str(whole)


def canon(value: int | float) -> str:
    """Canonical number text, as the package requires ("80000", "19.4")."""
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:
        raise ValueError(f"cannot write {value!r} without an exponent")
    return text


def nice_int(rng: random.Random, low: int, high: int) -> int:
    """A log-uniform integer in [low, high], often rounded to two or three significant figures."""
    x = int(math.exp(rng.uniform(math.log(low), math.log(high + 1))))
    x = max(low, min(high, x))
    if x >= 100 and rng.random() < 0.6:
        places = len(str(x)) - rng.choice((2, 3))
        x = max(low, round(x, -places))
    return x


@dataclass
class ValueText:
    """A figure's value_text and its value cells as written in the row, and the qualifier it
    forces ("range", "at_least") or None."""

    text: str
    value: str = ""
    low: str = ""
    high: str = ""
    qualifier: str | None = None


def count_text(
    rng: random.Random, low: int, high: int, *, scale: bool, spelled: bool, plus: bool, ranged: bool
) -> ValueText:
    """An integer count in [low, high] in one of the styles the flags allow: a range "A – B",
    "14+", words, "2.5 million", else digits with thousands commas."""
    style = rng.random()
    if ranged and style < 0.08:
        a = nice_int(rng, max(low, 1), max(low, high // 2))
        b = min(high, a + nice_int(rng, 1, max(1, a)))
        if b > a:
            sa, sb = f"{a:,}", f"{b:,}"
            text = rng.choice((f"{sa} \u2013 {sb}", f"{sa}-{sb}", f"{sa} to {sb}", f"between {sa} and {sb}"))
            return ValueText(text, low=str(a), high=str(b), qualifier="range")
    if plus and style < 0.12:
        n = nice_int(rng, max(low, 1), min(high, 999))
        return ValueText(f"{n}+", value=str(n), qualifier="at_least")
    if spelled and style < 0.25:
        n = rng.choice((rng.randint(max(low, 1), min(high, 99)), rng.randint(max(low, 1), min(high, 999))))
        if n == 12 and rng.random() < 0.5:
            return ValueText("a dozen", value="12")
        return ValueText(spoken(n, rng), value=str(n))
    if scale and high >= 2_000_000 and style < 0.32:
        tenths = rng.randint(10, min(high // 100_000, 990))
        return ValueText(f"{tenths_text(tenths)} million", value=str(tenths * 100_000))
    n = nice_int(rng, low, high)
    return ValueText(f"{n:,}", value=str(n))
