"""The realisasi file of a year: its checks against the RKT, and the capaian report (its model
is rkt_cli.realisasi_model).

The signed RKT file is never edited during the year. Progress goes into a file of its own
(data/realisasi_2024.yaml) that names its RKT and addresses each indikator either by the `id`
the RKT gives it, or, for an RKT without ids (such as the signed 2024 file), by an address:

    indikator: "6709.2"                              # sasaran kode, then the indikator's number in it
    indikator: "program[0].sasaran[0].indikator[1]"   # the indikator's place (as diagnostics show it)

Each problem is a Diagnostic at file:line:col, in the realisasi file or, for a target the RKT
holds, in the RKT file. Codes RKT5xx, listed in rkt_cli.realisasi_model.CODES (and in README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rkt_cli import capaian as cp
from rkt_cli.diagnostics import Diagnostic, Severity, sort_diagnostics
from rkt_cli.loader import LoadedYaml, PathKey, SourceMap, format_path
from rkt_cli.model import RKT

# The file's model. CODES, SCHEMA_CODES and RealisasiFile are imported from here by the CLI.
from rkt_cli.model_values import quoted
from rkt_cli.realisasi_model import CODES as CODES
from rkt_cli.realisasi_model import SCHEMA_CODES as SCHEMA_CODES
from rkt_cli.realisasi_model import RealisasiFile as RealisasiFile
from rkt_cli.realisasi_model import RealisasiIndikator
from rkt_cli.schema_errors import schema_diagnostics
from rkt_cli.walk import IndikatorAt, SasaranAt, walk_indikator, walk_sasaran

# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisCapaian:
    """One indikator of the report."""

    nomor: int  # the row of the RKT table
    alamat: str  # "6709.1"
    id: str | None
    uraian: str
    satuan: str | None
    target: int | float | str  # as written in the RKT
    target_tw: dict[int, int | float | str]
    realisasi: dict[int, int | float | str]  # as written, for the quarters up to `sampai`
    capaian: Decimal | None  # None: belum ada realisasi
    kategori: str | None
    penghambat: str | None = None
    upaya: str | None = None
    # The quarters reported up to `sampai`, combined by the indikator's akumulasi: the R of the
    # capaian (a scale label as its number). None without a realisasi, or when one is invalid.
    realisasi_gabungan: Decimal | None = None
    akumulasi: cp.Akumulasi = "nilai_akhir"


@dataclass(frozen=True)
class SerapanBaris:
    """Anggaran, realisasi and serapan of a sasaran, program or the total."""

    nama: str
    anggaran: int | None  # None: the RKT gives no anggaran (then there is no serapan, never 0 %)
    realisasi: int  # the sum of what is reported
    lengkap: bool  # every sasaran below reported a realisasi anggaran
    serapan: Decimal | None  # None when not lengkap, the anggaran is 0, or there is none


@dataclass(frozen=True)
class SasaranCapaian:
    nomor: int
    kode: str | None
    nama: str
    program_index: int | None  # None for a sasaran of an RKT without programs
    baris: list[BarisCapaian]
    serapan: SerapanBaris
    capaian_rata_rata: Decimal | None  # None unless every indikator has a capaian
    efisiensi: cp.Efisiensi | None


@dataclass(frozen=True)
class Laporan:
    """Capaian and serapan of an RKT up to a quarter."""

    instansi: str
    unit: str
    tahun: int
    sampai: int
    kategori: str  # preset name or "bands of the file"
    sasaran: list[SasaranCapaian]
    program: list[SerapanBaris]
    total: SerapanBaris


@dataclass
class Checked:
    """A realisasi file checked against its RKT: the report when there is no error."""

    laporan: Laporan | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # False when the file did not load or match the schema: the checks against the RKT (ids,
    # addresses, duplicates, targets) have not run yet, so "1 error" may not be all of them.
    matched_rkt: bool = True

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class RktSource:
    """The RKT being reported on, with where its values stand (for a target of 0)."""

    model: RKT
    file: str
    source_map: SourceMap
    path: Path | None = None  # the file on disk, to check `rkt:` against


# The place of an indikator as diagnostics write it, with or without the program.
_PATH_ADDRESS = re.compile(r"^(?:program\[\d+\]\.)?sasaran\[\d+\]\.indikator\[\d+\]$")
_KODE_ADDRESS = re.compile(r"^(.+)\.(\d+)$")


def kode_address(row: IndikatorAt) -> str:
    """ "6709.2": the sasaran kode and the indikator's 1-based number within its sasaran; for a
    sasaran without kode, the indikator's place ("sasaran[0].indikator[1]")."""
    if row.sasaran.kode is None:
        return format_path(row.path)
    return f"{row.sasaran.kode}.{row.indikator_index + 1}"


def sasaran_label(at: SasaranAt) -> str:
    """A sasaran as messages name it: its kode, else its place ("sasaran[2]")."""
    return at.sasaran.kode if at.sasaran.kode is not None else format_path(at.path)


class _Checker:
    def __init__(self, rkt: RktSource, loaded: LoadedYaml) -> None:
        self.rkt = rkt
        self.file = loaded.file
        self.source_map = loaded.source_map
        self.diagnostics: list[Diagnostic] = []

    def here(self, code: str, path: PathKey, message: str, severity: Severity = Severity.ERROR) -> None:
        line, col = self.source_map.locate(path)
        self.diagnostics.append(Diagnostic(code, severity, self.file, line, col, format_path(path), message))

    def in_rkt(self, code: str, path: PathKey, message: str) -> None:
        line, col = self.rkt.source_map.locate(path)
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, self.rkt.file, line, col, format_path(path), message))


def check_realisasi(rkt: RktSource, loaded: LoadedYaml, sampai: int = 4, realisasi_path: Path | None = None) -> Checked:
    """Validate a loaded realisasi file against `rkt` and compute the report up to quarter `sampai`.

    Returns every problem (schema, addresses, duplicates, capaian that cannot be computed) as
    diagnostics; the report only when there is no error.
    """
    diagnostics = list(loaded.diagnostics)
    if loaded.data is None or not loaded.ok:
        return Checked(None, sort_diagnostics(diagnostics), matched_rkt=False)
    try:
        data = RealisasiFile.model_validate(loaded.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        diagnostics += schema_diagnostics(errors, RealisasiFile, loaded.file, loaded.source_map, SCHEMA_CODES)
        return Checked(None, sort_diagnostics(diagnostics), matched_rkt=False)
    checker = _Checker(rkt, loaded)
    checker.diagnostics = diagnostics
    laporan = _report(checker, data, sampai, realisasi_path)
    result = Checked(None, sort_diagnostics(checker.diagnostics))
    if not result.has_errors:
        result.laporan = laporan
    return result


def _check_header(checker: _Checker, data: RealisasiFile, realisasi_path: Path | None) -> None:
    rkt = checker.rkt
    if data.tahun is not None and data.tahun != rkt.model.tahun:
        checker.here("RKT512", ("tahun",), f"tahun {data.tahun}, but the RKT {rkt.file} is for {rkt.model.tahun}")
    if realisasi_path is not None and rkt.path is not None:
        named = realisasi_path.parent / data.rkt
        same = named.exists() and named.resolve() == rkt.path.resolve()
        if not same:
            checker.here(
                "RKT512",
                ("rkt",),
                f"this file belongs to {quoted(data.rkt)} (relative to it: {named}), not to {rkt.file}",
            )


def _resolve(checker: _Checker, data: RealisasiFile) -> dict[int, tuple[int, IndikatorAt]]:
    """{row number: (entry index, row)} for every entry that names an indikator of the RKT."""
    rows = list(walk_indikator(checker.rkt.model))
    by_id = {row.indikator.id: row for row in rows if row.indikator.id is not None}
    by_kode = {kode_address(row): row for row in rows if row.sasaran.kode is not None}
    by_place = {format_path(row.path): row for row in rows}
    found: dict[int, tuple[int, IndikatorAt]] = {}
    for index, entry in enumerate(data.indikator):
        row: IndikatorAt | None
        if entry.id is not None:
            key: PathKey = ("indikator", index, "id")
            row = by_id.get(entry.id)
            if row is None:
                known = ", ".join(sorted(by_id)[:5]) if by_id else 'none (use an address such as "6709.1")'
                checker.here("RKT510", key, f"the RKT has no indikator with id {quoted(entry.id)}; its ids: {known}")
                continue
        else:
            key = ("indikator", index, "indikator")
            address = (entry.indikator or "").strip()
            row = by_place.get(address) if _PATH_ADDRESS.match(address) else by_kode.get(address)
            if row is None:
                checker.here("RKT510", key, _unknown_address(address, rows))
                continue
        if row.number in found:
            first = found[row.number][0]
            line, _ = checker.source_map.locate(("indikator", first))
            checker.here(
                "RKT511", key, f"a second entry for indikator {kode_address(row)} (the first is at line {line})"
            )
            continue
        found[row.number] = (index, row)
    return found


def _unknown_address(address: str, rows: list[IndikatorAt]) -> str:
    kode_match = _KODE_ADDRESS.match(address)
    example = format_path(rows[0].path) if rows else "program[0].sasaran[0].indikator[0]"
    if _PATH_ADDRESS.match(address):
        return f"the RKT has no indikator at {address} (the first is {example})"
    if kode_match:
        kode = kode_match.group(1)
        count = sum(1 for row in rows if row.sasaran.kode == kode)
        if count:
            return f"sasaran {kode} has {count} indikator: {quoted(address)} is not one of {kode}.1–{kode}.{count}"
        if any(row.sasaran.kode is None for row in rows):
            return (
                f"the RKT has no sasaran with kode {quoted(kode)}; address a sasaran without kode by place: {example}"
            )
        return f"the RKT has no sasaran with kode {quoted(kode)}"
    return f'{quoted(address)} is not an address: write "KODE.N" (e.g. "6709.1") or the place {example}'


def _skala(data: RealisasiFile) -> dict[str, Decimal]:
    return {label: cp.desimal(number) for label, number in data.pengaturan.skala.items()}


def _pita(data: RealisasiFile) -> tuple[str, tuple[cp.Pita, ...]]:
    own = data.pengaturan.kategori_pita
    if own:
        return "the file's own bands", tuple((cp.desimal(b.mulai), b.nama) for b in own)
    return data.pengaturan.kategori, cp.PRESET_KATEGORI[data.pengaturan.kategori]


def _cara(data: RealisasiFile, row: IndikatorAt, entry: RealisasiIndikator | None) -> cp.Cara:
    """Per indikator in the realisasi entry, else the RKT's arah, else the file's defaults, else built-in."""
    defaults = data.pengaturan
    base = cp.Cara()

    def pick(name: str) -> Any:
        own = getattr(entry, name) if entry is not None else None
        if own is not None:
            return own
        if name == "arah" and row.indikator.arah is not None:
            return row.indikator.arah
        fallback = getattr(defaults, name)
        return fallback if fallback is not None else getattr(base, name)

    has_tw = entry is not None and entry.target_tw is not None and bool(entry.target_tw.values())
    pembanding = pick("pembanding")
    if (entry is None or entry.pembanding is None) and defaults.pembanding is None:
        pembanding = "triwulan" if has_tw else "tahunan"
    batas = pick("batas")
    return cp.Cara(
        pick("arah"), pick("akumulasi"), pick("rumus_turun"), pembanding, None if batas == "tanpa" else batas
    )


def plain(value: int | float | str) -> str:
    """A value as plain text for json/csv: 6.5 → "6.5", 95 → "95", text as written."""
    if isinstance(value, str):
        return value
    return f"{cp.desimal(value).normalize():f}"


def shown(value: int | float | str) -> str:
    """A value as people read it: 6.5 → "6,5" (the Indonesian decimal comma), text as written."""
    return value if isinstance(value, str) else plain(value).replace(".", ",")


def _report(checker: _Checker, data: RealisasiFile, sampai: int, realisasi_path: Path | None) -> Laporan:
    _check_header(checker, data, realisasi_path)
    found = _resolve(checker, data)
    skala = _skala(data)
    preset, pita = _pita(data)
    rkt = checker.rkt.model
    anggaran = _anggaran(checker, data, sampai)
    sasaran_out: list[SasaranCapaian] = []
    for at in walk_sasaran(rkt):
        baris = [_row(checker, data, row, found.get(row.number), skala, pita, sampai) for row in at.indikator()]
        sasaran_out.append(_sasaran(at, baris, anggaran.get(at.number)))
    program_out = []
    for index, program in enumerate(rkt.program or []):
        parts = [s.serapan for s in sasaran_out if s.program_index == index]
        program_out.append(jumlah_serapan(program.nama, parts))
    total = jumlah_serapan("Total", [s.serapan for s in sasaran_out])
    return Laporan(rkt.instansi, rkt.unit, rkt.tahun, sampai, preset, sasaran_out, program_out, total)


def _row(
    checker: _Checker,
    data: RealisasiFile,
    row: IndikatorAt,
    hit: tuple[int, IndikatorAt] | None,
    skala: dict[str, Decimal],
    pita: tuple[cp.Pita, ...],
    sampai: int,
) -> BarisCapaian:
    indikator = row.indikator
    entry = data.indikator[hit[0]] if hit else None
    base: PathKey = ("indikator", hit[0]) if hit else ()
    written = {q: v for q, v in (entry.values() if entry else {}).items() if q <= sampai}
    # All quarterly targets are checked; the report shows those up to `sampai`, as the realisasi.
    targets_written = entry.target_tw.values() if entry and entry.target_tw else {}
    result: Decimal | None = None
    ok = True
    realisasi: dict[int, Decimal] = {}
    target_tw: dict[int, Decimal] = {}
    try:
        annual = cp.baca_nilai(indikator.target, skala, "target")
    except cp.CapaianError as exc:
        annual = Decimal(0)
        if entry is not None:  # a text target matters only once it is compared with something
            checker.in_rkt("RKT513", (*row.path, "target"), exc.message)
            ok = False
    for q, value in written.items():
        try:
            number = cp.baca_nilai(value, skala, ("realisasi", q))
        except cp.CapaianError as exc:
            checker.here("RKT503", (*base, f"tw{q}"), exc.message)
            ok = False
            continue
        if isinstance(number, cp.Rentang):
            checker.here("RKT503", (*base, f"tw{q}"), f"a realisasi is one value, not a range ({quoted(str(value))})")
            ok = False
            continue
        realisasi[q] = number
    for q, value in targets_written.items():
        try:
            number = cp.baca_nilai(value, skala, ("target_tw", q))
        except cp.CapaianError as exc:
            checker.here("RKT503", (*base, "target_tw", f"tw{q}"), exc.message)
            ok = False
            continue
        if isinstance(number, cp.Rentang):
            checker.here("RKT503", (*base, "target_tw", f"tw{q}"), "a quarterly target is one value, not a range")
            ok = False
            continue
        target_tw[q] = number
    cara = _cara(data, row, entry)
    if entry is not None and ok:
        try:
            result = cp.capaian_indikator(annual, realisasi, cara, target_tw)
        except cp.CapaianError as exc:
            _place_error(checker, row, base, exc)
    gabungan = cp.gabung([realisasi[q] for q in sorted(realisasi)], cara.akumulasi) if ok and realisasi else None
    return BarisCapaian(
        nomor=row.number,
        alamat=kode_address(row),
        id=indikator.id,
        uraian=indikator.uraian,
        satuan=indikator.effective_satuan,
        target=indikator.target,
        target_tw={q: v for q, v in targets_written.items() if q <= sampai},
        realisasi=written,
        capaian=result,
        kategori=cp.kategori(result, pita) if result is not None else None,
        penghambat=entry.penghambat if entry else None,
        upaya=entry.upaya if entry else None,
        realisasi_gabungan=gabungan,
        akumulasi=cara.akumulasi,
    )


def _place_error(checker: _Checker, row: IndikatorAt, base: PathKey, exc: cp.CapaianError) -> None:
    """A capaian error at the value it concerns: the RKT's target, or a value of this file."""
    tempat = exc.tempat
    if tempat == "target":
        checker.in_rkt("RKT513", (*row.path, "target"), f"{exc.message} (indikator {kode_address(row)})")
    elif isinstance(tempat, tuple) and tempat[0] == "target_tw":
        checker.here("RKT513", (*base, "target_tw", f"tw{tempat[1]}"), exc.message)
    elif isinstance(tempat, tuple):
        checker.here("RKT513", (*base, f"tw{tempat[1]}"), exc.message)
    else:
        checker.here("RKT513", base, exc.message)


def _anggaran(checker: _Checker, data: RealisasiFile, sampai: int) -> dict[int, int]:
    """{sasaran number: realisasi anggaran up to `sampai`} for the sasaran the file reports.

    A sasaran is named by its kode, its id, or its place ("program[0].sasaran[1]", or
    "sasaran[1]" in an RKT without programs), so one without kode can be reported too.
    """
    sasaran = list(walk_sasaran(checker.rkt.model))
    by_key: dict[str, SasaranAt] = {format_path(at.path): at for at in sasaran}
    by_key.update({at.sasaran.kode: at for at in sasaran if at.sasaran.kode is not None})
    by_key.update({at.sasaran.id: at for at in sasaran if at.sasaran.id is not None})
    out: dict[int, int] = {}
    first: dict[int, int] = {}
    for index, entry in enumerate(data.anggaran):
        key: PathKey = ("anggaran", index, "sasaran")
        at = by_key.get(entry.sasaran.strip())
        if at is None:
            checker.here("RKT510", key, f"the RKT has no sasaran with kode, id or place {quoted(entry.sasaran)}")
            continue
        if at.number in first:
            line, _ = checker.source_map.locate(("anggaran", first[at.number]))
            checker.here("RKT511", key, f"a second entry for sasaran {sasaran_label(at)} (the first is at line {line})")
            continue
        first[at.number] = index
        budget = at.sasaran.anggaran
        if budget is None:
            checker.here(
                "RKT516",
                key,
                f"sasaran {sasaran_label(at)} has no anggaran in the RKT: there is nothing to measure a realisasi "
                "anggaran against (give the RKT's sasaran an anggaran, or leave this entry out)",
            )
            continue
        amounts = {q: getattr(entry, f"tw{q}") for q in cp.TRIWULAN if q <= sampai}
        total = sum(a for a in amounts.values() if a is not None)
        if not any(a is not None for a in amounts.values()):
            continue
        if total > budget:
            checker.here(
                "RKT514",
                ("anggaran", index),
                f"realisasi Rp {total:,} is more than the anggaran Rp {budget:,} of sasaran ".replace(",", ".")
                + sasaran_label(at),
                Severity.WARNING,
            )
        out[at.number] = total
    return out


def _sasaran(at: SasaranAt, baris: list[BarisCapaian], realisasi: int | None) -> SasaranCapaian:
    anggaran = at.sasaran.anggaran
    serapan = None
    if realisasi is not None and anggaran is not None and anggaran > 0:
        serapan = cp.serapan(anggaran, realisasi)
    row = SerapanBaris(at.sasaran.nama, anggaran, realisasi or 0, realisasi is not None, serapan)
    values = [b.capaian for b in baris]
    mean = cp.rata_rata([v for v in values if v is not None]) if all(v is not None for v in values) else None
    efisiensi = cp.Efisiensi(mean, serapan) if mean is not None and serapan is not None else None
    return SasaranCapaian(at.number, at.sasaran.kode, at.sasaran.nama, at.program_index, baris, row, mean, efisiensi)


BELUM_ADA_REALISASI = "belum ada realisasi"
BELUM_LENGKAP = "belum lengkap"  # a program or total whose sasaran have not all reported
TANPA_ANGGARAN = "RKT tanpa anggaran"  # the RKT gives no anggaran: no serapan, never 0 %
ANGGARAN_NOL = "anggaran 0"


def serapan_status(row: SerapanBaris) -> str | None:
    """Why a row has no serapan percentage, in the words every output shows; None when it has one."""
    if row.serapan is not None:
        return None
    if row.anggaran is None:
        return TANPA_ANGGARAN
    if not row.lengkap:
        return BELUM_ADA_REALISASI if row.realisasi == 0 else BELUM_LENGKAP
    return ANGGARAN_NOL


def jumlah_serapan(nama: str, parts: list[SerapanBaris]) -> SerapanBaris:
    """A program's or the total's serapan from its sasaran: the sums, and a percentage only when
    every sasaran below has reported (a partial sum over the whole anggaran would understate it).
    Without an anggaran on every sasaran below there is no anggaran to sum, and no serapan."""
    budgets = [p.anggaran for p in parts]
    anggaran = sum(b for b in budgets if b is not None) if all(b is not None for b in budgets) else None
    realisasi = sum(p.realisasi for p in parts)
    lengkap = all(p.lengkap for p in parts)
    serapan = cp.serapan(anggaran, realisasi) if lengkap and anggaran is not None and anggaran > 0 else None
    return SerapanBaris(nama, anggaran, realisasi, lengkap, serapan)
