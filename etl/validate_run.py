"""Check a freshly fetched run with the same parse build applies, before fetch marks it `ok`.

A run that fails here is kept with outcome `failed` and the reason; build never replays it, so one bad response
cannot poison every later build. Checks, each naming the file or the key:

- every body matches its manifest entry (sha256, row count) and has the source's format (the source's readers);
- the parse build applies (`source.parse`): types, genders T/K/M, dates, finite numbers (no NaN/Infinity);
- plausible years; no key (series, area, year, gender) twice;
- when the run names areas, every area it has values for is named (a known area);
- every value is plausible (etl/plausibility.py, the same function build applies): a series with an implausible
  value, or one its source could not serve (`ParsedRun.refused`), is REFUSED: named with file, series, area and
  year, left out of the run by build, its last good data kept; the run's other series stay good;
- a full run holds at least one value in the catalogue's scope (an empty full fetch would move "Data hämtad" to
  today), when the catalogue asks the source for any series.

What belongs to one source's wire format (its page sizes, its paging) is checked where that source pages
(e.g. etl/sources/kolada/paging.py), while the run is fetched.

    problems = validate_run(source, manifest, catalogue)     # [] when the run is good
    check = check_run(source, manifest, catalogue)           # problems + refused series {series_id: why}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from etl import plausibility, raw_runs
from etl.replay import duplicate_keys
from etl.sources import ParsedRun, Source, SourceDataError
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


def in_scope(values: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """The rows build keeps: the catalogue's series and areas."""
    return values.filter(pl.col("series_id").is_in(catalogue.series_ids)
                         & pl.col("area_id").is_in(catalogue.area_ids))


def _files_with(source: Source, manifest: raw_runs.Manifest, catalogue: Catalogue, keys: pl.DataFrame) -> str:
    """The data files of the run holding any of `keys` (only called when something is wrong): each file is
    parsed on its own by the source."""
    cols = [c for c in ("series_id", "area_id", "year", "gender") if c in keys.columns]
    found = []
    for entry in manifest.files:
        if entry.kind not in raw_runs.DATA_KINDS:
            continue
        # the one data file with every other kind of file (metadata, the query sent before it), in manifest order
        one = manifest.model_copy(update={"files": [e for e in manifest.files
                                                    if e.kind not in raw_runs.DATA_KINDS or e is entry]})
        one._dir = manifest.dir
        try:
            frame = source.parse(one, catalogue).values
        except (SourceDataError, raw_runs.RunError):  # a file that cannot be read alone (PxWeb: needs its query)
            continue
        if not frame.join(keys.select(cols), on=cols, how="semi").is_empty():
            found.append(str(manifest.dir / entry.file))
    return ", ".join(found) or str(manifest.dir)


@dataclass(frozen=True)
class RunCheck:
    problems: list[str]  # the run cannot be used at all
    refused: dict[str, str] = field(default_factory=dict)  # full series id → why (the rest of the run is good)


def refused_in(parsed: ParsedRun, catalogue: Catalogue, where: str = "") -> dict[str, str]:
    """The series build leaves out of a parsed run: those its source refused, and those with an implausible value
    (etl/plausibility.py). One function for the fetch check and the build."""
    refused = dict(parsed.refused)
    units = plausibility.units_of(catalogue)
    for sid, why in plausibility.refused_series(in_scope(parsed.values, catalogue), units, where).items():
        refused.setdefault(sid, why)
    return refused


def validate_run(source: Source, manifest: raw_runs.Manifest, catalogue: Catalogue, *,
                 now: datetime | None = None) -> list[str]:
    """Every problem that would stop build (or be stored wrongly) in this run; [] when it is good."""
    return check_run(source, manifest, catalogue, now=now).problems


def check_run(source: Source, manifest: raw_runs.Manifest, catalogue: Catalogue, *,
              now: datetime | None = None) -> RunCheck:
    """The problems that make the run unusable, and the series refused in it (see the module docstring)."""
    run_dir = manifest.dir
    try:
        parsed: ParsedRun = source.parse(manifest, catalogue)
    except (SourceDataError, raw_runs.RunError) as exc:
        return RunCheck([str(exc)])
    refused = refused_in(parsed, catalogue, str(run_dir))
    units = plausibility.units_of(catalogue)
    for sid, why in list(refused.items()):  # name the file holding the refused values, not only the run folder
        bad = plausibility.implausible(parsed.values.filter(pl.col("series_id") == sid), units)
        if not bad.is_empty() and why.startswith(f"{run_dir}: "):
            refused[sid] = f"{_files_with(source, manifest, catalogue, bad)}: " + why[len(f"{run_dir}: "):]
    delta = in_scope(parsed.values, catalogue).filter(~pl.col("series_id").is_in(list(refused)))
    problems: list[str] = []
    last_year = (now or datetime.now(UTC)).year + 1
    bad_years = delta.filter((pl.col("year") < FIRST_YEAR) | (pl.col("year") > last_year))
    if not bad_years.is_empty():
        shown = [f"series {s}, area {a}, year {y}" for s, a, y in
                 bad_years.select("series_id", "area_id", "year").unique(maintain_order=True).iter_rows()]
        problems.append(f"{_files_with(source, manifest, catalogue, bad_years)}: implausible year (outside "
                        f"{FIRST_YEAR}–{last_year}): {_listed(shown)}")
    dups = duplicate_keys(delta)
    if not dups.is_empty():
        shown = [f"series {s}, area {a}, year {y}, gender {g} ({n} times)" for s, a, y, g, n in dups.iter_rows()]
        problems.append(f"{_files_with(source, manifest, catalogue, dups)}: the same key occurs more than once: "
                        f"{_listed(shown)}")
    if not parsed.areas.is_empty():
        named = set(parsed.areas.get_column("area_id").to_list())
        unnamed = sorted(set(delta.get_column("area_id").unique().to_list()) - named)
        if unnamed:
            problems.append(f"{run_dir}: values for area(s) {_listed(unnamed)}, which the run's own area listing "
                            f"does not name")
    peers = getattr(source, "peers", None)
    if peers is not None:  # similar-municipality groups and national values: readable, or the run is refused
        try:
            peers(manifest, catalogue)
        except (ValueError, raw_runs.RunError) as exc:
            problems.append(f"{run_dir}: similar-municipality groups or national values: {exc}")
    # (a source the catalogue asks nothing of yet, e.g. an own-figures folder fetched so that a bad file is
    # reported early, has nothing in scope by design)
    if manifest.mode == "full" and delta.is_empty() and catalogue.series_for(source.info.source_id):
        problems.append(f"{run_dir}: a full fetch returned no values for the catalogue's series and areas; "
                        f"refused, so the data date does not move to today on an empty answer"
                        + (f" (refused: {'; '.join(refused.values())})" if refused else ""))
    return RunCheck(problems, refused)
