"""`rkt export`: the RKT as a workbook (XLSX) or a flat table (CSV), for offices that exchange
their numbers as spreadsheets.

openpyxl and the layout are imported inside the command, so that `rkt validate` never pays for them.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rkt_cli.cli.app import (
    YAML_SUFFIXES,
    ExitCode,
    RktCommand,
    app,
    emit_diagnostics,
    fail,
    fail_usage,
    make_folder,
    refuse_file_in_the_way,
    refuse_special_output,
    require_valid,
    say,
    write_output,
)

if TYPE_CHECKING:
    from rkt_cli.templating import Template


class ExportFormat(str, Enum):
    XLSX = "xlsx"
    CSV = "csv"


class LembarKind(str, Enum):
    REALISASI = "realisasi"


def _export_format(given: ExportFormat | None, output: Path | None) -> ExportFormat:
    """--format as given, else what -o's name ends in, else xlsx; the two must not disagree."""
    named = None
    if output is not None:
        named = {".xlsx": ExportFormat.XLSX, ".csv": ExportFormat.CSV}.get(output.suffix.lower())
    if given is None:
        return named or ExportFormat.XLSX
    if output is not None and named is not None and named is not given:
        fail_usage(f"{output}: the name ends in {output.suffix} but --format is {given.value}; make them agree")
    return given


def _target(file: Path, fmt: ExportFormat, output: Path | None, force: bool, suffix: str = "") -> Path:
    """Where the export goes, refused (exit 2) when it would replace the input, a YAML file, a
    folder, a device, or an existing file without --force."""
    if output is not None and str(output) == "-":
        fail_usage("-o -: a workbook is a file; give a file name")
    if not file.exists():
        fail_usage(f"{file}: no such file")
    if file.is_dir():
        fail_usage(f"{file}: is a directory; give one YAML file")
    target = output if output is not None else file.with_name(f"{file.stem}{suffix}.{fmt.value}")
    if target.exists() and target.resolve() == file.resolve():
        fail_usage(f"{target}: the output would overwrite the input; choose another output name")
    if target.suffix.lower() in YAML_SUFFIXES:
        fail_usage(f"{target}: refusing to write a spreadsheet under a YAML name; choose another output name")
    if target.is_dir():
        fail_usage(f"{target}: is a directory; -o names the file to write")
    if target.exists() and not force:
        fail_usage(f"{target}: already exists; add --force to overwrite it")
    refuse_file_in_the_way(target.parent)  # a missing folder is made before writing
    refuse_special_output(target)
    return target


@app.command("export", cls=RktCommand)
def export(
    file: Path = typer.Argument(..., help="The RKT YAML file.", show_default=False, metavar="FILE"),
    output_format: ExportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="xlsx (a workbook like the document, a summary and an info sheet) or csv (a row per "
        "indikator). Default: what -o's name ends in, else xlsx.",
        case_sensitive=False,
        metavar="FORMAT",
        show_default=False,
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Output file; default: FILE with .xlsx or .csv (FILE_pk.xlsx with --template pk); folders are made.",
        metavar="FILE",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    template_dir: Path = typer.Option(
        None,
        "--template",
        "-t",
        help="Template (a shipped name such as pk, or a folder) whose columns, widths and paper the XLSX "
        "follows; default: rkt.",
        metavar="NAME|DIR",
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors: export nothing if any."),
    lembar: LembarKind | None = typer.Option(
        None,
        "--lembar",
        help="realisasi: an entry sheet for the quarterly realisasi instead of the RKT table "
        "(default name FILE_realisasi.xlsx); `rkt import` reads it back into the realisasi YAML.",
        case_sensitive=False,
        metavar="KIND",
        show_default=False,
    ),
    realisasi: Path = typer.Option(
        None,
        "--realisasi",
        help="With --lembar: fill the sheet from this realisasi file. With a template that shows "
        "capaian (lkj, rencana-aksi): the RKT's realisasi file, as for `rkt render`.",
        metavar="FILE",
    ),
    target_tw: bool = typer.Option(
        False, "--target-tw", help="With --lembar: add quarterly target columns (rencana aksi)."
    ),
) -> None:
    """Export an RKT for spreadsheets: XLSX with real numbers and a SUM for the total, or CSV.

    The data is checked first, as by `rkt validate`; a file with errors is not exported.

    Examples: rkt export data/rkt_2024.yaml · rkt export data/rkt_2024.yaml -f csv -o rkt_2024.csv ·
    rkt export data/rkt_2024.yaml --lembar realisasi --realisasi data/realisasi_2024.yaml
    """
    fmt = _export_format(output_format, output)
    if lembar is None and target_tw:
        fail_usage("--target-tw goes with --lembar realisasi")
    if lembar is not None:
        from rkt_cli.cli.import_xlsx import export_lembar

        if template_dir is not None:
            fail_usage("--template: the lembar has a fixed layout (so that `rkt import` can read it back)")
        target = _target(file, fmt, output, force, "_realisasi")
        export_lembar(file, target, fmt is ExportFormat.CSV, realisasi, target_tw, strict)
        return
    from rkt_cli.shipped_templates import output_label

    # As for render: the LKj workbook of an RKT is rkt_2024_lkj.xlsx, beside its rkt_2024.xlsx.
    target = _target(file, fmt, output, force, output_label(template_dir))
    if realisasi is not None and fmt is ExportFormat.CSV:
        fail_usage("--realisasi: the CSV export is the RKT's own rows; use -f xlsx with --template lkj or rencana-aksi")
    template = _load_template(template_dir) if fmt is ExportFormat.XLSX else None
    if template is not None:
        from rkt_cli.cli.render_realisasi import check_realisasi_option
        from rkt_cli.shipped_templates import DEFAULT_TEMPLATE

        check_realisasi_option(template, str(template_dir or DEFAULT_TEMPLATE), realisasi, [file], False, [target])
    (checked,) = require_valid([file], strict)
    rkt = checked.model
    assert rkt is not None  # require_valid stopped on any error
    rows = None
    if realisasi is not None:
        from rkt_cli.cli.render_realisasi import capaian_rows

        rows = capaian_rows(file, checked, realisasi, 4, strict)  # the whole year, as `rkt render` without --sampai

    if template is None:
        from rkt_cli.render.csv_rows import render_csv

        data = render_csv(rkt).encode("utf-8")
    else:
        from rkt_cli import __version__
        from rkt_cli.layout import build_layout
        from rkt_cli.render.export_columns import template_for
        from rkt_cli.render.xlsx import ExportInfo, XlsxExportError, render_xlsx
        from rkt_cli.templating import WordingError

        try:
            # A sheet has no pages to keep sasaran on: each sasaran merges whole, nothing repeats
            # (the repeats of a paged document would also make the Jumlah SUM count twice).
            # Columns of fields the document lacks (a PK's anggaran, kegiatan) are left out.
            view = build_layout(rkt, template_for(rkt, template), paged=False, capaian=rows)
        except WordingError as exc:
            emit_diagnostics([exc.diagnostic], {exc.diagnostic.file: template.lines})
            fail_usage(f"{file}: not exported: the template's wording cannot be filled in with this data")
        try:
            data = render_xlsx(view, rkt, ExportInfo(source=file.name, version=__version__))
        except XlsxExportError as exc:
            fail(f"{file}: not exported: {exc}", ExitCode.DATA_ERROR)
    make_folder(target.parent)  # only now: a failed check leaves no empty folder behind
    write_output(target, data)
    say(f"wrote {target}")


def _load_template(folder: Path | None) -> Template:
    """The template, or its diagnostics printed as `rkt render` prints them and exit 2."""
    from rkt_cli.templating import TemplateError, load_template

    try:
        return load_template(folder)
    except TemplateError as exc:
        emit_diagnostics(exc.diagnostics, exc.sources)
        say("rkt: the template has errors; nothing was exported")
        raise typer.Exit(ExitCode.USAGE_ERROR) from None
