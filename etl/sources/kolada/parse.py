"""Turn Kolada v3 `values` objects into the frames of etl/frames.py. Pure: no I/O.

Series ids are `kolada:<KPI id>`; Kolada's per-value `status` becomes the `flag` column. A problem in the source
data raises SourceDataError naming the object (file, KPI id, area, year) and the field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import polars as pl

from etl.frames import AREA_SCHEMA, DELTA_SCHEMA, GENDERS, SERIES_SCHEMA
from etl.sources import SourceDataError, series_id
from indicators.catalogue import Catalogue

SOURCE_ID = "kolada"


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
            "series_id": series_id(SOURCE_ID, kpi_id), "title": obj["title"], "description": obj.get("description"),
            "is_divided_by_gender": bool(obj.get("is_divided_by_gender", False)),
            "municipality_type": obj.get("municipality_type"), "auspice": obj.get("auspice"),
            "operating_area": obj.get("operating_area"), "perspective": obj.get("perspective"),
            "publication_date": _date(obj.get("publication_date"), f"{where}.publication_date"),
            "prel_publication_date": _date(obj.get("prel_publication_date"), f"{where}.prel_publication_date"),
            "publ_period": None if obj.get("publ_period") is None else str(obj.get("publ_period")),
            "has_ou_data": obj.get("has_ou_data"), "fetched_at": fetched_at, "run_id": run_id,
        })
    return pl.DataFrame(rows, schema=SERIES_SCHEMA)


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
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        raise SourceDataError(f"{where}: field 'value' is an integer of {len(str(value))} digits, too large to be "
                              "a figure") from None
    if not math.isfinite(number):
        raise SourceDataError(f"{where}: field 'value' is {value!r}, expected a finite number or null")
    return number


def parse_data(objects: Iterable[dict | tuple[str, dict]], run_id: str, source: str = "") -> pl.DataFrame:
    """Flatten data objects {kpi, municipality, period, values:[{gender, value, ...}]} into one row per gender.

    `objects` may be plain objects or (file, object) pairs, so a message can name the file. Rows keep
    `isdeleted`; a deleted value is stored as NULL here and removed by the replay step.
    """
    rows = []
    for item_or_pair in objects:
        file, obj = item_or_pair if isinstance(item_or_pair, tuple) else (source, item_or_pair)
        kpi_id, area_id, year = obj.get("kpi"), obj.get("municipality"), obj.get("period")
        where = f"{file + ': ' if file else ''}KPI {kpi_id}, area {area_id}, year {year}"
        if not isinstance(kpi_id, str) or not isinstance(area_id, str):
            raise SourceDataError(f"{where}: 'kpi' and 'municipality' must be strings")
        if isinstance(year, bool) or not isinstance(year, int):
            raise SourceDataError(f"{where}: field 'period' is {year!r}, expected a whole year")
        for item in obj.get("values") or []:
            gender = item.get("gender")
            if gender not in GENDERS:
                raise SourceDataError(f"{where}: gender {gender!r} is not one of T, K, M")
            rows.append({
                "series_id": series_id(SOURCE_ID, kpi_id), "area_id": area_id, "year": year, "gender": gender,
                "value": _number(item.get("value"), f"{where}, gender {gender}"),
                "flag": item.get("status") or None, "count": item.get("count"), "run_id": run_id,
                "isdeleted": bool(item.get("isdeleted", False)),
            })
    return pl.DataFrame(rows, schema=DELTA_SCHEMA)
