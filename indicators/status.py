"""The status method for one indicator × area × gender: trend, target, rank and the one mark.

Pure functions over plain Python values; the rule is written out in docs/method.md and every threshold comes
from indicators/method.yaml (`Method`). `judge()` returns one row of the `status` table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from indicators.catalogue import Indicator, ValueTarget
from indicators.explain import status_sentence
from indicators.method import Method, TrendConfig

Direction = Literal["higher_is_better", "lower_is_better"]
Point = tuple[int, float]

COLOURS = ("red", "yellow", "green")  # index = score: 0 red, 1 yellow, 2 green
ROUND = 9  # decimals kept before comparing with a threshold: float noise must not move a boundary case


@dataclass(frozen=True)
class TrendResult:
    trend: str            # improving | stable | worsening | short_series
    slope: float | None   # per year, raw direction (None for a short series)
    points: int


@dataclass(frozen=True)
class TargetResult:
    status: str  # met | on_pace | too_slow | wrong_direction | better | same | worse | no_data
    target_value: float | None = None
    pace_ratio: float | None = None
    compared_with: str | None = None  # 'riket' | 'lan' for better/same/worse
    reference_value: float | None = None


@dataclass(frozen=True)
class Mark:
    colour: str
    label: str
    arrow: str


def observed_points(series: Sequence[tuple[int, float | None]]) -> list[Point]:
    """The non-null (year, value) pairs, sorted by year."""
    return sorted((int(y), float(v)) for y, v in series if v is not None)


def sign(direction: str) -> float:
    """+1 when higher is better, -1 when lower is better: multiply a change by this to get 'improvement'."""
    return 1.0 if direction == "higher_is_better" else -1.0


def least_squares_slope(points: Sequence[Point]) -> float:
    """Ordinary least-squares slope of value on year (needs at least two distinct years)."""
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mean_x) ** 2 for p in points)
    sxy = sum((p[0] - mean_x) * (p[1] - mean_y) for p in points)
    return sxy / sxx


def classify_relative(improvement_per_year: float, level: float, threshold: float) -> int:
    """+1 / 0 / -1 when the improvement per year, relative to |level|, is beyond ±threshold."""
    if level == 0:
        relative = 0.0 if improvement_per_year == 0 else improvement_per_year * float("inf")
    else:
        relative = round(improvement_per_year / abs(level), ROUND)
    if relative >= threshold:
        return 1
    if relative <= -threshold:
        return -1
    return 0


def assess_trend(points: Sequence[Point], direction: str, cfg: TrendConfig) -> TrendResult:
    """Trend over the last up to `max_points` observed years, direction-adjusted, relative to the level.

    The slope per year is divided by the mean of the window's years before the latest one.
    """
    window = list(points)[-cfg.max_points:]
    if len(window) < cfg.min_points:
        return TrendResult("short_series", None, len(window))
    slope = least_squares_slope(window)
    # The level is the mean of the earlier years, so a better latest value can only raise the verdict.
    earlier = window[:-1]
    level = sum(v for _, v in earlier) / len(earlier)
    verdict = classify_relative(sign(direction) * slope, level, cfg.stable_relative_slope)
    return TrendResult({1: "improving", 0: "stable", -1: "worsening"}[verdict], slope, len(window))


def is_at_least(value: float, target: float, direction: str) -> bool:
    """Has `value` reached `target` in the indicator's direction?"""
    return value >= target if direction == "higher_is_better" else value <= target


def assess_value_target(points: Sequence[Point], target: ValueTarget, direction: str,
                        method: Method) -> TargetResult | None:
    """met / on_pace / too_slow / wrong_direction, or None when there are too few years to judge a pace.

    Baseline: the first observed year at or after `target.baseline_year`, else the first year of the trend
    window. Needed pace = (target − baseline value) / (target year − baseline year); observed pace =
    (latest − baseline value) / (latest year − baseline year); pace_ratio = observed / needed.
    """
    t1, x1 = points[-1]
    if is_at_least(x1, target.value, direction):
        return TargetResult("met", target.value)
    if target.baseline_year is not None:
        candidates = [p for p in points if p[0] >= target.baseline_year]
    else:
        candidates = list(points)[-method.trend.max_points:]
    if len(candidates) < 2:
        return None
    t0, x0 = candidates[0]
    observed = (x1 - x0) / (t1 - t0)
    improving = sign(direction) * observed
    if is_at_least(x0, target.value, direction) or target.by <= t0:
        # Nothing left to gain at the baseline, or no time left: no pace can be asked for.
        return TargetResult("too_slow" if improving > 0 else "wrong_direction", target.value)
    needed = (target.value - x0) / (target.by - t0)
    ratio = round(observed / needed, ROUND)  # so that a ratio of exactly 0.95 on paper is 0.95 here too
    if ratio < 0:
        status = "wrong_direction"
    elif ratio >= method.target.on_pace_ratio and t1 < target.by:
        status = "on_pace"
    else:
        status = "too_slow"
    return TargetResult(status, target.value, ratio)


def compare_with_reference(value: float, reference: float, direction: str, tolerance: float) -> str:
    """better / same / worse: 'same' when |value − reference| ≤ tolerance × |reference|."""
    diff = value - reference
    if round(abs(diff) - tolerance * abs(reference), ROUND) <= 0:
        return "same"
    return "better" if sign(direction) * diff > 0 else "worse"


def assess_reference(value: float, references: Sequence[tuple[str, float | None]], direction: str,
                     method: Method, target_value: float | None = None) -> TargetResult:
    """Position against the first available reference, e.g. [('riket', 85.1), ('lan', 83.0)]."""
    for name, ref in references:
        if ref is not None:
            status = compare_with_reference(value, ref, direction, method.reference.same_tolerance_relative)
            return TargetResult(status, target_value, None, name, ref)
    return TargetResult("no_data", target_value)


def assess_target(points: Sequence[Point], indicator: Indicator, riket: float | None, county: float | None,
                  is_county: bool, method: Method) -> TargetResult:
    """The target status of one row: against a value target when set, else against Riket (or the county)."""
    if not points:
        target = indicator.target
        return TargetResult("no_data", target.value if isinstance(target, ValueTarget) else None)
    target = indicator.target
    if isinstance(target, ValueTarget):
        result = assess_value_target(points, target, indicator.direction, method)
        if result is not None:
            return result
    order = [("riket", riket), ("lan", county)]
    if target is not None and not isinstance(target, ValueTarget) and target.reference == "lan":
        order.reverse()
    if is_county:
        order = [("riket", riket)]
    value_target = target.value if isinstance(target, ValueTarget) else None
    return assess_reference(points[-1][1], order, indicator.direction, method, value_target)


def combine_mark(target: TargetResult, trend: str, method: Method) -> Mark:
    """One colour + words + arrow.

    Against a value target the pace already measures change, so a worsening trend can only pull the colour
    down one step. Against a reference (riket/länet) the position scores 2/1/0 and the trend adds +1/-1.
    """
    labels = method.labels
    arrow = getattr(labels.arrows, trend)
    if target.status == "no_data":
        return Mark("grey", labels.target_status.no_data, arrow)
    if target.compared_with is None:
        base = {"met": 2, "on_pace": 2, "too_slow": 1, "wrong_direction": 0}[target.status]
        score = base - (1 if trend == "worsening" else 0)
        label = getattr(labels.target_status, target.status)
    else:
        base = {"better": 2, "same": 1, "worse": 0}[target.status]
        score = base + {"improving": 1, "worsening": -1}.get(trend, 0)
        label = getattr(labels.target_status, f"{target.status}_{target.compared_with}")
    score = max(0, min(2, score))
    if score != base:
        label += getattr(labels.trend_suffix, trend)
    return Mark(COLOURS[score], label, arrow)


def rank_values(values: Mapping[str, float], direction: str) -> dict[str, int]:
    """1 = best in the indicator's direction; ties share the better rank ('min' method)."""
    s = sign(direction)
    scores = {area: s * v for area, v in values.items()}
    return {area: 1 + sum(1 for other in scores.values() if other > score) for area, score in scores.items()}


@dataclass(frozen=True)
class RowContext:
    """Everything about one indicator × area × gender that is not its own series."""
    indicator: Indicator
    area_id: str
    area_name: str
    gender: str
    is_county: bool
    riket_by_year: Mapping[int, float]
    county_by_year: Mapping[int, float]
    county_source: str | None
    rank: int | None
    rank_of: int | None
    rank_year: int | None


def judge(series: Sequence[tuple[int, float | None]], ctx: RowContext, method: Method) -> dict:
    """One row of the `status` table (columns as in etl/sql/status_schema.sql)."""
    points = observed_points(series)
    ind = ctx.indicator
    latest_year, latest_value = points[-1] if points else (None, None)
    null_years = [int(y) for y, v in series if v is None and (latest_year is None or y > latest_year)]
    missing_later = max(null_years) if null_years and latest_year is not None else None
    riket = ctx.riket_by_year.get(latest_year) if latest_year is not None else None
    county = ctx.county_by_year.get(latest_year) if latest_year is not None else None
    trend = assess_trend(points, ind.direction, method.trend)
    target = assess_target(points, ind, riket, county, ctx.is_county, method)
    mark = combine_mark(target, trend.trend, method)
    value_target = ind.target if isinstance(ind.target, ValueTarget) else None
    explanation = status_sentence(
        method=method, area_name=ctx.area_name, gender=ctx.gender, unit=ind.unit,
        latest_year=latest_year, latest_value=latest_value, missing_later_year=missing_later,
        weighted_county=ctx.is_county and ctx.county_source == "weighted_mean",
        target_value=value_target.value if value_target and target.compared_with is None else None,
        target_year=value_target.by if value_target and target.compared_with is None else None,
        pace_ratio=target.pace_ratio, compared_with=target.compared_with,
        reference_value=target.reference_value, trend=trend.trend,
        rank=ctx.rank, rank_of=ctx.rank_of, rank_year=ctx.rank_year, is_county=ctx.is_county,
    )
    return {
        "indicator_id": ind.id, "series_id": ind.series_id, "area_id": ctx.area_id, "gender": ctx.gender,
        "latest_year": latest_year, "latest_value": latest_value,
        "county_value": county, "county_source": ctx.county_source if county is not None else None,
        "riket_value": riket, "trend": trend.trend, "trend_slope": trend.slope, "trend_points": trend.points,
        "target_status": target.status, "target_value": target.target_value, "pace_ratio": target.pace_ratio,
        "rank_in_county": None if ctx.is_county else ctx.rank,
        "rank_of": None if ctx.is_county else ctx.rank_of,
        "rank_year": None if ctx.is_county else ctx.rank_year,
        "mark": mark.colour, "mark_label": mark.label, "arrow": mark.arrow, "explanation": explanation,
    }
