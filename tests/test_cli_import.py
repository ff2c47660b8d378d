"""`rkt import` as a user runs it (in-process, tests/cli_support.py): files on disk, exit codes,
messages on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from tests.cli_support import Outcome, run_rkt
from tests.import_support import Layout, build_reference_docx, build_table_docx

DATA = Path(__file__).parent.parent / "data" / "rkt_2024.yaml"


def rkt(*args: str, cwd: Path) -> Outcome:
    return run_rkt(*args, cwd=cwd)


@pytest.fixture()
def word_file(tmp_path: Path) -> Path:
    return build_reference_docx(tmp_path / "RKT 2024.docx", Layout(continuation="repeat"))


def test_import_writes_valid_yaml_and_reports_guesses_at_their_rows(tmp_path: Path, word_file: Path) -> None:
    done = rkt("import", word_file.name, "-o", "rkt.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert check_file(tmp_path / "rkt.yaml").model == check_file(DATA).model
    assert (
        "RKT 2024.docx:4: warning[RKT310] program[0].sasaran[0].anggaran: "
        "row 4: anggaran repeated on every indikator row of this sasaran, counted once"
    ) in done.stderr
    assert "2 program, 9 sasaran, 40 indikator, total Rp 23.142.485.000" in done.stderr
    assert "not in the document (left out): penandatangan[0].nip" in done.stderr
    validated = rkt("validate", "rkt.yaml", cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr


def test_yaml_has_no_wrong_schema_path_but_says_how_to_add_one(tmp_path: Path, word_file: Path) -> None:
    rkt("import", word_file.name, "-o", "rkt.yaml", cwd=tmp_path)
    text = (tmp_path / "rkt.yaml").read_text(encoding="utf-8")
    assert "$schema=../schema" not in text
    assert text.startswith("# Imported from RKT 2024.docx by `rkt import`")
    assert "# and make this the first line: # yaml-language-server: $schema=rkt.schema.json" in text
    done = rkt("import", word_file.name, "-o", "with.yaml", "--schema", "schema/rkt.schema.json", cwd=tmp_path)
    assert done.returncode == 0
    first = (tmp_path / "with.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/rkt.schema.json"


def test_without_output_the_yaml_goes_to_stdout(tmp_path: Path, word_file: Path) -> None:
    done = rkt("import", word_file.name, cwd=tmp_path)
    assert done.returncode == 0
    assert "instansi: Komisi Pemilihan Umum Kota Prabumulih\n" in done.stdout
    assert "warning[" not in done.stdout  # diagnostics stay on stderr


def test_existing_output_is_kept_without_force(tmp_path: Path, word_file: Path) -> None:
    out = tmp_path / "rkt.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    done = rkt("import", word_file.name, "-o", "rkt.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "rkt.yaml: already exists; add --force to overwrite it" in done.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    forced = rkt("import", word_file.name, "-o", "rkt.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Imported from")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old binary Word document (.doc)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "password-protected"),
        (b"PK\x03\x04 cut off", "not a DOCX file"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "in.docx").write_bytes(content)
    done = rkt("import", "in.docx", "-o", "out.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.yaml").exists()


def test_no_rkt_table_exits_1(tmp_path: Path) -> None:
    build_table_docx(tmp_path / "t.docx", [["a", "b"]], header=["Nama", "Alamat"])
    done = rkt("import", "t.docx", cwd=tmp_path)
    assert done.returncode == 1
    assert "t.docx: no RKT table found" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_input_exits_2(tmp_path: Path) -> None:
    done = rkt("import", "nothing.docx", cwd=tmp_path)
    assert done.returncode == 2
    assert "nothing.docx: no such file" in done.stderr


def test_document_errors_are_shown_at_the_yaml_lines_and_exit_1(tmp_path: Path) -> None:
    """A target of 120 % is the document's mistake: the YAML is written, the error is shown."""
    row = ["1", "Program A", "Sasaran A (1234)", "Persentase A", "120", "Kegiatan A", "1.000", "Subbag Umum"]
    build_table_docx(tmp_path / "t.docx", [row])
    done = rkt("import", "t.docx", "-o", "t.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "t.yaml:" in done.stderr and "error[RKT204]" in done.stderr
    assert (tmp_path / "t.yaml").exists()


def test_import_is_listed_in_help(tmp_path: Path) -> None:
    done = rkt("import", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "--force" in done.stdout and "Example: rkt import" in " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (6, "9" * 30, "row 2: program[0].sasaran[0].anggaran: the number 999"),
        (4, "-5", "row 2: program[0].sasaran[0].indikator[0].target: target '-5'"),
    ],
)
def test_a_value_no_rkt_can_hold_is_one_line_exit_1(tmp_path: Path, column: int, value: str, message: str) -> None:
    """The document holds it, the model refuses it: the row and the field, never a traceback."""
    row = ["1", "Program A", "Sasaran A (1234)", "Persentase A", "95", "Kegiatan A", "1.000", "Subbag Umum"]
    row[column] = value
    build_table_docx(tmp_path / "t.docx", [row])
    done = rkt("import", "t.docx", "-o", "t.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"rkt: error: t.docx: cannot import: {message}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "t.yaml").exists()
