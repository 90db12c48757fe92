"""The meeting pages in Streamlit's AppTest, on demo databases built by etl.demo."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from core.settings import load_settings
from etl.demo import DEMO_SOURCE
from etl.meeting_snapshot import create_snapshot
from views.format import fmt_value
from views.meeting.agenda import file_runner

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _run(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def test_presentation_shows_the_screen_from_the_url_and_steps(data_dir, demo_db):
    with file_runner(demo_db) as run:
        agenda = run("meeting_agenda", []).to_dicts()
    at = _run("app_pages/presentation.py", presentation="1", skarm="2")
    html = _html(at)
    assert f"Skärm 2 av {len(agenda)}" in html
    assert f">{agenda[1]['name']}<" in html
    assert "DEMODATA" in html
    assert 'data-mark="' in html and "np-words" in html  # mark = symbol + words, not colour alone
    assert html.count("np-pres-indicator") in (1, 2, 3)
    assert f"{DEMO_SOURCE.attribution}; status: egen bearbetning av data från demodata" in html
    assert "Källa: Kolada" not in html
    at.button(key="np_pres_next").click().run()
    assert at.query_params["skarm"] == "3"
    assert f">{agenda[2]['name']}<" in _html(at)
    at.button(key="np_pres_prev").click().run()
    at.button(key="np_pres_prev").click().run()
    assert at.query_params["skarm"] == "1"
    assert at.button(key="np_pres_prev").disabled


def test_presentation_clamps_a_bad_screen_number(data_dir):
    at = _run("app_pages/presentation.py", skarm="999")
    assert at.button(key="np_pres_next").disabled
    assert at.query_params["presentation"] == "1"
    at = _run("app_pages/presentation.py", skarm="abc")
    assert "Skärm 1 av" in _html(at)


def _first_value(db: Path) -> tuple:
    """(kpi_id, area_id, year, gender, value, unit) of one indicator value for Karlstad."""
    con = duckdb.connect(str(db))
    row = con.execute("SELECT o.kpi_id, o.area_id, o.year, o.gender, o.value, i.unit FROM observation o "
                      "JOIN indicator i ON i.kpi_id = o.kpi_id WHERE o.area_id = '1780' "
                      "AND o.value IS NOT NULL ORDER BY o.kpi_id, o.year LIMIT 1").fetchall()[0]
    con.close()
    return row


def test_nytt_sedan_lists_the_one_revision_since_the_meeting(data_dir):
    settings = load_settings(data_dir=data_dir)
    create_snapshot(settings, "Novembermötet")
    *key, value, unit = _first_value(settings.db_path)
    con = duckdb.connect(str(settings.db_path))
    con.execute("UPDATE observation SET value = value + 2 WHERE kpi_id = ? AND area_id = ? AND year = ? "
                "AND gender = ?", key)
    con.execute("CHECKPOINT")
    con.close()
    at = _run("app_pages/nytt_sedan.py")
    heads = [h.value for h in at.subheader]
    assert "Värden som källan har reviderat eller tagit bort (1)" in heads
    assert "Indikatorer med ett nytt år (0)" in heads
    assert "Ändrade bedömningar (0)" in heads
    tables = [h.proto.body for h in at.html if 'data-testid="np_nytt_revised"' in h.proto.body]
    assert len(tables) == 1
    rows = re.findall(r"<tr>(.*?)</tr>", tables[0].split("<tbody>")[1])
    assert len(rows) == 1
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[0])
    assert cells[2:5] == ["Karlstad", str(key[2]), "Totalt"]
    assert cells[5:8] == [fmt_value(value, unit), fmt_value(value + 2, unit), "Reviderat"]  # Swedish numbers
    assert any(c.value == DEMO_SOURCE.attribution for c in at.caption)
    buttons = at.get("download_button")
    assert len(buttons) == 2  # .xlsx and CSV under the one table with rows
    assert {b.proto.label for b in buttons} == {"Ladda ner .xlsx", "Ladda ner CSV (Excel)"}


def test_nytt_sedan_without_snapshots_offers_a_date(data_dir):
    at = _run("app_pages/nytt_sedan.py")
    assert at.radio(key="np_nytt_mode").value == "date"
    heads = [h.value for h in at.subheader]
    assert "Värden som källan har reviderat eller tagit bort (0)" in heads
    assert any("mötesögonblicksbild" in i.value for i in at.info)
    at.radio(key="np_nytt_mode").set_value("snapshot").run()
    assert any("inga sparade möten" in i.value for i in at.info)
