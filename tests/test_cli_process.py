"""What only a real process shows: which modules a command imports, the encoding of a pipe, colour
on a terminal, the exit codes of `python -m rkt_cli` and of the installed `rkt` script.

Every other CLI test runs in-process (tests/cli_support.py), because each process costs about
0.3 s; keep this file to the few things an in-process run cannot see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DATA = "data/rkt_2024.yaml"
INVALID = "tests/data/summary/invalid.yaml"
TOTAL = 23_142_485_000


def run(*command: str, env: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """COMMAND in a new process in the repository root, output captured as text.

    The environment is this process's without the variables that change the output (colour, CI
    annotations, width), as in tests/cli_support.py, with UTF-8 streams at 80 columns; `env` goes
    on top, a value of None removes a variable. The output is decoded with PYTHONIOENCODING.
    """
    cleared = ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "COLUMNS", "PYTHONIOENCODING")
    environment = {key: value for key, value in os.environ.items() if key not in cleared}
    environment.update({"COLUMNS": "80", "PYTHONIOENCODING": "utf-8"})
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        list(command),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding=environment.get("PYTHONIOENCODING", "utf-8"),
        timeout=120,
        check=False,
    )


def rkt(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m rkt_cli ARGS`, as a user without the script on PATH runs it."""
    return run(sys.executable, "-m", "rkt_cli", *args, env=env)


# ---- lazy imports: the quick commands stay quick -------------------------------------------


def test_validate_imports_no_rendering_libraries() -> None:
    """`rkt validate` stays quick in CI: python-docx, Babel, num2words and Jinja2 are not loaded."""
    program = (
        "import sys\n"
        "from rkt_cli.cli import main\n"
        f"sys.argv = ['rkt', 'validate', {DATA!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "else:\n"
        "    code = 0\n"
        "import json\n"
        "heavy = sorted({name.split('.')[0] for name in sys.modules} & {'docx', 'babel', 'num2words', 'jinja2'})\n"
        "print(json.dumps({'code': code, 'heavy': heavy}))\n"
    )
    result = run(sys.executable, "-c", program)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "heavy": []}


def test_summary_does_not_import_python_docx() -> None:
    code = (
        "import sys\n"
        "from rkt_cli.cli import app\n"
        "try:\n"
        f"    app(['summary', {DATA!r}, '--format', 'json'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print('DOCX', sorted(m for m in sys.modules if m == 'docx' or m.startswith('docx.')), file=sys.stderr)\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    assert "DOCX []" in result.stderr
    assert json.loads(result.stdout)["total"] == TOTAL  # the command really ran


# ---- streams: colour and encodings ---------------------------------------------------------


def test_plain_output_when_piped_and_colour_only_on_a_terminal() -> None:
    assert "\x1b[" not in rkt("summary", DATA).stdout  # a pipe is not a terminal
    # FORCE_COLOR makes rich treat the pipe as a terminal: styles appear, unless NO_COLOR says no.
    assert "\x1b[" in rkt("summary", DATA, FORCE_COLOR="1").stdout
    assert "\x1b[" not in rkt("summary", DATA, FORCE_COLOR="1", NO_COLOR="1").stdout


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown"])
def test_an_output_that_is_not_utf8_still_gets_the_summary(output_format: str) -> None:
    # A Windows pipe in cp1252 has no box-drawing characters; the summary must still come out.
    result = rkt("summary", DATA, "-f", output_format, PYTHONIOENCODING="cp1252")
    assert result.returncode == 0, result.stderr
    assert "17.632.649.000" in result.stdout or "17632649000" in result.stdout


# ---- the real entry points and their exit codes --------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([DATA], 0, "1 file checked: 0 errors, 13 warnings"),
        ([INVALID], 1, "error[RKT103]"),
        (["--no-such-option"], 2, "No such option"),
    ],
)
def test_python_m_rkt_cli_exit_codes(args: list[str], code: int, message: str) -> None:
    result = rkt("validate", *args)
    assert result.returncode == code
    assert message in result.stderr
    assert result.stdout == ""  # text diagnostics and the count line go to stderr
    assert "Traceback" not in result.stderr


def test_installed_rkt_script_exits_1_on_errors() -> None:
    script = shutil.which("rkt", path=str(Path(sys.executable).parent))
    assert script is not None, "the `rkt` script is missing next to python: run `pip install -e '.[test]'`"
    result = run(script, "validate", INVALID)
    assert result.returncode == 1
    assert f"{INVALID}:" in result.stderr and "error[RKT103]" in result.stderr
    assert "Traceback" not in result.stderr
