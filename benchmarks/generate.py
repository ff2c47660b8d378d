"""Write a valid synthetic RKT of N indikator, for benchmarks and tests.

    python benchmarks/generate.py --indikator 40000 -o /tmp/rkt_40k.yaml [--seed 1]

The same seed always gives the same file. The wording imitates a KPU satker's RKT (sasaran,
"Persentase …" indikator, kegiatan, Subbagian pelaksana) and the file passes `rkt validate`
with no errors and no warnings: indikator texts are unique, kode are unique, anggaran are whole
thousands of rupiah and the declared pagu equals the total.

The model is built first and written with rkt_cli.yaml_writer.dump_rkt, so the output is what
the project's own writer produces; for very large files the writer's per-scalar quoting check
dominates, which is acceptable for a generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
from pathlib import Path

from rkt_cli.files import write_atomically
from rkt_cli.model import RKT, Indikator, Penandatangan, Program, Sasaran
from rkt_cli.yaml_writer import dump_rkt

PROGRAMS = [
    "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
    "Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU",
    "Penguatan Kelembagaan Demokrasi dan Perwujudan Pemilu yang Berkualitas",
    "Peningkatan Partisipasi dan Pendidikan Pemilih",
    "Pengelolaan Data dan Informasi Pemilu",
    "Peningkatan Kualitas Pelayanan Publik dan Kehumasan",
]

SASARAN = [
    "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu",
    "Pembentukan Badan Adhoc",
    "Masa Kampanye Pemilu",
    "Pengelolaan, Pengadaan, Laporan, dan Dokumentasi Logistik",
    "Pemungutan, Penghitungan, dan Rekapitulasi Hasil Penghitungan Suara",
    "Pemutakhiran Data Pemilih dan Penyusunan Daftar Pemilih",
    "Sosialisasi, Pendidikan Pemilih, dan Partisipasi Masyarakat",
    "Penetapan Hasil Pemilu dan Penetapan Calon Terpilih",
    "Pencalonan Anggota DPRD Kabupaten/Kota",
    "Verifikasi dan Penetapan Partai Politik Peserta Pemilu",
    "Layanan Perkantoran dan Dukungan Operasional",
    "Pengelolaan Keuangan dan Barang Milik Negara",
    "Pengembangan Sumber Daya Manusia Penyelenggara Pemilu",
    "Penyelesaian Sengketa dan Advokasi Hukum",
    "Pengelolaan Arsip dan Dokumentasi Pemilu",
    "Pelayanan Informasi Publik dan Hubungan Masyarakat",
    "Penguatan Sistem Pengendalian Intern",
    "Pengembangan Sistem Informasi dan Teknologi Pemilu",
]

OBJECTS = [
    "dokumen perencanaan program dan anggaran",
    "rancangan keputusan dan peraturan pelaksanaan",
    "laporan keuangan",
    "laporan Barang Milik Negara",
    "arsip inaktif",
    "data pemilih berkelanjutan",
    "logistik Pemilu",
    "sarana dan prasarana IT",
    "aduan masyarakat",
    "permohonan informasi publik",
    "pegawai yang mengikuti pengembangan kompetensi",
    "anggota badan adhoc yang dilantik",
    "rekomendasi hasil pemeriksaan",
    "dokumen pencalonan",
    "berita acara rapat pleno",
    "kegiatan sosialisasi Pemilu",
    "materi pendidikan pemilih",
    "kendaraan operasional",
    "fasilitas perkantoran",
    "ruang rapat dan gudang logistik",
    "laporan dana kampanye",
    "Alat Peraga Kampanye",
    "formulir hasil penghitungan suara",
    "surat masuk dan surat keluar",
    "Standar Operasional Prosedur",
    "laporan kinerja instansi",
    "perkara sengketa proses Pemilu",
    "publikasi di laman resmi",
    "pertanggungjawaban belanja",
    "revisi anggaran",
    "dokumen pengadaan barang dan jasa",
    "aset tetap",
    "data hasil Pemilu",
    "aplikasi pendukung tahapan",
    "pegawai yang menyampaikan LHKASN",
    "rekomendasi Bawaslu",
    "dokumen kependudukan yang dicocokkan",
    "peserta rapat koordinasi",
    "usulan kenaikan pangkat",
    "laporan kegiatan kehumasan",
]

PREDICATES = [
    "yang disusun tepat waktu",
    "yang dikelola sesuai ketentuan",
    "yang diselesaikan sesuai jadwal",
    "yang ditindaklanjuti paling lambat 7 (tujuh) hari kerja",
    "yang tersedia dalam kondisi baik",
    "yang terdokumentasi dengan lengkap",
    "yang diverifikasi sesuai prosedur",
    "yang dilaporkan tepat waktu",
    "yang sesuai dengan standar pelayanan",
    "yang dipublikasikan kepada masyarakat",
    "yang terdistribusi tepat jumlah dan tepat sasaran",
    "yang tercatat dalam aplikasi",
    "yang direviu oleh pimpinan",
    "yang memenuhi syarat administrasi",
    "yang dimutakhirkan secara berkala",
    "yang diarsipkan sesuai klasifikasi",
    "yang dimonitor dan dievaluasi",
    "yang dipertanggungjawabkan sesuai aturan",
    "yang dimanfaatkan secara optimal",
    "yang disampaikan kepada KPU Provinsi",
    "yang diselesaikan tanpa temuan",
    "yang disetujui dalam rapat pleno",
    "yang diterima tanpa keberatan",
    "yang dipelihara secara rutin",
    "yang direkonsiliasi setiap bulan",
]

KECAMATAN = [
    "Prabumulih Barat",
    "Prabumulih Timur",
    "Prabumulih Utara",
    "Prabumulih Selatan",
    "Cambai",
    "Rambang Kapak Tengah",
]
SCOPES = [
    *(f"pada Triwulan {q} di Kecamatan {k}" for q in ("I", "II", "III", "IV") for k in KECAMATAN),
    *(f"pada Semester {s} di Kecamatan {k}" for s in ("I", "II") for k in KECAMATAN),
    *(f"di tingkat PPK Kecamatan {k}" for k in KECAMATAN),
    *(f"di tingkat PPS Kecamatan {k}" for k in KECAMATAN),
    "di lingkungan Sekretariat KPU Kota Prabumulih",
    "pada KPU Kota Prabumulih",
    "di tingkat kota",
    "selama tahapan Pemilu",
    "selama tahapan Pemilihan",
    "pada akhir tahun anggaran",
    "dalam satu tahun anggaran",
    "pada setiap tahapan",
]

KEGIATAN = [
    "Rapat koordinasi dan bimbingan teknis {o}",
    "Penyusunan dan penyampaian {o} Pemilu Tahun {tahun}",
    "Monitoring dan evaluasi {o}",
    "Pengadaan dan distribusi {o}",
    "Pemeliharaan dan pendataan {o}",
    "Supervisi dan pendampingan pengelolaan {o}",
    "Sosialisasi dan publikasi {o} kepada masyarakat",
    "Rekonsiliasi dan pelaporan {o}",
]

PELAKSANA = [
    "Subbagian Perencanaan, Data dan Informasi",
    "Subbagian Keuangan, Umum dan Logistik",
    "Subbagian Teknis Penyelenggaraan, Partisipasi dan Hubungan Masyarakat",
    "Subbagian Hukum dan SDM",
]

NAMES = ["YASRIN ABIDIN", "SITI NURHALIZA", "AHMAD FAUZI", "DEWI LESTARI", "BUDI SANTOSO", "RINA WULANDARI"]


def _uraian_texts(count: int, rng: random.Random) -> list[str]:
    """`count` distinct indikator texts in a seeded random order."""
    combos = list(itertools.product(range(len(OBJECTS)), range(len(PREDICATES)), range(len(SCOPES))))
    rng.shuffle(combos)
    texts = []
    for n in range(count):
        o, p, s = combos[n % len(combos)]
        text = f"Persentase {OBJECTS[o]} {PREDICATES[p]} {SCOPES[s]}"
        cycle = n // len(combos)
        if cycle:  # only past 50,000 indikator: keep every text distinct anyway
            text += f" tahap {cycle + 1}"
        texts.append(text)
    return texts


def _kode_values(count: int, rng: random.Random) -> list[str]:
    """`count` distinct kegiatan codes: four digits while they last, then with a KRO suffix."""
    plain = [str(n) for n in range(1000, 10000)]
    rng.shuffle(plain)
    if count <= len(plain):
        return plain[:count]
    suffixes = ("".join(letters) for letters in itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=3))
    extra = [f"{base}.{suffix}" for suffix in suffixes for base in sorted(plain)]
    return plain + extra[: count - len(plain)]


def _sizes(total: int, rng: random.Random) -> list[int]:
    """Split `total` indikator into sasaran of 1 to 10 indikator each."""
    sizes = []
    left = total
    while left > 0:
        size = min(rng.randint(1, 10), left)
        sizes.append(size)
        left -= size
    return sizes


def build_rkt(indikator_count: int, seed: int = 1, tahun: int = 2024) -> RKT:
    """A valid RKT with exactly `indikator_count` indikator, the same for the same seed."""
    if indikator_count < 1:
        raise ValueError("an RKT needs at least one indikator")
    rng = random.Random(seed)
    uraian = iter(_uraian_texts(indikator_count, rng))
    sizes = _sizes(indikator_count, rng)
    kodes = iter(_kode_values(len(sizes), rng))
    program_count = max(1, min(len(PROGRAMS), len(sizes) // 3 or 1))
    # Spread the sasaran over the programs in order, the first programs taking any remainder.
    per_program = [
        len(sizes) // program_count + (1 if i < len(sizes) % program_count else 0) for i in range(program_count)
    ]

    size_iter = iter(sizes)
    programs = []
    for program_index, sasaran_count in enumerate(per_program):
        sasaran_list = []
        for _ in range(sasaran_count):
            pelaksana = rng.choice(PELAKSANA)
            rows = []
            for _ in range(next(size_iter)):
                text = next(uraian)
                obj = next(o for o in OBJECTS if text.startswith(f"Persentase {o} "))
                kegiatan = rng.choice(KEGIATAN).format(o=obj, tahun=tahun)
                own = rng.choice(PELAKSANA) if rng.random() < 0.15 else None
                target = rng.choice((80, 85, 90, 95, 100, 100, 100, 87.5))
                rows.append(
                    Indikator(
                        uraian=text,
                        target=target,
                        kegiatan=kegiatan[0].upper() + kegiatan[1:],
                        pelaksana=own if own != pelaksana else None,
                    )
                )
            # Budgets of a city satker: tens of millions to a few billion rupiah, whole thousands.
            anggaran = int(rng.lognormvariate(20.5, 1.0)) // 1000 * 1000 + 25_000_000
            sasaran_list.append(
                Sasaran(
                    nama=rng.choice(SASARAN),
                    kode=next(kodes),
                    anggaran=anggaran,
                    pelaksana=pelaksana,
                    indikator=rows,
                )
            )
        programs.append(Program(nama=PROGRAMS[program_index], sasaran=sasaran_list))

    total = sum(s.anggaran for p in programs for s in p.sasaran)
    return RKT(
        instansi="Komisi Pemilihan Umum Kota Prabumulih",
        unit="Sekretariat KPU Kota Prabumulih",
        tahun=tahun,
        pagu=total,
        program=programs,
        penandatangan=[
            Penandatangan(
                tempat="Prabumulih",
                tanggal=dt.date(tahun, 1, 25),
                jabatan="SEKRETARIS",
                nama=rng.choice(NAMES),
                nip=f"19{rng.randint(70, 89)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                f"20{rng.randint(10, 19)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}",
            )
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a valid synthetic RKT YAML of N indikator.")
    parser.add_argument("--indikator", type=int, required=True, help="number of indikator rows (≥ 1)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the YAML file to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same file")
    parser.add_argument("--tahun", type=int, default=2024, help="tahun of the RKT (default 2024)")
    args = parser.parse_args(argv)
    if args.indikator < 1:
        parser.error("--indikator must be at least 1")
    rkt = build_rkt(args.indikator, args.seed, args.tahun)
    comment = f"Synthetic RKT: {args.indikator} indikator, seed {args.seed}. Generated by benchmarks/generate.py."
    text = dump_rkt(rkt, header_comment=comment, schema_ref=None)
    write_atomically(args.output, text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
