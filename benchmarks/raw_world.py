"""A generated world as real raw runs: served by the local fake sources, fetched and built by the real ETL.

    tables = build_from_raw(catalogue, levels, observation, work_dir)   # status tables read from the DuckDB file

`observation` is an observation frame from the demo generator (etl.demo.generated_observation: the default
source's series under their bare KPI ids, other sources' under full ids). Its default-source rows are served by
the fake Kolada v3 API (tests/kolada_server.py) in the v3 data-object shape (value, or null for a masked cell);
the KPI metadata says what the generator's levels say (divided by gender, municipality type), the rest is the
fixture's. Its Folkhälsodata rows (the catalogue's `fohm:` series: county and Riket, pooled windows, published
intervals and respondents) are served by the fake PxWeb v1 server (tests/pxweb_server.py) as "Andel och
konfidensintervall" cells of the tables indicators/sources/fohm.yaml names, one window per `period` label.
`etl.fetch.fetch_run` fetches a full run of each source into `work_dir/data/raw`, `etl.build.build_database`
replays them (plausibility checks included) and publishes the database, and the status tables are read back from
that file. Every row the generator makes has a raw shape, so nothing takes a shortcut. Synthetic figures only.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl

from core.settings import Settings
from etl.build import build_database
from etl.demo.levels import Levels
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from etl.sources.pxweb.definitions import load_definitions
from indicators.catalogue import DEFAULT_SOURCE, Catalogue, catalogue_dir
from tests.kolada_server import KPI_FIXTURE, KoladaDataset, KoladaTestServer, _synthetic_kpi
from tests.pxweb_server import FakeTable, PxWebTestServer, fohm_tables_for

FOHM = "fohm"
STATUS_TABLES = ("status", "goal_status", "life_stage_status", "life_stage_goal_status")
SURVEY_SEX = {"00": "T", "01": "K", "02": "M"}  # tests/pxweb_server.py's survey tables
MEASURES = {"01": "value", "02": "ci_low", "03": "ci_high", "04": "n"}


def _kpi_meta(kpi_id: str, levels: Levels, fixture: dict[str, dict]) -> dict:
    """The fixture's v3 metadata object for the KPI (a synthetic one if it has none), saying what the generator
    made: divided by gender or not, and the municipality type (A: municipalities and the county, L: county)."""
    entry = levels.entry(kpi_id)
    meta = dict(fixture.get(kpi_id) or _synthetic_kpi(kpi_id))
    meta.update({"title": f"Kalibrering – {entry.title}", "is_divided_by_gender": entry.by_gender,
                 "municipality_type": entry.type})
    return meta


def kolada_dataset(catalogue: Catalogue, levels: Levels, observation: pl.DataFrame) -> KoladaDataset:
    """The fake Kolada's data: the default source's rows of `observation` as v3 values (masked cells as null)."""
    fixture = {k["id"]: k for k in json.loads(KPI_FIXTURE.read_text(encoding="utf-8"))}
    rows = observation.filter(~pl.col("series_id").str.contains(":"))
    kpis = rows.get_column("series_id").unique(maintain_order=True).to_list()
    areas = [{"id": a.id, "title": a.demo_name, "type": "K" if a.kind == "kommun" else "L"} for a in catalogue.areas]
    dataset = KoladaDataset([_kpi_meta(k, levels, fixture) for k in kpis], areas)
    for kpi, area, year, gender, value in rows.select("series_id", "area_id", "year", "gender", "value").iter_rows():
        dataset.set_value(kpi, area, year, gender, value)
    return dataset


def fohm_tables(catalogue: Catalogue, observation: pl.DataFrame) -> list[FakeTable]:
    """The fake Folkhälsodata's tables: one per table fohm.yaml names (tests/pxweb_server.fohm_tables_for), serving
    the generator's figures of its series for Riket and the county, one `År` value per pooled window; a cell the
    generator has no figure for is missing (".."). Empty when the catalogue uses no FoHM series."""
    if FOHM not in catalogue.source_ids:
        return []
    definitions = load_definitions(catalogue_dir() / "sources" / f"{FOHM}.yaml")
    regions = {"00": catalogue.country_area, catalogue.county_area[2:]: catalogue.county_area}
    rows = observation.filter(pl.col("series_id").str.starts_with(f"{FOHM}:"))
    cells: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for row in rows.iter_rows(named=True):
        cells[(row["series_id"], row["area_id"], row["gender"], row["period"] or str(row["year"]))] = row
    tables = fohm_tables_for(definitions, regions=[(c, "Riket" if c == "00" else f"{c} län") for c in regions])
    for table in tables:
        served = {(s.category or "01"): f"{FOHM}:{s.id}" for s in definitions.series if s.table == table.path}
        windows = sorted({w for sid, _a, _g, w in cells if sid in served.values()},
                         key=lambda w: (int(w[-4:]), w))
        time_var = next(v for v in table.variables if v.time)
        time_var.values, time_var.value_texts = list(windows), list(windows)

        def value(dims: dict[str, str], served: dict[str, str] = served) -> str:
            sid = served.get(dims.get("Kategori", "01"))
            cell = cells.get((sid or "", regions.get(dims["Region"], ""), SURVEY_SEX[dims["Kön"]], dims["År"]))
            figure = None if cell is None else cell[MEASURES[dims["Andel och konfidensintervall"]]]
            return ".." if figure is None else (str(int(figure)) if isinstance(figure, int) else f"{figure:.1f}")

        table.value = value
    return tables


def read_tables(db_path: Path, names: tuple[str, ...] = STATUS_TABLES) -> dict[str, pl.DataFrame]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {name: con.sql(f"SELECT * FROM {name}").pl() for name in names}
    finally:
        con.close()


def build_from_raw(catalogue: Catalogue, levels: Levels, observation: pl.DataFrame,
                   work_dir: Path) -> dict[str, pl.DataFrame]:
    """Serve `observation` from the fake sources, fetch a full run of every source the catalogue uses into
    `work_dir/data`, build the database there and return its status and roll-up tables."""
    policy = HttpPolicy.fast(timeout=60.0)
    with (KoladaTestServer(kolada_dataset(catalogue, levels, observation)) as kolada,
          PxWebTestServer(v1_tables=fohm_tables(catalogue, observation)) as pxweb):
        settings = Settings(data_dir=(work_dir / "data").resolve(),
                            base_urls={DEFAULT_SOURCE: kolada.base_url, FOHM: pxweb.v1_base})
        for source_id in catalogue.source_ids:
            result = fetch_run(settings, catalogue, mode="full", policy=policy, source_id=source_id)
            if result.refused_series or result.missing_series_ids:
                raise RuntimeError(f"{source_id} run {result.run_id}: refused {result.refused_series}, "
                                   f"missing {result.missing_series_ids}")
    build = build_database(settings, catalogue)
    return read_tables(build.db_path)


