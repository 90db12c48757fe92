"""Plausibility before storage (etl/plausibility.py), with the local Kolada server: 1e308, −50 % and 250 % are
refused at fetch, named with file, series, area and year; the refused series keeps its last good data in the
build, the other series are updated; duplicate JSON keys are refused; a next_url on the same host with another
scheme is followed with the configured scheme."""

from __future__ import annotations

import json

import duckdb
import pytest

from etl.build import build_database
from etl.fetch import fetch_run
from etl.http import HttpError, HttpPolicy
from etl.plausibility import DuplicateKeyError, implausible, loads_strict, reason_for, refused_series, units_of
from etl.sources.kolada.envelope import KoladaResponseError
from etl.sources.kolada.paging import iter_pages, on_configured_origin
from etl.sources.kolada.urls import data_url


def fetch(settings, catalogue):
    return fetch_run(settings, catalogue, policy=HttpPolicy.fast(max_attempts=2), source_id="kolada")


def value_in_db(settings, sid: str, area: str, year: int, gender: str = "T") -> float | None:
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        row = con.execute("SELECT value FROM observation WHERE series_id = ? AND area_id = ? AND year = ? "
                          "AND gender = ?", [sid, area, year, gender]).fetchone()
    return None if row is None else row[0]


def percent_and_count(catalogue) -> tuple[str, str]:
    units = units_of(catalogue)
    pct = next(i.kpi for i in catalogue.indicators if i.kpi and i.unit == "percent")
    other = next(i.kpi for i in catalogue.indicators if i.kpi and i.kpi != pct and units[i.series_id] == "percent")
    return pct, other


def test_the_rule_per_unit() -> None:
    assert reason_for(250.0, "percent") == "value 250.0 is a percent outside 0–100"
    assert reason_for(-50.0, "percent") == "value -50.0 is a percent outside 0–100"
    assert "not a finite" in reason_for(1e308, "percent")
    assert "not a finite" in reason_for(float("inf"))
    assert "negative" in reason_for(-1.0, "per_100k") and "negative" in reason_for(-3.0, "count")
    assert reason_for(-3.0) is None  # no unit known: only finiteness and intervals
    assert reason_for(100.0, "percent") is None and reason_for(0.0, "percent") is None
    assert "above its own interval" in reason_for(12.0, "percent", 9.0, 11.0)
    assert "lower bound above" in reason_for(10.0, "percent", 11.0, 9.0)
    assert reason_for(None, "percent") is None  # a missing value is not judged
    assert "respondents" in reason_for(5.0, "percent", n=-1)


def test_deleted_rows_are_not_judged() -> None:
    import polars as pl

    frame = pl.DataFrame({"series_id": ["a", "a"], "area_id": ["1780", "1780"], "year": [2024, 2023],
                          "gender": ["T", "T"], "value": [250.0, 250.0], "isdeleted": [True, False]})
    assert implausible(frame, {"a": "percent"})["year"].to_list() == [2023]
    assert "area 1780, year 2023, gender T" in refused_series(frame, {"a": "percent"}, "f.json")["a"]


def test_duplicate_keys_are_refused_by_the_strict_reader() -> None:
    with pytest.raises(DuplicateKeyError, match="duplicate key 'value'"):
        loads_strict(b'{"value": 99999.0, "value": 16.27}')
    assert loads_strict(b'{"value": 16.27}') == {"value": 16.27}


def test_implausible_kolada_values_are_refused_at_fetch_and_the_last_good_data_stays(
        settings, catalogue, server, dataset) -> None:
    pct, other = percent_and_count(catalogue)
    fetch(settings, catalogue)
    build_database(settings, catalogue)
    good = value_in_db(settings, f"kolada:{pct}", "1780", 2024)
    assert good is not None
    dataset.set_value(pct, "1780", 2024, "T", 1e308)
    dataset.set_value(pct, "1715", 2023, "T", -50.0)
    dataset.set_value(pct, "1784", 2022, "T", 250.0)
    dataset.set_value(other, "1780", 2024, "T", 42.5)  # a good revision of another series
    result = fetch(settings, catalogue)
    assert result.manifest.outcome == "ok"
    why = result.refused_series[pct]
    assert f"series kolada:{pct}" in why and "data-" in why and str(result.run_dir) in why
    assert "area 1780, year 2024, gender T: value 1e+308 is not a finite" in why
    assert "area 1715, year 2023, gender T: value -50.0 is a percent outside 0–100" in why
    assert "area 1784, year 2022, gender T: value 250.0 is a percent outside 0–100" in why
    assert pct in result.manifest.refused_series and pct in result.manifest.message
    build = build_database(settings, catalogue)
    assert value_in_db(settings, f"kolada:{pct}", "1780", 2024) == good  # the last good value stays
    assert value_in_db(settings, f"kolada:{other}", "1780", 2024) == 42.5  # the others are updated
    assert any(pct in w for w in build.refused)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observation WHERE NOT isfinite(value) OR abs(value) > 1e12"
                           ).fetchone() == (0,)


def test_the_refresh_command_names_the_refused_series_and_builds_the_rest(
        settings, catalogue, server, dataset, monkeypatch) -> None:
    from nyaperspektiv.cli import main

    pct, _ = percent_and_count(catalogue)
    monkeypatch.setenv("NP_DATA_DIR", str(settings.data_dir))
    assert main(["--base-url", server.base_url, "refresh"]) == 0
    dataset.set_value(pct, "1780", 2024, "T", 250.0)
    assert main(["--base-url", server.base_url, "refresh", "--full"]) == 1
    assert settings.db_path.exists()


def test_duplicate_keys_in_a_kolada_page_fail_the_fetch_naming_the_url(settings, catalogue, server) -> None:
    body = json.dumps({"values": [], "count": 0, "next_url": None})
    server.fail(200, times=None, match="/data/", body=body.replace('"count": 0', '"count": 0, "count": 1'))
    with pytest.raises(KoladaResponseError, match=r"malformed JSON from http://127\.0\.0\.1:\d+/v3/data/.*"
                                                  r"duplicate key 'count'"):
        fetch(settings, catalogue)


def test_next_url_on_the_same_host_keeps_the_configured_scheme() -> None:
    assert on_configured_origin("https://api.kolada.se/v3/data?page=1",
                                "http://api.kolada.se/v3/data?page=2") == "https://api.kolada.se/v3/data?page=2"
    assert on_configured_origin("https://api.kolada.se/v3/x", "https://api.kolada.se/v3/y") == \
        "https://api.kolada.se/v3/y"
    assert on_configured_origin("https://api.kolada.se/v3/x", "http://evil.example/v3/y") is None
    assert on_configured_origin("https://api.kolada.se/v3/x", "http://api.kolada.se:8080/v3/y") is None
    assert on_configured_origin("http://127.0.0.1:8000/v3/x", "https://127.0.0.1:8000/v3/y") == \
        "http://127.0.0.1:8000/v3/y"


def test_a_next_url_with_another_scheme_is_followed_with_the_configured_one(server, catalogue, session) -> None:
    server.max_per_page = 2
    server.default_per_page = 2

    def other_scheme(path: str, payload: dict) -> dict:
        if payload.get("next_url"):
            payload["next_url"] = payload["next_url"].replace("http://", "https://")
        return payload

    server.rewrite = other_scheme
    url = data_url(server.base_url, catalogue.kpi_ids[:1], ["1780"], per_page=2)
    pages = list(iter_pages(session, url))
    assert len(pages) > 1 and all(p.url.startswith(server.origin) for p in pages)
    assert all(p.next_url is None or p.next_url.startswith("http://") for p in pages)


def test_a_next_url_on_another_host_is_still_refused(server, catalogue, session) -> None:
    server.max_per_page = 2
    server.rewrite = lambda path, payload: {**payload, "next_url": "http://elsewhere.example/v3/data?page=2"}
    url = data_url(server.base_url, catalogue.kpi_ids[:1], ["1780"], per_page=2)
    with pytest.raises(HttpError, match="another host"):
        list(iter_pages(session, url))


