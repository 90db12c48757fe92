"""The CLI as a user runs it: subprocesses against a local Kolada v3 server and a temporary data directory."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.duration(37)
REPO = Path(__file__).resolve().parents[2]


def etl(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=timeout)


def dataset_value(db: Path, key: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT value FROM dataset WHERE key = ?", [key]).fetchall()[0][0]
    finally:
        con.close()


def test_refresh_prints_the_request_count_and_builds(server, tmp_path):
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(tmp_path)}
    done = etl("refresh", env=env)
    assert done.returncode == 0, done.stderr
    made = int(re.search(r"(\d+) anrop", done.stdout).group(1))
    assert made == len(server.requests)
    assert (tmp_path / "nyaperspektiv.duckdb").exists()
    status = etl("status", env=env)
    assert status.returncode == 0, status.stderr
    assert "Senaste år" in status.stdout and "Hela Värmland" in status.stdout
    # A second refresh is incremental: it asks for changes only.
    server.clear_requests()
    again = etl("refresh", env=env)
    assert again.returncode == 0, again.stderr
    assert any("from_date=" in r for r in server.requests)


def test_refresh_failure_exits_non_zero_with_the_url_and_keeps_the_database(server, tmp_path):
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(tmp_path)}
    assert etl("refresh", env=env).returncode == 0
    db = tmp_path / "nyaperspektiv.duckdb"
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    server.fail(404, times=None, match="/data/")
    # every source fails (Folkhälsodata unreachable too): the database is not touched at all; one source failing
    # alone is tests/local/test_refresh_sources.py
    dead = {**env, "FOHM_BASE_URL": "http://127.0.0.1:9/Folkhalsodata/api/v1/sv"}
    failed = etl("refresh", env=dead)
    assert failed.returncode == 1
    assert "/data/kpi/" in failed.stderr and "404" in failed.stderr
    assert "2 av 2 källor misslyckades" in failed.stderr and "Den tidigare databasen är orörd" in failed.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_a_build_killed_midway_leaves_the_previous_database_intact(server, tmp_path):
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(tmp_path)}
    assert etl("refresh", env=env).returncode == 0
    db = tmp_path / "nyaperspektiv.duckdb"
    built_at = dataset_value(db, "built_at")
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    proc = subprocess.Popen([sys.executable, "-m", "etl", "build"], cwd=REPO,
                            env={**os.environ, **env, "NP_BUILD_HOLD_SECONDS": "60"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".nyaperspektiv.duckdb.building-*")):
            assert proc.poll() is None, "the build ended before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert dataset_value(db, "built_at") == built_at
    # The next build clears the half-written file and publishes a new database.
    assert etl("build", env=env).returncode == 0
    assert not list(tmp_path.glob(".nyaperspektiv.duckdb.building-*"))


def test_demo_builds_a_database_flagged_as_demo(tmp_path):
    done = etl("demo", env={"NP_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    db = tmp_path / "nyaperspektiv.duckdb"
    assert dataset_value(db, "is_demo") == "true"
    con = duckdb.connect(str(db), read_only=True)
    try:
        titles = [t for (t,) in con.execute("SELECT title FROM series").fetchall()]
    finally:
        con.close()
    assert titles and all(t.startswith("DEMO –") for t in titles)


def test_ensure_falls_back_to_demo_data_and_replaces_it_once_kolada_answers(server, tmp_path):
    env = {"KOLADA_BASE_URL": "http://127.0.0.1:9/v3", "NP_DATA_DIR": str(tmp_path)}
    done = etl("ensure", "--probe-timeout", "2", env=env)
    assert done.returncode == 0, done.stderr
    assert "kunde inte nås" in done.stdout and "DEMODATA" in done.stdout
    db = tmp_path / "nyaperspektiv.duckdb"
    assert dataset_value(db, "is_demo") == "true"
    # done: no status file is left for the "Databasen byggs …" page, nor the previous meeting's file beside the live
    assert not (tmp_path / "build_status.json").exists() and not (tmp_path / ".demo-previous.duckdb").exists()
    assert (tmp_path / "snapshots" / "styrgruppen-demo.duckdb").is_file()
    # Still offline at the next start: the demo database is kept, and the user is told how real data arrives.
    again = etl("ensure", "--probe-timeout", "2", env=env)
    assert again.returncode == 0, again.stderr
    assert "DEMODATA" in again.stdout and "behålls" in again.stdout and "etl refresh" in again.stdout
    assert dataset_value(db, "is_demo") == "true"
    # Kolada answers at a later start: the demo is replaced by real data, with no command from the user.
    online = etl("ensure", env={**env, "KOLADA_BASE_URL": server.base_url})
    assert online.returncode == 0, online.stderr
    assert "demodatan är ersatt" in online.stdout
    assert dataset_value(db, "is_demo") != "true"
    # With a real database in place, ensure keeps it.
    last = etl("ensure", env={**env, "KOLADA_BASE_URL": server.base_url})
    assert last.returncode == 0 and "Databasen finns" in last.stdout


def test_a_failed_ensure_leaves_a_failed_status_naming_the_problem(tmp_path):
    """The dashboard beside a first start reads this file (core/build_status.py) to say the build failed."""
    import json

    (tmp_path / "nyaperspektiv.duckdb").mkdir()  # something that is no database file, where the file must go
    env = {"KOLADA_BASE_URL": "http://127.0.0.1:9/v3", "NP_DATA_DIR": str(tmp_path)}
    done = etl("ensure", "--probe-timeout", "2", env=env)
    assert done.returncode == 1, done.stdout
    status = json.loads((tmp_path / "build_status.json").read_text(encoding="utf-8"))
    assert status["state"] == "failed" and status["pid"] > 0 and status["finished_at"]
    assert "nyaperspektiv.duckdb" in status["message"] and status["message"] in done.stderr.replace("\n", "")


def test_status_without_a_database_says_what_to_run(tmp_path):
    done = etl("status", env={"NP_DATA_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert "python -m etl refresh" in done.stderr


def test_refresh_after_adding_an_indicator_fetches_its_whole_history(server, dataset, tmp_path):
    import shutil

    from indicators.catalogue import CATALOGUE_DIR

    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(tmp_path / "data")}
    assert etl("refresh", env=env).returncode == 0
    # An analyst adds an indicator for a KPI that has a long history at the source.
    dataset.add_kpi({**dataset.kpis["N15428"], "id": "N99001", "title": "Nytt testmått, andel (%)"})
    for year in range(2010, 2025):
        dataset.set_value("N99001", "1780", year, "T", 50.0 + year % 7)
    cat_dir = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, cat_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    with (cat_dir / "indicators.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: nytt_testmatt\n    kpi: N99001\n    life_stage: unga\n    short_name: Nytt testmått\n"
                "    goals: [lyckad_skolgang]\n    direction: higher_is_better\n    unit: percent\n"
                "    role: outcome\n    denominator: population_16_19\n")
    server.clear_requests()
    done = etl("refresh", env={**env, "NP_CATALOGUE_DIR": str(cat_dir)})
    assert done.returncode == 0, done.stderr
    assert "hämtar allt" in done.stdout
    assert not any("from_date=" in r for r in server.requests)
    con = duckdb.connect(str(tmp_path / "data" / "nyaperspektiv.duckdb"), read_only=True)
    try:
        years = con.execute("SELECT min(year), max(year) FROM observation "
                            "WHERE series_id = 'kolada:N99001'").fetchall()[0]
    finally:
        con.close()
    assert years == (2010, 2024)
