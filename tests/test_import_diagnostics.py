"""`rkt import --format text|json|github|auto`: the import's warnings (at DOCX table rows, no
column) and the imported YAML's errors go through the one diagnostic printer. In-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rkt_cli.cli import app
from tests.import_support import Layout, build_reference_docx, build_table_docx


def invoke(*args: str | Path, github_actions: bool = False) -> Result:
    env = {"GITHUB_ACTIONS": "true" if github_actions else ""}
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


@pytest.fixture()
def word_file(tmp_path: Path) -> Path:
    return build_reference_docx(tmp_path / "RKT 2024.docx", Layout(continuation="repeat"))


ROW4 = "row 4: anggaran repeated on every indikator row of this sasaran, counted once"


def test_text_warnings_keep_the_row_form(tmp_path: Path, word_file: Path) -> None:
    result = invoke("import", word_file, "-o", tmp_path / "rkt.yaml", "-f", "text")
    assert result.exit_code == 0, result.stderr
    assert f"{word_file}:4: warning[RKT310] program[0].sasaran[0].anggaran: {ROW4}\n" in result.stderr
    assert result.stdout == ""


def test_json_holds_the_warnings_with_their_rows(tmp_path: Path, word_file: Path) -> None:
    result = invoke("import", word_file, "-o", tmp_path / "rkt.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["errors"] == 0
    first = next(d for d in payload["diagnostics"] if d["code"] == "RKT310")
    assert (first["file"], first["line"], first["col"], first["severity"]) == (str(word_file), 4, 0, "warning")
    assert first["message"] == ROW4
    assert "warning[RKT310]" not in result.stderr  # the text form is not printed as well
    assert "2 program, 9 sasaran, 40 indikator" in result.stderr


def test_github_annotations_have_a_line_and_no_column(tmp_path: Path, word_file: Path) -> None:
    result = invoke("import", word_file, "-o", tmp_path / "rkt.yaml", "--format", "github")
    assert result.exit_code == 0, result.stderr
    expected = f"::warning file={word_file},line=4,title=RKT310 program[0].sasaran[0].anggaran::{ROW4}"
    assert expected in result.stdout.splitlines()


def test_errors_of_the_imported_yaml_join_the_warnings_in_json(tmp_path: Path) -> None:
    row = ["1", "Program A", "Sasaran A (1234)", "Persentase A", "120", "Kegiatan A", "1.000", "Subbag Umum"]
    docx = build_table_docx(tmp_path / "t.docx", [row])
    out = tmp_path / "t.yaml"
    result = invoke("import", docx, "-o", out, "-f", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    [error] = [d for d in payload["diagnostics"] if d["severity"] == "error"]
    assert (error["code"], error["file"]) == ("RKT204", str(out))
    assert error["line"] > 0 and error["col"] > 0
    assert "1 error to fix in the imported YAML" in result.stderr
    text = invoke("import", docx, "-o", out, "--force", "-f", "text")
    assert f"{out}:{error['line']}:{error['col']}: error[RKT204]" in text.stderr
    assert f"{error['line']:>5} | " in text.stderr  # the YAML's line under it, with the caret


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_json_or_github_without_output_is_refused(word_file: Path, fmt: str) -> None:
    result = invoke("import", word_file, "-f", fmt)
    assert result.exit_code == 2
    assert result.stderr == (
        f"rkt: error: --format {fmt} prints the diagnostics on stdout, where the YAML goes; add -o FILE\n"
    )
    assert result.stdout == ""


def test_auto_without_output_stays_text_on_github_actions(word_file: Path) -> None:
    result = invoke("import", word_file, github_actions=True)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Imported from RKT 2024.docx")
    assert "::warning" not in result.stdout
    assert "warning[RKT310]" in result.stderr


def test_auto_with_output_is_github_on_github_actions(tmp_path: Path, word_file: Path) -> None:
    result = invoke("import", word_file, "-o", tmp_path / "rkt.yaml", github_actions=True)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("::warning file=")


def test_a_file_that_is_no_word_document_is_exit_2_and_no_table_exit_1(tmp_path: Path) -> None:
    """The importer says which (ImportFailure); the CLI alone turns that into the exit code."""
    not_docx = tmp_path / "x.docx"
    not_docx.write_bytes(b"plain text")
    damaged = invoke("import", not_docx)
    assert damaged.exit_code == 2
    assert damaged.stderr.startswith(f"rkt: error: {not_docx}: not a DOCX file")
    import docx

    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    no_table = invoke("import", empty)
    assert no_table.exit_code == 1
    assert no_table.stderr == f"rkt: error: {empty}: no RKT table found: the document has no table\n"
