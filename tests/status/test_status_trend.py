"""Trend: least-squares slope over the last up to 5 observed years, direction-adjusted, relative to the level."""

from __future__ import annotations

import pytest

from indicators.status import assess_trend, least_squares_slope, observed_points


def test_slope_by_hand_with_missing_years() -> None:
    # x deviations -8/3, -2/3, 10/3; y deviations -2, 0, 2 -> Sxy = 12, Sxx = 56/3 -> slope 9/14
    assert least_squares_slope([(2016, 10.0), (2018, 12.0), (2022, 14.0)]) == pytest.approx(9 / 14)


def test_rising_series_improves_when_higher_is_better(method) -> None:
    result = assess_trend([(2020, 10.0), (2021, 11.0), (2022, 12.0)], "higher_is_better", method.trend)
    # slope 1 per year on the earlier years' mean 10.5: 9.5 % per year > 1 %
    assert (result.trend, result.slope, result.points) == ("improving", pytest.approx(1.0), 3)


def test_rising_series_worsens_when_lower_is_better(method) -> None:
    result = assess_trend([(2020, 10.0), (2021, 11.0), (2022, 12.0)], "lower_is_better", method.trend)
    assert result.trend == "worsening"
    assert result.slope == pytest.approx(1.0)  # the stored slope keeps the raw direction


def test_small_change_is_stable(method) -> None:
    # slope 0.2 per year on the earlier years' mean 50.1: 0.4 % per year < 1 %
    result = assess_trend([(2020, 50.0), (2021, 50.2), (2022, 50.4)], "higher_is_better", method.trend)
    assert result.trend == "stable"


def test_just_above_the_threshold_is_not_stable(method) -> None:
    # slope 1.0 on the earlier years' mean 100 = exactly 1 % per year: on the threshold counts as a change
    result = assess_trend([(2020, 99.5), (2021, 100.5), (2022, 101.5)], "higher_is_better", method.trend)
    assert result.trend == "improving"
    # slope 1.0 on the earlier mean 100.25: 0.998 % per year: stable
    result = assess_trend([(2020, 100.0), (2021, 100.5), (2022, 102.0)], "higher_is_better", method.trend)
    assert (result.trend, result.slope) == ("stable", pytest.approx(1.0))


def test_only_the_last_five_observed_years_count(method) -> None:
    points = [(2016, 100.0), (2017, 100.0), (2018, 10.0), (2019, 11.0), (2020, 12.0), (2021, 13.0), (2022, 14.0)]
    result = assess_trend(points, "higher_is_better", method.trend)
    assert (result.trend, result.points, result.slope) == ("improving", 5, pytest.approx(1.0))


def test_null_years_are_skipped() -> None:
    series = [(2022, None), (2020, 10.0), (2021, None), (2019, 9.0)]
    assert observed_points(series) == [(2019, 9.0), (2020, 10.0)]


@pytest.mark.parametrize("points", [[], [(2024, 50.0)], [(2023, 40.0), (2024, 50.0)]])
def test_fewer_than_three_points_is_a_short_series(method, points) -> None:
    result = assess_trend(points, "higher_is_better", method.trend)
    assert (result.trend, result.slope, result.points) == ("short_series", None, len(points))
