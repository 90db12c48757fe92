"""Build: raw fetch runs + catalogue → a checked DuckDB file, published atomically. Offline and deterministic.

For each source the catalogue uses (etl/sources/registry.py), the build replays every successful fetch run from
the FIRST full one up to the chosen run: the first full run sets the state, a later full run replaces it (and what
it changed is recorded), an incremental run applies its changed and deleted values. The sources' states are then
joined (series ids name their source, so they never collide). `build_database(settings, upto_run_id=...)`
rebuilds "the data as it was" after an older run (runs of every source up to that run's time).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from core import attribution
from core.redact import redact_text, redact_url
from core.schema import SCHEMA_VERSION
from core.settings import Settings, build_hold_seconds
from etl import checkpoint, no_change, raw_runs
from etl.catalogue_tables import catalogue_frames
from etl.frames import AREA_SCHEMA, KEY, OBSERVATION_SCHEMA, SERIES_LIST_SCHEMA, SERIES_SCHEMA, SOURCE_SCHEMA
from etl.load import publish
from etl.replay import (
    CHANGE_SCHEMA,
    SERIES_CHANGE_SCHEMA,
    apply_full,
    apply_incremental,
    diff_series_metadata,
    merge_series_metadata,
)
from etl.sources import PeerData, Source, SourceInfo, split_series_id
from etl.sources.registry import get_source
from etl.validate_run import refused_in
from indicators.catalogue import Catalogue, catalogue_dir, load_catalogue
from indicators.compute import compute_status_tables
from indicators.method import load_method
from indicators.peers import PEER_VALUE_SCHEMA, peer_values

RUN_SCHEMA = {
    "run_id": pl.String, "started_at": pl.Datetime("us"), "finished_at": pl.Datetime("us"), "source": pl.String,
    "source_id": pl.String,
    "mode": pl.String, "from_date": pl.Date, "requests": pl.Int32, "rows": pl.Int32, "outcome": pl.String,
    "message": pl.String,
}
CATALOGUE_FILES = ("goals.yaml", "indicators.yaml", "areas.yaml", "targets.yaml")  # targets.yaml may be absent


class BuildError(RuntimeError):
    """The build cannot start or cannot finish; the previous database is untouched."""


@dataclass
class State:
    """One source's replayed data."""

    observation: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=OBSERVATION_SCHEMA))
    series: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SERIES_SCHEMA))
    area: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=AREA_SCHEMA))
    changes: list[pl.DataFrame] = field(default_factory=list)
    series_changes: list[pl.DataFrame] = field(default_factory=list)
    latest_series: set[str] = field(default_factory=set)  # series in the metadata of the last replayed run
    refused: dict[str, str] = field(default_factory=dict)  # series left out of a replayed run → why (last run wins)


@dataclass(frozen=True)
class BuildResult:
    db_path: Path
    run_id: str
    rows: int
    missing_series: list[tuple[str, str]]
    changes: int
    unchanged: bool = False  # the replayed runs changed nothing: the database was not rebuilt
    published_run_id: str = ""  # the newest run the published database reflects
    # series a replayed run could not give (implausible values, a table not fitting): their last good data is used
    refused: list[str] = field(default_factory=list)


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _in_scope(delta: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    return delta.filter(pl.col("series_id").is_in(catalogue.series_ids)
                        & pl.col("area_id").is_in(catalogue.area_ids))


def _full_as_delta(state: pl.DataFrame, full: pl.DataFrame) -> pl.DataFrame:
    """A full run, seen as a change set: its rows, plus deletions of known keys it no longer serves.

    Only series the full run served any row for can lose values: a series missing from a run keeps what is stored.
    """
    served = full.select("series_id").unique()
    gone = (state.join(served, on="series_id", how="semi").join(full.select(KEY), on=KEY, how="anti")
            .with_columns(pl.lit(None, pl.Float64).alias("value"), pl.lit(True).alias("isdeleted")))
    return pl.concat([full, gone.select(full.columns).cast(full.schema)])


def apply_run(state: State, source: Source, manifest: raw_runs.Manifest, catalogue: Catalogue) -> State:
    parsed = source.parse(manifest, catalogue)
    # the fetch check's own rule (etl/validate_run.py, etl/plausibility.py): a refused series is left out of this
    # run, as if the run had not served it, so it keeps what is stored
    refused = refused_in(parsed, catalogue, str(manifest.dir))
    if refused:
        parsed = replace(parsed, values=parsed.values.filter(~pl.col("series_id").is_in(list(refused))),
                         series=parsed.series.filter(~pl.col("series_id").is_in(list(refused))))
    served = set(parsed.values.get_column("series_id").unique().to_list())
    state.refused = {k: v for k, v in state.refused.items() if k not in served} | refused
    # only the series table's columns (a source may hand more, e.g. own figures' publisher), in its order
    series = (parsed.series.filter(pl.col("series_id").is_in(catalogue.series_ids))
              .select([pl.col(c) if c in parsed.series.columns else pl.lit(None).alias(c) for c in SERIES_SCHEMA])
              .cast(SERIES_SCHEMA))  # type: ignore[arg-type]
    delta = _in_scope(parsed.values, catalogue)
    parsed.values = delta.clear()  # the unfiltered rows are not needed again: let them go before the replay
    state.latest_series = set(series.get_column("series_id").to_list()) | set(parsed.unchanged_series)
    # a series the source said is unchanged keeps its stored metadata: not "(removed)" for want of a new copy
    known = state.series.filter(~pl.col("series_id").is_in(list(parsed.unchanged_series)))
    first = state.series.is_empty() and state.observation.is_empty()
    if first:
        state.observation = apply_full(delta)
    elif manifest.mode == "incremental" and delta.is_empty():  # nothing changed: keep the state as it is
        state.changes.append(pl.DataFrame(schema=CHANGE_SCHEMA))
        state.series_changes.append(diff_series_metadata(known, series, manifest.run_id)
                                    if not series.is_empty() else pl.DataFrame(schema=SERIES_CHANGE_SCHEMA))
    else:
        if manifest.mode == "full":
            delta = _full_as_delta(state.observation, apply_full(delta).with_columns(pl.lit(False).alias("isdeleted")))
        state.observation, changes = apply_incremental(state.observation, delta, manifest.run_id)
        state.changes.append(changes)
        state.series_changes.append(diff_series_metadata(known, series, manifest.run_id)
                                    if not series.is_empty() else pl.DataFrame(schema=SERIES_CHANGE_SCHEMA))
    if not series.is_empty():
        state.series = merge_series_metadata(state.series, series)
    if not parsed.areas.is_empty():
        state.area = pl.concat([state.area.join(parsed.areas, on="area_id", how="anti"),
                                parsed.areas]).sort("area_id")
    return state


def missing_series(catalogue: Catalogue, series: pl.DataFrame, observation: pl.DataFrame,
                   latest: dict[str, set[str]] | None = None, titles: dict[str, str] | None = None) -> pl.DataFrame:
    """Catalogue series their source did not serve, each with a reason in Swedish (shown in the dashboard).

    `latest`: per source, the series in its last replayed run's metadata; `titles`: source id → title.
    """
    with_rows = set(observation.get_column("series_id").unique().to_list())
    known = set(series.get_column("series_id").to_list())
    rows = []
    for sid in catalogue.series_ids:
        source_id = split_series_id(sid)[0]
        title = (titles or {}).get(source_id, source_id)
        reasons = []
        if sid not in known:
            reasons.append(f"saknas i metadata från {title}")
        elif latest is not None and sid not in latest.get(source_id, set()):
            reasons.append(f"fanns inte med i metadata från {title} vid senaste hämtningen")
        if sid not in with_rows:
            reasons.append("inga värden för länets områden")
        if reasons:
            rows.append({"series_id": sid, "reason": "; ".join(reasons)})
    return pl.DataFrame(rows, schema={"series_id": pl.String, "reason": pl.String})


def _run_message(m: raw_runs.Manifest) -> str:
    if m.excluded_reason is None:
        return m.message
    return f"Undantagen {m.excluded_at or ''}: {m.excluded_reason}" + (f" ({m.message})" if m.message else "")


def run_frame(manifests: list[raw_runs.Manifest]) -> pl.DataFrame:
    rows = [{
        "run_id": m.run_id, "started_at": _timestamp(m.started_at), "finished_at": _timestamp(m.finished_at),
        "source": redact_url(m.base_url), "source_id": m.source_id or None, "mode": m.mode,
        "from_date": datetime.fromisoformat(m.from_date).date() if m.from_date else None,
        "requests": m.requests, "rows": m.rows,
        "outcome": "excluded" if m.excluded_reason is not None else m.outcome,
        "message": redact_text(_run_message(m)) or None,
    } for m in manifests]
    return pl.DataFrame(rows, schema=RUN_SCHEMA)


def source_frame(infos: list[SourceInfo]) -> pl.DataFrame:
    """The `source` table: who publishes each source, its licence and the exact attribution line."""
    return pl.DataFrame([{"source_id": i.source_id, "title": i.title, "publisher": i.publisher,
                          "licence": i.licence, "attribution": i.attribution, "url": i.url} for i in infos],
                        schema=SOURCE_SCHEMA)


def catalogue_hash(directory: Path | None = None) -> str:
    """sha256 over the catalogue's YAML files (name and bytes, in a fixed order): which catalogue built this."""
    directory = catalogue_dir() if directory is None else Path(directory)
    digest = hashlib.sha256()
    for name in CATALOGUE_FILES:
        path = directory / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return digest.hexdigest()


def series_latest(observation: pl.DataFrame) -> pl.DataFrame:
    """The `series_latest` table: per series and area, the latest year with a total ('T') value."""
    # lazy: only the four columns used are filtered (an eager filter copied every column of the total rows)
    return (observation.lazy().filter((pl.col("gender") == "T") & pl.col("value").is_not_null())
            .group_by("series_id", "area_id").agg(pl.col("year").max().alias("latest_year"))
            .sort("series_id", "area_id").collect())


def sorted_by_key(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame in KEY order: itself when it already is (a checkpoint's state is), else a sorted copy. Checking
    costs a few boolean columns; sorting 1.8 M observations holds a second copy of them."""
    if frame.height < 2:
        return frame
    later, same = pl.lit(False), pl.lit(True)
    for col in KEY:
        before = pl.col(col).shift(1)
        later, same = later | (same & (pl.col(col) > before)), same & (pl.col(col) == before)
    in_order = frame.select((later | same).slice(1).all()).item()
    return frame if in_order else frame.sort(KEY)


def series_year(observation: pl.DataFrame, area: pl.DataFrame, county_area: str) -> pl.DataFrame:
    """The `series_year` table: per series, gender and year with a value, how many areas have one and how many
    of them are the county's municipalities (kind 'kommun', id starting with the county code: views/sql/areas.sql)."""
    county_kommuner = (area.filter((pl.col("kind") == "kommun")
                                   & (pl.col("area_id").str.slice(0, 2) == county_area[2:4]))
                       .get_column("area_id").implode())
    return (observation.lazy().filter(pl.col("value").is_not_null())
            .group_by("series_id", "gender", "year")
            .agg(pl.len().cast(pl.Int32).alias("areas"),
                 pl.col("area_id").is_in(county_kommuner).sum().cast(pl.Int32).alias("county_municipalities"))
            .sort("series_id", "gender", "year").collect())


PEER_GROUP_SCHEMA = {"area_id": pl.String, "group_id": pl.String, "title": pl.String, "year": pl.Int32,
                     "source_id": pl.String}
PEER_MEMBER_SCHEMA = {"group_id": pl.String, "member_id": pl.String, "member_name": pl.String}


def peer_frames(catalogue: Catalogue, peers: tuple[str, PeerData] | None) -> dict[str, pl.DataFrame]:
    """peer_group, peer_member and peer_value from one source's similar-municipality data (empty without)."""
    if peers is None:
        return {"peer_group": pl.DataFrame(schema=PEER_GROUP_SCHEMA),
                "peer_member": pl.DataFrame(schema=PEER_MEMBER_SCHEMA),
                "peer_value": pl.DataFrame(schema=PEER_VALUE_SCHEMA)}
    source_id, data = peers
    groups = data.groups.filter(pl.col("area_id").is_in(catalogue.municipality_ids))
    members = data.members.join(groups.select("group_id"), on="group_id", how="semi").unique(
        subset=["group_id", "member_id"], maintain_order=True)
    return {"peer_group": groups.with_columns(pl.lit(source_id).alias("source_id")).select(list(PEER_GROUP_SCHEMA))
            .cast(PEER_GROUP_SCHEMA),  # type: ignore[arg-type]
            "peer_member": members.select(list(PEER_MEMBER_SCHEMA)).cast(PEER_MEMBER_SCHEMA),  # type: ignore[arg-type]
            "peer_value": peer_values(groups, members, data.values, catalogue)}


def newest_peers(sources: list[Source], manifests: list[raw_runs.Manifest], catalogue: Catalogue,
                 upto_run_id: str | None = None) -> tuple[str, PeerData] | None:
    """The similar-municipality data of the newest usable full run (up to `upto_run_id`) of the first source that
    serves it, or None. Read from the raw run itself (not the replayed state): groups and national values are
    replaced as a whole by each full run."""
    limit = raw_runs.run_sort_key(upto_run_id) if upto_run_id else None
    for source in sources:
        reader = getattr(source, "peers", None)
        if reader is None:
            continue
        sid = source.info.source_id
        for m in sorted(manifests, key=lambda x: raw_runs.run_sort_key(x.run_id), reverse=True):
            if (m.source_id != sid or m.mode != "full" or not raw_runs.replayable(m)
                    or (limit is not None and raw_runs.run_sort_key(m.run_id) > limit)):
                continue
            data = reader(m, catalogue)
            if data is not None:
                return sid, data
    return None


def assemble_frames(catalogue: Catalogue, observation: pl.DataFrame, series: pl.DataFrame, area: pl.DataFrame,
                    runs: pl.DataFrame, dataset: dict[str, str], sources: pl.DataFrame,
                    changes: pl.DataFrame | None = None, series_changes: pl.DataFrame | None = None,
                    missing: pl.DataFrame | None = None,
                    peers: tuple[str, PeerData] | None = None,
                    series_list: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """Every table of the database as frames, status included. Shared by the real build and the demo."""
    dataset = {"schema_version": SCHEMA_VERSION, "catalogue_hash": catalogue_hash(), **dataset}
    missing = missing if missing is not None else missing_series(catalogue, series, observation)
    status = compute_status_tables(observation, series, catalogue, load_method(), area)
    # Any county: the read side lists the county, its municipalities and Riket from these facts (views/sql/areas.sql).
    dataset = {**dataset, "county_area": catalogue.county_area, "county_label": catalogue.county_label,
               "county_name": catalogue.county_name}
    frames = {
        "dataset": pl.DataFrame({"key": list(dataset), "value": list(dataset.values())}),
        "source": sources,
        "area": area, "series": series, "observation": observation, **catalogue_frames(catalogue),
        "etl_run": runs,
        "observation_change": changes if changes is not None else pl.DataFrame(schema=CHANGE_SCHEMA),
        "series_change": series_changes if series_changes is not None else pl.DataFrame(schema=SERIES_CHANGE_SCHEMA),
        "missing_series": missing,
        "series_latest": series_latest(observation),
        "series_year": series_year(observation, area, catalogue.county_area),
        "series_list": series_list if series_list is not None else pl.DataFrame(schema=SERIES_LIST_SCHEMA),
        **status,
        **peer_frames(catalogue, peers),
    }
    return frames


@dataclass
class Replayed:
    """One source after this build's replay: its state, the runs replayed now, and what that rests on."""

    source: Source
    state: State
    runs: list[raw_runs.Manifest]  # replayed by this build (after the checkpoint, if one was used)
    last: raw_runs.Manifest | None  # the run the state reflects (None: the checkpoint's run, manifest pruned)
    last_run_id: str
    recorded: pl.DataFrame  # the source's runs for the etl_run table (RUN_SCHEMA)
    checkpoint: checkpoint.Checkpoint | None = None
    replayed: dict[str, str] = field(default_factory=dict)  # every run behind the state -> manifest sha256
    changed: bool = True  # a run replayed now changed a value, metadata or an area name
    same_observation: bool = False  # the observation frame is the checkpoint's, untouched


def _sorted_runs(frame: pl.DataFrame) -> pl.DataFrame:
    """Runs in run-id order (timestamp, then the numeric suffix: `-2` before `-10`)."""
    return frame.sort(pl.col("run_id").str.slice(0, 16),
                      pl.col("run_id").str.extract(r"-(\d+)$").cast(pl.Int64).fill_null(1), maintain_order=True)


def _state_from(cp: checkpoint.Checkpoint) -> State:
    return State(observation=cp.frame("observation"), series=cp.frame("series"), area=cp.frame("area"),
                 changes=[cp.frame("changes")], series_changes=[cp.frame("series_changes")],
                 latest_series=set(cp.latest_series))


def _replay_source(settings: Settings, source: Source, catalogue: Catalogue,
                   upto_run_id: str | None) -> Replayed | None:
    """The source's state after its runs up to `upto_run_id`'s time; None if it has none.

    Without `upto_run_id` the replay starts from the source's newest valid checkpoint (etl/checkpoint.py) and
    replays only the runs after it; `build --run` always replays from the raw runs."""
    sid = source.info.source_id
    raw_dir = settings.raw_dir(sid)
    manifests = raw_runs.list_runs(raw_dir)
    if not manifests:
        return None
    limit = None
    if upto_run_id is not None:
        own = {m.run_id for m in manifests}
        limit = upto_run_id if upto_run_id in own else None
        if limit is None:
            earlier = [m.run_id for m in manifests
                       if raw_runs.run_sort_key(m.run_id) <= raw_runs.run_sort_key(upto_run_id)]
            if not earlier:
                return None
            limit = earlier[-1]
    cp = None if upto_run_id is not None else checkpoint.newest_valid(settings.data_dir, sid, manifests, catalogue)
    if cp is None and not any(m.outcome == "ok" and m.mode == "full" for m in manifests):
        return None  # never fetched whole (or only failed runs): the source contributes nothing yet
    if cp is not None:
        runs = checkpoint.later_runs(cp, manifests)
        state = _state_from(cp)
        replayed = dict(cp.runs)
    else:
        runs = raw_runs.runs_to_replay(raw_dir, limit, from_first_full=True)
        state, replayed = State(), {}
    observation_before, changed = state.observation, cp is None
    for manifest in runs:
        area_before, n_changes, n_series_changes = state.area, len(state.changes), len(state.series_changes)
        state = apply_run(state, source, manifest, catalogue)
        replayed[manifest.run_id] = checkpoint.manifest_sha256(manifest)
        changed = changed or not state.area.equals(area_before) or any(
            not f.is_empty() for f in state.changes[n_changes:] + state.series_changes[n_series_changes:])
    last_run_id = runs[-1].run_id if runs else cp.run_id  # type: ignore[union-attr]
    last = next((m for m in manifests if m.run_id == last_run_id), None)
    upto = raw_runs.run_sort_key(limit or last_run_id) if limit else None
    if cp is not None:
        after = raw_runs.run_sort_key(cp.run_id)
        recorded = _sorted_runs(pl.concat([cp.frame("runs"), run_frame(
            [m for m in manifests if raw_runs.run_sort_key(m.run_id) > after])]))
    else:
        recorded = run_frame([m for m in manifests if upto is None or raw_runs.run_sort_key(m.run_id) <= upto])
    return Replayed(source=source, state=state, runs=runs, last=last, last_run_id=last_run_id, recorded=recorded,
                    checkpoint=cp, replayed=replayed, changed=changed,
                    same_observation=cp is not None and state.observation is observation_before)


def _write_checkpoint(settings: Settings, catalogue: Catalogue, r: Replayed, published_run_id: str) -> None:
    """Keep the source's state for the next build (runs after the state's run stay out of its `runs` table)."""
    last = r.last
    if last is None:
        return
    limit = raw_runs.run_sort_key(r.last_run_id)
    runs = r.recorded.filter(pl.col("run_id").map_elements(lambda rid: raw_runs.run_sort_key(rid) <= limit,
                                                           return_dtype=pl.Boolean))
    state = r.state
    frames = {"observation": state.observation, "series": state.series, "area": state.area,
              "changes": pl.concat(state.changes) if state.changes else pl.DataFrame(schema=CHANGE_SCHEMA),
              "series_changes": (pl.concat(state.series_changes) if state.series_changes
                                 else pl.DataFrame(schema=SERIES_CHANGE_SCHEMA)),
              "runs": runs}
    reuse = r.checkpoint.dir / "observation.parquet" if r.checkpoint is not None and r.same_observation else None
    checkpoint.write_checkpoint(settings.data_dir, last, r.replayed,
                                checkpoint.scope_fingerprint(catalogue, r.source.info.source_id),
                                state.latest_series, frames, published_run_id=published_run_id,
                                reuse_observation=reuse)


def latest_series_list(settings: Settings, sources: list[Source], catalogue: Catalogue,
                       upto_run_id: str | None = None) -> pl.DataFrame | None:
    """The newest list of all its series a source stored in an ok run (a source's `parse_series_list`)."""
    for source in sources:
        parse_list = getattr(source, "parse_series_list", None)
        if parse_list is None:
            continue
        runs = [m for m in raw_runs.list_runs(settings.raw_dir(source.info.source_id))
                if m.outcome == "ok" and not m.excluded_reason
                and (upto_run_id is None or raw_runs.run_sort_key(m.run_id) <= raw_runs.run_sort_key(upto_run_id))]
        for manifest in sorted(runs, key=lambda m: raw_runs.run_sort_key(m.run_id), reverse=True):
            frame = parse_list(manifest, catalogue)
            if frame is not None:
                return frame
    return None


def build_database(settings: Settings, catalogue: Catalogue | None = None, upto_run_id: str | None = None,
                   hold_seconds: float | None = None) -> BuildResult:
    """Build and publish the database; returns what was built.

    Without `upto_run_id` each source starts from its newest valid checkpoint (etl/checkpoint.py) and replays only
    the runs after it, and the build leaves checkpoints for the next one. If the replayed runs brought no new,
    revised or deleted value and no metadata change, and the published database was built from the checkpoints'
    states with the same catalogue, method and code (etl/no_change.py), nothing is rebuilt
    (`BuildResult.unchanged`). `upto_run_id` rebuilds the past from the raw runs alone.
    """
    catalogue = catalogue or load_catalogue()
    sources = [get_source(sid) for sid in catalogue.source_ids]
    manifests = sorted((m for s in sources for m in raw_runs.list_runs(settings.raw_dir(s.info.source_id))),
                       key=lambda m: raw_runs.run_sort_key(m.run_id))
    if upto_run_id and upto_run_id not in {m.run_id for m in manifests}:
        raise BuildError(f"no fetch run '{upto_run_id}' under {settings.raw_root}")
    states: list[Replayed] = []
    try:
        for source in sources:
            replayed = _replay_source(settings, source, catalogue, upto_run_id)
            if replayed is not None:
                states.append(replayed)
        if not states:
            raw_runs.runs_to_replay(settings.raw_dir(sources[0].info.source_id), upto_run_id,
                                    from_first_full=True)
    except raw_runs.RunError as exc:
        raise BuildError(f"{exc}\nRun `python -m etl fetch` (a full fetch) first, "
                         "or `python -m etl demo` for demo data.") from exc
    fingerprint = no_change.build_fingerprint(catalogue)
    last_id = max((r.last_run_id for r in states), key=raw_runs.run_sort_key)
    if (upto_run_id is None and any(r.runs for r in states) and not any(r.changed for r in states)
            and no_change.published_from(settings.db_path, {r.source.info.source_id: r.checkpoint.published_run_id
                                                            for r in states if r.checkpoint is not None},
                                         fingerprint)
            and all(r.checkpoint is not None for r in states)):
        for r in states:
            if r.runs:
                _write_checkpoint(settings, catalogue, r, r.checkpoint.published_run_id)  # type: ignore[union-attr]
        published = max((r.checkpoint.published_run_id for r in states  # type: ignore[union-attr]
                         ), key=raw_runs.run_sort_key)
        return BuildResult(db_path=settings.db_path, run_id=last_id,
                           rows=sum(r.state.observation.height for r in states), missing_series=[], changes=0,
                           unchanged=True, published_run_id=published)
    latest = max(states, key=lambda r: raw_runs.run_sort_key(r.last_run_id))
    cp_latest = latest.checkpoint
    # Each source's state sorted in place (its checkpoint keeps that order), so that one source's observations
    # are not held twice while the database is written.
    for r in states:
        r.state.observation = sorted_by_key(r.state.observation)
    observation = (states[0].state.observation if len(states) == 1
                   else pl.concat([r.state.observation for r in states]).sort(KEY))
    series = pl.concat([r.state.series for r in states]).sort("series_id")
    area = pl.DataFrame(schema=AREA_SCHEMA)
    for r in states:
        area = pl.concat([area, r.state.area.join(area, on="area_id", how="anti")])
    area = area.sort("area_id")
    infos = [r.source.info for r in states]
    missing = missing_series(catalogue, series, observation,
                             {r.source.info.source_id: r.state.latest_series for r in states},
                             {i.source_id: i.title for i in infos})
    source_url = latest.last.base_url if latest.last else cp_latest.base_url  # type: ignore[union-attr]
    fetched_at = ((latest.last.finished_at or latest.last.started_at) if latest.last
                  else cp_latest.fetched_at)  # type: ignore[union-attr]
    published_runs = {r.source.info.source_id: r.last_run_id for r in states}
    dataset = {"is_demo": "false", "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "run_id": last_id, "source": redact_url(source_url), "fetched_at": fetched_at,
               "build_fingerprint": fingerprint, "source_runs": no_change.source_runs_fact(published_runs),
               **attribution.lines_for([i.attribution for i in infos], [i.title for i in infos])}
    if upto_run_id is None:
        # Runs of sources the catalogue no longer uses still appear in the record, as before checkpoints.
        used = {r.source.info.source_id for r in states}
        others = [m for m in manifests if m.source_id not in used]
        recorded = _sorted_runs(pl.concat([run_frame(others), *(r.recorded for r in states)]))
    else:
        recorded = run_frame([m for m in manifests
                              if raw_runs.run_sort_key(m.run_id) <= raw_runs.run_sort_key(upto_run_id)])
    changes = [c for r in states for c in r.state.changes]
    series_changes = [c for r in states for c in r.state.series_changes]
    changes_frame = pl.concat(changes) if changes else None
    frames = assemble_frames(catalogue, observation, series, area, recorded, dataset,
                             source_frame(infos), changes_frame,
                             pl.concat(series_changes) if series_changes else None, missing,
                             newest_peers(sources, manifests, catalogue, upto_run_id),
                             latest_series_list(settings, [r.source for r in states], catalogue, upto_run_id))
    expected_nulls = observation.get_column("value").null_count()
    hold = hold_seconds if hold_seconds is not None else build_hold_seconds()
    publish(settings.db_path, frames, expected_nulls, hold_seconds=hold)
    if upto_run_id is None:
        for r in states:
            if r.runs or r.checkpoint is None or r.checkpoint.published_run_id != r.last_run_id:
                _write_checkpoint(settings, catalogue, r, r.last_run_id)
    return BuildResult(db_path=settings.db_path, run_id=last_id, rows=observation.height,
                       missing_series=list(missing.iter_rows()),
                       changes=0 if changes_frame is None else changes_frame.height, published_run_id=last_id,
                       refused=[why for r in states for why in r.state.refused.values()])
