"""Similar municipalities as context: for each county municipality, its group's median and range per indicator,
year and gender (table `peer_value`). Not part of any verdict. Pure polars.

Inputs: the groups (area_id, group_id, title, year), their members (group_id, member_id, member_name) and the
values of every area the source served (series_id, area_id, year, gender, value), as a source's full run gives
them (etl/sources PeerData) or the demo invents them.
"""

from __future__ import annotations

import polars as pl

from indicators.catalogue import Catalogue

PEER_VALUE_SCHEMA = {
    "indicator_id": pl.String, "area_id": pl.String, "gender": pl.String, "year": pl.Int32,
    "group_id": pl.String, "n_members": pl.Int32, "n_values": pl.Int32,
    "median": pl.Float64, "low": pl.Float64, "high": pl.Float64,
}


def peer_values(groups: pl.DataFrame, members: pl.DataFrame, values: pl.DataFrame,
                catalogue: Catalogue) -> pl.DataFrame:
    """Per county municipality, indicator, gender and year with any member value: the group's median, lowest and
    highest value and how many of its members have one."""
    if groups.is_empty() or members.is_empty() or values.is_empty():
        return pl.DataFrame(schema=PEER_VALUE_SCHEMA)
    indicators = pl.DataFrame({"indicator_id": [i.id for i in catalogue.indicators],
                               "series_id": [i.series_id for i in catalogue.indicators]})
    sizes = members.group_by("group_id").agg(pl.len().cast(pl.Int32).alias("n_members"))
    joined = (groups.select("area_id", "group_id")
              .join(members.select("group_id", "member_id"), on="group_id")
              .join(values.filter(pl.col("value").is_not_null())
                    .select("series_id", pl.col("area_id").alias("member_id"), "year", "gender", "value"),
                    on="member_id")
              .join(indicators, on="series_id"))
    return (joined.group_by("indicator_id", "area_id", "gender", "year", "group_id")
            .agg(pl.len().cast(pl.Int32).alias("n_values"), pl.col("value").median().alias("median"),
                 pl.col("value").min().alias("low"), pl.col("value").max().alias("high"))
            .join(sizes, on="group_id")
            .select(list(PEER_VALUE_SCHEMA)).cast(PEER_VALUE_SCHEMA)  # type: ignore[arg-type]
            .sort("indicator_id", "area_id", "gender", "year"))
