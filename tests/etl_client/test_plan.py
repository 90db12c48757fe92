"""The incremental plan leaves out the area segment when that needs fewer calls, and the build still keeps only the
catalogue's areas."""

from __future__ import annotations

from datetime import date

import duckdb

from core.settings import load_settings
from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from etl.sources.kolada.plan import FIRST_YEAR, plan_fetch
from etl.sources.kolada.urls import chunk_ids, plan_calls
from tests.kolada_server import KoladaTestServer, make_dataset

TODAY = date(2026, 11, 26)
BASE = "http://127.0.0.1:1/v3"


def many_areas(catalogue, n: int):  # noqa: ANN001, ANN201 (Catalogue -> Catalogue)
    """The catalogue with `n` made-up municipalities added (ids 2000, 2001, ...)."""
    extra = [catalogue.areas[-1].model_copy(update={"id": f"{2000 + i}", "demo_name": f"Kommun {i}"})
             for i in range(n)]
    return catalogue.model_copy(update={"areas": [*catalogue.areas, *extra]})


def test_a_full_run_and_a_small_area_list_keep_the_area_segment(catalogue):
    assert plan_fetch(BASE, catalogue.kpi_ids, catalogue.area_ids) == plan_calls(BASE, catalogue.kpi_ids,
                                                                                catalogue.area_ids)
    since = date(2026, 3, 1)
    assert plan_fetch(BASE, catalogue.kpi_ids, catalogue.area_ids, since, TODAY) == plan_calls(
        BASE, catalogue.kpi_ids, catalogue.area_ids, since)


def test_changes_for_most_areas_are_asked_for_by_year_without_naming_areas(catalogue):
    national = many_areas(catalogue, 294)   # 312 areas: 13 area chunks
    calls = plan_fetch(BASE, national.kpi_ids, national.area_ids, date(2026, 3, 1), TODAY)
    data = [c.url for c in calls if c.kind == "data"]
    year_chunks = chunk_ids([str(y) for y in range(FIRST_YEAR, TODAY.year + 2)])
    kpi_chunks = len(chunk_ids(national.kpi_ids))
    assert len(year_chunks) == 4 and len(data) == kpi_chunks * 4
    assert all("/municipality/" not in u and "/year/" in u and "from_date=2026-03-01" in u for u in data)
    named = plan_calls(BASE, national.kpi_ids, national.area_ids, date(2026, 3, 1))
    assert (len(calls), len(named)) == (kpi_chunks + 1 + kpi_chunks * 4, kpi_chunks + 1 + kpi_chunks * 13)


def test_an_area_less_incremental_run_builds_the_same_state_as_a_full_fetch(tmp_path):
    from indicators.catalogue import load_catalogue

    base = load_catalogue()
    national = many_areas(base.model_copy(update={"indicators": base.indicators[:3]}), 294)
    dataset = make_dataset(national, years=range(2022, 2025), seed=3)
    kpi, area = national.indicators[0].kpi, "2100"
    with KoladaTestServer(dataset) as srv:
        settings = load_settings(base_url=srv.base_url, data_dir=tmp_path / "a")
        kolada = f"kolada:{kpi}"
        fetch_run(settings, national, mode="full", policy=HttpPolicy.fast())
        build_database(settings, national)
        dataset.set_value(kpi, area, 2023, "T", 42.5, changed=date.today())
        dataset.set_value(kpi, "0180", 2023, "T", 1.0, changed=date.today())   # Stockholm: not in the catalogue
        srv.clear_requests()
        run = fetch_run(settings, national, mode="incremental", policy=HttpPolicy.fast())
        assert not any("/municipality/" in r for r in srv.requests)
        assert len(srv.requests) == 1 + 1 + 4   # KPI metadata, area list, one KPI chunk × four year chunks
        assert run.rows == 2
        build_database(settings, national)
        again = load_settings(base_url=srv.base_url, data_dir=tmp_path / "b")
        fetch_run(again, national, mode="full", policy=HttpPolicy.fast())
        build_database(again, national)
    query = "SELECT series_id, area_id, year, gender, value FROM observation ORDER BY ALL"
    tables = []
    for path in (settings.db_path, again.db_path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            tables.append(con.execute(query).fetchall())
        finally:
            con.close()
    assert tables[0] == tables[1]
    assert (kolada, area, 2023, "T", 42.5) in tables[0] and not any(r[1] == "0180" for r in tables[0])
