"""Remove raw runs a kept checkpoint makes unnecessary — only when asked (`python -m etl prune`).

Policy, per source: keep the `keep` newest valid checkpoints; delete every raw run older than the run of the
oldest of them (the checkpoint runs themselves stay), and the checkpoints older than the kept ones. Each deleted
run's manifest sha256 is recorded in data/checkpoints/<source_id>/pruned.json first, so the kept checkpoints stay
valid. After pruning, `build --run` can no longer rebuild the state after a deleted run.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings
from etl import checkpoint, raw_runs
from indicators.catalogue import Catalogue


@dataclass(frozen=True)
class PrunePlan:
    kept_checkpoints: list[str]  # "<source_id>/<run id>"
    runs: list[Path]  # raw run directories to delete
    checkpoints: list[Path]  # older checkpoints to delete
    bytes: int


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def plan_prune(settings: Settings, catalogue: Catalogue, keep: int = 1) -> PrunePlan:
    if keep < 1:
        raise ValueError(f"--keep must be at least 1, got {keep}")
    kept_ids: list[str] = []
    runs: list[Path] = []
    older: list[Path] = []
    for sid in catalogue.source_ids:
        manifests = raw_runs.list_runs(settings.raw_dir(sid))
        scope = checkpoint.scope_fingerprint(catalogue, sid)
        valid = [cp for cp in checkpoint.list_checkpoints(settings.data_dir, sid)
                 if checkpoint.is_valid(cp, manifests, settings.data_dir, scope)]
        if not valid:
            continue
        kept = valid[:keep]
        limit = raw_runs.run_sort_key(kept[-1].run_id)
        kept_ids += [f"{sid}/{cp.run_id}" for cp in kept]
        runs += [m.dir for m in manifests if raw_runs.run_sort_key(m.run_id) < limit]
        older += [cp.dir for cp in checkpoint.list_checkpoints(settings.data_dir, sid)
                  if raw_runs.run_sort_key(cp.run_id) < limit]
    return PrunePlan(kept_ids, runs, older, sum(_size(p) for p in runs + older))


def prune(settings: Settings, plan: PrunePlan) -> None:
    """Carry out a plan from plan_prune: record the deleted runs' manifest hashes, then delete."""
    recorded: dict[str, dict[str, str]] = {}
    for run_dir in plan.runs:
        manifest = raw_runs.read_manifest(run_dir)
        recorded.setdefault(manifest.source_id, {})[manifest.run_id] = checkpoint.manifest_sha256(manifest)
    for sid, runs in recorded.items():
        checkpoint.record_pruned(settings.data_dir, sid, runs)
    for path in plan.runs + plan.checkpoints:
        shutil.rmtree(path)
