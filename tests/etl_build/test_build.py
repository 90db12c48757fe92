"""Fetch from a local Kolada v3 server, build a real DuckDB file, and check what landed."""

from __future__ import annotations

import hashlib
from datetime import date

import duckdb
import pytest

from etl.build import BuildError, build_database
from etl.fetch import fetch_run
from etl.http import HttpError, HttpPolicy
from etl.raw_runs import list_runs
from etl.sources import SourceDataError

pytestmark = pytest.mark.duration(14)


def rows(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def served_values(dataset, catalogue):
    """Every value the server holds for the catalogue's KPIs × areas, keyed like observation."""
    kpis, areas = set(catalogue.kpi_ids), set(catalogue.area_ids)
    return {(k, a, y, g): o.value for k, a, y, g, o in dataset.iter_values()
            if k in kpis and a in areas and not o.deleted}


def stored_values(db):
    """Stored values keyed like the server's: the series id without its source prefix (checked: 'kolada:')."""
    sql = "SELECT series_id, area_id, year, gender, value FROM observation"
    stored = rows(db, sql)
    assert all(k.startswith("kolada:") for k, *_ in stored)
    return {(k.removeprefix("kolada:"), a, y, g): v for k, a, y, g, v in stored}


def full_refresh(settings, catalogue, fast):
    fetch_run(settings, catalogue, mode="full", policy=fast)
    return build_database(settings, catalogue)


def test_full_refresh_loads_every_served_value_unchanged(settings, catalogue, dataset, fast):
    result = full_refresh(settings, catalogue, fast)
    expected = served_values(dataset, catalogue)
    stored = stored_values(result.db_path)
    assert stored == expected
    nulls = sum(v is None for v in expected.values())
    assert nulls > 0, "the fixture must contain masked values"
    assert rows(result.db_path, "SELECT count(*) FROM observation WHERE value IS NULL")[0][0] == nulls
    assert rows(result.db_path, "SELECT count(*) FROM observation WHERE value = 0")[0][0] == 0
    # Area names come from the source, ids stay strings with the leading zero.
    areas = dict(rows(result.db_path, "SELECT area_id, name FROM area"))
    assert set(areas) == set(catalogue.area_ids) and areas["0000"] == "Riket"
    assert rows(result.db_path, "SELECT value FROM dataset WHERE key = 'is_demo'")[0][0] == "false"
    # Status is computed during build for every indicator.
    assert rows(result.db_path, "SELECT count(DISTINCT indicator_id) FROM status")[0][0] == len(catalogue.indicators)


def test_incremental_refresh_applies_revisions_deletions_and_metadata_changes(settings, catalogue, dataset, fast):
    full_refresh(settings, catalogue, fast)
    kpi = catalogue.indicators[0].kpi
    area = catalogue.municipality_ids[0]
    old = dataset.get(kpi, area, 2023, "T").value
    withdrawn = dataset.get(kpi, area, 2022, "T").value
    changed = date.today()
    dataset.set_value(kpi, area, 2023, "T", 12.3, changed=changed)          # revised
    dataset.set_value(kpi, area, 2025, "T", 45.6, changed=changed)          # a new year
    dataset.delete_value(kpi, area, 2022, "T", changed=changed)             # withdrawn
    dataset.set_kpi_field(kpi, "title", "Ny titel från Kolada")
    dataset.set_kpi_field(kpi, "publication_date", "2027-02-15")
    run = fetch_run(settings, catalogue, mode="incremental", policy=fast)
    assert "from_date=" in run.manifest.files[-1].url
    result = build_database(settings, catalogue)

    changes = rows(result.db_path, "SELECT series_id, area_id, year, gender, change, old_value, new_value "
                                   "FROM observation_change ORDER BY year")
    sid = f"kolada:{kpi}"
    assert changes == [(sid, area, 2022, "T", "deleted", withdrawn, None),
                       (sid, area, 2023, "T", "revised", old, 12.3),
                       (sid, area, 2025, "T", "new", None, 45.6)]
    assert stored_values(result.db_path)[(kpi, area, 2023, "T")] == 12.3
    assert (kpi, area, 2022, "T") not in stored_values(result.db_path)
    fields = dict(rows(result.db_path, "SELECT field, new_value FROM series_change WHERE series_id = ?", [sid]))
    assert fields == {"title": "Ny titel från Kolada", "publication_date": "2027-02-15"}
    assert rows(result.db_path, "SELECT title FROM series WHERE series_id = ?", [sid])[0][0] == "Ny titel från Kolada"
    modes = [m for (m,) in rows(result.db_path, "SELECT mode FROM etl_run ORDER BY run_id")]
    assert modes == ["full", "incremental"]


def test_rebuild_from_an_older_run_gives_the_data_as_it_was(settings, catalogue, dataset, fast):
    full_refresh(settings, catalogue, fast)
    first = list_runs(settings.raw_dir("kolada"))[0].run_id
    kpi, area = catalogue.indicators[1].kpi, catalogue.municipality_ids[1]
    before = dataset.get(kpi, area, 2020, "T").value
    dataset.set_value(kpi, area, 2020, "T", 99.9, changed=date.today())
    fetch_run(settings, catalogue, mode="incremental", policy=fast)
    build_database(settings, catalogue)
    assert stored_values(settings.db_path)[(kpi, area, 2020, "T")] == 99.9
    build_database(settings, catalogue, upto_run_id=first)
    assert stored_values(settings.db_path)[(kpi, area, 2020, "T")] == before


def test_a_kpi_that_vanished_from_the_metadata_is_reported_and_its_values_kept(settings, catalogue, dataset, fast):
    full_refresh(settings, catalogue, fast)
    kpi = catalogue.indicators[2].kpi
    kept = {k: v for k, v in stored_values(settings.db_path).items() if k[0] == kpi}
    dataset.remove_kpi_metadata(kpi)
    fetch_run(settings, catalogue, mode="incremental", policy=fast)
    result = build_database(settings, catalogue)
    missing = dict(rows(result.db_path, "SELECT series_id, reason FROM missing_series"))
    sid = f"kolada:{kpi}"
    assert sid in missing and "metadata från Kolada" in missing[sid]
    assert {k: v for k, v in stored_values(result.db_path).items() if k[0] == kpi} == kept
    assert rows(result.db_path, "SELECT field FROM series_change WHERE series_id = ?", [sid]) == [("(removed)",)]


def test_a_failing_server_leaves_the_previous_database_untouched(settings, catalogue, server, fast):
    full_refresh(settings, catalogue, fast)
    digest = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    server.fail(500, times=None, match="/data/")
    with pytest.raises(HttpError, match="/data/kpi/"):
        fetch_run(settings, catalogue, mode="incremental", policy=HttpPolicy.fast(max_attempts=3))
    assert [m.outcome for m in list_runs(settings.raw_dir("kolada"))] == ["ok", "failed"]
    build_database(settings, catalogue)   # the failed run is not replayed
    assert rows(settings.db_path, "SELECT outcome FROM etl_run ORDER BY run_id") == [("ok",), ("failed",)]
    assert rows(settings.db_path, "SELECT count(*) FROM observation_change")[0][0] == 0
    assert digest  # the previous file was readable and complete before the rebuild


def _tamper(run, replace_from: bytes, replace_to: bytes, fix_manifest: bool):
    """Edit one raw data file of `run`; optionally update the manifest's sha256 so only the content is wrong."""
    from etl.raw_runs import read_manifest, sha256_of, write_manifest

    entry = next(f for f in run.manifest.files if f.kind == "data")
    path = run.run_dir / entry.file
    body = path.read_bytes()
    assert replace_from in body
    path.write_bytes(body.replace(replace_from, replace_to, 1))
    if fix_manifest:
        manifest = read_manifest(run.run_dir)
        for f in manifest.files:
            if f.file == entry.file:
                f.sha256 = sha256_of(path.read_bytes())
        write_manifest(run.run_dir, manifest)
    return entry.file


@pytest.mark.parametrize(("fix_manifest", "message"), [
    (False, "does not match the manifest"),      # the file was changed after the fetch
    (True, "gender 'X' is not one of T, K, M"),  # the source served something we cannot store
])
def test_bad_raw_data_stops_the_build_names_the_file_and_keeps_the_database(settings, catalogue, fast,
                                                                            fix_manifest, message):
    full_refresh(settings, catalogue, fast)
    digest = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    run = fetch_run(settings, catalogue, mode="full", policy=fast)
    name = _tamper(run, b'"gender": "K"', b'"gender": "X"', fix_manifest)
    with pytest.raises(Exception, match=message) as info:
        build_database(settings, catalogue)
    assert name in str(info.value)
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == digest


def test_source_data_with_an_unknown_gender_is_refused_with_the_place(catalogue):
    from etl.sources.kolada.parse import parse_data

    with pytest.raises(SourceDataError, match=r"f\.json: KPI N15428, area 1780, year 2024: gender 'X'"):
        parse_data([{"kpi": "N15428", "municipality": "1780", "period": 2024,
                     "values": [{"gender": "X", "value": 1.0}]}], "r", source="f.json")


def test_build_without_any_fetch_says_what_to_do(tmp_path, catalogue):
    from core.settings import load_settings

    with pytest.raises(BuildError, match="python -m etl fetch"):
        build_database(load_settings(base_url="http://127.0.0.1:9", data_dir=tmp_path), catalogue)
