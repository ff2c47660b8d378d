"""The parts of a document made of parts (DocumentView.parts) as WordprocessingML elements.

Drawn with the same pieces as the one-table document (rkt_cli.render.docx): the title style,
the intro style for statements, the indikator table with its data rows spliced in later, and
the signature block. Keeping together: a signature right after a table is that table's last
row (layout.parts folds it in), a program or serapan table keeps its rows together and with
that row, and
a statement followed by a signature keeps its last paragraph with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from rkt_cli.layout import DocumentView
from rkt_cli.parts import PartView, ProgramTableView
from rkt_cli.render.docx_styles import STYLE_INTRO, STYLE_TABLE, STYLE_TITLE, _paragraph, _tiny_paragraph, _twips, _w
from rkt_cli.render.docx_table import (
    _cell,
    _header_rows,
    _row,
    _signature,
    _signature_row,
    _table_properties,
    indikator_table,
)


def add_parts(add: Callable[[Any], None], view: DocumentView, widths: list[int]) -> None:
    """Every part of `view` in order, through `add` (which puts an element into the body)."""
    assert view.parts is not None
    text_width = _twips(view.page.width_mm - view.page.margin_left_mm - view.page.margin_right_mm)
    parts = view.parts
    for index, part in enumerate(parts):
        signature_next = index + 1 < len(parts) and parts[index + 1].kind == "tanda_tangan"
        if part.kind == "judul":
            for line in part.lines:
                add(_paragraph(line.text, STYLE_TITLE, line.align, line.bold, line.underline, line.caps))
        elif part.kind == "teks":
            for number, line in enumerate(part.lines):
                keep = signature_next and number == len(part.lines) - 1
                add(_statement(line.text, line.align, part, keep))
        elif part.kind == "ganti_halaman":
            add(_page_break())
        elif part.kind == "tabel":
            add(indikator_table(view, widths, signature=part.signature))
            add(_tiny_paragraph())  # two tables in a row need a paragraph between them
        elif part.kind in ("tabel_program", "tabel_serapan") and part.program_table is not None:
            for line in part.lines:  # the lines above it keep with it (the title style's keep-with-next)
                add(_paragraph(line.text, STYLE_TITLE, line.align, line.bold, line.underline, line.caps))
            add(_program_table(view, part.program_table, part.signature))
            add(_tiny_paragraph())
        elif part.kind == "tanda_tangan" and not view.signature.is_empty:
            add(_signature(view, text_width))
            add(_tiny_paragraph())
    add(_tiny_paragraph())  # the body ends with a paragraph


def _statement(text: str, align: str, part: PartView, keep_with_next: bool) -> Any:
    """A statement paragraph in the intro's style; a tab in its text goes to the part's tab stop."""
    p = _paragraph("", STYLE_INTRO, align)
    ppr = p.find(_w("pPr"))
    # pPr children in the schema's order: pStyle, keepNext, …, tabs, …, ind, jc.
    style = ppr.find(_w("pStyle"))
    if keep_with_next:
        style.addnext(etree.Element(_w("keepNext")))
    jc = ppr.find(_w("jc"))
    if part.tab_mm is not None:
        tabs = etree.Element(_w("tabs"))
        tab = etree.SubElement(tabs, _w("tab"))
        tab.attrib.update({_w("val"): "left", _w("pos"): str(_twips(part.tab_mm))})
        (ppr.find(_w("keepNext")) if ppr.find(_w("keepNext")) is not None else style).addnext(tabs)
    if part.indent_mm is not None:
        ind = etree.Element(_w("ind"))
        ind.attrib.update({_w("left"): str(_twips(part.indent_mm)), _w("firstLine"): "0"})
        if jc is not None:
            jc.addprevious(ind)
        else:
            ppr.append(ind)
    run = etree.SubElement(p, _w("r"))
    for number, line in enumerate(text.split("\n")):
        if number:
            etree.SubElement(run, _w("br"))
        for piece_number, piece in enumerate(line.split("\t")):
            if piece_number:
                etree.SubElement(run, _w("tab"))
            t = etree.SubElement(run, _w("t"))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = piece
    return p


def _page_break() -> Any:
    """What follows starts a new page: a one-point paragraph holding a page break."""
    p = _tiny_paragraph()
    etree.SubElement(etree.SubElement(p, _w("r")), _w("br")).set(_w("type"), "page")
    return p


def _program_table(view: DocumentView, table: ProgramTableView, signature: bool) -> Any:
    """No | Program | Anggaran (or the serapan table) with its Jumlah row; every row keeps with the next, so the table
    (and the signature row, when it ends the table) stands on one page."""
    widths = [_twips(c.width_mm) for c in table.columns]
    tbl = etree.Element(_w("tbl"))
    _table_properties(tbl, widths, borders=True)
    header_view = DocumentView(
        page=view.page,
        title=(),
        intro=None,
        columns=table.columns,
        header_rows=(tuple(c.header for c in table.columns),),
        repeat_header=True,
        rows=(),
        signature=view.signature,
        page_number=None,
        title_text="",
        author="",
        date=view.date,
    )
    _header_rows(tbl, header_view, widths)
    for texts in table.rows:
        tr = _row(header=False)
        for text, width, column in zip(texts, widths, table.columns, strict=True):
            _cell(tr, width, "top").append(_kept(_paragraph(text, STYLE_TABLE, column.align)))
        tbl.append(tr)
    tr = _row(header=False)
    span = table.total_span
    label = _cell(tr, sum(widths[:span]), "top")
    if span > 1:
        label.find(_w("tcPr")).find(_w("tcW")).addnext(_grid_span(span))
    label.append(_kept(_paragraph(table.total_row[0], STYLE_TABLE, "tengah", bold=True), signature))
    for text, width, column in zip(table.total_row[span:], widths[span:], table.columns[span:], strict=True):
        _cell(tr, width, "top").append(_kept(_paragraph(text, STYLE_TABLE, column.align, bold=True), signature))
    tbl.append(tr)
    if signature and not view.signature.is_empty:
        tbl.append(_signature_row(view, widths))
    return tbl


def _grid_span(span: int) -> Any:
    element = etree.Element(_w("gridSpan"))
    element.set(_w("val"), str(span))
    return element


def _kept(p: Any, keep: bool = True) -> Any:
    """The paragraph kept with the next (a row whose paragraphs all keep with the next keeps
    with the next row, in Word and in LibreOffice)."""
    if keep:
        p.find(_w("pPr")).find(_w("pStyle")).addnext(etree.Element(_w("keepNext")))
    return p
