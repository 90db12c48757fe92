"""Plausibility rules for values from every source (the default source, PxWeb, own files `egna`): ONE function,
used by the fetch check (etl/validate_run.py, before a run is marked ok) and by the build (etl/build.py, on every
replayed run), so the fetch never accepts what the build would refuse.

Per value (a row of a DELTA_SCHEMA frame; deleted and missing values are not judged):
- the value, its interval bounds, `count` and `n` are finite numbers (no NaN, no ±inf, nothing like 1e308 shown
  as a 300-digit percentage);
- by the unit the catalogue gives the series: `percent` lies within 0–100; `per_100k`, `days` and `count` are not
  negative (a series the catalogue gives no unit, e.g. a support series, is only checked for the rest);
- where an interval is published: lower ≤ upper and the value inside it (a FoHM value outside its own interval
  would otherwise make every build fail in the status method);
- `count` and `n` (respondents) are not negative.

A refused value refuses its SERIES in that run, not the run and not the build of other sources: fetch records the
series as refused (named with file or run, series, area, year) and build leaves that series out of the run, so
its last good data stays in use.

Also here, for the sources' readers: `loads_strict` (JSON without duplicate keys: `{"value": 9, "value": 1}` is
read one way by one parser and another way by another, so it is refused) and `MAX_PLAUSIBLE` (no statistic here
is anywhere near 1e12).

    bad = implausible(values, units_of(catalogue))        # the refused rows, each with its `reason`
    refused = refused_series(values, units, where="raw/<source>/<run-id>")   # {series_id: message}
    reason_for(250.0, "percent")                           # one value: 'percent outside 0–100'
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import polars as pl

from indicators.catalogue import Catalogue

MAX_PLAUSIBLE = 1e12  # larger than any count, rate or share the catalogue can hold
MAX_LISTED = 5
NON_NEGATIVE_UNITS = ("per_100k", "days", "count")
UNIT_WORDS = {"percent": "percent", "per_100k": "rate per 100 000", "days": "days", "count": "count"}


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice; the message names the key."""


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(f"duplicate key {key!r} in one JSON object (values {seen[key]!r} and "
                                    f"{value!r}); refused, since parsers disagree on which one counts")
        seen[key] = value
    return seen


def loads_strict(body: bytes | str) -> object:
    """json.loads that refuses an object with a key twice (DuplicateKeyError, a ValueError like JSONDecodeError)."""
    try:
        return json.loads(body, object_pairs_hook=_no_duplicates)
    except RecursionError:  # '[[[[…' thousands deep: refused like any malformed JSON (callers name file or URL)
        raise ValueError("JSON nested too deeply to be a source's answer") from None


def units_of(catalogue: Catalogue) -> dict[str, str]:
    """Full series id → the unit its indicator gives (`percent`, `per_100k`, `days`, `count`); the support series
    (population figures) are counts. Series the catalogue gives no unit are left out (checked without a unit)."""
    units: dict[str, str] = {}
    for ind in catalogue.indicators:
        units.setdefault(ind.series_id, ind.unit)
    for name in catalogue.support_kpis:
        sid = catalogue.support_series(name)
        if sid is not None:
            units.setdefault(sid, "count")
    return units


def _finite(col: str) -> pl.Expr:
    c = pl.col(col).cast(pl.Float64)
    return c.is_null() | (c.is_finite() & (c.abs() <= MAX_PLAUSIBLE))


def _reason_expr(units: Mapping[str, str]) -> pl.Expr:
    value, low, high = pl.col("value"), pl.col("ci_low"), pl.col("ci_high")
    unit = pl.col("series_id").replace_strict(dict(units), default=None, return_dtype=pl.String)
    return (
        pl.when(~_finite("value")).then(pl.format("value {} is not a finite, plausible number", value))
        .when(~_finite("ci_low") | ~_finite("ci_high"))
        .then(pl.format("interval {}–{} is not finite", low, high))
        .when((unit == "percent") & ((value < 0) | (value > 100)))
        .then(pl.format("value {} is a percent outside 0–100", value))
        .when(unit.is_in(list(NON_NEGATIVE_UNITS)) & (value < 0))
        .then(pl.format("value {} is negative ({})", value, unit))
        .when(low.is_not_null() & high.is_not_null() & (low > high))
        .then(pl.format("interval {}–{} has its lower bound above its upper", low, high))
        .when(value.is_not_null() & low.is_not_null() & (value < low))
        .then(pl.format("value {} lies below its own interval {}–{}", value, low, high))
        .when(value.is_not_null() & high.is_not_null() & (value > high))
        .then(pl.format("value {} lies above its own interval {}–{}", value, low, high))
        .when(pl.col("count").is_not_null() & (pl.col("count") < 0))
        .then(pl.format("count {} is negative", pl.col("count")))
        .when(pl.col("n").is_not_null() & (pl.col("n") < 0))
        .then(pl.format("respondents n = {} is negative", pl.col("n")))
        .otherwise(None)
    )


def implausible(values: pl.DataFrame, units: Mapping[str, str]) -> pl.DataFrame:
    """THE rule: the rows of `values` (DELTA_SCHEMA or OBSERVATION_SCHEMA; missing columns count as NULL) that
    are not plausible, with a `reason` column; deleted rows are not judged. Empty when every value is plausible."""
    frame = values
    for col, dtype in (("ci_low", pl.Float64), ("ci_high", pl.Float64), ("count", pl.Int64), ("n", pl.Int64),
                       ("isdeleted", pl.Boolean)):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(col))
    return (frame.filter(~pl.col("isdeleted").fill_null(False))
            .with_columns(_reason_expr(units).alias("reason"))
            .filter(pl.col("reason").is_not_null()))


def reason_for(value: float | None, unit: str | None = None, ci_low: float | None = None,
               ci_high: float | None = None, count: int | None = None, n: int | None = None) -> str | None:
    """One value through the same rule: why it is refused, or None when it is plausible."""
    row = pl.DataFrame({"series_id": ["x"], "value": [value], "ci_low": [ci_low], "ci_high": [ci_high],
                        "count": [count], "n": [n]},
                       schema={"series_id": pl.String, "value": pl.Float64, "ci_low": pl.Float64,
                               "ci_high": pl.Float64, "count": pl.Int64, "n": pl.Int64})
    bad = implausible(row, {"x": unit} if unit else {})
    return None if bad.is_empty() else bad.item(0, "reason")


def refused_series(values: pl.DataFrame, units: Mapping[str, str], where: str = "") -> dict[str, str]:
    """Full series id → a message naming `where` (a file or run folder), the series and the first refused
    values (area, year, gender, why), for every series with any implausible value."""
    bad = implausible(values, units)
    out: dict[str, str] = {}
    for (sid,), rows in bad.group_by("series_id", maintain_order=True):
        shown = [f"area {a}, year {y}, gender {g}: {r}" for a, y, g, r in
                 rows.select("area_id", "year", "gender", "reason").head(MAX_LISTED).iter_rows()]
        more = f" and {rows.height - MAX_LISTED} more" if rows.height > MAX_LISTED else ""
        out[str(sid)] = (f"{where + ': ' if where else ''}series {sid}: implausible value(s) refused: "
                         + "; ".join(shown) + more)
    return out


__all__ = ["MAX_PLAUSIBLE", "DuplicateKeyError", "implausible", "loads_strict", "reason_for", "refused_series",
           "units_of"]
