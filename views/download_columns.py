"""What every download of an indicator table carries beside the value: the 95 % interval, the count and the
population behind it, the comparison verdicts in words, all rounded as the pages show them. Pure polars.

The rounding is the page's (views/format.py UNIT_DECIMALS: a share to one decimal, a rate per 100 000 to none), so
a number taken home reads as the number on the screen (never `-4,099999999999994`).
"""

from __future__ import annotations

import polars as pl

from views.format import UNIT_DECIMALS
from views.words import labels

LOW = "Nedre gräns (95 %)"
HIGH = "Övre gräns (95 %)"
COUNT = "Antal fall (beräknat)"
DENOMINATOR = "Befolkning bakom värdet"
VS_RIKET = "Jämfört med riket"
VS_COUNTY = "Jämfört med länet"


def _round_as_shown(expr: pl.Expr, decimals: int) -> pl.Expr:
    """Rounded exactly as the page's text rounds (Python's round on the binary value, as f"{v:.1f}" does: 76.35 is
    stored as 76.3499… and shows '76,3'; polars' own round would give 76.4)."""
    return expr.map_elements(lambda v: float(round(v, decimals)), return_dtype=pl.Float64)


def rounded(column: str | pl.Expr, unit: str | pl.Expr = "unit") -> pl.Expr:
    """`column` rounded to its unit's decimals (per row when `unit` is a column name, else a fixed unit)."""
    expr = pl.col(column) if isinstance(column, str) else column
    if isinstance(unit, str) and unit in UNIT_DECIMALS:
        return _round_as_shown(expr, UNIT_DECIMALS[unit])
    unit_expr = pl.col(unit) if isinstance(unit, str) else unit
    out: pl.Expr | None = None
    for name, decimals in UNIT_DECIMALS.items():
        then = _round_as_shown(expr, decimals)
        out = (pl.when(unit_expr == name) if out is None else out.when(unit_expr == name)).then(then)
    assert out is not None
    return out.otherwise(_round_as_shown(expr, 1))


def interval_columns(frame: pl.DataFrame, unit: str = "unit", low: str = "ci_low", high: str = "ci_high",
                     count: str = "count", denominator: str = "denominator") -> list[pl.Expr]:
    """Lower and upper 95 % limits (rounded as the value), the implied count and the population behind the value
    (whole numbers); a column the frame does not have is left out."""
    cols: list[pl.Expr] = []
    if low in frame.columns and high in frame.columns:
        cols += [rounded(low, unit).alias(LOW), rounded(high, unit).alias(HIGH)]
    if count in frame.columns:
        cols.append(pl.col(count).round(0).cast(pl.Int64, strict=False).alias(COUNT))
    if denominator in frame.columns:
        cols.append(pl.col(denominator).round(0).cast(pl.Int64, strict=False).alias(DENOMINATOR))
    return cols


def verdict_columns(frame: pl.DataFrame, *, with_county: bool = True) -> list[pl.Expr]:
    """The status table's comparison verdicts in its own words (never recomputed): vs Riket, vs the county."""
    cols: list[pl.Expr] = []
    watch = pl.col("role") == "watch" if "role" in frame.columns else pl.lit(False)

    def words(column: str) -> pl.Expr:  # a watch indicator is not judged: no better/worse words, as on the pages
        return pl.when(watch).then(pl.lit(labels().target_status.watch)).otherwise(pl.col(column))

    if "vs_riket_label" in frame.columns:
        cols.append(words("vs_riket_label").alias(VS_RIKET))
    if with_county and "vs_county_label" in frame.columns:
        cols.append(words("vs_county_label").alias(VS_COUNTY))
    return cols
