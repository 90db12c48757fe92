"""A life stage's goal table and a Kommunprofil table as numbers for Excel (pure: the page hands in the names and
the source column)."""

from __future__ import annotations

import polars as pl

from views.download_columns import interval_columns, rounded, verdict_columns
from views.format import UNIT_WORDS
from views.words import RIKET_NAME, labels

TREND_LABELS = {"improving": "Förbättras", "stable": "Oförändrat", "worsening": "Försämras",
                "short_series": "För kort serie", None: "Underlag saknas"}


def goal_download(rows: pl.DataFrame, area_name: str, gender_name: str, county_label: str,
                  source: pl.Series) -> pl.DataFrame:
    """One goal's rows (stage_rows.sql) as a table for Excel. It says which area and gender it is for (a file taken
    home from Säffle must not read like one from Arvika), rounds every number as the page shows it (the county's
    weighted mean too), carries the 95 % interval, count and population behind the value where the status has
    them and the comparison verdicts, and names each row's source and what is own calculation."""
    return rows.select(
        pl.lit(area_name).alias("Område"), pl.lit(gender_name).alias("Kön"),
        pl.col("short_name").alias("Indikator"), pl.col("mark_label").alias("Status"),
        pl.col("latest_year").alias("År"), rounded("latest_value").alias("Senaste värde"),
        pl.col("unit").replace_strict(UNIT_WORDS, default=pl.col("unit")).alias("Enhet"),
        *interval_columns(rows),
        rounded("county_value").alias(county_label), rounded("riket_value").alias(RIKET_NAME),
        *verdict_columns(rows),
        pl.col("rank_in_county").alias("Rang i länet"), pl.col("rank_of").alias("Antal rangordnade"),
        pl.lit("egen bearbetning").alias("Status, intervall, jämförelser, länsvärde och rang"),
    ).with_columns(source)


def with_comparison(profile: pl.DataFrame, reference_column: str) -> pl.DataFrame:
    """The status table's own verdict against the reference (vs_county or vs_riket): never recomputed here."""
    versus = "vs_riket" if reference_column == "riket_value" else "vs_county"
    # No difference is shown for an indicator that is not comparable between areas (status: not_comparable).
    diff = pl.when(pl.col(versus) == "not_comparable").then(None).otherwise(
        pl.col("latest_value") - pl.col(reference_column))
    # A watch indicator is not judged: no "better"/"worse" words for it (the difference is still shown).
    watch = pl.col("role") == "watch"
    return profile.with_columns(pl.when(watch).then(None).otherwise(pl.col(versus)).alias("versus"),
                                pl.when(watch).then(pl.lit(labels().target_status.watch))
                                .otherwise(pl.col(f"{versus}_label")).alias("versus_label"),
                                pl.col(reference_column).alias("reference"), diff.alias("diff"))


def profile_download(part: pl.DataFrame, is_county: bool, county_label: str, source: pl.Series) -> pl.DataFrame:
    """The table as numbers (for Excel), rounded as the page shows them: indicator, status words, latest value
    with its 95 % interval, count and population, references, the comparison verdicts and difference, trend."""
    cols = [pl.col("short_name").alias("Indikator"), pl.col("mark_label").alias("Status"),
            pl.col("latest_year").alias("År"), rounded("latest_value").alias("Senaste värde"),
            pl.col("unit").replace_strict(UNIT_WORDS, default=pl.col("unit")).alias("Enhet"),
            *interval_columns(part)]
    # not comparable between areas: no reference values beside it, as on the page
    comparable = pl.col("versus").fill_null("") != "not_comparable"

    def reference(column: str) -> pl.Expr:
        return pl.when(comparable).then(rounded(column))

    if not is_county:
        cols.append(reference("county_value").alias(county_label))
    cols += [reference("riket_value").alias(RIKET_NAME), *verdict_columns(part, with_county=not is_county),
             rounded(pl.col("diff").round(6)).alias("Skillnad mot jämförelsen"),
             pl.col("trend").replace_strict(TREND_LABELS, default=pl.col("trend")).alias("Utveckling")]
    if "peer_median" in part.columns:  # similar municipalities (context, not part of the status)
        cols += [pl.col("peer_year").alias("Liknande kommuner, år"),
                 rounded("peer_median").alias("Liknande kommuner, median"),
                 rounded("peer_low").alias("Liknande kommuner, lägsta"),
                 rounded("peer_high").alias("Liknande kommuner, högsta")]
    return part.select(cols).with_columns(pl.lit("egen bearbetning").alias("Status, intervall och jämförelse"),
                                          source)
