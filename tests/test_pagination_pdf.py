"""Issue 8's page rules, checked where a reader sees them: LibreOffice turns the DOCX into a PDF
and each page's text is read back (pdftotext), for the 2024 RKT, the PK template with one and
with two signers, and generated RKTs of 40 to 400 rows in sasaran of 1 to 15 indikator.

- No page holds the signature without a table row.
- No sasaran that fits on a page is split. A split is allowed only where a sasaran cannot fit:
  it began at the top of a page and still ran over; or it is the first sasaran, which shares
  page 1 with the title and which the layout did not keep together; or it is the last sasaran,
  whose last rows went with the signature to the next page.
- Every page names each sasaran it holds rows of, also when it continues one.

All documents are converted in the session's one LibreOffice run (starting soffice costs more than
a page): tests/libreoffice.py.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from rkt_cli.layout import ROWS_KEPT_WITH_SIGNATURE, DocumentView, build_layout
from rkt_cli.model import RKT
from rkt_cli.render.docx import render_docx
from rkt_cli.templating import load_template
from rkt_cli.walk import walk_sasaran
from tests.libreoffice import PDF_FROM_DOCX, Documents, LibreOffice, source
from tests.pagination_support import Rendered, pk_template, rkt_2024, sized_rkt, with_two_signers

pytestmark = [
    pytest.mark.skipif(
        shutil.which("soffice") is None and shutil.which("libreoffice") is None,
        reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

# (rows, seed) of the generated documents: a few fixed seeds across the sizes an office writes.
GENERATED = ((40, 11), (150, 12), (400, 13))


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text in content order (-raw keeps a table cell's lines together), flattened."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page with a form feed
    return [flat(page) for page in pages]


@dataclass(frozen=True)
class Paged:
    """A rendered document with its PDF's pages."""

    doc: Rendered
    pages: list[str]

    def label(self, sasaran_number: int) -> str:
        """How the sasaran is named in the table: the text of its Sasaran cell on its first row."""
        column = next(i for i, c in enumerate(self.doc.view.columns) if c.header.startswith("Sasaran"))
        at = next(at for at in walk_sasaran(self.doc.rkt) if at.number == sasaran_number)
        return flat(self.doc.view.rows[at.rows_before].cells[column].text)

    def placed(self) -> list[tuple[int, list[tuple[int, int]]]]:
        """For each sasaran (by number): (page, position in the page's text) of each indikator.

        The longest texts are found first and blanked out, so that an indikator whose text begins
        another one's ("… suara Pemilu" and "… suara Pemilu 2024") is found in its own cell."""
        work = list(self.pages)
        where: dict[tuple[int, int], tuple[int, int]] = {}
        items = [
            (at.number, index, flat(indikator.uraian))
            for at in walk_sasaran(self.doc.rkt)
            for index, indikator in enumerate(at.sasaran.indikator)
        ]
        for number, index, uraian in sorted(items, key=lambda item: -len(item[2])):
            page = next((p for p, text in enumerate(work) if uraian in text), None)
            assert page is not None, f"{self.doc.name}: {uraian!r} is on no page"
            position = work[page].find(uraian)
            work[page] = work[page][:position] + "\0" * len(uraian) + work[page][position + len(uraian) :]
            where[number, index] = (page, position)
        return [
            (at.number, [where[at.number, index] for index in range(len(at.sasaran.indikator))])
            for at in walk_sasaran(self.doc.rkt)
        ]


@source(PDF_FROM_DOCX)
def documents_to_convert() -> Documents:
    return [(name, data) for name, _, _, data in _made()]


@cache
def _made() -> list[tuple[str, RKT, DocumentView, bytes]]:
    """(name, model, layout, DOCX) of each document, rendered once for the session."""
    default = load_template(None)
    data = rkt_2024()
    made = [
        ("rkt_2024", data, default),
        ("pk_one_signer", data, pk_template()),
        ("pk_two_signers", with_two_signers(data), pk_template()),
    ]
    made += [(f"generated_{rows}_{seed}", sized_rkt(rows, seed), default) for rows, seed in GENERATED]
    out = []
    for name, rkt, template in made:
        view = build_layout(rkt, template)
        out.append((name, rkt, view, render_docx(view, template.reference_docx)))
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, libreoffice: LibreOffice) -> dict[str, Paged]:
    """All documents converted in the session's one LibreOffice run (tests/libreoffice.py)."""
    folder = tmp_path_factory.mktemp("pagination")
    docs = []
    for name, rkt, view, data in _made():
        docx = folder / f"{name}.docx"
        docx.write_bytes(data)
        docs.append(Rendered(name, rkt, view, docx))
    converted = libreoffice.convert(documents_to_convert())
    pdfs = [done.file(".pdf") for done in converted]
    assert all(pdf.is_file() for pdf in pdfs), converted[0].log
    return {d.name: Paged(d, pdf_pages(pdf)) for d, pdf in zip(docs, pdfs, strict=True)}


NAMES = ["rkt_2024", "pk_one_signer", "pk_two_signers", *(f"generated_{rows}_{seed}" for rows, seed in GENERATED)]


@pytest.mark.parametrize("name", NAMES)
def test_the_signature_stands_with_table_rows(documents: dict[str, Paged], name: str) -> None:
    paged = documents[name]
    signers = [s.nama for s in paged.doc.rkt.penandatangan]
    pages_with_signature = {p for p, page in enumerate(paged.pages) for nama in signers if nama in page}
    last = len(paged.pages) - 1
    assert pages_with_signature == {last}, f"signature on pages {sorted(p + 1 for p in pages_with_signature)}"
    rows_on_last = [spot for _, spots in paged.placed() for spot in spots if spot[0] == last]
    assert rows_on_last, f"page {last + 1} holds the signature and no table row"
    # The signature comes after the rows, not before them.
    assert all(position < paged.pages[last].find(signers[-1]) for _, position in rows_on_last)


@pytest.mark.parametrize("name", NAMES)
def test_no_sasaran_that_fits_on_a_page_is_split(documents: dict[str, Paged], name: str) -> None:
    paged = documents[name]
    placed = paged.placed()
    first_on_page: dict[int, int] = {}  # page -> position of its first indikator
    for _, spots in placed:
        for page, position in spots:
            first_on_page[page] = min(position, first_on_page.get(page, position))
    for index, (number, spots) in enumerate(placed):
        pages = sorted({page for page, _ in spots})
        if len(pages) == 1:
            continue
        assert pages == list(range(pages[0], pages[-1] + 1)), f"sasaran {number} on pages {pages}"
        began_at_top = spots[0] == (pages[0], first_on_page[pages[0]])
        unkept_first = index == 0 and not paged.doc.view.rows[0].keep_with_next
        on_last_page = [spot for spot in spots if spot[0] == len(paged.pages) - 1]
        with_signature = (
            index == len(placed) - 1 and len(pages) == 2 and 0 < len(on_last_page) <= ROWS_KEPT_WITH_SIGNATURE
        )
        assert began_at_top or unkept_first or with_signature, (
            f"{name}: sasaran {number} ({len(spots)} indikator) split over pages {[p + 1 for p in pages]}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_every_page_names_each_sasaran_it_holds(documents: dict[str, Paged], name: str) -> None:
    paged = documents[name]
    for number, spots in paged.placed():
        label = paged.label(number)
        for page in sorted({page for page, _ in spots}):
            assert label in paged.pages[page], f"{name}: page {page + 1} does not name sasaran {number} ({label!r})"


def test_generated_documents_do_run_over_pages(documents: dict[str, Paged]) -> None:
    """The rules above are only tested where pages break: the large documents have many pages,
    and some of their sasaran are too long for one (they are split, and named on each page)."""
    for rows, seed in GENERATED:
        paged = documents[f"generated_{rows}_{seed}"]
        assert len(paged.pages) >= rows // 12
    largest = documents[f"generated_{GENERATED[-1][0]}_{GENERATED[-1][1]}"]
    split = [n for n, spots in largest.placed() if len({page for page, _ in spots}) > 1]
    assert split, "no sasaran of the 400-row document runs over a page: the naming rule is untested"
