"""The dashboard on a database built from two real fetches: Kolada (local fake server) and Folkhälsodata (the
session's local fake PxWeb server, tests/conftest.py). Each source has its own "Källa: …" line, a county-grain
FoHM indicator is judged for the county on the published intervals and says "Finns bara för länet" for a
municipality (no value of its own, no ranking, no map)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from dash_helpers import APP, db_rows, html_bodies
from streamlit.testing.v1 import AppTest

from dashboard import data
from views.meeting.screen_spine import spine_alt

KOLADA = "Källa: Kolada"
FOHM = "Källa: Folkhälsomyndigheten, Folkhälsodata"
FOHM_IND = "fohm_rokning_daglig"


@pytest.fixture
def app_dir(two_source_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NP_DATA_DIR", str(two_source_dir))
    data.clear_caches()
    yield two_source_dir
    data.clear_caches()


def _run(page: str | None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if page:
        at.switch_page(page).run()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def test_the_build_holds_both_sources_and_judges_the_county_on_published_intervals(two_source_dir: Path) -> None:
    db = two_source_dir / "nyaperspektiv.duckdb"
    assert db_rows(db, "SELECT source_id, attribution FROM source ORDER BY source_id") == [
        ("fohm", FOHM), ("kolada", KOLADA)]
    county = db_rows(db, "SELECT uncertainty_source, vs_riket, rank_in_county, ci_low < latest_value "
                         "AND latest_value < ci_high FROM status WHERE indicator_id = ? AND area_id = '0017' "
                         "AND gender = 'T'", [FOHM_IND])
    assert county[0][0] == "published" and county[0][1] in ("better", "same", "worse") and county[0][2] is None
    assert county[0][3]
    towns = db_rows(db, "SELECT DISTINCT mark_label, latest_value FROM status WHERE indicator_id = ? "
                        "AND area_id NOT IN ('0017')", [FOHM_IND])
    assert towns == [("Finns bara för länet", None)]
    periods = db_rows(db, "SELECT DISTINCT period LIKE '____-____' FROM observation WHERE series_id = ?",
                      ["fohm:rokning_daglig"])
    assert periods == [(True,)]


def test_a_municipality_view_of_a_county_grain_indicator_says_so(app_dir: Path) -> None:
    at = _run("app_pages/indikator.py", kommun="1784", ind=FOHM_IND)
    html = html_bodies(at)
    assert "Finns bara för länet" in html  # the mark and the county note
    assert any("Finns bara för länet – redovisas för Hela Värmland och riket" in i.value for i in at.info)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any("Arvika" in t for t in titles)  # the trend chart: the county's and Riket's lines
    assert not any(t.startswith(("Karta", "De 16 kommunerna")) for t in titles)  # no ranking or map invented
    captions = [c.value for c in at.caption]
    assert any(c.startswith(FOHM) for c in captions)
    assert not any(KOLADA in c for c in captions)  # this figure is not Kolada's


def test_the_county_view_shows_the_published_comparison(app_dir: Path) -> None:
    at = _run("app_pages/indikator.py", kommun="0017", ind=FOHM_IND)
    html = html_bodies(at)
    assert "Finns bara för länet" not in html
    assert "riket" in html and "källans publicerade konfidensintervall" in html


def test_each_source_has_its_own_line_on_a_page_with_both(app_dir: Path) -> None:
    at = _run("app_pages/kommunprofil.py", kommun="1784")
    captions = [c.value for c in at.caption]
    assert any(c.startswith(KOLADA) for c in captions) and any(c.startswith(FOHM) for c in captions)
    assert not any(KOLADA in c and FOHM in c for c in captions)  # never one line for both


def test_the_life_stage_rows_carry_the_pooled_window(two_source_dir: Path) -> None:
    from views import db as views_db

    db = two_source_dir / "nyaperspektiv.duckdb"
    rows = views_db.query(db, "stage_rows", ["0017", "T", "vuxna"])
    fohm = rows.filter(rows["series_id"] == "fohm:rokning_daglig").row(0, named=True)
    assert fohm["latest_period"] == f"{fohm['latest_year'] - 3}-{fohm['latest_year']}"
    kolada = rows.filter(rows["series_id"].str.starts_with("kolada:"))
    assert set(kolada["latest_period"].drop_nulls().to_list()) <= {str(y) for y in kolada["latest_year"]}


def _fohm_on_top(db: Path):
    """The county's first meeting screen whose headline indicators include a FoHM survey indicator."""
    from views.db import reader
    from views.meeting.agenda import load_meeting

    with reader(db) as run:
        meeting = load_meeting(run, "0017")
    screen, line = next((s, ln) for s in meeting.screens for ln in s.top if ln.series_id.startswith("fohm:"))
    return meeting, screen, line


def test_the_verdict_explanation_says_the_pooled_window_not_a_year(two_source_dir: Path) -> None:
    db = two_source_dir / "nyaperspektiv.duckdb"
    year, explanation = db_rows(db, "SELECT latest_year, explanation FROM status WHERE indicator_id = ? "
                                    "AND area_id = '0017' AND gender = 'T'", [FOHM_IND])[0]
    assert f"åren {year - 3}–{year} (95 % intervall" in explanation
    assert f"år {year}" not in explanation
    kolada = db_rows(db, "SELECT latest_year, explanation FROM status WHERE series_id LIKE 'kolada:%' "
                         "AND area_id = '0017' AND gender = 'T' AND latest_year IS NOT NULL LIMIT 1")[0]
    assert f" år {kolada[0]}" in kolada[1]  # a single year stays a year


def test_the_indicator_page_names_the_window(app_dir: Path) -> None:
    at = _run("app_pages/indikator.py", kommun="0017", ind=FOHM_IND)
    year = db_rows(app_dir / "nyaperspektiv.duckdb", "SELECT latest_year FROM status WHERE indicator_id = ? "
                   "AND area_id = '0017' AND gender = 'T'", [FOHM_IND])[0][0]
    window = f"{year - 3}–{year}"
    assert f"åren {window}" in html_bodies(at)  # the explanation
    assert any(f"Felstapeln vid {window} är" in c.value for c in at.caption)
    assert not any(f"Felstapeln vid {year} " in c.value for c in at.caption)


def test_the_life_stage_page_shows_the_county_grain_indicator_with_window_and_its_own_source_line(
        app_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["kommun"] = "0017"
    at.run()
    # the four life stages share one script under their own url_path: open Vuxenlivet's (switch_page by file
    # would open the first registered, Barnalivet)
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == "vuxenlivet")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Vuxenlivet"
    html = html_bodies(at)
    assert "Röker dagligen (länet, med intervall)" in html
    year = db_rows(app_dir / "nyaperspektiv.duckdb", "SELECT latest_year FROM status WHERE indicator_id = ? "
                   "AND area_id = '0017' AND gender = 'T'", [FOHM_IND])[0][0]
    assert f"{year - 3}–{year}" in html
    captions = [c.value for c in at.caption]
    assert any(c.startswith(FOHM) for c in captions) and any(c.startswith(KOLADA) for c in captions)
    assert not any(KOLADA in c and FOHM in c for c in captions)


def test_the_overview_roll_up_counts_the_county_grain_indicators(app_dir: Path) -> None:
    from indicators.catalogue import load_catalogue

    db = app_dir / "nyaperspektiv.duckdb"
    at = _run("app_pages/oversikt.py", kommun="0017")
    vuxna = [i for i in load_catalogue().indicators if i.life_stage == "vuxna"]
    alone = [i for i in vuxna if i.series_id.startswith("fohm:") and not i.counts_with and i.role == "outcome"]
    assert alone  # FoHM indicators that are not the same question as a Kolada one count on their own
    marks = dict(db_rows(db, "SELECT indicator_id, mark FROM status WHERE area_id = '0017' AND gender = 'T'"))
    assert all(marks[i.id] != "grey" for i in alone)  # judged on the published intervals
    n = db_rows(db, "SELECT n_green, n_yellow, n_red, n_grey, n_total FROM life_stage_status "
                    "WHERE life_stage_id = 'vuxna' AND area_id = '0017' AND gender = 'T'")[0]
    assert n[4] == len(vuxna) - sum(1 for i in vuxna if i.counts_with)  # every indicator, a shared question once
    card = next(b for b in (h.proto.body for h in at.html) if 'data-testid="np-stage" data-stage="vuxna"' in b)
    chips = card[:card.index('data-testid="np-goal"')]
    for mark, count in zip(("green", "yellow", "red", "grey"), n[:4], strict=True):
        assert f'class="np-chip" data-mark="{mark}" title="{count} ' in chips, (mark, count)
    assert any("Egen bearbetning av data från Folkhälsomyndigheten, Folkhälsodata och Kolada" in c.value
               for c in at.caption)


def test_presentation_shows_the_window_the_interval_and_one_line_per_source(app_dir: Path) -> None:
    meeting, screen, line = _fohm_on_top(app_dir / "nyaperspektiv.duckdb")
    at = _run("app_pages/presentation.py", presentation="1", skarm=str(screen.number), kommun="0017")
    spine = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                 if any(a.get("text") == "← Sämre" for a in json.loads(c.proto.spec)["layout"]["annotations"]))
    texts = [a["text"] for a in spine["layout"]["annotations"]]
    assert any(t.replace("<br>", " ").startswith(line.short_name[:24]) for t in texts)  # its row on the spine
    assert any(t.endswith(f"({line.period})") for t in texts) and "–" in line.period  # the window by its value
    alt = spine_alt(meeting, screen)  # the chart's text alternative: value, window and the published interval
    assert line.interval_short and f"({line.period}; {line.interval_short})" in alt
    source = next(b for b in (h.proto.body for h in at.html) if "np-pres-source" in b)
    lines = re.findall(r"<div>(.*?)</div>", source)
    assert FOHM in lines and KOLADA in lines  # the screen has both kinds of figures, each its own line
    assert lines[-1].startswith("Status: egen bearbetning av data från Folkhälsomyndigheten")
    assert not any(KOLADA in ln and "Folkhälsomyndigheten" in ln for ln in lines)
