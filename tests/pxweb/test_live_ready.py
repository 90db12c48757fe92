"""Ready for the first live run (issue 22): the FoHM source bends without breaking, against the local fake
Folkhälsodata serving a synthetic table for every table of the real catalogue (indicators/sources/fohm.yaml).

- `?config` answered with an empty 200 (as SCB's v1 server did at one path level): every series is fetched with
  the default limits, the run says so, and the database builds;
- one table's metadata not what fohm.yaml expects: the other series are stored and built, the wrong one is named;
- a breakdown variable that cannot be eliminated: the message names the table and the codes it offers;
- a value outside its own interval, a region code the table's metadata does not list, a duplicate JSON key:
  that series is refused at fetch, named with where; the build of everything else goes on;
- every request's User-Agent is ASCII.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from core.settings import Settings, load_settings
from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpPolicy
from etl.raw_runs import read_manifest
from etl.sources.pxweb.definitions import load_definitions
from etl.sources.pxweb.limits import DEFAULT_LIMITS
from etl.sources.registry import get_source
from indicators.catalogue import Catalogue, catalogue_dir
from tests.kolada_server import KoladaTestServer, make_dataset
from tests.pxweb_server import V1_PREFIX, FakeVariable, PxWebTestServer, fohm_tables_for

pytestmark = pytest.mark.duration(13)

DEFS = load_definitions(catalogue_dir() / "sources" / "fohm.yaml")


class WindowClock:
    """The FoHM client's clock for one test: a wait for the calls-per-time-window limit moves this clock on by the
    wait instead of sleeping it. The default limits (a config that cannot be read) allow 10 calls per 10 s, so a
    FoHM fetch would sleep 10 s of real time; the client computes and records the same waits on this clock
    (limits.CallWindow, tested with a fake clock in tests/pxweb/test_limits.py)."""

    def __init__(self) -> None:
        self.ahead = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return time.monotonic() + self.ahead

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.ahead += seconds


@pytest.fixture
def window_clock(monkeypatch: pytest.MonkeyPatch) -> WindowClock:
    clock = WindowClock()
    source = get_source("fohm")
    monkeypatch.setattr(source, "_clock", clock)
    monkeypatch.setattr(source, "_sleep", clock.sleep)
    return clock


@pytest.fixture
def fohm(monkeypatch: pytest.MonkeyPatch, window_clock: WindowClock) -> Iterator[PxWebTestServer]:
    """A fresh fake Folkhälsodata for one test (FOHM_BASE_URL points at it); the client's waits for the
    calls-per-window limit on the test's WindowClock."""
    with PxWebTestServer(v1_tables=fohm_tables_for(DEFS)) as srv:
        monkeypatch.setenv("FOHM_BASE_URL", srv.v1_base)
        yield srv


@pytest.fixture
def two(tmp_path: Path, catalogue: Catalogue, fohm: PxWebTestServer) -> Iterator[tuple[Settings, KoladaTestServer]]:
    dataset = make_dataset(catalogue, years=range(2019, 2025), seed=3)
    with KoladaTestServer(dataset) as kolada:
        yield load_settings(base_url=kolada.base_url, data_dir=tmp_path / "data"), kolada


def fohm_ids(catalogue: Catalogue) -> list[str]:
    return catalogue.series_for("fohm")


def fetch(settings: Settings, catalogue: Catalogue, source_id: str):
    return fetch_run(settings, catalogue, policy=HttpPolicy.fast(max_attempts=2), source_id=source_id)


def db_series(settings: Settings, prefix: str) -> set[str]:
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        rows = con.execute("SELECT DISTINCT series_id FROM observation WHERE series_id LIKE ?",
                           [prefix + "%"]).fetchall()
    return {r[0] for r in rows}


def empty_config(path: str, body: bytes) -> bytes:
    return b"" if path.endswith("?config") else body


def test_an_empty_config_uses_the_default_limits_and_all_8_series_are_fetched_and_built(two, catalogue, fohm,
                                                                                         window_clock):
    settings, _ = two
    fohm.rewrite_body = empty_config
    result = fetch(settings, catalogue, "fohm")
    assert len(fohm_ids(catalogue)) == 8
    assert result.manifest.outcome == "ok" and result.refused_series == {} and result.missing_series_ids == []
    assert "no usable PxWeb config" in result.manifest.message and "using the default limits" in result.manifest.message
    assert fohm.posts() and all(_cells(body) <= DEFAULT_LIMITS.max_cells for _, body in fohm.posts())
    # more calls than the default 10 per 10 s: the client waited for the window (on the test's clock)
    assert len(fohm.requests) > DEFAULT_LIMITS.max_calls and window_clock.waits
    assert all(0 < w <= DEFAULT_LIMITS.time_window for w in window_clock.waits)
    fetch(settings, catalogue, "kolada")
    build_database(settings, catalogue)
    assert db_series(settings, "fohm:") == {f"fohm:{s}" for s in fohm_ids(catalogue)}


def _cells(body: dict) -> int:
    n = 1
    for q in body["query"]:
        n *= len(q["selection"]["values"])
    return n


@pytest.mark.parametrize("answer", [b"<html><body>404 Not Found</body></html>", b"  ", b"[1, 2]"])
def test_a_config_that_is_not_json_falls_back_to_the_defaults(two, catalogue, fohm, answer: bytes):
    settings, _ = two
    fohm.rewrite_body = lambda path, body: answer if path.endswith("?config") else body
    result = fetch(settings, catalogue, "fohm")
    assert result.manifest.outcome == "ok" and "using the default limits" in result.manifest.message
    assert {f.kind for f in result.manifest.files} >= {"config", "metadata", "data"}


def test_a_config_404_falls_back_to_the_defaults(two, catalogue, fohm):
    settings, _ = two
    fohm.fail(404, times=1, match=V1_PREFIX + "/")  # the first request is ?config
    result = fetch(settings, catalogue, "fohm")
    assert result.manifest.outcome == "ok" and "answered HTTP 404" in result.manifest.message


def test_one_table_with_wrong_metadata_the_other_7_are_stored_and_built(two, catalogue, fohm):
    settings, _ = two
    halsgod = next(s for s in DEFS.series if s.id == "halsa_god")
    fohm.v1_tables[halsgod.table].title = "Något helt annat efter region, kön och år"
    fetch(settings, catalogue, "kolada")
    result = fetch(settings, catalogue, "fohm")
    manifest = read_manifest(result.run_dir)
    assert manifest.outcome == "ok"
    assert list(manifest.refused_series) == ["halsa_god"]
    assert "does not contain 'häls'" in manifest.refused_series["halsa_god"]
    assert "halsa_god" in manifest.message and halsgod.table in manifest.message
    build = build_database(settings, catalogue)
    assert db_series(settings, "fohm:") == {f"fohm:{s}" for s in fohm_ids(catalogue)} - {"fohm:halsa_god"}
    assert any("halsa_god" in why for why in build.refused)
    # later the table is right again: the series is fetched and built with the others
    fohm.v1_tables[halsgod.table].title = "Självskattat allmänt hälsotillstånd efter region, kön och år"
    fetch(settings, catalogue, "fohm")
    assert build_database(settings, catalogue).refused == []
    assert "fohm:halsa_god" in db_series(settings, "fohm:")


def test_a_failed_table_keeps_its_last_good_data(two, catalogue, fohm):
    settings, _ = two
    fetch(settings, catalogue, "kolada")
    fetch(settings, catalogue, "fohm")
    build_database(settings, catalogue)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        before = con.execute("SELECT count(*) FROM observation WHERE series_id = 'fohm:rokning_daglig'").fetchone()
    tobak = next(s for s in DEFS.series if s.id == "rokning_daglig").table
    fohm.fail(500, times=None, match=tobak.rsplit("/", 1)[-1])  # its metadata never answers
    result = fetch(settings, catalogue, "fohm")
    assert result.manifest.outcome == "ok" and "rokning_daglig" in result.refused_series
    assert "HTTP 500" in result.refused_series["rokning_daglig"]
    build_database(settings, catalogue)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        after = con.execute("SELECT count(*) FROM observation WHERE series_id = 'fohm:rokning_daglig'").fetchone()
    assert after == before and before[0] > 0


def test_a_breakdown_that_cannot_be_eliminated_is_named_with_the_table_and_its_codes(two, catalogue, fohm):
    settings, _ = two
    fys = next(s for s in DEFS.series if s.id == "fysisk_aktivitet").table
    table = fohm.v1_tables[fys]
    inner = table.value
    table.variables.insert(1, FakeVariable("Utbildning", "utbildning", ["1", "2"],
                                           ["Förgymnasial", "Eftergymnasial"], elimination=False))
    table.value = lambda dims: inner({k: v for k, v in dims.items() if k != "Utbildning"})
    result = fetch(settings, catalogue, "fohm")
    why = result.refused_series["fysisk_aktivitet"]
    assert fys in why and "'Utbildning'" in why and "cannot be eliminated" in why
    assert "1 Förgymnasial; 2 Eftergymnasial" in why
    assert len(result.manifest.series_ids) - len(result.refused_series) == 7


def test_an_eliminable_breakdown_is_left_out_and_the_series_is_fetched(two, catalogue, fohm):
    settings, _ = two
    fys = next(s for s in DEFS.series if s.id == "fysisk_aktivitet").table
    table = fohm.v1_tables[fys]
    inner = table.value
    table.variables.insert(1, FakeVariable("Utbildning", "utbildning", ["1", "2"],
                                           ["Förgymnasial", "Eftergymnasial"], elimination=True))
    table.value = lambda dims: inner({k: v for k, v in dims.items() if k != "Utbildning"})
    result = fetch(settings, catalogue, "fohm")
    assert result.refused_series == {}


def _rewrite_data(table_part: str, change):
    def rewrite(path: str, body: bytes) -> bytes:
        if table_part in path and b'"columns"' in body:
            return change(body)
        return body
    return rewrite


def test_a_value_outside_its_own_interval_is_refused_at_fetch_and_the_rest_builds(two, catalogue, fohm):
    settings, _ = two
    warwick = next(s for s in DEFS.series if s.id == "psykiskt_valbefinnande").table
    table = fohm.v1_tables[warwick]
    inner = table.value

    def outside(dims: dict[str, str]) -> str | float | None:
        v = inner(dims)
        if (dims["Region"], dims["År"], dims["Andel och konfidensintervall"]) == ("17", "2021-2024", "01"):
            return "99.9"  # the share above its own upper bound
        return v
    table.value = outside
    fetch(settings, catalogue, "kolada")
    result = fetch(settings, catalogue, "fohm")
    why = result.refused_series["psykiskt_valbefinnande"]
    assert "area 0017, year 2024" in why and "lies above its own interval" in why
    assert re.match(re.escape(str(result.run_dir / "data-")) + r"\d{3}\.json: series fohm:psykiskt_valbefinnande", why)
    build = build_database(settings, catalogue)  # no IntervalError: the series is left out, the rest is built
    assert "fohm:psykiskt_valbefinnande" not in db_series(settings, "fohm:")
    assert len(db_series(settings, "fohm:")) == 7 and db_series(settings, "kolada:")
    assert build.refused


def test_a_region_code_not_in_the_metadata_is_refused(two, catalogue, fohm):
    settings, _ = two
    radd = next(s for s in DEFS.series if s.id == "radd_ga_ut").table
    fohm.rewrite_body = _rewrite_data(radd.rsplit("/", 1)[-1],
                                      lambda b: b.replace(b'"key": ["17"', b'"key": ["99"', 1))
    result = fetch(settings, catalogue, "fohm")
    why = result.refused_series["radd_ga_ut"]
    assert re.search(r"Region = '99', which the table's metadata does not list", why) and "data-" in why
    assert len(result.manifest.series_ids) - len(result.refused_series) == 7


def test_duplicate_json_keys_in_a_pxweb_answer_refuse_that_series(two, catalogue, fohm):
    settings, _ = two
    radd = next(s for s in DEFS.series if s.id == "radd_ga_ut").table
    fohm.rewrite_body = _rewrite_data(radd.rsplit("/", 1)[-1],
                                      lambda b: b.replace(b'"values": [', b'"values": ["99999.0"], "values": [', 1))
    result = fetch(settings, catalogue, "fohm")
    why = result.refused_series["radd_ga_ut"]
    assert "duplicate key 'values'" in why and "data-" in why


def test_every_request_carries_an_ascii_user_agent(two, catalogue, fohm):
    settings, kolada = two
    fetch(settings, catalogue, "kolada")
    fetch(settings, catalogue, "fohm")
    agents = fohm.user_agents + kolada.user_agents
    assert agents and all(a.isascii() and a.startswith("nyaperspektiv-etl/") for a in agents)
    assert all("Varmland" in a for a in agents)


def test_the_fohm_source_is_the_catalogues(catalogue):
    assert get_source("fohm").info.source_id == "fohm" and len(fohm_ids(catalogue)) == 8
