"""Real year-to-year variation beyond sampling, estimated from the data (funnel plots with overdispersion).

Sampling noise (Wilson, exact, Byar, the source's Osäkerhetstal) is not all the noise in a real series: rates and
shares also move from year to year for reasons no denominator explains (a hard winter, a changed routine, one
large family moving). Treated as signal, that variation turns a flat truth red more often the larger the
municipality is (its sampling interval shrinks, the real variation does not).

Per indicator and gender, the method estimates that variation from the municipalities' own series, as
Spiegelhalter's funnel plots do from the institutions themselves: each municipality's last `years` values are
fitted with a straight line; what the residuals vary beyond what sampling explains is the extra variance
(a moment estimator pooled over the municipalities, never below 0). Shares are measured in percentage points,
every other unit relative to the level. The standard errors of every comparison and trend are then widened by
it (indicators/uncertainty.py: sampling and extra in quadrature). Pure functions over floats.
"""

from __future__ import annotations

from collections.abc import Sequence

from indicators.uncertainty import Uncertainty, sampling_standard_error

Point = tuple[int, float]
# An area's series tells about the variation around its straight line from three values on (one degree of freedom:
# the residuals' variances, each × (1 − leverage), sum to n − 2 = 1). A survey asked three times in ten years (the
# Osäkerhetstal KPIs) then still gives its areas' variation, instead of none at all (treated as sampling only).
MIN_VALUES = 3


def area_residuals(points: Sequence[Point], unit: str, unc: Uncertainty, z: float,
                   relative: bool) -> list[tuple[int, float, float, float]] | None:
    """(year, residual around the area's own straight line, its expected sampling variance × (1 − leverage),
    1 − leverage) per value, in percentage points or relative to the fitted level; None with fewer than MIN_VALUES
    values or without a sampling standard error."""
    n = len(points)
    if n < MIN_VALUES or unc.source in ("series", "none"):
        return None
    xs = [float(y) for y, _ in points]
    ys = [v for _, v in points]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    out = []
    for (year, value), x in zip(points, xs, strict=True):
        fitted = mean_y + slope * (x - mean_x)
        scale = abs(fitted) if relative else 1.0
        if scale <= 0:
            return None
        se = sampling_standard_error(fitted, year, unit, unc, z)
        if se is None:
            return None
        leverage = 1 / n + (x - mean_x) ** 2 / sxx
        out.append((year, (value - fitted) / scale, (1 - leverage) * (se / scale) ** 2, 1 - leverage))
    return out


def extra_variation(areas: Sequence[tuple[Sequence[Point], Uncertainty]], unit: str, years: int,
                    z: float) -> float:
    """The sd of the real year-to-year variation beyond sampling: percentage points for a share (unit 'percent'),
    else a share of the level; 0 when sampling explains the variation or no area has enough values.

    Each area's last `years` values are fitted with its own straight line; the pattern the areas share in a year
    (the mean residual of that year: a county-wide bend that no straight line follows) is removed, as a funnel
    plot measures each area around the others; what the remaining residuals vary beyond sampling is the extra
    variance (a moment estimator pooled over the areas, never below 0)."""
    relative = unit != "percent"
    found: list[list[tuple[int, float, float, float]]] = []
    for points, unc in areas:
        latest = points[-1][0] if points else None
        recent = [p for p in points if latest is not None and p[0] > latest - years]
        residuals = area_residuals(recent, unit, unc, z, relative)
        if residuals is not None:
            found.append(residuals)
    by_year: dict[int, list[float]] = {}
    for residuals in found:
        for year, r, _, _ in residuals:
            by_year.setdefault(year, []).append(r)
    common = {y: sum(rs) / len(rs) for y, rs in by_year.items()}
    # E[(r − common)²] = (1 − 1/k)(1 − leverage)(sampling + extra variance) for k areas in the year: the extra
    # variance is what the sum holds beyond sampling, divided by the sum of those weights (the residual degrees of
    # freedom of a line per area and a common pattern per year: (k − 1)(n − 2) when every area has the n years).
    total = weight = 0.0
    for residuals in found:
        for year, r, variance, keep in residuals:
            k = len(by_year[year])
            if k < 2:  # an area alone in a year: nothing to separate from, its residual is the common one
                continue
            total += (r - common[year]) ** 2 - (1 - 1 / k) * variance
            weight += (1 - 1 / k) * keep
    if weight <= 0 or total <= 0:
        return 0.0
    return (total / weight) ** 0.5
