"""Uncertainty of one value: the 95 % interval and the standard error the status method compares with.

Sources, in the order the method tries them (docs/method.md, "Osäkerhet"):
  published – the interval the source publishes with each value (Folkhälsodata's survey tables: ci_low, ci_high).
  kolada  – the source's own "Osäkerhetstal" KPI (survey indicators): taken as the half-width of a 95 % interval.
  wilson  – a share of a known population (the indicator's denominator): the Wilson score interval.
  byar    – a rate per 100 000 of a known population: Byar's approximation to the exact Poisson interval.
  series  – neither: the series' own year-to-year variation (sd of the differences of the earlier values / √2).
Pure functions over floats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PER = 100_000.0  # rates are per 100 000


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


def series_sd(points: Sequence[tuple[int, float]], lag: int, min_differences: int) -> float | None:
    """sd of one value from the series' own variation: sd of the lag-year differences / √2, or None.

    Only the points given are used (the caller leaves out the latest value, so a better latest value cannot
    widen its own interval). The mean difference (a steady trend) does not inflate the sd.
    """
    values = dict(points)
    diffs = [values[y] - values[y - lag] for y in sorted(values) if (y - lag) in values]
    if len(diffs) < min_differences:
        return None
    mean = sum(diffs) / len(diffs)
    variance = sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)
    sd = math.sqrt(variance / 2)
    return sd if sd > 0 else None


def interval(value: float, year: int, unit: str, unc: Uncertainty, z: float) -> tuple[float, float] | None:
    """The 95 % interval of `value` (the indicator's unit) in `year`, or None when no source gives one.

    Published bounds are the year's own interval; for a year without one, the nearest year's half-width around
    `value`."""
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
            low, high = wilson(value / scale, n, z)
            return low * scale, high * scale
        low, high = byar(value * n / PER, z)
        return low * PER / n, high * PER / n
    if unc.source == "series" and unc.series_sd is not None:
        return value - z * unc.series_sd, value + z * unc.series_sd
    return None


def standard_error(level: float, year: int, unit: str, unc: Uncertainty, z: float) -> float | None:
    """Standard error of one year's value at `level` (used for the trend's slope), or None."""
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
