"""The demo's history: the data as it was at the previous meeting, and the change set since then.

The previous meeting lacks the latest year of a few KPIs (levels.yaml `history.new_year_kpis`) and had other
values for a few revised ones (`revised_kpis` × `revised_areas` in `revised_year`). The change set records those
differences as `observation_change` rows of the demo's second run, exactly as an incremental refresh would.
"""

from __future__ import annotations

import polars as pl

from core.meeting_snapshots import read_index, write_index
from core.settings import Settings
from etl.demo.levels import Levels
from etl.demo.values import rng_for
from etl.replay import CHANGE_SCHEMA, KEY

CHANGE_RUN_ID = "demo-2"


def previous_observation(observation: pl.DataFrame, levels: Levels, seed: int) -> pl.DataFrame:
    """The observation table as it was at the previous meeting."""
    hist = levels.history
    latest = (observation.filter(pl.col("kpi_id").is_in(hist.new_year_kpis) & pl.col("value").is_not_null())
              .group_by("kpi_id").agg(pl.col("year").max().alias("latest")))
    prev = (observation.join(latest, on="kpi_id", how="left")
            .filter(pl.col("latest").is_null() | (pl.col("year") < pl.col("latest"))).drop("latest"))
    revised = (pl.col("kpi_id").is_in(hist.revised_kpis) & pl.col("area_id").is_in(hist.revised_areas)
               & (pl.col("year") == hist.revised_year) & pl.col("value").is_not_null())
    old_values = []
    for kpi_id, area_id, gender, value in prev.filter(revised).select("kpi_id", "area_id", "gender", "value").rows():
        entry = levels.entry(kpi_id)
        step = max(round(entry.spread * 0.25, 1), 0.2)
        sign = 1 if rng_for(seed, "revision", kpi_id, area_id, gender).random() < 0.5 else -1
        old = value + sign * step
        if entry.unit == "percent":
            old = min(max(old, 0.1), 99.9)
        old_values.append({"kpi_id": kpi_id, "area_id": area_id, "gender": gender, "old": round(old, 1)})
    if old_values:
        olds = pl.DataFrame(old_values)
        prev = (prev.join(olds, on=["kpi_id", "area_id", "gender"], how="left")
                .with_columns(pl.when(revised & pl.col("old").is_not_null()).then(pl.col("old"))
                              .otherwise(pl.col("value")).alias("value"))
                .drop("old"))
    return prev.with_columns(pl.lit("demo-1").alias("run_id")).sort(KEY)


def change_set(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """observation_change rows for what `current` adds to or revises in `previous` (run CHANGE_RUN_ID)."""
    joined = current.join(previous.select(*KEY, pl.col("value").alias("old_value")), on=KEY, how="left",
                          coalesce=True)
    new = joined.join(previous.select(KEY), on=KEY, how="anti").with_columns(pl.lit("new").alias("change"))
    revised = (joined.join(previous.select(KEY), on=KEY, how="semi")
               .filter(pl.col("value").ne_missing(pl.col("old_value")))
               .with_columns(pl.lit("revised").alias("change")))
    rows = pl.concat([new, revised]).select(
        pl.lit(CHANGE_RUN_ID).alias("run_id"), *KEY, "change", "old_value", pl.col("value").alias("new_value"))
    return rows.cast(CHANGE_SCHEMA).sort(KEY)  # type: ignore[arg-type]


def mark_current(observation: pl.DataFrame, changes: pl.DataFrame) -> pl.DataFrame:
    """Values the change set wrote carry its run id, as after an incremental refresh."""
    touched = changes.select(KEY).with_columns(pl.lit(True).alias("touched"))
    return (observation.join(touched, on=KEY, how="left")
            .with_columns(pl.when(pl.col("touched")).then(pl.lit(CHANGE_RUN_ID)).otherwise(pl.lit("demo-1"))
                          .alias("run_id"))
            .drop("touched"))


def changed_verdicts(previous_status: pl.DataFrame, current_status: pl.DataFrame) -> pl.DataFrame:
    """(indicator_id, area_id, gender) whose mark or its words differ between two status tables."""
    keys = ["indicator_id", "area_id", "gender"]
    both = previous_status.select(*keys, "mark", "mark_label").join(
        current_status.select(*keys, "mark", "mark_label"), on=keys, how="full", coalesce=True, suffix="_new")
    return both.filter(pl.col("mark").ne_missing(pl.col("mark_new"))
                       | pl.col("mark_label").ne_missing(pl.col("mark_label_new")))


def nudge(observation: pl.DataFrame, kpi_id: str, area_id: str, factor: float, share: bool) -> pl.DataFrame:
    """Scale one municipality's latest value of a KPI (all genders) by `factor`: a clearer change of verdict."""
    latest = observation.filter((pl.col("kpi_id") == kpi_id) & (pl.col("area_id") == area_id)
                                & pl.col("value").is_not_null()).get_column("year").max()
    hit = (pl.col("kpi_id") == kpi_id) & (pl.col("area_id") == area_id) & (pl.col("year") == latest)
    moved = pl.col("value") * factor
    moved = moved.clip(0.1, 99.9) if share else moved
    return observation.with_columns(pl.when(hit).then(moved.round(1)).otherwise(pl.col("value")).alias("value"))


def forget_demo_snapshot(settings: Settings, name: str) -> None:
    """Drop an earlier demo build's snapshot of the same name (file and index entry) before making a new one."""
    infos = read_index(settings.snapshots_dir)
    keep = [i for i in infos if i.name != name]
    if len(keep) == len(infos):
        return
    for info in infos:
        if info.name == name:
            info.path.unlink(missing_ok=True)
    write_index(settings.snapshots_dir, keep)
