"""Demo data: a deterministic generator of plausible values for every catalogue indicator, area and year.

Used when there is no database and the sources cannot be reached. The database is built through the same loader as
real data and flagged `is_demo = 'true'`; every page of the dashboard then says DEMODATA. KPI titles start with
"DEMO –" so no demo figure can pass for a real one, even copied out of context.
"""

from __future__ import annotations

import random
import zlib
from datetime import UTC, date, datetime

import polars as pl

from core.settings import Settings
from etl.build import RUN_SCHEMA, assemble_frames, source_frame
from etl.frames import AREA_SCHEMA, KEY, OBSERVATION_SCHEMA, SERIES_SCHEMA
from etl.load import publish
from etl.sources import SourceInfo
from indicators.catalogue import Catalogue, Indicator, full_series_id, load_catalogue

DEMO_RUN_ID = "demo"
# What the `source` table says about demo figures: never a real source's name.
DEMO_SOURCE = SourceInfo(source_id="demo", title="demodata", publisher="ingen (påhittade värden)",
                         licence="inga villkor (påhittade värden)",
                         attribution="Källa: demodata – påhittade värden, inte riktiga siffror", url="")
FIRST_YEAR, LAST_YEAR = 2012, 2025
LEVELS = {"percent": (25.0, 85.0), "per_100k": (200.0, 2500.0), "days": (18.0, 35.0), "count": (100.0, 1000.0)}


def _rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))


def _population(catalogue: Catalogue, seed: int) -> dict[str, float]:
    rng = _rng(seed, "population")
    sizes = {a: rng.lognormvariate(9.6, 0.7) for a in catalogue.municipality_ids}
    return {a: round(min(max(v, 3_000), 95_000)) for a, v in sizes.items()}


def _kpi_traits(ind: Indicator, seed: int) -> tuple[str, bool]:
    """Demo stand-ins for the source's municipality_type and gender split (real ones come from the source)."""
    rng = _rng(seed, ind.kpi, "traits")
    return ("A" if rng.random() < 0.5 else "K"), rng.random() < 0.7


def _series(ind: Indicator, area_id: str, seed: int, population: float | None) -> dict[int, float | None]:
    low, high = LEVELS[ind.unit]
    base_rng = _rng(seed, ind.kpi, "level")
    level = base_rng.uniform(low, high)
    rng = _rng(seed, ind.kpi, area_id)
    offset = rng.gauss(0, 0.12) * level
    slope = rng.gauss(0, 0.015) * level
    sparse = ind.comment.startswith("Skolenkäten") and population is not None  # municipalities, every other year
    values: dict[int, float | None] = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if sparse and (year + int(area_id)) % 2:
            continue
        value = level + offset + slope * (year - FIRST_YEAR) + rng.gauss(0, 0.03) * level
        if ind.unit == "percent":
            value = min(max(value, 0.5), 99.5)
        masked = population is not None and population < 5_000 and rng.random() < 0.15
        values[year] = None if masked else round(max(value, 0.0), 1)
    return values


def demo_frames(catalogue: Catalogue, seed: int = 2026) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(observation, kpi, area) frames of demo data."""
    population = _population(catalogue, seed)
    fetched = datetime(2026, 1, 1)
    kpi_rows, obs_rows = [], []
    for ind in catalogue.indicators:
        mtype, divided = _kpi_traits(ind, seed)
        kpi_rows.append({
            "series_id": ind.series_id, "title": f"DEMO – {ind.short_name}",
            "description": "Påhittad demobeskrivning. Källa: ingen – demodata för att visa hur sidan ser ut.",
            "is_divided_by_gender": divided, "municipality_type": mtype, "auspice": None,
            "operating_area": "Demo", "perspective": "Demo", "publication_date": date(2027, 3, 1),
            "prel_publication_date": None, "publ_period": "2026", "has_ou_data": False,
            "fetched_at": fetched, "run_id": DEMO_RUN_ID,
        })
        areas = list(catalogue.municipality_ids) + [catalogue.country_area]
        if mtype == "A":
            areas.append(catalogue.county_area)
        for area_id in areas:
            genders = ("T", "K", "M") if divided else ("T",)
            for gender in genders:
                shift = {"T": 0.0, "K": 0.04, "M": -0.04}[gender]
                series = _series(ind, area_id, seed, population.get(area_id))
                for year, value in series.items():
                    obs_rows.append({
                        "series_id": ind.series_id, "area_id": area_id, "year": year, "gender": gender,
                        "value": None if value is None else round(value * (1 + shift), 1),
                        "flag": None, "count": 1, "run_id": DEMO_RUN_ID,
                    })
    for name, ref in catalogue.support_kpis.items():
        kpi_id = full_series_id(ref)
        kpi_rows.append({
            "series_id": kpi_id, "title": f"DEMO – stödmått: {name}", "description": "Påhittad demobeskrivning.",
            "is_divided_by_gender": False, "municipality_type": "A", "auspice": None, "operating_area": "Demo",
            "perspective": "Demo", "publication_date": date(2027, 3, 1), "prel_publication_date": None,
            "publ_period": "2026", "has_ou_data": False, "fetched_at": fetched, "run_id": DEMO_RUN_ID,
        })
        for area_id, people in population.items():
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                obs_rows.append({"series_id": kpi_id, "area_id": area_id, "year": year, "gender": "T",
                                 "value": float(round(people * (1 + 0.002 * (year - FIRST_YEAR)))),
                                 "flag": None, "count": 1, "run_id": DEMO_RUN_ID})
    area = pl.DataFrame([{"area_id": a.id, "name": a.demo_name, "kind": a.kind} for a in catalogue.areas],
                        schema=AREA_SCHEMA)
    observation = pl.DataFrame(obs_rows, schema=OBSERVATION_SCHEMA).sort(KEY)
    return observation, pl.DataFrame(kpi_rows, schema=SERIES_SCHEMA), area


def build_demo(settings: Settings, catalogue: Catalogue | None = None, seed: int = 2026) -> int:
    """Build the demo database at settings.db_path; return the number of observation rows."""
    catalogue = catalogue or load_catalogue()
    observation, kpi, area = demo_frames(catalogue, seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    runs = pl.DataFrame([{
        "run_id": DEMO_RUN_ID, "started_at": now, "finished_at": now, "source": "demo", "source_id": "demo",
        "mode": "demo",
        "from_date": None, "requests": 0, "rows": observation.height, "outcome": "ok",
        "message": f"demodata, slumpfrö {seed}",
    }], schema=RUN_SCHEMA)
    dataset = {"is_demo": "true", "built_at": now.isoformat(timespec="seconds"), "run_id": DEMO_RUN_ID,
               "source": "demo", "fetched_at": now.isoformat(timespec="seconds")}
    frames = assemble_frames(catalogue, observation, kpi, area, runs, dataset, source_frame([DEMO_SOURCE]))
    publish(settings.db_path, frames, observation.get_column("value").null_count())
    return observation.height
