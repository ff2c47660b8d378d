"""The capaian and serapan formulas (rkt_cli.capaian): issue 10's acceptance values exactly,
the edge cases that must be errors rather than a division by zero, and property tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rkt_cli import capaian as cp

D = Decimal
SKALA = {"WTP": D(4), "WDP": D(3), "TW": D(2), "TMP": D(1)}
TARGET_TW = {1: D(20), 2: D(30), 3: D(30), 4: D(20)}
REALISASI_TW = {1: D(15), 2: D(30)}


# ---- acceptance values ---------------------------------------------------------------------


def test_naik() -> None:
    assert cp.capaian(D(95), D(90)) == D("94.74")
    assert cp.persen(cp.capaian(D(95), D(90))) == "94,74%"


def test_turun_selisih_and_rasio() -> None:
    assert cp.capaian(D(7), cp.desimal(6.5), "turun", "selisih") == D("107.14")
    assert cp.capaian(D(7), cp.desimal(6.5), "turun", "rasio") == D("107.69")


def test_turun_range_above_uses_the_upper_bound() -> None:
    rentang = cp.baca_rentang("7–8")
    assert rentang == cp.Rentang(D(7), D(8))
    assert cp.capaian(rentang, D(9), "turun") == D("87.50")


def test_naik_range_below_uses_the_lower_bound() -> None:
    assert cp.capaian(cp.baca_rentang("80-90"), D(70), "naik") == D("87.50")


def test_range_inside_is_100_and_above_uses_the_upper_bound() -> None:
    rentang = cp.baca_rentang("80 – 90")
    assert rentang is not None
    assert cp.capaian(rentang, D(85)) == D("100.00")
    # above the range: realisasi against the upper bound, 92 / 90
    assert cp.capaian(rentang, D(92)) == D("102.22")


def test_cap_100() -> None:
    assert cp.capaian(D(80), D(83), batas=100) == D("100.00")
    assert cp.capaian(D(80), D(83)) == D("103.75")
    assert cp.capaian(D(80), D(200), batas=120) == D("120.00")


def test_text_target_through_the_scale() -> None:
    target = cp.baca_nilai("WTP", SKALA, "target")
    realisasi = cp.baca_nilai("wdp", SKALA, "realisasi")
    assert isinstance(realisasi, Decimal)
    assert cp.capaian(target, realisasi) == D("75.00")


def test_quarters_kumulatif_against_the_quarters_reported() -> None:
    cara = cp.Cara(akumulasi="kumulatif", pembanding="triwulan")
    assert cp.capaian_indikator(D(100), REALISASI_TW, cara, TARGET_TW) == D("90.00")


def test_quarters_kumulatif_against_the_annual_target() -> None:
    cara = cp.Cara(akumulasi="kumulatif", pembanding="tahunan")
    assert cp.capaian_indikator(D(100), REALISASI_TW, cara, TARGET_TW) == D("45.00")


def test_quarters_nilai_akhir() -> None:
    cara = cp.Cara(akumulasi="nilai_akhir", pembanding="triwulan")
    assert cp.capaian_indikator(D(100), REALISASI_TW, cara, TARGET_TW) == D("100.00")


def test_quarters_rata_rata() -> None:
    cara = cp.Cara(akumulasi="rata_rata", pembanding="triwulan")
    # (15 + 30) / 2 against (20 + 30) / 2
    assert cp.capaian_indikator(D(100), REALISASI_TW, cara, TARGET_TW) == D("90.00")


def test_serapan() -> None:
    assert cp.serapan(5_509_836_000, 5_234_344_200) == D("95.00")
    assert cp.persen(cp.serapan(5_509_836_000, 5_234_344_200)) == "95,00%"


# ---- what must not divide by zero or become a silent 0 -------------------------------------


def test_target_zero_is_an_error_at_the_target() -> None:
    with pytest.raises(cp.CapaianError) as caught:
        cp.capaian(D(0), D(5))
    assert caught.value.tempat == "target"
    with pytest.raises(cp.CapaianError):
        cp.capaian_indikator(D(0), {1: D(5)}, cp.Cara())


def test_quarterly_target_zero_names_the_quarter() -> None:
    with pytest.raises(cp.CapaianError) as caught:
        cp.capaian_indikator(D(100), {1: D(5)}, cp.Cara(pembanding="triwulan"), {1: D(0)})
    assert caught.value.tempat == ("target_tw", 1)


def test_missing_quarterly_target_is_an_error() -> None:
    with pytest.raises(cp.CapaianError) as caught:
        cp.capaian_indikator(D(100), {1: D(5), 2: D(6)}, cp.Cara(pembanding="triwulan"), {1: D(10)})
    assert caught.value.tempat == ("target_tw", 2)


def test_realisasi_zero_with_rasio_is_an_error() -> None:
    with pytest.raises(cp.CapaianError) as caught:
        cp.capaian(D(7), D(0), "turun", "rasio")
    assert caught.value.tempat == "realisasi"
    with pytest.raises(cp.CapaianError) as in_quarters:
        cp.capaian_indikator(D(7), {3: D(0)}, cp.Cara(arah="turun", rumus_turun="rasio"))
    assert in_quarters.value.tempat == ("realisasi", 3)
    # selisih has an answer for R = 0: twice the target's worth
    assert cp.capaian(D(7), D(0), "turun", "selisih") == D("200.00")


def test_no_realisasi_is_none_not_zero() -> None:
    assert cp.capaian_indikator(D(95), {}, cp.Cara()) is None


def test_text_off_the_scale_is_an_error() -> None:
    with pytest.raises(cp.CapaianError, match="not on the scale"):
        cp.baca_nilai("Tersedia", SKALA, "target")
    with pytest.raises(cp.CapaianError, match="declare a scale"):
        cp.baca_nilai("WTP", {}, "target")


def test_serapan_of_zero_anggaran_is_an_error() -> None:
    with pytest.raises(cp.CapaianError):
        cp.serapan(0, 0)


# ---- rounding, kategori, efisiensi ---------------------------------------------------------


def test_rounding_is_half_up() -> None:
    assert cp.bulat(D("0.125")) == D("0.13")
    assert cp.bulat(D("2.675")) == D("2.68")  # as a float this is 2.67499…; Decimal keeps it exact
    assert cp.desimal(2.675) == D("2.675")


def test_default_kategori_bands() -> None:
    bands = cp.PRESET_KATEGORI[cp.DEFAULT_KATEGORI]
    assert cp.kategori(D("120.00"), bands) == "Sangat Baik"
    assert cp.kategori(D("101.00"), bands) == "Sangat Baik"
    assert cp.kategori(D("100.50"), bands) == "Sangat Baik"  # above the target: "melampaui target"
    assert cp.kategori(D("100.01"), bands) == "Sangat Baik"
    assert cp.kategori(D("100.00"), bands) == "Baik"
    assert cp.kategori(D("99.99"), bands) == "Cukup"
    assert cp.kategori(D("80.00"), bands) == "Cukup"  # lower bound inclusive
    assert cp.kategori(D("79.99"), bands) == "Kurang"
    assert cp.kategori(D("59.00"), bands) == "Sangat Kurang"
    assert cp.kategori(D("-5.00"), bands) == "Sangat Kurang"  # below every band: the lowest


def test_other_presets() -> None:
    assert cp.kategori(D("91"), cp.PRESET_KATEGORI["permendagri-86-2017"]) == "Sangat Tinggi"
    assert cp.kategori(D("90.99"), cp.PRESET_KATEGORI["permendagri-86-2017"]) == "Tinggi"
    assert cp.kategori(D("85"), cp.PRESET_KATEGORI["lan-2003"]) == "Sangat Berhasil"
    assert cp.kategori(D("54.99"), cp.PRESET_KATEGORI["lan-2003"]) == "Tidak Berhasil"


def test_efisiensi_rule() -> None:
    assert cp.Efisiensi(D("100.70"), D("88.00")).efisien
    assert cp.Efisiensi(D("100.70"), D("88.00")).selisih == D("12.70")
    assert not cp.Efisiensi(D("80.00"), D("95.00")).efisien


def test_range_parsing() -> None:
    assert cp.baca_rentang("6,5–7,5") == cp.Rentang(D("6.5"), D("7.5"))
    assert cp.baca_rentang("8—7") == cp.Rentang(D(7), D(8))
    assert cp.baca_rentang("WTP") is None
    assert cp.baca_rentang("-7") is None


# ---- properties ----------------------------------------------------------------------------

_POSITIVE = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
_ANY = st.decimals(min_value=D("0"), max_value=D("100000"), places=2)


@given(_POSITIVE, _ANY, _ANY)
def test_naik_is_monotone_in_r(target: Decimal, r1: Decimal, r2: Decimal) -> None:
    low, high = sorted((r1, r2))
    assert cp.capaian(target, low, "naik") <= cp.capaian(target, high, "naik")


@given(_POSITIVE, _ANY, _ANY, st.sampled_from(["selisih", "rasio"]))
def test_turun_is_monotone_reversed(target: Decimal, r1: Decimal, r2: Decimal, rumus: cp.RumusTurun) -> None:
    low, high = sorted((r1, r2))
    if rumus == "rasio" and low == 0:
        low = D("0.01")
        high = max(high, low)
    assert cp.capaian(target, low, "turun", rumus) >= cp.capaian(target, high, "turun", rumus)


@given(_POSITIVE, _POSITIVE, _ANY, _ANY, st.sampled_from(["naik", "turun"]))
def test_ranges_are_monotone(a: Decimal, b: Decimal, r1: Decimal, r2: Decimal, arah: cp.Arah) -> None:
    rentang = cp.Rentang(min(a, b), max(a, b))
    low, high = sorted((r1, r2))
    first, second = cp.capaian(rentang, low, arah), cp.capaian(rentang, high, arah)
    assert first <= second if arah == "naik" else first >= second


_SASARAN = st.tuples(st.integers(1, 10**13), st.integers(0, 10**13))  # (anggaran, realisasi)


@given(st.lists(st.lists(_SASARAN, min_size=1, max_size=5), min_size=1))
def test_program_serapan_sums_to_the_total(programs: list[list[tuple[int, int]]]) -> None:
    """Per program the sums of its sasaran; the sum over programs is the total's, in rupiah."""
    from rkt_cli.realisasi import SerapanBaris, jumlah_serapan

    program_rows = []
    for sasaran in programs:
        rows = [SerapanBaris("s", a, r, True, cp.serapan(a, r)) for a, r in sasaran]
        program_rows.append(jumlah_serapan("p", rows))
    every = [SerapanBaris("s", a, r, True, cp.serapan(a, r)) for sasaran in programs for a, r in sasaran]
    total = jumlah_serapan("Total", every)
    assert sum(p.anggaran for p in program_rows) == total.anggaran
    assert sum(p.realisasi for p in program_rows) == total.realisasi
    assert total.serapan == cp.serapan(total.anggaran, total.realisasi)
