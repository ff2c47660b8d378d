"""The realisasi file of a year: its model, its checks against the RKT, and the capaian report.

The signed RKT file is never edited during the year. Progress goes into a file of its own
(data/realisasi_2024.yaml) that names its RKT and addresses each indikator either by the `id`
the RKT gives it, or, for an RKT without ids (such as the signed 2024 file), by an address:

    indikator: "6709.2"                              # sasaran kode, then the indikator's number in it
    indikator: "program[0].sasaran[0].indikator[1]"   # the indikator's place (as diagnostics show it)

Each problem is a Diagnostic at file:line:col, in the realisasi file or, for a target the RKT
holds, in the RKT file. Codes RKT5xx, listed in CODES below (and in README).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from rkt_cli import capaian as cp
from rkt_cli.diagnostics import Diagnostic, Severity, sort_diagnostics
from rkt_cli.loader import LoadedYaml, PathKey, SourceMap, format_path
from rkt_cli.model import RKT, Code, Id, Rupiah, Text, describe_value, quoted
from rkt_cli.schema_errors import SchemaCodes, schema_diagnostics
from rkt_cli.walk import IndikatorAt, SasaranAt, walk_indikator, walk_sasaran


@dataclass(frozen=True)
class Code5xx:
    """One diagnostic code of the realisasi file, as `rkt rules` lists it."""

    code: str
    severity: Severity
    description: str


# The codes of the realisasi file, listed by `rkt rules` after the RKT file's and the template's.
CODES: tuple[Code5xx, ...] = (
    Code5xx("RKT501", Severity.ERROR, "unknown key in the realisasi file"),
    Code5xx("RKT502", Severity.ERROR, "a required key is missing"),
    Code5xx("RKT503", Severity.ERROR, "a value of the wrong kind (text where a number belongs, …)"),
    Code5xx("RKT504", Severity.ERROR, "a realisasi anggaran that is not whole rupiah"),
    Code5xx("RKT505", Severity.ERROR, "a list that must not be empty is empty"),
    Code5xx("RKT510", Severity.ERROR, "an id or address the RKT does not have"),
    Code5xx("RKT511", Severity.ERROR, "a value for the same indikator (or sasaran anggaran) twice"),
    Code5xx("RKT512", Severity.ERROR, "the realisasi file belongs to another RKT (rkt:, tahun:)"),
    Code5xx("RKT513", Severity.ERROR, "a capaian that cannot be computed (target 0, realisasi 0 with rasio, …)"),
    Code5xx("RKT514", Severity.WARNING, "a realisasi anggaran larger than the anggaran"),
)

SCHEMA_CODES = SchemaCodes(
    unknown_key="RKT501",
    missing_key="RKT502",
    bad_value="RKT503",
    bad_amount="RKT504",
    bad_length="RKT505",
    whole="the realisasi file",
)

# A number written as text ("95%", "87,5 persen"): the value is a number, and the file says so.
_NUMERIC_TEXT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)\s*(?:%|persen)?$", re.IGNORECASE)


# No indikator counts to a quadrillion; beyond it a value is a typo, and Decimal's rounding to
# two places would overflow its precision.
MAX_NILAI = 10**15


def _fail(message: str) -> PydanticCustomError:
    # "target" is one of schema_errors' kinds whose message is shown as written.
    return PydanticCustomError("target", message)


def _nilai(value: Any) -> int | float | str:
    """A realisasi or target value: a number; text only for a range ("7–8") or a scale label."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _fail(f"expected a number such as 95, got {describe_value(value)}")
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, (int, float)) and abs(value) >= MAX_NILAI
    ):
        raise _fail("the number is too large: check the digits")
    if isinstance(value, (int, float)):
        if value < 0:
            raise _fail(f"{value} is negative: a realisasi or target is 0 or more")
        return value
    if isinstance(value, str):
        numeric = _NUMERIC_TEXT.match(value.strip())
        if numeric:
            number = numeric.group(1).replace(",", ".")
            raise _fail(f"{quoted(value)} is a number written as text: write {number[:40]}")
        if not value.strip():
            raise _fail("is empty: write a number, or leave the key out")
        return value
    raise _fail(f"expected a number such as 95, got {describe_value(value)}")


Nilai = Annotated[int | float | str, BeforeValidator(_nilai)]


def _angka(value: Any) -> int | float:
    """A plain number (a scale value, a band's lower bound): one message, not one per number type."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        if value < 0:
            raise _fail(f"{value} is negative: write 0 or more")
        return value
    if isinstance(value, str) and _NUMERIC_TEXT.match(value.strip()):
        raise _fail(f"{quoted(value)} is a number written as text: write {value.strip().rstrip('%').strip()}")
    raise _fail(f"expected a number, got {describe_value(value)}")


Angka = Annotated[int | float, BeforeValidator(_angka)]


def _batas(value: Any) -> Any:
    # `type(value) is int`: a plain `in` would let true (== 1) and 100.0 (== 100) through.
    if value is None or value == "tanpa" or (type(value) is int and value in (100, 120)):
        return value
    raise _fail(f"expected 100, 120 or tanpa (no cap), got {describe_value(value)}")


Batas = Annotated[Literal[100, 120, "tanpa"] | None, BeforeValidator(_batas)]


def _address(value: Any) -> str:
    if isinstance(value, float):
        raise _fail(f'the address {value} must be in quotes ("{value}"): unquoted, 6709.10 would read as 6709.1')
    if isinstance(value, (bool, int)) or not isinstance(value, str):
        raise _fail(
            f'expected an address such as "6709.1" (sasaran kode, indikator number), got {describe_value(value)}'
        )
    return value


Address = Annotated[str, BeforeValidator(_address)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Triwulan(_Model):
    """Values per quarter; any subset."""

    tw1: Nilai | None = None
    tw2: Nilai | None = None
    tw3: Nilai | None = None
    tw4: Nilai | None = None

    def values(self) -> dict[int, int | float | str]:
        """{quarter: value} for the quarters given."""
        found = {q: getattr(self, f"tw{q}") for q in cp.TRIWULAN}
        return {q: v for q, v in found.items() if v is not None}


class Cara(_Model):
    """How capaian is computed; each key left out takes the file's (or the built-in) default."""

    arah: Literal["naik", "turun"] | None = Field(default=None, description="naik: higher is better; turun: lower.")
    akumulasi: Literal["kumulatif", "nilai_akhir", "rata_rata"] | None = Field(
        default=None, description="How the quarters combine: their sum, the last reported, or their mean."
    )
    rumus_turun: Literal["selisih", "rasio"] | None = Field(
        default=None, description="For arah turun: (2T − R) / T (selisih) or T / R (rasio)."
    )
    pembanding: Literal["tahunan", "triwulan"] | None = Field(
        default=None,
        description="Compare with the annual target, or with the quarterly targets (default where given).",
    )
    batas: Batas = Field(
        default=None, description="Cap the capaian at 100 or 120; tanpa: no cap (the built-in default)."
    )


class Pita(_Model):
    """A kategori band: from `mulai` (inclusive) up to the next band's."""

    mulai: Angka
    nama: Text


class Pengaturan(Cara):
    """File-level defaults, the scale for text values, and the kategori bands."""

    skala: dict[str, Angka] = Field(default_factory=dict, description="Text values as numbers: WTP: 4 …")
    kategori: str = Field(default=cp.DEFAULT_KATEGORI, description="A kategori preset by name.")
    # A plain list (empty: use the preset), not `list | None`: schema_errors finds the model of
    # a nested key through one level of list, and so can say "did you mean" for a band's keys.
    kategori_pita: list[Pita] = Field(default_factory=list, description="Bands of the file's own, instead of a preset.")

    @field_validator("kategori")
    @classmethod
    def _known_preset(cls, kategori: str) -> str:
        if kategori not in cp.PRESET_KATEGORI:
            presets = ", ".join(cp.PRESET_KATEGORI)
            raise _fail(f"unknown kategori preset {quoted(kategori)}: use one of {presets}, or bands in kategori_pita")
        return kategori


class RealisasiIndikator(Cara, Triwulan):
    """The realisasi of one indikator, addressed by `id` or `indikator` (an address)."""

    id: Id | None = Field(default=None, description="The indikator's id in the RKT.")
    indikator: Address | None = Field(
        default=None,
        description='An address: "6709.1" (sasaran kode . number) or "program[0].sasaran[0].indikator[0]".',
    )
    target_tw: Triwulan | None = Field(default=None, description="Quarterly targets (rencana aksi).")
    penghambat: Text | None = Field(default=None, description="What held the indikator back.")
    upaya: Text | None = Field(default=None, description="What was done about it.")

    @model_validator(mode="before")
    @classmethod
    def _one_address(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("id" in data) == ("indikator" in data):
            both = "id" in data
            raise _fail(
                'give either `id:` or `indikator:` (an address such as "6709.1"), not both'
                if both
                else 'missing `id:` or `indikator:` (an address such as "6709.1") naming the indikator'
            )
        return data


class AnggaranTriwulan(_Model):
    tw1: Rupiah | None = None
    tw2: Rupiah | None = None
    tw3: Rupiah | None = None
    tw4: Rupiah | None = None


class RealisasiAnggaran(AnggaranTriwulan):
    """The realisasi anggaran of one sasaran (by kode or id), per quarter (not cumulative)."""

    sasaran: Code = Field(description='The sasaran\'s kode ("6709") or id.')


class RealisasiFile(_Model):
    """A realisasi file: the RKT it belongs to, settings, and the values of the year."""

    rkt: Text = Field(description="The RKT file, relative to this file.")
    tahun: int | None = Field(default=None, strict=True, ge=2000, le=2100)
    pengaturan: Pengaturan = Field(default_factory=Pengaturan)
    indikator: list[RealisasiIndikator] = Field(default_factory=list)
    anggaran: list[RealisasiAnggaran] = Field(default_factory=list)


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


@dataclass(frozen=True)
class SerapanBaris:
    """Anggaran, realisasi and serapan of a sasaran, program or the total."""

    nama: str
    anggaran: int
    realisasi: int  # the sum of what is reported
    lengkap: bool  # every sasaran below reported a realisasi anggaran
    serapan: Decimal | None  # None when not lengkap, or the anggaran is 0


@dataclass(frozen=True)
class SasaranCapaian:
    nomor: int
    kode: str
    nama: str
    program_index: int
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


_PATH_ADDRESS = re.compile(r"^program\[(\d+)\]\.sasaran\[(\d+)\]\.indikator\[(\d+)\]$")
_KODE_ADDRESS = re.compile(r"^(.+)\.(\d+)$")


def kode_address(row: IndikatorAt) -> str:
    """ "6709.2": the sasaran kode and the indikator's 1-based number within its sasaran."""
    return f"{row.sasaran.kode}.{row.indikator_index + 1}"


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
    by_kode = {kode_address(row): row for row in rows}
    by_path = {tuple(row.path[1::2]): row for row in rows}
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
            address = entry.indikator or ""
            path_match = _PATH_ADDRESS.match(address)
            row = by_path.get(tuple(int(g) for g in path_match.groups())) if path_match else by_kode.get(address)
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
    if _PATH_ADDRESS.match(address):
        return f"the RKT has no indikator at {address}"
    if kode_match:
        kode = kode_match.group(1)
        count = sum(1 for row in rows if row.sasaran.kode == kode)
        if count:
            return f"sasaran {kode} has {count} indikator: {quoted(address)} is not one of {kode}.1–{kode}.{count}"
        return f"the RKT has no sasaran with kode {quoted(kode)}"
    return f'{quoted(address)} is not an address: write "KODE.N" (e.g. "6709.1") or program[0].sasaran[0].indikator[0]'


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
    if entry is not None and ok:
        try:
            result = cp.capaian_indikator(annual, realisasi, _cara(data, row, entry), target_tw)
        except cp.CapaianError as exc:
            _place_error(checker, row, base, exc)
    return BarisCapaian(
        nomor=row.number,
        alamat=kode_address(row),
        id=indikator.id,
        uraian=indikator.uraian,
        satuan=indikator.effective_satuan,
        target=indikator.target,
        target_tw=dict(targets_written),
        realisasi=written,
        capaian=result,
        kategori=cp.kategori(result, pita) if result is not None else None,
        penghambat=entry.penghambat if entry else None,
        upaya=entry.upaya if entry else None,
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
    """{sasaran number: realisasi anggaran up to `sampai`} for the sasaran the file reports."""
    sasaran = list(walk_sasaran(checker.rkt.model))
    by_key: dict[str, SasaranAt] = {at.sasaran.kode: at for at in sasaran if at.sasaran.kode is not None}
    by_key.update({at.sasaran.id: at for at in sasaran if at.sasaran.id is not None})
    out: dict[int, int] = {}
    first: dict[int, int] = {}
    for index, entry in enumerate(data.anggaran):
        key: PathKey = ("anggaran", index, "sasaran")
        at = by_key.get(entry.sasaran)
        if at is None:
            checker.here("RKT510", key, f"the RKT has no sasaran with kode or id {quoted(entry.sasaran)}")
            continue
        if at.number in first:
            line, _ = checker.source_map.locate(("anggaran", first[at.number]))
            checker.here("RKT511", key, f"a second entry for sasaran {at.sasaran.kode} (the first is at line {line})")
            continue
        first[at.number] = index
        amounts = {q: getattr(entry, f"tw{q}") for q in cp.TRIWULAN if q <= sampai}
        total = sum(a for a in amounts.values() if a is not None)
        if not any(a is not None for a in amounts.values()):
            continue
        if at.sasaran.anggaran is not None and total > at.sasaran.anggaran:
            checker.here(
                "RKT514",
                ("anggaran", index),
                f"realisasi Rp {total:,} is more than the anggaran Rp {at.sasaran.anggaran:,} of sasaran "
                f"{at.sasaran.kode}".replace(",", "."),
                Severity.WARNING,
            )
        out[at.number] = total
    return out


def _sasaran(at: SasaranAt, baris: list[BarisCapaian], realisasi: int | None) -> SasaranCapaian:
    anggaran = at.sasaran.anggaran or 0
    serapan = None
    if realisasi is not None and anggaran > 0:
        serapan = cp.serapan(anggaran, realisasi)
    row = SerapanBaris(at.sasaran.nama, anggaran, realisasi or 0, realisasi is not None, serapan)
    values = [b.capaian for b in baris]
    mean = cp.rata_rata([v for v in values if v is not None]) if all(v is not None for v in values) else None
    efisiensi = cp.Efisiensi(mean, serapan) if mean is not None and serapan is not None else None
    kode = at.sasaran.kode or str(at.number)
    return SasaranCapaian(at.number, kode, at.sasaran.nama, at.program_index or 0, baris, row, mean, efisiensi)


def jumlah_serapan(nama: str, parts: list[SerapanBaris]) -> SerapanBaris:
    """A program's or the total's serapan from its sasaran: the sums, and a percentage only when
    every sasaran below has reported (a partial sum over the whole anggaran would understate it)."""
    anggaran = sum(p.anggaran for p in parts)
    realisasi = sum(p.realisasi for p in parts)
    lengkap = all(p.lengkap for p in parts)
    serapan = cp.serapan(anggaran, realisasi) if lengkap and anggaran > 0 else None
    return SerapanBaris(nama, anggaran, realisasi, lengkap, serapan)
