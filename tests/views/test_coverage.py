"""The coverage matrix from the build's `series_latest` table gives the rows the observation aggregate gives."""

from __future__ import annotations

from pathlib import Path

import duckdb

from views import db

# The same rows aggregated from every observation (what coverage.sql did before the build wrote series_latest).
FROM_OBSERVATIONS = """
WITH county AS (SELECT max(value) FILTER (WHERE key = 'county_area') AS id,
                       max(value) FILTER (WHERE key = 'county_label') AS label FROM dataset),  -- 'Hela Värmland'
shown AS (
    SELECT a.area_id, CASE WHEN a.area_id = c.id THEN coalesce(c.label, a.name) ELSE a.name END AS name, a.kind
    FROM area a, county c
    WHERE c.id IS NULL OR a.kind = 'riket' OR a.area_id = c.id
       OR (a.kind = 'kommun' AND substr(a.area_id, 1, 2) = substr(c.id, 3, 2))
),
latest AS (
    SELECT o.series_id, o.area_id, max(o.year) AS latest_year
    FROM observation o
    SEMI JOIN shown s ON s.area_id = o.area_id
    WHERE o.gender = 'T' AND o.value IS NOT NULL
    GROUP BY o.series_id, o.area_id
)
SELECT i.indicator_id, i.short_name, i.sort_order, ls.sort_order AS stage_order,
       s.area_id, s.name AS area_name, s.kind, l.latest_year
FROM indicator i
JOIN life_stage ls USING (life_stage_id)
CROSS JOIN shown s
LEFT JOIN latest l ON l.series_id = i.series_id AND l.area_id = s.area_id
ORDER BY stage_order, i.sort_order, s.area_id
"""


def test_coverage_from_series_latest_matches_the_observation_aggregate(demo_db: Path) -> None:
    fast = db.query(demo_db, "coverage")
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        slow = con.sql(FROM_OBSERVATIONS).pl()
    finally:
        con.close()
    assert fast.height > 100 and fast["latest_year"].null_count() < fast.height
    assert fast.equals(slow)


def test_the_coverage_matrix_lists_the_county_its_municipalities_and_riket_only(demo_db: Path) -> None:
    areas = db.query(demo_db, "coverage").select("area_id", "kind").unique()
    kinds = dict(areas.group_by("kind").len().iter_rows())
    assert kinds == {"region": 1, "kommun": 16, "riket": 1}
