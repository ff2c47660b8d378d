"""The DOCX's paragraphs and styles: WordprocessingML names, the RKT paragraph styles a
reference.docx is given, and the paragraph elements the rest of the writer is made of (title
and signature lines, the tiny spacer, the footer). Nothing here knows the layout's view, so
rkt_cli.reference_docx can read the style names from here.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TWIPS_PER_MM = 1440 / 25.4

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
