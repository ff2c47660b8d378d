"""The realisasi entry workbook: written by `rkt export --lembar realisasi`, read by `rkt import`.

Sheets:

- "Realisasi": a row per indikator. No, Alamat ("6709.1"), ID, Sasaran, Indikator, Satuan and
  Target are locked (sheet protection without a password: it stops accidents, not people);
  TW I–IV (and, with quarterly targets, Target TW I–IV), Penghambat and Upaya are the yellow
  input cells. A numeric indikator's value cells accept decimal numbers of 0 or more only, and
  their input message names the satuan.
- "Anggaran": a row per sasaran with its anggaran (locked) and the realisasi anggaran of each
  quarter (whole rupiah, not cumulative), when the RKT has anggaran.
- "rkt" (very hidden): the marker that makes `rkt import` read the file as a lembar (never a
  guess from the headers), the realisasi file's `rkt:` and `tahun:`, and, as JSON, the
  pengaturan and the per-indikator settings a prefill file had, so that reading the workbook
  back gives that file again.

Reading it back is rkt_cli.realisasi_workbook_reader's job; the layout constants below are shared.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any, Literal

from rkt_cli.lembar import TRIWULAN, Baris, BarisAnggaran, Entri

MARKER = "rkt lembar realisasi"
FORMAT_VERSION = 1
SHEET = "Realisasi"
ANGGARAN_SHEET = "Anggaran"
META_SHEET = "rkt"
CARA_ROW = 7  # the meta sheet's first row of per-indikator settings
HEADER_ROW = 5  # the column headers; data starts on the row below
INPUT_FILL = "FFF2CC"
HEADER_FILL = "D9D9D9"
# A column width unit (the width of a digit, 7 px at 96 dpi) in mm.
_MM_PER_WIDTH = 7 * 25.4 / 96
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Codes of what reading a lembar reports (at Sheet!cell of the workbook).
CODES = {
    "RKT601": "a number typed as text, read as the number (warning)",
    "RKT602": "a value that is not a number where a number belongs",
    "RKT603": "a formula: its saved value is used (warning), or it has none (error)",
    "RKT604": "a row or header of the lembar changed (the workbook does not match its marker)",
}


def scale_target(target: object) -> bool:
    """True for a target that is a label of a scale (WTP): its realisasi is a label too. A number
    or a range ("7–8") asks for a number."""
    return isinstance(target, str) and not any(ch.isdigit() for ch in target)


def tw_header(q: int) -> str:
    return f"TW {ROMAN[q]}"


def target_header(q: int) -> str:
    return f"Target TW {ROMAN[q]}"


FIXED = ("No", "Alamat", "ID", "Sasaran", "Indikator", "Satuan", "Target")
NOTES = ("Penghambat", "Upaya")
ANGGARAN_FIXED = ("No", "Kode", "Sasaran", "Anggaran (Rp)")


def headers(target_tw: bool) -> list[str]:
    quarters = [target_header(q) for q in TRIWULAN] if target_tw else []
    return [*FIXED, *quarters, *(tw_header(q) for q in TRIWULAN), *NOTES]


@dataclass(frozen=True)
class Meta:
    rkt: str  # the `rkt:` of the realisasi file
    tahun: int | None
    label: str  # the RKT as the header names it
    pengaturan: dict[str, Any] = field(default_factory=dict)
    cara: dict[str, dict[str, Any]] = field(default_factory=dict)  # "id:X" / "indikator:6709.1" → settings
    baris: int | None = None  # how many indikator rows the lembar was written with


def _key(entri: Entri) -> str:
    return f"{entri.key}:{entri.ref}"


# --- writing ------------------------------------------------------------------------------


def build_workbook(
    title: str, meta: Meta, rows: list[Baris], anggaran: list[BarisAnggaran], target_tw: bool, when: Any
) -> bytes:
    """The entry workbook as XLSX bytes (the same input gives the same bytes)."""
    from openpyxl import Workbook as OpenWorkbook
    from openpyxl.writer.excel import ExcelWriter

    from rkt_cli.render.docx import normalize_zip

    wb = OpenWorkbook()
    _entry_sheet(wb, title, meta, rows, target_tw or any(r.entri.target_tw for r in rows))
    if anggaran:
        _anggaran_sheet(wb, title, meta, anggaran)
    _meta_sheet(wb, meta, rows)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.title = title[:255]
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalize_zip(raw.getvalue(), when)


def _styles(wb: Any) -> tuple[str, str, str]:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    locked = NamedStyle("Lembar terkunci", font=Font(size=10), border=border)
    locked.alignment = Alignment(vertical="top", wrap_text=True)
    entry = NamedStyle("Lembar isian", font=Font(size=10), border=border, fill=PatternFill("solid", fgColor=INPUT_FILL))
    entry.alignment = Alignment(vertical="top", wrap_text=True)
    entry.protection = Protection(locked=False)
    header = NamedStyle(
        "Lembar judul kolom",
        font=Font(size=10, bold=True),
        border=border,
        fill=PatternFill("solid", fgColor=HEADER_FILL),
    )
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for style in (locked, entry, header):
        wb.add_named_style(style)
    return locked.name, entry.name, header.name


def _title(ws: Any, title: str, meta: Meta, note: str) -> None:
    from openpyxl.styles import Font

    from rkt_cli.render.xlsx import _put

    _put(ws, 1, 1, title).font = Font(size=12, bold=True)
    _put(ws, 2, 1, f"Berkas RKT: {meta.label}").font = Font(size=10, bold=True)
    _put(ws, 3, 1, note).font = Font(size=10, italic=True)


def _protect(ws: Any, header_columns: int) -> None:
    from openpyxl.utils import get_column_letter

    # No password: the protection keeps the locked columns from being typed over by accident;
    # widths and row heights may still change, and rows can be filtered.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_area = f"A1:{get_column_letter(header_columns)}{max(ws.max_row, HEADER_ROW)}"


def _validation(kind: Literal["decimal", "whole"], prompt: str, title: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type=kind,
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
        errorTitle="Bukan angka"[:32],
        error="Isi dengan angka (0 atau lebih), tanpa % atau satuan.",
    )


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """[6, 7, 8, 12] → [(6, 8), (12, 12)]: ascending numbers as runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _entry_sheet(wb: Any, title: str, meta: Meta, rows: list[Baris], target_tw: bool) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange

    from rkt_cli.render.xlsx import _lines_needed, _put, _row_height

    ws = wb.active
    ws.title = SHEET
    locked, entry, header = _styles(wb)
    _title(ws, title, meta, "Isi sel kuning: nilai tiap triwulan (angka saja, tanpa %), penghambat dan upaya.")
    names = headers(target_tw)
    column = {name: index for index, name in enumerate(names, start=1)}
    widths = {"No": 5, "Alamat": 10, "ID": 12, "Sasaran": 30, "Indikator": 45, "Satuan": 10, "Target": 9}
    for name, index in column.items():
        _put(ws, HEADER_ROW, index, name).style = header
        ws.column_dimensions[get_column_letter(index)].width = widths.get(name, 30 if name in NOTES else 9)
    ws.row_dimensions[HEADER_ROW].height = _row_height(2, 10)  # "Target TW III" wraps
    value_names = [tw_header(q) for q in TRIWULAN] + ([target_header(q) for q in TRIWULAN] if target_tw else [])
    validations: dict[str, list[int]] = {}  # prompt → the rows it is for
    for offset, baris in enumerate(rows):
        r = HEADER_ROW + 1 + offset
        fixed = (
            baris.nomor,
            baris.alamat,
            baris.id or "",
            baris.sasaran,
            baris.uraian,
            baris.satuan or "",
            baris.target,
        )
        for index, value in enumerate(fixed, start=1):
            _put(ws, r, index, value).style = locked
        entri = baris.entri
        for q in TRIWULAN:
            _put(ws, r, column[tw_header(q)], entri.tw.get(q)).style = entry
            if target_tw:
                _put(ws, r, column[target_header(q)], entri.target_tw.get(q)).style = entry
        _put(ws, r, column["Penghambat"], entri.penghambat or "").style = entry
        _put(ws, r, column["Upaya"], entri.upaya or "").style = entry
        # Excel and LibreOffice do not fit a row to wrapped text when they open a file: set it.
        texts = ((baris.sasaran, "Sasaran"), (baris.uraian, "Indikator"), (entri.penghambat, "Penghambat"))
        lines = max(_lines_needed(text or "", widths.get(name, 30) * _MM_PER_WIDTH, 10) for text, name in texts)
        ws.row_dimensions[r].height = _row_height(max(lines, len(entri.upaya or "") // 40 + 1), 10)
        if baris.numeric:
            satuan = baris.satuan or "%"
            # One validation per satuan (not per row): 4,000 rows share a handful.
            prompt = (
                "Angka dalam persen, tanpa tanda % (mis. 95 atau 87,5)."
                if satuan.strip() == "%"
                else f"Angka dalam satuan {satuan} (mis. 12 atau 87,5), tanpa teks satuan."
            )
            validations.setdefault(prompt, []).append(r)
    # The value columns stand side by side; rows in a run share one range. (DataValidation.add
    # compares each new range with all before it: 50 s for 4,000 rows one cell at a time.)
    first = get_column_letter(min(column[name] for name in value_names))
    last = get_column_letter(max(column[name] for name in value_names))
    for prompt, numbers in validations.items():
        dv = _validation("decimal", prompt, "Realisasi")
        dv.sqref = MultiCellRange(" ".join(f"{first}{a}:{last}{b}" for a, b in _runs(numbers)))
        ws.add_data_validation(dv)
    _protect(ws, len(names))


def _anggaran_sheet(wb: Any, title: str, meta: Meta, rows: list[BarisAnggaran]) -> None:
    from openpyxl.utils import get_column_letter

    from rkt_cli.render.xlsx import RUPIAH_FORMAT, _put

    ws = wb.create_sheet(ANGGARAN_SHEET)
    locked, entry, header = "Lembar terkunci", "Lembar isian", "Lembar judul kolom"
    _title(ws, title, meta, "Isi realisasi anggaran tiap triwulan dalam rupiah (bukan kumulatif).")
    names = [*ANGGARAN_FIXED, *(f"Realisasi {tw_header(q)} (Rp)" for q in TRIWULAN)]
    for index, name in enumerate(names, start=1):
        _put(ws, HEADER_ROW, index, name).style = header
        ws.column_dimensions[get_column_letter(index)].width = {2: 10, 3: 45}.get(index, 18 if index > 1 else 5)
    dv = _validation("whole", "Rupiah, angka bulat (mis. 822654000), bukan kumulatif.", "Realisasi anggaran")
    for offset, baris in enumerate(rows):
        r = HEADER_ROW + 1 + offset
        for index, value in enumerate((baris.nomor, baris.kunci, baris.sasaran, baris.anggaran), start=1):
            _put(ws, r, index, value).style = locked
        ws.cell(r, 4).number_format = RUPIAH_FORMAT
        for q in TRIWULAN:
            cell = _put(ws, r, len(ANGGARAN_FIXED) + q, baris.tw.get(q))
            cell.style = entry
            cell.number_format = RUPIAH_FORMAT
    if rows:
        dv.add(f"E{HEADER_ROW + 1}:H{HEADER_ROW + len(rows)}")
    ws.add_data_validation(dv)
    _protect(ws, len(names))


def _meta_sheet(wb: Any, meta: Meta, rows: list[Baris]) -> None:
    from rkt_cli.render.xlsx import _put

    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"  # not in Excel's Unhide list: the marker is not for editing
    cara = {_key(r.entri): r.entri.cara for r in rows if r.entri.cara}
    values: list[tuple[str, object]] = [
        (MARKER, FORMAT_VERSION),
        ("rkt", meta.rkt),
        ("tahun", meta.tahun if meta.tahun is not None else ""),
        ("pengaturan", json.dumps(meta.pengaturan, ensure_ascii=False, sort_keys=False)),
        ("cara", len(cara)),
        ("baris", len(rows)),
    ]
    # The per-indikator settings one row each from CARA_ROW on: as one JSON text they would pass
    # the 32,767 characters a cell holds for a few thousand indikator.
    values += [(key, json.dumps(settings, ensure_ascii=False)) for key, settings in cara.items()]
    for r, (key, value) in enumerate(values, start=1):
        _put(ws, r, 1, key)
        _put(ws, r, 2, value)
    ws.protection.sheet = True


__all__ = ["CARA_ROW", "CODES", "FORMAT_VERSION", "MARKER", "Meta", "build_workbook", "scale_target"]
