"""Issue 8's page rules as the DOCX states them, read back from its XML: Word (which CI does not
have) follows keep-with-next, cantSplit and repeated header rows just as LibreOffice does, so
the same settings give the same pages there. tests/test_pagination_pdf.py checks LibreOffice's
PDF of the same documents.

- every row of a sasaran but its last keeps with the next (w:keepNext on each of its paragraphs);
- the last rows keep with the signature, which is the table's last row: one cell across the
  grid, open at the sides and the bottom, unsplittable, not a header row;
- a sasaran that may run onto another page repeats the merged values in grey instead of merging
  (tabel.ulangi_gabungan), and the switch's other values do what the template says.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from rkt_cli.importer import import_docx
from rkt_cli.layout import ROWS_KEPT_WITH_SIGNATURE, DocumentView, _line_count, build_layout
from rkt_cli.model import RKT
from rkt_cli.render.docx import FAINT_COLOR, W_NS, render_docx
from rkt_cli.templating import Template, default_template_folder, load_template
from rkt_cli.walk import walk_sasaran
from tests.pagination_support import pk_template, rkt_2024, sized_rkt, with_two_signers
from tests.render_support import DATA, run_rkt

W = f"{{{W_NS}}}"
# The schema's order of a cell's and a paragraph's properties (the ones the renderer writes).
TCPR_ORDER = ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "vAlign"]
PPR_ORDER = ["pStyle", "keepNext", "spacing", "jc", "rPr"]


def document_xml(rkt: RKT, template: Template) -> tuple[DocumentView, Any]:
    view = build_layout(rkt, template)
    data = render_docx(view, template.reference_docx)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return view, etree.fromstring(archive.read("word/document.xml"))


def main_table(root: Any) -> Any:
    return root.find(f"{W}body/{W}tbl")


def rows_of(root: Any) -> tuple[list[Any], list[Any], Any]:
    """The header rows, the data rows and the signature row of the RKT table."""
    trs = main_table(root).findall(f"{W}tr")
    headers = [tr for tr in trs if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    return headers, trs[len(headers) : -1], trs[-1]


def keeps(tr: Any) -> bool:
    """Whether the row keeps with the next: every paragraph of it says so, or none does."""
    flags = {p.find(f"{W}pPr/{W}keepNext") is not None for tc in tr.findall(f"{W}tc") for p in tc.iter(f"{W}p")}
    assert len(flags) == 1, "a row with keep-with-next on some paragraphs only"
    return flags.pop()


def sasaran_sizes(rkt: RKT) -> list[int]:
    return [len(at.sasaran.indikator) for at in walk_sasaran(rkt)]


def with_tabel(template: Template, **changes: object) -> Template:
    spec = template.spec.model_copy(update={"tabel": template.spec.tabel.model_copy(update=changes)})
    return dataclasses.replace(template, spec=spec)


@pytest.fixture(scope="module")
def data() -> RKT:
    return rkt_2024()


def test_each_sasaran_keeps_its_rows_together_and_the_last_rows_keep_with_the_signature(data: RKT) -> None:
    _, root = document_xml(data, load_template(None))
    _, rows, _ = rows_of(root)
    flags = [keeps(tr) for tr in rows]
    expected: list[bool] = []
    for size in sasaran_sizes(data):
        expected += [True] * (size - 1) + [False]
    # The last sasaran (10 rows) and the signature are too tall for one page together: its last
    # rows go with the signature, the rows above stay one block of their own.
    expected[-1] = True
    expected[-ROWS_KEPT_WITH_SIGNATURE - 1] = False
    assert flags == expected
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)


def test_a_short_last_sasaran_keeps_whole_with_the_signature() -> None:
    rkt = next(r for r in (sized_rkt(40, seed) for seed in range(1, 50)) if 2 <= sasaran_sizes(r)[-1] <= 5)
    view, root = document_xml(rkt, load_template(None))
    last = sasaran_sizes(rkt)[-1]
    _, rows, _ = rows_of(root)
    assert last > 1 and all(keeps(tr) for tr in rows[-last:])
    assert not keeps(rows[-last - 1])
    assert not any(cell.faint for row in view.rows[-last:] for cell in row.cells)


@pytest.mark.parametrize("signers", [1, 2])
def test_the_signature_is_the_tables_last_row(data: RKT, signers: int) -> None:
    rkt = data if signers == 1 else with_two_signers(data)
    for template in (load_template(None), pk_template()):
        _, root = document_xml(rkt, template)
        table = main_table(root)
        grid = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        headers, _, signature = rows_of(root)
        assert len(headers) == (2 if template.spec.tabel.baris_nomor else 1)
        assert signature.find(f"{W}trPr/{W}cantSplit") is not None
        assert signature.find(f"{W}trPr/{W}tblHeader") is None
        (cell,) = signature.findall(f"{W}tc")
        properties = cell.find(f"{W}tcPr")
        assert [etree.QName(c).localname for c in properties] == ["tcW", "gridSpan", "tcBorders"]
        assert properties.find(f"{W}gridSpan").get(f"{W}val") == str(grid)
        borders = {etree.QName(b).localname: b.get(f"{W}val") for b in properties.find(f"{W}tcBorders")}
        assert borders == {"left": "nil", "bottom": "nil", "right": "nil"}  # the top closes the table
        # A spacing line, the signers side by side in a nested table, and the closing paragraph.
        assert [etree.QName(c).localname for c in cell if c.tag != f"{W}tcPr"] == ["p", "tbl", "p"]
        names = "".join(cell.find(f"{W}tbl").itertext())
        assert all(s.nama in names for s in rkt.penandatangan)
        # Nothing but a one-point paragraph after the table: it can never push a blank page.
        after = list(root.find(f"{W}body"))[-2]
        assert after.tag == f"{W}p" and after.find(f"{W}pPr/{W}rPr/{W}sz").get(f"{W}val") == "2"


def test_the_xml_keeps_the_schemas_order(data: RKT) -> None:
    """Word refuses a file whose properties stand out of the schema's order."""
    rkt = sized_rkt(150, 12)
    for source, template in ((data, load_template(None)), (rkt, load_template(None)), (data, pk_template())):
        _, root = document_xml(source, template)
        for tag, order in (("tcPr", TCPR_ORDER), ("pPr", PPR_ORDER)):
            for element in root.iter(f"{W}{tag}"):
                names = [etree.QName(c).localname for c in element]
                assert names == sorted(names, key=order.index), names


def test_a_sasaran_longer_than_a_page_repeats_its_values_in_grey() -> None:
    rkt = sized_rkt(400, 13)
    view, root = document_xml(rkt, load_template(None))
    _, rows, _ = rows_of(root)
    long = [at for at in walk_sasaran(rkt) if len(at.sasaran.indikator) == 15]
    assert long
    for at in long:
        block = rows[at.rows_before : at.rows_before + 15]
        assert all(tc.find(f"{W}tcPr/{W}vMerge") is None for tr in block for tc in tr.findall(f"{W}tc"))
        texts = [["".join(tc.itertext()) for tc in tr.findall(f"{W}tc")] for tr in block]
        assert all(row[2] == texts[0][2] for row in texts)  # the Sasaran cell on every row
        grey = [[tc.find(f".//{W}color") is not None for tc in tr.findall(f"{W}tc")] for tr in block]
        assert not any(grey[0])  # the first row as any other
        assert all(row == [True, True, True, False, False, False, True, row[7]] for row in grey[1:])
        assert all(c.get(f"{W}val") == FAINT_COLOR for tr in block for c in tr.iter(f"{W}color"))
        assert all(keeps(tr) for tr in block[:-1])  # kept together too, if it does fit after all
    # A short sasaran stays merged, as in the signed original.
    short = next(at for at in walk_sasaran(rkt) if len(at.sasaran.indikator) == 3)
    merges = [rows[short.rows_before + k].find(f"{W}tc/{W}tcPr/{W}vMerge") for k in range(3)]
    assert merges[0] is not None and merges[0].get(f"{W}val") == "restart"
    assert not any(cell.faint for row in view.rows[short.rows_before : short.rows_before + 3] for cell in row.cells)


def test_ulangi_gabungan_selalu_never_merges_and_tidak_always_does(data: RKT) -> None:
    template = load_template(None)
    _, root = document_xml(data, with_tabel(template, ulangi_gabungan="selalu"))
    _, rows, _ = rows_of(root)
    assert not list(main_table(root).iter(f"{W}vMerge"))
    starts = {at.rows_before for at in walk_sasaran(data)}
    for index, tr in enumerate(rows):
        first_cell_grey = tr.find(f"{W}tc//{W}color") is not None
        assert first_cell_grey == (index not in starts)

    view, root = document_xml(data, with_tabel(template, ulangi_gabungan="tidak"))
    assert not any(cell.faint for row in view.rows for cell in row.cells)
    _, rows, _ = rows_of(root)
    first_cells = [tr.find(f"{W}tc/{W}tcPr/{W}vMerge") for tr in rows]  # the No column's
    restarts = [i for i, merge in enumerate(first_cells) if merge is not None and merge.get(f"{W}val") == "restart"]
    assert restarts == [at.rows_before for at in walk_sasaran(data) if len(at.sasaran.indikator) > 1]


def test_the_default_template_documents_the_switch() -> None:
    text = (default_template_folder() / "template.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["tabel"]["ulangi_gabungan"] == "panjang"
    for value in ("panjang:", "selalu:", "tidak:"):
        assert value in text


@pytest.mark.parametrize("signers", [1, 2])
def test_import_reads_the_signature_from_the_last_row(tmp_path: Path, data: RKT, signers: int) -> None:
    rkt = data if signers == 1 else with_two_signers(data)
    template = load_template(None)
    path = tmp_path / "rkt.docx"
    path.write_bytes(render_docx(build_layout(rkt, template), template.reference_docx))
    imported = import_docx(path).rkt
    assert imported.penandatangan == rkt.penandatangan
    assert sasaran_sizes(imported) == sasaran_sizes(rkt)  # the signature row is no table row


def test_the_terminal_view_has_no_pages(data: RKT) -> None:
    """`--format table` draws no pages: every sasaran merges whole and nothing repeats in grey."""
    view = build_layout(data, load_template(None), paged=False)
    assert not any(row.keep_with_next for row in view.rows)
    assert not any(cell.faint for row in view.rows for cell in row.cells)
    starts = [i for i, row in enumerate(view.rows) if row.cells[0].merge != "continue"]
    assert starts == [at.rows_before for at in walk_sasaran(data)]
    result = run_rkt("render", DATA, "--format", "table", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("(3360)") == 1  # the last sasaran, named once


def test_the_height_estimate_wraps_at_spaces_and_breaks_a_word_wider_than_the_column() -> None:
    # Widths in characters (1 mm a character): "ab cd" in 4 is two lines; a 25-letter word in 10
    # takes three lines of its own after "x", and "y" fits beside its last five letters.
    assert [_line_count(t, w, 1.0) for t, w in (("abc", 10), ("a" * 10, 10), ("a" * 11, 10), ("ab cd", 4))] == [
        1,
        1,
        2,
        2,
    ]
    assert _line_count("x " + "a" * 25 + " y", 10, 1.0) == 4
    assert _line_count("a\nb", 10, 1.0) == 2
    assert _line_count("a" * 10**7, 10, 1.0) == 10**6  # counted, not looped over
