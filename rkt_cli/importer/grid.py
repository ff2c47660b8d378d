"""The grid the table walker reads: rows of cells, as any reader (DOCX now, a sheet later) gives them.

A reader turns its file into `Block`s (a paragraph's text, or a `Table` of `GridRow`s); the
walker knows nothing of Word. A cell says its text and whether it continues a vertical merge
(its text is then the one of the cell above); `where` names the row for a person ("table 1,
row 12").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


# Every character str.strip() takes for a space (NEL, one of them, is read as a line break above).
_SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_RUN_OF_SPACES = re.compile(f"[{re.escape(_SPACES)}]+")


def clean_lines(text: str) -> str:
    """Strip each line and the whole; NBSP counts as a space (Word users type it for alignment)."""
    lines = [line.replace("\xa0", " ").strip(_SPACES) for line in text.split("\n")]
    return "\n".join(lines).strip(_SPACES)


def one_line(text: str) -> str:
    """Runs of spaces and line breaks as one space, none at either end."""
    return _RUN_OF_SPACES.sub(" ", text).strip(" ")
