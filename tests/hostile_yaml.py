"""Generators of YAML that is cheap to write and used to be slow to check (issue 15, group 2).

Each function returns the text of one file; the tests and `benchmarks/hostile_yaml.py` share
them, so the benchmark measures exactly what the tests check.
"""

from __future__ import annotations

_HEAD = """\
instansi: Komisi Pemilihan Umum Kota Contoh
unit: Sekretariat KPU Kota Contoh
tahun: 2024
"""
_PROGRAM = """\
program:
  - nama: {program}
    sasaran:
      - nama: Pengelolaan Keuangan
        kode: "6709"
        anggaran: 1000000
        pelaksana: Subbagian Keuangan
        indikator:
          - uraian: {uraian}
            target: {target}
            kegiatan: Penyusunan laporan keuangan
"""
_SIGNER = """\
penandatangan:
  - {tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS, nama: NAMA SEKRETARIS}
"""


def document(
    program: str = "Program Dukungan Manajemen",
    uraian: str = "Persentase laporan keuangan yang tepat waktu",
    target: str = "95",
    extra: str = "",
) -> str:
    """A valid one-sasaran RKT; `extra` is inserted as top-level lines before `program:`."""
    return _HEAD + extra + _PROGRAM.format(program=program, uraian=uraian, target=target) + _SIGNER


def unknown_keys(count: int = 200_000) -> str:
    """`count` unknown top-level keys (`kunci_0: 1`, …) in an otherwise valid file."""
    return document(extra="".join(f"kunci_{n}: 1\n" for n in range(count)))


def misspellings(count: int = 20_000) -> str:
    """One indikator text holding `count` misspelled words ("Persentasi"), on one line."""
    return document(uraian="Persentase " + " ".join(["Persentasi"] * count) + " laporan")


def spaces_target(count: int = 100_000) -> str:
    """A target written as `count` spaces in quotes."""
    return document(target='"' + " " * count + '"')


def long_name(size: int) -> str:
    """A name of about `size` characters: short words, one line."""
    words = "Penyelenggaraan Program Dukungan Manajemen "
    return (words * (size // len(words) + 1))[:size].strip()


def long_program_name(size: int = 6_000_000) -> str:
    """A program named by `long_name(size)`."""
    return document(program=long_name(size))
