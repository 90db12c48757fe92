"""Turn Kolada v3 `values` objects into typed polars frames. Pure: no I/O.

A problem in the source data raises SourceDataError naming the object (file, KPI id, area, year) and the field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import polars as pl

from indicators.catalogue import Catalogue

GENDERS = ("T", "K", "M")

KPI_SCHEMA = {
    "kpi_id": pl.String, "title": pl.String, "description": pl.String, "is_divided_by_gender": pl.Boolean,
    "municipality_type": pl.String, "auspice": pl.String, "operating_area": pl.String,
    "perspective": pl.String, "publication_date": pl.Date, "prel_publication_date": pl.Date,
    "publ_period": pl.String, "has_ou_data": pl.Boolean, "fetched_at": pl.Datetime("us"), "run_id": pl.String,
}
OBSERVATION_SCHEMA = {
    "kpi_id": pl.String, "area_id": pl.String, "year": pl.Int32, "gender": pl.String, "value": pl.Float64,
    "status": pl.String, "count": pl.Int32, "run_id": pl.String,
}
DELTA_SCHEMA = {**OBSERVATION_SCHEMA, "isdeleted": pl.Boolean}
AREA_SCHEMA = {"area_id": pl.String, "name": pl.String, "kind": pl.String}


class SourceDataError(ValueError):
    """The source served something we cannot store faithfully."""


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise SourceDataError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from exc


def parse_kpis(objects: Iterable[dict], fetched_at: datetime, run_id: str) -> pl.DataFrame:
    rows = []
    for obj in objects:
        kpi_id = obj.get("id")
        if not isinstance(kpi_id, str):
            raise SourceDataError(f"KPI metadata object without a string 'id': {str(obj)[:120]}")
        where = f"KPI {kpi_id}"
        if not obj.get("title"):
            raise SourceDataError(f"{where}: field 'title' is missing or empty")
        rows.append({
            "kpi_id": kpi_id, "title": obj["title"], "description": obj.get("description"),
            "is_divided_by_gender": bool(obj.get("is_divided_by_gender", False)),
            "municipality_type": obj.get("municipality_type"), "auspice": obj.get("auspice"),
            "operating_area": obj.get("operating_area"), "perspective": obj.get("perspective"),
            "publication_date": _date(obj.get("publication_date"), f"{where}.publication_date"),
            "prel_publication_date": _date(obj.get("prel_publication_date"), f"{where}.prel_publication_date"),
            "publ_period": None if obj.get("publ_period") is None else str(obj.get("publ_period")),
            "has_ou_data": obj.get("has_ou_data"), "fetched_at": fetched_at, "run_id": run_id,
        })
    return pl.DataFrame(rows, schema=KPI_SCHEMA)


def parse_areas(objects: Iterable[dict], catalogue: Catalogue) -> pl.DataFrame:
    """Keep the catalogue's areas; names from the source, kinds from the catalogue."""
    kinds = {a.id: a.kind for a in catalogue.areas}
    rows = []
    for obj in objects:
        area_id = str(obj.get("id", ""))
        if area_id in kinds:
            if not obj.get("title"):
                raise SourceDataError(f"area {area_id}: field 'title' is missing or empty")
            rows.append({"area_id": area_id, "name": obj["title"], "kind": kinds[area_id]})
    return pl.DataFrame(rows, schema=AREA_SCHEMA).unique("area_id", keep="first").sort("area_id")


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SourceDataError(f"{where}: field 'value' is {value!r}, expected a number or null")
    if not math.isfinite(value):
        raise SourceDataError(f"{where}: field 'value' is {value!r}, expected a finite number or null")
    return float(value)


def parse_data(objects: Iterable[dict], run_id: str, source: str = "") -> pl.DataFrame:
    """Flatten data objects {kpi, municipality, period, values:[{gender, value, ...}]} into one row per gender.

    Rows keep `isdeleted`; a deleted value is stored as NULL here and removed by the replay step.
    """
    rows = []
    prefix = f"{source}: " if source else ""
    for obj in objects:
        kpi_id, area_id, year = obj.get("kpi"), obj.get("municipality"), obj.get("period")
        where = f"{prefix}KPI {kpi_id}, area {area_id}, year {year}"
        if not isinstance(kpi_id, str) or not isinstance(area_id, str):
            raise SourceDataError(f"{where}: 'kpi' and 'municipality' must be strings")
        if isinstance(year, bool) or not isinstance(year, int):
            raise SourceDataError(f"{where}: field 'period' is {year!r}, expected a whole year")
        for item in obj.get("values") or []:
            gender = item.get("gender")
            if gender not in GENDERS:
                raise SourceDataError(f"{where}: gender {gender!r} is not one of T, K, M")
            rows.append({
                "kpi_id": kpi_id, "area_id": area_id, "year": year, "gender": gender,
                "value": _number(item.get("value"), f"{where}, gender {gender}"),
                "status": item.get("status") or None, "count": item.get("count"), "run_id": run_id,
                "isdeleted": bool(item.get("isdeleted", False)),
            })
    return pl.DataFrame(rows, schema=DELTA_SCHEMA)
