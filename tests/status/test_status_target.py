"""Against the target: value targets by pace (Eurostat/Open SDG 0.95 rule), else position against Riket/länet."""

from __future__ import annotations

import pytest
from status_helpers import make_indicator

from indicators.status import assess_target, compare_with_reference

HIGH_95 = {"kind": "value", "value": 95, "by": 2030}


def target_of(points, target=HIGH_95, direction="higher_is_better", riket=None, county=None, is_county=False,
              method=None):
    ind = make_indicator("x", "N00001", direction=direction, target=target)
    return assess_target(points, ind, riket, county, is_county, method)


def test_met(method) -> None:
    result = target_of([(2022, 90.0), (2024, 96.0)], method=method)
    assert (result.status, result.target_value, result.pace_ratio) == ("met", 95.0, None)


def test_on_pace_exactly_the_needed_pace(method) -> None:
    # baseline 2020: 85; needed (95-85)/(2030-2020) = 1.0 per year; observed (89-85)/4 = 1.0 -> ratio 1.0
    points = [(2020, 85.0), (2021, 86.0), (2022, 87.0), (2023, 88.0), (2024, 89.0)]
    result = target_of(points, method=method)
    assert (result.status, result.pace_ratio) == ("on_pace", pytest.approx(1.0))


def test_ratio_of_exactly_095_is_on_pace(method) -> None:
    # observed (88.8-85)/4 = 0.95, needed 1.0
    result = target_of([(2020, 85.0), (2022, 87.0), (2024, 88.8)], method=method)
    assert (result.status, result.pace_ratio) == ("on_pace", pytest.approx(0.95))


def test_too_slow(method) -> None:
    # observed (87-85)/4 = 0.5, needed 1.0
    result = target_of([(2020, 85.0), (2022, 86.0), (2024, 87.0)], method=method)
    assert (result.status, result.pace_ratio) == ("too_slow", pytest.approx(0.5))


def test_wrong_direction(method) -> None:
    result = target_of([(2020, 85.0), (2022, 84.0), (2024, 83.0)], method=method)
    assert (result.status, result.pace_ratio) == ("wrong_direction", pytest.approx(-0.5))


def test_lower_is_better_target(method) -> None:
    # smoking 12 % -> target 5 % by 2030: needed (5-12)/10 = -0.7, observed (8-12)/4 = -1.0 -> ratio 10/7
    result = target_of([(2020, 12.0), (2022, 10.0), (2024, 8.0)], target={"kind": "value", "value": 5, "by": 2030},
                       direction="lower_is_better", method=method)
    assert (result.status, result.pace_ratio) == ("on_pace", pytest.approx(10 / 7))


def test_baseline_year_changes_the_verdict(method) -> None:
    points = [(2018, 80.0), (2020, 85.0), (2022, 86.5), (2024, 88.0)]
    # from 2018: needed 15/12 = 1.25, observed 8/6 = 1.333 -> ratio 1.0667
    free = target_of(points, method=method)
    assert (free.status, free.pace_ratio) == ("on_pace", pytest.approx(8 / 6 / 1.25))
    # baseline 2021 -> first observed year at or after it is 2022: needed 8.5/8, observed 1.5/2 -> ratio 0.7059
    based = target_of(points, target={**HIGH_95, "baseline_year": 2021}, method=method)
    assert (based.status, based.pace_ratio) == ("too_slow", pytest.approx(0.75 / (8.5 / 8)))


def test_target_year_passed_without_meeting_is_at_best_too_slow(method) -> None:
    # needed 45/23 = 1.957, observed 44.9/24 = 1.871 -> ratio 0.956 >= 0.95, but 2023 has passed
    result = target_of([(2000, 50.0), (2024, 94.9)], target={"kind": "value", "value": 95, "by": 2023,
                                                             "baseline_year": 2000}, method=method)
    assert result.status == "too_slow"
    assert result.pace_ratio == pytest.approx((44.9 / 24) / (45 / 23))


def test_met_at_baseline_but_lost_is_wrong_direction(method) -> None:
    result = target_of([(2020, 96.0), (2022, 94.0), (2024, 93.0)], method=method)
    assert (result.status, result.pace_ratio) == ("wrong_direction", None)


def test_single_point_falls_back_to_riket(method) -> None:
    result = target_of([(2024, 90.0)], riket=85.0, method=method)
    assert (result.status, result.compared_with, result.reference_value) == ("better", "riket", 85.0)
    assert result.target_value == 95.0


@pytest.mark.parametrize(("value", "direction", "expected"), [
    (82.4, "higher_is_better", "same"),     # |82.4 - 80| = 2.4 = 3 % of 80: the edge is 'same'
    (77.6, "higher_is_better", "same"),
    (82.5, "higher_is_better", "better"),
    (77.5, "higher_is_better", "worse"),
    (82.5, "lower_is_better", "worse"),
    (77.5, "lower_is_better", "better"),
])
def test_reference_tolerance_is_three_percent(method, value, direction, expected) -> None:
    tolerance = method.reference.same_tolerance_relative
    assert tolerance == 0.03
    assert compare_with_reference(value, 80.0, direction, tolerance) == expected


def test_no_target_compares_with_riket(method) -> None:
    result = target_of([(2023, 70.0), (2024, 70.0)], target=None, riket=80.0, county=60.0, method=method)
    assert (result.status, result.compared_with, result.target_value) == ("worse", "riket", None)


def test_no_riket_compares_with_county(method) -> None:
    result = target_of([(2024, 70.0)], target=None, riket=None, county=60.0, method=method)
    assert (result.status, result.compared_with, result.reference_value) == ("better", "lan", 60.0)


def test_better_than_lan_prefers_the_county(method) -> None:
    result = target_of([(2024, 70.0)], target={"kind": "better_than", "reference": "lan"}, riket=80.0,
                       county=60.0, method=method)
    assert (result.status, result.compared_with) == ("better", "lan")


def test_county_row_compares_only_with_riket(method) -> None:
    assert target_of([(2024, 70.0)], target=None, riket=None, county=70.0, is_county=True,
                     method=method).status == "no_data"
    result = target_of([(2024, 70.0)], target={"kind": "better_than", "reference": "lan"}, riket=60.0,
                       county=70.0, is_county=True, method=method)
    assert (result.status, result.compared_with) == ("better", "riket")


def test_nothing_to_compare_with_is_no_data(method) -> None:
    assert target_of([(2024, 70.0)], target=None, method=method).status == "no_data"
    assert target_of([], method=method).status == "no_data"
