"""The RKT document as pydantic models. No I/O here: the loader feeds plain data in.

Money is an int number of rupiah, never a float. Text fields keep the office's wording
exactly (typos included); the rules module points out what looks wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

PERCENT = "%"

# "822.654.000" (Indonesian) or "822,654,000" (English): groups of exactly three digits after
# the first, one kind of separator only, optionally after "Rp". Anything else is rejected,
# because a single separator with a different group size ("822.6") could be a decimal.
_GROUPED_RUPIAH = re.compile(r"^(?:Rp\.?\s*)?([1-9]\d{0,2}(?:([.,])\d{3})(?:\2\d{3})*)$", re.IGNORECASE)
_PLAIN_RUPIAH = re.compile(r"^(?:Rp\.?\s*)?(0|[1-9]\d*)$", re.IGNORECASE)
# "822.654.000,00": zero cents written out, as spreadsheets print amounts.
_ZERO_CENTS = re.compile(r"^(.*\d)[.,]00?$")

RUPIAH_HELP = (
    "write whole rupiah as a plain number (822654000) or as text with thousands "
    'separators ("822.654.000" or "822,654,000")'
)


# The validation context of a file a person wrote (rkt_cli.checking passes it): there, a key of
# an optional field written with nothing after it (`anggaran:`) is an unfinished line and an
# error, while leaving the key out means "none". Code that builds a model in Python (the
# importer, the tests) passes None for "none" and no context.
FROM_FILE: dict[str, bool] = {"from_file": True}


def _fail(kind: str, message: str) -> PydanticCustomError:
    """A validation error whose message is final text.

    pydantic fills `{name}` placeholders from a context dict, even inside values it already
    filled in; we format the message ourselves and pass no context, so a value holding braces
    is shown as written.
    """
    return PydanticCustomError(kind, message)


def clipped(text: str) -> str:
    """At most 40 characters of `text` for a message: a value may be megabytes long, and a
    message stays one short line."""
    return text if len(text) <= 40 else text[:37] + "..."


def quoted(text: str) -> str:
    """`text` clipped and in quotes, as Python writes a string."""
    return repr(clipped(text))


def describe_value(value: Any) -> str:
    """A short, human description of a YAML value for an error message."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


# More than the whole state budget (APBN 2024 is about Rp 3.300 triliun, 3.3e15): a typo.
MAX_RUPIAH = 10**16 - 1


def _too_large(value: Any) -> PydanticCustomError:
    return _fail("rupiah", f"{describe_value(value)} is more than the whole state budget: check the digits")


def _rupiah_text(value: str) -> int:
    text = value.strip()
    grouped = _GROUPED_RUPIAH.match(text)
    digits = re.sub(r"[.,]", "", grouped.group(1)) if grouped else None
    plain = _PLAIN_RUPIAH.match(text)
    if plain:
        digits = plain.group(1)
    if digits is not None:
        if len(digits) > len(str(MAX_RUPIAH)):  # before int(): Python refuses over 4300 digits
            raise _too_large(value)
        return int(digits)
    if text.startswith("-"):
        raise _fail("rupiah", f"anggaran cannot be negative ({quoted(value)})")
    cents = _ZERO_CENTS.match(text)
    if cents and (_GROUPED_RUPIAH.match(cents.group(1)) or _PLAIN_RUPIAH.match(cents.group(1))):
        whole = _rupiah_text(cents.group(1))
        raise _fail("rupiah", f"{quoted(value)} has cents, but anggaran is whole rupiah: write {whole}")
    raise _fail("rupiah", f"{quoted(value)} is not an amount in rupiah; " + RUPIAH_HELP)


def parse_rupiah(value: Any) -> int:
    """Whole rupiah, from an int or a text in one documented form; never a float or negative.

    Accepted: 822654000; "822654000"; "822.654.000"; "822,654,000"; any of these after "Rp" or
    "Rp." (with or without a space). Rejected: floats (822.654 is a decimal number in YAML),
    booleans, negatives, mixed separators ("822.654,000"), groups other than three digits
    ("822.65.000") and leading zeros ("0822").
    """
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _fail("rupiah", f"expected an amount in rupiah, got {describe_value(value)}; " + RUPIAH_HELP)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        raise _fail("rupiah", f"{value} is read as a decimal number, but anggaran is whole rupiah; " + RUPIAH_HELP)
    elif isinstance(value, str):
        amount = _rupiah_text(value)
    else:
        raise _fail("rupiah", "expected an amount in rupiah; " + RUPIAH_HELP)
    if amount < 0:
        raise _fail("rupiah", f"anggaran cannot be negative ({amount})")
    if amount > MAX_RUPIAH:
        raise _too_large(value)
    return amount


_RUPIAH_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "integer", "minimum": 0},
            {
                "type": "string",
                "pattern": r"^(Rp\.?\s*)?(0|[1-9]\d*|[1-9]\d{0,2}(\.\d{3})+|[1-9]\d{0,2}(,\d{3})+)$",
            },
        ],
        "description": "Whole rupiah: 822654000, or text with separators such as 822.654.000",
    }
)
Rupiah = Annotated[int, BeforeValidator(parse_rupiah), _RUPIAH_SCHEMA]
# Left out, it is None; written, it is an amount (an empty value is refused like any non-amount).


def _parse_optional_rupiah(value: Any, info: ValidationInfo) -> int | None:
    return None if value is None and not _from_file(info) else parse_rupiah(value)


OptionalRupiah = Annotated[int | None, BeforeValidator(_parse_optional_rupiah), _RUPIAH_SCHEMA]


def _strict_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        raise _fail("text", "is empty: write the text after the colon")
    if isinstance(value, (dict, list)):
        raise _fail("text", f"expected text, got {describe_value(value)}")
    raise _fail("text", f"expected text, got {describe_value(value)}; put it in quotes if it is text")


def _non_blank(value: str) -> str:
    if not value.strip():
        raise _fail("blank", "must not be empty")
    return value


Text = Annotated[str, BeforeValidator(_strict_text), AfterValidator(_non_blank)]


def _non_blank_if_given(value: str | None) -> str | None:
    return None if value is None else _non_blank(value)


def _from_file(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("from_file"))


def _given_in_file(value: Any, info: ValidationInfo) -> Any:
    if value is None and _from_file(info):
        raise _fail("text", "is empty: write the value after the colon, or leave the key out")
    return value


# On an optional field: in a file, a key written with nothing after it is an error, not "none".
GIVEN_IN_FILE = BeforeValidator(_given_in_file)


def _optional_code(value: Any, info: ValidationInfo) -> str | None:
    return None if value is None and not _from_file(info) else _code_text(value)


def _optional_text(value: Any, info: ValidationInfo) -> str | None:
    return None if value is None and not _from_file(info) else _strict_text(value)


def _code_text(value: Any) -> str:
    """kode and NIP are identifiers made of digits: accept an unquoted number, keep it as text."""
    if isinstance(value, (bool, float)):
        raise _fail("code", f'expected a code such as "6709", got {describe_value(value)}; write it in quotes')
    if isinstance(value, int):
        return str(value)
    return _strict_text(value)


Code = Annotated[
    str,
    BeforeValidator(_code_text),
    AfterValidator(_non_blank),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]}),
]
# The optional fields below may be left out (their default, None, is not validated), but a key
# written with nothing after it is still an error ("is empty"): an unfinished line, not a choice.
OptionalCode = Annotated[
    str | None,
    BeforeValidator(_optional_code),
    AfterValidator(_non_blank_if_given),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]}),
]
# kegiatan may be left empty ("") while drafting; the rules module warns about it.
OptionalKegiatan = Annotated[str | None, BeforeValidator(_optional_text)]

# A number written as text ("95", "95 %", "87,5 persen"), matched after strip(): with
# whitespace allowed in only one place, a run of spaces cannot be tried several ways (the
# earlier `\s*(%|persen)?\s*$` took minutes over a target of 100,000 spaces and a letter).
_NUMERIC_TEXT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)\s*(?:%|persen)?$", re.IGNORECASE)


def _target(value: Any) -> int | float | str:
    """Numbers stay numbers; text is only for a target a number cannot say ("WTP", "Tersedia")."""
    if isinstance(value, bool):
        raise _fail("target", f"expected a number such as 95, got {describe_value(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        # YAML reads 1e400 as a float, which overflows to infinity: a typo, never a target.
        raise _fail("target", "the number is too large to be a target: check the digits")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        numeric = _NUMERIC_TEXT.match(value.strip())
        if numeric:
            number = numeric.group(1).replace(",", ".")
            if number.lstrip("+-").isdigit() and len(number) <= 20:
                number = str(int(number))  # "010" (kept as text by the loader) means 10
            raise _fail(
                "target",
                f"target {quoted(value)} is a number written as text: write `target: {number[:40]}`"
                " (the satuan defaults to %)",
            )
        return _non_blank(value)
    raise _fail("target", f"expected a number such as 95 or a short text, got {describe_value(value)}")


Target = Annotated[int | float | str, BeforeValidator(_target)]

# An id is one word: letters, digits, ".", "-" and "_" ("iku-1", "6709.1"), so that it reads the
# same in the realisasi file, in a diff and on a command line.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _id_text(value: str) -> str:
    if not _ID.match(value):
        raise _fail("code", f"id {quoted(value)} must be one word of letters, digits, '.', '-' or '_'")
    return value


Id = Annotated[
    str,
    BeforeValidator(_code_text),
    AfterValidator(_id_text),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": _ID.pattern}, {"type": "integer", "minimum": 0}]}),
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _tanggal(value: Any) -> dt.date:
    """A date, written YYYY-MM-DD and nothing else.

    date.fromisoformat alone is not enough: from Python 3.11 it also takes "20240125" and week
    dates, so a file would be valid on one Python and not on another.
    """
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _fail("tanggal", f"{quoted(value)} is not a date in the calendar") from None
    raise _fail("tanggal", f"expected a date written YYYY-MM-DD, e.g. 2024-01-25, got {describe_value(value)}")


Tanggal = Annotated[dt.date, BeforeValidator(_tanggal)]

# An RKT for tahun N is signed late in N-1 or during N (a revision); a signing date further away
# is a typo (2204 for 2024) and would print a wrong date on the document to sign.
MAX_SIGNING_YEARS_FROM_TAHUN = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _tambahan_value(value: Any) -> str | int | float:
    """A value of an extra column: text or a number, as the column's `jenis` will check."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _fail("tambahan", f"expected a text or a number, got {describe_value(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail("tambahan", "the number is too large: check the digits")
    if isinstance(value, str):
        return _non_blank(value)
    if isinstance(value, (int, float)):
        return value
    raise _fail("tambahan", f"expected a text or a number, got {describe_value(value)}")


TambahanValue = Annotated[str | int | float, BeforeValidator(_tambahan_value)]

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
            raise _fail("plt_plh", message)
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
                [{"type": _fail("program_or_sasaran", message), "loc": ("sasaran",), "input": None}],
            )
        if self.program is None and self.sasaran is None:
            message = "the document has no sasaran: write `program:` with its sasaran, or `sasaran:` alone"
            raise ValidationError.from_exception_data(
                type(self).__name__, [{"type": _fail("program_or_sasaran", message), "loc": (), "input": None}]
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
                errors.append(
                    {"type": _fail("kolom_tambahan", message), "loc": ("kolom_tambahan", name), "input": name}
                )
        for path, indikator in self._indikator_with_paths():
            for name, value in indikator.tambahan.items():
                column = self.kolom_tambahan.get(name)
                loc = (*path, "tambahan", name)
                if column is None:
                    errors.append(
                        {"type": _fail("tambahan", _undeclared(name, self.kolom_tambahan)), "loc": loc, "input": name}
                    )
                elif column.jenis == "angka" and isinstance(value, str):
                    message = f"column {name} is jenis angka: write a number, not {quoted(value)}"
                    errors.append({"type": _fail("tambahan", message), "loc": loc, "input": value})
                elif column.jenis == "teks" and not isinstance(value, str):
                    message = f"column {name} is jenis teks: put {value} in quotes (or declare the column jenis: angka)"
                    errors.append({"type": _fail("tambahan", message), "loc": loc, "input": value})
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
            errors.append({"type": _fail("tanggal", message), "loc": loc, "input": signer.tanggal.isoformat()})
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
