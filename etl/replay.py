"""Replay raw runs into the current state: a full run sets it, each incremental run changes it. Pure functions.

Every change an incremental run makes is recorded (new, revised, deleted), and so is every change in series metadata,
so the dashboard can show what is new since the last meeting.
"""

from __future__ import annotations

import polars as pl

from etl.frames import KEY, OBSERVATION_SCHEMA

CHANGE_SCHEMA = {
    "run_id": pl.String, "series_id": pl.String, "area_id": pl.String, "year": pl.Int32, "gender": pl.String,
    "change": pl.String, "old_value": pl.Float64, "new_value": pl.Float64,
}
SERIES_CHANGE_SCHEMA = {"run_id": pl.String, "series_id": pl.String, "field": pl.String,
                        "old_value": pl.String, "new_value": pl.String}
TRACKED_SERIES_FIELDS = ["title", "description", "municipality_type", "is_divided_by_gender", "publication_date",
                      "prel_publication_date", "publ_period", "operating_area"]


def duplicate_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Keys that occur more than once, with how often."""
    return frame.group_by(KEY).len().filter(pl.col("len") > 1).sort(KEY)


def apply_full(delta: pl.DataFrame) -> pl.DataFrame:
    """A full run is the whole truth: every non-deleted row, last one wins on a repeated key; sorted by KEY.

    The same rows as `delta.filter(~isdeleted).unique(KEY, keep="last").sort(KEY)`, with less memory at national
    scale (1.8 M rows: +300 MB instead of +550 MB): the order is found on small integer codes of the key (each
    string column's dense rank keeps its sort order), a stable sort puts repeated keys side by side in arrival
    order, the last of each run is kept, and the rows are gathered once."""
    codes = [pl.col(k).rank("dense").cast(pl.UInt32).alias(k) if delta.schema[k] == pl.String else pl.col(k)
             for k in KEY]
    order = (delta.select(*codes, pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "isdeleted")
             .filter(~pl.col("isdeleted")).drop("isdeleted").sort(KEY, maintain_order=True))
    same_as_next = pl.all_horizontal([pl.col(k).eq_missing(pl.col(k).shift(-1)) for k in KEY])
    rows = order.filter(~same_as_next).get_column("_row")
    del order
    return delta.select(list(OBSERVATION_SCHEMA))[rows].cast(OBSERVATION_SCHEMA)


def apply_incremental(state: pl.DataFrame, delta: pl.DataFrame, run_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Apply changed values and deletions; return (new state, change records)."""
    delta = delta.unique(KEY, keep="last", maintain_order=True)
    known = state.select([*KEY, pl.col("value").alias("old_value")]).with_columns(pl.lit(True).alias("_known"))
    joined = delta.join(known, on=KEY, how="left").with_columns(pl.col("_known").fill_null(False))
    change = (
        pl.when(pl.col("isdeleted") & pl.col("_known")).then(pl.lit("deleted"))
        .when(~pl.col("isdeleted") & ~pl.col("_known")).then(pl.lit("new"))
        .when(~pl.col("isdeleted") & pl.col("value").ne_missing(pl.col("old_value"))).then(pl.lit("revised"))
        .otherwise(None)
    )
    changes = (
        joined.with_columns(change.alias("change"))
        .filter(pl.col("change").is_not_null())
        .select(
            pl.lit(run_id).alias("run_id"), *KEY, "change", "old_value",
            pl.when(pl.col("change") == "deleted").then(None).otherwise(pl.col("value")).alias("new_value"),
        )
        .cast(CHANGE_SCHEMA)
    )
    untouched = state.join(delta.select(KEY), on=KEY, how="anti")
    upserts = delta.filter(~pl.col("isdeleted")).select(list(OBSERVATION_SCHEMA)).cast(OBSERVATION_SCHEMA)
    new_state = pl.concat([untouched.cast(OBSERVATION_SCHEMA), upserts]).sort(KEY)
    return new_state, changes


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def diff_series_metadata(old: pl.DataFrame, new: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """Field-by-field changes between two metadata frames (series_id + TRACKED_SERIES_FIELDS)."""
    rows = []
    old_by_id = {r["series_id"]: r for r in old.iter_rows(named=True)}
    new_by_id = {r["series_id"]: r for r in new.iter_rows(named=True)}
    for sid in sorted(old_by_id.keys() - new_by_id.keys()):
        rows.append((run_id, sid, "(removed)", old_by_id[sid]["title"], None))
    for sid in sorted(new_by_id.keys() - old_by_id.keys()):
        rows.append((run_id, sid, "(added)", None, new_by_id[sid]["title"]))
    for sid in sorted(old_by_id.keys() & new_by_id.keys()):
        before, after = old_by_id[sid], new_by_id[sid]
        for field in TRACKED_SERIES_FIELDS:
            if _text(before.get(field)) != _text(after.get(field)):
                rows.append((run_id, sid, field, _text(before.get(field)), _text(after.get(field))))
    return pl.DataFrame(rows, schema=SERIES_CHANGE_SCHEMA, orient="row")


def merge_series_metadata(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """The newest metadata per series; a series that vanished from the source keeps its last known metadata."""
    kept_old = old.join(new.select("series_id"), on="series_id", how="anti")
    return pl.concat([kept_old, new]).sort("series_id")
