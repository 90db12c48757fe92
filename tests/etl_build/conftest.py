"""Fixtures for build tests: a local Kolada v3 server with a synthetic dataset, and settings pointing at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.config import Settings, load_settings
from etl.kolada.http import HttpPolicy
from indicators.catalogue import Catalogue, load_catalogue
from tests.kolada_server import KoladaDataset, KoladaTestServer, make_dataset


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def dataset(catalogue: Catalogue) -> KoladaDataset:
    return make_dataset(catalogue, years=range(2016, 2025), seed=7)


@pytest.fixture
def server(dataset: KoladaDataset):
    with KoladaTestServer(dataset) as srv:
        yield srv


@pytest.fixture
def settings(server: KoladaTestServer, tmp_path: Path) -> Settings:
    return load_settings(base_url=server.base_url, data_dir=tmp_path / "data")


@pytest.fixture
def fast() -> HttpPolicy:
    return HttpPolicy.fast()
