"""Kommunprofil: every indicator for one area, by life stage – better or worse than the county (Riket for the
county itself), and what has improved or worsened."""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, state, ui
from dashboard.compare import TREND_LABELS, VERSUS_WORDS, versus_reference
from views.format import UNIT_WORDS, fmt_delta, fmt_value
from views.words import COUNTY_NAME

WIDTHS = ["23%", "24%", "10%", "10%", "11%", "12%", "10%"]
TREND_ARROWS = {"improving": "↑", "stable": "→", "worsening": "↓", "short_series": "–"}


def with_comparison(profile: pl.DataFrame, reference_column: str) -> pl.DataFrame:
    versus = [versus_reference(v, r, d) for v, r, d in
              profile.select("latest_value", reference_column, "direction").iter_rows()]
    return profile.with_columns(pl.Series("versus", versus, dtype=pl.String),
                                pl.col(reference_column).alias("reference"),
                                (pl.col("latest_value") - pl.col(reference_column)).alias("diff"))


def summary(profile: pl.DataFrame, reference_name: str) -> None:
    counts = {
        f"Bättre än {reference_name}": profile.filter(pl.col("versus") == "better").height,
        f"Sämre än {reference_name}": profile.filter(pl.col("versus") == "worse").height,
        "Förbättras": profile.filter(pl.col("trend") == "improving").height,
        "Försämras": profile.filter(pl.col("trend") == "worsening").height,
    }
    for column, (label, n) in zip(st.columns(4), counts.items(), strict=True):
        column.metric(label, f"{n} av {profile.height}")


def row_cells(row: dict, ctx: state.Context, reference_name: str) -> list[str]:
    f = ctx.filters
    href = f.href(ctx.pages["indikator"].url_path, ind=row["indicator_id"])
    versus = row["versus"]
    compare = f"{VERSUS_WORDS[versus]} än {reference_name}" if versus in ("better", "worse") else (
        f"Som {reference_name}" if versus == "same" else VERSUS_WORDS[None])
    arrow = TREND_ARROWS.get(row["trend"], "")
    trend = f'<span class="np-arrow">{arrow}</span> {escape(TREND_LABELS.get(row["trend"], ""))}'
    status = badges.mark_badge(row["mark"], row["mark_label"] or ("Ej uppdelat på kön" if f.gender != "T"
                                                                  else None), row["arrow"])
    unit = row["unit"]
    name = badges.link(href, row["short_name"])
    if unit != "percent":
        name += f'<div class="np-care" style="color:#333">{escape(UNIT_WORDS[unit])}</div>'
    return [status, name, fmt_value(row["latest_value"], unit, with_unit=unit == "percent"),
            fmt_value(row["reference"], unit, with_unit=unit == "percent"), f"<b>{escape(compare)}</b>",
            fmt_delta(row["diff"], unit, with_unit=False), trend]


def render() -> None:
    ctx = state.current_context()
    f = ctx.filters
    ui.page_header("Kommunprofil")
    if f.is_county:
        reference_column, reference_name = "riket_value", "riket"
        st.info(f"{COUNTY_NAME} jämförs med riket. Välj en kommun i sidomenyn för att jämföra den med länet.")
    else:
        reference_column, reference_name = "county_value", "länet"
    profile = with_comparison(data.query("profile", [f.area_id, f.gender]), reference_column)
    summary(profile, reference_name)
    for (stage_name,), part in profile.group_by("life_stage_name", maintain_order=True):
        st.subheader(str(stage_name), anchor=False)
        rows = [row_cells(r, ctx, reference_name) for r in part.iter_rows(named=True)]
        headers = ["Status", "Indikator", "Senaste värde", reference_name.capitalize(), "Jämförelse",
                   f"Skillnad mot {reference_name}", "Utveckling"]
        st.html(badges.html_table(headers, rows, numeric={2, 3, 5}, test_id="np-profile-table", widths=WIDTHS))
    st.caption("Skillnader i andelar (%) är procentenheter.")
    ui.source_line(extra="värden")
    ui.source_line(own=True, extra=f"jämförelse med {reference_name} (inom 0,5 % räknas som lika), status och "
                                   "utveckling")


render()
