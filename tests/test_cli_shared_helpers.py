"""The helpers every command shares: one `By`, one write_output(). In-process."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rkt_cli import grouping, summary
from rkt_cli.cli import app
from rkt_cli.cli.app import write_output

DATA = Path(__file__).parents[1] / "data" / "rkt_2024.yaml"


def test_the_summary_and_the_cli_share_one_by() -> None:
    assert summary.By is grouping.By
    result = CliRunner().invoke(app, ["summary", str(DATA), "--by", "pelaksana", "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("file,kind,pelaksana,")


def test_write_output_fails_in_one_line_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The commands refuse such a path before they work (refuse_file_in_the_way); write_output
    # is the last guard, for what changes between that check and the write.
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "schema.json"
    with pytest.raises(typer.Exit) as stopped:
        write_output(target, b"{}")
    assert stopped.value.exit_code == 2
    assert capsys.readouterr().err == f"rkt: error: {target}: cannot write: Not a directory\n"
    assert blocker.read_text(encoding="utf-8") == "not a folder"
