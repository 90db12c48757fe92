"""Demo tests: the session's demo build (tests/conftest.py `demo_db`), its data directory copied whole so the
previous meeting's snapshot comes along."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest does not put test folders on sys.path: make demo_helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def demo_dir(tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh NP_DATA_DIR with the demo database and its snapshots, as `python -m etl demo` leaves it."""
    import streamlit as st

    from dashboard import data

    target = tmp_path / "data"
    shutil.copytree(demo_db.parent, target)
    monkeypatch.setenv("NP_DATA_DIR", str(target))
    data.clear_caches()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield target
    data.clear_caches()
