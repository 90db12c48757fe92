"""`python -m etl doctor` for a PxWeb source: the server's config and each table's live metadata (no data) checked
against the series definitions (indicators/sources/<source>.yaml) with the same functions the fetch uses: the
table exists, its variables and codes, `expect_text` in the title or categories, the breakdowns left open can be
eliminated, the regions asked for, the sex codes, and the latest period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from etl.http import HttpError, HttpSession, HttpStatusError
from etl.sources.checkup import SeriesCheck
from etl.sources.pxweb.client import PxWebClient
from etl.sources.pxweb.metadata import PxWebMetadataError, TableMeta
from etl.sources.pxweb.series import PxSeries, PxSeriesError, gender_of, period_year, plan_selection, resolve

if TYPE_CHECKING:
    from etl.sources.pxweb.source import PxWebSource
    from indicators.catalogue import Catalogue

STALE_YEARS = 6  # a pooled four-year window ends every second year or so; older than this: look


def checkup(source: PxWebSource, base_url: str, local_ids: list[str], session: HttpSession,
            catalogue: Catalogue, today: date | None = None) -> tuple[list[SeriesCheck], list[str]]:
    sid = source.info.source_id
    defs_file = f"indicators/sources/{sid}.yaml"
    database = source.database or source.definitions().database
    client = PxWebClient(session, source.api, base_url, database=database, v1_format=source.v1_format)
    client.limits()
    notes = [client.limits_note] if client.limits_note else []
    wanted = source.series(local_ids)
    rows: list[SeriesCheck] = [SeriesCheck(sid, s, "fail", advice=f"Serien {s} är inte definierad i {defs_file}.")
                               for s in local_ids if s not in wanted]
    metas: dict[str, TableMeta | str] = {}
    for local, series in wanted.items():
        if series.table not in metas:
            try:
                metas[series.table] = client.metadata(series.table)[0]
            except HttpStatusError as exc:
                metas[series.table] = (f"tabellen {series.table} finns inte hos {source.info.title} (HTTP "
                                       f"{exc.status}): rätta `table:` för serien {local} i {defs_file}"
                                       if exc.status == 404 else f"tabellen {series.table} kunde inte läsas: {exc}")
            except (HttpError, PxWebMetadataError) as exc:
                metas[series.table] = f"tabellen {series.table} kunde inte läsas: {exc}"
        meta = metas[series.table]
        if isinstance(meta, str):
            rows.append(SeriesCheck(sid, local, "fail", advice=meta[:1].upper() + meta[1:] + "."))
            continue
        rows.append(_check_series(sid, defs_file, local, series, meta, catalogue, today))
    order = {s: i for i, s in enumerate(local_ids)}
    return sorted(rows, key=lambda r: order.get(r.series, 0)), notes


def _check_series(sid: str, defs_file: str, local: str, series: PxSeries, meta: TableMeta, catalogue: Catalogue,
                  today: date | None) -> SeriesCheck:
    try:
        resolved = resolve(meta, series)
        plan_selection(meta, [resolved], catalogue.area_ids)
        sex = meta.variable(series.sex_variable)
        genders = " ".join(sorted({gender_of(series.table, sex, c) for c in sex.values},
                                  key="TKM".index)) if sex else "T"
        time_var = meta.time_variable or meta.variable("År") or meta.variable("Tid")
        if time_var is None or not time_var.values:
            raise PxSeriesError(f"{series.series_id}: table {series.table} has no time variable")
        latest_label = max(time_var.values, key=lambda label: period_year(series, label))
        latest_year = period_year(series, latest_label)
    except PxSeriesError as exc:
        return SeriesCheck(sid, local, "fail", meta.title, advice=f"Ändra serien {local} i {defs_file}: {exc}")
    year = (today or date.today()).year
    if latest_year < year - STALE_YEARS:
        return SeriesCheck(sid, local, "warn", meta.title, latest_label, genders,
                           f"Senaste period är {latest_label}: tabellen kan ha ersatts; sök en nyare tabell.")
    return SeriesCheck(sid, local, "ok", meta.title, latest_label, genders)
