"""The realisasi lembar as CSV (`rkt export --lembar realisasi -f csv`) and reading it back.

Line 1 is the marker (`rkt lembar realisasi`, the format, the realisasi file's `rkt:` and
`tahun:`, and the pengaturan and per-indikator settings as JSON), so `rkt import` knows the file
without guessing from its headers; line 2 the column names; then a row per indikator (`jenis`
indikator) and a row per sasaran's realisasi anggaran (`jenis` anggaran: `alamat` is its kode,
`target` its anggaran, tw1…tw4 the realisasi per quarter).

Texts a spreadsheet would run as a formula get a leading apostrophe (summary._inert), which
reading removes again. Every value in a CSV is text: "95" and "95,5" are read as numbers
silently, "95%" is an error that says "write 95". UTF-8 with a BOM and CRLF, as `rkt export -f csv`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.lembar import TRIWULAN, Baris, BarisAnggaran, Entri, EntriAnggaran, Lembar
from rkt_cli.realisasi_workbook import FORMAT_VERSION, MARKER, scale_target
from rkt_cli.summary import _inert
from rkt_cli.xlsx_reader import (
    MAX_FILE_BYTES,
    ReadFailure,
    WorkbookError,
    decimal_from_text,
    percent_text,
    rupiah_from_text,
)

BOM = "\ufeff"
FIXED = ("jenis", "alamat", "id", "sasaran", "indikator", "satuan", "target")
TARGETS = tuple(f"target_tw{q}" for q in TRIWULAN)
VALUES = tuple(f"tw{q}" for q in TRIWULAN)
NOTES = ("penghambat", "upaya")


def _cell(value: object) -> object:
    return "" if value is None else _inert(value)


def render_lembar_csv(lembar: Lembar, rows: list[Baris], anggaran: list[BarisAnggaran], target_tw: bool) -> str:
    """The lembar as CSV text, BOM first."""
    target_tw = target_tw or any(r.entri.target_tw for r in rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    cara = {f"{r.entri.key}:{r.entri.ref}": r.entri.cara for r in rows if r.entri.cara}
    tahun = "" if lembar.tahun is None else lembar.tahun
    pengaturan = json.dumps(lembar.pengaturan, ensure_ascii=False)
    # The last field counts the indikator rows, so that a row deleted or added by hand is found
    # (as the workbook's marker does); a lembar written before it was there has five fields.
    marker = [MARKER, FORMAT_VERSION, lembar.rkt, tahun, pengaturan, json.dumps(cara, ensure_ascii=False), len(rows)]
    writer.writerow(marker)
    writer.writerow([*FIXED, *(TARGETS if target_tw else ()), *VALUES, *NOTES])
    for baris in rows:
        entri = baris.entri
        fixed = ("indikator", baris.alamat, baris.id, baris.sasaran, baris.uraian, baris.satuan, baris.target)
        targets = [entri.target_tw.get(q) for q in TRIWULAN] if target_tw else []
        values = [entri.tw.get(q) for q in TRIWULAN]
        writer.writerow([_cell(v) for v in (*fixed, *targets, *values, entri.penghambat, entri.upaya)])
    for row in anggaran:
        sasaran = ("anggaran", row.kunci, None, row.sasaran, None, "Rp", row.anggaran)
        targets = [None] * 4 if target_tw else []
        writer.writerow([_cell(v) for v in (*sasaran, *targets, *(row.tw.get(q) for q in TRIWULAN), None, None)])
    return BOM + out.getvalue()


def _text(cell: str) -> str:
    """A cell as written before the formula guard: "'=x" → "=x"."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, col: int, message: str) -> None:
        self.diagnostics.append(Diagnostic("RKT602", Severity.ERROR, self.file, line, col, "", message))

    def number(self, cell: str, line: int, col: int, text_ok: bool, whole: bool = False) -> int | float | str | None:
        text = _text(cell).strip()
        if not text:
            return None
        number = rupiah_from_text(text) if whole else decimal_from_text(text)
        if number is not None:
            return number
        percent = percent_text(text)
        if percent is not None:
            self.error(line, col, f"{text!r} is a number written with a percent sign: write {percent}")
        elif text_ok and not whole:
            return text
        else:
            self.error(line, col, f"expected a number such as 95, got {text[:60]!r}")
        return None


def _not_lembar(file: str) -> WorkbookError:
    return WorkbookError(
        f"{file}: not a lembar realisasi written by `rkt export --lembar realisasi -f csv` "
        "(its first line is the marker)",
        ReadFailure.CONTENT,
    )


def read_lembar_csv(path: Path, file: str) -> tuple[Lembar, list[Diagnostic]]:
    """The Lembar a lembar CSV holds, and what reading it found. Raises WorkbookError."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise WorkbookError(f"{file}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise WorkbookError(f"{file}: more than {MAX_FILE_BYTES // 2**20} MiB; not a lembar")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookError(f"{file}: not UTF-8 text; save the CSV as UTF-8", ReadFailure.CONTENT) from None
    # An Indonesian-locale Excel saves a CSV with ";" between the cells (the comma is its decimal
    # separator); the marker says which one this file uses.
    delimiter = ";" if text.startswith(MARKER + ";") else ","
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if len(lines) < 2 or len(lines[0]) < 6 or lines[0][0] != MARKER:
        raise _not_lembar(file)
    head = lines[0]
    if head[1] != str(FORMAT_VERSION):
        raise WorkbookError(
            f"{file}: a lembar of format {head[1]}; this rkt reads format {FORMAT_VERSION}", ReadFailure.CONTENT
        )
    try:
        pengaturan: dict[str, Any] = json.loads(head[4] or "{}")
        cara: dict[str, dict[str, Any]] = json.loads(head[5] or "{}")
    except json.JSONDecodeError:
        raise WorkbookError(f"{file}:1: the marker line is damaged", ReadFailure.CONTENT) from None
    columns = {name: index for index, name in enumerate(lines[1])}
    missing = [name for name in (*FIXED, *VALUES, *NOTES) if name not in columns]
    if missing:
        raise WorkbookError(f"{file}:2: the header lacks {', '.join(missing)}", ReadFailure.CONTENT)
    has_targets = all(name in columns for name in TARGETS)
    reader = _Reader(file)
    entries: list[Entri] = []
    anggaran: list[EntriAnggaran] = []
    for line, row in enumerate(lines[2:], start=3):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(lines[1]):
            # Spreadsheets keep every column when they save a CSV: a shorter row was cut by hand,
            # and its missing cells would silently read as "no realisasi".
            message = f"this row has {len(row)} cells and the header {len(lines[1])}: a row was cut short"
            reader.diagnostics.append(Diagnostic("RKT604", Severity.ERROR, file, line, len(row) + 1, "", message))
            continue

        def at(name: str, row: list[str] = row) -> str:
            return row[columns[name]]

        if at("jenis") == "anggaran":
            amounts = {q: reader.number(at(f"tw{q}"), line, columns[f"tw{q}"] + 1, False, whole=True) for q in TRIWULAN}
            anggaran.append(
                EntriAnggaran(
                    _text(at("alamat")), {q: int(a) for q, a in amounts.items() if isinstance(a, (int, float))}
                )
            )
            continue
        key, ref = ("id", _text(at("id"))) if at("id") else ("indikator", _text(at("alamat")))
        text_ok = scale_target(_text(at("target")))
        values = {q: reader.number(at(f"tw{q}"), line, columns[f"tw{q}"] + 1, text_ok) for q in TRIWULAN}
        targets = {}
        if has_targets:
            targets = {
                q: reader.number(at(f"target_tw{q}"), line, columns[f"target_tw{q}"] + 1, text_ok) for q in TRIWULAN
            }
        notes = [_text(at(name)) if at(name).strip() else None for name in NOTES]
        entries.append(
            Entri(
                key,
                ref,
                {q: v for q, v in values.items() if v is not None},
                {q: v for q, v in targets.items() if v is not None},
                notes[0],
                notes[1],
                cara.get(f"{key}:{ref}", {}),
            )
        )
    written = head[6] if len(head) > 6 else ""
    if written.isdigit() and int(written) != len(entries):
        message = (
            f"the lembar was written with {written} indikator rows, and {len(entries)} are here; "
            "export a fresh lembar and copy the values into it"
        )
        reader.diagnostics.append(Diagnostic("RKT604", Severity.ERROR, file, 1, 1, "", message))
    tahun = int(head[3]) if head[3].isdigit() else None
    return Lembar(head[2], tahun, pengaturan, entries, anggaran), reader.diagnostics


__all__ = ["read_lembar_csv", "render_lembar_csv"]
