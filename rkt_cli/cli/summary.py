"""`rkt summary`: the budget totals an office checks before signing.

num2words (for terbilang) and rich's table code are imported inside the command, so that merely
registering it costs `rkt validate` nothing; Babel and python-docx are not imported at all.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rkt_cli.cli.app import RktCommand, app, escaped_text, fail_usage, format_option, require_valid
from rkt_cli.grouping import By
from rkt_cli.safe_output import escape_controls, escape_json_controls

if TYPE_CHECKING:
    from rkt_cli.summary import Summary


class SummaryFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


@app.command(cls=RktCommand)
def summary(
    files: list[Path] = typer.Argument(
        None,
        help="RKT YAML files, or directories holding them; several are rolled up.",
        show_default=False,
        metavar="FILE|DIR",
    ),
    by: By = typer.Option(
        None,
        "--by",
        "-b",
        help="A row per sasaran (default for one file), program, pelaksana, or file (default for several).",
        show_default=False,
        case_sensitive=False,
        metavar="ROW",
    ),
    output_format: SummaryFormat = format_option(
        SummaryFormat.TABLE, "table (for people), json or csv (plain integers), markdown."
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors (exit 1), as validate does."),
) -> None:
    """Budget totals by sasaran, program, pelaksana or file, with the pagu and the total in words.

    Example: rkt summary data/rkt_2024.yaml --by pelaksana
    """
    if not files:
        fail_usage("give at least one file, e.g. rkt summary data/rkt_2024.yaml")
    checked = require_valid(files, strict)

    from rkt_cli.summary import build_summary, to_csv, to_json, to_markdown
    from rkt_cli.totals import document_totals

    # A total over the pagu never gets here: validation (RKT208) stopped it above.
    if output_format is SummaryFormat.JSON:
        # JSON keeps the texts exact; its own escapes keep control characters off the terminal.
        documents = [document_totals(c.model, c.file) for c in checked if c.model is not None]
        _emit(escape_json_controls(to_json(build_summary(documents, by), ascii_only=not _stdout_is_utf())))
        return
    # Tables, csv and markdown are read on a terminal: texts from the files with control
    # characters get them as visible escapes, before the layout measures their width.
    documents = [
        document_totals(escaped_text(c.model), escape_controls(c.file)) for c in checked if c.model is not None
    ]
    result = build_summary(documents, by)
    if output_format is SummaryFormat.CSV:
        _emit(to_csv(result))
    elif output_format is SummaryFormat.MARKDOWN:
        _emit(to_markdown(result))
    else:
        _print_table(result)


def _stdout_is_utf() -> bool:
    return (sys.stdout.encoding or "utf-8").lower().replace("-", "").startswith("utf")


def _emit(text: str) -> None:
    """Write text that the output's encoding can hold (on Windows a pipe may be cp1252)."""
    from rkt_cli.render.console_summary import encodable

    typer.echo(encodable(text, sys.stdout.encoding or "utf-8"), nl=False)


def _print_table(result: Summary) -> None:
    from rich.console import Console

    from rkt_cli.render.console_summary import render_plain, summary_renderables

    # Width: the terminal's, else $COLUMNS, else 80 (rich's rule), so a pipe gets 80 columns.
    console = Console(highlight=False)
    if not console.is_terminal or os.environ.get("NO_COLOR"):
        _emit(render_plain(result, console.width))
        return
    for part in summary_renderables(result, console.width):
        console.print(part)
