"""formatting.py writes whole numbers, shares and dates without Babel (to start fast); these
tests hold it to what Babel writes, so a rendered DOCX or summary stays byte-identical."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent
from hypothesis import example, given
from hypothesis import strategies as st

from rkt_cli.formatting import THOUSANDS_SEPARATORS, format_number, format_percent, format_tanggal

# Babel's own precision (28 digits) is the bound: beyond it Babel raises instead of formatting.
BABEL_INTEGERS = st.integers(min_value=-(10**24), max_value=10**24)


def babel_number(value: float, separator: str) -> str:
    """format_number as it was written with Babel alone."""
    text: str = format_decimal(value, locale={",": "en_US"}.get(separator, "id_ID"), group_separator=True)
    return text.replace(".", separator) if separator in (" ", "") else text


@given(BABEL_INTEGERS, st.sampled_from(THOUSANDS_SEPARATORS))
@example(0, ".")
@example(-1_000, ".")
@example(23_142_485_000, ",")
def test_whole_numbers_are_grouped_as_babel_groups_them(value: int, separator: str) -> None:
    assert format_number(value, separator) == babel_number(value, separator)


@pytest.mark.parametrize("value", [0.5, 87.5, 1234.5678, -1234.5, 1e20])
@pytest.mark.parametrize("separator", THOUSANDS_SEPARATORS)
def test_fractions_still_follow_babel(value: float, separator: str) -> None:
    assert format_number(value, separator) == babel_number(value, separator)


@given(
    st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        st.integers(min_value=0, max_value=10_000).map(lambda n: n / 10_000),  # shares of a total
    ),
    st.integers(min_value=0, max_value=3),
)
@example(0.0355, 1)  # 3.55 rounds half to even from the shortest text, not from the binary float
@example(0.00065, 1)
@example(-0.0, 1)
@example(0.125, 2)
def test_shares_are_rounded_and_written_as_babel_writes_them(fraction: float, decimals: int) -> None:
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    assert format_percent(fraction, decimals) == babel_percent(fraction, format=pattern, locale="id_ID")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_share_that_is_not_a_number_is_written_as_babel_writes_it(value: float) -> None:
    assert format_percent(value) == babel_percent(value, format="#,##0.0%", locale="id_ID")


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@example(dt.date(2024, 1, 25))
def test_dates_read_as_babel_writes_them_in_indonesian(date: dt.date) -> None:
    assert format_tanggal(date) == format_date(date, "d MMMM y", locale="id")
