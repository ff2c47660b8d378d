"""Property: for a document of any shape (tests/strategies.sakip_documents) and a realisasi file
that reports nothing yet, the lkj and rencana-aksi templates lay out without error, and no
capaian-side cell is blank or a 0: "belum ada realisasi" or "-"."""

from __future__ import annotations

from hypothesis import given, settings

from rkt_cli.capaian_rows import CapaianRows
from rkt_cli.layout import build_layout
from rkt_cli.loader import SourceMap, load_yaml_bytes
from rkt_cli.model import RKT
from rkt_cli.realisasi import RktSource, check_realisasi
from rkt_cli.templating import load_template
from tests.strategies import sakip_documents

LKJ = load_template("lkj")
RENCANA_AKSI = load_template("rencana-aksi")


def nothing_reported(rkt: RKT) -> CapaianRows:
    loaded = load_yaml_bytes(f"rkt: generated.yaml\ntahun: {rkt.tahun}\n".encode(), "realisasi.yaml")
    result = check_realisasi(RktSource(rkt, "generated.yaml", SourceMap()), loaded, 4)
    assert result.laporan is not None, result.diagnostics
    return CapaianRows(result.laporan)


@settings(max_examples=40, deadline=None)
@given(sakip_documents())
def test_nothing_reported_is_never_a_blank_or_a_zero(rkt: RKT) -> None:
    rows = nothing_reported(rkt)
    lkj = build_layout(rkt, LKJ, capaian=rows)
    for row in lkj.rows:
        texts = [cell.text for cell in row.cells]
        assert texts[3:] == ["belum ada realisasi", "belum ada realisasi", "-"]
    serapan = [part.program_table for part in lkj.parts or () if part.kind == "tabel_serapan"]
    # The table is drawn exactly when there is something to show: programs with anggaran.
    assert len(serapan) == (1 if rkt.program is not None and rkt.has_anggaran else 0)
    for table in serapan:
        assert table is not None
        for line in (*table.rows, table.total_row):
            assert line[3] == "-"
            assert line[4] == "belum ada realisasi"
    sheet = build_layout(rkt, RENCANA_AKSI, capaian=rows)
    for row in sheet.rows:
        assert [cell.text for cell in row.cells][4:] == ["-"] * 8
