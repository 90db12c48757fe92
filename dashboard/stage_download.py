"""A life stage's goal table as numbers for Excel (pure: the page hands in the names and the source column)."""

from __future__ import annotations

import polars as pl

from views.format import UNIT_WORDS
from views.words import RIKET_NAME


def goal_download(rows: pl.DataFrame, area_name: str, gender_name: str, county_label: str,
                  source: pl.Series) -> pl.DataFrame:
    """One goal's rows (stage_rows.sql) as a table for Excel. It says which area and gender it is for (a file taken
    home from Säffle must not read like one from Arvika), rounds the county's weighted mean to one decimal as the
    sources publish, and names each row's source and what is own calculation."""
    return rows.select(
        pl.lit(area_name).alias("Område"), pl.lit(gender_name).alias("Kön"),
        pl.col("short_name").alias("Indikator"), pl.col("mark_label").alias("Status"),
        pl.col("latest_year").alias("År"), pl.col("latest_value").alias("Senaste värde"),
        pl.col("unit").replace_strict(UNIT_WORDS, default=pl.col("unit")).alias("Enhet"),
        pl.col("county_value").round(1).alias(county_label), pl.col("riket_value").alias(RIKET_NAME),
        pl.col("rank_in_county").alias("Rang i länet"), pl.col("rank_of").alias("Antal rangordnade"),
        pl.lit("egen bearbetning").alias("Status, länsvärde och rang"),
    ).with_columns(source)
