"""The `rkt` command line. Each command module registers itself on the shared Typer app."""

from rkt_cli.cli import validate as _validate  # noqa: F401  (registers validate, rules, schema)
from rkt_cli.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
