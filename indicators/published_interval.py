"""Comparing a county figure with Riket when the source publishes both confidence intervals (Folkhälsodata's
survey tables): a difference counts only when the two intervals do not overlap. Overlapping intervals are
"ingen säkerställd skillnad" (no established difference), whatever the point estimates say. Non-overlap of two
95 % intervals is a conservative test (it implies p < 0.05 and misses some real differences), which is the
safe side for a verdict shown to a steering group. No rank: county-grain series have one figure per county.

    compare_published(county=(31.2, 29.0, 33.4), riket=(27.9, 27.5, 28.3), direction="lower_is_better")
    # -> "worse": Värmland's whole interval lies above Riket's
"""

from __future__ import annotations

from typing import Literal

Interval = tuple[float | None, float | None, float | None]  # (value, ci_low, ci_high)
Verdict = Literal["better", "no_difference", "worse"]
WORDS: dict[str, str] = {"better": "Bättre än riket", "no_difference": "Ingen säkerställd skillnad mot riket",
                         "worse": "Sämre än riket"}


class IntervalError(ValueError):
    """An interval that does not contain its value or has its bounds the wrong way round."""


def _checked(name: str, interval: Interval) -> tuple[float, float, float] | None:
    value, low, high = interval
    if value is None or low is None or high is None:
        return None
    if not low <= value <= high:
        raise IntervalError(f"{name}: the interval {low:g}–{high:g} does not contain the value {value:g}")
    return value, low, high


def compare_published(county: Interval, riket: Interval, direction: str) -> Verdict | None:
    """None when either figure or either interval is missing (no verdict without the published uncertainty)."""
    c, r = _checked("county", county), _checked("riket", riket)
    if c is None or r is None:
        return None
    if c[1] <= r[2] and r[1] <= c[2]:
        return "no_difference"
    higher = c[1] > r[2]
    if direction == "higher_is_better":
        return "better" if higher else "worse"
    if direction == "lower_is_better":
        return "worse" if higher else "better"
    raise ValueError(f"direction must be higher_is_better or lower_is_better, got {direction!r}")


def period_text(year: int, period: str | None) -> str:
    """How a period is shown: a pooled window as the window ("2021–2024", en dash), a single year as the year."""
    if period and "-" in period:
        first, _, last = period.partition("-")
        return f"{first.strip()}–{last.strip()}"
    return str(year)


COUNTY_ONLY = "Redovisas bara för hela Värmland"


def county_only_note(municipality_type: str | None) -> str | None:
    """The plain line a municipality view shows instead of an empty chart for a county-grain series."""
    return COUNTY_ONLY if municipality_type == "L" else None
