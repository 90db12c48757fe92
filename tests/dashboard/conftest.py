"""Dashboard tests: Streamlit AppTest against databases built by the project's own code (etl.demo)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

# pytest does not put test folders on sys.path: make dash_helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dash_helpers import APP  # noqa: E402


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
