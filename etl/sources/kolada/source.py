"""Kolada (API v3) as a source: what it is, how a run is fetched (URL plan + paging) and parsed.

Files of a Kolada run: `kpi-NNN.json` (KPI metadata), `municipality-NNN.json` (area names) and `data-NNN.json`
(values), each one page of a v3 envelope as received.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import polars as pl

from etl.http import HttpSession
from etl.raw_runs import Manifest, RawRunWriter
from etl.sources import FetchRequest, ParsedRun, PeerData, SourceInfo
from etl.sources.kolada.envelope import iter_run_values
from etl.sources.kolada.paging import iter_pages
from etl.sources.kolada.parse import SOURCE_ID, parse_areas, parse_kpis
from etl.sources.kolada.parse_fast import parse_data_files
from etl.sources.kolada.peers import GROUPS_KIND, parse_groups, parse_national, plan_peers
from etl.sources.kolada.plan import plan_fetch
from etl.sources.kolada.review_list import series_list_frame
from etl.sources.kolada.urls import chunk_ids, data_url, kpi_list_url, municipality_url
from indicators.catalogue import Catalogue
from indicators.review import candidate_ids

INFO = SourceInfo(
    source_id=SOURCE_ID, title="Kolada",
    publisher="RKA – Rådet för främjande av kommunala analyser",
    licence="Fri användning med angiven källa (Kolada, RKA)",
    attribution="Källa: Kolada", url="https://www.kolada.se",
)


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


class KoladaSource:
    info = INFO
    default_base_url = "https://api.kolada.se/v3"
    base_url_env = "KOLADA_BASE_URL"

    def probe_url(self, base_url: str) -> str:
        return municipality_url(base_url)

    def fetch(self, request: FetchRequest, run: RawRunWriter, session: HttpSession) -> list[str]:
        """Every listing the plan needs (KPI metadata, area names, data), page by page; returns the KPIs asked
        for that Kolada's metadata response did not contain."""
        calls = plan_fetch(request.base_url, request.series, request.areas, request.from_date)  # plan.py
        if request.mode == "full":  # similar municipalities: groups and national values (peers.py)
            calls += plan_peers(request.base_url, request.peer_series)
        for done, call in enumerate(calls):
            for page in iter_pages(session, call.url):
                run.write(call.kind, page.body, url=page.url, rows=page.rows, status=page.status,
                          fetched_at=page.fetched_at)
                if request.progress is not None:
                    request.progress(done + (page.next_url is None), len(calls), page.url)
        if request.from_date is None and request.candidate_words:
            self._fetch_review_lists(request, run, session)
        served: set[str] = set()
        for entry in run.files:
            if entry.kind == "kpi":
                body = (run.run_dir / entry.file).read_bytes()
                served.update(str(o.get("id")) for o in json.loads(body)["values"] if isinstance(o, dict))
        return [k for k in request.series if k not in served]

    def _fetch_review_lists(self, request: FetchRequest, run: RawRunWriter, session: HttpSession) -> None:
        """A full run also stores Kolada's KPI list (`kpi_list`) and the values of the KPIs the goals' words find
        in it (`candidate_data`, the catalogue's areas), so the yearly review can say their coverage offline."""
        entries: list[dict] = []
        for page in iter_pages(session, kpi_list_url(request.base_url)):
            run.write("kpi_list", page.body, url=page.url, rows=page.rows, status=page.status,
                      fetched_at=page.fetched_at)
            entries += [o for o in json.loads(page.body).get("values", []) if isinstance(o, dict)]
        ids = candidate_ids(entries, request.candidate_words, exclude=request.series)
        for kpi_chunk in chunk_ids(ids):
            for area_chunk in chunk_ids(list(dict.fromkeys(request.areas))):
                for page in iter_pages(session, data_url(request.base_url, kpi_chunk, area_chunk)):
                    run.write("candidate_data", page.body, url=page.url, rows=page.rows, status=page.status,
                              fetched_at=page.fetched_at)

    def parse_series_list(self, run: Manifest, catalogue: Catalogue) -> pl.DataFrame | None:
        """The run's KPI list with each candidate's coverage among the county's municipalities (SERIES_LIST_SCHEMA),
        or None when the run has no list (incremental runs, runs from before the review)."""
        if not any(f.kind == "kpi_list" for f in run.files):
            return None
        return series_list_frame((obj for _, obj in iter_run_values(run, "kpi_list")),
                                 (obj for _, obj in iter_run_values(run, "candidate_data")), catalogue)

    def parse(self, run: Manifest, catalogue: Catalogue) -> ParsedRun:
        fetched_at = _timestamp(run.finished_at) or _timestamp(run.started_at)
        series = parse_kpis((obj for _, obj in iter_run_values(run, "kpi")), fetched_at, run.run_id)
        areas = parse_areas((obj for _, obj in iter_run_values(run, "municipality")), catalogue)
        values = parse_data_files(run, "data")  # polars, with the Python parser for the precise message
        return ParsedRun(series=series, areas=areas, values=values)

    def peers(self, run: Manifest, catalogue: Catalogue) -> PeerData | None:
        """The similar-municipality groups of the county's municipalities and the national values a full run
        fetched (peers.py), or None for a run without them (incremental, or fetched before they were)."""
        if not any(e.kind == GROUPS_KIND for e in run.files):
            return None
        municipalities = set(catalogue.municipality_ids)
        served = parse_areas((obj for _, obj in iter_run_values(run, "municipality")), catalogue)
        names = {a: n for a, n in served.select("area_id", "name").iter_rows() if a in municipalities}
        groups, members = parse_groups(run, names)
        return PeerData(groups=groups, members=members, values=parse_national(run, SOURCE_ID))


SOURCE = KoladaSource()
