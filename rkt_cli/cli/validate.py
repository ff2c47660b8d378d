"""`rkt validate`, `rkt rules`, `rkt schema`: checking commands. None imports rendering code."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rkt_cli.cli.app import (
    DiagnosticFormat,
    ExitCode,
    RktCommand,
    all_diagnostics,
    app,
    check_inputs,
    count_line,
    emit_diagnostics,
    fail_usage,
    format_option,
    make_folder,
    refuse_file_in_the_way,
    resolve_format,
    say,
    waiting_checks,
    write_output,
)
from rkt_cli.cli.workers import jobs_option, resolve_jobs


def print_rules() -> None:
    """The lint rules of data files, the codes of template problems (all errors), then those
    of the realisasi file."""
    from rkt_cli.realisasi import CODES as REALISASI_CODES
    from rkt_cli.requirements import CODE as REQUIREMENTS_CODE
    from rkt_cli.requirements import DESCRIPTION as REQUIREMENTS_DESCRIPTION
    from rkt_cli.rules import REGISTRY
    from rkt_cli.templating import TEMPLATE_CODES

    for rule in REGISTRY:
        typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<22}  {rule.description}")
    for code, name, description in TEMPLATE_CODES:
        typer.echo(f"{code}  {'error':<7}  {name:<22}  {description}")
    typer.echo(f"{REQUIREMENTS_CODE}  {'error':<7}  {'template-needs':<22}  {REQUIREMENTS_DESCRIPTION}")
    from rkt_cli.realisasi_workbook import CODES as LEMBAR_CODES

    for realisasi in REALISASI_CODES:
        typer.echo(f"{realisasi.code}  {realisasi.severity.value:<7}  {'realisasi':<22}  {realisasi.description}")
    for code, description in LEMBAR_CODES.items():
        severity = "warning" if description.endswith("(warning)") else "error"
        typer.echo(f"{code}  {severity:<7}  {'lembar':<22}  {description}")


@app.command(cls=RktCommand)
def validate(
    files: list[Path] = typer.Argument(
        None,
        help="RKT YAML files, realisasi files, or directories holding them.",
        show_default=False,
        metavar="FILE|DIR",
    ),
    output_format: DiagnosticFormat = format_option(DiagnosticFormat.AUTO),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors (exit 1)."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List the lint rules and exit."),
    jobs: int | None = jobs_option(),
    template: Path | None = typer.Option(
        None,
        "--template",
        help="Also check that each file has every field this template shows (its columns, program table, "
        "signatures), as `rkt render --template` would.",
        metavar="TEMPLATE",
    ),
) -> None:
    """Check RKT files: YAML, schema and rules, every problem at file:line:col; a realisasi
    file against the RKT it names.

    Example: rkt validate data/rkt_2024.yaml --strict
    """
    if list_rules:
        print_rules()
        return
    if not files:
        fail_usage("give at least one file, e.g. rkt validate data/rkt_2024.yaml")
    needs = None
    if template is not None:
        from rkt_cli.cli.render import load_template_or_exit
        from rkt_cli.requirements import template_needs

        needs = template_needs(load_template_or_exit(template, resolve_format(output_format)))
    from rkt_cli.cli.validate_realisasi import check_realisasi_inputs, split_inputs

    rkt_files, realisasi_files = split_inputs(files)
    checked = check_inputs(rkt_files, strict, resolve_jobs(jobs), needs) if rkt_files else []
    realisasi = check_realisasi_inputs(realisasi_files, strict)
    checked += realisasi.checked
    sources = {**realisasi.sources, **{c.file: c.lines for c in checked}}
    emit_diagnostics(all_diagnostics(checked), sources, output_format)
    if resolve_format(output_format) is DiagnosticFormat.TEXT:
        say(count_line(checked))
        for line in [*waiting_checks(checked), *realisasi.waiting]:
            say(line)
    if any(c.has_errors for c in checked):
        raise typer.Exit(ExitCode.DATA_ERROR)


@app.command(cls=RktCommand)
def rules() -> None:
    """List the lint rules with their codes, severities and descriptions.

    Example: rkt rules
    """
    print_rules()


def schema_text() -> str:
    from rkt_cli.model import RKT

    schema = RKT.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Rencana Kinerja Tahunan (rkt)",
        **{k: v for k, v in schema.items() if k != "title"},
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@app.command(cls=RktCommand)
def schema(
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.", metavar="FILE"),
) -> None:
    """Print the JSON Schema of the RKT YAML, for editor completion and checks.

    Example: rkt schema -o schema/rkt.schema.json
    """
    if output is not None and str(output) == "-":
        fail_usage("-o -: leave out -o to print the schema to stdout")
    text = schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    refuse_file_in_the_way(output.parent)
    make_folder(output.parent)  # as render, import and export do
    write_output(output, text.encode("utf-8"))
