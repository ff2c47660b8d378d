"""Values inside cells: kode after a name, rupiah amounts, targets, places and dates, NIP."""

from __future__ import annotations

import datetime as dt
import math
import re

from pydantic_core import PydanticCustomError

from rkt_cli.model_values import MAX_RUPIAH, parse_rupiah

# The kode in brackets at the end of a name: "Pembentukan Badan Adhoc (6867)". The brackets are
# found with rfind and only their inside is matched: the pattern `^(.*?)\s*\(…\)\s*$` took
# minutes on a name with a long run of spaces (each lazy step re-scanned the run).
_KODE_IN_BRACKETS = re.compile(r"\s*(?P<kode>\d[0-9A-Za-z]*(?:[.\-/][0-9A-Za-z]+)*)\s*")
_KODE_AT_START = re.compile(
    r"^\(?(?P<kode>\d{4}(?:\.[0-9A-Z]+)*)\)?(?:\s*[-–:.])?\s+(?P<nama>\S.*)$",
    re.DOTALL,
)


def split_kode(text: str) -> tuple[str, str | None]:
    """ "Pembentukan Badan Adhoc (6867)" -> ("Pembentukan Badan Adhoc", "6867"); also "6867 - nama"."""
    stripped = text.rstrip()
    opening = stripped.rfind("(")
    if stripped.endswith(")") and opening >= 0:
        inside = _KODE_IN_BRACKETS.fullmatch(stripped, opening + 1, len(stripped) - 1)
        nama = stripped[:opening].strip()
        if inside and nama:
            return nama, inside.group("kode")
    match = _KODE_AT_START.match(text)
    if match:
        return match.group("nama").strip(), match.group("kode")
    return text, None


# What offices write around an amount beyond the YAML's own forms (rkt_cli.model.parse_rupiah,
# the one rupiah grammar): "IDR", a trailing ",-", zero cents (",00"), spaces between the groups.
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_SPACED_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+")


def parse_anggaran(text: str) -> int | None:
    """ "822,654,000", "822.654.000", "Rp 822.654.000,-", "822654000" -> 822654000; None when not money.

    The office's extras are taken off, then the model's grammar decides. Cents are accepted only
    when zero ("822.654.000,00"): anggaran is whole rupiah.
    """
    value = _CURRENCY.sub("", text.replace("\xa0", " ").strip(), count=1)
    value = _without_trailing_dash(value)
    if _SPACED_GROUPS.fullmatch(value):
        value = value.replace(" ", "")
    whole = _without_zero_cents(value)
    if whole is None:
        return None
    try:
        return parse_rupiah(whole)
    except PydanticCustomError:
        digits = whole.replace(".", "").replace(",", "")
        if digits.isdigit() and len(digits) > len(str(MAX_RUPIAH)):
            # Past the whole state budget: an amount all the same, which the model then refuses
            # at its row (as when typed into the YAML). 40 digits say it as well as 4,000.
            return int(digits[:40])
        return None


def _without_zero_cents(value: str) -> str | None:
    """ "822.654.000,00" -> "822.654.000"; None for cents that are not zero ("822.654.000,50")."""
    mark = max(value.rfind("."), value.rfind(","))
    cents = value[mark + 1 :]
    if mark < 0 or len(cents) > 2 or not cents.isdigit():
        return value  # no decimal part: a group of three digits, or no separator at all
    whole = value[:mark]
    if int(cents) != 0 or value[mark] in whole:
        return None
    return whole


def _without_trailing_dash(value: str) -> str:
    r""" "822.654.000,-" -> "822.654.000": the dash offices write after an amount, and its space or mark.

    By hand rather than re.sub(r"\s*[.,]?\s*-+$", …): that pattern backtracks cubically over a
    long run of spaces (3,000 spaces in one anggaran cell took 45 s to import).
    """
    value = value.rstrip()
    if not value.endswith("-"):
        return value
    value = value.rstrip("-").rstrip()
    if value.endswith((".", ",")):
        value = value[:-1].rstrip()
    return value


_TARGET = re.compile(r"^(?P<number>\d+(?:[.,]\d+)*)\s*(?P<unit>%|persen|percent)?$", re.IGNORECASE)
_TARGET_WITH_UNIT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s+(?P<unit>[^\W\d_][^\d]{0,39})$")


def _number(text: str) -> int | float | None:
    """Indonesian style: a comma is the decimal mark; dots between groups of three are thousands."""
    if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", text):
        return int(text.replace(".", ""))
    if text.count(",") + text.count(".") > 1:
        return None
    value = float(text.replace(",", "."))
    if not math.isfinite(value):  # 400 nines are no target; "inf" would be written as the text inf
        return None
    return int(value) if value.is_integer() else value


def parse_target(text: str) -> tuple[int | float | str, str | None]:
    """(target, satuan): "95", "95%", "98 %" -> (95, None) meaning percent; "4 dokumen" -> (4, "dokumen")."""
    value = " ".join(text.split())
    match = _TARGET.match(value)
    if match:
        number = _number(match.group("number"))
        if number is not None:
            return number, None
    match = _TARGET_WITH_UNIT.match(value)
    if match:
        number = _number(match.group("number"))
        unit = match.group("unit").strip()
        if number is not None and unit.lower() not in ("persen", "percent"):
            return number, unit
    return value, None


# Indonesian month names, with the old spellings still seen in offices; checked against Babel's
# "id" locale in the tests (we keep our own table so that importing needs no locale data).
_MONTH_SPELLINGS = (
    "januari jan",
    "februari pebruari feb peb",
    "maret mar",
    "april apr",
    "mei",
    "juni jun",
    "juli jul",
    "agustus agust agu agt ags",
    "september sept sep",
    "oktober okt",
    "november nopember nov nop",
    "desember des",
)
MONTHS = {word: number for number, words in enumerate(_MONTH_SPELLINGS, start=1) for word in words.split()}

_PLACE_DATE = re.compile(
    r"^(?P<tempat>[^\d,][^,]*?)\s*,\s*(?P<day>\d{1,2})?\s*(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})\s*$"
)


def parse_tempat_tanggal(text: str) -> tuple[str, dt.date | None, int | None] | None:
    """ "Prabumulih, 25 Januari 2024" -> ("Prabumulih", date(2024, 1, 25), 2024); None if not that shape.

    A line whose day is left blank for signing ("Prabumulih,     Januari 2024") gives no date but a year.
    """
    match = _PLACE_DATE.match(" ".join(text.split()))
    if not match or match.group("month").lower() not in MONTHS:
        return None
    year = int(match.group("year"))
    month = MONTHS[match.group("month").lower()]
    date: dt.date | None = None
    if match.group("day"):
        try:
            date = dt.date(year, month, int(match.group("day")))
        except ValueError:
            date = None
    return match.group("tempat").strip(), date, year


def parse_date_only(text: str) -> dt.date | None:
    """ "25 Januari 2024" (a signature date without a place)."""
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
    if not match or match.group(2).lower() not in MONTHS:
        return None
    try:
        return dt.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


NIP = re.compile(r"^NIP\s*\.?\s*:?\s*(?P<nip>[\d ]{8,})$", re.IGNORECASE)
