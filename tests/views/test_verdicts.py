"""The legend's words for the roll-up come from method.yaml (indicators/rollup.py applies the same numbers)."""

from __future__ import annotations

from indicators.method import load_method
from views.verdicts import legend_lines, legend_note
from views.words import mark_word


def test_legend_note_states_the_roll_up_rule_of_method_yaml():
    cfg = load_method().rollup
    note = legend_note()
    assert f"minst {cfg.min_marks} av de färgade" in note
    assert f"minst {round(cfg.colour_share * 100)} % av dem" in note
    assert "grönt på samma sätt när de gröna är fler än de röda" in note
    assert f"färre än {cfg.min_judged} färgade" in note


def test_legend_uses_the_headline_words():
    assert [(m, w.split(" (")[0]) for m, w in legend_lines()] == [(m, mark_word(m))
                                                                 for m in ("green", "neutral", "yellow", "red", "grey")]
