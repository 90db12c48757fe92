"""`python -m etl runs`: list the fetch runs, set one aside (`exclude RUN_ID --reason ...`) or take it back
(`include RUN_ID`). The decision is recorded in the run's manifest (excluded_reason, excluded_at), written
atomically by this code, so no one edits JSON by hand; build never replays an excluded run.

Runs live per source under `raw/<source_id>/`; a run id is looked up in every source folder given (it is a UTC
timestamp, so two sources could share one: then the source must be named).
"""

from __future__ import annotations

from pathlib import Path

from core.files import now_iso
from etl import raw_runs


def _find(raw_dirs: list[Path], run_id: str) -> raw_runs.Manifest:
    raw_runs.run_sort_key(run_id)  # a malformed id is an error naming it
    found = [d / run_id for d in raw_dirs if (d / run_id).is_dir()]
    if not found:
        latest = sorted((m for d in raw_dirs for m in raw_runs.list_runs(d)),
                        key=lambda m: raw_runs.run_sort_key(m.run_id))[-5:]
        known = ", ".join(f"{m.source_id}/{m.run_id}" for m in latest) or "none"
        where = ", ".join(str(d) for d in raw_dirs)
        raise raw_runs.RunError(f"no fetch run '{run_id}' under {where} (latest: {known})")
    if len(found) > 1:
        raise raw_runs.RunError(f"run id '{run_id}' exists for more than one source ({', '.join(map(str, found))});"
                                f" name the source with --source")
    return raw_runs.read_manifest(found[0])


def exclude_run(raw_dirs: list[Path], run_id: str, reason: str) -> raw_runs.Manifest:
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("give a reason for setting the run aside (--reason \"...\")")
    manifest = _find(raw_dirs, run_id)
    manifest.excluded_reason, manifest.excluded_at = reason, now_iso()
    raw_runs.write_manifest(manifest.dir, manifest)
    return manifest


def include_run(raw_dirs: list[Path], run_id: str) -> raw_runs.Manifest:
    manifest = _find(raw_dirs, run_id)
    if manifest.excluded_reason is None:
        raise ValueError(f"run {run_id} is not excluded")
    manifest.excluded_reason = manifest.excluded_at = None
    raw_runs.write_manifest(manifest.dir, manifest)
    return manifest
