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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
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
    """How many processes may render at once: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


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
    its bytes (or renders it itself if the worker failed)."""
    global _JOBS
    heavy = [i for i, job in enumerate(jobs) if job.kind in HEAVY]
    workers = min(workers or workers_available(), len(heavy))
    if workers < 2 or not FORK_SAFE:
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
    futures: dict[int, Future[bytes | None]] = {}
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        _JOBS = jobs
        gc.freeze()  # the inherited objects stay shared: no collection in a worker copies them
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is inherited twice
            stream.flush()
        # the workers are forked at the first submit, with Ctrl-C blocked: they never see
        # it, and the parent alone answers it
        with _sigint_blocked():
            futures[heavy[0]] = pool.submit(_render, heavy[0])
        for i in heavy[1:]:  # in the order they are written: the progress bar moves evenly
            futures[i] = pool.submit(_render, i)
        yield [_writer(job, futures.get(i)) for i, job in enumerate(jobs)]
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in set(multiprocessing.active_children()) - before:
            process.terminate()  # a worker midway through a long document stops now
        raise
    else:
        pool.shutdown()
    finally:
        _JOBS = ()
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


def _writer(job: Job, future: Future[bytes | None] | None) -> Writer:
    def write(fh: BinaryIO) -> None:
        data = None
        if future is not None:
            try:
                data = future.result()
            except Exception:  # noqa: BLE001 - a worker that died: rendered here instead
                data = None
        if data is None:
            job.write(fh)
        else:
            fh.write(data)

    return write
