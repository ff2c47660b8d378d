"""`rkt render -f table` with header groups (kolom `grup:`) and group rows (`tabel.baris_grup`):
the shipped rencana-aksi template ("Target" and "Realisasi" over TW I … TW IV) and lkj (a
"Sasaran N: …" row before each sasaran's indikator).

In the grid a group's text sits in a header row of its own, over exactly its columns; in the
blocks each label carries its group ("Target TW I"), since the columns' own headers repeat.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.render.table import ASCII, block_lines, table_lines
from rkt_cli.templating import load_template
from tests.cli_support import run_rkt
from tests.conftest import Golden

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
REALISASI = ROOT / "data" / "realisasi_2024.yaml"
PK = ROOT / "tests" / "data" / "templates" / "pk"
WIDTHS = (80, 120)


def _grouped_view() -> DocumentView:
    """The default template's view with the header groups of a rencana aksi laid over it: "Kinerja"
    over Indikator and Target, nothing over the other columns."""
    checked = check_file(DATA)
    assert checked.model is not None
    view = build_layout(checked.model, load_template(None), paged=False)
    headers = [c.header for c in view.columns]
    first = headers.index("Indikator Kinerja strategis")
    groups: list[tuple[str | None, int]] = [(None, 1)] * first + [("Kinerja", 2)]
    groups += [(None, 1)] * (len(headers) - first - 2)
    return replace(view, header_groups=tuple(groups))


@pytest.mark.parametrize("template", ["rencana-aksi", "lkj"])
@pytest.mark.parametrize("width", WIDTHS)
def test_golden_grouped_tables(golden: Golden, template: str, width: int) -> None:
    result = run_rkt(
        "render", DATA, "-f", "table", "--template", template, "--realisasi", REALISASI, env={"COLUMNS": str(width)}
    )
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= width for line in result.stdout.splitlines())
    golden.check(f"table/{template}_{width}.txt", result.stdout)


def test_rencana_aksi_grid_puts_each_group_over_its_own_columns() -> None:
    result = run_rkt(
        "render", DATA, "-f", "table", "--template", "rencana-aksi", "--realisasi", REALISASI, env={"COLUMNS": "120"}
    )
    lines = result.stdout.splitlines()
    groups, rule, headers = lines[0], lines[1], lines[2]
    # The header row: the column separators, in order; TW I is the 5th and the 9th column.
    bars = [i for i, ch in enumerate(headers) if ch == "│"]
    (
        target_start,
        realisasi_start,
    ) = bars[3], bars[7]
    assert groups.index("Target") > target_start and groups.index("Target") + len("Target") < realisasi_start
    assert groups.index("Realisasi") > realisasi_start
    # No separator crosses a group's text; the rule under it joins its columns (┬) and ends at a new group (┼).
    assert groups[target_start + 1 : realisasi_start].count("│") == 0
    assert rule[realisasi_start] == "┼" and rule[bars[4]] == "┬" and rule[target_start] == "├"
    # Over the columns of no group (No … Target Tahunan) no rule: their header spans both rows.
    assert rule[:target_start].strip(" │") == ""


def test_rencana_aksi_blocks_label_each_quarter_with_its_group() -> None:
    result = run_rkt(
        "render", DATA, "-f", "table", "--template", "rencana-aksi", "--realisasi", REALISASI, env={"COLUMNS": "80"}
    )
    labels = [line.lstrip(" •").split("  ")[0] for line in result.stdout.splitlines() if "TW" in line]
    assert labels[:8] == [
        "Target TW I",
        "Target TW II",
        "Target TW III",
        "Target TW IV",
        "Realisasi TW I",
        "Realisasi TW II",
        "Realisasi TW III",
        "Realisasi TW IV",
    ]


def test_lkj_group_rows_cross_the_whole_grid_with_no_column_line() -> None:
    result = run_rkt(
        "render", DATA, "-f", "table", "--template", "lkj", "--realisasi", REALISASI, env={"COLUMNS": "120"}
    )
    lines = result.stdout.splitlines()
    rows = [n for n, line in enumerate(lines) if line.startswith("Sasaran ")]
    assert [lines[n].split(":")[0] for n in rows] == [f"Sasaran {i}" for i in range(1, len(rows) + 1)]
    for n in rows:
        below = next(m for m in range(n + 1, len(lines)) if lines[m].startswith("─"))  # a long text wraps
        assert not any("│" in line for line in lines[n:below])
        assert "┼" not in lines[n - 1] and "┴" in lines[n - 1]  # the columns end above the group row …
        assert "┼" not in lines[below] and "┬" in lines[below]  # … and start again below it


def test_a_group_over_columns_of_the_default_view_in_ascii_grid_and_blocks() -> None:
    view = _grouped_view()
    grid = table_lines(view, 200, ASCII)
    blocks = table_lines(view, 100, ASCII)
    assert all(len(line) <= 200 for line in grid) and all(len(line) <= 100 for line in blocks)
    header = grid[grid.index("") + 1]  # after the title and its empty line: the groups' row
    assert header.replace("|", " ").split() == ["Kinerja"]
    assert any(line.startswith("- Kinerja Indikator Kinerja strategis ") for line in blocks)
    assert any(line.strip().startswith("Kinerja Target ") for line in blocks)


def test_a_group_text_longer_than_its_columns_widens_them() -> None:
    view = _grouped_view()
    assert view.header_groups is not None
    # A group over the No column alone, named with a word longer than the column's "No" and "1".
    lines = table_lines(replace(view, header_groups=(("Nomorurut", 1), *view.header_groups[1:])), 200)
    groups = next(line for line in lines if "Nomorurut" in line)
    assert groups.split("│")[0].strip() == "Nomorurut"


def test_blocks_without_groups_keep_plain_labels() -> None:
    checked = check_file(DATA)
    assert checked.model is not None
    view = build_layout(checked.model, load_template(PK), paged=False)
    assert view.header_groups is None
    assert not any(line.lstrip("• ").startswith("None ") for line in block_lines(view, 60))
