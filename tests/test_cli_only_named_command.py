"""rkt_cli.cli.only_the_command_named: a run builds only the command it names (start-up,
issue 14), and nothing a user sees changes for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command, get_command_name

from rkt_cli.cli import app, only_the_command_named
from tests.cli_support import run_rkt

ROOT = Path(__file__).resolve().parents[1]
DATA = "data/rkt_2024.yaml"


def _names() -> list[str]:
    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_each_command_narrows_the_app_to_itself_and_back() -> None:
    everything = _names()
    assert {"validate", "render", "import", "template"} <= set(everything)
    for name in everything:
        with only_the_command_named([name, "x.yaml"]):
            assert _names() == [name]
        assert _names() == everything


@pytest.mark.parametrize("args", [[], ["--help"], ["-V"], ["valdate", DATA], ["x.yaml"]])
def test_the_app_keeps_every_command_when_the_first_word_names_none(args: list[str]) -> None:
    everything = _names()
    with only_the_command_named(args):
        assert _names() == everything


def test_shell_completion_sees_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_RKT_COMPLETE", "complete_bash")
    everything = _names()
    with only_the_command_named(["validate"]):
        assert _names() == everything


@pytest.mark.parametrize(
    "args",
    [["validate", DATA], ["validate", "--help"], ["validate", DATA, "--jobs", "x"], ["template", "list"], ["rules"]],
)
def test_a_command_reads_the_same_with_the_app_narrowed(args: list[str]) -> None:
    whole = run_rkt(*args, cwd=ROOT)
    with only_the_command_named(args):
        narrowed = run_rkt(*args, cwd=ROOT)
    assert (narrowed.returncode, narrowed.stdout, narrowed.stderr) == (whole.returncode, whole.stdout, whole.stderr)
    assert whole.stdout or whole.stderr


def test_a_command_name_is_what_typer_names_it() -> None:
    # The narrowing finds a command by Typer's own rule: its given name, else its function's.
    for info in app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        assert name in _names()
