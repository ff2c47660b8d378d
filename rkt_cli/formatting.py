"""Indonesian presentation of numbers, money and dates, through Babel and num2words.

Imported only by commands that present data (summary, render), never by validate: Babel and
num2words cost start-up time that CI runs of `rkt validate` should not pay.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.numbers import format_percent as format_percent_babel
from num2words import num2words

# Babel knows the Indonesian and English conventions; a template chooses by its separator.
_LOCALE_BY_SEPARATOR = {".": "id_ID", ",": "en_US"}
THOUSANDS_SEPARATORS = (".", ",", " ", "")
# Beyond the triliun range num2words' Indonesian scale words (kuadriliun, "kuantiliun") are not
# ones an office would sign under; no satker budget comes near 10^15 rupiah.
TERBILANG_MAX = 10**15 - 1


def format_number(value: int | float, thousands_separator: str = ".") -> str:
    """822654000 -> "822.654.000" (or "822,654,000" with ","). Decimals follow the locale."""
    if thousands_separator not in THOUSANDS_SEPARATORS:
        raise ValueError(f"thousands separator must be one of {THOUSANDS_SEPARATORS!r}, not {thousands_separator!r}")
    locale = _LOCALE_BY_SEPARATOR.get(thousands_separator, "id_ID")
    text: str = format_decimal(value, locale=locale, group_separator=True)
    if thousands_separator in (" ", ""):
        text = text.replace(".", thousands_separator)
    return text


def format_rupiah(amount: int, thousands_separator: str = ".", prefix: str = "Rp ") -> str:
    """23142485000 -> "Rp 23.142.485.000"."""
    return prefix + format_number(amount, thousands_separator)


def format_target(target: int | float | str, decimal_separator: str = ",") -> str:
    """95 -> "95"; 87.5 -> "87,5" (Indonesian decimal comma by default); text stays as written."""
    if isinstance(target, str):
        return target
    if isinstance(target, float) and target.is_integer():
        return str(int(target))
    text = repr(target) if isinstance(target, float) else str(target)
    return text.replace(".", decimal_separator)


def format_percent(fraction: float, decimals: int = 1) -> str:
    """0.7619 -> "76,2%": a share of a total, with the Indonesian decimal comma."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    text: str = format_percent_babel(fraction, format=pattern, locale="id_ID")
    return text


def format_tanggal(date: dt.date) -> str:
    """2024-01-25 -> "25 Januari 2024"."""
    result: str = format_date(date, "d MMMM y", locale="id")
    return result


def terbilang(amount: int) -> str:
    """The amount in Indonesian words: 1000 -> "seribu", 23142485000 -> "dua puluh tiga miliar …"."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"terbilang takes a whole, non-negative number, not {amount!r}")
    if amount > TERBILANG_MAX:
        raise ValueError(f"terbilang goes up to {TERBILANG_MAX:,} (triliun), not {amount:,}")
    # num2words 0.5.14 says 1.001.000 is "satu juta satu ribu"; Indonesian says "satu juta seribu",
    # as it does for 1.000 alone. Spelling the millions and the rest separately gets every case
    # right, because Indonesian number words are built group by group.
    millions, rest = divmod(amount, 1_000_000)
    if millions == 0 or rest == 0:
        words: str = num2words(amount, lang="id")
    else:
        words = f"{num2words(millions * 1_000_000, lang='id')} {num2words(rest, lang='id')}"
    return " ".join(words.split())


def terbilang_rupiah(amount: int) -> str:
    """23142485000 -> "dua puluh tiga miliar … lima ribu rupiah"."""
    return f"{terbilang(amount)} rupiah"
