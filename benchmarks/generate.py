"""Generate a valid synthetic ukcsa-data package of N figures, with its own seed texts.

    python benchmarks/generate.py N OUTDIR [--seed S] [--check] [--force]

OUTDIR gets a complete package: ``datapackage.json`` (sha256 ``hash`` and ``bytes`` for every
resource), copies of the repository's ``schemas/`` and ``dataset/{areas,units,bounds}.csv``,
generated ``dataset/{sources,figures,exclusions,relations}.csv`` and ``seeds/*.txt``.
``ukcsa-data validate OUTDIR`` should report it VALID with 0 errors and 0 warnings, so that
every layer (provenance and coverage included) runs for real.

What is generated:

* one source (article) per 100-200 figures; each article is a seed text of a few tens of KB;
* every figure has its own sentence in its seed, containing its ``value_text`` in one of several
  styles: digits with thousands commas, decimals, "per cent" / "percent" / "%", "£" with or without
  a scale ("£1.5 million", "£2m"), "1.5 million", number words ("twenty-five", "a hundred and
  fifty", "a dozen"), open-ended "14+", and ranges written "X – Y", "X-Y", "X to Y" and
  "between X and Y"; qualifiers, units, rates, geographies and reference periods are drawn so
  that every semantic rule (the bounds of ``dataset/bounds.csv``) passes;
* about a third of the figure sentences carry a reference period ("in 2019/20", "between 2017
  and 2019", "over the last five years"), recorded as a ``period`` exclusion; each seed also has a
  dateline (``date``), page furniture ("READ MORE: Three ..."; ``boilerplate``), names ("Covid
  19"), "One officer ..." (``not_a_quantity``) and "In a single week" lines, so that every numeric
  token of every seed is covered exactly once;
* some quotes are the whole sentence, others a fragment that recurs in the seed (so
  ``occurrence`` > 1 is exercised), and some lines are repeated verbatim;
* every article with at least ten figures states one percent change ("rose from 14,260 to
  17,022, an increase of 19.4 per cent"), recorded in ``relations.csv``.

The output is deterministic for a given N and --seed: each article is drawn from its own random
generator, so the package of 1,000 figures is a prefix of the package of 10,000. ``--check``
re-reads every seed with the project's own tokenizer and number parser and fails loudly if a
numeric token is uncovered or covered twice, or a value_text does not parse to its value.

This script is the command line of the one synthetic-package builder, ``benchmarks/synthetic/``
(which the tests use too; its ``__init__`` says why it lives there).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# The builder lives beside this script (and puts the project's src/ on sys.path).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic.package import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of figures (at least 10)")
    parser.add_argument("outdir", type=Path, help="folder to write the package to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--check", action="store_true", help="verify coverage and parsing while generating")
    parser.add_argument("--force", action="store_true", help="replace an existing package in OUTDIR")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.n, args.outdir, args.seed, args.check, args.force)
    elapsed = time.perf_counter() - started
    print(json.dumps({"n": args.n, "outdir": str(args.outdir), "seconds": round(elapsed, 2), **counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
