"""`rkt export --lembar realisasi` and `rkt import FILE.xlsx|.csv` as a user runs them
(in-process, tests/cli_support.py): files on disk, refusals, exit codes and one-line messages."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.cli_support import Outcome, run_rkt

ROOT = Path(__file__).parent.parent


def rkt(*args: str, cwd: Path) -> Outcome:
    return run_rkt(*args, cwd=cwd)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "data" / "rkt_2024.yaml", tmp_path)
    shutil.copy(ROOT / "data" / "realisasi_2024.yaml", tmp_path)
    return tmp_path


def test_export_fill_import_then_capaian(folder: Path) -> None:
    done = rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "wrote rkt_2024_realisasi.xlsx (40 indikator, 9 sasaran with anggaran)" in done.stderr
    workbook = folder / "rkt_2024_realisasi.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(workbook.read_bytes()))
    wb["Realisasi"]["H6"] = 30
    wb["Realisasi"]["I6"] = "60"
    wb.save(workbook)
    imported = rkt("import", workbook.name, "-o", "realisasi_tw2.yaml", cwd=folder)
    assert imported.returncode == 0, imported.stderr
    assert (
        "rkt_2024_realisasi.xlsx:Realisasi!I6: warning[RKT601] '60' is a number stored as text; read as 60"
        in imported.stderr
    )
    assert "realisasi for 1 of 40 indikator; 1 warning; wrote realisasi_tw2.yaml" in imported.stderr
    text = (folder / "realisasi_tw2.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        'rkt: rkt_2024.yaml\ntahun: 2024\n\nindikator:\n  - indikator: "6709.1"\n    tw1: 30\n    tw2: 60\n'
    )
    report = rkt("capaian", "rkt_2024.yaml", "realisasi_tw2.yaml", "-f", "csv", cwd=folder)
    assert report.returncode == 0, report.stderr
    assert "6709.1" in report.stdout


def test_a_prefilled_round_trip_through_the_command_line_is_byte_identical(folder: Path) -> None:
    steps = [
        ("export", "rkt_2024.yaml", "--lembar", "realisasi", "--realisasi", "realisasi_2024.yaml", "-o", "a.xlsx"),
        ("import", "a.xlsx", "-o", "a.yaml"),
        ("export", "rkt_2024.yaml", "--lembar", "realisasi", "--realisasi", "a.yaml", "-o", "b.xlsx"),
        ("import", "b.xlsx", "-o", "b.yaml"),
        ("export", "rkt_2024.yaml", "--lembar", "realisasi", "--realisasi", "a.yaml", "-f", "csv", "-o", "c.csv"),
        ("import", "c.csv", "-o", "c.yaml"),
    ]
    for step in steps:
        done = rkt(*step, cwd=folder)
        assert done.returncode == 0, (step, done.stderr)
    first = (folder / "a.yaml").read_bytes()
    assert (folder / "b.yaml").read_bytes() == first
    assert (folder / "c.yaml").read_bytes() == first
    original = rkt("capaian", "rkt_2024.yaml", "realisasi_2024.yaml", "-f", "json", cwd=folder)
    again = rkt("capaian", "rkt_2024.yaml", "a.yaml", "-f", "json", cwd=folder)
    assert original.returncode == again.returncode == 0
    assert again.stdout == original.stdout


def test_import_refuses_to_overwrite_and_writes_nothing_on_an_error(folder: Path) -> None:
    assert rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "-o", "l.xlsx", cwd=folder).returncode == 0
    (folder / "out.yaml").write_text("keep me", encoding="utf-8")
    kept = rkt("import", "l.xlsx", "-o", "out.yaml", cwd=folder)
    assert kept.returncode == 2
    assert kept.stderr.strip() == "rkt: error: out.yaml: already exists; add --force to overwrite it"
    wb = openpyxl.load_workbook(folder / "l.xlsx")
    wb["Realisasi"]["J8"] = "95%"
    wb.save(folder / "l.xlsx")
    bad = rkt("import", "l.xlsx", "-o", "new.yaml", cwd=folder)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "l.xlsx:Realisasi!J8: error[RKT602] '95%' is a number written with a percent sign: write 95",
        "l.xlsx: 1 error; nothing written",
    ]
    assert not (folder / "new.yaml").exists()
    assert (folder / "out.yaml").read_text(encoding="utf-8") == "keep me"


def test_the_rkt_workbook_is_not_taken_for_a_lembar(folder: Path) -> None:
    assert rkt("export", "rkt_2024.yaml", cwd=folder).returncode == 0
    done = rkt("import", "rkt_2024.xlsx", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "instansi: Komisi Pemilihan Umum Kota Prabumulih\n" in done.stdout  # an RKT, not a realisasi file
    assert "rkt: rkt_2024.yaml" not in done.stdout


@pytest.mark.parametrize(
    ("content", "message", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an old Excel 97-2003 (.xls) workbook; save it as .xlsx", 2),
        (b"PK\x03\x04 truncated", "a corrupt workbook", 2),
        (b"no,program\n", "not an XLSX workbook (corrupt, or another kind of file)", 2),
    ],
)
def test_unreadable_workbooks_get_one_line_errors(folder: Path, content: bytes, message: str, code: int) -> None:
    (folder / "in.xlsx").write_bytes(content)
    done = rkt("import", "in.xlsx", cwd=folder)
    assert done.returncode == code
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"rkt: error: in.xlsx: {message}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # Without --lembar, --realisasi is for a template that shows capaian (lkj, rencana-aksi).
        (["--realisasi", "realisasi_2024.yaml"], "--realisasi realisasi_2024.yaml: template rkt shows no realisasi"),
        (["--target-tw"], "--target-tw goes with --lembar realisasi"),
        (["--lembar", "realisasi", "--realisasi", "missing.yaml"], "missing.yaml: no such file"),
        (["--lembar", "realisasi", "-t", "x"], "--template: the lembar has a fixed layout"),
    ],
)
def test_export_lembar_usage_errors(folder: Path, args: list[str], message: str) -> None:
    done = rkt("export", "rkt_2024.yaml", *args, cwd=folder)
    assert done.returncode == 2
    assert done.stderr.startswith(f"rkt: error: {message}")


def test_a_prefill_file_with_errors_is_shown_and_nothing_is_exported(folder: Path) -> None:
    (folder / "bad.yaml").write_text('rkt: rkt_2024.yaml\nindikator:\n  - indikator: "9999.1"\n    tw1: 5\n')
    done = rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "--realisasi", "bad.yaml", cwd=folder)
    assert done.returncode == 1
    assert "bad.yaml:3:16: error[RKT510]" in done.stderr
    assert "rkt: error: bad.yaml: 1 error; nothing exported" in done.stderr
    assert not (folder / "rkt_2024_realisasi.xlsx").exists()


def test_quarterly_target_columns_on_request(folder: Path) -> None:
    done = rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "--target-tw", "-o", "t.xlsx", cwd=folder)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(folder / "t.xlsx")["Realisasi"]
    assert [ws.cell(5, c).value for c in range(8, 12)] == [
        "Target TW I",
        "Target TW II",
        "Target TW III",
        "Target TW IV",
    ]
    ws["H6"] = 20
    ws.parent.save(folder / "t.xlsx")
    imported = rkt("import", "t.xlsx", cwd=folder)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.endswith('  - indikator: "6709.1"\n    target_tw: {tw1: 20}\n')


def test_the_written_yaml_is_checked_against_its_rkt_when_it_is_there(folder: Path) -> None:
    assert rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "-o", "l.xlsx", cwd=folder).returncode == 0
    wb = openpyxl.load_workbook(folder / "l.xlsx")
    wb["Realisasi"]["H6"] = 0
    wb.save(folder / "l.xlsx")
    beside = rkt("import", "l.xlsx", "-o", "r.yaml", cwd=folder)
    assert beside.returncode == 0, beside.stderr
    assert "next: rkt capaian rkt_2024.yaml r.yaml" in beside.stderr
    elsewhere = rkt("import", "l.xlsx", "-o", "sub/r.yaml", cwd=folder)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert "sub/rkt_2024.yaml: not found, so the realisasi was not checked against its RKT" in elsewhere.stderr
    (folder / "rkt_2024.yaml").write_text(
        (folder / "rkt_2024.yaml").read_text(encoding="utf-8").replace("tahun: 2024", "tahun: 2025", 1),
        encoding="utf-8",
    )
    other_year = rkt("import", "l.xlsx", "-o", "r2.yaml", cwd=folder)
    assert other_year.returncode == 1
    assert "r2.yaml:4:8: error[RKT512] tahun: tahun 2024, but the RKT rkt_2024.yaml is for 2025" in other_year.stderr


def test_a_row_deleted_by_hand_is_an_error(folder: Path) -> None:
    assert rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "-o", "l.xlsx", cwd=folder).returncode == 0
    wb = openpyxl.load_workbook(folder / "l.xlsx")
    wb["Realisasi"].delete_rows(10)
    wb.save(folder / "l.xlsx")
    done = rkt("import", "l.xlsx", cwd=folder)
    assert done.returncode == 1
    assert (
        "l.xlsx:Realisasi!B45: error[RKT604] the lembar was written with 40 indikator rows, and 39 are here"
        in done.stderr
    )
    assert done.stdout == ""


def test_json_diagnostics_are_one_document_on_stdout(folder: Path) -> None:
    import json

    assert rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "-o", "l.xlsx", cwd=folder).returncode == 0
    wb = openpyxl.load_workbook(folder / "l.xlsx")
    wb["Realisasi"]["H6"] = "90"
    wb.save(folder / "l.xlsx")
    done = rkt("import", "l.xlsx", "-o", "r.yaml", "--format", "json", cwd=folder)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["errors"], report["warnings"]) == (0, 1)
    assert report["diagnostics"][0]["file"] == "l.xlsx:Realisasi!H6"


def test_the_rkts_warnings_are_counted_and_strict_makes_them_errors(folder: Path) -> None:
    done = rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", cwd=folder)
    assert "rkt_2024.yaml: 13 warnings; `rkt validate rkt_2024.yaml` shows them" in done.stderr
    strict = rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "--strict", "-o", "s.xlsx", cwd=folder)
    assert strict.returncode == 1
    assert not (folder / "s.xlsx").exists()
