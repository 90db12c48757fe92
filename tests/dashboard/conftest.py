"""Dashboard tests: Streamlit AppTest against databases built by the project's own code (etl.demo)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from etl.config import load_settings
from etl.demo import build_demo

# pytest does not put test folders on sys.path: make dash_helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dash_helpers import APP  # noqa: E402


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per session by etl.demo.build_demo. Tests copy it, never change it."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("demo-source"))
    build_demo(settings)
    return settings.db_path


@pytest.fixture
def data_dir(tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh NP_DATA_DIR holding a copy of the demo database; caches cleared."""
    shutil.copyfile(demo_db, tmp_path / demo_db.name)
    monkeypatch.setenv("NP_DATA_DIR", str(tmp_path))
    data.clear_caches()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    data.clear_caches()


@pytest.fixture
def run_app(data_dir: Path) -> Callable[..., AppTest]:
    """run_app(page=None, **query) -> an AppTest that has run once (and switched to `page` if given)."""

    def _run(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _run
