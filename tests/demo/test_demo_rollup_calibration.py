"""Issues 8 and 19 on the demo database: every coloured distribution headline follows the binomial rule of
indicators/rollup.py (more red – or green – marks than chance explains, and more than of the other colour), and
the roll-up never makes a colour more common among headlines than among the marks it summarises (it neither
amplifies red nor green). The flat-world chance of a red headline per group size is tested in tests/status."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from indicators.method import load_method
from indicators.rollup import needed_marks, red_shares


def _frame(db, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


def _shares(db, colour: str) -> dict[str, tuple[float, int]]:
    status = _frame(db, "SELECT role, mark FROM status")
    return red_shares(status, {
        "goal": _frame(db, "SELECT mark FROM goal_status WHERE headline_basis = 'distribution'"),
        "life_stage": _frame(db, "SELECT mark FROM life_stage_status WHERE headline_basis = 'distribution'"),
    }, colour)


@pytest.mark.parametrize("table", ["goal_status", "life_stage_status", "life_stage_goal_status"])
def test_every_coloured_headline_follows_the_binomial_rule(demo_db, table) -> None:
    cfg = load_method().rollup
    frame = _frame(demo_db, f"SELECT mark, n_green, n_red, n_judged FROM {table} WHERE headline_basis = 'distribution'")
    assert frame.height > 50
    for mark, n_green, n_red, n_judged in frame.iter_rows():
        need = needed_marks(n_judged, cfg)
        red = need is not None and n_red >= need and n_red > n_green
        green = need is not None and n_green >= need and n_green > n_red
        assert (mark == "red") == red and (mark == "green") == green, (mark, n_green, n_red, n_judged)


@pytest.mark.parametrize("colour", ["red", "green"])
@pytest.mark.parametrize("level", ["goal", "life_stage"])
def test_the_roll_up_never_amplifies_a_colour(demo_db, colour, level) -> None:
    shares = _shares(demo_db, colour)
    marks, n_marks = shares["marks"]
    headlines, n_headlines = shares[level]
    assert n_marks > 500 and n_headlines > 50 and marks > 0.03
    assert headlines <= marks + 0.05, f"{level}: {headlines:.1%} {colour} headlines against {marks:.1%} marks"


def test_red_shares_counts_coloured_outcome_marks_only() -> None:
    status = pl.DataFrame({"role": ["outcome", "outcome", "outcome", "watch", "outcome"],
                           "mark": ["red", "green", "grey", "grey", "yellow"]})
    goals = pl.DataFrame({"mark": ["red", "grey", "yellow", "yellow"]})
    result = red_shares(status, {"goal": goals})
    assert result["marks"] == (pytest.approx(1 / 3), 3)
    assert result["goal"] == (pytest.approx(1 / 3), 3)
    assert red_shares(status, {"goal": goals}, "green")["marks"] == (pytest.approx(1 / 3), 3)
