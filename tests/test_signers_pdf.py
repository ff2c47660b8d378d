"""The PK template's signature as LibreOffice prints it, with one and with two signers: the date
is there, two signers stand side by side (their jabatan and their names on one text line), and
no line is a lone ",". pdftotext -layout keeps what stands side by side on one line.

Skipped only where LibreOffice or poppler is absent (CI installs both).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.libreoffice import PDF_FROM_DOCX, Documents, LibreOffice, handed_to_libreoffice, source
from tests.render_support import DATA, TEMPLATES

pytestmark = [
    pytest.mark.skipif(
        shutil.which("soffice") is None and shutil.which("libreoffice") is None,
        reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

TWO_SIGNERS = (
    "penandatangan:\n"
    "  - {pihak: PIHAK KEDUA, jabatan: KETUA KPU KOTA PRABUMULIH, nama: NAMA KETUA}\n"
    "  - {pihak: PIHAK PERTAMA, tempat: Prabumulih, tanggal: 2024-01-25, jabatan: SEKRETARIS,\n"
    '     nama: YASRIN ABIDIN, nip: "197501012000031001"}\n'
)


@source(PDF_FROM_DOCX)
def documents() -> Documents:
    """What `rkt render one.yaml two.yaml --format pdf --template pk` hands LibreOffice: the 2024
    data with its own single signer ("one") and with two signers ("two")."""
    with tempfile.TemporaryDirectory(prefix="rkt-pk-pdf-") as tmp:
        folder = Path(tmp)
        one = folder / "one.yaml"
        shutil.copyfile(DATA, one)
        text = DATA.read_text(encoding="utf-8")
        two = folder / "two.yaml"
        two.write_text(text[: text.index("penandatangan:")] + TWO_SIGNERS, encoding="utf-8")
        return handed_to_libreoffice(one, two, "--template", TEMPLATES / "pk")


@pytest.fixture(scope="module")
def pdf_lines(libreoffice: LibreOffice) -> dict[str, list[str]]:
    """{"one": lines, "two": lines} of the PK template's PDF of the 2024 data, with its own
    single signer and with two signers; each line stripped, empty lines left out. Converted in
    the session's shared LibreOffice run (tests/libreoffice.py)."""
    lines: dict[str, list[str]] = {}
    for done in libreoffice.convert(documents()):
        pdf = done.file(".pdf")
        assert pdf.is_file(), done.log
        layout = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        lines[done.stem] = [line.strip() for line in layout.splitlines() if line.strip()]
    assert sorted(lines) == ["one", "two"]
    return lines


def test_one_signer_prints_the_date_and_no_lone_comma(pdf_lines: dict[str, list[str]]) -> None:
    lines = pdf_lines["one"]
    assert "," not in lines
    at = lines.index("Prabumulih, 25 Januari 2024")
    assert lines[at + 1 : at + 3] == ["SEKRETARIS,", "YASRIN ABIDIN"]


def test_two_signers_stand_side_by_side(pdf_lines: dict[str, list[str]]) -> None:
    lines = pdf_lines["two"]
    assert "," not in lines
    assert "Prabumulih, 25 Januari 2024" in lines
    for left, right in (
        ("PIHAK KEDUA,", "PIHAK PERTAMA,"),
        ("KETUA KPU KOTA PRABUMULIH,", "SEKRETARIS,"),
        ("NAMA KETUA", "YASRIN ABIDIN"),
    ):
        same_line = [line for line in lines if left in line and right in line]
        assert len(same_line) == 1, (left, right)
        assert same_line[0].index(left) < same_line[0].index(right)  # the first signer on the left
    assert "NIP. 197501012000031001" in lines
