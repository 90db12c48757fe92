"""Women vs men ("jämlik hälsa") for gender-divided KPIs: the gap per year and whether it is closing.

gap_abs = K − M, gap_rel = (K − M) / M. The gap trend of a year looks at the last up to `max_points` years
with both values, up to and including that year: the least-squares slope of K − M per year, judged against its
own uncertainty (its standard error from the residuals around the line, with Student's t for the few years:
a change the year-to-year noise of the gap explains is 'stable'), and against a floor (stable_relative_slope of
the mean level (K + M) / 2). A change beyond both moving the gap toward 0 is 'narrowing', away from 0
'widening'; fewer than `min_points` years is 'short_series'.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from indicators.method import GapConfig
from indicators.status import ROUND, least_squares_slope
from indicators.uncertainty import t_quantile

T_TAIL = 0.025  # two-sided 95 %

GENDER_GAP_SCHEMA = {
    "indicator_id": pl.String, "area_id": pl.String, "year": pl.Int32, "value_k": pl.Float64,
    "value_m": pl.Float64, "gap_abs": pl.Float64, "gap_rel": pl.Float64, "gap_trend": pl.String,
}


def classify_relative(change_per_year: float, level: float, threshold: float) -> int:
    """+1 / 0 / -1 when the change per year, relative to |level|, is beyond ±threshold."""
    if level == 0:
        relative = 0.0 if change_per_year == 0 else change_per_year * float("inf")
    else:
        relative = round(change_per_year / abs(level), ROUND)
    if relative >= threshold:
        return 1
    if relative <= -threshold:
        return -1
    return 0


def gap_trend(window: list[tuple[int, float, float]], cfg: GapConfig) -> str:
    """(year, K, M) triples, oldest first → narrowing / stable / widening / short_series."""
    if len(window) < cfg.min_points:
        return "short_series"
    points = [(y, k - m) for y, k, m in window]
    slope = least_squares_slope(points)
    n = len(points)
    mean_x = sum(y for y, _ in points) / n
    mean_y = sum(g for _, g in points) / n
    sxx = sum((y - mean_x) ** 2 for y, _ in points)
    ssr = sum((g - mean_y - slope * (y - mean_x)) ** 2 for y, g in points)
    se = (ssr / (n - 2) / sxx) ** 0.5 if n > 2 else float("inf")
    level = sum((k + m) / 2 for _, k, m in window) / len(window)
    if n <= 2 or round(abs(slope) - t_quantile(n - 2, T_TAIL) * se, ROUND) <= 0:
        return "stable"
    if classify_relative(abs(slope), level, cfg.stable_relative_slope) == 0:
        return "stable"
    return "narrowing" if slope * mean_y < 0 else "widening"


def gap_rows(indicator_id: str, area_id: str, women: Mapping[int, float | None],
             men: Mapping[int, float | None], cfg: GapConfig) -> list[dict]:
    """One gender_gap row per year where at least one of K and M has a value."""
    rows = []
    both: list[tuple[int, float, float]] = []
    for year in sorted(set(women) | set(men)):
        k, m = women.get(year), men.get(year)
        if k is None and m is None:
            continue
        gap_abs = k - m if k is not None and m is not None else None
        if gap_abs is not None:
            both.append((year, k, m))  # type: ignore[arg-type]
        gap_rel = gap_abs / m if gap_abs is not None and m else None
        rows.append({
            "indicator_id": indicator_id, "area_id": area_id, "year": year, "value_k": k, "value_m": m,
            "gap_abs": gap_abs, "gap_rel": gap_rel, "gap_trend": gap_trend(both[-cfg.max_points:], cfg),
        })
    return rows


def gender_gap_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=GENDER_GAP_SCHEMA) if rows else pl.DataFrame(schema=GENDER_GAP_SCHEMA)
