"""rkt_cli.capaian_rows: the capaian-side values per walked row, exact on data/rkt_2024.yaml with
data/realisasi_2024.yaml, and the cases the example file does not have (no realisasi yet, a
program not fully reported, a mean of quarters)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rkt_cli.capaian_rows import BELUM_ADA_REALISASI, BELUM_LENGKAP, CapaianRows, NilaiIndikator
from rkt_cli.checking import check_loaded
from rkt_cli.loader import load_yaml_bytes, load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.realisasi import Laporan, RktSource, check_realisasi
from rkt_cli.walk import IndikatorAt, walk_indikator, walk_sasaran

ROOT = Path(__file__).parent.parent
RKT_FILE = ROOT / "data" / "rkt_2024.yaml"
REALISASI_FILE = ROOT / "data" / "realisasi_2024.yaml"
D = Decimal


def report(realisasi: bytes | None = None, sampai: int = 4) -> tuple[RKT, Laporan]:
    loaded = load_yaml_file(RKT_FILE)
    model = check_loaded(loaded).model
    assert model is not None
    source = RktSource(model, "rkt_2024.yaml", loaded.source_map)
    real = load_yaml_file(REALISASI_FILE) if realisasi is None else load_yaml_bytes(realisasi, "r.yaml")
    checked = check_realisasi(source, real, sampai)
    assert checked.laporan is not None, checked.diagnostics
    return model, checked.laporan


@pytest.fixture(scope="module")
def example() -> tuple[list[IndikatorAt], CapaianRows, RKT]:
    model, laporan = report()
    return list(walk_indikator(model)), CapaianRows(laporan), model


def test_an_indikator_with_a_rencana_aksi_and_notes(example: tuple[list[IndikatorAt], CapaianRows, RKT]) -> None:
    rows, values, _ = example
    assert values.indikator(rows[1]) == NilaiIndikator(
        target="95",
        target_tw={1: "25", 2: "50", 3: "75", 4: "95"},
        realisasi_tw={1: "23", 2: "46", 3: "69", 4: "92"},
        realisasi="92",
        realisasi_angka=D("92"),
        capaian="96,84%",
        capaian_angka=D("96.84"),
        kategori="Cukup",
        penghambat="Jadwal tahapan Pemilu bergeser dari rencana awal",
        upaya="Koordinasi ulang jadwal dengan KPU Provinsi",
    )


def test_every_row_of_the_example(example: tuple[list[IndikatorAt], CapaianRows, RKT]) -> None:
    rows, values, _ = example
    assert len(rows) == 40
    first, last = values.indikator(rows[0]), values.indikator(rows[-1])
    assert (first.capaian, first.kategori, first.realisasi) == ("105,26%", "Sangat Baik", "100")
    assert (last.target, last.capaian, last.kategori, last.target_tw[1]) == ("85", "100,00%", "Baik", "")
    assert values.indikator(rows[38]).capaian == "88,89%"  # 80 / 90
    assert all(values.indikator(row).capaian.endswith("%") for row in rows)


def test_serapan_per_sasaran_program_and_total(example: tuple[list[IndikatorAt], CapaianRows, RKT]) -> None:
    _, values, model = example
    sasaran = list(walk_sasaran(model))
    first = values.sasaran(sasaran[0])
    assert (first.capaian_rata_rata, first.capaian_rata_rata_angka) == ("100,70%", D("100.70"))
    assert first.serapan.anggaran == "Rp 822.654.000" and first.serapan.anggaran_angka == 822654000
    assert (first.serapan.realisasi, first.serapan.serapan) == ("Rp 723.935.000", "88,00%")
    program = values.program(1).serapan
    assert (program.anggaran_angka, program.realisasi_angka, program.serapan) == (5509836000, 5108386000, "92,71%")
    total = values.total().serapan
    assert (total.anggaran, total.realisasi, total.serapan_angka) == (
        "Rp 23.142.485.000",
        "Rp 21.579.047.000",
        D("93.24"),
    )
    parts = [values.program(index).serapan.realisasi_angka for index in (0, 1)]
    assert sum(part or 0 for part in parts) == total.realisasi_angka  # the programs add up to the total


def test_efisiensi(example: tuple[list[IndikatorAt], CapaianRows, RKT]) -> None:
    _, values, model = example
    sasaran = list(walk_sasaran(model))
    first = values.efisiensi(sasaran[0])
    assert first is not None
    assert (first.aturan, first.selisih, first.efisien, first.teks) == ("capaian ≥ serapan", "+12,70", True, "efisien")
    sixth = values.efisiensi(sasaran[5])
    assert sixth is not None
    assert (sixth.capaian, sixth.serapan, sixth.selisih_angka, sixth.teks) == (
        "98,74%",
        "99,00%",
        D("-0.26"),
        "tidak efisien",
    )


def test_sampai_tw2_shows_the_quarters_up_to_it() -> None:
    model, laporan = report(sampai=2)
    first = CapaianRows(laporan).indikator(next(walk_indikator(model)))
    assert first.target_tw == {1: "25", 2: "50", 3: "", 4: ""}
    assert first.realisasi_tw == {1: "25", 2: "50", 3: "", 4: ""}
    assert (first.realisasi, first.capaian, first.kategori) == ("50", "100,00%", "Baik")


def test_no_realisasi_yet_a_mean_and_an_incomplete_program() -> None:
    text = b"""rkt: rkt_2024.yaml
indikator:
  - indikator: "6709.1"
    akumulasi: rata_rata
    tw1: 10
    tw2: 10
    tw3: 26
    penghambat: Anggaran terlambat
anggaran:
  - sasaran: "6709"
    tw1: 411327000
"""
    model, laporan = report(text)
    values = CapaianRows(laporan)
    rows = list(walk_indikator(model))
    first = values.indikator(rows[0])
    assert (first.realisasi, first.realisasi_angka) == ("15,33", D(46) / 3)  # shown rounded, kept exact
    assert (first.capaian, first.kategori, first.penghambat, first.upaya) == (
        "16,14%",
        "Sangat Kurang",
        "Anggaran terlambat",
        "",
    )
    second = values.indikator(rows[1])
    assert (second.realisasi, second.realisasi_angka, second.capaian, second.capaian_angka) == (
        "",
        None,
        BELUM_ADA_REALISASI,
        None,
    )
    assert second.kategori == "" and second.realisasi_tw == {1: "", 2: "", 3: "", 4: ""}
    sasaran = list(walk_sasaran(model))
    assert values.sasaran(sasaran[0]).serapan.serapan == "50,00%"
    assert values.sasaran(sasaran[0]).capaian_rata_rata == ""  # not every indikator has a capaian
    assert values.efisiensi(sasaran[0]) is None
    nothing = values.sasaran(sasaran[1]).serapan
    assert (nothing.realisasi, nothing.realisasi_angka, nothing.serapan) == ("", None, BELUM_ADA_REALISASI)
    assert values.program(0).serapan.serapan == BELUM_LENGKAP
    assert values.total().serapan.serapan == BELUM_LENGKAP
