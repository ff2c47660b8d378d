"""Read an RKT out of a Word (.docx) file: the table, the title block, the intro and the signature.

The package, one job a module, in the order the data flows:
  docx_package  the .docx file → its document XML (limits, tracked changes accepted)
  docx_blocks   the XML → blocks: paragraph texts and tables as grids (grid.py), in order
  header        which row of a table is its header, and which column means what
  values        cell texts → kode, rupiah, target, place and date
  table_walk    the grid's data rows → programs, sasaran, indikator (carry-on rules)
  front         paragraphs before the table → instansi, unit, year, title, intro
  signers       blocks after the table → signature blocks
  assemble      all of it → the model, with the guesses as warnings
  xlsx_blocks   a workbook's RKT sheet → the same blocks, warnings put back at Sheet!C12 cells
  csv_blocks    a CSV → the same blocks, warnings at FILE.csv:LINE:COLUMN

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

from pathlib import Path

from rkt_cli.importer.assemble import ImportResult, import_blocks
from rkt_cli.importer.csv_blocks import import_csv
from rkt_cli.importer.docx_blocks import read_blocks
from rkt_cli.importer.docx_package import MAX_DOCX_UNCOMPRESSED, W_NS, accept_tracked_changes, read_document_xml
from rkt_cli.importer.failures import PLACEHOLDER, DocxImportError, ImportFailure
from rkt_cli.importer.front import read_front as _read_front
from rkt_cli.importer.grid import Table
from rkt_cli.importer.header import classify_header
from rkt_cli.importer.signers import read_signer as _read_signer
from rkt_cli.importer.values import MONTHS, parse_anggaran, parse_target, parse_tempat_tanggal, split_kode
from rkt_cli.importer.xlsx_blocks import CellErrors, import_workbook
from rkt_cli.loader import paused_gc

__all__ = [
    "MAX_DOCX_UNCOMPRESSED",
    "MONTHS",
    "PLACEHOLDER",
    "CellErrors",
    "DocxImportError",
    "ImportFailure",
    "ImportResult",
    "_read_front",
    "_read_signer",
    "classify_header",
    "import_blocks",
    "import_csv",
    "import_docx",
    "import_workbook",
    "parse_anggaran",
    "parse_target",
    "parse_tempat_tanggal",
    "split_kode",
]

_W = "{" + W_NS + "}"


def import_docx(path: Path, file: str | None = None) -> ImportResult:
    """Read `path` and return the RKT it holds. Raises DocxImportError when it cannot."""
    name = file if file is not None else str(path)
    # A 4,000-row table is some 100,000 new objects that all stay alive until the model is built:
    # without the pause, each allocation threshold starts a collection that scans them all again
    # (a fifth of the import's time). Nothing built here forms cycles that need collecting.
    with paused_gc():
        document = read_document_xml(path)
        tracked_changes = accept_tracked_changes(document)
        blocks = read_blocks(document)
        if not any(isinstance(b, Table) for b in blocks) and document.find(f".//{_W}txbxContent") is not None:
            raise DocxImportError(
                f"{name}: no RKT table found: the document has no table, its text sits in text boxes "
                "(as when a PDF is opened in Word or LibreOffice); import the .docx the PDF was made from",
                ImportFailure.CONTENT,
            )
        return import_blocks(blocks, name, tracked_changes)
