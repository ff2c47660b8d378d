"""The library API named in rkt_cli.__all__ works end to end without the CLI."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

import rkt_cli

DATA = Path(__file__).parents[1] / "data" / "rkt_2024.yaml"


def test_every_public_name_resolves() -> None:
    for name in rkt_cli.__all__:
        assert getattr(rkt_cli, name) is not None, name


def test_check_total_layout_render_import_through_the_api(tmp_path: Path) -> None:
    checked = rkt_cli.check_file(DATA)
    assert checked.model is not None and not checked.has_errors
    totals = rkt_cli.document_totals(checked.model)
    assert totals.anggaran == 23_142_485_000
    assert [p.anggaran for p in totals.program] == [17_632_649_000, 5_509_836_000]
    template = rkt_cli.load_template()
    view = rkt_cli.build_layout(checked.model, template)
    data = rkt_cli.render_docx(view, template.reference_docx)
    assert len(Document(io.BytesIO(data)).tables[0].rows) == 43  # header, numbering, 40 rows, signature
    path = tmp_path / "rkt.docx"
    path.write_bytes(data)
    imported = rkt_cli.import_docx(path)
    assert imported.rkt == checked.model
    written = rkt_cli.dump_rkt(imported.rkt).splitlines()
    original = DATA.read_text(encoding="utf-8").splitlines()
    assert [line for line in written if not line.startswith("#")] == [
        line for line in original if not line.startswith("#")
    ]
