"""data/rkt_2024.yaml through LibreOffice with each shipped template, checked page by page:
the text of each page, the page count, and that the signature never stands alone on a page.
One conversion per template, shared by the module's tests (and made in the session's one
LibreOffice run: tests/libreoffice.py).

Skipped only where LibreOffice or poppler is absent (CI installs both).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from rkt_cli.templating import SHIPPED_TEMPLATES
from tests.libreoffice import PDF_FROM_DOCX, Documents, LibreOffice, handed_to_libreoffice, source
from tests.render_support import DATA

pytestmark = [
    pytest.mark.skipif(
        shutil.which("soffice") is None and shutil.which("libreoffice") is None,
        reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

# lkj and rencana-aksi need a realisasi file: tests/test_lkj_templates_pdf.py converts them.
PLAIN_TEMPLATES = [name for name in SHIPPED_TEMPLATES if name not in ("lkj", "rencana-aksi")]
SIGNATURE = ["Prabumulih, 25 Januari 2024", "SEKRETARIS,", "YASRIN ABIDIN"]


Pages = list[list[str]]


@source(PDF_FROM_DOCX)
def documents() -> Documents:
    """What `rkt render data/rkt_2024.yaml --template NAME --format pdf` hands LibreOffice, for each template."""
    return [(name, data) for name in PLAIN_TEMPLATES for _, data in handed_to_libreoffice(DATA, "--template", name)]


@pytest.fixture(scope="module")
def converted(libreoffice: LibreOffice) -> dict[str, Pages]:
    """{template name: each page's lines}, lines stripped, runs of spaces as one, empty lines
    left out; each template converted once, in the session's shared LibreOffice run."""
    out: dict[str, Pages] = {}
    for name, done in zip(PLAIN_TEMPLATES, libreoffice.convert(documents()), strict=True):
        pdf = done.file(".pdf")
        assert pdf.is_file(), done.log
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in text.split("\f")]
        out[name] = [page for page in pages if page]
    return out


@pytest.fixture(params=PLAIN_TEMPLATES)
def pages(request: pytest.FixtureRequest, converted: dict[str, Pages]) -> tuple[str, Pages]:
    return request.param, converted[request.param]


def flat(page: list[str]) -> str:
    return " ".join(page)


EXPECTED_PAGES = {"rkt": 6, "pk": 4, "rkt-sederhana": 3}


def test_page_count(pages: tuple[str, Pages]) -> None:
    name, found = pages
    assert len(found) == EXPECTED_PAGES[name]


def test_the_signature_is_whole_and_never_alone(pages: tuple[str, Pages]) -> None:
    _, found = pages
    signed = [number for number, page in enumerate(found) if "YASRIN ABIDIN" in flat(page)]
    assert signed, "no page holds the signature"
    for number in signed:
        page = found[number]
        text = flat(page)
        assert all(line in text for line in SIGNATURE), page
        others = [line for line in page if not any(part in line for part in SIGNATURE) and not line.isdigit()]
        assert len(others) >= 3, f"page {number + 1} holds the signature and little else: {page}"
    assert signed[-1] == len(found) - 1  # the document ends with its signature


@pytest.mark.parametrize("name", ["pk", "rkt-sederhana"])
def test_every_target_is_printed_once(converted: dict[str, Pages], name: str) -> None:
    """The 40 targets of the 2024 RKT (all percent) as "95%" (rkt prints them bare, among other
    numbers: tests/test_render_pdf.py checks its rows)."""
    found = converted[name]
    targets = [word for page in found for line in page for word in line.split() if re.fullmatch(r"\d+%", word)]
    assert len(targets) == 40


def test_rkt_pages(converted: dict[str, Pages]) -> None:
    found = converted["rkt"]
    first = flat(found[0])
    assert "KOMISI PEMILIHAN UMUM KOTA PRABUMULIH" in first and "RENCANA KINERJA TAHUNAN" in first
    assert "Sasaran strategis" in first and "Kegiatan" in first and "Pelaksana" in first
    assert "822,654,000" in first


def test_pk_pages(converted: dict[str, Pages]) -> None:
    found = converted["pk"]
    first = flat(found[0])
    assert first.startswith("PERJANJIAN KINERJA TAHUN 2024 SEKRETARIAT KPU KOTA PRABUMULIH Dalam rangka mewujudkan")
    assert "Nama : YASRIN ABIDIN Jabatan : SEKRETARIS selanjutnya disebut pihak pertama" in first
    assert "Indikator" not in first  # page 1 is the statement alone
    second = flat(found[1])
    assert second.startswith(
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024 SEKRETARIAT KPU KOTA PRABUMULIH No Sasaran Indikator Target"
    )
    last = flat(found[-1])
    assert "No Program Anggaran" in last
    assert "1 Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi Rp 17.632.649.000" in last
    assert "2 Program Dukungan Manajemen Rp 5.509.836.000" in last
    assert "Jumlah Rp 23.142.485.000" in last


def test_rkt_sederhana_pages(converted: dict[str, Pages]) -> None:
    found = converted["rkt-sederhana"]
    first = flat(found[0])
    assert "RENCANA KINERJA TAHUNAN SEKRETARIAT KPU KOTA PRABUMULIH TAHUN 2024" in first
    assert "No Sasaran Strategis Indikator Kinerja Target 1 2 3 4" in first
    assert "Kegiatan" not in " ".join(flat(page) for page in found)  # the plain form has no kegiatan
