"""Which chart a meeting screen shows: the trend of its most important indicator, via views.charts."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from views import theme
from views.charts import trend_chart
from views.meeting.agenda import Meeting, Screen

TITLE_CHARS = 30  # a 24 px title line in the narrowest chart (a 500 px slide chart)
GENERIC_FONTS = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def css_font_family(families: str) -> str:
    """Quote every named family: an unquoted name such as `Source Sans 3` makes the whole CSS value invalid,
    and the chart then falls back to the browser's serif font."""
    names = [n.strip().strip("'\"") for n in families.split(",") if n.strip()]
    return ", ".join(n if n in GENERIC_FONTS else f'"{n}"' for n in names)


def screen_chart(meeting: Meeting, screen: Screen, *, title_chars: int = TITLE_CHARS) -> go.Figure | None:
    """Trend of the screen's first top indicator (a watch indicator when the screen has no judged one with data) for
    the area, the county and Riket; None without data."""
    for line in [*screen.top, *screen.watched]:
        series = meeting.screen_series(line.indicator_id)
        if series.filter(series["value"].is_not_null()).height == 0:
            continue
        # the name wrapped so a long title is never cut off (the unit is the y axis title)
        title = "<br>".join(textwrap.wrap(line.short_name, title_chars)) or line.short_name
        lines = title.count("<br>") + 1
        fig = trend_chart(series, unit=line.unit, title=title, target_value=line.target_level,
                          target_year=line.target_due, target_label=line.target_label or None)
        # the legend below the year labels, whatever the chart's height; shown for one line too (plotly hides a
        # lone trace's legend, and a single dotted line then says nothing about whose it is)
        return fig.update_layout(showlegend=True, font_family=css_font_family(theme.FONT_FAMILY),
                                 title_font_family=css_font_family(theme.FONT_FAMILY), title_x=0.01,
                                 margin={"t": 24 + 30 * lines, "b": 70},
                                 legend={"yref": "container", "y": 0, "yanchor": "bottom"})
    return None
