"""fetch_run against the local Kolada server: the raw run, request counts, failures, incrementals."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from math import ceil
from urllib.parse import parse_qs, urlsplit

import pytest

from core.settings import load_settings
from etl.fetch import FetchError, fetch_run
from etl.http import HttpPolicy, HttpStatusError
from etl.raw_runs import RunError, list_runs, read_manifest, runs_to_replay
from etl.sources.kolada.envelope import iter_run_values
from etl.sources.kolada.peers import GROUP_TITLE, national_years
from etl.sources.kolada.urls import MAX_PER_PAGE, chunk_ids
from indicators.catalogue import split_series_id
from indicators.review import candidate_ids, goal_words
from tests.kolada_server import KoladaTestServer, make_dataset

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def iter_values(run_dir, kind: str):
    """The objects of a stored Kolada run's `kind` files, checked against the manifest."""
    return (obj for _, obj in iter_run_values(read_manifest(run_dir), kind))


REVIEW_KINDS = ("kpi_list", "candidate_data")  # a full run's extra files for the yearly review


def review_candidates(dataset, catalogue) -> list[str]:
    """The KPIs of the server's list that the goals' words find (their values come with a full run)."""
    listed = [*dataset.kpis.values(), *(k for k in dataset.kpi_list if k["id"] not in dataset.kpis)]
    return candidate_ids(listed, [goal_words(g) for g in catalogue.goals], exclude=catalogue.kpi_ids)


def review_requests(dataset, catalogue, page_size: int = MAX_PER_PAGE) -> int:
    """A full run's review calls: the KPI list (one page) and the pages of the candidates' values."""
    return 1 + sum(max(1, ceil(len(dataset.data_objects(k, a)) / page_size))
                   for k in chunk_ids(review_candidates(dataset, catalogue)) for a in chunk_ids(catalogue.area_ids))


def minimum_requests(dataset, catalogue, page_size: int = MAX_PER_PAGE, from_date: date | None = None) -> int:
    """KPI metadata chunks + one area listing + the pages of every kpi-chunk × area-chunk data listing, and for a
    full run the similar-municipality groups and the national values' pages (peer_requests) and the review's
    list and candidates."""
    kpi_chunks, area_chunks = chunk_ids(catalogue.kpi_ids), chunk_ids(catalogue.area_ids)
    pages = sum(max(1, ceil(len(dataset.data_objects(k, a, from_date=from_date)) / page_size))
                for k in kpi_chunks for a in area_chunks)
    extra = peer_requests(dataset, catalogue, page_size) + review_requests(dataset, catalogue, page_size)
    return len(kpi_chunks) + 1 + pages + (extra if from_date is None else 0)


def indicator_kpis(catalogue) -> list[str]:
    return list(dict.fromkeys(own for src, own in (split_series_id(i.series_id) for i in catalogue.indicators)
                              if src == "kolada"))


def peer_requests(dataset, catalogue, page_size: int = MAX_PER_PAGE) -> int:
    """The groups listing's pages + the pages of the national values (every area) of the indicator KPIs."""
    years = [int(y) for y in national_years(date.today())]
    groups = [g for g in dataset.groups if GROUP_TITLE.lower() in g["title"].lower()]
    national = sum(max(1, ceil(len(dataset.data_objects(chunk, None, years)) / page_size))
                   for chunk in chunk_ids(indicator_kpis(catalogue)))
    return max(1, ceil(len(groups) / page_size)) + national


def expected_objects(dataset, catalogue, from_date: date | None = None) -> list[dict]:
    return [obj for k in chunk_ids(catalogue.kpi_ids) for a in chunk_ids(catalogue.area_ids)
            for obj in dataset.data_objects(k, a, from_date=from_date)]


def fetch(settings, catalogue, **kw):
    return fetch_run(settings, catalogue, policy=HttpPolicy.fast(max_attempts=3), **kw)


def test_full_fetch_writes_the_raw_run_format(settings, catalogue, server, dataset) -> None:
    result = fetch(settings, catalogue)
    run_dir = settings.raw_dir("kolada") / result.run_id
    assert result.run_dir == run_dir and re.fullmatch(r"\d{8}T\d{6}Z", result.run_id)
    raw = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert set(raw) >= {"run_id", "mode", "from_date", "base_url", "started_at", "finished_at", "outcome",
                        "message", "requests", "series_ids", "area_ids", "files", "source_id"}
    assert raw["run_id"] == result.run_id and raw["mode"] == "full" and raw["from_date"] is None
    assert raw["base_url"] == server.base_url and raw["outcome"] == "ok" and raw["message"] == ""
    assert ISO_UTC.match(raw["started_at"]) and ISO_UTC.match(raw["finished_at"])
    assert raw["series_ids"] == catalogue.kpi_ids and raw["area_ids"] == catalogue.area_ids
    assert raw["requests"] == result.requests == len(server.requests)
    assert [f["kind"] for f in raw["files"]] == ["kpi", "kpi", "kpi", "municipality", "data", "data", "data",
                                                 "municipality_groups", "national", "national",
                                                 "kpi_list", "candidate_data"]
    assert {f["file"] for f in raw["files"]} | {"manifest.json"} == {p.name for p in run_dir.iterdir()}
    for entry, path in zip(raw["files"], server.requests, strict=True):
        body = (run_dir / entry["file"]).read_bytes()
        assert entry["url"] == server.origin + path  # one file per request, in order
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["status"] == 200
        assert entry["rows"] == len(json.loads(body)["values"]) and ISO_UTC.match(entry["fetched_at"])
        assert set(json.loads(body)) == {"values", "count", "next_url", "previous_url"}  # envelope as received
    assert [o["id"] for o in iter_values(run_dir, "kpi")] == catalogue.kpi_ids
    areas = {o["id"]: o["title"] for o in iter_values(run_dir, "municipality")}
    assert set(catalogue.area_ids) < set(areas) and areas["0017"] == "Region Värmland"
    assert list(iter_values(run_dir, "data")) == expected_objects(dataset, catalogue)
    assert result.rows == len(expected_objects(dataset, catalogue)) and result.missing_series_ids == []


def test_request_count_is_the_minimum_for_the_batching(settings, catalogue, server, dataset) -> None:
    result = fetch(settings, catalogue)
    # 3 KPI chunks, 1 area list, 3 data; the groups listing and 2 national listings; the review's KPI list and one
    # page of its candidates' values
    assert result.requests == minimum_requests(dataset, catalogue) == 12


def test_full_size_refresh_pages_and_stays_minimal(catalogue, tmp_path) -> None:
    big = make_dataset(catalogue, years=range(1998, 2025), seed=2)
    with KoladaTestServer(big) as srv:
        settings = load_settings(base_url=srv.base_url, data_dir=tmp_path)
        result = fetch(settings, catalogue)
        data_pages = [p for p in srv.requests if p.startswith("/v3/data/")]
    assert len(data_pages) > 2  # more rows than one page holds: next_url was followed
    assert any("page=2" in p for p in data_pages)
    assert result.requests == minimum_requests(big, catalogue)
    assert result.rows == len(expected_objects(big, catalogue))


def test_null_values_stay_null_in_the_raw_files(settings, catalogue, server, dataset) -> None:
    nulls = [(k, a, y, g) for k, a, y, g, obs in dataset.iter_values()
             if obs.value is None and k in catalogue.kpi_ids]
    assert nulls, "the dataset should contain masked values"
    result = fetch(settings, catalogue)
    served = {(o["kpi"], o["municipality"], o["period"], v["gender"]): v
              for o in iter_values(result.run_dir, "data") for v in o["values"]}
    for key in nulls:
        assert "value" in served[key] and served[key]["value"] is None
    data_file = next(f for f in result.manifest.files if f.kind == "data")
    assert b'"value": null' in (result.run_dir / data_file.file).read_bytes()


def test_only_catalogue_kpis_and_areas_are_requested(settings, catalogue, server) -> None:
    fetch(settings, catalogue)
    asked_kpis, asked_areas = set(), set()
    review = 1 + len(chunk_ids(review_candidates(server.dataset, catalogue)))  # the list and the candidates
    for path in server.requests[:-review]:
        parts = urlsplit(path).path.split("/")
        if parts[2] == "kpi":
            asked_kpis.update(parts[3].split(","))
        if parts[2] == "data" and parts[5] == "municipality":
            asked_kpis.update(parts[4].split(","))
            asked_areas.update(parts[6].split(","))
            assert all(len(seg.split(",")) <= 25 for seg in (parts[4], parts[6]))
        elif parts[2] == "data":  # national values: the indicator KPIs only, every area
            assert parts[5] == "year" and set(parts[4].split(",")) <= set(indicator_kpis(catalogue))
            assert len(parts[4].split(",")) <= 25
    assert asked_kpis == set(catalogue.kpi_ids) and asked_areas == set(catalogue.area_ids)


def test_retries_are_counted(settings, catalogue, server, dataset) -> None:
    server.fail(429, times=1, retry_after="0", match="/data/")
    server.fail(500, times=1, match="/kpi/")
    result = fetch(settings, catalogue)
    assert result.requests == minimum_requests(dataset, catalogue) + 2 == len(server.requests)
    assert result.manifest.outcome == "ok"
    assert len(result.manifest.files) == minimum_requests(dataset, catalogue)  # failed attempts leave no file


def test_short_pages_during_a_fetch(settings, catalogue, server, dataset) -> None:
    server.short_page = 400
    result = fetch(settings, catalogue)
    assert list(iter_values(result.run_dir, "data")) == expected_objects(dataset, catalogue)
    assert result.requests == minimum_requests(dataset, catalogue, page_size=400)


def test_kpi_missing_from_the_metadata_is_recorded(settings, catalogue, server, dataset) -> None:
    gone = catalogue.kpi_ids[3]
    dataset.remove_kpi_metadata(gone)
    result = fetch(settings, catalogue)
    assert result.missing_series_ids == [gone] and result.manifest.outcome == "ok"
    manifest = read_manifest(result.run_dir)
    assert manifest.missing_series_ids == [gone] and gone in manifest.message
    assert gone not in {o["id"] for o in iter_values(result.run_dir, "kpi")}
    assert gone in {o["kpi"] for o in iter_values(result.run_dir, "data")}  # its values still came


def test_failure_writes_a_failed_manifest_then_raises(settings, catalogue, server) -> None:
    server.fail(500, times=None, match="/data/", body='{"detail": "upstream timeout"}')
    with pytest.raises(HttpStatusError) as info:
        fetch(settings, catalogue)
    assert "/v3/data/kpi/" in str(info.value) and "HTTP 500" in str(info.value)
    (manifest,) = list_runs(settings.raw_dir("kolada"))
    assert manifest.outcome == "failed" and manifest.finished_at is not None
    assert "HTTP 500" in manifest.message and "upstream timeout" in manifest.message
    assert server.base_url + "/data/kpi/" in manifest.message
    assert manifest.requests == 3 + 1 + 3 == len(server.requests)  # metadata, areas, 3 attempts
    assert [f.kind for f in manifest.files] == ["kpi", "kpi", "kpi", "municipality"]
    with pytest.raises(RunError, match="no successful full fetch"):
        runs_to_replay(settings.raw_dir("kolada"))


def test_malformed_json_fails_the_run_naming_the_url(settings, catalogue, server) -> None:
    server.malformed(times=1, match="/municipality")
    with pytest.raises(Exception, match="malformed JSON from .*/v3/municipality"):
        fetch(settings, catalogue)
    (manifest,) = list_runs(settings.raw_dir("kolada"))
    assert manifest.outcome == "failed" and "malformed JSON" in manifest.message


def test_progress_reports_every_page(settings, catalogue, server) -> None:
    calls: list[tuple[int, int, str]] = []
    result = fetch(settings, catalogue, progress=lambda done, total, url: calls.append((done, total, url)))
    planned = [f for f in result.manifest.files if f.kind not in REVIEW_KINDS]  # the review's pages come after
    assert len(calls) == len(planned)
    assert [c[2] for c in calls] == [f.url for f in planned]
    assert calls[-1][:2] == (10, 10) and [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_incremental_sends_from_date_and_records_changes_and_deletions(settings, catalogue, server,
                                                                       dataset) -> None:
    full = fetch(settings, catalogue)
    kpi, area = catalogue.kpi_ids[0], catalogue.municipality_ids[0]
    changed = date(2026, 3, 1)
    old = dataset.get(kpi, area, 2023, "T")
    dataset.set_value(kpi, area, 2023, "T", 12.5, changed=changed)  # revised
    dataset.delete_value(kpi, area, 2022, "T", changed=changed)  # deleted
    dataset.set_value(kpi, area, 2025, "T", 70.0, changed=changed)  # new year
    dataset.set_kpi_field(kpi, "title", "Ny titel")
    server.clear_requests()

    inc = fetch(settings, catalogue, mode="incremental", from_date=changed)
    data_paths = [p for p in server.requests if "/data/" in p]
    assert data_paths and all(parse_qs(urlsplit(p).query)["from_date"] == ["2026-03-01"] for p in data_paths)
    assert not any("from_date" in p for p in server.requests if "/data/" not in p)
    assert inc.manifest.mode == "incremental" and inc.manifest.from_date == "2026-03-01"
    assert inc.requests == minimum_requests(dataset, catalogue, from_date=changed)
    rows = {(o["period"], v["gender"]): v for o in iter_values(inc.run_dir, "data") for v in o["values"]}
    assert rows == {
        (2022, "T"): {"gender": "T", "count": 0, "status": "", "value": None, "isdeleted": True},
        (2023, "T"): {"gender": "T", "count": 1, "status": "", "value": 12.5, "isdeleted": False},
        (2025, "T"): {"gender": "T", "count": 1, "status": "", "value": 70.0, "isdeleted": False},
    }
    assert old is not None and old.value != 12.5
    titles = {o["id"]: o["title"] for o in iter_values(inc.run_dir, "kpi")}
    assert titles[kpi] == "Ny titel"  # metadata is always fetched whole
    assert [m.run_id for m in runs_to_replay(settings.raw_dir("kolada"))] == [full.run_id, inc.run_id]


def test_incremental_defaults_to_the_day_of_the_last_ok_run(settings, catalogue, server, dataset) -> None:
    full = fetch(settings, catalogue)
    today = datetime.now(UTC).date()
    kpi, area = catalogue.kpi_ids[1], catalogue.municipality_ids[1]
    dataset.set_value(kpi, area, 2024, "T", 1.5, changed=today)
    inc = fetch(settings, catalogue, mode="incremental")
    assert inc.manifest.from_date == full.manifest.started_at[:10]
    objects = list(iter_values(inc.run_dir, "data"))
    assert [(o["kpi"], o["municipality"], o["period"]) for o in objects] == [(kpi, area, 2024)]


def test_incremental_needs_a_full_run_first(settings, catalogue, server) -> None:
    with pytest.raises(FetchError, match="no successful full fetch"):
        fetch(settings, catalogue, mode="incremental")
    assert server.requests == [] and list_runs(settings.raw_dir("kolada")) == []


def test_bad_arguments_are_refused(settings, catalogue) -> None:
    with pytest.raises(FetchError, match="from_date is only for incremental"):
        fetch(settings, catalogue, mode="full", from_date=date(2026, 1, 1))
    with pytest.raises(FetchError, match="mode must be"):
        fetch(settings, catalogue, mode="weekly")
