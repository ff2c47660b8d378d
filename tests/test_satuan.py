"""A target's satuan as the reader sees it: "20 orang", "3 dokumen", "WTP", and "95" for a
percent, as the signed 2024 RKT prints it (tabel.target_dengan_satuan: bukan_persen, the default).

Each case renders a small YAML through the CLI (in-process) and reads the Target cells back
from the DOCX.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rkt_cli.templating import default_template_folder, load_template
from tests.reference import parse_reference
from tests.render_support import DATA, run_rkt, table_cells

HEAD = """\
instansi: Komisi Pemilihan Umum Kota Contoh
unit: Sekretariat KPU Kota Contoh
tahun: 2024
program:
  - nama: Program Dukungan Manajemen
    sasaran:
      - nama: Pengelolaan sumber daya
        kode: "6709"
        anggaran: 1000000
        pelaksana: Subbagian Umum
        indikator:
"""
ROWS = """\
          - uraian: Jumlah pegawai yang mengikuti pelatihan
            target: 20
            satuan: orang
            kegiatan: Pelatihan pegawai
          - uraian: Jumlah dokumen perencanaan yang disusun
            target: 3
            satuan: dokumen
            kegiatan: Penyusunan dokumen perencanaan
          - uraian: Opini BPK atas laporan keuangan
            target: WTP
            kegiatan: Penyusunan laporan keuangan
          - uraian: Persentase layanan yang tepat waktu
            target: 95
            kegiatan: Layanan perkantoran
          - uraian: Persentase arsip yang tertata
            target: 87.5
            satuan: "%"
            kegiatan: Penataan arsip
"""
TAIL = """\
penandatangan:
  - {tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS, nama: NAMA SEKRETARIS}
"""
TARGET = 4  # the Target column of the default template


def targets(source: Path, template: Path | None = None) -> list[str]:
    """The Target cells of the rendered DOCX, top to bottom (after the two header rows)."""
    out = source.with_suffix(".docx")
    extra = ["--template", template] if template is not None else []
    result = run_rkt("render", source, "-o", out, *extra)
    assert result.returncode == 0, result.stderr
    return [row[TARGET] for row in table_cells(out)[2:]]


def template_with(tmp_path: Path, value: str) -> Path:
    folder = tmp_path / f"satuan-{value}"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "target_dengan_satuan: bukan_persen" in text
    spec.write_text(text.replace("target_dengan_satuan: bukan_persen", f"target_dengan_satuan: {value}"), "utf-8")
    return folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "satuan.yaml"
    path.write_text(HEAD + ROWS + TAIL, encoding="utf-8")
    return path


def test_default_template_shows_every_satuan_but_percent(source: Path) -> None:
    assert targets(source) == ["20 orang", "3 dokumen", "WTP", "95", "87,5"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bukan_persen", ["20 orang", "3 dokumen", "WTP", "95", "87,5"]),
        ("true", ["20 orang", "3 dokumen", "WTP", "95%", "87,5%"]),
        ("false", ["20", "3", "WTP", "95", "87,5"]),
    ],
)
def test_each_value_of_target_dengan_satuan(tmp_path: Path, source: Path, value: str, expected: list[str]) -> None:
    assert targets(source, template_with(tmp_path, value)) == expected


def test_a_template_without_the_key_shows_the_satuan_unless_percent(tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        "tabel:\n  kolom:\n    - {isi: indikator, judul: Indikator, lebar_mm: 80}\n"
        "    - {isi: target, judul: Target, lebar_mm: 20}\n",
        encoding="utf-8",
    )
    assert load_template(folder).spec.tabel.target_dengan_satuan == "bukan_persen"


def test_a_wrong_value_names_the_choices(tmp_path: Path) -> None:
    folder = template_with(tmp_path, "kadang")
    result = run_rkt("template", "check", folder)
    assert result.returncode == 2
    assert "tabel.target_dengan_satuan: expected one of true, false, bukan_persen, got the text 'kadang'" in (
        result.stderr
    )


def test_the_2024_target_cells_are_the_signed_ones(tmp_path: Path) -> None:
    source = tmp_path / "rkt_2024.yaml"
    shutil.copyfile(DATA, source)
    assert targets(source) == [row.target for row in parse_reference().rows]


def test_rkt205_advice_changes_what_the_reader_sees(tmp_path: Path) -> None:
    """RKT205 says "add a satuan" to a "Jumlah …" indikator with the default %; doing so must
    change the printed target from "12" (read as 12 %) to "12 laporan"."""
    before = HEAD + (
        "          - uraian: Jumlah laporan keuangan yang disusun\n"
        "            target: 12\n"
        "            kegiatan: Penyusunan laporan keuangan\n"
    )
    source = tmp_path / "before.yaml"
    source.write_text(before + TAIL, encoding="utf-8")
    warned = run_rkt("validate", source)
    assert "warning[RKT205]" in warned.stderr
    assert "`satuan: dokumen`" in warned.stderr
    assert targets(source) == ["12"]

    after = before.replace("            target: 12\n", "            target: 12\n            satuan: laporan\n")
    source.write_text(after + TAIL, encoding="utf-8")
    assert "RKT205" not in run_rkt("validate", source).stderr
    assert targets(source) == ["12 laporan"]
