"""Funnel plot: each municipality's value against its size (the population behind the value), with the 95 % and
99,8 % control limits around a benchmark (Riket or the county). Pure: polars in, plotly out.

A point outside the funnel differs from the benchmark by more than chance at that size; the funnel narrows as the
size grows, so a small municipality far from the benchmark can still be inside it. Limits (Spiegelhalter 2005,
normal approximations): a share p0 of n: p0 ± z·√(p0(1−p0)/n); a rate r0 per 100 000 of n person-years:
r0 ± z·√(r0·100 000/n). Only shares and rates of a known population have a funnel (`funnel_unit`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import plotly.graph_objects as go
import polars as pl

from views import theme
from views.format import UNIT_WORDS, fmt_number, fmt_value

PER = 100_000.0
LIMITS = ((1.959964, "95 %", "dash"), (3.090232, "99,8 %", "dot"))


def funnel_unit(unit: str) -> bool:
    """Whether a value in `unit` has a funnel (a share or a rate of a known population)."""
    return unit in ("percent", "per_100k")


def control_limits(benchmark: float, sizes: Sequence[float], unit: str, z: float) -> list[tuple[float, float]]:
    """(low, high) around `benchmark` for each size, in the value's unit (a share's lower limit never below 0,
    upper never above 100)."""
    out = []
    for n in sizes:
        if unit == "percent":
            p = min(max(benchmark / 100.0, 0.0), 1.0)
            half = z * math.sqrt(p * (1 - p) / n) * 100.0
            out.append((max(benchmark - half, 0.0), min(benchmark + half, 100.0)))
        else:
            half = z * math.sqrt(max(benchmark, 0.0) * PER / n)
            out.append((max(benchmark - half, 0.0), benchmark + half))
    return out


def outside(value: float, size: float, benchmark: float, unit: str, z: float = LIMITS[0][0]) -> bool:
    """Whether a point lies outside the limits at `z` (95 % by default)."""
    low, high = control_limits(benchmark, [size], unit, z)[0]
    return value < low or value > high


def size_ticks(sizes: Sequence[float]) -> list[float]:
    """1–2–5 steps covering the sizes (a log axis with few, readable labels)."""
    if not sizes:
        return []
    lo, hi = min(sizes) * 0.8, max(sizes) * 1.15
    out, decade = [], 10 ** math.floor(math.log10(lo))
    while decade <= hi:
        out += [m * decade for m in (1, 2, 5) if lo <= m * decade <= hi]
        decade *= 10
    return out


def funnel_chart(values: pl.DataFrame, *, unit: str, benchmark: float, benchmark_label: str, title: str,
                 highlight_area_id: str | None = None) -> go.Figure:
    """values: area_id, name, value, denominator (rows with a null value or size are left out). The benchmark
    as a line, the 95 % and 99,8 % limits as curves from the smallest to the largest size, one marker per area
    (the chosen one highlighted), each named."""
    if not funnel_unit(unit):
        raise ValueError(f"funnel_chart: unit {unit!r} has no funnel (only percent and per_100k)")
    rows = values.filter(pl.col("value").is_not_null() & pl.col("denominator").is_not_null()
                         & (pl.col("denominator") > 0)).sort("denominator")
    fig = go.Figure()
    sizes_known = rows["denominator"].to_list()
    if sizes_known:
        lo_n, hi_n = min(sizes_known) * 0.8, max(sizes_known) * 1.15
        steps = 60
        grid = [lo_n * (hi_n / lo_n) ** (i / steps) for i in range(steps + 1)]
        fig.add_trace(go.Scatter(x=[grid[0], grid[-1]], y=[benchmark, benchmark], mode="lines",
                                 name=escape(f"{benchmark_label}: {fmt_value(benchmark, unit)}"),
                                 line={"color": theme.SERIES_COLOURS["riket"], "width": 3}, hoverinfo="skip"))
        for z, words, dash in LIMITS:
            limits = control_limits(benchmark, grid, unit, z)
            for i, part in enumerate((0, 1)):
                fig.add_trace(go.Scatter(
                    x=grid, y=[lim[part] for lim in limits], mode="lines", name=f"Gräns {words}",
                    legendgroup=words, showlegend=i == 0, hoverinfo="skip",
                    line={"color": theme.PALETTE["dark_grey"], "width": 2, "dash": dash}))
    for chosen in (False, True):  # the others, then the chosen area as its own legend entry
        part = rows.filter((pl.col("area_id") == highlight_area_id) == chosen) if highlight_area_id else (
            rows if not chosen else rows.clear())
        if part.is_empty():
            continue
        names, vals, sizes = part["name"].to_list(), part["value"].to_list(), part["denominator"].to_list()
        text = [escape(f"{n}: {fmt_value(v, unit)}, {fmt_number(s)} personer"
                       + (" – utanför 95 %-gränsen" if outside(v, s, benchmark, unit) else ""))
                for n, v, s in zip(names, vals, sizes, strict=True)]
        # names only where they matter (the chosen area and those outside the 95 % limits): the rest on hover
        shown = [escape(n) if chosen or outside(v, sz, benchmark, unit) else ""
                 for n, v, sz in zip(names, vals, sizes, strict=True)]
        colour = theme.SERIES_COLOURS["highlight" if chosen else "area"]
        fig.add_trace(go.Scatter(
            x=sizes, y=vals, mode="markers+text", name=escape(names[0]) if chosen else "Kommunerna", text=shown,
            textposition="top center", textfont={"size": theme.TICK_SIZE},
            marker={"size": 14 if chosen else 10, "color": colour, "line": {"color": theme.PALETTE["paper"],
                                                                           "width": 1}},
            customdata=text, hovertemplate="%{customdata}<extra></extra>"))
    fig.update_layout(
        title={"text": title, "font": {"size": theme.TITLE_SIZE}, "x": 0, "xanchor": "left"},
        font={"family": theme.FONT_FAMILY, "size": theme.FONT_SIZE, "color": theme.PALETTE["black"]},
        separators=theme.PLOTLY_SEPARATORS, paper_bgcolor=theme.PALETTE["paper"],
        plot_bgcolor=theme.PALETTE["paper"], height=480, margin={"l": 20, "r": 20, "t": 70, "b": 20},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
    )
    axis = {"showgrid": True, "gridcolor": theme.PALETTE["light_grey"], "zeroline": False, "automargin": True,
            "tickfont": {"size": theme.TICK_SIZE}, "linecolor": theme.PALETTE["dark_grey"], "showline": True}
    ticks = size_ticks(sizes_known)
    fig.update_xaxes(**axis, type="log", tickvals=ticks, ticktext=[fmt_number(t) for t in ticks],
                     title={"text": "Befolkning bakom värdet (logaritmisk skala)", "font": {"size": theme.TICK_SIZE}})
    fig.update_yaxes(**axis, title={"text": UNIT_WORDS.get(unit, ""), "font": {"size": theme.TICK_SIZE}})
    return fig
