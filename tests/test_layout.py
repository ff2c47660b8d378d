"""The layout step: every cell a string, every merge decided, before any renderer runs."""

from __future__ import annotations

import dataclasses

import pytest

from rkt_cli.checking import check_file, check_text
from rkt_cli.layout import build_layout
from rkt_cli.model import RKT
from rkt_cli.templating import Template, load_template
from rkt_cli.walk import walk_sasaran
from tests.reference import parse_reference
from tests.render_support import DATA, TEMPLATES


@pytest.fixture(scope="module")
def rkt() -> RKT:
    checked = check_file(DATA)
    assert checked.model is not None
    return checked.model


def _with_tabel(template: Template, **changes: object) -> Template:
    spec = template.spec.model_copy(update={"tabel": template.spec.tabel.model_copy(update=changes)})
    return dataclasses.replace(template, spec=spec)


def test_cells_are_strings_and_spans_cover_each_sasaran(rkt: RKT) -> None:
    view = build_layout(rkt, load_template(None))
    assert len(view.rows) == 40
    assert all(isinstance(cell.text, str) for row in view.rows for cell in row.cells)
    sizes = [len(at.sasaran.indikator) for at in walk_sasaran(rkt)]
    # A faint cell starts the merge again with the same value: the last rows, which go with the
    # signature onto a page of their own, name their sasaran there.
    starts = [i for i, row in enumerate(view.rows) if row.cells[0].merge != "continue" and not row.cells[0].faint]
    assert len(starts) == len(sizes) == 9
    for start, size in zip(starts, sizes, strict=True):
        first = view.rows[start].cells[0]
        assert first.merge == ("restart" if size > 1 else "none")
        for k in range(1, size):
            cell = view.rows[start + k].cells[0]
            assert (cell.merge, cell.text) == ("continue", "") or (cell.faint and cell.text == first.text)
    assert [i for i, row in enumerate(view.rows) if row.cells[0].faint] == [38]


def test_sasaran_cell_carries_its_kode_and_anggaran_uses_the_template_separator(rkt: RKT) -> None:
    template = load_template(None)
    first = build_layout(rkt, template).rows[0].cells
    assert first[2].text.endswith("(6709)")
    assert first[6].text == "822,654,000"
    dotted = build_layout(rkt, _with_tabel(template, pemisah_ribuan=".")).rows[0].cells
    assert dotted[6].text == "822.654.000"


def test_target_shows_satuan_only_when_the_template_asks(rkt: RKT) -> None:
    template = load_template(None)
    plain = build_layout(rkt, template).rows[0].cells[4].text
    with_satuan = build_layout(rkt, _with_tabel(template, target_dengan_satuan=True)).rows[0].cells[4].text
    assert (plain, with_satuan) == ("95", "95%")
    reference_targets = [r.target for r in parse_reference().rows]
    assert [row.cells[4].text for row in build_layout(rkt, template).rows] == reference_targets


def test_header_and_numbering_rows(rkt: RKT) -> None:
    view = build_layout(rkt, load_template(None))
    assert view.header_rows[0][:3] == ("No", "Program", "Sasaran strategis")
    assert view.header_rows[1] == tuple(str(n) for n in range(1, 9))
    assert view.repeat_header
    pk = build_layout(rkt, load_template(TEMPLATES / "pk"))
    assert len(pk.header_rows) == 1  # the PK has no numbering row


def test_title_signature_and_page_number(rkt: RKT) -> None:
    view = build_layout(rkt, load_template(None))
    assert [(t.text, t.caps) for t in view.title] == [
        ("Komisi Pemilihan Umum Kota Prabumulih", True),  # shown in capitals, words as written
        ("RENCANA KINERJA TAHUNAN", True),
        ("Sekretariat KPU Kota Prabumulih", False),
        ("TAHUN 2024", False),
    ]
    left, right = view.signature.columns
    assert left is None  # one signer: the right half
    assert right is not None
    texts = [line.text for line in right]
    assert texts[0] == "Prabumulih, 25 Januari 2024"
    assert texts[1] == "SEKRETARIS,"
    assert texts[-1] == "YASRIN ABIDIN"  # no NIP: the empty "NIP." line is dropped
    assert texts[2:-1] == [""] * 4
    assert view.page_number == (("field", "PAGE"),)
    pk = build_layout(rkt, load_template(TEMPLATES / "pk"))
    assert pk.page_number == (("text", "Halaman "), ("field", "PAGE"), ("text", " dari "), ("field", "NUMPAGES"))


def test_wording_is_autoescaped_for_safety_but_written_literally() -> None:
    text = DATA.read_text(encoding="utf-8").replace(
        "unit: Sekretariat KPU Kota Prabumulih", 'unit: "Sekretariat <KPU> & Kota {{ 7 * 7 }}"'
    )
    checked = check_text(text, "x.yaml")
    assert checked.model is not None
    view = build_layout(checked.model, load_template(None))
    # Data is never evaluated as a template, and never turned into markup.
    assert view.title[2].text == "Sekretariat <KPU> & Kota {{ 7 * 7 }}"


def test_pelaksana_merge_never_crosses_a_sasaran(rkt: RKT) -> None:
    view = build_layout(rkt, load_template(None))
    for index, row in enumerate(view.rows):
        if row.cells[7].merge == "continue":
            assert row.cells[0].merge == "continue", f"row {index} continues pelaksana across a sasaran"
