"""Reading a workbook someone sent us, safely: the container is checked before openpyxl sees it,
and each sheet comes back as a plain grid of cells with their addresses.

What is refused, each with a one-line WorkbookError (never a traceback):

- an .xls (Excel 97-2003, an OLE compound file): openpyxl cannot read it; save it as .xlsx;
- a password-protected workbook: Excel stores it as an OLE file holding an "EncryptedPackage";
- anything that is not a zip with xl/workbook.xml (a renamed file, a truncated download);
- a zip whose entries would expand past MAX_EXPANDED_BYTES or that holds more than MAX_ENTRIES
  entries (a zip bomb). The sizes checked are those the zip's central directory declares;
  Python's zipfile never returns more than the declared size of an entry (and fails on the CRC
  when the data disagrees), so the declared sizes bound what openpyxl can inflate;
- merged ranges covering more than MAX_MERGED_CELLS cells (counted in the XML: openpyxl makes
  an object per merged cell, so one small file merging a whole sheet would hang it);
- a file larger than MAX_FILE_BYTES.

XML entity expansion ("billion laughs") is stopped by the expat parser Python ships (2.4+ limits
amplification); openpyxl reads no external entities.

Formulas are never evaluated: a formula cell carries its text and the value the spreadsheet
program saved with it (None when it saved none, as openpyxl-written workbooks do); the caller
decides whether a saved value will do.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

# An RKT workbook of 4,000 indikator expands to 2.3 MiB of XML, and openpyxl holds some 30 times
# its XML in memory (73 MB for that one). 64 MiB leaves room for a table of 100,000 rows and
# keeps a hostile file near 2 GB; a zip bomb is refused long before.
MAX_FILE_BYTES = 50 * 2**20
MAX_EXPANDED_BYTES = 64 * 2**20
MAX_ENTRIES = 10_000
# A 40,000-row RKT table with five merged columns covers 200,000 cells; openpyxl takes ~5 s for 500,000.
MAX_MERGED_CELLS = 500_000
# <mergeCell ref="A1:B2"/> (with or without a namespace prefix, quoted either way).
_MERGE_REF = re.compile(
    rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})[\"']"
)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
# The name of the stream an encrypted OOXML file keeps inside its OLE container (UTF-16LE in the
# OLE directory).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None


class ReadFailure(Enum):
    FILE = "file"  # not a workbook we can read: the environment's problem (exit 2)
    CONTENT = "content"  # a workbook, but not what was expected in it (exit 1)


class WorkbookError(Exception):
    """The workbook cannot be read; `message` is one line that starts with the file name."""

    def __init__(self, message: str, kind: ReadFailure = ReadFailure.FILE) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


def column_letter(col: int) -> str:
    """1 → A, 27 → AA (openpyxl's get_column_letter, without importing openpyxl for it)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class GridCell:
    """One cell as the file holds it."""

    row: int
    col: int
    value: CellValue  # typed: a number typed as a number is an int or float; None when empty
    formula: str | None = None  # "=SUM(A1:A3)": never evaluated; `value` is the saved result or None
    merged_from: tuple[int, int] | None = None  # the top-left cell of the merged range this continues
    percent: bool = False  # a number shown with a percent format: 0.95 shows as 95%

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def text(self) -> str:
        """The value as plain text ("" when empty); a whole float without its ".0"."""
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)


@dataclass
class Sheet:
    """A sheet as a plain grid: cells by (row, col), with what is hidden flagged."""

    name: str
    state: str  # "visible", "hidden" or "veryHidden"
    cells: dict[tuple[int, int], GridCell] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    max_row: int = 0
    max_col: int = 0
    protected: bool = False

    def cell(self, row: int, col: int) -> GridCell:
        return self.cells.get((row, col)) or GridCell(row, col, None)

    def value(self, row: int, col: int) -> CellValue:
        """The cell's value, or for a merged continuation the value of its range's first cell."""
        found = self.cell(row, col)
        if found.merged_from is not None:
            return self.cell(*found.merged_from).value
        return found.value

    def address(self, row: int, col: int) -> str:
        """ "Sheet!C12", as diagnostics show a cell (quoted as a formula would when the name has a space)."""
        name = f"'{self.name}'" if any(ch in self.name for ch in " !'") else self.name
        return f"{name}!{column_letter(col)}{row}"

    def rows(self) -> Iterator[list[GridCell]]:
        """Every row 1 … max_row as a list of max_col cells."""
        for r in range(1, self.max_row + 1):
            yield [self.cell(r, c) for c in range(1, self.max_col + 1)]


@dataclass
class Workbook:
    name: str  # the file as the user named it, for messages
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


# Numbers as people type them into a text cell: "95", "95,5" (decimal comma), "95.5".
_DECIMAL_TEXT = re.compile(r"^\d+(?:[.,]\d+)?$")
_PERCENT_TEXT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:%|persen)$", re.IGNORECASE)


def decimal_from_text(text: str) -> int | float | None:
    """ "95" → 95, "95,5" → 95.5, "95.5" → 95.5; None when the text is not such a number."""
    text = text.strip()
    if not _DECIMAL_TEXT.match(text):
        return None
    number = float(text.replace(",", "."))
    return int(number) if number.is_integer() and "," not in text and "." not in text else number


def rupiah_from_text(text: str) -> int | None:
    """ "Rp 822.654.000" → 822654000; None when the text is not a whole rupiah amount.

    The one rupiah grammar of rkt (the model's, with the office's extras "Rp", ",-", ",00"
    taken off by the importer's reader of cells), so that a lembar and an RKT table read the
    same text as the same amount."""
    from rkt_cli.importer.values import parse_anggaran  # here: the importer reads sheets through this module

    return parse_anggaran(text)


def percent_text(text: str) -> str | None:
    """ "95%" or "95 persen" → "95" (what to write instead); None for any other text."""
    found = _PERCENT_TEXT.match(text.strip())
    return found.group(1) if found else None


def check_container(raw: bytes, name: str) -> None:
    """Raise WorkbookError unless `raw` is an XLSX zip of sane size (see the module doc)."""
    if len(raw) > MAX_FILE_BYTES:
        raise WorkbookError(f"{name}: larger than the {MAX_FILE_BYTES // 2**20} MiB a workbook rkt reads may be")
    if raw.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED in raw:
            raise WorkbookError(f"{name}: the workbook is password-protected; save a copy without a password")
        raise WorkbookError(f"{name}: an old Excel 97-2003 (.xls) workbook; save it as .xlsx (Excel Workbook)")
    if not raw.startswith(_ZIP_SIGNATURE):
        raise WorkbookError(f"{name}: not an XLSX workbook (corrupt, or another kind of file)")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise WorkbookError(f"{name}: a corrupt workbook ({exc})") from None
    if len(entries) > MAX_ENTRIES:
        raise WorkbookError(f"{name}: {len(entries):,} parts in the zip; refused as a zip bomb")
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_EXPANDED_BYTES:
        raise WorkbookError(
            f"{name}: the workbook would expand to {expanded / 2**20:,.0f} MiB (more than "
            f"{MAX_EXPANDED_BYTES // 2**20} MiB); refused as a zip bomb"
        )
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        hint = " (an OpenDocument .ods? save it as .xlsx)" if "content.xml" in names else ""
        raise WorkbookError(f"{name}: a zip file, but not an XLSX workbook{hint}")
    merged = _merged_cells(raw, name, [e for e in entries if e.filename.startswith("xl/worksheets/")])
    if merged > MAX_MERGED_CELLS:
        raise WorkbookError(
            f"{name}: merged ranges cover {merged:,} cells (more than {MAX_MERGED_CELLS:,}); refused, "
            "as reading them would take minutes"
        )


def _merged_cells(raw: bytes, name: str, sheets: list[zipfile.ZipInfo]) -> int:
    """How many cells the sheets' merged ranges cover. openpyxl makes an object for every one
    of them (26 s for one range A1:Z100000), so a tiny file with a merge over a whole sheet
    would hang it: the ranges are counted from the XML first."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for entry in sheets:
            try:
                xml = archive.read(entry)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise WorkbookError(f"{name}: a corrupt workbook ({entry.filename}: {exc})") from None
            for first_col, first_row, last_col, last_row in _MERGE_REF.findall(xml):
                rows = abs(int(last_row) - int(first_row)) + 1
                cols = abs(_column_index(last_col) - _column_index(first_col)) + 1
                total += rows * cols
    return total


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - ord("A") + 1
    return index


def _load(raw: bytes, name: str, data_only: bool) -> Any:
    from openpyxl import load_workbook
    from openpyxl.worksheet.merge import MergedCellRange

    # openpyxl copies the first cell's borders onto the edges of every merged range as it loads
    # (MergedCellRange.format): styles this reader never looks at, and 80% of the time of reading
    # an exported RKT of 4,000 rows (3,300 merges: 3.5 s). The covered cells are still replaced
    # by MergedCells (Worksheet._clean_merge_range), which is all the grid needs.
    format_borders = MergedCellRange.format
    MergedCellRange.format = _no_borders  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (slicers, conditional formats): not ours to show.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw), data_only=data_only, keep_links=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) on a bad file
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise WorkbookError(f"{name}: a corrupt workbook: {reason}") from None
    finally:
        MergedCellRange.format = format_borders  # type: ignore[method-assign]


def _no_borders(self: Any) -> None:
    """MergedCellRange.format while a workbook is read: no borders copied (see _load)."""


def _written_cells(ws: Any) -> list[Any]:
    """The cells the file holds, in row order. Not ws.iter_rows(): that visits every position up
    to the last one, and one stray cell at XFD1048576 in a 2 KB file made it 17 billion."""
    cells: dict[tuple[int, int], Any] = ws._cells  # openpyxl's own store of the cells it read
    return [cells[key] for key in sorted(cells)]


def _sheet(ws: Any, cached: Any) -> Sheet:
    from openpyxl.utils import column_index_from_string

    sheet = Sheet(ws.title, ws.sheet_state, protected=bool(ws.protection.sheet))
    sheet.max_row, sheet.max_col = ws.max_row, ws.max_column
    if sheet.max_row == 1 and sheet.max_col == 1 and ws.cell(1, 1).value is None:
        sheet.max_row = sheet.max_col = 0
    for c in _written_cells(ws):
        value = c.value
        if value is None or c.__class__.__name__ == "MergedCell":
            continue
        formula = None
        if c.data_type == "f":
            formula = str(value) if not hasattr(value, "text") else str(value.text)
            value = cached[ws.title].cell(c.row, c.column).value if cached is not None else None
        if isinstance(value, str) and value == "":
            continue
        # A percent format shows 0.95 as "95%": the reader wants what the cell shows.
        percent = isinstance(value, (int, float)) and "%" in (c.number_format or "")
        sheet.cells[(c.row, c.column)] = GridCell(c.row, c.column, value, formula, percent=percent)
    for merged in ws.merged_cells.ranges:
        anchor = (merged.min_row, merged.min_col)
        for r in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (r, col) != anchor:
                    sheet.cells[(r, col)] = GridCell(r, col, None, merged_from=anchor)
    for index, dimension in ws.row_dimensions.items():
        if dimension.hidden:
            sheet.hidden_rows.add(index)
    for letter, dimension in ws.column_dimensions.items():
        if dimension.hidden:
            # A dimension may stand for a run of columns (min … max).
            first = dimension.min or column_index_from_string(letter)
            last = dimension.max or first
            sheet.hidden_cols.update(range(first, last + 1))
    return sheet


def read_workbook(raw: bytes, name: str) -> Workbook:
    """Every sheet of the XLSX in `raw` as a grid. Raises WorkbookError (see the module doc)."""
    check_container(raw, name)
    wb = _load(raw, name, data_only=False)
    has_formula = any(c.data_type == "f" for ws in wb.worksheets for c in _written_cells(ws))
    # The saved results of formulas are in the same file, read a second time with data_only.
    cached = _load(raw, name, data_only=True) if has_formula else None
    return Workbook(name, [_sheet(ws, cached) for ws in wb.worksheets])


def read_workbook_file(path: Path, name: str | None = None) -> Workbook:
    """read_workbook on a file; an unreadable file is a WorkbookError too."""
    display = name or str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise WorkbookError(f"{display}: cannot read: {exc.strerror or exc}") from None
    return read_workbook(raw, display)


__all__ = [
    "MAX_EXPANDED_BYTES",
    "GridCell",
    "ReadFailure",
    "Sheet",
    "Workbook",
    "WorkbookError",
    "check_container",
    "column_letter",
    "decimal_from_text",
    "percent_text",
    "read_workbook",
    "read_workbook_file",
    "rupiah_from_text",
]
