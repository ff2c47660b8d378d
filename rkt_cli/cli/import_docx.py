"""`rkt import`: read the RKT table (and title block, intro, signature) of a Word file into YAML.

The reader lives in rkt_cli.importer, imported lazily here so that `rkt validate` never pays
for lxml's document reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rkt_cli.cli.app import (
    DiagnosticFormat,
    ExitCode,
    RktCommand,
    app,
    emit_diagnostics,
    fail,
    fail_usage,
    format_option,
    make_folder,
    plural,
    refuse_file_in_the_way,
    refuse_special_output,
    resolve_format,
    say,
    write_output,
)
from rkt_cli.diagnostics import cap_per_code, sort_diagnostics, totals

if TYPE_CHECKING:
    from rkt_cli.importer import ImportResult

# An imported file can be written anywhere, so a relative schema path would usually be wrong:
# the file gets no modeline unless --schema says where the schema is, and a comment says how.
_SCHEMA_HINT = (
    "For completion and checks in your editor, write the schema with `rkt schema -o rkt.schema.json`\n"
    "and make this the first line: # yaml-language-server: $schema=rkt.schema.json"
)


@app.command("import", cls=RktCommand)
def import_docx(
    file: Path = typer.Argument(
        ...,
        help="The Word file (.docx), workbook (.xlsx) or CSV that holds an RKT table (or a realisasi lembar).",
        show_default=False,
        metavar="FILE.docx|.xlsx|.csv",
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write the YAML to this file instead of stdout.", metavar="FILE"
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    schema: str = typer.Option(
        None,
        "--schema",
        help="Schema path or URL for the yaml-language-server modeline (e.g. ../schema/rkt.schema.json).",
        metavar="PATH|URL",
    ),
    output_format: DiagnosticFormat = format_option(
        DiagnosticFormat.AUTO,
        "Diagnostics as text (stderr), json or github (stdout, so -o is needed); auto: github on GitHub Actions.",
    ),
    sheet: str = typer.Option(
        None, "--sheet", help="A workbook's sheet to read; default: the first one with an RKT table.", metavar="NAME"
    ),
) -> None:
    """Bring an existing RKT (Word, Excel or CSV) into YAML: table, title block, intro and signature.

    Whatever had to be guessed is reported as a warning at the table row it came from;
    fields not found in the document are listed and written as "(belum diisi)".

    A workbook (.xlsx) or CSV is read the same way (a realisasi lembar by its marker).

    Example: rkt import RKT_2023.docx -o data/rkt_2023.yaml
    """
    from rkt_cli.importer import DocxImportError, ImportFailure
    from rkt_cli.importer import import_docx as read_rkt

    fmt = resolve_format(output_format)
    if output is None and fmt is not DiagnosticFormat.TEXT:
        if output_format is DiagnosticFormat.AUTO:
            fmt = DiagnosticFormat.TEXT  # stdout carries the YAML: annotations would mix into it
        else:
            fail_usage(f"--format {fmt.value} prints the diagnostics on stdout, where the YAML goes; add -o FILE")
    if (schema is not None and any(ch in schema for ch in "\r\n\t\x00")) or (schema or "").isspace():
        # It is written into a comment line of the YAML: a line break would add a line of data.
        fail_usage("--schema: give one path or URL, without line breaks or tabs")
    if output is not None and str(output) == "-":
        fail_usage("-o -: leave out -o to write the YAML to stdout")
    if not file.exists():
        fail_usage(f"{file}: no such file")
    if file.is_dir():
        fail_usage(f"{file}: is a directory, not a .docx file")
    if file.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv"):  # rkt_cli/cli/import_xlsx.py
        from rkt_cli.cli.import_xlsx import import_spreadsheet

        import_spreadsheet(file, output, force, fmt, schema, sheet)
        return
    if sheet is not None:
        fail_usage("--sheet names a sheet of a workbook (.xlsx); a Word file has none")
    check_import_output(file, output, force)
    try:
        result = read_rkt(file, str(file))
    except DocxImportError as exc:
        # Not a Word document we can read is the environment's problem (2); a Word document
        # without a readable RKT is the content's (1), like a data file with errors.
        fail(exc.message, ExitCode.USAGE_ERROR if exc.kind is ImportFailure.FILE else ExitCode.DATA_ERROR)
    write_imported_rkt(result, file, output, schema, fmt)


def check_import_output(file: Path, output: Path | None, force: bool) -> None:
    """Refuse (exit 2) an output that is the input, exists without --force, or cannot be a file."""
    if output is not None:
        if output.exists() and output.resolve() == file.resolve():
            fail_usage(f"{output}: the output would overwrite the file being imported")
        if output.exists() and not force:
            fail_usage(f"{output}: already exists; add --force to overwrite it")
        refuse_file_in_the_way(output.parent)  # a missing folder is made before writing
        refuse_special_output(output)


def write_imported_rkt(
    result: ImportResult,
    file: Path,
    output: Path | None,
    schema: str | None,
    fmt: DiagnosticFormat,
    ordered: bool = False,
) -> None:
    """The imported RKT as YAML to `output` or stdout, its warnings, and the check of the written
    YAML (exit 1 on its errors). `ordered`: the warnings are in the order to show (a workbook's
    cells, which a text sort of "Sheet!C12" would not keep)."""
    from rkt_cli.checking import check_text
    from rkt_cli.formatting import format_rupiah
    from rkt_cli.importer import PLACEHOLDER
    from rkt_cli.yaml_writer import dump_rkt

    comment_lines = [f"Imported from {file.name} by `rkt import`: review it, then run `rkt validate`."]
    if result.placeholders:
        comment_lines.append(f"Not found in the document, written as {PLACEHOLDER!r}: {', '.join(result.placeholders)}")
    if schema is None:
        comment_lines.append(_SCHEMA_HINT)
    text = dump_rkt(result.rkt, header_comment="\n".join(comment_lines), schema_ref=schema)

    # Warnings are at the DOCX's table rows (file:row:, no column, no source excerpt); a long
    # table with one guess on every row shows the first of each kind and how many more.
    if ordered:
        warnings = cap_per_code(result.diagnostics)
    else:
        warnings = sort_diagnostics(cap_per_code(sort_diagnostics(result.diagnostics)))
    if fmt is DiagnosticFormat.TEXT:
        emit_diagnostics(warnings, {}, fmt)
    if result.left_out:
        say(f"{file}: not in the document (left out): {', '.join(result.left_out)}")

    if output is None:
        typer.echo(text, nl=False)
    else:
        make_folder(output.parent)
        write_output(output, text.encode("utf-8"))
    rkt = result.rkt
    where = f"wrote {output}" if output is not None else "wrote the YAML to stdout"
    # Indonesian nouns take no plural -s: "9 sasaran", "40 indikator". A document without
    # programs or anggaran (a PK) is not said to have 0 program and a total of Rp 0.
    counted = [f"{len(rkt.program)} program"] if rkt.program else []
    counted += [f"{len(rkt.all_sasaran)} sasaran", f"{result.rows} indikator"]
    if rkt.has_anggaran:
        counted.append(f"total {format_rupiah(rkt.total_anggaran)}")
    say(f"{file}: {', '.join(counted)}; {plural(totals(warnings)[1], 'warning')}; {where}")
    # The written file goes through the same check as `rkt validate`; its errors are the
    # document's (e.g. a target of 120%) and are shown now, at the YAML's lines.
    checked = check_text(text, str(output) if output is not None else "<stdout>")
    errors = [d for d in checked.diagnostics if d.is_error]
    if fmt is DiagnosticFormat.TEXT:
        emit_diagnostics(errors, {checked.file: checked.lines}, fmt)
    else:  # one json document (or one block of annotations) with the warnings and the errors
        emit_diagnostics(warnings + errors, {}, fmt)
    if errors:
        shown = "see above" if fmt is DiagnosticFormat.TEXT else f"in the {fmt.value} output"
        say(f"{plural(totals(errors)[0], 'error')} to fix in the imported YAML ({shown})")
        raise typer.Exit(ExitCode.DATA_ERROR)
