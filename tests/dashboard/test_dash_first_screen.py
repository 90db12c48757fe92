"""Översikt's first screen (AppTest over the demo database): every life stage's headline and the goal × life-stage
matrix, each cell the goal's mark in that life stage as life_stage_goal_status says; the legend on one line with the
five marks in the method's words."""

from __future__ import annotations

import re

from dash_helpers import db_rows, html_bodies

from views.verdicts import MARK_ORDER
from views.words import mark_word


def test_overview_matrix_holds_every_headline_and_every_goal_cell(run_app, data_dir):
    db = data_dir / "nyaperspektiv.duckdb"
    for area in ("0017", "1762"):
        at = run_app(kommun=area)
        html = html_bodies(at)
        matrix = html[html.index('data-testid="np-matrix"'):]
        matrix = matrix[:matrix.index("</table>")]
        headlines = dict(re.findall(r'data-testid="np-stage-headline" data-stage="(\w+)"><span class="np-mark '
                                    r'np-mark-sm" data-mark="(\w+)"', matrix))
        assert headlines == dict(db_rows(db, "select life_stage_id, mark from life_stage_status "
                                             "where area_id = ? and gender = 'T'", [area]))
        cells = set(re.findall(r'<td data-goal="(\w+)"><span class="np-cell" data-mark="(\w+)" role="img" '
                               r'aria-label="[^"]*, ([^",:]+): ', matrix))
        names = dict(db_rows(db, "select life_stage_id, name from life_stage"))
        # every goal a life stage's indicators link to; no roll-up row (only watch indicators there): grey
        expected = {(g, m, names[s]) for s, g, m in db_rows(
            db, "select l.life_stage_id, l.goal_id, coalesce(s.mark, 'grey') from (select distinct i.life_stage_id, "
                "ig.goal_id from indicator i join indicator_goal ig using (indicator_id)) l "
                "left join life_stage_goal_status s on s.life_stage_id = l.life_stage_id and s.goal_id = l.goal_id "
                "and s.area_id = ? and s.gender = 'T'", [area])}
        assert cells == expected
        n_goals = db_rows(db, "select count(distinct goal_id) from indicator_goal")[0][0]
        assert matrix.count('data-testid="np-matrix-goal"') == n_goals


def test_legend_names_the_five_marks_in_the_methods_words(run_app):
    html = html_bodies(run_app())
    legend = html[html.index('data-testid="np-legend"'):]
    summary = legend[:legend.index("</summary>")]
    assert re.findall(r'data-mark="(\w+)"', summary) == list(MARK_ORDER)
    for mark in MARK_ORDER:
        assert mark_word(mark) in summary
    assert "Förklaring" in summary and "np-legend-note" in legend   # the long form behind the one line
