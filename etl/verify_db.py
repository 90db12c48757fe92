"""Does an existing database file open and pass the build's checks? For `ensure` (what scripts/start.sh runs).

    problem = database_problem(settings.db_path)    # None when the file is a good, complete database

A 0-byte, truncated or corrupt file, a file missing a table, one built by another version of the program (another
`schema_version`, core/schema.py) or one failing the build's checks is not accepted.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from core.schema import SCHEMA_VERSION
from etl.checks import find_problems
from etl.load import connect_file

REQUIRED_TABLES = ("dataset", "source", "area", "series", "observation", "indicator", "etl_run")


def database_problem(db_path: Path) -> str | None:
    path = Path(db_path)
    if not path.is_file():
        return f"{path}: no such file"
    if path.stat().st_size == 0:
        return f"{path}: the file is empty (0 bytes)"
    try:
        con = connect_file(path, read_only=True)
    except duckdb.Error as exc:
        return f"{path}: does not open as a DuckDB database ({str(exc).splitlines()[0]})"
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'db'").fetchall()}
        version = con.execute("SELECT value FROM dataset WHERE key = 'schema_version'").fetchall() \
            if "dataset" in tables else []
        found = version[0][0] if version else None
        if found != SCHEMA_VERSION:
            return (f"{path} was built by an older version of the program (database layout {found or '1'}, this "
                    f"version reads {SCHEMA_VERSION}); it is rebuilt from the raw fetch runs")
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            return f"{path}: tables missing: {', '.join(missing)}"
        for table in sorted(tables):  # read every block: checksums catch a partly corrupt file
            con.execute(f'SELECT count(*), sum(hash(t)) FROM "{table}" AS t').fetchall()
        if not con.execute("SELECT count(*) FROM dataset WHERE key = 'is_demo'").fetchone()[0]:
            return f"{path}: the dataset table does not say whether this is demo data"
        problems = find_problems(con, None)
        if problems:
            return f"{path}: fails the build's checks: " + "; ".join(problems[:5])
    except duckdb.Error as exc:
        return f"{path}: cannot be read ({str(exc).splitlines()[0]})"
    finally:
        con.close()
    return None
