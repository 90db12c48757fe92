"""Fixtures for the meeting tests: a demo database built by the project's own code, copied per test, and the
export browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.settings import Settings, load_settings
from exports.browser import ExportBrowser


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every export test (slides' charts, handouts' PDFs)."""
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
