"""Hand-made Word documents of the SAKIP family (PK, PKT, a simple RKT, an LKj summary), built
with python-docx the way offices type them: paragraphs with tabs before a colon, a table whose
cells are merged by hand (vertically over a sasaran, across the row for a group), left blank
under a value or repeated, and the signatures in a borderless table of one column per signer.

A document is a list of parts, drawn in order: a str is a paragraph (a "\\n" in it is a line
break within the paragraph, as Shift+Enter types it); a `Grid` is a table; a `Signatures` is the
layout table of the signature blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.table import Table


@dataclass
class Grid:
    """A table: its rows of cell texts, and the cells to merge.

    `down` merges (column, first row, last row) vertically, as Word's "Merge Cells" over a
    sasaran's rows; `across` merges a whole row into one cell (a group row such as KEGIATAN …).
    Rows count from 0, the header included.
    """

    rows: Sequence[Sequence[str]]
    down: Sequence[tuple[int, int, int]] = ()
    across: Sequence[int] = ()


@dataclass
class Signatures:
    """One column of lines per signer, side by side, in a table without borders."""

    columns: Sequence[Sequence[str]] = field(default_factory=list)


Part = str | Grid | Signatures


def _paragraph_text(cell_or_doc: object, text: str) -> None:
    lines = text.split("\n")
    paragraph = cell_or_doc.add_paragraph()  # type: ignore[attr-defined]
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _fill(table: Table, rows: Sequence[Sequence[str]]) -> None:
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            lines = value.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def build_docx(path: Path, parts: Sequence[Part]) -> Path:
    document = docx.Document()
    for part in parts:
        if isinstance(part, str):
            _paragraph_text(document, part)
        elif isinstance(part, Grid):
            width = max(len(row) for row in part.rows)
            table = document.add_table(rows=len(part.rows), cols=width)
            table.style = "Table Grid"
            _fill(table, part.rows)
            for column, first, last in part.down:
                table.cell(first, column).merge(table.cell(last, column))
            for row in part.across:
                table.cell(row, 0).merge(table.cell(row, width - 1))
        else:
            height = max(len(column) for column in part.columns)
            table = document.add_table(rows=height, cols=len(part.columns))
            _fill(table, [[col[r] if r < len(col) else "" for col in part.columns] for r in range(height)])
    document.save(str(path))
    return path
