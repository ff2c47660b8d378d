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

from rkt_cli.cli.app import (
    RktCommand,
    accept_checked,
    app,
    check_or_reason,
    escaped_text,
    expand_inputs,
    fail_usage,
    for_report,
    format_option,
    report_warnings,
    require_valid,
    stop_on_errors,
)
from rkt_cli.cli.workers import jobs_option, pool_pays, resolve_jobs, run_in_pool
from rkt_cli.grouping import By
from rkt_cli.safe_output import escape_controls, escape_json_controls

if TYPE_CHECKING:
    from rkt_cli.checking import CheckedFile
    from rkt_cli.model import RKT
    from rkt_cli.summary import Summary
    from rkt_cli.totals import DocumentTotals


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
    jobs: int | None = jobs_option(),
) -> None:
    """Budget totals by sasaran, program, pelaksana or file, with the pagu and the total in words.

    Example: rkt summary data/rkt_2024.yaml --by pelaksana
    """
    if not files:
        fail_usage("give at least one file, e.g. rkt summary data/rkt_2024.yaml")
    inputs = expand_inputs(files)
    # JSON keeps the texts exact; its own escapes keep control characters off the terminal.
    # Tables, csv and markdown are read on a terminal: texts from the files with control
    # characters get them as visible escapes, before the layout measures their width.
    escaped = output_format is not SummaryFormat.JSON
    workers = resolve_jobs(jobs)
    if pool_pays(workers, inputs):
        # Imported once here, before the workers are forked: they inherit the modules.
        import rkt_cli.checking
        import rkt_cli.totals  # noqa: F401

        outcomes = run_in_pool(totals_of_file, [(path, escaped) for path in inputs], workers)
        checked = accept_checked((outcome for outcome, _ in outcomes), strict)
        stop_on_errors(checked)
        report_warnings(checked)
        documents = [totals for _, totals in outcomes if totals is not None]
    else:
        checked = require_valid(inputs, strict)
        documents = [_totals(c.model, c.file, escaped) for c in checked if c.model is not None]

    from rkt_cli.summary import build_summary, to_csv, to_json, to_markdown

    # A total over the pagu never gets here: validation (RKT208) stopped it above.
    if output_format is SummaryFormat.JSON:
        _emit(escape_json_controls(to_json(build_summary(documents, by), ascii_only=not _stdout_is_utf())))
        return
    result = build_summary(documents, by)
    if output_format is SummaryFormat.CSV:
        _emit(to_csv(result))
    elif output_format is SummaryFormat.MARKDOWN:
        _emit(to_markdown(result))
    else:
        _print_table(result)


def _totals(model: RKT, file: str, escaped: bool) -> DocumentTotals:
    from rkt_cli.totals import document_totals

    if escaped:
        return document_totals(escaped_text(model), escape_controls(file))
    return document_totals(model, file)


def totals_of_file(task: tuple[Path, bool]) -> tuple[CheckedFile | str, DocumentTotals | None]:
    """A worker's part of `rkt summary --jobs N`: one file checked (as checked_for_report) and,
    when it has a model, its totals (escaped for a terminal when the flag says so)."""
    path, escaped = task
    result = check_or_reason(path)
    if isinstance(result, str):
        return result, None
    totals = _totals(result.model, result.file, escaped) if result.model is not None else None
    return for_report(result), totals


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
