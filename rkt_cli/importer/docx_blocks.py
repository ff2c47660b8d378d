"""A Word document's body as blocks (paragraph texts and grid tables), in document order.

Works on the WordprocessingML itself, row by row, so that a 4,000-row table reads in well
under a second and every cell's merge marks are visible: python-docx's `table.cell(r, c)` is
quadratic and hides `w:vMerge`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from rkt_cli.importer.docx_package import W_NS
from rkt_cli.importer.grid import Block, GridCell, GridRow, Table, clean_lines

_W = "{" + W_NS + "}"
MAX_TABLE_COLUMNS = 63  # Word's own limit; an RKT table has 8 to 10


_P, _T = _W + "p", _W + "t"
# What a run's marks show: a tab, a line break, a non-breaking hyphen; a symbol (w:sym) shows a
# glyph of a symbol font that has no text.
_MARKS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-", _W + "sym": ""}
_TEXT_TAGS = (_T, *_MARKS)


def _text(node: etree._Element) -> str:
    """A w:t's text. NEL (U+0085, "next line") is a line break from old encodings; read as one,
    since the YAML refuses C1 controls (RKT009) and dropping it would join two words."""
    return (node.text or "").replace("\x85", "\n")


def _text_of(paragraph: etree._Element) -> str:
    """Visible text of a paragraph: tabs and breaks kept, deletions left out."""
    return "".join(_text(node) if node.tag == _T else _MARKS[node.tag] for node in paragraph.iter(*_TEXT_TAGS))


def _read_cell(tc: etree._Element) -> tuple[int, bool, str]:
    """(w:gridSpan, whether w:vMerge continues the cell above, text) of a cell, in one walk over it.

    One lxml iteration instead of three finds and a text walk per cell: the cells are most of the
    time an import takes. The span and merge count only where they stand in the cell's own
    w:tcPr (before its content, not in a w:tcPrChange's old properties or a nested table's).
    """
    span = 1
    merged = False
    content = False
    parts: list[str] = []
    for node in tc.iter(*_CELL_TAGS):
        tag = node.tag
        if tag == _T:
            parts.append(_text(node))
        elif tag == _P:
            if content:
                parts.append("\n")
            content = True
        elif tag in (_GRID_SPAN, _V_MERGE):
            properties = node.getparent()
            if content or properties is None or properties.getparent() is not tc:
                continue
            if tag == _GRID_SPAN:
                span = _int_val(node, 1)
            else:
                merged = node.get(_VAL, "continue") != "restart"
        elif tag == _TBL:
            content = True
        else:
            parts.append(_MARKS[tag])
    return span, merged, clean_lines("".join(parts))


def _children(element: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Direct children with one of `tags`, looking through content controls (w:sdt) and custom XML.

    Iterative, not recursive: 1,500 nested w:customXml raised RecursionError.
    """
    pending = [iter(element)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.tag in tags:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                pending.append(iter(content))


_WRAPPERS = (_W + "sdt", _W + "customXml")
_TR, _TC, _TBL, _GRID_SPAN, _V_MERGE, _VAL = (_W + t for t in ("tr", "tc", "tbl", "gridSpan", "vMerge", "val"))
_CELL_TAGS = (_GRID_SPAN, _V_MERGE, _TBL, _P, *_TEXT_TAGS)
_SPANNED = GridCell("", spanned=True)


def _direct(element: etree._Element, tag: str) -> list[etree._Element]:
    """_children() as a list; lxml's own findall where no content control or custom XML wraps any
    child (every row of an ordinary table): the generator costs a tenth of the reading."""
    if element.find(_WRAPPERS[0]) is None and element.find(_WRAPPERS[1]) is None:
        return element.findall(tag)
    return list(_children(element, tag))


def _int_val(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return max(int(str(element.get(_W + "val"))), 0)
    except ValueError:
        return default


def read_table(tbl: etree._Element, where: str = "table") -> Table:
    """Rows of grid-aligned cells; vertical merges resolved to the text above, marked `merged`.

    A span (w:gridSpan, w:gridBefore) is clamped to the table grid, keeping a column for each
    cell still to come in the row: a span of 10^9 once asked for 10^9 cells (7.6 GB). Cells
    beyond MAX_TABLE_COLUMNS, which Word cannot make, are not read.
    """
    grid = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    rows: list[GridRow] = []
    above: dict[int, str] = {}
    for tr in _direct(tbl, _TR):
        tcs = _direct(tr, _TC)[:MAX_TABLE_COLUMNS]
        if not tcs:
            continue  # a row without cells shows nothing (and Word calls such a file damaged)
        width = min(max(grid, len(tcs)), MAX_TABLE_COLUMNS)
        tr_pr = tr.find(_W + "trPr")
        before = _int_val(tr_pr.find(_W + "gridBefore"), 0) if tr_pr is not None else 0
        column = min(before, width - len(tcs))
        cells: list[GridCell] = [_SPANNED] * column
        for index, tc in enumerate(tcs):
            span, merged, text = _read_cell(tc)
            if span != 1:
                room = width - column - (len(tcs) - index - 1)
                span = min(max(span, 1), max(room, 1))
            if merged:
                text = above.get(column, "")
            cells.append(GridCell(text, merged))
            if span > 1:
                cells += [_SPANNED] * (span - 1)
                for c in range(column, column + span):
                    above[c] = text
            else:
                above[column] = text
            column += span
        rows.append(GridRow(cells, f"{where}, row {len(rows) + 1}"))
    return Table(rows, where)


def read_blocks(document: etree._Element) -> list[Block]:
    """Paragraph texts and grid tables in document order; the signature row `rkt render` puts in
    the table's last row is read as the blocks after the table."""
    body = document.find(_W + "body")
    if body is None:
        return []
    blocks: list[Block] = []
    tables = 0
    for element in _children(body, _W + "p", _W + "tbl"):
        if element.tag == _W + "tbl":
            tables += 1
        if len(element) == 0:  # an empty paragraph (or table): common, and worth no more work
            blocks.append("" if element.tag == _W + "p" else Table([], f"table {tables}"))
        elif element.tag == _W + "p":
            blocks.append(clean_lines(_text_of(element)))
        else:
            signature = signature_row(element)
            table = read_table(element, f"table {tables}")
            blocks.append(table)
            if signature is not None:
                table.rows.pop()  # the signature row: read as the blocks after the table
                blocks += _cell_blocks(signature)
    return blocks


def signature_row(tbl: etree._Element) -> etree._Element | None:
    """The cell of the table's last row when that row holds a signature block, as `rkt render`
    writes it: a single cell spanning the whole grid with a table nested in it (so that Word and
    LibreOffice page it together with the last rows). None for any other table."""
    rows = list(_children(tbl, _W + "tr"))
    if not rows:
        return None
    cells = list(_children(rows[-1], _W + "tc"))
    if len(cells) != 1:
        return None
    grid = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    span = _int_val(cells[0].find(f"{_W}tcPr/{_W}gridSpan"), 1)
    if grid < 2 or span != grid or next(_children(cells[0], _W + "tbl"), None) is None:
        return None
    return cells[0]


def _cell_blocks(tc: etree._Element) -> list[Block]:
    """The paragraphs and tables of a cell as blocks, as if they stood in the body."""
    return [
        clean_lines(_text_of(child)) if child.tag == _W + "p" else read_table(child, "signature table")
        for child in _children(tc, _W + "p", _W + "tbl")
    ]
