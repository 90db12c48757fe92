"""One entry point for the build: observations + catalogue + method → the five status tables.

The tables and their columns are fixed by etl/sql/status_schema.sql: county_series, status, gender_gap,
goal_status, life_stage_status. Everything here is pure (frames in, frames out).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from indicators.catalogue import Catalogue, Indicator
from indicators.county import build_county_series
from indicators.gender_gap import gap_rows, gender_gap_frame
from indicators.method import Method
from indicators.rollup import build_rollups
from indicators.status import RowContext, judge, rank_values

OBSERVATION_COLUMNS = ("series_id", "area_id", "year", "gender", "value")
SERIES_COLUMNS = ("series_id", "is_divided_by_gender")

STATUS_SCHEMA = {
    "indicator_id": pl.String, "series_id": pl.String, "area_id": pl.String, "gender": pl.String,
    "latest_year": pl.Int32, "latest_value": pl.Float64, "county_value": pl.Float64,
    "county_source": pl.String, "riket_value": pl.Float64, "trend": pl.String, "trend_slope": pl.Float64,
    "trend_points": pl.Int32, "target_status": pl.String, "target_value": pl.Float64,
    "pace_ratio": pl.Float64, "rank_in_county": pl.Int32, "rank_of": pl.Int32, "rank_year": pl.Int32,
    "mark": pl.String, "mark_label": pl.String, "arrow": pl.String, "explanation": pl.String,
}

# series[series_id][gender][area_id] = [(year, value or None), ...]
Series = dict[str, dict[str, dict[str, list[tuple[int, float | None]]]]]


def _require_columns(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"compute_status_tables: the {what} frame lacks column(s) {', '.join(missing)} "
                         f"(has {', '.join(frame.columns)})")


def _series(frame: pl.DataFrame) -> Series:
    out: Series = {}
    rows = frame.select("series_id", "gender", "area_id", "year", "value").sort("year").iter_rows()
    for series_id, gender, area_id, year, value in rows:
        out.setdefault(series_id, {}).setdefault(gender, {}).setdefault(area_id, []).append((year, value))
    return out


def area_names_from(area: pl.DataFrame | None, catalogue: Catalogue, method: Method) -> dict[str, str]:
    """Names for explanations: the area table's names where given, else the catalogue's; the county is
    always called by the method's county name ("Hela Värmland")."""
    names = {a.id: a.demo_name for a in catalogue.areas}
    if area is not None:
        _require_columns(area, ("area_id", "name"), "area")
        names.update(dict(area.select("area_id", "name").iter_rows()))
    names[catalogue.county_area] = method.labels.county_name
    return names


def _genders(ind: Indicator, divided: Mapping[str, bool], series: Series, county: Series) -> list[str]:
    """T always; K and M when the KPI is gender-divided and that gender has a value somewhere."""
    genders = ["T"]
    if divided.get(ind.series_id):
        for g in ("K", "M"):
            areas = {**series.get(ind.series_id, {}).get(g, {}), **county.get(ind.series_id, {}).get(g, {})}
            if any(v is not None for pts in areas.values() for _, v in pts):
                genders.append(g)
    return genders


def _latest_values(by_area: Mapping[str, list[tuple[int, float | None]]],
                   municipalities: list[str]) -> tuple[int | None, dict[str, float]]:
    """(rank_year, {municipality: value in rank_year}): the latest year any municipality has a value."""
    years = [y for a in municipalities for y, v in by_area.get(a, []) if v is not None]
    if not years:
        return None, {}
    rank_year = max(years)
    return rank_year, {a: v for a in municipalities for y, v in by_area.get(a, [])
                       if y == rank_year and v is not None}


def status_rows(ind: Indicator, gender: str, series: Series, county: Series, county_source: str | None,
                catalogue: Catalogue, method: Method, names: Mapping[str, str]) -> list[dict]:
    """Status rows for one indicator and gender: the municipalities, then the county."""
    by_area = series.get(ind.series_id, {}).get(gender, {})
    riket = {y: v for y, v in by_area.get(catalogue.country_area, []) if v is not None}
    county_points = county.get(ind.series_id, {}).get(gender, {}).get(catalogue.county_area, [])
    county_by_year = {y: v for y, v in county_points if v is not None}
    municipalities = catalogue.municipality_ids
    rank_year, latest = _latest_values(by_area, municipalities)
    ranks = rank_values(latest, ind.direction)
    rows = []
    for area_id in [*municipalities, catalogue.county_area]:
        is_county = area_id == catalogue.county_area
        ctx = RowContext(
            indicator=ind, area_id=area_id, area_name=names.get(area_id, area_id), gender=gender,
            is_county=is_county, riket_by_year=riket, county_by_year=county_by_year,
            county_source=county_source, rank=ranks.get(area_id), rank_of=len(latest) or None,
            rank_year=rank_year,
        )
        own = county_points if is_county else by_area.get(area_id, [])
        rows.append(judge(own, ctx, method))
    return rows


def compute_status_tables(observation: pl.DataFrame, series_meta: pl.DataFrame, catalogue: Catalogue,
                          method: Method, area: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """{"county_series", "status", "gender_gap", "goal_status", "life_stage_status"} as in status_schema.sql.

    observation: series_id, area_id, year, gender, value (null allowed). series_meta: series_id,
    is_divided_by_gender (and more). area (optional): area_id, name — names for the explanations; default the
    catalogue's demo names.
    """
    _require_columns(observation, OBSERVATION_COLUMNS, "observation")
    _require_columns(series_meta, SERIES_COLUMNS, "series")
    obs = observation.select(
        pl.col("series_id").cast(pl.String), pl.col("area_id").cast(pl.String), pl.col("year").cast(pl.Int32),
        pl.col("gender").cast(pl.String), pl.col("value").cast(pl.Float64),
    )
    names = area_names_from(area, catalogue, method)
    series_ids = list(dict.fromkeys(i.series_id for i in catalogue.indicators))
    county_series = build_county_series(obs, series_ids, catalogue.county_area, catalogue.municipality_ids,
                                        catalogue.support_series("population"))
    sources = dict(county_series.select("series_id", "source").unique().iter_rows())
    series = _series(obs.filter(pl.col("series_id").is_in(series_ids)))
    county = _series(county_series.with_columns(pl.lit(catalogue.county_area).alias("area_id")))
    divided = {k: bool(d) for k, d in series_meta.select("series_id", "is_divided_by_gender").iter_rows()}

    status: list[dict] = []
    gaps: list[dict] = []
    for ind in catalogue.indicators:
        genders = _genders(ind, divided, series, county)
        for gender in genders:
            status += status_rows(ind, gender, series, county, sources.get(ind.series_id), catalogue, method, names)
        if "K" in genders and "M" in genders:
            for area_id in [*catalogue.municipality_ids, catalogue.county_area]:
                source = county if area_id == catalogue.county_area else series
                by_gender = source.get(ind.series_id, {})
                women = dict(by_gender.get("K", {}).get(area_id, []))
                men = dict(by_gender.get("M", {}).get(area_id, []))
                gaps += gap_rows(ind.id, area_id, women, men, method.gender_gap)

    status_df = pl.DataFrame(status, schema=STATUS_SCHEMA) if status else pl.DataFrame(schema=STATUS_SCHEMA)
    goal_status, life_stage_status, life_stage_goal_status = build_rollups(status_df, catalogue, method, names)
    return {
        "county_series": county_series,
        "status": status_df,
        "gender_gap": gender_gap_frame(gaps),
        "goal_status": goal_status,
        "life_stage_status": life_stage_status,
        "life_stage_goal_status": life_stage_goal_status,
    }
