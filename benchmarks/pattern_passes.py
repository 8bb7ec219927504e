"""How long one pass of each of the readers' regular expressions takes over a package's articles.

    python benchmarks/pattern_passes.py PACKAGE_DIR [--top N]

Each pattern the readers run across whole sentences (:data:`ACROSS_SENTENCES`, and the vocabulary's
area matcher) is run once, with ``finditer``, over the text of every seed of PACKAGE_DIR joined
together; the table gives its time, its matches and its cost per character, slowest first.

This is what readings made of one pass of each pattern over every article would spend on the
passes alone, before any Python turns matches into readings (the readers now skip some of these
patterns where the article's trigger words say they cannot match). It reads only the package's
seeds and writes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from pathlib import Path

#: The patterns the readers run across a whole sentence (or a stretch of sentences) with
#: ``finditer`` or ``search``: what a pass over the whole article would run instead. (The others
#: are matched at one position, or searched in a few characters next to the number.)
ACROSS_SENTENCES = (
    "geography._CLAUSE_BREAK",
    "geography._COMPARISON",
    "period._ANY_YEAR",
    "period._EXPRESSIONS",
    "period._RELATIVE",
    "period._UNCLEAR",
    "qualifier._WORD",
    "rate._HABIT",
    "rate._RATE",
    "rate._TIME_WORD",
    "rate._TOTAL",
    "seed._YEAR",
    "text.SEGMENT_BREAK",
    "text._SENTENCE_END",
)


def reader_patterns() -> dict[str, re.Pattern[str]]:
    """The patterns of :data:`ACROSS_SENTENCES` by name, and the bundled vocabulary's area matcher."""
    from ukcsa_data.reading.vocabulary import bundled_vocabulary

    found: dict[str, re.Pattern[str]] = {}
    for name in ACROSS_SENTENCES:
        module, attribute = name.split(".")
        found[name] = getattr(importlib.import_module(f"ukcsa_data.reading.{module}"), attribute)
    found["vocabulary.area_matcher"] = bundled_vocabulary().area_matcher
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--top", type=int, default=20, help="how many patterns to list (default 20)")
    args = parser.parse_args(argv)
    seeds = sorted((args.package / "seeds").glob("*.txt"))
    if not seeds:
        print(f"no seeds/*.txt in {args.package}", file=sys.stderr)
        return 2
    text = "\n".join(path.read_text(encoding="utf-8") for path in seeds)
    rows = []
    for name, pattern in reader_patterns().items():
        began = time.perf_counter()
        matches = sum(1 for _ in pattern.finditer(text))
        rows.append((time.perf_counter() - began, name, matches))
    rows.sort(reverse=True)
    total = sum(seconds for seconds, _, _ in rows)
    size = f"{len(seeds):,} seeds, {len(text):,} characters"
    print(f"{size}: {total:.2f} s for one pass of {len(rows)} patterns")
    print("| pattern | one pass, ms | matches | ns per character |")
    print("| --- | ---: | ---: | ---: |")
    for seconds, name, matches in rows[: args.top]:
        print(f"| `{name}` | {seconds * 1000:,.0f} | {matches:,} | {seconds / len(text) * 1e9:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
