"""The spine chart of a meeting screen (views.spine): every judged indicator of a life stage or a goal, and its watch
indicators below without colour, for presentation mode, the slides and the handouts. Pure: Meeting in, plotly out.

The screen's title is the heading, so the chart has none; its legend sits above the rows. `label_chars` wraps the
names to the room the chart has (a full-width spine keeps names on one line, so 18 rows fit a projector).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from views import theme
from views.meeting.agenda import IndicatorLine, Meeting, Screen
from views.meeting.screen_chart import css_font_family
from views.spine import DOMAIN, SpineRow, spine_chart, spine_layout, wrap_label
from views.words import comparison_label

NO_JUDGED = "Ingen bedömd indikator."
MIN_PX = 14  # no chart text under this (presentation mode: nothing under 14 px)


def spine_rows_count(meeting: Meeting, screen: Screen) -> int:
    """How many rows the screen's spine draws (judged and watched), the watch heading's slot included."""
    layout = spine_layout(meeting.screen_spine_rows(screen))
    return len(layout.rows) + (1 if layout.n_judged < len(layout.rows) else 0)


def _window_periods(meeting: Meeting, screen: Screen) -> dict[int, str]:
    """Row position (as views.spine draws it) -> the period of a value that covers several years ('2021–2024')."""
    layout = spine_layout(meeting.screen_spine_rows(screen))
    lines = {line.indicator_id: line for line in screen.all_indicators}
    found = {}
    for i, row in enumerate(layout.rows):
        line = lines.get(row.indicator_id)
        if line is not None and "–" in line.period and row.value_text:
            found[i if i < layout.n_judged else i + 1] = line.period
    return found


def judged_ids(meeting: Meeting, screen: Screen) -> list[str]:
    """The judged indicators the screen's spine draws, in order."""
    layout = spine_layout(meeting.screen_spine_rows(screen))
    return [r.indicator_id for r in layout.rows[:layout.n_judged]]


def screen_spine(meeting: Meeting, screen: Screen, *, label_chars: int = 30, font_px: int = 15,
                 legend_px: int = MIN_PX, top_px: int = 60, domain: tuple[float, float] | None = None
                 ) -> go.Figure | None:
    """The screen's spine (None for a screen without indicators). Names wrapped at `label_chars`, row names and
    values at `font_px`, the legend at `legend_px` in a top margin of `top_px`; `domain`: the drawing's share of
    the width (names left of it, values right of it) when the chart is narrow."""
    rows = meeting.screen_spine_rows(screen)
    if rows.is_empty():
        return None
    fig = spine_chart(rows, area_name=meeting.area_name, county_name=meeting.county_label, title="")
    names = {wrap_label(str(name)): wrap_label(str(name), label_chars) for name in rows.get_column("short_name")}
    periods = _window_periods(meeting, screen)
    for note in fig.layout.annotations:
        if note.xref == "paper" and note.x == DOMAIN[1] and note.y in periods and note.text:
            # a pooled window's years stand by its value; under a long value, so the text stays on the screen
            joint = "<br>" if len(note.text) > 9 else " "
            note.text = f"{note.text}{joint}({periods[note.y]})"
        if domain is not None and note.xref == "paper":  # names end at the drawing's left, values start at its right
            note.x = domain[0] if note.x == DOMAIN[0] else domain[1] if note.x == DOMAIN[1] else note.x
        if note.text in names:
            note.text = names[note.text]
        size = note.font.size if note.font and note.font.size else theme.TICK_SIZE
        note.font.size = max(size, font_px) if note.text in names.values() else max(size, legend_px)
    if domain is not None:
        fig.update_xaxes(domain=list(domain))
    family = css_font_family(theme.FONT_FAMILY)
    return fig.update_layout(title=None, height=None, margin={"l": 4, "r": 4, "t": top_px, "b": 4},
                             font_family=family, legend_font_size=legend_px,
                             legend={"y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"})


def spine_alt(meeting: Meeting, screen: Screen) -> str:
    """The spine in words (a picture's or a chart's text alternative): per row the name and its comparison, and the
    similar municipalities' median and the target where the chart draws them."""
    layout = spine_layout(meeting.screen_spine_rows(screen), county_name=meeting.county_label)
    lines = {line.indicator_id: line for line in screen.all_indicators}
    judged = [f"{_plain(r.label)}: {_value(r, lines.get(r.indicator_id))}{_plain(r.note) or _comparison(r.comparison)}"
              + "".join(f" ({_plain(text)})" for text in (r.peer_text, r.target_text) if text)
              for r in layout.rows[:layout.n_judged]]
    watched = [_plain(r.label) for r in layout.rows[layout.n_judged:]]
    text = (f"Spindeldiagram: {meeting.area_name} jämfört med riket och länets kommuner, bättre åt höger. "
            + ("; ".join(judged) + "." if judged else NO_JUDGED))
    return text + (f" Bevakas utan färg: {', '.join(watched)}." if watched else "")


def _value(row: SpineRow, line: IndicatorLine | None) -> str:
    """'18,2 % (2021–2024; 95 % KI 16,9–19,5 %), ' – the value as drawn, its period and the source's interval."""
    if not row.value_text:
        return ""
    period = line.period if line else ""
    interval = f"; {line.interval_short}" if line and line.interval_short else ""
    return f"{_plain(row.value_text)}" + (f" ({period}{interval})" if period else "") + ", "


def _plain(text: str) -> str:
    return html.unescape(text.replace("<br>", " ")).strip()


def _comparison(comparison: str | None) -> str:
    return comparison_label(comparison, "riket") if comparison else "ingen jämförelse"
