"""Where the figures come from, read from the database: every "Källa: …" and "Egen bearbetning …" line.

The lines are the `source` table's exact attribution lines (the demo database has one 'demo' source that names no
real source), never a constant in code:

    a = attribution(db_path)
    a.lines   # one line per source ("Källa: <source>", each its own), and own figures by the line of the file
              # they came from ("Källa: Region Värmland … (Egna siffror)")
    a.own     # "Egen bearbetning av data från <title>"           under our calculations (means, ranks, status)
    a.lines_under(STATUS)  # every place that credits figures: the source lines, each its own, then
                           # "Status: egen bearbetning av data från <titles>" (pages, presentation, slides, PDF)

There is no joined form: "Källa: <one source>; Källa: <another>" on one line is what the
standard forbids. `lines_under` is the one function that builds the lines a footer or caption shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from indicators.catalogue import split_series_id
from views import db

OWN = "Egen bearbetning av data från {titles}"


def _titles(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " och " + titles[-1]


DEMO_OWN = "Egen bearbetning av demodata"
# What our own processing produced, for the last line of `Attribution.lines_under`.
STATUS = "Status"
VERDICT = "Bedömning"


@dataclass(frozen=True)
class Attribution:
    titles: str
    demo: bool = False  # the demo database's one source ('demo'): no real source is named
    lines: tuple[str, ...] = ()  # one per source (and per own line of a series), in order
    from_files: frozenset[str] = frozenset()  # the lines that come from a file (own figures): escape them

    @property
    def own(self) -> str:
        return DEMO_OWN if self.demo else OWN.format(titles=self.titles)

    @property
    def own_lower(self) -> str:
        """`own` inside a sentence ("… är egen bearbetning av data från <title>")."""
        return self.own[0].lower() + self.own[1:]

    def lines_under(self, own: str | None = None, note: str = "") -> tuple[str, ...]:
        """The lines under figures: one "Källa: …" per source (each its own line, never joined), then, when `own`
        names what we calculated (STATUS, VERDICT, …), "<own>: egen bearbetning av data från <titles>". `note`
        (e.g. "Data hämtade 2026-11-20.") ends that line, or is a line of its own (never added to a source's)."""
        lines = list(self.lines)
        if own:
            lines.append(f"{own}: {self.own_lower}" + (f". {note}" if note else ""))
        elif note:
            lines.append(note)
        return tuple(lines)


def source_lines(rows: list[tuple], own_lines: dict[str, list[str]] | None = None) -> list[str]:
    """One line per source (rows: source_id, title, attribution). A source whose series carry their own lines
    (own figures: each file names its source) is shown by those lines, each marked with the source's title."""
    lines: list[str] = []
    for source_id, title, line in rows:
        own = (own_lines or {}).get(source_id)
        lines += [f"{o} ({title})" for o in own] if own else [line]
    return list(dict.fromkeys(lines))


def from_rows(rows: list[tuple], own_lines: dict[str, list[str]] | None = None) -> Attribution:
    """From the rows of views/sql/sources.sql (source_id, title, attribution) and, per source, the series' own
    lines (views/sql/series_attributions.sql)."""
    if not rows:
        raise db.DatabaseReadError("the database's source table is empty; rebuild the database")
    lines = source_lines(rows, own_lines)
    return Attribution(titles=_titles([r[1] for r in rows]),
                       demo=[r[0] for r in rows] == ["demo"], lines=tuple(lines),
                       from_files=frozenset(lines) - {r[2] for r in rows})


def own_lines(rows: list[tuple], series_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
    """{source_id: [line, ...]} from views/sql/series_attributions.sql rows (source_id, series_id, attribution),
    only for `series_ids` when given."""
    own: dict[str, list[str]] = {}
    for source_id, sid, line in rows:
        if series_ids is None or sid in series_ids:
            own.setdefault(source_id, []).append(line)
    return own


def select(rows: list[tuple], series_rows: list[tuple], series_ids: Sequence[str] | None = None) -> Attribution:
    """The attribution of the sources of `series_ids` (default: every source) from the rows of
    views/sql/sources.sql and views/sql/series_attributions.sql. A demo database's one source stands for all."""
    own = own_lines(series_rows, series_ids)
    if series_ids is not None:
        wanted = {split_series_id(s)[0] for s in series_ids}
        rows = [r for r in rows if r[0] in wanted] or rows
    return from_rows(rows, own)


def attribution(db_path: Path, series_ids: Sequence[str] | None = None) -> Attribution:
    """The attribution of the sources of `series_ids` (default: every source in the database), one line each
    (`lines`, `lines_under`)."""
    return select(db.query(db_path, "sources").rows(), db.query(db_path, "series_attributions").rows(),
                  series_ids)
