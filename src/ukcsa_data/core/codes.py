"""Every problem code the validator can report, with its layer and meaning.

The table of codes in ``docs/problem-codes.md`` is generated from this registry (``python -m
ukcsa_data.docs`` rewrites it; a test requires it to be current), and
``Report.add`` refuses a code that is not here, so the documentation cannot drift from the behaviour.
"""

from __future__ import annotations

from typing import Literal, get_args

from ukcsa_data.core.generated_docs import replace_between, rewrite_file
from ukcsa_data.core.markdown import prose

#: Every problem code, as a type: mypy rejects a misspelt code wherever one is reported.
Code = Literal[
    "invalid-json",
    "descriptor-invalid",
    "missing-resource",
    "unknown-resource",
    "resource-path",
    "remote-reference",
    "url-scheme",
    "unsafe-path",
    "symlink",
    "hard-link",
    "missing-file",
    "unlisted-file",
    "file-too-large",
    "hash-format",
    "schema-invalid",
    "schema-pattern",
    "unsafe-pattern",
    "too-many-resources",
    "enum-too-large",
    "unsupported-dialect",
    "unsupported-encoding",
    "unsupported-compression",
    "unsupported-format",
    "unsupported-scheme",
    "unsupported-number-option",
    "unsupported-property",
    "contract",
    "empty-file",
    "lfs-pointer",
    "binary-file",
    "encoding",
    "bom",
    "line-ending",
    "final-newline",
    "delimiter",
    "header",
    "no-rows",
    "blank-row",
    "ragged-row",
    "stray-quote",
    "unclosed-quote",
    "whitespace",
    "control-character",
    "cell-too-large",
    "line-too-long",
    "too-many-rows",
    "package-too-large",
    "resource-hash",
    "resource-bytes",
    "type-error",
    "required",
    "unique",
    "enum",
    "pattern",
    "min-length",
    "max-length",
    "minimum",
    "maximum",
    "exclusive-minimum",
    "exclusive-maximum",
    "primary-key",
    "foreign-key",
    "implausible-value",
    "not-whole-number",
    "unit-measure-type",
    "unit-per",
    "range-bounds",
    "low-above-high",
    "period-order",
    "period-after-publication",
    "published-date-range",
    "seed-checksum",
    "quote-not-found",
    "quote-whitespace",
    "quote-characters",
    "occurrence-out-of-range",
    "not-in-quote",
    "value-text-unparseable",
    "value-mismatch",
    "value-text-unit",
    "value-text-qualifier",
    "no-numeric-token",
    "token-split",
    "token-covered-twice",
    "token-uncovered",
    "seeds-too-large",
    "too-many-tokens",
    "too-many-comparisons",
    "bidi-control",
    "hidden-in-number",
    "quote-normalisation",
    "statistic-disagreement",
    "relation-mismatch",
    "relation-units",
    "relation-source",
    "retired-id-in-use",
    "retired-replacement",
    "retired-version",
    "series-statistic-unknown",
    "series-position",
    "series-mismatch",
    "area-parent-cycle",
    "formula-injection",
    "read-as-missing",
    "qualifier-words",
    "qualifier-unstated",
    "per-words",
    "unit-words",
    "unit-noun",
    "change-words",
    "change-sign",
    "period-words",
    "geography-words",
    "geography-elsewhere",
    "exclusion-date",
    "exclusion-period",
    "exclusion-name",
    "exclusion-not-a-quantity",
    "exclusion-boilerplate",
    "exclusion-age",
    "exclusion-place-count",
    "waiver-stale",
    "waiver-code",
]
Layer = Literal["safety", "bytes", "types", "semantics", "provenance", "consistency", "spreadsheet", "words"]


#: Each code's layer and meaning (docs/problem-codes.md's table is generated from it).
CODES: dict[Code, tuple[Layer, str]] = {
    # 1. Safety, before reading data
    "invalid-json": (
        "safety",
        "a JSON file is not strict JSON (syntax, duplicate keys, NaN or Infinity, a lone surrogate)",
    ),
    "descriptor-invalid": ("safety", "datapackage.json is not a valid Data Package descriptor"),
    "missing-resource": (
        "safety",
        "a resource of the contract (sources, figures, exclusions, relations, waivers, retired, series) "
        "is missing",
    ),
    "unknown-resource": ("safety", "a resource that is not part of the contract"),
    "resource-path": (
        "safety",
        "a resource's path or schema is not dataset/<name>.csv or schemas/<name>.schema.json",
    ),
    "remote-reference": (
        "safety",
        "a URL, `profile` or unknown `$schema` that would be fetched over the network",
    ),
    "url-scheme": (
        "safety",
        "a URL in datapackage.json (homepage, licenses, sources...) or a URL column (sources.url) that "
        "is not http:// or https://",
    ),
    "unsafe-path": ("safety", "an absolute path, `..`, a backslash or a path resolving outside the package"),
    "symlink": ("safety", "a symbolic link where a real file or folder is required"),
    "hard-link": (
        "safety",
        "a file of the package that has other names (a hard link), which may be a file outside it",
    ),
    "missing-file": ("safety", "a file named by the package does not exist"),
    "unlisted-file": ("safety", "a CSV under dataset/ or a seed under seeds/ that nothing lists"),
    "file-too-large": ("safety", "a file over the size limit"),
    "hash-format": ("safety", "a resource hash not written as `sha256:` and 64 lowercase hex digits"),
    "schema-invalid": (
        "safety",
        "a Table Schema that is malformed or uses an unsupported type or constraint",
    ),
    "schema-pattern": ("safety", "a schema pattern that is not a string or not a valid regular expression"),
    "unsafe-pattern": (
        "safety",
        "a schema pattern outside the safe subset (one that could take more than linear time to match)",
    ),
    "too-many-resources": ("safety", "datapackage.json lists more resources than the limit"),
    "enum-too-large": ("safety", "a field's enum has more values than the limit"),
    "unsupported-dialect": (
        "safety",
        "a CSV dialect other than the one the validator reads (comma, double quote, one header row)",
    ),
    "unsupported-encoding": ("safety", "a resource encoding other than utf-8"),
    "unsupported-compression": ("safety", "a compressed resource (the CSVs are read as plain text)"),
    "unsupported-format": (
        "safety",
        "a resource format other than csv, or a field format the validator does not check",
    ),
    "unsupported-scheme": ("safety", "a resource scheme other than file"),
    "unsupported-number-option": (
        "safety",
        "a number option (decimalChar, groupChar, bareNumber) other than the defaults",
    ),
    "unsupported-property": (
        "safety",
        "a descriptor or schema property that changes how other readers read the data, and that the "
        "validator does not honour",
    ),
    "contract": (
        "safety",
        "a schema that changes a contract column (name, order, type, required, enum), the keys, or "
        "lists an enum value the validator's rules cannot check",
    ),
    # 2. Bytes and dialect
    "empty-file": ("bytes", "a 0-byte CSV"),
    "lfs-pointer": ("bytes", "a Git LFS pointer instead of the data"),
    "binary-file": ("bytes", "a binary file named .csv"),
    "encoding": ("bytes", "not UTF-8 (UTF-16, cp1252, Latin-1...): line and column of the first bad byte"),
    "bom": ("bytes", "a UTF-8 byte order mark"),
    "line-ending": ("bytes", "CR or CRLF line endings"),
    "final-newline": ("bytes", "the last line does not end with a line break"),
    "delimiter": ("bytes", "semicolons or tabs instead of commas"),
    "header": ("bytes", "the header is not on line 1 or differs from the schema's field names"),
    "no-rows": ("bytes", "a header and no rows"),
    "blank-row": ("bytes", "an empty line"),
    "ragged-row": ("bytes", "a row with more or fewer cells than the header"),
    "stray-quote": ("bytes", "a quote character inside an unquoted cell or after a closing quote"),
    "unclosed-quote": ("bytes", "a quoted cell that never closes (reported on the line where it opened)"),
    "whitespace": ("bytes", "a cell with leading or trailing spaces"),
    "control-character": ("bytes", "a control character or line break inside a cell"),
    "cell-too-large": ("bytes", "a cell over the size limit"),
    "line-too-long": ("bytes", "a line over the size limit (checked before the line is split)"),
    "too-many-rows": ("bytes", "a table with more rows than the limit"),
    "package-too-large": ("bytes", "the tables and seeds together are over the size limit"),
    "resource-hash": ("bytes", "the file's sha256 differs from datapackage.json"),
    "resource-bytes": ("bytes", "the file's size differs from datapackage.json"),
    # 3. Types and constraints
    "type-error": (
        "types",
        "not a canonical value of the field's type (007, +5, 1_000, NaN, 1.2E+5, 1-Mar...)",
    ),
    "required": ("types", "an empty required cell"),
    "unique": ("types", "a repeated value in a unique field"),
    "enum": ("types", "a value outside the field's allowed values"),
    "pattern": ("types", "a value that does not match the field's pattern"),
    "min-length": ("types", "text shorter than minLength"),
    "max-length": ("types", "text longer than maxLength"),
    "minimum": ("types", "a value below the field's minimum"),
    "maximum": ("types", "a value above the field's maximum"),
    "exclusive-minimum": ("types", "a value not above the field's exclusiveMinimum"),
    "exclusive-maximum": ("types", "a value not below the field's exclusiveMaximum"),
    "primary-key": ("types", "a row repeating another row's primary key"),
    "foreign-key": ("types", "a reference to a row that does not exist"),
    # 4. Semantics
    "implausible-value": ("semantics", "a value outside its unit's bounds in dataset/bounds.csv"),
    "not-whole-number": ("semantics", "a fractional count (totals of people, children, arrests...)"),
    "unit-measure-type": (
        "semantics",
        "a unit that cannot be that measure_type (a change must be in percent)",
    ),
    "unit-per": (
        "semantics",
        "a rate (`per`) on a unit that cannot be one (percent, ages, durations, clicks)",
    ),
    "range-bounds": ("semantics", "`range` without both bounds or with a value; a single figure with bounds"),
    "low-above-high": ("semantics", "value_low above value_high"),
    "period-order": ("semantics", "period_start after period_end"),
    "period-after-publication": ("semantics", "a reference period ending after the article was published"),
    "published-date-range": ("semantics", "a publication date before 1990-01-01 or after today"),
    # 5. Provenance and coverage
    "seed-checksum": ("provenance", "a seed file whose sha256 differs from sources.csv"),
    "quote-not-found": ("provenance", "the quote is not in the seed text"),
    "quote-whitespace": (
        "provenance",
        "the quote matches only if spaces are normalised (names the character)",
    ),
    "quote-characters": (
        "provenance",
        "the quote matches only if quotes or dashes are normalised (names them)",
    ),
    "occurrence-out-of-range": ("provenance", "`occurrence` is below 1 or above the times the quote occurs"),
    "not-in-quote": ("provenance", "value_text (or an exclusion's text) is not inside the quote"),
    "value-text-unparseable": ("provenance", "value_text is not a number phrase the parser reads"),
    "value-mismatch": ("provenance", "value_text does not parse to value / value_low / value_high"),
    "value-text-unit": ("provenance", "'per cent' or '£' in value_text disagrees with the unit"),
    "value-text-qualifier": ("provenance", "a range or 'N+' in value_text disagrees with the qualifier"),
    "no-numeric-token": ("provenance", "value_text or text contains no numeric token"),
    "token-split": ("provenance", "value_text or text cuts a numeric token in two"),
    "token-covered-twice": ("provenance", "a numeric token claimed by two rows"),
    "token-uncovered": ("provenance", "a numeric token of a seed covered by no figure or exclusion"),
    "seeds-too-large": ("provenance", "the seeds together are over the size limit"),
    "too-many-tokens": (
        "provenance",
        "a seed, or the seeds together, with more numeric tokens than the limit",
    ),
    "too-many-comparisons": (
        "provenance",
        "locating the quotes in their seeds needs more comparisons than the limit",
    ),
    "bidi-control": (
        "provenance",
        "a bidirectional control character inside a figure's span, which can change how it displays",
    ),
    "hidden-in-number": (
        "provenance",
        "an invisible or format character (zero-width space, word joiner, soft hyphen...) inside or "
        "beside a number's digits in a seed, which splits what displays as one number",
    ),
    "quote-normalisation": (
        "provenance",
        "the quote matches only in another Unicode normalisation form (NFC against NFD; names the "
        "characters)",
    ),
    # 6. Consistency
    "statistic-disagreement": (
        "consistency",
        "warning: mentions of one statistic_id differ in unit, value, period or geography",
    ),
    "relation-mismatch": ("consistency", "warning: recomputed arithmetic does not fit the stated result"),
    "relation-units": ("consistency", "a relation whose figures have the wrong units or no value"),
    "relation-source": ("consistency", "a relation using figures from another source"),
    "retired-id-in-use": (
        "consistency",
        "a retired figure_id, source_id or relation_id is a row of its table again",
    ),
    "retired-replacement": (
        "consistency",
        "a retired row's `replaced_by` names no row of its table, or a retired identifier",
    ),
    "retired-version": (
        "consistency",
        "`retired_in` is later than the package's `version` and the release after it",
    ),
    "series-statistic-unknown": ("consistency", "a series row's `statistic_id` is used by no figure"),
    "series-position": (
        "consistency",
        "the positions of a series do not run 1, 2, ... n without gaps or repeats",
    ),
    "series-mismatch": (
        "consistency",
        "warning: an estimate of a series differs from the series' first in unit or geography",
    ),
    "area-parent-cycle": (
        "consistency",
        "an area whose `parent` chain comes back to it (no area above it without a parent)",
    ),
    # 7. Spreadsheet safety
    "formula-injection": (
        "spreadsheet",
        "a text cell starting with = + - @ | % (or full-width forms), tab, CR, LF or NUL",
    ),
    "read-as-missing": (
        "spreadsheet",
        "a text cell that pandas or R reads as a missing value (NA, N/A, null, None, NaN, #N/A, <NA>...)",
    ),
    # 8. Words: what the article's words around each number state (ukcsa_data.reading)
    "qualifier-words": ("words", 'the qualifier disagrees with the words before the number ("at least")'),
    "per-words": ("words", '`per` disagrees with the rate the sentence states ("each month"), or with none'),
    "unit-words": (
        "words",
        "the unit disagrees with a marker in the article (£, per cent), or value_text leaves out a scale",
    ),
    "qualifier-unstated": (
        "words",
        "a bounding qualifier (at_least, more_than, up_to, under, around, almost) that no words near the "
        "number give",
    ),
    "unit-noun": (
        "words",
        'the unit disagrees with the count noun right after the number ("5,000 images")',
    ),
    "change-words": ("words", 'measure_type disagrees with change words ("rose by") or level words'),
    "change-sign": (
        "words",
        'the sign of a change disagrees with the words: a fall ("a drop of 30 per cent") is negative, a rise '
        "positive",
    ),
    "period-words": ("words", "the period disagrees with a year or financial year stated in the sentence"),
    "geography-words": (
        "words",
        "geography disagrees with the area the sentence names, or is named nowhere in the article",
    ),
    "geography-elsewhere": (
        "words",
        "warning: the geography is named in the article but not in the sentence",
    ),
    "exclusion-date": ("words", "an exclusion with reason `date` that is not a date or a year"),
    "exclusion-period": (
        "words",
        "an exclusion with reason `period` that is not part of a period expression",
    ),
    "exclusion-name": ("words", "an exclusion with reason `name` whose text is not a name with its number"),
    "exclusion-not-a-quantity": (
        "words",
        "an exclusion with reason `not_a_quantity` that is written in digits or reads as a quantity",
    ),
    "exclusion-boilerplate": (
        "words",
        'an exclusion with reason `boilerplate` outside a labelled link line ("READ MORE: ...")',
    ),
    "exclusion-age": (
        "words",
        'an exclusion of a number that states an age ("a four-year-old"): an age is a figure',
    ),
    "exclusion-place-count": (
        "words",
        'an exclusion with reason `name` of a count after a place in a list ("Merseyside 70, Cheshire 45")',
    ),
    "waiver-stale": ("words", "a waiver that silences nothing (the check passes, or no such row)"),
    "waiver-code": ("words", "a waiver for a code that cannot be waived"),
}

#: The layers, in the order they run.
LAYERS: tuple[Layer, ...] = get_args(Layer)
TABLE_START, TABLE_END = "<!-- problem-codes: generated -->", "<!-- /problem-codes -->"


def markdown_table() -> str:
    """The table of problem codes (docs/problem-codes.md), in layer order; each meaning as
    documentation text (``markdown.prose``: backticks make code, nothing else is markup)."""
    rows = ["| code | layer | meaning |", "| --- | --- | --- |"]
    for number, layer in enumerate(LAYERS, 1):
        for code, (code_layer, meaning) in CODES.items():
            if code_layer == layer:
                rows.append(f"| `{code}` | {number} {layer} | {prose(meaning)} |")
    return "\n".join(rows)


def rewrite_markdown(text: str) -> str:
    """``text`` with the generated table between its markers replaced by the current one."""
    return replace_between(text, TABLE_START, TABLE_END, markdown_table())


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    rewrite_file(rewrite_markdown)
