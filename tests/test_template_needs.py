"""A template says what it needs: rendering a file that lacks a field the template shows is one
error per missing place (RKT220) at file:line, exit 1, before anything is written. Files written
by hand without program, anggaran or kegiatan render with pk and rkt-sederhana."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from rkt_cli.requirements import template_needs
from rkt_cli.templating import load_template, shipped_template_folder
from tests.cli_support import run_rkt
from tests.render_support import DATA, table_cells

VALID = Path(__file__).resolve().parent / "data" / "valid"
PLAIN = VALID / "rkt_sederhana_tangan.yaml"
PK_BY_HAND = VALID / "sasaran_tanpa_program.yaml"


def test_what_each_shipped_template_needs() -> None:
    # Its Sasaran column shows "nama (kode)", and the nama alone for a sasaran without kode.
    assert template_needs(load_template("rkt")).fields == {
        "program",
        "anggaran",
        "kegiatan",
        "pelaksana",
        "penandatangan",
    }
    assert template_needs(load_template("pk")).fields == {"penandatangan"}  # its program table is wajib: false
    assert template_needs(load_template("rkt-sederhana")).fields == {"penandatangan"}


@pytest.mark.parametrize("name", ["pk", "rkt-sederhana"])
@pytest.mark.parametrize("data", [PLAIN, PK_BY_HAND])
def test_a_file_without_program_anggaran_kegiatan_renders_with(tmp_path: Path, name: str, data: Path) -> None:
    out = tmp_path / "out.docx"
    result = run_rkt("render", data, "--template", name, "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.is_file()


def test_the_plain_file_read_back_from_rkt_sederhana(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    assert run_rkt("render", PLAIN, "--template", "rkt-sederhana", "-o", out).returncode == 0
    assert table_cells(out)[2:] == [
        [
            "1",
            "Terselenggaranya tahapan pemilihan yang tepat waktu",
            "Persentase tahapan pemilihan yang selesai sesuai jadwal",
            "100%",
        ],
        [
            "1",
            "Terselenggaranya tahapan pemilihan yang tepat waktu",
            "Jumlah laporan penyelenggaraan yang disusun",
            "4 laporan",
        ],
        ["2", "Meningkatnya kualitas layanan informasi publik", "Indeks keterbukaan informasi publik", "85,5 poin"],
    ]


def test_pk_without_programs_leaves_the_program_table_out(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    assert run_rkt("render", PK_BY_HAND, "--template", "pk", "-o", out).returncode == 0
    document = Document(str(out))
    # The signatures of page 1, then the lampiran table with the signatures as its last row.
    assert len(document.tables) == 2
    texts = " ".join(p.text for p in document.paragraphs)
    assert "Jumlah" not in texts and "Program" not in " ".join(c.text for c in document.tables[1].rows[0].cells)


def test_rkt_refuses_the_plain_file_once_per_missing_place_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result = run_rkt("render", PLAIN, "-o", out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error[RKT220]" in line]
    where = [line.split(": error")[0].rsplit(":", 2)[1:] for line in errors]
    assert where == [
        ["7", "1"],  # sasaran: no program
        ["8", "5"],  # sasaran[0]: no anggaran
        ["10", "9"],  # each indikator: no kegiatan, no pelaksana
        ["10", "9"],
        ["12", "9"],
        ["12", "9"],
        ["15", "5"],  # sasaran[1]: no anggaran
        ["17", "9"],
        ["17", "9"],
    ]
    assert not out.exists() and not any(tmp_path.iterdir())


def test_a_required_program_table_refuses_a_file_without_programs(tmp_path: Path) -> None:
    folder = tmp_path / "strict-pk"
    shutil.copytree(shipped_template_folder("pk"), folder)
    text = (folder / "template.yaml").read_text(encoding="utf-8")
    (folder / "template.yaml").write_text(text.replace("wajib: false", "wajib: true"), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run_rkt("render", PLAIN, "--template", folder, "-o", out)
    assert result.returncode == 1
    assert "the sasaran have no program" in result.stderr
    assert "this sasaran has no anggaran" in result.stderr
    assert not out.exists()


def test_a_group_row_naming_kode_needs_a_kode(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        "tabel:\n"
        "  baris_grup: [{per: sasaran, teks: 'KEGIATAN {{ kode }} {{ sasaran }}'}]\n"
        "  kolom:\n"
        "    - {isi: indikator, judul: Indikator, lebar_mm: 80}\n",
        encoding="utf-8",
    )
    assert template_needs(load_template(folder)).fields == {"kode"}
    result = run_rkt("render", PLAIN, "--template", folder, "-o", tmp_path / "out.docx")
    assert result.returncode == 1
    assert result.stderr.count("this sasaran has no kode") == 2


def test_the_2024_rkt_renders_with_every_shipped_template(tmp_path: Path) -> None:
    for name in ("rkt", "pk", "rkt-sederhana"):
        out = tmp_path / f"{name}.docx"
        result = run_rkt("render", DATA, "--template", name, "-o", out)
        assert result.returncode == 0, (name, result.stderr)
