"""Column features of a template, each read back from the DOCX cell by cell: group rows,
header groups, labels restarting per sasaran, the numbering row, decimal separator and
percent form."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from rkt_cli.columns import percent_text, target_text
from rkt_cli.model import Indikator
from rkt_cli.template_spec import Tabel
from rkt_cli.templating import TemplateError, load_template
from tests.cli_support import run_rkt
from tests.render_support import table_cells

COLUMNS = Path(__file__).resolve().parent / "data" / "columns"


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("columns") / "groups.docx"
    result = run_rkt("render", COLUMNS / "groups.yaml", "--template", COLUMNS / "groups", "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def raw_rows(path: Path) -> list[list[tuple[str, int, str | None]]]:
    """Each row of the first table as its cells: (text, gridSpan, vMerge), the signature row left out."""
    table = Document(str(path)).tables[0]._tbl
    rows = []
    for tr in table.tr_lst[:-1]:
        cells = []
        for tc in tr.tc_lst:
            span = tc.tcPr.find(qn("w:gridSpan"))
            merge = tc.tcPr.find(qn("w:vMerge"))
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            cells.append(
                (
                    text,
                    int(span.get(qn("w:val"))) if span is not None else 1,
                    None if merge is None else merge.get(qn("w:val"), "continue"),
                )
            )
        rows.append(cells)
    return rows


def test_header_groups_span_their_columns_and_the_others_span_both_rows(grouped: Path) -> None:
    rows = raw_rows(grouped)
    assert rows[0] == [
        ("No", 1, "restart"),
        ("Kode", 1, "restart"),
        ("Indikator", 1, "restart"),
        ("Target", 2, None),
        ("Urut", 1, "restart"),
    ]
    assert rows[1] == [
        ("", 1, "continue"),
        ("", 1, "continue"),
        ("", 1, "continue"),
        ("Angka", 1, None),
        ("Satuan", 1, None),
        ("", 1, "continue"),
    ]
    header = Document(str(grouped)).tables[0]._tbl.tr_lst[:3]
    assert all(tr.trPr.find(qn("w:tblHeader")) is not None for tr in header)  # repeated on every page


def test_the_numbering_row_in_brackets(grouped: Path) -> None:
    assert [text for text, _, _ in raw_rows(grouped)[2]] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]


def test_group_rows_per_program_and_sasaran_and_labels_restart(grouped: Path) -> None:
    body = [
        [text for text, _, _ in row] if len(row) > 1 else [f"<{row[0][1]}> {row[0][0]}"]
        for row in raw_rows(grouped)[3:]
    ]
    assert body == [
        ["<6> PROGRAM 1: PROGRAM SATU"],
        ["<6> KEGIATAN 3355 Sasaran Pertama (Rp 1.500.000)"],
        ["a.", "1.1", "Persentase dokumen yang selesai", "98.5", "%", "1."],
        ["b.", "1.2", "Jumlah laporan yang disusun", "12", "laporan", "2."],
        ["<6> KEGIATAN 3356 Sasaran Kedua (Rp 2.000.000)"],
        ["a.", "2.1", "Persentase layanan yang selesai", "90", "%", "1."],
        ["<6> PROGRAM 2: PROGRAM DUA"],
        ["<6> KEGIATAN 3357 Sasaran Ketiga (Rp 500.000)"],
        ["a.", "3.1", "Persentase arsip yang tertata", "75", "%", "1."],
    ]


def test_a_group_row_is_bold_as_asked_and_keeps_with_its_rows(grouped: Path) -> None:
    trs = Document(str(grouped)).tables[0]._tbl.tr_lst
    program, sasaran = trs[3], trs[4]
    assert program.find(".//" + qn("w:b")) is not None and sasaran.find(".//" + qn("w:b")) is None
    assert program.find(".//" + qn("w:keepNext")) is not None and sasaran.find(".//" + qn("w:keepNext")) is not None


def tabel(**keys: object) -> Tabel:
    return Tabel.model_validate({"kolom": [{"isi": "target", "judul": "T", "lebar_mm": 10}], **keys})


@pytest.mark.parametrize(
    ("keys", "target", "satuan", "text"),
    [
        ({}, 98, None, "98"),  # bukan_persen, the default: a bare number is a percent
        ({"target_dengan_satuan": True}, 98, None, "98%"),
        ({"target_dengan_satuan": True, "bentuk_persen": "98 %"}, 98, None, "98 %"),
        ({"target_dengan_satuan": True, "bentuk_persen": "98 %"}, 87.5, None, "87,5 %"),
        ({"target_dengan_satuan": True, "pemisah_desimal": "."}, 87.5, None, "87.5%"),
        ({"pemisah_desimal": "."}, 2.5, "hari", "2.5 hari"),
        ({"target_dengan_satuan": False}, 20, "orang", "20"),
    ],
)
def test_target_forms(keys: dict[str, object], target: float, satuan: str | None, text: str) -> None:
    indikator = Indikator.model_validate({"uraian": "x", "target": target, "satuan": satuan, "kegiatan": "k"})
    assert target_text(indikator, tabel(**keys)) == text


def test_labels_past_z_and_percent_text() -> None:
    from rkt_cli.columns import _letters

    assert [_letters(n) for n in (1, 26, 27, 52, 53)] == ["a", "z", "aa", "az", "ba"]
    assert percent_text("98", "98 %") == "98 %" and percent_text("98", "98%") == "98%"


BASE = """\
tabel:
  kolom:
    - {isi: indikator, judul: "Indikator", lebar_mm: 80}
    - {isi: target, judul: "Target", lebar_mm: 20}
"""


@pytest.mark.parametrize(
    ("extra", "code", "line", "words"),
    [
        ("    - {isi: sasran, judul: S, lebar_mm: 10}\n", "RKT404", 5, "or tambahan.NAME, got 'sasran'"),
        ("    - {isi: tambahan.2x, judul: S, lebar_mm: 10}\n", "RKT404", 5, "got 'tambahan.2x'"),
        ("    - {isi: indikator, judul: S, lebar_mm: 10, penomoran: huruf}\n", "RKT404", 5, "isi: nomor_indikator"),
        ("    - {isi: kode, judul: K, lebar_mm: 10, penomoran: romawi}\n", "RKT404", 5, "expected one of berlanjut"),
        ("  baris_nomor: [a, b, c]\n", "RKT404", 5, "a text for each of the 2 columns, got 3"),
        ("  bentuk_persen: '98 persen'\n", "RKT404", 5, "expected one of '98%', '98 %'"),
        ("  pemisah_desimal: ';'\n", "RKT404", 5, "expected one of"),
        ("  baris_grup: [{per: kegiatan, teks: x}]\n", "RKT404", 5, "expected one of program, sasaran"),
        ("  baris_grup: [{per: sasaran, teks: '{{ kodee }}'}]\n", "RKT405", 5, "'kodee' is undefined"),
    ],
)
def test_column_keys_are_checked_at_their_line(tmp_path: Path, extra: str, code: str, line: int, words: str) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.yaml").write_text(BASE + extra, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.line) == (code, line), caught.value.problems
    assert words in problem.message, problem.message


def test_header_group_columns_must_stand_together(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    text = """\
tabel:
  kolom:
    - {isi: target, judul: "Angka", lebar_mm: 20, grup: Target}
    - {isi: indikator, judul: "Indikator", lebar_mm: 80}
    - {isi: satuan, judul: "Satuan", lebar_mm: 20, grup: Target}
"""
    (folder / "template.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("RKT404", 5)]
    assert "must stand next to each other" in caught.value.diagnostics[0].message


def test_a_group_row_per_sasaran_cannot_cut_a_merge_over_a_program(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    text = (
        BASE
        + "    - {isi: program, judul: P, lebar_mm: 20, gabung: program}\n  baris_grup: [{per: sasaran, teks: x}]\n"
    )
    (folder / "template.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("RKT404", 5)]


def test_the_terminal_table_draws_group_rows_across(tmp_path: Path) -> None:
    out = tmp_path / "groups.txt"
    result = run_rkt("render", COLUMNS / "groups.yaml", "--template", COLUMNS / "groups", "-o", out)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "PROGRAM 2: PROGRAM DUA" in lines  # a line of its own, not squeezed into the No column
    assert "KEGIATAN 3357 Sasaran Ketiga (Rp 500.000)" in lines
    assert any(line.startswith("a. │ 3.1  │ Persentase arsip yang tertata") for line in lines)


HAND_PK = Path(__file__).resolve().parent / "data" / "valid" / "sasaran_tanpa_program.yaml"


def test_columns_from_any_field_read_back(tmp_path: Path) -> None:
    out = tmp_path / "extra.docx"
    result = run_rkt("render", HAND_PK, "--template", COLUMNS / "extra", "-o", out)
    assert result.returncode == 0, result.stderr
    rows = table_cells(out)
    assert rows[1] == ["No", "Sasaran", "Indikator", "Kondisi Awal", "Target", "Satuan", "Bobot", "Keterangan"]
    assert rows[2] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"]  # a numbering row of its own
    assert rows[3:] == [
        [
            "1.1",
            "Meningkatnya kualitas penyelenggaraan pemilu",
            "Persentase pemilih yang menggunakan hak pilih",
            "75,2%",  # the text as written in tambahan
            "77.5 %",  # pemisah_desimal ".", bentuk_persen "98 %"
            "%",
            "± 40",  # an angka column, with its awalan
            "Target nasional",
        ],
        [
            "1.2",
            "Meningkatnya kualitas penyelenggaraan pemilu",
            "Indeks kepuasan layanan",
            "",
            "3.5 indeks",
            "indeks",
            "",
            "",
        ],
        ["2.1", "Terwujudnya tata kelola yang akuntabel", "Opini BPK atas laporan keuangan", "", "WTP", "", "", ""],
    ]


def test_an_extra_column_the_document_does_not_declare_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "extra.docx"
    result = run_rkt("render", COLUMNS / "groups.yaml", "--template", COLUMNS / "extra", "-o", out)
    assert result.returncode == 1
    assert "the document has no extra column bobot" in result.stderr
    assert "the document has no extra column kondisi_awal" in result.stderr
    assert not out.exists()
