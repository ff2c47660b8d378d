"""`render_xlsx` and `render_csv`: the exported workbook read back with openpyxl (cells, merges,
number formats, formulas, page setup, the same bytes twice), LibreOffice's recomputation of the
SUM, and the CSV's rows and formula guard."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rkt_cli.checking import check_file
from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.model import RKT
from rkt_cli.render.csv_rows import BOM, COLUMNS, render_csv
from rkt_cli.render.xlsx import MAX_CELL_CHARS, RUPIAH_FORMAT, ExportInfo, XlsxExportError, render_xlsx
from rkt_cli.templating import load_template
from rkt_cli.walk import walk_indikator
from tests.libreoffice import Documents, Kind, LibreOffice, source

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
TOTAL = 23_142_485_000
INFO = ExportInfo(source="rkt_2024.yaml", version="0.1.0")
# The default template: 4 title lines, an empty row, the header and the numbering row.
FIRST_DATA_ROW = 8


def load(path: Path = DATA) -> RKT:
    model = check_file(path).model
    assert model is not None
    return model


def export(rkt: RKT) -> tuple[DocumentView, bytes]:
    view = build_layout(rkt, load_template(None), paged=False)
    return view, render_xlsx(view, rkt, INFO)


def workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


@cache
def _exported() -> tuple[RKT, DocumentView, bytes]:
    rkt = load()
    view, data = export(rkt)
    return rkt, view, data


@pytest.fixture(scope="module")
def exported() -> tuple[RKT, DocumentView, bytes]:
    return _exported()


def test_the_sheet_holds_every_cell_of_the_document(exported: tuple[RKT, DocumentView, bytes]) -> None:
    rkt, view, data = exported
    ws = workbook(data)["RKT 2024"]
    assert [ws.cell(row=r, column=1).value for r in range(1, 5)] == [
        "KOMISI PEMILIHAN UMUM KOTA PRABUMULIH",
        "RENCANA KINERJA TAHUNAN",
        "Sekretariat KPU Kota Prabumulih",
        "TAHUN 2024",
    ]
    assert [c.value for c in ws[6]] == list(view.header_rows[0])
    assert [c.value for c in ws[7]] == [str(i) for i in range(1, 9)]
    anggaran = [c.content for c in view.columns].index("anggaran")
    rows = list(walk_indikator(rkt))
    assert len(view.rows) == len(rows) == 40
    for offset, (row_view, at) in enumerate(zip(view.rows, rows, strict=True)):
        cells = ws[FIRST_DATA_ROW + offset]
        for index, (cell, cell_view) in enumerate(zip(cells, row_view.cells, strict=True)):
            if cell_view.merge == "continue":
                assert cell.value is None
            elif index == anggaran:
                assert cell.value == at.sasaran.anggaran and isinstance(cell.value, int)
                assert cell.number_format == RUPIAH_FORMAT == "#,##0"
            elif index == 0:
                assert cell.value == at.sasaran_at.number
            elif index == 4:  # target: a number where the document shows it bare ("95"), else text
                assert cell.value == at.indikator.target and str(cell.value) == cell_view.text
            else:
                assert str(cell.value) == cell_view.text, (offset, index)
        assert cells[3].value == at.indikator.uraian  # every indikator, in order


def test_merges_follow_the_views_merge_flags(exported: tuple[RKT, DocumentView, bytes]) -> None:
    _, view, data = exported
    ws = workbook(data)["RKT 2024"]
    expected = set()
    for column in range(len(view.columns)):
        start = None
        for offset, row in enumerate([*view.rows, None]):
            merge = row.cells[column].merge if row is not None else "none"
            if merge != "continue" and start is not None:
                letter = "ABCDEFGH"[column]
                expected.add(f"{letter}{FIRST_DATA_ROW + start}:{letter}{FIRST_DATA_ROW + offset - 1}")
                start = None
            if merge == "restart":
                start = offset
    table_merges = {str(r) for r in ws.merged_cells.ranges if r.min_row >= FIRST_DATA_ROW and r.min_row <= 47}
    assert table_merges == expected
    assert "A8:A10" in expected  # the first sasaran's No over its 3 indikator
    assert {"A1:H1", "A4:H4", "A48:F48"} <= {str(r) for r in ws.merged_cells.ranges}  # title, Jumlah label


def test_jumlah_row_is_a_sum_formula_and_the_header_is_frozen_and_printed_on_every_page(
    exported: tuple[RKT, DocumentView, bytes],
) -> None:
    _, _, data = exported
    ws = workbook(data)["RKT 2024"]
    assert ws["A48"].value == "Jumlah"
    assert ws["G48"].value == "=SUM(G8:G47)"
    assert ws["G48"].number_format == "#,##0"
    assert ws.freeze_panes == "A8"
    assert ws.print_title_rows == "$6:$7"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width  # 52 mm against 9 mm
    assert ws["D8"].alignment.wrap_text is True


def test_summary_and_info_sheets(exported: tuple[RKT, DocumentView, bytes]) -> None:
    _, _, data = exported
    wb = workbook(data)
    assert wb.sheetnames == ["RKT 2024", "Ringkasan", "Info"]
    summary = wb["Ringkasan"]
    assert [c.value for c in summary[4]][:5] == [1, "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", 7, 24,
                                                 17_632_649_000]  # fmt: skip
    assert [c.value for c in summary[5]][:5] == [2, "Program Dukungan Manajemen", 2, 16, 5_509_836_000]
    assert [c.value for c in summary[6]][1:5] == ["Jumlah", "=SUM(C4:C5)", "=SUM(D4:D5)", "=SUM(E4:E5)"]
    assert summary["F4"].value == "=IF($E$6=0,0,E4/$E$6)" and summary["F4"].number_format == "0.0%"
    info = {row[0].value: row[1].value for row in wb["Info"].iter_rows()}
    assert info["Berkas sumber"] == "rkt_2024.yaml"
    assert info["Dibuat dengan"] == "rkt 0.1.0 (rkt export)"
    assert info["Instansi"] == "Komisi Pemilihan Umum Kota Prabumulih"  # as written, not in capitals
    assert info["Jumlah anggaran (Rp)"] == TOTAL


def test_same_input_gives_the_same_bytes_dated_by_the_signing_date_or_source_date_epoch(
    exported: tuple[RKT, DocumentView, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    rkt, view, data = exported
    assert render_xlsx(view, rkt, INFO) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 25, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dcterms:created" in core and core.count("2024-01-25T00:00:00Z") == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    again = render_xlsx(view, rkt, INFO)
    assert again != data
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert "2023-11-14T22:13:20Z" in archive.read("docProps/core.xml").decode()


def test_text_that_looks_like_a_formula_is_stored_as_text() -> None:
    rkt = load()
    hostile = '=HYPERLINK("http://example.invalid","klik")'
    first = rkt.program[0].sasaran[0]
    indikator = first.indikator[0].model_copy(update={"uraian": hostile, "kegiatan": "+1+1"})
    sasaran = first.model_copy(update={"indikator": [indikator, *first.indikator[1:]]})
    program = rkt.program[0].model_copy(update={"sasaran": [sasaran, *rkt.program[0].sasaran[1:]]})
    changed = rkt.model_copy(update={"program": [program, *rkt.program[1:]], "unit": "@SUM(1)"})
    _, data = export(changed)
    ws = workbook(data)["RKT 2024"]
    assert ws["D8"].value == hostile and ws["D8"].data_type == "s"
    assert ws["F8"].value == "+1+1" and ws["F8"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<f>") == 1 and "<f>SUM(G8:G47)</f>" in sheet  # the one formula is ours


def test_a_text_longer_than_a_cell_holds_is_refused() -> None:
    rkt = load()
    changed = rkt.model_copy(update={"judul": "J" * (MAX_CELL_CHARS + 1)})
    with pytest.raises(XlsxExportError, match=r"RKT 2024!A2: a text of 32,768 characters; .* at most 32,767"):
        export(changed)


def test_csv_is_one_row_per_indikator_with_plain_numbers() -> None:
    rkt = load()
    text = render_csv(rkt)
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert tuple(rows[0]) == COLUMNS
    body = rows[1:]
    assert len(body) == 40
    assert body[0][:6] == ["1", "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", "6709",
                           "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara "
                           "Pemilu", "822654000", "1"]  # fmt: skip
    assert body[0][7:9] == ["95", "%"]
    # The anggaran is repeated on each row of its sasaran: counted once per sasaran, it is the total.
    per_sasaran = {row[0]: int(row[4]) for row in body}
    assert sum(per_sasaran.values()) == TOTAL
    assert [row[6] for row in body] == [at.indikator.uraian for at in walk_indikator(rkt)]
    assert "\r\n" in text and render_csv(rkt, bom=False) == text.removeprefix(BOM)


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_guards_text_a_spreadsheet_would_run(text: str) -> None:
    rkt = load()
    rows = list(csv.reader(io.StringIO(render_csv(rkt.model_copy(update={"program": [
        rkt.program[0].model_copy(update={"nama": text}), *rkt.program[1:]]}), bom=False))))  # fmt: skip
    assert rows[1][1] == "'" + text
    assert rows[1][4] == "822654000"  # numbers stay numbers


# LibreOffice's CSV export: comma, double quote, UTF-8 (76), first line 1, …, then "as shown"
# (the text the reader sees, in the locale's format) or the values themselves, and which sheet
# (-1: every sheet, one file each).
VALUES_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
SHOWN_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1"
# The conversions, as the session's shared LibreOffice runs them (tests/libreoffice.py).
VALUES = Kind(VALUES_CSV, suffix=".xlsx")
SHOWN_IN_INDONESIAN = Kind(SHOWN_CSV, suffix=".xlsx", env=(("LANG", "id_ID.UTF-8"), ("LC_ALL", "id_ID.UTF-8")))


@source(VALUES)
def values_documents() -> Documents:
    return [("rkt_2024", _exported()[2])]


@source(SHOWN_IN_INDONESIAN)
def shown_documents() -> Documents:
    return [("rkt_2024", _exported()[2])]


def libreoffice_csv(libreoffice: LibreOffice, documents: Documents, kind: Kind) -> Path:
    """The workbook converted by LibreOffice (which recomputes every formula); the folder of CSVs."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    (done,) = libreoffice.convert(documents, kind)
    if not any(done.folder.glob("*.csv")) and "source file could not be loaded" in done.log:
        # LibreOffice without Calc (libreoffice-writer-nogui alone) cannot open any workbook;
        # openpyxl reading it back (the tests above) shows the file itself is sound.
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    assert any(done.folder.glob("*.csv")), f"LibreOffice did not convert the workbook: {done.log}"
    return done.folder


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_libreoffice_recomputes_the_sum_to_the_models_total(
    libreoffice: LibreOffice, exported: tuple[RKT, DocumentView, bytes]
) -> None:
    rkt, _, data = exported
    out = libreoffice_csv(libreoffice, [("rkt_2024", data)], VALUES)
    rows = read_csv(out / "rkt_2024-RKT 2024.csv")
    jumlah = next(row for row in rows if row[0] == "Jumlah")
    assert int(jumlah[6]) == rkt.total_anggaran == TOTAL
    uraian = [row[3] for row in rows[7:47]]
    assert uraian == [at.indikator.uraian for at in walk_indikator(rkt)]
    summary = read_csv(out / "rkt_2024-Ringkasan.csv")
    assert summary[5][1:5] == ["Jumlah", "9", "40", str(TOTAL)]
    assert summary[5][5] == "100%"


def test_an_indonesian_libreoffice_shows_dots_for_thousands(
    libreoffice: LibreOffice, exported: tuple[RKT, DocumentView, bytes]
) -> None:
    """The built-in #,##0 leaves the separator to the reader's locale: 23.142.485.000 in Indonesian."""
    _, _, data = exported
    out = libreoffice_csv(libreoffice, [("rkt_2024", data)], SHOWN_IN_INDONESIAN)
    rows = read_csv(next(out.glob("*.csv")))
    assert next(row for row in rows if row[0] == "Jumlah")[6] == "23.142.485.000"
    assert rows[7][6] == "822.654.000"


def test_a_template_that_repeats_the_anggaran_gets_the_total_as_a_number(tmp_path: Path) -> None:
    """With `gabung: tidak` every row shows its sasaran's anggaran: a SUM of the column would
    count each one several times, so the Jumlah cell holds the model's total itself."""
    default = (ROOT / "templates" / "default" / "template.yaml").read_text(encoding="utf-8")
    repeated = default.replace("rata: kanan, gabung: sasaran}", "rata: kanan, gabung: tidak}")
    assert repeated != default
    (tmp_path / "template.yaml").write_text(repeated, encoding="utf-8")
    rkt = load()
    view = build_layout(rkt, load_template(tmp_path), paged=False)
    ws = workbook(render_xlsx(view, rkt, INFO))["RKT 2024"]
    assert ws["G9"].value == ws["G8"].value == 822_654_000  # repeated, as the document shows it
    assert ws["G48"].value == TOTAL and ws["G48"].data_type == "n"


def test_a_template_without_anggaran_has_no_jumlah_row() -> None:
    rkt = load()
    view = build_layout(rkt, load_template(ROOT / "tests" / "data" / "templates" / "pk"), paged=False)
    wb = workbook(render_xlsx(view, rkt, INFO))
    ws = wb["RKT 2024"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Jumlah" not in values
    uraian = [at.indikator.uraian for at in walk_indikator(rkt)]
    column = [c.value for c in ws["C"]]
    start = column.index(uraian[0])
    assert column[start : start + 40] == uraian
    assert wb["Info"]["B11"].value == TOTAL


def test_targets_are_numbers_where_the_document_shows_them_bare() -> None:
    rkt = load()
    first = rkt.program[0].sasaran[0]
    rows = [
        first.indikator[0].model_copy(update={"target": 87.5}),
        first.indikator[1].model_copy(update={"target": 20, "satuan": "orang"}),
        first.indikator[2].model_copy(update={"target": "WTP"}),
    ]
    program = rkt.program[0].model_copy(
        update={"sasaran": [first.model_copy(update={"indikator": rows}), *rkt.program[0].sasaran[1:]]}
    )
    _, data = export(rkt.model_copy(update={"program": [program, *rkt.program[1:]]}))
    ws = workbook(data)["RKT 2024"]
    assert (ws["E8"].value, ws["E8"].data_type) == (87.5, "n")  # an Indonesian locale shows 87,5
    assert ws["E9"].value == "20 orang"
    assert ws["E10"].value == "WTP"
    assert (ws["E11"].value, ws["E11"].data_type) == (100, "n")


def test_the_signature_stands_below_the_table_in_the_right_half(exported: tuple[RKT, DocumentView, bytes]) -> None:
    _, _, data = exported
    ws = workbook(data)["RKT 2024"]
    assert ws["E50"].value == "Prabumulih, 25 Januari 2024"
    assert ws["E51"].value == "SEKRETARIS,"
    assert ws["E56"].value == "YASRIN ABIDIN" and ws["E56"].font.b is True
    assert {"E50:H50", "E56:H56"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws.print_area == "'RKT 2024'!$A$1:$H$56"
