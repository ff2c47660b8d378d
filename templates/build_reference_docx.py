"""Build templates/default/reference.docx: the Word styles and page setup of the default template.

    python templates/build_reference_docx.py            # writes templates/default/reference.docx

Run it after changing the styles below; the output is byte-for-byte the same on every run
(fixed zip times and document properties), so a commit shows only real changes. A new file
needs its sha256 in rkt_cli/reference_docx.py (CHECKED_REFERENCE_SHA256), or every render
checks it in full again; tests/test_template_load_fast.py says when the two differ.
A user customises their own copy in Word instead (`rkt template init`): change the styles
"RKT Judul", "RKT Pengantar", "RKT Tabel", "RKT Tabel Judul", "RKT Tanda Tangan", or add a
letterhead/logo in the page header.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from rkt_cli.files import write_atomically
from rkt_cli.render.docx import ensure_styles, normalize_zip

FIXED_DATE = dt.datetime(2024, 1, 1)
# Arial is what offices use; LibreOffice substitutes the metric-compatible Liberation Sans
# where Arial is missing (Linux, CI), so line breaks stay the same.
FONT = "Arial"


def build() -> bytes:
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    # The document defaults name theme fonts (Calibri); name the font itself so that every
    # style, and every application, agrees.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attribute in list(fonts.attrib):
                del fonts.attrib[attribute]
            for kind in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(qn(f"w:{kind}"), FONT)
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), "id-ID")

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    ensure_styles(document)

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Mm(297)
    section.page_height = Mm(210)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(15)
    section.left_margin = Mm(15)
    section.right_margin = Mm(15)

    # python-docx's own template carries a thumbnail of an unrelated page, which file
    # managers would show for every rendered RKT: drop it.
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]

    props = document.core_properties
    props.title = "Rencana Kinerja Tahunan"
    props.author = "rkt"
    props.last_modified_by = "rkt"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    props.comments = "Template rkt: ubah gaya (styles) di Word, bukan isinya."
    raw = io.BytesIO()
    document.save(raw)
    return normalize_zip(raw.getvalue(), FIXED_DATE)


def main() -> int:
    target = Path(__file__).resolve().parent / "default" / "reference.docx"
    write_atomically(target, build())
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
