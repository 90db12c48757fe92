"""Which chart a meeting screen shows: the trend of its most important indicator, via dashboard.charts."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts import trend_chart
from dashboard.format import UNIT_WORDS
from etl.meeting.agenda import Meeting, Screen


def screen_chart(meeting: Meeting, screen: Screen) -> go.Figure | None:
    """Trend of the screen's first top indicator for the area, the county and Riket; None without data."""
    for line in screen.top:
        series = meeting.screen_series(line.indicator_id)
        if series.filter(series["value"].is_not_null()).height == 0:
            continue
        title = f"{line.short_name} ({UNIT_WORDS.get(line.unit, line.unit)})"
        return trend_chart(series, unit=line.unit, title=title, target_value=line.target_value)
    return None
