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
def annual_method(method: Method) -> Method:
    """The method with pooling switched off (tests of other rules on tiny made-up populations, which the real
    rule would judge on three-year pools)."""
    return method.model_copy(update={"pooling": method.pooling.model_copy(update={"se_over_meaningful": 100.0})})


@pytest.fixture(scope="session")
def real_catalogue() -> Catalogue:
    return load_catalogue()
