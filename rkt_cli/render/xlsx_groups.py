"""The template language's table features in the RKT sheet (rkt_cli.render.xlsx): the title and
the program tables of a template of parts (bagian:), header groups (kolom grup) over two header
rows, and group rows (tabel.baris_grup) as merged rows of their own, drawn as the DOCX draws them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rkt_cli.layout import DocumentView, TextLine
from rkt_cli.model import RKT
from rkt_cli.render.xlsx_cells import _ALIGN, RUPIAH_FORMAT, _lines_needed, _merge, _put, _row_height

if TYPE_CHECKING:
    from rkt_cli.parts import ProgramTableView


def _title(view: DocumentView) -> tuple[TextLine, ...]:
    """The title lines above the table: the view's, or for a template of parts (bagian:) the
    lines of the title parts on the indikator table's page (a PK's statement page before it, with
    its own title, has no place in a sheet)."""
    if view.parts is None:
        return view.title
    lines: list[TextLine] = []
    for part in view.parts:
        if part.kind == "tabel":
            break
        if part.kind in ("ganti_halaman", "tanda_tangan"):
            lines = []  # what came before belongs to another page
        elif part.kind == "judul":
            lines.extend(part.lines)
    while lines and not lines[-1].text.strip():  # the sheet puts its own empty row under the title
        lines.pop()
    return tuple(lines)


def _pieces(view: DocumentView, start: int, end: int) -> list[tuple[int, int]]:
    """A vertical merge over view rows start..end, cut where a group row comes between its rows
    (a merged range may not cross the group row's own merged range)."""
    cuts = [i for i in range(start + 1, end + 1) if view.rows[i].groups_before]
    bounds = [start, *cuts, end + 1]
    return [(a, b - 1) for a, b in pairwise(bounds) if b - 1 > a]


def _group_header(ws: Any, view: DocumentView, row: int, table_pt: float, font: Any, fill: Any, border: Any) -> int:
    """The two header rows of a template with header groups (kolom grup): each group's text over
    its columns (merged), the columns' own headers below; a column of no group has one header
    cell merged over both rows, as in the document. Returns the row after them."""
    from openpyxl.styles import Alignment

    assert view.header_groups is not None
    headers = view.header_rows[0]
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    lines = [1, 1]
    first = 0
    for text, span in view.header_groups:
        columns = view.columns[first : first + span]
        for index in range(first + 1, first + span + 1):
            for r in (row, row + 1):
                cell = ws.cell(row=r, column=index)
                cell.font, cell.fill, cell.border, cell.alignment = font, fill, border, centred
        if text is None:
            _put(ws, row, first + 1, headers[first])
            _merge(ws, row, first + 1, row + 1, first + 1)
        else:
            _put(ws, row, first + 1, text)
            if span > 1:
                _merge(ws, row, first + 1, row, first + span)
            lines[0] = max(lines[0], _lines_needed(text, sum(c.width_mm for c in columns), table_pt))
            for index, column in enumerate(columns, start=first):
                _put(ws, row + 1, index + 1, headers[index])
                lines[1] = max(lines[1], _lines_needed(headers[index], column.width_mm, table_pt))
        first += span
    for offset, count in enumerate(lines):
        ws.row_dimensions[row + offset].height = _row_height(count, table_pt)
    return row + 2


def _group_row(
    ws: Any,
    row: int,
    line: TextLine,
    view: DocumentView,
    table_pt: float,
    font_name: str | None,
    border: Any,
    width_mm: float,
) -> None:
    """A group row (tabel.baris_grup): its text in one cell merged across the table."""
    from openpyxl.styles import Alignment, Font

    ncols = len(view.columns)
    for index in range(1, ncols + 1):
        ws.cell(row=row, column=index).border = border
    cell = _put(ws, row, 1, line.text)
    cell.font = Font(name=font_name, size=table_pt, bold=line.bold)
    cell.alignment = Alignment(horizontal=_ALIGN[line.align], vertical="center", wrap_text=True)
    if ncols > 1:
        _merge(ws, row, 1, row, ncols)
    ws.row_dimensions[row].height = _row_height(_lines_needed(line.text, width_mm, table_pt), table_pt)


def program_tables(ws: Any, view: DocumentView, rkt: RKT, first_row: int, style: TableStyle) -> int:
    """The program tables of a template of parts (tabel_program: No | Program | Anggaran and its
    Jumlah; tabel_serapan: the realisasi report's amounts) below the indikator table, each after
    its part's lines, in the sheet's own columns. Returns the last row written (0 when there is
    none)."""
    last = 0
    row = first_row
    after_table = False
    for part in view.parts or ():
        after_table = after_table or part.kind == "tabel"
        if not after_table or part.program_table is None:
            continue
        for line in part.lines:  # e.g. "B. Realisasi Anggaran"; an empty line is a row of space
            if line.text.strip():
                cell = _put(ws, row, 1, line.text)
                cell.font = style.font(line.bold)
                cell.alignment = style.alignment(line.align)
            row += 1
        amounts = [program.anggaran for program in rkt.program or ()] if part.kind == "tabel_program" else None
        last = _program_table(ws, view, part.program_table, amounts, row, style)
        row = last + 2
    return last


def _program_table(
    ws: Any, view: DocumentView, table: ProgramTableView, amounts: list[int] | None, first_row: int, style: TableStyle
) -> int:
    """One program table from `first_row`: its header, a row per program and the Jumlah row.
    With `amounts` (a tabel_program: each program's anggaran) the anggaran cells are numbers in
    the rupiah format (with the template's awalan, "Rp ", as part of the format) and the Jumlah a
    SUM; a serapan table shows the realisasi report's texts, which it neither sums nor divides."""
    from openpyxl.utils import get_column_letter

    widths = [
        view.columns[j].width_mm if j < len(view.columns) else column.width_mm for j, column in enumerate(table.columns)
    ]
    for j, column in enumerate(table.columns, start=1):
        cell = _put(ws, first_row, j, column.header)
        style.header(cell)
    ws.row_dimensions[first_row].height = _row_height(
        max(_lines_needed(c.header, w, style.size_pt) for c, w in zip(table.columns, widths, strict=True)),
        style.size_pt,
    )
    first_data = first_row + 1
    for offset, texts in enumerate(table.rows):
        r = first_data + offset
        lines = 1
        for j, (text, column) in enumerate(zip(texts, table.columns, strict=True)):
            cell = _put(ws, r, j + 1, _program_value(text, column.content, amounts, offset))
            style.body(cell, column.align)
            if amounts is not None and column.content == "anggaran":
                cell.number_format = _amount_format(text)
            lines = max(lines, _lines_needed(text, widths[j], style.size_pt))
        ws.row_dimensions[r].height = _row_height(lines, style.size_pt)
    total_row = first_data + len(table.rows)
    for j, (text, column) in enumerate(zip(table.total_row, table.columns, strict=True)):
        cell = ws.cell(row=total_row, column=j + 1)
        style.body(cell, "tengah" if j == 0 else column.align)
        cell.font = style.font(True)
        if j == 0:
            _put(ws, total_row, 1, text)
        elif amounts is not None and column.content == "anggaran" and table.rows:
            letter = get_column_letter(j + 1)
            cell.value = f"=SUM({letter}{first_data}:{letter}{total_row - 1})"  # rkt's own formula
            cell.number_format = _amount_format(text)
        elif j >= table.total_span:
            _put(ws, total_row, j + 1, text)
    if table.total_span > 1:
        _merge(ws, total_row, 1, total_row, table.total_span)
    ws.row_dimensions[total_row].height = _row_height(1, style.size_pt)
    return total_row


def _program_value(text: str, content: str, amounts: list[int] | None, offset: int) -> object:
    if amounts is not None and content == "anggaran":
        return amounts[offset]
    if content == "nomor" and text.isascii() and text.isdigit():
        return int(text)
    return text


def _amount_format(text: str) -> str:
    """The rupiah format, with the awalan the view put before the digits ("Rp ") kept in it."""
    match = re.fullmatch(r"(.*?)[\d.,]+", text)
    prefix = match.group(1) if match else ""
    return f'"{prefix}"{RUPIAH_FORMAT}' if prefix and '"' not in prefix else RUPIAH_FORMAT


@dataclass(frozen=True)
class TableStyle:
    """The RKT sheet's table look, for the cells drawn here: font, size, border, header fill."""

    font_name: str | None
    size_pt: float
    border: Any
    fill: Any

    def font(self, bold: bool) -> Any:
        from openpyxl.styles import Font

        return Font(name=self.font_name, size=self.size_pt, bold=bold)

    def alignment(self, align: str) -> Any:
        from openpyxl.styles import Alignment

        return Alignment(horizontal=_ALIGN[align], vertical="top", wrap_text=True)

    def header(self, cell: Any) -> None:
        from openpyxl.styles import Alignment

        cell.font = self.font(True)
        cell.fill = self.fill
        cell.border = self.border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def body(self, cell: Any, align: str) -> None:
        cell.font = self.font(False)
        cell.border = self.border
        cell.alignment = self.alignment(align)
