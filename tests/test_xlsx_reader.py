"""rkt_cli.xlsx_reader on hand-made workbooks: what is refused before openpyxl reads a byte, and
a sheet as a plain grid (merges, repeated values, text numbers, hidden rows and columns, notes
on a second sheet, formulas never evaluated)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rkt_cli import xlsx_reader
from rkt_cli.xlsx_reader import (
    GridCell,
    ReadFailure,
    WorkbookError,
    column_letter,
    decimal_from_text,
    percent_text,
    read_workbook,
    read_workbook_file,
    rupiah_from_text,
)


def saved(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def office_table() -> bytes:
    """An RKT table as offices type it: repeated values where the document merges, rupiah as
    text, a number stored as text, a hidden working column, a merged title, notes on sheet 2."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RKT 2024"
    ws["A1"] = "RENCANA KINERJA TAHUNAN 2024"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["No", "Sasaran", "Anggaran", "Indikator", "Target", "catatan internal"])
    ws.append([1, "Perencanaan Program", "Rp 822.654.000", "Persentase dokumen", "95", "cek lagi"])
    ws.append([1, "Perencanaan Program", "Rp 822.654.000", "Persentase fasilitasi", 90.0, ""])
    ws.append([2, "Pembentukan Badan Adhoc", 12_406_404_000, "Persentase badan adhoc", "87,5"])
    ws.column_dimensions["F"].hidden = True
    ws.row_dimensions[6].hidden = True
    notes = wb.create_sheet("Catatan")
    notes["A1"] = "Angka anggaran dari DIPA revisi 2"
    return saved(wb)


def test_a_sheet_is_a_plain_grid_with_addresses_and_what_is_hidden() -> None:
    book = read_workbook(office_table(), "kantor.xlsx")
    assert [s.name for s in book.sheets] == ["RKT 2024", "Catatan"]
    sheet = book.sheets[0]
    assert (sheet.max_row, sheet.max_col) == (6, 6)
    assert sheet.address(4, 3) == "'RKT 2024'!C4"
    assert sheet.cell(1, 3) == GridCell(1, 3, None, merged_from=(1, 1))
    assert sheet.value(1, 3) == "RENCANA KINERJA TAHUNAN 2024"  # the merged title, from any of its cells
    assert [c.value for c in sheet.rows().__next__()][:2] == ["RENCANA KINERJA TAHUNAN 2024", None]
    assert sheet.value(4, 2) == sheet.value(5, 2) == "Perencanaan Program"  # repeated, not merged
    assert sheet.value(4, 3) == "Rp 822.654.000" and sheet.value(6, 3) == 12_406_404_000
    assert sheet.value(4, 5) == "95" and sheet.cell(5, 5).text == "90"  # typed 90.0: "90", not "90.0"
    assert sheet.hidden_cols == {6} and sheet.hidden_rows == {6}
    assert sheet.value(5, 6) is None  # an empty string is an empty cell
    assert book.sheet("Catatan") is not None
    assert book.sheets[1].value(1, 1) == "Angka anggaran dari DIPA revisi 2"
    assert book.sheets[1].address(1, 1) == "Catatan!A1"


def test_numbers_as_people_type_them() -> None:
    assert [rupiah_from_text(t) for t in ("Rp 822.654.000", "rp. 822.654.000,00", "822,654,000", "822654000")] == [
        822_654_000
    ] * 4
    assert rupiah_from_text("822.65") is None and rupiah_from_text("Rp") is None
    assert [decimal_from_text(t) for t in ("95", " 95,5 ", "95.5", "95%", "")] == [95, 95.5, 95.5, None, None]
    assert [percent_text(t) for t in ("95%", "87,5 %", "90 persen", "95")] == ["95", "87,5", "90", None]
    assert [column_letter(n) for n in (1, 26, 27, 703)] == ["A", "Z", "AA", "AAA"]


def _with_saved_value(raw: bytes, cell: str, value: str) -> bytes:
    """The workbook as Excel saves a formula: with the value it computed (<v>) beside it."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{value}</v>", text
                )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def test_formulas_are_never_evaluated_only_their_saved_values_read() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"], ws["A4"] = 1, 2, "=SUM(A1:A2)", "=A1*100"
    book = read_workbook(_with_saved_value(saved(wb), "A3", "3"), "f.xlsx")
    sheet = book.sheets[0]
    assert sheet.cell(3, 1) == GridCell(3, 1, 3, formula="=SUM(A1:A2)")
    assert sheet.cell(4, 1) == GridCell(4, 1, None, formula="=A1*100")  # no saved value: None, not 100


def test_an_old_xls_and_a_password_protected_workbook_are_named_as_such() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
    with pytest.raises(WorkbookError, match=r"^old.xls: an old Excel 97-2003 \(.xls\) workbook; save it as .xlsx"):
        read_workbook(ole, "old.xls")
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + bytes(100)
    with pytest.raises(WorkbookError, match=r"^secret.xlsx: the workbook is password-protected"):
        read_workbook(encrypted, "secret.xlsx")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"content.xml": "<x/>", "mimetype": "application/vnd.oasis.opendocument.spreadsheet"}, "an OpenDocument"),
        ({"word/document.xml": "<x/>", "[Content_Types].xml": "<x/>"}, "a zip file, but not an XLSX workbook"),
        ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<not closed"}, "a corrupt workbook"),
    ],
)
def test_a_zip_that_is_not_a_workbook(members: dict[str, str], message: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(out.getvalue(), "x.xlsx")
    assert message in caught.value.message and "\n" not in caught.value.message
    assert caught.value.kind is ReadFailure.FILE


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 2**20))  # 8 MiB of zeros, 8 KB zipped
    raw = out.getvalue()
    assert len(raw) < 20_000
    monkeypatch.setattr(xlsx_reader, "MAX_EXPANDED_BYTES", 4 * 2**20)

    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to read a zip bomb")

    monkeypatch.setattr(xlsx_reader, "_load", must_not_load)
    with pytest.raises(WorkbookError, match=r"^bomb.xlsx: the workbook would expand to 8 MiB .*refused as a zip bomb$"):
        read_workbook(raw, "bomb.xlsx")


def test_a_file_too_large_or_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_FILE_BYTES", 10)
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(WorkbookError, match=r"^big.xlsx: larger than the 0 MiB a workbook rkt reads may be$"):
        read_workbook_file(big, "big.xlsx")
    with pytest.raises(WorkbookError, match=r"^gone.xlsx: cannot read: "):
        read_workbook_file(tmp_path / "gone.xlsx", "gone.xlsx")


def test_a_merge_over_a_whole_sheet_is_refused_before_openpyxl_hangs_on_it(monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.active.merge_cells("A1:B2")
    source = zipfile.ZipFile(io.BytesIO(saved(wb)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')
            target.writestr(item, data)

    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to read the merge")

    monkeypatch.setattr(xlsx_reader, "_load", must_not_load)
    with pytest.raises(WorkbookError, match=r"^m.xlsx: merged ranges cover 17,179,869,184 cells"):
        read_workbook(out.getvalue(), "m.xlsx")
