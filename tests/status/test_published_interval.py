"""County against Riket with the intervals the source publishes: a z-test on the difference (issue 19)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.published_interval import IntervalError, z_test_verdict


def overlap_verdict(value, reference, direction):  # type: ignore[no-untyped-def]
    return z_test_verdict(value, reference, direction, 1.96)


def test_a_difference_within_its_uncertainty_is_no_established_difference() -> None:
    assert overlap_verdict((30.5, 27.5, 33.5), (27.9, 27.5, 28.3), "lower_is_better") == "same"


@pytest.mark.parametrize("direction, above, below", [
    ("lower_is_better", "worse", "better"), ("higher_is_better", "better", "worse")])
def test_separate_intervals_follow_the_direction(direction: str, above: str, below: str) -> None:
    assert overlap_verdict((31.2, 29.0, 33.4), (27.9, 27.5, 28.3), direction) == above
    assert overlap_verdict((24.0, 22.1, 25.9), (27.9, 27.5, 28.3), direction) == below


def test_touching_intervals_can_still_differ() -> None:
    """Non-overlap was too strict: 30,0 (28,3–31,0) against 27,9 (27,5–28,3) differs by 2,1, over 1,96 × 0,72."""
    assert overlap_verdict((30.0, 28.3, 31.0), (27.9, 27.5, 28.3), "lower_is_better") == "worse"


def test_no_verdict_without_the_published_uncertainty() -> None:
    assert overlap_verdict((30.0, None, None), (27.9, 27.5, 28.3), "lower_is_better") is None
    assert overlap_verdict((30.0, 29.0, 31.0), (None, None, None), "lower_is_better") is None


def test_an_interval_not_containing_its_value_is_refused() -> None:
    with pytest.raises(IntervalError, match="value: the interval 1–2 does not contain the value 5"):
        overlap_verdict((5.0, 1.0, 2.0), (3.0, 2.0, 4.0), "lower_is_better")


intervals = st.tuples(st.floats(0, 100), st.floats(0, 10), st.floats(0, 10)).map(
    lambda t: (t[0], t[0] - t[1], t[0] + t[2]))


@given(a=intervals, b=intervals)
def test_swapping_the_two_swaps_better_and_worse(a, b) -> None:
    there, back = overlap_verdict(a, b, "higher_is_better"), overlap_verdict(b, a, "higher_is_better")
    assert {there, back} in ({"same"}, {"better", "worse"})
