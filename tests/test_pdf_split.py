"""Issue 14: the DOCX made for the PDF is cut into tables of at most N data rows, at sasaran
starts, so that LibreOffice converts it in time linear in the rows. Each table carries the header
rows, a one-point paragraph stands between tables, the signature row stays in the last one; the
DOCX a user opens stays one table. Read back from the XML, then through LibreOffice's PDF."""

from __future__ import annotations

import io
import itertools
import shutil
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.model import RKT
from rkt_cli.render import docx_pdf_cuts as docx_renderer
from rkt_cli.render.docx import PDF_MAX_ROWS_PER_TABLE, W_NS, render_docx, sasaran_starts, table_cuts
from rkt_cli.templating import Template, load_template
from rkt_cli.walk import walk_indikator, walk_sasaran
from tests import test_pagination_pdf as page_rules
from tests.cli_support import run_rkt
from tests.libreoffice import PDF_FROM_DOCX, Documents, LibreOffice, source
from tests.pagination_support import Rendered, generator, sized_rkt
from tests.test_pagination_pdf import Paged, pdf_pages

W = f"{{{W_NS}}}"
ROWS = 300
MAX_ROWS = 40  # small, so that the 300 rows make several tables and some cuts fall mid-page


def body_of(docx: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def cell_text(tc: Any) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.findall(f"{W}p"))


def is_header(tr: Any) -> bool:
    return tr.find(f"{W}trPr/{W}tblHeader") is not None


def is_signature(tr: Any) -> bool:
    return tr.find(f"{W}tc/{W}tcPr/{W}gridSpan") is not None and tr.find(f"{W}tc/{W}tbl") is not None


def tables(docx: bytes) -> list[Any]:
    return body_of(docx).findall(f"{W}tbl")


def data_rows(tbl: Any) -> list[Any]:
    return [tr for tr in tbl.findall(f"{W}tr") if not is_header(tr) and not is_signature(tr)]


def indikator_column(view: DocumentView) -> int:
    return next(i for i, c in enumerate(view.columns) if c.content == "indikator")


@pytest.fixture(scope="module")
def generated() -> tuple[RKT, Template, DocumentView]:
    template = load_template(None)
    rkt = sized_rkt(ROWS, 14)
    return rkt, template, build_layout(rkt, template)


def test_the_docx_a_user_opens_stays_one_table(generated: tuple[RKT, Template, DocumentView]) -> None:
    _, template, view = generated
    assert len(tables(render_docx(view, template.reference_docx))) == 1
    # The PDF's DOCX is cut (ROWS > PDF_MAX_ROWS_PER_TABLE), at sasaran starts only, so a table
    # may hold fewer rows than the limit: there are at least as many tables as the limit asks.
    assert ROWS > PDF_MAX_ROWS_PER_TABLE
    assert len(tables(render_docx(view, template.reference_docx, for_pdf=True))) >= -(-ROWS // PDF_MAX_ROWS_PER_TABLE)


def test_split_docx_holds_every_indikator_once_in_order(generated: tuple[RKT, Template, DocumentView]) -> None:
    rkt, template, view = generated
    docx = render_docx(view, template.reference_docx, max_rows_per_table=MAX_ROWS)
    found = [cell_text(tr.findall(f"{W}tc")[indikator_column(view)]) for tbl in tables(docx) for tr in data_rows(tbl)]
    assert found == [at.indikator.uraian for at in walk_indikator(rkt)]


def test_each_table_has_the_header_rows_and_the_last_the_signature(
    generated: tuple[RKT, Template, DocumentView],
) -> None:
    _, template, view = generated
    docx = render_docx(view, template.reference_docx, max_rows_per_table=MAX_ROWS)
    body = body_of(docx)
    found = body.findall(f"{W}tbl")
    assert len(found) >= ROWS // MAX_ROWS
    for index, tbl in enumerate(found):
        trs = tbl.findall(f"{W}tr")
        headers = [[cell_text(tc) for tc in tr.findall(f"{W}tc")] for tr in trs[: len(view.header_rows)]]
        assert headers == [list(row) for row in view.header_rows], f"table {index + 1}"
        assert all(is_header(tr) for tr in trs[: len(view.header_rows)])
        assert [is_signature(tr) for tr in trs].count(True) == (1 if index == len(found) - 1 else 0)
    assert is_signature(found[-1].findall(f"{W}tr")[-1])
    # A paragraph between tables (without it LibreOffice joins them again), hidden and one point high.
    children = list(body)
    for tbl in found[:-1]:
        after = children[children.index(tbl) + 1]
        assert after.tag == f"{W}p"
        assert after.find(f"{W}pPr/{W}spacing").get(f"{W}line") == "20"
        assert after.find(f"{W}pPr/{W}rPr/{W}vanish") is not None


def test_cuts_fall_at_sasaran_starts_within_the_limit(generated: tuple[RKT, Template, DocumentView]) -> None:
    rkt, _, view = generated
    firsts = {at.rows_before for at in walk_sasaran(rkt)}
    starts = sasaran_starts(view)
    assert set(starts) <= firsts and starts, "a cut may fall only where a sasaran begins"
    for limit in (15, MAX_ROWS, 150):
        cuts = table_cuts(view, limit)
        assert set(cuts) <= set(starts)
        bounds = [0, *cuts, len(view.rows)]
        for start, stop in itertools.pairwise(bounds):
            # Over the limit only when one sasaran alone is longer (15 rows at most here).
            assert stop - start <= max(limit, 15), (limit, start, stop)
            assert not view.rows[stop - 1].keep_with_next or stop == len(view.rows)


def test_a_sasaran_longer_than_the_limit_stays_whole(generated: tuple[RKT, Template, DocumentView]) -> None:
    rkt, _, view = generated
    firsts = {at.rows_before for at in walk_sasaran(rkt)}
    cuts = table_cuts(view, 1)
    # With a limit of one row, every sasaran start that no row keeps with is a cut, and nothing else.
    assert cuts == sasaran_starts(view)
    assert set(cuts) <= set(firsts)


def test_a_cut_before_a_page_tall_sasaran_comes_first(generated: tuple[RKT, Template, DocumentView]) -> None:
    """A sasaran taller than a page starts a page (and repeats its values faintly on its rows): a
    cut before it falls at a page end, where the reader sees nothing of it. Where the last rows
    within the limit hold such a start, the cut falls there."""
    _, _, view = generated
    starts = sasaran_starts(view)
    tall = {index for index in starts if view.rows[index + 1].cells[0].faint}
    assert tall, "the test document has no sasaran taller than a page"
    limit = 60
    window = docx_renderer.PREFERRED_CUT_WINDOW * limit // PDF_MAX_ROWS_PER_TABLE
    cuts = table_cuts(view, limit)
    for begin, cut in itertools.pairwise([0, *cuts]):
        reach = [index for index in starts if begin < index <= begin + limit]
        preferred = [index for index in reach if index in tall and index > begin + limit - window]
        assert cut == (max(preferred) if preferred else max(reach, default=cut)), (begin, cut)
    assert set(cuts) & tall, "no cut fell before a page-tall sasaran"


def test_without_repeated_header_only_the_first_table_has_it(tmp_path: Path) -> None:
    """tabel.ulangi_judul: false prints the header rows once, at the top of the table: the cut
    tables do not bring them back."""
    folder = tmp_path / "header_once"
    shutil.copytree(load_template(None).folder, folder)
    spec = folder / "template.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ulangi_judul: true", "ulangi_judul: false"), "utf-8")
    template = load_template(folder)
    view = build_layout(sized_rkt(120, 16), template)
    assert not view.repeat_header
    found = tables(render_docx(view, template.reference_docx, max_rows_per_table=20))
    assert len(found) > 2
    first_cells = [[cell_text(tc) for tc in tbl.findall(f"{W}tr")[0].findall(f"{W}tc")] for tbl in found]
    assert first_cells[0] == list(view.header_rows[0])
    assert all(cells != list(view.header_rows[0]) for cells in first_cells[1:])
    # Every row once: the header rows, the data rows and the signature row, nothing added.
    assert sum(len(tbl.findall(f"{W}tr")) for tbl in found) == len(view.header_rows) + len(view.rows) + 1


def test_a_merge_across_a_cut_starts_again_with_its_value(tmp_path: Path) -> None:
    """A column merged over a whole program runs across sasaran: at a cut inside a program, the
    new table's first row shows the program again, faint, instead of a dangling continuation."""
    folder = tmp_path / "program_merged"
    shutil.copytree(load_template(None).folder, folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace(
        'judul: "Program", lebar_mm: 32, gabung: sasaran', 'judul: "Program", lebar_mm: 32, gabung: program'
    )
    spec.write_text(text, encoding="utf-8")
    template = load_template(folder)
    rkt = sized_rkt(120, 15)
    view = build_layout(rkt, template)
    found = tables(render_docx(view, template.reference_docx, max_rows_per_table=20))
    program = next(i for i, c in enumerate(view.columns) if c.content == "program")
    assert len(found) > 2
    for tbl in found:
        first = data_rows(tbl)[0].findall(f"{W}tc")[program]
        merge = first.find(f"{W}tcPr/{W}vMerge")
        assert merge is None or merge.get(f"{W}val") == "restart", "a table begins with a merge continuation"
        assert cell_text(first), "the first row of a table does not name its program"
    programs = [at.program.nama for at in walk_indikator(rkt)]
    firsts = [0, *table_cuts(view, 20)]
    assert [cell_text(data_rows(tbl)[0].findall(f"{W}tc")[program]) for tbl in found] == [programs[i] for i in firsts]
    assert any(programs[i] == programs[i - 1] for i in firsts[1:]), "no cut falls inside a program"


def test_render_pdf_cuts_the_docx_it_converts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's PDF path hands LibreOffice the cut DOCX; the DOCX path writes one table."""
    source = tmp_path / "rkt.yaml"
    generator().main(["--indikator", str(2 * PDF_MAX_ROWS_PER_TABLE + 40), "-o", str(source)])
    handed: list[bytes] = []

    def fake_convert_many(
        documents: list[tuple[str, bytes]], timeout: float | None = None, converted: object = None
    ) -> list[bytes]:
        handed.extend(docx for _stem, docx in documents)
        return [b"%PDF-1.4\n%%EOF\n" for _ in documents]

    monkeypatch.setattr("rkt_cli.render.pdf.convert_many", fake_convert_many)
    assert run_rkt("render", source, "--format", "pdf", "-o", tmp_path / "out.pdf").returncode == 0
    assert run_rkt("render", source, "-o", tmp_path / "out.docx").returncode == 0
    assert len(handed) == 1 and len(tables(handed[0])) >= 3
    assert len(tables((tmp_path / "out.docx").read_bytes())) == 1


needs_libreoffice = pytest.mark.skipif(
    (shutil.which("soffice") is None and shutil.which("libreoffice") is None) or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed; CI installs libreoffice-writer-nogui and poppler-utils",
)


# The PDF documents: cut as rkt cuts them, and cut greedily at the last sasaran start within the
# limit (no preference for page-tall sasaran), which puts some cuts mid-page: the page rules
# must hold there too.
VARIANTS = ("preferred", "greedy")


@source(PDF_FROM_DOCX)
def documents_to_convert() -> Documents:
    return [(name, data) for name, _, data in _made()]


@cache
def _made() -> tuple[tuple[str, DocumentView, bytes], ...]:
    """(variant, layout, DOCX) of each variant of the ROWS-row document, rendered once."""
    template = load_template(None)
    view = build_layout(_split_rkt(), template)
    made = []
    for name in VARIANTS:
        with pytest.MonkeyPatch.context() as patch:
            if name == "greedy":
                patch.setattr(docx_renderer, "PREFERRED_CUT_WINDOW", 0)
            made.append((name, view, render_docx(view, template.reference_docx, max_rows_per_table=MAX_ROWS)))
    return tuple(made)


@cache
def _split_rkt() -> RKT:
    return sized_rkt(ROWS, 14)


@pytest.fixture(scope="module")
def split_pdfs(tmp_path_factory: pytest.TempPathFactory, libreoffice: LibreOffice) -> dict[str, Paged]:
    """Both variants through the session's shared LibreOffice run (tests/libreoffice.py)."""
    folder = tmp_path_factory.mktemp("split")
    docs: list[Rendered] = []
    for name, view, data in _made():
        docx = folder / f"{name}.docx"
        docx.write_bytes(data)
        docs.append(Rendered(name, _split_rkt(), view, docx))
    converted = libreoffice.convert(documents_to_convert())
    pdfs = [done.file(".pdf") for done in converted]
    assert all(pdf.is_file() for pdf in pdfs), converted[0].log
    return {doc.name: Paged(doc, pdf_pages(pdf)) for doc, pdf in zip(docs, pdfs, strict=True)}


@pytest.fixture(params=VARIANTS)
def split_pdf(request: pytest.FixtureRequest, split_pdfs: dict[str, Paged]) -> Paged:
    paged: Paged = split_pdfs[request.param]
    return paged


@needs_libreoffice
def test_split_pdf_holds_every_indikator_once_in_order(split_pdf: Paged) -> None:
    spots = [spot for _, sasaran_spots in split_pdf.placed() for spot in sasaran_spots]
    assert spots == sorted(spots), "the indikator do not come in the document's order"
    # Once: each text is found as often as the indikator texts hold it (an indikator may be the
    # beginning of another one's text).
    text = " ".join(split_pdf.pages)
    uraian = [" ".join(at.indikator.uraian.split()) for at in walk_indikator(split_pdf.doc.rkt)]
    for one in set(uraian):
        assert text.count(one) == sum(other.count(one) for other in uraian), one


@needs_libreoffice
def test_split_pdf_has_the_header_on_every_page(split_pdf: Paged) -> None:
    """Also: no page is blank (a paragraph between tables alone on a page would make one)."""
    header = " ".join(split_pdf.doc.view.header_rows[0][3].split())
    missing = [number + 1 for number, page in enumerate(split_pdf.pages) if header not in page]
    assert not missing, f"pages without the header rows: {missing}"


@needs_libreoffice
def test_split_pdf_keeps_the_page_rules_of_issue_8(split_pdf: Paged) -> None:
    """No page holds the signature without a table row, no sasaran that fits on a page is split
    and every page names each sasaran it holds, as for the one-table documents (the same checks,
    from tests/test_pagination_pdf.py)."""
    name = split_pdf.doc.name
    documents = {name: split_pdf}
    page_rules.test_the_signature_stands_with_table_rows(documents, name)
    page_rules.test_no_sasaran_that_fits_on_a_page_is_split(documents, name)
    page_rules.test_every_page_names_each_sasaran_it_holds(documents, name)


@needs_libreoffice
def test_greedy_cuts_fall_mid_page_too(split_pdfs: dict[str, Paged]) -> None:
    """The greedy document has a cut mid-page (the header rows show twice on a page), so the
    rules above are checked there too."""
    paged = split_pdfs["greedy"]
    header = paged.doc.view.header_rows[0][3]
    assert any(page.count(header) > 1 for page in paged.pages), "no cut fell mid-page"
