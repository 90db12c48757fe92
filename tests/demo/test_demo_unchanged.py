"""Issue 19: an arrow never says "ungefär oförändrad" beside a change that is both beyond its uncertainty and large
relative to the level. Checked on every stable row of the demo database, from the status table's own figures: the
slope, the latest value's 95 % interval (whose half-width / z is one year's standard error) and the floor
indicators.status.change_floor gives at that level."""

from __future__ import annotations

import math

import duckdb
import pytest

from indicators.catalogue import load_catalogue
from indicators.method import load_method
from indicators.status import change_floor

# The slope's error is estimated from the latest year's interval, the method takes it at the earlier years' level
# (a falling rate's earlier, higher level has a wider Poisson error): a margin of 2 for that. The floor error this
# test exists for (0,3 points a year at a level of 4,5 %) is a factor of 6.
SLACK = 2.0


def test_no_unchanged_arrow_beside_a_clear_change(demo_db) -> None:
    method = load_method()
    units = {i.id: i.unit for i in load_catalogue().indicators}
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        found = con.execute(
            "SELECT indicator_id, area_id, gender, trend_slope, trend_band, trend_points, trend_first_year, "
            "latest_year, latest_value, ci_low, ci_high, latest_period FROM status WHERE trend = 'stable'").fetchall()
    finally:
        con.close()
    assert len(found) > 100
    checked = 0
    for ident, area, gender, slope, band, n, first, latest, value, low, high, period in found:
        assert abs(slope) <= band + 1e-9, (ident, area, gender)
        if low is None or high is None or latest - first + 1 != n:
            continue  # no interval, or a multi-year window: the band above is the check
        se_year = (high - low) / (2 * method.uncertainty.z)
        if period and "-" in period:  # a pooled window ('2022-2024'): the trend reads the annual values, each
            start, _, end = period.partition("-")  # with √(years in the pool) × the pool's standard error
            se_year *= math.sqrt(int(end) - int(start) + 1)
        se_slope = se_year / math.sqrt(n * (n * n - 1) / 12)
        floor = change_floor(value, units[ident], method.trend)
        beyond_noise = abs(slope) > SLACK * method.trend.z * se_slope
        over_floor = abs(slope) > SLACK * floor
        assert not (beyond_noise and over_floor), (ident, area, gender, slope, se_slope, floor)
        checked += 1
    assert checked > 100


def test_the_floor_is_relative_to_the_smaller_of_p_and_one_minus_p() -> None:
    cfg = load_method().trend
    assert change_floor(6.8, "percent", cfg) == pytest.approx(change_floor(93.2, "percent", cfg))
    assert change_floor(6.8, "percent", cfg) < cfg.min_change_points_per_year  # 6,8 % → 4,5 % is no "oförändrad"
    assert change_floor(50.0, "percent", cfg) == cfg.min_change_points_per_year
