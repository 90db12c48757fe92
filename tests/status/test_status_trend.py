"""Trend over calendar years: a window from method.yaml, non-overlapping years for averages, and a stable band in
the indicator's own units or from its uncertainty."""

from __future__ import annotations

import pytest
from status_helpers import make_indicator

from indicators.status import assess_trend, least_squares_slope, observed_points, trend_window
from indicators.uncertainty import Uncertainty


def unc(half_width: float) -> Uncertainty:
    return Uncertainty("kolada", half_widths={y: half_width for y in range(2000, 2031)})


def trend(points, method, *, direction="higher_is_better", half_width=0.5, unit="percent", **extra):
    ind = make_indicator("x", "N00001", direction=direction, unit=unit, **extra)
    return assess_trend(points, ind, unc(half_width), method)


def test_slope_by_hand_with_missing_years() -> None:
    # x deviations -8/3, -2/3, 10/3; y deviations -2, 0, 2 -> Sxy = 12, Sxx = 56/3 -> slope 9/14
    assert least_squares_slope([(2016, 10.0), (2018, 12.0), (2022, 14.0)]) == pytest.approx(9 / 14)


def test_rising_series_improves_when_higher_is_better(method) -> None:
    result = trend([(2020, 10.0), (2021, 11.0), (2022, 12.0)], method)
    assert (result.trend, result.slope, result.points, result.first_year) == ("improving", pytest.approx(1.0), 3,
                                                                               2020)


def test_rising_series_worsens_when_lower_is_better(method) -> None:
    result = trend([(2020, 10.0), (2021, 11.0), (2022, 12.0)], method, direction="lower_is_better")
    assert result.trend == "worsening"
    assert result.slope == pytest.approx(1.0)  # the stored slope keeps the raw direction


def test_the_window_is_calendar_years_not_the_last_values(method) -> None:
    # Three values, but only one of them within the nine calendar years ending 2024.
    assert method.trend.window_years == 9
    result = trend([(2012, 10.0), (2014, 11.0), (2024, 20.0)], method)
    assert (result.trend, result.points) == ("short_series", 1)


def test_multi_year_averages_use_non_overlapping_years(method) -> None:
    points = [(y, 100.0 + y - 2014) for y in range(2014, 2025)]
    ind = make_indicator("x", "N00001", unit="per_100k", years_averaged=3)
    assert trend_window(points, ind.years_averaged, method.trend) == [(2018, 104.0), (2021, 107.0),
                                                                       (2024, 110.0)]


def test_noise_within_the_uncertainty_is_stable(method) -> None:
    points = [(2020, 50.0), (2021, 51.0), (2022, 52.0)]
    # slope 1/year; its standard error with ±5 (se 5/1,96 = 2,55) each year is 2,55/√2 = 1,80: the band is
    # trend.z × 1,80, far above 1
    result = trend(points, method, half_width=5.0)
    assert result.trend == "stable"
    assert result.band == pytest.approx(method.trend.z * (5.0 / method.uncertainty.z) / 2 ** 0.5)
    assert trend(points, method, half_width=0.5).trend == "improving"


def test_small_change_is_stable_however_precise(method) -> None:
    # 0.2 percentage points a year is below the floor of 0.3 even with a tiny interval
    result = trend([(2020, 50.0), (2021, 50.2), (2022, 50.4)], method, half_width=0.01)
    assert (result.trend, result.band) == ("stable", pytest.approx(method.trend.min_change_points_per_year))


def test_the_floor_of_a_rate_is_relative_to_its_level(method) -> None:
    # 0.8 per 100 000 a year on a level of 100 is 0.8 %, below the 1 % floor
    result = trend([(2020, 100.0), (2021, 100.8), (2022, 101.6)], method, unit="per_100k", half_width=0.01)
    assert result.trend == "stable"


def test_null_years_are_skipped() -> None:
    series = [(2022, None), (2020, 10.0), (2021, None), (2019, 9.0)]
    assert observed_points(series) == [(2019, 9.0), (2020, 10.0)]


@pytest.mark.parametrize("points", [[], [(2024, 50.0)], [(2023, 40.0), (2024, 50.0)]])
def test_fewer_than_three_years_is_a_short_series(method, points) -> None:
    result = trend(points, method)
    assert (result.trend, result.slope, result.points) == ("short_series", None, len(points))


def test_no_uncertainty_at_all_is_a_short_series(method) -> None:
    ind = make_indicator("x", "N00001")
    result = assess_trend([(2020, 10.0), (2021, 11.0), (2022, 12.0)], ind, Uncertainty("none"), method)
    assert result.trend == "short_series"
