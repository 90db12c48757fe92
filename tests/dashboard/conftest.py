"""Dashboard tests: Streamlit AppTest against databases built by the project's own code (etl.demo)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

# pytest does not put test folders on sys.path: make dash_helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests import apptest  # noqa: E402


@pytest.fixture
def run_app(data_dir: Path) -> Callable[..., AppTest]:
    """run_app(page=None, **query) -> an AppTest that has run once (and switched to `page` if given)."""

    def _run(page: str | None = None, **query: str) -> AppTest:
        return apptest.run_app(page, **query)

    return _run
