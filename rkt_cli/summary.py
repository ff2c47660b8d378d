"""The views of `rkt summary` and their json, csv and markdown texts. No Typer, no printing.

A Summary is a list of Sections (one table each) plus the grand total, the pagu comparison and
the total in words. Every cell keeps its raw value (int rupiah, counts, text); formatting for
people (Indonesian thousands separators, percent) happens only in the table and markdown
texts, so json and csv carry plain integers a script or a spreadsheet can add up.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rkt_cli.formatting import TERBILANG_MAX, format_number, format_percent, format_rupiah, terbilang_rupiah
from rkt_cli.grouping import By as By  # defined apart so the CLI can offer it cheaply
from rkt_cli.totals import DocumentTotals, ProgramTotal, RollUp, roll_up

ColumnKind = Literal["text", "count", "money", "share"]
# How a text cell gives way when the terminal is too narrow: not at all (short codes), or
# wrapped onto more lines at word boundaries (names: a name cut to its first word says nothing).
# A path keeps its end ("…/kota/prabumulih.yaml"), where files differ.
Overflow = Literal["none", "wrap", "path"]
# item: one sasaran/program/unit/file; program: a program subtotal heading its sasaran;
# shared: a sasaran carried by several units, counted once; total: the section's total.
RowKind = Literal["item", "program", "shared", "total"]
CellValue = str | int | float | tuple[str, ...] | None


@dataclass(frozen=True)
class Column:
    """A column of a summary table: which value it shows, its header, and how it gives way."""

    key: str
    header: str
    kind: ColumnKind = "text"
    overflow: Overflow = "none"
    weight: int = 1  # a text column's share of the room left in a narrow terminal
    unit_names: bool = False  # holds names of units, which may be abbreviated ("Subbag …") to fit

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class SummaryRow:
    """One row of a summary table, its values by column key."""

    kind: RowKind
    values: Mapping[str, CellValue]  # may hold more keys than the columns show: json and csv carry them all


@dataclass(frozen=True)
class Section:
    """One table of a summary, with its title and the notes printed under it."""

    title: str
    file: str | None  # the file a section details; None for a roll-up of several files
    columns: tuple[Column, ...]
    rows: tuple[SummaryRow, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """What `rkt summary` shows: its tables, the grand total, the pagu and how many files."""

    by: By
    sections: tuple[Section, ...]
    total: int
    pagu: int | None
    files: int
    has_anggaran: bool = True  # False: no file carries anggaran (a PK, a simple RKT): no money columns

    @property
    def selisih(self) -> int | None:
        return None if self.pagu is None else self.total - self.pagu

    @property
    def terbilang(self) -> str | None:
        """The total in words; None beyond the triliun range, which terbilang does not spell
        (each anggaran may go up to MAX_RUPIAH, and a roll-up adds several files)."""
        return terbilang_rupiah(self.total) if self.total <= TERBILANG_MAX else None

    @property
    def terbilang_text(self) -> str:
        """For people: the total in words, or why it is not spelt out."""
        words = self.terbilang
        return words if words is not None else "tidak dieja (jumlah di atas 999 triliun rupiah)"


def _share(part: int, whole: int) -> float | None:
    """Percent of the whole, rounded for display and for json/csv alike; none of a zero total."""
    return None if whole == 0 else round(100 * part / whole, 2)


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text += numeral
            number -= value
    return text


def _title(doc: DocumentTotals) -> str:
    return f"RKT {doc.tahun} · {doc.unit} · {doc.file}"


def _total_row(label_key: str, anggaran: int, **counts: int) -> SummaryRow:
    return SummaryRow(
        "total", {label_key: "Jumlah", **counts, "anggaran": anggaran, "persen": 100.0 if anggaran else None}
    )


def _program_values(program: ProgramTotal, total: int) -> dict[str, CellValue]:
    """A program's row: a subtotal in the sasaran view, an item in the program view."""
    return {
        "no": _roman(program.index + 1),
        "nama": program.nama,
        "sasaran": len(program.sasaran),
        "indikator": program.indikator,
        "anggaran": program.anggaran,
        "persen": _share(program.anggaran, total),
    }


def sasaran_section(doc: DocumentTotals) -> Section:
    """A row per sasaran under a subtotal row per program, then the total."""
    columns = (
        Column("no", "No", "text"),
        Column("kode", "Kode", "text"),
        Column("nama", "Program / Sasaran", "text", "wrap", weight=3),
        Column("indikator", "Ind.", "count"),
        Column("pelaksana", "Pelaksana", "text", "wrap", weight=2, unit_names=True),
        Column("anggaran", "Anggaran (Rp)", "money"),
        Column("persen", "%", "share"),
    )
    total = doc.anggaran
    rows: list[SummaryRow] = []
    for program in doc.program:
        rows.append(SummaryRow("program", {"program": program.nama, **_program_values(program, total)}))
        for s in program.sasaran:
            rows.append(
                SummaryRow(
                    "item",
                    {
                        "no": str(s.number),
                        "program": program.nama,
                        "kode": s.kode,
                        "nama": s.nama,
                        "indikator": s.indikator,
                        "pelaksana": s.pelaksana,
                        "anggaran": s.anggaran,
                        "persen": _share(s.anggaran, total),
                    },
                )
            )
    rows.append(_total_row("nama", total, sasaran=len(doc.sasaran), indikator=doc.indikator))
    notes = ("Baris program (I, II, …) menjumlahkan sasaran di bawahnya.",)
    return Section(_title(doc), doc.file, columns, tuple(rows), notes)


def program_section(doc: DocumentTotals) -> Section:
    """A row per program, then the total."""
    columns = (
        Column("no", "No", "text"),
        Column("nama", "Program", "text", "wrap"),
        Column("sasaran", "Sasaran", "count"),
        Column("indikator", "Ind.", "count"),
        Column("anggaran", "Anggaran (Rp)", "money"),
        Column("persen", "%", "share"),
    )
    total = doc.anggaran
    rows = [SummaryRow("item", _program_values(p, total)) for p in doc.program]
    rows.append(_total_row("nama", total, sasaran=len(doc.sasaran), indikator=doc.indikator))
    return Section(_title(doc), doc.file, columns, tuple(rows))


def pelaksana_section(doc: DocumentTotals) -> Section:
    """A row per unit (what it carries alone), a "Bersama" row per shared sasaran, the total."""
    columns = (
        Column("pelaksana", "Pelaksana", "text", "wrap", unit_names=True),
        Column("indikator", "Ind.", "count"),
        Column("sasaran", "Sas.", "count"),
        Column("bersama", "Bersama", "count"),
        Column("anggaran", "Anggaran (Rp)", "money"),
        Column("persen", "%", "share"),
    )
    total = doc.anggaran
    rows: list[SummaryRow] = [
        SummaryRow(
            "item",
            {
                "pelaksana": unit.nama,
                "indikator": unit.indikator,
                "sasaran": len(unit.sasaran_sendiri),
                "bersama": len(unit.sasaran_bersama),
                "anggaran": unit.anggaran_sendiri,
                "persen": _share(unit.anggaran_sendiri, total),
                "kode_sendiri": unit.sasaran_sendiri,
                "kode_bersama": unit.sasaran_bersama,
            },
        )
        for unit in doc.by_pelaksana()
    ]
    for s in doc.shared_sasaran:
        rows.append(
            SummaryRow(
                "shared",
                {
                    "pelaksana": f"Bersama, sasaran {s.label}: " + " + ".join(s.pelaksana),
                    "sasaran": 1,
                    "anggaran": s.anggaran,
                    "persen": _share(s.anggaran, total),
                    "kode": s.kode,
                    "pelaksana_bersama": s.pelaksana,
                },
            )
        )
    rows.append(_total_row("pelaksana", total, indikator=doc.indikator, sasaran=len(doc.sasaran)))
    notes = "Sas. dan Anggaran: sasaran yang seluruh indikatornya dikerjakan pelaksana itu sendiri."
    if doc.shared_sasaran:
        notes += (
            " Sasaran yang indikatornya dikerjakan beberapa pelaksana adalah sasaran bersama: anggarannya"
            " dihitung sekali, pada baris Bersama, tidak dibagi dan tidak dihitung dua kali. Kolom Bersama"
            " (sasaran bersama tiap pelaksana) karena itu tidak dijumlahkan."
        )
    return Section(_title(doc), doc.file, columns, tuple(rows), (notes,))


def file_section(rollup: RollUp) -> Section:
    """A row per file of a roll-up, then the grand total."""
    columns = (
        Column("no", "No", "text"),
        Column("file", "File", "text", "path", weight=2),
        Column("unit", "Unit", "text", "wrap", weight=2),
        Column("tahun", "Tahun", "text"),
        Column("indikator", "Ind.", "count"),
        Column("anggaran", "Anggaran (Rp)", "money"),
        Column("persen", "%", "share"),
    )
    total = rollup.anggaran
    rows = [
        SummaryRow(
            "item",
            {
                "no": str(number),
                "file": doc.file,
                "unit": doc.unit,
                "tahun": str(doc.tahun),
                "sasaran": len(doc.sasaran),
                "indikator": doc.indikator,
                "anggaran": doc.anggaran if doc.has_anggaran else None,
                "persen": _share(doc.anggaran, total) if doc.has_anggaran else None,
                "pagu": doc.pagu,
                "selisih": doc.selisih,
            },
        )
        for number, doc in enumerate(rollup.documents, start=1)
    ]
    rows.append(_total_row("unit", total, sasaran=rollup.sasaran, indikator=rollup.indikator))
    notes: tuple[str, ...] = ()
    if len(rollup.years) > 1:
        years = ", ".join(str(y) for y in rollup.years)
        notes += (f"Jumlah ini menggabungkan beberapa tahun anggaran ({years}).",)
    declared = sum(1 for d in rollup.documents if d.pagu is not None)
    if 0 < declared < len(rollup.documents):
        notes += (f"Hanya {declared} dari {len(rollup.documents)} file menyatakan pagu: pagu gabungan tidak dihitung.",)
    return Section(f"Gabungan {len(rollup.documents)} file", None, columns, tuple(rows), notes)


_SECTION_BUILDERS = {By.SASARAN: sasaran_section, By.PROGRAM: program_section, By.PELAKSANA: pelaksana_section}


def build_summary(documents: Sequence[DocumentTotals], by: By | None = None) -> Summary:
    """One file: the `by` view (sasaran by default). Several files: a row per file and the grand
    total (the default), or each file's `by` view followed by that roll-up."""
    if not documents:
        raise ValueError("a summary needs at least one document")
    rollup = roll_up(documents)
    if by is None:
        by = By.SASARAN if len(documents) == 1 else By.FILE
    sections: list[Section] = []
    if by is not By.FILE:
        sections += [_SECTION_BUILDERS[by](doc) for doc in documents]
    if by is By.FILE or len(documents) > 1:
        sections.append(file_section(rollup))
    has_anggaran = any(doc.has_anggaran for doc in documents)
    if not has_anggaran:
        # A sum of nothing is not Rp 0: the columns are left out rather than filled with zeros.
        sections = [_without_money(section) for section in sections]
    return Summary(by, tuple(sections), rollup.anggaran, rollup.pagu, len(documents), has_anggaran)


def _without_money(section: Section) -> Section:
    money = {c.key for c in section.columns if c.kind in ("money", "share")}
    columns = tuple(c for c in section.columns if c.key not in money)
    rows = tuple(
        dataclasses.replace(row, values={k: v for k, v in row.values.items() if k not in money}) for row in section.rows
    )
    return dataclasses.replace(section, columns=columns, rows=rows)


# ---- cells as text -------------------------------------------------------------------------


def format_cell(column: Column, value: CellValue, separator: str = ", ") -> str:
    """A cell as people read it: 822.654.000, 3,6%, units joined by commas; blank for none."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return separator.join(value)
    if column.kind == "money" and isinstance(value, int):
        return format_number(value)
    if column.kind == "share" and isinstance(value, (int, float)):
        return format_percent(value / 100)
    return str(value)


def pagu_lines(summary: Summary) -> list[str]:
    """Total, pagu and the difference, as lines of text under the table."""
    if not summary.has_anggaran:
        return ["Anggaran: tidak ada (tidak ada sasaran yang mencantumkan anggaran)"]
    lines = [f"Jumlah anggaran: {format_rupiah(summary.total)}"]
    selisih = summary.selisih
    if summary.pagu is not None and selisih is not None:
        lines.append(f"Pagu: {format_rupiah(summary.pagu)}")
        if selisih == 0:
            lines.append("Selisih: Rp 0 (jumlah anggaran sama dengan pagu)")
        elif selisih > 0:
            lines.append(f"Selisih: {format_rupiah(selisih)} MELEBIHI pagu")
        else:
            lines.append(f"Selisih: {format_rupiah(-selisih)} di bawah pagu (sisa pagu)")
    return lines


# ---- json, csv, markdown -------------------------------------------------------------------


def _json_value(value: CellValue) -> object:
    return list(value) if isinstance(value, tuple) else value


def to_json(summary: Summary, ascii_only: bool = False) -> str:
    """The summary for scripts; `ascii_only` escapes non-ASCII text for a non-UTF-8 output."""
    data = {
        "by": summary.by.value,
        "files": summary.files,
        "sections": [
            {
                "title": section.title,
                "file": section.file,
                "columns": [c.key for c in section.columns],
                "rows": [
                    {"kind": row.kind, **{k: _json_value(v) for k, v in row.values.items()}} for row in section.rows
                ],
                "notes": list(section.notes),
            }
            for section in summary.sections
        ],
        "total": summary.total,
        "pagu": summary.pagu,
        "selisih": summary.selisih,
        "terbilang": summary.terbilang,
    }
    return json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n"


def to_csv(summary: Summary) -> str:
    """One flat table: every row of every section, with `file` and `kind` first, then every key
    any row has (a blank where a row has none). Numbers are plain: 822654000, 3.55; several
    units in one cell are joined by "; "."""
    keys: dict[str, None] = {}
    for section in summary.sections:
        for column in section.columns:
            keys.setdefault(column.key)
        for row in section.rows:
            for key in row.values:
                keys.setdefault(key)
    keys.pop("file", None)
    header = ["file", "kind", *keys]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for section in summary.sections:
        for row in section.rows:
            cells: list[object] = [row.values.get("file", section.file or ""), row.kind]
            for key in keys:
                value = row.values.get(key)
                cells.append("" if value is None else "; ".join(value) if isinstance(value, tuple) else value)
            writer.writerow([_inert(cell) for cell in cells])
    return out.getvalue()


def _inert(cell: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first, or a tab or carriage
    return before one) gets a leading apostrophe, the usual guard against CSV formula injection
    (OWASP's list); numbers stay numbers. `rkt export -f csv` uses it too."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(summary: Summary) -> str:
    """The summary as Markdown tables (numbers formatted for people), then the total lines."""
    lines: list[str] = []
    for section in summary.sections:
        lines += [f"### {_markdown_cell(section.title)}", ""]
        lines.append("| " + " | ".join(c.header for c in section.columns) + " |")
        lines.append("|" + "|".join("---:" if c.numeric else "---" for c in section.columns) + "|")
        for row in section.rows:
            cells = [_markdown_cell(format_cell(c, row.values.get(c.key))) for c in section.columns]
            if row.kind in ("program", "total"):
                cells = [f"**{cell}**" if cell else cell for cell in cells]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        lines += [f"*{note}*" for note in section.notes]
        if section.notes:
            lines.append("")
    lines += [line + "  " for line in pagu_lines(summary)]
    lines.append(f"Terbilang: *{summary.terbilang_text}*")
    return "\n".join(lines) + "\n"
