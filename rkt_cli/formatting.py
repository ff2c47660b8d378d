"""Indonesian presentation of numbers, money, percentages, dates and amounts in words.

Whole numbers, percentages and dates are formatted here in plain Python: grouping digits is
one f-string, rounding a share is one Decimal.quantize, and the Indonesian months are a
12-word table. Babel (its locale data alone takes tens of milliseconds to load) is imported
only for a fractional number, and num2words only when an amount is spelled out (terbilang),
so `rkt render` of an ordinary RKT starts without either. The results are the same as
Babel's and num2words' (tests/test_formatting.py compares them).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

# A template chooses the thousands separator; "." is Indonesian, "," English, " " and "" plain.
THOUSANDS_SEPARATORS = (".", ",", " ", "")
# Babel's locale for a fractional number under each separator (see _format_fraction).
_LOCALE_BY_SEPARATOR = {".": "id_ID", ",": "en_US"}
# Beyond the triliun range num2words' Indonesian scale words (kuadriliun, "kuantiliun") are not
# ones an office would sign under; no satker budget comes near 10^15 rupiah.
TERBILANG_MAX = 10**15 - 1
# CLDR's Indonesian month names (Babel's format "MMMM" for locale "id").
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_number(value: int | float, thousands_separator: str = ".") -> str:
    """822654000 -> "822.654.000" (or "822,654,000" with ","). Decimals follow the locale."""
    if thousands_separator not in THOUSANDS_SEPARATORS:
        raise ValueError(f"thousands separator must be one of {THOUSANDS_SEPARATORS!r}, not {thousands_separator!r}")
    if type(value) is int:  # every amount of an RKT: whole rupiah
        return f"{value:,}".replace(",", thousands_separator)
    return _format_fraction(value, thousands_separator)


def _format_fraction(value: float, thousands_separator: str) -> str:
    """A number that is not a plain int, through Babel: its rounding of decimals is kept."""
    from babel.numbers import format_decimal

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
    """0.7619 -> "76,2%": a share of a total, with the Indonesian decimal comma.

    As Babel's format_percent(fraction, "#,##0.0%", locale="id_ID"): the number is read through
    its shortest text (0.0355 is 3.55%, not 3.5499…%), rounded half to even, grouped with "."."""
    value = Decimal(str(fraction)).scaleb(2)
    if not value.is_finite():
        return _format_percent_babel(fraction, decimals)
    rounded = abs(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    whole, _, decimal_digits = f"{rounded:f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".") + ("," + decimal_digits if decimals > 0 else "")
    return ("-" if value.is_signed() else "") + text + "%"


def _format_percent_babel(fraction: float, decimals: int) -> str:
    """NaN and infinity, which no share of a real total is, as Babel writes them."""
    from babel.numbers import format_percent as format_percent_babel

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    text: str = format_percent_babel(fraction, format=pattern, locale="id_ID")
    return text


def format_tanggal(date: dt.date) -> str:
    """2024-01-25 -> "25 Januari 2024"."""
    return f"{date.day} {BULAN[date.month - 1]} {date.year}"


def terbilang(amount: int) -> str:
    """The amount in Indonesian words: 1000 -> "seribu", 23142485000 -> "dua puluh tiga miliar …"."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"terbilang takes a whole, non-negative number, not {amount!r}")
    if amount > TERBILANG_MAX:
        raise ValueError(f"terbilang goes up to {TERBILANG_MAX:,} (triliun), not {amount:,}")
    # num2words imports every language it knows: loaded here, where words are wanted, only.
    from num2words import num2words

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
