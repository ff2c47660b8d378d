"""The Typer parameter and command classes of every rkt command: how a parameter shows in the
help, how its errors read, and a plain coercion of the values rkt's parameters take.

Why the plain coercion exists (issue 14, start-up): Typer 0.29 coerces every parameter through
a pydantic TypeAdapter that it builds while parsing the command line, even for a parameter left
at None; `rkt render` built 12 of them, about 0.07-0.09 s of a 0.34 s run (cProfile of
parse_args; importing typer._adapters alone loads pydantic.types and more). The kinds rkt
declares (str, int with a minimum, Path, list[Path], str Enums, bool flags) are coerced here in
plain Python. A value the plain code is not sure of (a bad value, a bytes value, a kind not
listed) goes through Typer's own adapter, so every error message stays Typer's word for word;
tests/test_cli_params.py compares both paths on good and bad values of each kind.

This leans on Typer internals (typer._coercion, typer._param_types): pyproject.toml pins the
Typer versions this was tested with, and where those internals are missing Typer's own
coercion runs unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # another Typer: its own coercion only (see get_runtime_param below)
    RuntimeParam = None  # type: ignore[assignment,misc]


class _Unsure(Exception):
    """The plain coercion leaves this value to Typer's own (which words any error)."""


# One plain coercion: (value, parameter, context) -> the value Typer's adapter would return.
Coerce = Callable[[Any, Any, Any], Any]


def _as_str(value: Any, param: Any, ctx: Any) -> Any:
    if isinstance(value, str):
        return value
    raise _Unsure


def _as_bool(value: Any, param: Any, ctx: Any) -> Any:
    # A flag's own True/False; a word ("yes", "0") from an environment variable is Typer's.
    if isinstance(value, bool):
        return value
    raise _Unsure


def _as_int(minimum: float | None, maximum: float | None) -> Coerce:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        # Plain ASCII digits only: pydantic reads "007" as 7, as int() does; anything else
        # ("1_000", " 3", "1.0", "abc") is pydantic's to accept or word.
        if isinstance(value, str) and value.isascii() and value.isdigit():
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            raise _Unsure
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise _Unsure  # out of range: Typer's message
        return number

    return coerce


def _as_choice(choices: tuple[Any, ...], case_sensitive: bool) -> Coerce:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        # Typer's own matching (any letter case, the context's token normalizer); no match
        # raises ValueError, which sends the value to Typer's adapter for its message.
        return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)

    return coerce


def _as_path(path_type: type[Path], descriptor: TypeDescriptor) -> Coerce:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        # pydantic makes a Path of a str as Path() does (checked in the tests); Typer's own
        # check of the path's flags then runs as it would (none of rkt's asks for one).
        if isinstance(value, str):
            value = path_type(value)
        elif not isinstance(value, path_type):
            raise _Unsure
        return coerce_cli_path(value, descriptor.parameter_info, path_type=path_type, param=param, ctx=ctx)

    return coerce


def _as_list(item: Coerce) -> Coerce:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        values = value if isinstance(value, (list, tuple)) else [value]
        return [item(one, param, ctx) for one in values]

    return coerce


def _plain_coercion(annotation: Any, descriptor: TypeDescriptor) -> Coerce | None:
    """The plain coercion of one annotation, or None for a kind left to Typer."""
    info = descriptor.parameter_info
    if info.parser is not None or info.path_type is not None:
        return None
    if annotation is str:
        return _as_str
    if annotation is bool:
        return _as_bool
    if annotation is int and not info.clamp:
        return _as_int(info.min, info.max)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _as_choice(tuple(annotation), info.case_sensitive)
    if annotation is Path:
        return _as_path(annotation, descriptor)
    return None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        """Typer's RuntimeParam (None, and a str where several values belong, handled as Typer
        handles them) with the plain coercion; any doubt goes to the one Typer builds."""

        descriptor: TypeDescriptor
        plain: Coerce

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.plain(value, param, ctx)
            except Exception:  # _Unsure, or any surprise: Typer's own path decides and words it
                typer_own = build_runtime_param(self.descriptor)
                return typer_own._coerce_value(value, param=param, ctx=ctx)


def plain_runtime_param(descriptor: TypeDescriptor) -> Any:
    """A PlainRuntimeParam for the kinds above, else None (Typer builds its own)."""
    if RuntimeParam is None:
        return None
    annotation = descriptor.annotation
    if descriptor.file_annotation is not None:
        return None  # Typer opens files itself
    if getattr(annotation, "__origin__", None) is list:
        (item_type,) = annotation.__args__
        item = _plain_coercion(item_type, descriptor)
        plain = None if item is None else _as_list(item)
    else:
        plain = _plain_coercion(annotation, descriptor)
    if plain is None:
        return None
    return PlainRuntimeParam(
        parameter_info=descriptor.parameter_info, annotation=annotation, descriptor=descriptor, plain=plain
    )


def _get_runtime_param(base: type[Any]) -> Any:
    """`base.get_runtime_param` that first offers the plain coercion (see the module docstring)."""

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            self._runtime_param = plain_runtime_param(self.type_descriptor)
        return base.get_runtime_param(self)

    return get_runtime_param


def _with_plain_errors(base: type[Any]) -> Any:
    """`base.process_value` whose errors read without pydantic's "Value error, " prefix."""

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        try:
            return base.process_value(self, ctx, value)
        except typer.BadParameter as exc:
            exc.message = _plain_error(exc.message)
            raise

    return process_value


class HelpArgument(TyperArgument):
    """An argument shown by its metavar alone, as click-based tools show it: `FILE|DIR...` in the
    usage line and the Arguments panel, `[FILE|DIR]...` when optional, and no type column
    (Typer would print `<list[Path]>` there, which tells a user nothing the name does not); its
    errors read without pydantic's "Value error, " prefix."""

    def _usage_display_name(self) -> str:
        name = self.metavar or self.name.upper()
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    get_runtime_param = _get_runtime_param(TyperArgument)
    process_value = _with_plain_errors(TyperArgument)


class HelpOption(TyperOption):
    """An option whose help shows its metavar (FILE, DIR, FORMAT) and nothing for a flag, which
    takes no value (Typer would print `<bool>`), and whose errors read without pydantic's
    "Value error, " prefix."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return super().display_type_rich(ctx)

    get_runtime_param = _get_runtime_param(TyperOption)
    process_value = _with_plain_errors(TyperOption)


def _plain_error(message: str) -> str:
    """Typer checks values with pydantic, which words a rejected choice as "Value error, 'foo' is
    not one of …"; the prefix names pydantic's error class and means nothing to a user."""
    return message.removeprefix("Value error, ")


def _tidy_help(params: list[Any]) -> list[Any]:
    """Give every parameter of a command the help, error wording and coercion above.

    Typer builds its parameters (and the --help and completion options) itself and takes no
    parameter class, so the class of each plain TyperArgument/TyperOption is switched to the
    subclass, which adds only methods. Done when the command lists its parameters, which both
    the parser and the help do first, so the options Typer adds late are covered too.
    """
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = HelpArgument
        elif type(param) is TyperOption:
            param.__class__ = HelpOption
    return params


class RktCommand(TyperCommand):
    """Every rkt command: `@app.command(cls=RktCommand)` (see _tidy_help)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy_help(super().get_params(ctx))


class RktGroup(TyperGroup):
    """`rkt` and `rkt template`: the groups' own options get the same help (see _tidy_help)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy_help(super().get_params(ctx))
