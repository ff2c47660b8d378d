"""The skeleton of a DOCX: what every document rendered from one reference.docx with one page
setup shares (docx.render_docx fills in the rest).

Building it means opening the reference in python-docx, adding the RKT styles, the fonts and
the page, and saving: 17 ms, and 35 ms more to import python-docx, in every process, for the
same few parts. So the skeletons of the shipped templates are shipped too, built once
(`python -m rkt_cli.render.docx_skeleton` writes them into skeletons/) and found by a key made
of exactly what a skeleton is built from: the reference's bytes, the page and whether there is
a page number. A reference or page of the user's own, or a shipped template changed since,
finds none and is built here as before; tests/test_docx_skeleton.py checks that every shipped
skeleton is exactly what would be built.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from rkt_cli.layout import PageView
from rkt_cli.render.docx_package import _deflate, _Deflated, _entry_order, _zip_raw
from rkt_cli.render.docx_styles import STYLE_TABLE, STYLE_TITLE, _own_footer, _w, ensure_styles

SHIPPED = Path(__file__).resolve().parent / "skeletons"
"""The shipped skeletons, one file a key (see _key)."""


@dataclass(frozen=True, slots=True)
class Skeleton:
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


def skeleton(reference_docx: bytes, page: PageView, page_number: bool) -> Skeleton:
    """The shipped skeleton for these, else one built from the reference."""
    return shipped_skeleton(reference_docx, page, page_number) or build_skeleton(reference_docx, page, page_number)


def build_skeleton(reference_docx: bytes, page: PageView, page_number: bool) -> Skeleton:
    """The reference.docx with its sample text removed, the RKT styles added, the fonts and the
    page set up, its first footer made its own when the page is numbered (`page_number`)."""
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
    return Skeleton(
        names=tuple(names),
        fixed={name: _deflate(content) for name, content in contents.items() if name not in own},
        document_name=document.part.partname.membername,
        document_xml=contents[document.part.partname.membername],
        core_name=core.partname.membername,
        core_xml=contents[core.partname.membername],
        footer_name=None if footer is None else footer.partname.membername,
        footer_xml=b"" if footer is None else contents[footer.partname.membername],
    )


def _what(page: PageView, page_number: bool) -> str:
    """The page and page number a skeleton is built for, as text (the page's repr holds every
    field, so a field added to PageView never matches an older skeleton)."""
    return repr((page, page_number))


def _key(reference_docx: bytes, page: PageView, page_number: bool) -> str:
    """A shipped skeleton's file name. Only a name (crc32, not a digest: hashlib's import alone
    costs 3 ms): a skeleton found by it is used only when it names the very same reference
    bytes and page (shipped_skeleton compares them in full)."""
    what = _what(page, page_number).encode("utf-8")
    return f"{zlib.crc32(reference_docx):08x}-{len(reference_docx)}-{zlib.crc32(what):08x}.zip"


def _templates_folder() -> Path:
    """The folder the shipped templates are in (templates/, rkt_cli.templates when installed)."""
    from rkt_cli.shipped_templates import default_template_folder

    return default_template_folder().parent


# A shipped skeleton is a zip of the skeleton's entries, each compressed as _deflate does (so
# they are copied into a document as they are), and then one entry (_MANIFEST) of five lines:
# the three parts a document fills in (the footer's line empty when there is none), the shipped
# reference.docx it was built from (its path under the templates folder) and _what it is for.
_MANIFEST = "rkt-skeleton.txt"
_SHIPPED_TIME = dt.datetime(1980, 1, 1)


def shipped_skeleton(reference_docx: bytes, page: PageView, page_number: bool) -> Skeleton | None:
    """The shipped skeleton built from exactly these, or None (then it is built: the same
    bytes, only slower; so too when the file is damaged)."""
    path = SHIPPED / _key(reference_docx, page, page_number)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return _read_shipped(data, reference_docx, page, page_number)
    except (OSError, ValueError, LookupError, struct.error, zlib.error, zipfile.BadZipFile):
        return None


def _read_shipped(data: bytes, reference_docx: bytes, page: PageView, page_number: bool) -> Skeleton | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    entries: dict[str, _Deflated] = {}
    contents: dict[str, bytes] = {}
    for info in infos:
        # The local header: 30 bytes ending in the lengths of the name and the extra field that
        # follow it, then the data, which goes into every document as it is: so it is checked
        # against the entry's crc first (a few hundred microseconds).
        name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + name_length + extra_length
        entry = _Deflated(info.CRC, info.file_size, data[start : start + info.compress_size])
        content = zlib.decompress(entry.data, -15)
        if zlib.crc32(content) != entry.crc or len(content) != entry.size:
            raise ValueError(f"{info.filename}: damaged")
        entries[info.filename] = entry
        contents[info.filename] = content
    names = tuple(info.filename for info in infos[:-1])
    manifest = contents[infos[-1].filename].decode("utf-8")
    document_name, core_name, footer_name, reference_path, what = manifest.split("\n")
    if what != _what(page, page_number) or (_templates_folder() / reference_path).read_bytes() != reference_docx:
        return None  # other bytes or another page that only share the name
    own = {document_name, core_name, footer_name}
    return Skeleton(
        names=names,
        fixed={name: entries[name] for name in names if name not in own},
        document_name=document_name,
        document_xml=contents[document_name],
        core_name=core_name,
        core_xml=contents[core_name],
        footer_name=footer_name or None,
        footer_xml=contents[footer_name] if footer_name else b"",
    )


def shipped_bytes(built: Skeleton, reference_path: str, page: PageView, page_number: bool) -> bytes:
    """A skeleton built from the shipped reference at `reference_path` (under the templates
    folder) for `page` and `page_number`, as the file shipped_skeleton reads."""
    own = {built.document_name: built.document_xml, built.core_name: built.core_xml}
    if built.footer_name is not None:
        own[built.footer_name] = built.footer_xml
    entries = [(name, _deflate(own[name]) if name in own else built.fixed[name]) for name in built.names]
    lines = (built.document_name, built.core_name, built.footer_name or "", reference_path, _what(page, page_number))
    entries.append((_MANIFEST, _deflate("\n".join(lines).encode("utf-8"))))
    return _zip_raw(entries, _SHIPPED_TIME)


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


def write_shipped() -> list[Path]:
    """Build the skeleton of every shipped template, with and without a page number, into
    SHIPPED, its old files removed. Returns the files written."""
    from rkt_cli.layout import page_view
    from rkt_cli.shipped_templates import SHIPPED_TEMPLATES, default_template_folder, shipped_template_folder
    from rkt_cli.templating import REFERENCE_DOCX, load_template

    SHIPPED.mkdir(exist_ok=True)
    for old in SHIPPED.glob("*.zip"):
        old.unlink()
    written: set[Path] = set()
    for name in SHIPPED_TEMPLATES:
        template = load_template(shipped_template_folder(name))
        reference = (template.folder if template.reference_is_own else default_template_folder()) / REFERENCE_DOCX
        reference_path = reference.relative_to(_templates_folder()).as_posix()
        page = page_view(template)
        for page_number in (False, True):
            built = build_skeleton(template.reference_docx, page, page_number)
            target = SHIPPED / _key(template.reference_docx, page, page_number)
            target.write_bytes(shipped_bytes(built, reference_path, page, page_number))
            written.add(target)
    return sorted(written)


if __name__ == "__main__":
    write_shipped()
