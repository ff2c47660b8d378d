"""`rkt export` as a user runs it (in-process, tests/cli_support.py): outputs on disk, refusals,
exit codes and messages; and one real process for the installed command."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.cli_support import Outcome, run_rkt

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
INVALID = ROOT / "tests" / "data" / "summary" / "invalid.yaml"


def rkt(*args: str, cwd: Path) -> Outcome:
    return run_rkt(*args, cwd=cwd)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    target = tmp_path / "rkt_2024.yaml"
    shutil.copy(DATA, target)
    return target


def test_export_writes_the_workbook_next_to_the_yaml(tmp_path: Path, data: Path) -> None:
    done = rkt("export", data.name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wrote rkt_2024.xlsx" in done.stderr
    assert "rkt_2024.yaml: 13 warnings; `rkt validate rkt_2024.yaml` shows them" in done.stderr
    assert done.stdout == ""
    wb = openpyxl.load_workbook(io.BytesIO((tmp_path / "rkt_2024.xlsx").read_bytes()))
    assert wb.sheetnames == ["RKT 2024", "Ringkasan", "Info"]
    assert wb["RKT 2024"]["G48"].value == "=SUM(G8:G47)"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_csv_by_format_or_by_the_output_name(tmp_path: Path, data: Path) -> None:
    done = rkt("export", data.name, "-f", "CSV", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "rkt_2024.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffno,program,kode,sasaran,anggaran,")
    assert len(text.splitlines()) == 41
    named = rkt("export", data.name, "-o", "out/table.csv", cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    assert (tmp_path / "out" / "table.csv").read_bytes().decode("utf-8") == text


def test_an_existing_output_is_kept_without_force(tmp_path: Path, data: Path) -> None:
    out = tmp_path / "rkt_2024.xlsx"
    out.write_bytes(b"keep me")
    done = rkt("export", data.name, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "rkt: error: rkt_2024.xlsx: already exists; add --force to overwrite it"
    assert out.read_bytes() == b"keep me"
    forced = rkt("export", data.name, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes().startswith(b"PK")


def test_a_file_with_errors_is_not_exported(tmp_path: Path) -> None:
    shutil.copy(INVALID, tmp_path / "bad.yaml")
    done = rkt("export", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "bad.yaml:" in done.stderr and "error[RKT103]" in done.stderr
    assert not (tmp_path / "bad.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.xlsx", "-f", "csv"], "x.xlsx: the name ends in .xlsx but --format is csv; make them agree"),
        (["-o", "copy.yaml"], "copy.yaml: refusing to write a spreadsheet under a YAML name"),
        (["-o", "rkt_2024.yaml", "-f", "csv"], "rkt_2024.yaml: the output would overwrite the input"),
        (["-o", "sub"], "sub: is a directory; -o names the file to write"),
        (["-f", "ods"], "'ods' is not one of 'xlsx', 'csv'"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, data: Path, args: list[str], message: str) -> None:
    (tmp_path / "sub").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    done = rkt("export", data.name, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert data.read_bytes() == DATA.read_bytes()


def test_missing_input_and_directory_input_exit_2(tmp_path: Path) -> None:
    missing = rkt("export", "nothing.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "nothing.yaml: no such file" in missing.stderr
    folder = rkt("export", ".", cwd=tmp_path)
    assert folder.returncode == 2 and "is a directory; give one YAML file" in folder.stderr


def test_a_word_file_gets_the_import_hint(tmp_path: Path) -> None:
    from docx import Document

    Document().save(str(tmp_path / "RKT.docx"))
    done = rkt("export", "RKT.docx", cwd=tmp_path)
    assert done.returncode == 1
    assert "rkt import RKT.docx" in done.stderr
    assert not (tmp_path / "RKT.xlsx").exists()


def test_a_bad_template_exits_2(tmp_path: Path, data: Path) -> None:
    done = rkt("export", data.name, "--template", str(ROOT / "tests" / "data" / "templates" / "bad_key"), cwd=tmp_path)
    assert done.returncode == 2
    assert "RKT402" in done.stderr and "nothing was exported" in done.stderr
    assert not (tmp_path / "rkt_2024.xlsx").exists()


def test_a_text_too_long_for_a_cell_exits_1(tmp_path: Path, data: Path) -> None:
    text = data.read_text(encoding="utf-8").replace("tahun: 2024\n", "tahun: 2024\njudul: " + "J" * 40_000 + "\n", 1)
    data.write_text(text, encoding="utf-8")
    done = rkt("export", data.name, cwd=tmp_path)
    assert done.returncode == 1
    assert "rkt_2024.yaml: not exported: RKT 2024!A2: a text of 40,000 characters" in done.stderr
    assert not (tmp_path / "rkt_2024.xlsx").exists()
    csv_done = rkt("export", data.name, "-f", "csv", cwd=tmp_path)  # a CSV cell has no such limit
    assert csv_done.returncode == 0, csv_done.stderr


def test_export_is_listed_in_help(tmp_path: Path) -> None:
    done = rkt("--help", cwd=tmp_path)
    assert "export" in done.stdout
    assert "rkt export data/rkt_2024.yaml -f csv -o rkt_2024.csv" in " ".join(done.stdout.split())


def test_export_as_real_processes_gives_the_same_bytes_whatever_the_hash_seed(tmp_path: Path, data: Path) -> None:
    """The command end to end, twice, as processes with different string hashing (sets and dicts
    of text must not decide the order of anything written): exit 0, the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"{seed}.xlsx"
        done = subprocess.run(
            [sys.executable, "-m", "rkt_cli", "export", str(data), "-o", str(target)],
            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"wrote {target}" in done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert openpyxl.load_workbook(tmp_path / "1.xlsx")["Info"]["B1"].value == "rkt_2024.yaml"
