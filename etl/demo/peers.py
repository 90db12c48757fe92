"""Invented similar-municipality groups for the demo: each municipality gets "DEMO – liknande kommuner för
<namn>", seven invented members ("Demokommun 1" …) whose values for the latest two years of every series lie
around the county's municipalities (one of them drawn at random, ± up to 15 %). Clearly demo: no real group's
name, no real municipality's id (ids start with 'D')."""

from __future__ import annotations

import numpy as np
import polars as pl

from etl.sources import PeerData
from indicators.catalogue import Catalogue

MEMBERS = 7


def demo_peers(catalogue: Catalogue, observation: pl.DataFrame, names: dict[str, str], seed: int) -> PeerData:
    """observation: the demo's values (series_id with source prefix); names: area_id -> demo name."""
    rng = np.random.default_rng(seed + 20)
    municipalities = catalogue.municipality_ids
    groups, members = [], []
    for n, area in enumerate(municipalities):
        group = f"DEMO-G{n + 1:02d}"
        groups.append({"area_id": area, "group_id": group, "title": f"DEMO – liknande kommuner för {names[area]}",
                       "year": None})
        members += [{"group_id": group, "member_id": f"D{n + 1:02d}{m + 1}",
                     "member_name": f"Demokommun {n + 1}{m + 1}"} for m in range(MEMBERS)]
    indicator_series = list(dict.fromkeys(i.series_id for i in catalogue.indicators))
    own = observation.filter(pl.col("series_id").is_in(indicator_series) & pl.col("area_id").is_in(municipalities)
                             & pl.col("value").is_not_null())
    latest = own.group_by("series_id").agg(pl.col("year").max().alias("last"))
    recent = own.join(latest, on="series_id").filter(pl.col("year") >= pl.col("last") - 1)
    pools = {k: v["value"].to_numpy() for k, v in recent.partition_by(["series_id", "year", "gender"],
                                                                      as_dict=True).items()}
    shares = {i.series_id for i in catalogue.indicators if i.unit == "percent"}
    rows = []
    for (series_id, year, gender), pool in sorted(pools.items()):
        draws = rng.choice(pool, size=len(members)) * rng.uniform(0.85, 1.15, size=len(members))
        if series_id in shares:  # a share stays a share
            draws = np.clip(draws, 0.0, 100.0)
        for member, value in zip(members, draws, strict=True):
            rows.append({"series_id": series_id, "area_id": member["member_id"], "year": int(year),
                         "gender": gender, "value": round(float(value), 1)})
    values = pl.DataFrame(rows, schema={"series_id": pl.String, "area_id": pl.String, "year": pl.Int32,
                                        "gender": pl.String, "value": pl.Float64})
    return PeerData(groups=pl.DataFrame(groups, schema={"area_id": pl.String, "group_id": pl.String,
                                                        "title": pl.String, "year": pl.Int32}),
                    members=pl.DataFrame(members), values=values)
