"""Kolada's KPI list (`/kpi`, kind `kpi_list`) and the candidates' values (`candidate_data`) as the `series_list`
table: what the yearly review searches for candidate measures and how well each covers the county."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from etl.frames import SERIES_LIST_SCHEMA
from etl.sources.kolada.parse import SOURCE_ID
from indicators.catalogue import Catalogue, series_id


def _coverage(data: Iterable[dict], municipalities: set[str]) -> dict[str, tuple[int, int]]:
    """{KPI id: (latest year with a total value in the county's municipalities, how many have one then)}."""
    years: dict[str, dict[int, set[str]]] = {}
    for obj in data:
        area, kpi = str(obj.get("municipality")), str(obj.get("kpi"))
        if area not in municipalities or not isinstance(obj.get("period"), int):
            continue
        if any(v.get("gender") == "T" and v.get("value") is not None for v in obj.get("values") or []
               if isinstance(v, dict)):
            years.setdefault(kpi, {}).setdefault(obj["period"], set()).add(area)
    return {k: (max(by_year), len(by_year[max(by_year)])) for k, by_year in years.items()}


def series_list_frame(entries: Iterable[dict], data: Iterable[dict], catalogue: Catalogue) -> pl.DataFrame:
    """One row per KPI of the list; coverage filled for the candidates whose values the run fetched."""
    municipalities = set(catalogue.municipality_ids)
    coverage = _coverage(data, municipalities)
    rows = []
    for e in entries:
        kpi = str(e.get("id"))
        year, count = coverage.get(kpi, (None, None))
        rows.append({
            "source_id": SOURCE_ID, "series_id": series_id(SOURCE_ID, kpi), "title": e.get("title"),
            "municipality_type": e.get("municipality_type"), "is_divided_by_gender": e.get("is_divided_by_gender"),
            "operating_area": e.get("operating_area"), "publ_period": e.get("publ_period"),
            "has_ou_data": e.get("has_ou_data"), "latest_year": year,
            "municipalities_with_value": count,
            "municipalities": len(municipalities),
        })
    return pl.DataFrame(rows, schema=SERIES_LIST_SCHEMA).unique("series_id", keep="first", maintain_order=True)
