"""Catalogue, layer 5 against hostile input: numbers in any script, bidi controls, seed limits."""

from __future__ import annotations

import hashlib
from pathlib import Path

from catalogue import FIGURES, PLAIN, SOURCES, Expect, Pkg, case, encode_row, layer_test, parse_row

from ukcsa_data.core import limits
from ukcsa_data.validation.runner import validate_package

SOURCE = "sheffield-telegraph-2018"


def append_to_seed(pkg: Pkg, source_id: str, text: str) -> tuple[str, int]:
    """Append ``text`` to the seed of ``source_id`` (and update its sha256 in sources.csv); return
    the seed's path and the line on which ``text`` starts."""
    seed = pkg.seed_of(source_id)
    old = pkg.read(seed).decode("utf-8")
    old += "" if old.endswith("\n") else "\n"
    set_seed(pkg, source_id, old + text)
    return seed, old.count("\n") + 1


def set_seed(pkg: Pkg, source_id: str, text: str) -> None:
    """Write the seed of ``source_id`` and record its new sha256, as if it had been re-added."""
    raw = text.encode("utf-8")
    pkg.write(pkg.seed_of(source_id), raw)
    line = pkg.find_line("sources", source_id=source_id)
    pkg.set_cell("sources", line, "sha256", hashlib.sha256(raw).hexdigest())


def add_source(pkg: Pkg, source_id: str, seed_file: str) -> None:
    """A row of sources.csv for ``seed_file`` (a copy of the first source's row); the seed's sha256
    is left empty when the file is not to be read."""
    lines = pkg.lines("sources")
    cells = parse_row(lines[1])
    header = pkg.header("sources")
    cells[header.index("source_id")] = source_id
    cells[header.index("seed_file")] = seed_file
    path = pkg.root / seed_file
    size = path.stat().st_size
    cells[header.index("sha256")] = (
        hashlib.sha256(path.read_bytes()).hexdigest() if size < 1 << 20 else "0" * 64
    )
    pkg.write_lines("sources", [*lines, encode_row(cells)])


@case("l5-full-width-digits-uncovered", "token-uncovered")
def _(pkg: Pkg) -> list[Expect]:
    # Full-width digits are a number too: a figure or an exclusion must account for them.
    seed, line = append_to_seed(pkg, SOURCE, "Police say \uff18\uff10,\uff10\uff10\uff10 men were named.\n")
    return [Expect(seed, line, None, "token-uncovered", ('"\uff18\uff10,\uff10\uff10\uff10"',))]


@case("l5-arabic-indic-digits-uncovered", "token-uncovered")
def _(pkg: Pkg) -> list[Expect]:
    seed, line = append_to_seed(pkg, SOURCE, "A further \u0668\u0660 were named.\n")
    return [Expect(seed, line, None, "token-uncovered", ('"\u0668\u0660"',))]


@case("l5-bidi-override-over-a-figure", "bidi-control")
def _(pkg: Pkg) -> list[Expect]:
    # U+202E (right-to-left override) before the quote makes the digits after it display in
    # reverse order ("0001" as "1000"), so the article would not show the number recorded. The
    # quote and value_text are unchanged (a cell cannot hold the control: control-character).
    seed = pkg.seed_of(SOURCE)
    text = pkg.read(seed).decode("utf-8")
    assert text.count("saw 131 suspects arrested") == 1
    set_seed(pkg, SOURCE, text.replace("saw 131 suspects arrested", "\u202esaw 131 suspects arrested\u202c"))
    line = pkg.find_line("figures", figure_id=PLAIN)
    return [
        Expect(FIGURES, line, "value_text", "bidi-control", ("RIGHT-TO-LEFT OVERRIDE", "\\u202e", "0001"))
    ]


@case("l5-seeds-too-large-together", "seeds-too-large")
def _(pkg: Pkg) -> list[Expect]:
    # Nine sparse seeds, each under the limit for one seed, together over the limit for all: none
    # is read (sizes are checked first), so nothing is said about quotes or coverage.
    each = limits.DEFAULTS.seed_bytes - 1
    for number in range(limits.DEFAULTS.seeds_bytes // each + 1):
        name = f"seeds/9{number:02d}_big.txt"
        with (pkg.root / name).open("wb") as handle:
            handle.truncate(each)
        add_source(pkg, f"big-{number}", name)
    return [Expect(SOURCES, None, "seed_file", "seeds-too-large", ("all seeds together", "no seed was read"))]


@case("l5-seed-with-too-many-tokens", "too-many-tokens")
def _(pkg: Pkg) -> list[Expect]:
    name = "seeds/900_numbers.txt"
    (pkg.root / name).write_bytes(b"7 " * (limits.DEFAULTS.seed_tokens + 1))
    add_source(pkg, "numbers-only", name)
    return [Expect(name, None, None, "too-many-tokens", (f"{limits.DEFAULTS.seed_tokens:,}",))]


@case("l5-seeds-with-too-many-tokens-together", "too-many-tokens")
def _(pkg: Pkg) -> list[Expect]:
    # Twenty articles of 99,999 one-digit numbers each, every one under the limit of one seed,
    # with the shipped seeds over the limit for all seeds together: counted as they are read, and
    # reading stops there; no quote or coverage is checked (nothing else is said about them).
    each = limits.DEFAULTS.seed_tokens - 1
    count = limits.DEFAULTS.seeds_tokens // each
    for number in range(count):
        name = f"seeds/9{number:02d}_numbers.txt"
        (pkg.root / name).write_bytes(b"7 " * each)
        add_source(pkg, f"numbers-{number}", name)
    return [
        Expect(
            SOURCES,
            None,
            "seed_file",
            "too-many-tokens",
            (f"{limits.DEFAULTS.seeds_tokens:,} numeric tokens together", "no quote or coverage"),
        )
    ]


@case("l5-value-text-over-the-limit", "value-text-unparseable")
def _(pkg: Pkg) -> list[Expect]:
    # The schema's maxLength removed, a value_text of 300 characters is refused before parsing.
    pkg.edit_schema_field("figures", "value_text", constraints={"required": True, "minLength": 1})
    words = "Officers said that 7 " + "very " * 56 + "many were there"
    append_to_seed(pkg, SOURCE, words + ".\n")
    line = pkg.find_line("figures", figure_id=PLAIN)
    cells = parse_row(pkg.lines("figures")[line - 1])
    header = pkg.header("figures")
    for name, value in (("figure_id", "fig-9999"), ("quote", words), ("value_text", words), ("value", "7")):
        cells[header.index(name)] = value
    cells[header.index("statistic_id")] = "long-value-text"
    pkg.write_lines("figures", [*pkg.lines("figures"), encode_row(cells)])
    new_line = len(pkg.lines("figures"))
    return [Expect(FIGURES, new_line, "value_text", "value-text-unparseable", ("the limit of 200",))]


@case("l5-uncovered-tokens-past-the-cap", "token-uncovered")
def uncovered_past_the_cap(pkg: Pkg) -> list[Expect]:
    cap = limits.DEFAULTS.problems_per_code
    seed, first = append_to_seed(pkg, SOURCE, "".join(f"Count {n}\n" for n in range(cap + 50)))
    listed = [Expect(seed, first + n, None, "token-uncovered", (f'"{n}"',)) for n in range(cap)]
    return [*listed, Expect(seed, None, None, "token-uncovered", ("… and 50 more token-uncovered",))]


def test_exactly_the_cap_is_listed_and_the_rest_counted(package_copy: Path) -> None:
    """250 uncovered tokens: the first 200 are listed, each once, and one line counts the other 50."""
    uncovered_past_the_cap.breaks(Pkg(package_copy))
    report = validate_package(package_copy)
    listed = [p for p in report.problems if p.code == "token-uncovered"]
    assert len(listed) == limits.DEFAULTS.problems_per_code + 1
    assert [p.message for p in listed if p.line is None] == ["… and 50 more token-uncovered problems"]


@case("l5-too-many-comparisons", "too-many-comparisons", quote_comparisons=1)
def _(pkg: Pkg) -> list[Expect]:
    # A limit of one comparison: no quote can be located, each row says so once, and coverage is
    # not reported for seeds whose rows were not located.
    line = pkg.find_line("figures", figure_id=PLAIN)
    return [Expect(FIGURES, line, "quote", "too-many-comparisons", ("quote_comparisons", "distinctive"))]


def add_exclusion(pkg: Pkg, quote: str, text: str, reason: str = "boilerplate") -> None:
    """An exclusion of ``text`` in ``quote`` (its first occurrence) in the seed of SOURCE."""
    pkg.write_lines("exclusions", [*pkg.lines("exclusions"), encode_row([SOURCE, text, quote, "1", reason])])


def add_figure(pkg: Pkg, figure_id: str, **cells: str) -> int:
    """A figure of SOURCE: a copy of PLAIN's row with ``cells`` (and its own statistic_id) changed;
    return its line."""
    cells_of = parse_row(pkg.lines("figures")[pkg.find_line("figures", figure_id=PLAIN) - 1])
    header = pkg.header("figures")
    for name, value in {"figure_id": figure_id, "statistic_id": figure_id, **cells}.items():
        cells_of[header.index(name)] = value
    pkg.write_lines("figures", [*pkg.lines("figures"), encode_row(cells_of)])
    return len(pkg.lines("figures"))


@case("l5-zero-width-space-inside-a-number", "hidden-in-number")
def _(pkg: Pkg) -> list[Expect]:
    # "1<U+200B>000" displays as 1000 but was read as the tokens 1 and 000; rows for each piece do
    # not make the package valid: the seed itself is refused, with the character shown escaped.
    seed, line = append_to_seed(pkg, SOURCE, "Police arrested 1\u200b000 suspects.\n")
    add_figure(pkg, "fig-9901", quote="arrested 1", value_text="1", value="1")
    add_figure(pkg, "fig-9902", quote="000 suspects", value_text="000", value="0")
    return [Expect(seed, line, None, "hidden-in-number", ("\\u200b", "ZERO WIDTH SPACE", "1000 suspects"))]


@case("l5-word-joiner-and-soft-hyphen-beside-digits", "hidden-in-number")
def _(pkg: Pkg) -> list[Expect]:
    seed, line = append_to_seed(pkg, SOURCE, "Police named 45\u2060 suspects,\nand 7\u00ad5 suspects.\n")
    add_figure(pkg, "fig-9901", quote="named 45", value_text="45", value="45")
    add_figure(pkg, "fig-9902", quote="and 7", value_text="7", value="7")
    add_figure(pkg, "fig-9903", quote="5 suspects", value_text="5", value="5")
    return [
        Expect(
            seed, line, None, "hidden-in-number", ("WORD JOINER", "\\u2060", '"Police named 45 suspects,"')
        ),
        Expect(seed, line + 1, None, "hidden-in-number", ("SOFT HYPHEN", "\\u00ad")),
    ]


@case("l5-thin-and-no-break-spaces-group-one-number")
def _(pkg: Pkg) -> list[Expect]:
    # "80<U+2009>000", "90<U+202F>000" and "70<U+00A0>000" are one number each, as they display:
    # one figure covers each, and its value_text reads the whole number.
    for number, space in (("80", "\u2009"), ("90", "\u202f"), ("70", "\u00a0")):
        written = f"{number}{space}000"
        quote = f"a further {written} suspects"
        append_to_seed(pkg, SOURCE, f"Officers found {quote}.\n")
        add_figure(pkg, f"fig-99{number}", quote=quote, value_text=written, value=f"{number}000")
    return []


@case("l5-markup-and-bidi-controls-away-from-numbers")
def _(pkg: Pkg) -> list[Expect]:
    # An article may hold text that is markup somewhere else ("<script>", an "onmouseover=" that
    # would close an attribute) and a bidi control that affects no number: the package stays valid,
    # so every output shows them escaped (the site: tests/test_site.py's hostile-text tests).
    append_to_seed(pkg, SOURCE, '<script>alert(document)</script> "onmouseover=alert(a) \u202eevil\u202c\n')
    return []


@case("l5-thin-space-number-cut-in-two", "token-split", "token-uncovered")
def _(pkg: Pkg) -> list[Expect]:
    # A row for "80" alone cuts "80<U+2009>000" in two, and leaves the number uncovered.
    seed, seed_line = append_to_seed(pkg, SOURCE, "Officers found a further 80\u2009000 suspects.\n")
    line = add_figure(pkg, "fig-9980", quote="a further 80", value_text="80", value="80")
    return [
        Expect(FIGURES, line, "value_text", "token-split", ('"80\\u2009000"',)),
        Expect(seed, seed_line, None, "token-uncovered", ('"80\\u2009000"',)),
    ]


@case("l5-two-billion-against-one-more", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # Values are held to their words exactly: a relative tolerance of 1e-9 once let this pass.
    append_to_seed(pkg, SOURCE, "The scheme will cost £2 billion over ten years.\n")
    add_exclusion(pkg, "over ten years", "ten", "period")
    line = add_figure(pkg, "fig-9901", quote="cost £2 billion", value_text="£2 billion", value="2000000001")
    pkg.set_cell("figures", line, "unit", "GBP")
    return [Expect(FIGURES, line, "value", "value-mismatch", ("2000000000", "2000000001"))]


@case("l5-two-billion-exactly")
def _(pkg: Pkg) -> list[Expect]:
    append_to_seed(pkg, SOURCE, "The scheme will cost £2 billion over ten years.\n")
    add_exclusion(pkg, "over ten years", "ten", "period")
    line = add_figure(pkg, "fig-9901", quote="cost £2 billion", value_text="£2 billion", value="2000000000")
    pkg.set_cell("figures", line, "unit", "GBP")
    return []


@case("l5-decimal-past-float-precision", "value-mismatch")
def _(pkg: Pkg) -> list[Expect]:
    # 2000000000.0000001 reads as the same float as 2000000000: the cell's text is compared.
    append_to_seed(pkg, SOURCE, "The scheme will cost £2 billion over ten years.\n")
    add_exclusion(pkg, "over ten years", "ten", "period")
    value = "2000000000.0000001"
    line = add_figure(pkg, "fig-9901", quote="cost £2 billion", value_text="£2 billion", value=value)
    pkg.set_cell("figures", line, "unit", "GBP")
    return [Expect(FIGURES, line, "value", "value-mismatch", (value,))]


@case("l5-vulgar-fraction-and-roman-numeral-uncovered", "token-uncovered")
def _(pkg: Pkg) -> list[Expect]:
    # Numerals that are not decimal digits are quantities a reader sees: a row must account for them.
    seed, line = append_to_seed(pkg, SOURCE, "Reports rose 2\u00bd times\nin Year \u216b,\nto 10\u00b2.\n")
    return [
        Expect(seed, line, None, "token-uncovered", ('"2\u00bd"',)),
        Expect(seed, line + 1, None, "token-uncovered", ('"\u216b"',)),
        Expect(seed, line + 2, None, "token-uncovered", ('"10\u00b2"',)),
    ]


@case("l5-numeral-in-value-text", "value-text-unparseable")
def _(pkg: Pkg) -> list[Expect]:
    # value_text is read from decimal digits and words only; the message names the numeral.
    append_to_seed(pkg, SOURCE, "Reports rose 2\u00bd times.\n")
    line = add_figure(pkg, "fig-9902", quote="rose 2\u00bd times", value_text="2\u00bd times", value="2.5")
    pkg.set_cell("figures", line, "unit", "times")
    return [Expect(FIGURES, line, "value_text", "value-text-unparseable", ("VULGAR FRACTION ONE HALF",))]


@case("l5-quote-decomposed-against-a-composed-seed", "quote-normalisation")
def _(pkg: Pkg) -> list[Expect]:
    # The seed has "é" as one character (NFC), the quote as "e" and a combining accent (NFD): the
    # two look identical, and the message names both forms.
    append_to_seed(pkg, SOURCE, "The \u00e9cole reported 7 cases.\n")
    quote = "The e\u0301cole reported 7 cases"
    line = add_figure(pkg, "fig-9903", quote=quote, value_text="7", value="7")
    return [
        Expect(
            FIGURES,
            line,
            "quote",
            "quote-normalisation",
            ("NFC", "U+00E9 LATIN SMALL LETTER E WITH ACUTE", "U+0301 COMBINING ACUTE ACCENT"),
        )
    ]


test_broken_package = layer_test(__name__)
