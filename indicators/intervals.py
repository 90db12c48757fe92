"""The 95 % interval of every observed year of one area's series (table `value_interval`), with the size behind it.

The status row holds the interval of the latest value only; the trend chart, the ranked bar chart, the funnel plot
and the downloads need one per year. The uncertainty is chosen exactly as the status method chooses it for the
row (indicators/status.py `row_uncertainty`: sampling from the points before the latest, widened by the
year-to-year variation beyond sampling), so the latest year's interval
here is the status row's `ci_low`/`ci_high`. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators.method import Method
from indicators.status import RowContext, observed_points, row_uncertainty
from indicators.uncertainty import PER, interval, nearest

INTERVAL_SCHEMA = {
    "indicator_id": pl.String, "area_id": pl.String, "gender": pl.String, "year": pl.Int32,
    "value": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64, "uncertainty_source": pl.String,
    "denominator": pl.Float64, "count": pl.Float64,
}


def interval_rows(series: Sequence[tuple[int, float | None]], ctx: RowContext, method: Method) -> list[dict]:
    """One row per observed year of `series` (the area's values): the value, its 95 % interval (None when no
    source gives one), the uncertainty source, and for a share or rate of a known population the population
    behind the interval (`denominator`, people or person-years) and the implied number of cases (`count`)."""
    if ctx.county_only and not ctx.is_county:
        return []
    points = observed_points(series)
    if not points:
        return []
    ind = ctx.indicator
    unc = row_uncertainty(points, ctx, method)
    rows = []
    for year, value in points:
        bounds = interval(value, year, ind.unit, unc, method.uncertainty.z)
        denominator = count = None
        if unc.source in ("wilson", "byar") and unc.population:
            denominator = nearest(unc.population, year)
            if denominator:
                count = value / (100.0 if ind.unit == "percent" else PER) * denominator
        rows.append({
            "indicator_id": ind.id, "area_id": ctx.area_id, "gender": ctx.gender, "year": int(year),
            "value": float(value), "ci_low": None if bounds is None else float(bounds[0]),
            "ci_high": None if bounds is None else float(bounds[1]),
            "uncertainty_source": unc.source if bounds is not None else "none",
            "denominator": None if denominator is None else float(denominator),
            "count": None if count is None else float(round(count, 1)),
        })
    return rows


def interval_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=INTERVAL_SCHEMA, orient="row") if rows else pl.DataFrame(schema=INTERVAL_SCHEMA)
