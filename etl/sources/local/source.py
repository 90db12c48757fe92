"""The own-figures source behind the sources interface: series `egna:<serie>`.

fetch reads every .csv and .xlsx file in the folder (request.base_url: NP_LOCAL_DIR, default <data_dir>/egna),
validates each against the catalogue's areas and refuses the run if any file has a problem (LocalFiguresError
lists them all; fetch records a failed run and the database is not touched). A good file is stored byte for byte
(`file-NNN.csv|xlsx`, its sha256 in the manifest). parse reads the stored copies back and validates them again.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from etl.frames import AREA_SCHEMA, SERIES_SCHEMA
from etl.frames import DELTA_SCHEMA as VALUES_SCHEMA
from etl.raw_runs import read_body
from etl.sources import FetchRequest, ParsedRun, RunWriter, SourceDataError, SourceInfo
from etl.sources.local.reader import MAX_FILE_BYTES, SUFFIXES, LocalFileError, read_table
from etl.sources.local.validate import LocalFiguresError, Record, validate
from indicators.catalogue import series_id

if TYPE_CHECKING:
    from etl.http import HttpSession
    from indicators.catalogue import Catalogue

LOCAL_INFO = SourceInfo(
    source_id="egna", title="Egna siffror", publisher="Nya Perspektiv (Region Värmland och kommunerna)",
    licence="Egna uppgifter: används inom Nya Perspektiv; varje fil anger sin källa och utgivare",
    attribution="Egna siffror", url="docs/egna-siffror.md")
# Columns the series frame gets beside SERIES_SCHEMA: each series' own attribution line and publisher.
SERIES_EXTRA = {"publisher": pl.String}


def local_files(folder: Path) -> list[Path]:
    """The figure files in `folder`, sorted by name; Excel's `~$` lock files and hidden files are skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))


def read_file(path: Path, folder: Path) -> bytes:
    """The file's bytes, or LocalFileError naming it: a link that leads out of `folder` is refused (a link to
    another file in the folder is read), and a file larger than the limit is refused before it is read."""
    real = path.resolve()
    if path.is_symlink() and not real.is_relative_to(folder.resolve()):
        raise LocalFileError(f"{path}: a link to a file outside {folder}; copy the file into the folder instead")
    fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise LocalFileError(f"{path}: {size / 1e6:.1f} MB is larger than the {MAX_FILE_BYTES / 1e6:.0f} MB an "
                                 "own-figures file may be")
        return f.read(MAX_FILE_BYTES + 1)


def read_records(name: str, body: bytes, area_ids: set[str] | None, today: date | None = None,
                 suffix: str | None = None) -> list[Record]:
    try:
        return validate(read_table(name, body, suffix), area_ids, today)
    except LocalFileError as exc:
        raise LocalFiguresError([str(exc)]) from exc


class LocalSource:
    info = LOCAL_INFO
    default_base_url = "{data_dir}/egna"  # a folder, not a URL (Settings.base_url fills in the data dir)
    base_url_env = "NP_LOCAL_DIR"

    def probe_url(self, base_url: str) -> str | None:
        """Nothing to probe over the network: a folder is there or it is empty."""
        return None

    def __init__(self, today: date | None = None):
        self._today = today

    def fetch(self, request: FetchRequest, run: RunWriter, session: HttpSession | None = None) -> list[str]:
        folder = Path(request.base_url)
        files = local_files(folder)
        areas = set(request.areas)
        problems: list[str] = []
        good: list[tuple[Path, bytes, list[Record]]] = []
        for path in files:
            try:
                body = read_file(path, folder)
                good.append((path, body, read_records(str(path), body, areas, self._today)))
            except LocalFileError as exc:
                problems.append(str(exc))
            except LocalFiguresError as exc:
                problems.extend(exc.problems)
        if problems:
            raise LocalFiguresError(problems)  # refuse the whole run: nothing half-read reaches the database
        served: set[str] = set()
        for i, (path, body, records) in enumerate(good, start=1):
            run.write("file", body, url=path.resolve().as_uri(), rows=len(records), status=0,
                      suffix=path.suffix.lower().lstrip("."))
            served.update(r.series for r in records)
            if request.progress is not None:
                request.progress(i, len(good), path.name)
        return [s for s in request.series if s not in served]

    def parse(self, run, catalogue: Catalogue | None = None) -> ParsedRun:
        records: list[tuple[str, Record]] = []
        for entry in run.files:
            if entry.kind != "file":
                continue
            body = read_body(run.dir, entry)
            name = f"{run.dir / entry.file} ({entry.url})"
            try:
                # Areas were checked at fetch against that day's catalogue; build keeps the catalogue's areas.
                recs = read_records(name, body, None, self._today, Path(entry.file).suffix)
            except LocalFiguresError as exc:
                raise SourceDataError(str(exc)) from exc
            records.extend((entry.file, r) for r in recs)
        return ParsedRun(series=_series_frame(run, records), areas=pl.DataFrame(schema=AREA_SCHEMA),
                         values=_values_frame(run.run_id, records))


def _series_frame(run, records: list[tuple[str, Record]]) -> pl.DataFrame:
    fetched = _parse_time(getattr(run, "finished_at", None))
    rows: dict[str, dict] = {}
    genders: dict[str, set[str]] = {}
    for _file, r in records:
        sid = series_id(LOCAL_INFO.source_id, r.series)
        genders.setdefault(sid, set()).add(r.gender)
        rows.setdefault(sid, {"series_id": sid, "title": r.title or r.series, "description": None,
                              "fetched_at": fetched, "run_id": run.run_id, "attribution": r.source,
                              "publisher": r.publisher})
    for sid, row in rows.items():
        row["is_divided_by_gender"] = len(genders[sid]) > 1
    return pl.DataFrame(list(rows.values()), schema={**SERIES_SCHEMA, **SERIES_EXTRA})


def _values_frame(run_id: str, records: list[tuple[str, Record]]) -> pl.DataFrame:
    rows = [{"series_id": series_id(LOCAL_INFO.source_id, r.series), "area_id": r.area_id, "year": r.year,
             "gender": r.gender, "value": r.value, "flag": None, "count": None, "run_id": run_id,
             "isdeleted": False, "ci_low": r.ci_low, "ci_high": r.ci_high, "n": None, "period": str(r.year)}
            for _file, r in records]
    return pl.DataFrame(rows, schema=VALUES_SCHEMA)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)
