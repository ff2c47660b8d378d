"""render_docx builds the reference's parts once per (reference, page setup) and reuses them: the
bytes stay those of building every document from the reference afresh, whatever was rendered
before, with whichever template, in whichever process."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from docx import Document

from rkt_cli.checking import check_file
from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.model import RKT
from rkt_cli.parallel import pool_results
from rkt_cli.render import docx as renderer
from rkt_cli.render import docx_pdf_cuts, docx_table
from rkt_cli.render.docx import render_docx
from rkt_cli.templating import Template, load_template
from tests.pagination_support import sized_rkt
from tests.render_support import DATA, TEMPLATES

PK = TEMPLATES / "pk"


def uncached(view: DocumentView, reference: bytes, for_pdf: bool = False) -> bytes:
    """The document built the way render_docx did before the cache, in one python-docx
    Document: open the reference, prepare it, fill it, save, normalize the zip. The oracle."""
    document = Document(io.BytesIO(reference))
    body = document.element.body
    for child in list(body):
        if child.tag != renderer._w("sectPr"):
            body.remove(child)
    renderer.ensure_styles(document)
    renderer.apply_fonts(document, view.page)
    renderer._page_setup(document, view.page)
    widths = [renderer._twips(c.width_mm) for c in view.columns]
    renderer._add_body(body, view, widths)
    if view.page_number is not None:
        renderer._footer_words(renderer._own_footer(document).element, view)
    when = renderer.document_datetime(view)
    python_docx_properties(document.core_properties, view, when)
    raw = io.BytesIO()
    document.save(raw)
    if for_pdf:
        rows = docx_pdf_cuts.split_rows_xml(view, widths, renderer.PDF_MAX_ROWS_PER_TABLE)
    else:
        rows = docx_table.data_rows_xml(view, widths)

    def splice(xml: bytes) -> bytes:  # the data rows where the marker row stands, all at once
        before, after = renderer._around_marker(xml)
        return before + rows.encode("utf-8") + after

    return renderer.normalize_zip(raw.getvalue(), when, {"word/document.xml": splice})


def python_docx_properties(props: Any, view: DocumentView, when: dt.datetime) -> None:
    """The core properties set through python-docx, as render_docx did before it wrote them itself."""
    props.title = renderer._fit_property(view.title_text)
    props.subject = "Rencana Kinerja Tahunan"
    props.author = renderer._fit_property(view.author)
    props.last_modified_by = renderer._fit_property(view.author)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = "Dibuat dengan rkt"


def fresh(view: DocumentView, reference: bytes, for_pdf: bool = False) -> bytes:
    """render_docx with nothing cached before it."""
    renderer._skeleton.cache_clear()
    return render_docx(view, reference, for_pdf=for_pdf)


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    renderer._skeleton.cache_clear()
    yield
    renderer._skeleton.cache_clear()


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    """The default template, the PK one, and one with the default's settings but a reference of
    its own (a letterhead in the header): same page setup, other reference bytes."""
    folder = tmp_path_factory.mktemp("letterhead")
    default = load_template()
    (folder / "template.yaml").write_bytes((default.folder / "template.yaml").read_bytes())
    document = Document(io.BytesIO(default.reference_docx))
    document.sections[0].header.paragraphs[0].text = "KOP SURAT KPU"
    document.add_paragraph("contoh isi, dihapus saat render")
    saved = io.BytesIO()
    document.save(saved)
    (folder / "reference.docx").write_bytes(saved.getvalue())
    return {"default": default, "pk": load_template(PK), "letterhead": load_template(folder)}


@pytest.fixture(scope="module")
def models() -> dict[str, RKT]:
    checked = check_file(DATA)
    assert checked.model is not None
    return {"rkt_2024": checked.model, "generated_400": sized_rkt(400, seed=5)}


def view_of(models: dict[str, RKT], templates: dict[str, Template], model: str, template: str) -> DocumentView:
    return build_layout(models[model], templates[template])


def test_letterhead_template_really_has_the_same_page_and_other_bytes(templates: dict[str, Template]) -> None:
    # What makes the "never mix" tests below bite: the cache key differs only in the reference.
    default, letterhead = templates["default"], templates["letterhead"]
    assert default.reference_docx != letterhead.reference_docx
    assert default.spec == letterhead.spec


@pytest.mark.parametrize("for_pdf", [False, True], ids=["docx", "pdf-copy"])
@pytest.mark.parametrize("template", ["default", "pk", "letterhead"])
@pytest.mark.parametrize("model", ["rkt_2024", "generated_400"])
def test_same_bytes_as_building_from_the_reference_afresh(
    models: dict[str, RKT], templates: dict[str, Template], model: str, template: str, for_pdf: bool
) -> None:
    view = view_of(models, templates, model, template)
    reference = templates[template].reference_docx
    want = uncached(view, reference, for_pdf)
    assert fresh(view, reference, for_pdf) == want
    assert render_docx(view, reference, for_pdf=for_pdf) == want  # from the cache this time


def test_same_bytes_without_source_date_epoch(
    models: dict[str, RKT], templates: dict[str, Template], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the document's own date: another zip time, core.xml
    view = view_of(models, templates, "rkt_2024", "pk")
    assert fresh(view, templates["pk"].reference_docx) == uncached(view, templates["pk"].reference_docx)


def test_two_documents_in_a_row_each_as_if_alone(models: dict[str, RKT], templates: dict[str, Template]) -> None:
    reference = templates["pk"].reference_docx
    first = view_of(models, templates, "rkt_2024", "pk")
    # Another author, title and footer words too: nothing of the first may stay in the parts.
    second = replace(
        view_of(models, templates, "generated_400", "pk"),
        author="Satker Lain",
        title_text="RKT LAIN",
        page_number=(("text", "Hal. "), ("field", "PAGE")),
    )
    alone = {id(view): fresh(view, reference) for view in (first, second)}
    renderer._skeleton.cache_clear()
    in_a_row = [render_docx(view, reference) for view in (first, second, first, second)]
    assert in_a_row == [alone[id(first)], alone[id(second)]] * 2
    assert renderer._skeleton.cache_info().hits == 3  # the skeleton was reused, not rebuilt


def test_two_templates_alternately_never_mix(models: dict[str, RKT], templates: dict[str, Template]) -> None:
    names = ["default", "letterhead", "pk"]
    views = {name: view_of(models, templates, "rkt_2024", name) for name in names}
    alone = {name: fresh(views[name], templates[name].reference_docx) for name in names}
    assert len(set(alone.values())) == len(names)
    renderer._skeleton.cache_clear()
    for name in names * 3:
        assert render_docx(views[name], templates[name].reference_docx) == alone[name], name
    with zipfile.ZipFile(io.BytesIO(alone["letterhead"])) as letterhead:
        headers = [n for n in letterhead.namelist() if n.startswith("word/header")]
        assert any(b"KOP SURAT KPU" in letterhead.read(n) for n in headers)
    with zipfile.ZipFile(io.BytesIO(alone["default"])) as default:
        assert not any(b"KOP SURAT KPU" in default.read(n) for n in default.namelist())


def test_the_cache_stays_small(models: dict[str, RKT], templates: dict[str, Template]) -> None:
    view = view_of(models, templates, "rkt_2024", "default")
    reference = templates["default"].reference_docx
    for margin in range(renderer.SKELETON_CACHE_SIZE + 3):
        page = replace(view.page, margin_left_mm=10.0 + margin)
        render_docx(replace(view, page=page), reference)
    assert renderer._skeleton.cache_info().currsize == renderer.SKELETON_CACHE_SIZE


def test_a_page_setting_is_part_of_the_key(models: dict[str, RKT], templates: dict[str, Template]) -> None:
    view = view_of(models, templates, "rkt_2024", "default")
    reference = templates["default"].reference_docx
    render_docx(view, reference)
    wider = replace(view, page=replace(view.page, margin_left_mm=view.page.margin_left_mm + 5))
    assert render_docx(wider, reference) == uncached(wider, reference)
    unnumbered = replace(view, page_number=None)
    assert render_docx(unnumbered, reference) == uncached(unnumbered, reference)


def test_raw_zip_writer_writes_what_zipfile_writes() -> None:
    entries = [
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document>" + b"x" * 70_000 + b"</w:document>"),
        ("word/m\u00e9dia/gambar.bin", bytes(range(256)) * 40),  # a name that is not ASCII
        ("kosong.xml", b""),
    ]
    for when in (dt.datetime(2023, 11, 14, 22, 13, 21), dt.datetime(1970, 1, 1), dt.datetime(9999, 1, 1)):
        raw = renderer._zip_raw([(name, renderer._deflate(content)) for name, content in entries], when)
        assert raw == renderer._zip_with_zipfile(entries, when)
        with zipfile.ZipFile(io.BytesIO(raw)) as back:
            assert back.testzip() is None
            assert [(n, back.read(n)) for n in back.namelist()] == entries


def test_zip64_sized_documents_go_through_zipfile(
    models: dict[str, RKT], templates: dict[str, Template], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(models, templates, "rkt_2024", "default")
    reference = templates["default"].reference_docx
    want = render_docx(view, reference)
    monkeypatch.setattr(renderer, "_RAW_ZIP_MAX_BYTES", 0)  # every document takes the zipfile path
    assert render_docx(view, reference) == want


def render_job(job: tuple[str, str]) -> bytes:
    """One render in a pool worker (module level: the pool pickles it by name)."""
    model, template = job
    checked = check_file(DATA) if model == "rkt_2024" else None
    rkt = checked.model if checked is not None else sized_rkt(60, seed=9)
    assert rkt is not None
    loaded = load_template(PK if template == "pk" else None)
    return render_docx(build_layout(rkt, loaded), loaded.reference_docx)


def test_workers_forked_with_a_warm_cache_give_the_same_bytes() -> None:
    jobs = [("rkt_2024", "pk"), ("generated", "default"), ("generated", "pk"), ("rkt_2024", "default")]
    alone = []
    for job in jobs:
        renderer._skeleton.cache_clear()
        alone.append(render_job(job))
    render_job(jobs[0])
    # The parent's cache holds both templates' parts now; forked workers start with a copy.
    assert renderer._skeleton.cache_info().currsize == 2
    with pool_results(render_job, jobs, 2) as results:
        assert list(results) == alone
