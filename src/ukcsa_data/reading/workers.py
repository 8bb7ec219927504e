"""The readings of an article's figures (:func:`~ukcsa_data.reading.seed.read_seed`) in other
processes, while the caller goes on: so that a large package's words are read on two cores.

:class:`Readers` gives each article to a worker process that is free (one given fewer than
``AHEAD`` articles it has not replied for), else reads it in the calling process; either way the
readings are those of :func:`read_seed` (a function of the text, the spans, the vocabulary and
the date of publication only), handed back in the order the articles were given. A worker that
fails or dies is not used again, and what it was given is read in the calling process (where an
error of the reading then happens as it would have without workers).

A worker is a new interpreter (``python -I``, with the caller's ``sys.path`` and nothing else of
its state: not its ``__main__``, which ``multiprocessing`` would import again), started only on
POSIX, where there are at least two usable processors, and only for packages large enough to pay
for starting it (about 0.2 s of one core). It talks through two pipes of its own; its standard
streams are closed, so nothing it could write reaches a terminal or a log.
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from ukcsa_data.reading import Reading
from ukcsa_data.reading.seed import read_seed
from ukcsa_data.reading.vocabulary import Vocabulary, bundled_vocabulary

#: Articles a worker may be given and not have replied for: enough that it never idles while
#: the caller locates the next articles' rows, which it reads itself while the worker is busy.
AHEAD = 8


def serve(requests_fd: int, replies_fd: int) -> None:
    """A worker's loop: take the vocabulary, then read each article it is given until the caller
    closes its pipe; a reading that fails is sent back as None (the caller reads that article
    itself). A thread takes the requests as they come, so the caller never waits to give one
    while this process waits to reply."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller is interrupted, and stops this process
    # As in the calling process (validation.runner): nothing a reading makes forms a cycle, so
    # reference counting frees it all, and the collector's passes only cost time (2 % of a reading).
    gc.disable()
    requests, replies = Connection(requests_fd, writable=False), Connection(replies_fd, readable=False)
    given: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:
        with contextlib.suppress(OSError, EOFError):
            while True:
                given.put(requests.recv())
        given.put(None)

    threading.Thread(target=receive, daemon=True).start()
    kept = given.get()
    vocabulary = None if kept is None else Vocabulary(*kept)
    while kept is not None and (request := given.get()) is not None:
        text, spans, published = request
        try:
            readings: list[Reading] | None = read_seed(text, spans, vocabulary, published)
        except Exception:  # noqa: BLE001 - the caller reads it again and meets the error there
            readings = None
        try:
            replies.send(readings)
        except (OSError, EOFError):
            return  # the caller has gone


@dataclass
class _Worker:
    """A worker process, the ends of its two pipes the caller holds, and how many articles it was
    given and has not replied for."""

    process: subprocess.Popen[bytes]
    requests: Connection
    replies: Connection
    waiting: int = 0


@dataclass
class _Given:
    """An article given to :class:`Readers`: what it reads, and its readings once known."""

    text: str
    spans: Sequence[tuple[int, int]]
    published: date | None
    worker: _Worker | None = None
    readings: list[Reading] | None = None


@dataclass
class Readers:
    """Read articles' figures in up to ``processes`` processes (the caller's and workers), with
    ``vocabulary`` (None: the bundled package's). Call :meth:`close` when done."""

    vocabulary: Vocabulary | None
    processes: int = 1
    _workers: list[_Worker] = field(default_factory=list)
    _given: deque[_Given] = field(default_factory=deque)
    _broken: bool = False
    #: How many articles were given to workers (the others were read in the calling process).
    given_to_workers: int = 0

    def give(self, text: str, spans: Sequence[tuple[int, int]], published: date | None) -> None:
        """Give an article to read: to a free worker, or else read it now."""
        given = _Given(text, spans, published)
        worker = self._free_worker()
        if worker is not None:
            try:
                worker.requests.send((text, spans, published))
                worker.waiting += 1
                given.worker = worker
                self.given_to_workers += 1
            except (OSError, ValueError):
                self._fail()
        if given.worker is None:
            given.readings = read_seed(text, spans, self.vocabulary, published)
        self._given.append(given)

    def ready(self) -> bool:
        """Whether the first article given and not yet taken has its readings (True if none)."""
        if not self._given:
            return True
        first = self._given[0]
        if first.readings is not None or first.worker is None:
            return True
        try:
            return first.worker.replies.poll()
        except (OSError, EOFError):
            return True  # taking it finds the worker broken and reads it here

    def waiting(self) -> int:
        """How many articles were given and not yet taken."""
        return len(self._given)

    def take(self) -> list[Reading]:
        """The readings of the first article given and not yet taken (waiting for its worker)."""
        given = self._given.popleft()
        if given.readings is None and given.worker is not None:
            given.readings = self._reply(given.worker)
        if given.readings is None:
            given.readings = read_seed(given.text, given.spans, self.vocabulary, given.published)
        return given.readings

    def close(self) -> None:
        """Stop the workers (what they were given and not taken is dropped)."""
        for worker in self._workers:
            worker.requests.close()  # the worker's loop ends
            worker.replies.close()  # a worker still replying stops
        for worker in self._workers:
            try:
                worker.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        self._workers.clear()

    def _reply(self, worker: _Worker) -> list[Reading] | None:
        """The worker's next reply (None if it could not read the article, or is broken)."""
        try:
            reply: list[Reading] | None = worker.replies.recv()
        except (OSError, EOFError):
            self._fail()
            return None
        worker.waiting -= 1
        return reply

    def start(self) -> None:
        """Start the workers now (else they start when the first article is given): they import
        their modules while the caller reads its first article. Nothing here raises once a worker
        is started (the bundled vocabulary, the one thing that may, is read before)."""
        if self._broken or len(self._workers) >= self.processes - 1:
            return
        # Read here, once, under the caller's limits; read_seed reads the same when given None.
        self.vocabulary = self.vocabulary or bundled_vocabulary()
        while not self._broken and len(self._workers) < self.processes - 1:
            self._start()

    def _free_worker(self) -> _Worker | None:
        if self._broken:
            return None
        self.start()
        free = [worker for worker in self._workers if worker.waiting < AHEAD]
        return min(free, key=lambda worker: worker.waiting) if free else None

    def _start(self) -> None:
        """Start a worker and give it the vocabulary (or stop using workers, if it cannot start)."""
        if os.name != "posix" or getattr(sys, "frozen", False) or not sys.executable:
            self._fail()  # no pipes to pass, or no Python interpreter to start
            return
        pipes = _two_pipes()
        if pipes is None:  # no descriptors left: read here
            self._fail()
            return
        take_requests, give_requests, take_replies, send_replies = pipes
        try:
            process = _launch(take_requests, send_replies)
        except OSError:
            os.close(give_requests)
            os.close(take_replies)
            self._fail()
            return
        finally:
            # The worker holds these ends: the caller's copies would keep a dead worker's pipes open.
            os.close(take_requests)
            os.close(send_replies)
        worker = _Worker(
            process, Connection(give_requests, readable=False), Connection(take_replies, writable=False)
        )
        self._workers.append(worker)
        vocabulary = self.vocabulary
        assert vocabulary is not None  # start() read it before starting any worker
        try:
            worker.requests.send((vocabulary.areas, vocabulary.units))
        except OSError:
            self._fail()

    def _fail(self) -> None:
        """Stop using workers: the articles they hold are read here when taken."""
        self._broken = True
        for given in self._given:
            given.worker = None if given.readings is None else given.worker


def _launch(requests_fd: int, replies_fd: int) -> subprocess.Popen[bytes]:
    """A new interpreter running :func:`serve` on the two pipe ends, with the caller's
    ``sys.path`` and nothing else of it (``-I``), its standard streams ``/dev/null``."""
    code = (
        f"import sys; sys.path[:] = {sys.path!r}; "
        f"from ukcsa_data.reading.workers import serve; serve({requests_fd}, {replies_fd})"
    )
    flags = ["-I", *(["-B"] if sys.dont_write_bytecode else [])]
    return subprocess.Popen(
        [sys.executable, *flags, "-c", code],
        pass_fds=(requests_fd, replies_fd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _two_pipes() -> tuple[int, int, int, int] | None:
    """Two pipes (read end, write end, read end, write end), each end numbered 3 or more: with the
    caller's standard streams closed a pipe takes their numbers, and the worker's standard streams
    are set over those. None, with nothing left open, if the descriptors cannot be had."""
    opened: list[int] = []
    try:
        for _ in range(2):
            opened += os.pipe()
        moved = [_above_standard_streams(fd, opened) for fd in list(opened)]
    except OSError:
        for fd in opened:
            with contextlib.suppress(OSError):
                os.close(fd)
        return None
    return moved[0], moved[1], moved[2], moved[3]


def _above_standard_streams(fd: int, opened: list[int]) -> int:
    """``fd``, or a copy of it numbered 3 or more if it is 0, 1 or 2 (the copy takes its place in
    ``opened``, the list of what to close if a later step fails)."""
    if fd > 2:
        return fd
    import fcntl  # POSIX only, as workers are

    copy = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
    opened[opened.index(fd)] = copy
    os.close(fd)
    return copy
