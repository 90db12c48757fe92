"""The polars data-page parser gives the Python parser's frame, and its precise messages for bad values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.fetch import fetch_run
from etl.raw_runs import FileEntry, Manifest, sha256_of
from etl.sources import SourceDataError
from etl.sources.kolada.envelope import iter_entry_values
from etl.sources.kolada.parse import parse_data
from etl.sources.kolada.parse_fast import _Doubt, _fast, parse_data_file


def run_in(run_dir: Path, entry: FileEntry, run_id: str = "r1") -> Manifest:
    """A manifest for a one-page run in `run_dir` (not written: parse_data_file reads only the page)."""
    manifest = Manifest(run_id="20261126T000000Z", mode="full", base_url="http://127.0.0.1/v3",
                        started_at="2026-11-26T00:00:00Z", outcome="ok", series_ids=[], area_ids=[], files=[entry])
    manifest._dir = run_dir
    return manifest.model_copy(update={"run_id": run_id}) if run_id != manifest.run_id else manifest


def page(tmp_path: Path, values: list | str, rows: int | None = None) -> tuple[Path, FileEntry]:
    text = values if isinstance(values, str) else json.dumps({"values": values, "count": len(values)})
    body = text.encode()
    (tmp_path / "data-001.json").write_bytes(body)
    entry = FileEntry(file="data-001.json", kind="data", url="http://127.0.0.1/v3/data", fetched_at="x",
                      sha256=sha256_of(body), rows=rows if rows is not None else len(json.loads(text)["values"]),
                      status=200)
    return tmp_path, entry


def item(gender="T", value=1.5, status="", count=1, isdeleted=False) -> dict:  # noqa: ANN001
    return {"gender": gender, "count": count, "status": status, "value": value, "isdeleted": isdeleted}


def obj(kpi="N15428", area="1780", year=2020, values=None) -> dict:  # noqa: ANN001
    return {"kpi": kpi, "municipality": area, "period": year, "values": values if values is not None else [item()]}


def test_a_fetched_run_parses_to_the_same_frame_as_the_python_parser(settings, catalogue, fast):
    run = fetch_run(settings, catalogue, mode="full", policy=fast)
    entries = [e for e in run.manifest.files if e.kind == "data"]
    assert entries
    for entry in entries:
        body = (run.run_dir / entry.file).read_bytes()
        fast_frame = _fast(body, run.run_id, entry.rows)   # the fast path itself, no fallback
        slow = parse_data(iter_entry_values(run.manifest, entry), run.run_id)
        assert fast_frame.equals(slow) and fast_frame.schema == slow.schema


def test_edge_values_match_the_python_parser(tmp_path):
    values = [obj(values=[item("K", None, "Missing"), item("M", 3, isdeleted=True), item("T", 0.1)]),
              obj(year=2021, values=[]), obj(area="0000", values=[item(count=None, status=None)]),
              {"kpi": "U00001", "municipality": "0017", "period": 2019, "values": [{"gender": "T", "value": 2}]}]
    run_dir, entry = page(tmp_path, values)
    assert _fast((run_dir / entry.file).read_bytes(), "r1", entry.rows).equals(parse_data(values, "r1"))
    (tmp_path / "empty").mkdir()
    empty_dir, empty = page(tmp_path / "empty", [])
    assert parse_data_file(run_in(empty_dir, empty), empty).equals(parse_data([], "r1"))


@pytest.mark.parametrize(("bad", "message"), [
    (obj(values=[item(value="abc")]), "field 'value' is 'abc', expected a number or null"),
    (obj(values=[item(value=True)]), "field 'value' is True, expected a number or null"),
    (obj(kpi=123), "'kpi' and 'municipality' must be strings"),
    (obj(area=1780), "'kpi' and 'municipality' must be strings"),
    (obj(year=2020.5), "field 'period' is 2020.5, expected a whole year"),
    (obj(year="2020"), "field 'period' is '2020', expected a whole year"),
    (obj(year=None), "field 'period' is None, expected a whole year"),
    (obj(values=[item(gender="X")]), "gender 'X' is not one of T, K, M"),
])
def test_a_bad_value_gets_the_python_parsers_message_with_the_file(tmp_path, bad, message):
    run_dir, entry = page(tmp_path, [obj(), bad])
    with pytest.raises(_Doubt):
        _fast((run_dir / entry.file).read_bytes(), "r1", entry.rows)
    with pytest.raises(SourceDataError, match=message) as info:
        parse_data_file(run_in(run_dir, entry), entry)
    assert "data-001.json" in str(info.value) and "KPI" in str(info.value)


def test_a_row_count_that_disagrees_with_the_manifest_is_refused(tmp_path):
    from etl.raw_runs import RunError

    run_dir, entry = page(tmp_path, [obj(), obj(year=2021)], rows=3)
    with pytest.raises(RunError, match="2 values, the manifest says 3"):
        parse_data_file(run_in(run_dir, entry), entry)
