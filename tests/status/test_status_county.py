"""The county series: region values where Kolada has them, else the mean weighted by the indicator's own
denominator, only with enough coverage, never for surveys (checked by hand)."""

from __future__ import annotations

import polars as pl
import pytest
from status_helpers import POPULATION_KPI, PUPILS_KPI, kpi_frame, make_catalogue, make_indicator, observations

from indicators.catalogue import full_series_id as F
from indicators.compute import compute_status_tables
from indicators.county import CountySeriesError, build_county_series

MUNIS = ["1715", "1780", "1784"]

# Inhabitants: Karlstad 100 every year, Arvika 50 (2020, 2022), Kil 50 (2020, 2021, masked 2022).
POPULATION = [
    *[(POPULATION_KPI, "1780", y, "T", 100.0) for y in (2020, 2021, 2022, 2023)],
    (POPULATION_KPI, "1784", 2020, "T", 50.0), (POPULATION_KPI, "1784", 2022, "T", 50.0),
    (POPULATION_KPI, "1715", 2020, "T", 50.0), (POPULATION_KPI, "1715", 2021, "T", 50.0),
    (POPULATION_KPI, "1715", 2022, "T", None),   # masked: the nearest earlier year (2021) is used
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


def series(min_coverage: float = 0.8) -> tuple[pl.DataFrame, pl.DataFrame]:
    obs = observations(POPULATION + K_ONLY + REGION)
    denominators = {F("N00001"): F(POPULATION_KPI), F("N00002"): F(POPULATION_KPI)}
    return build_county_series(obs, denominators, set(), "0017", MUNIS, min_coverage)


def test_weighted_mean_by_hand() -> None:
    out, refused = series()
    out = out.filter(pl.col("series_id") == F("N00001")).sort("year")
    assert out["source"].unique().to_list() == ["weighted_mean"]
    values = dict(zip(out["year"].to_list(), out["value"].to_list(), strict=True))
    assert values[2020] == pytest.approx((70 * 100 + 50 * 50 + 60 * 50) / 200)
    # 2022: Kil's weight is its 2021 population (2022 is masked)
    assert values[2022] == pytest.approx((80 * 100 + 60 * 50 + 70 * 50) / 200)
    assert out["coverage"].to_list() == [1.0, 1.0]
    # 2023: Arvika is masked, so the municipalities with a value hold 150 of 200 inhabitants: below 80 %
    assert 2023 not in values
    assert refused.rows() == [(F("N00001"), 2023, "T", 0.75)]


def test_with_a_lower_coverage_limit_the_year_gets_a_figure() -> None:
    out, refused = series(min_coverage=0.7)
    row = out.filter((pl.col("series_id") == F("N00001")) & (pl.col("year") == 2023)).row(0, named=True)
    assert (row["value"], row["coverage"]) == (pytest.approx((82 * 100 + 74 * 50) / 150), 0.75)
    assert refused.is_empty()


def test_region_values_are_used_as_they_are() -> None:
    out, _ = series()
    out = out.filter(pl.col("series_id") == F("N00002")).sort("year")
    assert out.select("year", "value", "source", "coverage").rows() == [(2022, 33.0, "region", None),
                                                                        (2023, None, "region", None)]


def test_columns_match_the_schema() -> None:
    out, _ = series()
    assert out.columns == ["series_id", "year", "gender", "value", "source", "coverage"]


def test_missing_denominator_support_kpi_is_named() -> None:
    obs = observations(K_ONLY)
    with pytest.raises(CountySeriesError, match=r"denominator of kolada:N00001"):
        build_county_series(obs, {F("N00001"): None}, set(), "0017", MUNIS, 0.8)


def test_a_pupil_kpi_is_weighted_by_pupils_not_inhabitants(method) -> None:
    """Karlstad has twice Arvika's inhabitants but a quarter of its pupils: the county follows the pupils."""
    pupils = [(PUPILS_KPI, "1780", 2024, "T", 10.0), (PUPILS_KPI, "1784", 2024, "T", 40.0),
              (PUPILS_KPI, "1715", 2024, "T", 10.0)]
    inhabitants = [(POPULATION_KPI, a, 2024, "T", n) for a, n in (("1780", 100.0), ("1784", 50.0), ("1715", 50.0))]
    values = [("N00005", "1780", 2024, "T", 80.0), ("N00005", "1784", 2024, "T", 60.0),
              ("N00005", "1715", 2024, "T", 70.0)]
    ind = make_indicator("betyg", "N00005", denominator="population_6_15", denominator_fraction=0.1)
    out = compute_status_tables(observations(pupils + inhabitants + values), kpi_frame({"N00005": False}),
                                make_catalogue([ind]), method)
    county = out["county_series"].row(0, named=True)
    assert county["value"] == pytest.approx((80 * 10 + 60 * 40 + 70 * 10) / 60)   # 65.0, not 72.5
    assert county["value"] != pytest.approx((80 * 100 + 60 * 50 + 70 * 50) / 200)


def test_a_survey_never_gets_a_computed_county_figure(method) -> None:
    ind = make_indicator("enkat", "N00001", survey=True)
    out = compute_status_tables(observations(POPULATION + K_ONLY), kpi_frame({"N00001": False}),
                                make_catalogue([ind]), method)
    assert out["county_series"].is_empty()
    karlstad = out["status"].filter(pl.col("area_id") == "1780").row(0, named=True)
    assert karlstad["county_value"] is None
    assert karlstad["county_note"].startswith("Enkätmått: ingen beräknad länssiffra")


def test_the_status_row_says_why_there_is_no_county_figure(method) -> None:
    cat = make_catalogue([make_indicator("k_only", "N00001")])
    out = compute_status_tables(observations(POPULATION + K_ONLY), kpi_frame({"N00001": False}), cat, method)
    karlstad = out["status"].filter(pl.col("area_id") == "1780").row(0, named=True)
    assert (karlstad["latest_year"], karlstad["county_value"]) == (2023, None)
    assert karlstad["county_note"] == ("Ingen länssiffra 2023: kommunerna med värde har 75 % av länets "
                                       "invånare (minst 80 % krävs).")


def test_county_status_row_uses_the_weighted_series(annual_method) -> None:
    method = annual_method  # 200 inhabitants: the real rule would pool (tests/status/test_status_pooling.py)
    ind = make_indicator("k_only", "N00001", short_name="Endast kommuner")
    cat = make_catalogue([ind])
    riket = [("N00001", "0000", 2022, "T", 70.0)]
    out = compute_status_tables(observations(POPULATION + K_ONLY + riket), kpi_frame({"N00001": False}), cat, method)
    county = out["status"].filter(pl.col("area_id") == "0017").row(0, named=True)
    assert (county["latest_year"], county["latest_value"]) == (2022, pytest.approx(72.5))
    assert county["county_source"] == "weighted_mean"
    assert county["riket_value"] == 70.0
    assert (county["rank_in_county"], county["rank_of"], county["rank_year"]) == (None, None, None)
    # Wilson interval with the county's 200 inhabitants: 72,5 % ± about 6: no established difference
    assert (county["uncertainty_source"], county["vs_riket"], county["vs_county"]) == ("wilson", "same", None)
    assert county["ci_low"] < 70.0 < county["ci_high"]
    assert county["explanation"].startswith(
        "Hela Värmland (egen bearbetning: medel av kommunerna viktat med målgruppens befolkning): 72,5 % år 2022")


def test_denominators_are_named_in_swedish() -> None:
    from indicators.compute import denominator_words
    assert denominator_words("population") == "invånare"
    assert denominator_words("population_6_15") == "invånare 6–15 år"
    assert denominator_words("population_65_plus") == "invånare 65 år och äldre"
