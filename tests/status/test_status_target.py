"""Against the target: pace toward a value target (Eurostat compound annual growth from a fixed base year), else
the position against Riket/länet, beyond the uncertainty only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from status_helpers import make_indicator

from indicators.catalogue import ValueTarget
from indicators.method import load_method
from indicators.status import assess_value_target, compare_with_reference, judge_target
from indicators.uncertainty import Uncertainty

HIGH_95 = {"kind": "value", "value": 95, "by": 2030}
PRECISE = Uncertainty("kolada", half_widths={y: 0.2 for y in range(2000, 2031)})
VAGUE = Uncertainty("kolada", half_widths={y: 5.0 for y in range(2000, 2031)})


def pace(points, method, target=HIGH_95, direction="higher_is_better", unc=PRECISE):
    ind = make_indicator("x", "N00001", direction=direction)
    return assess_value_target(points, ValueTarget.model_validate(target), ind, unc, method)


def test_the_base_year_is_fixed_in_method_yaml(method) -> None:
    assert method.target.base_year == 2015
    points = [(2012, 70.0), (2015, 80.0), (2018, 83.0), (2021, 86.0), (2024, 89.0)]
    result = pace(points, method)
    # the pace is the regression slope 1 point/year; the needed pace from the fitted base 80 to 95 by 2030: 1/year
    assert (result.status, result.base_year) == ("on_pace", 2015)
    assert result.pace_ratio == pytest.approx(1.0)
    # The base does not move when a year is added.
    assert pace([*points, (2025, 90.0)], method).base_year == 2015


def test_a_series_starting_after_the_base_year_uses_its_first_year(method) -> None:
    result = pace([(2019, 80.0), (2021, 82.0), (2024, 85.0)], method)
    assert result.base_year == 2019


def test_too_few_years_since_the_base_gives_no_pace(method) -> None:
    assert method.target.min_years == 3
    assert pace([(2022, 80.0), (2024, 84.0)], method) is None


def test_met_only_when_the_whole_interval_is_beyond_the_target(method) -> None:
    result = pace([(2016, 90.0), (2024, 96.0)], method)  # 96 ± 0.2: beyond 95
    assert (result.status, result.target_value, result.pace_ratio) == ("met", 95.0, None)
    # 96 ± 5 reaches below 95: not met (and with two points and a vague pace, nothing is established yet)
    assert pace([(2016, 90.0), (2020, 93.0), (2024, 96.0)], method, unc=VAGUE).status != "met"


def test_too_slow(method) -> None:
    result = pace([(2015, 85.0), (2018, 85.3), (2021, 85.7), (2024, 86.0)], method)
    assert result.status == "too_slow"
    assert 0 < result.pace_ratio < method.target.on_pace_ratio


def test_wrong_direction_only_beyond_the_uncertainty(method) -> None:
    points = [(2015, 85.0), (2020, 84.0), (2024, 83.0)]
    assert pace(points, method, unc=PRECISE).status == "wrong_direction"
    # 2 points down with a ±5 interval each year: no established worsening, but clearly slower than needed
    assert pace(points, method, unc=VAGUE).status == "too_slow"
    # a vague pace whose interval holds both the needed pace and a worsening: grey "Kan inte bedömas ännu"
    assert pace([(2015, 85.0), (2020, 88.0), (2024, 87.0)], method, unc=VAGUE).status == "not_yet"


def test_no_uncertainty_means_no_target_verdict_yet(method) -> None:
    assert pace([(2015, 85.0), (2020, 84.0), (2024, 83.0)], method, unc=Uncertainty("none")).status == "not_yet"


def test_lower_is_better_target(method) -> None:
    # smoking 12 % in 2015 -> target 5 % by 2030
    result = pace([(2015, 12.0), (2018, 10.5), (2021, 9.0), (2024, 7.5)], method,
                  target={"kind": "value", "value": 5, "by": 2030}, direction="lower_is_better")
    assert result.status == "on_pace"
    assert result.pace_ratio == pytest.approx(0.5 / (7 / 15))


def test_catalogue_baseline_year_overrides_the_method(method) -> None:
    result = pace([(2015, 70.0), (2018, 80.0), (2021, 82.0), (2024, 84.0)], method,
                  target={**HIGH_95, "baseline_year": 2018})
    assert result.base_year == 2018


def test_target_year_passed_without_meeting_is_at_best_too_slow(method) -> None:
    result = pace([(2015, 50.0), (2020, 70.0), (2024, 94.9)], method, target={"kind": "value", "value": 95, "by": 2023})
    assert result.status == "too_slow"


def test_met_at_the_base_but_lost_is_wrong_direction(method) -> None:
    result = pace([(2015, 96.0), (2020, 94.0), (2024, 93.0)], method)
    assert result.status == "wrong_direction"


def test_judge_target_is_a_pure_function_of_the_series_with_its_errors(method) -> None:
    """The target register calls judge_target per target in force: series with errors, level, direction, base
    and due year. A flat 93 % against 95 % by 2030 with an honest error is never 'På väg'."""
    flat = [(y, 93.0, 1.0) for y in range(2015, 2025)]
    assert judge_target(flat, 95.0, "higher_is_better", 2015, 2030, method).status in ("too_slow", "not_yet")
    rising = [(y, 80.0 + 1.2 * (y - 2015), 0.3) for y in range(2015, 2025)]
    assert judge_target(rising, 95.0, "higher_is_better", 2015, 2030, method).status == "on_pace"
    assert judge_target(rising, 95.0, "higher_is_better", 2015, 2030, method) == judge_target(
        list(reversed(rising)), 95.0, "higher_is_better", 2015, 2030, method)
    # years before the base are ignored
    assert judge_target([(2010, 10.0, 0.3), *rising], 95.0, "higher_is_better", 2015, 2030, method) == \
        judge_target(rising, 95.0, "higher_is_better", 2015, 2030, method)


@given(st.lists(st.floats(min_value=80, max_value=99), min_size=4, max_size=10), st.floats(0.1, 3.0))
@settings(deadline=None, max_examples=200)
def test_a_share_and_its_complement_get_the_same_target_verdict(values, se) -> None:
    method = load_method()
    points = [(2015 + i, v, se) for i, v in enumerate(values)]
    complement = [(y, 100 - v, e) for y, v, e in points]
    a = judge_target(points, 95.0, "higher_is_better", 2015, 2030, method)
    b = judge_target(complement, 5.0, "lower_is_better", 2015, 2030, method)
    assert a.status == b.status


# --- comparison with a reference -----------------------------------------------------------------------------

@pytest.mark.parametrize(("reference", "direction", "expected"), [
    (55.0, "higher_is_better", "same"),      # Wilson 95 % for 50 of 100: 40,4–59,6 %
    (40.0, "higher_is_better", "better"),
    (61.0, "higher_is_better", "worse"),
    (40.0, "lower_is_better", "worse"),
    (61.0, "lower_is_better", "better"),
    (None, "higher_is_better", None),
])
def test_better_or_worse_only_beyond_the_wilson_interval(method, reference, direction, expected) -> None:
    unc = Uncertainty("wilson", population={2024: 100.0})
    assert compare_with_reference(50.0, 2024, reference, direction, "percent", unc, 1.96) == expected


def test_a_rate_is_compared_with_byars_interval(method) -> None:
    # 10 events in 4 000 people: 250 per 100 000, exact Poisson 95 % about 120–460 per 100 000
    unc = Uncertainty("byar", population={2024: 4000.0})
    assert compare_with_reference(250.0, 2024, 400.0, "lower_is_better", "per_100k", unc, 1.96) == "same"
    assert compare_with_reference(250.0, 2024, 500.0, "lower_is_better", "per_100k", unc, 1.96) == "better"
    # A value of 0 in a small municipality is no better than Riket's 35 (the example).
    assert compare_with_reference(0.0, 2024, 35.0, "lower_is_better", "per_100k", unc, 1.96) == "same"


def test_kolada_osakerhetstal_is_the_half_width(method) -> None:
    # smoking 6.2 against Riket's 6.0 with Kolada's ±1.5: no established difference (the example)
    unc = Uncertainty("kolada", half_widths={2024: 1.5})
    assert compare_with_reference(6.2, 2024, 6.0, "lower_is_better", "percent", unc, 1.96) == "same"
    assert compare_with_reference(8.0, 2024, 6.0, "lower_is_better", "percent", unc, 1.96) == "worse"


def test_no_interval_means_not_compared(method) -> None:
    assert compare_with_reference(50.0, 2024, 40.0, "higher_is_better", "days", Uncertainty("none"),
                                  1.96) == "not_compared"


def test_met_is_read_from_the_latest_values_own_interval(method) -> None:
    """The chart draws the latest value's own interval; "Målet nått" and `target_met_years` read the same one, not
    an error taken at the window's mean level (a rate's error grows with its level: a fall from 383 to 16.5 per
    100 000 would otherwise carry the old level's wide error and miss a target its own interval lies below)."""
    ind = make_indicator("x", "N00001", direction="lower_is_better", unit="per_100k")
    unc = Uncertainty("byar", population={y: 1e6 for y in range(2000, 2031)})
    target = ValueTarget.model_validate({"kind": "value", "value": 23, "by": 2035})
    points = [(2000, 1.0), (2022, 253.0), (2027, 383.0), (2028, 16.5)]
    result = assess_value_target(points, target, ind, unc, method)
    assert result is not None and result.status == "met"
    # 33 per 100 000 has its whole interval above 23: not met, and the pace is judged instead
    assert assess_value_target([*points[:-1], (2028, 33.0)], target, ind, unc, method).status != "met"
