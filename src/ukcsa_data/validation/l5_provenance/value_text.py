"""A located figure's value_text held to its row: it parses as a number phrase, gives the row's
numbers exactly, and fits its unit and qualifier (the rules of :data:`VALUE_TEXT_RULES`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache, partial
from typing import NamedTuple

from ukcsa_data.core import limits
from ukcsa_data.core.problems import Report, show
from ukcsa_data.reading.value_text_hints import explained
from ukcsa_data.text import plain
from ukcsa_data.text.number_phrases import NumberPhraseError, ParsedNumber, parse_value_text
from ukcsa_data.validation.rules import Finding, Row, RuleSet, add_finding


class ValueText(NamedTuple):
    """What a value_text rule sees besides its row: the figure's value_text and how it reads (or,
    if it cannot be read, why not: a message, or a function that builds it when it is listed). A
    named tuple: one is made for every figure, and a tuple is the quickest to make."""

    text: str
    parsed: ParsedNumber | None = None
    error: str | Callable[[], str] = ""


@lru_cache(maxsize=65_536)
def _parse_phrase(text: str) -> tuple[ParsedNumber | None, str]:
    """How ``text`` reads as a number phrase, or (None, why not), without the hint at the fix."""
    try:
        return parse_value_text(text), ""
    except NumberPhraseError as error:
        return None, str(error)


def _read_value_text(text: str) -> ValueText:
    limit = limits.active().value_text_chars
    if len(text) > limit:
        return ValueText(
            text,
            error=f"value_text {show(text)} has {len(text):,} characters, over the limit of {limit:,} "
            "for a number phrase: write only the number as the quote writes it",
        )
    parsed, error = _parse_phrase(text)
    if parsed is None:
        return ValueText(text, error=partial(explained, text, error))
    return ValueText(text, parsed)


#: The rules a located figure's value_text is held to, in the order they report.
VALUE_TEXT_RULES: RuleSet[ValueText] = RuleSet("figures")


def check_value_text(row: Row, text: str, report: Report) -> None:
    """value_text must parse, give the row's numbers and fit its unit and qualifier (each rule
    only if the cells it reads were read)."""
    for finding in VALUE_TEXT_RULES.findings(row, _read_value_text(text)):
        add_finding(report, row, finding)


@VALUE_TEXT_RULES.rule("value-text-unparseable")
def value_text_unparseable(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """value_text is a number phrase, written as the article writes it: the number, with its £,
    scale, per cent or "+", and nothing else.

    Bad: "131 suspects" (the words after the number copied too). Good: "131".
    Good: "80,000", "£1.2 million", "700 per cent", "550,000 – 850,000", "twenty-five", "14+".
    """
    if value_text.parsed is None:
        yield Finding("value-text-unparseable", "value_text", value_text.error)


#: The number columns a value_text is held to, in the order of ``ParsedNumber.exact``.
_NUMBER_COLUMNS = ("value", "value_low", "value_high")
_Decimals = tuple[Decimal | None, Decimal | None, Decimal | None]


def _recorded(row: Row) -> _Decimals:
    """The row's value, value_low and value_high exactly as its cells write them (from a cell's
    text if the table kept it, else from the float's shortest decimal form)."""
    numbers: list[Decimal | None] = []
    for name in _NUMBER_COLUMNS:
        number, texts = row[name], row.table.texts.get(name)
        if number is None:
            numbers.append(None)
        else:
            numbers.append(Decimal(texts[row.index]) if texts is not None else Decimal(repr(number)))
    return numbers[0], numbers[1], numbers[2]


def _stated(parsed: ParsedNumber) -> _Decimals:
    """The numbers the phrase states, exactly (from its floats only if it was built without them)."""
    if parsed.exact != (None, None, None):
        return parsed.exact
    value, low, high = (
        None if n is None else Decimal(repr(n)) for n in (parsed.value, parsed.low, parsed.high)
    )
    return value, low, high


def _values_match(stated: _Decimals, recorded: _Decimals) -> bool:
    """Whether the phrase gives the row's numbers, exactly (decimal arithmetic, no tolerance: "2
    billion" is 2000000000 and not 2000000001). value_text gives the size, the sign of value the
    direction: "fell by 10 to 20 per cent" is -20 to -10. (A negative level is caught by the
    plausibility bounds, once.) A fraction in words states its value rounded to four decimal
    places ("two-thirds" is 0.6667), which the row records as that."""
    value, low, high = recorded
    if value is not None:
        value = abs(value)
    if low is not None and high is not None and low <= 0 and high <= 0:
        low, high = -high, -low
    return stated == (value, low, high)


@VALUE_TEXT_RULES.rule("value-mismatch")
def value_mismatch(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """value_text reads as the row's value (or value_low and value_high), exactly; the sign of
    value gives the direction ("fell by 10 per cent" is -10).

    Bad: value_text "6" for value 6000 (cut at the thousands comma). Good: "6,000".
    Bad: value_text "2.5 million" for value 250000. Good: value 2500000.
    Bad: value_text "£2 billion" for value 2000000001. Good: value 2000000000.
    """
    parsed = value_text.parsed
    if parsed is None:
        return
    stated, recorded = _stated(parsed), _recorded(row)
    if not _values_match(stated, recorded):
        yield Finding(
            "value-mismatch", "value", partial(_mismatch_message, value_text.text, stated, recorded)
        )


def _mismatch_message(text: str, stated: _Decimals, recorded: _Decimals) -> str:
    written = plain.amount(*recorded)
    value, low, high = stated
    if low is not None and high is not None:
        low_text, high_text = plain.number(low), plain.number(high)
        return (
            f"value_text {show(text)} is a range from {low_text} to {high_text}, but the row has {written}: "
            f"leave value empty and set value_low {low_text} and value_high {high_text}"
        )
    number = "empty" if value is None else plain.number(value)
    return (
        f"value_text {show(text)} is the number {number}, but the row has {written}: set value {number} "
        "(negative for a fall) and leave value_low and value_high empty, or correct value_text"
    )


#: Units whose value_text is a phrase around the number.
_PHRASES = {
    "one_in": "'one in N' (value N)",
    "times": "'N times' (value N)",
    "fraction": "as a fraction, 'two-thirds' (value 0.6667)",
}


def _unit_fits(parsed: ParsedNumber, unit: str) -> bool:
    """Whether no check of :func:`value_text_unit` fires: the common case, tested first and cheaply."""
    return (
        parsed.percent == (unit == "percent")
        and not (parsed.ratio or parsed.multiple or parsed.fraction)
        and unit not in _PHRASES
        and (parsed.currency == "£") == (unit == "GBP")
    )


@VALUE_TEXT_RULES.rule("value-text-unit")
def value_text_unit(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """A value_text written as a percentage has unit percent; one written in pounds, unit GBP;
    "one in N", unit one_in; "N times", unit times (and only such value_texts have these units).

    Bad: value_text "£9,064" with unit people. Good: unit GBP.
    Bad: value_text "33 percent" with unit children. Good: unit percent.
    Bad: value_text "one in five" with unit children. Good: unit one_in, value 5.
    """
    parsed, unit = value_text.parsed, row["unit"]
    if parsed is None or unit is None or _unit_fits(parsed, unit):
        return
    message = _unit_message(show(value_text.text), parsed, unit)
    if message is not None:
        yield Finding("value-text-unit", "unit", message)


def _unit_message(text: str, parsed: ParsedNumber, unit: str) -> str | None:
    """Why value_text (shown as ``text``) and ``unit`` disagree, by the first check that fires."""
    if parsed.percent != (unit == "percent"):
        if parsed.percent:
            return f"value_text {text} is written as a percentage, but unit is {unit}: use unit percent"
        return (
            f"value_text {text} is not written as a percentage, but unit is percent: write the "
            "per cent sign or words as the quote does, or use the unit the words count"
        )
    if parsed.ratio and unit != "one_in":
        return f"value_text {text} is a ratio 'one in N', but unit is {unit}: use unit one_in"
    if parsed.multiple and unit != "times":
        return f"value_text {text} is a multiple 'N times', but unit is {unit}: use unit times"
    if parsed.fraction and unit != "fraction":
        return f"value_text {text} is a fraction, but unit is {unit}: use unit fraction"
    if unit in _PHRASES and not (parsed.ratio or parsed.multiple or parsed.fraction):
        return f"unit is {unit}, so write value_text {_PHRASES[unit]}, as the article does"
    if (parsed.currency == "£") != (unit == "GBP"):
        if parsed.currency:
            return f"value_text {text} is written in pounds, but unit is {unit}: use unit GBP"
        return (
            f"value_text {text} has no £ sign, but unit is GBP: write the £ as the quote does, "
            "or use the unit the words count"
        )
    return None


@VALUE_TEXT_RULES.rule("value-text-qualifier")
def value_text_qualifier(row: Row, value_text: ValueText) -> Iterator[Finding]:
    """A value_text that is a range has qualifier range (and only such a one); "N+" means at_least.

    Bad: value_text "200 to 300" with qualifier around. Good: qualifier range.
    Bad: value_text "14+" with qualifier exact. Good: qualifier at_least.
    """
    parsed, qualifier = value_text.parsed, row["qualifier"]
    if parsed is None or (
        not parsed.open_ended and (qualifier is None or parsed.is_range == (qualifier == "range"))
    ):
        return
    text = show(value_text.text)
    if qualifier is not None and parsed.is_range != (qualifier == "range"):
        if parsed.is_range:
            message = (
                f"value_text {text} is a range, but qualifier is {qualifier}: use qualifier range, "
                "with value_low and value_high"
            )
        else:
            message = (
                f"value_text {text} is one number, not a range, but qualifier is range: use the "
                "qualifier the words give it (exact if none), with value"
            )
        yield Finding("value-text-qualifier", "qualifier", message)
    elif parsed.open_ended and qualifier != "at_least":
        yield Finding(
            "value-text-qualifier",
            "qualifier",
            f"value_text {text} ends in '+', which means at least: use qualifier at_least, not {qualifier}",
        )
