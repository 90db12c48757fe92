"""Översikt: first, on one screen, every life stage's headline and the goal × life-stage matrix (each cell the goal's
mark in that life stage); under it the four life stages as cards with their goals, counts and what pulled them
down."""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, ui
from dashboard.state import Context, current_context
from views import theme
from views.targets import RAISE_HEADING, RAISE_NOTE, met_groups
from views.verdicts import goal_prefix, goal_title, stage_goal_verdicts


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


def target_met_section() -> None:
    """"Målet nått – dags att höja ambitionen?": targets met with margin two years or more, for the steering group."""
    rows = data.query("target_met").to_dicts()
    if not rows:
        return
    groups = met_groups(rows, data.county_label(), data.dataset_facts().get("county_area"))
    items = "".join(f"<li><b>{escape(head)}</b><br>Nått med marginal: {escape(areas)}</li>" for head, areas in groups)
    st.html(f'<div class="np-target-met" data-testid="np-target-met" role="note" style="background:#E8F4EC;'
            f'padding:.6rem .9rem;border-radius:.4rem;margin-top:.8rem"><b style="font-size:1.15rem">'
            f"{escape(RAISE_HEADING)}</b><ul style='margin:.3rem 0'>{items}</ul>{escape(RAISE_NOTE)}</div>")
def matrix_cell(mark: str | None, label: str | None, goal: str, stage: str) -> str:
    """A goal's mark in one life stage as its symbol on its colour; the words for screen readers and on hover."""
    style = theme.mark_style(mark or "grey")
    words = label or style.words
    return (f'<span class="np-cell" data-mark="{escape(mark or "grey")}" role="img" '
            f'aria-label="{escape(f"{goal}, {stage}: {words}", quote=True)}" title="{escape(words, quote=True)}" '
            f'style="background:{style.background};color:{style.text}">{style.symbol}</span>')


def overview_matrix(stages: pl.DataFrame, goals: pl.DataFrame, ctx: Context) -> str:
    """The first screen: one column per life stage (its name, headline mark and counts), one row per goal (each
    cell the goal's mark judged on that life stage's indicators; empty where the life stage has none of it)."""
    f = ctx.filters
    head = ['<th scope="col" class="np-mx-goal">Mål</th>']
    headline = ['<th scope="row" class="np-mx-goal">Livsskedet som helhet</th>']
    for st_row in stages.iter_rows(named=True):
        page = ctx.pages.get(f"stage:{st_row['life_stage_id']}")
        name = escape(st_row["name"])
        head.append(f'<th scope="col">{badges.link(f.href(page.url_path), st_row["name"]) if page else name}</th>')
        headline.append(
            f'<td data-testid="np-stage-headline" data-stage="{escape(st_row["life_stage_id"])}">'
            + badges.mark_badge(st_row["mark"], st_row["mark_label"], size="sm")
            + '<div class="np-mx-counts">'
            + badges.count_chips(st_row["n_green"], st_row["n_yellow"], st_row["n_red"], st_row["n_grey"],
                                 compact=True, n_neutral=st_row["n_neutral"]) + "</div></td>")
    rows = ["<tr>" + "".join(headline) + "</tr>"]
    order = goals.select("goal_id", "kind", "number", "name", "sort_order").unique("goal_id").sort("sort_order")
    for goal in order.iter_rows(named=True):
        full = goal_title(goal["kind"], goal["number"], goal["name"])
        cells = [f'<th scope="row" class="np-mx-goal" title="{escape(full, quote=True)}">'
                 f'<span class="np-mx-prefix">{escape(goal_prefix(goal["kind"], goal["number"]))}</span> '
                 f'{escape(goal["name"])}</th>']
        for st_row in stages.iter_rows(named=True):
            hit = goals.filter((pl.col("goal_id") == goal["goal_id"])
                               & (pl.col("life_stage_id") == st_row["life_stage_id"]))
            if hit.is_empty():
                cells.append('<td class="np-mx-none"><span class="np-sr">Ingår inte</span></td>')
            else:
                g = hit.row(0, named=True)
                cells.append(f'<td data-goal="{escape(goal["goal_id"])}">'
                             + matrix_cell(g["mark"], g["mark_label"], full, st_row["name"]) + "</td>")
        rows.append(f'<tr data-testid="np-matrix-goal">{"".join(cells)}</tr>')
    return ('<div class="np-scroll" tabindex="0" role="region" aria-label="Mål och livsskeden">'
            '<table class="np-overview-matrix" data-testid="np-matrix"><thead><tr>' + "".join(head)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")


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
    st.html(overview_matrix(stages, goals, ctx))
    columns = st.container(key="np_stage_cards").columns(max(stages.height, 1), gap="small")
    for column, stage in zip(columns, stages.iter_rows(named=True), strict=False):
        with column, st.container(border=True):
            page = ctx.pages.get(f"stage:{stage['life_stage_id']}")
            if page is not None:
                st.page_link(page, label=f"{stage['name']} →",
                             query_params=f.query_params(), help=f"Öppna {stage['name']}")
            stage_goals = goals.filter(pl.col("life_stage_id") == stage["life_stage_id"])
            st.html(stage_card(stage, stage_goals, names))
    target_met_section()
    ui.source_line(own=True, extra="Status enligt metoden på sidan Data och metod. Fördelningen av märken är "
                                   "huvudsaken; rubriken kräver minst två bedömda indikatorer och namnger de som "
                                   "drar ned. Bevakade indikatorer (◇) får ingen färg och räknas inte in.")


render()
