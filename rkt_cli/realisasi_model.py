"""The realisasi file's model: its keys, the kinds of their values, and its diagnostic codes.

rkt_cli.realisasi checks a loaded file against this model and then against its RKT; this module
only says what a well-formed realisasi file is (pydantic), so that each message about a value
("95%" → "write 95") is written once, where the value is defined.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from rkt_cli import capaian as cp
from rkt_cli.diagnostics import Severity
from rkt_cli.model_values import Code, Id, Rupiah, Text, describe_value, quoted
from rkt_cli.schema_errors import SchemaCodes


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
    Code5xx("RKT515", Severity.ERROR, "the RKT file named in `rkt:` is missing, unreadable or has errors"),
    Code5xx("RKT516", Severity.ERROR, "a realisasi anggaran for a sasaran the RKT gives no anggaran"),
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
        description='An address: "6709.1" (sasaran kode . number) or the place "program[0].sasaran[0].indikator[0]"'
        ' ("sasaran[0].indikator[0]" in an RKT without programs).',
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
    """The realisasi anggaran of one sasaran (by kode, id or place), per quarter (not cumulative)."""

    sasaran: Code = Field(description='The sasaran\'s kode ("6709"), id, or place ("program[0].sasaran[1]").')


class RealisasiFile(_Model):
    """A realisasi file: the RKT it belongs to, settings, and the values of the year."""

    rkt: Text = Field(description="The RKT file, relative to this file.")
    tahun: int | None = Field(default=None, strict=True, ge=2000, le=2100)
    pengaturan: Pengaturan = Field(default_factory=Pengaturan)
    indikator: list[RealisasiIndikator] = Field(default_factory=list)
    anggaran: list[RealisasiAnggaran] = Field(default_factory=list)
