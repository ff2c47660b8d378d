"""One file through the whole check: YAML → model → rules, every problem as a Diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from rkt_cli.diagnostics import Diagnostic, sort_diagnostics
from rkt_cli.loader import LoadedYaml, load_yaml_bytes, load_yaml_file, paused_gc
from rkt_cli.model import RKT
from rkt_cli.rules import run_rules
from rkt_cli.schema_errors import SchemaCodes, schema_diagnostics


@dataclass
class CheckedFile:
    """The outcome of checking one file: the model when the schema held, and all diagnostics."""

    file: str
    model: RKT | None
    diagnostics: list[Diagnostic]
    lines: list[str]

    @property
    def has_errors(self) -> bool:
        """True when any diagnostic is an error (after --strict, warnings too)."""
        return any(d.is_error for d in self.diagnostics)


# The codes of the RKT data file's schema problems (README, "Codes below 200").
DATA_CODES = SchemaCodes(
    unknown_key="RKT101",
    missing_key="RKT102",
    bad_value="RKT105",
    bad_amount="RKT103",
    bad_length="RKT104",
    whole="the document",
)


def check_loaded(loaded: LoadedYaml) -> CheckedFile:
    """Check an already loaded file: its loader diagnostics, then the schema, then the rules."""
    # The YAML tree stays alive for the source map while the model and rules allocate many
    # small objects: without the pause, each collection would rescan that whole tree.
    with paused_gc():
        return _check_loaded(loaded)


def _check_loaded(loaded: LoadedYaml) -> CheckedFile:
    diagnostics = list(loaded.diagnostics)
    model: RKT | None = None
    if loaded.data is not None and loaded.ok:
        try:
            model = RKT.model_validate(loaded.data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            diagnostics += schema_diagnostics(errors, RKT, loaded.file, loaded.source_map, DATA_CODES)
        else:
            diagnostics += run_rules(model, loaded.file, loaded.source_map, loaded.lines)
    return CheckedFile(loaded.file, model, sort_diagnostics(diagnostics), loaded.lines)


def check_file(path: Path, display_name: str | None = None) -> CheckedFile:
    """Load and check one file. Raises OSError only when the file cannot be read at all."""
    return check_loaded(load_yaml_file(path, display_name))


def check_text(text: str, file: str = "<string>") -> CheckedFile:
    """Check YAML given as text (e.g. what `rkt import` is about to write), named `file`."""
    return check_loaded(load_yaml_bytes(text.encode("utf-8"), file))
