"""The fake Kolada server's dataset factory: deterministic and shaped like Kolada."""

from __future__ import annotations

from collections import defaultdict

from tests.kolada_server import make_dataset


def test_make_dataset_is_deterministic(catalogue) -> None:
    a = make_dataset(catalogue, years=range(2020, 2023), seed=7)
    b = make_dataset(catalogue, years=range(2020, 2023), seed=7)
    c = make_dataset(catalogue, years=range(2020, 2023), seed=8)
    assert list(a.iter_values()) == list(b.iter_values()) != list(c.iter_values())


def test_make_dataset_is_shaped_like_kolada(catalogue) -> None:
    ds = make_dataset(catalogue, years=range(2015, 2025), seed=1)
    assert list(ds.kpis) == catalogue.kpi_ids
    assert all(len(meta) == 12 for meta in ds.kpis.values())  # the 12 v3 KPI fields
    genders: dict[str, set[str]] = defaultdict(set)
    areas: dict[str, set[str]] = defaultdict(set)
    statuses, nulls, total = set(), 0, 0
    for kpi, area, year, gender, obs in ds.iter_values():
        genders[kpi].add(gender)
        areas[kpi].add(area)
        statuses.add(obs.status)
        nulls += obs.value is None
        total += 1
        assert 2015 <= year <= 2024
    for kpi, meta in ds.kpis.items():
        assert genders[kpi] == ({"T", "K", "M"} if meta["is_divided_by_gender"] else {"T"})
        expected = set(catalogue.area_ids) - ({catalogue.county_area} if meta["municipality_type"] == "K" else set())
        assert areas[kpi] == expected
    assert 0 < nulls < total * 0.2 and statuses == {"", "Missing"}
    titles = {m["id"]: m["title"] for m in ds.municipalities}
    assert set(catalogue.area_ids) < set(titles) and titles["0000"] == "Riket"
