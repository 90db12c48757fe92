"""Raw fetch runs: run ids, manifests, which runs build replays, checked reading."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from etl.raw_runs import (
    FileEntry,
    Manifest,
    RunError,
    list_runs,
    new_run_dir,
    read_manifest,
    run_sort_key,
    runs_to_replay,
    sha256_of,
    write_manifest,
)
from etl.sources.kolada.envelope import iter_run_values

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def iter_values(run_dir, kind: str):
    """The objects of a stored Kolada run's `kind` files, checked against the manifest."""
    return (obj for _, obj in iter_run_values(read_manifest(run_dir), kind))


def make_run(raw: Path, run_id: str, mode: str = "full", outcome: str = "ok", from_date: str | None = None,
             started_at: str | None = None, bodies: dict[str, bytes] | None = None) -> Manifest:
    run_dir = raw / run_id
    run_dir.mkdir(parents=True)
    files = []
    for name, body in (bodies or {}).items():
        (run_dir / name).write_bytes(body)
        files.append(FileEntry(file=name, kind=name.split("-")[0], url=f"http://x/{name}",
                               fetched_at="2026-03-01T12:00:00Z", sha256=sha256_of(body),
                               rows=len(json.loads(body)["values"]), status=200))
    stamp = started_at or f"{run_id[0:4]}-{run_id[4:6]}-{run_id[6:8]}T{run_id[9:11]}:00:00Z"
    manifest = Manifest(run_id=run_id, source_id="kolada", mode=mode, from_date=from_date, base_url="http://x/v3",
                        started_at=stamp, finished_at=stamp, outcome=outcome, requests=len(files), kpi_ids=["N00001"],
                        area_ids=["1780"], files=files)
    write_manifest(run_dir, manifest)
    return manifest


def test_manifest_written_before_sources_had_ids_still_reads(tmp_path: Path) -> None:
    """A manifest as main wrote it before sources were plug-ins: `kpi_ids`, `missing_kpi_ids`, no `source_id`."""
    run_dir = tmp_path / "raw" / "kolada" / "20260301T120000Z"
    run_dir.mkdir(parents=True)
    (run_dir / "manifest.json").write_text(json.dumps({
        "run_id": "20260301T120000Z", "mode": "full", "from_date": None, "base_url": "http://x/v3",
        "started_at": "2026-03-01T12:00:00Z", "finished_at": "2026-03-01T12:00:05Z", "outcome": "ok",
        "message": "", "requests": 0, "kpi_ids": ["N00001"], "area_ids": ["1780"], "files": [],
        "missing_kpi_ids": ["N00002"]}), encoding="utf-8")
    manifest = read_manifest(run_dir)
    assert (manifest.source_id, manifest.series_ids, manifest.missing_series_ids) == ("kolada", ["N00001"],
                                                                                        ["N00002"])


def test_new_run_dir_adds_a_suffix_within_the_same_second(tmp_path: Path) -> None:
    ids = [new_run_dir(tmp_path / "raw", now=NOW)[0] for _ in range(3)]
    assert ids == ["20260301T120000Z", "20260301T120000Z-2", "20260301T120000Z-3"]
    assert all((tmp_path / "raw" / i).is_dir() for i in ids)


def test_run_ids_are_unique_across_sources_within_the_same_second(tmp_path: Path) -> None:
    """Two sources fetched in the same second must not share a run id (etl_run's key)."""
    kolada = new_run_dir(tmp_path / "raw" / "kolada", now=NOW)[0]
    fohm = new_run_dir(tmp_path / "raw" / "fohm", now=NOW)[0]
    assert (kolada, fohm) == ("20260301T120000Z", "20260301T120000Z-2")


def test_runs_sort_by_time_then_numeric_suffix(tmp_path: Path) -> None:
    for run_id in ["20260301T120000Z-10", "20260301T120000Z-2", "20260301T120000Z", "20260228T235959Z"]:
        make_run(tmp_path, run_id)
    (tmp_path / "20260302T000000Z").mkdir()  # killed before writing a manifest: skipped
    assert [m.run_id for m in list_runs(tmp_path)] == [
        "20260228T235959Z", "20260301T120000Z", "20260301T120000Z-2", "20260301T120000Z-10"]
    assert list_runs(tmp_path / "absent") == []
    with pytest.raises(RunError, match="not a run id"):
        run_sort_key("latest")


def test_manifest_round_trip(tmp_path: Path) -> None:
    body = b'{"values": [{"id": "N00001"}], "count": 1, "next_url": null, "previous_url": null}'
    written = make_run(tmp_path, "20260301T120000Z", bodies={"kpi-001.json": body})
    read = read_manifest(tmp_path / "20260301T120000Z")
    assert read == written and read.dir == tmp_path / "20260301T120000Z"
    assert read_manifest(tmp_path / "20260301T120000Z" / "manifest.json") == written


def test_read_manifest_errors_name_the_file(tmp_path: Path) -> None:
    run_dir = tmp_path / "20260301T120000Z"
    run_dir.mkdir()
    file = run_dir / "manifest.json"
    with pytest.raises(RunError, match=f"{file}: manifest not found"):
        read_manifest(run_dir)
    file.write_text("{not json", encoding="utf-8")
    with pytest.raises(RunError, match=f"{file}: not valid JSON"):
        read_manifest(run_dir)
    file.write_text(json.dumps({"run_id": "20260301T120000Z", "mode": "weekly"}), encoding="utf-8")
    with pytest.raises(RunError) as info:
        read_manifest(run_dir)
    assert str(file) in str(info.value) and "mode" in str(info.value) and "outcome: Field required" in str(
        info.value)
    make_run(tmp_path, "20260301T130000Z")
    text = (tmp_path / "20260301T130000Z" / "manifest.json").read_text(encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    with pytest.raises(RunError, match="does not match its directory '20260301T120000Z'"):
        read_manifest(run_dir)


def test_runs_to_replay_takes_the_last_ok_full_and_later_ok_incrementals(tmp_path: Path) -> None:
    make_run(tmp_path, "20260101T100000Z")
    make_run(tmp_path, "20260102T100000Z", "incremental", from_date="2026-01-01")
    make_run(tmp_path, "20260201T100000Z")  # the last full run
    make_run(tmp_path, "20260202T100000Z", "incremental", from_date="2026-02-01")
    make_run(tmp_path, "20260203T100000Z", "incremental", outcome="failed", from_date="2026-02-02")
    make_run(tmp_path, "20260204T100000Z", "incremental", from_date="2026-02-02")
    make_run(tmp_path, "20260301T100000Z", "full", outcome="failed")
    assert [m.run_id for m in runs_to_replay(tmp_path)] == [
        "20260201T100000Z", "20260202T100000Z", "20260204T100000Z"]
    assert [m.run_id for m in runs_to_replay(tmp_path, upto_run_id="20260202T100000Z")] == [
        "20260201T100000Z", "20260202T100000Z"]
    assert [m.run_id for m in runs_to_replay(tmp_path, upto_run_id="20260131T000000Z")] == [
        "20260101T100000Z", "20260102T100000Z"]
    with pytest.raises(RunError, match="no successful full fetch up to run 20251231T000000Z"):
        runs_to_replay(tmp_path, upto_run_id="20251231T000000Z")


def test_runs_to_replay_refuses_a_gap_between_runs(tmp_path: Path) -> None:
    make_run(tmp_path, "20260201T100000Z")
    make_run(tmp_path, "20260210T100000Z", "incremental", from_date="2026-02-05")
    with pytest.raises(RunError, match="changes from 2026-02-05.*20260201T100000Z.*missing") as info:
        runs_to_replay(tmp_path)
    assert "20260210T100000Z/manifest.json" in str(info.value)


def test_iter_values_in_manifest_order_and_checked(tmp_path: Path) -> None:
    bodies = {
        "data-001.json": b'{"values": [{"kpi": "N00001", "period": 2024, "values": []}], "next_url": "x"}',
        "kpi-001.json": b'{"values": [{"id": "N00001"}], "next_url": null}',
        "data-002.json": b'{"values": [{"kpi": "N00001", "period": 2023, "values": []}], "next_url": null}',
    }
    make_run(tmp_path, "20260301T120000Z", bodies=bodies)
    run_dir = tmp_path / "20260301T120000Z"
    assert [o["period"] for o in iter_values(run_dir, "data")] == [2024, 2023]
    assert list(iter_values(run_dir, "municipality")) == []
    (run_dir / "data-002.json").write_bytes(bodies["data-002.json"].replace(b"2023", b"2022"))
    with pytest.raises(RunError, match=r"data-002\.json: sha256 .* does not match the manifest"):
        list(iter_values(run_dir, "data"))
    (run_dir / "data-002.json").unlink()
    with pytest.raises(RunError, match=r"data-002\.json: listed in .*manifest\.json but missing"):
        list(iter_values(run_dir, "data"))


def test_iter_values_rejects_a_body_that_is_not_an_envelope(tmp_path: Path) -> None:
    run_dir = tmp_path / "20260301T120000Z"
    make_run(tmp_path, "20260301T120000Z")
    body = b'[{"id": "N00001"}]'
    (run_dir / "kpi-001.json").write_bytes(body)
    manifest = read_manifest(run_dir)
    manifest.files = [FileEntry(file="kpi-001.json", kind="kpi", url="http://x", fetched_at="t",
                                sha256=sha256_of(body), rows=1, status=200)]
    write_manifest(run_dir, manifest)
    with pytest.raises(RunError, match=r"kpi-001\.json: expected a Kolada envelope"):
        list(iter_values(run_dir, "kpi"))
