"""Any text that validates renders: the DOCX renderer splices the data rows in at a marker, and
no value may collide with it. Values holding the marker's words (and the marker as XML) render
and read back as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.render_support import run_rkt, signature_table, table_cells

OLD_MARKER = "RKT-DATA-ROWS-GO-HERE"  # the marker as plain text, before it became an XML comment
AS_COMMENT = f"<!--{OLD_MARKER}-->"


def document(text: str) -> str:
    return f"""\
instansi: Komisi Pemilihan Umum Kota Contoh
unit: Sekretariat KPU Kota Contoh
tahun: 2024
pengantar: "Pengantar {text} selesai."
program:
  - nama: Program Dukungan Manajemen
    sasaran:
      - nama: Pengelolaan keuangan
        kode: "6709"
        anggaran: 1000000
        pelaksana: Subbagian Keuangan
        indikator:
          - uraian: "Persentase {text} yang tepat waktu"
            target: 95
            kegiatan: Penyusunan laporan keuangan
          - uraian: Persentase arsip yang tertata
            target: 90
            kegiatan: Penataan arsip
penandatangan:
  - {{tempat: Contoh, tanggal: 2024-01-25, jabatan: SEKRETARIS, nama: "NAMA {text}"}}
"""


@pytest.mark.parametrize("text", [OLD_MARKER, AS_COMMENT, f"{OLD_MARKER} {OLD_MARKER}"])
def test_values_holding_the_marker_render_and_read_back(tmp_path: Path, text: str) -> None:
    source = tmp_path / "marker.yaml"
    source.write_text(document(text), encoding="utf-8")
    assert run_rkt("validate", source).returncode == 0
    out = tmp_path / "marker.docx"
    result = run_rkt("render", source, "-o", out)
    assert result.returncode == 0, result.stderr
    docx = Document(str(out))
    assert f"Pengantar {text} selesai." in [p.text for p in docx.paragraphs]
    rows = table_cells(out)
    assert [row[3] for row in rows[2:]] == [f"Persentase {text} yang tepat waktu", "Persentase arsip yang tertata"]
    signature = [p.text for p in signature_table(out).rows[0].cells[1].paragraphs]
    assert signature[-1] == f"NAMA {text}"
