"""The signature block as an office signs it: one signer in the right half, two side by side with
their pihak, Plt./Plh. in front of the jabatan, and the PK template with one or two signers.

Each case renders a small YAML through the CLI (in-process) and reads the DOCX back: the
signature is the second table, one row, a cell per column, a paragraph per line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from rkt_cli.templating import default_template_folder
from rkt_cli.yaml_writer import dump_rkt
from tests.render_support import DATA, TEMPLATES, run_rkt, signature_table

BODY = """\
instansi: Komisi Pemilihan Umum Kota Contoh
unit: Sekretariat KPU Kota Contoh
tahun: 2024
program:
  - nama: Program Dukungan Manajemen
    sasaran:
      - nama: Pengelolaan keuangan
        kode: "6709"
        anggaran: 1000000
        pelaksana: Subbagian Keuangan
        indikator:
          - uraian: Persentase laporan keuangan yang tepat waktu
            target: 95
            kegiatan: Penyusunan laporan keuangan
"""

KETUA = "  - {pihak: PIHAK KEDUA, jabatan: KETUA KPU KOTA CONTOH, nama: NAMA KETUA}\n"
SEKRETARIS = (
    "  - {pihak: PIHAK PERTAMA, tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS,\n"
    '     nama: NAMA SEKRETARIS, nip: "197501012000031001"}\n'
)
ALONE = "  - {tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS, nama: NAMA SEKRETARIS}\n"


def write(tmp_path: Path, signers: str, name: str = "rkt.yaml") -> Path:
    source = tmp_path / name
    source.write_text(BODY + "penandatangan:\n" + signers, encoding="utf-8")
    return source


def signature_columns(source: Path, template: Path | None = None) -> list[list[str]]:
    """Render `source` to DOCX and give the signature table's cells, each as its lines."""
    out = source.with_suffix(".docx")
    extra = ["--template", template] if template is not None else []
    result = run_rkt("render", source, "-o", out, *extra)
    assert result.returncode == 0, result.stderr
    table = signature_table(out)
    assert len(table.rows) == 1
    return [[p.text for p in cell.paragraphs] for cell in table.rows[0].cells]


def trimmed(lines: list[str]) -> list[str]:
    """The lines without the empty ones (the room to sign)."""
    return [line for line in lines if line]


# --- the default template ----------------------------------------------------------------


def test_one_signer_stays_in_the_right_half_without_an_empty_pihak_line(tmp_path: Path) -> None:
    left, right = signature_columns(write(tmp_path, ALONE))
    assert left == [""]
    # The pihak line is left out when no signer has one: the jabatan follows the date directly.
    assert right[:2] == ["Contoh, 25 Januari 2024", "SEKRETARIS,"]
    assert right[-1] == "NAMA SEKRETARIS"
    assert right[2:-1] == ["", "", "", ""]  # ruang_baris: 4


def test_two_signers_stand_side_by_side_with_their_pihak(tmp_path: Path) -> None:
    left, right = signature_columns(write(tmp_path, KETUA + SEKRETARIS))
    assert trimmed(left) == ["PIHAK KEDUA", "KETUA KPU KOTA CONTOH,", "NAMA KETUA"]
    assert trimmed(right) == [
        "Contoh, 25 Januari 2024",
        "PIHAK PERTAMA",
        "SEKRETARIS,",
        "NAMA SEKRETARIS",
        "NIP. 197501012000031001",
    ]
    # Same line for the pihak, for the jabatan and for the names: the left block keeps an empty
    # line where the right one has the date.
    assert left[0] == ""
    for left_text, right_text in (
        ("PIHAK KEDUA", "PIHAK PERTAMA"),
        ("KETUA KPU KOTA CONTOH,", "SEKRETARIS,"),
        ("NAMA KETUA", "NAMA SEKRETARIS"),
    ):
        assert left.index(left_text) == right.index(right_text)


def test_two_signers_without_pihak_have_no_empty_label_line(tmp_path: Path) -> None:
    signers = (
        "  - {jabatan: KETUA, nama: NAMA KETUA}\n"
        "  - {tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS, nama: NAMA SEKRETARIS}\n"
    )
    left, right = signature_columns(write(tmp_path, signers))
    assert left[:2] == ["", "KETUA,"]
    assert right[:2] == ["Contoh, 25 Januari 2024", "SEKRETARIS,"]


@pytest.mark.parametrize(("flag", "printed"), [("plt", "Plt. SEKRETARIS,"), ("plh", "Plh. SEKRETARIS,")])
def test_plt_and_plh_go_in_front_of_the_jabatan(tmp_path: Path, flag: str, printed: str) -> None:
    signer = ALONE.replace("}", f", {flag}: true}}")
    _, right = signature_columns(write(tmp_path, signer))
    assert right[1] == printed
    # The PK template prints the same jabatan through the same placeholder.
    _, right = signature_columns(write(tmp_path, signer, "pk.yaml"), TEMPLATES / "pk")
    assert printed in right


def test_plt_and_plh_together_are_an_error_at_the_plh_line(tmp_path: Path) -> None:
    signers = "  - tempat: Contoh\n    jabatan: SEKRETARIS\n    nama: NAMA\n    plt: true\n    plh: true\n"
    source = write(tmp_path, signers)
    line = (BODY + "penandatangan:\n" + signers).splitlines().index("    plh: true") + 1
    result = run_rkt("validate", source)
    assert result.returncode == 1
    assert f"{source}:{line}:10: error[RKT105] penandatangan[0].plh: a signer is either plt" in result.stderr
    assert "not both" in result.stderr
    rendered = run_rkt("render", source)
    assert rendered.returncode == 1
    assert not source.with_suffix(".docx").exists()


def test_plt_must_be_true_or_false(tmp_path: Path) -> None:
    source = write(tmp_path, ALONE.replace("}", ', plt: "ya"}'))
    result = run_rkt("validate", source)
    assert result.returncode == 1
    assert "penandatangan[0].plt: expected true or false, got the text 'ya'" in result.stderr


def test_plt_survives_the_yaml_writer(tmp_path: Path) -> None:
    checked = check_file(write(tmp_path, KETUA + SEKRETARIS.replace("}", ", plh: true}")))
    assert checked.model is not None
    again = tmp_path / "again.yaml"
    again.write_text(dump_rkt(checked.model), encoding="utf-8")
    assert "    plh: true" in again.read_text(encoding="utf-8")
    assert check_file(again).model == checked.model


def test_susunan_kanan_still_stacks_every_signer_in_the_right_half(tmp_path: Path) -> None:
    folder = tmp_path / "kanan"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "susunan: berdampingan" in text
    spec.write_text(text.replace("susunan: berdampingan", "susunan: kanan"), encoding="utf-8")
    left, right = signature_columns(write(tmp_path, KETUA + SEKRETARIS), folder)
    assert left == [""]
    assert trimmed(right)[:3] == ["PIHAK KEDUA", "KETUA KPU KOTA CONTOH,", "NAMA KETUA"]
    assert "NAMA SEKRETARIS" in right


def test_a_line_written_empty_on_purpose_stays(tmp_path: Path) -> None:
    """Only wording that comes out empty for every signer is dropped, never a spacer line."""
    folder = tmp_path / "spacer"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace('    - "{{ pihak }}"', '    - ""'), encoding="utf-8")
    _, right = signature_columns(write(tmp_path, ALONE), folder)
    assert right[:3] == ["Contoh, 25 Januari 2024", "", "SEKRETARIS,"]


def test_the_2024_signature_is_unchanged(tmp_path: Path) -> None:
    """One signer, no pihak: the block the office signed, line for line."""
    source = tmp_path / "rkt_2024.yaml"
    shutil.copyfile(DATA, source)
    left, right = signature_columns(source)
    assert left == [""]
    assert right == ["Prabumulih, 25 Januari 2024", "SEKRETARIS,", "", "", "", "", "YASRIN ABIDIN"]


# --- the PK template -----------------------------------------------------------------------


def test_pk_template_with_one_signer_prints_the_date_and_no_lone_comma(tmp_path: Path) -> None:
    left, right = signature_columns(write(tmp_path, ALONE), TEMPLATES / "pk")
    assert left == [""]  # a lone signer signs in the right half
    assert trimmed(right) == ["Contoh, 25 Januari 2024", "SEKRETARIS,", "NAMA SEKRETARIS"]
    assert "," not in [line.strip() for line in right]


def test_pk_template_with_two_signers_side_by_side(tmp_path: Path) -> None:
    left, right = signature_columns(write(tmp_path, KETUA + SEKRETARIS), TEMPLATES / "pk")
    assert trimmed(left) == ["PIHAK KEDUA,", "KETUA KPU KOTA CONTOH,", "NAMA KETUA"]
    assert trimmed(right) == [
        "Contoh, 25 Januari 2024",
        "PIHAK PERTAMA,",
        "SEKRETARIS,",
        "NAMA SEKRETARIS",
        "NIP. 197501012000031001",
    ]
    assert left.index("KETUA KPU KOTA CONTOH,") == right.index("SEKRETARIS,")
    assert left.index("NAMA KETUA") == right.index("NAMA SEKRETARIS")


def test_a_template_without_susunan_puts_two_signers_side_by_side(tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        "tabel:\n  kolom:\n    - {isi: indikator, judul: Indikator, lebar_mm: 80}\n"
        "tanda_tangan:\n  atas: ['{{ jabatan }},']\n  ruang_baris: 1\n  bawah: ['{{ nama }}']\n",
        encoding="utf-8",
    )
    left, right = signature_columns(write(tmp_path, KETUA + SEKRETARIS), folder)
    assert (left, right) == (["KETUA KPU KOTA CONTOH,", "", "NAMA KETUA"], ["SEKRETARIS,", "", "NAMA SEKRETARIS"])
