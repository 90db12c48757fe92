"""Fetch one run from Kolada into a raw snapshot directory (the only step that touches the network).

A run fetches the catalogue KPIs' metadata, the area names and the values for the catalogue areas, all years and
genders, batched as tightly as the API allows (see etl/kolada/urls.py), and writes every response page as
received plus a manifest (docs/architecture.md).

The manifest is written first (outcome "failed": "did not finish"), so a run killed midway is still a failed run,
never a directory of unexplained files. When every page is in, the run is checked with the parse and checks build
applies (etl/validate_run.py); only then is it marked "ok". A failed or invalid run keeps its manifest (outcome
"failed", the reason) and the error is re-raised. Pages are written through a temp file, so a full disk leaves no
half-written or 0-byte file, and the error names the path. URLs are stored with credentials redacted.

    result = fetch_run(settings, catalogue, mode="full")                  # or mode="incremental"
    result = fetch_run(settings, catalogue, mode="incremental", from_date=date(2026, 3, 1),
                       progress=lambda done, total, url: ..., policy=HttpPolicy(max_requests_per_second=2))
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from core.redact import redact_url
from core.settings import Settings
from etl.http import HttpPolicy, HttpSession
from etl.raw_runs import (
    FileEntry,
    Manifest,
    SnapshotError,
    list_runs,
    new_run_dir,
    replayable,
    sha256_of,
    write_bytes_atomic,
    write_manifest,
)
from etl.sources.kolada.paging import iter_pages, utc_now_iso
from etl.sources.kolada.urls import PlannedCall, plan_calls
from etl.validate_run import RunValidationError, validate_run
from indicators.catalogue import Catalogue

Mode = Literal["full", "incremental"]
# progress(listings_done, listings_total, url_just_fetched): called after every page.
Progress = Callable[[int, int, str], None]
RUN_DEADLINE_SECONDS = 3600.0  # a whole fetch run; override with NP_FETCH_DEADLINE_SECONDS
UNFINISHED = "the fetch did not finish (the process ended before it could record a result)"


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
    ok = [m for m in list_runs(raw_dir) if replayable(m)]
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
            write_bytes_atomic(run_dir / f".{name}.tmp", run_dir / name, page.body)
            files.append(FileEntry(file=name, kind=call.kind, url=redact_url(page.url), fetched_at=page.fetched_at,
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
    http.set_run_deadline(float(os.environ.get("NP_FETCH_DEADLINE_SECONDS", RUN_DEADLINE_SECONDS)))
    start_count = http.requests_made
    run_id, run_dir = new_run_dir(settings.raw_dir)
    manifest = Manifest(run_id=run_id, mode=mode, from_date=from_date.isoformat() if from_date else None,
                        base_url=redact_url(settings.base_url), started_at=utc_now_iso(), outcome="failed",
                        message=UNFINISHED, kpi_ids=kpi_ids, area_ids=area_ids)
    files: list[FileEntry] = []
    try:
        write_manifest(run_dir, manifest)
        _fetch_calls(http, calls, run_dir, files, progress)
        missing = _missing_kpis(run_dir, files, kpi_ids)
        manifest.files = files
        manifest.requests = http.requests_made - start_count
        manifest.finished_at = utc_now_iso()
        problems = validate_run(manifest, catalogue)
        if problems:
            raise RunValidationError(run_id, problems)
    except BaseException as exc:
        manifest.files = files
        manifest.requests = http.requests_made - start_count
        manifest.finished_at = utc_now_iso()
        manifest.message = str(exc) or type(exc).__name__
        with contextlib.suppress(SnapshotError):  # a full disk: the manifest written first says "did not finish"
            write_manifest(run_dir, manifest)
        raise
    finally:
        if own_session:
            http.close()
    manifest.outcome = "ok"
    manifest.missing_kpi_ids = missing
    manifest.message = ""
    if missing:
        manifest.message = f"Kolada returned no metadata for {len(missing)} KPI(s): {', '.join(missing)}"
    write_manifest(run_dir, manifest)
    return FetchResult(run_id=run_id, run_dir=run_dir, manifest=manifest, requests=manifest.requests,
                       rows=manifest.rows, missing_kpi_ids=missing)


__all__ = ["FetchError", "FetchResult", "Progress", "RunValidationError", "SnapshotError", "default_from_date",
           "fetch_run"]
