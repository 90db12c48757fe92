"""Properties of the status method (hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from status_helpers import MUNICIPALITIES, kpi_frame, make_catalogue, make_indicator, observations, register_target

from indicators.compute import compute_status_tables
from indicators.method import load_method
from indicators.rollup import goal_members, life_stage_members
from indicators.status import RowContext, assess_trend, judge, rank_values
from indicators.uncertainty import Uncertainty

METHOD = load_method()
SEVERITY = {"red": 0, "yellow": 1, "neutral": 1, "green": 2}
FLIP = {"improving": "worsening", "worsening": "improving", "stable": "stable", "short_series": "short_series"}
MIRROR = {"green": "red", "red": "green", "yellow": "yellow", "neutral": "neutral", "grey": "grey"}
DIRECTIONS = ("higher_is_better", "lower_is_better")

values = st.floats(min_value=0.5, max_value=1000, allow_nan=False, allow_infinity=False)


@st.composite
def series(draw, min_size: int = 0, max_size: int = 8) -> list[tuple[int, float]]:
    years = draw(st.lists(st.integers(2000, 2030), min_size=min_size, max_size=max_size, unique=True))
    return sorted((y, draw(values)) for y in years)


targets = st.one_of(
    st.none(),
    st.builds(lambda v, by, base: {"kind": "value", "value": v, "by": by, "baseline_year": base},
              values, st.integers(2000, 2040), st.one_of(st.none(), st.integers(1995, 2035))),
    st.sampled_from([{"kind": "better_than", "reference": "riket"}, {"kind": "better_than", "reference": "lan"}]),
)


# Where the uncertainty comes from: Kolada's half-width, a denominator population, or the series itself.
sources = st.one_of(
    st.builds(lambda h: ("kolada", h), st.floats(min_value=0.01, max_value=50)),
    st.builds(lambda n: ("population", n), st.floats(min_value=10, max_value=1e6)),
    st.just(("series", None)),
)
units = st.sampled_from(["percent", "per_100k", "days"])


def row_for(points, direction, target, riket, county, is_county, source=("series", None), unit="percent") -> dict:
    kind, size = source
    extra = {"survey": True, "uncertainty_kpi": "U00001"} if kind == "kolada" else {}
    ind = make_indicator("x", "N00001", direction=direction, unit=unit, **extra)
    decision = register_target("x", target) if target and target.get("kind") == "value" else None
    years = [y for y, _ in points]
    ctx = RowContext(indicator=ind, area_id="1780", area_name="Karlstad", gender="T", is_county=is_county,
                     riket_by_year={y: riket for y in years} if riket is not None else {},
                     county_by_year={y: county for y in years} if county is not None else {},
                     county_source="region", rank=None, rank_of=None, rank_year=None,
                     half_widths={y: size for y in years} if kind == "kolada" else None,
                     population={y: size for y in years} if kind == "population" else None,
                     target_for=(lambda _year: decision) if decision is not None else None)
    return judge(points, ctx, METHOD)


@given(series(), st.floats(min_value=0.01, max_value=50), units)
@settings(deadline=None)
def test_flipping_direction_flips_the_trend(points, half_width, unit) -> None:
    unc = Uncertainty("kolada", half_widths={y: half_width for y, _ in points})
    up = assess_trend(points, make_indicator("x", "N00001", unit=unit), unc, METHOD)
    down = assess_trend(points, make_indicator("x", "N00001", unit=unit, direction="lower_is_better"), unc, METHOD)
    assert down.trend == FLIP[up.trend]
    assert down.slope == up.slope  # the stored slope is raw


@given(st.lists(values, min_size=1, max_size=16, unique=True))
@settings(deadline=None)
def test_flipping_direction_reverses_the_ranks(vals) -> None:
    by_area = {f"a{i}": v for i, v in enumerate(vals)}
    up, down = rank_values(by_area, "higher_is_better"), rank_values(by_area, "lower_is_better")
    assert all(up[a] == len(vals) + 1 - down[a] for a in by_area)
    assert sorted(up.values()) == list(range(1, len(vals) + 1))


@given(series(min_size=1), st.one_of(st.none(), values), st.one_of(st.none(), values), st.booleans(), sources,
       units)
@settings(deadline=None)
def test_flipping_direction_mirrors_the_mark_without_a_value_target(points, riket, county, is_county, source,
                                                                    unit) -> None:
    # a share lies within 0–100 (the plausibility check refuses anything else before it is stored; its interval
    # is kept inside 0–100 too, which would break the mirror for an impossible share)
    assume(unit != "percent" or all(v <= 100 for v in [*(v for _, v in points), riket or 0, county or 0]))
    up = row_for(points, "higher_is_better", None, riket, county, is_county, source, unit)
    down = row_for(points, "lower_is_better", None, riket, county, is_county, source, unit)
    assert down["mark"] == MIRROR[up["mark"]]
    assert (down["vs_riket"], down["vs_county"]) == (MIRROR_CMP[up["vs_riket"]], MIRROR_CMP[up["vs_county"]])


MIRROR_CMP = {"better": "worse", "worse": "better", "same": "same", "not_compared": "not_compared", None: None}


@given(st.lists(st.floats(min_value=1, max_value=99), min_size=1, max_size=8), st.integers(2010, 2020),
       st.one_of(st.none(), st.floats(min_value=1, max_value=99)), sources)
@settings(deadline=None)
def test_a_share_and_its_complement_get_the_same_verdict(vals, start, riket, source) -> None:
    """'Trygg 85 → 83' judged higher-is-better and 'otrygg 15 → 17' judged lower-is-better agree."""
    points = [(start + i, v) for i, v in enumerate(vals)]
    complement = [(y, 100 - v) for y, v in points]
    share = row_for(points, "higher_is_better", None, riket, None, False, source)
    other = row_for(complement, "lower_is_better", None, None if riket is None else 100 - riket, None, False,
                    source)
    for key in ("mark", "trend", "vs_riket", "target_status", "uncertainty_source"):
        assert share[key] == other[key], key


@given(series(min_size=1), st.sampled_from(DIRECTIONS), targets, st.one_of(st.none(), values),
       st.one_of(st.none(), values), st.booleans(), st.floats(min_value=0.001, max_value=0.9), sources, units)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# found by hypothesis: "För långsamt" at 33 turned grey at 16.5, whose own interval (14.1–19.2) lies below the
# target 23; "Målet nått" was judged on an error taken at the window's mean level instead
@example([(2000, 1.0), (2022, 253.0), (2027, 383.0), (2028, 33.0)], "lower_is_better",
         {"kind": "value", "value": 23.0, "by": 2035, "baseline_year": None}, None, None, False, 0.5,
         ("population", 1e6), "per_100k")
def test_a_better_latest_value_never_makes_the_mark_worse(points, direction, target, riket, county, is_county,
                                                          step, source, unit) -> None:
    before = row_for(points, direction, target, riket, county, is_county, source, unit)
    year, value = points[-1]
    better = value * (1 + step) if direction == "higher_is_better" else value * (1 - step)
    assume(better != value)
    after = row_for([*points[:-1], (year, better)], direction, target, riket, county, is_county, source, unit)
    if before["mark"] != "grey":  # the two grey middles (below) are the only greys a better value can reach
        assert after["mark"] != "grey" or middle_grey(after), (before, after)
    assert severity(after) >= severity(before), (before, after)


def middle_grey(row: dict) -> bool:
    """Grey that stands in the middle of the scale: "För få för att bedöma" where "I nivå med" would stand, and a
    target's "Kan inte bedömas ännu", whose pace interval holds both "För långsamt" and "På väg"."""
    label = row["mark_label"].lower()
    return label.endswith("för få för att bedöma") or row["target_status"] == "not_yet"


def severity(row: dict) -> int:
    return 1 if middle_grey(row) else SEVERITY.get(row["mark"], -1)


GENDERS = ("T", "K", "M")
AREAS = ("0000", "0017", *MUNICIPALITIES)
KPIS = ("N00001", "N00002", "N00003", "N00004", "N00005")


@st.composite
def datasets(draw):
    rows = draw(st.lists(
        st.tuples(st.sampled_from(KPIS), st.sampled_from(AREAS), st.integers(2015, 2024), st.sampled_from(GENDERS),
                  st.one_of(st.none(), values)),
        max_size=120, unique_by=lambda r: r[:4]))
    divided = draw(st.fixed_dictionaries({k: st.booleans() for k in KPIS}))
    pop = [("N01951", a, y, "T", draw(values)) for a in MUNICIPALITIES for y in (2015, 2020)]
    return rows + pop, divided


CATALOGUE = make_catalogue([
    make_indicator("i1", "N00001", goals=("g1",), life_stage="ls1"),
    make_indicator("i2", "N00002", direction="lower_is_better", goals=("g1", "g2"), life_stage="ls1"),
    make_indicator("i3", "N00003", goals=("g2",), life_stage="ls2"),
    make_indicator("i4", "N00004", goals=("g1",), life_stage="ls2"),
    make_indicator("i5", "N00005", goals=("g1",), life_stage="ls2", role="watch"),
], targets=[register_target("i2", {"kind": "value", "value": 50, "by": 2030})])


@given(datasets())
@settings(max_examples=60, deadline=None)
def test_every_row_gets_exactly_one_mark_and_rollups_add_up(data) -> None:
    rows, divided = data
    out = compute_status_tables(observations(rows), kpi_frame(divided), CATALOGUE, METHOD)
    status = out["status"]
    assert status.select("indicator_id", "area_id", "gender").is_duplicated().sum() == 0
    assert set(status["mark"]) <= {"green", "neutral", "yellow", "red", "grey"}
    assert status["mark"].null_count() == 0 and status["mark_label"].str.len_chars().min() > 0
    assert set(status["arrow"]) <= {"↑", "→", "↓", "–"}
    for ind in CATALOGUE.indicators:
        mine = status.filter(pl.col("indicator_id") == ind.id)
        genders = set(mine["gender"])
        assert "T" in genders and (genders == {"T"} or divided[ind.kpi])
        for g in genders:  # every municipality and the county, once per gender
            assert sorted(mine.filter(pl.col("gender") == g)["area_id"]) == sorted(["0017", *MUNICIPALITIES])
    for table, key, members in (("goal_status", "goal_id", goal_members(CATALOGUE)),
                                ("life_stage_status", "life_stage_id", life_stage_members(CATALOGUE))):
        frame = out[table]
        total = (frame["n_green"] + frame["n_neutral"] + frame["n_yellow"] + frame["n_red"] + frame["n_grey"]
                 + frame["n_watch"])
        assert (total == frame["n_total"]).all()
        assert (frame["n_green"] + frame["n_neutral"] + frame["n_yellow"] + frame["n_red"] == frame["n_judged"]).all()
        for group, n_total in frame.select(key, "n_total").iter_rows():
            assert n_total == len(members[group])
        t_rows = frame.filter(pl.col("gender") == "T")
        assert t_rows.height == len(members) * (len(MUNICIPALITIES) + 1)
