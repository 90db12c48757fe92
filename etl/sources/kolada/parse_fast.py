"""Kolada data pages parsed by polars' JSON reader rather than one Python dict per value; same frame as parse.py.

`parse_data_file(run, entry)` returns exactly what `parse_data(iter_entry_values(run, entry), run.run_id)` returns
(schema, row order, values), about three times faster. polars is more lenient than the Python parser (it reads
`true` as 1.0, the number 123 as the text "123", 2020.5 as 2020), so the fast path first checks the body cheaply
and the result afterwards; on any doubt it hands the file to the Python parser, which either agrees or raises the
precise SourceDataError / RunError (file, KPI, area, year, field).

Checks that keep the fast path honest:
  - every object's "kpi" and "municipality" is a JSON string (counted in the body: one `"kpi": "` per object);
  - `true`/`false` occur only as `isdeleted` values (counted against the parsed isdeleted column);
  - no "period" is written as a fraction or with an exponent;
  - no null kpi, area or period, every gender T, K or M, and the object count matches the manifest.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from etl.frames import DELTA_SCHEMA, GENDERS, UNCERTAINTY_COLUMNS
from etl.raw_runs import FileEntry, Manifest, read_body
from etl.sources.kolada.envelope import iter_entry_values
from etl.sources.kolada.parse import SOURCE_ID, parse_data

_ITEM = pl.Struct({"gender": pl.String, "value": pl.Float64, "status": pl.String, "count": pl.Int64,
                   "isdeleted": pl.Boolean})
_OBJECT = pl.Struct({"kpi": pl.String, "municipality": pl.String, "period": pl.Int64, "values": pl.List(_ITEM)})
_ENVELOPE = {"values": pl.List(_OBJECT)}
_FRACTIONAL_PERIOD = re.compile(rb'"period"\s*:\s*-?\d+[.eE]')


class _Doubt(Exception):
    """The fast path cannot vouch for this file; the Python parser decides."""


def _string_keys(body: bytes, key: bytes) -> int:
    n = body.count(b'"' + key + b'": "')
    return n + body.count(b'"' + key + b'":"')


def _fast(body: bytes, run_id: str, rows: int) -> pl.DataFrame:
    try:
        objects = pl.read_json(body, schema=_ENVELOPE).select(pl.col("values").explode()).unnest("values")
    except Exception as exc:  # noqa: BLE001 (any polars complaint means: let the Python parser say what is wrong)
        raise _Doubt from exc
    if objects.height == 1 and objects.row(0) == (None, None, None, None):
        objects = objects.clear()  # an empty `values` list explodes into one null row
    if objects.height != rows:
        raise _Doubt
    n = objects.height
    if _string_keys(body, b"kpi") != n or _string_keys(body, b"municipality") != n:
        raise _Doubt
    if _FRACTIONAL_PERIOD.search(body):
        raise _Doubt
    if objects.select(pl.any_horizontal(pl.col("kpi", "municipality", "period").is_null()).any()).item():
        raise _Doubt
    items = objects.filter(pl.col("values").list.len() > 0).explode("values").unnest("values")
    if items.select((~pl.col("gender").is_in(GENDERS) | pl.col("gender").is_null()).any()).item():
        raise _Doubt
    flags = items.get_column("isdeleted")
    if body.count(b"true") + body.count(b"false") != flags.len() - flags.null_count():
        raise _Doubt
    return items.select(
        (pl.lit(f"{SOURCE_ID}:") + pl.col("kpi")).alias("series_id"), pl.col("municipality").alias("area_id"),
        pl.col("period").cast(pl.Int32).alias("year"), "gender", "value",
        pl.when(pl.col("status") == "").then(None).otherwise(pl.col("status")).alias("flag"),
        pl.col("count").cast(pl.Int32), pl.lit(run_id).alias("run_id"), pl.col("isdeleted").fill_null(False),
        *(pl.lit(None).alias(c) for c in UNCERTAINTY_COLUMNS),  # this source publishes no interval per value
    ).select(list(DELTA_SCHEMA)).cast(DELTA_SCHEMA)


def parse_data_file(run: Manifest, entry: FileEntry) -> pl.DataFrame:
    """One raw data page as a DELTA_SCHEMA frame (see the module docstring)."""
    body = read_body(run.dir, entry)
    try:
        return _fast(body, run.run_id, entry.rows)
    except _Doubt:
        return parse_data(iter_entry_values(run, entry, body), run.run_id)


def parse_data_files(run: Manifest, kind: str = "data") -> pl.DataFrame:
    """parse_data_file over a run's data pages, a few at a time (polars reads without holding the GIL), joined
    in manifest order, so the result does not depend on the scheduling."""
    entries = [e for e in run.files if e.kind == kind]
    if len(entries) < 2:
        frames = [parse_data_file(run, e) for e in entries]
    else:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            frames = list(pool.map(lambda e: parse_data_file(run, e), entries))
    return pl.concat(frames) if frames else parse_data([], run.run_id)
