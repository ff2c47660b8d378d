"""`rkt export -f xlsx --template T` with the template language's header groups (kolom `grup:`),
group rows (`tabel.baris_grup`), numbering row (`baris_nomor`) and parts (`bagian:`).

A header group is one merged cell over its columns, a column of no group one header cell merged
over both header rows (as the DOCX draws them); a group row is one bold merged cell across the
table, on a sheet row of its own; the numbering row is the template's. The SUM of the Jumlah row
and the rupiah format stay what they were, and so does the whole workbook of a template without
any of these: its sha256 is pinned here, as computed from main before this change.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rkt_cli.checking import check_file
from rkt_cli.layout import build_layout
from rkt_cli.model import RKT
from rkt_cli.render.xlsx import RUPIAH_FORMAT, ExportInfo, render_xlsx
from rkt_cli.templating import load_template
from rkt_cli.walk import walk_indikator
from tests.cli_support import run_rkt
from tests.libreoffice import Documents, LibreOffice, source
from tests.test_export_xlsx import VALUES, libreoffice_csv, read_csv

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
REALISASI = ROOT / "data" / "realisasi_2024.yaml"
COLUMNS = ROOT / "tests" / "data" / "columns"
INFO = ExportInfo(source="rkt_2024.yaml", version="0.1.0")
TOTAL = 23_142_485_000

# `rkt export data/rkt_2024.yaml [--template T] -o OUT.xlsx` (no SOURCE_DATE_EPOCH: the signing
# date dates it) as main wrote it before header groups and group rows reached the workbook
# (commit ba67eef). The Info sheet names rkt's version: a new version moves these pins, after a
# cell-by-cell comparison of the old and new workbooks (openpyxl reading both) shows nothing else moved.
PINNED_SHA256 = {
    None: "1de9986bd5379fbe0fcb77386608fa1a4bdd7813f2f3f08db51789f65f51ce1a",
    "rkt-sederhana": "86789570a13b9adcf53620f367bd05f42fdd023b9c9f6f39e7d216b7ba5e3db2",
}


def _load(path: Path = DATA) -> RKT:
    model = check_file(path).model
    assert model is not None
    return model


def _sheet(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def _merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _grouped_template(folder: Path) -> Path:
    """The default template with "Rencana" over Kegiatan and Anggaran and a row per program."""
    shutil.copytree(ROOT / "templates" / "default", folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    for isi in ("kegiatan", "anggaran"):
        start = text.index(f"{{isi: {isi},")
        end = text.index("}", start)
        text = text[:end] + ", grup: Rencana" + text[end:]
    marker = "  kolom:\n"
    grup = '  baris_grup:\n    - {per: program, teks: "PROGRAM {{ nomor_program }}: {{ program }}"}\n'
    spec.write_text(text.replace(marker, grup + marker, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("template", [None, "rkt-sederhana"])
def test_a_template_without_groups_gives_mains_workbook_byte_for_byte(tmp_path: Path, template: str | None) -> None:
    out = tmp_path / "rkt_2024.xlsx"
    args: list[str | Path] = ["export", DATA, "-o", out]
    if template is not None:
        args += ["--template", template]
    result = run_rkt(*args, env={"SOURCE_DATE_EPOCH": None})
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == PINNED_SHA256[template]


@cache
def _grouped() -> tuple[RKT, bytes]:
    rkt = _load()
    with tempfile.TemporaryDirectory(prefix="rkt-grouped-") as folder:
        template = load_template(_grouped_template(Path(folder) / "grouped"))
        return rkt, render_xlsx(build_layout(rkt, template, paged=False), rkt, INFO)


@source(VALUES)
def documents() -> Documents:
    return [("rkt_2024", _grouped()[1])]


@pytest.fixture(scope="module")
def grouped() -> tuple[RKT, bytes]:
    return _grouped()


def test_a_header_group_is_one_cell_over_its_columns_and_the_others_span_both_rows(grouped: tuple[RKT, bytes]) -> None:
    _, data = grouped
    ws = _sheet(data)
    top = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "No")
    assert [ws.cell(row=top, column=c).value for c in range(1, 9)] == [
        "No", "Program", "Sasaran strategis", "Indikator Kinerja strategis", "Target", "Rencana", None, "Pelaksana",
    ]  # fmt: skip
    assert [ws.cell(row=top + 1, column=c).value for c in (6, 7)] == ["Kegiatan", "Anggaran"]
    assert f"F{top}:G{top}" in _merged(ws)
    assert {f"{c}{top}:{c}{top + 1}" for c in "ABCDEH"} <= _merged(ws)
    # The numbering row is the template's (baris_nomor: true), under both header rows.
    assert [ws.cell(row=top + 2, column=c).value for c in range(1, 9)] == [str(i) for i in range(1, 9)]
    anchors = [ws.cell(row=top, column=c) for c in range(1, 9) if c != 7]  # G is under the merged F:G
    assert all(cell.font.b and cell.fill.fgColor.rgb.endswith("D9D9D9") for cell in anchors)
    assert ws.print_title_rows == f"${top}:${top + 2}"
    assert ws.freeze_panes == f"A{top + 3}"


def test_group_rows_are_bold_merged_rows_of_their_own(grouped: tuple[RKT, bytes]) -> None:
    rkt, data = grouped
    ws = _sheet(data)
    assert rkt.program is not None
    group_rows = [r for r in range(1, ws.max_row + 1) if str(ws.cell(row=r, column=1).value).startswith("PROGRAM ")]
    assert [ws.cell(row=r, column=1).value for r in group_rows] == [
        f"PROGRAM {n}: {p.nama}" for n, p in enumerate(rkt.program, start=1)
    ]
    for r in group_rows:
        assert f"A{r}:H{r}" in _merged(ws)
        assert ws.cell(row=r, column=1).font.b
        assert all(ws.cell(row=r, column=c).value is None for c in range(2, 9))
    # Every indikator is still there, in order, one row each, between the group rows.
    uraian = [
        ws.cell(row=r, column=4).value
        for r in range(group_rows[0], ws.max_row + 1)
        if r not in group_rows and ws.cell(row=r, column=4).value
    ]
    assert uraian == [at.indikator.uraian for at in walk_indikator(rkt)]
    # No merged cell of a sasaran crosses a group row.
    for cell_range in ws.merged_cells.ranges:
        if cell_range.min_col == cell_range.max_col:
            assert not any(cell_range.min_row <= r <= cell_range.max_row for r in group_rows)


def test_the_jumlah_sum_and_the_rupiah_format_are_unchanged_by_groups(grouped: tuple[RKT, bytes]) -> None:
    _, data = grouped
    ws = _sheet(data)
    jumlah = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Jumlah")
    first_data = next(r for r in range(1, jumlah) if str(ws.cell(row=r, column=1).value).startswith("PROGRAM "))
    total = ws.cell(row=jumlah, column=7)
    assert total.value == f"=SUM(G{first_data}:G{jumlah - 1})"
    assert total.number_format == RUPIAH_FORMAT
    amounts = [ws.cell(row=r, column=7) for r in range(first_data, jumlah) if ws.cell(row=r, column=7).value]
    assert all(isinstance(c.value, int) and c.number_format == RUPIAH_FORMAT for c in amounts)
    assert sum(c.value for c in amounts) == TOTAL


def test_libreoffice_opens_the_grouped_sheet_and_sums_it_to_the_total(
    libreoffice: LibreOffice, grouped: tuple[RKT, bytes]
) -> None:
    """The one LibreOffice conversion of these tests: the merged ranges are sound (Calc opens
    the file) and the SUM over rows with group rows between them recomputes to the total."""
    rkt, data = grouped
    out = libreoffice_csv(libreoffice, [("rkt_2024", data)], VALUES)
    rows = read_csv(out / "rkt_2024-RKT 2024.csv")
    assert next(row for row in rows if row[0] == "Jumlah")[6] == str(TOTAL)
    assert [row[0] for row in rows if row[0].startswith("PROGRAM ")] == [
        f"PROGRAM {n}: {p.nama}" for n, p in enumerate(rkt.program or [], start=1)
    ]


def test_the_test_template_of_the_column_features_keeps_its_kurung_numbering() -> None:
    rkt = _load(COLUMNS / "groups.yaml")
    data = render_xlsx(build_layout(rkt, load_template(COLUMNS / "groups"), paged=False), rkt, INFO)
    ws = _sheet(data)
    top = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "No")
    assert [ws.cell(row=top, column=c).value for c in range(1, 7)] == [
        "No",
        "Kode",
        "Indikator",
        "Target",
        None,
        "Urut",
    ]
    assert [ws.cell(row=top + 1, column=c).value for c in (4, 5)] == ["Angka", "Satuan"]
    assert [ws.cell(row=top + 2, column=c).value for c in range(1, 7)] == [f"({i})" for i in range(1, 7)]
    texts = [ws.cell(row=r, column=1).value for r in range(top + 3, ws.max_row + 1)]
    assert "PROGRAM 1: PROGRAM SATU" in texts and "KEGIATAN 3355 Sasaran Pertama (Rp 1.500.000)" in texts
    kegiatan = texts.index("KEGIATAN 3355 Sasaran Pertama (Rp 1.500.000)") + top + 3
    assert not ws.cell(row=kegiatan, column=1).font.b  # tebal: false in the template


def test_rkt_export_takes_the_realisasi_of_a_capaian_template(tmp_path: Path) -> None:
    out = tmp_path / "rencana_aksi.xlsx"
    result = run_rkt("export", DATA, "--template", "rencana-aksi", "--realisasi", REALISASI, "-o", out)
    assert result.returncode == 0, result.stderr
    ws = _sheet(out.read_bytes())
    # The title of the template's title part; then Target and Realisasi over their TW I … TW IV.
    assert ws["A1"].value == "RENCANA AKSI DAN REALISASI KINERJA TAHUN 2024"
    top = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "No")
    assert {f"E{top}:H{top}", f"I{top}:L{top}", f"A{top}:A{top + 1}"} <= _merged(ws)
    assert [ws.cell(row=top + 1, column=c).value for c in range(5, 13)] == ["TW I", "TW II", "TW III", "TW IV"] * 2
    assert ws.cell(row=top + 2, column=3).value == next(walk_indikator(_load())).indikator.uraian  # no numbering row


def test_rkt_export_of_a_capaian_template_without_realisasi_says_which_option(tmp_path: Path) -> None:
    out = tmp_path / "lkj.xlsx"
    result = run_rkt("export", DATA, "--template", "lkj", "-o", out)
    assert result.returncode == 2
    assert result.stderr.startswith("rkt: error: template lkj shows realisasi and capaian: give the realisasi file")
    assert not out.exists()


def test_a_pk_sheet_is_titled_by_its_lampiran_not_its_statement_page(tmp_path: Path) -> None:
    out = tmp_path / "pk.xlsx"
    assert run_rkt("export", DATA, "--template", "pk", "-o", out).returncode == 0
    ws = _sheet(out.read_bytes())
    assert [ws.cell(row=r, column=1).value for r in range(1, 5)] == [
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024",
        "SEKRETARIAT KPU KOTA PRABUMULIH",
        None,
        "No",
    ]


def test_a_pk_sheet_ends_with_its_program_table_summed_before_the_signature(tmp_path: Path) -> None:
    out = tmp_path / "pk.xlsx"
    assert run_rkt("export", DATA, "--template", "pk", "-o", out).returncode == 0
    ws = _sheet(out.read_bytes())
    rkt = _load()
    assert rkt.program is not None
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Program")
    assert [ws.cell(row=header, column=c).value for c in (1, 2, 3)] == ["No", "Program", "Anggaran"]
    rows = range(header + 1, header + 1 + len(rkt.program))
    assert [[ws.cell(row=r, column=c).value for c in (1, 2, 3)] for r in rows] == [
        [n, p.nama, p.anggaran] for n, p in enumerate(rkt.program, start=1)
    ]
    total = header + 1 + len(rkt.program)
    assert ws.cell(row=total, column=1).value == "Jumlah" and f"A{total}:B{total}" in _merged(ws)
    assert ws.cell(row=total, column=3).value == f"=SUM(C{header + 1}:C{total - 1})"
    # The awalan "Rp " of the template stays in front of the number, as a format, not as text.
    assert {ws.cell(row=r, column=3).number_format for r in [*rows, total]} == {'"Rp "#,##0'}
    assert sum(p.anggaran for p in rkt.program) == TOTAL
    signer = next(
        r for r in range(total + 1, ws.max_row + 1) if any(ws.cell(row=r, column=c).value for c in (1, 2, 3, 4))
    )
    assert signer > total + 1  # a row of space, then the signature below the program table


def test_an_lkj_sheet_shows_the_serapan_table_of_the_realisasi_report(tmp_path: Path) -> None:
    out = tmp_path / "lkj.xlsx"
    assert run_rkt("export", DATA, "--template", "lkj", "--realisasi", REALISASI, "-o", out).returncode == 0
    ws = _sheet(out.read_bytes())
    label = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "B. Realisasi Anggaran")
    assert [ws.cell(row=label + 1, column=c).value for c in range(1, 6)] == [
        "No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "Serapan",
    ]  # fmt: skip
    total = [ws.cell(row=label + 4, column=c).value for c in range(1, 6)]
    assert total == ["Jumlah", None, "23.142.485.000", "21.579.047.000", "93,24%"]  # the report's own texts
