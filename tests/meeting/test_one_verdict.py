"""One goal, one verdict: the same (life stage, goal) rendered by every view gets the same mark, words and counts.

The goal is chosen so that its verdict on one life stage's indicators differs from its verdict across all life
stages (goal_status); a view that used the wrong scope would show the other colour and fail here.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation

from exports.handouts import handout_html
from exports.slides import export_slides
from tests.apptest import run_app
from views import theme
from views.db import reader
from views.meeting.agenda import load_meeting
from views.verdicts import goal_title
from views.words import mark_word

pytestmark = pytest.mark.duration(10)

AREA = "1780"
STAGE = "barn"  # AppTest's switch_page to the life-stage script opens the first life stage


@pytest.fixture(scope="module")
def case(demo_db: Path) -> dict:
    """A goal under STAGE whose stage verdict differs from its all-stages verdict, with the stage verdict."""
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        row = con.execute(
            "SELECT l.goal_id, g.kind, g.number, g.name, l.mark, l.mark_label, l.n_green, l.n_neutral, "
            "l.n_yellow, l.n_red, l.n_grey FROM life_stage_goal_status l "
            "JOIN goal_status a USING (goal_id, area_id, gender) "
            "JOIN goal g USING (goal_id) WHERE l.life_stage_id = ? AND l.area_id = ? AND l.gender = 'T' "
            "AND (l.mark <> a.mark OR l.n_total <> a.n_total) ORDER BY l.mark <> a.mark DESC, g.sort_order LIMIT 1",
            [STAGE, AREA]).fetchone()
    finally:
        con.close()
    assert row is not None, "the demo database should hold a goal judged differently per life stage"
    keys = ["goal_id", "kind", "number", "name", "mark", "mark_label", "green", "neutral", "yellow", "red", "grey"]
    return dict(zip(keys, row, strict=True))


def _counts(case: dict) -> tuple[int, ...]:
    return (case["green"], case["neutral"], case["yellow"], case["red"], case["grey"])


def _badge(html: str) -> tuple[str, str]:
    """(data-mark, words) of the first mark badge in `html`."""
    m = re.search(r'class="np-mark[^"]*" data-mark="(\w+)".*?<span class="np-words">([^<]*)</span>', html, re.S)
    assert m, html[:500]
    return m.group(1), m.group(2)


def _chips(html: str) -> tuple[int, ...]:
    """The five numbers of the first count_chips in `html` (green, neutral, yellow, red, grey)."""
    found = re.findall(r'<span class="np-chip" data-mark="(\w+)"[^>]*><span[^>]*>[^<]*</span>(\d+)', html)
    counts = dict(found[:5])
    return tuple(int(counts[m]) for m in ("green", "neutral", "yellow", "red", "grey"))


def _app(page: str, **query: str) -> str:
    return "\n".join(h.proto.body for h in run_app(page, **query).html)


def test_one_goal_has_one_verdict_in_every_view(case, data_dir, demo_db, tmp_path):
    goal, expected = case["goal_id"], (case["mark"], case["mark_label"])
    title_end = f": {case['name']}"

    # 1. the overview: the goal's cell in the goal × life-stage matrix, and the goal inside the life stage's card
    html = _app("app_pages/oversikt.py", kommun=AREA)
    matrix, cards = html.split('data-testid="np-matrix"', 1)[1].split("</table>", 1)
    words = escape(f"{goal_title(case['kind'], case['number'], case['name'])}, Barnalivet: {case['mark_label']}",
                   quote=True)
    assert re.search(f'data-mark="{case["mark"]}" role="img" aria-label="{re.escape(words)}"', matrix), matrix[:300]
    card = cards.split(f'data-stage="{STAGE}"', 1)[1].split('data-testid="np-stage"', 1)[0]
    block = card.split(f'data-goal="{goal}"', 1)[1]
    assert _badge(block) == expected
    assert _chips(block) == _counts(case)

    # 2. the life-stage page: the goal's heading line
    html = _app("app_pages/livsskede.py", kommun=AREA)
    block = html.split(f'data-testid="np-goal-head" data-goal="{goal}"', 1)[1]
    assert _badge(block) == expected
    assert _chips(block) == _counts(case)

    # 3. presentation mode: the goal's screen under this life stage, and its line on the overview screen
    with reader(demo_db) as run:
        meeting = load_meeting(run, AREA)
    screen = meeting.goal_screen(STAGE, goal)
    assert screen is not None and screen.title.endswith(title_end)
    html = _app("app_pages/presentation.py", kommun=AREA, presentation="1", skarm=str(screen.number))
    assert f"Skärm {screen.number} av" in html and title_end in html
    head = html.split("data-testid='np-pres-head'", 1)[1]
    assert _badge(head) == expected
    assert _chips(head) == _counts(case)
    html = _app("app_pages/presentation.py", kommun=AREA, presentation="1", skarm="1")
    line = html.split(f"data-stage='{STAGE}' data-goal='{goal}'>", 1)[1]
    assert _badge(line) == (case["mark"], mark_word(case["mark"]))  # the compact screen: colour word

    # 4. the slides: the goal's slide has the same badge words and counts
    deck = Presentation(str(export_slides(demo_db, tmp_path / "d.pptx", scope=f"area:{AREA}")))
    slide = list(deck.slides)[screen.number]  # slide 1 is the title slide, then the screens in order
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert texts[1].endswith(title_end) and texts[0].startswith("Barnalivet · ")
    symbol = theme.mark_style(case["mark"]).symbol
    assert f"{symbol} {case['mark_label']}" in texts
    assert (f"{case['green']} grön" in " ".join(texts)) and (f"{case['red']} röd" in " ".join(texts))

    # 5. the handout: the goal's line in the life stage's section
    html = handout_html(meeting, {})
    section = html.split("<h2>Barnalivet</h2>", 1)[1].split("<section>", 1)[0]
    item = section.split(f"data-goal='{goal}'>", 1)[1]
    # the handout's compact goal list names the mark by its colour word (the legend's vocabulary)
    assert item.startswith("<span class='badge small'") and f"{symbol} {mark_word(case['mark'])}</span>" in item
