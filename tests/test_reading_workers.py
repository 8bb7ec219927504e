"""Reading the words in worker processes changes nothing but the time: the readings a worker gives
back are :func:`read_seed`'s, in the order the articles were given; a worker that dies or fails is
replaced by reading in the calling process; ``validate`` reports the same problems, in the same
order, with one process or two; and no worker outlives a validation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from synthetic import hostile

from ukcsa_data.cli import main
from ukcsa_data.core import processes
from ukcsa_data.reading.seed import read_seed
from ukcsa_data.reading.workers import Readers
from ukcsa_data.validation.l8_words.context import vocabulary_of
from ukcsa_data.validation.runner import check_package, validate_package

ROWS = 2_000
#: Articles, each with the spans of its figures.
Articles = list[tuple[str, list[tuple[int, int]]]]


def _children() -> set[int]:
    """The processes whose parent is this one (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.add(int(entry))
    return found


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Articles:
    """The synthetic package's articles at 2,000 figures, each with its figures' spans."""
    package = hostile.build_shape("n-baseline", ROWS, tmp_path_factory.mktemp("workers"), hostile.SMALL)
    checked = check_package(package, processes=1)
    spans: dict[str, list[tuple[int, int]]] = {}
    for source_id, start, end in checked.located.spans["figures"].values():
        spans.setdefault(source_id, []).append((start, end))
    return [(checked.located.texts[source_id], sorted(found)) for source_id, found in spans.items()]


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")


@pytest.mark.slow
def test_a_worker_gives_back_read_seeds_readings_in_order(articles: Articles) -> None:
    """Every article given is read as read_seed reads it, in order, some of them by the worker."""
    readers = Readers(None, processes=2)
    try:
        for text, spans in articles:
            readers.give(text, spans, None)
        assert readers.waiting() == len(articles)
        got = [readers.take() for _ in articles]
        assert readers.given_to_workers > 0
    finally:
        readers.close()
    assert got == [read_seed(text, spans) for text, spans in articles]


@pytest.mark.slow
def test_a_dead_worker_is_replaced_by_reading_here(articles: Articles) -> None:
    """Killed while it holds articles, a worker's articles are read in this process, the same."""
    readers = Readers(None, processes=2)
    try:
        for text, spans in articles[:4]:
            readers.give(text, spans, None)
        assert readers.given_to_workers > 0
        for worker in readers._workers:  # the test kills the worker it started
            worker.process.kill()
            worker.process.wait()
        for text, spans in articles[4:]:
            readers.give(text, spans, None)
        got = [readers.take() for _ in articles]
    finally:
        readers.close()
    assert got == [read_seed(text, spans) for text, spans in articles]


@pytest.mark.slow
def test_an_error_in_a_worker_is_met_here() -> None:
    """An article whose reading fails in the worker fails the same way when taken."""
    readers = Readers(None, processes=2)
    try:
        readers.give(12345, [(0, 1)], None)  # type: ignore[arg-type]
        assert readers.given_to_workers == 1
        with pytest.raises(TypeError):
            readers.take()
    finally:
        readers.close()
    with pytest.raises(TypeError):
        read_seed(12345, [(0, 1)])  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["n-baseline", "r-many-problems", "m-bidi", "h-nasty-value-text"])
def test_validate_reports_the_same_with_one_process_or_two(shape: str, tmp_path: Path) -> None:
    """The problems, their messages and their order do not depend on the number of processes."""
    package = hostile.build_shape(shape, ROWS, tmp_path, hostile.SMALL)
    before = _children()
    one = validate_package(package, processes=1)
    two = validate_package(package, processes=2)
    assert one.problems == two.problems
    assert one.tables == two.tables
    assert _children() <= before


@pytest.mark.slow
def test_no_worker_outlives_a_validation_that_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A validation that stops with an error half-way through the seeds stops its workers."""
    package = hostile.build_shape("n-baseline", ROWS, tmp_path, hostile.SMALL)
    from ukcsa_data.validation.l5_provenance import provenance

    calls = {"n": 0}
    real = provenance.report_uncovered

    def stop_at_the_third(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("stopped")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(provenance, "report_uncovered", stop_at_the_third)
    before = _children()
    with pytest.raises(RuntimeError, match="stopped"):
        validate_package(package, processes=2)
    assert calls["n"] == 3
    assert _children() <= before


def test_two_processes_only_for_large_packages_on_two_processors(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default a worker reads only a package of WORKERS_FROM figures or more, with two
    processors usable."""
    monkeypatch.setattr(processes, "usable_processors", lambda: 2)
    assert processes.default_processes(processes.WORKERS_FROM) == 2
    assert processes.default_processes(processes.WORKERS_FROM - 1) == 1
    monkeypatch.setattr(processes, "usable_processors", lambda: 1)
    assert processes.default_processes(10 * processes.WORKERS_FROM) == 1


def test_the_vocabulary_reaches_the_worker(tmp_path: Path) -> None:
    """A package's own areas and units are what the worker reads with (not the bundled ones)."""
    text = "Police in Northumbria recorded 1,234 offences last year."
    span = (text.index("1,234"), text.index("1,234") + 5)
    checked = check_package(Path(__file__).parents[1], processes=1)
    vocabulary = vocabulary_of(checked.tables)
    assert vocabulary is not None
    readers = Readers(vocabulary, processes=2)
    try:
        readers.give(text, [span], None)
        assert readers.given_to_workers == 1
        got = readers.take()
    finally:
        readers.close()
    assert got == read_seed(text, [span], vocabulary)
    assert got[0].geography.value is not None


@pytest.mark.parametrize("value", ["0", "9", "-1"])
def test_processes_out_of_range_is_refused(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--processes takes 1 to MOST_PROCESSES; anything else is refused with a message, exit 2."""
    assert main(["validate", "--processes", value]) == 2
    err = capsys.readouterr().err
    assert f"--processes: {value} is not from 1 to {processes.MOST_PROCESSES}" in err


@pytest.mark.slow
def test_a_worker_is_used_with_the_standard_streams_closed(tmp_path: Path) -> None:
    """With stdin, stdout and stderr closed (so a pipe takes their numbers), the worker still
    reads: its pipes are moved above them before its own streams are set."""
    result = tmp_path / "result"
    script = (
        "import sys\n"
        "from ukcsa_data.reading.seed import read_seed\n"
        "from ukcsa_data.reading.workers import Readers\n"
        "text = 'In 2023 police recorded 1,234 offences.'\n"
        "span = [(text.index('1,234'), text.index('1,234') + 5)]\n"
        "readers = Readers(None, processes=2)\n"
        "readers.give(text, span, None)\n"
        "same = readers.take() == read_seed(text, span)\n"
        "readers.close()\n"
        "open(sys.argv[1], 'w').write(f'{readers.given_to_workers} {same}')\n"
    )
    command = f'"{sys.executable}" -c "$0" "$1" <&- >&- 2>&-'
    subprocess.run(["sh", "-c", command, script, str(result)], check=True, timeout=120)
    assert result.read_text() == "1 True"
