"""Fixtures for the catalogue validation tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # so this conftest and the test modules can `import catalogue_copy`
    sys.path.insert(0, HERE)

from catalogue_copy import CatalogueCopy, make_copy  # noqa: E402


@pytest.fixture
def cat(tmp_path: Path) -> CatalogueCopy:
    """A copy of the real goals.yaml, indicators.yaml and areas.yaml in tmp_path, ready for one targeted edit."""
    return make_copy(tmp_path)
