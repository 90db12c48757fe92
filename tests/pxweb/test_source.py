"""The PxWeb source end to end against the fake server: what it stores, how many requests, what parse makes."""

from __future__ import annotations

import json
import math
import re

import pytest

from etl.http import HttpPolicy, HttpSession
from etl.sources import FetchRequest
from etl.sources.pxweb.definitions import DefinitionsFile, SeriesDef
from etl.sources.pxweb.instances import fohm_source, scb_source
from tests.pxweb.conftest import HALSGOD, TOBAK
from tests.pxweb.runs import DirRun
from tests.pxweb_server import PxWebTestServer

AREAS = ["0000", "0017", "1715", "1730", "1780"]
FOHM_DEFS = DefinitionsFile(database="A_Folkhalsodata", series=[
    SeriesDef(id="halsa_bra", title="Gott självskattat hälsotillstånd", table=HALSGOD, category="01",
              expect_text="bra", grain="county", period="pooled", uncertainty="ci"),
    SeriesDef(id="halsa_dalig", title="Dåligt självskattat hälsotillstånd", table=HALSGOD, category="02",
              expect_text="dåligt", grain="county", period="pooled", shown_as="first", uncertainty="ci"),
    SeriesDef(id="roker_dagligen", title="Röker dagligen", table=TOBAK,
              selection={"Användning av tobaks- och nikotinprodukter": "01"}, expect_text="röker",
              grain="county", period="pooled", uncertainty="ci"),
])


def fetch(srv, tmp_path, source, series, base_url, policy=None):
    run = DirRun(tmp_path / "run")
    with HttpSession(policy or HttpPolicy.fast()) as session:
        missing = source.fetch(FetchRequest(series=series, areas=AREAS, mode="full", from_date=None,
                                            base_url=base_url), run, session)
        return run, missing, session.requests_made


def fohm(**kwargs):
    return fohm_source(definitions=FOHM_DEFS, **kwargs)


def test_fetch_stores_every_body_as_received_and_asks_the_minimum(pxserver, tmp_path) -> None:
    run, missing, requests = fetch(pxserver, tmp_path, fohm(), ["halsa_bra", "halsa_dalig", "roker_dagligen"],
                                   pxserver.v1_base)
    assert missing == []
    kinds = [e.kind for e in run.files]
    # one config, then per table: metadata, one query and its answer (both health series share one query)
    assert kinds == ["config", "metadata", "query", "data", "metadata", "query", "data"]
    assert requests == 5 == len(pxserver.requests)
    for (method, _path, sent), entry in zip([r for r in pxserver.requests if r[0] == "POST"],
                                           [e for e in run.files if e.kind == "query"], strict=True):
        assert json.loads((run.dir / entry.file).read_bytes()) == sent and method == "POST"
    first_post = pxserver.posts()[0][1]
    assert {q["code"]: q["selection"]["values"] for q in first_post["query"]}["Region"] == ["00", "17"]
    assert {q["code"]: q["selection"]["values"] for q in first_post["query"]}["Hälsotillstånd"] == ["01", "02"]
    # bodies as received: asking again gives the same bytes
    data_entry = next(e for e in run.files if e.kind == "data")
    with HttpSession(HttpPolicy.fast()) as s:
        again = s.post(data_entry.url, first_post)
    assert (run.dir / data_entry.file).read_bytes() == again.body


def test_parse_pairs_share_and_interval_and_shows_windows_as_a_year(pxserver, tmp_path) -> None:
    source = fohm()
    run, _, _ = fetch(pxserver, tmp_path, source, ["halsa_bra", "halsa_dalig", "roker_dagligen"], pxserver.v1_base)
    parsed = source.parse(run, None)
    values = parsed.values
    assert set(values["series_id"]) == {"fohm:halsa_bra", "fohm:halsa_dalig", "fohm:roker_dagligen"}
    assert set(values["area_id"]) == {"0000", "0017"}  # Riket and Värmland only; other counties not asked
    assert set(values["gender"]) == {"T", "K", "M"}
    table = pxserver.v1_tables[HALSGOD]
    row = values.filter((values["series_id"] == "fohm:halsa_bra") & (values["area_id"] == "0017")
                        & (values["year"] == 2024) & (values["gender"] == "K")).to_dicts()
    assert len(row) == 1
    want = {m: float(table.value({"Region": "17", "Hälsotillstånd": "01", "Kön": "01", "År": "2021-2024",
                                  "Andel och konfidensintervall": m})) for m in ("01", "02", "03", "04")}
    assert (row[0]["value"], row[0]["ci_low"], row[0]["ci_high"], row[0]["n"]) == (
        want["01"], want["02"], want["03"], int(want["04"]))
    assert row[0]["period"] == "2021-2024"
    # shown_as: first puts the same window on 2021
    dalig = values.filter(values["series_id"] == "fohm:halsa_dalig")
    assert sorted(set(dalig["year"])) == [2009, 2013, 2015, 2017, 2021]
    # the ".." cell (Värmland, dåligt, män, 2009-2012) is missing, not zero, and carries the symbol
    gap = dalig.filter((dalig["area_id"] == "0017") & (dalig["gender"] == "M") & (dalig["year"] == 2009))
    assert gap["value"].to_list() == [None] and gap["flag"].to_list() == [".."]
    assert gap["ci_low"].to_list() == [None]
    assert values.height == 3 * 2 * 3 * 5  # series × areas × sexes × windows
    series = parsed.series.to_dicts()
    assert {s["series_id"]: s["publ_period"] for s in series}["fohm:halsa_bra"] == "2021-2024"
    assert all(s["is_divided_by_gender"] for s in series)
    assert {s["municipality_type"] for s in series} == {"L"}  # county grain: Riket and the county only


def test_a_low_cell_limit_splits_into_the_fewest_requests_and_parses_the_same(tmp_path) -> None:
    from tests.pxweb.conftest import v1_tables
    with PxWebTestServer(v1_tables=v1_tables()) as big:
        run_big, _, _ = fetch(big, tmp_path / "big", fohm(), ["halsa_bra"], big.v1_base)
    with PxWebTestServer(v1_tables=v1_tables(), max_values=25) as small:
        run, _, _ = fetch(small, tmp_path / "small", fohm(), ["halsa_bra"], small.v1_base)
        posts = small.posts()
    # 2 regions × 1 category × 3 sexes × 5 windows × 4 measures = 120 cells; 25 per request → at least 5
    cells = [math.prod(len(q["selection"]["values"]) for q in body["query"]) for _p, body in posts]
    assert all(c <= 25 for c in cells) and sum(cells) == 120
    assert len(posts) == 5 == math.ceil(120 / 25)  # boxes of 2 regions × 3 sexes × 1 window × 4 measures
    a = fohm().parse(run_big, None).values.sort(["area_id", "year", "gender"])
    b = fohm().parse(run, None).values.sort(["area_id", "year", "gender"])
    assert a.drop("run_id").equals(b.drop("run_id"))


def test_calls_per_time_window_are_respected(tmp_path) -> None:
    from tests.pxweb.conftest import v1_tables
    with PxWebTestServer(v1_tables=v1_tables(), max_calls=2, time_window=0.3) as srv:
        source = fohm()
        _run, _, requests = fetch(srv, tmp_path, source, ["halsa_bra", "roker_dagligen"], srv.v1_base,
                                  policy=HttpPolicy.fast(max_attempts=1))
        assert srv.rejected_429 == 0  # five calls, two per 0.3 s: the client waited instead of being refused
        assert requests == 5


def test_429_and_5xx_are_retried_and_nothing_is_lost(pxserver, tmp_path) -> None:
    pxserver.fail(429, times=1, retry_after="0", match="tobakdagyreg")
    pxserver.fail(502, times=1, match="halsgodyreg")
    run, missing, requests = fetch(pxserver, tmp_path, fohm(), ["halsa_bra", "roker_dagligen"], pxserver.v1_base)
    assert missing == [] and requests == 7
    assert fohm().parse(run, None).values.height == 2 * 2 * 3 * 5


def test_a_table_gone_is_reported_missing_and_the_others_are_fetched(pxserver, tmp_path) -> None:
    del pxserver.v1_tables[TOBAK]
    run, missing, _ = fetch(pxserver, tmp_path, fohm(), ["halsa_bra", "roker_dagligen"], pxserver.v1_base)
    assert missing == ["roker_dagligen"]
    assert set(fohm().parse(run, None).values["series_id"]) == {"fohm:halsa_bra"}


def test_unknown_series_id_is_reported_missing(pxserver, tmp_path) -> None:
    _run, missing, _ = fetch(pxserver, tmp_path, fohm(), ["halsa_bra", "finns_inte"], pxserver.v1_base)
    assert missing == ["finns_inte"]


def test_a_wrong_category_code_names_the_table_and_lists_the_codes(pxserver, tmp_path) -> None:
    defs = DefinitionsFile(series=[SeriesDef(id="x", title="Fel kod", table=HALSGOD, category="07",
                                             grain="county", period="pooled")])
    source = fohm_source(definitions=defs)
    run, _, _ = fetch(pxserver, tmp_path, source, ["x"], pxserver.v1_base)  # the table fails on its own
    assert [e.kind for e in run.files] == ["config", "metadata", "failed"]
    assert re.search(r"fohm:x: table .*halsgodyreg.px variable 'Hälsotillstånd' has no code '07' \(codes: 01 Bra "
                     r"eller mycket bra; 02 Dåligt", source.parse(run, None).refused["fohm:x"])


def test_expected_text_guards_against_a_wrong_code(pxserver, tmp_path) -> None:
    defs = DefinitionsFile(series=[SeriesDef(id="x", title="Fetma", table=HALSGOD, category="02",
                                             expect_text="fetma", grain="county", period="pooled")])
    source = fohm_source(definitions=defs)
    run, _, _ = fetch(pxserver, tmp_path, source, ["x"], pxserver.v1_base)
    assert "read 'Dåligt eller mycket dåligt', which does not contain 'fetma'" in source.parse(run, None).refused[
        "fohm:x"]


def test_period_year_on_a_pooled_table_is_refused_at_parse(pxserver, tmp_path) -> None:
    defs = DefinitionsFile(series=[SeriesDef(id="x", title="Årsvis?", table=HALSGOD, category="01",
                                             grain="county", period="year")])
    source = fohm_source(definitions=defs)
    run, _, _ = fetch(pxserver, tmp_path, source, ["x"], pxserver.v1_base)
    parsed = source.parse(run, None)  # refused on its own: named, no values
    assert parsed.values.is_empty()
    assert "has pooled window '2009-2012' but the catalogue says period: year" in parsed.refused["fohm:x"]


def test_a_changed_body_is_refused_at_parse(pxserver, tmp_path) -> None:
    source = fohm()
    run, _, _ = fetch(pxserver, tmp_path, source, ["halsa_bra"], pxserver.v1_base)
    data = next(e for e in run.files if e.kind == "data")
    (run.dir / data.file).write_bytes(b"{}")
    with pytest.raises(Exception, match="sha256"):
        source.parse(run, None)


def test_v1_json_stat2_gives_the_same_observations(pxserver, tmp_path) -> None:
    run_a, _, _ = fetch(pxserver, tmp_path / "a", fohm(), ["halsa_bra"], pxserver.v1_base)
    run_b, _, _ = fetch(pxserver, tmp_path / "b", fohm(v1_format="json-stat2"), ["halsa_bra"], pxserver.v1_base)
    a = fohm().parse(run_a, None).values.sort(["area_id", "year", "gender"])
    b = fohm(v1_format="json-stat2").parse(run_b, None).values.sort(["area_id", "year", "gender"])
    assert a.drop("run_id").equals(b.drop("run_id"))


def test_v2_scb_municipality_grain_with_an_eliminated_variable(pxserver, tmp_path) -> None:
    defs = DefinitionsFile(series=[SeriesDef(id="folkmangd", title="Folkmängd", table="TAB638",
                                             selection={"ContentsCode": "BE0101N1"}, grain="municipality",
                                             period="year")])
    source = scb_source(definitions=defs)
    run, missing, requests = fetch(pxserver, tmp_path, source, ["folkmangd"], pxserver.v2_base)
    assert missing == [] and requests == 3  # config, metadata, one data request
    body = pxserver.posts()[0][1]
    assert [s["variableCode"] for s in body["selection"]] == ["Region", "ContentsCode", "Tid"]  # Alder left out
    assert [s["valueCodes"] for s in body["selection"]][0] == ["00", "17", "1715", "1780"]  # 1730 not in table
    values = source.parse(run, None).values
    got = {(r["area_id"], r["year"]): r["value"] for r in values.to_dicts()}
    assert got[("1780", 2024)] == (400 + 24) * 21 and got[("0017", 2023)] == (200 + 23) * 21
    assert got[("0000", 2022)] == (200 + 22) * 21
    assert got[("1715", 2022)] is None
    assert set(values["gender"]) == {"T"}


def test_parse_reads_only_the_series_the_run_asked_for(pxserver, tmp_path) -> None:
    defs = DefinitionsFile(database="A_Folkhalsodata", series=[
        *FOHM_DEFS.series,
        SeriesDef(id="trasig", title="Kod som inte finns", table=HALSGOD, category="09", grain="county",
                  period="pooled")])
    source = fohm_source(definitions=defs)
    run, _, _ = fetch(pxserver, tmp_path, source, ["halsa_bra"], pxserver.v1_base)
    run.series_ids = ["halsa_bra"]
    assert set(source.parse(run, None).values["series_id"]) == {"fohm:halsa_bra"}
    run.series_ids = None  # every definition: the broken one is named (and refused), the others parsed
    parsed = source.parse(run, None)
    assert re.search("fohm:trasig: table .* has no code '09'", parsed.refused["fohm:trasig"])
    assert "fohm:halsa_bra" in set(parsed.values["series_id"])
