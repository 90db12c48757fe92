"""Fixtures for the meeting tests: a demo database built by the project's own code, copied per test, and the
export browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.settings import Settings, load_settings
from exports.browser import ExportBrowser


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for a module's export tests (slides' charts, handouts' PDFs). Per module, not per
    session: Playwright's sync API refuses a second instance in the same thread while one is open."""
    with ExportBrowser() as b:
        yield b


@pytest.fixture
def settings(demo_db: Path, tmp_path: Path) -> Settings:
    """A fresh data directory holding a copy of the demo database, free to change."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    s = load_settings(base_url="http://127.0.0.1:9", data_dir=data_dir)
    shutil.copyfile(demo_db, s.db_path)
    return s
