"""DocumentView (+ the model, for the numbers) → an XLSX workbook, with openpyxl.

Three sheets:

- "RKT <tahun>": the table as the document shows it: title lines, header rows (and the 1..8
  numbering row), the cells the view merges merged here too, anggaran as whole-rupiah integers
  with the built-in `#,##0` format (the reader's locale picks the separator, so an Indonesian
  Excel or LibreOffice shows 822.654.000), and a Jumlah row whose total is a real `=SUM(…)`.
  Header groups, group rows and the title of a template of parts as the DOCX has them
  (render.xlsx_groups). The signature block follows, as the document places it. Header rows
  are frozen and repeated on every printed page; the page is the template's paper, fitted to
  its width.
- "Ringkasan": a row per program (sasaran, indikator, anggaran, share) and the Jumlah row, with
  formulas, so the sheet stays right when someone edits an anggaran.
- "Info": the source file, the rkt version and the document's own fields (instansi, unit,
  tahun, pengantar …): the intro lives here rather than above the table, where a tall frozen
  row would fill the screen.

The view's cells are strings; only the numbers are taken from the model (the view's anggaran
text is already "822,654,000"). Rows of the view and `walk_indikator(rkt)` are the same rows in
the same order, which is how the two are paired.

No text is ever written as a formula: openpyxl stores a str starting with "=" as one, so such
cells are switched back to strings (a spreadsheet never evaluates data from the YAML).

The same input gives the same bytes: the document properties carry SOURCE_DATE_EPOCH or the
signing date (as the DOCX does) and the zip entries get fixed times (render.docx.normalize_zip).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from rkt_cli.formatting import format_target
from rkt_cli.layout import CellView, DocumentView
from rkt_cli.model import RKT
from rkt_cli.render.docx import document_datetime, normalize_zip
from rkt_cli.render.xlsx_cells import (
    _ALIGN,
    _PIXELS_PER_MM,
    MAX_CELL_CHARS,
    RUPIAH_FORMAT,
    XlsxExportError,
    _formula,
    _merge,
    _width_units,
)

# The realisasi lembar (realisasi_workbook.py) writes its cells with these, imported from here.
from rkt_cli.render.xlsx_cells import _lines_needed as _lines_needed
from rkt_cli.render.xlsx_cells import _put as _put
from rkt_cli.render.xlsx_cells import _row_height as _row_height
from rkt_cli.render.xlsx_groups import TableStyle, _group_header, _group_row, _pieces, _title, program_tables
from rkt_cli.totals import document_totals
from rkt_cli.walk import IndikatorAt, walk_indikator, walk_sasaran

PERCENT_FORMAT = "0.0%"
JUMLAH = "Jumlah"
ANGGARAN = "anggaran"
NUMBER_COLUMNS = frozenset({"nomor", "nomor_indikator"})  # digits in the view: written as integers
HEADER_FILL = "D9D9D9"

_DEFAULT_TABLE_PT = 10.0
_DEFAULT_TITLE_PT = 12.0
# Paper sizes in Excel's page setup: 9 is A4; F4 (215 × 330 mm) is closest to 14, Folio (216 × 330 mm).
_PAPER_SIZES = {(210.0, 297.0): 9, (215.0, 330.0): 14}


@dataclass(frozen=True)
class ExportInfo:
    """What the Info sheet says about where the workbook came from."""

    source: str  # the YAML file's name, as the user knows it
    version: str  # rkt's version


def _cell_value(cell: CellView, content: str, at: IndikatorAt) -> object:
    """What a table cell holds: numbers as numbers (the anggaran, the No columns, a target the
    view shows bare, such as 95 or 87.5, which a locale then shows as 87,5), else the view's text."""
    if cell.merge == "continue":
        return None
    if content == ANGGARAN:
        return at.sasaran.anggaran
    if content in NUMBER_COLUMNS and cell.text.isascii() and cell.text.isdigit():
        return int(cell.text)
    target = at.indikator.target
    if content == "target" and not isinstance(target, str) and cell.text == format_target(target):
        return int(target) if isinstance(target, float) and target.is_integer() else target
    return cell.text


def _anggaran_once_per_sasaran(view: DocumentView, column: int, rkt: RKT) -> bool:
    """True when the column holds each sasaran's anggaran exactly once (the cells merged per
    sasaran): then a SUM of the column is the document's total. A template that repeats it on
    every row (gabung: tidak) would make a SUM count it several times."""
    starts = {at.rows_before for at in walk_sasaran(rkt)}
    shown = {i for i, row in enumerate(view.rows) if row.cells[column].merge != "continue"}
    return shown == starts


def _named_style(wb: Any, name: str, font: Any, border: Any, alignment: Any, number_format: str = "General") -> str:
    from openpyxl.styles import NamedStyle

    wb.add_named_style(
        NamedStyle(name=name, font=font, border=border, alignment=alignment, number_format=number_format)
    )
    return name


def _rkt_sheet(wb: Any, view: DocumentView, rkt: RKT) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.active
    ws.title = f"RKT {rkt.tahun}"
    page = view.page
    font_name = page.font_name
    table_pt = page.table_size_pt or page.font_size_pt or _DEFAULT_TABLE_PT
    title_pt = page.title_size_pt or page.font_size_pt or _DEFAULT_TITLE_PT
    ncols = len(view.columns)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    table_font = Font(name=font_name, size=table_pt)
    bold_font = Font(name=font_name, size=table_pt, bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)

    for index, column in enumerate(view.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width_units(column.width_mm)
    table_width_mm = sum(c.width_mm for c in view.columns)

    row = 1
    for line in _title(view):
        # kapital is Word formatting over the words as written; a cell has no such format, so the
        # capitals are written out (the Info sheet keeps instansi, unit … as written).
        cell = _put(ws, row, 1, line.text.upper() if line.caps else line.text)
        cell.font = Font(name=font_name, size=title_pt, bold=line.bold, underline="single" if line.underline else None)
        cell.alignment = Alignment(horizontal=_ALIGN[line.align], vertical="center", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.row_dimensions[row].height = _row_height(_lines_needed(line.text, table_width_mm, title_pt), title_pt)
        row += 1
    if _title(view):
        row += 1  # an empty row between the title and the table, as in the document

    header_first = row
    header_rows = view.header_rows
    if view.header_groups is not None:
        row = _group_header(ws, view, row, table_pt, bold_font, header_fill, border)
        header_rows = header_rows[1:]  # the columns' own headers are written under their groups
    for header in header_rows:
        lines = 1
        for index, (text, column) in enumerate(zip(header, view.columns, strict=True), start=1):
            cell = _put(ws, row, index, text)
            cell.font = bold_font
            cell.fill = header_fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            lines = max(lines, _lines_needed(text, column.width_mm, table_pt))
        ws.row_dimensions[row].height = _row_height(lines, table_pt)
        row += 1
    header_last = row - 1
    first_data = row

    anggaran_columns = [i for i, c in enumerate(view.columns) if c.content == ANGGARAN]
    indikator_rows = list(walk_indikator(rkt))
    # One named style per alignment, and one for rupiah: assigning font, border and alignment
    # cell by cell costs openpyxl a hash of each style object (6 s for 4,000 rows); a named style
    # is one lookup, and it shows in the spreadsheet's style list.
    styles = {
        align: _named_style(
            wb, f"RKT {align}", table_font, border, Alignment(horizontal=_ALIGN[align], vertical="top", wrap_text=True)
        )
        for align in dict.fromkeys(c.align for c in view.columns)  # in column order: a set would vary by hash seed
    }
    rupiah_style = _named_style(
        wb, "RKT rupiah", table_font, border, Alignment(horizontal="right", vertical="top"), RUPIAH_FORMAT
    )
    column_styles = [styles[c.align] for c in view.columns]
    # Each view row's sheet row: group rows (tabel.baris_grup) take sheet rows of their own above it.
    sheet_rows: list[int] = []
    group_rows: list[tuple[int, Any]] = []  # (sheet row, TextLine) of each group row
    r = first_data
    for row_view in view.rows:
        for line in row_view.groups_before:
            group_rows.append((r, line))
            r += 1
        sheet_rows.append(r)
        r += 1
    heights = [1] * len(view.rows)
    spans: list[list[int]] = []  # [column, first row index, last row index, lines] of each merged cell
    open_span: dict[int, list[int]] = {}  # column → its merged cell still growing downwards
    for offset, (row_view, at) in enumerate(zip(view.rows, indikator_rows, strict=True)):
        r = sheet_rows[offset]
        for index, (cell_view, column) in enumerate(zip(row_view.cells, view.columns, strict=True)):
            cell = _put(ws, r, index + 1, _cell_value(cell_view, column.content, at))
            cell.style = rupiah_style if column.content == ANGGARAN else column_styles[index]
            lines = _lines_needed(cell_view.text, column.width_mm, table_pt)
            if cell_view.merge == "restart":
                open_span[index] = [index, offset, offset, lines]
                spans.append(open_span[index])
            elif cell_view.merge == "continue":
                open_span[index][2] = offset
            else:
                heights[offset] = max(heights[offset], lines)
    for index, start, end, lines in spans:
        for piece_start, piece_end in _pieces(view, start, end):
            _merge(ws, sheet_rows[piece_start], index + 1, sheet_rows[piece_end], index + 1)
        # The merged text needs `lines` over the rows of its span: the last row takes what is missing.
        missing = lines - sum(heights[start : end + 1])
        if missing > 0:
            heights[end] += missing
    for offset, lines in enumerate(heights):
        ws.row_dimensions[sheet_rows[offset]].height = _row_height(lines, table_pt)
    for r, line in group_rows:
        _group_row(ws, r, line, view, table_pt, font_name, border, table_width_mm)
    last_data = sheet_rows[-1] if sheet_rows else first_data - 1

    if anggaran_columns:
        total_row = last_data + 1
        label_end = anggaran_columns[0]  # the columns before the first anggaran column hold the label
        for index in range(1, ncols + 1):
            ws.cell(row=total_row, column=index).border = border
        if label_end >= 1:
            label = _put(ws, total_row, 1, JUMLAH)
            label.font = bold_font
            label.alignment = Alignment(horizontal="center", vertical="center")
            if label_end > 1:
                ws.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=label_end)
        for index in anggaran_columns:
            letter = get_column_letter(index + 1)
            if _anggaran_once_per_sasaran(view, index, rkt):
                cell = _formula(ws, total_row, index + 1, f"=SUM({letter}{first_data}:{letter}{last_data})")
            else:  # the column repeats anggaran: a SUM would count it more than once
                cell = _put(ws, total_row, index + 1, rkt.total_anggaran)
            cell.number_format = RUPIAH_FORMAT
            cell.font = bold_font
            cell.alignment = Alignment(horizontal="right", vertical="center")
        ws.row_dimensions[total_row].height = _row_height(1, table_pt)

    last_table_row = last_data + (1 if anggaran_columns else 0)
    style = TableStyle(font_name, table_pt, border, header_fill)
    last_table_row = max(last_table_row, program_tables(ws, view, rkt, last_table_row + 2, style))
    last_row = _signature(ws, view, last_table_row + 2, font_name, table_pt)
    ws.freeze_panes = f"A{first_data}"
    if view.repeat_header:
        ws.print_title_rows = f"{header_first}:{header_last}"
    # A program table wider than the indikator table (a template's own) is printed whole too.
    program_columns = [len(p.program_table.columns) for p in view.parts or () if p.program_table is not None]
    ws.print_area = f"A1:{get_column_letter(max([ncols, *program_columns]))}{last_row}"
    _page_setup(ws, view, PageSetupProperties(fitToPage=True))


def _signature(ws: Any, view: DocumentView, first_row: int, font_name: str | None, size_pt: float) -> int:
    """The signature block below the table, as the document places it: the columns side by
    side across the table's width (a lone signer in the right half), each line one merged cell.
    Returns the last row written (the row above `first_row` when there is nothing to sign)."""
    from openpyxl.styles import Alignment, Font

    blocks = view.signature.columns
    ncols = len(view.columns)
    if not blocks or ncols < len(blocks):
        return first_row - 1
    # Column groups as even as the table allows: 8 columns in 2 halves of 4.
    bounds = [round(i * ncols / len(blocks)) for i in range(len(blocks) + 1)]
    last = first_row - 1
    for block, start, end in zip(blocks, bounds[:-1], bounds[1:], strict=True):
        for offset, line in enumerate(block or ()):
            if not line.text:
                continue  # the room to sign: rows left empty
            row = first_row + offset
            cell = _put(ws, row, start + 1, line.text)
            cell.font = Font(
                name=font_name, size=size_pt, bold=line.bold, underline="single" if line.underline else None
            )
            cell.alignment = Alignment(horizontal=_ALIGN[line.align], vertical="center")
            if end - start > 1:
                _merge(ws, row, start + 1, row, end)
            last = max(last, row)
    return last


def _page_setup(ws: Any, view: DocumentView, fit: Any) -> None:
    page = view.page
    ws.sheet_properties.pageSetUpPr = fit
    ws.page_setup.orientation = "landscape" if page.landscape else "portrait"
    short, long = sorted((page.width_mm, page.height_mm))
    paper = _PAPER_SIZES.get((short, long))
    if paper is not None:
        ws.page_setup.paperSize = paper
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    inch = 25.4
    ws.page_margins.top = round(page.margin_top_mm / inch, 3)
    ws.page_margins.bottom = round(page.margin_bottom_mm / inch, 3)
    ws.page_margins.left = round(page.margin_left_mm / inch, 3)
    ws.page_margins.right = round(page.margin_right_mm / inch, 3)


def _summary_sheet(wb: Any, view: DocumentView, rkt: RKT) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.create_sheet("Ringkasan")
    totals = document_totals(rkt)
    font_name = view.page.font_name
    font = Font(name=font_name, size=view.page.table_size_pt or _DEFAULT_TABLE_PT)
    bold = Font(name=font_name, size=view.page.table_size_pt or _DEFAULT_TABLE_PT, bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="top", wrap_text=True)

    title = _put(ws, 1, 1, f"Ringkasan per program · RKT {rkt.tahun} · {rkt.unit}")
    title.font = Font(name=font_name, size=view.page.title_size_pt or _DEFAULT_TITLE_PT, bold=True)
    # Without anggaran the sheet counts sasaran and indikator only: no "0" rupiah invented.
    ncols = 6 if rkt.has_anggaran else 4
    headers = ("No", "Program", "Sasaran", "Indikator", "Anggaran (Rp)", "%")[:ncols]
    widths = (6, 60, 10, 10, 20, 9)[:ncols]
    for index, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _put(ws, 3, index, text)
        cell.font = bold
        cell.border = border
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions["ABCDEF"[index - 1]].width = width
    first = 4
    last = first + len(totals.program) - 1
    total_row = last + 1
    for offset, program in enumerate(totals.program):
        r = first + offset
        values: tuple[object, ...] = (
            offset + 1,
            program.nama,
            len(program.sasaran),
            program.indikator,
            program.anggaran,
        )[:ncols]
        for index, value in enumerate(values, start=1):
            cell = _put(ws, r, index, value)
            cell.font = font
            cell.border = border
            cell.alignment = wrap
        if ncols == 4:
            continue
        ws.cell(row=r, column=5).number_format = RUPIAH_FORMAT
        share = _formula(ws, r, 6, f"=IF($E${total_row}=0,0,E{r}/$E${total_row})")
        share.number_format = PERCENT_FORMAT
        share.font = font
        share.border = border
    label = _put(ws, total_row, 2, JUMLAH)
    for index, letter in ((3, "C"), (4, "D"), (5, "E"))[: ncols - 2]:
        _formula(ws, total_row, index, f"=SUM({letter}{first}:{letter}{last})")
    if ncols == 6:
        ws.cell(row=total_row, column=5).number_format = RUPIAH_FORMAT
        share = _formula(ws, total_row, 6, f"=IF($E${total_row}=0,0,1)")
        share.number_format = PERCENT_FORMAT
    for index in range(1, ncols + 1):
        cell = ws.cell(row=total_row, column=index)
        cell.font = bold
        cell.border = border
    label.alignment = Alignment(horizontal="left")
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = "3:3"
    _page_setup(ws, view, PageSetupProperties(fitToPage=True))


def _info_sheet(wb: Any, view: DocumentView, rkt: RKT, info: ExportInfo) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.create_sheet("Info")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    sasaran = len(rkt.all_sasaran)
    indikator = sum(len(s.indikator) for s in rkt.all_sasaran)
    rows: list[tuple[str, object]] = [
        ("Berkas sumber", info.source),
        ("Dibuat dengan", f"rkt {info.version} (rkt export)"),
        ("Instansi", rkt.instansi),
        ("Unit", rkt.unit),
        ("Tahun", rkt.tahun),
        ("Judul", rkt.judul or ""),
        ("Pengantar", rkt.pengantar or ""),
        ("Program", len(rkt.program) if rkt.program is not None else None),
        ("Sasaran", sasaran),
        ("Indikator", indikator),
        ("Jumlah anggaran (Rp)", rkt.total_anggaran if rkt.has_anggaran else None),
        ("Pagu (Rp)", rkt.pagu if rkt.pagu is not None else ""),
        (
            "Catatan",
            f"Lembar '{wb.worksheets[0].title}' memuat tabel RKT; "
            + ("anggaran berupa angka dan baris Jumlah berupa rumus SUM. " if rkt.has_anggaran else "")
            + "Berkas YAML tetap sumber data yang sah.",
        ),
    ]
    bold = Font(name=view.page.font_name, bold=True)
    wrap = Alignment(horizontal="left", vertical="top", wrap_text=True)
    rows = [(key, value) for key, value in rows if value is not None]  # what the document lacks is left out
    for r, (key, value) in enumerate(rows, start=1):
        _put(ws, r, 1, key).font = bold
        cell = _put(ws, r, 2, value)
        cell.alignment = wrap
        if key.startswith(("Jumlah anggaran", "Pagu")) and isinstance(value, int):
            cell.number_format = RUPIAH_FORMAT
        if isinstance(value, str) and len(value) > 100:
            ws.row_dimensions[r].height = _row_height(_lines_needed(value, 100 * 7 / _PIXELS_PER_MM, 11), 11)
    _page_setup(ws, view, PageSetupProperties(fitToPage=True))


def render_xlsx(view: DocumentView, rkt: RKT, info: ExportInfo) -> bytes:
    """The workbook as XLSX bytes; the same input (and SOURCE_DATE_EPOCH) gives the same bytes.

    Raises XlsxExportError when a text is longer than a spreadsheet cell can hold.
    """
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    _rkt_sheet(wb, view, rkt)
    if rkt.program is not None:  # a document without programs has no per-program summary
        _summary_sheet(wb, view, rkt)
    _info_sheet(wb, view, rkt, info)

    when = document_datetime(view)
    props = wb.properties
    props.title = view.title_text[:255]
    props.subject = "Rencana Kinerja Tahunan"
    props.creator = view.author[:255]
    props.lastModifiedBy = view.author[:255]
    props.created = when
    props.modified = when
    raw = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps the current time into `modified`.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalize_zip(raw.getvalue(), when)


__all__ = ["MAX_CELL_CHARS", "RUPIAH_FORMAT", "ExportInfo", "XlsxExportError", "render_xlsx"]
