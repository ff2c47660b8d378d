"""Each lint rule on a small document that breaks it, and the reference's own warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from rkt_cli import check_file, check_text
from rkt_cli.diagnostics import Severity
from rkt_cli.rules import REGISTRY

BASE = """\
instansi: Komisi Pemilihan Umum Kota Contoh
unit: Sekretariat KPU Kota Contoh
tahun: 2024
{extra}
program:
  - nama: Program Dukungan Manajemen
    sasaran:
      - nama: Pengelolaan Keuangan
        kode: "{kode1}"
        anggaran: 1000000
        pelaksana: Subbagian Keuangan
        indikator:
          - uraian: {uraian1}
            target: {target1}
            kegiatan: {kegiatan1}
      - nama: Operasional Perkantoran
        kode: "{kode2}"
        anggaran: 2000000
        pelaksana: Subbagian Umum
        indikator:
          - uraian: {uraian2}
            target: 90
            kegiatan: Pemeliharaan gedung kantor
penandatangan:
  - {{tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS, nama: NAMA SEKRETARIS}}
"""

DEFAULTS = {
    "extra": "",
    "kode1": "3355",
    "kode2": "3360",
    "uraian1": "Persentase laporan keuangan tepat waktu",
    "uraian2": "Persentase gedung yang berfungsi dengan baik",
    "target1": "95",
    "kegiatan1": "Penyusunan laporan keuangan",
}


def codes_for(**changes: str) -> list[str]:
    checked = check_text(BASE.format(**{**DEFAULTS, **changes}), "case.yaml")
    return [d.code for d in checked.diagnostics]


def test_base_document_is_clean() -> None:
    assert codes_for() == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"uraian2": "Persentase laporan keuangan tepat waktu"}, "RKT201"),
        ({"uraian2": "persentase  laporan keuangan TEPAT waktu"}, "RKT201"),
        ({"kode2": "3355"}, "RKT202"),
        ({"kode1": "33A5"}, "RKT203"),
        ({"target1": "120"}, "RKT204"),
        ({"target1": "-5"}, "RKT204"),
        ({"uraian1": "Jumlah laporan keuangan"}, "RKT205"),
        ({"kegiatan1": "Penyusunan laporan (bulanan"}, "RKT206"),
        ({"kegiatan1": "Penyusunan laporan bulanan)"}, "RKT206"),
        ({"kegiatan1": "'Penyusunan \"laporan'"}, "RKT206"),
        ({"kegiatan1": '""'}, "RKT207"),
        ({"extra": "pagu: 2999999"}, "RKT208"),
        ({"uraian1": "Persentasi laporan keuangan tepat waktu"}, "RKT210"),
        ({"kegiatan1": '"Penyusunan  laporan keuangan"'}, "RKT211"),
        ({"kegiatan1": "penyusunan laporan keuangan"}, "RKT212"),
        ({"kegiatan1": "Persentase laporan keuangan tepat waktu"}, "RKT213"),
        ({"kegiatan1": "Penyusunan laporan keuangan Tahun 2023"}, "RKT214"),
    ],
)
def test_rule_fires(changes: dict[str, str], code: str) -> None:
    assert code in codes_for(**changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"extra": "pagu: 3000000"},
        {"extra": 'pagu: "3.000.000"'},
        {"uraian1": "Jumlah laporan keuangan", "target1": "12\n            satuan: laporan"},
        {"kode1": "3355.EBA.994"},
        {"target1": "100"},
        {"target1": "0"},
        {"kegiatan1": "Penyusunan laporan keuangan (bulanan) Tahun 2024"},
    ],
)
def test_rule_stays_quiet(changes: dict[str, str]) -> None:
    assert codes_for(**changes) == []


def test_pagu_message_says_how_much_over() -> None:
    checked = check_text(BASE.format(**{**DEFAULTS, "extra": "pagu: 2500000"}), "case.yaml")
    (diagnostic,) = checked.diagnostics
    assert diagnostic.code == "RKT208" and diagnostic.is_error
    assert "500.000 over the pagu 2.500.000" in diagnostic.message
    assert diagnostic.line == 4


def test_missing_pelaksana_is_an_error() -> None:
    text = BASE.format(**DEFAULTS).replace("        pelaksana: Subbagian Keuangan\n", "")
    checked = check_text(text, "case.yaml")
    (diagnostic,) = checked.diagnostics
    assert (diagnostic.code, diagnostic.severity) == ("RKT209", Severity.ERROR)
    assert diagnostic.path == "program[0].sasaran[0].indikator[0]"


def test_indikator_pelaksana_overrides_a_missing_default() -> None:
    text = (
        BASE.format(**DEFAULTS)
        .replace("        pelaksana: Subbagian Keuangan\n", "")
        .replace(
            "            kegiatan: Penyusunan laporan keuangan\n",
            "            kegiatan: Penyusunan laporan keuangan\n            pelaksana: Subbagian Keuangan\n",
        )
    )
    assert check_text(text, "case.yaml").diagnostics == []


def test_codes_are_unique_and_described() -> None:
    codes = [rule.code for rule in REGISTRY]
    assert len(codes) == len(set(codes))
    assert all(rule.description and rule.name for rule in REGISTRY)


def test_reference_warnings() -> None:
    """The signed 2024 document validates, with a warning for each of its real defects."""
    checked = check_file(Path(__file__).parents[1] / "data" / "rkt_2024.yaml", "rkt_2024.yaml")
    assert not checked.has_errors
    found = {(d.code, d.path) for d in checked.diagnostics}
    # "Penetapan Hasil Pemilu" repeats an indikator of "Pemungutan dan Penghitungan Suara".
    assert ("RKT201", "program[0].sasaran[6].indikator[0].uraian") in found
    # A kegiatan of "Masa Kampanye Pemilu" opens a parenthesis it never closes.
    assert ("RKT206", "program[0].sasaran[2].indikator[3].kegiatan") in found
    # "Persentasi Pejabat Perbendaharaan …"
    assert ("RKT210", "program[1].sasaran[0].indikator[4].uraian") in found
    # Four "Jumlah …" indikator with the default % satuan.
    assert sum(1 for code, _ in found if code == "RKT205") == 4
    assert all(d.severity is Severity.WARNING for d in checked.diagnostics)


def test_findings_in_a_block_scalar_point_at_the_word_on_its_own_line() -> None:
    pengantar = (
        "pengantar: >-\n"
        "  Rencana Kinerja ini (disusun\n"
        "  untuk Tahun 2023 dengan persentasi capaian\n"
        "  dan persentasi anggaran.\n"
    )
    text = BASE.format(**{**DEFAULTS, "extra": pengantar})
    checked = check_text(text, "case.yaml")
    lines = text.splitlines()
    found = [(d.code, d.line, d.col) for d in checked.diagnostics if d.path == "pengantar"]
    assert found == [
        ("RKT206", 5, lines[4].index("(") + 1),
        ("RKT214", 6, lines[5].index("Tahun 2023") + 1),
        ("RKT210", 6, lines[5].index("persentasi") + 1),
        ("RKT210", 7, lines[6].index("persentasi") + 1),  # the second one, not the first again
    ]
