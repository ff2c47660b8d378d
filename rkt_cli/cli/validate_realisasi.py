"""`rkt validate` on realisasi files: found among the inputs (given directly or in a folder walk)
and checked against the RKT each one names (rkt_cli.realisasi_file), reported with the RKT
files' diagnostics in the same formats and with the same exit codes.

`rkt summary` and `rkt render` still leave a realisasi file found in a folder out with a note
(app.expand_inputs): they have nothing to make of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rkt_cli.checking import CheckedFile, Stage
from rkt_cli.cli.app import fail_usage, is_realisasi_file, say, yaml_files_below
from rkt_cli.diagnostics import promote_warnings


def split_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The RKT files and the realisasi files among the inputs, each folder standing for the YAML
    files below it. A missing input or an empty folder stops with exit 2, as for any command."""
    rkt_files: list[Path] = []
    realisasi: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = yaml_files_below(path)
            if not found:
                fail_usage(f"{path}: no .yaml files in this directory")
        elif path.exists():
            found = [path]
        else:
            fail_usage(f"{path}: no such file")
        for file in found:
            (realisasi if is_realisasi_file(file) else rkt_files).append(file)
    return rkt_files, realisasi


@dataclass
class RealisasiReport:
    """The realisasi files checked, as validate reports files, and what the report needs besides."""

    checked: list[CheckedFile] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)  # RKT files a diagnostic points into
    waiting: list[str] = field(default_factory=list)  # which checks have not run yet, and why


def check_realisasi_inputs(paths: Sequence[Path], strict: bool) -> RealisasiReport:
    """Check each realisasi file once; one that cannot be read stops with exit 2."""
    report = RealisasiReport()
    if not paths:  # the usual case: the realisasi modules are not even imported
        return report
    from rkt_cli.realisasi_file import check_realisasi_file

    seen: set[Path] = set()
    for path in paths:
        key = path.resolve()
        if key in seen:
            say(f"rkt: warning: {path} is given more than once; it is read once")
            continue
        seen.add(key)
        try:
            result = check_realisasi_file(path, str(path))
        except OSError as exc:
            fail_usage(f"{path}: cannot read: {exc.strerror or exc}")
        diagnostics = promote_warnings(result.diagnostics) if strict else result.diagnostics
        # Stage.RULES: the RKT file's "schema and lint rules wait" line does not apply here.
        report.checked.append(CheckedFile(result.file, None, diagnostics, result.lines, Stage.RULES))
        report.sources.update(result.other_sources)
        if not result.matched_rkt and result.lines:
            report.waiting.append(
                f"fix the errors above; the checks of {result.file} against its RKT (ids, addresses, targets) "
                "run once it loads and matches the schema"
            )
    return report
