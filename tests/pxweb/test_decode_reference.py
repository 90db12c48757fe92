"""The PxWeb parsers on real response bodies from ../shared/reference/pxweb (beside the repo, as in CI)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from etl.sources.pxweb.decode import CONTENTS, PxWebDataError, decode_jsonstat2, decode_v1_json
from etl.sources.pxweb.limits import parse_v2_config
from etl.sources.pxweb.metadata import parse_v2_metadata

REPO = Path(__file__).resolve().parents[2]


def reference_dir() -> Path:
    """`../shared/reference/pxweb` beside the repo (CI); from a worktree nested deeper, the nearest ancestor's."""
    for parent in REPO.parents:
        candidate = parent / "shared" / "reference" / "pxweb"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "reference" / "pxweb"


def reference(name: str) -> bytes:
    path = reference_dir() / name
    if not path.is_file():
        pytest.skip(f"real PxWeb bodies not found at {path} (shared/ is expected beside the repo)")
    return path.read_bytes()


def test_v2_tab638_single_cell() -> None:
    cells = decode_jsonstat2("ref", reference("scb_v2_TAB638_data_POST.json"))
    assert len(cells) == 1
    assert cells[0].dims == {"Region": "00", "Civilstand": "OG", "Alder": "0", "Kon": "1",
                             "ContentsCode": "BE0101N1", "Tid": "2024"}
    assert cells[0].value == 50937.0 and cells[0].flag is None


def test_v2_population_region_age_row_major() -> None:
    body = reference("scb_v2_population_region_age_2yrs.json")
    cells = decode_jsonstat2("ref", body)
    assert len(cells) == 312 * 21 * 1 * 2
    by = {(c.dims["Region"], c.dims["Alder"], c.dims["Tid"]): c.value for c in cells}
    raw = json.loads(body)
    # row-major: the last dimension (Tid) varies fastest, so value[1] is the first cell's 2023
    first_region = next(iter(raw["dimension"]["Region"]["category"]["index"]))
    assert by[(first_region, "80", "2019")] == raw["value"][0]
    assert by[(first_region, "80", "2023")] == raw["value"][1]
    assert by[(first_region, "81", "2019")] == raw["value"][2]
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for (region, _age, year), value in by.items():
        totals[(region, year)] += value
    # Figures stated in shared/reference/pxweb/README.md (population aged 80+)
    assert totals[("00", "2019")] == 536_306 and totals[("00", "2023")] == 611_556
    assert totals[("17", "2019")] == 18_566 and totals[("17", "2023")] == 20_262
    assert totals[("1780", "2019")] == 5_267 and totals[("1780", "2023")] == 5_856
    assert totals[("1761", "2023")] == sum(v for (r, _a, y), v in by.items() if r == "1761" and y == "2023")
    kommuner = [r for r, y in totals if y == "2023" and r.startswith("17") and len(r) == 4]
    assert len(kommuner) == 16
    assert sum(totals[(r, "2023")] for r in kommuner) == totals[("17", "2023")]


def test_v2_metadata_reader_accepts_a_dataset_body() -> None:
    meta = parse_v2_metadata("ref", reference("scb_v2_population_region_age_2yrs.json"))
    assert [v.code for v in meta.variables] == ["Region", "Alder", "ContentsCode", "Tid"]
    assert meta.time_variable is not None and meta.time_variable.code == "Tid"
    assert len(meta.variable("Region").values) == 312
    assert meta.variable("Region").text_of("17").startswith("Värmland")


def test_v1_json_values_are_strings_become_numbers_per_contents_column() -> None:
    cells = decode_v1_json("ref", reference("scb_v1_BefolkningNy_POST_json.json"))
    assert len(cells) == 6
    got = {(c.dims["Tid"], c.dims[CONTENTS]): c.value for c in cells}
    assert got[("2010", "BE0101N1")] == 9_415_570.0
    assert got[("2012", "BE0101N2")] == 73_038.0


def test_v2_config_limits() -> None:
    limits = parse_v2_config("ref", reference("scb_v2_config.json"))
    assert (limits.max_cells, limits.max_calls, limits.time_window) == (150_000, 30, 10.0)
    assert limits.licence and "cc0" in limits.licence


def test_v1_missing_symbols_and_decimal_comma() -> None:
    body = json.dumps({"columns": [{"code": "Region", "type": "d"}, {"code": "År", "type": "t"},
                                   {"code": "Andel", "type": "c"}],
                       "data": [{"key": ["17", "2021-2024"], "values": [".."]},
                                {"key": ["00", "2021-2024"], "values": ["12,5"]},
                                {"key": ["01", "2021-2024"], "values": ["-"]}]}).encode()
    cells = decode_v1_json("u", body)
    assert [(c.value, c.flag) for c in cells] == [(None, ".."), (12.5, None), (None, "-")]


def test_v1_text_in_a_number_names_the_url_and_row() -> None:
    body = json.dumps({"columns": [{"code": "År", "type": "t"}, {"code": "Andel", "type": "c"}],
                       "data": [{"key": ["2024"], "values": ["abc"]}]}).encode()
    with pytest.raises(PxWebDataError, match=r"http://x/t.px: data\[0\] Andel: 'abc' is not a number"):
        decode_v1_json("http://x/t.px", body)


def test_jsonstat_sparse_values_and_status() -> None:
    body = json.dumps({"id": ["A", "B"], "size": [2, 2],
                       "dimension": {"A": {"category": {"index": {"a1": 0, "a2": 1}}},
                                     "B": {"category": {"index": ["b1", "b2"]}}},
                       "value": {"0": 1.5, "3": 4}, "status": {"1": ".."}}).encode()
    cells = decode_jsonstat2("u", body)
    assert [(c.dims["A"], c.dims["B"], c.value, c.flag) for c in cells] == [
        ("a1", "b1", 1.5, None), ("a1", "b2", None, ".."), ("a2", "b1", None, None), ("a2", "b2", 4.0, None)]


def test_jsonstat_size_mismatch_is_named() -> None:
    body = json.dumps({"id": ["A"], "size": [3], "dimension": {"A": {"category": {"index": ["x", "y"]}}},
                       "value": [1, 2, 3]}).encode()
    with pytest.raises(PxWebDataError, match="dimension 'A' has 2 categories, 'size' says 3"):
        decode_jsonstat2("u", body)
