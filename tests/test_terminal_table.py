"""`rkt render --format table` (rkt_cli/render/table.py): the whole RKT in a terminal of any width.

A grid of every column where the columns fit side by side, else a block per sasaran after a line
that says so; in both, every word of every cell, each merged value once, and the Jumlah row.
The CLI runs in-process (tests/cli_support.py); one real process checks a pipe in cp1252.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from rich.cells import cell_len

from rkt_cli.checking import check_file, check_text
from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.render.table import ASCII, MAX_CELL_CHARS, grid_widths, render_text, table_lines
from rkt_cli.render.table import _column_needs as column_needs
from rkt_cli.templating import load_template
from tests import hostile_yaml
from tests.cli_support import run_rkt
from tests.conftest import Golden
from tests.test_cli_process import rkt as rkt_process

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
PK = ROOT / "tests" / "data" / "templates" / "pk"
TOTAL = "23,142,485,000"
BAR = " │ "


def _view(path: Path = DATA, template: Path | None = None) -> DocumentView:
    checked = check_file(path)
    assert checked.model is not None
    return build_layout(checked.model, load_template(template), paged=False)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _grid_cells(lines: list[str], columns: int) -> list[list[str]]:
    """The grid read back: each row's cells, the text of its lines joined, whitespace removed.
    Rows are separated by rule lines; the first row is the header."""
    rows: list[list[list[str]]] = []  # row → column → the pieces of its lines
    current: list[list[str]] | None = None
    for line in lines:
        if "─" in line and re.fullmatch(r"[─┼┤├┴ │]+", line):  # a rule: the next row begins
            current = None
            continue
        parts = (line + "   ").split(BAR)  # a line ends at its last text; the bar's space may be cut
        if current is None:
            current = [[] for _ in range(max(columns, len(parts)))]
            rows.append(current)
        for i, part in enumerate(parts):
            current[i].append(part)
    return [["".join(_squeezed(piece) for piece in cell) for cell in row] for row in rows]


# ---- the grid ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [120, 140, 160, 200])
def test_the_grid_holds_every_cell_whole_in_its_own_column_and_the_merged_ones_once(width: int) -> None:
    view = _view()
    lines = table_lines(view, width)
    assert max(len(line) for line in lines) <= width
    body = lines[lines.index("") + 1 :]  # after the title
    rows = _grid_cells(body, len(view.columns))
    assert rows[0] == [_squeezed(c.header) for c in view.columns]
    # Every cell of the document, in order, whole (a word broken at the column edge still reads
    # the same once the line breaks are gone); a merged cell only in its first row.
    assert rows[1:-1] == [[_squeezed(cell.text) for cell in row.cells] for row in view.rows]
    assert rows[-1][0] == "Jumlah" and TOTAL in rows[-1]


def test_the_grid_draws_no_line_through_a_merged_cell() -> None:
    lines = table_lines(_view(), 120)
    # Between two indikator of one sasaran: No, Program, Sasaran and Anggaran are not crossed.
    inner = next(line for line in lines if line.lstrip().startswith("│") and "├" in line)
    assert inner.startswith("   │")
    assert "┤" in inner  # the rule stops at the merged Anggaran cell


def test_a_template_without_anggaran_has_no_jumlah_row() -> None:
    lines = table_lines(_view(template=PK), 100)
    assert not any(line.split()[:1] == ["Jumlah"] or "┴" in line for line in lines)
    assert lines[-1].startswith("   │")  # the last indikator row closes the table
    assert any("Persentase pelantikan PPK sesuai jadwal" in line for line in lines)


def test_a_pipe_without_box_drawing_gets_ascii() -> None:
    text = "\n".join(table_lines(_view(), 120, ASCII))
    assert not re.search(r"[^\x00-\x7f]", text)  # the 2024 data itself is ASCII
    assert "-+-" in text and " | " in text


# ---- the blocks ----------------------------------------------------------------------------


def _block_values(lines: list[str], value_column: int) -> str:
    return "".join(_squeezed(line[value_column:]) for line in lines if not line.startswith("━"))


@pytest.mark.parametrize("width", [60, 80, 100])
def test_too_narrow_for_the_grid_says_so_and_shows_every_field_in_blocks(width: int) -> None:
    view = _view()
    assert grid_widths(view, width, column_needs(view, ASCII)) is None
    lines = table_lines(view, width)
    assert max(len(line) for line in lines) <= width
    text = "\n".join(lines)
    assert f"The 8 columns need 120 characters side by side and the terminal has {width}" in " ".join(text.split())
    assert text.count("━" * width) == 9 + 1  # a block per sasaran, then the total
    # Every value, whole and in order: the sasaran's fields once, then each indikator's.
    start = next(i for i, line in enumerate(lines) if line.startswith("━"))
    value_column = next(len(line) - len(line[2:].lstrip()) for line in lines[start:] if line.startswith("No "))
    expected = []
    for number, row in enumerate(view.rows):
        cells = [cell.text for cell in row.cells]
        first = number == 0 or row.cells[0].merge != "continue"
        if first:
            expected += [cells[0], cells[1], cells[2], cells[6]]  # No, Program, Sasaran, Anggaran
        expected += [cells[3], cells[4], cells[5], cells[7] or _pelaksana_above(view, number)]
    expected.append(TOTAL)
    assert _block_values(lines[start:], value_column) == _squeezed("".join(expected))


def _pelaksana_above(view: DocumentView, number: int) -> str:
    """A merged Pelaksana cell's text: the first row of its run."""
    while view.rows[number].cells[7].merge == "continue":
        number -= 1
    return view.rows[number].cells[7].text


def test_blocks_name_the_total() -> None:
    lines = table_lines(_view(), 80)
    assert lines[-1].split() == ["Jumlah", "Anggaran", TOTAL]


# ---- limits --------------------------------------------------------------------------------


def test_a_6mb_name_is_shown_up_to_the_cell_limit_and_marked() -> None:
    checked = check_text(hostile_yaml.long_program_name(6_000_000))
    assert checked.model is not None
    view = build_layout(checked.model, load_template(None), paged=False)
    for width in (80, 200):
        lines = table_lines(view, width)
        assert max(len(line) for line in lines) <= width
        text = "\n".join(lines)
        assert "…" in text
        assert len(_squeezed(text)) < 2 * MAX_CELL_CHARS


@pytest.mark.parametrize("width", [80, 120, 200])
def test_wide_characters_are_measured_as_the_terminal_shows_them(width: int) -> None:
    """A CJK character takes two cells: counted as one, its lines would run past the edge and
    the terminal would crop them."""
    checked = check_text(hostile_yaml.document(program="日本語" * 30 + " Program 表 " + "漢字" * 5))
    assert checked.model is not None
    lines = table_lines(build_layout(checked.model, load_template(None), paged=False), width)
    assert max(cell_len(line) for line in lines) <= width
    text = "".join(lines)
    assert (text.count("日"), text.count("表"), text.count("漢")) == (30, 1, 5)  # every character, once


def test_a_huge_instansi_in_the_title_is_bounded_too() -> None:
    # 900,000 characters: the most the wording sandbox lets a title line hold is 1,000,000.
    text = hostile_yaml.document().replace("Komisi Pemilihan Umum Kota Contoh", hostile_yaml.long_name(900_000))
    checked = check_text(text)
    assert checked.model is not None
    lines = table_lines(build_layout(checked.model, load_template(None), paged=False), 80)
    assert len(_squeezed("".join(lines))) < 2 * MAX_CELL_CHARS


def test_jumlah_gets_room_beside_a_narrow_first_column() -> None:
    """Anggaran right after No (2 characters): the word Jumlah still fits before the total."""
    view = _view()
    keep = (0, 6)
    narrow = replace(
        view,
        columns=tuple(view.columns[i] for i in keep),
        rows=tuple(replace(row, cells=tuple(row.cells[i] for i in keep)) for row in view.rows),
    )
    lines = table_lines(narrow, 40)
    assert max(len(line) for line in lines) <= 40
    assert lines[-1].split() == ["Jumlah", "│", TOTAL]


# ---- through the command line --------------------------------------------------------------

GOLDEN_WIDTHS = (80, 120)


@pytest.mark.parametrize("width", GOLDEN_WIDTHS)
def test_golden_table(golden: Golden, width: int) -> None:
    result = run_rkt("render", DATA, "--format", "table", env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    golden.check(f"table/rkt_2024_{width}.txt", result.stdout)


def test_a_pipe_without_columns_gets_80_and_no_colour() -> None:
    result = run_rkt("render", DATA, "--format", "table", env={"COLUMNS": None, "NO_COLOR": None})
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "each sasaran is shown as a block" in " ".join(result.stdout.split())


def test_output_file_is_the_grid_at_200_columns(tmp_path: Path) -> None:
    out = tmp_path / "rkt.txt"
    result = run_rkt("render", DATA, "--format", "table", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == render_text(_view(), 200)


def test_a_real_process_in_a_cp1252_pipe_prints_the_table_in_ascii() -> None:
    """What only a process shows: the pipe's own encoding, and no colour outside a terminal."""
    done = rkt_process("render", str(DATA), "--format", "table", PYTHONIOENCODING="cp1252", COLUMNS="120")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "\x1b[" not in text
    assert "-+-" in text and "│" not in text
    assert re.search(rf"Jumlah \| +{TOTAL} \|", text)


def test_a_real_process_summary_at_80_columns_wraps_sasaran_names_and_lists_units() -> None:
    """`rkt summary` as a user runs it in a pipe: 80 columns, every sasaran name whole over its
    lines, and the units of a shared sasaran named rather than counted ("+1")."""
    done = rkt_process("summary", str(DATA))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not re.search(r"\+\d", done.stdout)
    start = next(i for i, line in enumerate(lines) if line.startswith("1   6709"))
    name = " ".join(line[10:32].strip() for line in lines[start : start + 5])
    assert name == "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu"
    assert [line[40:56].strip() for line in lines[start : start + 2]] == ["Rendatin", "Hukum dan SDM"]
