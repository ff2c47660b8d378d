"""A header of two rows where a cell spans a group of columns ("Target" over "TW I | … | TW IV",
the other cells merged down), as the rencana aksi has it; a data row under a one-row header
with a spanned cell stays a data row."""

from __future__ import annotations

from rkt_cli.importer.grid import GridCell, GridRow
from rkt_cli.importer.header import classify_header, header_at

_SPAN = GridCell("", spanned=True)


def _row(*cells: GridCell | str) -> GridRow:
    return GridRow([GridCell(c) if isinstance(c, str) else c for c in cells])


def test_a_group_over_quarters_is_a_header_of_two_rows_its_quarters_extra_columns() -> None:
    upper = _row("No", "Sasaran", "Indikator Kinerja", "Target Tahunan", "Target", _SPAN, "Realisasi", _SPAN)
    merged = [GridCell(t, merged=True) for t in ("No", "Sasaran", "Indikator Kinerja", "Target Tahunan")]
    lower = _row(*merged, "TW I", "TW II", "TW I", "TW II")
    header = header_at([upper, lower, _row("1", "S", "I", "95%", "25", "50", "20", "45")], 0)
    assert header is not None and header.rows == 2
    assert header.roles == {"no": [0], "sasaran": [1], "indikator": [2], "target": [3]}
    assert list(header.unknown.values()) == ["Target TW I", "Target TW II", "Realisasi TW I", "Realisasi TW II"]


def test_a_data_row_under_a_spanned_header_cell_is_no_second_header_row() -> None:
    upper = _row("No", "Sasaran", "Indikator", "Target", "Anggaran", _SPAN)
    data = _row("1", "Meningkatnya akuntabilitas", "Nilai SAKIP", "75", "Rp", "822.654.000")
    header = header_at([upper, data], 0)
    assert header is not None and header.rows == 1


def test_a_quarter_names_no_column_of_the_plan() -> None:
    assert [classify_header(t) for t in ("TW I", "Target TW II", "Realisasi Triwulan 3", "Target")] == [
        None,
        None,
        None,
        "target",
    ]
