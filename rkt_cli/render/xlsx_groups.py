"""The template language's table features in the RKT sheet (rkt_cli.render.xlsx): the title of
a template of parts (bagian:), header groups (kolom grup) over two header rows, and group rows
(tabel.baris_grup) as merged rows of their own, drawn as the DOCX draws them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from rkt_cli.layout import DocumentView, TextLine
from rkt_cli.render.xlsx_cells import _ALIGN, _lines_needed, _merge, _put, _row_height


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
