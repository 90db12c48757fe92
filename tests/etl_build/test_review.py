"""The yearly review (issue 21 item 5): `python -m etl review --out FILE.xlsx` after a refresh from the local
Kolada server (whose `/kpi` list is a stand-in in the real v3 shape), read back with openpyxl, and the dashboard
page "Översyn av indikatorerna" showing the same rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from indicators.catalogue import load_catalogue
from tests.apptest import run_app

REPO = Path(__file__).resolve().parents[2]
INDICATOR_COLUMNS = (
    "Indikator", "Mål", "Livsskede", "Roll", "Källa", "Senaste år", "Publiceringsfördröjning (år)",
    "Kommun × år med värde", "Täckning (%)", "Maskade eller saknade (%)", "Kommuner med bedömning (%)",
    "Varför inte bedömda", "Minsta upptäckbara förändring/år, under 10 000 inv.",
    "Minsta upptäckbara förändring/år, över 25 000 inv.", "Meningsfull förändring/år", "Överlapp", "Målstatus",
    "Styrdokument")


def etl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300, check=False)


def sheet_rows(book: openpyxl.Workbook, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory, fohm_server) -> tuple[Path, Path]:
    """A data directory refreshed from the local Kolada server, and its review workbook."""
    from tests.kolada_server import KoladaTestServer, make_dataset

    data = tmp_path_factory.mktemp("review")
    with KoladaTestServer(make_dataset(load_catalogue(), years=range(2016, 2025), seed=7)) as srv:
        env = {"KOLADA_BASE_URL": srv.base_url, "NP_DATA_DIR": str(data)}
        done = etl("refresh", env=env)
        assert done.returncode == 0, done.stderr
    out = data / "oversyn.xlsx"
    review = etl("review", "--out", str(out), env={"NP_DATA_DIR": str(data), "KOLADA_BASE_URL": "http://127.0.0.1:9"})
    assert review.returncode == 0, review.stderr
    assert f"Skrev {out}" in " ".join(review.stdout.split())
    return data, out


def test_one_row_per_catalogue_indicator_with_the_review_columns(refreshed) -> None:
    _, out = refreshed
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Indikatorer", "Celler utan bedömning", "Kandidatmått", "Styrdokument",
                               "Om underlaget"]
    rows = sheet_rows(book, "Indikatorer")
    catalogue = load_catalogue()
    assert [r["Id"] for r in rows] == [i.id for i in catalogue.indicators]
    assert set(INDICATOR_COLUMNS) <= set(rows[0])
    mpr = next(r for r in rows if r["Id"] == "mpr_vaccination")
    assert mpr["Källa"] == "Kolada" and mpr["Senaste år"] == 2024 and mpr["Roll"] == "Bedöms"
    assert 0 < mpr["Täckning (%)"] <= 100 and isinstance(mpr["Kommun × år med värde"], int)
    assert mpr["Målstatus"].startswith("Förslag till mål: 95\u00a0% senast 2030 (förslag")
    watch = next(r for r in rows if r["Roll"].startswith("Bevakas"))
    assert watch["Kommuner med bedömning (%)"] == 0 and "Bevakas – ingen färg" in watch["Varför inte bedömda"]
    assert "Värmlandsstrategin" in " ".join(r["Styrdokument"] for r in rows)
    cells = sheet_rows(book, "Celler utan bedömning")
    assert {"Livsskede": "Barnalivet", "Mål": "Upptäcka och motverka våld i nära relationer"}.items() <= next(
        c for c in cells if c["Mål"] == "Upptäcka och motverka våld i nära relationer"
        and c["Livsskede"] == "Barnalivet").items()
    about = [r[0] for r in book["Om underlaget"].iter_rows(values_only=True)]
    assert "Källa: Kolada" in about


def test_candidate_kpis_per_goal_from_the_stored_list(refreshed) -> None:
    _, out = refreshed
    cands = sheet_rows(openpyxl.load_workbook(out), "Kandidatmått")
    by_id = {(c["Mål"], c["Mått"]): c for c in cands}
    violence = by_id[("Upptäcka och motverka våld i nära relationer", "N07403")]
    assert violence["Titel"] == "Anmälda våldsbrott, antal/100 000 inv" and violence["Upptäcktskänsligt"] == "ja"
    assert violence["Kommuner i länet"] == 16 and 0 < violence["Kommuner med värde"] <= 16
    assert violence["Senaste år i länets kommuner"] == 2024
    weight = next(c for c in cands if c["Mått"] == "U01760")
    assert weight["Upptäcktskänsligt"] == "nej" and weight["Mål"].startswith("Minska")
    county_only = next(c for c in cands if c["Mått"] == "N70341")  # type L: no municipality values
    assert county_only["Finns för"] == "regioner och riket" and county_only["Kommuner med värde"] is None
    ids = {c["Mått"] for c in cands}
    assert "U01560" not in ids  # an 'Osäkerhetstal' helper is never a candidate
    assert not ids & set(load_catalogue().kpi_ids)  # nor a measure the catalogue already has


def test_the_page_shows_the_same_tables(refreshed, monkeypatch) -> None:
    import streamlit as st

    from dashboard import data as dashboard_data

    data, out = refreshed
    monkeypatch.setenv("NP_DATA_DIR", str(data))
    dashboard_data.clear_caches()
    st.cache_data.clear()
    at = run_app("app_pages/oversyn.py")
    book = openpyxl.load_workbook(out)
    shown = list(at.dataframe)
    assert len(shown) == 4
    assert shown[0].value["Id"].to_list() == [r["Id"] for r in sheet_rows(book, "Indikatorer")]
    assert shown[2].value["Mått"].to_list() == [r["Mått"] for r in sheet_rows(book, "Kandidatmått")]
    subheaders = [s.value for s in at.subheader]
    assert f"Indikatorerna ({len(load_catalogue().indicators)})" in subheaders
    assert any(s.startswith("Kandidatmått per mål (") for s in subheaders)
    dashboard_data.clear_caches()
