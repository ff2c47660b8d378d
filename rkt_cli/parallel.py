"""Many files in one run over a pool of worker processes (`--jobs N`), results in input order.

Each worker takes whole files (check, or check and render) and hands back plain data: the
diagnostics, the totals, the rendered bytes. The parent alone prints and writes, in the order
the files were given, so the output is the same bytes in the same order as one process makes.

The functions given to `pool_results` must be module-level (picklable by name) and their
arguments and results plain data: with the 'spawn' start method (Windows, macOS, and the
default of newer Pythons) a worker imports them afresh instead of inheriting them.

Signals: a Ctrl-C at a terminal reaches every process of the foreground group, workers
included, and a service manager may send SIGTERM to them all. Workers ignore SIGINT, SIGTERM
and SIGHUP, so none prints a traceback or dies under the pool (which would leave the parent to
report a broken pool); the parent's handler (rkt_cli.interrupts) raises Interrupted where it
waits, and leaving the pool cancels the files not yet started and waits for the chunk each
worker is on (at most MAX_CHUNK files, a fraction of a second), after which the workers exit.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rkt_cli.interrupts import deferred

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# multiprocessing and concurrent.futures are imported only when a pool starts: deciding
# whether one pays must cost `rkt validate FILE` nothing.

T = TypeVar("T")
R = TypeVar("R")

MIN_BYTES_TO_CHECK = 512 * 1024
"""Input size from which checking (validate, summary) in a pool pays: starting the workers and
handing results back costs about 20 ms. On 2 cores (benchmarks/bench_many_files.py
--break-even) the two were even at 396 KiB (32 satker files of 40 indikator), and the pool was
1.7 times faster at 7 MiB (550 files)."""

MIN_BYTES_TO_RENDER = 96 * 1024
"""Input size from which rendering in a pool pays: rendering costs about ten times what
checking does, so some 8 satker files earn the start back (4 files lost 11 %, 8 gained 22 %)."""

CHUNKS_PER_WORKER = 4
"""Files go to the workers in this many chunks per worker: fewer round trips than one file at a
time, yet small enough that a worker with big files does not leave the others idle at the end."""

MAX_CHUNK = 8
"""At most this many files in one chunk: after Ctrl-C, a worker finishes its chunk first."""


class WorkerStopped(Exception):
    """A worker process ended before handing its files back (killed, or out of memory)."""


def default_jobs() -> int:
    """`--jobs` when not given: one worker per core."""
    return os.cpu_count() or 1


def pool_pays(jobs: int, files: Sequence[Path], min_bytes: int) -> bool:
    """Whether a pool is worth starting: several jobs, several files, and enough to do (the
    time to check or render a file grows with its size)."""
    if jobs <= 1 or len(files) < 2:
        return False
    return sum(_size(path) for path in files) >= min_bytes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # reported when the file is read
        return 0


def _start_method() -> str:
    import multiprocessing

    # fork starts a worker in milliseconds with every module already imported; spawn imports
    # them again (about 0.3 s a worker). Only where fork exists and is safe to use (POSIX, not
    # macOS, whose system libraries may not survive a fork).
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and os.name == "posix" and not _is_macos():
        return "fork"
    return "spawn"


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"


def _worker_init() -> None:
    """Runs first in each worker: the parent alone decides what a signal means (see above)."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # a forked worker inherited the parent's handlers
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    # What the worker holds from the start (the modules, a forked parent's template) stays to
    # the end: frozen, no collection scans it, and a full one between files costs little.
    gc.freeze()


@contextmanager
def pool_results(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[Iterator[R]]:
    """`function` over `items` in up to `jobs` worker processes: the results in `items`' order,
    each as soon as it and those before it are done. An exception `function` raised is raised
    at its item; WorkerStopped when a worker died.

    The workers are started on entering, before the caller starts any thread of its own (a
    progress bar): a process forked while another thread holds a lock can hang on that lock.
    """
    workers = max(1, min(jobs, len(items)))
    chunksize = max(1, min(MAX_CHUNK, len(items) // (workers * CHUNKS_PER_WORKER)))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(_start_method())
    pool: ProcessPoolExecutor | None = None
    try:
        # Deferred: a signal while the workers are being forked would leave one the pool does
        # not know yet, which nothing would end and the interpreter would wait for at exit. A
        # worker forked meanwhile inherits the deferral, so a signal before its _worker_init
        # is held and never raised there.
        with deferred():
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)
            results = pool.map(function, items, chunksize=chunksize)
        yield _unbroken(results)
    finally:
        if pool is not None:
            with deferred():
                # On an interruption or an error: drop the files not yet started, then wait
                # for the chunk each worker is on; the workers then exit.
                pool.shutdown(wait=True, cancel_futures=True)


def _unbroken(results: Iterator[R]) -> Iterator[R]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield from results
    except BrokenProcessPool:
        raise WorkerStopped("a worker process ended before it finished its files") from None
