"""Sources: where the series come from. Each source is a plug-in behind the small interface below.

The catalogue names every indicator's series as `<source>:<id>` (`kolada:N01481`; a bare `kpi: N01481` means
the default source, see indicators/catalogue.py). Fetch asks each source in `etl.sources.registry.SOURCES` that
the catalogue uses for its series and writes one raw run per source under `raw/<source_id>/<run-id>/` (response
bodies as received + manifest.json, etl/raw_runs.py). Build replays each source's runs through `parse` and joins
the frames; the database's `source` table is made from each source's `info`, and every "Källa: …" on pages, slides
and handouts is read from it.

A source is any object with these members (a class instance is the usual form):

    info: SourceInfo                 # id, title, publisher, licence, the exact attribution line, home page
    default_base_url: str            # where it lives; `settings.base_url(source)` applies overrides
    base_url_env: str | None         # an environment variable that overrides the default (or None)
    def probe_url(self, base_url: str) -> str:
        '''A cheap URL that answers 200 when the source is up (`ensure` tries it before a first fetch).'''
    def fetch(self, request: FetchRequest, run: RunWriter, session: HttpSession) -> list[str]:
        '''Fetch `request` and store every response body with `run.write(...)`; return the requested series ids
        (local, without the prefix) the source said nothing about. Raise on failure (etl.http.HttpError or a
        subclass, naming the URL): the run is then recorded as failed and nothing is lost.'''
    def parse(self, run: Manifest, catalogue: Catalogue) -> ParsedRun:
        '''Turn one stored run (read its bodies with `etl.raw_runs.iter_bodies(run, kind)`) into frames.
        Pure apart from reading the run's files; raise SourceDataError naming file, series, area and field.'''

Example: a source serving one CSV file of own figures (series `egna:besok`):

    class OwnFigures:
        info = SourceInfo(source_id="egna", title="Region Värmland", publisher="Region Värmland",
                          licence="CC0", attribution="Källa: Region Värmland", url="https://www.regionvarmland.se")
        default_base_url = "http://intranet.example/egna"
        base_url_env = "NP_EGNA_BASE_URL"

        def probe_url(self, base_url):
            return f"{base_url}/figures.csv"

        def fetch(self, request, run, session):
            response = session.get(f"{request.base_url}/figures.csv")
            lines = response.body.decode("utf-8").splitlines()
            run.write("data", response.body, url=response.url, rows=len(lines) - 1, status=response.status,
                      suffix="csv")
            served = {line.split(",")[0] for line in lines[1:]}
            return [s for s in request.series if s not in served]

        def parse(self, run, catalogue):
            rows = []
            for entry, body in iter_bodies(run, "data"):
                for line in body.decode("utf-8").splitlines()[1:]:
                    local, area, year, value = line.split(",")
                    rows.append({"series_id": series_id("egna", local), "area_id": area, "year": int(year),
                                 "gender": "T", "value": float(value) if value else None, "flag": None,
                                 "count": None, "run_id": run.run_id, "isdeleted": False})
            values = pl.DataFrame(rows, schema=DELTA_SCHEMA)
            series = pl.DataFrame([{"series_id": s, "title": ...} for s in values["series_id"].unique()],
                                  schema=SERIES_SCHEMA)   # missing columns are NULL
            return ParsedRun(series=series, areas=pl.DataFrame(schema=AREA_SCHEMA), values=values)

and one line in etl/sources/registry.py: `SOURCES["egna"] = OwnFigures()`.

Frames (the schemas are in etl/frames.py, the tables they become in etl/sql/schema.sql):
- `values` (DELTA_SCHEMA): one row per series × area × year × gender ('T', 'K', 'M'); `value` NULL = missing or
  masked at the source, never 0; `flag` the source's own mark on the value (e.g. a per-value status code) or NULL;
  `isdeleted` true only for an incremental run's deletions. An incremental run serves only what changed.
- `series` (SERIES_SCHEMA): metadata per series the run served (`title` required; the rest may be NULL).
- `areas` (AREA_SCHEMA): names the source gives the catalogue's areas, or an empty frame; the first source in
  the registry that names an area wins.
Series ids in frames are full (`kolada:N01481`, see `series_id`); the manifest and requests use local ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import polars as pl

from indicators.catalogue import series_id, split_series_id

if TYPE_CHECKING:
    from etl.http import HttpSession
    from etl.raw_runs import FileEntry, Manifest
    from indicators.catalogue import Catalogue

Mode = Literal["full", "incremental"]
# progress(listings_done, listings_total, url_just_fetched): called by the source after every stored body.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SourceInfo:
    """What the `source` table says about a source; `attribution` is shown verbatim under its figures."""

    source_id: str  # lower-case slug; the prefix of its series ids and the folder under raw/
    title: str  # short name used in "Egen bearbetning av data från <title>"
    publisher: str
    licence: str
    attribution: str  # the exact line, e.g. "Källa: <title>"
    url: str


@dataclass(frozen=True)
class FetchRequest:
    """What one run of one source must fetch. Ids are the source's own (no `<source>:` prefix)."""

    series: list[str]
    areas: list[str]
    mode: Mode
    from_date: date | None  # incremental runs: values changed since this day; None for full runs
    base_url: str
    progress: Progress | None = None
    # what the source wants said in the run's message (default limits used, a table that failed on its own, …)
    notes: list[str] = field(default_factory=list)
    # the source's series the catalogue judges (its indicators'): a source that serves similar-municipality groups
    # fetches their national values with a full run (Source.peers reads them back)
    peer_series: list[str] = field(default_factory=list)
    # The yearly review's words, one tuple per goal (indicators/review.py goal_words): a source that lists all its
    # series may store that list in a full run, with the data of the series those words find (their coverage).
    candidate_words: tuple[tuple[str, ...], ...] = ()


class RunWriter(Protocol):
    """Handed to `Source.fetch`: stores one response body in the run directory and lists it in the manifest."""

    run_dir: Path

    def write(self, kind: str, body: bytes, *, url: str, rows: int, status: int,
              fetched_at: str | None = None, suffix: str = "json") -> FileEntry:
        """Store `body` as `<kind>-NNN.<suffix>`; `kind` is the source's own word for the file ("data", ...)."""
        ...


@dataclass
class ParsedRun:
    series: pl.DataFrame  # SERIES_SCHEMA
    areas: pl.DataFrame  # AREA_SCHEMA
    values: pl.DataFrame  # DELTA_SCHEMA
    # series the run did not fetch because the source said they had not changed since the last run (still served)
    unchanged_series: frozenset[str] = frozenset()
    # series (full ids) the source could not serve from this run, each with why (a table whose metadata does not
    # fit its definition, an answer that cannot be read): left out of the values, named in the run, and their
    # last good data stays in use (etl/plausibility.py refuses implausible values the same way)
    refused: dict[str, str] = field(default_factory=dict)


@dataclass
class PeerData:
    """Similar municipalities from one full run (a source's optional `peers(manifest, catalogue)`): per county
    municipality its group, the group's members, and the values of every area the source served for them."""

    groups: pl.DataFrame  # area_id, group_id, title, year
    members: pl.DataFrame  # group_id, member_id, member_name
    values: pl.DataFrame  # series_id, area_id, year, gender, value


class Source(Protocol):
    info: SourceInfo
    default_base_url: str
    base_url_env: str | None

    def probe_url(self, base_url: str) -> str: ...

    def fetch(self, request: FetchRequest, run: RunWriter, session: HttpSession) -> list[str]: ...

    def parse(self, run: Manifest, catalogue: Catalogue) -> ParsedRun: ...


class SourceDataError(ValueError):
    """A source served something we cannot store faithfully; the message names file, series, area and field."""


__all__ = ["FetchRequest", "Mode", "ParsedRun", "PeerData", "Progress", "RunWriter", "Source", "SourceDataError",
           "SourceInfo", "series_id", "split_series_id"]
