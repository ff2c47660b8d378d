"""`rkt render --realisasi`: the realisasi file of the RKT being rendered, for the templates that
show capaian (lkj, rencana-aksi, or a template of one's own with capaian columns).

Whether a realisasi file is needed is the template's question (requirements.shows_realisasi):
without one it is one line naming --realisasi, exit 2, before any file is read. With one, the RKT
is checked first as always, then the realisasi file against it as `rkt validate` checks one
(its `rkt:` must name this RKT file): any error prints its diagnostics and the count line, exit
1, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rkt_cli.cli.app import ExitCode, count_line, emit_diagnostics, fail_usage, report_warnings, say
from rkt_cli.diagnostics import promote_warnings

if TYPE_CHECKING:
    from rkt_cli.capaian_rows import CapaianRows
    from rkt_cli.checking import CheckedFile
    from rkt_cli.templating import Template


def check_realisasi_option(
    template: Template,
    name: str,
    realisasi: Path | None,
    inputs: list[Path],
    sampai_given: bool,
    targets: list[Path | None],
) -> None:
    """--realisasi given exactly where the template shows its values, for one RKT file; --sampai
    only with it (alone it would be ignored without a word); no output written over it."""
    from rkt_cli.requirements import shows_realisasi

    shows = shows_realisasi(template)
    if shows and realisasi is None:
        fail_usage(
            f"template {name} shows realisasi and capaian: give the realisasi file with --realisasi REALISASI.yaml"
        )
    if realisasi is None:
        if sampai_given:
            fail_usage("--sampai counts the quarters of a realisasi file: give it with --realisasi REALISASI.yaml")
        return
    if not shows:
        fail_usage(
            f"--realisasi {realisasi}: template {name} shows no realisasi or capaian; "
            "use --template lkj or --template rencana-aksi"
        )
    if len(inputs) != 1:
        fail_usage(f"--realisasi belongs to one RKT file, but {len(inputs)} were given")
    if realisasi.is_dir():
        fail_usage(f"--realisasi {realisasi}: is a folder; give the realisasi file")
    if not realisasi.exists():
        fail_usage(f"--realisasi {realisasi}: no such file")
    for target in targets:
        # The realisasi file is an input like the RKT: whatever its name, it is never written over.
        if target is not None and target.resolve() == realisasi.resolve():
            fail_usage(f"{target}: is the realisasi file given with --realisasi; choose another output name")


def capaian_rows(rkt_path: Path, checked: CheckedFile, realisasi: Path, sampai: int, strict: bool) -> CapaianRows:
    """The report of `realisasi` up to quarter `sampai` against the checked RKT (with the whole
    year's quarterly targets), or its diagnostics printed as `rkt validate` prints them and exit 1."""
    from rkt_cli.capaian_rows import CapaianRows
    from rkt_cli.checking import CheckedFile, Stage
    from rkt_cli.loader import load_yaml_file
    from rkt_cli.realisasi import RktSource, check_realisasi

    assert checked.model is not None  # require_valid stopped on any error
    try:
        loaded = load_yaml_file(realisasi, str(realisasi))
        # The RKT again, for its source map: a target of 0 is reported at its line in the RKT.
        rkt_loaded = load_yaml_file(rkt_path, checked.file)
    except OSError as exc:
        fail_usage(f"{exc.filename}: cannot read: {exc.strerror or exc}")
    source = RktSource(checked.model, checked.file, rkt_loaded.source_map, rkt_path)
    result = check_realisasi(source, loaded, sampai, realisasi)
    diagnostics = promote_warnings(result.diagnostics) if strict else result.diagnostics
    report = CheckedFile(loaded.file, None, diagnostics, loaded.lines, Stage.RULES)
    if report.has_errors or result.laporan is None:
        emit_diagnostics(diagnostics, {checked.file: rkt_loaded.lines, loaded.file: loaded.lines})
        say(count_line([report]))
        if not result.matched_rkt:
            say(
                f"fix the errors above; the checks of {loaded.file} against its RKT (ids, addresses, targets) "
                "run once it loads and matches the schema"
            )
        raise typer.Exit(ExitCode.DATA_ERROR)
    report_warnings([report])
    # The quarterly targets are the plan: those after --sampai are shown too, from the whole
    # year's report (`rkt validate` checks all four quarters; on an error there, up to --sampai).
    rencana = check_realisasi(source, loaded, 4, realisasi).laporan if sampai < 4 else None
    return CapaianRows(result.laporan, rencana)
