"""Issue 13: a refresh that brings nothing new costs (almost) nothing for Folkhälsodata too. An incremental run asks
each table folder's listing first and skips tables whose `updated` stamp is from before the last run's day; a table
that changed is fetched, a server without listings is fetched whole, and skipped series stay served."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.http import HttpPolicy, HttpSession
from etl.raw_runs import list_runs
from etl.sources import FetchRequest
from etl.sources.pxweb.definitions import load_definitions
from etl.sources.pxweb.listing import folder_of, unchanged_since, updated_stamps
from indicators.catalogue import catalogue_dir
from tests.pxweb.runs import DirRun
from tests.pxweb.test_source import AREAS, fohm
from tests.pxweb_server import PxWebTestServer, fohm_tables_for

REPO = Path(__file__).resolve().parents[2]
SINCE = date(2026, 11, 20)  # the fake tables say "updated 2026-06-15"


# --- the rule --------------------------------------------------------------------------------------------------
def test_a_table_is_unchanged_only_when_its_stamp_is_from_an_earlier_day() -> None:
    stamps = updated_stamps(b'[{"id": "a.px", "type": "t", "text": "A", "updated": "2026-11-19T23:59:00"},'
                            b' {"id": "b.px", "type": "t", "text": "B", "updated": "2026-11-20T00:01:00"},'
                            b' {"id": "c.px", "type": "t", "text": "C"},'
                            b' {"id": "d.px", "type": "t", "text": "D", "updated": "yesterday"},'
                            b' {"id": "sub", "type": "l", "text": "Undermapp", "updated": "2020-01-01"}]')
    assert unchanged_since(stamps, "X/Y/a.px", SINCE)
    assert not unchanged_since(stamps, "X/Y/b.px", SINCE)  # the same day as the last run: fetch
    assert not unchanged_since(stamps, "X/Y/c.px", SINCE)  # no stamp: fetch
    assert not unchanged_since(stamps, "X/Y/d.px", SINCE)  # a stamp we cannot read: fetch
    assert not unchanged_since(stamps, "X/Y/e.px", SINCE)  # not listed: fetch
    assert not unchanged_since(stamps, "X/Y/a.px", None)  # a full run: fetch
    assert "sub" not in stamps  # folders are not tables
    assert updated_stamps(b"<html>not a listing</html>") == {} == updated_stamps(b'{"id": "a.px"}')
    assert folder_of("A_Mo8/Halsoutfall/01Overgrip/01.01halsgod/halsgodyreg.px") == \
        "A_Mo8/Halsoutfall/01Overgrip/01.01halsgod"


# --- the source against the fake server ------------------------------------------------------------------------
def incremental(srv: PxWebTestServer, tmp_path: Path, name: str) -> tuple[DirRun, list[str], int]:
    run = DirRun(tmp_path / name, series_ids=["halsa_bra", "halsa_dalig", "roker_dagligen"])
    run.from_date = SINCE.isoformat()  # type: ignore[attr-defined]  (as the manifest carries it)
    with HttpSession(HttpPolicy.fast()) as session:
        missing = fohm().fetch(FetchRequest(series=run.series_ids, areas=AREAS, mode="incremental",
                                            from_date=SINCE, base_url=srv.v1_base), run, session)
        return run, missing, session.requests_made


def test_unchanged_tables_cost_one_listing_per_folder_and_stay_served(pxserver, tmp_path) -> None:
    run, missing, requests = incremental(pxserver, tmp_path, "run")
    assert missing == []
    assert [e.kind for e in run.files] == ["config", "listing", "listing"]  # two tables in two folders
    assert requests == 3 and not pxserver.posts()
    parsed = fohm().parse(run)
    assert parsed.values.is_empty() and parsed.series.is_empty()
    assert parsed.unchanged_series == {"fohm:halsa_bra", "fohm:halsa_dalig", "fohm:roker_dagligen"}


def test_a_table_changed_since_the_last_run_is_fetched_and_the_others_are_not(pxserver, tmp_path) -> None:
    from tests.pxweb.conftest import HALSGOD

    pxserver.v1_tables[HALSGOD].updated = "2026-11-25T09:30:00"
    run, missing, _ = incremental(pxserver, tmp_path, "run")
    assert missing == []
    assert [e.kind for e in run.files] == ["config", "listing", "listing", "metadata", "query", "data"]
    parsed = fohm().parse(run)
    assert set(parsed.values["series_id"].unique()) == {"fohm:halsa_bra", "fohm:halsa_dalig"}
    assert parsed.unchanged_series == {"fohm:roker_dagligen"}


def test_a_server_without_listings_is_fetched_whole(tmp_path) -> None:
    from tests.pxweb.conftest import v1_tables

    with PxWebTestServer(v1_tables=v1_tables(), listings=False) as srv:
        run, missing, _ = incremental(srv, tmp_path, "run")
    assert missing == []
    assert [e.kind for e in run.files].count("data") == 2 and "listing" not in [e.kind for e in run.files]
    assert fohm().parse(run).unchanged_series == frozenset()


# --- a user's refresh, end to end ------------------------------------------------------------------------------
def etl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def own_fohm():
    """A Folkhälsodata of this test's own (the session's is shared): every table of the real catalogue."""
    defs = load_definitions(catalogue_dir() / "sources" / "fohm.yaml")
    with PxWebTestServer(v1_tables=fohm_tables_for(defs)) as srv:
        yield srv


def test_a_refresh_after_no_publication_lists_folders_only_and_a_new_publication_is_built(
        server, own_fohm, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(data), "FOHM_BASE_URL": own_fohm.v1_base}
    first = etl("refresh", env=env)
    assert first.returncode == 0, first.stderr
    db = data / "nyaperspektiv.duckdb"
    tables = len(own_fohm.v1_tables)

    own_fohm.requests.clear()
    second = etl("refresh", env=env)
    assert second.returncode == 0, second.stderr
    folders = {folder_of(p) for p in own_fohm.v1_tables}
    assert len(own_fohm.requests) == 1 + len(folders) < 1 + 2 * tables  # config + listings, no table asked
    assert not [r for r in own_fohm.requests if r[0] == "POST"]
    assert "byggs inte om" in second.stdout

    # Folkhälsodata publishes: one table gets new figures (share and interval moved up) and a new stamp.
    # The next refresh fetches that table only.
    path, table = next(iter(own_fohm.v1_tables.items()))
    old_value = table.value

    def revised(dims: dict[str, str]) -> str | float | None:
        value = old_value(dims)
        if dims.get("Region") == "17" and dims.get("Andel och konfidensintervall") != "04" and value != "..":
            return f"{float(value) + 3.0:.1f}"
        return value

    table.value, table.updated = revised, f"{date.today().isoformat()}T06:00:00"
    own_fohm.requests.clear()
    third = etl("refresh", env=env)
    assert third.returncode == 0, third.stderr
    asked = {r[1].split("?")[0] for r in own_fohm.requests if r[0] == "POST"}
    assert len(asked) == 1 and asked.pop().endswith(path.rsplit("/", 1)[-1])
    assert "Databas byggd" in third.stdout
    runs = list_runs(data / "raw" / "fohm")
    assert [m.outcome for m in runs] == ["ok", "ok", "ok"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        revised_rows = con.execute("SELECT count(*) FROM observation_change WHERE series_id LIKE 'fohm:%' "
                                   "AND change = 'revised'").fetchone()[0]
        removed = con.execute("SELECT count(*) FROM series_change WHERE field = '(removed)'").fetchone()[0]
        missing = con.execute("SELECT count(*) FROM missing_series WHERE series_id LIKE 'fohm:%'").fetchone()[0]
        fohm_series = con.execute("SELECT count(DISTINCT series_id) FROM observation "
                                  "WHERE series_id LIKE 'fohm:%'").fetchone()[0]
    finally:
        con.close()
    assert revised_rows > 0  # the new figures are in, as revisions
    assert removed == 0 and missing == 0  # the skipped tables' series are neither "removed" nor "missing"
    assert fohm_series == len({s.id for s in load_definitions(catalogue_dir() / "sources" / "fohm.yaml").series})
