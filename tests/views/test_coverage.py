"""The coverage matrix from the build's `series_latest` table gives the rows the observation aggregate gives."""

from __future__ import annotations

from pathlib import Path

from views import db


def test_coverage_from_series_latest_matches_the_observation_aggregate(demo_db: Path) -> None:
    fast = db.query(demo_db, "coverage")
    slow = db.query(demo_db, "coverage_observation")
    assert fast.height > 100 and fast["latest_year"].null_count() < fast.height
    assert fast.equals(slow)


def test_the_coverage_matrix_lists_the_county_its_municipalities_and_riket_only(demo_db: Path) -> None:
    areas = db.query(demo_db, "coverage").select("area_id", "kind").unique()
    kinds = dict(areas.group_by("kind").len().iter_rows())
    assert kinds == {"region": 1, "kommun": 16, "riket": 1}
