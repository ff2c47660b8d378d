"""`--jobs N` and the progress bar: the command line's side of rkt_cli.parallel (worker
processes for many files, results in input order) and of rich's progress display."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import typer

from rkt_cli.cli.app import fail_usage, say
from rkt_cli.safe_output import escape_controls

T = TypeVar("T")
R = TypeVar("R")


def pool_pays(jobs: int, files: Sequence[Path], rendering: bool = False) -> bool:
    """Whether `--jobs` starts worker processes for these files (rkt_cli.parallel)."""
    from rkt_cli import parallel

    return parallel.pool_pays(jobs, files, parallel.MIN_BYTES_TO_RENDER if rendering else parallel.MIN_BYTES_TO_CHECK)


def run_in_pool(function: Callable[[T], R], items: Sequence[T], jobs: int, label: str = "") -> list[R]:
    """`function` over `items` in worker processes, results in order; a dead worker is exit 2.
    With a `label`, a progress bar on stderr counts the files done (on a terminal only)."""
    from rkt_cli.parallel import WorkerStopped, pool_results

    results = []
    try:
        with pool_results(function, items, jobs) as done, progress_bar(len(items) if label else 0, label) as step:
            for result in done:
                results.append(result)
                step(None)
    except WorkerStopped as exc:
        fail_usage(f"{exc}; nothing was written (run again, or with --jobs 1)")
    return results


class Step(Protocol):
    """What progress_bar yields: print a message above the bar and count a file done."""

    def __call__(self, message: str | None = None, advance: bool = True) -> None: ...


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Step]:
    """A progress bar on stderr over `total` files, on a terminal and for more than one file.
    Yields `step(message, advance=True)`: the message (if any) printed above the bar, then one
    file counted. Without a bar, the message is printed as `say` prints it."""
    import sys

    if total <= 1 or not sys.stderr.isatty():

        def say_only(message: str | None = None, advance: bool = True) -> None:
            if message is not None:
                say(message)

        yield say_only
        return
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task(label, total=total)

    def step(message: str | None = None, advance: bool = True) -> None:
        if message is not None:  # above the bar
            progress.console.print(escape_controls(message), markup=False, highlight=False)
        if advance:
            progress.advance(task)

    progress.start()
    try:
        yield step
    finally:
        progress.stop()


def jobs_option() -> Any:
    """`--jobs/-j N`, the worker processes for many files; None means one per core."""
    return typer.Option(
        None,
        "--jobs",
        "-j",
        help="Worker processes for many files (default: one per core; 1: one process).",
        min=1,
        metavar="N",
        show_default=False,
    )


def resolve_jobs(jobs: int | None) -> int:
    """`--jobs` made concrete: one per core when not given."""
    from rkt_cli.parallel import default_jobs

    return default_jobs() if jobs is None else jobs
