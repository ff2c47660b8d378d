"""A realisasi file on disk checked against the RKT file it names: what `rkt validate` runs on it.

`rkt capaian` is given both files; `rkt validate REALISASI.yaml` (or a folder holding one) is
given only the realisasi file, so the RKT is the one its `rkt:` names, relative to it. That RKT
is loaded and checked first: when it is missing, unreadable or has errors, the realisasi file's
ids, addresses and targets cannot be checked against it, and one RKT515 at the `rkt:` line says
so (the RKT's own diagnostics belong to `rkt validate` of the RKT, not to this file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from rkt_cli.diagnostics import Diagnostic, Severity, sort_diagnostics
from rkt_cli.loader import LoadedYaml, format_path, load_yaml_file
from rkt_cli.realisasi import SCHEMA_CODES, RealisasiFile, RktSource, check_realisasi
from rkt_cli.schema_errors import schema_diagnostics


@dataclass
class RealisasiChecked:
    """A realisasi file checked on its own: every diagnostic, and the source lines they quote."""

    file: str
    diagnostics: list[Diagnostic]
    lines: list[str]
    # The lines of the RKT file, when a diagnostic points into it (a target of 0: RKT513).
    other_sources: dict[str, list[str]] = field(default_factory=dict)
    # False when the file did not load or match the schema: the checks against the RKT have
    # not run yet, so "1 error" may not be all of them.
    matched_rkt: bool = True

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def rkt_path_of(path: Path, data: RealisasiFile) -> Path:
    """The RKT file a realisasi file names: `rkt:` is relative to the realisasi file's folder."""
    return path.parent / data.rkt


def check_realisasi_file(path: Path, display_name: str | None = None) -> RealisasiChecked:
    """Load `path` and check it against the RKT it names, all four quarters.

    Raises OSError only when the realisasi file itself cannot be read (the caller's exit 2); an
    RKT file that cannot be read is an RKT515 at the `rkt:` line.
    """
    loaded = load_yaml_file(path, display_name)
    if loaded.data is None or not loaded.ok:
        return RealisasiChecked(loaded.file, sort_diagnostics(loaded.diagnostics), loaded.lines, matched_rkt=False)
    try:
        data = RealisasiFile.model_validate(loaded.data)
    except ValidationError as exc:
        # The schema needs no RKT: its errors come first, as `rkt capaian` gives them.
        errors = exc.errors(include_url=False)
        found = schema_diagnostics(errors, RealisasiFile, loaded.file, loaded.source_map, SCHEMA_CODES)
        diagnostics = sort_diagnostics([*loaded.diagnostics, *found])
        return RealisasiChecked(loaded.file, diagnostics, loaded.lines, matched_rkt=False)
    rkt_path = rkt_path_of(path, data)
    rkt_name = str(rkt_path)
    problem, source, rkt_lines = _load_rkt(rkt_path, rkt_name)
    if source is None:
        diagnostics = [*loaded.diagnostics, _at_rkt_key(loaded, problem)]
        return RealisasiChecked(loaded.file, sort_diagnostics(diagnostics), loaded.lines)
    result = check_realisasi(source, loaded, 4, path)
    others = {rkt_name: rkt_lines} if any(d.file == rkt_name for d in result.diagnostics) else {}
    return RealisasiChecked(loaded.file, result.diagnostics, loaded.lines, others, result.matched_rkt)


def _load_rkt(rkt_path: Path, rkt_name: str) -> tuple[str, RktSource | None, list[str]]:
    """The RKT as a source for the checks, or why it cannot be one."""
    from rkt_cli.checking import check_loaded

    if not rkt_path.is_file():
        what = "is a folder" if rkt_path.is_dir() else "does not exist"
        return f"the RKT file {rkt_name} {what} (`rkt:` is relative to this file)", None, []
    try:
        rkt_loaded = load_yaml_file(rkt_path, rkt_name)
    except OSError as exc:
        return f"the RKT file {rkt_name} cannot be read: {exc.strerror or exc}", None, []
    checked = check_loaded(rkt_loaded)
    if checked.has_errors or checked.model is None:
        errors = sum(1 for d in checked.diagnostics if d.is_error)
        count = f"{errors} error" + ("" if errors == 1 else "s")
        return (
            f"the RKT file {rkt_name} has {count}: validate and fix it first; this file's ids, "
            "addresses and targets are checked against it once it has none",
            None,
            [],
        )
    return "", RktSource(checked.model, rkt_name, rkt_loaded.source_map, rkt_path), rkt_loaded.lines


def _at_rkt_key(loaded: LoadedYaml, message: str) -> Diagnostic:
    line, col = loaded.source_map.locate(("rkt",))
    return Diagnostic("RKT515", Severity.ERROR, loaded.file, line, col, format_path(("rkt",)), message)
