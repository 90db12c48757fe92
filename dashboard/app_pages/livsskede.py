"""One life stage: its goals and, per goal, its indicators as compact rows (mark, values, rank, sparkline)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import badges, data, ui
from dashboard.downloads import download_buttons
from dashboard.stage_download import goal_download
from dashboard.state import Context, current_context
from views import charts
from views.format import MISSING, UNIT_WORDS, fmt_rank, fmt_value
from views.series import SQL_NAME, series_params
from views.verdicts import goal_prefix, goal_title, stage_goal_verdicts
from views.words import RIKET_NAME, period_text


def headers() -> list[str]:
    """The table's column names; the county's as the build names it (areas.yaml county_name)."""
    return ["Indikator", "Status", "Senaste värde", data.county_label(), RIKET_NAME, "Rang", "Utveckling"]


# the last column holds a 100 px sparkline: at 1280 px wide (about 950 px of table) 15 % is 142 px; the name column
# holds "Gymnasieexamen" unbroken
WIDTHS = ["25%", "18%", "11%", "12%", "9%", "10%", "15%"]


def series_by_indicator(series: pl.DataFrame) -> dict[str, list[float | None]]:
    """indicator_id -> values for every year from its first to its last (gaps as None)."""
    out: dict[str, list[float | None]] = {}
    for (ind,), part in series.filter(pl.col("value").is_not_null()).group_by("indicator_id"):
        by_year = dict(zip(part["year"].to_list(), part["value"].to_list(), strict=True))
        years = range(min(by_year), max(by_year) + 1)
        out[str(ind)] = [by_year.get(y) for y in years]
    return out


def cell_value(value: float | None, unit: str) -> str:
    """Percent keeps its '%'; other units are named once under the indicator's name, so cells stay narrow."""
    return fmt_value(value, unit, with_unit=unit == "percent")


def not_comparable(row: dict) -> bool:
    """The indicator is not comparable between areas (the catalogue's comparable: false)."""
    return "not_comparable" in (row["vs_riket"], row["target_status"])


def no_rank(row: dict) -> bool:
    """A row that says it cannot be compared ("Kan inte jämföras", "Jämförs inte …") shows no rank beside it."""
    return not_comparable(row) or "not_compared" in (row["vs_riket"], row["target_status"])


def indicator_row(row: dict, ctx: Context, spark: list[float | None]) -> list[str]:
    f = ctx.filters
    unit = row["unit"]
    href = f.href(ctx.pages["indikator"].url_path, ind=row["indicator_id"])
    name = badges.link(href, row["short_name"])
    if unit != "percent":
        name += f'<div class="np-care" style="color:#333">{escape(UNIT_WORDS[unit])}</div>'
    if row["role"] == "watch" and row["role_reason"]:
        name += f'<div class="np-care">{escape(row["role_reason"])}</div>'
    if row["county_note"]:
        name += f'<div class="np-care" style="color:#333">{escape(row["county_note"])}</div>'
    if row["mark"] is None:
        status = badges.mark_badge(None, "Ej uppdelat på kön" if f.gender != "T" else "Underlag saknas")
    else:
        status = badges.mark_badge(row["mark"], row["mark_label"], row["arrow"])
    latest = badges.with_interval(cell_value(row["latest_value"], unit), row.get("ci_low"), row.get("ci_high"), unit)
    if row["latest_year"]:
        shown = period_text(row["latest_year"], row["latest_period"])  # a pooled window as the window
        latest += f'<div class="np-care" style="color:#333">{escape(shown)}</div>'
    county = cell_value(row["county_value"], unit) + ("*" if row["county_source"] == "weighted_mean" else "")
    riket = cell_value(row["riket_value"], unit)
    if not_comparable(row):  # the row says it is not compared: no references and no rank beside it
        county = riket = MISSING
    rank = MISSING if no_rank(row) else fmt_rank(row["rank_in_county"], row["rank_of"])
    return [name, status, latest, county, riket, rank,
            charts.sparkline_img(spark, width=100, height=32)]


def goal_table(goal_rows: pl.DataFrame, area_name: str, gender_name: str, county: str,
               path: Path) -> Callable[[], pl.DataFrame]:
    """The goal's download, built when a button is clicked (with this page's database file and names)."""
    return lambda: goal_download(goal_rows, area_name, gender_name, county,
                                 data.source_column(goal_rows["series_id"].to_list(), path))


def render() -> None:
    ctx = current_context()
    f = ctx.filters
    stages = data.query("overview_stages", [f.area_id, f.gender])
    stage_id = ctx.life_stage_id or stages["life_stage_id"][0]
    stage = stages.filter(pl.col("life_stage_id") == stage_id).row(0, named=True)
    ui.page_header(stage["name"])
    ui.legend_with_rule()
    st.html(f'<div class="np-context">{escape(stage["description"] or "")}</div>'
            + badges.mark_badge(stage["mark"], stage["mark_label"], size="lg") + " "
            + badges.count_chips(stage["n_green"], stage["n_yellow"], stage["n_red"], stage["n_grey"],
                                 n_watch=stage["n_watch"], n_neutral=stage["n_neutral"]))
    rows = data.query("stage_rows", [f.area_id, f.gender, stage_id])
    ui.spine(data.query("spine_rows", [f.area_id, f.gender]).filter(pl.col("life_stage_id") == stage_id),
             key=f"stage_{stage_id}")
    goals = stage_goal_verdicts(data.query, f.area_id, f.gender).filter(pl.col("life_stage_id") == stage_id)
    lines = data.query(SQL_NAME, series_params(f.area_id, f.gender, f.county_id, f.country_id, life_stage_id=stage_id))
    sparks = series_by_indicator(lines.filter(pl.col("role") == "area"))
    documents = dict(data.query("goal_documents").iter_rows())
    county, path = data.county_label(), data.db_path()  # for the downloads, built after a click
    for goal in goals.iter_rows(named=True):
        st.subheader(goal_title(goal["kind"], goal["number"], goal["name"]), anchor=False)
        if documents.get(goal["goal_id"]):  # the steering documents the goal serves (goals.yaml links)
            st.html(f'<div class="np-care" data-testid="np-goal-documents" style="color:#333">Styrdokument: '
                    f"{escape(documents[goal['goal_id']])}</div>")
        st.html(f'<div data-testid="np-goal-head" data-goal="{escape(goal["goal_id"])}">'
                + badges.mark_badge(goal["mark"], goal["mark_label"]) + " "
                + badges.count_chips(goal["n_green"], goal["n_yellow"], goal["n_red"], goal["n_grey"],
                                     n_watch=goal["n_watch"], n_neutral=goal["n_neutral"]) + "</div>")
        goal_rows = rows.filter(pl.col("goal_id") == goal["goal_id"])
        judged = goal_rows.filter(pl.col("role") != "watch")
        watched = goal_rows.filter(pl.col("role") == "watch")
        if judged.is_empty():
            st.caption("Målet har ingen bedömd indikator här och får därför ingen färg – bara bevakade mått.")
        else:
            table_rows = [indicator_row(r, ctx, sparks.get(r["indicator_id"], []))
                          for r in judged.iter_rows(named=True)]
            st.html(badges.html_table(headers(), table_rows, numeric={2, 3, 4, 5}, test_id="np-indicator-table",
                                      widths=WIDTHS, label=f"{goal['name']}: indikatorer"))
        if not watched.is_empty():
            st.markdown("**Bevakas – tolkas med försiktighet**")
            watch_rows = [indicator_row(r, ctx, sparks.get(r["indicator_id"], []))
                          for r in watched.iter_rows(named=True)]
            st.html(badges.html_table(headers(), watch_rows, numeric={2, 3, 4, 5}, test_id="np-watch-table",
                                      widths=WIDTHS, label=f"{goal['name']}: bevakade mått"))
        download_buttons(goal_table(goal_rows, f.area_name, f.gender_name, county, path),
                         f"{stage['name']}-{goal_prefix(goal['kind'], goal['number'])}-{f.area_name}",
                         key=f"dl_stage_{stage_id}_{goal['goal_id']}", empty=goal_rows.is_empty())
    ui.source_line(extra="värden och tidsserier", series_ids=rows["series_id"].unique().sort().to_list())
    ui.source_line(own=True, extra=f"status, rang och * {data.county_label()} som medel av kommunerna viktat med "
                                   "målgruppens "
                                   "befolkning där källan saknar regionens värde")


render()
