"""Write frames into a new DuckDB file and publish it atomically. The only place the ETL writes DuckDB."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb
import polars as pl

from core.settings import build_memory_limit
from etl.checks import run_checks
from etl.sqlfiles import read_sql

BUILDING_MARK = ".building-"


def connect_file(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The write side's only way to open a DuckDB file.

    read_only: a private in-memory instance with the file attached READ_ONLY and selected as `db`, so DuckDB's
    per-path instance cache can never hand back an older file (shared/docs/TOOLING.md §6).
    """
    con = duckdb.connect(":memory:" if read_only else str(path))
    if not read_only:
        return con
    try:
        con.execute("ATTACH ? AS db (READ_ONLY)", [str(path)])
        con.execute("USE db")
    except BaseException:
        con.close()
        raise
    return con


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    view = f"incoming_{table}"
    # The newest Arrow layout hands polars' string views over as they are; the default converts every string
    # column into a new buffer first (about 140 MB more at the peak for 1.8 M observations).
    con.register(view, frame.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)


def write_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    con.execute(read_sql("schema"))
    con.execute(read_sql("status_schema"))
    for table, frame in frames.items():
        _insert(con, table, frame)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_builds(db_path: Path) -> list[Path]:
    """Delete half-written files left by builds that were killed (their process is gone)."""
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}{BUILDING_MARK}*"):
        pid_text = path.name.rsplit(BUILDING_MARK, 1)[-1].split(".")[0]
        if pid_text.isdigit() and not _pid_alive(int(pid_text)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def publish(db_path: Path, frames: dict[str, pl.DataFrame], expected_nulls: int | None,
            hold_seconds: float = 0.0) -> None:
    """Build the database at a temporary path, check it, then rename it over `db_path`.

    If anything fails (or the process is killed) the file at `db_path` is untouched.
    `hold_seconds` pauses before the rename; tests use it to kill a build midway.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(db_path)
    tmp = db_path.with_name(f".{db_path.name}{BUILDING_MARK}{os.getpid()}")
    for leftover in (tmp, Path(f"{tmp}.wal")):
        leftover.unlink(missing_ok=True)
    try:
        con = connect_file(tmp)
        try:
            con.execute(f"SET memory_limit = '{build_memory_limit()}'")
            write_tables(con, frames)
            run_checks(con, expected_nulls)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if hold_seconds:
            import time

            time.sleep(hold_seconds)
        os.replace(tmp, db_path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
