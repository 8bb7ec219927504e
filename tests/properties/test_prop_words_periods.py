"""[words] Periods relative to the publication date and totals for a period (issue 15): for
generated sentences with random publication dates, the reading of the period and of the rate is
right or unknown, never wrong; and exactly right for the plain forms."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from example_counts import runs_its_examples
from hypothesis import example, given
from hypothesis import strategies as st

from ukcsa_data.reading import NO_RATE, read_mention
from ukcsa_data.reading.period import Period

pytestmark = pytest.mark.words

PUBLISHED = st.dates(date(2001, 1, 1), date(2030, 12, 31))
NUMBERS = st.one_of(st.integers(2, 999).map(str), st.integers(1_000, 999_999).map(lambda n: f"{n:,}"))
LEADS = ["Police recorded ", "The charity took ", "Officers made ", "There were ", "The helpline received "]
NOUNS = ["offences", "calls", "arrests", "reports", "referrals"]


def _previous_month_end(published: date) -> date:
    return date(published.year, published.month, 1) - timedelta(days=1)


def last_year(published: date) -> Period:
    return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)


def last_month(published: date) -> Period:
    end = _previous_month_end(published)
    return date(end.year, end.month, 1), end


def past_12_months(published: date) -> Period:
    end = _previous_month_end(published)
    start = date(end.year, 1, 1) if end.month == 12 else date(end.year - 1, end.month + 1, 1)
    return start, end


#: Each relative period phrase and the period it names, by publication date.
RELATIVE = {
    "last year": last_year,
    "last month": last_month,
    "in the past 12 months": past_12_months,
    "in the last 12 months": past_12_months,
    "over the past year": past_12_months,
    "in the last year": past_12_months,
    "during the past twelve months": past_12_months,
}
#: Words right before "last year" or "last month" that change what it means ("since last year").
PREFIXES = ["since", "until", "by the end of", "in March", "before", "from the start of", "early"]
#: Words elsewhere in the sentence that may date a statement or name another period.
EXTRAS = [
    "",
    ", the agency said",
    " and this year",
    " and 12 more last week",
    ", up from 40 the previous year",
    ", compared with 2,000 in 2016",
    " in 2018",
    " in June",
    " a day",
]


@st.composite
def relative_sentences(draw: st.DrawFn) -> tuple[str, int, int, date | None, Period | None, bool]:
    """A sentence with a relative period phrase (before or after the number), perhaps words
    elsewhere that may change what it says, perhaps a word right before "last year" or "last
    month" that does ("since last year"), and a publication date or none; the number's span, the
    date, the period the phrase names at that date (none where a word before it changes it), and
    whether the sentence is plain (nothing added)."""
    number = draw(NUMBERS)
    phrase = draw(st.sampled_from(sorted(RELATIVE)))
    published = draw(PUBLISHED | st.none())
    extra = draw(st.sampled_from(EXTRAS))
    prefix = draw(st.sampled_from(["", *PREFIXES])) if phrase.startswith("last") else ""
    lead, noun = draw(st.sampled_from(LEADS)), draw(st.sampled_from(NOUNS))
    if not prefix and draw(st.booleans()):
        before = f"{phrase[0].upper()}{phrase[1:]}, {lead[0].lower()}{lead[1:]}"
        sentence = f"{before}{number} {noun}{extra}."
    else:
        before = lead
        sentence = f"{before}{number} {noun} {prefix + ' ' if prefix else ''}{phrase}{extra}."
    expected = RELATIVE[phrase](published) if published and not prefix else None
    return sentence, len(before), len(before) + len(number), published, expected, not (prefix or extra)


@runs_its_examples()
@given(relative_sentences())
# Found by the thorough profile: "reports" right before the period read as a statement's verb.
@example(
    generated=(
        "Police recorded 2 reports during the past twelve months.",
        16,
        17,
        date(2001, 1, 1),
        (date(2000, 1, 1), date(2000, 12, 31)),
        True,
    )
)
def test_a_relative_period_is_read_right_or_unknown(
    generated: tuple[str, int, int, date | None, Period | None, bool],
) -> None:
    """For a sentence holding "last year", "last month", "in the past 12 months" or a kin, with a
    random publication date: the period read is the one that phrase names at that date ("last
    year": the previous calendar year; "the past 12 months": the 12 full months before the month of
    publication) or unknown, never another; exactly that one where nothing else is in the
    sentence; unknown where a word right before it changes it ("since last year", "in March last
    year"); and always unknown without a publication date."""
    sentence, start, end, published, expected, plain = generated
    stated = read_mention(sentence, start, end, published=published).period.value
    if published is None:
        assert stated is None, sentence
    elif plain:
        assert stated == expected, sentence
    else:
        assert stated in (expected, None), sentence


@st.composite
def from_to_sentences(draw: st.DrawFn) -> tuple[str, int, int, date, Period | None]:
    """ "from N in YEAR to M last year" (or the reverse order of periods), with the span of N or M
    and the period of that number."""
    published = draw(PUBLISHED)
    year = draw(st.integers(1990, published.year - 2))
    first, second = draw(NUMBERS), draw(NUMBERS)
    relative = draw(st.sampled_from(["last year", "in the past 12 months", "last month"]))
    head = draw(st.sampled_from(["Reports rose from ", "Referrals fell from ", "The total grew from "]))
    year_first = draw(st.booleans())
    first_period, second_period = (f"in {year}", relative) if year_first else (relative, f"in {year}")
    sentence = f"{head}{first} {first_period} to {second} {second_period}."
    fixed = (date(year, 1, 1), date(year, 12, 31))
    moving = RELATIVE[relative](published)
    if draw(st.booleans()):
        start = len(head)
        return sentence, start, start + len(first), published, fixed if year_first else moving
    start = len(f"{head}{first} {first_period} to ")
    return sentence, start, start + len(second), published, moving if year_first else fixed


@runs_its_examples()
@given(from_to_sentences())
def test_each_number_of_from_to_takes_its_own_period(
    generated: tuple[str, int, int, date, Period | None],
) -> None:
    """In "from N in YEAR to M last year" (and with the periods the other way round), N is read
    with the period of its own part and M with that of its own, never the other's."""
    sentence, start, end, published, expected = generated
    assert read_mention(sentence, start, end, published=published).period.value == expected, sentence


TOTALS = [
    "during the week",
    "during the month",
    "throughout the year",
    "in the past year",
    "over the last five years",
    "over six months",
    "in 12 months",
    "in a single month",
    "in just one week",
    "during a week of action",
    "in the year to March 2021",
    "last year",
]
RATES = {
    "a day": "day",
    "each week": "week",
    "every month": "month",
    "per year": "year",
    "monthly": "month",
    "daily": "day",
}
#: Words that may make a total an average or put a rate elsewhere: the rate is then right or unknown.
TOTAL_DISTRACTORS = ["", " on average", ", aged 12 years", " and 20 more each day", "; the unit meets weekly"]


@st.composite
def total_sentences(draw: st.DrawFn) -> tuple[str, int, int, str | None, bool]:
    """A sentence with a total-for-a-period phrase, perhaps a rate phrase right after the number
    (the figure is then that rate) and perhaps a distractor; the number's span, the rate the
    figure has (``NO_RATE`` for a total) and whether the sentence is plain."""
    number, noun = draw(NUMBERS), draw(st.sampled_from(NOUNS))
    lead = draw(st.sampled_from(LEADS))
    total = draw(st.sampled_from(TOTALS))
    rate = draw(st.sampled_from([None, *RATES]))
    distractor = draw(st.sampled_from(TOTAL_DISTRACTORS))
    rate_words = f" {rate}" if rate else ""
    if draw(st.booleans()):
        before = f"{total[0].upper()}{total[1:]}, {lead[0].lower()}{lead[1:]}"
        sentence = f"{before}{number} {noun}{rate_words}{distractor}."
    else:
        before = lead
        sentence = f"{before}{number} {noun}{rate_words} {total}{distractor}."
    expected = RATES[rate] if rate else NO_RATE
    return sentence, len(before), len(before) + len(number), expected, not distractor


@runs_its_examples()
@given(total_sentences(), PUBLISHED | st.none())
# Found by the thorough profile: a rate after another number, with a total for the week.
@example(
    generated=("During the week, police recorded 2 offences and 20 more each day.", 33, 34, "", False),
    published=None,
)
def test_a_total_for_a_period_is_not_a_rate(
    generated: tuple[str, int, int, str | None, bool], published: date | None
) -> None:
    """A number given with a total-for-a-period phrase ("during the week", "in the past year",
    "over six months", "in a single month") and no rate phrase reads as no rate; with a rate
    phrase right after it ("a day", "every month") it reads as that rate, whatever period the
    sentence also names. Where an average, another word of time or a rate elsewhere is added, the
    reading is that or unknown, never another rate."""
    sentence, start, end, expected, plain = generated
    stated = read_mention(sentence, start, end, published=published).rate.value
    if plain:
        assert stated == expected, sentence
    else:
        assert stated in (expected, None), sentence


@given(PUBLISHED)
def test_the_conventions_in_calendar_terms(published: date) -> None:
    """The conventions the readings follow, in calendar terms: the past 12 months end on the last
    day of the month before publication and hold 12 whole months; last month is that month."""
    start, end = past_12_months(published)
    assert end == _previous_month_end(published)
    assert start.day == 1 and (start.year * 12 + start.month) + 11 == end.year * 12 + end.month
    assert last_month(published)[1] == end
    assert last_month(published)[0].day == 1
    assert end.day == calendar.monthrange(end.year, end.month)[1]


def _financial(year: int, separator: str, whole: bool) -> str:
    return f"{year}{separator}{year + 1 if whole else f'{(year + 1) % 100:02d}'}"


@st.composite
def written_periods(draw: st.DrawFn) -> tuple[str, int, int, Period]:
    """A sentence stating a period in one of the wordings of issue 15: a financial year with both
    years in full ("2016/2017", "2016-2017") or short, "between YEAR and YEAR", "between 1 MONTH
    and DAY MONTH YEAR", or a list "N in 2016/17 and M in 2017/18"; the span of one number and
    the period that is its own."""
    year = draw(st.integers(1995, 2028))
    lead, noun = draw(st.sampled_from(LEADS)), draw(st.sampled_from(NOUNS))
    number = draw(NUMBERS)
    form = draw(st.sampled_from(["financial", "between", "dates", "list"]))
    separator, whole = draw(st.sampled_from(["/", "-"])), draw(st.booleans())
    financial = (date(year, 4, 1), date(year + 1, 3, 31))
    if form == "financial":
        sentence = f"{lead}{number} {noun} in {_financial(year, separator, whole)}."
        return sentence, len(lead), len(lead) + len(number), financial
    if form == "between":
        last = draw(st.integers(year + 1, 2030))
        if draw(st.booleans()):
            before = f"Between {year} and {last}, {lead[0].lower()}{lead[1:]}"
            sentence = f"{before}{number} {noun}."
        else:
            before = lead
            sentence = f"{lead}{number} {noun} between {year} and {last}."
        return sentence, len(before), len(before) + len(number), (date(year, 1, 1), date(last, 12, 31))
    if form == "dates":
        first_month, last_month = sorted(
            draw(st.lists(st.integers(1, 12), min_size=2, max_size=2, unique=True))
        )
        last_day = calendar.monthrange(year, last_month)[1]
        own_year = draw(st.sampled_from(["", f" {year}"]))
        dates = (
            f"between 1 {calendar.month_name[first_month]}{own_year} and {last_day} "
            f"{calendar.month_name[last_month]} {year}"
        )
        sentence = f"{lead}{number} {noun} {dates}."
        expected = (date(year, first_month, 1), date(year, last_month, last_day))
        return sentence, len(lead), len(lead) + len(number), expected
    other = draw(NUMBERS)
    second = f"{other} in {_financial(year + 1, separator, whole)}"
    sentence = f"{lead}{number} in {_financial(year, separator, whole)} and {second}."
    if draw(st.booleans()):
        return sentence, len(lead), len(lead) + len(number), financial
    start = len(sentence) - len(second) - 1
    return sentence, start, start + len(other), (date(year + 1, 4, 1), date(year + 2, 3, 31))


@runs_its_examples()
@given(written_periods(), PUBLISHED | st.none())
def test_a_written_period_is_read(generated: tuple[str, int, int, Period], published: date | None) -> None:
    """A financial year written "2016/17", "2016-17", "2016/2017" or "2016-2017" reads as 1 April
    to 31 March; "between 2016 and 2018" as both years whole; "between 1 January and 31 December
    2017" with both days included; and in "N in 2016/17 and M in
    2017/18" each number takes the period written right after it, never the other's."""
    sentence, start, end, expected = generated
    assert read_mention(sentence, start, end, published=published).period.value == expected, sentence


@st.composite
def year_to_sentences(draw: st.DrawFn) -> tuple[str, int, int, date | None, Period | None]:
    """ "in the year to MONTH" with no year written, a publication date or none; the number's span
    and the period: the 12 months to the last such month before the month of publication."""
    published = draw(PUBLISHED | st.none())
    month = draw(st.integers(1, 12))
    lead, noun, number = draw(st.sampled_from(LEADS)), draw(st.sampled_from(NOUNS)), draw(NUMBERS)
    sentence = f"{lead}{number} {noun} in the year to {calendar.month_name[month]}."
    expected: Period | None = None
    if published is not None and published.month != month:
        end_year = published.year if month < published.month else published.year - 1
        end = date(end_year, month, calendar.monthrange(end_year, month)[1])
        start = date(end_year - 1, month + 1, 1) if month != 12 else date(end_year, 1, 1)
        expected = (start, end)
    return sentence, len(lead), len(lead) + len(number), published, expected


@runs_its_examples()
@given(year_to_sentences())
def test_the_year_to_a_month_ends_before_the_publication(
    generated: tuple[str, int, int, date | None, Period | None],
) -> None:
    """ "in the year to March" (no year) reads as the 12 months to the last March that ended before
    the month of publication; unknown without a publication date or when published in that month."""
    sentence, start, end, published, expected = generated
    assert read_mention(sentence, start, end, published=published).period.value == expected, sentence
