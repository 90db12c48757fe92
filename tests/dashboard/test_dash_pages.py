"""Every page through Streamlit's AppTest, against a demo database built by etl.demo."""

from __future__ import annotations

import json
import re

from dash_helpers import db_rows, html_bodies

from views.format import fmt_value

STAGE_PAGE = "app_pages/livsskede.py"
INDICATOR_PAGE = "app_pages/indikator.py"
PROFILE_PAGE = "app_pages/kommunprofil.py"
METHOD_PAGE = "app_pages/metod.py"


def stage_marks(html: str) -> dict[str, str]:
    """life_stage_id -> the first mark in its card."""
    cards = re.findall(r'data-stage="(\w+)">\s*<span class="np-mark np-mark-lg" data-mark="(\w+)"', html)
    return dict(cards)


def test_overview_shows_every_life_stage_with_its_mark(run_app, data_dir):
    at = run_app()
    html = html_bodies(at)
    expected = dict(db_rows(data_dir / "nyaperspektiv.duckdb",
                            "select life_stage_id, mark from life_stage_status "
                            "where area_id = '0017' and gender = 'T'"))
    assert len(expected) == 4
    assert stage_marks(html) == expected
    assert "DEMODATA – påhittade siffror, inte verkliga" in html
    assert "Visar <b>Hela Värmland</b>" in html
    assert html.count('data-testid="np-goal"') >= 4
    assert at.query_params["kommun"] == ["0017"] or at.query_params["kommun"] == "0017"


def test_changing_municipality_changes_marks_and_url(run_app, data_dir):
    at = run_app()
    at.selectbox(key="f_kommun").select("1784").run()
    assert not at.exception
    expected = dict(db_rows(data_dir / "nyaperspektiv.duckdb",
                            "select life_stage_id, mark from life_stage_status "
                            "where area_id = '1784' and gender = 'T'"))
    html = html_bodies(at)
    assert stage_marks(html) == expected
    assert "Visar <b>Arvika</b>" in html
    assert "1784" in str(at.query_params["kommun"])


def test_query_parameters_open_the_same_view(run_app):
    at = run_app(kommun="1784", kon="K", ar="2020")
    assert at.selectbox(key="f_kommun").value == "1784"
    assert at.radio(key="f_kon").value == "K"
    assert at.selectbox(key="f_ar").value == 2020
    assert "Visar <b>Arvika</b> · <b>Kvinnor</b>" in html_bodies(at)
    assert not at.warning


def test_hostile_parameters_fall_back_to_defaults_with_a_notice(run_app):
    at = run_app(kommun="1784' OR '1'='1", kon="<script>", ar="1999; DROP TABLE status")
    assert at.selectbox(key="f_kommun").value == "0017"
    assert at.radio(key="f_kon").value == "T"
    notices = " ".join(w.value for w in at.warning)
    assert "okänt värde för kommun" in notices and "okänt värde för kön" in notices
    assert "okänt värde för år" in notices
    assert "DROP" not in notices and "<script>" not in notices
    assert str(at.query_params["kommun"]) in ("0017", "['0017']")


def test_widget_change_wins_over_the_url_it_wrote(run_app):
    at = run_app(kommun="1784")
    at.selectbox(key="f_kommun").select("1780").run()
    assert at.selectbox(key="f_kommun").value == "1780"
    assert "Visar <b>Karlstad</b>" in html_bodies(at)


def test_life_stage_page_lists_goals_and_indicator_rows(run_app, data_dir):
    at = run_app(page=STAGE_PAGE, kommun="1784")
    db = data_dir / "nyaperspektiv.duckdb"
    stage = db_rows(db, "select life_stage_id, name from life_stage order by sort_order limit 1")[0]
    assert at.title[0].value == stage[1]
    html = html_bodies(at)
    rows = db_rows(db, "select i.short_name, s.latest_value, i.unit, s.mark_label from indicator i "
                       "join status s using (indicator_id) where i.life_stage_id = ? and s.area_id = '1784' "
                       "and s.gender = 'T'", [stage[0]])
    assert rows
    for name, value, unit, label in rows:
        assert name in html
        assert fmt_value(value, unit, with_unit=unit == "percent") in html
        assert label in html
    goal_names = {r[0] for r in db_rows(db, "select distinct g.name from goal g join indicator_goal ig using (goal_id) "
                                            "join indicator i using (indicator_id) where i.life_stage_id = ?",
                                        [stage[0]])}
    headers = " ".join(h.value for h in at.subheader)
    assert all(name in headers for name in goal_names)
    assert 'src="data:image/svg+xml;base64,' in html
    assert "indikator?kommun=1784" in html


def test_watch_indicators_are_listed_apart_with_their_reason(run_app, data_dir):
    """Barnalivet (the first life stage): its watch indicators under their own heading, with the catalogue's
    reason, in their own table; goal 6 has only a watch indicator there and says it gets no colour."""
    at = run_app(page=STAGE_PAGE, kommun="1784")
    db = data_dir / "nyaperspektiv.duckdb"
    watched = db_rows(db, "select short_name, role_reason from indicator where role = 'watch' and life_stage_id = "
                          "(select life_stage_id from life_stage order by sort_order limit 1)")
    assert watched
    html = html_bodies(at)
    assert 'data-testid="np-watch-table"' in html
    assert "Bevakas – tolkas med försiktighet" in " ".join(m.value for m in at.markdown)
    for name, reason in watched:
        assert name in html and reason in html
    assert "Bevakas – ingen färg" in html
    assert any("ingen bedömd indikator" in c.value for c in at.caption)


def test_indicator_page_draws_trend_ranking_map_and_gender(run_app, data_dir):
    db = data_dir / "nyaperspektiv.duckdb"
    ind = db_rows(db, "select i.indicator_id from indicator i join series k using (series_id) "
                      "where k.is_divided_by_gender and i.indicator_id in "
                      "(select indicator_id from status where rank_in_county is not null) "  # ranked, so mapped
                      "order by i.sort_order limit 1")[0][0]
    at = run_app(page=INDICATOR_PAGE)
    at.query_params["ind"] = ind
    at.query_params["kommun"] = "1784"
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    specs = {c.proto.id: json.loads(c.proto.spec) for c in charts}
    titles = [s["layout"]["title"]["text"] for s in specs.values()]
    assert any("Arvika" in t for t in titles)
    assert any(t.startswith("De 16 kommunerna") for t in titles)
    assert any(t.startswith("Karta") for t in titles)
    assert any(t.startswith("Kvinnor och män") for t in titles)
    map_chart = next(c for c in charts if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Karta"))
    map_spec = json.loads(map_chart.proto.spec)
    assert len(map_spec["data"][0]["locations"]) == 16
    assert len(map_spec["data"][0]["geojson"]["features"]) == 16
    assert json.loads(map_chart.proto.config)["topojsonURL"] == "app/static/topojson/"
    trend = next(s for s in specs.values() if "Arvika" in s["layout"]["title"]["text"])
    assert {t["name"] for t in trend["data"]} >= {"Arvika", "Riket"}
    captions = " ".join(c.value for c in at.caption)
    assert "Källa: demodata (påhittade siffror)" in captions and "Egen bearbetning av demodata" in captions
    assert "Kolada" not in captions  # demo figures never carry a real source's name
    about = html_bodies(at)
    assert "Nästa publicering" in about and "Ingen – demodata publiceras inte" in about
    assert "planerad enligt Kolada" not in about


def test_indicator_page_draws_the_interval_the_comparison_used(run_app, data_dir):
    db = data_dir / "nyaperspektiv.duckdb"
    ind, year, value, low, high = db_rows(
        db, "select indicator_id, latest_year, latest_value, ci_low, ci_high from status "
            "where area_id = '1784' and gender = 'T' and uncertainty_source = 'wilson' "
            "order by indicator_id limit 1")[0]
    at = run_app(page=INDICATOR_PAGE)
    at.query_params["ind"] = ind
    at.query_params["kommun"] = "1784"
    at.run()
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    trend = next(s for s in specs if "Arvika" in s["layout"]["title"]["text"])
    bar = next(t for t in trend["data"] if t["name"].startswith("95 % konfidensintervall"))
    assert bar["name"] == f"95 % konfidensintervall {year} (Wilsonintervall för en andel av befolkningen)"
    assert bar["x"] == [year] and bar["y"] == [value]
    assert abs(bar["error_y"]["array"][0] - (high - value)) < 1e-9
    assert abs(bar["error_y"]["arrayminus"][0] - (value - low)) < 1e-9
    captions = " ".join(c.value for c in at.caption)
    assert f"{fmt_value(low, 'percent', with_unit=False)}–{fmt_value(high, 'percent')}" in captions
    assert "95 % konfidensintervall" in captions and "Wilsonintervall" in captions


def test_a_small_municipality_is_told_what_the_method_cannot_see(run_app, data_dir):
    db = data_dir / "nyaperspektiv.duckdb"
    ind, detectable = db_rows(
        db, "select indicator_id, detectable_change from status where area_id = '1760' and gender = 'T' "
            "and trend = 'stable' and explanation like '%minsta förändring som kan upptäckas här%' "
            "order by indicator_id limit 1")[0]
    assert detectable > 0
    at = run_app(page=INDICATOR_PAGE)
    at.query_params["ind"] = ind
    at.query_params["kommun"] = "1760"
    at.run()
    assert not at.exception
    assert "minsta förändring som kan upptäckas här är ungefär" in html_bodies(at)


def test_unknown_indicator_falls_back_with_a_notice(run_app):
    at = run_app(page=INDICATOR_PAGE)
    at.query_params["ind"] = "no_such_indicator"
    at.run()
    assert any("indikator" in w.value for w in at.warning)
    assert at.selectbox(key="f_ind").value != "no_such_indicator"


def test_profile_counts_better_and_worse_than_the_county(run_app, data_dir):
    """The profile shows the status table's own verdict against the county (vs_county), never its own rule."""
    at = run_app(page=PROFILE_PAGE, kommun="1784")
    db = data_dir / "nyaperspektiv.duckdb"
    better = db_rows(db, "select count(*) from status where area_id = '1784' and gender = 'T' "
                         "and vs_county = 'better'")[0][0]
    same = db_rows(db, "select count(*) from status where area_id = '1784' and gender = 'T' "
                       "and vs_county = 'same'")[0][0]
    metrics = {m.label: m.value for m in at.metric}
    n = db_rows(db, "select count(*) from indicator")[0][0]
    assert metrics["Bättre än länet"] == f"{better} av {n}"
    assert html_bodies(at).count("<tr>") >= n
    assert (same == 0) or "I nivå med länet" in html_bodies(at)


def test_method_page_renders_method_coverage_and_runs(run_app, data_dir):
    at = run_app(page=METHOD_PAGE)
    text = " ".join(m.value for m in at.markdown)
    assert "Så bedöms status" in text or "method.md" in " ".join(i.value for i in at.info)
    html = html_bodies(at)
    assert 'data-testid="np-coverage"' in html
    n = db_rows(data_dir / "nyaperspektiv.duckdb", "select count(*) from indicator")[0][0]
    coverage = html[html.index('data-testid="np-coverage"'):]
    coverage = coverage[:coverage.index("</table>")]
    assert coverage.count("<tr>") == n + 1
    assert 'data-testid="np-runs"' in html and "demodata" in html
    # no fetch run: the change log shows the demo's own change set, never a fetch from Kolada
    assert "Senaste ändringsomgång i demodatan: **demo-2**" in text
    assert 'data-testid="np-changes"' in html
    assert 'data-testid="np-sources"' in html  # each source with licence, last fetch, next publication


def test_every_page_runs_for_women(run_app):
    for page in (None, STAGE_PAGE, INDICATOR_PAGE, PROFILE_PAGE, METHOD_PAGE):
        at = run_app(page=page, kommun="1780", kon="K")
        assert not at.exception
