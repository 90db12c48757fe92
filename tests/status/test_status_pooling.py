"""Pooled years for small areas (issue 19 item 3): when a row is pooled, how a pool is computed, and what the status
row then says (the window, the pooled value and interval, Riket pooled over the same years)."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from status_helpers import POPULATION_KPI, kpi_frame, make_catalogue, make_indicator, observations

from indicators.compute import compute_status_tables
from indicators.pooling import (
    cadence,
    period_label,
    pool_reference,
    pool_series,
    pool_years,
    pooled_uncertainty,
    should_pool,
)
from indicators.uncertainty import Uncertainty

SMALL, LARGE = "1715", "1780"


def flat(level: float, years=range(2015, 2025)) -> list[tuple[int, float]]:
    return [(y, level) for y in years]


def share_of(people: float) -> Uncertainty:
    return Uncertainty("wilson", population={y: people for y in range(2010, 2030)})


def rate_of(people: float) -> Uncertainty:
    return Uncertainty("byar", population={y: people for y in range(2010, 2030)})


# --- the rule -------------------------------------------------------------------------------------------------

def test_the_rule_pools_where_one_year_is_less_precise_than_the_meaningful_change(method) -> None:
    # a share of 25 %: one year's SE is √(0,25·0,75/n) × 100 points, the meaningful change 1 point a year
    assert should_pool(flat(25.0), "percent", 1, share_of(1_800), method)
    assert not should_pool(flat(25.0), "percent", 1, share_of(1_900), method)
    # a rate: one year's relative SE is 1/√events, the meaningful change 5 % of the level
    assert should_pool(flat(600.0), "per_100k", 1, rate_of(4_000), method)        # 24 events a year
    assert not should_pool(flat(600.0), "per_100k", 1, rate_of(96_000), method)   # 576 events a year


def test_the_doc_figures_of_the_rule(method) -> None:
    """docs/method.md: 'för en andel på 25 % färre än ungefär 1 900 personer …, för ett antal färre än ungefär 400
    händelser om året' (at se_over_meaningful = 1)."""
    cal, ratio = method.calibration, method.pooling.se_over_meaningful
    people = 0.25 * 0.75 * (100 / (ratio * cal.meaningful_points_per_year)) ** 2
    events = 1 / (ratio * cal.meaningful_relative_per_year) ** 2
    assert round(people, -2) == 1_900 and round(events) == 400
    assert "färre än ungefär 1 900 personer" in _doc() and "färre än ungefär\n  400 händelser om året" in _doc()


def _doc() -> str:
    from indicators.method import DOC_PATH
    return DOC_PATH.read_text(encoding="utf-8")


def test_sources_that_do_not_count_numerators_are_never_pooled(method) -> None:
    small = flat(25.0)
    assert not should_pool(small, "percent", 3, share_of(100), method)   # the source's own 3-year averages
    for source in ("kolada", "published", "series", "none"):
        assert not should_pool(small, "percent", 1, Uncertainty(source, half_widths={2024: 9.0}, series_sd=5.0,
                                                               bounds={2024: (10.0, 40.0)}), method)


@given(st.floats(min_value=1.0, max_value=99.0), st.floats(min_value=20, max_value=50_000),
       st.floats(min_value=1.0, max_value=20.0))
@settings(deadline=None)
def test_more_people_never_turn_pooling_on_and_a_complement_pools_alike(method, level, people, factor) -> None:
    share = flat(level)
    complement = flat(100.0 - level)
    assert should_pool(share, "percent", 1, share_of(people), method) == should_pool(
        complement, "percent", 1, share_of(people), method)
    if not should_pool(share, "percent", 1, share_of(people), method):
        assert not should_pool(share, "percent", 1, share_of(people * factor), method)
    rate = flat(level * 10)
    if not should_pool(rate, "per_100k", 1, rate_of(people), method):
        assert not should_pool(rate, "per_100k", 1, rate_of(people * factor), method)


@given(st.lists(st.floats(min_value=1.0, max_value=99.0), min_size=2, max_size=10),
       st.floats(min_value=1.0, max_value=99.0), st.floats(min_value=20, max_value=20_000))
@settings(deadline=None)
def test_the_latest_value_never_decides_whether_a_row_is_pooled(method, values, latest, people) -> None:
    points = [(2014 + i, v) for i, v in enumerate(values)]
    moved = [*points[:-1], (points[-1][0], latest)]
    assert should_pool(points, "percent", 1, share_of(people), method) == should_pool(
        moved, "percent", 1, share_of(people), method)


# --- the pool -------------------------------------------------------------------------------------------------

def test_a_pool_is_the_pooled_numerator_over_the_pooled_denominator() -> None:
    points = [(2022, 10.0), (2023, 20.0), (2024, 40.0)]
    population = {2022: 100.0, 2023: 100.0, 2024: 200.0}
    # (10·100 + 20·100 + 40·200) / 400 = 27,5
    assert pool_series(points, population, 3) == [(2024, pytest.approx(27.5))]


def test_a_window_with_a_missing_year_is_not_a_pool() -> None:
    points = [(2019, 1.0), (2020, 2.0), (2021, 3.0), (2023, 4.0), (2024, 5.0)]
    assert [y for y, _ in pool_series(points, {}, 3)] == [2021]


def test_a_series_measured_every_other_year_pools_its_last_two_rounds() -> None:
    points = [(2019, 60.0), (2021, 70.0), (2023, 80.0)]
    assert cadence(points) == 2 and pool_years(2023, 3, 2) == [2021, 2023]
    assert pool_series(points, {}, 3, 2) == [(2021, 65.0), (2023, 75.0)]
    assert period_label(2023, 3, 2) == "2021-2023" and period_label(2024, 3) == "2022-2024"


def test_a_pool_sums_n_and_averages_the_real_variation() -> None:
    unc = Uncertainty("wilson", population={2022: 100.0, 2023: 120.0, 2024: 140.0}, extra=3.0)
    pooled = pooled_uncertainty(unc, 3)
    assert pooled.population[2024] == pytest.approx(360.0)
    assert pooled.extra == pytest.approx(3.0 / math.sqrt(3))
    assert pool_reference({2022: 1.0, 2023: 2.0, 2024: 6.0}, 3) == {2024: 3.0}


# --- through the build ----------------------------------------------------------------------------------------

def _tables(method, values: list[float], people: dict[str, float], riket: float = 80.0) -> dict:
    ind = make_indicator("andel", "N00001")
    years = range(2015, 2015 + len(values))
    rows = [("N00001", area, y, "T", v) for area in people for y, v in zip(years, values, strict=True)]
    rows += [("N00001", "0000", y, "T", riket) for y in years]
    rows += [(POPULATION_KPI, area, y, "T", n) for area, n in people.items() for y in years]
    return compute_status_tables(observations(rows), kpi_frame({"N00001": False}), make_catalogue([ind]), method)


def _row(tables: dict, area: str) -> dict:
    return tables["status"].filter((pl.col("area_id") == area) & (pl.col("gender") == "T")).row(0, named=True)


def test_a_small_municipality_is_judged_on_its_latest_three_years(method) -> None:
    # 1 000 inhabitants: 2022–2024 at 70, 80, 60 % pool to 70 %; 2024 alone (60 %) would be far below Riket's 80
    values = [80.0] * 7 + [70.0, 80.0, 60.0]
    row = _row(_tables(method, values, {SMALL: 1_000.0, LARGE: 100_000.0}), SMALL)
    assert (row["latest_year"], row["latest_period"]) == (2024, "2022-2024")
    assert row["latest_value"] == pytest.approx(70.0) and row["riket_value"] == pytest.approx(80.0)
    assert row["ci_low"] < 70.0 < row["ci_high"]
    assert "70,0 % åren 2022–2024" in row["explanation"]
    assert row["vs_riket"] == "worse"  # 3 000 person-years: 70 % against 80 % is beyond the pool's interval


def test_a_large_municipality_keeps_its_annual_value(method) -> None:
    values = [80.0] * 7 + [70.0, 80.0, 60.0]
    row = _row(_tables(method, values, {SMALL: 1_000.0, LARGE: 100_000.0}), LARGE)
    assert (row["latest_value"], row["latest_period"]) == (60.0, None)


def test_pooling_narrows_the_interval_a_small_municipality_is_judged_by(method, annual_method) -> None:
    values = [80.0] * 10
    pooled = _row(_tables(method, values, {SMALL: 1_000.0}), SMALL)
    annual = _row(_tables(annual_method, values, {SMALL: 1_000.0}), SMALL)
    assert pooled["latest_period"] == "2022-2024" and annual["latest_period"] is None
    assert pooled["ci_high"] - pooled["ci_low"] < 0.6 * (annual["ci_high"] - annual["ci_low"])
