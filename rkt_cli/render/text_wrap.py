"""Wrapping and measuring text for the terminal, shared by the summary and the table views.

Widths are terminal cells, as the terminal shows them: a CJK character or an emoji takes two,
a combining mark none. A word wider than its line is broken where the line ends, so that no
renderer has to crop it ("Perencanaan_Program_d…" lost the rest of the name).
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells

# A text column is at least as wide as its longest word up to this many cells, so that ordinary
# words stay whole ("Penyelenggaraan," is 16); a longer word may be broken instead.
LONGEST_WORD_KEPT_WHOLE = 16


def measure(text: str) -> int:
    """The width of `text` in terminal cells."""
    return cell_len(text)


def wrap_lines(text: str, width: int, indent: str = "") -> list[str]:
    """`text` in lines of at most `width` cells: at spaces, a longer word broken, each line break
    in the text kept; every line after the first starts with `indent` (counted in the width).
    An empty text is one empty line."""
    width = max(width, 1)
    later_room = max(width - measure(indent), 1)
    lines: list[str] = []

    def room() -> int:
        return later_room if lines else width

    def finish(line: str) -> None:
        lines.append(indent + line if lines else line)

    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for word in paragraph.split():
            size = measure(word)
            if line and used + 1 + size <= room():
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                finish(line)
            while size > room():  # broken where the line ends; its rest starts the next line
                head = chop_cells(word, room())[0]
                finish(head)
                word = word[len(head) :]
                size = measure(word)
            line, used = word, size
        finish(line)
    return lines
