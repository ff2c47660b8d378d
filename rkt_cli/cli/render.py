"""`rkt render` and `rkt template init|check`: the documents to sign, through a template.

Rendering libraries (python-docx, Jinja2, Babel) are imported inside the command functions, so
that `rkt validate` never pays for them.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rkt_cli.cli.app import (
    YAML_SUFFIXES,
    DiagnosticFormat,
    ExitCode,
    RktCommand,
    RktGroup,
    app,
    check_inputs,
    command_line,
    emit_diagnostics,
    escaped_text,
    expand_inputs,
    fail_usage,
    format_option,
    make_folder,
    refuse_file_in_the_way,
    refuse_special_output,
    require_valid,
    resolve_format,
    say,
    stop_on_errors,
    write_output,
)
from rkt_cli.safe_output import escape_controls

if TYPE_CHECKING:
    from rkt_cli.layout import DocumentView
    from rkt_cli.templating import Template

template_app = typer.Typer(
    name="template",
    help="Make and check document templates (layout, wording, Word styles).",
    no_args_is_help=True,
    cls=RktGroup,
)
app.add_typer(template_app, name="template")


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


def _load_template(
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


def _outputs(files: list[Path], fmt: OutputFormat, output: Path | None, out_dir: Path | None) -> list[Path | None]:
    """Where each input goes; None means the terminal (table format without -o)."""
    if output is not None and out_dir is not None:
        fail_usage("give either -o/--output or --out-dir, not both")
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
            target = out_dir / (file.stem + suffix)
        elif fmt is OutputFormat.TABLE:
            target = None
        else:
            target = file.with_suffix(suffix)
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


def _render_bytes(view: DocumentView, template: Template, fmt: OutputFormat, source: Path) -> bytes:
    if fmt is OutputFormat.TABLE:
        from rkt_cli.render.table import render_text

        return render_text(view).encode("utf-8")
    from rkt_cli.render.docx import render_docx

    docx = render_docx(view, template.reference_docx, for_pdf=fmt is OutputFormat.PDF)
    if fmt is OutputFormat.DOCX:
        return docx
    from rkt_cli.render.pdf import LibreOfficeError, LibreOfficeMissing, convert_docx_to_pdf

    try:
        return convert_docx_to_pdf(docx, source.stem)
    except LibreOfficeMissing as exc:
        fail_usage(str(exc))
    except LibreOfficeError as exc:
        fail_usage(f"{source}: {exc}")


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
        help="Template folder (from `rkt template init`); default: the built-in one.",
        metavar="DIR",
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors: render nothing if any."),
) -> None:
    """Render RKT files to the document to sign: DOCX, PDF, or a table in the terminal.

    The data is checked first, as by `rkt validate`; a file with errors is not rendered.
    Output goes next to the input with the new suffix unless -o or --out-dir says otherwise.

    Examples: rkt render data/rkt_2024.yaml · rkt render data/ --format pdf --out-dir out/
    """
    from rkt_cli.templating import REFERENCE_DOCX

    inputs = expand_inputs(files)
    _refuse_non_yaml(inputs)
    fmt = _output_format(output_format, output)
    targets = _outputs(inputs, fmt, output, out_dir)
    template = _load_template(template_dir)
    if template.reference_is_own:
        reference = (template.folder / REFERENCE_DOCX).resolve()
        for target in targets:
            if target is not None and target.resolve() == reference:
                fail_usage(f"{target}: is the template's own reference.docx; choose another output name")
    checked = require_valid(inputs, strict)

    from rkt_cli.layout import build_layout
    from rkt_cli.templating import WordingError

    progress = None
    if len(checked) > 1 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        progress = Progress(console=Console(stderr=True), transient=True)  # only on a terminal
        progress.start()
    try:
        task = progress.add_task("rendering", total=len(checked)) if progress else None
        for result, target, source in zip(checked, targets, inputs, strict=True):
            assert result.model is not None  # require_valid stopped on any error
            # The table is a terminal view: its texts get their control characters escaped.
            model = escaped_text(result.model) if fmt is OutputFormat.TABLE else result.model
            try:
                view = build_layout(model, template, paged=fmt is not OutputFormat.TABLE)
            except WordingError as exc:  # wording that `rkt template check` could not foresee
                emit_diagnostics([exc.diagnostic], {exc.diagnostic.file: template.lines})
                fail_usage(f"{source}: not rendered: the template's wording cannot be filled in with this data")
            if target is None:
                _print_table(view)
            else:
                data = _render_bytes(view, template, fmt, source)
                make_folder(target.parent)  # only now: a failed check or render leaves no empty folder
                write_output(target, data)
                if progress is not None:  # above the bar
                    progress.console.print(escape_controls(f"wrote {target}"), markup=False, highlight=False)
                else:
                    say(f"wrote {target}")
            if progress is not None and task is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()


@template_app.command("init", cls=RktCommand)
def template_init(
    folder: Path = typer.Argument(..., help="New template folder to create.", show_default=False, metavar="DIR"),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty folder, replacing its template files."),
) -> None:
    """Copy the default template into DIR, to edit (template.yaml in a text editor,
    reference.docx in Word).

    Example: rkt template init my-template && rkt render data.yaml --template my-template
    """
    from rkt_cli.templating import REFERENCE_DOCX, TEMPLATE_FILE, default_template_folder

    if folder.exists() and not folder.is_dir():
        fail_usage(f"{folder}: exists and is not a directory")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        fail_usage(f"{folder}: directory is not empty; use --force to write the template files into it")
    source = default_template_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail_usage(f"{folder}: cannot write: {exc.strerror or exc}")
    for name in (TEMPLATE_FILE, REFERENCE_DOCX):
        write_output(folder / name, (source / name).read_bytes())
    check = command_line("rkt", "template", "check", folder)
    say(f"created {folder}/ ({TEMPLATE_FILE}, {REFERENCE_DOCX}); check it with: {check}", err=False)


@template_app.command("check", cls=RktCommand)
def template_check(
    folder: Path = typer.Argument(..., help="Template folder to check.", show_default=False, metavar="DIR"),
    output_format: DiagnosticFormat = format_option(DiagnosticFormat.AUTO),
) -> None:
    """Check a template folder: template.yaml keys and values, wording placeholders, reference.docx.

    Problems are printed as `rkt validate` prints them (codes RKT401–RKT407), exit 2.

    Example: rkt template check my-template
    """
    fmt = resolve_format(output_format)
    template = _load_template(folder, rendering=False, fmt=fmt)
    if fmt is DiagnosticFormat.JSON:
        emit_diagnostics([], {}, fmt)  # `{"errors": 0, …}`: a script reads one shape either way
    spec = template.spec
    kertas = spec.kertas
    reference = "own reference.docx" if template.reference_is_own else "the default reference.docx"
    # The verdict is for people: on stdout in text form, on stderr when stdout is json or annotations.
    say(
        f"{folder}: template OK: {spec.nama}; {kertas.ukuran} {kertas.orientasi}, "
        f"{len(spec.tabel.kolom)} columns, {sum(k.lebar_mm for k in spec.tabel.kolom):g} of "
        f"{kertas.text_width_mm:g} mm; {reference}",
        err=fmt is not DiagnosticFormat.TEXT,
    )
