"""Build checkpoints: one source's replayed state after a build, kept so the next build replays only later runs.

    data/checkpoints/<source_id>/<run-id>/observation.parquet   the source's observations as built after that run
                                          changes.parquet, series_changes.parquet, series.parquet, area.parquet,
                                          runs.parquet (the source's runs up to <run-id>, as the etl_run table
                                          lists them)
                                          checkpoint.json  run id, the runs replayed (each with its manifest's
                                                           sha256), the scope fingerprint, the series of the last
                                                           metadata fetch, the run the published database showed

A checkpoint is valid for a build when its format and scope (the catalogue's series of that source, the area ids
and kinds) match, every run it replayed still has the same manifest (sha256) — or was pruned with that sha256
recorded in checkpoints/<source_id>/pruned.json — and no other ok run from the first full one up to its run has
appeared since. The build then replays only the later runs (`later_runs`); the result is the same table as a
replay from scratch (tests/etl_build/test_checkpoint.py checks it byte for byte).

Nothing here knows a source's format: a checkpoint holds frames with the schemas of etl/frames.py.

Checkpoints are derived data: the build keeps the newest few per source (KEEP_DEFAULT) and deletes older ones.
Raw runs are deleted only by `prune` (etl/prune.py), never by the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core.files import write_text_atomic
from etl import raw_runs
from indicators.catalogue import Catalogue

FORMAT = 2
META = "checkpoint.json"
PRUNED = "pruned.json"
KEEP_DEFAULT = 3
TABLES = ("observation", "changes", "series_changes", "series", "area", "runs")


@dataclass(frozen=True)
class Checkpoint:
    dir: Path
    source_id: str
    run_id: str
    started_at: str  # the checkpoint run's start (the gap check for the next incremental run)
    runs: dict[str, str]  # replayed run id -> sha256 of its manifest.json
    latest_series: list[str]
    scope: str
    published_run_id: str  # the run of the published database this state matches (older if runs changed nothing)
    base_url: str  # the checkpoint run's base URL and fetch time (dataset facts if its manifest was pruned)
    fetched_at: str

    def frame(self, table: str) -> pl.DataFrame:
        return read_frame(self.dir / f"{table}.parquet")


def read_frame(path: Path) -> pl.DataFrame:
    """A checkpoint table, equal to `pl.read_parquet(path)`, with each column that holds no value at all (a source
    without published intervals, flags or periods: five of the observation's twelve columns) as one constant
    (a polars scalar column) instead of a column of nulls: at 1.8 M observations those took ~90 MB of the state
    read back, and were a part of the build's peak. Which columns are all null is counted by the streaming
    engine, a morsel at a time."""
    schema = pl.read_parquet_schema(path)
    counts = pl.scan_parquet(path).select(pl.len(), *(pl.col(c).null_count() for c in schema)).collect(
        engine="streaming").row(0)
    rows, nulls = counts[0], dict(zip(schema, counts[1:], strict=True))
    empty = [c for c in schema if rows and nulls[c] == rows]
    if not empty:
        return pl.read_parquet(path)
    kept = pl.read_parquet(path, columns=[c for c in schema if c not in empty])
    return kept.with_columns(pl.lit(None, dtype=schema[c]).alias(c) for c in empty).select(list(schema))


def checkpoints_dir(data_dir: Path, source_id: str) -> Path:
    return data_dir / "checkpoints" / source_id


def scope_fingerprint(catalogue: Catalogue, source_id: str) -> str:
    """What a source's replayed state depends on in the catalogue: its series and the areas (id, kind)."""
    text = json.dumps({"series": sorted(catalogue.series_for(source_id)),
                       "areas": sorted((a.id, a.kind) for a in catalogue.areas)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def manifest_sha256(manifest: raw_runs.Manifest) -> str:
    return raw_runs.sha256_of((manifest.dir / raw_runs.MANIFEST).read_bytes())


def pruned_runs(data_dir: Path, source_id: str) -> dict[str, str]:
    """Runs removed by `prune`: run id -> the sha256 its manifest had."""
    path = checkpoints_dir(data_dir, source_id) / PRUNED
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def record_pruned(data_dir: Path, source_id: str, runs: dict[str, str]) -> None:
    path = checkpoints_dir(data_dir, source_id) / PRUNED
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = {**pruned_runs(data_dir, source_id), **runs}
    write_text_atomic(path, json.dumps(dict(sorted(merged.items())), indent=2) + "\n")


def read_checkpoint(directory: Path) -> Checkpoint | None:
    """The checkpoint in `directory`, or None if it is incomplete or of another format."""
    try:
        meta = json.loads((directory / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("format") != FORMAT or meta.get("run_id") != directory.name:
        return None
    if not all((directory / f"{t}.parquet").is_file() for t in TABLES):
        return None
    return Checkpoint(dir=directory, source_id=meta["source_id"], run_id=meta["run_id"],
                      started_at=meta["started_at"], runs=meta["runs"], latest_series=meta["latest_series"],
                      scope=meta["scope"], published_run_id=meta["published_run_id"], base_url=meta["base_url"],
                      fetched_at=meta["fetched_at"])


def list_checkpoints(data_dir: Path, source_id: str) -> list[Checkpoint]:
    """A source's readable checkpoints, newest run first."""
    root = checkpoints_dir(data_dir, source_id)
    if not root.is_dir():
        return []
    found = [cp for d in root.iterdir() if d.is_dir() and raw_runs.RUN_ID.match(d.name)
             if (cp := read_checkpoint(d)) is not None]
    return sorted(found, key=lambda cp: raw_runs.run_sort_key(cp.run_id), reverse=True)


def is_valid(cp: Checkpoint, manifests: list[raw_runs.Manifest], data_dir: Path, scope: str) -> bool:
    """The checkpoint reflects exactly the source's raw runs now on disk up to its run (module docstring)."""
    if cp.scope != scope:
        return False
    limit = raw_runs.run_sort_key(cp.run_id)
    present = {m.run_id: m for m in manifests}
    pruned = pruned_runs(data_dir, cp.source_id)
    for run_id, sha in cp.runs.items():
        if run_id in present:
            if manifest_sha256(present[run_id]) != sha:
                return False
        elif pruned.get(run_id) != sha:
            return False
    ok = [m for m in manifests if raw_runs.replayable(m) and raw_runs.run_sort_key(m.run_id) <= limit]
    first_full = next((i for i, m in enumerate(ok) if m.mode == "full"), None)
    since_first_full = ok[first_full:] if first_full is not None else []
    return all(m.run_id in cp.runs for m in since_first_full)


def newest_valid(data_dir: Path, source_id: str, manifests: list[raw_runs.Manifest],
                 catalogue: Catalogue) -> Checkpoint | None:
    scope = scope_fingerprint(catalogue, source_id)
    for cp in list_checkpoints(data_dir, source_id):
        if is_valid(cp, manifests, data_dir, scope):
            return cp
    return None


def later_runs(cp: Checkpoint, manifests: list[raw_runs.Manifest]) -> list[raw_runs.Manifest]:
    """The ok runs after the checkpoint's, with the same gap check as raw_runs.runs_to_replay."""
    limit = raw_runs.run_sort_key(cp.run_id)
    later = [m for m in manifests if raw_runs.replayable(m) and raw_runs.run_sort_key(m.run_id) > limit]
    prev_started, prev_id = cp.started_at, cp.run_id
    for m in later:
        if m.mode == "incremental" and (m.from_date is None or m.from_date > prev_started[:10]):
            raise raw_runs.RunError(
                f"{m.dir / raw_runs.MANIFEST}: incremental run asks for changes from {m.from_date}, but the run "
                f"before it ({prev_id}) started {prev_started}: changes in between would be missing; "
                f"run a full fetch")
        prev_started, prev_id = m.started_at, m.run_id
    return later


def write_checkpoint(data_dir: Path, run: raw_runs.Manifest, replayed: dict[str, str], scope: str,
                     latest_series: set[str], frames: dict[str, pl.DataFrame], published_run_id: str,
                     reuse_observation: Path | None = None, keep: int = KEEP_DEFAULT) -> Path:
    """Write the checkpoint for `run` (of `run.source_id`) atomically (temp dir + rename); keep the newest `keep`.

    `reuse_observation`: an observation.parquet known to hold the same table (a run that changed no value); it
    is hard-linked rather than written again."""
    root = checkpoints_dir(data_dir, run.source_id)
    root.mkdir(parents=True, exist_ok=True)
    target = root / run.run_id
    tmp = root / f".{run.run_id}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for table in TABLES:
            path = tmp / f"{table}.parquet"
            if table == "observation" and reuse_observation is not None:
                try:
                    os.link(reuse_observation, path)
                    continue
                except OSError:
                    pass
            frames[table].write_parquet(path, compression="zstd", statistics=False)
        meta = {"format": FORMAT, "source_id": run.source_id, "run_id": run.run_id, "started_at": run.started_at,
                "runs": replayed, "latest_series": sorted(latest_series), "scope": scope,
                "published_run_id": published_run_id, "base_url": run.base_url,
                "fetched_at": run.finished_at or run.started_at}
        (tmp / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in list_checkpoints(data_dir, run.source_id)[keep:]:
        shutil.rmtree(old.dir, ignore_errors=True)
    return target
