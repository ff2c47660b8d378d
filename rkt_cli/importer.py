"""Read an RKT out of a Word (.docx) file: the table, the title block, the intro and the signature.

The reader works on the WordprocessingML itself (zip → document.xml → lxml), row by row, so that
a 4,000-row table reads in well under a second and every cell's merge marks are visible:
python-docx's `table.cell(r, c)` is quadratic and hides `w:vMerge`.

A hand-made table carries a value on in three ways, and all three are understood:
  - a vertical merge (`w:vMerge` without val="restart" continues the cell above);
  - a blank cell under a filled one;
  - the same No / Program / Sasaran / Anggaran repeated on every indikator row
    (an anggaran repeated within one sasaran is counted once).
Whatever had to be guessed comes back as a warning `Diagnostic` (codes RKT3xx) whose line is
the table row it came from (rows are numbered from 1 across all parts of the RKT table,
header rows included, as a person counts them in Word). Problems that stop the import are
`DocxImportError`s whose `kind` says whether the file or its content is at fault; the CLI maps
that to an exit code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree
from pydantic import ValidationError

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.loader import PathKey, format_path
from rkt_cli.model import RKT
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
MAX_TABLE_COLUMNS = 63  # Word's own limit; an RKT table has 8 to 10
_READ_CHUNK = 1024 * 1024
_TRACKED_CHANGES = (_W + "del", _W + "moveFrom", _W + "ins", _W + "moveTo")
_REMOVED_BY_ACCEPTING = (_W + "del", _W + "moveFrom")

# What the importer writes where the document does not say: visible, reviewable, and valid.
PLACEHOLDER = "(belum diisi)"

REQUIRED_ROLES = ("sasaran", "indikator", "target", "anggaran")


class ImportFailure(Enum):
    """Why an import stopped: the file is not a readable Word document, or it is one without
    an RKT the importer can read."""

    FILE = "file"
    CONTENT = "content"


class DocxImportError(Exception):
    """The file cannot be imported at all; `kind` says whether the file or its content is at fault."""

    def __init__(self, message: str, kind: ImportFailure = ImportFailure.CONTENT) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


# ---------------------------------------------------------------------------------------------
# Opening the file


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
    if _file_contains(path, "EncryptionInfo".encode("utf-16-le")):
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


# ---------------------------------------------------------------------------------------------
# The body as blocks: paragraphs and tables, in document order


@dataclass(frozen=True, slots=True)
class GridCell:
    """One column of a table row as the grid sees it: a horizontally spanned cell fills several."""

    text: str
    merged: bool = False  # a vertical-merge continuation: the value is the one of the cell above
    spanned: bool = False  # the 2nd.. grid column of a horizontally spanned cell

    @property
    def explicit(self) -> bool:
        return bool(self.text) and not self.merged and not self.spanned


@dataclass(slots=True)
class TableRow:
    """A table row as grid columns, and its number counted across the whole RKT table."""

    cells: list[GridCell]
    number: int = 0


@dataclass(slots=True)
class Table:
    rows: list[TableRow]


Block = str | Table  # a paragraph's text, or a table


def _text_of(element: etree._Element) -> str:
    """Visible text of a paragraph (or a run container): tabs and breaks kept, deletions left out."""
    parts: list[str] = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "sym"):
        tag = node.tag
        if tag == _W + "t":
            # NEL (U+0085, "next line") is a line break from old encodings; read it as one, since
            # the YAML refuses C1 controls (RKT009) and dropping it would join two words.
            parts.append((node.text or "").replace("\x85", "\n"))
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


# Every character str.strip() takes for a space (NEL, one of them, is read as a line break above).
_SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_RUN_OF_SPACES = re.compile(f"[{re.escape(_SPACES)}]+")


def _clean_lines(text: str) -> str:
    """Strip each line and the whole; NBSP counts as a space (Word users type it for alignment)."""
    lines = [line.replace("\xa0", " ").strip(_SPACES) for line in text.split("\n")]
    return "\n".join(lines).strip(_SPACES)


def _one_line(text: str) -> str:
    """Runs of spaces and line breaks as one space, none at either end."""
    return _RUN_OF_SPACES.sub(" ", text).strip(" ")


def _cell_text(tc: etree._Element) -> str:
    paragraphs = [_text_of(p) for p in tc.iter(_W + "p")]
    return _clean_lines("\n".join(paragraphs))


def _children(element: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Direct children with one of `tags`, looking through content controls (w:sdt) and custom XML.

    Iterative, not recursive: 1,500 nested w:customXml raised RecursionError.
    """
    pending = [iter(element)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.tag in tags:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                pending.append(iter(content))


def _int_val(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return max(int(str(element.get(_W + "val"))), 0)
    except ValueError:
        return default


def read_table(tbl: etree._Element) -> Table:
    """Rows of grid-aligned cells; vertical merges resolved to the text above, marked `merged`.

    A span (w:gridSpan, w:gridBefore) is clamped to the table grid, keeping a column for each
    cell still to come in the row: a span of 10^9 once asked for 10^9 cells (7.6 GB). Cells
    beyond MAX_TABLE_COLUMNS, which Word cannot make, are not read.
    """
    grid = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    rows: list[TableRow] = []
    above: dict[int, str] = {}
    for tr in _children(tbl, _W + "tr"):
        tcs = list(itertools.islice(_children(tr, _W + "tc"), MAX_TABLE_COLUMNS))
        if not tcs:
            continue  # a row without cells shows nothing (and Word calls such a file damaged)
        width = min(max(grid, len(tcs)), MAX_TABLE_COLUMNS)
        tr_pr = tr.find(_W + "trPr")
        before = _int_val(tr_pr.find(_W + "gridBefore"), 0) if tr_pr is not None else 0
        column = min(before, width - len(tcs))
        cells: list[GridCell] = [GridCell("", spanned=True)] * column
        for index, tc in enumerate(tcs):
            tc_pr = tc.find(_W + "tcPr")
            span = 1
            merged = False
            if tc_pr is not None:
                room = width - column - (len(tcs) - index - 1)
                span = min(max(_int_val(tc_pr.find(_W + "gridSpan"), 1), 1), max(room, 1))
                v_merge = tc_pr.find(_W + "vMerge")
                merged = v_merge is not None and v_merge.get(_W + "val", "continue") != "restart"
            text = above.get(column, "") if merged else _cell_text(tc)
            cells.append(GridCell(text, merged=merged))
            cells += [GridCell("", spanned=True)] * (span - 1)
            for c in range(column, column + span):
                above[c] = text
            column += span
        rows.append(TableRow(cells))
    return Table(rows)


def read_blocks(document: etree._Element) -> list[Block]:
    body = document.find(_W + "body")
    if body is None:
        return []
    blocks: list[Block] = []
    for element in _children(body, _W + "p", _W + "tbl"):
        if len(element) == 0:  # an empty paragraph (or table): common, and worth no more work
            blocks.append("" if element.tag == _W + "p" else Table([]))
        elif element.tag == _W + "p":
            blocks.append(_clean_lines(_text_of(element)))
        else:
            signature = signature_row(element)
            table = read_table(element)
            blocks.append(table)
            if signature is not None:
                table.rows.pop()  # the signature row: read as the blocks after the table
                blocks += _cell_blocks(signature)
    return blocks


def signature_row(tbl: etree._Element) -> etree._Element | None:
    """The cell of the table's last row when that row holds a signature block, as `rkt render`
    writes it: a single cell spanning the whole grid with a table nested in it (so that Word and
    LibreOffice page it together with the last rows). None for any other table."""
    rows = list(_children(tbl, _W + "tr"))
    if not rows:
        return None
    cells = list(_children(rows[-1], _W + "tc"))
    if len(cells) != 1:
        return None
    grid = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    span = _int_val(cells[0].find(f"{_W}tcPr/{_W}gridSpan"), 1)
    if grid < 2 or span != grid or next(_children(cells[0], _W + "tbl"), None) is None:
        return None
    return cells[0]


def _cell_blocks(tc: etree._Element) -> list[Block]:
    """The paragraphs and tables of a cell as blocks, as if they stood in the body."""
    return [
        _clean_lines(_text_of(child)) if child.tag == _W + "p" else read_table(child)
        for child in _children(tc, _W + "p", _W + "tbl")
    ]


# ---------------------------------------------------------------------------------------------
# Recognising the RKT table by its header words


_NOT_A_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")


def _plain_words(text: str) -> str:
    return " ".join(_NOT_A_LETTER_OR_DIGIT.sub(" ", text.lower()).split())


# Checked in this order: "Indikator Kinerja Kegiatan" is an indikator column, "Sasaran Program"
# a sasaran column, "Anggaran Kegiatan" an anggaran column, "Pelaksana Kegiatan" a pelaksana one.
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("indikator", ("indikator", "iku", "ikk")),
    ("sasaran", ("sasaran",)),
    ("anggaran", ("anggaran", "pagu", "biaya", "dana", "alokasi")),
    ("pelaksana", ("pelaksana", "penanggungjawab", "pj", "pic", "unitkerja", "penanggung")),
    ("program", ("program",)),
    ("target", ("target",)),
    ("kegiatan", ("kegiatan", "aktivitas", "rencanaaksi")),
    ("satuan", ("satuan",)),
    ("kode", ("kode",)),
)
_FUZZY_WORDS = {word: role for role, words in _ROLE_WORDS for word in words if len(word) >= 6}


_HEADER_MAX_CHARS = 200  # a header cell holds a few words; a longer cell is data, not read as a header


def classify_header(text: str, fuzzy: bool = True) -> str | None:
    """The column role a header cell names, tolerant to case, spacing, breaks and small typos."""
    if not text or len(text) > _HEADER_MAX_CHARS:  # first: normalising a long data cell costs its length
        return None
    norm = _plain_words(text)
    if not norm or len(norm) > 60:  # header cells are short; a data cell is not read as one
        return None
    if norm in ("no", "nomor", "nmr", "no urut", "nomor urut", "n o"):
        return "no"
    compact = norm.replace(" ", "")
    tokens = norm.split()
    for role, words in _ROLE_WORDS:
        for word in words:
            if len(word) <= 3:
                if word in tokens:
                    return role
            elif word in compact:
                return role
    for token in tokens if fuzzy else ():
        close = difflib.get_close_matches(token, list(_FUZZY_WORDS), n=1, cutoff=0.8)
        if close:
            return _FUZZY_WORDS[close[0]]
    return None


def header_roles(row: TableRow) -> dict[str, list[int]] | None:
    """role -> grid columns, when the row reads as the RKT header; None otherwise."""
    # Typo-tolerant matching is slow (difflib); it is tried only on a row that already has
    # three exact header words, so the thousands of data rows cost almost nothing.
    exact = {classify_header(cell.text, fuzzy=False) for cell in row.cells if not cell.spanned} - {None}
    if len(exact) < 3:
        return None
    roles: dict[str, list[int]] = {}
    last: str | None = None
    for column, cell in enumerate(row.cells):
        role = last if cell.spanned else classify_header(cell.text)
        last = role
        if role is None:
            continue
        if role in roles and not cell.spanned and roles[role][-1] != column - 1:
            continue  # a second column with the same word ("Target", "Target (%)"): the first one counts
        roles.setdefault(role, []).append(column)
    if "indikator" in roles and "target" in roles and len(set(roles) - {"no"}) >= 5:
        return roles
    return None


def header_at(rows: list[TableRow], index: int) -> tuple[dict[str, list[int]], int] | None:
    """(roles, number of header rows) when the RKT header starts at rows[index]; None otherwise.

    The header is one row, or two where a merged cell names what the row below splits:
    "Indikator Kinerja" spanning "Uraian | Target" gives an indikator and a target column.
    """
    if not _has_header_words(rows[index]):  # every data row: one cheap pass, no fuzzy matching
        return None
    roles = header_roles(rows[index])
    if roles is not None:
        return roles, 1
    if index + 1 < len(rows):
        roles = header_roles(_two_header_rows(rows[index], rows[index + 1]))
        if roles is not None:
            return roles, 2
    return None


def _has_header_words(row: TableRow) -> bool:
    return len({classify_header(cell.text, fuzzy=False) for cell in row.cells if not cell.spanned} - {None}) >= 3


def _two_header_rows(upper: TableRow, lower: TableRow) -> TableRow:
    """One header row from two: a column takes the lower row's word where it names a column of
    its own ("Target"), else the upper row's ("Indikator Kinerja" over "Uraian")."""
    cells: list[GridCell] = []
    title = ""
    for column in range(max(len(upper.cells), len(lower.cells))):
        top = upper.cells[column] if column < len(upper.cells) else GridCell("")
        if not top.spanned:
            title = top.text  # a spanned column carries the title of the cell it belongs to
        bottom = lower.cells[column] if column < len(lower.cells) else GridCell("")
        own = bottom.explicit and classify_header(bottom.text) is not None
        cells.append(GridCell(bottom.text if own else title))
    return TableRow(cells)


def _is_numbering_row(row: TableRow) -> bool:
    """The row 1 2 3 … (or (1) (2) (3) …) printed under the header."""
    numbers = [re.sub(r"[()\s.]", "", c.text) for c in row.cells if c.explicit]
    if len(numbers) < 3 or not all(n.isdigit() for n in numbers):
        return False
    values = [int(n) for n in numbers]
    return values == sorted(values) and len(set(values)) == len(values) and values[0] <= 1


def _is_blank(row: TableRow) -> bool:
    return not any(c.text for c in row.cells)


# ---------------------------------------------------------------------------------------------
# Values inside cells


# The kode in brackets at the end of a name: "Pembentukan Badan Adhoc (6867)". The brackets are
# found with rfind and only their inside is matched: the pattern `^(.*?)\s*\(…\)\s*$` took
# minutes on a name with a long run of spaces (each lazy step re-scanned the run).
_KODE_IN_BRACKETS = re.compile(r"\s*(?P<kode>\d[0-9A-Za-z]*(?:[.\-/][0-9A-Za-z]+)*)\s*")
_KODE_AT_START = re.compile(
    r"^\(?(?P<kode>\d{4}(?:\.[0-9A-Z]+)*)\)?(?:\s*[-–:.])?\s+(?P<nama>\S.*)$",
    re.DOTALL,
)


def split_kode(text: str) -> tuple[str, str | None]:
    """ "Pembentukan Badan Adhoc (6867)" -> ("Pembentukan Badan Adhoc", "6867"); also "6867 - nama"."""
    stripped = text.rstrip()
    opening = stripped.rfind("(")
    if stripped.endswith(")") and opening >= 0:
        inside = _KODE_IN_BRACKETS.fullmatch(stripped, opening + 1, len(stripped) - 1)
        nama = stripped[:opening].strip()
        if inside and nama:
            return nama, inside.group("kode")
    match = _KODE_AT_START.match(text)
    if match:
        return match.group("nama").strip(), match.group("kode")
    return text, None


_RUPIAH_GROUPED = re.compile(r"^(\d{1,3})((?:([.,\s])\d{3})(?:\3\d{3})*)(?:([.,])(\d{1,2}))?$")
_RUPIAH_PLAIN = re.compile(r"^(\d+)(?:([.,])(\d{1,2}))?$")


def parse_anggaran(text: str) -> int | None:
    """ "822,654,000", "822.654.000", "Rp 822.654.000,-", "822654000" -> 822654000; None when not money.

    Cents are accepted only when zero ("822.654.000,00"): anggaran is whole rupiah.
    """
    value = text.replace("\xa0", " ").strip()
    value = re.sub(r"(?i)^(?:rp\.?|idr)\s*", "", value)
    value = _without_trailing_dash(value)
    grouped = _RUPIAH_GROUPED.match(value)
    if grouped and (grouped.group(4) is None or grouped.group(4) != grouped.group(3)):
        if grouped.group(5) and int(grouped.group(5)) != 0:
            return None
        return int(grouped.group(1) + re.sub(r"[.,\s]", "", grouped.group(2)))
    plain = _RUPIAH_PLAIN.match(value)
    if plain:
        if plain.group(3) and int(plain.group(3)) != 0:
            return None
        return int(plain.group(1))
    return None


def _without_trailing_dash(value: str) -> str:
    r""" "822.654.000,-" -> "822.654.000": the dash offices write after an amount, and its space or mark.

    By hand rather than re.sub(r"\s*[.,]?\s*-+$", …): that pattern backtracks cubically over a
    long run of spaces (3,000 spaces in one anggaran cell took 45 s to import).
    """
    value = value.rstrip()
    if not value.endswith("-"):
        return value
    value = value.rstrip("-").rstrip()
    if value.endswith((".", ",")):
        value = value[:-1].rstrip()
    return value


_TARGET = re.compile(r"^(?P<number>\d+(?:[.,]\d+)*)\s*(?P<unit>%|persen|percent)?$", re.IGNORECASE)
_TARGET_WITH_UNIT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s+(?P<unit>[^\W\d_][^\d]{0,39})$")


def _number(text: str) -> int | float | None:
    """Indonesian style: a comma is the decimal mark; dots between groups of three are thousands."""
    if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", text):
        return int(text.replace(".", ""))
    if text.count(",") + text.count(".") > 1:
        return None
    value = float(text.replace(",", "."))
    if not math.isfinite(value):  # 400 nines are no target; "inf" would be written as the text inf
        return None
    return int(value) if value.is_integer() else value


def parse_target(text: str) -> tuple[int | float | str, str | None]:
    """(target, satuan): "95", "95%", "98 %" -> (95, None) meaning percent; "4 dokumen" -> (4, "dokumen")."""
    value = " ".join(text.split())
    match = _TARGET.match(value)
    if match:
        number = _number(match.group("number"))
        if number is not None:
            return number, None
    match = _TARGET_WITH_UNIT.match(value)
    if match:
        number = _number(match.group("number"))
        unit = match.group("unit").strip()
        if number is not None and unit.lower() not in ("persen", "percent"):
            return number, unit
    return value, None


# Indonesian month names, with the old spellings still seen in offices; checked against Babel's
# "id" locale in the tests (we keep our own table so that importing needs no locale data).
_MONTH_SPELLINGS = (
    "januari jan",
    "februari pebruari feb peb",
    "maret mar",
    "april apr",
    "mei",
    "juni jun",
    "juli jul",
    "agustus agust agu agt ags",
    "september sept sep",
    "oktober okt",
    "november nopember nov nop",
    "desember des",
)
MONTHS = {word: number for number, words in enumerate(_MONTH_SPELLINGS, start=1) for word in words.split()}

_PLACE_DATE = re.compile(
    r"^(?P<tempat>[^\d,][^,]*?)\s*,\s*(?P<day>\d{1,2})?\s*(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})\s*$"
)


def parse_tempat_tanggal(text: str) -> tuple[str, dt.date | None, int | None] | None:
    """ "Prabumulih, 25 Januari 2024" -> ("Prabumulih", date(2024, 1, 25), 2024); None if not that shape.

    A line whose day is left blank for signing ("Prabumulih,     Januari 2024") gives no date but a year.
    """
    match = _PLACE_DATE.match(" ".join(text.split()))
    if not match or match.group("month").lower() not in MONTHS:
        return None
    year = int(match.group("year"))
    month = MONTHS[match.group("month").lower()]
    date: dt.date | None = None
    if match.group("day"):
        try:
            date = dt.date(year, month, int(match.group("day")))
        except ValueError:
            date = None
    return match.group("tempat").strip(), date, year


def _parse_date_only(text: str) -> dt.date | None:
    """ "25 Januari 2024" (a signature date without a place)."""
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
    if not match or match.group(2).lower() not in MONTHS:
        return None
    try:
        return dt.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


_NIP = re.compile(r"^NIP\s*\.?\s*:?\s*(?P<nip>[\d ]{8,})$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# The result


@dataclass
class ImportResult:
    """The imported model, what was guessed (warnings), and which fields were not in the document."""

    rkt: RKT
    diagnostics: list[Diagnostic]
    missing: list[str]
    rows: int  # indikator rows read

    @property
    def placeholders(self) -> list[str]:
        return [m for m in self.missing if not m.startswith("(optional) ")]


@dataclass
class _Findings:
    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def warn(self, code: str, row: int, path: str, message: str) -> None:
        where = f"row {row}: " if row else ""
        self.diagnostics.append(Diagnostic(code, Severity.WARNING, self.file, row, 0, path, where + message))

    def not_found(self, name: str, placeholder: bool) -> None:
        if placeholder:
            self.missing.append(name)
            self.warn("RKT301", 0, name, f"not found in the document; wrote {PLACEHOLDER!r}, fill it in")
        else:
            self.missing.append(f"(optional) {name}")


# ---------------------------------------------------------------------------------------------
# Table rows -> programs, sasaran, indikator


@dataclass
class _Indikator:
    row: int
    uraian: str
    target: int | float | str
    satuan: str | None
    kegiatan: str
    pelaksana: str | None


@dataclass
class _Sasaran:
    row: int
    no: str
    text: str
    anggaran: list[tuple[int, str]] = field(default_factory=list)  # (row, explicit cell text)
    indikator: list[_Indikator] = field(default_factory=list)
    kode_column: str | None = None


@dataclass
class _Program:
    row: int
    nama: str
    sasaran: list[_Sasaran] = field(default_factory=list)


class _TableReader:
    """Walks the data rows once, keeping the last value of every column for the carry-on rules."""

    def __init__(self, builder: _Findings, roles: dict[str, list[int]]) -> None:
        self.b = builder
        self.roles = roles
        self.programs: list[_Program] = []
        self.last: dict[str, tuple[str, int]] = {}  # role -> (text, row) of the last non-empty value
        self.total_rows: list[tuple[int, int]] = []  # (row, amount) of "Jumlah" rows

    def value(self, row: TableRow, role: str) -> GridCell:
        """A role's cell; a role spread over several grid columns joins their texts."""
        columns = self.roles.get(role, [])
        cells = [row.cells[c] for c in columns if c < len(row.cells)]
        if not cells:
            return GridCell("")
        if len(cells) == 1:
            return cells[0]
        texts = [c.text for c in cells if c.text]
        return GridCell(
            " ".join(texts), merged=all(c.merged or not c.text for c in cells) and any(c.merged for c in cells)
        )

    def carried(self, row: TableRow, role: str) -> tuple[str, bool, int]:
        """(text, explicit, source row): a merged or blank cell takes the value last seen above."""
        cell = self.value(row, role)
        if cell.explicit:
            self.last[role] = (cell.text, row.number)
            return cell.text, True, row.number
        if cell.merged and cell.text:
            source = self.last.get(role, (cell.text, row.number))[1]
            self.last[role] = (cell.text, source)
            return cell.text, False, source
        text, source = self.last.get(role, ("", 0))
        return text, False, source

    def _is_total_row(self, row: TableRow) -> bool:
        words = {_plain_words(c.text) for c in row.cells if c.explicit and len(c.text) <= _HEADER_MAX_CHARS}
        if not words & {"jumlah", "total", "jumlah total", "total anggaran", "jumlah anggaran", "grand total"}:
            return False
        return not self.value(row, "indikator").explicit

    def add(self, row: TableRow) -> None:
        if self._is_total_row(row):
            amounts = [parse_anggaran(c.text) for c in row.cells if c.explicit]
            found = [a for a in amounts if a is not None]
            if found:
                self.total_rows.append((row.number, max(found)))
            return
        no_cell = self.value(row, "no")
        program_cell = self.value(row, "program")
        sasaran_cell = self.value(row, "sasaran")
        indikator_cell = self.value(row, "indikator")
        target_cell = self.value(row, "target")
        kegiatan_cell = self.value(row, "kegiatan")
        anggaran_cell = self.value(row, "anggaran")

        program_text, _, _ = self.carried(row, "program")
        current_program = self.programs[-1] if self.programs else None
        current = current_program.sasaran[-1] if current_program and current_program.sasaran else None

        starts_program = current_program is None or (program_cell.explicit and program_text != current_program.nama)
        starts_sasaran = (
            starts_program
            or current is None
            or (no_cell.explicit and no_cell.text != current.no)
            or (sasaran_cell.explicit and sasaran_cell.text != current.text)
        )
        if not (indikator_cell.text or target_cell.text or kegiatan_cell.text or starts_sasaran):
            return  # an empty row (or one with only carried cells): nothing to read
        if starts_program:
            if not program_text:
                self.b.warn("RKT302", row.number, "program", f"no program name; wrote {PLACEHOLDER!r}")
                program_text = PLACEHOLDER
            current_program = _Program(row.number, program_text)
            self.programs.append(current_program)
        assert current_program is not None
        if starts_sasaran:
            sasaran_text, sasaran_explicit, source = self.carried(row, "sasaran")
            if not sasaran_text:
                self.b.warn("RKT303", row.number, "sasaran", f"no sasaran name; wrote {PLACEHOLDER!r}")
                sasaran_text = PLACEHOLDER
            elif not sasaran_explicit:
                self.b.warn(
                    "RKT303",
                    row.number,
                    "sasaran",
                    f"a new sasaran starts here (No {no_cell.text}) but its cell is empty; "
                    f"took the name from row {source}",
                )
            no_text = no_cell.text if no_cell.explicit else (current.no if current else "")
            current = _Sasaran(row.number, no_text, sasaran_text)
            current_program.sasaran.append(current)
        assert current is not None
        kode_cell = self.value(row, "kode")
        if kode_cell.explicit and current.kode_column is None:
            current.kode_column = kode_cell.text
        if anggaran_cell.explicit:
            current.anggaran.append((row.number, anggaran_cell.text))
        elif anggaran_cell.merged and starts_sasaran and not starts_program and anggaran_cell.text:
            self.b.warn(
                "RKT304",
                row.number,
                "anggaran",
                "the anggaran cell is merged with the sasaran above; its amount is counted there only",
            )
        self._indikator(row, current, starts_sasaran, indikator_cell, target_cell, kegiatan_cell)

    def _indikator(
        self,
        row: TableRow,
        sasaran: _Sasaran,
        starts_sasaran: bool,
        indikator: GridCell,
        target: GridCell,
        kegiatan: GridCell,
    ) -> None:
        pelaksana_text, pelaksana_explicit, pelaksana_row = self.carried(row, "pelaksana")
        if starts_sasaran and not pelaksana_explicit and pelaksana_text and not self.value(row, "pelaksana").merged:
            self.b.warn("RKT305", row.number, "pelaksana", f"pelaksana missing, inherited from row {pelaksana_row}")
        if not indikator.explicit and not target.explicit:
            if kegiatan.explicit and sasaran.indikator:
                previous = sasaran.indikator[-1]
                previous.kegiatan = f"{previous.kegiatan}; {kegiatan.text}" if previous.kegiatan else kegiatan.text
                self.b.warn(
                    "RKT306",
                    row.number,
                    "kegiatan",
                    f"a kegiatan without its own indikator; added to the indikator of row {previous.row}",
                )
                return
            if not indikator.text and not kegiatan.text:
                if not sasaran.indikator:
                    self.b.warn("RKT307", row.number, "indikator", f"no indikator; wrote {PLACEHOLDER!r}")
                    sasaran.indikator.append(_Indikator(row.number, PLACEHOLDER, PLACEHOLDER, None, "", pelaksana_text))
                return
        uraian = indikator.text
        if not indikator.explicit:
            if uraian:
                self.b.warn("RKT307", row.number, "indikator", "indikator cell continues the one above; repeated")
            else:
                self.b.warn("RKT307", row.number, "indikator", f"no indikator; wrote {PLACEHOLDER!r}")
                uraian = PLACEHOLDER
        satuan: str | None = None
        if target.explicit:
            value, satuan = parse_target(target.text)
            self.last["target"] = (target.text, row.number)
        elif target.merged and target.text:
            value, satuan = parse_target(target.text)
        elif sasaran.indikator and "target" in self.last:
            text, source = self.last["target"]
            value, satuan = parse_target(text)
            self.b.warn("RKT308", row.number, "target", f"target missing, took {text!r} from row {source}")
        else:
            value = PLACEHOLDER
            self.b.warn("RKT308", row.number, "target", f"target missing; wrote {PLACEHOLDER!r}")
        satuan_cell = self.value(row, "satuan")
        if satuan_cell.text and not isinstance(value, str):
            unit = satuan_cell.text.strip()
            satuan = None if unit.lower() in ("%", "persen", "percent") else unit
        kegiatan_text = kegiatan.text  # a blank kegiatan is an empty kegiatan, not a carried one
        sasaran.indikator.append(_Indikator(row.number, uraian, value, satuan, kegiatan_text, pelaksana_text or None))


def _anggaran_of(b: _Findings, sasaran: _Sasaran, path: str) -> int:
    amounts: list[tuple[int, int]] = []
    for row, text in sasaran.anggaran:
        amount = parse_anggaran(text)
        if amount is None:
            b.warn("RKT309", row, path, f"anggaran {text!r} is not an amount in rupiah; left out, fill it in")
        else:
            amounts.append((row, amount))
    if not amounts:
        if not sasaran.anggaran:
            b.warn("RKT309", sasaran.row, path, "no anggaran for this sasaran; wrote 0")
        return 0
    values = {amount for _, amount in amounts}
    if len(amounts) > 1 and len(values) == 1:
        b.warn(
            "RKT310",
            amounts[1][0],
            path,
            "anggaran repeated on every indikator row of this sasaran, counted once",
        )
        return amounts[0][1]
    if len(values) > 1:
        listed = ", ".join(f"{amount} (row {row})" for row, amount in amounts)
        b.warn("RKT310", amounts[0][0], path, f"different anggaran on the rows of one sasaran: {listed}; summed")
        return sum(amount for _, amount in amounts)
    return amounts[0][1]


def _lift_pelaksana(indikator: list[_Indikator]) -> tuple[str | None, list[str | None]]:
    """The sasaran's pelaksana is the one most of its indikator share (the first on a tie)."""
    names = [i.pelaksana for i in indikator if i.pelaksana]
    if not names:
        return None, [None] * len(indikator)
    counts = Counter(names)
    best = max(counts.values())
    common = next(name for name in names if counts[name] == best)
    return common, [None if i.pelaksana in (common, None) else i.pelaksana for i in indikator]


def _programs_data(b: _Findings, programs: list[_Program]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    used_kode: set[str] = set()
    placeholder_count = 0
    for pi, program in enumerate(programs):
        sasaran_out: list[dict[str, Any]] = []
        for si, sasaran in enumerate(program.sasaran):
            path = f"program[{pi}].sasaran[{si}]"
            nama, kode = split_kode(sasaran.text)
            if sasaran.kode_column:
                if kode and kode != sasaran.kode_column:
                    b.warn("RKT311", sasaran.row, path, f"kode {kode} in the name differs from the Kode column")
                kode = sasaran.kode_column
            if kode is None:
                placeholder_count += 1
                kode = f"{PLACEHOLDER} {placeholder_count}"  # unique, so no duplicate-kode error
                b.warn(
                    "RKT311", sasaran.row, path + ".kode", f"no kode such as (6709) after the sasaran; wrote {kode!r}"
                )
            used_kode.add(kode)
            common, overrides = _lift_pelaksana(sasaran.indikator)
            if common is None:
                b.warn("RKT305", sasaran.row, path + ".pelaksana", f"no pelaksana; wrote {PLACEHOLDER!r}")
                common = PLACEHOLDER
            entry: dict[str, Any] = {
                "nama": nama or PLACEHOLDER,
                "kode": kode,
                "anggaran": _anggaran_of(b, sasaran, path + ".anggaran"),
                "pelaksana": common,
                "indikator": [],
            }
            for indikator, own in zip(sasaran.indikator, overrides, strict=True):
                item: dict[str, Any] = {"uraian": indikator.uraian, "target": indikator.target}
                if indikator.satuan is not None:
                    item["satuan"] = indikator.satuan
                item["kegiatan"] = indikator.kegiatan
                if own is not None:
                    item["pelaksana"] = own
                entry["indikator"].append(item)
            sasaran_out.append(entry)
        out.append({"nama": program.nama, "sasaran": sasaran_out})
    return out


# ---------------------------------------------------------------------------------------------
# Title block, intro, signature


_TITLE = re.compile(r"rencana\s+kinerja", re.IGNORECASE)
_TAHUN = re.compile(r"\btahun\s+(?:anggaran\s+)?(20\d\d|2100)\b", re.IGNORECASE)
# The unit named after the first "(RKT)" of the intro, up to "adalah", "sebagai berikut" or
# "Tahun"; looked for within UNIT_MAX_WORDS words of it, so that an intro of 20,000 "(RKT)" costs
# one bounded search instead of one search per occurrence (39 s before).
_UNIT_AFTER_RKT = re.compile(r"(?P<unit>.+?)\s+(?:adalah|sebagai berikut|tahun\b)", re.IGNORECASE)
_UNIT_WORDS = re.compile(
    r"^(sekretariat|satuan kerja|satker|bagian|biro|subbagian|sub bagian|bidang|direktorat|pusat|inspektorat|"
    r"kantor|balai|upt|seksi|deputi)\b",
    re.IGNORECASE,
)
UNIT_MAX_WORDS = 30
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "atau", "serta", "pada", "dalam", "oleh"}


def _words(text: str) -> int:
    return len(text.split())


def _restore_case(text: str, corpus: list[str], b: _Findings, name: str) -> str:
    """A letterhead is often in capitals; take the same words in ordinary case where the document has them."""
    if text != text.upper() or not re.search(r"[A-Z]", text):
        return text
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in text.split()) + r"\b", re.IGNORECASE)
    for passage in corpus:
        for match in pattern.finditer(passage):
            found = _one_line(match.group())
            if found != found.upper():
                return found
    words: list[str] = []
    for word in text.split():
        lower = word.lower()
        if lower in _SMALL_WORDS and words:
            words.append(lower)
        elif word.isalpha() and (len(word) <= 3 or not re.search(r"[AIUEO]", word)):
            words.append(word)  # likely an acronym: KPU, RI, DPRD, BPKP
        else:
            words.append(word[:1] + word[1:].lower())
    guess = " ".join(words)
    b.warn("RKT312", 0, name, f"written in capitals in the document; wrote {guess!r}, check the capitals")
    return guess


@dataclass
class _Front:
    instansi: str | None = None
    unit: str | None = None
    tahun: int | None = None
    judul: str | None = None
    pengantar: str | None = None


def _read_front(paragraphs: list[str]) -> _Front:
    """Before the table: letterhead (instansi), unit, the title with its TAHUN, the intro paragraph."""
    front = _Front()
    short: list[str] = []
    titles: list[str] = []
    for text in paragraphs:
        if not text:
            continue
        line = _one_line(text)
        if _TITLE.search(line) and _words(line) <= 12:
            titles.append(line)
            found = _TAHUN.search(line)
            if found and front.tahun is None:
                front.tahun = int(found.group(1))
            continue
        # A long line is the intro, unless it names a unit (Sekretariat …) and is still short of
        # a paragraph: unit names such as "Sekretariat Komisi Pemilihan Umum Kabupaten …" run long.
        names_unit = _UNIT_WORDS.match(line) is not None and _words(line) < UNIT_MAX_WORDS
        if _words(line) >= 12 and not names_unit:
            front.pengantar = line if "\n" not in text.strip() else text.strip()
            continue
        if re.fullmatch(r"(?:tahun\s+(?:anggaran\s+)?)?(?:20\d\d|2100)", line, re.IGNORECASE):
            front.tahun = front.tahun or int(line[-4:])
            continue
        if line.lower() not in {s.lower() for s in short}:
            short.append(line)
    # A unit names itself (Sekretariat …, Bagian …); the instansi is the other short line. Without
    # such a word, the letterhead comes first and the unit second, as in the office's documents.
    units = [line for line in short if _UNIT_WORDS.match(line)]
    others = [line for line in short if not _UNIT_WORDS.match(line)]
    if units and others:
        front.instansi, front.unit = others[0], units[0]
    elif short:
        front.instansi = short[0]
        front.unit = short[1] if len(short) > 1 else None
    if front.unit is None and front.pengantar:
        front.unit = _unit_in_intro(front.pengantar)
    for title in titles:
        bare = _one_line(_TAHUN.sub("", title)).strip(" -–,")
        if bare and bare.upper() != "RENCANA KINERJA TAHUNAN" and bare.upper() != "RENCANA KINERJA TAHUNAN (RKT)":
            front.judul = bare
            break
    return front


def _unit_in_intro(intro: str) -> str | None:
    """ "Rencana Kinerja Tahunan (RKT) Sekretariat KPU Kota X Tahun 2024 adalah …" -> "Sekretariat KPU Kota X"."""
    start = intro.lower().find("(rkt)")
    if start < 0:
        return None
    words = intro[start + len("(rkt)") :].split(maxsplit=UNIT_MAX_WORDS + 2)[: UNIT_MAX_WORDS + 2]
    match = _UNIT_AFTER_RKT.match(" ".join(words))
    return match.group("unit") if match else None


@dataclass
class _Signer:
    tempat: str | None = None
    tanggal: dt.date | None = None
    year: int | None = None
    pihak: str | None = None
    jabatan: str | None = None
    nama: str | None = None
    nip: str | None = None
    plt: bool = False
    plh: bool = False


# "Plt. KETUA", "PLT. KETUA", "Plt KETUA", "plh.KETUA": the prefix the renderer prints for a plt
# (pelaksana tugas) or plh (pelaksana harian) signer, and offices type in their own ways.
_ACTING = re.compile(r"(?P<role>pl[th])(?:\.\s*|\s+)(?=\S)", re.IGNORECASE)


def _take_acting_prefix(signer: _Signer) -> None:
    """A jabatan that starts with Plt./Plh. becomes the flag and the jabatan without it, as the
    YAML keeps it; `rkt render` then prints the same line again."""
    acting = _ACTING.match(signer.jabatan or "")
    if acting is None or signer.jabatan is None:
        return
    if acting.group("role").lower() == "plt":
        signer.plt = True
    else:
        signer.plh = True
    signer.jabatan = signer.jabatan[acting.end() :]


def _read_signer(lines: list[str]) -> _Signer | None:
    """One signature block: [tempat, tanggal] [PIHAK …] jabatan, (space), nama, [NIP …]."""
    signer = _Signer()
    rest: list[str] = []
    for line in lines:
        line = _one_line(line)
        if not line:
            continue
        place = parse_tempat_tanggal(line) if signer.tempat is None else None
        if place:
            signer.tempat, signer.tanggal, signer.year = place
            continue
        date = _parse_date_only(line) if signer.tanggal is None else None
        if date:
            signer.tanggal, signer.year = date, date.year
            continue
        nip = _NIP.match(line)
        if nip:
            signer.nip = nip.group("nip").replace(" ", "")
            continue
        if re.fullmatch(r"pihak\s+(pertama|kedua)\s*,?", line, re.IGNORECASE):
            signer.pihak = line.rstrip(" ,")
            continue
        rest.append(line)
    if not rest:
        return None
    # Jabatan: the lines up to the one that ends with a comma; the name is the last line after it.
    end = next((i for i, line in enumerate(rest) if line.endswith(",")), 0)
    jabatan_lines = rest[: end + 1]
    names = rest[end + 1 :]
    signer.jabatan = " ".join(jabatan_lines).rstrip(" ,")
    if names:
        signer.nama = names[-1]
    elif len(jabatan_lines) > 1:
        signer.jabatan = " ".join(jabatan_lines[:-1]).rstrip(" ,")
        signer.nama = jabatan_lines[-1]
    _take_acting_prefix(signer)
    return signer


def _read_signers(after: list[Block]) -> list[_Signer]:
    """The blocks after the RKT table: paragraphs, or a layout table with one column per signer."""
    lines: list[str] = []
    for block in after:
        if isinstance(block, Table):
            columns = max((len(r.cells) for r in block.rows), default=0)
            per_column = [
                [line for row in block.rows if c < len(row.cells) for line in row.cells[c].text.split("\n")]
                for c in range(columns)
            ]
            signers = [s for s in (_read_signer(col) for col in per_column) if s is not None and s.nama]
            if signers:
                shared = _read_signer(lines) if lines else None
                for signer in signers:
                    if shared and signer.tempat is None:
                        signer.tempat, signer.tanggal, signer.year = shared.tempat, shared.tanggal, shared.year
                return signers[:2]
            continue
        lines += block.split("\n")
    # Paragraphs: the block starts at the place-and-date line when there is one.
    start = next((i for i, line in enumerate(lines) if parse_tempat_tanggal(_one_line(line))), None)
    if start is None:
        start = max(0, len(lines) - 8)
    last = _read_signer(lines[start:])
    return [last] if last and last.nama else []


# ---------------------------------------------------------------------------------------------
# Putting it together


def _find_rkt_tables(blocks: list[Block]) -> tuple[list[tuple[int, Table, dict[str, list[int]], int]], int]:
    """(block index, table, roles, header row index) of every table that carries the RKT header."""
    found = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for r in range(min(len(block.rows), 6)):
            header = header_at(block.rows, r)
            if header is not None:
                found.append((index, block, header[0], r))
                break
    return found, len([b for b in blocks if isinstance(b, Table)])


def import_docx(path: Path, file: str | None = None) -> ImportResult:
    """Read `path` and return the RKT it holds. Raises DocxImportError when it cannot."""
    name = file if file is not None else str(path)
    document = read_document_xml(path)
    tracked_changes = accept_tracked_changes(document)
    blocks = read_blocks(document)
    if not any(isinstance(block, Table) for block in blocks) and document.find(f".//{_W}txbxContent") is not None:
        raise DocxImportError(
            f"{name}: no RKT table found: the document has no table, its text sits in text boxes "
            "(as when a PDF is opened in Word or LibreOffice); import the .docx the PDF was made from",
            ImportFailure.CONTENT,
        )
    return import_blocks(blocks, name, tracked_changes)


def import_blocks(blocks: list[Block], file: str, tracked_changes: bool = False) -> ImportResult:
    """The RKT in a document's blocks; `tracked_changes` says the blocks were read with them accepted."""
    b = _Findings(file)
    if tracked_changes:
        b.warn(
            "RKT316",
            0,
            "document",
            "the document has tracked changes; read as if all were accepted (deleted and moved-away text "
            "left out): accept or reject them in Word to be sure",
        )
    tables, table_count = _find_rkt_tables(blocks)
    if not tables:
        if table_count == 0:
            why = "the document has no table"
        else:
            which = "its only table has" if table_count == 1 else f"none of its {table_count} tables has"
            why = (
                f"{which} a header row with the words "
                "No, Program, Sasaran, Indikator, Target, Kegiatan, Anggaran, Pelaksana"
            )
        raise DocxImportError(f"{file}: no RKT table found: {why}", ImportFailure.CONTENT)
    first_index, _, roles, _ = tables[0]
    missing_roles = [r for r in REQUIRED_ROLES if r not in roles]
    if missing_roles:
        raise DocxImportError(
            f"{file}: the RKT table has no column for {', '.join(missing_roles)}", ImportFailure.CONTENT
        )
    for role in ("program", "kegiatan", "pelaksana"):
        if role not in roles:
            b.warn("RKT313", 0, role, f"the table has no {role} column")
    reader = _TableReader(b, roles)
    number = 0
    last_index = first_index
    for index, table, table_roles, _ in tables:
        if table_roles.keys() != roles.keys():
            continue  # another table with different columns (e.g. a PK table): not part of this RKT
        last_index = index
        reader.roles = table_roles
        header_rows_left = 0
        for position, row in enumerate(table.rows):
            number += 1
            row.number = number
            if header_rows_left:
                header_rows_left -= 1
                continue
            header = header_at(table.rows, position)
            if header is not None:  # the header, and its repeats at page breaks
                header_rows_left = header[1] - 1
                continue
            if _is_blank(row) or _is_numbering_row(row):
                continue
            reader.add(row)
    if not reader.programs:
        raise DocxImportError(f"{file}: the RKT table has a header but no rows", ImportFailure.CONTENT)
    programs = _programs_data(b, reader.programs)
    total = sum(s["anggaran"] for p in programs for s in p["sasaran"])
    for total_row, amount in reader.total_rows:
        if amount != total:
            b.warn("RKT314", total_row, "pagu", f"the table's Jumlah says {amount} but the sasaran add up to {total}")

    before = [blk for blk in blocks[:first_index] if isinstance(blk, str)]
    front = _read_front(before)
    signers = _read_signers(blocks[last_index + 1 :])
    corpus = [blk for blk in blocks if isinstance(blk, str)] + [
        c.text for t in tables for r in t[1].rows for c in r.cells if c.explicit
    ]
    data: dict[str, Any] = {}
    for key in ("instansi", "unit"):
        value = getattr(front, key)
        if value:
            data[key] = _restore_case(value, corpus, b, key)
        else:
            b.not_found(key, placeholder=True)
            data[key] = PLACEHOLDER
    tahun = front.tahun or next((s.year for s in signers if s.year), None)
    if tahun is None:
        years = Counter(int(y) for text in corpus for y in _TAHUN.findall(text))
        if years:
            tahun = years.most_common(1)[0][0]
            b.warn("RKT315", 0, "tahun", f"no TAHUN in the title; took {tahun}, the year the table names most")
        else:
            tahun = dt.date.today().year
            b.warn("RKT315", 0, "tahun", f"no TAHUN in the title; wrote this year, {tahun}")
    data["tahun"] = tahun
    if front.judul:
        data["judul"] = front.judul
    if front.pengantar:
        data["pengantar"] = front.pengantar
    else:
        b.not_found("pengantar", placeholder=False)
    data["program"] = programs
    data["penandatangan"] = _signers_data(b, signers)
    try:
        rkt = RKT.model_validate(data)
    except ValidationError as exc:  # a value the document holds but an RKT cannot (e.g. a target of -5)
        problems = [_problem(error["loc"], error["msg"], reader.programs) for error in exc.errors(include_url=False)]
        raise DocxImportError(f"{file}: cannot import: {'; '.join(problems)}", ImportFailure.CONTENT) from None
    rows = sum(len(s.indikator) for s in rkt.all_sasaran)
    return ImportResult(rkt, b.diagnostics, b.missing, rows)


def _problem(loc: tuple[Any, ...], message: str, programs: list[_Program]) -> str:
    """One model error as "row N: program[0].sasaran[1].anggaran: message" (the row when known)."""
    path: PathKey = tuple(part for part in loc if isinstance(part, (str, int)))
    row = 0
    if len(path) >= 4 and path[0] == "program" and path[2] == "sasaran":
        pi, si = path[1], path[3]
        if isinstance(pi, int) and isinstance(si, int) and pi < len(programs) and si < len(programs[pi].sasaran):
            sasaran = programs[pi].sasaran[si]
            row = sasaran.row
            ii = path[5] if len(path) >= 6 and path[4] == "indikator" else None
            if isinstance(ii, int) and ii < len(sasaran.indikator):
                row = sasaran.indikator[ii].row
    where = f"row {row}: " if row else ""
    return f"{where}{format_path(path)}: {message}"


def _signers_data(b: _Findings, signers: list[_Signer]) -> list[dict[str, Any]]:
    if not signers:
        b.not_found("penandatangan[0].jabatan", placeholder=True)
        b.not_found("penandatangan[0].nama", placeholder=True)
        return [{"jabatan": PLACEHOLDER, "nama": PLACEHOLDER}]
    out = []
    for i, signer in enumerate(signers):
        entry: dict[str, Any] = {}
        for key in ("jabatan", "nama"):
            value = getattr(signer, key)
            if not value:
                b.not_found(f"penandatangan[{i}].{key}", placeholder=True)
                value = PLACEHOLDER
            entry[key] = value
        for key in ("nip", "tempat", "tanggal", "pihak"):
            value = getattr(signer, key)
            if value is not None:
                entry[key] = value
            elif key != "pihak":
                b.not_found(f"penandatangan[{i}].{key}", placeholder=False)
        for key in ("plt", "plh"):
            if getattr(signer, key):
                entry[key] = True
        out.append(entry)
    return out
