"""The DOCX made for the PDF: its one long table cut into tables at sasaran starts (issue 14),
which LibreOffice lays out in linear time instead of rows². The DOCX a user gets stays one table.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from rkt_cli.layout import CellView, DocumentView, RowView
from rkt_cli.render.docx_styles import W_NS, _tiny_paragraph, _w
from rkt_cli.render.docx_table import _header_rows, _table_properties, data_rows_pieces

# The PDF path (issue 14). LibreOffice lays out one long table as a chain of page frames and
# formats the rows after every page break again, so converting one table costs rows²: 70 s for
# 2,400 rows. Separate tables each cost their own rows only; they need a paragraph between them
# (with none, LibreOffice joins them back into one), hidden so that it takes no room. The cuts
# fall only where a sasaran begins and no row keeps with the one above, so every page rule of
# pagination.plan_pages still holds; each table starts with the header rows, and the signature row
# stays in the last table. Word handles one long table well, and a user editing the DOCX expects
# one table: only the DOCX made for the PDF is cut (render_docx's for_pdf).
PDF_MAX_ROWS_PER_TABLE = 150
"""Data rows in one table of the PDF's DOCX, at most (a sasaran longer than this stays whole).
Measured (benchmarks/bench_pdf.py): conversion time is flat from 50 to 200 rows a table; the
fewer the cuts, the fewer the places where the header rows may show mid-page."""

PREFERRED_CUT_WINDOW = 50
"""Rows before the limit (scaled to it) in which a cut before a page-tall sasaran is preferred."""

# Columns that name the sasaran of a row: where their value changes, a new sasaran begins.
_SASARAN_COLUMNS = frozenset({"nomor", "sasaran", "kode"})


def sasaran_starts(view: DocumentView) -> list[int]:
    """The rows (index > 0) where a table may be cut: a new sasaran begins there (its value in a
    column naming the sasaran differs from the row above; a merge continuation or a faint repeat
    carries the value of its first row) and the row above does not keep with it."""
    naming = [i for i, column in enumerate(view.columns) if column.content in _SASARAN_COLUMNS]
    carried = [""] * len(view.columns)
    previous: list[str] = []
    starts: list[int] = []
    for index, row in enumerate(view.rows):
        for i in naming:
            if row.cells[i].merge != "continue":
                carried[i] = row.cells[i].text
        current = [carried[i] for i in naming]
        # Without a naming column, every row that does not keep with the one above is a start:
        # the layout keeps a sasaran's rows together, so these are sasaran boundaries too.
        new_sasaran = not naming or current != previous
        if index and new_sasaran and not view.rows[index - 1].keep_with_next:
            starts.append(index)
        previous = current
    return starts


def _begins_tall_sasaran(view: DocumentView, index: int, naming: list[int]) -> bool:
    """Whether the sasaran starting at row `index` repeats its name faintly on its next row: the
    layout does so for a sasaran taller than a page (tabel.ulangi_gabungan: panjang), and such a
    sasaran starts on a new page."""
    if index + 1 >= len(view.rows):
        return False
    below = view.rows[index + 1].cells
    return any(below[i].faint and below[i].text == view.rows[index].cells[i].text for i in naming)


def table_cuts(view: DocumentView, max_rows: int) -> list[int]:
    """Where each table after the first begins: the last sasaran start that keeps a table within
    `max_rows`, or, for a sasaran longer than that, the first start after it. Within the last
    PREFERRED_CUT_WINDOW rows of that reach, a start of a sasaran taller than a page comes first:
    that sasaran begins a page, so the cut falls at a page end and the reader sees nothing of it."""
    if max_rows < 1:
        raise ValueError("max_rows must be at least 1")
    naming = [i for i, column in enumerate(view.columns) if column.content in _SASARAN_COLUMNS]
    cuts: list[int] = []
    begin = 0
    candidates = sasaran_starts(view)
    position = 0  # the first candidate after `begin`
    while len(view.rows) - begin > max_rows and position < len(candidates):
        fitting = position
        while fitting + 1 < len(candidates) and candidates[fitting + 1] - begin <= max_rows:
            fitting += 1
        # candidates[position] itself may lie beyond max_rows: the sasaran at `begin` is longer.
        window = begin + max_rows - PREFERRED_CUT_WINDOW * max_rows // PDF_MAX_ROWS_PER_TABLE
        for preferred in range(fitting, position - 1, -1):
            if candidates[preferred] <= window:
                break
            if _begins_tall_sasaran(view, candidates[preferred], naming):
                fitting = preferred
                break
        begin = candidates[fitting]
        cuts.append(begin)
        position = fitting + 1
    return cuts


def _reopened(rows: list[RowView], start: int, stop: int, carried: list[str]) -> list[RowView]:
    """rows[start:stop] as a table of their own: a merge continuing from the table above starts
    again in the first row, with its value drawn faint (as on a continued page)."""
    part = list(rows[start:stop])
    if not part:
        return part
    first = list(part[0].cells)
    for i, cell in enumerate(first):
        if cell.merge == "continue":
            goes_on = len(part) > 1 and part[1].cells[i].merge == "continue"
            first[i] = CellView(carried[i], "restart" if goes_on else "none", faint=True)
    part[0] = replace(part[0], cells=tuple(first))
    return part


def _table_break_xml(view: DocumentView, widths: list[int]) -> str:
    """The end of one table and the start of the next, as WordprocessingML text: a hidden
    paragraph between them (without one LibreOffice joins the tables again), then the next
    table's properties and header rows (when they repeat on every page)."""
    holder = etree.Element(_w("body"), nsmap={"w": W_NS})  # binds w: once, outside the fragment
    between = _tiny_paragraph()
    # Hidden: LibreOffice then lays the next table out right below the last, as if one. Shown,
    # even one point high, it can fall alone at the top of a page, and a sasaran taller than a
    # page after it then starts on the page after that, leaving that page blank.
    etree.SubElement(between.find(_w("pPr")).find(_w("rPr")), _w("vanish"))
    holder.append(between)
    tbl = etree.SubElement(holder, _w("tbl"))
    _table_properties(tbl, widths, borders=True)
    if view.repeat_header:  # without tabel.ulangi_judul the header rows stand only at the start
        _header_rows(tbl, view, widths)
    text = etree.tostring(holder, encoding="unicode")
    inner = text[text.index(">") + 1 : text.rindex("</w:body>")]
    return "</w:tbl>" + inner.removesuffix("</w:tbl>")


def split_rows_xml(view: DocumentView, widths: list[int], max_rows: int) -> str:
    """The data rows as data_rows_xml writes them, cut into tables of at most `max_rows` rows at
    sasaran starts (table_cuts). Spliced where the one table's rows go, this closes that table
    at each cut and opens a new one, so the signature row stays in the last table."""
    return "".join(split_rows_pieces(view, widths, max_rows))


def split_rows_pieces(view: DocumentView, widths: list[int], max_rows: int) -> Iterator[str]:
    """split_rows_xml in pieces, as data_rows_pieces gives them."""
    cuts = table_cuts(view, max_rows)
    if not cuts:
        yield from data_rows_pieces(view, widths)
        return
    rows = list(view.rows)
    carried = [""] * len(view.columns)  # each column's value where its current merge began
    bounds = [0, *cuts, len(rows)]
    for start, stop in itertools.pairwise(bounds):
        part = _reopened(rows, start, stop, carried)
        for row in rows[start:stop]:
            for i, cell in enumerate(row.cells):
                if cell.merge != "continue":
                    carried[i] = cell.text
        if start:
            yield _table_break_xml(view, widths)
        yield from data_rows_pieces(replace(view, rows=tuple(part)), widths)
