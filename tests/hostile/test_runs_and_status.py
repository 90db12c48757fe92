"""`python -m etl runs` and "Data och metod" read the same list (views/run_list.py): the demo runs and the failed
fetch attempt of an offline start; `status` fits an 80-column terminal without cutting a series id (issue 23)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl

from core.attempts import read_attempts
from tests.apptest import run_app
from views.db import reader
from views.run_list import run_list

REPO = Path(__file__).resolve().parents[2]


def etl(*args: str, data: Path, columns: int = 80) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NP_DATA_DIR": str(data), "COLUMNS": str(columns),
           "KOLADA_BASE_URL": "http://127.0.0.1:9/v3"}
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)


def test_runs_and_the_dashboard_list_demo_runs_and_the_failed_start(tmp_path: Path, monkeypatch):
    data = tmp_path / "data"
    start = etl("ensure", "--probe-timeout", "2", data=data)
    assert start.returncode == 0 and "DEMODATA" in start.stdout, start.stderr
    listed = etl("runs", data=data, columns=200)
    assert listed.returncode == 0, listed.stderr
    assert "Inga hämtningar" not in listed.stdout
    assert re.search(r"demo-1 .*demo .*ok", listed.stdout) and "demo-2" in listed.stdout
    assert re.search(r"– .*kolada .*misslyckad .*kunde inte nås vid start", listed.stdout)

    with reader(data / "nyaperspektiv.duckdb") as run:
        runs = run_list(run("etl_runs"), read_attempts(data))
    assert runs.filter(pl.col("outcome") == "failed")["source_id"].to_list() == ["kolada"]
    monkeypatch.setenv("NP_DATA_DIR", str(data))
    from dashboard import data as dash

    dash.clear_caches()
    at = run_app(page="app_pages/metod.py")
    table = next(h.proto.body for h in at.html if 'data-testid="np-runs"' in h.proto.body)
    for run_id in runs["run_id"]:
        assert f">{run_id}<" in table  # the same list: every run and attempt the command prints
    assert "kunde inte nås vid start" in table
    dash.clear_caches()


def test_status_fits_80_columns_and_never_cuts_a_series_id(two_source_dir: Path, tmp_path: Path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(two_source_dir, data)
    done = etl("status", data=data)
    assert done.returncode in (0, 3), done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in done.stdout
    import duckdb

    con = duckdb.connect(str(data / "nyaperspektiv.duckdb"), read_only=True)
    try:
        series = [s for (s,) in con.execute("SELECT DISTINCT series_id FROM indicator").fetchall()]
    finally:
        con.close()
    assert series and all(re.search(rf"│ {re.escape(s)} +│", done.stdout) for s in series)
