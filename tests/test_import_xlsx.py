"""`rkt import FILE.xlsx|FILE.csv` of an RKT table (issue 11): `rkt export` then `rkt import`
gives back the model, and hand-made workbooks (repeated values, rupiah as text, numbers stored
as text, notes on a second sheet, hidden columns and rows, formulas) read as a DOCX of the same
table would, with warnings at their cells.

What an exported sheet cannot carry (the default template shows no keterangan, id, extra
columns or pihak; a kode missing where anggaran is shown comes back as a placeholder; the
pelaksana shared most is lifted to the sasaran) is left out of the comparison of generated
documents of every shape (`sakip_documents`).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from rkt_cli.checking import check_file
from rkt_cli.diagnostics import Diagnostic, format_one_line
from rkt_cli.importer import PLACEHOLDER, CellErrors, DocxImportError, import_csv, import_workbook
from rkt_cli.layout import build_layout
from rkt_cli.model import RKT, Indikator
from rkt_cli.render.csv_rows import render_csv
from rkt_cli.render.export_columns import template_for
from rkt_cli.render.xlsx import ExportInfo, render_xlsx
from rkt_cli.templating import Template, load_template
from rkt_cli.walk import walk_indikator
from rkt_cli.xlsx_reader import read_workbook
from tests.cli_support import run_rkt
from tests.strategies import rkt_documents, sakip_documents
from tests.test_import_roundtrip import canonical

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"


def saved(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def exported(rkt: RKT) -> bytes:
    """`rkt export -f xlsx` in process: the default template less the columns the document lacks."""
    template = _default()
    view = build_layout(rkt, template_for(rkt, template), paged=False)
    return render_xlsx(view, rkt, ExportInfo("rkt.yaml", "test"))


def messages(diagnostics: list[Diagnostic]) -> list[str]:
    return [format_one_line(d) for d in diagnostics]


@pytest.fixture(scope="module")
def rkt_2024() -> RKT:
    model = check_file(DATA).model
    assert model is not None
    return model


# --- export then import ----------------------------------------------------------------------


def test_export_then_import_gives_back_rkt_2024(rkt_2024: RKT) -> None:
    result = import_workbook(read_workbook(exported(rkt_2024), "rkt_2024.xlsx"))
    assert result.rkt == rkt_2024
    assert result.diagnostics == []  # merged cells, typed numbers, the SUM and the Info sheet: nothing guessed


def test_the_pagu_comes_back_from_the_info_sheet(rkt_2024: RKT) -> None:
    with_pagu = rkt_2024.model_copy(update={"pagu": rkt_2024.total_anggaran})
    assert import_workbook(read_workbook(exported(with_pagu), "rkt.xlsx")).rkt == with_pagu


def test_export_then_import_on_the_command_line_writes_the_same_yaml(tmp_path: Path) -> None:
    (tmp_path / "rkt_2024.yaml").write_bytes(DATA.read_bytes())
    assert run_rkt("export", "rkt_2024.yaml", "-f", "xlsx", cwd=tmp_path).returncode == 0
    done = run_rkt("import", "rkt_2024.xlsx", "-o", "back.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "rkt_2024.xlsx: 2 program, 9 sasaran, 40 indikator, total Rp 23.142.485.000; 0 warnings" in done.stderr
    assert check_file(tmp_path / "back.yaml").model == check_file(DATA).model
    body = [line for line in (tmp_path / "back.yaml").read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    assert body == [line for line in DATA.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]


def test_the_csv_export_gives_back_the_table_but_not_the_office(tmp_path: Path, rkt_2024: RKT) -> None:
    """The CSV has a row per indikator and nothing else: instansi, unit, intro and signers are
    not in it and come back as placeholders; the year is the one the table names most."""
    path = tmp_path / "rkt_2024.csv"
    path.write_text(render_csv(rkt_2024), encoding="utf-8", newline="")
    result = import_csv(path, "rkt_2024.csv")
    assert result.rkt.program == rkt_2024.program
    assert (result.rkt.instansi, result.rkt.unit, result.rkt.tahun) == (PLACEHOLDER, PLACEHOLDER, 2024)
    assert result.placeholders == ["instansi", "unit", "penandatangan[0].jabatan", "penandatangan[0].nama"]
    # The anggaran repeated on each row of a sasaran is counted once, with the warning at its cell.
    assert (
        "rkt_2024.csv:3:5: warning[RKT310] program[0].sasaran[0].anggaran: "
        "anggaran repeated on every indikator row of this sasaran, counted once"
    ) in messages(result.diagnostics)


def shown_by_the_sheet(rkt: RKT) -> tuple[object, ...]:
    """What the exported sheet shows of a document (see the module doc)."""
    rows = [
        (
            at.program.nama if at.program is not None else None,
            at.sasaran.nama,
            None if (at.sasaran.kode or "").startswith(PLACEHOLDER) else at.sasaran.kode,
            at.sasaran.anggaran,
            at.indikator.uraian,
            at.indikator.target,
            at.indikator.effective_satuan,
            at.indikator.kegiatan,
            at.pelaksana,
        )
        for at in walk_indikator(rkt)
    ]
    signers = [
        (s.jabatan, s.nama, s.nip, s.tempat, s.tanggal, s.plt, s.plh)
        for s in rkt.penandatangan
        if s.jabatan != PLACEHOLDER
    ]
    return rkt.instansi, rkt.unit, rkt.tahun, rkt.pengantar, rows, signers


# Each example exports and imports in process (a few hundredths of a second): a handful is enough
# next to the DOCX round trips, which share the walker.
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(original=rkt_documents(with_satuan=True))
def test_export_then_import_random_documents(original: RKT) -> None:
    result = import_workbook(read_workbook(exported(original), "rkt.xlsx"))
    assert result.rkt == canonical(original)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(original=sakip_documents())
def test_export_then_import_documents_of_every_shape(original: RKT) -> None:
    result = import_workbook(read_workbook(exported(original), "rkt.xlsx"))
    assert shown_by_the_sheet(result.rkt) == shown_by_the_sheet(original)
    assert (result.rkt.program is None) == (original.program is None)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(original=sakip_documents())
def test_csv_export_then_import_gives_back_the_table(original: RKT, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("csv") / "rkt.csv"
    path.write_text(render_csv(original), encoding="utf-8", newline="")
    result = import_csv(path)
    assert shown_by_the_sheet(result.rkt)[4] == shown_by_the_sheet(original)[4]
    kept = {key: [i.tambahan.get(key) for _, i in _indikator(result.rkt)] for key in result.rkt.kolom_tambahan}
    assert kept == {key: [i.tambahan.get(key) for _, i in _indikator(original)] for key in original.kolom_tambahan}
    assert [i.keterangan for _, i in _indikator(result.rkt)] == [i.keterangan for _, i in _indikator(original)]


def _indikator(rkt: RKT) -> list[tuple[int, Indikator]]:
    return [(at.number, at.indikator) for at in walk_indikator(rkt)]


_TEMPLATE: list[Template] = []


def _default() -> Template:
    if not _TEMPLATE:
        _TEMPLATE.append(load_template(None))
    return _TEMPLATE[0]


# --- hand-made workbooks -----------------------------------------------------------------------


def office_workbook() -> openpyxl.Workbook:
    """An RKT as an office types it in Excel: key-value lines above, values repeated instead of
    merged, rupiah as text, a number stored as text, a hidden working column, notes on sheet 2."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RKT"
    ws.append(["RENCANA KINERJA TAHUNAN"])
    ws.append(["Unit Organisasi", ":", "Sekretariat KPU Kota Prabumulih"])
    ws.append(["Instansi", ":", "Komisi Pemilihan Umum Kota Prabumulih"])
    ws.append(["Tahun Anggaran", ":", 2024])
    ws.append([])
    ws.append(["No", "Sasaran", "Indikator", "Target", "Anggaran", "catatan internal", "Pelaksana"])
    ws.append([1, "Perencanaan Program (6709)", "Persentase dokumen", "95", "Rp 822.654.000", "cek", "Rendatin"])
    ws.append([1, "Perencanaan Program (6709)", "Persentase fasilitasi", 90.0, "Rp 822.654.000", "", "Rendatin"])
    ws.append([2, "Pembentukan Badan Adhoc (6867)", "Persentase badan adhoc", 87.5, 12_406_404_000, "", "Hukum"])
    ws.append(["Jumlah", None, None, None, "=SUM(E7:E9)"])
    ws.append([])
    ws.append([None, None, None, "Prabumulih, 25 Januari 2024"])
    ws.append([None, None, None, "SEKRETARIS,"])
    ws.append([None, None, None, "YASRIN ABIDIN"])
    ws.column_dimensions["F"].hidden = True
    notes = wb.create_sheet("Catatan")
    notes["A1"] = "Anggaran dari DIPA revisi 2; Sasaran, Indikator dan Target dicek ulang"
    return wb


def test_a_hand_made_workbook_reads_as_its_docx_would() -> None:
    result = import_workbook(read_workbook(saved(office_workbook()), "rkt.xlsx"))
    rkt = result.rkt
    assert (rkt.instansi, rkt.unit, rkt.tahun) == (
        "Komisi Pemilihan Umum Kota Prabumulih",
        "Sekretariat KPU Kota Prabumulih",
        2024,
    )
    assert rkt.sasaran is not None and rkt.program is None
    first, second = rkt.sasaran
    assert (first.nama, first.kode, first.anggaran, first.pelaksana) == (
        "Perencanaan Program",
        "6709",
        822_654_000,
        "Rendatin",
    )
    assert [(i.uraian, i.target) for i in first.indikator] == [
        ("Persentase dokumen", 95),
        ("Persentase fasilitasi", 90),
    ]
    assert (second.anggaran, second.indikator[0].target) == (12_406_404_000, 87.5)
    assert type(second.anggaran) is int and type(first.indikator[1].target) is int
    assert rkt.kolom_tambahan == {}  # the hidden column is not read
    assert [(s.jabatan, s.nama, s.tempat) for s in rkt.penandatangan] == [("SEKRETARIS", "YASRIN ABIDIN", "Prabumulih")]
    assert messages(result.diagnostics) == [
        "rkt.xlsx:RKT!F6: warning[RKT321] hidden column(s) F not read; unhide them to import them",
        "rkt.xlsx:RKT!E8: warning[RKT310] sasaran[0].anggaran: "
        "anggaran repeated on every indikator row of this sasaran, counted once",
    ]


def test_merged_cells_are_read_as_vertical_merges() -> None:
    wb = office_workbook()
    ws = wb.active
    ws["A8"] = ws["B8"] = ws["E8"] = None
    for column in "ABE":
        ws.merge_cells(f"{column}7:{column}8")
    result = import_workbook(read_workbook(saved(wb), "rkt.xlsx"))
    assert result.rkt.sasaran is not None
    assert [len(s.indikator) for s in result.rkt.sasaran] == [2, 1]
    assert result.rkt.sasaran[0].anggaran == 822_654_000
    assert [d.code for d in result.diagnostics] == ["RKT321"]  # no repeat to count once


def test_the_saved_value_of_the_jumlah_sum_is_checked_against_the_rows() -> None:
    wb = office_workbook()
    raw = saved(wb)
    from tests.test_xlsx_reader import _with_saved_value

    book = read_workbook(_with_saved_value(raw, "E10", "13229058001"), "rkt.xlsx")
    result = import_workbook(book)
    assert (
        "rkt.xlsx:RKT!E10: warning[RKT314] pagu: the table's Jumlah says 13229058001 but the sasaran add up to "
        "13229058000"
    ) in messages(result.diagnostics)
    right = import_workbook(read_workbook(_with_saved_value(raw, "E10", "13229058000"), "rkt.xlsx"))
    assert not [d for d in right.diagnostics if d.code == "RKT314"]


def test_an_anggaran_with_cents_and_a_formula_without_a_saved_value_are_errors_at_their_cells() -> None:
    wb = office_workbook()
    ws = wb.active
    ws["E9"] = 12_406_404_000.5
    ws["D7"] = "=90+5"
    with pytest.raises(CellErrors) as caught:
        import_workbook(read_workbook(saved(wb), "rkt.xlsx"))
    assert messages(caught.value.diagnostics) == [
        "rkt.xlsx:RKT!D7: error[RKT323] a formula (=90+5) without a saved value: type the value, or open and "
        "save the workbook in Excel or LibreOffice so that it saves one",
        "rkt.xlsx:RKT!E9: error[RKT322] anggaran 12406404000.5 has cents; anggaran is whole rupiah "
        "(write 12406404000 or 12406404001)",
    ]


def test_a_target_in_a_percent_format_is_read_as_it_shows() -> None:
    wb = office_workbook()
    ws = wb.active
    ws["D7"], ws["D9"] = 0.95, 0.875
    ws["D7"].number_format = ws["D9"].number_format = "0.0%"
    result = import_workbook(read_workbook(saved(wb), "rkt.xlsx"))
    assert result.rkt.sasaran is not None
    assert [i.target for s in result.rkt.sasaran for i in s.indikator] == [95, 90, 87.5]


def test_hidden_rows_are_not_read_and_said_so() -> None:
    wb = office_workbook()
    wb.active.row_dimensions[8].hidden = True
    result = import_workbook(read_workbook(saved(wb), "rkt.xlsx"))
    assert result.rkt.sasaran is not None
    assert [len(s.indikator) for s in result.rkt.sasaran] == [1, 1]
    assert "rkt.xlsx:RKT!A8: warning[RKT321] hidden row(s) 8 not read; unhide them to import them" in messages(
        result.diagnostics
    )


def test_a_sheet_too_wide_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from rkt_cli.importer import sheet_cells

    monkeypatch.setattr(sheet_cells, "MAX_GRID_CELLS", 50)
    with pytest.raises(DocxImportError, match=r"^rkt.xlsx: the sheet 'RKT' spans 12 rows by 6 columns, more than"):
        import_workbook(read_workbook(saved(office_workbook()), "rkt.xlsx"))


def test_the_sheet_is_the_first_with_an_rkt_table_or_the_one_named() -> None:
    wb = office_workbook()
    wb.move_sheet("Catatan", offset=-1)  # the notes first: passed over
    book = read_workbook(saved(wb), "rkt.xlsx")
    assert import_workbook(book).rkt.unit == "Sekretariat KPU Kota Prabumulih"
    with pytest.raises(DocxImportError, match=r"^rkt.xlsx: no RKT table found: the sheet 'Catatan' has no header"):
        import_workbook(book, "Catatan")
    with pytest.raises(DocxImportError, match=r"^rkt.xlsx: no sheet 'Lain'; its sheets: 'Catatan', 'RKT'$"):
        import_workbook(book, "Lain")


# --- the command line ----------------------------------------------------------------------------


def test_a_workbook_without_an_rkt_table_is_one_line_and_exit_1(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Catatan rapat"
    (tmp_path / "notes.xlsx").write_bytes(saved(wb))
    done = run_rkt("import", "notes.xlsx", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "rkt: error: notes.xlsx: no RKT table found: its only sheet has no header row with the words Sasaran, "
        "Indikator and Target"
    ]
    assert done.stdout == ""


def test_cell_errors_on_the_command_line_write_nothing(tmp_path: Path) -> None:
    wb = office_workbook()
    wb.active["E9"] = 1.25
    (tmp_path / "rkt.xlsx").write_bytes(saved(wb))
    done = run_rkt("import", "rkt.xlsx", "-o", "out.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "rkt.xlsx:RKT!E9: error[RKT322] anggaran 1.25 has cents" in done.stderr
    assert "rkt.xlsx: 1 error; nothing written" in done.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_sheet_option_and_a_csv_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "rkt.xlsx").write_bytes(saved(office_workbook()))
    done = run_rkt("import", "rkt.xlsx", "--sheet", "RKT", "-o", "rkt.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "rkt.xlsx:RKT!E8: warning[RKT310]" in done.stderr
    assert run_rkt("validate", "rkt.yaml", cwd=tmp_path).returncode == 0
    missing = run_rkt("import", "rkt.xlsx", "--sheet", "Lain", cwd=tmp_path)
    assert (missing.returncode, missing.stderr.splitlines()) == (
        1,
        ["rkt: error: rkt.xlsx: no sheet 'Lain'; its sheets: 'RKT', 'Catatan'"],
    )
    (tmp_path / "rkt.csv").write_text(
        "No;Sasaran;Indikator;Target;Anggaran\n1;Perencanaan (6709);Persentase dokumen;95;822.654.000\n"
        "1;Perencanaan (6709);Persentase fasilitasi;90;822.654.000\n",
        encoding="utf-8",
    )
    done = run_rkt("import", "rkt.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "anggaran: 822654000\n" in done.stdout
    assert "rkt.csv:3:5: warning[RKT310] sasaran[0].anggaran: anggaran repeated" in done.stderr
    refused = run_rkt("import", "rkt.csv", "--sheet", "x", cwd=tmp_path)
    assert (refused.returncode, refused.stderr.strip()) == (
        2,
        "rkt: error: --sheet names a sheet of a workbook; a CSV has none",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an old Excel 97-2003 (.xls) workbook; save it as .xlsx"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600),
            "the workbook is password-protected",
        ),
        (b"PK\x03\x04 truncated", "a corrupt workbook"),
    ],
)
def test_bad_workbooks_are_one_line_and_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "in.xlsx").write_bytes(content)
    done = run_rkt("import", "in.xlsx", "-o", "out.yaml", cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"rkt: error: in.xlsx: {message}")
    assert not (tmp_path / "out.yaml").exists()


def test_a_zip_bomb_is_refused_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from rkt_cli import xlsx_reader

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 2**20))
    (tmp_path / "bomb.xlsx").write_bytes(out.getvalue())
    monkeypatch.setattr(xlsx_reader, "MAX_EXPANDED_BYTES", 4 * 2**20)
    done = run_rkt("import", "bomb.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("rkt: error: bomb.xlsx: the workbook would expand to 8 MiB") and "zip bomb" in line
