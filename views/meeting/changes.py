""""Nytt sedan förra mötet": what changed between a meeting snapshot and today, or since a date.

Four lists, each a polars frame with English column names (tables.py gives them Swedish headers):
    new_years  indicators with a new latest year of data
    revised    values the source revised (same key, different value) or removed
    verdicts   status marks that changed per indicator × area × gender
    series_meta  series metadata that changed (title, description, publication dates, ...)
and the target register's news: `targets` (new and raised target decisions) and `target_met` (targets met with
margin two years or more: "Målet nått – dags att höja ambitionen?").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from views import db


class ChangesError(Exception):
    """A database to compare could not be opened; the message names the file."""


@dataclass(frozen=True)
class Changes:
    new_years: pl.DataFrame
    revised: pl.DataFrame
    verdicts: pl.DataFrame | None  # None: no earlier status to compare with (see `note`)
    series_meta: pl.DataFrame
    basis: str  # Swedish: what "before" means, e.g. "mötet Decembermötet (2026-12-01)"
    note: str = ""
    targets: pl.DataFrame | None = None  # views/sql/meeting_diff_targets.sql: new and raised target decisions
    target_met: pl.DataFrame | None = None  # views/sql/target_met.sql of today's database

    def counts(self) -> dict[str, int | None]:
        return {"new_years": self.new_years.height, "revised": self.revised.height,
                "verdicts": None if self.verdicts is None else self.verdicts.height,
                "series_meta": self.series_meta.height}


def _facts(path: Path) -> dict[str, str]:
    try:
        return db.facts(Path(path))
    except db.NoDatabaseError as exc:
        raise ChangesError(f"database file not found: {path}") from exc
    except db.DatabaseReadError as exc:
        raise ChangesError(f"could not open {path} read-only: {exc}") from exc


def describe_basis(path: Path) -> str:
    """'mötet <name> (<date>)' for a snapshot, else 'databasen byggd <built_at>'."""
    facts = _facts(Path(path))
    name, created, built = facts.get("snapshot_name"), facts.get("snapshot_created_at"), facts.get("built_at")
    if name:
        return f"mötet {name} ({(created or '')[:10]})"
    return f"databasen byggd {(built or 'okänt datum')[:16].replace('T', ' ')}"


def diff_databases(old_path: Path, new_path: Path) -> Changes:
    """Compare two database files (a meeting snapshot and today's live file, or any two builds)."""
    basis = describe_basis(Path(old_path))
    _facts(Path(new_path))
    files = {"prev": Path(old_path), "curr": Path(new_path)}
    frames = {name: db.query_attached(files, f"meeting_diff_{name}")
              for name in ("new_years", "revised", "marks", "series", "targets")}
    return Changes(new_years=frames["new_years"], revised=frames["revised"], verdicts=frames["marks"],
                   series_meta=frames["series"], basis=basis, targets=frames["targets"],
                   target_met=db.query(Path(new_path), "target_met", []))


def changes_since(db_path: Path, since: date | datetime, baseline_snapshot: Path | None = None) -> Changes:
    """What the incremental refreshes finished on or after `since` changed, from their change records.

    Status is not versioned by the change records, so changed verdicts come from `baseline_snapshot` (the newest
    meeting snapshot made on or before the date) when there is one; otherwise `verdicts` is None.
    """
    when = datetime.combine(since, datetime.min.time()) if not isinstance(since, datetime) else since
    _facts(Path(db_path))
    frames = {name: db.query(Path(db_path), f"meeting_since_{name}", [when])
              for name in ("new_years", "revised", "series", "targets")}
    verdicts = None
    note = ("Ändrade bedömningar kan bara visas jämfört med en sparad mötesögonblicksbild; det finns ingen "
            "från före detta datum.")
    if baseline_snapshot is not None:
        verdicts = diff_databases(baseline_snapshot, db_path).verdicts
        note = f"Ändrade bedömningar jämförs med {describe_basis(baseline_snapshot)}."
    return Changes(new_years=frames["new_years"], revised=frames["revised"], verdicts=verdicts,
                   series_meta=frames["series"], basis=f"uppdateringar från och med {when.date().isoformat()}",
                   note=note, targets=frames["targets"], target_met=db.query(Path(db_path), "target_met", []))
