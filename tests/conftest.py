"""Fixtures shared by the test folders: the real catalogue, and a local Kolada v3 server on 127.0.0.1.

A folder that wants another dataset overrides the `dataset` fixture in its own conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.config import Settings, load_settings
from indicators.catalogue import Catalogue, load_catalogue
from tests.kolada_server import KoladaDataset, KoladaTestServer, make_dataset


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def dataset(catalogue: Catalogue) -> KoladaDataset:
    return make_dataset(catalogue, years=range(2018, 2025), seed=1)


@pytest.fixture
def server(dataset: KoladaDataset):
    with KoladaTestServer(dataset) as srv:
        yield srv


@pytest.fixture
def settings(server: KoladaTestServer, tmp_path: Path) -> Settings:
    return load_settings(base_url=server.base_url, data_dir=tmp_path / "data")
