"""The reading of the words around a number (ukcsa_data.reading): what it states, and where it is
unknown. ``[[...]]`` marks the figure's value_text in each sentence."""

from __future__ import annotations

from datetime import date

import pytest

from ukcsa_data.reading import NO_RATE, Reading, read_mention
from ukcsa_data.reading.period import reliable_publication
from ukcsa_data.reading.qualifier import bound_stated_near, headline_like


def read(marked: str) -> Reading:
    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    return read_mention(text, start, end)


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("There are at least [[300,000]] people.", "at_least"),
        ("There are a minimum of [[300,000]] people.", "at_least"),
        ("NCA intelligence believes there are a \u2018minimum\u2019 of [[300,000]] people.", "at_least"),
        ("NCA warns that \u2018at least\u2019 [[300,000]] people pose a threat.", "at_least"),
        ("MORE than [[400,000]] people searched.", "more_than"),
        ("More than [[200]] raids led to arrests.", "more_than"),
        ("Over [[6,000]] schools have registered.", "more_than"),
        ("Costs were in excess of [[£2 million]].", "more_than"),
        ("The NCA estimates there are up to [[80,000]] people.", "up_to"),
        ("As many as [[80,000]] people pose a threat.", "up_to"),
        ("Around [[80,000]] people pose a threat.", "around"),
        ("About [[80,000]] people pose a threat.", "around"),
        ("Approximately [[80,000]] people pose a threat.", "around"),
        ("Some [[80,000]] people pose a threat.", "around"),
        ("An estimated [[80,000]] people pose a threat.", "around"),
        ("Cases rose by almost [[20 per cent]] last year.", "almost"),
        ("Police recorded nearly [[9,000]] offences.", "almost"),
        ("Just under [[20 per cent]] were referred.", "almost"),
        ("Children under [[10]] were documented.", None),  # "under" after a noun: a preposition
        ("Police made under [[10]] arrests.", "under"),
        ("Fewer than [[50]] arrests were made.", "under"),
        ("Less than [[5 per cent]] were charged.", "under"),
        ("Activities for children aged [[14+]] were added.", "at_least"),
        ("Arrests of [[500]] or more offenders were reported.", "at_least"),
        ("At\u00a0least [[80,000]] people pose a threat.", "at_least"),
        ("There are at least\u202f[[80,000]] people.", "at_least"),
        ("Groups of children (4-5, 8-10 and [[11-14]]) took part.", "range"),
        ("We estimate there are [[550,000 \u2013 850,000]] people in the UK.", "range"),
        # Stated without a qualifier.
        ("[[80,000]] people in UK pose sex threat to children online.", "exact"),
        ("A crackdown saw [[131]] suspects arrested.", "exact"),
        ("Offences were up from [[15]] a day in the previous 12 months.", "exact"),
        ("There were [[17,022]] cases passed to police forces.", "exact"),
        ("More than 200 raids led to [[164]] children being safeguarded.", "exact"),
        # Silent or ambiguous: unknown.
        ("Investigators found content in just [[three]] clicks.", None),
        ("The number was higher than [[500]] last year.", None),
        ("Some [[500]] or so cases were passed on.", None),
        ("Arrests reached [[500]]-plus in the year.", None),
        ("The watchdog raised concerns about [[1,200]] cases.", None),
        ("Fears over [[300]] missing children in care", None),
        ("Each force can refer a maximum of [[250]] cases a year.", "up_to"),
        ("Over 500 arrests and [[300]] charges were made.", None),
        ("Police made [[300]] odd arrests.", "around"),
        ("The unit recorded about [[500]] cases.", "around"),
    ],
)
def test_qualifier(sentence: str, qualifier: str | None) -> None:
    assert read(sentence).qualifier.value == qualifier


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        # Bounds after the number: "or under", "or younger", "and under" include N (up_to); "or
        # over", "or older", "and over" include it too (at_least, as "N+").
        ("The charity helps children aged [[12]] or younger.", "up_to"),
        ("The charity helps children aged [[12]] or under.", "up_to"),
        ("Sessions are open to those aged [[16]] and under.", "up_to"),
        ("Sessions are open to those aged [[16]] and over.", "at_least"),
        ("Offenders aged [[18]] or over were interviewed.", "at_least"),
        ("Offenders aged [[18]] or older were interviewed.", "at_least"),
        ("Forces with [[10]] or less in the unit replied.", "up_to"),
        ("Visits lasting [[10]] minutes or less were logged.", None),  # not right after the number
        ("Forces with [[20]] or fewer officers in the unit replied.", "up_to"),
        # Not a bound: a noun phrase or another number follows.
        ("Police charged [[20]] and over the next year charged 35 more.", "exact"),
        ("Estimates put the total at [[200]] or over 300.", None),
        ("Estimates put the total at [[200]] or over three hundred.", None),
        ("Police charged [[20]] and under five were cautioned.", "exact"),
        # An age bound written as one word, or in words.
        ("The scheme is aimed at under-[[16]]s in the city.", "under"),
        ("Officers spoke to under-[[18]]s about the risks.", "under"),
        ("Girls under the age of [[13]] were referred.", "under"),
        ("The victims were aged under [[16]].", "under"),
        ("The victims were aged about [[14]].", "around"),
        # A qualifier of a percentage before "a": "more than a 20 per cent increase".
        ("There was more than a [[20 per cent]] increase in referrals.", "more_than"),
        ("There was more than a [[20]] per cent increase in referrals.", "more_than"),
        ("Forces reported almost a [[30%]] rise in reports.", "almost"),
        ("There was a [[20 per cent]] increase in referrals.", "exact"),
        ("Forces saw up to a [[20 per cent]] share of referrals.", None),  # no noun of change
        # "as many as": before numbers, words and across quotation marks.
        ("Police think as many as [[3,000]] men were involved.", "up_to"),
        ("Police think as many as [[three thousand]] men were involved.", "up_to"),
        ("Police think \u2018as many as\u2019 [[3,000]] men were involved.", "up_to"),
        ("Police think as many as \u2018[[3,000]]\u2019 men were involved.", "up_to"),
        ("Police think \u201cas many as [[3,000]]\u201d men were involved.", "up_to"),
        # A comparison: the number is the one compared with, not a bound.
        ("There are now twice as many as [[300]] a decade ago.", None),
        ("Police made 300 more than [[200]] the year before.", None),
        ("Referrals were 20 per cent more than [[500]] in 2019.", None),
        ("This year there were not as many as [[300]] cases.", None),
        ("In 2021 more than [[4,000]] reports were made.", "more_than"),
        # A preposition-like word after a verb of a count opens a qualifier; after a noun it does not.
        ("Police arrest 500 offenders and safeguarding around [[700]] children each month.", "around"),
        ("Officers arrested about [[300]] men in the operation.", "around"),
        ("The team safeguarded some [[40]] children.", "around"),
        ("The team safeguarded [[40]] children.", "exact"),
        ("The agency estimated around [[2,000]] offenders were active.", "around"),
        ("The watchdog raised concerns about [[500]] cases.", None),
        ("Parents worried over [[300]] messages.", None),
        # "over" may mean "in connection with" after these verbs, or "during" before a time.
        ("A man was jailed over [[500]] indecent images.", None),
        ("A teacher was arrested over [[200]] images.", None),
        ("Referrals rose over [[five]] years.", None),
        ("The officer worked for over [[20]] years.", "more_than"),
        # "some": around before a number, but not "some of" nor "some 16-year-olds".
        ("Some [[300]] people were interviewed.", "around"),
        ("Some of the [[300]] people were interviewed.", "exact"),
        ("Some [[16]]-year-olds were interviewed.", None),
        # Phrases added to the grammar.
        ("There were in the region of [[500]] referrals.", "around"),
        ("The estimated [[80,000]] offenders pose a risk.", "around"),
        ("At most [[50]] arrests were made.", "up_to"),
        ("Just below [[10 per cent]] were charged.", "almost"),
        # After a comma, "to" or an adverb, a preposition-like word opens a qualifier.
        ("Across the two forces, around [[400]] people are arrested each month.", "around"),
        ("That works out at close to, or equal to about [[one in 12]] pupils.", "around"),
        ("Across England, nationally over [[60,000]] offences were logged.", "more_than"),
        ("The figures, over [[five]] years, doubled.", None),
        # Ages: "before they turned N", "under Ns".
        ("Many were harmed before they turned [[16]], the survey found.", "under"),
        ("Reports of offences against under [[18]]s grew.", "under"),
    ],
)
def test_qualifier_beyond_the_grammar(sentence: str, qualifier: str | None) -> None:
    assert read(sentence).qualifier.value == qualifier


@pytest.mark.parametrize(
    ("sentence", "kind", "stated"),
    [
        # No words of a bound near the number.
        ("Officers recorded [[22,724]] offences last year.", "at_least", False),
        ("In [[40]] cases the children were aged two and under.", "at_least", False),
        ("The number of referrals rose to [[1,875]] in March.", "more_than", False),
        ("The number of referrals rose to [[1,875]] in March.", "around", False),
        # A phrase of that kind anywhere near it, before or after, or inside value_text.
        ("In [[40]] cases the children were under two.", "up_to", True),
        ("The total, at least, was [[500]] arrests.", "at_least", True),
        ("Police made [[500]] arrests or more over the year.", "at_least", True),
        ("The charity believes [[2,000]] more calls went unanswered, an estimate.", "around", True),
        ("Referrals have now topped [[3,000]] a year.", "more_than", True),
        ("The unit saw [[500]]+ cases.", "at_least", True),
        ("Officers were close to [[90]] arrests.", "almost", True),
        ("Officers saw [[90]] arrests, the maximum the team could handle.", "up_to", True),
    ],
)
def test_bound_stated_near(sentence: str, kind: str, stated: bool) -> None:
    start = sentence.index("[[")
    end = sentence.index("]]") - 2
    text = sentence.replace("[[", "").replace("]]", "")
    assert bound_stated_near(text, kind, start, end, *read(sentence).sentence) is stated


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        ("Police Arrest [[130]] Suspects In One Week", True),
        ("CHILD ABUSE: [[500]] ARRESTS", True),
        ("Officers arrested [[130]] suspects in one week.", False),
        ("West Hampshire: [[4]]", False),
    ],
)
def test_headline_like(sentence: str, headline: bool) -> None:
    start = sentence.index("[[")
    text = sentence.replace("[[", "").replace("]]", "")
    assert headline_like(text, start, *read(sentence).sentence) is headline


@pytest.mark.parametrize(
    ("sentence", "rate"),
    [
        ("Police recorded around [[23]] child sexual offences involving the internet every day.", "day"),
        ("That is up from a rate of around [[15]] a day.", "day"),
        ("Police record [[40]] offences per day.", "day"),
        ("Police record [[40]] offences each day.", "day"),
        ("Police record [[40]] offences daily.", "day"),
        ("Police make [[120]] arrests a week.", "week"),
        ("Police make [[120]] arrests weekly.", "week"),
        ("Officers made over [[120]] arrests each month during the operation.", "month"),
        ("The agency receives [[9,000]] reports monthly.", "month"),
        ("The agency receives [[90,000]] reports a year.", "year"),
        ("The agency receives [[90,000]] reports annually.", "year"),
        ("The agency receives [[90,000]] reports per annum.", "year"),
        ("Each month, police arrest [[500]] offenders.", "month"),
        # Across a coordinated figure, and across the comma of "1,000".
        (
            "The NCA and UK police arrest more than [[500]] offenders and safeguard around 700 children "
            "each month.",
            "month",
        ),
        ("We make over [[850]] arrests and safeguard more than 1,000 children every month.", "month"),
        # A sentence with no rate phrase states there is none.
        ("A week-long crackdown saw [[131]] suspects arrested.", NO_RATE),
        ("More than 200 raids led to [[164]] children being safeguarded.", NO_RATE),
        # A total for a stated period is not a rate (issue 15).
        ("In a single month in 2021, there were over [[400,000]] people searching.", NO_RATE),
        ("Referrals have surged by [[700 per cent]] in the last five years.", NO_RATE),
        # A word of time that is not a rate leaves it unknown, never "no rate".
        ("The helpline receives [[300]] calls a day on average.", "day"),
        ("The helpline receives [[300]] calls every single day.", None),
        ("In a typical week, [[500]] children are referred.", None),
        # A rate in another clause does not reach the number.
        ("The helpline has [[600]] volunteers and answers calls 24 hours a day.", None),
        (
            "The unit made [[700]] arrests and charged 200 people last year and now safeguards 90 children "
            "each month.",
            None,
        ),
        ("It has [[1,000]] members who meet once a month.", None),
        # Unknown: a rate elsewhere in the sentence, a comma between, an unmapped or ambiguous rate.
        ("Police record [[40]] offences, and 10 more are reported each day.", None),
        ("The unit made [[40]] arrests in a month.", None),
        ("New activities for [[15]] families will be launched fortnightly.", None),
        ("Police made 23 arrests a day in 2017 and [[15]] in 2016, a year earlier.", None),
    ],
)
def test_rate(sentence: str, rate: str | None) -> None:
    assert read(sentence).rate.value == rate


@pytest.mark.parametrize(
    ("sentence", "currency", "percent", "scale"),
    [
        ("The government invested [[£600,000]] in a project.", "GBP", False, None),
        ("The government invested \u00a3[[600,000]] in a project.", "GBP", False, None),
        ("The company paid $[[600,000]] in fines.", "USD", False, None),
        ("The company paid \u20ac[[600,000]] in fines.", "EUR", False, None),
        ("The fund holds [[600,000]] pounds.", "GBP", False, None),
        ("Referrals surged by [[700 per cent]].", None, True, None),
        ("Referrals surged by [[700]] per cent.", None, True, None),
        ("Referrals surged by [[70]]%.", None, True, None),
        ("The share rose by [[3]] percentage points.", None, True, None),
        ("Funding of [[£2.5]] million was announced.", "GBP", False, "million"),
        ("Funding of [[£2.5]]m was announced.", "GBP", False, "m"),
        ("Funding of [[£2.5 million]] was announced.", "GBP", False, None),
        ("There were [[17,022]] cases.", None, False, None),
    ],
)
def test_markers(sentence: str, currency: str | None, percent: bool, scale: str | None) -> None:
    markers = read(sentence).markers
    assert (markers.currency, markers.percent, markers.scale_outside) == (currency, percent, scale)


@pytest.mark.parametrize(
    ("sentence", "change"),
    [
        ("Cases rose by almost [[20 per cent]] last year.", "change"),
        ("Reports increased by [[15 per cent]].", "change"),
        ("Referrals have surged by [[700 per cent]].", "change"),
        ("Referrals have surged [[700 per cent]] in five years.", "change"),
        ("Arrests were up by [[12 per cent]].", "change"),
        ("Arrests fell by [[5 per cent]].", "change"),
        ("Arrests were down by [[5 per cent]].", "change"),
        ("There was a rise of [[9 per cent]] in reports.", "change"),
        ("Arrests rose to [[500]] last year.", "level"),
        ("That is up from [[15]] a day.", "level"),
        ("That is up from the [[14,260]] the previous year.", "level"),
        ("Referrals are [[40 per cent]] of the total.", None),
        ("Referrals rose by up to [[40 per cent]].", "change"),
        ("Referrals were up to [[40 per cent]] of the total.", None),
        ("Arrests surged [[500]] in a week.", None),  # a verb and a count, not a percentage
        ("Helplines were set up by [[40 per cent]] of forces.", None),
        ("Posts were taken down by [[90 per cent]] of platforms.", None),
    ],
)
def test_change(sentence: str, change: str | None) -> None:
    assert read(sentence).change.value == change


@pytest.mark.parametrize(
    ("sentence", "change", "direction"),
    [
        ("Cases rose by almost [[20 per cent]] last year.", "change", "rise"),
        ("Referrals have surged [[700 per cent]] in five years.", "change", "rise"),
        ("Arrests were up by [[12 per cent]].", "change", "rise"),
        ("There was a rise of [[9 per cent]] in reports.", "change", "rise"),
        ("There was a sharp rise of [[9 per cent]] in reports.", "change", "rise"),
        ("Reports went up by [[4 per cent]].", "change", "rise"),
        ("There was a [[700%]] increase in referrals.", "change", "rise"),
        ("There was more than a [[20 per cent]] increase in referrals.", "change", "rise"),
        ("Forces saw a [[12 per cent]] year-on-year rise.", "change", "rise"),
        ("Arrests fell by [[5 per cent]].", "change", "fall"),
        ("Arrests fell [[5 per cent]] last year.", "change", "fall"),
        ("Arrests were down [[5 per cent]].", "change", "fall"),
        ("Arrests totalled 900, down [[5 per cent]] on the year.", "change", "fall"),
        ("The biggest rise was in Kent \u2013 up [[30 per cent]] from 200 to 260.", "change", "rise"),
        ("Arrests in the region - down [[8%]] on the year.", "change", "fall"),
        ("Arrests in the region - up to [[8%]] of all cases.", None, None),
        ("There was a drop of [[30 per cent]] in reports.", "change", "fall"),
        ("There was a fall of [[30 per cent]] in reports.", "change", "fall"),
        ("Reports decreased by [[6 per cent]].", "change", "fall"),
        ("The budget was cut by [[10 per cent]].", "change", "fall"),
        ("Referrals slumped [[40 per cent]] in the first lockdown.", "change", "fall"),
        ("Forces saw a [[15 per cent]] fall in reports.", "change", "fall"),
        ("Reports fell by [[10 to 20 per cent]].", "change", "fall"),
        # A level, or no direction: unknown direction.
        ("Arrests fell to [[300]] last year.", "level", None),
        ("That is down from [[15]] a day.", "level", None),
        ("There was a fall in the number of arrests to [[300]].", None, None),
        ("Arrests changed by [[5 per cent]].", None, None),
        ("There was a change of [[5 per cent]] in arrests.", None, None),
        ("Arrests have not fallen by [[5 per cent]].", "change", None),
        ("Arrests did not see a [[5 per cent]] rise.", "change", None),
        ("Rather than a fall of [[5 per cent]], arrests rose.", "change", None),
        ("Arrests are expected to fall by [[5 per cent]].", None, None),  # a forecast
        ("Referrals were [[40 per cent]] of the total.", None, None),
        ("Forces use a [[20 per cent]] cut-off for referrals.", None, None),
        ("Helplines were set up by [[40 per cent]] of forces.", None, None),
    ],
)
def test_direction(sentence: str, change: str | None, direction: str | None) -> None:
    reading = read(sentence)
    assert (reading.change.value, reading.direction.value) == (change, direction)


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("Police recorded [[23]] offences every day in 2017/18.", (date(2017, 4, 1), date(2018, 3, 31))),
        ("Police recorded [[23]] offences every day in 2017-18.", (date(2017, 4, 1), date(2018, 3, 31))),
        ("In 2021 police recorded [[23]] offences.", (date(2021, 1, 1), date(2021, 12, 31))),
        (
            "In a single month in 2021, there were over [[400,000]] people.",
            (date(2021, 1, 1), date(2021, 12, 31)),
        ),
        (
            "Police recorded nearly [[9,000]] offences in the year to March 2021.",
            (date(2020, 4, 1), date(2021, 3, 31)),
        ),
        (
            "In the year from March 2021 to the end of February, there were [[17,022]] cases.",
            (date(2021, 3, 1), date(2022, 2, 28)),
        ),
        # Another segment's period does not apply; a date, a month alone or two periods are unknown.
        (
            "There were 23 a day in 2017/18 - up from a rate of around [[15]] a day in the previous "
            "12 months.",
            None,
        ),
        ("There were 23 a day in 2017-18 \u2013 up from [[15]] a day in the previous 12 months.", None),
        (" date 2020-04-03 NCA warns that [[300,000]] people pose a threat.", None),
        ("In March 2021 police recorded [[23]] offences.", None),
        # "between YEAR and YEAR": both years whole; months are not read (the last month may or
        # may not be included).
        ("Between 2019 and 2021 police recorded [[23]] offences.", (date(2019, 1, 1), date(2021, 12, 31))),
        ("Calls went up by [[40%]] between 2015 and 2017.", (date(2015, 1, 1), date(2017, 12, 31))),
        ("Between May 2019 and June 2021 police recorded [[23]] offences.", None),
        (
            "Police made [[90]] arrests between 1 January and 31 December 2019.",
            (date(2019, 1, 1), date(2019, 12, 31)),
        ),
        (
            "Police made [[90]] arrests between 1 April 2018 and 31 March 2020.",
            (date(2018, 4, 1), date(2020, 3, 31)),
        ),
        ("Police made [[90]] arrests between 30 February and 31 March 2020.", None),
        ("Between 2021 and 2019 police recorded [[23]] offences.", None),
        # A financial year written with both years in full.
        ("The force logged [[310]] offences in 2018/2019.", (date(2018, 4, 1), date(2019, 3, 31))),
        ("The force logged [[310]] offences in 2018-2019.", (date(2018, 4, 1), date(2019, 3, 31))),
        ("The force logged [[310]] offences in 2018/2020.", None),
        (
            "Offences went from 290 in 2018/2019 to [[310]] in 2019/2020.",
            (date(2019, 4, 1), date(2020, 3, 31)),
        ),
        (
            "Offences went from [[290]] in 2018/2019 to 310 in 2019/2020.",
            (date(2018, 4, 1), date(2019, 3, 31)),
        ),
        # A list where each number is followed by its own period.
        ("Officers logged [[700]] in 2016/17 and 820 in 2017/18.", (date(2016, 4, 1), date(2017, 3, 31))),
        ("Officers logged 700 in 2016/17 and [[820]] in 2017/18.", (date(2017, 4, 1), date(2018, 3, 31))),
        ("Officers logged [[1,520]] offences, 700 in 2016/17 and 820 in 2017/18.", None),
        ("Officers logged [[700]] and 820 offences in 2016/17 and 2017/18 respectively.", None),
        ("Officers logged 700 and [[820]] offences in 2016/17 and 2017/18 respectively.", None),
        ("Police recorded [[23]] offences last year.", None),
        ("Police recorded [[5,000]] offences in 2020 so far.", None),
        ("Police recorded [[5,000]] offences in 2020 up to the end of June.", None),
        ("In 2020 the NCA said that [[300,000]] people posed a threat.", None),
        ("The NCA said in 2020 that [[300,000]] people posed a threat.", None),
        ("Schools made [[2,000]] referrals in the 2018/19 academic year.", None),
        ("Offences were [[500]] higher than in 2019.", None),
        ("In 2021, police recorded [[500]] offences.", (date(2021, 1, 1), date(2021, 12, 31))),
    ],
)
def test_period(sentence: str, period: tuple[date, date] | None) -> None:
    assert read(sentence).period.value == period


@pytest.mark.parametrize(
    ("sentence", "geography"),
    [
        ("Police in England and Wales recorded [[23]] offences.", "England and Wales"),
        ("There are [[80,000]] people in the UK who pose a threat.", "UK"),
        ("There are [[80,000]] people in the United Kingdom.", "UK"),
        ("There were over [[400,000]] Uk-based people searching.", "UK"),
        ("MORE than [[400,000]] people in Britain searched.", "Great Britain"),
        ("[[400,000]] people in Great Britain searched.", "Great Britain"),
        ("Police in England recorded [[23]] offences.", "England"),
        ("Police in Wales recorded [[23]] offences.", "Wales"),
        ("Police in Scotland recorded [[23]] offences.", "Scotland"),
        ("Police in Northern Ireland recorded [[23]] offences.", "Northern Ireland"),
        ("Police recorded [[23]] offences.", None),
        ("Police in Scotland and Wales recorded [[23]] offences.", None),
        ("Visit Thinkuknow.co.uk, which [[6,000]] schools use.", None),
        ("In England and Wales, police recorded [[23]] offences.", "England and Wales"),
        ("Police Scotland said [[450]] offences were recorded.", None),
        ("NHS England said [[450]] referrals were made.", None),
        ("The Bank of England said [[450]] staff attended.", None),
        ("Police in New South Wales recorded [[450]] offences.", None),
        ("South Wales Police made [[450]] arrests.", "South Wales"),
        ("A spokesman for South Wales Police said [[450]] arrests were made.", None),
        ("The NCA and UK police arrest more than [[500]] offenders.", "UK"),
        ("Police made [[5,000]] arrests worldwide, including 500 in the UK.", None),
    ],
)
def test_geography(sentence: str, geography: str | None) -> None:
    assert read(sentence).geography.value == geography


def test_the_sentence_is_read_not_only_the_quote() -> None:
    """A row's quote can be shortened; the reading still sees the whole sentence around it."""
    text = "Police in England and Wales recorded around 23 offences every day in 2017/18. Next sentence."
    start = text.index("23")
    reading = read_mention(text, start, start + 2)
    assert text[slice(*reading.sentence)] == text[: text.index(" Next")]
    assert (reading.qualifier.value, reading.rate.value, reading.geography.value) == (
        "around",
        "day",
        "England and Wales",
    )


@pytest.mark.parametrize(
    ("text", "written", "date_"),
    [
        ("Published 1 Jul 2020 at 14:32.", "1", True),
        ("Published 1 Jul 2020 at 14:32.", "2020", True),
        ("Published 1 Jul 2020 at 14:32.", "14:32", True),
        ("Police said on September 3rd that", "3", True),
        ("Police said on the 3rd of September that", "3rd", True),
        ("In 2020 the NCA warned of a spike.", "2020", True),
        ("A crackdown saw 131 suspects arrested.", "131", False),
        ("2020 was a year of change.", "2020", True),
        ("2020 arrests were made.", "2020", False),  # it counts the arrests
    ],
)
def test_dates(text: str, written: str, date_: bool) -> None:
    from ukcsa_data.reading.exclusions import is_date

    start = text.index(written)
    assert is_date(text, start, start + len(written)) is date_


@pytest.mark.parametrize(
    ("text", "written", "period"),
    [
        ("Referrals doubled in the last five years.", "five", True),
        ("Over five years, referrals to the charity doubled.", "five", True),
        ("He had worked in counter-terrorism for over 20 years.", "20", False),
        ("The data cover 2020/21.", "2020/21", True),
        ("Arrests were made between 2013 and 2014.", "2013", True),
        ("More than 200 raids were made.", "200", False),
    ],
)
def test_periods(text: str, written: str, period: bool) -> None:
    from ukcsa_data.reading.exclusions import is_period

    start = text.index(written)
    assert is_period(text, start, start + len(written)) is period


@pytest.mark.parametrize(
    ("text", "boilerplate"),
    [
        ("CRIME: Drunk driver caught with three young children in car", True),
        ("READ MORE: 5 things to know", True),
        ("Read more: 5 tips for staying safe online", True),
        ("He said: 350 arrests were made.", False),
        ("UPDATE: Police said 300 people were arrested.", False),
        ("Police Scotland: 300 arrested", False),
    ],
)
def test_boilerplate(text: str, boilerplate: bool) -> None:
    from ukcsa_data.reading.exclusions import is_boilerplate

    start = next(i for i, c in enumerate(text) if c.isdigit() or text.startswith("three", i))
    assert is_boilerplate(text, start, start + 1) is boilerplate


def test_a_text_with_no_full_stop_is_read_in_bounded_time() -> None:
    """Hostile input: one 'sentence' of 500 KB with a figure every 25 characters. Each reading looks
    at most WINDOW characters either side, so 1,000 readings take about half a second in
    total (they took two minutes when the whole sentence was read every time)."""
    import time

    from ukcsa_data.reading.text import WINDOW, sentence_around

    text = " ".join(f"police made {i} arrests" for i in range(20000))
    spans = []
    for i in range(0, 20000, 20):
        at = text.index(f" made {i} arrests") + 6
        spans.append((at, at + len(str(i))))
    started = time.perf_counter()
    readings = [read_mention(text, a, b) for a, b in spans]
    assert time.perf_counter() - started < 20
    middle = spans[len(spans) // 2]
    sentence = sentence_around(text, *middle)
    assert sentence == (middle[0] - WINDOW, middle[1] + WINDOW)
    assert all(r.rate.value == NO_RATE and r.qualifier.value == "exact" for r in readings[1:])


# ---------------------------------------------------------------------------------------------
# Issue 15: periods relative to the publication date, clause boundaries, totals for a period


def read_published(marked: str, published: date | None) -> Reading:
    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    return read_mention(text, start, end, published=published)


MAY_2019 = date(2019, 5, 20)
PAST_12_MONTHS_MAY_2019 = (date(2018, 5, 1), date(2019, 4, 30))
YEAR_2018 = (date(2018, 1, 1), date(2018, 12, 31))


@pytest.mark.parametrize(
    ("sentence", "published", "period"),
    [
        # "the year to March" with no year: the 12 months to the last March before publication.
        (
            "Police recorded [[7,000]] offences in the year to March.",
            MAY_2019,
            (date(2018, 4, 1), date(2019, 3, 31)),
        ),
        (
            "Police recorded [[7,000]] offences in the year to June.",
            MAY_2019,
            (date(2017, 7, 1), date(2018, 6, 30)),
        ),
        ("Police recorded [[7,000]] offences in the year to May.", MAY_2019, None),
        ("Police recorded [[7,000]] offences in the year to March.", None, None),
        # "last year": the calendar year before the year of publication.
        ("Officers recorded [[812]] offences last year.", MAY_2019, YEAR_2018),
        ("Last year, the force recorded [[812]] offences.", MAY_2019, YEAR_2018),
        (
            "Officers recorded [[812]] offences last year.",
            date(2020, 1, 3),
            (date(2019, 1, 1), date(2019, 12, 31)),
        ),
        # "in the past 12 months" and its kin: the 12 full months before the month of publication.
        ("The charity took [[3,100]] calls in the past 12 months.", MAY_2019, PAST_12_MONTHS_MAY_2019),
        ("The charity took [[3,100]] calls over the past year.", MAY_2019, PAST_12_MONTHS_MAY_2019),
        ("In the last year, the charity took [[3,100]] calls.", MAY_2019, PAST_12_MONTHS_MAY_2019),
        ("The charity took [[3,100]] calls in the last twelve months.", MAY_2019, PAST_12_MONTHS_MAY_2019),
        (
            "The charity took [[3,100]] calls in the past 12 months.",
            date(2020, 1, 15),
            (date(2019, 1, 1), date(2019, 12, 31)),
        ),
        # "last month": the calendar month before the month of publication.
        ("The unit charged [[14]] men last month.", MAY_2019, (date(2019, 4, 1), date(2019, 4, 30))),
        (
            "The unit charged [[14]] men last month.",
            date(2020, 1, 9),
            (date(2019, 12, 1), date(2019, 12, 31)),
        ),
        ("The unit charged [[14]] men last month.", date(2020, 3, 9), (date(2020, 2, 1), date(2020, 2, 29))),
        # "from N in YEAR to M last year": each number takes the period of its own part.
        (
            "Reports rose from [[1,200]] in 2014 to 2,900 last year.",
            MAY_2019,
            (date(2014, 1, 1), date(2014, 12, 31)),
        ),
        ("Reports rose from 1,200 in 2014 to [[2,900]] last year.", MAY_2019, YEAR_2018),
        ("Reports rose from [[1,200]] last year to 2,900 in the past 12 months.", MAY_2019, YEAR_2018),
        ("Reports rose from 1,200 in 2014 to [[2,900]] in 2018.", MAY_2019, YEAR_2018),
        # Without a publication date a relative period is unknown; never the other number's period.
        ("Officers recorded [[812]] offences last year.", None, None),
        ("Reports rose from 1,200 in 2014 to [[2,900]] last year.", None, None),
        ("Reports rose from [[1,200]] to 2,900 last year.", MAY_2019, None),
        ("Last year, reports rose from [[1,200]] to 2,900.", MAY_2019, None),
        ("In 2018 reports rose from 1,200 to [[2,900]].", MAY_2019, None),
        # "this year", qualified or unclear relative periods, and dates of statements are unknown.
        ("Officers have recorded [[812]] offences this year.", MAY_2019, None),
        ("Officers have recorded [[812]] offences since last year.", MAY_2019, None),
        ("Officers recorded [[812]] offences in March last year.", MAY_2019, None),
        ("Officers recorded [[812]] offences by the end of last year.", MAY_2019, None),
        ("Last year's report counted [[812]] offences.", MAY_2019, None),
        ("The agency said last year that [[300,000]] people posed a risk.", MAY_2019, None),
        ("Last year, the agency estimated that [[300,000]] people posed a risk.", MAY_2019, None),
        (
            "Officers recorded [[812]] offences last year, up from 700 the previous year.",
            MAY_2019,
            YEAR_2018,
        ),
        ("Officers recorded [[812]] offences in the last year and 90 last week.", MAY_2019, None),
        ("Officers recorded [[812]] offences in 2016 and last year.", MAY_2019, None),
        ("Officers recorded [[812]] offences last year, in 2018.", MAY_2019, YEAR_2018),
        # A preposition does not end the clause that holds the period.
        (
            "[[420]] offences against children were recorded in 2019.",
            None,
            (date(2019, 1, 1), date(2019, 12, 31)),
        ),
        ("[[420]] offences against children were recorded last year.", MAY_2019, YEAR_2018),
        # ... but "against" before another number, "than" and "compared with" still do.
        ("There were [[420]] offences against 380 in 2019.", None, None),
        ("There were [[420]] offences, compared with 380 in 2019.", None, None),
        ("There were [[420]] offences, more than in 2019.", None, None),
        # "reports" counted by the number is a noun, not the verb that dates a statement.
        ("The unit logged [[310]] reports last year.", MAY_2019, YEAR_2018),
        (
            "The unit logged [[310]] reports in the past 12 months.",
            MAY_2019,
            (date(2018, 5, 1), date(2019, 4, 30)),
        ),
        ("The agency reports in 2018 that [[310]] pupils were helped.", MAY_2019, None),
    ],
)
def test_relative_period(sentence: str, published: date | None, period: tuple[date, date] | None) -> None:
    assert read_published(sentence, published).period.value == period


@pytest.mark.parametrize(
    ("sentence", "rate"),
    [
        # A total for a stated period is not a rate.
        ("[[164]] children were safeguarded during the week.", NO_RATE),
        ("During the week, officers safeguarded [[164]] children.", NO_RATE),
        ("The helpline took [[2,300]] calls in the past year.", NO_RATE),
        ("The helpline took [[2,300]] calls over six months.", NO_RATE),
        ("In a single month, the helpline took [[2,300]] calls.", NO_RATE),
        ("The helpline took [[2,300]] calls in just one month last year.", NO_RATE),
        ("Officers arrested [[61]] people during a week of action.", NO_RATE),
        ("Officers arrested [[61]] people in a week of action against abuse.", NO_RATE),
        ("The force recorded [[700]] offences in the year to March 2021.", NO_RATE),
        ("[[420]] offences against children were recorded in the past 12 months.", NO_RATE),
        ("During the recent week of action, [[225]] warrants were executed.", NO_RATE),
        ("The department will spend [[£5 million]] over the following 18 months on the unit.", NO_RATE),
        ("The department will spend [[£5 million]] over the next two years on the unit.", NO_RATE),
        # A rate stated with a period is still read.
        ("[[400]] people are arrested every month in the UK, in 2018.", "month"),
        ("Officers arrest [[40]] men a week during the operation.", "week"),
        (
            "[[Dozens]] of people are arrested for child sexual exploitation (CSE) offences every year.",
            "year",
        ),
        ("[[Dozens]] of people (2019 figures) are arrested every year.", None),
        ("In the past year, police recorded [[23]] offences a day.", "day"),
        ("Police record [[40]] offences against children each day.", "day"),
        # Unknown: an average, a habit, a bare "in a month", another word of time, a rate elsewhere.
        ("On average, [[164]] children were safeguarded during the week.", None),
        ("[[164]] children are typically referred during the week.", None),
        ("The unit made [[40]] arrests in a month.", None),
        ("[[164]] children were safeguarded during the week, most of them aged 12 years.", None),
        ("[[164]] children were safeguarded during the week and 20 more are referred each day.", None),
        ("[[164]] children were referred; during the week the unit closed.", None),
        # A rate reached only across another number, with a total for the week: whose is it?
        ("During the week, officers logged [[9]] offences and 30 more each day.", None),
    ],
)
def test_total_for_a_period_is_not_a_rate(sentence: str, rate: str | None) -> None:
    assert read(sentence).rate.value == rate


@pytest.mark.parametrize(
    ("published", "inferred", "reliable"),
    [
        (date(2019, 5, 20), False, date(2019, 5, 20)),
        (date(2019, 5, 20), True, date(2019, 5, 20)),
        (date(2019, 5, 1), False, date(2019, 5, 1)),
        (date(2019, 5, 1), True, None),
        (date(2019, 5, 31), True, None),
        (date(2020, 2, 29), True, None),
        (None, True, None),
    ],
)
def test_an_inferred_date_at_a_month_end_reads_no_relative_period(
    published: date | None, inferred: bool, reliable: date | None
) -> None:
    assert reliable_publication(published, inferred) == reliable
