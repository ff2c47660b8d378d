"""Budget sums of one RKT or of several: by program, by sasaran, by pelaksana, by file. Pure.

Money is only ever counted where it is written: the anggaran of a sasaran. A pelaksana carries
indikator, not money, so a sasaran whose indikator are carried by several units is *shared*:
its anggaran belongs to no single unit and is reported once, as shared, never split or counted
twice. That keeps every money column adding up to the grand total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rkt_cli.model import RKT
from rkt_cli.walk import SasaranAt, walk_sasaran

# A label for indikator with no pelaksana at all. Validation (RKT209) makes that an error, so a
# summary never shows it; the sums stay total functions all the same.
NO_PELAKSANA = "(tanpa pelaksana)"
# The one program row of a document that lists `sasaran:` without programs.
NO_PROGRAM = "(tanpa program)"


@dataclass(frozen=True)
class SasaranTotal:
    """One sasaran's anggaran and indikator, and which units carry them."""

    program_index: int  # 0 for every sasaran of a document without programs
    sasaran_index: int
    number: int  # 1-based position in the whole document, as in the printed table
    kode: str | None
    nama: str
    anggaran: int  # 0 where the document has no anggaran (DocumentTotals.has_anggaran is then False)
    indikator: int
    # (unit, how many of the indikator it carries), distinct units in document order
    indikator_per_pelaksana: tuple[tuple[str, int], ...]

    @property
    def pelaksana(self) -> tuple[str, ...]:
        return tuple(unit for unit, _ in self.indikator_per_pelaksana)

    @property
    def shared(self) -> bool:
        return len(self.indikator_per_pelaksana) > 1

    @property
    def label(self) -> str:
        """The kode, or the sasaran's number where it has none: how a summary names it in a list."""
        return self.kode if self.kode is not None else str(self.number)


@dataclass(frozen=True)
class ProgramTotal:
    """A program with its sasaran's sums."""

    index: int
    nama: str
    sasaran: tuple[SasaranTotal, ...]

    @property
    def anggaran(self) -> int:
        return sum(s.anggaran for s in self.sasaran)

    @property
    def indikator(self) -> int:
        return sum(s.indikator for s in self.sasaran)


@dataclass(frozen=True)
class PelaksanaTotal:
    """What one unit carries: its indikator, the sasaran it carries alone and the ones it shares."""

    nama: str
    indikator: int
    sasaran_sendiri: tuple[str, ...]  # kode of the sasaran this unit carries alone
    sasaran_bersama: tuple[str, ...]  # kode of the sasaran it shares with other units
    anggaran_sendiri: int  # the anggaran of sasaran_sendiri; shared money is not in here


@dataclass(frozen=True)
class DocumentTotals:
    """The sums of one file, by program and sasaran; `by_pelaksana()` regroups them by unit."""

    file: str
    instansi: str
    unit: str
    tahun: int
    pagu: int | None
    program: tuple[ProgramTotal, ...]
    has_anggaran: bool = True  # False: no sasaran carries an anggaran (a PK, a simple RKT)

    @property
    def sasaran(self) -> tuple[SasaranTotal, ...]:
        return tuple(s for p in self.program for s in p.sasaran)

    @property
    def anggaran(self) -> int:
        return sum(p.anggaran for p in self.program)

    @property
    def indikator(self) -> int:
        return sum(p.indikator for p in self.program)

    @property
    def selisih(self) -> int | None:
        """Total minus pagu: positive is over the pagu, negative is what is left under it."""
        return None if self.pagu is None else self.anggaran - self.pagu

    @property
    def shared_sasaran(self) -> tuple[SasaranTotal, ...]:
        return tuple(s for s in self.sasaran if s.shared)

    def by_pelaksana(self) -> tuple[PelaksanaTotal, ...]:
        """Each unit in order of first appearance, with what it carries."""
        indikator: dict[str, int] = {}
        sendiri: dict[str, list[str]] = {}
        bersama: dict[str, list[str]] = {}
        anggaran: dict[str, int] = {}
        for sasaran in self.sasaran:
            for unit, count in sasaran.indikator_per_pelaksana:
                indikator[unit] = indikator.get(unit, 0) + count
                sendiri.setdefault(unit, [])
                bersama.setdefault(unit, [])
                anggaran.setdefault(unit, 0)
                if sasaran.shared:
                    bersama[unit].append(sasaran.label)
                else:
                    sendiri[unit].append(sasaran.label)
                    anggaran[unit] += sasaran.anggaran
        return tuple(
            PelaksanaTotal(unit, indikator[unit], tuple(sendiri[unit]), tuple(bersama[unit]), anggaran[unit])
            for unit in indikator
        )


def _sasaran_total(at: SasaranAt) -> SasaranTotal:
    # Counter keeps the units in order of first appearance; one pass, however many units.
    per_unit = Counter(row.pelaksana or NO_PELAKSANA for row in at.indikator())
    sasaran = at.sasaran
    return SasaranTotal(
        at.program_index or 0,
        at.sasaran_index,
        at.number,
        sasaran.kode,
        sasaran.nama,
        sasaran.anggaran or 0,
        len(sasaran.indikator),
        tuple(per_unit.items()),
    )


def document_totals(rkt: RKT, file: str = "") -> DocumentTotals:
    """The sums of one RKT: each sasaran (with who carries its indikator) under its program."""
    names = [p.nama for p in rkt.program] if rkt.program is not None else [NO_PROGRAM]
    by_program: list[list[SasaranTotal]] = [[] for _ in names]
    for at in walk_sasaran(rkt):
        by_program[at.program_index or 0].append(_sasaran_total(at))
    programs = tuple(
        ProgramTotal(index, nama, tuple(rows)) for index, (nama, rows) in enumerate(zip(names, by_program, strict=True))
    )
    return DocumentTotals(file, rkt.instansi, rkt.unit, rkt.tahun, rkt.pagu, programs, rkt.has_anggaran)


@dataclass(frozen=True)
class RollUp:
    """Several documents added up: one satker per file (a province and its kabupaten/kota), or
    one year per file."""

    documents: tuple[DocumentTotals, ...]

    @property
    def anggaran(self) -> int:
        return sum(d.anggaran for d in self.documents)

    @property
    def indikator(self) -> int:
        return sum(d.indikator for d in self.documents)

    @property
    def sasaran(self) -> int:
        return sum(len(d.sasaran) for d in self.documents)

    @property
    def pagu(self) -> int | None:
        """The sum of the pagu, when every document declares one; otherwise there is no pagu to compare."""
        pagu = [d.pagu for d in self.documents]
        return None if any(p is None for p in pagu) else sum(p for p in pagu if p is not None)

    @property
    def selisih(self) -> int | None:
        pagu = self.pagu
        return None if pagu is None else self.anggaran - pagu

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({d.tahun for d in self.documents}))


def roll_up(documents: Sequence[DocumentTotals]) -> RollUp:
    """Several files' sums added up."""
    return RollUp(tuple(documents))
