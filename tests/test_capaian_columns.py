"""The template language's capaian side as a library: the columns of CAPAIAN_FIELDS and the
serapan table (jenis: tabel_serapan) made from the report, what `rkt template check` says of
them, and which templates need --realisasi."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rkt_cli.capaian_rows import CapaianRows
from rkt_cli.checking import check_file
from rkt_cli.columns import BELUM_ADA_REALISASI, CAPAIAN_FIELDS, NeedsRealisasi, is_known_field
from rkt_cli.layout import build_layout
from rkt_cli.loader import load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.realisasi import BELUM_ADA_REALISASI as REPORT_BELUM
from rkt_cli.realisasi import RktSource, check_realisasi
from rkt_cli.requirements import shows_realisasi, template_needs
from rkt_cli.shipped_templates import shipped_template_folder
from rkt_cli.templating import Template, TemplateError, load_template
from tests.cli_support import run_rkt
from tests.render_support import DATA

REALISASI = DATA.parent / "realisasi_2024.yaml"


@pytest.fixture(scope="module")
def rkt() -> RKT:
    checked = check_file(DATA, str(DATA))
    assert checked.model is not None
    return checked.model


def rows_of(rkt: RKT, sampai: int = 4) -> CapaianRows:
    loaded = load_yaml_file(REALISASI, str(REALISASI))
    source = RktSource(rkt, str(DATA), load_yaml_file(DATA, str(DATA)).source_map, DATA)
    result = check_realisasi(source, loaded, sampai, REALISASI)
    assert result.laporan is not None, result.diagnostics
    return CapaianRows(result.laporan)


def template_with(tmp_path: Path, source: str, old: str, new: str) -> Path:
    """A copy of shipped template `source` with `old` replaced by `new` in its template.yaml."""
    folder = tmp_path / "tpl"
    shutil.copytree(shipped_template_folder(source), folder)
    text = (folder / "template.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "template.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_every_capaian_field_is_known_and_the_wording_matches_the_report() -> None:
    assert all(is_known_field(isi) for isi in CAPAIAN_FIELDS)
    assert BELUM_ADA_REALISASI == REPORT_BELUM


def test_which_templates_need_realisasi() -> None:
    needs = {
        name: shows_realisasi(load_template(name)) for name in ("rkt", "pk", "rkt-sederhana", "lkj", "rencana-aksi")
    }
    assert needs == {"rkt": False, "pk": False, "rkt-sederhana": False, "lkj": True, "rencana-aksi": True}


def test_lkj_needs_programs_and_anggaran_only_for_its_serapan_table_which_is_optional() -> None:
    assert template_needs(load_template("lkj")).fields == frozenset()
    assert template_needs(load_template("rencana-aksi")).fields == frozenset()


def test_a_capaian_column_without_a_report_raises(rkt: RKT) -> None:
    with pytest.raises(NeedsRealisasi, match="realisasi"):
        build_layout(rkt, load_template("rencana-aksi"))


def test_columns_show_the_report_texts(rkt: RKT) -> None:
    view = build_layout(rkt, load_template("lkj"), capaian=rows_of(rkt))
    first = [cell.text for cell in view.rows[0].cells]
    assert first[2:] == ["95%", "100%", "105,26%", "Sangat Baik"]
    assert view.rows[0].groups_before[0].text.startswith("Sasaran 1: Perencanaan Program")


def test_decimal_point_and_awalan_follow_the_template(tmp_path: Path, rkt: RKT) -> None:
    folder = template_with(
        tmp_path, "lkj", '  pemisah_ribuan: "."\n', '  pemisah_ribuan: "."\n  pemisah_desimal: "."\n'
    )
    text = (folder / "template.yaml").read_text(encoding="utf-8")
    old = '{isi: anggaran, judul: "Anggaran (Rp)", lebar_mm: 34, rata: kanan}'
    assert old in text
    new = '{isi: anggaran, judul: "Anggaran", lebar_mm: 34, rata: kanan, awalan: "Rp "}'
    (folder / "template.yaml").write_text(text.replace(old, new), encoding="utf-8")
    view = build_layout(rkt, load_template(folder), capaian=rows_of(rkt))
    assert [cell.text for cell in view.rows[0].cells][4] == "105.26%"
    assert view.parts is not None
    table = next(part.program_table for part in view.parts if part.kind == "tabel_serapan")
    assert table is not None
    assert table.rows[0][2:] == ("Rp 17.632.649.000", "16.470.661.000", "93.41%")
    assert table.total_row == ("Jumlah", "", "Rp 23.142.485.000", "21.579.047.000", "93.24%")


def test_a_serapan_table_per_sasaran(tmp_path: Path, rkt: RKT) -> None:
    folder = template_with(tmp_path, "lkj", "    per: program\n", "    per: sasaran\n")
    view = build_layout(rkt, load_template(folder), capaian=rows_of(rkt))
    assert view.parts is not None
    table = next(part.program_table for part in view.parts if part.kind == "tabel_serapan")
    assert table is not None
    assert len(table.rows) == 9
    assert table.rows[0][:2] == (
        "1",
        "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu",
    )
    assert table.total_row == ("Jumlah", "", "23.142.485.000", "21.579.047.000", "93,24%")
    assert table.total_span == 2


def test_the_serapan_table_follows_sampai(rkt: RKT) -> None:
    """Up to TW1 the amounts reported in TW1 alone (as `rkt capaian --sampai tw1`)."""
    view = build_layout(rkt, load_template("lkj"), capaian=rows_of(rkt, sampai=1))
    assert view.parts is not None
    table = next(part.program_table for part in view.parts if part.kind == "tabel_serapan")
    assert table is not None
    assert table.rows[1] == ("2", "Program Dukungan Manajemen", "5.509.836.000", "1.021.677.000", "18,54%")
    assert table.total_row == ("Jumlah", "", "23.142.485.000", "4.315.807.000", "18,65%")


def test_check_names_the_capaian_fields_for_an_unknown_isi(tmp_path: Path) -> None:
    folder = template_with(tmp_path, "lkj", "{isi: capaian,", "{isi: capain,")
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    message = caught.value.diagnostics[0].message
    assert "got 'capain'" in message and "capaian" in message and "realisasi_tw4" in message


def test_a_serapan_column_in_the_program_table_is_refused(tmp_path: Path) -> None:
    folder = template_with(tmp_path, "pk", '{isi: anggaran, judul: "Anggaran"', '{isi: serapan, judul: "Anggaran"')
    result = run_rkt("template", "check", folder)
    assert result.returncode == 2
    assert "error[RKT404]" in result.stderr
    assert "a column of jenis tabel_program shows one of nomor, program, anggaran, not serapan" in result.stderr


def test_per_belongs_to_the_serapan_table(tmp_path: Path) -> None:
    folder = template_with(tmp_path, "pk", "    wajib: false ", "    per: sasaran\n    wajib: false ")
    result = run_rkt("template", "check", folder)
    assert result.returncode == 2
    assert "a part of jenis tabel_program takes baris, jumlah, kolom, wajib, not per" in result.stderr


def test_template_check_accepts_the_shipped_capaian_templates() -> None:
    for name in ("lkj", "rencana-aksi"):
        result = run_rkt("template", "check", shipped_template_folder(name))
        assert result.returncode == 0, result.stderr
        assert "template OK" in result.stdout


def test_a_template_of_ones_own_with_a_capaian_column(tmp_path: Path) -> None:
    folder = template_with(
        tmp_path,
        "rkt-sederhana",
        '    - {isi: target, judul: "Target", lebar_mm: 25, rata: tengah}\n',
        '    - {isi: target, judul: "Target", lebar_mm: 25, rata: tengah}\n'
        '    - {isi: capaian, judul: "Capaian", lebar_mm: 0, rata: tengah}\n',
    )
    text = (folder / "template.yaml").read_text(encoding="utf-8")
    (folder / "template.yaml").write_text(
        text.replace("lebar_mm: 75}", "lebar_mm: 55}").replace("lebar_mm: 0,", "lebar_mm: 20,"), encoding="utf-8"
    )
    template: Template = load_template(folder)
    assert shows_realisasi(template)
    out = tmp_path / "out.docx"
    refused = run_rkt("render", DATA, "--template", folder, "-o", out)
    assert refused.returncode == 2 and "--realisasi" in refused.stderr
    done = run_rkt("render", DATA, "--template", folder, "--realisasi", REALISASI, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.exists()


def test_the_plan_of_every_quarter_with_the_realisasi_up_to_sampai(rkt: RKT) -> None:
    full = rows_of(rkt).laporan
    rows = CapaianRows(rows_of(rkt, sampai=2).laporan, rencana=full)
    view = build_layout(rkt, load_template("rencana-aksi"), capaian=rows)
    assert [cell.text for cell in view.rows[0].cells][3:] == ["95%", "25", "50", "75", "95", "25", "50", "-", "-"]
    alone = build_layout(rkt, load_template("rencana-aksi"), capaian=rows_of(rkt, sampai=2))
    assert [cell.text for cell in alone.rows[0].cells][4:8] == ["25", "50", "-", "-"]
