"""rkt_cli.importer on hand-made Word documents (built here with python-docx) and on its cell parsers."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from rkt_cli.checking import check_file, check_text
from rkt_cli.importer import (
    MONTHS,
    PLACEHOLDER,
    DocxImportError,
    ImportFailure,
    ImportResult,
    _read_front,
    classify_header,
    import_docx,
    parse_anggaran,
    parse_target,
    parse_tempat_tanggal,
    split_kode,
)
from rkt_cli.model import RKT
from rkt_cli.yaml_writer import dump_rkt
from tests.import_support import HEADER, Layout, build_reference_docx, build_table_docx, set_cell_vmerge_xml

DATA = Path(__file__).parent.parent / "data" / "rkt_2024.yaml"


@pytest.fixture(scope="module")
def reference_model() -> RKT:
    model = check_file(DATA).model
    assert model is not None
    return model


def codes(result: ImportResult) -> list[str]:
    return [d.code for d in result.diagnostics]


# --- the office's own table, laid out the ways people lay it out -------------------------------

VARIANTS = {
    "blank continuation cells": Layout(),
    "values repeated on every row": Layout(continuation="repeat"),
    "vertical merges": Layout(continuation="merge"),
    "header repeated mid-table": Layout(header_every=7),
    "merges with header repeated mid-table": Layout(continuation="merge", header_every=9),
    "no numbering row": Layout(numbering_row=False),
    "numbers with dots": Layout(anggaran=lambda text: text.replace(",", ".")),
    "Rp and dots": Layout(anggaran=lambda text: "Rp " + text.replace(",", ".") + ",-"),
    "plain digits": Layout(anggaran=lambda text: text.replace(",", "")),
    "an extra empty column": Layout(extra_empty_column=True),
    "landscape section after a cover page": Layout(cover_page=True),
    "table split at page breaks": Layout(split_every=11, cover_page=True),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_hand_made_variant_imports_to_the_reference_model(name: str, tmp_path: Path, reference_model: RKT) -> None:
    path = build_reference_docx(tmp_path / "rkt.docx", VARIANTS[name])
    result = import_docx(path)
    assert result.rkt == reference_model
    assert result.rows == 40
    # The letterhead is in capitals in these documents; the importer says it restored the case.
    assert "RKT312" in codes(result)
    assert result.placeholders == []


def test_repeated_anggaran_is_counted_once_and_reported_per_sasaran(tmp_path: Path) -> None:
    path = build_reference_docx(tmp_path / "rkt.docx", Layout(continuation="repeat"))
    result = import_docx(path)
    assert result.rkt.total_anggaran == 23_142_485_000
    repeated = [d for d in result.diagnostics if d.code == "RKT310"]
    # Eight of the nine sasaran have more than one indikator row.
    assert len(repeated) == 8
    first = repeated[0]
    assert first.line == 4 and first.message.startswith("row 4: anggaran repeated")
    assert first.path == "program[0].sasaran[0].anggaran"


def test_blank_cells_carry_on_without_warnings_within_a_sasaran(tmp_path: Path) -> None:
    result = import_docx(build_reference_docx(tmp_path / "rkt.docx", Layout()))
    assert codes(result) == ["RKT312"]


def test_reads_title_block_intro_and_signature(tmp_path: Path, reference_model: RKT) -> None:
    result = import_docx(build_reference_docx(tmp_path / "rkt.docx"))
    rkt = result.rkt
    assert (rkt.instansi, rkt.unit, rkt.tahun) == (
        "Komisi Pemilihan Umum Kota Prabumulih",
        "Sekretariat KPU Kota Prabumulih",
        2024,
    )
    assert rkt.pengantar == reference_model.pengantar
    signer = rkt.penandatangan[0]
    assert (signer.tempat, signer.tanggal, signer.jabatan, signer.nama, signer.nip) == (
        "Prabumulih",
        dt.date(2024, 1, 25),
        "SEKRETARIS",
        "YASRIN ABIDIN",
        None,
    )
    assert result.left_out == ["penandatangan[0].nip"] and result.placeholders == []


def test_imported_yaml_is_valid(tmp_path: Path) -> None:
    result = import_docx(build_reference_docx(tmp_path / "rkt.docx", Layout(continuation="merge")))
    checked = check_text(dump_rkt(result.rkt, schema_ref=None))
    assert not checked.has_errors
    assert checked.model == result.rkt


# --- small tables: each carry-on rule and each guess ------------------------------------------

P = "Program Dukungan Manajemen"
ROW = [
    "1",
    P,
    "Layanan Perkantoran (3360)",
    "Persentase layanan tepat waktu",
    "95",
    "Layanan",
    "1.000.000",
    "Subbag Umum",
]


def small(tmp_path: Path, rows: list[list[str]], **kwargs: object) -> ImportResult:
    return import_docx(build_table_docx(tmp_path / "t.docx", rows, **kwargs))  # type: ignore[arg-type]


def test_pelaksana_shared_by_all_indikator_is_lifted_to_the_sasaran(tmp_path: Path) -> None:
    rows = [ROW, ["", "", "", "Persentase surat terkirim", "90", "Surat", "", "Subbag Umum"]]
    sasaran = small(tmp_path, rows).rkt.program[0].sasaran[0]
    assert sasaran.pelaksana == "Subbag Umum"
    assert [i.pelaksana for i in sasaran.indikator] == [None, None]


def test_pelaksana_of_the_majority_goes_to_the_sasaran_others_stay_on_their_indikator(tmp_path: Path) -> None:
    rows = [
        [*ROW[:7], "Subbag Hukum"],
        ["", "", "", "Persentase B", "90", "B", "", "Subbag Umum"],
        ["", "", "", "Persentase C", "90", "C", "", "Subbag Umum"],
    ]
    sasaran = small(tmp_path, rows).rkt.program[0].sasaran[0]
    assert sasaran.pelaksana == "Subbag Umum"
    assert [i.pelaksana for i in sasaran.indikator] == ["Subbag Hukum", None, None]


def test_missing_pelaksana_on_a_new_sasaran_is_inherited_with_a_warning(tmp_path: Path) -> None:
    rows = [ROW, ["2", P, "Keuangan (3355)", "Persentase laporan", "100", "Laporan", "2.000.000", ""]]
    result = small(tmp_path, rows)
    assert result.rkt.program[0].sasaran[1].pelaksana == "Subbag Umum"
    warning = next(d for d in result.diagnostics if d.code == "RKT305")
    assert warning.line == 3 and warning.message == "row 3: pelaksana missing, inherited from row 2"


def test_different_amounts_on_one_sasaran_are_summed_with_a_warning(tmp_path: Path) -> None:
    rows = [ROW, ["1", P, ROW[2], "Persentase B", "90", "B", "500.000", "Subbag Umum"]]
    result = small(tmp_path, rows)
    assert result.rkt.program[0].sasaran[0].anggaran == 1_500_000
    assert "RKT310" in codes(result)


def test_kegiatan_row_without_indikator_joins_the_indikator_above(tmp_path: Path) -> None:
    rows = [ROW, ["", "", "", "", "", "Rapat koordinasi", "", ""]]
    result = small(tmp_path, rows)
    indikator = result.rkt.program[0].sasaran[0].indikator
    assert len(indikator) == 1 and indikator[0].kegiatan == "Layanan; Rapat koordinasi"
    assert "RKT306" in codes(result)


def test_total_row_is_not_an_indikator_and_is_checked(tmp_path: Path) -> None:
    rows = [ROW, ["", "JUMLAH", "", "", "", "", "1.000.001", ""]]
    result = small(tmp_path, rows)
    assert result.rows == 1
    assert [d.line for d in result.diagnostics if d.code == "RKT314"] == [3]


def test_missing_kode_gets_a_unique_placeholder(tmp_path: Path) -> None:
    rows = [
        [*ROW[:2], "Layanan Perkantoran", *ROW[3:]],
        ["2", P, "Keuangan", "Persentase laporan", "100", "Laporan", "2.000.000", "Subbag Umum"],
    ]
    result = small(tmp_path, rows)
    kode = [s.kode for s in result.rkt.program[0].sasaran]
    assert kode == [f"{PLACEHOLDER} 1", f"{PLACEHOLDER} 2"]
    assert not check_text(dump_rkt(result.rkt)).has_errors


def test_header_words_with_other_wording_and_breaks(tmp_path: Path) -> None:
    header = [
        "NO.",
        "PROGRAM",
        "Sasaran\nStrategis",
        "Indikator  Kinerja",
        "Target (%)",
        "Rencana Kegiatan",
        "Pagu (Rp)",
        "Penanggung\nJawab",
    ]
    result = small(tmp_path, [ROW], header=header)
    assert result.rkt.program[0].sasaran[0].indikator[0].uraian == "Persentase layanan tepat waktu"


def test_raw_vmerge_continue_and_restart(tmp_path: Path) -> None:
    """w:vMerge written as Word writes it: val="restart" on top, no val below."""
    document = docx.Document()
    document.add_paragraph("RENCANA KINERJA TAHUNAN TAHUN 2025")
    table = document.add_table(rows=3, cols=len(HEADER))
    for column, text in enumerate(HEADER):
        table.cell(0, column).text = text
    data = [ROW, ["", "", "", "Persentase B", "80", "B", "", "Subbag Umum"]]
    for r, values in enumerate(data, start=1):
        for column, text in enumerate(values):
            table.cell(r, column).text = text
    for column in (0, 1, 2, 6):
        set_cell_vmerge_xml(table, 1, column, "restart")
        set_cell_vmerge_xml(table, 2, column, None)
    path = tmp_path / "raw.docx"
    document.save(str(path))
    result = import_docx(path)
    sasaran = result.rkt.program[0].sasaran
    assert len(sasaran) == 1 and sasaran[0].anggaran == 1_000_000 and len(sasaran[0].indikator) == 2
    assert result.rkt.tahun == 2025
    assert "RKT310" not in codes(result)


def test_fields_not_found_are_placeholders_and_listed(tmp_path: Path) -> None:
    result = small(tmp_path, [ROW], front=[], signature=[])
    assert set(result.placeholders) == {"instansi", "unit", "penandatangan[0].jabatan", "penandatangan[0].nama"}
    assert result.rkt.instansi == PLACEHOLDER
    assert not check_text(dump_rkt(result.rkt)).has_errors


def test_signature_with_nip_and_multi_line_jabatan(tmp_path: Path) -> None:
    signature = [
        "Prabumulih, 2 Pebruari 2025",
        "SEKRETARIS KPU",
        "KOTA PRABUMULIH,",
        "",
        "YASRIN ABIDIN",
        "NIP. 19700101 199003 1 001",
    ]
    signer = small(tmp_path, [ROW], signature=signature).rkt.penandatangan[0]
    assert signer.jabatan == "SEKRETARIS KPU KOTA PRABUMULIH"
    assert signer.nama == "YASRIN ABIDIN"
    assert signer.nip == "197001011990031001"
    assert signer.tanggal == dt.date(2025, 2, 2)


# --- files that are not an importable DOCX -------------------------------------------------------


def test_old_binary_doc_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(DocxImportError, match=r"old binary Word document \(\.doc\)") as info:
        import_docx(path)
    assert info.value.kind is ImportFailure.FILE


def test_password_protected_docx_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(DocxImportError, match="password-protected"):
        import_docx(path)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", b"plain text, not a document"])
def test_corrupt_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(DocxImportError, match=r"not a DOCX file|damaged") as info:
        import_docx(path)
    assert info.value.kind is ImportFailure.FILE


def test_zip_without_document_part_and_bad_xml(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DocxImportError, match="not a Word document"):
        import_docx(empty)
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(DocxImportError, match="damaged"):
        import_docx(bad)


def test_document_without_rkt_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Surat biasa")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Nama"
    path = tmp_path / "letter.docx"
    document.save(str(path))
    with pytest.raises(
        DocxImportError,
        match=r"no RKT table found: its only table has no header row with the words Sasaran, Indikator and Target$",
    ) as info:
        import_docx(path)
    assert info.value.kind is ImportFailure.CONTENT
    document.add_table(rows=1, cols=2)
    document.save(str(path))
    with pytest.raises(DocxImportError, match="no RKT table found: none of its 2 tables has a header row with"):
        import_docx(path)


def test_document_without_any_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Surat biasa")
    path = tmp_path / "letter.docx"
    document.save(str(path))
    with pytest.raises(DocxImportError, match=r"no RKT table found: the document has no table$"):
        import_docx(path)


def test_text_in_text_boxes_is_recognised_as_a_converted_pdf(tmp_path: Path) -> None:
    """Word and LibreOffice open a PDF as text boxes, one per line: no table to read, and the
    message says so instead of asking for header words the user can see on the page."""
    document = docx.Document()
    run = document.add_paragraph()._p.add_r()
    vml = "urn:schemas-microsoft-com:vml"
    shape = etree.SubElement(etree.SubElement(run, qn("w:pict")), f"{{{vml}}}shape")  # as LibreOffice writes it
    box = etree.SubElement(etree.SubElement(shape, f"{{{vml}}}textbox"), qn("w:txbxContent"))
    paragraph = etree.SubElement(box, qn("w:p"))
    etree.SubElement(etree.SubElement(paragraph, qn("w:r")), qn("w:t")).text = "No Program Sasaran Indikator"
    path = tmp_path / "from_pdf.docx"
    document.save(str(path))
    with pytest.raises(DocxImportError, match=r"text boxes .*import the \.docx the PDF was made from") as info:
        import_docx(path)
    assert info.value.kind is ImportFailure.CONTENT


# --- cell parsers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["822,654,000", "822.654.000", "Rp 822.654.000", "Rp. 822.654.000,-", "822654000", "822 654 000", "822.654.000,00"],
)
def test_parse_anggaran_forms(text: str) -> None:
    assert parse_anggaran(text) == 822_654_000


@pytest.mark.parametrize("text", ["", "abc", "822.654.000,50", "12,3", "1.2.3"])
def test_parse_anggaran_rejects(text: str) -> None:
    assert parse_anggaran(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("95", (95, None)),
        ("95%", (95, None)),
        ("98 %", (98, None)),
        ("87,5", (87.5, None)),
        ("100 persen", (100, None)),
        ("4 dokumen", (4, "dokumen")),
        ("1.000 orang", (1000, "orang")),
        ("WTP", ("WTP", None)),
        ("9" * 400, ("9" * 400, None)),  # beyond a float: kept as text (and refused), never "inf"
    ],
)
def test_parse_target(text: str, expected: tuple[object, object]) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Perencanaan Program (6709)", ("Perencanaan Program", "6709")),
        ("Pembentukan Badan Adhoc\n(6867)", ("Pembentukan Badan Adhoc", "6867")),
        ("Layanan (2024) (6709.EBA.994)", ("Layanan (2024)", "6709.EBA.994")),
        ("6709 - Perencanaan Program", ("Perencanaan Program", "6709")),
        ("Tanpa kode", ("Tanpa kode", None)),
    ],
)
def test_split_kode(text: str, expected: tuple[str, str | None]) -> None:
    assert split_kode(text) == expected


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("No", "no"),
        ("NO.", "no"),
        ("Indikator Kinerja strategis", "indikator"),
        ("Indikator Kinerja Kegiatan", "indikator"),
        ("Sasaran  strategis", "sasaran"),
        ("Ang garan", "anggaran"),
        ("Pelaksana Kegiatan", "pelaksana"),
        ("Indikatr", "indikator"),
        ("Keterangan", "keterangan"),
        ("Realisasi Anggaran", "realisasi"),
        ("Capaian (%)", "capaian"),
        ("Kondisi Awal", None),
    ],
)
def test_classify_header(text: str, role: str | None) -> None:
    assert classify_header(text) == role


def test_tempat_tanggal() -> None:
    assert parse_tempat_tanggal("Prabumulih, 25 Januari 2024") == ("Prabumulih", dt.date(2024, 1, 25), 2024)
    assert parse_tempat_tanggal("Kota Baru,  Januari 2024") == ("Kota Baru", None, 2024)
    assert parse_tempat_tanggal("SEKRETARIS,") is None


def test_month_table_agrees_with_babel() -> None:
    from babel.dates import get_month_names

    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="id").items():
            assert MONTHS[name.lower().rstrip(".")] == number, (width, name)


def test_a_long_unit_name_is_the_unit_not_the_intro() -> None:
    """Twelve words or more usually make the intro paragraph, but not a line that names a unit."""
    unit = "Sekretariat Komisi Pemilihan Umum Kabupaten Ogan Komering Ulu Selatan Provinsi Sumatera Selatan Jl. Merdeka"
    intro = (
        "Perencanaan Kinerja merupakan proses penyusunan rencana kinerja sebagai penjabaran dari program dan sasaran."
    )
    front = _read_front(
        ["Komisi Pemilihan Umum Kabupaten Contoh", "RENCANA KINERJA TAHUNAN", unit, "TAHUN 2024", intro]
    )
    assert (front.instansi, front.unit, front.pengantar, front.tahun) == (
        "Komisi Pemilihan Umum Kabupaten Contoh",
        unit,
        intro,
        2024,
    )
