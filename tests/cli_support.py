"""Run the `rkt` command line inside the test process, the one way every CLI test does it.

Starting a Python process per command cost about 0.3 s each and made up most of the suite's
time; Typer's CliRunner runs the same Typer app on the same arguments in-process and captures
stdout and stderr separately. What only a real process shows (lazy imports, stream encodings,
colour on a terminal, the installed entry point) is tested in tests/test_cli_process.py.

    result = run_rkt("validate", "data/rkt_2024.yaml", cwd=ROOT, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1 and "error[" in result.stderr

A command that ends in an exception other than SystemExit fails the test: a user would have
seen a traceback, and the CLI promises a one-line error instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from rkt_cli.cli import app
from rkt_cli.cli.app import examples_epilog

# Every run starts from this environment, whatever the developer's shell or the CI runner holds:
# no colour, no GitHub annotations unless a test asks for them, rich at 80 columns. A test's own
# `env` is applied on top; a value of None removes the variable for that run.
BASE_ENV: dict[str, str | None] = {"NO_COLOR": "1", "FORCE_COLOR": None, "GITHUB_ACTIONS": None, "COLUMNS": "80"}


@dataclass(frozen=True)
class Outcome:
    """What a run of `rkt` left: named like subprocess.CompletedProcess, so a test reads the same
    whether the command ran in this process or in a real one."""

    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _working_directory(path: Path | None) -> Iterator[None]:
    # contextlib.chdir needs Python 3.11; the project supports 3.10.
    if path is None:
        yield
        return
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def run_rkt(*args: str | Path, cwd: Path | None = None, env: Mapping[str, str | None] | None = None) -> Outcome:
    """`rkt ARGS` run in this process, in `cwd` (default: the current directory), stdout and stderr apart."""
    # rkt_cli.cli.main() sets the help epilog before running the app; do the same so `--help` matches.
    app.info.epilog = examples_epilog()
    words = [str(arg) for arg in args]
    with _working_directory(cwd):
        result = CliRunner().invoke(app, words, env={**BASE_ENV, **(env or {})}, prog_name="rkt")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"`rkt {' '.join(words)}` raised {result.exception!r} instead of exiting with a message;\n"
            f"stderr was:\n{result.stderr}"
        ) from result.exception
    return Outcome(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)
