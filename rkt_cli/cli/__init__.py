"""The `rkt` command line. Each command module registers itself on the shared Typer app."""

import gc
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from typer.main import get_command_name

from rkt_cli.cli import capaian as _capaian  # noqa: F401  (registers capaian)
from rkt_cli.cli import export as _export  # noqa: F401  (registers export)
from rkt_cli.cli import ids as _ids  # noqa: F401  (registers ids)
from rkt_cli.cli import import_docx as _import_docx  # noqa: F401  (registers import)
from rkt_cli.cli import render as _render  # noqa: F401  (registers render)
from rkt_cli.cli import summary as _summary  # noqa: F401
from rkt_cli.cli import template_commands as _template_commands  # noqa: F401  (registers template list/init/check)
from rkt_cli.cli import validate as _validate  # noqa: F401  (registers validate, rules, schema)
from rkt_cli.cli.app import app, examples_epilog
from rkt_cli.cli.signals import exit_on_signals


def prepare_process() -> None:
    """What only the `rkt` process itself does at start (never a program importing rkt_cli).

    - PYDANTIC_DISABLE_PLUGINS, unless the user set it: pydantic looks for plugins (through
      importlib.metadata's entry points, every installed package's metadata read) when the
      first model is built, 1-2 % of `rkt validate` here and more in a larger environment.
      Pydantic's plugins are observers of validation for other programs' instrumentation; rkt
      uses none, and the diagnostics of a file should not depend on what else is installed.
      Set the variable (even empty: `PYDANTIC_DISABLE_PLUGINS= rkt …`) and pydantic decides.
      Worker processes inherit it, so they check as this process does. Typer sets the same
      while it builds its own validators.
    - No automatic garbage collection: refcounting frees what rkt drops; the collector only
      looks for reference cycles, which rkt's commands hardly make, and spent 3-5 % of a
      start-up and up to a fifth of an export rescanning live objects. Peak memory measured
      the same without it (rkt_2024, 4,000 and 40,000 indikator: validate, render, export,
      import; the 550-file roll-up: validate, summary, render with --jobs 1). Where cycles do
      pile up (python-docx documents, many files rendered) render collects explicitly
      (cli/render.py, _collect_now_and_then), which works with the collector off; what the
      imports made is frozen first, so those collections do not rescan it.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.freeze()
    gc.disable()


@contextmanager
def only_the_command_named(args: Sequence[str]) -> Iterator[None]:
    """Typer makes a Click command of every registered command at each start, reading each
    function's signature, where a run needs only the one it names (a few ms, 2-3 % of
    `rkt validate`). When the first word is a command's name, the app holds only that command
    while it runs; otherwise (`rkt --help`, a misspelt command, an option first) and during
    shell completion it holds them all, so their help, suggestions and completions stay."""
    commands, groups = app.registered_commands, app.registered_groups
    first = args[0] if args else ""
    named = [c for c in commands if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == first]
    named_groups = [g for g in groups if g.name == first]
    completing = any(name.endswith("_COMPLETE") for name in os.environ)
    if (named or named_groups) and not completing:
        app.registered_commands, app.registered_groups = named, named_groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def main() -> None:
    prepare_process()
    if hasattr(signal, "SIGPIPE"):  # not on Windows
        # `rkt rules | head`: end quietly when the reader has gone, as Unix tools do (exit 141),
        # instead of Click's exit 1, which README reserves for data errors.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app.info.epilog = examples_epilog()
    try:
        with exit_on_signals(), only_the_command_named(sys.argv[1:]):  # signals: clean up, one line, exit 128 + N
            app()
    finally:
        hand_over_at_exit()


def hand_over_at_exit() -> None:
    """Freeze what is still alive as the process ends. Python's shutdown runs one last full
    collection, which would scan every object the command left (a 4,000-row document's model
    and view: some 20 ms, 6 % of its render) only to find no cycle; frozen objects are not
    scanned, and the process frees its memory as it ends anyway."""
    gc.freeze()


__all__ = ["app", "hand_over_at_exit", "main", "only_the_command_named", "prepare_process"]
