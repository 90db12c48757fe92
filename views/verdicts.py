"""One verdict per goal per scope, and the one vocabulary for marks. Pure over a `Runner`.

A goal shown under a life stage is judged on that life stage's own indicators (the `life_stage_goal_status` table);
every view – the overview, the life-stage pages, presentation mode, the slides and the handouts – reads it through
`stage_goal_verdicts`, so the same goal never gets two colours. A goal judged across all life stages (`goal_status`)
says so in its title (`goal_title(..., all_stages=True)`).

The words for the four marks come from indicators/method.yaml (labels.rollup) and are the same on the legend, the
headlines and the rows; a row adds its reason ("Bättre än riket", "För långsamt") after the mark's colour name.

`run` is any `run(sql_name, params) -> pl.DataFrame` over views/sql: dashboard.data.query in the app,
views.db.reader(path) in the exports.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from indicators.method import load_method
from views import theme
from views.db import Runner
from views.words import mark_word

MARK_ORDER = ("green", "neutral", "yellow", "red", "grey")
ALL_STAGES = "alla livsskeden"


def stage_goal_verdicts(run: Runner, area_id: str, gender: str) -> pl.DataFrame:
    """Per (life_stage_id, goal_id): the goal judged on that life stage's indicators, with counts and decided_by."""
    return run("overview_goals", [area_id, gender])


def goal_prefix(kind: str, number: int) -> str:
    """'Mål 3' for a shared goal, 'Målområde 2' for a life stage's own goal area."""
    return f"{'Mål' if kind == 'shared' else 'Målområde'} {number}"


def goal_title(kind: str, number: int, name: str, *, all_stages: bool = False) -> str:
    """'Mål 1: Stödja fler …'; a goal judged across every life stage: 'Mål 1 (alla livsskeden): …'."""
    scope = f" ({ALL_STAGES})" if all_stages else ""
    return f"{goal_prefix(kind, number)}{scope}: {name}"


def mark_words() -> dict[str, str]:
    """mark -> its words ('Går åt rätt håll', 'Inga tydliga skillnader', 'Blandat', 'Går åt fel håll',
    'Kan inte bedömas'), from method.yaml."""
    return {m: mark_word(m) for m in MARK_ORDER}


@cache
def reason_examples() -> dict[str, list[str]]:
    """mark -> the row reasons that can carry it (from method.yaml), for the legend."""
    ts = load_method().labels.target_status
    return {"green": [ts.met, ts.on_pace, ts.better_riket], "neutral": [ts.same_riket, ts.same_lan],
            "yellow": [ts.too_slow], "red": [ts.wrong_direction, ts.worse_riket], "grey": []}


LEGEND_NOTE = ("Samma färg betyder samma sak överallt. En indikator visar dessutom skälet, till exempel "
               "”{green}” eller ”{yellow}”. Ett mål eller ett livsskede är rött när minst {min_marks} av de "
               "färgade indikatorerna, och minst {share} av dem, är röda och de röda är fler än de gröna; "
               "grönt på samma sätt när de gröna är fler än de röda; annars gult. Med färre än {min_judged} "
               "färgade avgörs det av en indikator. Ett mål under ett livsskede bedöms bara på det livsskedets "
               "indikatorer. Bevakade indikatorer får ingen färg och räknas inte in.")


def legend_lines() -> list[tuple[str, str]]:
    """(mark, 'Går åt rätt håll – t.ex. Målet nått, På väg') for each mark, in order."""
    out = []
    for mark in MARK_ORDER:
        examples = reason_examples()[mark]
        tail = f" (t.ex. {', '.join(e.lower() for e in examples[:2])})" if examples else ""
        out.append((mark, mark_words()[mark] + tail))
    return out


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def legend_note() -> str:
    """The legend's note: the roll-up rule in words, with the thresholds read from method.yaml (indicators/rollup.py
    applies them; this only says what they are)."""
    ex = reason_examples()
    cfg = load_method().rollup
    return LEGEND_NOTE.format(green=ex["green"][2], yellow=ex["yellow"][0], share=_percent(cfg.colour_share),
                              min_judged=cfg.min_judged, min_marks=cfg.min_marks)


def legend_text() -> str:
    """The legend as one line of plain text (slides, handouts)."""
    items = ", ".join(f"{theme.mark_style(m).symbol} {mark_words()[m].lower()}" for m in MARK_ORDER)
    return f"Färg, symbol och ord: {items}. ↑ förbättras, → oförändrat, ↓ försämras."
