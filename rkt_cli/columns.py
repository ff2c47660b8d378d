"""What each table column shows on each row: the template's `isi` turned into cell text.

Columns from any field of an indikator or its sasaran (`satuan`, `keterangan`, `kode`, the
document's own extra columns `tambahan.NAME`), labels that restart per sasaran (`penomoran`:
a., b. / 1., 2. / 1.1), targets and numbers with the template's decimal separator and percent
form, and the texts of group rows (a full-width row per program or sasaran).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Literal

from rkt_cli.formatting import format_number, format_target
from rkt_cli.model import PERCENT, Indikator
from rkt_cli.template_spec import Kolom, Tabel
from rkt_cli.walk import IndikatorAt

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

# Fields that depend on the sasaran only: computed once per sasaran, not once per row
# (formatting an anggaran 40,000 times instead of once per sasaran is measurable at that size).
PER_SASARAN = frozenset({"nomor", "program", "sasaran", "sasaran_nama", "kode", "anggaran"})


def is_known_field(isi: str) -> bool:
    """Whether a column's `isi` names something a row has (tambahan.NAME: any NAME here; the
    document must declare it, which rendering checks)."""
    return isi in FIELDS or (isi.startswith(EXTRA_PREFIX) and isi[len(EXTRA_PREFIX) :].isidentifier())


def percent_text(number: str, form: str) -> str:
    """ "98" → "98%" or "98 %", as tabel.bentuk_persen says."""
    return number + (" %" if form == "98 %" else "%")


def target_text(indikator: Indikator, tabel: Tabel) -> str:
    """The target as printed: "95", "95%", "20 orang", "WTP", as tabel.target_dengan_satuan says."""
    text = format_target(indikator.target, tabel.pemisah_desimal)
    satuan = indikator.effective_satuan
    with_satuan = tabel.target_dengan_satuan
    if not with_satuan or not satuan:
        return text
    if satuan == PERCENT:
        # bukan_persen: a bare number means percent in an RKT table, as in the signed 2024 one.
        return text if with_satuan == "bukan_persen" else percent_text(text, tabel.bentuk_persen)
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


def cell_function(kolom: Kolom, tabel: Tabel) -> Callable[[IndikatorAt], str]:
    """The text of this column for one row."""
    separator = tabel.pemisah_ribuan
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
