"""When a build may skip publishing: the published database already shows what a rebuild would show.

A rebuild is needed when a replayed run changed a value or metadata, or when anything else the database is made
from changed since it was published: the catalogue, the status method, or the build's own code. The latter three
are summed up in `build_fingerprint`, which every build stores in the `dataset` table, beside `source_runs` (per
source, the run its state reflects). Source-neutral: it compares run ids and fingerprints, never values.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import duckdb

from etl.load import connect_file
from indicators.catalogue import Catalogue
from indicators.method import load_method

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("etl", "indicators", "core")
CODE_SUFFIXES = (".py", ".sql", ".yaml")
# The libraries whose version can change what a build writes (values, types, files); Python's own version too.
BUILD_LIBRARIES = ("duckdb", "polars", "pyarrow", "pydantic", "pyyaml", "openpyxl", "requests")


def library_versions() -> dict[str, str]:
    """'duckdb' -> '2.0.0', … and 'python' -> '3.11.9' (a package not installed reads as '')."""
    import platform

    versions = {"python": platform.python_version()}
    for name in BUILD_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def _code_digest() -> str:
    digest = hashlib.sha256()
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_fingerprint(catalogue: Catalogue) -> str:
    """sha256 over the catalogue, the method configuration, the write side's code and the library versions."""
    digest = hashlib.sha256()
    digest.update(catalogue.model_dump_json().encode())
    digest.update(repr(load_method()).encode())
    digest.update(_code_digest().encode())
    digest.update(json.dumps(library_versions(), sort_keys=True).encode())
    return digest.hexdigest()


def source_runs_fact(runs: dict[str, str]) -> str:
    """The `source_runs` dataset fact: source id -> the run its published state reflects."""
    return json.dumps(dict(sorted(runs.items())), separators=(",", ":"))


def published_from(db_path: Path, published_runs: dict[str, str], fingerprint: str) -> bool:
    """The database at `db_path` is a real build of exactly these sources' states (source id -> run id) with
    this fingerprint."""
    if not db_path.is_file():
        return False
    try:
        con = connect_file(db_path, read_only=True)
    except duckdb.Error:
        return False
    try:
        facts = dict(con.execute("SELECT key, value FROM dataset").fetchall())
    except duckdb.Error:
        return False
    finally:
        con.close()
    return (facts.get("is_demo") == "false" and facts.get("source_runs") == source_runs_fact(published_runs)
            and facts.get("build_fingerprint") == fingerprint)
