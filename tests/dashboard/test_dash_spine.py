"""The spine chart on the pages (AppTest over the demo database): one row per judged indicator of the status
table, watch indicators after them, against Riket on a life-stage page and against the county on a municipality's
Kommunprofil."""

from __future__ import annotations

import json

from dash_helpers import db_rows

STAGE_PAGE = "app_pages/livsskede.py"
PROFILE_PAGE = "app_pages/kommunprofil.py"


def _spines(at) -> list[dict]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [s["layout"]["meta"] for s in specs if "spine_rows" in (s["layout"].get("meta") or {})]


def _status(db, area: str, stage: str, role: str) -> list[str]:
    return [r[0] for r in db_rows(db, "select s.indicator_id from status s join indicator i using (indicator_id) "
                                      "where s.area_id = ? and s.gender = 'T' and i.life_stage_id = ? "
                                      "and s.role = ? order by i.sort_order", [area, stage, role])]


def test_life_stage_page_opens_with_a_spine_of_its_judged_indicators(run_app, data_dir):
    db = data_dir / "nyaperspektiv.duckdb"
    stage = db_rows(db, "select life_stage_id from life_stage order by sort_order limit 1")[0][0]
    for area in ("0017", "1762"):
        at = run_app(page=STAGE_PAGE, kommun=area)
        assert not at.exception
        (spine,) = _spines(at)
        judged, watched = _status(db, area, stage, "outcome"), _status(db, area, stage, "watch")
        assert spine["spine_rows"] == judged + watched and spine["n_judged"] == len(judged)
        assert spine["reference"] == "riket"   # the rows' marks compare with Riket
        assert "Egen bearbetning av demodata" in " ".join(c.value for c in at.caption)


def test_profile_has_one_spine_per_life_stage_against_the_pages_one_reference(run_app, data_dir):
    db = data_dir / "nyaperspektiv.duckdb"
    stages = [r[0] for r in db_rows(db, "select life_stage_id from life_stage order by sort_order")]
    for area, reference in (("1780", "county"), ("0017", "riket")):
        at = run_app(page=PROFILE_PAGE, kommun=area)
        assert not at.exception
        spines = _spines(at)
        assert [s["spine_rows"] for s in spines] == [_status(db, area, st, "outcome") + _status(db, area, st, "watch")
                                                      for st in stages]
        assert {s["reference"] for s in spines} == {reference}
