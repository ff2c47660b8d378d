"""Capaian kinerja and serapan anggaran: pure formulas over Decimal, no I/O.

Every e-SAKIP application computes these a little differently; here each formula is one
function, named after the rule it implements, with its source in the docstring. Sources:

- PermenPAN-RB 53/2014 (Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara
  Reviu atas LKjIP), Lampiran, format of the LKj: Bab III reports per indikator target,
  realisasi and capaian, and asks for "analisis atas efisiensi penggunaan sumber daya".
- PermenPAN-RB 8/2021 (Sistem Manajemen Kinerja PNS), Lampiran Bab VI.A.1: capaian of an
  indikator "dengan kondisi normal" (higher is better) = realisasi / target × 100%, "dengan
  kondisi khusus" (lower is better) = (1 + (1 − realisasi / target)) × 100%, a range target
  compared through its upper bound when the realisasi is above it and its lower bound when below,
  and the categories Sangat Baik / Baik / Cukup / Kurang / Sangat Kurang.
  LKjIP practice takes these over for the indikator of an instansi.

Numbers are Decimal from the start (a YAML float goes through its shortest text, `6.5` →
Decimal("6.5"), never through its binary value), and only the final percentage is rounded,
half up, to two places. A computation that cannot be made (a target of 0, a realisasi of 0 under
the `rasio` rule, a text value off the scale) raises CapaianError naming the value at fault;
nothing is ever divided by zero or silently taken as 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Arah = Literal["naik", "turun"]
RumusTurun = Literal["selisih", "rasio"]
Akumulasi = Literal["kumulatif", "nilai_akhir", "rata_rata"]
Pembanding = Literal["tahunan", "triwulan"]
Batas = Literal[100, 120]

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
TRIWULAN = (1, 2, 3, 4)

# Where a CapaianError points: "target", "realisasi", or ("target_tw" | "realisasi", quarter).
Tempat = str | tuple[str, int]


class CapaianError(ValueError):
    """A capaian that cannot be computed, and the value at fault (see Tempat)."""

    def __init__(self, message: str, tempat: Tempat) -> None:
        super().__init__(message)
        self.message = message
        self.tempat = tempat


@dataclass(frozen=True)
class Rentang:
    """A range target such as "7–8": `bawah` ≤ `atas`."""

    bawah: Decimal
    atas: Decimal


Nilai = Decimal | Rentang

# "7–8", "7-8", "7 - 8", "80 – 90", "6,5–7,5": two numbers and a hyphen, en dash or em dash.
_RENTANG = re.compile(r"^(\d+(?:[.,]\d+)?)\s?[-\u2013\u2014]\s?(\d+(?:[.,]\d+)?)$")


def desimal(value: int | float | str | Decimal) -> Decimal:
    """A YAML number as Decimal: an int exactly, a float through its shortest text (6.5, not
    6.5000000000000000001), a text with a decimal comma or point ("6,5")."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(value.strip().replace(",", "."))


def baca_rentang(text: str) -> Rentang | None:
    """ "7–8" → Rentang(7, 8); None when the text is not a range. A range written high–low is
    read low–high: "8–7" means the same interval."""
    match = _RENTANG.match(text.strip())
    if match is None:
        return None
    low, high = sorted((desimal(match.group(1)), desimal(match.group(2))))
    return Rentang(low, high)


def nilai_skala(text: str, skala: Mapping[str, Decimal], tempat: Tempat) -> Decimal:
    """A text value ("WTP") through the scale the realisasi file declares (WTP 4, WDP 3, TW 2,
    TMP 1): compared without regard to case and surrounding spaces."""
    wanted = " ".join(text.split()).casefold()
    for label, number in skala.items():
        if " ".join(label.split()).casefold() == wanted:
            return number
    if not skala:
        raise CapaianError(f"{text!r} is text: declare a scale under pengaturan.skala (e.g. WTP: 4)", tempat)
    raise CapaianError(f"{text!r} is not on the scale ({', '.join(skala)})", tempat)


def baca_nilai(value: int | float | str, skala: Mapping[str, Decimal], tempat: Tempat) -> Nilai:
    """A target or realisasi as written: a number, a range ("7–8"), or a label on the scale."""
    if isinstance(value, (int, float)):
        return desimal(value)
    rentang = baca_rentang(value)
    if rentang is not None:
        return rentang
    return nilai_skala(value, skala, tempat)


def bulat(value: Decimal) -> Decimal:
    """Half-up to two places (94.736… → 94.74, 0.125 → 0.13): the rounding people do by hand;
    Python's default (half-even) would give 0.12."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def persen(value: Decimal) -> str:
    """Decimal("94.74") → "94,74%": two places and the Indonesian decimal comma."""
    return f"{bulat(value):.2f}".replace(".", ",") + "%"


def _target_bukan_nol(target: Decimal, tempat: Tempat) -> None:
    if target == 0:
        raise CapaianError("the target is 0: capaian (realisasi against target) cannot be computed", tempat)


def capaian_naik(target: Decimal, realisasi: Decimal) -> Decimal:
    """Higher is better ("kondisi normal", PermenPAN-RB 8/2021 Lampiran VI.A.1.b.1.e):
    C = R / T × 100. Unrounded."""
    _target_bukan_nol(target, "target")
    return realisasi / target * HUNDRED


def capaian_turun_selisih(target: Decimal, realisasi: Decimal) -> Decimal:
    """Lower is better, the regulation's own formula ("kondisi khusus", PermenPAN-RB 8/2021
    Lampiran VI.A.1.b.1.g): C = (1 + (1 − R / T)) × 100 = (2T − R) / T × 100. Unrounded; below 0
    when R is more than twice T, and shown so."""
    _target_bukan_nol(target, "target")
    return (2 * target - realisasi) / target * HUNDRED


def capaian_turun_rasio(target: Decimal, realisasi: Decimal) -> Decimal:
    """Lower is better, the ratio many LKjIP use instead: C = T / R × 100. Unrounded. R = 0
    (the best possible result) has no ratio: an error rather than an infinite capaian."""
    if realisasi == 0:
        raise CapaianError(
            "the realisasi is 0: the `rasio` formula (T / R) cannot be computed; use `selisih`", "realisasi"
        )
    _target_bukan_nol(target, "target")
    return target / realisasi * HUNDRED


def capaian(
    target: Nilai,
    realisasi: Decimal,
    arah: Arah = "naik",
    rumus_turun: RumusTurun = "selisih",
    batas: Batas | None = None,
) -> Decimal:
    """The capaian of one value against one target, rounded half up to two places.

    A range target (PermenPAN-RB 8/2021 Lampiran VI.A.1.b.1.e, "Keterangan"): a realisasi inside
    the range is 100; above it, the formula uses the upper bound; below it, the lower bound.
    `batas` caps the result (100 or 120; None: no cap).
    """
    if isinstance(target, Rentang):
        if target.bawah <= realisasi <= target.atas:
            hasil = HUNDRED
        else:
            bound = target.atas if realisasi > target.atas else target.bawah
            hasil = _rumus(bound, realisasi, arah, rumus_turun)
    else:
        hasil = _rumus(target, realisasi, arah, rumus_turun)
    if batas is not None:
        hasil = min(hasil, Decimal(batas))
    return bulat(hasil)


def _rumus(target: Decimal, realisasi: Decimal, arah: Arah, rumus_turun: RumusTurun) -> Decimal:
    if arah == "naik":
        return capaian_naik(target, realisasi)
    if rumus_turun == "rasio":
        return capaian_turun_rasio(target, realisasi)
    return capaian_turun_selisih(target, realisasi)


@dataclass(frozen=True)
class Cara:
    """How one indikator's capaian is computed (each has a default in the realisasi file)."""

    arah: Arah = "naik"
    akumulasi: Akumulasi = "nilai_akhir"
    rumus_turun: RumusTurun = "selisih"
    pembanding: Pembanding = "tahunan"
    batas: Batas | None = None


def gabung(values: Sequence[Decimal], akumulasi: Akumulasi) -> Decimal:
    """Quarterly values as one: `kumulatif` their sum, `nilai_akhir` the last, `rata_rata` the
    mean. `values` are in quarter order and not empty."""
    if akumulasi == "kumulatif":
        return sum(values, Decimal(0))
    if akumulasi == "rata_rata":
        return sum(values, Decimal(0)) / len(values)
    return values[-1]


def capaian_indikator(
    target_tahunan: Nilai,
    realisasi: Mapping[int, Decimal],
    cara: Cara,
    target_tw: Mapping[int, Decimal] | None = None,
) -> Decimal | None:
    """The capaian of an indikator from its quarterly realisasi; None when no quarter is reported
    ("belum ada realisasi"), never 0.

    The reported quarters (keys 1–4 of `realisasi`) combine by `cara.akumulasi`. They are compared
    with the annual target (`pembanding: tahunan`), or with the quarterly targets of the same
    quarters combined the same way (`triwulan`): kumulatif sums the targets of the quarters
    reported, nilai_akhir takes the target of the last one, rata_rata their mean.
    """
    quarters = sorted(realisasi)
    if not quarters:
        return None
    r = gabung([realisasi[q] for q in quarters], cara.akumulasi)
    if cara.pembanding == "tahunan":
        t: Nilai = target_tahunan
        if isinstance(t, Decimal):
            _target_bukan_nol(t, "target")
    else:
        targets = target_tw or {}
        for q in quarters:
            if q not in targets:
                raise CapaianError(
                    f"no target for tw{q}, which has a realisasi (pembanding: triwulan)", ("target_tw", q)
                )
        t = gabung([targets[q] for q in quarters], cara.akumulasi)
        if t == 0:
            zero = next((q for q in quarters if targets[q] == 0), quarters[-1])
            raise CapaianError(
                "the quarterly target is 0: capaian (realisasi against target) cannot be computed", ("target_tw", zero)
            )
    try:
        return capaian(t, r, cara.arah, cara.rumus_turun, cara.batas)
    except CapaianError as exc:
        if exc.tempat == "realisasi":
            raise CapaianError(exc.message, ("realisasi", quarters[-1])) from None
        raise


# Kategori: bands by their lower bound (inclusive), highest first.
Pita = tuple[Decimal, str]


def _pita(*bands: tuple[str, str]) -> tuple[Pita, ...]:
    return tuple((Decimal(low), name) for low, name in bands)


# Named presets. The default is the regulation in force for capaian of an indikator.
PRESET_KATEGORI: dict[str, tuple[Pita, ...]] = {
    # PermenPAN-RB 8/2021, Lampiran Bab VI.A.1.b (penilaian SKP, pages "- 91 -" to "- 93 -"):
    # the nilai capaian IKI per kategori of capaian IKI: Sangat Baik 101%–110% (above 110% still
    # Sangat Baik, its nilai capped at 120), Baik 100%, Cukup 80%–99%, Kurang 60%–79%, Sangat
    # Kurang up to 59%. Those are whole percents; a capaian has two places, so the gaps are
    # closed by the regulation's own meaning of the levels (Lampiran page "- 40 -", Keterangan of
    # the level table): "baik" is the level that states the target, "sangat baik" is "melampaui
    # target". So Sangat Baik is any capaian above 100, i.e. from 100,01 (capaian are rounded to
    # two places first), not from 101 as this preset had it: 100,50% exceeds the target. Below
    # a band's whole-percent lower bound is the band below (99,50% Cukup, 59,50% Sangat Kurang).
    # Read in a copy of the Salinan: online.flipbuilder.com/vajnr/eqrv, pages 42 and 99–101.
    "permenpan-8-2021": _pita(
        ("100.01", "Sangat Baik"), ("100", "Baik"), ("80", "Cukup"), ("60", "Kurang"), ("0", "Sangat Kurang")
    ),
    # Permendagri 86/2017, Lampiran (evaluasi hasil RKPD, kriteria tingkat capaian kinerja):
    # ≥91 Sangat Tinggi, 76–90 Tinggi, 66–75 Sedang, 51–65 Rendah, ≤50 Sangat Rendah.
    "permendagri-86-2017": _pita(
        ("91", "Sangat Tinggi"), ("76", "Tinggi"), ("66", "Sedang"), ("51", "Rendah"), ("0", "Sangat Rendah")
    ),
    # The scale of the LAN pedoman for LAKIP (Keputusan Kepala LAN 239/IX/6/8/2003) as quoted in
    # many LKjIP: ≥85 Sangat Berhasil, 70–85 Berhasil, 55–70 Cukup Berhasil, <55 Tidak Berhasil.
    "lan-2003": _pita(("85", "Sangat Berhasil"), ("70", "Berhasil"), ("55", "Cukup Berhasil"), ("0", "Tidak Berhasil")),
}
DEFAULT_KATEGORI = "permenpan-8-2021"


def kategori(nilai: Decimal, pita: Sequence[Pita]) -> str:
    """The name of the highest band whose lower bound (inclusive) `nilai` reaches; a capaian
    below every lower bound (a negative `selisih`) is in the lowest band."""
    ordered = sorted(pita, key=lambda band: band[0], reverse=True)
    for low, name in ordered:
        if nilai >= low:
            return name
    return ordered[-1][1]


def serapan(anggaran: int, realisasi: int) -> Decimal:
    """Serapan anggaran = realisasi anggaran / anggaran × 100, rounded half up to two places
    (the budget-absorption figure of the LKj, PermenPAN-RB 53/2014 Lampiran, Bab III). Whole
    rupiah in, so the division is exact before rounding."""
    if anggaran == 0:
        raise CapaianError("the anggaran is 0: serapan cannot be computed", "anggaran")
    return bulat(Decimal(realisasi) / Decimal(anggaran) * HUNDRED)


EFISIENSI_RULE = "capaian ≥ serapan"


@dataclass(frozen=True)
class Efisiensi:
    """The efisiensi comparison by the rule "capaian ≥ serapan": a sasaran whose capaian
    (the mean of its indikator's) is at least its serapan anggaran used its budget efficiently
    (as much result per rupiah as planned, or more). This is the reading most LKjIP give to the
    "analisis atas efisiensi penggunaan sumber daya" that PermenPAN-RB 53/2014 asks for in Bab
    III; the regulation itself names no formula. `selisih` = capaian − serapan, in points."""

    capaian: Decimal
    serapan: Decimal

    @property
    def selisih(self) -> Decimal:
        return bulat(self.capaian - self.serapan)

    @property
    def efisien(self) -> bool:
        return self.capaian >= self.serapan


def rata_rata(values: Sequence[Decimal]) -> Decimal | None:
    """The mean of capaian values, rounded half up; None for no values."""
    if not values:
        return None
    return bulat(sum(values, Decimal(0)) / len(values))
