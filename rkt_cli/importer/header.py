"""Recognising a table's header row by its words, and the rows under it that carry no data."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from rkt_cli.importer.grid import GridCell, GridRow

_NOT_A_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")


def plain_words(text: str) -> str:
    return " ".join(_NOT_A_LETTER_OR_DIGIT.sub(" ", text.lower()).split())


# Checked in this order: "Indikator Kinerja Kegiatan" is an indikator column, "Sasaran Program"
# a sasaran column, "Realisasi Anggaran" a realisasi column, "Anggaran Kegiatan" an anggaran
# column, "Pelaksana Kegiatan" a pelaksana one.
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("indikator", ("indikator", "iku", "ikk")),
    ("sasaran", ("sasaran",)),
    ("realisasi", ("realisasi",)),
    ("capaian", ("capaian",)),
    ("kategori", ("kategori", "predikat")),
    ("keterangan", ("keterangan", "ket")),
    ("anggaran", ("anggaran", "pagu", "biaya", "dana", "alokasi")),
    ("pelaksana", ("pelaksana", "penanggungjawab", "pj", "pic", "unitkerja", "penanggung")),
    ("program", ("program",)),
    ("target", ("target",)),
    ("kegiatan", ("kegiatan", "aktivitas", "rencanaaksi")),
    ("satuan", ("satuan",)),
    ("kode", ("kode",)),
)
_FUZZY_WORDS = {word: role for role, words in _ROLE_WORDS for word in words if len(word) >= 6}


# A quarter or a semester under a group header (rencana aksi): "TW I", "Triwulan II", "Semester 1".
_QUARTER = re.compile(r"\b(?:tw|triwulan|semester|q)\s*(?:[1-4]|i{1,3}|iv)\b")

HEADER_MAX_CHARS = 200  # a header cell holds a few words; a longer cell is data, not read as a header
# The longest header cell the quick test looks at: "Penanggung Jawab / Pelaksana Kegiatan" is 37.
_SHORT_HEADER = 80


def classify_header(text: str, fuzzy: bool = True) -> str | None:
    """The column role a header cell names, tolerant to case, spacing, breaks and small typos."""
    if not text or len(text) > HEADER_MAX_CHARS:  # first: normalising a long data cell costs its length
        return None
    norm = plain_words(text)
    if not norm or len(norm) > 60:  # header cells are short; a data cell is not read as one
        return None
    if norm in ("no", "nomor", "nmr", "no urut", "nomor urut", "n o"):
        return "no"
    compact = norm.replace(" ", "")
    tokens = norm.split()
    if _QUARTER.search(norm):
        return None  # "Target TW I", "Realisasi Triwulan II": a quarter's column, kept as an extra one
    for role, words in _ROLE_WORDS:
        for word in words:
            if len(word) <= 3:
                if word in tokens:
                    return role
            elif word in compact:
                return role
    for token in tokens if fuzzy else ():
        close = difflib.get_close_matches(token, list(_FUZZY_WORDS), n=1, cutoff=0.8)
        if close:
            return _FUZZY_WORDS[close[0]]
    return None


# The least a table needs to be read as a plan: what is aimed at, how it is measured, how much.
MINIMUM_ROLES = ("sasaran", "indikator", "target")
# Columns the model has no field for, kept per indikator as the document's extra columns.
EXTRA_ROLES = ("realisasi", "capaian", "kategori")


@dataclass
class Header:
    """What the header rows say: role -> grid columns, the columns no role names (column ->
    its header text, kept as extra columns), and how many rows the header takes."""

    roles: dict[str, list[int]]
    unknown: dict[int, str] = field(default_factory=dict)
    rows: int = 1
    titles: dict[int, str] = field(default_factory=dict)  # column -> its header text, on one line


def _header(row: GridRow, roles: dict[str, list[int]], rows: int) -> Header:
    titles = {column: " ".join(cell.text.split()) for column, cell in enumerate(row.cells) if cell.explicit}
    return Header(roles, _unknown_columns(row, roles), rows, titles)


def _unknown_columns(row: GridRow, roles: dict[str, list[int]]) -> dict[int, str]:
    """Columns whose header has words but names no role: never dropped silently."""
    known = {column for columns in roles.values() for column in columns}
    return {
        column: " ".join(cell.text.split())
        for column, cell in enumerate(row.cells)
        if column not in known and cell.explicit and plain_words(cell.text)
    }


def header_roles(row: GridRow) -> dict[str, list[int]] | None:
    """role -> grid columns, when the row reads as the RKT header; None otherwise."""
    # Typo-tolerant matching is slow (difflib); it is tried only on a row that already has
    # three exact header words, so the thousands of data rows cost almost nothing.
    exact = {classify_header(cell.text, fuzzy=False) for cell in row.cells if not cell.spanned} - {None}
    if len(exact) < 3:
        return None
    roles: dict[str, list[int]] = {}
    last: str | None = None
    for column, cell in enumerate(row.cells):
        role = last if cell.spanned else classify_header(cell.text)
        last = role
        if role is None:
            continue
        if role in roles and not cell.spanned and roles[role][-1] != column - 1:
            continue  # a second column with the same word ("Target", "Target (%)"): the first one counts
        roles.setdefault(role, []).append(column)
    # The minimum, or (to say what is missing rather than pass the table by) an indikator and a
    # target among five named columns.
    if all(role in roles for role in MINIMUM_ROLES) or (
        "indikator" in roles and "target" in roles and len(set(roles) - {"no"}) >= 5
    ):
        return roles
    return None


def header_at(rows: list[GridRow], index: int) -> Header | None:
    """The header when it starts at rows[index]; None otherwise.

    The header is one row, or two where a merged cell names what the row below splits:
    "Indikator Kinerja" spanning "Uraian | Target" gives an indikator and a target column.
    """
    if not _has_header_words(rows[index]):  # every data row: one cheap pass, no fuzzy matching
        return None
    roles = header_roles(rows[index])
    if roles is not None and not _splits_a_group(rows[index], rows[index + 1] if index + 1 < len(rows) else None):
        return _header(rows[index], roles, 1)
    if index + 1 < len(rows):
        joined = _two_header_rows(rows[index], rows[index + 1])
        roles = header_roles(joined)
        if roles is not None:
            return _header(joined, roles, 2)
    return None


@functools.lru_cache(maxsize=1024)
def _exact_role(text: str) -> str | None:
    """classify_header without typos, remembered: a pelaksana or kegiatan repeats on many rows."""
    return classify_header(text, fuzzy=False)


def _has_header_words(row: GridRow) -> bool:
    """Three cells that name a column exactly: the cheap test every data row goes through.

    A header cell is short and starts a merge if it is merged at all; a data row's merged,
    long or numeric cells are passed over without normalising their text.
    """
    roles: set[str] = set()
    for cell in row.cells:
        text = cell.text
        if cell.spanned or cell.merged or not text or len(text) > _SHORT_HEADER or text[0].isdigit():
            continue
        role = _exact_role(text)
        if role is not None:
            roles.add(role)
            if len(roles) >= 3:
                return True
    return False


def _splits_a_group(upper: GridRow, lower: GridRow | None) -> bool:
    """Whether the row below a header names the columns of a cell spanning several ("Target"
    over "TW I | TW II | …"), the other cells merged down: a header of two rows, not one."""
    if lower is None or not any(cell.spanned for cell in upper.cells):
        return False
    cells = upper.cells
    # A group: a cell and the columns it spans. A data row has text outside them too.
    grouped = {c for c in range(len(cells)) if cells[c].spanned or (c + 1 < len(cells) and cells[c + 1].spanned)}
    under = [lower.cells[c] for c in sorted(grouped) if c < len(lower.cells)]
    outside = [cell for c, cell in enumerate(lower.cells) if c not in grouped]
    return (
        bool(under)
        and all(cell.explicit and not _is_data(cell.text) for cell in under)
        and not any(cell.explicit for cell in outside)
    )


def _is_data(text: str) -> bool:
    return text[:1].isdigit() or len(text) > _SHORT_HEADER


def _two_header_rows(upper: GridRow, lower: GridRow) -> GridRow:
    """One header row from two: a column takes the lower row's word where it names a column of
    its own ("Target"), else the upper row's ("Indikator Kinerja" over "Uraian"), joined with the
    lower one's where that is a column of a group ("Target" over "TW I": "Target TW I")."""
    cells: list[GridCell] = []
    title = ""
    for column in range(max(len(upper.cells), len(lower.cells))):
        top = upper.cells[column] if column < len(upper.cells) else GridCell("")
        if not top.spanned:
            title = top.text  # a spanned column carries the title of the cell it belongs to
        bottom = lower.cells[column] if column < len(lower.cells) else GridCell("")
        own = bottom.explicit and classify_header(bottom.text) is not None
        if own:
            cells.append(GridCell(bottom.text))
        elif bottom.explicit and _QUARTER.search(plain_words(bottom.text)):
            cells.append(GridCell(f"{title} {bottom.text}"))
        else:
            cells.append(GridCell(title))
    return GridRow(cells)


def is_numbering_row(row: GridRow) -> bool:
    """The row 1 2 3 … (or (1) (2) (3) …) printed under the header."""
    if any(len(c.text) > 6 for c in row.cells if c.explicit):  # a data row: no pattern work
        return False
    numbers = [re.sub(r"[()\s.]", "", c.text) for c in row.cells if c.explicit]
    if len(numbers) < 3 or not all(n.isdigit() for n in numbers):
        return False
    values = [int(n) for n in numbers]
    return values == sorted(values) and len(set(values)) == len(values) and values[0] <= 1


def is_blank(row: GridRow) -> bool:
    return not any(c.text for c in row.cells)
