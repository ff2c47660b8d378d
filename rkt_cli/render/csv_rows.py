"""The RKT as CSV: one row per indikator, its sasaran's columns repeated on every row, plain numbers.

A flat table for scripts and spreadsheets, not the printed layout: no merges, no template.
A field the document carries nowhere (a PK's program, kode, anggaran, kegiatan) has no column;
keterangan and the document's extra columns (`tambahan.NAME`) follow when it has them.
Numbers are plain (`822654000`, `87.5`), texts exactly as in the YAML except that a text a
spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading
apostrophe (summary.py's guard, shared so both CSVs guard alike).

The text starts with a UTF-8 byte order mark: Excel on Windows reads a CSV without one in the
local ANSI code page and shows "KPU Kota Prabumulih â€“" for an en dash; with it, Excel,
LibreOffice, pandas and Python's csv module (encoding="utf-8-sig") all read UTF-8.
"""

from __future__ import annotations

import csv
import io

from rkt_cli.model import RKT
from rkt_cli.render.export_columns import EXTRA_PREFIX, absent_fields
from rkt_cli.summary import _inert
from rkt_cli.walk import IndikatorAt, walk_indikator

BOM = "\ufeff"
COLUMNS = (
    "no",  # the sasaran's number in the printed table
    "program",
    "kode",
    "sasaran",
    "anggaran",  # the sasaran's, whole rupiah: repeated on each of its rows, so add it up per sasaran
    "no_indikator",
    "indikator",
    "target",
    "satuan",
    "kegiatan",
    "pelaksana",  # the indikator's own, else its sasaran's
)


def _plain_target(target: int | float | str) -> int | float | str:
    """95 → 95, 87.5 → 87.5, 100.0 → 100; a text target stays text."""
    if isinstance(target, float) and target.is_integer():
        return int(target)
    return target


def columns_of(rkt: RKT) -> tuple[str, ...]:
    """COLUMNS less the fields the document carries nowhere (a PK has no program, kode, anggaran
    or kegiatan: no column of blanks or "0"), then keterangan and the extra columns when it has them."""
    absent = absent_fields(rkt)
    kept = tuple(c for c in COLUMNS if c not in absent)
    extra = tuple(EXTRA_PREFIX + name for name in rkt.kolom_tambahan)
    return kept + (() if "keterangan" in absent else ("keterangan",)) + extra


def _cells(row: IndikatorAt) -> dict[str, object]:
    sasaran = row.sasaran
    indikator = row.indikator
    cells: dict[str, object] = {
        "no": row.sasaran_at.number,
        "program": row.program.nama if row.program is not None else "",
        "kode": sasaran.kode or "",
        "sasaran": sasaran.nama,
        "anggaran": sasaran.anggaran if sasaran.anggaran is not None else "",
        "no_indikator": row.number,
        "indikator": indikator.uraian,
        "target": _plain_target(indikator.target),
        "satuan": indikator.effective_satuan or "",
        "kegiatan": indikator.kegiatan or "",
        "pelaksana": row.pelaksana or "",
        "keterangan": indikator.keterangan or "",
    }
    for name, value in indikator.tambahan.items():
        cells[EXTRA_PREFIX + name] = _plain_target(value)
    return cells


def render_csv(rkt: RKT, bom: bool = True) -> str:
    """The CSV text, `\\r\\n` line ends (RFC 4180) and a BOM first unless `bom` is False."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = columns_of(rkt)
    writer.writerow(columns)
    for row in walk_indikator(rkt):
        cells = _cells(row)
        writer.writerow([_inert(cells.get(name, "")) for name in columns])
    return (BOM if bom else "") + out.getvalue()
