"""DocumentView → a rich Table for the terminal: the whole RKT, same cells as the DOCX.

Rich has no row spans, so a merged cell shows its text in its first row and stays blank below,
as the office's own tables read; a line separates the sasaran.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from rkt_cli.layout import DocumentView

_JUSTIFY = {"kiri": "left", "tengah": "center", "kanan": "right", "rata": "full"}
# A cell longer than this is cut (with "…") in the terminal: real cells hold a few hundred
# characters, and rich takes seconds per megabyte to wrap one (the DOCX keeps every word).
MAX_CELL_CHARS = 10_000


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def build_table(view: DocumentView) -> Table:
    """The view's title and table as a rich Table: columns as wide as their share of the page."""
    title = " · ".join(line.text.upper() if line.caps else line.text for line in view.title if line.text.strip())
    table = Table(title=_bounded(title) or None, show_lines=True, expand=False)
    total_mm = sum(c.width_mm for c in view.columns) or 1.0
    for index, column in enumerate(view.columns):
        texts = [_bounded(row.cells[index].text) for row in view.rows]
        longest_word = max((len(word) for text in [column.header, *texts] for word in text.split()), default=1)
        single_words = all(" " not in text for text in texts)
        table.add_column(
            column.header,
            justify=_JUSTIFY[column.align],  # type: ignore[arg-type]
            ratio=max(1, round(100 * column.width_mm / total_mm)),
            # Wide enough for the longest word (capped), so that words wrap whole where the
            # terminal allows; numbers such as 12,406,404,000 never wrap.
            min_width=min(longest_word, 18),
            no_wrap=single_words,
            overflow="fold",
        )
    for row in view.rows:
        table.add_row(*(_bounded(cell.text) for cell in row.cells))
    return table


def render_text(view: DocumentView, width: int = 200) -> str:
    """The table as plain text (for -o FILE): no colours, a fixed width."""
    console = Console(width=width, no_color=True, color_system=None, file=io.StringIO())
    console.print(build_table(view))
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text
