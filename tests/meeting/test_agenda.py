from __future__ import annotations

import pytest

from exports.browser import ExportBrowser, ExportBrowserError
from views.meeting.agenda import (
    IndicatorLine,
    ScopeError,
    count_words,
    file_runner,
    load_meeting,
    parse_scope,
    top_indicators,
)
from views.meeting.screen_chart import css_font_family


def _line(ident: str, mark: str) -> IndicatorLine:
    return IndicatorLine(indicator_id=ident, kpi_id="N00001", short_name=ident, unit="percent",
                         direction="higher_is_better", read_with_care=False, comment="", latest_year=2025,
                         latest_value=50.0, county_value=None, riket_value=None, rank_in_county=None, rank_of=None,
                         mark=mark, mark_label=mark, arrow="→", explanation="")


def test_top_indicators_decided_by_first_then_worst():
    lines = [_line("a", "green"), _line("b", "red"), _line("c", "yellow"), _line("d", "red"), _line("e", "grey")]
    assert [i.indicator_id for i in top_indicators(lines, ["d", "c"])] == ["d", "c", "b"]
    assert [i.indicator_id for i in top_indicators(lines, None)] == ["b", "d", "c"]
    assert [i.indicator_id for i in top_indicators(lines, ["zz"], n=2)] == ["b", "d"]
    assert top_indicators([], ["a"]) == []


def test_parse_scope():
    assert parse_scope("meeting", "0017") == ("0017", None)
    assert parse_scope("life_stage:barn", "1780") == ("1780", "barn")
    assert parse_scope("area:1780", "0017") == ("1780", None)
    for bad in ("", "meeting:x", "area:", "kommun:1780"):
        with pytest.raises(ScopeError, match="expected meeting, life_stage:<id> or area:<id>"):
            parse_scope(bad, "0017")


def test_count_words_singular_and_plural():
    assert count_words({"green": 1, "yellow": 2, "red": 1, "grey": 0}) == "1 grön, 2 gula, 1 röd, 0 utan bedömning"
    assert count_words({"green": 0, "yellow": 1, "red": 3, "grey": 2}) == "0 gröna, 1 gul, 3 röda, 2 utan bedömning"


def test_css_font_family_quotes_names():
    assert css_font_family("Source Sans 3, DejaVu Sans, sans-serif") == '"Source Sans 3", "DejaVu Sans", sans-serif'
    assert css_font_family("'Arial'") == '"Arial"'


def test_meeting_from_the_demo_database(demo_db):
    with file_runner(demo_db) as run:
        meeting = load_meeting(run, "1780")
        agenda = run("meeting_agenda", []).to_dicts()
    assert meeting.area_name == "Karlstad" and meeting.is_demo
    assert [s.item_id for s in meeting.screens] == [r["item_id"] for r in agenda]
    assert [s.number for s in meeting.screens] == list(range(1, len(agenda) + 1))
    kinds = [s.kind for s in meeting.screens]
    assert kinds[0] == "life_stage" and kinds.count("life_stage") == 4
    goals = [r["item_id"] for r in agenda if r["kind"] == "goal"]
    assert len(goals) == len(set(goals))  # every goal once
    for screen in meeting.screens:
        assert 1 <= len(screen.top) <= 3
        assert sum(screen.counts.values()) == len(screen.all_indicators)
        assert {i.indicator_id for i in screen.top} <= {i.indicator_id for i in screen.all_indicators}
    series = meeting.screen_series(meeting.screens[0].top[0].indicator_id)
    assert set(series["role"]) == {"area", "county", "riket"}
    assert set(series.filter(series["role"] == "area")["label"]) == {"Karlstad"}


def test_missing_database_and_browser_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no database at .*nope.duckdb"), \
            file_runner(tmp_path / "nope.duckdb"):
        pass
    with pytest.raises(ExportBrowserError, match="Chromium not found at /nope/chromium"), \
            ExportBrowser(executable="/nope/chromium"):
        pass


@pytest.mark.parametrize("area_id", ["1780", "0017"])
def test_presentation_and_indicator_page_share_one_series_road(demo_db, area_id):
    """The meeting screens' chart input is the series query + chart_frame, exactly what the indicator page draws;
    for the county its own line is the county series and there is no second county line."""
    from indicators.catalogue import load_catalogue
    from views.meeting.agenda import load_meeting
    from views.series import SQL_NAME, chart_frame, series_params
    from views.words import COUNTY_NAME

    catalogue = load_catalogue()
    with file_runner(demo_db) as run:
        meeting = load_meeting(run, area_id)
        ind = meeting.screens[0].top[0].indicator_id
        direct = run(SQL_NAME, series_params(area_id, "T", catalogue.county_area, catalogue.country_area,
                                             indicator_id=ind))
    page = chart_frame(direct, meeting.area_name, is_county=area_id == catalogue.county_area)
    assert page.equals(meeting.screen_series(ind)) and page.height > 0
    if area_id == catalogue.county_area:
        assert set(page["role"]) == {"area", "riket"}
        assert all(label.startswith(COUNTY_NAME) for label in page.filter(page["role"] == "area")["label"])
