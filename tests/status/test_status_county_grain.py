"""County-grain series with published intervals (Folkhälsodata's survey tables) through the real status method:
the county is judged against Riket on the two published intervals, a municipality gets no invented value (grey,
"Finns bara för länet", the county's figure beside it), no rank, and pooled windows count as their last year."""

from __future__ import annotations

import polars as pl
from status_helpers import MUNICIPALITIES, make_catalogue

from indicators.catalogue import Indicator
from indicators.compute import compute_status_tables

SERIES = "fohm:rokning_daglig"


def county_indicator(direction: str = "lower_is_better") -> Indicator:
    return Indicator.model_validate({
        "id": "rok_lan", "series": SERIES, "life_stage": "ls1", "short_name": "Röker dagligen (länet)",
        "goals": ["g1"], "direction": direction, "unit": "percent", "role": "outcome",
        "denominator": "population", "survey": True, "years_averaged": 4, "rank": False})


def frames(county: list[tuple[int, float, float, float]], riket: list[tuple[int, float, float, float]]
           ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(observation, series) frames: (year, value, ci_low, ci_high) for the county and Riket, windows as period."""
    rows = [{"series_id": SERIES, "area_id": area, "year": y, "gender": "T", "value": v, "ci_low": lo,
             "ci_high": hi, "period": f"{y - 3}-{y}"}
            for area, points in (("0017", county), ("0000", riket)) for y, v, lo, hi in points]
    series = pl.DataFrame({"series_id": [SERIES], "title": ["Röker dagligen"], "municipality_type": ["L"],
                           "is_divided_by_gender": [False]})
    return pl.DataFrame(rows), series


def row(tables: dict, area: str) -> dict:
    return tables["status"].filter(pl.col("area_id") == area).row(0, named=True)


def test_overlapping_published_intervals_are_no_established_difference(method) -> None:
    # Värmland 9.1 against Riket 8.0: the point estimates differ, the intervals overlap
    obs, series = frames([(2024, 9.1, 7.9, 10.3)], [(2024, 8.0, 7.8, 8.2)])
    county = row(compute_status_tables(obs, series, make_catalogue([county_indicator()]), method), "0017")
    assert county["uncertainty_source"] == "published"
    assert (county["ci_low"], county["ci_high"]) == (7.9, 10.3)
    assert (county["vs_riket"], county["vs_riket_label"]) == ("same", "I nivå med riket")
    assert county["mark"] == "neutral" and county["rank_in_county"] is None


def test_separate_published_intervals_follow_the_direction(method) -> None:
    obs, series = frames([(2024, 11.0, 10.4, 11.6)], [(2024, 8.0, 7.8, 8.2)])
    worse = row(compute_status_tables(obs, series, make_catalogue([county_indicator()]), method), "0017")
    assert (worse["vs_riket"], worse["mark"]) == ("worse", "red")
    better = row(compute_status_tables(obs, series, make_catalogue([county_indicator("higher_is_better")]),
                                       method), "0017")
    assert (better["vs_riket"], better["mark"]) == ("better", "green")


def test_a_point_reference_inside_would_differ_but_the_reference_interval_decides(method) -> None:
    """Riket's 8.0 lies outside Värmland's 8.3–9.9, but Riket's own interval 7.6–8.4 overlaps it: same."""
    obs, series = frames([(2024, 9.1, 8.3, 9.9)], [(2024, 8.0, 7.6, 8.4)])
    county = row(compute_status_tables(obs, series, make_catalogue([county_indicator()]), method), "0017")
    assert county["vs_riket"] == "same"


def test_municipalities_get_no_invented_value_only_the_county_line(method) -> None:
    obs, series = frames([(2024, 11.0, 10.4, 11.6)], [(2024, 8.0, 7.8, 8.2)])
    tables = compute_status_tables(obs, series, make_catalogue([county_indicator()]), method)
    for area in MUNICIPALITIES:
        r = row(tables, area)
        assert r["latest_value"] is None and r["ci_low"] is None and r["rank_in_county"] is None
        assert (r["mark"], r["mark_label"], r["target_status"]) == ("grey", "Finns bara för länet", "county_only")
        assert r["county_value"] == 11.0 and r["riket_value"] == 8.0
        assert "Finns bara för länet" in r["county_note"]
        assert r["vs_county"] is None and r["vs_riket"] is None


def test_pooled_windows_trend_on_non_overlapping_windows(method) -> None:
    """A 12-year window (3 × 4) ending 2024: windows ending 2016, 2020, 2024, none overlapping; narrow intervals,
    falling 1 point a year."""
    years = range(2010, 2025)
    county = [(y, 30.0 - (y - 2010), 29.5 - (y - 2010), 30.5 - (y - 2010)) for y in years]
    riket = [(y, 20.0, 19.8, 20.2) for y in years]
    obs, series = frames(county, riket)
    r = row(compute_status_tables(obs, series, make_catalogue([county_indicator()]), method), "0017")
    assert r["trend"] == "improving" and r["trend_points"] == 3 and r["trend_first_year"] == 2016


def test_a_county_only_row_is_no_member_of_a_municipality_roll_up(method) -> None:
    """The municipality's goal roll-up counts only what the municipality has: the county-grain indicator is
    neither a colour nor 'utan underlag' there; for the county it is counted."""
    from status_helpers import make_indicator, observations

    other = make_indicator("annat", "N00009", direction="higher_is_better")
    obs, series = frames([(2024, 11.0, 10.4, 11.6)], [(2024, 8.0, 7.8, 8.2)])
    kolada = observations([("N00009", a, 2024, "T", 50.0) for a in [*MUNICIPALITIES, "0000"]])
    both = pl.concat([obs, kolada], how="diagonal_relaxed")
    series = pl.concat([series, pl.DataFrame({"series_id": ["kolada:N00009"], "title": ["x"],
                                              "municipality_type": ["K"], "is_divided_by_gender": [False]})])
    tables = compute_status_tables(both, series, make_catalogue([county_indicator(), other]), method)
    goals = tables["goal_status"].filter((pl.col("goal_id") == "g1") & (pl.col("gender") == "T"))
    town = goals.filter(pl.col("area_id") == "1715").row(0, named=True)
    assert town["n_total"] == 1 and town["n_grey"] == 1  # only 'annat' (no interval from one year: grey)
    county = goals.filter(pl.col("area_id") == "0017").row(0, named=True)
    assert county["n_red"] == 1  # the county's published comparison: worse than Riket


def test_the_status_columns_name_every_column_of_the_table() -> None:
    from indicators.compute import STATUS_SCHEMA
    from indicators.status import STATUS_COLUMNS

    assert set(STATUS_COLUMNS) | {"latest_period"} == set(STATUS_SCHEMA)
