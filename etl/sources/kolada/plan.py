"""Which Kolada calls a fetch makes: the area-named plan (urls.plan_calls) or, for changes only, an area-less one.

An incremental run asks for values changed since a date, so its pages are small and its cost is the number of
calls. Naming areas costs one call per KPI chunk × area chunk (312 areas → 13 area chunks); leaving the area
segment out (`/data/kpi/{kpis}/year/{years}`, every area Kolada has) costs one call per KPI chunk × year chunk
(1950 to next year → 4 chunks). The area-less form is used when it needs fewer calls — when the catalogue's
areas are most of what Kolada has; rows for other areas are dropped by the build (it keeps only catalogue
areas). A full run always names its areas, so it never downloads whole series for areas nobody follows.

`years()` bounds the area-less calls: FIRST_YEAR (1950) up to next year, well before the start of any series the
catalogue follows; a changed value for a year outside that range would only be picked up by the next full run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from etl.sources.kolada.urls import (
    MAX_PER_PAGE,
    PlannedCall,
    _query,
    _segment,
    chunk_ids,
    kpi_url,
    municipality_url,
    plan_calls,
)

FIRST_YEAR = 1950


def years(today: date) -> list[str]:
    return [str(y) for y in range(FIRST_YEAR, today.year + 2)]


def changes_url(base_url: str, kpi_ids: Sequence[str], year_ids: Sequence[str], from_date: date,
                per_page: int = MAX_PER_PAGE) -> str:
    """`/data/kpi/{kpis}/year/{years}?from_date=…`: values changed since `from_date`, every area."""
    path = f"/data/kpi/{_segment(kpi_ids, 'kpi')}/year/{_segment(year_ids, 'year')}"
    return f"{base_url.rstrip('/')}{path}{_query({'per_page': per_page, 'from_date': from_date.isoformat()})}"


def plan_fetch(base_url: str, kpi_ids: Sequence[str], area_ids: Sequence[str], from_date: date | None = None,
               today: date | None = None) -> list[PlannedCall]:
    """The calls for one run: urls.plan_calls, or for an incremental run the area-less plan when it is cheaper."""
    if from_date is None:
        return plan_calls(base_url, kpi_ids, area_ids)
    kpis = list(dict.fromkeys(kpi_ids))
    year_chunks = chunk_ids(years(today or date.today()))
    if len(year_chunks) >= len(chunk_ids(list(dict.fromkeys(area_ids)))):
        return plan_calls(base_url, kpi_ids, area_ids, from_date)
    calls = [PlannedCall("kpi", kpi_url(base_url, chunk)) for chunk in chunk_ids(kpis)]
    calls.append(PlannedCall("municipality", municipality_url(base_url)))
    calls += [PlannedCall("data", changes_url(base_url, kpi_chunk, year_chunk, from_date))
              for kpi_chunk in chunk_ids(kpis) for year_chunk in year_chunks]
    return calls


__all__ = ["FIRST_YEAR", "changes_url", "plan_fetch", "years"]
