"""The grid the table walker reads: rows of cells, as any reader (DOCX now, a sheet later) gives them.

A reader turns its file into `Block`s (a paragraph's text, or a `Table` of `GridRow`s); the
walker knows nothing of Word. A cell says its text and whether it continues a vertical merge
(its text is then the one of the cell above); `where` names the row for a person ("table 1,
row 12").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple


class GridCell(NamedTuple):
    """One column of a table row as the grid sees it: a horizontally spanned cell fills several.

    A NamedTuple rather than a frozen dataclass: a 4,000-row table makes 30,000 of them, and a
    frozen dataclass's __init__ costs four times as much."""

    text: str
    merged: bool = False  # a vertical-merge continuation: the value is the one of the cell above
    spanned: bool = False  # the 2nd.. grid column of a horizontally spanned cell

    @property
    def explicit(self) -> bool:
        return bool(self.text) and not self.merged and not self.spanned


@dataclass(slots=True)
class GridRow:
    """A table row as grid columns. `where` names it for a person as the reader counts it
    ("table 2, row 12"); `number` is set by the walker: rows counted from 1 across all parts of
    the RKT table, header rows included, the line of a warning."""

    cells: list[GridCell]
    where: str = ""
    number: int = 0


@dataclass(slots=True)
class Table:
    rows: list[GridRow]
    where: str = ""  # "table 2", as the reader counts the tables


Block = str | Table  # a paragraph's text, or a table


# Every character str.strip() takes for a space (NEL, one of them, is read as a line break above).
_SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_RUN_OF_SPACES = re.compile(f"[{re.escape(_SPACES)}]+")


def clean_lines(text: str) -> str:
    """Strip each line and the whole; NBSP counts as a space (Word users type it for alignment)."""
    if "\n" not in text:  # most cells: one line, no list to build
        return text.replace("\xa0", " ").strip(_SPACES)
    lines = [line.replace("\xa0", " ").strip(_SPACES) for line in text.split("\n")]
    return "\n".join(lines).strip(_SPACES)


def one_line(text: str) -> str:
    """Runs of spaces and line breaks as one space, none at either end."""
    return _RUN_OF_SPACES.sub(" ", text).strip(" ")
