"""Stopping on a signal without leaving anything behind: the exception, and the few steps it
must not cut in two.

The CLI (rkt_cli/cli/signals.py) installs `on_signal` for SIGINT, SIGTERM and SIGHUP. It raises
Interrupted in the main thread, so that every finally on the way out does its cleanup. A few
steps cannot be cleaned up when cut in the middle: Popen() interrupted after the fork returns no
process to end, and a temporary folder half removed stays half there. Such a step runs inside
`deferred()`: a signal that arrives meanwhile is raised when the step is complete.

Main thread only: Python runs signal handlers there, and the conversion runs there too. Without
the CLI's handler (rkt used as a library) `deferred()` changes nothing.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")  # SIGHUP: the terminal was closed. Windows lacks it.


class Interrupted(BaseException):
    """A signal asked rkt to stop.

    A BaseException, so that no `except Exception` on the way out swallows it; not a
    KeyboardInterrupt, so that Typer does not turn it into a silent exit.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_depth = 0  # how many deferred() blocks are open
_pending: int | None = None  # a signal that arrived inside one


def handled_signals() -> list[signal.Signals]:
    return [getattr(signal, name) for name in SIGNALS if hasattr(signal, name)]


def on_signal(signum: int, frame: FrameType | None) -> None:
    """The handler: raise Interrupted now, or at the end of the open deferred() block."""
    global _pending
    # From now on further signals are ignored: the cleanup they would cut short is bounded
    # (the LibreOffice grace, removing a folder), and a second Ctrl-C must not leave a
    # soffice or a profile behind.
    for handled in handled_signals():
        signal.signal(handled, signal.SIG_IGN)
    if _depth:
        _pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def deferred() -> Iterator[None]:
    """Run a step that must not be cut in two; a signal meanwhile is raised once it is done."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _pending is not None:
            signum, _pending = _pending, None
            raise Interrupted(signum)
