"""Templates made of parts (bagian:), and the shipped pk: each read back from the DOCX."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from rkt_cli.templating import TemplateError, load_template, shipped_template_folder
from tests.cli_support import run_rkt
from tests.render_support import DATA, is_signature_row

PARTS = Path(__file__).resolve().parent / "data" / "parts"
PK_PLT = PARTS / "pk_plt.yaml"


def render(tmp_path: Path, data: Path, template: str | Path) -> Path:
    out = tmp_path / "out.docx"
    result = run_rkt("render", data, "--template", template, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def body_items(path: Path) -> list[str]:
    """The body in order: each paragraph's text ("<page>" for a page break), each table as "<table N>"."""
    body = Document(str(path)).element.body
    items: list[str] = []
    tables = 0
    for child in body:
        if child.tag == qn("w:p"):
            breaks = child.findall(".//" + qn("w:br"))
            if any(br.get(qn("w:type")) == "page" for br in breaks):
                items.append("<page>")
            else:
                text = "".join(t.text or "" for t in child.iter(qn("w:t")))
                if text:
                    items.append(text)
        elif child.tag == qn("w:tbl"):
            items.append(f"<table {tables}>")
            tables += 1
    return items


def rows_of(path: Path, index: int) -> list[list[str]]:
    table = Document(str(path)).tables[index]
    return [[cell.text for cell in row.cells] for row in table.rows if not is_signature_row(row._tr)]


def signature_texts(path: Path, index: int) -> list[str]:
    """The texts of the signature nested in table `index`'s last row, or of table `index` itself."""
    document = Document(str(path))
    tbl = document.tables[index]._tbl
    last = tbl.tr_lst[-1]
    holder = last if is_signature_row(last) else tbl
    return [t.text or "" for t in holder.iter(qn("w:t"))]


def test_pk_two_signers_statement_page_break_and_lampiran(tmp_path: Path) -> None:
    out = render(tmp_path, PK_PLT, "pk")
    items = body_items(out)
    assert items[:2] == ["PERJANJIAN KINERJA TAHUN 2025", "Sekretariat KPU Kota Contoh"]
    assert items[2].startswith("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel")
    assert items[3] == "Nama: SITI AMINAHJabatan: Plt. SEKRETARIS"
    assert items[4] == "selanjutnya disebut pihak pertama"
    assert items[5] == "Nama: BUDI SANTOSOJabatan: KETUA"
    assert items[6] == "selaku atasan pihak pertama, selanjutnya disebut pihak kedua"
    assert items[7].startswith("Pihak pertama berjanji") and items[8].startswith("Pihak kedua akan melakukan supervisi")
    assert items[9:] == [
        "<table 0>",  # the signatures of page 1
        "<page>",
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025",
        "Sekretariat KPU Kota Contoh",
        "<table 1>",  # sasaran, indikator, target
        "<table 2>",  # program, anggaran, Jumlah, and the signatures again
    ]
    page_one = signature_texts(out, 0)
    for text in ("Kota Contoh, 6 Januari 2025", "PIHAK PERTAMA", "Plt. SEKRETARIS,", "SITI AMINAH"):
        assert text in page_one
    for text in ("PIHAK KEDUA", "KETUA,", "BUDI SANTOSO"):
        assert text in page_one
    assert rows_of(out, 1) == [
        ["No", "Sasaran", "Indikator", "Target"],
        ["1", "Sasaran Pertama", "Persentase dokumen yang selesai tepat waktu", "98,5%"],
        ["1", "Sasaran Pertama", "Jumlah laporan yang disusun", "12 laporan"],
        ["2", "Sasaran Kedua", "Persentase layanan yang diselesaikan", "90%"],
    ]
    program = rows_of(out, 2)
    assert program == [
        ["No", "Program", "Anggaran"],
        ["1", "Program Satu", "Rp 1.000.000"],
        ["2", "Program Dua", "Rp 2.500.000"],
        ["Jumlah", "Jumlah", "Rp 3.500.000"],  # the label spans No and Program
    ]
    assert "SITI AMINAH" in signature_texts(out, 2) and "BUDI SANTOSO" in signature_texts(out, 2)


def test_pk_of_the_2024_rkt_totals_rp_23_142_485_000(tmp_path: Path) -> None:
    out = render(tmp_path, DATA, "pk")
    program = rows_of(out, 2)
    assert program[-1] == ["Jumlah", "Jumlah", "Rp 23.142.485.000"]
    assert program[1:3] == [
        ["1", "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", "Rp 17.632.649.000"],
        ["2", "Program Dukungan Manajemen", "Rp 5.509.836.000"],
    ]
    items = body_items(out)
    # One signer: the statement names only the first party, and no empty Nama/Jabatan lines.
    assert "Nama: YASRIN ABIDINJabatan: SEKRETARIS" in items
    assert not any("pihak kedua" in item for item in items)
    assert len(rows_of(out, 1)) == 1 + 40


def test_parts_tab_stop_and_indent_in_the_docx(tmp_path: Path) -> None:
    out = render(tmp_path, PK_PLT, "pk")
    body = Document(str(out)).element.body
    party = next(p for p in body.iter(qn("w:p")) if "SITI AMINAH" in "".join(t.text or "" for t in p.iter(qn("w:t"))))
    tab = party.find(".//" + qn("w:tabs") + "/" + qn("w:tab"))
    assert tab is not None and tab.get(qn("w:pos")) == str(round(40 * 1440 / 25.4))
    assert party.find(".//" + qn("w:ind")).get(qn("w:left")) == str(round(12.5 * 1440 / 25.4))
    assert len(party.findall(".//" + qn("w:r") + "/" + qn("w:tab"))) == 2


def test_a_template_without_parts_has_none(tmp_path: Path) -> None:
    assert load_template("rkt").spec.bagian is None


MINIMAL_PARTS = """
tabel:
  kolom:
    - {isi: indikator, judul: "Indikator", lebar_mm: 80}
bagian:
  - jenis: teks
    teks: "{{ pihak_pertama.nama }} dan {{ pihak_kedua.nama }}"
  - jenis: tabel
  - jenis: tanda_tangan
"""


def template_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "t"
    folder.mkdir(exist_ok=True)
    (folder / "template.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_statement_names_both_signers_and_a_signature_after_a_table_is_its_last_row(tmp_path: Path) -> None:
    out = render(tmp_path, PK_PLT, template_with(tmp_path, MINIMAL_PARTS))
    assert body_items(out) == ["SITI AMINAH dan BUDI SANTOSO", "<table 0>"]
    tr = Document(str(out)).tables[0]._tbl.tr_lst[-1]
    assert is_signature_row(tr)


@pytest.mark.parametrize(
    ("edit", "code", "line", "words"),
    [
        (
            "  - {jenis: ganti_halaman, teks: x}\n",
            "RKT402",
            10,
            "a part of jenis ganti_halaman takes no other key, not teks",
        ),
        ("  - {jenis: teks}\n", "RKT403", 10, "a part of jenis teks needs teks:"),
        ("  - {jenis: tabel}\n", "RKT404", 10, "the indikator table (jenis: tabel) stands in the parts once"),
        ("  - {jenis: tabel_program, kolom: [{isi: kode, judul: K, lebar_mm: 9}]}\n", "RKT404", 10, "expected one of"),
        ("  - {jenis: tabel_program, kolom: [{isi: nomor, judul: K, lebar_mm: 400}]}\n", "RKT407", 10, "mm wide"),
        ("  - {jenis: sampul}\n", "RKT404", 10, "expected one of"),
        ("  - {jenis: teks, teks: '{{ pihak_ketiga.nama }}'}\n", "RKT405", 10, "'pihak_ketiga' is undefined"),
    ],
)
def test_part_problems_at_their_line(tmp_path: Path, edit: str, code: str, line: int, words: str) -> None:
    folder = template_with(tmp_path, MINIMAL_PARTS + edit)
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.line) == (code, line), caught.value.problems
    assert words in problem.message


def test_rkt_template_check_accepts_the_shipped_pk() -> None:
    result = run_rkt("template", "check", shipped_template_folder("pk"))
    assert result.returncode == 0, result.stderr


def test_a_copy_of_pk_renders_as_pk(tmp_path: Path) -> None:
    folder = tmp_path / "my-pk"
    shutil.copytree(shipped_template_folder("pk"), folder)
    a = render(tmp_path, PK_PLT, folder).read_bytes()
    b = render(tmp_path, PK_PLT, "pk").read_bytes()
    assert a == b


def test_parts_without_the_indikator_table(tmp_path: Path) -> None:
    text = """
tabel:
  kolom:
    - {isi: kegiatan, judul: "Kegiatan", lebar_mm: 80}
tanda_tangan: {bawah: ["{{ nama }}"]}
bagian:
  - {jenis: judul, baris: ["RINGKASAN ANGGARAN {{ tahun }}"]}
  - jenis: tabel_program
    jumlah: "Total"
    baris: ["Tabel 1. Anggaran per program"]
    kolom:
      - {isi: program, judul: "Program", lebar_mm: 100}
      - {isi: anggaran, judul: "Anggaran (Rp)", lebar_mm: 40, rata: kanan}
  - {jenis: tanda_tangan}
"""
    out = render(tmp_path, PK_PLT, template_with(tmp_path, text))
    assert body_items(out) == ["RINGKASAN ANGGARAN 2025", "Tabel 1. Anggaran per program", "<table 0>"]
    assert rows_of(out, 0) == [
        ["Program", "Anggaran (Rp)"],
        ["Program Satu", "1.000.000"],
        ["Program Dua", "2.500.000"],
        ["Total", "3.500.000"],
    ]
    assert "SITI AMINAH" in signature_texts(out, 0)
