"""A workbook's RKT sheet as the importer's blocks: the rows above the table as paragraphs, the
table as a grid (grid.py), the rows below it (the signature) as a layout table.

The same walker, header recognition and value parsing as a DOCX then read it (assemble.py);
this module only turns cells into grid cells, and afterwards puts each warning at its cell
(`FILE.xlsx:Sheet!C12`) instead of at a table row:

- a merged range is a vertical merge (the cells below its first row continue it) and a
  horizontal span (the cells right of its first column are spanned), as Word's merges are;
- a hidden row or column is not read (a warning names them, RKT321);
- numbers keep their type (one in a percent format as it shows: 0.95 is 95): an int anggaran
  stays exact, a float that is a whole number becomes an int, a float with cents in an anggaran
  column is an error at its cell (RKT322), a decimal target is written with the Indonesian
  decimal comma so that "1.5" never reads as 1.500;
- a formula is never evaluated: its saved value is read (the Jumlah row's SUM is checked
  against the sasaran's sum as a DOCX's Jumlah is); another formula's saved value is used with
  a warning, and one without a saved value is an error (RKT323), except a SUM without one,
  as `rkt export` writes it: that is the total, with nothing to check;
- the Info sheet `rkt export` writes gives instansi, unit, tahun, judul, pengantar and pagu as
  written (the title rows show some of them in capitals).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.importer.assemble import ImportResult, import_blocks
from rkt_cli.importer.failures import DocxImportError, ImportFailure
from rkt_cli.importer.grid import Block, GridCell, GridRow, Table
from rkt_cli.importer.header import Header, header_at, is_blank, plain_words
from rkt_cli.importer.sheet_cells import CellErrors as CellErrors
from rkt_cli.importer.sheet_cells import SheetGrid, cell_text, sheet_grid
from rkt_cli.xlsx_reader import CellValue, Workbook, column_letter

_TOTAL_WORDS = {"jumlah", "total", "jumlah total", "total anggaran", "jumlah anggaran", "grand total"}
INFO_SHEET = "Info"
_INFO_KEYS = ("Instansi", "Unit", "Tahun")


def find_header(rows: list[GridRow]) -> tuple[int, Header] | None:
    for index in range(len(rows)):
        header = header_at(rows, index)
        if header is not None:
            return index, header
    return None


def _cell(row: GridRow, header: Header, role: str) -> GridCell:
    columns = header.roles.get(role) or []
    return row.cells[columns[0]] if columns and columns[0] < len(row.cells) else GridCell("")


def _is_data(row: GridRow, header: Header) -> bool:
    return _cell(row, header, "indikator").explicit and _cell(row, header, "target").explicit


def _is_total(row: GridRow, header: Header) -> bool:
    if _cell(row, header, "indikator").explicit:
        return False
    return any(c.explicit and plain_words(c.text) in _TOTAL_WORDS for c in row.cells)


def table_end(rows: list[GridRow], start: int, header: Header, hidden: frozenset[int] = frozenset()) -> int:
    """The index after the table's last row: it ends at a blank or Jumlah row that no data row
    follows (the signature block below has no indikator and target of its own). A hidden row
    (`hidden`: indices), blank in the grid, does not end it."""
    index = start + header.rows
    while index < len(rows):
        row = rows[index]
        total = _is_total(row, header)
        if total or (is_blank(row) and index not in hidden):
            following = index + 1
            while following < len(rows) and is_blank(rows[following]) and following not in hidden:
                following += 1
            if following < len(rows) and _is_data(rows[following], header):
                index = following
                continue
            return index + 1 if total else index
        index += 1
    return len(rows)


def _check_anggaran(grid: SheetGrid, start: int, end: int, header: Header) -> None:
    """A float with cents in an anggaran cell is an error there: anggaran is whole rupiah."""
    for grid_column in header.roles.get("anggaran", []):
        column = grid.columns[grid_column]
        for index in range(start + header.rows, end):
            row = grid.sheet_row(index)
            value = grid.sheet.cell(row, column).value
            if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
                grid.report(
                    "RKT322",
                    Severity.ERROR,
                    row,
                    column,
                    f"anggaran {value!r} has cents; anggaran is whole rupiah (write {math.floor(value)} or "
                    f"{math.ceil(value)})",
                )


def _info(book: Workbook) -> dict[str, CellValue]:
    """The Info sheet of a workbook `rkt export` wrote, key -> value; empty for any other workbook."""
    sheet = book.sheet(INFO_SHEET)
    if sheet is None:
        return {}
    values = {cell_text(sheet.value(r, 1)): sheet.value(r, 2) for r in range(1, sheet.max_row + 1)}
    return values if "rkt export" in cell_text(values.get("Dibuat dengan")) else {}


def _info_lines(info: dict[str, CellValue]) -> list[str]:
    """instansi, unit, tahun as key-value lines, then judul and pengantar, as the front matter reads them."""
    lines = [f"{key} : {cell_text(info[key])}" for key in _INFO_KEYS if cell_text(info.get(key))]
    return lines + [cell_text(info[key]) for key in ("Judul", "Pengantar") if cell_text(info.get(key))]


@dataclass
class SheetTable:
    """The blocks of the sheet that holds the RKT table, and where its rows stand in the sheet."""

    grid: SheetGrid
    blocks: list[Block]
    start: int  # the header's index in grid.rows: walker row n is grid row start + n - 1
    header: Header


def _note_hidden(grid: SheetGrid, start: int, end: int) -> None:
    sheet = grid.sheet
    rows = sorted(grid.sheet_row(index) for index in grid.hidden if start <= index < end)
    if rows:
        shown = ", ".join(str(r) for r in rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
        grid.report(
            "RKT321", Severity.WARNING, rows[0], 1, f"hidden row(s) {shown} not read; unhide them to import them"
        )
    columns = sorted({c for _, c in sheet.cells if c in sheet.hidden_cols})  # those with something to read
    if columns:
        letters = ", ".join(column_letter(c) for c in columns)
        grid.report(
            "RKT321",
            Severity.WARNING,
            grid.sheet_row(start),
            columns[0],
            f"hidden column(s) {letters} not read; unhide them to import them",
        )


def rkt_sheet(book: Workbook, sheet_name: str | None) -> SheetTable:
    """The sheet named `sheet_name`, or the first visible one holding an RKT table, as blocks.
    Raises DocxImportError when there is none (or the named one has none)."""
    if sheet_name is not None:
        named = book.sheet(sheet_name)
        if named is None:
            names = ", ".join(repr(s.name) for s in book.sheets)
            raise DocxImportError(f"{book.name}: no sheet {sheet_name!r}; its sheets: {names}", ImportFailure.CONTENT)
        candidates = [named]
    else:
        candidates = [s for s in book.sheets if s.state == "visible"]
    for sheet in candidates:
        grid = sheet_grid(sheet, book.name)
        found = find_header(grid.rows)
        if found is None:
            continue
        start, header = found
        end = table_end(grid.rows, start, header, frozenset(grid.hidden))
        _check_anggaran(grid, start, end, header)
        _note_hidden(grid, start, end)
        above = [" ".join(c.text for c in row.cells if c.explicit) for row in grid.rows[:start]]
        blocks: list[Block] = [*_info_lines(_info(book)), *(line for line in above if line)]
        blocks.append(Table(grid.rows[start:end], sheet.name))
        after = [row for row in grid.rows[end:] if not is_blank(row)]
        if after:
            blocks.append(Table(after, f"{sheet.name} below the table"))
        return SheetTable(grid, blocks, start, header)
    where = f"the sheet {sheet_name!r} has" if sheet_name is not None else _none_of(len(candidates))
    raise DocxImportError(
        f"{book.name}: no RKT table found: {where} no header row with the words Sasaran, Indikator and Target",
        ImportFailure.CONTENT,
    )


def _none_of(count: int) -> str:
    if count == 0:
        return "the workbook has no visible sheet with"
    return "its only sheet has" if count == 1 else f"none of its {count} visible sheets has"


_ROW = re.compile(r"\brow (\d+)\b")
_LEADING_ROW = re.compile(r"^row \d+: ")
_INDEX = re.compile(r"\[\d+\]")
# The role a warning's path names, for the cell it points at.
_ROLE_OF = {"pagu": "anggaran", "kolom_tambahan": "", "document": ""}


def _role(path: str) -> str:
    last = _INDEX.sub("", path).split(".")[-1] if path else ""
    return _ROLE_OF.get(last, last)


def at_cells(table: SheetTable, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The walker's warnings (at table rows numbered from the header) at their sheet cells."""
    grid, start, header = table.grid, table.start, table.header
    out = []
    for d in diagnostics:
        if not d.line:
            out.append(d)
            continue
        sheet_row = grid.sheet_row(start + d.line - 1)
        index = start + d.line - 1
        role = _role(d.path)
        columns = header.roles.get(role) or (header.roles.get("sasaran") if role == "kode" else None)
        if columns:
            column = columns[0]
        else:  # the row's first cell with text
            cells = grid.rows[index].cells if index < len(grid.rows) else []
            column = next((i for i, c in enumerate(cells) if c.text), 0)
        message = _ROW.sub(
            lambda m: f"row {grid.sheet_row(start + int(m.group(1)) - 1)}", _LEADING_ROW.sub("", d.message)
        )
        out.append(replace(d, file=grid.address(sheet_row, column), line=0, col=0, message=message))
    return out


def _order(d: Diagnostic) -> tuple[int, int, str]:
    """Top to bottom, left to right (a text sort would put C12 before C8)."""
    match = re.search(r"!([A-Z]+)(\d+)$", d.file)
    if match is None:
        return (0, 0, d.code)
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return (int(row), column, d.code)


def import_workbook(book: Workbook, sheet_name: str | None = None) -> ImportResult:
    """The RKT in a workbook's sheet. Raises DocxImportError (CellErrors for cells it cannot hold)."""
    table = rkt_sheet(book, sheet_name)
    notes = table.grid.diagnostics
    errors = [d for d in notes if d.is_error]
    if errors:
        raise CellErrors(book.name, sorted(errors, key=_order))
    try:
        result = import_blocks(table.blocks, book.name)
    except DocxImportError as exc:
        exc.message = _ROW.sub(lambda m: f"row {table.grid.sheet_row(table.start + int(m.group(1)) - 1)}", exc.message)
        raise
    diagnostics = sorted(at_cells(table, result.diagnostics) + notes, key=_order)
    rkt = result.rkt
    pagu = _info(book).get("Pagu (Rp)")
    if isinstance(pagu, int) and not isinstance(pagu, bool) and pagu >= 0:  # the ceiling the export wrote
        rkt = rkt.model_copy(update={"pagu": pagu})
    return replace(result, rkt=rkt, diagnostics=diagnostics)


__all__ = ["CellErrors", "import_workbook", "rkt_sheet", "sheet_grid"]
