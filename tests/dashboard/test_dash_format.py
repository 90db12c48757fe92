"""Swedish number formatting (dashboard/format.py)."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from views.format import (
    MINUS,
    NBSP,
    fmt_date,
    fmt_delta,
    fmt_number,
    fmt_percent,
    fmt_rank,
    fmt_value,
    original_source,
)


def plain(text: str) -> str:
    """Non-breaking spaces and the minus sign as ordinary characters, for readable expectations."""
    return text.replace(NBSP, " ").replace(MINUS, "-")


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234, 0, "1 234"),
    (1234.56, 1, "1 234,6"),
    (1234567.891, 2, "1 234 567,89"),
    (12.34, 1, "12,3"),
    (0, 0, "0"),
    (-1234.5, 1, "-1 234,5"),
    (-0.04, 1, "0,0"),   # rounds to zero: no minus sign
    (999.96, 1, "1 000,0"),
])
def test_fmt_number(value, decimals, expected):
    assert plain(fmt_number(value, decimals)) == expected


def test_thousands_separator_is_non_breaking():
    assert fmt_number(1234) == f"1{NBSP}234"
    assert fmt_percent(12.34) == f"12,3{NBSP}%"


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (12.34, "percent", "12,3 %"),
    (345.6, "per_100k", "346 per 100 000"),
    (23.45, "days", "23,4 dagar"),
    (1234, "count", "1 234"),
    (None, "percent", "–"),
    (float("nan"), "percent", "–"),
])
def test_fmt_value(value, unit, expected):
    assert plain(fmt_value(value, unit)) == expected


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (1.23, "percent", "+1,2 procentenheter"),
    (-3.0, "per_100k", "-3 per 100 000"),
    (0.01, "percent", "±0,0 procentenheter"),
    (None, "days", "–"),
])
def test_fmt_delta(value, unit, expected):
    assert plain(fmt_delta(value, unit)) == expected


def test_negative_numbers_use_the_minus_sign():
    assert fmt_number(-5) == f"{MINUS}5"


def test_rank_and_dates():
    assert plain(fmt_rank(3, 16)) == "3 av 16"
    assert fmt_rank(None, 16) == "–"
    assert fmt_date(date(2027, 3, 1)) == "2027-03-01"
    assert fmt_date(datetime(2026, 11, 23, 18, 5)) == "2026-11-23"
    assert fmt_date("2026-11-23T18:21:06") == "2026-11-23"
    assert fmt_date(None) == "–"


def test_original_source_is_taken_from_the_description():
    text = "Antal elever ... Mått 16A i KKiK. Källa: Skolverket och SCB."
    assert original_source(text) == "Skolverket och SCB"
    assert original_source("Ingen källa här.") is None
    assert original_source(None) is None


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_formatted_number_parses_back(value, decimals):
    text = fmt_number(value, decimals).replace(NBSP, "").replace(MINUS, "-").replace(",", ".")
    assert float(text) == pytest.approx(round(value, decimals), abs=10 ** -decimals)


def test_fmt_delta_without_unit():
    assert plain(fmt_delta(16.61, "percent", with_unit=False)) == "+16,6"
    assert plain(fmt_delta(-110.4, "per_100k", with_unit=False)) == "-110"
