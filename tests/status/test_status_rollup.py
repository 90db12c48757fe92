"""Roll-up: counts per colour and the SDSN 'two worst' headline."""

from __future__ import annotations

import polars as pl
import pytest
from status_helpers import make_catalogue, make_indicator

from indicators.rollup import build_rollups, headline


@pytest.mark.parametrize(("marks", "colour", "decided_by"), [
    ([("a", "green"), ("b", "red"), ("c", "green"), ("d", "green")], "yellow", ["b", "a"]),  # red cannot hide
    ([("a", "red"), ("b", "red"), ("c", "green")], "red", ["a", "b"]),
    ([("a", "green"), ("b", "green")], "green", ["a", "b"]),
    ([("a", "yellow"), ("b", "green"), ("c", "red")], "yellow", ["c", "a"]),
    ([("a", "yellow"), ("b", "yellow")], "yellow", ["a", "b"]),
    ([("a", "red")], "red", ["a"]),                                # one judged indicator decides alone
    ([("a", "grey"), ("b", "green"), ("c", "grey")], "green", ["b"]),  # grey is not judged
    ([("a", "grey"), ("b", "grey")], "grey", []),
    ([], "grey", []),
])
def test_headline_two_worst(marks, colour, decided_by) -> None:
    assert headline(marks, 2) == (colour, decided_by)


def test_a_single_red_among_greens_does_not_make_the_goal_red() -> None:
    marks = [(f"i{n}", "green") for n in range(9)] + [("bad", "red")]
    assert headline(marks, 2) == ("yellow", ["bad", "i0"])


def test_rollup_rows_and_explanation(method) -> None:
    inds = [make_indicator("a", "N00001", goals=("g1",), short_name="Första"),
            make_indicator("b", "N00002", goals=("g1", "g2"), short_name="Andra"),
            make_indicator("c", "N00003", goals=("g1",), life_stage="ls2", short_name="Tredje")]
    cat = make_catalogue(inds)
    status = pl.DataFrame({
        "indicator_id": ["a", "b", "c", "a", "b", "c"],
        "area_id": ["1780", "1780", "1780", "0017", "0017", "0017"],
        "gender": ["T"] * 6,
        "mark": ["green", "red", "yellow", "grey", "grey", "grey"],
    })
    goals, stages, pairs = build_rollups(status, cat, method, {"1780": "Karlstad", "0017": "Hela Värmland"})
    g1 = goals.filter((pl.col("goal_id") == "g1") & (pl.col("area_id") == "1780")).row(0, named=True)
    assert {k: g1[k] for k in ("n_green", "n_yellow", "n_red", "n_grey", "n_total")} == {
        "n_green": 1, "n_yellow": 1, "n_red": 1, "n_grey": 0, "n_total": 3}
    assert (g1["mark"], g1["mark_label"], g1["decided_by"]) == ("yellow", "Blandat", ["b", "c"])
    assert g1["explanation"] == ("Karlstad: 1 grön, 1 gul, 1 röd och 0 utan underlag av 3 indikatorer; "
                                 "avgörs av de två svagaste: Andra (röd) och Tredje (gul).")
    g2 = goals.filter((pl.col("goal_id") == "g2") & (pl.col("area_id") == "1780")).row(0, named=True)
    assert (g2["mark"], g2["mark_label"], g2["n_total"]) == ("red", "Går åt fel håll", 1)
    county = goals.filter((pl.col("goal_id") == "g1") & (pl.col("area_id") == "0017")).row(0, named=True)
    assert (county["mark"], county["mark_label"], county["n_grey"]) == ("grey", "Underlag saknas", 3)
    assert county["explanation"].endswith("inget värde att bedöma.")
    ls2 = stages.filter((pl.col("life_stage_id") == "ls2") & (pl.col("area_id") == "1780")).row(0, named=True)
    assert (ls2["n_total"], ls2["mark"], ls2["decided_by"]) == (1, "yellow", ["c"])
    assert goals.schema["decided_by"] == pl.List(pl.String)
    # Within a life stage, a goal is judged on that life stage's indicators only: in ls2, g1 is just "c".
    in_ls2 = pairs.filter((pl.col("life_stage_id") == "ls2") & (pl.col("goal_id") == "g1")
                          & (pl.col("area_id") == "1780")).row(0, named=True)
    assert (in_ls2["n_total"], in_ls2["mark"], in_ls2["decided_by"]) == (1, "yellow", ["c"])
    in_karlstad = pairs.filter(pl.col("area_id") == "1780").iter_rows(named=True)
    first = {(r["life_stage_id"], r["goal_id"]) for r in in_karlstad}
    assert first == {(cat.life_stages[0].id, "g1"), (cat.life_stages[0].id, "g2"), ("ls2", "g1")}
