"""Roll-up: the distribution first, a headline from at least two judged marks, watch indicators and overlaps."""

from __future__ import annotations

import polars as pl
import pytest
from status_helpers import make_catalogue, make_indicator

from indicators.rollup import build_rollups, counted_marks, headline


@pytest.mark.parametrize(("marks", "colour", "basis", "decided_by"), [
    # 7 green, 1 yellow, 3 red (Forshaga Vuxenlivet in the issue): not "Går åt fel håll"; green outweighs red
    # (the same rule as for red), and the two reds are named as pulling it down
    ([*[(f"g{n}", "green") for n in range(7)], ("y", "yellow"), ("r1", "red"), ("r2", "red"), ("r3", "red")],
     "green", "distribution", ["r1", "r2"]),
    ([("a", "red"), ("b", "red"), ("c", "green")], "red", "distribution", ["a", "b"]),
    ([("a", "red"), ("b", "green")], "yellow", "distribution", ["a"]),     # half red, not more red than green
    # one red never turns a group red, however small the group (at least min_marks = 2 red marks)
    ([("a", "red"), ("b", "yellow")], "yellow", "distribution", ["a", "b"]),
    ([("a", "red"), ("b", "yellow"), ("c", "yellow")], "yellow", "distribution", ["a", "b"]),
    # two red of eight (25 %), more red than green: red; the same with three green: green (3 of 8, more than red)
    ([("a", "red"), ("b", "red"), *[(f"y{n}", "yellow") for n in range(5)], ("g", "green")],
     "red", "distribution", ["a", "b"]),
    ([("a", "red"), ("b", "red"), *[(f"y{n}", "yellow") for n in range(3)], *[(f"g{n}", "green") for n in range(3)]],
     "green", "distribution", ["a", "b"]),
    ([("a", "red"), ("b", "red"), *[(f"y{n}", "yellow") for n in range(4)], *[(f"g{n}", "green") for n in range(2)]],
     "yellow", "distribution", ["a", "b"]),                              # as many green as red: yellow
    # two red of nine (22 %) is below the share: yellow
    ([("a", "red"), ("b", "red"), *[(f"y{n}", "yellow") for n in range(7)]], "yellow", "distribution", ["a", "b"]),
    ([("a", "green"), ("b", "green")], "green", "distribution", []),
    # one green never turns a group green (the mirror of one red)
    ([("a", "green"), ("b", "yellow")], "yellow", "distribution", ["b"]),
    ([("a", "green"), ("b", "yellow"), ("c", "yellow")], "yellow", "distribution", ["b", "c"]),
    # three green and one red: green, the red named as pulling it down (the mirror of red, red, green)
    ([("a", "green"), ("b", "red"), ("c", "green"), ("d", "green")], "green", "distribution", ["b"]),
    ([("a", "green"), ("b", "green"), ("c", "red")], "green", "distribution", ["c"]),
    ([("a", "yellow"), ("b", "yellow")], "yellow", "distribution", ["a", "b"]),
    ([("a", "red")], "red", "single", ["a"]),                                   # one judged indicator
    ([("a", "grey"), ("b", "green"), ("c", "grey")], "green", "single", ["b"]),  # grey is not judged
    ([("a", "grey"), ("b", "grey")], "grey", "none", []),
    # nothing pulls either way: neutral ("Inga tydliga skillnader"); a neutral mark pulls nothing down
    ([("a", "neutral"), ("b", "neutral")], "neutral", "distribution", []),
    ([("a", "neutral"), ("b", "red"), ("c", "neutral")], "neutral", "distribution", ["b"]),
    ([("a", "green"), ("b", "red"), ("c", "neutral")], "yellow", "distribution", ["b"]),  # both ways: mixed
    ([("a", "neutral"), ("b", "yellow")], "yellow", "distribution", ["b"]),
    ([("a", "grey"), ("b", "neutral")], "neutral", "single", ["b"]),
    ([], "grey", "none", []),
])
def test_headline_rule(method, marks, colour, basis, decided_by) -> None:
    assert headline(marks, method.rollup) == (colour, basis, decided_by)


SWAP = {"red": "green", "green": "red", "yellow": "yellow", "neutral": "neutral", "grey": "grey"}


@pytest.mark.parametrize("n", range(2, 9))
def test_the_rule_is_symmetric(method, n) -> None:
    """Swapping every red and green mark swaps a red and a green headline (one rule for both colours)."""
    import itertools
    for combo in itertools.combinations_with_replacement(("red", "yellow", "neutral", "green"), n):
        slots = [(f"i{k}", c) for k, c in enumerate(combo)]
        colour, _, _ = headline(slots, method.rollup)
        mirrored, _, _ = headline([(i, SWAP[c]) for i, c in slots], method.rollup)
        assert mirrored == SWAP[colour], combo


def test_a_pair_that_counts_with_each_other_counts_once(method) -> None:
    sluten = make_indicator("sluten", "N00001")
    alla = make_indicator("alla", "N00002", counts_with="sluten")
    other = make_indicator("annat", "N00003")
    members = [sluten, alla, other]
    assert counted_marks(members, {"sluten": "red", "alla": "red", "annat": "green"}) == [("sluten", "red"),
                                                                                          ("annat", "green")]
    # The partner stands in when the first has no colour.
    assert counted_marks(members, {"sluten": "grey", "alla": "yellow", "annat": "green"}) == [("alla", "yellow"),
                                                                                              ("annat", "green")]


def test_rollup_rows_and_explanation(method) -> None:
    inds = [make_indicator("a", "N00001", goals=("g1",), short_name="Första"),
            make_indicator("b", "N00002", goals=("g1", "g2"), short_name="Andra"),
            make_indicator("c", "N00003", goals=("g1",), life_stage="ls2", short_name="Tredje"),
            make_indicator("w", "N00004", goals=("g1",), short_name="Bevakat", role="watch")]
    cat = make_catalogue(inds)
    status = pl.DataFrame({
        "indicator_id": ["a", "b", "c", "w", "a", "b", "c", "w"],
        "area_id": ["1780"] * 4 + ["0017"] * 4,
        "gender": ["T"] * 8,
        "mark": ["green", "red", "yellow", "grey", "grey", "grey", "grey", "grey"],
        "mark_label": ["Bättre än riket", "Sämre än riket", "För långsamt", "Bevakas – ingen färg"]
        + ["Underlag saknas"] * 4,
    })
    goals, stages, pairs = build_rollups(status, cat, method, {"1780": "Karlstad", "0017": "Hela Värmland"})
    g1 = goals.filter((pl.col("goal_id") == "g1") & (pl.col("area_id") == "1780")).row(0, named=True)
    assert {k: g1[k] for k in ("n_green", "n_neutral", "n_yellow", "n_red", "n_grey", "n_watch", "n_total",
                               "n_judged")} == {
        "n_green": 1, "n_neutral": 0, "n_yellow": 1, "n_red": 1, "n_grey": 0, "n_watch": 1, "n_total": 4, "n_judged": 3}
    assert (g1["mark"], g1["mark_label"], g1["decided_by"], g1["headline_basis"]) == (
        "yellow", "Blandat", ["b", "c"], "distribution")
    assert g1["explanation"] == ("Karlstad: 1 grön, 0 i nivå, 1 gul, 1 röd och 0 utan underlag; 1 bevakas utan färg; "
                                 "drar ned: Andra (röd) och Tredje (gul).")
    g2 = goals.filter((pl.col("goal_id") == "g2") & (pl.col("area_id") == "1780")).row(0, named=True)
    assert (g2["mark"], g2["mark_label"], g2["headline_basis"]) == (
        "red", "Går åt fel håll", "single")  # a goal decided by one indicator: the same headline words
    assert g2["explanation"].endswith("avgörs av en indikator: Andra (röd).")
    county = goals.filter((pl.col("goal_id") == "g1") & (pl.col("area_id") == "0017")).row(0, named=True)
    assert (county["mark"], county["mark_label"], county["n_grey"], county["headline_basis"]) == (
        "grey", "Kan inte bedömas", 3, "none")
    ls2 = stages.filter((pl.col("life_stage_id") == "ls2") & (pl.col("area_id") == "1780")).row(0, named=True)
    assert (ls2["n_total"], ls2["mark"], ls2["decided_by"]) == (1, "yellow", ["c"])
    assert goals.schema["decided_by"] == pl.List(pl.String)
    in_ls2 = pairs.filter((pl.col("life_stage_id") == "ls2") & (pl.col("goal_id") == "g1")
                          & (pl.col("area_id") == "1780")).row(0, named=True)
    assert (in_ls2["n_total"], in_ls2["mark"], in_ls2["decided_by"]) == (1, "yellow", ["c"])


def test_a_goal_with_only_watch_indicators_says_so(method) -> None:
    cat = make_catalogue([make_indicator("w", "N00004", goals=("g1",), role="watch")], goals=("g1",))
    status = pl.DataFrame({"indicator_id": ["w"], "area_id": ["1780"], "gender": ["T"], "mark": ["grey"],
                           "mark_label": ["Bevakas – ingen färg"]})
    goals, _, _ = build_rollups(status, cat, method, {"1780": "Karlstad"})
    row = goals.row(0, named=True)
    assert (row["mark"], row["mark_label"], row["n_watch"], row["n_judged"]) == (
        "grey", "Kan inte bedömas", 1, 0)
    assert row["explanation"].endswith("ingen bedömd indikator med värde.")
