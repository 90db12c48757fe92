"""The target register in the meeting material (issue 21): the target sentence on cards, slides and handouts, the
target line on the screen chart, and "Målet nått – dags att höja ambitionen?" – on the demo's story."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from exports.handouts import handout_html
from exports.slides import target_block
from tests.apptest import run_app
from views.db import reader
from views.meeting.agenda import load_meeting
from views.meeting.screen_chart import screen_chart
from views.meeting.screen_targets import target_lines

P = "\u00a0%"
DECIDED = (f"Mål: 95{P} senast 2030 (beslutat av Politiska styrgruppen 2025-05-14, Politiskt inriktningsdokument "
           "2025–2027)")


def _line(meeting, indicator_id):
    return next(ln for s in meeting.screens for ln in s.all_indicators if ln.indicator_id == indicator_id)


def test_meeting_lines_carry_the_target_in_force_and_its_history(demo_db):
    with reader(demo_db) as run:
        county = load_meeting(run, "0017")
        karlstad = load_meeting(run, "1780")
    mpr = _line(county, "mpr_vaccination")
    assert mpr.target_text == DECIDED and mpr.target_level == 95.0 and mpr.target_due == 2030
    screen = next(s for s in county.screens if mpr in s.all_indicators)
    assert f"{mpr.short_name} – {DECIDED}" in target_block(screen).split("\n")  # the slide's target line
    assert mpr.target_short == f"Mål 95{P} senast 2030 (beslutat 2025-05-14)"  # the projector card's form
    raised = _line(county, "barn_i_forskola")
    assert raised.target_text.startswith(f"Mål: 92{P} senast 2030 (beslutat av Politiska styrgruppen 2026-11-18")
    assert raised.target_history.startswith(f"Höjer målet 85{P} senast 2027")
    assert _line(county, "daglig_rokning").target_text.startswith(f"Förslag till mål: 5{P} senast 2030 (förslag")
    own = _line(karlstad, "betyg_alla_amnen_ak9").target_text
    assert own.startswith(f"Mål för Karlstad: 75{P} senast 2028 (beslutat av Kommunfullmäktige i Karlstad")
    assert _line(county, "betyg_alla_amnen_ak9").target_text == ""  # Karlstad's own level is Karlstad's only


def test_handout_rows_say_the_target_and_the_handout_ends_with_the_met_targets(demo_db):
    with reader(demo_db) as run:
        meeting = load_meeting(run, "0017")
    html = handout_html(meeting, {})
    assert f"<div class='target'>{DECIDED}</div>" in html
    assert "<h2>Målet nått – dags att höja ambitionen?</h2>" in html
    heads = [head for head, _ in meeting.target_met_groups()]
    assert heads == [f"MPR-vaccinerade 2-åringar – {DECIDED}"]


def test_the_screen_chart_draws_the_target_line(demo_db):
    with reader(demo_db) as run:
        meeting = load_meeting(run, "0017", "barn")
    mpr = _line(meeting, "mpr_vaccination")
    screen = replace(next(s for s in meeting.screens if mpr in s.all_indicators), top=[mpr])  # its card first
    fig = screen_chart(meeting, screen)
    target = [t for t in fig.data if t.name and t.name.startswith("Mål ")]
    assert len(target) == 1 and set(target[0].y) == {95.0}


def test_a_presentation_screen_names_its_targets_under_the_spine(data_dir, demo_db):
    """Issue 21 item 3: the county's screen of the life stage with the MPR target says the target in its short form
    (body text, 18 px), the full sentence in the tooltip; a proposal's screen says it is a proposal."""
    with reader(demo_db) as run:
        county = load_meeting(run, "0017")
    mpr = _line(county, "mpr_vaccination")
    smoking = _line(county, "daglig_rokning")
    screens = {"mpr": next(s for s in county.screens if mpr in s.all_indicators),
               "proposal": next(s for s in county.screens if smoking in s.all_indicators)}
    at = run_app("app_pages/presentation.py", kommun="0017", presentation="1", skarm=str(screens["mpr"].number))
    html = "\n".join(h.proto.body for h in at.html)
    assert (f"<div class='np-pres-expl np-pres-body' data-testid='np-pres-target' "
            f"title='{escape(f'MPR-vaccinerade 2-åringar – {DECIDED}')}'>"
            f"MPR-vaccinerade 2-åringar – Mål 95{P} senast 2030 (beslutat 2025-05-14)</div>") in html
    assert html.index("data-testid='np-pres-targets'") < html.index("data-testid='np-pres-source'")  # above the sources
    assert len(at.get("plotly_chart")) >= 1  # the spine is still there
    at = run_app("app_pages/presentation.py", kommun="0017", presentation="1",
                 skarm=str(screens["proposal"].number))
    html = "\n".join(h.proto.body for h in at.html)
    assert f">Röker dagligen – Förslag till mål 5{P} senast 2030</div>" in html
    at = run_app("app_pages/presentation.py", kommun="0017", presentation="1", skarm="1")
    assert "data-testid='np-pres-targets'" not in "\n".join(h.proto.body for h in at.html)  # the overview has no spine


def test_more_targets_than_two_lines_are_counted_and_named_in_the_tooltip(demo_db):
    with reader(demo_db) as run:
        county = load_meeting(run, "0017")
    mpr = _line(county, "mpr_vaccination")
    screen = next(s for s in county.screens if mpr in s.all_indicators)
    others = [ln for ln in screen.all_indicators if not ln.target_short][:2]
    extra = [replace(ln, target_short="Mål <10 %", target_text="Mål: <10 % (beslutat av A & B)") for ln in others]
    screen = replace(screen, all_indicators=[mpr, mpr, *extra])  # a target shared by two rows is said once
    lines = target_lines(screen)
    assert [t.text for t in lines] == [f"MPR-vaccinerade 2-åringar – Mål 95{P} senast 2030 (beslutat 2025-05-14)",
                                       "… och 2 mål till"]
    assert lines[1].tooltip.split("\n") == [f"{ln.short_name} – Mål: <10 % (beslutat av A & B)" for ln in others]
    assert target_lines(replace(screen, all_indicators=[mpr, extra[0]]))[1].text.endswith("– Mål <10 %")
