"""Several documents rendered at once, over the machine's cores.

``hanke attachment --all`` writes a DOCX and a PDF for every municipality taking part; each
is independent of the others. They are rendered in worker processes started with ``fork``,
so the workers share the parent's computed result, built documents and imported WeasyPrint
instead of making them again. The parent collects each document's bytes and hands them to
:func:`..output.write_batch`, which stages every file before naming any: a batch is still
written whole or not at all.

- A document a worker could not render (an error in it, a worker that died) is rendered
  again by the parent, which raises the error as a serial run would (in the user's language,
  nothing written).
- Workers never receive Ctrl-C (it is blocked in them); on an interruption the parent stops
  them and reports it itself (exit 130, no traceback).
- Markdown is rendered in the parent (cheaper than starting a worker), as is everything on a
  single core or off Linux (where ``fork`` is not safe with the system's libraries).
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, BinaryIO, Protocol

Writer = Callable[[BinaryIO], None]

# fork keeps the parent's loaded libraries; elsewhere (macOS frameworks) it is not safe
FORK_SAFE = sys.platform.startswith("linux")
HEAVY = ("pdf", "docx")  # rendered in workers; anything else in the parent


class Job(Protocol):
    kind: str

    def build(self) -> Any: ...

    def write(self, fh: BinaryIO) -> None: ...


_JOBS: Sequence[Job] = ()  # the batch a forked worker renders from (inherited, not pickled)


def workers_available() -> int:
    """How many processes may render at once: the cores this process may run on that are
    not busy already (the system's load over the last minute). A process forked for a
    busy core finishes nothing sooner and adds work: each process copies the pages of the
    inherited memory it writes to (on a 2-core machine some 0.15 s of the 1.8 s the
    7-municipality example takes)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return max(1, min(cores, round(cores - busy)))


def _render(index: int) -> bytes | None:
    """In a worker: the bytes of document ``index``, or None if it failed (the parent then
    renders it itself and reports the error)."""
    buffer = io.BytesIO()
    try:
        _JOBS[index].write(buffer)
    except Exception:  # noqa: BLE001 - reported by the parent's own attempt
        return None
    return buffer.getvalue()


@contextmanager
def rendered(jobs: Sequence[Job], workers: int | None = None) -> Iterator[list[Writer]]:
    """One writer per job, in order; the documents behind them are being rendered in
    parallel from the moment this is entered. A writer waits for its document and writes
    its bytes (or renders it itself if the worker failed).

    ``workers`` is how many processes render at once, this one included. This process
    renders the first PDF before forking, so the workers inherit what that warmed (the
    fonts found and loaded, the library's parsed C types), then shares the batch with
    them: they take documents from the front, it takes them from the end."""
    global _JOBS
    heavy = [i for i, job in enumerate(jobs) if job.kind in HEAVY]
    processes = min(workers or workers_available(), len(heavy))
    if processes < 2 or not FORK_SAFE:
        with _collecting():
            yield [job.write for job in jobs]
        return
    kinds = {jobs[i].kind for i in heavy}
    if "pdf" in kinds:
        from .document import pdf_engine

        pdf_engine()  # imported once, here, for every worker (or its error, once)
    if "docx" in kinds:
        import docx  # noqa: F401 - imported once, here, for every worker
    for job in jobs:
        job.build()  # the documents are built once, here, and inherited
    before = set(multiprocessing.active_children())
    with _collecting():
        _JOBS = jobs
        batch = _Batch(heavy, processes - 1)
        first = next((i for i in heavy if jobs[i].kind == "pdf"), None)
        if first is not None:
            batch.render_here(first)
            gc.freeze()  # what it kept (caches) shared with the workers too
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is inherited twice
            stream.flush()
        try:
            # the workers are forked at the first hand-out, with Ctrl-C blocked: they never
            # see it, and the parent alone answers it
            with _sigint_blocked():
                batch.hand_out()
            yield [batch.writer(i, job) for i, job in enumerate(jobs)]
        except BaseException:
            batch.pool.shutdown(wait=False, cancel_futures=True)
            for process in set(multiprocessing.active_children()) - before:
                process.terminate()  # a worker midway through a long document stops now
            raise
        else:
            batch.pool.shutdown()
        finally:
            _JOBS = ()


class _Batch:
    """The documents of a batch still to render, between this process and its workers.

    The workers get documents in the order they are written (the progress bar moves
    evenly), a few ahead each so that none waits; this process renders the last one not
    handed out whenever it would otherwise wait for a worker."""

    AHEAD = 2  # documents handed to each worker before it needs them

    def __init__(self, heavy: Sequence[int], workers: int) -> None:
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self.workers = workers
        self.waiting = deque(heavy)  # neither handed out nor rendered here
        self.futures: dict[int, Future[bytes | None]] = {}
        self.ready: dict[int, bytes | None] = {}  # rendered here (None: failed)
        self.broken = False

    def render_here(self, index: int) -> None:
        self.waiting.remove(index)
        self.ready[index] = _render(index)

    def hand_out(self) -> None:
        busy = sum(not f.done() for f in self.futures.values())
        while self.waiting and busy < self.AHEAD * self.workers and not self.broken:
            try:
                future = self.pool.submit(_render, self.waiting[0])
            except BrokenProcessPool:  # a worker died: the rest is rendered here
                self.broken = True
                return
            self.futures[self.waiting.popleft()] = future
            busy += 1

    def writer(self, index: int, job: Job) -> Writer:
        def write(fh: BinaryIO) -> None:
            data = self._result(index)
            if data is None:  # a failure: rendered (and reported) here, as a serial run would
                job.write(fh)
            else:
                fh.write(data)

        return write

    def _result(self, index: int) -> bytes | None:
        """Document ``index``'s bytes, rendering others from the end meanwhile; None if it
        failed (or is not a document the workers render)."""
        self.hand_out()
        while index not in self.ready:
            future = self.futures.get(index)
            if future is None:  # not handed out: every document before it is written
                if index not in self.waiting:
                    return None
                self.render_here(index)
                break
            if future.done() or not self.waiting:
                try:
                    return future.result()
                except Exception:  # noqa: BLE001 - a worker that died: rendered here instead
                    return None
            self.hand_out()
            if self.waiting:
                self.render_here(self.waiting[-1])
        return self.ready.pop(index)


@contextmanager
def _collecting() -> Iterator[None]:
    """The cyclic garbage collector on while documents are laid out (their box trees are
    cyclic), over what is made meanwhile only: everything imported and built before is
    frozen, neither traversed nor, in a forked worker, copied by a collection. Afterwards
    it is as it was (a one-shot command exits without a collection over everything)."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
        gc.unfreeze()


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Ctrl-C held back while the workers are forked: they keep it blocked for their whole
    life, and the parent receives a Ctrl-C pressed meanwhile as soon as they exist."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
