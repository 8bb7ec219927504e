"""Catalogue, layer 8: words. Each case is an edit of the shipped package that is well formed but
says something the article's words do not (or an exclusion that is not what its reason says), and
must fail on the right line and field, quoting the words and naming the fix. Waivers silence a
finding only where they match it, and a waiver that silences nothing fails.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from catalogue import EXCLUSIONS, FIGURES, PLAIN, RELATIONS, Expect, Pkg, case, encode_row, layer_test

from ukcsa_data.validation.runner import validate_package

WAIVERS = "dataset/waivers.csv"


def _qualifier(pkg: Pkg, figure_id: str, value: str, *words: str) -> list[Expect]:
    line = pkg.set_figure(figure_id, "qualifier", value)
    return [Expect(FIGURES, line, "qualifier", "qualifier-words", words)]


@case("l8-qualifier-at-least-recorded-exact", "qualifier-words")
def _(pkg: Pkg) -> list[Expect]:
    waive = 'to waive: add to dataset/waivers.csv the row figures,fig-0022,qualifier-words,"<your reason>"'
    return _qualifier(pkg, "fig-0022", "exact", '"at least 300,000"', "use at_least", waive)


@case("l8-qualifier-bound-no-words-give", "qualifier-unstated")
def _(pkg: Pkg) -> list[Expect]:
    # "in just three clicks": no words near the number give a lower bound.
    line = pkg.set_figure("fig-0024", "qualifier", "at_least")
    words = ("qualifier is at_least", "just three clicks", "state no such bound", "use exact")
    return [Expect(FIGURES, line, "qualifier", "qualifier-unstated", words)]


@case("l8-qualifier-bound-given-in-the-words-of-an-unread-phrase")
def _(pkg: Pkg) -> list[Expect]:
    # "children under 10 more regularly documented": the reading right next to the number is
    # unknown, but "under" near it gives a bound of that kind, so the unstated check is silent.
    pkg.set_figure("fig-0017", "qualifier", "up_to")
    return []


@case("l8-qualifier-more-than-recorded-exact", "qualifier-words")
def _(pkg: Pkg) -> list[Expect]:
    return _qualifier(pkg, "fig-0011", "exact", '"More than 200"', "use more_than")


@case("l8-qualifier-minimum-in-quotation-marks-recorded-around", "qualifier-words")
def _(pkg: Pkg) -> list[Expect]:
    return _qualifier(pkg, "fig-0023", "around", "minimum", "use at_least")


@case("l8-qualifier-up-from-is-not-up-to", "qualifier-words")
def _(pkg: Pkg) -> list[Expect]:
    # "up from 15 a day": 15 is the earlier level, stated without a qualifier.
    return _qualifier(pkg, "fig-0019", "up_to", '"up from 15"', "no qualifier", "use exact")


@case("l8-per-empty-for-each-month", "per-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0025", "per", "")
    return [Expect(FIGURES, line, "per", "per-words", ("per is empty", "each month", "use month"))]


@case("l8-per-week-for-each-month", "per-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0040", "per", "week")
    return [Expect(FIGURES, line, "per", "per-words", ("per is week", "every month", "use month"))]


@case("l8-per-month-for-every-day", "per-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0008", "per", "month")
    return [Expect(FIGURES, line, "per", "per-words", ("every day", "use day"))]


@case("l8-per-set-where-the-sentence-states-no-rate", "per-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "per", "week")  # "A week-long crackdown ... saw 131 suspects arrested"
    return [Expect(FIGURES, line, "per", "per-words", ("states no rate", "leave per empty"))]


@case("l8-per-set-on-a-total-for-a-single-month", "per-words")
def _(pkg: Pkg) -> list[Expect]:
    # "In a single month in 2021, there were over 400,000 ...": a total for that month, not a rate.
    line = pkg.set_figure("fig-0035", "per", "month")
    words = ("per is month", "a total for a period", "In a single month", "not a rate: leave per empty")
    return [Expect(FIGURES, line, "per", "per-words", words)]


def _period(pkg: Pkg, figure_id: str, start: str, end: str) -> int:
    pkg.set_figure(figure_id, "period_start", start)
    return pkg.set_figure(figure_id, "period_end", end)


@case("l8-period-last-year-recorded-as-another-year", "period-words")
def _(pkg: Pkg) -> list[Expect]:
    # "... in just one month last year", in an article published on 2022-05-01: last year is 2021.
    line = _period(pkg, "fig-0034", "2019-01-01", "2019-12-31")
    words = ("2019-01-01 to 2019-12-31", "last year", "published 2022-05-01", "period_start 2021-01-01")
    return [Expect(FIGURES, line, "period_start", "period-words", words)]


@case("l8-period-last-year-left-empty", "period-words")
def _(pkg: Pkg) -> list[Expect]:
    line = _period(pkg, "fig-0034", "", "")
    words = ("the period is empty", "last year", "period_end 2021-12-31")
    return [Expect(FIGURES, line, "period_start", "period-words", words)]


@case("l8-period-last-year-as-the-latest-year-of-figures")
def _(pkg: Pkg) -> list[Expect]:
    # The press also says "last year" of the latest 12 months of figures: a row period of about a
    # year that overlaps 2021 is accepted.
    _period(pkg, "fig-0034", "2021-03-01", "2022-02-28")
    return []


@case("l8-period-last-year-unknown-for-an-inferred-date-on-the-first-of-a-month")
def _(pkg: Pkg) -> list[Expect]:
    # An inferred date may be a day off: on 1 May 2022 "last year" could be read from 30 April
    # or 1 May, the same year, but a day-1 date is treated as unknown to the month, and so is
    # every relative period read from it.
    source = pkg.find_line("sources", source_id="sunday-express-2022")
    pkg.set_cell("sources", source, "date_basis", "inferred")
    _period(pkg, "fig-0034", "2019-01-01", "2019-12-31")
    return []


@case("l8-period-of-another-financial-year", "period-words")
def _(pkg: Pkg) -> list[Expect]:
    pkg.set_figure("fig-0008", "period_start", "2015-04-01")
    line = pkg.set_figure("fig-0008", "period_end", "2016-03-31")
    words = ("2015-04-01 to 2016-03-31", "in 2017/18", "period_start 2017-04-01 and period_end 2018-03-31")
    return [
        Expect(FIGURES, line, "period_start", "period-words", words),
    ]


def _reword(pkg: Pkg, source: str, old: str, new: str) -> None:
    """``old`` made ``new`` in the seed of ``source`` (first occurrence), its hash kept in step."""
    seed = pkg.seed_of(source)
    raw = pkg.text(seed).replace(old, new, 1).encode("utf-8")
    pkg.write(seed, raw)
    pkg.set_cell(
        "sources", pkg.find_line("sources", source_id=source), "sha256", hashlib.sha256(raw).hexdigest()
    )


@case("l8-period-of-another-financial-year-written-in-full", "period-words")
def _(pkg: Pkg) -> list[Expect]:
    # "every day in 2017/2018": a financial year with both years in full, 1 April to 31 March.
    _reword(pkg, "sheffield-telegraph-2018", "every day in 2017/18", "every day in 2017/2018")
    quote = pkg.cell("figures", pkg.find_line("figures", figure_id="fig-0008"), "quote")
    pkg.set_figure("fig-0008", "quote", quote.replace("2017/18", "2017/2018"))
    excluded = pkg.find_line("exclusions", source_id="sheffield-telegraph-2018", text="2017/18")
    pkg.set_cell("exclusions", excluded, "text", "2017/2018")
    pkg.set_cell("exclusions", excluded, "quote", "every day in 2017/2018")
    pkg.set_figure("fig-0008", "period_start", "2016-04-01")
    line = pkg.set_figure("fig-0008", "period_end", "2017-03-31")
    words = ("2016-04-01 to 2017-03-31", "in 2017/2018", "period_start 2017-04-01 and period_end 2018-03-31")
    return [Expect(FIGURES, line, "period_start", "period-words", words)]


@case("l8-period-of-the-year-from-march", "period-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0037", "period_start", "2021-04-01")
    words = ("year from March 2021 to the end of February", "period_start 2021-03-01")
    return [Expect(FIGURES, line, "period_start", "period-words", words)]


@case("l8-geography-uk-for-england-and-wales", "geography-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0008", "geography", "UK")
    return [
        Expect(
            FIGURES, line, "geography", "geography-words", ('"England and Wales"', "use England and Wales")
        ),
    ]


@case("l8-geography-empty-where-the-sentence-names-one", "geography-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0034", "geography", "")
    return [
        Expect(FIGURES, line, "geography", "geography-words", ("is empty", '"Britain"', "use Great Britain")),
    ]


@case("l8-geography-the-article-never-names", "geography-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "geography", "Great Britain")
    return [Expect(FIGURES, line, "geography", "geography-words", ("never names", "leave geography empty"))]


@case("l8-geography-named-only-elsewhere-is-a-warning")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "geography", "UK")
    return [
        Expect(FIGURES, line, "geography", "geography-elsewhere", ("only elsewhere",), severity="warning")
    ]


@case("l8-change-recorded-as-level", "change-words")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure("fig-0036", "measure_type", "level")
    return [
        Expect(FIGURES, line, "measure_type", "change-words", ('"rose by almost 20 per cent"', "use change"))
    ]


@case("l8-change-sign-of-a-rise-recorded-negative", "change-sign")
def _(pkg: Pkg) -> list[Expect]:
    # "rose by almost 20 per cent" recorded as -20: the words say so, and the relation that
    # recomputes it from 14,260 and 17,022 warns.
    line = pkg.set_figure("fig-0036", "value", "-20")
    words = ("value is -20", '"rose by almost 20 per cent"', "a rise is positive", "use 20")
    return [
        Expect(FIGURES, line, "value", "change-sign", words),
        Expect(RELATIONS, 2, "result_figure_id", "relation-mismatch", severity="warning"),
    ]


@case("l8-change-sign-of-a-fall-recorded-positive", "change-sign")
def _(pkg: Pkg) -> list[Expect]:
    # The copy's seed says the cases "fell by almost 20 per cent" (same length, quote and checksum
    # updated); the row still records +20.
    import hashlib

    seed = pkg.seed_of("sunday-express-2022")
    pkg.replace_text(seed, "rose by almost 20 per cent", "fell by almost 20 per cent")
    pkg.set_cell(
        "sources",
        pkg.find_line("sources", source_id="sunday-express-2022"),
        "sha256",
        hashlib.sha256(pkg.read(seed)).hexdigest(),
    )
    quote = pkg.cell("figures", pkg.find_line("figures", figure_id="fig-0036"), "quote")
    line = pkg.set_figure("fig-0036", "quote", quote.replace("rose by", "fell by"))
    words = ("value is 20", '"fell by almost 20 per cent"', "a fall is negative", "use -20")
    return [Expect(FIGURES, line, "value", "change-sign", words)]


@case("l8-pound-sign-left-out-of-value-text", "unit-words")
def _(pkg: Pkg) -> list[Expect]:
    # "invested £600,000" recorded as 600,000 people: value_text alone no longer shows the £.
    pkg.set_figure("fig-0020", "value_text", "600,000")
    line = pkg.set_figure("fig-0020", "unit", "people")
    return [Expect(FIGURES, line, "unit", "unit-words", ('"£600,000"', "use GBP"))]


@case("l8-geography-a-region-for-a-sentence-naming-england-and-wales", "geography-words")
def _(pkg: Pkg) -> list[Expect]:
    # A region of the code list is a valid geography, but not the area these words name.
    line = pkg.set_figure("fig-0008", "geography", "North West")
    words = ("geography is North West", '"England and Wales"', "use England and Wales")
    return [Expect(FIGURES, line, "geography", "geography-words", words)]


@case("l8-unit-other-than-the-noun-after-the-number", "unit-noun")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "unit", "arrests")  # "saw 131 suspects arrested"
    return [Expect(FIGURES, line, "unit", "unit-noun", ("unit is arrests", '"131 suspects"', "use suspects"))]


@case("l8-unit-noun-read-through-modifiers", "unit-noun")
def _(pkg: Pkg) -> list[Expect]:
    # "arrest more than 500 child sex offenders": "child" and "sex" are modifiers of "offenders".
    line = pkg.set_figure("fig-0025", "unit", "people")
    words = ("unit is people", '"500 child sex offenders"', "use offenders")
    return [Expect(FIGURES, line, "unit", "unit-noun", words)]


def _cover_plain_with_exclusion(pkg: Pkg, text: str, reason: str) -> int:
    """Remove the figure "saw 131 suspects arrested" and cover its number with an exclusion."""
    figures = pkg.lines("figures")
    figures.pop(pkg.find_line("figures", figure_id=PLAIN) - 1)
    pkg.write_lines("figures", figures)
    lines = pkg.lines("exclusions")
    lines.append(encode_row(["sheffield-telegraph-2018", text, "saw 131 suspects arrested", "1", reason]))
    pkg.write_lines("exclusions", lines)
    return len(lines)


@case("l8-exclusion-date-that-is-a-count", "exclusion-date")
def _(pkg: Pkg) -> list[Expect]:
    line = _cover_plain_with_exclusion(pkg, "131", "date")
    return [Expect(EXCLUSIONS, line, "reason", "exclusion-date", ("reason is date", 'saw 131 suspects"'))]


@case("l8-exclusion-period-that-is-a-count", "exclusion-period")
def _(pkg: Pkg) -> list[Expect]:
    line = _cover_plain_with_exclusion(pkg, "131", "period")
    return [
        Expect(EXCLUSIONS, line, "reason", "exclusion-period", ("reason is period", "record it as a figure"))
    ]


@case("l8-exclusion-name-that-is-a-count", "exclusion-name")
def _(pkg: Pkg) -> list[Expect]:
    line = _cover_plain_with_exclusion(pkg, "saw 131", "name")
    return [Expect(EXCLUSIONS, line, "text", "exclusion-name", ('"saw 131"', "not a capitalised name"))]


@case("l8-exclusion-name-without-the-name", "exclusion-name")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.find_line("exclusions", source_id="deeside-2020", quote="the Covid 19 crisis")
    pkg.set_cell("exclusions", line, "text", "19")
    return [Expect(EXCLUSIONS, line, "text", "exclusion-name", ('text "19"',))]


@case("l8-exclusion-not-a-quantity-in-digits", "exclusion-not-a-quantity")
def _(pkg: Pkg) -> list[Expect]:
    line = _cover_plain_with_exclusion(pkg, "131", "not_a_quantity")
    return [Expect(EXCLUSIONS, line, "reason", "exclusion-not-a-quantity", ("digits are always a quantity",))]


@case("l8-exclusion-not-a-quantity-that-counts-clicks", "exclusion-not-a-quantity")
def _(pkg: Pkg) -> list[Expect]:
    figures = pkg.lines("figures")
    figures.pop(pkg.find_line("figures", figure_id="fig-0024") - 1)
    pkg.write_lines("figures", figures)
    lines = pkg.lines("exclusions")
    lines.append(encode_row(["deeside-2020", "three", "in just three clicks", "1", "not_a_quantity"]))
    pkg.write_lines("exclusions", lines)
    return [Expect(EXCLUSIONS, len(lines), "reason", "exclusion-not-a-quantity", ("plural noun",))]


@case("l8-exclusion-boilerplate-in-the-body", "exclusion-boilerplate")
def _(pkg: Pkg) -> list[Expect]:
    line = _cover_plain_with_exclusion(pkg, "131", "boilerplate")
    return [Expect(EXCLUSIONS, line, "reason", "exclusion-boilerplate", ("no link label",))]


def _exclude_in_new_sentence(pkg: Pkg, sentence: str, *rows: tuple[str, str]) -> list[int]:
    """Append ``sentence`` (a line) to the seed of sheffield-telegraph-2018, recording the seed's new
    sha256, and cover its numbers with exclusions (text, reason) quoting it; return their lines."""
    source = "sheffield-telegraph-2018"
    seed = pkg.seed_of(source)
    raw = (pkg.text(seed).rstrip("\n") + "\n" + sentence + "\n").encode("utf-8")
    pkg.write(seed, raw)
    pkg.set_cell(
        "sources", pkg.find_line("sources", source_id=source), "sha256", hashlib.sha256(raw).hexdigest()
    )
    lines = pkg.lines("exclusions")
    lines += [encode_row([source, text, sentence, "1", reason]) for text, reason in rows]
    pkg.write_lines("exclusions", lines)
    return list(range(len(lines) - len(rows) + 1, len(lines) + 1))


@case("l8-exclusion-age-recorded-as-a-period", "exclusion-age")
def _(pkg: Pkg) -> list[Expect]:
    # "a four-year-old" is an age, a figure: not the period "four years".
    (line,) = _exclude_in_new_sentence(
        pkg, "A four-year-old girl was among those helped.", ("four", "period")
    )
    words = (
        "reason is period",
        '"A four-year-old girl"',
        "an age is a figure, not a period",
        "unit age_years",
    )
    return [Expect(EXCLUSIONS, line, "reason", "exclusion-age", words)]


@case("l8-exclusion-age-after-aged-recorded-as-a-date", "exclusion-age")
def _(pkg: Pkg) -> list[Expect]:
    (line,) = _exclude_in_new_sentence(pkg, "The boy, aged 12, was spoken to.", ("12", "date"))
    return [Expect(EXCLUSIONS, line, "reason", "exclusion-age", ("reason is date", "aged 12", "not a date"))]


@case("l8-exclusion-place-counts-recorded-as-names", "exclusion-place-count")
def _(pkg: Pkg) -> list[Expect]:
    sentence = "Arrests by force: Merseyside 70, Cheshire 45 and Lancashire 30."
    pairs = [
        (f"{place} {n}", "name") for place, n in (("Merseyside", 70), ("Cheshire", 45), ("Lancashire", 30))
    ]
    lines = _exclude_in_new_sentence(pkg, sentence, *pairs)
    return [
        Expect(
            EXCLUSIONS,
            line,
            "reason",
            "exclusion-place-count",
            (f'"{text}"', "a count is a figure, not a name"),
        )
        for line, (text, _) in zip(lines, pairs, strict=True)
    ]


@case("l8-exclusions-of-times-contacts-and-datelines-are-valid")
def _(pkg: Pkg) -> list[Expect]:
    # The reasons time and contact, and a dateline's date and time: no finding on correct rows.
    _exclude_in_new_sentence(
        pkg,
        "Updated: 14:35, 2 Sep 2018. Call Childline on 0800 1111 from 9pm, or 999 in an emergency.",
        ("14:35", "time"),
        ("2 Sep 2018", "date"),
        ("0800 1111", "contact"),
        ("9pm", "time"),
        ("999", "contact"),
    )
    return []


@case("l8-exclusions-of-dates-that-bound-a-period-are-valid")
def _(pkg: Pkg) -> list[Expect]:
    # A date range as one exclusion, two days of one month, a date after "since", "N years ago".
    _exclude_in_new_sentence(
        pkg,
        "Checks ran between 1 January and 31 December 2017, on September 12 and 13, since May 1, "
        "and first began twenty years ago.",
        ("1 January and 31 December 2017", "period"),
        ("September 12 and 13", "date"),
        ("May 1", "period"),
        ("twenty", "date"),
    )
    return []


def _add_waiver(pkg: Pkg, *cells: str) -> int:
    lines = pkg.lines("waivers")
    lines.append(encode_row(list(cells)))
    pkg.write_lines("waivers", lines)
    return len(lines)


@case("l8-waiver-silences-a-finding")
def _(pkg: Pkg) -> list[Expect]:
    pkg.set_figure("fig-0022", "qualifier", "exact")
    _add_waiver(pkg, "figures", "fig-0022", "qualifier-words", "A reviewed exception, for this test only.")
    return []


@case("l8-waiver-removed-so-the-warning-shows")
def _(pkg: Pkg) -> list[Expect]:
    lines = pkg.lines("waivers")
    line = next(n for n in range(2, len(lines) + 1) if pkg.cell("waivers", n, "key") == "fig-0001")
    lines.pop(line - 1)
    pkg.write_lines("waivers", lines)
    figure = pkg.find_line("figures", figure_id="fig-0001")
    return [Expect(FIGURES, figure, "geography", "geography-elsewhere", severity="warning")]


@case("l8-waiver-that-silences-nothing", "waiver-stale")
def _(pkg: Pkg) -> list[Expect]:
    line = _add_waiver(pkg, "figures", PLAIN, "qualifier-words", "The qualifier check passes on this row.")
    return [Expect(WAIVERS, line, "key", "waiver-stale", ("silences nothing", "remove it"))]


@case("l8-waiver-for-no-row", "waiver-stale")
def _(pkg: Pkg) -> list[Expect]:
    line = _add_waiver(pkg, "figures", "fig-9999", "per-words", "A waiver whose figure does not exist.")
    return [Expect(WAIVERS, line, "key", "waiver-stale", ("no figures row has the key 'fig-9999'",))]


@case("l8-waiver-for-a-code-that-cannot-be-waived", "waiver-code")
def _(pkg: Pkg) -> list[Expect]:
    line = _add_waiver(pkg, "figures", PLAIN, "quote-not-found", "Quotes must always be found in the seed.")
    return [Expect(WAIVERS, line, "code", "waiver-code", ("quote-not-found cannot be waived",))]


@case("l8-words-still-checked-on-a-row-with-a-field-missing", "required", "qualifier-words")
def _(pkg: Pkg) -> list[Expect]:
    # As a drafted row: measure still empty. The qualifier check reads qualifier only, so it runs.
    line = pkg.set_figure("fig-0022", "measure", "")
    pkg.set_figure("fig-0022", "qualifier", "exact")
    return [
        Expect(FIGURES, line, "measure", "required"),
        Expect(FIGURES, line, "qualifier", "qualifier-words", ('"at least 300,000"', "use at_least")),
    ]


@case("l8-waiver-kept-while-its-field-is-invalid", "foreign-key")
def _(pkg: Pkg) -> list[Expect]:
    # fig-0001's geography-elsewhere is waived; with geography invalid the rule cannot run, and
    # its waiver is not reported as silencing nothing.
    line = pkg.set_figure("fig-0001", "geography", "Atlantis")
    return [Expect(FIGURES, line, "geography", "foreign-key", ('"Atlantis"', "dataset/areas.csv"))]


@pytest.mark.parametrize("table", ["figures", "exclusions"])
def test_the_waiver_row_a_message_offers_silences_it(table: str, package_copy: Path) -> None:
    """The row a word check's message offers, added to waivers.csv with a reason, silences that
    finding and nothing else (the package is valid again)."""
    pkg = Pkg(package_copy)
    if table == "figures":
        pkg.set_figure("fig-0022", "qualifier", "exact")
    else:
        _cover_plain_with_exclusion(pkg, "131", "boilerplate")
    [problem] = validate_package(package_copy).errors
    offered = problem.message.split("; to waive: add to dataset/waivers.csv the row ", 1)[1]
    assert offered.startswith(f"{table},") and offered.endswith(',"<your reason>"')
    lines = pkg.lines("waivers")
    lines.append(offered.replace("<your reason>", "A reviewed exception, for this test only."))
    pkg.write_lines("waivers", lines)
    assert validate_package(package_copy).valid


test_broken_package = layer_test(__name__)
