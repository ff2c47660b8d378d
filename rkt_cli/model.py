"""The RKT document as pydantic models. No I/O here: the loader feeds plain data in.

Money is an int number of rupiah, never a float. Text fields keep the office's wording
exactly (typos included); the rules module points out what looks wrong.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from rkt_cli.model_values import (
    GIVEN_IN_FILE,
    PERCENT,
    Code,
    Id,
    OptionalCode,
    OptionalKegiatan,
    OptionalRupiah,
    Rupiah,
    TambahanValue,
    Tanggal,
    Target,
    Text,
    fail,
    quoted,
)

# An RKT for tahun N is signed late in N-1 or during N (a revision); a signing date further away
# is a typo (2204 for 2024) and would print a wrong date on the document to sign.
MAX_SIGNING_YEARS_FROM_TAHUN = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# A column name is one lower-case word, as a template names it (`isi: tambahan.kondisi_awal`).
_COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class KolomTambahan(_Model):
    """An extra column a document carries (kondisi awal, sumber data, …): declared once, filled per row."""

    judul: Text = Field(description='The column header a template prints by default, e.g. "Kondisi Awal".')
    jenis: Literal["teks", "angka"] = Field(
        default="teks", description="teks: text (write numbers in quotes); angka: a number."
    )


class Indikator(_Model):
    """One row of the RKT table: an indikator kinerja with its target and kegiatan."""

    uraian: Text = Field(description="Indikator kinerja, as worded in the Renstra.")
    target: Target = Field(description="A number (95, 100, 87.5); text only where a number cannot say it.")
    satuan: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="Unit of the target; percent (%) when omitted."
    )
    kegiatan: OptionalKegiatan = Field(
        default=None, description="The kegiatan that delivers this indikator; a PK or a simple RKT has none."
    )
    pelaksana: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="Overrides the sasaran's pelaksana for this row."
    )
    id: Annotated[Id | None, GIVEN_IN_FILE] = Field(
        default=None,
        description="A stable id, unique in the file (e.g. iku-1): what a realisasi file and later years match by.",
    )
    arah: Annotated[Literal["naik", "turun"] | None, GIVEN_IN_FILE] = Field(
        default=None,
        description="naik: a higher realisasi is better (the default); turun: a lower one is (e.g. days, findings).",
    )
    keterangan: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="A free remark printed where a template shows it."
    )
    tambahan: dict[str, TambahanValue] = Field(
        default_factory=dict,
        description="Values of the document's extra columns, by the names declared in `kolom_tambahan`.",
    )

    @property
    def effective_satuan(self) -> str | None:
        """The unit the target is in: % by default for a numeric target, none for a text target."""
        if self.satuan is not None:
            return self.satuan
        return None if isinstance(self.target, str) else PERCENT


class Sasaran(_Model):
    """A sasaran strategis: its kode and anggaran, and the indikator that measure it."""

    nama: Text = Field(description="Sasaran strategis, without its kode.")
    kode: OptionalCode = Field(default=None, description='Kode kegiatan/output, such as "6709".')
    id: Annotated[Id | None, GIVEN_IN_FILE] = Field(
        default=None, description="A stable id, unique in the file, for later documents to match by."
    )
    anggaran: OptionalRupiah = Field(
        default=None,
        description="Anggaran of the sasaran in whole rupiah; a document has it on every sasaran or on none.",
    )
    pelaksana: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="Default pelaksana of the indikator below."
    )
    indikator: list[Indikator] = Field(min_length=1)

    def pelaksana_of(self, indikator: Indikator) -> str | None:
        """Who carries `indikator`: its own pelaksana, else this sasaran's default."""
        return indikator.pelaksana if indikator.pelaksana is not None else self.pelaksana


class Program(_Model):
    """A program and its sasaran, in the order of the printed table."""

    nama: Text
    sasaran: list[Sasaran] = Field(min_length=1)

    @property
    def anggaran(self) -> int:
        """The program's anggaran: the sum of its sasaran's (those that have one)."""
        return sum(s.anggaran or 0 for s in self.sasaran)


class Penandatangan(_Model):
    """One signer of the document, as printed in the signature block."""

    jabatan: Text = Field(description='Position as printed above the signature, e.g. "SEKRETARIS".')
    nama: Text
    nip: Annotated[Code | None, GIVEN_IN_FILE] = None
    tempat: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="Place of signing, e.g. Prabumulih."
    )
    tanggal: Annotated[Tanggal | None, GIVEN_IN_FILE] = Field(default=None, description="Date of signing, YYYY-MM-DD.")
    pihak: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None,
        description='Free-text label printed above the jabatan, such as "PIHAK PERTAMA" or "PIHAK KEDUA".',
    )
    plt: bool = Field(
        default=False,
        strict=True,
        description='Pelaksana tugas: the jabatan is printed as "Plt. SEKRETARIS".',
    )
    plh: bool = Field(
        default=False,
        strict=True,
        description='Pelaksana harian: the jabatan is printed as "Plh. SEKRETARIS".',
    )

    @field_validator("plh")
    @classmethod
    def _not_both(cls, plh: bool, info: ValidationInfo) -> bool:
        # Declared after plt, so plt is already in info.data when it was valid. The error sits
        # on the plh line: that is the one to delete or change.
        if plh and info.data.get("plt") is True:
            message = "a signer is either plt (pelaksana tugas) or plh (pelaksana harian), not both: keep one"
            raise fail("plt_plh", message)
        return plh

    @property
    def printed_jabatan(self) -> str:
        """The jabatan as printed: "Plt. SEKRETARIS" for a plt, "Plh. SEKRETARIS" for a plh."""
        prefix = "Plt. " if self.plt else "Plh. " if self.plh else ""
        return prefix + self.jabatan


def _undeclared(name: str, declared: dict[str, KolomTambahan]) -> str:
    close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
    if close:
        return f"{quoted(name)} is not a declared column: did you mean {close[0]}?"
    if declared:
        return f"{quoted(name)} is not a declared column (declared: {', '.join(sorted(declared))})"
    return f"{quoted(name)} is not a declared column: declare it under `kolom_tambahan:` at the top of the file"


class RKT(_Model):
    """A Rencana Kinerja Tahunan: the whole document."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        # For editors: the sasaran stand under `program:` or, without programs, under `sasaran:`.
        json_schema_extra={"oneOf": [{"required": ["program"]}, {"required": ["sasaran"]}]},
    )

    instansi: Text = Field(description="e.g. Komisi Pemilihan Umum Kota Prabumulih")
    unit: Text = Field(description="The satker, e.g. Sekretariat KPU Kota Prabumulih")
    tahun: int = Field(ge=2000, le=2100, strict=True)
    judul: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="Title; RENCANA KINERJA TAHUNAN when omitted."
    )
    pengantar: Annotated[Text | None, GIVEN_IN_FILE] = Field(
        default=None, description="Intro paragraph printed above the table."
    )
    pagu: Annotated[Rupiah | None, GIVEN_IN_FILE] = Field(
        default=None, description="Declared ceiling; the total must equal it."
    )
    kolom_tambahan: dict[str, KolomTambahan] = Field(
        default_factory=dict,
        description="Extra columns, by name (one lower-case word): what `tambahan:` of an indikator may fill.",
    )
    program: Annotated[list[Program] | None, GIVEN_IN_FILE] = Field(
        default=None, min_length=1, description="The programs, each with its sasaran; or `sasaran:` alone."
    )
    sasaran: Annotated[list[Sasaran] | None, GIVEN_IN_FILE] = Field(
        default=None, min_length=1, description="The sasaran of a document without programs (a PK, a simple RKT)."
    )
    penandatangan: list[Penandatangan] = Field(
        default_factory=list, max_length=2, description="None, one, or two signers (side by side)."
    )

    @model_validator(mode="after")
    def _program_or_sasaran(self) -> RKT:
        """Exactly one of `program:` and `sasaran:` holds the document's sasaran."""
        if self.program is not None and self.sasaran is not None:
            message = (
                "a document lists its sasaran under `program:` or, without programs, under `sasaran:` at the top "
                "level, not both: move these sasaran under a program"
            )
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [{"type": fail("program_or_sasaran", message), "loc": ("sasaran",), "input": None}],
            )
        if self.program is None and self.sasaran is None:
            message = "the document has no sasaran: write `program:` with its sasaran, or `sasaran:` alone"
            raise ValidationError.from_exception_data(
                type(self).__name__, [{"type": fail("program_or_sasaran", message), "loc": (), "input": None}]
            )
        return self

    @model_validator(mode="after")
    def _declared_columns(self) -> RKT:
        """Every `tambahan:` key is a declared column, of its declared jenis (a typo is an error, not a column)."""
        errors: list[Any] = []
        for name in self.kolom_tambahan:
            if not _COLUMN_NAME.match(name):
                message = (
                    f"column name {quoted(name)} must be one lower-case word (letters, digits, _), e.g. kondisi_awal"
                )
                errors.append({"type": fail("kolom_tambahan", message), "loc": ("kolom_tambahan", name), "input": name})
        for path, indikator in self._indikator_with_paths():
            for name, value in indikator.tambahan.items():
                column = self.kolom_tambahan.get(name)
                loc = (*path, "tambahan", name)
                if column is None:
                    errors.append(
                        {"type": fail("tambahan", _undeclared(name, self.kolom_tambahan)), "loc": loc, "input": name}
                    )
                elif column.jenis == "angka" and isinstance(value, str):
                    message = f"column {name} is jenis angka: write a number, not {quoted(value)}"
                    errors.append({"type": fail("tambahan", message), "loc": loc, "input": value})
                elif column.jenis == "teks" and not isinstance(value, str):
                    message = f"column {name} is jenis teks: put {value} in quotes (or declare the column jenis: angka)"
                    errors.append({"type": fail("tambahan", message), "loc": loc, "input": value})
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    def _indikator_with_paths(self) -> list[tuple[tuple[str | int, ...], Indikator]]:
        # rkt_cli.walk is the walker for everything else; it imports this module, so the validator
        # that runs while the model is built walks the two shapes itself.
        out: list[tuple[tuple[str | int, ...], Indikator]] = []
        groups: list[tuple[tuple[str | int, ...], list[Sasaran]]] = []
        if self.program is not None:
            groups = [(("program", p, "sasaran"), program.sasaran) for p, program in enumerate(self.program)]
        elif self.sasaran is not None:
            groups = [(("sasaran",), self.sasaran)]
        for prefix, sasaran_list in groups:
            for s, sasaran in enumerate(sasaran_list):
                for i, indikator in enumerate(sasaran.indikator):
                    if indikator.tambahan:
                        out.append(((*prefix, s, "indikator", i), indikator))
        return out

    @model_validator(mode="after")
    def _plausible_signing_dates(self) -> RKT:
        """tanggal with tahun in view (see MAX_SIGNING_YEARS_FROM_TAHUN)."""
        errors: list[Any] = []
        for index, signer in enumerate(self.penandatangan):
            if signer.tanggal is None or abs(signer.tanggal.year - self.tahun) <= MAX_SIGNING_YEARS_FROM_TAHUN:
                continue
            low, high = self.tahun - MAX_SIGNING_YEARS_FROM_TAHUN, self.tahun + MAX_SIGNING_YEARS_FROM_TAHUN
            message = (
                f"{signer.tanggal.isoformat()} is far from tahun {self.tahun}: an RKT for {self.tahun} is signed "
                f"between {low} and {high}; check the year"
            )
            # Raised as a ValidationError of its own so that the error points at the tanggal itself.
            loc = ("penandatangan", index, "tanggal")
            errors.append({"type": fail("tanggal", message), "loc": loc, "input": signer.tanggal.isoformat()})
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @property
    def all_sasaran(self) -> list[Sasaran]:
        """Every sasaran in document order, under programs or not."""
        if self.program is not None:
            return [s for p in self.program for s in p.sasaran]
        return list(self.sasaran or [])

    @property
    def has_anggaran(self) -> bool:
        """True when the sasaran carry anggaran (rule RKT217 makes that all of them or none)."""
        return any(s.anggaran is not None for s in self.all_sasaran)

    @property
    def total_anggaran(self) -> int:
        """The sum of every sasaran's anggaran (those that have one)."""
        return sum(s.anggaran or 0 for s in self.all_sasaran)

    # Walking sasaran and indikator with their indices and YAML paths: rkt_cli.walk.
