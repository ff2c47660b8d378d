"""`rkt export` of a document without programs, kode, anggaran or kegiatan (a PK written by
hand): the columns of what it lacks are left out, never filled with "0" or blanks; what it has
beyond the RKT (keterangan, extra columns) comes along in the CSV."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl

from rkt_cli.checking import check_loaded
from rkt_cli.loader import load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.render.csv_rows import render_csv
from rkt_cli.render.export_columns import absent_fields, template_for
from rkt_cli.templating import load_template
from tests.cli_support import run_rkt

ROOT = Path(__file__).parent.parent
PK = ROOT / "tests" / "data" / "valid" / "sasaran_tanpa_program.yaml"


def pk() -> RKT:
    model = check_loaded(load_yaml_file(PK)).model
    assert model is not None
    return model


def test_what_a_pk_lacks_and_the_template_without_those_columns() -> None:
    rkt = pk()
    assert absent_fields(rkt) == {"program", "kode", "anggaran", "kegiatan", "pelaksana"}
    template = template_for(rkt, load_template(None))
    assert [k.isi for k in template.spec.tabel.kolom] == ["nomor", "sasaran", "indikator", "target"]
    judul = [template.word(("tabel", "kolom", i, "judul")).render({}) for i in range(4)]
    assert judul == ["No", "Sasaran strategis", "Indikator Kinerja strategis", "Target"]
    full = load_template(None)
    assert template_for(rkt_2024(), full) is full  # a document with every field: the template as it is


def rkt_2024() -> RKT:
    model = check_loaded(load_yaml_file(ROOT / "data" / "rkt_2024.yaml")).model
    assert model is not None
    return model


def test_programs_without_anggaran_keep_the_program_summary_without_rupiah() -> None:
    from rkt_cli.layout import build_layout
    from rkt_cli.render.xlsx import ExportInfo, render_xlsx

    rkt = rkt_2024()
    programs = [
        p.model_copy(update={"sasaran": [s.model_copy(update={"anggaran": None}) for s in p.sasaran]})
        for p in rkt.program or []
    ]
    rkt = rkt.model_copy(update={"program": programs, "pagu": None})
    view = build_layout(rkt, template_for(rkt, load_template(None)), paged=False)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(view, rkt, ExportInfo("x.yaml", "0"))))
    assert wb.sheetnames == ["RKT 2024", "Ringkasan", "Info"]
    summary = wb["Ringkasan"]
    assert [c.value for c in summary[3]] == ["No", "Program", "Sasaran", "Indikator"]
    assert [c.value for c in summary[6]] == [None, "Jumlah", "=SUM(C4:C5)", "=SUM(D4:D5)"]
    assert "Anggaran" not in [c.value for c in wb["RKT 2024"][6]]


def test_the_csv_of_a_pk_has_no_column_of_blanks() -> None:
    lines = render_csv(pk(), bom=False).splitlines()
    assert lines == [
        "no,sasaran,no_indikator,indikator,target,satuan,keterangan,tambahan.kondisi_awal,tambahan.bobot",
        "1,Meningkatnya kualitas penyelenggaraan pemilu,1,Persentase pemilih yang menggunakan hak pilih,77.5,%,"
        'Target nasional,"75,2%",40',
        "1,Meningkatnya kualitas penyelenggaraan pemilu,2,Indeks kepuasan layanan,3.5,indeks,,,",
        "2,Terwujudnya tata kelola yang akuntabel,3,Opini BPK atas laporan keuangan,WTP,,,,",
    ]


def test_the_workbook_of_a_pk_has_no_anggaran_no_jumlah_and_no_program_summary(tmp_path: Path) -> None:
    shutil.copy(PK, tmp_path / "pk.yaml")
    done = run_rkt("export", "pk.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(io.BytesIO((tmp_path / "pk.xlsx").read_bytes()))
    assert wb.sheetnames == ["RKT 2024", "Info"]
    ws = wb["RKT 2024"]
    assert [c.value for c in ws[6]] == ["No", "Sasaran strategis", "Indikator Kinerja strategis", "Target"]
    values = [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "Jumlah" not in values and 0 not in values
    info = {row[0]: row[1] for row in wb["Info"].iter_rows(values_only=True)}
    assert "Program" not in info and "Jumlah anggaran (Rp)" not in info
    assert (info["Sasaran"], info["Indikator"]) == (2, 3)
    assert "anggaran" not in info["Catatan"]


def test_the_lembar_of_a_pk_addresses_rows_by_id_or_place_and_has_no_anggaran_sheet(tmp_path: Path) -> None:
    shutil.copy(PK, tmp_path / "pk.yaml")
    done = run_rkt("export", "pk.yaml", "--lembar", "realisasi", "-o", "l.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(3 indikator, 0 sasaran with anggaran)" in done.stderr
    wb = openpyxl.load_workbook(tmp_path / "l.xlsx")
    assert wb.sheetnames == ["Realisasi", "rkt"]
    ws = wb["Realisasi"]
    assert [(ws.cell(r, 2).value, ws.cell(r, 3).value) for r in (6, 7, 8)] == [
        ("sasaran[0].indikator[0]", "iku-1"),
        ("sasaran[0].indikator[1]", None),
        ("sasaran[1].indikator[0]", None),
    ]
    ws["H6"] = 70
    wb.save(tmp_path / "l.xlsx")
    imported = run_rkt("import", "l.xlsx", "-o", "r.yaml", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert (
        (tmp_path / "r.yaml")
        .read_text(encoding="utf-8")
        .endswith("rkt: pk.yaml\ntahun: 2024\n\nindikator:\n  - id: iku-1\n    tw1: 70\n")
    )
