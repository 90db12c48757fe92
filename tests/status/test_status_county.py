"""The county series: region values where Kolada has them, else the population-weighted mean (checked by hand)."""

from __future__ import annotations

import polars as pl
import pytest
from status_helpers import POPULATION_KPI, kpi_frame, make_catalogue, make_indicator, observations

from indicators.compute import compute_status_tables
from indicators.county import CountySeriesError, build_county_series

MUNIS = ["1715", "1780", "1784"]

# Population: Karlstad every year, Arvika only 2022, Kil only 2021.
POPULATION = [
    *[(POPULATION_KPI, "1780", y, "T", 100.0) for y in (2020, 2021, 2022, 2023)],
    (POPULATION_KPI, "1784", 2022, "T", 50.0),
    (POPULATION_KPI, "1715", 2021, "T", 50.0),
    (POPULATION_KPI, "1715", 2022, "T", None),   # masked: the nearest earlier year (2021) is used
    (POPULATION_KPI, "1780", 2022, "K", 999.0),  # only T population counts
]
K_ONLY = [  # a KPI with no region value: Karlstad, Arvika, Kil
    ("N00001", "1780", 2020, "T", 70.0), ("N00001", "1784", 2020, "T", 50.0), ("N00001", "1715", 2020, "T", 60.0),
    ("N00001", "1780", 2022, "T", 80.0), ("N00001", "1784", 2022, "T", 60.0), ("N00001", "1715", 2022, "T", 70.0),
    ("N00001", "1780", 2023, "T", 82.0), ("N00001", "1784", 2023, "T", None), ("N00001", "1715", 2023, "T", 74.0),
    ("N00001", "0017", 2023, "T", None),   # a null region row does not make it a region KPI
]
REGION = [
    ("N00002", "0017", 2022, "T", 33.0), ("N00002", "0017", 2023, "T", None),
    ("N00002", "1780", 2022, "T", 10.0), ("N00002", "1784", 2022, "T", 90.0),
]


def series() -> pl.DataFrame:
    obs = observations(POPULATION + K_ONLY + REGION)
    return build_county_series(obs, ["kolada:N00001", "kolada:N00002"], "0017", MUNIS, f"kolada:{POPULATION_KPI}")


def test_weighted_mean_by_hand() -> None:
    out = series().filter(pl.col("series_id") == "kolada:N00001").sort("year")
    assert out["source"].unique().to_list() == ["weighted_mean"]
    values = dict(zip(out["year"].to_list(), out["value"].to_list(), strict=True))
    # 2020: Arvika and Kil have no population that year or earlier -> Karlstad alone
    assert values[2020] == pytest.approx(70.0)
    # 2022: (80*100 + 60*50 + 70*50 [Kil's 2021 weight]) / 200
    assert values[2022] == pytest.approx(72.5)
    # 2023: Arvika masked; (82*100 + 74*50) / 150; Arvika's 2022 weight is not used without a value
    assert values[2023] == pytest.approx((8200 + 3700) / 150)


def test_region_values_are_used_as_they_are() -> None:
    out = series().filter(pl.col("series_id") == "kolada:N00002").sort("year")
    assert out.select("year", "value", "source").rows() == [(2022, 33.0, "region"), (2023, None, "region")]


def test_columns_match_the_schema() -> None:
    assert series().columns == ["series_id", "year", "gender", "value", "source"]


def test_missing_population_support_kpi_is_named() -> None:
    obs = observations(K_ONLY)
    with pytest.raises(CountySeriesError, match=r"support_kpis\.population.*N00001"):
        build_county_series(obs, ["kolada:N00001"], "0017", MUNIS, None)


def test_county_status_row_uses_the_weighted_series(method) -> None:
    ind = make_indicator("k_only", "N00001", short_name="Endast kommuner")
    cat = make_catalogue([ind])
    riket = [("N00001", "0000", 2023, "T", 70.0)]
    out = compute_status_tables(observations(POPULATION + K_ONLY + riket), kpi_frame({"N00001": False}), cat, method)
    county = out["status"].filter(pl.col("area_id") == "0017").row(0, named=True)
    assert county["latest_year"] == 2023
    assert county["latest_value"] == pytest.approx(79.3333333)
    assert county["county_value"] == pytest.approx(79.3333333)
    assert county["county_source"] == "weighted_mean"
    assert county["riket_value"] == 70.0
    assert (county["rank_in_county"], county["rank_of"], county["rank_year"]) == (None, None, None)
    # 79,3 vs 70: more than 3 % better; trend over 2020, 2022, 2023 = (70, 72.5, 79.33): improving
    assert (county["target_status"], county["trend"], county["mark"]) == ("better", "improving", "green")
    assert county["explanation"] == (
        "Hela Värmland (egen bearbetning: befolkningsviktat medel av kommunerna): 79,3 % år 2023, "
        "riket 70,0 %; förbättras."
    )
