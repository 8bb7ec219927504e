"""The seeds, read safely: each one named by sources.csv at a safe path, within its limits, checked
against its sha256 and tokenized (its text not kept); read again, the same bytes, to locate its
rows; and no file under seeds/ that sources.csv does not name."""

from __future__ import annotations

import hashlib
import os
from array import array
from pathlib import Path
from typing import NamedTuple

from ukcsa_data.core import limits
from ukcsa_data.core.problems import Report, show
from ukcsa_data.core.safe_paths import path_problem, read_package_file, read_reported
from ukcsa_data.text.tokens import TooManyTokens, numeric_spans
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l5_provenance.hidden_characters import bidi_runs, check_hidden_in_numbers
from ukcsa_data.validation.l5_provenance.seed import Budget, Seed
from ukcsa_data.validation.l5_provenance.seed_tokens import SeedTokens

#: The tokens' offsets kept between reading the seeds and locating their rows, at most this many
#: in all (16 MB); a seed past them is tokenized again when its rows are located.
_KEEP_TOKENS = 2_000_000


class _Listed(NamedTuple):
    """A seed named by a row of sources.csv, at a safe path and within the per-seed limit."""

    source_id: str
    seed_file: str
    sha256: str | None
    line: int
    size: int


def _listed_seeds(package_dir: Path, sources: TypedTable, report: Report) -> list[_Listed]:
    """The seeds sources.csv names at safe paths, each within ``seed_bytes`` (from its size)."""
    listed: list[_Listed] = []
    columns = sources.columns
    folder = package_dir / "seeds"
    plain_files = (
        {f"seeds/{e.name}" for e in os.scandir(folder) if e.is_file(follow_symlinks=False)}
        if folder.is_dir() and not folder.is_symlink()
        else set()
    )
    for row, (source_id, seed_file, sha256) in enumerate(
        zip(columns["source_id"], columns["seed_file"], columns["sha256"], strict=True)
    ):
        line = sources.lines[row]
        if source_id is None or seed_file is None:
            continue
        problem = None if seed_file in plain_files else path_problem(package_dir, seed_file)
        if problem:
            report.add(sources.path, line, "seed_file", *problem)
            continue
        size = (package_dir / seed_file).lstat().st_size  # its path has no link (checked above)
        if size > limits.active().seed_bytes:
            report.add(
                seed_file, None, None, "file-too-large", f"the limit is {limits.active().seed_bytes:,} bytes"
            )
            continue
        listed.append(_Listed(source_id, seed_file, sha256, line, size))
    return listed


class Tokenized(NamedTuple):
    """A seed as its first reading left it: the bytes' sha256, to know its second reading is the
    same file, and its tokens' offsets (None if past ``_KEEP_TOKENS``: found again then)."""

    listed: _Listed
    sha256: str
    starts: array[int] | None
    ends: array[int] | None


def load_seeds(package_dir: Path, sources: TypedTable, report: Report) -> dict[str, Tokenized]:
    """Read, check and tokenize every listed seed, one at a time and keeping none of their texts,
    unless together they are over ``seeds_bytes`` (then none is read, and quotes and coverage are
    not checked) or ``seeds_tokens`` (then none is kept)."""
    listed = _listed_seeds(package_dir, sources, report)
    total, limit = sum(seed.size for seed in listed), limits.active().seeds_bytes
    if total > limit:
        report.add(
            sources.path,
            None,
            "seed_file",
            "seeds-too-large",
            f"the seeds add up to {total:,} bytes; the limit for all seeds together is {limit:,} "
            "bytes, so no seed was read (quotes and coverage are not checked)",
        )
        return {}
    seeds: dict[str, Tokenized] = {}
    tokens_left = limits.active().seeds_tokens
    kept = 0
    for seed in listed:
        try:
            loaded = _read_seed(package_dir, seed, sources.path, report, tokens_left)
        except TooManyTokens:
            _report_too_many_tokens(sources.path, seed.seed_file, report)
            return {}
        if loaded is not None:
            count = len(loaded.starts or ())
            tokens_left -= count
            kept += count
            seeds[seed.source_id] = (
                loaded if kept <= _KEEP_TOKENS else loaded._replace(starts=None, ends=None)
            )
    return seeds


def _report_too_many_tokens(sources_path: str, seed_file: str, report: Report) -> None:
    limit = limits.active().seeds_tokens
    report.add(
        sources_path,
        None,
        "seed_file",
        "too-many-tokens",
        f"the seeds have more than {limit:,} numeric tokens together (the limit seeds_tokens), "
        f"reached at {show(seed_file)}; no quote or coverage of any seed is checked",
    )


def _read_seed(
    package_dir: Path, listed: _Listed, sources_path: str, report: Report, tokens_left: int
) -> Tokenized | None:
    """One seed's sha256 and tokens' offsets (not its text): opened without following links,
    checked against its sha256, decoded and tokenized (None if it cannot be used);
    ``TooManyTokens`` if it has more than ``tokens_left``, what the seeds read before it leave of
    ``seeds_tokens`` (and fewer than ``seed_tokens``)."""
    seed_file = listed.seed_file
    raw = read_reported(package_dir, seed_file, limits.active().seed_bytes, report)
    if raw is None:
        return None
    actual = _checked_sha256(raw, listed, sources_path, report)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        report.add(seed_file, raw.count(b"\n", 0, error.start) + 1, None, "encoding", "the seed is not UTF-8")
        return None
    del raw  # one copy of the text at a time
    spans = _token_spans(text, seed_file, report, tokens_left)
    if spans is None:
        return None
    tokens = SeedTokens(text, spans)
    del spans
    check_hidden_in_numbers(Seed(seed_file, text, tokens), report)
    return Tokenized(listed, actual, tokens.starts, tokens.ends)


def _checked_sha256(raw: bytes, listed: _Listed, sources_path: str, report: Report) -> str:
    """The sha256 of a seed's bytes ``raw``, reported if it is not the one sources.csv records."""
    actual = hashlib.sha256(raw).hexdigest()
    if listed.sha256 is not None and actual != listed.sha256:
        report.add(
            sources_path,
            listed.line,
            "sha256",
            "seed-checksum",
            f"{listed.seed_file} has sha256 {actual}, not {listed.sha256}; seeds must not be edited",
        )
    return actual


def _token_spans(text: str, seed_file: str, report: Report, tokens_left: int) -> list[tuple[int, int]] | None:
    """The spans of the seed's numeric tokens; None after reporting a seed over ``seed_tokens``
    (``TooManyTokens`` if over ``tokens_left``, what the seeds read before it leave)."""
    limit = limits.active().seed_tokens
    try:
        return numeric_spans(text, min(limit, tokens_left))
    except TooManyTokens:
        if tokens_left < limit:
            raise
        report.add(
            seed_file,
            None,
            None,
            "too-many-tokens",
            f"the seed has more than {limit:,} numeric tokens, the limit for one seed; "
            "its quotes and coverage are not checked",
        )
        return None


def reread_seed(
    package_dir: Path, first: Tokenized, sources_path: str, report: Report, budget: Budget
) -> Seed | None:
    """The seed of ``first`` read again to locate its rows: the same bytes as its first reading (the
    package changed while it was validated if not: a problem, and None)."""
    seed_file = first.listed.seed_file
    raw = read_package_file(package_dir, seed_file, limits.active().seed_bytes)
    if not isinstance(raw, bytes) or hashlib.sha256(raw).hexdigest() != first.sha256:
        report.add(
            sources_path,
            first.listed.line,
            "sha256",
            "seed-checksum",
            f"{seed_file} changed while the package was validated; validate it again",
        )
        return None
    text = raw.decode("utf-8")
    del raw
    if first.starts is None or first.ends is None:
        tokens = SeedTokens(text, numeric_spans(text))
    else:
        tokens = SeedTokens.of(text, first.starts, first.ends)
    return Seed(seed_file, text, tokens, bidi=bidi_runs(text), budget=budget)


def check_unlisted_seeds(package_dir: Path, sources: TypedTable, report: Report) -> None:
    folder = package_dir / "seeds"
    if not folder.is_dir() or folder.is_symlink():
        return
    listed = set(sources.columns["seed_file"])
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        relative = f"seeds/{entry.name}"
        if entry.is_symlink():
            report.add(relative, None, None, "symlink", "files under seeds/ must not be links")
        elif relative not in listed:
            report.add(relative, None, None, "unlisted-file", "no row of sources.csv names this seed")
