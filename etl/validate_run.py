"""Check a freshly fetched run with the same parse build applies, before fetch marks it `ok`.

A run that fails here is kept with outcome `failed` and the reason; build never replays it, so one bad response
cannot poison every later build. Checks, each naming the file or the key:

- every body matches its manifest entry (sha256, row count) and is a Kolada envelope (raw_runs readers);
- the parse build applies (etl/build.parse_run): types, genders T/K/M, dates, finite numbers (no NaN/Infinity);
- plausible years; no page larger than the page size asked for; no key (KPI, area, year, gender) twice;
- every area with values has a name in the run's area listing (a known area);
- a full run holds at least one value (an empty full fetch would move "Data hämtad" to today).

    problems = validate_run(manifest, catalogue)     # [] when the run is good
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from etl import raw_runs
from etl.parse import SourceDataError, parse_data
from etl.replay import duplicate_keys
from etl.sources.kolada.urls import MAX_PER_PAGE
from indicators.catalogue import Catalogue

FIRST_YEAR = 1950
MAX_LISTED = 5


class RunValidationError(Exception):
    """A fetched run did not pass the build's checks; it is stored as failed."""

    def __init__(self, run_id: str, problems: list[str]):
        self.run_id, self.problems = run_id, problems
        super().__init__(f"run {run_id} was stored as failed (build will not use it): " + "; ".join(problems))


def _listed(items: list[str]) -> str:
    head = ", ".join(items[:MAX_LISTED])
    return head + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _files_with(manifest: raw_runs.Manifest, keys: pl.DataFrame) -> str:
    """The data files of the run holding any of `keys` (only called when something is wrong)."""
    cols = [c for c in ("kpi_id", "area_id", "year", "gender") if c in keys.columns]
    found = []
    for entry in manifest.files:
        if entry.kind == "data":
            frame = parse_data(raw_runs.iter_entry_values(manifest.dir, entry), manifest.run_id)
            if not frame.join(keys.select(cols), on=cols, how="semi").is_empty():
                found.append(str(manifest.dir / entry.file))
    return ", ".join(found) or str(manifest.dir)


def validate_run(manifest: raw_runs.Manifest, catalogue: Catalogue, *, now: datetime | None = None) -> list[str]:
    """Every problem that would stop build (or be stored wrongly) in this run; [] when it is good."""
    from etl.build import parse_run  # build imports fetch-side modules; keep the import graph one-way

    run_dir = manifest.dir
    problems: list[str] = []
    for entry in manifest.files:
        if entry.rows > MAX_PER_PAGE:
            problems.append(f"{run_dir / entry.file}: {entry.rows} rows on one page, more than the "
                            f"{MAX_PER_PAGE} asked for")
    try:
        _kpis, areas, delta = parse_run(manifest, run_dir, catalogue)
    except (SourceDataError, raw_runs.SnapshotError) as exc:
        return [*problems, str(exc)]
    last_year = (now or datetime.now(UTC)).year + 1
    bad_years = delta.filter((pl.col("year") < FIRST_YEAR) | (pl.col("year") > last_year))
    if not bad_years.is_empty():
        shown = [f"KPI {k}, area {a}, year {y}" for k, a, y in
                 bad_years.select("kpi_id", "area_id", "year").unique(maintain_order=True).iter_rows()]
        problems.append(f"{_files_with(manifest, bad_years)}: implausible year (outside {FIRST_YEAR}–{last_year}): "
                        f"{_listed(shown)}")
    dups = duplicate_keys(delta)
    if not dups.is_empty():
        shown = [f"KPI {k}, area {a}, year {y}, gender {g} ({n} times)" for k, a, y, g, n in dups.iter_rows()]
        problems.append(f"{_files_with(manifest, dups)}: the same key occurs more than once: {_listed(shown)}")
    named = set(areas.get_column("area_id").to_list())
    unnamed = sorted(set(delta.get_column("area_id").unique().to_list()) - named)
    if unnamed:
        problems.append(f"{run_dir}: values for area(s) {_listed(unnamed)}, which the run's area listing "
                        f"(/municipality) does not name")
    if manifest.mode == "full" and delta.is_empty():
        problems.append(f"{run_dir}: a full fetch returned no values for the catalogue's KPIs and areas; refused, "
                        f"so the data date does not move to today on an empty answer")
    return problems
