"""The first start (issue 24): the dashboard is served while `etl ensure` builds the first database. With no database
file it says what ensure's status file (core/build_status.py) says: building, failed, stopped, or nothing at all,
and it becomes the dashboard once the file is there."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from dash_helpers import APP, html_bodies
from streamlit.testing.v1 import AppTest

from core.build_status import BUILDING, FAILED, read_status, status_path, write_status
from dashboard import data
from dashboard.first_build import elapsed_seconds, situation


@pytest.fixture
def empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NP_DATA_DIR", str(tmp_path))
    data.clear_caches()
    st.cache_data.clear()
    return tmp_path


def run(timeout: float = 60) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Every text element's words, Markdown escapes removed."""
    return "\n".join([*(m.value for m in at.markdown), *(i.value for i in at.info), *(e.value for e in at.error),
                      *(c.value for c in at.caption)]).replace("\\", "")


def test_a_database_being_built_is_said_and_the_overview_follows_when_the_file_is_there(empty_dir, demo_db):
    write_status(empty_dir, BUILDING, "bygger DEMODATA (påhittade siffror): Kolada kunde inte nås")
    at = run()
    assert at.title[0].value == "Databasen byggs …"
    body = texts(at)
    assert "Just nu: bygger DEMODATA" in body and "Kolada kunde inte nås" in body
    assert "Kan de inte nås byggs DEMODATA" in body
    assert "Bygget har pågått i" in body  # the clock the timed fragment keeps up to date
    assert "Ingen databas" not in body and "np-demo-banner" not in html_bodies(at)

    shutil.copyfile(demo_db, empty_dir / demo_db.name)  # the build swaps its file in whole
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "np-demo-banner" in html_bodies(at)  # the overview with its DEMODATA banner
    assert at.title[0].value != "Databasen byggs …"
    assert not any("byggs" in t.value for t in at.title)


def test_a_failed_build_is_said_with_its_reason_and_how_to_build_one(empty_dir):
    write_status(empty_dir, BUILDING, "provar källorna")
    write_status(empty_dir, FAILED, "etl/demo/levels.yaml: history: no verdict changes")
    at = run()
    assert at.title[0].value == "Databasen kunde inte byggas"
    assert "Bygget misslyckades: etl/demo/levels.yaml: history: no verdict changes" in texts(at)
    assert ".venv/bin/python -m etl demo" in texts(at)
    assert "byggs" not in at.title[0].value


def test_a_build_whose_process_is_gone_is_not_called_building(empty_dir):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    status = write_status(empty_dir, BUILDING, "bygger DEMODATA")
    raw = {**status.__dict__, "pid": gone.pid}
    status_path(empty_dir).write_text(json.dumps(raw), encoding="utf-8")
    assert situation(empty_dir / "nyaperspektiv.duckdb")[0] == "stopped"
    at = run()
    assert at.title[0].value == "Databasen kunde inte byggas"
    assert f"processen {gone.pid} finns inte längre" in texts(at)


def test_no_status_and_no_database_says_none_is_there(empty_dir):
    at = run()
    assert at.title[0].value == "Ingen databas ännu"
    assert str(empty_dir) in texts(at)


def test_the_status_file_round_trips_and_an_unreadable_one_is_no_status(tmp_path):
    written = write_status(tmp_path, BUILDING, "provar källorna")
    assert read_status(tmp_path) == written and written.running()
    assert not list(tmp_path.glob(".build_status.json.*"))  # written through a temp file, renamed
    status_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert read_status(tmp_path) is None
    with pytest.raises(ValueError, match="unknown build state"):
        write_status(tmp_path, "done")
    assert elapsed_seconds("2026-12-05T10:00:00Z", now=__import__("datetime").datetime(
        2026, 12, 5, 10, 1, 5, tzinfo=__import__("datetime").UTC)) == 65
