"""Spreadsheets on the command line: `rkt export RKT.yaml --lembar realisasi` writes the realisasi
lembar (XLSX or CSV); `rkt import FILE.xlsx|FILE.csv` reads a lembar (known by its marker) back
into the realisasi YAML, and any other workbook or CSV as an RKT table, as a DOCX is read.

The commands themselves stay in export.py and import_docx.py; these are the parts they call for
a spreadsheet. openpyxl and pydantic load only here, when a spreadsheet is asked for.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import typer

from rkt_cli.cli.app import (
    DiagnosticFormat,
    ExitCode,
    command_line,
    emit_diagnostics,
    fail,
    fail_usage,
    make_folder,
    plural,
    refuse_file_in_the_way,
    refuse_special_output,
    report_warnings,
    say,
    stop_on_errors,
    write_output,
)
from rkt_cli.diagnostics import Diagnostic, sort_diagnostics, totals


def _when(tahun: int) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else 1 January of the RKT's year: the same input, the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"[0-9]{1,11}", epoch):
        return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(epoch))
    return dt.datetime(tahun, 1, 1)


def export_lembar(
    file: Path, target: Path, csv: bool, prefill_path: Path | None, target_tw: bool, strict: bool = False
) -> None:
    """Check the RKT (and the prefill file against it), then write the lembar to `target`."""
    from rkt_cli.checking import check_loaded
    from rkt_cli.diagnostics import promote_warnings
    from rkt_cli.lembar import Lembar, anggaran_rows, lembar_rows, pengaturan_of
    from rkt_cli.loader import load_yaml_file
    from rkt_cli.realisasi import RealisasiFile, RktSource, check_realisasi

    if prefill_path is not None and not prefill_path.is_file():
        fail_usage(f"{prefill_path}: no such file")
    try:
        loaded = load_yaml_file(file, str(file))
    except OSError as exc:
        fail_usage(f"{file}: cannot read: {exc.strerror or exc}")
    checked = check_loaded(loaded)
    if strict:
        checked.diagnostics = promote_warnings(checked.diagnostics)
    stop_on_errors([checked])
    report_warnings([checked])
    rkt = checked.model
    assert rkt is not None  # no errors: the schema held
    prefill = None
    realisasi_name = os.path.relpath(file.resolve(), target.resolve().parent)
    if prefill_path is not None:
        try:
            real_loaded = load_yaml_file(prefill_path, str(prefill_path))
        except OSError as exc:
            fail_usage(f"{prefill_path}: cannot read: {exc.strerror or exc}")
        result = check_realisasi(RktSource(rkt, checked.file, loaded.source_map, file), real_loaded, 4, prefill_path)
        errors = [d for d in result.diagnostics if d.is_error]
        if errors:
            emit_diagnostics(errors, {checked.file: checked.lines, real_loaded.file: real_loaded.lines})
            fail(f"{prefill_path}: {plural(totals(errors)[0], 'error')}; nothing exported", ExitCode.DATA_ERROR)
        assert real_loaded.data is not None
        prefill = RealisasiFile.model_validate(real_loaded.data)
        realisasi_name = prefill.rkt
    rows = lembar_rows(rkt, prefill)
    anggaran = anggaran_rows(rkt, prefill)
    tahun = prefill.tahun if prefill is not None else rkt.tahun
    lembar = Lembar(realisasi_name, tahun, pengaturan_of(prefill))
    if csv:
        from rkt_cli.realisasi_csv import render_lembar_csv

        data = render_lembar_csv(lembar, rows, anggaran, target_tw).encode("utf-8")
    else:
        from rkt_cli.realisasi_workbook import Meta, build_workbook

        meta = Meta(lembar.rkt, lembar.tahun, file.name, lembar.pengaturan)
        title = f"Lembar realisasi RKT {rkt.tahun} · {rkt.unit}"
        from rkt_cli.render.xlsx import XlsxExportError

        try:
            data = build_workbook(title, meta, rows, anggaran, target_tw, _when(rkt.tahun))
        except XlsxExportError as exc:  # a note longer than a cell holds
            fail(f"{file}: not exported: {exc}", ExitCode.DATA_ERROR)
    make_folder(target.parent)
    write_output(target, data)
    say(f"wrote {target} ({len(rows)} indikator, {len(anggaran)} sasaran with anggaran)")


LEMBAR_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def _is_lembar_csv(file: Path) -> bool:
    """True when the CSV's first line starts with the lembar's marker."""
    from rkt_cli.realisasi_workbook import MARKER

    try:
        with file.open("rb") as stream:
            start = stream.read(len(MARKER.encode()) + 3)
    except OSError:
        return False  # the reader says why, in its own words
    return start.removeprefix(b"\xef\xbb\xbf").startswith(MARKER.encode())


def import_spreadsheet(
    file: Path, output: Path | None, force: bool, fmt: DiagnosticFormat, schema: str | None, sheet: str | None
) -> None:
    """`rkt import FILE.xlsx|.csv`: a realisasi lembar by its marker, anything else as an RKT table."""
    from rkt_cli.cli.import_docx import check_import_output, write_imported_rkt
    from rkt_cli.importer import CellErrors, DocxImportError, ImportFailure, import_csv, import_workbook
    from rkt_cli.xlsx_reader import ReadFailure, WorkbookError, read_workbook_file

    csv = file.suffix.lower() == ".csv"
    book = None
    if csv:
        lembar = _is_lembar_csv(file)
    else:
        try:
            book = read_workbook_file(file, str(file))
        except WorkbookError as exc:
            fail(exc.message, ExitCode.USAGE_ERROR if exc.kind is ReadFailure.FILE else ExitCode.DATA_ERROR)
        from rkt_cli.realisasi_workbook_reader import is_lembar

        lembar = is_lembar(book)
    if lembar:
        if schema is not None:
            fail_usage("--schema is for an RKT file; a lembar gives a realisasi file")
        if sheet is not None:
            fail_usage("--sheet is for an RKT workbook; a lembar's sheets are fixed")
        import_lembar(file, output, force, fmt)
        return
    if csv and sheet is not None:
        fail_usage("--sheet names a sheet of a workbook; a CSV has none")
    check_import_output(file, output, force)
    try:
        result = import_csv(file, str(file)) if book is None else import_workbook(book, sheet)
    except CellErrors as exc:
        emit_diagnostics(exc.diagnostics, {}, fmt)
        say(f"{file}: {plural(len(exc.diagnostics), 'error')}; nothing written")
        raise typer.Exit(ExitCode.DATA_ERROR) from None
    except DocxImportError as exc:
        fail(exc.message, ExitCode.USAGE_ERROR if exc.kind is ImportFailure.FILE else ExitCode.DATA_ERROR)
    write_imported_rkt(result, file, output, schema, fmt, ordered=not csv)


def import_lembar(file: Path, output: Path | None, force: bool, fmt: DiagnosticFormat) -> None:
    """`rkt import FILE.xlsx|.csv`: the realisasi YAML of a filled lembar, to -o or stdout."""
    from rkt_cli.realisasi_writer import dump_realisasi
    from rkt_cli.xlsx_reader import ReadFailure, WorkbookError, read_workbook_file

    if output is not None:
        if output.exists() and output.resolve() == file.resolve():
            fail_usage(f"{output}: the output would overwrite the file being imported")
        if output.exists() and not force:
            fail_usage(f"{output}: already exists; add --force to overwrite it")
        refuse_file_in_the_way(output.parent)
        refuse_special_output(output)
    try:
        if file.suffix.lower() == ".csv":
            from rkt_cli.realisasi_csv import read_lembar_csv

            lembar, diagnostics = read_lembar_csv(file, str(file))
        else:
            from rkt_cli.realisasi_workbook_reader import read_lembar

            lembar, diagnostics = read_lembar(read_workbook_file(file, str(file)))
    except WorkbookError as exc:
        fail(exc.message, ExitCode.USAGE_ERROR if exc.kind is ReadFailure.FILE else ExitCode.DATA_ERROR)
    diagnostics = sort_diagnostics(diagnostics)
    errors, warnings = totals(diagnostics)
    # Text diagnostics go to stderr as they come; json or github ones are one document on
    # stdout at the end (with -o, as `rkt import` of a DOCX requires).
    if fmt is DiagnosticFormat.TEXT or errors:
        emit_diagnostics(diagnostics, {}, fmt)
    if errors:
        say(f"{file}: {plural(errors, 'error')}; nothing written")
        raise typer.Exit(ExitCode.DATA_ERROR)
    text = dump_realisasi(lembar)
    rkt_path = (output or file).parent / lembar.rkt
    if output is not None and output.resolve() == rkt_path.resolve():
        # The realisasi file lives beside the RKT it names; --force must not put it in its place.
        fail_usage(f"{output}: is the RKT file the lembar belongs to; write the realisasi to another name")
    # Checked against its RKT before anything is written: with an error, nothing is (README).
    checked, sources = _check_against_rkt(text, output, rkt_path)
    if fmt is DiagnosticFormat.TEXT:
        emit_diagnostics(checked, sources, fmt)
    else:
        emit_diagnostics(diagnostics + checked, {}, fmt)
    errors = totals(checked)[0]
    if errors:
        say(
            f"{file}: {plural(errors, 'error')} against {rkt_path} in the YAML it holds (shown above as it would "
            "be written; the row is the lembar's row of that address); nothing written"
        )
        raise typer.Exit(ExitCode.DATA_ERROR)
    if output is None:
        typer.echo(text, nl=False)
    else:
        make_folder(output.parent)
        write_output(output, text.encode("utf-8"))
    filled = sum(1 for entri in lembar.indikator if entri.tw)
    where = f"wrote {output}" if output is not None else "wrote the YAML to stdout"
    say(f"{file}: realisasi for {filled} of {len(lembar.indikator)} indikator; {plural(warnings, 'warning')}; {where}")
    if output is not None and rkt_path.is_file():
        say(f"next: {command_line('rkt', 'capaian', str(rkt_path), str(output))}")


def _check_against_rkt(text: str, output: Path | None, rkt_path: Path) -> tuple[list[Diagnostic], dict[str, list[str]]]:
    """The written YAML checked against its RKT as `rkt capaian` checks it (ids, addresses,
    targets), when the RKT is where its `rkt:` says: the diagnostics and the sources to show."""
    from rkt_cli.checking import check_loaded
    from rkt_cli.loader import load_yaml_bytes, load_yaml_file
    from rkt_cli.realisasi import RktSource, check_realisasi

    if not rkt_path.is_file():
        say(f"{rkt_path}: not found, so the realisasi was not checked against its RKT; `rkt capaian` will")
        return [], {}
    try:
        rkt_loaded = load_yaml_file(rkt_path, str(rkt_path))
    except OSError:
        return [], {}
    checked = check_loaded(rkt_loaded)
    if checked.model is None or checked.has_errors:
        say(f"{rkt_path}: has errors, so the realisasi was not checked against it")
        return [], {}
    loaded = load_yaml_bytes(text.encode("utf-8"), str(output) if output is not None else "<stdout>")
    source = RktSource(checked.model, checked.file, rkt_loaded.source_map, rkt_path)
    result = check_realisasi(source, loaded, 4, output)
    return result.diagnostics, {loaded.file: loaded.lines, checked.file: checked.lines}
