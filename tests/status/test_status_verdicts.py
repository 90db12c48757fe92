"""Verdicts a politician can defend (issue 8): noise is not change, framing does not change the verdict, old
values are grey, watch indicators never move a roll-up. (The county figure of a pupil KPI weighted by pupils is
tested in test_status_county.py.)"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from status_helpers import POPULATION_KPI, kpi_frame, make_catalogue, make_indicator, observations

from indicators.compute import compute_status_tables
from indicators.rollup import build_rollups

SMALL = "1715"  # Kil here: 4 000 inhabitants


def status_row(tables: dict, indicator: str, area: str = SMALL) -> dict:
    return tables["status"].filter((pl.col("indicator_id") == indicator) & (pl.col("area_id") == area)
                                   & (pl.col("gender") == "T")).row(0, named=True)


def population(n: float, years=range(2015, 2025)) -> list[tuple]:
    return [(POPULATION_KPI, SMALL, y, "T", n) for y in years]


def test_a_flat_noisy_rate_in_a_small_municipality_is_not_judged_worse(method) -> None:
    """4 000 inhabitants: one reported case moves the rate by 25 per 100 000. Riket is flat at 100."""
    ind = make_indicator("brott", "N00001", direction="lower_is_better", unit="per_100k")
    noisy = [100.0, 75.0, 125.0, 100.0, 150.0, 75.0, 125.0, 100.0, 50.0, 150.0]
    rows = [("N00001", SMALL, 2015 + i, "T", v) for i, v in enumerate(noisy)]
    rows += [("N00001", "0000", 2015 + i, "T", 100.0) for i in range(10)]
    tables = compute_status_tables(observations(rows + population(4000)), kpi_frame({"N00001": False}),
                                   make_catalogue([ind]), method)
    row = status_row(tables, "brott")
    assert row["latest_value"] == 150.0 and row["uncertainty_source"] == "byar"
    # 150 per 100 000 is 6 cases: the exact Poisson interval holds Riket's 100
    assert row["ci_low"] < 100.0 < row["ci_high"]
    assert (row["vs_riket"], row["vs_riket_label"]) == ("same", "I nivå med riket")
    assert row["trend"] != "worsening"
    assert row["mark"] != "red"
    assert "i nivå med riket" in row["explanation"]


def test_smoking_6_2_against_6_0_is_no_established_difference(method) -> None:
    ind = make_indicator("rokning", "N00002", direction="lower_is_better", survey=True, uncertainty_kpi="U00002")
    rows = [("N00002", SMALL, 2024, "T", 6.2), ("N00002", "0000", 2024, "T", 6.0),
            ("U00002", SMALL, 2024, "T", 1.8)]
    tables = compute_status_tables(observations(rows), kpi_frame({"N00002": False}), make_catalogue([ind]),
                                   method)
    row = status_row(tables, "rokning")
    assert (row["uncertainty_source"], row["ci_low"], row["ci_high"]) == ("kolada", 4.4, 8.0)
    assert (row["vs_riket"], row["mark"]) == ("same", "neutral")


def test_a_share_and_its_complement_get_the_same_verdict(method) -> None:
    """'Trygg 85 → 83' (higher is better) and 'otrygg 15 → 17' (lower is better) are the same facts."""
    trygg = make_indicator("trygg", "N00003", direction="higher_is_better")
    otrygg = make_indicator("otrygg", "N00004", direction="lower_is_better")
    safe = [86.0, 85.0, 85.5, 84.0, 83.0]
    rows = []
    for i, v in enumerate(safe):
        rows += [("N00003", SMALL, 2020 + i, "T", v), ("N00004", SMALL, 2020 + i, "T", round(100 - v, 6)),
                 ("N00003", "0000", 2020 + i, "T", 85.0), ("N00004", "0000", 2020 + i, "T", 15.0)]
    tables = compute_status_tables(observations(rows + population(40000)),
                                   kpi_frame({"N00003": False, "N00004": False}),
                                   make_catalogue([trygg, otrygg]), method)
    a, b = status_row(tables, "trygg"), status_row(tables, "otrygg")
    for key in ("mark", "mark_label", "trend", "vs_riket", "target_status", "trend_band"):
        assert a[key] == b[key], key
    assert a["trend"] == "worsening"  # 0,7 percentage points a year down, beyond the band


def test_an_old_value_is_grey_and_leaves_the_rollup(method) -> None:
    ind = make_indicator("gammal", "N00005", goals=("g1",))
    fresh = make_indicator("farsk", "N00006", goals=("g1",))
    rows = [("N00005", SMALL, 2018, "T", 40.0), ("N00005", SMALL, 2019, "T", 41.0),
            ("N00005", "1780", 2024, "T", 60.0), ("N00005", "0000", 2019, "T", 70.0),
            ("N00006", SMALL, 2024, "T", 90.0), ("N00006", "0000", 2024, "T", 50.0)]
    tables = compute_status_tables(observations(rows + population(4000)),
                                   kpi_frame({"N00005": False, "N00006": False}), make_catalogue([ind, fresh]),
                                   method)
    row = status_row(tables, "gammal")
    assert method.staleness.max_age_years == 2
    assert (row["latest_year"], row["kpi_latest_year"], row["is_stale"]) == (2019, 2024, True)
    assert (row["mark"], row["mark_label"]) == ("grey", "Inaktuellt (senaste värde 2019)")
    assert row["vs_riket"] == "worse"  # the comparison is still shown, it just gives no colour
    assert "inaktuellt" in row["explanation"]
    goal = tables["goal_status"].filter((pl.col("goal_id") == "g1") & (pl.col("area_id") == SMALL)
                                        & (pl.col("gender") == "T")).row(0, named=True)
    assert (goal["n_grey"], goal["n_judged"], goal["headline_basis"], goal["decided_by"]) == (1, 1, "single",
                                                                                              ["farsk"])


marks = st.sampled_from(["green", "neutral", "yellow", "red", "grey"])


@given(st.lists(marks, min_size=0, max_size=6), st.lists(marks, min_size=1, max_size=4))
@settings(max_examples=200, deadline=None)
def test_a_watch_indicator_never_changes_a_rollup(outcome_marks, watch_marks) -> None:
    from indicators.method import load_method

    method = load_method()
    outcomes = [make_indicator(f"o{i}", f"N1{i:04d}", goals=("g1",)) for i in range(len(outcome_marks))]
    watches = [make_indicator(f"w{i}", f"N2{i:04d}", goals=("g1",), role="watch") for i in range(len(watch_marks))]

    def rollup(inds: list, pairs: list[tuple[str, str]]) -> dict:
        frame = pl.DataFrame({"indicator_id": [p[0] for p in pairs], "area_id": ["1780"] * len(pairs),
                              "gender": ["T"] * len(pairs), "mark": [p[1] for p in pairs],
                              "mark_label": ["x"] * len(pairs)},
                             schema={"indicator_id": pl.String, "area_id": pl.String, "gender": pl.String,
                                     "mark": pl.String, "mark_label": pl.String})
        goals, _, _ = build_rollups(frame, make_catalogue(inds, goals=("g1",)), method, {"1780": "Karlstad"})
        return goals.row(0, named=True) if goals.height else {}

    own = list(zip([o.id for o in outcomes], outcome_marks, strict=True))
    watched = list(zip([w.id for w in watches], watch_marks, strict=True))
    without = rollup(outcomes, own) if outcomes else None
    with_watch = rollup([*outcomes, *watches], own + watched)
    assert with_watch["n_watch"] == len(watches)
    if without:
        for key in ("mark", "mark_label", "n_green", "n_neutral", "n_yellow", "n_red", "n_grey", "n_judged",
                    "decided_by", "headline_basis"):
            assert with_watch[key] == without[key], key
    else:
        assert (with_watch["mark"], with_watch["n_judged"]) == ("grey", 0)
