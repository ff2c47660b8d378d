"""How the indikator table meets the pages: which rows keep together, which sasaran repeat
their merged values (rkt_cli.layout draws what this decides).
"""

from __future__ import annotations

from dataclasses import dataclass

from rkt_cli.templating import Template
from rkt_cli.walk import IndikatorAt

# Pagination. Word and LibreOffice lay out the pages, not rkt; the view only says which rows keep
# together (RowView.keep_with_next, drawn as keep-with-next on the rows' paragraphs, which both
# honour) and which sasaran repeat their merged values. Two decisions need a rough idea of how
# tall a sasaran is, so rows are measured by a deliberately pessimistic estimate: a sasaran
# wrongly taken as too long for a page only repeats its values in grey, while one wrongly taken
# as fitting would leave a continued page without its name.
AVERAGE_CHAR_EM = 0.55  # Arial averages about 0.5 em a character in Indonesian text; err wide
LINE_HEIGHT_EM = 1.2  # single spacing: Arial's ascent and descent are 1.15 em
CELL_EXTRA_MM = 1.4  # top and bottom cell padding (0.5 mm each) and the border
DEFAULT_TABLE_PT = 10.0  # when the template leaves the table's font size to reference.docx
# A sasaran estimated taller than this share of the page body (below the repeated header) is
# treated as one that will not fit on a page (the estimate alone already errs about 20 % tall).
TALL_SHARE = 1.0
# When the last sasaran and the signature block together are too tall for a page, only the
# sasaran's last rows go with the signature block.
ROWS_KEPT_WITH_SIGNATURE = 2
DEFAULT_TEXT_PT = 11.0  # title, intro and signature when the template leaves the size to reference.docx
INTRO_SPACING_MM = 8.5  # the intro's space before and after (12 pt each)
CELL_SIDE_MARGINS_MM = 3.0  # 1.5 mm left and right inside each cell (render/docx.py)


@dataclass(frozen=True, slots=True)
class PagePlan:
    """What the view asks of the pages: for each row, whether it stays on the page of the next
    row (the last row: of the signature block), and the sasaran (by number) that repeat the
    values of merged columns on every row."""

    keep: tuple[bool, ...]
    repeated: frozenset[int]
    restarts: frozenset[int] = frozenset()  # rows where merged values start again (see _column_cells)


def _line_count(text: str, width_mm: float, char_mm: float) -> int:
    """Lines a text takes in a column, wrapped greedily at spaces; a word wider than the column
    breaks inside (as Word and LibreOffice break it)."""
    return _wrapped_lines(text, max(1, int(width_mm / char_mm)))


def _wrapped_lines(text: str, capacity: int) -> int:
    """_line_count for a column of `capacity` characters a line."""
    if len(text) <= capacity and "\n" not in text:
        # Most cells: the words and the single spaces between them fit on one line.
        return 1
    total = 0
    for paragraph in text.split("\n"):
        # Greedy, a line at a time: the words with single spaces, each line ending at the last
        # space that keeps it within the column.
        words = " ".join(paragraph.split())
        lines, start, end = 1, 0, len(words)
        while end - start > capacity:
            space = words.rfind(" ", start + 1, start + capacity + 1)
            if space >= 0:
                start = space + 1
                lines += 1
                continue
            # A word wider than the column fills whole lines (arithmetic: a word may be huge);
            # what is left of it starts the next line, and words may follow it there.
            stop = words.find(" ", start)
            full = ((end if stop < 0 else stop) - start - 1) // capacity
            lines += full
            start += full * capacity
        total += lines
    return total


class _LineCounts:
    """_wrapped_lines, remembered per (text, capacity): a kegiatan, a sasaran or a program name
    recurs on many rows (40,000 rows held 320 kegiatan), an indikator's wording seldom."""

    def __init__(self) -> None:
        # By capacity, then by text: a text's hash is kept by the string, a (text, capacity)
        # key's would be computed again at every look-up.
        self._known: dict[int, dict[str, int]] = {}

    def of(self, text: str, capacity: int) -> int:
        if len(text) <= capacity and "\n" not in text:
            return 1  # most cells: one test
        known = self._known.setdefault(capacity, {})
        lines = known.get(text)
        if lines is None:
            lines = known[text] = _wrapped_lines(text, capacity)
        return lines

    def column(self, texts: list[str], capacity: int) -> list[int]:
        known = self._known.setdefault(capacity, {})
        counts: list[int] = []
        add = counts.append
        for text in texts:
            if len(text) <= capacity and "\n" not in text:
                add(1)
                continue
            lines = known.get(text)
            if lines is None:
                lines = known[text] = _wrapped_lines(text, capacity)
            add(lines)
        return counts


def _row_height(texts: list[str], widths_mm: list[float], font_pt: float) -> float:
    """Estimated height in mm of a row holding these texts (an empty text: an empty cell)."""
    em_mm = font_pt * 25.4 / 72
    char_mm = em_mm * AVERAGE_CHAR_EM
    lines = max(
        _line_count(text, max(width - CELL_SIDE_MARGINS_MM, 1.0), char_mm)
        for text, width in zip(texts, widths_mm, strict=True)
    )
    return lines * em_mm * LINE_HEIGHT_EM + CELL_EXTRA_MM


def _max_lines(columns: list[list[int]]) -> list[int] | None:
    """Each row's largest line count over `columns`; None without columns (every row: 1 line)."""
    if not columns:
        return None
    if len(columns) == 1:
        return columns[0]
    return list(map(max, *columns))


def _text_height(lines: int, font_pt: float) -> float:
    return lines * font_pt * 25.4 / 72 * LINE_HEIGHT_EM


def plan_pages(
    rows: list[IndikatorAt],
    texts: list[list[str]],
    header_rows: tuple[tuple[str, ...], ...],
    template: Template,
    before_table: tuple[int, str],
    signature_lines: int,
) -> PagePlan:
    """Decide how the table meets the pages (see PagePlan). `texts` holds each column's texts, top
    to bottom; `before_table` the title's line count and the intro; `signature_lines` the lines
    of the tallest signature block.

    - Every sasaran keeps its rows together (each row keeps with the next), so one that fits on
      a page is never split; one longer than a page starts on a new page, and Word and
      LibreOffice break it where that page ends.
    - The first sasaran is kept together only if it fits below the title and intro: otherwise
      moving it would leave page 1 with the title and an empty table header.
    - The last rows keep with the signature block (the whole last sasaran when both fit on a
      page, else its last ROWS_KEPT_WITH_SIGNATURE rows), so the signature never stands alone.
    - With tabel.ulangi_gabungan: panjang, a sasaran that may run onto another page (taller
      than a page, or a first sasaran not kept together) repeats its merged values on each row.
    """
    spec = template.spec
    kolom = spec.tabel.kolom
    widths = [k.lebar_mm for k in kolom]
    font_pt = spec.huruf.ukuran_tabel_pt or DEFAULT_TABLE_PT
    _, page_height = spec.kertas.size_mm
    margins = spec.kertas.margin_mm
    header_height = sum(_row_height(list(h), widths, font_pt) for h in header_rows) if spec.tabel.ulangi_judul else 0
    body = page_height - margins.atas - margins.bawah - header_height
    merged = [k.gabung != "tidak" for k in kolom]

    groups: list[tuple[int, int]] = []  # each sasaran's rows: start, end (exclusive)
    for index, row in enumerate(rows):
        if index and row.sasaran_at.number == rows[index - 1].sasaran_at.number:
            groups[-1] = (groups[-1][0], index + 1)
        else:
            groups.append((index, index + 1))

    # Each row's height as _row_height measures it, from line counts taken a column at a time
    # (the same numbers, computed in the same order: a comparison below never tips differently).
    em_mm = font_pt * 25.4 / 72
    char_mm = em_mm * AVERAGE_CHAR_EM
    capacities = [max(1, int(max(width - CELL_SIDE_MARGINS_MM, 1.0) / char_mm)) for width in widths]
    counts = _LineCounts()
    own_lines = _max_lines([counts.column(t, c) for t, c, m in zip(texts, capacities, merged, strict=True) if not m])
    spanning_columns = [(t, c) for t, c, m in zip(texts, capacities, merged, strict=True) if m]
    # Each row's own height (its columns that are not merged), the float _row_height gives.
    one_line = 1 * em_mm * LINE_HEIGHT_EM + CELL_EXTRA_MM
    row_heights = (
        [one_line] * len(rows)
        if own_lines is None
        else [lines * em_mm * LINE_HEIGHT_EM + CELL_EXTRA_MM for lines in own_lines]
    )
    heights: list[float] = []
    for start, end in groups:
        # Drawn merged: the merged columns' text once over the whole sasaran, the others per row
        # (added up in the same order as before, so the sum is the same float).
        own = sum(row_heights[start:end])
        spanning_lines = max((counts.of(t[start], c) for t, c in spanning_columns), default=1)
        heights.append(max(own, spanning_lines * em_mm * LINE_HEIGHT_EM + CELL_EXTRA_MM))
    tall = {rows[s].sasaran_at.number for (s, _), h in zip(groups, heights, strict=True) if h > TALL_SHARE * body}

    # The first sasaran shares page 1 with the title and the intro.
    text_pt = spec.huruf.ukuran_pt or DEFAULT_TEXT_PT
    title_lines, intro = before_table
    text_width = spec.kertas.text_width_mm
    intro_lines = _line_count(intro, text_width, text_pt * 25.4 / 72 * AVERAGE_CHAR_EM) if intro else 1
    page_one = (
        body
        - _text_height(title_lines, spec.huruf.ukuran_judul_pt or DEFAULT_TEXT_PT)
        - _text_height(intro_lines, text_pt)
        - 2 * INTRO_SPACING_MM
    )
    unkept: set[int] = set()
    if groups and heights[0] > page_one:
        unkept.add(rows[0].sasaran_at.number)
        tall.add(rows[0].sasaran_at.number)  # it will run onto page 2: name it there

    mode = spec.tabel.ulangi_gabungan
    if mode == "selalu":
        repeated = frozenset(rows[start].sasaran_at.number for start, _ in groups)
    elif mode == "panjang":
        repeated = frozenset(tall)
    else:
        repeated = frozenset()

    keep = [False] * len(rows)
    restarts: set[int] = set()
    for start, end in groups:
        if rows[start].sasaran_at.number not in unkept:
            for index in range(start, end - 1):
                keep[index] = True
    if groups:
        start, end = groups[-1]
        signature = _text_height(signature_lines + 1, text_pt)  # and the spacing line above it
        if heights[-1] + signature > TALL_SHARE * body or rows[start].sasaran_at.number in unkept:
            # Not on one page together: the signature takes the last rows; the rows above them
            # stay one block of their own.
            first = max(start, end - ROWS_KEPT_WITH_SIGNATURE)
            if first > start:
                keep[first - 1] = False
                if mode != "tidak":
                    restarts.add(first)  # they may stand on a page of their own: name the sasaran there
            start = first
        for index in range(start, end):
            keep[index] = True  # the last of them keeps with the signature block
    return PagePlan(tuple(keep), repeated, frozenset(restarts))
