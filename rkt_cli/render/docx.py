"""DocumentView → DOCX bytes, starting from the template's reference.docx.

The renderer decides nothing about content: it draws the view. Three things matter beyond that:
- Speed. python-docx's `add_row()` + `cell.text` costs seconds for a few thousand rows and
  `table.cell()` is quadratic, so the table is built directly as WordprocessingML: each column's
  cell is prepared once (plain, merge start, merge continuation) and copied per data row;
  merges (w:vMerge) and header flags (w:tblHeader) are written as elements.
- Reproducibility. The same input gives the same bytes: fixed document properties (from
  SOURCE_DATE_EPOCH, else the document's own date), fixed zip entry times and order.
- Many files in one run. Opening the reference.docx in python-docx, adding the styles and
  compressing its parts again cost nine tenths of a small document's time, and it is the same
  work for every file: it is done once per reference and page settings (`_skeleton`, cached),
  and each document builds only its own parts (document.xml, core.xml, the footer's words) and
  writes them beside the reference's parts, already compressed (`_zip_raw`).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from rkt_cli.layout import CellView, DocumentView, PageView, RowView, TextLine

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_TWIPS = 85  # 1.5 mm left and right inside every table cell
# Above and below: a little, so that the last line of a cell does not sit on the border
# (Word's default 0 looks right only with its Normal style's 8 pt space after each paragraph).
CELL_PADDING_TWIPS = 28  # 0.5 mm

JC = {"kiri": "left", "tengah": "center", "kanan": "right", "rata": "both"}

# Paragraph styles the renderer uses; a reference.docx that lacks one gets it with these defaults.
STYLE_TITLE = "RKT Judul"
STYLE_INTRO = "RKT Pengantar"
STYLE_TABLE = "RKT Tabel"
STYLE_TABLE_HEADER = "RKT Tabel Judul"
STYLE_SIGNATURE = "RKT Tanda Tangan"
STYLE_FOOTER = "RKT Kaki"
PARAGRAPH_STYLES = (STYLE_TITLE, STYLE_INTRO, STYLE_TABLE, STYLE_TABLE_HEADER, STYLE_SIGNATURE, STYLE_FOOTER)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def style_id(name: str) -> str:
    """Word's style id for a style name: the name without spaces (as python-docx makes it)."""
    return name.replace(" ", "")


def ensure_styles(document: Any) -> None:
    """Add the RKT paragraph styles a document lacks. Used by the renderer and by
    templates/build_reference_docx.py, so both agree on what a fresh style looks like."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    styles = document.styles
    existing = {s.name for s in styles}

    def add(name: str, base: str = "Normal") -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        return style

    if STYLE_TITLE not in existing:
        style = add(STYLE_TITLE)
        style.font.size = Pt(12)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.keep_with_next = True
    if STYLE_INTRO not in existing:
        style = add(STYLE_INTRO)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.first_line_indent = Mm(12.5)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(12)
        style.paragraph_format.line_spacing = 1.15
    if STYLE_TABLE not in existing:
        style = add(STYLE_TABLE)
        style.font.size = Pt(9)
    if STYLE_TABLE_HEADER not in existing:
        style = add(STYLE_TABLE_HEADER, STYLE_TABLE)
        style.font.bold = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if STYLE_SIGNATURE not in existing:
        style = add(STYLE_SIGNATURE)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if STYLE_FOOTER not in existing:
        style = add(STYLE_FOOTER)
        style.font.size = Pt(9)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _set_font(style: Any, name: str | None, size_pt: float | None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if size_pt is not None:
        style.font.size = Pt(size_pt)
    if name is not None:
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = etree.SubElement(rpr, qn("w:rFonts"))
            rpr.remove(fonts)
            rpr.insert(0, fonts)
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]  # theme fonts would win over the named font
        for kind in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{kind}"), name)


def apply_fonts(document: Any, page: PageView) -> None:
    """The template's huruf settings, written into the styles (not into every run)."""
    styles = document.styles
    _set_font(styles["Normal"], page.font_name, page.font_size_pt)
    _set_font(styles[STYLE_TITLE], None, page.title_size_pt)
    _set_font(styles[STYLE_TABLE], None, page.table_size_pt)


def _page_setup(document: Any, page: PageView) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
        section.page_width = Mm(page.width_mm)
        section.page_height = Mm(page.height_mm)
        section.top_margin = Mm(page.margin_top_mm)
        section.bottom_margin = Mm(page.margin_bottom_mm)
        section.left_margin = Mm(page.margin_left_mm)
        section.right_margin = Mm(page.margin_right_mm)
        section.header_distance = Mm(min(10.0, page.margin_top_mm / 2))
        section.footer_distance = Mm(min(8.0, page.margin_bottom_mm / 2))


def _paragraph(
    text: str, style: str, align: str | None = None, bold: bool = False, underline: bool = False, caps: bool = False
) -> Any:
    p = etree.Element(_w("p"))
    ppr = etree.SubElement(p, _w("pPr"))
    etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style_id(style))
    if align is not None:
        etree.SubElement(ppr, _w("jc")).set(_w("val"), JC[align])
    if text:
        _add_runs(p, text, bold, underline, caps)
    return p


def _add_runs(p: Any, text: str, bold: bool = False, underline: bool = False, caps: bool = False) -> None:
    """Text as runs; a newline in the text becomes a line break (w:br)."""
    r = etree.SubElement(p, _w("r"))
    if bold or underline or caps:
        rpr = etree.SubElement(r, _w("rPr"))  # children in the schema's order: b, caps, u
        if bold:
            etree.SubElement(rpr, _w("b"))
        if caps:
            etree.SubElement(rpr, _w("caps"))
        if underline:
            etree.SubElement(rpr, _w("u")).set(_w("val"), "single")
    for index, piece in enumerate(text.split("\n")):
        if index:
            etree.SubElement(r, _w("br"))
        t = etree.SubElement(r, _w("t"))
        t.set(f"{{{XML_NS}}}space", "preserve")
        t.text = piece


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
TABLE_MARKER = "RKT-DATA-ROWS-GO-HERE"
# Written as an XML comment: user text is escaped ("<" becomes "&lt;"), so no value can ever
# produce these bytes, whatever words it holds (a pengantar once held the bare marker text).
_MARKER_BYTES = f"<!--{TABLE_MARKER}-->".encode()


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


def data_rows_xml(view: DocumentView, widths: list[int]) -> str:
    """Every data row as WordprocessingML text (the w: prefix bound by the document)."""
    prepared = [_prepared_cells(w, c.align) for w, c in zip(widths, view.columns, strict=True)]
    parts: list[str] = []
    add = parts.append
    for row in view.rows:
        for line in row.groups_before:
            add(_group_row_xml(line, widths))
        add(_ROW_START)
        keep = row.keep_with_next
        for cell, heads in zip(row.cells, prepared, strict=True):
            merge = cell.merge
            add(heads[merge, keep, cell.faint])
            if merge != "continue":
                add(_escape(cell.text))
                add(_CELL_TAIL)
        add(_ROW_END)
    return "".join(parts)


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


def _tiny_paragraph() -> Any:
    """An empty paragraph one point high: where WordprocessingML needs a paragraph after a table
    (at the end of a cell, of the body), one that can never push a blank page."""
    p = etree.Element(_w("p"))
    ppr = etree.SubElement(p, _w("pPr"))
    etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style_id(STYLE_SIGNATURE))
    spacing = etree.SubElement(ppr, _w("spacing"))
    spacing.attrib.update({_w("before"): "0", _w("after"): "0", _w("line"): "20", _w("lineRule"): "exact"})
    rpr = etree.SubElement(ppr, _w("rPr"))
    etree.SubElement(rpr, _w("sz")).set(_w("val"), "2")
    etree.SubElement(rpr, _w("szCs")).set(_w("val"), "2")
    return p


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


def _own_footer(document: Any) -> Any:
    """The first section's own footer (not the previous section's), its first paragraph emptied
    and given the footer style, ready for the page number's words (_footer_words). Returns the
    footer's part."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    ppr = etree.SubElement(p, _w("pPr"))
    etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style_id(STYLE_FOOTER))
    return footer.part


def _footer_words(footer: Any, view: DocumentView) -> None:
    """The page number's words into the first paragraph of a footer part's root (w:ftr)."""
    if view.page_number is None:
        return
    p = footer.find(_w("p"))
    for kind, text in view.page_number:
        if kind == "field":
            field = etree.SubElement(p, _w("fldSimple"))
            field.set(_w("instr"), f" {text} ")
            r = etree.SubElement(field, _w("r"))
            etree.SubElement(r, _w("t")).text = "1"  # shown until the field is updated
        else:
            _add_runs(p, text)


CORE_PROPERTY_MAX = 255
MAX_EPOCH_SECONDS = int((dt.datetime(9999, 12, 31) - dt.datetime(1970, 1, 1)).total_seconds())
# A zip entry stores its time as MS-DOS date fields: years 1980 to 2107 only. Python's zipfile
# raises struct.error beyond, so every time is clamped into that range before it gets there.
ZIP_EARLIEST = dt.datetime(1980, 1, 1)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)


def document_datetime(view: DocumentView) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the document's own date.

    A value that is not ASCII digits (empty, negative, "²", "1e9") is ignored as if unset:
    str.isdigit() would accept "²", which int() then refuses.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"[0-9]+", epoch):
        # Clamped: a date past year 9999 cannot be a datetime at all (and the zip clamps further).
        seconds = min(int(epoch[:20]), MAX_EPOCH_SECONDS)
        return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)
    return dt.datetime(view.date.year, view.date.month, view.date.day)


def _fit_property(text: str) -> str:
    """Core properties hold at most 255 characters (python-docx raises beyond): shorten with …"""
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"


def _properties(props: Any, view: DocumentView, when: dt.datetime) -> None:
    """The document's core properties (a python-docx CoreProperties)."""
    props.title = _fit_property(view.title_text)
    props.subject = "Rencana Kinerja Tahunan"
    props.author = _fit_property(view.author)
    props.last_modified_by = _fit_property(view.author)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = "Dibuat dengan rkt"


def _zip_date_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's time: MS-DOS fields, years 1980 to 2107, even seconds."""
    stamp = min(max(when, ZIP_EARLIEST), ZIP_LATEST)
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)


def _entry_order(names: list[str]) -> list[str]:
    # [Content_Types].xml first: some readers expect it there, as Word writes it.
    return sorted(names, key=lambda n: (n != "[Content_Types].xml", n))


ZIP_COMPRESS_LEVEL = 6


def _zip_with_zipfile(entries: list[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """Entries (name, content), in this order, with fixed entry times and attributes."""
    date_time = _zip_date_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=ZIP_COMPRESS_LEVEL)
    return out.getvalue()


def normalize_zip(data: bytes, when: dt.datetime, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Rewrite a DOCX zip with fixed entry times, attributes and order: same content, same bytes.
    `edits` changes the content of named entries on the way."""
    edits = edits or {}
    entries: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for name in _entry_order(source.namelist()):
            content = source.read(name)
            if name in edits:
                content = edits[name](content)
            entries.append((name, content))
    return _zip_with_zipfile(entries, when)


@dataclass(frozen=True, slots=True)
class _Deflated:
    """A zip entry's content as zipfile stores it (raw deflate at ZIP_COMPRESS_LEVEL)."""

    crc: int
    size: int
    data: bytes


def _deflate(content: bytes) -> _Deflated:
    # Exactly what zipfile's writestr does: a raw-deflate compressor (wbits -15) fed the whole
    # content at once, then flushed; so the bytes equal those of normalize_zip.
    compressor = zlib.compressobj(ZIP_COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return _Deflated(zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())


# The zip records as zipfile writes them for a deflated entry under 2 GiB (no zip64 fields):
# "version made by" and "needed to extract" 2.0, made on MS-DOS (create_system 0), the
# permissions zipfile gives an entry whose external_attr is 0 (rw-------), no extra field, no
# comment.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP_VERSION = 20
_UTF8_NAME_FLAG = 0x800
_EXTERNAL_ATTR = 0o600 << 16
# Beyond these zipfile adds zip64 records; such a document goes through zipfile itself. Half
# the limit for the sum of the contents leaves room for the headers and for deflate's growth of
# data that does not compress.
_RAW_ZIP_MAX_BYTES = zipfile.ZIP64_LIMIT // 2
_RAW_ZIP_MAX_ENTRIES = 0xFFFF


def _zip_raw(entries: list[tuple[str, _Deflated]], when: dt.datetime) -> bytes:
    """The bytes _zip_with_zipfile writes for the same entries, from already compressed data."""
    year, month, day, hour, minute, second = _zip_date_time(when)
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    out = bytearray()
    central = bytearray()
    for name, entry in entries:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME_FLAG
        offset = len(out)
        sizes = (entry.crc, len(entry.data), entry.size, len(encoded))
        out += _LOCAL_HEADER.pack(
            b"PK\x03\x04", _ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate, *sizes, 0
        )
        out += encoded
        out += entry.data
        central += _CENTRAL_HEADER.pack(
            b"PK\x01\x02", _ZIP_VERSION, 0, _ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate,
            *sizes, 0, 0, 0, 0, _EXTERNAL_ATTR, offset,
        )  # fmt: skip
        central += encoded
    start = len(out)
    out += central
    out += _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


@dataclass(frozen=True, slots=True)
class _Skeleton:
    """What every document rendered from one reference.docx with one page setup shares: its zip
    entries, compressed, except the three parts each document fills in (as python-docx saved
    them, ready to be parsed again)."""

    names: tuple[str, ...]  # every entry, in the order written
    fixed: dict[str, _Deflated]  # the entries no document changes
    document_name: str
    document_xml: bytes  # the body empty but for its sectPr, the page set up
    core_name: str
    core_xml: bytes
    footer_name: str | None  # the footer the page number goes into, when the document has one
    footer_xml: bytes


SKELETON_CACHE_SIZE = 4
"""Skeletons kept (least recently used dropped): a run uses one template, a test a few."""


@functools.lru_cache(maxsize=SKELETON_CACHE_SIZE)
def _skeleton(reference_docx: bytes, page: PageView, page_number: bool) -> _Skeleton:
    """The reference.docx with its sample text removed, the RKT styles added, the fonts and the
    page set up, its first footer made its own when the page is numbered (`page_number`).

    Cached on exactly what it is made from: the reference's bytes themselves (a dict key
    compares them in full, so another reference never gets this one's parts), the page and
    whether there is a page number. In `--jobs N` each worker process fills its own cache (a
    forked worker gets a copy of the parent's, which stays right: entries are never changed).
    """
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = Document(io.BytesIO(reference_docx))
    body = document.element.body
    for child in list(body):
        if child.tag != _w("sectPr"):
            body.remove(child)  # the reference's own sample text, if any; headers stay
    ensure_styles(document)
    apply_fonts(document, page)
    _page_setup(document, page)
    footer = _own_footer(document) if page_number else None
    document.core_properties  # noqa: B018  (made here when the reference has none)
    core = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as saved:
        names = _entry_order(saved.namelist())
        contents = {name: saved.read(name) for name in names}
    own = {document.part.partname.membername, core.partname.membername}
    if footer is not None:
        own.add(footer.partname.membername)
    return _Skeleton(
        names=tuple(names),
        fixed={name: _deflate(content) for name, content in contents.items() if name not in own},
        document_name=document.part.partname.membername,
        document_xml=contents[document.part.partname.membername],
        core_name=core.partname.membername,
        core_xml=contents[core.partname.membername],
        footer_name=None if footer is None else footer.partname.membername,
        footer_xml=b"" if footer is None else contents[footer.partname.membername],
    )


def _add_body(body: Any, view: DocumentView, widths: list[int]) -> None:
    """The title, the introduction and the table (its data rows still a marker row, see
    _splice_rows) into a body that holds only its sectPr."""
    sect_pr = body[-1] if len(body) and body[-1].tag == _w("sectPr") else None

    def add(element: Any) -> None:
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)

    if view.parts is not None:
        from rkt_cli.render.docx_parts import add_parts

        add_parts(add, view, widths)
        return
    for line in view.title:
        add(_paragraph(line.text, STYLE_TITLE, line.align, line.bold, line.underline, line.caps))
    add(_paragraph(view.intro or "", STYLE_INTRO))  # empty, it still spaces the title from the table
    add(indikator_table(view, widths, signature=True))
    add(_tiny_paragraph())  # the body ends with a paragraph after a table


def indikator_table(view: DocumentView, widths: list[int], signature: bool) -> Any:
    """The indikator table: header rows, a marker row where the data rows go, and (when
    `signature`) the signature row."""
    tbl = etree.Element(_w("tbl"), nsmap={"w": W_NS})
    _table_properties(tbl, widths, borders=True)
    _header_rows(tbl, view, widths)
    # The data rows are spliced in as text after saving (see data_rows_xml); a marker row holds
    # their place so the table stays well-formed until then.
    marker = _row(header=False)
    _cell(marker, widths[0], "top").append(etree.Comment(TABLE_MARKER))
    tbl.append(marker)
    if signature:
        tbl.append(_signature_row(view, widths))
    return tbl


def render_docx(
    view: DocumentView, reference_docx: bytes, *, for_pdf: bool = False, max_rows_per_table: int | None = None
) -> bytes:
    """The whole document as DOCX bytes: one table, or, for LibreOffice's PDF (`for_pdf`), tables
    of at most `max_rows_per_table` data rows (PDF_MAX_ROWS_PER_TABLE when not given; see
    split_rows_xml). A `max_rows_per_table` alone splits too."""
    if for_pdf and max_rows_per_table is None:
        max_rows_per_table = PDF_MAX_ROWS_PER_TABLE
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    skeleton = _skeleton(reference_docx, view.page, view.page_number is not None)
    # Each part of the document's own is parsed from the skeleton's bytes with python-docx's
    # parser and written with its serializer: the bytes python-docx itself would have saved.
    document = parse_xml(skeleton.document_xml)
    widths = [_twips(c.width_mm) for c in view.columns]
    _add_body(document.find(_w("body")), view, widths)
    rows = (
        data_rows_xml(view, widths) if max_rows_per_table is None else split_rows_xml(view, widths, max_rows_per_table)
    ).encode("utf-8")
    when = document_datetime(view)
    core: Any = parse_xml(skeleton.core_xml)  # a CT_CoreProperties: the parser picks the class
    _properties(CoreProperties(core), view, when)
    body_xml = serialize_part_xml(document)
    # A document made of parts may leave the indikator table out: then there is no marker row.
    has_table = view.parts is None or any(part.kind == "tabel" for part in view.parts)
    own = {
        skeleton.document_name: _splice_rows(body_xml, rows) if has_table else body_xml,
        skeleton.core_name: serialize_part_xml(core),
    }
    if skeleton.footer_name is not None:
        footer = parse_xml(skeleton.footer_xml)
        _footer_words(footer, view)
        own[skeleton.footer_name] = serialize_part_xml(footer)

    total = sum(len(content) for content in own.values()) + sum(entry.size for entry in skeleton.fixed.values())
    if total > _RAW_ZIP_MAX_BYTES or len(skeleton.names) > _RAW_ZIP_MAX_ENTRIES:
        # zip64 territory, where zipfile's records differ from _zip_raw's: let zipfile write it.
        contents = [
            (name, own[name] if name in own else zlib.decompress(skeleton.fixed[name].data, -15))
            for name in skeleton.names
        ]
        return _zip_with_zipfile(contents, when)
    entries = [(name, _deflate(own[name]) if name in own else skeleton.fixed[name]) for name in skeleton.names]
    return _zip_raw(entries, when)


def _splice_rows(document_xml: bytes, rows: bytes) -> bytes:
    """Replace the marker row with the data rows."""
    start = document_xml.find(_MARKER_BYTES)
    if start < 0 or document_xml.count(_MARKER_BYTES) != 1:
        raise RuntimeError("internal error: the table marker is not in document.xml exactly once")
    row_start = document_xml.rfind(b"<w:tr>", 0, start)
    row_end = document_xml.find(b"</w:tr>", start) + len(b"</w:tr>")
    return document_xml[:row_start] + rows + document_xml[row_end:]


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
    cuts = table_cuts(view, max_rows)
    if not cuts:
        return data_rows_xml(view, widths)
    rows = list(view.rows)
    carried = [""] * len(view.columns)  # each column's value where its current merge began
    texts: list[str] = []
    bounds = [0, *cuts, len(rows)]
    for start, stop in itertools.pairwise(bounds):
        part = _reopened(rows, start, stop, carried)
        for row in rows[start:stop]:
            for i, cell in enumerate(row.cells):
                if cell.merge != "continue":
                    carried[i] = cell.text
        if start:
            texts.append(_table_break_xml(view, widths))
        texts.append(data_rows_xml(replace(view, rows=tuple(part)), widths))
    return "".join(texts)
