"""The dashboard under faults (Streamlit AppTest): a database that breaks midway shows the Swedish error page on
every page, never Streamlit's English error box; failing refreshes show a banner; upstream text stays text."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = [None, "app_pages/livsskede.py", "app_pages/indikator.py", "app_pages/kommunprofil.py",
         "app_pages/metod.py", "app_pages/nytt_sedan.py", "app_pages/presentation.py"]
KEEP = {"dataset", "area", "observation", "series_year", "indicator", "life_stage"}  # what the start-up reads


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def _run(page: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def _break_after_start_up(db: Path) -> None:
    """A database whose start-up tables read but every page's own tables fail: a partial loss."""
    con = duckdb.connect(str(db))
    try:
        views = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        for view in views:
            con.execute(f'DROP VIEW "{view}"')
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            if table not in KEEP:
                con.execute(f'DROP TABLE "{table}"')
    finally:
        con.close()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_swedish_error_page_when_the_database_breaks(data_dir, page):
    _break_after_start_up(data_dir / "nyaperspektiv.duckdb")
    at = _run(page)
    assert not at.exception, [e.value for e in at.exception]  # no English error box
    assert [t.value for t in at.title][-1] == "Databasen kunde inte läsas"
    assert "nyaperspektiv.duckdb gick inte att läsa" in at.error[0].value.replace("\\", "")  # Markdown-escaped


def test_a_database_that_does_not_open_shows_the_swedish_page(data_dir):
    (data_dir / "nyaperspektiv.duckdb").write_bytes(b"")
    at = _run(None)
    assert not at.exception
    assert at.title[0].value == "Databasen kunde inte läsas"


def test_failing_refreshes_show_a_banner_with_the_message_as_text(data_dir):
    hostile = "HTTP 500: [Logga in](http://evil.example/x) <img src=http://evil.example/t.png>"
    (data_dir / "attempts.jsonl").write_text(json.dumps(
        {"at": "2026-11-20T06:15:00Z", "action": "fetch", "outcome": "failed", "message": hostile}) + "\n")
    at = _run(None)
    assert 'data-testid="np-refresh-alert"' in _html(at)
    at = _run("app_pages/metod.py")
    html = _html(at)
    assert "Data kan vara inaktuella" in html
    assert "&lt;img src=http://evil.example/t.png&gt;" in html and "<img src=http://evil" not in html
    (data_dir / "attempts.jsonl").write_text(
        (data_dir / "attempts.jsonl").read_text()
        + json.dumps({"at": "2026-11-21T06:15:00Z", "action": "build", "outcome": "ok", "message": ""}) + "\n")
    assert "np-refresh-alert" in _html(_run(None))  # a build from the runs at hand does not make the data current
    (data_dir / "attempts.jsonl").write_text(
        (data_dir / "attempts.jsonl").read_text()
        + json.dumps({"at": "2026-11-22T06:15:00Z", "action": "fetch", "outcome": "ok", "message": ""}) + "\n")
    assert "np-refresh-alert" not in _html(_run(None))
