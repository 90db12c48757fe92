"""The first start in a real browser (issue 24): a dashboard served before its database exists says "Databasen
byggs …" while ensure's status says so, and turns into the overview by itself (no reload) once the build swaps the
file in; a build that fails is said on the page. WCAG 2.1 AA on the building page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core.build_status import BUILDING, FAILED, status_path, write_status
from tests.browser.conftest import Server

pytestmark = [pytest.mark.browser, pytest.mark.duration(13)]
TIMEOUT = 60_000
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def builder() -> Iterator[subprocess.Popen]:
    """A live process standing in for `etl ensure` (the status names its pid; the page believes a live one)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield proc
    proc.kill()
    proc.wait()


def _status(data_dir: Path, state: str, message: str, pid: int) -> None:
    status = write_status(data_dir, state, message)
    status_path(data_dir).write_text(json.dumps({**status.__dict__, "pid": pid}), encoding="utf-8")


@pytest.fixture
def empty_server(tmp_path: Path, builder: subprocess.Popen) -> Iterator[Server]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    _status(data_dir, BUILDING, "provar källorna och hämtar riktiga data om de svarar", builder.pid)
    server = Server(data_dir, tmp_path / "streamlit.log")
    yield server
    server.stop()


def test_the_building_page_becomes_the_overview_when_the_database_is_swapped_in(empty_server, page, demo_db,
                                                                                builder, shoot):
    page.goto(empty_server.url)
    expect(page.get_by_role("heading", name="Databasen byggs …")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Just nu: provar källorna")).to_be_visible()
    expect(page.get_by_text("Kan de inte nås byggs DEMODATA")).to_be_visible()
    expect(page.get_by_text("Bygget har pågått i")).to_be_visible(timeout=TIMEOUT)
    shoot(page, "databasen-byggs")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    bad = [(v["impact"], v["id"], [n["target"] for n in v["nodes"]][:5])
           for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    # ensure moves on to the demo: the page follows without a reload
    _status(empty_server.data_dir, BUILDING, "bygger DEMODATA (påhittade siffror): Kolada kunde inte nås", builder.pid)
    expect(page.get_by_text("Just nu: bygger DEMODATA")).to_be_visible(timeout=TIMEOUT)
    # the build swaps its file in whole (a copy beside it, then a rename)
    tmp = empty_server.data_dir / ".incoming.duckdb"
    shutil.copyfile(demo_db, tmp)
    os.replace(tmp, empty_server.data_dir / demo_db.name)
    expect(page.get_by_test_id("np-demo-banner")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Databasen byggs …")).to_have_count(0)
    assert not page.errors, page.errors


def test_a_failed_build_is_said_on_the_page_without_a_reload(empty_server, page, builder):
    page.goto(empty_server.url)
    expect(page.get_by_role("heading", name="Databasen byggs …")).to_be_visible(timeout=TIMEOUT)
    _status(empty_server.data_dir, FAILED, "kunde inte skriva databasen: No space left on device", builder.pid)
    expect(page.get_by_role("heading", name="Databasen kunde inte byggas")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("No space left on device")).to_be_visible()
    expect(page.get_by_text("python -m etl demo")).to_be_visible()
    # the process dies without a word (killed): the next look says the build stopped, not "building"
    _status(empty_server.data_dir, BUILDING, "bygger DEMODATA", builder.pid)
    expect(page.get_by_role("heading", name="Databasen byggs …")).to_be_visible(timeout=TIMEOUT)
    builder.kill()
    builder.wait()
    expect(page.get_by_role("heading", name="Databasen kunde inte byggas")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"processen {builder.pid} finns inte längre")).to_be_visible()
