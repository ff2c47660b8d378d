"""Start-up stays near the floor of `import pydantic, yaml, typer` because each command imports
only what its work needs (issue 14). A fresh process per command: an in-process run would see
the modules every earlier test loaded. benchmarks/bench_startup.py measures the time itself."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.test_cli_process import DATA, run

# Runs one command as `rkt` would, then prints the top-level packages it had imported.
PROGRAM = """\
import json, sys
from rkt_cli.cli import main
sys.argv = ['rkt', *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exit:
    code = exit.code or 0
else:
    code = 0
print(json.dumps({'code': code, 'modules': sorted({name.split('.')[0] for name in sys.modules})}))
"""


def imported_by(*args: str) -> set[str]:
    """The top-level packages `rkt ARGS` imports, after checking that the command succeeded."""
    result = run(sys.executable, "-c", PROGRAM, json.dumps(args))
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 0, result.stderr
    return set(outcome["modules"])


def test_render_to_docx_loads_neither_babel_nor_num2words(tmp_path: Path) -> None:
    # The default template writes anggaran with "." and the date as "25 Januari 2024": plain
    # Python does both, and nothing in a DOCX is spelled out in words.
    output = tmp_path / "rkt.docx"
    modules = imported_by("render", DATA, "--format", "docx", "-o", str(output))
    assert output.stat().st_size > 0  # the command really rendered
    assert "lxml" in modules
    # A shipped template's DOCX is written from its shipped skeleton, without python-docx.
    assert modules.isdisjoint({"babel", "num2words", "rich", "docx", "xml.sax.saxutils"})


def test_validate_loads_nothing_a_report_of_diagnostics_does_not_need() -> None:
    modules = imported_by("validate", DATA)
    assert {"pydantic", "yaml", "rkt_cli"} <= modules
    assert modules.isdisjoint({"rich", "jinja2", "markupsafe", "docx", "lxml", "babel", "num2words"})


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_summary_spells_the_total_without_babel(output_format: str) -> None:
    # Terbilang needs num2words; the money and the shares are plain Python.
    modules = imported_by("summary", DATA, "--format", output_format)
    assert "num2words" in modules
    assert "babel" not in modules
