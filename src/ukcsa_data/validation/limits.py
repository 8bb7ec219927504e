"""Size limits that keep validation bounded whatever a contributor submits."""

from __future__ import annotations

MAX_DESCRIPTOR_BYTES = 1 * 1024 * 1024
MAX_SCHEMA_BYTES = 1 * 1024 * 1024
MAX_CSV_BYTES = 2 * 1024 * 1024 * 1024
MAX_SEED_BYTES = 16 * 1024 * 1024
MAX_CELL_CHARS = 10_000
MAX_PROBLEMS_PER_CODE = 200
