"""Any county, one line: the catalogue for Dalarna (region 0020), with Värmland and Riket as comparators, fetched
from the local Kolada server and built; the overview, an indicator page and the handouts are about Dalarna."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import load_settings
from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from indicators.catalogue import CATALOGUE_DIR, load_catalogue
from tests.apptest import run_app
from tests.kolada_server import KoladaTestServer, make_dataset

pytestmark = pytest.mark.duration(21)
DALARNA = {"2021": "Vansbro", "2023": "Malung-Sälen", "2026": "Gagnef", "2029": "Leksand", "2031": "Rättvik",
           "2034": "Orsa", "2039": "Älvdalen", "2061": "Smedjebacken", "2062": "Mora", "2080": "Falun",
           "2081": "Borlänge", "2082": "Säter", "2083": "Hedemora", "2084": "Avesta", "2085": "Ludvika"}
COMPARATORS = {"0017": ("region", "Region Värmland"), "1780": ("kommun", "Karlstad"), "1784": ("kommun", "Arvika")}


def dalarna_catalogue(directory: Path) -> Path:
    for name in ("goals", "indicators", "areas"):
        shutil.copy(CATALOGUE_DIR / f"{name}.yaml", directory / f"{name}.yaml")
    text = (directory / "areas.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("\nareas:\n")
    support = rest[rest.index("\n\n"):]
    head = (head.replace('county_area: "0017"', 'county_area: "0020"')
            .replace("county_name: Värmland", "county_name: Dalarna"))
    areas = ['  - {id: "0000", kind: riket, demo_name: Riket}',
             '  - {id: "0020", kind: region, demo_name: Region Dalarna}']
    areas += [f'  - {{id: "{i}", kind: kommun, demo_name: {n}}}' for i, n in DALARNA.items()]
    areas += [f'  - {{id: "{i}", kind: {k}, demo_name: {n}}}' for i, (k, n) in COMPARATORS.items()]
    (directory / "areas.yaml").write_text(head + "\nareas:\n" + "\n".join(areas) + support, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def dalarna(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(catalogue dir, data dir) with a database built for Dalarna from the local Kolada server."""
    root = tmp_path_factory.mktemp("dalarna")
    cat_dir = dalarna_catalogue((root / "catalogue").resolve() if (root / "catalogue").mkdir() is None else root)
    catalogue = load_catalogue(cat_dir)
    assert catalogue.municipality_ids == list(DALARNA) and catalogue.county_label == "Hela Dalarna"
    with KoladaTestServer(make_dataset(catalogue, years=range(2018, 2025), seed=5)) as srv:
        settings = load_settings(base_url=srv.base_url, data_dir=root / "data")
        fetch_run(settings, catalogue, policy=HttpPolicy.fast())
        build_database(settings, catalogue)
    return cat_dir, settings.data_dir


@pytest.fixture
def dalarna_env(dalarna, monkeypatch):  # noqa: ANN001, ANN201
    import streamlit as st

    from dashboard import data

    cat_dir, data_dir = dalarna
    monkeypatch.setenv("NP_CATALOGUE_DIR", str(cat_dir))
    monkeypatch.setenv("NP_DATA_DIR", str(data_dir))
    data.clear_caches()
    st.cache_data.clear()
    return dalarna


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def run(page: str | None = None, **query: str) -> AppTest:
    return run_app(page, timeout=120, **query)


def test_the_overview_offers_dalarna_and_its_15_municipalities_only(dalarna_env):
    at = run()
    municipality = at.selectbox[0]
    labels = list(municipality.options)   # AppTest gives the formatted labels
    assert labels[0] == "Hela Dalarna"
    assert sorted(labels[1:]) == sorted(DALARNA.values())
    html = "\n".join(h.proto.body for h in at.html)
    assert "Hela Värmland" not in html and "Karlstad" not in labels


def test_the_indicator_page_ranks_within_dalarna(dalarna_env):
    at = run(page="app_pages/indikator.py", kommun="2080")
    # a ranked indicator (the first in the catalogue is not compared between municipalities, so never ranked)
    at.query_params["ind"] = next(i.id for i in load_catalogue().indicators if i.rank and i.comparable)
    at.run()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [s["layout"]["title"]["text"] for s in specs]
    rank = next(s for s, t in zip(specs, titles, strict=True) if t.startswith("De 15 kommunerna"))
    # bar labels: "1. Falun", or "Falun (saknas)" without a value
    names = {re.sub(r"^\d+\. | \(saknas\)$", "", str(n)) for trace in rank["data"] for n in (trace.get("y") or [])}
    assert set(DALARNA.values()) <= names and "Karlstad" not in names and "Arvika" not in names
    assert any("Falun" in t for t in titles)


def test_handouts_are_for_dalarna_and_its_municipalities(dalarna_env, tmp_path):
    from exports.run import run_export

    _, data_dir = dalarna_env
    settings = load_settings(base_url="http://127.0.0.1:9/v3", data_dir=data_dir)
    files = run_export(settings, "handouts", out=tmp_path)
    assert len(files) == 16
    assert sorted(f.name.split("-")[1] for f in files) == sorted(["0020", *DALARNA])
    county = next(f for f in files if "-0020-" in f.name)
    text = pdf_text(county)
    assert "Hela Dalarna" in text and "Hela Värmland" not in text   # (indicator comments may name Värmland)
    falun = next(f for f in files if "-2080-" in f.name)
    assert "Hela Dalarna" in pdf_text(falun)
