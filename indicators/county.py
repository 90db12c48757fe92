"""The county series ('Hela Värmland') for each indicator KPI.

KPIs with region values (observations for the county area) use them as they are: source 'region'.
KPIs with no region value at all (typically municipality_type 'K') get the population-weighted mean of the
municipalities: weights from the population support KPI (gender T) for the same year, or the nearest earlier
year a municipality has one; only municipalities with both a value and a weight count. Source 'weighted_mean',
shown as "egen bearbetning".
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

COUNTY_SERIES_SCHEMA = {
    "series_id": pl.String, "year": pl.Int32, "gender": pl.String, "value": pl.Float64, "source": pl.String,
}


class CountySeriesError(ValueError):
    """The county series cannot be built (e.g. the catalogue names no population support KPI)."""


def population_weights(observation: pl.DataFrame, population_kpi: str,
                       municipality_ids: Sequence[str]) -> pl.DataFrame:
    """(area_id, year, weight): the non-null T population of each municipality per year it is reported."""
    return (
        observation.filter(
            (pl.col("series_id") == population_kpi) & (pl.col("gender") == "T")
            & pl.col("area_id").is_in(list(municipality_ids)) & pl.col("value").is_not_null()
        )
        .select("area_id", pl.col("year").cast(pl.Int32), pl.col("value").alias("weight"))
        .sort("area_id", "year")
    )


def weighted_county_mean(values: pl.DataFrame, weights: pl.DataFrame) -> pl.DataFrame:
    """Population-weighted mean per (series_id, year, gender) of municipality `values`.

    values: series_id, area_id, year, gender, value (nulls allowed, ignored).
    weights: area_id, year, weight (from `population_weights`); the nearest earlier year is used.
    """
    have = (
        values.filter(pl.col("value").is_not_null())
        .with_columns(pl.col("year").cast(pl.Int32))
        .sort("area_id", "year")
    )
    if have.is_empty() or weights.is_empty():
        return pl.DataFrame(schema=COUNTY_SERIES_SCHEMA)
    # Both sides are sorted by (area_id, year), so each by-group is sorted on year as join_asof requires.
    joined = have.join_asof(weights, on="year", by="area_id", strategy="backward",
                            check_sortedness=False).filter(
        pl.col("weight").is_not_null() & (pl.col("weight") > 0)
    )
    return (
        joined.group_by("series_id", "year", "gender")
        .agg(((pl.col("value") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("value"))
        .with_columns(pl.lit("weighted_mean").alias("source"))
        .select(list(COUNTY_SERIES_SCHEMA))
        .cast(COUNTY_SERIES_SCHEMA)  # type: ignore[arg-type]
    )


def build_county_series(observation: pl.DataFrame, series_ids: Sequence[str], county_area: str,
                        municipality_ids: Sequence[str], population_kpi: str | None) -> pl.DataFrame:
    """The `county_series` table for `series_ids` (columns as in etl/sql/status_schema.sql)."""
    wanted = observation.filter(pl.col("series_id").is_in(list(series_ids)))
    region = wanted.filter(pl.col("area_id") == county_area)
    with_region = set(region.filter(pl.col("value").is_not_null())["series_id"].unique().to_list())
    region_rows = (
        region.filter(pl.col("series_id").is_in(list(with_region)))
        .select("series_id", "year", "gender", "value")
        .with_columns(pl.lit("region").alias("source"))
        .cast(COUNTY_SERIES_SCHEMA)  # type: ignore[arg-type]
    )
    without = [k for k in series_ids if k not in with_region]
    muni_values = wanted.filter(
        pl.col("series_id").is_in(without) & pl.col("area_id").is_in(list(municipality_ids))
    )
    if muni_values.filter(pl.col("value").is_not_null()).is_empty():
        weighted = pl.DataFrame(schema=COUNTY_SERIES_SCHEMA)
    else:
        if population_kpi is None:
            kpis = ", ".join(sorted(set(muni_values["series_id"])))
            raise CountySeriesError(
                "indicators/areas.yaml: support_kpis.population is missing: it is needed to weight the "
                f"county figure of series with no region value ({kpis})"
            )
        weights = population_weights(observation, population_kpi, municipality_ids)
        weighted = weighted_county_mean(muni_values, weights)
    return pl.concat([region_rows, weighted]).sort("series_id", "gender", "year")
