"""What the status method cannot see: the minimum detectable change of the trend test, and the meaningful change.

The trend (indicators.status.assess_trend) calls a slope a change only when it exceeds z × its standard error
(or the change floor). A real, sustained change of d per year over a full trend window is caught with probability
`power` when d ≥ (z + z_power) × the slope's standard error: that d is the **minimum detectable change** (per year,
in the indicator's own units). It grows as the population shrinks: a rate of rare events in a municipality of
4 000 inhabitants cannot show a worsening of a few per cent a year, whatever the method.

The **meaningful change** per kind of measure is set in method.yaml (calibration): percentage points per year for
a share, a share of the level per year for rates and other units. Where the detectable change exceeds the
meaningful one, the explanation says so (docs/method.md §10). Pure functions over floats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from statistics import NormalDist

from indicators.uncertainty import Uncertainty, standard_error


@cache
def power_z(power: float) -> float:
    """The one-sided normal quantile for a detection probability (0.8 → 0.8416)."""
    return NormalDist().inv_cdf(power)


def window_years(latest_year: int, years_averaged: int, window: int, min_years: int) -> list[int]:
    """The years a full trend window uses (every k-th year back from the latest for k-year averages), oldest first;
    the same rule as indicators.status.trend_window with every year observed."""
    k = max(years_averaged, 1)
    span = max(window, min_years * k)
    return [y for y in range(latest_year - span + 1, latest_year + 1) if (latest_year - y) % k == 0]


def slope_standard_error(years: Sequence[int], errors: Sequence[float]) -> float:
    """Standard error of the least-squares slope when each year's value has its own standard error."""
    mean_x = sum(years) / len(years)
    sxx = sum((y - mean_x) ** 2 for y in years)
    return math.sqrt(sum(((y - mean_x) * e) ** 2 for y, e in zip(years, errors, strict=True))) / sxx


def detectable_change(level: float, latest_year: int, unit: str, unc: Uncertainty, *, years_averaged: int,
                      window: int, min_years: int, z_trend: float, z_uncertainty: float, power: float,
                      floor: float) -> float | None:
    """The smallest sustained change per year (indicator units) the trend test catches with probability `power`
    over a full window, at this area's uncertainty and `level`; never below the trend's change `floor`.
    None when the uncertainty gives no standard error (no interval: nothing can be said)."""
    years = window_years(latest_year, years_averaged, window, min_years)
    if len(years) < 2:
        return None
    errors = [standard_error(level, y, unit, unc, z_uncertainty) for y in years]
    if any(e is None for e in errors):
        return None
    se = slope_standard_error(years, errors)  # type: ignore[arg-type]
    return max((z_trend + power_z(power)) * se, floor)


def meaningful_change(level: float, unit: str, points_per_year: float, relative_per_year: float) -> float:
    """The change per year method.yaml calls meaningful: percentage points for a share, else a share of the level."""
    return points_per_year if unit == "percent" else relative_per_year * abs(level)


def population_uncertainty(unit: str, people: float) -> Uncertainty:
    """The uncertainty of a share (Wilson) or a rate (Byar) of `people`, the same every year (for tables)."""
    return Uncertainty("wilson" if unit == "percent" else "byar", population={0: people})
