"""One file through the whole check: YAML → model → rules, every problem as a Diagnostic."""

from __future__ import annotations

import dataclasses
import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rkt_cli.diagnostics import Diagnostic, Severity, sort_diagnostics
from rkt_cli.loader import (
    LoadedYaml,
    PathKey,
    SourceMap,
    format_path,
    load_yaml_bytes,
    load_yaml_file,
    paused_gc,
)
from rkt_cli.model import RKT, describe_value
from rkt_cli.rules import MAX_DIAGNOSTICS_PER_RULE, more_like_this, run_rules


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
        "model_attributes_type": "a mapping (key: value lines)",
        "dict_type": "a mapping (key: value lines)",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "string_type": "text",
    }.get(error_type)


def _unknown_key(loc: PathKey, file: str, source_map: SourceMap) -> Diagnostic:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    allowed = list(model.model_fields) if model else []
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed here: {', '.join(allowed)}"
    line, col = source_map.locate(loc, prefer_key=True)
    return Diagnostic("RKT101", Severity.ERROR, file, line, col, format_path(loc), f"unknown key '{key}'{hint}")


def _value_message(kind: str, loc: PathKey, error: Any) -> str:
    """The message for a value of the wrong kind or out of range."""
    value = error.get("input")
    if kind in ("greater_than_equal", "less_than_equal") and loc and loc[-1] == "tahun":
        return f"expected a year between 2000 and 2100, got {describe_value(value)}"
    if kind.startswith("int") and isinstance(value, str) and value.strip().isdigit():
        return f"expected a whole number, got {describe_value(value)}: remove the quotes"
    if value is None and kind in ("list_type", "model_type", "dict_type", "int_type"):
        return f"is empty: expected {_expected_kind(kind)}"
    expected = _expected_kind(kind)
    if expected:
        return f"expected {expected}, got {describe_value(value)}"
    return f"{error['msg']}, got {describe_value(value)}"


def _schema_diagnostic(error: Any, file: str, source_map: SourceMap) -> Diagnostic:
    loc: PathKey = tuple(error["loc"])
    kind: str = error["type"]
    where = format_path(loc)
    if kind == "extra_forbidden":
        return _unknown_key(loc, file, source_map)
    if kind == "missing":
        # Point at the mapping that lacks the key: its first key, where the item starts.
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
            f"at most {error['ctx']['max_length']} {loc[-1] if loc else 'entries'}"
            + (" (pihak pertama and pihak kedua)" if loc[-1:] == ("penandatangan",) else "")
            + f", got {len(error['input'])}",
        )
    if kind in _OWN_MESSAGES:
        return Diagnostic("RKT105", Severity.ERROR, file, line, col, where, str(error["msg"]))
    return Diagnostic("RKT105", Severity.ERROR, file, line, col, where, _value_message(kind, loc, error))


# Error kinds raised by the model's own validators, whose message is already complete.
_OWN_MESSAGES = frozenset({"text", "blank", "code", "target", "tanggal"})


def _explain_missing_by_typos(diagnostics: list[Diagnostic], errors: list[Any], source_map: SourceMap) -> None:
    """`anggran:` gives both "unknown key 'anggran'" and "missing 'anggaran'": say they are one mistake."""
    unknown = {tuple(e["loc"]): str(e["loc"][-1]) for e in errors if e["type"] == "extra_forbidden"}
    for index, (error, diagnostic) in enumerate(zip(errors, diagnostics, strict=True)):
        if error["type"] != "missing":
            continue
        parent, wanted = tuple(error["loc"][:-1]), str(error["loc"][-1])
        typos = [key for loc, key in unknown.items() if loc[:-1] == parent]
        guess = difflib.get_close_matches(wanted, typos, n=1, cutoff=0.6)
        if guess:
            line, _ = source_map.locate((*parent, guess[0]), prefer_key=True)
            message = f"{diagnostic.message} (is '{guess[0]}' at line {line} a misspelling of it?)"
            diagnostics[index] = dataclasses.replace(diagnostic, message=message)


def _schema_diagnostics(errors: list[Any], file: str, source_map: SourceMap) -> list[Diagnostic]:
    """At most MAX_DIAGNOSTICS_PER_RULE diagnostics of one kind of schema error, then one
    "… and N more": each costs a search of the YAML tree and a "did you mean", and a file with
    200,000 unknown keys took minutes to report them all."""
    shown: list[Any] = []
    per_kind: dict[str, int] = {}
    left_out: dict[str, list[Any]] = {}
    for error in errors:
        per_kind[error["type"]] = per_kind.get(error["type"], 0) + 1
        if per_kind[error["type"]] <= MAX_DIAGNOSTICS_PER_RULE:
            shown.append(error)
        else:
            left_out.setdefault(error["type"], []).append(error)
    diagnostics = [_schema_diagnostic(e, file, source_map) for e in shown]
    _explain_missing_by_typos(diagnostics, shown, source_map)
    for rest in left_out.values():
        diagnostics.append(more_like_this(_schema_diagnostic(rest[0], file, source_map), len(rest)))
    return diagnostics


def check_loaded(loaded: LoadedYaml) -> CheckedFile:
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
            errors: list[Any] = list(exc.errors(include_url=False))
            diagnostics += _schema_diagnostics(errors, loaded.file, loaded.source_map)
        else:
            diagnostics += run_rules(model, loaded.file, loaded.source_map, loaded.lines)
    return CheckedFile(loaded.file, model, sort_diagnostics(diagnostics), loaded.lines)


def check_file(path: Path, display_name: str | None = None) -> CheckedFile:
    """Load and check one file. Raises OSError only when the file cannot be read at all."""
    return check_loaded(load_yaml_file(path, display_name))


def check_text(text: str, file: str = "<string>") -> CheckedFile:
    return check_loaded(load_yaml_bytes(text.encode("utf-8"), file))
