"""Similar municipalities as context (tables peer_group, peer_member, peer_value): one query and the words the
Indikator page and the Kommunprofil show, and a pure function the spine chart can call for its rows.

    context = peer_context(db_path, area_id, gender)   # indicator_id, year, median, low, high, n_values, ...
    peer_sentence(row, unit, area_name)                # "Liknande kommuner 2025: median 14,1 % (10,2–18,0 %) …"

Never part of a verdict: the words say "sammanhang" and name the group as its source does.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from views import db
from views.format import fmt_value

CONTEXT_WORDS = "sammanhang, ingår inte i bedömningen"


def peer_context(path: Path, area_id: str, gender: str) -> pl.DataFrame:
    """Per indicator the area's group figures (views/sql/peer_context.sql); empty for the county or without groups."""
    return db.query(path, "peer_context", [area_id, gender])


def peer_members(path: Path, area_id: str) -> pl.DataFrame:
    return db.query(path, "peer_members", [area_id])


def peer_sentence(row: dict, unit: str) -> str:
    """One line: the group's median and range in its year, and how many of its members have a value."""
    pct = unit == "percent"
    span = f"{fmt_value(row['low'], unit, with_unit=False)}–{fmt_value(row['high'], unit, with_unit=pct)}"
    counted = (f"{row['n_values']} av {row['n_members']} kommuner har värde" if row["n_values"] < row["n_members"]
               else f"alla {row['n_members']} har värde")
    return (f"Liknande kommuner {row['year']}: median {fmt_value(row['median'], unit, with_unit=pct)}, "
            f"spridning {span} ({counted})")

