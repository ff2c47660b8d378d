"""`rkt render`: the documents to sign, through a template (`rkt template …`: template_commands).

Rendering libraries (python-docx, Jinja2, Babel) are imported inside the command functions, so
that `rkt validate` never pays for them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from rkt_cli.cli.app import (
    YAML_SUFFIXES,
    DiagnosticFormat,
    ExitCode,
    RktCommand,
    accept_checked,
    app,
    check_inputs,
    check_or_reason,
    emit_diagnostics,
    escaped_text,
    expand_inputs,
    fail_usage,
    for_report,
    make_folder,
    refuse_file_in_the_way,
    refuse_special_output,
    report_warnings,
    require_valid,
    say,
    stop_on_errors,
    write_output,
)
from rkt_cli.cli.capaian import Sampai
from rkt_cli.cli.workers import jobs_option, pool_pays, progress_bar, resolve_jobs, run_in_pool
from rkt_cli.diagnostics import Diagnostic, promote_warnings

if TYPE_CHECKING:
    from rkt_cli.capaian_rows import CapaianRows
    from rkt_cli.checking import CheckedFile
    from rkt_cli.layout import DocumentView
    from rkt_cli.templating import Template


class OutputFormat(str, Enum):
    DOCX = "docx"
    PDF = "pdf"
    TABLE = "table"


# The format an output's name asks for: `-o final.pdf` alone means PDF.
SUFFIX_FORMATS = {".docx": OutputFormat.DOCX, ".pdf": OutputFormat.PDF, ".txt": OutputFormat.TABLE}


def _output_format(given: OutputFormat | None, output: Path | None) -> OutputFormat:
    """--format as given, else the one -o's suffix names, else docx. A --format that disagrees
    with -o's suffix stops: `-o rkt.docx --format pdf` would put a PDF where Word expects DOCX."""
    named = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if given is None:
        return named or OutputFormat.DOCX
    if output is not None and named is not None and named is not given:
        fail_usage(f"{output}: the name ends in {output.suffix} but --format is {given.value}; make them agree")
    return given


def _refuse_non_yaml(inputs: list[Path]) -> None:
    """A Word file, PDF or spreadsheet given by mistake gets the diagnostic `rkt validate` gives
    it ("this is a Word document …; `rkt import …` turns a Word RKT into YAML"), exit 1, before
    its output name is judged: `rkt render RKT.docx` would otherwise be refused for overwriting
    its input. Only names without .yaml/.yml are read here, and a foreign file stops at its
    first bytes; a YAML file under another name passes and is checked with the rest."""
    others = [path for path in inputs if path.suffix.lower() not in YAML_SUFFIXES]
    if others:
        stop_on_errors(check_inputs(others))


def load_template_cli(
    folder: Path | None, rendering: bool = True, fmt: DiagnosticFormat = DiagnosticFormat.TEXT
) -> Template:
    """The template, or its diagnostics printed like validate's and exit 2."""
    from rkt_cli.templating import TemplateError, load_template

    try:
        return load_template(folder)
    except TemplateError as exc:
        emit_diagnostics(exc.diagnostics, exc.sources, fmt)
        say("rkt: the template has errors" + ("; nothing was rendered" if rendering else ""))
        raise typer.Exit(ExitCode.USAGE_ERROR) from None


def _outputs(
    files: list[Path], fmt: OutputFormat, output: Path | None, out_dir: Path | None, label: str = ""
) -> list[Path | None]:
    """Where each input goes; None means the terminal (table format without -o). `label`
    (output_label) goes between a default name's stem and its suffix."""
    if output is not None and out_dir is not None:
        fail_usage("give either -o/--output or --out-dir, not both")
    if output is not None and str(output) == "-":
        fail_usage("-o -: a document is a file; for the terminal use --format table without -o")
    if output is not None and len(files) > 1:
        fail_usage(f"-o/--output names one file but {len(files)} inputs were given; use --out-dir DIR")
    suffix = ".txt" if fmt is OutputFormat.TABLE else f".{fmt.value}"
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            fail_usage(f"{out_dir}: is a file; --out-dir names the folder to write the outputs into")
        refuse_file_in_the_way(out_dir)
    targets: list[Path | None] = []
    for file in files:
        if output is not None:
            target: Path | None = output
        elif out_dir is not None:
            target = out_dir / (file.stem + label + suffix)
        elif fmt is OutputFormat.TABLE:
            target = None
        else:
            target = file.with_name(file.stem + label + suffix)
        targets.append(target)
    inputs = {f.resolve() for f in files}
    seen: set[Path] = set()
    for target in targets:
        if target is None:
            continue
        resolved = target.resolve()
        if resolved in inputs or target.suffix.lower() in YAML_SUFFIXES:
            fail_usage(f"{target}: refusing to overwrite a YAML input; choose another output name")
        if resolved in seen:
            fail_usage(f"{target}: two inputs would be written to the same output; use --out-dir")
        seen.add(resolved)
        if target.is_dir():
            fail_usage(f"{target}: is a directory; use --out-dir to write into it")
        refuse_file_in_the_way(target.parent)
        refuse_special_output(target)
    return targets


def _render_bytes(view: DocumentView, template: Template, fmt: OutputFormat) -> bytes:
    """The table as text, or the DOCX (also for PDF, which LibreOffice makes from it later)."""
    if fmt is OutputFormat.TABLE:
        from rkt_cli.render.table import render_text

        return render_text(view).encode("utf-8")
    from rkt_cli.render.docx import render_docx

    # For PDF the table is cut into shorter tables, which LibreOffice lays out in linear time.
    return render_docx(view, template.reference_docx, for_pdf=fmt is OutputFormat.PDF)


@dataclass(frozen=True)
class RenderJob:
    """One file for a worker of `rkt render --jobs N` (plain data: it crosses to the worker)."""

    path: Path
    strict: bool
    template: Path | None
    fmt: OutputFormat


@dataclass(frozen=True)
class Rendered:
    """What a worker hands back: the check, and the bytes when the file had no errors (DOCX
    also for PDF), or the wording's error where the template could not be filled in."""

    checked: CheckedFile | str
    data: bytes | None = None
    wording_error: Diagnostic | None = None


_worker_templates: dict[Path | None, Template] = {}  # each worker loads the template once


def render_in_worker(job: RenderJob) -> Rendered:
    """A worker's part of `rkt render --jobs N`: one file checked, and rendered when it has no
    errors. The parent writes; it has checked the template already, so loading it here succeeds."""
    from rkt_cli.layout import build_layout
    from rkt_cli.requirements import template_needs
    from rkt_cli.templating import WordingError, load_template

    if job.template not in _worker_templates:
        _worker_templates[job.template] = load_template(job.template)
    template = _worker_templates[job.template]
    result = check_or_reason(job.path, template_needs(template))
    if isinstance(result, str):
        return Rendered(result)
    if job.strict:
        result.diagnostics = promote_warnings(result.diagnostics)
    if result.has_errors or result.model is None:
        return Rendered(for_report(result))
    model = escaped_text(result.model) if job.fmt is OutputFormat.TABLE else result.model
    try:
        view = build_layout(model, template, paged=job.fmt is not OutputFormat.TABLE)
    except WordingError as exc:
        return Rendered(for_report(result), wording_error=exc.diagnostic)
    data = _render_bytes(view, template, job.fmt)
    _collect_now_and_then()
    return Rendered(for_report(result), data)


def _print_table(view: DocumentView) -> None:
    """The document as a table in the terminal (its texts were escaped before the layout)."""
    from rich.console import Console

    from rkt_cli.render.table import build_table

    Console().print(build_table(view))


@app.command(cls=RktCommand)
def render(
    files: list[Path] = typer.Argument(
        ..., help="RKT YAML files, or directories holding them.", show_default=False, metavar="FILE|DIR"
    ),
    output_format: OutputFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="docx (Word), pdf (through LibreOffice) or table (terminal). Default: what -o's name ends in, else docx.",
        case_sensitive=False,
        metavar="FORMAT",
        show_default=False,
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Output file (one input only); missing folders are made.", metavar="FILE"
    ),
    out_dir: Path = typer.Option(
        None, "--out-dir", "-d", help="Write the outputs into this folder (made if missing).", metavar="DIR"
    ),
    template_dir: Path = typer.Option(
        None,
        "--template",
        "-t",
        help="A shipped template by name (rkt, pk, rkt-sederhana, lkj, rencana-aksi: see `rkt template list`) "
        "or a template "
        "folder (from `rkt template init`); default: rkt.",
        metavar="NAME|DIR",
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors: render nothing if any."),
    jobs: int | None = jobs_option(),
    realisasi: Path | None = typer.Option(
        None,
        "--realisasi",
        "-r",
        help="The RKT's realisasi file, for templates that show capaian (lkj, rencana-aksi).",
        metavar="FILE",
    ),
    sampai: Sampai | None = typer.Option(
        None,
        "--sampai",
        "-s",
        help="With --realisasi: count the quarters up to this one (tw1…tw4; default tw4).",
        case_sensitive=False,
        metavar="TW",
    ),
) -> None:
    """Render RKT files to the document to sign: DOCX, PDF, or a table in the terminal.

    The data is checked first, as by `rkt validate`; a file with errors is not rendered.
    Output goes next to the input with the new suffix, the template's name added for another
    template than rkt (rkt_2024_pk.docx), unless -o or --out-dir says otherwise.

    Examples: rkt render data/rkt_2024.yaml · rkt render data/ --format pdf --out-dir out/ ·
    rkt render data/rkt_2024.yaml --realisasi data/realisasi_2024.yaml --template lkj
    """
    from rkt_cli.cli.render_realisasi import capaian_rows, check_realisasi_option
    from rkt_cli.shipped_templates import DEFAULT_TEMPLATE
    from rkt_cli.templating import REFERENCE_DOCX

    inputs = expand_inputs(files)
    _refuse_non_yaml(inputs)
    fmt = _output_format(output_format, output)
    from rkt_cli.shipped_templates import output_label

    targets = _outputs(inputs, fmt, output, out_dir, output_label(template_dir))
    template = load_template_cli(template_dir)
    check_realisasi_option(
        template, str(template_dir or DEFAULT_TEMPLATE), realisasi, inputs, sampai is not None, targets
    )
    if template.reference_is_own:
        reference = (template.folder / REFERENCE_DOCX).resolve()
        for target in targets:
            if target is not None and target.resolve() == reference:
                fail_usage(f"{target}: is the template's own reference.docx; choose another output name")
    workers = resolve_jobs(jobs)
    rendered_apart = pool_pays(workers, inputs, rendering=True) and None not in targets and realisasi is None
    if rendered_apart:
        # Every file checked and rendered in the workers; nothing is written before all are
        # back, so a file with errors still leaves no output at all, as with one process.
        _prepare_workers(template_dir, template, fmt)
        work = [RenderJob(path, strict, template_dir, fmt) for path in inputs]
        rendered = run_in_pool(render_in_worker, work, workers, "rendering")
        checked = accept_checked((r.checked for r in rendered), strict)
        stop_on_errors(checked)
        report_warnings(checked)
        made: list[bytes | Diagnostic | None] = [r.wording_error or r.data for r in rendered]
    else:
        from rkt_cli.requirements import template_needs

        # A field the template shows and the file lacks is an error here (RKT220), never a blank cell.
        checked = require_valid(inputs, strict, needs=template_needs(template))
        rows = (
            None
            if realisasi is None
            else capaian_rows(inputs[0], checked[0], realisasi, int((sampai or Sampai.TW4).value[-1]), strict)
        )
        # The checked models stay alive to the end: frozen, no collection scans them again,
        # which makes a full collection cheap (see _made_here).
        gc.freeze()
        # Every file is made before the first is written: a wording that fails on file N must
        # not leave files 1 … N-1 written (README: a render writes nothing until all passed).
        made = [_made_here(r, target, template, fmt, rows) for r, target in zip(checked, targets, strict=True)]
    try:
        for source, data in zip(inputs, made, strict=True):
            if isinstance(data, Diagnostic):  # before anything is written or converted
                _wording_failed(data, template, source)
        if fmt is OutputFormat.PDF:
            _write_pdfs(zip(inputs, targets, made, strict=True))
            return
        with progress_bar(len(inputs), "writing") as step:
            for target, data in zip(targets, made, strict=True):
                if target is None or not isinstance(data, bytes):  # the table went to the terminal
                    step()
                    continue
                make_folder(target.parent)  # only now: a failed check or render leaves no empty folder
                write_output(target, data)
                step(f"wrote {target}")
    finally:
        gc.unfreeze()  # what the process holds from here on is collected as before (the tests run many commands)


def _prepare_workers(folder: Path | None, template: Template, fmt: OutputFormat) -> None:
    """Import what the workers render with, and hand them the template loaded above: a forked
    worker inherits both, instead of each spending a quarter of a second on them (a spawned
    worker loads them itself)."""
    import rkt_cli.checking
    import rkt_cli.layout

    if fmt is OutputFormat.TABLE:
        import rkt_cli.render.table
    else:
        import rkt_cli.render.docx

        rkt_cli.render.docx.prepare_skeleton(template)  # python-docx only for a reference of the user's own
    _worker_templates[folder] = template


def _made_here(
    result: CheckedFile, target: Path | None, template: Template, fmt: OutputFormat, rows: CapaianRows | None = None
) -> bytes | Diagnostic | None:
    """One checked file rendered in this process: its bytes, the wording's error, or None when
    the table went to the terminal."""
    from rkt_cli.layout import build_layout
    from rkt_cli.templating import WordingError

    assert result.model is not None  # require_valid stopped on any error
    # The table is a terminal view: its texts get their control characters escaped.
    model = escaped_text(result.model) if fmt is OutputFormat.TABLE else result.model
    try:
        view = build_layout(model, template, paged=fmt is not OutputFormat.TABLE, capaian=rows)  # a terminal: no pages
    except WordingError as exc:  # wording that `rkt template check` could not foresee
        return exc.diagnostic
    if target is None:
        _print_table(view)
        return None
    data = _render_bytes(view, template, fmt)
    _collect_now_and_then()
    return data


COLLECT_EVERY = 4
"""Files rendered between two full garbage collections (see _collect_now_and_then); 550 files
peaked at 103 MiB with 1, 117 with 4, 128 with 8 (129 before --jobs), at 3.5 %, 2 %, 2 % of the time."""

_rendered_since_collect = 0


def _collect_now_and_then() -> None:
    """A rendered python-docx document is cyclic garbage holding its XML trees, and lives long
    enough to reach the oldest generation, which the collector seldom visits: without a full
    collection now and then, the peak memory of 550 files was 1.6 times that before --jobs.
    What survives a collection is frozen, so the next scans only what is new: every
    COLLECT_EVERY files this costs about 2 % of the time (one after every file, unfrozen: 9 %)."""
    global _rendered_since_collect
    _rendered_since_collect += 1
    if _rendered_since_collect >= COLLECT_EVERY:
        _rendered_since_collect = 0
        gc.collect()
        gc.freeze()  # what survived stays (modules, template, models): no collection rescans it


def _wording_failed(diagnostic: Diagnostic, template: Template, source: Path) -> NoReturn:
    emit_diagnostics([diagnostic], {diagnostic.file: template.lines})
    fail_usage(f"{source}: not rendered: the template's wording cannot be filled in with this data")


PDF_BATCH_FILES = 50
"""Files converted by one LibreOffice process: its start-up (about 1 s) is paid once per batch,
and a batch's DOCX and PDF are all that is held at a time."""


def _write_pdfs(made: Iterable[tuple[Path, Path | None, bytes | Diagnostic | None]]) -> None:
    """Convert the DOCX of the run to PDF through one LibreOffice per batch, writing each PDF in
    input order (the caller has stopped on any wording that failed). A file that LibreOffice
    could not convert stops the run there, the files before it written, as when each file is
    converted alone."""
    from rkt_cli.render.pdf import LibreOfficeError, LibreOfficeMissing, convert_many

    items = list(made)
    with progress_bar(len(items), "converting to PDF") as step:
        for start in range(0, len(items), PDF_BATCH_FILES):
            batch = items[start : start + PDF_BATCH_FILES]
            documents = [(source.stem, data) for source, _, data in batch if isinstance(data, bytes)]
            try:
                pdfs = convert_many(documents, converted=step) if documents else []
            except LibreOfficeMissing as exc:
                fail_usage(str(exc))
            for (source, target, _), pdf in zip(batch, pdfs, strict=False):
                if isinstance(pdf, LibreOfficeError):
                    fail_usage(f"{source}: {pdf}")
                assert target is not None  # PDF always goes to a file
                make_folder(target.parent)
                write_output(target, pdf)
                step(f"wrote {target}", advance=False)


def load_template_or_exit(folder: Path, fmt: DiagnosticFormat) -> Template:
    """The template for a command that checks rather than renders (`rkt validate --template`)."""
    return load_template_cli(folder, rendering=False, fmt=fmt)
