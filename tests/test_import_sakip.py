"""Issue 12: `rkt import` reads the tables of the whole SAKIP family, each as an office types it.

Every document is built by hand with python-docx (tests/sakip_documents.py) and imported to the
expected YAML, compared as a whole text; every guess is a warning at its row (the line of the
diagnostic is the table row, header included, as Word counts it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rkt_cli.checking import check_text
from rkt_cli.importer import DocxImportError, ImportFailure, import_docx
from rkt_cli.importer.failures import Findings
from rkt_cli.importer.front import restore_case
from rkt_cli.yaml_writer import dump_rkt
from tests import sakip_documents as documents
from tests.cli_support import run_rkt
from tests.sakip_docx import Grid, Part, Signatures, build_docx

PK_AFTER_YAML = """\
# yaml-language-server: $schema=../schema/rkt.schema.json
instansi: (belum diisi)
unit: Sekretariat KPU Kota Prabumulih
tahun: 2024

sasaran:
  - nama: Meningkatnya kualitas perencanaan dan penganggaran
    indikator:
      - uraian: Persentase dokumen perencanaan tepat waktu
        target: 100
      - uraian: Nilai SAKIP
        target: 75

  - nama: Terwujudnya tata kelola keuangan yang akuntabel
    indikator:
      - uraian: Opini BPK atas laporan keuangan
        target: WTP

penandatangan:
  - pihak: PIHAK KEDUA
    jabatan: Ketua KPU Kota Prabumulih
    nama: H. M. NAJIB
  - pihak: PIHAK PERTAMA
    tempat: Prabumulih
    tanggal: 2024-01-02
    jabatan: Sekretaris KPU Kota Prabumulih
    nama: YASRIN ABIDIN
    nip: "197001011990031001"
"""

PK_AFTER_WARNINGS = [
    ("RKT301", 0, "not found in the document; wrote '(belum diisi)', fill it in"),
    ("RKT312", 0, "written in capitals in the document; wrote 'Sekretariat KPU Kota Prabumulih', check the capitals"),
]

PKT_YAML = """\
# yaml-language-server: $schema=../schema/rkt.schema.json
instansi: Komisi Pemilihan Umum Kota Prabumulih
unit: Sekretariat KPU Kota Prabumulih
tahun: 2024

sasaran:
  - nama: Meningkatnya partisipasi pemilih
    indikator:
      - uraian: Persentase partisipasi pemilih
        target: 98
      - uraian: Indeks kepuasan layanan informasi
        target: 3.5

  - nama: Terselenggaranya pemilu yang berintegritas
    indikator:
      - uraian: Jumlah sengketa yang diputus
        target: 2
        satuan: perkara

penandatangan:
  - tempat: Prabumulih
    tanggal: 2024-01-02
    jabatan: SEKRETARIS
    nama: YASRIN ABIDIN
    nip: "197001011990031001"
"""

PKT_WARNINGS = [
    ("RKT318", 2, "row 2: took the label 'a.' off the indikator"),
    ("RKT318", 3, "row 3: took the label 'b.' off the indikator"),
    ("RKT318", 4, "row 4: took the label 'a.' off the indikator"),
    (
        "RKT312",
        0,
        "written in capitals in the document; wrote 'Komisi Pemilihan Umum Kota Prabumulih', check the capitals",
    ),
]

RKT_SIMPLE_YAML = """\
# yaml-language-server: $schema=../schema/rkt.schema.json
instansi: Komisi Pemilihan Umum Kota Prabumulih
unit: (belum diisi)
tahun: 2024
kolom_tambahan:
  kondisi_awal:
    judul: Kondisi Awal
    jenis: angka

sasaran:
  - nama: Meningkatnya kualitas data pemilih
    indikator:
      - uraian: Persentase data pemilih mutakhir
        target: 95
        tambahan:
          kondisi_awal: 90
      - uraian: Jumlah pemutakhiran berkelanjutan
        target: 12
        satuan: kali
        tambahan:
          kondisi_awal: 10

  - nama: Meningkatnya literasi politik
    indikator:
      - uraian: Jumlah sosialisasi
        target: 10
        satuan: kegiatan
        tambahan:
          kondisi_awal: 8

penandatangan:
  - tempat: Prabumulih
    tanggal: 2024-01-05
    jabatan: SEKRETARIS
    nama: YASRIN ABIDIN
"""

RKT_SIMPLE_WARNINGS = [
    ("RKT317", 1, "row 1: column 'Kondisi Awal' is not an RKT column; kept as the extra column 'kondisi_awal'"),
    ("RKT301", 0, "not found in the document; wrote '(belum diisi)', fill it in"),
]

LKJ_YAML = """\
# yaml-language-server: $schema=../schema/rkt.schema.json
instansi: (belum diisi)
unit: Sekretariat KPU Kota Prabumulih
tahun: 2024
kolom_tambahan:
  realisasi:
    judul: Realisasi
    jenis: angka
  capaian:
    judul: Capaian (%)
    jenis: angka
  kategori:
    judul: Kategori

sasaran:
  - nama: Meningkatnya akuntabilitas kinerja
    kode: "3355"
    indikator:
      - uraian: Nilai SAKIP
        target: 75
        kegiatan: Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya
        tambahan:
          realisasi: 78.5
          capaian: 104.67
          kategori: Sangat Baik
      - uraian: Persentase rekomendasi BPK ditindaklanjuti
        target: 100
        kegiatan: Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya
        tambahan:
          realisasi: 90
          capaian: 90
          kategori: Baik

  - nama: Terselenggaranya pemilu yang demokratis
    kode: "3356"
    indikator:
      - uraian: Persentase partisipasi pemilih
        target: 77.5
        kegiatan: Penyelenggaraan Pemilu
        tambahan:
          realisasi: 80
          capaian: 103.23
          kategori: Sangat Baik

penandatangan:
  - tempat: Prabumulih
    tanggal: 2025-01-31
    jabatan: SEKRETARIS
    nama: YASRIN ABIDIN
"""

LKJ_WARNINGS = [
    (
        "RKT319",
        2,
        "row 2: a row across the table read as kegiatan 3355: "
        "'Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya'",
    ),
    ("RKT319", 5, "row 5: a row across the table read as kegiatan 3356: 'Penyelenggaraan Pemilu'"),
    ("RKT301", 0, "not found in the document; wrote '(belum diisi)', fill it in"),
    ("RKT312", 0, "written in capitals in the document; wrote 'Sekretariat KPU Kota Prabumulih', check the capitals"),
]

CASES: list[tuple[str, Callable[[Path], Path], str, list[tuple[str, int, str]]]] = [
    ("pk_after", documents.pk_after, PK_AFTER_YAML, PK_AFTER_WARNINGS),
    ("pk_before", documents.pk_before, PK_AFTER_YAML, PK_AFTER_WARNINGS),  # the same data, signed first
    ("pkt", documents.pkt, PKT_YAML, PKT_WARNINGS),
    ("rkt_simple", documents.rkt_simple, RKT_SIMPLE_YAML, RKT_SIMPLE_WARNINGS),
    ("lkj", documents.lkj, LKJ_YAML, LKJ_WARNINGS),
]


@pytest.mark.parametrize(("name", "build", "expected", "warnings"), CASES, ids=[case[0] for case in CASES])
def test_each_kind_imports_to_the_expected_yaml(
    tmp_path: Path,
    name: str,
    build: Callable[[Path], Path],
    expected: str,
    warnings: list[tuple[str, int, str]],
) -> None:
    result = import_docx(build(tmp_path / f"{name}.docx"), f"{name}.docx")
    text = dump_rkt(result.rkt)
    assert text == expected
    assert [(d.code, d.line, d.message) for d in result.diagnostics] == warnings
    assert all(d.file == f"{name}.docx" for d in result.diagnostics)
    assert not check_text(text).has_errors  # what `rkt import` writes passes `rkt validate`


def test_columns_the_table_lacks_are_left_out_not_filled_in(tmp_path: Path) -> None:
    result = import_docx(documents.pk_after(tmp_path / "pk.docx"))
    assert result.placeholders == ["instansi"]
    assert result.left_out[:5] == ["program", "anggaran", "kegiatan", "pelaksana", "kode"]


def test_a_full_width_row_without_kegiatan_is_a_program(tmp_path: Path) -> None:
    grid = Grid(
        [
            ["No", "Sasaran", "Indikator", "Target"],
            ["PROGRAM DUKUNGAN MANAJEMEN", "", "", ""],
            ["1", "Sasaran A", "Indikator A", "90"],
            ["Program Teknis Penyelenggaraan Pemilu", "", "", ""],
            ["1", "Sasaran B", "Indikator B", "80"],
            ["JUMLAH", "", "", ""],
        ],
        across=[1, 3, 5],
    )
    result = import_docx(build_docx(tmp_path / "p.docx", ["TAHUN 2024", grid]))
    programs = result.rkt.program or []
    assert [(p.nama, [s.nama for s in p.sasaran]) for p in programs] == [
        ("PROGRAM DUKUNGAN MANAJEMEN", ["Sasaran A"]),
        ("Program Teknis Penyelenggaraan Pemilu", ["Sasaran B"]),
    ]
    assert [(d.code, d.line) for d in result.diagnostics if d.code == "RKT319"] == [("RKT319", 2), ("RKT319", 4)]


def test_a_kegiatan_row_typed_in_the_first_cell_only_is_a_group(tmp_path: Path) -> None:
    """Not merged across: the other cells left blank, the word KEGIATAN says what the row is."""
    grid = Grid(
        [
            ["No", "Sasaran", "Indikator", "Target"],
            ["Kegiatan: Dukungan Manajemen (3355)", "", "", ""],
            ["1", "Sasaran A", "Indikator A", "90"],
        ]
    )
    result = import_docx(build_docx(tmp_path / "k.docx", ["TAHUN 2024", grid]))
    sasaran = (result.rkt.sasaran or [])[0]
    assert (sasaran.nama, sasaran.kode, sasaran.indikator[0].kegiatan) == ("Sasaran A", "3355", "Dukungan Manajemen")


def test_the_statement_names_the_signers_when_no_signature_is_found(tmp_path: Path) -> None:
    parts = ["PERJANJIAN KINERJA TAHUN 2024", "SEKRETARIAT KPU KOTA PRABUMULIH", *documents.STATEMENT]
    result = import_docx(build_docx(tmp_path / "s.docx", [*parts, documents.PK_TABLE]))
    assert [(s.pihak, s.jabatan, s.nama) for s in result.rkt.penandatangan] == [
        ("PIHAK PERTAMA", "Sekretaris KPU Kota Prabumulih", "YASRIN ABIDIN"),
        ("PIHAK KEDUA", "Ketua KPU Kota Prabumulih", "H. M. NAJIB"),
    ]
    assert result.rkt.pengantar is None  # the statement is the PK's own text, not an intro
    assert [d.message for d in result.diagnostics if d.code == "RKT320"] == [
        "no signature block found; took the signers from the statement's Nama / Jabatan lines"
    ]


def test_a_program_table_after_the_pk_table_is_not_a_signature(tmp_path: Path) -> None:
    """The PK's lampiran: No | Program | Anggaran with its Jumlah, then the signatures."""
    programs = Grid([["No", "Program", "Anggaran"], ["1", "Program A", "Rp 1.000.000"], ["", "Jumlah", "Rp 1.000.000"]])
    path = build_docx(tmp_path / "l.docx", ["TAHUN 2024", documents.PK_TABLE, programs, documents.PK_SIGNATURES])
    signers = import_docx(path).rkt.penandatangan
    assert [s.nama for s in signers] == ["H. M. NAJIB", "YASRIN ABIDIN"]


def test_letterhead_address_lines_are_not_the_unit(tmp_path: Path) -> None:
    front = [
        "KOMISI PEMILIHAN UMUM KOTA PRABUMULIH",
        "Alamat : Jl. Jend. Sudirman No. 1 Prabumulih",
        "Jl. Jend. Sudirman No. 1\nTelp. (0713) 123456, Fax. (0713) 123457",
        "Email: kpu@prabumulih.go.id",
        "RENCANA KINERJA TAHUNAN",
        "Sekretariat KPU Kota Prabumulih",
        "TAHUN 2024",
    ]
    result = import_docx(build_docx(tmp_path / "a.docx", [*front, documents.PK_TABLE]))
    assert (result.rkt.instansi, result.rkt.unit, result.rkt.judul) == (
        "Komisi Pemilihan Umum Kota Prabumulih",
        "Sekretariat KPU Kota Prabumulih",
        None,
    )


def test_key_value_lines_name_the_office_and_the_year(tmp_path: Path) -> None:
    front = [
        "RENCANA KINERJA TAHUNAN",
        "Nama Kelembagaan\t: Komisi Pemilihan Umum Kota Prabumulih",
        "Unit Organisasi\t: Sekretariat KPU Kota Prabumulih",
        "Tahun Anggaran\t: 2025",
    ]
    rkt = import_docx(build_docx(tmp_path / "kv.docx", [*front, documents.PK_TABLE])).rkt
    assert (rkt.instansi, rkt.unit, rkt.tahun) == (
        "Komisi Pemilihan Umum Kota Prabumulih",
        "Sekretariat KPU Kota Prabumulih",
        2025,
    )


def test_key_value_rows_of_a_layout_table_name_the_office(tmp_path: Path) -> None:
    """The front matter typed into a borderless table: key | : | value."""
    front = Grid([["Unit Organisasi", ":", "Sekretariat KPU Kota Prabumulih"], ["Tahun Anggaran", ":", "2025"]])
    rkt = import_docx(build_docx(tmp_path / "kt.docx", ["RENCANA KINERJA TAHUNAN", front, documents.PK_TABLE])).rkt
    assert (rkt.unit, rkt.tahun) == ("Sekretariat KPU Kota Prabumulih", 2025)


def test_a_title_other_than_the_kind_is_the_judul(tmp_path: Path) -> None:
    front = ["KOMISI PEMILIHAN UMUM KOTA PRABUMULIH", "RENCANA KINERJA TAHUNAN PERUBAHAN TAHUN 2024"]
    rkt = import_docx(build_docx(tmp_path / "j.docx", [*front, documents.PK_TABLE])).rkt
    assert (rkt.judul, rkt.tahun, rkt.instansi) == (
        "RENCANA KINERJA TAHUNAN PERUBAHAN",
        2024,
        "Komisi Pemilihan Umum Kota Prabumulih",
    )


WORDS = "a header row with the words Sasaran, Indikator and Target"


@pytest.mark.parametrize(
    ("header", "signed", "why"),
    [
        (["No", "Sasaran", "Indikator"], False, f"its only table has no {WORDS.removeprefix('a ')}"),
        (["No", "Nama", "Jabatan"], True, f"none of its 2 tables has {WORDS}"),
    ],
)
def test_a_table_short_of_the_minimum_is_no_rkt_table(
    tmp_path: Path, header: list[str], signed: bool, why: str
) -> None:
    """The message says what is missing (it once read "its only table has a header row with …")."""
    parts: list[Part] = ["TAHUN 2024", Grid([header, ["1", "a", "b"]])]
    if signed:
        parts.append(Signatures([["SEKRETARIS,", "", "NAMA"]]))
    with pytest.raises(DocxImportError) as info:
        import_docx(build_docx(tmp_path / "n.docx", parts), "n.docx")
    assert info.value.message == f"n.docx: no RKT table found: {why}"
    assert info.value.kind is ImportFailure.CONTENT


def test_the_cli_writes_the_pk_and_counts_what_it_has(tmp_path: Path) -> None:
    documents.pk_after(tmp_path / "pk.docx")
    done = run_rkt("import", "pk.docx", "-o", "pk.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-2] == (
        "pk.docx: not in the document (left out): program, anggaran, kegiatan, pelaksana, kode, pengantar, "
        "penandatangan[0].nip, penandatangan[0].tempat, penandatangan[0].tanggal"
    )
    assert lines[-1] == "pk.docx: 2 sasaran, 3 indikator; 2 warnings; wrote pk.yaml"
    written = (tmp_path / "pk.yaml").read_text(encoding="utf-8")
    assert written.endswith(PK_AFTER_YAML.split("\n", 1)[1])  # the same data, under rkt import's own comment


def test_the_table_with_most_columns_is_the_plan_not_a_summary_before_it(tmp_path: Path) -> None:
    summary = Grid([["Sasaran", "Indikator", "Target"], ["Ringkasan", "Ringkasan indikator", "1"]])
    rkt = import_docx(build_docx(tmp_path / "m.docx", ["TAHUN 2024", summary, documents.PK_TABLE])).rkt
    assert [s.nama for s in rkt.sasaran or []] == [
        "Meningkatnya kualitas perencanaan dan penganggaran",
        "Terwujudnya tata kelola keuangan yang akuntabel",
    ]


@pytest.mark.parametrize(
    ("capitals", "passage", "expected"),
    [
        ("SEKRETARIAT KPU KOTA X :", "Rencana Sekretariat KPU Kota x : tahun ini", "Sekretariat KPU Kota x :"),
        ("SEKRETARIAT AA SS", "bagi Sekretariat aa ß tahun ini", "Sekretariat aa ß"),  # ß prints SS
        ("SEKRETARIAT I", "bagi Sekretariat ı tahun ini", "Sekretariat ı"),  # ı prints I but folds to itself
    ],
)
def test_a_name_in_capitals_gets_the_case_the_document_writes_it_in(capitals: str, passage: str, expected: str) -> None:
    findings = Findings("f.docx")
    assert restore_case(capitals, [passage], findings, "unit") == expected
    assert findings.diagnostics == []  # found, not guessed
