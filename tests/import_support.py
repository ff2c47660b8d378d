"""Hand-made Word documents for the import tests, built with python-docx the way an office builds them.

Each builder starts from the office's own RKT 2024 (tests/data/rkt_2024_kpu_prabumulih.txt, read
by tests/reference.py, independently of rkt_cli) and lays the same rows out in one of the ways a
person makes such a table in Word: blank continuation cells, values repeated on every row,
vertical merges, amounts with dots, an extra empty column, a landscape section after a cover page,
the header repeated mid-table, the table split at page breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from tests.reference import COLUMNS, ReferenceRow, parse_reference

HEADER = [
    "No",
    "Program",
    "Sasaran strategis",
    "Indikator Kinerja strategis",
    "Target",
    "Kegiatan",
    "Anggaran",
    "Pelaksana",
]
NUMBERING = [str(n) for n in range(1, 9)]

FRONT = [
    "KOMISI PEMILIHAN UMUM\nKOTA PRABUMULIH",
    "RENCANA KINERJA TAHUNAN",
    "Sekretariat KPU Kota Prabumulih",
    "RENCANA KINERJA TAHUNAN\nTAHUN 2024",
]
SIGNATURE = ["Prabumulih, 25 Januari 2024", "SEKRETARIS,", "", "", "", "YASRIN ABIDIN"]


@dataclass
class Layout:
    """How the table is laid out; every field is one habit of hand-made RKT tables."""

    continuation: str = "blank"  # "blank": empty cells under the first row; "repeat": value on every row; "merge"
    anggaran: Callable[[str], str] = lambda text: text  # "822,654,000" -> how this office writes it
    extra_empty_column: bool = False
    header_every: int = 0  # repeat header + numbering rows every N data rows (0: never)
    split_every: int = 0  # start a new table (with its own header) every N data rows (0: never)
    cover_page: bool = False  # a cover page, then the RKT in a landscape section
    numbering_row: bool = True
    front: list[str] = field(default_factory=lambda: list(FRONT))
    signature: list[str] = field(default_factory=lambda: list(SIGNATURE))


def reference_rows() -> list[ReferenceRow]:
    return parse_reference().rows


def _cells_for(row: ReferenceRow, layout: Layout) -> list[str]:
    values = [getattr(row, name) for name in COLUMNS]
    values[6] = layout.anggaran(values[6])
    if layout.continuation == "blank" and not row.starts_sasaran:
        # Like the reference: No, Program, Sasaran and Anggaran only on a sasaran's first row.
        values[0] = values[1] = values[2] = values[6] = ""
    return values


def _add_row(table: Table, values: Sequence[str]) -> None:
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=False):
        lines = value.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _mark_header(table: Table, row_index: int) -> None:
    tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _new_table(document: docx.document.Document, layout: Layout) -> Table:
    header = HEADER + ([""] if layout.extra_empty_column else [])
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    _add_row(table, header)
    _mark_header(table, 0)
    if layout.numbering_row:
        _add_row(table, NUMBERING + ([""] if layout.extra_empty_column else []))
        _mark_header(table, 1)
    return table


def _merge_runs(table: Table, first_data_row: int, rows: list[ReferenceRow]) -> None:
    """Vertical merges over each sasaran for No, Program, Sasaran, Anggaran; python-docx writes w:vMerge."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].starts_sasaran:
            if index - 1 > start:
                for column in (0, 1, 2, 6):
                    top = table.cell(first_data_row + start, column)
                    bottom = table.cell(first_data_row + index - 1, column)
                    top.merge(bottom)
            start = index


def build_reference_docx(path: Path, layout: Layout | None = None) -> Path:
    layout = layout or Layout()
    document = docx.Document()
    if layout.cover_page:
        document.add_paragraph("RENCANA KINERJA TAHUNAN")
        document.add_paragraph("TAHUN 2024")
        document.add_paragraph("SEKRETARIAT KPU KOTA PRABUMULIH")
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(330), Mm(215)
    for text in layout.front:
        lines = text.split("\n")
        paragraph = document.add_paragraph(lines[0])
        for line in lines[1:]:
            paragraph.add_run().add_break()
            paragraph.add_run(line)
    document.add_paragraph(parse_reference().intro)
    rows = reference_rows()
    table = _new_table(document, layout)
    groups: list[tuple[Table, int, list[ReferenceRow]]] = []
    first = len(table.rows)
    chunk: list[ReferenceRow] = []
    for count, row in enumerate(rows):
        if count and layout.split_every and count % layout.split_every == 0:
            groups.append((table, first, chunk))
            document.add_paragraph("")
            table = _new_table(document, layout)
            first, chunk = len(table.rows), []
        elif count and layout.header_every and count % layout.header_every == 0:
            groups.append((table, first, chunk))
            _add_row(table, HEADER + ([""] if layout.extra_empty_column else []))
            if layout.numbering_row:
                _add_row(table, NUMBERING + ([""] if layout.extra_empty_column else []))
            first, chunk = len(table.rows), []
        values = _cells_for(row, layout)
        if layout.continuation == "merge" and not row.starts_sasaran and chunk:
            values[0] = values[1] = values[2] = values[6] = ""
        _add_row(table, values + ([""] if layout.extra_empty_column else []))
        chunk.append(row)
    groups.append((table, first, chunk))
    if layout.continuation == "merge":
        for merged_table, first_row, group in groups:
            _merge_runs(merged_table, first_row, group)
    for line in layout.signature:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def build_table_docx(
    path: Path,
    rows: Sequence[Sequence[str]],
    header: Sequence[str] = HEADER,
    front: Sequence[str] = FRONT,
    signature: Sequence[str] = SIGNATURE,
    merges: Sequence[tuple[int, int, int]] = (),
) -> Path:
    """A small document with exactly these data rows; merges are (column, first row, last row) of data rows."""
    document = docx.Document()
    for text in front:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=len(header))
    _add_row(table, header)
    for row in rows:
        _add_row(table, row)
    for column, first, last in merges:
        table.cell(first + 1, column).merge(table.cell(last + 1, column))
    for line in signature:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def set_cell_vmerge_xml(table: Table, row: int, column: int, value: str | None) -> None:
    """Write w:vMerge by hand (value None: continue), as Word does, for tests of the raw XML."""
    tc = table.cell(row, column)._tc
    tc_pr = tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if value is not None:
        merge.set(qn("w:val"), value)
    tc_pr.append(merge)
