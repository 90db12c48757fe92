"""Tables the build derives for the read side (series_year, status.latest_period) agree with the observations they
come from, and the observation key is checked before publishing (the table has no PRIMARY KEY index)."""

from __future__ import annotations

import hashlib

import duckdb
import polars as pl
import pytest

from etl.build import build_database
from etl.checks import BuildCheckError
from etl.fetch import fetch_run
from etl.load import publish


@pytest.fixture
def built(settings, catalogue, fast):
    fetch_run(settings, catalogue, mode="full", policy=fast)
    return build_database(settings, catalogue).db_path


def fetch(db, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_series_year_counts_the_areas_and_the_county_municipalities_with_a_value(built, catalogue) -> None:
    expected = fetch(built, f"""
        SELECT o.series_id, o.gender, o.year, count(*),
               count(*) FILTER (WHERE a.kind = 'kommun' AND substr(o.area_id, 1, 2) = '{catalogue.county_prefix}')
        FROM observation o JOIN area a USING (area_id)
        WHERE o.value IS NOT NULL GROUP BY ALL ORDER BY ALL""")
    stored = fetch(built, "SELECT series_id, gender, year, areas, county_municipalities FROM series_year ORDER BY ALL")
    assert stored == expected
    assert any(row[4] > 0 for row in stored) and any(row[3] > row[4] for row in stored)


def test_status_latest_period_is_the_period_of_the_areas_own_latest_value(built) -> None:
    """The source's label of the area's own latest value, or, for a row the method judged on pooled years
    (method.yaml pooling, three years), the window ending in latest_year."""
    mismatches = fetch(built, """
        SELECT s.indicator_id, s.area_id, s.gender, s.latest_period, o.period
        FROM status s LEFT JOIN observation o ON o.series_id = s.series_id AND o.area_id = s.area_id
             AND o.year = s.latest_year AND o.gender = s.gender
        WHERE s.latest_period IS DISTINCT FROM o.period
          AND NOT (s.latest_period = CAST(s.latest_year - 2 AS VARCHAR) || '-' || CAST(s.latest_year AS VARCHAR)
                   AND (o.period IS NULL OR o.period NOT LIKE '%-%'))""")
    assert mismatches == []
    assert fetch(built, "SELECT count(*) FROM status WHERE latest_year IS NOT NULL")[0][0] > 0


def test_a_duplicated_observation_key_stops_the_publish_names_the_key_and_keeps_the_database(built) -> None:
    con = duckdb.connect(str(built), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        frames = {t: con.sql(f'SELECT * FROM "{t}"').pl() for t in tables}
    finally:
        con.close()
    obs = frames["observation"]
    frames["observation"] = pl.concat([obs, obs.head(1)])
    before = hashlib.sha256(built.read_bytes()).hexdigest()
    series_id, area_id, year, gender = obs.row(0)[:4]
    with pytest.raises(BuildCheckError) as err:
        publish(built, frames, frames["observation"].get_column("value").null_count())
    assert (f"observation key series {series_id}, area {area_id}, year {year}, gender {gender} occurs 2 times"
            in str(err.value))
    assert hashlib.sha256(built.read_bytes()).hexdigest() == before
