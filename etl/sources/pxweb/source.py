"""A PxWeb table source behind the sources interface (etl/sources/__init__.py): Folkhälsomyndigheten's
Folkhälsodata (PxWeb API v1) and, with the same code, SCB's Statistikdatabasen (PxWebApi 2.0).

fetch stores, in this order and exactly as received: the server's config (`config`), each table's metadata
(`metadata`), then for every request the query body we sent (`query`, so a run says what it asked) followed by
the answer (`data`). parse reads them back (checked against the manifest's sha256), decodes the cells and shapes
each catalogue series into one row per area × year × gender with the interval, the respondents and the period as
the table labels it (a pooled window "2021-2024" shown as one of its years).

The series definitions are read from the catalogue (indicators/sources/<source_id>.yaml, see definitions.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

import polars as pl

from etl.frames import AREA_SCHEMA, SERIES_SCHEMA
from etl.frames import DELTA_SCHEMA as VALUES_SCHEMA
from etl.http import DeadlineError, HttpError, HttpSession, HttpStatusError
from etl.raw_runs import read_body
from etl.sources import FetchRequest, ParsedRun, RunWriter, SourceDataError, SourceInfo
from etl.sources.pxweb.client import PxWebClient, decode_data
from etl.sources.pxweb.decode import Cell, PxWebDataError
from etl.sources.pxweb.definitions import DefinitionsFile, load_definitions
from etl.sources.pxweb.listing import folder_of, unchanged_since, updated_stamps
from etl.sources.pxweb.metadata import PxWebMetadataError, TableMeta, parse_v1_metadata, parse_v2_metadata
from etl.sources.pxweb.protocol import Api, V1Format, config_url
from etl.sources.pxweb.series import Observation, PxSeries, PxSeriesError, plan_selection, resolve, shape
from etl.sources.pxweb.split import cell_count
from indicators.catalogue import catalogue_dir

if TYPE_CHECKING:
    from indicators.catalogue import Catalogue



class _Entry(Protocol):
    file: str
    kind: str
    url: str
    sha256: str


class _Run(Protocol):
    run_id: str
    files: list
    finished_at: str | None

    @property
    def dir(self) -> Path: ...


class PxWebSource:
    """One PxWeb server. `definitions` (tests) overrides reading indicators/sources/<source_id>.yaml."""

    def __init__(self, info: SourceInfo, *, api: Api, default_base_url: str, base_url_env: str | None,
                 database: str = "", v1_format: V1Format = "json", definitions: DefinitionsFile | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.info, self.api, self.database, self.v1_format = info, api, database, v1_format
        self.default_base_url, self.base_url_env = default_base_url, base_url_env
        self._definitions = definitions
        self._clock, self._sleep = clock, sleep

    # --- the catalogue's series -------------------------------------------------------------------------
    def definitions(self) -> DefinitionsFile:
        if self._definitions is None:
            self._definitions = load_definitions(catalogue_dir() / "sources" / f"{self.info.source_id}.yaml")
        return self._definitions

    def series(self, local_ids: Iterable[str] | None = None) -> dict[str, PxSeries]:
        defs = {d.id: d.to_series(self.info.source_id) for d in self.definitions().series}
        if local_ids is None:
            return defs
        return {i: defs[i] for i in local_ids if i in defs}

    def titles(self) -> dict[str, str]:
        return {d.id: d.title for d in self.definitions().series}

    def probe_url(self, base_url: str) -> str:
        return config_url(self.api, base_url)

    # --- fetch ------------------------------------------------------------------------------------------
    def fetch(self, request: FetchRequest, run: RunWriter, session: HttpSession) -> list[str]:
        database = self.database or self.definitions().database
        client = PxWebClient(session, self.api, request.base_url, database=database, v1_format=self.v1_format,
                             clock=self._clock, sleep=self._sleep)
        wanted = self.series(request.series)
        missing = [s for s in request.series if s not in wanted]
        client.limits()
        config = client.config_response
        if config is not None:
            run.write("config", config.body, url=config.url, rows=0, status=config.status)
        if client.limits_note:
            request.notes.append(client.limits_note)
        by_table: dict[str, list[tuple[str, PxSeries]]] = {}
        for local, s in wanted.items():
            by_table.setdefault(s.table, []).append((local, s))
        stamps = self._listings(client, run, request, list(by_table))
        done = 0
        for table, members in by_table.items():
            if unchanged_since(stamps.get(folder_of(table), {}), table, request.from_date):
                done += 1  # the listing says it has not changed since the last run: no metadata, no cells
                if request.progress is not None:
                    request.progress(done, len(by_table), client.table_url(table))
                continue
            try:
                self._fetch_table(client, run, request, table, members)
            except HttpStatusError as exc:
                if exc.status != 404:
                    self._table_failed(client, run, request, table, members, exc)
                else:
                    missing.extend(local for local, _ in members)  # the table is gone: say so, keep the others
            except DeadlineError:
                raise
            except (HttpError, PxSeriesError, PxWebMetadataError) as exc:
                self._table_failed(client, run, request, table, members, exc)
            done += 1
            if request.progress is not None:
                request.progress(done, len(by_table), client.table_url(table))
        return missing

    def _fetch_table(self, client: PxWebClient, run: RunWriter, request: FetchRequest, table: str,
                     members: list[tuple[str, PxSeries]]) -> None:
        """One table: its metadata, its series checked against it, then every query and answer, all stored."""
        meta, response = client.metadata(table)
        run.write("metadata", response.body, url=response.url, rows=len(meta.variables), status=response.status)
        resolved = [resolve(meta, s) for _, s in members]
        for group in _groups(resolved):
            selection = plan_selection(meta, group, request.areas)
            for body, answer in client.query(table, selection):
                run.write("query", json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"),
                          url=answer.url, rows=0, status=answer.status)
                sent = _selection_of(body)
                run.write("data", answer.body, url=answer.url, rows=cell_count(sent), status=answer.status)

    @staticmethod
    def _table_failed(client: PxWebClient, run: RunWriter, request: FetchRequest, table: str,
                      members: list[tuple[str, PxSeries]], exc: Exception) -> None:
        """A table that failed on its own: a `failed` file says which series and why (parse refuses them, so
        nothing half-fetched is stored as their data and their last good data stays in use); the others go on."""
        locals_ = [local for local, _ in members]
        note = {"table": table, "series": locals_, "error": str(exc)}
        run.write("failed", json.dumps(note, ensure_ascii=False, indent=1).encode("utf-8"),
                  url=client.table_url(table), rows=0, status=getattr(exc, "status", 0))
        request.notes.append(f"table {table} failed ({', '.join(locals_)}): {exc}")

    def _listings(self, client: PxWebClient, run: RunWriter, request: FetchRequest,
                  tables: list[str]) -> dict[str, dict[str, str]]:
        """Incremental v1 runs: each table folder's listing (stored as `listing`), folder → {table: updated}.
        A folder the server will not list is left out, so its tables are fetched whole."""
        if request.mode != "incremental" or request.from_date is None or self.api != "v1":
            return {}
        stamps: dict[str, dict[str, str]] = {}
        for folder in dict.fromkeys(folder_of(t) for t in tables):
            try:
                response = client.listing(folder)
            except HttpStatusError as exc:
                if exc.status not in (400, 403, 404):
                    raise
                continue
            run.write("listing", response.body, url=response.url, rows=0, status=response.status)
            stamps[folder] = updated_stamps(response.body)
        return stamps

    # --- parse ------------------------------------------------------------------------------------------
    def parse(self, run: _Run, catalogue: Catalogue | None = None) -> ParsedRun:
        return self.parse_files(run)

    def parse_files(self, run: _Run) -> ParsedRun:
        """The run's series. A table that failed at fetch (a `failed` file), whose metadata or answer cannot be
        read, or a series that does not fit its table or whose answer holds a code the table's metadata does not
        list: its series are REFUSED (`ParsedRun.refused`, naming the file, table and why), the others parsed."""
        metas: dict[str, TableMeta] = {}
        stamps: dict[str, dict[str, str]] = {}  # listing URL → {table: updated}
        parts: list[tuple[str, dict[str, list[str]], list[Cell]]] = []  # (url, query selection, cells)
        broken: dict[str, str] = {}  # table key → why its series are refused
        pending: dict[str, list[str]] | None = None
        for entry, body in _bodies(run):
            where = f"{run.dir / entry.file}"
            try:
                if entry.kind == "listing":
                    stamps[entry.url.split("?", 1)[0].rstrip("/")] = updated_stamps(body)
                elif entry.kind == "failed":
                    note = json.loads(body)
                    broken.setdefault(_table_key(entry.url), f"{where}: table {note.get('table')} failed at "
                                                             f"fetch: {note.get('error')}")
                elif entry.kind == "metadata":
                    parse_meta = parse_v1_metadata if self.api == "v1" else parse_v2_metadata
                    metas[_table_key(entry.url)] = parse_meta(entry.url, body)
                elif entry.kind == "query":
                    pending = _selection_of(json.loads(body))
                elif entry.kind == "data":
                    if pending is None:
                        raise SourceDataError(f"{where}: a data file without the query before it")
                    selection, pending = pending, None
                    parts.append((entry.url, selection, decode_data(self.api, self.v1_format, entry.url, body)))
            except (PxWebDataError, PxWebMetadataError, ValueError) as exc:
                if entry.kind not in ("metadata", "data"):
                    raise SourceDataError(f"{where}: {exc}") from exc
                broken.setdefault(_table_key(entry.url), f"{where}: {exc}")
        observations: list[Observation] = []
        served: set[str] = set()
        unchanged: set[str] = set()
        refused: dict[str, str] = {}
        asked = getattr(run, "series_ids", None)  # the manifest's series; a definition not asked is not parsed
        since = _from_date(getattr(run, "from_date", None))
        for local, series in self.series(asked).items():
            key = next((k for k in list(metas) + list(broken) if self._is_table(k, series.table)), None)
            if key is None:  # not asked in this run, or skipped because its listing said it had not changed
                listed = next((v for k, v in stamps.items() if self._is_folder(k, folder_of(series.table))), {})
                if unchanged_since(listed, series.table, since):
                    unchanged.add(series.series_id)
                continue
            if key in broken:
                refused[series.series_id] = f"series {series.series_id}: {broken[key]}"
                continue
            meta = metas[key]
            try:
                r = resolve(meta, series)
                cells = [c for url, sel, cs in parts if _table_key(url) == key and _serves(sel, r, meta) for c in cs]
                if cells:
                    found = shape(r, meta, cells)
                    observations.extend(found)
                    served.add(local)
            except PxSeriesError as exc:
                files = [str(run.dir / e.file) for e in run.files if e.kind == "data" and _table_key(e.url) == key]
                refused[series.series_id] = f"{', '.join(files) or run.dir}: {exc}"
        return ParsedRun(series=self._series_frame(run, metas, served, observations),
                         areas=pl.DataFrame(schema=AREA_SCHEMA), values=_values_frame(run.run_id, observations),
                         unchanged_series=frozenset(unchanged), refused=refused)

    def _is_table(self, key: str, table: str) -> bool:
        """Whether a table key (see _table_key) is `table`'s: v1 ends in its path, v2 in /tables/<id>."""
        plain = unquote(key)
        return plain.endswith("/" + table.strip("/")) if self.api == "v1" else plain.endswith(f"/tables/{table}")

    def _is_folder(self, url: str, folder: str) -> bool:
        """Whether a listing URL is `folder`'s (relative to the database folder)."""
        plain = unquote(url).rstrip("/")
        return plain.endswith("/" + folder.strip("/")) if folder.strip("/") else plain.endswith(
            "/" + (self.database or self.definitions().database))

    def _series_frame(self, run: _Run, metas: dict[str, TableMeta], served: set[str],
                      observations: list[Observation]) -> pl.DataFrame:
        titles = self.titles()
        fetched = _parse_time(run.finished_at)
        latest: dict[str, tuple[int, str]] = {}
        genders: dict[str, set[str]] = {}
        for o in observations:
            if o.value is not None and (o.series_id not in latest or o.year > latest[o.series_id][0]):
                latest[o.series_id] = (o.year, o.period)
            genders.setdefault(o.series_id, set()).add(o.gender)
        rows = []
        for local, s in self.series(getattr(run, "series_ids", None)).items():
            if local not in served:
                continue
            rows.append({"series_id": s.series_id, "title": titles[local],
                         "description": next((m.title for k, m in metas.items() if self._is_table(k, s.table)),
                                             None),
                         "is_divided_by_gender": len(genders.get(s.series_id, set())) > 1,
                         # as in the series table: L = the region (county) and Riket only, A = municipalities too
                         "municipality_type": "L" if s.grain == "county" else "A",
                         "publ_period": latest.get(s.series_id, (0, None))[1], "fetched_at": fetched,
                         "run_id": run.run_id})
        return pl.DataFrame(rows, schema=SERIES_SCHEMA)


def _groups(resolved: list[PxSeries]) -> list[list[PxSeries]]:
    """Series asked in one query: same grain and the same fixed variables (their codes are unioned)."""
    groups: dict[tuple, list[PxSeries]] = {}
    for s in resolved:
        groups.setdefault((s.grain, tuple(sorted(s.selection))), []).append(s)
    return list(groups.values())


def _selection_of(body: dict) -> dict[str, list[str]]:
    if "query" in body:
        return {q["code"]: list(q["selection"]["values"]) for q in body["query"]}
    return {s["variableCode"]: list(s["valueCodes"]) for s in body["selection"]}


def _serves(query: dict[str, list[str]], series: PxSeries, meta: TableMeta) -> bool:
    """Whether a query was asked for `series`: it fixes exactly the series' variables, to sets containing its
    codes (other series' codes of the same table may be in there too)."""
    core = {series.region_variable, series.sex_variable, series.measure_variable}
    fixed = {c for c in query if c not in core and not (meta.variable(c) and meta.variable(c).time)}
    return fixed == set(series.selection) and all(v in query[c] for c, v in series.selection.items())


def _table_key(url: str) -> str:
    """Metadata and data URLs of one table share this key (v1: the same URL; v2: …/tables/<id>)."""
    base = url.split("?", 1)[0]
    for tail in ("/metadata", "/data"):
        if base.endswith(tail):
            return base[: -len(tail)]
    return base


def _bodies(run: _Run) -> Iterator[tuple[_Entry, bytes]]:
    for entry in run.files:
        yield entry, read_body(run.dir, entry)


def _from_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _values_frame(run_id: str, observations: list[Observation]) -> pl.DataFrame:
    rows = [{"series_id": o.series_id, "area_id": o.area_id, "year": o.year, "gender": o.gender,
             "value": o.value, "flag": o.flag, "count": None, "run_id": run_id, "isdeleted": False,
             "ci_low": o.ci_low, "ci_high": o.ci_high, "n": int(o.n) if o.n is not None else None,
             "period": o.period} for o in observations]
    return pl.DataFrame(rows, schema=VALUES_SCHEMA)
