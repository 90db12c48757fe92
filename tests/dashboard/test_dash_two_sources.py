"""The dashboard on a database built from two real fetches: Kolada (local fake server) and Folkhälsodata (the
session's local fake PxWeb server, tests/conftest.py). Each source has its own "Källa: …" line, a county-grain
FoHM indicator is judged for the county on the published intervals and says "Finns bara för länet" for a
municipality (no value of its own, no ranking, no map)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dash_helpers import APP, db_rows, html_bodies
from streamlit.testing.v1 import AppTest

from core.settings import load_settings
from dashboard import data
from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from indicators.catalogue import load_catalogue
from tests.kolada_server import KoladaTestServer, make_dataset

KOLADA = "Källa: Kolada"
FOHM = "Källa: Folkhälsomyndigheten, Folkhälsodata"
FOHM_IND = "fohm_rokning_daglig"


@pytest.fixture(scope="module")
def two_source_dir(tmp_path_factory: pytest.TempPathFactory, fohm_server) -> Path:
    catalogue = load_catalogue()
    dataset = make_dataset(catalogue, years=range(2016, 2025), seed=7)
    data_dir = tmp_path_factory.mktemp("two") / "data"
    with KoladaTestServer(dataset) as server:
        settings = load_settings(base_url=server.base_url, data_dir=data_dir)
        fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast(), source_id="kolada")
    fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast(), source_id="fohm")
    build_database(settings, catalogue)
    return data_dir


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
