"""Helpers for the demo tests."""

from __future__ import annotations

from pathlib import Path

import duckdb

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
