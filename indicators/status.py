"""The status method for one indicator × area × gender: uncertainty, comparison, trend, pace, staleness, mark.

Pure functions over plain Python values; the rule is written out in docs/method.md and every threshold comes
from indicators/method.yaml (`Method`). `judge()` returns one row of the `status` table. The one place that says
"better / same / worse than a reference" is `compare_with_reference()`: pages and slides read its result from the
status table (vs_riket, vs_county) and never recompute it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from indicators.catalogue import Indicator, ValueTarget
from indicators.detectable import detectable_change, meaningful_change
from indicators.explain import period_text, status_sentence
from indicators.method import Method, TrendConfig
from indicators.pooling import (
    cadence,
    period_label,
    pool_bounds,
    pool_reference,
    pool_series,
    pool_years,
    pooled_uncertainty,
    should_pool,
)
from indicators.published_interval import z_test_verdict
from indicators.target_model import TargetDecision
from indicators.uncertainty import Uncertainty, interval, series_sd, standard_error

Direction = Literal["higher_is_better", "lower_is_better"]
Point = tuple[int, float]

COLOURS = ("red", "yellow", "green")  # index = score: 0 red, 1 yellow (or neutral: score_colour), 2 green
# The status table's judged columns, in order (etl/sql/status_schema.sql; compute.STATUS_SCHEMA gives their types;
# judge() also returns `latest_period`: the window of a row judged on pooled years ('2022-2024',
# indicators/pooling.py), else None, which compute.with_latest_period fills with the source's own period label).
STATUS_COLUMNS = ("indicator_id", "series_id", "area_id", "gender", "role", "latest_year", "latest_value",
    "ci_low", "ci_high", "uncertainty_source", "county_value", "county_source", "county_note", "riket_value",
    "vs_riket", "vs_riket_label", "vs_county", "vs_county_label", "trend", "trend_slope", "trend_points",
    "trend_first_year", "trend_band", "target_status", "target_value", "pace_ratio", "pace_base_year",
    "kpi_latest_year", "is_stale", "rank_in_county", "rank_of", "rank_year", "mark", "mark_label", "arrow",
    "explanation", "detectable_change", "target_id", "target_met_years")
ROUND = 9  # decimals kept before comparing with a threshold: float noise must not move a boundary case


@dataclass(frozen=True)
class TrendResult:
    trend: str                      # improving | stable | worsening | short_series
    slope: float | None             # per year, raw direction (None for a short series)
    points: int                     # observed, non-overlapping years used
    band: float | None = None       # |improvement per year| at or below this is "stable"
    first_year: int | None = None   # first year of the window used


@dataclass(frozen=True)
class TargetResult:
    status: str  # met | on_pace | too_slow | wrong_direction | not_yet | better | same | worse | not_compared
    #              | no_data
    #              | not_comparable (the catalogue's comparable: false: judged on its own trend only)
    target_value: float | None = None
    pace_ratio: float | None = None
    compared_with: str | None = None  # 'riket' | 'lan' for better/same/worse/not_compared
    reference_value: float | None = None
    base_year: int | None = None


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
    sxx = sxy = 0.0
    for x, y in points:  # one pass, the same sums in the same order as before
        dx = x - mean_x
        sxx += dx * dx
        sxy += dx * (y - mean_y)
    return sxy / sxx


# --- uncertainty -------------------------------------------------------------------------------------------

def choose_uncertainty(ind: Indicator, earlier: Sequence[Point], half_widths: Mapping[int, float],
                       population: Mapping[int, float], method: Method,
                       published: Mapping[int, tuple[float, float]] | None = None) -> Uncertainty:
    """The first source that applies: the interval the source publishes with the values, the source's own
    Osäkerhetstal, Wilson / Byar on the denominator, the series.

    `earlier`: the observed points before the latest (the series source never looks at the latest value).
    `population`: the denominator population per year (people); it is scaled by the catalogue's
    denominator_fraction and years_averaged here. Survey indicators never use the population (their sample is
    far smaller than it).
    """
    if published:
        return Uncertainty("published", bounds=published)
    if ind.uncertainty_kpi and half_widths:
        return Uncertainty("kolada", half_widths=half_widths)
    if not ind.survey and population and ind.unit in ("percent", "per_100k"):
        scale = ind.denominator_fraction * ind.years_averaged
        n = {y: p * scale for y, p in population.items() if p and p > 0}
        if n:
            return Uncertainty("wilson" if ind.unit == "percent" else "byar", population=n,
                               exact_below=method.uncertainty.exact_below)
    sd = series_sd(earlier, ind.years_averaged, method.uncertainty.series_min_differences, method.uncertainty.z)
    if sd is not None:
        return Uncertainty("series", series_sd=sd)
    return Uncertainty("none")


# --- comparison with a reference: the one place for better / same / worse ------------------------------------

def compare_with_reference(value: float, year: int, reference: float | None, direction: str, unit: str,
                           unc: Uncertainty, z: float,
                           reference_bounds: tuple[float, float] | None = None, *,
                           comparable: bool = True) -> str | None:
    """better / same / worse / not_compared / not_comparable (None without a reference value).

    An indicator the catalogue marks as not comparable between areas (`comparable: false`) is never better or
    worse than a reference: 'not_comparable' ("Jämförs inte med riket"), whatever the values.
    'better' or 'worse' only when the reference lies outside the value's 95 % interval (the reference is taken
    as exact, as Fingertips does); inside it: 'same' ("ingen säkerställd skillnad"); no interval: not_compared.
    When the source publishes the intervals of both (Folkhälsodata: Värmland and Riket), a z-test on the
    difference uses both: 'same' unless the difference exceeds z × its standard error
    (indicators/published_interval.py).
    """
    if reference is None:
        return None
    if not comparable:
        return "not_comparable"
    bounds = interval(value, year, unit, unc, z)
    if bounds is None:
        return "not_compared"
    if unc.source == "published" and reference_bounds is not None:
        rounded = [round(b, ROUND) for b in (value, *bounds, reference, *reference_bounds)]
        return z_test_verdict(tuple(rounded[:3]), tuple(rounded[3:]), direction, z)  # type: ignore[arg-type]
    low, high = (round(b, ROUND) for b in bounds)
    ref = round(reference, ROUND)
    if direction == "higher_is_better":
        return "better" if low > ref else "worse" if high < ref else "same"
    return "better" if high < ref else "worse" if low > ref else "same"


# --- trend -------------------------------------------------------------------------------------------------

def trend_window(points: Sequence[Point], years_averaged: int, cfg: TrendConfig) -> list[Point]:
    """The points the trend uses: calendar years ending with the latest, non-overlapping for averages.

    The window is `window_years` long, or `min_years × years_averaged` for multi-year averages; inside it only
    every `years_averaged`-th year counting back from the latest is used, so no year is counted twice.
    """
    if not points:
        return []
    k = years_averaged
    latest = points[-1][0]
    span = max(cfg.window_years, cfg.min_years * k)
    values = dict(points)
    return [(y, values[y]) for y in range(latest - span + 1, latest + 1) if (latest - y) % k == 0 and y in values]


def change_floor(level: float, unit: str, cfg: TrendConfig) -> float:
    """The smallest change per year that is ever called a change, in the indicator's own units: a share of the
    level (for a share, of the smaller of p and 100 − p, so a share and its complement agree), for a share never
    more than `min_change_points_per_year`."""
    if unit == "percent":
        p = min(max(level, 0.0), 100.0)
        return min(cfg.min_change_points_per_year, cfg.min_change_relative_per_year * min(p, 100.0 - p))
    return cfg.min_change_relative_per_year * abs(level)


def assess_trend(points: Sequence[Point], ind: Indicator, unc: Uncertainty, method: Method) -> TrendResult:
    """improving / stable / worsening over calendar years, or short_series.

    Least-squares slope over `trend_window`; its standard error from the per-year standard errors at the level
    of the earlier window years (so a better latest value can only raise the verdict). The stable band is the
    larger of z × that standard error and the `change_floor`, both in the indicator's own units: a share and its
    complement get the same verdict.
    """
    cfg = method.trend
    window = trend_window(points, ind.years_averaged, cfg)
    first = window[0][0] if window else None
    if len(window) < cfg.min_years:
        return TrendResult("short_series", None, len(window), None, first)
    earlier = window[:-1]
    level = sum(v for _, v in earlier) / len(earlier)
    errors = [standard_error(level, y, ind.unit, unc, method.uncertainty.z) for y, _ in window]
    if any(e is None for e in errors):
        return TrendResult("short_series", None, len(window), None, first)
    slope = least_squares_slope(window)
    mean_x = sum(y for y, _ in window) / len(window)
    sxx = sum((y - mean_x) ** 2 for y, _ in window)
    se = math.sqrt(sum(((y - mean_x) * e) ** 2 for (y, _), e in zip(window, errors, strict=True))) / sxx  # type: ignore[operator]
    band = max(cfg.z * se, change_floor(level, ind.unit, cfg))
    improvement = round(sign(ind.direction) * slope, ROUND)
    band = round(band, ROUND)
    verdict = "improving" if improvement > band else "worsening" if improvement < -band else "stable"
    return TrendResult(verdict, slope, len(window), band, first)


# --- pace toward a value target ------------------------------------------------------------------------------

def is_at_least(value: float, target: float, direction: str) -> bool:
    """Has `value` reached `target` in the indicator's direction?"""
    return value >= target if direction == "higher_is_better" else value <= target


def growth_rate(start: float, end: float, years: int) -> float:
    """Compound annual growth rate (Eurostat); linear change relative to |start| when a value is not > 0."""
    if start > 0 and end > 0:
        return (end / start) ** (1 / years) - 1
    return (end - start) / years / max(abs(start), 1e-9)


def assess_value_target(points: Sequence[Point], target: ValueTarget, ind: Indicator, unc: Uncertainty,
                        method: Method) -> TargetResult | None:
    """The catalogue's value target for one row: `judge_target` on the series with its standard errors, or None
    when fewer than `target.min_years` lie between base and latest (the row is then judged against Riket)."""
    base_year = target.baseline_year if target.baseline_year is not None else method.target.base_year
    t1 = points[-1][0]
    k = ind.years_averaged  # pooled values: only non-overlapping windows, counted back from the latest
    candidates = [p for p in points if p[0] >= base_year and (t1 - p[0]) % k == 0]
    # "Målet nått" is read from the latest value's own 95 % interval: the one the chart draws and
    # target_met_years counts, so the words and the interval on the chart never disagree.
    met = met_years(points[-1:], target, ind, unc, method) >= 1
    short = not candidates or t1 - candidates[0][0] < method.target.min_years
    if short:  # too few years for a pace: only "Målet nått" can be said (its interval beyond the target)
        return TargetResult("met", target.value) if met else None
    window = candidates or points[-1:]
    with_errors = [(y, v, _se_at(window, y, ind, unc, method)) for y, v in window]
    return judge_target(with_errors, target.value, ind.direction, base_year, target.by, method, met=met)


def _se_at(window: Sequence[Point], year: int, ind: Indicator, unc: Uncertainty, method: Method) -> float | None:
    """A year's standard error at the window's mean level (so a noisy single value cannot shrink its own error:
    at a base of 100 % the Wilson error would collapse)."""
    level = sum(v for _, v in window) / len(window)
    return standard_error(level, year, ind.unit, unc, method.uncertainty.z)


def is_beyond(value: float, se: float | None, target: float, direction: str, z: float) -> bool:
    """Does the whole interval value ± z·se lie at or beyond the target (in the indicator's direction)?"""
    if se is None:
        return False
    bound = value - z * se if direction == "higher_is_better" else value + z * se
    return is_at_least(round(bound, ROUND), target, direction)


def judge_target(points: Sequence[tuple[int, float, float | None]], target_value: float, direction: str,
                 base_year: int, due_year: int, method: Method, *, met: bool | None = None) -> TargetResult:
    """The verdict on one value target, from the series with its uncertainty (a pure function: the target
    register calls it per target in force).

    `points`: (year, value, standard error or None), oldest first, from the base year on (earlier years are
    ignored). The pace is the least-squares slope over base → latest with its standard error from the values'
    errors; the needed pace is the straight line from the fitted base value to the target by the due year.
      met             – the latest value's whole 95 % interval lies at or beyond the target (`met`: the caller's
                        answer from that value's own interval, the one the chart draws; None: from its
                        standard error here);
      on_pace         – the slope's lower bound (z × its error) reaches `on_pace_ratio` × the needed pace, before
                        the due year;
      wrong_direction – the slope's upper bound is still a worsening;
      too_slow        – the slope's upper bound is below `on_pace_ratio` × the needed pace (or the due year has
                        passed without the target met);
      not_yet         – none of these is established (no uncertainty, fewer than `target.min_years` years, or a
                        pace whose interval holds both): grey "Kan inte bedömas ännu".
    """
    z = method.uncertainty.z
    window = sorted(p for p in points if p[0] >= base_year)
    if not window:
        return TargetResult("not_yet", target_value)
    t1, x1, se1 = window[-1]
    if is_beyond(x1, se1, target_value, direction, z) if met is None else met:
        return TargetResult("met", target_value)
    t0 = window[0][0]
    if t1 - t0 < method.target.min_years or any(se is None for _, _, se in window) or len(window) < 3:
        return TargetResult("not_yet", target_value, base_year=t0)
    s = sign(direction)
    years = [y for y, _, _ in window]
    slope = least_squares_slope([(y, v) for y, v, _ in window])
    mean_x = sum(years) / len(years)
    mean_y = sum(v for _, v, _ in window) / len(window)
    sxx = sum((y - mean_x) ** 2 for y in years)
    se_slope = math.sqrt(sum(((y - mean_x) * se) ** 2 for y, _, se in window)) / sxx  # type: ignore[operator]
    fitted_base = mean_y + slope * (t0 - mean_x)
    needed = (target_value - fitted_base) / (due_year - t0) if due_year > t0 else 0.0
    ratio = round(slope / needed, ROUND) if needed != 0 else None
    low, high = s * slope - z * se_slope, s * slope + z * se_slope  # the improvement per year, its interval
    wanted = method.target.on_pace_ratio * s * needed
    if high < 0:
        status = "wrong_direction"
    elif t1 >= due_year:
        status = "too_slow"
    elif round(low - wanted, ROUND) >= 0 and s * needed > 0:
        status = "on_pace"
    elif round(high - wanted, ROUND) < 0:
        status = "too_slow"
    else:
        status = "not_yet"
    return TargetResult(status, target_value, ratio, base_year=t0)


def as_value_target(decision: TargetDecision | None) -> ValueTarget | None:
    """The register's level target as the pace method's input (None for a direction target or no target)."""
    if decision is None or decision.level is None:
        return None
    return ValueTarget(value=decision.level, by=decision.due, baseline_year=decision.baseline_year)


def assess_direction_target(trend: str, decision: TargetDecision, direction: str) -> TargetResult | None:
    """A direction target ('ska öka' / 'ska minska') is judged on the trend beyond noise: the wanted way is
    'På väg', within the stable band 'För långsamt', the other way 'Fel riktning'; a short series: None."""
    if trend == "short_series":
        return None
    wanted_is_better = (decision.direction == "increase") == (direction == "higher_is_better")
    moving = {"improving": 1, "worsening": -1}.get(trend, 0) * (1 if wanted_is_better else -1)
    return TargetResult({1: "on_pace", 0: "too_slow", -1: "wrong_direction"}[moving])


def met_years(points: Sequence[Point], target: ValueTarget, ind: Indicator, unc: Uncertainty,
              method: Method) -> int:
    """How many consecutive years, back from the latest, the value met the target beyond its uncertainty (the
    whole 95 % interval on the right side of the level). 2 or more: "Målet nått – dags att höja ambitionen?"."""
    count, previous = 0, None
    for year, value in reversed(points):
        if previous is not None and previous - year != ind.years_averaged:
            break
        bounds = interval(value, year, ind.unit, unc, method.uncertainty.z)
        if bounds is None:
            break
        worst = bounds[0] if ind.direction == "higher_is_better" else bounds[1]
        if not (is_at_least(round(worst, ROUND), target.value, ind.direction) and worst != target.value):
            break
        count, previous = count + 1, year
    return count


# --- the mark ----------------------------------------------------------------------------------------------

def combine_mark(target: TargetResult, trend: str, method: Method, *, stale: bool = False,
                 watch: bool = False, latest_year: int | None = None, latest_period: str | None = None,
                 too_few: bool = False) -> Mark:
    """One colour + words + arrow.

    Watch indicators, stale values, rows without data and rows that cannot be compared are grey. Against a value
    target the pace already measures change, so a worsening trend can only pull the colour down one step.
    Against a reference (riket/länet) the position scores 2/1/0 and the trend adds +1/-1.
    """
    labels = method.labels
    arrow = getattr(labels.arrows, trend)
    if target.status == "no_data":
        return Mark("grey", labels.target_status.no_data, arrow)
    if watch:
        return Mark("grey", labels.target_status.watch, arrow)
    if stale:
        suffix = f" (senaste värde {period_text(latest_year, latest_period)})" if latest_year is not None else ""
        return Mark("grey", labels.target_status.stale + suffix, arrow)
    if target.status == "not_compared":
        return Mark("grey", labels.target_status.not_compared, arrow)
    if target.status == "not_yet":
        return Mark("grey", labels.target_status.not_yet, arrow)
    if too_few:  # no verdict where even a change several times the meaningful one would not show: grey
        if target.status == "not_comparable":
            return Mark("grey", f"{labels.target_status.not_comparable} – {labels.target_status.too_few.lower()}",
                        arrow)
        return Mark("grey", labels.target_status.too_few, arrow)
    if target.status == "not_comparable":
        # Not comparable between areas: no position, so only the indicator's own trend can colour it (a yellow
        # middle moved one step by a trend beyond noise, as the trend moves a reference verdict); no trend: grey.
        label = labels.target_status.not_comparable
        if trend == "short_series":
            return Mark("grey", label, arrow)
        score = 1 + {"improving": 1, "worsening": -1}.get(trend, 0)
        return Mark(score_colour(score, 1, "not_comparable"), f"{label} – {getattr(labels.trend, trend)}", arrow)
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
    return Mark(score_colour(score, base, target.status), label, arrow)


def score_colour(score: int, base: int, status: str) -> str:
    """The colour of a score (0 red, 1 middle, 2 green). The middle is yellow only when something pulls each way
    (a good position moved down by a worsening trend, a bad one moved up by an improving trend, a target
    approached too slowly); a middle with nothing pulling either way ("I nivå med riket", a stable trend on its
    own) is neutral: no clear difference."""
    if score != 1:
        return COLOURS[score]
    pulled = score != base or status == "too_slow"
    return "yellow" if pulled else "neutral"


def too_few(points: Sequence[Point], reference: float | None, ind: Indicator, unc: Uncertainty,
            method: Method) -> bool:
    """Is the minimum detectable change here more than `too_few_factor` × the meaningful change? Measured at a level
    the latest value cannot move (the earlier values' mean, else the reference's, else the value itself), so a
    better latest value never turns a row grey."""
    if not points:
        return False
    earlier = points[:-1]
    level = (sum(v for _, v in earlier) / len(earlier) if earlier
             else reference if reference is not None else points[-1][1])
    cfg, cal = method.trend, method.calibration
    found = detectable_change(
        level, points[-1][0], ind.unit, unc, years_averaged=ind.years_averaged, window=cfg.window_years,
        min_years=cfg.min_years, z_trend=cfg.z, z_uncertainty=method.uncertainty.z, power=cal.min_detection_rate,
        floor=0.0)
    meaningful = meaningful_change(level, ind.unit, cal.meaningful_points_per_year, cal.meaningful_relative_per_year)
    return found is not None and round(found - cal.too_few_factor * meaningful, ROUND) > 0


def missing_verdict(target_status: str, trend: str) -> bool:
    """Does the row's mark rest on the absence of a verdict? "Ingen säkerställd skillnad" against the reference the
    mark uses with no trend beyond the stable band either, or, for an indicator judged on its own trend only, a
    trend within the stable band. Only such rows are told the minimum detectable change (a "better", "worse",
    "förbättras" or "försämras" verdict needs no such caveat)."""
    quiet = trend in ("stable", "short_series")
    return (target_status == "same" and quiet) or (target_status == "not_comparable" and trend == "stable")


def rank_values(values: Mapping[str, float], direction: str) -> dict[str, int]:
    """1 = best in the indicator's direction; ties share the better rank ('min' method)."""
    s = sign(direction)
    scores = {area: s * v for area, v in values.items()}
    return {area: 1 + sum(1 for other in scores.values() if other > score) for area, score in scores.items()}


def comparison_label(result: str | None, reference_name: str, method: Method) -> str | None:
    """'Bättre än riket', 'Ingen säkerställd skillnad mot länet', … (None without a reference)."""
    if result is None:
        return None
    return f"{getattr(method.labels.comparison, result)} {reference_name}"


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
    kpi_latest_year: int | None = None
    half_widths: Mapping[int, float] | None = None   # the source's Osäkerhetstal for this area and gender
    population: Mapping[int, float] | None = None    # the denominator population for this area and gender
    county_note: str | None = None                   # why there is no county figure for the latest year
    county_name: str | None = None                   # 'Hela Dalarna' (areas.yaml); None: labels.county_name
    published: Mapping[int, tuple[float, float]] | None = None         # the source's interval for this area
    riket_bounds: Mapping[int, tuple[float, float]] | None = None      # ... for Riket
    county_bounds: Mapping[int, tuple[float, float]] | None = None     # ... for the county
    county_only: bool = False  # the series has figures for the county and Riket only (no municipality figure)
    periods: Mapping[int, str] | None = None  # the source's label of a pooled window per year ('2021-2024')
    extra_variation: float = 0.0  # real year-to-year variation beyond sampling (indicators/overdispersion.py)
    # The register's target in force for a data year (indicators/targets.py target_in_force, bound to this
    # indicator and area); None: no register, compared with Riket / the county.
    target_for: Callable[[int], TargetDecision | None] | None = None


def county_only_row(ctx: RowContext, method: Method) -> dict:
    """A municipality's row for a county-grain series: no value of its own (none is invented), the county's and
    Riket's figures beside it, grey with the words "Finns bara för länet"; never in a rank."""
    ind = ctx.indicator
    label = method.labels.target_status.county_only
    county = ctx.county_name or method.labels.county_name
    year = max(ctx.county_by_year, default=None)
    row = dict.fromkeys(STATUS_COLUMNS)
    row.update({
        "indicator_id": ind.id, "series_id": ind.series_id, "area_id": ctx.area_id, "gender": ctx.gender,
        "role": ind.role, "uncertainty_source": "none", "trend": "short_series", "trend_points": 0,
        "county_value": ctx.county_by_year.get(year) if year is not None else None,
        "county_source": ctx.county_source if year is not None else None,
        "county_note": f"{label} ({county}).",
        "riket_value": ctx.riket_by_year.get(year) if year is not None else None,
        "target_status": "county_only", "kpi_latest_year": ctx.kpi_latest_year, "is_stale": False,
        "mark": "grey", "mark_label": label, "arrow": method.labels.arrows.short_series,
        "explanation": f"{ctx.area_name}: {label.lower()} – {ind.short_name} redovisas för "
                       f"{county} och riket, inte per kommun.",
        "latest_period": None,
    })
    return row


def row_uncertainty(points: Sequence[Point], ctx: RowContext, method: Method) -> Uncertainty:
    """The uncertainty of a row's values: sampling (chosen from the points before the latest) widened by the
    indicator's year-to-year variation beyond sampling. The status row and every year's interval use this one."""
    ind = ctx.indicator
    unc = choose_uncertainty(ind, points[:-1], ctx.half_widths or {}, ctx.population or {}, method, ctx.published)
    if ctx.extra_variation > 0:
        unc = replace(unc, extra=ctx.extra_variation, extra_relative=ind.unit != "percent")
    return unc


def judge(series: Sequence[tuple[int, float | None]], ctx: RowContext, method: Method) -> dict:
    """One row of the `status` table (columns as in etl/sql/status_schema.sql)."""
    if ctx.county_only and not ctx.is_county:
        return county_only_row(ctx, method)
    points = observed_points(series)
    ind = ctx.indicator
    labels = method.labels
    unc = row_uncertainty(points, ctx, method)
    # the trend (and what it can detect) always reads the annual values over its window; a small area's
    # position and target are judged on pools of years (indicators/pooling.py)
    annual_points, annual_ind, annual_unc = points, ind, unc
    pooled = pooled_view(points, ctx, ind, unc, method)
    if pooled is not None:
        points, ctx, ind, unc = pooled
    latest_year, latest_value = points[-1] if points else (None, None)
    null_years = [int(y) for y, v in series if v is None and (latest_year is None or y > latest_year)]
    missing_later = max(null_years) if null_years and latest_year is not None else None
    riket = ctx.riket_by_year.get(latest_year) if latest_year is not None else None
    county = ctx.county_by_year.get(latest_year) if latest_year is not None else None
    z = method.uncertainty.z
    bounds = interval(latest_value, latest_year, ind.unit, unc, z) if latest_year is not None else None  # type: ignore[arg-type]
    vs_riket = vs_county = None
    if latest_year is not None and latest_value is not None:
        vs_riket = compare_with_reference(latest_value, latest_year, riket, ind.direction, ind.unit, unc, z,
                                          (ctx.riket_bounds or {}).get(latest_year), comparable=ind.comparable)
        if not ctx.is_county:
            vs_county = compare_with_reference(latest_value, latest_year, county, ind.direction, ind.unit, unc, z,
                                               (ctx.county_bounds or {}).get(latest_year),
                                               comparable=ind.comparable)
    trend = assess_trend(annual_points, annual_ind, annual_unc, method)
    detectable = meaningful = None
    if latest_year is not None and latest_value is not None:
        cfg, cal = method.trend, method.calibration
        detectable = detectable_change(
            latest_value, latest_year, ind.unit, annual_unc, years_averaged=annual_ind.years_averaged,
            window=cfg.window_years,
            min_years=cfg.min_years, z_trend=cfg.z, z_uncertainty=z, power=cal.min_detection_rate,
            floor=change_floor(latest_value, ind.unit, cfg))
        meaningful = meaningful_change(latest_value, ind.unit, cal.meaningful_points_per_year,
                                       cal.meaningful_relative_per_year)
    stale = (latest_year is not None and ctx.kpi_latest_year is not None
             and ctx.kpi_latest_year - latest_year > method.staleness.max_age_years)

    decision = ctx.target_for(latest_year) if ctx.target_for is not None and latest_year is not None else None
    value_target = as_value_target(decision)
    target_value = value_target.value if value_target else None
    target: TargetResult | None = None
    if not points:
        target = TargetResult("no_data", target_value)
    elif value_target is not None:
        target = assess_value_target(points, value_target, ind, unc, method)
    elif decision is not None:
        target = assess_direction_target(trend.trend, decision, ind.direction)
    if target is None and not ind.comparable:
        target = TargetResult("not_comparable", target_value)
    if target is None:
        order = [("riket", riket, vs_riket), ("lan", county, vs_county)]
        if ctx.is_county:
            order = [("riket", riket, vs_riket)]
        target = next((TargetResult(res, target_value, None, name, ref) for name, ref, res in order
                       if res is not None), TargetResult("no_data", target_value))
    latest_period = (ctx.periods or {}).get(latest_year) if latest_year is not None else None
    # no verdict, and the change this row could show is several times the meaningful one: "för få"
    few = missing_verdict(target.status, trend.trend) and too_few(
        annual_points, riket if riket is not None else county, annual_ind, annual_unc, method)
    mark = combine_mark(target, trend.trend, method, stale=stale, watch=not ind.judged, latest_year=latest_year,
                        latest_period=latest_period, too_few=few)

    show_rank = ind.rank and not ctx.is_county and ctx.rank is not None and ctx.rank_year == latest_year
    explanation = status_sentence(
        method=method, area_name=ctx.area_name, gender=ctx.gender, unit=ind.unit,
        latest_year=latest_year, latest_value=latest_value, missing_later_year=missing_later,
        latest_period=latest_period,
        weighted_county=ctx.is_county and ctx.county_source == "weighted_mean",
        target_value=value_target.value if value_target and target.compared_with is None else None,
        target_year=value_target.by if value_target and target.compared_with is None else None,
        pace_ratio=target.pace_ratio, pace_base_year=target.base_year,
        comparisons=[(labels.riket_name, riket, vs_riket), (ctx.county_name or labels.county_name, county, vs_county)],
        interval=bounds, uncertainty_source=unc.source, trend=trend.trend,
        rank=ctx.rank if show_rank else None, rank_of=ctx.rank_of if show_rank else None,
        is_county=ctx.is_county, stale=stale, watch=not ind.judged, rankable=ind.rank,
        detectable=detectable, meaningful=meaningful,
        undecided=missing_verdict(target.status, trend.trend),
    )
    return {
        "indicator_id": ind.id, "series_id": ind.series_id, "area_id": ctx.area_id, "gender": ctx.gender,
        "role": ind.role, "latest_year": latest_year, "latest_value": latest_value,
        "ci_low": bounds[0] if bounds else None, "ci_high": bounds[1] if bounds else None,
        "uncertainty_source": unc.source,
        "county_value": county, "county_source": ctx.county_source if county is not None else None,
        "county_note": None if county is not None or ctx.is_county else ctx.county_note,
        "riket_value": riket,
        "vs_riket": vs_riket, "vs_riket_label": comparison_label(vs_riket, labels.riket_name, method),
        "vs_county": vs_county, "vs_county_label": comparison_label(vs_county, "länet", method),
        "trend": trend.trend, "trend_slope": trend.slope, "trend_points": trend.points,
        "trend_first_year": trend.first_year, "trend_band": trend.band, "detectable_change": detectable,
        "target_status": target.status, "target_value": target.target_value, "pace_ratio": target.pace_ratio,
        "pace_base_year": target.base_year,
        "kpi_latest_year": ctx.kpi_latest_year, "is_stale": bool(stale),
        "rank_in_county": ctx.rank if show_rank else None,
        "rank_of": ctx.rank_of if show_rank else None,
        "rank_year": ctx.rank_year if show_rank else None,
        "mark": mark.colour, "mark_label": mark.label, "arrow": mark.arrow, "explanation": explanation,
        "target_id": decision.id if decision is not None and target.compared_with is None else None,
        "target_met_years": (met_years(points, value_target, ind, unc, method)
                             if value_target is not None and target.compared_with is None else None),
        "latest_period": latest_period if pooled is not None else None,  # the pool's window; else the source's
    }


def pooled_view(points: list[Point], ctx: RowContext, ind: Indicator, unc: Uncertainty,
                method: Method) -> tuple[list[Point], RowContext, Indicator, Uncertainty] | None:
    """The row as judged on pools (method.yaml `pooling`), or None when the rule does not pool it (or the latest
    year ends no complete pool: then the annual value is judged, never an older pool). The pooled series is
    judged as a source's own multi-year averages are (`years_averaged`): Riket and the county pooled over the same
    windows, n summed, the real variation averaged; the explanations show the window ('åren 2023–2025')."""
    if not should_pool(points, ind.unit, ind.years_averaged, unc, method):
        return None
    years, step = method.pooling.years, cadence(points)
    if step >= years:  # a value every `years` years or more seldom: nothing to pool
        return None
    pooled = pool_series(points, unc.population or {}, years, step)
    if not pooled or pooled[-1][0] != points[-1][0]:
        return None
    view = replace(
        ctx, riket_by_year=pool_reference(ctx.riket_by_year, years, step),
        county_by_year=pool_reference(ctx.county_by_year, years, step),
        riket_bounds=pool_bounds(ctx.riket_bounds, years, step),
        county_bounds=pool_bounds(ctx.county_bounds, years, step),
        periods={y: period_label(y, years, step) for y, _ in pooled})
    span = step * len(pool_years(pooled[-1][0], years, step))  # non-overlapping pools are this many years apart
    return pooled, view, ind.model_copy(update={"years_averaged": span}), pooled_uncertainty(unc, years, step)
