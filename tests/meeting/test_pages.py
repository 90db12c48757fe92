"""The meeting pages in Streamlit's AppTest, on demo databases built by etl.demo."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from core.settings import load_settings
from etl.meeting_snapshot import create_snapshot
from tests.apptest import run_app
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
    assert f"Skärm 2 av {len(agenda) + 1}" in html  # screen 1 is every life stage at a glance
    assert f">{agenda[0]['name']}<" in html
    assert "DEMODATA" in html
    assert 'data-mark="' in html and "np-words" in html  # mark = symbol + words, not colour alone
    assert html.count("np-pres-indicator") in (1, 2, 3)
    assert "<div>Källa: demodata (påhittade siffror)</div><div>Status: egen bearbetning av demodata. Demodata " in html
    assert "Kolada" not in html
    at.button(key="np_pres_next").click().run()
    assert at.query_params["skarm"] == "3"
    assert f": {agenda[1]['name']}<" in _html(at)
    at.button(key="np_pres_prev").click().run()
    at.button(key="np_pres_prev").click().run()
    assert at.query_params["skarm"] == "1"
    assert at.button(key="np_pres_prev").disabled


def test_presentation_lists_watch_indicators_apart_with_their_reason(data_dir, demo_db):
    """Issue 8 in presentation mode: watch indicators under 'Bevakas – tolkas med försiktighet' with the catalogue's
    reason and no colour, never as an indicator card; every comparison in the status table's words, so one without
    a secured difference reads 'ingen säkerställd skillnad'."""
    from html import escape

    from views.meeting.agenda import WATCH_HEADING, load_meeting
    from views.words import COUNTY_NAME, comparison_word

    with reader(demo_db) as run:
        meeting = load_meeting(run, "1780")
    checked_watch = checked_same = 0
    for screen in meeting.screens[1:]:
        lines = [*screen.top, *screen.watched]
        if not screen.watched and not any("same" in (ln.vs_riket, ln.vs_county) for ln in lines):
            continue
        html = _html(_run("app_pages/presentation.py", kommun="1780", presentation="1", skarm=str(screen.number)))
        cards = html.split("data-testid='np-pres-indicator'")[1:]
        assert len(cards) == len(screen.top)
        watch = html.split("data-testid='np-pres-watch'>", 1)[1] if screen.watched else ""
        for line in lines:
            title = f"<h3>{escape(line.short_name)}</h3>"
            where = watch if line.role == "watch" else next(c for c in cards if title in c)
            head = f"<b>{escape(line.short_name)}</b>" if line.role == "watch" else ""
            part = where.split(head, 1)[1].split("</div></div>", 1)[0] if head else where.split("</div></div>", 1)[0]
            in_badge = bool(line.vs_riket_label) and line.mark_label.startswith(line.vs_riket_label)
            if in_badge:  # the card's mark already says it ("Ingen säkerställd skillnad mot riket"): not twice
                assert f"<span class=\"np-words\">{escape(line.mark_label)}</span>" in part
            for name, result in ((COUNTY_NAME, line.vs_county), ("Riket", None if in_badge else line.vs_riket)):
                if result:
                    assert re.search(rf"{name} [^(·]* \({comparison_word(result)}\)", part), (name, result, part)
                    checked_same += result == "same"
            if line.role == "watch":
                assert f"<div class='np-pres-reason'>{escape(line.role_reason)}" in part
                assert "data-mark" not in part  # no colour
                assert not any(f"<h3>{escape(line.short_name)}</h3>" in c for c in cards)
        if screen.watched:
            assert watch.startswith(f"<h2>{escape(WATCH_HEADING)}</h2>")
            checked_watch += 1
        else:
            assert "data-testid='np-pres-watch'" not in html
    assert checked_watch >= 3 and checked_same >= 3
    assert comparison_word("same") == "i nivå"


def test_a_card_without_a_county_value_says_so_in_words(data_dir, demo_db):
    """A card whose county has no value (too few municipalities to weigh, e.g. a survey only some take part in)
    reads "Hela Värmland: värde saknas", never a bare "Hela Värmland –" on the projector."""
    from html import escape

    from views.meeting.agenda import load_meeting
    from views.words import COUNTY_NAME

    with reader(demo_db) as run:
        meeting = load_meeting(run, "1780")
    screen, line = next((s, ln) for s in meeting.screens[1:] for ln in s.top
                        if ln.county_value is None and ln.latest_value is not None)
    html = _html(_run("app_pages/presentation.py", kommun="1780", presentation="1", skarm=str(screen.number)))
    card = html.split(f"<h3>{escape(line.short_name)}</h3>", 1)[1].split("</div></div>", 1)[0]
    assert f"{COUNTY_NAME}: värde saknas" in card
    assert f"{COUNTY_NAME} –" not in card and f"{COUNTY_NAME} –" not in card


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
    assert len(buttons) == 8  # .xlsx and CSV under every list, disabled where the list is empty
    assert {b.proto.label for b in buttons} == {"Ladda ner .xlsx", "Ladda ner CSV (Excel)"}
    assert sum(not b.proto.disabled for b in buttons) == 2  # only the one list with rows


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
