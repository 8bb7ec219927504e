"""Catalogue, layer 3: hostile number cells. Each is a type-error on its row and field, found
before the cell is parsed (Python's int() refuses over 4,300 digits; float() reads 1e400 as inf)."""

from __future__ import annotations

from catalogue import FIGURES, PLAIN, Expect, Pkg, case, layer_test

from ukcsa_data.core.limits import DEFAULTS


@case("l3-integer-5000-digits", "type-error")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "occurrence", "1" * 5_000)
    return [
        Expect(
            FIGURES,
            line,
            "occurrence",
            "type-error",
            ("5,000 characters", f"at most {DEFAULTS.number_digits}"),
        )
    ]


@case("l3-number-5000-digits", "type-error")
def _(pkg: Pkg) -> list[Expect]:
    line = pkg.set_figure(PLAIN, "value", "9" * 5_000)
    return [Expect(FIGURES, line, "value", "type-error", ("5,000 characters",))]


for _text in ("1e400", "-1e400"):

    @case(f"l3-number-{_text}", "type-error")
    def _(pkg: Pkg, text: str = _text) -> list[Expect]:
        line = pkg.set_figure(PLAIN, "value", text)
        return [Expect(FIGURES, line, "value", "type-error", (text, "not a finite number"))]


@case("l3-number-one-character-over-the-limit", "type-error")
def _(pkg: Pkg) -> list[Expect]:
    # A canonical number (digits and a point) of 101 characters: refused by length, not parsed.
    text = "1" + "0" * (DEFAULTS.number_digits - 2) + ".5"
    assert len(text) == DEFAULTS.number_digits + 1
    line = pkg.set_figure(PLAIN, "value", text)
    return [Expect(FIGURES, line, "value", "type-error", (f"{len(text)} characters",))]


test_broken_package = layer_test(__name__)
