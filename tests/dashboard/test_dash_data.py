"""dashboard/data.py: read-only access, bound parameters, swapped files, snapshots; and the banners it drives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dash_helpers import APP, html_bodies

from core.settings import load_settings
from dashboard import data
from etl.meeting_snapshot import create_snapshot
from views import db

DB = "nyaperspektiv.duckdb"


def edited_copy(src: Path, dst: Path, sql: list[str]) -> Path:
    """A copy of `src` with some statements applied, written completely (checkpointed) before returning."""
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    for statement in sql:
        con.execute(statement)
    con.execute("CHECKPOINT")
    con.close()
    return dst


def test_query_binds_parameters_and_returns_polars(data_dir):
    frame = data.query("stage_rows", ["1784", "T", "barn"])
    assert frame.height > 0 and set(frame["indicator_id"]).issubset(set(data.query("indicators")["indicator_id"]))
    injected = data.query("stage_rows", ["1784' OR '1'='1", "T", "barn"])
    assert injected["mark"].null_count() == injected.height   # no status row matched: the value stayed a value


def test_unknown_sql_name_is_refused(data_dir):
    with pytest.raises(ValueError, match="no SQL file named '../etl/sql/schema'"):
        data.query("../etl/sql/schema")


def test_the_database_is_attached_read_only(data_dir):
    cur, _ = db._cursor(data.db_path())
    with pytest.raises(duckdb.Error, match="read-only"):
        cur.execute("CREATE TABLE x (a INTEGER)")
    cur.close()


def test_a_swapped_in_file_is_read_on_the_next_query(data_dir, tmp_path_factory):
    live = data_dir / DB
    assert data.dataset_info()["is_demo"] is True
    before = data.query("areas").filter(data.query("areas")["area_id"] == "1784")["name"][0]
    assert before == "Arvika"
    new = edited_copy(live, tmp_path_factory.mktemp("next") / DB,
                      ["UPDATE dataset SET value = 'false' WHERE key = 'is_demo'",
                       "UPDATE area SET name = 'Arvika kommun' WHERE area_id = '1784'"])
    os.replace(new, live)
    assert data.dataset_info()["is_demo"] is False
    areas = data.query("areas")
    assert areas.filter(areas["area_id"] == "1784")["name"][0] == "Arvika kommun"


def test_missing_database_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("NP_DATA_DIR", str(tmp_path))
    assert data.dataset_info()["exists"] is False
    with pytest.raises(data.NoDatabaseError):
        data.query("areas")


def test_geojson_has_the_16_municipalities(data_dir):
    ids = data.query("areas").filter(data.query("areas")["kind"] == "kommun")["area_id"].to_list()
    geo = data.varmland_geojson(ids)
    assert sorted(f["properties"]["kommun_kod"] for f in geo["features"]) == sorted(ids)
    assert len(ids) == 16


def test_demo_banner_on_demo_data_only(run_app, data_dir, tmp_path_factory):
    assert "DEMODATA" in html_bodies(run_app())
    live = data_dir / DB
    os.replace(edited_copy(live, tmp_path_factory.mktemp("real") / DB,
                           ["UPDATE dataset SET value = 'false' WHERE key = 'is_demo'"]), live)
    for page in (None, "app_pages/livsskede.py", "app_pages/indikator.py", "app_pages/kommunprofil.py",
                 "app_pages/metod.py"):
        assert "DEMODATA" not in html_bodies(run_app(page=page))


def test_no_database_page_says_how_to_make_one(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NP_DATA_DIR", str(tmp_path))
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Ingen databas ännu"
    assert "python -m etl demo" in at.markdown[0].value
    assert str(tmp_path) in at.error[0].value.replace("\\", "")  # the path Markdown-escaped (views/safe_text.py)


def test_snapshot_is_chosen_by_url_and_labelled_on_every_page(run_app, data_dir):
    settings = load_settings(data_dir=data_dir)
    info = create_snapshot(settings, "Styrgruppen 2026-12-01")
    live = data_dir / DB
    os.replace(edited_copy(live, data_dir / "next.duckdb",
                           ["UPDATE area SET name = 'Nytt namn' WHERE area_id = '1784'"]), live)
    for page in (None, "app_pages/livsskede.py", "app_pages/indikator.py", "app_pages/kommunprofil.py",
                 "app_pages/metod.py"):
        at = run_app(page=page, snapshot=info.slug, kommun="1784")
        html = html_bodies(at)
        assert "Data som visades vid Styrgruppen 2026-12-01" in html
        assert "Visar <b>Arvika</b>" in html or page == "app_pages/metod.py"
    at = run_app(kommun="1784")
    assert "Data som visades vid" not in html_bodies(at)
    assert "Visar <b>Nytt namn</b>" in html_bodies(at)


def test_unknown_snapshot_falls_back_to_live_data(run_app):
    at = run_app(snapshot="../../etc/passwd")
    assert any("mötesögonblicksbild" in w.value for w in at.warning)
    assert "Data som visades vid" not in html_bodies(at)


def test_method_page_shows_the_last_refresh_and_its_changes(run_app, data_dir, tmp_path_factory):
    live = data_dir / DB
    kpi = duckdb.connect(str(live), read_only=True).execute(
        "select series_id from indicator order by sort_order limit 1").fetchone()[0]
    os.replace(edited_copy(live, tmp_path_factory.mktemp("refresh") / DB, [
        "INSERT INTO etl_run (run_id, started_at, finished_at, source, mode, from_date, requests, rows, "
        "outcome, message) "
        "VALUES ('20261120T060000Z', '2026-11-20 06:00', '2026-11-20 06:02', "
        "'http://127.0.0.1:1/v3', 'incremental', '2026-11-01', 7, 3, 'ok', '')",
        "INSERT INTO etl_run (run_id, started_at, finished_at, source, mode, from_date, requests, rows, "
        "outcome, message) "
        "VALUES ('20261121T060000Z', '2026-11-21 06:00', '2026-11-21 06:00', "
        "'http://127.0.0.1:1/v3', 'incremental', '2026-11-20', 1, 0, 'failed', 'HTTP 503 från Kolada')",
        f"INSERT INTO observation_change VALUES ('20261120T060000Z', '{kpi}', '1784', 2025, 'T', 'revised', 1, 2)",
        f"INSERT INTO observation_change VALUES ('20261120T060000Z', '{kpi}', '1780', 2025, 'T', 'new', NULL, 3)",
        f"INSERT INTO series_change VALUES ('20261120T060000Z', '{kpi}', 'publication_date', '2026-10-22', "
        "'2027-03-01')",
        "INSERT INTO missing_series VALUES ('N99999', 'Kolada svarade utan rader')",
    ]), live)
    at = run_app(page="app_pages/metod.py")
    html = html_bodies(at)
    runs = html[html.index('data-testid="np-runs"'):]
    assert "HTTP 503 från Kolada" in runs and "misslyckades" in runs and "lyckades" in runs
    text = " ".join(m.value for m in at.markdown)
    assert "Senaste lyckade hämtning: **20261120T060000Z**" in text
    assert any("20261121T060000Z" in w.value and "HTTP 503" in w.value for w in at.warning)
    changes = html[html.index('data-testid="np-changes"'):]
    changes = changes[:changes.index("</table>")]
    assert kpi.split(":", 1)[-1] in changes and kpi not in changes and "Reviderade" in changes and "Nya" in changes
    assert "publication_date" in html and "2027-03-01" in html
    assert "N99999" in html and "Kolada svarade utan rader" in html


def test_repeated_swaps_keep_reading_the_newest_file(data_dir, tmp_path_factory):
    live = data_dir / DB
    for i in range(4):
        os.replace(edited_copy(live, tmp_path_factory.mktemp(f"swap{i}") / DB,
                               [f"UPDATE area SET name = 'Arvika {i}' WHERE area_id = '1784'"]), live)
        areas = data.query("areas")
        assert areas.filter(areas["area_id"] == "1784")["name"][0] == f"Arvika {i}"
    assert len(db._retired) == 1   # only the generation before the current one is kept open
