"""The package's CSV dialect, written: comma, LF line endings, quotes only where needed (``""``
inside), an empty cell for None. Every CSV the library writes goes through :func:`csv_text`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """``rows`` (the header first, where there is one) as CSV text in the package's dialect."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue()
