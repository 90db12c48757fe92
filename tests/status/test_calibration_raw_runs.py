"""The calibration benchmark's raw runs carry every figure (issue 19, item 9): one generated world, served by the
fake Kolada and the fake Folkhälsodata, fetched and built by the real ETL, gives exactly the status and roll-up
tables that the same observations give when handed to the build's assemble_frames directly."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from benchmarks.build_calibration import (
    build_from_frames,
    calibration_targets,
    flat_levels,
    world_observation,
)
from benchmarks.raw_world import build_from_raw
from core.settings import Settings
from etl.demo.levels import load_levels
from etl.raw_runs import list_runs
from indicators.catalogue import Catalogue, load_catalogue
from indicators.method import load_method


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    keys = [c for c, t in frame.schema.items() if not isinstance(t, pl.List)]
    return frame.sort(keys, nulls_last=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, dict, dict, pl.DataFrame, Path]:
    """A world worsening by twice the meaningful change for 5 years, judged against the calibration register (so
    target verdicts are in it too), built both ways."""
    base, method = load_catalogue(), load_method()
    levels = flat_levels(load_levels())
    catalogue = base.model_copy(update={"targets": calibration_targets(base, levels)})
    cal = method.calibration
    sign = {i.kpi: (-1.0 if i.direction == "higher_is_better" else 1.0) for i in catalogue.indicators if i.kpi}
    step = {k: 2 * (cal.meaningful_points_per_year if e.unit == "percent"
                    else cal.meaningful_relative_per_year * e.level)
            for k, e in levels.kpis.items() if e.level is not None}
    observation = world_observation(catalogue, levels, 7, rate_cv=0.05, share_sd=1.0, worse_years=5,
                                    worse_sign=sign, step=step)
    work = tmp_path_factory.mktemp("calibration-world")
    raw = build_from_raw(catalogue, levels, observation, work)
    frames = build_from_frames(catalogue, levels, observation)
    return catalogue, raw, frames, observation, work


@pytest.mark.parametrize("table", ["status", "goal_status", "life_stage_status", "life_stage_goal_status"])
def test_raw_runs_give_the_same_table_as_the_frames(world, table: str) -> None:
    _, raw, frames, _, _ = world
    direct = frames[table]
    built = raw[table]
    assert set(built.columns) == set(direct.columns)
    assert built.height == direct.height > 0
    built = built.select(direct.columns).cast(dict(direct.schema))  # type: ignore[arg-type]
    assert _sorted(built).equals(_sorted(direct))


def test_the_world_exercises_what_the_calibration_claims(world) -> None:
    """Both sources, masked cells, published intervals, pooled windows, women/men rows and target verdicts."""
    catalogue, raw, _, observation, _ = world
    assert {"kolada", "fohm"} <= set(catalogue.source_ids)
    assert observation.filter(pl.col("value").is_null()).height > 0
    fohm = observation.filter(pl.col("series_id").str.starts_with("fohm:"))
    assert fohm.filter(pl.col("ci_low").is_not_null() & pl.col("period").str.contains("-")).height > 0
    status = raw["status"]
    assert {"K", "M", "T"} <= set(status["gender"].to_list())
    assert status.filter(pl.col("indicator_id").is_in([i.id for i in catalogue.indicators
                                                       if i.series_id.startswith("fohm:")])).height > 0
    assert {"too_slow", "not_yet"} & set(status["target_status"].drop_nulls().to_list())


def test_the_tables_come_from_ok_full_runs_of_both_sources(world) -> None:
    """The fetch wrote one ok full run per source (Kolada v3 pages, PxWeb v1 answers) and the build read them."""
    catalogue, _, _, _, work = world
    for source_id in catalogue.source_ids:
        runs = list_runs(work / "data" / "raw" / source_id)
        assert [(m.mode, m.outcome, m.refused_series) for m in runs] == [("full", "ok", {})], source_id
        assert runs[0].files
    assert Settings(data_dir=work / "data").db_path.is_file()
