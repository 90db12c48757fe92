"""Pure helpers: URL parameter checks, HTML badges, chart builders."""

import json

import polars as pl
import pytest

from core.meeting_snapshots import slugify as url_slug
from dashboard import badges
from dashboard.params import first_value, parse_choice
from views import charts, theme


@pytest.mark.parametrize("raw", ["1784' OR 1=1 --", "<script>alert(1)</script>", "9999", "", "17 84",
                                 "1784" * 40])
def test_unknown_values_fall_back_with_a_notice_that_does_not_echo_them(raw):
    parsed = parse_choice(raw, {"0017", "1784"}, "0017", "kommun", "Hela Värmland")
    assert parsed.value == "0017"
    assert parsed.notice and "kommun" in parsed.notice and "Hela Värmland" in parsed.notice
    assert raw not in parsed.notice or raw == ""


def test_known_and_absent_values():
    assert parse_choice("1784", {"0017", "1784"}, "0017", "kommun", "x").value == "1784"
    assert parse_choice("1784", {"0017", "1784"}, "0017", "kommun", "x").notice is None
    assert parse_choice(None, {"0017"}, "0017", "kommun", "x").notice is None
    assert first_value(["a", "b"]) == "a"
    assert first_value([]) is None


def test_url_slug():
    assert url_slug("Äldrelivet") == "aldrelivet"
    assert url_slug("Barnalivet") == "barnalivet"
    assert url_slug("Data och metod") == "data-och-metod"


def test_count_chips_show_watch_indicators_without_a_colour():
    html = badges.count_chips(3, 1, 0, 1, n_watch=2)
    assert 'data-mark="watch"' in html and "2&nbsp;bevakas" in html
    assert 'data-mark="watch"' not in badges.count_chips(3, 1, 0, 1)


def test_mark_badge_carries_colour_symbol_arrow_and_words():
    html = badges.mark_badge("red", "Fel riktning", "↓")
    assert theme.MARK_COLOURS["red"] in html
    assert theme.MARK_SYMBOLS["red"] in html and "↓" in html and "Fel riktning" in html
    assert 'data-mark="red"' in html


def test_badges_escape_text():
    html = badges.mark_badge("green", "<b>x</b>")
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html
    assert "&lt;script&gt;" in badges.snapshot_banner("<script>", None)


def test_count_chips_uses_singular_and_plural():
    html = badges.count_chips(1, 2, 0, 1)
    assert "1&nbsp;grön<" in html and "2&nbsp;gula" in html and "0&nbsp;röda" in html


def frame(values):
    return pl.DataFrame({"area_id": [str(i) for i in range(len(values))],
                         "name": [f"K{i}" for i in range(len(values))], "value": values},
                        schema={"area_id": pl.String, "name": pl.String, "value": pl.Float64})


def test_rank_order_follows_direction_and_puts_missing_last():
    up = charts.rank_order(frame([3.0, None, 9.0, 5.0]), "higher_is_better")
    assert up["name"].to_list() == ["K2", "K3", "K0", "K1"]
    assert up["rank"].to_list() == [1, 2, 3, None]
    down = charts.rank_order(frame([3.0, None, 9.0, 5.0]), "lower_is_better")
    assert down["name"].to_list()[:3] == ["K0", "K3", "K2"]


def test_rank_bar_chart_highlights_the_chosen_area():
    fig = charts.rank_bar_chart(frame([3.0, 9.0]), unit="percent", direction="higher_is_better", title="t",
                                highlight_area_id="0", references=[("Riket", 4.0, "riket")])
    bar = fig.data[0]
    assert list(bar.y) == ["1. K1", "2. K0"]
    assert list(bar.marker.color) == [theme.SERIES_COLOURS["area"], theme.SERIES_COLOURS["highlight"]]
    assert any("Riket" in (t.name or "") for t in fig.data)


def test_trend_chart_has_a_line_per_series_and_the_target():
    series = pl.DataFrame({"year": [2020, 2021, 2020, 2021], "value": [1.0, 2.0, 1.5, None],
                           "label": ["Arvika", "Arvika", "Riket", "Riket"], "role": ["area", "area", "riket", "riket"]})
    fig = charts.trend_chart(series, unit="percent", title="T", target_value=5.0, target_year=2030)
    names = [t.name for t in fig.data]
    assert names[:2] == ["Arvika", "Riket"]
    assert names[2].startswith("Mål: 5,0")
    assert fig.layout.separators == theme.PLOTLY_SEPARATORS


def test_trend_chart_draws_the_latest_interval_as_an_error_bar():
    series = pl.DataFrame({"year": [2022, 2023, 2024], "value": [80.0, 81.0, 82.4],
                           "label": ["Arvika"] * 3, "role": ["area"] * 3})
    row = {"latest_year": 2024, "latest_value": 82.4, "ci_low": 81.3, "ci_high": 83.4,
           "uncertainty_source": "wilson"}
    interval = charts.status_interval(row, {"wilson": "Wilsonintervall för en andel av befolkningen"})
    assert interval == charts.Interval(2024, 82.4, 81.3, 83.4, "Wilsonintervall för en andel av befolkningen")
    fig = charts.trend_chart(series, unit="percent", title="T", interval=interval)
    bar = fig.data[-1]
    assert bar.name == "95 % konfidensintervall 2024 (Wilsonintervall för en andel av befolkningen)"
    assert list(bar.x) == [2024] and list(bar.y) == [82.4]
    assert bar.error_y.array[0] == pytest.approx(1.0) and bar.error_y.arrayminus[0] == pytest.approx(1.1)
    assert "81,3–83,4" in bar.text[0]
    # without an interval (no source of uncertainty) nothing is drawn and nothing is invented
    assert charts.status_interval({**row, "ci_low": None, "ci_high": None}, {}) is None
    assert charts.status_interval(None, {}) is None
    assert len(charts.trend_chart(series, unit="percent", title="T").data) == 1


def test_interval_words_are_escaped():
    interval = charts.Interval(2024, 1.0, 0.5, 1.5, "<b>x</b>")
    trace = charts.interval_trace(interval, "percent")
    assert "<b>" not in trace.name and "&lt;b&gt;" in trace.name


def test_map_uses_the_given_shapes():
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "1", "properties": {"kommun_kod": "1"},
         "geometry": {"type": "Polygon", "coordinates": [[[13, 59], [14, 59], [14, 60], [13, 59]]]}}]}
    fig = charts.municipality_map(frame([1.0, 2.0]).with_columns(pl.Series("area_id", ["1", "2"])), geo,
                                  unit="percent", direction="lower_is_better", title="m", highlight_area_id="1")
    assert fig.data[0].reversescale is True
    assert list(fig.data[0].locations) == ["1", "2"]
    json.dumps(fig.to_plotly_json(), default=str)


def test_sparkline():
    assert "<polyline" in charts.sparkline_svg([1.0, None, 3.0, 2.0])
    assert "<polyline" not in charts.sparkline_svg([1.0])
    assert charts.sparkline_img([1.0, 2.0]).startswith('<img class="np-spark" src="data:image/svg+xml;base64,')
