"""The spine chart (views/spine.py) over a real demo database: one row per judged indicator of the status table,
watch indicators after them, better always to the right."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from views.db import query
from views.spine import spine_chart, spine_layout


def _status(db: Path, area: str, stage: str, role: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute(
            "SELECT s.indicator_id FROM status s JOIN indicator i USING (indicator_id) "
            "WHERE s.area_id = ? AND s.gender = 'T' AND i.life_stage_id = ? AND s.role = ? ORDER BY i.sort_order",
            [area, stage, role]).fetchall()]


@pytest.mark.parametrize("area", ["1762", "1780", "0017"])
@pytest.mark.parametrize("stage", ["barn", "unga", "vuxna", "aldre"])
def test_rows_are_the_status_tables_judged_indicators_then_the_watched(demo_db: Path, area: str, stage: str):
    rows = query(demo_db, "spine_rows", [area, "T"]).filter(pl.col("life_stage_id") == stage)
    layout = spine_layout(rows)
    judged, watched = _status(demo_db, area, stage, "outcome"), _status(demo_db, area, stage, "watch")
    assert judged, "the demo has judged indicators in every life stage"
    assert [r.indicator_id for r in layout.rows[:layout.n_judged]] == judged
    assert [r.indicator_id for r in layout.rows[layout.n_judged:]] == watched
    assert all(r.mark == "grey" for r in layout.rows[layout.n_judged:]), "watch indicators are never coloured"
    fig = spine_chart(rows, area_name="X", county_name="Hela Värmland")
    texts = [a.text for a in fig.layout.annotations]
    for r in layout.rows:   # every row is named on the chart
        assert r.label in texts


def _row(**kw) -> dict:
    base = {"indicator_id": "i", "short_name": "Indikator", "unit": "percent", "direction": "higher_is_better",
            "role": "outcome", "latest_value": 12.0, "ci_low": None, "ci_high": None, "county_value": 10.0,
            "riket_value": 10.0, "vs_riket": "better", "vs_riket_label": "Bättre än riket", "vs_county": "better",
            "vs_county_label": "Bättre än länet", "mark": "green", "mark_label": "Bättre än riket",
            "muni_min": 6.0, "muni_q1": 8.0, "muni_median": 9.0, "muni_q3": 11.0, "muni_max": 14.0}
    return {**base, **kw}


def test_lower_is_better_is_flipped_so_better_is_always_to_the_right():
    higher = spine_layout(pl.DataFrame([_row()])).rows[0]
    lower = spine_layout(pl.DataFrame([_row(direction="lower_is_better")])).rows[0]
    assert higher.area == pytest.approx(0.5)       # (12 - 10) / 4: the farthest value (6 or 14) is at ±1
    assert lower.area == pytest.approx(-0.5)       # a higher value is worse: to the left
    assert higher.spread == pytest.approx((-1.0, 1.0))
    assert lower.middle == pytest.approx((-0.25, 0.5))   # q3 11 -> -0.25, q1 8 -> 0.5: still low <= high


def test_marker_takes_the_comparison_of_the_reference_shown():
    row = _row(vs_riket="same", vs_county="worse")
    assert spine_layout(pl.DataFrame([row])).rows[0].mark == "neutral"
    assert spine_layout(pl.DataFrame([row]), reference="county").rows[0].mark == "red"


def test_a_row_not_comparable_between_areas_draws_no_spread_and_says_so():
    row = spine_layout(pl.DataFrame([_row(vs_riket="not_comparable",
                                          vs_riket_label="Jämförs inte med andra kommuner")])).rows[0]
    assert row.area is None and row.spread is None and row.other is None
    assert row.note == "Jämförs inte med andra kommuner"


def test_a_row_without_a_value_keeps_its_place_with_its_reason():
    row = spine_layout(pl.DataFrame([_row(latest_value=None, vs_riket=None, mark="grey",
                                          mark_label="Finns bara för länet")])).rows[0]
    assert row.area is None and row.note == "Finns bara för länet"
