"""Check a template's reference.docx before python-docx reads it: bounded time and memory.

A reference.docx comes from a user's template folder, so it may be anything: not a zip, a zip
without the parts a Word document needs, a Word template (.dotx), XML that is malformed or
carries an entity bomb, or a zip bomb whose few kilobytes inflate to gigabytes. python-docx
would meet each of these with a traceback, or read the whole bomb into memory. Here the zip's
directory is checked first (entry count and the uncompressed sizes it declares) without
inflating anything; then each entry is read in chunks, stopping at its declared size and at the
limits below, and every XML part is parsed with a parser that neither resolves entities nor
loads DTDs nor reads the network. What passes can be handed to python-docx.

Each problem is a ReferenceDocxError whose message says what is wrong in one line, without
the file name (the caller puts that in front).
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

# A reference.docx holds styles, a header and perhaps a logo: a few hundred kilobytes. The
# limits leave room for a large letterhead image and stop a bomb long before memory suffers.
MAX_REFERENCE_DOCX_BYTES = 32 * 1024 * 1024  # the file itself
MAX_REFERENCE_UNCOMPRESSED_BYTES = 64 * 1024 * 1024  # all entries together, inflated
MAX_REFERENCE_ENTRIES = 1000
_CHUNK = 64 * 1024

CONTENT_TYPES = "[Content_Types].xml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
# The content type each kind of relationship (the last word of its type) needs, for the parts
# python-docx reads as such.
_CONTENT_TYPE_OF = {
    "styles": f"{_WML}.styles+xml",
    "header": f"{_WML}.header+xml",
    "footer": f"{_WML}.footer+xml",
    "settings": f"{_WML}.settings+xml",
    "numbering": f"{_WML}.numbering+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
}
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DOCUMENT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Main-part content types of Word files that are not a plain .docx, with what to do about them.
_OTHER_WORD_FILES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx), not a document; open it in Word and save it as a Word Document (.docx)"
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "a macro-enabled document (.docm); save it from Word as a Word Document (.docx)"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "a macro-enabled template (.dotm); save it from Word as a Word Document (.docx)"
    ),
}
SAVE_AS_DOCX = "save it from Word as a Word Document (.docx)"

# sha256 of the reference.docx that ships with rkt (templates/default/reference.docx, built
# byte for byte the same by templates/build_reference_docx.py). check_reference_docx depends on
# the bytes alone, so a file with exactly these bytes passes it; that file is read on every
# render, and its check (16 parts parsed) was the largest cost of loading a template.
# tests/test_template_load_fast.py runs the full check on the shipped file and keeps this true.
# Any other bytes, a user's own reference.docx above all, are checked in full.
CHECKED_REFERENCE_SHA256 = frozenset({"7874985285751d6ff48d3ce254708df920904a64a5eda660769956cc09dd21c7"})


class ReferenceDocxError(Exception):
    """A reference.docx that cannot be used; the message is one line without the file name."""


def _xml_parser() -> etree.XMLParser:
    # resolve_entities=False and load_dtd=False: an entity bomb stays unexpanded (and is refused
    # below for its DOCTYPE); no_network: no part can make us fetch anything; huge_tree=False
    # keeps libxml2's own limits on depth and text size.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def read_reference_docx(path: Path) -> bytes:
    """The bytes of a reference.docx, checked; raises ReferenceDocxError."""
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_REFERENCE_DOCX_BYTES:
                raise ReferenceDocxError(_too_large("the file is", size, MAX_REFERENCE_DOCX_BYTES))
            data = stream.read(MAX_REFERENCE_DOCX_BYTES + 1)  # a pipe says no size: read one byte past
    except OSError as exc:
        raise ReferenceDocxError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_REFERENCE_DOCX_BYTES:
        raise ReferenceDocxError(_too_large("the file is", len(data), MAX_REFERENCE_DOCX_BYTES))
    if hashlib.sha256(data).hexdigest() not in CHECKED_REFERENCE_SHA256:
        check_reference_docx(data)
    return data


def _too_large(what: str, size: int, limit: int) -> str:
    mib = 1024 * 1024
    return f"{what} {size / mib:.1f} MiB; a reference.docx may hold up to {limit // mib} MiB"


def check_reference_docx(data: bytes) -> None:
    """Raise ReferenceDocxError unless `data` is a Word document python-docx can safely read."""
    if not data:
        raise ReferenceDocxError(f"the file is empty; {SAVE_AS_DOCX}")
    if not data.startswith(b"PK"):
        raise ReferenceDocxError(f"not a Word document (.docx): it is not a zip archive; {SAVE_AS_DOCX}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = _checked_directory(archive)
            contents = {info.filename: _read_entry(archive, info) for info in entries}
    except zipfile.BadZipFile as exc:
        raise ReferenceDocxError(
            f"not a Word document (.docx): a damaged zip archive ({exc}); {SAVE_AS_DOCX}"
        ) from None
    except (zlib.error, EOFError, NotImplementedError, ValueError, OverflowError) as exc:
        # zlib: corrupt compressed data; NotImplementedError: a compression method or
        # encryption zipfile cannot read; ValueError/EOFError/OverflowError: a truncated or
        # inconsistent directory.
        raise ReferenceDocxError(
            f"not a Word document (.docx): an unreadable zip archive ({exc}); {SAVE_AS_DOCX}"
        ) from None
    _check_parts(contents)


def _checked_directory(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The entries, after checking what the zip's directory declares; nothing inflated yet."""
    entries = archive.infolist()
    if len(entries) > MAX_REFERENCE_ENTRIES:
        raise ReferenceDocxError(
            f"the zip holds {len(entries)} entries; a reference.docx may hold up to {MAX_REFERENCE_ENTRIES}"
        )
    names = set()
    total = 0
    for info in entries:
        name = info.filename
        if name in names:
            raise ReferenceDocxError(f"the zip holds {name!r} twice; {SAVE_AS_DOCX}")
        names.add(name)
        if info.flag_bits & 0x1:
            raise ReferenceDocxError(f"{name} is encrypted (a password-protected file?); remove the password")
        total += info.file_size
        if info.file_size > MAX_REFERENCE_UNCOMPRESSED_BYTES:
            what = f"{_shown(name)} inflates to"
            raise ReferenceDocxError(_too_large(what, info.file_size, MAX_REFERENCE_UNCOMPRESSED_BYTES) + " inflated")
        if total > MAX_REFERENCE_UNCOMPRESSED_BYTES:
            what = "the entries inflate to more than"
            raise ReferenceDocxError(_too_large(what, total, MAX_REFERENCE_UNCOMPRESSED_BYTES) + " inflated")
    if CONTENT_TYPES not in names:
        raise ReferenceDocxError(f"not a Word document (.docx): the zip has no {CONTENT_TYPES}; {SAVE_AS_DOCX}")
    return entries


def _shown(text: str, limit: int = 80) -> str:
    """A name or message from the file, for a message: printable and short, whatever it holds."""
    text = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One entry, inflated in chunks: never more than it declares (zipfile stops there and checks
    the CRC) nor than the limit, whatever the compressed stream holds."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > info.file_size or size > MAX_REFERENCE_UNCOMPRESSED_BYTES:
                raise ReferenceDocxError(f"{_shown(info.filename)} inflates to more than its zip entry declares")
            chunks.append(chunk)
    return b"".join(chunks)


def _parse(name: str, content: bytes) -> etree._Element:
    try:
        root = etree.fromstring(content, _xml_parser())
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if exc.lineno else ""
        # libxml2's message ends in ", line N, column M", which `line` already says.
        reason = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or "malformed").splitlines()[0])
        reason = _shown(reason, 120)
        raise ReferenceDocxError(f"{_shown(name)} is not well-formed XML{line}: {reason}; {SAVE_AS_DOCX}") from None
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype:
        # No part of a Word document has a DOCTYPE; one that does may declare an entity bomb.
        raise ReferenceDocxError(f"{_shown(name)} declares a DOCTYPE, which no Word document does; {SAVE_AS_DOCX}")
    return root


def _rels_source(rels_name: str) -> str:
    """ "word/_rels/document.xml.rels" -> "word/document.xml"; "_rels/.rels" -> "" (the package)."""
    folder, _, file = rels_name.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def _internal_targets(rels_name: str, rels: etree._Element) -> list[tuple[str, str, str]]:
    """(relationship id, type, zip entry name) of each internal target of one .rels part."""
    if rels.tag != f"{{{_RELS_NS}}}Relationships":
        raise ReferenceDocxError(f"{_shown(rels_name)} is not a relationships part; {SAVE_AS_DOCX}")
    base = posixpath.dirname(_rels_source(rels_name))
    targets: list[tuple[str, str, str]] = []
    for relationship in rels.iter(f"{{{_RELS_NS}}}Relationship"):
        if relationship.get("TargetMode") == "External":
            continue
        # An empty or odd target names no part; python-docx would look for one all the same.
        target = relationship.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        kind = relationship.get("Type") or ""
        targets.append((relationship.get("Id") or "", kind, posixpath.normpath(name)))
    return targets


def _first_of(targets: list[tuple[str, str, str]], kind: str) -> str | None:
    return next((part for _, part_kind, part in targets if part_kind == kind), None)


def _check_parts(contents: dict[str, bytes]) -> None:
    """Every XML part well-formed; every part a relationship names is in the zip with a content
    type; the main document is a .docx document with a body and section properties; the styles
    (if any) define Normal, which the renderer builds its own styles on."""
    roots: dict[str, etree._Element] = {}
    for name, content in contents.items():
        if name.endswith((".xml", ".rels")):
            roots[name] = _parse(name, content)
    if "_rels/.rels" not in roots:
        raise ReferenceDocxError(f"not a Word document (.docx): the zip has no _rels/.rels; {SAVE_AS_DOCX}")
    types = roots[CONTENT_TYPES]
    if types.tag != f"{{{_CT_NS}}}Types":
        raise ReferenceDocxError(f"{CONTENT_TYPES} is not a content types part; {SAVE_AS_DOCX}")
    targets_of: dict[str, list[tuple[str, str, str]]] = {}
    for name, root in roots.items():
        if name.endswith(".rels"):
            targets_of[name] = targets = _internal_targets(name, root)
            for _, kind, part in targets:
                if part not in contents:
                    raise ReferenceDocxError(
                        f"{_shown(name)} names {_shown(part)}, which the zip lacks; {SAVE_AS_DOCX}"
                    )
                content_type = _content_type(types, part)
                if content_type is None:
                    raise ReferenceDocxError(
                        f"{CONTENT_TYPES} gives no content type for {_shown(part)}; {SAVE_AS_DOCX}"
                    )
                # python-docx picks a part's class by its content type and then uses it as the
                # relationship says (styles, header, …): the two must agree.
                expected = _CONTENT_TYPE_OF.get(kind.rpartition("/")[2])
                if expected is not None and content_type != expected:
                    raise ReferenceDocxError(
                        f"{_shown(part)} has content type {_shown(content_type)}, not {expected}; {SAVE_AS_DOCX}"
                    )
    main = _first_of(targets_of["_rels/.rels"], _OFFICE_DOCUMENT)
    if main is None:
        raise ReferenceDocxError(f"not a Word document (.docx): _rels/.rels names no main document; {SAVE_AS_DOCX}")
    content_type = _content_type(types, main)
    if content_type in _OTHER_WORD_FILES:
        raise ReferenceDocxError(_OTHER_WORD_FILES[content_type])
    if content_type != DOCUMENT_CONTENT_TYPE:
        raise ReferenceDocxError(
            f"not a Word document (.docx): its main part {_shown(main)} has content type {content_type}; "
            + SAVE_AS_DOCX
        )
    if main not in roots:
        raise ReferenceDocxError(f"{_shown(main)} is not XML; {SAVE_AS_DOCX}")
    body = roots[main].find(_w("body"))
    if roots[main].tag != _w("document") or body is None:
        raise ReferenceDocxError(f"{_shown(main)} is not a Word document body (w:document, w:body); {SAVE_AS_DOCX}")
    if body.find(_w("sectPr")) is None:
        raise ReferenceDocxError(f"{_shown(main)} has no page settings (w:sectPr in w:body); {SAVE_AS_DOCX}")
    main_rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    kinds = {rid: kind.rpartition("/")[2] for rid, kind, _ in targets_of.get(main_rels, [])}
    for kind in ("header", "footer"):
        for reference in roots[main].iter(_w(f"{kind}Reference")):
            rid = reference.get(f"{{{_R_NS}}}id") or ""
            if kinds.get(rid) != kind:
                raise ReferenceDocxError(
                    f"{_shown(main)} refers to a {kind} {_shown(rid)!r} that {_shown(main_rels)} lacks; {SAVE_AS_DOCX}"
                )
    styles = _first_of(targets_of.get(main_rels, []), _STYLES)
    if styles is not None:
        _check_styles(styles, roots.get(styles))


def _check_styles(name: str, root: etree._Element | None) -> None:
    """Normal exists, and Normal and the renderer's own styles (if the file defines them) are
    paragraph styles: the renderer sets their fonts and gives them to paragraphs."""
    from rkt_cli.render.docx_styles import PARAGRAPH_STYLES

    if root is None or root.tag != _w("styles"):
        raise ReferenceDocxError(f"{_shown(name)} is not a Word styles part (w:styles); {SAVE_AS_DOCX}")
    kinds: dict[str, str] = {}
    for style in root.iterfind(_w("style")):
        kind = style.get(_w("type"))
        if kind is not None and kind not in ("paragraph", "character", "table", "numbering"):
            raise ReferenceDocxError(f"{_shown(name)}: a style has the unknown type {_shown(kind)!r}; {SAVE_AS_DOCX}")
        style_name = style.find(_w("name"))
        if style_name is not None:
            # python-docx, like Word, takes a style without a type for a paragraph style.
            kinds.setdefault(style_name.get(_w("val")) or "", style.get(_w("type")) or "paragraph")
    if "Normal" not in kinds:
        raise ReferenceDocxError(
            f"{_shown(name)} defines no Normal style, which every Word document has; {SAVE_AS_DOCX}"
        )
    for wanted in ("Normal", *PARAGRAPH_STYLES):
        if kinds.get(wanted, "paragraph") != "paragraph":
            raise ReferenceDocxError(
                f"{_shown(name)}: the style {wanted!r} is a {_shown(kinds[wanted])} style; it must be a paragraph "
                "style (in Word: Modify Style → Style type: Paragraph)"
            )


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


def _content_type(types: etree._Element, part: str) -> str | None:
    for override in types.iter(f"{{{_CT_NS}}}Override"):
        if (override.get("PartName") or "").lstrip("/").lower() == part.lower():
            return override.get("ContentType")
    extension = part.rpartition(".")[2].lower()
    for default in types.iter(f"{{{_CT_NS}}}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType")
    return None
