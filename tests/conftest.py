"""Fixtures shared by the test folders: the real catalogue, and a local Kolada v3 server on 127.0.0.1.

A folder that wants another dataset overrides the `dataset` fixture in its own conftest.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings, load_settings
from etl.demo import build_demo
from indicators.catalogue import Catalogue, load_catalogue
from tests.kolada_server import KoladaDataset, KoladaTestServer, make_dataset


def pytest_configure(config: pytest.Config) -> None:
    """On two workers (`-n 2 --dist loadfile`, scripts/test.sh) xdist hands out whole files; by default it sorts
    them by their number of tests, which puts the longest files (browser walks over every area: one or a few tests
    of minutes each) last, and one worker then ends the run alone with a walk of several minutes. Keep the
    collection order instead, in which pytest_collection_modifyitems puts the longest files first."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files marked `duration(seconds)` first, the longest first; every other file after them in the order
    collected. Whole files move, each file's tests keep their order (their module fixtures start once)."""
    def seconds(item: pytest.Item) -> float:
        mark = item.get_closest_marker("duration")
        return float(mark.args[0]) if mark else 0.0

    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    ordered = sorted(files.values(), key=lambda file_items: -max(seconds(i) for i in file_items))
    items[:] = [item for file_items in ordered for item in file_items]


@pytest.fixture(scope="session", autouse=True)
def no_backoff_in_subprocesses() -> Iterator[None]:
    """The CLI's fetches in subprocesses (`python -m etl refresh` against the local fake servers) retry at once and
    without the polite rate limit (core.settings.http_pace): the same attempts, errors and records, without
    sleeping through a real backoff. In-process tests pass their own HttpPolicy."""
    import os

    pace = {"NP_HTTP_BACKOFF_SECONDS": "0", "NP_HTTP_REQUESTS_PER_SECOND": "0"}
    before = {k: os.environ.get(k) for k in pace}
    os.environ.update(pace)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session", autouse=True)
def fohm_server() -> Iterator[object]:
    """A fake Folkhälsodata (PxWeb v1) for the whole session, serving a synthetic table for every table in
    indicators/sources/fohm.yaml; FOHM_BASE_URL points at it (subprocesses inherit it), so no test reaches the
    real host. Synthetic figures, not Folkhälsomyndigheten's."""
    import os

    from etl.sources.pxweb.definitions import load_definitions
    from indicators.catalogue import catalogue_dir
    from tests.pxweb_server import PxWebTestServer, fohm_tables_for

    defs = load_definitions(catalogue_dir() / "sources" / "fohm.yaml")
    with PxWebTestServer(v1_tables=fohm_tables_for(defs)) as srv:
        before = os.environ.get("FOHM_BASE_URL")
        os.environ["FOHM_BASE_URL"] = srv.v1_base
        try:
            yield srv
        finally:
            if before is None:
                os.environ.pop("FOHM_BASE_URL", None)
            else:
                os.environ["FOHM_BASE_URL"] = before


@pytest.fixture(scope="session")
def two_source_dir(tmp_path_factory: pytest.TempPathFactory, fohm_server) -> Path:
    """A data directory whose database was built from two real fetches: Kolada (local fake server) and
    Folkhälsodata (the session's fake PxWeb server). Built once per session; tests read it, never change it."""
    from etl.build import build_database
    from etl.fetch import fetch_run
    from etl.http import HttpPolicy

    catalogue = load_catalogue()
    dataset = make_dataset(catalogue, years=range(2016, 2025), seed=7)
    data_dir = tmp_path_factory.mktemp("two") / "data"
    with KoladaTestServer(dataset) as server:
        settings = load_settings(base_url=server.base_url, data_dir=data_dir)
        fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast(), source_id="kolada")
    fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast(), source_id="fohm")
    build_database(settings, catalogue)
    return data_dir


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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per session by etl.demo.build_demo. Tests copy it, never change it."""
    demo_settings = load_settings(base_url="http://127.0.0.1:9", data_dir=tmp_path_factory.mktemp("demo-source"))
    build_demo(demo_settings)
    return demo_settings.db_path


@pytest.fixture
def data_dir(tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh NP_DATA_DIR holding a copy of the demo database, for AppTest; the dashboard's caches cleared."""
    import streamlit as st

    from dashboard import data

    shutil.copyfile(demo_db, tmp_path / demo_db.name)
    monkeypatch.setenv("NP_DATA_DIR", str(tmp_path))
    data.clear_caches()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    data.clear_caches()
