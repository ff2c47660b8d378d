"""One file through the whole check: YAML → model → rules, every problem as a Diagnostic."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rkt_cli.diagnostics import Diagnostic, Severity, sort_diagnostics
from rkt_cli.loader import LoadedYaml, PathKey, SourceMap, format_path, load_yaml_bytes, load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.rules import run_rules


@dataclass
class CheckedFile:
    """The outcome of checking one file: the model when the schema held, and all diagnostics."""

    file: str
    model: RKT | None
    diagnostics: list[Diagnostic]
    lines: list[str]

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def _model_at(path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that a mapping at `path` (inside the document) is validated against."""
    current: type[BaseModel] = RKT
    for part in path:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        found = None
        for candidate in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found = candidate
        if found is None:
            return None
        current = found
    return current


def _expected_kind(error_type: str) -> str | None:
    return {
        "list_type": "a list (lines starting with '- ')",
        "model_type": "a mapping (key: value lines)",
        "dict_type": "a mapping (key: value lines)",
        "int_type": "a whole number",
        "string_type": "text",
    }.get(error_type)


def _schema_diagnostic(error: Any, file: str, source_map: SourceMap) -> Diagnostic:
    loc: PathKey = tuple(error["loc"])
    kind: str = error["type"]
    where = format_path(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(loc[:-1])
        allowed = list(model.model_fields) if model else []
        guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed here: {', '.join(allowed)}"
        line, col = source_map.locate(loc, prefer_key=True)
        return Diagnostic("RKT101", Severity.ERROR, file, line, col, where, f"unknown key '{key}'{hint}")
    if kind == "missing":
        line, col = source_map.locate(loc[:-1])
        parent = format_path(loc[:-1]) or "the document"
        return Diagnostic(
            "RKT102", Severity.ERROR, file, line, col, where, f"missing required key '{loc[-1]}' in {parent}"
        )
    line, col = source_map.locate(loc)
    if kind == "rupiah":
        return Diagnostic("RKT103", Severity.ERROR, file, line, col, where, error["msg"])
    if kind == "too_short":
        return Diagnostic("RKT104", Severity.ERROR, file, line, col, where, "must hold at least one entry")
    if kind == "too_long":
        return Diagnostic(
            "RKT104",
            Severity.ERROR,
            file,
            line,
            col,
            where,
            "at most two penandatangan (pihak pertama and pihak kedua)",
        )
    expected = _expected_kind(kind)
    message = f"expected {expected}, got {error['input']!r}" if expected else str(error["msg"])
    return Diagnostic("RKT105", Severity.ERROR, file, line, col, where, message)


def check_loaded(loaded: LoadedYaml) -> CheckedFile:
    diagnostics = list(loaded.diagnostics)
    model: RKT | None = None
    if loaded.data is not None and loaded.ok:
        try:
            model = RKT.model_validate(loaded.data)
        except ValidationError as exc:
            diagnostics += [_schema_diagnostic(e, loaded.file, loaded.source_map) for e in exc.errors()]
        else:
            diagnostics += run_rules(model, loaded.file, loaded.source_map)
    return CheckedFile(loaded.file, model, sort_diagnostics(diagnostics), loaded.lines)


def check_file(path: Path, display_name: str | None = None) -> CheckedFile:
    """Load and check one file. Raises OSError only when the file cannot be read at all."""
    return check_loaded(load_yaml_file(path, display_name))


def check_text(text: str, file: str = "<string>") -> CheckedFile:
    return check_loaded(load_yaml_bytes(text.encode("utf-8"), file))
