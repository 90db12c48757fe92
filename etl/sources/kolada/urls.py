"""Kolada v3 URL builders and id chunking. Pure functions: no network, no clock.

Kolada accepts at most 25 ids per path segment (more gives HTTP 422) and at most 5000 rows per page. The builders
never produce a segment over the limit: ids are split into the fewest chunks possible, balanced so the chunks
differ in size by at most one (35 ids → 18 + 17, not 25 + 10).

Area names: we call `/municipality` once (all ~312 areas, one page) and filter to our areas in build, rather than
`/municipality/{ids}`: the plain list is the documented v3 route (shared/docs/KOLADA.md), the id form is not, and
both cost one request for our 18 areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import quote, urlencode

from etl.chunks import even_chunks

MAX_IDS_PER_SEGMENT = 25
MAX_PER_PAGE = 5000

Kind = Literal["kpi", "municipality", "data", "municipality_groups", "national"]


@dataclass(frozen=True)
class PlannedCall:
    """The first URL of one paged listing; the pages after it come from `next_url`."""

    kind: Kind
    url: str


def chunk_ids(ids: Sequence[str], max_per_chunk: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    """Ids in the fewest even chunks Kolada accepts in one path segment (etl/chunks.py)."""
    return even_chunks(ids, max_per_chunk)


def _segment(ids: Sequence[str], what: str) -> str:
    """A comma-joined path segment, refusing anything Kolada would reject or that would break the path."""
    if not ids:
        raise ValueError(f"{what}: no ids given")
    if len(ids) > MAX_IDS_PER_SEGMENT:
        raise ValueError(f"{what}: {len(ids)} ids in one segment; Kolada accepts at most {MAX_IDS_PER_SEGMENT}")
    for ident in ids:
        if not ident or any(c in ident for c in ",/?#& ") or ident != ident.strip():
            raise ValueError(f"{what}: {ident!r} is not a valid Kolada id")
    return ",".join(quote(i, safe="") for i in ids)


def _query(params: dict[str, str | int | None]) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return "?" + urlencode(kept) if kept else ""


def kpi_url(base_url: str, kpi_ids: Sequence[str]) -> str:
    """`/kpi/{ids}`: metadata of up to 25 KPIs."""
    return f"{base_url.rstrip('/')}/kpi/{_segment(kpi_ids, 'kpi')}"


def kpi_list_url(base_url: str, per_page: int = MAX_PER_PAGE) -> str:
    """`/kpi`: every KPI Kolada has (about 6 100), paged: the yearly review searches it for candidate measures."""
    return f"{base_url.rstrip('/')}/kpi{_query({'per_page': per_page})}"


def municipality_url(base_url: str) -> str:
    """`/municipality`: every area (municipalities, regions, Riket) with its name, in one page."""
    return f"{base_url.rstrip('/')}/municipality{_query({'per_page': MAX_PER_PAGE})}"


def data_url(base_url: str, kpi_ids: Sequence[str], area_ids: Sequence[str],
             from_date: date | None = None, per_page: int = MAX_PER_PAGE) -> str:
    """`/data/kpi/{kpis}/municipality/{areas}`: all years, all genders; `from_date` limits to changed values."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
    path = f"/data/kpi/{_segment(kpi_ids, 'kpi')}/municipality/{_segment(area_ids, 'municipality')}"
    query = _query({"per_page": per_page, "from_date": from_date.isoformat() if from_date else None})
    return f"{base_url.rstrip('/')}{path}{query}"


def plan_calls(base_url: str, kpi_ids: Sequence[str], area_ids: Sequence[str],
               from_date: date | None = None, per_page: int = MAX_PER_PAGE) -> list[PlannedCall]:
    """Every listing a refresh needs, fewest calls first-page-wise: KPI metadata, area names, then data.

    Data calls are the cross product of KPI chunks and area chunks (35 KPIs × 18 areas → 2 calls).
    """
    kpis = list(dict.fromkeys(kpi_ids))
    areas = list(dict.fromkeys(area_ids))
    calls = [PlannedCall("kpi", kpi_url(base_url, chunk)) for chunk in chunk_ids(kpis)]
    calls.append(PlannedCall("municipality", municipality_url(base_url)))
    for kpi_chunk in chunk_ids(kpis):
        for area_chunk in chunk_ids(areas):
            calls.append(PlannedCall("data", data_url(base_url, kpi_chunk, area_chunk, from_date, per_page)))
    return calls
