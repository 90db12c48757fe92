"""The spine chart: every judged indicator of a life stage, a goal or a Kommunprofil on one screen, each against the
county's municipalities and a reference (Fingertips' area-profile "spine"). Pure: polars in, plotly out.

    spine_chart(rows, *, area_name, county_name, reference="riket", title=None, width=None) -> go.Figure
        rows: the frame of views/sql/spine_rows.sql (one row per indicator, in display order), filtered by the
              caller to a life stage, a goal or all indicators (e.g. rows.filter(pl.col("indicator_id").is_in(ids)))
    spine_layout(rows, *, reference="riket") -> SpineLayout          (what the chart draws, as numbers; tested)
    spine_alt(rows, *, area_name, county_name, reference="riket") -> str   (the chart in words, WCAG 1.1.1)

The figure's layout.meta holds {"spine_rows": [indicator ids top-down], "n_judged": n, "reference": …}.

Each row is scaled on its own: the reference (Riket, or the county on a municipality's Kommunprofil) is the middle
line, the farthest of the area, the county, Riket and the municipalities' range is at the edge, and an indicator
where lower is better is flipped, so "better" is to the right on every row. Drawn per row: the municipalities' range
(light bar) and middle half (darker bar), the county (black bar) and the area's value as a marker coloured and
shaped by its comparison with the reference (status vs_riket / vs_county, never recomputed here), with its 95 %
interval when the status has one. Two context marks per judged row, never coloured and never part of the verdict:
the median of the area's similar municipalities (peer_median; a municipality with a group only) as a hollow diamond,
and the target the verdict was judged against (status.target_id, at its level) as a downward pin above the row.
The value itself stands to the right of each row. Watch indicators
(role 'watch') follow under a divider, drawn without colour. An indicator that is not comparable between areas
(status 'not_comparable') gets no spread and no references: its row says so instead.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go
import polars as pl

from views import theme
from views.format import fmt_value
from views.peers import CONTEXT_WORDS
from views.targets import target_sentence
from views.words import RIKET_NAME, comparison_label

# comparison (status vs_riket / vs_county) -> the mark whose colour and symbol the area's marker takes
COMPARISON_MARKS: dict[str, str] = {"better": "green", "same": "neutral", "worse": "red",
                                    "not_compared": "grey", "not_comparable": "grey"}
PLOTLY_SYMBOLS: dict[str, str] = {"green": "circle", "neutral": "square", "yellow": "diamond",
                                  "red": "triangle-up", "grey": "circle-open"}
LABEL_WIDTH = 30          # characters per line of an indicator's name (two lines at most)
ROW_HEIGHT = 46           # px per row: two lines of 15 px names with air between rows
WATCH_HEADING = "Bevakas – ingen färg"
SPREAD_NAME = "Länets kommuner: lägst–högst"
MIDDLE_NAME = "mittersta hälften"
DOMAIN = (0.33, 0.82)     # the drawing's share of the width: names to the left of it, values to the right
GREY_MARKER = "#5A5A5A"     # an open circle: visible on white (the badge grey is for backgrounds)
SIDE_WORDS = ("← Sämre", "Bättre →")
PEER_NAME = "Liknande kommuner (median)"
TARGET_NAME = "Mål"
PEER_COLOUR = "#3C3C3C"     # dark grey: context, never a verdict colour
TARGET_COLOUR = "#000000"
TARGET_LIFT = 0.3           # the target's pin stands this far above the row's middle, pointing down at the level


@dataclass(frozen=True)
class SpineRow:
    """One drawn row. Positions are on the common scale (-1 … 1, reference at 0, better to the right); None where
    there is nothing to draw."""
    indicator_id: str
    label: str                 # the indicator's name as drawn (wrapped with <br>)
    role: str                  # 'outcome' | 'watch'
    comparison: str | None     # the status verdict against the reference, or None
    mark: str                  # the marker's mark: green | neutral | red | grey (watch rows: grey)
    value_text: str            # the value as shown to the right ('74,3 %'; '' without a value)
    note: str                  # in place of the drawing when nothing is drawn ('Underlag saknas', 'Jämförs inte …')
    hover: str
    area: float | None
    area_low: float | None     # the 95 % interval, scaled (low <= high after flipping)
    area_high: float | None
    other: float | None        # the other reference: the county on a Riket spine, Riket on a county spine
    spread: tuple[float, float] | None
    middle: tuple[float, float] | None
    peer: float | None = None          # the similar municipalities' median (context; None for the county/no group)
    target: float | None = None        # the level of the target in force (None: no target or no level)
    target_text: str = ""              # the target's sentence ('Mål: 95 % senast 2030 (beslutat …)'), escaped
    peer_text: str = ""                # 'Liknande kommuner (median) 2025: 14,1 %', escaped


@dataclass(frozen=True)
class SpineLayout:
    rows: list[SpineRow]       # judged rows first, then watch rows
    n_judged: int
    reference: str             # 'riket' | 'county'


def _num(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def wrap_label(name: str, width: int = LABEL_WIDTH) -> str:
    """An indicator's name on at most two lines (the second shortened with '…'), escaped for plotly."""
    lines = textwrap.wrap(name, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return "<br>".join(escape(line) for line in lines)


def _scaler(row: dict, centre: float) -> tuple[float, float]:
    """(scale, sign): position = sign * (value - centre) / scale, so the farthest drawn value is at ±1 and better is
    to the right (sign -1 where lower is better)."""
    keys = ("latest_value", "ci_low", "ci_high", "county_value", "riket_value", "muni_min", "muni_max")
    if row.get("role") != "watch":   # the context marks are drawn on judged rows only
        keys += ("peer_median", "target_level")
    values = [_num(row.get(k)) for k in keys]
    spread = max((abs(v - centre) for v in values if v is not None), default=0.0)
    sign = -1.0 if row.get("direction") == "lower_is_better" else 1.0
    return (spread if spread > 0 else 1.0), sign


def _target(row: dict) -> dict | None:
    """The status row's target as views.targets reads it, or None without one."""
    if not row.get("target_id") or not row.get("target_status") or row.get("role") == "watch":
        return None
    return {"level": _num(row.get("target_level")), "unit": row["unit"], "direction": row.get("target_direction"),
            "due_year": row.get("target_due_year"), "status": row["target_status"], "body": row.get("target_body"),
            "decided_on": row.get("target_decided_on"), "document": row.get("target_document"),
            "area": row.get("target_area") or "all", "area_name": row.get("target_area_name")}


def _context_texts(row: dict, county_name: str) -> tuple[str, str]:
    """(peer text, target sentence), both escaped; '' where there is none."""
    peer = ""
    if row.get("role") != "watch" and _num(row.get("peer_median")) is not None:
        year = f" {row['peer_year']}" if row.get("peer_year") is not None else ""
        peer = escape(f"{PEER_NAME}{year}: {fmt_value(row['peer_median'], row['unit'])}")
    target = _target(row)
    return peer, escape(target_sentence(target, county_name)) if target is not None else ""


def _row(row: dict, reference: str, county_name: str = "Hela länet") -> SpineRow:
    unit = row["unit"]
    versus = "vs_riket" if reference == "riket" else "vs_county"
    comparison = row.get(versus)
    watch = row.get("role") == "watch"
    value = _num(row.get("latest_value"))
    ref_value = _num(row.get("riket_value" if reference == "riket" else "county_value"))
    label = wrap_label(str(row["short_name"]))
    mark = "grey" if watch else COMPARISON_MARKS.get(comparison or "", "grey")
    base = dict(indicator_id=str(row["indicator_id"]), label=label, role=str(row.get("role") or "outcome"),
                comparison=comparison, mark=mark)
    if value is None or comparison == "not_comparable":
        words = row.get("mark_label") or row.get(f"{versus}_label") or "Underlag saknas"
        if comparison == "not_comparable":
            words = row.get(f"{versus}_label") or words
        return SpineRow(**base, value_text=escape(fmt_value(value, unit)) if value is not None else "",
                        note=escape(str(words)), hover=escape(f"{row['short_name']}: {words}"), area=None,
                        area_low=None, area_high=None, other=None, spread=None, middle=None,
                        target_text=_context_texts(row, county_name)[1])
    centre = ref_value if ref_value is not None else (_num(row.get("muni_median")) or value)
    scale, sign = _scaler(row, centre)

    def pos(v: object) -> float | None:
        x = _num(v)
        return None if x is None else sign * (x - centre) / scale

    def pair(a: object, b: object) -> tuple[float, float] | None:
        pa, pb = pos(a), pos(b)
        return None if pa is None or pb is None else (min(pa, pb), max(pa, pb))

    interval = pair(row.get("ci_low"), row.get("ci_high"))
    spread = pair(row.get("muni_min"), row.get("muni_max"))
    middle = pair(row.get("muni_q1"), row.get("muni_q3"))
    other = pos(row.get("county_value" if reference == "riket" else "riket_value"))
    shown = fmt_value(value, unit)
    hover = [f"<b>{escape(str(row['short_name']))}</b>", f"Värde: {escape(shown)}"]
    if row.get("ci_low") is not None and row.get("ci_high") is not None:
        hover.append(escape(f"95 % intervall: {fmt_value(row['ci_low'], unit, with_unit=False)}–"
                            f"{fmt_value(row['ci_high'], unit)}"))
    if _num(row.get("county_value")) is not None:
        hover.append(escape(f"Länet: {fmt_value(row['county_value'], unit)}"))
    if _num(row.get("riket_value")) is not None:
        hover.append(escape(f"{RIKET_NAME}: {fmt_value(row['riket_value'], unit)}"))
    if spread is not None:
        hover.append(escape(f"Kommunerna: {fmt_value(row['muni_min'], unit, with_unit=False)}–"
                            f"{fmt_value(row['muni_max'], unit)} (mitten {fmt_value(row['muni_median'], unit)})"))
    peer_text, target_text = _context_texts(row, county_name)
    if peer_text:
        hover.append(f"{peer_text} – {CONTEXT_WORDS}")
    if target_text:
        hover.append(target_text)
    if not watch and row.get(f"{versus}_label"):
        hover.append(escape(str(row[f"{versus}_label"])))
    if watch:
        hover.append(WATCH_HEADING)
    target = _target(row)
    return SpineRow(**base, value_text=escape(shown), note="", hover="<br>".join(hover), area=pos(value),
                    area_low=interval[0] if interval else None, area_high=interval[1] if interval else None,
                    other=other, spread=spread, middle=middle,
                    peer=pos(row.get("peer_median")) if peer_text else None,
                    target=pos(target["level"]) if target is not None else None,
                    target_text=target_text, peer_text=peer_text)


def spine_layout(rows: pl.DataFrame, *, reference: str = "riket", county_name: str = "Hela länet") -> SpineLayout:
    """The rows as drawn: judged indicators (role 'outcome') in the frame's order, then watch indicators.
    `county_name` names a county's own target in its sentence."""
    if reference not in ("riket", "county"):
        raise ValueError(f"spine reference must be 'riket' or 'county', not {reference!r}")
    judged = [_row(r, reference, county_name) for r in rows.iter_rows(named=True) if r.get("role") != "watch"]
    watched = [_row(r, reference, county_name) for r in rows.iter_rows(named=True) if r.get("role") == "watch"]
    return SpineLayout(rows=judged + watched, n_judged=len(judged), reference=reference)


def _bar(ys: list[int], spans: list[tuple[float, float] | None], *, name: str, colour: str, width: float,
         legendrank: int) -> go.Bar:
    pairs = [(y, s) for y, s in zip(ys, spans, strict=True) if s is not None]
    return go.Bar(y=[y for y, _ in pairs], x=[s[1] - s[0] for _, s in pairs], base=[s[0] for _, s in pairs],
                  orientation="h", name=name, marker={"color": colour, "line": {"width": 0}}, width=width,
                  hoverinfo="skip", legendrank=legendrank)


def spine_chart(rows: pl.DataFrame, *, area_name: str, county_name: str, reference: str = "riket",
                title: str | None = None, width: int | None = None) -> go.Figure:
    """One row per indicator of `rows` (views/sql/spine_rows.sql, already filtered and ordered): judged ones first,
    watch ones under them without colour. `reference` 'riket' (the middle line is Riket, markers coloured by
    vs_riket) or 'county' (the middle line is the county, markers coloured by vs_county: a municipality's
    Kommunprofil). `width` in px only for static exports (the dashboard stretches the chart)."""
    layout = spine_layout(rows, reference=reference, county_name=county_name)
    ref_name = RIKET_NAME if reference == "riket" else county_name
    n = len(layout.rows)
    # y positions: 0, 1, … top-down, with one empty slot for the watch heading
    ys: list[int] = []
    for i, _ in enumerate(layout.rows):
        ys.append(i if i < layout.n_judged else i + 1)
    fig = go.Figure()
    fig.add_trace(_bar(ys, [r.spread for r in layout.rows], name=SPREAD_NAME, colour="#DCE3EA", width=0.56,
                       legendrank=10))
    fig.add_trace(_bar(ys, [r.middle for r in layout.rows], name=MIDDLE_NAME, colour="#9FB1C4", width=0.56,
                       legendrank=11))
    fig.update_layout(barmode="overlay")
    # the county's own spine has no county tick: it would sit on the county's own marker
    own = reference == "riket" and area_name == county_name
    other_rows = [(y, r) for y, r in zip(ys, layout.rows, strict=True) if r.other is not None and not own]
    if other_rows:   # the county as a black bar on a Riket spine; Riket as a grey one on a county spine
        colour = theme.PALETTE["black"] if reference == "riket" else theme.PALETTE["mid_grey"]
        fig.add_trace(go.Scatter(
            y=[y for y, _ in other_rows], x=[r.other for _, r in other_rows], mode="markers",
            name=escape(county_name if reference == "riket" else RIKET_NAME),
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": colour}},
            hoverinfo="skip", legendrank=12))
    # context, drawn before the area's value so its marker stays on top: the group median and the target's pin
    peers = [(y, r) for y, r in zip(ys, layout.rows, strict=True) if r.peer is not None]
    if peers:
        fig.add_trace(go.Scatter(
            y=[y for y, _ in peers], x=[r.peer for _, r in peers], mode="markers", name=PEER_NAME,
            marker={"symbol": "diamond-open", "size": 13, "color": PEER_COLOUR, "line": {"width": 2.5}},
            text=[r.hover for _, r in peers], hovertemplate="%{text}<extra></extra>", legendrank=14))
    pins = [(y, r) for y, r in zip(ys, layout.rows, strict=True) if r.target is not None]
    if pins:
        fig.add_trace(go.Scatter(
            y=[y - TARGET_LIFT for y, _ in pins], x=[r.target for _, r in pins], mode="markers", name=TARGET_NAME,
            marker={"symbol": "triangle-down", "size": 13, "color": TARGET_COLOUR,
                    "line": {"width": 1.5, "color": TARGET_COLOUR}},
            text=[r.hover for _, r in pins], hovertemplate="%{text}<extra></extra>", legendrank=15))
    # the area's value, one trace per mark so the legend names each colour and symbol once
    for mark in ("green", "neutral", "red", "grey"):
        part = [(y, r) for y, r in zip(ys, layout.rows, strict=True)
                if r.area is not None and r.mark == mark and r.role != "watch"]
        if not part:
            continue
        colour = GREY_MARKER if mark == "grey" else theme.mark_style(mark).background
        comparison = {"green": "better", "neutral": "same", "red": "worse", "grey": "not_compared"}[mark]
        fig.add_trace(_area_trace(part, name=comparison_label(comparison, reference), colour=colour,
                                  symbol=PLOTLY_SYMBOLS[mark], legendrank=1 + len(fig.data)))
    watch = [(y, r) for y, r in zip(ys, layout.rows, strict=True) if r.area is not None and r.role == "watch"]
    if watch:
        fig.add_trace(_area_trace(watch, name=f"{area_name}, bevakas (ingen färg)", colour=theme.PALETTE["paper"],
                                  symbol="circle", legendrank=9))
    if any(r.area_low is not None for r in layout.rows):   # the interval's line named once in the legend
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"95 % intervall för {escape(area_name)}",
                                 line={"color": theme.PALETTE["dark_grey"], "width": 2}, legendrank=13))
    # the reference as the middle line, better/worse at the sides
    bottom = (max(ys) if ys else 0) + 0.6
    fig.add_shape(type="line", x0=0, x1=0, y0=-0.55, y1=bottom, line={"color": theme.PALETTE["dark_grey"],
                                                                    "width": 3, "dash": "dot"})
    annotations = [
        {"x": 0, "y": -0.85, "yanchor": "middle", "text": f"<b>{escape(ref_name)}</b>", "showarrow": False,
         "font": {"size": theme.TICK_SIZE}},
        {"x": -1.12, "y": -0.85, "xanchor": "left", "yanchor": "middle", "text": SIDE_WORDS[0], "showarrow": False,
         "font": {"size": theme.TICK_SIZE, "color": theme.PALETTE["dark_grey"]}},
        {"x": 1.12, "y": -0.85, "xanchor": "right", "yanchor": "middle", "text": SIDE_WORDS[1], "showarrow": False,
         "font": {"size": theme.TICK_SIZE, "color": theme.PALETTE["dark_grey"]}},
    ]
    for y, r in zip(ys, layout.rows, strict=True):   # the value, readable, to the right of each row
        annotations.append({"x": DOMAIN[0], "xref": "paper", "xanchor": "right", "xshift": -8, "y": y,
                            "showarrow": False, "align": "right", "text": r.label,
                            "font": {"size": theme.TICK_SIZE - 1}})
        annotations.append({"x": DOMAIN[1], "xref": "paper", "xanchor": "left", "xshift": 10, "y": y,
                            "showarrow": False, "align": "left", "text": r.value_text,
                            "font": {"size": theme.TICK_SIZE}})
        if r.note:   # nothing drawn: say why where the drawing would be
            annotations.append({"x": -1.1, "xanchor": "left", "y": y, "showarrow": False, "text": f"<i>{r.note}</i>",
                                "font": {"size": theme.TICK_SIZE - 1, "color": theme.PALETTE["dark_grey"]}})
    if layout.n_judged < n:
        annotations.append({"x": DOMAIN[0], "xref": "paper", "xanchor": "right", "xshift": -8, "y": layout.n_judged,
                            "showarrow": False,
                            "text": f"<b>{WATCH_HEADING}</b>", "font": {"size": theme.TICK_SIZE}})
        fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=layout.n_judged - 0.5, y1=layout.n_judged - 0.5,
                      line={"color": theme.PALETTE["mid_grey"], "width": 1})
    versus = ref_name.lower() if reference == "riket" else ref_name
    heading = title if title is not None else f"{area_name} jämfört med {versus} och länets kommuner"
    legend_rows = math.ceil(sum(1 for t in fig.data if t.showlegend is not False) / 3)
    top = 44 + 22 * legend_rows       # the title, then the legend's rows (three entries a row at 1280 px)
    height = top + 30 + ROW_HEIGHT * (max(ys) + 1 if ys else 1)
    fig.update_layout(
        title={"text": escape(heading), "font": {"size": theme.TITLE_SIZE - 4}, "x": 0, "xanchor": "left",
               "y": 1, "yanchor": "top", "pad": {"t": 8}},
        font={"family": theme.FONT_FAMILY, "size": theme.TICK_SIZE, "color": theme.PALETTE["black"]},
        separators=theme.PLOTLY_SEPARATORS, paper_bgcolor=theme.PALETTE["paper"], plot_bgcolor=theme.PALETTE["paper"],
        height=height, width=width, margin={"l": 8, "r": 8, "t": top, "b": 8},
        hoverlabel={"font": {"size": theme.TICK_SIZE}}, annotations=annotations, bargap=0.4,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left",
                "font": {"size": theme.TICK_SIZE - 2}, "traceorder": "normal"},
        hovermode="closest",
        meta={"spine_rows": [r.indicator_id for r in layout.rows], "n_judged": layout.n_judged,
              "reference": reference},   # what the chart shows, for tests and exports (never drawn)
    )
    fig.update_xaxes(range=[-1.14, 1.14], domain=list(DOMAIN), showticklabels=False, showgrid=False, zeroline=False,
                     fixedrange=True)
    fig.update_yaxes(showticklabels=False, autorange=False, range=[(max(ys) if ys else 0) + 0.6, -1.15],
                     showgrid=False, zeroline=False, fixedrange=True)
    return fig


def _area_trace(part: list[tuple[int, SpineRow]], *, name: str, colour: str, symbol: str,
                legendrank: int) -> go.Scatter:
    rows = [r for _, r in part]
    plus = [(r.area_high - r.area) if r.area_high is not None and r.area is not None else 0.0 for r in rows]
    minus = [(r.area - r.area_low) if r.area_low is not None and r.area is not None else 0.0 for r in rows]
    return go.Scatter(
        y=[y for y, _ in part], x=[r.area for r in rows], mode="markers", name=escape(name),
        marker={"symbol": symbol, "size": 17, "color": colour, "line": {"width": 1.5, "color": "#000000"}},
        error_x={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "thickness": 2,
                 "width": 0, "color": theme.PALETTE["dark_grey"]},
        text=[r.hover for r in rows], hovertemplate="%{text}<extra></extra>", legendrank=legendrank)


def spine_alt(rows: pl.DataFrame, *, area_name: str, county_name: str, reference: str = "riket") -> str:
    """The chart in words (WCAG 1.1.1): per row the indicator, its value and its comparison with the reference."""
    layout = spine_layout(rows, reference=reference, county_name=county_name)
    ref_name = RIKET_NAME if reference == "riket" else county_name
    versus = "vs_riket_label" if reference == "riket" else "vs_county_label"
    words = {str(r["indicator_id"]): r.get(versus) for r in rows.iter_rows(named=True)}
    parts = []
    for r in layout.rows:
        name = r.label.replace("<br>", " ")
        said = r.note or (words.get(r.indicator_id) or "") if r.role != "watch" else "bevakas, ingen färg"
        context = "".join(f"; {text}" for text in (r.peer_text, r.target_text) if text)
        parts.append(f"{name}: {r.value_text or '–'}" + (f" ({said}{context})" if said or context else ""))
    return (f"Stapeldiagram över {area_name}s indikatorer jämförda med {ref_name} och länets kommuner, bättre åt "
            "höger. " + "; ".join(parts) + ".")
