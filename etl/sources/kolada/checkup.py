"""`python -m etl doctor` for Kolada: the live KPI metadata (`/kpi/{ids}`, no data) checked against the catalogue's
KPIs: each exists, its title fits the unit the catalogue gives, its latest published year, its gender split, and
whether it was renamed since the stored copy (the published database's `series` table)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from etl.http import HttpSession
from etl.plausibility import loads_strict
from etl.sources.checkup import SeriesCheck
from etl.sources.kolada.paging import iter_pages
from etl.sources.kolada.parse import SOURCE_ID
from etl.sources.kolada.urls import chunk_ids, kpi_url
from indicators.catalogue import Catalogue, series_id

STALE_YEARS = 4  # a latest year this far back: the KPI may have been discontinued
UNIT_WORDS = {"percent": ("andel", "%", "procent"), "per_100k": ("100 000", "100000")}


def checkup(base_url: str, kpis: list[str], session: HttpSession, catalogue: Catalogue,
            stored_titles: Mapping[str, str], today: date | None = None) -> tuple[list[SeriesCheck], list[str]]:
    live: dict[str, dict] = {}
    for chunk in chunk_ids(list(dict.fromkeys(kpis))):
        for page in iter_pages(session, kpi_url(base_url, chunk)):
            payload = loads_strict(page.body)
            for obj in payload["values"] if isinstance(payload, dict) else []:
                if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                    live[obj["id"]] = obj
    units = {i.series_id: i.unit for i in catalogue.indicators}
    year = (today or date.today()).year
    rows = []
    for kpi in kpis:
        full = series_id(SOURCE_ID, kpi)
        obj = live.get(kpi)
        if obj is None:
            rows.append(SeriesCheck(SOURCE_ID, kpi, "fail", advice=(
                f"Kolada har ingen KPI {kpi}. Rätta id:t i indicators/indicators.yaml (kpi: {kpi}) eller i "
                "areas.yaml (support_kpis), eller ta bort indikatorn.")))
            continue
        title = str(obj.get("title") or "")
        latest = "" if obj.get("publ_period") is None else str(obj.get("publ_period"))
        genders = "T K M" if obj.get("is_divided_by_gender") else "T"
        notes = []
        words = UNIT_WORDS.get(units.get(full, ""), ())
        if words and not any(w in title.lower() for w in words):
            notes.append(f"Titeln nämner inte {' / '.join(words)} men katalogen säger unit: {units[full]}: "
                         "kontrollera enheten i indicators.yaml.")
        if latest.isdigit() and int(latest) < year - STALE_YEARS:
            notes.append(f"Senaste år är {latest}: KPI:n kan ha upphört; sök en efterföljare i Kolada.")
        before = stored_titles.get(full)
        if before and before != title:
            notes.append(f"Titeln har ändrats sedan senaste hämtningen ({before!r} → {title!r}): kontrollera att "
                         "KPI:n mäter samma sak.")
        rows.append(SeriesCheck(SOURCE_ID, kpi, "warn" if notes else "ok", title, latest, genders, " ".join(notes)))
    return rows, []
