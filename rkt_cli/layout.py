"""Model + template → DocumentView: the one place where content and layout are decided.

Every cell is already a string and every vertical merge already decided here, so that each
renderer (docx, table, …) only draws the view. Nothing in this module knows about Word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rkt_cli.formatting import format_number, format_tanggal, format_target
from rkt_cli.model import PERCENT, RKT, Indikator, Penandatangan
from rkt_cli.templating import Align, Baris, Kolom, Template
from rkt_cli.walk import IndikatorAt, walk_indikator

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


def _target_text(indikator: Indikator, with_satuan: bool | Literal["bukan_persen"]) -> str:
    """The target as printed: "95", "95%", "20 orang", "WTP", as tabel.target_dengan_satuan says."""
    text = format_target(indikator.target)
    satuan = indikator.effective_satuan
    if not with_satuan or not satuan:
        return text
    if satuan == PERCENT:
        # bukan_persen: a bare number means percent in an RKT table, as in the signed 2024 one.
        return text if with_satuan == "bukan_persen" else text + satuan
    return f"{text} {satuan}"


def _cell_function(kolom: Kolom, template: Template) -> Callable[[IndikatorAt], str]:
    """The text of this column for one row."""
    separator = template.spec.tabel.pemisah_ribuan
    with_satuan = template.spec.tabel.target_dengan_satuan
    functions: dict[str, Callable[[IndikatorAt], str]] = {
        "nomor": lambda r: str(r.sasaran_at.number),
        "nomor_indikator": lambda r: str(r.number),
        # rkt_cli.requirements refuses a document that lacks what a column shows, before
        # layout; the "" below are for the layout of a template check, never a silent cell.
        "program": lambda r: r.program.nama if r.program is not None else "",
        "sasaran": lambda r: r.sasaran.nama if r.sasaran.kode is None else f"{r.sasaran.nama} ({r.sasaran.kode})",
        "sasaran_nama": lambda r: r.sasaran.nama,
        "kode": lambda r: r.sasaran.kode or "",
        "indikator": lambda r: r.indikator.uraian,
        "target": lambda r: _target_text(r.indikator, with_satuan),
        "satuan": lambda r: r.indikator.effective_satuan or "",
        "kegiatan": lambda r: r.indikator.kegiatan or "",
        "anggaran": lambda r: "" if r.sasaran.anggaran is None else format_number(r.sasaran.anggaran, separator),
        "pelaksana": lambda r: r.pelaksana or "",
    }
    function = functions[kolom.isi]
    if kolom.isi in _PER_SASARAN:
        return _once_per_sasaran(function)
    return function


# Fields that depend on the sasaran only: computed once per sasaran, not once per row
# (formatting an anggaran 40,000 times instead of once per sasaran is measurable at that size).
_PER_SASARAN = frozenset({"nomor", "program", "sasaran", "sasaran_nama", "kode", "anggaran"})


def _once_per_sasaran(function: Callable[[IndikatorAt], str]) -> Callable[[IndikatorAt], str]:
    cache: dict[int, str] = {}

    def cached(row: IndikatorAt) -> str:
        number = row.sasaran_at.number
        text = cache.get(number)
        if text is None:
            text = cache[number] = function(row)
        return text

    return cached


def _merge_key(kolom: Kolom) -> Callable[[IndikatorAt, str], object] | None:
    """Rows with equal keys in a run share one merged cell; None: never merge."""
    if kolom.gabung == "sasaran":
        return lambda r, _text: r.sasaran_at.number
    if kolom.gabung == "program":
        return lambda r, _text: r.sasaran_at.program_index
    if kolom.gabung == "sama_berurutan":
        # Equal neighbours merge, but never across a sasaran boundary: the No, Sasaran and
        # Anggaran cells break there, and a merge crossing them would be hard to read.
        return lambda r, text: (r.sasaran_at.number, text)
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
    `restarts` a merge starts again with the value, faint (the rows that go with the signature)."""
    key_of = _merge_key(kolom)
    if key_of is None:
        return [CellView(t) for t in texts]
    keys = [key_of(r, t) for r, t in zip(rows, texts, strict=True)]
    cells: list[CellView] = []
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and keys[end] == keys[start]:
            end += 1
        cells.extend(_run_cells(rows, texts, start, end, repeated, restarts))
        start = end
    return cells


def _run_cells(
    rows: list[IndikatorAt], texts: list[str], start: int, end: int, repeated: frozenset[int], restarts: frozenset[int]
) -> list[CellView]:
    """The cells of one run of equal merge keys (rows start..end-1). A run may cross sasaran (a
    program column): its rows in a repeated sasaran repeat the text, the others merge as before."""
    cells: list[CellView] = []
    index = start
    while index < end:
        if rows[index].sasaran_at.number in repeated:
            cells.append(CellView(texts[index], faint=index > start))
            index += 1
            continue
        stop = index + 1
        while stop < end and rows[stop].sasaran_at.number not in repeated and stop not in restarts:
            stop += 1
        faint = index > start
        if stop - index == 1:
            cells.append(CellView(texts[index], faint=faint))
        else:
            cells.append(CellView(texts[index], "restart", faint=faint))
            cells.extend(CellView("", "continue") for _ in range(stop - index - 1))
        index = stop
    return cells


# Pagination. Word and LibreOffice lay out the pages, not rkt; the view only says which rows keep
# together (RowView.keep_with_next, drawn as keep-with-next on the rows' paragraphs, which both
# honour) and which sasaran repeat their merged values. Two decisions need a rough idea of how
# tall a sasaran is, so rows are measured by a deliberately pessimistic estimate: a sasaran
# wrongly taken as too long for a page only repeats its values in grey, while one wrongly taken
# as fitting would leave a continued page without its name.
AVERAGE_CHAR_EM = 0.55  # Arial averages about 0.5 em a character in Indonesian text; err wide
LINE_HEIGHT_EM = 1.2  # single spacing: Arial's ascent and descent are 1.15 em
CELL_EXTRA_MM = 1.4  # top and bottom cell padding (0.5 mm each) and the border
DEFAULT_TABLE_PT = 10.0  # when the template leaves the table's font size to reference.docx
# A sasaran estimated taller than this share of the page body (below the repeated header) is
# treated as one that will not fit on a page (the estimate alone already errs about 20 % tall).
TALL_SHARE = 1.0
# When the last sasaran and the signature block together are too tall for a page, only the
# sasaran's last rows go with the signature block.
ROWS_KEPT_WITH_SIGNATURE = 2
DEFAULT_TEXT_PT = 11.0  # title, intro and signature when the template leaves the size to reference.docx
INTRO_SPACING_MM = 8.5  # the intro's space before and after (12 pt each)
CELL_SIDE_MARGINS_MM = 3.0  # 1.5 mm left and right inside each cell (render/docx.py)


@dataclass(frozen=True, slots=True)
class PagePlan:
    """What the view asks of the pages: for each row, whether it stays on the page of the next
    row (the last row: of the signature block), and the sasaran (by number) that repeat the
    values of merged columns on every row."""

    keep: tuple[bool, ...]
    repeated: frozenset[int]
    restarts: frozenset[int] = frozenset()  # rows where merged values start again (see _column_cells)


def _line_count(text: str, width_mm: float, char_mm: float) -> int:
    """Lines a text takes in a column, wrapped greedily at spaces; a word wider than the column
    breaks inside (as Word and LibreOffice break it)."""
    capacity = max(1, int(width_mm / char_mm))
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                lines += 1
            # A word wider than the column fills whole lines first (arithmetic: a word may be huge).
            lines += (size - 1) // capacity
            used = (size - 1) % capacity + 1
        total += lines
    return total


def _row_height(texts: list[str], widths_mm: list[float], font_pt: float) -> float:
    """Estimated height in mm of a row holding these texts (an empty text: an empty cell)."""
    em_mm = font_pt * 25.4 / 72
    char_mm = em_mm * AVERAGE_CHAR_EM
    lines = max(
        _line_count(text, max(width - CELL_SIDE_MARGINS_MM, 1.0), char_mm)
        for text, width in zip(texts, widths_mm, strict=True)
    )
    return lines * em_mm * LINE_HEIGHT_EM + CELL_EXTRA_MM


def _text_height(lines: int, font_pt: float) -> float:
    return lines * font_pt * 25.4 / 72 * LINE_HEIGHT_EM


def plan_pages(
    rows: list[IndikatorAt],
    texts: list[list[str]],
    header_rows: tuple[tuple[str, ...], ...],
    template: Template,
    before_table: tuple[int, str],
    signature_lines: int,
) -> PagePlan:
    """Decide how the table meets the pages (see PagePlan). `texts` holds each column's texts, top
    to bottom; `before_table` the title's line count and the intro; `signature_lines` the lines
    of the tallest signature block.

    - Every sasaran keeps its rows together (each row keeps with the next), so one that fits on
      a page is never split; one longer than a page starts on a new page, and Word and
      LibreOffice break it where that page ends.
    - The first sasaran is kept together only if it fits below the title and intro: otherwise
      moving it would leave page 1 with the title and an empty table header.
    - The last rows keep with the signature block (the whole last sasaran when both fit on a
      page, else its last ROWS_KEPT_WITH_SIGNATURE rows), so the signature never stands alone.
    - With tabel.ulangi_gabungan: panjang, a sasaran that may run onto another page (taller
      than a page, or a first sasaran not kept together) repeats its merged values on each row.
    """
    spec = template.spec
    kolom = spec.tabel.kolom
    widths = [k.lebar_mm for k in kolom]
    font_pt = spec.huruf.ukuran_tabel_pt or DEFAULT_TABLE_PT
    _, page_height = spec.kertas.size_mm
    margins = spec.kertas.margin_mm
    header_height = sum(_row_height(list(h), widths, font_pt) for h in header_rows) if spec.tabel.ulangi_judul else 0
    body = page_height - margins.atas - margins.bawah - header_height
    merged = [k.gabung != "tidak" for k in kolom]

    groups: list[tuple[int, int]] = []  # each sasaran's rows: start, end (exclusive)
    for index, row in enumerate(rows):
        if index and row.sasaran_at.number == rows[index - 1].sasaran_at.number:
            groups[-1] = (groups[-1][0], index + 1)
        else:
            groups.append((index, index + 1))

    heights: list[float] = []
    for start, end in groups:
        # Drawn merged: the merged columns' text once over the whole sasaran, the others per row.
        own = sum(
            _row_height([t[i] if not m else "" for t, m in zip(texts, merged, strict=True)], widths, font_pt)
            for i in range(start, end)
        )
        spanning = _row_height([t[start] if m else "" for t, m in zip(texts, merged, strict=True)], widths, font_pt)
        heights.append(max(own, spanning))
    tall = {rows[s].sasaran_at.number for (s, _), h in zip(groups, heights, strict=True) if h > TALL_SHARE * body}

    # The first sasaran shares page 1 with the title and the intro.
    text_pt = spec.huruf.ukuran_pt or DEFAULT_TEXT_PT
    title_lines, intro = before_table
    text_width = spec.kertas.text_width_mm
    intro_lines = _line_count(intro, text_width, text_pt * 25.4 / 72 * AVERAGE_CHAR_EM) if intro else 1
    page_one = (
        body
        - _text_height(title_lines, spec.huruf.ukuran_judul_pt or DEFAULT_TEXT_PT)
        - _text_height(intro_lines, text_pt)
        - 2 * INTRO_SPACING_MM
    )
    unkept: set[int] = set()
    if groups and heights[0] > page_one:
        unkept.add(rows[0].sasaran_at.number)
        tall.add(rows[0].sasaran_at.number)  # it will run onto page 2: name it there

    mode = spec.tabel.ulangi_gabungan
    if mode == "selalu":
        repeated = frozenset(rows[start].sasaran_at.number for start, _ in groups)
    elif mode == "panjang":
        repeated = frozenset(tall)
    else:
        repeated = frozenset()

    keep = [False] * len(rows)
    restarts: set[int] = set()
    for start, end in groups:
        if rows[start].sasaran_at.number not in unkept:
            for index in range(start, end - 1):
                keep[index] = True
    if groups:
        start, end = groups[-1]
        signature = _text_height(signature_lines + 1, text_pt)  # and the spacing line above it
        if heights[-1] + signature > TALL_SHARE * body or rows[start].sasaran_at.number in unkept:
            # Not on one page together: the signature takes the last rows; the rows above them
            # stay one block of their own.
            first = max(start, end - ROWS_KEPT_WITH_SIGNATURE)
            if first > start:
                keep[first - 1] = False
                if mode != "tidak":
                    restarts.add(first)  # they may stand on a page of their own: name the sasaran there
            start = first
        for index in range(start, end):
            keep[index] = True  # the last of them keeps with the signature block
    return PagePlan(tuple(keep), repeated, frozenset(restarts))


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


def build_layout(rkt: RKT, template: Template, paged: bool = True) -> DocumentView:
    """The document `template` makes of `rkt`: page, title, intro, table and signature, with
    every wording rendered, every cell a string and every merge decided. `paged`: for a
    document printed on pages (plan_pages); False for a view without pages (the terminal),
    where every sasaran merges whole and no value is repeated.

    Raises templating.WordingError when a wording of the template fails on this document.
    """
    spec = template.spec
    context = document_context(rkt, spec.tabel.pemisah_ribuan)
    kertas = spec.kertas
    width, height = kertas.size_mm
    page = PageView(
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
    title = _text_lines(spec.judul, ("judul",), template, context)
    intro = template.word(("pengantar",)).render(context).strip() if spec.pengantar is not None else None

    kolom = spec.tabel.kolom
    headers = tuple(template.word(("tabel", "kolom", i, "judul")).render(context) for i in range(len(kolom)))
    header_rows: tuple[tuple[str, ...], ...] = (headers,)
    if spec.tabel.baris_nomor:
        header_rows += (tuple(str(i) for i in range(1, len(kolom) + 1)),)
    columns = tuple(ColumnView(h, k.lebar_mm, k.rata, k.isi) for h, k in zip(headers, kolom, strict=True))

    table_rows = list(walk_indikator(rkt))
    texts = [[text_of(r) for r in table_rows] for text_of in (_cell_function(k, template) for k in kolom)]
    signature = _signature(rkt, template, context)
    signature_lines = max((len(block) for block in signature.columns if block), default=1)
    plan = (
        plan_pages(table_rows, texts, header_rows, template, (len(title), intro or ""), signature_lines)
        if paged
        else PagePlan((False,) * len(table_rows), frozenset())
    )
    by_column = [
        _column_cells(table_rows, k, t, plan.repeated, plan.restarts) for k, t in zip(kolom, texts, strict=True)
    ]
    rows = tuple(
        RowView(cells, keep_with_next=keep) for cells, keep in zip(zip(*by_column, strict=True), plan.keep, strict=True)
    )

    title_text = " ".join(t.text for t in title if t.text.strip()) or str(context["judul"])
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
    )
