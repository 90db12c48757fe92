"""The frame schemas sources hand to build (etl/sources/__init__.py) and build writes (etl/sql/schema.sql)."""

from __future__ import annotations

import polars as pl

GENDERS = ("T", "K", "M")

# Metadata per series. Only series_id and title are required; the rest are NULL where a source has no such fact
# (the columns after `publ_period` are the default source's own and are kept whole for it).
SERIES_SCHEMA = {
    "series_id": pl.String, "title": pl.String, "description": pl.String, "is_divided_by_gender": pl.Boolean,
    "publication_date": pl.Date, "prel_publication_date": pl.Date, "publ_period": pl.String,
    "municipality_type": pl.String, "auspice": pl.String, "operating_area": pl.String,
    "perspective": pl.String, "has_ou_data": pl.Boolean, "fetched_at": pl.Datetime("us"), "run_id": pl.String,
    # the series' own source line where it differs from its source's (own figures: the file's line), else NULL
    "attribution": pl.String,
}
OBSERVATION_SCHEMA = {
    "series_id": pl.String, "area_id": pl.String, "year": pl.Int32, "gender": pl.String, "value": pl.Float64,
    "flag": pl.String, "count": pl.Int32, "run_id": pl.String,
    # Where the source publishes them (FoHM's survey tables, own figures): the interval, the respondents behind
    # a survey share, and the period as labelled ("2021-2024" for a pooled window shown as one year). NULL else.
    "ci_low": pl.Float64, "ci_high": pl.Float64, "n": pl.Int32, "period": pl.String,
}
DELTA_SCHEMA = {**OBSERVATION_SCHEMA, "isdeleted": pl.Boolean}
AREA_SCHEMA = {"area_id": pl.String, "name": pl.String, "kind": pl.String}
SOURCE_SCHEMA = {"source_id": pl.String, "title": pl.String, "publisher": pl.String, "licence": pl.String,
                 "attribution": pl.String, "url": pl.String}
KEY = ["series_id", "area_id", "year", "gender"]
UNCERTAINTY_COLUMNS = ("ci_low", "ci_high", "n", "period")

# A source's whole list of series (the default source's KPI list) for the yearly review: the `series_list`
# table. Coverage (latest_year, municipalities_with_value) is filled for the candidates a full run fetched values for.
SERIES_LIST_SCHEMA = {
    "source_id": pl.String, "series_id": pl.String, "title": pl.String, "municipality_type": pl.String,
    "is_divided_by_gender": pl.Boolean, "operating_area": pl.String, "publ_period": pl.String,
    "has_ou_data": pl.Boolean, "latest_year": pl.Int32, "municipalities_with_value": pl.Int32,
    "municipalities": pl.Int32,
}
