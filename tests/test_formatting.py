"""Indonesian numbers, money, percentages, dates and terbilang (rkt_cli/formatting.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from rkt_cli.formatting import (
    TERBILANG_MAX,
    format_number,
    format_percent,
    format_rupiah,
    format_tanggal,
    format_target,
    terbilang,
    terbilang_rupiah,
)

REFERENCE_TOTAL = 23_142_485_000


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (100, "seratus"),
        (1_000, "seribu"),
        (1_001, "seribu satu"),
        (21_000, "dua puluh satu ribu"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (1_001_985, "satu juta seribu sembilan ratus delapan puluh lima"),
        (1_001_000_000, "satu miliar satu juta"),
        (1_000_001_000, "satu miliar seribu"),
        (10**12, "satu triliun"),
        (
            REFERENCE_TOTAL,
            "dua puluh tiga miliar seratus empat puluh dua juta empat ratus delapan puluh lima ribu",
        ),
    ],
)
def test_terbilang_edge_cases(amount: int, words: str) -> None:
    assert terbilang(amount) == words


def test_terbilang_rupiah_of_the_reference_total() -> None:
    assert terbilang_rupiah(REFERENCE_TOTAL) == (
        "dua puluh tiga miliar seratus empat puluh dua juta empat ratus delapan puluh lima ribu rupiah"
    )


@pytest.mark.parametrize("bad", [-1, 1.5, True, "1000", TERBILANG_MAX + 1])
def test_terbilang_rejects_what_is_not_a_whole_amount_in_range(bad: object) -> None:
    with pytest.raises(ValueError):
        terbilang(bad)  # type: ignore[arg-type]


# An independent reader of Indonesian number words, so that the round trip below checks
# terbilang against the language rather than against num2words.
_DIGIT_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_DIGITS = {word: value for value, word in enumerate(_DIGIT_WORDS)}
_SCALES = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}


def read_terbilang(words: str) -> int:
    total = group = last = 0
    for word in words.split():
        if word in _DIGITS:
            last = _DIGITS[word]
            group += last
        elif word == "sepuluh":
            group, last = group + 10, 0
        elif word == "sebelas":
            group, last = group + 11, 0
        elif word == "belas":
            group, last = group + 10, 0
        elif word == "puluh":
            group, last = group - last + last * 10, 0
        elif word == "ratus":
            group, last = group - last + last * 100, 0
        elif word == "seratus":
            group, last = group + 100, 0
        elif word == "seribu":
            total, group, last = total + group + 1000, 0, 0
        elif word in _SCALES:
            total, group, last = total + group * _SCALES[word], 0, 0
        else:
            raise AssertionError(f"unexpected word {word!r} in {words!r}")
    return total + group


@given(st.integers(min_value=0, max_value=TERBILANG_MAX))
def test_terbilang_reads_back_to_the_same_number(amount: int) -> None:
    assert read_terbilang(terbilang(amount)) == amount


@given(st.integers(min_value=0, max_value=TERBILANG_MAX))
def test_a_thousand_is_always_seribu(amount: int) -> None:
    # "satu ribu" is only right inside a bigger number of thousands ("dua puluh satu ribu").
    assert not re.search(r"(^|juta |miliar |triliun )satu ribu", terbilang(amount))


@given(st.integers(min_value=0, max_value=TERBILANG_MAX))
def test_terbilang_follows_num2words_except_for_seribu(amount: int) -> None:
    expected = num2words(amount, lang="id")
    if (amount // 1000) % 1000 == 1 and amount >= 1_000_000:
        expected = re.sub(r"satu ribu", "seribu", expected)
    assert terbilang(amount) == " ".join(expected.split())


@pytest.mark.parametrize(
    ("value", "separator", "text"),
    [
        (0, ".", "0"),
        (822_654_000, ".", "822.654.000"),
        (822_654_000, ",", "822,654,000"),
        (822_654_000, " ", "822 654 000"),
        (822_654_000, "", "822654000"),
        (REFERENCE_TOTAL, ".", "23.142.485.000"),
    ],
)
def test_format_number(value: int, separator: str, text: str) -> None:
    assert format_number(value, separator) == text


def test_format_number_rejects_an_unknown_separator() -> None:
    with pytest.raises(ValueError, match="thousands separator"):
        format_number(1000, "_")


def test_format_rupiah() -> None:
    assert format_rupiah(REFERENCE_TOTAL) == "Rp 23.142.485.000"
    assert format_rupiah(17_632_649_000) == "Rp 17.632.649.000"
    assert format_rupiah(0) == "Rp 0"


@pytest.mark.parametrize(
    ("fraction", "text"),
    [(0.7619, "76,2%"), (1.0, "100,0%"), (0.0, "0,0%"), (0.0355, "3,6%"), (0.00065, "0,1%")],
)
def test_format_percent_uses_the_decimal_comma(fraction: float, text: str) -> None:
    assert format_percent(fraction) == text


def test_format_target() -> None:
    assert format_target(95) == "95"
    assert format_target(95.0) == "95"
    assert format_target(87.5) == "87,5"
    assert format_target("WTP") == "WTP"


def test_format_tanggal_in_indonesian() -> None:
    assert format_tanggal(dt.date(2024, 1, 25)) == "25 Januari 2024"
    assert format_tanggal(dt.date(2024, 8, 17)) == "17 Agustus 2024"
