"""The DOCX writer's own stand-ins for python-docx and xml.sax.saxutils (imported on every
render before): the same bytes as the originals, on any text and any core.xml a reference
may bring."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from xml.sax.saxutils import escape

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from hypothesis import given
from hypothesis import strategies as st

from rkt_cli.checking import check_file
from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.render import docx as renderer
from rkt_cli.render.docx_table import xml_escape
from rkt_cli.templating import load_template
from tests.render_support import DATA
from tests.test_docx_cache import python_docx_properties

NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
CORE_XMLS = [
    # python-docx's own default, as a fresh document gets it
    f'<cp:coreProperties {NS} xmlns:dcterms="http://purl.org/dc/terms/"/>',
    # no dcterms and no xsi declared: both are declared where python-docx declares them
    f"<cp:coreProperties {NS}/>",
    # a reference with properties of its own, some set twice, in another order
    f'<cp:coreProperties {NS} xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<cp:revision>7</cp:revision><dc:title>Lama</dc:title><dc:title>Dua</dc:title>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2001-01-01T00:00:00Z</dcterms:created>'
    "<cp:keywords>kpu</cp:keywords></cp:coreProperties>",
    # the core-properties namespace as the default one
    '<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
    "<revision>3</revision></coreProperties>",
    # other prefixes for the same namespaces
    '<p:coreProperties xmlns:p="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:d="http://purl.org/dc/elements/1.1/"><d:creator>Orang</d:creator></p:coreProperties>',
]


@given(st.text())
def test_escape_is_saxutils_escape(text: str) -> None:
    assert xml_escape(text) == escape(text)


def _view() -> DocumentView:
    checked = check_file(DATA)
    assert checked.model is not None
    return build_layout(checked.model, load_template())


VIEW = _view()


def _python_docx(core_xml: str, view: DocumentView, when: dt.datetime) -> bytes:
    props = CoreProperties(parse_xml(core_xml))  # type: ignore[arg-type]
    python_docx_properties(props, view, when)
    return serialize_part_xml(props._element)


def _own(core_xml: str, view: DocumentView, when: dt.datetime) -> bytes:
    core = renderer._parse_part(core_xml.encode())
    renderer._properties(core, view, when)
    return renderer._serialize_part(core)


@given(
    st.sampled_from(CORE_XMLS),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=300),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(9999, 12, 31)),
)
def test_core_properties_are_python_docx_bytes(core_xml: str, title: str, author: str, when: dt.datetime) -> None:
    view = replace(VIEW, title_text=title, author=author)
    assert _own(core_xml, view, when) == _python_docx(core_xml, view, when)


def test_core_properties_hold_what_was_set() -> None:
    when = dt.datetime(2024, 1, 2, 3, 4, 5)
    xml = _own(CORE_XMLS[0], replace(VIEW, title_text="RKT & <KPU>", author="Satker"), when)
    assert b"<dc:title>RKT &amp; &lt;KPU&gt;</dc:title>" in xml
    assert b'<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-02T03:04:05Z</dcterms:created>' in xml
    assert b"<cp:revision>1</cp:revision>" in xml
