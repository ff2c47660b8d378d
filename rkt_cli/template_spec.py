"""template.yaml as pydantic models: what a template may say, and the defaults of what it leaves out.

Only the shape and the single values are checked here; what spans several keys (columns wider
than the page, a key that does not fit a part's jenis) is checked in rkt_cli.templating, where
each problem gets its file:line.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Merge = Literal["tidak", "sasaran", "program", "sama_berurutan"]
Align = Literal["kiri", "tengah", "kanan", "rata"]


class _Spec(BaseModel):
    # defer_build: a model's validator is built when first needed, not when its class is
    # defined. A template is validated through TemplateSpec, whose validator takes the nested
    # models in; building each of them on its own as well, and their serializers (never used),
    # cost every render a third of importing this module.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Margin(_Spec):
    """Page margins in mm."""

    atas: float = Field(gt=0, le=100)
    bawah: float = Field(gt=0, le=100)
    kiri: float = Field(gt=0, le=100)
    kanan: float = Field(gt=0, le=100)


class Kertas(_Spec):
    """The paper: size, orientation, margins."""

    ukuran: Literal["A4", "F4"] = "A4"
    orientasi: Literal["lanskap", "potret"] = "lanskap"
    margin_mm: Margin = Field(default_factory=lambda: Margin(atas=20, bawah=20, kiri=20, kanan=20))

    @property
    def size_mm(self) -> tuple[float, float]:
        """(width, height) as printed, after orientation."""
        short, long = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}[self.ukuran]
        return (long, short) if self.orientasi == "lanskap" else (short, long)

    @property
    def text_width_mm(self) -> float:
        """The width between the margins, which the columns must fit into."""
        return self.size_mm[0] - self.margin_mm.kiri - self.margin_mm.kanan


class Huruf(_Spec):
    """Fonts; a value left out (null) keeps what the styles of reference.docx say."""

    nama: str | None = None
    ukuran_pt: float | None = Field(default=None, ge=5, le=40)
    ukuran_judul_pt: float | None = Field(default=None, ge=5, le=40)
    ukuran_tabel_pt: float | None = Field(default=None, ge=5, le=40)


class Baris(_Spec):
    """One line of wording: the title block, or a line of a signature."""

    teks: str
    tebal: bool = False
    garis_bawah: bool = False
    # Capitals as formatting (Word's "All caps"), not as changed text: the document shows
    # KOMISI PEMILIHAN UMUM while the words stay as written, so `rkt import` reads them back.
    kapital: bool = False
    rata: Align = "tengah"


class Kolom(_Spec):
    """One table column: what it shows, its heading, width, alignment and merging."""

    # A field (rkt_cli.columns.FIELDS) or tambahan.NAME; checked in rkt_cli.templating.
    isi: str
    judul: str
    lebar_mm: float = Field(gt=3, le=400)
    rata: Align = "kiri"
    gabung: Merge = "tidak"
    # For isi: nomor_indikator. berlanjut: 1, 2, … through the document; angka: 1., 2. and
    # huruf: a., b. restarting in each sasaran; bertingkat: 3.1, 3.2 (sasaran 3's indikator).
    penomoran: Literal["berlanjut", "angka", "huruf", "bertingkat"] = "berlanjut"
    awalan: str = ""  # text before every value that is not empty, e.g. "Rp "
    # Header groups: neighbouring columns with the same grup share a header cell above their
    # own (e.g. "Target" over "Angka | Satuan"); the others' headers span both header rows.
    grup: str | None = None


class BarisGrup(_Spec):
    """A full-width row above each program's or sasaran's rows, e.g. "KEGIATAN 3355 …"."""

    per: Literal["program", "sasaran"]
    teks: str
    tebal: bool = True
    rata: Align = "kiri"


class Tabel(_Spec):
    """The RKT table: its columns and how numbers and headers are shown."""

    kolom: list[Kolom] = Field(min_length=1)
    # The row under the headers: true: 1, 2, 3 …; kurung: (1), (2), …; a list: a text per column.
    baris_nomor: bool | Literal["kurung"] | list[str] = True
    ulangi_judul: bool = True  # header rows repeat on every page
    pemisah_ribuan: Literal[".", ",", " ", ""] = "."
    pemisah_desimal: Literal[",", "."] = ","  # 87,5 or 87.5 (targets and extra number columns)
    bentuk_persen: Literal["98%", "98 %"] = "98%"  # how a percent target is written, where it is
    # bukan_persen: "95" for a percent (as in the 2024 reference) but "20 orang", "3 dokumen";
    # true: "95%" too; false: the number alone, even "20" for 20 orang (reads as 20 %).
    target_dengan_satuan: Literal[True, False, "bukan_persen"] = "bukan_persen"
    # How the merged columns (gabung) show a sasaran that runs onto the next page. A merged cell
    # prints its text only on its first page, so a continued page would not name the sasaran.
    # panjang: a sasaran too long for one page repeats those values on each of its rows, lighter
    # (grey), instead of merging; every other sasaran stays merged and is kept on one page;
    # selalu: every sasaran repeats them, never merged; tidak: always merged (continued pages blank).
    ulangi_gabungan: Literal["panjang", "selalu", "tidak"] = "panjang"
    baris_grup: list[BarisGrup] = Field(default_factory=list)  # group rows, program's before sasaran's


class TandaTangan(_Spec):
    """The signature block: lines above and below the room to sign, for each signer."""

    # kanan: each signer in the right half, one under another;
    # berdampingan: two signers side by side, in the order of the YAML (a PK's two parties),
    # and a single signer in the right half (the usual RKT).
    susunan: Literal["kanan", "berdampingan"] = "berdampingan"
    atas: list[Baris] = Field(default_factory=list)
    ruang_baris: int = Field(default=4, ge=0, le=20)  # empty lines to sign in
    bawah: list[Baris] = Field(default_factory=list)

    @field_validator("atas", "bawah", mode="before")
    @classmethod
    def _plain_lines(cls, value: Any) -> Any:
        return _lines_from_plain(value)


def _lines_from_plain(value: Any) -> Any:
    """A plain string stands for {teks: that string}: simple lines stay simple to write."""
    if isinstance(value, list):
        return [{"teks": item} if isinstance(item, str) else item for item in value]
    return value


# The kinds of part a document may be made of (TemplateSpec.bagian), in the order given.
PartKind = Literal["judul", "teks", "ganti_halaman", "tabel", "tabel_program", "tabel_serapan", "tanda_tangan"]
# What a column of the program table (jenis: tabel_program) or of the serapan table (jenis:
# tabel_serapan) can show; which belong to which table is PART_COLUMNS below.
ProgramField = Literal["nomor", "program", "anggaran", "nama", "realisasi", "serapan"]


class KolomProgram(_Spec):
    """A column of the program table (No | Program | Anggaran) or of the serapan table
    (No | Program or Sasaran | Anggaran | Realisasi | Serapan)."""

    isi: ProgramField
    judul: str
    lebar_mm: float = Field(gt=3, le=400)
    rata: Align = "kiri"
    awalan: str = ""  # text before every value of the column, e.g. "Rp "


class Bagian(_Spec):
    """One part of a document made of parts (TemplateSpec.bagian). Which keys a part may carry
    depends on its jenis (checked in rkt_cli.templating):

    - judul: lines (`baris`) like the title block's;
    - teks: a statement (`teks`, Jinja wording; a blank line starts a new paragraph), `rata`;
    - ganti_halaman: what follows starts a new page;
    - tabel: the indikator table described by `tabel:`;
    - tabel_program: No | Program | Anggaran (`kolom`), ending in a row `jumlah` with the total,
      with lines above it (`baris`); `wajib: false` leaves it out (lines and all) for a document
      without programs or anggaran, where it would otherwise be an error (RKT220);
    - tabel_serapan: No | Program (or Sasaran, `per: sasaran`) | Anggaran | Realisasi | Serapan
      from the realisasi file (`rkt render --realisasi`), ending in a row `jumlah` with the
      total; `baris` and `wajib` as for tabel_program;
    - tanda_tangan: the signature block of `tanda_tangan:`; right after a table it is that
      table's last row, so that it never stands alone on a page.
    """

    jenis: PartKind
    baris: list[Baris] | None = None
    teks: str | None = None
    rata: Align | None = None
    kolom: list[KolomProgram] | None = Field(default=None, min_length=1)  # left out: the default columns
    jumlah: str | None = None
    wajib: bool | None = None  # tabel_program: false leaves it out of a document without programs/anggaran
    tab_mm: float | None = Field(default=None, gt=0, le=300)  # a statement's tab stop, for "Nama\t: …"
    inden_mm: float | None = Field(default=None, ge=0, le=300)  # a statement's left indent
    per: Literal["program", "sasaran"] | None = None  # tabel_serapan: a row per program (default) or sasaran

    @field_validator("baris", mode="before")
    @classmethod
    def _plain_lines(cls, value: Any) -> Any:
        return _lines_from_plain(value)

    @property
    def total_label(self) -> str:
        return "Jumlah" if self.jumlah is None else self.jumlah

    @property
    def serapan_per(self) -> Literal["program", "sasaran"]:
        return self.per or "program"

    @property
    def required(self) -> bool:
        """Whether a document must have what this part shows (wajib, true unless set false)."""
        return self.wajib is not False


# The keys each jenis may carry besides `jenis` (rkt_cli.templating reports any other at its line).
PART_KEYS: dict[str, frozenset[str]] = {
    "judul": frozenset({"baris"}),
    "teks": frozenset({"teks", "rata", "tab_mm", "inden_mm"}),
    "ganti_halaman": frozenset(),
    "tabel": frozenset(),
    "tabel_program": frozenset({"kolom", "jumlah", "wajib", "baris"}),
    "tabel_serapan": frozenset({"kolom", "jumlah", "wajib", "baris", "per"}),
    "tanda_tangan": frozenset(),
}
# What the columns of each table part may show (`kolom[].isi`).
PART_COLUMNS: dict[str, tuple[str, ...]] = {
    "tabel_program": ("nomor", "program", "anggaran"),
    "tabel_serapan": ("nomor", "nama", "anggaran", "realisasi", "serapan"),
}
# The keys a part of that jenis must carry.
PART_REQUIRED: dict[str, frozenset[str]] = {
    "judul": frozenset({"baris"}),
    "teks": frozenset({"teks"}),
    "tabel_program": frozenset({"kolom"}),
    "tabel_serapan": frozenset({"kolom"}),
}


class TemplateSpec(_Spec):
    """The whole template.yaml."""

    nama: str = "template"
    # Defaults made when left out (default_factory), not at import, which would build the
    # validators of these models there (see _Spec).
    kertas: Kertas = Field(default_factory=Kertas)
    huruf: Huruf = Field(default_factory=Huruf)
    judul: list[Baris] = Field(default_factory=list)
    pengantar: str | None = "{{ pengantar }}"
    tabel: Tabel
    tanda_tangan: TandaTangan = Field(default_factory=TandaTangan)
    nomor_halaman: str | None = "{{ halaman }}"
    # A document made of parts in order; None: title, intro, table and signature, as always.
    bagian: list[Bagian] | None = Field(default=None, min_length=1)

    @field_validator("judul", mode="before")
    @classmethod
    def _plain_title(cls, value: Any) -> Any:
        return _lines_from_plain(value)
