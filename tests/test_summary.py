"""Summary views and their texts (rkt_cli/summary.py) and the console table that fits the terminal
(rkt_cli/render/console_summary.py), tested as a library, without the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from rkt_cli.checking import check_file, check_text
from rkt_cli.formatting import TERBILANG_MAX, format_number
from rkt_cli.render.console_summary import (
    MAX_WRAPPED_LINES,
    column_widths,
    render_plain,
    shorten,
    shorten_path,
    unit_lines,
)
from rkt_cli.summary import By, Summary, build_summary, to_csv, to_json, to_markdown
from rkt_cli.totals import DocumentTotals, ProgramTotal, document_totals

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
SUMMARY_DATA = Path(__file__).parent / "data" / "summary"
TOTAL = 23_142_485_000


def load(path: Path) -> DocumentTotals:
    checked = check_file(path, str(path.relative_to(ROOT)))
    assert checked.model is not None
    return document_totals(checked.model, checked.file)


@pytest.fixture(scope="module")
def reference() -> DocumentTotals:
    return load(DATA)


def item_sum(summary: Summary, key: str = "anggaran") -> int:
    return sum(
        int(row.values[key] or 0)  # type: ignore[call-overload]
        for section in summary.sections
        for row in section.rows
        if row.kind in ("item", "shared")
    )


@pytest.mark.parametrize("by", [By.SASARAN, By.PROGRAM, By.PELAKSANA, By.FILE])
def test_every_view_adds_up_to_the_grand_total(reference: DocumentTotals, by: By) -> None:
    summary = build_summary([reference], by)
    assert summary.total == TOTAL
    assert item_sum(summary) == TOTAL
    (section,) = summary.sections
    assert section.rows[-1].kind == "total"
    assert section.rows[-1].values["anggaran"] == TOTAL


def test_sasaran_view_has_program_subtotals(reference: DocumentTotals) -> None:
    rows = build_summary([reference]).sections[0].rows
    programs = [(r.values["nama"], r.values["anggaran"]) for r in rows if r.kind == "program"]
    assert programs == [
        ("Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", 17_632_649_000),
        ("Program Dukungan Manajemen", 5_509_836_000),
    ]
    assert [r.values["kode"] for r in rows if r.kind == "item"] == [
        "6709", "6867", "6870", "6871", "6872", "6981", "6982", "3355", "3360",
    ]  # fmt: skip


def test_pelaksana_view_shows_shared_sasaran_once_and_says_why_a_column_does_not_add_up(
    reference: DocumentTotals,
) -> None:
    section = build_summary([reference], By.PELAKSANA).sections[0]
    shared = [r for r in section.rows if r.kind == "shared"]
    assert [r.values["kode"] for r in shared] == ["6709", "3360"]
    items = [r for r in section.rows if r.kind == "item"]
    assert sum(int(r.values["indikator"]) for r in items) == 40  # type: ignore[arg-type]
    # The "bersama" column counts a shared sasaran once per unit: 4 for 2 shared sasaran.
    assert sum(int(r.values["bersama"]) for r in items) == 4  # type: ignore[arg-type]
    assert "tidak dijumlahkan" in section.notes[0]


def test_shares_add_up_to_about_one_hundred(reference: DocumentTotals) -> None:
    section = build_summary([reference], By.PROGRAM).sections[0]
    shares = [float(r.values["persen"] or 0) for r in section.rows if r.kind == "item"]  # type: ignore[arg-type]
    assert shares == [76.19, 23.81]


def test_several_files_roll_up_with_a_row_per_file() -> None:
    a = load(SUMMARY_DATA / "provinsi" / "kota_a_2024.yaml")
    b = load(SUMMARY_DATA / "provinsi" / "kabupaten_b_2024.yaml")
    summary = build_summary([a, b])
    assert summary.by is By.FILE
    (section,) = summary.sections
    assert [r.values["anggaran"] for r in section.rows] == [1_500_000_000, 250_000_000, 1_750_000_000]
    assert summary.pagu is None
    assert any("pagu" in note for note in section.notes)  # only one of the two declares a pagu
    detailed = build_summary([a, b], By.PROGRAM)
    assert [s.file for s in detailed.sections] == [a.file, b.file, None]
    assert item_sum(detailed) == 2 * summary.total  # each file's rows, then the roll-up's rows


def test_json_carries_plain_integers(reference: DocumentTotals) -> None:
    data = json.loads(to_json(build_summary([reference], By.PROGRAM)))
    assert data["total"] == TOTAL and isinstance(data["total"], int)
    rows = data["sections"][0]["rows"]
    assert [(r["nama"], r["anggaran"]) for r in rows if r["kind"] == "item"] == [
        ("Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", 17_632_649_000),
        ("Program Dukungan Manajemen", 5_509_836_000),
    ]
    assert data["terbilang"].endswith("delapan puluh lima ribu rupiah")
    assert data["pagu"] is None and data["selisih"] is None


def test_csv_is_one_flat_table_of_plain_numbers(reference: DocumentTotals) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(build_summary([reference], By.PELAKSANA)))))
    assert all(r["file"] == "data/rkt_2024.yaml" for r in rows)
    money = [int(r["anggaran"]) for r in rows if r["kind"] in ("item", "shared")]
    assert sum(money) == TOTAL
    shared = next(r for r in rows if r["kind"] == "shared" and r["kode"] == "6709")
    assert shared["pelaksana_bersama"] == "Subbagian Rendatin; Subbagian Hukum dan SDM"


def test_markdown_right_aligns_numbers_with_separators(reference: DocumentTotals) -> None:
    text = to_markdown(build_summary([reference], By.PROGRAM))
    assert "|---|---|---:|---:|---:|---:|" in text
    assert "| I | Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi | 7 | 24 | 17.632.649.000 | 76,2% |" in text
    assert "**23.142.485.000**" in text


@pytest.mark.parametrize("by", [By.SASARAN, By.PROGRAM, By.PELAKSANA, By.FILE])
@pytest.mark.parametrize("width", [80, 100, 132])
def test_table_fits_the_width_and_keeps_every_number_whole(reference: DocumentTotals, by: By, width: int) -> None:
    summary = build_summary([reference], by)
    text = render_plain(summary, width)
    assert max(len(line) for line in text.splitlines()) <= width
    for section in summary.sections:
        for row in section.rows:
            amount = row.values.get("anggaran")
            if isinstance(amount, int):
                assert re.search(rf"(?<![\d.]){re.escape(format_number(amount))}(?![\d.])", text), amount


def test_a_narrower_table_wraps_names_whole_and_keeps_numbers(reference: DocumentTotals) -> None:
    wide = render_plain(build_summary([reference]), 200)
    narrow = render_plain(build_summary([reference]), 80)
    assert "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan" in wide
    # At 80 columns the name takes more lines, every word of it still there, none cut.
    lines = narrow.splitlines()
    start = next(i for i, line in enumerate(lines) if "6709" in line)
    name = " ".join(line[10:32].strip() for line in lines[start : start + 5])
    assert name == "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu"
    assert "…" not in narrow.replace("(I, II, …)", "")
    assert "12.406.404.000" in narrow


def test_column_widths_never_exceed_the_room() -> None:
    a = load(SUMMARY_DATA / "provinsi" / "kota_a_2024.yaml")
    section = build_summary([a]).sections[0]
    for width in (60, 80, 120):
        widths = column_widths(section, width)
        assert sum(widths) + 2 * (len(widths) - 1) <= width


@pytest.mark.parametrize(
    ("text", "width", "short"),
    [
        ("Pembentukan Badan Adhoc", 30, "Pembentukan Badan Adhoc"),
        ("Pembentukan Badan Adhoc", 20, "Pembentukan Badan…"),
        ("Pengelolaan, Pengadaan, Laporan", 14, "Pengelolaan…"),
        ("Supercalifragilistic", 8, "Superca…"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text: str, width: int, short: str) -> None:
    assert shorten(text, width) == short
    assert len(shorten(text, width)) <= width


def test_unit_lines_abbreviate_then_put_one_unit_on_each_line() -> None:
    units = ("Subbagian Rendatin", "Subbagian Hukum dan SDM")
    assert unit_lines(units, 60) == "Subbagian Rendatin, Subbagian Hukum dan SDM"
    assert unit_lines(units, 40) == "Subbag Rendatin, Subbag Hukum dan SDM"
    assert unit_lines(units, 30) == "Rendatin, Hukum dan SDM"
    assert unit_lines(units, 18) == "Rendatin\nHukum dan SDM"
    # A unit too long for its line wraps, its further lines indented: the next unit is unindented.
    long_units = ("Subbagian Keuangan, Umum dan Logistik", "Subbagian Hukum dan SDM")
    assert unit_lines(long_units, 16) == "Keuangan, Umum\n  dan Logistik\nHukum dan SDM"


def test_unit_lines_count_the_units_beyond_the_last_line() -> None:
    units = tuple(f"Subbagian Unit Nomor {n}" for n in range(1, 13))
    lines = unit_lines(units, 16).splitlines()
    assert len(lines) == MAX_WRAPPED_LINES
    assert lines[-1] == "dan 5 lainnya"  # seven units shown, each on its line, and five more
    assert lines[:7] == [f"Unit Nomor {n}" for n in range(1, 8)]


def test_shorten_path_keeps_the_file_name() -> None:
    assert shorten_path("data/provinsi/kota_prabumulih.yaml", 24) == "…/kota_prabumulih.yaml"
    assert shorten_path("data/x.yaml", 24) == "data/x.yaml"


def test_a_total_beyond_terbilang_is_summarised_without_words(reference: DocumentTotals) -> None:
    # One anggaran may go up to MAX_RUPIAH (10^16 - 1), beyond what terbilang spells (10^15 - 1).
    program = reference.program[0]
    huge = replace(program.sasaran[0], anggaran=TERBILANG_MAX + 1)
    doc = replace(reference, program=(ProgramTotal(program.index, program.nama, (huge,)),))
    summary = build_summary([doc])
    assert summary.terbilang is None
    assert json.loads(to_json(summary))["terbilang"] is None
    assert "Terbilang: *tidak dieja" in to_markdown(summary)
    assert "Terbilang: tidak dieja" in render_plain(summary, 80)


def test_csv_text_cannot_run_as_a_spreadsheet_formula() -> None:
    """A name such as "=HYPERLINK(…)" reaches Excel as text, not as a formula."""
    text = (Path(__file__).parent.parent / "data" / "rkt_2024.yaml").read_text(encoding="utf-8")
    checked = check_text(text.replace("nama: Pembentukan Badan Adhoc", 'nama: "=1+1 Badan Adhoc"'), "x.yaml")
    assert checked.model is not None
    rows = list(csv.reader(io.StringIO(to_csv(build_summary([document_totals(checked.model, "x.yaml")])))))
    names = [row[4] for row in rows]
    assert "'=1+1 Badan Adhoc" in names
    assert all(not name.startswith(("=", "+", "-", "@")) for name in names)
