"""The value types of the RKT model: rupiah, text, codes, targets, ids, dates, extra-column values.

Each is an Annotated type with the validator that reads it from YAML and says, in one line, what
is wrong and how to write it instead. rkt_cli.model builds the document's models from them.
Money is an int number of rupiah, never a float.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema
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


def fail(kind: str, message: str) -> PydanticCustomError:
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
    return fail("rupiah", f"{describe_value(value)} is more than the whole state budget: check the digits")


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
        raise fail("rupiah", f"anggaran cannot be negative ({quoted(value)})")
    cents = _ZERO_CENTS.match(text)
    if cents and (_GROUPED_RUPIAH.match(cents.group(1)) or _PLAIN_RUPIAH.match(cents.group(1))):
        whole = _rupiah_text(cents.group(1))
        raise fail("rupiah", f"{quoted(value)} has cents, but anggaran is whole rupiah: write {whole}")
    raise fail("rupiah", f"{quoted(value)} is not an amount in rupiah; " + RUPIAH_HELP)


def parse_rupiah(value: Any) -> int:
    """Whole rupiah, from an int or a text in one documented form; never a float or negative.

    Accepted: 822654000; "822654000"; "822.654.000"; "822,654,000"; any of these after "Rp" or
    "Rp." (with or without a space). Rejected: floats (822.654 is a decimal number in YAML),
    booleans, negatives, mixed separators ("822.654,000"), groups other than three digits
    ("822.65.000") and leading zeros ("0822").
    """
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise fail("rupiah", f"expected an amount in rupiah, got {describe_value(value)}; " + RUPIAH_HELP)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        raise fail("rupiah", f"{value} is read as a decimal number, but anggaran is whole rupiah; " + RUPIAH_HELP)
    elif isinstance(value, str):
        amount = _rupiah_text(value)
    else:
        raise fail("rupiah", "expected an amount in rupiah; " + RUPIAH_HELP)
    if amount < 0:
        raise fail("rupiah", f"anggaran cannot be negative ({amount})")
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
        raise fail("text", "is empty: write the text after the colon")
    if isinstance(value, (dict, list)):
        raise fail("text", f"expected text, got {describe_value(value)}")
    raise fail("text", f"expected text, got {describe_value(value)}; put it in quotes if it is text")


def _non_blank(value: str) -> str:
    if not value.strip():
        raise fail("blank", "must not be empty")
    return value


Text = Annotated[str, BeforeValidator(_strict_text), AfterValidator(_non_blank)]


def _non_blank_if_given(value: str | None) -> str | None:
    return None if value is None else _non_blank(value)


def _from_file(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("from_file"))


def _given_in_file(value: Any, info: ValidationInfo) -> Any:
    if value is None and _from_file(info):
        raise fail("text", "is empty: write the value after the colon, or leave the key out")
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
        raise fail("code", f'expected a code such as "6709", got {describe_value(value)}; write it in quotes')
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
        raise fail("target", f"expected a number such as 95, got {describe_value(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        # YAML reads 1e400 as a float, which overflows to infinity: a typo, never a target.
        raise fail("target", "the number is too large to be a target: check the digits")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        numeric = _NUMERIC_TEXT.match(value.strip())
        if numeric:
            number = numeric.group(1).replace(",", ".")
            if number.lstrip("+-").isdigit() and len(number) <= 20:
                number = str(int(number))  # "010" (kept as text by the loader) means 10
            raise fail(
                "target",
                f"target {quoted(value)} is a number written as text: write `target: {number[:40]}`"
                " (the satuan defaults to %)",
            )
        return _non_blank(value)
    raise fail("target", f"expected a number such as 95 or a short text, got {describe_value(value)}")


Target = Annotated[int | float | str, BeforeValidator(_target)]

# An id is one word: letters, digits, ".", "-" and "_" ("iku-1", "6709.1"), so that it reads the
# same in the realisasi file, in a diff and on a command line.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _id_text(value: str) -> str:
    if not _ID.match(value):
        raise fail("code", f"id {quoted(value)} must be one word of letters, digits, '.', '-' or '_'")
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
            raise fail("tanggal", f"{quoted(value)} is not a date in the calendar") from None
    raise fail("tanggal", f"expected a date written YYYY-MM-DD, e.g. 2024-01-25, got {describe_value(value)}")


Tanggal = Annotated[dt.date, BeforeValidator(_tanggal)]


def _tambahan_value(value: Any) -> str | int | float:
    """A value of an extra column: text or a number, as the column's `jenis` will check."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise fail("tambahan", f"expected a text or a number, got {describe_value(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise fail("tambahan", "the number is too large: check the digits")
    if isinstance(value, str):
        return _non_blank(value)
    if isinstance(value, (int, float)):
        return value
    raise fail("tambahan", f"expected a text or a number, got {describe_value(value)}")


TambahanValue = Annotated[str | int | float, BeforeValidator(_tambahan_value)]
