"""The demo database behaves like Värmland: shares in 0-100, real populations, masking, a county inside its
municipalities, Riket near the national level, Kolada's types and gender splits, Skolenkäten every other year."""

from __future__ import annotations

import statistics
from types import SimpleNamespace

import pytest
from demo_helpers import rows

from etl.demo.levels import load_levels
from etl.demo.population import load_reference
from etl.demo.values import YEAR_SHOCK
from indicators.catalogue import full_series_id

SMALL = ("1762", "1760")  # Munkfors, Storfors: about 3 600 and 4 000 inhabitants


@pytest.fixture(scope="module")
def levels():
    """The demo levels keyed by full series id (kolada:N01481), as the database names the series."""
    return SimpleNamespace(kpis={full_series_id(k): e for k, e in load_levels().kpis.items()})


def test_every_share_lies_between_0_and_100(demo_db, levels):
    shares = [k for k, e in levels.kpis.items() if e.unit == "percent"]
    bad = rows(demo_db, "SELECT series_id, area_id, year, gender, value FROM observation "
                        "WHERE series_id IN (SELECT unnest(?::VARCHAR[])) AND (value < 0 OR value > 100)", [shares])
    assert bad == []
    units = dict(rows(demo_db, "SELECT series_id, unit FROM indicator"))
    assert all(levels.kpis[k].unit == u for k, u in units.items())


def test_rates_have_their_real_order_of_magnitude(demo_db, catalogue):
    riket = dict(rows(demo_db, "SELECT o.series_id, o.value FROM observation o WHERE o.area_id = '0000' "
                               "AND o.gender = 'T' AND o.year = 2024"))
    by_id = {i.id: riket[i.series_id] for i in catalogue.indicators if i.series_id in riket}
    assert 95 <= by_id["mpr_vaccination"] <= 99
    assert 4 <= by_id["daglig_rokning"] <= 8
    assert 13 <= by_id["fetma"] <= 19
    assert 170 <= by_id["fortida_dodsfall"] <= 260
    assert 60 <= by_id["misshandel_mot_kvinna"] <= 250
    assert 70 <= by_id["helhetssyn_hemtjanst"] <= 90


def test_total_and_80_plus_populations_are_scb_s(demo_db, catalogue):
    ref = load_reference()
    total = catalogue.support_series("population")
    values = {(a, y): v for a, y, v in rows(
        demo_db, "SELECT area_id, year, value FROM observation WHERE series_id = ? AND gender = 'T'", [total])}
    for area, people in ref.total.items():
        assert values[(area, 2023)] == people, area
    old = {(a, y): v for a, y, v in rows(
        demo_db, "SELECT area_id, year, value FROM observation WHERE series_id = ? AND gender = 'T'",
        [catalogue.support_series("population_80_plus")])}
    for area, years in ref.age_80_plus.items():
        for year, people in years.items():
            assert old[(area, year)] == people, (area, year)
    assert values[("1737", 2023)] < values[("1780", 2023)] / 5  # Torsby is far smaller than Karlstad
    women, men = rows(demo_db, "SELECT sum(value) FILTER (WHERE gender = 'K'), sum(value) FILTER (WHERE gender = "
                               "'M') FROM observation WHERE series_id = ? AND area_id = '1780' AND year = 2023",
                      [total])[0]
    assert women + men == ref.total["1780"]


def test_small_municipalities_have_masked_values(demo_db):
    masked = rows(demo_db, "SELECT area_id, count(*) FROM observation o JOIN indicator i USING (series_id) "
                           "WHERE value IS NULL GROUP BY area_id")
    by_area = dict(masked)
    assert any(by_area.get(a, 0) > 0 for a in SMALL)
    assert by_area.get("1780", 0) == 0 and by_area.get("0000", 0) == 0  # Karlstad and Riket are never masked


def test_county_lies_inside_its_municipalities(demo_db, catalogue):
    """Region values (type A) and the weighted county series both lie within the 16 municipalities' range."""
    outside = rows(demo_db, """
        WITH m AS (
            SELECT series_id, year, gender, min(value) AS lo, max(value) AS hi, count(value) AS n
            FROM observation WHERE area_id NOT IN ('0000', '0017') AND value IS NOT NULL GROUP BY ALL)
        SELECT c.series_id, c.year, c.gender, c.value, m.lo, m.hi, c.source
        FROM county_series c JOIN m USING (series_id, year, gender)
        WHERE m.n = 16 AND (c.value < m.lo - 1e-9 OR c.value > m.hi + 1e-9)""")
    assert outside == []
    region = rows(demo_db, "SELECT count(*) FROM county_series WHERE source = 'region'")[0][0]
    weighted = rows(demo_db, "SELECT count(*) FROM county_series WHERE source = 'weighted_mean'")[0][0]
    assert region > 0 and weighted > 0


def test_riket_is_near_the_national_level(demo_db, levels):
    for series_id, value in rows(demo_db, "SELECT series_id, value FROM observation WHERE area_id = '0000' "
                                       "AND gender = 'T' AND year = 2024"):
        entry = levels.kpis[series_id]
        if entry.level is not None:
            assert abs(value - entry.level) <= max(0.05 * entry.level, 3 * YEAR_SHOCK * entry.spread, 0.5), series_id


def test_type_and_gender_split_follow_the_kpi_metadata(demo_db, levels):
    sql = "SELECT series_id, municipality_type, is_divided_by_gender FROM series"
    for series_id, mtype, divided in rows(demo_db, sql):
        assert (mtype, divided) == (levels.kpis[series_id].type, levels.kpis[series_id].by_gender), series_id
    genders = dict(rows(demo_db, "SELECT series_id, list(DISTINCT gender ORDER BY gender) FROM observation "
                                 "GROUP BY series_id"))
    for series_id, found in genders.items():
        assert found == (["K", "M", "T"] if levels.kpis[series_id].by_gender else ["T"]), series_id
    county = {k for (k,) in rows(demo_db, "SELECT DISTINCT series_id FROM observation WHERE area_id = '0017'")}
    assert county == {k for k in genders if levels.kpis[k].type in ("A", "L")}


def test_school_survey_every_other_year_per_municipality(demo_db, levels):
    survey = [k for k, e in levels.kpis.items() if e.every_other_year]
    assert survey
    for series_id in survey:
        for area, years in rows(demo_db, "SELECT area_id, list(year ORDER BY year) FROM observation "
                                         "WHERE series_id = ? "
                                         "AND gender = 'T' AND area_id NOT IN ('0000', '0017') GROUP BY area_id",
                                [series_id]):
            assert all(b - a == 2 for a, b in zip(years, years[1:], strict=False)), (series_id, area)


def test_a_small_municipality_varies_more_from_year_to_year(demo_db, levels):
    shares = [k for k, e in levels.kpis.items() if e.noise == "binomial" and not e.survey_years
              and not e.every_other_year and e.type == "K"]

    def jumps(area: str) -> float:
        found = []
        for series_id in shares:
            series = [v for (v,) in rows(demo_db, "SELECT value FROM observation WHERE series_id = ? AND area_id = ? "
                                                  "AND gender = 'T' AND value IS NOT NULL ORDER BY year",
                                         [series_id, area])]
            found += [abs(b - a) for a, b in zip(series, series[1:], strict=False)]
        return statistics.median(found)

    assert jumps("1762") > 2 * jumps("1780")


def test_county_grain_series_have_county_and_riket_only_with_their_intervals(demo_db, catalogue):
    """The second source's survey series: no municipality value, every value inside its interval, pooled windows
    as the period, the number of answers given."""
    county_grain = [i.series_id for i in catalogue.indicators if not i.series_id.startswith("kolada:")]
    assert len(county_grain) >= 6
    found = rows(demo_db, "SELECT series_id, list(DISTINCT area_id ORDER BY area_id), "
                          "count(*) FILTER (WHERE value IS NOT NULL AND NOT (ci_low <= value AND value <= ci_high)), "
                          "count(*) FILTER (WHERE n IS NULL OR period NOT LIKE '____-____'), "
                          "min(ci_high - ci_low) FROM observation "
                          "WHERE series_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY series_id", [county_grain])
    assert {r[0] for r in found} == set(county_grain)
    for series_id, areas, outside, unlabelled, narrowest in found:
        assert areas == ["0000", "0017"], series_id
        assert outside == 0 and unlabelled == 0 and narrowest > 0, series_id
    kinds = rows(demo_db, "SELECT DISTINCT municipality_type FROM series WHERE series_id IN "
                          "(SELECT unnest(?::VARCHAR[]))", [county_grain])
    assert kinds == [("L",)]
