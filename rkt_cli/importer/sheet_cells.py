"""A worksheet's cells as the importer's grid cells: merges, spans and typed values, each
value as the text a reader of the table sees (xlsx_blocks.py finds the RKT table among them)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.importer.failures import DocxImportError, ImportFailure
from rkt_cli.importer.grid import GridCell, GridRow, clean_lines
from rkt_cli.xlsx_reader import CellValue, Sheet
from rkt_cli.xlsx_reader import GridCell as SheetCell

_SPANNED = GridCell("", spanned=True)


class CellErrors(DocxImportError):
    """Cells the RKT cannot hold (an anggaran with cents, a formula without a saved value):
    each an error at its cell; nothing is imported."""

    def __init__(self, file: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{file}: {len(diagnostics)} cell(s) cannot be read; nothing imported", ImportFailure.CONTENT)
        self.diagnostics = diagnostics


@dataclass
class SheetGrid:
    """One sheet as grid rows, and what it takes to name a cell. Only rows and columns with cells
    are in it (a run of empty rows is one blank row: it still ends a table), so that one cell far
    out (XFD1048576) costs nothing."""

    sheet: Sheet
    file: str
    rows: list[GridRow] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)  # grid column -> sheet column (hidden ones left out)
    sheet_rows: list[int] = field(default_factory=list)  # grid row -> sheet row
    hidden: set[int] = field(default_factory=set)  # grid rows standing for a hidden row with cells
    diagnostics: list[Diagnostic] = field(default_factory=list)  # notes and cell errors

    def sheet_row(self, index: int) -> int:
        return self.sheet_rows[index] if 0 <= index < len(self.sheet_rows) else index + 1

    def address(self, row: int, grid_column: int) -> str:
        column = self.columns[grid_column] if 0 <= grid_column < len(self.columns) else 1
        return f"{self.file}:{self.sheet.address(row, column)}"

    def report(self, code: str, severity: Severity, row: int, col: int, message: str) -> None:
        where = f"{self.file}:{self.sheet.address(row, col)}"
        self.diagnostics.append(Diagnostic(code, severity, where, 0, 0, "", message))


def _number_text(value: float) -> str:
    """A float as a cell would show it in Indonesian: "87,5"; a whole one without decimals."""
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f").replace(".", ",")


def cell_text(value: CellValue) -> str:
    """A typed value as the text the walker reads (the DOCX reader gives it texts)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_lines(value)


def _value(grid: SheetGrid, cell: SheetCell) -> CellValue:
    """The value a cell shows: a formula's saved value (never evaluated), see the module doc."""
    if cell.formula is None:
        return cell.value
    is_sum = cell.formula.replace(" ", "").upper().startswith("=SUM(")
    if cell.value is None:
        if not is_sum:
            grid.report(
                "RKT323",
                Severity.ERROR,
                cell.row,
                cell.col,
                f"a formula ({cell.formula[:60]}) without a saved value: type the value, or open and save "
                "the workbook in Excel or LibreOffice so that it saves one",
            )
        return None
    if not is_sum:
        grid.report(
            "RKT323",
            Severity.WARNING,
            cell.row,
            cell.col,
            f"a formula ({cell.formula[:60]}): its saved value {cell_text(cell.value)!r} is used",
        )
    return cell.value


def _shown(value: CellValue, percent: bool) -> CellValue:
    """A number in a percent format as the cell shows it: 0.95 → 95 (a target of 95 %)."""
    if not percent or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return value
    hundred = Decimal(repr(value)) * 100
    return int(hundred) if hundred == hundred.to_integral_value() else float(hundred)


# An RKT table of 40,000 rows and 12 columns is 480,000 cells; a sheet whose cells span far more
# (a stray value in a far corner of many rows) is refused rather than read for minutes.
MAX_GRID_CELLS = 4_000_000


def sheet_grid(sheet: Sheet, file: str) -> SheetGrid:
    """The sheet's rows with cells as grid rows; a hidden row as a blank row (so that it neither
    is read nor ends the table), a hidden column left out."""
    used = sorted({r for r, _ in sheet.cells})
    columns = sorted({c for _, c in sheet.cells if c not in sheet.hidden_cols})
    if len(used) * len(columns) > MAX_GRID_CELLS:
        raise DocxImportError(
            f"{file}: the sheet {sheet.name!r} spans {len(used):,} rows by {len(columns):,} columns, more "
            f"than the {MAX_GRID_CELLS:,} cells rkt reads; delete the cells outside the table",
            ImportFailure.CONTENT,
        )
    grid = SheetGrid(sheet, file, columns=columns)
    blank = [GridCell("")] * len(columns)
    texts: dict[tuple[int, int], str] = {}  # what each read cell shows, for the merged cells below it
    previous = 0
    for r in used:
        if r > previous + 1:  # empty rows between: one blank row stands for them
            grid.rows.append(GridRow(list(blank), f"{sheet.name} row {previous + 1}"))
            grid.sheet_rows.append(previous + 1)
        previous = r
        grid.sheet_rows.append(r)
        if r in sheet.hidden_rows:
            grid.hidden.add(len(grid.rows))
            grid.rows.append(GridRow(list(blank), f"{sheet.name} row {r}"))
            continue
        cells: list[GridCell] = []
        for c in columns:
            cell = sheet.cell(r, c)
            if cell.merged_from is not None:
                top, left = cell.merged_from
                if top != r and left == c:  # below the range's first row, in its first column
                    text = texts.get((top, left))
                    if text is None:  # its first row hidden: read without a second report
                        text = cell_text(sheet.cell(top, left).value)
                    cells.append(GridCell(text, merged=True))
                else:
                    cells.append(_SPANNED)
                continue
            text = cell_text(_shown(_value(grid, cell), cell.percent))
            if text:
                texts[(r, c)] = text
            cells.append(GridCell(text))
        grid.rows.append(GridRow(cells, f"{sheet.name} row {r}"))
    return grid
