"""The target register where decisions are made (issue 21), on the demo's story: a decided target met two years in a
row (MPR vaccination 95 %), a raised target with its history (förskola 85 → 92 %), Karlstad's own target, a proposal
(daily smoking 5 %) and a direction target decided since the previous meeting."""

from __future__ import annotations

import json

from dash_helpers import db_rows, html_bodies

INDICATOR_PAGE = "app_pages/indikator.py"
PROFILE_PAGE = "app_pages/kommunprofil.py"
NEWS_PAGE = "app_pages/nytt_sedan.py"
P = "\u00a0%"  # a number and its unit are never split over two lines
def open_page(run_app, page: str, **query: str):
    """The page with its query parameters set after the router ran (as a link opens it)."""
    at = run_app(page=page)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


DECIDED = (f"Mål: 95{P} senast 2030 (beslutat av Politiska styrgruppen 2025-05-14, Politiskt inriktningsdokument "
           "2025–2027)")


def test_indicator_page_says_the_decided_target_and_draws_its_line(run_app):
    at = open_page(run_app, INDICATOR_PAGE, ind="mpr_vaccination")
    html = html_bodies(at)
    assert f"<b>{DECIDED}</b>" in html  # under the verdict
    assert html.count(DECIDED) >= 2  # and in the 'Om indikatorn' table's Mål row
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    line = next(t for t in figure["data"] if t["name"] == f"Mål 95{P} senast 2030")  # the target line
    assert set(line["y"]) == {95.0}


def test_a_raised_target_shows_its_history_and_a_proposal_says_forslag(run_app):
    raised = open_page(run_app, INDICATOR_PAGE, ind="barn_i_forskola")
    html = html_bodies(raised)
    assert f"Mål: 92{P} senast 2030 (beslutat av Politiska styrgruppen 2026-11-18" in html
    assert f"Höjer målet 85{P} senast 2027 (beslutat av Politiska styrgruppen 2023-03-15" in html
    proposal = html_bodies(open_page(run_app, INDICATOR_PAGE, ind="daglig_rokning"))
    assert f"Förslag till mål: 5{P} senast 2030 (förslag, Tobacco Endgame" in proposal


def test_karlstads_own_target_comes_first_on_its_profile(run_app, data_dir):
    at = open_page(run_app, PROFILE_PAGE, kommun="1780")
    html = html_bodies(at)
    targets = [t for t in html.split('data-testid="np-profile-target" data-target="')[1:]]
    ids = [t.split('"', 1)[0] for t in targets]
    assert ids[0] == "karlstad_betyg_ak9_75"
    assert f"Mål för Karlstad: 75{P} senast 2028 (beslutat av Kommunfullmäktige i Karlstad 2024-06-13" in html
    assert set(ids) >= {"mpr_vaccination_95", "barn_i_forskola_92", "daglig_rokning_endgame"}
    assert "barn_i_forskola_85" not in ids  # raised: history, not a current target
    kil = html_bodies(open_page(run_app, PROFILE_PAGE, kommun="1715"))
    assert "karlstad_betyg_ak9_75" not in kil and "mpr_vaccination_95" in kil


def test_target_met_two_years_is_listed_on_the_overview(run_app, data_dir):
    met = db_rows(data_dir / "nyaperspektiv.duckdb",
                  "select distinct target_id from status where gender = 'T' and target_met_years >= 2")
    assert met == [("mpr_vaccination_95",)]
    html = html_bodies(run_app())
    assert "Målet nått – dags att höja ambitionen?" in html
    assert "MPR-vaccinerade 2-åringar – " + DECIDED in html


def test_news_since_the_meeting_lists_new_and_raised_targets_and_the_met_one(run_app):
    at = open_page(run_app, NEWS_PAGE)
    html = html_bodies(at)
    subheaders = [s.value for s in at.subheader]
    assert "Nya och höjda mål (2)" in subheaders
    assert any(s.startswith("Målet nått – dags att höja ambitionen? (") for s in subheaders)
    assert "Höjt mål" in html and f"Mål: 92{P} senast 2030" in html
    assert "Nytt mål" in html and "ska minska senast 2027" in html


def test_each_goal_names_the_steering_documents_it_serves(run_app):
    html = html_bodies(run_app("app_pages/livsskede.py"))
    assert 'data-testid="np-goal-documents"' in html
    # Barnalivet's goal 1 serves three documents (goals.yaml links: sfh, varmlandsstrategin, fhm)
    assert "Styrdokument: Nationella folkhälsopolitiska mål, SKR Strategi för hälsa, Värmlandsstrategin" in html
