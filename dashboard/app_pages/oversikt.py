"""Översikt: the four life stages side by side, each with its goals, marks, counts and what pulled them down."""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, ui
from dashboard.state import current_context
from views.verdicts import goal_title, stage_goal_verdicts


def pulled_down(ids: list[str] | None, names: dict[str, str], mark: str | None) -> str:
    """'Drar ned: …' for a yellow or red headline (a green one was pulled down by nothing worth naming)."""
    if not ids or mark not in ("yellow", "red"):
        return ""
    listed = ", ".join(escape(names.get(i, i)) for i in ids)
    return f'<div class="np-pulled"><b>Drar ned:</b> {listed}</div>'


def stage_card(stage: dict, goals: pl.DataFrame, names: dict[str, str]) -> str:
    parts = [f'<div class="np-card" data-testid="np-stage" data-stage="{escape(stage["life_stage_id"])}">',
             badges.mark_badge(stage["mark"], stage["mark_label"], size="lg"),
             '<div style="margin:.45rem 0 .2rem 0">',
             badges.count_chips(stage["n_green"], stage["n_yellow"], stage["n_red"], stage["n_grey"],
                                n_watch=stage["n_watch"], n_neutral=stage["n_neutral"]),
             "</div>", pulled_down(stage["decided_by"], names, stage["mark"])]
    for goal in goals.iter_rows(named=True):
        parts += [f'<div class="np-goal" data-testid="np-goal" data-goal="{escape(goal["goal_id"])}">',
                  f'<div class="np-goal-name">{escape(goal_title(goal["kind"], goal["number"], goal["name"]))}'
                  "</div>",
                  '<div class="np-goal-line">', badges.mark_badge(goal["mark"], goal["mark_label"], size="sm"),
                  badges.count_chips(goal["n_green"], goal["n_yellow"], goal["n_red"], goal["n_grey"],
                                     compact=True, n_watch=goal["n_watch"], n_neutral=goal["n_neutral"]), "</div>",
                  pulled_down(goal["decided_by"], names, goal["mark"]), "</div>"]
    parts.append("</div>")
    return "".join(parts)


def render() -> None:
    ctx = current_context()
    f = ctx.filters
    ui.page_header("Översikt")
    ui.legend_with_rule()
    stages = data.query("overview_stages", [f.area_id, f.gender])
    goals = stage_goal_verdicts(data.query, f.area_id, f.gender)
    names = dict(data.query("indicators").select("indicator_id", "short_name").iter_rows())
    if stages.filter(pl.col("mark").is_not_null()).is_empty():
        st.info(f"Ingen sammanvägd status för {f.area_name}, {f.gender_name.lower()}. "
                "Välj Totalt eller en annan kommun i sidomenyn.")
    columns = st.container(key="np_stage_cards").columns(max(stages.height, 1), gap="small")
    for column, stage in zip(columns, stages.iter_rows(named=True), strict=False):
        with column, st.container(border=True):
            page = ctx.pages.get(f"stage:{stage['life_stage_id']}")
            if page is not None:
                st.page_link(page, label=f"{stage['name']} →",
                             query_params=f.query_params(), help=f"Öppna {stage['name']}")
            stage_goals = goals.filter(pl.col("life_stage_id") == stage["life_stage_id"])
            st.html(stage_card(stage, stage_goals, names))
    ui.source_line(own=True, extra="Status enligt metoden på sidan Data och metod. Fördelningen av märken är "
                                   "huvudsaken; rubriken kräver minst två bedömda indikatorer och namnger de som "
                                   "drar ned. Bevakade indikatorer (◇) får ingen färg och räknas inte in.")


render()
