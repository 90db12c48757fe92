"""One road from a built database to a trend chart, shared by the indicator page, the life-stage sparklines,
presentation mode, the slides and the handouts:

    frame = run("series", series_params(area_id, gender, county_id, country_id, indicator_id=...))  # series.sql
    chart = chart_frame(frame, area_name)          # year, value, label, role: the input of views.charts.trend_chart

The query puts the county series in the 'area' role when the area is the county itself; `chart_frame` names the
lines (the county line says when it is our own weighted mean).
"""

from __future__ import annotations

import polars as pl

from views.words import COUNTY_NAME, RIKET_NAME

SQL_NAME = "series"


def series_params(area_id: str, gender: str, county_id: str, country_id: str, *, indicator_id: str | None = None,
                  life_stage_id: str | None = None) -> list:
    """The bound parameters of views/sql/series.sql."""
    return [area_id, gender, county_id, country_id, indicator_id, life_stage_id]


def county_label(sources: list[str]) -> str:
    """The county line's name; it says so when the figures are our own weighted mean of the municipalities."""
    kinds = set(sources)
    if kinds == {"weighted_mean"}:
        return f"{COUNTY_NAME} (viktat medel, egen bearbetning)"
    if "weighted_mean" in kinds:
        return f"{COUNTY_NAME} (regionens värde eller viktat medel)"
    return COUNTY_NAME


def chart_frame(series: pl.DataFrame, area_name: str, *, is_county: bool = False) -> pl.DataFrame:
    """One indicator's rows of the series query → year, value, label, role for `views.charts.trend_chart`."""
    county_rows = series.filter(pl.col("source").is_not_null() & pl.col("value").is_not_null())
    county = county_label(county_rows["source"].unique().sort().to_list())
    labels = {"area": county if is_county else area_name, "county": county, "riket": RIKET_NAME}
    return series.select("year", "value", pl.col("role").replace_strict(labels).alias("label"), "role")


def reference_values(series: pl.DataFrame, year: int) -> tuple[float | None, float | None]:
    """(county, Riket) values of one indicator in `year`; for the county itself its own line is the county's."""
    rows = dict(series.filter(pl.col("year") == year).select("role", "value").iter_rows())
    county = rows.get("county", rows.get("area") if "county" not in set(series["role"]) else None)
    return county, rows.get("riket")
