"""One real process for each group of tests/test_cli_commands.py (issue 8, "The commands"): the
same behaviour through `python -m rkt_cli` or the installed `rkt` script, where a shell, the
environment and the entry point are real. Everything else is tested in-process there.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import zipfile
from pathlib import Path

from tests.test_cli_process import rkt, run

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "valid" / "minimal.yaml"
SCRIPTS = Path(sys.executable).parent  # where pip put the `rkt` script


def rkt_script() -> str:
    script = shutil.which("rkt", path=str(SCRIPTS))
    assert script is not None, "the `rkt` script is missing next to python: run `pip install -e '.[test]'`"
    return script


def test_output_folder_made_and_pdf_chosen_by_the_name(tmp_path: Path) -> None:
    fake = tmp_path / "fake-soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'while [ "$#" -gt 1 ]; do [ "$1" = --outdir ] && outdir="$2"; shift; done\n'
        "printf '%s' '%PDF-fake' > \"$outdir/$(basename \"$1\" .docx).pdf\"\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    target = tmp_path / "new dir" / "final.pdf"
    result = rkt("render", str(MINIMAL), "-o", str(target), RKT_SOFFICE=str(fake))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == b"%PDF-fake"


def test_render_of_a_word_file_points_at_import(tmp_path: Path) -> None:
    document = tmp_path / "RKT_2023.docx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    result = rkt("render", str(document))
    assert result.returncode == 1
    assert "error[RKT005]" in result.stderr and "rkt import" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_suggested_command_runs_when_pasted_into_a_shell(tmp_path: Path) -> None:
    folder = tmp_path / "my template; $HOME"
    made = run(rkt_script(), "template", "init", str(folder))
    assert made.returncode == 0, made.stderr
    suggestion = made.stdout.strip().split("check it with: ", 1)[1]
    path = f"{SCRIPTS}{os.pathsep}{os.environ.get('PATH', '')}"
    pasted = run("sh", "-c", suggestion, env={"PATH": path})
    assert pasted.returncode == 0, pasted.stderr
    assert "template OK" in pasted.stdout


def test_help_is_tidy_and_completion_answers(tmp_path: Path) -> None:
    help_page = run(rkt_script(), "render", "--help", env={"COLUMNS": "100"})
    assert help_page.returncode == 0
    assert "Usage: rkt render [OPTIONS] FILE|DIR..." in help_page.stdout
    assert re.findall(r"<[A-Za-z|\[\]]+>", help_page.stdout) == []
    completion = {"_RKT_COMPLETE": "complete_bash", "COMP_WORDS": "rkt render --format ", "COMP_CWORD": "3"}
    offered = run(rkt_script(), env=completion)
    assert offered.stdout.split() == ["docx", "pdf", "table"]
    # Typer's switch for tests: the shell is named instead of detected from the parent process,
    # and HOME is the test's, so the real installation writes only below tmp_path.
    installed = run(
        rkt_script(),
        "--install-completion",
        "bash",
        env={"HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert installed.returncode == 0, installed.stderr
    assert "_RKT_COMPLETE" in (tmp_path / ".bash_completions" / "rkt.sh").read_text(encoding="utf-8")
    assert "rkt.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_validate_ends_with_the_checks_that_wait(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.read_text(encoding="utf-8").replace("\n            target: 100", ""), encoding="utf-8")
    result = rkt("validate", str(broken))
    assert result.returncode == 1
    last = result.stderr.rstrip("\n").splitlines()[-1]
    assert last.startswith("fix the errors above; the 17 lint rules (RKT201–RKT217) run once ")
    assert last.endswith("broken.yaml matches the schema")
