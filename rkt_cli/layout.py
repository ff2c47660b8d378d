"""Model + template → DocumentView: the one place where content and layout are decided.

Every cell is already a string and every vertical merge already decided here, so that each
renderer (docx, table, …) only draws the view. Nothing in this module knows about Word.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from rkt_cli.columns import cell_function, group_context, numbering_row
from rkt_cli.formatting import format_number, format_tanggal
from rkt_cli.loader import paused_gc
from rkt_cli.model import RKT, Penandatangan
from rkt_cli.pagination import (  # noqa: F401  (ROWS_KEPT_WITH_SIGNATURE, _line_count: the tests read them here)
    ROWS_KEPT_WITH_SIGNATURE,
    PagePlan,
    _line_count,
    plan_pages,
)
from rkt_cli.template_spec import Align, Baris, Kolom
from rkt_cli.templating import Template
from rkt_cli.walk import IndikatorAt, walk_indikator

if TYPE_CHECKING:
    from rkt_cli.capaian_rows import CapaianRows
    from rkt_cli.parts import PartView

MergeState = Literal["none", "restart", "continue"]

DEFAULT_JUDUL = "RENCANA KINERJA TAHUNAN"
# Page-number fields in rendered footer wording: the NUL marks cannot occur in YAML text
# (the loader rejects control characters), so splitting on them is unambiguous.
PAGE_FIELD = "\x00PAGE\x00"
NUMPAGES_FIELD = "\x00NUMPAGES\x00"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of a title or signature block, with its formatting."""

    text: str
    bold: bool = False
    underline: bool = False
    align: Align = "tengah"
    caps: bool = False


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A table column: its header text, width and alignment."""

    header: str
    width_mm: float
    align: Align
    content: str = ""  # the template's isi ("anggaran", …): how the terminal table finds the Jumlah column


@dataclass(frozen=True, slots=True)
class CellView:
    """One table cell. A "restart" cell begins a vertical merge; each "continue" cell below it
    belongs to that merged cell and has no text."""

    text: str
    merge: MergeState = "none"
    # The value of a merged column repeated on a row below its first (tabel.ulangi_gabungan):
    # drawn lighter, so the eye still reads the sasaran as one block.
    faint: bool = False


@dataclass(frozen=True, slots=True)
class RowView:
    """One table row: a cell for each column."""

    cells: tuple[CellView, ...]
    # Keep this row on the same page as the next one (the last row: as the signature block).
    keep_with_next: bool = False
    # Group rows (tabel.baris_grup) drawn above this row, each one cell across the table that
    # keeps with the row below: the program's and the sasaran's, at the first row of each. Kept
    # on the row, not as rows of their own, so that view.rows stays a row per indikator.
    groups_before: tuple[TextLine, ...] = ()


@dataclass(frozen=True, slots=True)
class PageView:
    """Paper, margins and fonts (None: the reference document's own)."""

    width_mm: float
    height_mm: float
    landscape: bool
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    font_name: str | None
    font_size_pt: float | None
    title_size_pt: float | None
    table_size_pt: float | None


@dataclass(frozen=True, slots=True)
class SignatureView:
    """Signers in columns: None is an empty column (a single signer sits in the right half)."""

    columns: tuple[tuple[TextLine, ...] | None, ...]

    @property
    def is_empty(self) -> bool:
        """No signer at all (a document without `penandatangan:`, side by side): nothing to draw."""
        return not self.columns


@dataclass(frozen=True, slots=True)
class DocumentView:
    """The whole document as a renderer draws it: every text final, every merge decided."""

    page: PageView
    title: tuple[TextLine, ...]
    intro: str | None
    columns: tuple[ColumnView, ...]
    header_rows: tuple[tuple[str, ...], ...]  # the header and, when asked for, the numbering row
    repeat_header: bool
    rows: tuple[RowView, ...]
    signature: SignatureView
    # Footer wording as parts: ("text", "Halaman "), ("field", "PAGE"), …; None: no page numbers.
    page_number: tuple[tuple[Literal["text", "field"], str], ...] | None
    title_text: str  # for document properties
    author: str
    date: dt.date  # the document's own date (signing date), for reproducible properties
    total_anggaran: str = ""  # formatted as the anggaran cells are, for a Jumlah row
    # Header groups (kolom grup): the row above the column headers, as (group text, columns it
    # spans); None as the text: a column of no group, whose header spans both header rows.
    header_groups: tuple[tuple[str | None, int], ...] | None = None
    # The template's parts (bagian:) in order, drawn instead of title, intro, table and
    # signature; None for a template without parts. The indikator table part draws `rows`.
    parts: tuple[PartView, ...] | None = None


def document_context(rkt: RKT, thousands_separator: str) -> dict[str, object]:
    """The names a template's wording may use about the whole document ({{ instansi }}, …)."""
    return {
        "instansi": rkt.instansi,
        "unit": rkt.unit,
        "tahun": rkt.tahun,
        "judul": rkt.judul or DEFAULT_JUDUL,
        "pengantar": rkt.pengantar or "",
        "total_anggaran": format_number(rkt.total_anggaran, thousands_separator),
        "jumlah_program": len(rkt.program or []),
        "jumlah_sasaran": len(rkt.all_sasaran),
        "jumlah_indikator": sum(len(s.indikator) for s in rkt.all_sasaran),
    }


def signer_context(signer: Penandatangan, number: int) -> dict[str, object]:
    """The names a signature line's wording may use about one signer ({{ jabatan }}, …)."""
    return {
        "jabatan": signer.printed_jabatan,  # with "Plt. " or "Plh. " in front when the signer is one
        "nama": signer.nama,
        "nip": signer.nip or "",
        "tempat": signer.tempat or "",
        "tanggal": format_tanggal(signer.tanggal) if signer.tanggal else "",
        "pihak": signer.pihak or "",
        "nomor": number,
    }


def _merge_keys(rows: list[IndikatorAt], kolom: Kolom, texts: list[str]) -> list[object] | None:
    """Each row's merge key: rows with equal keys in a run share one merged cell; None: never merge."""
    if kolom.gabung == "sasaran":
        return [r.sasaran_at.number for r in rows]
    if kolom.gabung == "program":
        return [r.sasaran_at.program_index for r in rows]
    if kolom.gabung == "sama_berurutan":
        # Equal neighbours merge, but never across a sasaran boundary: the No, Sasaran and
        # Anggaran cells break there, and a merge crossing them would be hard to read.
        return [(r.sasaran_at.number, text) for r, text in zip(rows, texts, strict=True)]
    return None


def _column_cells(
    rows: list[IndikatorAt],
    kolom: Kolom,
    texts: list[str],
    repeated: frozenset[int] = frozenset(),
    restarts: frozenset[int] = frozenset(),
) -> list[CellView]:
    """One column's cells, top to bottom, with runs of equal merge keys merged. In the sasaran
    numbered in `repeated` nothing is merged: each row repeats the value, faint below the first
    row of its run, so a page the sasaran continues on still names it. At a row index in
    `restarts` a merge starts again with the value, faint (the rows that go with the signature).

    Equal cells are one object (a CellView is immutable): 4,000 rows hold 6 targets, 320
    kegiatan and 20 programs, and each cell made is one more to make, to keep and for the
    garbage collector to scan."""
    keys = _merge_keys(rows, kolom, texts)
    if keys is None:
        by_text: dict[str, CellView] = {}
        return [by_text.get(text) or by_text.setdefault(text, CellView(text)) for text in texts]
    cell_of = _SharedCells()
    # Rows whose run must go the slow way (_run_cells): those of a repeated sasaran.
    flagged = [r.sasaran_at.number in repeated for r in rows] if repeated else None
    cells: list[CellView] = []
    start = 0
    for _, run in itertools.groupby(keys):
        end = start + len(list(run))
        plain = (flagged is None or True not in flagged[start:end]) and not (
            restarts and any(start < r < end for r in restarts)
        )
        if not plain:
            cells.extend(_run_cells(rows, texts, start, end, repeated, restarts, cell_of))
        elif end - start == 1:
            cells.append(cell_of(texts[start]))
        else:
            # What _run_cells makes of such a run: one merged cell, the same continuation below.
            cells.append(cell_of(texts[start], "restart"))
            cells.extend([_CONTINUE] * (end - start - 1))
        start = end
    return cells


_CONTINUE = CellView("", "continue")  # immutable: every continuation cell can be this one


class _SharedCells:
    """CellView(text, merge, faint), one object for each distinct value (see _column_cells)."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, MergeState, bool], CellView] = {}

    def __call__(self, text: str, merge: MergeState = "none", faint: bool = False) -> CellView:
        key = (text, merge, faint)
        cell = self._made.get(key)
        if cell is None:
            cell = self._made[key] = CellView(text, merge, faint)
        return cell


def _run_cells(
    rows: list[IndikatorAt],
    texts: list[str],
    start: int,
    end: int,
    repeated: frozenset[int],
    restarts: frozenset[int],
    cell_of: _SharedCells,
) -> list[CellView]:
    """The cells of one run of equal merge keys (rows start..end-1). A run may cross sasaran (a
    program column): its rows in a repeated sasaran repeat the text, the others merge as before."""
    cells: list[CellView] = []
    index = start
    while index < end:
        if rows[index].sasaran_at.number in repeated:
            cells.append(cell_of(texts[index], faint=index > start))
            index += 1
            continue
        stop = index + 1
        while stop < end and rows[stop].sasaran_at.number not in repeated and stop not in restarts:
            stop += 1
        faint = index > start
        if stop - index == 1:
            cells.append(cell_of(texts[index], faint=faint))
        else:
            cells.append(cell_of(texts[index], "restart", faint=faint))
            cells.extend([_CONTINUE] * (stop - index - 1))
        index = stop
    return cells


def _text_lines(
    lines: list[Baris], base: tuple[object, ...], template: Template, context: dict[str, object]
) -> list[TextLine]:
    out = []
    for i, line in enumerate(lines):
        text = template.word((*base, i, "teks")).render(context)  # type: ignore[arg-type]
        out.append(TextLine(text, line.tebal, line.garis_bawah, line.rata, line.kapital))
    return out


def _signature(rkt: RKT, template: Template, context: dict[str, object]) -> SignatureView:
    spec = template.spec.tanda_tangan
    tops: list[list[TextLine]] = []
    bottoms: list[list[TextLine]] = []
    for number, signer in enumerate(rkt.penandatangan, start=1):
        signer_ctx = {**context, **signer_context(signer, number)}
        tops.append(_text_lines(spec.atas, ("tanda_tangan", "atas"), template, signer_ctx))
        bottoms.append(_text_lines(spec.bawah, ("tanda_tangan", "bawah"), template, signer_ctx))
    tops = _without_unused_lines(tops, spec.atas)
    bottoms = _without_unused_lines(bottoms, spec.bawah)
    blocks: list[tuple[TextLine, ...]] = []
    for top, bottom in zip(tops, bottoms, strict=True):
        lines = [*top, *(TextLine("") for _ in range(spec.ruang_baris)), *bottom]
        while lines and not lines[-1].text.strip():  # e.g. an empty "NIP." line for a signer without NIP
            lines.pop()
        blocks.append(tuple(lines))
    if spec.susunan == "kanan":
        # Every signer in the right half, one under another.
        stacked: list[TextLine] = []
        for block in blocks:
            if stacked:
                stacked.append(TextLine(""))
            stacked.extend(block)
        return SignatureView((None, tuple(stacked)))
    if len(blocks) == 1:
        # berdampingan with one signer: the right half, where a lone signer of an RKT signs.
        return SignatureView((None, blocks[0]))
    # Side by side, in the order of the YAML: every block has the same lines from the same
    # template, so the jabatan and the names line up; only trailing empty lines (a missing NIP)
    # were dropped.
    return SignatureView(tuple(blocks))


def _without_unused_lines(blocks: list[list[TextLine]], lines: list[Baris]) -> list[list[TextLine]]:
    """Leave out a line whose wording came out empty for every signer, such as
    `{% if pihak %}{{ pihak }}{% endif %}` when no signer has a pihak: an empty line there would
    only push the jabatan down. A line written empty on purpose (`""`) is spacing and stays; a
    line empty for one signer but not the other stays too, so side-by-side blocks line up."""
    keep = [
        not line.teks.strip() or any(block[index].text.strip() for block in blocks) for index, line in enumerate(lines)
    ]
    return [[text for text, kept in zip(block, keep, strict=True) if kept] for block in blocks]


def _page_number(
    template: Template, context: dict[str, object]
) -> tuple[tuple[Literal["text", "field"], str], ...] | None:
    if template.spec.nomor_halaman is None:
        return None
    wording = template.word(("nomor_halaman",))
    text = wording.render({**context, "halaman": PAGE_FIELD, "jumlah_halaman": NUMPAGES_FIELD})
    parts: list[tuple[Literal["text", "field"], str]] = []
    for index, part in enumerate(text.split("\x00")):
        if index % 2:
            parts.append(("field", part))
        elif part:
            parts.append(("text", part))
    return tuple(parts)


def _document_date(rkt: RKT) -> dt.date:
    dates = [s.tanggal for s in rkt.penandatangan if s.tanggal is not None]
    return dates[0] if dates else dt.date(rkt.tahun, 1, 1)


def build_layout(rkt: RKT, template: Template, paged: bool = True, capaian: CapaianRows | None = None) -> DocumentView:
    """The document `template` makes of `rkt`: page, title, intro, table and signature, with
    every wording rendered, every cell a string and every merge decided. `paged`: for a
    document printed on pages (plan_pages); False for a view without pages (the terminal),
    where every sasaran merges whole and no value is repeated. `capaian`: the realisasi report
    whose values capaian columns and a serapan table show (rkt render --realisasi).

    Raises templating.WordingError when a wording of the template fails on this document.
    """
    # A view of 40,000 rows is some 400,000 new objects, none in a cycle: collections started by
    # their allocations would only scan them again (a quarter of the layout's time).
    with paused_gc():
        return _build_layout(rkt, template, paged, capaian)


def page_view(template: Template) -> PageView:
    """The template's paper, margins and fonts."""
    spec = template.spec
    kertas = spec.kertas
    width, height = kertas.size_mm
    return PageView(
        width_mm=width,
        height_mm=height,
        landscape=kertas.orientasi == "lanskap",
        margin_top_mm=kertas.margin_mm.atas,
        margin_bottom_mm=kertas.margin_mm.bawah,
        margin_left_mm=kertas.margin_mm.kiri,
        margin_right_mm=kertas.margin_mm.kanan,
        font_name=spec.huruf.nama,
        font_size_pt=spec.huruf.ukuran_pt,
        title_size_pt=spec.huruf.ukuran_judul_pt,
        table_size_pt=spec.huruf.ukuran_tabel_pt,
    )


def _build_layout(rkt: RKT, template: Template, paged: bool, capaian: CapaianRows | None) -> DocumentView:
    spec = template.spec
    context = document_context(rkt, spec.tabel.pemisah_ribuan)
    page = page_view(template)
    title = _text_lines(spec.judul, ("judul",), template, context)
    intro = template.word(("pengantar",)).render(context).strip() if spec.pengantar is not None else None

    kolom = spec.tabel.kolom
    headers = tuple(template.word(("tabel", "kolom", i, "judul")).render(context) for i in range(len(kolom)))
    header_rows: tuple[tuple[str, ...], ...] = (headers,)
    numbers = numbering_row(spec.tabel)
    if numbers is not None:
        header_rows += (numbers,)
    columns = tuple(ColumnView(h, k.lebar_mm, k.rata, k.isi) for h, k in zip(headers, kolom, strict=True))
    header_groups = _header_groups(kolom)

    table_rows = list(walk_indikator(rkt))
    texts = [[text_of(r) for r in table_rows] for text_of in (cell_function(k, spec.tabel, capaian) for k in kolom)]
    signature = _signature(rkt, template, context)
    signature_lines = max((len(block) for block in signature.columns if block), default=1)
    planned_header = header_rows if header_groups is None else (headers, *header_rows)
    plan = (
        plan_pages(table_rows, texts, planned_header, template, (len(title), intro or ""), signature_lines)
        if paged
        else PagePlan((False,) * len(table_rows), frozenset())
    )
    by_column = [
        _column_cells(table_rows, k, t, plan.repeated, plan.restarts) for k, t in zip(kolom, texts, strict=True)
    ]
    rows = tuple(RowView(cells, keep) for cells, keep in zip(zip(*by_column, strict=True), plan.keep, strict=True))
    if spec.tabel.baris_grup:
        rows = _with_group_rows(rows, table_rows, template, context)

    title_text = " ".join(t.text for t in title if t.text.strip()) or str(context["judul"])
    parts = None
    if spec.bagian is not None:
        from rkt_cli.parts import build_parts

        parts = build_parts(rkt, template, context, capaian)
    return DocumentView(
        page=page,
        title=tuple(title),
        intro=intro or None,
        columns=columns,
        header_rows=header_rows,
        repeat_header=spec.tabel.ulangi_judul,
        rows=rows,
        signature=signature,
        page_number=_page_number(template, context),
        title_text=title_text,
        author=rkt.unit,
        date=_document_date(rkt),
        total_anggaran=str(context["total_anggaran"]),
        parts=parts,
        header_groups=header_groups,
    )


def _header_groups(kolom: list[Kolom]) -> tuple[tuple[str | None, int], ...] | None:
    """The header groups' row (DocumentView.header_groups), None when no column has a grup."""
    if all(k.grup is None for k in kolom):
        return None
    groups: list[tuple[str | None, int]] = []
    for k in kolom:
        if k.grup is not None and groups and groups[-1][0] == k.grup:
            groups[-1] = (k.grup, groups[-1][1] + 1)
        else:
            groups.append((k.grup, 1))
    return tuple(groups)


def _with_group_rows(
    rows: tuple[RowView, ...], table_rows: list[IndikatorAt], template: Template, context: dict[str, object]
) -> tuple[RowView, ...]:
    """The rows, each program's and each sasaran's first row carrying its group rows
    (tabel.baris_grup, RowView.groups_before)."""
    tabel = template.spec.tabel
    out: list[RowView] = []
    for index, (row, at) in enumerate(zip(rows, table_rows, strict=True)):
        before = table_rows[index - 1] if index else None
        lines: list[TextLine] = []
        for number, grup in enumerate(tabel.baris_grup):
            if grup.per == "program":
                starts = before is None or before.sasaran_at.program_index != at.sasaran_at.program_index
            else:
                starts = before is None or before.sasaran_at.number != at.sasaran_at.number
            if starts:
                wording = template.word(("tabel", "baris_grup", number, "teks"))
                text = wording.render({**context, **group_context(at, tabel)})
                lines.append(TextLine(text, grup.tebal, align=grup.rata))
        out.append(replace(row, groups_before=tuple(lines)) if lines else row)
    return tuple(out)
