"""Comparing a value with a reference when the source publishes both confidence intervals (Folkhälsodata's
survey tables give Värmland and Riket each with its interval): a z-test on the difference, each interval's
half-width / z taken as its standard error. Within z × the difference's standard error the two are "same" ("I nivå
med riket"). (Requiring the intervals not to overlap, the earlier rule, is a test of about 0.6 % instead of 5 % for
two equal intervals, and misses real differences.) The status method calls this from its one comparison rule
(indicators/status.py, compare_with_reference).

    z_test_verdict(value=(31.2, 29.0, 33.4), reference=(27.9, 27.5, 28.3), direction="lower_is_better", z=1.96)
    # -> "worse": 3.3 above Riket, over 1.96 × 1.13
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
