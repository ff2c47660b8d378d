"""The helpers every command shares: one `By`, one write_output(). In-process."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rkt_cli import grouping, summary
from rkt_cli.cli import app

DATA = Path(__file__).parents[1] / "data" / "rkt_2024.yaml"


def test_the_summary_and_the_cli_share_one_by() -> None:
    assert summary.By is grouping.By
    result = CliRunner().invoke(app, ["summary", str(DATA), "--by", "pelaksana", "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("file,kind,pelaksana,")


def test_write_output_fails_in_one_line_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"rkt: error: {target}: cannot write: Not a directory\n"
    assert blocker.read_text(encoding="utf-8") == "not a folder"
