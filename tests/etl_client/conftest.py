"""Fixtures for the Kolada client tests: the real catalogue, a synthetic dataset and a local v3 server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # so `tests.kolada_server` imports without a pytest pythonpath setting
    sys.path.insert(0, str(REPO))

from etl.config import Settings, load_settings  # noqa: E402
from etl.kolada.http import HttpPolicy, KoladaSession  # noqa: E402
from indicators.catalogue import Catalogue, load_catalogue  # noqa: E402
from tests.kolada_server import KoladaDataset, KoladaTestServer, make_dataset  # noqa: E402


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


@pytest.fixture
def policy() -> HttpPolicy:
    return HttpPolicy.fast()


@pytest.fixture
def session(policy: HttpPolicy):
    with KoladaSession(policy) as s:
        yield s
