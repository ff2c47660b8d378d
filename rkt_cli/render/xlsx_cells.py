"""The cell-level helpers every workbook rkt writes shares (rkt export, the realisasi lembar):
a value written as what it is (a text never becomes a formula), a merged range recorded cheaply,
and the sizes (column widths in Excel's units, row heights for wrapped text) Excel does not work
out by itself when it opens a file.
"""

from __future__ import annotations

import math
from typing import Any

# Excel refuses a workbook with a longer text in one cell ("We found a problem with some content").
MAX_CELL_CHARS = 32_767
MAX_ROW_HEIGHT_PT = 409.0
RUPIAH_FORMAT = "#,##0"  # built-in format 3: the reader's locale chooses "." or "," for thousands
# Column widths: Excel measures them in the width of a digit of the default font (Calibri 11,
# 7 pixels at 96 dpi), so mm → pixels → digits.
_PIXELS_PER_MM = 96 / 25.4
_DIGIT_PIXELS = 7
# For the row height estimate: an average character of Arial-like fonts is about half an em,
# and a line is about 1.25 em high; cells lose about 2 mm of their width to padding.
_CHAR_EM = 0.5
_LINE_EM = 1.25
_MM_PER_PT = 25.4 / 72
_CELL_PADDING_MM = 2.0
_ALIGN = {"kiri": "left", "tengah": "center", "kanan": "right", "rata": "justify"}


class XlsxExportError(Exception):
    """The document cannot be written as a workbook (a text longer than a cell can hold)."""


def _put(ws: Any, row: int, column: int, value: object) -> Any:
    """Write one value: a text is always a string cell, never a formula (a spreadsheet never
    evaluates data from the YAML)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        if not value:
            return cell
        if len(value) > MAX_CELL_CHARS:
            raise XlsxExportError(
                f"{ws.title}!{cell.coordinate}: a text of {len(value):,} characters; "
                f"a spreadsheet cell holds at most {MAX_CELL_CHARS:,}"
            )
        cell.value = value
        if cell.data_type == "f":  # openpyxl took "=…" for a formula: keep it the text it is
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _formula(ws: Any, row: int, column: int, formula: str) -> Any:
    cell = ws.cell(row=row, column=column)
    cell.value = formula  # our own formula, from cell references only
    return cell


def _width_units(width_mm: float) -> float:
    return round(width_mm * _PIXELS_PER_MM / _DIGIT_PIXELS, 2)


def _lines_needed(text: str, width_mm: float, size_pt: float) -> int:
    """About how many lines `text` wraps to in a column `width_mm` wide: enough for a row height
    that shows the whole text (Excel does not fit row heights when it opens a file)."""
    if not text:
        return 1
    per_line = max(1, int((width_mm - _CELL_PADDING_MM) / (size_pt * _CHAR_EM * _MM_PER_PT)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _row_height(lines: int, size_pt: float) -> float:
    # 409 pt is the tallest row Excel allows; a taller one makes it report the file as damaged.
    return min(round(lines * size_pt * _LINE_EM + 3, 1), MAX_ROW_HEIGHT_PT)


def _merge(ws: Any, min_row: int, min_col: int, max_row: int, max_col: int) -> None:
    """Record a merged range. ws.merge_cells compares each new range with every earlier one
    (quadratic: 11 s for the 3,300 merges of 4,000 rows) and rebuilds the covered cells' borders;
    here the covered cells are already written, empty and bordered, so recording is enough."""
    from openpyxl.worksheet.cell_range import CellRange

    ws.merged_cells.ranges.add(CellRange(min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row))
