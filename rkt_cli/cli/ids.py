"""`rkt ids FILE [--write] [--sasaran]`: add the missing stable ids to an RKT file.

Without --write it only shows the change, as a unified diff on stdout, so the user sees every
line before the signed file is touched. The edit itself is rkt_cli/ids.py's; this module reads,
prints and writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rkt_cli.cli.app import (
    ExitCode,
    RktCommand,
    app,
    command_line,
    fail_usage,
    is_realisasi_file,
    say,
    stop_on_errors,
    write_output,
)
from rkt_cli.safe_output import escape_controls

if TYPE_CHECKING:
    from rkt_cli.ids import NewId


@app.command(cls=RktCommand)
def ids(
    file: Path = typer.Argument(..., help="The RKT YAML file.", show_default=False, metavar="FILE"),
    write: bool = typer.Option(False, "--write", "-w", help="Write the ids into FILE (default: show the diff)."),
    sasaran: bool = typer.Option(False, "--sasaran", help="Give every sasaran an id too."),
) -> None:
    """Add a stable id to every indikator that has none, keeping comments and layout.

    Examples: rkt ids data/rkt_2024.yaml · rkt ids data/rkt_2024.yaml --write
    """
    from rkt_cli.ids import add_ids
    from rkt_cli.loader import not_a_regular_file

    kind = not_a_regular_file(file)
    if kind is not None:
        fail_usage(f"{file}: is {kind}, not a file")
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        fail_usage(f"{file}: no such file")
    except OSError as exc:
        fail_usage(f"{file}: cannot read: {exc.strerror or exc}")
    if is_realisasi_file(file):
        # Ids belong in the RKT; the realisasi file only names them (its `indikator:` entries).
        fail_usage(f"{file}: is a realisasi file; run `rkt ids` on the RKT file its `rkt:` line names")
    name = str(file)
    result = add_ids(raw, name, sasaran)
    # A file with errors is never edited: the same report as `rkt validate`, exit 1.
    stop_on_errors([result.checked])
    if result.refusals or result.updated is None:
        for refusal in result.refusals:
            where = f"{name}:{refusal.line}" if refusal.line else name
            say(f"rkt: error: {where}: {refusal.message}")
        say(f"{name}: no ids were added")
        raise typer.Exit(ExitCode.DATA_ERROR)
    if not result.new_ids:
        items = "indikator and sasaran" if sasaran else "indikator"
        say(f"{name}: every {items} has an id; nothing to add")
        return
    counted = _count(result.new_ids)
    if write:
        # Write through a symbolic link, not over it: the file the user keeps is the one edited.
        write_output(file.resolve(), result.updated)
        say(f"{name}: added {counted}")
        return
    typer.echo(diff_text(raw, result.new_ids, name), nl=False)
    again = command_line("rkt", "ids", file, *(["--sasaran"] if sasaran else []), "--write")
    say(f"{name}: would add {counted}; `{again}` writes them")


def _count(new_ids: list[NewId]) -> str:
    """`40 ids (31 indikator, 9 sasaran)`."""
    kinds = [new.kind for new in new_ids]
    parts = []
    for kind in ("indikator", "sasaran"):
        count = kinds.count(kind)
        if count:
            parts.append(f"{count} {kind}")
    total = len(kinds)
    return f"{total} id{'' if total == 1 else 's'} ({', '.join(parts)})"


def diff_text(raw: bytes, new_ids: list[NewId], name: str) -> str:
    """The unified diff of the change, control characters escaped (tabs and line breaks kept)."""
    from rkt_cli.ids import unified_diff

    return escape_controls(unified_diff(raw, new_ids, name), keep="\t\r\n")
