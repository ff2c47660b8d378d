"""A document without signers drawn through the library (the CLI refuses it first, RKT220, for a
template that signs): no signature row or block, and no ZeroDivisionError from sharing the page
width among zero signers."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from rkt_cli.checking import check_file
from rkt_cli.layout import build_layout
from rkt_cli.model import RKT
from rkt_cli.render.docx import render_docx
from rkt_cli.templating import load_template

ROOT = Path(__file__).parent.parent


def _without_signers(path: Path) -> RKT:
    model = check_file(path).model
    assert model is not None
    return model.model_copy(update={"penandatangan": []})


@pytest.mark.parametrize(
    ("data", "template"),
    [
        ("data/rkt_2024.yaml", "rkt"),
        ("data/rkt_2024.yaml", "pk"),
        ("tests/data/valid/sasaran_tanpa_program.yaml", "pk"),
    ],
)
def test_no_signer_draws_no_signature(data: str, template: str) -> None:
    rkt = _without_signers(ROOT / data)
    loaded = load_template(template)
    view = build_layout(rkt, loaded)
    assert view.signature.is_empty
    document = docx.Document(io.BytesIO(render_docx(view, loaded.reference_docx)))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "YASRIN ABIDIN" not in text and "Persentase" in text
