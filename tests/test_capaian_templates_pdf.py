"""data/rkt_2024.yaml with data/realisasi_2024.yaml through LibreOffice with the lkj and the
rencana-aksi templates, checked page by page: every indikator with its capaian (or its quarters),
the header on every page, the serapan table and its total, the page count. One conversion per
template, shared by the module's tests (made in the session's one LibreOffice run:
tests/libreoffice.py).

Skipped only where LibreOffice or poppler is absent (CI installs both).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

from tests.cli_support import run_rkt
from tests.libreoffice import PDF_FROM_DOCX, Documents, LibreOffice, handed_to_libreoffice, source
from tests.render_support import DATA

pytestmark = [
    pytest.mark.skipif(
        shutil.which("soffice") is None and shutil.which("libreoffice") is None,
        reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

REALISASI = DATA.parent / "realisasi_2024.yaml"
TEMPLATES = ("lkj", "rencana-aksi")
EXPECTED_PAGES = {"lkj": 3, "rencana-aksi": 3}

Pages = list[list[str]]


@source(PDF_FROM_DOCX)
def documents() -> Documents:
    """What `rkt render data/rkt_2024.yaml --realisasi ... --template NAME --format pdf` hands LibreOffice."""
    return [
        (name, data)
        for name in TEMPLATES
        for _, data in handed_to_libreoffice(DATA, "--realisasi", REALISASI, "--template", name)
    ]


@pytest.fixture(scope="module")
def converted(libreoffice: LibreOffice) -> dict[str, Pages]:
    """{template name: each page's lines}, runs of spaces as one, empty lines left out."""
    out: dict[str, Pages] = {}
    for name, done in zip(TEMPLATES, libreoffice.convert(documents()), strict=True):
        pdf = done.file(".pdf")
        assert pdf.is_file(), done.log
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in text.split("\f")]
        out[name] = [page for page in pages if page]
    return out


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = run_rkt("capaian", DATA, REALISASI, "-f", "json")
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", TEMPLATES)
def test_page_count(converted: dict[str, Pages], name: str) -> None:
    assert len(converted[name]) == EXPECTED_PAGES[name]


# The first line of an indikator row: its label, the start of its uraian, target, realisasi,
# capaian and kategori (cells are top-aligned, so they share the row's first line).
LKJ_ROW = re.compile(
    r"^(\d+\.\d+) (.+?) (\d+%) (\d+%|belum ada realisasi) (\d+,\d\d%|belum ada realisasi) "
    r"(Sangat Baik|Baik|Cukup|Kurang|Sangat Kurang|-)$"
)


def test_lkj_every_indikator_with_its_capaian(converted: dict[str, Pages], report: dict[str, Any]) -> None:
    found = [(number, LKJ_ROW.match(line)) for number, page in enumerate(converted["lkj"]) for line in page]
    rows = [(number, match) for number, match in found if match is not None]
    expected = [(s, b) for s in report["sasaran"] for b in s["indikator"]]
    assert len(rows) == len(expected) == 40
    for (_, match), (sasaran, baris) in zip(rows, expected, strict=True):
        label, start, target, _, capaian, kategori = match.groups()
        assert label == f"{sasaran['nomor']}.{sasaran['indikator'].index(baris) + 1}"
        assert words(baris["uraian"]).startswith(start)
        assert target == baris["target"] + "%"
        assert capaian == baris["capaian"].replace(".", ",") + "%"
        assert kategori == baris["kategori"]
    # Each page of the table holds some of them: the table runs over all three pages.
    assert sorted({number for number, _ in rows}) == [0, 1, 2]


def test_lkj_exact_values(converted: dict[str, Pages]) -> None:
    text = "\n".join(line for page in converted["lkj"] for line in page)
    assert "4.3 Persentase pelaporan logistik Pemilu ke 95% 90% 94,74% Cukup" in text
    assert "1.1 Persentase KPU Kota Prabumulih yang 95% 100% 105,26% Sangat Baik" in text


def test_lkj_header_on_every_page(converted: dict[str, Pages]) -> None:
    for page in converted["lkj"]:
        assert "No Indikator Kinerja Target Realisasi Capaian Kategori" in page


def test_lkj_group_rows_are_never_last_on_a_page(converted: dict[str, Pages]) -> None:
    for page in converted["lkj"]:
        body = [line for line in page if not line.isdigit()]  # the page number
        assert not body[-1].startswith("Sasaran "), page[-3:]
    groups = [line for page in converted["lkj"] for line in page if re.match(r"^Sasaran \d+: ", line)]
    assert [int(line.split()[1].rstrip(":")) for line in groups] == list(range(1, 10))


def test_lkj_first_page_and_the_serapan_table(converted: dict[str, Pages]) -> None:
    first = " ".join(converted["lkj"][0])
    assert first.startswith("BAB III AKUNTABILITAS KINERJA A. Capaian Kinerja Organisasi Capaian kinerja Sekretariat")
    last = converted["lkj"][-1]
    start = last.index("B. Realisasi Anggaran")
    assert last[start + 1] == "No Program Anggaran (Rp) Realisasi (Rp) Serapan"
    serapan = " ".join(last[start + 2 :])
    assert "1 Penyelenggaraan Pemilu dalam 17.632.649.000 16.470.661.000 93,41%" in serapan
    assert "2 Program Dukungan Manajemen 5.509.836.000 5.108.386.000 92,71%" in serapan
    assert "Jumlah 23.142.485.000 21.579.047.000 93,24%" in serapan


# An indikator row of the rencana aksi: the annual target, then 8 quarters (a number or "-").
RA_ROW = re.compile(r"(\d+%) ((?:(?:\d+|-) ){7}(?:\d+|-))$")


def test_rencana_aksi_every_indikator_with_its_quarters(converted: dict[str, Pages], report: dict[str, Any]) -> None:
    lines = [line for page in converted["rencana-aksi"] for line in page]
    rows = [(line, match) for line in lines if (match := RA_ROW.search(line)) is not None]
    expected = [b for s in report["sasaran"] for b in s["indikator"]]
    assert len(rows) == len(expected) == 40
    for (line, match), baris in zip(rows, expected, strict=True):
        assert " ".join(baris["uraian"].split()[:3]) in line
        assert match.group(1) == baris["target"] + "%"
        quarters = [baris["target_tw"].get(f"tw{q}", "-") for q in (1, 2, 3, 4)]
        quarters += [baris["realisasi"][f"tw{q}"] for q in (1, 2, 3, 4)]
        assert match.group(2).split() == quarters


def test_rencana_aksi_header_on_every_page(converted: dict[str, Pages]) -> None:
    for number, page in enumerate(converted["rencana-aksi"]):
        text = "\n".join(page)
        assert "Target Target Realisasi" in text, number
        assert "Tahunan TW I TW II TW III TW IV TW I TW II TW III TW IV" in text, number
    assert converted["rencana-aksi"][0][:2] == [
        "RENCANA AKSI DAN REALISASI KINERJA TAHUN 2024",
        "SEKRETARIAT KPU KOTA PRABUMULIH",
    ]
