"""Chart builders: polars frames in, plotly figures out. Pure: no Streamlit, no DuckDB, no I/O.

The dashboard renders these with `st.plotly_chart(fig, theme=None)` and the slide/PDF exports draw them with
plotly.js in a headless Chromium (exports/browser.py), so both look the same. Stable signatures (keyword-only options):

    trend_chart(series, *, unit, title, target_value=None, target_year=None, interval=None) -> go.Figure
        series: columns year:int, value:float|null, label:str, role:str in {'area','county','riket'}
        interval: an Interval (the status row's 95 % interval of the latest value) drawn as an error bar
    gender_chart(gap, *, unit, title) -> go.Figure
        gap: columns year:int, value_k:float|null, value_m:float|null
    rank_bar_chart(values, *, unit, direction, title, highlight_area_id=None,
                   references=()) -> go.Figure          (title: pass unit_title(title, unit))
        values: columns area_id:str, name:str, value:float|null; references: [(label, value, role)]
    municipality_map(values, geojson, *, unit, direction, title, highlight_area_id=None) -> go.Figure
        values: columns area_id:str, name:str, value:float|null; geojson features carry
        properties.kommun_kod (see dashboard.data.varmland_geojson)
    sparkline_svg(values, *, width=140, height=36) -> str   (an SVG document)
    sparkline_img(values, *, width=140, height=36) -> str   (<img> with the SVG as a data URI, for HTML tables;
                                                             st.html strips inline <svg>)

Maps need `config={"topojsonURL": TOPOJSON_URL}` in the browser (the dashboard's and the exports'):
plotly fetches a world topojson even when the base map is hidden (shared/docs/TOOLING.md §5).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go
import polars as pl

from views import map_labels, theme
from views.format import UNIT_WORDS, fmt_value

TOPOJSON_URL = "app/static/topojson/"
ROLE_ORDER = {"area": 0, "county": 1, "riket": 2}


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": theme.TITLE_SIZE}, "x": 0, "xanchor": "left"},
        font={"family": theme.FONT_FAMILY, "size": theme.FONT_SIZE, "color": theme.PALETTE["black"]},
        separators=theme.PLOTLY_SEPARATORS,
        paper_bgcolor=theme.PALETTE["paper"],
        plot_bgcolor=theme.PALETTE["paper"],
        height=height,
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
        hoverlabel={"font": {"size": theme.FONT_SIZE}},
    )
    return fig


def year_axis(years: Sequence[int | None]) -> dict:
    """Horizontal year labels that never collide: every year up to 8, then every 2nd, then every 5th."""
    known = [y for y in years if y is not None]
    span = (max(known) - min(known)) if known else 0
    return {"dtick": 1 if span <= 8 else 2 if span <= 16 else 5, "tickangle": 0, "tickformat": "d"}


def _axis_style() -> dict:
    return {"showgrid": True, "gridcolor": theme.PALETTE["light_grey"], "zeroline": False, "automargin": True,
            "tickfont": {"size": theme.TICK_SIZE}, "linecolor": theme.PALETTE["dark_grey"], "showline": True}


def _hover_texts(values: Sequence[float | None], unit: str) -> list[str]:
    return [fmt_value(v, unit) for v in values]


@dataclass(frozen=True)
class Interval:
    """The uncertainty the status comparison used for the latest value: its 95 % interval and where it comes from
    (the status table's latest_year, latest_value, ci_low, ci_high and the words for uncertainty_source)."""
    year: int
    value: float
    low: float
    high: float
    source: str
    period: str | None = None  # a pooled window ('2022-2024'): the value is the window's, not the year's


INTERVAL_WORDS = "95 % konfidensintervall"


def interval_span(low: float, high: float, unit: str) -> str:
    """'81,3–83,4 %': the two bounds in the unit's decimals, the unit once."""
    return f"{fmt_value(low, unit, with_unit=False)}–{fmt_value(high, unit)}"


def interval_trace(interval: Interval, unit: str) -> go.Scatter:
    """The latest value with its 95 % interval as an error bar (its own legend entry naming the source)."""
    span = interval_span(interval.low, interval.high, unit)
    when = f"{interval.period.replace('-', '–')}, sammanslagna år" if interval.period else str(interval.year)
    name = escape(f"{INTERVAL_WORDS} {when} ({interval.source})")
    return go.Scatter(
        x=[interval.year], y=[interval.value], name=name, mode="markers",
        marker={"size": 9, "color": theme.SERIES_COLOURS["area"], "symbol": "line-ew-open"},
        error_y={"type": "data", "symmetric": False, "array": [max(interval.high - interval.value, 0.0)],
                 "arrayminus": [max(interval.value - interval.low, 0.0)], "color": theme.SERIES_COLOURS["area"],
                 "thickness": 3, "width": 10},
        text=[escape(f"{fmt_value(interval.value, unit)} ({INTERVAL_WORDS} {span}; {interval.source})")],
        hovertemplate="%{x}: %{text}<extra></extra>",
    )


def status_interval(row: dict | None, source_words: dict[str, str]) -> Interval | None:
    """The Interval of a status row (latest_year, latest_value, ci_low, ci_high, uncertainty_source), or None when
    the row has no interval. `source_words`: uncertainty_source → its words (views.words.uncertainty_words())."""
    if not row or any(row.get(k) is None for k in ("latest_year", "latest_value", "ci_low", "ci_high")):
        return None
    source = row.get("uncertainty_source") or ""
    return Interval(int(row["latest_year"]), float(row["latest_value"]), float(row["ci_low"]),
                    float(row["ci_high"]), source_words.get(source, source), row.get("latest_period"))


def _drawn_by_marker(interval: Interval | None, years: list, values: list) -> int | None:
    """The year whose error bar the status marker draws: its year when the marker is that year's value (a value
    judged on pooled years is the window's, and the year keeps its own bar beside it)."""
    if interval is None:
        return None
    same = any(y == interval.year and v is not None and abs(v - interval.value) < 1e-9
               for y, v in zip(years, values, strict=True))
    return interval.year if same else None


def _error_bars(years: list, values: list, intervals: pl.DataFrame | None, skip_year: int | None = None
                ) -> dict | None:
    """Plotly error bars from an intervals frame (year, ci_low, ci_high) matched to the points by year: a point
    without an interval gets none (never a zero-width bar that reads as certainty); `skip_year` is drawn by the
    latest value's own marker (interval_trace, which names the interval's source in the legend)."""
    if intervals is None or intervals.is_empty():
        return None
    by_year = {y: (lo, hi) for y, lo, hi in intervals.select("year", "ci_low", "ci_high").iter_rows()
               if lo is not None and hi is not None and y != skip_year}
    plus, minus = [], []
    for year, value in zip(years, values, strict=True):
        bounds = by_year.get(year) if value is not None else None
        plus.append(None if bounds is None else max(bounds[1] - value, 0.0))
        minus.append(None if bounds is None else max(value - bounds[0], 0.0))
    if all(p is None for p in plus):
        return None
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "thickness": 2, "width": 6,
            "color": theme.SERIES_COLOURS["area"]}


def _interval_hover(years: list, values: list, intervals: pl.DataFrame | None, unit: str) -> list[str]:
    texts = _hover_texts(values, unit)
    if intervals is None or intervals.is_empty():
        return texts
    by_year = {y: (lo, hi) for y, lo, hi in intervals.select("year", "ci_low", "ci_high").iter_rows()
               if lo is not None and hi is not None}
    return [t if y not in by_year or v is None else f"{t} (95 %: {interval_span(*by_year[y], unit)})"
            for y, v, t in zip(years, values, texts, strict=True)]


def trend_chart(series: pl.DataFrame, *, unit: str, title: str, target_value: float | None = None,
                target_year: int | None = None, interval: Interval | None = None,
                intervals: pl.DataFrame | None = None, target_label: str | None = None) -> go.Figure:
    """Lines per series (area, county, Riket) over the years, plus the target as a dashed line (named
    `target_label`, views/targets.chart_label, when given) and, when given,
    the latest value's 95 % interval as an error bar. `intervals` (year, ci_low, ci_high: the area's 95 %
    interval of every year, table value_interval) puts an error bar on every point of the area's line."""
    fig = go.Figure()
    labels = series.select("label", "role").unique(maintain_order=True)
    labels = labels.sort(pl.col("role").replace_strict(ROLE_ORDER, default=9))
    for label, role in labels.iter_rows():
        part = series.filter(pl.col("label") == label).sort("year")
        values = part["value"].to_list()
        years = part["year"].to_list()
        own = intervals if role == "area" else None
        fig.add_trace(go.Scatter(
            x=years, y=values, name=label, mode="lines+markers",
            line={"color": theme.SERIES_COLOURS.get(role, theme.PALETTE["black"]),
                  "dash": theme.SERIES_DASH.get(role, "solid"), "width": 4 if role == "area" else 3},
            marker={"size": 9 if role == "area" else 7},
            error_y=_error_bars(years, values, own, _drawn_by_marker(interval, years, values)),
            text=_interval_hover(years, values, own, unit),
            hovertemplate="%{x}: %{text}<extra>" + escape(label) + "</extra>",
            connectgaps=False,
        ))
    if target_value is not None:
        years = series["year"].drop_nulls().to_list()
        x0 = min(years) if years else target_year
        x1 = max([*years, target_year or 0]) if years or target_year else None
        name = escape(target_label) if target_label else (
            f"Mål: {fmt_value(target_value, unit)}" + (f" år {target_year}" if target_year else ""))
        fig.add_trace(go.Scatter(
            x=[x0, x1], y=[target_value, target_value], name=name, mode="lines",
            line={"color": theme.SERIES_COLOURS["target"], "dash": theme.SERIES_DASH["target"], "width": 3},
            hoverinfo="skip",
        ))
    if interval is not None:
        fig.add_trace(interval_trace(interval, unit))
    _layout(fig, title, 460)
    fig.update_xaxes(**_axis_style(), **year_axis(series["year"].to_list()), title=None)
    fig.update_yaxes(**_axis_style(), title={"text": UNIT_WORDS.get(unit, ""), "font": {"size": theme.TICK_SIZE}})
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0,
                              "font": {"size": theme.FONT_SIZE}})
    return fig


def gender_chart(gap: pl.DataFrame, *, unit: str, title: str) -> go.Figure:
    """Women and men over the years; the gap between them shaded."""
    data = gap.sort("year")
    years = data["year"].to_list()
    women, men = data["value_k"].to_list(), data["value_m"].to_list()
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=years, y=men, name="Män", mode="lines+markers",
        line={"color": theme.SERIES_COLOURS["men"], "width": 4, "dash": "dash"}, marker={"size": 8,
                                                                                          "symbol": "square"},
        text=_hover_texts(men, unit), hovertemplate="%{x}: %{text}<extra>Män</extra>",
    ))
    fig.add_trace(go.Scatter(
        x=years, y=women, name="Kvinnor", mode="lines+markers", fill="tonexty",
        fillcolor="rgba(140,140,140,0.18)",
        line={"color": theme.SERIES_COLOURS["women"], "width": 4}, marker={"size": 8},
        text=_hover_texts(women, unit), hovertemplate="%{x}: %{text}<extra>Kvinnor</extra>",
    ))
    _layout(fig, title, 400)
    fig.update_xaxes(**_axis_style(), **year_axis(years))
    fig.update_yaxes(**_axis_style(), title={"text": UNIT_WORDS.get(unit, ""), "font": {"size": theme.TICK_SIZE}})
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0})
    return fig


def rank_order(values: pl.DataFrame, direction: str) -> pl.DataFrame:
    """Best first in the indicator's direction; missing values last. Adds `rank` (1 = best, null if missing)."""
    descending = direction == "higher_is_better"
    ranked = values.filter(pl.col("value").is_not_null()).sort(["value", "name"],
                                                               descending=[descending, False])
    ranked = ranked.with_columns(pl.int_range(1, pl.len() + 1).cast(pl.Int64).alias("rank"))
    missing = values.filter(pl.col("value").is_null()).sort("name").with_columns(
        pl.lit(None, dtype=pl.Int64).alias("rank"))
    return pl.concat([ranked, missing], how="vertical_relaxed")


def rank_bar_chart(values: pl.DataFrame, *, unit: str, direction: str, title: str,
                   highlight_area_id: str | None = None,
                   references: Sequence[tuple[str, float | None, str]] = ()) -> go.Figure:
    """The 16 as horizontal bars, best on top; the chosen one highlighted; county/Riket as reference lines.
    Bar labels carry '%' for percent; for other units the title should name the unit (see unit_title)."""
    ordered = rank_order(values, direction)
    names = [f"{r}. {n}" if r is not None else f"{n} (saknas)"
             for n, r in zip(ordered["name"].to_list(), ordered["rank"].to_list(), strict=True)]
    ids = ordered["area_id"].to_list()
    vals = ordered["value"].to_list()
    colours = [theme.SERIES_COLOURS["highlight"] if a == highlight_area_id else theme.SERIES_COLOURS["area"]
               for a in ids]
    labels = [fmt_value(v, unit, with_unit=unit == "percent") for v in vals]   # the axis names other units
    has_ci = "ci_low" in ordered.columns and "ci_high" in ordered.columns
    bounds = (list(zip(ordered["ci_low"].to_list(), ordered["ci_high"].to_list(), strict=True)) if has_ci
              else [(None, None)] * len(vals))
    error_x = None
    if any(lo is not None and hi is not None and v is not None for v, (lo, hi) in zip(vals, bounds, strict=True)):
        error_x = {"type": "data", "symmetric": False, "thickness": 2, "width": 5, "color": theme.PALETTE["black"],
                   "array": [None if v is None or hi is None else max(hi - v, 0.0) for v, (_, hi) in zip(vals, bounds,
                                                                                                      strict=True)],
                   "arrayminus": [None if v is None or lo is None else max(v - lo, 0.0)
                                  for v, (lo, _) in zip(vals, bounds, strict=True)]}
    hover = [t if lo is None or hi is None else f"{t} (95 %: {interval_span(lo, hi, unit)})"
             for t, (lo, hi) in zip(labels, bounds, strict=True)]
    fig = go.Figure(go.Bar(
        x=[0 if v is None else v for v in vals], y=names, orientation="h", marker={"color": colours},
        text=hover, textposition="none", hovertemplate="%{y}: %{text}<extra></extra>", showlegend=False,
        error_x=error_x,
    ))
    # the values in a column right of the plot, where no reference line can cross them
    for name, label in zip(names, labels, strict=True):
        fig.add_annotation(x=1, xref="paper", xanchor="left", xshift=8, y=name, yref="y", text=label,
                           showarrow=False, font={"size": theme.TICK_SIZE}, align="left")
    for label, value, role in references:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        fig.add_vline(x=value, line={"color": theme.SERIES_COLOURS.get(role, "#000"), "width": 3,
                                     "dash": theme.SERIES_DASH.get(role, "dash")})
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"{label}: {fmt_value(value, unit)}",
                                 line={"color": theme.SERIES_COLOURS.get(role, "#000"), "width": 3,
                                       "dash": theme.SERIES_DASH.get(role, "dash")}))
    _layout(fig, title, 80 + 34 * max(len(names), 1) + 60)
    fig.update_yaxes(autorange="reversed", tickfont={"size": theme.TICK_SIZE}, title=None, automargin=True,
                     ticksuffix=" ")
    fig.update_xaxes(**_axis_style(), title=None)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.04, "x": 0}, bargap=0.25,
                      margin={"l": 20, "t": 70, "b": 20,
                              "r": max(60, int(theme.TICK_SIZE * 0.62 * max(map(len, labels), default=4)) + 20)})
    return fig


def unit_title(title: str, unit: str) -> str:
    """'De 16 kommunerna 2025' + the unit on a second, smaller line for units other than percent.

    A second line keeps the title whole in a half-width column (one long line is cut off)."""
    return title if unit == "percent" else f"{title}<br><sup>{UNIT_WORDS.get(unit, unit)}</sup>"


def _ring_centre(geometry: dict) -> tuple[float, float] | None:
    """Rough label point: the mean of the largest outer ring's vertices."""
    polygons = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    rings = [poly[0] for poly in polygons if poly]
    if not rings:
        return None
    ring = max(rings, key=len)
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


MAP_LABEL_PX = 14
# The smallest map the pages draw: in the half-width column at 1280×720 the 16 municipalities measured 230 × 360 px
# in a screenshot (plotly pads the fitted bounds); labels placed for it do not overlap on larger screens either.
MAP_MIN_PX = (230, 360)


def _largest_ring(geometry: dict) -> list:
    polygons = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    rings = [poly[0] for poly in polygons if poly]
    return max(rings, key=len) if rings else []


def _ring_area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False))) / 2


def _map_names(geojson: dict, ids: list, names: list, vals: list, *, reverse: bool,
               highlight_area_id: str | None) -> go.Scattergeo:
    """The municipalities' names: black or white against each fill, none overlapping another (views.map_labels)."""
    rings = {f.get("properties", {}).get("kommun_kod"): _largest_ring(f.get("geometry", {}))
             for f in geojson.get("features", [])}
    points = [pt for a in ids for pt in rings.get(a) or []]
    known = [v for v in vals if v is not None and not math.isnan(v)]
    lo, hi = (min(known), max(known)) if known else (0.0, 1.0)
    labels, colours = [], {}
    for area_id, name, value in zip(ids, names, vals, strict=True):
        if not rings.get(area_id):
            continue
        centre = _ring_centre({"type": "Polygon", "coordinates": [rings[area_id]]})
        if centre is None:
            continue
        weight = math.inf if area_id == highlight_area_id else _ring_area(rings[area_id])
        ring = tuple((float(p[0]), float(p[1])) for p in rings[area_id])
        labels.append(map_labels.Label(area_id, name, centre[0], centre[1], weight, ring))
        if value is None or math.isnan(value):
            colours[area_id] = theme.PALETTE["black"]
        else:
            t = 0.5 if hi == lo else (value - lo) / (hi - lo)
            colours[area_id] = map_labels.text_colour(
                map_labels.scale_colour(1 - t if reverse else t, theme.SEQUENTIAL_SCALE))
    placed = []
    if points:
        bounds = (min(p[0] for p in points), min(p[1] for p in points),
                  max(p[0] for p in points), max(p[1] for p in points))
        placed = map_labels.place_labels(labels, bounds, width_px=MAP_MIN_PX[0], height_px=MAP_MIN_PX[1],
                                         font_px=MAP_LABEL_PX)
    return go.Scattergeo(
        lon=[lon for _, lon, _, _ in placed], lat=[lat for _, _, lat, _ in placed],
        text=[lb.name for lb, _, _, _ in placed], mode="text", hoverinfo="skip", showlegend=False,
        textfont={"size": [size for *_, size in placed], "color": [colours[lb.area_id] for lb, *_ in placed],
                  "shadow": "auto"})


def municipality_map(values: pl.DataFrame, geojson: dict, *, unit: str, direction: str, title: str,
                     highlight_area_id: str | None = None) -> go.Figure:
    """Choropleth of the 16; darker = better in the indicator's direction; names printed on the map."""
    ids, names, vals = values["area_id"].to_list(), values["name"].to_list(), values["value"].to_list()
    fig = go.Figure(go.Choropleth(
        geojson=geojson, featureidkey="properties.kommun_kod", locations=ids, z=vals,
        colorscale=theme.SEQUENTIAL_SCALE, reversescale=direction == "lower_is_better",
        marker={"line": {"color": theme.PALETTE["paper"], "width": 1.5}},
        text=[f"{n}: {fmt_value(v, unit)}" for n, v in zip(names, vals, strict=True)],
        hovertemplate="%{text}<extra></extra>",
        # below the map, so the map gets the column's whole width
        colorbar={"title": {"text": UNIT_WORDS.get(unit, ""), "font": {"size": theme.TICK_SIZE}, "side": "top"},
                  "tickfont": {"size": theme.TICK_SIZE}, "separatethousands": True, "orientation": "h",
                  "y": 0, "yanchor": "top", "thickness": 16, "len": 0.9},
    ))
    if highlight_area_id in ids:
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.kommun_kod", locations=[highlight_area_id], z=[0],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker={"line": {"color": theme.SERIES_COLOURS["highlight"], "width": 4}}, hoverinfo="skip",
        ))
    fig.add_trace(_map_names(geojson, ids, names, vals, reverse=direction == "lower_is_better",
                             highlight_area_id=highlight_area_id))
    fig.update_geos(fitbounds="locations", visible=False, projection={"type": "mercator"})
    _layout(fig, title, 620)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 70, "b": 80})
    return fig


def sparkline_svg(values: Sequence[float | None], *, width: int = 140, height: int = 36) -> str:
    """A small SVG line through the observed values (dots on every point when years are missing), the last
    point marked. An empty frame if there are fewer than 2 points."""
    points = [(i, v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
    label = "Ingen tidsserie" if len(points) < 2 else f"Tidsserie, {len(points)} år"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{label}">')
    if len(points) < 2:
        return head + "</svg>"
    lo = min(v for _, v in points)
    hi = max(v for _, v in points)
    span = hi - lo or 1.0
    n = max(len(values) - 1, 1)
    pad = 4

    def xy(i: int, v: float) -> tuple[float, float]:
        return (pad + (width - 2 * pad) * i / n, height - pad - (height - 2 * pad) * (v - lo) / span)

    colour = theme.SERIES_COLOURS["area"]
    coords = [xy(i, v) for i, v in points]
    line = ('<polyline fill="none" stroke="' + colour + '" stroke-width="2.5" stroke-linejoin="round" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>')
    gaps = len(points) < len(values)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in coords) if gaps else ""
    last_x, last_y = coords[-1]
    dot = f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="4" fill="{colour}"/>'
    return head + line + dots + dot + "</svg>"


def sparkline_img(values: Sequence[float | None], *, width: int = 140, height: int = 36) -> str:
    """The sparkline as an <img> tag (SVG data URI), which survives HTML sanitising."""
    svg = sparkline_svg(values, width=width, height=height)
    points = sum(1 for v in values if v is not None and not math.isnan(v))
    alt = "Ingen tidsserie" if points < 2 else f"Tidsserie, {points} år"
    encoded = base64.b64encode(svg.encode()).decode()
    return (f'<img class="np-spark" src="data:image/svg+xml;base64,{encoded}" width="{width}" '
            f'height="{height}" alt="{alt}">')
