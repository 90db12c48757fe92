"""Demo data that behaves like Värmland: plausible levels, real populations, masking and a history.

Used when there is no database and the sources cannot be reached. The levels are data (etl/demo/levels.yaml, one
entry per KPI with the source of its figure), the populations are real SCB figures (population_reference.csv),
the noise follows the size of each group (values.py) and the previous meeting plus one change set give "Nytt
sedan förra mötet" something to show (history.py). The database is built through the same loader as real data
and flagged `is_demo = 'true'`; its source lines say demodata, KPI titles start with "DEMO –", and nothing claims
to have been fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from core import attribution
from core.settings import Settings
from etl.build import RUN_SCHEMA, assemble_frames, source_frame
from etl.demo import history
from etl.demo.levels import Levels, load_levels
from etl.demo.peers import demo_peers
from etl.demo.population import Populations
from etl.demo.values import Generator
from etl.frames import AREA_SCHEMA, OBSERVATION_SCHEMA, SERIES_SCHEMA
from etl.load import publish
from etl.meeting_snapshot import create_snapshot
from etl.sources import SourceInfo
from indicators.catalogue import DEFAULT_SOURCE, Catalogue, load_catalogue, load_target_register
from indicators.yaml_lines import CatalogueError

DEMO_RUN_ID = "demo-1"
DEMO_TARGETS = Path(__file__).resolve().parent / "targets.yaml"  # the demo's made-up target decisions
DEMO_SOURCE = "demo"
PREVIOUS_DB = ".demo-previous.duckdb"  # the previous meeting's tables, until they are a snapshot
DESCRIPTION = ("Påhittad demobeskrivning: siffrorna är demodata, gjorda för att visa hur sidan ser ut, och inte "
               "hämtade från någon källa. Källa: demodata (påhittade siffror).")


# What the `source` table says about demo figures: never a real source's name.
DEMO_INFO = SourceInfo(source_id="demo", title="demodata", publisher="ingen (påhittade siffror)",
                       licence="inga villkor (påhittade siffror)", attribution=attribution.DEMO["attribution"], url="")


def _full_ids(frame: pl.DataFrame | None) -> pl.DataFrame | None:
    """The demo keeps the catalogue's bare KPI ids inside; the database holds full series ids."""
    if frame is None:
        return None
    col = pl.col("series_id")
    return frame.with_columns(pl.when(col.str.contains(":")).then(col)
                              .otherwise(pl.concat_str([pl.lit(f"{DEFAULT_SOURCE}:"), col])).alias("series_id"))


def _assemble(catalogue: Catalogue, observation: pl.DataFrame, kpi: pl.DataFrame, area: pl.DataFrame,
              runs: pl.DataFrame, dataset: dict[str, str], changes: pl.DataFrame | None = None,
              seed: int | None = None) -> dict[str, pl.DataFrame]:
    """The demo's tables; with `seed`, invented similar-municipality groups too (etl/demo/peers.py)."""
    full = _full_ids(observation)
    peers = None
    if seed is not None:
        names = dict(area.select("area_id", "name").iter_rows())
        peers = (DEMO_SOURCE, demo_peers(catalogue, full, names, seed))  # type: ignore[arg-type]
    return assemble_frames(catalogue, full, _full_ids(kpi), area, runs, dataset,  # type: ignore[arg-type]
                           source_frame([DEMO_INFO]), changes=_full_ids(changes), peers=peers)


class DemoBuildError(RuntimeError):
    """The demo could not be built as specified (e.g. its history shows no changed verdict)."""


def demo_kpi_ids(catalogue: Catalogue) -> list[str]:
    """Every series the catalogue can ask for: its indicators' and support KPIs', plus uncertainty KPIs, once each.
    The default source's as bare ids (N01481), other sources' as full series ids (levels.yaml keys them so)."""
    extra = [getattr(i, "uncertainty_kpi", None) for i in catalogue.indicators]
    others = [s for s in catalogue.series_ids if not s.startswith(f"{DEFAULT_SOURCE}:")]
    return list(dict.fromkeys([*catalogue.kpi_ids, *[k for k in extra if k], *others]))


def _kpi_frame(levels: Levels, kpi_ids: list[str]) -> pl.DataFrame:
    rows = []
    for kpi_id in kpi_ids:
        entry = levels.entry(kpi_id)
        rows.append({
            "series_id": kpi_id, "title": f"DEMO – {entry.title}", "description": DESCRIPTION,
            "is_divided_by_gender": entry.by_gender, "municipality_type": entry.type, "auspice": None,
            "operating_area": "Demo", "perspective": "Demo", "publication_date": None,
            "prel_publication_date": None, "publ_period": None, "has_ou_data": False, "fetched_at": None,
            "run_id": DEMO_RUN_ID,
        })
    return pl.DataFrame(rows, schema=SERIES_SCHEMA)


def demo_frames(catalogue: Catalogue, seed: int = 2026, levels: Levels | None = None
                ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(observation, kpi, area) frames of today's demo data."""
    levels = levels or load_levels()
    populations = Populations(levels, catalogue.municipality_ids, catalogue.county_area, catalogue.country_area)
    generator = Generator(levels, populations, seed)
    kpi_ids = demo_kpi_ids(catalogue)
    observation = generated_observation(generator, levels, kpi_ids, DEMO_RUN_ID).sort(
        ["series_id", "area_id", "year", "gender"])
    return observation, _kpi_frame(levels, kpi_ids), demo_areas(catalogue)


def generated_observation(generator: Generator, levels: Levels, kpi_ids: list[str], run_id: str) -> pl.DataFrame:
    """The observation frame of a generator's figures (the demo's, or a calibration world's), published intervals
    included where the demo's levels say the source publishes them."""
    rows = []
    for kpi_id in kpi_ids:
        published = generator.interval_rows(kpi_id) if levels.entry(kpi_id).published_interval else {}
        for area, year, gender, value in generator.rows(kpi_id):
            low, high, n, period = published.get((area, year, gender), (None, None, None, None))
            rows.append({"series_id": kpi_id, "area_id": area, "year": year, "gender": gender, "value": value,
                         "flag": None, "count": 1, "run_id": run_id, "ci_low": low, "ci_high": high, "n": n,
                         "period": period})
    return pl.DataFrame(rows, schema=OBSERVATION_SCHEMA)


def demo_areas(catalogue: Catalogue) -> pl.DataFrame:
    """The catalogue's areas under their demo names."""
    return pl.DataFrame([{"area_id": a.id, "name": a.demo_name, "kind": a.kind} for a in catalogue.areas],
                        schema=AREA_SCHEMA)


def _run(run_id: str, when: datetime, rows: int, message: str) -> dict:
    return {"run_id": run_id, "started_at": when, "finished_at": when, "source": DEMO_SOURCE, "source_id": DEMO_SOURCE,
            "mode": "demo", "from_date": None, "requests": 0, "rows": rows, "outcome": "ok", "message": message}


def _dataset(when: datetime, run_id: str) -> dict[str, str]:
    return {"is_demo": "true", "built_at": when.isoformat(timespec="seconds"), "run_id": run_id,
            "source": DEMO_SOURCE, **attribution.DEMO}


def _candidates(catalogue: Catalogue, levels: Levels, observation: pl.DataFrame) -> Iterator[pl.DataFrame]:
    """`observation` as generated, then nudged one KPI × municipality at a time (levels.yaml verdict_candidates,
    the largest municipalities first): what is tried until a verdict differs from the previous meeting's."""
    yield observation
    by_size = sorted(catalogue.municipality_ids, key=lambda a: -observation.filter(
        (pl.col("series_id") == catalogue.support_kpis.get("population", "")) & (pl.col("area_id") == a)).height)
    for kpi_id in levels.history.verdict_candidates:
        share = levels.entry(kpi_id).unit == "percent"
        for area_id in by_size:
            for factor in (0.8, 1.25):
                yield history.nudge(observation, kpi_id, area_id, factor, share)


def _with_changed_verdict(catalogue: Catalogue, levels: Levels, previous: dict[str, pl.DataFrame],
                          observation: pl.DataFrame, assemble: Callable[[pl.DataFrame], dict[str, pl.DataFrame]]
                          ) -> dict[str, pl.DataFrame]:
    """Today's tables (`assemble` of the first candidate observation) where at least one verdict differs from the
    previous meeting's. The check reads the tables that are published, so the status is computed once when the
    generated data already has a changed verdict."""
    for candidate in _candidates(catalogue, levels, observation):
        tables = assemble(candidate)
        if not history.changed_verdicts(previous["status"], tables["status"]).is_empty():
            return tables
    raise DemoBuildError("etl/demo/levels.yaml: history: no verdict changes between the previous meeting and "
                         "today, even after nudging the verdict_candidates: add other candidates")


def build_demo(settings: Settings, catalogue: Catalogue | None = None, seed: int = 2026) -> int:
    """Build the demo at settings.db_path, with a snapshot of the previous meeting; return today's row count."""
    catalogue = catalogue or load_catalogue()
    levels = load_levels()
    try:
        targets = load_target_register(DEMO_TARGETS, catalogue)
    except CatalogueError as exc:
        raise DemoBuildError(str(exc)) from exc
    catalogue = catalogue.model_copy(update={"targets": targets})
    # The previous meeting had not yet seen the decisions taken since (levels.yaml history.new_targets).
    earlier = catalogue.model_copy(update={"targets": [t for t in targets
                                                       if t.id not in levels.history.new_targets]})
    observation, kpi, area = demo_frames(catalogue, seed, levels)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    before = now - timedelta(days=levels.history.days_before)

    previous_obs = history.previous_observation(observation, levels, seed)
    first_run = _run(DEMO_RUN_ID, before, previous_obs.height, f"demodata, slumpfrö {seed}: läget vid förra mötet")
    previous = _assemble(earlier, previous_obs, kpi, area, pl.DataFrame([first_run], schema=RUN_SCHEMA),
                         _dataset(before, DEMO_RUN_ID), seed=seed)

    def assemble(candidate: pl.DataFrame) -> dict[str, pl.DataFrame]:
        changes = history.change_set(previous_obs, candidate)
        counts = changes.group_by("change").len()
        message = ("demodata: påhittad ändringsomgång (" + ", ".join(
            f"{n} {'nya' if c == 'new' else 'reviderade'} värden" for c, n in sorted(counts.rows())) + ")")
        runs = pl.DataFrame([first_run, _run(history.CHANGE_RUN_ID, now, changes.height, message)],
                            schema=RUN_SCHEMA)
        return _assemble(catalogue, history.mark_current(candidate, changes), kpi, area, runs,
                         _dataset(now, history.CHANGE_RUN_ID), changes=changes, seed=seed)

    current = _with_changed_verdict(catalogue, levels, previous, observation, assemble)
    # The previous meeting goes straight into its snapshot: the live file is written once, with today's tables,
    # so a dashboard started beside the build (a first start) never shows the previous meeting as today's.
    earlier_db = settings.data_dir / PREVIOUS_DB
    try:
        publish(earlier_db, previous, previous_obs.get_column("value").null_count())
        history.forget_demo_snapshot(settings, levels.history.snapshot_name)
        create_snapshot(settings, levels.history.snapshot_name, now=before.replace(tzinfo=UTC), source=earlier_db)
    finally:
        earlier_db.unlink(missing_ok=True)
    publish(settings.db_path, current, current["observation"].get_column("value").null_count())
    return current["observation"].height
