"""`rkt template list|init|check`: the shipped templates, a copy to edit, and its check."""

from __future__ import annotations

from pathlib import Path

import typer

from rkt_cli.cli.app import (
    DiagnosticFormat,
    RktCommand,
    RktGroup,
    app,
    command_line,
    emit_diagnostics,
    fail_usage,
    format_option,
    make_folder,
    refuse_file_in_the_way,
    refuse_special_output,
    resolve_format,
    say,
    write_output,
)
from rkt_cli.cli.render import load_template_cli

template_app = typer.Typer(
    name="template",
    help="Make and check document templates (layout, wording, Word styles).",
    no_args_is_help=True,
    cls=RktGroup,
)
app.add_typer(template_app, name="template")


@template_app.command("list", cls=RktCommand)
def template_list() -> None:
    """List the templates that ship with rkt: the name `--template NAME` takes, and what it makes.

    Example: rkt template list && rkt render data.yaml --template pk
    """
    from rkt_cli.shipped_templates import DEFAULT_TEMPLATE, SHIPPED_TEMPLATES

    width = max(len(name) for name in SHIPPED_TEMPLATES)
    for name, shipped in SHIPPED_TEMPLATES.items():
        mark = " (default)" if name == DEFAULT_TEMPLATE else ""
        say(f"{name:<{width}}  {shipped.description}{mark}", err=False)


@template_app.command("init", cls=RktCommand)
def template_init(
    folder: Path = typer.Argument(..., help="New template folder to create.", show_default=False, metavar="DIR"),
    source: str = typer.Option(
        "rkt", "--from", help="The shipped template to copy (see `rkt template list`).", metavar="NAME"
    ),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty folder, replacing its template files."),
) -> None:
    """Copy a shipped template (rkt unless --from names another) into DIR, to edit
    (template.yaml in a text editor, reference.docx in Word).

    Example: rkt template init my-pk --from pk && rkt render data.yaml --template my-pk
    """
    from rkt_cli.shipped_templates import (
        SHIPPED_TEMPLATES,
        TEMPLATE_ALIASES,
        TEMPLATE_FILE,
        default_template_folder,
        shipped_names,
        shipped_template_folder,
    )
    from rkt_cli.templating import REFERENCE_DOCX

    if source not in SHIPPED_TEMPLATES and source not in TEMPLATE_ALIASES:
        fail_usage(f"--from {source}: no shipped template of that name; shipped: {shipped_names()}")
    refuse_file_in_the_way(folder)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        fail_usage(f"{folder}: directory is not empty; use --force to write the template files into it")
    origin = shipped_template_folder(source)
    # A shipped template without a reference.docx of its own uses the default one: the copy gets
    # it too, so that its Word styles can be edited as well.
    reference = origin / REFERENCE_DOCX
    if not reference.exists():
        reference = default_template_folder() / REFERENCE_DOCX
    # Both names checked before either file is written: a folder in the way of the second must
    # not leave the first written (a half template).
    for name in (TEMPLATE_FILE, REFERENCE_DOCX):
        if (folder / name).is_dir():
            fail_usage(f"{folder / name}: is a directory; remove it or choose another folder")
        refuse_special_output(folder / name)
    make_folder(folder)
    write_output(folder / TEMPLATE_FILE, (origin / TEMPLATE_FILE).read_bytes())
    write_output(folder / REFERENCE_DOCX, reference.read_bytes())
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
    template = load_template_cli(folder, rendering=False, fmt=fmt)
    if fmt is DiagnosticFormat.JSON:
        emit_diagnostics([], {}, fmt)  # `{"errors": 0, …}`: a script reads one shape either way
    spec = template.spec
    kertas = spec.kertas
    reference = "own reference.docx" if template.reference_is_own else "the default reference.docx"
    parts = f"{len(spec.bagian)} parts; " if spec.bagian is not None else ""
    # The verdict is for people: on stdout in text form, on stderr when stdout is json or annotations.
    say(
        f"{folder}: template OK: {spec.nama}; {kertas.ukuran} {kertas.orientasi}, "
        f"{len(spec.tabel.kolom)} columns, {sum(k.lebar_mm for k in spec.tabel.kolom):g} of "
        f"{kertas.text_width_mm:g} mm; {parts}{reference}",
        err=fmt is not DiagnosticFormat.TEXT,
    )
