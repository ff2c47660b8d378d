"""Helpers for the render tests: run the CLI (in-process, tests/cli_support.py), read a DOCX back
with merges expanded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table

from tests.cli_support import run_rkt

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
TEMPLATES = Path(__file__).resolve().parent / "data" / "templates"


def render_data(directory: Path, fmt: str) -> Path:
    """data/rkt_2024.yaml rendered by the CLI into `directory` as rkt_2024.<fmt>."""
    out = directory / f"rkt_2024.{fmt}"
    result = run_rkt("render", DATA, "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def is_signature_row(tr: Any) -> bool:
    """The RKT table's last row holds the signature block: one cell across every column, with
    the signature table nested in it (so that it pages together with the last rows)."""
    cells = tr.tc_lst
    return (
        len(cells) == 1 and cells[0].find(qn("w:tbl")) is not None and cells[0].tcPr.find(qn("w:gridSpan")) is not None
    )


def signature_table(path: Path) -> Table:
    """The signature block's table, nested in the RKT table's last row."""
    table = Document(str(path)).tables[0]
    tr = table._tbl.tr_lst[-1]
    assert is_signature_row(tr), "the RKT table does not end with the signature row"
    return Table(tr.tc_lst[0].find(qn("w:tbl")), table)


def table_cells(path: Path, table_index: int = 0) -> list[list[str]]:
    """Every row of a table as texts, but the signature row; a vertically merged cell repeats its
    text in each row it covers (python-docx resolves w:vMerge continuation cells to the cell where
    the merge starts)."""
    table = Document(str(path)).tables[table_index]
    return [[cell.text for cell in row.cells] for row in table.rows if not is_signature_row(row._tr)]


def vmerge_values(path: Path, table_index: int = 0) -> list[list[str | None]]:
    """The raw w:vMerge of every cell: "restart", "continue", or None when the cell is not merged."""
    table = Document(str(path)).tables[table_index]
    out: list[list[str | None]] = []
    for tr in table._tbl.tr_lst:
        if is_signature_row(tr):
            continue
        row: list[str | None] = []
        for tc in tr.tc_lst:
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            row.append(None if merge is None else (merge.get(qn("w:val")) or "continue"))
        out.append(row)
    return out


def header_flags(path: Path, table_index: int = 0) -> list[bool]:
    """Whether each row carries w:tblHeader (repeats at the top of every page)."""
    table = Document(str(path)).tables[table_index]
    return [
        tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        for tr in table._tbl.tr_lst
        if not is_signature_row(tr)
    ]
