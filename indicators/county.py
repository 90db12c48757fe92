"""The county series ('Hela Värmland') for each indicator KPI.

KPIs with region values (observations for the county area) use them as they are: source 'region'.
KPIs with no region value at all (typically municipality_type 'K') get the mean of the municipalities weighted
by the indicator's own denominator population (areas.yaml support_kpis[indicator.denominator]): same year, or the
nearest earlier year a municipality has one; the gender's own population where Kolada splits it, else T. A year
gets a figure only when the municipalities with a value hold at least `county.min_coverage` of the county's
denominator (so a survey that reached half of the municipalities gives no figure instead of a zig-zag). Source
'weighted_mean', shown as "egen bearbetning". Survey indicators never get a computed figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

COUNTY_SERIES_SCHEMA = {
    "kpi_id": pl.String, "year": pl.Int32, "gender": pl.String, "value": pl.Float64, "source": pl.String,
    "coverage": pl.Float64,
}
REFUSED_SCHEMA = {"kpi_id": pl.String, "year": pl.Int32, "gender": pl.String, "coverage": pl.Float64}


class CountySeriesError(ValueError):
    """The county series cannot be built (e.g. an indicator's denominator KPI is not in the catalogue)."""


def denominator_weights(observation: pl.DataFrame, denominator_kpis: Sequence[str],
                        municipality_ids: Sequence[str]) -> pl.DataFrame:
    """(den_kpi, area_id, year, gender, weight): every non-null municipal population value, sorted for asof."""
    return (
        observation.filter(
            pl.col("kpi_id").is_in(list(denominator_kpis)) & pl.col("area_id").is_in(list(municipality_ids))
            & pl.col("value").is_not_null()
        )
        .select(pl.col("kpi_id").alias("den_kpi"), "area_id", pl.col("year").cast(pl.Int32), "gender",
                pl.col("value").alias("weight"))
        .sort("den_kpi", "area_id", "gender", "year")
    )


def _attach_weights(frame: pl.DataFrame, weights: pl.DataFrame) -> pl.DataFrame:
    """Add `weight` to (den_kpi, area_id, year, gender) rows: the gender's own population (nearest earlier
    year), else the T population."""
    frame = frame.sort("den_kpi", "area_id", "gender", "year")
    own = frame.join_asof(weights, on="year", by=["den_kpi", "area_id", "gender"], strategy="backward",
                          check_sortedness=False)
    total = weights.filter(pl.col("gender") == "T").drop("gender").rename({"weight": "weight_t"})
    own = own.sort("den_kpi", "area_id", "year").join_asof(
        total, on="year", by=["den_kpi", "area_id"], strategy="backward", check_sortedness=False)
    return own.with_columns(pl.coalesce("weight", "weight_t").alias("weight")).drop("weight_t")


def weighted_county_mean(values: pl.DataFrame, weights: pl.DataFrame, municipality_ids: Sequence[str],
                         min_coverage: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(figures, refused) per (kpi_id, year, gender) of municipality `values` (with a `den_kpi` column).

    figures: the denominator-weighted mean where the municipalities with a value hold at least `min_coverage`
    of the county's denominator (the sum over all municipalities with a population that year); refused: the
    (kpi_id, year, gender, coverage) that fell short.
    """
    have = values.filter(pl.col("value").is_not_null()).with_columns(pl.col("year").cast(pl.Int32))
    empty = pl.DataFrame(schema=COUNTY_SERIES_SCHEMA), pl.DataFrame(schema=REFUSED_SCHEMA)
    if have.is_empty() or weights.is_empty():
        return empty
    with_w = _attach_weights(have, weights).filter(pl.col("weight").is_not_null() & (pl.col("weight") > 0))
    groups = have.select("kpi_id", "den_kpi", "year", "gender").unique()
    grid = groups.join(pl.DataFrame({"area_id": list(municipality_ids)}), how="cross")
    totals = (
        _attach_weights(grid, weights).filter(pl.col("weight").is_not_null() & (pl.col("weight") > 0))
        .group_by("kpi_id", "year", "gender").agg(pl.col("weight").sum().alias("total"))
    )
    means = (
        with_w.group_by("kpi_id", "year", "gender")
        .agg(((pl.col("value") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("value"),
             pl.col("weight").sum().alias("covered"))
        .join(totals, on=["kpi_id", "year", "gender"], how="left")
        .with_columns((pl.col("covered") / pl.col("total")).alias("coverage"))
    )
    ok = pl.col("coverage").round(9) >= min_coverage
    figures = (
        means.filter(ok).with_columns(pl.lit("weighted_mean").alias("source"))
        .select(list(COUNTY_SERIES_SCHEMA)).cast(COUNTY_SERIES_SCHEMA)  # type: ignore[arg-type]
    )
    refused = means.filter(~ok).select(list(REFUSED_SCHEMA)).cast(REFUSED_SCHEMA)  # type: ignore[arg-type]
    return figures, refused


def build_county_series(observation: pl.DataFrame, denominators: Mapping[str, str | None],
                        surveys: set[str], county_area: str, municipality_ids: Sequence[str],
                        min_coverage: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(county_series, refused) for the KPIs in `denominators` (kpi_id → denominator KPI id).

    county_series has the columns of etl/sql/status_schema.sql; refused lists the (kpi_id, year, gender,
    coverage) whose weighted mean was withheld for too little coverage. `surveys`: KPI ids that never get a
    computed figure.
    """
    kpi_ids = list(denominators)
    wanted = observation.filter(pl.col("kpi_id").is_in(kpi_ids))
    region = wanted.filter(pl.col("area_id") == county_area)
    with_region = set(region.filter(pl.col("value").is_not_null())["kpi_id"].unique().to_list())
    region_rows = (
        region.filter(pl.col("kpi_id").is_in(list(with_region)))
        .select("kpi_id", "year", "gender", "value")
        .with_columns(pl.lit("region").alias("source"), pl.lit(None, dtype=pl.Float64).alias("coverage"))
        .cast(COUNTY_SERIES_SCHEMA)  # type: ignore[arg-type]
    )
    without = [k for k in kpi_ids if k not in with_region and k not in surveys]
    muni_values = wanted.filter(pl.col("kpi_id").is_in(without) & pl.col("area_id").is_in(list(municipality_ids)))
    if muni_values.filter(pl.col("value").is_not_null()).is_empty():
        weighted, refused = pl.DataFrame(schema=COUNTY_SERIES_SCHEMA), pl.DataFrame(schema=REFUSED_SCHEMA)
    else:
        lacking = sorted(k for k in set(muni_values["kpi_id"]) if not denominators.get(k))
        if lacking:
            raise CountySeriesError(
                "indicators/areas.yaml: no support KPI for the denominator of "
                f"{', '.join(lacking)}: it is needed to weight their county figure"
            )
        muni_values = muni_values.with_columns(
            pl.col("kpi_id").replace_strict({k: denominators[k] for k in without}, return_dtype=pl.String)
            .alias("den_kpi"))
        weights = denominator_weights(observation, sorted({str(denominators[k]) for k in without}),
                                      municipality_ids)
        weighted, refused = weighted_county_mean(muni_values, weights, municipality_ids, min_coverage)
    series = pl.concat([region_rows, weighted]).sort("kpi_id", "gender", "year")
    return series, refused.sort("kpi_id", "gender", "year")
