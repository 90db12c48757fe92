"""Intervals wherever a value is compared: every point of the trend line and every bar of the ranked 16."""

from __future__ import annotations

import polars as pl
import pytest

from views import charts


def test_every_year_of_the_area_line_carries_its_own_error_bar():
    series = pl.DataFrame({"year": [2022, 2023, 2024] * 2, "value": [10.0, 11.0, 12.0, 9.0, 9.5, 10.0],
                           "label": ["Kil"] * 3 + ["Riket"] * 3, "role": ["area"] * 3 + ["riket"] * 3})
    intervals = pl.DataFrame({"year": [2022, 2024], "ci_low": [9.0, 11.5], "ci_high": [11.5, 12.2]})
    fig = charts.trend_chart(series, unit="percent", title="t", intervals=intervals)
    area = next(t for t in fig.data if t.name == "Kil")
    plus = list(area.error_y.array)
    assert plus[0] == 1.5 and plus[1] is None and plus[2] == pytest.approx(0.2)
    assert list(area.error_y.arrayminus)[0] == 1.0 and area.error_y.arrayminus[1] is None  # 2023: no interval
    assert "95 %" in area.text[0] and "95 %" not in area.text[1]
    riket = next(t for t in fig.data if t.name == "Riket")
    assert riket.error_y.array is None  # only the area's own line
    assert len(fig.data) == 2
    latest = charts.Interval(2024, 12.0, 11.5, 12.2, "Wilsonintervall")
    fig = charts.trend_chart(series, unit="percent", title="t", intervals=intervals, interval=latest)
    area = next(t for t in fig.data if t.name == "Kil")
    assert area.error_y.array[2] is None  # the latest year's bar is the named marker's, drawn once
    assert fig.data[-1].name.startswith("95 % konfidensintervall 2024 (Wilsonintervall)")


def test_the_ranked_bars_carry_their_intervals():
    values = pl.DataFrame({"area_id": ["1", "2", "3"], "name": ["A", "B", "C"], "value": [50.0, 60.0, None],
                           "ci_low": [45.0, 58.0, None], "ci_high": [54.0, 63.0, None]})
    fig = charts.rank_bar_chart(values, unit="percent", direction="higher_is_better", title="t")
    bar = fig.data[0]
    assert list(bar.y) == ["1. B", "2. A", "C (saknas)"]
    assert list(bar.error_x.array) == [3.0, 4.0, None] and list(bar.error_x.arrayminus) == [2.0, 5.0, None]
    assert "95 %: 58,0–63,0" in bar.text[0]
