"""`rkt summary` as rich tables that fit the terminal: numbers are never broken or cut; only
text columns give way, wrapped onto more lines at word boundaries, within a computed budget.

A name may be megabytes long (nothing in the YAML limits it): wrapping reads only the start of a
text, as much as the room it fills, and a wrapped name shows at most MAX_WRAPPED_LINES lines, so
the table costs the same however long the names are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich import box
from rich.cells import chop_cells
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from rkt_cli.render.text_wrap import LONGEST_WORD_KEPT_WHOLE, measure, wrap_lines
from rkt_cli.summary import CellValue, Column, Section, Summary, SummaryRow, format_cell, pagu_lines

ELLIPSIS = "…"
GAP = 2  # columns are separated by two spaces (padding 1 either side, collapsed; no rule)
# A text column squeezed below its longest word (LONGEST_WORD_KEPT_WHOLE at most) still gets
# this many cells; a longer word is then broken across lines.
MIN_SQUEEZED_TEXT_WIDTH = 8
UNIT_INDENT = "  "  # the further lines of a unit's name in a list of units
# A wrapped name (a sasaran, a program, a unit) shows at most this many lines, the last one
# ending in "…": enough for a real sasaran name (about 100 characters) in an 80-column terminal.
MAX_WRAPPED_LINES = 8
_WORD = re.compile(r"\S+")
# Ways to say a unit's name in less room, tried in order only when the full name does not fit:
# the usual office abbreviation, then without the generic word (the rest names the unit).
ABBREVIATIONS = (
    (("Subbagian ", "Subbag "), ("Bagian ", "Bag ")),
    (("Subbagian ", ""), ("Bagian ", "")),
)


def _head(text: str, room: int) -> str:
    """The start of `text` with each run of whitespace as one space: all of it when that fits in
    `room` characters, else a little more than `room` (enough to decide where to cut). Reads
    and copies only that start, however long `text` is."""
    parts: list[str] = []
    length = -1
    for match in _WORD.finditer(text):
        if length > room:
            break
        start, end = match.span()
        parts.append(text[start : min(end, start + room + 1)])  # even one huge word is cut
        length += 1 + len(parts[-1])
    return " ".join(parts)


def shorten(text: str, width: int) -> str:
    """Cut to `width` terminal cells at a word boundary, marking the cut with "…"."""
    text = _head(text, width)
    if measure(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = chop_cells(text, width - 1)[0]
    if " " in cut and text[len(cut)] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:/-–+") + ELLIPSIS


def shorten_path(path: str, width: int) -> str:
    """Keep the end of a path, where the files of a roll-up differ: "…/prabumulih_2024.yaml"."""
    if len(path) <= width:
        return path
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if len(name) + 2 <= width:
        return ELLIPSIS + "/" + name
    return ELLIPSIS + path[len(path) - width + 1 :] if width > 1 else ELLIPSIS[:width]


def wrap(text: str, width: int, max_lines: int = MAX_WRAPPED_LINES, indent: str = "") -> str:
    """Wrap at word boundaries into lines of `width` terminal cells (a longer word broken, as
    the table view does), lines after the first starting with `indent`; at most `max_lines` of
    them, and a text that needs more ends its last line with "…"."""
    # The lines shown come from the start only; each run of whitespace (a line break too) is
    # one space, as in every other cell of the summary.
    text = _head(text, width * max_lines)
    lines = wrap_lines(text, width, indent) if text else []
    if len(lines) > max_lines:
        prefix = indent if max_lines > 1 else ""
        last = " ".join(line.strip() for line in lines[max_lines - 1 :])
        lines[max_lines - 1 :] = [prefix + shorten(last, width - measure(prefix))]
    return "\n".join(lines)


def unit_forms(name: str) -> list[str]:
    """A unit's name, then shorter forms of it: "Subbagian Rendatin", "Subbag Rendatin", "Rendatin"."""
    forms = [name]
    for replacements in ABBREVIATIONS:
        short = name
        for long, abbreviation in replacements:
            short = short.replace(long, abbreviation)
        if short != forms[-1]:
            forms.append(short)
    return forms


def unit_lines(units: Sequence[str], width: int) -> str:
    """Units carrying a sasaran in `width` characters: on one line when they fit, abbreviated if
    need be ("Rendatin, Hukum dan SDM"); else one unit per line, a long one wrapped (its further
    lines indented when there are several units). At most MAX_WRAPPED_LINES lines: the units
    beyond them are counted on the last line ("dan 2 lainnya": and 2 more)."""
    forms = [unit_forms(u) for u in units]
    levels = [[f[min(level, len(f) - 1)] for f in forms] for level in range(len(ABBREVIATIONS) + 1)]
    for names in levels:
        if measure(", ".join(names)) <= width:
            return ", ".join(names)
    names = next((names for names in levels if all(measure(n) <= width for n in names)), levels[-1])
    indent = UNIT_INDENT if len(names) > 1 else ""  # shows where the next unit begins
    lines: list[str] = []
    for shown, name in enumerate(names):
        more = len(names) - shown - 1
        room = MAX_WRAPPED_LINES - len(lines) - (1 if more else 0)
        unit = wrap(name, width, max_lines=max(room, 1), indent=indent)
        if shown and unit.count("\n") + 1 > room:
            lines.append(f"dan {len(names) - shown} lainnya")
            break
        lines += unit.split("\n")
    return "\n".join(lines)


def _unit_text(text: str, row: SummaryRow, width: int) -> str:
    """A shared row names units already listed above it, so their shortest form is enough; a
    unit's own row keeps the name recognisable: full if it fits, abbreviated at most, then wrapped."""
    forms = unit_forms(text)
    if row.kind == "shared":
        return forms[-1]
    fitting = [form for form in forms if measure(form) <= width]
    return fitting[0] if fitting else forms[min(1, len(forms) - 1)]


def _fit(column: Column, row: SummaryRow, value: CellValue, width: int) -> str:
    if isinstance(value, tuple):
        return unit_lines(value, width)
    text = format_cell(column, value)
    if column.overflow == "none" or measure(text) <= width:
        return text
    if column.overflow == "path":
        return shorten_path(text, width)
    if column.unit_names:
        text = _unit_text(text, row, width)
    if measure(text) <= width:
        return text
    return wrap(text, width)


def _longest_word(column: Column, value: CellValue) -> int:
    """The longest word a text cell shows (of a unit list: in the shortest forms), up to
    LONGEST_WORD_KEPT_WHOLE cells; only the start of a long text is read."""
    indent = 0
    if isinstance(value, tuple):
        texts = [unit_forms(unit)[-1] for unit in value]
        indent = len(UNIT_INDENT) if len(value) > 1 else 0
    else:
        texts = [format_cell(column, value)]
    cap = LONGEST_WORD_KEPT_WHOLE
    words = (min(measure(word), cap) for text in texts for word in _head(text, 4 * cap).split())
    return max(words, default=0) + indent


def column_widths(section: Section, width: int) -> list[int]:
    """Numbers and codes get their full width; text columns share what is left of `width`."""
    natural = []
    for column in section.columns:
        cells = [format_cell(column, row.values.get(column.key)) for row in section.rows]
        natural.append(max([measure(column.header), *(measure(c) for c in cells)]))
    flexible = [i for i, c in enumerate(section.columns) if c.overflow != "none"]
    fixed = sum(w for i, w in enumerate(natural) if i not in flexible)
    available = width - fixed - GAP * (len(section.columns) - 1)
    widths = list(natural)
    if sum(natural[i] for i in flexible) <= available:
        return widths
    # Below its floor a text column stops giving way: the longest word it shows, so that words
    # stay whole; where even that does not fit, MIN_SQUEEZED_TEXT_WIDTH (a longer word is then
    # broken across lines), and below that the line overflows rather than the numbers breaking (under about 60
    # columns for the sasaran view).
    floor = {}
    for i in flexible:
        column = section.columns[i]
        words = [_longest_word(column, row.values.get(column.key)) for row in section.rows]
        floor[i] = min(natural[i], max([MIN_SQUEEZED_TEXT_WIDTH, measure(column.header), *words]))
    if sum(floor.values()) > available:
        floor = {i: min(natural[i], MIN_SQUEEZED_TEXT_WIDTH) for i in flexible}
    # Water-filling: every flexible column gets its weighted share of what is left; a column
    # that needs less keeps only its need, one whose floor is above its share keeps its floor,
    # and the rest goes round again.
    pending = list(flexible)
    budget = max(available, sum(floor.values()))
    while pending:
        weights = sum(section.columns[i].weight for i in pending)
        share = {i: budget * section.columns[i].weight // weights for i in pending}
        settled = [i for i in pending if natural[i] <= share[i] or floor[i] >= share[i]]
        if not settled:
            for i in pending:
                widths[i] = share[i]
            widths[pending[0]] += budget - sum(share.values())  # what integer division left
            break
        for i in settled:
            widths[i] = natural[i] if natural[i] <= share[i] else floor[i]
            budget -= widths[i]
            pending.remove(i)
    return widths


def section_table(section: Section, width: int) -> Table:
    """One section as a rich Table of at most `width` columns (unless numbers need more)."""
    widths = column_widths(section, width)
    # rich wraps the title itself; a title of megabytes (a unit's name) is shortened first.
    room = width * MAX_WRAPPED_LINES
    title = section.title if measure(section.title) <= room else shorten(section.title, room)
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, 1),
        header_style="bold",
    )
    for column, column_width in zip(section.columns, widths, strict=True):
        table.add_column(column.header, justify="right" if column.numeric else "left", width=column_width, no_wrap=True)
    rows = [
        [_fit(c, row, row.values.get(c.key), w) for c, w in zip(section.columns, widths, strict=True)]
        for row in section.rows
    ]
    # When names wrap, a blank line after every row shows where one ends; otherwise a blank
    # line before each program and before the total keeps the groups apart.
    wrapped = any(
        "\n" in cell
        for row, cells in zip(section.rows, rows, strict=True)
        if row.kind in ("item", "shared")
        for cell in cells
    )
    for index, (row, cells) in enumerate(zip(section.rows, rows, strict=True)):
        following = section.rows[index + 1] if index + 1 < len(section.rows) else None
        end_section = following is not None and (wrapped or (following.kind in ("program", "total") and index > 0))
        style = {"program": "bold", "total": "bold", "shared": "italic"}.get(row.kind)
        table.add_row(*cells, style=style, end_section=end_section)
    return table


def summary_renderables(summary: Summary, width: int) -> list[RenderableType]:
    """Everything `rkt summary` prints, in order: each table and its notes, the total lines."""
    parts: list[RenderableType] = []
    for section in summary.sections:
        parts.append(section_table(section, width))
        parts += [Text(note, style="dim") for note in section.notes]
        parts.append(Text(""))
    parts += [Text(line, style="bold") for line in pagu_lines(summary)]
    if summary.has_anggaran:
        parts.append(Text(f"Terbilang: {summary.terbilang_text}", style="italic"))
    return parts


# Stand-ins for the few non-ASCII characters the table itself adds, for an output that cannot
# encode them (a Windows console or pipe in cp1252 has no box-drawing line).
_PLAIN_STAND_INS = str.maketrans({"─": "-", "…": "...", "·": "-"})


def encodable(text: str, encoding: str) -> str:
    """`text` as it can be written in `encoding`: unchanged when it fits, else with stand-ins
    and "?" for anything else that does not."""
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        safe = text.translate(_PLAIN_STAND_INS)
        try:
            return safe.encode(encoding, errors="replace").decode(encoding)
        except LookupError:
            return safe.encode("ascii", errors="replace").decode("ascii")


def render_plain(summary: Summary, width: int = 80) -> str:
    """The table as plain text at a fixed width: what a pipe, a file or a golden test sees."""
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, highlight=False)
    for part in summary_renderables(summary, width):
        console.print(part)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
