"""The RKT as CSV: one row per indikator, its sasaran's columns repeated on every row, plain numbers.

A flat table for scripts and spreadsheets, not the printed layout: no merges, no template.
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
from rkt_cli.summary import _inert
from rkt_cli.walk import walk_indikator

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


def render_csv(rkt: RKT, bom: bool = True) -> str:
    """The CSV text, `\\r\\n` line ends (RFC 4180) and a BOM first unless `bom` is False."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in walk_indikator(rkt):
        sasaran = row.sasaran
        indikator = row.indikator
        cells: tuple[object, ...] = (
            row.sasaran_at.number,
            row.program.nama if row.program is not None else "",
            sasaran.kode,
            sasaran.nama,
            sasaran.anggaran,
            row.number,
            indikator.uraian,
            _plain_target(indikator.target),
            indikator.effective_satuan or "",
            indikator.kegiatan,
            row.pelaksana or "",
        )
        writer.writerow([_inert(cell) for cell in cells])
    return (BOM if bom else "") + out.getvalue()
