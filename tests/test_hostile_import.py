"""`rkt import` of hostile and broken Word files (issue 15): one line or a correct read, in bounded time.

Every input is generated here from the office's RKT 2024 (tests/hostile_docx.py): nothing large
is committed. The tests assert outcomes; times and memory are measured outside the suite.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from rkt_cli.checking import check_text
from rkt_cli.importer import MAX_DOCX_UNCOMPRESSED, DocxImportError, ImportFailure, import_docx
from rkt_cli.model import RKT
from rkt_cli.yaml_writer import dump_rkt
from tests.hostile_docx import data_row_start, element_at, lie_about_size, reference_docx, rewrite, with_cell_text
from tests.import_support import FRONT, HEADER, SIGNATURE, build_table_docx, reference_rows
from tests.reference import COLUMNS

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reference_docx(tmp_path_factory.mktemp("hostile") / "base.docx")


@pytest.fixture(scope="module")
def expected(base: Path) -> RKT:
    return import_docx(base).rkt


def _refused(path: Path) -> str:
    """The one-line message of a file the importer refuses as a file (exit 2)."""
    with pytest.raises(DocxImportError) as caught:
        import_docx(path)
    error = caught.value
    assert error.kind is ImportFailure.FILE
    assert error.message.startswith(f"{path}: ")
    assert "\n" not in error.message
    return error.message


# --- What used to raise MemoryError or RecursionError ----------------------------------------


@pytest.mark.parametrize("where", ["gridSpan", "gridBefore"])
def test_a_span_of_a_billion_is_clamped_to_the_table_grid(
    base: Path, expected: RKT, tmp_path: Path, where: str
) -> None:
    def edit(xml: str) -> str:
        row = data_row_start(xml, 3)
        if where == "gridSpan":  # the last cell of the row: clamped to the one column left
            at = xml.rindex("<w:tcPr>", row, xml.index("</w:tr>", row)) + len("<w:tcPr>")
            return xml[:at] + '<w:gridSpan w:val="1000000000"/>' + xml[at:]
        at = row + len("<w:tr>")
        return xml[:at] + '<w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>' + xml[at:]

    assert import_docx(rewrite(base, tmp_path / "span.docx", edit)).rkt == expected


def _wrap(xml: str, start: int, end: int, depth: int = 1500) -> str:
    return xml[:start] + '<w:customXml w:element="x">' * depth + xml[start:end] + "</w:customXml>" * depth + xml[end:]


def test_1500_nested_custom_xml_elements_are_looked_through(base: Path, expected: RKT, tmp_path: Path) -> None:
    def edit(xml: str) -> str:
        xml = _wrap(xml, *element_at(xml, "w:tr", data_row_start(xml, 3)))  # a whole row
        xml = _wrap(xml, *element_at(xml, "w:tc", data_row_start(xml, 5)))  # a cell of another row
        return _wrap(xml, *element_at(xml, "w:p", xml.index("<w:body>")))  # a paragraph of the body

    assert import_docx(rewrite(base, tmp_path / "nested.docx", edit)).rkt == expected


def _repeated(xml: str, at: int, unit: bytes, total: int) -> Iterator[bytes]:
    yield xml[:at].encode()
    chunk = unit * (MiB // len(unit))
    for _ in range(total // len(chunk)):
        yield chunk
    yield xml[at:].encode()


def test_a_100_mb_cell_is_refused_in_one_line(base: Path, tmp_path: Path) -> None:
    def edit(xml: str) -> Iterator[bytes]:
        at = xml.index("<w:t>Subbagian Rendatin</w:t>") + len("<w:t>")
        return _repeated(xml, at, b"kata ", 100 * 1000 * 1000)

    message = _refused(rewrite(base, tmp_path / "cell.docx", edit))
    assert "word/document.xml unpacks to 99,6" in message  # about 100 MB, said before inflating it
    assert f"over the {MAX_DOCX_UNCOMPRESSED // MiB} MiB rkt reads" in message


# --- Zip bombs --------------------------------------------------------------------------------


def test_a_zip_bomb_of_empty_paragraphs_is_refused_before_reading(base: Path, tmp_path: Path) -> None:
    def edit(xml: str) -> Iterator[bytes]:
        return _repeated(xml, xml.index("<w:body>") + len("<w:body>"), b"<w:p/>", 250 * MiB)

    bomb = rewrite(base, tmp_path / "bomb.docx", edit)
    assert bomb.stat().st_size < 2 * MiB  # small on disk, 250 MiB inflated
    message = _refused(bomb)
    assert f"over the {MAX_DOCX_UNCOMPRESSED // MiB} MiB rkt reads" in message


@pytest.mark.parametrize("declared", [50_000, MAX_DOCX_UNCOMPRESSED - 1])
def test_a_zip_header_that_understates_the_size_is_not_believed(base: Path, tmp_path: Path, declared: int) -> None:
    def edit(xml: str) -> Iterator[bytes]:
        return _repeated(xml, xml.index("<w:body>") + len("<w:body>"), b"<w:p/>", 40 * MiB)

    lying = rewrite(base, tmp_path / "lying.docx", edit)
    lie_about_size(lying, "word/document.xml", declared)
    message = _refused(lying)
    assert "damaged DOCX file" in message  # the read stops at the declared size; the checksum fails


def test_cli_says_one_line_and_exits_2_for_a_zip_bomb(base: Path, tmp_path: Path) -> None:
    def edit(xml: str) -> Iterator[bytes]:
        return _repeated(xml, xml.index("<w:body>") + len("<w:body>"), b"<w:p/>", 32 * MiB)

    rewrite(base, tmp_path / "bomb.docx", edit)
    done = subprocess.run(
        [sys.executable, "-m", "rkt_cli", "import", "bomb.docx", "-o", "out.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("rkt: error: bomb.docx: word/document.xml")
    assert "Traceback" not in done.stderr and not (tmp_path / "out.yaml").exists()


# --- Long runs of spaces and repeated words: linear time ------------------------------------


@pytest.mark.parametrize("spaces", [3_000, 300_000])
def test_cells_with_long_runs_of_spaces_import(base: Path, tmp_path: Path, spaces: int) -> None:
    gap = " " * spaces

    def edit(xml: str) -> str:
        xml = with_cell_text(xml, "822,654,000", f"822,654,000{gap}x")  # anggaran: not an amount
        xml = with_cell_text(xml, "Subbagian Rendatin", f"Subbagian{gap}Rendatin")
        sasaran = "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu (6709)"
        return with_cell_text(xml, sasaran, f"Perencanaan{gap}Program (")

    result = import_docx(rewrite(base, tmp_path / "spaces.docx", edit))
    sasaran = result.rkt.program[0].sasaran[0]
    assert sasaran.nama == f"Perencanaan{gap}Program ("
    assert sasaran.pelaksana == f"Subbagian{gap}Rendatin"
    assert any(d.code == "RKT309" and d.path.endswith("sasaran[0].anggaran") for d in result.diagnostics)


def test_an_intro_of_20000_rkt_words_imports(base: Path, tmp_path: Path) -> None:
    intro = " ".join(["(RKT)"] * 20_000)

    def edit(xml: str) -> str:
        xml = xml.replace("<w:t>Sekretariat KPU Kota Prabumulih</w:t>", "<w:t>RKT</w:t>", 1)  # no unit line
        start = xml.index("<w:t>Perencanaan Kinerja merupakan")
        return xml[:start] + f"<w:t>{intro}</w:t>" + xml[xml.index("</w:t>", start) + len("</w:t>") :]

    result = import_docx(rewrite(base, tmp_path / "intro.docx", edit))
    assert result.rkt.pengantar == intro


# --- Text kept as the document has it -------------------------------------------------------


def test_nel_in_a_cell_is_read_as_the_line_break_it_stands_for(base: Path, tmp_path: Path) -> None:
    """NEL is not dropped (which joined two words); it is a line break, as w:br is, since the
    YAML refuses C1 controls (RKT009)."""

    def edit(xml: str) -> str:
        return with_cell_text(xml, "Subbagian Rendatin", "Subbagian\u0085Rendatin\u0085")

    imported = import_docx(rewrite(base, tmp_path / "nel.docx", edit)).rkt
    assert imported.program[0].sasaran[0].pelaksana == "Subbagian\nRendatin"
    assert check_text(dump_rkt(imported)).model == imported


_TRACKED = (
    '<w:r><w:t xml:space="preserve">Subbagian </w:t></w:r>'
    '<w:del w:id="1" w:author="a"><w:r><w:delText>Umum </w:delText></w:r><w:r><w:t>Keuangan </w:t></w:r></w:del>'
    '<w:moveFrom w:id="2" w:author="a"><w:r><w:t>Hukum </w:t></w:r></w:moveFrom>'
    '<w:ins w:id="3" w:author="a"><w:r><w:t>Renda</w:t></w:r></w:ins>'
    '<w:moveTo w:id="4" w:author="a"><w:r><w:t>tin</w:t></w:r></w:moveTo>'
)


def test_tracked_changes_are_read_as_accepted_and_warned_once(base: Path, expected: RKT, tmp_path: Path) -> None:
    def edit(xml: str) -> str:
        xml = xml.replace("<w:r><w:t>Subbagian Rendatin</w:t></w:r>", _TRACKED)
        # A row whose deletion is tracked: a copy of a data row, marked deleted, is left out.
        start, end = element_at(xml, "w:tr", data_row_start(xml, 0))
        deleted = xml[start:end].replace("<w:tr>", '<w:tr><w:trPr><w:del w:id="9" w:author="a"/></w:trPr>', 1)
        return xml[:start] + deleted.replace("Bimtek", "Dihapus") + xml[start:]

    result = import_docx(rewrite(base, tmp_path / "tracked.docx", edit))
    assert result.rkt == expected
    assert [d.code for d in result.diagnostics].count("RKT316") == 1


# --- A header of two rows ---------------------------------------------------------------------


def test_a_two_row_header_with_indikator_spanning_uraian_and_target_is_recognised(tmp_path: Path) -> None:
    rows = [[getattr(row, name) for name in COLUMNS] for row in reference_rows()[:6]]
    plain = import_docx(build_table_docx(tmp_path / "plain.docx", rows)).rkt

    document = docx.Document()
    for text in FRONT:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=len(HEADER))
    upper = ["No", "Program", "Sasaran strategis", "Indikator Kinerja", "", "Kegiatan", "Anggaran", "Pelaksana"]
    lower = ["", "", "", "Uraian", "Target", "", "", ""]
    for column, (top, bottom) in enumerate(zip(upper, lower, strict=True)):
        table.cell(0, column).text = top
        table.cell(1, column).text = bottom
    for column in (0, 1, 2, 5, 6, 7):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 3).merge(table.cell(0, 4))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for line in SIGNATURE:
        document.add_paragraph(line)
    document.save(str(tmp_path / "two_rows.docx"))

    result = import_docx(tmp_path / "two_rows.docx")
    assert result.rkt == plain
    assert result.rows == 6


def test_a_broken_deflate_stream_is_one_line(base: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.docx"
    data = bytearray(base.read_bytes())
    at = data.index(b"word/document.xml") + len("word/document.xml")  # the local header's name
    data[at + 20 : at + 60] = bytes(40)  # zero part of the deflate stream
    damaged.write_bytes(bytes(data))
    assert "damaged DOCX file" in _refused(damaged)  # zipfile lets zlib.error through for such a stream
