"""rkt_cli/cli/params.py coerces option values in plain Python instead of Typer's pydantic
adapters (start-up, issue 14). It must give what Typer gives: the same value for a good one,
the same message for a bad one. Compared here kind by kind on rkt's own parameters, and end to
end on whole commands with the plain coercion switched off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.main import get_command

from rkt_cli.cli import app
from rkt_cli.cli import params as params_module
from rkt_cli.cli.app import DiagnosticFormat
from rkt_cli.cli.params import plain_runtime_param
from tests.cli_support import run_rkt

ROOT = Path(__file__).resolve().parents[1]
DATA = "data/rkt_2024.yaml"


def _parameter(command: str, name: str) -> tuple[Any, Context]:
    """A parameter of `rkt COMMAND` as the parser sees it, and a context to coerce it in."""
    group = get_command(app)
    click_command = group.commands[command]  # type: ignore[attr-defined]
    ctx = Context(click_command, info_name=command)
    for param in click_command.get_params(ctx):
        if param.name == name:
            return param, ctx
    raise AssertionError(f"rkt {command} has no parameter {name}")


def _outcome(runtime: Any, param: Any, ctx: Context, value: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except typer.BadParameter as exc:
        return "error", exc.message


# (command, parameter, values): every kind rkt declares, good values and bad ones.
CASES = [
    ("validate", "files", [("a.yaml", "dir/b c.yml"), (), ["x"], ("",), ("a\x00b",), None, "one"]),
    ("validate", "output_format", ["json", "JSON", "GitHub", "xml", "", " text", DiagnosticFormat.TEXT, "ＪＳＯＮ"]),
    ("validate", "jobs", ["1", "2", "007", "0", "-1", "abc", "1.5", "1_000", " 3", "１", "9" * 30, 4, 0, None]),
    ("validate", "template", ["lkj", "dir/", "", "a\x00b", Path("x"), None]),
    ("validate", "strict", [True, False, None, "yes", "no", "maybe"]),
    ("summary", "by", ["program", "PROGRAM", "foo"]),
    ("render", "sampai", ["tw2", "TW2", "tw9", None]),
    ("render", "output_format", ["pdf", "PDF", "odt", None]),
    ("import", "schema", ["rkt", "", None]),
    ("capaian", "rkt_file", ["data/rkt_2024.yaml", None]),
]


@pytest.mark.parametrize(("command", "name", "values"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_plain_coercion_gives_what_typer_gives(command: str, name: str, values: list[Any]) -> None:
    param, ctx = _parameter(command, name)
    plain = plain_runtime_param(param.type_descriptor)
    assert plain is not None, f"rkt {command} {name}: no plain coercion, Typer would build an adapter"
    typer_own = build_runtime_param(param.type_descriptor)
    for value in values:
        assert _outcome(plain, param, ctx, value) == _outcome(typer_own, param, ctx, value), value


def test_good_values_never_reach_typer_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the plain coercion: a good value is coerced without building an adapter."""

    def refuse(descriptor: Any) -> Any:
        raise AssertionError(f"built Typer's adapter for {descriptor.annotation!r}")

    monkeypatch.setattr(params_module, "build_runtime_param", refuse)
    good = [
        ("validate", "files", ("a.yaml", "b.yml")),
        ("validate", "output_format", "JSON"),
        ("validate", "jobs", "2"),
        ("validate", "template", "lkj"),
        ("validate", "strict", True),
        ("render", "sampai", "Tw3"),
        ("import", "schema", "rkt"),
    ]
    for command, name, value in good:
        param, ctx = _parameter(command, name)
        assert _outcome(plain_runtime_param(param.type_descriptor), param, ctx, value)[0] == "value"


def test_every_parameter_of_rkt_has_a_plain_coercion() -> None:
    """A parameter of a new kind would build a pydantic adapter at every start: add its kind to
    params.py (or decide the cost is worth it and say so here)."""
    group = get_command(app)
    missing = []

    def walk(command: Any, words: str) -> None:
        ctx = Context(command, info_name=words)
        for param in command.get_params(ctx):
            if plain_runtime_param(param.type_descriptor) is None:
                missing.append(f"{words} {param.name}: {param.type_descriptor.annotation!r}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{words} {name}")

    walk(group, "rkt")
    assert missing == []


BAD_ARGUMENTS = [
    ["validate", DATA, "--jobs", "abc"],
    ["validate", DATA, "-j", "0"],
    ["validate", DATA, "-j", "1.5"],
    ["validate", DATA, "--format", "XmL"],
    ["validate", DATA, "--format", "xml"],
    ["summary", DATA, "--by", "Foo"],
    ["summary", DATA, "--jobs", "-2"],
    ["render", DATA, "--sampai", "TW9", "-f", "table"],
    ["render", DATA, "--format", "odt"],
    ["render"],
    ["export"],
    ["export", DATA, "-f", "ODS"],
    ["capaian", DATA, DATA, "--sampai", "q1"],
    ["import", "x.docx", "--format", "yaml"],
]


@pytest.mark.parametrize("args", BAD_ARGUMENTS, ids=[" ".join(a) for a in BAD_ARGUMENTS])
def test_a_bad_value_reads_as_with_typers_own_coercion(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    plain = run_rkt(*args, cwd=ROOT)
    monkeypatch.setattr(params_module, "plain_runtime_param", lambda descriptor: None)
    typer_own = run_rkt(*args, cwd=ROOT)
    assert plain.returncode == typer_own.returncode == 2
    assert plain.stderr == typer_own.stderr
    assert "Invalid value" in plain.stderr or "Missing argument" in plain.stderr


@pytest.mark.parametrize("fmt", ["json", "JSON", "Json"])
def test_a_good_value_in_any_letter_case_runs_the_command(fmt: str) -> None:
    result = run_rkt("validate", DATA, "--format", fmt, "--jobs", "1", cwd=ROOT)
    assert result.returncode == 0
    assert json.loads(result.stdout)["warnings"] == 13
