"""Problems a review of the SAKIP-family work found by trying bad input, each pinned here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rkt_cli.checking import check_text
from tests.cli_support import run_rkt

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"


def _template(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / "t"
    assert run_rkt("template", "init", str(folder), "--from", source, cwd=tmp_path).returncode == 0
    return folder / "template.yaml"


def test_a_program_table_without_columns_is_a_template_error_not_a_crash(tmp_path: Path) -> None:
    template = _template(tmp_path, "pk")
    lines = template.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "jenis: tabel_program" in line)
    kolom = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("kolom:"))
    end = kolom + 1
    while lines[end].startswith("      -"):
        end += 1
    template.write_text("\n".join([*lines[:kolom], "    kolom: []", *lines[end:]]) + "\n", encoding="utf-8")
    result = run_rkt("template", "check", str(template.parent), cwd=tmp_path)
    assert result.returncode == 2
    assert f"template.yaml:{kolom + 1}:12: error[RKT404]" in result.stderr
    assert "must hold at least one entry" in result.stderr


@pytest.mark.parametrize(("isi", "gabung"), [("target", "sasaran"), ("indikator", "sasaran"), ("kegiatan", "program")])
def test_a_merge_that_would_hide_row_values_is_refused(tmp_path: Path, isi: str, gabung: str) -> None:
    template = _template(tmp_path, "rkt")
    text = template.read_text(encoding="utf-8")
    column = next(line for line in text.splitlines() if f"{{isi: {isi}," in line)
    template.write_text(text.replace(column, column.replace("}", f", gabung: {gabung}}}")), encoding="utf-8")
    result = run_rkt("template", "check", str(template.parent), cwd=tmp_path)
    assert result.returncode == 2 and "error[RKT404]" in result.stderr
    assert f"{isi} differs" in result.stderr or f"{isi} can differ" in result.stderr


def test_render_never_writes_over_the_realisasi_file(tmp_path: Path) -> None:
    realisasi = tmp_path / "r.txt"
    shutil.copy(DATA / "realisasi_2024.yaml", realisasi)
    before = realisasi.read_bytes()
    result = run_rkt(
        "render", str(DATA / "rkt_2024.yaml"), "--realisasi", str(realisasi), "--template", "lkj", "-o", str(realisasi)
    )
    assert result.returncode == 2
    assert "is the realisasi file given with --realisasi" in result.stderr
    assert realisasi.read_bytes() == before


def test_an_optional_key_written_empty_is_an_error_at_its_line() -> None:
    text = (
        "instansi: K\nunit: U\ntahun: 2024\nprogram:\nsasaran:\n  - nama: S\n    pelaksana:\n    indikator:\n"
        "      - uraian: Persentase a\n        target: 1\n        satuan:\n        id:\n        arah:\n"
    )
    errors = [(d.line, d.path) for d in check_text(text, "pl.yaml").diagnostics if d.is_error]
    assert errors == [
        (4, "program"),
        (7, "sasaran[0].pelaksana"),
        (11, "sasaran[0].indikator[0].satuan"),
        (12, "sasaran[0].indikator[0].id"),
        (13, "sasaran[0].indikator[0].arah"),
    ]


def test_template_init_writes_nothing_when_the_second_file_cannot_be(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    (folder / "reference.docx").mkdir(parents=True)
    result = run_rkt("template", "init", str(folder), "--force", cwd=tmp_path)
    assert result.returncode == 2 and "reference.docx: is a directory" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["reference.docx"]


def test_ids_on_a_realisasi_file_points_at_the_rkt() -> None:
    result = run_rkt("ids", "data/realisasi_2024.yaml", cwd=ROOT)
    assert result.returncode == 2
    assert "is a realisasi file; run `rkt ids` on the RKT file its `rkt:` line names" in result.stderr


def test_rules_list_every_code_family() -> None:
    listed = run_rkt("rules", cwd=ROOT).stdout
    for code in ("RKT201", "RKT218", "RKT220", "RKT401", "RKT501", "RKT601", "RKT604"):
        assert f"{code}  " in listed


@pytest.mark.parametrize("change", ["delete", "cut"])
def test_a_csv_lembar_with_a_row_deleted_or_cut_short_is_refused(tmp_path: Path, change: str) -> None:
    shutil.copy(DATA / "rkt_2024.yaml", tmp_path / "rkt_2024.yaml")
    made = run_rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "-f", "csv", "-o", "l.csv", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    lines = (tmp_path / "l.csv").read_text(encoding="utf-8-sig").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("indikator,6709.1,"))
    if change == "delete":
        del lines[row]
    else:
        lines[row] = ",".join(lines[row].split(",")[:5])
    (tmp_path / "l.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_rkt("import", "l.csv", "-o", "r.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "RKT604" in result.stderr
    assert not (tmp_path / "r.yaml").exists()


def test_a_password_protected_docx_is_named_so_with_either_stream(tmp_path: Path) -> None:
    # Word writes both EncryptionInfo and EncryptedPackage; a file with only the second one was
    # told it was an old .doc and sent round in a circle ("save it as .docx").
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "x.docx").write_bytes(header + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    result = run_rkt("import", "x.docx", cwd=tmp_path)
    assert result.returncode == 2
    assert "x.docx: the document is password-protected; remove the password in Word" in result.stderr


def _lembar(tmp_path: Path) -> Path:
    shutil.copy(DATA / "rkt_2024.yaml", tmp_path / "rkt_2024.yaml")
    made = run_rkt("export", "rkt_2024.yaml", "--lembar", "realisasi", "-o", "l.xlsx", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "l.xlsx"


def test_a_lembar_is_never_imported_over_the_rkt_it_names(tmp_path: Path) -> None:
    _lembar(tmp_path)
    before = (tmp_path / "rkt_2024.yaml").read_bytes()
    result = run_rkt("import", "l.xlsx", "-o", "rkt_2024.yaml", "--force", cwd=tmp_path)
    assert result.returncode == 2 and "is the RKT file the lembar belongs to" in result.stderr
    assert (tmp_path / "rkt_2024.yaml").read_bytes() == before


def test_a_lembar_that_fails_against_its_rkt_writes_nothing(tmp_path: Path) -> None:
    import openpyxl

    path = _lembar(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Realisasi"]
    sheet.protection.sheet = False
    sheet.cell(6, 2).value = "9999.1"  # the first row's address, to one the RKT does not have
    sheet["H6"] = 70  # and a realisasi, so that the row is written
    book.save(path)
    result = run_rkt("import", "l.xlsx", "-o", "r.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "nothing written" in result.stderr
    assert not (tmp_path / "r.yaml").exists()


def test_a_stray_cell_at_the_sheet_end_is_no_hang(tmp_path: Path) -> None:
    import concurrent.futures

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Sasaran"
    sheet["XFD1048576"] = "x"  # a 2 KB file whose sheet reaches the last row and column
    book.save(tmp_path / "w.xlsx")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(run_rkt, "import", "w.xlsx", cwd=tmp_path)
        result = future.result(timeout=30)  # iterating every position took hours
    assert result.returncode == 1 and "w.xlsx: no RKT table found" in result.stderr


def test_validate_of_a_workbook_points_at_rkt_import_of_that_workbook(tmp_path: Path) -> None:
    made = run_rkt("export", str(DATA / "rkt_2024.yaml"), "-o", str(tmp_path / "rkt.xlsx"))
    assert made.returncode == 0, made.stderr
    result = run_rkt("validate", "rkt.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert "this is an Excel workbook, not YAML; `rkt import rkt.xlsx -o rkt.yaml`" in result.stderr
