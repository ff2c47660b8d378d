"""`rkt render` as a user runs it: outputs, several inputs, validate first, atomic writes,
reproducible bytes, the PK-style template, and the terminal table."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.reference import parse_reference
from tests.render_support import DATA, TEMPLATES, run_rkt, signature_table, table_cells


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rkt_2024.yaml"
    shutil.copyfile(DATA, target)
    return target


def two_signer_yaml(tmp_path: Path) -> Path:
    """The 2024 data with the two parties of a Perjanjian Kinerja."""
    text = DATA.read_text(encoding="utf-8")
    text = text[: text.index("penandatangan:")] + (
        "penandatangan:\n"
        "  - {pihak: PIHAK KEDUA, jabatan: KETUA KPU KOTA PRABUMULIH, nama: NAMA KETUA}\n"
        "  - {pihak: PIHAK PERTAMA, tempat: Prabumulih, tanggal: 2024-01-25, jabatan: SEKRETARIS,\n"
        '     nama: YASRIN ABIDIN, nip: "197501012000031001"}\n'
    )
    target = tmp_path / "pk_2024.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def test_default_output_is_next_to_the_input(data_copy: Path) -> None:
    result = run_rkt("render", data_copy)
    assert result.returncode == 0, result.stderr
    out = data_copy.with_suffix(".docx")
    assert out.is_file()
    assert f"wrote {out}" in result.stderr
    assert zipfile.is_zipfile(out)


def test_several_inputs_in_one_process_into_out_dir(tmp_path: Path, data_copy: Path) -> None:
    second = two_signer_yaml(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_rkt("render", data_copy, second, "--out-dir", out_dir)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["pk_2024.docx", "rkt_2024.docx"]


def test_output_option_needs_a_single_input(tmp_path: Path, data_copy: Path) -> None:
    result = run_rkt("render", data_copy, two_signer_yaml(tmp_path), "-o", tmp_path / "x.docx")
    assert result.returncode == 2
    assert "--out-dir" in result.stderr


@pytest.mark.parametrize("name", ["rkt_2024.yaml", "other.yml"])
def test_the_input_yaml_is_never_overwritten(data_copy: Path, name: str) -> None:
    before = data_copy.read_bytes()
    result = run_rkt("render", data_copy, "-o", data_copy.parent / name)
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr
    assert data_copy.read_bytes() == before


def test_a_file_with_errors_is_not_rendered_and_old_output_stays(data_copy: Path) -> None:
    out = data_copy.with_suffix(".docx")
    out.write_bytes(b"previous output")
    data_copy.write_text(data_copy.read_text(encoding="utf-8").replace("anggaran: 822654000", "anggaran: -5"))
    result = run_rkt("render", data_copy)
    assert result.returncode == 1
    assert "anggaran" in result.stderr
    assert out.read_bytes() == b"previous output"


def test_failed_pdf_leaves_no_partial_file_and_keeps_the_previous_one(data_copy: Path, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    # A converter that writes half a PDF where LibreOffice would, then dies, like a crash halfway.
    fake.write_text(
        "#!/bin/sh\n"
        'while [ "$#" -gt 1 ]; do [ "$1" = --outdir ] && outdir="$2"; shift; done\n'
        'name=$(basename "$1" .docx)\n'
        'printf "%%PDF-1.7 half" > "$outdir/$name.pdf"\n'
        "exit 3\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    out = data_copy.with_suffix(".pdf")
    out.write_bytes(b"previous pdf")
    before = set(data_copy.parent.iterdir())
    result = run_rkt("render", data_copy, "--format", "pdf", env={"RKT_SOFFICE": str(fake)})
    assert result.returncode == 2
    assert "LibreOffice could not convert" in result.stderr
    assert out.read_bytes() == b"previous pdf"
    assert set(data_copy.parent.iterdir()) == before  # no temp file left behind


def test_missing_libreoffice_says_how_to_install(data_copy: Path) -> None:
    env = {"PATH": str(data_copy.parent), "RKT_SOFFICE": ""}
    result = run_rkt("render", data_copy, "--format", "pdf", env=env)
    assert result.returncode == 2
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not data_copy.with_suffix(".pdf").exists()


def test_an_output_folder_that_cannot_be_made_is_exit_2(data_copy: Path) -> None:
    # A missing folder is made (tests/test_cli_commands.py); one under a file cannot be.
    blocker = data_copy.parent / "blocker"
    blocker.write_text("a file", encoding="utf-8")
    result = run_rkt("render", data_copy, "-o", blocker / "missing" / "x.docx")
    assert result.returncode == 2
    assert "is a file, not a folder" in result.stderr


def test_same_input_gives_byte_identical_docx(data_copy: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run_rkt("render", data_copy, "-o", first).returncode == 0
    assert run_rkt("render", data_copy, "-o", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    props = Document(str(first)).core_properties
    assert props.created is not None and props.created.date().isoformat() == "2024-01-25"  # the signing date


def test_source_date_epoch_is_honoured(data_copy: Path, tmp_path: Path) -> None:
    epoch = "1700000000"  # 2023-11-14 22:13:20 UTC
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (first, second):
        assert run_rkt("render", data_copy, "-o", out, env={"SOURCE_DATE_EPOCH": epoch}).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    props = Document(str(first)).core_properties
    assert props.modified is not None and props.modified.isoformat().startswith("2023-11-14T22:13:20")
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_pk_template_from_the_same_data_without_code_change(tmp_path: Path) -> None:
    source = two_signer_yaml(tmp_path)
    out = tmp_path / "pk.docx"
    result = run_rkt("render", source, "--template", TEMPLATES / "pk", "-o", out)
    assert result.returncode == 0, result.stderr
    rows = table_cells(out, 0)
    assert rows[0] == ["No", "Sasaran", "Indikator", "Target"]
    reference = parse_reference().rows
    assert [r[2] for r in rows[1:]] == [r.indikator for r in reference]
    assert rows[1][3] == "95%"  # the PK template shows the satuan
    assert rows[1][1] == "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu"
    document = Document(str(out))
    assert document.sections[0].page_width < document.sections[0].page_height  # portrait
    signature = signature_table(out)
    left, right = (cell.text for cell in signature.rows[0].cells)
    assert "PIHAK KEDUA," in left and "NAMA KETUA" in left and "Prabumulih" not in left
    assert "PIHAK PERTAMA," in right and "Prabumulih, 25 Januari 2024" in right
    assert "NIP. 197501012000031001" in right
    assert document.paragraphs[0].text == "PERJANJIAN KINERJA TAHUN 2024"


def test_default_signature_is_in_the_right_half(data_copy: Path) -> None:
    out = data_copy.with_suffix(".docx")
    assert run_rkt("render", data_copy).returncode == 0
    signature = signature_table(out)
    left, right = (cell.text for cell in signature.rows[0].cells)
    assert left == ""
    assert right.startswith("Prabumulih, 25 Januari 2024\nSEKRETARIS,")
    assert right.endswith("YASRIN ABIDIN")


def test_table_format_prints_every_indikator(data_copy: Path) -> None:
    out = data_copy.parent / "rkt.txt"
    result = run_rkt("render", data_copy, "--format", "table", "-o", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    flat = " ".join(text.replace("│", " ").split())
    assert "822,654,000" in flat
    assert "YASRIN" not in text  # the table only: the signature belongs to the documents
    # Every indikator's first word sequence shows up (cells wrap inside their column).
    for row in parse_reference().rows:
        assert row.indikator.split()[0] in flat


def test_table_format_to_the_terminal(data_copy: Path) -> None:
    result = run_rkt("render", data_copy, "--format", "table", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "Indikator Kinerja strategis" in result.stdout
    assert not list(data_copy.parent.glob("*.txt"))


def test_the_templates_own_reference_docx_is_never_overwritten(tmp_path: Path, data_copy: Path) -> None:
    folder = tmp_path / "mine"
    assert run_rkt("template", "init", folder).returncode == 0
    reference = folder / "reference.docx"
    before = reference.read_bytes()
    result = run_rkt("render", data_copy, "--template", folder, "-o", reference)
    assert result.returncode == 2
    assert "is the template's own reference.docx" in result.stderr
    assert reference.read_bytes() == before


@pytest.mark.parametrize(("fmt", "name"), [("pdf", "out.docx"), ("docx", "out.PDF"), ("table", "out.docx")])
def test_output_name_and_format_must_agree(tmp_path: Path, data_copy: Path, fmt: str, name: str) -> None:
    result = run_rkt("render", data_copy, "--format", fmt, "-o", tmp_path / name)
    assert result.returncode == 2
    assert f"but --format is {fmt}" in result.stderr
    assert not (tmp_path / name).exists()
