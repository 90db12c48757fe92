"""compute_status_tables end to end on a small catalogue: hand-computed rows, and tables that fit the schema."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from status_helpers import kpi_frame, make_catalogue, make_indicator, observations

from etl.sqlfiles import read_sql
from indicators.compute import compute_status_tables

TABLES = ("county_series", "status", "gender_gap", "goal_status", "life_stage_status")

IND = make_indicator("andel", "N00010", short_name="Andel klara", goals=("g1",), life_stage="ls1")
GENDERED = make_indicator("konsdelad", "N00011", direction="lower_is_better", short_name="Könsdelat mått",
                          goals=("g1", "g2"), life_stage="ls2")
EMPTY = make_indicator("tomt", "N00012", short_name="Mått utan värden", goals=("g2",), life_stage="ls2")

ROWS = [
    # Karlstad: falling, worse than Riket in 2024
    ("N00010", "1780", 2022, "T", 85.0), ("N00010", "1780", 2023, "T", 83.5), ("N00010", "1780", 2024, "T", 82.4),
    # Arvika: masked 2024 -> latest is 2023; ties with Kil in 2023 is irrelevant: rank year is 2024
    ("N00010", "1784", 2021, "T", 88.0), ("N00010", "1784", 2023, "T", 90.0), ("N00010", "1784", 2024, "T", None),
    # Kil: one point only
    ("N00010", "1715", 2024, "T", 90.0),
    ("N00010", "0000", 2024, "T", 85.1), ("N00010", "0000", 2023, "T", 85.0),
    ("N00010", "0017", 2023, "T", 86.0), ("N00010", "0017", 2024, "T", 86.5),
    # The gender-divided KPI (lower is better): Karlstad K and M, Arvika T only
    ("N00011", "1780", 2020, "K", 60.0), ("N00011", "1780", 2021, "K", 61.0), ("N00011", "1780", 2022, "K", 62.0),
    ("N00011", "1780", 2020, "M", 50.0), ("N00011", "1780", 2021, "M", 52.0), ("N00011", "1780", 2022, "M", 54.0),
    ("N00011", "1780", 2022, "T", 58.0), ("N00011", "1784", 2022, "T", 58.0), ("N00011", "1715", 2022, "T", 70.0),
    ("N00011", "0017", 2022, "T", 59.0), ("N00011", "0017", 2022, "K", 61.0), ("N00011", "0017", 2022, "M", 57.0),
    # Inhabitants (the indicators' denominator): the n of the Wilson intervals
    ("N01951", "1780", 2020, "T", 5000.0), ("N01951", "1784", 2020, "T", 500.0), ("N01951", "1715", 2020, "T", 300.0),
]
AREA = pl.DataFrame({"area_id": ["0000", "0017", "1715", "1780", "1784"],
                     "name": ["Riket", "Region Värmland", "Kil", "Karlstad", "Arvika"]})


@pytest.fixture(scope="module")
def tables(method) -> dict[str, pl.DataFrame]:
    cat = make_catalogue([IND, GENDERED, EMPTY])
    kpi = kpi_frame({"N00010": False, "N00011": True, "N00012": True})
    return compute_status_tables(observations(ROWS), kpi, cat, method, AREA)


def row(tables, indicator: str, area: str, gender: str = "T") -> dict:
    return tables["status"].filter(
        (pl.col("indicator_id") == indicator) & (pl.col("area_id") == area) & (pl.col("gender") == gender)
    ).row(0, named=True)


def test_tables_have_exactly_the_schema_columns_and_load_into_duckdb(tables) -> None:
    con = duckdb.connect()
    con.execute(read_sql("status_schema"))
    for name in TABLES:
        expected = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
        assert tables[name].columns == expected, name
        frame = tables[name]
        con.register("frame", frame.to_arrow())
        con.execute(f"INSERT INTO {name} SELECT * FROM frame")  # keys and CHECKs hold
        con.unregister("frame")
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == frame.height
    con.close()


def test_the_example_sentence(tables) -> None:
    karlstad = row(tables, "andel", "1780")
    # Wilson 95 % for 82,4 % of 5 000: 81,3–83,4 %; Riket 85,1 % and the county 86,5 % are above it
    assert karlstad["explanation"] == (
        "Karlstad: 82,4 % år 2024 (95 % intervall 81,3–83,4 %, Wilsonintervall för en andel av befolkningen), "
        "sämre än riket 85,1 %, sämre än Hela Värmland 86,5 %; försämras; rank 2 av 2 kommuner med värde 2024.")
    assert (karlstad["latest_year"], karlstad["riket_value"], karlstad["county_value"]) == (2024, 85.1, 86.5)
    assert karlstad["county_source"] == "region"
    assert (karlstad["uncertainty_source"], karlstad["vs_riket"], karlstad["vs_county"]) == ("wilson", "worse",
                                                                                             "worse")
    assert (karlstad["vs_riket_label"], karlstad["vs_county_label"]) == ("Sämre än riket", "Sämre än länet")
    assert karlstad["ci_low"] == pytest.approx(81.32, abs=0.005)  # by hand: centre 0,82375, half-width 0,010555
    assert (karlstad["target_status"], karlstad["trend"], karlstad["trend_points"]) == ("worse", "worsening", 3)
    assert karlstad["trend_slope"] == pytest.approx(-1.3)
    # the band: trend.z × the slope's standard error (binomial at 84,25 % of 5 000 each year, 3 years)
    se_year = (0.8425 * 0.1575 / 5000) ** 0.5 * 100
    assert karlstad["trend_band"] == pytest.approx(2.054 * se_year * 2 ** 0.5 / 2)
    assert (karlstad["trend_first_year"], karlstad["kpi_latest_year"], karlstad["is_stale"]) == (2022, 2024, False)
    assert (karlstad["mark"], karlstad["mark_label"], karlstad["arrow"]) == ("red", "Sämre än riket", "↓")


def test_masked_latest_value_is_skipped_and_noted(tables) -> None:
    arvika = row(tables, "andel", "1784")
    assert (arvika["latest_year"], arvika["latest_value"]) == (2023, 90.0)
    assert arvika["riket_value"] == 85.0  # the same year as the value, not the newest year
    assert "värdet för 2024 saknas" in arvika["explanation"]
    # No rank from a year Arvika has no value in: ranks are only among the municipalities with a 2024 value.
    assert (arvika["rank_in_county"], arvika["rank_of"], arvika["rank_year"]) == (None, None, None)
    assert "rank" not in arvika["explanation"]


def test_single_point_is_a_short_series_but_still_judged_against_riket(tables) -> None:
    kil = row(tables, "andel", "1715")
    assert (kil["trend"], kil["trend_points"], kil["trend_slope"], kil["arrow"]) == ("short_series", 1, None, "–")
    # 90 % of 300: Wilson 86,1–92,9 % lies above Riket's 85,1 -> better; a short series does not move the colour
    assert (kil["target_status"], kil["mark"], kil["rank_in_county"], kil["rank_of"]) == ("better", "green", 1, 2)


def test_ties_share_the_better_rank(tables) -> None:
    # lower is better in 2022: Karlstad 58, Arvika 58, Kil 70
    ranks = {a: row(tables, "konsdelad", a)["rank_in_county"] for a in ("1780", "1784", "1715")}
    assert ranks == {"1780": 1, "1784": 1, "1715": 3}


def test_gender_rows_only_for_divided_kpis_with_values(tables) -> None:
    status = tables["status"]
    genders = {ind: sorted(status.filter(pl.col("indicator_id") == ind)["gender"].unique().to_list())
               for ind in ("andel", "konsdelad", "tomt")}
    assert genders == {"andel": ["T"], "konsdelad": ["K", "M", "T"], "tomt": ["T"]}
    women = row(tables, "konsdelad", "1780", "K")
    assert women["explanation"].startswith("Karlstad, kvinnor: 62,0 % år 2022")


def test_every_area_gets_a_row_even_without_values(tables) -> None:
    empty = tables["status"].filter(pl.col("indicator_id") == "tomt")
    assert sorted(empty["area_id"].to_list()) == ["0017", "1715", "1780", "1784"]
    assert set(empty["mark"]) == {"grey"}
    assert set(empty["mark_label"]) == {"Underlag saknas"}
    assert row(tables, "tomt", "1715")["explanation"] == "Kil: inga värden finns för måttet."


def test_gender_gap_by_hand(tables) -> None:
    gap = tables["gender_gap"].filter(pl.col("area_id") == "1780").sort("year")
    assert gap["gap_abs"].to_list() == [10.0, 9.0, 8.0]
    assert gap["gap_rel"].to_list() == pytest.approx([0.2, 9 / 52, 8 / 54])
    # |gap| falls 1 per year on a level of 56.5: 1.8 % per year -> narrowing once three years exist
    assert gap["gap_trend"].to_list() == ["short_series", "short_series", "narrowing"]
    county = tables["gender_gap"].filter(pl.col("area_id") == "0017").row(0, named=True)
    assert (county["value_k"], county["value_m"], county["gap_abs"]) == (61.0, 57.0, 4.0)
    assert tables["gender_gap"]["indicator_id"].unique().to_list() == ["konsdelad"]


def test_rollup_counts_and_headline(tables) -> None:
    goals = tables["goal_status"].filter((pl.col("area_id") == "1780") & (pl.col("gender") == "T"))
    g2 = goals.filter(pl.col("goal_id") == "g2").row(0, named=True)
    assert (g2["n_total"], g2["n_grey"], g2["n_judged"], g2["headline_basis"]) == (2, 1, 1, "single")
    assert g2["n_green"] + g2["n_neutral"] + g2["n_yellow"] + g2["n_red"] + g2["n_grey"] == g2["n_total"]
    # Karlstad women: only 'konsdelad' has a K row in g1 ('andel' is not divided): it counts grey
    women = tables["goal_status"].filter((pl.col("area_id") == "1780") & (pl.col("gender") == "K")
                                         & (pl.col("goal_id") == "g1")).row(0, named=True)
    assert (women["n_total"], women["n_grey"], women["decided_by"]) == (2, 1, ["konsdelad"])
    # a goal decided by one indicator uses the same headline words as a distribution
    assert women["mark_label"] == {"green": "Går åt rätt håll", "neutral": "Inga tydliga skillnader",
                                   "yellow": "Blandat", "red": "Går åt fel håll"}[women["mark"]]
    assert "avgörs av en indikator" in women["explanation"]
    assert women["explanation"].startswith("Karlstad, kvinnor: ")
    assert "Könsdelat mått" in women["explanation"]


def test_missing_column_is_named(method) -> None:
    cat = make_catalogue([IND])
    with pytest.raises(ValueError, match="observation frame lacks column.*value"):
        compute_status_tables(observations(ROWS).drop("value"), kpi_frame({}), cat, method)
