"""A document made of parts (template.yaml `bagian:`): each part as the renderer draws it.

A template without `bagian:` is the title, the intro, the indikator table and the signature, as
rkt always made it, and never comes here. With parts, the document is those parts in order:
title lines, statement text (which names both signers: `{{ pihak_pertama.nama }}`), page
breaks, the indikator table (the view's own rows), a program table (No | Program | Anggaran,
ending in a Jumlah row with the total), a serapan table (No | Program or Sasaran | Anggaran |
Realisasi | Serapan, from the realisasi report, ending in the total) and the signature block.
A signature right after a table becomes that table's last row, so that it never stands alone on
a page; elsewhere it follows the part before it, which keeps with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from rkt_cli.columns import NO_VALUE, NeedsRealisasi
from rkt_cli.formatting import format_number, format_tanggal
from rkt_cli.model import RKT, Penandatangan
from rkt_cli.template_spec import Align, Bagian, KolomProgram
from rkt_cli.templating import SIGNER_FIELDS, Template
from rkt_cli.walk import walk_sasaran

if TYPE_CHECKING:
    from rkt_cli.capaian_rows import CapaianRows, NilaiSerapan
    from rkt_cli.layout import ColumnView, TextLine

PartKind = Literal["judul", "teks", "ganti_halaman", "tabel", "tabel_program", "tabel_serapan", "tanda_tangan"]
TABLE_PARTS = ("tabel", "tabel_program", "tabel_serapan")  # a signature right after one is its last row


@dataclass(frozen=True, slots=True)
class ProgramTableView:
    """No | Program | Anggaran (or a serapan table: … | Realisasi | Serapan): a row per program
    (or sasaran), then the Jumlah row, whose label spans the columns before the first amount
    column (`total_span` of them)."""

    columns: tuple[ColumnView, ...]
    rows: tuple[tuple[str, ...], ...]
    total_row: tuple[str, ...]
    total_span: int


@dataclass(frozen=True, slots=True)
class PartView:
    """One part, drawn in order. `lines`: the title lines, or a statement's paragraphs (one
    TextLine each; a newline within is a line break); `signature`: a table part whose last row
    is the signature block, or a signature part of its own."""

    kind: PartKind
    lines: tuple[TextLine, ...] = ()
    program_table: ProgramTableView | None = None
    signature: bool = False
    tab_mm: float | None = None  # a statement's tab stop ("Nama\t: …")
    indent_mm: float | None = None  # a statement's left indent (no first-line indent then)


def party_context(signers: list[Penandatangan]) -> dict[str, object]:
    """{{ pihak_pertama }} and {{ pihak_kedua }} for a statement: each signer's texts, empty
    texts for a signer the document does not have (wording can test `{% if pihak_kedua.nama %}`)."""
    context: dict[str, object] = {}
    for index, name in enumerate(("pihak_pertama", "pihak_kedua")):
        signer = signers[index] if index < len(signers) else None
        context[name] = {field: "" for field in SIGNER_FIELDS} if signer is None else _signer_texts(signer)
    return context


def _signer_texts(signer: Penandatangan) -> dict[str, str]:
    return {
        "jabatan": signer.printed_jabatan,
        "nama": signer.nama,
        "nip": signer.nip or "",
        "tempat": signer.tempat or "",
        "tanggal": format_tanggal(signer.tanggal) if signer.tanggal else "",
        "pihak": signer.pihak or "",
    }


def build_parts(
    rkt: RKT, template: Template, context: dict[str, object], capaian: CapaianRows | None = None
) -> tuple[PartView, ...]:
    """The template's parts filled in from `rkt` (wording with `context` and both signers);
    `capaian`: the realisasi report a serapan table shows (NeedsRealisasi without it)."""
    from rkt_cli.layout import TextLine

    spec = template.spec
    assert spec.bagian is not None
    full = {**context, **party_context(list(rkt.penandatangan))}
    parts: list[PartView] = []
    for index, bagian in enumerate(spec.bagian):
        base = ("bagian", index)
        if bagian.jenis == "tanda_tangan" and parts and parts[-1].kind in TABLE_PARTS:
            parts[-1] = replace(parts[-1], signature=True)
            continue
        lines = []
        for j, line in enumerate(bagian.baris or ()):
            text = template.word((*base, "baris", j, "teks")).render(full)
            lines.append(TextLine(text, line.tebal, line.garis_bawah, line.rata, line.kapital))
        if bagian.jenis == "judul":
            parts.append(PartView("judul", tuple(lines)))
        elif bagian.jenis == "teks":
            text = template.word((*base, "teks")).render(full).strip()
            align: Align = bagian.rata or "rata"
            paragraphs = tuple(TextLine(p.strip("\n"), align=align) for p in _paragraphs(text))
            parts.append(PartView("teks", paragraphs, tab_mm=bagian.tab_mm, indent_mm=bagian.inden_mm))
        elif bagian.jenis == "tabel_program":
            if not bagian.required and (rkt.program is None or not rkt.has_anggaran):
                continue  # wajib: false, and nothing to show: the part is left out, lines and all
            table = _program_table(rkt, template, bagian, base, context)
            parts.append(PartView("tabel_program", tuple(lines), program_table=table))
        elif bagian.jenis == "tabel_serapan":
            per_program = bagian.serapan_per == "program"
            if not bagian.required and ((per_program and rkt.program is None) or not rkt.has_anggaran):
                continue  # as tabel_program: wajib: false and nothing to show
            if capaian is None:
                raise NeedsRealisasi("a serapan table (jenis: tabel_serapan) shows the realisasi file's values")
            table = _serapan_table(rkt, template, bagian, base, context, capaian)
            parts.append(PartView("tabel_serapan", tuple(lines), program_table=table))
        elif bagian.jenis == "tanda_tangan":
            parts.append(PartView("tanda_tangan", signature=True))
        else:
            parts.append(PartView(bagian.jenis))
    return tuple(parts)


def _paragraphs(text: str) -> list[str]:
    """A statement's paragraphs: split at blank lines; single newlines stay line breaks."""
    out: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def _program_table(
    rkt: RKT, template: Template, bagian: Bagian, base: tuple[str | int, ...], context: dict[str, object]
) -> ProgramTableView:
    from rkt_cli.layout import ColumnView

    kolom: list[KolomProgram] = list(bagian.kolom or ())
    separator = template.spec.tabel.pemisah_ribuan
    headers = [template.word((*base, "kolom", j, "judul")).render(context) for j in range(len(kolom))]
    columns = tuple(ColumnView(h, k.lebar_mm, k.rata, k.isi) for h, k in zip(headers, kolom, strict=True))
    rows = []
    for number, program in enumerate(rkt.program or [], start=1):
        values = {"nomor": str(number), "program": program.nama, "anggaran": format_number(program.anggaran, separator)}
        rows.append(tuple(k.awalan + values[k.isi] for k in kolom))
    span = next((j for j, k in enumerate(kolom) if k.isi == "anggaran"), len(kolom))
    total = [""] * len(kolom)
    total[0] = bagian.total_label
    for j, k in enumerate(kolom):
        if k.isi == "anggaran":
            total[j] = k.awalan + format_number(rkt.total_anggaran, separator)
    return ProgramTableView(columns, tuple(rows), tuple(total), max(span, 1))


# The columns of a serapan table that hold amounts: the Jumlah label spans the columns before them.
_AMOUNT_COLUMNS = ("anggaran", "realisasi", "serapan")


def _serapan_table(
    rkt: RKT,
    template: Template,
    bagian: Bagian,
    base: tuple[str | int, ...],
    context: dict[str, object],
    capaian: CapaianRows,
) -> ProgramTableView:
    """No | Program (or Sasaran) | Anggaran | Realisasi | Serapan with the total: the report's
    values (rkt_cli.capaian_rows), never summed or divided here."""
    from rkt_cli.layout import ColumnView

    kolom: list[KolomProgram] = list(bagian.kolom or ())
    separator = template.spec.tabel.pemisah_ribuan
    headers = [template.word((*base, "kolom", j, "judul")).render(context) for j in range(len(kolom))]
    columns = tuple(ColumnView(h, k.lebar_mm, k.rata, k.isi) for h, k in zip(headers, kolom, strict=True))
    named: list[tuple[str, NilaiSerapan]] = []
    if bagian.serapan_per == "program":
        named = [(p.nama, capaian.program(i).serapan) for i, p in enumerate(rkt.program or [])]
    else:
        named = [(at.sasaran.nama, capaian.sasaran(at).serapan) for at in walk_sasaran(rkt)]

    decimal_point = template.spec.tabel.pemisah_desimal == "."

    def texts(number: str, name: str, values: NilaiSerapan) -> tuple[str, ...]:
        serapan = values.serapan
        if values.serapan_angka is not None and decimal_point:
            serapan = serapan.replace(",", ".")
        shown = {
            "nomor": number,
            "nama": name,
            "anggaran": _money(values.anggaran_angka, separator),
            "realisasi": _money(values.realisasi_angka, separator),
            "serapan": serapan,
        }
        # The awalan ("Rp ") goes before a value, not before a dash or a status
        # ("belum ada realisasi"), and not into the blank cells of the total row.
        missing = {k.isi for k in kolom if not shown[k.isi] or shown[k.isi] == NO_VALUE}
        if values.serapan_angka is None:
            missing.add("serapan")
        return tuple(shown[k.isi] if k.isi in missing else k.awalan + shown[k.isi] for k in kolom)

    rows = tuple(texts(str(number), name, values) for number, (name, values) in enumerate(named, start=1))
    total = list(texts("", "", capaian.total().serapan))
    span = next((j for j, k in enumerate(kolom) if k.isi in _AMOUNT_COLUMNS), len(kolom))
    total[0] = bagian.total_label
    for j in range(1, span):
        total[j] = ""
    return ProgramTableView(columns, rows, tuple(total), max(span, 1))


def _money(amount: int | None, separator: str) -> str:
    return NO_VALUE if amount is None else format_number(amount, separator)
