"""The funnel plot: limits around the benchmark that narrow with size, points outside them named."""

from __future__ import annotations

import math

import polars as pl
import pytest

from views.funnel import LIMITS, control_limits, funnel_chart, funnel_unit, outside, size_ticks


def test_share_limits_are_the_binomial_ones_and_narrow_with_size():
    (low, high), (low2, high2) = control_limits(80.0, [100, 10_000], "percent", 1.959964)
    half = 1.959964 * math.sqrt(0.8 * 0.2 / 100) * 100
    assert (low, high) == pytest.approx((80 - half, 80 + half))
    assert high2 - low2 == pytest.approx((high - low) / 10)  # √100 times the size: a tenth of the width


def test_rate_limits_are_poisson_and_never_below_zero():
    ((low, high),) = control_limits(200.0, [50_000], "per_100k", 1.959964)
    half = 1.959964 * math.sqrt(200.0 * 100_000 / 50_000)
    assert (low, high) == pytest.approx((200 - half, 200 + half))
    assert control_limits(5.0, [100], "per_100k", 3.09)[0][0] == 0.0


def test_outside_uses_the_95_limit_by_default():
    assert outside(95.0, 400, 80.0, "percent") and not outside(83.0, 400, 80.0, "percent")
    assert outside(83.0, 400_000, 80.0, "percent")  # the same difference is beyond chance in a large area


def test_the_chart_draws_benchmark_both_limits_and_names_only_the_chosen_and_the_outliers():
    values = pl.DataFrame({"area_id": ["a", "b", "c", "d"], "name": ["Liten", "Stor", "Vald", "Saknas"],
                           "value": [82.0, 95.0, 79.0, None], "denominator": [50.0, 5_000.0, 800.0, 100.0]})
    fig = funnel_chart(values, unit="percent", benchmark=80.0, benchmark_label="Riket", title="t",
                       highlight_area_id="c")
    names = [t.name for t in fig.data]
    assert names[0].startswith("Riket: 80,0")
    assert sum(1 for t in fig.data if t.name == f"Gräns {LIMITS[0][1]}") == 2  # upper and lower
    assert sum(1 for t in fig.data if t.name == f"Gräns {LIMITS[1][1]}") == 2
    others, chosen = fig.data[-2], fig.data[-1]
    assert list(others.x) == [50.0, 5_000.0]  # the missing value left out, by size
    assert list(others.text) == ["", "Stor"]  # only the one outside the funnel is named
    assert chosen.name == "Vald" and list(chosen.text) == ["Vald"] and list(chosen.x) == [800.0]
    assert fig.layout.xaxis.type == "log" and list(fig.layout.xaxis.ticktext)[:2] == ["50", "100"]


def test_only_shares_and_rates_have_a_funnel():
    assert funnel_unit("percent") and funnel_unit("per_100k") and not funnel_unit("days")
    with pytest.raises(ValueError, match="days"):
        funnel_chart(pl.DataFrame({"area_id": [], "name": [], "value": [], "denominator": []}), unit="days",
                     benchmark=1.0, benchmark_label="Riket", title="t")


def test_size_ticks_step_1_2_5():
    assert size_ticks([30.0, 1300.0]) == [50, 100, 200, 500, 1000]
