"""Read the SQL files under etl/sql/ by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def read_sql(name: str) -> str:
    """`read_sql("schema")` → the text of etl/sql/schema.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
