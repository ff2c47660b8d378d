"""The four SAKIP documents of issue 12, as offices type them (built with tests/sakip_docx.py)."""

from __future__ import annotations

from pathlib import Path

from tests.sakip_docx import Grid, Part, Signatures, build_docx

STATEMENT = [
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
    "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
    "Nama\t: YASRIN ABIDIN\nJabatan\t: Sekretaris KPU Kota Prabumulih",
    "selanjutnya disebut pihak pertama",
    "Nama\t: H. M. NAJIB\nJabatan\t: Ketua KPU Kota Prabumulih",
    "selaku atasan pihak pertama, selanjutnya disebut pihak kedua",
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian "
    "ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
    "dokumen perencanaan.",
]

PK_SIGNATURES = Signatures(
    [
        ["", "PIHAK KEDUA,", "Ketua KPU Kota Prabumulih,", "", "", "H. M. NAJIB"],
        [
            "Prabumulih, 2 Januari 2024",
            "PIHAK PERTAMA,",
            "Sekretaris KPU Kota Prabumulih,",
            "",
            "",
            "YASRIN ABIDIN",
            "NIP. 19700101 199003 1 001",
        ],
    ]
)

# No | Sasaran | Indikator Kinerja | Target, No and Sasaran merged down over their indikator.
PK_TABLE = Grid(
    [
        ["No", "Sasaran", "Indikator Kinerja", "Target"],
        [
            "1",
            "Meningkatnya kualitas perencanaan dan penganggaran",
            "Persentase dokumen perencanaan tepat waktu",
            "100%",
        ],
        ["", "", "Nilai SAKIP", "75"],
        ["2", "Terwujudnya tata kelola keuangan yang akuntabel", "Opini BPK atas laporan keuangan", "WTP"],
    ],
    down=[(0, 1, 2), (1, 1, 2)],
)


def pk_after(path: Path) -> Path:
    """A 4-column PK: title, unit, the statement, the table, and the two signers after it."""
    parts: list[Part] = ["PERJANJIAN KINERJA TAHUN 2024", "SEKRETARIAT KPU KOTA PRABUMULIH", *STATEMENT]
    return build_docx(path, [*parts, "", PK_TABLE, "", PK_SIGNATURES])


def pk_before(path: Path) -> Path:
    """The same PK with its statement page signed before the table (the lampiran) and nothing after."""
    parts: list[Part] = ["PERJANJIAN KINERJA TAHUN 2024", "SEKRETARIAT KPU KOTA PRABUMULIH", *STATEMENT]
    lampiran: list[Part] = ["LAMPIRAN PERJANJIAN KINERJA TAHUN 2024", "SEKRETARIAT KPU KOTA PRABUMULIH"]
    return build_docx(path, [*parts, PK_SIGNATURES, *lampiran, PK_TABLE])


def pkt(path: Path) -> Path:
    """A PKT on a letterhead with its address, key-value lines, "a./b." labels, "98 %", blank-continued
    cells, and one signer typed as paragraphs."""
    table = Grid(
        [
            ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
            ["1", "Meningkatnya partisipasi pemilih", "a. Persentase partisipasi pemilih", "98 %"],
            ["", "", "b. Indeks kepuasan layanan informasi", "3,5"],
            ["2", "Terselenggaranya pemilu yang berintegritas", "a. Jumlah sengketa yang diputus", "2 perkara"],
        ]
    )
    return build_docx(
        path,
        [
            "KOMISI PEMILIHAN UMUM KOTA PRABUMULIH",
            "Jl. Jend. Sudirman No. 1 Prabumulih\nTelp. (0713) 123456",
            "PERJANJIAN KINERJA TAHUNAN",
            "Unit Organisasi\t: Sekretariat KPU Kota Prabumulih",
            "Tahun Anggaran\t: 2024",
            table,
            "Prabumulih, 2 Januari 2024",
            "SEKRETARIS,",
            "",
            "",
            "YASRIN ABIDIN",
            "NIP. 197001011990031001",
        ],
    )


def rkt_simple(path: Path) -> Path:
    """The simple RKT form, sasaran repeated on every row, a numbering row, and a column the model
    has no field for ("Kondisi Awal")."""
    table = Grid(
        [
            ["No", "Sasaran", "Indikator", "Kondisi Awal", "Target"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "Meningkatnya kualitas data pemilih", "Persentase data pemilih mutakhir", "90", "95"],
            ["1", "Meningkatnya kualitas data pemilih", "Jumlah pemutakhiran berkelanjutan", "10", "12 kali"],
            ["2", "Meningkatnya literasi politik", "Jumlah sosialisasi", "8", "10 kegiatan"],
        ]
    )
    return build_docx(
        path,
        [
            "Nama Kelembagaan : Komisi Pemilihan Umum Kota Prabumulih",
            "RENCANA KINERJA TAHUNAN",
            "Tahun : 2024",
            table,
            "Prabumulih, 5 Januari 2024",
            "SEKRETARIS,",
            "",
            "YASRIN ABIDIN",
        ],
    )


def lkj(path: Path) -> Path:
    """An LKj summary: Target/Realisasi/Capaian/Kategori, KEGIATAN band rows merged across the table."""
    table = Grid(
        [
            ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)", "Kategori"],
            ["KEGIATAN 3355 Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya", "", "", "", "", "", ""],
            ["1", "Meningkatnya akuntabilitas kinerja", "Nilai SAKIP", "75", "78,5", "104,67", "Sangat Baik"],
            ["", "", "Persentase rekomendasi BPK ditindaklanjuti", "100%", "90%", "90", "Baik"],
            ["KEGIATAN 3356 Penyelenggaraan Pemilu", "", "", "", "", "", ""],
            [
                "2",
                "Terselenggaranya pemilu yang demokratis",
                "Persentase partisipasi pemilih",
                "77,5",
                "80",
                "103,23",
                "Sangat Baik",
            ],
        ],
        down=[(0, 2, 3), (1, 2, 3)],
        across=[1, 4],
    )
    return build_docx(
        path,
        [
            "LAPORAN KINERJA",
            "SEKRETARIAT KPU KOTA PRABUMULIH",
            "TAHUN 2024",
            table,
            "Prabumulih, 31 Januari 2025",
            "SEKRETARIS,",
            "",
            "YASRIN ABIDIN",
        ],
    )
