"""Swedish headers and words for the "nytt sedan" lists. Pure functions over polars frames.

`*_table` frames keep numbers as numbers (for CSV/xlsx download); `display_*` turn them into Swedish text
("12,3", "Kvinnor", "▲ Fel riktning ↓") for the screen.
"""

from __future__ import annotations

import polars as pl

from views.format import fmt_value
from views.theme import mark_style

GENDER_WORDS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
CHANGE_WORDS = {"revised": "Reviderat", "removed": "Borttaget"}
KPI_FIELD_WORDS = {
    "title": "Titel", "description": "Beskrivning", "is_divided_by_gender": "Könsuppdelad",
    "municipality_type": "Kommuntyp", "auspice": "Regi", "operating_area": "Verksamhetsområde",
    "perspective": "Perspektiv", "publication_date": "Publiceringsdatum",
    "prel_publication_date": "Preliminärt publiceringsdatum", "publ_period": "Publiceringsperiod",
    "has_ou_data": "Har data per enhet", "(added)": "Nytt nyckeltal", "(removed)": "Borttaget nyckeltal",
}

def mark_words(mark: str | None, label: str | None, arrow: str | None) -> str:
    """'▲ Fel riktning ↓': symbol, words and arrow, never colour alone. None -> 'Ingen bedömning'."""
    if mark is None:
        return "Ingen bedömning"
    return " ".join(p for p in (mark_style(mark).symbol, label or mark_style(mark).words, arrow) if p)


def new_years_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("life_stage").alias("Livsskede"), pl.col("short_name").alias("Indikator"),
        pl.col("kpi_id").alias("KPI"), pl.col("old_year").alias("Tidigare senaste år"),
        pl.col("new_year").alias("Nytt senaste år"), pl.col("areas_with_value").alias("Områden med värde"),
    )


def revised_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("short_name").alias("Indikator"), pl.col("kpi_id").alias("KPI"),
        pl.col("area_name").alias("Område"), pl.col("year").alias("År"),
        pl.col("gender").replace_strict(GENDER_WORDS, default=pl.col("gender")).alias("Kön"),
        pl.col("old_value").alias("Tidigare värde"), pl.col("new_value").alias("Nytt värde"),
        pl.col("change").replace_strict(CHANGE_WORDS, default=pl.col("change")).alias("Ändring"),
    )


def verdicts_table(df: pl.DataFrame) -> pl.DataFrame:
    old = [mark_words(*r) for r in df.select("old_mark", "old_label", "old_arrow").iter_rows()]
    new = [mark_words(*r) for r in df.select("new_mark", "new_label", "new_arrow").iter_rows()]
    return df.select(
        pl.col("short_name").alias("Indikator"), pl.col("area_name").alias("Område"),
        pl.col("gender").replace_strict(GENDER_WORDS, default=pl.col("gender")).alias("Kön"),
        pl.Series("Tidigare bedömning", old, dtype=pl.String), pl.col("old_year").alias("Tidigare år"),
        pl.Series("Ny bedömning", new, dtype=pl.String), pl.col("new_year").alias("Nytt år"),
    )


def kpi_meta_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("kpi_id").alias("KPI"), pl.col("short_name").alias("Indikator"),
        pl.col("field").replace_strict(KPI_FIELD_WORDS, default=pl.col("field")).alias("Vad"),
        pl.col("old_value").alias("Tidigare"), pl.col("new_value").alias("Nu"),
    )


def display_revised(df: pl.DataFrame) -> pl.DataFrame:
    """revised_table with the values as Swedish text in the indicator's unit."""
    table = revised_table(df)
    units = df.get_column("unit").fill_null("count").to_list()
    old = [fmt_value(v, u) for v, u in zip(df.get_column("old_value").to_list(), units, strict=True)]
    new = [fmt_value(v, u) for v, u in zip(df.get_column("new_value").to_list(), units, strict=True)]
    return table.with_columns(pl.Series("Tidigare värde", old, dtype=pl.String),
                              pl.Series("Nytt värde", new, dtype=pl.String))
