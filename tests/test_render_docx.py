"""The default DOCX, read back: every reference cell in order, merges, header repeats, page setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from rkt_cli.layout import ROWS_KEPT_WITH_SIGNATURE
from tests.import_support import HEADER, NUMBERING
from tests.reference import COLUMNS, parse_reference
from tests.render_support import DATA, header_flags, render_data, run_rkt, table_cells, vmerge_values


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_data(tmp_path_factory.mktemp("docx"), "docx")


def test_every_reference_cell_in_order(rendered: Path) -> None:
    reference = parse_reference()
    rows = table_cells(rendered)
    assert rows[0] == HEADER  # the office's own header words
    assert rows[1] == NUMBERING
    body = rows[2:]
    assert len(body) == len(reference.rows) == 40
    for got, want in zip(body, reference.rows, strict=True):
        assert got == [getattr(want, column) for column in COLUMNS]


def test_both_header_rows_repeat_and_data_rows_do_not(rendered: Path) -> None:
    flags = header_flags(rendered)
    assert flags[:2] == [True, True]
    assert not any(flags[2:])


def test_section_is_a4_landscape(rendered: Path) -> None:
    section = Document(str(rendered)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.mm) == 297
    assert round(section.page_height.mm) == 210


def test_no_program_sasaran_anggaran_merge_over_their_sasaran(rendered: Path) -> None:
    merges = vmerge_values(rendered)[2:]
    reference = parse_reference().rows
    # Sasaran sizes from the reference: a sasaran starts where its No cell is written.
    starts = [i for i, row in enumerate(reference) if row.starts_sasaran]
    sizes = [b - a for a, b in zip(starts, [*starts[1:], len(reference)], strict=True)]
    for column in (0, 1, 2, 6):
        expected: list[str | None] = []
        for size in sizes:
            expected += [None] if size == 1 else ["restart"] + ["continue"] * (size - 1)
        # The last sasaran and the signature do not fit on one page together: its last rows go
        # with the signature and start the merge again, so that page names the sasaran.
        expected[-ROWS_KEPT_WITH_SIGNATURE:] = ["restart"] + ["continue"] * (ROWS_KEPT_WITH_SIGNATURE - 1)
        assert [row[column] for row in merges] == expected, COLUMNS[column]
    # Indikator, target and kegiatan are never merged.
    for column in (3, 4, 5):
        assert all(row[column] is None for row in merges)


def test_pelaksana_merges_only_equal_neighbours_within_a_sasaran(rendered: Path) -> None:
    merges = [row[7] for row in vmerge_values(rendered)[2:]]
    cells = [row[7] for row in table_cells(rendered)[2:]]
    reference = parse_reference().rows
    for i, state in enumerate(merges):
        if state == "continue":
            assert cells[i] == cells[i - 1]
            assert not reference[i].starts_sasaran
        elif (
            i + 1 < len(merges)
            and not reference[i + 1].starts_sasaran
            and merges[i + 1] != "continue"
            and i + 1 != len(merges) - ROWS_KEPT_WITH_SIGNATURE  # there the merge starts again
        ):
            # A cell not continued below must differ from its neighbour in the same sasaran.
            assert cells[i + 1] != cells[i]
    # The first sasaran: Rendatin, Hukum dan SDM, Rendatin: three separate cells, no merge.
    assert merges[:3] == [None, None, None]
    # The second sasaran: one pelaksana for all four indikator.
    assert merges[3:7] == ["restart", "continue", "continue", "continue"]


def test_a_users_own_word_document_as_reference_gets_the_missing_styles(tmp_path: Path) -> None:
    """A reference.docx saved by a user without the RKT styles still renders, with the styles added."""
    folder = tmp_path / "mine"
    assert run_rkt("template", "init", folder).returncode == 0
    plain = Document()
    plain.add_paragraph("Kop surat dari Word")  # body text of the reference is not carried over
    plain.save(str(folder / "reference.docx"))
    out = tmp_path / "out.docx"
    result = run_rkt("render", DATA, "--template", folder, "-o", out)
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    assert {"RKT Judul", "RKT Tabel", "RKT Tanda Tangan"} <= {s.name for s in document.styles}
    assert document.paragraphs[0].text == "Komisi Pemilihan Umum Kota Prabumulih"
    assert len(table_cells(out)) == 42  # header, numbering, 40 rows (the signature row left out)


def test_instansi_is_capitalised_by_formatting_so_its_words_survive(rendered: Path) -> None:
    """The heading shows KOMISI PEMILIHAN UMUM … through Word's All caps; the text keeps its case."""
    heading = Document(str(rendered)).paragraphs[0]
    assert heading.text == "Komisi Pemilihan Umum Kota Prabumulih"
    assert all(run.font.all_caps and run.font.bold for run in heading.runs)


def test_very_long_title_block_fits_the_document_properties(tmp_path: Path) -> None:
    """Word's core properties hold 255 characters; a long unit name must not stop the render."""
    long_unit = "Sekretariat " + "Komisi Pemilihan Umum " * 15
    source = tmp_path / "long.yaml"
    text = DATA.read_text(encoding="utf-8").replace(
        "unit: Sekretariat KPU Kota Prabumulih", f"unit: {long_unit.strip()}"
    )
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "long.docx"
    result = run_rkt("render", source, "-o", out)
    assert result.returncode == 0, result.stderr
    properties = Document(str(out)).core_properties
    assert len(properties.title) == 255 and properties.title.endswith("…")
    assert long_unit.strip() in [p.text for p in Document(str(out)).paragraphs]


def test_cell_text_keeps_clear_of_every_border(rendered: Path) -> None:
    """The table's cell margins, written explicitly so that Word and LibreOffice agree: 1.5 mm at
    the sides, and some space above and below (with 0 the last line sits on the bottom border)."""
    table = Document(str(rendered)).tables[0]._tbl
    margins = table.tblPr.find(qn("w:tblCellMar"))
    widths_mm = {side.tag.split("}")[1]: int(side.get(qn("w:w"))) * 25.4 / 1440 for side in margins}
    assert list(widths_mm) == ["top", "left", "bottom", "right"]  # the schema's order
    assert widths_mm["left"] == widths_mm["right"] == pytest.approx(1.5, abs=0.05)
    assert widths_mm["top"] == widths_mm["bottom"] >= 0.4
