"""URL builders and id chunking (pure)."""

from __future__ import annotations

from datetime import date
from math import ceil
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.sources.kolada.urls import (
    MAX_IDS_PER_SEGMENT,
    chunk_ids,
    data_url,
    kpi_url,
    municipality_url,
    plan_calls,
)

BASE = "http://127.0.0.1:1/v3"
ids_strategy = st.lists(st.from_regex(r"[NU]\d{5}", fullmatch=True), unique=True, max_size=200)


@given(ids=ids_strategy, limit=st.integers(min_value=1, max_value=40))
def test_chunks_keep_every_id_once_in_order_within_limit_and_minimal(ids: list[str], limit: int) -> None:
    chunks = chunk_ids(ids, limit)
    assert [i for c in chunks for i in c] == ids  # every id exactly once, order kept
    assert all(1 <= len(c) <= limit for c in chunks)
    assert len(chunks) == ceil(len(ids) / limit)  # no fewer chunks are possible
    if chunks:
        assert max(map(len, chunks)) - min(map(len, chunks)) <= 1  # balanced


@given(ids=ids_strategy)
def test_default_limit_is_25(ids: list[str]) -> None:
    assert all(len(c) <= MAX_IDS_PER_SEGMENT for c in chunk_ids(ids))


def test_chunks_are_balanced_not_greedy() -> None:
    ids = [f"N{n:05d}" for n in range(35)]
    assert [len(c) for c in chunk_ids(ids)] == [18, 17]
    assert [len(c) for c in chunk_ids(ids[:25])] == [25]
    assert [len(c) for c in chunk_ids(ids[:26])] == [13, 13]
    assert chunk_ids([]) == []


def test_chunk_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        chunk_ids(["N00001"], 0)


def test_url_shapes() -> None:
    assert kpi_url(BASE + "/", ["N15428", "N01951"]) == f"{BASE}/kpi/N15428,N01951"
    assert municipality_url(BASE) == f"{BASE}/municipality?per_page=5000"
    url = data_url(BASE, ["N15428", "N01951"], ["0000", "0017", "1780"], from_date=date(2026, 3, 1))
    split = urlsplit(url)
    assert split.path == "/v3/data/kpi/N15428,N01951/municipality/0000,0017,1780"
    assert parse_qs(split.query) == {"per_page": ["5000"], "from_date": ["2026-03-01"]}
    assert "from_date" not in data_url(BASE, ["N15428"], ["1780"])


def test_builders_refuse_what_kolada_would_reject() -> None:
    too_many = [f"N{n:05d}" for n in range(26)]
    with pytest.raises(ValueError, match="kpi: 26 ids in one segment; Kolada accepts at most 25"):
        kpi_url(BASE, too_many)
    with pytest.raises(ValueError, match="municipality: 26 ids"):
        data_url(BASE, ["N15428"], [f"{n:04d}" for n in range(26)])
    with pytest.raises(ValueError, match="per_page must be between 1 and 5000, got 5001"):
        data_url(BASE, ["N15428"], ["1780"], per_page=5001)
    with pytest.raises(ValueError, match=r"'N1,2' is not a valid Kolada id"):
        kpi_url(BASE, ["N1,2"])
    with pytest.raises(ValueError, match="no ids given"):
        kpi_url(BASE, [])


def test_plan_for_the_catalogue_batches_kpis_and_areas(catalogue) -> None:
    calls = plan_calls(BASE, catalogue.kpi_ids, catalogue.area_ids, from_date=date(2026, 1, 1))
    n_kpi_chunks = ceil(len(catalogue.kpi_ids) / 25)
    n_area_chunks = ceil(len(catalogue.area_ids) / 25)
    assert [c.kind for c in calls] == (["kpi"] * n_kpi_chunks + ["municipality"]
                                       + ["data"] * (n_kpi_chunks * n_area_chunks))
    # every catalogue KPI is asked for once in metadata and once per area chunk in data
    kpi_paths = [urlsplit(c.url).path.split("/")[3] for c in calls if c.kind == "kpi"]
    assert sorted(",".join(kpi_paths).split(",")) == sorted(catalogue.kpi_ids)
    for c in calls:
        if c.kind == "data":
            assert "from_date=2026-01-01" in c.url and "per_page=5000" in c.url
            assert urlsplit(c.url).path.split("/")[6].split(",") == catalogue.area_ids


def test_plan_drops_duplicate_ids() -> None:
    calls = plan_calls(BASE, ["N00001", "N00001", "N00002"], ["1780", "1780"])
    assert calls[0].url == f"{BASE}/kpi/N00001,N00002"
    assert calls[-1].url.startswith(f"{BASE}/data/kpi/N00001,N00002/municipality/1780?")
