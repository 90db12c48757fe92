"""Similar municipalities end to end against the stand-in Kolada server: a full fetch asks for the municipality
groups and the national values, the build keeps each county municipality's newest similar-municipality group and
its median and range per indicator, and the Indikator page and the Kommunprofil show them."""

from __future__ import annotations

import statistics
from pathlib import Path

import duckdb
import pytest

from core.settings import Settings
from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from tests.kolada_server import KoladaDataset, KoladaTestServer, make_dataset, national_ids

pytestmark = pytest.mark.duration(9)


@pytest.fixture
def dataset(catalogue) -> KoladaDataset:
    return make_dataset(catalogue, years=range(2018, 2026), seed=3, national=True)


def _fetch_and_build(settings: Settings, catalogue) -> Path:
    fetch_run(settings, catalogue, policy=HttpPolicy.fast())
    return build_database(settings, catalogue).db_path


def test_a_full_fetch_asks_for_groups_and_national_values_once(settings, catalogue, server: KoladaTestServer):
    result = fetch_run(settings, catalogue, policy=HttpPolicy.fast())
    groups = [r for r in server.requests if r.startswith("/v3/municipality_groups")]
    assert groups == ["/v3/municipality_groups?title=Liknande+kommuner%2C+%C3%B6vergripande&per_page=5000"]
    national = [r for r in server.requests if "/year/" in r and "/municipality/" not in r]
    assert national and all("/year/2024,2025?" in r for r in national)
    kinds = {f.kind for f in result.manifest.files}
    assert {"municipality_groups", "national", "data"} <= kinds
    # the run's rows are the area-named data files' (national values are not replayed as observations)
    assert result.rows == sum(f.rows for f in result.manifest.files if f.kind == "data")


def test_build_keeps_each_municipalitys_newest_group_and_its_median_and_range(settings, catalogue, dataset):
    path = _fetch_and_build(settings, catalogue)
    con = duckdb.connect(str(path), read_only=True)
    try:
        groups = con.execute("SELECT area_id, group_id, title, year, source_id FROM peer_group ORDER BY 1").fetchall()
        assert len(groups) == len(catalogue.municipality_ids)
        assert all(t.startswith("Liknande kommuner, övergripande, ") and s == "kolada" for _, _, t, _, s in groups)
        assert {y for *_, y, _ in groups} == {2025}  # the 2024 group of the one with two is not used
        area, group_id = groups[0][0], groups[0][1]
        members = [m for (m,) in con.execute("SELECT member_id FROM peer_member WHERE group_id = ?",
                                             [group_id]).fetchall()]
        assert len(members) == 7 and set(members) <= set(national_ids())
        ind = catalogue.indicators[0]
        row = con.execute("SELECT year, median, low, high, n_values, n_members FROM peer_value WHERE indicator_id = ? "
                          "AND area_id = ? AND gender = 'T' ORDER BY year DESC LIMIT 1", [ind.id, area]).fetchone()
        assert row is not None and row[0] == 2025
        expected = [o.value for m in members if (o := dataset.get(ind.kpi, m, 2025, "T")) and o.value is not None]
        assert row[1] == pytest.approx(statistics.median(expected))
        assert (row[2], row[3], row[4], row[5]) == (min(expected), max(expected), len(expected), 7)
        # national values are not observations: only the catalogue's areas are
        outside = con.execute("SELECT count(*) FROM observation WHERE area_id IN (SELECT member_id FROM peer_member)"
                              ).fetchone()[0]
        assert outside == 0
    finally:
        con.close()


def test_pages_show_the_similar_municipalities(settings, catalogue, monkeypatch):
    import streamlit as st

    from dashboard import data
    from tests import apptest

    path = _fetch_and_build(settings, catalogue)
    monkeypatch.setenv("NP_DATA_DIR", str(path.parent))
    data.clear_caches()
    st.cache_data.clear()
    ind = catalogue.indicators[0].id
    at = apptest.run_app("app_pages/indikator.py", kommun="1762", ind=ind)
    text = "\n".join(h.proto.body for h in at.html) + "\n".join(m.value for m in at.markdown)
    assert "Liknande kommuner" in text and "Munkfors" in text and "median" in text
    at = apptest.run_app("app_pages/kommunprofil.py", kommun="1762")
    text = "\n".join(h.proto.body for h in at.html)
    assert "Liknande kommuner" in text
    data.clear_caches()


def test_a_full_size_refresh_stays_within_twice_the_requests_without_similar_municipalities(catalogue, tmp_path):
    """The budget: the groups and the national values (both recent years with values for all 290 municipalities)
    at most double the requests of a full refresh of the county's areas alone."""
    from core.settings import load_settings

    big = make_dataset(catalogue, years=range(1998, 2026), seed=2, national=True)
    with KoladaTestServer(big) as srv:
        settings = load_settings(base_url=srv.base_url, data_dir=tmp_path)
        result = fetch_run(settings, catalogue, policy=HttpPolicy.fast())
    peer_files = [f for f in result.manifest.files if f.kind in ("municipality_groups", "national")]
    without = result.requests - len(peer_files)
    assert peer_files and result.requests <= 2 * without, (result.requests, without)
