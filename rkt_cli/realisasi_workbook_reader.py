"""Reading a filled realisasi entry workbook (written by rkt_cli.realisasi_workbook) back into a
Lembar, with what was found at each cell: a number typed as text is read with a warning (RKT601)
at `FILE.xlsx:Realisasi!J12`, "95%" is an error that says "write 95" (RKT602), a formula's saved
value is used with a warning and one without is an error (RKT603), and a row count that differs
from the marker's is an error (RKT604).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.lembar import TRIWULAN, Entri, EntriAnggaran, Lembar
from rkt_cli.realisasi_workbook import (
    ANGGARAN_FIXED,
    ANGGARAN_SHEET,
    CARA_ROW,
    FIXED,
    FORMAT_VERSION,
    HEADER_ROW,
    MARKER,
    META_SHEET,
    NOTES,
    SHEET,
    Meta,
    scale_target,
    target_header,
    tw_header,
)
from rkt_cli.xlsx_reader import (
    GridCell,
    ReadFailure,
    Sheet,
    Workbook,
    WorkbookError,
    decimal_from_text,
    percent_text,
    rupiah_from_text,
)


def is_lembar(book: Workbook) -> bool:
    """True when the workbook carries the marker of an entry workbook."""
    meta = book.sheet(META_SHEET)
    return meta is not None and meta.value(1, 1) == MARKER


@dataclass
class _Reader:
    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, code: str, sheet: Sheet, cell: GridCell, message: str, severity: Severity) -> None:
        where = f"{self.file}:{sheet.address(cell.row, cell.col)}"
        self.diagnostics.append(Diagnostic(code, severity, where, 0, 0, "", message))

    def raw(self, sheet: Sheet, cell: GridCell) -> Any:
        if cell.formula is None:
            return cell.value
        if cell.value is None:
            self.report(
                "RKT603",
                sheet,
                cell,
                f"a formula ({cell.formula[:60]}) without a saved value: type the number",
                Severity.ERROR,
            )
            return None
        self.report(
            "RKT603",
            sheet,
            cell,
            f"a formula ({cell.formula[:60]}): its saved value {cell.value} is used",
            Severity.WARNING,
        )
        return cell.value

    def number(self, sheet: Sheet, cell: GridCell, text_ok: bool, whole: bool = False) -> int | float | str | None:
        """A typed number as it is; a number typed as text with a warning; else an error (None)."""
        value = self.raw(sheet, cell)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if whole and not float(value).is_integer():
                self.report("RKT602", sheet, cell, f"{value} is not whole rupiah", Severity.ERROR)
                return None
            return int(value) if isinstance(value, float) and value.is_integer() else value
        if not isinstance(value, str):
            self.report("RKT602", sheet, cell, f"expected a number, got a {type(value).__name__}", Severity.ERROR)
            return None
        text = value.strip()
        if not text:
            return None
        parsed = rupiah_from_text(text) if whole else decimal_from_text(text)
        if parsed is not None:
            self.report(
                "RKT601", sheet, cell, f"{text!r} is a number stored as text; read as {parsed}", Severity.WARNING
            )
            return parsed
        percent = percent_text(text)
        if percent is not None:
            self.report(
                "RKT602",
                sheet,
                cell,
                f"{text!r} is a number written with a percent sign: write {percent}",
                Severity.ERROR,
            )
            return None
        if text_ok:
            return text  # a label of the realisasi file's scale (WTP …)
        self.report("RKT602", sheet, cell, f"expected a number such as 95, got the text {text[:60]!r}", Severity.ERROR)
        return None

    def text(self, sheet: Sheet, cell: GridCell) -> str | None:
        value = self.raw(sheet, cell)
        if value is None:
            return None
        text = cell.text if not isinstance(value, str) else value
        return text if text.strip() else None  # as typed: a note rkt wrote comes back the same


def _columns(reader: _Reader, sheet: Sheet, expected: tuple[str, ...]) -> dict[str, int]:
    found = {
        str(sheet.value(HEADER_ROW, c)).strip(): c for c in range(1, sheet.max_col + 1) if sheet.value(HEADER_ROW, c)
    }
    missing = [name for name in expected if name not in found]
    if missing:
        raise WorkbookError(
            f"{reader.file}:{sheet.name}: the header row {HEADER_ROW} lacks {', '.join(missing)}; "
            "export a fresh lembar with `rkt export RKT.yaml --lembar realisasi`",
            ReadFailure.CONTENT,
        )
    return found


def _meta(book: Workbook) -> Meta:
    sheet = book.sheet(META_SHEET)
    assert sheet is not None
    version = sheet.value(1, 2)
    if version != FORMAT_VERSION:
        raise WorkbookError(
            f"{book.name}: a lembar of format {version}; this rkt reads format {FORMAT_VERSION}", ReadFailure.CONTENT
        )
    try:
        pengaturan = json.loads(str(sheet.value(4, 2) or "{}"))
        count = sheet.value(5, 2)
        rows = range(CARA_ROW, CARA_ROW + count) if isinstance(count, int) and 0 <= count <= sheet.max_row else None
        cara = {str(sheet.value(r, 1)): json.loads(str(sheet.value(r, 2))) for r in rows} if rows is not None else None
    except json.JSONDecodeError:
        pengaturan = cara = None
    if (
        not isinstance(pengaturan, dict)
        or not isinstance(cara, dict)
        or not all(isinstance(v, dict) for v in cara.values())
    ):
        raise WorkbookError(f"{book.name}: the lembar's hidden sheet 'rkt' is damaged", ReadFailure.CONTENT)
    tahun, baris = sheet.value(3, 2), sheet.value(6, 2)
    return Meta(
        str(sheet.value(2, 2) or ""),
        tahun if isinstance(tahun, int) else None,
        "",
        pengaturan,
        cara,
        baris if isinstance(baris, int) else None,
    )


def read_lembar(book: Workbook) -> tuple[Lembar, list[Diagnostic]]:
    """The Lembar an entry workbook holds, and what reading it found (errors mean: do not write)."""
    if not is_lembar(book):
        raise WorkbookError(
            f"{book.name}: not a lembar realisasi written by `rkt export --lembar realisasi` "
            "(`rkt import` reads any other workbook as an RKT table)",
            ReadFailure.CONTENT,
        )
    meta = _meta(book)
    reader = _Reader(book.name)
    sheet = book.sheet(SHEET)
    if sheet is None:
        raise WorkbookError(f"{book.name}: the sheet {SHEET!r} is missing", ReadFailure.CONTENT)
    columns = _columns(reader, sheet, (*FIXED, *(tw_header(q) for q in TRIWULAN), *NOTES))
    has_targets = all(target_header(q) in columns for q in TRIWULAN)
    entries: list[Entri] = []
    r = HEADER_ROW + 1
    while sheet.value(r, columns["Alamat"]) not in (None, ""):
        alamat, ident = sheet.cell(r, columns["Alamat"]), sheet.cell(r, columns["ID"])
        key, ref = ("id", ident.text) if ident.text else ("indikator", alamat.text)
        text_ok = scale_target(sheet.value(r, columns["Target"]))
        tw = {q: sheet.cell(r, columns[tw_header(q)]) for q in TRIWULAN}
        values = {q: reader.number(sheet, c, text_ok) for q, c in tw.items()}
        targets: dict[int, int | float | str | None] = {}
        if has_targets:
            targets = {q: reader.number(sheet, sheet.cell(r, columns[target_header(q)]), text_ok) for q in TRIWULAN}
        entri = Entri(
            key,
            ref,
            {q: v for q, v in values.items() if v is not None},
            {q: v for q, v in targets.items() if v is not None},
            reader.text(sheet, sheet.cell(r, columns["Penghambat"])),
            reader.text(sheet, sheet.cell(r, columns["Upaya"])),
            meta.cara.get(f"{key}:{ref}", {}),
        )
        entries.append(entri)
        r += 1
    if meta.baris is not None and len(entries) != meta.baris:
        # The sheet is protected, but protection without a password can be lifted: a row
        # deleted or added by hand would shift every address below it.
        reader.report(
            "RKT604",
            sheet,
            sheet.cell(r, columns["Alamat"]),
            f"the lembar was written with {meta.baris} indikator rows, and {len(entries)} are here; "
            "export a fresh lembar and copy the values into it",
            Severity.ERROR,
        )
    anggaran = _read_anggaran(reader, book)
    lembar = Lembar(meta.rkt, meta.tahun, meta.pengaturan, entries, anggaran)
    return lembar, reader.diagnostics


def _read_anggaran(reader: _Reader, book: Workbook) -> list[EntriAnggaran]:
    sheet = book.sheet(ANGGARAN_SHEET)
    if sheet is None:
        return []
    names = (*ANGGARAN_FIXED, *(f"Realisasi {tw_header(q)} (Rp)" for q in TRIWULAN))
    columns = _columns(reader, sheet, names)
    out = []
    r = HEADER_ROW + 1
    while sheet.value(r, columns["Kode"]) not in (None, ""):
        kunci = sheet.cell(r, columns["Kode"]).text
        amounts = {q: reader.number(sheet, sheet.cell(r, columns[names[3 + q]]), False, whole=True) for q in TRIWULAN}
        out.append(EntriAnggaran(kunci, {q: int(a) for q, a in amounts.items() if isinstance(a, (int, float))}))
        r += 1
    return out


__all__ = ["is_lembar", "read_lembar"]
