"""The number-free words of the generated articles: who says it, what is counted, where, how
often, the filler lines and page furniture. None of these strings may contain a numeric token
(:func:`check_vocabulary`, run before every package is written).

The property strategies draw from the same tables (``tests/properties/sentence_parts.py``).
"""

from __future__ import annotations

from ukcsa_data.text.tokens import numeric_tokens

NBSP = "\u00a0"

SUBJECTS = (
    ("The National Crime Agency said", "National Crime Agency"),
    ("Police said", "police forces"),
    ("The Home Office said", "Home Office"),
    ("A report by the charity found that", "the charity (report)"),
    ("Officials estimate that", ""),
    ("Figures published this week show that", ""),
    ("The agency warned that", "National Crime Agency"),
    ("According to the inspectorate,", "the inspectorate"),
    ("The minister told MPs that", "the minister"),
    ("Campaigners say", "campaigners"),
)
GEOGRAPHIES = (
    (" in the UK", "UK"),
    (" in Britain", "Great Britain"),
    (" in Great Britain", "Great Britain"),
    (" in England and Wales", "England and Wales"),
    ("", ""),
    ("", ""),
)
# unit -> (noun, predicates, measure template)
POPULATION_UNITS = {
    "people": (
        "people",
        ("pose a sexual threat to children", "viewed abuse material online", "were referred to the helpline"),
        "people who {p}",
    ),
    "children": (
        "children",
        ("were safeguarded", "were identified as victims", "were referred for support"),
        "children who {p}",
    ),
    "suspects": ("suspects", ("were arrested", "were interviewed under caution"), "suspects who {p}"),
    "offenders": ("offenders", ("were convicted", "were managed by police"), "offenders who {p}"),
}
COUNT_UNITS = {
    "arrests": ("arrests", ("were made", "followed the operation"), "arrests that {p}"),
    "raids": ("raids", ("were carried out", "took place"), "raids that {p}"),
    "offences": ("offences", ("were recorded by police", "involved the internet"), "offences that {p}"),
    "cases": ("cases", ("were passed to local forces", "were closed without charge"), "cases that {p}"),
    "organisations": (
        "organisations",
        ("signed up to the scheme", "shared data with police"),
        "organisations that {p}",
    ),
    "clicks": ("clicks", ("were made on warning pages",), "clicks that {p}"),
}
PERS = (
    (" a day", "day"),
    (" every day", "day"),
    (" a week", "week"),
    (" each week", "week"),
    (" a month", "month"),
    (" every month", "month"),
    (" a year", "year"),
    (" each year", "year"),
)
QUALIFIER_WORDS = {
    "exact": ("",),
    "at_least": ("at least ",),
    "more_than": ("more than ", "over "),
    "up_to": ("up to ",),
    "under": ("under ", "fewer than "),
    "around": ("around ", "about ", "roughly "),
    "almost": ("almost ", "nearly "),
}
SINGLE_QUALIFIERS = ("exact",) * 6 + ("at_least", "more_than", "up_to", "under", "around", "almost")
PERCENT_LEVEL_THINGS = (
    ("of the cases involved images shared online", "share of cases that involved images shared online"),
    ("of victims knew their abuser", "share of victims who knew their abuser"),
    ("of reports came from the public", "share of reports that came from the public"),
    ("of offenders were known to police", "share of offenders known to police"),
)
PERCENT_CHANGE_THINGS = (
    ("referrals of abuse images", "increase in referrals of abuse images"),
    ("reports to the helpline", "increase in reports to the helpline"),
    ("recorded online offences", "increase in recorded online offences"),
    ("requests for support", "increase in requests for support"),
)
GBP_THINGS = (
    ("in a new online investigation unit", "government investment in a new online investigation unit"),
    ("in software that finds abuse images", "investment in software that finds abuse images"),
    ("in support for victims", "funding for support for victims"),
)
DURATION_SENTENCES = {
    "minutes": (
        "it takes {v} minutes to find abuse material on open websites",
        "minutes it takes to find abuse material on open websites",
        1,
        1440,
    ),
    "months": (
        "investigations now take {v} months on average",
        "average length of an investigation in months",
        1,
        240,
    ),
    "years": (
        "the officer had worked in child protection for {v} years",
        "years an officer had worked in child protection",
        1,
        60,
    ),
    "age_years": ("children aged {v} were the most at risk", "age of the children most at risk", 1, 18),
}
FILLER = (
    "The agency said it was working with partners across the country to protect children.",
    "Officers stressed that the threat was growing and changing.",
    "A spokesperson said the findings were deeply worrying.",
    "The government said tackling the threat was a priority.",
    "Charities welcomed the announcement but called for more funding.",
    "The report also looked at how offenders use encrypted apps.",
    "The Home Secretary described the problem as \u2018a national emergency\u2019.",
    "\u201cWe will not rest until every child is safe,\u201d the director said.",
    "Technology companies were urged to do more to remove abuse material.",
    "Parents were advised to talk to their children about staying safe online.",
    f"The figures were published on Monday{NBSP}morning.",
    "Critics said the response had been too slow.",
)
HEADLINE_A = ("Agency warns of", "Police report", "New figures reveal", "Minister highlights", "Report shows")
HEADLINE_B = (
    "growing online threat to children",
    "record levels of abuse referrals",
    "rise in arrests of online offenders",
    "scale of child abuse online",
    "pressure on child protection teams",
)
PUBLISHERS = (
    "The Daily Synthetic",
    "Synthetic Gazette",
    "The Example Herald",
    "Placeholder News",
    "The Test Chronicle",
    "Sample Evening Post",
)
AUTHORS = ("", "", "Alex Example", "Sam Placeholder", "Jo Synthetic")
BOILERPLATE = (
    ("READ MORE: Three people hurt in crash on the M1", ("Three", "M1")),
    ("READ MORE: Two men arrested after burglary in Barnsley", ("Two",)),
    ("READ MORE: Police appeal after A61 closed for hours", ("A61",)),
    ("POLICE: Seven officers praised for bravery", ("Seven",)),
)
NAME_LINES = (
    ("Officers said the Covid 19 pandemic had changed how offenders operate.", "Covid 19"),
    ("The unit was set up in the wake of Covid-19 restrictions.", "Covid-19"),
    ("Detectives from Operation Ninety Nine were involved.", "Ninety Nine"),
)
NOT_QUANTITY_LINES = (
    ("One officer said the work was the hardest of his career.", "One"),
    ("\u201cOne of the worst cases I have seen,\u201d a detective said.", "One"),
)
SINGLE_LINES = (("In a single week, officers visited homes across the region.", "a single"),)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

VAGUE_PERIODS = (" over the last five years", " in the past three years", " over the previous two years")


def check_vocabulary() -> None:
    """Fail loudly if a string of the vocabulary holds a numeric token."""
    texts: list[str] = [s for s, _ in SUBJECTS] + [g for g, _ in GEOGRAPHIES] + [p for p, _ in PERS]
    for table in (POPULATION_UNITS, COUNT_UNITS):
        for noun, predicates, measure in table.values():
            texts += [noun, *predicates, measure]
    for words in QUALIFIER_WORDS.values():
        texts += list(words)
    for group in (PERCENT_LEVEL_THINGS, PERCENT_CHANGE_THINGS, GBP_THINGS):
        for a, b in group:
            texts += [a, b]
    for template, measure, _, _ in DURATION_SENTENCES.values():
        texts += [template.replace("{v}", ""), measure]
    texts += list(FILLER) + list(HEADLINE_A) + list(HEADLINE_B) + list(MONTHS) + list(WEEKDAYS)
    bad = [t for t in texts if numeric_tokens(t)]
    if bad:
        raise SystemExit(f"generator vocabulary contains numeric tokens: {bad}")
