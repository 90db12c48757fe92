"""Uncertainty of one value: the 95 % interval and the standard error the status method compares with.

Sources, in the order the method tries them (docs/method.md, "Osäkerhet"):
  published – the interval the source publishes with each value (Folkhälsodata's survey tables: ci_low, ci_high).
  kolada  – the source's own "Osäkerhetstal" KPI (survey indicators): taken as the half-width of a 95 % interval.
  wilson  – a share of a known population (the indicator's denominator): the Wilson score interval, or the exact
            Clopper–Pearson interval when the events or the non-events are fewer than `exact_below` (Wilson errs
            to one side near 0 and 100 %).
  byar    – a rate per 100 000 of a known population: Byar's approximation to the exact Poisson interval, or the
            exact Poisson interval itself below `exact_below` events (Public Health England's rule).
  series  – neither: the series' own year-to-year variation (sd of the differences of the earlier values / √2).
Every source but `series` (which already holds it) is widened by the indicator's real year-to-year variation
beyond sampling (`extra`, estimated from the municipalities' own series: indicators/overdispersion.py): the
sampling half-widths and `extra` add in quadrature, as in a funnel plot with overdispersion.
Pure functions over floats; the exact limits invert the regularized incomplete beta and gamma functions by
bisection (no scipy).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from statistics import NormalDist

PER = 100_000.0  # rates are per 100 000
EXACT_BELOW = 10.0  # exact limits below this many events (or non-events); method.yaml uncertainty.exact_below


@dataclass(frozen=True)
class Uncertainty:
    """How uncertain one area's values are, for every year the method needs.

    source: 'published' | 'kolada' | 'wilson' | 'byar' | 'series' | 'none'.
    bounds: the published (low, high) per year. half_widths: kolada's half-width per year.
    population: the interval's n (people, or person-years) per year.
    series_sd: the standard deviation of one year's value from the series' own variation.
    """
    source: str
    bounds: Mapping[int, tuple[float, float]] | None = None
    half_widths: Mapping[int, float] | None = None
    population: Mapping[int, float] | None = None
    series_sd: float | None = None
    extra: float = 0.0            # real year-to-year variation beyond sampling (sd): percentage points for a
    extra_relative: bool = False  # share; True: a share of the level (rates and other units)
    exact_below: float = EXACT_BELOW


def extra_sd(level: float, unc: Uncertainty) -> float:
    """The year-to-year variation beyond sampling at `level`, in the indicator's units (0 for the series source)."""
    if unc.source in ("series", "none") or unc.extra <= 0:
        return 0.0
    return unc.extra * abs(level) if unc.extra_relative else unc.extra


def widen(value: float, bounds: tuple[float, float], extra: float, z: float) -> tuple[float, float]:
    """The sampling interval around `value` widened by `extra` (sd) in quadrature on each side."""
    if extra <= 0:
        return bounds
    low, high = bounds
    add = (z * extra) ** 2
    return value - math.sqrt((value - low) ** 2 + add), value + math.sqrt((high - value) ** 2 + add)


# --- exact limits --------------------------------------------------------------------------------------------

def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (Lentz; Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function (a, b > 0, 0 ≤ x ≤ 1)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b


def regularized_gamma(a: float, x: float) -> float:
    """P(a, x), the regularized lower incomplete gamma function (a > 0, x ≥ 0)."""
    if x <= 0.0:
        return 0.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:  # series
        term = total = 1.0 / a
        ap = a
        for _ in range(1000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return total * math.exp(log_front)
    tiny = 1e-300  # continued fraction for Q (Numerical Recipes 6.2)
    b = x + 1.0 - a
    c, d = 1.0 / tiny, 1.0 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return 1.0 - math.exp(log_front) * h


def _bisect(f, low: float, high: float, target: float) -> float:  # type: ignore[no-untyped-def]
    """x in [low, high] with f(x) = target for an increasing f (to about 1e-12 of the range)."""
    for _ in range(200):
        mid = (low + high) / 2
        if f(mid) < target:
            low = mid
        else:
            high = mid
        if high - low < 1e-13 * max(1.0, abs(high)):
            break
    return (low + high) / 2


@cache
def tail(z: float) -> float:
    """The one-sided tail probability of a two-sided interval at `z` (1.96 → 0.025)."""
    return 1.0 - NormalDist().cdf(z)


@cache
def t_quantile(df: int, tail_probability: float = 0.025) -> float:
    """The upper `tail_probability` quantile of Student's t with `df` degrees of freedom (bisection on the incomplete
    beta)."""
    def upper(t: float) -> float:  # P(T > t)
        return 0.5 * regularized_beta(df / 2, 0.5, df / (df + t * t))
    low, high = 0.0, 1000.0
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if upper(mid) > tail_probability else (low, mid)
    return (low + high) / 2


# The two exact intervals are pure, and a build asks for the same limits again (the demo, its two meetings: about
# half of its calls): both are cached.
@lru_cache(maxsize=1 << 13, typed=True)
def clopper_pearson(events: float, n: float, z: float) -> tuple[float, float]:
    """The exact (Clopper–Pearson) interval for `events` of `n` (a real count is allowed), as proportions."""
    x = min(max(events, 0.0), n)
    alpha = tail(z)
    low = 0.0 if x <= 0 else _bisect(lambda p: regularized_beta(x, n - x + 1, p), 0.0, 1.0, alpha)
    high = 1.0 if x >= n else _bisect(lambda p: regularized_beta(x + 1, n - x, p), 0.0, 1.0, 1 - alpha)
    return low, high


@lru_cache(maxsize=1 << 13, typed=True)
def exact_poisson(observed: float, z: float) -> tuple[float, float]:
    """The exact Poisson interval for an observed count (the chi-square / gamma limits)."""
    o = max(observed, 0.0)
    alpha = tail(z)
    top = o + 20.0 + 10.0 * math.sqrt(o + 1.0)
    low = 0.0 if o <= 0 else _bisect(lambda m: regularized_gamma(o, m), 0.0, top, alpha)
    high = _bisect(lambda m: regularized_gamma(o + 1.0, m), 0.0, top, 1 - alpha)
    return low, high


def share_interval(p: float, n: float, z: float, exact_below: float = EXACT_BELOW) -> tuple[float, float]:
    """Exact (Clopper–Pearson) when the events or the non-events are fewer than `exact_below`, else Wilson."""
    p = min(max(p, 0.0), 1.0)
    if min(p * n, (1 - p) * n) < exact_below:
        return clopper_pearson(p * n, n, z)
    return wilson(p, n, z)


def count_interval(observed: float, z: float, exact_below: float = EXACT_BELOW) -> tuple[float, float]:
    """Exact Poisson limits below `exact_below` events, Byar's approximation above."""
    return exact_poisson(observed, z) if observed < exact_below else byar(observed, z)


def wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """Wilson score interval for a proportion p (0–1) of n."""
    p = min(max(p, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def byar(observed: float, z: float) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson interval for an observed count (APHO technical briefing 3)."""
    o = max(observed, 0.0)
    low = 0.0 if o == 0 else o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    o1 = o + 1
    high = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
    return max(0.0, low), high


def nearest(by_year: Mapping[int, float], year: int) -> float | None:
    """The value for `year`, else the nearest earlier year's, else the nearest later year's."""
    if year in by_year:
        return by_year[year]
    earlier = [y for y in by_year if y < year]
    if earlier:
        return by_year[max(earlier)]
    later = [y for y in by_year if y > year]
    return by_year[min(later)] if later else None


def series_sd(points: Sequence[tuple[int, float]], lag: int, min_differences: int,
              z: float | None = None) -> float | None:
    """sd of one value from the series' own variation: sd of the lag-year differences / √2, or None.

    Only the points given are used (the caller leaves out the latest value, so a better latest value cannot
    widen its own interval). The mean difference (a steady trend) does not inflate the sd. With `z`, the sd is
    widened by t / z, t being Student's quantile for the tail of z at the estimate's degrees of freedom (the
    differences less one): an sd taken from a few differences is itself uncertain, and value ± z × the widened sd
    is the Student-t interval that allows for that (four differences: × 1,62; ten: × 1,15).
    """
    values = dict(points)
    diffs = [values[y] - values[y - lag] for y in sorted(values) if (y - lag) in values]
    if len(diffs) < min_differences:
        return None
    mean = sum(diffs) / len(diffs)
    variance = sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)
    sd = math.sqrt(variance / 2)
    if z is not None:
        sd *= t_quantile(len(diffs) - 1, tail(z)) / z
    return sd if sd > 0 else None


def interval(value: float, year: int, unit: str, unc: Uncertainty, z: float) -> tuple[float, float] | None:
    """The 95 % interval of `value` (the indicator's unit) in `year`, or None when no source gives one.

    Published bounds are the year's own interval; for a year without one, the nearest year's half-width around
    `value`."""
    sampling = sampling_interval(value, year, unit, unc, z)
    if sampling is not None:
        return within_range(widen(value, sampling, extra_sd(value, unc), z), unit)
    if unc.source == "series" and unc.series_sd is not None:
        return within_range((value - z * unc.series_sd, value + z * unc.series_sd), unit)
    return None


def within_range(bounds: tuple[float, float], unit: str) -> tuple[float, float]:
    """An interval kept inside what the unit can hold: every unit is non-negative, a percent at most 100 (the
    widening by year-to-year variation and the series' own spread are symmetric and could step outside)."""
    low, high = max(bounds[0], 0.0), bounds[1]
    return (low, min(high, 100.0)) if unit == "percent" else (low, high)


def sampling_interval(value: float, year: int, unit: str, unc: Uncertainty,
                      z: float) -> tuple[float, float] | None:
    """The interval from sampling alone (published, kolada, wilson / exact, byar / exact), or None."""
    if unc.source == "published" and unc.bounds:
        if year in unc.bounds:
            return unc.bounds[year]
        half = nearest({y: (h - lo) / 2 for y, (lo, h) in unc.bounds.items()}, year)
        return None if half is None else (value - half, value + half)
    if unc.source == "kolada" and unc.half_widths:
        half = nearest(unc.half_widths, year)
        return None if half is None else (value - half, value + half)
    if unc.source in ("wilson", "byar") and unc.population:
        n = nearest(unc.population, year)
        if n is None or n <= 0:
            return None
        if unc.source == "wilson":
            scale = 100.0 if unit == "percent" else 1.0
            low, high = share_interval(value / scale, n, z, unc.exact_below)
            return low * scale, high * scale
        low, high = count_interval(value * n / PER, z, unc.exact_below)
        return low * PER / n, high * PER / n
    return None


def standard_error(level: float, year: int, unit: str, unc: Uncertainty, z: float) -> float | None:
    """Standard error of one year's value at `level`: sampling and the real year-to-year variation (`extra`)
    in quadrature; None without a source."""
    se = sampling_standard_error(level, year, unit, unc, z)
    if se is None:
        return None
    extra = extra_sd(level, unc)
    return math.sqrt(se * se + extra * extra) if extra > 0 else se


def sampling_standard_error(level: float, year: int, unit: str, unc: Uncertainty, z: float) -> float | None:
    """Standard error of one year's value at `level` from sampling alone (used for the trend's slope), or None."""
    if unc.source == "published" and unc.bounds:
        half = nearest({y: (h - lo) / 2 for y, (lo, h) in unc.bounds.items()}, year)
        return None if half is None else half / z
    if unc.source == "kolada" and unc.half_widths:
        half = nearest(unc.half_widths, year)
        return None if half is None else half / z
    if unc.source in ("wilson", "byar") and unc.population:
        n = nearest(unc.population, year)
        if n is None or n <= 0:
            return None
        if unc.source == "wilson":
            scale = 100.0 if unit == "percent" else 1.0
            p = min(max(level / scale, 0.0), 1.0)
            # at least one event's worth, so a share of exactly 0 or 1 is not taken as certain
            return max(math.sqrt(p * (1 - p) / n), 1 / n) * scale
        expected = max(level * n / PER, 1.0)
        return math.sqrt(expected) * PER / n
    if unc.source == "series":
        return unc.series_sd
    return None
