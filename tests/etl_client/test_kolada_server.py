"""The fake Kolada server's dataset factory: deterministic and shaped like Kolada."""

from __future__ import annotations

from collections import defaultdict

from tests.kolada_server import build_dataset, make_dataset


def test_make_dataset_is_deterministic(catalogue) -> None:
    a = build_dataset(catalogue, years=range(2020, 2023), seed=7)
    b = build_dataset(catalogue, years=range(2020, 2023), seed=7)
    c = build_dataset(catalogue, years=range(2020, 2023), seed=8)
    assert list(a.iter_values()) == list(b.iter_values()) != list(c.iter_values())
    kept = make_dataset(catalogue, years=range(2020, 2023), seed=7)  # built once, then copied
    assert list(kept.iter_values()) == list(a.iter_values()) and kept.kpis == a.kpis
    assert kept.municipalities == a.municipalities and kept.groups == a.groups and kept.kpi_list == a.kpi_list


def test_each_make_dataset_is_a_copy_of_its_own(catalogue) -> None:
    first = make_dataset(catalogue, years=range(2022, 2025), seed=4, national=True)
    kpi, area = next((k, a) for k, a, _y, _g, _o in first.iter_values()
                     if k in first.kpis and first.get(k, a, 2023, "T") is not None)
    first.set_value(kpi, area, 2024, "T", 12345.0)
    first.delete_value(kpi, area, 2023, "T", changed=first.get(kpi, area, 2023, "T").changed)
    first.set_kpi_field(kpi, "title", "Ändrad")
    first.municipalities[0]["title"] = "Ändrad"
    first.groups[0]["members"].clear()
    first.kpi_list.clear()
    second = make_dataset(catalogue, years=range(2022, 2025), seed=4, national=True)
    fresh = build_dataset(catalogue, years=range(2022, 2025), seed=4, national=True)
    assert list(second.iter_values()) == list(fresh.iter_values()) != list(first.iter_values())
    assert second.kpis == fresh.kpis and second.municipalities == fresh.municipalities
    assert second.groups == fresh.groups and second.groups[0]["members"] and second.kpi_list == fresh.kpi_list


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
