"""Fixtures for the status-method tests: the real method.yaml and the real catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# pytest imports test modules without putting their folder on sys.path: make status_helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from indicators.catalogue import Catalogue, load_catalogue
from indicators.method import Method, load_method


@pytest.fixture(scope="session")
def method() -> Method:
    return load_method()


@pytest.fixture(scope="session")
def real_catalogue() -> Catalogue:
    return load_catalogue()
