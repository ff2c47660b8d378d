"""DocumentView → DOCX bytes, starting from the template's reference.docx.

The renderer decides nothing about content: it draws the view. Three things matter beyond that:
- Speed. python-docx's `add_row()` + `cell.text` costs seconds for a few thousand rows and
  `table.cell()` is quadratic, so the table is built directly as WordprocessingML
  (docx_table.py): the data rows as text, each column's cell prepared once and copied per row,
  made and compressed in pieces, so that a large document's XML is never held whole.
- Reproducibility. The same input gives the same bytes: fixed document properties (from
  SOURCE_DATE_EPOCH, else the document's own date), fixed zip entry times and order
  (docx_package.py).
- Many files in one run. Opening the reference.docx in python-docx, adding the styles and
  compressing its parts again cost nine tenths of a small document's time, and it is the same
  work for every file: it is done once per reference and page settings (`_skeleton`, cached;
  for a shipped template not at all: its skeleton is shipped, docx_skeleton.py), and each
  document builds only its own parts (document.xml, core.xml, the footer's words) with lxml,
  byte for byte as python-docx wrote them, and writes them beside the reference's parts,
  already compressed. So a document of a shipped template is made without python-docx, whose
  import alone cost a small document 35 ms.

The writer's modules, by job: docx_styles (paragraphs and styles), docx_table (the table),
docx_pdf_cuts (the PDF's copy cut into tables), docx_parts (a document made of parts),
docx_skeleton (the reference's shared parts), docx_package (the zip). This one puts a document
together (the reference's parts, fonts and page, the body, properties and footer); the names
other modules use are importable from here.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
import zlib
from typing import TYPE_CHECKING, Any

from lxml import etree

from rkt_cli.layout import DocumentView, PageView
from rkt_cli.render.docx_package import (
    _RAW_ZIP_MAX_BYTES,
    _RAW_ZIP_MAX_ENTRIES,
    ZIP_LATEST,
    _deflate,
    _deflate_pieces,
    _zip_raw,
    _zip_with_zipfile,
    normalize_zip,
)
from rkt_cli.render.docx_pdf_cuts import PDF_MAX_ROWS_PER_TABLE, sasaran_starts, split_rows_pieces, table_cuts
from rkt_cli.render.docx_skeleton import Skeleton, _page_setup, apply_fonts, skeleton
from rkt_cli.render.docx_styles import (
    PARAGRAPH_STYLES,
    STYLE_INTRO,
    STYLE_TITLE,
    W_NS,
    _add_runs,
    _own_footer,
    _paragraph,
    _tiny_paragraph,
    _twips,
    _w,
    ensure_styles,
)
from rkt_cli.render.docx_table import _MARKER_BYTES, FAINT_COLOR, data_rows_pieces, indikator_table

if TYPE_CHECKING:
    from rkt_cli.templating import Template

# Importable from here, as before the writer was split by job.
__all__ = [
    "FAINT_COLOR",
    "PARAGRAPH_STYLES",
    "PDF_MAX_ROWS_PER_TABLE",
    "W_NS",
    "ZIP_LATEST",
    "_own_footer",
    "_page_setup",
    "apply_fonts",
    "document_datetime",
    "ensure_styles",
    "normalize_zip",
    "render_docx",
    "sasaran_starts",
    "table_cuts",
]


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


# The core properties' namespaces (docProps/core.xml), for _properties.
_CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_DCTERMS_NS = "http://purl.org/dc/terms/"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_CORE_NAMESPACES = {"cp": _CP_NS, "dc": _DC_NS, "dcterms": _DCTERMS_NS}


def _properties(core: Any, view: DocumentView, when: dt.datetime) -> None:
    """The document's core properties, set in core.xml's root (cp:coreProperties) as
    python-docx's CoreProperties sets them, in the same order, so the bytes are those it wrote:
    each property's first element is reused, a missing one appended at the end; a date is
    written in UTC form, and created/modified carry xsi:type. (python-docx itself costs 35 ms of
    imports, of every render, for these few elements.)"""
    when_text = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for prefix, name, value in (
        ("dc", "title", _fit_property(view.title_text)),
        ("dc", "subject", "Rencana Kinerja Tahunan"),
        ("dc", "creator", _fit_property(view.author)),
        ("cp", "lastModifiedBy", _fit_property(view.author)),
        ("dcterms", "created", when_text),
        ("dcterms", "modified", when_text),
        ("cp", "lastPrinted", when_text),
        ("cp", "revision", "1"),
        ("dc", "description", "Dibuat dengan rkt"),
    ):
        namespace = _CORE_NAMESPACES[prefix]
        tag = f"{{{namespace}}}{name}"
        element = core.find(tag)
        if element is None:
            # Made apart and then appended, as python-docx does: its own declaration of the
            # prefix is dropped on the way in where the root declares it already.
            element = etree.Element(tag, nsmap={prefix: namespace})
            core.append(element)
        element.text = value
        if name in ("created", "modified"):
            # python-docx's way, kept for its bytes: an attribute set on the root and removed
            # again declares the xsi prefix there, not on each element that uses it.
            core.set(f"{{{_XSI_NS}}}foo", "bar")
            element.set(f"{{{_XSI_NS}}}type", "dcterms:W3CDTF")
            del core.attrib[f"{{{_XSI_NS}}}foo"]


# python-docx's parser settings (docx.oxml.parser) and serializer (docx.opc.oxml): a part
# parsed and written here gives the bytes python-docx gives, without importing it.
_PART_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _parse_part(xml: bytes) -> Any:
    return etree.fromstring(xml, _PART_PARSER)


def _serialize_part(root: Any) -> bytes:
    return etree.tostring(root, encoding="UTF-8", standalone=True)


SKELETON_CACHE_SIZE = 4
"""Skeletons kept (least recently used dropped): a run uses one template, a test a few."""


@functools.lru_cache(maxsize=SKELETON_CACHE_SIZE)
def _skeleton(reference_docx: bytes, page: PageView, page_number: bool) -> Skeleton:
    """The skeleton for this reference, page and page number (docx_skeleton: shipped or built).

    Cached on exactly what it is made from: the reference's bytes themselves (a dict key
    compares them in full, so another reference never gets this one's parts), the page and
    whether there is a page number. In `--jobs N` each worker process fills its own cache (a
    forked worker gets a copy of the parent's, which stays right: entries are never changed).
    """
    return skeleton(reference_docx, page, page_number)


def prepare_skeleton(template: Template) -> None:
    """Find or build the skeleton of this template's documents now (rkt render --jobs: forked
    workers inherit the cache, instead of each building it; for a shipped template it is
    found, and python-docx is not imported at all)."""
    from rkt_cli.layout import page_view

    _skeleton(template.reference_docx, page_view(template), template.spec.nomor_halaman is not None)


def _add_body(body: Any, view: DocumentView, widths: list[int]) -> None:
    """The title, the introduction and the table (its data rows still a marker row, see
    _around_marker) into a body that holds only its sectPr."""
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


def render_docx(
    view: DocumentView, reference_docx: bytes, *, for_pdf: bool = False, max_rows_per_table: int | None = None
) -> bytes:
    """The whole document as DOCX bytes: one table, or, for LibreOffice's PDF (`for_pdf`), tables
    of at most `max_rows_per_table` data rows (PDF_MAX_ROWS_PER_TABLE when not given; see
    docx_pdf_cuts). A `max_rows_per_table` alone splits too."""
    if for_pdf and max_rows_per_table is None:
        max_rows_per_table = PDF_MAX_ROWS_PER_TABLE
    skeleton = _skeleton(reference_docx, view.page, view.page_number is not None)
    # Each part of the document's own is parsed from the skeleton's bytes with python-docx's
    # parser settings and written as its serializer writes: the bytes python-docx would have saved.
    document = _parse_part(skeleton.document_xml)
    widths = [_twips(c.width_mm) for c in view.columns]
    _add_body(document.find(_w("body")), view, widths)
    when = document_datetime(view)
    core = _parse_part(skeleton.core_xml)
    _properties(core, view, when)
    body_xml = _serialize_part(document)
    # A document made of parts may leave the indikator table out: then there is no marker row.
    has_table = view.parts is None or any(part.kind == "tabel" for part in view.parts)
    if has_table:
        # The data rows go where the marker row stands, compressed piece by piece as they are made.
        before, after = _around_marker(body_xml)
        rows = (
            data_rows_pieces(view, widths)
            if max_rows_per_table is None
            else split_rows_pieces(view, widths, max_rows_per_table)
        )
        pieces = itertools.chain((before,), (piece.encode("utf-8") for piece in rows), (after,))
        document_entry = _deflate_pieces(pieces)
    else:
        document_entry = _deflate(body_xml)
    own = {skeleton.document_name: document_entry, skeleton.core_name: _deflate(_serialize_part(core))}
    if skeleton.footer_name is not None:
        footer = _parse_part(skeleton.footer_xml)
        _footer_words(footer, view)
        own[skeleton.footer_name] = _deflate(_serialize_part(footer))

    entries = [(name, own[name] if name in own else skeleton.fixed[name]) for name in skeleton.names]
    if sum(entry.size for _, entry in entries) > _RAW_ZIP_MAX_BYTES or len(entries) > _RAW_ZIP_MAX_ENTRIES:
        # zip64 territory, where zipfile's records differ from _zip_raw's: let zipfile write it.
        return _zip_with_zipfile([(name, zlib.decompress(entry.data, -15)) for name, entry in entries], when)
    return _zip_raw(entries, when)


def _around_marker(document_xml: bytes) -> tuple[bytes, bytes]:
    """document.xml before the marker row and after it: the data rows go between."""
    start = document_xml.find(_MARKER_BYTES)
    if start < 0 or document_xml.count(_MARKER_BYTES) != 1:
        raise RuntimeError("internal error: the table marker is not in document.xml exactly once")
    row_start = document_xml.rfind(b"<w:tr>", 0, start)
    row_end = document_xml.find(b"</w:tr>", start) + len(b"</w:tr>")
    return document_xml[:row_start], document_xml[row_end:]
