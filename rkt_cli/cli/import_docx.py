"""`rkt import`: read the RKT table (and title block, intro, signature) of a Word file into YAML.

The reader lives in rkt_cli.importer, imported lazily here so that `rkt validate` never pays
for lxml's document reading.
"""

from __future__ import annotations

from pathlib import Path

import typer

from rkt_cli.cli.app import ExitCode, app, fail_usage, plural
from rkt_cli.diagnostics import format_text, sort_diagnostics

# An imported file can be written anywhere, so a relative schema path would usually be wrong:
# the file gets no modeline unless --schema says where the schema is, and a comment says how.
_SCHEMA_HINT = (
    "For completion and checks in your editor, write the schema with `rkt schema -o rkt.schema.json`\n"
    "and make this the first line: # yaml-language-server: $schema=rkt.schema.json"
)


@app.command("import")
def import_docx(
    file: Path = typer.Argument(..., help="The Word file (.docx) that holds an RKT table.", show_default=False),
    output: Path = typer.Option(None, "--output", "-o", help="Write the YAML to this file instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    schema: str = typer.Option(
        None,
        "--schema",
        help="Schema path or URL for the yaml-language-server modeline (e.g. ../schema/rkt.schema.json).",
    ),
) -> None:
    """Bring an existing Word RKT into YAML: table, title block, intro and signature.

    Whatever had to be guessed is reported as a warning at the table row it came from;
    fields not found in the document are listed and written as "(belum diisi)".

    Example: rkt import RKT_2023.docx -o data/rkt_2023.yaml
    """
    from rkt_cli.checking import check_text
    from rkt_cli.files import write_atomically
    from rkt_cli.formatting import format_rupiah
    from rkt_cli.importer import PLACEHOLDER, DocxImportError
    from rkt_cli.importer import import_docx as read_rkt
    from rkt_cli.yaml_writer import dump_rkt

    if not file.exists():
        fail_usage(f"{file}: no such file")
    if file.is_dir():
        fail_usage(f"{file}: is a directory, not a .docx file")
    if output is not None:
        if output.exists() and output.resolve() == file.resolve():
            fail_usage(f"{output}: the output would overwrite the Word file being imported")
        if output.exists() and not force:
            fail_usage(f"{output}: already exists; add --force to overwrite it")
        if not output.parent.is_dir():  # Path("x").parent is Path("."), never empty
            fail_usage(f"{output.parent}: no such directory")
    try:
        result = read_rkt(file, str(file))
    except DocxImportError as exc:
        typer.echo(f"rkt: error: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None

    comment_lines = [f"Imported from {file.name} by `rkt import`: review it, then run `rkt validate`."]
    if result.placeholders:
        comment_lines.append(f"Not found in the document, written as {PLACEHOLDER!r}: {', '.join(result.placeholders)}")
    if schema is None:
        comment_lines.append(_SCHEMA_HINT)
    text = dump_rkt(result.rkt, header_comment="\n".join(comment_lines), schema_ref=schema)

    diagnostics = sort_diagnostics(result.diagnostics)
    for d in diagnostics:
        # file:row: the line is the table row (the message says "row N"); there is no column.
        where = f"{d.file}:{d.line}" if d.line else d.file
        typer.echo(f"{where}: {d.severity.value}[{d.code}] {d.path}: {d.message}", err=True)
    optional = [m.removeprefix("(optional) ") for m in result.missing if m.startswith("(optional) ")]
    if optional:
        typer.echo(f"{file}: not in the document (left out): {', '.join(optional)}", err=True)

    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            write_atomically(output, text.encode("utf-8"))
        except OSError as exc:
            fail_usage(f"{output}: cannot write: {exc.strerror or exc}")
    rkt = result.rkt
    sasaran = sum(len(p.sasaran) for p in rkt.program)
    where = f"wrote {output}" if output is not None else "wrote the YAML to stdout"
    typer.echo(
        # Indonesian nouns take no plural -s: "9 sasaran", "40 indikator".
        f"{file}: {len(rkt.program)} program, {sasaran} sasaran, {result.rows} indikator, "
        f"total {format_rupiah(rkt.total_anggaran)}; {plural(len(diagnostics), 'warning')}; {where}",
        err=True,
    )
    # The written file goes through the same check as `rkt validate`; its errors are the
    # document's (e.g. a target of 120%) and are shown now, at the YAML's lines.
    checked = check_text(text, str(output) if output is not None else "<stdout>")
    errors = [d for d in checked.diagnostics if d.is_error]
    if errors:
        typer.echo(format_text(errors, {checked.file: checked.lines}), err=True)
        typer.echo(f"{plural(len(errors), 'error')} to fix in the imported YAML (see above)", err=True)
        raise typer.Exit(ExitCode.DATA_ERROR)
