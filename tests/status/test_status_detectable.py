"""What the method cannot see (issue 8): the minimum detectable change, shown where a verdict says 'no change'."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from status_helpers import POPULATION_KPI, kpi_frame, make_catalogue, make_indicator, observations

from indicators.compute import compute_status_tables
from indicators.detectable import (
    detectable_change,
    meaningful_change,
    population_uncertainty,
    power_z,
    window_years,
)
from indicators.method import detectable_table
from indicators.uncertainty import Uncertainty

SMALL, LARGE = "1715", "1780"


def mdc(method, level: float, unit: str, people: float, floor: float = 0.0) -> float | None:
    t = method.trend
    return detectable_change(level, 2024, unit, population_uncertainty(unit, people), years_averaged=1,
                             window=t.window_years, min_years=t.min_years, z_trend=t.z,
                             z_uncertainty=method.uncertainty.z, power=method.calibration.min_detection_rate,
                             floor=floor)


def test_the_formula_by_hand(method) -> None:
    # A series sd of 1.0 every year over five years (sxx = 10): slope se = 1/sqrt(10).
    t = method.trend
    found = detectable_change(50.0, 2024, "days", Uncertainty("series", series_sd=1.0), years_averaged=1,
                              window=5, min_years=3, z_trend=t.z, z_uncertainty=1.96, power=0.8, floor=0.0)
    assert power_z(0.8) == pytest.approx(0.8416, abs=1e-4)
    assert found == pytest.approx((t.z + 0.8416) / math.sqrt(10), rel=1e-4)
    assert window_years(2024, 1, 5, 3) == [2020, 2021, 2022, 2023, 2024]
    assert window_years(2024, 3, 5, 3) == [2018, 2021, 2024]  # a 3-year average: every third year
    assert detectable_change(50.0, 2024, "days", Uncertainty("none"), years_averaged=1, window=5, min_years=3,
                             z_trend=2.576, z_uncertainty=1.96, power=0.8, floor=0.0) is None


@given(st.floats(1_000, 200_000), st.floats(1.5, 10))
def test_more_people_never_make_a_change_harder_to_see(method, people, factor) -> None:
    for unit, level in (("percent", 25.0), ("per_100k", 600.0)):
        assert mdc(method, level, unit, people * factor) <= mdc(method, level, unit, people) + 1e-9


def test_rates_of_rare_events_cannot_show_a_meaningful_change_in_a_small_municipality(method) -> None:
    cal = method.calibration
    rate_small, rate_large = mdc(method, 600.0, "per_100k", 4_000), mdc(method, 600.0, "per_100k", 96_000)
    meaningful = meaningful_change(600.0, "per_100k", cal.meaningful_points_per_year,
                                   cal.meaningful_relative_per_year)
    assert meaningful == pytest.approx(30.0)
    assert rate_small > meaningful and rate_large < meaningful
    assert mdc(method, 25.0, "percent", 48_000) < cal.meaningful_points_per_year


def test_the_doc_table_has_a_row_per_example_size(method) -> None:
    table = detectable_table(method).splitlines()
    assert len(table) == 2 + len(method.calibration.example_inhabitants)
    assert table[2].startswith("| 4 000 |") and "större än den meningsfulla" in table[2]
    assert "större än den meningsfulla" not in table[-1].split("|")[2]  # a share in Karlstad: detectable


def _flat_rate_tables(method, people: float) -> dict:
    ind = make_indicator("dod", "N00001", direction="lower_is_better", unit="per_100k")
    area = SMALL if people < 50_000 else LARGE
    values = [600.0, 575.0, 625.0, 600.0, 600.0, 625.0, 575.0, 600.0, 600.0, 600.0]
    rows = [("N00001", area, 2015 + i, "T", v) for i, v in enumerate(values)]
    rows += [("N00001", "0000", 2015 + i, "T", 600.0) for i in range(10)]
    rows += [(POPULATION_KPI, area, y, "T", people) for y in range(2015, 2025)]
    return compute_status_tables(observations(rows), kpi_frame({"N00001": False}), make_catalogue([ind]), method)


def _row(tables: dict, area: str) -> dict:
    return tables["status"].filter((pl.col("area_id") == area) & (pl.col("gender") == "T")).row(0, named=True)


def test_a_small_municipality_is_told_what_it_cannot_see(method) -> None:
    row = _row(_flat_rate_tables(method, 4_000), SMALL)
    assert row["vs_riket"] == "same" and row["trend"] in ("stable", "short_series")
    assert row["detectable_change"] == pytest.approx(mdc(method, 600.0, "per_100k", 4_000), rel=1e-6)
    assert row["latest_period"] == "2022-2024"  # a small area: judged on its three-year pool
    assert "minsta förändring som kan upptäckas här är ungefär 46 per 100 000 inv. per år (8 % av nivån)" in (
        row["explanation"])


def test_a_large_municipality_is_not(method) -> None:
    row = _row(_flat_rate_tables(method, 200_000), LARGE)
    assert row["detectable_change"] < 30.0
    assert "minsta förändring" not in row["explanation"]
