"""Rows and labels that structure a table without being data: group rows across the table
("KEGIATAN 3355 …", a program's row) and the "a." / "1." in front of an indikator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rkt_cli.importer.grid import GridRow
from rkt_cli.importer.values import split_kode

# "KEGIATAN 3355 Penyelenggaraan …", "Sub Kegiatan: …", "PROGRAM DUKUNGAN MANAJEMEN"
_GROUP_WORD = re.compile(r"^(?P<word>(?:sub\s*)?kegiatan|program)\b\s*[:.\-–]?\s*", re.IGNORECASE)
# "Sasaran 1: Perencanaan …", "Sasaran Strategis 2. …": an LKj's row per sasaran (its own number,
# then its name); a row that says only "Sasaran …" without a number is not taken for one.
_SASARAN_ROW = re.compile(r"^sasaran(?:\s+strategis)?\s+\d{1,3}\s*[:.\-–]\s*(?=\S)", re.IGNORECASE)
# What a row may hold in its No column in front of a group's name: "A", "I", "II.", "1".
_GROUP_NUMBER = re.compile(r"^(?:[A-Z]|[IVX]{1,5}|\d{1,3})\.?$")
# "a. ", "b) ", "(c) ", "1. ", "2) ", "1.1 ", "1.1. ", "- ", "• " in front of an indikator.
_LABEL = re.compile(
    r"^(?P<label>\(?[a-zA-Z][.)]|\([a-zA-Z0-9]{1,2}\)|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}\.\d{1,2}|[-•])\s+"
)


@dataclass(frozen=True)
class Band:
    """A group row: a kegiatan (with its kode when the row names one), a program, or (in a table
    without a sasaran column) a sasaran."""

    kind: Literal["kegiatan", "program", "sasaran"]
    nama: str
    kode: str | None = None


def band_of(row: GridRow, roles: dict[str, list[int]]) -> Band | None:
    """The group a row names, or None for any other row.

    A group row holds one cell of text (after an optional number in the No column) that either
    spans at least half the table, or starts with KEGIATAN or PROGRAM and stands outside the
    indikator, target and kegiatan columns (a row typed into the first cell, the others blank).
    The same text typed into several cells is not read as one: a data row may repeat a value.
    """
    texts = {cell.text for cell in row.cells if cell.text and not cell.merged and not cell.spanned}
    if len(texts) > 2:  # a data row (its indikator, target, …): no more work
        return None
    numbers = set(roles.get("no", ()))
    filled = [(column, cell) for column, cell in enumerate(row.cells) if cell.explicit]
    if filled and filled[0][0] in numbers and len(filled) > 1 and _GROUP_NUMBER.match(filled[0][1].text):
        filled = filled[1:]
    if len(filled) != 1:
        return None
    column, cell = filled[0]
    width = 1
    while column + width < len(row.cells) and row.cells[column + width].spanned:
        width += 1
    text = " ".join(cell.text.split())
    sasaran = _SASARAN_ROW.match(text) if "sasaran" not in roles else None
    word = _GROUP_WORD.match(text) if sasaran is None else sasaran
    wide = width >= 2 and width * 2 >= len(row.cells)
    data_columns = {c for role in ("indikator", "target", "kegiatan") for c in roles.get(role, ())}
    if not wide and (word is None or column in data_columns):
        return None
    if sasaran is not None:
        return Band("sasaran", text[sasaran.end() :])
    if word is not None and word.group("word").lower() != "program":
        nama, kode = split_kode(text[word.end() :])
        return Band("kegiatan", nama or text, kode)
    return Band("program", text)


def without_label(text: str) -> tuple[str, str]:
    """ "a. Persentase …" -> ("Persentase …", "a."); a text without a label comes back as it is."""
    match = _LABEL.match(text)
    if match is None or match.end() == len(text):
        return text, ""
    return text[match.end() :], match.group("label")
