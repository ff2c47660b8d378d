"""The capaian side of a table row: what an LKj or rencana-aksi template column can show.

A template walks the RKT (rkt_cli.walk) and asks, per row, for the values of its columns. The
capaian report (rkt_cli.realisasi.Laporan) holds them per indikator and per sasaran; this module
matches the two through the row's place in the document (IndikatorAt.number, SasaranAt.number,
the program's index) and hands each value both as people read it (text: "94,74%", "6,5",
"Rp 822.654.000", "belum ada realisasi") and as a number where there is one (Decimal, int), so
a column may print one and sort or total by the other. Nothing here computes a capaian: the
numbers are the report's, so a template and `rkt capaian` can never disagree.

    rows = CapaianRows(laporan)
    for row in walk_indikator(rkt):
        values = rows.indikator(row)        # NilaiIndikator
        values.capaian, values.kategori, values.realisasi_tw[2]
    rows.sasaran(at).serapan                # NilaiSerapan of a sasaran
    rows.program(0).serapan, rows.total().serapan
    rows.efisiensi(at)                      # NilaiEfisiensi | None
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from rkt_cli import capaian as cp
from rkt_cli.formatting import format_rupiah
from rkt_cli.realisasi import (
    BELUM_ADA_REALISASI,
    BELUM_LENGKAP,
    TANPA_ANGGARAN,
    BarisCapaian,
    Laporan,
    SasaranCapaian,
    SerapanBaris,
    serapan_status,
    shown,
)
from rkt_cli.walk import IndikatorAt, SasaranAt

__all__ = ["BELUM_ADA_REALISASI", "BELUM_LENGKAP", "TANPA_ANGGARAN", "CapaianRows", "NilaiIndikator", "NilaiSerapan"]


@dataclass(frozen=True)
class NilaiIndikator:
    """The capaian-side values of one indikator row, each as text ("" where there is none)."""

    target: str  # the annual target as written in the RKT, decimal comma: "95", "6,5", "7–8"
    target_tw: dict[int, str]  # {1: "25", 2: "50", …}: the quarterly targets, every quarter 1–4
    realisasi_tw: dict[int, str]  # {1: "23", …}: the realisasi per quarter, every quarter 1–4
    realisasi: str  # the quarters reported, combined by the indikator's akumulasi: the R
    realisasi_angka: Decimal | None
    capaian: str  # "94,74%", or "belum ada realisasi"
    capaian_angka: Decimal | None
    kategori: str
    penghambat: str
    upaya: str


@dataclass(frozen=True)
class NilaiSerapan:
    """Anggaran, realisasi anggaran and serapan of a sasaran, a program or the total."""

    anggaran: str  # "Rp 822.654.000", "" when the RKT gives no anggaran
    anggaran_angka: int | None
    realisasi: str  # "Rp 781.521.300", "" before any report
    realisasi_angka: int | None  # None: nothing reported yet
    serapan: str  # "95,00%", or why there is none: "belum ada realisasi", "belum lengkap", "RKT tanpa anggaran"
    serapan_angka: Decimal | None


@dataclass(frozen=True)
class NilaiEfisiensi:
    """The efisiensi of a sasaran by the rule `capaian ≥ serapan` (rkt_cli.capaian.Efisiensi)."""

    aturan: str  # the rule's name, for a footnote: "capaian ≥ serapan"
    capaian: str  # the sasaran's mean capaian, "98,95%"
    serapan: str  # "95,00%"
    selisih: str  # capaian − serapan in points, "+3,95"
    selisih_angka: Decimal
    efisien: bool
    teks: str  # "efisien" or "tidak efisien"


@dataclass(frozen=True)
class NilaiSasaran:
    """A sasaran's values: its mean capaian (when every indikator has one) and its serapan."""

    capaian_rata_rata: str  # "98,95%", or "" while an indikator has no capaian
    capaian_rata_rata_angka: Decimal | None
    serapan: NilaiSerapan


@dataclass(frozen=True)
class NilaiProgram:
    serapan: NilaiSerapan


def _teks(value: int | float | str | None) -> str:
    return "" if value is None else shown(value)


def _angka_teks(value: Decimal | None) -> str:
    """A combined realisasi as people read it: 6.5 → "6,5", a mean 15.333… → "15,33"."""
    if value is None:
        return ""
    if value != value.quantize(cp.CENT):
        value = cp.bulat(value)
    return f"{value.normalize():f}".replace(".", ",")


def nilai_indikator(baris: BarisCapaian) -> NilaiIndikator:
    """The values of one indikator of the report."""
    return NilaiIndikator(
        target=shown(baris.target),
        target_tw={q: _teks(baris.target_tw.get(q)) for q in cp.TRIWULAN},
        realisasi_tw={q: _teks(baris.realisasi.get(q)) for q in cp.TRIWULAN},
        realisasi=_angka_teks(baris.realisasi_gabungan),
        realisasi_angka=baris.realisasi_gabungan,
        capaian=BELUM_ADA_REALISASI if baris.capaian is None else cp.persen(baris.capaian),
        capaian_angka=baris.capaian,
        kategori=baris.kategori or "",
        penghambat=baris.penghambat or "",
        upaya=baris.upaya or "",
    )


def nilai_serapan(row: SerapanBaris) -> NilaiSerapan:
    """The serapan values of a sasaran, program or total row of the report."""
    reported = row.lengkap or row.realisasi > 0
    return NilaiSerapan(
        anggaran="" if row.anggaran is None else format_rupiah(row.anggaran),
        anggaran_angka=row.anggaran,
        realisasi=format_rupiah(row.realisasi) if reported else "",
        realisasi_angka=row.realisasi if reported else None,
        serapan=serapan_status(row) or cp.persen(row.serapan or Decimal(0)),
        serapan_angka=row.serapan,
    )


def _points(value: Decimal) -> str:
    return f"{value:+.2f}".replace(".", ",")


class CapaianRows:
    """The report's values looked up by a row's place in the walked RKT.

    The report must be of the same RKT the rows are walked from (the laporan of
    rkt_cli.realisasi.check_realisasi for that model): rows are matched by number, not by text.
    """

    def __init__(self, laporan: Laporan, rencana: Laporan | None = None) -> None:
        """`rencana`: the same file's report for the whole year (sampai 4), whose quarterly
        targets are the plan: a rencana aksi sheet up to TW2 still shows those of TW3 and TW4.
        Without it, the quarterly targets are those up to `laporan.sampai`, as the report's."""
        self.laporan = laporan
        self._sasaran: dict[int, SasaranCapaian] = {s.nomor: s for s in laporan.sasaran}
        self._baris: dict[int, BarisCapaian] = {b.nomor: b for s in laporan.sasaran for b in s.baris}
        self._rencana: dict[int, dict[int, int | float | str]] = (
            {} if rencana is None else {b.nomor: b.target_tw for s in rencana.sasaran for b in s.baris}
        )

    def indikator(self, row: IndikatorAt) -> NilaiIndikator:
        """The values of the indikator at `row`; KeyError when the report has no such row."""
        values = nilai_indikator(self._baris[row.number])
        planned = self._rencana.get(row.number)
        if planned:
            values = replace(values, target_tw={q: _teks(planned.get(q)) for q in cp.TRIWULAN})
        return values

    def sasaran(self, at: SasaranAt) -> NilaiSasaran:
        found = self._sasaran[at.number]
        mean = found.capaian_rata_rata
        return NilaiSasaran(
            capaian_rata_rata="" if mean is None else cp.persen(mean),
            capaian_rata_rata_angka=mean,
            serapan=nilai_serapan(found.serapan),
        )

    def program(self, program_index: int) -> NilaiProgram:
        """The serapan of the program at `program_index` (0-based, as SasaranAt.program_index)."""
        return NilaiProgram(nilai_serapan(self.laporan.program[program_index]))

    def total(self) -> NilaiProgram:
        return NilaiProgram(nilai_serapan(self.laporan.total))

    def efisiensi(self, at: SasaranAt) -> NilaiEfisiensi | None:
        """None until the sasaran has both a mean capaian and a serapan."""
        efisiensi = self._sasaran[at.number].efisiensi
        if efisiensi is None:
            return None
        return NilaiEfisiensi(
            aturan=cp.EFISIENSI_RULE,
            capaian=cp.persen(efisiensi.capaian),
            serapan=cp.persen(efisiensi.serapan),
            selisih=_points(efisiensi.selisih),
            selisih_angka=efisiensi.selisih,
            efisien=efisiensi.efisien,
            teks="efisien" if efisiensi.efisien else "tidak efisien",
        )
