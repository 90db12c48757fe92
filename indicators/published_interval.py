"""Comparing a value with a reference when the source publishes both confidence intervals (Folkhälsodata's
survey tables give Värmland and Riket each with its interval): a difference counts only when the two intervals do
not overlap. Overlapping (or touching) intervals are "same" ("ingen säkerställd skillnad"), whatever the point
estimates say. Non-overlap of two 95 % intervals is a conservative test (it implies p < 0.05 and misses some real
differences), the safe side for a verdict shown to a steering group. The status method calls this from its one
comparison rule (indicators/status.py, compare_with_reference).

    overlap_verdict(value=(31.2, 29.0, 33.4), reference=(27.9, 27.5, 28.3), direction="lower_is_better")
    # -> "worse": Värmland's whole interval lies above Riket's
"""

from __future__ import annotations

from typing import Literal

Interval = tuple[float | None, float | None, float | None]  # (value, ci_low, ci_high)
Verdict = Literal["better", "same", "worse"]


class IntervalError(ValueError):
    """An interval that does not contain its value or has its bounds the wrong way round."""


def checked(name: str, interval: Interval) -> tuple[float, float, float] | None:
    """(value, low, high), None when any part is missing; IntervalError when the value lies outside."""
    value, low, high = interval
    if value is None or low is None or high is None:
        return None
    if not low <= value <= high:
        raise IntervalError(f"{name}: the interval {low:g}–{high:g} does not contain the value {value:g}")
    return value, low, high


def z_test_verdict(value: Interval, reference: Interval, direction: str, z: float) -> Verdict | None:
    """better / same / worse by a z-test on the difference: each interval's half-width / z is its standard error
    (the upper and lower halves averaged), and the difference counts when |value − reference| exceeds z × the
    standard error of the difference. Size 5 % where non-overlap has about 2 %, with more power (issue 19)."""
    c, r = checked("value", value), checked("reference", reference)
    if c is None or r is None:
        return None
    se_c, se_r = (c[2] - c[1]) / (2 * z), (r[2] - r[1]) / (2 * z)
    diff = c[0] - r[0]
    if abs(diff) <= z * (se_c * se_c + se_r * se_r) ** 0.5:
        return "same"
    higher = diff > 0
    if direction == "higher_is_better":
        return "better" if higher else "worse"
    if direction == "lower_is_better":
        return "worse" if higher else "better"
    raise ValueError(f"direction must be higher_is_better or lower_is_better, got {direction!r}")


def overlap_verdict(value: Interval, reference: Interval, direction: str) -> Verdict | None:
    """better / same / worse of `value` against `reference`; None when either interval is missing."""
    c, r = checked("value", value), checked("reference", reference)
    if c is None or r is None:
        return None
    if c[1] <= r[2] and r[1] <= c[2]:
        return "same"
    higher = c[1] > r[2]
    if direction == "higher_is_better":
        return "better" if higher else "worse"
    if direction == "lower_is_better":
        return "worse" if higher else "better"
    raise ValueError(f"direction must be higher_is_better or lower_is_better, got {direction!r}")
