"""What each table column shows on each row: the template's `isi` turned into cell text.

Columns from any field of an indikator or its sasaran (`satuan`, `keterangan`, `kode`, the
document's own extra columns `tambahan.NAME`), labels that restart per sasaran (`penomoran`:
a., b. / 1., 2. / 1.1), targets and numbers with the template's decimal separator and percent
form, and the texts of group rows (a full-width row per program or sasaran). With a realisasi
file (`rkt render --realisasi`), the capaian side of a row too: the realisasi, capaian and
kategori, the quarterly targets and realisasi, the notes (CAPAIAN_FIELDS), each the text
rkt_cli.capaian_rows gives, never computed here.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from rkt_cli.formatting import format_number, format_target
from rkt_cli.model import Indikator
from rkt_cli.model_values import PERCENT
from rkt_cli.template_spec import Kolom, Tabel
from rkt_cli.walk import IndikatorAt

if TYPE_CHECKING:
    from rkt_cli.capaian_rows import CapaianRows, NilaiIndikator

# What a column can show (besides tambahan.NAME, an extra column the document declares).
FIELDS = (
    "nomor",  # running number of the sasaran (1, 2, …)
    "nomor_indikator",  # the indikator's number: running, or restarting per sasaran (penomoran)
    "program",
    "sasaran",  # nama with its kode: "Pembentukan Badan Adhoc (6867)"
    "sasaran_nama",
    "kode",
    "indikator",
    "target",  # with or without its satuan, as tabel.target_dengan_satuan says
    "satuan",
    "kegiatan",
    "anggaran",  # of the sasaran, with the template's thousands separator
    "pelaksana",
    "keterangan",
)
EXTRA_PREFIX = "tambahan."

# What a column can show of the realisasi file: these need `rkt render --realisasi`.
QUARTERS = (1, 2, 3, 4)
CAPAIAN_FIELDS = (
    "realisasi",  # the quarters reported up to --sampai, combined as the indikator says: the R
    "capaian",  # "94,74%", or "belum ada realisasi"
    "kategori",
    *(f"target_tw{q}" for q in QUARTERS),  # the quarterly targets (rencana aksi)
    *(f"realisasi_tw{q}" for q in QUARTERS),
    "penghambat",
    "upaya",
)
# The text of a quarter, or a kategori, that has no value (yet): a dash, never a blank cell
# that reads as forgotten, nor a 0 that reads as a value.
NO_VALUE = "-"
# The realisasi and capaian of an indikator with no realisasi up to --sampai.
BELUM_ADA_REALISASI = "belum ada realisasi"


class NeedsRealisasi(ValueError):
    """A column or part shows capaian values but no realisasi report was given."""


# Fields that depend on the sasaran only: computed once per sasaran, not once per row
# (formatting an anggaran 40,000 times instead of once per sasaran is measurable at that size).
PER_SASARAN = frozenset({"nomor", "program", "sasaran", "sasaran_nama", "kode", "anggaran"})


def is_known_field(isi: str) -> bool:
    """Whether a column's `isi` names something a row has (tambahan.NAME: any NAME here; the
    document must declare it, which rendering checks)."""
    return (
        isi in FIELDS
        or isi in CAPAIAN_FIELDS
        or (isi.startswith(EXTRA_PREFIX) and isi[len(EXTRA_PREFIX) :].isidentifier())
    )


def percent_text(number: str, form: str) -> str:
    """ "98" → "98%" or "98 %", as tabel.bentuk_persen says."""
    return number + (" %" if form == "98 %" else "%")


def target_text(indikator: Indikator, tabel: Tabel) -> str:
    """The target as printed: "95", "95%", "20 orang", "WTP", as tabel.target_dengan_satuan says."""
    return with_satuan(format_target(indikator.target, tabel.pemisah_desimal), indikator, tabel)


def with_satuan(text: str, indikator: Indikator, tabel: Tabel) -> str:
    """A number of the indikator (its target, its realisasi) with its satuan, as
    tabel.target_dengan_satuan says: "95", "95%", "20 orang"."""
    satuan = indikator.effective_satuan
    mode = tabel.target_dengan_satuan
    if not mode or not satuan:
        return text
    if satuan == PERCENT:
        # bukan_persen: a bare number means percent in an RKT table, as in the signed 2024 one.
        return text if mode == "bukan_persen" else percent_text(text, tabel.bentuk_persen)
    return f"{text} {satuan}"


def label(number: int, style: Literal["berlanjut", "angka", "huruf", "bertingkat"], row: IndikatorAt) -> str:
    """An indikator's label: its running number (berlanjut, "7"), or its place in its sasaran:
    "1.", "a.", or "3.1" (the sasaran's number, then the indikator's)."""
    within = row.indikator_index + 1
    if style == "angka":
        return f"{within}."
    if style == "huruf":
        return _letters(within) + "."
    if style == "bertingkat":
        return f"{row.sasaran_at.number}.{within}"
    return str(number)


def _letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa: as Word numbers a list past z."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def _extra_text(value: object, tabel: Tabel) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value, tabel.pemisah_ribuan)
    if isinstance(value, float):
        return format_target(value, tabel.pemisah_desimal)
    return str(value)


def shows_capaian(isi: str) -> bool:
    """Whether a column's `isi` is a value of the realisasi file (it needs --realisasi)."""
    return isi in CAPAIAN_FIELDS


def cell_function(kolom: Kolom, tabel: Tabel, capaian: CapaianRows | None = None) -> Callable[[IndikatorAt], str]:
    """The text of this column for one row; `capaian`: the realisasi report's values, which a
    column of CAPAIAN_FIELDS shows (NeedsRealisasi without it)."""
    separator = tabel.pemisah_ribuan
    if kolom.isi in CAPAIAN_FIELDS:
        if capaian is None:
            raise NeedsRealisasi(f"column {kolom.isi!r} shows the realisasi file's values; none was given")
        return _capaian_function(kolom, tabel, capaian)
    if kolom.isi.startswith(EXTRA_PREFIX):
        name = kolom.isi[len(EXTRA_PREFIX) :]
        return lambda r: _prefixed(kolom.awalan, _extra_text(r.indikator.tambahan.get(name), tabel))
    penomoran = kolom.penomoran
    functions: dict[str, Callable[[IndikatorAt], str]] = {
        "nomor": lambda r: str(r.sasaran_at.number),
        "nomor_indikator": lambda r: label(r.number, penomoran, r),
        "program": lambda r: r.program.nama if r.program is not None else "",
        "sasaran": lambda r: f"{r.sasaran.nama} ({r.sasaran.kode})" if r.sasaran.kode else r.sasaran.nama,
        "sasaran_nama": lambda r: r.sasaran.nama,
        "kode": lambda r: r.sasaran.kode or "",
        "indikator": lambda r: r.indikator.uraian,
        "target": lambda r: target_text(r.indikator, tabel),
        "satuan": lambda r: r.indikator.effective_satuan or "",
        "kegiatan": lambda r: r.indikator.kegiatan or "",
        "anggaran": lambda r: _amount(r.sasaran.anggaran, separator),
        "pelaksana": lambda r: r.pelaksana or "",
        "keterangan": lambda r: r.indikator.keterangan or "",
    }
    function = functions[kolom.isi]
    if kolom.awalan:
        plain = function
        function = lambda r: _prefixed(kolom.awalan, plain(r))  # noqa: E731
    if kolom.isi in PER_SASARAN:
        return _once_per_sasaran(function)
    return function


def _capaian_function(kolom: Kolom, tabel: Tabel, rows: CapaianRows) -> Callable[[IndikatorAt], str]:
    """A column of CAPAIAN_FIELDS: the report's text for the row (numbers with the template's
    decimal separator; the realisasi with the target's satuan, as tabel.target_dengan_satuan says)."""
    isi = kolom.isi
    decimal = tabel.pemisah_desimal

    def number(text: str) -> str:
        return text.replace(",", ".") if decimal == "." else text

    def text_of(row: IndikatorAt, values: NilaiIndikator) -> str:
        if isi == "capaian":
            return number(values.capaian)
        if isi == "kategori":
            return values.kategori or NO_VALUE
        if isi == "realisasi":
            return _realisasi_text(row, values, tabel, number)
        if isi in ("penghambat", "upaya"):
            return values.penghambat if isi == "penghambat" else values.upaya
        quarter = int(isi[-1])
        by_quarter = values.target_tw if isi.startswith("target_tw") else values.realisasi_tw
        return number(by_quarter[quarter]) or NO_VALUE

    def cell(row: IndikatorAt) -> str:
        return _prefixed(kolom.awalan, text_of(row, rows.indikator(row)))

    return cell


def _realisasi_text(row: IndikatorAt, values: NilaiIndikator, tabel: Tabel, number: Callable[[str], str]) -> str:
    """The R the capaian compares with the target, written as the target is: "100" or "100%",
    "12 laporan"; for a text target (WTP), the last quarter reported, as written."""
    if not values.realisasi:
        return BELUM_ADA_REALISASI
    if isinstance(row.indikator.target, str):
        reported = [values.realisasi_tw[q] for q in QUARTERS if values.realisasi_tw[q]]
        return reported[-1] if reported else BELUM_ADA_REALISASI
    return with_satuan(number(values.realisasi), row.indikator, tabel)


def _prefixed(prefix: str, text: str) -> str:
    return prefix + text if text else text


def _amount(value: int | None, separator: str) -> str:
    return "" if value is None else format_number(value, separator)


def _once_per_sasaran(function: Callable[[IndikatorAt], str]) -> Callable[[IndikatorAt], str]:
    cache: dict[int, str] = {}

    def cached(row: IndikatorAt) -> str:
        number = row.sasaran_at.number
        text = cache.get(number)
        if text is None:
            text = cache[number] = function(row)
        return text

    return cached


def numbering_row(tabel: Tabel) -> tuple[str, ...] | None:
    """The row under the headers: 1 2 3 … (true), (1) (2) … (kurung), the template's own texts
    (a list), or None (false)."""
    count = len(tabel.kolom)
    given = tabel.baris_nomor
    if given is False:
        return None
    if given is True:
        return tuple(str(i) for i in range(1, count + 1))
    if given == "kurung":
        return tuple(f"({i})" for i in range(1, count + 1))
    return tuple(given)


def group_context(row: IndikatorAt, tabel: Tabel) -> dict[str, object]:
    """What a group row's wording may use: the program's and the sasaran's fields."""
    sasaran = row.sasaran
    program = row.program
    return {
        "program": program.nama if program is not None else "",
        "nomor_program": "" if row.sasaran_at.program_index is None else row.sasaran_at.program_index + 1,
        "sasaran": sasaran.nama,
        "kode": sasaran.kode or "",
        "nomor": row.sasaran_at.number,
        "anggaran": _amount(sasaran.anggaran, tabel.pemisah_ribuan),
        "anggaran_program": _amount(program.anggaran, tabel.pemisah_ribuan) if program is not None else "",
    }
