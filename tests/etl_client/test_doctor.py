"""`python -m etl doctor` against the local Kolada and PxWeb servers: passes on the real catalogue; fails with a
readable table naming the series and what to change when a series is missing or renamed; fetches no data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import load_settings
from etl.doctor import run_doctor
from etl.http import HttpPolicy
from etl.sources.pxweb.definitions import load_definitions
from indicators.catalogue import catalogue_dir
from tests.kolada_server import KoladaTestServer, make_dataset
from tests.pxweb_server import PxWebTestServer, fohm_tables_for

pytestmark = pytest.mark.duration(9)

REPO = Path(__file__).resolve().parents[2]
DEFS = load_definitions(catalogue_dir() / "sources" / "fohm.yaml")


@pytest.fixture
def servers(catalogue, monkeypatch) -> Iterator[tuple[KoladaTestServer, PxWebTestServer]]:
    with KoladaTestServer(make_dataset(catalogue, years=range(2019, 2025))) as kolada, \
            PxWebTestServer(v1_tables=fohm_tables_for(DEFS)) as fohm:
        monkeypatch.setenv("FOHM_BASE_URL", fohm.v1_base)
        yield kolada, fohm


def doctor(kolada: KoladaTestServer, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "etl", "--base-url", kolada.base_url, "--data-dir",
                           str(tmp_path / "data"), "doctor"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=180, check=False)


def test_doctor_passes_on_the_catalogue_and_fetches_no_data(servers, catalogue, tmp_path) -> None:
    kolada, fohm = servers
    done = doctor(kolada, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    n = len(catalogue.series_ids)
    assert f"{n} OK, 0 med varning, 0 FEL av {n} serier." in done.stdout
    assert "fohm:halsa_god" in done.stdout and "2021-2024" in done.stdout
    assert not any("/data/" in p for p in kolada.requests)  # metadata only
    assert fohm.posts() == []  # no data query
    assert not (tmp_path / "data" / "raw").exists()  # nothing stored, nothing built


def test_doctor_fails_with_a_readable_table_when_series_are_missing_or_renamed(servers, catalogue,
                                                                               dataset, tmp_path) -> None:
    kolada, fohm = servers
    gone = catalogue.kpi_ids[0]
    kolada.dataset.remove_kpi_metadata(gone)
    halsgod = next(s for s in DEFS.series if s.id == "halsa_god")
    fohm.v1_tables[halsgod.table].title = "Något helt annat efter region, kön och år"  # renamed
    tobak = next(s for s in DEFS.series if s.id == "rokning_daglig")
    del fohm.v1_tables[tobak.table]  # gone
    done = doctor(kolada, tmp_path)
    assert done.returncode == 1
    out = done.stdout
    assert "3 FEL av" in out
    assert f"FEL kolada:{gone}: Kolada har ingen KPI {gone}. Rätta id:t i indicators/indicators.yaml" in out
    assert ("FEL fohm:halsa_god (hos källan: Något helt annat efter region, kön och år): Ändra serien halsa_god i "
            "indicators/sources/fohm.yaml") in out and "does not contain 'häls'" in out
    assert f"FEL fohm:rokning_daglig: Tabellen {tobak.table} finns inte" in out and "rätta `table:`" in out
    for line in out.splitlines():  # one row per series in the table, not wrapped into unreadable columns
        if line.startswith("│ fohm:lag_tillit"):
            assert "OK" in line and "2021-2024" in line and "T K M" in line


def test_doctor_uses_the_default_limits_when_the_config_is_empty_and_says_so(servers, catalogue, tmp_path) -> None:
    kolada, fohm = servers
    fohm.rewrite_body = lambda path, body: b"" if path.endswith("?config") else body
    settings = load_settings(base_url=kolada.base_url, data_dir=tmp_path / "data")
    report = run_doctor(settings, catalogue, HttpPolicy.fast())
    assert report.ok and any("using the default limits" in n for n in report.notes)


def test_a_non_eliminable_breakdown_is_named_by_the_doctor(servers, catalogue, tmp_path) -> None:
    from tests.pxweb_server import FakeVariable

    kolada, fohm = servers
    fys = next(s for s in DEFS.series if s.id == "fysisk_aktivitet").table
    fohm.v1_tables[fys].variables.insert(1, FakeVariable("Utbildning", "utbildning", ["1", "2"],
                                                         ["Förgymnasial", "Eftergymnasial"]))
    settings = load_settings(base_url=kolada.base_url, data_dir=tmp_path / "data")
    report = run_doctor(settings, catalogue, HttpPolicy.fast())
    row = next(r for r in report.rows if r.series == "fysisk_aktivitet")
    assert not report.ok and row.verdict == "fail"
    assert "'Utbildning'" in row.advice and "1 Förgymnasial; 2 Eftergymnasial" in row.advice and fys in row.advice


def test_a_kolada_title_changed_since_the_last_fetch_is_a_warning(servers, catalogue, tmp_path) -> None:
    from etl.build import build_database
    from etl.fetch import fetch_run

    kolada, _ = servers
    settings = load_settings(base_url=kolada.base_url, data_dir=tmp_path / "data")
    for sid in ("kolada", "fohm"):
        fetch_run(settings, catalogue, policy=HttpPolicy.fast(), source_id=sid)
    build_database(settings, catalogue)
    kpi = catalogue.kpi_ids[1]
    kolada.dataset.set_kpi_field(kpi, "title", "Helt ny titel, andel (%)")
    report = run_doctor(settings, catalogue, HttpPolicy.fast())
    row = next(r for r in report.rows if r.series == kpi)
    assert report.ok and row.verdict == "warn"
    assert "Titeln har ändrats sedan senaste hämtningen" in row.advice and "'Helt ny titel, andel (%)'" in row.advice


def test_own_figures_are_checked_from_the_files_in_the_folder(catalogue, tmp_path) -> None:
    import shutil

    from etl.doctor import _local_checkup
    from etl.sources.local.source import read_records
    from etl.sources.local.template import TEMPLATE_CSV

    shutil.copy(TEMPLATE_CSV, tmp_path / TEMPLATE_CSV.name)
    series = read_records(str(TEMPLATE_CSV), TEMPLATE_CSV.read_bytes(), set(catalogue.area_ids))[0].series
    rows, _ = _local_checkup(tmp_path, [series, "finns_inte"], catalogue)
    assert [r.verdict for r in rows] == ["ok", "fail"]
    assert rows[0].genders.startswith("T") and rows[0].latest.isdigit()
    assert "Ingen fil i" in rows[1].advice and "finns_inte" in rows[1].advice
