"""A data directory written by main before sources were plug-ins (tests/fixtures/main_b5ba2d9) keeps working:
its raw runs build, and a database in the old layout is refused with a message that says how to rebuild it,
which `python -m etl ensure` (what start.sh runs) then does by itself, offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core.schema import SCHEMA_VERSION
from core.settings import load_settings
from etl.build import build_database
from etl.raw_runs import list_runs
from views import db

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "main_b5ba2d9"


@pytest.fixture
def old_dir(tmp_path: Path) -> Path:
    """A copy of main's data directory: raw/kolada/<run-id>/ with main's manifests."""
    shutil.copytree(FIXTURE / "raw", tmp_path / "raw")
    return tmp_path


def _old_database(path: Path) -> None:
    """An (empty) database in main's layout at b5ba2d9, with the facts main wrote."""
    con = duckdb.connect(str(path))
    try:
        con.execute((FIXTURE / "schema.sql").read_text(encoding="utf-8"))
        con.execute((FIXTURE / "status_schema.sql").read_text(encoding="utf-8"))
        con.execute("INSERT INTO dataset VALUES ('is_demo', 'false'), ('built_at', '2026-11-26T12:59:40+00:00')")
    finally:
        con.close()


def test_main_raw_runs_are_read_as_the_default_source(old_dir: Path) -> None:
    runs = list_runs(old_dir / "raw" / "kolada")
    assert [(m.source_id, m.mode) for m in runs] == [("kolada", "full"), ("kolada", "incremental")]
    assert runs[0].series_ids and all(":" not in s for s in runs[0].series_ids)  # the source's own ids


def test_main_data_directory_builds(old_dir: Path) -> None:
    settings = load_settings(data_dir=old_dir)
    result = build_database(settings)
    assert result.rows > 0 and result.changes >= 1
    con = duckdb.connect(str(result.db_path), read_only=True)
    try:
        facts = dict(con.execute("SELECT key, value FROM dataset").fetchall())
        sources = con.execute("SELECT source_id, attribution FROM source").fetchall()
        revised = con.execute("SELECT new_value FROM observation_change WHERE change = 'revised'").fetchall()
    finally:
        con.close()
    assert facts["schema_version"] == SCHEMA_VERSION and len(facts["catalogue_hash"]) == 64
    assert sources == [("kolada", "Källa: Kolada")]
    assert (42.5,) in revised  # the incremental run of main's directory was replayed
    assert db.facts(result.db_path)["is_demo"] == "false"  # and the read side opens it
    db.release(result.db_path)


def test_database_in_main_layout_is_refused_with_how_to_rebuild(old_dir: Path) -> None:
    path = old_dir / "nyaperspektiv.duckdb"
    _old_database(path)
    with pytest.raises(db.OutdatedDatabaseError, match=r"built by an older version.*python -m etl build"):
        db.facts(path)


def test_ensure_rebuilds_a_main_database_from_its_raw_runs_offline(old_dir: Path) -> None:
    path = old_dir / "nyaperspektiv.duckdb"
    _old_database(path)
    env = {**os.environ, "NP_DATA_DIR": str(old_dir), "KOLADA_BASE_URL": "http://127.0.0.1:9/v3"}
    done = subprocess.run([sys.executable, "-m", "etl", "ensure", "--probe-timeout", "1"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "older version" in done.stdout and "sparade hämtningarna" in done.stdout
    assert "DEMODATA" not in done.stdout
    assert db.facts(path)["schema_version"] == SCHEMA_VERSION
    db.release(path)
