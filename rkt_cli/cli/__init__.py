"""The `rkt` command line. Each command module registers itself on the shared Typer app."""

import signal

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


def main() -> None:
    if hasattr(signal, "SIGPIPE"):  # not on Windows
        # `rkt rules | head`: end quietly when the reader has gone, as Unix tools do (exit 141),
        # instead of Click's exit 1, which README reserves for data errors.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app.info.epilog = examples_epilog()
    with exit_on_signals():  # SIGINT/SIGTERM/SIGHUP: clean up, one line, exit 128 + N
        app()


__all__ = ["app", "main"]
