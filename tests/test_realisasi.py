"""The realisasi file (rkt_cli.realisasi): addressing by id and by address, every problem at
file:line:col, and the report built from it."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

from rkt_cli.checking import check_loaded, check_text
from rkt_cli.diagnostics import Diagnostic
from rkt_cli.loader import load_yaml_bytes, load_yaml_file
from rkt_cli.realisasi import CODES, Checked, RktSource, check_realisasi

ROOT = Path(__file__).parent.parent

RKT_TEXT = """\
instansi: Komisi Pemilihan Umum Kota Contoh
unit: Sekretariat KPU Kota Contoh
tahun: 2024
program:
  - nama: Program Dukungan Manajemen
    sasaran:
      - nama: Pengelolaan Keuangan
        kode: "3355"
        anggaran: 1000000
        pelaksana: Subbagian Keuangan
        indikator:
          - uraian: Persentase laporan keuangan tepat waktu
            target: 95
            kegiatan: Penyusunan laporan keuangan
          - uraian: Opini BPK atas laporan keuangan
            target: WTP
            kegiatan: Tindak lanjut temuan
          - uraian: Rata-rata hari penyelesaian SPM
            target: 7–8
            satuan: hari
            arah: turun
            kegiatan: Penerbitan SPM
      - nama: Operasional Perkantoran
        kode: "3360"
        anggaran: 2000000
        indikator:
          - uraian: Persentase sarana prasarana yang berfungsi baik
            target: {target}
            kegiatan: Pemeliharaan
            pelaksana: Subbagian Umum
penandatangan:
  - jabatan: SEKRETARIS
    nama: Contoh Nama
"""


def rkt_source(target: str = "90", text: str | None = None) -> tuple[RktSource, list[str]]:
    loaded = load_yaml_bytes((text or RKT_TEXT.format(target=target)).encode(), "rkt.yaml")
    checked = check_loaded(loaded)
    assert checked.model is not None, checked.diagnostics
    return RktSource(checked.model, "rkt.yaml", loaded.source_map), loaded.lines


def check(realisasi: str, target: str = "90", sampai: int = 4, rkt_text: str | None = None) -> Checked:
    source, _ = rkt_source(target, rkt_text)
    loaded = load_yaml_bytes(textwrap.dedent(realisasi).encode(), "realisasi.yaml")
    return check_realisasi(source, loaded, sampai)


def only(result: Checked, code: str) -> Diagnostic:
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, result.diagnostics
    return found[0]


HEADER = """\
rkt: rkt.yaml
tahun: 2024
pengaturan:
  skala: {WTP: 4, WDP: 3, TW: 2, TMP: 1}
"""


def test_a_valid_file_gives_the_report() -> None:
    result = check(
        HEADER
        + """\
indikator:
  - indikator: "3355.1"
    tw1: 90
  - indikator: "3355.2"
    tw4: WDP
  - indikator: "3355.3"
    tw2: 9
anggaran:
  - sasaran: "3355"
    tw1: 400000
    tw2: 550000
"""
    )
    assert result.diagnostics == []
    assert result.laporan is not None
    rows = result.laporan.sasaran[0].baris
    assert [r.capaian for r in rows] == [Decimal("94.74"), Decimal("75.00"), Decimal("87.50")]
    assert [r.kategori for r in rows] == ["Cukup", "Kurang", "Cukup"]
    assert result.laporan.sasaran[0].serapan.serapan == Decimal("95.00")
    # the second sasaran reported nothing: "belum ada realisasi", never 0
    assert result.laporan.sasaran[1].baris[0].capaian is None
    assert result.laporan.sasaran[1].serapan.lengkap is False
    assert result.laporan.total.serapan is None
    assert result.laporan.total.realisasi == 950000


def test_sampai_counts_the_quarters_up_to_it() -> None:
    text = HEADER + 'indikator:\n  - indikator: "3355.1"\n    tw1: 50\n    tw3: 90\n'
    assert check(text, sampai=4).laporan.sasaran[0].baris[0].capaian == Decimal("94.74")  # type: ignore[union-attr]
    assert check(text, sampai=2).laporan.sasaran[0].baris[0].capaian == Decimal("52.63")  # type: ignore[union-attr]


def test_quarterly_targets_with_kumulatif() -> None:
    result = check(
        HEADER
        + """\
indikator:
  - indikator: "3360.1"
    akumulasi: kumulatif
    target_tw: {tw1: 20, tw2: 30, tw3: 30, tw4: 20}
    tw1: 15
    tw2: 30
""",
        target="100",
    )
    assert result.laporan is not None
    assert result.laporan.sasaran[1].baris[0].capaian == Decimal("90.00")


def test_path_address_and_id_route() -> None:
    rkt_text = RKT_TEXT.format(target="90").replace(
        "          - uraian: Persentase laporan keuangan tepat waktu",
        "          - uraian: Persentase laporan keuangan tepat waktu\n            id: iku-1",
    )
    result = check(
        HEADER
        + "indikator:\n  - id: iku-1\n    tw1: 95\n"
        + '  - indikator: "program[0].sasaran[1].indikator[0]"\n    tw1: 45\n',
        rkt_text=rkt_text,
    )
    assert result.diagnostics == []
    assert result.laporan is not None
    assert result.laporan.sasaran[0].baris[0].capaian == Decimal("100.00")
    assert result.laporan.sasaran[0].baris[0].id == "iku-1"
    assert result.laporan.sasaran[1].baris[0].capaian == Decimal("50.00")


def test_unknown_address_and_id() -> None:
    result = check(HEADER + 'indikator:\n  - indikator: "3355.9"\n    tw1: 1\n  - id: nope\n    tw1: 1\n')
    first, second = [d for d in result.diagnostics if d.code == "RKT510"]
    assert (first.file, first.line) == ("realisasi.yaml", 6)
    assert "3355.1–3355.3" in first.message
    assert second.line == 8 and "no indikator with id 'nope'" in second.message
    assert result.laporan is None


def test_unknown_sasaran_kode_in_an_address() -> None:
    diagnostic = only(check(HEADER + 'indikator:\n  - indikator: "9999.1"\n    tw1: 1\n'), "RKT510")
    assert "no sasaran with kode '9999'" in diagnostic.message


def test_the_same_indikator_twice() -> None:
    result = check(
        HEADER
        + 'indikator:\n  - indikator: "3355.1"\n    tw1: 1\n'
        + '  - indikator: "program[0].sasaran[0].indikator[0]"\n    tw2: 2\n'
    )
    diagnostic = only(result, "RKT511")
    assert diagnostic.line == 8
    assert "first is at line 6" in diagnostic.message


def test_number_written_as_text() -> None:
    diagnostic = only(check(HEADER + 'indikator:\n  - indikator: "3355.1"\n    tw1: "95%"\n'), "RKT503")
    assert (diagnostic.line, diagnostic.col) == (7, 10)
    assert "write 95" in diagnostic.message


def test_target_zero_in_the_rkt_is_an_error_at_its_line() -> None:
    result = check(HEADER + 'indikator:\n  - indikator: "3360.1"\n    tw1: 5\n', target="0")
    diagnostic = only(result, "RKT513")
    assert diagnostic.file == "rkt.yaml"
    assert diagnostic.line == 28  # `target: 0` of the sasaran 3360's indikator
    assert "target is 0" in diagnostic.message


def test_quarterly_target_zero_is_an_error_at_its_line() -> None:
    result = check(
        HEADER + 'indikator:\n  - indikator: "3360.1"\n    target_tw:\n      tw1: 0\n    tw1: 5\n', target="100"
    )
    diagnostic = only(result, "RKT513")
    assert (diagnostic.file, diagnostic.line) == ("realisasi.yaml", 8)


def test_realisasi_zero_with_rasio() -> None:
    result = check(HEADER + 'indikator:\n  - indikator: "3355.3"\n    rumus_turun: rasio\n    tw1: 0\n')
    assert only(result, "RKT513").line == 8


def test_text_off_the_scale() -> None:
    diagnostic = only(check(HEADER + 'indikator:\n  - indikator: "3355.2"\n    tw1: Baik\n'), "RKT503")
    assert "not on the scale" in diagnostic.message


def test_each_unknown_key_is_reported() -> None:
    result = check(HEADER + 'indikator:\n  - indikator: "3355.1"\n    tw5: 1\n    penghambta: x\n')
    assert [(d.code, d.line) for d in result.diagnostics] == [("RKT501", 7), ("RKT501", 8)]


def test_unknown_keys_are_each_reported() -> None:
    result = check(HEADER + 'indikator:\n  - indikator: "3355.1"\n    penghambta: x\n')
    diagnostic = only(result, "RKT501")
    assert "did you mean 'penghambat'" in diagnostic.message


def test_id_and_address_together_or_neither() -> None:
    both = only(check(HEADER + 'indikator:\n  - indikator: "3355.1"\n    id: x\n    tw1: 1\n'), "RKT503")
    assert "not both" in both.message
    neither = only(check(HEADER + "indikator:\n  - tw1: 1\n"), "RKT503")
    assert "missing `id:` or `indikator:`" in neither.message


def test_unquoted_address() -> None:
    diagnostic = only(check(HEADER + "indikator:\n  - indikator: 3355.1\n    tw1: 1\n"), "RKT503")
    assert "in quotes" in diagnostic.message


def test_unknown_kategori_preset() -> None:
    diagnostic = only(check("rkt: rkt.yaml\npengaturan:\n  kategori: bagus\n"), "RKT503")
    assert diagnostic.line == 3 and "permenpan-8-2021" in diagnostic.message


def test_own_kategori_bands() -> None:
    result = check(
        "rkt: rkt.yaml\npengaturan:\n  kategori_pita:\n"
        "    - {mulai: 90, nama: Tercapai}\n    - {mulai: 0, nama: Belum}\n"
        'indikator:\n  - indikator: "3355.1"\n    tw1: 85\n  - indikator: "3360.1"\n    tw1: 81\n'
    )
    assert result.laporan is not None
    first, second = result.laporan.sasaran[0].baris[0], result.laporan.sasaran[1].baris[0]
    assert (first.capaian, first.kategori) == (Decimal("89.47"), "Belum")
    assert (second.capaian, second.kategori) == (Decimal("90.00"), "Tercapai")  # lower bound inclusive


def test_a_misspelt_band_key() -> None:
    result = check("rkt: rkt.yaml\npengaturan:\n  kategori_pita:\n    - {mulai: 1, nam: x}\n")
    unknown = only(result, "RKT501")
    assert "did you mean 'nama'" in unknown.message and unknown.line == 4
    assert len(result.diagnostics) == 2  # and nama is missing: one mistake, said as such
    assert "misspelling" in only(result, "RKT502").message


def test_settings_with_one_message_each() -> None:
    result = check('rkt: rkt.yaml\npengaturan:\n  batas: 110\n  skala: {WTP: x, WDP: "3"}\n')
    messages = [(d.line, d.message) for d in result.diagnostics]
    assert messages == [
        (3, "expected 100, 120 or tanpa (no cap), got the number 110"),
        (4, "expected a number, got the text 'x'"),
        (4, "'3' is a number written as text: write 3"),
    ]


def test_batas_tanpa_lifts_the_file_cap_for_one_indikator() -> None:
    text = 'rkt: rkt.yaml\npengaturan:\n  batas: 100\nindikator:\n  - indikator: "3355.1"\n    tw1: 99\n'
    capped = check(text).laporan
    assert capped is not None and capped.sasaran[0].baris[0].capaian == Decimal("100.00")
    lifted = check(text + "    batas: tanpa\n").laporan
    assert lifted is not None and lifted.sasaran[0].baris[0].capaian == Decimal("104.21")


def test_wrong_tahun() -> None:
    assert "is for 2024" in only(check("rkt: rkt.yaml\ntahun: 2025\n"), "RKT512").message


def test_anggaran_problems() -> None:
    result = check(
        HEADER
        + 'anggaran:\n  - sasaran: "9999"\n    tw1: 1\n'
        + '  - sasaran: "3355"\n    tw1: 2000000\n  - sasaran: "3355"\n    tw1: 1\n'
    )
    assert only(result, "RKT510").line == 6
    assert only(result, "RKT511").line == 10
    warning = only(result, "RKT514")
    assert not warning.is_error and "Rp 2.000.000" in warning.message


def test_rkt_path_must_name_the_rkt(tmp_path: Path) -> None:
    rkt_file = tmp_path / "rkt.yaml"
    rkt_file.write_text(RKT_TEXT.format(target="90"), encoding="utf-8")
    other = tmp_path / "realisasi.yaml"
    other.write_text("rkt: lain.yaml\n", encoding="utf-8")
    loaded = load_yaml_file(rkt_file)
    checked = check_loaded(loaded)
    assert checked.model is not None
    source = RktSource(checked.model, str(rkt_file), loaded.source_map, rkt_file)
    result = check_realisasi(source, load_yaml_file(other), 4, other)
    assert only(result, "RKT512").line == 1
    other.write_text("rkt: rkt.yaml\n", encoding="utf-8")
    assert check_realisasi(source, load_yaml_file(other), 4, other).diagnostics == []


def test_the_example_file_matches_the_2024_rkt() -> None:
    rkt_file, real_file = ROOT / "data/rkt_2024.yaml", ROOT / "data/realisasi_2024.yaml"
    loaded = load_yaml_file(rkt_file)
    checked = check_loaded(loaded)
    assert checked.model is not None
    result = check_realisasi(
        RktSource(checked.model, str(rkt_file), loaded.source_map, rkt_file), load_yaml_file(real_file), 4, real_file
    )
    assert result.diagnostics == []
    assert result.laporan is not None
    rows = [b for s in result.laporan.sasaran for b in s.baris]
    assert len(rows) == 40 and all(b.capaian is not None for b in rows)
    assert result.laporan.total.anggaran == 23_142_485_000


def test_duplicate_ids_in_the_rkt_are_an_error() -> None:
    kegiatan = "            kegiatan: Penyusunan laporan keuangan"
    text = RKT_TEXT.format(target="90").replace(kegiatan, kegiatan + "\n            id: a")
    text = text.replace("            kegiatan: Pemeliharaan", "            kegiatan: Pemeliharaan\n            id: a")
    checked = check_text(text, "rkt.yaml")
    found = [d for d in checked.diagnostics if d.code == "RKT216"]
    assert len(found) == 1 and found[0].is_error and "already used" in found[0].message


def test_a_file_without_ids_needs_none() -> None:
    checked = check_text(RKT_TEXT.format(target="90"), "rkt.yaml")
    assert not [d for d in checked.diagnostics if d.code == "RKT216"]


def test_codes_are_listed_once() -> None:
    codes = [c.code for c in CODES]
    assert len(codes) == len(set(codes)) and all(code.startswith("RKT5") for code in codes)
