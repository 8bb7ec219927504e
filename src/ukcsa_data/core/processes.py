"""How many processes read a package's words: one unless told, or unless the package is large and
two processors are usable (see :mod:`ukcsa_data.reading.workers`)."""

from __future__ import annotations

import os

#: The most processes ``validate --processes`` accepts.
MOST_PROCESSES = 8
#: Figures a package needs before a worker process is started when not told (starting one costs
#: about 0.2 s of one core; reading 5,000 figures about 0.6 s).
WORKERS_FROM = 5_000


def usable_processors() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_processes(figures: int) -> int:
    """How many processes read a package of ``figures`` figures when not told: two where two
    processors are usable and the package is large enough, else one (the caller's)."""
    return 2 if figures >= WORKERS_FROM and usable_processors() >= 2 else 1
