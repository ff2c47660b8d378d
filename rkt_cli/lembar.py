"""The realisasi lembar: what an entry workbook (or CSV) carries between the office and the YAML.

`lembar_rows` pairs every indikator of the RKT with what a realisasi file already says about it
(to prefill); `Lembar` is what is read back, and rkt_cli.realisasi_writer writes it as the
realisasi file (the format of rkt_cli.realisasi). Rows are addressed as realisasi.py accepts:
by the indikator's `id` when the RKT gives one, else by "KODE.N".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rkt_cli.loader import format_path
from rkt_cli.model import RKT
from rkt_cli.realisasi import RealisasiFile, kode_address
from rkt_cli.realisasi_model import RealisasiIndikator
from rkt_cli.walk import IndikatorAt, walk_indikator, walk_sasaran

TRIWULAN = (1, 2, 3, 4)
# The keys of how capaian is computed for one indikator (realisasi.Cara), in the file's order.
CARA_KEYS = ("arah", "akumulasi", "rumus_turun", "pembanding", "batas")

Nilai = int | float | str


@dataclass(frozen=True)
class Entri:
    """One indikator's realisasi: `key` is "id" or "indikator" (an address), `ref` its value."""

    key: str
    ref: str
    tw: dict[int, Nilai] = field(default_factory=dict)
    target_tw: dict[int, Nilai] = field(default_factory=dict)
    penghambat: str | None = None
    upaya: str | None = None
    cara: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.tw or self.target_tw or self.penghambat or self.upaya or self.cara)


@dataclass(frozen=True)
class EntriAnggaran:
    """One sasaran's realisasi anggaran per quarter (whole rupiah, not cumulative)."""

    sasaran: str
    tw: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Lembar:
    """A realisasi file's content, in the order the RKT lists its indikator and sasaran."""

    rkt: str  # the `rkt:` line: the RKT file, relative to the realisasi file
    tahun: int | None
    pengaturan: dict[str, Any] = field(default_factory=dict)  # as the file wrote it
    indikator: list[Entri] = field(default_factory=list)
    anggaran: list[EntriAnggaran] = field(default_factory=list)


@dataclass(frozen=True)
class Baris:
    """One row of the entry sheet: an indikator of the RKT and its prefilled entry."""

    nomor: int
    alamat: str
    id: str | None
    sasaran: str
    uraian: str
    satuan: str | None
    target: Nilai
    entri: Entri

    @property
    def numeric(self) -> bool:
        """A number (not a scale label) is expected: the target is a number or a range."""
        return not (isinstance(self.target, str) and not any(ch.isdigit() for ch in self.target))


@dataclass(frozen=True)
class BarisAnggaran:
    nomor: int
    kunci: str  # the sasaran's kode, else its id
    sasaran: str
    anggaran: int
    tw: dict[int, int]


def address(row: IndikatorAt) -> str:
    """How a realisasi file names an indikator without an id: "6709.1", or where its sasaran
    has no kode, its place ("program[0].sasaran[1].indikator[0]", "sasaran[1].indikator[0]")."""
    if row.sasaran.kode is None:
        return format_path(row.path)
    return kode_address(row)


def _plain(value: int | float | str) -> int | float | str:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _entri(row: IndikatorAt, given: RealisasiIndikator | None) -> Entri:
    key, ref = ("id", row.indikator.id) if row.indikator.id is not None else ("indikator", address(row))
    if given is None:
        return Entri(key, ref)
    cara = {name: getattr(given, name) for name in CARA_KEYS if getattr(given, name) is not None}
    target_tw = {q: _plain(v) for q, v in given.target_tw.values().items()} if given.target_tw else {}
    return Entri(
        key,
        ref,
        {q: _plain(v) for q, v in given.values().items()},
        target_tw,
        given.penghambat,
        given.upaya,
        cara,
    )


def _find(rows: list[IndikatorAt], data: RealisasiFile) -> dict[int, RealisasiIndikator]:
    """{row number: entry}; the file has been checked against the RKT, so every entry resolves."""
    by_id = {row.indikator.id: row.number for row in rows if row.indikator.id is not None}
    by_address = {address(row): row.number for row in rows}
    by_path = {format_path(r.path): r.number for r in rows}
    found: dict[int, RealisasiIndikator] = {}
    for entry in data.indikator:
        number = (
            by_id.get(entry.id)
            if entry.id is not None
            else by_address.get(entry.indikator or "", by_path.get(entry.indikator or ""))
        )
        if number is not None:
            found[number] = entry
    return found


def lembar_rows(rkt: RKT, prefill: RealisasiFile | None) -> list[Baris]:
    """Every indikator of the RKT, in order, with what `prefill` says about it."""
    rows = list(walk_indikator(rkt))
    found = _find(rows, prefill) if prefill is not None else {}
    return [
        Baris(
            row.number,
            address(row),
            row.indikator.id,
            row.sasaran.nama,
            row.indikator.uraian,
            row.indikator.effective_satuan,
            _plain(row.indikator.target),
            _entri(row, found.get(row.number)),
        )
        for row in rows
    ]


def anggaran_rows(rkt: RKT, prefill: RealisasiFile | None) -> list[BarisAnggaran]:
    """A row per sasaran that has an anggaran and a kode (or id) to name it by."""
    given: dict[str, dict[int, int]] = {}
    for entry in prefill.anggaran if prefill is not None else ():
        amounts = {q: getattr(entry, f"tw{q}") for q in TRIWULAN}
        given[entry.sasaran] = {q: a for q, a in amounts.items() if a is not None}
    out = []
    for at in walk_sasaran(rkt):
        sasaran = at.sasaran
        kunci = sasaran.kode or sasaran.id
        anggaran: int | None = sasaran.anggaran
        if kunci is None or anggaran is None:
            continue
        tw = given.get(sasaran.kode or "", given.get(sasaran.id or "", {}))
        out.append(BarisAnggaran(at.number, kunci, sasaran.nama, anggaran, tw))
    return out


def pengaturan_of(prefill: RealisasiFile | None) -> dict[str, Any]:
    """The file's pengaturan as it wrote it (keys it left out stay out)."""
    if prefill is None:
        return {}
    dumped: dict[str, Any] = prefill.pengaturan.model_dump(mode="json", exclude_unset=True)
    return dumped


__all__ = [
    "CARA_KEYS",
    "TRIWULAN",
    "Baris",
    "BarisAnggaran",
    "Entri",
    "EntriAnggaran",
    "Lembar",
    "anggaran_rows",
    "lembar_rows",
    "pengaturan_of",
]
