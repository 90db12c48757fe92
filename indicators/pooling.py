"""Three-year pools for small areas (issue 19, method.yaml `pooling`): the same rule for every indicator.

One year of a small municipality says little: 30 pupils, 12 deaths. A row whose values are computed from annual
numerators and denominators (a share of its denominator: Wilson / exact; a rate: Byar / exact Poisson) is judged on
pools of `years` consecutive years when one year's sampling standard error exceeds `se_over_meaningful` × the
meaningful change of one year (method.yaml calibration). The pool sums the numerators and the denominators of its
years (value = Σ value·n / Σ n), so its sampling n is the sum of the years' n and the real year-to-year variation
beyond sampling averages over the years (sd / √years). The pooled series is then judged exactly as a source's own
multi-year averages are (`years_averaged`): the latest pool against Riket's and the county's pools of the same
years, the trend over the last non-overlapping pools. Pure functions over plain values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from indicators.detectable import meaningful_change
from indicators.method import Method
from indicators.uncertainty import Uncertainty, nearest, sampling_standard_error

Point = tuple[int, float]
ROUND = 9
POOLABLE_SOURCES = ("wilson", "byar")  # values computed from an annual numerator and denominator


def rule_level(points: Sequence[Point]) -> float | None:
    """The level the rule is judged at: the mean of the values before the latest (the latest value cannot move
    it), else the latest value; None without values."""
    if not points:
        return None
    earlier = points[:-1] or points
    return sum(v for _, v in earlier) / len(earlier)


def should_pool(points: Sequence[Point], unit: str, years_averaged: int, unc: Uncertainty, method: Method) -> bool:
    """Is this row judged on pooled years? Only values computed from annual numerators and denominators (a source
    that pools its own values, or publishes survey intervals, is never pooled again), and only where one year's
    sampling standard error at `rule_level` exceeds `se_over_meaningful` × the meaningful change of one year."""
    if years_averaged != 1 or unc.source not in POOLABLE_SOURCES or not points:
        return False
    level = rule_level(points)
    if level is None:
        return False
    se = sampling_standard_error(level, points[-1][0], unit, unc, method.uncertainty.z)
    if se is None:
        return False
    cal = method.calibration
    meaningful = meaningful_change(level, unit, cal.meaningful_points_per_year, cal.meaningful_relative_per_year)
    return round(se - method.pooling.se_over_meaningful * meaningful, ROUND) > 0


def cadence(points: Sequence[Point]) -> int:
    """The series' rhythm in years: the smallest gap between two observed years (1 annual, 2 every other year)."""
    years = sorted(y for y, _ in points)
    gaps = [b - a for a, b in zip(years, years[1:], strict=False) if b > a]
    return min(gaps, default=1)


def pool_years(year: int, years: int, step: int) -> list[int]:
    """The observed years of the pool that ends in `year`: every `step`-th year inside `years` calendar years
    (annual: the three years; every other year: two survey rounds)."""
    return [y for y in range(year - years + 1, year + 1) if (year - y) % step == 0]


def pool_series(points: Sequence[Point], population: Mapping[int, float], years: int,
                step: int = 1) -> list[Point]:
    """(last year of the pool, pooled value) for every pool of `pool_years` all observed: the values weighted
    by their year's n (Σ value·n / Σ n, the pooled numerator over the pooled denominator); equal weights for a
    year without n."""
    values = dict(points)
    out = []
    for year in sorted(values):
        window = pool_years(year, years, step)
        if len(window) < 2 or not all(y in values for y in window):
            continue
        weights = [nearest(population, y) or 0.0 for y in window]
        if not all(w > 0 for w in weights):
            weights = [1.0] * len(window)
        out.append((year, sum(values[y] * w for y, w in zip(window, weights, strict=True)) / sum(weights)))
    return out


def pool_reference(by_year: Mapping[int, float], years: int, step: int = 1) -> dict[int, float]:
    """A reference (Riket, the county) pooled over the same windows: the mean of its values in the pool's years."""
    out = {}
    for year in by_year:
        window = pool_years(year, years, step)
        if all(y in by_year for y in window):
            out[year] = sum(by_year[y] for y in window) / len(window)
    return out


def pool_bounds(bounds: Mapping[int, tuple[float, float]] | None, years: int,
                step: int = 1) -> dict[int, tuple[float, float]] | None:
    """A reference's published intervals over the windows (the mean of the bounds: conservative), or None."""
    if not bounds:
        return None
    out = {}
    for year in bounds:
        window = pool_years(year, years, step)
        if all(y in bounds for y in window):
            out[year] = (sum(bounds[y][0] for y in window) / len(window),
                         sum(bounds[y][1] for y in window) / len(window))
    return out


def pooled_uncertainty(unc: Uncertainty, years: int, step: int = 1) -> Uncertainty:
    """The uncertainty of a pool: n summed over its years, the real variation beyond sampling averaged
    (sd / √ the number of years in the pool)."""
    population = unc.population or {}
    pooled = {}
    count = 1
    for year in population:
        window = pool_years(year, years, step)
        count = len(window)
        pooled[year] = sum(n for n in (nearest(population, y) for y in window) if n)
    return replace(unc, population=pooled, extra=unc.extra / math.sqrt(max(count, 1)))


def period_label(year: int, years: int, step: int = 1) -> str:
    """The pool's window as the sources label theirs ('2023-2025'; shown '2023–2025'): its first and last
    observed year."""
    return f"{pool_years(year, years, step)[0]}-{year}"
