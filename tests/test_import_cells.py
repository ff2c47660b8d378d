"""How the DOCX reader takes a cell's span, merge and text in one walk (docx_blocks._read_cell)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from rkt_cli.importer import DocxImportError, import_blocks, import_docx
from rkt_cli.importer.docx_blocks import read_blocks
from rkt_cli.importer.docx_package import read_document_xml
from rkt_cli.importer.grid import Block, GridCell, GridRow, Table
from tests.sakip_docx import Grid, build_docx


def _table(path: Path) -> Table:
    blocks = read_blocks(read_document_xml(path))
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def test_old_properties_of_a_tracked_change_do_not_span_or_merge(tmp_path: Path) -> None:
    """w:tcPrChange keeps the cell's properties before a tracked edit: they are not the cell's."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    tc_pr = table.cell(1, 0)._tc.get_or_add_tcPr()
    change = OxmlElement("w:tcPrChange")
    change.set(qn("w:id"), "1")
    change.set(qn("w:author"), "x")
    old = OxmlElement("w:tcPr")
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "3")
    old.append(span)
    old.append(OxmlElement("w:vMerge"))
    change.append(old)
    tc_pr.append(change)
    path = tmp_path / "t.docx"
    document.save(str(path))
    row = _table(path).rows[1]
    assert [(c.text, c.merged, c.spanned) for c in row.cells] == [
        ("r1c0", False, False),
        ("r1c1", False, False),
        ("r1c2", False, False),
    ]


def test_a_nested_table_is_part_of_its_cell_and_its_spans_are_not(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "before"
    inner = table.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).merge(inner.cell(0, 1))  # a gridSpan of 2 inside the nested table
    inner.cell(0, 0).text = "nested"
    table.cell(0, 1).text = "right"
    path = tmp_path / "n.docx"
    document.save(str(path))
    row = _table(path).rows[0]
    assert [(c.text, c.spanned) for c in row.cells] == [("before\nnested", False), ("right", False)]
    assert row.where == "table 1, row 1"


def test_a_table_that_cannot_be_read_is_named_by_where_it_stands(tmp_path: Path) -> None:
    header_only = Grid([["No", "Sasaran", "Indikator", "Target"]])
    path = build_docx(tmp_path / "h.docx", [Grid([["Nama", "Jabatan"]]), header_only])
    with pytest.raises(DocxImportError) as info:
        import_docx(path, "h.docx")
    assert info.value.message == "h.docx: table 2: the RKT table has a header but no rows"


def test_a_sheet_reader_feeds_the_same_walker_with_a_grid() -> None:
    """The seam for the XLSX/CSV reader: blocks of text and grid tables, no Word at all; the
    diagnostics stand at the grid's rows, and a merged cell is one that continues the one above."""
    rows = [
        ["No", "Sasaran", "Indikator", "Target"],
        ["1", "Sasaran A", "a. Indikator A", "95"],
        ["", "Sasaran A", "b. Indikator B", "4 dokumen"],
    ]
    grid = [
        GridRow([GridCell(text, merged=(r == 2 and c == 1)) for c, text in enumerate(row)], f"Sheet1, row {r + 1}")
        for r, row in enumerate(rows)
    ]
    blocks: list[Block] = ["Sekretariat KPU Kota Contoh", "TAHUN 2025", Table(grid, "Sheet1")]
    result = import_blocks(blocks, "rkt.xlsx")
    sasaran = result.rkt.sasaran or []
    assert [(s.nama, [(i.uraian, i.target, i.satuan) for i in s.indikator]) for s in sasaran] == [
        ("Sasaran A", [("Indikator A", 95, None), ("Indikator B", 4, "dokumen")])
    ]
    assert (result.rkt.unit, result.rkt.tahun) == ("Sekretariat KPU Kota Contoh", 2025)
    assert [(d.code, d.file, d.line) for d in result.diagnostics if d.code == "RKT318"] == [
        ("RKT318", "rkt.xlsx", 2),
        ("RKT318", "rkt.xlsx", 3),
    ]
