"""The indikator table as WordprocessingML: its properties, header rows, signature row and the
marker row where the data rows go, as lxml elements; the data rows themselves, the bulk of a
large document, as text (data_rows_pieces), in pieces that are compressed as they are made.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from rkt_cli.layout import DocumentView, TextLine
from rkt_cli.render.docx_styles import (
    JC,
    STYLE_SIGNATURE,
    STYLE_TABLE,
    STYLE_TABLE_HEADER,
    W_NS,
    _paragraph,
    _tiny_paragraph,
    _w,
    style_id,
)

CELL_MARGIN_TWIPS = 85  # 1.5 mm left and right inside every table cell
# Above and below: a little, so that the last line of a cell does not sit on the border
# (Word's default 0 looks right only with its Normal style's 8 pt space after each paragraph).
CELL_PADDING_TWIPS = 28  # 0.5 mm


def _borders(parent: Any, tag: str, value: str) -> None:
    borders = etree.SubElement(parent, _w(tag))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = etree.SubElement(borders, _w(side))
        edge.set(_w("val"), value)
        if value != "nil":
            edge.set(_w("sz"), "4")
            edge.set(_w("space"), "0")
            edge.set(_w("color"), "000000")


def _table_properties(tbl: Any, widths: list[int], borders: bool) -> None:
    tblpr = etree.SubElement(tbl, _w("tblPr"))
    etree.SubElement(tblpr, _w("tblW")).attrib.update({_w("w"): str(sum(widths)), _w("type"): "dxa"})
    etree.SubElement(tblpr, _w("jc")).set(_w("val"), "center")
    _borders(tblpr, "tblBorders", "single" if borders else "nil")
    # Fixed layout: Word and LibreOffice both keep the grid widths instead of autofitting.
    etree.SubElement(tblpr, _w("tblLayout")).set(_w("type"), "fixed")
    margins = etree.SubElement(tblpr, _w("tblCellMar"))
    for side, width in (
        ("top", CELL_PADDING_TWIPS),
        ("left", CELL_MARGIN_TWIPS),
        ("bottom", CELL_PADDING_TWIPS),
        ("right", CELL_MARGIN_TWIPS),
    ):  # the schema's order
        etree.SubElement(margins, _w(side)).attrib.update({_w("w"): str(width), _w("type"): "dxa"})
    look = etree.SubElement(tblpr, _w("tblLook"))
    look.attrib.update({_w("val"): "0000", _w("firstRow"): "0", _w("lastRow"): "0", _w("noHBand"): "1"})
    grid = etree.SubElement(tbl, _w("tblGrid"))
    for width in widths:
        etree.SubElement(grid, _w("gridCol")).set(_w("w"), str(width))


def _row(header: bool, cant_split: bool = True) -> Any:
    tr = etree.Element(_w("tr"))
    trpr = etree.SubElement(tr, _w("trPr"))
    if cant_split:
        etree.SubElement(trpr, _w("cantSplit"))
    if header:
        etree.SubElement(trpr, _w("tblHeader"))
    return tr


def _cell(tr: Any, width: int, v_align: str, shade: str | None = None) -> Any:
    tc = etree.SubElement(tr, _w("tc"))
    tcpr = etree.SubElement(tc, _w("tcPr"))
    etree.SubElement(tcpr, _w("tcW")).attrib.update({_w("w"): str(width), _w("type"): "dxa"})
    if shade:
        etree.SubElement(tcpr, _w("shd")).attrib.update({_w("val"): "clear", _w("color"): "auto", _w("fill"): shade})
    etree.SubElement(tcpr, _w("vAlign")).set(_w("val"), v_align)
    return tc


def _header_rows(tbl: Any, view: DocumentView, widths: list[int]) -> None:
    if view.header_groups is not None:
        _grouped_header(tbl, view, widths)
        for texts in view.header_rows[1:]:  # the numbering row
            tr = _row(header=view.repeat_header)
            for text, width in zip(texts, widths, strict=True):
                _cell(tr, width, "center").append(_paragraph(text, STYLE_TABLE_HEADER))
            tbl.append(tr)
        return
    for index, texts in enumerate(view.header_rows):
        tr = _row(header=view.repeat_header)
        for text, width in zip(texts, widths, strict=True):
            tc = _cell(tr, width, "center", shade="D9D9D9" if index == 0 else None)
            tc.append(_paragraph(text, STYLE_TABLE_HEADER))
        tbl.append(tr)


def _grouped_header(tbl: Any, view: DocumentView, widths: list[int]) -> None:
    """Two header rows: each group's text over its columns (gridSpan), then the columns' own
    headers; a column of no group has one header cell merged down over both rows (vMerge)."""
    assert view.header_groups is not None
    top = _row(header=view.repeat_header)
    below = _row(header=view.repeat_header)
    column = 0
    for text, span in view.header_groups:
        width = sum(widths[column : column + span])
        tc = _cell(top, width, "center", shade="D9D9D9")
        tcpr = tc.find(_w("tcPr"))
        if text is None:
            tcpr.find(_w("tcW")).addnext(_vmerge("restart"))
            tc.append(_paragraph(view.header_rows[0][column], STYLE_TABLE_HEADER))
            merged = _cell(below, widths[column], "center", shade="D9D9D9")
            merged.find(_w("tcPr")).find(_w("tcW")).addnext(_vmerge(None))
            merged.append(_paragraph("", STYLE_TABLE_HEADER))
        else:
            if span > 1:
                span_element = etree.Element(_w("gridSpan"))
                span_element.set(_w("val"), str(span))
                tcpr.find(_w("tcW")).addnext(span_element)
            tc.append(_paragraph(text, STYLE_TABLE_HEADER))
            for index in range(column, column + span):
                own = _cell(below, widths[index], "center", shade="D9D9D9")
                own.append(_paragraph(view.header_rows[0][index], STYLE_TABLE_HEADER))
        column += span
    tbl.append(top)
    tbl.append(below)


def _vmerge(value: str | None) -> Any:
    element = etree.Element(_w("vMerge"))
    if value is not None:
        element.set(_w("val"), value)
    return element


TABLE_MARKER = "RKT-DATA-ROWS-GO-HERE"
# Written as an XML comment: user text is escaped ("<" becomes "&lt;"), so no value can ever
# produce these bytes, whatever words it holds (a pengantar once held the bare marker text).
_MARKER_BYTES = f"<!--{TABLE_MARKER}-->".encode()


def _signature_row(view: DocumentView, widths: list[int]) -> Any:
    """The signature block as the table's last row: one borderless cell across every column,
    holding a spacing line and the signature table. LibreOffice keeps rows of one table
    together (keep-with-next on the last data rows, see pagination.plan_pages) but never a table row
    with a paragraph or another table after it; inside the table, the signature goes to the next
    page only together with the last rows, in Word and in LibreOffice alike."""
    tr = _row(header=False)  # cantSplit: the signature block is never cut
    tc = etree.SubElement(tr, _w("tc"))
    tcpr = etree.SubElement(tc, _w("tcPr"))  # children in the schema's order: tcW, gridSpan, tcBorders
    etree.SubElement(tcpr, _w("tcW")).attrib.update({_w("w"): str(sum(widths)), _w("type"): "dxa"})
    etree.SubElement(tcpr, _w("gridSpan")).set(_w("val"), str(len(widths)))
    borders = etree.SubElement(tcpr, _w("tcBorders"))
    for side in ("left", "bottom", "right"):  # the top border stays: it closes the table
        etree.SubElement(borders, _w(side)).set(_w("val"), "nil")
    tc.append(_paragraph("", STYLE_SIGNATURE))
    tc.append(_signature(view, sum(widths) - 2 * CELL_MARGIN_TWIPS))
    tc.append(_tiny_paragraph())  # a cell ends with a paragraph
    return tr


def _signature(view: DocumentView, text_width: int) -> Any:
    columns = view.signature.columns
    widths = [text_width // len(columns)] * len(columns)
    tbl = etree.Element(_w("tbl"))
    _table_properties(tbl, widths, borders=False)
    tr = _row(header=False)  # one unsplittable row keeps every signature block on one page
    for block, width in zip(columns, widths, strict=True):
        tc = _cell(tr, width, "top")
        lines: tuple[TextLine, ...] = block or (TextLine(""),)
        for line in lines:
            tc.append(_paragraph(line.text, STYLE_SIGNATURE, line.align, line.bold, line.underline, line.caps))
    tbl.append(tr)
    return tbl


def indikator_table(view: DocumentView, widths: list[int], signature: bool) -> Any:
    """The indikator table: header rows, a marker row where the data rows go, and (when
    `signature`) the signature row."""
    tbl = etree.Element(_w("tbl"), nsmap={"w": W_NS})
    _table_properties(tbl, widths, borders=True)
    _header_rows(tbl, view, widths)
    # The data rows go in as text when document.xml is written (data_rows_pieces, in
    # docx.render_docx); a marker row holds their place so the table stays well-formed until then.
    marker = _row(header=False)
    _cell(marker, widths[0], "top").append(etree.Comment(TABLE_MARKER))
    tbl.append(marker)
    if signature and not view.signature.is_empty:
        tbl.append(_signature_row(view, widths))
    return tbl


def _group_row_xml(line: TextLine, widths: list[int]) -> str:
    """A group row (RowView.groups_before): one cell across the table with its line, kept with
    the row below it."""
    keep = "<w:keepNext/>"
    jc = f'<w:jc w:val="{JC[line.align]}"/>' if line.align != "kiri" else ""
    bold = "<w:rPr><w:b/></w:rPr>" if line.bold else ""
    return (
        f'{_ROW_START}<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/><w:gridSpan w:val="{len(widths)}"/>'
        f'<w:vAlign w:val="top"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id(STYLE_TABLE)}"/>{keep}{jc}</w:pPr>'
        f'<w:r>{bold}<w:t xml:space="preserve">{_escape(line.text)}{_CELL_TAIL}{_ROW_END}'
    )


# The data rows are the bulk of a large document, so they are written as text: for each column
# one prepared cell in each of its three forms (plain, merge start, merge continuation), copied
# per row with the escaped text in its slot. Building them as lxml elements and moving them
# into python-docx's tree cost over 10 s for 40,000 rows; this costs well under one.
_ROW_START = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_ROW_END = "</w:tr>"
# The text colour of a merged column's value repeated on a row below its first (CellView.faint).
FAINT_COLOR = "808080"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What _escape changes; most cells hold none of it and are written as they are.
_NEEDS_ESCAPE = re.compile("[&<>\n\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """&, < and > as entities: what xml.sax.saxutils.escape does, whose import pulls in
    urllib.request, http and email (7 ms of every start-up)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _escape(text: str) -> str:
    """A cell's text as WordprocessingML character data: escaped, a line break as w:br."""
    text = xml_escape(text)
    if _XML_INVALID.search(text):
        text = _XML_INVALID.sub("", text)  # the loader rejects these; never write a broken file
    if "\n" in text:
        text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return text


_CELL_TAIL = "</w:t></w:r></w:p></w:tc>"


def _prepared_cells(width: int, align: str) -> dict[tuple[str, bool, bool], str]:
    """A column's cell up to its text, for each (merge, keep with next, faint); a continuation
    cell is complete (it has no text)."""
    jc = f'<w:jc w:val="{JC[align]}"/>' if align != "kiri" else ""
    tcw = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
    merges = {"none": "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}
    heads: dict[tuple[str, bool, bool], str] = {}
    for merge, vmerge in merges.items():
        for keep in (False, True):
            # Keep-with-next on every paragraph of a row keeps the row with the next one: how
            # Word documents keeping table rows together, and what LibreOffice honours too.
            keep_next = "<w:keepNext/>" if keep else ""  # pPr order: pStyle, keepNext, …, jc
            paragraph = (
                f'<w:vAlign w:val="top"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id(STYLE_TABLE)}"/>'
                f"{keep_next}{jc}</w:pPr>"
            )
            for faint in (False, True):
                color = f'<w:rPr><w:color w:val="{FAINT_COLOR}"/></w:rPr>' if faint else ""
                if merge == "continue":
                    heads[merge, keep, faint] = tcw + vmerge + paragraph + "</w:p></w:tc>"
                else:
                    heads[merge, keep, faint] = tcw + vmerge + paragraph + f'<w:r>{color}<w:t xml:space="preserve">'
    return heads


ROWS_PER_PIECE = 500
"""Data rows made, encoded and compressed at a time (data_rows_pieces): the document's XML is
never held whole, and a piece is large enough that its overhead does not count."""


def data_rows_xml(view: DocumentView, widths: list[int]) -> str:
    """Every data row as WordprocessingML text (the w: prefix bound by the document)."""
    return "".join(data_rows_pieces(view, widths))


def data_rows_pieces(view: DocumentView, widths: list[int]) -> Iterator[str]:
    """data_rows_xml in pieces of ROWS_PER_PIECE rows (the last one possibly empty)."""
    prepared = [_prepared_cells(w, c.align) for w, c in zip(widths, view.columns, strict=True)]
    # Each column's heads for a row that keeps with the next and for one that does not, by
    # (merge, faint): chosen once a row, not looked up by a three-part key for every cell.
    by_keep = {
        keep: [
            {(merge, faint): head for (merge, kept, faint), head in heads.items() if kept == keep} for heads in prepared
        ]
        for keep in (False, True)
    }
    # A cell's text escaped, by text: a program, kegiatan or pelaksana recurs on many rows, and
    # the search for what needs escaping cost more than a look-up.
    escaped: dict[str, str] = {}
    needs_escape = _NEEDS_ESCAPE.search
    parts: list[str] = []
    add = parts.append
    for number, row in enumerate(view.rows, start=1):
        if row.groups_before:
            for line in row.groups_before:
                add(_group_row_xml(line, widths))
        add(_ROW_START)
        for cell, heads in zip(row.cells, by_keep[row.keep_with_next], strict=True):
            merge = cell.merge
            add(heads[merge, cell.faint])
            if merge != "continue":
                text = cell.text
                safe = escaped.get(text)
                if safe is None:
                    safe = escaped[text] = _escape(text) if needs_escape(text) else text
                add(safe)
                add(_CELL_TAIL)
        add(_ROW_END)
        if number % ROWS_PER_PIECE == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts)
