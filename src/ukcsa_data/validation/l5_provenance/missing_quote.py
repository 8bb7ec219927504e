"""Why a quote is not in its seed: other spaces, quotation marks or dashes, another Unicode
normalisation form, or not at all."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import partial

from ukcsa_data.core.codes import Code
from ukcsa_data.core.escaping import char_name
from ukcsa_data.core.problems import show
from ukcsa_data.validation.l5_provenance.seed import Seed, first_loose_match


def _not_in_seed(quote: str, path: str) -> str:
    return f"{show(quote)} is not in {path}"


def _normalised_message(seed: Seed, quote: str, at: int, offset: int) -> str:
    want, have = seed.text[at + offset], quote[offset]
    return (
        f"{show(quote)} matches {seed.path} line {seed.line_of(at)} only if characters are "
        f"normalised: at character {offset + 1} the seed has {char_name(want)} where the "
        f"quote has {char_name(have)}; copy the quote from the seed"
    )


def _with_marks(text: str, at: int) -> str:
    """The character of ``text`` at ``at`` and the combining marks after it, named."""
    end = at + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return " + ".join(char_name(c) for c in text[at:end])


def _normalisation_message(seed: Seed, quote: str, variant: str, form: str) -> str:
    at = next(i for i, (a, b) in enumerate(zip(quote, variant, strict=False)) if a != b)
    where = seed.line_of(seed.positions(variant)[0])
    other = "NFD" if form == "NFC" else "NFC"
    return (
        f"{show(quote)} is in {seed.path} line {where} only in Unicode normalisation form {form}, "
        f"where the quote is not: at character {at + 1} the quote has {_with_marks(quote, at)} "
        f"where the seed has {_with_marks(variant, at)} (composed and decomposed forms of the same "
        f"text, which look identical; the quote is in {other} or mixed); copy the quote from the seed"
    )


def explain_missing_quote(seed: Seed, quote: str) -> tuple[Code, str | Callable[[], str]]:
    at = first_loose_match(seed, quote)
    if at == -1:
        for form in ("NFC", "NFD"):
            variant = unicodedata.normalize(form, quote)
            if variant != quote and seed.positions(variant):
                return "quote-normalisation", partial(_normalisation_message, seed, quote, variant, form)
        return "quote-not-found", partial(_not_in_seed, quote, seed.path)
    for offset, (want, have) in enumerate(zip(seed.text[at : at + len(quote)], quote, strict=True)):
        if want != have:
            code: Code = "quote-whitespace" if want.isspace() and have.isspace() else "quote-characters"
            return code, partial(_normalised_message, seed, quote, at, offset)
    return "quote-not-found", partial(_not_in_seed, quote, seed.path)  # pragma: no cover
