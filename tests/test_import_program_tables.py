"""Issue 12: the program table beside a table of sasaran (a PK lampiran's No | Program | Anggaran,
an LKj's serapan table) and an LKj's "Sasaran 1: …" rows, in documents typed by hand with
python-docx. The programs are attributed only where the document says how; otherwise each is
named in an RKT327 warning, and no row of either table becomes a sasaran."""

from __future__ import annotations

from pathlib import Path

from rkt_cli.importer import import_docx
from rkt_cli.importer.grid import GridCell, GridRow, Table
from rkt_cli.importer.program_table import program_rows
from tests.sakip_docx import Grid, build_docx

SASARAN = Grid(
    [
        ["No", "Sasaran", "Indikator", "Target"],
        ["1", "Meningkatnya kualitas perencanaan", "Persentase dokumen tepat waktu", "100%"],
        ["", "", "Nilai SAKIP", "75"],
    ],
    down=[(0, 1, 2), (1, 1, 2)],
)
SIGNATURE = ["Prabumulih, 2 Januari 2024", "SEKRETARIS,", "", "YASRIN ABIDIN"]


def pk(path: Path, programs: list[list[str]], sasaran: Grid = SASARAN) -> Path:
    table = Grid([["No", "Program", "Anggaran"], *programs])
    return build_docx(
        path, ["LAMPIRAN PERJANJIAN KINERJA TAHUN 2024", "Sekretariat KPU", sasaran, "", table, *SIGNATURE]
    )


def test_one_program_of_one_sasaran_gets_its_anggaran(tmp_path: Path) -> None:
    result = import_docx(
        pk(
            tmp_path / "pk.docx",
            [["1", "Program Dukungan Manajemen", "Rp 822.654.000,-"], ["Jumlah", "", "822.654.000"]],
        )
    )
    assert result.rkt.sasaran is None and result.rkt.program is not None
    [program] = result.rkt.program
    assert program.nama == "Program Dukungan Manajemen" and program.anggaran == 822_654_000
    assert [s.nama for s in program.sasaran] == ["Meningkatnya kualitas perencanaan"]
    assert not [d for d in result.diagnostics if d.code == "RKT327"]
    assert "program" not in result.left_out and "anggaran" not in result.left_out


def test_one_program_of_two_sasaran_keeps_them_without_anggaran(tmp_path: Path) -> None:
    two = Grid([*SASARAN.rows, ["2", "Terwujudnya tata kelola", "Opini BPK", "WTP"]], SASARAN.down)
    result = import_docx(pk(tmp_path / "pk.docx", [["1", "Program Dukungan Manajemen", "1.000.000"]], two))
    assert result.rkt.program is not None and len(result.rkt.program[0].sasaran) == 2
    assert not result.rkt.has_anggaran
    assert [(d.code, d.line, d.message) for d in result.diagnostics if d.code == "RKT327"] == [
        (
            "RKT327",
            0,
            "table 2, row 2: the anggaran of program 'Program Dukungan Manajemen' (Rp 1.000.000) is not divided "
            "among its 2 sasaran in the document; left out, fill in each sasaran's",
        )
    ]


def test_several_programs_are_named_in_warnings_never_attributed(tmp_path: Path) -> None:
    rows = [["1", "Penyelenggaraan Pemilu", "17.632.649.000"], ["2", "Dukungan Manajemen", "5.509.836.000"]]
    result = import_docx(pk(tmp_path / "pk.docx", [*rows, ["Jumlah", "", "23.142.485.000"]]))
    assert result.rkt.program is None
    assert [s.nama for s in result.rkt.sasaran or []] == ["Meningkatnya kualitas perencanaan"]
    assert [d.message for d in result.diagnostics if d.code == "RKT327"] == [
        f"table 2, row {n + 2}: program {nama!r} (Rp {amount}) not attributed: the document does not say which "
        "sasaran it funds; left out, the sasaran are listed without programs"
        for n, (nama, amount) in enumerate(
            [("Penyelenggaraan Pemilu", "17.632.649.000"), ("Dukungan Manajemen", "5.509.836.000")]
        )
    ]


def test_an_lkj_typed_by_hand_reads_its_sasaran_rows_and_not_its_serapan_table(tmp_path: Path) -> None:
    capaian = Grid(
        [
            ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian", "Kategori"],
            ["Sasaran 1: Meningkatnya akuntabilitas", "", "", "", "", ""],
            ["1.1", "Nilai SAKIP", "75", "78,5", "104,67%", "Sangat Baik"],
            ["1.2", "Opini BPK", "WTP", "WTP", "100%", "Baik"],
            ["Sasaran 2: Terselenggaranya pemilu", "", "", "", "", ""],
            ["2.1", "Partisipasi pemilih", "77,5%", "80%", "103,23%", "Sangat Baik"],
        ],
        across=[1, 4],
    )
    serapan = Grid(
        [
            ["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "Serapan"],
            ["1", "Dukungan Manajemen", "5.509.836.000", "5.108.386.000", "92,71%"],
            ["2", "Penyelenggaraan Pemilu", "17.632.649.000", "16.470.661.000", "93,41%"],
            ["Jumlah", "", "23.142.485.000", "21.579.047.000", "93,24%"],
        ]
    )
    path = build_docx(
        tmp_path / "lkj.docx",
        [
            "BAB III",
            "AKUNTABILITAS KINERJA",
            "A. Capaian Kinerja Organisasi",
            "Capaian kinerja Sekretariat KPU Kota Prabumulih Tahun 2024 diukur dengan membandingkan realisasi "
            "dengan target setiap indikator kinerja, sebagai berikut:",
            capaian,
            "B. Realisasi Anggaran",
            serapan,
        ],
    )
    result = import_docx(path)
    rkt = result.rkt
    assert (rkt.unit, rkt.tahun, rkt.pengantar, rkt.program) == ("Sekretariat KPU Kota Prabumulih", 2024, None, None)
    assert [(s.nama, [(i.uraian, i.target) for i in s.indikator]) for s in rkt.sasaran or []] == [
        ("Meningkatnya akuntabilitas", [("Nilai SAKIP", 75), ("Opini BPK", "WTP")]),
        ("Terselenggaranya pemilu", [("Partisipasi pemilih", 77.5)]),
    ]
    assert [(d.code, d.line) for d in result.diagnostics if d.code in ("RKT319", "RKT327")] == [
        ("RKT319", 2),
        ("RKT319", 5),
        ("RKT327", 0),
        ("RKT327", 0),
    ]
    assert rkt.instansi == "(belum diisi)"  # the outline lines are not the letterhead


def test_a_program_table_is_one_naming_program_and_anggaran_but_no_sasaran() -> None:
    header = GridRow([GridCell("No"), GridCell("Sasaran"), GridCell("Indikator"), GridCell("Target")])
    assert program_rows(Table([header])) is None  # a table of sasaran is no program table
    rows = Table(
        [
            GridRow([GridCell("No"), GridCell("Program"), GridCell("Pagu")]),
            GridRow([GridCell("1"), GridCell("A"), GridCell("x")]),
        ]
    )
    found = program_rows(rows)
    assert found is not None and [(r.nama, r.anggaran) for r in found] == [("A", None)]
