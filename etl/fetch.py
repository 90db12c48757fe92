"""Fetch one run of one source into `raw/<source_id>/<run-id>/` (the only step that touches the network).

The source (etl/sources/) decides which requests to make and stores each body as received through a
`RawRunWriter`; this module makes the run directory, times the run and writes its manifest
(docs/architecture.md).

The manifest is written first (outcome "failed": "did not finish"), so a run killed midway is still a failed run,
never a directory of unexplained files. When every body is in, the run is checked with the source's parse and the
checks build applies (etl/validate_run.py); only then is it marked "ok". Series refused by those checks
(implausible values, etl/plausibility.py; a table not fitting its definition) are named in the manifest
(`refused_series`) and the message; the run stays ok for the others, and build keeps the refused series' last good
data. A failed or invalid run keeps its manifest
(outcome "failed", the reason) and the error is re-raised. Bodies are written through a temp file, so a full disk
leaves no half-written or 0-byte file, and the error names the path. URLs are stored with credentials redacted.
The whole run has a deadline (NP_FETCH_DEADLINE_SECONDS, default one hour) on top of each request's own.

    result = fetch_run(settings, catalogue, mode="full")                  # the catalogue's first source
    result = fetch_run(settings, catalogue, mode="incremental", source_id="kolada", from_date=date(2026, 3, 1),
                       progress=lambda done, total, url: ..., policy=HttpPolicy(max_requests_per_second=2))
    results = fetch_sources(settings, catalogue, mode="full")             # every source the catalogue uses
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.redact import redact_url
from core.settings import Settings, fetch_deadline_seconds
from etl.checkpoint import list_checkpoints
from etl.http import HttpPolicy, HttpSession
from etl.raw_runs import (
    Manifest,
    RawRunWriter,
    RunError,
    list_runs,
    new_run_dir,
    replayable,
    utc_now_iso,
    write_manifest,
)
from etl.sources import FetchRequest, Mode, Progress, Source
from etl.sources.registry import get_source
from etl.validate_run import RunValidationError, check_run
from indicators.catalogue import Catalogue, split_series_id
from indicators.review import goal_words

UNFINISHED = "the fetch did not finish (the process ended before it could record a result)"


class FetchError(Exception):
    """A fetch run could not start (bad arguments, nothing to be incremental from)."""


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    run_id: str
    run_dir: Path
    manifest: Manifest
    requests: int  # HTTP requests made, retries included
    rows: int  # data rows fetched, as the source counts them
    missing_series_ids: list[str]  # the source's own ids of catalogue series it said nothing about
    # the source's own ids of series refused in this run (etl/plausibility.py, a table not fitting), with why
    refused_series: dict[str, str] = field(default_factory=dict)


def default_from_date(raw_dir: Path) -> date:
    """For an incremental run: the UTC day the last successful run started (overlap is harmless)."""
    ok = [m for m in list_runs(raw_dir) if replayable(m)]
    # After `prune` a kept build checkpoint stands in for the deleted full run (raw_dir is data/raw/<source>).
    pruned_full = bool(ok) and bool(list_checkpoints(raw_dir.parents[1], raw_dir.name))
    if not any(m.mode == "full" for m in ok) and not pruned_full:
        raise FetchError(f"no successful full fetch in {raw_dir}: an incremental fetch needs one to build on; "
                         f"run a full fetch first")
    return date.fromisoformat(ok[-1].started_at[:10])


def fetch_run(settings: Settings, catalogue: Catalogue, mode: Mode = "full", from_date: date | None = None,
              progress: Progress | None = None, *, policy: HttpPolicy | None = None,
              session: HttpSession | None = None, source_id: str | None = None) -> FetchResult:
    """Fetch a full or incremental run of one source (default: the catalogue's first) into its raw folder.

    Incremental runs ask for values changed since `from_date` (default: the day the last ok run started);
    metadata is always fetched whole, so build can compare it. `session` overrides `policy`.
    """
    if mode not in ("full", "incremental"):
        raise FetchError(f"mode must be 'full' or 'incremental', got {mode!r}")
    if mode == "full" and from_date is not None:
        raise FetchError("from_date is only for incremental fetches")
    source: Source = get_source(source_id or catalogue.source_ids[0])
    sid = source.info.source_id
    raw_dir = settings.raw_dir(sid)
    if mode == "incremental" and from_date is None:
        from_date = default_from_date(raw_dir)
    base_url = settings.base_url(source)
    judged = [own for src, own in (split_series_id(i.series_id) for i in catalogue.indicators) if src == sid]
    request = FetchRequest(series=catalogue.series_for(sid), areas=catalogue.area_ids, mode=mode,
                           from_date=from_date, base_url=base_url, progress=progress,
                           peer_series=list(dict.fromkeys(judged)),
                           candidate_words=tuple(goal_words(g) for g in catalogue.goals))
    own_session = session is None
    http = session or HttpSession(policy)
    http.set_run_deadline(fetch_deadline_seconds())
    start_count = http.requests_made
    run_id, run_dir = new_run_dir(raw_dir)
    manifest = Manifest(run_id=run_id, source_id=sid, mode=mode,
                        from_date=from_date.isoformat() if from_date else None,
                        base_url=redact_url(base_url), started_at=utc_now_iso(), outcome="failed",
                        message=UNFINISHED, series_ids=request.series, area_ids=request.areas)
    writer = RawRunWriter(run_dir)
    try:
        write_manifest(run_dir, manifest)
        missing = source.fetch(request, writer, http)
        manifest.files = writer.files
        manifest.requests = http.requests_made - start_count
        manifest.finished_at = utc_now_iso()
        check = check_run(source, manifest, catalogue)
        if check.problems:
            raise RunValidationError(run_id, check.problems)
    except BaseException as exc:
        manifest.files = writer.files
        manifest.requests = http.requests_made - start_count
        manifest.finished_at = utc_now_iso()
        manifest.message = str(exc) or type(exc).__name__
        with contextlib.suppress(RunError):  # a full disk: the manifest written first says "did not finish"
            write_manifest(run_dir, manifest)
        raise
    finally:
        if own_session:
            http.close()
    manifest.outcome = "ok"
    refused = {split_series_id(k)[1]: v for k, v in check.refused.items()}
    missing = [m for m in missing if m not in refused]
    manifest.missing_series_ids = missing
    manifest.refused_series = refused
    notes = list(request.notes)
    if missing:
        notes.append(f"{source.info.title} returned no metadata for {len(missing)} series: {', '.join(missing)}")
    if refused:
        notes.append(f"{len(refused)} series refused (their last good data stays in use): "
                     + "; ".join(refused.values()))
    manifest.message = ". ".join(notes)
    write_manifest(run_dir, manifest)
    return FetchResult(source_id=sid, run_id=run_id, run_dir=run_dir, manifest=manifest,
                       requests=manifest.requests, rows=manifest.rows, missing_series_ids=missing,
                       refused_series=refused)


def fetch_sources(settings: Settings, catalogue: Catalogue, mode: Mode = "full",
                  progress: Progress | None = None, *, policy: HttpPolicy | None = None,
                  session: HttpSession | None = None) -> list[FetchResult]:
    """One run per source the catalogue uses, in order; the first failure stops and re-raises (its run is
    recorded as failed; runs already fetched are kept)."""
    return [fetch_run(settings, catalogue, mode, None, progress, policy=policy, session=session, source_id=sid)
            for sid in catalogue.source_ids]


__all__ = ["FetchError", "FetchResult", "Progress", "RunError", "RunValidationError", "default_from_date",
           "fetch_run", "fetch_sources"]
