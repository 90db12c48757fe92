"""Build: raw snapshots + catalogue → a checked DuckDB file, published atomically. Offline and deterministic.

The build replays every successful fetch run from the first full one up to the chosen run: a full run replaces
the state (and what it changed is recorded), an incremental run applies its changed and deleted values.
`build_database(settings, upto_run_id=...)` rebuilds "the data as it was" after an older run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from core.redact import redact_text, redact_url
from core.settings import Settings
from etl import raw_runs
from etl.catalogue_tables import catalogue_frames
from etl.load import publish
from etl.parse import AREA_SCHEMA, KPI_SCHEMA, OBSERVATION_SCHEMA, parse_areas, parse_data, parse_kpis
from etl.replay import (
    CHANGE_SCHEMA,
    KEY,
    KPI_CHANGE_SCHEMA,
    apply_full,
    apply_incremental,
    diff_kpi_metadata,
    merge_kpi_metadata,
)
from indicators.catalogue import Catalogue, load_catalogue
from indicators.compute import compute_status_tables
from indicators.method import load_method

RUN_SCHEMA = {
    "run_id": pl.String, "started_at": pl.Datetime("us"), "finished_at": pl.Datetime("us"), "source": pl.String,
    "mode": pl.String, "from_date": pl.Date, "requests": pl.Int32, "rows": pl.Int32, "outcome": pl.String,
    "message": pl.String,
}


class BuildError(RuntimeError):
    """The build cannot start or cannot finish; the previous database is untouched."""


@dataclass
class State:
    observation: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=OBSERVATION_SCHEMA))
    kpi: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=KPI_SCHEMA))
    area: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=AREA_SCHEMA))
    changes: list[pl.DataFrame] = field(default_factory=list)
    kpi_changes: list[pl.DataFrame] = field(default_factory=list)
    latest_kpis: set[str] = field(default_factory=set)  # KPIs in the metadata of the last replayed run


@dataclass(frozen=True)
class BuildResult:
    db_path: Path
    run_id: str
    rows: int
    missing_kpis: list[tuple[str, str]]
    changes: int


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _in_scope(delta: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    return delta.filter(pl.col("kpi_id").is_in(catalogue.kpi_ids) & pl.col("area_id").is_in(catalogue.area_ids))


def _full_as_delta(state: pl.DataFrame, full: pl.DataFrame) -> pl.DataFrame:
    """A full run, seen as a change set: its rows, plus deletions of known keys it no longer serves.

    Only KPIs the full run served any row for can lose values: a KPI missing from a run keeps what is stored.
    """
    served_kpis = full.select("kpi_id").unique()
    gone = (state.join(served_kpis, on="kpi_id", how="semi").join(full.select(KEY), on=KEY, how="anti")
            .with_columns(pl.lit(None, pl.Float64).alias("value"), pl.lit(True).alias("isdeleted")))
    return pl.concat([full, gone.select(full.columns).cast(full.schema)])


def _values(manifest: raw_runs.Manifest, run_dir: Path, kind: raw_runs.FileKind) -> Iterator[dict]:
    for entry in manifest.files:
        if entry.kind == kind:
            yield from raw_runs.iter_entry_values(run_dir, entry)


def parse_run(manifest: raw_runs.Manifest, run_dir: Path, catalogue: Catalogue
              ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(KPI metadata, area names, data rows in scope) of one run: the parse build applies, and fetch's check."""
    fetched_at = _timestamp(manifest.finished_at) or _timestamp(manifest.started_at)
    kpis = parse_kpis(_values(manifest, run_dir, "kpi"), fetched_at, manifest.run_id)
    kpis = kpis.filter(pl.col("kpi_id").is_in(catalogue.kpi_ids))
    areas = parse_areas(_values(manifest, run_dir, "municipality"), catalogue)
    data_frames = [parse_data(raw_runs.iter_entry_values(run_dir, entry), manifest.run_id,
                              source=str(run_dir / entry.file))
                   for entry in manifest.files if entry.kind == "data"]
    delta = _in_scope(pl.concat(data_frames) if data_frames else parse_data([], manifest.run_id), catalogue)
    return kpis, areas, delta


def apply_run(state: State, manifest: raw_runs.Manifest, run_dir: Path, catalogue: Catalogue) -> State:
    kpis, areas, delta = parse_run(manifest, run_dir, catalogue)
    state.latest_kpis = set(kpis.get_column("kpi_id").to_list())
    first = state.kpi.is_empty() and state.observation.is_empty()
    if first:
        state.observation = apply_full(delta)
    else:
        if manifest.mode == "full":
            delta = _full_as_delta(state.observation, apply_full(delta).with_columns(pl.lit(False).alias("isdeleted")))
        state.observation, changes = apply_incremental(state.observation, delta, manifest.run_id)
        state.changes.append(changes)
        state.kpi_changes.append(diff_kpi_metadata(state.kpi, kpis, manifest.run_id)
                                 if not kpis.is_empty() else pl.DataFrame(schema=KPI_CHANGE_SCHEMA))
    if not kpis.is_empty():
        state.kpi = merge_kpi_metadata(state.kpi, kpis)
    if not areas.is_empty():
        state.area = pl.concat([state.area.join(areas, on="area_id", how="anti"), areas]).sort("area_id")
    return state


def missing_kpis(catalogue: Catalogue, kpi: pl.DataFrame, observation: pl.DataFrame,
                 latest_kpis: set[str] | None = None) -> pl.DataFrame:
    """Catalogue KPIs the source did not serve, each with a reason in Swedish (shown in the dashboard)."""
    with_rows = set(observation.get_column("kpi_id").unique().to_list())
    known = set(kpi.get_column("kpi_id").to_list())
    latest = known if latest_kpis is None else latest_kpis
    rows = []
    for kpi_id in catalogue.kpi_ids:
        reasons = []
        if kpi_id not in known:
            reasons.append("saknas i Koladas metadata")
        elif kpi_id not in latest:
            reasons.append("fanns inte med i Koladas metadata vid senaste hämtningen")
        if kpi_id not in with_rows:
            reasons.append("inga värden för Värmlands områden")
        if reasons:
            rows.append({"kpi_id": kpi_id, "reason": "; ".join(reasons)})
    return pl.DataFrame(rows, schema={"kpi_id": pl.String, "reason": pl.String})


def _run_message(m: raw_runs.Manifest) -> str:
    if m.excluded_reason is None:
        return m.message
    return f"Undantagen {m.excluded_at or ''}: {m.excluded_reason}" + (f" ({m.message})" if m.message else "")


def run_frame(manifests: list[raw_runs.Manifest]) -> pl.DataFrame:
    rows = [{
        "run_id": m.run_id, "started_at": _timestamp(m.started_at), "finished_at": _timestamp(m.finished_at),
        "source": redact_url(m.base_url), "mode": m.mode,
        "from_date": datetime.fromisoformat(m.from_date).date() if m.from_date else None,
        "requests": m.requests, "rows": sum(f.rows for f in m.files if f.kind == "data"),
        "outcome": "excluded" if m.excluded_reason is not None else m.outcome,
        "message": redact_text(_run_message(m)) or None,
    } for m in manifests]
    return pl.DataFrame(rows, schema=RUN_SCHEMA)


def assemble_frames(catalogue: Catalogue, observation: pl.DataFrame, kpi: pl.DataFrame, area: pl.DataFrame,
                    runs: pl.DataFrame, dataset: dict[str, str], changes: pl.DataFrame | None = None,
                    kpi_changes: pl.DataFrame | None = None, missing: pl.DataFrame | None = None
                    ) -> dict[str, pl.DataFrame]:
    """Every table of the database as frames, status included. Shared by the real build and the demo."""
    status = compute_status_tables(observation, kpi, catalogue, load_method(), area)
    frames = {
        "dataset": pl.DataFrame({"key": list(dataset), "value": list(dataset.values())}),
        "area": area, "kpi": kpi, "observation": observation, **catalogue_frames(catalogue),
        "etl_run": runs,
        "observation_change": changes if changes is not None else pl.DataFrame(schema=CHANGE_SCHEMA),
        "kpi_change": kpi_changes if kpi_changes is not None else pl.DataFrame(schema=KPI_CHANGE_SCHEMA),
        "missing_kpi": missing if missing is not None else missing_kpis(catalogue, kpi, observation),
        **status,
    }
    return frames


def build_database(settings: Settings, catalogue: Catalogue | None = None, upto_run_id: str | None = None,
                   hold_seconds: float | None = None) -> BuildResult:
    catalogue = catalogue or load_catalogue()
    manifests = raw_runs.list_runs(settings.raw_dir)
    if upto_run_id and upto_run_id not in {m.run_id for m in manifests}:
        raise BuildError(f"no fetch run '{upto_run_id}' under {settings.raw_dir}")
    try:
        runs = raw_runs.runs_to_replay(settings.raw_dir, upto_run_id, from_first_full=True)
    except raw_runs.SnapshotError as exc:
        raise BuildError(f"{exc}\nRun `python -m etl fetch` (a full fetch) first, "
                         "or `python -m etl demo` for demo data.") from exc
    state = State()
    for manifest in runs:
        state = apply_run(state, manifest, settings.raw_dir / manifest.run_id, catalogue)
    last = runs[-1]
    missing = missing_kpis(catalogue, state.kpi, state.observation, state.latest_kpis)
    dataset = {"is_demo": "false", "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "run_id": last.run_id, "source": redact_url(last.base_url),
               "fetched_at": last.finished_at or last.started_at}
    recorded = manifests if upto_run_id is None else [
        m for m in manifests if raw_runs.run_sort_key(m.run_id) <= raw_runs.run_sort_key(upto_run_id)]
    changes = pl.concat(state.changes) if state.changes else None
    kpi_changes = pl.concat(state.kpi_changes) if state.kpi_changes else None
    frames = assemble_frames(catalogue, state.observation, state.kpi, state.area, run_frame(recorded), dataset,
                             changes, kpi_changes, missing)
    expected_nulls = state.observation.get_column("value").null_count()
    hold = hold_seconds if hold_seconds is not None else float(os.environ.get("NP_BUILD_HOLD_SECONDS", "0"))
    publish(settings.db_path, frames, expected_nulls, hold_seconds=hold)
    return BuildResult(db_path=settings.db_path, run_id=last.run_id, rows=state.observation.height,
                       missing_kpis=list(missing.iter_rows()), changes=0 if changes is None else changes.height)
