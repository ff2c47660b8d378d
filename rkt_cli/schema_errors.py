"""Pydantic validation errors as Diagnostics at YAML positions, for any root model.

Data files (the RKT model) and template files (TemplateSpec) go through the same mapping; each
passes the codes its problems are listed under (`SchemaCodes`) and how to name the whole file
in a message ("the document", "the template"). Messages say what was expected and what was
found, in the words of the YAML, never pydantic's own ("Field required", "Input should be …").
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE, Diagnostic, Severity, more_like_this
from rkt_cli.loader import PathKey, SourceMap, format_path
from rkt_cli.model_values import describe_value


@dataclass(frozen=True)
class SchemaCodes:
    """The diagnostic code of each kind of schema problem, and the file's name in messages."""

    unknown_key: str
    missing_key: str
    bad_value: str
    bad_amount: str  # a rupiah amount the model's parser refused
    bad_length: str  # a list too short or too long
    whole: str  # "the document" / "the template": the parent named for a missing top-level key


# Error kinds raised by a model's own validators, whose message is already complete.
_OWN_MESSAGES = frozenset(
    {"text", "blank", "code", "target", "tanggal", "plt_plh", "tambahan", "kolom_tambahan", "program_or_sasaran"}
)

_EXPECTED_KIND = {
    "list_type": "a list (lines starting with '- ')",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "dict_type": "a mapping (key: value lines)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
}

_BOUNDS = {
    "greater_than": ("gt", "greater than"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "less than"),
    "less_than_equal": ("le", "at most"),
}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `list[Program] | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], path: Sequence[Any]) -> type[BaseModel] | None:
    """The model class that a mapping at `path` (inside a `root` document) is validated against."""
    current: type[BaseModel] = root
    for part in path:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        found = _model_in(info.annotation)
        if found is None:
            return None
        current = found
    return current


def _unknown_key(root: type[BaseModel], loc: PathKey, file: str, source_map: SourceMap, code: str) -> Diagnostic:
    key = str(loc[-1])
    model = model_at(root, loc[:-1])
    allowed = list(model.model_fields) if model else []
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed here: {', '.join(allowed)}"
    line, col = source_map.locate(loc, prefer_key=True)
    return Diagnostic(code, Severity.ERROR, file, line, col, format_path(loc), f"unknown key '{key}'{hint}")


def _choices(error: Any) -> str:
    """pydantic's "'A4' or 'F4'" -> "A4, F4"; choices that are not words stay quoted ('.', ' ')."""
    expected = str(error.get("ctx", {}).get("expected", ""))
    # Literal[True, False, "x"] lists "True, False or 'x'": YAML writes those as true, false.
    names = [text or bare.lower() for text, bare in re.findall(r"'([^']*)'|\b(True|False)\b", expected)]
    if not names:
        return expected
    return ", ".join(names) if all(n.isidentifier() for n in names) else ", ".join(repr(n) for n in names)


def _value_message(kind: str, loc: PathKey, error: Any) -> str:
    """The message for a value of the wrong kind or out of range."""
    value = error.get("input")
    if kind in ("greater_than_equal", "less_than_equal") and loc and loc[-1] == "tahun":
        return f"expected a year between 2000 and 2100, got {describe_value(value)}"
    if kind.startswith("int") and isinstance(value, str) and value.strip().isdigit():
        return f"expected a whole number, got {describe_value(value)}: remove the quotes"
    if value is None and kind in ("list_type", "model_type", "dict_type", "int_type"):
        return f"is empty: expected {_EXPECTED_KIND.get(kind)}"
    if kind == "literal_error":
        return f"expected one of {_choices(error)}, got {describe_value(value)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        bound = error.get("ctx", {}).get(key)
        shown = f"{bound:g}" if isinstance(bound, float) else str(bound)  # 40, not 40.0
        return f"must be {words} {shown}, got {describe_value(value)}"
    expected = _EXPECTED_KIND.get(kind)
    if expected:
        return f"expected {expected}, got {describe_value(value)}"
    return f"{error['msg']}, got {describe_value(value)}"


def _one(error: Any, root: type[BaseModel], file: str, source_map: SourceMap, codes: SchemaCodes) -> Diagnostic:
    loc: PathKey = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    kind: str = error["type"]
    where = format_path(loc)
    if kind == "extra_forbidden":
        return _unknown_key(root, loc, file, source_map, codes.unknown_key)
    if kind == "missing":
        # Point at the mapping that lacks the key: its first key, where the item starts.
        line, col = source_map.locate(loc[:-1])
        parent = format_path(loc[:-1]) or codes.whole
        return Diagnostic(
            codes.missing_key, Severity.ERROR, file, line, col, where, f"missing required key '{loc[-1]}' in {parent}"
        )
    line, col = source_map.locate(loc)
    if kind == "rupiah":
        return Diagnostic(codes.bad_amount, Severity.ERROR, file, line, col, where, error["msg"])
    if kind == "too_short":
        return Diagnostic(codes.bad_length, Severity.ERROR, file, line, col, where, "must hold at least one entry")
    if kind == "too_long":
        return Diagnostic(
            codes.bad_length,
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
        return Diagnostic(codes.bad_value, Severity.ERROR, file, line, col, where, str(error["msg"]))
    return Diagnostic(codes.bad_value, Severity.ERROR, file, line, col, where, _value_message(kind, loc, error))


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


def schema_diagnostics(
    errors: Sequence[Any], root: type[BaseModel], file: str, source_map: SourceMap, codes: SchemaCodes
) -> list[Diagnostic]:
    """One Diagnostic per pydantic error (`ValidationError.errors(include_url=False)`) of a
    document validated against `root`, located through the file's source map.

    At most MAX_DIAGNOSTICS_PER_RULE of one kind of error, then one "… and N more": each costs a
    search of the YAML tree and a "did you mean", and 200,000 unknown keys took minutes."""
    shown: list[Any] = []
    left_out: dict[str, list[Any]] = {}
    per_kind: dict[str, int] = {}
    for error in errors:
        per_kind[error["type"]] = per_kind.get(error["type"], 0) + 1
        if per_kind[error["type"]] <= MAX_DIAGNOSTICS_PER_RULE:
            shown.append(error)
        else:
            left_out.setdefault(error["type"], []).append(error)
    diagnostics = [_one(e, root, file, source_map, codes) for e in shown]
    _explain_missing_by_typos(diagnostics, shown, source_map)
    for rest in left_out.values():
        diagnostics.append(more_like_this(_one(rest[0], root, file, source_map, codes), len(rest)))
    return diagnostics
