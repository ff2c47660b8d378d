"""DocumentView → the RKT as text for a terminal or a .txt file: the title, every column of the
template, and the Jumlah row with the total anggaran.

Two layouts, chosen by the width:

- a grid, the document's own table, when every column fits side by side with its longest word
  whole (up to LONGEST_WORD_KEPT_WHOLE cells; a longer word is broken). Cells wrap inside their column.
  A merged cell (the sasaran over its indikator rows) shows its text once, in its first row, and
  no line crosses it, as in the signed document.
- blocks, when the grid does not fit (the default template needs about 120 columns): a line says
  so, then one block per sasaran, each field on its own line after its column header; the
  sasaran's own fields once at the top of its block, then a record per indikator.

Header groups (kolom grup) are a header row of their own in the grid, each group's text over
its columns; in the blocks each label carries its group ("Target TW I"). Group rows
(tabel.baris_grup) cross the whole grid, or open their block.

Nothing is cropped: every word of every cell is shown, except in a cell longer than
MAX_CELL_CHARS, which is cut with "…" (the DOCX keeps every word).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment

from rkt_cli.layout import ColumnView, DocumentView
from rkt_cli.render.text_wrap import LONGEST_WORD_KEPT_WHOLE, wrap_lines

# A cell longer than this is cut (with "…"): real cells hold a few hundred characters, and a
# megabyte cell would only fill the screen (the DOCX keeps every word). Wrapping reads no more.
MAX_CELL_CHARS = 10_000
# In the grid, a column is at least as wide as its longest word (up to LONGEST_WORD_KEPT_WHOLE
# cells), and a text column at least MIN_GRID_TEXT_WIDTH: narrower columns would break words or
# stack them one per line, and the block layout reads better then.
MIN_GRID_TEXT_WIDTH = 12
# In the block layout, the labels (column headers) take at most this share of the width.
LABEL_SHARE = 0.4
ANGGARAN = "anggaran"
JUMLAH = "Jumlah"


@dataclass(frozen=True)
class Glyphs:
    """The characters the layout draws with: box drawing, or ASCII for an output without it."""

    vertical: str
    horizontal: str
    cross: str  # ┼: rules on both sides
    left_end: str  # ┤: a rule on the left only (the column on the right is merged)
    right_end: str  # ├: a rule on the right only
    bottom_end: str  # ┴: a rule on both sides, no line below (inside the Jumlah label)
    top_end: str  # ┬: a rule on both sides, no line above (under a header group, a group row)
    heavy: str  # the line between sasaran blocks
    bullet: str
    ellipsis: str


BOX = Glyphs("│", "─", "┼", "┤", "├", "┴", "┬", "━", "•", "…")
ASCII = Glyphs("|", "-", "+", "+", "+", "+", "+", "=", "-", "...")


def _bounded(text: str, glyphs: Glyphs) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + glyphs.ellipsis


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells (see text_wrap.wrap_lines)."""
    return wrap_lines(text, width)


def _pad(text: str, width: int, align: str = "kiri") -> str:
    room = max(width - cell_len(text), 0)
    if align == "kanan":
        return " " * room + text
    if align == "tengah":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _title_lines(view: DocumentView, width: int, glyphs: Glyphs) -> list[str]:
    lines: list[str] = []
    for line in view.title:
        text = _bounded(line.text.upper() if line.caps else line.text, glyphs)
        if text.strip():
            lines += [_pad(part, width, "tengah").rstrip() for part in _wrap(text, width)]
    return lines


def _resolved(view: DocumentView, glyphs: Glyphs) -> list[list[str]]:
    """Every row's texts with a merged cell's text in each row it covers (bounded)."""
    rows: list[list[str]] = []
    for row in view.rows:
        texts = []
        for i, cell in enumerate(row.cells):
            continued = cell.merge == "continue" and bool(rows)
            texts.append(rows[-1][i] if continued else _bounded(cell.text, glyphs))
        rows.append(texts)
    return rows


# ---- the grid ------------------------------------------------------------------------------


def _needs(column: ColumnView, cells: Sequence[str], glyphs: Glyphs) -> tuple[int, int]:
    """(natural, minimum) width of a column: all on one line, and the narrowest that keeps words
    whole. A column of single words (numbers, codes) never wraps, so both are its widest cell."""
    words = [cell_len(w) for text in cells for w in text.split()]
    header = _bounded(column.header, glyphs)
    header_words = [cell_len(w) for w in header.split()]
    longest_cell = max((cell_len(line) for text in cells for line in text.splitlines()), default=0)
    natural = max(longest_cell, cell_len(header), 1)
    if all(len(text.split()) <= 1 for text in cells):
        return natural, max(longest_cell, *header_words, 1)
    minimum = max(min(max([*words, *header_words, 1]), LONGEST_WORD_KEPT_WHOLE), MIN_GRID_TEXT_WIDTH)
    return natural, min(natural, minimum)


def _column_needs(view: DocumentView, glyphs: Glyphs) -> list[tuple[int, int]]:
    """(natural, minimum) width of each column; the anggaran column also holds the total."""
    rows = _resolved(view, glyphs)
    needs = [_needs(column, [row[i] for row in rows], glyphs) for i, column in enumerate(view.columns)]
    index = _anggaran_index(view)
    if index is not None:
        total = cell_len(view.total_anggaran)
        natural, minimum = needs[index]
        needs[index] = (max(natural, total), max(minimum, total))
        # The columns before it hold the word Jumlah: widen the last of them if they are too narrow.
        span = sum(minimum for _natural, minimum in needs[:index]) + 3 * (index - 1)
        if index and span < len(JUMLAH):
            natural, minimum = needs[index - 1]
            deficit = len(JUMLAH) - span
            needs[index - 1] = (max(natural, minimum + deficit), minimum + deficit)
    for text, first, count in _group_spans(view):
        # A header group's longest word fits over its columns: widen the last of them if not.
        words = [cell_len(w) for w in _bounded(text or "", glyphs).split()]
        longest = min(max(words, default=0), LONGEST_WORD_KEPT_WHOLE)
        span = sum(minimum for _natural, minimum in needs[first : first + count]) + 3 * (count - 1)
        if span < longest:
            natural, minimum = needs[first + count - 1]
            deficit = longest - span
            needs[first + count - 1] = (max(natural, minimum + deficit), minimum + deficit)
    return needs


def _anggaran_index(view: DocumentView) -> int | None:
    """The column that gets the Jumlah row's total, if the template shows anggaran."""
    contents = [c.content for c in view.columns]
    return contents.index(ANGGARAN) if view.total_anggaran and ANGGARAN in contents else None


def _separators(view: DocumentView) -> int:
    return 3 * (len(view.columns) - 1)  # " │ " between columns


def grid_widths(view: DocumentView, width: int, needs: Sequence[tuple[int, int]]) -> list[int] | None:
    """Each column's width in a grid of at most `width` characters, or None when the columns do
    not fit side by side. The room is shared as the columns share the page (their lebar_mm),
    but no column gets less than its minimum or more than it needs."""
    available = width - _separators(view)
    widths = [minimum for _natural, minimum in needs]
    if sum(widths) > available:
        return None
    # Water-filling: each pending column's share of the room left; a column whose need is
    # below its share, or whose minimum is above it, takes that and leaves the rest to others.
    pending = [i for i, (natural, minimum) in enumerate(needs) if natural > minimum]
    budget = available - sum(w for i, w in enumerate(widths) if i not in pending)
    while pending:
        weight = sum(view.columns[i].width_mm for i in pending) or 1.0
        share = {i: budget * view.columns[i].width_mm / weight for i in pending}
        settled = [i for i in pending if needs[i][0] <= share[i] or needs[i][1] >= share[i]]
        if not settled:
            for i in pending:
                widths[i] = int(share[i])
            # What rounding down left: a character each to the widest columns on paper.
            by_weight = sorted(pending, key=lambda i: -view.columns[i].width_mm)
            for i in by_weight[: budget - sum(widths[i] for i in pending)]:
                widths[i] += 1
            break
        for i in settled:
            widths[i] = needs[i][0] if needs[i][0] <= share[i] else needs[i][1]
            budget -= widths[i]
            pending.remove(i)
    return widths


def _rule(
    widths: Sequence[int],
    ruled: Sequence[bool],
    glyphs: Glyphs,
    inside_label: int = 0,
    up: Sequence[bool] | None = None,
    down: Sequence[bool] | None = None,
) -> str:
    """A horizontal line across the columns marked in `ruled`; merged columns keep their
    vertical lines only. `up` / `down`: whether each separator (before column 1, 2 …) has a
    vertical line above / below the rule (default: both). The first `inside_label` separators
    end upwards (the Jumlah label below spans them)."""
    parts: list[str] = []
    for i, width in enumerate(widths):
        if i:
            left, right = ruled[i - 1], ruled[i]
            above = up[i - 1] if up is not None else True
            below = (down[i - 1] if down is not None else True) and i >= inside_label
            if left and right:
                junction = {
                    (True, True): glyphs.cross,
                    (True, False): glyphs.bottom_end,
                    (False, True): glyphs.top_end,
                    (False, False): glyphs.horizontal,
                }[above, below]
            elif left:
                junction = glyphs.left_end
            elif right:
                junction = glyphs.right_end
            else:
                junction = glyphs.vertical
            parts.append((glyphs.horizontal if left else " ") + junction + (glyphs.horizontal if right else " "))
        parts.append((glyphs.horizontal if ruled[i] else " ") * width)
    return "".join(parts).rstrip()


def _row_lines(cells: Sequence[str], widths: Sequence[int], aligns: Sequence[str], glyphs: Glyphs) -> list[str]:
    wrapped = [_wrap(text, width) for text, width in zip(cells, widths, strict=True)]
    height = max(len(lines) for lines in wrapped)
    separator = f" {glyphs.vertical} "
    return [
        separator.join(
            _pad(lines[n] if n < len(lines) else "", width, align)
            for lines, width, align in zip(wrapped, widths, aligns, strict=True)
        ).rstrip()
        for n in range(height)
    ]


def _group_spans(view: DocumentView) -> list[tuple[str | None, int, int]]:
    """The header groups (kolom grup) as (text, first column, column count); None as the text:
    a column of no group. Empty when the template has no header groups."""
    spans: list[tuple[str | None, int, int]] = []
    first = 0
    for text, count in view.header_groups or ():
        spans.append((text, first, count))
        first += count
    return spans


def _header_lines(view: DocumentView, widths: Sequence[int], glyphs: Glyphs) -> Iterator[str]:
    """The column headers; with header groups, a row above them with each group's text over its
    columns, ruled off from them (a column of no group has its header in the lower row, with no
    line above it: one cell over both rows, as in the document)."""
    headers = [_bounded(c.header, glyphs) for c in view.columns]
    aligns = [c.align for c in view.columns]
    spans = _group_spans(view)
    if spans:
        span_widths = [sum(widths[first : first + count]) + 3 * (count - 1) for _text, first, count in spans]
        texts = [_bounded(text or "", glyphs) for text, _first, _count in spans]
        yield from _row_lines(texts, span_widths, ["tengah"] * len(spans), glyphs)
        grouped = [text is not None for text, _first, count in spans for _ in range(count)]
        starts = {first for _text, first, _count in spans}
        yield _rule(widths, grouped, glyphs, up=[i in starts for i in range(1, len(widths))])
    yield from _row_lines(headers, widths, aligns, glyphs)


def grid_lines(view: DocumentView, widths: Sequence[int], glyphs: Glyphs = BOX) -> Iterator[str]:
    """The table as a grid of the given column widths, then the Jumlah row."""
    aligns = [c.align for c in view.columns]
    yield from _header_lines(view, widths, glyphs)
    everywhere = [True] * len(widths)
    nowhere = [False] * (len(widths) - 1)
    for number, row in enumerate(view.rows):
        # No line through a merged cell: it continues from the row above.
        ruled = [cell.merge != "continue" for cell in row.cells] if number else everywhere
        up: list[bool] | None = None
        for line in row.groups_before:
            # A group row (tabel.baris_grup): one text across every column, no line crosses it.
            yield _rule(widths, everywhere, glyphs, up=up, down=nowhere)
            yield from _wrap(_bounded(line.text, glyphs), sum(widths) + 3 * (len(widths) - 1))
            ruled, up = everywhere, nowhere
        yield _rule(widths, ruled, glyphs, up=up)
        yield from _row_lines([_bounded(cell.text, glyphs) for cell in row.cells], widths, aligns, glyphs)
    index = _anggaran_index(view)
    if index is None:
        return
    yield _rule(widths, everywhere, glyphs, inside_label=index)
    label_width = sum(widths[:index]) + 3 * (index - 1) if index else 0
    cells = [_pad(JUMLAH, label_width, "kanan")] if index else []
    cells.append(_pad(view.total_anggaran, widths[index], "kanan"))
    cells += [" " * w for w in widths[index + 1 :]]
    yield f" {glyphs.vertical} ".join(cells).rstrip()


# ---- the blocks ----------------------------------------------------------------------------


def _group_starts(view: DocumentView) -> list[int]:
    """Where each block begins: at a row that continues no merged cell (a new sasaran)."""
    return [i for i, row in enumerate(view.rows) if i == 0 or all(c.merge != "continue" for c in row.cells)]


def _group_columns(view: DocumentView, starts: Sequence[int]) -> list[bool]:
    """Which columns hold one value per block (merged over all its rows): shown once, at the top."""
    ends = [*starts[1:], len(view.rows)]
    per_group = [True] * len(view.columns)
    for start, end in zip(starts, ends, strict=True):
        for row in view.rows[start + 1 : end]:
            for i, cell in enumerate(row.cells):
                if cell.merge != "continue":
                    per_group[i] = False
    return per_group


def _field_lines(label: str, text: str, label_width: int, value_width: int, indent: str) -> list[str]:
    """A label (wrapped in its column) and its value (wrapped beside it); `indent` starts the
    first line only, the others get as many spaces."""
    labels = _wrap(label, label_width)
    values = _wrap(text, value_width)
    lines = []
    for n in range(max(len(labels), len(values))):
        left = labels[n] if n < len(labels) else ""
        right = values[n] if n < len(values) else ""
        start = indent if n == 0 else " " * len(indent)
        lines.append(f"{start}{_pad(left, label_width)}  {right}".rstrip())
    return lines


def block_lines(view: DocumentView, width: int, glyphs: Glyphs = BOX) -> Iterator[str]:
    """One block per sasaran: its fields once, then a record per indikator, then the total. A
    column under a header group is labelled with both ("Target TW I"): its own header alone may
    repeat another group's."""
    groups = [text for text, _first, count in _group_spans(view) for _ in range(count)] or [None] * len(view.columns)
    headers = [
        _bounded(c.header if group is None else f"{group} {c.header}", glyphs)
        for c, group in zip(view.columns, groups, strict=True)
    ]
    label_width = max(min(max((cell_len(h) for h in headers), default=1), int(width * LABEL_SHARE)), 1)
    inner = f"{glyphs.bullet} "
    value_width = max(width - len(inner) - label_width - 2, 10)
    rows = _resolved(view, glyphs)
    starts = _group_starts(view)
    once = _group_columns(view, starts)
    ends = [*starts[1:], len(view.rows)]
    for start, end in zip(starts, ends, strict=True):
        yield glyphs.heavy * width
        for row_view in view.rows[start:end]:
            for line in row_view.groups_before:  # tabel.baris_grup: the group's line, whole
                yield from _wrap(_bounded(line.text, glyphs), width)
        for i, header in enumerate(headers):
            if once[i]:
                yield from _field_lines(header, rows[start][i], label_width + len(inner), value_width, "")
        for row in rows[start:end]:
            fields = [(header, row[i]) for i, header in enumerate(headers) if not once[i]]
            if not fields:
                continue
            yield ""
            for n, (header, text) in enumerate(fields):
                yield from _field_lines(header, text, label_width, value_width, inner if n == 0 else " " * len(inner))
    index = _anggaran_index(view)
    if index is not None:
        yield glyphs.heavy * width
        label = f"{JUMLAH} {headers[index]}"
        yield from _field_lines(label, view.total_anggaran, label_width + len(inner), value_width, "")


# ---- both ----------------------------------------------------------------------------------


def table_lines(view: DocumentView, width: int, glyphs: Glyphs = BOX) -> list[str]:
    """The title and the table in lines of at most `width` characters: a grid when the columns
    fit side by side, else blocks after a line that says so."""
    needs = _column_needs(view, glyphs)
    widths = grid_widths(view, width, needs)
    # The title is centred over the table, which may be narrower than the terminal.
    lines = _title_lines(view, width if widths is None else sum(widths) + _separators(view), glyphs)
    if lines:
        lines.append("")
    if widths is not None:
        return lines + list(grid_lines(view, widths, glyphs))
    needed = sum(minimum for _natural, minimum in needs) + _separators(view)
    lines += _wrap(
        f"The {len(view.columns)} columns need {needed} characters side by side and the terminal has "
        f"{width}: each sasaran is shown as a block. Widen the terminal to see the table, or write "
        "it with -o FILE.txt.",
        width,
    )
    lines += block_lines(view, width, glyphs)
    return lines


class TableView:
    """The table as a rich renderable: laid out for the width of the console it is printed on,
    in ASCII where the console's encoding has no box-drawing characters."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        glyphs = ASCII if options.ascii_only else BOX
        for line in table_lines(self.view, options.max_width, glyphs):
            yield Segment(line)
            yield Segment.line()


def build_table(view: DocumentView) -> TableView:
    """The view as something `Console.print` lays out for its terminal."""
    return TableView(view)


def render_text(view: DocumentView, width: int = 200) -> str:
    """The table as plain text at a fixed width (for -o FILE): no colours."""
    return "".join(line + "\n" for line in table_lines(view, width))
