"""What keeps validation's memory per seed small: a seed's tokens as two arrays of offsets
(``SeedTokens``), uncovered tokens past the listed ones counted at once (``Report.add_unlisted``),
with the same report as one ``add`` per problem, and the seeds read one at a time (peak memory
follows the largest seed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukcsa_data.cli import main
from ukcsa_data.core.problems import Report
from ukcsa_data.text.tokens import numeric_spans, numeric_tokens
from ukcsa_data.validation.l3_types.field_types import TypedTable
from ukcsa_data.validation.l5_provenance.seed_tokens import SeedTokens

_PIECES = st.sampled_from(
    ["7", "1,000", "2.5", " ", "\n", "one", "someone", "Twenty", "half", "½", "Ⅻ", "²", "a", "£3m", "-"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_seed_tokens_are_the_numeric_tokens(text: str) -> None:
    """For any text, the compact tokens hold, in order, exactly the tokens ``numeric_tokens`` finds."""
    tokens = numeric_tokens(text)
    compact = SeedTokens(text, numeric_spans(text))
    assert list(compact) == tokens
    assert [compact[i] for i in range(len(compact))] == tokens
    assert list(compact.starts) == [token.start for token in tokens]


def _report(per_code: int) -> Report:
    report = Report("pkg")
    report.limit_per_code = per_code
    return report


def test_problems_counted_at_once_read_as_problems_added_one_by_one() -> None:
    """Past the listed problems, ``add_unlisted(n)`` leaves the same report as n calls of ``add``."""
    one_by_one, at_once = _report(3), _report(3)
    for line in range(1, 11):
        one_by_one.add("seeds/a.txt", line, None, "token-uncovered", f"token {line}")
    for line in range(1, 4):
        at_once.add("seeds/a.txt", line, None, "token-uncovered", f"token {line}")
    at_once.add_unlisted("seeds/a.txt", "token-uncovered", 7)
    one_by_one.close()
    at_once.close()
    assert at_once.problems == one_by_one.problems
    assert at_once.found("error") == one_by_one.found("error") == 10
    assert at_once.problems[-1].message == "… and 7 more token-uncovered problems"


def test_problems_that_would_be_listed_cannot_be_counted_at_once() -> None:
    """``add_unlisted`` refuses to count problems before as many as are listed were added."""
    report = _report(3)
    report.add("seeds/a.txt", 1, None, "token-uncovered", "token 1")
    with pytest.raises(ValueError, match="past the ones listed"):
        report.add_unlisted("seeds/a.txt", "token-uncovered", 5)


def test_many_uncovered_tokens_are_all_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A package with seeds of many uncovered tokens reports every one of them (listed or counted)."""
    from synthetic import hostile

    sizes = replace(hostile.SMALL, many_seeds=3, seed_tokens=500)
    package = hostile.build_shape("q-many-seeds", 200, tmp_path, sizes)
    assert main(["validate", "--format", "json", str(package)]) == 1
    out = capsys.readouterr().out
    assert out.count("… and 300 more token-uncovered problems") == 3


def _with_prose_seeds(tmp_path: Path, count: int, size: int) -> Path:
    """The small synthetic package with ``count`` more articles of ``size`` bytes of number-free
    prose (no numeric token, so no row is needed), named in sources.csv."""
    import hashlib

    from synthetic import hostile

    package = hostile.build_shape("n-baseline", 200, tmp_path / str(count), hostile.SMALL)
    raw = hostile.prose(size).encode("utf-8")
    sources = hostile.read_table(package, "sources")
    for number in range(count):
        name = f"seeds/9{number:05d}_prose.txt"
        (package / name).write_bytes(raw)
        row = {**sources[0], "source_id": f"prose-{number}", "seed_file": name}
        sources.append({**row, "sha256": hashlib.sha256(raw).hexdigest()})
    hostile.write_table(package, "sources", sources)
    hostile.rehash(package)
    return package


def _with_pointed_prose_seeds(tmp_path: Path, count: int, size: int) -> Path:
    """As :func:`_with_prose_seeds`, but each article opens with a dateline that an exclusion row
    covers, so a located row points at every one of them (the word layer reads each)."""
    import hashlib

    from synthetic import hostile

    package = hostile.build_shape("n-baseline", 200, tmp_path / f"pointed-{count}", hostile.SMALL)
    sources = hostile.read_table(package, "sources")
    exclusions = hostile.read_table(package, "exclusions")
    raw = ("Published 2023-12-11\n" + hostile.prose(size)).encode("utf-8")
    for number in range(count):
        name = f"seeds/9{number:05d}_prose.txt"
        (package / name).write_bytes(raw)
        row = {**sources[0], "source_id": f"prose-{number}", "seed_file": name}
        sources.append({**row, "sha256": hashlib.sha256(raw).hexdigest()})
        exclusions.append(
            {"source_id": f"prose-{number}", "text": "2023-12-11", "quote": "Published 2023-12-11",
             "occurrence": "1", "reason": "date"}
        )  # fmt: skip
    hostile.write_table(package, "sources", sources)
    hostile.write_table(package, "exclusions", exclusions)
    hostile.rehash(package)
    return package


def _traced_peak(package: Path) -> int:
    import tracemalloc

    from ukcsa_data.validation.runner import validate_package

    tracemalloc.start()
    try:
        report = validate_package(package)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert report.valid, [p for p in report.problems if p.severity == "error"][:3]


def _peak_added(build: Callable[[Path, int, int], Path], tmp_path: Path, more: int, size: int) -> int:
    """How much ``more`` articles of ``size`` bytes (made by ``build``) raise the traced peak of a
    validation over a package with one (the modules imported on first use not counted)."""
    with_one = build(tmp_path, 1, size)
    _traced_peak(with_one)
    one = _traced_peak(with_one)
    return _traced_peak(build(tmp_path, 1 + more, size)) - one


@pytest.mark.slow
def test_peak_memory_follows_the_largest_seed_not_their_sum(tmp_path: Path) -> None:
    """Seeds are read one at a time, and nothing of a seed's text is kept once it is checked unless
    a row points at it: six more articles of 2 MB that no row points at raise the traced peak of a
    validation by less than one of them takes, where holding them all would take 24 MB (the code
    before this design: 24 MB more)."""
    size = 2_000_000
    added = _peak_added(_with_prose_seeds, tmp_path, 6, size)
    assert added < size, added


@pytest.mark.slow
def test_the_word_layer_holds_one_seed_at_a_time(tmp_path: Path) -> None:
    """The word checks run on each seed as its rows are located, so no seed's text is kept for
    them: twelve more articles of 1 MB, each with a row pointing at it (read by the word layer),
    raise the traced peak of a validation by less than one of them takes, where keeping their
    texts for the word layer took 12 MB more (the code before this design; with fewer articles
    the texts kept stay under the peak of reading one seed, so the test takes twelve)."""
    size = 1_000_000
    added = _peak_added(_with_pointed_prose_seeds, tmp_path, 12, size)
    assert added < size, added


def test_seeds_tokenized_again_past_the_kept_offsets_give_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeping no seed's token offsets between reading the seeds and locating their rows (each
    seed then tokenized again) gives the same report as keeping them all."""
    from synthetic import hostile

    from ukcsa_data.validation.l5_provenance import seed_files

    sizes = replace(hostile.SMALL, many_seeds=3, seed_tokens=500)
    package = hostile.build_shape("q-many-seeds", 200, tmp_path, sizes)
    assert main(["validate", "--format", "json", str(package)]) == 1
    kept = capsys.readouterr().out
    monkeypatch.setattr(seed_files, "_KEEP_TOKENS", 0)
    assert main(["validate", "--format", "json", str(package)]) == 1
    assert capsys.readouterr().out == kept


def test_a_seed_that_changes_between_its_two_readings_is_reported(tmp_path: Path) -> None:
    """A seed is read twice (to count all seeds' tokens, then to locate its rows); if its bytes
    differ the second time, its rows are not located and the change is reported."""
    from synthetic import hostile

    from ukcsa_data.validation.l5_provenance import seed_files
    from ukcsa_data.validation.l5_provenance.seed import Budget

    package = hostile.build_shape("n-baseline", 200, tmp_path, hostile.SMALL)
    source = hostile.read_table(package, "sources")[0]
    sources = _typed_sources(package)
    report = Report(str(package))
    seeds = seed_files.load_seeds(package, sources, report)
    assert not report.problems
    with (package / source["seed_file"]).open("a", encoding="utf-8") as handle:
        handle.write("Added later.\n")
    first = seeds[source["source_id"]]
    assert seed_files.reread_seed(package, first, sources.path, report, Budget()) is None
    assert [(p.path, p.code) for p in report.problems] == [("dataset/sources.csv", "seed-checksum")]
    assert "changed while the package was validated" in report.problems[0].message


def _typed_sources(package: Path) -> TypedTable:
    """sources.csv of ``package`` as layer 3 types it."""
    return _typed_tables(package)["sources"]


def _typed_tables(package: Path) -> dict[str, TypedTable]:
    """The tables of ``package`` as layer 3 types them."""
    from ukcsa_data.validation.l1_descriptor.descriptor import check_descriptor
    from ukcsa_data.validation.l2_bytes.csv_reader import read_table
    from ukcsa_data.validation.l3_types.field_types import type_table

    report = Report(str(package))
    tables = {}
    for name, plan in check_descriptor(package, report).items():
        raw = read_table(package, plan, report, 0)
        assert raw is not None
        tables[name] = type_table(raw, plan.schema.fields, plan.schema.missing_values, report)
    return tables


def test_each_seed_is_given_with_the_spans_of_its_rows(tmp_path: Path) -> None:
    """Given ``each_seed``, provenance hands over each seed a located row points at, once, with its
    text and exactly the spans of its rows, and keeps no text (and, without ``keep_spans``, no
    spans); the report is the same as without."""
    from synthetic import hostile

    from ukcsa_data.validation.l5_provenance.provenance import SeedSpans, check_provenance

    package = hostile.build_shape("n-baseline", 200, tmp_path, hostile.SMALL)
    tables = _typed_tables(package)
    kept_report, given_report = Report(str(package)), Report(str(package))
    kept = check_provenance(package, tables, kept_report)
    given: list[tuple[str, str, SeedSpans]] = []
    handed = check_provenance(package, tables, given_report, lambda *seed: given.append(seed))
    assert handed.texts == {} and handed.spans == kept.spans
    assert given_report.problems == kept_report.problems
    bare_report, bare_given = Report(str(package)), []
    bare = check_provenance(
        package, tables, bare_report, lambda *seed: bare_given.append(seed), keep_spans=False
    )
    assert bare.texts == {} and bare.spans == {} and bare_given == given  # without spans kept
    assert bare_report.problems == kept_report.problems and kept.spans["figures"]
    assert [source_id for source_id, _, _ in given] == list(kept.texts)
    for source_id, text, spans in given:
        assert text == kept.texts[source_id]
        for name, rows in kept.spans.items():
            assert spans[name] == {row: span for row, span in rows.items() if span[0] == source_id}


def test_a_column_of_few_values_holds_each_value_once(tmp_path: Path) -> None:
    """Layer 2 keeps one object per distinct text of a column with few distinct values (a source,
    a unit, a qualifier), so a million figures do not hold a million copies of each; a column of
    distinct texts (a key, a quote) keeps its cells as read. The texts are those of the file."""
    import csv

    from synthetic import hostile

    package = hostile.build_shape("n-baseline", 5_000, tmp_path, hostile.SMALL)
    figures = _typed_tables(package)["figures"]
    with (package / "dataset" / "figures.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for column in ("source_id", "unit", "qualifier", "figure_id", "quote"):
        cells = figures.columns[column]
        assert cells == [row[column] or None for row in rows], column
    for column in ("source_id", "unit", "qualifier"):
        assert len({id(cell) for cell in figures.columns[column]}) == len(set(figures.columns[column]))
    assert len(set(figures.columns["figure_id"])) == 5_000
    # A number column's repeated texts share one object, and so do their values (each distinct
    # text is parsed once).
    for shared in (figures.texts["value"], figures.columns["value"], figures.columns["value_text"]):
        present = [cell for cell in shared if cell is not None]
        assert len({id(cell) for cell in present}) == len(set(present)) < len(present)
    assert figures.columns["value"] == [float(row["value"]) if row["value"] else None for row in rows]


def test_a_file_is_held_once_as_it_is_read(tmp_path: Path) -> None:
    """Reading a package file holds its bytes once (a 240 MB table was held twice while its
    chunks were joined): the peak of memory allocated while reading is within 5 % of its size."""
    import tracemalloc

    from ukcsa_data.core.safe_paths import read_package_file

    data = bytes(range(256)) * (64 * 1024)  # 16 MiB
    (tmp_path / "big.csv").write_bytes(data)
    tracemalloc.start()
    try:
        read = read_package_file(tmp_path, "big.csv", len(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert read == data
    assert peak < len(data) * 1.05
    assert read_package_file(tmp_path, "big.csv", len(data) - 1)[0] == "file-too-large"
