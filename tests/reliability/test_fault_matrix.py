"""The fault matrix (docs/tillforlitlighet.md): misbehaving servers, bad data, killed processes, full disks.

Every case ends in a clear message naming what and where, a non-zero exit, the previous database byte-identical,
and the next good refresh succeeding without manual steps.
"""

from __future__ import annotations

import json
import math
import signal
import threading
import time
from pathlib import Path

import duckdb
import pytest

from core.attempts import read_attempts
from core.settings import Settings
from etl import raw_runs
from etl.lock import LOCK_NAME, read_lock
from tests.kolada_server import KoladaDataset, KoladaTestServer
from tests.reliability.conftest import etl_process, sha, tiny_disk

pytestmark = pytest.mark.duration(40)

KPI, AREA = "N15428", "1780"  # any catalogue KPI and municipality present in the dataset


def _first_kpi(dataset: KoladaDataset) -> str:
    return next(k for k, a, _y, _g, _o in dataset.iter_values() if a == AREA)


def _poison(server: KoladaTestServer, change) -> None:
    """Rewrite the first data object of every /data/ answer with `change(obj)`."""

    def rewrite(path: str, payload: dict) -> dict:
        if "/data/" in path and payload.get("values"):
            change(payload["values"][0])
        return payload

    server.rewrite = rewrite


def _assert_recovers(cli, settings: Settings, server: KoladaTestServer, db_digest: str) -> None:
    """The database is unchanged; once the source is fixed the next refresh succeeds with no manual step."""
    assert sha(settings.db_path) == db_digest
    server.rewrite = None
    server.clear_faults()
    again = cli(settings, "refresh")
    assert again.code == 0, again.text
    assert cli(settings, "build").code == 0


def _run_outcomes(settings: Settings) -> list[tuple[str, str]]:
    return [(m.outcome, m.message) for m in raw_runs.list_runs(settings.raw_dir("kolada"))]


POISONS = {
    "value '1,5'": (lambda o: o["values"][0].__setitem__("value", "1,5"), "field 'value' is '1,5'"),
    "period '2015'": (lambda o: o.__setitem__("period", "2015"), "field 'period' is '2015'"),
    "gender 'X'": (lambda o: o["values"][0].__setitem__("gender", "X"), "gender 'X' is not one of T, K, M"),
    "NaN": (lambda o: o["values"][0].__setitem__("value", math.nan), "expected a finite number"),
    "Infinity": (lambda o: o["values"][0].__setitem__("value", math.inf), "expected a finite number"),
    "year 3020": (lambda o: o.__setitem__("period", 3020), "implausible year"),
}


@pytest.mark.parametrize("case", list(POISONS))
def test_a_bad_response_is_stored_failed_and_never_poisons_later_builds(case, cli, server, good_settings):
    change, expected = POISONS[case]
    digest = sha(good_settings.db_path)
    _poison(server, change)
    for _ in range(2):  # retrying does not make it worse, and build still works
        failed = cli(good_settings, "refresh", "--full")
        assert failed.code == 1
        assert expected in failed.err and "stored as failed" in failed.err
        assert "data-00" in failed.err  # the file it came from
    outcomes = _run_outcomes(good_settings)
    assert [o for o, _ in outcomes] == ["ok", "failed", "failed"]
    assert expected in outcomes[-1][1]
    assert cli(good_settings, "build").code == 0  # the failed runs are not replayed
    _assert_recovers(cli, good_settings, server, sha(good_settings.db_path))
    assert digest  # the first database was good too


def test_duplicate_keys_in_one_run_are_an_error_naming_them(cli, server, good_settings):
    digest = sha(good_settings.db_path)

    def rewrite(path: str, payload: dict) -> dict:
        if "/data/" in path and payload.get("values"):
            payload["values"].append(json.loads(json.dumps(payload["values"][0])))
        return payload

    server.rewrite = rewrite
    failed = cli(good_settings, "refresh", "--full")
    assert failed.code == 1
    assert "the same key occurs more than once" in failed.err and "(2 times)" in failed.err
    _assert_recovers(cli, good_settings, server, digest)


def test_an_empty_full_fetch_is_refused_and_the_data_date_stays(cli, server, good_settings):
    digest = sha(good_settings.db_path)
    server.rewrite = lambda path, payload: {**payload, "values": []} if "/data/" in path else payload
    failed = cli(good_settings, "refresh", "--full")
    assert failed.code == 1
    assert "a full fetch returned no values" in failed.err
    _assert_recovers(cli, good_settings, server, digest)


def test_a_deleted_manifest_is_an_error_naming_the_directory_not_a_rollback(cli, server, good_settings):
    assert cli(good_settings, "refresh").code == 0  # a second, incremental run
    digest = sha(good_settings.db_path)
    last = raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1]
    (last.dir / "manifest.json").unlink()
    failed = cli(good_settings, "build")
    assert failed.code == 1
    assert str(last.dir) in failed.err and "no manifest.json" in failed.err
    assert sha(good_settings.db_path) == digest


def test_runs_lists_excludes_and_includes_without_editing_json(cli, server, good_settings, dataset):
    dataset.set_value(KPI, AREA, 2024, "T", 99.9, changed=dataset.get(KPI, AREA, 2024, "T").changed.replace(
        year=2027))
    assert cli(good_settings, "refresh").code == 0
    run_id = raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1].run_id

    def value() -> float:
        con = duckdb.connect(str(good_settings.db_path), read_only=True)
        try:
            return con.execute("SELECT value FROM observation WHERE series_id=? AND area_id=? AND year=2024 AND "
                               "gender='T'", [f"kolada:{KPI}", AREA]).fetchone()[0]
        finally:
            con.close()

    assert value() == 99.9
    listed = cli(good_settings, "runs")
    assert listed.code == 0 and run_id in listed.out and "incremental" in listed.out
    with pytest.raises(SystemExit) as missing:  # a reason is required: a bad argument, exit 2
        cli(good_settings, "runs", "exclude", run_id)
    assert missing.value.code == 2
    out = cli(good_settings, "runs", "exclude", run_id, "--reason", "Kolada [/x] rättade värdet")
    assert out.code == 0 and "Kolada [/x] rättade värdet" in out.out
    manifest = raw_runs.read_manifest(good_settings.raw_dir("kolada") / run_id)
    assert manifest.excluded_reason == "Kolada [/x] rättade värdet"
    assert cli(good_settings, "build").code == 0
    assert value() != 99.9
    assert "undantagen" in cli(good_settings, "runs").out
    assert cli(good_settings, "runs", "include", run_id).code == 0
    assert cli(good_settings, "build").code == 0
    assert value() == 99.9
    assert cli(good_settings, "runs", "exclude", "20990101T000000Z", "--reason", "x").code == 1


def test_a_fetch_killed_midway_is_a_failed_run_and_the_next_refresh_succeeds(cli, server, good_settings):
    digest = sha(good_settings.db_path)
    server.hang(60, times=1, match="/data/")
    proc = etl_process(good_settings, "refresh")
    try:
        deadline = time.monotonic() + 60
        while len(list(good_settings.raw_dir("kolada").iterdir())) < 2 or not any(
                "/data/" in r for r in server.requests):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed = raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1]
    assert killed.outcome == "failed" and "did not finish" in killed.message
    assert sha(good_settings.db_path) == digest
    assert (good_settings.data_dir / LOCK_NAME).exists()  # the killed process's lock is left behind
    server.clear_faults()
    again = cli(good_settings, "refresh")
    assert again.code == 0, again.text
    assert "Tar över ett gammalt lås" in again.err  # detected as stale, taken over, said so
    assert read_lock(good_settings.data_dir / LOCK_NAME) == {}  # flock'ed file kept, emptied on a clean exit


def test_a_build_killed_midway_keeps_the_database_and_the_next_build_succeeds(cli, good_settings):
    digest = sha(good_settings.db_path)
    proc = etl_process(good_settings, "build", env={"NP_BUILD_HOLD_SECONDS": "60"})
    try:
        deadline = time.monotonic() + 120
        while not list(good_settings.data_dir.glob(".nyaperspektiv.duckdb.building-*")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert sha(good_settings.db_path) == digest
    again = cli(good_settings, "build")
    assert again.code == 0, again.text


def test_overlapping_refreshes_one_waits_its_turn(cli, server, good_settings):
    digest = sha(good_settings.db_path)
    release = threading.Event()  # the first refresh's request is held open until the second has been turned away
    server.hang(30, times=1, match="/kpi/", release=release)
    proc = etl_process(good_settings, "refresh")
    try:
        deadline = time.monotonic() + 60
        while read_lock(good_settings.data_dir / LOCK_NAME).get("pid") != proc.pid:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        holder = read_lock(good_settings.data_dir / LOCK_NAME)
        busy = cli(good_settings, "refresh")
        assert proc.poll() is None  # the first refresh was still running the whole time
        release.set()
        assert busy.code == 4
        assert f"pid {proc.pid}" in busy.err and holder["started_at"] in busy.err
        assert sha(good_settings.db_path) == digest
        assert proc.wait(timeout=120) == 0
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    assert cli(good_settings, "refresh").code == 0


def test_a_500_error_body_is_decoded_by_its_charset_shortened_and_recorded(cli, server, good_settings):
    digest = sha(good_settings.db_path)
    body = "Logga in här: [Logga in](http://evil.example/login) ![t](http://evil.example/t.png) " + "x" * 3000
    server.fail(500, times=None, match="/data/", body=body)
    failed = cli(good_settings, "refresh", "--full")
    assert failed.code == 1 and "HTTP 500" in failed.err
    message = raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1].message
    assert "Logga in här" in message and "hÃ¤r" not in message
    assert len(message) < 1000
    attempts = read_attempts(good_settings.data_dir)
    assert [a["outcome"] for a in attempts] == ["failed"] and attempts[0]["action"] == "fetch"
    status = cli(good_settings, "status")
    assert status.code == 3 and "misslyckades" in status.err
    _assert_recovers(cli, good_settings, server, digest)
    assert cli(good_settings, "status").code == 0


def test_credentials_in_the_base_url_are_never_printed_or_stored(cli, server, good_dir):
    from core.settings import load_settings

    secret_url = server.base_url.replace("http://", "http://analytiker:hemligt-losen@")
    settings = load_settings(base_url=secret_url, data_dir=good_dir)
    server.fail(500, times=None, match="/data/")
    failed = cli(settings, "refresh", "--full")
    server.clear_faults()
    done = cli(settings, "refresh", "--full")
    assert done.code == 0, done.text
    printed = failed.text + done.text + cli(settings, "status").text + cli(settings, "runs").text
    stored = "".join(p.read_text(errors="replace") for p in good_dir.rglob("*.json*"))
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        in_db = str(con.execute("SELECT * FROM dataset").fetchall()) + str(
            con.execute("SELECT source, message FROM etl_run").fetchall())
    finally:
        con.close()
    assert server.requests  # the credentials were used (basic auth), only never shown
    for secret in ("hemligt-losen", "analytiker"):
        assert secret not in printed and secret not in stored and secret not in in_db
    assert "***@" in printed and "***@" in stored  # the database is not rewritten: the data did not change


def test_a_full_disk_during_fetch_names_the_path_and_leaves_no_empty_file(cli, server, good_settings,
                                                                         monkeypatch):
    digest = sha(good_settings.db_path)
    spare = good_settings.raw_dir("kolada").parent / "kolada-before"
    good_settings.raw_dir("kolada").rename(spare)
    try:
        with tiny_disk(good_settings.raw_dir("kolada"), 200) as real:
            if not real:  # no mount permission: the disk fills at the first data page instead
                import etl.raw_runs as rr

                real_fsync = rr.os.fsync
                monkeypatch.setattr(rr.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left "
                                    "on device")) if rr.os.fstat(fd).st_size > 100_000 else real_fsync(fd))
            failed = cli(good_settings, "fetch")
            assert failed.code == 1
            assert "No space left on device" in failed.err and str(good_settings.raw_dir("kolada")) in failed.err
            run_dir = next(good_settings.raw_dir("kolada").iterdir())
            assert not [p for p in run_dir.iterdir() if p.stat().st_size == 0]
            assert not list(run_dir.glob(".*.tmp"))
            assert raw_runs.read_manifest(run_dir).outcome == "failed"
    finally:
        import shutil

        shutil.rmtree(good_settings.raw_dir("kolada"), ignore_errors=True)
        spare.rename(good_settings.raw_dir("kolada"))
    monkeypatch.undo()
    _assert_recovers(cli, good_settings, server, digest)


def test_a_full_disk_during_snapshot_leaves_no_partial_file(cli, good_settings, monkeypatch):
    snapshots = good_settings.snapshots_dir
    with tiny_disk(snapshots, 1024) as real:
        if not real:
            import etl.meeting_snapshot as ms

            monkeypatch.setattr(ms.shutil, "copyfile",
                                lambda a, b: (Path(b).write_bytes(b"x" * 10), (_ for _ in ()).throw(
                                    OSError(28, "No space left on device")))[1])
        failed = cli(good_settings, "snapshot", "--name", "Styrgruppen 2026-12-04")
        assert failed.code == 1
        assert "No space left on device" in failed.err and "styrgruppen-2026-12-04.duckdb" in failed.err
        assert list(snapshots.iterdir()) == []
    monkeypatch.undo()
    assert cli(good_settings, "snapshot", "--name", "Styrgruppen 2026-12-04").code == 0


def test_rich_markup_in_a_snapshot_name_is_printed_as_text(cli, good_settings):
    done = cli(good_settings, "snapshot", "--name", "Möte B [/x] [bold]")
    assert done.code == 0, done.text
    assert "Möte B [/x] [bold]" in done.out


def test_a_snapshot_index_that_is_not_a_list_of_objects_is_a_clear_error(cli, good_settings):
    good_settings.snapshots_dir.mkdir()
    (good_settings.snapshots_dir / "index.json").write_text("[1, 2]")
    failed = cli(good_settings, "snapshot", "--name", "Möte")
    assert failed.code == 1
    assert "index.json: entry 0: expected an object" in failed.err


def corrupt_middle(good: bytes) -> bytes:
    """Overwrite a few bytes of every 4 KiB page in the middle third of the file: it opens (header and catalogue
    are intact), the table blocks there fail their checksum. (Damage only in blocks nothing refers to would be
    harmless, so the whole third is hit, wherever the build happened to place the tables.)"""
    damaged = bytearray(good)
    for offset in range(len(good) // 3, 2 * len(good) // 3, 4096):
        damaged[offset:offset + 64] = b"\xff" * 64
    return bytes(damaged)


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated", "partly corrupt"])
def test_ensure_replaces_a_broken_database_from_the_raw_runs(cli, good_settings, damage):
    db = good_settings.db_path
    good = db.read_bytes()
    db.write_bytes({"empty": b"", "garbage": b"not a database" * 1000, "truncated": good[: len(good) // 3],
                    "partly corrupt": corrupt_middle(good)}[damage])
    done = cli(good_settings, "ensure")
    assert done.code == 0, done.text
    assert "Databasen kan inte användas" in done.out and str(db) in done.out
    assert "Bygger om databasen från de sparade hämtningarna" in done.out
    assert cli(good_settings, "ensure").out.startswith("Databasen finns och klarar kontrollerna")


def test_a_trickling_server_is_cut_off_by_the_request_deadline(good_settings, catalogue):
    from etl.fetch import fetch_run
    from etl.http import DeadlineError, HttpPolicy, HttpSession
    from tests.reliability.faulty import trickle_server

    with trickle_server(byte_every=0.5) as url:
        from core.settings import load_settings

        settings = load_settings(base_url=url, data_dir=good_settings.data_dir)
        policy = HttpPolicy(max_requests_per_second=0, max_attempts=1, timeout=5, request_deadline=2)
        with pytest.raises(DeadlineError, match="did not finish within 2 s"):
            fetch_run(settings, catalogue, session=HttpSession(policy))
    assert raw_runs.list_runs(settings.raw_dir("kolada"))[-1].outcome == "failed"


def test_redirects_and_next_url_to_another_host_are_refused(good_settings, catalogue, server):
    from core.settings import load_settings
    from etl.fetch import fetch_run
    from etl.http import HttpError, HttpPolicy, HttpSession
    from tests.reliability.faulty import redirect_server

    with redirect_server("http://evil.example/v3/kpi") as url:
        settings = load_settings(base_url=url, data_dir=good_settings.data_dir)
        with pytest.raises(HttpError, match="redirects to http://evil.example/v3/kpi, another host"):
            fetch_run(settings, catalogue, session=HttpSession(HttpPolicy.fast()))

    def rewrite(path: str, payload: dict) -> dict:
        return {**payload, "next_url": "http://evil.example/v3/data?page=2"} if "/data/" in path else payload

    server.rewrite = rewrite
    with pytest.raises(HttpError, match="next_url http://evil.example/v3/data\\?page=2, on another host"):
        fetch_run(good_settings, catalogue, session=HttpSession(HttpPolicy.fast()))
    assert all(not r.startswith("http") for r in server.requests)
    assert raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1].outcome == "failed"


def test_a_run_deadline_stops_a_fetch_that_would_hang(good_settings, catalogue, server, monkeypatch):
    from etl.fetch import fetch_run
    from etl.http import HttpError, HttpPolicy, HttpSession

    monkeypatch.setenv("NP_FETCH_DEADLINE_SECONDS", "2")
    server.hang(30, times=None, match="/data/")
    with pytest.raises(HttpError, match="deadline of 2 s"):
        fetch_run(good_settings, catalogue, session=HttpSession(HttpPolicy.fast(timeout=10)))
    assert raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1].outcome == "failed"


def test_data_older_than_its_next_planned_publication_is_reported(cli, good_settings):
    from datetime import date

    from views import db
    from views.refresh_status import overdue_publications

    assert overdue_publications(good_settings.db_path, today=date(2020, 1, 1)) == []
    late = overdue_publications(good_settings.db_path, today=date(2099, 1, 1))
    assert late and all(r["publication_date"] < date(2099, 1, 1) for r in late)
    db.clear_caches()  # this process's read-only handle, before writing the file
    con = duckdb.connect(str(good_settings.db_path))
    try:
        con.execute("UPDATE series SET publication_date = DATE '2001-01-01', fetched_at = TIMESTAMP '2000-06-01'")
    finally:
        con.close()
    status = cli(good_settings, "status")
    assert status.code == 3 and "publicerats på nytt" in status.err


def test_the_dashboard_listens_on_localhost_unless_host_is_set():
    import tomllib

    from tests.reliability.conftest import REPO

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    start = (REPO / "scripts" / "start.sh").read_text(encoding="utf-8")
    assert 'HOST="${HOST:-127.0.0.1}"' in start and '--server.address "$HOST"' in start


def test_a_full_disk_during_build_keeps_the_database_and_leaves_no_temp_file(cli, good_settings, good_template):
    import shutil

    digest = sha(good_settings.db_path)
    used_kb = sum(p.stat().st_size for p in good_template.rglob("*") if p.is_file()) // 1024
    with tiny_disk(good_settings.data_dir, used_kb + 3000) as real:
        if not real:
            pytest.skip("mounting a tmpfs is not allowed here")
        shutil.copytree(good_template, good_settings.data_dir, dirs_exist_ok=True)
        assert sha(good_settings.db_path) == digest
        failed = cli(good_settings, "build")
        assert failed.code == 1
        assert "No space left on device" in failed.err and str(good_settings.data_dir) in failed.err, failed.err
        assert sha(good_settings.db_path) == digest
        assert not list(good_settings.data_dir.glob(".nyaperspektiv.duckdb.building-*"))
        assert read_attempts(good_settings.data_dir)[-1]["outcome"] == "failed"
    assert cli(good_settings, "build").code == 0  # back on a disk with room


def test_a_page_larger_than_the_page_size_asked_for_is_refused_naming_the_url(good_settings, catalogue, server):
    from etl.fetch import fetch_run
    from etl.http import HttpPolicy, HttpSession
    from etl.sources.kolada.envelope import KoladaResponseError
    from etl.sources.kolada.paging import iter_pages

    server.rewrite = lambda path, payload: {**payload, "values": payload["values"] * 2}
    url = f"{server.base_url}/municipality?per_page=2"
    with HttpSession(HttpPolicy.fast()) as session, \
            pytest.raises(KoladaResponseError, match=r"/municipality\?per_page=2: 4 rows on one page, more than the 2"):
        list(iter_pages(session, url))
    digest = sha(good_settings.db_path)

    def oversized(path: str, payload: dict) -> dict:
        values = payload["values"]
        if "/data/" in path and values:
            return {**payload, "values": values + [values[0]] * (5001 - len(values))}
        return payload

    server.rewrite = oversized
    with pytest.raises(KoladaResponseError, match="rows on one page, more than the 5000 asked for"):
        fetch_run(good_settings, catalogue, session=HttpSession(HttpPolicy.fast()))
    assert raw_runs.list_runs(good_settings.raw_dir("kolada"))[-1].outcome == "failed"
    assert sha(good_settings.db_path) == digest
