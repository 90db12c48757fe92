"""Paging by next_url against the local server."""

from __future__ import annotations

import json
from math import ceil

import pytest

from etl.http import HttpError
from etl.sources.kolada.paging import iter_pages
from etl.sources.kolada.urls import data_url


def _objects(pages) -> list[dict]:
    return [obj for p in pages for obj in json.loads(p.body)["values"]]


def test_follows_next_url_until_null(server, session, dataset) -> None:
    kpis, areas = ["N15428", "N01951"], ["0017", "1780", "1784"]
    expected = dataset.data_objects(kpis, areas)
    pages = list(iter_pages(session, data_url(server.base_url, kpis, areas, per_page=10)))
    assert len(pages) == ceil(len(expected) / 10) > 2
    assert _objects(pages) == expected
    assert [p.rows for p in pages[:-1]] == [10] * (len(pages) - 1)
    assert pages[-1].next_url is None and all(p.next_url for p in pages[:-1])
    assert session.requests_made == len(pages) == len(server.requests)


def test_short_pages_do_not_end_the_listing(server, session, dataset) -> None:
    """A page with fewer rows than per_page but a next_url is not the last page."""
    server.short_page = 7
    kpis, areas = ["N15428"], ["1780", "1784"]
    expected = dataset.data_objects(kpis, areas)
    pages = list(iter_pages(session, data_url(server.base_url, kpis, areas, per_page=5000)))
    assert pages[0].rows == 7 < 5000 and pages[0].next_url is not None
    assert len(pages) == ceil(len(expected) / 7)
    assert _objects(pages) == expected


def test_next_url_loop_is_an_error_naming_the_url(server, session) -> None:
    server.loop_next_url = True
    url = data_url(server.base_url, ["N15428"], ["1780"])
    with pytest.raises(HttpError, match="paging loop") as info:
        list(iter_pages(session, url))
    assert url in str(info.value)
    assert session.requests_made == 1


def test_page_limit_stops_a_runaway_listing(server, session) -> None:
    url = data_url(server.base_url, ["N15428"], ["1780", "1784"], per_page=1)
    with pytest.raises(HttpError, match="more than 3 pages"):
        list(iter_pages(session, url, max_pages=3))


def test_planned_calls_for_many_ids_are_all_accepted(session) -> None:
    """60 KPIs × 30 areas: every segment within the server's 25-id limit, so no 422, and every value comes."""
    from etl.sources.kolada.urls import plan_calls
    from tests.kolada_server import KoladaDataset, KoladaTestServer, _synthetic_kpi

    kpis = [f"N{n:05d}" for n in range(60)]
    areas = [f"{n:04d}" for n in range(1700, 1730)]
    ds = KoladaDataset([_synthetic_kpi(k) for k in kpis], [{"id": a, "title": a, "type": "K"} for a in areas])
    for k in kpis:
        for a in areas:
            ds.set_value(k, a, 2024, "T", 1.0)
    with KoladaTestServer(ds) as srv:
        calls = plan_calls(srv.base_url, kpis, areas)
        fetched = [p for c in calls for p in iter_pages(session, c.url)]
    assert [c.kind for c in calls].count("data") == 3 * 2  # 20+20+20 KPIs × 15+15 areas
    assert sum(p.rows for p, c in zip(fetched, calls, strict=True) if c.kind == "data") == 60 * 30
