"""``python -m ukcsa_data.docs [ROOT]``: rewrite the generated documents of a checkout."""

from __future__ import annotations

import sys
from pathlib import Path

from ukcsa_data.docs import write_all

if __name__ == "__main__":  # pragma: no cover - a maintenance command
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
