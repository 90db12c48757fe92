"""Build tests use a longer series than the client tests (shared fixtures: tests/conftest.py)."""

from __future__ import annotations

import pytest

from etl.http import HttpPolicy
from indicators.catalogue import Catalogue
from tests.kolada_server import KoladaDataset, make_dataset


@pytest.fixture
def dataset(catalogue: Catalogue) -> KoladaDataset:
    return make_dataset(catalogue, years=range(2016, 2025), seed=7)


@pytest.fixture
def fast() -> HttpPolicy:
    return HttpPolicy.fast()
