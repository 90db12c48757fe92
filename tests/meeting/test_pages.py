"""The meeting pages in Streamlit's AppTest, on demo databases built by etl.demo."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from core.settings import load_settings
from etl.meeting_snapshot import create_snapshot
from tests.apptest import run_app
from tests.meeting.status_rows import status_rows
from views.db import reader
from views.format import fmt_value


def _run(page: str, **query: str) -> AppTest:
    return run_app(page, **query)


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def test_presentation_shows_the_screen_from_the_url_and_steps(data_dir, demo_db):
    with reader(demo_db) as run:
        agenda = run("meeting_agenda", []).to_dicts()
    at = _run("app_pages/presentation.py", presentation="1", skarm="2")
    html = _html(at)
    # screen 1 is every life stage at a glance; the demo closes with "Målet nått – dags att höja ambitionen?" and
    # "Nytt sedan förra mötet"
    assert f"Skärm 2 av {len(agenda) + 3}" in html
    assert f">{agenda[0]['name']}<" in html
    assert "DEMODATA" in html
    assert 'data-mark="' in html and "np-words" in html  # mark = symbol + words, not colour alone
    assert len(at.get("plotly_chart")) >= 1  # the spine
    assert "<div>Källa: demodata (påhittade siffror)</div><div>Status: egen bearbetning av demodata. Demodata " in html
    assert "Kolada" not in html
    at.button(key="np_pres_next").click().run()
    assert at.query_params["skarm"] == "3"
    assert f": {agenda[1]['name']}<" in _html(at)
    at.button(key="np_pres_prev").click().run()
    at.button(key="np_pres_prev").click().run()
    assert at.query_params["skarm"] == "1"
    assert at.button(key="np_pres_prev").disabled



def test_presentation_screens_show_every_judged_indicator_on_the_spine(data_dir, demo_db):
    """Issue 20 items 2 and 6: a life stage's or goal's screen draws the spine with one row per judged indicator of
    the status table (every one, not two or three cards), the watch indicators after them under their own heading
    and without colour."""
    import json

    from views.meeting.agenda import load_meeting
    from views.spine import WATCH_HEADING, wrap_label

    with reader(demo_db) as run:
        meeting = load_meeting(run, "1780")
    names = {ln.indicator_id: ln.short_name for s in meeting.screens for ln in s.all_indicators}
    checked = 0
    for screen in [*meeting.stage_screens(), *meeting.screens[2:5]]:
        at = _run("app_pages/presentation.py", kommun="1780", presentation="1", skarm=str(screen.number))
        specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        spine = next(s for s in specs if any(a.get("text") == "← Sämre" for a in s["layout"]["annotations"]))
        texts = [a["text"] for a in spine["layout"]["annotations"]]
        goal = screen.item_id if screen.kind == "goal" else None
        judged = status_rows(demo_db, "1780", screen.life_stage_id, goal, "outcome")
        watched = status_rows(demo_db, "1780", screen.life_stage_id, goal, "watch")
        assert judged
        rows = [t for t in texts if t in {wrap_label(names[i], 60) for i in names}
                or t in {wrap_label(names[i], 32) for i in names}]
        expected = [names[i] for i in [*judged, *watched]]
        assert [r.replace("<br>", " ") for r in rows] == expected, (screen.title, rows, expected)
        if watched:  # the heading's row lies between the last judged row and the first watched one
            y = {a["text"]: a["y"] for a in spine["layout"]["annotations"]}
            assert y[rows[len(judged) - 1]] < y[f"<b>{WATCH_HEADING}</b>"] < y[rows[len(judged)]]
            watch_markers = [t for t in spine["data"] if "bevakas" in (t.get("name") or "")]
            assert watch_markers and all(t["marker"]["color"] == "#FFFFFF" for t in watch_markers)  # no colour
        checked += 1
    assert checked == 7


def test_presentation_clamps_a_bad_screen_number(data_dir):
    at = _run("app_pages/presentation.py", skarm="999")
    assert at.button(key="np_pres_next").disabled
    assert at.query_params["presentation"] == "1"
    at = _run("app_pages/presentation.py", skarm="abc")
    assert "Skärm 1 av" in _html(at)


def _first_value(db: Path) -> tuple:
    """(series_id, area_id, year, gender, value, unit) of one indicator value for Karlstad."""
    con = duckdb.connect(str(db))
    row = con.execute("SELECT o.series_id, o.area_id, o.year, o.gender, o.value, i.unit FROM observation o "
                      "JOIN indicator i ON i.series_id = o.series_id WHERE o.area_id = '1780' AND o.gender = 'T' "
                      "AND o.value IS NOT NULL ORDER BY o.series_id, o.year LIMIT 1").fetchall()[0]
    con.close()
    return row


def test_nytt_sedan_lists_the_one_revision_since_the_meeting(data_dir):
    settings = load_settings(data_dir=data_dir)
    create_snapshot(settings, "Novembermötet")
    *key, value, unit = _first_value(settings.db_path)
    con = duckdb.connect(str(settings.db_path))
    con.execute("UPDATE observation SET value = value + 2 WHERE series_id = ? AND area_id = ? AND year = ? "
                "AND gender = ?", key)
    con.execute("CHECKPOINT")
    con.close()
    at = _run("app_pages/nytt_sedan.py")
    heads = [h.value for h in at.subheader]
    assert "Värden som har reviderats eller tagits bort i demodatan (1)" in heads
    assert "Indikatorer med ett nytt år (0)" in heads
    assert "Ändrade bedömningar (0)" in heads
    tables = [h.proto.body for h in at.html if 'data-testid="np_nytt_revised"' in h.proto.body]
    assert len(tables) == 1
    rows = re.findall(r"<tr>(.*?)</tr>", tables[0].split("<tbody>")[1])
    assert len(rows) == 1
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[0])
    assert cells[2:5] == ["Karlstad", str(key[2]), "Totalt"]
    assert cells[5:8] == [fmt_value(value, unit), fmt_value(value + 2, unit), "Reviderat"]  # Swedish numbers
    assert any(c.value == "Källa: demodata (påhittade siffror)" for c in at.caption)
    assert not any("Kolada" in c.value for c in at.caption)
    assert not any(";" in c.value for c in at.caption if c.value.startswith("Källa:"))  # never joined
    buttons = at.get("download_button")
    assert len(buttons) == 12  # .xlsx and CSV under every list, disabled where the list is empty
    assert {b.proto.label for b in buttons} == {"Ladda ner .xlsx", "Ladda ner CSV (Excel)"}
    # the one revision, and the demo's target met two years in a row ("Målet nått"); no new target decision
    assert "Nya och höjda mål (0)" in heads
    assert sum(not b.proto.disabled for b in buttons) == 4


def test_nytt_sedan_without_snapshots_offers_a_date(data_dir):
    at = _run("app_pages/nytt_sedan.py")
    assert at.radio(key="np_nytt_mode").value == "date"
    heads = [h.value for h in at.subheader]
    # the demo's own change set (run demo-2, built today) falls within the default last 30 days
    assert any(h.startswith("Värden som har reviderats eller tagits bort i demodatan (") for h in heads)
    assert any("mötesögonblicksbild" in i.value for i in at.info)
    at.radio(key="np_nytt_mode").set_value("snapshot").run()
    assert any("inga sparade möten" in i.value for i in at.info)


def _change_marks(db: Path) -> dict[str, str]:
    """After a saved meeting: one indicator verdict each for Karlstad (1780) and Munkfors (1762) turns red, and
    Karlstad's Barnalivet and one of its goals change colour. Returns the changed ids."""
    con = duckdb.connect(str(db))
    ind = {a: con.execute("SELECT indicator_id FROM status WHERE area_id = ? AND gender = 'T' AND mark <> 'red' "
                          "ORDER BY indicator_id LIMIT 1", [a]).fetchone()[0] for a in ("1780", "1762")}
    for area, indicator in ind.items():
        con.execute("UPDATE status SET mark = 'red', mark_label = 'Går åt fel håll' WHERE area_id = ? "
                    "AND indicator_id = ? AND gender = 'T'", [area, indicator])
    stage_mark = con.execute("SELECT mark FROM life_stage_status WHERE area_id = '1780' AND gender = 'T' "
                             "AND life_stage_id = 'barn'").fetchone()[0]
    new = "red" if stage_mark != "red" else "green"
    con.execute("UPDATE life_stage_status SET mark = ? WHERE area_id = '1780' AND gender = 'T' "
                "AND life_stage_id = 'barn'", [new])
    goal = con.execute("SELECT goal_id, mark FROM life_stage_goal_status WHERE area_id = '1780' AND gender = 'T' "
                       "AND life_stage_id = 'barn' ORDER BY goal_id LIMIT 1").fetchone()
    con.execute("UPDATE life_stage_goal_status SET mark = ? WHERE area_id = '1780' AND gender = 'T' "
                "AND life_stage_id = 'barn' AND goal_id = ?", ["red" if goal[1] != "red" else "green", goal[0]])
    con.execute("CHECKPOINT")
    con.close()
    return {"1780": ind["1780"], "1762": ind["1762"], "goal": goal[0]}


def _verdict_areas(at: AppTest) -> list[str]:
    table = next(h.proto.body for h in at.html if 'data-testid="np_nytt_verdicts"' in h.proto.body)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row)[1] for row in re.findall(r"<tr>(.*?)</tr>",
                                                                            table.split("<tbody>")[1])]


def test_nytt_sedan_follows_the_municipality_filter_and_starts_with_the_headlines(data_dir):
    """Issue 20 item 7: a municipality sees its own changed verdicts, the county every area's; the page starts
    with the life stages and goals whose headline changed colour for the chosen area."""
    settings = load_settings(data_dir=data_dir)
    create_snapshot(settings, "Novembermötet")
    changed = _change_marks(settings.db_path)

    at = _run("app_pages/nytt_sedan.py", kommun="1780")
    assert "Ändrade bedömningar (1)" in [h.value for h in at.subheader]
    assert _verdict_areas(at) == ["Karlstad"]
    assert at.subheader[0].value == "Mål och livsskeden som har bytt färg – Karlstad"  # first, before the lists
    news = next(h.proto.body for h in at.html if "data-testid='np-news'" in h.proto.body)
    assert "1 livsskede och 1 mål har bytt färg" in news
    assert "data-kind='life_stage' data-stage='barn' data-item='barn'" in news
    assert f"data-kind='goal' data-stage='barn' data-item='{changed['goal']}'" in news
    assert news.index("data-kind='life_stage'") < news.index("data-kind='goal'")  # life stages first
    assert "1 indikator med ny bedömning" in news

    at = _run("app_pages/nytt_sedan.py", kommun="1762")
    assert _verdict_areas(at) == ["Munkfors"]
    news = next(h.proto.body for h in at.html if "data-testid='np-news'" in h.proto.body)
    assert "Inget livsskede och inget mål har bytt färg" in news

    at = _run("app_pages/nytt_sedan.py", kommun="0017")
    assert sorted(_verdict_areas(at)) == ["Karlstad", "Munkfors"]  # the county view lists every area
    at = _run("app_pages/nytt_sedan.py", kommun="1780", kon="K")
    assert "Ändrade bedömningar (0)" in [h.value for h in at.subheader]  # only the chosen gender's verdicts
