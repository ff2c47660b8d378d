"""The realisasi entry workbook and CSV (rkt_cli.realisasi_workbook, realisasi_csv, lembar,
realisasi_writer) in process: what the sheet locks and validates, what reading a filled sheet
reports at which cell, and the round trips that must give the same YAML byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from rkt_cli.checking import check_loaded
from rkt_cli.lembar import Lembar, anggaran_rows, lembar_rows, pengaturan_of
from rkt_cli.loader import load_yaml_bytes, load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.realisasi import Checked, RealisasiFile, RktSource, check_realisasi
from rkt_cli.realisasi_csv import read_lembar_csv, render_lembar_csv
from rkt_cli.realisasi_workbook import MARKER, Meta, build_workbook
from rkt_cli.realisasi_workbook_reader import read_lembar
from rkt_cli.realisasi_writer import dump_realisasi
from rkt_cli.xlsx_reader import ReadFailure, WorkbookError, read_workbook

ROOT = Path(__file__).parent.parent
RKT_FILE = ROOT / "data" / "rkt_2024.yaml"
REALISASI_FILE = ROOT / "data" / "realisasi_2024.yaml"
WHEN = dt.datetime(2024, 1, 1)


@pytest.fixture(scope="module")
def source() -> RktSource:
    loaded = load_yaml_file(RKT_FILE, "rkt_2024.yaml")
    model = check_loaded(loaded).model
    assert model is not None
    return RktSource(model, "rkt_2024.yaml", loaded.source_map, RKT_FILE)


@pytest.fixture(scope="module")
def prefill() -> RealisasiFile:
    loaded = load_yaml_file(REALISASI_FILE)
    return RealisasiFile.model_validate(loaded.data)


def export(rkt: RKT, prefill: RealisasiFile | None = None, target_tw: bool = False) -> bytes:
    lembar = Lembar("rkt_2024.yaml", rkt.tahun, pengaturan_of(prefill))
    meta = Meta(lembar.rkt, lembar.tahun, "rkt_2024.yaml", lembar.pengaturan)
    rows, anggaran = lembar_rows(rkt, prefill), anggaran_rows(rkt, prefill)
    return build_workbook("Lembar realisasi RKT 2024", meta, rows, anggaran, target_tw, WHEN)


def imported(raw: bytes, name: str = "lembar.xlsx") -> tuple[str, list[str]]:
    lembar, diagnostics = read_lembar(read_workbook(raw, name))
    return dump_realisasi(lembar), [f"{d.file}: {d.severity.value}[{d.code}] {d.message}" for d in diagnostics]


def edited(raw: bytes, values: dict[str, object], sheet: str = "Realisasi") -> bytes:
    """The workbook with cells typed in, as a user saving it would leave it."""
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    for address, value in values.items():
        wb[sheet][address] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def capaian(source: RktSource, text: str) -> Checked:
    return check_realisasi(source, load_yaml_bytes(text.encode(), "realisasi.yaml"))


def test_the_sheet_locks_what_the_rkt_says_and_validates_the_quarters(source: RktSource) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export(source.model)))
    assert wb.sheetnames == ["Realisasi", "Anggaran", "rkt"]
    assert wb["rkt"].sheet_state == "veryHidden" and wb["rkt"]["A1"].value == MARKER
    ws = wb["Realisasi"]
    assert ws["A2"].value == "Berkas RKT: rkt_2024.yaml"
    assert [c.value for c in ws[5]] == [
        "No", "Alamat", "ID", "Sasaran", "Indikator", "Satuan", "Target",
        "TW I", "TW II", "TW III", "TW IV", "Penghambat", "Upaya",
    ]  # fmt: skip
    assert [c.value for c in ws[6]][:7] == [
        1,
        "6709.1",
        None,
        "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu",
        "Persentase KPU Kota Prabumulih yang mampu memfasilitasi pengelolaan perencanaan program dan anggaran Pemilu",
        "%",
        95,
    ]
    assert ws.max_row == 5 + 40
    assert ws.protection.sheet and not ws.protection.password
    assert all(ws.cell(6, c).protection.locked for c in range(1, 8))
    assert not any(ws.cell(6, c).protection.locked for c in range(8, 14))
    (rule,) = ws.data_validations.dataValidation  # every indikator of 2024 is in %
    assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert "persen" in (rule.prompt or "") and rule.showInputMessage and rule.showErrorMessage
    assert [str(r) for r in rule.sqref.ranges] == ["H6:K45"]
    anggaran = wb["Anggaran"]
    assert [c.value for c in anggaran[6]][:4] == [1, "6709", anggaran["C6"].value, 822_654_000]
    assert anggaran.protection.sheet and not anggaran["E6"].protection.locked


def test_an_other_satuan_is_named_in_the_input_message(source: RktSource) -> None:
    rkt = source.model
    program = rkt.program[0]
    sasaran = program.sasaran[0]
    changed = sasaran.indikator[0].model_copy(update={"satuan": "Dokumen", "target": 12})
    sasaran = sasaran.model_copy(update={"indikator": [changed, *sasaran.indikator[1:]]})
    rkt = rkt.model_copy(update={"program": [program.model_copy(update={"sasaran": [sasaran]})]})
    ws = openpyxl.load_workbook(io.BytesIO(export(rkt)))["Realisasi"]
    prompts = {str(r): dv.prompt for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    assert prompts == {
        "H6:K6": "Angka dalam satuan Dokumen (mis. 12 atau 87,5), tanpa teks satuan.",
        "H7:K8": "Angka dalam persen, tanpa tanda % (mis. 95 atau 87,5).",
    }


def test_an_untouched_lembar_reads_back_as_the_same_yaml_twice(source: RktSource) -> None:
    text, diagnostics = imported(export(source.model))
    assert diagnostics == []
    assert text.splitlines()[2:] == ["rkt: rkt_2024.yaml", "tahun: 2024"]
    assert imported(export(source.model))[0] == text
    checked = capaian(source, text)
    assert checked.laporan is not None and all(b.capaian is None for s in checked.laporan.sasaran for b in s.baris)


def test_a_prefilled_lembar_gives_the_file_back_byte_for_byte_and_the_same_capaian(
    source: RktSource, prefill: RealisasiFile
) -> None:
    first, diagnostics = imported(export(source.model, prefill))
    assert diagnostics == []
    reloaded = RealisasiFile.model_validate(load_yaml_bytes(first.encode(), "r.yaml").data)
    assert imported(export(source.model, reloaded))[0] == first  # a file rkt wrote comes back unchanged
    original = check_realisasi(source, load_yaml_file(REALISASI_FILE))
    again = capaian(source, first)
    assert original.laporan is not None and again.laporan is not None
    assert again.laporan == original.laporan
    assert 'indikator: "6709.2"' in first and "penghambat: Jadwal tahapan Pemilu bergeser dari rencana awal" in first
    assert '  - sasaran: "6709"\n    tw1: 144787000\n' in first


def test_per_indikator_settings_and_a_scale_travel_in_the_hidden_sheet(source: RktSource) -> None:
    text = (
        "rkt: rkt_2024.yaml\npengaturan:\n  skala:\n    WTP: 4\n    WDP: 3\n"
        "  kategori_pita:\n    - mulai: 0\n      nama: Kurang\n    - mulai: 90\n      nama: Baik\n"
        'indikator:\n  - indikator: "6709.1"\n    arah: turun\n    rumus_turun: rasio\n    batas: 100\n    tw1: 6.5\n'
    )
    prefill = RealisasiFile.model_validate(load_yaml_bytes(text.encode(), "r.yaml").data)
    out, diagnostics = imported(export(source.model, prefill))
    assert diagnostics == []
    assert "  skala:\n    WTP: 4\n    WDP: 3\n  kategori_pita:\n    - mulai: 0\n      nama: Kurang\n" in out
    assert '  - indikator: "6709.1"\n    arah: turun\n    rumus_turun: rasio\n    batas: 100\n    tw1: 6.5\n' in out
    assert capaian(source, out).laporan == capaian(source, text).laporan


def test_numbers_typed_as_text_are_read_with_a_warning_at_their_cell(source: RktSource) -> None:
    raw = edited(
        export(source.model), {"H6": "95", "I6": " 95,5 ", "H7": 90, "J7": 87.25, "L6": 12, "M6": "Rapat ulang"}
    )
    raw = edited(raw, {"E6": "Rp 822.654.000", "F6": "1.000.000"}, "Anggaran")
    text, diagnostics = imported(raw, "x.xlsx")
    assert sorted(diagnostics) == [
        "x.xlsx:Anggaran!E6: warning[RKT601] 'Rp 822.654.000' is a number stored as text; read as 822654000",
        "x.xlsx:Anggaran!F6: warning[RKT601] '1.000.000' is a number stored as text; read as 1000000",
        "x.xlsx:Realisasi!H6: warning[RKT601] '95' is a number stored as text; read as 95",
        "x.xlsx:Realisasi!I6: warning[RKT601] '95,5' is a number stored as text; read as 95.5",
    ]
    assert '  - indikator: "6709.1"\n    tw1: 95\n    tw2: 95.5\n    penghambat: "12"\n    upaya: Rapat ulang\n' in text
    assert '  - indikator: "6709.2"\n    tw1: 90\n    tw3: 87.25\n' in text
    assert '  - sasaran: "6709"\n    tw1: 822654000\n    tw2: 1000000\n' in text


def test_a_percent_sign_text_and_a_formula_are_errors_at_their_cells(source: RktSource) -> None:
    raw = edited(export(source.model), {"H6": "95%", "I6": "sembilan", "J6": "=10+5", "E7": "-"})
    _, diagnostics = imported(raw, "x.xlsx")
    assert diagnostics == [
        "x.xlsx:Realisasi!H6: error[RKT602] '95%' is a number written with a percent sign: write 95",
        "x.xlsx:Realisasi!I6: error[RKT602] expected a number such as 95, got the text 'sembilan'",
        "x.xlsx:Realisasi!J6: error[RKT603] a formula (=10+5) without a saved value: type the number",
    ]


def test_a_text_that_looks_like_a_formula_is_a_string_cell(source: RktSource, prefill: RealisasiFile) -> None:
    entry = prefill.indikator[1].model_copy(update={"penghambat": '=HYPERLINK("http://x")', "upaya": "-"})
    changed = prefill.model_copy(update={"indikator": [prefill.indikator[0], entry]})
    raw = export(source.model, changed)
    ws = openpyxl.load_workbook(io.BytesIO(raw))["Realisasi"]
    assert (ws["P7"].value, ws["P7"].data_type) == ('=HYPERLINK("http://x")', "s")
    text, _ = imported(raw)
    assert "penghambat: =HYPERLINK(\"http://x\")\n    upaya: '-'\n" in text
    again = RealisasiFile.model_validate(load_yaml_bytes(text.encode(), "r.yaml").data)
    assert (again.indikator[1].penghambat, again.indikator[1].upaya) == ('=HYPERLINK("http://x")', "-")


def test_a_workbook_without_the_marker_is_not_read_as_a_lembar() -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["No", "Alamat", "TW I"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(WorkbookError) as caught:
        read_lembar(read_workbook(out.getvalue(), "other.xlsx"))
    assert caught.value.kind is ReadFailure.CONTENT
    assert caught.value.message.startswith("other.xlsx: not a lembar realisasi written by `rkt export")


def test_the_same_input_gives_the_same_bytes(source: RktSource, prefill: RealisasiFile) -> None:
    assert export(source.model, prefill) == export(source.model, prefill)


def test_csv_round_trip_matches_the_workbook_and_guards_formulas(
    source: RktSource, prefill: RealisasiFile, tmp_path: Path
) -> None:
    entry = prefill.indikator[1].model_copy(update={"penghambat": "=1+1", "upaya": "@SUM(A1)"})
    changed = prefill.model_copy(update={"indikator": [prefill.indikator[0], entry, *prefill.indikator[2:]]})
    lembar = Lembar("rkt_2024.yaml", 2024, pengaturan_of(changed))
    rows, anggaran = lembar_rows(source.model, changed), anggaran_rows(source.model, changed)
    text = render_lembar_csv(lembar, rows, anggaran, target_tw=False)
    assert text.startswith("\ufeffrkt lembar realisasi,1,rkt_2024.yaml,2024,")
    assert ",'=1+1,'@SUM(A1)\r\n" in text
    path = tmp_path / "lembar.csv"
    path.write_text(text, encoding="utf-8")
    from_csv, diagnostics = read_lembar_csv(path, "lembar.csv")
    assert diagnostics == []
    assert dump_realisasi(from_csv) == imported(export(source.model, changed))[0]


def test_csv_values_are_read_as_numbers_and_a_percent_is_an_error_at_line_and_column(
    source: RktSource, tmp_path: Path
) -> None:
    lembar = Lembar("rkt_2024.yaml", 2024)
    text = render_lembar_csv(lembar, lembar_rows(source.model, None), anggaran_rows(source.model, None), False)
    lines = text.split("\r\n")
    cells = lines[2].split(",")
    assert cells[:2] == ["indikator", "6709.1"]
    lines[2] = lines[2].replace(",%,95,,,,,,", ',%,95,"95,5",95%,,,,')
    path = tmp_path / "lembar.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    _, diagnostics = read_lembar_csv(path, "lembar.csv")
    assert [(d.line, d.col, d.message) for d in diagnostics] == [
        (3, 9, "'95%' is a number written with a percent sign: write 95")
    ]


def test_a_csv_without_the_marker_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rkt.csv"
    path.write_text("no,program\r\n1,x\r\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"^rkt.csv: not a lembar realisasi"):
        read_lembar_csv(path, "rkt.csv")


def test_a_csv_saved_with_semicolons_by_an_indonesian_excel_is_read(source: RktSource, tmp_path: Path) -> None:
    import csv

    lembar = Lembar("rkt_2024.yaml", 2024)
    text = render_lembar_csv(lembar, lembar_rows(source.model, None), anggaran_rows(source.model, None), False)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    rows[2][7] = "95,5"  # tw1 of 6709.1, with the decimal comma
    path = tmp_path / "excel.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";", lineterminator="\r\n").writerows(rows)
    read, diagnostics = read_lembar_csv(path, "excel.csv")
    assert diagnostics == []
    assert read.indikator[0].tw == {1: 95.5} and len(read.indikator) == 40


def test_settings_of_a_thousand_indikator_pass_the_cell_limit() -> None:
    from benchmarks.generate import build_rkt

    rkt = build_rkt(1200)
    rows = [
        dataclasses.replace(row, entri=dataclasses.replace(row.entri, cara={"arah": "turun", "rumus_turun": "rasio"}))
        for row in lembar_rows(rkt, None)
    ]
    meta = Meta("big.yaml", rkt.tahun, "big.yaml")
    raw = build_workbook("t", meta, rows, [], False, WHEN)  # as one JSON text: 80,000 characters in a cell
    lembar, diagnostics = read_lembar(read_workbook(raw, "big.xlsx"))
    assert diagnostics == []
    assert [e.cara for e in lembar.indikator] == [r.entri.cara for r in rows]
