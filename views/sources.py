"""Where the figures come from, read from the database: every "Källa: …" and "Egen bearbetning …" line.

The lines are the `source` table's exact attribution lines (the demo database has one 'demo' source that names no
real source), never a constant in code:

    a = attribution(db_path)
    a.data    # "Källa: <title>" (the source's exact line)        under figures as the source published them
    a.own     # "Egen bearbetning av data från <title>"           under our calculations (means, ranks, status)
    a.status  # "<data>; status: egen bearbetning av data från <title>"   under marks
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from indicators.catalogue import split_series_id
from views import db

OWN = "Egen bearbetning av data från {titles}"
STATUS = "{data}; status: egen bearbetning av data från {titles}"
JUDGED = "{data}; bedömning: egen bearbetning av data från {titles}"


def _titles(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " och " + titles[-1]


@dataclass(frozen=True)
class Attribution:
    data: str
    titles: str

    @property
    def own(self) -> str:
        return OWN.format(titles=self.titles)

    @property
    def own_lower(self) -> str:
        """`own` inside a sentence ("… är egen bearbetning av data från <title>")."""
        return self.own[0].lower() + self.own[1:]

    @property
    def status(self) -> str:
        return STATUS.format(data=self.data, titles=self.titles)

    @property
    def judged(self) -> str:
        return JUDGED.format(data=self.data, titles=self.titles)


def from_rows(rows: list[tuple]) -> Attribution:
    """From the rows of views/sql/sources.sql (source_id, title, attribution)."""
    if not rows:
        raise db.DatabaseReadError("the database's source table is empty; rebuild the database")
    return Attribution(data="; ".join(r[2] for r in rows), titles=_titles([r[1] for r in rows]))


def attribution(db_path: Path, series_ids: Sequence[str] | None = None) -> Attribution:
    """The attribution of the sources of `series_ids` (default: every source in the database), one line each,
    joined with '; '. A demo database's one source stands for all."""
    rows = db.query(db_path, "sources").rows()
    if series_ids is not None:
        wanted = {split_series_id(s)[0] for s in series_ids}
        rows = [r for r in rows if r[0] in wanted] or rows
    return from_rows(rows)
