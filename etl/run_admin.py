"""`python -m etl runs`: list the fetch runs, set one aside (`exclude RUN_ID --reason ...`) or take it back
(`include RUN_ID`). The decision is recorded in the run's manifest (excluded_reason, excluded_at), written
atomically by this code, so no one edits JSON by hand; build never replays an excluded run.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from core.attempts import now_iso
from etl import raw_runs

OUTCOME_WORDS = {"ok": "ok", "failed": "misslyckad"}


def _find(raw_dir: Path, run_id: str) -> raw_runs.Manifest:
    raw_runs.run_sort_key(run_id)  # a malformed id is an error naming it
    run_dir = raw_dir / run_id
    if not run_dir.is_dir():
        known = ", ".join(m.run_id for m in raw_runs.list_runs(raw_dir)[-5:]) or "inga"
        raise raw_runs.SnapshotError(f"no fetch run '{run_id}' under {raw_dir} (latest: {known})")
    return raw_runs.read_manifest(run_dir)


def exclude_run(raw_dir: Path, run_id: str, reason: str) -> raw_runs.Manifest:
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("give a reason for setting the run aside (--reason \"...\")")
    manifest = _find(raw_dir, run_id)
    manifest.excluded_reason, manifest.excluded_at = reason, now_iso()
    raw_runs.write_manifest(manifest.dir, manifest)
    return manifest


def include_run(raw_dir: Path, run_id: str) -> raw_runs.Manifest:
    manifest = _find(raw_dir, run_id)
    if manifest.excluded_reason is None:
        raise ValueError(f"run {run_id} is not excluded")
    manifest.excluded_reason = manifest.excluded_at = None
    raw_runs.write_manifest(manifest.dir, manifest)
    return manifest


def outcome_label(m: raw_runs.Manifest) -> str:
    return "undantagen" if m.excluded_reason is not None else OUTCOME_WORDS.get(m.outcome, m.outcome)


def print_runs(raw_dir: Path, console: Console) -> None:
    runs = raw_runs.list_runs(raw_dir)
    if not runs:
        console.print(Text(f"Inga hämtningar i {raw_dir}."))
        return
    table = Table(title=Text(f"Hämtningar i {raw_dir}"))
    for col in ("Körning", "Utfall", "Typ", "Rader", "Anrop", "Orsak / meddelande"):
        table.add_column(col)
    for m in runs:
        reason = m.excluded_reason if m.excluded_reason is not None else m.message
        table.add_row(Text(m.run_id), Text(outcome_label(m)), Text(m.mode), Text(str(m.rows)),
                      Text(str(m.requests)), Text(reason or ""))
    console.print(table)
