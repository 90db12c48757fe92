"""Fetch one run from Kolada into a raw snapshot directory (the only step that touches the network).

A run fetches the catalogue KPIs' metadata, the area names and the values for the catalogue areas, all years and
genders, batched as tightly as the API allows (see etl/kolada/urls.py), and writes every response page as
received plus a manifest (docs/architecture.md). A failed run still writes its manifest (outcome "failed", the
message) and then re-raises.

    result = fetch_run(settings, catalogue, mode="full")                  # or mode="incremental"
    result = fetch_run(settings, catalogue, mode="incremental", from_date=date(2026, 3, 1),
                       progress=lambda done, total, url: ..., policy=HttpPolicy(max_requests_per_second=2))
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from core.settings import Settings
from etl.http import HttpPolicy, HttpSession
from etl.raw_runs import (
    FileEntry,
    Manifest,
    SnapshotError,
    list_runs,
    new_run_dir,
    sha256_of,
    write_manifest,
)
from etl.sources.kolada.paging import iter_pages, utc_now_iso
from etl.sources.kolada.urls import PlannedCall, plan_calls
from indicators.catalogue import Catalogue

Mode = Literal["full", "incremental"]
# progress(listings_done, listings_total, url_just_fetched): called after every page.
Progress = Callable[[int, int, str], None]


class FetchError(Exception):
    """A fetch run could not start (bad arguments, nothing to be incremental from)."""


@dataclass(frozen=True)
class FetchResult:
    run_id: str
    run_dir: Path
    manifest: Manifest
    requests: int  # HTTP requests made, retries included
    rows: int  # data objects (kpi × area × year) fetched
    missing_kpi_ids: list[str]  # catalogue KPIs absent from Kolada's metadata response


def default_from_date(raw_dir: Path) -> date:
    """For an incremental run: the UTC day the last successful run started (overlap is harmless)."""
    ok = [m for m in list_runs(raw_dir) if m.outcome == "ok"]
    if not any(m.mode == "full" for m in ok):
        raise FetchError(f"no successful full fetch in {raw_dir}: an incremental fetch needs one to build on; "
                         f"run a full fetch first")
    return date.fromisoformat(ok[-1].started_at[:10])


def _missing_kpis(run_dir: Path, files: list[FileEntry], wanted: list[str]) -> list[str]:
    served: set[str] = set()
    for entry in files:
        if entry.kind == "kpi":
            payload = json.loads((run_dir / entry.file).read_bytes())
            served.update(str(obj.get("id")) for obj in payload["values"] if isinstance(obj, dict))
    return [k for k in wanted if k not in served]


def _fetch_calls(session: HttpSession, calls: list[PlannedCall], run_dir: Path,
                 files: list[FileEntry], progress: Progress | None) -> None:
    counters: dict[str, int] = {}
    for done, call in enumerate(calls):
        for page in iter_pages(session, call.url):
            counters[call.kind] = counters.get(call.kind, 0) + 1
            name = f"{call.kind}-{counters[call.kind]:03d}.json"
            (run_dir / name).write_bytes(page.body)
            files.append(FileEntry(file=name, kind=call.kind, url=page.url, fetched_at=page.fetched_at,
                                   sha256=sha256_of(page.body), rows=page.rows, status=page.status))
            if progress is not None:
                progress(done + (page.next_url is None), len(calls), page.url)


def fetch_run(settings: Settings, catalogue: Catalogue, mode: Mode = "full", from_date: date | None = None,
              progress: Progress | None = None, *, policy: HttpPolicy | None = None,
              session: HttpSession | None = None) -> FetchResult:
    """Fetch a full or incremental run into `settings.raw_dir/<run-id>/`.

    Incremental runs send `from_date` on the data calls (default: the day the last ok run started); metadata and
    area names are always fetched whole, so build can compare them. `session` overrides `policy`.
    """
    if mode not in ("full", "incremental"):
        raise FetchError(f"mode must be 'full' or 'incremental', got {mode!r}")
    if mode == "full" and from_date is not None:
        raise FetchError("from_date is only for incremental fetches")
    if mode == "incremental" and from_date is None:
        from_date = default_from_date(settings.raw_dir)
    kpi_ids, area_ids = catalogue.kpi_ids, catalogue.area_ids
    calls = plan_calls(settings.base_url, kpi_ids, area_ids, from_date)
    own_session = session is None
    http = session or HttpSession(policy)
    start_count = http.requests_made
    run_id, run_dir = new_run_dir(settings.raw_dir)
    manifest = Manifest(run_id=run_id, mode=mode, from_date=from_date.isoformat() if from_date else None,
                        base_url=settings.base_url, started_at=utc_now_iso(), outcome="failed",
                        kpi_ids=kpi_ids, area_ids=area_ids)
    files: list[FileEntry] = []
    try:
        _fetch_calls(http, calls, run_dir, files, progress)
        missing = _missing_kpis(run_dir, files, kpi_ids)
    except BaseException as exc:
        manifest.files = files
        manifest.requests = http.requests_made - start_count
        manifest.finished_at = utc_now_iso()
        manifest.message = str(exc) or type(exc).__name__
        write_manifest(run_dir, manifest)
        raise
    finally:
        if own_session:
            http.close()
    manifest.files = files
    manifest.requests = http.requests_made - start_count
    manifest.finished_at = utc_now_iso()
    manifest.outcome = "ok"
    manifest.missing_kpi_ids = missing
    if missing:
        manifest.message = f"Kolada returned no metadata for {len(missing)} KPI(s): {', '.join(missing)}"
    write_manifest(run_dir, manifest)
    return FetchResult(run_id=run_id, run_dir=run_dir, manifest=manifest, requests=manifest.requests,
                       rows=manifest.rows, missing_kpi_ids=missing)


__all__ = ["FetchError", "FetchResult", "Progress", "SnapshotError", "default_from_date", "fetch_run"]
