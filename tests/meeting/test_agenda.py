from __future__ import annotations

import pytest

from exports.browser import ExportBrowser, ExportBrowserError
from views.db import reader
from views.meeting.agenda import (
    IndicatorLine,
    ScopeError,
    count_words,
    load_meeting,
    parse_scope,
    top_indicators,
)
from views.meeting.screen_chart import css_font_family


def _line(ident: str, mark: str) -> IndicatorLine:
    return IndicatorLine(indicator_id=ident, series_id="kolada:N00001", short_name=ident, unit="percent",
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
    with reader(demo_db) as run:
        meeting = load_meeting(run, "1780")
        agenda = run("meeting_agenda", []).to_dicts()
        one_stage = load_meeting(run, "1780", "barn")
    assert one_stage.screens[0].kind == "life_stage"  # a single life stage has no all-stages overview
    assert meeting.area_name == "Karlstad" and meeting.is_demo
    overview, *screens = meeting.screens
    assert overview.kind == "overview" and overview.number == 1 and not overview.top
    assert [(s.item_id, s.life_stage_id) for s in screens] == [(r["item_id"], r["life_stage_id"]) for r in agenda]
    assert [s.number for s in meeting.screens] == list(range(1, len(agenda) + 2))
    kinds = [s.kind for s in screens]
    assert kinds[0] == "life_stage" and kinds.count("life_stage") == 4
    pairs = [(r["life_stage_id"], r["item_id"]) for r in agenda if r["kind"] == "goal"]
    assert len(pairs) == len(set(pairs))  # every (life stage, goal) once
    stage_of = {i.indicator_id: r["life_stage_id"] for r in agenda for s in screens if s.kind == "life_stage"
                and s.item_id == r["item_id"] for i in s.all_indicators}
    for screen in screens:
        assert len(screen.top) <= 3 and (screen.top or screen.watched)
        assert all(i.role == "outcome" for i in screen.top)  # watch indicators never decide or lead a screen
        assert {i.indicator_id for i in screen.watched} == {i.indicator_id for i in screen.all_indicators
                                                            if i.role == "watch"}
        assert all(i.role_reason for i in screen.watched)
        if screen.kind == "goal":  # a goal under a life stage lists only that life stage's indicators
            assert {stage_of[i.indicator_id] for i in screen.all_indicators} == {screen.life_stage_id}
        # watch indicators are counted apart; a pair that counts_with each other counts once
        assert sum(screen.counts.values()) <= len(screen.all_indicators)
        assert screen.counts["watch"] == sum(1 for i in screen.all_indicators if i.read_with_care)
        assert {i.indicator_id for i in screen.top} <= {i.indicator_id for i in screen.all_indicators}
    assert any(s.watched for s in screens)
    series = meeting.screen_series(screens[0].top[0].indicator_id)
    assert set(series["role"]) == {"area", "county", "riket"}
    assert set(series.filter(series["role"] == "area")["label"]) == {"Karlstad"}


def test_missing_database_and_browser_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no database at .*nope.duckdb"), \
            reader(tmp_path / "nope.duckdb"):
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
    with reader(demo_db) as run:
        meeting = load_meeting(run, area_id)
        ind = meeting.stage_screens()[0].top[0].indicator_id
        direct = run(SQL_NAME, series_params(area_id, "T", catalogue.county_area, catalogue.country_area,
                                             indicator_id=ind))
    page = chart_frame(direct, meeting.area_name, is_county=area_id == catalogue.county_area)
    assert page.equals(meeting.screen_series(ind)) and page.height > 0
    if area_id == catalogue.county_area:
        assert set(page["role"]) == {"area", "riket"}
        assert all(label.startswith(COUNTY_NAME) for label in page.filter(page["role"] == "area")["label"])


def test_every_judged_indicator_has_a_card_or_is_named(demo_db):
    """A goal's counts include indicators beyond the three cards: the screen names them (or counts them), so no
    judged indicator behind a headline goes unmentioned."""
    with reader(demo_db) as run:
        meeting = load_meeting(run, "1780")
    named = 0
    for screen in meeting.screens[1:]:
        judged = {ln.indicator_id for ln in screen.all_indicators if not ln.is_watch}
        assert {ln.indicator_id for ln in screen.top} | {ln.indicator_id for ln in screen.others} == judged
        assert not {ln.indicator_id for ln in screen.top} & {ln.indicator_id for ln in screen.others}
        if not screen.others:
            assert screen.others_text == ""
        elif len(screen.others) <= 2:
            assert all(ln.short_name in screen.others_text for ln in screen.others)
            named += 1
        else:
            assert f"{len(screen.others)} indikatorer till" in screen.others_text
        assert screen.others_text in screen.notes
    assert named > 0  # the demo has goals with more judged indicators than cards
