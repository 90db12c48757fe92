"""The read side's one door to DuckDB: a built database file in, polars frames out. Read-only, no Streamlit.

Every query is a file in views/sql/<name>.sql with bound `?` parameters (never formatted into SQL):

    query(db_path, "overview_stages", [area_id, gender]) -> pl.DataFrame   cached per file generation
    query_attached({"prev": old, "curr": new}, "meeting_diff_revised") -> pl.DataFrame   several files at once
    facts(db_path) -> dict[str, str]        the `dataset` table (is_demo, built_at, attribution, ...)
    table_names(db_path) -> set[str]
    read_parquet(sql, params) -> list[tuple] a query over a Parquet file (the map shapes), no database file
    reader(db_path)                         context manager giving `run(sql_name, params)` over one file

Swapping the file: the ETL builds a new file and os.replace()s it into place. Each file generation (path, inode,
mtime_ns) gets its own private in-memory DuckDB instance that ATTACHes the file READ_ONLY, and every query uses its
own cursor, so the next query after a swap reads the new file without a restart (shared/docs/TOOLING.md §6).
A replaced generation is retired, not closed, because a query in another thread may still be using it; it is
closed one swap later, which frees the old file's disk space.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from core.schema import SCHEMA_VERSION

SQL_DIR = Path(__file__).resolve().parent / "sql"
_RESULT_CACHE_SIZE = 512

Runner = Callable[[str, Sequence], pl.DataFrame]

_lock = threading.Lock()
_connections: dict[str, tuple[tuple[int, int], duckdb.DuckDBPyConnection]] = {}
_retired: dict[str, duckdb.DuckDBPyConnection] = {}
_results: OrderedDict[tuple, pl.DataFrame] = OrderedDict()


class NoDatabaseError(FileNotFoundError):
    """The database file to read does not exist."""


class DatabaseReadError(RuntimeError):
    """The file exists but cannot be read as a built database; the message names the file."""


class OutdatedDatabaseError(DatabaseReadError):
    """The file was built by an older version of the program (another layout); rebuild it from the raw runs."""


def _check_version(con: duckdb.DuckDBPyConnection, alias: str, path: Path) -> None:
    """Refuse a database whose layout is not core.schema.SCHEMA_VERSION, saying how to rebuild it."""
    try:
        found = con.execute(f"SELECT value FROM {alias}.dataset WHERE key = 'schema_version'").fetchall()
    except duckdb.Error as exc:
        raise DatabaseReadError(f"{path}: not a built database ({str(exc).splitlines()[0]})") from exc
    version = found[0][0] if found else None
    if version != SCHEMA_VERSION:
        raise OutdatedDatabaseError(
            f"{path} was built by an older version of the program (database layout "
            f"{version or '1'}, this version reads {SCHEMA_VERSION}). Rebuild it from the raw fetch runs with "
            "`python -m etl build` (no network; `bash scripts/start.sh` does it for you), or make demo data "
            "with `python -m etl demo`.")


@cache
def sql_text(sql_name: str) -> str:
    """The text of views/sql/<sql_name>.sql; only plain names inside that folder."""
    path = SQL_DIR / f"{sql_name}.sql"
    if not path.is_file() or path.parent != SQL_DIR:
        raise ValueError(f"no SQL file named '{sql_name}' in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def _memory() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB instance: the read side's only call to duckdb.connect."""
    return duckdb.connect(":memory:")


def generation(path: Path) -> tuple[int, int]:
    """(inode, mtime_ns) of the file: a new generation after the build's os.replace()."""
    try:
        st = Path(path).stat()
    except FileNotFoundError as exc:
        raise NoDatabaseError(f"no database at {path}") from exc
    return (st.st_ino, st.st_mtime_ns)


def _cursor(path: Path) -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
    gen = generation(path)
    key = str(path)
    with _lock:
        cached = _connections.get(key)
        if cached is None or cached[0] != gen:
            con = _memory()
            try:
                con.execute("ATTACH ? AS db (READ_ONLY)", [key])
                _check_version(con, "db", path)
            except duckdb.Error as exc:
                con.close()
                raise DatabaseReadError(f"{path}: not a readable database ({str(exc).splitlines()[0]})") from exc
            except DatabaseReadError:
                con.close()
                raise
            if cached is not None:
                old = _retired.pop(key, None)
                if old is not None:
                    old.close()
                _retired[key] = cached[1]
            _connections[key] = (gen, con)
            cached = _connections[key]
        cur = cached[1].cursor()
    cur.execute("USE db")
    return cur, gen


def _freeze(params: Sequence) -> tuple:
    return tuple(tuple(p) if isinstance(p, list) else p for p in params)


def query(db_path: Path, sql_name: str, params: Sequence = ()) -> pl.DataFrame:
    """Run views/sql/<sql_name>.sql with bound parameters against one file; cached per file generation.

    Treat the frame as read-only (it may be shared with other callers)."""
    path = Path(db_path)
    frozen = _freeze(params)
    key = (str(path), generation(path), sql_name, frozen)
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    sql = sql_text(sql_name)
    cur, gen = _cursor(path)
    try:
        frame = cur.sql(sql, params=[list(p) if isinstance(p, tuple) else p for p in frozen]).pl()
    finally:
        cur.close()
    with _lock:
        _results[(str(path), gen, sql_name, frozen)] = frame
        while len(_results) > _RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return frame


def query_attached(files: Mapping[str, Path], sql_name: str, params: Sequence = ()) -> pl.DataFrame:
    """Run a query that reads several database files at once, each attached READ_ONLY under its alias."""
    con = _memory()
    try:
        for alias, path in files.items():
            if not alias.isidentifier():
                raise ValueError(f"alias {alias!r} is not a plain name")
            generation(Path(path))
            try:
                con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
            except duckdb.Error as exc:
                raise DatabaseReadError(f"{path}: not a readable database ({str(exc).splitlines()[0]})") from exc
            _check_version(con, alias, Path(path))
        return con.sql(sql_text(sql_name), params=list(params)).pl()
    finally:
        con.close()


def facts(db_path: Path) -> dict[str, str]:
    """The `dataset` table as a dict (is_demo, built_at, fetched_at, run_id, snapshot_name, ...)."""
    return {k: v for k, v in query(db_path, "dataset").iter_rows()}


def table_names(db_path: Path) -> set[str]:
    return set(query(db_path, "table_names").get_column("table_name").to_list())


@contextlib.contextmanager
def reader(db_path: Path) -> Iterator[Runner]:
    """`with reader(path) as run: run("meeting_agenda", [])` — a Runner over one existing file."""
    path = Path(db_path)
    generation(path)

    def run(sql_name: str, params: Sequence = ()) -> pl.DataFrame:
        return query(path, sql_name, params)

    yield run


def read_parquet(sql: str, params: Sequence = ()) -> list[tuple]:
    """A query over files named in `params` (e.g. read_parquet(?)), with no database attached."""
    con = _memory()
    try:
        return con.sql(sql, params=list(params)).fetchall()
    finally:
        con.close()


def release(db_path: Path) -> None:
    """Close this process's connections to one file (a one-shot command is done with it; a writer may follow)."""
    key = str(Path(db_path))
    with _lock:
        cached = _connections.pop(key, None)
        retired = _retired.pop(key, None)
        for k in [k for k in _results if k[0] == key]:
            del _results[k]
    for con in (cached[1] if cached else None, retired):
        if con is not None:
            con.close()


def clear_caches() -> None:
    """Forget cached connections and results (tests; the file-generation key makes this unnecessary in use)."""
    with _lock:
        _connections.clear()
        _retired.clear()
        _results.clear()
