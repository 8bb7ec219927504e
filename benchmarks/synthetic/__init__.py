"""One builder of synthetic ukcsa-data packages, for the benchmarks, the tests and a demo.

Why it lives here, in ``benchmarks/synthetic/``: it is not part of the library (``src/`` is what
the wheel ships, and nobody installing ukcsa-data needs fake articles), and it must not need the
test tools either (the benchmarks and a demo run without pytest or hypothesis). So it is a plain
package beside the benchmarks, importing only the standard library and ``ukcsa_data``:

* the benchmarks import it as ``synthetic`` (their folder is the script's own folder);
* the tests import it as ``synthetic`` too (``pythonpath = ["benchmarks"]`` in pyproject.toml's
  pytest settings), and the property strategies in ``tests/properties/`` wrap its pieces;
* a demo needs nothing more than the repository:
  ``python benchmarks/generate.py 2000 /tmp/demo && ukcsa-data validate /tmp/demo``
  (as datasette's ``tests/fixtures.py`` writes its demo database).

Modules: :mod:`~synthetic.files` (the package's files: CSV dialect, schemas, code tables,
``datapackage.json`` with hashes), :mod:`~synthetic.numbers` (number words from the parser's own
table, digits), :mod:`~synthetic.vocabulary` (number-free words of the generated articles),
:mod:`~synthetic.lines` (a line of an article with its spans, and the one skeleton that writes
every figure sentence from a draft), :mod:`~synthetic.drafts` (the table of drafts: what each kind
of figure sentence says), :mod:`~synthetic.articles` (an article's seed and rows) and
:mod:`~synthetic.package` (a whole package of N figures).
"""

from __future__ import annotations

import sys
from pathlib import Path

#: The repository the builder is part of (its ``schemas/``, ``dataset/`` and ``src/``).
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT / "src") not in sys.path:  # the library, without installing it
    sys.path.insert(0, str(REPO_ROOT / "src"))
