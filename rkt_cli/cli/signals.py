"""Ending rkt on SIGINT, SIGTERM or SIGHUP: clean up, say so in one line, exit 128 + N.

Python's default SIGTERM and SIGHUP end the process at once, without running a single finally:
the LibreOffice child and its temporary profile were left behind. Ctrl-C becomes
KeyboardInterrupt, which Typer turns into a silent exit. Here each of these signals raises
rkt_cli.interrupts.Interrupted in the main thread instead, so that every finally and context
manager on the way out (the soffice process group, the temporary folders, the half-written
output file) does its work; then rkt exits as a shell expects of a process ended by the signal.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from rkt_cli.interrupts import Interrupted, handled_signals, on_signal


@contextmanager
def exit_on_signals() -> Iterator[None]:
    """Run the body with the handlers installed; on a signal, one line on stderr and exit 128 + N.

    A signal that is ignored when rkt starts (nohup, a background job of a non-interactive
    shell) stays ignored: whoever started rkt asked for that.
    """
    previous = {}
    for handled in handled_signals():
        if signal.getsignal(handled) is not signal.SIG_IGN:
            previous[handled] = signal.signal(handled, on_signal)
    try:
        yield
    except Interrupted as exc:
        _report(exc.signum)
    except KeyboardInterrupt:  # raised by hand, or SIGINT before the handler was installed
        _report(signal.SIGINT)
    finally:
        for handled, handler in previous.items():
            signal.signal(handled, handler)


def _report(signum: int) -> None:
    # OSError: stderr went with the terminal that sent SIGHUP; the exit code still tells.
    with contextlib.suppress(OSError):
        typer.echo(f"rkt: stopped by {signal.Signals(signum).name}", err=True)
    raise SystemExit(128 + signum) from None
