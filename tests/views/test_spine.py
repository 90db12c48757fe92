"""The spine chart (views/spine.py) over a real demo database: one row per judged indicator of the status table,
watch indicators after them, better always to the right."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from views.db import query
from views.peers import peer_context
from views.spine import PEER_NAME, TARGET_NAME, spine_alt, spine_chart, spine_layout


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


# Issue 20 item 4 and issue 21 item 3: the similar municipalities' median and the target in force on each judged row

def _target(**kw) -> dict:
    base = {"target_id": "t1", "target_level": 20.0, "target_direction": None, "target_due_year": 2030,
            "target_status": "beslutat", "target_area": "all", "target_area_name": None,
            "target_body": "Politiska styrgruppen", "target_decided_on": None, "target_document": None}
    return {**base, **kw}


def test_context_marks_flip_with_the_row_and_widen_its_scale():
    row = _row(peer_median=8.0, peer_year=2025, **_target())
    higher = spine_layout(pl.DataFrame([row])).rows[0]
    lower = spine_layout(pl.DataFrame([{**row, "direction": "lower_is_better"}])).rows[0]
    # the target (20) is now the farthest value from Riket (10): the scale is 10, so nothing is off the axis
    assert higher.target == pytest.approx(1.0) and lower.target == pytest.approx(-1.0)
    assert higher.peer == pytest.approx(-0.2) and lower.peer == pytest.approx(0.2)
    assert higher.area == pytest.approx(0.2) and lower.area == pytest.approx(-0.2)
    assert higher.spread == pytest.approx((-0.4, 0.4))


def test_a_proposed_target_says_so_and_the_chart_names_both_marks_in_its_legend():
    row = _row(peer_median=8.0, peer_year=2025, **_target(target_status="förslag"))
    drawn = spine_layout(pl.DataFrame([row])).rows[0]
    assert drawn.target_text.startswith("Förslag till mål: 20\u00a0% senast 2030")
    assert drawn.target_text in drawn.hover and drawn.peer_text in drawn.hover
    fig = spine_chart(pl.DataFrame([row]), area_name="Karlstad", county_name="Hela Värmland")
    names = {t.name: t for t in fig.data}
    assert names[TARGET_NAME].x == pytest.approx((drawn.target,))
    assert names[PEER_NAME].x == pytest.approx((drawn.peer,))
    assert "ingår inte i bedömningen" in names[PEER_NAME].text[0]
    assert all(t.marker.color not in ("#009E73", "#D55E00") for t in (names[TARGET_NAME], names[PEER_NAME]))
    alt = spine_alt(pl.DataFrame([row]), area_name="Karlstad", county_name="Hela Värmland")
    assert "Liknande kommuner (median) 2025: 8,0\u00a0%" in alt and "Förslag till mål: 20\u00a0% senast 2030" in alt


def test_watch_rows_and_rows_without_context_draw_no_context_marks():
    watch = spine_layout(pl.DataFrame([_row(role="watch", peer_median=30.0, **_target())])).rows[0]
    assert watch.peer is None and watch.target is None
    assert watch.spread == pytest.approx((-1.0, 1.0)), "a watch row's scale ignores the context it does not draw"
    bare = spine_layout(pl.DataFrame([_row(peer_median=None, target_id=None)])).rows[0]
    assert bare.peer is None and bare.target is None and not bare.peer_text and not bare.target_text


def _scale(row: dict) -> tuple[float, float]:
    """(centre, scale, sign) of a row on a Riket spine, worked out here from the drawn values."""
    keys = ("latest_value", "ci_low", "ci_high", "county_value", "riket_value", "muni_min", "muni_max",
            "peer_median", "target_level")
    centre = row["riket_value"]
    spread = max(abs(row[k] - centre) for k in keys if row.get(k) is not None)
    return centre, spread


def test_the_peer_median_is_peer_contexts_and_the_target_sits_at_its_level(demo_db: Path):
    rows = query(demo_db, "spine_rows", ["1780", "T"])
    context = {r["indicator_id"]: r for r in peer_context(demo_db, "1780", "T").iter_rows(named=True)}
    layout = {r.indicator_id: r for r in spine_layout(rows).rows}
    peers = targets = 0
    for row in rows.iter_rows(named=True):
        drawn = layout[row["indicator_id"]]
        if drawn.area is None or row["role"] == "watch":
            continue
        centre, scale = _scale(row)
        sign = -1.0 if row["direction"] == "lower_is_better" else 1.0
        group = context.get(row["indicator_id"])
        if group is None or group["median"] is None:
            assert drawn.peer is None
        else:
            peers += 1
            assert row["peer_median"] == pytest.approx(group["median"]) and row["peer_year"] == group["year"]
            assert drawn.peer == pytest.approx(sign * (group["median"] - centre) / scale)
        if row["target_level"] is not None:
            targets += 1
            assert drawn.target == pytest.approx(sign * (row["target_level"] - centre) / scale)
            assert -1.0 <= drawn.target <= 1.0
    assert peers and targets, "the demo gives Karlstad a group and targets with a level"


def test_the_county_has_no_similar_municipalities(demo_db: Path):
    rows = query(demo_db, "spine_rows", ["0017", "T"])
    assert peer_context(demo_db, "0017", "T").is_empty()
    assert rows["peer_median"].null_count() == rows.height
    assert all(r.peer is None for r in spine_layout(rows).rows)
    fig = spine_chart(rows, area_name="Hela Värmland", county_name="Hela Värmland")
    assert PEER_NAME not in {t.name for t in fig.data}
    assert TARGET_NAME in {t.name for t in fig.data}, "the county's targets are drawn"
