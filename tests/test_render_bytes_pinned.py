"""The layout and the DOCX of generated 1,000-row documents, pinned by their sha256.

Issue 14's speed work rewrote how the page plan measures rows, how the layout builds its cells
and how the DOCX writer produces and compresses document.xml (in pieces, never whole). None of
that may change a byte: the hashes below were taken from main before that work (commit
e34b8cb), with the same documents, templates and SOURCE_DATE_EPOCH. The documents cover what
the fast paths skip or special-case: merges of every kind, sasaran taller than a page (faint
repeats), the rows kept with the signature, group rows and header groups, text that needs
escaping (&, <, a line break, a control character the loader would have refused), a document
without programs, and the PDF's copy cut into tables.

Should an upgrade of python-docx, lxml or zlib move a DOCX hash while the view hashes hold,
compare the unzipped parts of the old and new bytes before moving the pin (as
tests/test_rkt_output_pinned.py says); a view hash moves only with a wanted change of layout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from rkt_cli.layout import build_layout
from rkt_cli.model import RKT, Indikator, Sasaran
from rkt_cli.render.docx import render_docx
from rkt_cli.templating import Template, load_template
from tests.pagination_support import sized_rkt

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parent / "templates"
GROUPS = HERE / "data" / "columns" / "groups"


def _tall(rkt: RKT) -> RKT:
    """The first sasaran made 130 rows long (taller than a page), with texts that need escaping."""
    assert rkt.program is not None
    indikator = [i for p in rkt.program for s in p.sasaran for i in s.indikator][:130]
    odd = [
        indikator[0].model_copy(update={"uraian": "Persentase A & B <laporan> \"tepat\" 'waktu'"}),
        indikator[1].model_copy(update={"uraian": "baris satu\nbaris dua\n\nbaris empat", "satuan": "<x>"}),
        indikator[2].model_copy(update={"kegiatan": "kegiatan\x01 dengan\x0b karakter kendali"}),
    ]
    first = rkt.program[0].sasaran[0].model_copy(update={"indikator": [*odd, *indikator[3:]]})
    program = rkt.program[0].model_copy(update={"sasaran": [first, *rkt.program[0].sasaran[1:]]})
    return rkt.model_copy(update={"program": [program, *rkt.program[1:]]})


def _without_programs(rkt: RKT) -> RKT:
    assert rkt.program is not None
    sasaran: list[Sasaran] = [s for p in rkt.program for s in p.sasaran]
    return rkt.model_copy(update={"program": None, "sasaran": sasaran})


def _long_last(rkt: RKT) -> RKT:
    """The last sasaran 40 rows long: the signature takes only its last rows."""
    assert rkt.program is not None
    last_program = rkt.program[-1]
    extra: list[Indikator] = [i for s in rkt.program[0].sasaran for i in s.indikator][:40]
    last = last_program.sasaran[-1].model_copy(update={"indikator": extra})
    program = last_program.model_copy(update={"sasaran": [*last_program.sasaran[:-1], last]})
    return rkt.model_copy(update={"program": [*rkt.program[:-1], program]})


@cache
def model(name: str) -> RKT:
    base = sized_rkt(1000, seed=7)
    return {"plain": lambda r: r, "tall": _tall, "no_programs": _without_programs, "long_last": _long_last}[name](base)


@cache
def _template(folder: str) -> Template:
    return load_template(Path(folder) if folder else None)


def template(name: str, tmp: Path) -> Template:
    if name in ("selalu", "tidak"):
        folder = tmp / name
        if not folder.exists():
            folder.mkdir()
            text = (TEMPLATES / "default" / "template.yaml").read_text(encoding="utf-8")
            assert "ulangi_gabungan: panjang" in text
            (folder / "template.yaml").write_text(text.replace("ulangi_gabungan: panjang", f"ulangi_gabungan: {name}"))
            (folder / "reference.docx").write_bytes((TEMPLATES / "default" / "reference.docx").read_bytes())
        return _template(str(folder))
    folder = {"default": "", "pk": str(TEMPLATES / "pk"), "sederhana": str(TEMPLATES / "rkt-sederhana")}
    return _template(folder.get(name, str(GROUPS)))


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()[:16]


def hashes(model_name: str, template_name: str, tmp: Path) -> str:
    """The view's repr (paged and unpaged), the DOCX and the PDF's DOCX, each hashed."""
    chosen = template(template_name, tmp)
    rkt = model(model_name)
    view = build_layout(rkt, chosen)
    return " ".join(
        (
            digest(repr(view)),
            digest(repr(build_layout(rkt, chosen, paged=False))),
            digest(render_docx(view, chosen.reference_docx)),
            digest(render_docx(view, chosen.reference_docx, for_pdf=True)),
        )
    )


# Taken with the code of main at e34b8cb (SOURCE_DATE_EPOCH=1700000000): the view, the terminal's
# view, the DOCX and the PDF's DOCX, each the first 16 hex digits of its sha256.
PINNED: dict[tuple[str, str], str] = {
    ("plain", "default"): "f3f3b2a0bc45f69f ea21c86d0f636388 ede4edce5c24fcbc a3f742568884e4f1",
    ("plain", "pk"): "6113f47fa090757c 57ef77692ecfcf40 5616bda4609547b3 42aa93fb56335bc5",
    ("plain", "sederhana"): "cc097cf2b07053e0 1195027f5b67bc35 82a97dcf005d54f5 cf91495271527c12",
    ("plain", "groups"): "68c53801a772895f d94105879828d40a 54a309296dad2fe6 1fe0a0a7b60f748b",
    ("plain", "selalu"): "08c915d3e13afbac ea21c86d0f636388 c4d8ee102e47cabe 4a9135ac83d059c2",
    ("plain", "tidak"): "d551bce7c2c06896 ea21c86d0f636388 2e47d92833f2b31e 5102e6639833c285",
    ("tall", "default"): "bc5cc4a7824fc4e7 64ede731cfa23f56 8fe1ec8ebefe7383 21abe222fe51827f",
    ("tall", "selalu"): "40baa667c2677400 64ede731cfa23f56 0fb0b2e919e71ae1 7b93a17dcd2fb525",
    ("tall", "tidak"): "cce6188616702a01 64ede731cfa23f56 1cc837c0fbe35156 a8481dcd3f19cd58",
    ("tall", "groups"): "9891ec430bfd2944 5f52d206f785e6bd 93593da4faefce27 eb54bb71d3178612",
    ("tall", "sederhana"): "5a5299937a6a1081 5fa5f865fded7c61 973dcb9a4fbc047d 028df1ffe2060c5c",
    ("no_programs", "default"): "096dd96d02a94b1c 984f7e415b8efb2f 169840f2922d214f 351913016f31d418",
    ("long_last", "default"): "048b1e673509457a dedd1fb1e92e8a7e 3fba33c0e7d73fa0 bb9e01af83aadd8f",
    ("long_last", "pk"): "cd5913d5607228e0 95a38c09d9f3dc8a c7e7f058b7bc9dd5 312d725d874e330d",
}


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    yield


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("templates")


@pytest.mark.parametrize(("model_name", "template_name"), sorted(PINNED))
def test_layout_and_docx_bytes_as_main_made_them(model_name: str, template_name: str, tmp: Path) -> None:
    assert hashes(model_name, template_name, tmp) == PINNED[model_name, template_name]


def test_the_cases_exercise_what_they_should(tmp: Path) -> None:
    # The pins only hold the fast paths to main's bytes if these documents reach them.
    tall = build_layout(model("tall"), template("default", tmp))
    assert any(cell.faint for row in tall.rows for cell in row.cells)  # a sasaran taller than a page
    assert any("&" in cell.text and "<" in cell.text for row in tall.rows for cell in row.cells)
    assert any("\n" in cell.text for row in tall.rows for cell in row.cells)
    grouped = build_layout(model("plain"), template("groups", tmp))
    assert grouped.header_groups is not None
    assert any(row.groups_before for row in grouped.rows)
    assert build_layout(model("plain"), template("pk", tmp)).parts is not None
    merges = {cell.merge for row in tall.rows for cell in row.cells}
    assert merges == {"none", "restart", "continue"}
