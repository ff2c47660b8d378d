"""The real client: LibreOffice turns the DOCX into a PDF, and the PDF's text is checked.

Skipped only where LibreOffice is absent (CI installs libreoffice-writer-nogui and poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from tests.import_support import HEADER, NUMBERING
from tests.libreoffice import PDF_FROM_DOCX, Documents, LibreOffice, handed_to_libreoffice, source
from tests.reference import COLUMNS, parse_reference
from tests.render_support import DATA

pytestmark = [
    pytest.mark.skipif(
        shutil.which("soffice") is None and shutil.which("libreoffice") is None,
        reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """Text in content order (-raw): a table cell's lines stay together."""
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        ["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match
    return int(match.group(1))


def flat(text: str) -> str:
    return " ".join(text.split())


@source(PDF_FROM_DOCX)
def documents() -> Documents:
    """What `rkt render data/rkt_2024.yaml --format pdf` hands LibreOffice."""
    return handed_to_libreoffice(DATA)


@pytest.fixture(scope="module")
def pdf(libreoffice: LibreOffice) -> Path:
    """Its PDF, from the session's shared LibreOffice run (tests/libreoffice.py)."""
    (done,) = libreoffice.convert(documents())
    assert done.file(".pdf").is_file(), done.log
    return done.file(".pdf")


def test_pdf_holds_every_indikator_and_kegiatan(pdf: Path) -> None:
    assert pdf.read_bytes().startswith(b"%PDF")
    text = flat(pdf_text(pdf))
    for row in parse_reference().rows:
        assert flat(row.indikator) in text
        assert flat(row.kegiatan) in text
        assert row.anggaran in text


def test_pdf_has_the_title_and_the_signature_block_on_the_last_page(pdf: Path) -> None:
    first = flat(pdf_text(pdf, 1))
    assert first.startswith("KOMISI PEMILIHAN UMUM KOTA PRABUMULIH RENCANA KINERJA TAHUNAN")
    last = pdf_text(pdf, page_count(pdf))
    lines = [line.strip() for line in last.splitlines() if line.strip()]
    for wanted in ("Prabumulih, 25 Januari 2024", "SEKRETARIS,", "YASRIN ABIDIN"):
        assert wanted in lines


def test_every_page_has_its_number_and_the_repeated_header(pdf: Path) -> None:
    count = page_count(pdf)
    assert count >= 2
    for page in range(1, count + 1):
        lines = [line.strip() for line in pdf_text(pdf, page).splitlines() if line.strip()]
        assert lines[-1] == str(page), f"page {page} ends with {lines[-1]!r}"
        # Both header rows repeat on every page that holds table rows.
        if page < count or any("Indikator" in line for line in lines):
            assert " ".join(HEADER) in lines
            assert " ".join(NUMBERING) in lines


def test_no_word_is_broken_across_lines(pdf: Path) -> None:
    """Every token in the PDF is a whole word of the document: a word split inside a narrow
    column ("Penyelenggar" + "aan") would leave tokens that exist nowhere in the input."""
    checked = check_file(DATA)
    assert checked.model is not None
    reference = parse_reference()
    vocabulary: set[str] = set()
    texts = [getattr(row, column) for row in reference.rows for column in COLUMNS]
    texts += [reference.intro, reference.place_date, reference.jabatan, reference.nama]
    texts += ["KOMISI PEMILIHAN UMUM KOTA PRABUMULIH RENCANA KINERJA TAHUNAN", checked.model.unit, "TAHUN 2024"]
    texts += HEADER
    for text in texts:
        vocabulary.update(text.split())
    vocabulary.update(str(n) for n in range(1, 100))  # numbering row and page numbers
    unknown = sorted({token for token in pdf_text(pdf).split() if token not in vocabulary})
    assert unknown == []
