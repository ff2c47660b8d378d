"""Opening a .docx: the zip, its main document part as lxml, with limits against hostile files,
and Word's tracked changes read as accepted."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from lxml import etree

from rkt_cli.importer.failures import DocxImportError, ImportFailure
from rkt_cli.safe_output import shell_command

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Limits that keep a hostile or broken file cheap (README, "Limits"). A real RKT's document part
# is well under 1 MiB (the 2024 RKT as rkt renders it: 0.04 MiB; 4,000 rows: 6.4 MiB). 16 MiB
# is about 10,000 rows, and even a part made of the smallest elements (empty rows or
# paragraphs) parses within a few hundred MiB. Beyond it the file is refused, whatever its zip
# header claims.
MAX_DOCX_UNCOMPRESSED = 16 * 1024 * 1024
_READ_CHUNK = 1024 * 1024
_TRACKED_CHANGES = (_W + "del", _W + "moveFrom", _W + "ins", _W + "moveTo")
_REMOVED_BY_ACCEPTING = (_W + "del", _W + "moveFrom")


def read_document_xml(path: Path) -> etree._Element:
    """The main document part of a DOCX as an lxml element, or a DocxImportError that says why not."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise DocxImportError(f"{path}: cannot read: {exc.strerror or exc}", ImportFailure.FILE) from exc
    if head == _OLE_MAGIC:
        raise DocxImportError(_ole_message(path), ImportFailure.FILE)
    if not zipfile.is_zipfile(path):
        raise DocxImportError(
            f"{path}: not a DOCX file (not a zip archive): the file is damaged or of another kind; "
            "open it in Word or LibreOffice and save it as .docx",
            ImportFailure.FILE,
        )
    try:
        with zipfile.ZipFile(path) as archive:
            part = _main_part_name(archive, path)
            data = _read_part(archive, part, path)
    except KeyError as exc:
        raise DocxImportError(
            f"{path}: not a Word document (no document part in the archive)", ImportFailure.FILE
        ) from exc
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise DocxImportError(f"{path}: damaged DOCX file: {exc}", ImportFailure.FILE) from exc
    # huge_tree lifts libxml2's limits on one text node (10 MB) and on nesting (256 levels, now
    # 2048): real documents stay far below both, and MAX_DOCX_UNCOMPRESSED bounds the whole.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocxImportError(f"{path}: damaged DOCX file: {part}: {exc}", ImportFailure.FILE) from exc
    if root.tag != _W + "document":
        raise DocxImportError(f"{path}: not a Word document ({part} is not WordprocessingML)", ImportFailure.FILE)
    return root


def _read_part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """One part of the package, refused beyond MAX_DOCX_UNCOMPRESSED bytes.

    The size the zip header declares is checked before reading; the read itself also stops at
    the limit, because a forged header may declare less than its data inflates to (and zipfile's
    read() inflates up to 2 GiB in one call before it compares sizes).
    """
    info = archive.getinfo(name)
    if info.file_size > MAX_DOCX_UNCOMPRESSED:
        raise DocxImportError(_too_large(path, name, f"{info.file_size:,} bytes"), ImportFailure.FILE)
    data = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_READ_CHUNK):
            data += chunk
            if len(data) > MAX_DOCX_UNCOMPRESSED:
                raise DocxImportError(_too_large(path, name, "more than its zip header says"), ImportFailure.FILE)
    return bytes(data)


def _too_large(path: Path, name: str, size: str) -> str:
    limit = MAX_DOCX_UNCOMPRESSED // (1024 * 1024)
    return (
        f"{path}: {name} unpacks to {size}, over the {limit} MiB rkt reads (a real RKT is well under "
        "1 MiB): the file is damaged or not an ordinary Word document"
    )


def _ole_message(path: Path) -> str:
    """An OLE compound file is either an old .doc or a password-protected (encrypted) DOCX."""
    # An encrypted Office file is an OLE file holding the streams EncryptionInfo and
    # EncryptedPackage; either name is enough to tell it from a .doc.
    if any(_file_contains(path, name.encode("utf-16-le")) for name in ("EncryptionInfo", "EncryptedPackage")):
        return (
            f"{path}: the document is password-protected; remove the password in Word "
            "(File > Info > Protect Document > Encrypt with Password, clear it), save, and import again"
        )
    # --outdir: soffice writes into the current folder otherwise, not next to the .doc.
    convert = shell_command("soffice", "--headless", "--convert-to", "docx", "--outdir", path.parent, path)
    again = shell_command("rkt", "import", path.with_suffix(".docx"))
    return (
        f"{path}: an old binary Word document (.doc); save it as .docx in Word or LibreOffice "
        f"(or: `{convert}`), then import the .docx: `{again}`"
    )


def _file_contains(path: Path, needle: bytes) -> bool:
    """Whether the file holds `needle`, read in chunks so that a large file costs no memory."""
    tail = b""
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_READ_CHUNK):
                if needle in tail + chunk:
                    return True
                tail = chunk[-len(needle) :]
    except OSError:
        return False
    return False


def _main_part_name(archive: zipfile.ZipFile, path: Path) -> str:
    """Follow _rels/.rels to the officeDocument part; most files call it word/document.xml."""
    try:
        rels = etree.fromstring(
            _read_part(archive, "_rels/.rels", path), etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml"
    for rel in rels.iter(_REL_NS + "Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("Target"):
            target = str(rel.get("Target")).lstrip("/")
            return str(PurePosixPath(target))
    return "word/document.xml"


def accept_tracked_changes(document: etree._Element) -> bool:
    """Read the document as Word shows it after "Accept All Changes"; True when it had tracked changes.

    Deleted (w:del) and moved-away (w:moveFrom) runs are removed, and so is a table row whose
    deletion is tracked; inserted (w:ins) and moved-here (w:moveTo) runs stay as they are.
    """
    found = False
    for mark in list(document.iter(*_TRACKED_CHANGES)):
        found = True
        parent = mark.getparent()
        if mark.tag not in _REMOVED_BY_ACCEPTING or parent is None:
            continue
        if parent.tag == _W + "trPr":  # the row itself was deleted
            row = parent.getparent()
            table = row.getparent() if row is not None else None
            if row is not None and table is not None:
                table.remove(row)
        elif parent.tag != _W + "rPr":  # in w:rPr it marks a deleted paragraph mark: no text of its own
            parent.remove(mark)
    return found
