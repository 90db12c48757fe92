"""Similar municipalities from Kolada: its "Liknande kommuner, övergripande, <kommun>, <år>" municipality groups
and the national values (every municipality) of the catalogue's indicator KPIs for the latest years, fetched by a
full run beside the area-named data.

Calls (full runs only):
- `/municipality_groups?title=Liknande kommuner, övergripande&per_page=5000` (kind `municipality_groups`): one
  page. A server that ignores the title filter serves every group; parsing keeps the ones meant either way.
- `/data/kpi/{kpis}/year/{years}` (kind `national`, every area Kolada has): the indicator KPIs in chunks of 25,
  for the NATIONAL_YEARS years before this one. Kept apart from `data` files: the run's replayed values stay the
  catalogue's areas (the build keeps only those), and these feed only the similar-municipality figures.

A group's title names the municipality it was made for ("Liknande kommuner, övergripande, Munkfors, 2025"); its
members are the municipalities Kolada found similar (the municipality itself is not among them). The newest
year's group of each county municipality is used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date

import polars as pl

from etl.raw_runs import Manifest
from etl.sources.kolada.envelope import iter_run_values
from etl.sources.kolada.urls import MAX_PER_PAGE, PlannedCall, _query, _segment, chunk_ids

GROUP_TITLE = "Liknande kommuner, övergripande"
GROUPS_KIND = "municipality_groups"
NATIONAL_KIND = "national"
NATIONAL_YEARS = 2  # the two years before the current one: where Kolada's latest values are
TITLE = re.compile(r"^Liknande kommuner, övergripande, (?P<name>[^,]+), (?P<year>\d{4})$")

GROUP_SCHEMA = {"area_id": pl.String, "group_id": pl.String, "title": pl.String, "year": pl.Int32}
MEMBER_SCHEMA = {"group_id": pl.String, "member_id": pl.String, "member_name": pl.String}
NATIONAL_SCHEMA = {"series_id": pl.String, "area_id": pl.String, "year": pl.Int32, "gender": pl.String,
                   "value": pl.Float64}


def groups_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/municipality_groups{_query({'title': GROUP_TITLE, 'per_page': MAX_PER_PAGE})}"


def national_years(today: date) -> list[str]:
    return [str(y) for y in range(today.year - NATIONAL_YEARS, today.year)]


def national_url(base_url: str, kpi_ids: Sequence[str], years: Sequence[str]) -> str:
    path = f"/data/kpi/{_segment(kpi_ids, 'kpi')}/year/{_segment(years, 'year')}"
    return f"{base_url.rstrip('/')}{path}{_query({'per_page': MAX_PER_PAGE})}"


def plan_peers(base_url: str, kpi_ids: Sequence[str], today: date | None = None) -> list[PlannedCall]:
    """The groups listing and the national data calls (one per 25 KPIs); none without KPIs."""
    kpis = list(dict.fromkeys(kpi_ids))
    if not kpis:
        return []
    years = national_years(today or date.today())
    return [PlannedCall(GROUPS_KIND, groups_url(base_url)),
            *(PlannedCall(NATIONAL_KIND, national_url(base_url, chunk, years))
              for chunk in chunk_ids(kpis))]


def _values(run: Manifest, kind: str) -> Iterable[tuple[str, dict]]:
    return ((file, obj) for file, obj in iter_run_values(run, kind) if isinstance(obj, dict))


def parse_groups(run: Manifest, names: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(groups, members): per county municipality (`names`: area_id -> name) its newest similar-municipality
    group, and that group's members."""
    by_name = {name: area for area, name in names.items()}
    chosen: dict[str, tuple[int, str, str, list]] = {}
    for file, obj in _values(run, GROUPS_KIND):
        title = str(obj.get("title") or "")
        m = TITLE.match(title)
        if not m or m.group("name") not in by_name:
            continue
        members = obj.get("members")
        if not isinstance(members, list):
            raise ValueError(f"{run.run_id}/{file}: group {obj.get('id')!r} ({title}) has no members list")
        area, year = by_name[m.group("name")], int(m.group("year"))
        if area not in chosen or year > chosen[area][0]:
            chosen[area] = (year, str(obj.get("id")), title, members)
    groups = pl.DataFrame([{"area_id": a, "group_id": g, "title": t, "year": y}
                           for a, (y, g, t, _) in sorted(chosen.items())], schema=GROUP_SCHEMA)
    members = pl.DataFrame([{"group_id": g, "member_id": str(m.get("member_id")),
                             "member_name": str(m.get("member_title") or m.get("member_id"))}
                            for _, (_, g, _, ms) in sorted(chosen.items()) for m in ms if isinstance(m, dict)],
                           schema=MEMBER_SCHEMA).unique(maintain_order=True)
    return groups, members


def parse_national(run: Manifest, source_id: str) -> pl.DataFrame:
    """The national data files' values (null values left out): series_id '<source>:<kpi>', area, year, gender."""
    # column lists, not a dict per value: at national scale (290 municipalities × 200 KPIs × 10 years) the dicts
    # took ~70 MB of Python heap that the build's later (polars, DuckDB) allocations could not reuse
    columns: dict[str, list] = {name: [] for name in NATIONAL_SCHEMA}
    series_ids, areas, years, genders, values = columns.values()
    for file, obj in _values(run, NATIONAL_KIND):
        kpi, area, year = obj.get("kpi"), obj.get("municipality"), obj.get("period")
        if not isinstance(kpi, str) or not isinstance(area, str) or not isinstance(year, int):
            raise ValueError(f"{run.run_id}/{file}: a national value without kpi, municipality or period: "
                             f"{json.dumps(obj)[:200]}")
        series_id = f"{source_id}:{kpi}"
        for v in obj.get("values") or []:
            value = v.get("value")
            if value is None or v.get("isdeleted"):
                continue
            series_ids.append(series_id)
            areas.append(area)
            years.append(year)
            genders.append(str(v.get("gender")))
            values.append(float(value))
    return pl.DataFrame(columns, schema=NATIONAL_SCHEMA)
